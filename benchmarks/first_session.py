"""The first session's hand-tuned runs, rerun from the problem files of that session.

Until the automatic strategy (commit 500eb77) the smooth bundled files carried hand-tuned
settings. This script takes those files from git (``git show 500eb77^:problems/NAME.py``),
solves them with their own settings and writes ``docs/figures/first_session.json``:

- ``tuned``: each file with its settings (seeds as in docs/benchmarks.md, section 3);
- ``gauss_width_3072``: advection_gauss at width 3072 on a 1/112 grid (section 6's best gauss
  run);
- ``tuning``: the tuning facts of section 3 on advection_gauss at width 2048 (least squares
  alone against two LSGD iterations, grid 1/96 against 1/64, rcond 1e-15 against the old default
  cutoff eps * rows, sin and depth 2 against tanh depth 1).

Each solve is one thread, float64, CPU; the whole run takes about 10 minutes on one core.

Usage::

    python benchmarks/first_session.py [--parts tuned,gauss3072,tuning] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

import torch

from pinnls import Settings, compile_problem, load_problem, solve

ROOT = Path(__file__).resolve().parents[1]
EPS = torch.finfo(torch.float64).eps
COMMIT = "500eb77^"  # the last commit whose problem files carry the tuned settings
#: problem -> seeds (docs/benchmarks.md, section 3)
TUNED = {
    "advection_gauss": [0],
    "advection_variable": [0],
    "advection_reaction": [0, 1, 2],
    "advection_periodic": [0, 1, 2],
    "rotation_2d": [0, 1, 2],
}


def old_file(name: str, folder: Path) -> Path:
    text = subprocess.run(
        ["git", "show", f"{COMMIT}:problems/{name}.py"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    path = folder / f"{name}.py"
    path.write_text(text)
    return path


def run(path: Path, **changes) -> dict:
    loaded = load_problem(path)
    # The files predate the automatic strategy: their iterations 0 meant LSGD's least squares.
    settings = Settings.from_mapping({"optimizer": "lsgd", **loaded.settings}, **changes)
    compiled = compile_problem(loaded.problem, settings)
    start = time.perf_counter()
    solution = solve(compiled, settings)
    wall = time.perf_counter() - start
    return {"rel_l2": solution.errors()["rel_l2"], "wall": wall, "rank": solution.rank}


def summary(runs: list[dict]) -> dict:
    errors, walls = [r["rel_l2"] for r in runs], [r["wall"] for r in runs]
    return {
        "runs": runs,
        "rel_l2_min": min(errors),
        "rel_l2_max": max(errors),
        "wall_min": min(walls),
        "wall_max": max(walls),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parts", default="tuned,gauss3072,tuning")
    default = ROOT / "docs" / "figures" / "first_session.json"
    parser.add_argument("--json", type=Path, default=default)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    parts = set(args.parts.split(","))
    document: dict = {"command": "python benchmarks/first_session.py", "source_commit": COMMIT}
    with tempfile.TemporaryDirectory() as folder:
        files = {name: old_file(name, Path(folder)) for name in TUNED}
        if "tuned" in parts:
            document["tuned"] = {
                name: summary([{"seed": s, **run(files[name], seed=s)} for s in seeds])
                for name, seeds in TUNED.items()
            }
        gauss = files["advection_gauss"]
        fine = {t: {"points": "grid:1/112"} for t in ("pde", "initial", "inflow")}
        if "gauss3072" in parts:
            document["gauss_width_3072"] = run(gauss, width=3072, terms=fine)
        if "tuning" in parts:
            coarse = {t: {"points": "grid:1/64"} for t in ("pde", "initial", "inflow")}
            base = run(gauss, width=2048)
            lsgd = run(gauss, width=2048, optimizer="lsgd", iterations=2)
            loaded = load_problem(gauss)
            settings = Settings.from_mapping({"optimizer": "lsgd", **loaded.settings}, width=2048)
            rows = compile_problem(loaded.problem, settings).rows  # the old cutoff: eps * rows
            document["tuning"] = {
                "ls_only": base,
                "lsgd_2_iterations": lsgd,
                "lsgd_gain": base["rel_l2"] / lsgd["rel_l2"],
                "lsgd_cost": lsgd["wall"] / base["wall"],
                "grid_1_64": run(gauss, width=2048, terms=coarse),
                "rcond_eps_rows": run(gauss, width=2048, rcond=EPS * rows),
                "sin": run(gauss, width=2048, activation="sin"),
                "depth_2": run(gauss, width=2048, depth=2),
            }
            tuning = document["tuning"]
            tuning["grid_gain"] = tuning["grid_1_64"]["rel_l2"] / base["rel_l2"]
            tuning["rcond_gain"] = tuning["rcond_eps_rows"]["rel_l2"] / base["rel_l2"]
    args.json.write_text(json.dumps(document, indent=1) + "\n")
    for key, value in document.items():
        print(key, value if not isinstance(value, dict) else json.dumps(value, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
