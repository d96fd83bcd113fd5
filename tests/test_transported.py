"""A particular solution integrated along a constant flow (:class:`pinnls.particular.Transported`).

For ``A . grad u + k u = f`` of constant coefficients whose source is not a sum of exponentials
(a Gaussian emitter, a pulse), ``u_p = int_0^sigma f(X - A s) exp(-k s) ds`` from the plane
upstream of the box solves the equation; the network then fits the homogeneous rest, which
features constant along the flow solve exactly. Measured in docs/benchmarks.md, section 76.
"""

from __future__ import annotations

import dataclasses
import json
import math

import h5py
import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls import particular as particular_module
from pinnls.cli import main
from pinnls.cli.check import structure_lines
from pinnls.errors import ResultFileError
from pinnls.io.model import load_network
from pinnls.particular import (
    CARRIED_TOLERANCE,
    LENGTH_GROUPS,
    MARCHES_KEPT,
    SAMPLE_POINTS,
    TABLEAUS,
    Carried,
    Particular,
    Spreading,
    Transported,
    _march,
    components,
)
from pinnls.training.validation import validation_size

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def emitter(reaction=0.0, name="emitter") -> tuple[Problem, sp.Expr]:
    """``u_t + u_x + k u = f`` on [0, 1] x [0, 1]: a cloud carried by the flow plus an emitter
    whose strength rises and falls, ``f`` manufactured; data at t = 0 and on the inflow x = 0."""
    cloud = sp.exp(-reaction * t) * sp.exp(-((x - t - sp.Rational(3, 10)) ** 2) * 50)
    source = sp.sin(sp.pi * t) ** 2 * sp.exp(-((x - sp.Rational(6, 10)) ** 2) * 100)
    exact = cloud + source
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name=name)
    lhs = U.diff(t) + U.diff(x) + reaction * U
    problem.equation("pde", sp.Eq(lhs, exact.diff(t) + exact.diff(x) + reaction * exact))
    problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
    problem.exact(exact)
    return problem, exact


def _solve_file(tmp_path, exact: sp.Expr, lhs: str, name: str):
    """``pinnls solve`` of a problem file in x and t on the unit square: ``lhs(u) =
    lhs(exact)``, the exact values at t = 0 and x = 0; the results folder (solution.h5 and
    report.json, a budget of 5)."""
    source = (
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, t = sp.symbols('x t')\n"
        "u = sp.Function('u')\n"
        f"exact = sp.sympify('{exact}', locals={{'x': x, 't': t}})\n"
        "U = u(x, t)\n"
        f"problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name='{name}')\n"
        f"lhs = lambda v: {lhs}\n"
        "problem.equation('pde', sp.Eq(lhs(U), lhs(exact)))\n"
        "problem.condition('initial', sp.Eq(u(x, 0), exact.subs(t, 0)))\n"
        "problem.condition('inflow', sp.Eq(u(0, t), exact.subs(x, 0)))\n"
        "problem.exact(exact)\n"
    )
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    out = tmp_path / "out"
    code = main(["solve", str(path), "--threads", "1", "--format", "h5", "--quiet"]
                + ["--out", str(out), "--budget", "5"])  # fmt: skip
    assert code == 0
    return out


