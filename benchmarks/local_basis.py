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
"""

from __future__ import annotations

import argparse
import json
import os
import time
import warnings

#: problem file -> (subdomain layouts compared with the global basis, widths)
PROBLEMS = {
    "benchmarks/pyrfm/poisson_rfm.py": (["2x2", "4x4"], [1024]),
    "problems/advection_gauss.py": (["2x2", "4x4"], [1024]),
    "problems/rotation_2d.py": (["2x2x2", "4x4x1"], [1024]),
    "benchmarks/axes/heat_2d_ms.py": (["2x2x2", "8x1x1"], [1024]),
}
#: The Box steepness of every feature (a local feature as steep as a global one, its cut plane
#: through a point of its own subdomain).
SCALES = (0.5, 1.0, 2.0, 4.0)


def run_one(path: str, width: int, scale: float, subdomains: str | None) -> dict:
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
            budget=1e6,
            device="cpu",
        )
    seconds = time.process_time() - began
    return {
        "problem": path,
        "width": width,
        "scale": scale,
        "subdomains": subdomains,
        "rel_l2": float(solution.errors()["rel_l2"]),
        "estimate": float(solution.validation["total"]) if solution.validation else None,
        "cpu_seconds": seconds,
        "rows": int(solution.compiled.rows),
        "rank": int(solution.rank),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    parser.add_argument("--quick", action="store_true", help="width 128 only")
    parser.add_argument("--problems", nargs="*", help="a subset of the problem files")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    rows = []
    load = os.getloadavg()
    for path, (layouts, widths) in PROBLEMS.items():
        if args.problems and path not in args.problems:
            continue
        for width in [128] if args.quick else widths:
            for scale in SCALES:
                for subdomains in [None, *layouts]:
                    row = run_one(path, width, scale, subdomains)
                    rows.append(row)
                    print(
                        f"{path:36s} w={width:5d} s={scale:4.1f} {str(subdomains):7s} "
                        f"rel L2 {row['rel_l2']:.2e}  cpu {row['cpu_seconds']:6.1f} s  "
                        f"rows {row['rows']}",
                        flush=True,
                    )
    if args.json:
        with open(args.json, "w") as file:
            json.dump({"load_before": load, "load_after": os.getloadavg(), "rows": rows}, file,
                      indent=1)  # fmt: skip


if __name__ == "__main__":
    main()
