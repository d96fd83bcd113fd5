"""One stage of elastic plane waves on a grid on the initial face against a Sobol cloud.

At some widths a stage of aligned features (every feature a plane wave, tanh, steepness 6) on
``benchmarks/systems2/elastic_plane_waves.py`` goes wrong between the points: the waves of
speed 0 (a stress with no velocity, constant in time) are held by the initial condition alone,
and on its grid steep ones can go free between the lines (docs/benchmarks.md, section 52).
This script solves the stage at the given widths twice, on the clouds the automatic strategy
sizes for the width (``Stages.sized``) with each initial term's cloud declared as a grid
(``grid:n=2x2``, a minimum that the sizing refines as a grid, as the default was before
section 52) and as ``sobol:4096`` (a minimum, so the sizing may keep more), and prints the
validation estimate and the error against the exact solution. Section 52's JSON was written
before the default became a Sobol cloud, with the default grid in place of the declared one.

    OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/elastic_initial_cloud.py \\
        --widths 1280,1536,1792 --json docs/figures/elastic_initial_cloud.json
"""

from __future__ import annotations

import argparse
import time
import warnings
from pathlib import Path

import torch
from figures import machine, write_record

from pinnls.settings import Settings
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.loader import load_problem
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "benchmarks" / "systems2" / "elastic_plane_waves.py"
INITIAL = ("initial-v1", "initial-v2", "initial-s11", "initial-s22", "initial-s12")


def stages(cloud: str | None) -> Stages:
    terms = {name: {"points": cloud} for name in INITIAL} if cloud else {}
    settings = Settings.from_mapping({"optimizer": "auto", "terms": terms})
    compiled = compile_problem(load_problem(FILE).problem, settings)
    return Stages(compiled, settings, None, Budget(None))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default="1280,1536,1792")
    parser.add_argument("--scale", type=float, default=6.0)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = []
    print("| initial cloud | width | initial points per term | estimate | rel L2 | s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for cloud in ("grid:n=2x2", "sobol:4096"):
        runs = stages(cloud)
        for width in (int(w) for w in args.widths.split(",")):
            began = time.perf_counter()
            stage = runs.smooth("grow", "tanh", width, args.scale, aligned=1.0)
            seconds = time.perf_counter() - began
            sized = runs.sized(width, None, 1.0)
            points = next(t.size for t in sized.terms if t.name == INITIAL[0])
            rows.append(
                {
                    "cloud": cloud,
                    "width": width,
                    "initial_points": points,
                    "estimate": stage.estimate,
                    "rel_l2": stage.error,
                    "seconds": seconds,
                }
            )
            r = rows[-1]
            print(
                f"| {r['cloud']} | {width} | {points} | {r['estimate']:.3g} | {r['rel_l2']:.3g} "
                f"| {seconds:.1f} |",
                flush=True,
            )
    if args.json:
        command = (
            "OMP_NUM_THREADS=1 PYTHONPATH=. .venv/bin/python benchmarks/elastic_initial_cloud.py"
        )
        data = {
            "command": f"{command} --widths {args.widths} --json {args.json}",
            "machine": f"{machine()}, torch {torch.__version__}",
            "rows": rows,
        }
        write_record(args.json, data)


if __name__ == "__main__":
    main()
