"""Where a face's data and the initial data disagree (a rod at 0 whose end is suddenly held at
1): the faces found, the heat kernel's functions in the basis (``erfc`` layers, heat
polynomials along a face, the quarter plane's solution where the face meets another), the exact
solutions that such problems have (undefined where the data disagree), and the problems that a
smooth basis could not resolve."""

from __future__ import annotations

import json
import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch
from scipy.special import erfc, erfcx, owens_t

import pinnls
from pinnls import Box, Problem, compile_problem
from pinnls.cli import main
from pinnls.errors import ProblemError
from pinnls.numeric.singular import singular_derivatives, singular_values
from pinnls.singular import FIELD_NAMES, KERNEL, initial_jumps, singular_spec

ROOT = Path(__file__).resolve().parent.parent
INITIAL = ROOT / "benchmarks" / "initial"
x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def load(name: str):
    loaded = pinnls.load_problem(INITIAL / f"{name}.py")
    return compile_problem(loaded.problem, loaded.settings)


def rod(left, right=0, initial=0, equation=None) -> Problem:
    """u_t = u_xx (or ``equation``) on [0, 1] x [0, 1/2], its ends held at ``left`` and
    ``right``."""
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, sp.Rational(1, 2))), name="rod")
    problem.equation("pde", sp.Eq(equation if equation is not None else U.diff(t), U.diff(x, 2)))
    problem.condition("initial", sp.Eq(u(x, 0), initial))
    problem.condition("left", sp.Eq(u(0, t), left))
    problem.condition("right", sp.Eq(u(1, t), right))
    return problem


def rod_file(path: Path, equation: str, initial: str, left: str, extra: str = "") -> Path:
    """A problem file on [0, 1] x [0, 1] in (x, t) as a user writes it: ``Eq(equation)``,
    ``u(x, 0) = initial`` and ``u(0, t) = left`` (sympy source text), then ``extra``."""
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        "x, t = sp.symbols('x t')\nu = sp.Function('u')\n"
        f"problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name='{path.stem}')\n"
        f"problem.equation('pde', sp.Eq({equation}))\n"
        f"problem.condition('initial', sp.Eq(u(x, 0), {initial}))\n"
        f"problem.condition('left', sp.Eq(u(0, t), {left}))\n" + extra
    )
    return path


def kernel_rows(spec) -> np.ndarray:
    spec = np.asarray(spec)
    return spec[spec[:, FIELD_NAMES.index("kind")] == KERNEL]


# -- which faces ------------------------------------------------------------------------------


def test_a_rod_whose_end_is_suddenly_held_at_one_has_a_jump_there_only():
    (jump,) = initial_jumps(compile_problem(rod(1)))
    assert (jump.axis, jump.value, jump.inward) == (0, 0.0, 1.0)
    assert jump.jump == pytest.approx(1.0) and jump.kappa == pytest.approx(1.0)
    # both ends, the upper one's layer runs the other way, and kappa is read off the equation
    U = u(x, t)
    jumps = initial_jumps(compile_problem(rod(1, -2, equation=4 * U.diff(t))))
    assert [(j.value, j.inward, j.jump) for j in jumps] == [(0.0, 1.0, 1.0), (1.0, -1.0, -2.0)]
    assert [j.kappa for j in jumps] == pytest.approx([0.25, 0.25])


@pytest.mark.parametrize(
    "left, initial",
    [
        (sp.sin(sp.pi * t) * 0, 0),  # data that agree
        (t, 0),  # a face that starts where the initial data are, then ramps
        (1, 1 - x),  # initial data that meet the face's
        (1 + 1e-7 * t, 1 - x),  # and a face's data that move, steeply or not
    ],
)
def test_data_that_agree_where_they_meet_make_no_jump(left, initial):
    assert initial_jumps(compile_problem(rod(left, 0, initial))) == []


def flux_rod(left, initial=0, kappa=1, value=0) -> Problem:
    """``u_t = kappa u_xx`` on [0, 1] x [0, 1], ``value u - u_x = left`` at x = 0 (a heat
    flux, or a convective end), ``u`` held at its initial value at x = 1."""
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="flux")
    problem.equation("pde", sp.Eq(U.diff(t), kappa * U.diff(x, 2)))
    problem.condition("initial", sp.Eq(u(x, 0), initial))
    problem.condition("left", sp.Eq(value * u(0, t) - U.diff(x).subs(x, 0), left))
    problem.condition("right", sp.Eq(u(1, t), sp.sympify(initial).subs(x, 1)))
    return problem


