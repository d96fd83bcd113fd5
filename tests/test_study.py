"""Convergence studies: the rate fit, the grid of runs, failures, outputs."""

import csv
import json
import math

import numpy as np
import pytest

from pinnls.convergence import fit_rate, run_study, summarize
from pinnls.io.study_files import write_study

PROBLEM = """
import sympy as sp
from pinnls import Box, Problem
x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="tiny")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/16")
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * x)), points="grid:1/16")
problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-2 * t)), points="grid:1/16")
problem.exact(sp.sin(2 * (x - t)))
settings = {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "eval_points": 21}
"""


@pytest.fixture
def problem_file(tmp_path):
    path = tmp_path / "tiny.py"
    path.write_text(PROBLEM)
    return path


def test_fit_rate_recovers_an_exact_power_law():
    widths = [8, 16, 32, 64]
    errors = [3.0 * w**-2.0 for w in widths]
    rate = fit_rate(widths, errors, "width")
    assert rate.slope == pytest.approx(-2.0, abs=1e-12)
    assert rate.low == pytest.approx(-2.0, abs=1e-9) and rate.high == pytest.approx(-2.0, abs=1e-9)
    assert math.exp(rate.intercept) == pytest.approx(3.0)


def test_fit_rate_interval_covers_the_slope_of_noisy_data():
    rng = np.random.default_rng(0)
    widths = np.repeat([8, 16, 32, 64, 128], 4)
    errors = widths**-1.5 * np.exp(rng.normal(0, 0.2, widths.size))
    rate = fit_rate(widths, errors, "width")
    assert rate.low < -1.5 < rate.high
    assert rate.high - rate.low < 0.5
    assert rate.points == 20


def test_fit_rate_needs_two_distinct_values_and_skips_failures():
    assert fit_rate([8, 8], [0.1, 0.2], "width") is None
    rate = fit_rate([8, 16, 32], [0.1, math.nan, 0.025], "width")
    assert rate.points == 2 and math.isnan(rate.low)
    assert rate.slope == pytest.approx(-1.0)


def test_study_runs_the_grid_and_errors_fall_with_width(problem_file, tmp_path):
    seen = []
    runs = run_study(problem_file, {"activation": "tanh", "iterations": 0, "eval_points": 21},
                     widths=[4, 32], depths=[1, 2], seeds=2, on_run=seen.append)  # fmt: skip
    assert [(r.width, r.depth, r.seed) for r in runs] == [
        (4, 1, 0), (4, 1, 1), (4, 2, 0), (4, 2, 1), (32, 1, 0), (32, 1, 1), (32, 2, 0), (32, 2, 1),
    ]  # fmt: skip
    assert len(seen) == 8 and all(r.status == "ok" for r in runs)
    summary = summarize(runs)
    by = {(row["width"], row["depth"]): row for row in summary["table"]}
    assert by[(32, 1)]["median"] < by[(4, 1)]["median"] / 10
    assert summary["rates"]["width"][1].slope < -1
    paths = write_study(runs, summary, tmp_path / "out", {"problem": "tiny"})
    document = json.loads(paths["json"].read_text())
    assert len(document["runs"]) == 8
    # Every run's error in the file is that run's error (measured 0.39 for width 4, depth 1,
    # seed 0, and 0.045-0.069 at width 32: LS-only tanh bases on sin(2 (x - t))).
    for run, entry in zip(runs, document["runs"]):
        assert entry["report"]["rel_l2_error"] == pytest.approx(run.error, rel=1e-12)
    assert 0.25 < document["runs"][0]["report"]["rel_l2_error"] < 0.6
    assert all(0.02 < run.error < 0.1 for run in runs if run.width == 32)
    rows = list(csv.DictReader(paths["csv"].open()))
    assert len(rows) == 8 and rows[0]["status"] == "ok"
    assert paths["png"].stat().st_size > 10_000


def test_failed_runs_are_recorded_and_the_study_goes_on(problem_file):
    runs = run_study(problem_file, {"activation": "tanh", "optimizer": "adam", "lr": 1e6,
                                    "iterations": 20, "eval_points": 21},
                     widths=[4, 8], seeds=1)  # fmt: skip
    assert [r.status for r in runs] == ["failed", "failed"]
    assert all("diverged" in r.message for r in runs)
    summary = summarize(runs)
    assert summary["table"][0]["failed"] == 1 and summary["table"][0]["median"] is None


def test_parallel_study_matches_the_serial_one(problem_file):
    base = {"activation": "tanh", "iterations": 0, "eval_points": 21}
    serial = run_study(problem_file, base, widths=[8, 16], seeds=1)
    parallel = run_study(problem_file, base, widths=[8, 16], seeds=1, jobs=2)
    for a, b in zip(serial, parallel):
        assert (a.width, a.seed) == (b.width, b.seed)
        assert a.error == pytest.approx(b.error, rel=1e-8)


