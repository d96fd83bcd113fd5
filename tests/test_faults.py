"""Runs that lose nothing (issue 15): one consistent results folder, memory planned before
allocating, SIGTERM, a full disk, and the inputs that used to end in tracebacks.

Real processes and real signals where the fault is a process's (a second run, ``kill -9``,
SIGTERM, a full disk that crashed the interpreter); in-process runs of ``main`` for the one-line
errors. Every run is tiny (the problem and flags of test_cli.py).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import h5py
import pytest
import torch

from pinnls.cli import main
from pinnls.io import manifest, runfolder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import FAST, TINY  # noqa: E402  (the shared tiny problem and flags)

H5 = [*FAST, "--format", "h5", "--quiet"]


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY)
    return path


def one_error_line(capsys) -> str:
    """The captured stderr is one ``pinnls: error:`` line without a traceback; return it."""
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("pinnls: error: "), err
    return lines[0]


def report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


def h5_seed(out: Path) -> int:
    with h5py.File(out / "solution.h5") as file:
        return int(file.attrs["seed"])


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


def pinnls_process(*argv: str, script: str = "") -> subprocess.Popen:
    """``pinnls`` in a real process; ``script`` runs first (to install test hooks)."""
    code = f"import sys\n{script}\nimport pinnls.cli as cli\nsys.exit(cli.main())\n"
    return subprocess.Popen(
        [sys.executable, "-c", code, *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen, timeout: float = 300) -> tuple[str, str]:
    """Wait for a process (generous timeout: CI machines are busy); kill it on failure."""
    try:
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


#: Prints "under way" once the third iteration is recorded, so that a signal lands in training.
UNDER_WAY = """
import pinnls.cli.solve as solve
update = solve._Progress.update
def update_and_tell(self, event):
    update(self, event)
    if event.get("iteration") == 2:
        print("under way", flush=True)
solve._Progress.update = update_and_tell
"""


# -------------------------------------------------------------------------- one folder, one run


def test_a_second_run_is_refused_while_the_first_holds_the_folder_even_after_kill_9(
    tiny, tmp_path, capsys
):
    out = tmp_path / "out"
    first = pinnls_process(
        "solve", str(tiny), "--out", str(out), *FAST, "--iterations", "1000000", script=UNDER_WAY
    )
    try:
        assert first.stdout.readline().startswith("pinnls "), first.stderr.read()
        first.stdout.readline()  # settings
        assert first.stdout.readline() == "under way\n"
        # a real second process (this one) into the folder that a live run holds
        assert main(["solve", str(tiny), "--out", str(out), *H5]) == 2
        line = one_error_line(capsys)
        assert f"in use by another pinnls run (pid {first.pid})" in line
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    finally:
        finish(first)
    assert first.returncode == -signal.SIGKILL
    # the killed holder left its lock file (with its pid) and its staging folder
    assert (out / runfolder.LOCK_NAME).read_text() == f"{first.pid}\n"
    assert [p for p in hidden(out) if p.startswith(runfolder.STAGING_PREFIX)]
    # the kernel released the killed holder's lock: the next run goes ahead, tidies up and
    # says in one line that it took the folder over, naming the dead run
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--seed", "22"]) == 0
    assert capsys.readouterr().err == (
        f"pinnls: notice: took over {out} from a run that ended without finishing "
        f"(pid {first.pid})\n"
    )
    assert manifest.check_folder(out) == []
    assert report(out)["seed"] == 22 and h5_seed(out) == 22
    assert hidden(out) == []  # no lock, staging folder or temporary is left
    # a run after one that finished takes over nothing
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    assert capsys.readouterr().err == ""


#: Kills its own process with SIGKILL when the results are about to be written: the final
#: checkpoint is staged, nothing is committed.
KILL_WHILE_WRITING = """
import os, signal
import pinnls.io
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
pinnls.io.write_results = die
"""


def test_kill_9_while_writing_results_keeps_the_training_for_resume(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    killed = pinnls_process("solve", str(tiny), "--out", str(out), *H5, script=KILL_WHILE_WRITING)
    finish(killed)
    assert killed.returncode == -signal.SIGKILL
    (staging,) = [p for p in hidden(out) if p.startswith(runfolder.STAGING_PREFIX)]
    assert (out / staging / "checkpoint.pt").is_file() and not (out / "checkpoint.pt").exists()
    # the next run keeps the staged training as checkpoint.pt (no committed run is here) and
    # continues from it: --resume finds no other checkpoint
    resumed = ["solve", str(tiny), "--out", str(out), *H5, "--resume", "--iterations", "5"]
    assert main(resumed) == 0
    assert capsys.readouterr().err == (
        f"pinnls: notice: took over {out} from a run that ended without finishing "
        f"(pid {killed.pid}); its training is kept in {out / 'checkpoint.pt'} (--resume "
        "continues from it)\n"
    )
    data = report(out)
    assert data["iterations"] == 5 and data["complete"] is True
    with h5py.File(out / "solution.h5") as file:
        assert list(file["history/iteration"][()]) == [0, 1, 2, 3, 4, 5]
    assert manifest.check_folder(out) == [] and hidden(out) == []


def test_two_runs_in_turn_leave_the_second_run_only(tiny, tmp_path):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5,png"]) == 0
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--seed", "22"]) == 0
    data = report(out)
    assert data["seed"] == 22 and h5_seed(out) == 22
    assert set(data["manifest"]) == {"solution.h5", "checkpoint.pt"}
    assert not (out / "history.png").exists()  # the first run's PNGs went with it
    with h5py.File(out / "solution.h5") as file:
        assert file.attrs["run_id"] == data["run_id"]
    assert torch.load(out / "checkpoint.pt", weights_only=True)["settings"]["seed"] == 22
    assert manifest.check_folder(out) == []


def test_a_kill_at_any_write_leaves_one_run_or_a_commit_the_next_run_finishes(
    tiny, tmp_path, monkeypatch
):
    """Photograph the folder before and after every rename and removal of the second run:
    each photograph is what a ``kill -9`` at that instant would leave."""
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *FAST, "--format", "h5,png"]) == 0
    photos: list[Path] = []

    def photograph():
        photo = tmp_path / f"photo{len(photos)}"
        shutil.copytree(out, photo)
        photos.append(photo)

    replace, unlink = os.replace, os.unlink

    def photographed(real):
        def call(*args, **kwargs):
            photograph()
            result = real(*args, **kwargs)
            photograph()
            return result

        return call

    monkeypatch.setattr(os, "replace", photographed(replace))
    monkeypatch.setattr(os, "unlink", photographed(unlink))
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--seed", "22"]) == 0
    monkeypatch.undo()
    assert len(photos) > 10
    seeds = []
    for photo in photos:
        if (photo / "report.json").exists():  # a report means its whole run is there
            assert manifest.check_folder(photo) == [], photo
        runfolder.recover(photo)  # what the next run into the folder does first
        assert manifest.check_folder(photo) == [], photo
        seeds.append(report(photo)["seed"])
        assert h5_seed(photo) == seeds[-1]
        assert not [p for p in hidden(photo) if p != runfolder.LOCK_NAME]
    assert seeds[0] == 0 and seeds[-1] == 22 and set(seeds) == {0, 22}


#: Kills its own process with SIGKILL right after the commit's first rename.
KILL_IN_COMMIT = """
import os, signal
import pinnls.io.runfolder as runfolder
renames = []
real = os.replace
def replace_then_die(source, target):
    real(source, target)
    if ".pinnls-run-" in str(source) and ".pinnls-run-" not in str(target):
        renames.append(target)  # a commit's rename from the staging folder into the folder
        if len(renames) == 1:
            os.kill(os.getpid(), signal.SIGKILL)
