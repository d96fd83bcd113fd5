"""Features on the feet of a variable flow's characteristics (numeric/characteristic.py, the
expression programs of program.py, CompiledProblem.foot_flow, auto's feet_apply).

docs/benchmarks.md section 25 has the measurements these tests guard.
"""

import math

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls
from pinnls import Box, Problem
from pinnls.errors import PinnlsWarning
from pinnls.io.report import build_report
from pinnls.numeric.basis import directional_derivative
from pinnls.numeric.characteristic import (
    MAX_STEPS,
    MIN_STEPS,
    FootMap,
    run,
    run_with_second,
    run_with_tangent,
    steps_for,
)
from pinnls.program import to_expression, to_program
from pinnls.settings import Settings
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.linearity import numeric_function
from pinnls.training import auto
from pinnls.training.budget import Budget
from pinnls.training.initial import build_basis, foot_map
from pinnls.training.stages import ALIGNED_FACE_ROWS, Stages

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def rotation(speed=1, reaction=0, diffusion=0):
    """Solid-body rotation about (0.5, 0.5): the feet are the points turned back by t (with
    ``diffusion``, a drift)."""
    problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="rotation")
    U = u(x, y, t)
    pde = U.diff(t) - speed * (y - 0.5) * U.diff(x) + speed * (x - 0.5) * U.diff(y)
    laplacian = U.diff(x, 2) + U.diff(y, 2)
    problem.equation("pde", sp.Eq(pde + reaction * U - diffusion * laplacian, 0))
    problem.condition(
        "initial", sp.Eq(u(x, y, 0), sp.exp(-((x - 0.7) ** 2 + (y - 0.5) ** 2) / 0.01))
    )
    return problem


