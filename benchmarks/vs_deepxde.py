"""pinnls against DeepXDE on the same machine, in one run, one thread each, float64.

Three transport problems (``advection_gauss``, ``advection_constant``, ``advection_variable``)
are solved three ways:

- **DeepXDE stock**: tanh 3x32, Glorot normal, Adam lr 1e-3 for 15000 steps, then L-BFGS.
- **DeepXDE tuned**: the same, but the L-BFGS stage is compiled with every loss weight 1e6.
  torch's L-BFGS keeps a curvature pair only if y.s > 1e-10 (absolute), so once Adam has brought
  the loss near 1e-6 the stage silently stalls; scaling the loss revives it.
- **pinnls** with each problem file's own settings.

DeepXDE samples 4096 interior points, 64 initial points and boundary points of which those on
x = 0 carry the inflow condition (about the clouds pinnls uses: 4096 / 64 / 64). Errors are
relative L2 on the same 101 x 101 grid. DeepXDE is a benchmark-only dependency:
``pip install deepxde`` (``DDE_BACKEND=pytorch`` is set here).

Usage: ``python benchmarks/vs_deepxde.py [--problems gauss,constant,variable] [--adam 15000]
[--quick] [--markdown docs/benchmarks-deepxde.md]``
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("DDE_BACKEND", "pytorch")

import numpy as np  # noqa: E402
import sympy as sp  # noqa: E402
import torch  # noqa: E402

from pinnls import Settings, compile_problem, load_problem, solve  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FILES = {
    "gauss": "advection_gauss.py",
    "constant": "advection_constant.py",
    "variable": "advection_variable.py",
}


def grid_points(m: int = 101) -> np.ndarray:
    ticks = np.linspace(0, 1, m)
    mesh = np.meshgrid(ticks, ticks, indexing="ij")
    return np.stack([g.ravel() for g in mesh], axis=1)


def relative_l2(values: np.ndarray, exact: np.ndarray) -> float:
    return float(np.linalg.norm(values - exact) / np.linalg.norm(exact))


def deepxde_run(name: str, adam_steps: int, tuned: bool, seed: int = 0) -> tuple[float, float]:
    import deepxde as dde

    dde.config.set_default_float("float64")
    dde.config.set_random_seed(seed)
    x, t = sp.symbols("x t")
    g = sp.exp(-(((x - 0.3) / 0.1) ** 2))
    hat = sp.Max(0, 1 - sp.Abs(x - 0.3) / 0.15)
    if name == "gauss":
        initial, inflow, exact = g, g.subs(x, -t), g.subs(x, x - t)
    elif name == "constant":
        initial, inflow, exact = hat, sp.Integer(0), hat.subs(x, x - t)
    else:
        initial, inflow, exact = g, g.subs(x, 0), g.subs(x, x * sp.exp(-t))
    speed = (lambda X: X[:, 0:1]) if name == "variable" else (lambda X: 1.0)
    f_initial = sp.lambdify((x, t), initial, "numpy")
    f_inflow = sp.lambdify((x, t), inflow, "numpy")
    f_exact = sp.lambdify((x, t), exact, "numpy")

    def column(f):
        return lambda X: np.broadcast_to(f(X[:, 0:1], X[:, 1:2]), (len(X), 1)).astype(np.float64)

    def pde(X, y):
        dy_x = dde.grad.jacobian(y, X, i=0, j=0)
        dy_t = dde.grad.jacobian(y, X, i=0, j=1)
        return dy_t + speed(X) * dy_x

    geometry = dde.geometry.GeometryXTime(
        dde.geometry.Interval(0, 1), dde.geometry.TimeDomain(0, 1)
    )
    bc = dde.icbc.DirichletBC(
        geometry, column(f_inflow), lambda X, on_boundary: on_boundary and np.isclose(X[0], 0)
    )
    ic = dde.icbc.IC(geometry, column(f_initial), lambda _, on_initial: on_initial)
    data = dde.data.TimePDE(
        geometry, pde, [bc, ic], num_domain=4096, num_boundary=256, num_initial=64
    )
    net = dde.nn.FNN([2] + [32] * 3 + [1], "tanh", "Glorot normal")
    model = dde.Model(data, net)
    start = time.perf_counter()
    model.compile("adam", lr=1e-3)
    model.train(iterations=adam_steps, display_every=10**9, verbose=0)
    if tuned:
        model.compile("L-BFGS", loss_weights=[1e6, 1e6, 1e6])
    else:
        model.compile("L-BFGS")
    model.train(display_every=10**9, verbose=0)
    wall = time.perf_counter() - start
    points = grid_points()
    error = relative_l2(model.predict(points).ravel(), f_exact(points[:, 0], points[:, 1]))
    return error, wall


def pinnls_run(name: str) -> tuple[float, float, str]:
    loaded = load_problem(ROOT / "problems" / FILES[name])
    settings = Settings.from_mapping(loaded.settings)
    compiled = compile_problem(loaded.problem, settings)
    start = time.perf_counter()
    solution = solve(compiled, settings)
    wall = time.perf_counter() - start
    described = ", ".join(f"{k}={v}" for k, v in loaded.settings.items() if k != "terms")
    record = solution.strategy
    if record is not None and record.name == "auto":
        chosen = record.chosen
        described = (
            f"defaults (optimizer auto): chose {chosen.activation} width {chosen.width}, "
            f"init_scale {chosen.scale}, rows {sum(chosen.rows.values())}, "
            f"{len(record.stages)} stages, {solution.stop_reason}"
        )
    return solution.errors(points_per_axis=101)["rel_l2"], wall, described


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default="gauss,constant,variable")
    parser.add_argument("--adam", type=int, default=15000)
    parser.add_argument("--quick", action="store_true", help="200 Adam steps (smoke run)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON to this file")
    parser.add_argument(
        "--tuned-only", action="store_true", help="skip DeepXDE's stock run (half the time)"
    )
    args = parser.parse_args()
    torch.set_num_threads(1)
    adam = 200 if args.quick else args.adam
    lines = [
        f"Machine: {platform.platform()}, {os.cpu_count()} CPUs, torch {torch.__version__}, "
        f"1 thread, float64, CPU. DeepXDE: Adam {adam} steps then L-BFGS.",
        "",
        "| problem | DeepXDE stock: rel L2 / s | DeepXDE tuned: rel L2 / s | pinnls: rel L2 / s "
        "| error ratio tuned/pinnls | time ratio tuned/pinnls |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    settings_lines = []
    rows = []
    for name in args.problems.split(","):
        ours, wall, described = pinnls_run(name)
        print(f"# {name}: pinnls rel L2 {ours:.3e} in {wall:.1f} s", flush=True)
        if args.tuned_only:
            stock = (float("nan"), float("nan"))
        else:
            stock = deepxde_run(name, adam, tuned=False)
            print(f"# {name}: DeepXDE stock rel L2 {stock[0]:.3e} in {stock[1]:.0f} s", flush=True)
        tuned = deepxde_run(name, adam, tuned=True)
        print(f"# {name}: DeepXDE tuned rel L2 {tuned[0]:.3e} in {tuned[1]:.0f} s", flush=True)
        settings_lines.append(f"- pinnls settings for {name}: {described}")
        lines.append(
            f"| {name} | {stock[0]:.2e} / {stock[1]:.0f} | {tuned[0]:.2e} / {tuned[1]:.0f} "
            f"| {ours:.2e} / {wall:.1f} | {tuned[0] / ours:.1e} | {tuned[1] / wall:.1f} |"
        )
        print(lines[-1], flush=True)
        rows.append(
            {
                "problem": name,
                "deepxde_stock": list(stock),
                "deepxde_tuned": list(tuned),
                "pinnls": [ours, wall],
                "error_ratio": tuned[0] / ours,
                "time_ratio": tuned[1] / wall,
                "pinnls_settings": described,
            }
        )
    text = "\n".join(lines + [""] + settings_lines) + "\n"
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    if args.json:
        import json

        def strict(value):
            if isinstance(value, float) and value != value:
                return None  # not measured (NaN): strict JSON has no NaN
            if isinstance(value, (list, tuple)):
                return [strict(v) for v in value]
            if isinstance(value, dict):
                return {k: strict(v) for k, v in value.items()}
            return value

        text = json.dumps(strict({"machine": lines[0], "rows": rows}), indent=2)
        args.json.write_text(text + "\n")


if __name__ == "__main__":
    main()
