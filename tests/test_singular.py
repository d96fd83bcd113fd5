"""Singular functions of a shape: re-entrant corners and holes found from the shape, the
functions harmonic in the equation's frame, every derivative path of the basis appending them
alike, and the corner and hole problems that a smooth basis could not resolve."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls
from pinnls import Box, Disk, Polygon, Problem, compile_problem
from pinnls.io.model import load_network
from pinnls.numeric.basis import (
    Basis,
    basis_derivatives,
    directional_derivative,
    jvp_only,
    operator_columns,
)
from pinnls.numeric.singular import singular_derivatives, singular_values
from pinnls.singular import (
    CORNER,
    FIELD_NAMES,
    FIELDS,
    INVERSE,
    LEGACY_FIELDS,
    LOG,
    corners,
    holes,
)

ROOT = Path(__file__).resolve().parent.parent
x, y, t = sp.symbols("x y t")
u = sp.Function("u")
LSHAPE = Polygon([(-1, -1), (0, -1), (0, 0), (1, 0), (1, 1), (-1, 1)])
#: the corner solution of the L-shape, angle measured from the missing quadrant's bisector
THETA = sp.atan2(-(x + y), y - x) + 3 * sp.pi / 4
CORNER_SOLUTION = sp.sqrt(x**2 + y**2) ** sp.Rational(2, 3) * sp.sin(2 * THETA / 3)


def lshape_laplace(exact=CORNER_SOLUTION) -> Problem:
    U = u(x, y)
    problem = Problem(U, LSHAPE, name="lshape-corner")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
    problem.condition("rim", sp.Eq(U, exact), on=LSHAPE.boundary)
    problem.exact(exact)
    return problem


def annulus_heat() -> Problem:
    ring = Disk((0, 0), 1) - Disk((0, 0), 0.3)
    domain = ring * Box(t=(0, 1))
    exact = 1 + sp.log(x**2 + y**2) / 2 + sp.exp(-2 * t) * sp.sin(x) * sp.sin(y)
    U = u(x, y, t)
    problem = Problem(U, domain, name="annulus-heat")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
    problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
    problem.condition("rims", sp.Eq(U, exact), on=domain.boundary)
    problem.exact(exact)
    return problem


# -- geometry -------------------------------------------------------------------------------


def test_the_l_shape_has_one_re_entrant_corner_of_270_degrees_and_no_hole():
    (corner,) = corners(LSHAPE)
    np.testing.assert_allclose(corner.point, (0, 0), atol=1e-12)
    assert corner.angle == pytest.approx(1.5 * math.pi, abs=1e-9)
    # the inside begins along the edge y = 0, x > 0 (counter-clockwise)
    assert math.cos(corner.start) == pytest.approx(1, abs=1e-9)
    assert holes(LSHAPE) == []


def test_a_union_has_its_re_entrant_corners_where_the_edges_cross():
    # a T: the bar's lower edge meets the stem's sides at (-0.25, 1) and (0.25, 1), points that
    # are no primitive's corner
    tee = Box(x=(-1, 1), y=(1, 1.5)) | Box(x=(-0.25, 0.25), y=(0, 1.2))
    found = sorted(corners(pinnls.symbolic.shapes.as_shape(tee)), key=lambda c: c.point)
    assert [c.point for c in found] == [
        pytest.approx((-0.25, 1.0), abs=1e-12),
        pytest.approx((0.25, 1.0), abs=1e-12),
    ]
    assert all(c.angle == pytest.approx(1.5 * math.pi, abs=1e-9) for c in found)


@pytest.mark.parametrize(
    "shape",
    [
        Disk((0, 0), 1),
        Polygon([(0, 0), (1, 0), (1, 1), (0, 1)]),
        # a vertex of 190 degrees: below the REENTRANT threshold of 1.05 pi
        Polygon([(0, 0), (1, 0), (2, -0.0875), (2, 1), (0, 1)]),
    ],
    ids=["disk", "square", "nearly-straight"],
)
def test_convex_shapes_and_nearly_straight_vertices_have_no_corner_and_no_hole(shape):
    assert corners(shape) == []
    assert holes(shape) == []


def test_a_notch_is_no_hole_but_a_square_hole_is_one_with_four_convex_corners():
    notch = Disk((0, 0), 1) - pinnls.symbolic.shapes.as_shape(Box(x=(0.5, 2), y=(-0.1, 0.1)))
    assert holes(notch) == []
    assert len(corners(notch)) == 2  # where the notch's sides meet the rim
    square = pinnls.symbolic.shapes.as_shape(Box(x=(-0.2, 0.2), y=(-0.2, 0.2)))
    holed = Disk((0, 0), 1) - square
    (hole,) = holes(holed)
    np.testing.assert_allclose(hole.centre, (0, 0), atol=1e-12)
    assert hole.radius == pytest.approx(0.2, rel=1e-9)
    # seen from the domain, a square hole's corners are re-entrant (270 degrees)
    assert len(corners(holed)) == 4
    assert all(c.angle == pytest.approx(1.5 * math.pi, abs=1e-9) for c in corners(holed))


# -- the functions ----------------------------------------------------------------------------


def laplacian(spec: torch.Tensor, points: torch.Tensor, matrix=None) -> torch.Tensor:
    """div(D grad s) over the first two axes (D the identity unless given), by forward mode."""
    matrix = np.eye(2) if matrix is None else matrix
    alphas = [(2, 0), (0, 2), (1, 1)]
    if points.shape[1] == 3:
        alphas = [(2, 0, 0), (0, 2, 0), (1, 1, 0)]
    blocks = basis_derivatives(lambda z: singular_values(spec, z), points, alphas)
    a, b, c = (blocks[alpha] for alpha in alphas)
    return matrix[0, 0] * a + matrix[1, 1] * b + 2 * matrix[0, 1] * c


def test_the_corner_functions_are_harmonic_and_the_sines_of_j_pi_over_alpha_vanish_on_both_edges():
    spec = torch.as_tensor(compile_problem(lshape_laplace(), {"seed": 0}).singular())
    kinds = spec[:, FIELD_NAMES.index("kind")]
    assert bool((kinds == CORNER).all())
    exponents = sorted({round(float(v), 12) for v in spec[:, FIELD_NAMES.index("exponent")]})
    # j / 3 up to 8, integers left out (polynomials, which the features make)
    assert exponents == [round(j / 3, 12) for j in range(1, 25) if j % 3]
    inside = torch.as_tensor(np.random.default_rng(0).uniform(-1, 1, (400, 2)), dtype=torch.float64)
    inside = inside[~((inside[:, 0] > 0) & (inside[:, 1] < 0))]
    values = singular_values(spec, inside)
    assert float(values.abs().max()) <= 1.0
    assert float(laplacian(spec, inside).abs().max()) < 1e-11
    # the sine of lam = 2/3 is the corner solution itself, up to the scale of r
    lam = spec[:, FIELD_NAMES.index("exponent")]
    sine = (spec[:, FIELD_NAMES.index("trig")] == 0) & ((lam - 2 / 3).abs() < 1e-12)
    (column,) = torch.nonzero(sine)[:, 0].tolist()
    exact = sp.lambdify((x, y), CORNER_SOLUTION, "numpy")(*inside.numpy().T)
    ratio = values[:, column].numpy() / exact
    np.testing.assert_allclose(ratio, ratio[0], rtol=1e-10)
    # the sines of even j vanish on both edges at the corner (Dirichlet-Dirichlet)
    edges = torch.tensor([[0.5, 0.0], [0.9, 0.0], [0.0, -0.5], [0.0, -0.9]], dtype=torch.float64)
    even = (spec[:, FIELD_NAMES.index("trig")] == 0) & (
        (torch.round(lam * 3) % 2 == 0) & ((lam * 3 - torch.round(lam * 3)).abs() < 1e-9)
    )
    assert float(singular_values(spec, edges)[:, even].abs().max()) < 1e-14


def test_the_functions_are_harmonic_in_the_frame_of_an_anisotropic_diffusion():
    matrix = np.array([[1.0, 0.3], [0.3, 0.5]])
    U = u(x, y)
    problem = Problem(U, LSHAPE, name="anisotropic")
    operator = (
        matrix[0, 0] * U.diff(x, 2) + matrix[1, 1] * U.diff(y, 2) + 2 * matrix[0, 1] * U.diff(x, y)
    )
    problem.equation("pde", sp.Eq(operator, 1))
    problem.condition("rim", sp.Eq(U, 0), on=LSHAPE.boundary)
    spec = torch.as_tensor(compile_problem(problem, {"seed": 0}).singular())
    inside = torch.tensor(
        [[-0.5, 0.5], [0.3, 0.2], [-0.2, -0.7], [0.01, 0.02]], dtype=torch.float64
    )
    assert float(laplacian(spec, inside, matrix).abs().max()) < 1e-10
    # not harmonic for the plain Laplacian: the frame is what makes them exact
    assert float(laplacian(spec, inside).abs().max()) > 1e-3


def test_a_hole_gives_ln_r_and_inverse_powers_times_legendre_polynomials_in_time():
    compiled = compile_problem(annulus_heat(), {"seed": 0})
    spec = torch.as_tensor(compiled.singular())
    kinds = spec[:, FIELD_NAMES.index("kind")]
    degrees = spec[:, FIELD_NAMES.index("degree")]
    # ln r, then r^-n sin and cos for n = 1..4; each times P_0..P_8
    assert int((kinds == LOG).sum()) == 9 and int((kinds == INVERSE).sum()) == 72
    assert sorted(set(degrees.tolist())) == list(range(9))
    points = torch.as_tensor(compiled.terms[0].points[:300])
    assert float(laplacian(spec, points).abs().max()) < 1e-10  # harmonic in space
    # ln r times P_0: the hole's radius is the unit, so it is ln(r / 0.3)
    log0 = torch.nonzero((kinds == LOG) & (degrees == 0))[0, 0]
    radius = torch.linalg.norm(points[:, :2], dim=1)
    expected = torch.log(radius / 0.3)
    torch.testing.assert_close(singular_values(spec, points)[:, log0], expected, rtol=0, atol=1e-13)
    # P_2 of the time interval [0, 1]
    log2 = torch.nonzero((kinds == LOG) & (degrees == 2))[0, 0]
    tau = 2 * points[:, 2] - 1
    torch.testing.assert_close(
        singular_values(spec, points)[:, log2], expected * (3 * tau**2 - 1) / 2, rtol=0, atol=1e-13
    )


# -- the operator's lower-order part: exp(g . x) times Bessel functions ---------------------

PLATE = Box(x=(-1, 1), y=(-1, 1)) - Disk((0.1, -0.05), 0.35)

#: (shape, D, v, c) of -div(D grad u) + v . grad u + c u = 0 and the family it takes
LOWER_ORDER = {
    # Helmholtz at an L corner: J_lam(k r)
    "helmholtz-corner": (LSHAPE, [[1, 0], [0, 1]], [0, 0], -36.0),
    # anisotropic, a drift and a reaction: exp(g . x) I_lam(kappa r), in D's frame
    "drift-reaction-corner": (LSHAPE, [[2, 0.5], [0.5, 1]], [3, -1], 1.0),
    # Helmholtz around a hole: Y_n(k r)
    "helmholtz-hole": (PLATE, [[1, 0], [0, 1]], [0, 0], -9.0),
    # a drift and a reaction around a hole: exp(g . x) K_n(kappa r)
    "drift-reaction-hole": (PLATE, [[1, 0], [0, 1]], [4, 0], 9.0),
}


def lower_order_problem(case: str, reaction: float | None = None) -> Problem:
    """LOWER_ORDER's problem ``case``, with another reaction where one is given."""
    shape, matrix, velocity, default = LOWER_ORDER[case]
    reaction = default if reaction is None else reaction
    U = u(x, y)
    operator = -(
        matrix[0][0] * U.diff(x, 2) + matrix[1][1] * U.diff(y, 2) + 2 * matrix[0][1] * U.diff(x, y)
    )
    operator += velocity[0] * U.diff(x) + velocity[1] * U.diff(y) + reaction * U
    problem = Problem(U, shape, name=case)
    problem.equation("pde", sp.Eq(operator, 1))
    problem.condition("rim", sp.Eq(U, 0), on=shape.boundary)
    return problem


