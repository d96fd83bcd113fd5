"""Result files: solution.h5 layout and values, report.json, solution.vtr, solution.xdmf, the
PNG plots, read_info, and atomic writes.

Every solve here is tiny (width 8-16, a few iterations): the tests check the files against the
solution they were written from, not the solution's accuracy. Values read back are compared
with ``solution(points)`` to 1e-12 absolute: the files store float64 exactly, and evaluating the
same points again in batches of another size may only change the last bits (BLAS blocking), on
values of order 1.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import logging
import math
import types
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import h5py
import numpy as np
import pytest
import sympy as sp
from helpers import REPORT_KEYS, ROOT

import pinnls.io
import pinnls.io.hdf5
from pinnls import Box, Problem, Settings, compile_problem, load_problem, solve
from pinnls.io import (
    FILE_NAMES,
    FORMATS,
    ResultFileError,
    build_report,
    read_info,
    write_hdf5,
    write_results,
)

TOLERANCE = 1e-12
METADATA = {
    "problem_file": "problems/advection_gauss.py",
    "problem_sha256": "0" * 64,
    "command": "pinnls solve problems/advection_gauss.py",
}


def _strict_json(text: str):
    """Parse JSON, failing on NaN, Infinity and -Infinity tokens."""

    def reject(token):
        raise AssertionError(f"non-strict JSON token {token}")

    return json.loads(text, parse_constant=reject)


def _solve(problem, defaults=None, **settings) -> object:
    s = Settings.from_mapping(defaults, **settings)
    return solve(compile_problem(problem, s), s)


# -- fixtures: one tiny solve per dimension, written once ----------------------------------------


@pytest.fixture(scope="module")
def advection(tmp_path_factory):
    """2-D (x, t) with an exact solution, all formats written: 5 LSGD steps on a tanh basis."""
    loaded = load_problem(ROOT / "problems" / "advection_gauss.py")
    solution = _solve(
        loaded.problem,
        loaded.settings,
        optimizer="lsgd",
        activation="tanh",
        width=12,
        iterations=5,
        eval_points=21,
        eval_every=2,
    )
    directory = tmp_path_factory.mktemp("advection")
    written = write_results(solution, directory, metadata=METADATA)
    return solution, directory, written


@pytest.fixture(scope="module")
def rotation(tmp_path_factory):
    """3-D (x, y, t): rotation_2d with small clouds."""
    loaded = load_problem(ROOT / "problems" / "rotation_2d.py")
    terms = {term.name: {"points": "random:100"} for term in loaded.problem.terms}
    solution = _solve(
        loaded.problem,
        loaded.settings,
        optimizer="lsgd",
        activation="tanh",
        width=8,
        iterations=1,
        eval_points=9,
        terms=terms,
    )
    directory = tmp_path_factory.mktemp("rotation")
    # the time series and the GIF are test_outputs.py's
    return solution, directory, write_results(solution, directory, "h5,vtk,xdmf,png")


@pytest.fixture(scope="module")
def ode(tmp_path_factory):
    """1-D: u' = cos(3x), u(0) = 0."""
    x = sp.symbols("x")
    u = sp.Function("u")
    problem = Problem(u(x), Box(x=(0, 1)), name="ode-1d")
    problem.equation("ode", sp.Eq(u(x).diff(x), sp.cos(3 * x)))
    problem.condition("left", sp.Eq(u(0), 0))
    problem.exact(sp.sin(3 * x) / 3)
    solution = _solve(
        problem, optimizer="lsgd", width=8, iterations=3, activation="tanh", eval_points=33
    )
    directory = tmp_path_factory.mktemp("ode")
    return solution, directory, write_results(solution, directory)


@pytest.fixture(scope="module")
def without_exact(advection, tmp_path_factory):
    """The 2-D solution with its exact solution forgotten."""
    solution = advection[0]
    compiled = dataclasses.replace(solution.compiled, exact=None, exact_text=None)
    solution = dataclasses.replace(solution, compiled=compiled)
    directory = tmp_path_factory.mktemp("without-exact")
    return solution, directory, write_results(solution, directory)


def _four_axes():
    x, y, z, t = sp.symbols("x y z t")
    u = sp.Function("u")
    box = Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 1))
    problem = Problem(u(x, y, z, t), box, name="advection-4d")
    problem.equation("pde", sp.Eq(u(x, y, z, t).diff(t) + u(x, y, z, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, y, z, 0), sp.sin(x)))
    problem.inflow("inflow", sp.Eq(u(x, y, z, t), sp.sin(x - t)))
    problem.exact(sp.sin(x - t))
    terms = {
        "pde": {"points": "random:100"},
        "initial": {"points": "random:50"},
        "inflow": {"points": "random:50"},
    }
    return _solve(problem, optimizer="lsgd", width=8, iterations=1, eval_points=4, terms=terms)


# -- write_results --------------------------------------------------------------------------------


def test_write_results_writes_every_format_and_returns_the_paths(advection):
    _, directory, written = advection
    assert set(written) == set(FILE_NAMES)  # (x, t): the time series and the GIF too
    for key, path in written.items():
        assert path == directory / FILE_NAMES[key]
        if key == "frames":
            assert path.is_dir() and len(list(path.iterdir())) == pinnls.io.DEFAULT_FRAMES
        else:
            assert path.is_file() and path.stat().st_size > 0
    assert not [p for p in directory.iterdir() if p.name.startswith(".")]  # no temporaries


def test_write_results_report_is_always_written_and_xdmf_brings_h5(advection, tmp_path):
    solution = advection[0]
    written = write_results(solution, tmp_path / "a" / "b", formats=())
    assert set(written) == {"report"}
    written = write_results(solution, tmp_path / "xdmf", formats="xdmf")
    assert set(written) == {"h5", "xdmf", "report"}
    written = write_results(solution, tmp_path / "some", formats=["png", "h5"])
    assert set(written) == {"h5", "history_png", "solution_png", "report"}


def test_write_results_rejects_an_unknown_format_listing_the_choices(advection, tmp_path):
    with pytest.raises(ValueError, match="'pdf'; choose from h5, vtk, xdmf, png, pvd, gif"):
        write_results(advection[0], tmp_path, formats="h5,pdf")
    assert not list(tmp_path.iterdir())
    assert FORMATS == ("h5", "vtk", "xdmf", "png", "pvd", "gif")


