"""Mutation score per module from finished ``mutmut run``s (the last step of ``make mutation``).

It reads mutmut's per-file results from every group's folder, ``build/mutation/*/mutants``
(benchmarks/mutation_run.py; ``--mutants`` names other ``mutants/`` folders), removes the
surviving mutants judged equivalent (:data:`EQUIVALENT`, each with the reason), prints the
table that docs/testing.md quotes and writes it to docs/figures/mutation.json: a module with
no results in this run keeps its row from the file. Survivors that are not judged equivalent
are listed: each is a test still to write (or a new equivalent to justify here).

The score is killed / (mutants - equivalent). A timeout counts as killed (the mutant changed
behaviour enough to hang); a mutant that no selected test reaches counts as survived.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "figures" / "mutation.json"
BUILD = ROOT / "build" / "mutation"

MODULES = {
    "pinnls/numeric/assembly.py": "assembly",
    "pinnls/numeric/least_squares.py": "least squares",
    "pinnls/numeric/basis.py": "basis derivatives",
    "pinnls/metrics.py": "error computation",
    "pinnls/symbolic/linearity.py": "linearity pass",
    "pinnls/io/vtk.py": "VTK output",
    "pinnls/training/validation.py": "validation estimate",
    "pinnls/training/slabs.py": "time slabs",
    "pinnls/training/stages.py": "auto's stages",
    "pinnls/training/auto.py": "automatic strategy",
}

#: Surviving mutants that cannot change any result, by mutmut's name, with the reason. Judge
#: each by reading ``mutmut show NAME``; never add one only to raise the score.
_SUBS = "value.subs(..., simultaneous=True) substitutes numbers for axis symbols: no chaining"
_QR = "pinnls.numeric.least_squares.x_solve_pivoted_qr__mutmut_"
_TIKHONOV = "pinnls.numeric.least_squares.x_solve_tikhonov__mutmut_"
_ADD = "pinnls.numeric.least_squares.xǁStreamingLeastSquaresǁadd__mutmut_"
_VTK = "pinnls.io.vtk.x_write_vtk__mutmut_"
_VTK_ORDER = "pinnls.io.vtk.x_vtk_order__mutmut_"
_RESTORE = "pinnls.training.slabs.x__restore__mutmut_"
_ASSEMBLE = "pinnls.training.slabs.x_assemble__mutmut_"
_POINTS = "pinnls.training.slabs.x__points__mutmut_"
_JUMPS = "pinnls.training.slabs.x_interface_jumps__mutmut_"
_STAGES = "pinnls.training.stages."
_AUTO = "pinnls.training.auto.xǁ_Autoǁ"
EQUIVALENT: dict[str, str] = {
    **{f"pinnls.symbolic.linearity.xǁLinearFormǁapply__mutmut_{n}": _SUBS for n in (29, 31, 32)},
    _QR + "105": "tri's kept-row x dropped-column entries multiply y = 0 on the dropped unknowns",
    _QR + "38": ".to(None) keeps the 0-d sign tensor, promoted to x's dtype by the product",
    _QR + "46": "sign at x[0] == 0: either sign gives a valid reflection without cancellation",
    _QR + "60": "v_norm == 0 only for a zero trailing column: NaN stays in dropped rows/columns",
    _QR + "62": "the fallback divisor is used only when v = 0, and 0 / 1 == 0 / 2",
    _QR + "83": "cumprod of a bool tensor is int64 already",
    _QR + "93": "torch.where promotes the float32 identity (exact 0/1) to r's dtype",
    _TIKHONOV + "2": "gram is square: shape[0] == shape[1]",
    _TIKHONOV + "15": "the start vector's length does not matter: every iterate is normalized and "
    "||G v_k|| only grows for a positive semidefinite G",
    _TIKHONOV + "16": "as mutant 15",
    _TIKHONOV + "33": "norm == 0 only for G = 0, which returns zeros either way",
    _TIKHONOV + "35": "the fallback divisor is used only when nxt = 0",
    _TIKHONOV + "42": "the zero coefficients are unscaled by a float64 column scale: float64",
    _TIKHONOV + "45": "as mutant 42",
    _TIKHONOV + "55": "the identity (exact 0/1) is promoted to the Gram matrix's dtype",
    _TIKHONOV + "58": "as mutant 55",
    _ADD + "13": "a chunk of zero rows changes neither R (up to row signs) nor the Gram matrix",
    _ADD + "36": "torch.linalg.qr(...).R is the same R in 'reduced' and 'r' modes",
    _ADD + "40": "dim=0 is torch.cat's default",
    _VTK_ORDER + "5": 'numpy reads the order letter case-blind: ravel(order="f") is order="F"',
    **{
        _VTK + str(n): "np.array of str (axis names, the problem's name) is a str array already"
        for n in (33, 35, 40, 42)
    },
    _VTK + "52": "binary=True is the default of pyvista's DataSet.save",
    _RESTORE + "11": "device None on the CPU (as the device rule; a checkpoint moved to CUDA "
    "would catch it)",
    _RESTORE + "55": "as mutant 11",
    **{
        _RESTORE + str(n): "the entry's coefficients are in the run's dtype already, and dtype "
        "cannot change on --resume (checkpoint.RESUMABLE_CHANGES)"
        for n in (56, 57, 58)
    },
    **{
        _RESTORE + str(n): 'get("complete") without a default: None is as false as False'
        for n in (17, 19)
    },
    _RESTORE + "22": "checkpoint.entry writes complete into every slab's entry: the default "
    "is never read for a checkpoint that pinnls wrote",
    _ASSEMBLE + "38": "the offset after a slab with an empty history is never read: only the "
    "slab that stopped the march (interrupted or failed in its first solve) can have one, and "
    "it is the last",
    _ASSEMBLE + "72": "strategy=None is the Solution field's default (and is set just after)",
    _POINTS + "5": "max(3, ...) for max(2, ...): int(20000 ** (1 / dim)) >= 3 up to 9 axes",
    _POINTS + "13": "20001 for 20000: both clip to 101 in 1-D, and for 2 to 59 axes no integer "
    "lies between their roots, so int() of either is the same",
    _JUMPS + "12": "max(3, ...) for max(2, ...): int(4096 ** (1 / n)) >= 3 up to 7 spatial axes",
    _JUMPS + "31": "np.meshgrid() of no axes is (), as falsy as []",
    _JUMPS + "34": "meshgrid's 'xy' indexing orders the same interface points differently; the "
    "largest jump and the ratio of norms do not depend on the order",
    _JUMPS + "50": "2 rows for 1 without spatial axes: two copies of the one interface point "
    "leave the largest jump and the ratio of norms unchanged",
    **{
        _JUMPS + str(n): "zip of the spatial axes and their meshes: equal lengths, so strict "
        "never raises"
        for n in (53, 56, 57)
    },
    _JUMPS + "59": "the time column is never read: time_slabs.plan carries a term only when "
    "its cloud fixes the time axis (the loop below writes the interface time there) or its "
    "operator does (moved_parts evaluates at the interface whatever the point's time)",
    _STAGES + "xǁStagesǁ__init____mutmut_18": "-2.0 for -1.0 as the no-room marker: any "
    "negative marker gives None, and a real room is never negative",
    _STAGES + "xǁStagesǁfits__mutmut_2": "predict(width, None) for predict(width): None is "
    "the parameter's default",
    _STAGES + "xǁStagesǁresult__mutmut_104": "validation= dropped from dataclasses.replace of "
    "chosen: replace keeps chosen.validation, the value it passed",
    **{
        _AUTO
        + f"_grow__mutmut_{n}": "return for break in a stagnation or target-met branch: the loop's "
        "else is skipped either way and nothing follows the loop"
        for n in (77, 87, 106)
    },
    _AUTO + "_next_widths__mutmut_10": "max(done, default=1) for default=0: every width of "
    "WIDTHS is above both",
    **{
        _AUTO + f"_plan__mutmut_{n}": "_kinks(whole_budget=None) for False: _kinks reads it "
        "only as a truth value"
        for n in (103, 137)
    },
    **{
        "pinnls.training.auto.x_constant_characteristics__mutmut_"
        + f"{n}": "another seed or count of the random points: any such set tells a variable "
        "coefficient from a constant one (the tests' and the benchmarks' alike)"
        for n in (11, 12, 13)
    },
    "pinnls.training.auto.x_constant_characteristics__mutmut_22": "reshape(n, -2) for (n, -1): "
    "numpy reads any negative size as the one to infer",
    "pinnls.training.auto.x_constant_characteristics__mutmut_29": "< for <= against 1e-12 x "
    "the largest entry: they differ only where the spread equals it exactly, or for a field of "
    "zeros, which characteristics() never returns (a zero coefficient is no part)",
    **{
        _AUTO + f"_smooth__mutmut_{n}": "runs.smooth without the axis scales (None): "
        "Stages.smooth then uses runs.axis_scales, which is the value _Auto.axis_scales passed"
        for n in (5, 10)
    },
}

#: Mutants equivalent by a rule, checked on the mutant's diff (``mutmut show``): the removed
#: and added lines are equal once the pattern is removed from both.
RULES = (
    # Every tensor of a CPU run is on the CPU, so device=None (or no device) changes nothing;
    # a CUDA run of the same tests (benchmarks/cuda_check.py) would catch these.
    (re.compile(r"device=[^,()]*(?:\([^()]*\))?,?\s*"), "device argument (CPU-equivalent)"),
    # float("INF") == float("inf").
    (re.compile(r"\bINF\b|\binf\b"), 'float("INF") == float("inf")'),
)


def rule_for(name: str, folder: Path) -> str | None:
    """The equivalence rule that covers a mutant, from its diff (``mutmut show`` run in
    ``folder``, which holds the mutant's ``mutants/``), or None."""
    diff = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True, cwd=folder
    ).stdout
    removed = [line[1:] for line in diff.splitlines() if line.startswith("- ")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+ ")]
    if not removed:
        return None
    for pattern, reason in RULES:
        strip = [re.sub(r"\s+", "", pattern.sub("", line)) for line in removed]
        mutated = [re.sub(r"\s+", "", pattern.sub("", line)) for line in added]
        if "".join(strip) == "".join(mutated):
            return reason
    return None


KILLED = {"killed", "timeout", "caught by type check"}


def statuses(folders: list[Path]) -> dict[str, tuple[Path, dict[str, str]]]:
    """``{module path: (its mutants/ folder, {mutant name: status})}`` from mutmut's
    ``*.py.meta`` files. A module found in several folders (a group moved) is taken from the
    folder written last."""
    from mutmut.stats import status_by_exit_code

    out: dict[str, tuple[Path, dict[str, str]]] = {}
    for mutants in sorted(folders, key=lambda folder: folder.stat().st_mtime):
        for path in MODULES:
            meta = mutants / (path + ".meta")
            if not meta.is_file():
                continue
            codes = json.loads(meta.read_text())["exit_code_by_key"]
            out[path] = (mutants, {n: status_by_exit_code[code] for n, code in codes.items()})
    return out


def summarize(results: dict[str, tuple[Path, dict[str, str]]]) -> dict:
    rows = {}
    for path, (mutants, by_name) in results.items():
        for name, status in by_name.items():
            if status not in KILLED and status != "not checked" and name not in EQUIVALENT:
                reason = rule_for(name, mutants.parent)
                if reason is not None:
                    EQUIVALENT[name] = reason
        total = len(by_name)
        killed = sum(status in KILLED for status in by_name.values())
        equivalent = sorted(n for n, s in by_name.items() if n in EQUIVALENT and s not in KILLED)
        unchecked = sum(status == "not checked" for status in by_name.values())
        survivors = sorted(
            n
            for n, s in by_name.items()
            if s not in KILLED and s != "not checked" and n not in EQUIVALENT
        )
        counted = total - unchecked - len(equivalent)
        rows[MODULES[path]] = {
            "module": path,
            "mutants": total,
            "killed": killed,
            "equivalent": len(equivalent),
            "survived": len(survivors),
            "not_checked": unchecked,
            "score": round(killed / counted, 4) if counted else None,
            "equivalent_mutants": {n: EQUIVALENT[n] for n in equivalent},
            "survivors": survivors,
        }
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mutants", type=Path, nargs="+", help="mutants/ folders (default: build/mutation/*/)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    folders = args.mutants or sorted(BUILD.glob("*/mutants"))
    rows = summarize(statuses(folders))
    if not rows:
        print(f"no mutmut results under {' '.join(map(str, folders))}", file=sys.stderr)
        return 1
    print("| module | mutants | killed | equivalent | survived | score |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, row in rows.items():
        score = "n/a" if row["score"] is None else f"{100 * row['score']:.1f}%"
        print(
            f"| {name} (`{row['module']}`) | {row['mutants']} | {row['killed']} | "
            f"{row['equivalent']} | {row['survived']} | {score} |"
        )
    for name, row in rows.items():
        for survivor in row["survivors"]:
            print(f"survived: {survivor}")
        if row["not_checked"]:
            print(f"{name}: {row['not_checked']} mutants not checked yet (run unfinished)")
    if not args.no_write:
        kept = json.loads(OUTPUT.read_text()) if OUTPUT.is_file() else {}
        OUTPUT.write_text(json.dumps({**kept, **rows}, indent=1) + "\n")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
