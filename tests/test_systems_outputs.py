"""Every output of a system of unknowns (issue: systems, item 3), read back and compared with the
solution it was written from.

A two-unknown acoustics system (p, v on x, t) is solved once by least squares (tanh, width 64,
no gradient step) and saved in every format; a time-slab version (``time_slabs=2``) is saved as
HDF5. The files are read with h5py, pyvista and json, and compared with ``sol(points,
unknown=...)``, with ``compiled.exact`` and with errors computed here in numpy (not with
:func:`pinnls.metrics.field_errors`, which the writers use). A single unknown named ``T`` checks
that one unknown keeps its layout (``/fields/u``, the column ``u``) whatever its name.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ElementTree

import h5py
import numpy as np
import pytest
import sympy as sp

import pinnls
from pinnls import Box, Problem
from pinnls.cli import main
from pinnls.errors import ResultFileError
from pinnls.io.fields import field_names, named_fields
from pinnls.io.hdf5 import read_info

pyvista = pytest.importorskip("pyvista")

#: Values read back match the solution to this (float64 stored exactly; only the batching of
#: the evaluation may change the last bits).
TOLERANCE = 1e-12

UNKNOWNS = ("p", "v")
FIELDS = ["p", "p_exact", "p_error", "v", "v_exact", "v_error"]
EVAL_POINTS = 21
FRAMES = 3


def acoustics() -> Problem:
    """p_t + 4 v_x = 0, v_t + p_x = 0 on [0, 1]^2: two waves at speed 2 (Riemann invariants)."""
    x, t = sp.symbols("x t")
    p, v = sp.Function("p"), sp.Function("v")
    right = sp.exp(-((((x - 2 * t) - 0.5) / 0.2) ** 2))
    left = 0.3 * sp.sin(sp.pi * (x + 2 * t))
    P, V = (right + left) / 2, (right - left) / 4
    problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="acoustics")
    problem.equation("mass", sp.Eq(p(x, t).diff(t) + 4 * v(x, t).diff(x), 0))
    problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
    problem.condition("initial-p", sp.Eq(p(x, 0), P.subs(t, 0)))
    problem.condition("initial-v", sp.Eq(v(x, 0), V.subs(t, 0)))
    problem.condition("left", sp.Eq(p(0, t) + 2 * v(0, t), (P + 2 * V).subs(x, 0)))
    problem.condition("right", sp.Eq(p(1, t) - 2 * v(1, t), (P - 2 * V).subs(x, 1)))
    problem.exact({p(x, t): P, v(x, t): V})
    return problem


def _solve(problem: Problem, **settings):
    chosen = {"optimizer": "lsgd", "iterations": 0, "width": 64, "activation": "tanh"}
    return pinnls.solve(problem, **{**chosen, "eval_points": EVAL_POINTS, **settings})


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The acoustics system saved in every format: (solution, folder)."""
    solution = _solve(acoustics())
    out = tmp_path_factory.mktemp("system") / "out"
    solution.save(out, frames=FRAMES)
    return solution, out


@pytest.fixture(scope="module")
def slabbed(tmp_path_factory):
    """The acoustics system marched in two time slabs, saved as HDF5: (solution, folder)."""
    solution = _solve(acoustics(), time_slabs=2)
    out = tmp_path_factory.mktemp("slabbed") / "out"
    solution.save(out, formats="h5", frames=FRAMES)
    return solution, out


def _grid(solution):
    """The evaluation grid's ticks and its points (n, d) in C order, as the writers use it."""
    box = zip(solution.compiled.lower, solution.compiled.upper)
    ticks = [np.linspace(lo, hi, EVAL_POINTS) for lo, hi in box]
    points = np.stack(np.meshgrid(*ticks, indexing="ij"), axis=-1).reshape(-1, len(ticks))
    return ticks, points


def _errors(u: np.ndarray, exact: np.ndarray) -> dict[str, float]:
    """rel L2 and max error of any matching arrays (all of them stacked), in numpy."""
    return {
        "rel_l2": float(np.sqrt(np.sum((u - exact) ** 2) / np.sum(exact**2))),
        "max": float(np.max(np.abs(u - exact))),
    }


