"""``pinnls solve PROBLEM.py``: train, write results, checkpoint, resume."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import threading
from pathlib import Path

from pinnls import __version__
from pinnls.cli.common import (
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    UsageError,
    add_debug,
    add_setting_flags,
    add_threads,
    check_writable,
    flag_values,
    load,
    problem_path,
    remove_empty,
    safe_name,
    set_threads,
    settings_from,
)
from pinnls.errors import CheckpointError, PinnlsError
from pinnls.progress import Progress as _Progress


def add_parser(commands) -> None:
    parser = commands.add_parser("solve", help="train on a problem file and write results")
    parser.add_argument(
        "problem",
        help="path of the problem file (a Python file), or example:NAME for a bundled one "
        "(example:advection_gauss)",
    )
    parser.add_argument("--out", help="output directory (default results/<problem>/)")
    add_setting_flags(parser)
    parser.add_argument(
        "--format",
        default="h5,vtk,xdmf,png,pvd,gif",
        help="outputs among h5, vtk, xdmf, png, pvd, gif (default all; pvd and gif only for "
        "problems with a time axis); report.json is always written",
    )
    parser.add_argument(
        "--frames",
        type=_frames,
        default=None,
        metavar="N",
        help="output times of the time series solution.pvd (frames/), both ends included "
        "(default 21); solution.gif shows at most 30 of them",
    )
    parser.add_argument("--resume", action="store_true", help="continue from OUT/checkpoint.pt")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    add_threads(parser)
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.io import RunFolder
    from pinnls.io.report import iso_utc
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.training import resolve_device

    started = iso_utc()
    formats = _formats(args.format)
    set_threads(args.threads)
    args.problem = problem_path(args.problem)
    loaded, assignments = load(args.problem, args.set)
    settings = settings_from(loaded.settings, flag_values(args), assignments)
    resolve_device(settings.device)
    compiled = compile_problem(loaded.problem, settings)
    out = output_folder(args.out, loaded.problem.name)
    from pinnls.training import distributed

    if distributed.follower():
        # torchrun's ranks other than 0 train their share of the rows and write nothing: rank
        # 0 holds the output folder, prints and writes (docs/scaling.md).
        return _follow(args, loaded, settings, compiled, out)
    plan_solve(compiled, settings, formats)  # refuse what cannot fit before allocating it
    check_exact_on_grid(compiled, settings)
    created = check_writable(out)
    folder = RunFolder(out)
    try:
        folder.__enter__()  # the lock: a second run into `out` is refused from here on
    except BaseException:
        remove_empty(created)
        raise
    terminate = _Terminate()
    try:
        with terminate:
            return _train_and_save(
                args, loaded, settings, compiled, folder, formats, terminate, started
            )
    except _Exit as exit_:
        return exit_.code
    finally:
        folder.__exit__(None, None, None)
        remove_empty(created)


def _follow(args, loaded, settings, compiled, out) -> int:
    """A torchrun rank other than 0: resume from rank 0's checkpoint when asked, then train."""
    from pinnls.training import checkpoint, distributed

    resume = None
    if args.resume:
        try:
            resume = checkpoint.read(
                out / "checkpoint.pt", compiled, settings.fixed(), loaded.sha256
            )
        except CheckpointError as error:
            raise UsageError(f"--resume: {error}") from None
    return distributed.follow(compiled, settings, resume)