def inside_points(shape, count: int, seed: int = 0) -> torch.Tensor:
    """Random points of the shape at least 0.02 inside it (away from every centre)."""
    points = np.random.default_rng(seed).uniform(-1, 1, (8 * count, 2))
    points = points[np.asarray(shape.depth(points)) > 0.02][:count]
    return torch.as_tensor(points, dtype=torch.float64)


@pytest.mark.parametrize("case", list(LOWER_ORDER))
def test_each_function_solves_the_homogeneous_equation_with_its_drift_and_reaction(case):
    shape, matrix, velocity, reaction = LOWER_ORDER[case]
    rows = torch.as_tensor(compile_problem(lower_order_problem(case), {"seed": 0}).singular())
    # the Laplacian's functions, and the operator's beside them (for a singular source)
    operator = rows[:, FIELD_NAMES.index("wave")] != 0
    assert 2 * int(operator.sum()) == len(rows)
    spec, harmonic = rows[operator], rows[~operator]
    names = ("kind", "exponent", "trig", "centre_a", "centre_b")
    keep = [FIELD_NAMES.index(name) for name in names]
    torch.testing.assert_close(spec[:, keep], harmonic[:, keep], rtol=0, atol=0)
    points = inside_points(shape, 300)
    alphas = [(2, 0), (0, 2), (1, 1), (1, 0), (0, 1), (0, 0)]
    m = np.asarray(matrix, dtype=np.float64)
    weights = [-m[0, 0], -m[1, 1], -2 * m[0, 1], velocity[0], velocity[1], reaction]

    def applied(rows: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The operator's residual and the sum of its parts' sizes, per column (J,)."""
        d = singular_derivatives(rows, points, alphas)
        parts = [w * d[alpha] for w, alpha in zip(weights, alphas)]
        residual = sum(parts).abs().max(dim=0).values
        return residual, sum(part.abs() for part in parts).max(dim=0).values

    residual, size = applied(spec)
    assert float((residual / size).max()) < 1e-11
    # the Laplacian's rows at the same places do not solve it
    residual, size = applied(harmonic)
    assert float((residual / size).max()) > 1e-3


@pytest.mark.parametrize("case", list(LOWER_ORDER))
def test_the_bessel_derivatives_are_central_differences_of_the_values(case):
    shape = LOWER_ORDER[case][0]
    spec = torch.as_tensor(compile_problem(lower_order_problem(case), {"seed": 0}).singular())
    points = inside_points(shape, 100, seed=1)
    h = 1e-5
    # (the derivative differenced, the axis, the derivative it should give)
    for lower, axis, upper in [
        ((0, 0), 0, (1, 0)),
        ((0, 0), 1, (0, 1)),
        ((1, 0), 0, (2, 0)),
        ((1, 0), 1, (1, 1)),
    ]:
        step = torch.zeros(2, dtype=torch.float64)
        step[axis] = h
        ahead = singular_derivatives(spec, points + step, [lower])[lower]
        behind = singular_derivatives(spec, points - step, [lower])[lower]
        difference = (ahead - behind) / (2 * h)
        exact = singular_derivatives(spec, points, [upper])[upper]
        off = (difference - exact).abs().max(dim=0).values
        assert float((off / exact.abs().max(dim=0).values).max()) < 1e-6


def test_a_vanishing_reaction_gives_the_laplacians_functions_in_the_limit():
    weak = Problem(u(x, y), LSHAPE, name="weak")
    U = u(x, y)
    weak.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + 1e-8 * U, 1))
    weak.condition("rim", sp.Eq(U, 0), on=LSHAPE.boundary)
    rows = torch.as_tensor(compile_problem(weak, {"seed": 0}).singular())
    spec = rows[rows[:, FIELD_NAMES.index("wave")] > 0]
    laplace = torch.as_tensor(compile_problem(lshape_laplace(), {"seed": 0}).singular())
    assert len(spec) == len(laplace) == len(rows) // 2
    points = inside_points(LSHAPE, 200)
    alphas = [(0, 0), (1, 0), (0, 2)]
    bessel = singular_derivatives(spec, points, alphas)
    harmonic = singular_derivatives(laplace, points, alphas)
    scale = torch.exp(spec[:, FIELD_NAMES.index("offset")])  # each row's own, read on the shape
    for alpha in alphas:
        torch.testing.assert_close(bessel[alpha] * scale, harmonic[alpha], rtol=1e-7, atol=1e-7)
    with pytest.raises(ValueError, match="wave = 0"):
        singular_values(spec, points)
    # a reaction that changes nothing beyond rounding adds no rows (they would duplicate)
    weaker = Problem(u(x, y), LSHAPE, name="weaker")
    weaker.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + 1e-13 * U, 1))
    weaker.condition("rim", sp.Eq(U, 0), on=LSHAPE.boundary)
    assert len(compile_problem(weaker, {"seed": 0}).singular()) == len(laplace)


@pytest.mark.parametrize(
    "case, reaction",
    [("helmholtz-corner", None), ("drift-reaction-hole", None), ("helmholtz-corner", 1e4)],
)
def test_each_operator_row_is_at_most_about_one_on_the_shape_in_float32_too(case, reaction):
    """The offset read on the shape's points scales each row's largest value near 1, so that
    float32 neither overflows nor flushes it (a reaction of 1e4 makes I_lam(100 r))."""
    compiled = compile_problem(lower_order_problem(case, reaction), {"seed": 0})
    spec = torch.as_tensor(compiled.singular())
    operator = spec[:, FIELD_NAMES.index("wave")] != 0
    boundary = torch.as_tensor(compiled.terms[1].points)
    wide = singular_derivatives(spec, boundary, [(0, 0)])[(0, 0)]
    peak = wide.abs().max(dim=0).values[operator]
    assert float(peak.max()) < 2 and float(peak.min()) > 1e-2
    narrow = singular_derivatives(spec.float(), boundary.float(), [(0, 0)])[(0, 0)]
    assert narrow.dtype == torch.float32 and bool(torch.isfinite(narrow).all())
    torch.testing.assert_close(narrow, wide.float(), rtol=1e-5, atol=1e-6)


def test_a_strong_drift_on_a_thin_turned_shape_stays_finite_in_float32():
    """An exponential's largest value is on the boundary: on a thin L turned by 0.5 rad with
    g = 3000, interior samples alone left columns at 1e46 there (inf in float32)."""
    turn = np.array([[math.cos(0.5), -math.sin(0.5)], [math.sin(0.5), math.cos(0.5)]])
    arms = [(0, 0), (2, 0), (2, 0.1), (0.1, 0.1), (0.1, 1), (0, 1)]
    thin = Polygon([tuple(turn @ np.array(p, dtype=float)) for p in arms])
    U = u(x, y)
    problem = Problem(U, thin, name="thin-drift")
    problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + 6000 * U.diff(x), 1))
    problem.condition("rim", sp.Eq(U, 0), on=thin.boundary)
    compiled = compile_problem(problem, {"seed": 0})
    spec = torch.as_tensor(compiled.singular())
    for term in compiled.terms:
        points = torch.as_tensor(term.points)
        wide = singular_derivatives(spec, points, [(0, 0)])[(0, 0)]
        assert float(wide.abs().max()) <= 2
        narrow = singular_derivatives(spec.float(), points.float(), [(0, 0)])[(0, 0)]
        assert bool(torch.isfinite(narrow).all())


def advection_diffusion_corner() -> Problem:
    """-Lap u / 10 + (u_x - u_y) / 2 = 0 on the L-shape, the flow leaving past the corner;
    u = exp(b . x) I_(2/3)(|b| r) sin(2 theta / 3) with b = (5, -5) / 2: a corner singularity
    beside a drift."""
    b = sp.Rational(5, 2)
    r = sp.sqrt(x**2 + y**2)
    exact = sp.exp(b * (x - y)) * sp.besseli(sp.Rational(2, 3), b * sp.sqrt(2) * r)
    exact = exact * sp.sin(2 * THETA / 3)
    U = u(x, y)
    problem = Problem(U, LSHAPE, name="advection-diffusion-corner")
    lap = U.diff(x, 2) + U.diff(y, 2)
    problem.equation("pde", sp.Eq(-lap / 10 + (U.diff(x) - U.diff(y)) / 2, 0))
    problem.condition("rim", sp.Eq(U, exact), on=LSHAPE.boundary)
    problem.exact(exact)
    return problem


def test_an_advection_diffusion_corner_is_solved_to_rounding_and_not_by_harmonic_functions(
    tmp_path,
):
    problem = advection_diffusion_corner()
    solution = pinnls.solve(problem, seed=0, budget=30)
    assert solution.errors()["rel_l2"] < 1e-10
    assert solution.basis.singular_count == 64  # 32 harmonic, 32 with the drift
    # solution.h5 keeps the drift's fields: the network read back is the same function
    paths = solution.save(tmp_path / "run", formats=("h5",))
    points = np.array([[-0.5, 0.5], [0.25, 0.75], [-0.9, -0.9], [1e-3, 1e-3], [0.9, 0.01]])
    exact = sp.lambdify((x, y), problem.exact_solution, ["scipy", "numpy"])(*points.T)
    np.testing.assert_allclose(load_network(paths["h5"])(points), exact, rtol=1e-9, atol=1e-9)
    # the same run without any singular function stalls far above it
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", pinnls.PinnlsWarning)  # "not resolved"
        plain = pinnls.solve(problem, seed=0, budget=5, singular=False)
    assert plain.errors()["rel_l2"] > 1e-4


def test_a_singular_source_keeps_the_harmonic_functions_exact_beside_the_operators():
    """-Lap u + u = f with u = r^(2/3) sin(2 theta / 3) + cos(x) e^y: the source is singular
    at the corner (f = r^(2/3) sin(...) + ...) and the solution's singular part is the
    harmonic function, which the modified Bessel one misses by r^(8/3) terms."""
    U = u(x, y)
    exact = CORNER_SOLUTION + sp.cos(x) * sp.exp(y)
    problem = Problem(U, LSHAPE, name="singular-source")
    problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + U, 0))
    problem.condition("rim", sp.Eq(U, exact), on=LSHAPE.boundary)
    problem = problem.manufactured(exact)
    solution = pinnls.solve(problem, seed=0, budget=30)
    assert solution.basis.singular_count == 64
    # 1.2e-10 (the run stops at its target of 1e-10); 7.6e-4 with the Bessel rows alone on a
    # three-quarter disk (docs/benchmarks.md section 54)
    assert solution.errors()["rel_l2"] < 1e-8


# -- caloric rows: the parabolic equation's own corner solutions -------------------------------


def parabolic_problem(matrix, velocity, reaction) -> Problem:
    """u_t - div(D grad u) + v . grad u + c u = 0 on the L-shape over t in [0, 1/2]."""
    U = u(x, y, t)
    domain = LSHAPE * Box(t=(0, sp.Rational(1, 2)))
    operator = U.diff(t) - (
        matrix[0][0] * U.diff(x, 2) + matrix[1][1] * U.diff(y, 2) + 2 * matrix[0][1] * U.diff(x, y)
    )
    operator += velocity[0] * U.diff(x) + velocity[1] * U.diff(y) + reaction * U
    problem = Problem(U, domain, name="parabolic")
    problem.equation("pde", sp.Eq(operator, 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("rim", sp.Eq(U, 1), on=domain.boundary)
    return problem


PARABOLIC = {
    "heat": ([[1, 0], [0, 1]], [0, 0], 0.0),
    # kappa^2 = v . D^-1 v / 4 + c = 3.5: the rows decay in time
    "drift-reaction-anisotropic": ([[2, 0.5], [0.5, 1]], [3, -1], 1.5),
    # kappa^2 = -5: they grow
    "growth": ([[1, 0], [0, 1]], [0, 0], -5.0),
    # kappa^2 = 0 with a drift: the caloric row of degree 0 would be the drift family's own
    "balanced-drift": ([[2, 0.5], [0.5, 1]], [3, -1], -2.0),
}


@pytest.mark.parametrize("case", list(PARABOLIC))
def test_caloric_rows_solve_the_parabolic_equation_and_match_forward_mode(case):
    matrix, velocity, reaction = PARABOLIC[case]
    compiled = compile_problem(parabolic_problem(matrix, velocity, reaction), {"seed": 0})
    rows = torch.as_tensor(compiled.singular())
    caloric = rows[:, FIELD_NAMES.index("caloric")] != 0
    spec = rows[caloric]
    exponents = sorted({round(float(v), 9) for v in spec[:, FIELD_NAMES.index("exponent")]})
    # the exponents up to CALORIC_MAX (1/3, 2/3, 4/3, 5/3 where the corner is 270 degrees in
    # the frame); degrees 1..8, and 0 beside an exponential, where the first family's
    # degree-0 row is not the same function
    assert max(exponents) <= 2 and len(exponents) >= 4
    if case == "heat":
        assert exponents == [round(j / 3, 9) for j in (1, 2, 4, 5)]
    degrees = sorted(set(spec[:, FIELD_NAMES.index("degree")].long().tolist()))
    decays = case in ("drift-reaction-anisotropic", "growth")
    assert degrees == list(range(0 if decays else 1, 9))
    assert bool((spec[:, FIELD_NAMES.index("decay")] != 0).all()) == decays
    points = torch.as_tensor(compiled.terms[0].points[:300])
    points = points[torch.linalg.norm(points[:, :2], dim=1) > 0.02]
    alphas = [(0, 0, 1), (2, 0, 0), (0, 2, 0), (1, 1, 0), (1, 0, 0), (0, 1, 0), (0, 0, 0)]
    closed = singular_derivatives(spec, points, alphas + [(1, 0, 1), (0, 1, 2)])
    forward = basis_derivatives(
        lambda z: singular_values(spec, z), points, alphas + [(1, 0, 1), (0, 1, 2)]
    )
    for alpha in closed:  # (a degree-1 row's second derivative in time is 0)
        scale = closed[alpha].abs().max(dim=0).values
        off = (closed[alpha] - forward[alpha]).abs().max(dim=0).values
        assert bool((off <= 1e-11 * scale).all()), alpha
    m = np.asarray(matrix, dtype=np.float64)
    weights = [1.0, -m[0, 0], -m[1, 1], -2 * m[0, 1], velocity[0], velocity[1], reaction]
    parts = [w * closed[alpha] for w, alpha in zip(weights, alphas)]
    residual = sum(parts).abs().max(dim=0).values
    size = sum(part.abs() for part in parts).max(dim=0).values
    assert float((residual / size).max()) < 1e-12


def heat_polynomial_corner() -> Problem:
    """u_t = Lap u on the L-shape with a corner coefficient a(t) = 1 + t + t^2:
    u = sum_m a^(m)(t) r^(2/3 + 2m) sin(2 theta / 3) / (4^m m! (5/3)_m), m = 0, 1, 2."""
    lam = sp.Rational(2, 3)
    r = sp.sqrt(x**2 + y**2)
    a = 1 + t + t**2
    exact = (
        a * r**lam
        + sp.diff(a, t) * r ** (lam + 2) / (4 * (lam + 1))
        + sp.diff(a, t, 2) * r ** (lam + 4) / (32 * (lam + 1) * (lam + 2))
    ) * sp.sin(lam * THETA)
    domain = LSHAPE * Box(t=(0, 1))
    U = u(x, y, t)
    problem = Problem(U, domain, name="heat-polynomial-corner")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
    problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
    problem.condition("rim", sp.Eq(U, exact), on=domain.boundary)
    problem.exact(exact)
    return problem


def test_a_corner_coefficient_that_varies_in_time_is_solved_to_rounding():
    # 3.4e-3 in 30 s with the harmonic functions times Legendre polynomials alone (their
    # r^(8/3) and r^(14/3) terms are missing); 1.0e-15 in 2.9 s with the caloric rows
    solution = pinnls.solve(heat_polynomial_corner(), seed=0, budget=30)
    assert solution.errors()["rel_l2"] < 1e-10
    assert solution.basis.singular_count == 208


def test_transport_and_wave_equations_on_the_l_shape_get_no_singular_functions():
    U = u(x, y, t)
    domain = LSHAPE * Box(t=(0, 1))
    transport = Problem(U, domain, name="transport")
    transport.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    transport.condition("initial", sp.Eq(u(x, y, 0), 0))
    assert compile_problem(transport, {"seed": 0}).singular() is None
    wave = Problem(U, domain, name="wave")
    wave.equation("pde", sp.Eq(U.diff(t, 2), U.diff(x, 2) + U.diff(y, 2)))
    wave.condition("initial", sp.Eq(u(x, y, 0), 0))
    wave.condition("rim", sp.Eq(U, 0), on=domain.boundary)
    assert compile_problem(wave, {"seed": 0}).singular() is None


def test_at_the_corner_itself_the_columns_and_their_derivatives_are_zero_not_infinite():
    spec = torch.as_tensor(compile_problem(lshape_laplace(), {"seed": 0}).singular())
    at = torch.zeros((1, 2), dtype=torch.float64)
    blocks = basis_derivatives(lambda z: singular_values(spec, z), at, [(0, 0), (1, 0), (2, 0)])
    for block in blocks.values():
        assert torch.isfinite(block).all() and float(block.abs().max()) == 0.0


def tee_heat() -> Problem:
    """Heat on a T joined to a disk: corners whose edges are not along x (a disk's arc meets
    the bar), with time."""
    tee = Box(x=(-1, 1), y=(1, 1.5)) | Box(x=(-0.25, 0.25), y=(0, 1.2)) | Disk((0.6, 0.9), 0.3)
    domain = tee * Box(t=(0, 1))
    U = u(x, y, t)
    problem = Problem(U, domain, name="tee-heat")
    problem.equation("pde", sp.Eq(U.diff(t), 0.5 * (U.diff(x, 2) + U.diff(y, 2))))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("rim", sp.Eq(U, 0), on=domain.boundary)
    return problem


def test_the_closed_form_derivatives_are_forward_mode_through_the_functions():
    compiled = compile_problem(tee_heat(), {"seed": 0})
    spec = torch.as_tensor(compiled.singular())
    edges = spec[:, FIELD_NAMES.index("edge")]
    assert float(edges.abs().max()) > 0.1  # corners turned from the x axis
    points = torch.as_tensor(compiled.terms[0].points[:400])
    alphas = [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1), (2, 0, 0), (1, 1, 0), (0, 2, 0)]
    alphas += [(1, 0, 1), (0, 0, 2)]
    closed = singular_derivatives(spec, points, alphas)
    forward = basis_derivatives(lambda z: singular_values(spec, z), points, alphas)
    for alpha in alphas:
        scale = float(forward[alpha].abs().max())
        torch.testing.assert_close(closed[alpha], forward[alpha], rtol=0, atol=1e-12 * scale)


# -- the basis --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def enriched():
    compiled = compile_problem(annulus_heat(), {"seed": 0})
    basis = Basis(compiled.lower, compiled.upper, width=16, activation="sin")
    torch.nn.init.normal_(
        basis.layers[0].weight, std=3.0, generator=torch.Generator().manual_seed(0)
    )
    spec = torch.as_tensor(compiled.singular())
    basis.set_singular(spec)
    points = torch.as_tensor(compiled.terms[0].points[:200])
    return basis, spec, points


def test_the_singular_columns_sit_between_the_features_and_the_constant(enriched):
    basis, spec, points = enriched
    assert basis.size == 16 + len(spec) + 1 and basis.singular_count == len(spec)
    with torch.no_grad():
        values = basis(points)
    assert values.shape == (200, basis.size)
    torch.testing.assert_close(values[:, 16:-1], singular_values(spec, points), rtol=0, atol=1e-13)
    assert bool((values[:, -1] == 1).all())


def test_every_derivative_path_appends_the_singular_columns_in_the_same_place(enriched):
    # (the columns themselves are the closed form on every path: the test above checks it
    # against forward mode through the functions)
    basis, _, points = enriched
    coefficient = torch.linspace(0.5, 2.0, len(points), dtype=torch.float64)
    parts = [((0, 0, 1), 1.0), ((2, 0, 0), -0.7), ((0, 2, 0), coefficient), ((0, 0, 0), 0.3)]
    direction = torch.stack([coefficient, -coefficient, 0 * coefficient], dim=1)
    with torch.no_grad():
        closed = operator_columns(basis, points, parts, direction)
    with jvp_only():
        blocks = basis_derivatives(basis, points, [alpha for alpha, _ in parts])
        _, along = directional_derivative(basis, points, direction)
    reference = sum(
        (c[:, None] if isinstance(c, torch.Tensor) else c) * blocks[alpha] for alpha, c in parts
    )
    reference = reference + along
    torch.testing.assert_close(closed, reference, rtol=1e-11, atol=1e-11)
    closed_blocks = basis_derivatives(basis, points, [(1, 1, 0), (0, 0, 0)])
    with jvp_only():
        forward_blocks = basis_derivatives(basis, points, [(1, 1, 0), (0, 0, 0)])
    for alpha in closed_blocks:
        torch.testing.assert_close(
            closed_blocks[alpha], forward_blocks[alpha], rtol=1e-11, atol=1e-11
        )


def test_set_singular_refuses_a_spec_of_the_wrong_shape():
    basis = Basis([0, 0], [1, 1], width=4)
    with pytest.raises(ValueError, match=rf"\(J, {FIELDS}\)"):
        basis.set_singular(torch.zeros((3, 5)))
    with pytest.raises(ValueError, match="J >= 1"):
        basis.set_singular(torch.zeros((0, FIELDS)))


def test_a_spec_saved_before_the_lower_order_fields_reads_as_the_laplacians():
    """A spec of the 17 fields that solution.h5 held before drift and wave were fields is
    padded with zeros: the same columns as the Laplacian's rows of today."""
    spec = torch.as_tensor(compile_problem(lshape_laplace(), {"seed": 0}).singular())
    assert spec.shape[1] == FIELDS and bool((spec[:, LEGACY_FIELDS:] == 0).all())
    old, new = Basis([-1, -1], [1, 1], width=4), Basis([-1, -1], [1, 1], width=4)
    old.set_singular(spec[:, :LEGACY_FIELDS])
    new.set_singular(spec)
    points = torch.rand(50, 2, dtype=torch.float64) * 2 - 1
    torch.testing.assert_close(old.singular(points), new.singular(points), rtol=0, atol=0)


# -- problems -----------------------------------------------------------------------------------


def test_the_l_shape_corner_is_solved_to_rounding_and_not_without_its_functions(tmp_path):
    problem = lshape_laplace()
    solution = pinnls.solve(problem, seed=0, budget=30)
    error = solution.errors()["rel_l2"]
    assert error < 1e-9, error
    assert solution.basis.singular_count == 32
    # the features alone (the same strategy and budget): algebraic convergence to r^(2/3)
    plain = pinnls.solve(problem, seed=0, budget=30, singular=False)
    assert plain.basis.singular_count == 0
    assert plain.errors()["rel_l2"] > 1e-4
    # saved and read back: the network rebuilds its singular columns
    paths = solution.save(tmp_path / "run", formats=("h5",))
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["singular"]["columns"] == 32
    assert report["singular"]["corners"] == [{"at": [0.0, 0.0], "angle": pytest.approx(270.0)}]
    network = load_network(paths["h5"])
    points = np.array([[-0.5, 0.5], [0.25, 0.75], [-0.9, -0.9], [1e-3, 1e-3]])
    expected = sp.lambdify((x, y), CORNER_SOLUTION, "numpy")(*points.T)
    np.testing.assert_allclose(network(points), expected, atol=1e-8)
    # a file written before the spec had the drift's fields (17 columns) reads the same
    import h5py

    with h5py.File(paths["h5"], "r+") as handle:
        (name,) = [key for key in _datasets(handle) if key.endswith("singular_spec")]
        legacy = handle[name][:, :LEGACY_FIELDS]
        del handle[name]
        handle[name] = legacy
    np.testing.assert_array_equal(load_network(paths["h5"], verify=False)(points), network(points))


def _datasets(group, prefix: str = "") -> list[str]:
    """Every dataset's path in an HDF5 group."""
    import h5py

    out = []
    for key, item in group.items():
        path = f"{prefix}/{key}"
        out.extend(_datasets(item, path) if isinstance(item, h5py.Group) else [path])
    return out


def test_heat_on_an_annulus_with_ln_r_is_solved_to_1e_8():
    solution = pinnls.solve(annulus_heat(), seed=0, budget=40)
    assert solution.basis.singular_count == 81
    error = solution.errors()["rel_l2"]
    assert error < 1e-8, error


def test_check_names_the_corner_and_the_hole_and_the_number_of_functions(capsys):
    from pinnls.cli import main

    assert main(["check", str(ROOT / "problems" / "heat_lshape.py")]) == 0
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("singular"))
    assert "a corner of 270 degrees at (0.5, 0.5)" in line
    assert "208 singular functions (144 harmonic, 64 caloric) may join the basis" in line
    assert main(["check", str(ROOT / "benchmarks" / "user33" / "heat_annulus_robin.py")]) == 0
    out = capsys.readouterr().out
    assert "a hole of radius 0.3 around (0, 0): 81 singular functions" in out
    assert main(["check", str(ROOT / "benchmarks" / "user34" / "anisotropic_pacman.py")]) == 0
    assert "270 degrees (306.9 in the diffusion's frame)" in capsys.readouterr().out
    assert main(["check", str(ROOT / "problems" / "poisson_disk.py")]) == 0
    assert "singular" not in capsys.readouterr().out


