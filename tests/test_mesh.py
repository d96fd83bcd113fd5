"""Shapes read from mesh files (issue 24, item 5): a planar triangulation's inside and boundary
edges with outward normals, a closed surface's inside and triangles, combinations with other
shapes, pickling, a Poisson solve on a meshed disk, and each refusal."""

from __future__ import annotations

import pickle
import textwrap

import numpy as np
import pytest
import pyvista as pv
import sympy as sp

import pinnls
from pinnls import (
    Box,
    Disk,
    Mesh,
    Problem,
    ProblemError,
    Random,
    Sobol,
    boundary_points,
    compile_problem,
)
from pinnls.symbolic.shapes import shape_from_json

x, y = sp.symbols("x y")
u = sp.Function("u")
SMOOTH = sp.sin(sp.pi * x) * sp.exp(y)
SEGMENTS = 64


def disk_file(folder, name="disk.vtu", inner=0.0, c_res=SEGMENTS):
    """A triangulated disk (or ring) of radius 0.5 around (0.5, 0.5), saved as ``name``."""
    disc = pv.Disc(center=(0.5, 0.5, 0.0), inner=inner, outer=0.5, r_res=8, c_res=c_res)
    mesh = disc.triangulate()
    path = folder / name
    if path.suffix == ".vtu":
        mesh = mesh.cast_to_unstructured_grid()
    mesh.save(path)
    return path


def sphere_file(folder, name="ball.stl"):
    path = folder / name
    pv.Sphere(radius=1.0, theta_resolution=24, phi_resolution=24).save(path)
    return path


@pytest.mark.parametrize("name", ["disk.vtu", "disk.vtk", "disk.stl", "disk.ply"])
def test_disk_mesh_boundary_points_lie_on_its_rim_with_outward_normals(tmp_path, name):
    mesh = Mesh(disk_file(tmp_path, name))
    assert (mesh.dim, mesh.axes, mesh.lower, mesh.upper) == (2, ("x", "y"), (0, 0), (1, 1))
    points, normals, labels = boundary_points(mesh, Sobol(256), seed=0)
    assert points.shape == normals.shape == (256, 2)
    assert set(labels) == {f"{name} boundary"}
    offset = points - 0.5
    radius = np.linalg.norm(offset, axis=1)
    # on the polygon of 64 chords: between the apothem and the radius (pyvista's points are
    # float32)
    apothem = 0.5 * np.cos(np.pi / SEGMENTS)
    assert np.all(radius <= 0.5 + 1e-6) and np.all(radius >= apothem - 1e-6)
    np.testing.assert_allclose(np.linalg.norm(normals, axis=1), 1, atol=1e-14)
    assert np.all(np.sum(normals * offset, axis=1) > 0.49)


def test_disk_mesh_clouds_match_the_analytic_disk(tmp_path):
    mesh = Mesh(disk_file(tmp_path))
    disk = Disk((0.5, 0.5), 0.5)
    counts = []
    for shape in (mesh, disk):
        problem = Problem(u(x, y), shape)
        problem.equation("pde", sp.Eq(u(x, y).diff(x, 2), 0), points="grid:n=32")
        problem.equation("random", sp.Eq(u(x, y), 0), points=Random(300))
        problem.condition("rim", sp.Eq(u(x, y), 0), on=shape.boundary, points=Sobol(100))
        pde, scattered, rim = compile_problem(problem, {"seed": 0}).terms
        assert len(scattered.points) == 300 and len(rim.points) == 100
        assert np.all(np.linalg.norm(scattered.points - 0.5, axis=1) <= 0.5 + 1e-6)
        counts.append(len(pde.points))
    # the 64-gon's area is 0.16% below the disk's: the masked grids differ by a few points
    assert abs(counts[0] - counts[1]) <= 0.01 * counts[1]


