"""``pinnls solve PROBLEM.py``: train, write results, checkpoint, resume."""

from __future__ import annotations

import argparse
import json
import logging
import math
import shlex
import sys
from pathlib import Path
from typing import Any

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
from pinnls.errors import PinnlsError

#: Settings a resumed run may change: they only decide when training stops.
RESUMABLE_CHANGES = {"iterations", "tol", "time_limit", "eval_every", "device"}


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
    from pinnls.training.solver import TrainingInterrupted, resolve_device, solve

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
        resume = (
            _load_checkpoint(checkpoint_path, settings, compiled, loaded.sha256)
            if args.resume
            else None
        )
    except BaseException:
        remove_empty(created)  # fail before training leaves no trace
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

    from pinnls import io
    from pinnls.io.atomic import atomic_path

    try:
        written = io.write_results(solution, out, formats, metadata)
        with atomic_path(checkpoint_path) as tmp:
            state = solution.checkpoint()
            state["problem_sha256"] = metadata.get("problem_sha256")
            torch.save(state, tmp)
    except OSError as error:
        where = error.filename or out
        raise UsageError(f"cannot write results to {where}: {error.strerror or error}") from error
    written["checkpoint"] = checkpoint_path
    return written


def _load_checkpoint(path: Path, settings, compiled, sha256: str) -> dict[str, Any]:
    """Read and vet ``path`` for ``--resume``; the file itself is never modified here."""
    import torch

    if not path.is_file():
        raise UsageError(f"--resume: no checkpoint at {path} (run once without --resume)")
    try:
        state = torch.load(path, weights_only=True, map_location="cpu")
    except Exception as error:  # noqa: BLE001 - any unreadable file is a corrupt checkpoint
        # torch's own message is long and suggests weights_only=False; the class is enough.
        raise UsageError(
            f"--resume: {path} is corrupt or not a pinnls checkpoint "
            f"(torch.load failed: {type(error).__name__}); it was left as it is"
        ) from None
    required = ("settings", "basis", "coefficients", "optimizer", "iteration", "history")
    if not isinstance(state, dict) or any(key not in state for key in required):
        raise UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint")
    if state.get("problem") != compiled.name:
        raise UsageError(
            f"--resume: {path} belongs to problem '{state.get('problem')}', not '{compiled.name}'"
        )
    saved, now = state["settings"], settings.to_dict()
    if not isinstance(saved, dict):
        raise UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint")
    for key in sorted(now):
        if key not in RESUMABLE_CHANGES and saved.get(key) != now[key]:
            raise UsageError(
                f"--resume: {path} was made with {key}={saved.get(key)!r}, but this run has "
                f"{key}={now[key]!r}; only {', '.join(sorted(RESUMABLE_CHANGES))} may change"
            )
    terms = [term.name for term in compiled.terms]
    try:
        saved_terms = list(state["history"]["terms"])
        iteration = int(state["iteration"])
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"--resume: {path} is corrupt or not a pinnls checkpoint") from None
    if saved_terms != terms:
        raise UsageError(
            f"--resume: {path} was made for the terms {', '.join(saved_terms)}, but the problem "
            f"now has {', '.join(terms)}"
        )
    if iteration > settings.iterations:
        raise UsageError(
            f"--resume: {path} is at iteration {iteration}, past iterations={settings.iterations}; "
            f"give --iterations {iteration} or more"
        )
    if state.get("problem_sha256") not in (None, sha256):
        logging.getLogger("pinnls.cli").warning(
            f"the problem file has changed since {path} was written; resuming on the new file"
        )
    return state


def _formats(text: str) -> tuple[str, ...]:
    from pinnls.io import FORMATS

    chosen = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    for name in chosen:
        if name not in FORMATS:
            raise UsageError(f"--format {name!r}; choose among {', '.join(FORMATS)}")
    return chosen


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