def _expected(solution, points):
    """Per field name, the values the files must hold at ``points``."""
    out = {}
    exact = solution.compiled.exact(points)
    for j, name in enumerate(UNKNOWNS):
        value = solution(points, unknown=name)
        out[name] = value
        out[f"{name}_exact"] = exact[:, j]
        out[f"{name}_error"] = value - exact[:, j]
    return out


# -- solution.h5 ---------------------------------------------------------------------------------


def test_hdf5_has_three_fields_per_unknown_with_scales_and_descriptions(system):
    solution, out = system
    ticks, points = _grid(solution)
    expected = _expected(solution, points)
    with h5py.File(out / "solution.h5") as file:
        assert list(file["fields"]) == FIELDS
        for name in FIELDS:
            dataset = file["fields"][name]
            assert dataset.shape == (EVAL_POINTS, EVAL_POINTS)
            assert dataset.dtype == np.float64
            np.testing.assert_allclose(
                dataset[()].ravel(), expected[name], rtol=0, atol=TOLERANCE, err_msg=name
            )
            assert name.split("_")[0] in dataset.attrs["description"]
            assert [dim.label for dim in dataset.dims] == ["x", "t"]
            np.testing.assert_array_equal(dataset.dims[1][0][()], ticks[1])
        assert json.loads(file.attrs["unknowns"]) == ["p", "v"]
        assert json.loads(file.attrs["unknown_functions"]) == ["p", "v"]


def test_hdf5_errors_are_combined_and_per_unknown(system):
    solution, out = system
    _, points = _grid(solution)
    u, exact = solution(points), solution.compiled.exact(points)
    assert u.shape == exact.shape == (len(points), 2)
    combined = _errors(u, exact)
    with h5py.File(out / "solution.h5") as file:
        attrs = file.attrs
        assert attrs["rel_l2_error"] == pytest.approx(combined["rel_l2"], rel=1e-12)
        assert attrs["max_error"] == pytest.approx(combined["max"], rel=1e-12)
        for j, name in enumerate(UNKNOWNS):
            own = _errors(u[:, j], exact[:, j])
            assert attrs[f"rel_l2_error_{name}"] == pytest.approx(own["rel_l2"], rel=1e-12)
            assert attrs[f"max_error_{name}"] == pytest.approx(own["max"], rel=1e-12)
    # the combined error is not one unknown's (the test would not tell them apart otherwise)
    assert _errors(u[:, 0], exact[:, 0])["rel_l2"] != pytest.approx(combined["rel_l2"])


def test_hdf5_model_holds_one_coefficient_block_per_unknown(system):
    solution, out = system
    size = solution.basis.size
    with h5py.File(out / "solution.h5") as file:
        model = file["model"]
        assert json.loads(model.attrs["unknowns"]) == ["p", "v"]
        coefficients = model["coefficients"][()]
    assert coefficients.shape == (2 * size,)
    np.testing.assert_array_equal(coefficients, solution.coefficients.detach().cpu().numpy())


def test_read_info_and_pinnls_info_give_each_unknown_its_errors(system, capsys):
    solution, out = system
    _, points = _grid(solution)
    u, exact = solution(points), solution.compiled.exact(points)
    info = read_info(out / "solution.h5")
    assert info["unknowns"] == ["p", "v"]
    assert info["rel_l2_error"] == pytest.approx(_errors(u, exact)["rel_l2"], rel=1e-12)
    for j, name in enumerate(UNKNOWNS):
        own = _errors(u[:, j], exact[:, j])
        assert info["errors"][name]["rel_l2"] == pytest.approx(own["rel_l2"], rel=1e-12)
        assert info["errors"][name]["max"] == pytest.approx(own["max"], rel=1e-12)
    assert main(["info", str(out)]) == 0
    rows = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines()[1:])
    assert rows["unknowns"].strip() == "p, v"
    for name in UNKNOWNS:
        assert float(rows[f"rel_l2_error_{name}"]) == pytest.approx(
            info["errors"][name]["rel_l2"], rel=1e-5
        )
        assert float(rows[f"max_error_{name}"]) == pytest.approx(
            info["errors"][name]["max"], rel=1e-5
        )


# -- report.json ---------------------------------------------------------------------------------


