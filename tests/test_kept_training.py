"""What a folder's kept training advises: ``--resume`` only where it can continue it.

The automatic strategy's training is saved as its chosen stage's (``lsgd``) settings, which
cannot tell; ``--resume`` refuses that strategy. A run killed while writing its results keeps
its final checkpoint, and the next run into the folder (or ``pinnls info``) names it.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

import pinnls
from pinnls import checkpoint
from pinnls.cli import main
from pinnls.io import runfolder

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import TINY  # noqa: E402
from test_faults import KILL_WHILE_WRITING, finish, pinnls_process  # noqa: E402

#: The tiny problem by the automatic strategy, kept small (its plan and width).
AUTO = ["--threads", "1", "--format", "h5", "--quiet", "--eval-points", "21", "--width", "16"]


@pytest.fixture
def tiny(tmp_path) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY)
    return path


def _killed_while_writing(tiny: Path, out: Path, *flags: str) -> int:
    killed = pinnls_process(
        "solve", str(tiny), "--out", str(out), *flags, script=KILL_WHILE_WRITING
    )
    finish(killed)
    assert killed.returncode == -signal.SIGKILL
    return killed.pid


def test_an_automatic_run_s_kept_training_is_not_offered_to_resume(tiny, tmp_path, capsys):
    out = tmp_path / "out"
    pid = _killed_while_writing(tiny, out, "--optimizer", "auto", *AUTO)
    (staged,) = out.glob(f"{runfolder.STAGING_PREFIX}*/checkpoint.pt")
    assert checkpoint.load(staged)["resumable"] is False
    assert not checkpoint.resumable(staged)
    # pinnls info (pinnls.load) on the folder: named, and not offered to --resume
    with pytest.raises(pinnls.ResultFileError) as caught:
        pinnls.load(out)
    assert "--resume does not continue" in str(caught.value)
    assert "continues it" not in str(caught.value)
    # the next run takes the folder over, keeps the training, and does not advise --resume
    assert main(["solve", str(tiny), "--out", str(out), "--optimizer", "auto", *AUTO]) == 0
    assert capsys.readouterr().err == (
        f"pinnls: notice: took over {out} from a run that ended without finishing "
        f"(pid {pid}); its training is kept in {out / 'checkpoint.pt'}\n"
    )


def test_a_fixed_run_s_kept_training_is_offered_to_resume(tiny, tmp_path):
    out = tmp_path / "out"
    flags = ["--optimizer", "lsgd", "--width", "8", "--iterations", "3", "--threads", "1"]
    _killed_while_writing(tiny, out, *flags, "--format", "h5", "--quiet")
    (staged,) = out.glob(f"{runfolder.STAGING_PREFIX}*/checkpoint.pt")
    assert checkpoint.load(staged)["resumable"] is True and checkpoint.resumable(staged)
    with pytest.raises(pinnls.ResultFileError) as caught:
        pinnls.load(out)
    assert f"pinnls solve with --out {out} --resume continues it" in str(caught.value)


def test_an_older_or_unreadable_checkpoint_reads_resumable(tmp_path):
    # no key (written before it existed) or no checkpoint at all: the resume says what is wrong
    older = tmp_path / "older.pt"
    checkpoint.write({"settings": {}, "iteration": 0}, older)
    assert checkpoint.resumable(older)
    broken = tmp_path / "broken.pt"
    broken.write_bytes(b"not a checkpoint")
    assert checkpoint.resumable(broken)
    assert checkpoint.resumable(tmp_path / "missing.pt")
