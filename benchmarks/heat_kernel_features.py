"""A prototype, outside the product: features that spread as the heat kernel does, for a front
carried and spread by u_t + a u_x = nu u_xx (docs/benchmarks.md, section 37).

Each feature ``erf((x - a t - b) / sqrt(s^2 + 4 nu t))`` solves the constant-coefficient equation
exactly (an erf step of width s at t = 0, spread by the kernel while the flow carries it), so the
PDE rows vanish and only the initial and boundary rows remain to fit. This script draws ``b``
uniformly over the characteristics that reach the box and ``s`` log-uniformly between a floor
and the box length, fits the initial and boundary data by least squares (an SVD with a relative
cutoff of 1e-13; a constant column; rows weighted as pinnls weighs terms, one per unit length),
and measures the error on a 201 x 101 grid against the exact solution: erf_front's
(benchmarks/user21/erf_front.py; itself one such feature, so the family holds it) and a Gaussian
pulse's (which no feature is), beside pinnls's own defaults (section 37). On two space axes
(:func:`solve_2d`) the features are ridges along random unit directions, fitted to
benchmarks/axes/advection_diffusion_2d.py's initial face and four sides. It is not a
strategy: the floor of ``s`` and the range of ``b`` are read from the problem by hand.

    PYTHONPATH=. .venv/bin/python benchmarks/heat_kernel_features.py --json F
"""

from __future__ import annotations

import argparse
import json
import math
import time

import numpy as np
from scipy.special import erf, erfc

NU, A, X0, T0 = (
    0.01,
    1.0,
    0.2,
    0.05,
)  # erf_front: u = erfc((x - 0.2 - t) / sqrt(4 nu (t + 0.05))) / 2
LENGTH, HORIZON = 2.0, 1.0
S0 = 0.05  # the pulse's width at t = 0


def front(x, t):
    """erf_front's exact solution: itself one of the features (b = 0.2, s = sqrt(4 nu 0.05))."""
    return erfc((x - X0 - A * t) / np.sqrt(4 * NU * (t + T0))) / 2


def pulse(x, t):
    """A Gaussian pulse of width 0.05 from x = 0.3, carried and spread: no feature is it."""
    var = S0**2 + 2 * NU * t
    return S0 / np.sqrt(var) * np.exp(-((x - 0.3 - A * t) ** 2) / (2 * var))


CASES = {"front": front, "pulse": pulse}


def features(x, t, b, s):
    """(n, w) values of the heat-kernel features at points (x, t)."""
    return erf(
        (x[:, None] - A * t[:, None] - b[None, :]) / np.sqrt(s[None, :] ** 2 + 4 * NU * t[:, None])
    )