def shear():
    """u_t + y u_x = 0 with inflow at x = 0: u = g(x - y t, y)."""
    problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="shear")
    U = u(x, y, t)

    def g(px, py):
        return sp.exp(-((px - 0.3) ** 2 + (py - 0.5) ** 2) / 0.15**2) + sp.cos(px + py) / 2

    exact = g(x - y * t, y)
    problem.equation("pde", sp.Eq(U.diff(t) + y * U.diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
    problem.inflow("inflow", sp.Eq(U, exact))
    problem.exact(exact)
    return problem


EXPRESSIONS = [
    2 * sp.sin(x) + y**3 + sp.exp(x * y),
    2**y + (x + 2) ** y,
    sp.tanh(sp.log(3 + x)) / (1 + y**2),
    sp.atan(sp.Abs(y - 0.5)) * sp.cosh(x) - sp.sinh(y) * sp.tan(x / 2),
    sp.sqrt(1 + x) + sp.pi * sp.cos(y) + sp.Rational(1, 3),
    sp.Integer(5),
]


@pytest.mark.parametrize("expression", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_a_program_computes_what_sympy_lambdify_does(expression):
    program = to_program(expression, (x, y))
    points = np.random.default_rng(0).uniform(0, 1, (50, 2))
    expected = np.broadcast_to(numeric_function(expression, (x, y))(points), (50,))
    got = run(program, torch.from_numpy(points)).numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)


def test_expressions_outside_the_grammar_have_no_program():
    other = sp.Symbol("alpha")
    assert to_program(sp.Piecewise((x, x > 0), (0, True)), (x, y)) is None
    assert to_program(x * other, (x, y)) is None  # not an axis
    assert to_program(sp.besselj(0, x), (x, y)) is None
    assert to_program(sp.I * x, (x, y)) is None  # not real
    assert to_program(sp.zoo * x, (x, y)) is None  # not finite


@pytest.mark.parametrize("expression", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_a_program_reads_back_as_the_expression_it_came_from(expression):
    back = to_expression(to_program(expression, (x, y)), (x, y))
    points = np.random.default_rng(3).uniform(0, 1, (50, 2))
    expected = np.broadcast_to(numeric_function(expression, (x, y))(points), (50,))
    got = np.broadcast_to(numeric_function(back, (x, y))(points), (50,))
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=1e-13)


def test_whole_numbers_read_back_as_integers_and_a_stranger_is_refused():
    assert str(to_expression(to_program(-y / (1 + x), (x, y)), (x, y))) == "-y/(x + 1)"
    assert str(to_expression(["*", ["c", 0.5], ["x", 0]], (x, y))) == "0.5*x"
    with pytest.raises(ValueError, match="not a program node"):
        to_expression(["besselj", ["x", 0]], (x, y))


@pytest.mark.parametrize("expression", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
def test_the_tangent_written_out_is_torch_s_forward_mode(expression):
    program = to_program(expression, (x, y))
    generator = torch.Generator().manual_seed(1)
    points = torch.rand(20, 2, generator=generator, dtype=torch.float64)
    tangent = torch.randn(20, 2, generator=generator, dtype=torch.float64)
    value, slope = run_with_tangent(program, points, tangent)
    expected = torch.func.jvp(lambda p: run(program, p), (points,), (tangent,))
    torch.testing.assert_close(value, expected[0], rtol=1e-13, atol=1e-14)
    torch.testing.assert_close(slope, expected[1], rtol=1e-12, atol=1e-13)


def _moved(program, points, u, v, uv):
    """``f(p + s u + r v + s r uv)`` differentiated by torch's forward mode at s = r = 0:
    value, d/ds, d/dr, d2/ds dr."""

    def along(s, r):
        return run(program, points + s * u + r * v + s * r * uv)

    zero = torch.zeros((), dtype=torch.float64)
    one = torch.ones((), dtype=torch.float64)

    def first(s):
        return torch.func.jvp(lambda r: along(s, r), (zero,), (one,))

    (value, dr), (ds, drs) = torch.func.jvp(first, (zero,), (one,))
    return value, ds, dr, drs


@pytest.mark.parametrize("expression", EXPRESSIONS, ids=range(len(EXPRESSIONS)))
@pytest.mark.parametrize("curved", [False, True])
def test_the_second_derivative_written_out_is_torch_s_forward_mode(expression, curved):
    program = to_program(expression, (x, y))
    generator = torch.Generator().manual_seed(2)
    points = torch.rand(20, 2, generator=generator, dtype=torch.float64)
    u_, v_ = (torch.randn(20, 2, generator=generator, dtype=torch.float64) for _ in range(2))
    uv = torch.randn(20, 2, generator=generator, dtype=torch.float64) * curved
    got = run_with_second(program, points, u_, v_, uv)
    for part, expected in zip(got, _moved(program, points, u_, v_, uv), strict=True):
        torch.testing.assert_close(part, expected, rtol=1e-12, atol=1e-12)


def _winding() -> FootMap:
    """A map whose velocity and reaction use every kind of operation, nonlinearly."""
    velocity = [
        to_program(1 + sp.sin(2 * y) / 2 + x**2 / 4, (x, y, t)),
        to_program(sp.tanh(x - y) / 3 + sp.atan(t) / 5, (x, y, t)),
        to_program(sp.Integer(1), (x, y, t)),
    ]
    reaction = to_program(sp.exp(-x) + sp.log(3 + x) + (2 + y) ** x, (x, y, t))
    # few steps: the derivatives are checked against forward mode through the same march
    return FootMap(velocity, 2, 0.0, 6, [0, 0, 0], [1, 1, 1], reaction=reaction)


@pytest.mark.parametrize("reaction", [False, True])
def test_the_feet_s_second_derivatives_written_out_are_torch_s_forward_mode(reaction):
    feet_map = _winding()
    if not reaction:
        feet_map.reaction = None
    generator = torch.Generator().manual_seed(4)
    points = torch.rand(30, 3, generator=generator, dtype=torch.float64)
    u_, v_ = (torch.randn(30, 3, generator=generator, dtype=torch.float64) for _ in range(2))
    feet, envelope = feet_map.frame_with_second(points, u_, v_)

    def frame(p):
        h, e = feet_map.frame(p)
        return (h,) if e is None else (h, e)

    def along_u(p):
        return torch.func.jvp(frame, (p,), (u_,))

    (values, slopes_u), (slopes_v, second) = torch.func.jvp(along_u, (points,), (v_,))
    expected = [(values[0], slopes_u[0], slopes_v[0], second[0])]
    if reaction:
        expected.append((values[1], slopes_u[1], slopes_v[1], second[1]))
    else:
        assert envelope is None
    for got, want in zip([feet] + ([envelope] if reaction else []), expected, strict=True):
        for a, b in zip(got, want, strict=True):
            torch.testing.assert_close(a, b, rtol=1e-11, atol=1e-12)


@pytest.mark.parametrize("activation", ["tanh", "sin", "relu"])
@pytest.mark.parametrize("reaction", [False, True])
def test_feet_operator_columns_are_the_forward_mode_blocks(activation, reaction):
    from pinnls.numeric.basis import (
        Basis,
        basis_derivatives,
        feet_operator_columns,
        has_feet_closed_form,
        jvp_only,
    )

    feet_map = _winding()
    if not reaction:
        feet_map.reaction = None
    basis = Basis([0, 0, 0], [1, 1, 1], width=24, activation=activation, foot=feet_map)
    generator = torch.Generator().manual_seed(5)
    for layer in basis.layers:
        torch.nn.init.normal_(layer.weight, generator=generator)
        torch.nn.init.normal_(layer.bias, generator=generator)
    points = torch.rand(40, 3, generator=generator, dtype=torch.float64)
    coefficient = torch.rand(40, generator=generator, dtype=torch.float64)
    alphas = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (2, 0, 0), (0, 2, 0), (0, 0, 2),
              (1, 1, 0), (0, 1, 1), (1, 0, 1)]  # fmt: skip
    with jvp_only():
        reference = basis_derivatives(basis, points, alphas)
    assert has_feet_closed_form(basis, 2) and not has_feet_closed_form(basis, 3)
    with torch.no_grad():
        for alpha in alphas:
            for c in (1.5, coefficient):
                got = feet_operator_columns(basis, points, [(alpha, c)])
                want = reference[alpha] * (c[:, None] if isinstance(c, torch.Tensor) else c)
                torch.testing.assert_close(got, want, rtol=1e-11, atol=1e-11)
        # several parts at once are their sum (a Laplacian beside a drift and a reaction)
        parts = [((0, 0, 1), 1.0), ((1, 0, 0), coefficient), ((2, 0, 0), -0.01),
                 ((0, 2, 0), -0.01), ((0, 0, 0), 0.5)]  # fmt: skip
        want = sum(reference[a] * (c[:, None] if isinstance(c, torch.Tensor) else c)
                   for a, c in parts)  # fmt: skip
        torch.testing.assert_close(
            feet_operator_columns(basis, points, parts), want, rtol=1e-11, atol=1e-11
        )


def test_foot_flow_is_the_velocity_over_the_time_coefficient():
    compiled = compile_problem(rotation(speed=2))
    axis, velocity, _ = compiled.foot_flow()
    assert axis == 2
    points = torch.rand(10, 3, dtype=torch.float64)
    field = torch.stack([run(p, points) for p in velocity], dim=1)
    px, py = points[:, 0], points[:, 1]
    torch.testing.assert_close(field[:, 0], -2 * (py - 0.5))
    torch.testing.assert_close(field[:, 1], 2 * (px - 0.5))
    torch.testing.assert_close(field[:, 2], torch.ones(10, dtype=torch.float64))
    # 4 u_t + 4 y u_x: the same flow as u_t + y u_x
    scaled = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="scaled")
    scaled.equation("pde", sp.Eq(4 * u(x, y, t).diff(t) + 4 * y * u(x, y, t).diff(x), 0))
    scaled.condition("initial", sp.Eq(u(x, y, 0), x))
    field = torch.stack([run(p, points) for p in compile_problem(scaled).foot_flow()[1]], dim=1)
    torch.testing.assert_close(field[:, 0], points[:, 1])
    torch.testing.assert_close(field[:, 1], torch.zeros(10, dtype=torch.float64))


def test_no_foot_flow_for_heat_or_where_every_axis_has_a_varying_coefficient():
    heat = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="heat")
    heat.equation("pde", sp.Eq(u(x, t).diff(t) - x * u(x, t).diff(x, 2), 0))
    heat.condition("initial", sp.Eq(u(x, 0), x))
    assert compile_problem(heat).foot_flow() is None
    steady = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady")
    steady.equation("pde", sp.Eq(u(x, y).diff(x) + x * u(x, y).diff(y), 0))
    steady.condition("inflow", sp.Eq(u(0, y), y))
    # no time axis: x, whose coefficient is constant, parametrizes the characteristics
    axis, velocity, _ = compile_problem(steady).foot_flow()
    points = torch.rand(10, 2, dtype=torch.float64)
    assert axis == 0
    torch.testing.assert_close(run(velocity[1], points), points[:, 0])
    varying = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="varying")
    varying.equation("pde", sp.Eq((1 + x) * u(x, t).diff(t) + (1 + t) * u(x, t).diff(x), 0))
    varying.condition("initial", sp.Eq(u(x, 0), x))
    assert compile_problem(varying).foot_flow() is None
    # time's coefficient varies, x's does not: x parametrizes them
    across = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="across")
    across.equation("pde", sp.Eq((1 + x) * u(x, t).diff(t) + 2 * u(x, t).diff(x), 0))
    across.condition("initial", sp.Eq(u(x, 0), x))
    assert compile_problem(across).foot_flow()[0] == 0


