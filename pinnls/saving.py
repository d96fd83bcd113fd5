"""Saving a solve: the checkpoint and every result file, committed as one run.

:func:`save` is the one save path of ``pinnls solve`` and :meth:`Solution.save
<pinnls.solution.Solution.save>`: it plans the memory that writing needs, stages the checkpoint
first and then the results in the run folder's staging area, and commits them together. A
failure at any point (a full disk, out of memory, a second signal) leaves the previous results
as they were and keeps the staged checkpoint, so the training is never lost
(:meth:`~pinnls.io.runfolder.RunFolder.keep_checkpoint`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pinnls import checkpoint, io
from pinnls.errors import PinnlsError, ResultsNotWrittenError, WriteInterrupted
from pinnls.io.runfolder import RunFolder
from pinnls.memory import require, writing_need

__all__ = ["save"]


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
    if not isinstance(folder, RunFolder):
        with RunFolder(folder) as held:
            return save(solution, held, formats, metadata, frames)
    frames = io.DEFAULT_FRAMES if frames is None else frames
    formats = io.FORMATS if formats is None else formats
    if isinstance(formats, str):
        formats = io.parse_formats(formats)
    formats = tuple(formats)
    metadata = dict(metadata or {})
    out = folder.out
    try:
        # The widest basis evaluated at once (one per slab when marched).
        pieces = solution.slabs or (solution,)
        widest = max(piece.basis.size for piece in pieces)
        require(
            writing_need(solution.compiled, solution.settings, formats, open_width=widest),
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
            f"{text}; the previous results in {out}/ are intact{kept_text(kept)}", kept
        ) from error
    written["checkpoint"] = out / "checkpoint.pt"
    return written


def kept_text(kept: Path | None) -> str:
    """Where the training was kept, as the end of a one-line message."""
    if kept is None:
        return ""
    return f"; the training is saved in {kept} (--resume continues from it)"