def test_auto_drops_the_functions_where_the_solution_is_smooth_at_the_corner():
    # smooth at the corner, with a source (no modes first): the Poisson problem as it is
    smooth = sp.exp(x) * sp.sin(y) + x**2 * y
    U = u(x, y)
    problem = Problem(U, LSHAPE, name="lshape-smooth")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 2 * y))
    problem.condition("rim", sp.Eq(U, smooth), on=LSHAPE.boundary)
    problem.exact(smooth)
    solution = pinnls.solve(problem, seed=0, budget=10, particular=False)
    stages = solution.strategy.stages
    # step 0s: a tanh probe without the 32 functions, one with them beside the same features
    plain, enriched = stages[0], stages[1]
    assert (plain.activation, plain.width, plain.singular) == ("tanh", 512, 0)
    assert (enriched.activation, enriched.width, enriched.singular) == ("tanh", 512, 32)
    assert enriched.estimate * 2 > plain.estimate  # no 2x gain: dropped
    assert all(stage.singular == 0 for stage in stages[2:])
    # the plain probe is the ladder's first rung: no second stage of width 512 at 1.5
    rungs = [
        st
        for st in stages
        if (st.width, st.scale, st.activation, st.singular) == (512, 1.5, "tanh", 0)
    ]
    assert len(rungs) == len({st.axis_scales and tuple(st.axis_scales.items()) for st in rungs})
    assert solution.basis.singular_count == 0
    assert solution.errors()["rel_l2"] < 1e-8
    # the probe set aside stays in the record and the history, at its place
    assert len(solution.history) == len(stages)
    assert solution.final_row == solution.strategy.chosen.stage


