"""Installing and starting (issue 12, part 3): the license and packaging metadata, the Makefile's
torch stamp, the bundled examples, ``pinnls new``, ``info`` on a folder, ``eval``, ``--debug``
on either side of the subcommand, ``check``'s equations, ``--set`` of problem parameters,
``study --param``, the progress bar's rate and the help texts."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import h5py
import numpy as np
import pytest

from pinnls.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
from helpers import PROBLEMS, ROOT
from test_cli import FAST, TINY  # noqa: E402  (the shared tiny problem and flags)

#: A tiny problem with a parameter, solved quickly by least squares alone.
WITH_PARAMETER = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
c = sp.Symbol("c")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="wave", parameters={"c": 1.0})
problem.equation("pde", sp.Eq(u(x, t).diff(t) + c * u(x, t).diff(x), 0), points="grid:1/16")
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * x)), points="grid:1/16")
problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-2 * c * t)), points="grid:1/16")
problem.condition("flux", sp.Eq(u(x, t).diff(x).subs(x, 1), 2 * sp.cos(2 * (1 - c * t))))
problem.exact(sp.sin(2 * (x - c * t)))
settings = {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "eval_points": 21}
"""


@pytest.fixture(scope="module")
def tiny_result(tmp_path_factory):
    """One tiny h5-only run, shared by the info and eval tests."""
    folder = tmp_path_factory.mktemp("tiny")
    problem = folder / "tiny.py"
    problem.write_text(TINY)
    out = folder / "out"
    assert main(["solve", str(problem), "--out", str(out), "--format", "h5", "--quiet", *FAST]) == 0
    return out


def error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


# -- packaging -------------------------------------------------------------------------------


def test_the_license_is_mit_and_pyproject_says_so_in_spdx():
    import tomllib

    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("MIT License") and "Copyright (c) 2026 the pinnls developers" in text
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert not any("License ::" in c for c in project["project"].get("classifiers", []))
    # PEP 639 strings need setuptools 77; older ones warn that a table is deprecated.
    assert "setuptools>=77" in project["build-system"]["requires"]


def test_make_reinstalls_torch_when_torch_changes_and_only_then(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("no make")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "log"
    fake = venv / "bin" / "python"  # records what make asks of the venv's python
    fake.write_text(f'#!/bin/sh\necho "$@" >> {shlex.quote(str(log))}\n')
    fake.chmod(0o755)

    def make(torch_spec: str) -> list[str]:
        log.write_text("")
        command = ["make", "-s", "-C", str(ROOT), f"VENV={venv}", f"TORCH={torch_spec}"]
        subprocess.run([*command, str(venv / ".installed")], check=True, capture_output=True)
        return log.read_text().splitlines()

    assert "-m pip install --quiet torch==1.0" in make("torch==1.0")
    assert make("torch==1.0") == []  # nothing changed: nothing installed
    calls = make("torch==2.0")
    assert "-m pip install --quiet torch==2.0" in calls
    assert "-m pip install --quiet -e .[test]" in calls
    assert (venv / ".torch").read_text().strip() == "torch==2.0"


# -- bundled examples and starter files --------------------------------------------------------


def test_the_packaged_examples_are_identical_to_problems():
    """problems/ is the source; pinnls/problems/ ships it (links there, files in a wheel)."""
    packaged = ROOT / "pinnls" / "problems"
    source = sorted(p.name for p in PROBLEMS.glob("*.py"))
    assert sorted(p.name for p in packaged.glob("*.py") if p.name != "__init__.py") == source
    for name in source:
        assert (packaged / name).read_bytes() == (PROBLEMS / name).read_bytes(), name


def test_an_example_runs_from_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["check", "example:advection_gauss"]) == 0
    out = capsys.readouterr().out
    assert "advection-gauss" in out and out.splitlines()[-1] == "ok"
    assert main(["check", "example:nonesuch"]) == 2
    line = error_line(capsys)
    assert "no bundled example 'nonesuch'" in line and "advection_gauss" in line


