"""Points where a boundary condition changes: a condition on the value beside one on a
derivative (``r^(1/2)`` on a straight edge) and data of the value that jump (the angle), found
from the problem's conditions on a shape or a box, their functions in the basis, and the
problems that a smooth basis could not resolve."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls
from pinnls import Box, Polygon, Problem, compile_problem
from pinnls.numeric.basis import basis_derivatives
from pinnls.numeric.singular import singular_derivatives, singular_values
from pinnls.singular import (
    CORNER,
    FIELD_NAMES,
    LOG,
    boundary_changes,
    frame_changes,
    principal_frame,
)

ROOT = Path(__file__).resolve().parent.parent
EDGES = ROOT / "benchmarks" / "edges"
x, y, t = sp.symbols("x y t")
u = sp.Function("u")
SQUARE = Box(x=(0, 1), y=(0, 1))
EPS = 1e-9


def load(name: str):
    loaded = pinnls.load_problem(EDGES / f"{name}.py")
    return compile_problem(loaded.problem, loaded.settings)


def column(spec: np.ndarray, name: str) -> np.ndarray:
    return np.asarray(spec)[:, FIELD_NAMES.index(name)]


def box_problem(faces: dict[str, sp.Expr], equation=None, box=SQUARE) -> Problem:
    """Laplace's equation (or ``equation``) on a box, one condition per face: ``{"x=0": data}``
    holds the value, ``{"dx=0": data}`` the outward derivative."""
    U = u(x, y)
    problem = Problem(U, box, name="faces")
    problem.equation("pde", sp.Eq(equation or U.diff(x, 2) + U.diff(y, 2), 0))
    for name, data in faces.items():
        axis, value = name.lstrip("d").split("=")
        symbol = {"x": x, "y": y}[axis]
        at = sp.Rational(value)
        if name.startswith("d"):
            sign = 1 if at > 0 else -1
            lhs = sign * U.diff(symbol).subs(symbol, at)
        else:
            lhs = U.subs(symbol, at)
        label = f"{'flux' if name.startswith('d') else 'value'}_{axis}{value}"
        problem.condition(label, sp.Eq(lhs, sp.sympify(data).subs(symbol, at)))
    return problem


# -- where the conditions change ------------------------------------------------------------


def test_a_value_held_beside_an_insulated_part_of_a_straight_edge_is_a_mixed_change():
    compiled = load("motz_mixed_edge")
    inside = [c for c in boundary_changes(compiled) if abs(c.angle - math.pi) < 1e-9]
    (change,) = inside
    np.testing.assert_allclose(change.point, (0, 0), atol=1e-12)
    assert change.mixed and not change.jump
    # the inside begins along the edge's direction (1, 0) and sweeps the upper half plane
    assert math.cos(change.start) == pytest.approx(1, abs=1e-12)
    # the rectangle's corner (1, 0) changes too, a right angle: no function there
    assert [c.point for c in frame_changes(compiled, principal_frame(compiled))] == [change.point]


def test_the_mixed_change_gives_the_half_integer_exponents_in_sine_and_cosine():
    spec = load("motz_mixed_edge").singular()
    assert set(column(spec, "kind")) == {CORNER}
    exponents = sorted(set(column(spec, "exponent")))
    np.testing.assert_allclose(exponents, [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5])
    assert len(spec) == 2 * len(exponents)  # sin and cos of each


def test_data_that_jump_between_two_conditions_on_one_edge_are_found_where_they_jump():
    compiled = load("hot_strip_jump")
    changes = boundary_changes(compiled)
    points = sorted(c.point for c in changes)
    np.testing.assert_allclose(points, [(0.25, 0), (0.75, 0)], atol=1e-12)
    assert all(c.jump and not c.mixed and c.angle == pytest.approx(math.pi) for c in changes)
    spec = compiled.singular()
    assert set(column(spec, "kind")) == {LOG}
    assert set(column(spec, "trig")) == {0}  # the angle, Im ln w


def test_a_jump_at_a_box_corner_between_two_faces_is_found_with_its_right_angle():
    compiled = load("box_corner_jump")
    (change,) = boundary_changes(compiled)
    np.testing.assert_allclose(change.point, (0, 0), atol=1e-12)
    assert change.angle == pytest.approx(math.pi / 2, abs=1e-9)
    assert change.jump and not change.mixed
    assert len(compiled.singular()) == 1


def test_a_piecewise_jump_inside_one_faces_data_is_found():
    compiled = load("box_piecewise_edge")
    (change,) = boundary_changes(compiled)
    np.testing.assert_allclose(change.point, (0.5, 0), atol=1e-12)
    assert change.jump and not change.mixed


@pytest.mark.parametrize(
    "faces",
    [
        # one smooth function on four faces, each its own condition
        {f: sp.exp(x) * sp.sin(y) + x * y for f in ("x=0", "x=1", "y=0", "y=1")},
        # data steep but continuous: tanh over 1e-3
        {
            "y=0": sp.tanh(1000 * (x - sp.Rational(1, 2))),
            "y=1": 0,
            "x=0": sp.tanh(-500) * (1 - y),
            "x=1": sp.tanh(500) * (1 - y),
        },
    ],
    ids=["smooth", "steep"],
)
def test_continuous_data_on_faces_make_no_jump(faces):
    assert boundary_changes(compile_problem(box_problem(faces))) == []


def test_a_held_face_beside_an_insulated_one_at_a_right_angle_gives_no_function():
    compiled = compile_problem(box_problem({"x=0": 0, "dx=1": 0, "y=0": x * (1 - x), "dy=1": 0}))
    changes = boundary_changes(compiled)
    # held beside insulated at (0, 1) and (1, 0); two held faces that agree at (0, 0), two
    # insulated ones at (1, 1): no change
    assert {c.point for c in changes} == {(0.0, 1.0), (1.0, 0.0)}
    assert all(c.mixed and not c.jump for c in changes)
    assert frame_changes(compiled, principal_frame(compiled)) == []
    assert compiled.singular() is None


def test_an_anisotropic_diffusion_turns_a_right_angle_and_its_conormal_flux_is_mixed():
    # u_xx + 2 u_xy + 4 u_yy: in the frame D^(-1/2) the box's right angles are not right
    U = u(x, y)
    equation = U.diff(x, 2) + 2 * U.diff(x, y) + 4 * U.diff(y, 2)
    # the conormal derivative on x = 1, n . D grad u = u_x + u_y (D = [[1, 1], [1, 4]]): a
    # Neumann condition in the frame, and the exponents (j + 1/2) pi / alpha are fractional
    conormal = compile_problem(_conormal_box(equation))
    kept = frame_changes(conormal, principal_frame(conormal))
    assert {tuple(np.round(c.point, 9)) for c in kept} == {(1.0, 0.0), (1.0, 1.0)}
    exponents = column(conormal.singular(), "exponent")
    assert np.all(np.abs(exponents - np.round(exponents)) > 1e-6)
    # u_x alone is oblique there: its exponents would be others, so no change is read
    oblique = compile_problem(box_problem({"x=0": 0, "dx=1": 0, "y=0": 0, "y=1": 0}, equation))
    assert boundary_changes(oblique) == [] and oblique.singular() is None


def _conormal_box(equation) -> Problem:
    U = u(x, y)
    problem = Problem(U, SQUARE, name="conormal")
    problem.equation("pde", sp.Eq(equation, 0))
    problem.condition("left", sp.Eq(u(0, y), 0))
    problem.condition("bottom", sp.Eq(u(x, 0), 0))
    problem.condition("top", sp.Eq(u(x, 1), 0))
    problem.condition("flux", sp.Eq((U.diff(x) + U.diff(y)).subs(x, 1), 0))
    return problem


def test_transport_and_systems_read_no_change():
    U = u(x, y)
    problem = Problem(U, SQUARE, name="transport")
    problem.equation("pde", sp.Eq(U.diff(x) + U.diff(y), 0))
    problem.condition("left", sp.Eq(u(0, y), 1))
    problem.condition("bottom", sp.Eq(u(x, 0), 0))
    compiled = compile_problem(problem)
    assert principal_frame(compiled) is None and compiled.singular() is None


# -- the functions ----------------------------------------------------------------------------


def test_the_angle_is_zero_on_one_side_and_its_wedge_on_the_other_and_harmonic():
    compiled = load("box_corner_jump")
    spec = torch.as_tensor(compiled.singular())
    along_bottom = torch.tensor([[0.3, 0.0], [0.7, 0.0]], dtype=torch.float64)
    along_left = torch.tensor([[0.0, 0.3], [0.0, 0.7]], dtype=torch.float64)
    np.testing.assert_allclose(singular_values(spec, along_bottom).numpy(), 0, atol=1e-15)
    np.testing.assert_allclose(singular_values(spec, along_left).numpy(), math.pi / 2, atol=1e-15)
    points = torch.rand(200, 2, dtype=torch.float64) * 0.98 + 0.01
    alphas = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2), (3, 0)]
    closed = singular_derivatives(spec, points, alphas)
    forward = basis_derivatives(lambda z: singular_values(spec, z), points, alphas)
    for alpha in alphas:
        scale = float(forward[alpha].abs().max())
        torch.testing.assert_close(closed[alpha], forward[alpha], rtol=0, atol=1e-12 * scale)
    laplacian = closed[(2, 0)] + closed[(0, 2)]
    assert float(laplacian.abs().max()) < 1e-10 * float(closed[(2, 0)].abs().max())


def test_the_mixed_functions_satisfy_the_mixed_conditions_and_caloric_rows_join_in_time():
    compiled = load("heat_mixed_edge")
    spec = compiled.singular()
    assert (column(spec, "caloric") != 0).any()
    harmonic = torch.as_tensor(spec[(column(spec, "caloric") == 0) & (column(spec, "degree") == 0)])
    held = torch.tensor([[-0.5, 0.0, 0.3], [-0.1, 0.0, 0.6]], dtype=torch.float64)
    insulated = torch.tensor([[0.5, 0.0, 0.3], [0.1, 0.0, 0.6]], dtype=torch.float64)
    values = singular_derivatives(harmonic, held, [(0, 0, 0)])[(0, 0, 0)]
    flux = singular_derivatives(harmonic, insulated, [(0, 1, 0)])[(0, 1, 0)]
    trig = column(harmonic.numpy(), "trig")
    # the sines vanish where the edge begins (x > 0, psi = 0), the cosines where it ends
    # (x < 0, psi = pi); the cosines' normal derivative vanishes at psi = 0
    assert float(values[:, trig == 1].abs().max()) < 1e-13
    assert float(flux[:, trig == 1].abs().max()) < 1e-12


# -- solved ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, count",
    [("motz_mixed_edge", 16), ("hot_strip_jump", 2), ("box_corner_jump", 1)],
)
def test_each_change_of_condition_is_solved_to_rounding(name, count, tmp_path):
    solution = pinnls.solve(load(name), seed=0)
    assert solution.basis.singular_count == count
    error = solution.errors()["rel_l2"]
    assert error < 1e-10, error
    solution.save(tmp_path / "run", formats=("h5",))
    report = json.loads((tmp_path / "run" / "report.json").read_text())
    assert report["singular"]["columns"] == count
    assert report["singular"]["corners"] == []
    assert report["singular"]["changes"], report["singular"]


def test_check_names_the_changes_and_counts_one_function_in_the_singular(capsys):
    from pinnls.cli import main

    assert main(["check", str(EDGES / "hot_strip_jump.py")]) == 0
    line = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("singular"))
    assert "the value's data jump at (0.25, 0); the value's data jump at (0.75, 0)" in line
    assert main(["check", str(EDGES / "box_corner_jump.py")]) == 0
    out = capsys.readouterr().out
    assert ": 1 singular function (1 harmonic)" in out
    assert main(["check", str(EDGES / "motz_mixed_edge.py")]) == 0
    out = capsys.readouterr().out
    assert "a condition on the value meets one on a derivative at (0, 0): 16 singular" in out


def lid_series(points: np.ndarray) -> np.ndarray:
    """The lid problem's series at points (m, 2) with y < 1: benchmarks/edges/lid_error.py's,
    which that script compares each run with."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("lid_error", EDGES / "lid_error.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.series(points)


