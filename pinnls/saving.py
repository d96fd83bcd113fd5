"""Saving a solve: the checkpoint and every result file, committed as one run.

:func:`save` is the one save path of ``pinnls solve`` and :meth:`Solution.save
<pinnls.solution.Solution.save>`: it plans the memory that writing needs, stages the checkpoint
first and then the results in the run folder's staging area, and commits them together. A
failure at any point (a full disk, out of memory, a second signal) leaves the previous results
as they were and keeps the staged checkpoint, so the training is never lost
(:meth:`~pinnls.io.runfolder.RunFolder.keep_checkpoint`).

:class:`PeriodicCheckpoints` stages a checkpoint during training too, every so many seconds,
so that a run killed outright (``kill -9``, the kernel's out-of-memory killer) loses at most
that interval: the next run into the folder keeps it (:func:`pinnls.io.runfolder.recover`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from pinnls import checkpoint, io
from pinnls.errors import PinnlsError, ResultsNotWrittenError, WriteInterrupted, warn
from pinnls.io.runfolder import RunFolder
from pinnls.memory import require, writing_need
from pinnls.numeric.local import LocalBasis

__all__ = ["save", "PeriodicCheckpoints", "DEFAULT_CHECKPOINT_EVERY"]

#: Seconds between the periodic checkpoints of ``pinnls solve`` (``--checkpoint-every``).
DEFAULT_CHECKPOINT_EVERY = 300.0


class PeriodicCheckpoints:
    """A training callback that stages the state in the run folder every ``every`` seconds.

    It passes every event on to ``callback``, and when ``every`` seconds have passed since
    training began or since its last checkpoint, writes the event's ``checkpoint`` (the state
    just recorded, :func:`pinnls.training.solve`) atomically to ``folder.staging /
    "checkpoint.pt"``: the run's own staging folder, which no reader trusts and whose
    checkpoint the final save replaces. A run killed outright leaves it there, and the next
    run into the folder keeps it for ``--resume`` (:func:`pinnls.io.runfolder.recover`). Events
    without a ``checkpoint`` (the automatic strategy's stages) write nothing.

    A checkpoint that cannot be written (a full disk) is warned about once; training goes on,
    and the previous periodic checkpoint stays whole.

    Parameters
    ----------
    folder : RunFolder
        Held by the caller, with its staging folder.
    every : float
        Seconds between checkpoints (> 0).
    problem_sha256 : str, optional
        Stored in each checkpoint, as :func:`save` stores it.
    callback : callable, optional
        Receives every event first (the progress bar).
    clock : callable
        Seconds, monotonic (a test's own clock).
    """

    def __init__(
        self,
        folder: RunFolder,
        every: float,
        problem_sha256: str | None = None,
        callback: Callable[[dict], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = folder.staging / "checkpoint.pt"
        self.every = float(every)
        self.problem_sha256 = problem_sha256
        self.callback = callback
        self.clock = clock
        self.last = clock()
        #: Checkpoints written so far.
        self.written = 0
        self._warned = False

    def __call__(self, event: dict) -> None:
        if self.callback is not None:
            self.callback(event)
        build = event.get("checkpoint")
        if build is None or self.clock() - self.last < self.every:
            return
        state = build()
        state["problem_sha256"] = self.problem_sha256
        try:
            checkpoint.write(state, self.path)
        except OSError as error:
            if not self._warned:
                self._warned = True
                warn(
                    f"a periodic checkpoint could not be written to {self.path}: "
                    f"{error.strerror or error}; training goes on"
                )
        else:
            self.written += 1
        self.last = self.clock()


def save(
    solution,
    folder: RunFolder | str | os.PathLike,
    formats: str | Iterable[str] | None = None,
    metadata: Mapping[str, Any] | None = None,
    frames: int | None = None,
) -> dict[str, Path]:
    """Write the checkpoint and the result files of a solve as one run.

    Parameters
    ----------
    solution : Solution
        A finished or partial (``complete=False``) solve.
    folder : RunFolder or path-like
        A run folder the caller holds (``pinnls solve`` locks it before training), or a path:
        then it is created when missing and locked for the call.
    formats : str or iterable of str, optional
        A subset of :data:`pinnls.io.FORMATS` (default: all).
    metadata : mapping, optional
        Provenance for report.json and solution.h5; its ``problem_sha256`` is also stored in
        the checkpoint (a resume then tells when the file changed).
    frames : int, optional
        Output times of the time series (default :data:`pinnls.io.DEFAULT_FRAMES`).

    Returns
    -------
    dict of str to Path
        The files written, by kind (:func:`pinnls.io.write_results`), plus ``checkpoint``.

    Raises
    ------
    ResultsNotWrittenError
        Writing failed; the message says why, that the previous results are intact, and where
        the training is kept (``error.kept``).
    WriteInterrupted
        Ctrl-C or SIGTERM while writing; ``kept`` as above.
    OutputFolderBusyError
        ``folder`` is a path that another live run holds.
    """
    # Checked before the folder is made or held: a bad format or frame count raised after the
    # checkpoint had been written into a new folder (a helper's adversarial run, section 72).
    frames = io.DEFAULT_FRAMES if frames is None else io.check_frames(frames)
    formats = io.parse_formats(io.FORMATS if formats is None else formats)
    if not isinstance(folder, RunFolder):
        with RunFolder(folder) as held:
            return save(solution, held, formats, metadata, frames)
    metadata = dict(metadata or {})
    out = folder.out
    try:
        # The most columns evaluated at once (one basis per slab when marched; a local
        # basis one cell at a time): the trained bases, not the settings, say how many.
        pieces = solution.slabs or (solution,)
        widest = max(_evaluated_columns(piece.basis) for piece in pieces)
        plain = solution.settings.replace(width=None, subdomains=None)
        require(
            writing_need(solution.compiled, plain, formats, open_width=widest),
            "writing the results",
        )
        checkpoint.save(solution, folder.staging / "checkpoint.pt", metadata.get("problem_sha256"))
        written = io.write_results(solution, out, formats, metadata, folder=folder, frames=frames)
    except KeyboardInterrupt:
        raise WriteInterrupted(folder.keep_checkpoint()) from None
    except (OSError, MemoryError, PinnlsError) as error:
        kept = folder.keep_checkpoint()
        if isinstance(error, OSError):
            where = error.filename or out
            text = f"cannot write results to {where}: {error.strerror or error}"
        elif isinstance(error, MemoryError):
            text = f"out of memory while writing results to {out}/ (lower --eval-points)"
        else:
            text = str(error)
        raise ResultsNotWrittenError(
            f"{text}; the previous results in {out}/ are intact"
            f"{kept_text(kept, checkpoint.resumes(solution))}",
            kept,
        ) from error
    written["checkpoint"] = out / "checkpoint.pt"
    return written


def kept_text(kept: Path | None, resumable: bool = True) -> str:
    """Where the training was kept, as the end of a one-line message; with ``resumable``
    False (the automatic strategy, which --resume refuses) without advising --resume."""
    if kept is None:
        return ""
    if not resumable:
        return f"; the training is saved in {kept}"
    return f"; the training is saved in {kept} (--resume continues from it)"


def _evaluated_columns(basis) -> int:
    """The basis' columns evaluated at once when writing: a local basis' widest cell, else all
    of them."""
    if isinstance(basis, LocalBasis):
        return -(-basis.width // basis.subdomains)
    return basis.size
