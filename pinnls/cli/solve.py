"""``pinnls solve PROBLEM.py``: train, write results, checkpoint, resume."""

from __future__ import annotations

import argparse
import json
import shlex
import signal
import sys
import threading
import time
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
from pinnls.errors import CheckpointError
from pinnls.io.strategy_rows import choice_text
from pinnls.progress import Progress as _Progress

#: ``--format``'s default, every output: the time series among them are skipped quietly where a
#: problem has none to show; asked for by name, a warning says so.
DEFAULT_FORMATS = "h5,vtk,xdmf,png,pvd,gif"


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
        default=DEFAULT_FORMATS,
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
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue from the newest checkpoint in OUT: checkpoint.pt, or the "
        "checkpoint.<run id>.pt kept of a run that did not finish",
    )
    parser.add_argument(
        "--checkpoint-every",
        type=_seconds,
        default=None,
        metavar="SECONDS",
        help="while training, write a checkpoint every this many seconds (default 300; 0: "
        "none), so that a run killed outright (kill -9, out of memory) loses at most that "
        "much; --resume continues from it (not with the automatic strategy)",
    )
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
    begun = time.perf_counter()
    formats = _formats(args.format)
    set_threads(args.threads)
    args.problem = problem_path(args.problem)
    loaded, assignments = load(args.problem, args.set)
    settings = settings_from(loaded.settings, flag_values(args), assignments)
    resolve_device(settings.device)
    compiled = compile_problem(loaded.problem, settings)
    out = output_folder(args.out, loaded.problem.name)
    from pinnls.run import prepare
    from pinnls.training import launcher

    if launcher.follower():
        # torchrun's ranks other than 0 train their share of the rows and write nothing: rank
        # 0 holds the output folder, prints and writes (docs/scaling.md).
        return _follow(args, loaded, settings, compiled, out)
    # Refuse what cannot fit, or could not be measured, before the folder is made or locked.
    prepare(compiled, settings, formats)
    _say_unwritable_series(args.format, formats, compiled)
    created = check_writable(out)
    folder = RunFolder(out)
    try:
        folder.__enter__()  # the lock: a second run into `out` is refused from here on
    except BaseException:
        remove_empty(created)
        raise
    if folder.taken_over:
        print(f"pinnls: notice: {folder.taken_over}", file=sys.stderr)
    terminate = _Terminate()
    try:
        with terminate:
            return _train_and_save(
                args, loaded, settings, compiled, folder, formats, terminate, started, begun
            )
    finally:
        folder.__exit__(None, None, None)
        remove_empty(created)


def _follow(args, loaded, settings, compiled, out) -> int:
    """A torchrun rank other than 0: resume from rank 0's checkpoint when asked, then train."""
    from pinnls.run import follow

    resume = None
    if args.resume:
        resume, _ = _resume_state(out, compiled, settings.fixed(), loaded.sha256)
    return follow(compiled, settings, resume)


def _resume_state(out: Path, compiled, settings, sha256: str | None):
    """``--resume``: the newest checkpoint in ``out`` that this run can continue from
    (:func:`pinnls.io.runfolder.checkpoints`), and its path.

    Raises
    ------
    UsageError
        None fits; the message is the newest one's (or says that there is none).
    """
    from pinnls import checkpoint
    from pinnls.io.runfolder import checkpoints

    first = None
    for path in checkpoints(out) or [out / "checkpoint.pt"]:
        try:
            return checkpoint.read(path, compiled, settings, sha256), path
        except CheckpointError as error:
            first = first or error
    raise UsageError(f"--resume: {first}") from None