def test_the_lid_problem_without_an_exact_solution_matches_its_series_and_its_estimate():
    loaded = pinnls.load_problem(EDGES / "lid_square.py")
    solution = pinnls.solve(loaded.problem, seed=0)
    assert solution.basis.singular_count == 2
    grid = np.linspace(0.02, 0.98, 25)
    points = np.stack(np.meshgrid(grid, grid * 0.9), axis=-1).reshape(-1, 2)  # y <= 0.88
    error = np.abs(solution(points) - lid_series(points)).max()
    assert error < 1e-9, error
    # the estimate says so too (its fresh points reach the lid)
    assert solution.validation["total"] < 1e-9


# -- what a review found ------------------------------------------------------------------------


def laplace_on(shape, conditions: dict) -> Problem:
    """Laplace's equation on ``shape``, one value condition per ``{name: (relation, data)}``
    on the parts of its boundary."""
    U = u(x, y)
    problem = Problem(U, shape, name="parts")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
    for name, (relation, data) in conditions.items():
        where = shape.boundary if relation is None else shape.boundary.where(relation)
        problem.condition(name, sp.Eq(U, data), on=where)
    return problem


def test_an_edge_that_faces_another_arm_takes_a_branch_cut_that_leaves_the_shape():
    # a U: the jump on the left arm's inner wall x = 1 at y = 3/2; the outward normal's ray
    # crosses the right arm, so the cut turns up through the opening
    shape = Polygon([(0, 0), (3, 0), (3, 2), (2, 2), (2, 1), (1, 1), (1, 2), (0, 2)])
    wall = sp.And(x > 1 - EPS, x < 1 + EPS, y > 1.5)
    compiled = compile_problem(laplace_on(shape, {"hot": (wall, 1), "rest": (sp.Not(wall), 0)}))
    kept = frame_changes(compiled, principal_frame(compiled))
    # and where the hot wall meets the arm's top, (1, 2), a right angle
    assert sorted(tuple(np.round(c.point, 9)) for c in kept) == [(1.0, 1.5), (1.0, 2.0)]
    spec = torch.as_tensor(compiled.singular())
    # across the line y = 3/2 inside the right arm, psi is continuous
    below = torch.tensor([[2.5, 1.5 - 1e-9]], dtype=torch.float64)
    above = torch.tensor([[2.5, 1.5 + 1e-9]], dtype=torch.float64)
    step = (singular_values(spec, above) - singular_values(spec, below)).abs().max()
    assert float(step) < 1e-6