def _train_and_save(args, loaded, settings, compiled, folder, formats, terminate, started) -> int:
    """Everything of ``pinnls solve`` that happens under the folder's lock."""
    from pinnls import io
    from pinnls.training import TrainingInterrupted, checkpoint, solve

    out = folder.out
    checkpoint_path = out / "checkpoint.pt"
    if args.resume and settings.optimizer == "auto":
        raise UsageError(
            "--resume: the automatic strategy (optimizer auto, the default) does not resume; "
            "give the settings it chose (report.json 'settings', with --optimizer lsgd) "
            "and --resume"
        )
    try:
        resume = (
            checkpoint.read(checkpoint_path, compiled, settings.fixed(), loaded.sha256)
            if args.resume
            else None
        )
    except CheckpointError as error:
        raise UsageError(f"--resume: {error}") from None
    metadata = {
        "problem_file": str(args.problem),
        "problem_sha256": loaded.sha256,
        "pinnls_version": __version__,
        "command": "pinnls " + shlex.join(args.argv),
        "started": started,
    }
    frames = args.frames if args.frames is not None else io.DEFAULT_FRAMES
    if not args.quiet:
        print(f"pinnls {__version__}: solving {compiled.name} from {args.problem}")
        # The values the run will use: the fixed strategies' defaults filled in (auto chooses
        # its own and reports them at the end).
        shown = settings if settings.optimizer == "auto" else settings.fixed()
        print("settings " + json.dumps(shown.to_dict(), sort_keys=True))
    total = settings.iterations if settings.optimizer != "auto" else None
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty(), total=total)
    try:
        solution = solve(compiled, settings, callback=progress.update, resume=resume)
    except TrainingInterrupted as interrupt:
        progress.close()
        _save(interrupt.solution, folder, formats, metadata, terminate, frames)
        how = "terminated (SIGTERM)" if terminate.received else "interrupted"
        print(
            f"pinnls: {how} at iteration {interrupt.solution.iterations}; partial "
            f"results (complete=false) and a checkpoint are in {out}/ (resume with --resume)",
            file=sys.stderr,
        )
        return terminate.exit_code
    except KeyboardInterrupt:
        # Ctrl-C while the trainer was being set up: no iteration to save.
        progress.close()
        if args.debug:
            raise
        how = "terminated (SIGTERM)" if terminate.received else "interrupted"
        print(f"pinnls: {how} before the first iteration; nothing was written", file=sys.stderr)
        return terminate.exit_code
    except PinnlsError as error:
        progress.close()
        partial = getattr(error, "solution", None)
        if partial is not None:
            _save(partial, folder, formats, metadata, terminate, frames)
            raise type(error)(f"{error}; partial results (complete=false) are in {out}/") from error
        raise
    progress.close()
    written = _save(solution, folder, formats, metadata, terminate, frames)
    if not args.quiet:
        report = json.loads(written["report"].read_text())
        print(_summary(report))
        width = max(len(kind) for kind in written)
        for kind, path in written.items():
            print(f"  {kind:<{width}}  {path}")
    return 0


def output_folder(out: str | None, problem_name: str) -> Path:
    """``--out``, or ``results/<problem name>``; never an empty name, which would be the
    current directory by accident."""
    if out is None:
        return Path("results") / safe_name(problem_name)
    if not out.strip():
        raise UsageError("--out is empty; give a folder name (--out . for the current folder)")
    return Path(out)


def plan_solve(compiled, settings, formats) -> None:
    """Refuse, before training, a run whose training or results cannot fit in memory."""
    from pinnls.memory import require, training_need, writing_need

    require(
        training_need(compiled, settings) + writing_need(compiled, settings, formats), "this run"
    )


def check_exact_on_grid(compiled, settings) -> None:
    """Refuse, before training, an exact solution that is not finite on the evaluation grid:
    the errors of the run could not be measured (they would silently be null)."""
    import numpy as np

    if compiled.exact is None:
        return
    per_axis = settings.grid_points(compiled.dim)
    _, points = compiled.grid(per_axis)
    with np.errstate(all="ignore"):
        values = np.asarray(compiled.exact(points), dtype=np.float64)
    bad = ~np.isfinite(values)
    if bad.any():
        where = ", ".join(f"{a}={v:g}" for a, v in zip(compiled.axes, points[np.argmax(bad)]))
        raise UsageError(
            f"the exact solution is not finite at {int(bad.sum())} of the {bad.size} points "
            f"of the evaluation grid (first at {where}: {values[np.argmax(bad)]}); the errors "
            f"could not be measured; fix the exact solution or choose --eval-points "
            f"(now {per_axis}) so that the grid misses its singularities"
        )