def _train_and_save(
    args, loaded, settings, compiled, folder, formats, terminate, started, begun
) -> int:
    """Everything of ``pinnls solve`` that happens under the folder's lock; ``begun``: the
    command's start (``time.perf_counter``), for the seconds before training and in all."""
    from pinnls import io
    from pinnls.errors import WriteInterrupted
    from pinnls.run import solve_and_save
    from pinnls.saving import DEFAULT_CHECKPOINT_EVERY, kept_text
    from pinnls.training import TrainingInterrupted

    out = folder.out
    if args.resume and settings.optimizer == "auto":
        raise UsageError(
            "--resume: the automatic strategy (optimizer auto, the default) does not resume; "
            "give the settings it chose (report.json 'settings', with --optimizer lsgd) "
            "and --resume"
        )
    resume = None
    if args.resume:
        resume, source = _resume_state(out, compiled, settings.fixed(), loaded.sha256)
        if source.name != "checkpoint.pt":
            # The training of a run that did not commit, newer than the committed run's.
            print(
                f"pinnls: notice: --resume continues from {source} (iteration "
                f"{resume['iteration']}), the newest checkpoint in {out}/",
                file=sys.stderr,
            )
            folder.continues(source)
    metadata = {
        "problem_file": str(args.problem),
        "problem_sha256": loaded.sha256,
        # a --set c=3 run was otherwise told from the file's by its command line alone
        "parameters": dict(loaded.problem.parameters),
        "pinnls_version": __version__,
        "command": "pinnls " + shlex.join(args.argv),
        "started": started,
        # the training's wall_seconds leave out loading, compiling and the memory plan (the
        # problem's sympy and its clouds), which a user's clock counts
        "compile_seconds": time.perf_counter() - begun,
    }
    frames = args.frames if args.frames is not None else io.DEFAULT_FRAMES
    if not args.quiet:
        print(f"pinnls {__version__}: solving {compiled.name} from {args.problem}")
        # The values the run will use: the fixed strategies' defaults filled in (auto chooses
        # its own and reports them at the end).
        shown = settings if settings.optimizer == "auto" else settings.fixed()
        print("settings " + json.dumps(shown.to_dict(), sort_keys=True))
        if loaded.problem.parameters:
            print("parameters " + json.dumps(loaded.problem.parameters, sort_keys=True))
    total = settings.iterations if settings.optimizer != "auto" else None
    progress = _Progress(enabled=not args.quiet and sys.stderr.isatty(), total=total)
    try:
        _, written = solve_and_save(
            compiled,
            settings,
            folder,
            formats=formats,
            metadata=metadata,
            frames=frames,
            callback=progress.update,
            resume=resume,
            prepared=True,
            checkpoint_every=(
                args.checkpoint_every
                if args.checkpoint_every is not None
                else DEFAULT_CHECKPOINT_EVERY
            ),
        )
    except WriteInterrupted as interrupt:
        progress.close()
        resumable = settings.optimizer != "auto"
        print(
            f"pinnls: {terminate.how} while writing results; the previous results in {out}/ are "
            f"intact{kept_text(interrupt.kept, resumable)}",
            file=sys.stderr,
        )
        return terminate.exit_code
    except TrainingInterrupted as interrupt:
        progress.close()
        if settings.optimizer == "auto":
            # --resume refuses the automatic strategy: advising it sent users into that refusal
            where = (
                f"partial results (complete=false) are in {out}/ (the automatic strategy does "
                "not resume: run the command again)"
            )
        else:
            where = (
                f"partial results (complete=false) and a checkpoint are in {out}/ (resume with "
                "--resume)"
            )
        print(
            f"pinnls: {terminate.how} at iteration {interrupt.solution.iterations}; {where}",
            file=sys.stderr,
        )
        return terminate.exit_code
    except KeyboardInterrupt:
        # Ctrl-C while the trainer was being set up: no iteration to save.
        progress.close()
        if args.debug:
            raise
        print(
            f"pinnls: {terminate.how} before the first iteration; nothing was written",
            file=sys.stderr,
        )
        return terminate.exit_code
    finally:
        progress.close()
    if not args.quiet:
        report = json.loads(written["report"].read_text())
        print(_summary(report))
        print(_timing(report, time.perf_counter() - begun, resumed=bool(args.resume)))
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


class _Terminate:
    """SIGTERM handled as Ctrl-C while ``pinnls solve`` runs: the training loop saves its last
    iteration, and the exit code is 143 (128 + SIGTERM) instead of 130."""

    def __init__(self) -> None:
        self.received = False
        self._previous = None

    @property
    def how(self) -> str:
        """How the run was stopped, for its one line."""
        return "terminated (SIGTERM)" if self.received else "interrupted"

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


def _timing(report: dict, total: float, resumed: bool = False) -> str:
    """The line after the done line: where the command's seconds went, the training's
    ``wall_seconds`` being only a part of them.

    Parameters
    ----------
    report : dict
        report.json as written, with ``compile_seconds`` and ``wall_seconds``.
    total : float
        Seconds since ``pinnls solve`` began (Python's own start and imports aside).
    resumed : bool
        A ``--resume`` run, whose ``wall_seconds`` count the training it continued.
    """
    compiling, training = report["compile_seconds"], report["wall_seconds"]
    if resumed:
        return (
            f"time: {total:.1f} s in this command ({compiling:.1f} s compiling); the "
            f"training's {training:.1f} s count the run it resumed"
        )
    writing = max(total - compiling - training, 0.0)
    return (
        f"time: {compiling:.1f} s compiling, {training:.1f} s training, {writing:.1f} s "
        f"writing the results: {total:.1f} s in all"
    )


