"""Solver targets of the paper reproduction, measured side by side in one run.

Prints markdown tables:

1. ``advection_constant`` (paper E4), relu 1x32, Box, lr 5e-3: LSGD (Adam hidden step) for
   1000 iterations over several seeds -- median rel L2 error and the wall time at which the
   error first drops below 1e-6 -- against the Adam joint baseline for 10000 iterations.
2. Cost of one LSGD iteration against one Adam-joint iteration on the same net and points
   (median seconds per iteration over repeated short runs, interleaved), and of one LSGD
   iteration with the system in one chunk (assembled once per iteration) and in 1000-row chunks
   (assembled in every pass).
3. ``advection_gauss`` and ``advection_variable`` with each problem file's own settings:
   rel L2 error and wall time.
4. ResNet width 32, depth 128, relu, fitting sin(2 pi x) at 256 points (E3): Box against He.

Usage: ``python benchmarks/bench_solver.py [--seeds 5] [--threads 1] [--quick] [--json PATH]``
(``--json`` also writes the tables' values; docs/figures/bench_solver.json holds sections 1, 2
and 4 of docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import sys
import time
from pathlib import Path

import sympy as sp
import torch

from pinnls import Box, Grid, Problem, Settings, compile_problem, load_problem, solve

ROOT = Path(__file__).resolve().parents[1]


def run(problem, settings: Settings):
    compiled = compile_problem(problem, settings)
    start = time.perf_counter()
    solution = solve(compiled, settings)
    return solution, time.perf_counter() - start


def time_to(history, threshold: float) -> float:
    for error, wall in zip(history.error, history.wall):
        if not math.isnan(error) and error <= threshold:
            return wall
    return math.nan


def e4(seeds: int, quick: bool) -> dict:
    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    lsgd_iterations = 200 if quick else 1000
    adam_iterations = 500 if quick else 10000
    rows = []
    for seed in range(seeds):
        base = Settings.from_mapping(loaded.settings, seed=seed, eval_every=10)
        lsgd, lsgd_wall = run(loaded.problem, base.replace(iterations=lsgd_iterations))
        adam, adam_wall = run(
            loaded.problem,
            base.replace(optimizer="adam", iterations=adam_iterations, eval_every=100),
        )
        rows.append(
            (
                seed,
                lsgd.errors()["rel_l2"],
                time_to(lsgd.history, 1e-6),
                lsgd_wall,
                adam.errors()["rel_l2"],
                adam_wall,
            )
        )
    print("\n### advection_constant (E4): relu 1x32, Box, lr 5e-3\n")
    print(
        f"| seed | LSGD rel L2 ({lsgd_iterations} it) | LSGD time to 1e-6 (s) | LSGD wall (s) "
        f"| Adam joint rel L2 ({adam_iterations} it) | Adam wall (s) | error ratio Adam/LSGD |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for seed, le, lt, lw, ae, aw in rows:
        print(f"| {seed} | {le:.2e} | {lt:.2f} | {lw:.1f} | {ae:.2e} | {aw:.1f} | {ae / le:.1e} |")
    med = [statistics.median(r[i] for r in rows) for i in range(1, 6)]
    print(
        f"| median | {med[0]:.2e} | {med[1]:.2f} | {med[2]:.1f} | {med[3]:.2e} | {med[4]:.1f} "
        f"| {med[3] / med[0]:.1e} |"
    )
    keys = ("seed", "lsgd_rel_l2", "lsgd_time_to_1e-6", "lsgd_wall", "adam_rel_l2", "adam_wall")
    return {
        "lsgd_iterations": lsgd_iterations,
        "adam_iterations": adam_iterations,
        "rows": [
            {**dict(zip(keys, row, strict=True)), "error_ratio": row[4] / row[1]} for row in rows
        ],
        "median_error_ratio": med[3] / med[0],
    }


def iteration_cost(repeats: int) -> dict:
    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    base = Settings.from_mapping(loaded.settings, iterations=50, eval_every=10**6)
    compiled = compile_problem(loaded.problem, base)
    per = {"lsgd": [], "adam": []}
    for _ in range(repeats):
        for optimizer in per:
            settings = base.replace(optimizer=optimizer, lr=5e-3 if optimizer == "lsgd" else 1e-3)
            solution = solve(compiled, settings)
            wall = solution.history.wall
            # Skip the first iteration (one-time set-up) and the last (no step).
            per[optimizer].append((wall[-1] - wall[1]) / (len(wall) - 2))
    lsgd, adam = statistics.median(per["lsgd"]), statistics.median(per["adam"])
    print("\n### Cost per iteration, advection_constant, relu 1x32, 4224 points\n")
    print("| method | median s/iteration | ratio to Adam joint |")
    print("| --- | ---: | ---: |")
    print(f"| LSGD (LS + Adam hidden step) | {lsgd * 1e3:.2f} ms | {lsgd / adam:.2f} |")
    print(f"| Adam joint | {adam * 1e3:.2f} ms | 1.00 |")
    single, chunked = [], []
    for _ in range(repeats):
        for chunk_size, times in ((base.chunk_size, single), (1000, chunked)):
            wall = solve(compiled, base.replace(chunk_size=chunk_size)).history.wall
            times.append((wall[-1] - wall[1]) / (len(wall) - 2))
    print("\n| LSGD system | median s/iteration |")
    print("| --- | ---: |")
    print(f"| one chunk (4224 rows) | {statistics.median(single) * 1e3:.2f} ms |")
    print(f"| 1000-row chunks | {statistics.median(chunked) * 1e3:.2f} ms |")
    return {
        "lsgd_seconds": lsgd,
        "adam_seconds": adam,
        "one_chunk_seconds": statistics.median(single),
        "chunked_seconds": statistics.median(chunked),
    }


def smooth_problems() -> list:
    print("\n### Smooth transport problems with the defaults (optimizer auto)\n")
    print("| problem | settings | rel L2 | max error | wall (s) | rank |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    rows = []
    for name in ("advection_gauss", "advection_variable"):
        loaded = load_problem(ROOT / "problems" / f"{name}.py")
        settings = Settings.from_mapping(loaded.settings)
        solution, wall = run(loaded.problem, settings)
        errors = solution.errors()
        shown = ", ".join(f"{k}={v}" for k, v in loaded.settings.items()) or "defaults"
        chosen = getattr(solution.strategy, "chosen", None)  # an AutoRecord's choice
        if chosen is not None:
            shown += f" (auto chose width {chosen.width}, scale {chosen.scale})"
        print(
            f"| {name} | {shown} | {errors['rel_l2']:.2e} | {errors['max']:.2e} | {wall:.1f} "
            f"| {solution.rank} |"
        )
        rows.append({"problem": name, "rel_l2": errors["rel_l2"], "wall": wall})
    return rows


def deep_resnet(quick: bool) -> list:
    x = sp.Symbol("x")
    u = sp.Function("u")
    problem = Problem(u(x), Box(x=(0, 1)), name="sin2pi")
    problem.equation("fit", sp.Eq(u(x), sp.sin(2 * sp.pi * x)), points=Grid(n=256))
    problem.exact(sp.sin(2 * sp.pi * x))
    print("\n### ResNet depth 128, width 32, relu, sin(2 pi x) at 256 points (E3)\n")
    print("| init | rank at start | rel L2 at start | rel L2 after | iterations |")
    print("| --- | ---: | ---: | ---: | ---: |")
    rows = []
    for init in ("box", "he"):
        settings = Settings(
            optimizer="lsgd",
            width=32,
            depth=128,
            arch="resnet",
            activation="relu",
            init=init,
            lr=1e-3,
            iterations=50 if quick else 500,
            eval_every=10,
        )
        try:
            solution, _ = run(problem, settings)
            h = solution.history
            print(
                f"| {init} | {h.rank[0]} | {h.error[0]:.2e} | {solution.errors()['rel_l2']:.2e} "
                f"| {solution.iterations} |"
            )
            rows.append(
                {
                    "init": init,
                    "rank_start": h.rank[0],
                    "rel_l2_start": h.error[0],
                    "rel_l2_end": solution.errors()["rel_l2"],
                    "iterations": solution.iterations,
                }
            )
        except Exception as error:  # noqa: BLE001 - a failure is a result here
            print(f"| {init} | - | - | failed: {error} | - |")
            rows.append({"init": init, "failure": str(error)})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="e4,cost,smooth,resnet")
    parser.add_argument("--json", type=Path, help="also write the tables' values to this file")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"torch {torch.__version__}, threads {args.threads}, float64, CPU"
    )
    only = set(args.only.split(","))
    document: dict = {"command": "python benchmarks/bench_solver.py " + " ".join(sys.argv[1:])}
    if "e4" in only:
        document["e4"] = e4(args.seeds, args.quick)
    if "cost" in only:
        document["cost"] = iteration_cost(args.repeats)
    if "smooth" in only:
        document["smooth"] = smooth_problems()
    if "resnet" in only:
        document["resnet"] = deep_resnet(args.quick)
    if args.json:
        args.json.write_text(json.dumps(document, indent=1) + "\n")


if __name__ == "__main__":
    main()