@pytest.mark.parametrize("template", ["transport", "diffusion", "poisson", "acoustics", "hole"])
def test_new_writes_a_file_that_check_accepts(tmp_path, monkeypatch, capsys, template):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "mine", "--template", template]) == 0
    text = (tmp_path / "mine.py").read_text()
    assert 'name="mine"' in text and "__NAME__" not in text and text.count("\n# ") >= 3
    capsys.readouterr()
    assert main(["check", "mine.py"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("problem   mine  (mine.py)") and out.splitlines()[-1] == "ok"


def test_new_refuses_to_overwrite(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.py").write_text("precious\n")
    assert main(["new", "mine.py"]) == 2
    expected = "pinnls: error: mine.py exists; choose another name or remove it first"
    assert error_line(capsys) == expected
    assert (tmp_path / "mine.py").read_text() == "precious\n"


def test_new_makes_the_folders_its_name_names_and_leaves_none_where_it_cannot_write(
    tmp_path, monkeypatch, capsys
):
    # docs/cli.md: "NAME may include a folder: pinnls new runs/heat"; it failed where runs/
    # did not exist yet
    monkeypatch.chdir(tmp_path)
    assert main(["new", "runs/deep/heat", "--template", "diffusion"]) == 0
    assert (tmp_path / "runs" / "deep" / "heat.py").is_file()
    assert capsys.readouterr().out.startswith("wrote runs/deep/heat.py (diffusion)")
    # a file where a folder should be: one line
    (tmp_path / "blocked").write_text("a file\n")
    assert main(["new", "blocked/sub/heat"]) == 2
    assert error_line(capsys).startswith("pinnls: error: cannot write blocked/sub/heat.py")
    # a folder that cannot be made after one that was: no folder made on the way is left
    made = Path.mkdir

    def mkdir(self, *args, **kwargs):
        if self.name == "sub":
            raise PermissionError(13, "Permission denied")
        return made(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", mkdir)
    assert main(["new", "fresh/sub/heat"]) == 2
    line = error_line(capsys)
    assert line == "pinnls: error: cannot write fresh/sub/heat.py: Permission denied"
    assert not (tmp_path / "fresh").exists()


# -- info and eval -----------------------------------------------------------------------------


def test_info_accepts_the_results_folder(tiny_result, capsys):
    assert main(["info", str(tiny_result)]) == 0
    rows = dict(line.split(None, 1) for line in capsys.readouterr().out.splitlines()[1:])
    assert rows["problem"].strip() == "tiny"
    assert main(["info", str(tiny_result.parent)]) == 2
    assert "holds no solution.h5" in error_line(capsys)


def test_load_network_reproduces_the_saved_field(tiny_result):
    from pinnls.io.model import load_network

    network = load_network(tiny_result)
    with h5py.File(tiny_result / "solution.h5") as file:
        x, t = file["grid/x"][()], file["grid/t"][()]
        field = file["fields/u"][()]
    points = np.stack(np.meshgrid(x, t, indexing="ij"), axis=-1).reshape(-1, 2)
    assert network.axes == ("x", "t")
    np.testing.assert_allclose(network(points), field.ravel(), rtol=0, atol=1e-12)


def test_load_network_of_time_slabs_picks_the_slab_of_each_time(tmp_path):
    from pinnls.io.model import load_network

    problem = tmp_path / "tiny.py"
    problem.write_text(TINY)
    out = tmp_path / "out"
    argv = ["solve", str(problem), "--out", str(out), "--format", "h5", "--quiet", *FAST]
    assert main([*argv, "--time-slabs", "2"]) == 0
    network = load_network(out / "solution.h5")
    assert len(network.slabs) == 2
    with h5py.File(out / "solution.h5") as file:
        x, t = file["grid/x"][()], file["grid/t"][()]
        field = file["fields/u"][()]
    points = np.stack(np.meshgrid(x, t, indexing="ij"), axis=-1).reshape(-1, 2)
    np.testing.assert_allclose(network(points), field.ravel(), rtol=0, atol=1e-12)


def test_eval_writes_the_axes_and_u(tiny_result, tmp_path, capsys):
    from pinnls.io.model import load_network

    expected = load_network(tiny_result)(np.array([[0.25, 0.5], [0.75, 0.125]]))
    with_header = tmp_path / "with.csv"
    with_header.write_text("t,x\n0.5,0.25\n0.125,0.75\n")  # any column order under a header
    bare = tmp_path / "bare.csv"
    bare.write_text("0.25,0.5\n0.75,0.125\n")
    out = tmp_path / "out.csv"
    assert main(["eval", str(tiny_result / "solution.h5"), str(bare), "-o", str(out)]) == 0
    assert main(["eval", str(tiny_result), str(with_header)]) == 0
    printed = capsys.readouterr().out
    for text in (out.read_text(), printed):
        rows = list(csv.reader(text.splitlines()))
        assert rows[0] == ["x", "t", "u"]
        values = np.array(rows[1:], dtype=float)
        np.testing.assert_array_equal(values[:, :2], [[0.25, 0.5], [0.75, 0.125]])
        np.testing.assert_allclose(values[:, 2], expected, rtol=0, atol=1e-15)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n0,0\n")
    assert main(["eval", str(tiny_result), str(bad)]) == 2
    assert "the solution's axes are x, t" in error_line(capsys)


# -- the command line ------------------------------------------------------------------------


def test_debug_works_before_and_after_the_subcommand(tmp_path, capsys):
    from pinnls import ProblemFileError

    bad = tmp_path / "bad.py"
    bad.write_text("problem = 3\n")
    assert main(["check", str(bad)]) == 2
    capsys.readouterr()
    for argv in (["--debug", "check", str(bad)], ["check", str(bad), "--debug"]):
        with pytest.raises(ProblemFileError):
            main(argv)


def test_check_prints_both_sides_of_each_term(tmp_path, capsys):
    assert main(["check", str(PROBLEMS / "advection_gauss.py")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "pde:     u_t + u_x = 0" in lines
    assert "inflow:  u(0, t) = exp(-(-10.0*t - 3.0)**2)" in lines
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    assert main(["check", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "pde:     c*u_x + u_t = 0" in lines  # parameters by name; their values on 'params'
    assert "flux:    u_x(1, t) = 2*cos(2*c*t - 2)" in lines
    # a derivative along the face, written on the unknown at the face (a user's matched load)
    path.write_text(
        WITH_PARAMETER.replace(
            "u(x, t).diff(x).subs(x, 1), 2 * sp.cos(2 * (1 - c * t))",
            "u(1, t).diff(t) + c * u(x, t).diff(x).subs(x, 1), 0",
        )
    )
    assert main(["check", str(path)]) == 0
    assert "flux:    c*u_x(1, t) + u_t(1, t) = 0" in capsys.readouterr().out.splitlines()


def test_a_solve_records_and_prints_the_parameters_in_force(tmp_path, capsys):
    # --set c=3 was visible only in the command line and the exact formula of report.json
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    out = tmp_path / "out"
    argv = ["solve", str(path), "--set", "c=3", "--width", "8", "--format", "h5", "--threads", "1"]
    assert main([*argv, "--out", str(out)]) == 0
    assert 'parameters {"c": 3.0}' in capsys.readouterr().out.splitlines()
    assert json.loads((out / "report.json").read_text())["parameters"] == {"c": 3.0}
    assert main([*argv[:2], "--width", "8", "--format", "h5", "--out", str(tmp_path / "d")]) == 0
    assert json.loads((tmp_path / "d" / "report.json").read_text())["parameters"] == {"c": 1.0}


def test_set_changes_a_parameter_before_compiling(tmp_path, capsys):
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    assert main(["check", str(path), "--set", "c=3", "--set", "width=4"]) == 0
    out = capsys.readouterr().out
    assert "params    c=3" in out
    assert "3*D[u(x, t); x] + D[u(x, t); t]" in out  # the operator compiled with c = 3
    assert "exact     -sin(6*t - 2*x)" in out  # and the exact solution
    assert main(["check", str(path), "--set", "cc=3"]) == 2
    line = error_line(capsys)
    assert "unknown setting or parameter 'cc'" in line
    assert "width" in line and line.endswith("parameters of the problem: c")
    assert main(["check", str(path), "--set", "c=fast"]) == 2
    assert error_line(capsys) == "pinnls: error: --set c=fast: the parameter 'c' takes a number"
    # a parameter's name without "=": the file ran with its own c, without a word (found by
    # an adversary); the NAME=VALUE message that any other name gets
    assert main(["check", str(path), "--set", "c"]) == 2
    assert error_line(capsys) == "pinnls: error: --set 'c': write NAME=VALUE, e.g. pde.weight=10"


def test_set_offers_its_numbers_to_the_loader_and_keeps_the_rest_for_the_settings(tmp_path):
    from pinnls.cli.common import load
    from pinnls.symbolic.problem import Problem

    # A parameter named like a setting shadows it; the other names stay settings.
    text = WITH_PARAMETER.replace('parameters={"c": 1.0}', 'parameters={"c": 1.0, "tol": 0.5}')
    path = tmp_path / "wave.py"
    path.write_text(text)
    init = Problem.__init__
    assignments = ["c=3", "tol=0.25", "width=4", "optimizer=lsgd", "pde.weight=2"]
    loaded, rest = load(str(path), assignments)
    assert Problem.__init__ is init
    assert loaded.problem.parameters == {"c": 3.0, "tol": 0.25}
    assert loaded.applied_parameters == {"c": 3.0, "tol": 0.25}
    assert rest == ["width=4", "optimizer=lsgd", "pde.weight=2"]


def test_set_refuses_a_parameter_that_is_not_finite(tmp_path, capsys):
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    assert main(["check", str(path), "--set", "c=inf"]) == 2
    assert error_line(capsys) == "pinnls: error: --set c=inf: the parameter 'c' must be finite"


def test_study_with_a_parameter_set_once(tmp_path, capsys):
    # --set c=2 without --param: every run takes it (this used to fail formatting the text '2').
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    out = tmp_path / "study"
    argv = ["study", str(path), "--width", "4", "--set", "c=2", "--out", str(out)]
    assert main([*argv, "--threads", "1"]) == 0
    assert "study of wave at c=2:" in capsys.readouterr().out
    document = json.loads((out / "study.json").read_text())
    assert document["parameters"] == {"c": 2.0}
    declared = tmp_path / "declared"
    assert main(["study", str(path), "--width", "4", "--out", str(declared), "--threads", "1"]) == 0
    first = json.loads((declared / "study.json").read_text())
    assert first["parameters"] == {"c": 1.0}
    assert (
        first["runs"][0]["report"]["rel_l2_error"] != document["runs"][0]["report"]["rel_l2_error"]
    )


def test_study_refuses_a_parameter_swept_twice_or_swept_and_set(tmp_path, capsys):
    # the last --param c=... replaced the first, and --param replaced --set, without a word
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    out = tmp_path / "study"
    argv = ["study", str(path), "--width", "4", "--out", str(out), "--threads", "1"]
    assert main([*argv, "--param", "c=1", "--param", "c=2"]) == 2
    assert error_line(capsys).endswith("--param c=2: 'c' is swept twice; give it once: c=V1,V2")
    assert main([*argv, "--param", "c=1", "--set", "c=7"]) == 2
    assert "--set c=... and --param c=... both give 'c'" in error_line(capsys)
    assert not out.exists()


def test_study_sweeps_a_parameter(tmp_path, capsys):
    path = tmp_path / "wave.py"
    path.write_text(WITH_PARAMETER)
    out = tmp_path / "study"
    argv = ["study", str(path), "--width", "4,8", "--param", "c=0.5,2", "--out", str(out)]
    assert main([*argv, "--threads", "1"]) == 0
    printed = capsys.readouterr().out
    assert "study of wave at c=0.5:" in printed and "study of wave at c=2:" in printed
    errors = {}
    for label in ("c=0.5", "c=2"):
        document = json.loads((out / label / "study.json").read_text())
        assert document["parameters"] == {"c": float(label[2:])}
        errors[label] = [run["report"]["rel_l2_error"] for run in document["runs"]]
    assert errors["c=0.5"] != errors["c=2"]
    assert main(["study", str(path), "--param", "k=1,2", "--out", str(tmp_path / "s2")]) == 2
    assert "'k' is not a parameter of the problem (parameters: c)" in error_line(capsys)
    assert not (tmp_path / "s2").exists()


def test_the_progress_bar_redraws_a_few_times_a_second():
    from pinnls.progress import PROGRESS_INTERVAL
    from pinnls.progress import Progress as _Progress

    class Bar:
        n = total = 0
        refreshes = 0

        def refresh(self):
            self.refreshes += 1

        def set_postfix(self, *args, **kwargs):
            pass

        def close(self):
            pass

    progress = _Progress(enabled=False, total=10**6)
    progress.bar = bar = Bar()
    event = {"iteration": 0, "iterations": 10**6, "loss": 1.0, "rank": 3, "error": 0.1}
    started = time.monotonic()
    for iteration in range(2000):
        progress.update({**event, "iteration": iteration})
    elapsed = time.monotonic() - started
    assert PROGRESS_INTERVAL >= 0.1
    assert bar.refreshes <= 1 + elapsed / PROGRESS_INTERVAL
    progress.close()
    assert bar.refreshes >= 2 and bar.n == 1999  # the last state is drawn when it closes


def test_the_help_explains_the_training_options(capsys):
    assert main(["solve", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert re.search(r"--lr LR\s+Learning rate: the step size", text)
    assert "--tol TOL Stopping tolerance" in text
    assert "--iterations ITERATIONS Number of training steps" in text
    assert "--init-scale INIT_SCALE Box initialization: how steep" in text


def test_the_study_example_of_the_cli_docs_reproduces(tmp_path, monkeypatch, capsys):
    """docs/cli.md quotes a study's command and its table; rerun it (rates and times aside)."""
    text = (ROOT / "docs" / "cli.md").read_text()
    section = text[text.index("## `pinnls study`") :]
    block = re.search(r"```\n\$ (pinnls study .*?)\n(.*?)```", section, re.S)
    command, shown = block.group(1), block.group(2)
    argv = shlex.split(command)[1:]
    monkeypatch.chdir(ROOT)
    assert main([*argv, "--out", str(tmp_path / "study")]) == 0
    printed = capsys.readouterr().out

    def table(output: str) -> list[list[str]]:
        return [line.split() for line in output.splitlines() if re.match(r"^\d+\s+\d+\s", line)]

    rows, documented = table(printed), table(shown)
    assert len(rows) == len(documented) >= 2
    for row, quoted in zip(rows, documented):
        assert row[:4] == quoted[:4]  # width, depth, runs, failed
        # the errors to the digits shown (the times differ from run to run)
        np.testing.assert_allclose(np.array(row[4:7], float), np.array(quoted[4:7], float), 2e-3)


def test_a_built_wheel_installs_and_runs_a_bundled_example_from_anywhere(tmp_path, installed_wheel):
    # What `pip install .` gives a user (conftest.installed_wheel): the wheel, installed into
    # a folder that sees the venv's torch and sympy but not this checkout, then
    # `pinnls check example:...` from an empty folder.
    import zipfile

    names = set(zipfile.ZipFile(installed_wheel.wheel).namelist())
    for problem in PROBLEMS.glob("*.py"):
        assert f"pinnls/problems/{problem.name}" in names  # the files, not links
    assert any(n.endswith("licenses/LICENSE") for n in names)
    target = installed_wheel.site
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", "import pinnls.cli, sys; print(pinnls.cli.__file__); "
         "sys.argv = ['pinnls', 'check', 'example:advection_gauss']; pinnls.cli.main()"],
        cwd=empty, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(str(target))  # the installed copy, not the checkout
    assert "advection-gauss" in done.stdout and lines[-1] == "ok"


def test_check_reads_derivatives_along_a_face_by_the_argument_s_place():
    import sympy as sp

    from pinnls import Box, Problem
    from pinnls.cli.check import readable

    x, t = sp.symbols("x t")
    u = sp.Function("u")
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    cases = {
        sp.Eq(u(1, t).diff(t) + u(x, t).diff(x).subs(x, 1), 0): "u_t(1, t) + u_x(1, t) = 0",
        sp.Eq(u(x, 0).diff(x).subs(x, 1), 0): "u_x(1, 0) = 0",  # at the corner (1, 0)
        sp.Eq(u(t, 0).diff(t), 0): "u_x(t, 0) = 0",  # d/dx at (t, 0): the first argument
        sp.Eq(u(x, t).diff(t).subs(t, 0), 1): "u_t(x, 0) = 1",
    }
    for equation, text in cases.items():
        assert readable(equation, problem) == text


def test_info_says_what_a_large_condition_number_means():
    # "condition 5.01e+16" beside rank 153 of 513 alarmed a new user: the number is the kept
    # columns', and the estimate, not it, measures the error
    from pinnls.cli.info import info_rows

    rows = dict(info_rows({"rank": 153, "condition": 5.01228e16}))
    assert rows["condition"] == (
        "5.01228e+16 (of the columns kept, the rank above; a large value alone does not spoil "
        "it: see the validation estimate)"
    )
    assert dict(info_rows({"condition": 1182.07}))["condition"] == "1182.07"
