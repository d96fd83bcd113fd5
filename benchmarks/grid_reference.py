"""Issue 25's data-coefficient target: 2-D Poisson with a diffusivity on a 64 x 64 grid file,
checked against a reference file from an independent solver.

-div(kappa grad u) = 1 on [0, 1]^2, u = 0 on the boundary, with kappa = 1 + 0.5 sin(2 pi x)
sin(2 pi y) + x y given only as a 64 x 64 grid file (kappa.csv). The reference is a
second-order finite-difference solve (5-point, conservative, kappa at the cell faces from the
same multilinear interpolation of the grid; scipy.sparse's direct solver) on an n x n grid,
written as fem.csv at its interior nodes; two grids (n = 256 and 512) bound its own error.
pinnls reads kappa with ``GridFunction`` and the reference with ``problem.reference`` and
reports the error against it.

    .venv/bin/python benchmarks/grid_reference.py [--json docs/figures/grid_reference.json]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy.sparse as sparse  # noqa: E402
import scipy.sparse.linalg as sparse_linalg  # noqa: E402
import sympy as sp  # noqa: E402
from scipy.interpolate import RegularGridInterpolator  # noqa: E402

import pinnls  # noqa: E402
from pinnls import Box, GridFunction, Problem  # noqa: E402

FIT = {
    "optimizer": "lsgd",
    "iterations": 0,
    "width": 512,
    "activation": "tanh",
    "init_scale": 2.0,
    "rcond": 1e-15,
    "seed": 0,
}


def kappa_values(a, b):
    return 1 + 0.5 * np.sin(2 * np.pi * a) * np.sin(2 * np.pi * b) + a * b


def write_kappa(path: Path, n: int = 64) -> RegularGridInterpolator:
    ticks = np.linspace(0, 1, n)
    grid_x, grid_y = np.meshgrid(ticks, ticks, indexing="ij")
    values = kappa_values(grid_x, grid_y)
    rows = ["x,y,value"] + [
        f"{a:.17g},{b:.17g},{v:.17g}"
        for a, b, v in zip(grid_x.ravel(), grid_y.ravel(), values.ravel())
    ]
    path.write_text("\n".join(rows) + "\n")
    return RegularGridInterpolator((ticks, ticks), values)


def finite_differences(kappa: RegularGridInterpolator, n: int):
    """The 5-point conservative solve on n x n cells: interior nodes and values."""
    h = 1.0 / n
    nodes = np.linspace(0, 1, n + 1)[1:-1]
    m = n - 1
    index = np.arange(m * m).reshape(m, m)
    rows, cols, vals = [], [], []
    diagonal = np.zeros(m * m)
    for shift in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        grid_x, grid_y = np.meshgrid(nodes, nodes, indexing="ij")
        face = kappa(
            np.stack([grid_x + shift[0] * h / 2, grid_y + shift[1] * h / 2], -1).reshape(-1, 2)
        ).reshape(m, m)
        diagonal += face.ravel() / h**2
        i, j = np.meshgrid(np.arange(m), np.arange(m), indexing="ij")
        ni, nj = i + shift[0], j + shift[1]
        inside = (ni >= 0) & (ni < m) & (nj >= 0) & (nj < m)
        rows.append(index[i[inside], j[inside]])
        cols.append(index[ni[inside], nj[inside]])
        vals.append(-face[inside] / h**2)
    matrix = sparse.csr_matrix(
        (
            np.concatenate([diagonal, *vals]),
            (np.concatenate([np.arange(m * m), *rows]), np.concatenate([np.arange(m * m), *cols])),
        ),
        shape=(m * m, m * m),
    )
    solution = sparse_linalg.spsolve(matrix.tocsc(), np.ones(m * m))
    grid_x, grid_y = np.meshgrid(nodes, nodes, indexing="ij")
    return np.stack([grid_x.ravel(), grid_y.ravel()], 1), solution


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    kappa_grid = write_kappa(folder / "kappa.csv")
    out: dict = {
        "command": f"OMP_NUM_THREADS=1 .venv/bin/python benchmarks/grid_reference.py "
        f"--json {args.json}",
        "fit": FIT,
    }
    began = time.perf_counter()
    fine_points, fine = finite_differences(kappa_grid, 512)
    coarse_points, coarse = finite_differences(kappa_grid, 256)
    out["fd_seconds"] = time.perf_counter() - began
    # the 256-grid's nodes are every other node of the 512-grid's
    on_coarse = fine.reshape(511, 511)[1::2, 1::2].ravel()
    out["fd_256_vs_512_rel_l2"] = float(
        np.linalg.norm(coarse - on_coarse) / np.linalg.norm(on_coarse)
    )
    rows = ["x,y,value"] + [f"{p[0]:.17g},{p[1]:.17g},{v:.17g}" for p, v in zip(fine_points, fine)]
    (folder / "fem.csv").write_text("\n".join(rows) + "\n")

    x, y = sp.symbols("x y")
    u = sp.Function("u")
    kappa = GridFunction(folder / "kappa.csv", axes=(x, y))
    problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="poisson-grid-kappa")
    flux = sp.diff(kappa * u(x, y).diff(x), x) + sp.diff(kappa * u(x, y).diff(y), y)
    problem.equation("pde", sp.Eq(-flux, 1), points="sobol:16384")
    for name, face in (("left", {"x": 0}), ("right", {"x": 1}), ("bottom", {"y": 0}),
                       ("top", {"y": 1})):  # fmt: skip
        problem.condition(
            name, sp.Eq(u(x, y), 0), on=problem.domain.face(**face), points="random:512"
        )
    problem.reference(folder / "fem.csv")
    began = time.perf_counter()
    solution = pinnls.solve(problem, **FIT)
    out["pinnls_seconds"] = time.perf_counter() - began
    errors = solution.errors()
    out["rel_l2_vs_reference"] = errors["rel_l2"]
    out["max_vs_reference"] = errors["max"]
    out["reference_points"] = int(len(fine))
    print(
        f"finite differences: 512 vs 256 grid rel L2 {out['fd_256_vs_512_rel_l2']:.2e} "
        f"({out['fd_seconds']:.1f} s for both)\n"
        f"pinnls (width {FIT['width']}, one LS solve, {out['pinnls_seconds']:.1f} s): rel L2 "
        f"{errors['rel_l2']:.2e} against the 512-grid reference at {len(fine)} nodes"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