def test_a_flux_face_whose_data_disagree_with_the_initial_slope_has_a_flux_jump():
    (jump,) = initial_jumps(compile_problem(flux_rod(1, kappa=sp.Rational(1, 2))))
    assert (jump.axis, jump.value, jump.inward, jump.flux) == (0, 0.0, 1.0, True)
    # the data less -u_0'(0), over the derivative's coefficient
    assert jump.jump == pytest.approx(1.0) and jump.kappa == pytest.approx(0.5)
    (jump,) = initial_jumps(compile_problem(flux_rod(0, initial=1 + 3 * x)))
    assert jump.jump == pytest.approx(3.0, rel=1e-8)
    # a convective end: 2 u - u_x = 0 against u_0 = 1, whose 2 u_0 - u_0' is 2
    (jump,) = initial_jumps(compile_problem(flux_rod(0, initial=1, value=2)))
    assert jump.flux and jump.jump == pytest.approx(-2.0, rel=1e-8)


def test_a_flux_jump_reads_the_outward_derivative_however_the_condition_is_written():
    def jumps(face, data, where):
        U = u(x, t)
        problem = Problem(U, Box(x=(0, 2), t=(0, 1)), name="signs")
        problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2)))
        problem.condition("initial", sp.Eq(u(x, 0), 0))
        problem.condition("face", sp.Eq(face * U.diff(x).subs(x, where), data))
        problem.condition("other", sp.Eq(u(2 - where, t), 0))
        return [(j.value, j.inward, j.jump) for j in initial_jumps(compile_problem(problem))]

    # a unit flux into the rod at either end, -u_x(0) = 1 or u_x(2) = 1: du/dn = 1 there (n
    # the outward normal), against 0 from the initial data
    assert jumps(-1, 1, 0) == jumps(1, -1, 0) == [(0.0, 1.0, pytest.approx(1.0))]
    assert jumps(1, 1, 2) == jumps(-1, -1, 2) == [(2.0, -1.0, pytest.approx(1.0))]


@pytest.mark.parametrize(
    "left, initial",
    [
        (1000, sp.exp(-1000 * x)),  # a steep initial layer that carries the flux
        (-400 * sp.pi, sp.sin(400 * sp.pi * x)),  # steep oscillations
    ],
)
def test_steep_initial_data_that_meet_the_flux_make_no_jump(left, initial):
    # the difference's own error (1e-5 of the box: 0.18 of a slope of 1000 here) is read
    assert initial_jumps(compile_problem(flux_rod(left, initial))) == []


