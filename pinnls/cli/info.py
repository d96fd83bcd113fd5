"""``pinnls info RESULT``: summarize a result file (``solution.h5`` or its folder)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pinnls.cli.common import add_debug, add_no_verify, table


def add_parser(commands) -> None:
    parser = commands.add_parser("info", help="summarize a result (solution.h5 or its folder)")
    parser.add_argument("result", type=Path, help="a results folder, or its solution.h5")
    add_no_verify(parser)
    add_debug(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.errors import ResultFileError
    from pinnls.io import read_info
    from pinnls.io.model import result_file

    args.result = result_file(args.result, verify=not args.no_verify)
    try:
        info = read_info(args.result)
    except ResultFileError:
        raise
    except (OSError, RuntimeError, KeyError, ValueError, TypeError) as error:
        # h5py reports a damaged file (bad checksums, truncated objects) in many types
        message = " ".join(str(error).split())
        raise ResultFileError(
            f"{args.result} is damaged or not a pinnls result ({message})"
        ) from None
    table(info_rows(info))
    _check_run(args.result)
    return 0


def info_rows(info: dict) -> list[tuple[str, str]]:
    """The table of ``pinnls info``: a header, then one (key, value) row per entry of
    :func:`pinnls.io.read_info`.

    A system also gets the row ``unknowns`` and, after ``max_error`` (over all unknowns
    stacked), each unknown's errors as ``rel_l2_error_<name>`` and ``max_error_<name>`` (the
    names of the HDF5 attributes). A single unknown's table has one row, without the unknown's name.
    """

    def text(value) -> str:
        if isinstance(value, dict):
            return json.dumps(value, sort_keys=True)
        if isinstance(value, float):
            return f"{value:.6g}"
        return str(value)

    unknowns = info.get("unknowns") or ["u"]
    system = len(unknowns) > 1
    errors = info.get("errors") or {}
    rows = [("key", "value")]
    for key, value in info.items():
        if key in ("unknowns", "unknown_functions", "errors"):
            continue  # shown below, for a system only
        if key == "axes" and system:
            rows.append((key, text(value)))
            rows.append(("unknowns", ", ".join(unknowns)))
            continue
        if key == "strategy":
            rows += _strategy_rows(value, info.get("settings"))
            continue
        if key == "condition" and isinstance(value, float) and value > 1e12:
            # nearly dependent features are the rule in these bases; the cutoff least squares
            # keeps the columns it can resolve, and the estimate, not this, measures the error
            note = "of the columns kept, the rank above; a large value alone does not spoil it"
            rows.append((key, f"{text(value)} ({note}: see the validation estimate)"))
            continue
        rows.append((key, text(value)))
        if key == "max_error" and system:
            for name in unknowns:
                each = errors.get(name) or {}
                rows.append((f"rel_l2_error_{name}", text(each.get("rel_l2"))))
                rows.append((f"max_error_{name}", text(each.get("max"))))
    return rows


def _strategy_rows(data, settings) -> list[tuple[str, str]]:
    """The strategy record as a few readable rows (:func:`pinnls.io.strategy_rows.describe`);
    a record this version cannot read stays one JSON line."""
    from pinnls.io.strategy_rows import describe
    from pinnls.record import from_json

    try:
        return describe(from_json(data), settings)
    except (KeyError, TypeError, ValueError, AttributeError):
        return [("strategy", json.dumps(data, sort_keys=True))]


def _check_run(result: Path) -> None:
    """Warn when ``result`` is not the file of the run that its folder's ``report.json``
    describes (the manifest is what readers trust; see docs/output-format.md)."""
    import sys

    report = result.parent / "report.json"
    if result.name != "solution.h5" or not report.is_file():
        return
    try:
        manifest = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    run_id = manifest.get("run_id") if isinstance(manifest, dict) else None
    if run_id is None:
        return
    import h5py

    with h5py.File(result, "r") as file:
        own = file.attrs.get("run_id")
    own = own.decode() if isinstance(own, bytes) else own
    if own != run_id:
        print(
            f"pinnls: warning: {result} is not the file of the run that {report} describes "
            f"(its run {own}, the report's {run_id}); trust report.json's manifest",
            file=sys.stderr,
        )
