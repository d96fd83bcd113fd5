"""solution.vtr on boxes that are not unit cubes, with unequal points per axis (issue 23).

Every VTK test in test_io.py and test_outputs.py uses a unit cube with the same number of points
along every axis, where swapping two axes' coordinates changes nothing. Here the axes differ in
length and position (x in [0, 2], y in [-1, 1], t in [0, 0.5]) and the grids in their point
counts, so every coordinate read back with pyvista must be the one its axis has, and every value
must sit at the point where the solution takes it.

The solves are tiny (tanh width 8, least squares only): the files are compared with the solution
they were written from, to 1e-12 absolute as in test_io.py.
"""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.io import write_results
from pinnls.io.vtk import write_vtk

pyvista = pytest.importorskip("pyvista")

TOLERANCE = 1e-12
x, y, t = sp.symbols("x y t")
u = sp.Function("u")
BOUNDS = {"x": (0.0, 2.0), "y": (-1.0, 1.0), "t": (0.0, 0.5)}


def _solve(names: tuple[str, ...]):
    """u_t + u_x = 0 carrying ``sin(3 x) + y`` on a box of these axes (t last): exact
    ``sin(3 (x - t)) + y``, with no symmetry between the axes."""
    symbols = [{"x": x, "y": y, "t": t}[name] for name in names]
    function = u(*symbols)
    box = Box(**{name: BOUNDS[name] for name in names})
    initial = sp.sin(3 * x) + (y if "y" in names else 0)
    problem = Problem(function, box, name="advection-" + "".join(names))
    problem.equation("pde", sp.Eq(function.diff(t) + function.diff(x), 0), points="random:200")
    problem.condition("initial", sp.Eq(function.subs(t, 0), initial), points="random:60")
    problem.inflow("inflow", sp.Eq(function, initial.subs(x, x - t)), points="random:60")
    problem.exact(initial.subs(x, x - t))
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "width": 8, "iterations": 0, "eval_points": 7}
    )
    return solve(compile_problem(problem, settings), settings)


@pytest.fixture(scope="module", params=[("x", "t"), ("x", "y", "t")], ids=["xt", "xyt"])
def solution(request):
    return _solve(request.param)


def _fields(solution, counts: tuple[int, ...]) -> dict:
    """The fields as ``Solution.grid`` lays them out (C order, last axis fastest), on a grid
    with its own number of points per axis."""
    compiled = solution.compiled
    ticks = [np.linspace(lo, hi, n) for lo, hi, n in zip(compiled.lower, compiled.upper, counts)]
    mesh = np.meshgrid(*ticks, indexing="ij")
    points = np.stack([m.ravel() for m in mesh], axis=1)
    exact = compiled.exact(points)
    values = solution(points)
    return {"axes": ticks, "points": points, "u": values, "exact": exact, "error": values - exact}


def _vtk_points(ticks: list[np.ndarray]) -> np.ndarray:
    """The grid's points in VTK's order (first axis fastest), padded to three coordinates."""
    mesh = np.meshgrid(*ticks, indexing="ij")
    points = np.zeros((mesh[0].size, 3))
    for axis, values in enumerate(mesh):
        points[:, axis] = values.ravel(order="F")
    return points


