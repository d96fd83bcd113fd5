"""Pieces shared by the subcommands: the parser, settings from flags, output folders, tables,
errors and warnings as one line each."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import logging
import math
import os
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pinnls.errors import PinnlsError
from pinnls.settings import Settings, boolean, spec_of

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process that SIGTERM ended


class UsageError(PinnlsError):
    """A command-line mistake (reported like every other user error)."""


class CommandParser(argparse.ArgumentParser):
    """argparse prints usage on errors; keep the one-line convention of the other errors."""

    def error(self, message: str):  # type: ignore[override]
        print(f"pinnls: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class StderrHandler(logging.Handler):
    """Library warnings as ``pinnls: warning: ...`` lines on the current ``sys.stderr``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = " ".join(record.getMessage().split())
            print(f"pinnls: {record.levelname.lower()}: {message}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


@contextlib.contextmanager
def warnings_to_stderr():
    """Show the library's logged warnings and ``warnings.warn`` calls as one line each."""
    import warnings

    logger = logging.getLogger("pinnls")
    handler = StderrHandler(level=logging.WARNING)
    old_level = logger.level
    logger.addHandler(handler)
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)

    def show(message, category, filename, lineno, file=None, line=None):
        text = " ".join(str(message).split())
        print(f"pinnls: warning: {text} ({category.__name__})", file=sys.stderr)

    try:
        with warnings.catch_warnings():
            warnings.showwarning = show
            yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def setting_fields() -> list[dataclasses.Field]:
    """The fields of :class:`~pinnls.settings.Settings` that have a command-line flag."""
    return [f for f in dataclasses.fields(Settings) if spec_of(f).flag is not None]


def add_setting_flags(parser, lists: Sequence[str] = ()) -> None:
    """Add one flag per setting, built from the schema of :class:`~pinnls.settings.Settings`,
    and ``--set``.

    Every flag defaults to None, so that :func:`flag_values` can tell the flags given from the
    others (whose values then come from the problem file or the defaults).

    Parameters
    ----------
    parser : argparse.ArgumentParser
    lists : sequence of str
        Fields whose flag takes comma-separated text instead (parsed by the subcommand).
    """
    group = parser.add_argument_group(
        "settings",
        "Flags override the problem file's settings, which override the defaults shown.",
    )
    defaults = Settings()
    for field in setting_fields():
        spec = spec_of(field)
        default = _shown(getattr(defaults, field.name))
        text = spec.help.replace("%", "%%")
        if field.name in lists:
            group.add_argument(
                spec.flag,
                dest=field.name,
                default=None,
                metavar="N,N,...",
                help=f"{text} Comma-separated values, one run per value (default: {default})",
            )
        elif spec.parse is boolean:
            group.add_argument(
                spec.flag,
                dest=field.name,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{text} (default: {default})",
            )
        else:
            choices = None if spec.choices is None else spec.choices.names()
            group.add_argument(
                spec.flag,
                dest=field.name,
                type=spec.parse,
                default=None,
                choices=choices,
                metavar=None if choices else field.name.upper(),
                help=f"{text} (default: {default})",
            )
    group.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any setting (init_scale=3, rcond=1e-12) or a term's weight or points "
        "(pde.weight=W**-0.5, initial.points=grid:1/128, pde.points=sobol:4096)",
    )


def _shown(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def add_threads(parser) -> None:
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="CPU threads for torch (default: torch's choice); 1 is often fastest for small "
        "networks and avoids contention on a busy machine",
    )


def add_no_verify(parser) -> None:
    """``--no-verify`` of the commands that read results (``info``, ``eval``)."""
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="read solution.h5 even when its sha256 is not the one in its folder's report.json "
        "manifest (a damaged or changed file is refused by default)",
    )


def add_debug(parser) -> None:
    """``--debug`` after the subcommand; ``pinnls --debug COMMAND`` sets the same ``debug``.

    The subcommand's flag has no default (SUPPRESS), so that it does not overwrite the value
    that the top-level flag set.
    """
    parser.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show tracebacks of errors (also before the subcommand)",
    )


def set_threads(threads: int | None) -> None:
    """Apply ``--threads``."""
    if threads is None:
        return
    if threads < 1:
        raise UsageError(f"--threads {threads}: give a number >= 1")
    import torch

    torch.set_num_threads(threads)


def problem_path(text: str) -> str:
    """A problem file's path: ``example:NAME`` is the bundled ``NAME.py``
    (:func:`pinnls.symbolic.loader.problem_path`, which ``load_problem`` and ``pinnls.solve``
    use too); anything else is the path as given."""
    from pinnls.symbolic.loader import EXAMPLE_PREFIX
    from pinnls.symbolic.loader import problem_path as resolve

    if text.startswith(EXAMPLE_PREFIX):
        return str(resolve(text))
    try:
        os.stat(text)
    except FileNotFoundError:
        pass  # the loader says so, as for the library
    except OSError as error:  # a name longer than the file system allows, a symlink loop
        raise UsageError(f"{text}: {error.strerror or error}") from None
    return text