def test_a_step_in_the_initial_data_beside_a_cloud_point_hides_no_flux_jump():
    compiled = compile_problem(flux_rod(1))
    (term,) = [term for term in compiled.terms if term.name == "initial"]
    near = float(np.sort(term.points[:, 0])[len(term.points) // 2])
    # a step 1.5e-5 after a cloud point: its one-sided differences there are 1e5 of the step
    step = sp.Piecewise((0, x < near + 1.5e-5), (1, True))
    (jump,) = [j for j in initial_jumps(compile_problem(flux_rod(1, step))) if j.value == 0]
    assert jump.flux and jump.jump == pytest.approx(1.0)


def test_a_later_time_slabs_carried_initial_data_are_not_read():
    from pinnls.time_slabs import plan, slab_problem

    compiled = compile_problem(flux_rod(1))
    split = plan(compiled, 2)

    class Previous:  # the previous slab's values: 0.1 off the face's flux at the interface
        def __init__(self):
            self.compiled = compiled

        def derivative(self, points, alpha, unknown=None):
            return 0.1 * points[:, 0] if not any(alpha) else np.full(len(points), 0.1)

    later = slab_problem(compiled, split, 1, Previous(), 0)
    # (the initial term is the previous slab's values, 0.1 off the flux at the interface)
    assert later.origin is compiled and initial_jumps(later) == []
    # the first slab reads its own initial data
    assert len(initial_jumps(slab_problem(compiled, split, 0, None, 0))) == 1
    # a later slab takes the whole interval's rows: the layer that started at t = 0 goes on
    whole = kernel_rows(singular_spec(compiled))
    assert len(whole) == 8
    np.testing.assert_array_equal(kernel_rows(later.singular()), whole)
    assert later.origin is compiled and slab_problem(compiled, split, 0, None, 0).origin is None


def test_face_data_that_switch_on_at_a_slab_interface_give_that_slab_its_layer():
    from pinnls.time_slabs import plan, slab_problem

    class Cold:  # the previous slab: 0 everywhere, as the face was until t = 1/2
        def __init__(self, compiled):
            self.compiled = compiled

        def derivative(self, points, alpha, unknown=None):
            return np.zeros(len(points))

    switch = sp.Piecewise((0, t < sp.Rational(1, 2)), (1, True))
    held = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="switch")
    held.equation("pde", sp.Eq(u(x, t).diff(t), u(x, t).diff(x, 2)))
    held.condition("initial", sp.Eq(u(x, 0), 0))
    held.condition("left", sp.Eq(u(0, t), switch))
    held.condition("right", sp.Eq(u(1, t), 0))
    for problem, flux, count in ((held, False, 4), (flux_rod(switch), True, 8)):
        compiled = compile_problem(problem)
        assert initial_jumps(compiled) == []  # nothing at t = 0
        later = slab_problem(compiled, plan(compiled, 2), 1, Cold(compiled), 0)
        (jump,) = initial_jumps(later)
        assert (jump.value, jump.flux, jump.jump) == (0.0, flux, pytest.approx(1.0))
        rows = kernel_rows(later.singular())
        assert len(rows) == count
        assert set(rows[:, FIELD_NAMES.index("time_lower")]) == {0.5}


@pytest.mark.parametrize(
    "left, initial, value",
    [
        (-3, 1 + 3 * x, 0),  # the data meet the initial slope
        (0, sp.cos(sp.pi * x), 0),  # an insulated end, its initial data flat there
        (-sp.pi * sp.cos(5 * t), sp.sin(sp.pi * x), 0),  # data that move, from the slope
        (2 - 40 * sp.pi, 2 + sp.sin(40 * sp.pi * x), 1),  # a convective end, steep data
    ],
)
def test_flux_data_that_agree_with_the_initial_slope_make_no_jump(left, initial, value):
    assert initial_jumps(compile_problem(flux_rod(left, initial, value=value))) == []


def test_a_tangential_or_time_derivative_face_a_steady_problem_a_transport_equation_and_a_system_have_none():  # noqa: E501
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="flux")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2)))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("left", sp.Eq(U.diff(t).subs(x, 0), 1))
    problem.condition("right", sp.Eq(u(1, t), 0))
    assert initial_jumps(compile_problem(problem)) == []
    transport = Problem(U, Box(x=(0, 1), t=(0, 1)), name="transport")
    transport.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    transport.condition("initial", sp.Eq(u(x, 0), 0))
    transport.condition("left", sp.Eq(u(0, t), 1))
    assert initial_jumps(compile_problem(transport)) == []
    steady = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady")
    steady.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2), 0))
    steady.condition("left", sp.Eq(u(0, y), 1))
    steady.condition("bottom", sp.Eq(u(x, 0), 0))
    assert initial_jumps(compile_problem(steady)) == []


def test_a_jump_is_measured_against_the_datas_range_and_a_particular_solution_put_back():
    # 1e6 + 1 against 1e6: one part in a million of the data, a jump of the whole range
    assert len(initial_jumps(compile_problem(rod(10**6 + 1, 10**6, 10**6)))) == 1
    # a source whose particular solution takes part of the data: the user's data still jump
    U = u(x, t)
    problem = rod(1, 0, 0, equation=U.diff(t) - 2)
    compiled = compile_problem(problem)
    assert [j.jump for j in initial_jumps(compiled)] == pytest.approx([1.0])


# -- the functions ----------------------------------------------------------------------------


def kernel_spec(rows: list[dict]) -> torch.Tensor:
    out = []
    for entries in rows:
        row = dict.fromkeys(FIELD_NAMES, 0.0)
        row.update(kind=KERNEL, axis_b=-1, time_axis=2, time_lower=0.1, time_upper=0.6)
        row.update(entries)
        out.append([float(row[n]) for n in FIELD_NAMES])
    return torch.tensor(out, dtype=torch.float64)


SPECS = {
    "layers with a drift and a reaction": [
        dict(axis_a=0, t00=1, t10=0.7, exponent=k, drift_a=0.3, decay=0.5, offset=0.2)
        for k in range(9)  # (a flux face's go to 8)
    ],
    "products of two faces": [
        dict(axis_a=1, centre_a=1, t00=-1, t10=1.3, exponent=k, axis_b=0, t01=1, t11=0.7, trig=m)
        for k in range(2)
        for m in range(2)
    ],
    "heat polynomials along a face": [
        dict(axis_a=0, centre_a=1, t00=-1, t10=0.7, exponent=k, axis_b=1, centre_b=0.5)
        | dict(t01=0.5, t11=1.3 / 0.25, trig=j, edge=1, decay=0.2)
        for k in range(2)
        for j in range(1, 5)
    ],
    "the quarter plane": [
        dict(axis_a=0, t00=1, t10=0.7, axis_b=1, centre_b=1, t01=-1, t11=1.3, edge=2, decay=0.2)
    ],
    "a flux face's quarter plane": [
        dict(axis_a=0, t00=1, t10=0.7, axis_b=1, centre_b=1, t01=-1, t11=1.3, edge=3, decay=0.2)
        | dict(exponent=1)
    ],
}
ALPHAS = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (2, 0, 0), (0, 2, 0), (1, 1, 0), (1, 0, 1)]


