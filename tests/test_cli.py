"""``pinnls solve`` and ``pinnls info`` in-process (and ``python -m pinnls`` where a real process
matters: ``--version`` and Ctrl-C).

Every run is tiny (width 8, a few iterations, a 16 x 16 grid, a 21-point evaluation grid, one
torch thread) so that the file stays fast; the PNG writer is the slowest part, so most runs ask
for ``--format h5`` only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
import torch
from helpers import PROBLEMS, REPORT_KEYS

from pinnls import NonlinearTermError, SolverError, __version__
from pinnls.cli import main
from pinnls.training.validation import APART_NOTE

TINY = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
g = sp.sin(sp.pi * x)
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="tiny")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/16")
problem.condition("initial", sp.Eq(u(x, 0), g), points="grid:1/16")
problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, -t)), points="grid:1/16")
problem.exact(g.subs(x, x - t))
settings = {"width": 12, "activation": "tanh"}
"""

#: Small settings shared by the runs (the file's width 12 is overridden unless a test says not):
#: LSGD, stated explicitly because the default optimizer is auto, which neither iterates nor
#: checkpoints nor resumes like these tests expect (auto's CLI runs: test_auto.py).
FAST = ["--optimizer", "lsgd", "--width", "8", "--iterations", "3", "--eval-points", "21"]
FAST += ["--threads", "1"]

ALL_FILES = (
    "solution.h5",
    "solution.vtr",
    "solution.xdmf",
    "history.png",
    "solution.png",
    "report.json",
    "checkpoint.pt",
)


