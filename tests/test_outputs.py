"""Outputs that people look at (issue 12): every VTK-family file opens with ``pyvista.read``,
the time series (``solution.pvd`` and ``frames/``) steps through t, ``solution.gif`` animates
it, the 3-D XDMF cells have positive volumes, ``report.json`` records where and when the run
trained, and the frames go through the run folder's staging, commit and recovery.

Every solve is tiny (width 8, one or two LSGD steps, small grids): the tests compare the files
with the solution they were written from, not with the exact solution. Values read back match
``solution(points)`` to 1e-12 absolute, as in test_io.py (float64 stored exactly; only the
batching of the evaluation may change the last bits).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls.io
from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.io import manifest, runfolder, stage_results, write_results

pyvista = pytest.importorskip("pyvista")

TOLERANCE = 1e-12

#: Every format but the PNG plots (test_io.py checks those; they take most of the writing time).
LOOKED_AT = "h5,vtk,xdmf,pvd,gif"


def _advection(space: int, exact: bool = True) -> Problem:
    """u_t + u_x = 0 on [0, 1]^space x [0, 1] (t last), u = sin(3 (x - t))."""
    names = ["x", "y", "z"][:space]
    symbols = sp.symbols(" ".join([*names, "t"]))
    x, t = symbols[0], symbols[-1]
    u = sp.Function("u")(*symbols)
    problem = Problem(u, Box(**{n: (0, 1) for n in [*names, "t"]}), name=f"advection-{space}d")
    problem.equation("pde", sp.Eq(u.diff(t) + u.diff(x), 0), points="random:200")
    problem.condition("initial", sp.Eq(u.subs(t, 0), sp.sin(3 * x)), points="random:60")
    # Well posed: the flow enters through x = 0 (pinnls refuses the problem without it).
    problem.inflow("inflow", sp.Eq(u, sp.sin(3 * (x - t))), points="random:60")
    if exact:
        problem.exact(sp.sin(3 * (x - t)))
    return problem


def _solve(problem: Problem, eval_points: int, **settings):
    s = Settings.from_mapping(
        None,
        optimizer="lsgd",
        activation="tanh",
        width=8,
        iterations=1,
        eval_points=eval_points,
        **settings,
    )
    return solve(compile_problem(problem, s), s)


@pytest.fixture(scope="module")
def line(tmp_path_factory):
    """(x, t), exact solution known, 6 frames."""
    solution = _solve(_advection(1), eval_points=17)
    out = tmp_path_factory.mktemp("line")
    return solution, out, write_results(solution, out, LOOKED_AT, frames=6)


@pytest.fixture(scope="module")
def plane(tmp_path_factory):
    """(x, y, t), the default frames."""
    solution = _solve(_advection(2), eval_points=9)
    out = tmp_path_factory.mktemp("plane")
    return solution, out, write_results(solution, out, LOOKED_AT)


@pytest.fixture(scope="module")
def steady(tmp_path_factory):
    """(x), no time axis: u' = cos(3x), u(0) = 0."""
    x = sp.symbols("x")
    u = sp.Function("u")
    problem = Problem(u(x), Box(x=(0, 1)), name="ode")
    problem.equation("ode", sp.Eq(u(x).diff(x), sp.cos(3 * x)))
    problem.condition("left", sp.Eq(u(0), 0))
    problem.exact(sp.sin(3 * x) / 3)
    solution = _solve(problem, eval_points=33)
    out = tmp_path_factory.mktemp("steady")
    return solution, out, write_results(solution, out, LOOKED_AT)


# -- pyvista.read opens every VTK-family file -------------------------------------------------


@pytest.mark.parametrize("case", ["steady", "line", "plane"])
def test_pyvista_reads_the_xdmf_with_the_fields_at_their_points(case, request):
    solution, _, written = request.getfixturevalue(case)
    mesh = pyvista.read(written["xdmf"])
    d = solution.compiled.dim
    assert mesh.n_points == solution.grid()["points"].shape[0]
    assert {"u", "exact", "error"} <= set(mesh.point_data)
    points = np.asarray(mesh.points)[:, :d]
    assert np.allclose(mesh.point_data["u"], solution(points), atol=TOLERANCE, rtol=0)