def forward(spec: torch.Tensor, x: torch.Tensor, alpha) -> torch.Tensor:
    function = lambda z: singular_values(spec, z)  # noqa: E731
    for axis, count in enumerate(alpha):
        for _ in range(count):
            direction = torch.zeros(3, dtype=torch.float64)
            direction[axis] = 1
            function = (
                lambda inner, d: lambda z: torch.func.jvp(inner, (z,), (d.expand_as(z),))[1]
            )(function, direction)
    return function(x)


@pytest.mark.parametrize("name", list(SPECS))
def test_closed_form_derivatives_match_forward_mode_and_solve_the_equation(name):
    spec = kernel_spec(SPECS[name])
    generator = torch.Generator().manual_seed(0)
    points = torch.rand(60, 3, generator=generator, dtype=torch.float64)
    points[:, 2] = 0.1 + 0.5 * points[:, 2]
    closed = singular_derivatives(spec, points, ALPHAS)
    for alpha in ALPHAS:
        reference = forward(spec, points, alpha)
        scale = float(reference.abs().max())
        assert float((closed[alpha] - reference).abs().max()) <= 1e-12 * scale, alpha
    # u_t + v u_x = 0.7 u_xx + 1.3 u_yy - c u, with v = 2 D g and c = beta - g D g
    column = {n: spec[:, i] for i, n in enumerate(FIELD_NAMES)}
    g, beta = column["drift_a"], column["decay"]
    kappa_x = torch.where(column["axis_a"] == 0, column["t10"], column["t11"])
    v = 2 * kappa_x * g
    c = beta - g * kappa_x * g
    residual = (
        closed[(0, 0, 1)]
        + v * closed[(1, 0, 0)]
        - 0.7 * closed[(2, 0, 0)]
        - 1.3 * closed[(0, 2, 0)]
        + c * closed[(0, 0, 0)]
    )
    assert float(residual.abs().max()) <= 1e-11 * float(closed[(2, 0, 0)].abs().max())


def test_the_quarter_plane_is_owens_t_and_takes_its_data():
    rng = np.random.default_rng(1)
    p, q = rng.uniform(0, 1, 500), rng.uniform(0, 1, 500)
    tau = 10 ** rng.uniform(-5, 0, 500)
    spec = kernel_spec([dict(axis_a=0, t00=1, t10=1, axis_b=1, t01=1, t11=1, edge=2)])
    points = torch.tensor(np.stack([p, q, 0.1 + tau], 1))
    values = singular_values(spec, points)[:, 0].numpy()
    np.testing.assert_allclose(values, 4 * owens_t(p / np.sqrt(2 * tau), q / p), atol=1e-14)
    face = points.clone()
    face[:, 0] = 0
    np.testing.assert_allclose(singular_values(spec, face)[:, 0].numpy(), 1.0, atol=1e-14)
    face[:, 0], face[:, 1] = points[:, 0], 0
    np.testing.assert_allclose(singular_values(spec, face)[:, 0].numpy(), 0.0, atol=1e-14)
    start = points.clone()
    start[:, 2] = 0.1
    assert float(singular_values(spec, start).abs().max()) == 0.0