def test_write_results_skips_vtk_and_xdmf_beyond_three_axes_with_a_warning(tmp_path, caplog):
    solution = _four_axes()
    with caplog.at_level(logging.WARNING, logger="pinnls.io"):
        written = write_results(solution, tmp_path)
    # the time series has three space axes (x, y, z): frames, but no GIF (one or two only)
    assert set(written) == {"h5", "history_png", "solution_png", "pvd", "frames", "report"}
    assert "solution.vtr is not written: the problem has 4 axes" in caplog.text
    assert "solution.xdmf is not written" in caplog.text
    with h5py.File(written["h5"]) as file:
        assert file["fields/u"].shape == (4, 4, 4, 4)


# -- solution.h5 ----------------------------------------------------------------------------------


def test_h5_fields_are_ij_ordered_arrays_equal_to_the_solution_at_the_grid(advection):
    solution, _, written = advection
    with h5py.File(written["h5"]) as file:
        x, t = file["grid/x"][()], file["grid/t"][()]
        u, exact, error = (file[f"fields/{n}"][()] for n in ("u", "exact", "error"))
        points = file["grid/points"][()]
    assert x.shape == (21,) and t.shape == (21,)
    assert u.shape == exact.shape == error.shape == (21, 21)
    assert u.dtype == np.float64
    # u[i, j] is u at (x_i, t_j): check single points, then the whole grid
    for i, j in [(0, 0), (3, 17), (20, 5), (20, 20)]:
        value = solution(np.array([[x[i], t[j]]]))[0]
        assert u[i, j] == pytest.approx(value, abs=TOLERANCE)
    assert np.allclose(u.ravel(), solution(points), atol=TOLERANCE, rtol=0)
    assert np.allclose(exact.ravel(), solution.compiled.exact(points), atol=TOLERANCE, rtol=0)
    assert np.allclose(error, u - exact, atol=TOLERANCE, rtol=0)
    assert np.array_equal(points[:, 0].reshape(21, 21), np.meshgrid(x, t, indexing="ij")[0])


def test_h5_fields_have_dimension_scales_and_every_dataset_a_description(advection):
    _, _, written = advection
    with h5py.File(written["h5"]) as file:
        for name in ("u", "exact", "error"):
            dataset = file[f"fields/{name}"]
            assert [dim.label for dim in dataset.dims] == ["x", "t"]
            assert [dim[0].name for dim in dataset.dims] == ["/grid/x", "/grid/t"]
        described = []
        file.visititems(
            lambda name, item: (
                described.append((name, "description" in item.attrs))
                if isinstance(item, h5py.Dataset)
                else None
            )
        )
        assert described and all(has for _, has in described), described


def test_h5_root_attributes_describe_the_run(advection):
    solution, _, written = advection
    with h5py.File(written["h5"]) as file:
        attrs = dict(file.attrs)
    assert json.loads(attrs["settings"]) == solution.settings.to_dict()
    assert json.loads(attrs["axes"]) == ["x", "t"]
    assert attrs["problem"] == "advection-gauss"
    assert attrs["pinnls_version"] == pinnls.__version__
    assert attrs["seed"] == solution.settings.seed
    assert bool(attrs["complete"]) is True
    assert attrs["stop_reason"] == "iterations"
    assert attrs["problem_sha256"] == METADATA["problem_sha256"]
    assert attrs["command"] == METADATA["command"]
    assert "T" in attrs["created"]
    assert attrs["rows"] == sum(term.size for term in solution.compiled.terms)
    assert json.loads(attrs["validation"]) == solution.validation  # JSON keeps floats exactly
    assert attrs["validation_total"] == pytest.approx(solution.validation["total"], rel=1e-12)
    assert json.loads(attrs["strategy"]) is None  # lsgd: no automatic strategy


def test_h5_terms_history_and_model_match_the_solution(advection):
    solution, _, written = advection
    residuals = solution.residuals()
    state = solution.basis.state_dict()
    with h5py.File(written["h5"]) as file:
        assert list(file["terms"]) == [term.name for term in solution.compiled.terms]
        for name, data in residuals.items():
            assert np.array_equal(file[f"terms/{name}/points"][()], data["points"])
            assert np.allclose(file[f"terms/{name}/residual"][()], data["residual"], atol=1e-12)
        history = solution.history
        for column in ("iteration", "loss", "error", "rank", "condition", "wall"):
            values = file[f"history/{column}"][()]
            assert values.shape == (len(history),)
            assert np.array_equal(values, np.asarray(getattr(history, column)), equal_nan=True)
        assert list(file["history/terms"]) == list(history.terms)
        for name, values in history.terms.items():
            assert np.array_equal(file[f"history/terms/{name}"][()], values)
        assert set(file["model"]) == set(state) | {"coefficients"}
        for key, tensor in state.items():
            assert np.array_equal(file[f"model/{key}"][()], tensor.numpy())
        assert np.array_equal(file["model/coefficients"][()], solution.coefficients.numpy())


def test_h5_fields_of_three_axes_keep_the_axes_order(rotation):
    solution, _, written = rotation
    with h5py.File(written["h5"]) as file:
        x, y, t = (file[f"grid/{a}"][()] for a in ("x", "y", "t"))
        u = file["fields/u"][()]
    assert u.shape == (9, 9, 9)
    for i, j, k in [(0, 0, 0), (1, 7, 3), (8, 2, 8)]:
        value = solution(np.array([[x[i], y[j], t[k]]]))[0]
        assert u[i, j, k] == pytest.approx(value, abs=TOLERANCE)


def test_h5_without_exact_solution_has_only_u(without_exact):
    _, _, written = without_exact
    with h5py.File(written["h5"]) as file:
        assert list(file["fields"]) == ["u"]
        assert math.isnan(file.attrs["rel_l2_error"])


# -- read_info ------------------------------------------------------------------------------------


