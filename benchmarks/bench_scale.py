"""Scale: time per LSGD iteration and peak memory against the number of collocation rows.

The problem is the paper's E4 (``problems/advection_constant.py``) with its PDE cloud replaced
by ``random:N``; the basis is a fixed one-hidden-layer ReLU net of width ``w`` (no automatic
choices, so that every row count runs the same computation). An LSGD iteration makes three
streamed passes over the ``N x w`` system (least squares by TSQR, the loss, the gradient), each
assembling ``--chunk-size`` rows at a time, so memory should stay flat in ``N``.

Usage::

    python benchmarks/bench_scale.py iteration --device cuda --rows 1e5,1e6 --width 1024
    python benchmarks/bench_scale.py memory --rows 2e4,2e5 --width 256 --chunk-size 8192

``iteration`` prints a table of seconds per LSGD iteration (median over the timed iterations,
after one warm-up) and the peak memory (CUDA: ``torch.cuda.max_memory_allocated``; CPU: the
process's peak resident set). ``memory`` runs each row count in a fresh process on the CPU and
prints the peak resident set, so that one count's allocations cannot hide another's.
``--json FILE`` writes the rows of the table.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(rows: int, width: int, device: str, dtype: str, chunk: int, iterations: int) -> dict:
    """One solve of ``iterations + 1`` LSGD iterations; returns the timings and peak memory."""
    import torch

    from pinnls import Settings, compile_problem, load_problem, solve

    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    settings = Settings.from_mapping(
        loaded.settings,
        device=device,
        dtype=dtype,
        width=width,
        iterations=iterations + 1,
        chunk_size=chunk,
        eval_every=10**6,  # the error grid is not what is measured here
        terms={"pde": {"points": f"random:{rows}"}},
    )
    compiled = compile_problem(loaded.problem, settings)
    walls: list[float] = []
    if device == "cuda":
        torch.cuda.reset_peak_memory_stats()

    def callback(event: dict) -> None:
        if device == "cuda":
            torch.cuda.synchronize()
        walls.append(time.perf_counter())

    start = time.perf_counter()
    solution = solve(compiled, settings, callback=callback)
    total = time.perf_counter() - start
    steps = [b - a for a, b in zip(walls, walls[1:], strict=False)]
    peak = (
        torch.cuda.max_memory_allocated() / 2**30
        if device == "cuda"
        else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
    )
    return {
        "rows": compiled.rows,
        "width": width,
        "device": device,
        "dtype": dtype,
        "chunk_size": chunk,
        "seconds_per_iteration": statistics.median(steps) if steps else float("nan"),
        "iterations_timed": len(steps),
        "total_seconds": total,
        "peak_gib": peak,
        "rel_l2": solution.errors()["rel_l2"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("iteration", "memory", "one"))
    parser.add_argument("--rows", default="1e4,1e5", help="comma-separated PDE row counts")
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default="float64")
    parser.add_argument("--chunk-size", type=int, default=65536)
    parser.add_argument("--iterations", type=int, default=3, help="timed iterations")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    counts = [int(float(r)) for r in args.rows.split(",")]
    results = []
    for rows in counts:
        if args.mode == "memory":
            # A fresh process per count: ru_maxrss is a high-water mark of the whole process.
            out = subprocess.run(
                [sys.executable, __file__, "one", "--rows", str(rows), "--width", str(args.width),
                 "--device", "cpu", "--dtype", args.dtype, "--chunk-size", str(args.chunk_size),
                 "--iterations", str(args.iterations)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        else:
            results.append(
                measure(rows, args.width, args.device, args.dtype, args.chunk_size, args.iterations)
            )
        if args.mode == "one":
            print(json.dumps(results[-1]))
            return 0
    print(f"{'rows':>9} {'width':>6} {'device':>6} {'dtype':>8} {'chunk':>7} "
          f"{'s/iter':>8} {'peak GiB':>9} {'rel L2':>9}")  # fmt: skip
    for r in results:
        print(
            f"{r['rows']:>9} {r['width']:>6} {r['device']:>6} {r['dtype']:>8} "
            f"{r['chunk_size']:>7} {r['seconds_per_iteration']:>8.3f} {r['peak_gib']:>9.3f} "
            f"{r['rel_l2']:>9.2e}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