runfolder.os.replace = replace_then_die
"""


def test_kill_9_in_the_middle_of_a_commit_is_finished_by_the_next_run(tiny, tmp_path):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    killed = pinnls_process(
        "solve", str(tiny), "--out", str(out), *H5, "--seed", "22", script=KILL_IN_COMMIT
    )
    finish(killed)
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "report.json").exists()  # the folder does not claim a complete run
    assert [p for p in hidden(out) if p.startswith(runfolder.STAGING_PREFIX)]
    # any run into the folder finishes the killed run's commit before it starts
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--resume", "--seed", "22"]) == 0
    assert report(out)["seed"] == 22 and manifest.check_folder(out) == []
    assert hidden(out) == []


def periodic_checkpoint(out: Path, process: subprocess.Popen, iteration: int) -> Path:
    """The staged periodic checkpoint of the run in ``out``, once it holds ``iteration`` or a
    later one (waits for the file, however long a loaded machine takes to write it)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        for path in out.glob(f"{runfolder.STAGING_PREFIX}*/checkpoint.pt"):
            with contextlib.suppress(FileNotFoundError):  # replaced by the next one meanwhile
                if torch.load(path, weights_only=True)["iteration"] >= iteration:
                    return path
        time.sleep(0.02)
    raise AssertionError(f"no periodic checkpoint at iteration {iteration} in 300 s")