def test_auto_keeps_them_on_the_corner_solution_and_stops_when_the_probe_is_at_rounding():
    solution = pinnls.solve(lshape_laplace(), seed=0, budget=30)
    stages = solution.strategy.stages
    # modes first (without them) misses the corner; step 0s keeps them and ends the run
    assert [stage.singular for stage in stages] == [0, 0, 32]
    assert stages[0].modes == 1.0 and stages[0].estimate > 1e-3
    assert stages[2].estimate * 2 <= stages[1].estimate
    assert solution.strategy.chosen.singular == 32
    assert solution.stop_reason == "converged"
    # a later time slab starts with the first one's decision
    from pinnls.training import auto

    assert auto._next_start(solution).singular is True


def test_when_the_functions_win_their_probe_is_the_first_rung_not_solved_again():
    exact = CORNER_SOLUTION + sp.sin(x) * sp.exp(y)  # the corner beside a smooth harmonic part
    solution = pinnls.solve(lshape_laplace(exact), seed=0, budget=6, particular=False)
    stages = solution.strategy.stages
    assert [stage.singular for stage in stages[:3]] == [0, 0, 32]
    keys = [
        (st.activation, st.width, st.scale, st.singular, st.modes, st.axis_scales and
         tuple(sorted(st.axis_scales.items())))
        for st in stages
    ]  # fmt: skip
    assert len(keys) == len(set(keys)), keys
    assert all(stage.singular == 32 for stage in stages[2:])
    assert solution.errors()["rel_l2"] < 1e-6