def test_u_p_is_the_integral_of_the_source_along_the_flow():
    # f = exp(-(x - 1/2)^2 / w^2) carried at a = 2 from t = 0, no reaction:
    # u_p = w sqrt(pi) / (2a) [erf((x - 1/2) / w) - erf((x - a t - 1/2) / w)]
    w, a = 0.1, 2.0
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="gauss-source")
    problem.equation("pde", sp.Eq(U.diff(t) + a * U.diff(x), sp.exp(-((x - 0.5) ** 2) / w**2)))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("inflow", sp.Eq(u(0, t), 0))
    particular = compile_problem(problem).particular_solution()
    assert isinstance(particular, Transported)
    np.testing.assert_array_equal(particular.normal, [0.0, 1.0])  # from the plane t = 0
    points = np.random.default_rng(4).uniform(0, 1, (300, 2))
    half = w * math.sqrt(math.pi) / (2 * a)
    expected = [half * (math.erf((p - 0.5) / w) - math.erf((p - a * s - 0.5) / w))
                for p, s in points]  # fmt: skip
    np.testing.assert_allclose(particular(points), expected, rtol=0, atol=1e-14)
    # its derivatives: u_p,x from the same closed form
    dx = [(math.exp(-(((p - 0.5) / w) ** 2)) - math.exp(-(((p - a * s - 0.5) / w) ** 2))) / a
          for p, s in points]  # fmt: skip
    np.testing.assert_allclose(particular.derivative(points, (1, 0)), dx, rtol=0, atol=1e-13)


def test_a_steady_flow_integrates_from_the_plane_across_it():
    # a . grad u + u = f on the unit square, a = (1, 0.5): no time axis, so the integral
    # starts on the plane across a through the upstream corner (0, 0)
    U = u(x, y)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="steady")
    f = sp.exp(-20 * ((x - 0.5) ** 2 + (y - 0.5) ** 2)) * sp.cos(3 * x)
    problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y) / 2 + U, f))
    problem.condition("inflow-x", sp.Eq(u(0, y), 0))
    problem.condition("inflow-y", sp.Eq(u(x, 0), 0))
    particular = compile_problem(problem).particular_solution()
    assert isinstance(particular, Transported)
    np.testing.assert_allclose(particular.normal, np.array([1.0, 0.5]) / math.hypot(1, 0.5))
    assert particular(np.array([[0.0, 0.0]]))[0] == 0.0
    points = np.random.default_rng(5).uniform(0, 1, (200, 2))
    applied = (
        particular.derivative(points, (1, 0))
        + particular.derivative(points, (0, 1)) / 2
        + particular(points)
    )
    target = sp.lambdify((x, y), f, "numpy")(*points.T)
    np.testing.assert_allclose(applied, target, rtol=0, atol=1e-12)


def test_sources_without_a_smooth_integral_and_other_equations_get_none():
    U = u(x, t)

    def first_order(source, diffusion=0):
        problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="none")
        lhs = U.diff(t) + U.diff(x) - diffusion * U.diff(x, 2)
        problem.equation("pde", sp.Eq(lhs, source))
        problem.condition("initial", sp.Eq(u(x, 0), 0))
        problem.condition("inflow", sp.Eq(u(0, t), 0))
        if diffusion:
            problem.condition("outflow", sp.Eq(u(1, t), 0))
        return compile_problem(problem).particular_solution()

    assert first_order(sp.Heaviside(x - 0.5)) is None  # no program
    assert first_order(sp.Abs(x - 0.5)) is None  # a kink that the flow crosses: no convergence
    assert first_order(sp.exp(-((x - 0.5) ** 2) * 100), diffusion=0.01) is None  # second order
    # an exponential source keeps its exact particular solution
    assert isinstance(first_order(sp.exp(x) * sp.sin(t)), Particular)