HEADER = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="bad")
"""


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY)
    return path


@pytest.fixture(scope="module")
def full_run(tmp_path_factory):
    """One run with every format, shared by the tests that only read its results."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("full")
    problem = folder / "tiny.py"
    problem.write_text(TINY)
    out = folder / "out"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["solve", str(problem), "--out", str(out), *FAST])
    return {"code": code, "out": out, "stdout": stdout.getvalue(), "stderr": stderr.getvalue()}


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def one_error_line(capsys) -> str:
    """The captured stderr is one ``pinnls: error:`` line without a traceback; return it."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pinnls: error: ")
    return lines[0]


def no_results(out: Path) -> bool:
    """Nothing a run writes is in ``out`` (which may be missing)."""
    return not out.is_dir() or not any(out.iterdir())


# ---------------------------------------------------------------------------------- success


def test_solve_writes_every_file_and_a_complete_report(full_run):
    assert full_run["code"] == 0
    out = full_run["out"]
    for name in ALL_FILES:
        assert (out / name).is_file(), name
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no temporaries
    data = report(out)
    assert REPORT_KEYS <= set(data)
    assert data["complete"] is True
    assert data["problem"] == "tiny"
    assert data["iterations"] == 3
    assert data["pinnls_version"] == __version__
    assert set(data["terms"]) == {"pde", "initial", "inflow"}
    for term in data["terms"].values():
        assert {"loss", "points", "weight"} <= set(term)
    assert data["terms"]["pde"]["points"] == 256  # grid:1/16 on the unit square
    # Width 8 after 3 LSGD steps cannot resolve sin(pi (x - t)): measured rel L2 0.651 and max
    # 0.792 (seed 0). The bounds sit within 1.5x of those, so an error misreported by a factor
    # (or a solve that silently did nothing, rel L2 ~1) fails; tests/test_errors_independent.py
    # checks the exact values against numpy.
    assert 0.45 < data["rel_l2_error"] < 0.95 and 0.5 < data["max_error"] < 1.2
    assert data["rank"] >= 1
    assert data["seconds_per_iteration"] == pytest.approx(data["wall_seconds"] / 3)
    with h5py.File(out / "solution.h5") as file:
        assert bool(file.attrs["complete"]) is True
        assert json.loads(file.attrs["settings"]) == data["settings"]
        assert len(file["history/loss"]) == 4


def test_solve_prints_the_resolved_settings_first_and_keeps_stderr_clean(full_run):
    # capsys / a pipe is not a terminal, so there is no progress bar on stderr
    assert full_run["stderr"] == ""
    lines = full_run["stdout"].splitlines()
    assert lines[0].startswith(f"pinnls {__version__}: solving tiny from ")
    assert lines[1].startswith("settings ")
    printed = json.loads(lines[1].removeprefix("settings "))
    assert printed == report(full_run["out"])["settings"]
    assert printed["width"] == 8 and printed["activation"] == "tanh"
    assert any(
        line.startswith("done: 3 iterations in ") and " s (stopped: iterations); loss " in line
        for line in lines
    )
    assert any(line.strip().startswith("checkpoint") for line in lines)


def test_the_done_line_of_time_slabs_lists_each_slab_s_width_in_turn():
    from pinnls.cli.solve import _summary

    def slab(i: int, width: int) -> dict:
        return {
            "slab": i, "interval": [i / 3, (i + 1) / 3], "width": width,
            "activation": "tanh", "rows": 10, "seconds": 1.0, "complete": True,
            "stop_reason": "budget", "validation": 1e-9, "rel_l2_error": None,
            "max_error": None, "jump": None,
        }  # fmt: skip

    def done(widths: list[int]) -> str:
        record = {
            "name": "slabs", "slabs": 3, "finished": len(widths), "axis": "t",
            "carried": ["initial"], "strategy": "auto", "decision": None,
            "per_slab": [slab(i, w) for i, w in enumerate(widths)],
        }  # fmt: skip
        report = {"strategy": record, "wall_seconds": 3.0, "stop_reason": "budget"}
        return _summary(report | {"loss": 1e-12, "rank": 9, "rows": 30, "validation": None})

    # a sorted set of widths had read "width 64, 128" for three slabs of 64, 64 and 128
    assert "(auto, widths 64, 64, 128 in turn)" in done([64, 64, 128])
    assert "(auto, width 64)" in done([64, 64, 64])
    assert "(auto, no slab finished)" in done([]) and "0 begun" in done([])


def test_the_done_line_says_the_estimate_reads_low_only_where_the_runner_up_shows_it():
    from pinnls.cli.solve import _summary

    def done(runner_up: dict | None) -> str:
        validation = {"total": 7.4e-13, **({"runner_up": runner_up} if runner_up else {})}
        report = {
            "strategy": None, "iterations": 1, "wall_seconds": 1.0, "stop_reason": "converged",
            "loss": 1e-20, "rank": 9, "rows": 30, "validation": validation,
        }  # fmt: skip
        return _summary(report)

    far = {"difference": 1.2e-6, "estimate": 2.0e-8, "apart": 61.0}
    said = (
        "validation 7.400e-13 (it or the next-best stage's, 2.0e-08, reads low: the two lie "
        "1.2e-06 apart"
    )
    assert said + ", 61x their estimates)" in done(far)
    # a runner-up as far as its own estimate says is the common case, and a factor near 1 is
    # within what the points of the distance and of the errors make of it: nothing to add
    assert APART_NOTE == 2
    for runner_up in (None, far | {"apart": 0.9}, far | {"apart": 2.0}, far | {"apart": None}):
        assert done(runner_up).endswith("validation 7.400e-13")
    assert said + ", 2.1x their estimates)" in done(far | {"apart": 2.1})


def test_info_summarizes_the_result_file(full_run, capsys):
    assert main(["info", str(full_run["out"] / "solution.h5")]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    rows = {line.split()[0]: line.split(None, 1)[1] for line in captured.out.splitlines()}
    assert json.loads(rows["settings"])["width"] == 8
    assert float(rows["loss"]) == pytest.approx(report(full_run["out"])["loss"], rel=1e-5)
    assert float(rows["rel_l2_error"]) == pytest.approx(
        report(full_run["out"])["rel_l2_error"], rel=1e-5
    )
    assert rows["pinnls_version"] == __version__
    assert rows["complete"] == "True"


def test_info_of_a_missing_or_foreign_file_exits_2(tmp_path, capsys):
    assert main(["info", str(tmp_path / "missing.h5")]) == 2
    assert "missing.h5" in one_error_line(capsys)
    (tmp_path / "text.h5").write_text("not hdf5")
    assert main(["info", str(tmp_path / "text.h5")]) == 2
    assert "not an HDF5 file" in one_error_line(capsys)


def test_default_out_is_results_slash_problem_name(tiny, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["solve", "tiny.py", *FAST, "--format", "h5", "--quiet"]) == 0
    assert capsys.readouterr() == ("", "")  # --quiet: nothing at all
    out = tmp_path / "results" / "tiny"
    assert sorted(p.name for p in out.iterdir()) == ["checkpoint.pt", "report.json", "solution.h5"]


def test_format_selects_the_files(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5,png"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["checkpoint.pt", "history.png", "report.json", "solution.h5", "solution.png"]
    assert report(out)["files"] == {
        "h5": "solution.h5",
        "history_png": "history.png",
        "solution_png": "solution.png",
    }


def test_flags_override_the_file_settings_which_override_the_defaults(tiny, tmp_path):
    out = tmp_path / "flag"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5"]) == 0
    settings = report(out)["settings"]
    assert settings["width"] == 8  # flag over the file's 12
    assert settings["activation"] == "tanh"  # the file's over the default (none)
    assert settings["lr"] == 5e-3  # the default, set nowhere else
    out = tmp_path / "file"
    no_width = ["--optimizer", "lsgd", "--iterations", "1", "--eval-points", "21"]
    no_width += ["--threads", "1", "--format", "h5"]
    assert main(["solve", str(tiny), "--out", str(out), *no_width]) == 0
    assert report(out)["settings"]["width"] == 12  # the file's over lsgd's default 32
    with h5py.File(out / "solution.h5") as file:
        assert json.loads(file.attrs["settings"])["width"] == 12


def test_set_reaches_term_weights_points_and_any_setting(tiny, tmp_path):
    out = tmp_path / "out"
    sets = ["pde.weight=W**-0.5", "initial.points=random:33", "init_scale=3", "rcond=1e-10"]
    argv = ["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5"]
    assert main(argv + [arg for s in sets for arg in ("--set", s)]) == 0
    data = report(out)
    assert data["terms"]["pde"]["weight"] == pytest.approx(8**-0.5)  # W is the flag's width
    assert data["terms"]["initial"]["points"] == 33
    assert data["terms"]["inflow"] == {**data["terms"]["inflow"], "points": 16, "weight": 1.0}
    assert data["settings"]["init_scale"] == 3
    assert data["settings"]["rcond"] == 1e-10
    assert data["settings"]["terms"] == {
        "pde": {"weight": "W**-0.5"},
        "initial": {"points": "random:33"},
    }
    with h5py.File(out / "solution.h5") as file:
        assert len(file["terms/initial/points"]) == 33


def test_bundled_problem_with_coarse_point_overrides(tmp_path):
    out = tmp_path / "out"
    sets = ["pde.points=random:200", "initial.points=random:50", "inflow.points=random:50"]
    argv = ["solve", str(PROBLEMS / "advection_constant.py"), "--out", str(out), *FAST]
    argv += ["--format", "h5", "--quiet"] + [arg for s in sets for arg in ("--set", s)]
    assert main(argv) == 0
    data = report(out)
    assert data["problem"] == "advection-constant"
    assert [t["points"] for t in data["terms"].values()] == [200, 50, 50]


def test_python_dash_m_pinnls_version():
    result = subprocess.run(
        [sys.executable, "-m", "pinnls", "--version"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"pinnls {__version__}"


# --------------------------------------------------------------------------------- failures


@pytest.mark.parametrize(
    ("body", "culprit"),
    [
        ('problem.equation("pde", sp.Eq(u(x, t) * u(x, t).diff(x), 0))\n', "is nonlinear in u"),
        ('problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.Symbol("k")))\n', "uses 'k'"),
        ('problem.condition("inflow", sp.Eq(u(2, t), 0))\n', "is at x=2, outside x in [0, 1]"),
        ("problem = Problem(\n", "syntax error"),
        ("del problem\n", "problem"),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.expint(1, x + 1)))\n',
            "cannot evaluate expint(1, x + 1) numerically",
        ),
    ],
    ids=["nonlinear", "unknown-symbol", "face-outside", "syntax", "no-problem", "no-numpy"],
)
def test_a_bad_problem_file_fails_in_one_line_and_writes_nothing(tmp_path, capsys, body, culprit):
    path = tmp_path / "bad.py"
    path.write_text(HEADER + body)
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), *FAST]) == 2
    line = one_error_line(capsys)
    assert culprit in line
    assert str(path) in line or "'pde'" in line or "'inflow'" in line
    assert not out.exists()


def test_no_problem_names_the_missing_variable(tmp_path, capsys):
    path = tmp_path / "empty.py"
    path.write_text("x = 1\n")
    assert main(["solve", str(path), "--out", str(tmp_path / "out"), *FAST]) == 2
    line = one_error_line(capsys)
    assert "'problem'" in line and str(path) in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--activation", "selu"], ["--activation", "selu", "relu", "tanh", "sin"]),
        (["--format", "pdf"], ["--format", "pdf", "h5, vtk, xdmf, png"]),
        (["--width", "0"], ["width", "0"]),
        (["--iterations", "many"], ["--iterations", "many"]),
        (["--set", "nonsense"], ["--set", "NAME=VALUE"]),
        (["--set", "colour=red"], ["unknown setting or parameter 'colour'"]),
        (["--set", "pde.colour=red"], ["term 'pde'", "colour"]),
        (["--set", "outflow.weight=2"], ["outflow", "pde, initial, inflow"]),
        (["--set", "pde.weight=alpha"], ["term 'pde'", "alpha"]),
        (["--set", "pde.points=lots"], ["lots"]),
        (["--threads", "0"], ["--threads"]),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) and v and v[0].startswith("--") else None,
)
def test_a_bad_option_fails_in_one_line_and_writes_nothing(
    tiny, tmp_path, capsys, option, expected
):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, *option]) == 2
    line = one_error_line(capsys)
    for text in expected:
        assert text in line
    assert not out.exists()


LAPLACE = """
import sympy as sp
from pinnls import Box, Problem
x = sp.Symbol("x")
u = sp.Function("u")
problem = Problem(u(x), Box(x=(0, 1)), name="laplace")
problem.equation("pde", sp.Eq(u(x).diff(x, 2), 0))
problem.condition("left", sp.Eq(u(0), 0))
problem.condition("right", sp.Eq(u(1), 1))
"""


@pytest.mark.parametrize(
    "option, said",
    [
        (["--optimizer", "lsgd", "--iterations", "0"], "(the default of --optimizer lsgd)"),
        (["--activation", "relu", "--budget", "2"], "activation 'relu' is piecewise linear"),
    ],
)
def test_relu_on_a_second_order_term_is_refused(tmp_path, capsys, option, said):
    # u'' = 0 with u(0) = 0, u(1) = 1 was fitted by relu to a loss of 2e-31 and a validation
    # estimate of 4e-16 at a rel L2 error of 0.50 (u(0.5) = 0.15), without a word
    (tmp_path / "laplace.py").write_text(LAPLACE)
    out = tmp_path / "out"
    code = main(["solve", str(tmp_path / "laplace.py"), "--out", str(out), "--quiet", *option])
    assert code == 2
    line = one_error_line(capsys)
    assert said in line and "term 'pde' takes derivatives of order 2" in line
    assert "--activation tanh" in line
    assert not out.exists()
    # the same file with a smooth activation solves
    smooth = ["--optimizer", "lsgd", "--iterations", "0", "--activation", "tanh", "--width", "16"]
    assert main(["solve", str(tmp_path / "laplace.py"), "--out", str(out), "--quiet", *smooth]) == 0


def test_out_that_is_a_file_fails_before_training(tiny, tmp_path, capsys):
    out = tmp_path / "taken"
    out.write_text("precious")
    assert main(["solve", str(tiny), "--out", str(out), *FAST]) == 2
    line = one_error_line(capsys)
    assert str(out) in line and "not a directory" in line
    assert out.read_text() == "precious"
    assert capsys.readouterr().out == ""  # nothing printed: training never started


def test_unwritable_out_fails_before_training(tiny, tmp_path, capsys):
    if os.geteuid() == 0:
        # root writes through chmod 0o500, so make the directory impossible to create instead
        blocker = tmp_path / "blocker"
        blocker.write_text("")
        out = blocker / "results"
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        out = locked / "results"
    assert main(["solve", str(tiny), "--out", str(out), *FAST]) == 2
    line = one_error_line(capsys)
    # a folder that cannot be made says so (was "is not writable: No such file or directory"
    # for --out /proc/x, which read as if the folder were missing)
    assert str(out) in line and "cannot be created" in line
    assert not out.exists()


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_device_cuda_without_cuda_says_so(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--device", "cuda"]) == 2
    line = one_error_line(capsys)
    assert "cuda" in line and "no CUDA device" in line
    assert not out.exists()


def test_divergence_exits_2_and_keeps_partial_results(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5"]
    assert main(argv + ["--optimizer", "adam", "--lr", "1e6"]) == 2
    line = one_error_line(capsys)
    assert "diverged" in line and "complete=false" in line and str(out) in line
    data = report(out)
    assert data["complete"] is False
    assert data["stop_reason"] == "diverged"
    assert data["loss"] is not None and np.isfinite(data["loss"])  # the last good state
    with h5py.File(out / "solution.h5") as file:
        assert bool(file.attrs["complete"]) is False
    state = torch.load(out / "checkpoint.pt", weights_only=True)
    assert state["iteration"] == data["iterations"]


def test_debug_reraises_the_error_with_its_traceback(tiny, tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text(HEADER + 'problem.equation("pde", sp.Eq(sp.sin(u(x, t)), 0))\n')
    with pytest.raises(NonlinearTermError):
        main(["solve", str(bad), "--debug", *FAST])
    argv = ["solve", str(tiny), "--out", str(tmp_path / "out"), *FAST, "--format", "h5"]
    with pytest.raises(SolverError, match="diverged"):
        main(argv + ["--optimizer", "adam", "--lr", "1e6", "--debug"])


def test_ctrl_c_outside_training_exits_130_without_a_traceback(tiny, tmp_path, capsys, monkeypatch):
    import pinnls.symbolic.compiler

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pinnls.symbolic.compiler, "compile_problem", interrupted)
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST]) == 130
    assert capsys.readouterr().err == "pinnls: interrupted\n"
    assert not out.exists()


def test_a_ctrl_c_that_a_library_swallowed_still_stops_before_writing(
    tiny, tmp_path, capsys, monkeypatch
):
    """Code that catches every exception (an optional import) can take a Ctrl-C's
    KeyboardInterrupt; the run must not go on to train for hours after the user pressed it."""
    import signal

    import pinnls.symbolic.compiler

    compile_problem = pinnls.symbolic.compiler.compile_problem

    def swallowing(*args, **kwargs):
        try:
            signal.raise_signal(signal.SIGINT)
        except BaseException:  # what a careless library does
            pass
        return compile_problem(*args, **kwargs)

    monkeypatch.setattr(pinnls.symbolic.compiler, "compile_problem", swallowing)
    out = tmp_path / "out"
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal's run
    try:
        code = main(["solve", str(tiny), "--out", str(out), *FAST])
    finally:
        signal.signal(signal.SIGINT, previous)
    assert code == 130
    assert capsys.readouterr().err == "pinnls: interrupted\n"
    assert not out.exists()


def test_an_os_error_while_writing_is_one_line(tiny, tmp_path, capsys, monkeypatch):
    import pinnls.io

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "solution.h5"))

    monkeypatch.setattr(pinnls.io, "write_results", full_disk)
    assert main(["solve", str(tiny), "--out", str(tmp_path / "out"), *FAST, "--quiet"]) == 2
    line = one_error_line(capsys)
    assert "No space left on device" in line and "solution.h5" in line
    # The checkpoint is written first: a failure while writing results never loses training.
    state = torch.load(tmp_path / "out" / "checkpoint.pt", weights_only=True)
    assert state["iteration"] == 3 and state["problem"] == "tiny"


def test_a_full_disk_advises_resume_only_where_it_resumes(tiny, tmp_path, capsys, monkeypatch):
    # an automatic run's solution carries the chosen stage's settings (lsgd): the message read
    # them and advised --resume, which refuses the automatic strategy (found in review)
    import pinnls.io

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / "solution.h5"))

    monkeypatch.setattr(pinnls.io, "write_results", full_disk)
    for flags, resumable in ((FAST, True), (["--budget", "1", "--width", "32"], False)):
        out = tmp_path / ("fixed" if resumable else "auto")
        assert main(["solve", str(tiny), "--out", str(out), *flags, "--quiet"]) == 2
        line = one_error_line(capsys)
        assert "No space left on device" in line and "the training is saved in" in line
        assert ("--resume" in line) == resumable, line


def test_asking_for_the_time_series_of_a_steady_problem_warns(tmp_path, capsys):
    # --format pvd,gif on a problem without a time axis wrote neither and said nothing (an
    # adversary's run); the default formats skip them quietly, as they always did
    (tmp_path / "bar.py").write_text(LAPLACE)
    argv = ["solve", str(tmp_path / "bar.py"), "--quiet", "--activation", "tanh", *FAST[:6]]
    assert main([*argv, "--out", str(tmp_path / "a"), "--format", "pvd,gif,h5"]) == 0
    err = capsys.readouterr().err
    said = "--format pvd,gif,h5: solution.pvd and solution.gif will not be written: the problem "
    assert said + "has no time axis" in err
    assert main([*argv, "--out", str(tmp_path / "b")]) == 0
    assert "will not be written" not in capsys.readouterr().err


def test_library_warnings_are_one_line_each(tmp_path, capsys):
    path = tmp_path / "four.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        "x, y, z, t = sp.symbols('x y z t')\nu = sp.Function('u')\n"
        "problem = Problem(u(x, y, z, t), Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 1)))\n"
        "problem.equation('pde', sp.Eq(u(x, y, z, t).diff(t) + u(x, y, z, t).diff(x), 0),"
        " points='random:64')\n"
        "problem.condition('initial', sp.Eq(u(x, y, z, 0), x), points='random:32')\n"
        "problem.condition('inflow', sp.Eq(u(0, y, z, t), -t), points='random:32')\n"
    )
    out = tmp_path / "out"
    argv = ["solve", str(path), "--out", str(out), *FAST, "--eval-points", "3", "--quiet"]
    assert main(argv + ["--format", "vtk"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "pinnls: warning: solution.vtr is not written: the problem has 4 axes (x, y, z, t) "
        "and VTK grids have at most 3"
    ]


# ----------------------------------------------------------------------------------- resume


def h5_state(out: Path) -> tuple[np.ndarray, np.ndarray]:
    with h5py.File(out / "solution.h5") as file:
        return file["model/coefficients"][()], file["history/loss"][()]


def test_resume_ends_where_an_uninterrupted_run_does(tiny, tmp_path, capsys):
    base = ["solve", str(tiny), *FAST, "--format", "h5", "--quiet"]
    straight, split = tmp_path / "straight", tmp_path / "split"
    assert main(base + ["--out", str(straight), "--iterations", "12"]) == 0
    assert main(base + ["--out", str(split), "--iterations", "6"]) == 0
    assert report(split)["iterations"] == 6
    assert main(base + ["--out", str(split), "--iterations", "12", "--resume"]) == 0
    assert capsys.readouterr() == ("", "")
    a, b = report(straight), report(split)
    assert b["iterations"] == 12 and b["complete"] is True
    # same seed, same device, same arithmetic: equal up to rounding in the least squares
    assert b["loss"] == pytest.approx(a["loss"], rel=1e-9)
    assert b["rel_l2_error"] == pytest.approx(a["rel_l2_error"], rel=1e-7)
    coefficients_a, history_a = h5_state(straight)
    coefficients_b, history_b = h5_state(split)
    assert len(history_a) == len(history_b) == 13
    np.testing.assert_allclose(history_b, history_a, rtol=1e-9)
    np.testing.assert_allclose(coefficients_b, coefficients_a, rtol=1e-6, atol=1e-9)


@pytest.fixture
def checkpointed(tiny, tmp_path):
    """A finished 3-iteration run in tmp_path/out (h5 only)."""
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5", "--quiet"]) == 0
    return out


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}


def test_resume_from_a_corrupt_checkpoint_leaves_it_alone(tiny, checkpointed, capsys):
    garbage = b"\x00not a checkpoint\xff" * 7
    (checkpointed / "checkpoint.pt").write_bytes(garbage)
    before = snapshot(checkpointed)
    assert main(["solve", str(tiny), "--out", str(checkpointed), *FAST, "--resume"]) == 2
    line = one_error_line(capsys)
    assert "corrupt" in line and "checkpoint.pt" in line
    assert snapshot(checkpointed) == before  # the checkpoint and the results are untouched


def test_resume_from_a_foreign_torch_file_says_it_is_not_a_checkpoint(tiny, checkpointed, capsys):
    torch.save({"weights": torch.zeros(3)}, checkpointed / "checkpoint.pt")
    before = snapshot(checkpointed)
    assert main(["solve", str(tiny), "--out", str(checkpointed), *FAST, "--resume"]) == 2
    assert "not a pinnls checkpoint" in one_error_line(capsys)
    assert snapshot(checkpointed) == before


def test_resume_with_a_changed_setting_names_it(tiny, checkpointed, capsys):
    before = snapshot(checkpointed)
    argv = ["solve", str(tiny), "--out", str(checkpointed), *FAST, "--resume"]
    assert main(argv + ["--width", "9"]) == 2
    line = one_error_line(capsys)
    assert "width=8" in line and "width=9" in line
    assert main(argv + ["--set", "pde.weight=2"]) == 2
    assert "terms=" in one_error_line(capsys)
    assert snapshot(checkpointed) == before


def test_resume_to_fewer_iterations_than_done_is_refused(tiny, checkpointed, capsys):
    before = snapshot(checkpointed)
    argv = ["solve", str(tiny), "--out", str(checkpointed), *FAST, "--resume"]
    assert main(argv + ["--iterations", "2"]) == 2
    line = one_error_line(capsys)
    assert "iteration 3" in line and "--iterations 3" in line
    assert snapshot(checkpointed) == before


def test_resume_of_another_problem_or_changed_terms_is_refused(tiny, checkpointed, capsys):
    before = snapshot(checkpointed)
    other = tiny.with_name("other.py")
    other.write_text(TINY.replace('name="tiny"', 'name="other"'))
    assert main(["solve", str(other), "--out", str(checkpointed), *FAST, "--resume"]) == 2
    assert "belongs to problem 'tiny'" in one_error_line(capsys)
    fewer = tiny.with_name("fewer.py")
    fewer.write_text(TINY.replace('"inflow"', '"left"'))  # still well posed: other terms
    assert main(["solve", str(fewer), "--out", str(checkpointed), *FAST, "--resume"]) == 2
    assert "pde, initial, inflow" in one_error_line(capsys)
    assert snapshot(checkpointed) == before


def test_resume_after_editing_the_problem_file_warns(tiny, checkpointed, capsys):
    tiny.write_text(TINY + "# edited\n")
    argv = ["solve", str(tiny), "--out", str(checkpointed), *FAST, "--quiet", "--resume"]
    assert main(argv + ["--format", "h5"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("pinnls: warning: the problem file has changed since ")


def test_a_library_warning_is_one_line_on_stderr(tmp_path, capsys):
    # The warning points at the caller outside pinnls (pinnls.errors.warn); the command line
    # still shows only its text, on one line, without a file or a source line.
    free = tmp_path / "free.py"
    # heat, not transport: a transport file without conditions is refused (inflow uncovered)
    heat = TINY.replace("+ u(x, t).diff(x)", "- u(x, t).diff(x, 2)")
    free.write_text(
        "\n".join(
            line for line in heat.splitlines() if "condition" not in line and "exact" not in line
        )
    )
    argv = ["solve", str(free), "--out", str(tmp_path / "out"), *FAST, "--quiet"]
    assert main(argv + ["--format", "h5"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "pinnls: warning: problem 'tiny' has no initial or boundary condition, so its solution "
        "is not determined (u = 0 fits a zero right-hand side, and so may any solution of the "
        "homogeneous equation); add the conditions the PDE needs (PinnlsWarning)"
    ]


def test_resume_without_a_checkpoint_fails_and_creates_nothing(tiny, tmp_path, capsys):
    out = tmp_path / "new" / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--resume"]) == 2
    assert "no checkpoint" in one_error_line(capsys)
    assert not (tmp_path / "new").exists()


# ----------------------------------------------------------------------------------- Ctrl-C


#: ``python -m pinnls`` plus a line on stdout once training is under way, so that the test knows
#: when SIGINT lands inside the training loop (setting up the trainer takes a few seconds on a
#: cold start, and a Ctrl-C then has nothing to save).
UNDER_WAY = """
import signal
import sys
# A test run started in the background by a non-interactive shell ignores SIGINT, and children
# inherit that; restore Python's KeyboardInterrupt handler so the test sees a real Ctrl-C.
signal.signal(signal.SIGINT, signal.default_int_handler)
import pinnls.cli as cli
import pinnls.cli.solve as solve
update = solve._Progress.update
def update_and_tell(self, event):
    update(self, event)
    if event["iteration"] == 2:
        print("under way", flush=True)