def test_the_flux_corners_closed_forms_of_every_order_match_forward_mode():
    # the branches that ALPHAS does not reach: U_q's time derivative, U_tau's own, U_qqq
    spec = kernel_spec(SPECS["a flux face's quarter plane"])
    points = torch.rand(60, 3, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
    points[:, 2] = 0.1 + 0.5 * points[:, 2]
    alphas = [(0, 1, 1), (0, 0, 2), (0, 2, 1), (0, 3, 0), (1, 1, 1), (2, 0, 1)]
    closed = singular_derivatives(spec, points, alphas)
    for alpha in alphas:
        reference = forward(spec, points, alpha)
        scale = float(reference.abs().max())
        assert float((closed[alpha] - reference).abs().max()) <= 1e-11 * scale, alpha


def test_the_exponential_integral_is_scipys():
    from scipy.special import exp1

    from pinnls.numeric.singular import _exp1

    z = torch.tensor([1e-12, 1e-3, 0.1, 0.5, 0.999, 1.0, 1.001, 2.0, 5.0, 20.0, 100.0, 700.0])
    z = z.double()
    np.testing.assert_allclose(_exp1(z).numpy(), exp1(z.numpy()), rtol=2e-14)


def test_the_flux_faces_quarter_plane_is_its_integral_and_takes_its_data():
    from scipy.integrate import quad
    from scipy.special import erf

    from pinnls.numeric.singular import _flux_corner, _flux_corner_value

    def integral(p, q, tau):
        # int_0^tau exp(-p^2 / (4 s)) erf(q / (2 sqrt(s))) / sqrt(pi s) ds, s = r^2
        def integrand(r):
            return 2 * math.exp(-p * p / (4 * r * r)) * erf(q / (2 * r)) / math.sqrt(math.pi)

        return quad(integrand, 0, math.sqrt(tau), epsabs=1e-16, epsrel=1e-13, limit=200)[0]

    generator = np.random.default_rng(4)
    points = [(0.0, 0.3, 0.5), (0.3, 0.0, 0.5), (1e-4, 2e-4, 0.1), (0.05, 0.02, 0.01)]
    points += [tuple(v) for v in generator.uniform([0, 0, 0.01], [2, 2, 1], (16, 3))]
    at = torch.tensor(points, dtype=torch.float64)
    p, q, tau = at.T
    value = _flux_corner_value(p, q, tau).numpy()
    np.testing.assert_allclose(value, [integral(*v) for v in points], rtol=1e-12, atol=1e-16)
    # the flux -U_p is 1 on p = 0, U is 0 on q = 0 and at the start, the layer far from q = 0
    side = torch.linspace(0.01, 2, 50, dtype=torch.float64)
    half = torch.full_like(side, 0.5)
    zero = torch.zeros_like(side)
    assert float((_flux_corner(zero, side, half, (1, 0, 0)) + 1).abs().max()) < 1e-13
    assert float(_flux_corner_value(side, zero, half).abs().max()) == 0.0
    assert float(_flux_corner_value(side, side, zero).abs().max()) == 0.0
    far = _flux_corner_value(side, torch.full_like(side, 40.0), half)
    layer = 2 * torch.sqrt(half / math.pi) * torch.exp(
        -side * side / 2
    ) - side * torch.special.erfc(side / math.sqrt(2))
    assert float((far - layer).abs().max()) < 1e-15


def test_a_flux_face_beside_a_held_face_gets_its_quarter_plane():
    rows = kernel_rows(singular_spec(load("plate_flux_cold")))
    edge = rows[:, FIELD_NAMES.index("edge")]
    corners = rows[edge == 3]
    # y = 0 and y = 1, held at 0 beside the flux on x = 0
    assert sorted(corners[:, FIELD_NAMES.index("centre_b")]) == [0.0, 1.0]
    assert set(corners[:, FIELD_NAMES.index("axis_a")]) == {0.0}
    # beside faces held by the exact values (plate_flux) too; not beside insulated ones
    assert (
        kernel_rows(singular_spec(load("plate_flux")))[:, FIELD_NAMES.index("edge")] == 3
    ).sum() == 2


def test_a_layer_is_erfc_of_the_distance_over_the_kernels_width_and_zero_at_the_start():
    spec = kernel_spec([dict(axis_a=0, centre_a=1, t00=-1, t10=0.5)])
    generator = torch.Generator().manual_seed(1)
    points = torch.rand(200, 3, generator=generator, dtype=torch.float64)
    tau = points[:, 2].clone().numpy()
    points[:, 2] += 0.1
    expected = erfc((1 - points[:, 0].numpy()) / np.sqrt(4 * 0.5 * tau))
    np.testing.assert_allclose(singular_values(spec, points)[:, 0].numpy(), expected, atol=1e-15)
    points[:, 2] = 0.1
    assert float(singular_values(spec, points).abs().max()) == 0.0


def test_the_spec_has_a_faces_layers_its_polynomials_and_its_corners():
    compiled = load("plate_hot_edge")
    rows = kernel_rows(singular_spec(compiled))
    edge = rows[:, FIELD_NAMES.index("edge")]
    # orders 0..3 alone, orders 0..1 times degrees 1..6 along y, and the corners y=0 and y=1
    assert (edge == 0).sum() == 4 and (edge == 1).sum() == 12 and (edge == 2).sum() == 2
    assert set(rows[:, FIELD_NAMES.index("axis_a")]) == {0.0}
    # two faces that both jump: their products, and each one's corner with the other; not
    # the product of orders (0, 0), which is the two corners' sum less the two layers
    rows = kernel_rows(singular_spec(load("plate_corner")))
    products = rows[(rows[:, FIELD_NAMES.index("edge")] == 0) & (rows[:, 2] >= 0)]
    assert len(products) == 3
    points = torch.rand(4000, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    points[:, 2] *= 0.25
    columns = singular_values(torch.as_tensor(rows), points)
    columns = columns / torch.linalg.vector_norm(columns, dim=0)
    singular = torch.linalg.svdvals(columns)
    assert float(singular[-1] / singular[0]) > 1e-8  # no column repeats the others'


def test_a_flux_faces_rows_start_one_order_up_and_its_corner_is_its_own():
    rows = kernel_rows(singular_spec(load("plate_flux")))
    edge, order = rows[:, FIELD_NAMES.index("edge")], rows[:, FIELD_NAMES.index("exponent")]
    # orders 1..8 alone and 1..2 times degrees 1..6 along y; no value's quarter plane V, the
    # flux's U instead where y = 0 and y = 1 are held
    assert sorted(order[edge == 0]) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert (edge == 1).sum() == 12 and set(order[edge == 1]) == {1, 2} and (edge == 2).sum() == 0
    assert (edge == 3).sum() == 2
    # a flux face beside a face whose value jumps: their products, orders 1..2 times 0..1
    U = u(x, y, t)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="both")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("heated", sp.Eq(-U.diff(x).subs(x, 0), 1))
    problem.condition("held", sp.Eq(u(x, 0, t), 1))
    compiled = compile_problem(problem)
    assert [(j.axis, j.flux) for j in initial_jumps(compiled)] == [(0, True), (1, False)]
    rows = kernel_rows(singular_spec(compiled))
    products = rows[(rows[:, FIELD_NAMES.index("edge")] == 0) & (rows[:, 2] >= 0)]
    pairs = {
        (int(r[FIELD_NAMES.index("exponent")]), int(r[FIELD_NAMES.index("trig")])) for r in products
    }
    assert pairs == {(1, 0), (1, 1), (2, 0), (2, 1)}


def test_a_strong_drift_keeps_its_layers_in_range_and_solving_the_equation():
    # u_t + 2 u_x = 0.001 u_xx: g L = 1000, where exp(g x) alone overflows and its offset
    # would leave the columns zero
    kappa, v = 1e-3, 2.0
    g = v / (2 * kappa)
    spec = kernel_spec(
        [
            dict(axis_a=0, t00=1, t10=kappa, exponent=k, drift_a=g, decay=kappa * g * g)
            | dict(time_axis=1, time_lower=0.0, time_upper=1.0)
            for k in range(4)
        ]
    )
    points = torch.rand(20000, 2, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    d = singular_derivatives(spec, points, [(0, 0), (1, 0), (2, 0), (0, 1)])
    largest = d[(0, 0)].abs().max(0).values
    assert bool((largest > 1e-8).all()) and bool((largest <= 1.0 + 1e-12).all())
    residual = d[(0, 1)] + v * d[(1, 0)] - kappa * d[(2, 0)]
    assert float((residual.abs().max(0).values / d[(0, 1)].abs().max(0).values).max()) < 1e-12
    x_, t_ = points[:, 0].numpy(), points[:, 1].numpy()
    z = x_ / np.sqrt(4 * kappa * t_)
    expected = np.exp(g * x_ - kappa * g * g * t_ - z * z) * erfcx(z)
    np.testing.assert_allclose(d[(0, 0)][:, 0].numpy(), expected, atol=1e-14)
    # float32 points: the layer is read in float64 and rounded, not lost
    small = singular_derivatives(spec, points.float(), [(0, 0)])[(0, 0)]
    assert float((small.double() - d[(0, 0)]).abs().max()) < 1e-6


@pytest.mark.parametrize("z", [0.1, 1.0, 1.5, 1.6, 2.9, 3.0, 3.1, 3.9, 4.1, 10.0, 100.0, 1e6])
@pytest.mark.parametrize("order", [1, 2, 3, 4, 5, 6, 8])
def test_the_scaled_repeated_erfc_is_its_integral(order, z):
    from pinnls.numeric.singular import _scaled_erfc

    mpmath.mp.dps = 40  # (the reference's own error out of the way)
    expected = float(
        2
        / mpmath.sqrt(mpmath.pi)
        * mpmath.quad(
            lambda w: w**order / mpmath.factorial(order) * mpmath.exp(-2 * z * w - w * w),
            [0, mpmath.inf],
        )
    )
    value = float(_scaled_erfc(order, torch.tensor([z], dtype=torch.float64))[0])
    # (orders 6 to 8, a flux face's last, lose up to 1.6e-12 where the recurrence stops)
    assert value == pytest.approx(expected, rel=2e-13 if order <= 5 else 2e-12)


def test_a_face_whose_drift_runs_along_it_gets_no_rows_and_is_not_named():
    U = u(x, y, t)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="along")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(y), U.diff(x, 2) + U.diff(y, 2)))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("left", sp.Eq(u(0, y, t), 1))
    compiled = compile_problem(problem)
    assert len(initial_jumps(compiled)) == 1  # the data disagree there
    spec = singular_spec(compiled)
    assert spec is None or len(kernel_rows(spec)) == 0
    from pinnls.singular import describe

    assert not any("initial data" in line for line in describe(compiled))