def test_a_ring_mesh_has_two_boundary_loops_the_hole_normals_inwards(tmp_path):
    ring = Mesh(disk_file(tmp_path, "ring.vtk", inner=0.2))
    points, normals, labels = boundary_points(ring, Random(400), seed=1)
    radius = np.linalg.norm(points - 0.5, axis=1)
    outer = labels == "ring.vtk boundary 1"
    hole = labels == "ring.vtk boundary 2"
    assert np.all(outer | hole) and np.all(radius[outer] > 0.49) and np.all(radius[hole] < 0.21)
    # points in proportion to length: the hole is 0.2 / 0.7 of the boundary
    assert abs(hole.mean() - 0.2 / 0.7) < 0.06
    facing = np.sum(normals * (points - 0.5), axis=1)
    assert np.all(facing[outer] > 0) and np.all(facing[hole] < 0)
    inside = ring.contains(np.array([[0.5, 0.5], [0.5, 0.85], [0.5, 1.05]]))
    np.testing.assert_array_equal(inside, [False, True, False])


def test_a_mesh_combines_with_other_shapes(tmp_path):
    holed = Mesh(disk_file(tmp_path)) - Disk((0.5, 0.5), 0.2)
    points, normals, labels = boundary_points(holed, Sobol(300), seed=0)
    rim = labels == "Disk(center=(0.5, 0.5), radius=0.2)"
    assert rim.any() and (labels == "disk.vtu boundary").any()
    facing = np.sum(normals * (points - 0.5), axis=1)
    assert np.all(facing[rim] < 0) and np.all(facing[~rim] > 0)


def test_a_sphere_stl_gives_points_inside_and_unit_outward_normals(tmp_path):
    ball = Mesh(sphere_file(tmp_path))
    assert ball.dim == 3 and ball.axes == ("x", "y", "z")
    points, normals, labels = boundary_points(ball, Sobol(512), seed=0)
    np.testing.assert_allclose(np.linalg.norm(normals, axis=1), 1, atol=1e-12)
    assert np.all(np.sum(normals * points, axis=1) > 0.95)
    assert np.all(np.abs(np.linalg.norm(points, axis=1) - 1) < 0.02)
    area = sum(patch.measure for patch in ball.patches())
    assert abs(area - 4 * np.pi) < 0.02 * 4 * np.pi
    z = sp.Symbol("z")
    problem = Problem(u(x, y, z), ball)
    problem.equation("pde", sp.Eq(u(x, y, z), 0), points=Random(200))
    (pde,) = compile_problem(problem, {"seed": 0}).terms
    assert len(pde.points) == 200 and np.all(np.linalg.norm(pde.points, axis=1) < 1)
    depth = ball.depth(np.array([[0.0, 0.0, 0.0], [0.0, 0.0, 1.5]]))
    np.testing.assert_allclose(depth, [1, -0.5], atol=0.02)  # faceted: centre 0.989 deep


def test_a_volume_mesh_is_its_outer_surface_and_quads_are_triangulated(tmp_path):
    cube = pv.ImageData(dimensions=(4, 4, 4), spacing=(1 / 3,) * 3).triangulate()  # tetrahedra
    cube.save(tmp_path / "cube.vtu")
    solid = Mesh(tmp_path / "cube.vtu")
    assert solid.dim == 3 and abs(sum(p.measure for p in solid.patches()) - 6) < 1e-9
    points, normals, _ = boundary_points(solid, Sobol(200), seed=0)
    # each point on a face of the unit cube, its normal that face's
    on_face = np.isclose(points, 0, atol=1e-7) | np.isclose(points, 1, atol=1e-7)
    np.testing.assert_array_equal(np.abs(normals) > 0.5, on_face)
    assert np.all(np.sum(normals * (points - 0.5), axis=1) > 0)
    inside = solid.contains(np.array([[0.5, 0.5, 0.5], [0.999, 0.5, 0.5], [1.2, 0.5, 0.5]]))
    np.testing.assert_array_equal(inside, [True, True, False])
    plane = pv.Plane(center=(0.5, 0.5, 0), i_size=1, j_size=1, i_resolution=5, j_resolution=5)
    plane.cast_to_unstructured_grid().save(tmp_path / "square.vtu")  # quads
    square = Mesh(tmp_path / "square.vtu")
    assert square.dim == 2 and len(square.edge_start) == 20
    points, normals, _ = boundary_points(square, Sobol(100), seed=0)
    np.testing.assert_allclose(np.abs(normals).sum(axis=1), 1, atol=1e-12)


