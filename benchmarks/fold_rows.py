"""TSQR's fold of new rows into the factor so far: a QR of the stacked rows against
:func:`pinnls.numeric.least_squares.fold_rows`' panels.

Each case is a factor ``r`` of ``k = n`` rows (the QR of ``n + 200`` Gaussian rows) and ``m``
new Gaussian rows, both float64. ``stacked``: ``torch.linalg.qr`` of ``[r; block]`` (what TSQR
did before); ``panels``: the panel path of ``fold_rows`` (``_fold_panels``), run for every case,
also where ``fold_rows`` itself stacks (``m > k``), to show where the rule's crossover lies.
The two alternate, ``--repeats`` times each; the table gives the medians of the seconds, their
ratio, and the largest difference of the two factors (rows' signs matched) relative to the
factor's largest entry. One thread.

The cases: the heater's widest stage (section 66: 32,768 rows by 4,353 columns, of which a
chunk of 1 GiB holds 30,833) leaves 1,935 rows to fold; ``--nproc 2`` folds one process's
factor into another's (``m = n``); then narrower bases, and a fold of more rows than the
factor holds.

Usage: ``PYTHONPATH=. python benchmarks/fold_rows.py [--repeats N] [--json PATH]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from figures import write_run  # noqa: E402

from pinnls.numeric import least_squares as ls  # noqa: E402

#: (n columns, m new rows)
CASES = [(4353, 1935), (4353, 4353), (3329, 1000), (2049, 2049), (2049, 8000), (1025, 500)]


def case(n: int, m: int, repeats: int) -> dict:
    generator = torch.Generator().manual_seed(n + m)
    r = torch.linalg.qr(torch.randn(n + 200, n, generator=generator, dtype=torch.float64)).R
    block = torch.randn(m, n, generator=generator, dtype=torch.float64)
    times = {"stacked": [], "panels": []}
    factors = {}
    for _ in range(repeats):
        for name in times:
            a, b = r.clone(), block.clone()
            began = time.perf_counter()
            if name == "stacked":
                factors[name] = torch.linalg.qr(torch.cat([a, b]), mode="r").R
            else:
                factors[name] = ls._fold_panels(a, b)
            times[name].append(time.perf_counter() - began)
    stacked, panels = factors["stacked"], factors["panels"]
    signs = torch.sign(stacked.diagonal()) * torch.sign(panels.diagonal())
    difference = (signs[:, None] * panels - stacked).abs().max() / stacked.abs().max()
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "n": n,
        "m": m,
        "folded_by_fold_rows": m <= n,
        "stacked_seconds": medians["stacked"],
        "panels_seconds": medians["panels"],
        "ratio": medians["stacked"] / medians["panels"],
        "difference": float(difference),
        "seconds": times,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    torch.set_num_threads(1)
    print(f"FOLD_PANEL {ls.FOLD_PANEL}, {args.repeats} repeats, medians")
    print("| n | m | fold_rows | stacked s | panels s | stacked / panels | difference |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    rows = []
    for n, m in CASES:
        row = case(n, m, args.repeats)
        rows.append(row)
        path = "panels" if row["folded_by_fold_rows"] else "stacked"
        print(
            f"| {n} | {m} | {path} | {row['stacked_seconds']:.2f} | {row['panels_seconds']:.2f} "
            f"| {row['ratio']:.2f} | {row['difference']:.1e} |",
            flush=True,
        )
    if args.json:
        write_run(
            args.json,
            "benchmarks/fold_rows.py",
            panel=ls.FOLD_PANEL,
            repeats=args.repeats,
            rows=rows,
        )


if __name__ == "__main__":
    main()
