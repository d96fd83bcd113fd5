"""Systems of PDEs: the bundled systems with the defaults, the wave equation as a first-order
system against its second-order form, and one shared basis against a basis per unknown.

Everything runs in this process on one torch thread, float64, on the CPU:

1. **Defaults.** ``pinnls.solve(FILE, seed=s)`` on each bundled system (and the second-order
   wave) for each seed: the error over all unknowns and per unknown, the validation estimate,
   the training wall time (``Solution.wall``), and what the automatic strategy chose. The issue's
   targets are judged on the median over the seeds.
2. **Wave.** wave_first_order.py (unknowns u and w) against wave_second_order.py (u only), from
   the same runs: the error of u, of all unknowns, and the wall time.
3. **Shared or separate basis** (least squares only, no gradient steps; tanh, Box
   initialization): at width w, (a) one basis of w + 1 functions shared by the m unknowns
   (``m (w + 1)`` columns, what pinnls does) against (b) m independent bases of w + 1 functions,
   unknown j expanded in its own basis only (also ``m (w + 1)`` columns). Both are assembled
   and solved by the same code (pinnls's per-unknown assembly, then
   :class:`pinnls.numeric.least_squares.StreamingLeastSquares`, rcond 1e-15 as the automatic
   strategy's tanh stages) on the clouds that the automatic strategy draws for width w; the
   separate bases are drawn one after the other from the seed's generator, so the first
   unknown's basis is the shared one. At equal columns both cost the same (the times are
   recorded), so equal columns is also equal wall time. A check per problem confirms that the
   shared path reproduces ``pinnls.solve(..., optimizer="lsgd", iterations=0)``, and that the
   separate assembly equals the columns of ``System`` on the concatenated bases with each
   unknown's block restricted to its own basis.

Usage::

    python benchmarks/bench_systems.py --json docs/figures/systems.json    # everything, ~20 min
    python benchmarks/bench_systems.py --only basis --seeds 0
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import torch

import pinnls
from pinnls import compile_problem, load_problem
from pinnls.errors import PinnlsWarning
from pinnls.metrics import field_errors
from pinnls.numeric.assembly import System, TermSystem
from pinnls.numeric.basis import Basis, directional_derivative
from pinnls.numeric.initialization import initialize
from pinnls.numeric.least_squares import StreamingLeastSquares
from pinnls.record import to_json
from pinnls.settings import Settings
from pinnls.training.initial import build_basis
from pinnls.training.stages import ROWS_PER_COLUMN, TANH_RCOND

ROOT = Path(__file__).resolve().parents[1]
COMMAND = "python benchmarks/bench_systems.py --json docs/figures/systems.json"

#: The bundled problems run with the defaults, in order.
DEFAULTS = [
    "acoustics_characteristic",
    "acoustics_wall",
    "wave_first_order",
    "wave_second_order",
    "darcy_2d",
]
#: Issue 11's targets: (problem, rel L2, seconds); met when the median over the seeds is at
#: most the error and every seed's wall time is within the seconds.
TARGETS = [("acoustics_characteristic", 1e-6, 60.0), ("darcy_2d", 1e-4, 120.0)]
#: Shared against separate bases.
BASIS_PROBLEMS = ["acoustics_characteristic", "darcy_2d"]
BASIS_WIDTHS = [128, 256, 512]
#: The Box steepness: tanh's default (4), and the gentlest, which the automatic strategy
#: chose on every problem here.
BASIS_SCALES = [4.0, 1.5]
SEEDS = [0, 1, 2]
#: Points per axis of the error grid (pinnls's default in two dimensions).
GRID = 101


def path_of(problem: str) -> Path:
    return ROOT / "problems" / f"{problem}.py"


# 1. and 2.: the defaults ---------------------------------------------------------------------


def run_defaults(problem: str, seed: int) -> dict:
    """One solve with the defaults (and this seed): errors, estimate, time, the choice."""
    loaded = load_problem(path_of(problem))
    began = time.perf_counter()
    compiled = compile_problem(loaded.problem, Settings.from_mapping(loaded.settings, seed=seed))
    compile_seconds = time.perf_counter() - began
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        began = time.perf_counter()
        solution = pinnls.solve(compiled)
        elapsed = time.perf_counter() - began
    errors = solution.errors()
    strategy = to_json(solution.strategy) or {}
    if solution.slabs:
        widths = sorted({piece.settings.width for piece in solution.slabs})
    else:
        widths = [solution.settings.width]
    return {
        "problem": problem,
        "seed": seed,
        "unknowns": list(compiled.unknowns),
        "rel_l2": errors["rel_l2"],
        "max": errors["max"],
        "per_unknown": {
            name: value["rel_l2"] for name, value in (errors.get("unknowns") or {}).items()
        }
        or {compiled.unknowns[0]: errors["rel_l2"]},
        "validation": (solution.validation or {}).get("total"),
        "wall": solution.wall,
        "elapsed": elapsed,
        "compile_seconds": compile_seconds,
        "slabs": len(solution.slabs) or 1,
        "widths": widths,
        "stop_reason": strategy.get("stop_reason"),
        "warnings": sorted(
            {str(w.message).split(";")[0] for w in caught if issubclass(w.category, PinnlsWarning)}
        ),
    }


def median_of(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def defaults_table(rows: list[dict]) -> str:
    """Median over the seeds of each problem (the seeds' range in brackets)."""
    lines = [
        "| problem | unknowns | rel L2 (median) | range over seeds | per unknown (median) "
        "| validation | slabs | widths | wall s (median) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for problem in dict.fromkeys(r["problem"] for r in rows):
        runs = [r for r in rows if r["problem"] == problem]
        errors = [r["rel_l2"] for r in runs]
        names = runs[0]["unknowns"]
        per = ", ".join(
            f"{n} {statistics.median(r['per_unknown'][n] for r in runs):.1e}" for n in names
        )
        slabs = sorted({r["slabs"] for r in runs})
        widths = sorted({w for r in runs for w in r["widths"]})
        lines.append(
            f"| {problem} | {', '.join(names)} | {statistics.median(errors):.2e} | "
            f"{min(errors):.1e} to {max(errors):.1e} | {per} | "
            f"{median_of(runs, 'validation'):.1e} | {', '.join(map(str, slabs))} | "
            f"{', '.join(map(str, widths))} | {median_of(runs, 'wall'):.1f} |"
        )
    return "\n".join(lines)


def targets(rows: list[dict]) -> list[dict]:
    out = []
    for problem, error, seconds in TARGETS:
        runs = [r for r in rows if r["problem"] == problem]
        if not runs:
            continue
        median = median_of(runs, "rel_l2")
        slowest = max(r["wall"] for r in runs)
        out.append(
            {
                "problem": problem,
                "target_rel_l2": error,
                "target_seconds": seconds,
                "median_rel_l2": median,
                "worst_rel_l2": max(r["rel_l2"] for r in runs),
                "slowest_wall": slowest,
                "met": median <= error and slowest <= seconds,
            }
        )
    return out


def wave_table(rows: list[dict]) -> str:
    """wave_first_order against wave_second_order: medians over the seeds."""
    lines = [
        "| form | unknowns | rel L2 of u | rel L2, all unknowns | widths | wall s |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for problem, form in (
        ("wave_first_order", "first order"),
        ("wave_second_order", "second order"),
    ):
        runs = [r for r in rows if r["problem"] == problem]
        if not runs:
            continue
        u = statistics.median(r["per_unknown"]["u"] for r in runs)
        widths = sorted({w for r in runs for w in r["widths"]})
        lines.append(
            f"| {form} | {', '.join(runs[0]['unknowns'])} | {u:.2e} | "
            f"{median_of(runs, 'rel_l2'):.2e} | {', '.join(map(str, widths))} | "
            f"{median_of(runs, 'wall'):.1f} |"
        )
    return "\n".join(lines)


# 3.: shared or separate basis ----------------------------------------------------------------


class SeparateBases(torch.nn.Module):
    """m independent bases side by side: ``x -> [Phi_1(x) | ... | Phi_m(x)]``.

    Only for the check of the separate assembly against :class:`System` (which then gives
    every unknown all m bases; each unknown's own columns are kept).
    """

    def __init__(self, bases: list[Basis]) -> None:
        super().__init__()
        self.bases = torch.nn.ModuleList(bases)
        self.constant = False  # each basis carries its own constant column
        self.size = sum(b.size for b in bases)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([b(x) for b in self.bases], dim=1)

    def hidden_with_tangent(self, x: torch.Tensor, tangent: torch.Tensor):
        pairs = [directional_derivative(b, x, tangent) for b in self.bases]
        return torch.cat([v for v, _ in pairs], dim=1), torch.cat([d for _, d in pairs], dim=1)


def lsq_settings(width: int, scale: float, seed: int) -> Settings:
    return Settings(
        optimizer="lsgd",
        iterations=0,
        width=width,
        activation="tanh",
        init="box",
        init_scale=scale,
        seed=seed,
        rcond=TANH_RCOND,
    )


def clouds_for(compiled, width: int, seed: int):
    """The clouds that the automatic strategy draws for a width (stages.Stages._clouds)."""
    columns = width + 1
    interior = sum(1 for t in compiled.terms if t.cloud is None or not t.cloud.fixed)
    share = math.ceil(compiled.unknown_count / max(1, interior))

    def minimum(term) -> int:
        if term.cloud is None or not term.cloud.fixed:
            return ROWS_PER_COLUMN * columns * share
        return columns

    return compiled.at_width(width).refined(minimum, seed=seed)


def bases_for(compiled, settings: Settings, method: str) -> list[Basis]:
    """One basis per unknown: the same object m times (shared), or m independent ones."""
    if method == "shared":
        return [build_basis(compiled, settings, device="cpu")] * compiled.unknown_count
    generator = torch.Generator().manual_seed(settings.seed)
    bases = []
    for _ in range(compiled.unknown_count):
        basis = Basis(
            compiled.lower,
            compiled.upper,
            width=settings.width,
            activation=settings.activation,
            constant=settings.constant,
            dtype=torch.float64,
            device="cpu",
        )
        bases.append(initialize(basis, settings.init, generator, scale=settings.scale))
    return bases


def assemble(system: System, bases: list[Basis], term: TermSystem, rows: slice) -> torch.Tensor:
    """A term's scaled rows, unknown j's column block from ``bases[j]`` (TermSystem.block with
    one basis per unknown)."""
    blocks = []
    for unknown, basis in enumerate(bases):
        groups = term.by_unknown.get(unknown)
        if groups:
            blocks.append(TermSystem._unknown_block(basis, groups, rows))
        else:
            blocks.append(None)
    like = next(b for b in blocks if b is not None)
    blocks = [torch.zeros_like(like) if b is None else b for b in blocks]
    return term.scale * torch.cat(blocks, dim=1)


CHUNK = 8192


def solve_lsq(compiled, settings: Settings, method: str) -> dict:
    """Least squares on the shared or separate bases; the error on pinnls's grid."""
    with torch.no_grad():
        bases = bases_for(compiled, settings, method)
        size = bases[0].size
        began = time.perf_counter()
        system = System(compiled, torch.float64, "cpu")
        solver = StreamingLeastSquares(
            size * compiled.unknown_count,
            settings.least_squares,
            settings.rcond,
            settings.tikhonov,
            dtype=torch.float64,
        )
        for term in system.terms:
            for rows in term.chunks(CHUNK):
                solver.add(assemble(system, bases, term, rows), term.scale * term.source[rows])
        result = solver.solve()
        seconds = time.perf_counter() - began
        _, points = compiled.grid(GRID)
        x = torch.as_tensor(points, dtype=torch.float64)
        c = result.coefficients
        values = np.stack(
            [(basis(x) @ c[j * size : (j + 1) * size]).numpy() for j, basis in enumerate(bases)],
            axis=1,
        )
    errors = field_errors(
        {"u": values, "exact": compiled.exact(points), "unknowns": compiled.unknowns}
    )
    return {
        "rel_l2": errors["rel_l2"],
        "per_unknown": {name: e["rel_l2"] for name, e in errors["unknowns"].items()},
        "seconds": seconds,
        "rank": result.rank,
        "columns": size * compiled.unknown_count,
        "rows": compiled.rows,
    }


def check_paths(problem: str, width: int = 128, scale: float = 4.0) -> dict:
    """The shared path against pinnls.solve, and the separate assembly against System."""
    loaded = load_problem(path_of(problem))
    settings = lsq_settings(width, scale, 0)
    compiled = clouds_for(compile_problem(loaded.problem, settings), width, 0)
    ours = solve_lsq(compiled, settings, "shared")["rel_l2"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pinnls.solve(compiled, settings).errors(GRID)["rel_l2"]
    with torch.no_grad():
        bases = bases_for(compiled, settings, "separate")
        size = bases[0].size
        pair = SeparateBases(bases)
        system = System(compiled, torch.float64, "cpu")
        worst = 0.0
        for term in system.terms:
            rows = slice(0, min(term.size, 512))
            full = term.scale * term.block(pair, rows)  # (n, m * m * size)
            kept = torch.cat(
                [
                    full[:, j * pair.size + j * size : j * pair.size + (j + 1) * size]
                    for j in range(compiled.unknown_count)
                ],
                dim=1,
            )
            direct = assemble(system, bases, term, rows)
            worst = max(worst, float((kept - direct).abs().max()))
    return {
        "problem": problem,
        "width": width,
        "scale": scale,
        "shared_rel_l2": ours,
        "pinnls_solve_rel_l2": theirs,
        "separate_assembly_max_difference": worst,
    }


def run_basis(problem: str, width: int, scale: float, seed: int, method: str) -> dict:
    loaded = load_problem(path_of(problem))
    settings = lsq_settings(width, scale, seed)
    compiled = clouds_for(compile_problem(loaded.problem, settings), width, seed)
    return {
        "problem": problem,
        "width": width,
        "scale": scale,
        "seed": seed,
        "method": method,
        **solve_lsq(compiled, settings, method),
    }


def basis_summary(rows: list[dict]) -> list[dict]:
    """Medians (and ranges) over the seeds of each (problem, scale, width), both methods side
    by side."""
    out = []
    keys = dict.fromkeys((r["problem"], r["scale"], r["width"]) for r in rows)
    for problem, scale, width in keys:

        def pick(method, p=problem, s=scale, w=width):
            return [
                r
                for r in rows
                if (r["problem"], r["scale"], r["width"], r["method"]) == (p, s, w, method)
            ]

        shared, separate = pick("shared"), pick("separate")
        if not shared or not separate:
            continue
        out.append(
            {
                "problem": problem,
                "scale": scale,
                "width": width,
                "columns": shared[0]["columns"],
                "shared_rel_l2": median_of(shared, "rel_l2"),
                "separate_rel_l2": median_of(separate, "rel_l2"),
                "shared_range": [
                    min(r["rel_l2"] for r in shared),
                    max(r["rel_l2"] for r in shared),
                ],
                "separate_range": [
                    min(r["rel_l2"] for r in separate),
                    max(r["rel_l2"] for r in separate),
                ],
                "ratio": median_of(separate, "rel_l2") / median_of(shared, "rel_l2"),
                "shared_seconds": median_of(shared, "seconds"),
                "separate_seconds": median_of(separate, "seconds"),
                "time_ratio": median_of(separate, "seconds") / median_of(shared, "seconds"),
            }
        )
    return out


def basis_table(summary: list[dict]) -> str:
    """Medians over the seeds, with each method's range over the seeds in brackets."""
    lines = [
        "| problem | init scale | width | columns | shared rel L2 | separate rel L2 | "
        "separate / shared | shared s | separate s |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for s in summary:
        shared, separate = s["shared_range"], s["separate_range"]
        lines.append(
            f"| {s['problem']} | {s['scale']:g} | {s['width']} | {s['columns']} | "
            f"{s['shared_rel_l2']:.2e} ({shared[0]:.1e} to {shared[1]:.1e}) | "
            f"{s['separate_rel_l2']:.2e} ({separate[0]:.1e} to {separate[1]:.1e}) | "
            f"{s['ratio']:.2f} | {s['shared_seconds']:.2f} | {s['separate_seconds']:.2f} |"
        )
    return "\n".join(lines)


# the record ----------------------------------------------------------------------------------


def machine() -> str:
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.machine()}, {model}, {os.cpu_count()} CPUs, {platform.system()}"


def record(results: dict, load: list) -> dict:
    return {
        "command": COMMAND,
        "script": "benchmarks/bench_systems.py",
        "machine": machine(),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "dtype": "float64",
        "date": datetime.date.today().isoformat(),
        "load_average": load,
        **results,
    }


def warm_up() -> None:
    """One small solve, so that the first timed run does not pay for lazy imports."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pinnls.solve(path_of("acoustics_wall"), optimizer="lsgd", iterations=0, width=32)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=["defaults", "basis"])
    parser.add_argument("--seeds", type=int, nargs="*", default=SEEDS)
    parser.add_argument("--json", type=Path, help="write the results here (and print tables)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    only = set(args.only or ["defaults", "basis"])
    load = [os.getloadavg()]
    results: dict = {"seeds": args.seeds}
    warm_up()

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps(record(results, load), indent=1) + "\n")

    if "defaults" in only:
        rows = results["defaults"] = []
        for problem in DEFAULTS:
            for seed in args.seeds:
                rows.append(run_defaults(problem, seed))
                r = rows[-1]
                print(json.dumps({k: r[k] for k in ("problem", "seed", "rel_l2", "wall")}))
                save()
        results["targets"] = targets(rows)
        load.append(os.getloadavg())
        save()
    if "basis" in only:
        results["basis_checks"] = [check_paths(problem) for problem in BASIS_PROBLEMS]
        print(json.dumps(results["basis_checks"]))
        rows = results["basis"] = []
        for problem in BASIS_PROBLEMS:
            for scale in BASIS_SCALES:
                for width in BASIS_WIDTHS:
                    for seed in args.seeds:
                        for method in ("shared", "separate"):
                            rows.append(run_basis(problem, width, scale, seed, method))
                            r = rows[-1]
                            keys = ("problem", "scale", "width", "seed", "method", "rel_l2")
                            print(json.dumps({k: r[k] for k in (*keys, "seconds")}))
                    save()
        results["basis_summary"] = basis_summary(rows)
        load.append(os.getloadavg())
        save()
    if "defaults" in results:
        print(defaults_table(results["defaults"]))
        print()
        print(json.dumps(results["targets"], indent=1))
        print()
        print(wave_table(results["defaults"]))
    if "basis_summary" in results:
        print()
        print(basis_table(results["basis_summary"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
