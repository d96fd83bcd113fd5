"""Global against local bases at equal total columns and fixed steepness (docs/benchmarks.md,
"Local bases").

Each run is one least-squares stage of the automatic strategy (``pinnls.solve`` with the width,
the steepness ``init_scale``, tanh and one time slab given, so that auto runs exactly one stage
on clouds it sizes for that width: 6 interior rows per column), with ``subdomains`` unset (the
global basis) or set (the same number of columns split evenly over the subdomains). Reported:
rel L2 against the exact solution on the default error grid, and the CPU seconds of the
``pinnls.solve`` call (``time.process_time``: the machine is shared, wall time would measure
the other jobs). One thread (``OMP_NUM_THREADS=1``, ``torch.set_num_threads(1)``); run it under
``nice``.

Usage::

    PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 15 .venv/bin/python benchmarks/local_basis.py \\
        --json docs/figures/local_basis.json

``--quick`` runs the smallest width only (a smoke test of the script).

``--scaling`` measures the block-sparse path instead (:mod:`pinnls.numeric.block_sparse`): a
manufactured Poisson problem on n x n subdomains of a fixed size (``FEATURES`` features and a
12 x 12 interior grid each, 12 points per cell width on the faces), n = 2, 4, 6, 8 (4 to 64
subdomains): assembly and solve CPU seconds, LSMR iterations, entries stored against the dense
system's, the peak of numpy's allocations during the solve (tracemalloc), and the rel L2 error;
at 4 and 16 subdomains also the dense solve (``torch.linalg.lstsq``, gelsd) of the same system,
and the difference between the two solutions.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings

#: problem file -> (subdomain layouts compared with the global basis, widths)
PROBLEMS = {
    "benchmarks/pyrfm/poisson_rfm.py": (["2x2", "4x4"], [1024]),
    "problems/advection_gauss.py": (["2x2", "4x4"], [1024]),
    "problems/rotation_2d.py": (["2x2x2", "4x4x1"], [1024]),
    "benchmarks/axes/heat_2d_ms.py": (["2x2x2", "8x1x1"], [1024]),
}
#: With the per-axis factors that the automatic strategy found (docs/benchmarks.md, section
#: 15), at its chosen steepness 1.5: the clouds are sized per axis too.
ANISOTROPIC = {
    "problems/rotation_2d.py": ({"x": 4.0, "y": 4.0}, ["2x2x1", "4x4x1", "2x2x2"]),
    "benchmarks/axes/heat_2d_ms.py": ({"x": 16.0, "y": 0.25}, ["8x1x1", "4x1x2"]),
}
#: The Box steepness of every feature (a local feature as steep as a global one, its cut plane
#: through a point of its own subdomain).
SCALES = (0.5, 1.0, 2.0, 4.0)


def run_one(path: str, width: int, scale: float, subdomains: str | None, axis_scales=None) -> dict:
    import pinnls

    began = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = pinnls.solve(
            path,
            width=width,
            init_scale=scale,
            activation="tanh",
            time_slabs=1,
            subdomains=subdomains,
            axis_scales=axis_scales,
            budget=1e6,
            device="cpu",
        )
    seconds = time.process_time() - began
    return {
        "problem": path,
        "width": width,
        "scale": scale,
        "subdomains": subdomains,
        "axis_scales": axis_scales,
        "rel_l2": float(solution.errors()["rel_l2"]),
        "estimate": float(solution.validation["total"]) if solution.validation else None,
        "cpu_seconds": seconds,
        "rows": int(solution.compiled.rows),
        "rank": int(solution.rank),
    }


#: Features per subdomain in the scaling runs.
FEATURES = 40


def scaling(rows_out: list) -> None:
    """The block-sparse path at a fixed size per subdomain (see the module docstring)."""
    import tracemalloc

    import numpy as np
    import torch

    sys.path.insert(0, "tests")
    from test_local_basis import poisson

    from pinnls import Settings, compile_problem
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_block_sparse
    from pinnls.training import build_basis

    # The first n = 2 warms torch up (its first forward-mode pass costs about a second).
    for index, n in enumerate((2, 2, 4, 6, 8)):
        spacing = f"grid:1/{12 * n}"
        terms = {name: {"points": spacing} for name in ("pde", "x0", "x1", "y0", "y1")}
        settings = Settings.from_mapping(
            {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "init_scale": 0.5},
            width=FEATURES * n * n,
            subdomains=f"{n}x{n}",
            device="cpu",
            terms=terms,
        )
        compiled = compile_problem(poisson(), settings)
        basis = build_basis(compiled, settings)
        system = System(compiled, torch.float64, "cpu")
        began = time.process_time()
        blocks = assemble_blocks(system, basis)
        assembly = time.process_time() - began
        coefficients, info = solve_block_sparse(blocks)
        # Again under tracemalloc for the peak (tracing slows numpy's allocations several
        # times, so the time above is measured without it).
        tracemalloc.start()
        solve_block_sparse(blocks)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        grid = np.stack(np.meshgrid(*[np.linspace(0, 1, 101)] * 2, indexing="ij"), -1)
        grid = grid.reshape(-1, 2)
        exact = compiled.exact(grid)
        with torch.no_grad():
            values = (basis(torch.from_numpy(grid)) @ torch.from_numpy(coefficients)).numpy()
        row = {
            "subdomains": n * n,
            "columns": basis.size,
            "rows": system.rows,
            "assembly_cpu": assembly,
            "solve_cpu": info["seconds"],
            "iterations": info["iterations"],
            "stored": blocks.stored,
            "stored_with_factors": info["stored"],
            "dense_entries": system.rows * basis.size,
            "solve_peak_bytes": peak,
            "rel_l2": float(np.linalg.norm(values - exact) / np.linalg.norm(exact)),
        }
        if n <= 4:
            began = time.process_time()
            with torch.no_grad():
                matrix, b = system.assemble(basis)
                dense = torch.linalg.lstsq(matrix, b[:, None], rcond=1e-13, driver="gelsd")
                dense_values = (basis(torch.from_numpy(grid)) @ dense.solution[:, 0]).numpy()
            row["dense_cpu"] = time.process_time() - began
            row["dense_rel_l2"] = float(
                np.linalg.norm(dense_values - exact) / np.linalg.norm(exact)
            )
            row["difference"] = float(
                np.linalg.norm(values - dense_values) / np.linalg.norm(dense_values)
            )
        if index > 0:
            rows_out.append(row)
            print(json.dumps(row), flush=True)


def record(command: str, load, rows: list) -> dict:
    """The JSON: the command, the load averages before and after, the rows."""
    return {"command": command, "load_before": load, "load_after": os.getloadavg(), "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    parser.add_argument("--quick", action="store_true", help="width 128 only")
    parser.add_argument("--problems", nargs="*", help="a subset of the problem files")
    parser.add_argument("--widths", type=int, nargs="*", help="in place of each problem's")
    parser.add_argument("--scales", type=float, nargs="*", help="in place of SCALES")
    parser.add_argument("--scaling", action="store_true", help="the block-sparse path instead")
    parser.add_argument(
        "--anisotropic", action="store_true", help="the per-axis runs (ANISOTROPIC) instead"
    )
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    rows = []
    load = os.getloadavg()
    command = "PYTHONPATH=. OMP_NUM_THREADS=1 nice -n 15 .venv/bin/python " + " ".join(sys.argv)
    if args.scaling:
        scaling(rows)
        if args.json:
            with open(args.json, "w") as file:
                json.dump(record(command, load, rows), file, indent=1)
        return
    plan = [(path, layouts, widths, SCALES, None) for path, (layouts, widths) in PROBLEMS.items()]
    if args.anisotropic:
        plan = [(path, layouts, [1024], (1.5,), factors)
                for path, (factors, layouts) in ANISOTROPIC.items()]  # fmt: skip
    for path, layouts, widths, scales, factors in plan:
        if args.problems and path not in args.problems:
            continue
        widths = args.widths or widths
        scales = args.scales or scales
        for width in [128] if args.quick else widths:
            for scale in scales:
                for subdomains in [None, *layouts]:
                    row = run_one(path, width, scale, subdomains, factors)
                    rows.append(row)
                    print(
                        f"{path:36s} w={width:5d} s={scale:4.1f} {str(subdomains):7s} "
                        f"rel L2 {row['rel_l2']:.2e}  cpu {row['cpu_seconds']:6.1f} s  "
                        f"rows {row['rows']}",
                        flush=True,
                    )
    if args.json:
        with open(args.json, "w") as file:
            json.dump(record(command, load, rows), file, indent=1)


if __name__ == "__main__":
    main()