def test_the_feet_of_a_rotation_are_the_points_turned_back():
    compiled = compile_problem(rotation())
    axis, velocity, _ = compiled.foot_flow()
    feet_map = FootMap.build(velocity, axis, compiled.lower, compiled.upper)
    # L T = 1: the rule's fewest, 32, left 5.2e-9 of the box by step doubling; measured, the
    # count that brings it to FEET_TOLERANCE
    assert 32 < feet_map.steps < 256
    points = torch.rand(200, 3, dtype=torch.float64)
    px, py, pt = points.unbind(1)
    feet = feet_map.feet(points)
    turned_x = 0.5 + (px - 0.5) * torch.cos(pt) + (py - 0.5) * torch.sin(pt)
    turned_y = 0.5 - (px - 0.5) * torch.sin(pt) + (py - 0.5) * torch.cos(pt)
    torch.testing.assert_close(feet[:, 0], turned_x, rtol=0, atol=1e-10)
    torch.testing.assert_close(feet[:, 1], turned_y, rtol=0, atol=1e-10)
    torch.testing.assert_close(feet[:, 2], pt)
    tangent = torch.randn(200, 3, dtype=torch.float64)
    value, slope = feet_map.frame_with_tangent(points, tangent)[:2]
    expected = torch.func.jvp(feet_map, (points,), (tangent,))
    torch.testing.assert_close(value, expected[0], rtol=1e-13, atol=1e-13)
    torch.testing.assert_close(slope, expected[1], rtol=1e-12, atol=1e-12)


