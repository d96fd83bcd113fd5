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

``nproc`` times the same iteration on one and on ``--nproc`` processes (``pinnls solve
--nproc``; gloo on the CPU, one process per GPU with NCCL): strong scaling keeps the rows,
weak scaling multiplies them by the number of processes. ``model`` prints the flops/bytes
model of an iteration (:func:`predict`) for 1e6 rows and w = 1024, 4096, 8192 on one and on
eight GPUs, with its assumed rates; ``docs/scaling.md`` records both::

    python benchmarks/bench_scale.py nproc --rows 2e4 --width 128 --nproc 2
    python benchmarks/bench_scale.py model
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


#: Assumed H100 SXM rates of the peak model: float64 dense (tensor-core DGEMM) flop rate, HBM3
#: bandwidth, NVLink 4 bandwidth per direction between two GPUs.
PEAK = {"flops": 50e12, "hbm": 3e12, "link": 450e9}

#: Rates measured on one H200 (docs/figures/gpu/linalg_rates_h200.json; torch 2.11, cu130):
#: ``torch.linalg.qr`` of a (65536 + n) x n float64 chunk ran at 3.9, 11.4 and 16.8 TFLOP/s for
#: n = 1025, 4097, 8193 (DGEMM: 43-48), the SVD of an n x n factor took 0.21 s and 4.04 s for
#: n = 1025 and 4097 (0.89 s at 2049: x4.5 per doubling, so about 18 s at 8193,
#: extrapolated), a copy moved 4.2 TB/s. The one-H100 iteration of 1e6 rows at w = 1024
#: (docs/figures/gpu/scale_cuda_float64.json: 0.876 s) is about what these rates predict.
CALIBRATED = {
    "flops": {1024: 3.9e12, 4096: 11.4e12, 8192: 16.8e12},
    "hbm": 3e12,
    "link": 450e9,
    "solve": {1024: 0.21, 4096: 4.04, 8192: 18.0},
}