def load(problem: str, assignments: Sequence[str] = ()):
    """Load a problem file, with the ``--set NAME=VALUE`` of its declared parameters applied
    (:func:`~pinnls.symbolic.loader.load_problem` gives them to the file's ``Problem``, before
    its terms substitute them).

    Any ``NAME=VALUE`` without a term key may name a parameter: the numbers are offered to the
    loader, which applies those the problem declares (a parameter shadows a setting of the same
    name); a declared parameter whose value is not a finite number fails as a UsageError.

    Returns
    -------
    (LoadedProblem, list of str)
        The problem, and the assignments that remain for the settings.
    """
    from pinnls.symbolic.loader import load_problem

    candidates = parameter_candidates(assignments)
    numbers = {}
    for name, text in candidates.items():
        with contextlib.suppress(UsageError):
            numbers[name] = _parameter_value(name, text)
    loaded = load_problem(problem, parameters=numbers, skip_undeclared=True)
    declared = loaded.problem.parameters
    for name, text in candidates.items():
        if name in declared:
            _parameter_value(name, text)  # a text, inf or nan: the file ran with its own value
    # a parameter's assignment is taken above; "--set c" without "=" was dropped here with it
    # and the file ran with its own c: left for check_setting_names' NAME=VALUE message
    rest = [a for a in assignments if "=" not in a or a.partition("=")[0] not in declared]
    check_setting_names(rest, declared)
    return loaded, rest


def parameter_candidates(assignments: Sequence[str]) -> dict[str, str]:
    """The ``NAME=VALUE`` assignments (no term key) by name: any may be a parameter."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if sep and name and "." not in name:
            values[name] = value
    return values


def _parameter_value(name: str, value: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"--set {name}={value}: the parameter {name!r} takes a number") from None
    if not math.isfinite(number):
        raise UsageError(f"--set {name}={value}: the parameter {name!r} must be finite")
    return number


def check_setting_names(assignments: Sequence[str], parameters: dict) -> None:
    """An unknown ``--set NAME`` (neither a setting nor a parameter) fails in one line that
    lists both."""
    known = {field.name for field in dataclasses.fields(Settings)}
    for name in parameter_candidates(assignments):
        if name.replace("-", "_") not in known:
            declared = ", ".join(sorted(parameters)) or "none declared"
            raise UsageError(
                f"unknown setting or parameter '{name}'; known settings: "
                f"{', '.join(sorted(known))}; parameters of the problem: {declared}"
            )


def flag_values(args) -> dict[str, Any]:
    """The setting flags the user gave (None for the others), by field name."""
    return {field.name: getattr(args, field.name, None) for field in setting_fields()}


def settings_from(file_settings: dict, flags: dict, assignments: Sequence[str]) -> Settings:
    """Flags over the file's settings over the defaults.

    Parameters
    ----------
    file_settings : dict
        The problem file's ``settings``.
    flags : dict
        Field name to value, None where the flag was not given (see :func:`flag_values`).
    assignments : sequence of str
        ``--set`` texts, ``NAME=VALUE`` or ``TERM.KEY=VALUE``; applied after the flags.
    """
    from pinnls.api import check_terms

    merged = dict(file_settings)
    terms = merged.get("terms", {})
    # a file's settings = {"terms": {"pde": 5}}: one line naming the term, not a traceback
    check_terms(terms)
    if not isinstance(terms, Mapping):
        # a file's settings = {"terms": 5}: the one line that --set terms=5 gets
        Settings.from_mapping({"terms": terms})
    merged["terms"] = {k: dict(v) for k, v in dict(terms).items()}
    for field, value in flags.items():
        if value is not None:
            merged[field] = value
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name:
            raise UsageError(f"--set {assignment!r}: write NAME=VALUE, e.g. pde.weight=10")
        if "." in name:
            term, _, key = name.partition(".")
            merged["terms"].setdefault(term, {})[key] = value
        else:
            merged[name.replace("-", "_")] = parse_value(value)
    return Settings.from_mapping(merged)


def parse_value(text: str) -> Any:
    lowered = text.strip().lower()
    if lowered in ("none", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def check_writable(out: Path) -> list[Path]:
    """Fail before training if results could not be written.

    Creates ``out`` (with parents) and returns the directories it created, innermost first, so
    that a later failure before training can remove them again.
    """
    from pinnls.cli.signals import writing_begins

    writing_begins()  # from here on SIGTERM may leave something written
    created, made = [], False
    try:
        # stat itself fails for a name longer than the file system allows (ENAMETOOLONG)
        if out.exists() and not out.is_dir():
            raise UsageError(f"--out {out} exists and is not a directory")
        for folder in (out, *out.parents):
            if folder.exists() or folder.is_symlink():
                break
            created.append(folder)
        out.mkdir(parents=True, exist_ok=True)
        made = True
        with tempfile.NamedTemporaryFile(dir=out, prefix=".pinnls-probe-"):
            pass
        if not os.access(out, os.W_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as error:
        # a folder that could not be made is not "not writable": say which it was
        what = "is not writable" if made else "cannot be created"
        remove_empty(created)
        raise UsageError(f"--out {out} {what}: {error.strerror or error}") from None
    return created


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove directories this run created (innermost first), if they are still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def safe_name(name: str) -> str:
    """A problem's name as a folder name: letters, digits, ``-_.``, and no leading dot, so that
    names such as ``..`` or ``.`` never point outside ``results/``."""
    text = "".join(c if c.isalnum() or c in "-_." else "_" for c in name)
    return text.lstrip(".") or "problem"


def table(rows) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