def test_study_command_prints_the_table_and_writes_its_files(problem_file, tmp_path, capsys):
    from pinnls.cli import main

    out = tmp_path / "study"
    argv = ["study", str(problem_file), "--width", "4,16", "--seeds", "2", "--out", str(out)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "rate in width at depth 1: error ~ width^" in captured.out
    assert "[4/4] width 16 depth 1 seed 1" in captured.err
    for name in ("study.json", "study.csv", "study.png"):
        assert (out / name).is_file()
    document = json.loads((out / "study.json").read_text())
    assert document["settings"]["activation"] == "tanh"  # the file's settings reach every run
    assert {r["width"] for r in document["runs"]} == {4, 16}


def test_study_command_rejects_bad_lists_before_running(problem_file, tmp_path, capsys):
    from pinnls.cli import main

    out = tmp_path / "study"
    assert main(["study", str(problem_file), "--width", "8,x", "--out", str(out)]) == 2
    assert "--width '8,x': give integers" in capsys.readouterr().err
    assert main(["study", str(problem_file), "--activation", "selu", "--out", str(out)]) == 2
    assert not out.exists()


SECOND_ORDER = """
import sympy as sp
from pinnls import Box, Problem
x = sp.Symbol("x")
u = sp.Function("u")
problem = Problem(u(x), Box(x=(0, 1)), name="bar")
problem.equation("pde", sp.Eq(u(x).diff(x, 2), -sp.pi**2 * sp.sin(sp.pi * x)))
problem.condition("l", sp.Eq(u(0), 0))
problem.condition("r", sp.Eq(u(1), 0))
problem.exact(sp.sin(sp.pi * x))
"""


def test_a_study_of_a_second_order_problem_refuses_relu_before_running(tmp_path, capsys):
    # the study's default activation is relu (the paper's network): every run failed in its
    # row, and the command exited 0 (found in review); refused up front, as pinnls check does
    from pinnls.cli import main

    path = tmp_path / "bar.py"
    path.write_text(SECOND_ORDER)
    out = tmp_path / "study"
    argv = ["study", str(path), "--width", "8,16", "--iterations", "0", "--threads", "1"]
    assert main([*argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "activation 'relu' (the default of pinnls study) is piecewise linear" in err
    assert "--activation tanh" in err and not out.exists()
    assert main(["check", str(path)]) == 0  # auto, the file's own strategy, is fine
    path.write_text(SECOND_ORDER + 'settings = {"optimizer": "lsgd"}\n')
    capsys.readouterr()
    assert main(["check", str(path)]) == 2
    assert "(the default of --optimizer lsgd)" in capsys.readouterr().err
    assert main([*argv, "--activation", "tanh", "--out", str(out)]) == 0
    rows = json.loads((out / "study.json").read_text())["runs"]
    assert len(rows) == 2 and all(r["status"] == "ok" for r in rows)
    assert all(r["report"]["rel_l2_error"] < 1e-2 for r in rows)


def test_runs_load_the_file_with_the_given_parameter_values(tmp_path):
    # The values travel to the workers as numbers (load_problem(path, parameters=...)), and a
    # run with them differs from one with the declared value.
    path = tmp_path / "speed.py"
    path.write_text(
        PROBLEM.replace('name="tiny")', 'name="tiny", parameters={"c": 1.0})')
        .replace("u(x, t).diff(t) + u(x, t).diff(x)", "u(x, t).diff(t) + c * u(x, t).diff(x)")
        .replace("sp.sin(-2 * t)", "sp.sin(-2 * c * t)")
        .replace("sp.sin(2 * (x - t))", "sp.sin(2 * (x - c * t))")
        .replace('x, t = sp.symbols("x t")', 'x, t, c = sp.symbols("x t c")')
    )
    base = {"activation": "tanh", "iterations": 0, "eval_points": 21}
    declared = run_study(path, base, widths=[8, 16])
    serial = run_study(path, base, widths=[8, 16], parameters={"c": 2.0})
    parallel = run_study(path, base, widths=[8, 16], jobs=2, parameters={"c": 2.0})
    assert [r.status for r in declared + serial + parallel] == ["ok"] * 6
    for a, b, c in zip(declared, serial, parallel):
        assert b.error == pytest.approx(c.error, rel=1e-8)
        assert abs(a.error - b.error) > 1e-6 * a.error
    failed = run_study(path, base, widths=[8], parameters={"k": 2.0})
    assert failed[0].status == "failed"
    assert "'k' is not a parameter of the problem (parameters: c)" in failed[0].message