def test_read_info_summarizes_the_result(advection):
    solution, _, written = advection
    info = read_info(written["h5"])
    errors = solution.errors()
    assert info["settings"] == solution.settings.to_dict()
    assert info["loss"] == pytest.approx(solution.history.loss[-1])
    assert info["terms"] == {k: pytest.approx(v[-1]) for k, v in solution.history.terms.items()}
    assert list(info["terms"]) == ["pde", "initial", "inflow"]
    assert info["rel_l2_error"] == pytest.approx(errors["rel_l2"], rel=1e-12)
    assert info["max_error"] == pytest.approx(errors["max"], rel=1e-12)
    assert info["iterations"] == 5
    assert info["complete"] is True
    assert info["pinnls_version"] == pinnls.__version__
    assert info["seed"] == 0
    assert info["problem"] == "advection-gauss"
    assert info["problem_sha256"] == METADATA["problem_sha256"]
    assert info["grid"] == {"x": 21, "t": 21}
    assert info["validation_total"] == pytest.approx(solution.validation["total"], rel=1e-12)
    assert info["strategy"] is None  # lsgd: no automatic strategy
    json.dumps(info, allow_nan=False)


def test_read_info_without_exact_solution_reports_none(without_exact):
    info = read_info(without_exact[2]["h5"])
    assert info["rel_l2_error"] is None and info["max_error"] is None
    assert info["problem_sha256"] is None


def test_read_info_rejects_missing_non_hdf5_and_foreign_files(tmp_path):
    with pytest.raises(ResultFileError, match="no such file"):
        read_info(tmp_path / "missing.h5")
    (tmp_path / "text.h5").write_text("not hdf5")
    with pytest.raises(ResultFileError, match="not an HDF5 file"):
        read_info(tmp_path / "text.h5")
    with h5py.File(tmp_path / "other.h5", "w") as file:
        file["data"] = [1, 2, 3]
    with pytest.raises(ResultFileError, match="not a pinnls result"):
        read_info(tmp_path / "other.h5")


# -- report.json ----------------------------------------------------------------------------------


def test_report_json_is_strict_and_has_the_documented_keys(advection):
    solution, _, written = advection
    report = _strict_json(written["report"].read_text())
    assert REPORT_KEYS <= set(report)
    assert report["problem"] == "advection-gauss"
    assert report["settings"] == solution.settings.to_dict()
    assert report["iterations"] == 5
    assert report["loss"] == pytest.approx(solution.history.loss[-1])
    assert report["rel_l2_error"] == pytest.approx(solution.errors()["rel_l2"], rel=1e-12)
    assert report["complete"] is True and report["stop_reason"] == "iterations"
    assert report["pinnls_version"] == pinnls.__version__
    for key, value in METADATA.items():
        assert report[key] == value
    for term in solution.compiled.terms:
        entry = report["terms"][term.name]
        assert entry["points"] == term.size
        assert entry["weight"] == term.weight
        assert entry["loss"] == pytest.approx(solution.history.terms[term.name][-1])
    assert report["files"]["h5"] == "solution.h5"
    assert report["rows"] == sum(term.size for term in solution.compiled.terms)
    assert set(report["validation"]) == {"total", "total_absolute", "loss", "scale", "terms"}
    assert report["validation"]["total"] == pytest.approx(solution.validation["total"])
    validation = report["validation"]
    assert validation["total"] == pytest.approx(validation["total_absolute"] / validation["scale"])
    assert set(report["validation"]["terms"]) == {"pde", "initial", "inflow"}
    assert report["strategy"] is None  # lsgd: no automatic strategy


def test_report_turns_non_finite_numbers_into_null(advection, tmp_path):
    solution = dataclasses.replace(
        advection[0], condition=math.nan, complete=False, stop_reason="diverged"
    )
    written = write_results(solution, tmp_path, formats=())
    report = _strict_json(written["report"].read_text())
    assert report["condition"] is None
    assert report["complete"] is False and report["stop_reason"] == "diverged"


def test_report_without_exact_solution_has_null_errors(without_exact):
    report = _strict_json(without_exact[2]["report"].read_text())
    assert report["rel_l2_error"] is None and report["max_error"] is None
    assert build_report(without_exact[0])["exact"] is None


# -- solution.vtr ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["ode", "advection", "rotation"])
def test_vtr_point_data_matches_the_solution_at_the_vtk_points(case, request):
    import pyvista

    solution, _, written = request.getfixturevalue(case)
    mesh = pyvista.read(written["vtk"])
    d = solution.compiled.dim
    assert {"u", "exact", "error"} <= set(mesh.point_data)
    points = np.asarray(mesh.points)[:, :d]
    # VTK numbers points with the first axis fastest: the points must follow the data
    assert np.allclose(mesh.point_data["u"], solution(points), atol=TOLERANCE, rtol=0)
    assert np.allclose(
        mesh.point_data["exact"], solution.compiled.exact(points), atol=TOLERANCE, rtol=0
    )
    assert np.all(np.asarray(mesh.points)[:, d:] == 0)
    assert list(mesh.field_data["axes"]) == list(solution.compiled.axes)


def test_vtr_axes_map_to_x_y_z_in_order(rotation):
    import pyvista

    solution, _, written = rotation
    mesh = pyvista.read(written["vtk"])
    grid = solution.grid()
    # point 1 differs from point 0 in the first axis (x), as VTK's ordering requires
    assert mesh.points[1][0] == pytest.approx(grid["axes"][0][1])
    assert mesh.dimensions == (9, 9, 9)
    assert mesh.bounds[4:6] == pytest.approx((0.0, 1.0))  # t along Z


# -- solution.xdmf --------------------------------------------------------------------------------


def _xdmf_references(path: Path):
    """Yield (file, dataset path, dimensions) for every HDF DataItem of an XDMF file."""
    root = ElementTree.parse(path).getroot()
    assert root.tag == "Xdmf" and root.get("Version") == "3.0"
    for item in root.iter("DataItem"):
        if item.get("Format") != "HDF":
            continue
        name, dataset = item.text.strip().split(":", 1)
        yield path.parent / name, dataset, tuple(int(n) for n in item.get("Dimensions").split())


@pytest.mark.parametrize("case", ["ode", "advection", "rotation"])
def test_xdmf_references_existing_datasets_with_their_sizes(case, request):
    _, _, written = request.getfixturevalue(case)
    references = list(_xdmf_references(written["xdmf"]))
    assert {dataset for _, dataset, _ in references} >= {"/fields/u", "/fields/error"}
    for file_path, dataset, dimensions in references:
        assert file_path == written["h5"]
        with h5py.File(file_path) as file:
            shape = file[dataset].shape
        # a 1-D field is viewed as one row (1, m) of a flat 2-D mesh
        assert shape == dimensions or (len(shape) == 1 and dimensions == (1, *shape)), dataset


