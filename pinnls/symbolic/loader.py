"""Load a problem file: run it and take its module-level ``problem`` (and ``settings``)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import runpy
import traceback
from collections.abc import Mapping
from pathlib import Path

from pinnls.errors import ProblemError, ProblemFileError
from pinnls.symbolic.problem import Problem

__all__ = ["load_problem", "LoadedProblem"]


@dataclasses.dataclass(frozen=True)
class LoadedProblem:
    """What a problem file defines.

    Attributes
    ----------
    problem : Problem
    settings : dict
        The file's own default settings (may be empty).
    path : Path
    sha256 : str
        Hash of the file's bytes, stored with results.
    """

    problem: Problem
    settings: dict
    path: Path
    sha256: str


def load_problem(path: str | os.PathLike) -> LoadedProblem:
    """Run a problem file and return its ``problem`` and ``settings``.

    Raises
    ------
    ProblemFileError
        The file is missing, has a syntax error, fails while running, or defines no
        ``problem`` (or one that is not a :class:`Problem`); the message gives file:line.
    ProblemError
        A declaration in the file is wrong; the message is prefixed with file:line.
    """
    path = Path(path)
    if not path.is_file():
        raise ProblemFileError(f"{path}: no such problem file")
    data = path.read_bytes()
    try:
        compile(data, str(path), "exec")
    except (SyntaxError, ValueError) as error:
        # A null byte raises a SyntaxError (ValueError before Python 3.12) with no line.
        line = getattr(error, "lineno", None) or _null_line(data)
        message = getattr(error, "msg", None) or str(error)
        raise ProblemFileError(f"{path}:{line}: syntax error: {message}") from None
    try:
        with _no_process_exit():
            namespace = runpy.run_path(str(path), run_name="__pinnls_problem__")
    except ProblemError as error:
        raise type(error)(f"{_where(path, error)}{error}") from error
    except KeyboardInterrupt:
        raise
    except SystemExit as error:
        # A problem file is declarations; ending the process from it would make `pinnls solve`
        # exit with nothing done (exit 0 looked like success).
        raise ProblemFileError(
            f"{_where(path, error)}the file calls sys.exit({error.code!r}); a problem file must "
            f"define 'problem', not end the process"
        ) from None
    except _ProcessExit as error:
        raise ProblemFileError(
            f"{_where(path, error)}the file calls os._exit({error.code!r}); a problem file must "
            f"define 'problem', not end the process"
        ) from None
    except BaseException as error:  # noqa: BLE001 - any failure of user code is a file error
        raise ProblemFileError(f"{_where(path, error)}{type(error).__name__}: {error}") from error
    if "problem" not in namespace:
        raise ProblemFileError(
            f"{path}:1: defines no 'problem'; end the file with problem = Problem(...)"
        )
    problem = namespace["problem"]
    if not isinstance(problem, Problem):
        raise ProblemFileError(
            f"{path}:{_line_of(data, 'problem')}: 'problem' is a {type(problem).__name__}, "
            f"not a pinnls Problem"
        )
    settings = namespace.get("settings", {})
    if not isinstance(settings, Mapping):
        raise ProblemFileError(
            f"{path}:{_line_of(data, 'settings')}: 'settings' must be a dict, "
            f"got {type(settings).__name__}"
        )
    return LoadedProblem(problem, dict(settings), path, hashlib.sha256(data).hexdigest())


def _where(path: Path, error: BaseException) -> str:
    """``file:line: `` of the deepest frame inside the problem file."""
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if Path(frame.filename).resolve() == path.resolve():
            line = frame.lineno
    return f"{path}:{line}: " if line else f"{path}: "


def _null_line(data: bytes) -> int:
    """The line of the first null byte (1 if there is none)."""
    index = data.find(b"\0")
    return data.count(b"\n", 0, index) + 1 if index >= 0 else 1


def _line_of(data: bytes, name: str) -> int:
    for number, text in enumerate(data.decode(errors="replace").splitlines(), start=1):
        if text.startswith(f"{name} ") or text.startswith(f"{name}="):
            return number
    return 1


class _ProcessExit(BaseException):
    """Raised in place of ``os._exit`` while a problem file runs."""

    def __init__(self, code: object) -> None:
        super().__init__(code)
        self.code = code


@contextlib.contextmanager
def _no_process_exit():
    """While a problem file runs, ``os._exit`` raises :class:`_ProcessExit`: it would end the
    process at once, with the file's exit code (0 looked like success) and no message, files
    or cleanup. (``posix._exit``, ``os.kill`` or ctypes remain out of reach: a problem file is
    trusted code; this only turns a plausible mistake into an error.)"""
    real = os._exit

    def refuse(code):
        raise _ProcessExit(code)

    os._exit = refuse
    try:
        yield
    finally:
        os._exit = real
