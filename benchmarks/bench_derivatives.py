"""Assembly time of one-hidden-layer bases: closed-form derivatives against forward-mode AD.

For a basis with one hidden layer, ``pinnls.numeric.basis`` writes every derivative in closed
form (``sigma^(k)(z)`` times a monomial in the weights, one pass per term); the forward-mode
path (nested ``torch.func.jvp``) remains for deeper networks and is switched on here with
``jvp_only()``. This script times, in process CPU seconds on one thread (``time.process_time``;
the machine may be shared, so the load average is printed too), for each problem and width:

- the assembly of every term's block on the clouds sized for the width (no gradient, as in a
  least-squares-only stage), old and new alternated, median of ``--repeats``, with its minor
  page faults (each fresh block of tens of MB is mapped, and faulted in, anew);
- with ``--solve``, a whole least-squares stage at one width (assembly, QR, solve, validation
  estimate), old and new alternated, with the two estimates (they must agree to rounding).

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_derivatives.py [--solve 1024]

With ``--subdomains SPEC`` the bases are local (``pinnls.numeric.local``: SPEC cells, the width
split over them), whose closed form is ``local.operator_columns``; ``--json FILE`` writes the
rows.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import torch

from pinnls.numeric.assembly import System
from pinnls.numeric.basis import jvp_only
from pinnls.settings import Settings
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.loader import load_problem
from pinnls.training import build_basis
from pinnls.training.budget import Budget
from pinnls.training.stages import Stages

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = {
    "poisson_rfm": ROOT / "benchmarks" / "pyrfm" / "poisson_rfm.py",
    "advection_gauss": ROOT / "problems" / "advection_gauss.py",
    "heat_2d": ROOT / "benchmarks" / "pyrfm" / "heat_2d.py",
    "wave_second_order": ROOT / "problems" / "wave_second_order.py",
    "helmholtz_1d": ROOT / "benchmarks" / "pyrfm" / "helmholtz_1d.py",
}


def stages_of(path: Path, subdomains: str | None = None) -> Stages:
    loaded = load_problem(path)
    settings = Settings.from_mapping({"optimizer": "auto", "subdomains": subdomains})
    compiled = compile_problem(loaded.problem, settings)
    return Stages(compiled, settings, None, Budget(None))


def assembly_seconds(system: System, basis, old: bool) -> tuple[float, int]:
    """CPU seconds and minor page faults of assembling every term's block once."""
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    began = time.process_time()
    with torch.no_grad():
        if old:
            with jvp_only():
                blocks = [term.block(basis) for term in system.terms]
        else:
            blocks = [term.block(basis) for term in system.terms]
    seconds = time.process_time() - began
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    del blocks
    return seconds, faults


def assembly_row(name: str, stages: Stages, width: int, repeats: int) -> dict:
    problem = stages.sized(width)
    settings = stages.settings.replace(
        optimizer="lsgd", width=width, activation="tanh", init_scale=2.0
    )  # subdomains kept from stages_of
    basis = build_basis(problem, settings)
    system = System(problem, torch.float64, torch.device("cpu"))
    with torch.no_grad():
        with jvp_only():
            old_blocks = [term.block(basis) for term in system.terms]
        new_blocks = [term.block(basis) for term in system.terms]
    difference = max(
        float((a - b).abs().max() / b.abs().max().clamp_min(1e-300))
        for a, b in zip(new_blocks, old_blocks, strict=True)
    )
    del old_blocks, new_blocks
    old, new = [], []
    for _ in range(repeats):  # alternated, so that a change of load hits both alike
        old.append(assembly_seconds(system, basis, old=True))
        new.append(assembly_seconds(system, basis, old=False))
    return {
        "problem": name,
        "width": width,
        "rows": problem.rows,
        "old": statistics.median(t for t, _ in old),
        "new": statistics.median(t for t, _ in new),
        "old_faults": statistics.median(f for _, f in old),
        "new_faults": statistics.median(f for _, f in new),
        "difference": difference,
    }


def solve_row(name: str, stages: Stages, width: int) -> dict:
    stages.smooth("probe", "tanh", 64, 2.0)  # warm up: lambdified functions, torch's kernels
    out = {"problem": name, "width": width}
    for label in ("old", "new", "old2", "new2"):
        began = time.process_time()
        if label.startswith("old"):
            with jvp_only():
                stage = stages.smooth("probe", "tanh", width, 2.0)
        else:
            stage = stages.smooth("probe", "tanh", width, 2.0)
        out[label] = time.process_time() - began
        out[label + "_estimate"] = stage.estimate
        out[label + "_error"] = stage.error
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", nargs="*", default=list(PROBLEMS))
    parser.add_argument("--widths", nargs="*", type=int, default=[512, 1024, 2048])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--solve", type=int, help="also time a whole stage at this width")
    parser.add_argument("--subdomains", help="local bases of these cells (e.g. 32, 4x4)")
    parser.add_argument("--json", type=Path, help="write the rows as JSON to this file")
    args = parser.parse_args()
    record = {
        "command": "OMP_NUM_THREADS=1 .venv/bin/python benchmarks/bench_derivatives.py "
        + " ".join(sys.argv[1:]),
        "load_before": os.getloadavg()[0],
        "assembly": [],
        "solve": [],
    }
    torch.set_num_threads(1)
    print(f"load average before: {os.getloadavg()}")
    print(
        "| problem | width | rows | jvp CPU s | closed form CPU s | speed-up | "
        "page faults jvp / closed | max rel diff |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name in args.problems:
        stages = stages_of(PROBLEMS[name], args.subdomains)
        for width in args.widths:
            r = assembly_row(name, stages, width, args.repeats)
            record["assembly"].append(r)
            print(
                f"| {name} | {width} | {r['rows']} | {r['old']:.2f} | {r['new']:.2f} | "
                f"{r['old'] / r['new']:.1f}x | {r['old_faults'] / 1e3:.0f}k / "
                f"{r['new_faults'] / 1e3:.0f}k | {r['difference']:.1e} |",
                flush=True,
            )
    if args.solve:
        print()
        print(
            "| problem | width | jvp stage CPU s | closed form stage CPU s | "
            "jvp estimate | closed form estimate | rel error (jvp / closed) |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for name in args.problems:
            r = solve_row(name, stages_of(PROBLEMS[name], args.subdomains), args.solve)
            record["solve"].append(r)
            old, new = sorted([r["old"], r["old2"]]), sorted([r["new"], r["new2"]])
            print(
                f"| {name} | {args.solve} | {old[0]:.2f}-{old[1]:.2f} | "
                f"{new[0]:.2f}-{new[1]:.2f} | "
                f"{r['old_estimate']:.4e} | {r['new_estimate']:.4e} | "
                f"{r['old_error']:.3e} / {r['new_error']:.3e} |",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()}")
    if args.json:
        record["load_after"] = os.getloadavg()[0]
        args.json.write_text(json.dumps(record, indent=1))


if __name__ == "__main__":
    main()