@pytest.mark.parametrize("case", ["ode", "advection", "rotation"])
def test_xdmf_opens_in_vtk_with_fields_at_the_right_points(case, request):
    vtk = pytest.importorskip("vtk")
    if not hasattr(vtk, "vtkXdmfReader"):
        pytest.skip("this VTK has no XDMF reader")
    from vtk.util.numpy_support import vtk_to_numpy

    solution, _, written = request.getfixturevalue(case)
    reader = vtk.vtkXdmfReader()
    reader.SetFileName(str(written["xdmf"]))
    reader.Update()
    grid = reader.GetOutputDataObject(0)
    n = grid.GetNumberOfPoints()
    assert n == solution.grid()["points"].shape[0]
    points = np.array([grid.GetPoint(i) for i in range(n)])
    d = solution.compiled.dim
    u = vtk_to_numpy(grid.GetPointData().GetArray("u"))
    assert np.allclose(u, solution(points[:, :d]), atol=TOLERANCE, rtol=0)


# -- PNG plots ------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["ode", "advection", "rotation", "without_exact"])
def test_plots_are_non_trivial_pngs(case, request):
    from matplotlib.image import imread

    _, _, written = request.getfixturevalue(case)
    for key in ("history_png", "solution_png"):
        path = written[key]
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        image = imread(path)
        assert image.shape[0] > 300 and image.shape[1] > 500
        assert image[..., :3].std() > 0.05  # not a blank canvas


def _auto_history(solution, losses, chosen):
    """``solution`` as the automatic strategy returns it: a history row per stage (losses as
    given) and an AutoRecord whose stage ``chosen`` (an index, from 0) it kept."""
    from pinnls.history import History
    from pinnls.record import AutoRecord, Choice, StageRecord

    history = History(["pde", "initial"])
    stages = []
    for index, loss in enumerate(losses):
        history.append(index, loss, {"pde": loss / 2, "initial": loss / 4}, 1e-3, 8, 10.0, 1.0)
        stages.append(StageRecord("grow", "tanh", 512 * (index + 1), 2.0, 900, 1e-4, 1.0, 8))
    record = AutoRecord(
        time_limit=60.0,
        stop_reason="converged",
        seconds=3.0,
        chosen=Choice(chosen, "tanh", 512 * (chosen + 1), 2.0, {"pde": 900}, 1e-4),
        stages=tuple(stages),
    )
    return dataclasses.replace(solution, history=history, strategy=record)


def test_the_history_plot_shows_the_smallest_losses_and_counts_stages_from_1(advection):
    from pinnls.io.plots import history_figure

    # A float64 least-squares loss can end near 1e-30; the last stage, the one kept, must stay
    # on the axis (it was cut at 1e-14 of the largest loss, so the kept stage vanished).
    solution = _auto_history(advection[0], [1e2, 1e-12, 1e-30], chosen=2)
    figure = history_figure(solution)
    loss, right = figure.axes[:2]
    low, high = loss.get_ylim()
    assert low <= 1e-30 / 4 and high >= 1e2  # the per-term losses go down to 1e-30 / 4
    # Stages count from 1 on the axis, in the title and at the chosen line; x = the number.
    for ax in (loss, right):
        assert list(ax.get_xticks()) == [1, 2, 3]
        labels = [label.get_text().split("\n") for label in ax.get_xticklabels()]
        assert labels == [["1", "512", "2.0"], ["2", "1024", "2.0"], ["3", "1536", "2.0"]]
    assert list(loss.get_lines()[0].get_xdata()) == [1, 2, 3]
    (chosen,) = [line for line in right.get_lines() if line.get_label() == "chosen"]
    assert list(chosen.get_xdata()) == [3, 3]
    assert "chose tanh width 1536 (stage 3)" in figure.get_suptitle()
    assert solution.strategy.chosen.stage == 2  # the record keeps its index from 0


def _history_marked(advection, field, values, chosen=None):
    """The history figure of three auto stages whose ``field`` takes ``values`` (and the
    chosen stage's, where given): the figure and its loss axis."""
    from pinnls.io.plots import history_figure

    solution = _auto_history(advection[0], [1e2, 1e-12, 1e-30], chosen=2)
    record = solution.strategy
    stages = [dataclasses.replace(st, **{field: v}) for st, v in zip(record.stages, values)]
    record = dataclasses.replace(record, stages=tuple(stages))
    if chosen is not None:
        record = dataclasses.replace(
            record, chosen=dataclasses.replace(record.chosen, **{field: chosen})
        )
    figure = history_figure(dataclasses.replace(solution, strategy=record))
    return figure, figure.axes[0]


@pytest.mark.parametrize(
    "field, letter, said",
    [
        ("aligned", "a", "(a: features aligned with the characteristics; a/2: half)"),
        ("modes", "m", "(m: every feature a mode, an exact solution of the equation; m/2: half)"),
    ],
)
def test_the_history_plot_marks_aligned_stages_and_stages_of_modes(advection, field, letter, said):
    figure, ax = _history_marked(advection, field, (0, 0.5, 1), chosen=1.0)
    labels = [label.get_text().split("\n")[-1] for label in ax.get_xticklabels()]
    assert labels == ["2.0", f"2.0 {letter}/2", f"2.0 {letter}"]
    assert said in ax.get_xlabel()
    if field == "aligned":
        assert "chose tanh width 1536, aligned 1 (stage 3)" in figure.get_suptitle()


def test_the_history_plot_marks_stages_whose_points_follow_a_gradient(advection):
    # step 1q's trial has the width and steepness of the stage before it
    figure, ax = _history_marked(advection, "adapted", (0, 0.9, 0.9), chosen=0.9)
    labels = [label.get_text().split("\n")[-1] for label in ax.get_xticklabels()]
    assert labels == ["2.0", "2.0 p", "2.0 p"]
    assert "(p: cut planes where a narrower stage's solution changes, adapted)" in ax.get_xlabel()
    # said once, under the left panel: the right panel's label does not run off the figure
    assert (
        figure.axes[1].get_xlabel() == "stage: number, width and steepness\n(marks as on the left)"
    )
    plain, ax = _history_marked(advection, "adapted", (0, 0, 0))
    assert "(p:" not in ax.get_xlabel()
    assert plain.axes[1].get_xlabel() == "stage: number, width and steepness"