def test_a_mesh_pickles_and_goes_through_json(tmp_path):
    for mesh in (Mesh(disk_file(tmp_path)), Mesh(sphere_file(tmp_path))):
        again = pickle.loads(pickle.dumps(mesh))
        assert again == mesh and hash(again) == hash(mesh)
        assert shape_from_json(mesh.to_json()) == mesh
        probe = np.full((3, mesh.dim), 0.5) * np.array([[0.2], [1.0], [3.0]])
        np.testing.assert_allclose(again.depth(probe), mesh.depth(probe), atol=1e-12)


def test_poisson_on_a_meshed_disk_solves_at_small_fixed_settings(tmp_path):
    # The problem of problems/poisson_disk.py on the 64-gon of a mesh: tanh width 320, least
    # squares only, the 32x32 box grid masked to the mesh and 200 rim points. Measured 5.4e-10
    # (the analytic Disk at the same settings: 5.5e-10); 1e-8 leaves room for BLAS differences.
    disk_file(tmp_path)
    path = tmp_path / "meshed.py"
    path.write_text(
        textwrap.dedent(
            """\
            import sympy as sp
            from pinnls import Mesh, Problem

            x, y = sp.symbols("x y")
            u = sp.Function("u")
            exact = sp.sin(sp.pi * x) * sp.exp(y)
            disk = Mesh("disk.vtu")
            problem = Problem(u(x, y), disk, name="meshed-disk")
            laplacian = u(x, y).diff(x, 2) + u(x, y).diff(y, 2)
            problem.equation("pde", sp.Eq(-laplacian, -sp.diff(exact, x, 2) - sp.diff(exact, y, 2)))
            problem.condition("rim", sp.Eq(u(x, y), exact), on=disk.boundary)
            problem.exact(exact)
            """
        )
    )
    solution = pinnls.solve(
        str(path),
        optimizer="lsgd",
        iterations=0,
        width=320,
        activation="tanh",
        init_scale=1.5,
        terms={"pde": {"points": "grid:n=32"}, "rim": {"points": "grid:n=200"}},
    )
    assert solution.errors()["rel_l2"] < 1e-8
    fields = solution.grid(21)
    assert np.isnan(fields["u"][~fields["inside"]]).all()