def _check(mesh, solution, ticks: list[np.ndarray]) -> None:
    d = solution.compiled.dim
    counts = tuple(len(tick) for tick in ticks)
    assert mesh.dimensions == counts + (1,) * (3 - d)
    # Each VTK axis carries its own problem axis's coordinates...
    for axis, coordinates in enumerate((mesh.x, mesh.y, mesh.z)[:d]):
        np.testing.assert_array_equal(np.asarray(coordinates), ticks[axis])
    bounds = np.column_stack([solution.compiled.lower, solution.compiled.upper]).ravel()
    assert list(mesh.bounds)[: 2 * d] == pytest.approx(list(bounds))
    # ...every point is where it belongs...
    points = np.asarray(mesh.points)
    np.testing.assert_allclose(points, _vtk_points(ticks), rtol=0, atol=1e-15)
    # ...and every value is the solution's at that point.
    at = points[:, :d]
    np.testing.assert_allclose(mesh.point_data["u"], solution(at), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(
        mesh.point_data["exact"], solution.compiled.exact(at), rtol=0, atol=TOLERANCE
    )
    np.testing.assert_allclose(
        mesh.point_data["error"],
        mesh.point_data["u"] - mesh.point_data["exact"],
        rtol=0,
        atol=TOLERANCE,
    )
    assert list(mesh.field_data["axes"]) == list(solution.compiled.axes)


def test_the_vtr_of_write_results_has_each_axis_s_coordinates_on_a_box_that_is_no_cube(
    solution, tmp_path
):
    written = write_results(solution, tmp_path, "vtk")
    mesh = pyvista.read(written["vtk"])
    ticks = [
        np.linspace(lo, hi, 7) for lo, hi in zip(solution.compiled.lower, solution.compiled.upper)
    ]
    _check(mesh, solution, ticks)


def test_the_vtr_puts_each_value_at_its_point_with_unequal_points_per_axis(solution, tmp_path):
    counts = {2: (9, 4), 3: (9, 5, 3)}[solution.compiled.dim]
    fields = _fields(solution, counts)
    path = write_vtk(solution, tmp_path / "solution.vtr", fields)
    mesh = pyvista.read(path)
    _check(mesh, solution, fields["axes"])
    # The point with index (i, j[, k]) in the pinnls grid is point i + n_x j (+ n_x n_y k) in
    # VTK: check a corner-to-corner walk by hand, axis by axis.
    points = np.asarray(mesh.points)
    assert points[1][0] == fields["axes"][0][1] and points[1][1] == fields["axes"][1][0]
    step = counts[0]
    assert points[step][0] == fields["axes"][0][0] and points[step][1] == fields["axes"][1][1]
    assert points[-1][: solution.compiled.dim] == pytest.approx(
        [ticks[-1] for ticks in fields["axes"]]
    )


# -- what else the file holds (mutation testing of pinnls/io/vtk.py, docs/testing.md) ------------


def test_without_fields_write_vtk_evaluates_the_solution_s_own_grid(solution, tmp_path):
    path = write_vtk(solution, tmp_path / "solution.vtr")
    mesh = pyvista.read(path)
    # eval_points 7: Solution.grid's ticks, evaluated by write_vtk itself
    ticks = [
        np.linspace(lo, hi, 7) for lo, hi in zip(solution.compiled.lower, solution.compiled.upper)
    ]
    _check(mesh, solution, ticks)


def test_the_vtr_names_its_problem_makes_u_active_and_is_binary(solution, tmp_path):
    path = write_vtk(solution, tmp_path / "solution.vtr", solution.grid())
    mesh = pyvista.read(path)
    assert list(mesh.field_data["problem"]) == [solution.compiled.name]
    assert mesh.active_scalars_name == "u"
    # binary=True: base64 DataArrays, never VTK's ASCII text (ten times larger for 1e6 points)
    formats = {item.get("format") for item in ElementTree.parse(path).iter("DataArray")}
    assert formats == {"binary"}


def test_the_coordinates_are_stored_in_double_precision_whatever_the_ticks_dtype(
    solution, tmp_path
):
    fields = _fields(solution, {2: (9, 4), 3: (9, 5, 3)}[solution.compiled.dim])
    single = {**fields, "axes": [tick.astype(np.float32) for tick in fields["axes"]]}
    mesh = pyvista.read(write_vtk(solution, tmp_path / "solution.vtr", single))
    for axis, coordinates in enumerate((mesh.x, mesh.y, mesh.z)[: solution.compiled.dim]):
        assert np.asarray(coordinates).dtype == np.float64
        np.testing.assert_array_equal(coordinates, single["axes"][axis].astype(np.float64))


def test_more_than_three_axes_write_nothing_and_name_the_axes(tmp_path, caplog):
    # write_vtk reads only the axes before it refuses, so no 4-axis solve is needed
    four = SimpleNamespace(compiled=SimpleNamespace(axes=("x", "y", "z", "t"), name="four"))
    with caplog.at_level(logging.WARNING, logger="pinnls.io"):
        assert write_vtk(four, tmp_path / "solution.vtr") is None
    assert caplog.messages == [
        "solution.vtr is not written: the problem has 4 axes (x, y, z, t) and VTK grids have "
        "at most 3"
    ]
    assert not any(tmp_path.iterdir())
