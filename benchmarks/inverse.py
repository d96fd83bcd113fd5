"""Issue 25's targets for a source recovered from sensors: accuracy, weight choice, coverage.

The problem: ``u_t + u_x = f(x)`` on [0, 1]^2, f unknown, u observed at 50 fixed random points,
initial and inflow data known; the exact answer is ``f = 1 + sin(pi x)``, ``u = sin(2 (x - t)
+ 1) + x - cos(pi x) / pi``. The script measures

1. without noise: f's rel L2 error, with one least-squares solve (tanh, width 256, steepness 1)
   and with the defaults (``optimizer=auto``);
2. with 1% noise (sigma = 0.01; u is of size 1) over 20 noise seeds, one basis: a
   regularization ``f'' = 0`` with ``weight="auto"`` (the unbiased predictive risk, since the
   noise is stated; generalized cross-validation too, for comparison), and for each seed the
   oracle: the best f error over a scan of the weight (quarter-decade steps over 12 decades
   around the choice) on the same basis and data. Reported: the median and worst ratio of the
   chosen weight's f error to the oracle's;
3. the coverage of the 95% band ``f_h +- 1.96 std`` of f on 101 points of [0, 1], per seed and
   over all seeds.

    .venv/bin/python benchmarks/inverse.py [--seeds 20] [--json docs/figures/inverse.json]

One core (``OMP_NUM_THREADS=1``), float64.
"""

from __future__ import annotations

import argparse
import json
import os
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
import torch  # noqa: E402

import pinnls  # noqa: E402
from pinnls import Box, Problem  # noqa: E402

x, t = sp.symbols("x t")
u, f = sp.Function("u"), sp.Function("f")
F_EXACT = 1 + sp.sin(sp.pi * x)
U_EXACT = sp.sin(2 * (x - t) + 1) + x - sp.cos(sp.pi * x) / sp.pi
FIT = {
    "optimizer": "lsgd",
    "iterations": 0,
    "width": 256,
    "activation": "tanh",
    "init_scale": 1.0,
    "rcond": 1e-15,
    "seed": 0,
}
SIGMA = 0.01
LINE = np.stack([np.linspace(0, 1, 101), np.full(101, 0.5)], axis=1)
F_LINE = sp.lambdify(x, F_EXACT)(LINE[:, 0])


def problem(
    sigma: float | None, seed: int, regularize: bool, weight="auto", stated: bool = True
) -> Problem:
    """The source problem, its 50 observations with noise ``sigma`` of seed ``seed`` (told
    to pinnls when ``stated``)."""
    out = Problem([u(x, t), f(x)], Box(x=(0, 1), t=(0, 1)), name="source-from-sensors")
    out.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) - f(x), 0), points="sobol:4096")
    out.condition("initial", sp.Eq(u(x, 0), U_EXACT.subs(t, 0)), points="random:512")
    out.condition("inflow", sp.Eq(u(0, t), U_EXACT.subs(x, 0)), points="random:512")
    points = np.random.default_rng(0).random((50, 2))
    values = sp.lambdify((x, t), U_EXACT)(points[:, 0], points[:, 1])
    if sigma:
        values = values + sigma * np.random.default_rng(1000 + seed).standard_normal(50)
    noise = sigma if sigma and stated else None
    out.data("obs", u(x, t), points=points, values=values, noise=noise)
    if regularize:
        out.regularization("smooth", sp.Eq(f(x).diff(x, 2), 0), weight, points="sobol:1024")
    out.exact({u(x, t): U_EXACT, f(x): F_EXACT})
    return out


def f_error(values: np.ndarray) -> float:
    return float(np.linalg.norm(values - F_LINE) / np.linalg.norm(F_LINE))