def test_the_steps_are_measured_by_step_doubling_to_the_tolerance():
    # the rule (32 per unit of L T) left the feet of a rotation 5.2e-9 of the box from their
    # doubled march, and a conservative strain's solution stalled at 1.1e-8 (section 75)
    from pinnls.numeric import characteristic

    compiled = compile_problem(rotation())
    axis, velocity, _ = compiled.foot_flow()
    chosen = FootMap.build(velocity, axis, compiled.lower, compiled.upper).steps
    points = torch.rand(500, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    feet = [
        FootMap(velocity, axis, 0.0, n, compiled.lower, compiled.upper)._march(points)[0]
        for n in (chosen, 2 * chosen, 32, 64)
    ]
    assert float((feet[0] - feet[1]).abs().max()) <= characteristic.FEET_TOLERANCE
    assert float((feet[2] - feet[3]).abs().max()) > 10 * characteristic.FEET_TOLERANCE
    # a flow that RK4 integrates exactly (a shear: x' = y) keeps the fewest steps
    sheared = compile_problem(shear())
    axis, velocity, _ = sheared.foot_flow()
    assert FootMap.build(velocity, axis, sheared.lower, sheared.upper).steps == MIN_STEPS
    # a tolerance the rule's count meets keeps the rule's count (never fewer), and the
    # automatic strategy's infinite one (no stage has an estimate yet) the rule's alone
    axis, velocity, _ = compiled.foot_flow()
    for loose in (1e-2, math.inf):
        with characteristic.feet_tolerance(loose):
            assert FootMap.build(velocity, axis, compiled.lower, compiled.upper).steps == 32
    with characteristic.feet_tolerance(1e-12):
        finer = FootMap.build(velocity, axis, compiled.lower, compiled.upper).steps
    assert chosen < finer <= MAX_STEPS
    assert characteristic.tolerance_in_force() == characteristic.FEET_TOLERANCE  # restored


def test_the_steps_grow_with_the_flow_s_gradient_and_its_time_span():
    points = torch.rand(64, 2, dtype=torch.float64)
    assert steps_for([["*", ["c", 3.0], ["x", 0]], ["c", 1.0]], points, 2.0) == 192
    assert steps_for([["*", ["c", 1e6], ["x", 0]], ["c", 1.0]], points, 1.0) == 1024
    assert steps_for([["log", ["+", ["x", 0], ["c", -2.0]]], ["c", 1.0]], points, 1.0) is None


def test_a_flow_undefined_where_the_characteristics_go_has_no_map():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="log")
    # finite on the box, but going back in time the characteristics from x > 0.5 pass
    # x = 1.5 (within 0.4 time units from x = 1), where the logarithm is not defined
    speed = sp.log(sp.Rational(3, 2) - x)
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + speed * u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), x))
    compiled = compile_problem(problem)
    assert compiled.foot_flow() is not None and foot_map(compiled) is None
    assert not auto.feet_apply(compiled)