@pytest.mark.parametrize("case", ["steady", "line", "plane"])
def test_pyvista_reads_the_vtr(case, request):
    solution, _, written = request.getfixturevalue(case)
    mesh = pyvista.read(written["vtk"])
    assert mesh.n_points == solution.grid()["points"].shape[0]
    assert np.allclose(
        mesh.point_data["u"], solution(np.asarray(mesh.points)[:, : solution.compiled.dim]),
        atol=TOLERANCE, rtol=0,
    )  # fmt: skip


def test_names_outside_ascii_reach_every_file(tmp_path):
    # VTK's string arrays hold ASCII only: a German problem name and a Greek axis crashed the
    # write (rc 1, a traceback) after training; now they are escaped there and kept elsewhere
    xi, t = sp.symbols("ξ t")
    u = sp.Function("u")(xi, t)
    problem = Problem(u, Box(ξ=(0, 1), t=(0, 1)), name="Wärmeleitung")
    problem.equation("pde", sp.Eq(u.diff(t) + u.diff(xi), 0), points="random:200")
    problem.condition("initial", sp.Eq(u.subs(t, 0), sp.sin(3 * xi)), points="random:60")
    problem.inflow("inflow", sp.Eq(u, sp.sin(3 * (xi - t))), points="random:60")
    problem.exact(sp.sin(3 * (xi - t)))
    written = write_results(_solve(problem, eval_points=9), tmp_path, LOOKED_AT, frames=2)
    mesh = pyvista.read(written["vtk"])
    assert list(mesh.field_data["problem"]) == ["W\\xe4rmeleitung"]
    assert list(mesh.field_data["axes"]) == ["\\u03be", "t"]
    assert "u" in pyvista.read(written["pvd"])[0].point_data  # the frames, written too
    assert json.loads((tmp_path / "report.json").read_text())["problem"] == "Wärmeleitung"


def test_the_3d_xdmf_cells_have_positive_volumes(plane):
    mesh = pyvista.read(plane[2]["xdmf"])
    assert mesh.n_cells == 8**3  # 9 points per axis
    volumes = mesh.compute_cell_sizes(length=False, area=False)["Volume"]
    assert np.all(volumes > 0)
    assert volumes.sum() == pytest.approx(1.0)  # the unit cube, once


