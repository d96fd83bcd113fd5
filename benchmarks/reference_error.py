"""One default run of a problem file against a reference the script computes (a series, a
closed form integrated by scipy): the record that ``benchmarks/*/..._error.py`` print and
write, for problem files that declare no exact solution.

Used as ``against(problem_path, points, reference, command, json_path)`` by
``benchmarks/edges/lid_error.py``, ``benchmarks/initial/hot_edge_error.py`` and
``benchmarks/initial/flux_corner_error.py``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch

import pinnls


def against(
    problem: Path,
    points: np.ndarray,
    reference: Callable[[np.ndarray], np.ndarray],
    command: str,
    json_path: str | None = None,
) -> dict:
    """Solve ``problem`` with the defaults (one thread, seed 0) and compare it with
    ``reference`` at ``points``, shape (m, d): max |error|, relative L2, the validation
    estimate, the solve's wall seconds, the chosen width and the singular columns. Printed as
    JSON, and written to ``json_path`` where one is given."""
    torch.set_num_threads(1)
    loaded = pinnls.load_problem(problem)
    start = time.perf_counter()
    solution = pinnls.solve(loaded.problem, seed=0)
    seconds = time.perf_counter() - start
    exact = reference(points)
    values = solution(points)
    record = {
        "command": command,
        "max_error": float(np.abs(values - exact).max()),
        "relative_l2": float(np.linalg.norm(values - exact) / np.linalg.norm(exact)),
        "estimate": float((solution.validation or {}).get("total", float("nan"))),
        "seconds": seconds,
        "width": int(solution.settings.width),
        "singular_columns": int(getattr(solution.basis, "singular_count", 0)),
    }
    print(json.dumps(record, indent=2))
    if json_path:
        Path(json_path).write_text(json.dumps(record, indent=2) + "\n")
    return record
