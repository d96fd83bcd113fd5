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
from pinnls import Box, Problem, compile_problem
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


def test_an_anisotropic_diffusion_turns_a_right_angle_and_gives_the_mixed_exponents():
    # u_xx + 2 u_xy + 4 u_yy: in the frame D^(-1/2) the box's right angles are not right
    U = u(x, y)
    equation = U.diff(x, 2) + 2 * U.diff(x, y) + 4 * U.diff(y, 2)
    compiled = compile_problem(box_problem({"x=0": 0, "dx=1": 0, "y=0": 0, "y=1": 0}, equation))
    kept = frame_changes(compiled, principal_frame(compiled))
    assert {tuple(np.round(c.point, 9)) for c in kept} == {(1.0, 0.0), (1.0, 1.0)}
    spec = compiled.singular()
    exponents = column(spec, "exponent")
    assert np.all(np.abs(exponents - np.round(exponents)) > 1e-6)


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
    solution = pinnls.solve(load(name), seed=0, budget=20)
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


def lid_series(points: np.ndarray, terms: int = 400) -> np.ndarray:
    """The lid problem's series, sum over odd n of 4 / (n pi) sin(n pi x) sinh(n pi y) /
    sinh(n pi), at points (m, 2) with y < 1 (sinh's ratio as exponentials)."""
    total = np.zeros(len(points))
    for n in range(1, 2 * terms, 2):
        k = n * math.pi
        ratio = np.exp(k * (points[:, 1] - 1)) * (-np.expm1(-2 * k * points[:, 1]))
        ratio /= -math.expm1(-2 * k)
        total += 4 / k * np.sin(k * points[:, 0]) * ratio
    return total


def test_the_lid_problem_without_an_exact_solution_matches_its_series_and_its_estimate():
    loaded = pinnls.load_problem(EDGES / "lid_square.py")
    solution = pinnls.solve(loaded.problem, seed=0, budget=20)
    assert solution.basis.singular_count == 2
    grid = np.linspace(0.02, 0.98, 25)
    points = np.stack(np.meshgrid(grid, grid * 0.9), axis=-1).reshape(-1, 2)  # y <= 0.88
    error = np.abs(solution(points) - lid_series(points)).max()
    assert error < 1e-9, error
    # the estimate says so too (its fresh points reach the lid)
    assert solution.validation["total"] < 1e-9
