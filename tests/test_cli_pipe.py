"""A reader that closes the pipe early (``pinnls check f.py | head -1``): no traceback, and
the command still does its work (a solve writes its results)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import FAST, TINY  # noqa: E402


def _with_stdout_closed(*argv: str, cwd: Path) -> tuple[int, str]:
    """Run ``pinnls ARGV`` with its stdout a pipe whose reader has gone (closed at once: the
    program imports for a while before its first line)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "pinnls", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=cwd,
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=300)
    return process.returncode, err


def test_check_and_solve_into_a_closed_pipe_end_without_a_traceback(tmp_path):
    problem = tmp_path / "tiny.py"
    problem.write_text(TINY)
    code, err = _with_stdout_closed("check", str(problem), cwd=tmp_path)
    assert (code, err) == (0, "")
    out = tmp_path / "out"
    code, err = _with_stdout_closed(
        "solve", str(problem), "--out", str(out), *FAST, "--format", "h5", cwd=tmp_path
    )
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["rel_l2_error"] < 1 and (out / "solution.h5").is_file()
    code, err = _with_stdout_closed("info", str(out), cwd=tmp_path)
    assert (code, err) == (0, "")


def test_an_error_into_a_closed_pipe_keeps_its_exit_code(tmp_path):
    # 2>&1 into a pipe whose reader has gone: the error line broke on stderr and the exit code
    # became 1; a usage error stays 2
    process = subprocess.Popen(
        [sys.executable, "-m", "pinnls", "info", str(tmp_path / "missing")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=tmp_path,
    )
    process.stdout.close()
    assert process.wait(timeout=300) == 2
