"""``pinnls check PROBLEM.py``: load, validate and compile without training."""

from __future__ import annotations

import argparse

from pinnls.cli.common import add_debug, settings_from, table


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "check", help="load, validate and compile a problem file without training"
    )
    parser.add_argument("problem", help="path of the problem file (a Python file)")
    add_debug(parser)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting or a term's weight/points (see solve)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem

    loaded = load_problem(args.problem)
    settings = settings_from(loaded.settings, {}, args.set)
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
    table(rows)
    if compiled.exact_text is None:
        print("exact     none given (errors will not be reported)")
    else:
        methods = ", ".join(f"{k}: {v}" for k, v in compiled.exact_check.items())
        print(f"exact     {compiled.exact_text}")
        print(f"          satisfies every term ({methods})")
    print("ok")
    return 0