def test_report_gives_the_combined_error_and_each_unknowns(system):
    solution, out = system
    _, points = _grid(solution)
    u, exact = solution(points), solution.compiled.exact(points)
    report = json.loads((out / "report.json").read_text())
    assert report["unknowns"] == ["p", "v"]
    assert report["unknown_functions"] == ["p", "v"]
    combined = _errors(u, exact)
    assert report["rel_l2_error"] == pytest.approx(combined["rel_l2"], rel=1e-12)
    assert report["max_error"] == pytest.approx(combined["max"], rel=1e-12)
    assert list(report["errors"]) == ["p", "v"]
    for j, name in enumerate(UNKNOWNS):
        own = _errors(u[:, j], exact[:, j])
        assert report["errors"][name]["rel_l2"] == pytest.approx(own["rel_l2"], rel=1e-12)
        assert report["errors"][name]["max"] == pytest.approx(own["max"], rel=1e-12)
    assert set(report["files"]) == {
        "h5", "xdmf", "vtk", "history_png", "solution_png", "pvd", "frames", "gif"
    }  # fmt: skip


# -- VTK, XDMF, the time series, the pictures ----------------------------------------------------


def _check_point_data(solution, mesh, dims=2):
    assert list(mesh.point_data) == FIELDS
    expected = _expected(solution, np.asarray(mesh.points)[:, :dims])
    for name in FIELDS:
        np.testing.assert_allclose(
            np.asarray(mesh.point_data[name]), expected[name], rtol=0, atol=TOLERANCE,
            err_msg=name,
        )  # fmt: skip


def test_vtr_point_data_are_named_after_the_unknowns(system):
    solution, out = system
    mesh = pyvista.read(out / "solution.vtr")
    _check_point_data(solution, mesh)
    assert mesh.point_data.active_scalars_name == "p"


def test_xdmf_exposes_every_field_of_solution_h5(system):
    solution, out = system
    root = ElementTree.parse(out / "solution.xdmf").getroot()
    attributes = root.findall(".//Attribute")
    assert [a.get("Name") for a in attributes] == FIELDS
    assert [a.find("DataItem").text for a in attributes] == [
        f"solution.h5:/fields/{name}" for name in FIELDS
    ]
    _check_point_data(solution, pyvista.read(out / "solution.xdmf"))


def test_each_frame_of_the_time_series_has_every_unknown(system):
    solution, out = system
    reader = pyvista.get_reader(out / "solution.pvd")
    np.testing.assert_allclose(reader.time_values, np.linspace(0, 1, FRAMES))
    frames = sorted((out / "frames").glob("solution_*.vtr"))
    assert len(frames) == FRAMES
    for path, time in zip(frames, np.linspace(0, 1, FRAMES)):
        frame = pyvista.read(path)
        assert list(frame.point_data) == FIELDS
        points = np.column_stack([np.asarray(frame.points)[:, 0], np.full(frame.n_points, time)])
        expected = _expected(solution, points)
        for name in FIELDS:
            np.testing.assert_allclose(
                np.asarray(frame.point_data[name]), expected[name], rtol=0, atol=TOLERANCE
            )


def test_the_pictures_show_a_row_per_unknown(system):
    from PIL import Image

    _, out = system
    with Image.open(out / "solution.png") as image:
        width, height = image.size
    # two axes: value, exact, error side by side, one row per unknown (4.2 inches at 120 dpi)
    assert (width, height) == (round((4.6 * 3 + 0.6) * 120), round(4.2 * 2 * 120))
    with Image.open(out / "solution.gif") as gif:
        assert gif.n_frames == FRAMES
        assert gif.size[0] > gif.size[1]  # one column per unknown beside the other


# -- reading back: pinnls.load and pinnls eval ---------------------------------------------------


def test_load_evaluates_the_system_as_the_solution_does(system):
    solution, out = system
    saved = pinnls.load(out)
    assert saved.unknowns == ("p", "v")
    points = np.random.default_rng(0).uniform(0, 1, size=(200, 2))
    both = saved(points)
    assert both.shape == (200, 2)
    np.testing.assert_allclose(both, solution(points), rtol=0, atol=TOLERANCE)
    for j, name in enumerate(UNKNOWNS):
        for key in (name, j):
            one = saved(points, unknown=key)
            assert one.shape == (200,)
            np.testing.assert_allclose(one, solution(points, unknown=name), rtol=0, atol=TOLERANCE)
    with pytest.raises(ValueError, match="the unknowns are p, v"):
        saved(points, unknown="w")
    assert "unknowns p, v" in repr(saved)