def test_the_plan_charges_the_columns_in_every_term_and_not_as_plane_waves():
    from pinnls.training import cost

    compiled = compile_problem(tee_heat(), {"seed": 0})
    spec = compiled.singular()
    sizes = cost.features(compiled, 512)
    assert sizes["columns"] == sizes["solved"] == 513 + len(spec)
    plain = cost.features(compiled, 512, singular=False)
    assert plain["columns"] == plain["solved"] == 513
    with_them = cost.smooth_stage(compiled, 512)
    without = cost.smooth_stage(compiled, 512, singular=False)
    a, b, d = cost.CONSTANTS
    f, v, s = cost.terms(sizes)
    assert with_them == pytest.approx(a * f + b * v + d * s)  # no WAVES_ASSEMBLY factor
    assert with_them > without


def test_a_checkpoint_from_before_the_setting_resumes_without_the_functions(tmp_path):
    from pinnls import checkpoint
    from pinnls.errors import CheckpointError

    compiled = compile_problem(lshape_laplace(), {"seed": 0})
    fixed = dict(optimizer="lsgd", width=16, activation="tanh", iterations=2, eval_points=11)
    first = pinnls.solve(compiled, singular=False, **fixed)
    path = checkpoint.save(first, tmp_path / "checkpoint.pt", problem_sha256="1" * 64)
    state = torch.load(path, weights_only=False)
    del state["settings"]["singular"]  # as a checkpoint made before the setting existed
    torch.save(state, path)
    resumed = pinnls.solve(compiled, singular=False, resume=path, **{**fixed, "iterations": 3})
    assert resumed.iterations == 3
    with pytest.raises(CheckpointError, match="singular=False, but this run has singular=True"):
        pinnls.solve(compiled, resume=path, **{**fixed, "iterations": 3})