def test_feet_apply_to_variable_flows_only():
    assert auto.feet_apply(compile_problem(rotation()))
    assert auto.feet_apply(compile_problem(shear()))
    constant = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="constant")
    constant.equation("pde", sp.Eq(u(x, t).diff(t) + 2 * u(x, t).diff(x), 0))
    constant.condition("initial", sp.Eq(u(x, 0), x))
    assert not auto.feet_apply(compile_problem(constant))


def test_aligned_features_on_the_feet_solve_the_equation_and_the_others_do_not():
    compiled = compile_problem(rotation(reaction=0))
    settings = Settings(width=64, activation="tanh", init_scale=4, aligned=0.5)
    basis = build_basis(compiled, settings)
    # a fixed strategy's feet are marched to FEET_TOLERANCE: more than the rule's 32 steps
    assert basis.foot is not None and basis.foot.steps > 32
    weight = basis.layers[0].weight.detach()
    # half the rows have no weight on time; none is steeper than 4 on unit coordinates
    # (Box's peak over the feet's box, with the reach at least 1), most are as steep
    assert int((weight[:, 2] == 0).sum()) == 32
    norms = weight.norm(dim=1)
    assert float(norms.max()) <= 4.0 + 1e-12 and int((norms > 4.0 - 1e-12).sum()) > 32

    points = torch.rand(300, 3, dtype=torch.float64)
    px, py = points[:, 0], points[:, 1]
    flow = torch.stack([-(py - 0.5), px - 0.5, torch.ones(300, dtype=torch.float64)], dim=1)
    with torch.no_grad():
        residual = directional_derivative(basis, points, flow)[1][:, :64]
    aligned = weight[:, 2] == 0
    # RK4's error, times the features' slope (up to 4): measured 9.3e-8 in the rule's 32 steps
    assert float(residual[:, aligned].abs().max()) < 1e-8
    assert float(residual[:, ~aligned].abs().max()) > 0.1


def test_placed_points_carry_the_cut_planes_and_no_neuron_is_steeper_than_the_peak():
    from pinnls.numeric.initialization import box_layer

    generator = torch.Generator().manual_seed(3)
    centre = torch.tensor([0.25, -1.5, 0.5], dtype=torch.float64)
    weight, bias = box_layer(3, 200, 0.0, 1.0, 4.0, generator, place=lambda p: p * 0.1 + centre)
    # every plane passes within 0.1 * sqrt(3) of the centre: |W . c + b| <= |W| 0.18
    assert bool(((weight @ centre + bias).abs() <= 0.18 * weight.norm(dim=1)).all())
    assert float(weight.norm(dim=1).max()) <= 4.0 + 1e-12
    # the same draws without place: Box's own rule, steeper than the peak near the faces
    plain, _ = box_layer(3, 200, 0.0, 1.0, 4.0, torch.Generator().manual_seed(3))
    assert float(plain.norm(dim=1).max()) > 8.0


