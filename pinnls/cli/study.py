"""``pinnls study PROBLEM.py --width 8,16,32 [--depth 1,2] --seeds 4 [--param c=10,20]``:
convergence studies, optionally repeated for each value of problem parameters."""

from __future__ import annotations

import argparse
import itertools
import math
import shlex
import sys
from pathlib import Path

from pinnls import __version__
from pinnls.cli.common import (
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
    table,
)


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "study", help="solve over a grid of widths, depths and seeds; fit convergence rates"
    )
    parser.add_argument(
        "problem", help="path of the problem file (a Python file), or example:NAME (bundled)"
    )
    parser.add_argument(
        "--out", type=Path, help="output directory (default results/<problem>-study/)"
    )
    parser.add_argument("--seeds", type=int, default=1, help="seeds per grid point (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="parallel worker processes (default 1)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=V1,V2,...",
        help="sweep a parameter of the problem (declared in Problem(..., parameters=...)): "
        "one study per value, each in OUT/NAME=V/; repeat for the product of several",
    )
    # --width and --depth take comma-separated lists here; every other solve option applies to
    # every run.
    add_setting_flags(parser, lists=("width", "depth"))
    add_threads(parser)
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.convergence import study_settings
    from pinnls.io.runfolder import FolderLock, recover, takeover
    from pinnls.settings import refuse_flat_derivatives
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem

    set_threads(args.threads)
    widths = _integers(args.width, "--width")
    depths = _integers(args.depth, "--depth")
    if args.seeds < 1 or args.jobs < 1:
        raise UsageError("--seeds and --jobs must be >= 1")
    args.problem = problem_path(args.problem)
    loaded, assignments = load(args.problem, args.set)
    # The parameters of --set, under each point of the --param sweep: the values every run
    # loads the file with (load_problem(path, parameters=...), in the workers too).
    fixed = loaded.applied_parameters
    swept = _sweep(args.param, loaded.problem)
    both = sorted(set(fixed) & {name for combination in swept for name in combination})
    if both:
        # the sweep's values replaced --set's without a word
        raise UsageError(
            f"--set {both[0]}=... and --param {both[0]}=... both give {both[0]!r}; sweep it or "
            "fix it, not both"
        )
    sweeps = [{**fixed, **combination} for combination in swept]
    flags = flag_values(args)
    flags.update(width=None, depth=None)
    given = settings_from(loaded.settings, flags, assignments)
    base = study_settings(given)
    widths = widths or [base.width]
    depths = depths or [base.depth]
    # Validate once up front (all runs share the problem and every setting but width and depth)
    # so that a mistake fails before hours of solves.
    for parameters in sweeps:
        problem = load_problem(args.problem, parameters=parameters).problem
        compiled = compile_problem(problem, base.replace(width=widths[0], depth=depths[0]))
        # relu beside second derivatives failed every run, each in its row, and exited 0
        opened = given.replace(optimizer=base.optimizer)
        refuse_flat_derivatives(compiled, opened, default_of="pinnls study")
    out = args.out or Path("results") / f"{safe_name(loaded.problem.name)}-study"
    created = check_writable(out)
    lock = FolderLock(out)
    try:
        lock.__enter__()  # a second run into `out` (a study or a solve) is refused from here on
        recovery = recover(out)  # temporaries of killed writes
    except BaseException:
        lock.release()
        remove_empty(created)
        raise
    notice = takeover(out, lock.previous_pid, recovery)
    if notice:
        print(f"pinnls: notice: {notice}", file=sys.stderr)
    try:
        for parameters in sweeps:
            where = out / _label(parameters) if args.param else out
            _study(args, loaded, base, widths, depths, where, parameters)
        return 0
    except BaseException:
        lock.release()
        remove_empty(created)  # a study stopped before it wrote anything leaves no folder
        raise
    finally:
        lock.release()