def test_auto_solves_an_emitter_to_high_accuracy_and_the_files_hold_u_p(tmp_path):
    _, exact = emitter(reaction=0.5)
    out = _solve_file(tmp_path, exact, "v.diff(t) + v.diff(x) + v / 2", "emitter")
    report = json.loads((out / "report.json").read_text())
    # the source's integral beside the initial cloud's Gaussian, carried by the flow
    assert report["particular"]["kind"] == "sum"
    kinds = [part["kind"] for part in report["particular"]["parts"]]
    assert kinds == ["transported", "spreading"]
    transported = report["particular"]["parts"][0]
    assert transported["velocity"] == [1.0, 1.0]
    assert report["rel_l2_error"] < 1e-9
    assert report["validation"]["total"] < 1e-8
    # the quadrature's own bound, which no residual sees, is the estimate's floor
    bound = transported["quadrature"]
    assert 0 < bound <= 1e-13
    assert report["validation"]["quadrature"] == bound <= report["validation"]["total"]
    # a loaded result adds the same u_p to its network
    network = load_network(out)
    points = np.random.default_rng(6).uniform(0, 1, (50, 2))
    values = sp.lambdify((x, t), exact, "numpy")(*points.T)
    np.testing.assert_allclose(network(points), values, atol=1e-8)
    # a record that is not one is refused by name, not evaluated (--no-verify: the file's
    # hash, changed here, would refuse it before its record is read)
    with h5py.File(out / "solution.h5", "r") as file:
        record = json.loads(file["particular"].attrs["record"])
    bad = [{"source": ["eval", ["x", 0]]}, {"source": ["x", 5]}, {"source": ["x", -1]},
           {"source": ["c"]}, {"source": ["^", ["c", 7.0], ["c", 3e7], ["c", 1.0]]},
           {"offset": float("nan")}, {"panels": 0}]  # fmt: skip
    for change in bad:
        parts = [{**record["parts"][0], **change}, record["parts"][1]]
        with h5py.File(out / "solution.h5", "r+") as file:
            file["particular"].attrs["record"] = json.dumps({**record, "parts": parts})
        with pytest.raises(ResultFileError, match="^/particular: "):
            load_network(out, verify=False)
        assert main(["eval", str(out), "--at", "0.5,0.5", "--no-verify"]) == 2
    with h5py.File(out / "solution.h5", "r+") as file:
        file["particular"].attrs["kind"] = "bogus"
    with pytest.raises(ResultFileError, match="unknown kind 'bogus'"):
        load_network(out, verify=False)


def test_without_it_the_same_basis_fits_far_worse():
    problem, _ = emitter()
    settings = Settings(optimizer="lsgd", iterations=0, width=256, activation="tanh", aligned=1.0)
    on = solve(problem, settings)
    off = solve(problem, settings.replace(particular=False))
    kinds = [type(part) for part in components(on.compiled.particular)]
    assert kinds == [Transported, Spreading] and off.compiled.particular is None
    # features along the flow solve the homogeneous rest, not the emitter
    assert on.errors()["rel_l2"] < 1e-9
    assert off.errors()["rel_l2"] > 1e3 * on.errors()["rel_l2"]


def test_time_slabs_carry_w_and_not_u_p():
    problem, _ = emitter(reaction=0.5)
    settings = Settings(
        optimizer="lsgd", iterations=0, width=256, activation="tanh", aligned=1.0, time_slabs=2
    )
    solution = solve(problem, settings)
    assert len(solution.slabs) == 2
    assert solution.errors()["rel_l2"] < 1e-8


def test_check_says_where_the_integral_starts():
    problem, _ = emitter()
    lines = structure_lines(compile_problem(problem))
    assert any(line.startswith("particular the source integrated along the flow back to t=0")
               for line in lines)  # fmt: skip
    # the modes then solve the rest exactly, not as half of the features
    assert any(line.startswith("modes") and line.endswith("solve it exactly") for line in lines)


def test_a_record_round_trips_and_a_bad_one_is_refused():
    problem, _ = emitter(reaction=0.5)
    particular, _ = components(compile_problem(problem).particular_solution())
    record = json.loads(json.dumps(particular.to_json()))
    again = Transported.from_json(record, 2)
    points = np.random.default_rng(7).uniform(0, 1, (20, 2))
    np.testing.assert_array_equal(again(points), particular(points))
    for change in ({"panels": 0}, {"nodes_per_panel": 0}, {"velocity": [1.0]},
                   {"normal": [0.0, -1.0]}):  # fmt: skip
        with pytest.raises(ValueError):
            Transported.from_json({**record, **change}, 2)
    with pytest.raises(ValueError, match="not a transported"):
        Transported.from_json({"source": ["x", 0]}, 2)