# -- solved ------------------------------------------------------------------------------------


def test_the_suddenly_heated_rod_is_solved_to_rounding_and_its_errors_leave_out_the_edge(
    tmp_path,
):
    solution = pinnls.solve(load("rod_heated"), seed=0)
    assert solution.basis.singular_count == 4
    assert solution.errors()["rel_l2"] < 1e-10
    solution.save(tmp_path / "run", formats=("h5",))
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["singular"]["initial"] == [{"face": "x=0", "jump": 1.0, "flux": False}]
    # the exact solution is undefined at x = t = 0 alone, left out of the errors and counted
    assert report["undefined_points"] == 1
    assert report["rel_l2_error"] < 1e-10 and math.isfinite(report["max_error"])
    # the history's error grid leaves that point out too, where it would read NaN
    assert len(solution.history) and solution.history.error[-1] < 1e-10


@pytest.mark.parametrize("name, below", [("rod_flux", 1e-12), ("rod_convective", 1e-9)])
def test_a_rod_heated_or_cooled_through_its_end_is_solved(name, below):
    # a smooth basis alone stagnates at 4e-5 and 6e-5 (docs/benchmarks.md section 57)
    solution = pinnls.solve(load(name), seed=0)
    assert solution.basis.singular_count == 8
    assert solution.errors()["rel_l2"] < below


