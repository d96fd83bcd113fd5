"""Study outputs: ``study.json`` (every run's report), ``study.csv`` and ``study.png``."""

from __future__ import annotations

import csv
import io as _io
import json
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from pinnls.io.atomic import atomic_path, write_text_atomic
from pinnls.io.report import jsonable

__all__ = ["write_study"]


def write_study(
    runs: Sequence, summary: Mapping[str, Any], directory: str | os.PathLike, meta: Mapping
) -> dict[str, Path]:
    """Write the study files into ``directory``.

    Parameters
    ----------
    runs : sequence of StudyRun
    summary : dict
        From :func:`pinnls.convergence.summarize`.
    directory : path
    meta : mapping
        Problem name, base settings, command, version: stored in ``study.json``.

    Returns
    -------
    dict
        ``{"json": ..., "csv": ..., "png": ...}`` paths.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rates = {
        parameter: {str(key): rate.__dict__ for key, rate in by.items()}
        for parameter, by in summary["rates"].items()
    }
    document = {
        **dict(meta),
        "runs": [
            {
                "width": r.width,
                "depth": r.depth,
                "seed": r.seed,
                "status": r.status,
                "message": r.message,
                "report": r.report,
            }
            for r in runs
        ],
        "table": summary["table"],
        "rates": rates,
    }
    paths = {"json": directory / "study.json", "csv": directory / "study.csv"}
    write_text_atomic(paths["json"], json.dumps(jsonable(document), indent=2, allow_nan=False))
    buffer = _io.StringIO()
    rows = [r.row() for r in runs]
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["width"])
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(paths["csv"], buffer.getvalue())
    paths["png"] = _plot(runs, summary, directory / "study.png", meta.get("problem", ""))
    return paths


def _plot(runs, summary, path: Path, title: str) -> Path:
    widths = sorted({r.width for r in runs})
    depths = sorted({r.depth for r in runs})
    panels = [("width", depths)] if len(widths) > 1 else []
    if len(depths) > 1:
        panels.append(("depth", widths))
    if not panels:
        panels = [("width", depths)]
    figure = Figure(figsize=(6.2 * len(panels), 4.6), layout="constrained")
    for index, (parameter, groups) in enumerate(panels):
        ax = figure.add_subplot(1, len(panels), index + 1)
        other = "depth" if parameter == "width" else "width"
        for group in groups:
            rows = [row for row in summary["table"] if row[other] == group and row["median"]]
            if not rows:
                continue
            x = np.array([row[parameter] for row in rows], dtype=float)
            median = np.array([row["median"] for row in rows])
            low = np.array([row["min"] for row in rows])
            high = np.array([row["max"] for row in rows])
            (line,) = ax.plot(x, median, "o-", label=f"{other} {group}: median")
            ax.fill_between(x, low, high, alpha=0.2, color=line.get_color())
            rate = summary["rates"][parameter].get(group)
            if rate is not None:
                fit = np.exp(rate.intercept) * x**rate.slope
                ax.plot(x, fit, "--", color=line.get_color(), alpha=0.7,
                        label=f"fit: {_rate_text(rate)}")  # fmt: skip
        ax.set_xscale("log", base=2)
        ax.set_yscale("log")
        ax.set_xlabel(parameter)
        ax.set_ylabel("relative L2 error")
        ax.set_title(f"error against {parameter} (median, min-max band)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    failed = sum(r.status != "ok" for r in runs)
    seeds = len({r.seed for r in runs})
    figure.suptitle(
        f"{title}: convergence study, {seeds} seed(s) per point"
        + (f", {failed} failed run(s)" if failed else "")
    )
    FigureCanvasAgg(figure)
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=120, format="png")
    return path


def _rate_text(rate) -> str:
    if math.isnan(rate.low):
        return f"slope {rate.slope:.2f}"
    return f"slope {rate.slope:.2f} ± {(rate.high - rate.low) / 2:.2f} (95%)"