# -- the time series ----------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "frames"), [("line", 6), ("plane", pinnls.io.DEFAULT_FRAMES)])
def test_the_pvd_steps_through_time_with_one_frame_per_output_time(case, frames, request):
    solution, out, written = request.getfixturevalue(case)
    reader = pyvista.get_reader(written["pvd"])
    assert reader.time_values == pytest.approx(np.linspace(0.0, 1.0, frames), abs=1e-15)
    frame_files = sorted(written["frames"].iterdir())
    assert [p.name for p in frame_files] == [f"solution_{k:04d}.vtr" for k in range(frames)]
    assert isinstance(pyvista.read(written["pvd"]), pyvista.MultiBlock)
    space = solution.compiled.dim - 1
    for k in (0, frames // 2, frames - 1):
        reader.set_active_time_point(k)
        mesh = reader.read()[0]
        time = reader.time_values[k]
        # the frames carry u, exact and error on the space axes, X (and Y) in order
        assert {"u", "exact", "error"} <= set(mesh.point_data)
        points = np.column_stack([np.asarray(mesh.points)[:, :space], np.full(mesh.n_points, time)])
        assert np.allclose(mesh.point_data["u"], solution(points), atol=TOLERANCE, rtol=0)
        assert np.allclose(
            mesh.point_data["error"], solution(points) - solution.compiled.exact(points),
            atol=TOLERANCE, rtol=0,
        )  # fmt: skip
        assert np.all(np.asarray(mesh.points)[:, space:] == 0)
    frame = pyvista.read(frame_files[-1])  # each frame opens on its own too
    assert float(frame.field_data["time"][0]) == 1.0
    assert list(frame.field_data["axes"]) == list(solution.compiled.axes[:-1])


def test_a_problem_without_time_axis_has_no_time_series_nor_gif(steady):
    _, out, written = steady
    assert not {"pvd", "frames", "gif"} & set(written)
    assert not (out / "frames").exists() and not (out / "solution.pvd").exists()


def test_three_space_axes_get_frames_but_no_gif(tmp_path):
    solution = _solve(_advection(3), eval_points=4)
    written = write_results(solution, tmp_path, formats="pvd,gif", frames=3)
    assert set(written) == {"pvd", "frames", "report"}
    mesh = pyvista.read(written["frames"] / "solution_0001.vtr")
    assert mesh.dimensions == (4, 4, 4)


def test_frames_must_be_at_least_two(line, tmp_path):
    with pytest.raises(ValueError, match="at least 2"):
        write_results(line[0], tmp_path, formats="pvd", frames=1)


# -- the GIF -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("case", "frames"), [("line", 6), ("plane", pinnls.io.DEFAULT_FRAMES)])
def test_the_gif_animates_every_output_time_and_is_small(case, frames, request):
    from PIL import Image

    _, _, written = request.getfixturevalue(case)
    path = written["gif"]
    assert path.read_bytes()[:6] == b"GIF89a"
    assert path.stat().st_size < 400_000
    with Image.open(path) as image:
        assert image.n_frames == frames
        image.seek(frames - 1)
        last = np.asarray(image.convert("RGB"), dtype=float)
        assert min(image.size) > 200
    assert last.std() > 20  # a picture, not a blank canvas


def test_a_long_time_series_gives_a_gif_of_at_most_30_frames(line, tmp_path):
    from PIL import Image

    written = write_results(line[0], tmp_path, formats="gif", frames=200)
    assert set(written) == {"gif", "report"}
    with Image.open(written["gif"]) as image:
        assert image.n_frames == 30


def test_the_pvd_and_the_gif_evaluate_the_network_once_per_output_time(line, tmp_path):
    """Both show the same times; the second reads the first's fields (the same values)."""
    solution = line[0]
    times = []
    evaluate = type(solution).__call__

    def counted(self, points, *args, **kwargs):
        column = np.asarray(points)[:, solution.compiled.time_axis]
        if np.all(column == column[0]):  # a frame's points, all at one time
            times.append(float(column[0]))
        return evaluate(self, points, *args, **kwargs)

    series = pinnls.io.frames.time_series(solution, 6)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(solution), "__call__", counted)
        written = write_results(solution, tmp_path, formats="pvd,gif", frames=6)
        first = [series.fields(float(t))["u"] for t in series.times]
        again = [series.fields(float(t))["u"] for t in series.times]
    assert set(written) >= {"pvd", "frames", "gif"}
    # write_results: each of the 6 times once (the grid's evaluations span every time); this
    # series: each once more, then none.
    assert sorted(times) == sorted(series.times.tolist() * 2)
    assert all(a is b for a, b in zip(first, again, strict=True))
    np.testing.assert_array_equal(first[-1], solution(series.points(float(series.times[-1]))))


# -- report.json: where and when --------------------------------------------------------------


def test_report_records_the_device_torch_threads_and_start(line):
    solution, _, written = line
    report = json.loads(written["report"].read_text())
    assert report["device"] == "cpu"  # the device used, never "auto"
    assert report["settings"]["device"] == "auto"
    assert report["torch_version"] == torch.__version__
    assert report["threads"] == torch.get_num_threads()
    started = datetime.datetime.fromisoformat(report["started"])
    assert started.utcoffset() == datetime.timedelta(0)
    now = datetime.datetime.now(datetime.timezone.utc)
    assert now - datetime.timedelta(minutes=10) < started <= now
    assert report["files"]["pvd"] == "solution.pvd" and report["files"]["frames"] == "frames"
    assert "frames/solution_0005.vtr" in report["manifest"]


# -- the run folder: staging, commit, stale files, recovery -----------------------------------


def _frame_names(out: Path) -> list[str]:
    folder = out / "frames"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_a_format_subset_into_the_folder_leaves_no_stale_frames(line, tmp_path):
    solution = line[0]
    out = tmp_path / "out"
    write_results(solution, out, "h5,pvd,gif", frames=5)
    (out / "frames" / "notes.txt").write_text("the user's")  # not ours: never touched
    write_results(solution, out, formats="pvd", frames=3)
    assert _frame_names(out) == ["notes.txt", *(f"solution_{k:04d}.vtr" for k in range(3))]
    assert not (out / "solution.gif").exists() and not (out / "solution.h5").exists()
    assert manifest.check_folder(out) == []
    write_results(solution, out, formats="h5")
    assert _frame_names(out) == ["notes.txt"]
    assert sorted(p.name for p in out.iterdir()) == ["frames", "report.json", "solution.h5"]
    assert manifest.check_folder(out) == []
    (out / "frames" / "notes.txt").unlink()
    write_results(solution, out, formats="gif,pvd", frames=2)
    write_results(solution, out, formats="gif")
    assert not (out / "frames").exists()  # emptied by the run: removed
    assert manifest.check_folder(out) == []