def oracle(solution) -> tuple[float, float]:
    """The best f error over a scan of the regularization weight, on the solution's basis and
    data: (error, weight)."""
    from pinnls.numeric.uncertainty import fit
    from pinnls.training.inverse import _factors

    compiled = solution.compiled
    chosen = next(term.weight for term in compiled.terms if term.auto_weight)
    c = solution.coefficients
    factors = _factors(compiled, solution.basis, c.dtype, c.device)
    with torch.no_grad():
        phi = solution.basis(torch.as_tensor(compiled.unknown_points(1, LINE)))
    size = solution.basis.size
    best = (np.inf, 0.0)
    for step in range(-24, 25):
        multiplier = 10.0 ** (step / 4)
        result = fit(factors, multiplier, 1e-15)
        error = f_error((phi @ result.coefficients[size:]).numpy())
        best = min(best, (error, chosen * multiplier))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--json", help="write the numbers to this file")
    args = parser.parse_args()
    torch.set_num_threads(1)
    out: dict = {
        "command": "OMP_NUM_THREADS=1 .venv/bin/python benchmarks/inverse.py --seeds "
        f"{args.seeds} --json {args.json}",
        "sigma": SIGMA,
        "observations": 50,
        "fit": FIT,
    }

    began = time.perf_counter()
    clean = pinnls.solve(problem(None, 0, False), **FIT)
    out["clean_f_rel_l2"] = f_error(clean(LINE, "f"))
    out["clean_u_rel_l2"] = clean.errors()["unknowns"]["u"]["rel_l2"]
    out["clean_seconds"] = time.perf_counter() - began
    began = time.perf_counter()
    auto = pinnls.solve(problem(None, 0, False), seed=0)
    out["clean_auto_f_rel_l2"] = f_error(auto(LINE, "f"))
    out["clean_auto_seconds"] = time.perf_counter() - began
    print(
        f"no noise: f rel L2 {out['clean_f_rel_l2']:.3g} (width 256, one LS solve, "
        f"{out['clean_seconds']:.1f} s); defaults {out['clean_auto_f_rel_l2']:.3g} "
        f"({out['clean_auto_seconds']:.1f} s)"
    )

    rows = []
    print(f"{'seed':>4} {'crit':>5} {'f err':>9} {'oracle':>9} {'ratio':>6} {'cover':>6} {'s':>5}")
    for seed in range(args.seeds):
        for criterion in ("upre", "gcv"):
            began = time.perf_counter()
            # gcv: the same problem without the noise stated (the criterion that needs none);
            # its band is then absent
            solution = pinnls.solve(problem(SIGMA, seed, True, stated=criterion == "upre"), **FIT)
            seconds = time.perf_counter() - began
            error = f_error(solution(LINE, "f"))
            best, best_weight = oracle(solution)
            row = {
                "seed": seed,
                "criterion": solution.inverse["criterion"],
                "f_rel_l2": error,
                "oracle_f_rel_l2": best,
                "ratio": error / best,
                "weight": solution.inverse["weights"]["smooth"],
                "oracle_weight": best_weight,
                "seconds": seconds,
            }
            if criterion == "upre":
                std = solution.std(LINE, "f")
                inside = np.abs(solution(LINE, "f") - F_LINE) <= 1.96 * std
                row["coverage"] = float(inside.mean())
                row["std_mean"] = float(std.mean())
            rows.append(row)
            print(
                f"{seed:>4} {row['criterion']:>5} {error:9.3g} {best:9.3g} {row['ratio']:6.2f} "
                f"{row.get('coverage', float('nan')):6.2f} {seconds:5.1f}"
            )
    out["runs"] = rows
    for criterion in ("upre", "gcv"):
        ratios = [r["ratio"] for r in rows if r["criterion"] == criterion]
        out[f"{criterion}_ratio_median"] = float(np.median(ratios))
        out[f"{criterion}_ratio_max"] = float(np.max(ratios))
        out[f"{criterion}_within_3x"] = int(sum(r <= 3 for r in ratios))
        print(
            f"{criterion}: f error / oracle: median {np.median(ratios):.2f}, worst "
            f"{np.max(ratios):.2f}, within 3x in {out[f'{criterion}_within_3x']} of {len(ratios)}"
        )
    covers = [r["coverage"] for r in rows if "coverage" in r]
    out["coverage_mean"] = float(np.mean(covers))
    out["coverage_min"] = float(np.min(covers))
    print(
        f"95% band of f covers {100 * np.mean(covers):.1f}% of the points over "
        f"{len(covers)} seeds (worst seed {100 * np.min(covers):.0f}%)"
    )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(out, handle, indent=1)


if __name__ == "__main__":
    main()