solve._Progress.update = update_and_tell
sys.exit(cli.main())
"""


@pytest.mark.parametrize("optimizer", ["auto", "lsgd"])
def test_an_interrupt_advises_resume_only_where_it_resumes(
    tiny, tmp_path, capsys, monkeypatch, optimizer
):
    # an interrupted automatic run said "(resume with --resume)", and --resume then refused the
    # automatic strategy
    import types

    import pinnls.run
    from pinnls.errors import WriteInterrupted
    from pinnls.training import TrainingInterrupted

    out = tmp_path / "out"
    argv = ["solve", str(tiny), "--out", str(out), "--quiet", "--optimizer", optimizer]

    def interrupted(*args, **kwargs):
        raise TrainingInterrupted(types.SimpleNamespace(iterations=3))

    monkeypatch.setattr(pinnls.run, "solve_and_save", interrupted)
    assert main(argv) == 130
    err = capsys.readouterr().err
    assert err.startswith("pinnls: interrupted at iteration 3; partial results (complete=false)")
    if optimizer == "auto":
        assert "--resume" not in err and "does not resume: run the command again" in err
    else:
        assert "(resume with --resume)" in err

    def while_writing(*args, **kwargs):
        raise WriteInterrupted(tmp_path / "kept.pt")

    monkeypatch.setattr(pinnls.run, "solve_and_save", while_writing)
    assert main(argv) == 130
    err = capsys.readouterr().err
    assert f"the training is saved in {tmp_path / 'kept.pt'}" in err
    assert ("--resume" in err) == (optimizer != "auto")


def test_ctrl_c_saves_a_checkpoint_exits_130_and_resumes(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    # far more iterations than can run before the signal; the resume stops on a time limit
    argv = ["solve", str(tiny), "--out", str(out), *FAST, "--iterations", "1000000"]
    argv += ["--format", "h5"]
    process = subprocess.Popen(
        [sys.executable, "-c", UNDER_WAY, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[0].startswith("pinnls "), lines
        assert lines[1].startswith("settings "), lines
        assert lines[2] == "under way\n", lines
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=300)  # generous: CI machines are busy
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("pinnls: interrupted at iteration ") and "--resume" in stderr
    assert len(stderr.splitlines()) == 1
    data = report(out)
    assert data["complete"] is False and data["stop_reason"] == "interrupted"
    assert data["iterations"] >= 2
    state = torch.load(out / "checkpoint.pt", weights_only=True)
    assert state["iteration"] == data["iterations"]
    with h5py.File(out / "solution.h5") as file:
        assert bool(file.attrs["complete"]) is False
    # time_limit may change on resume: give it more time than the first part used. The margin
    # covers setting the run up again, which counts: torch's first Adam imports torch._dynamo
    # (about 1 s on the 2-core VM when this test runs alone, nothing when others ran first).
    limit = str(data["wall_seconds"] + 3.0)
    assert main(argv + ["--resume", "--time-limit", limit, "--quiet"]) == 0
    assert capsys.readouterr().err == ""
    resumed = report(out)
    assert resumed["complete"] is True and resumed["stop_reason"] == "time_limit"
    assert resumed["iterations"] > data["iterations"]
    with h5py.File(out / "solution.h5") as file:
        assert len(file["history/loss"]) == resumed["iterations"] + 1
    shutil.rmtree(out)


def test_ctrl_c_before_the_first_iteration_exits_130_and_writes_nothing(
    tiny, tmp_path, capsys, monkeypatch
):
    import pinnls.training

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pinnls.training, "solve", interrupted)
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--quiet"]) == 130
    assert capsys.readouterr().err.startswith("pinnls: interrupted before the first iteration")
    assert not out.exists()


def test_the_time_line_splits_the_command_s_seconds_and_the_report_keeps_the_compile(full_run):
    # The training's wall_seconds leave out loading, compiling and writing: the line after the
    # done line says where the command's seconds went, and its parts add up to the whole.
    lines = full_run["stdout"].splitlines()
    done = next(i for i, line in enumerate(lines) if line.startswith("done: "))
    timing = lines[done + 1]
    match = re.fullmatch(
        r"time: ([\d.]+) s compiling, ([\d.]+) s training, ([\d.]+) s writing the results: "
        r"([\d.]+) s in all",
        timing,
    )
    assert match, timing
    compiling, training, writing, total = map(float, match.groups())
    data = report(full_run["out"])
    # each printed to 0.1 s: a part within 0.05 of its value, the sum of three rounded parts
    # within 0.2 of the rounded whole
    assert compiling == pytest.approx(data["compile_seconds"], abs=0.051)
    assert training == pytest.approx(data["wall_seconds"], abs=0.051)
    assert 0 < data["compile_seconds"] < total and writing > 0
    assert compiling + training + writing == pytest.approx(total, abs=0.21)
    with h5py.File(full_run["out"] / "solution.h5") as file:
        assert file.attrs["compile_seconds"] == data["compile_seconds"]


def test_the_time_line_of_a_resumed_run_says_its_training_counts_the_earlier_run():
    from pinnls.cli.solve import _timing

    line = _timing({"compile_seconds": 0.4, "wall_seconds": 12.0}, 3.0, resumed=True)
    assert line == (
        "time: 3.0 s in this command (0.4 s compiling); the training's 12.0 s count the run "
        "it resumed"
    )
    # a clock that makes the parts exceed the whole gives no negative writing time
    assert "0.0 s writing" in _timing({"compile_seconds": 1.0, "wall_seconds": 2.0}, 2.5)
