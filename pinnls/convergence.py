"""Convergence studies: a grid of solves over widths, depths and seeds, with fitted rates.

A study runs ``solve`` for every (width, depth, seed) and records each run's report, or its
failure message (a failed run never stops the study). Rates are fitted by least squares on
``log(error) = a + p log(width)`` (and likewise in depth) over every successful run, with a
95% confidence interval from the slope's standard error and Student's t.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import itertools
import math
import multiprocessing
import os
import statistics
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from pinnls.settings import Settings

__all__ = ["StudyRun", "Rate", "run_study", "study_settings", "fit_rate", "summarize"]

#: Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (then the normal 1.96).
_T95 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
        2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064,
        2.060, 2.056, 2.052, 2.048, 2.045, 2.042)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class StudyRun:
    """One solve of a study.

    Attributes
    ----------
    width, depth, seed : int
    status : {"ok", "failed"}
    report : dict or None
        The run's report (see :func:`pinnls.io.build_report`); None when it failed.
    message : str or None
        Why it failed.
    """

    width: int
    depth: int
    seed: int
    status: str
    report: dict | None = None
    message: str | None = None

    @property
    def error(self) -> float:
        """rel L2 error, NaN when unknown or failed."""
        value = (self.report or {}).get("rel_l2_error")
        return math.nan if value is None else float(value)

    def row(self) -> dict[str, Any]:
        """A flat record for CSV tables."""
        report = self.report or {}
        return {
            "width": self.width,
            "depth": self.depth,
            "seed": self.seed,
            "status": self.status,
            "rel_l2_error": report.get("rel_l2_error"),
            "max_error": report.get("max_error"),
            "loss": report.get("loss"),
            "iterations": report.get("iterations"),
            "wall_seconds": report.get("wall_seconds"),
            "rank": report.get("rank"),
            "message": self.message or "",
        }


@dataclasses.dataclass(frozen=True)
class Rate:
    """A fitted convergence rate: ``error ~ C * parameter ** slope``.

    Attributes
    ----------
    parameter : {"width", "depth"}
    slope : float
    low, high : float
        95% confidence interval of the slope (NaN with fewer than three distinct values).
    points : int
        Runs used in the fit.
    """

    parameter: str
    slope: float
    low: float
    high: float
    points: int
    intercept: float

    def describe(self) -> str:
        if math.isnan(self.low):
            return f"error ~ {self.parameter}^{self.slope:.2f} (too few points for an interval)"
        half = (self.high - self.low) / 2
        return (
            f"error ~ {self.parameter}^{self.slope:.2f} ± {half:.2f} "
            f"(95% CI [{self.low:.2f}, {self.high:.2f}], {self.points} runs)"
        )


def fit_rate(values: Sequence[float], errors: Sequence[float], parameter: str) -> Rate | None:
    """Least-squares fit of ``log(error) = intercept + slope * log(value)``.

    Parameters
    ----------
    values : (n,) sequence of positive numbers
    errors : (n,) sequence; NaN or non-positive entries are left out
    parameter : str

    Returns
    -------
    Rate or None
        None when fewer than two distinct values remain.
    """
    pairs = [(v, e) for v, e in zip(values, errors) if e is not None and e > 0 and math.isfinite(e)]
    if len({v for v, _ in pairs}) < 2:
        return None
    x = np.log([v for v, _ in pairs])
    y = np.log([e for _, e in pairs])
    design = np.stack([np.ones_like(x), x], axis=1)
    (intercept, slope), *_ = np.linalg.lstsq(design, y, rcond=None)
    n = len(pairs)
    low = high = math.nan
    if n > 2:
        residual = y - design @ np.array([intercept, slope])
        sigma2 = float(residual @ residual) / (n - 2)
        spread = float(((x - x.mean()) ** 2).sum())
        if spread > 0:
            standard_error = math.sqrt(sigma2 / spread)
            t = _T95[n - 3] if n - 2 <= len(_T95) else 1.96
            low, high = slope - t * standard_error, slope + t * standard_error
    return Rate(parameter, float(slope), float(low), float(high), n, float(intercept))


def run_study(
    problem_file: str | os.PathLike,
    base: Mapping[str, Any],
    widths: Sequence[int],
    depths: Sequence[int] = (1,),
    seeds: int = 1,
    jobs: int = 1,
    on_run: Callable[[StudyRun], None] | None = None,
    parameters: Mapping[str, float] | None = None,
) -> list[StudyRun]:
    """Solve a problem file for every (width, depth, seed).

    Parameters
    ----------
    problem_file : path
        Loaded afresh in each worker process (with ``parameters``).
    base : mapping
        Settings shared by every run (the file's settings merged with the user's options);
        width, depth and seed are replaced per run.
    widths, depths : sequences of int
    seeds : int
        Seeds 0 .. seeds-1 (offset by ``base["seed"]``).
    jobs : int
        Worker processes; 1 runs in this process. With more, each worker uses one torch thread.
    on_run : callable, optional
        Called with each finished run (in completion order).
    parameters : mapping of str to float, optional
        Values of parameters the problem declares, for every run: each run loads the file with
        ``load_problem(problem_file, parameters=...)``, so the values travel to the worker
        processes as numbers.

    Returns
    -------
    list of StudyRun
        In grid order (width, depth, seed).
    """
    base = study_settings(Settings.from_mapping(base)).to_dict()
    first_seed = int(base.get("seed", 0))
    grid = [(w, d, first_seed + s) for w, d, s in itertools.product(widths, depths, range(seeds))]
    given = dict(parameters or {})
    tasks = [(os.fspath(problem_file), given, dict(base), w, d, s, jobs > 1) for w, d, s in grid]
    results: dict[tuple[int, int, int], StudyRun] = {}
    if jobs <= 1:
        for task in tasks:
            run = _run_one(task)
            results[(run.width, run.depth, run.seed)] = run
            if on_run:
                on_run(run)
    else:
        # spawn: a fresh interpreter per worker, safe with torch's threads.
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(jobs, mp_context=context) as pool:
            for run in map(
                lambda f: f.result(),
                concurrent.futures.as_completed([pool.submit(_run_one, task) for task in tasks]),
            ):
                results[(run.width, run.depth, run.seed)] = run
                if on_run:
                    on_run(run)
    return [results[key] for key in grid]


def study_settings(settings: Settings) -> Settings:
    """The settings every run of a study starts from: a fixed solve.

    A study measures convergence over the widths and depths it is given, so the automatic
    strategy (whose own width search would defeat it) becomes ``lsgd``, and settings left to
    the strategy take the fixed strategies' defaults (:meth:`Settings.fixed`).

    Parameters
    ----------
    settings : Settings

    Returns
    -------
    Settings
    """
    if settings.optimizer == "auto":
        settings = settings.replace(optimizer="lsgd")
    return settings.fixed()


def _run_one(task) -> StudyRun:
    problem_file, parameters, base, width, depth, seed, single_thread = task
    from pinnls.errors import PinnlsError
    from pinnls.io.report import build_report, jsonable
    from pinnls.settings import Settings
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem
    from pinnls.training import solve

    if single_thread:
        import torch

        torch.set_num_threads(1)
    try:
        loaded = load_problem(problem_file, parameters=parameters)
        settings = Settings.from_mapping(base, width=width, depth=depth, seed=seed)
        solution = solve(compile_problem(loaded.problem, settings), settings)
        return StudyRun(width, depth, seed, "ok", jsonable(build_report(solution)))
    except PinnlsError as error:
        return StudyRun(width, depth, seed, "failed", message=" ".join(str(error).split()))


def summarize(runs: Sequence[StudyRun]) -> dict[str, Any]:
    """Medians per (width, depth) and the fitted rates.

    Returns
    -------
    dict
        ``table``: list of {width, depth, runs, failed, median, min, max, median_wall};
        ``rates``: {"width": {depth: Rate}, "depth": {width: Rate}} for every slice with at
        least two distinct values.
    """
    table = []
    for (width, depth), group in itertools.groupby(
        sorted(runs, key=lambda r: (r.width, r.depth)), key=lambda r: (r.width, r.depth)
    ):
        group = list(group)
        errors = [r.error for r in group if r.status == "ok" and not math.isnan(r.error)]
        walls = [r.report["wall_seconds"] for r in group if r.status == "ok"]
        table.append(
            {
                "width": width,
                "depth": depth,
                "runs": len(group),
                "failed": sum(r.status != "ok" for r in group),
                "median": statistics.median(errors) if errors else None,
                "min": min(errors) if errors else None,
                "max": max(errors) if errors else None,
                "median_wall": statistics.median(walls) if walls else None,
            }
        )
    rates: dict[str, dict[int, Rate]] = {"width": {}, "depth": {}}
    for depth in sorted({r.depth for r in runs}):
        chosen = [r for r in runs if r.depth == depth and r.status == "ok"]
        rate = fit_rate([r.width for r in chosen], [r.error for r in chosen], "width")
        if rate:
            rates["width"][depth] = rate
    for width in sorted({r.width for r in runs}):
        chosen = [r for r in runs if r.width == width and r.status == "ok"]
        rate = fit_rate([r.depth for r in chosen], [r.error for r in chosen], "depth")
        if rate:
            rates["depth"][width] = rate
    return {"table": table, "rates": rates}
