"""Features across boundary layers: ridges against envelopes, in pinnls.

One least-squares stage of the automatic strategy (``width`` and ``init_scale`` given, so
exactly one stage on auto's clouds) with a fraction of the features across the problem's
layers (the ``layers`` setting), for shares of them drawn as envelopes rather than ridges
(``pinnls.numeric.initialization.LAYER_ENVELOPES``: 0 is ridges only, the first version; 1
envelopes only, the default), on problems with layers along one axis and along faces in two.
Writes a JSON table (docs/benchmarks.md, section 28)::

    PYTHONPATH=. python benchmarks/layers_envelopes.py --json docs/figures/layers_envelopes.json

One torch thread; the rel L2 error against the exact solution on the default grid, the
validation estimate, and the wall seconds of the ``pinnls.solve`` call.
"""

from __future__ import annotations

import argparse
import time
import warnings

import torch
from figures import machine, write_record

import pinnls
from pinnls.numeric import initialization

PROBLEMS = [
    "benchmarks/layers/steady_1d.py",
    "benchmarks/layers/reaction_1d.py",
    "benchmarks/drift/layer_1d.py",
    "benchmarks/drift/steady_2d.py",
    "benchmarks/layers/cd2d.py",
]
WIDTH = 1024
SCALE = 2.0
SHARES = (0.0, 0.5, 1.0)
FRACTIONS = (0.25, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    rows = []
    default = initialization.LAYER_ENVELOPES
    try:
        for path in PROBLEMS:
            problem = pinnls.load_problem(path).problem
            for share in SHARES:
                initialization.LAYER_ENVELOPES = share
                for fraction in FRACTIONS:
                    start = time.perf_counter()
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")  # unresolved ones say so
                        solution = pinnls.solve(
                            problem, width=WIDTH, init_scale=SCALE, layers=fraction
                        )
                    row = {
                        "problem": path,
                        "envelopes": share,
                        "layers": fraction,
                        "rel_l2": solution.errors()["rel_l2"],
                        "estimate": solution.validation["total"],
                        "seconds": time.perf_counter() - start,
                    }
                    rows.append(row)
                    print(
                        f"{path.rsplit('/', 1)[-1]:16s} envelopes {share:<4g} layers "
                        f"{fraction:<5g} rel L2 {row['rel_l2']:.2e} estimate "
                        f"{row['estimate']:.2e} {row['seconds']:.1f} s",
                        flush=True,
                    )
    finally:
        initialization.LAYER_ENVELOPES = default
    record = {
        "command": f"PYTHONPATH=. python benchmarks/layers_envelopes.py --json {args.json}",
        "width": WIDTH,
        "scale": SCALE,
        "machine": machine(),
        "torch": torch.__version__,
        "rows": rows,
    }
    write_record(args.json, record)


if __name__ == "__main__":
    main()
