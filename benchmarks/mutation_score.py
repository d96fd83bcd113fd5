"""Mutation score per module from a finished ``mutmut run`` (the last step of ``make mutation``).

Run from the folder that holds mutmut's ``mutants/`` (``build/mutation``). It reads mutmut's
per-file results, removes the surviving mutants judged equivalent (:data:`EQUIVALENT`, each with
the reason), prints the table that docs/testing.md quotes and writes it to
docs/figures/mutation.json. Survivors that are not judged equivalent are listed: each is a test
still to write (or a new equivalent to justify here).

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

MODULES = {
    "pinnls/numeric/assembly.py": "assembly",
    "pinnls/numeric/least_squares.py": "least squares",
    "pinnls/numeric/basis.py": "basis derivatives",
    "pinnls/metrics.py": "error computation",
    "pinnls/symbolic/linearity.py": "linearity pass",
}

#: Surviving mutants that cannot change any result, by mutmut's name, with the reason. Judge
#: each by reading ``mutmut show NAME``; never add one only to raise the score.
_SUBS = "value.subs(..., simultaneous=True) substitutes numbers for axis symbols: no chaining"
_QR = "pinnls.numeric.least_squares.x_solve_pivoted_qr__mutmut_"
_TIKHONOV = "pinnls.numeric.least_squares.x_solve_tikhonov__mutmut_"
_ADD = "pinnls.numeric.least_squares.xǁStreamingLeastSquaresǁadd__mutmut_"
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


def rule_for(name: str) -> str | None:
    """The equivalence rule that covers a mutant, from its diff, or None."""
    diff = subprocess.run(
        [sys.executable, "-m", "mutmut", "show", name], capture_output=True, text=True
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


def statuses(mutants: Path) -> dict[str, dict[str, str]]:
    """``{module path: {mutant name: status}}`` from mutmut's ``*.py.meta`` files."""
    from mutmut.stats import status_by_exit_code

    out: dict[str, dict[str, str]] = {}
    for path in MODULES:
        meta = mutants / (path + ".meta")
        if not meta.is_file():
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        out[path] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return out


def summarize(results: dict[str, dict[str, str]]) -> dict:
    rows = {}
    for path, by_name in results.items():
        for name, status in by_name.items():
            if status not in KILLED and status != "not checked" and name not in EQUIVALENT:
                reason = rule_for(name)
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
    parser.add_argument("--mutants", type=Path, default=Path("mutants"))
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    rows = summarize(statuses(args.mutants))
    if not rows:
        print(f"no mutmut results under {args.mutants}", file=sys.stderr)
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
        OUTPUT.write_text(json.dumps(rows, indent=1) + "\n")
        print(f"wrote {OUTPUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