def test_the_history_plot_marks_stages_with_singular_functions(advection):
    from pinnls.io.plots import history_figure

    solution = _auto_history(advection[0], [1e2, 1e-12, 1e-30], chosen=2)
    record = solution.strategy
    stages = [dataclasses.replace(st, singular=j) for st, j in zip(record.stages, (0, 32, 32))]
    figure = history_figure(
        dataclasses.replace(solution, strategy=dataclasses.replace(record, stages=tuple(stages)))
    )
    ax = figure.axes[0]
    widths = [label.get_text().split("\n")[1] for label in ax.get_xticklabels()]
    assert widths == ["512", "1024 s", "1536 s"]
    assert "(s: with singular functions, singular in report.json)" in ax.get_xlabel()


def test_the_history_plot_marks_stages_with_per_axis_factors(advection):
    # step 1p probes one width and steepness at the box's factors and without them: two
    # labels alike unless the factors are marked
    from pinnls.io.plots import history_figure

    solution = _auto_history(advection[0], [1e2, 1e-12, 1e-30], chosen=2)
    record = solution.strategy
    factors = ({"x": 1.41, "t": 0.707}, None, {"x": 4.0})
    stages = [dataclasses.replace(st, axis_scales=f) for st, f in zip(record.stages, factors)]
    record = dataclasses.replace(record, stages=tuple(stages))
    figure = history_figure(dataclasses.replace(solution, strategy=record))
    ax = figure.axes[0]
    labels = [label.get_text().split("\n")[-1] for label in ax.get_xticklabels()]
    assert labels == ["2.0 f", "2.0", "2.0 f"]
    assert "(f: per-axis steepness factors, axis_scales in report.json)" in ax.get_xlabel()
    plain = history_figure(solution)  # no factors: no mark, no note
    assert "(f:" not in plain.axes[0].get_xlabel()


def test_the_history_plot_marks_local_stages(advection):
    from pinnls.io.plots import history_figure

    solution = _auto_history(advection[0], [1e2, 1e-12, 1e-30], chosen=2)
    record = solution.strategy
    stages = [
        dataclasses.replace(st, subdomains=c) for st, c in zip(record.stages, (None, "32", "32"))
    ]
    record = dataclasses.replace(
        record, stages=tuple(stages), chosen=dataclasses.replace(record.chosen, subdomains="32")
    )
    figure = history_figure(dataclasses.replace(solution, strategy=record))
    ax = figure.axes[0]
    labels = [label.get_text().split("\n") for label in ax.get_xticklabels()]
    assert labels == [["1", "512", "2.0"], ["2", "1024", "2.0", "L32"], ["3", "1536", "2.0", "L32"]]
    assert "(L32: a local basis on 32 cells)" in ax.get_xlabel()
    assert "chose tanh width 1536, local on 32 cells (stage 3)" in figure.get_suptitle()


def test_an_elongated_two_axis_box_is_drawn_at_the_shorter_axis_spacing(tmp_path, monkeypatch):
    # twenty laps of a ring over t in [0, 20] drew as horizontal bands on 101 x 101 points: the
    # longer axis gets up to PLANE_STRETCH times the points; the title keeps report.json's grid
    from pinnls.io import plots

    x, t, u = sp.Symbol("x"), sp.Symbol("t"), sp.Function("u")
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: drawn.append(figure))
    # a box drawn to scale that is taller than wide gets narrower columns ([0, 1] x [0, 2]:
    # 3.6 in each instead of 4.6, so the three panels do not stand apart), one wider than tall
    # a lower row ([0, 1] x [0, 0.5]: 1.6 + 2.6 / 2 = 2.9 in instead of 4.2)
    sizes = ((14.4, 4.2), (14.4, 4.2), (11.4, 4.2), (14.4, 2.9))
    for end, shape, size in zip(
        (8, 1, 2, 0.5), ((401, 101), (101, 101), (201, 101), (101, 201)), sizes
    ):
        problem = Problem(u(x, t), Box(x=(0, 1), t=(0, end)), name="long")
        problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
        problem.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * sp.pi * x)))
        problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-2 * sp.pi * t)))
        problem.exact(sp.sin(2 * sp.pi * (x - t)))
        solution = solve(problem, optimizer="lsgd", iterations=0, width=16, activation="tanh")
        drawn.clear()
        plots.plot_solution(solution, tmp_path / "solution.png")
        ((figure),) = drawn
        mesh = figure.axes[0].collections[0]
        assert mesh.get_array().shape == shape  # (t, x): the image's rows are along t
        assert tuple(figure.get_size_inches()) == pytest.approx(size)
        label = figure._supxlabel.get_text() if figure._supxlabel is not None else ""
        stretched = "not to scale: stretched about 8x"
        assert (stretched in figure.axes[0].get_xlabel()) == (end == 8)
        if end == 8:
            assert "images on 101 x 401 points" in label and "101 x 101 grid" in label
            assert f"rel L2 error {solution.errors()['rel_l2']:.3g}" in figure.get_suptitle()
        elif end == 1:
            assert label == ""


def test_three_axis_slices_of_a_box_that_is_not_square_are_sized_to_its_aspect(
    tmp_path, monkeypatch
):
    # a user's [0, 1] x [0, 2] x [0, 0.5] Poisson problem drew narrow panels in a wide figure
    # (40% empty), and [0, 2] x [0, 1] x t panels with wide bands above and below
    from pinnls.io import plots

    x, y, z, u = sp.Symbol("x"), sp.Symbol("y"), sp.Symbol("z"), sp.Function("u")
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: drawn.append(figure))
    sizes = {}
    for lengths in ((1, 1), (1, 2), (2, 1), (1, 4)):
        problem = Problem(u(x, y, z), Box(x=(0, lengths[0]), y=(0, lengths[1]), z=(0, 1)))
        problem.equation("pde", sp.Eq(u(x, y, z).diff(x), 1))
        problem.condition("left", sp.Eq(u(0, y, z), 0))
        problem.exact(x)
        solution = solve(problem, optimizer="lsgd", iterations=0, width=8, activation="tanh")
        drawn.clear()
        plots.plot_solution(solution, tmp_path / "solution.png")
        ((figure),) = drawn
        sizes[lengths] = tuple(figure.get_size_inches())
    # three columns of 3.7 in and three rows of 3.5 in for a square, as before
    assert sizes[(1, 1)] == pytest.approx((3.7 * 3 + 1.4, 3.5 * 3 + 0.4))
    # taller than wide: narrower columns, the same rows; wider than tall: lower rows
    assert sizes[(1, 2)] == pytest.approx((3.7 * (1 - 2.0 / 4.6 * 0.5) * 3 + 1.4, 10.9))
    lower = 3.5 * (1 - 2.6 / 4.2 + 2.6 / 4.2 / 2)
    assert sizes[(2, 1)] == pytest.approx((12.5, lower * 3 + 0.4))
    # past 3x the panels are not drawn to scale: the square's size, and the label says so
    assert sizes[(1, 4)] == sizes[(1, 1)]
    assert "x (not to scale: stretched about 4x)" in {ax.get_xlabel() for ax in figure.axes}