def predict(rows: float, width: int, gpus: int, rates: dict, chunk: int = 65536) -> dict:
    """Seconds per LSGD iteration of a one-hidden-layer net on ``gpus`` GPUs (float64).

    Per process: TSQR of ``rows / gpus`` rows (``2 n^2`` flops a row plus ``4/3 n^3`` a chunk,
    ``n = w + 1``); three passes that write and read the ``rows/gpus x w`` blocks (assembly,
    loss, gradient: ``48 w`` bytes a row); the all_gather of the ``n x n`` factors (ring:
    ``(gpus - 1) 8 n^2`` bytes received over the link); the QR of the stacked factors
    (``2 gpus n^3 - 2/3 n^3``, on every process) and the small solve (SVD, ``22 n^3`` flops at
    peak, or the measured time), which do not shrink with more GPUs.
    """
    n = width + 1
    flops = rates["flops"][width] if isinstance(rates["flops"], dict) else rates["flops"]
    local = rows / gpus
    chunks = max(1, -(-int(local) // chunk))
    qr = (2 * local * n**2 + chunks * 4 / 3 * n**3) / flops
    passes = 48 * local * width / rates["hbm"]
    gather = (gpus - 1) * 8 * n**2 / rates["link"] if gpus > 1 else 0.0
    stacked = (2 * gpus * n**3 - 2 / 3 * n**3) / flops if gpus > 1 else 0.0
    small = rates["solve"][width] if "solve" in rates else 22 * n**3 / flops
    total = qr + passes + gather + stacked + small
    return {"qr": qr, "passes": passes, "gather": gather, "stacked": stacked, "solve": small,
            "total": total}  # fmt: skip


def print_model() -> None:
    for name, rates in (("peak", PEAK), ("measured rates", CALIBRATED)):
        flops = rates["flops"]
        flops = (", ".join(f"{v / 1e12:g}" for v in flops.values())
                 if isinstance(flops, dict) else f"{flops / 1e12:g}")  # fmt: skip
        solve = (", ".join(f"{v:g} s" for v in rates["solve"].values())
                 if "solve" in rates else "22 n^3 flops")  # fmt: skip
        print(
            f"model ({name}): QR {flops} TFLOP/s float64, HBM {rates['hbm'] / 1e12:g} TB/s, "
            f"link {rates['link'] / 1e9:g} GB/s per direction, small solve {solve}"
        )
        print(f"{'rows':>9} {'width':>6} {'gpus':>5} {'TSQR s':>8} {'passes s':>9} "
              f"{'gather s':>9} {'stack s':>8} {'solve s':>8} {'s/iter':>8} "
              f"{'speed-up':>9}")  # fmt: skip
        for width in (1024, 4096, 8192):
            one = predict(1e6, width, 1, rates)["total"]
            for gpus in (1, 8):
                p = predict(1e6, width, gpus, rates)
                print(f"{int(1e6):>9} {width:>6} {gpus:>5} {p['qr']:>8.3f} {p['passes']:>9.3f} "
                      f"{p['gather']:>9.4f} {p['stacked']:>8.3f} {p['solve']:>8.3f} "
                      f"{p['total']:>8.3f} {one / p['total']:>8.2f}x")  # fmt: skip
        print()


def measure(
    rows: int,
    width: int,
    device: str,
    dtype: str,
    chunk: int,
    iterations: int,
    nproc: int = 1,
) -> dict:
    """One solve of ``iterations + 1`` LSGD iterations; returns the timings and peak memory
    (of this process: rank 0 when ``nproc > 1``)."""
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
        nproc=nproc,
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
        "nproc": nproc,
        "seconds_per_iteration": statistics.median(steps) if steps else float("nan"),
        "iterations_timed": len(steps),
        "total_seconds": total,
        "peak_gib": peak,
        "rel_l2": solution.errors()["rel_l2"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("iteration", "memory", "one", "nproc", "model"))
    parser.add_argument("--rows", default="1e4,1e5", help="comma-separated PDE row counts")
    parser.add_argument("--width", type=int, default=256)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", default="float64")
    parser.add_argument("--chunk-size", type=int, default=65536)
    parser.add_argument("--iterations", type=int, default=3, help="timed iterations")
    parser.add_argument("--nproc", type=int, default=2, help="processes of the nproc mode")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "model":
        print_model()
        return 0
    if args.mode == "nproc":
        return scaling(args)
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


def scaling(args) -> int:
    """Strong (same rows) and weak (rows x nproc) scaling, 1 against ``--nproc`` processes."""
    results = []
    for rows in (int(float(r)) for r in args.rows.split(",")):
        for kind, count in (("strong", rows), ("weak", rows * args.nproc)):
            one = measure(rows, args.width, args.device, args.dtype, args.chunk_size,
                          args.iterations)  # fmt: skip
            many = measure(count, args.width, args.device, args.dtype, args.chunk_size,
                           args.iterations, nproc=args.nproc)  # fmt: skip
            results.append({"kind": kind, "one": one, "many": many})
    print(f"{'scaling':>7} {'rows 1':>8} {'rows P':>8} {'width':>6} {'P':>3} {'s/iter 1':>9} "
          f"{'s/iter P':>9} {'ratio':>6} {'rel L2 1':>9} {'rel L2 P':>9}")  # fmt: skip
    for r in results:
        one, many = r["one"], r["many"]
        # strong: speed-up t1/tP (ideal P); weak: efficiency t1/tP (ideal 1)
        ratio = one["seconds_per_iteration"] / many["seconds_per_iteration"]
        print(f"{r['kind']:>7} {one['rows']:>8} {many['rows']:>8} {one['width']:>6} "
              f"{many['nproc']:>3} {one['seconds_per_iteration']:>9.4f} "
              f"{many['seconds_per_iteration']:>9.4f} {ratio:>6.2f} {one['rel_l2']:>9.2e} "
              f"{many['rel_l2']:>9.2e}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