def test_aligned_stages_give_the_conditions_more_points():
    compiled = compile_problem(shear())
    stages = Stages(compiled, Settings(), None, Budget(None, None))
    plain = stages.sized(256)
    aligned = stages.sized(256, aligned=1.0)
    for before, after in zip(plain.terms, aligned.terms, strict=True):
        if before.kind == "equation":
            assert after.size == before.size
        else:
            assert after.size >= ALIGNED_FACE_ROWS * 257 > before.size
    assert stages.predict(256, aligned=1.0) > stages.predict(256)
    stages.aligned = 0.5  # the stages' own fraction, when none is given
    assert stages.sized(256).terms[1].size == aligned.terms[1].size
    stages.aligned = None
    # a stage given its fraction solves on those clouds
    expected = stages.predict(64, aligned=1.0)
    stage = stages.smooth("probe", "tanh", 64, 3.0, aligned=1.0)
    sizes = {term.name: term.size for term in stage.solution.compiled.terms}
    assert stage.aligned == 1.0 and sizes["initial"] >= ALIGNED_FACE_ROWS * 65
    assert sizes["inflow"] >= ALIGNED_FACE_ROWS * 65
    # and is charged for them in the plan, feet included; a later stage on the same clouds
    # is not charged their feet again (the marches are kept)
    assert stage.planned == expected != stages.predict(64)
    assert stages.predict(64, aligned=1.0) < expected


def test_the_shear_flow_solved_on_the_feet_and_its_result_reloaded(tmp_path):
    # Measured: 1.8e-9 at width 1024, steepness 4 (docs/benchmarks.md section 25), where
    # the plain basis of auto's 60-second plan reached 4.5e-3 at width 3072. Width 512 on
    # auto's clouds (one stage): 2.6e-6.
    solution = pinnls.solve(shear(), width=512, init_scale=3, aligned=1)
    assert solution.basis.foot is not None
    feet = build_report(solution)["feet"]
    assert feet["axis"] == "t" and feet["velocity"] == {"x": "y", "y": "0", "t": "1"}
    assert feet["reaction"] is None and feet["rk4_steps"] == solution.basis.foot.steps >= 32
    # a plain basis has no map to report (at width 32 it is not resolved, and says so)
    with pytest.warns(PinnlsWarning, match="not resolved"):
        plain = pinnls.solve(shear(), width=32, init_scale=3, aligned=0)
    assert "feet" not in build_report(plain)
    assert solution.errors()["rel_l2"] < 1e-5
    solution.save(tmp_path / "out")
    loaded = pinnls.load(tmp_path / "out")
    points = np.random.default_rng(2).uniform(0, 1, (100, 3))
    np.testing.assert_allclose(loaded(points), solution(points), rtol=1e-12, atol=1e-12)


def test_a_steady_variable_flow_is_solved_on_the_feet_along_x():
    # u_x + y u_y = 0 on [0, 1]^2: y e^-x is constant along the flow, u = g(y e^-x), with the
    # data on the inflow face x = 0 (y = 0 is along the flow, y = 1 outflow). Measured at
    # width 256 on auto's clouds: 2.8e-9, against 1.5e-4 for the plain basis.
    def g(s):
        return sp.sin(3 * s) + sp.exp(-((s - 0.5) ** 2) / 0.04)

    problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady")
    problem.equation("pde", sp.Eq(u(x, y).diff(x) + y * u(x, y).diff(y), 0))
    problem.condition("inflow", sp.Eq(u(0, y), g(y)))
    problem.exact(g(y * sp.exp(-x)))
    assert auto.feet_apply(compile_problem(problem))
    solution = pinnls.solve(problem, width=256, init_scale=3, aligned=1)
    assert solution.basis.foot is not None and solution.basis.foot.axis == 0
    assert solution.errors()["rel_l2"] < 1e-7


def test_a_reaction_gives_the_features_its_envelope_and_they_solve_the_whole_equation():
    # u_t - (y - 0.5) u_x + (x - 0.5) u_y + (1 + x) u = 0: along a characteristic u decays
    # by exp(-int (1 + x) ds); the enveloped features solve it, not only its principal part
    compiled = compile_problem(rotation(reaction=1 + x))
    axis, _, reaction = compiled.foot_flow()
    points = torch.rand(300, 3, dtype=torch.float64)
    torch.testing.assert_close(run(reaction, points), 1 + points[:, 0])
    basis = build_basis(compiled, Settings(width=32, activation="tanh", init_scale=3, aligned=1))
    assert basis.foot.reaction is not None
    px, py = points[:, 0], points[:, 1]
    flow = torch.stack([-(py - 0.5), px - 0.5, torch.ones(300, dtype=torch.float64)], dim=1)
    with torch.no_grad():
        values, derivative = directional_derivative(basis, points, flow)
    residual = derivative[:, :32] + (1 + px)[:, None] * values[:, :32]
    # RK4's error (32 steps) in the feet and the envelope: measured 2.7e-8
    assert float(residual.abs().max()) < 1e-6
    # the tangent written out is the derivative of the enveloped features
    expected = torch.func.jvp(basis.hidden, (points,), (flow,))[1]
    torch.testing.assert_close(derivative[:, :32], expected, rtol=1e-10, atol=1e-12)