def test_kill_9_in_training_loses_no_more_than_the_checkpoint_interval(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    killed = pinnls_process(
        "solve", str(tiny), "--out", str(out), *H5, "--iterations", "1000000",
        "--checkpoint-every", "0.001",  # every iteration, here
    )  # fmt: skip
    try:
        staged = periodic_checkpoint(out, killed, iteration=3)
        killed.send_signal(signal.SIGKILL)
        killed.wait(timeout=60)
    finally:
        finish(killed)
    assert killed.returncode == -signal.SIGKILL
    assert not (out / "checkpoint.pt").exists() and not (out / "report.json").exists()
    state = torch.load(staged, weights_only=True)  # the last one written before the kill
    last = state["iteration"]
    assert last >= 3
    # the next run keeps it as checkpoint.pt (the folder holds no committed run) and --resume
    # continues from it
    more = ["--resume", "--iterations", str(last + 3)]
    assert main(["solve", str(tiny), "--out", str(out), *H5, *more]) == 0
    assert capsys.readouterr().err == (
        f"pinnls: notice: took over {out} from a run that ended without finishing "
        f"(pid {killed.pid}); its training is kept in {out / 'checkpoint.pt'} (--resume "
        "continues from it)\n"
    )
    assert manifest.check_folder(out) == [] and hidden(out) == []
    data = report(out)
    assert data["iterations"] == last + 3 and data["complete"] is True
    with h5py.File(out / "solution.h5") as file:
        assert list(file["history/iteration"][()]) == list(range(last + 4))
        assert list(file["history/loss"][: last + 1]) == state["history"]["loss"]
    # and it ends where a run that was never killed ends
    straight = tmp_path / "straight"
    assert (
        main(["solve", str(tiny), "--out", str(straight), *H5, "--iterations", str(last + 3)]) == 0
    )
    assert data["loss"] == pytest.approx(report(straight)["loss"], rel=1e-9)


def test_resume_continues_from_the_newest_checkpoint_that_fits(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0  # committed, iteration 3
    # a later run, killed while writing its results, measures the error at every iteration
    killed = pinnls_process(
        "solve", str(tiny), "--out", str(out), *H5, "--iterations", "4", "--eval-every", "1",
        script=KILL_WHILE_WRITING,
    )  # fmt: skip
    finish(killed)
    assert killed.returncode == -signal.SIGKILL
    capsys.readouterr()
    resumed = [*H5, "--resume", "--iterations", "6", "--eval-every", "1"]
    assert main(["solve", str(tiny), "--out", str(out), *resumed]) == 0
    took_over, continues = capsys.readouterr().err.splitlines()
    # beside committed results the killed run's training is kept as checkpoint.<run id>.pt
    kept = out / re.search(r"checkpoint\.[0-9a-f]{16}\.pt", took_over).group()
    assert took_over.endswith(f"its training is kept in {kept} (--resume continues from it)")
    assert continues == (
        f"pinnls: notice: --resume continues from {kept} (iteration 4), the newest checkpoint "
        f"in {out}/"
    )
    with h5py.File(out / "solution.h5") as file:
        assert list(file["history/iteration"][()]) == list(range(7))
        # measured at iterations 1 and 2 too: the killed run's history, not the committed one's
        assert all(math.isfinite(e) for e in file["history/error"][()])
    assert not kept.exists()  # consumed: its training goes on in the committed checkpoint.pt
    assert manifest.check_folder(out) == [] and hidden(out) == []
    # a newer kept checkpoint that does not fit the run (another width) is passed over
    assert main(["solve", str(tiny), "--out", str(tmp_path / "wide"), *H5, "--width", "12"]) == 0
    misfit = out / "checkpoint.0123456789abcdef.pt"
    shutil.copy(tmp_path / "wide" / "checkpoint.pt", misfit)
    assert runfolder.checkpoints(out) == [misfit, out / "checkpoint.pt"]
    capsys.readouterr()
    # when none fits, the newest one's reason is the error
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--resume", "--width", "16"]) == 2
    assert f"--resume: {misfit} was made with width=12, but" in one_error_line(capsys)
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--resume", "--iterations", "7"]) == 0
    assert capsys.readouterr().err == ""
    assert report(out)["iterations"] == 7 and misfit.exists()


def test_temporaries_of_killed_writes_are_removed_by_the_next_run(tiny, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".solution.3f9a1c2e.tmp.h5").write_bytes(b"half")
    (out / ".pinnls-run-0123456789abcdef").mkdir()
    (out / ".pinnls-run-0123456789abcdef" / "solution.h5").write_bytes(b"half")
    (out / ".notes").write_text("the user's")
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    assert hidden(out) == [".notes"]


def test_pinnls_info_warns_about_a_solution_h5_of_another_run(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    assert main(["solve", str(tiny), "--out", str(tmp_path / "b"), *H5]) == 0
    shutil.copy(tmp_path / "b" / "solution.h5", out / "solution.h5")  # by hand, not by a run
    capsys.readouterr()
    assert main(["info", str(out / "solution.h5")]) == 0
    assert "is not the file of the run that" in capsys.readouterr().err
    assert "solution.h5 is not the file of this run" in " ".join(manifest.check_folder(out))


#: Holds a study's folder: says so once the lock is taken, then waits to be killed.
HOLD_STUDY = """
import time
import pinnls.convergence as convergence
def run_study_and_wait(*args, **kwargs):
    print("under way", flush=True)
    time.sleep(300)
convergence.run_study = run_study_and_wait
"""


def test_a_study_holds_its_folder_against_a_second_study_or_solve(tiny, tmp_path, capsys):
    out = tmp_path / "study"
    study = ["study", str(tiny), "--out", str(out), "--width", "4", "--iterations", "1"]
    study += ["--eval-points", "9", "--threads", "1"]
    first = pinnls_process(*study, script=HOLD_STUDY)
    try:
        assert first.stdout.readline().startswith("pinnls "), first.stderr.read()
        assert first.stdout.readline() == "under way\n"
        assert main(study) == 2  # a real second process (this one)
        assert f"in use by another pinnls run (pid {first.pid})" in one_error_line(capsys)
        assert main(["solve", str(tiny), "--out", str(out), *H5]) == 2  # one lock for both
        assert f"in use by another pinnls run (pid {first.pid})" in one_error_line(capsys)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    finally:
        finish(first)
    assert first.returncode == -signal.SIGKILL
    assert main(study) == 0  # the killed holder's lock is released
    assert (out / "study.json").is_file() and hidden(out) == []


# ------------------------------------------------------------------------------- Ctrl-C early

#: Resets SIGINT to its default (a test run in the background inherits it ignored), says so and
#: becomes the command: the moment of that line is the moment the command starts.
LAUNCH = """
import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
print("exec", flush=True)
os.execv(sys.argv[1], sys.argv[1:])
"""

CONSOLE_SCRIPT = Path(sys.executable).with_name("pinnls")


def launched(*command: str) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "exec\n", process.stderr.read()
    return process


def interpreter_start() -> float:
    """Seconds that a bare interpreter of this environment takes to start and end, the longest
    of three: its own start (site, .pth files) runs no pinnls code."""
    times = []
    for _ in range(3):
        process = launched(sys.executable, "-c", "pass")
        start = time.perf_counter()
        finish(process)
        times.append(time.perf_counter() - start)
    return max(times)


#: Signs that a signal landed in the interpreter's own start, before any pinnls code: a
#: traceback in site, or a .pth file whose failure site reports and ignores (the run then goes on).
PYTHON_OWN_START = ("<frozen site>", "Error processing line")


def before_main(stderr: str) -> bool:
    """Whether a Ctrl-C landed before ``pinnls.cli.main`` could install its handling: in
    Python's own start, or (the console script) while its wrapper imported ``pinnls`` or
    ``pinnls.cli``, whose bodies only define names (measured: under a load of two busy
    processes on 2 cores, a signal 10 ms after the interpreter's start landed there)."""
    if any(sign in stderr for sign in PYTHON_OWN_START):
        return True
    return "KeyboardInterrupt" in stderr and ", in main" not in stderr


def interrupted_at(command: list[str], seconds: float) -> tuple[int, str]:
    """Start ``command``, send SIGINT after ``seconds``; the exit code and stderr."""
    process = launched(*command)
    try:
        time.sleep(seconds)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr


@pytest.mark.parametrize("entry", ["console script", "python -m pinnls"])
def test_ctrl_c_while_starting_is_one_line_and_exit_130(tiny, tmp_path, entry):
    """A Ctrl-C while ``pinnls`` imports itself, numpy, sympy or torch (its first second)."""
    if entry == "console script":
        if not CONSOLE_SCRIPT.is_file():
            pytest.skip(f"no console script {CONSOLE_SCRIPT} (pinnls not installed)")
        command = [str(CONSOLE_SCRIPT)]
    else:
        command = [sys.executable, "-m", "pinnls"]
    command += ["solve", str(tiny), "--out", str(tmp_path / "out"), *FAST]
    command += ["--iterations", "1000000", "--format", "h5"]  # never ends by itself
    own = interpreter_start()
    for after in (0.01, 0.15, 0.45):  # entering main, importing numpy and sympy, then torch
        for _ in range(3):  # a busy machine can stretch the interpreter's own start
            code, stderr = interrupted_at(command, own + after)
            if not before_main(stderr):
                break
        assert code == 130, (after, code, stderr)
        assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, (after, stderr)
        assert stderr.startswith("pinnls: interrupted"), (after, stderr)


def test_a_ctrl_c_that_python_would_drop_is_delivered_again(tiny, capsys, monkeypatch):
    """A SIGINT handled inside a weakref callback (the import machinery's module locks have
    them) raises where Python only prints "Exception ignored"; the run must stop all the same."""
    import weakref

    import pinnls.cli.check as check

    def run(args):
        class Thing:
            pass

        thing = Thing()
        ref = weakref.ref(thing, lambda ref: signal.raise_signal(signal.SIGINT))
        del thing  # the callback runs here, and with it the handler
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pass
        return 0 if ref is not None else 1

    monkeypatch.setattr(check, "run", run)
    monkeypatch.setattr(sys, "unraisablehook", sys.unraisablehook)  # given back by main
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # a background run
    try:
        assert main(["check", str(tiny)]) == 130
    finally:
        assert signal.signal(signal.SIGINT, previous) is signal.default_int_handler
    assert capsys.readouterr().err == "pinnls: interrupted\n"


# ------------------------------------------------------------------------------------ SIGTERM


def test_sigterm_saves_partial_results_and_a_checkpoint_and_exits_143(tiny, tmp_path):
    out = tmp_path / "out"
    process = pinnls_process(
        "solve", str(tiny), "--out", str(out), *FAST, "--iterations", "1000000", "--format",
        "h5", script=UNDER_WAY,
    )  # fmt: skip
    try:
        for _ in range(3):
            line = process.stdout.readline()
        assert line == "under way\n", process.stderr.read()
        process.send_signal(signal.SIGTERM)
        _, stderr = finish(process)
    finally:
        finish(process)
    assert process.returncode == 143, stderr
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1
    assert stderr.startswith("pinnls: terminated (SIGTERM) at iteration ")
    data = report(out)
    assert data["complete"] is False and data["stop_reason"] == "interrupted"
    assert torch.load(out / "checkpoint.pt", weights_only=True)["iteration"] == data["iterations"]
    assert manifest.check_folder(out) == [] and hidden(out) == []


def test_sigterm_before_training_exits_143_and_leaves_no_folder(tiny, tmp_path, monkeypatch):
    import pinnls.training

    def terminated(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGTERM)  # handled as Ctrl-C while pinnls solve runs
        time.sleep(5)

    monkeypatch.setattr(pinnls.training, "solve", terminated)
    handler = signal.getsignal(signal.SIGTERM)
    out = tmp_path / "new" / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 143
    assert not (tmp_path / "new").exists()
    assert signal.getsignal(signal.SIGTERM) is handler  # given back after the run


#: A problem file that says when it is loading, then loads for a minute.
SLOW_TO_LOAD = TINY.replace(
    "import sympy as sp\n",
    "import sympy as sp\nimport time\nprint('loading', flush=True)\ntime.sleep(60)\n",
)


@pytest.mark.parametrize(
    "command, message",
    [
        ("solve", "pinnls: terminated (SIGTERM) before training began; nothing was written\n"),
        ("check", "pinnls: terminated (SIGTERM); nothing was written\n"),
    ],
)
def test_sigterm_while_the_problem_file_loads_is_one_line_and_exit_143(tmp_path, command, message):
    path = tmp_path / "slow.py"
    path.write_text(SLOW_TO_LOAD)
    out = tmp_path / "new" / "out"
    argv = [command, str(path)] + (["--out", str(out), *H5] if command == "solve" else [])
    process = pinnls_process(*argv)
    try:
        assert process.stdout.readline() == "loading\n", process.stderr.read()
        process.send_signal(signal.SIGTERM)
        _, stderr = finish(process, timeout=60)
    finally:
        finish(process)
    assert process.returncode == 143 and stderr == message, (process.returncode, stderr)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["slow.py"]


def test_sigterm_is_given_back_once_a_run_begins_writing(tmp_path):
    """From the output folder on, SIGTERM is the command's own affair: pinnls study keeps the
    default action (its worker processes must not outlive it), pinnls solve its own handler."""
    import pinnls.cli as cli
    from pinnls.cli import signals
    from pinnls.cli.common import check_writable

    previous = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with cli._CtrlC() as ctrl_c:
            assert signal.getsignal(signal.SIGTERM) == ctrl_c._handle_term
            check_writable(tmp_path / "out")
            assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL and signals.running is None
    finally:
        signal.signal(signal.SIGTERM, previous)


# ---------------------------------------------------------------------------------- full disk


@pytest.fixture
def tiny_filesystem(tmp_path):
    """A 200 kB tmpfs; skipped where mounting is not allowed (not root, containers)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def test_a_full_disk_is_one_line_exit_2_and_the_previous_results_stay(tiny, tiny_filesystem):
    out = tiny_filesystem / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    free = shutil.disk_usage(tiny_filesystem).free
    (tiny_filesystem / "filler").write_bytes(b"\0" * max(0, free - 30_000))
    for formats in ("h5", "vtk"):  # HDF5 crashed the interpreter here; VTK printed pages
        process = pinnls_process(
            "solve", str(tiny), "--out", str(out), *FAST, "--eval-points", "60", "--quiet",
            "--format", formats,
        )  # fmt: skip
        _, stderr = finish(process)
        assert process.returncode == 2, stderr
        assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
        assert "No space left on device" in stderr and "previous results" in stderr
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in before} == before
        assert not [p for p in hidden(out)]
        for kept in out.glob("checkpoint.*.pt"):  # the training is kept; make room again
            kept.unlink()


def test_a_failure_while_writing_keeps_the_training_and_the_previous_results(
    tiny, tmp_path, capsys, monkeypatch
):
    import pinnls.io

    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    stage = pinnls.io.stage_results
    for error in (OSError(28, "No space left on device"), MemoryError()):

        def failing(solution, directory, *args, error=error, **kwargs):
            stage(solution, directory, *args, **kwargs)  # every file staged, then it fails
            raise error

        monkeypatch.setattr(pinnls.io, "stage_results", failing)
        assert main(["solve", str(tiny), "--out", str(out), *H5, "--seed", "22"]) == 2
        line = one_error_line(capsys)
        assert "previous results" in line and "the training is saved in" in line
        assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in before} == before
        (kept,) = out.glob("checkpoint.*.pt")
        assert torch.load(kept, weights_only=True)["settings"]["seed"] == 22
        kept.unlink()
        assert hidden(out) == []


# ------------------------------------------------------------------------------------- memory


@pytest.mark.parametrize(
    "option, culprit",
    [
        (["--width", "200000", "--iterations", "1"], "lower the width"),
        (["--eval-points", "100000"], "lower --eval-points (now 100000)"),
    ],
)
def test_a_run_that_cannot_fit_is_refused_before_it_allocates(
    tiny, tmp_path, capsys, option, culprit
):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5, *option]) == 2
    line = one_error_line(capsys)
    assert "needs about" in line and "are available" in line and culprit in line
    assert not out.exists()


def test_check_refuses_an_absurd_cloud_before_drawing_it(tiny, capsys):
    assert main(["check", str(tiny), "--set", "pde.points=grid:1e-9"]) == 2
    line = one_error_line(capsys)
    assert "1e+18-point cloud of term 'pde'" in line and "coarser grid" in line


def test_the_plan_uses_the_memory_available(tiny, tmp_path, capsys, monkeypatch):
    from pinnls import memory

    room = memory.available_bytes()
    assert room is not None and room[0] > 0  # Linux: /proc/meminfo at least
    # 121^2 points fit in 10 MB; 1001^2 do not
    monkeypatch.setattr(memory, "available_bytes", lambda: (10_000_000, "a test's limit"))
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--eval-points", "1001"]) == 2
    assert "but 10 MB are available (a test's limit)" in one_error_line(capsys)
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--eval-points", "121"]) == 0
    # 288 rows by 9 columns, kept for the gradient, are the largest part at 100 kB
    monkeypatch.setattr(memory, "available_bytes", lambda: (100_000, "a test's limit"))
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 2
    assert "an assembled chunk of 288 rows by 9 columns" in (line := one_error_line(capsys))
    assert "lower --chunk-size or the width" in line


# ---------------------------------------------------------------------- inputs, one line each


@pytest.mark.parametrize(
    "option, message",
    [
        (["--seed", "1180591620717411303424"], "it must be an integer in [-2**63, 2**64)"),
        (["--seed", "18446744073709551616"], "it must be an integer in [-2**63, 2**64)"),
        (["--tol", "nan"], "setting 'tol' is nan"),
        (["--lr", "inf"], "setting 'lr' is inf"),
        (["--init-scale", "inf"], "setting 'init_scale' is inf"),
        (["--set", "rcond=inf"], "setting 'rcond' is inf"),
        (["--set", "rcond=1"], "setting 'rcond' is 1"),
        (["--eval-points", "1"], "setting 'eval_points' is 1"),
        (["--set", "pde.weight=__import__('os').getpid()"], "is not a number or a formula"),
        (["--out", ""], "--out is empty"),
        (["--checkpoint-every", "-1"], "'-1' is not a number of seconds >= 0"),
        (["--checkpoint-every", "inf"], "'inf' is not a number of seconds >= 0"),
        (["--checkpoint-every", "often"], "'often' is not a number of seconds >= 0"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tiny, tmp_path, capsys, monkeypatch, option, message):
    monkeypatch.chdir(tmp_path)
    argv = ["solve", str(tiny), *H5, *option]
    if "--out" not in option:
        argv += ["--out", "out"]
    assert main(argv) == 2
    assert message in one_error_line(capsys)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.py"]


#: A name longer than any file system allows (255 bytes on Linux, macOS and Windows alike).
TOO_LONG = "a" * 300


@pytest.mark.parametrize(
    "argv",
    [
        ["solve", "{tiny}", "--out", "{long}", *H5],
        ["solve", "{tiny}", "--out", "new/{long}/out", *H5],
        ["study", "{tiny}", "--out", "{long}", "--width", "8", *FAST[:2], "--iterations", "1"],
        ["check", "{long}.py"],
        ["solve", "{long}.py", *H5],
        ["info", "{long}"],
        ["eval", "{long}", "{tiny}"],
    ],
)
def test_a_path_longer_than_the_file_system_allows_is_one_line(
    tiny, tmp_path, capsys, monkeypatch, argv
):
    monkeypatch.chdir(tmp_path)
    argv = [a.format(tiny=tiny, long=TOO_LONG) for a in argv]
    assert main(argv) == 2
    line = one_error_line(capsys)
    assert f"{TOO_LONG}" in line and "File name too long" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.py"]  # nothing made


#: Transport in the plane: no time axis, so nothing to march in.
STEADY = """
import sympy as sp
from pinnls import Box, Problem

x, y = sp.symbols("x y")
u = sp.Function("u")
problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady")
problem.equation("pde", sp.Eq(u(x, y).diff(x) + u(x, y).diff(y), 0), points="grid:1/16")
problem.condition("left", sp.Eq(u(0, y), sp.sin(y)), points="grid:1/16")
problem.condition("bottom", sp.Eq(u(x, 0), sp.sin(-x)), points="grid:1/16")
problem.exact(sp.sin(y - x))
"""


@pytest.mark.parametrize(
    "source, option, message",
    [
        (STEADY, ["--set", "time_slabs=4"], "time_slabs=4 needs a time axis, and problem 'steady'"),
        (STEADY + "settings = {'time_slabs': 3}\n", [], "time_slabs=3 needs a time axis"),
        (
            TINY + "problem.condition('end', sp.Eq(u(x, 1), g.subs(x, x - 1)))\n",
            ["--set", "time_slabs=2"],
            "term 'end' fixes t=1: time slabs carry only conditions on the initial face t=0",
        ),
    ],
)  # fmt: skip
def test_check_refuses_time_slabs_as_solve_does(tmp_path, capsys, source, option, message):
    path = tmp_path / "p.py"
    path.write_text(source)
    assert main(["solve", str(path), "--out", str(tmp_path / "out"), *H5, *option]) == 2
    refused = one_error_line(capsys)
    assert message in refused
    assert main(["check", str(path), *option]) == 2
    assert one_error_line(capsys) == refused  # the same line
    assert main(["check", str(path), "--set", "time_slabs=1"]) == 0


@pytest.mark.parametrize("seed", ["9223372036854775808", "18446744073709551615", "-5"])
def test_every_seed_of_64_bits_is_accepted_and_kept_exactly(tiny, tmp_path, seed):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--seed", seed]) == 0
    assert report(out)["seed"] == int(seed)
    with h5py.File(out / "solution.h5") as file:
        assert int(file.attrs["seed"]) == int(seed)


#: Weights whose exact powers would take sympy hours and all memory (issue 23): at width 12,
#: W**W**W is a number of 9e12 digits; ((10**1000)**1000)**1000 has 1e9 digits.
UNBOUNDED_WEIGHTS = [
    ("W**W**W", "the exponent W is not a number"),
    ("2**2**W", "the exponent W is not a number"),
    ("((10**1000)**1000)**1000", "its powers reach an exponent of 1e+06"),
]


def test_weights_that_cannot_be_evaluated_in_bounded_time_are_refused_in_one_line(tiny):
    """In a real process, with a deadline: before the refusal these ran until memory ran out."""
    for weight, why in UNBOUNDED_WEIGHTS:
        process = pinnls_process("check", str(tiny), "--set", f"pde.weight={weight}")
        _, stderr = finish(process, timeout=120)
        assert process.returncode == 2, (weight, stderr)
        assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
        assert f"weight '{weight}' is refused: {why}" in stderr, stderr


@pytest.mark.parametrize(
    "weight, why",
    [
        ("(W**1000)**1000", "its powers reach an exponent of 1e+06"),
        ("W**(W/2)", "the exponent W/2 is not a number"),
        ("E**W", "the exponent W is not a number"),
        ("W**1001", "its powers reach an exponent of 1001"),
    ],
)
def test_exponent_towers_in_the_width_are_one_line_and_exit_2(tiny, capsys, weight, why):
    assert main(["check", str(tiny), "--set", f"pde.weight={weight}"]) == 2
    line = one_error_line(capsys)
    assert f"weight '{weight}' is refused: {why}" in line and "use exp(...)" in line


def test_a_weight_beyond_every_float_at_the_width_is_one_line(tiny, capsys):
    # exp(exp(exp(1000))) overflowed sympy's evaluation with a traceback
    argv = ["check", str(tiny), "--set", "width=1000", "--set", "pde.weight=exp(exp(exp(W)))"]
    assert main(argv) == 2
    assert "weight exp(exp(exp(W))) is inf at width 1000; it must be > 0" in one_error_line(capsys)


@pytest.mark.parametrize(
    "weight, value",
    [
        ("W**-0.5", 0.25),
        ("1/W", 1 / 16),
        ("W**(-1/2)", 0.25),
        ("10*W", 160),
        ("(1 + W**-0.5)**2", 1.5625),
        ("(W**0.001)**1000", 16),  # nested exponents multiply: 0.001 * 1000 = 1
        ("exp(W/8)", 7.38905609893065),
        ("W**1000 / W**999", 16),
    ],
)
def test_legitimate_weights_in_the_width_are_kept(tiny, weight, value):
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem

    settings = {"width": 16, "terms": {"pde": {"weight": weight}}}
    compiled = compile_problem(load_problem(tiny).problem, settings)
    (term,) = (t for t in compiled.terms if t.name == "pde")
    assert term.weight == pytest.approx(value, rel=1e-12)


def test_a_sympy_weight_tower_in_a_problem_file_is_refused_when_declared():
    import sympy as sp

    from pinnls import Box, Problem
    from pinnls.errors import ProblemError
    from pinnls.symbolic.weights import W

    x, t = sp.symbols("x t")
    u = sp.Function("u")(x, t)
    problem = Problem(u, Box(x=(0, 1), t=(0, 1)))
    with pytest.raises(ProblemError, match=r"weight W\*\*\(W\*\*W\) is refused: the exponent"):
        problem.equation("pde", sp.Eq(u.diff(t), 0), weight=W**W**W)
    with pytest.raises(ProblemError, match=r"its powers reach an exponent of 2000"):
        problem.equation("pde", sp.Eq(u.diff(t), 0), weight=W**2000)
    problem.equation("pde", sp.Eq(u.diff(t), 0), weight=(1 + W**-0.5) ** 2)
    assert problem.terms[0].weight == (1 + W**-0.5) ** 2


@pytest.mark.parametrize(
    "source, message",
    [
        (b"import sys\nsys.exit(0)\n", "bad.py:2: the file calls sys.exit(0)"),
        (b'raise SystemExit("bye")\n', "bad.py:1: the file calls sys.exit('bye')"),
        (b"class Bye(BaseException):\n    pass\nraise Bye('x')\n", "bad.py:3: Bye: x"),
        (b'x = "\xff\xfe"\n', "bad.py:1: syntax error"),
        (b"x = 1\x00\n", "bad.py:1: syntax error: source code string cannot contain null bytes"),
    ],
)
def test_problem_files_that_end_the_process_are_one_line(tmp_path, capsys, source, message):
    path = tmp_path / "bad.py"
    path.write_bytes(source)
    assert main(["check", str(path)]) == 2
    assert message in one_error_line(capsys)


#: Runs check and solve on argv[1] in one process; then says whether os._exit is itself again.
RUN_BOTH = """
import os, sys
real = os._exit
from pinnls.cli import main
codes = [main(["check", sys.argv[1]]), main(["solve", sys.argv[1], "--out", sys.argv[2]])]
print(codes, os._exit is real, flush=True)
"""


def test_a_problem_file_that_calls_os_exit_is_one_line(tmp_path):
    """os._exit ended the process at once: exit code 0, no message, nothing written. In a real
    process, since without the guard it would end the test run too."""
    path = tmp_path / "bad.py"
    path.write_text("import os\n\nos._exit(0)\n")
    out = tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "-c", RUN_BOTH, str(path), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = finish(process)
    assert process.returncode == 0 and stdout == "[2, 2] True\n", (stdout, stderr)
    lines = stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in stderr, stderr
    for line in lines:
        assert line.startswith("pinnls: error: ") and "bad.py:3: the file calls os._exit(0)" in line
    assert not out.exists()


@pytest.mark.parametrize(
    "damage", [lambda data: data[: len(data) // 2], lambda data: data[:4096] + bytes(len(data))]
)
def test_pinnls_info_on_a_damaged_file_is_one_line(tiny, tmp_path, capsys, damage):
    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    damaged = tmp_path / "damaged.h5"
    damaged.write_bytes(damage((out / "solution.h5").read_bytes()))
    capsys.readouterr()
    assert main(["info", str(damaged)]) == 2
    assert str(damaged) in one_error_line(capsys)


def overwrite_coefficients(h5: Path) -> None:
    """Overwrite the network's coefficients in place with zeros: the file keeps its size and
    stays a readable HDF5 file (the damage a bad disk or a stray write does)."""
    with h5py.File(h5) as file:
        dataset = file["model/coefficients"]
        offset, size = dataset.id.get_offset(), dataset.id.get_storage_size()
    with open(h5, "r+b") as raw:
        raw.seek(offset)
        raw.write(bytes(size))


def test_a_solution_h5_that_does_not_match_its_manifest_is_refused(tiny, tmp_path, capsys):
    import pinnls
    from pinnls.errors import ResultFileError

    out = tmp_path / "out"
    assert main(["solve", str(tiny), "--out", str(out), *H5]) == 0
    h5 = out / "solution.h5"
    points = tmp_path / "points.csv"
    points.write_text("x,t\n0.75,0.25\n")
    capsys.readouterr()
    assert main(["eval", str(out), str(points)]) == 0
    value = float(capsys.readouterr().out.splitlines()[1].split(",")[2])
    assert value != 0.0  # the trained network (the exact solution is 1 there)
    overwrite_coefficients(h5)
    assert manifest.check_folder(out) == [
        "solution.h5 is not the file of this run (its sha256 differs)"
    ]
    for argv in (["info", str(out)], ["info", str(h5)], ["eval", str(out), str(points)]):
        assert main(argv) == 2, argv
        line = one_error_line(capsys)
        assert f"{h5}: its sha256 does not match the checksum in {out / 'report.json'}" in line
        assert "--no-verify" in line
    with pytest.raises(ResultFileError, match="its sha256 does not match"):
        pinnls.load(out)
    # read anyway when asked: the damage is there to see
    assert main(["info", str(out), "--no-verify"]) == 0
    assert "complete" in capsys.readouterr().out
    assert main(["eval", str(out), str(points), "--no-verify"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "0.75,0.25,0.0"  # zero coefficients
    assert pinnls.load(out, verify=False)([[0.75, 0.25]])[0] == 0.0
    # a file copied out of its folder has no manifest to be checked against
    alone = tmp_path / "alone.h5"
    shutil.copy(h5, alone)
    assert main(["info", str(alone)]) == 0
    # and a damaged report.json cannot vouch for anything
    shutil.copy(alone, h5)
    (out / "report.json").write_text("{")
    assert main(["info", str(out)]) == 2
    assert "report.json is unreadable" in one_error_line(capsys)


def test_an_exact_solution_that_is_infinite_on_the_grid_is_refused_before_training(
    tmp_path, capsys
):
    path = tmp_path / "pole.py"
    # u = 1/(x - t - 1/2) solves u_t + u_x = 0, with a pole on the 21-point grid (x - t = 0.5)
    path.write_text(TINY.replace("g = sp.sin(sp.pi * x)", "g = 1 / (x - sp.Rational(1, 2))"))
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), *H5]) == 2
    line = one_error_line(capsys)
    assert "the exact solution is not finite at 10 of the 441 points" in line
    assert "x=0.5, t=0" in line and not out.exists()


@pytest.mark.parametrize("name", ["..", ".", "../.."])
def test_a_problem_named_dots_writes_under_results(tmp_path, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "dots.py"
    path.write_text(TINY.replace('name="tiny"', f"name={name!r}"))
    assert main(["solve", str(path), *H5]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dots.py", "results"]
    (folder,) = (tmp_path / "results").iterdir()
    assert (folder / "report.json").is_file() and not folder.name.startswith(".")


def test_a_failure_after_the_output_check_removes_the_folder_it_made(tiny, tmp_path, capsys):
    out = tmp_path / "new" / "out"
    # --resume without a checkpoint fails after the folder was made and locked
    assert main(["solve", str(tiny), "--out", str(out), *H5, "--resume"]) == 2
    assert "checkpoint" in one_error_line(capsys)
    assert not (tmp_path / "new").exists()
