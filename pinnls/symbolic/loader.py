"""Load a problem file: run it and take its module-level ``problem`` (and ``settings``), with
the values of its parameters given by the caller if any."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import math
import numbers
import os
import runpy
import traceback
from collections.abc import Mapping
from pathlib import Path

from pinnls.errors import ProblemError, ProblemFileError, SettingsError
from pinnls.symbolic.problem import Problem, given_parameters

__all__ = ["load_problem", "LoadedProblem", "problem_path", "example_names", "EXAMPLE_PREFIX"]

#: The prefix that names a bundled problem file: ``example:advection_gauss``.
EXAMPLE_PREFIX = "example:"


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
    applied_parameters : dict of str to float
        The parameter values given to :func:`load_problem` that the problem took, by name
        (``problem.parameters`` holds them with the declared values of the others); empty
        when none were given.
    """

    problem: Problem
    settings: dict
    path: Path
    sha256: str
    applied_parameters: dict[str, float] = dataclasses.field(default_factory=dict)


def load_problem(
    path: str | os.PathLike,
    parameters: Mapping[str, float] | None = None,
    *,
    skip_undeclared: bool = False,
) -> LoadedProblem:
    """Run a problem file and return its ``problem`` and ``settings``.

    Parameters
    ----------
    path : str or path-like
        A problem file, or ``"example:NAME"`` for a bundled one (:func:`problem_path`).
    parameters : mapping of str to float, optional
        Values for parameters that the file declares in ``Problem(..., parameters={...})``;
        they replace the declared values. A term substitutes the parameters when it is
        declared, so the values must reach the ``Problem(...)`` call itself: while the file
        runs, a context variable holds them and ``Problem.__init__`` reads it (no class is
        changed; see :func:`pinnls.symbolic.problem.given_parameters`). Every ``Problem`` the
        file builds takes them for the names it declares; the returned ``problem`` must
        declare every name given.
    skip_undeclared : bool
        Leave out the names the problem does not declare instead of refusing them: the command
        line's ``--set NAME=VALUE``, where a name may be a setting instead. ``applied_parameters``
        tells which were taken.

    Raises
    ------
    SettingsError
        A parameter value that is not a finite number, or (without ``skip_undeclared``) a name
        that the problem does not declare; the message names the file and, for a name, lists
        the declared parameters.
    ProblemFileError
        No bundled example of that name (the message lists them); the file is missing, has a
        syntax error, fails while running, or defines no
        ``problem`` (or one that is not a :class:`Problem`); the message gives file:line.
    ProblemError
        A declaration in the file is wrong; the message is prefixed with file:line.
    """
    path = problem_path(path)
    values = _parameter_values(path, parameters)
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
        with given_parameters(values), _no_process_exit():
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
    applied = _applied(path, problem, values, skip_undeclared)
    return LoadedProblem(problem, dict(settings), path, hashlib.sha256(data).hexdigest(), applied)


def examples_folder() -> Path:
    """The folder of the bundled problem files, shipped with the package (``pinnls/problems/``).

    Only its path: the files are run as problem files, never imported.
    """
    return Path(__file__).resolve().parent.parent / "problems"


def example_names() -> list[str]:
    """The names of the bundled problem files, for ``example:NAME``, sorted."""
    return sorted(p.stem for p in examples_folder().glob("*.py") if not p.stem.startswith("_"))


def problem_path(problem: str | os.PathLike) -> Path:
    """A problem file's path: ``"example:NAME"`` is the bundled ``NAME.py`` (from any folder,
    after ``pip install`` too); anything else is the path as given.

    Parameters
    ----------
    problem : str or path-like

    Returns
    -------
    Path

    Raises
    ------
    ProblemFileError
        ``example:NAME`` with no bundled ``NAME``; the message lists the examples.
    """
    if not (isinstance(problem, str) and problem.startswith(EXAMPLE_PREFIX)):
        return Path(problem)
    name = problem[len(EXAMPLE_PREFIX) :].removesuffix(".py")
    names = example_names()
    if name not in names:
        raise ProblemFileError(
            f"no bundled example {name!r}; choose from {', '.join(names)} "
            f"(e.g. {EXAMPLE_PREFIX}advection_gauss)"
        )
    return examples_folder() / f"{name}.py"


def _parameter_values(path: Path, parameters: Mapping[str, float] | None) -> dict[str, float]:
    """The given parameter values as floats, checked before the file runs."""
    if parameters is None:
        return {}
    if not isinstance(parameters, Mapping):
        raise SettingsError(
            f"{path}: parameters must be a mapping of names to numbers, "
            f"got {type(parameters).__name__}"
        )
    values = {}
    for name, value in parameters.items():
        if not isinstance(name, str):
            raise SettingsError(f"{path}: parameter names are text, got {name!r}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise SettingsError(f"{path}: parameter '{name}' must be a number, got {value!r}")
        if not math.isfinite(value):
            raise SettingsError(f"{path}: parameter '{name}' must be finite, got {value!r}")
        values[name] = float(value)
    return values


def _applied(
    path: Path, problem: Problem, values: dict[str, float], skip_undeclared: bool
) -> dict[str, float]:
    """The given values that ``problem`` declares, after checking that it took them."""
    declared = problem.parameters
    unknown = [name for name in values if name not in declared]
    if unknown and not skip_undeclared:
        names = ", ".join(repr(name) for name in unknown)
        which = "is not a parameter" if len(unknown) == 1 else "are not parameters"
        listed = ", ".join(sorted(declared)) or "none declared"
        raise SettingsError(f"{path}: {names} {which} of the problem (parameters: {listed})")
    applied = {name: value for name, value in values.items() if name in declared}
    for name, value in applied.items():
        if declared[name] != value:
            # Built outside this run, e.g. in a module that was imported before.
            raise ProblemFileError(
                f"{path}: the parameter '{name}' is {declared[name]:g}, not the {value:g} given: "
                f"its problem was not built while the file ran; build it in the file"
            )
    return applied


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