def test_a_constant_flow_with_decay_is_solved_on_enveloped_feet_and_reloaded(tmp_path):
    # problems/advection_reaction.py, u_t + 2 u_x + u = 0: without a reaction a constant flow
    # keeps its aligned rows (no map); with one, the envelope exp(-t) makes its features
    # exact. Measured at width 512, steepness 1.5: 2.7e-12 (the plain basis at steepness
    # 4: 2.8e-6).
    loaded = pinnls.load_problem("problems/advection_reaction.py")
    compiled = compile_problem(loaded.problem)
    assert auto.feet_apply(compiled) and auto.constant_characteristics(compiled)
    solution = pinnls.solve(loaded.problem, width=512, init_scale=1.5, aligned=1)
    assert solution.basis.foot is not None and solution.basis.foot.reaction is not None
    assert solution.errors()["rel_l2"] < 1e-10
    # the report says what the features were drawn on (the basis carries it: no problem file)
    assert build_report(solution)["feet"] == {
        "axis": "t",
        "from": 0.0,
        "velocity": {"x": "2", "t": "1"},
        "reaction": "1",
        "rk4_steps": solution.basis.foot.steps,
    }
    solution.save(tmp_path / "out")
    again = pinnls.load(tmp_path / "out")
    points = np.random.default_rng(4).uniform(0, 1, (100, 2))
    np.testing.assert_allclose(again(points), solution(points), rtol=1e-12, atol=1e-12)


def test_a_second_order_term_on_the_feet_is_assembled_in_closed_form(monkeypatch):
    from pinnls.numeric import assembly
    from pinnls.numeric.assembly import System
    from pinnls.numeric.basis import jvp_only

    compiled = compile_problem(rotation(diffusion=sp.Rational(1, 100)))
    assert compiled.characteristics()[0] == "drift"
    basis = build_basis(compiled, Settings(width=16, init_scale=3.0, activation="tanh", aligned=1))
    assert basis.foot is not None
    calls = []
    closed_form = assembly.feet_operator_columns
    monkeypatch.setattr(
        assembly,
        "feet_operator_columns",
        lambda *args: calls.append(len(args[1])) or closed_form(*args),
    )
    system = System(compiled, torch.float64, "cpu")
    with torch.no_grad():
        matrix, _ = system.assemble(basis)
        with jvp_only():
            reference, _ = system.assemble(basis)
    assert sum(calls) == compiled.terms[0].size  # the pde's rows, and no condition's
    torch.testing.assert_close(matrix, reference, rtol=1e-11, atol=1e-11)


