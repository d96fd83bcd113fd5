"""A stage's chunks packed across terms and written in tiles, against one fresh chunk per term.

One least-squares stage (Box steepness, per-axis factors and aligned features fixed as the
automatic strategy chose them for the file, the strategy's clouds for the width), solved in one
process three ways, alternated: with the chunks as committed (``Chunks._packed``: the terms'
rows packed ``chunk_size`` to a chunk, each chunk written tile by tile, ``TILE_ENTRIES``
entries a tile), packed without tiles, and with the assembly before both (one chunk per
``chunk_size`` rows of each term, each term's block made whole and then scaled, the pieces of a
single chunk joined by ``torch.cat``; copied below). Prints a markdown table of the median
seconds of the whole ``pinnls.solve`` call, the chunks factored, and the rel L2 error, one
thread. A system's plane waves (elastic_plane_waves) are not among the cases: a width given by
hand assembles every unknown's columns, not the waves the automatic strategy solves.

Usage::

    python benchmarks/tiled_assembly.py [--repeats 2] [--widths W,...] [--json PATH] [CASE ...]
"""

from __future__ import annotations

import os
import statistics
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import torch  # noqa: E402
from figures import case_arguments, write_run  # noqa: E402

import pinnls  # noqa: E402
import pinnls.numeric.least_squares as ls  # noqa: E402
from pinnls.training import chunks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: name: (file, settings of the stage, widths): the settings the default run chose for its
#: widest stage (docs/benchmarks.md sections 64 and 65); advection_gauss, two axes, at widths
#: its default run (converged at 512) never reaches, at the ladder's steepness 2.
CASES = {
    "swirl_pulse": (
        "benchmarks/user19/swirl_pulse.py",
        dict(init_scale=6.0, aligned=1.0),
        (2048, 4096),
    ),
    "heat2d_pulsing_heater": (
        "benchmarks/user26/heat2d_pulsing_heater.py",
        dict(init_scale=1.5, axis_scales={"x": 4.0, "y": 4.0}),
        (2048, 4352),
    ),
    "advection_gauss": ("problems/advection_gauss.py", dict(init_scale=2.0), (2048, 3072)),
}


def per_term(self, reduced):
    """The assembly without a graph before the packed chunks (pinnls 9ec12a0): one chunk per
    ``chunk_size`` rows of each term, its block made whole, then scaled."""
    for term in self.system.terms:
        share = self.rows_of(term)
        for start in range(share.start, share.stop, self.chunk_size):
            rows = slice(start, min(start + self.chunk_size, share.stop))
            with torch.no_grad():
                A = term.scale * term.block(self.basis, rows, reduced)
            yield chunks.Chunk(
                ((term.name, rows.stop - rows.start),),
                A,
                term.scale * term.source[rows],
                reduced,
            )


PACKED = chunks.Chunks._packed
TILE = chunks.TILE_ENTRIES
#: side: (Chunks._packed, TILE_ENTRIES)
SIDES = {"packed, tiled": (PACKED, TILE), "packed": (PACKED, 2**62), "per term": (per_term, TILE)}


def one(path: str, settings: dict, width: int, side) -> dict:
    """One stage with ``Chunks._packed`` set to ``side``: seconds, chunks factored, rank and
    rel L2."""
    added = []
    real = ls.StreamingLeastSquares.add

    def counted(self, A_chunk, b_chunk):
        added.append(A_chunk.shape[0])
        return real(self, A_chunk, b_chunk)

    chunks.Chunks._packed, chunks.TILE_ENTRIES = side
    ls.StreamingLeastSquares.add = counted
    try:
        start = time.perf_counter()
        solution = pinnls.solve(ROOT / path, width=width, time_slabs=1, **settings)
        wall = time.perf_counter() - start
    finally:
        ls.StreamingLeastSquares.add = real
        chunks.Chunks._packed, chunks.TILE_ENTRIES = PACKED, TILE
    return dict(
        seconds=wall,
        chunks=len(added),
        rows=sum(added),
        rank=int(solution.rank),
        rel_l2=float(solution.errors()["rel_l2"]),
    )


def main() -> None:
    args = case_arguments(__doc__, CASES, widths=True)
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")  # unresolved stages warn; the table says how far
    rows = []
    print(f"one thread, medians of {args.repeats}, the three sides alternated")
    print(
        "| problem | width | rows | chunks factored: packed / per term | "
        "s: packed, tiled / packed / per term | ratio | rel L2: packed, tiled / per term |"
    )
    print("| --- | ---: | ---: | --- | --- | ---: | --- |")
    for name in args.cases:
        path, settings, widths = CASES[name]
        pinnls.solve(ROOT / path, width=64, time_slabs=1, **settings)  # warm up: lambdify
        if args.widths:
            widths = [w for w in widths if str(w) in args.widths.split(",")]
        for width in widths:
            runs = {side: [] for side in SIDES}
            for _ in range(args.repeats):
                for side, patch in SIDES.items():
                    runs[side].append(one(path, settings, width, patch))
            med = {side: statistics.median(r["seconds"] for r in rs) for side, rs in runs.items()}
            new, old = runs["packed, tiled"][-1], runs["per term"][-1]
            row = dict(problem=name, width=width, settings=settings, runs=runs, median=med)
            rows.append(row)
            print(
                f"| {name} | {width} | {new['rows']} | {new['chunks']} / {old['chunks']} | "
                f"{med['packed, tiled']:.1f} / {med['packed']:.1f} / {med['per term']:.1f} | "
                f"{med['per term'] / med['packed, tiled']:.2f} | "
                f"{new['rel_l2']:.3e} / {old['rel_l2']:.3e} |",
                flush=True,
            )
    if args.json:
        write_run(args.json, "benchmarks/tiled_assembly.py", repeats=args.repeats, rows=rows)


if __name__ == "__main__":
    main()