def test_a_drift_and_a_reaction_come_with_the_layer():
    solution = pinnls.solve(load("rod_drift"), seed=0)
    assert solution.errors()["rel_l2"] < 1e-8


@pytest.mark.slow
def test_the_hot_edge_plate_matches_its_series_and_its_estimate():
    import importlib.util

    spec = importlib.util.spec_from_file_location("hot", INITIAL / "hot_edge_error.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    solution = pinnls.solve(load("plate_hot_edge"), seed=0)
    space, times = np.linspace(0.02, 0.98, 7), np.linspace(0.01, 0.25, 4)
    points = np.stack(np.meshgrid(space, space, times, indexing="ij"), -1).reshape(-1, 3)
    error = float(np.abs(solution(points) - module.series(points)).max())
    assert error < 1e-6
    assert solution.validation["total"] >= 0.1 * error


def test_check_names_the_face(capsys):
    assert main(["check", str(INITIAL / "rod_heated.py")]) == 0
    out = capsys.readouterr().out
    assert (
        "the data on x=0 and the initial data disagree where they meet (t=0): 4 singular "
        "functions (4 of the heat kernel)"
    ) in out
    assert main(["check", str(INITIAL / "rod_flux.py")]) == 0
    out = capsys.readouterr().out
    assert (
        "the condition on x=0, on the derivative, and the initial data disagree where they "
        "meet (t=0): 8 singular functions (8 of the heat kernel)"
    ) in out


# -- exact solutions that are undefined where the data disagree --------------------------------


def test_an_exact_solution_that_is_a_limit_on_the_initial_face_is_checked_there():
    s = 2 * sp.sqrt(t)
    exact = sum(sp.erfc((2 * n + x) / s) - sp.erfc((2 * n + 2 - x) / s) for n in range(8))
    problem = rod(1)
    problem.exact(exact)
    compile_problem(problem)  # sympy's erfc(x * zoo) at t = 0 is read at points instead
    wrong = rod(1, initial=x)
    wrong.exact(exact)
    with pytest.raises(ProblemError, match="exact solution does not satisfy 'initial'"):
        compile_problem(wrong)


def test_an_expression_undefined_on_a_whole_face_names_the_term():
    problem = rod(1, initial=sp.erfc(x / sp.sqrt(t)).subs(t, 0))
    with pytest.raises(ProblemError, match="term 'initial'.*undefined"):
        compile_problem(problem)


def test_an_exact_solution_undefined_inside_the_box_is_still_refused(tmp_path, capsys):
    path = rod_file(
        tmp_path / "pole.py",
        "u(x, t).diff(t) + u(x, t).diff(x), 0",
        "1 / (x - sp.Rational(1, 2))",
        "1 / (-t - sp.Rational(1, 2))",
        "problem.exact(1 / (x - t - sp.Rational(1, 2)))\n",
    )
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), "--format", "h5"]) == 2
    assert "the exact solution is not finite at" in capsys.readouterr().err
    assert not out.exists()


