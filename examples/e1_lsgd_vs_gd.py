"""E1: LSGD against gradient descent on the regression of sin(2 pi x).

256 evenly spaced points on [0, 1], a plain ReLU network of width 32 and depth 1 with a constant
basis function (the last layer's bias), Box initialization, 16 seeds. Four trainers, one
learning rate:

- LSGD with a plain GD hidden step (the paper's Algorithm 1);
- LSGD with an Adam hidden step (pinnls' default);
- GD on all parameters jointly (the paper's baseline);
- Adam on all parameters jointly.

The figure shows the mean ± one standard deviation over seeds of log10(loss) against iteration.

Usage: ``python examples/e1_lsgd_vs_gd.py [--quick] [--out docs/figures]``
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from pinnls import Settings, compile_problem

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    median,
    padded,
    parser,
    sampled_error,
    setup,
    sin_problem,
    table,
    train,
    write_outputs,
)

NAME = "e1_lsgd_vs_gd"

#: label -> (optimizer, hidden_step)
METHODS = {
    "LSGD (GD hidden step)": ("lsgd", "gd"),
    "LSGD (Adam hidden step)": ("lsgd", "adam"),
    "GD joint": ("gd", "gd"),
    "Adam joint": ("adam", "adam"),
}


def main(argv=None) -> int:
    args = parser(__doc__.splitlines()[0]).parse_args(argv)
    setup()
    seeds, iterations, lr, width = (2, 20, 1e-2, 8) if args.quick else (16, 1000, 1e-2, 32)
    problem = sin_problem(256)
    base = Settings(
        width=width,
        depth=1,
        arch="plain",
        activation="relu",
        init="box",
        lr=lr,
        iterations=iterations,
        eval_every=iterations,
    )
    compiled = compile_problem(problem, base)
    results = {}
    for label, (optimizer, hidden_step) in METHODS.items():
        losses, errors, inside, walls, failures = [], [], [], [], []
        for seed in range(seeds):
            settings = base.replace(optimizer=optimizer, hidden_step=hidden_step, seed=seed)
            solution, wall, failure = train(problem, settings, compiled)
            losses.append(padded(solution.history.loss, iterations + 1))
            errors.append(solution.errors()["rel_l2"])
            inside.append(sampled_error(solution, 0.5 / 256, 1 - 0.5 / 256))
            walls.append(wall)
            if failure:
                failures.append(f"seed {seed}: {failure}")
        log_loss = np.log10(np.maximum(np.array(losses), 1e-300))
        final = [row[-1] for row in losses]
        results[label] = {
            "optimizer": optimizer,
            "hidden_step": hidden_step,
            "mean_log10_loss": log_loss.mean(axis=0),
            "std_log10_loss": log_loss.std(axis=0),
            "final_loss": final,
            "final_rel_l2": errors,
            "final_rel_l2_inside": inside,
            "median_final_loss": median(final),
            "median_initial_loss": median([row[0] for row in losses]),
            "median_final_rel_l2": median(errors),
            "median_final_rel_l2_inside": median(inside),
            "median_wall_seconds": median(walls),
            "failures": failures,
        }

    figure = Figure(figsize=(7.5, 4.8), layout="constrained")
    ax = figure.add_subplot()
    steps = np.arange(iterations + 1)
    for label, r in results.items():
        mean, std = r["mean_log10_loss"], r["std_log10_loss"]
        (line,) = ax.plot(steps, mean, label=label)
        ax.fill_between(steps, mean - std, mean + std, color=line.get_color(), alpha=0.2)
    ax.set_xlabel("iteration")
    ax.set_ylabel("log10(loss)  (mean ± std over seeds)")
    ax.set_title(
        f"E1: sin(2πx), 256 points, ReLU 1x{width} + bias, Box init, lr {lr:g}, {seeds} seeds"
    )
    ax.grid(True, alpha=0.3)
    ax.legend()
    document = {
        "settings": {
            "width": width,
            "depth": 1,
            "activation": "relu",
            "init": "box",
            "lr": lr,
            "iterations": iterations,
            "seeds": seeds,
            "points": 256,
        },
        "results": results,
    }
    write_outputs(figure, document, args.out, NAME)
    rows = [
        [
            label,
            r["median_initial_loss"],
            r["median_final_loss"],
            r["median_final_rel_l2"],
            r["median_final_rel_l2_inside"],
            r["median_wall_seconds"],
            len(r["failures"]),
        ]
        for label, r in results.items()
    ]
    header = ["method", "median loss at 0", f"median loss at {iterations}", "median rel L2 [0,1]"]
    print(table(rows, [*header, "median rel L2 inside data", "median wall (s)", "failed"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