def test_a_jump_on_a_holes_boundary_is_read_but_gets_no_function():
    # every ray from the hole's rim meets the shape again: no branch cut leaves it
    shape = Box(x=(-1, 1), y=(-1, 1)) - Box(x=(-0.25, 0.25), y=(-0.25, 0.25))
    rim = sp.And(sp.Abs(x) < 0.25 + EPS, sp.Abs(y) < 0.25 + EPS)
    half = sp.And(rim, x > 0)
    problem = laplace_on(
        shape,
        {"warm": (half, 1), "cold": (sp.And(rim, x <= 0), 0), "outer": (sp.Not(rim), 0)},
    )
    compiled = compile_problem(problem)
    jumps = [c for c in boundary_changes(compiled) if c.jump]
    assert {tuple(np.round(c.point, 9)) for c in jumps} == {(0.0, 0.25), (0.0, -0.25)}
    assert frame_changes(compiled, principal_frame(compiled)) == []


@pytest.mark.parametrize(
    "left",
    [
        sp.Eq(1 - u(0, y), 0),  # the value read through a coefficient of -1
        sp.Eq(2 * u(0, y), 2),
    ],
    ids=["minus", "twice"],
)
def test_a_value_written_with_a_constant_factor_is_its_data_over_it(left):
    U = u(x, y)
    problem = Problem(U, SQUARE, name="scaled")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 0))
    problem.condition("left", left)
    for name, at in (("right", u(1, y)), ("bottom", u(x, 0)), ("top", u(x, 1))):
        problem.condition(name, sp.Eq(at, 1))
    assert boundary_changes(compile_problem(problem)) == []


