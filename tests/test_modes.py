"""Decaying modes (the ``modes`` setting, auto's step 1m): exact solutions of a parabolic
equation of constant coefficients.

``sin(k . (x - v t) + phi) exp(-(k . D k + c) t)`` solves ``u_t + v . grad u = div(D grad u) -
c u`` for every frequency ``k``: a sin basis whose features are such modes leaves the
equation's rows nothing to fit, and the initial and boundary data choose the combination.
Measured in docs/benchmarks.md, section 38.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls
from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.cli import main
from pinnls.errors import SettingsError
from pinnls.io.strategy_rows import describe
from pinnls.numeric.basis import basis_derivatives, jvp_only
from pinnls.numeric.initialization import aligned_rows
from pinnls.record import StageRecord, from_json, to_json
from pinnls.training import auto
from pinnls.training.initial import build_basis
from tests.auto_harness import Script, planner, problem_of

x, y, t = sp.symbols("x y t")
u, v = sp.Function("u"), sp.Function("v")


def parabolic(lhs_of, name="parabolic") -> Problem:
    """One equation ``lhs_of(U) = 0`` on (x, y, t) in [0, 1]^2 x [0, 1/2], u = 0 on every
    side and at t = 0."""
    box = Box(x=(0, 1), y=(0, 1), t=(0, sp.Rational(1, 2)))
    U = u(x, y, t)
    problem = Problem(U, box, name=name)
    problem.equation("pde", sp.Eq(lhs_of(U), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    for axis in (x, y):
        for end in (0, 1):
            problem.condition(f"side-{axis}{end}", sp.Eq(U.subs(axis, end), 0))
    return problem


def advection_diffusion(U):
    """``2 u_t + 2 u_x - y-flow ...``: every coefficient times 2, a mixed derivative, a
    reaction: v = (1, -1/2), D = [[0.01, 0.005], [0.005, 0.02]], c = 0.3."""
    return 2 * (
        U.diff(t)
        + U.diff(x)
        - U.diff(y) / 2
        - sp.Rational(1, 100) * U.diff(x, 2)
        - sp.Rational(1, 100) * U.diff(x, y)
        - sp.Rational(2, 100) * U.diff(y, 2)
        + sp.Rational(3, 10) * U
    )


# ------------------------------------------------------------------------- the reading


def test_a_parabolic_equation_of_constant_coefficients_is_read_as_modes():
    modes = compile_problem(parabolic(advection_diffusion)).modes()
    assert modes.time_axis == 2
    np.testing.assert_allclose(modes.velocity, [1.0, -0.5, 0.0], rtol=1e-15)
    np.testing.assert_allclose(
        modes.diffusion, [[0.01, 0.005, 0], [0.005, 0.02, 0], [0, 0, 0]], rtol=1e-15
    )
    assert modes.reaction == pytest.approx(0.3, rel=1e-15)
    # heat alone: no flow
    heat = compile_problem(parabolic(lambda U: U.diff(t) - U.diff(x, 2) - U.diff(y, 2))).modes()
    np.testing.assert_array_equal(heat.velocity, 0.0)
    # a rate of k . D k + c per frequency (time entries not read)
    rates = modes.rates(np.array([[2.0, 0.0, 9.0], [0.0, 1.0, 0.0]]))
    np.testing.assert_allclose(rates, [0.04 + 0.3, 0.02 + 0.3], rtol=1e-14)


def test_check_says_the_modes_solve_the_equation_only_without_a_source():
    from pinnls.cli.check import structure_lines

    def modes_line(lhs_of) -> str:
        (line,) = [
            line
            for line in structure_lines(compile_problem(parabolic(lhs_of)))
            if line.startswith("modes")
        ]
        return line

    heat = modes_line(lambda U: U.diff(t) - U.diff(x, 2) - U.diff(y, 2))
    assert heat.endswith("decaying travelling waves that solve it exactly")
    # a Gaussian source: no particular solution takes it, and auto walks half the features
    # as modes (MODES[1:]), which solve the homogeneous equation only
    bump = sp.exp(-((x - 0.5) ** 2 + (y - 0.5) ** 2) / sp.Rational(1, 100))
    forced = modes_line(lambda U: U.diff(t) - U.diff(x, 2) - U.diff(y, 2) - bump)
    assert forced.endswith("that solve it without its source, as half of the features")


def test_transport_by_a_constant_flow_is_read_as_modes_without_diffusion():
    # u_t + v . grad u + c u = 0: sin(k . (x - v t) + phi) exp(-c t) solves it
    modes = compile_problem(
        parabolic(lambda U: 2 * U.diff(t) + U.diff(x) - 3 * U.diff(y) + U)
    ).modes()
    assert (modes.time_axis, modes.order) == (2, 1)
    np.testing.assert_allclose(modes.velocity, [0.5, -1.5, 0.0], rtol=1e-15)
    np.testing.assert_array_equal(modes.diffusion, 0.0)
    assert modes.reaction == pytest.approx(0.5, rel=1e-15)
    rates = modes.rates(np.array([[2.0, 7.0, 9.0]]))
    np.testing.assert_allclose(rates, [0.5], rtol=1e-15)  # the reaction alone: no k . D k


@pytest.mark.parametrize(
    ("lhs_of", "why"),
    [
        (lambda U: U.diff(t) + (1 + x) * U.diff(x), "a variable flow"),
        (lambda U: U.diff(t) + U.diff(x, 2), "a backward diffusion"),
        (lambda U: U.diff(t) - (1 + x) * U.diff(x, 2), "a variable coefficient"),
        (lambda U: U.diff(t, 2) + U.diff(x, 2) + U.diff(y, 2), "elliptic in space and time"),
        (lambda U: U.diff(t, 2) - U.diff(x), "second order in t, no diffusion"),
        (lambda U: U.diff(t) - U.diff(x, t), "a mixed derivative along time"),
    ],
)
def test_no_modes_where_the_equation_is_not_so(lhs_of, why):
    assert compile_problem(parabolic(lhs_of)).modes() is None, why


def test_steady_modes_only_where_elliptic_and_none_for_a_system():
    box = Box(x=(0, 1), y=(0, 1))

    def steady(lhs):
        problem = Problem(u(x, y), box, name="steady")
        problem.equation("pde", sp.Eq(lhs(u(x, y)), 1))
        for axis in (x, y):
            for end in (0, 1):
                problem.condition(f"side-{axis}{end}", sp.Eq(u(x, y).subs(axis, end), 0))
        return compile_problem(problem).modes()

    poisson = steady(lambda U: -U.diff(x, 2) - U.diff(y, 2))
    assert poisson.order == 0 and poisson.time_axis is None and poisson.source
    np.testing.assert_allclose(poisson.diffusion, np.eye(2), rtol=1e-15)
    assert steady(lambda U: U.diff(x) - U.diff(y, 2)) is None  # parabolic along x: no time
    assert steady(lambda U: U.diff(x, 2) - U.diff(y, 2)) is None  # hyperbolic
    tbox = Box(x=(0, 1), t=(0, 1))
    system = Problem([u(x, t), v(x, t)], tbox, name="system")
    system.equation("a", sp.Eq(u(x, t).diff(t) - u(x, t).diff(x, 2), v(x, t)))
    system.equation("b", sp.Eq(v(x, t).diff(t) - v(x, t).diff(x, 2), 0))
    for f in (u, v):
        system.condition(f"{f}0", sp.Eq(f(x, 0), 0))
    assert compile_problem(system).modes() is None


# ---------------------------------------------------------------------------- the features


def transport_reaction(U):
    """``u_t + u_x - u_y / 2 + 0.3 u``: a constant flow and a reaction, no diffusion."""
    return U.diff(t) + U.diff(x) - U.diff(y) / 2 + sp.Rational(3, 10) * U


@pytest.mark.parametrize("equation", [advection_diffusion, transport_reaction])
@pytest.mark.parametrize("fraction", [1.0, 0.5])
def test_every_mode_solves_the_homogeneous_equation_to_rounding(fraction, equation):
    compiled = compile_problem(parabolic(equation))
    settings = Settings(width=48, activation="sin", init_scale=12.0, modes=fraction, seed=3)
    basis = build_basis(compiled, settings)
    points = torch.rand(200, 3, generator=torch.Generator().manual_seed(1), dtype=torch.float64)
    points = points * torch.tensor([1.0, 1.0, 0.5], dtype=torch.float64)
    (equation,) = [term for term in compiled.terms if term.kind == "equation"]
    alphas = [part.derivative for part in equation.parts]
    for forward in (False, True):
        with torch.no_grad():
            if forward:
                with jvp_only():
                    columns = basis_derivatives(basis, points, alphas)
            else:
                columns = basis_derivatives(basis, points, alphas)
        residual = sum(
            float(np.broadcast_to(part.coefficient(points.numpy()), (200,))[0])
            * columns[part.derivative]
            for part in equation.parts
        )[:, : basis.width]
        size = sum(columns[a].abs() for a in alphas)[:, : basis.width]
        relative = (residual.abs() / size.clamp_min(1e-300)).max(dim=0).values
        modes = aligned_rows(basis.width, fraction)
        # the modes: rounding; the other features (fraction 0.5): not solutions at all
        assert float(relative[modes].max()) < 1e-12
        if fraction < 1:
            assert float(relative[~modes].min()) > 1e-3


def test_growing_modes_solve_it_too_and_no_envelope_passes_one():
    # u_t = u_xx + (pi^2 + 3) u over t in [0, 8] (benchmarks/slabs/growing.py): a mode of
    # frequency k grows as e^((pi^2 + 3 - k^2) t), up to e^103 over the interval
    box = Box(x=(0, 1), t=(0, 8))
    problem = Problem(u(x, t), box, name="growing")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + (sp.pi**2 + 3) * U))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
    compiled = compile_problem(problem)
    basis = build_basis(compiled, Settings(width=64, activation="sin", init_scale=2.0, modes=1))
    times = torch.linspace(0, 8, 801, dtype=torch.float64)[:, None]
    h = torch.cat([torch.zeros_like(times), times / 8], dim=1)
    envelope = torch.exp(h @ basis.envelope_weight.T + basis.envelope_bias)
    assert float(envelope.max()) == pytest.approx(1.0, rel=1e-14)
    top = envelope.max(dim=0).values
    torch.testing.assert_close(top, torch.ones_like(top), rtol=1e-13, atol=0)
    assert float(envelope.min()) < 1e-20  # they do grow (and decay) by that much
    points = torch.rand(100, 2, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    points = points * torch.tensor([1.0, 8.0], dtype=torch.float64)
    columns = basis_derivatives(basis, points, [(0, 1), (2, 0), (0, 0)])
    c = float(np.pi**2 + 3)
    residual = columns[(0, 1)] - columns[(2, 0)] - c * columns[(0, 0)]
    size = columns[(0, 1)].abs() + columns[(2, 0)].abs() + c * columns[(0, 0)].abs()
    ratio = residual.abs()[:, :64] / size[:, :64].clamp_min(1e-300)
    assert float(ratio.max()) < 1e-12


def test_the_modes_keep_their_space_rows_and_only_half_take_envelopes():
    compiled = compile_problem(parabolic(advection_diffusion))
    plain = build_basis(compiled, Settings(width=16, activation="sin", init_scale=4.0))
    half = build_basis(compiled, Settings(width=16, activation="sin", init_scale=4.0, modes=0.5))
    rows = aligned_rows(16, 0.5)
    # the Box draw along space and the phases stay; the time entries move
    torch.testing.assert_close(half.layers[0].weight[:, :2], plain.layers[0].weight[:, :2])
    torch.testing.assert_close(half.layers[0].bias, plain.layers[0].bias)
    torch.testing.assert_close(half.layers[0].weight[~rows], plain.layers[0].weight[~rows])
    assert bool((half.envelope_weight[~rows] == 0).all())
    assert bool((half.envelope_weight[rows, 2] < 0).all())  # decaying (c > 0)
    assert plain.envelope_weight is None


# ---------------------------------------------------------------------------- the settings


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"modes": 1.5}, "setting 'modes' is 1.5; it must be a finite number from 0 to 1"),
        ({"modes": 1, "activation": "tanh"}, "setting 'modes' (1) draws sin features"),
        ({"modes": 1, "optimizer": "lsgd"}, "activation is 'relu'"),
        (
            {"modes": 1, "optimizer": "lsgd", "activation": "sin"},
            "gradient steps on the hidden layers would move off them; with --optimizer lsgd "
            "give --iterations 0",
        ),
        ({"modes": 1, "depth": 2}, "needs depth 1"),
        ({"modes": 1, "aligned": 1}, "cannot be combined with aligned"),
        ({"modes": 1, "layers": 0.25}, "cannot be combined with layers"),
        ({"modes": 1, "subdomains": "4"}, "cannot be combined with subdomains"),
    ],
)
def test_bad_settings_are_one_line_errors(values, message):
    with pytest.raises(SettingsError, match=_escaped(message)):
        Settings(**values)


def _escaped(text: str) -> str:
    import re

    return re.escape(text)


def test_least_squares_only_lsgd_takes_them():
    settings = Settings(modes=1, optimizer="lsgd", activation="sin", iterations=0, width=512)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve(spreading(), settings.replace(init_scale=64))
    assert solution.errors()["rel_l2"] < 1e-7  # 1.1e-8 measured, on lsgd's default clouds
    assert solution.basis.envelope_weight is not None


def test_a_problem_without_modes_is_refused_when_compiling_naming_it():
    transport = parabolic(lambda U: U.diff(t) + (1 + x) * U.diff(x), name="carried")
    with pytest.raises(
        SettingsError,
        match="problem 'carried' has no transport, parabolic, wave or elliptic equation",
    ):
        compile_problem(transport, Settings(modes=1))


def test_the_cli_refuses_modes_on_a_variable_flow_in_one_line(tmp_path, capsys):
    out = str(tmp_path / "o")
    code = main(["solve", "example:advection_variable", "--modes", "1", "--out", out])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "setting 'modes' is 1" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()


# ------------------------------------------------------------------------------- solving


def spreading() -> Problem:
    """u_t + u_x = 0.01 u_xx on [0, 2] x [0, 1]: a Gaussian pulse carried and spread (every
    face given by the exact solution)."""
    var = sp.Rational(1, 400) + sp.Rational(2, 100) * t
    exact = sp.sqrt(sp.Rational(1, 400) / var) * sp.exp(
        -((x - sp.Rational(1, 2) - t) ** 2) / (2 * var)
    )
    box = Box(x=(0, 2), t=(0, 1))
    problem = Problem(u(x, t), box, name="spreading")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) - sp.Rational(1, 100) * U.diff(x, 2), 0))
    problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    problem.condition("left", sp.Eq(u(0, t), exact.subs(x, 0)))
    problem.condition("right", sp.Eq(u(2, t), exact.subs(x, 2)))
    problem.exact(exact)
    return problem


def test_fixed_modes_solve_a_spreading_pulse_to_1e_9():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve(spreading(), width=512, activation="sin", init_scale=64, modes=1)
    assert solution.errors()["rel_l2"] < 1e-9


def test_auto_keeps_the_modes_and_says_so(tmp_path):
    problem = spreading()
    solution = solve(problem, budget=15)
    record = solution.strategy
    assert record.chosen.modes == 1.0 and record.chosen.activation == "sin"
    assert solution.errors()["rel_l2"] < 1e-9
    # walked steeper while it paid, from its start
    walked = [stage.scale for stage in record.stages if stage.modes]
    assert walked[0] == auto.MODE_START and walked == sorted(walked)
    # the report and the saved model carry them
    solution.save(tmp_path / "out", formats=["h5"])
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["strategy"]["chosen"]["modes"] == 1.0
    assert report["settings"]["modes"] == 1.0  # the settings that rerun the choice
    assert report["modes"] == {
        "fraction": 1.0,
        "time": "t",
        "velocity": {"x": 1.0},
        "diffusion": [[0.01]],
        "reaction": 0.0,
        "order": 1,
        "damping": 0.0,
    }
    parsed = from_json(report["strategy"])
    assert parsed.chosen.modes == 1.0 and to_json(parsed) == report["strategy"]
    rows = dict(describe(parsed))
    assert "modes 1" in rows["strategy"]
    modes = sum(1 for stage in parsed.stages if stage.modes)
    stages = f"{modes} stage" + ("s" if modes > 1 else "")
    assert rows["  modes"] == f"{stages} with modes; chose a share of 1"
    loaded = pinnls.load(tmp_path / "out" / "solution.h5")
    points = np.stack(np.meshgrid(np.linspace(0, 2, 41), np.linspace(0, 1, 11)), -1).reshape(-1, 2)
    np.testing.assert_allclose(loaded(points), solution(points), rtol=1e-13, atol=1e-13)


def test_the_report_says_nothing_of_modes_without_them(tmp_path):
    solution = solve(spreading(), width=64, activation="sin", init_scale=4)
    solution.save(tmp_path / "out", formats=["h5"])
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert "modes" not in report
    assert all("modes" not in stage for stage in report["strategy"]["stages"])


def test_the_record_keeps_modes_only_where_there_are_some():
    stage = StageRecord("probe", "sin", 512, 24.0, 100, 1e-9, 1.0, 513, modes=1.0)
    assert stage.to_json()["modes"] == 1.0
    assert StageRecord(**stage.to_json()) == stage
    assert "modes" not in StageRecord("probe", "tanh", 512, 2.0, 100, 1e-3, 1.0, 513).to_json()


# ------------------------------------------------------------------- auto's step, scripted


class _Modes:
    """What ``_Auto`` reads of a problem with modes: their presence and whether the
    equation has a source."""

    def __init__(self, source: bool = False, order: int = 1) -> None:
        self.source, self.order = source, order


MODES = _Modes()


def modes_probe(monkeypatch, estimate, settings=None, axis_scales=None, modes=MODES):
    """The plain probe at (512, 2.0) estimating 1e-3, then ``_probe_modes`` with the modes'
    estimates ``estimate(fraction, scale)``: (activation, scale) chosen, the fraction kept and
    the (scale, fraction) of every modes stage."""
    script = Script(
        lambda width, scale, factors: 1e-3,
        modes=lambda fraction, width, scale: estimate(fraction, scale),
    )
    compiled = problem_of(("x", "y", "t"), time_axis=2, modes=modes)
    planned = planner(monkeypatch, script, settings, compiled)
    planned.axis_scales = axis_scales
    planned._smooth("probe", "tanh", 512, 2.0)
    chosen = planned._probe_modes("tanh", 512, 2.0)
    taken = [(entry[2], entry[10]) for entry in script.log[1:]]
    return chosen, planned.modes, taken


def test_the_modes_walk_from_their_start_and_keep_the_best_scale_and_fraction(monkeypatch):
    table = {(1.0, 12.0): 1e-6, (1.0, 16.0): 1e-8, (1.0, 24.0): 1e-7, (0.5, 16.0): 1e-7}
    chosen, kept, taken = modes_probe(monkeypatch, lambda f, sc: table.get((f, sc), 1.0))
    assert taken == [(12.0, 1.0), (16.0, 1.0), (24.0, 1.0), (16.0, 0.5)]
    assert (chosen, kept) == (("sin", 16.0), 1.0)


def test_a_source_keeps_half_of_them(monkeypatch):
    chosen, kept, _ = modes_probe(monkeypatch, lambda f, sc: 1e-3 if f == 1 else 1e-5)
    assert (chosen, kept) == (("sin", auto.MODE_START), 0.5)


def test_with_a_source_only_half_modes_are_walked(monkeypatch):
    # all modes leave the source as their residual: no probe of them at all
    table = {12.0: 1e-5, 16.0: 1e-7, 24.0: 1e-6}
    chosen, kept, taken = modes_probe(
        monkeypatch, lambda f, sc: table.get(sc, 1.0), modes=_Modes(source=True)
    )
    assert taken == [(12.0, 0.5), (16.0, 0.5), (24.0, 0.5)]
    assert (chosen, kept) == (("sin", 16.0), 0.5)


def test_the_reading_says_whether_the_equation_has_a_source():
    assert not compile_problem(parabolic(advection_diffusion)).modes().source
    box = Box(x=(0, 1), t=(0, 1))
    heated = Problem(u(x, t), box, name="heated")
    heated.equation("pde", sp.Eq(u(x, t).diff(t) - u(x, t).diff(x, 2), sp.sin(sp.pi * x)))
    heated.condition("initial", sp.Eq(u(x, 0), 0))
    assert compile_problem(heated).modes().source


@pytest.mark.parametrize(("factor", "kept"), [(1.0, 1.0), (1.001, None)])
def test_modes_are_kept_only_past_the_gain(monkeypatch, factor, kept):
    at = 1e-3 / auto.MODES_GAIN * factor
    chosen, fraction, _ = modes_probe(monkeypatch, lambda f, sc: at if sc == 12.0 else 1.0)
    assert fraction == kept
    assert chosen == (("sin", 12.0) if kept else ("tanh", 2.0))


def test_the_walk_starts_gentler_by_the_steepest_per_axis_factor(monkeypatch):
    _, _, taken = modes_probe(monkeypatch, lambda f, sc: 1.0, axis_scales={"x": 16.0, "y": 0.25})
    assert taken[0] == (1.0, 1.0)  # 12 / 16 is nearest the ladder's 1


def channel_run(monkeypatch, modes_at):
    """A whole scripted run on [0, 2] x [0, 1] x t with modes and no source: the tanh stages
    estimate 0.2 isotropic and 0.25 at the box's factors at width 512 (step 1p keeps isotropic
    ones), falling as the width squared, the
    modes ``modes_at[(box, scale)]`` (box: whether at the box's factors; 1.0 where missing).
    Returns the outcome, the log ``(kind, scale, factors, activation, modes)``, the box's
    factors and ``(scale, factors)`` of the probes at width 1024."""
    compiled = problem_of(("x", "y", "t"), time_axis=2, modes=_Modes())
    compiled.upper = np.array([2.0, 1.0, 1.0])
    box = auto.box_factors(compiled)
    holder = {}

    def tanh(width, scale, factors):
        return (0.25 if factors else 0.2) * (512 / width) ** 2

    def modes(fraction, width, scale):
        at_box = holder["planned"].axis_scales == box
        return modes_at.get((at_box, scale), 1.0) if fraction == 1.0 else 1.0

    script = Script(tanh, modes=modes)
    settings = Settings(tol=1e-10, time_slabs=1)  # no slab trials: not what is tested
    planned = holder["planned"] = planner(monkeypatch, script, settings, compiled)
    outcome = planned.run()
    log = [(e[0], e[2], e[3], e[4], e[10]) for e in script.log if e[0] != "largest_fitting"]
    wide = [(e[2], e[3]) for e in script.log if e[0] == "probe" and e[1] == 1024]
    return outcome, log, box, wide


def test_the_modes_take_step_0s_factors_where_its_probe_beats_the_ones_chosen_since(monkeypatch):
    # a puff drifting down a channel (benchmarks/user33/advection_diffusion_reaction_2d.py):
    # step 1p kept isotropic tanh features, but the modes at the box's proportions are 2x
    # better at the start, and the walk climbs there to a probe 69x better than tanh's
    at = {(True, 12.0): 1.4e-2, (True, 16.0): 8e-3, (True, 24.0): 2.9e-3, (False, 12.0): 2.6e-2}
    outcome, log, box, wide = channel_run(monkeypatch, at)
    assert box == {"x": 1.41, "y": 0.707}
    assert log[0] == ("probe", auto.MODE_START, box, "sin", 1.0)  # step 0
    # step 1m: the same probe at the factors in force (isotropic), once; then the walk from
    # step 0's probe (not solved again) at its factors
    walk = [entry for entry in log[1:] if entry[3] == "sin" and entry[0] == "probe"]
    assert walk[0] == ("probe", auto.MODE_START, None, "sin", 1.0)
    assert [entry[1:3] for entry in walk[1:4]] == [(16.0, box), (24.0, box), (32.0, box)]
    assert log.count(("probe", auto.MODE_START, box, "sin", 1.0)) == 1
    chosen = outcome.strategy.chosen
    assert (chosen.modes, chosen.axis_scales, chosen.scale) == (1.0, box, 24.0)


def test_the_modes_keep_the_factors_in_force_where_step_0s_probe_loses(monkeypatch):
    at = {(True, 12.0): 3e-2, (False, 12.0): 1.4e-2, (False, 16.0): 8e-3, (True, 16.0): 1e-9}
    outcome, log, box, _ = channel_run(monkeypatch, at)
    walk = [entry[1:3] for entry in log[1:] if entry[3] == "sin" and entry[0] == "probe"]
    assert walk[:3] == [(12.0, None), (16.0, None), (24.0, None)]
    assert all(factors is None for _, factors in walk)
    chosen = outcome.strategy.chosen
    assert (chosen.modes, chosen.axis_scales, chosen.scale) == (1.0, None, 16.0)


def test_modes_that_lose_leave_the_factors_as_they_were(monkeypatch):
    # step 0's factors were taken for the walk, but no fraction beat tanh by MODES_GAIN
    at = {(True, 12.0): 0.15, (False, 12.0): 0.19}
    outcome, log, box, _ = channel_run(monkeypatch, at)
    chosen = outcome.strategy.chosen
    assert chosen.activation == "tanh" and not chosen.modes and chosen.axis_scales is None
    grown = [entry for entry in log if entry[0] == "grow"]
    assert grown and all(entry[2:] == (None, "tanh", 0.0) for entry in grown)


def test_the_contest_reads_a_walk_of_modes_at_step_0s_factors(monkeypatch):
    # 32 within CONTEST of 24 at width 512, both at step 0's factors: width 1024 probes both
    at = {(True, 12.0): 1.4e-2, (True, 16.0): 8e-3, (True, 24.0): 2.9e-3, (True, 32.0): 3e-3}
    _, _, box, wide = channel_run(monkeypatch, at)
    assert wide == [(24.0, box), (32.0, box)]


def steep_channel(monkeypatch, modes_at, settings=None):
    """On [0, 2] x [0, 1] x t: step 0's probe of modes at the box's factors, then a tanh probe
    (1e-3) at factors that step 1a made steeper along x (2.82), then step 1m. The modes
    estimate ``modes_at[(box, scale)]`` (box: whether at the box's factors; 1.0 where missing,
    and for half modes). Returns the planner, what step 1m chose, the steep factors and
    ``(scale, factors, modes)`` of every stage after the tanh probe."""
    compiled = problem_of(("x", "y", "t"), time_axis=2, modes=_Modes())
    compiled.upper = np.array([2.0, 1.0, 1.0])
    box, steep = auto.box_factors(compiled), {"x": 2.82, "y": 0.707}
    holder = {}

    def modes(fraction, width, scale):
        at_box = holder["planned"].axis_scales == box
        return modes_at.get((at_box, scale), 1.0) if fraction == 1.0 else 1.0

    script = Script(lambda width, scale, factors: 1e-3, modes=modes)
    planned = holder["planned"] = planner(monkeypatch, script, settings or Settings(), compiled)
    planned.axis_scales, planned.modes = box, 1.0
    planned._smooth("probe", "sin", 512, auto.MODE_START)  # step 0
    planned.axis_scales, planned.modes = steep, None
    planned._smooth("probe", "tanh", 512, 2.0)
    chosen = planned._probe_modes("tanh", 512, 2.0)
    return planned, chosen, steep, [(e[2], e[3], e[10]) for e in script.log[2:]]


def test_a_first_rung_at_steep_factors_that_wins_is_the_walks_own(monkeypatch):
    # the first rung is 12 / 2.82 -> 4, solved once, compared with step 0's probe and read
    # again by the walk, which goes on from it
    at = {(True, 12.0): 1e-2, (False, 4.0): 1e-6, (False, 6.0): 2e-6}
    planned, chosen, steep, probes = steep_channel(monkeypatch, at)
    assert probes[0] == (4.0, steep, 1.0)
    assert probes.count((4.0, steep, 1.0)) == 1
    assert all(factors == steep for _, factors, _ in probes)
    assert chosen == ("sin", 4.0) and planned.modes == 1.0 and planned.axis_scales == steep


def test_a_first_rung_that_meets_the_target_keeps_the_modes(monkeypatch):
    # the rung solved to compare with step 0's probe ends the run: the walk still reads it,
    # so the modes are kept and what the record says is the modes' choice, not tanh's
    at = {(True, 12.0): 1e-2, (False, 4.0): 1e-12}
    planned, chosen, steep, probes = steep_channel(monkeypatch, at, Settings(tol=1e-10))
    assert chosen == ("sin", 4.0)
    assert planned.modes == 1.0 and planned.axis_scales == steep
    assert probes == [(4.0, steep, 1.0)]  # the first rung alone: nothing after the target


def test_step_0s_factors_are_not_taken_against_a_rung_with_other_singular_functions(monkeypatch):
    # step 0 ran without a shape's singular functions; a first rung with them is another basis
    compiled = problem_of(("x", "y", "t"), time_axis=2, modes=_Modes())
    compiled.upper = np.array([2.0, 1.0, 1.0])
    box = auto.box_factors(compiled)
    holder = {}

    def modes(fraction, width, scale):
        return 1e-2 if holder["planned"].axis_scales == box else 2e-2

    script = Script(lambda width, scale, factors: 1.0, modes=modes)
    planned = holder["planned"] = planner(monkeypatch, script, Settings(), compiled)
    planned.axis_scales, planned.modes = box, 1.0
    zero = planned._smooth("probe", "sin", 512, auto.MODE_START)
    assert zero.singular == 0
    planned.axis_scales, planned.modes = None, None
    assert planned._modes_factors(512) == auto.MODE_START and planned.axis_scales == box
    planned.axis_scales = None
    planned.runs.stages.pop()  # the rung just solved: solve it again, with functions this time
    original = planned.runs.smooth

    def with_functions(*args, **kwargs):
        stage = original(*args, **kwargs)
        stage.singular = 24
        return stage

    monkeypatch.setattr(planned.runs, "smooth", with_functions)
    assert planned._modes_factors(512) == auto.MODE_START and planned.axis_scales is None


@pytest.mark.parametrize(
    "settings",
    [
        Settings(modes=0),
        Settings(activation="tanh"),
        Settings(aligned=0),
        Settings(layers=0),
        Settings(depth=2),
        Settings(init="he"),
    ],
)
def test_no_modes_probe_where_the_settings_decide(monkeypatch, settings):
    chosen, kept, taken = modes_probe(monkeypatch, lambda f, sc: 1e-12, settings=settings)
    assert (chosen, kept, taken) == (("tanh", 2.0), None, [])


def test_no_modes_probe_without_modes(monkeypatch):
    assert modes_probe(monkeypatch, lambda f, sc: 1e-12, modes=None) == (("tanh", 2.0), None, [])


def modes_first(monkeypatch, estimate, modes=None, settings=None):
    """A whole scripted run on a steady problem with modes (plain stages estimate 1e-3, modes
    ``estimate(fraction, scale)``): its outcome and ``(kind, width, scale, activation,
    modes)`` of every stage, in order."""
    script = Script(
        lambda width, scale, factors: 1e-3,
        modes=lambda fraction, width, scale: estimate(fraction, scale),
    )
    compiled = problem_of(("x", "y"), modes=_Modes(order=0) if modes is None else modes)
    outcome = planner(monkeypatch, script, settings or Settings(tol=1e-10), compiled).run()
    log = [(e[0], e[1], e[2], e[4], e[10]) for e in script.log if e[0] != "largest_fitting"]
    return outcome, log


def test_step_0_probes_the_modes_first_and_ends_the_run_at_the_target(monkeypatch):
    outcome, log = modes_first(monkeypatch, lambda f, sc: 1e-12)
    assert log == [("probe", 512, auto.MODE_START, "sin", 1.0)]
    assert outcome.stop_reason == "tol" and outcome.strategy.chosen.modes == 1.0


def test_a_modes_probe_that_misses_stays_and_is_not_solved_again(monkeypatch):
    # it misses the target, the tanh ladder runs as before, and step 1m keeps the modes
    # against the tanh probes' best (1e-3), not against the modes probe itself
    outcome, log = modes_first(monkeypatch, lambda f, sc: 1e-6 if f == 1 else 1e-3)
    assert log[0] == ("probe", 512, auto.MODE_START, "sin", 1.0)
    assert log[1][3] == "tanh"
    assert log.count(("probe", 512, auto.MODE_START, "sin", 1.0)) == 1
    grown = [entry for entry in log if entry[0] == "grow"]
    assert grown and all(entry[3:] == ("sin", 1.0) for entry in grown)
    assert outcome.strategy.chosen.modes == 1.0


@pytest.mark.parametrize(
    ("modes", "settings"),
    [
        (_Modes(order=0, source=True), None),  # a source: the modes leave it as residual
        (None, Settings(tol=1e-10, init_scale=2.0)),
        (None, Settings(tol=1e-10, activation="tanh")),
        (None, Settings(tol=1e-10, aligned=0)),
    ],
)
def test_no_step_0_with_a_source_or_where_the_settings_decide(monkeypatch, modes, settings):
    _, log = modes_first(monkeypatch, lambda f, sc: 1e-12, modes=modes, settings=settings)
    assert log[0][4] == 0.0


def test_the_next_slab_starts_from_the_modes_chosen():
    record = pinnls.record.AutoRecord(
        time_limit=None,
        budget=60.0,
        planned=1.0,
        stop_reason="budget",
        seconds=1.0,
        chosen=pinnls.record.Choice(0, "sin", 512, 24.0, {"pde": 10}, 1e-6, modes=1.0),
        stages=(),
    )
    start = auto._next_start(type("S", (), {"strategy": record})())
    assert (start.activation, start.scale, start.modes) == ("sin", 24.0, 1.0)


def test_pinnls_check_says_auto_may_probe_modes():
    from pinnls.cli.check import structure_lines

    lines = structure_lines(compile_problem(spreading()))
    assert any(line.startswith("modes ") and "decaying" in line for line in lines)
    transport = compile_problem(parabolic(lambda U: U.diff(t) + U.diff(x) + U / 2))
    (line,) = [line for line in structure_lines(transport) if line.startswith("modes")]
    assert "a transport equation" in line and "travel with the flow" in line
    variable = compile_problem(parabolic(lambda U: U.diff(t) + (1 + x) * U.diff(x)))
    assert not any(line.startswith("modes") for line in structure_lines(variable))