def test_check_folder_names_a_frame_of_another_run(line, tmp_path):
    write_results(line[0], tmp_path, formats="pvd", frames=2)
    shutil.copy(
        tmp_path / "frames" / "solution_0000.vtr", tmp_path / "frames" / "solution_0007.vtr"
    )
    (tmp_path / "frames" / "solution_0001.vtr").unlink()
    problems = manifest.check_folder(tmp_path)
    assert "frames/solution_0001.vtr is missing" in problems
    assert "frames/solution_0007.vtr is not listed in report.json (another run's file)" in problems


def test_a_kill_at_any_step_of_a_commit_with_frames_is_finished_by_the_next_run(
    line, tmp_path, monkeypatch
):
    """Photograph the folder before and after every rename and removal of a second run's commit
    (fewer frames, then none): each photograph is what a ``kill -9`` at that instant leaves."""
    solution = line[0]
    out = tmp_path / "out"
    write_results(solution, out, formats="pvd,h5", frames=4)
    photos: list[Path] = []

    def photograph():
        photo = tmp_path / f"photo{len(photos)}"
        shutil.copytree(out, photo)
        photos.append(photo)

    def photographed(real):
        def call(*args, **kwargs):
            photograph()
            result = real(*args, **kwargs)
            photograph()
            return result

        return call

    monkeypatch.setattr(os, "replace", photographed(os.replace))
    monkeypatch.setattr(os, "unlink", photographed(os.unlink))
    monkeypatch.setattr(os, "rmdir", photographed(os.rmdir))
    for frames, formats in ((2, "pvd,h5"), (2, "h5")):
        folder = runfolder.RunFolder(out)
        with folder:
            stage_results(solution, folder.staging, formats, {"run_id": folder.run_id}, frames)
            folder.commit()
    monkeypatch.undo()
    assert len(photos) > 20
    counts = []
    for photo in photos:
        runfolder.recover(photo)  # what the next run into the folder does first
        assert manifest.check_folder(photo) == [], photo
        listed = json.loads((photo / "report.json").read_text())["manifest"]
        frames = sorted(name for name in listed if name.startswith("frames/"))
        assert ["frames/" + name for name in _frame_names(photo)] == frames
        counts.append(len(frames))
    assert counts[0] == 4 and counts[-1] == 0 and set(counts) == {0, 2, 4}


def test_a_file_named_frames_stops_the_run_before_its_commit(line, tmp_path):
    out = tmp_path / "out"
    write_results(line[0], out, formats="h5")
    before = (out / "report.json").read_bytes()
    (out / "frames").write_text("not a folder")
    with pytest.raises(FileExistsError, match="not a folder"):
        write_results(line[0], out, formats="pvd", frames=2)
    assert (out / "report.json").read_bytes() == before and manifest.check_folder(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["frames", "report.json", "solution.h5"]


def test_the_pvd_lists_its_frames_by_relative_name(line):
    root = ElementTree.parse(line[2]["pvd"]).getroot()
    assert root.get("type") == "Collection"
    files = [item.get("file") for item in root.iter("DataSet")]
    assert files == [f"frames/solution_{k:04d}.vtr" for k in range(6)]


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def threads_back():
    """``--threads`` sets a process-wide torch value; give it back."""
    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


def test_cli_frames_sets_the_output_times_and_the_run_records_its_start(
    tmp_path, capsys, threads_back
):
    import sys

    from pinnls.cli import main

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from test_cli import FAST, TINY

    problem = tmp_path / "tiny.py"
    problem.write_text(TINY)
    out = tmp_path / "out"
    before = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    argv = ["solve", str(problem), "--out", str(out), *FAST, "--format", "pvd", "--quiet"]
    assert main([*argv, "--frames", "3"]) == 0
    assert _frame_names(out) == [f"solution_{k:04d}.vtr" for k in range(3)]
    report = json.loads((out / "report.json").read_text())
    assert report["threads"] == 1 and report["device"] == "cpu"
    assert before <= datetime.datetime.fromisoformat(report["started"])
    assert sorted(report["manifest"]) == [
        "checkpoint.pt", *(f"frames/solution_{k:04d}.vtr" for k in range(3)), "solution.pvd"
    ]  # fmt: skip
    assert main([*argv, "--frames", "1"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--frames" in err[0] and "at least 2" in err[0], err
