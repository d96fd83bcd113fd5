"""Shared helpers of the paper-reproduction scripts (examples/e*.py).

Every script takes ``--quick`` (a tiny run for the smoke test) and ``--out`` (default
``docs/figures``), writes ``<name>.png`` and ``<name>.json`` there and prints a short table.
Figures use matplotlib's object API (``Figure`` + ``FigureCanvasAgg``), never pyplot.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp
import torch
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import pinnls
from pinnls import Box, Grid, Problem, Settings, SolverError, compile_problem, solve

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"
FIGURES = ROOT / "docs" / "figures"


def parser(description: str) -> argparse.ArgumentParser:
    """The common command line: ``--quick`` and ``--out``."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help="a tiny run (seconds), for smoke tests")
    p.add_argument("--out", default=str(FIGURES), help="output folder (default docs/figures)")
    return p


def setup() -> None:
    """One torch thread, float64: every timing in docs/paper-reproduction.md used this."""
    torch.set_num_threads(1)


def machine() -> dict[str, Any]:
    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "torch": torch.__version__,
        "pinnls": pinnls.__version__,
        "threads": torch.get_num_threads(),
        "dtype": "float64",
        "device": "cpu",
    }


def sin_problem(n: int = 256) -> Problem:
    """Regression of sin(2 pi x) on [0, 1] at n evenly spaced (cell-centred) points."""
    x = sp.Symbol("x")
    u = sp.Function("u")
    problem = Problem(u(x), Box(x=(0, 1)), name="sin2pi")
    problem.equation("fit", sp.Eq(u(x), sp.sin(2 * sp.pi * x)), points=Grid(n=n))
    problem.exact(sp.sin(2 * sp.pi * x))
    return problem


def train(problem, settings: Settings, compiled=None):
    """Solve; a diverged run is a result, not a crash.

    Returns
    -------
    (solution, seconds, failure message or None)
    """
    compiled = compiled if compiled is not None else compile_problem(problem, settings)
    start = time.perf_counter()
    try:
        solution = solve(compiled, settings)
        return solution, time.perf_counter() - start, None
    except SolverError as error:
        return getattr(error, "solution", None), time.perf_counter() - start, str(error)


def padded(values: Sequence[float], length: int) -> np.ndarray:
    """A loss history padded with its last value (runs that stopped early keep their level)."""
    out = np.full(length, np.nan)
    values = np.asarray(values, dtype=float)[:length]
    out[: values.size] = values
    if 0 < values.size < length:
        out[values.size :] = values[-1]
    return out


def median(values: Sequence[float]) -> float:
    finite = [float(v) for v in values if v is not None and math.isfinite(v)]
    return statistics.median(finite) if finite else math.nan


def clean(value: Any) -> Any:
    """JSON-ready: numpy to Python, non-finite floats to None."""
    if isinstance(value, dict):
        return {str(k): clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    if isinstance(value, np.ndarray):
        return clean(value.tolist())
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, (np.integer,)):
        return int(value)
    return value


def write_outputs(figure: Figure, document: dict, out: str | Path, name: str) -> dict[str, Path]:
    """Write ``<out>/<name>.png`` and ``<out>/<name>.json``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {"png": out / f"{name}.png", "json": out / f"{name}.json"}
    FigureCanvasAgg(figure)
    figure.savefig(paths["png"], dpi=110)
    document = {"experiment": name, "machine": machine(), **document}
    paths["json"].write_text(json.dumps(clean(document), indent=1, allow_nan=False) + "\n")
    return paths


def table(rows: Sequence[Sequence[Any]], header: Sequence[str]) -> str:
    """A markdown table (numbers in %.3g)."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return "nan" if not math.isfinite(value) else f"{value:.3g}"
        return str(value)

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def sampled_error(solution, lower: float, upper: float, n: int = 1001) -> float:
    """rel L2 error of a 1-D solution on n points in ``[lower, upper]``.

    The sin(2 pi x) problem samples cell centres ``(i + 1/2) / 256``; ``Solution.errors()``
    also evaluates at x = 0 and x = 1, half a cell outside the data, where a neuron whose kink
    falls in that last half cell extrapolates freely. This error stays inside the data.
    """
    x = np.linspace(lower, upper, n)[:, None]
    exact = np.sin(2 * np.pi * x[:, 0])
    return float(np.linalg.norm(solution(x) - exact) / np.linalg.norm(exact))