def _summary(report: dict) -> str:
    """The final line: what ran, the error estimate from fresh points, the true error if known."""
    from pinnls.record import SlabsRecord, from_json
    from pinnls.training.validation import APART_NOTE

    strategy = from_json(report.get("strategy"))
    if isinstance(strategy, SlabsRecord):
        # Each slab's width in time order: a sorted set read "4 time slabs (width 1536, 2048,
        # 2304)" where the first two slabs both had 1536 (a new user's question, session 30).
        widths = [slab.width for slab in strategy.per_slab]
        if not widths:
            width = "no slab finished"
        elif len(set(widths)) == 1:
            width = f"width {widths[0]}"
        else:
            width = f"widths {', '.join(map(str, widths))} in turn"
        measured = strategy.decision is not None and strategy.decision.measured
        what = (
            f"done: {'auto chose' if measured else 'ran'} "
            f"{_count(strategy.slabs, 'time slab')} "
            f"({strategy.strategy or 'fixed'}, {width}) "
            f"in {report['wall_seconds']:.2f} s (stopped: {report['stop_reason']})"
        )
        if strategy.finished < strategy.slabs:
            what += f", {strategy.finished} begun"
    elif strategy is not None:
        chosen = strategy.chosen
        scale = choice_text(chosen)
        what = (
            f"done: auto chose {chosen.activation} width {chosen.width}{scale} "
            f"({_count(len(strategy.stages), 'stage')} in {report['wall_seconds']:.2f} s, "
            f"stopped: {report['stop_reason']})"
        )
    else:
        what = (
            f"done: {report['iterations']} iterations in {report['wall_seconds']:.2f} s "
            f"(stopped: {report['stop_reason']})"
        )
    text = f"{what}; loss {report['loss']:.3e}; rank {report['rank']}; rows {report['rows']}"
    validation = report.get("validation")
    if validation and validation.get("total") is not None:
        text += f"; validation {validation['total']:.3e}"
        # The runner-up is news only where it lies further away than the two estimates allow:
        # a next-best stage of error 1e-2 beside a chosen one of 1e-15 is the common case.
        runner_up = validation.get("runner_up")
        apart = None if runner_up is None else runner_up.get("apart")
        if apart is not None and apart > APART_NOTE:
            text += (
                f" (it or the next-best stage's, {runner_up['estimate']:.1e}, reads low: the two "
                f"lie {runner_up['difference']:.1e} apart, {apart:.2g}x their estimates)"
            )
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
    constants = report.get("unknown_constants") or {}
    if constants:
        # what an inverse problem was solved for: its unknown constants' values, with their
        # standard deviation where the data stated their noise (constant over the grid)
        std = ((report.get("inverse") or {}).get("std")) or {}
        text += "; " + ", ".join(
            f"{name} = {value:.10g}" + (f" +- {std[name]['max']:.2g}" if name in std else "")
            for name, value in constants.items()
        )
    return text


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


def _seconds(text: str) -> float:
    """``--checkpoint-every SECONDS``: a finite number >= 0 (argparse reports the error in one
    line)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not (0 <= value < float("inf")):
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of seconds >= 0 (0 writes no periodic checkpoint)"
        )
    return value


def _say_unwritable_series(given: str | None, formats, compiled) -> None:
    """Warn where ``--format`` asks for the time series (pvd, gif) of a problem that has none
    to show (:func:`pinnls.io.frames.no_series`): the run wrote neither and said nothing (an
    adversary's run). The default formats skip them quietly, as docs/output-format.md says."""
    from pinnls.errors import warn
    from pinnls.io.frames import no_series

    asked = [f for f in ("pvd", "gif") if f in formats]
    if given is None or given.strip() in (DEFAULT_FORMATS, "all") or not asked:
        return
    why = no_series(compiled)
    if why is not None:
        names = " and ".join(f"solution.{f}" for f in asked)
        warn(f"--format {given}: {names} will not be written: {why}")


def _formats(text: str) -> tuple[str, ...]:
    from pinnls.io import parse_formats

    try:
        return parse_formats(text)
    except ValueError as error:
        raise UsageError(f"--format: {error}") from None