def test_slices_of_three_axes_and_more_are_drawn_finer_than_the_evaluation_grid(
    tmp_path, monkeypatch
):
    # a 3-D + time blob drew as a dozen blocks on the 17-point grid of four axes (a new user's
    # report): the plot evaluates its own slices, at the same values of the other axes, and
    # says so under the figure; the title keeps report.json's grid
    from pinnls.io import plots

    x, y, z, t, u = (*sp.symbols("x y z t"), sp.Function("u"))
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: drawn.append(figure))
    problem = Problem(u(x, y, z, t), Box(x=(0, 2), y=(0, 1), z=(0, 1), t=(0, 1)), name="blob")
    w = u(x, y, z, t)
    problem.equation("pde", sp.Eq(w.diff(t) + w.diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, y, z, 0), sp.sin(x + y + z)))
    problem.condition("inflow", sp.Eq(u(0, y, z, t), sp.sin(y + z - t)))
    problem.exact(sp.sin(x - t + y + z))
    few = {name: {"points": "sobol:512"} for name in ("pde", "initial", "inflow")}
    settings = dict(optimizer="lsgd", iterations=0, width=16, activation="tanh", terms=few)
    solution = solve(problem, **settings)
    plots.plot_solution(solution, tmp_path / "solution.png")
    ((figure),) = drawn
    mesh = figure.axes[0].collections[0]
    assert mesh.get_array().shape == (101, 201)  # (y, x): x twice as long, twice the points
    label = figure._supxlabel.get_text()
    assert "images on 201 x 101 points" in label and "17 x 17 x 17 x 17 grid" in label
    titles = [ax.get_title() for ax in figure.axes[:3]]
    # z, a space axis between, goes through the grid point where |u| is largest
    z = plots._peak(solution.grid())[2]
    assert titles[0].endswith(f"t = 0, z = {z:.3g}") and titles[2].endswith(f"t = 1, z = {z:.3g}")
    assert f"rel L2 error {solution.errors()['rel_l2']:.3g}" in figure.get_suptitle()
    # the planes are the network's and the exact solution's at those points, and no others
    ticks = plots._slice_ticks(solution.compiled)
    assert [len(tk) for tk in ticks] == [201, 101, 1, 3]
    assert ticks[2][0] == 0.5 and list(ticks[3]) == [0.0, 0.5, 1.0]
    grid = solution.grid_of(ticks)
    at = np.array([[ticks[0][7], ticks[1][5], ticks[2][0], ticks[3][2]]])
    index = np.ravel_multi_index((7, 5, 0, 2), [len(tk) for tk in ticks])
    np.testing.assert_allclose(grid["u"][index], solution(at)[0], rtol=0, atol=1e-12)
    np.testing.assert_allclose(grid["exact"][index], np.sin(at[0, 0] - at[0, 3] + at[0, 1:3].sum()))
    # an evaluation grid the user chose is drawn as it is
    drawn.clear()
    plots.plot_solution(
        dataclasses.replace(solution, settings=solution.settings.replace(eval_points=9)),
        tmp_path / "s.png",
    )
    assert drawn[0].axes[0].collections[0].get_array().shape == (9, 9)
    assert drawn[0]._supxlabel is None
    # six axes: still three planes of 101 x 101 (not 3^4 slices of which three are drawn)
    six = types.SimpleNamespace(dim=6, lower=[0.0] * 6, upper=[1.0] * 6)
    assert [len(tk) for tk in plots._slice_ticks(six)] == [101, 101, 1, 1, 1, 3]


def test_the_slices_of_three_space_axes_go_through_the_largest_value():
    # a steady chimney plume's source at a fifth of the height fell between the planes z = 0,
    # 0.5 and 1, which drew its faint edges only: the middle column goes through the peak
    from pinnls.io import plots

    axes = [np.linspace(0, 1, 41)] * 3
    mesh = np.meshgrid(*axes, indexing="ij")
    bump = np.exp(-((mesh[0] - 0.3) ** 2 + (mesh[1] - 0.6) ** 2 + (mesh[2] - 0.2) ** 2) * 50)
    fields = {"axes": axes, "u": bump.ravel()}
    np.testing.assert_allclose(plots._peak(fields), [0.3, 0.6, 0.2])
    steady = types.SimpleNamespace(dim=3, lower=[0.0] * 3, upper=[1.0] * 3, time_axis=None)
    assert list(plots._slice_ticks(steady, plots._peak(fields))[2]) == [0.0, 0.2, 1.0]
    # near an end, that end is a column already: the middle stays
    near = {"axes": axes, "u": np.roll(bump, -6, axis=2).ravel()}
    assert list(plots._slice_ticks(steady, plots._peak(near))[2]) == [0.0, 0.5, 1.0]
    # with time last, its columns stay start, middle and end; the space axis between goes
    # through the peak; a shape's NaN outside is passed over
    timed = types.SimpleNamespace(dim=3, lower=[0.0] * 3, upper=[1.0] * 3, time_axis=2)
    peak = np.array([0.3, 0.6, 0.2])
    assert list(plots._slice_ticks(timed, peak)[2]) == [0.0, 0.5, 1.0]
    four = types.SimpleNamespace(dim=4, lower=[0.0] * 4, upper=[1.0] * 4, time_axis=3)
    ticks = plots._slice_ticks(four, np.array([0.3, 0.6, 0.2, 0.9]))
    assert list(ticks[2]) == [0.2] and list(ticks[3]) == [0.0, 0.5, 1.0]
    masked = np.where(mesh[0] > 0.9, np.nan, bump).ravel()
    np.testing.assert_allclose(plots._peak({"axes": axes, "u": masked}), [0.3, 0.6, 0.2])
    assert plots._peak({"axes": axes, "u": np.full(41**3, np.nan)}) is None