def solve(width: int, floor: float, seed: int, case: str, rows_per_column: int = 4) -> dict:
    exact = CASES[case]
    rng = np.random.default_rng(seed)
    b = rng.uniform(
        -A * HORIZON - 0.5, LENGTH + 0.5, width
    )  # every characteristic that meets the box
    s = np.exp(rng.uniform(math.log(floor), math.log(LENGTH), width))
    n = rows_per_column * width
    xi = np.linspace(0, LENGTH, n)  # the initial face
    tb = np.linspace(0, HORIZON, n // 2)  # each side face
    began = time.process_time()
    x = np.concatenate([xi, np.zeros_like(tb), np.full_like(tb, LENGTH)])
    t = np.concatenate([np.zeros_like(xi), tb, tb])
    weight = np.concatenate([np.full(xi.size, math.sqrt(LENGTH / xi.size)),
                             np.full(2 * tb.size, math.sqrt(HORIZON / tb.size))])  # fmt: skip
    matrix = np.hstack([features(x, t, b, s), np.ones((x.size, 1))]) * weight[:, None]
    rhs = exact(x, t) * weight
    coefficients, rank = _least_squares(matrix, rhs)
    seconds = time.process_time() - began
    gx, gt = np.meshgrid(np.linspace(0, LENGTH, 201), np.linspace(0, HORIZON, 101))
    gx, gt = gx.ravel(), gt.ravel()
    values = np.hstack([features(gx, gt, b, s), np.ones((gx.size, 1))]) @ coefficients
    run = {"case": case, "width": width, "floor": floor, "seed": seed, "rows": int(x.size)}
    return _record(run, rank, values, exact(gx, gt), seconds)


def _least_squares(matrix, rhs):
    """The minimum-norm solution with singular values below 1e-13 of the largest cut, and the
    rank kept."""
    u, sv, vt = np.linalg.svd(matrix, full_matrices=False)
    keep = sv > 1e-13 * sv[0]
    return vt[keep].T @ ((u[:, keep].T @ rhs) / sv[keep]), int(keep.sum())


def _record(run: dict, rank: int, values, truth, seconds: float) -> dict:
    error = float(np.linalg.norm(values - truth) / np.linalg.norm(truth))
    return {**run, "rank": rank, "rel_l2_error": error, "cpu_seconds": seconds}


NU2, FLOW2, SIGMA2 = 0.01, (1.0, 0.5), 0.15**2  # benchmarks/axes/advection_diffusion_2d.py


def pulse_2d(x, y, t):
    """advection_diffusion_2d's exact solution: a Gaussian carried by (1, 0.5) and spread."""
    width = SIGMA2 + 4 * NU2 * t
    return SIGMA2 / width * np.exp(-((x - 0.3 - t) ** 2 + (y - 0.3 - t / 2) ** 2) / width)


def _rows_2d(n: int):
    """About ``n`` rows on pulse_2d's initial face (a grid) and its four sides, with their
    weights (one per unit area): ``(x, y, t, weight)``."""
    side = max(8, int(math.sqrt(n / 2)))
    gx, gy = np.meshgrid(np.linspace(0, 1, side), np.linspace(0, 1, side))
    per_face = max(8, int(math.sqrt(n / 8)))
    fa, ft = np.meshgrid(np.linspace(0, 1, per_face), np.linspace(0, 0.5, per_face))
    fa, ft = fa.ravel(), ft.ravel()
    zero, one = np.zeros_like(fa), np.ones_like(fa)
    x = np.concatenate([gx.ravel(), zero, one, fa, fa])
    y = np.concatenate([gy.ravel(), fa, fa, zero, one])
    t = np.concatenate([np.zeros(gx.size), ft, ft, ft, ft])
    weight = np.concatenate([np.full(gx.size, 1 / side), np.full(4 * fa.size, 1 / per_face)])
    return x, y, t, weight


def solve_2d(width: int, floor: float, seed: int, rows_per_column: int = 4) -> dict:
    """The same on two space axes: ridge features along unit directions ``w``,
    ``erf((w . (x - a t) - b) / sqrt(s^2 + 4 nu t))``, each an exact solution of
    u_t + a . grad u = nu lap u; fitted to the initial face and the four sides."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * math.pi, width)
    w = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    # b over the range of w . (x - a t) on the box's corners: every plane that meets it
    corners = np.array([[cx - FLOW2[0] * ct, cy - FLOW2[1] * ct]
                        for cx in (0, 1) for cy in (0, 1) for ct in (0, 0.5)])  # fmt: skip
    projected = w @ corners.T
    b = rng.uniform(projected.min(axis=1), projected.max(axis=1))
    s = np.exp(rng.uniform(math.log(floor), math.log(1.0), width))
    x, y, t, weight = _rows_2d(rows_per_column * width)

    def columns(x, y, t):
        xi = (x - FLOW2[0] * t)[:, None] * w[None, :, 0] + (y - FLOW2[1] * t)[:, None] * w[
            None, :, 1
        ]
        return erf((xi - b[None, :]) / np.sqrt(s[None, :] ** 2 + 4 * NU2 * t[:, None]))

    began = time.process_time()
    matrix = np.hstack([columns(x, y, t), np.ones((x.size, 1))]) * weight[:, None]
    rhs = pulse_2d(x, y, t) * weight
    coefficients, rank = _least_squares(matrix, rhs)
    seconds = time.process_time() - began
    g = np.linspace(0, 1, 41)
    ex, ey, et = np.meshgrid(g, g, np.linspace(0, 0.5, 21), indexing="ij")
    ex, ey, et = ex.ravel(), ey.ravel(), et.ravel()
    values = np.hstack([columns(ex, ey, et), np.ones((ex.size, 1))]) @ coefficients
    run = {"case": "pulse_2d", "width": width, "floor": floor, "seed": seed, "rows": int(x.size)}
    return _record(run, rank, values, pulse_2d(ex, ey, et), seconds)


def solve_modes(width: int, kmax: float, seed: int, case: str, rows_per_column: int = 4) -> dict:
    """The same fit with decaying travelling waves ``sin(k (x - a t) + phi) exp(-nu k^2 t)``
    (what the ``modes`` setting draws in the product), ``k`` uniform in ``[-kmax, kmax]``,
    ``phi`` uniform; the rows and the grid as :func:`solve`."""
    exact = CASES[case]
    rng = np.random.default_rng(seed)
    k = rng.uniform(-kmax, kmax, width)
    phase = rng.uniform(0, 2 * math.pi, width)

    def columns(x, t):
        wave = np.sin(k[None, :] * (x[:, None] - A * t[:, None]) + phase[None, :])
        return np.hstack([wave * np.exp(-NU * k[None, :] ** 2 * t[:, None]), np.ones((x.size, 1))])

    n = rows_per_column * width
    xi, tb = np.linspace(0, LENGTH, n), np.linspace(0, HORIZON, n // 2)
    began = time.process_time()
    x = np.concatenate([xi, np.zeros_like(tb), np.full_like(tb, LENGTH)])
    t = np.concatenate([np.zeros_like(xi), tb, tb])
    weight = np.concatenate([np.full(xi.size, math.sqrt(LENGTH / xi.size)),
                             np.full(2 * tb.size, math.sqrt(HORIZON / tb.size))])  # fmt: skip
    coefficients, rank = _least_squares(columns(x, t) * weight[:, None], exact(x, t) * weight)
    seconds = time.process_time() - began
    gx, gt = np.meshgrid(np.linspace(0, LENGTH, 201), np.linspace(0, HORIZON, 101))
    gx, gt = gx.ravel(), gt.ravel()
    run = {"case": f"{case}_modes", "width": width, "kmax": kmax, "seed": seed, "rows": int(x.size)}
    return _record(run, rank, columns(gx, gt) @ coefficients, exact(gx, gt), seconds)


def solve_2d_modes(width: int, kmax: float, seed: int, rows_per_column: int = 4) -> dict:
    """:func:`solve_2d`'s fit with decaying travelling waves
    ``sin(k . (x - a t) + phi) exp(-nu |k|^2 t)``, ``k`` uniform in ``[-kmax, kmax]^2``."""
    rng = np.random.default_rng(seed)
    k = rng.uniform(-kmax, kmax, (width, 2))
    phase = rng.uniform(0, 2 * math.pi, width)
    x, y, t, weight = _rows_2d(rows_per_column * width)

    def columns(x, y, t):
        xi = (x - FLOW2[0] * t)[:, None] * k[None, :, 0] + (y - FLOW2[1] * t)[:, None] * k[
            None, :, 1
        ]
        wave = np.sin(xi + phase[None, :]) * np.exp(-NU2 * (k**2).sum(1)[None, :] * t[:, None])
        return np.hstack([wave, np.ones((x.size, 1))])

    began = time.process_time()
    coefficients, rank = _least_squares(
        columns(x, y, t) * weight[:, None], pulse_2d(x, y, t) * weight
    )
    seconds = time.process_time() - began
    g = np.linspace(0, 1, 41)
    ex, ey, et = np.meshgrid(g, g, np.linspace(0, 0.5, 21), indexing="ij")
    ex, ey, et = ex.ravel(), ey.ravel(), et.ravel()
    values = columns(ex, ey, et) @ coefficients
    run = {
        "case": "pulse_2d_modes",
        "width": width,
        "kmax": kmax,
        "seed": seed,
        "rows": int(x.size),
    }
    return _record(run, rank, values, pulse_2d(ex, ey, et), seconds)


def modes_rows() -> list[dict]:
    """Decaying travelling waves on the same cases (``--modes``): 1-D at kmax 100 and 200,
    2-D at 30 and 45, two seeds each."""
    rows = []
    for case in CASES:
        for width in (256, 512, 1024):
            for kmax in (100.0, 200.0):
                rows += [solve_modes(width, kmax, seed, case) for seed in (0, 1)]
    for width in (1024, 2048):
        for kmax in (30.0, 45.0):
            rows += [solve_2d_modes(width, kmax, seed) for seed in (0, 1)]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write the rows here")
    parser.add_argument(
        "--modes", action="store_true", help="decaying travelling waves instead (docs section 38)"
    )
    args = parser.parse_args()
    if args.modes:
        rows = modes_rows()
        print("| case | width | kmax | seed | rows | rank | rel L2 | CPU s |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for r in rows:
            cells = [r["case"], r["width"], r["kmax"], r["seed"], r["rows"], r["rank"]]
            cells += [f"{r['rel_l2_error']:.2e}", f"{r['cpu_seconds']:.3f}"]
            print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)
        if args.json:
            command = "PYTHONPATH=. .venv/bin/python benchmarks/heat_kernel_features.py --modes"
            with open(args.json, "w") as handle:
                json.dump(
                    {"command": f"{command} --json {args.json}", "rows": rows}, handle, indent=1
                )
        return
    rows = []
    print("| case | width | s floor | seed | rows | rank | rel L2 | CPU s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for case in CASES:
        for width in (32, 64, 128, 256, 512, 1024):
            for floor in (0.01, 0.04):
                for seed in (0, 1):
                    r = solve(width, floor, seed, case)
                    rows.append(r)
                    cells = [case, width, floor, seed, r["rows"], r["rank"]]
                    cells += [f"{r['rel_l2_error']:.2e}", f"{r['cpu_seconds']:.3f}"]
                    print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)
    for width in (512, 1024, 2048):
        for floor in (0.03, 0.1):
            for seed in (0, 1):
                r = solve_2d(width, floor, seed)
                rows.append(r)
                cells = [r["case"], width, floor, seed, r["rows"], r["rank"]]
                cells += [f"{r['rel_l2_error']:.2e}", f"{r['cpu_seconds']:.3f}"]
                print("| " + " | ".join(str(c) for c in cells) + " |", flush=True)
    if args.json:
        command = "PYTHONPATH=. .venv/bin/python benchmarks/heat_kernel_features.py"
        data = {"command": f"{command} --json {args.json}", "rows": rows}
        with open(args.json, "w") as handle:
            json.dump(data, handle, indent=1)


if __name__ == "__main__":
    main()