def test_a_periodic_pair_is_no_value_held():
    U = u(x, y)
    problem = Problem(U, SQUARE, name="periodic")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2) - U, 0))
    problem.condition("periodic", sp.Eq(u(0, y) - u(1, y), 0))
    problem.condition("slope", sp.Eq(U.diff(x).subs(x, 0) - U.diff(x).subs(x, 1), 0))
    problem.condition("bottom", sp.Eq(u(x, 0), 2))
    problem.condition("top", sp.Eq(u(x, 1), 2))
    assert boundary_changes(compile_problem(problem)) == []


def test_a_jump_is_measured_against_the_datas_range_not_their_offset():
    # a lid at 300.02 K on walls at 300 K: the jump is 1e-4 of the values, all of their range
    faces = {"x=0": 300, "x=1": 300, "y=0": 300, "y=1": sp.Rational(30002, 100)}
    changes = boundary_changes(compile_problem(box_problem(faces)))
    assert {c.point for c in changes} == {(0.0, 1.0), (1.0, 1.0)}
    assert all(c.jump for c in changes)


def test_the_particular_solutions_part_is_put_back_before_the_data_are_read():
    # a source that the particular solution takes: its u_p enters every face's data
    U = u(x, y)
    problem = Problem(U, SQUARE, name="shifted")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + U.diff(y, 2), 1000 * sp.exp(3 * x + 4 * y)))
    for name, at, data in (("lid", u(x, 1), 1), ("left", u(0, y), 0), ("right", u(1, y), 0),
                           ("bottom", u(x, 0), 0)):  # fmt: skip
        problem.condition(name, sp.Eq(at, data))
    compiled = compile_problem(problem)
    shifted = compiled.with_particular()
    assert shifted.particular is not None
    points = sorted(c.point for c in boundary_changes(shifted))
    assert points == sorted(c.point for c in boundary_changes(compiled)) == [(0.0, 1.0), (1.0, 1.0)]


