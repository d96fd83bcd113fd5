"""The ``pinnls`` command line: the only module that prints and chooses exit codes.

Exit codes: 0 success, 2 a user error (bad problem file, option, output path, divergence, bad
checkpoint) reported in one line on stderr, 130 interrupted by Ctrl-C (partial results written).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import math
import os
import shlex
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import PinnlsError
from .settings import CHOICES

__all__ = ["main"]

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: Command-line flags that set a Settings field: (flag, field, type).
_SETTING_FLAGS = (
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

#: Settings a resumed run may change: they only decide when training stops.
_RESUMABLE_CHANGES = {"iterations", "tol", "time_limit", "eval_every", "device"}


class _UsageError(PinnlsError):
    """A command-line mistake (reported like every other user error)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` when omitted.
    """
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
        args.argv = argv
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        with _warnings_to_stderr():
            return args.run(args)
    except PinnlsError as error:
        if args.debug:
            raise
        message = " ".join(str(error).split())  # one line, whatever the library wrote
        print(f"pinnls: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Ctrl-C outside training (loading, compiling, writing): nothing to save.
        if args.debug:
            raise
        print("pinnls: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


class _Parser(argparse.ArgumentParser):
    """argparse prints usage on errors; keep the one-line convention of the other errors."""

    def error(self, message: str):  # type: ignore[override]
        print(f"pinnls: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pinnls",
        description="Solve linear PDEs with physics-informed networks trained by LSGD.",
    )
    parser.add_argument("--version", action="version", version=f"pinnls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser(
        "check", help="load, validate and compile a problem file without training"
    )
    check.add_argument("problem", help="path of the problem file (a Python file)")
    _common(check)
    check.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting or a term's weight/points (see solve)",
    )
    check.set_defaults(run=_check)

    solve = commands.add_parser("solve", help="train on a problem file and write results")
    solve.add_argument("problem", help="path of the problem file (a Python file)")
    solve.add_argument("--out", type=Path, help="output directory (default results/<problem>/)")
    for flag, field, kind in _SETTING_FLAGS:
        choices = CHOICES.get(field)
        solve.add_argument(
            flag,
            dest=field,
            type=kind,
            default=None,
            choices=choices,
            metavar=None if choices else field.upper(),
            help=_help(field, choices),
        )
    solve.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any setting (init_scale=3, rcond=1e-12) or a term's weight or points "
        "(pde.weight=W**-0.5, initial.points=grid:1/128, pde.points=sobol:4096)",
    )
    solve.add_argument(
        "--format",
        default="h5,vtk,xdmf,png",
        help="outputs among h5, vtk, xdmf, png (default all); report.json is always written",
    )
    solve.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    solve.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    solve.add_argument(
        "--threads",
        type=int,
        default=None,
        help="CPU threads for torch (default: torch's choice); 1 is often fastest for small "
        "networks and avoids contention on a busy machine",
    )
    _common(solve)
    solve.set_defaults(run=_solve)

    info = commands.add_parser("info", help="summarize a solution.h5 result file")
    info.add_argument("result", type=Path, help="path of solution.h5")
    _common(info)
    info.set_defaults(run=_info)
    return parser


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--debug", action="store_true", help="show tracebacks of errors")


def _help(field: str, choices) -> str:
    from .settings import Settings

    default = getattr(Settings(), field)
    text = (
        f"default {default}"
        if choices is None
        else f"one of {', '.join(choices)}; default {default}"
    )
    return text + " (or the problem file's settings)"


# ----------------------------------------------------------------------------------- check


def _check(args: argparse.Namespace) -> int:
    from .compiler import compile_problem
    from .loader import load_problem

    loaded = load_problem(args.problem)
    settings = _settings(loaded.settings, {}, args.set)
    compiled = compile_problem(loaded.problem, settings)
    problem = loaded.problem
    print(f"problem   {problem.name}  ({args.problem})")
    print(f"unknown   {problem.unknown.expression} on {problem.domain.describe()}")
    if problem.parameters:
        print("params    " + ", ".join(f"{k}={v:g}" for k, v in problem.parameters.items()))
    rows = [("term", "kind", "where", "points", "weight", "operator")]
    for term in compiled.terms:
        rows.append(
            (
                term.name,
                term.kind,
                term.location,
                str(term.size),
                f"{term.weight:.4g}",
                term.operator,
            )
        )
    _table(rows)
    if compiled.exact_text is None:
        print("exact     none given (errors will not be reported)")
    else:
        methods = ", ".join(f"{k}: {v}" for k, v in problem.exact_check.items())
        print(f"exact     {compiled.exact_text}")
        print(f"          satisfies every term ({methods})")
    print("ok")
    return 0


# ----------------------------------------------------------------------------------- solve


def _solve(args: argparse.Namespace) -> int:
    from .compiler import compile_problem
    from .loader import load_problem
    from .solver import TrainingInterrupted, resolve_device, solve

    formats = _formats(args.format)
    if args.threads is not None:
        if args.threads < 1:
            raise _UsageError(f"--threads {args.threads}: give a number >= 1")
        import torch

        torch.set_num_threads(args.threads)
    loaded = load_problem(args.problem)
    flags = {field: getattr(args, field) for _, field, _ in _SETTING_FLAGS}
    settings = _settings(loaded.settings, flags, args.set)
    resolve_device(settings.device)
    compiled = compile_problem(loaded.problem, settings)
    out = args.out if args.out is not None else Path("results") / _safe(loaded.problem.name)
    checkpoint_path = out / "checkpoint.pt"
    created = _check_writable(out)
    try:
        resume = (
            _load_checkpoint(checkpoint_path, settings, compiled, loaded.sha256)
            if args.resume
            else None
        )
    except BaseException:
        _remove_empty(created)  # fail before training leaves no trace
        raise
    metadata = {
        "problem_file": str(args.problem),
        "problem_sha256": loaded.sha256,
        "pinnls_version": __version__,
        "command": "pinnls " + shlex.join(args.argv),
    }
    if not args.quiet:
        print(f"pinnls {__version__}: solving {compiled.name} from {args.problem}")
        print("settings " + json.dumps(settings.to_dict(), sort_keys=True))
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty(), total=settings.iterations)
    try:
        solution = solve(compiled, settings, callback=progress.update, resume=resume)
    except TrainingInterrupted as interrupt:
        progress.close()
        _save(interrupt.solution, out, formats, metadata, checkpoint_path)
        print(
            f"pinnls: interrupted at iteration {interrupt.solution.iterations}; partial "
            f"results (complete=false) and a checkpoint are in {out}/ (resume with --resume)",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        # Ctrl-C while the trainer was being set up: no iteration to save.
        progress.close()
        _remove_empty(created)
        if args.debug:
            raise
        print(
            "pinnls: interrupted before the first iteration; nothing was written", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    except PinnlsError as error:
        progress.close()
        partial = getattr(error, "solution", None)
        if partial is not None:
            _save(partial, out, formats, metadata, checkpoint_path)
            raise type(error)(f"{error}; partial results (complete=false) are in {out}/") from error
        _remove_empty(created)
        raise
    progress.close()
    written = _save(solution, out, formats, metadata, checkpoint_path)
    if not args.quiet:
        report = json.loads(written["report"].read_text())
        error = report.get("rel_l2_error")
        print(
            f"done: {report['iterations']} iterations in {report['wall_seconds']:.2f} s "
            f"({solution.stop_reason}); loss {report['loss']:.3e}; rank {report['rank']}"
            + (f"; rel L2 error {error:.3e}" if error is not None else "")
        )
        width = max(len(kind) for kind in written)
        for kind, path in written.items():
            print(f"  {kind:<{width}}  {path}")
    return 0


def _save(solution, out: Path, formats, metadata, checkpoint_path: Path) -> dict[str, Path]:
    import torch

    from . import io
    from .io.atomic import atomic_path

    try:
        written = io.write_results(solution, out, formats, metadata)
        with atomic_path(checkpoint_path) as tmp:
            state = solution.checkpoint()
            state["problem_sha256"] = metadata.get("problem_sha256")
            torch.save(state, tmp)
    except OSError as error:
        where = error.filename or out
        raise _UsageError(f"cannot write results to {where}: {error.strerror or error}") from error
    written["checkpoint"] = checkpoint_path
    return written


def _load_checkpoint(path: Path, settings, compiled, sha256: str) -> dict[str, Any]:
    """Read and vet ``path`` for ``--resume``; the file itself is never modified here."""
    import torch

    if not path.is_file():
        raise _UsageError(f"--resume: no checkpoint at {path} (run once without --resume)")
    try:
        state = torch.load(path, weights_only=True, map_location="cpu")
    except Exception as error:  # noqa: BLE001 - any unreadable file is a corrupt checkpoint
        # torch's own message is long and suggests weights_only=False; the class is enough.
        raise _UsageError(
            f"--resume: {path} is corrupt or not a pinnls checkpoint "
            f"(torch.load failed: {type(error).__name__}); it was left as it is"
        ) from None
    required = ("settings", "basis", "coefficients", "optimizer", "iteration", "history")
    if not isinstance(state, dict) or any(key not in state for key in required):
        raise _UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint")
    if state.get("problem") != compiled.name:
        raise _UsageError(
            f"--resume: {path} belongs to problem '{state.get('problem')}', not '{compiled.name}'"
        )
    saved, now = state["settings"], settings.to_dict()
    if not isinstance(saved, dict):
        raise _UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint")
    for key in sorted(now):
        if key not in _RESUMABLE_CHANGES and saved.get(key) != now[key]:
            raise _UsageError(
                f"--resume: {path} was made with {key}={saved.get(key)!r}, but this run has "
                f"{key}={now[key]!r}; only {', '.join(sorted(_RESUMABLE_CHANGES))} may change"
            )
    terms = [term.name for term in compiled.terms]
    try:
        saved_terms = list(state["history"]["terms"])
        iteration = int(state["iteration"])
    except (KeyError, TypeError, ValueError):
        raise _UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint") from None
    if saved_terms != terms:
        raise _UsageError(
            f"--resume: {path} was made for the terms {', '.join(saved_terms)}, but the problem "
            f"now has {', '.join(terms)}"
        )
    if iteration > settings.iterations:
        raise _UsageError(
            f"--resume: {path} is at iteration {iteration}, past iterations={settings.iterations}; "
            f"give --iterations {iteration} or more"
        )
    if state.get("problem_sha256") not in (None, sha256):
        logging.getLogger("pinnls.cli").warning(
            f"the problem file has changed since {path} was written; resuming on the new file"
        )
    return state


# ------------------------------------------------------------------------------------ info


def _info(args: argparse.Namespace) -> int:
    from .io import read_info

    info = read_info(args.result)
    rows = [("key", "value")]
    for key, value in info.items():
        if isinstance(value, dict):
            value = json.dumps(value, sort_keys=True)
        elif isinstance(value, float):
            value = f"{value:.6g}"
        rows.append((key, str(value)))
    _table(rows)
    return 0


# --------------------------------------------------------------------------------- helpers


def _settings(file_settings: dict, flags: dict, assignments: Sequence[str]):
    """Flags over the file's settings over the defaults."""
    from .settings import Settings

    merged = dict(file_settings)
    merged["terms"] = {k: dict(v) for k, v in dict(merged.get("terms", {})).items()}
    for field, value in flags.items():
        if value is not None:
            merged[field] = value
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or not name:
            raise _UsageError(f"--set {assignment!r}: write NAME=VALUE, e.g. pde.weight=10")
        if "." in name:
            term, _, key = name.partition(".")
            merged["terms"].setdefault(term, {})[key] = value
        else:
            merged[name.replace("-", "_")] = _value(value)
    return Settings.from_mapping(merged)


def _value(text: str) -> Any:
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


def _formats(text: str) -> tuple[str, ...]:
    from .io import FORMATS

    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    for name in chosen:
        if name not in FORMATS:
            raise _UsageError(f"--format {name!r}; choose among {', '.join(FORMATS)}")
    return chosen


def _check_writable(out: Path) -> list[Path]:
    """Fail before training if results could not be written.

    Creates ``out`` (with parents) and returns the directories it created, innermost first, so
    that a later failure before training can remove them again.
    """
    if out.exists() and not out.is_dir():
        raise _UsageError(f"--out {out} exists and is not a directory")
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
        _remove_empty(created)
        raise _UsageError(f"--out {out} is not writable: {error.strerror or error}") from None
    return created


def _remove_empty(folders: Sequence[Path]) -> None:
    """Remove directories this run created (innermost first), if they are still empty."""
    for folder in folders:
        with contextlib.suppress(OSError):
            folder.rmdir()


class _StderrHandler(logging.Handler):
    """Library warnings as ``pinnls: warning: ...`` lines on the current ``sys.stderr``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = " ".join(record.getMessage().split())
            print(f"pinnls: {record.levelname.lower()}: {message}", file=sys.stderr)
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)


@contextlib.contextmanager
def _warnings_to_stderr():
    """Show the library's logged warnings and ``warnings.warn`` calls as one line each."""
    import warnings

    logger = logging.getLogger("pinnls")
    handler = _StderrHandler(level=logging.WARNING)
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


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "problem"


def _table(rows) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])


class _Progress:
    """A tqdm bar on stderr, only when it is a terminal (logs stay clean)."""

    def __init__(self, enabled: bool, total: int) -> None:
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=sys.stderr, unit="it", dynamic_ncols=True)

    def update(self, event: dict) -> None:
        if self.bar is None:
            return
        self.bar.n = event["iteration"]
        postfix = {"loss": f"{event['loss']:.2e}", "rank": event["rank"]}
        if not math.isnan(event["error"]):
            postfix["err"] = f"{event['error']:.2e}"
        self.bar.set_postfix(postfix, refresh=False)
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