def test_eval_writes_one_column_per_unknown(system, tmp_path):
    solution, out = system
    points = tmp_path / "points.csv"
    points.write_text("t,x\n0.5,0.25\n0.125,0.75\n")
    result = tmp_path / "values.csv"
    assert main(["eval", str(out), str(points), "-o", str(result)]) == 0
    rows = list(csv.reader(result.read_text().splitlines()))
    assert rows[0] == ["x", "t", "p", "v"]
    values = np.array(rows[1:], dtype=float)
    at = np.array([[0.25, 0.5], [0.75, 0.125]])
    np.testing.assert_array_equal(values[:, :2], at)
    np.testing.assert_allclose(values[:, 2:], solution(at), rtol=0, atol=TOLERANCE)


# -- time slabs ----------------------------------------------------------------------------------


def test_a_time_slab_system_round_trips(slabbed):
    solution, out = slabbed
    assert len(solution.slabs) == 2
    _, points = _grid(solution)
    expected = _expected(solution, points)
    with h5py.File(out / "solution.h5") as file:
        assert list(file["fields"]) == FIELDS
        for name in FIELDS:
            np.testing.assert_allclose(
                file["fields"][name][()].ravel(), expected[name], rtol=0, atol=TOLERANCE
            )
        for k in range(2):
            group = file["model"][f"slab_{k}"]
            assert json.loads(group.attrs["unknowns"]) == ["p", "v"]
            assert group["coefficients"].shape == (2 * solution.slabs[k].basis.size,)
    saved = pinnls.load(out)
    assert len(saved.network.slabs) == 2
    # points on both sides of the interface t = 0.5 and on it (the later slab's)
    rng = np.random.default_rng(1)
    points = np.column_stack([rng.uniform(0, 1, 60), np.r_[rng.uniform(0, 1, 57), 0.5, 0.5, 1]])
    np.testing.assert_allclose(saved(points), solution(points), rtol=0, atol=TOLERANCE)
    np.testing.assert_allclose(
        saved(points, unknown="v"), solution(points, unknown="v"), rtol=0, atol=TOLERANCE
    )
    report = json.loads((out / "report.json").read_text())
    _, grid = _grid(solution)
    u, exact = solution(grid), solution.compiled.exact(grid)
    for j, name in enumerate(UNKNOWNS):
        own = _errors(u[:, j], exact[:, j])
        assert report["errors"][name]["rel_l2"] == pytest.approx(own["rel_l2"], rel=1e-12)
    assert [entry["slab"] for entry in report["slabs"]] == [0, 1]
    for entry in report["slabs"]:  # per slab: the errors over both unknowns
        assert entry["rel_l2_error"] > 0 and entry["max_error"] > 0


# -- one unknown keeps its layout ----------------------------------------------------------------