def test_a_steady_flow_with_an_exponential_source_keeps_the_exact_u_p():
    # steady first-order equations have no modes, but the polynomials solve them exactly
    U = u(x, y)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="steady-exponential")
    problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y) / 2, sp.exp(-x / 2) * sp.sin(x + y)))
    problem.condition("inflow-x", sp.Eq(u(0, y), 0))
    problem.condition("inflow-y", sp.Eq(u(x, 0), 0))
    compiled = compile_problem(problem)
    assert compiled.modes() is None
    assert isinstance(compiled.particular_solution(), Particular)


def test_the_equation_times_minus_one_integrates_forward_in_time_all_the_same():
    # R c_t on the right of the Eq (a user's aquifer): integrated from the last time, u_p grew
    # by the reaction and the run lost 100x; the same flow now gives the same u_p
    problem, exact = emitter(reaction=0.5)
    U = u(x, t)
    flipped = Problem(U, Box(x=(0, 1), t=(0, 1)), name="flipped")
    f = exact.diff(t) + exact.diff(x) + exact / 2
    flipped.equation("pde", sp.Eq(-U.diff(x) - f, U.diff(t) + U / 2 - 2 * f))
    flipped.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    flipped.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
    made = [components(compile_problem(p).particular_solution()) for p in (problem, flipped)]
    (one, carried), (other, also) = made
    assert isinstance(other, Transported)
    # the initial cloud's Gaussian carried by the same flow, whichever side u_t is on
    assert isinstance(also, Spreading)
    np.testing.assert_allclose(also.velocity, carried.velocity, rtol=1e-15)
    np.testing.assert_array_equal(other.normal, [0.0, 1.0])
    np.testing.assert_array_equal(other.velocity, one.velocity)
    points = np.random.default_rng(8).uniform(0, 1, (100, 2))
    np.testing.assert_allclose(other(points), one(points), rtol=0, atol=1e-13)
    shifted = compile_problem(flipped).with_particular()
    (equation,) = [term for term in shifted.terms if term.kind == "equation"]
    np.testing.assert_allclose(equation.source, 0, atol=1e-12)


def stretching(name="stretching") -> tuple[Problem, sp.Expr]:
    """``u_t + (1 + x/2) u_x = f`` on [0, 1] x [0, 1]: a cloud carried along the invariant
    ``(1 + x/2) exp(-t/2)`` plus a pulsed emitter, ``f`` manufactured; data at t = 0 and x = 0."""
    invariant = (1 + x / 2) * sp.exp(-t / 2)
    cloud = sp.exp(-(((invariant - sp.Rational(11, 10)) * 10) ** 2))
    emitted = sp.sin(sp.pi * t) ** 2 * sp.exp(-((x - sp.Rational(6, 10)) ** 2) * 100)
    exact = cloud + emitted
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name=name)

    def lhs(v):
        return v.diff(t) + (1 + x / 2) * v.diff(x)

    problem.equation("pde", sp.Eq(lhs(U), lhs(exact)))
    problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)))
    problem.exact(exact)
    return problem, exact


def test_a_variable_flow_marches_the_source_back_along_its_characteristics():
    # u_t + x u_x = f, f a Gaussian: the characteristic through (X, t) is x(s) = X e^(-s), so
    # u_p = int_0^t f(X e^(-s)) ds, here by Gauss-Legendre on 400 nodes
    particular = _spreading()
    assert particular.axis == 1 and particular.start == 0.0
    points = np.random.default_rng(9).uniform(0, 1, (200, 2))
    nodes, weights = np.polynomial.legendre.leggauss(400)

    def reference(p, s):
        r = s * (nodes + 1) / 2
        return s / 2 * weights @ np.exp(-((p * np.exp(-r) - 0.5) ** 2) * 50)

    expected = [reference(p, s) for p, s in points]
    np.testing.assert_allclose(particular(points), expected, rtol=0, atol=1e-10)
    # L u_p = f by the march's differences, to well within the solve's needs
    applied = particular.derivative(points, (0, 1)) + points[:, 0] * particular.derivative(
        points, (1, 0)
    )
    np.testing.assert_allclose(applied, np.exp(-((points[:, 0] - 0.5) ** 2) * 50), atol=1e-9)
    assert 0 < particular.quadrature < 1e-9


