"""E4: the PINN for u_t + u_x = 0 with a hat initial condition (problems/advection_constant.py).

Shallow ReLU network of width 32 (+ constant), Box initialization, eps = 1, Cartesian clouds of
spacing 1/64, learning rate 5e-3 (the paper's settings). Trainers:

- GD on all parameters jointly, 5000 iterations (the paper's baseline; seed 0 only, for time);
- LSGD with the Adam hidden step (pinnls' default), 500 iterations;
- LSGD with the paper's plain GD hidden step, 500 iterations.

The figure shows the loss against iteration and the solution u(x, t) on the 101 x 101 grid after
5000 GD against 500 LSGD iterations, next to the exact solution hat(x - t).

Usage: ``python examples/e4_advection_constant.py [--quick] [--out docs/figures]``
"""

from __future__ import annotations

import sys
from pathlib import Path

from matplotlib.figure import Figure

from pinnls import Settings, compile_problem, load_problem

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PROBLEMS, median, parser, setup, table, train, write_outputs  # noqa: E402

NAME = "e4_advection_constant"


def main(argv=None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    setup()
    loaded = load_problem(PROBLEMS / "advection_constant.py")
    if args.quick:
        gd_iterations, lsgd_iterations, seeds, eval_points = 20, 5, 1, 21
        spacing = "grid:1/16"
    else:
        gd_iterations, lsgd_iterations, seeds, eval_points = 5000, 500, 3, 101
        spacing = "grid:1/64"
    # The paper's settings, pinned here rather than read from the problem file's defaults.
    base = Settings(
        width=32,
        depth=1,
        activation="relu",
        init="box",
        lr=5e-3,
        eval_every=10,
        eval_points=eval_points,
        terms={name: {"points": spacing} for name in ("pde", "initial", "inflow")},
    )
    compiled = compile_problem(loaded.problem, base)
    methods = {
        "GD joint": (base.replace(optimizer="gd", iterations=gd_iterations), 1),
        "LSGD (Adam hidden step)": (
            base.replace(optimizer="lsgd", hidden_step="adam", iterations=lsgd_iterations),
            seeds,
        ),
        "LSGD (GD hidden step)": (
            base.replace(optimizer="lsgd", hidden_step="gd", iterations=lsgd_iterations),
            seeds,
        ),
    }
    results, fields = {}, {}
    for label, (settings, count) in methods.items():
        runs = []
        for seed in range(count):
            solution, wall, failure = train(loaded.problem, settings.replace(seed=seed), compiled)
            errors = solution.errors()
            h = solution.history
            runs.append(
                {
                    "seed": seed,
                    "iterations": solution.iterations,
                    "loss": h.loss,
                    "error_iterations": [i for i, e in zip(h.iteration, h.error) if e == e],
                    "error": [e for e in h.error if e == e],
                    "final_loss": h.loss[-1],
                    "final_rel_l2": errors["rel_l2"],
                    "final_max_error": errors["max"],
                    "wall_seconds": wall,
                    "failure": failure,
                }
            )
            if seed == 0:
                fields[label] = solution.grid()
        results[label] = {
            "optimizer": settings.optimizer,
            "hidden_step": settings.hidden_step,
            "lr": settings.lr,
            "iterations": settings.iterations,
            "seeds": count,
            "runs": runs,
            "median_final_loss": median([r["final_loss"] for r in runs]),
            "median_final_rel_l2": median([r["final_rel_l2"] for r in runs]),
            "median_wall_seconds": median([r["wall_seconds"] for r in runs]),
        }

    figure = Figure(figsize=(16, 4.0), layout="constrained")
    axes = figure.subplots(1, 4)
    for label, r in results.items():
        for i, run in enumerate(r["runs"]):
            axes[0].semilogy(run["loss"], color=f"C{list(results).index(label)}",
                             alpha=0.8, label=label if i == 0 else None)  # fmt: skip
    axes[0].set_xscale("symlog", linthresh=10)
    axes[0].set_xlabel("iteration")
    axes[0].set_ylabel("loss")
    axes[0].set_title("loss (each line one seed)", fontsize=10)
    axes[0].grid(True, which="both", alpha=0.3)
    axes[0].legend(fontsize=8)
    gd, ls = fields["GD joint"], fields["LSGD (Adam hidden step)"]
    m = len(gd["axes"][0])
    gd_error = results["GD joint"]["runs"][0]["final_rel_l2"]
    ls_error = results["LSGD (Adam hidden step)"]["runs"][0]["final_rel_l2"]
    images = [
        ("exact hat(x - t)", gd["exact"]),
        (f"GD joint, {gd_iterations} it: rel L2 {gd_error:.1e}", gd["u"]),
        (f"LSGD (Adam), {lsgd_iterations} it: rel L2 {ls_error:.1e}", ls["u"]),
    ]
    for ax, (title, values) in zip(axes[1:], images, strict=True):
        shown = ax.imshow(
            values.reshape(m, m).T, origin="lower", extent=(0, 1, 0, 1), vmin=-0.1, vmax=1.1
        )
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("x")
        ax.set_ylabel("t")
    figure.colorbar(shown, ax=axes[1:].tolist(), shrink=0.9, label="u")
    figure.suptitle("E4: u_t + u_x = 0, hat initial condition, ReLU 1x32, Box init, lr 5e-3")
    document = {
        "settings": {
            "problem": "problems/advection_constant.py",
            "width": base.width,
            "activation": base.activation,
            "init": base.init,
            "lr": base.lr,
            "gd_iterations": gd_iterations,
            "lsgd_iterations": lsgd_iterations,
            "seeds": seeds,
            "eval_points": eval_points,
        },
        "results": results,
    }
    write_outputs(figure, document, args.out, NAME)
    rows = [
        [
            label,
            r["iterations"],
            r["seeds"],
            r["median_final_loss"],
            r["median_final_rel_l2"],
            r["median_wall_seconds"],
            sum(run["failure"] is not None for run in r["runs"]),
        ]
        for label, r in results.items()
    ]
    header = ["method", "iterations", "seeds", "median loss", "median rel L2 (101x101)"]
    print(table(rows, [*header, "median wall (s)", "failed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