def test_a_condition_that_reads_two_faces_is_not_checked_without_its_faces():
    # u(0, y) - u(1, y) read without putting in the faces would cancel to 0 and pass
    problem = Problem(u(x, y), Box(x=(0, 1), y=(1, 2)), name="periodic")
    U = u(x, y)
    exact = sp.atan(y / x)
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
    problem.condition("periodic", sp.Eq(u(0, y) - u(1, y), 0))
    problem.condition("bottom", sp.Eq(u(x, 1), exact.subs(y, 1)))
    problem.exact(exact)
    with pytest.raises(ProblemError, match="term 'periodic'"):
        compile_problem(problem)


def test_a_piecewise_with_nan_outside_still_evaluates():
    from pinnls.symbolic.linearity import numeric_function

    function = numeric_function(sp.Piecewise((x, x < 0.5), (sp.nan, True)), [x])
    values = function(np.array([[0.25], [0.75]]))
    assert values[0] == 0.25 and np.isnan(values[1])


def test_the_quarter_planes_value_on_its_corner_line_is_the_mean_of_its_faces():
    spec = kernel_spec([dict(axis_a=0, t00=1, t10=1, axis_b=1, t01=1, t11=1, edge=2)])
    points = torch.tensor([[0.0, 0.0, 0.35], [0.0, 0.0, 0.1]], dtype=torch.float64)
    assert singular_values(spec, points)[:, 0].tolist() == [0.5, 0.5]


def test_errors_undefined_everywhere_measure_nothing():
    from pinnls.metrics import field_errors

    errors = field_errors({"u": np.ones(2), "exact": np.full(2, np.nan)})
    assert math.isnan(errors["rel_l2"]) and errors["undefined"] == 2


def test_errors_leave_out_and_count_the_undefined_points():
    from pinnls.metrics import field_errors

    exact = np.array([1.0, np.nan, 2.0])
    errors = field_errors({"u": np.array([1.0, 5.0, 2.5]), "exact": exact})
    assert errors["undefined"] == 1
    assert errors["max"] == 0.5 and errors["rel_l2"] == pytest.approx(0.5 / math.sqrt(5))
    assert "undefined" not in field_errors({"u": np.ones(2), "exact": np.ones(2)})


def test_the_cli_names_an_undefined_face_in_one_line_with_exit_code_2(tmp_path, capsys):
    path = rod_file(
        tmp_path / "zoo.py",
        "u(x, t).diff(t), u(x, t).diff(x, 2)",
        "sp.erfc(x / sp.sqrt(t)).subs(t, 0)",
        "1",
    )
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), "--format", "h5"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    assert "term 'initial': erfc(zoo*x) is undefined" in err[0]
    assert not out.exists()


def test_a_growing_solution_keeps_its_outflow_layer_near_one():
    # u_t + u_x = 0.01 u_xx + 5 u on [0, 1] x [0, 1]: both ends held at 1, the initial data 0;
    # each layer's largest value is read where it is: near 1, not e^-5 (an offset sized for
    # the inflow's bound would shrink the outflow's column by e^(c T))
    U = u(x, t)
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)), name="growing")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), U.diff(x, 2) / 100 + 5 * U))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("left", sp.Eq(u(0, t), 1))
    problem.condition("right", sp.Eq(u(1, t), 1))
    rows = torch.as_tensor(kernel_rows(singular_spec(compile_problem(problem))))
    order = rows[:, FIELD_NAMES.index("exponent")] == 0
    points = torch.rand(50000, 2, generator=torch.Generator().manual_seed(4), dtype=torch.float64)
    largest = singular_values(rows[order], points).abs().max(0).values
    assert len(largest) == 2 and bool((largest > 0.1).all()) and bool((largest < 10).all())