def test_a_one_axis_solution_is_drawn_on_a_fine_line(tmp_path, monkeypatch):
    # 101 points drew twenty periods as a jagged line (pyRFM's Helmholtz): the curves get 2001;
    # the title keeps report.json's grid
    from pinnls.io import plots

    x, u = sp.Symbol("x"), sp.Function("u")
    exact = sp.sin(3 * sp.pi * x)
    problem = Problem(u(x), Box(x=(0, 1)), name="fine")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2), -exact.diff(x, 2)))
    problem.condition("left", sp.Eq(u(0), 0))
    problem.condition("right", sp.Eq(u(1), 0))
    problem.exact(exact)
    solution = solve(problem, optimizer="lsgd", iterations=0, width=16, activation="tanh")
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: drawn.append(figure))
    plots.plot_solution(solution, tmp_path / "solution.png")
    ((figure),) = drawn
    line = figure.axes[0].get_lines()[-1]
    assert len(line.get_xdata()) == plots.LINE_POINTS == 2001
    # under the figure, not the last panel (whose label a narrow panel cut at the right edge)
    assert "the errors in the title on the 101-point grid" in figure._supxlabel.get_text()
    assert figure.axes[-1].get_xlabel() == "x"
    errors = solution.errors()
    assert f"rel L2 error {errors['rel_l2']:.3g}, max abs error {errors['max']:.3g}" in (
        figure.get_suptitle()
    )
    # an evaluation grid the user chose is drawn as it is
    drawn.clear()
    plots.plot_solution(
        dataclasses.replace(solution, settings=solution.settings.replace(eval_points=301)),
        tmp_path / "s.png",
    )
    assert len(drawn[0].axes[0].get_lines()[-1].get_xdata()) == 301


def test_a_single_unknown_is_drawn_under_its_declared_name(tmp_path, monkeypatch):
    # a temperature T(x, t) was titled "network solution u" and "error u - exact" (a user's
    # report): the panels take the declared name, the files keep the field names u, exact, error
    from pinnls.io import plots

    x, t, T = sp.Symbol("x"), sp.Symbol("t"), sp.Function("T")
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: drawn.append(figure))
    for box, args in ((Box(x=(0, 1), t=(0, 1)), (x, t)), (Box(x=(0, 1)), (x,))):
        problem = Problem(T(*args), box, name="temperature")
        problem.equation("pde", sp.Eq(T(*args).diff(x), 1))
        problem.condition("left", sp.Eq(T(*args).subs(x, 0), 0))
        problem.exact(x)
        solution = solve(problem, optimizer="lsgd", iterations=0, width=8, activation="tanh")
        drawn.clear()
        plots.plot_solution(solution, tmp_path / "solution.png")
        ((figure),) = drawn
        labels = {ax.get_title() for ax in figure.axes} | {ax.get_ylabel() for ax in figure.axes}
        labels |= {text.get_text() for ax in figure.axes for text in ax.texts}
        legend = [ax.get_legend() for ax in figure.axes if ax.get_legend() is not None]
        labels |= {text.get_text() for lg in legend for text in lg.get_texts()}
        words = " ".join(labels)
        assert "error T - exact" in words, labels
        assert "error u - exact" not in words and "solution u" not in words, labels
        assert set(solution.grid()) >= {"u", "exact", "error"}


def test_a_long_plan_labels_one_stage_in_a_few_and_the_chosen_one(advection):
    from pinnls.io.plots import MAX_STAGE_LABELS, history_figure

    # 27 stages (rotation_2d's plan): three lines of text under each tick overlapped
    losses = [10.0**-k for k in range(27)]
    solution = _auto_history(advection[0], losses, chosen=25)
    ax = history_figure(solution).axes[0]
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert len(labels) == 27
    written = [number for number, text in enumerate(labels, start=1) if text]
    # one in 3, and the chosen 26, whose neighbour 25 stays blank so that they do not overlap
    assert written == [1, 4, 7, 10, 13, 16, 19, 22, 26]
    assert len(written) <= MAX_STAGE_LABELS
    assert "(one in 3 labelled, and the chosen one)" in ax.get_xlabel()


def test_long_stage_labels_are_written_further_apart(advection):
    # 25 stages whose steepness reads "32.0 f m/2": one in 3 ran together ("24.0 f m32.0 f m/2"
    # on a user's history.png); the labels' longest line sets the step, here one in 4
    from pinnls.io.plots import STAGE_LABEL_CHARACTERS, history_figure

    solution = _auto_history(advection[0], [10.0**-k for k in range(25)], chosen=24)
    record = solution.strategy
    stages = [
        dataclasses.replace(st, scale=32.0, axis_scales={"x": 2.0}, modes=0.5)
        for st in record.stages
    ]
    record = dataclasses.replace(record, stages=tuple(stages))
    ax = history_figure(dataclasses.replace(solution, strategy=record)).axes[0]
    labels = [label.get_text() for label in ax.get_xticklabels()]
    assert labels[24].split("\n")[-1] == "32.0 f m/2"
    written = [number for number, text in enumerate(labels, start=1) if text]
    assert written == [1, 5, 9, 13, 17, 21, 25]
    assert "(one in 4 labelled, and the chosen one)" in ax.get_xlabel()
    # four ticks hold a label and its gap: 4 / 25 of the panel's characters
    assert 4 * STAGE_LABEL_CHARACTERS / 25 >= len("32.0 f m/2") + 2


def test_the_history_plot_of_a_fixed_strategy_spans_every_iteration(advection):
    # A fixed run's history (6 rows, iterations 0-5) with its one validation estimate at the
    # end: the estimate's single point must not narrow the axes to the last iteration (it did:
    # the demo's history.png showed iterations 999-1001 of 1000).
    from pinnls.io.plots import history_figure

    solution = advection[0]
    assert list(solution.history.iteration) == [0, 1, 2, 3, 4, 5]
    for ax in history_figure(solution).axes[:2]:
        low, high = ax.get_xlim()
        assert low <= 0 and high >= 5


# -- atomic writes --------------------------------------------------------------------------------


