"""The ``pinnls`` command line: the only module that prints and chooses exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import PinnlsError

__all__ = ["main"]

EXIT_USAGE = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments without the program name; ``sys.argv[1:]`` when omitted.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except PinnlsError as error:
        if args.debug:
            raise
        print(f"pinnls: error: {error}", file=sys.stderr)
        return EXIT_USAGE


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pinnls",
        description="Solve linear PDEs with physics-informed networks trained by LSGD.",
    )
    parser.add_argument("--version", action="version", version=f"pinnls {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser(
        "check", help="load, validate and compile a problem file without training"
    )
    check.add_argument("problem", help="path of the problem file (a Python file)")
    check.add_argument("--debug", action="store_true", help="show tracebacks of errors")
    check.set_defaults(run=_check)
    return parser


def _check(args: argparse.Namespace) -> int:
    from .compiler import compile_problem
    from .loader import load_problem
    from .settings import Settings

    loaded = load_problem(args.problem)
    settings = Settings.from_mapping(loaded.settings)
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
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)) + "  " + row[-1])
    if compiled.exact_text is None:
        print("exact     none given (errors will not be reported)")
    else:
        methods = ", ".join(f"{k}: {v}" for k, v in problem.exact_check.items())
        print(f"exact     {compiled.exact_text}")
        print(f"          satisfies every term ({methods})")
    print("ok")
    return 0
