"""The exceptions a user can meet.

``ProblemError`` and its subclasses describe mistakes in a problem declaration; they derive from
``ValueError`` so that generic callers can catch them too. ``SolverError`` describes a training run
that broke down (NaN, divergence, a failed least-squares solve) and derives from ``RuntimeError``.
``CheckpointError`` describes a checkpoint that cannot be resumed from.
"""

__all__ = [
    "PinnlsError",
    "ProblemError",
    "NonlinearTermError",
    "UnknownSymbolError",
    "UnknownFaceError",
    "ProblemFileError",
    "SolverError",
    "LeastSquaresError",
    "CheckpointError",
    "SettingsError",
    "ResultFileError",
    "ResultsNotWrittenError",
    "WriteInterrupted",
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


class CheckpointError(PinnlsError):
    """A checkpoint that is missing, unreadable, or made for another problem or other settings."""


class ResultFileError(PinnlsError, ValueError):
    """A result file (``solution.h5``) that is missing, unreadable or not written by pinnls."""


class PinnlsWarning(UserWarning):
    """A solve that ran but whose answer deserves doubt (underdetermined, undetermined, or
    clouds too coarse for the basis)."""


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