def test_auto_solves_a_variable_flow_with_a_source_and_the_files_hold_u_p(tmp_path):
    problem, exact = stretching()
    out = _solve_file(tmp_path, exact, "v.diff(t) + (1 + x / 2) * v.diff(x)", "stretching")
    report = json.loads((out / "report.json").read_text())
    # the source's march beside the cloud's Gaussian, carried by the strain 1 + x/2
    assert report["particular"]["kind"] == "sum"
    carried, spreading = report["particular"]["parts"]
    assert (carried["kind"], spreading["kind"]) == ("carried", "spreading")
    assert report["rel_l2_error"] < 1e-8
    assert report["validation"]["total"] >= carried["quadrature"] > 0
    network = load_network(out)
    points = np.random.default_rng(10).uniform(0, 1, (50, 2))
    values = sp.lambdify((x, t), exact, "numpy")(*points.T)
    np.testing.assert_allclose(network(points), values, atol=1e-7)
    record = json.loads(json.dumps(carried))
    again = Carried.from_json(record, 2)
    built, _ = components(compile_problem(problem).particular_solution())
    np.testing.assert_allclose(again(points), built(points), rtol=0, atol=1e-15)
    with pytest.raises(ValueError):
        Carried.from_json({**record, "steps": 0}, 2)
    with pytest.raises(ValueError):
        Carried.from_json({**record, "velocity": [["x", 0]]}, 2)


def _spreading() -> Carried:
    """``u_t + x u_x = f``, ``f`` a Gaussian, from ``u = 0`` at t = 0: its march."""
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="spreading")
    problem.equation("pde", sp.Eq(U.diff(t) + x * U.diff(x), sp.exp(-((x - 0.5) ** 2) * 50)))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    particular = compile_problem(problem).particular_solution()
    assert isinstance(particular, Carried)
    return particular


@pytest.mark.parametrize(("method", "order"), [("rk4", 4), ("rk8", 8)])
def test_each_march_converges_at_its_order(method, order):
    # a wrong coefficient of a tableau drops its order to 1 or 2: halving the step must divide
    # the error by about 2^order
    made = dataclasses.replace(_spreading(), method=method)
    points = np.random.default_rng(3).uniform(0, 1, (64, 2))
    exact = _march(made, points, 1024)
    coarse = np.abs(_march(made, points, 8) - exact).max()
    fine = np.abs(_march(made, points, 16) - exact).max()
    assert 2 ** (order - 0.5) < coarse / fine < 2 ** (order + 1.5)


def test_the_default_march_is_eighth_order_and_an_old_record_reads_as_rk4():
    made = _spreading()
    assert made.method == "rk8" and made.quadrature <= CARRIED_TOLERANCE
    record = json.loads(json.dumps(made.to_json()))
    assert Carried.from_json(record, 2).method == "rk8"
    del record["method"], record["groups"]  # saved before the eighth-order march
    old = Carried.from_json(record, 2)
    points = np.random.default_rng(4).uniform(0, 1, (32, 2))
    np.testing.assert_array_equal(old(points), _march(dataclasses.replace(made, method="rk4"),
                                                      points, made.steps))  # fmt: skip
    with pytest.raises(ValueError, match="method 'rk5'"):
        Carried.from_json({**record, "method": "rk5"}, 2)


