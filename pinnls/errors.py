"""The exceptions a user can meet.

``ProblemError`` and its subclasses describe mistakes in a problem declaration; they derive from
``ValueError`` so that generic callers can catch them too. ``SolverError`` describes a training run
that broke down (NaN, divergence, a failed least-squares solve) and derives from ``RuntimeError``.
``CheckpointError`` describes a checkpoint that cannot be resumed from.

:func:`warn` issues the library's warnings at the caller's line outside pinnls (a script, a
notebook cell, a test), not at a line of pinnls's own source; :func:`declared_at` names that
line for errors found after the declaration they are about.
"""

import contextlib
import os
import sys
import warnings

__all__ = [
    "PinnlsError",
    "ProblemError",
    "NonlinearTermError",
    "UnknownSymbolError",
    "UnknownFaceError",
    "ProblemFileError",
    "SolverError",
    "LeastSquaresError",
    "ProcessGroupError",
    "CheckpointError",
    "SettingsError",
    "ResultFileError",
    "ResultsNotWrittenError",
    "WriteInterrupted",
    "PinnlsWarning",
    "warn",
    "declared_at",
    "shown",
]


class PinnlsError(Exception):
    """Base class of every error that pinnls raises on purpose."""


class ProblemError(PinnlsError, ValueError):
    """A problem declaration that pinnls cannot accept."""


class NonlinearTermError(ProblemError):
    """A term is not linear in the unknown."""


class UnknownSymbolError(ProblemError):
    """A term uses a symbol (or function) that is neither an axis nor a parameter."""


class UnknownFaceError(ProblemError):
    """A term is evaluated outside the domain, or on a face of an axis that does not exist."""


class ProblemFileError(ProblemError):
    """A problem file that cannot be run, or that does not define a usable ``problem``."""


class SettingsError(PinnlsError, ValueError):
    """An unknown setting, or a setting with a value outside its allowed choices."""


class SolverError(PinnlsError, RuntimeError):
    """Training broke down (NaN or Inf in the loss or the parameters)."""


class LeastSquaresError(SolverError):
    """The least-squares solve for the last layer failed: NaN or Inf in the system, or a
    regularized solve that no amount of regularization made solvable."""


class ProcessGroupError(SolverError):
    """Across processes (``--nproc``, torchrun): a collective failed, because another process
    died or stopped answering. ``solution`` holds this process's last good state (None before
    the first iteration); the launcher names the process that failed."""


class CheckpointError(PinnlsError):
    """A checkpoint that is missing, unreadable, or made for another problem or other settings."""


class ResultFileError(PinnlsError, ValueError):
    """A result file (``solution.h5``) that is missing, unreadable or not written by pinnls."""


class PinnlsWarning(UserWarning):
    """A solve that ran but whose answer deserves doubt (underdetermined, undetermined, or
    clouds too coarse for the basis)."""


#: The package's folder, and the bundled problem files in it: those are user code (a problem
#: file run by ``example:NAME``), so a warning may point at them.
_PACKAGE = os.path.dirname(os.path.abspath(__file__))
_EXAMPLES = os.path.join(_PACKAGE, "problems")


def _inside_pinnls(filename: str) -> bool:
    path = os.path.abspath(filename)
    return path.startswith(_PACKAGE + os.sep) and not path.startswith(_EXAMPLES + os.sep)


def _skipped_by_warnings(filename: str) -> bool:
    """Frames that ``warnings.warn`` skips without counting them in ``stacklevel`` (the import
    machinery's, as CPython's ``_is_internal_frame``)."""
    return "importlib" in filename and "_bootstrap" in filename


def _first_outside(frame):
    """The first frame, from ``frame`` outwards, outside pinnls, and how many frames
    ``warnings.warn`` counts to reach it (0 for ``frame`` itself); the outermost frame when
    every one is pinnls's own (a process that pinnls started)."""
    steps, found, found_steps = 0, frame, 0
    while frame is not None and _inside_pinnls(frame.f_code.co_filename):
        frame = frame.f_back
        while frame is not None and _skipped_by_warnings(frame.f_code.co_filename):
            frame = frame.f_back
        steps += 1
        if frame is not None:
            found, found_steps = frame, steps
    return found, found_steps


#: The lists of :func:`collected_warnings` in force, innermost last.
_COLLECTORS: list[list[str]] = []


@contextlib.contextmanager
def collected_warnings():
    """Inside, every :func:`warn` also appends its message to the list this yields (whatever
    the warnings filters show): what a solve warned of, for report.json (a reader of the
    report alone saw an estimate of 2.1e-4 with no word that it read 25x low).

    Yields
    ------
    list of str
    """
    found: list[str] = []
    _COLLECTORS.append(found)
    try:
        yield found
    finally:
        _COLLECTORS.remove(found)


def warn(message: str, category: type[Warning] = PinnlsWarning) -> None:
    """``warnings.warn`` at the first frame outside pinnls: the user's line that called into the
    library (``pinnls.solve(...)`` in a script, a notebook cell or a test), so that the
    warning's ``filename`` and ``lineno`` are the user's.

    (Python 3.12's ``skip_file_prefixes`` does this; Python 3.11 has it not, so the frames are
    walked here.) When every frame is pinnls's own (a process that pinnls started), the
    outermost one is used.

    Parameters
    ----------
    message : str
    category : Warning subclass
        :class:`PinnlsWarning` unless given.
    """
    for found in _COLLECTORS:
        found.append(str(message))
    # stacklevel 2 is the caller (sys._getframe(1)); each frame walked outwards adds one.
    _, steps = _first_outside(sys._getframe(1))
    warnings.warn(message, category, stacklevel=2 + steps)


def declared_at() -> str | None:
    """``file:line`` of the user's line that called into pinnls (the first frame outside
    pinnls, as :func:`warn` finds it), for an error found later than the declaration it is
    about; None when that code has no file (``<stdin>``, ``exec`` of a string).

    Returns
    -------
    str or None
    """
    frame, _ = _first_outside(sys._getframe(1))
    filename = frame.f_code.co_filename
    return None if filename.startswith("<") else f"{filename}:{frame.f_lineno}"


class ResultsNotWrittenError(PinnlsError):
    """The results of a finished training could not be written (a full disk, out of memory, a
    folder that cannot be written). The previous results are intact and the training is kept.

    Attributes
    ----------
    kept : Path or None
        The checkpoint that holds the training, when one was staged.
    """

    def __init__(self, message: str, kept=None) -> None:
        super().__init__(message)
        self.kept = kept


class WriteInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM while results were written: nothing was committed, the previous
    results are intact, and the training is kept in ``kept`` (a Path, or None)."""

    def __init__(self, kept=None) -> None:
        super().__init__()
        self.kept = kept


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)`` on one line of at most ``limit`` characters, for a message that names
    what was given (``not list [1, 2]``)."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