def test_a_piecewise_that_jumps_at_a_vertex_of_one_condition_is_found_there():
    shape = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    data = sp.Piecewise((1, y >= 1), (0, True))
    compiled = compile_problem(laplace_on(shape, {"rim": (None, data)}))
    changes = boundary_changes(compiled)
    assert {c.point for c in changes} == {(0.0, 1.0), (1.0, 1.0)}
    assert all(c.jump and c.angle == pytest.approx(math.pi / 2) for c in changes)


def test_with_a_drift_the_angle_also_comes_times_the_exponential_whose_residual_is_bounded():
    U = u(x, y)
    problem = Problem(U, SQUARE, name="drift")
    problem.equation("pde", sp.Eq(-(U.diff(x, 2) + U.diff(y, 2)) + 4 * U.diff(x), 0))
    for name, at, data in (("lid", u(x, 1), 1), ("left", u(0, y), 0), ("right", u(1, y), 0),
                           ("bottom", u(x, 0), 0)):  # fmt: skip
        problem.condition(name, sp.Eq(at, data))
    spec = compile_problem(problem).singular()
    assert len(spec) == 4 and set(column(spec, "drift_a")) == {0.0, 2.0}  # g = v / 2
    rows = torch.as_tensor(spec)
    residuals = []
    for r in (1e-2, 1e-4):
        at = torch.tensor([[0.7 * r, 1 - 0.7 * r]], dtype=torch.float64)
        d = singular_derivatives(rows, at, [(2, 0), (0, 2), (1, 0)])
        residuals.append((-(d[(2, 0)] + d[(0, 2)]) + 4 * d[(1, 0)])[0].abs())
    weighted = (column(spec, "drift_a") != 0) & (column(spec, "centre_a") == 0)
    plain = (column(spec, "drift_a") == 0) & (column(spec, "centre_a") == 0)
    # the plain angle's residual grows like |v| / r; the weighted one's stays bounded
    assert float(residuals[1][plain]) > 50 * float(residuals[0][plain])
    assert float(residuals[1][weighted]) < 1.0