def test_each_point_marches_in_steps_as_many_as_its_share_of_the_axis():
    # a point near the start plane took as many steps as one at the far end: half the work
    # of a uniform cloud was steps shorter than needed
    made = _spreading()
    points = np.array([[0.5, 0.0], [0.5, 0.01], [0.5, 0.5], [0.5, 1.0], [0.5, 1.0005]])
    share = np.ceil(np.array([0.0, 0.01, 0.5, 1.0, 1.0005]) * LENGTH_GROUPS * (1 - 1e-12))
    expected = np.ceil(made.steps * np.maximum(1, share) / LENGTH_GROUPS)
    np.testing.assert_array_equal(made.counts(points), expected)
    # no step is longer than the whole axis' in steps: the answer within the tolerance
    cloud = np.random.default_rng(6).uniform(0, 1, (300, 2))
    uniform = _march(made, cloud, made.steps)
    scale = np.abs(uniform).max()
    assert np.abs(made(cloud) - uniform).max() < 10 * CARRIED_TOLERANCE * scale
    # a point that is not finite is NaN alone (its count was -2^63, which stopped its chunk)
    bad = np.vstack([cloud[:3], [[0.5, np.nan]]])
    values = made(bad)
    assert np.isnan(values[3]) and np.array_equal(values[:3], made(cloud[:3]))
    # the floor is the march as it is evaluated: grouped counts, steps against half of them
    sample = np.random.default_rng(0).uniform(0, 1, (SAMPLE_POINTS, 2))

    def grouped(n):
        return _march(made, sample, n, dataclasses.replace(made, steps=n).counts(sample))

    finer, coarser = grouped(made.steps), grouped(made.steps // 2)
    difference = np.abs(finer - coarser).max() / np.abs(finer).max()
    assert made.quadrature == pytest.approx(difference / 255, rel=1e-12)
    # a record saved before marches every point in steps, as it was fitted
    record = {**json.loads(json.dumps(made.to_json())), "method": "rk8"}
    del record["groups"]
    old = Carried.from_json(record, 2)
    assert old.groups == 0 and set(old.counts(cloud)) == {made.steps}
    np.testing.assert_array_equal(old(cloud), uniform)


def test_a_march_read_again_stays_kept_past_many_others(monkeypatch):
    # every stage reads the evaluation grid's u_p again between its own new clouds: kept by
    # its last use, it is marched once (first in, first out, it was marched once a stage)
    made = _spreading()
    counted = []
    monkeypatch.setattr(particular_module, "_march", lambda m, p, *_: counted.append(len(p))
                        or np.zeros(len(p)))  # fmt: skip
    monkeypatch.setattr(particular_module, "_MARCHED", {})
    rng = np.random.default_rng(5)
    grid = rng.uniform(0, 1, (7, 2))
    for _ in range(3):
        made(grid)
        for _ in range(MARCHES_KEPT - 1):
            made(rng.uniform(0, 1, (5, 2)))
    assert counted.count(7) == 1 and len(particular_module._MARCHED) == MARCHES_KEPT


def test_a_variable_flow_with_a_derivative_condition_gets_none():
    # the march's differences are not fitted as data: only conditions on values take it
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="neumann")
    problem.equation("pde", sp.Eq(U.diff(t) + x * U.diff(x), sp.exp(-((x - 0.5) ** 2) * 50)))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("slope", sp.Eq(U.diff(x).subs(x, 1), 0))
    assert compile_problem(problem).particular_solution() is None


def test_a_steady_variable_flow_is_marched_the_way_its_reaction_decays():
    # -u_x + (1 + y/2) u_y + 5 u = f flows towards -x: marched to x = 0, u_p grew by e^5 to
    # 20x the solution (a reviewer's case); to x = 1 it is the mirror of the +x flow's
    sizes = []
    for sign in (1, -1):
        U = u(x, y)
        problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name="steady-variable")
        f = sp.exp(-20 * ((x - 0.5) ** 2 + (y - 0.5) ** 2))
        problem.equation("pde", sp.Eq(sign * U.diff(x) + (1 + y / 2) * U.diff(y) + 5 * U, f))
        problem.condition("inflow-x", sp.Eq(u(0 if sign > 0 else 1, y), 0))
        problem.condition("inflow-y", sp.Eq(u(x, 0), 0))
        particular = compile_problem(problem).particular_solution()
        assert isinstance(particular, Carried)
        assert particular.start == (0.0 if sign > 0 else 1.0)
        points = np.random.default_rng(11).uniform(0, 1, (300, 2))
        sizes.append(np.abs(particular(points)).max())
    assert sizes[1] == pytest.approx(sizes[0], rel=0.05)


