"""``pinnls eval RESULT POINTS.csv [-o OUT.csv]``: the saved solution at given points.

The output has the axes, then one column per unknown named as in the files: ``u`` for one
unknown, ``p``, ``v``, ... for a system; when the solve's data stated their noise, then one
column ``<name>_std`` per unknown, the pointwise standard deviation (from ``/uncertainty``).

The network is rebuilt from the ``/model`` group of ``solution.h5`` alone
(:func:`pinnls.io.model.load_network`); the problem file is not needed.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path

from pinnls.cli.common import UsageError, add_debug, add_no_verify


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "eval", help="evaluate a saved solution at the points of a CSV file"
    )
    parser.add_argument("result", type=Path, help="a results folder, or its solution.h5")
    parser.add_argument(
        "points",
        type=Path,
        help="CSV file of points, one per row, one column per axis; a header row of axis "
        "names is optional (with it, the columns may come in any order); - reads stdin",
    )
    parser.add_argument("-o", "--output", type=Path, help="write the CSV here instead of stdout")
    add_no_verify(parser)
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import numpy as np

    from pinnls.io.atomic import write_text_atomic
    from pinnls.io.model import load_network

    text = _read(args.points)
    network = load_network(args.result, verify=not args.no_verify)
    points = parse_points(text, network.axes, str(args.points))
    # (n, m): one column per unknown (the one unknown's column is u)
    columns = len(network.unknowns)
    values = network(points).reshape(-1, columns) if len(points) else np.empty((0, columns))
    names = list(network.unknowns)
    if network.has_std:
        std = network.std(points) if len(points) else np.empty((0, columns))
        values = np.concatenate([values, std.reshape(-1, columns)], axis=1)
        names += [f"{name}_std" for name in network.unknowns]
    outside = int(network.outside(points).sum()) if len(points) else 0
    if outside:
        corners = zip(network.axes, network.lower, network.upper)
        box = ", ".join(f"{a} in [{lo:g}, {hi:g}]" for a, lo, hi in corners)
        where = "box" if network.region is None else "domain"
        shown = box if network.region is None else network.region.describe()
        if not (shown.startswith("(") and shown.endswith(")")):
            shown = f"({shown})"  # a combination's, (A - B), comes in parentheses already
        print(
            f"pinnls: warning: {outside} of {len(points)} points lie outside the {where} the "
            f"network was trained on {shown}; the values there are extrapolation",
            file=sys.stderr,
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*network.axes, *names])
    for point, value in zip(points, values):
        writer.writerow([repr(float(v)) for v in point] + [repr(float(v)) for v in value])
    if args.output is None:
        sys.stdout.write(buffer.getvalue())
    else:
        try:
            write_text_atomic(args.output, buffer.getvalue())
        except OSError as error:
            raise UsageError(f"-o {args.output}: {error.strerror or error}") from None
    return 0


def _read(path: Path) -> str:
    if str(path) == "-":
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise UsageError(f"{path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not a text (CSV) file") from None


def parse_points(text: str, axes, where: str):
    """The (n, d) points of a CSV text: an optional header of axis names, then numbers."""
    import numpy as np

    rows = [
        [cell.strip() for cell in row]
        for row in csv.reader(io.StringIO(text))
        if row and any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")
    ]
    order = list(range(len(axes)))
    if rows and not _numeric(rows[0]):
        header, rows = rows[0], rows[1:]
        if sorted(header) != sorted(axes):
            raise UsageError(
                f"{where}: the header names {', '.join(header)}, but the solution's axes are "
                f"{', '.join(axes)}"
            )
        order = [header.index(a) for a in axes]
    points = np.empty((len(rows), len(axes)))
    for number, row in enumerate(rows, start=1):
        if len(row) != len(axes):
            raise UsageError(
                f"{where}: row {number} has {len(row)} columns; give one per axis "
                f"({', '.join(axes)})"
            )
        try:
            values = [float(row[i]) for i in order]
        except ValueError:
            raise UsageError(f"{where}: row {number} is not numbers: {','.join(row)}") from None
        if not all(np.isfinite(values)):
            raise UsageError(f"{where}: row {number} is not finite: {','.join(row)}")
        points[number - 1] = values
    return points


def _numeric(row) -> bool:
    try:
        [float(cell) for cell in row]
    except ValueError:
        return False
    return True
