"""``pinnls info RESULT.h5``: summarize a result file."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pinnls.cli.common import add_debug, table


def add_parser(commands) -> None:
    parser = commands.add_parser("info", help="summarize a solution.h5 result file")
    parser.add_argument("result", type=Path, help="path of solution.h5")
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.io import read_info

    info = read_info(args.result)
    rows = [("key", "value")]
    for key, value in info.items():
        if isinstance(value, dict):
            value = json.dumps(value, sort_keys=True)
        elif isinstance(value, float):
            value = f"{value:.6g}"
        rows.append((key, str(value)))
    table(rows)
    return 0