class _Exit(Exception):
    """Leave ``pinnls solve`` with an exit code (a signal while writing results)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class _Terminate:
    """SIGTERM handled as Ctrl-C while ``pinnls solve`` runs: the training loop saves its last
    iteration, and the exit code is 143 (128 + SIGTERM) instead of 130."""

    def __init__(self) -> None:
        self.received = False
        self._previous = None

    @property
    def exit_code(self) -> int:
        return EXIT_TERMINATED if self.received else EXIT_INTERRUPTED

    def _handle(self, number, frame) -> None:
        self.received = True
        raise KeyboardInterrupt

    def __enter__(self) -> _Terminate:
        if threading.current_thread() is threading.main_thread():  # signals reach only it
            self._previous = signal.signal(signal.SIGTERM, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGTERM, self._previous)
            self._previous = None


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _summary(report: dict) -> str:
    """The final line: what ran, the error estimate from fresh points, the true error if known."""
    strategy = report.get("strategy")
    if report.get("slabs"):
        widths = sorted({slab["width"] for slab in report["slabs"]})
        chooser = "auto chose" if (strategy.get("decision") or {}).get("trials") else "ran"
        what = (
            f"done: {chooser} {_count(strategy['slabs'], 'time slab')} "
            f"({strategy.get('strategy') or 'fixed'}, width {', '.join(map(str, widths))}) "
            f"in {report['wall_seconds']:.2f} s ({report['stop_reason']})"
        )
        if strategy["finished"] < strategy["slabs"]:
            what += f", {strategy['finished']} begun"
    elif strategy:
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
        errors = report.get("errors") or {}
        if len(errors) > 1:  # a system: each unknown's own beside the combined one
            each = ", ".join(
                f"{name} {values['rel_l2']:.1e}"
                for name, values in errors.items()
                if values.get("rel_l2") is not None
            )
            text += f" ({each})"
    return text


def _save(solution, folder, formats, metadata, terminate, frames) -> dict[str, Path]:
    """Stage the checkpoint, then the results, and commit them as one run.

    A failure while writing (a full disk, a second signal) leaves the previous results as they
    were and keeps the staged checkpoint (:meth:`~pinnls.io.RunFolder.keep_checkpoint`), so it
    never loses the training; it is reported in one line.
    """
    from pinnls import io
    from pinnls.memory import require, writing_need
    from pinnls.training import checkpoint

    out = folder.out
    try:
        require(writing_need(solution.compiled, solution.settings, formats), "writing the results")
        checkpoint.save(solution, folder.staging / "checkpoint.pt", metadata.get("problem_sha256"))
        written = io.write_results(solution, out, formats, metadata, folder=folder, frames=frames)
    except (OSError, MemoryError, PinnlsError, KeyboardInterrupt) as error:
        kept = folder.keep_checkpoint()
        saved = f"; the training is saved in {kept}" if kept is not None else ""
        if kept is not None and kept.name != "checkpoint.pt":
            saved += " (rename it to checkpoint.pt to --resume from it)"
        if isinstance(error, KeyboardInterrupt):
            how = "terminated (SIGTERM)" if terminate.received else "interrupted"
            print(
                f"pinnls: {how} while writing results; the previous results in {out}/ are "
                f"intact{saved}",
                file=sys.stderr,
            )
            raise _Exit(terminate.exit_code) from None
        if isinstance(error, OSError):
            where = error.filename or out
            text = f"cannot write results to {where}: {error.strerror or error}"
        elif isinstance(error, MemoryError):
            text = f"out of memory while writing results to {out}/ (lower --eval-points)"
        else:
            text = str(error)
        raise UsageError(f"{text}; the previous results in {out}/ are intact{saved}") from error
    written["checkpoint"] = out / "checkpoint.pt"
    return written


def _frames(text: str) -> int:
    """``--frames N``: an integer of at least 2 (argparse reports the error in one line)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 2:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an integer of at least 2 (the two ends of the time axis)"
        )
    return value


def _formats(text: str) -> tuple[str, ...]:
    from pinnls.io import parse_formats

    try:
        return parse_formats(text)
    except ValueError as error:
        raise UsageError(f"--format: {error}") from None
