"""Problems on shapes: where terms hold, normals in conditions, clouds drawn again by the numeric
side, the bundled disk and L-shape problems solved, refusals."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import pinnls
from pinnls import Box, Disk, Problem, ProblemError, Random, Sobol, compile_problem

ROOT = Path(__file__).resolve().parent.parent
x, y, t = sp.symbols("x y t")
u = sp.Function("u")
SMOOTH = sp.sin(sp.pi * x) * sp.exp(y)


def disk_problem(neumann=False, exact=SMOOTH, sign=1):
    disk = Disk((0.5, 0.5), 0.5)
    problem = Problem(u(x, y), disk, name="disk")
    problem.equation(
        "pde",
        sp.Eq(
            -u(x, y).diff(x, 2) - u(x, y).diff(y, 2), -sp.diff(SMOOTH, x, 2) - sp.diff(SMOOTH, y, 2)
        ),
    )
    if neumann:
        n = disk.normal
        flux = n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y) + u(x, y)
        value = sign * (n[0] * SMOOTH.diff(x) + n[1] * SMOOTH.diff(y)) + SMOOTH
        problem.condition("robin", sp.Eq(flux, value), on=disk.boundary.where(y > 0.5))
        problem.condition("rim", sp.Eq(u(x, y), SMOOTH), on=disk.boundary.where(y <= 0.5))
    else:
        problem.condition("rim", sp.Eq(u(x, y), SMOOTH), on=disk.boundary)
    problem.exact(exact)
    return problem


def test_terms_on_a_disk_lie_inside_and_on_the_rim():
    compiled = compile_problem(disk_problem(), {"seed": 0})
    pde, rim = compiled.terms
    assert np.all(np.linalg.norm(pde.points - 0.5, axis=1) <= 0.5)
    np.testing.assert_allclose(np.linalg.norm(rim.points - 0.5, axis=1), 0.5, atol=1e-14)
    assert (pde.location, rim.location) == ("interior", "boundary")
    # the bounding box is what the basis normalizes from
    np.testing.assert_array_equal(compiled.lower, [0, 0])
    np.testing.assert_array_equal(compiled.upper, [1, 1])


def test_the_normal_in_a_robin_condition_is_the_outward_normal_at_each_point():
    compiled = compile_problem(disk_problem(neumann=True), {"seed": 0})
    robin = next(term for term in compiled.terms if term.name == "robin")
    assert np.all(robin.points[:, 1] > 0.5)
    outward = (robin.points - 0.5) / 0.5
    by_derivative = {part.derivative: part.coefficient(robin.points) for part in robin.parts}
    np.testing.assert_allclose(by_derivative[(1, 0)], outward[:, 0], atol=1e-12)
    np.testing.assert_allclose(by_derivative[(0, 1)], outward[:, 1], atol=1e-12)
    np.testing.assert_allclose(by_derivative[(0, 0)], 1.0)
    # the right-hand side too: n . grad(exact) + exact at each point
    gx = np.pi * np.cos(np.pi * robin.points[:, 0]) * np.exp(robin.points[:, 1])
    gy = np.sin(np.pi * robin.points[:, 0]) * np.exp(robin.points[:, 1])
    expected = outward[:, 0] * gx + outward[:, 1] * gy + gy
    np.testing.assert_allclose(robin.source, expected, rtol=1e-12, atol=1e-12)


def test_a_robin_condition_written_with_the_inward_normal_is_refused_by_the_exact_check():
    # the wrong sign leaves 2 n . grad(exact) in the residual: only the normals at the points,
    # substituted in the numeric check, show that it is not zero
    with pytest.raises(ProblemError, match="does not satisfy 'robin'"):
        compile_problem(disk_problem(neumann=True, sign=-1))


def test_fresh_and_refined_clouds_stay_in_the_shape():
    compiled = compile_problem(disk_problem(neumann=True), {"seed": 0})
    fresh = compiled.fresh(lambda term: 200, seed=7)
    for term in fresh.terms:
        assert term.size == 200
        radius = np.linalg.norm(term.points - 0.5, axis=1)
        if term.name == "pde":
            assert np.all(radius <= 0.5)
        else:
            np.testing.assert_allclose(radius, 0.5, atol=1e-14)
    assert np.all(next(t for t in fresh.terms if t.name == "robin").points[:, 1] > 0.5)
    refined = compiled.refined(lambda term: 4 * term.size, seed=0)
    rim = next(t for t in refined.terms if t.name == "rim")
    assert rim.size >= 3 * compiled.terms[2].size
    np.testing.assert_allclose(np.linalg.norm(rim.points - 0.5, axis=1), 0.5, atol=1e-14)


def test_a_shapes_refined_clouds_keep_their_minimum_inside_the_shape():
    # Found in session 28: a cloud is sized on its bounding box, and a shape keeps the points
    # inside it; an L-shape over time kept 39% of its interior grid (2.5 rows per column where
    # 6 were asked for) and 824 of 2116 initial points at width 2048.
    plate = pinnls.Polygon([(0, 0), (6, 0), (6, 0.5), (1, 0.5), (1, 2), (0, 2)]) * Box(t=(0, 1))
    problem = Problem(u(x, y, t), plate, name="l-shape")
    problem.equation("pde", sp.Eq(u(x, y, t).diff(t) - u(x, y, t).diff(x, 2), 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("walls", sp.Eq(u(x, y, t), 0), on=plate.boundary)
    compiled = compile_problem(problem, {"seed": 0})
    wanted = {"pde": 6 * 2049, "initial": 2049, "walls": 2049}
    refined = compiled.refined(lambda term: wanted[term.name], seed=0)
    for term in refined.terms:
        assert wanted[term.name] <= term.size <= 1.6 * wanted[term.name], term.name
    assert bool(np.all(plate.space.contains(refined.terms[0].points[:, :2])))
    # a box's clouds are unchanged: exactly the grid the minimum asks for
    box = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="box")
    box.equation("pde", sp.Eq(u(x, t).diff(t) - u(x, t).diff(x, 2), 0))
    plain = compile_problem(box, {"seed": 0}).refined(lambda term: 1000, seed=0)
    assert plain.terms[0].size == 32 * 32


def test_initial_condition_on_a_space_time_shape_samples_the_disk_at_t0():
    disk = Disk((0, 0), 1)
    domain = disk * Box(t=(0, 2))
    problem = Problem(u(x, y, t), domain)
    problem.equation("pde", sp.Eq(u(x, y, t).diff(t) - u(x, y, t).diff(x, 2), 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0), points=Random(100))
    problem.condition("wall", sp.Eq(u(x, y, t), 0), on=domain.boundary)
    compiled = compile_problem(problem)
    initial, wall = compiled.terms[1], compiled.terms[2]
    assert initial.size == 100 and np.all(initial.points[:, 2] == 0)
    assert np.all(np.linalg.norm(initial.points[:, :2], axis=1) <= 1)
    np.testing.assert_allclose(np.linalg.norm(wall.points[:, :2], axis=1), 1, atol=1e-14)
    assert 0 < wall.points[:, 2].min() and wall.points[:, 2].max() < 2
    assert compiled.time_axis == 2 and initial.location == "t=0"


def test_box_boundary_with_normals_works_on_a_box_problem():
    box = Box(x=(0, 1), y=(0, 1))
    n = box.normal
    problem = Problem(u(x, y), box)
    problem.equation("pde", sp.Eq(u(x, y).diff(x, 2) + u(x, y).diff(y, 2), 0))
    problem.condition(
        "flux", sp.Eq(n[0] * u(x, y).diff(x) + n[1] * u(x, y).diff(y), 0), on=box.boundary
    )
    flux = compile_problem(problem).terms[1]
    part = next(p for p in flux.parts if p.derivative == (1, 0))
    left = flux.points[:, 0] == 0
    np.testing.assert_array_equal(part.coefficient(flux.points)[left], -1.0)


@pytest.mark.parametrize(
    "declare, message",
    [
        (
            lambda p, d: p.condition("bc", sp.Eq(u(0, y), 0)),
            "fixes x: on the shape",
        ),
        (
            lambda p, d: p.equation("pde", sp.Eq(d.normal[0] * u(x, y).diff(x), 0)),
            "uses the normal 'n_x', which exists only on a boundary",
        ),
        (
            lambda p, d: p.condition("bc", sp.Eq(u(x, y), 0), on=Disk((0, 0), 2).boundary),
            "not of this problem's domain",
        ),
        (
            lambda p, d: p.condition("bc", sp.Eq(u(x, y), 0), on=d.boundary, points="grid:n=4x4"),
            "gives 2 counts but the term's points vary over 1 axes",
        ),
    ],
)
def test_misplaced_terms_on_a_shape_are_refused_in_one_line(declare, message):
    disk = Disk((0.5, 0.5), 0.5)
    problem = Problem(u(x, y), disk)
    with pytest.raises(ProblemError) as error:
        declare(problem, disk)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_crossing_polygon_message_names_the_file_line(tmp_path, capsys):
    path = tmp_path / "bad.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Polygon\n"
        "plate = Polygon([(0, 0), (2, 2), (2, 0), (0, 1)])\n"
    )
    from pinnls.cli import main

    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{path}:3:" in err[0] and "cross" in err[0]


def test_poisson_disk_solves_to_1e_8_at_small_fixed_settings():
    # tanh width 320, least squares only, a 32x32 box grid masked to the disk (~800 rows) and
    # 200 rim points: measured 7.4e-10 (about 1 s); 1e-8 leaves room for BLAS differences.
    solution = pinnls.solve(
        str(ROOT / "problems" / "poisson_disk.py"),
        optimizer="lsgd",
        iterations=0,
        width=320,
        activation="tanh",
        init_scale=1.5,
        terms={"pde": {"points": "grid:n=32"}, "rim": {"points": "grid:n=200"}},
    )
    errors = solution.errors()
    assert errors["rel_l2"] < 1e-8
    fields = solution.grid(21)
    inside = fields["inside"]
    assert np.isnan(fields["u"][~inside]).all() and np.isfinite(fields["u"][inside]).all()
    assert 0 < inside.mean() < 1


@pytest.mark.slow
def test_heat_on_the_l_shape_solves_to_1e_5_at_fixed_settings():
    # tanh width 800, least squares only, a 24^3 box grid masked to the L (10,368 rows):
    # measured 1.3e-6 in 24 s; 1e-5 leaves room for BLAS differences.
    solution = pinnls.solve(
        str(ROOT / "problems" / "heat_lshape.py"),
        optimizer="lsgd",
        iterations=0,
        width=800,
        activation="tanh",
        init_scale=1.5,
        terms={
            "pde": {"points": "grid:n=24"},
            "initial": {"points": "grid:n=28"},
            "edges": {"points": "grid:n=96x24"},
            "notch": {"points": "grid:n=28x24"},
        },
    )
    assert solution.errors()["rel_l2"] < 1e-5


def test_the_l_shape_problem_puts_the_notch_flux_on_the_reentrant_edges():
    compiled = compile_problem(pinnls.load_problem(ROOT / "problems" / "heat_lshape.py").problem)
    notch = next(term for term in compiled.terms if term.name == "notch")
    space = notch.points[:, :2]
    on_edges = np.isclose(space[:, 0], 0.5) | np.isclose(space[:, 1], 0.5)
    assert on_edges.all() and np.all(space >= 0.5 - 1e-12)
    edges = next(term for term in compiled.terms if term.name == "edges")
    assert not np.any((edges.points[:, 0] > 0.5) & (edges.points[:, 1] > 0.5))
    assert math.isclose(edges.points[:, 2].max(), 1, abs_tol=0.1)


def test_result_files_mark_the_shape_and_eval_warns_outside_it(tmp_path, capsys):
    from pinnls.cli import main

    out = tmp_path / "out"
    argv = ["solve", str(ROOT / "problems" / "poisson_disk.py"), "--out", str(out), "--quiet"]
    argv += ["--optimizer", "lsgd", "--iterations", "0", "--width", "40", "--eval-points", "21"]
    assert main(argv + ["--activation", "tanh", "--format", "h5,vtk"]) == 0
    import h5py
    import pyvista

    with h5py.File(out / "solution.h5") as file:
        inside = file["grid/inside"][()].astype(bool)
        u = file["fields/u"][()]
    grid = np.stack(np.meshgrid(np.linspace(0, 1, 21), np.linspace(0, 1, 21), indexing="ij"), -1)
    expected = np.linalg.norm(grid - 0.5, axis=-1) <= 0.5 + 1e-12
    np.testing.assert_array_equal(inside, expected)
    assert np.isnan(u[~inside]).all() and np.isfinite(u[inside]).all()
    vtk = pyvista.read(out / "solution.vtr")
    assert int((vtk.point_data["vtkGhostType"] == 2).sum()) == int((~expected).sum())
    points = tmp_path / "points.csv"
    points.write_text("x,y\n0.5,0.5\n0.95,0.95\n")
    capsys.readouterr()
    assert main(["eval", str(out), str(points)]) == 0
    err = capsys.readouterr().err
    assert "1 of 2 points lie outside the domain" in err and "Disk(center=(0.5, 0.5)" in err
    assert "on (Disk(" in err and "the values there are extrapolation" in err


def test_time_slabs_on_a_shape_draw_each_slab_inside_it():
    solution = pinnls.solve(
        str(ROOT / "problems" / "heat_lshape.py"),
        optimizer="lsgd",
        iterations=0,
        width=60,
        activation="tanh",
        time_slabs=2,
        terms={
            "pde": {"points": "grid:n=8"},
            "initial": {"points": "grid:n=10"},
            "edges": {"points": "grid:n=32x8"},
            "notch": {"points": "grid:n=10x8"},
        },
    )
    assert len(solution.slabs) == 2
    for index, piece in enumerate(solution.slabs):
        terms = {term.name: term.points for term in piece.compiled.terms}
        for name in ("pde", "edges", "notch"):
            times = terms[name][:, 2]
            assert index * 0.5 < times.min() and times.max() < (index + 1) * 0.5
        assert not np.any((terms["pde"][:, 0] > 0.5) & (terms["pde"][:, 1] > 0.5))
        notch = terms["notch"][:, :2]
        assert np.all(notch >= 0.5 - 1e-12)
    # a coarse basis: only that the march ran and its error was measured inside the L
    assert np.isfinite(solution.errors()["rel_l2"])


def test_a_problem_on_a_spherical_shell_compiles_inside_it():
    z = sp.Symbol("z")
    shell = pinnls.Ball((0, 0, 0), 1) - pinnls.Ball((0, 0, 0), 0.5)
    problem = Problem(u(x, y, z), shell)
    problem.equation("pde", sp.Eq(u(x, y, z).diff(x, 2) + u(x, y, z).diff(y, 2), 0))
    problem.condition("wall", sp.Eq(u(x, y, z), 0), on=shell.boundary, points=Sobol(400))
    pde, wall = compile_problem(problem).terms
    radius = np.linalg.norm(pde.points, axis=1)
    assert np.all((radius >= 0.5) & (radius <= 1))
    wall_radius = np.linalg.norm(wall.points, axis=1)
    assert wall.size == 400
    assert np.all(np.isclose(wall_radius, 1) | np.isclose(wall_radius, 0.5))
    # in proportion to the areas, 4 pi against pi: a fifth on the inner sphere (sd ~ 0.02)
    assert abs(np.isclose(wall_radius, 0.5).mean() - 0.2) < 0.06