def _sweep(texts, problem) -> list[dict[str, float]]:
    """``--param NAME=V1,V2`` (repeatable): every combination of the values, in order."""
    axes, seen = [], set()
    for text in texts:
        name, sep, values = text.partition("=")
        if name in seen:
            # the last --param c=... replaced the first without a word
            raise UsageError(f"--param {text}: {name!r} is swept twice; give it once: {name}=V1,V2")
        seen.add(name)
        if name not in problem.parameters:
            declared = ", ".join(sorted(problem.parameters)) or "none declared"
            raise UsageError(
                f"--param {text}: {name!r} is not a parameter of the problem "
                f"(parameters: {declared}); write NAME=V1,V2,..."
            )
        try:
            numbers = [float(v) for v in values.split(",") if v.strip()]
        except ValueError:
            numbers = []
        if not sep or not numbers or not all(math.isfinite(v) for v in numbers):
            raise UsageError(f"--param {text}: give NAME=V1,V2,... with finite numbers")
        axes.append([(name, v) for v in numbers])
    return [dict(combination) for combination in itertools.product(*axes)]


def _label(parameters: dict[str, float]) -> str:
    """A sweep point's folder name, e.g. ``c=10`` or ``c=10,k=0.5``."""
    return ",".join(f"{name}={value:g}" for name, value in parameters.items())


def _study(args, loaded, base, widths, depths, out, parameters) -> int:
    """One study (of one set of parameter values) under the folder's lock."""
    from pinnls.convergence import run_study, summarize
    from pinnls.io.study_files import write_study

    total = len(widths) * len(depths) * args.seeds
    at = f" at {', '.join(f'{k}={v:g}' for k, v in parameters.items())}" if parameters else ""
    print(
        f"pinnls {__version__}: study of {loaded.problem.name}{at}: widths {widths}, "
        f"depths {depths}, {args.seeds} seed(s), {total} runs, {args.jobs} job(s)"
    )
    done = []

    def report(run) -> None:
        done.append(run)
        error = "failed: " + (run.message or "") if run.status != "ok" else f"{run.error:.3e}"
        print(
            f"  [{len(done)}/{total}] width {run.width} depth {run.depth} seed {run.seed}: {error}",
            file=sys.stderr,
        )

    runs = run_study(
        args.problem,
        base.to_dict(),
        widths,
        depths,
        args.seeds,
        args.jobs,
        on_run=report,
        parameters=parameters,
    )
    summary = summarize(runs)
    meta = {
        "problem": loaded.problem.name,
        "problem_file": str(args.problem),
        "problem_sha256": loaded.sha256,
        "settings": base.to_dict(),
        "parameters": {**loaded.problem.parameters, **parameters},
        "pinnls_version": __version__,
        "command": "pinnls " + shlex.join(args.argv),
    }
    paths = write_study(runs, summary, out, meta)
    rows = [("width", "depth", "runs", "failed", "median rel L2", "min", "max", "median s")]
    for row in summary["table"]:
        rows.append(
            (
                str(row["width"]),
                str(row["depth"]),
                str(row["runs"]),
                str(row["failed"]),
                _number(row["median"]),
                _number(row["min"]),
                _number(row["max"]),
                _number(row["median_wall"], "{:.2f}"),
            )
        )
    table(rows)
    for parameter, by in summary["rates"].items():
        other = "depth" if parameter == "width" else "width"
        for group, rate in by.items():
            print(f"rate in {parameter} at {other} {group}: {rate.describe()}")
    for kind, path in paths.items():
        print(f"  {kind:<4}  {path}")
    return 0


def _integers(values, flag: str) -> list[int]:
    if not values:
        return []
    try:
        numbers = [int(v) for v in values.split(",") if v.strip()]
    except ValueError:
        raise UsageError(f"{flag} {values!r}: give integers separated by commas") from None
    if not numbers or min(numbers) < 1:
        raise UsageError(f"{flag} {values!r}: give integers >= 1 separated by commas")
    return numbers


def _number(value, form: str = "{:.3e}") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return form.format(value)