def test_one_unknown_named_T_keeps_the_fields_of_u(tmp_path, capsys):
    x = sp.symbols("x")
    T = sp.Function("T")
    problem = Problem(T(x), Box(x=(0, 1)), name="bar")
    problem.equation("pde", sp.Eq(T(x).diff(x, 2), -(sp.pi**2) * sp.sin(sp.pi * x)))
    problem.condition("left", sp.Eq(T(0), 0))
    problem.condition("right", sp.Eq(T(1), 0))
    problem.exact(sp.sin(sp.pi * x))
    solution = _solve(problem, width=16)
    out = tmp_path / "out"
    solution.save(out, formats="h5,vtk")
    with h5py.File(out / "solution.h5") as file:
        assert list(file["fields"]) == ["u", "exact", "error"]
        assert json.loads(file.attrs["unknowns"]) == ["u"]
        assert json.loads(file.attrs["unknown_functions"]) == ["T"]
        assert file.attrs["rel_l2_error_u"] == file.attrs["rel_l2_error"]
        assert file["model/coefficients"].shape == (solution.basis.size,)
    assert list(pyvista.read(out / "solution.vtr").point_data) == ["u", "exact", "error"]
    report = json.loads((out / "report.json").read_text())
    assert report["unknowns"] == ["u"] and report["unknown_functions"] == ["T"]
    assert report["errors"] == {"u": {"rel_l2": report["rel_l2_error"], "max": report["max_error"]}}
    points = np.linspace(0, 1, 7)[:, None]
    saved = pinnls.load(out)
    assert saved(points).shape == (7,)
    for key in (None, "u", "T", 0):
        np.testing.assert_allclose(saved(points, unknown=key), solution(points), atol=TOLERANCE)
    (tmp_path / "points.csv").write_text("0.5\n")
    assert main(["eval", str(out), str(tmp_path / "points.csv")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "x,u"
    assert main(["info", str(out)]) == 0
    keys = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert "unknowns" not in keys and "rel_l2_error_u" not in keys  # the table as before

    # a file from before systems (no unknowns attributes) reads as one unknown u
    with h5py.File(out / "solution.h5", "r+") as file:
        for key in ("unknowns", "unknown_functions", "rel_l2_error_u", "max_error_u"):
            del file.attrs[key]
        del file["model"].attrs["unknowns"]
        del file["model"].attrs["unknown_functions"]
    # edited in place, the file is no longer the one report.json's manifest lists
    with pytest.raises(ResultFileError, match="sha256 does not match"):
        pinnls.load(out)
    saved = pinnls.load(out, verify=False)
    np.testing.assert_allclose(saved(points), solution(points), atol=TOLERANCE)
    info = read_info(out / "solution.h5")
    assert info["unknowns"] == ["u"]
    assert info["errors"] == {"u": {"rel_l2": info["rel_l2_error"], "max": info["max_error"]}}


# -- the names -----------------------------------------------------------------------------------


def test_field_names_of_one_unknown_and_of_a_system():
    assert [(f.value, f.exact, f.error) for f in field_names(None)] == [("u", "exact", "error")]
    assert [(f.value, f.exact, f.error) for f in field_names(["T"])] == [("u", "exact", "error")]
    assert [f.exact for f in field_names(["p", "v"])] == ["p_exact", "v_exact"]
    with pytest.raises(ValueError, match="'p_exact'"):
        field_names(["p", "p_exact"])
    fields = {"u": np.arange(6.0).reshape(3, 2), "unknowns": ("a", "b")}
    named = named_fields(fields)
    assert list(named) == ["a", "b"]
    np.testing.assert_array_equal(named["b"], [1.0, 3.0, 5.0])


def test_a_system_without_exact_solution_has_its_values_only(tmp_path):
    x = sp.symbols("x")
    p, v = sp.Function("p"), sp.Function("v")
    problem = Problem([p(x), v(x)], Box(x=(0, 2)), name="rotation")
    problem.equation("first", sp.Eq(p(x).diff(x) - v(x), 0))
    problem.equation("second", sp.Eq(v(x).diff(x) + p(x), 0))
    problem.condition("p0", sp.Eq(p(0), 0))
    problem.condition("v0", sp.Eq(v(0), 1))
    solution = _solve(problem)
    out = tmp_path / "out"
    solution.save(out, formats="h5,vtk,png")
    points = np.linspace(0, 2, EVAL_POINTS)[:, None]
    with h5py.File(out / "solution.h5") as file:
        assert list(file["fields"]) == ["p", "v"]
        np.testing.assert_allclose(file["fields/v"][()], solution(points, unknown="v"), atol=1e-12)
        assert np.isnan(file.attrs["rel_l2_error_p"]) and np.isnan(file.attrs["rel_l2_error"])
    assert list(pyvista.read(out / "solution.vtr").point_data) == ["p", "v"]
    report = json.loads((out / "report.json").read_text())
    assert report["errors"] is None and report["rel_l2_error"] is None
    assert read_info(out / "solution.h5")["errors"] is None
    # the solution is sin and cos: the fit is close even without an exact solution to check it
    expected = np.column_stack([np.sin(points[:, 0]), np.cos(points[:, 0])])
    np.testing.assert_allclose(solution(points), expected, atol=1e-4)
