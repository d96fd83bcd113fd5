"""Pieces shared by the subcommands: settings from flags, output folders, tables, errors."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pinnls.errors import PinnlsError
from pinnls.settings import CHOICES

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: Command-line flags that set a Settings field: (flag, field, type).
SETTING_FLAGS = (
    ("--width", "width", int),
    ("--depth", "depth", int),
    ("--arch", "arch", str),
    ("--activation", "activation", str),
    ("--init", "init", str),
    ("--init-scale", "init_scale", float),
    ("--optimizer", "optimizer", str),
    ("--hidden-step", "hidden_step", str),
    ("--lr", "lr", float),
    ("--iterations", "iterations", int),
    ("--tol", "tol", float),
    ("--time-limit", "time_limit", float),
    ("--least-squares", "least_squares", str),
    ("--device", "device", str),
    ("--dtype", "dtype", str),
    ("--seed", "seed", int),
    ("--eval-points", "eval_points", int),
    ("--eval-every", "eval_every", int),
)


class UsageError(PinnlsError):
    """A command-line mistake (reported like every other user error)."""


def add_setting_flags(parser, lists: Sequence[str] = ()) -> None:
    """One ``--flag`` per entry of :data:`SETTING_FLAGS`, choices listed where they exist, and
    ``--set``. Fields in ``lists`` take comma-separated text (parsed by the subcommand)."""
    for flag, field, kind in SETTING_FLAGS:
        if field in lists:
            parser.add_argument(
                flag, dest=field, default=None, metavar="N,N,...", help="comma-separated values"
            )
            continue
        choices = CHOICES.get(field)
        parser.add_argument(
            flag,
            dest=field,
            type=kind,
            default=None,
            choices=choices,
            metavar=None if choices else field.upper(),
            help=_help(field, choices),
        )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any setting (init_scale=3, rcond=1e-12) or a term's weight or points "
        "(pde.weight=W**-0.5, initial.points=grid:1/128, pde.points=sobol:4096)",
    )


def add_threads(parser) -> None:
    parser.add_argument(
        "--threads",
        type=int,
        default=None,
        help="CPU threads for torch (default: torch's choice); 1 is often fastest for small "
        "networks and avoids contention on a busy machine",
    )


def add_debug(parser) -> None:
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")


def set_threads(threads: int | None) -> None:
    """Apply ``--threads``."""
    if threads is None:
        return
    if threads < 1:
        raise UsageError(f"--threads {threads}: give a number >= 1")
    import torch

    torch.set_num_threads(threads)


def flag_values(args) -> dict[str, Any]:
    """The setting flags the user gave (None for the others)."""
    return {field: getattr(args, field, None) for _, field, _ in SETTING_FLAGS}


def _help(field: str, choices) -> str:
    from pinnls.settings import Settings

    default = getattr(Settings(), field)
    text = (
        f"default {default}"
        if choices is None
        else f"one of {', '.join(choices)}; default {default}"
    )
    return text + " (or the problem file's settings)"


def settings_from(file_settings: dict, flags: dict, assignments: Sequence[str]):
    """Flags over the file's settings over the defaults."""
    from pinnls.settings import Settings

    merged = dict(file_settings)
    merged["terms"] = {k: dict(v) for k, v in dict(merged.get("terms", {})).items()}
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
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a directory")
    created = []
    for folder in (out, *out.parents):
        if folder.exists() or folder.is_symlink():
            break
        created.append(folder)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".pinnls-probe-"):
            pass
        if not os.access(out, os.W_OK):
            raise PermissionError(13, "Permission denied")
    except OSError as error:
        remove_empty(created)
        raise UsageError(f"--out {out} is not writable: {error.strerror or error}") from None
    return created


def remove_empty(folders: Sequence[Path]) -> None:
    """Remove directories this run created (innermost first), if they are still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


def safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "problem"


def table(rows) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
