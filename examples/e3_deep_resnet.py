"""E3: deep residual ReLU networks, He against Box initialization.

sin(2 pi x) at 256 evenly spaced points; ResNet of width 32 (+ constant) and depth L = 8, 16,
32, 64, 128; LSGD with the paper's plain GD hidden step at learning rate 2^-(k+3), where k = 0..4
indexes the depths (lr 1/8 at L = 8 down to 1/128 at L = 128). He against Box, 16 seeds each.
The iteration count is reduced (100 by default) so that the whole sweep runs in minutes on one
CPU thread. The figure shows, against depth, the loss and the rel L2 error after training (median
and min-max over seeds) and the rank of the least-squares system at initialization.

Usage: ``python examples/e3_deep_resnet.py [--quick] [--out docs/figures] [--iterations N]``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch
from matplotlib.figure import Figure

from pinnls import Settings, compile_problem
from pinnls.training import build_basis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    median,
    parser,
    sampled_error,
    setup,
    sin_problem,
    table,
    train,
    write_outputs,
)

NAME = "e3_deep_resnet"
INITS = ("he", "box")


def main(argv=None) -> int:
    p = parser(__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=None)
    p.add_argument("--seeds", type=int, default=None)
    args = p.parse_args(argv)
    setup()
    if args.quick:
        depths, seeds, iterations = (8, 16), 2, 5
    else:
        depths, seeds, iterations = (8, 16, 32, 64, 128), 16, 100
    iterations = args.iterations or iterations
    seeds = args.seeds or seeds
    problem = sin_problem(256)
    results = {}
    for k, depth in enumerate(depths):
        lr = 2.0 ** -(k + 3)
        for init in INITS:
            settings = Settings(
                width=32,
                depth=depth,
                arch="resnet",
                activation="relu",
                init=init,
                optimizer="lsgd",
                hidden_step="gd",
                lr=lr,
                iterations=iterations,
                eval_every=iterations,
            )
            compiled = compile_problem(problem, settings)
            runs = []
            for seed in range(seeds):
                run_settings = settings.replace(seed=seed)
                with torch.no_grad():
                    points = torch.linspace(0, 1, 256, dtype=torch.float64)[:, None]
                    initial = build_basis(compiled, run_settings, "cpu")(points)
                solution, wall, failure = train(problem, run_settings, compiled)
                h = solution.history
                runs.append(
                    {
                        "seed": seed,
                        "initial_rank": h.rank[0],
                        "final_rank": solution.rank,
                        "initial_max_abs_basis": float(initial.abs().max()),
                        "initial_loss": h.loss[0],
                        "final_loss": h.loss[-1],
                        "final_rel_l2": solution.errors()["rel_l2"],
                        "final_rel_l2_inside": sampled_error(solution, 0.5 / 256, 1 - 0.5 / 256),
                        "wall_seconds": wall,
                        "failure": failure,
                    }
                )
            results[f"{init}/{depth}"] = {
                "init": init,
                "depth": depth,
                "lr": lr,
                "runs": runs,
                **{
                    f"median_{key}": median([r[key] for r in runs])
                    for key in (
                        "initial_rank",
                        "initial_max_abs_basis",
                        "initial_loss",
                        "final_loss",
                        "final_rel_l2",
                        "final_rel_l2_inside",
                        "wall_seconds",
                    )
                },
                "failed": sum(r["failure"] is not None for r in runs),
            }

    figure = Figure(figsize=(13, 4.2), layout="constrained")
    panels = figure.subplots(1, 3)
    for init in INITS:
        group = [results[f"{init}/{d}"] for d in depths]
        for ax, key in zip(panels[:2], ("final_loss", "final_rel_l2_inside"), strict=True):
            values = np.array([[r[key] for r in g["runs"]] for g in group], dtype=float)
            (line,) = ax.plot(depths, np.nanmedian(values, 1), "o-", label=f"{init} (median)")
            ax.fill_between(
                depths,
                np.nanmin(values, 1),
                np.nanmax(values, 1),
                alpha=0.2,
                color=line.get_color(),
            )
        ranks = np.array([[r["initial_rank"] for r in g["runs"]] for g in group], dtype=float)
        panels[2].plot(depths, np.median(ranks, 1), "o-", label=f"{init} (median)")
    titles = (
        f"loss after {iterations} LSGD iterations",
        f"rel L2 error inside the data, after {iterations} iterations",
        "rank of the LS system at initialization",
    )
    for ax, title in zip(panels, titles, strict=True):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("depth L (lr = 2^-(k+3), k = 0..4)")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    panels[0].set_yscale("log")
    panels[1].set_yscale("log")
    figure.suptitle(
        f"E3: ResNet width 32, relu, sin(2πx) at 256 points, LSGD (GD hidden step), {seeds} seeds"
    )
    document = {
        "settings": {
            "width": 32,
            "depths": list(depths),
            "learning_rates": [2.0 ** -(k + 3) for k in range(len(depths))],
            "optimizer": "lsgd",
            "hidden_step": "gd",
            "iterations": iterations,
            "seeds": seeds,
            "points": 256,
        },
        "results": results,
    }
    write_outputs(figure, document, args.out, NAME)
    rows = [
        [
            r["init"],
            r["depth"],
            r["lr"],
            r["median_initial_rank"],
            r["median_initial_max_abs_basis"],
            r["median_initial_loss"],
            r["median_final_loss"],
            r["median_final_rel_l2"],
            r["median_final_rel_l2_inside"],
            r["failed"],
        ]
        for r in results.values()
    ]
    header = ["init", "L", "lr", "rank at 0", "max|Phi| at 0", "loss at 0", "final loss"]
    print(table(rows, [*header, "rel L2 [0,1]", "rel L2 inside data", "failed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