def test_the_mesh_path_is_relative_to_the_problem_file_and_errors_name_its_line(
    tmp_path, monkeypatch, capsys
):
    from pinnls.cli import main

    folder = tmp_path / "case"
    folder.mkdir()
    disk_file(folder)
    good = folder / "good.py"
    good.write_text(
        "import sympy as sp\nfrom pinnls import Mesh, Problem\n"
        'x, y = sp.symbols("x y")\nu = sp.Function("u")\n'
        'shape = Mesh("disk.vtu")\nproblem = Problem(u(x, y), shape)\n'
        'problem.equation("pde", sp.Eq(u(x, y), 0))\n'
        'problem.condition("rim", sp.Eq(u(x, y), 0), on=shape.boundary)\n'
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", str(good)]) == 0
    bad = folder / "bad.py"
    bad.write_text("from pinnls import Mesh\n\nshape = Mesh('missing.vtu')\n")
    capsys.readouterr()
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{bad}:3:" in err[0]
    assert f"{folder / 'missing.vtu'}: no such file" in err[0]


def test_transport_on_a_mesh_finds_its_inflow_and_refuses_a_file_without_it(tmp_path, capsys):
    from pinnls.cli import main

    disk_file(tmp_path)
    head = (
        "import sympy as sp\nfrom pinnls import Mesh, Problem\n"
        'x, y = sp.symbols("x y")\nu = sp.Function("u")\nplate = Mesh("disk.vtu")\n'
        'problem = Problem(u(x, y), plate, name="flow")\n'
        'problem.equation("pde", sp.Eq(u(x, y).diff(x) + u(x, y).diff(y) / 2, 0))\n'
    )
    (tmp_path / "bare.py").write_text(head)
    (tmp_path / "flow.py").write_text(head + 'problem.inflow("inflow", sp.Eq(u(x, y), 1))\n')
    assert main(["check", str(tmp_path / "bare.py")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the flow enters through disk.vtu boundary (a·n = -1.1" in err[0]
    compiled = compile_problem(pinnls.load_problem(tmp_path / "flow.py").problem, {"seed": 0})
    inflow = compiled.terms[-1]
    velocity = np.array([1.0, 0.5])
    normal = (inflow.points - 0.5) / np.linalg.norm(inflow.points - 0.5, axis=1, keepdims=True)
    # the chords' normals differ from the circle's by at most pi/64
    assert len(inflow.points) > 20 and np.all(normal @ velocity < 0.06)


def test_result_files_keep_the_mesh_and_eval_warns_outside_it(tmp_path, capsys):
    from pinnls.cli import main

    disk_file(tmp_path)
    path = tmp_path / "meshed.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Mesh, Problem\n"
        'x, y = sp.symbols("x y")\nu = sp.Function("u")\nshape = Mesh("disk.vtu")\n'
        'problem = Problem(u(x, y), shape)\nproblem.equation("pde", sp.Eq(u(x, y), x))\n'
        'problem.condition("rim", sp.Eq(u(x, y), x), on=shape.boundary)\n'
    )
    out = tmp_path / "out"
    argv = ["solve", str(path), "--out", str(out), "--quiet", "--optimizer", "lsgd"]
    argv += ["--iterations", "0", "--width", "40", "--eval-points", "21", "--format", "h5"]
    assert main(argv) == 0
    points = tmp_path / "points.csv"
    points.write_text("x,y\n0.5,0.5\n0.95,0.95\n")
    capsys.readouterr()
    assert main(["eval", str(out), str(points)]) == 0
    err = capsys.readouterr().err
    assert "1 of 2 points lie outside the domain" in err and "Mesh('disk.vtu')" in err


def _open_surface(folder):
    path = folder / "cup.stl"
    pv.Sphere().clip(normal="z").save(path)
    return path


def _points_only(folder):
    path = folder / "cloud.vtp"
    pv.PolyData(np.random.default_rng(0).random((10, 3))).save(path)
    return path


def _garbage(folder):
    path = folder / "garbage.stl"
    path.write_text("this is not a mesh\n")
    return path


def _empty(folder):
    path = folder / "empty.vtu"
    path.write_text("")
    return path


def _msh(folder):
    path = folder / "part.msh"
    path.write_text("$MeshFormat\n4.1 0 8\n$EndMeshFormat\n")
    return path


def _obj(folder):
    path = folder / "part.obj"
    path.write_text("v 0 0 0\n")
    return path


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: folder / "missing.vtu", "missing.vtu: no such file"),
        (_msh, "part.msh: .msh (Gmsh) files need meshio, which is not installed; export"),
        (_obj, "part.obj: unknown format '.obj'; use one of .vtu, .vtk, .vtp, .stl, .ply"),
        (_garbage, "garbage.stl: cannot read a mesh from it (no cells)"),
        (_empty, "empty.vtu is empty"),
        (_points_only, "cloud.vtp: holds no triangles or polygons"),
        (_open_surface, "Mesh cup.stl is a surface that is not closed"),
    ],
)
def test_bad_mesh_files_are_refused_in_one_line(tmp_path, make, message):
    with pytest.raises(ProblemError) as error:
        Mesh(make(tmp_path))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_axes_that_do_not_match_the_mesh_are_refused(tmp_path):
    with pytest.raises(ProblemError, match=r"Mesh disk.vtu is planar \(2-D\) and needs 2 distinct"):
        Mesh(disk_file(tmp_path), axes=("x", "y", "z"))
    with pytest.raises(ProblemError, match="Mesh ball.stl is a 3-D surface and needs 3 distinct"):
        Mesh(sphere_file(tmp_path), axes=("x", "y"))
    ring = Mesh(disk_file(tmp_path), axes=("r", "s"))
    with pytest.raises(ProblemError, match="cannot combine shapes on axes"):
        ring | Box(x=(0, 1), y=(0, 1))
