"""A chain of subdomains solved by one banded QR: cost and memory against the number of
subdomains (docs/benchmarks.md section 33; issue 22, "linear growth").

A local basis cut along one axis only (``subdomains`` ``"Kx1"``) is a chain: each row lies in
one subdomain's support or in two neighbours'. :func:`pinnls.numeric.block_sparse.solve_chain`
factors its block-sparse system by one Householder QR per group of rows, without iterating.
This script solves the manufactured Poisson problem of tests/test_local_basis.py on K strips
of the unit square, each of a fixed size in features and points (the strips narrow as K grows;
``FEATURES`` features each, a 12 x 36 interior grid per strip, 36 points on
each of the faces x = 0, 1 and 12 per strip on y = 0, 1, steepness 0.5), K = 4 to 128, and
reports per K:

- the CPU seconds of assembling the blocks and of the chain solve (``time.process_time``, one
  thread: the machine is shared, wall time would measure the other jobs);
- the peak of numpy's allocations during a second chain solve (tracemalloc), and the entries
  stored (blocks, their U factors, the banded factor) against the dense system's;
- the rel L2 error on a 201 x 201 grid;
- for K <= 16, the same system by block-Jacobi LSMR (:func:`solve_block_sparse`) and by the
  dense gelsd (``torch.linalg.lstsq``), and the difference between the dense and chain
  solutions.

Usage::

    PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 5 .venv/bin/python benchmarks/chain_scaling.py \\
        --json docs/figures/chain_scaling.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import tracemalloc

import numpy as np
import torch

#: Features per subdomain.
FEATURES = 80
#: The subdomain counts measured (the first, repeated, warms torch up and is not reported).
COUNTS = (4, 4, 8, 16, 32, 64, 128)
#: Up to this many subdomains the LSMR and dense solves run beside the chain.
COMPARE = 16


def one(count: int) -> dict:
    sys.path.insert(0, "tests")
    from test_local_basis import poisson

    from pinnls import Settings, compile_problem
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_block_sparse, solve_chain
    from pinnls.training import build_basis

    terms = {
        "pde": {"points": f"grid:n={12 * count}x36"},
        "x0": {"points": "grid:n=36"},
        "x1": {"points": "grid:n=36"},
        "y0": {"points": f"grid:n={12 * count}"},
        "y1": {"points": f"grid:n={12 * count}"},
    }
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "init_scale": 0.5},
        width=FEATURES * count,
        subdomains=f"{count}x1",
        device="cpu",
        terms=terms,
    )
    compiled = compile_problem(poisson(), settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    began = time.process_time()
    blocks = assemble_blocks(system, basis)
    assembly = time.process_time() - began
    coefficients, info = solve_chain(blocks, basis.subdomains)
    tracemalloc.start()
    solve_chain(blocks, basis.subdomains)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    ticks = np.linspace(0, 1, 201)
    grid = np.stack(np.meshgrid(ticks, ticks, indexing="ij"), -1).reshape(-1, 2)
    exact = compiled.exact(grid)

    def values(c: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return (basis(torch.from_numpy(grid)) @ torch.from_numpy(c)).numpy()

    chain = values(coefficients)
    row = {
        "subdomains": count,
        "columns": basis.size,
        "rows": system.rows,
        "assembly_cpu": assembly,
        "chain_cpu": info["seconds"],
        "chain_peak_bytes": peak,
        "stored": info["stored"],
        "dense_entries": system.rows * basis.size,
        "residual": info["residual"],
        "rel_l2": float(np.linalg.norm(chain - exact) / np.linalg.norm(exact)),
    }
    if count <= COMPARE:
        began = time.process_time()
        lsmr, lsmr_info = solve_block_sparse(blocks)
        row["lsmr_cpu"] = time.process_time() - began
        row["lsmr_iterations"] = lsmr_info["iterations"]
        row["lsmr_rel_l2"] = float(np.linalg.norm(values(lsmr) - exact) / np.linalg.norm(exact))
        began = time.process_time()
        with torch.no_grad():
            matrix, b = system.assemble(basis)
            dense = torch.linalg.lstsq(matrix, b[:, None], rcond=1e-13, driver="gelsd")
        row["dense_cpu"] = time.process_time() - began
        dense_values = values(dense.solution[:, 0].numpy())
        row["dense_rel_l2"] = float(np.linalg.norm(dense_values - exact) / np.linalg.norm(exact))
        row["difference"] = float(
            np.linalg.norm(chain - dense_values) / np.linalg.norm(dense_values)
        )
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    args = parser.parse_args()
    torch.set_num_threads(1)
    load = os.getloadavg()
    started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    rows = []
    for index, count in enumerate(COUNTS):
        row = one(count)
        if index > 0:
            rows.append(row)
            print(json.dumps(row), flush=True)
    if args.json:
        record = {
            "command": "PYTHONPATH=. OMP_NUM_THREADS=1 python benchmarks/chain_scaling.py "
            f"--json {args.json}",
            "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}, "
            f"torch {torch.__version__}, one thread",
            "started": started,
            "load_before": load,
            "load_after": os.getloadavg(),
            "features": FEATURES,
            "rows": rows,
        }
        with open(args.json, "w") as handle:
            json.dump(record, handle, indent=1)


if __name__ == "__main__":
    main()