def test_a_cloud_marched_again_is_recalled_and_gives_the_same_tensors(monkeypatch):
    # Every stage builds its own map and marches its clouds: the ladder's stages on one width
    # share them, so the second march of equal points is the first one kept.
    from pinnls.numeric import characteristic

    characteristic.MARCHES.clear()
    compiled = compile_problem(rotation(reaction=0.5), Settings.from_mapping({}))
    first, second = foot_map(compiled), foot_map(compiled)
    points = torch.rand(300, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    tangent = torch.zeros_like(points)
    tangent[:, 0] = 1.0
    hits = characteristic.MARCHES.hits
    fresh = first.frame_with_tangent(points, tangent)
    again = second.frame_with_tangent(points.clone(), tangent.clone())
    assert characteristic.MARCHES.hits == hits + 1
    for a, b in zip(fresh, again, strict=True):
        assert torch.equal(a, b)
    # other points, or the same points with another tangent, march afresh
    moved = points.clone()
    moved[7, 1] += 1e-9
    other = second.frame_with_tangent(moved, tangent)
    assert characteristic.MARCHES.hits == hits + 1 and not torch.equal(other[0], fresh[0])
    tangent[:, 0], tangent[:, 1] = 0.0, 1.0
    assert not torch.equal(second.frame_with_tangent(points, tangent)[1], fresh[1])
    # a map that marches otherwise (another step count) does not take the kept march
    first.frame(points)
    second.frame(points)
    assert characteristic.MARCHES.hits == hits + 2
    second.steps = first.steps * 2
    second.frame(points)
    assert characteristic.MARCHES.hits == hits + 2
    # the unit tangents of two axes sum alike, as do two faces of a square: distinct keys
    characteristic.MARCHES.clear()
    units = [torch.zeros_like(points) for _ in range(3)]
    for k, unit in enumerate(units):
        unit[:, k] = 1.0
    faces = [points.clone(), points.clone()]
    faces[0][:, 0], faces[1][:, 1] = 0.0, 0.0
    faces[1][:, 0] = points[:, 1]  # the same total sum as faces[0]
    assert float(faces[0].sum()) == pytest.approx(float(faces[1].sum()))
    for _ in range(2):
        for k in range(2):
            first.frame_with_second(points, units[k], units[k])
            first.frame(faces[k])
    assert characteristic.MARCHES.hits == 4 and characteristic.MARCHES.misses == 4
    # each entry counts its tensors and a fixed overhead: single points cannot pile up
    characteristic.MARCHES.clear()
    first.frame(points[:1])
    assert characteristic.MARCHES.bytes >= characteristic.FEET_CACHE_ENTRY
    # the kept marches stay within their bytes
    monkeypatch.setattr(characteristic, "FEET_CACHE_BYTES", 200_000)
    for seed in range(12):
        generator = torch.Generator().manual_seed(seed)
        first.frame(torch.rand(400, 3, dtype=torch.float64, generator=generator))
        assert characteristic.MARCHES.bytes <= 200_000
    characteristic.MARCHES.clear()


def test_a_kept_march_is_not_used_where_torch_differentiates_through_the_points():
    from torch.func import jvp

    from pinnls.numeric import characteristic

    compiled = compile_problem(rotation(), Settings.from_mapping({}))
    feet = foot_map(compiled)
    points = torch.rand(50, 3, dtype=torch.float64, generator=torch.Generator().manual_seed(4))
    direction = torch.zeros_like(points)
    direction[:, 2] = 1.0
    characteristic.MARCHES.clear()
    _, want = jvp(lambda p: feet.frame(p)[0], (points,), (direction,))
    feet.frame(points)  # kept now
    _, got = jvp(lambda p: feet.frame(p)[0], (points,), (direction,))
    torch.testing.assert_close(got, want, rtol=0, atol=0)
    assert float(got.abs().max()) > 0.1  # the feet move with time: a real tangent
    traced = points.clone().requires_grad_(True)
    feet.frame(traced)[0].sum().backward()
    assert traced.grad is not None and float(traced.grad.abs().max()) > 0
    characteristic.MARCHES.clear()


@pytest.mark.parametrize("reaction", [0, 0.5])
def test_directions_marched_together_are_each_direction_marched_alone(reaction):
    from pinnls.numeric import characteristic

    characteristic.MARCHES.clear()
    feet = foot_map(compile_problem(rotation(reaction=reaction), Settings.from_mapping({})))
    generator = torch.Generator().manual_seed(6)
    points = torch.rand(64, 3, dtype=torch.float64, generator=generator)
    directions = torch.randn(3, 64, 3, dtype=torch.float64, generator=generator)
    h, slopes, envelope, envelope_slopes = feet.frame_with_tangent(points, directions)
    assert slopes.shape == (3, 64, 3)
    for index in range(3):
        alone = feet.frame_with_tangent(points, directions[index])
        torch.testing.assert_close(h, alone[0], rtol=1e-14, atol=1e-14)
        torch.testing.assert_close(slopes[index], alone[1], rtol=1e-12, atol=1e-12)
        if reaction:
            torch.testing.assert_close(envelope_slopes[index], alone[3], rtol=1e-12, atol=1e-12)
        else:
            assert envelope is None and envelope_slopes is None
    characteristic.MARCHES.clear()