def test_a_checkpoint_whose_spec_predates_the_drifts_fields_resumes(tmp_path):
    from pinnls import checkpoint

    compiled = compile_problem(lshape_laplace(), {"seed": 0})
    fixed = dict(optimizer="lsgd", width=16, activation="tanh", iterations=2, eval_points=11)
    first = pinnls.solve(compiled, **fixed)
    path = checkpoint.save(first, tmp_path / "checkpoint.pt", problem_sha256="1" * 64)
    state = torch.load(path, weights_only=False)
    spec = state["basis"]["singular_spec"]
    assert spec.shape == (32, FIELDS)
    state["basis"]["singular_spec"] = spec[:, :LEGACY_FIELDS]  # as saved before session 34
    torch.save(state, path)
    resumed = pinnls.solve(compiled, resume=path, **{**fixed, "iterations": 3})
    assert resumed.iterations == 3
    torch.testing.assert_close(resumed.basis.singular_spec, spec.to(resumed.basis.singular_spec))


def test_check_counts_each_family_of_singular_functions(capsys):
    from pinnls.cli import main

    assert main(["check", str(ROOT / "benchmarks" / "user35" / "heat_drift_lshape.py")]) == 0
    line = next(li for li in capsys.readouterr().out.splitlines() if li.startswith("singular"))
    counts = "360 singular functions (144 harmonic, 144 for the drift or reaction, 72 caloric)"
    assert counts in line