def test_time_slabs_keep_the_quadrature_s_floor():
    problem, _ = emitter(reaction=0.5)
    settings = Settings(
        optimizer="lsgd", iterations=0, width=256, activation="tanh", aligned=1.0, time_slabs=2
    )
    solution = solve(problem, settings)
    bound = solution.compiled.particular.quadrature
    assert solution.validation["quadrature"] == bound > 0
    assert min(solution.validation["through_slabs"]) >= bound


def test_check_says_why_no_u_p_is_taken_for_a_transport_source():
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="step-source")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), sp.Heaviside(x - 0.5)))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("inflow", sp.Eq(u(0, t), 0))
    lines = structure_lines(compile_problem(problem))
    (line,) = [s for s in lines if s.startswith("particular none: the source of this transport")]
    assert "its source has no expression program (a Piecewise, a Heaviside" in line
    # the first requirement that fails is named, not every one that may
    steered = Problem(U, Box(x=(0, 1), t=(0, 1)), name="steered")
    steered.equation("pde", sp.Eq(U.diff(t) + x * U.diff(x), sp.exp(-((x - 0.5) ** 2) * 50)))
    steered.condition("initial", sp.Eq(u(x, 0), 0))
    steered.condition("slope", sp.Eq(U.diff(x).subs(x, 1), 0))
    (line,) = [s for s in structure_lines(compile_problem(steered)) if "particular" in s]
    assert "the condition 'slope' is on derivatives" in line
    swirl = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="swirl")
    V = u(x, y)
    swirl.equation("pde", sp.Eq((1 + y) * V.diff(x) + (1 + x) * V.diff(y), sp.exp(-x - y)))
    swirl.condition("inflow-x", sp.Eq(u(0, y), 0))
    swirl.condition("inflow-y", sp.Eq(u(x, 0), 0))
    compiled = compile_problem(swirl)
    assert compiled.particular_solution() is None
    assert "none of constant coefficient" in compiled.particular_refusal()
    # nothing said where there is no source
    plain = Problem(U, Box(x=(0, 1), t=(0, 1)), name="plain")
    plain.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    plain.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    plain.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    assert not any(line.startswith("particular") for line in structure_lines(
        compile_problem(plain)))  # fmt: skip


def test_the_plan_charges_the_march_of_the_conditions_clouds():
    # a stage's new clouds are marched before it solves: the meandering wind ran 1.8x its plan
    # with none of it charged (docs/benchmarks.md, section 77)
    from pinnls.training import cost

    problem, _ = stretching()
    compiled = compile_problem(problem).with_particular()
    made, _ = components(compiled.particular)
    assert isinstance(made, Carried) and made.nodes > 0
    on_start = np.array([[0.3, 0.0], [0.7, 0.0]])
    assert cost.march_evaluations(made, on_start) == 0.0
    cloud = np.random.default_rng(7).uniform(0, 1, (50, 2))
    stages = len(TABLEAUS[made.method][2])
    assert cost.march_evaluations(made, cloud) == made.counts(cloud).sum() * stages
    a, b = cost.MARCH_CONSTANTS
    inflow = next(term for term in compiled.terms if term.name == "inflow")
    share = 1 + validation_size(inflow) / inflow.size
    expected = cost.march_evaluations(made, inflow.points) * share * (a * made.nodes + b)
    # the initial face lies on the start plane, and the equation loses f exactly: the inflow's
    assert cost.march_stage(compiled) == pytest.approx(expected, rel=1e-12) and expected > 0
    assert cost.march_stage(compile_problem(problem)) == 0.0  # no u_p subtracted