def test_a_failing_h5_write_leaves_no_file_and_no_temporary(advection, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pinnls.io.hdf5, "_write_history", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_results(advection[0], tmp_path, formats="h5")
    assert list(tmp_path.iterdir()) == []


def test_a_failing_write_keeps_the_previous_complete_file(advection, tmp_path, monkeypatch):
    solution = advection[0]
    path = write_hdf5(solution, tmp_path / "solution.h5")
    before = path.read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pinnls.io.hdf5, "_write_model", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_hdf5(solution, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["solution.h5"]


def test_a_failing_plot_leaves_no_png_and_no_report(advection, tmp_path, monkeypatch):
    import matplotlib.figure

    def broken(self, *args, **kwargs):
        Path(args[0]).write_bytes(b"\x89PNG half")  # a partial file under the temporary name
        raise OSError("no space left")

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", broken)
    with pytest.raises(OSError, match="no space left"):
        write_results(advection[0], tmp_path, formats="png")
    assert list(tmp_path.iterdir()) == []


def test_field_errors_are_relative_l2_and_max_or_none_without_an_exact_solution():
    from pinnls.metrics import field_errors

    assert field_errors({"u": np.ones(4), "exact": None}) is None
    errors = field_errors({"u": np.array([1.0, 2.0, 2.0]), "exact": np.array([1.0, 2.0, 0.0])})
    assert errors == {"rel_l2": pytest.approx(2 / np.sqrt(5)), "max": 2.0}
    # With a zero exact solution the relative error would divide by zero: the root mean
    # square, said to be absolute, whatever the number of points
    zero = field_errors({"u": np.array([3.0, 4.0]), "exact": np.zeros(2)})
    assert zero == {"rel_l2": pytest.approx(np.sqrt(12.5)), "max": 4.0, "absolute": True}
    more = field_errors({"u": np.tile([3.0, 4.0], 50), "exact": np.zeros(100)})
    assert more["rel_l2"] == pytest.approx(zero["rel_l2"]) and more["rel_l2"] <= more["max"]
    from pinnls.io.fields import errors_by_unknown  # the report's errors keep the flag

    assert errors_by_unknown(zero, ("u",)) == {"u": zero}
    assert type(zero["rel_l2"]) is float


def test_a_plot_calls_the_error_of_an_unknown_that_vanishes_rms():
    # a Kelvin wave's v is zero: a relative error of v is undefined, and the title says RMS
    from types import SimpleNamespace

    from pinnls.io.plots import _title

    grid = np.linspace(0.0, 1.0, 50)
    exact = np.stack([np.sin(grid), np.zeros_like(grid)], axis=1)
    u = exact + 1e-3
    solution = SimpleNamespace(compiled=SimpleNamespace(name="kelvin"), complete=True)
    title = _title(solution, {"u": u, "exact": exact, "unknowns": ["p", "v"]})
    assert "p: rel L2 " in title and "v: RMS 0.001, max 0.001" in title
    assert "   rel L2 error" in title  # all unknowns stacked: relative


def test_a_constant_field_is_drawn_flat_not_as_its_rounding():
    # a recovered constant q = 3 to 4e-12 beside the exact 3: one colour for both, on a colour
    # bar about 3, not rounding spread over the whole bar
    from pinnls.io.plots import _value_norm

    rounding = 3.0 + 4e-12 * np.random.default_rng(0).standard_normal(100)
    norm = _value_norm([rounding, np.full(100, 3.0)])
    assert norm.vmin == pytest.approx(3 - 3e-3) and norm.vmax == pytest.approx(3 + 3e-3)
    varying = _value_norm([np.linspace(-1.0, 2.0, 5)])  # a field that varies keeps its span
    assert (varying.vmin, varying.vmax) == (-1.0, 2.0)
    zero = _value_norm([np.zeros(3)])
    assert (zero.vmin, zero.vmax) == (-0.5, 0.5)


def test_a_term_fitted_exactly_is_named_as_not_drawn_in_the_history(advection):
    # modes that solve the equation leave its loss 0, which a log axis cannot show: the
    # legend says so instead of naming a line that is not there (a new user's heat problem)
    from pinnls.io.plots import history_figure

    solution = advection[0]
    history = copy.deepcopy(solution.history)
    name = next(iter(history.terms))
    history.terms[name] = [0.0] * len(history.terms[name])
    figure = history_figure(dataclasses.replace(solution, history=history))
    labels = figure.axes[0].get_legend_handles_labels()[1]
    assert f"{name} (0, not drawn)" in labels
    assert all(other in labels for other in list(history.terms)[1:])


def test_slices_take_the_whole_grid_s_constant_where_the_problem_leaves_one_free(
    tmp_path, monkeypatch
):
    # fitted again on the three planes, the constant differed from the evaluation grid's
    # (-0.47007 against -0.47228 on a Neumann Poisson cube), and so did the error panels from
    # the title's and solution.h5's (a reviewer's finding)
    from pinnls.io import plots

    x, y, z, u = (*sp.symbols("x y z"), sp.Function("u"))
    problem = Problem(u(x, y, z), Box(x=(0, 1), y=(0, 1), z=(0, 1)), name="free")
    problem.equation("pde", sp.Eq(u(x, y, z).diff(x), sp.cos(x + y * z)))
    problem.condition("left", sp.Eq(u(x, y, z).diff(x).subs(x, 0), sp.cos(y * z)))
    problem.exact(sp.sin(x + y * z))
    few = {"pde": {"points": "sobol:512"}, "left": {"points": "sobol:128"}}
    solution = solve(problem, optimizer="lsgd", iterations=0, width=8, activation="tanh", terms=few)
    fields = solution.grid()
    (shift,) = fields["constants"].values()
    ticks = plots._slice_ticks(solution.compiled)
    planes = solution.grid_of(ticks, fields["constants"])
    exact = np.sin(planes["points"][:, 0] + planes["points"][:, 1] * planes["points"][:, 2])
    np.testing.assert_allclose(planes["exact"], exact + shift, rtol=0, atol=1e-13)
    assert planes["constants"] == fields["constants"]
    # without the grid's constant the planes fit their own: another number
    assert solution.grid_of(ticks)["constants"] != fields["constants"]
    # and the plot hands the grid's constants to its planes
    asked = []
    grid_of = type(solution).grid_of

    def spy(self, ticks, constants=None):
        asked.append(constants)
        return grid_of(self, ticks, constants)

    monkeypatch.setattr(type(solution), "grid_of", spy)
    monkeypatch.setattr(plots, "_save", lambda figure, path: None)
    plots.plot_solution(solution, tmp_path / "solution.png", fields=fields)
    assert asked == [fields["constants"]]
