"""``pinnls solve PROBLEM.py``: train, write results, checkpoint, resume."""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
from pathlib import Path

from pinnls import __version__
from pinnls.cli.common import (
    EXIT_INTERRUPTED,
    UsageError,
    add_debug,
    add_setting_flags,
    add_threads,
    check_writable,
    flag_values,
    remove_empty,
    safe_name,
    set_threads,
    settings_from,
)
from pinnls.errors import CheckpointError, PinnlsError


def add_parser(commands) -> None:
    parser = commands.add_parser("solve", help="train on a problem file and write results")
    parser.add_argument("problem", help="path of the problem file (a Python file)")
    parser.add_argument("--out", type=Path, help="output directory (default results/<problem>/)")
    add_setting_flags(parser)
    parser.add_argument(
        "--format",
        default="h5,vtk,xdmf,png",
        help="outputs among h5, vtk, xdmf, png (default all); report.json is always written",
    )
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    add_threads(parser)
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem
    from pinnls.training import TrainingInterrupted, checkpoint, resolve_device, solve

    formats = _formats(args.format)
    set_threads(args.threads)
    loaded = load_problem(args.problem)
    settings = settings_from(loaded.settings, flag_values(args), args.set)
    resolve_device(settings.device)
    compiled = compile_problem(loaded.problem, settings)
    out = args.out if args.out is not None else Path("results") / safe_name(loaded.problem.name)
    checkpoint_path = out / "checkpoint.pt"
    created = check_writable(out)
    try:
        if args.resume and settings.optimizer == "auto":
            raise UsageError(
                "--resume: the automatic strategy (optimizer auto, the default) does not resume; "
                "give the settings it chose (report.json 'settings', with --optimizer lsgd) "
                "and --resume"
            )
        resume = (
            checkpoint.read(checkpoint_path, compiled, settings.fixed(), loaded.sha256)
            if args.resume
            else None
        )
    except BaseException as error:
        remove_empty(created)  # fail before training leaves no trace
        if isinstance(error, CheckpointError):
            raise UsageError(f"--resume: {error}") from None
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
    total = settings.iterations if settings.optimizer != "auto" else None
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty(), total=total)
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
        remove_empty(created)
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
        remove_empty(created)
        raise
    progress.close()
    written = _save(solution, out, formats, metadata, checkpoint_path)
    if not args.quiet:
        report = json.loads(written["report"].read_text())
        print(_summary(report))
        width = max(len(kind) for kind in written)
        for kind, path in written.items():
            print(f"  {kind:<{width}}  {path}")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(report: dict) -> str:
    """The final line: what ran, the error estimate from fresh points, the true error if known."""
    strategy = report.get("strategy")
    if strategy:
        chosen = strategy["chosen"]
        scale = f", scale {chosen['scale']:g}" if chosen.get("scale") is not None else ""
        what = (
            f"done: auto chose {chosen['activation']} width {chosen['width']}{scale} "
            f"({_count(len(strategy['stages']), 'stage')} in {report['wall_seconds']:.2f} s, "
            f"{report['stop_reason']})"
        )
    else:
        what = (
            f"done: {report['iterations']} iterations in {report['wall_seconds']:.2f} s "
            f"({report['stop_reason']})"
        )
    text = f"{what}; loss {report['loss']:.3e}; rank {report['rank']}; rows {report['rows']}"
    validation = report.get("validation")
    if validation and validation.get("total") is not None:
        text += f"; validation {validation['total']:.3e}"
    error = report.get("rel_l2_error")
    if error is not None:
        text += f"; rel L2 error {error:.3e}"
    return text


def _save(solution, out: Path, formats, metadata, checkpoint_path: Path) -> dict[str, Path]:
    """Write the checkpoint, then the results, so that a failure while writing results never
    loses the training."""
    from pinnls import io
    from pinnls.training import checkpoint

    try:
        checkpoint.save(solution, checkpoint_path, metadata.get("problem_sha256"))
        written = io.write_results(solution, out, formats, metadata)
    except OSError as error:
        where = error.filename or out
        raise UsageError(f"cannot write results to {where}: {error.strerror or error}") from error
    written["checkpoint"] = checkpoint_path
    return written


def _formats(text: str) -> tuple[str, ...]:
    from pinnls.io import parse_formats

    try:
        return parse_formats(text)
    except ValueError as error:
        raise UsageError(f"--format: {error}") from None


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
        if "estimate" in event:  # a stage of the automatic strategy
            self.bar.n = event["index"]
            self.bar.unit = "stage"
            self.bar.set_description_str(f"auto {event['stage']}", refresh=False)
            postfix = {
                "width": event["width"],
                "act": event["activation"],
                "est": f"{event['estimate']:.2e}",
                "best": f"{event['best']:.2e}",
            }
            self.bar.set_postfix(postfix, refresh=False)
            self.bar.refresh()
            return
        if "iterations" in event and event["iterations"] is not None:
            self.bar.total = event["iterations"]
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