def test_a_checkpoint_with_other_singular_functions_is_refused_in_one_line(tmp_path):
    """A heat problem's corner drew 144 functions before the caloric rows (208 now): such a
    checkpoint cannot resume, and says why in one line."""
    from pinnls import checkpoint
    from pinnls.errors import CheckpointError

    compiled = compile_problem(parabolic_problem(*PARABOLIC["heat"]), {"seed": 0})
    fixed = dict(optimizer="lsgd", width=16, activation="tanh", iterations=2, eval_points=11)
    first = pinnls.solve(compiled, **fixed)
    path = checkpoint.save(first, tmp_path / "checkpoint.pt", problem_sha256="1" * 64)
    state = torch.load(path, weights_only=False)
    assert len(state["basis"]["singular_spec"]) == 208
    state["basis"]["singular_spec"] = state["basis"]["singular_spec"][:144, :LEGACY_FIELDS]
    coefficients = state["coefficients"]
    state["coefficients"] = torch.cat([coefficients[: 16 + 144], coefficients[-1:]])
    torch.save(state, path)
    with pytest.raises(CheckpointError) as caught:
        pinnls.solve(compiled, resume=path, **{**fixed, "iterations": 3})
    message = str(caught.value)
    assert "\n" not in message and "144 singular functions and this one 208" in message
