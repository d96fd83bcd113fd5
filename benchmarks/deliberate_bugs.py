"""Apply deliberate bugs to a copy of the repository, one at a time, and check a test fails.

Each entry of :data:`BUGS` is a small wrong-answer bug of the kind issue 14 listed (a weight
ignored, a zeroth-order part dropped, a setting not passed on, an error misreported, a cutoff
made absolute). The script copies the working tree to a temporary folder (the working tree is
never touched), applies one bug, runs the numeric tests there with ``-x``, restores the file
byte for byte and goes on. docs/testing.md quotes its table; it writes
docs/figures/deliberate_bugs.json.

    .venv/bin/python benchmarks/deliberate_bugs.py            # all bugs, about 8 minutes (below)
    .venv/bin/python benchmarks/deliberate_bugs.py weight qr  # those whose name contains a word
    .venv/bin/python benchmarks/deliberate_bugs.py auto validation vtk  # issue 23's seven

The first 17 took about 4 minutes. The seven of issue 23 run the earlier files before the two
that catch them: 3.9 minutes for the seven, measured on the shared 2-core machine.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "docs" / "figures" / "deliberate_bugs.json"
TESTS = [
    "tests/test_reference_assembly.py",
    "tests/test_settings_reach.py",
    "tests/test_least_squares.py",
    "tests/test_assembly.py",
    "tests/test_errors_independent.py",
    "tests/test_solution.py",
    "tests/test_basis.py",
    "tests/test_report_errors.py",
    "tests/test_vtk_axes.py",
    "tests/test_auto_strategy.py",
]
SCHEMA_TEST = "tests/test_settings_reach.py::test_every_setting_has_a_reach_check"
#: (name, file, text, replacement): each text occurs exactly once in its file.
BUGS = [
    (
        "weight ignored",
        "pinnls/numeric/assembly.py",
        "math.sqrt(term.weight / term.size)",
        "math.sqrt(1 / term.size)",
    ),
    (
        "zeroth order dropped next to first",
        "pinnls/numeric/assembly.py",
        "if group.value is not None:",
        "if group.value is not None and group.direction is None:",
    ),
    (
        "rcond and method ignored",
        "pinnls/training/chunks.py",
        "settings.least_squares,\n            settings.rcond,",
        '"svd",\n            None,',
    ),
    (
        "Solution.errors rel 1000x low",
        "pinnls/solution.py",
        "return field_errors(self.grid(points_per_axis))",
        "e = field_errors(self.grid(points_per_axis)); e['rel_l2'] /= 1000; return e",
    ),
    (
        "field_errors rel 1000x low",
        "pinnls/metrics.py",
        "difference / norm if",
        "difference / norm / 1000 if",
    ),
    (
        "svd cutoff absolute",
        "pinnls/numeric/least_squares.py",
        "keep = s > rcond * s_max",
        "keep = s > rcond",
    ),
    (
        "qr cutoff 1000x stricter",
        "pinnls/numeric/least_squares.py",
        "above = diag > rcond * diag[0]",
        "above = diag > 1000 * rcond * diag[0]",
    ),
    (
        "resnet tangent skips residual",
        "pinnls/numeric/basis.py",
        "h, dh = h + value, dh + slope * dz",
        "h, dh = h + value, slope * dz",
    ),
    (
        "point map ignored",
        "pinnls/numeric/assembly.py",
        "_Group(tensor(part.evaluation_points(term.points)))",
        "_Group(tensor(term.points))",
    ),
    (
        "variable coefficient taken constant",
        "pinnls/numeric/assembly.py",
        "constant = coefficient.size and np.all(coefficient == coefficient[0])",
        "constant = coefficient.size",
    ),
    (
        "max error is a mean",
        "pinnls/metrics.py",
        "np.max(np.abs(u - exact))",
        "np.mean(np.abs(u - exact))",
    ),
    (
        "tikhonov value ignored",
        "pinnls/numeric/least_squares.py",
        "gram + relative * estimate * eye",
        "gram + 1e-12 * estimate * eye",
    ),
    (
        "column scaling not undone",
        "pinnls/numeric/least_squares.py",
        "c = y / col_scale\n        residual = (r",
        "c = y\n        residual = (r",
    ),
    (
        "default rcond ignores width",
        "pinnls/numeric/least_squares.py",
        "rcond = torch.finfo(self.dtype).eps * w",
        "rcond = torch.finfo(self.dtype).eps",
    ),
    (
        "default rcond from rows",
        "pinnls/numeric/least_squares.py",
        "rcond = torch.finfo(self.dtype).eps * w",
        "rcond = torch.finfo(self.dtype).eps * max(self.rows, w)",
    ),
    (
        "higher-order coefficient ignored",
        "pinnls/numeric/assembly.py",
        "_accumulate(total, blocks[alpha], coefficient, rows)",
        "_accumulate(total, blocks[alpha], 1.0, rows)",
    ),
    (
        "chunked source unscaled",
        "pinnls/numeric/assembly.py",
        "term.scale * term.source[rows]",
        "term.source[rows]",
    ),
    # The automatic strategy and its validation estimate (issue 23: none of these was caught
    # before tests/test_auto_strategy.py), and VTK axes on boxes that are no unit cube.
    (
        "auto keeps the last stage, not the best",
        "pinnls/training/stages.py",
        "if math.isfinite(value) and (self.best is None or value < self.best.estimate):",
        "if math.isfinite(value):",
    ),
    (
        "auto growth loop breaks instead of continuing",
        "pinnls/training/auto.py",
        "            if width <= last:\n                continue",
        "            if width <= last:\n                break",
    ),
    (
        "auto ignores time_limit",
        "pinnls/training/budget.py",
        "if settings.time_limit is not None:",
        'if settings.time_limit is not None and settings.optimizer != "auto":',
    ),
    (
        "auto weights in W not evaluated per stage",
        "pinnls/training/stages.py",
        "return self.compiled.at_width(width).refined(minimum, seed=self.settings.seed)",
        "return self.compiled.refined(minimum, seed=self.settings.seed)",
    ),
    (
        "validation points of on= faces in the interior",
        "pinnls/operators.py",
        "fixed = dict(term.cloud.fixed) if term.cloud is not None else {}",
        "fixed = {axis: value for part in term.parts for axis, value in part.fixed}",
    ),
    (
        "validation scale without the weights",
        "pinnls/training/validation.py",
        "rhs += weight * mean_rhs",
        "rhs += mean_rhs",
    ),
    (
        "vtk coordinates swapped between axes",
        "pinnls/io/vtk.py",
        "grid = pyvista.RectilinearGrid(*ticks)",
        "grid = pyvista.RectilinearGrid(*ticks[::-1])",
    ),
]


def main(argv: list[str] | None = None) -> int:
    only = sys.argv[1:] if argv is None else argv
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "pinnls"
        ignore = shutil.ignore_patterns(".venv", ".git", "results", "build", "__pycache__")
        shutil.copytree(ROOT, copy, ignore=ignore)
        for name, path, old, new in BUGS:
            if only and not any(word in name for word in only):
                continue
            file = copy / path
            original = file.read_bytes()
            text = original.decode()
            if text.count(old) != 1:
                print(f"SKIPPED {name}: the text to change occurs {text.count(old)} times")
                results[name] = None
                continue
            try:
                file.write_text(text.replace(old, new))
                start = time.perf_counter()
                command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
                # The schema-completeness test fails whenever a new setting lacks its check,
                # bug or no bug; it must not be what "catches" a bug.
                command += ["--deselect", SCHEMA_TEST]
                run = subprocess.run([*command, *TESTS], cwd=copy, capture_output=True, text=True)
                failed = [line for line in run.stdout.splitlines() if line.startswith("FAILED")]
                caught = run.returncode != 0
                seconds = time.perf_counter() - start
                first = failed[0].split()[1] if failed else None
                print(f"{'caught' if caught else 'MISSED'}  {name:40s} {seconds:5.1f}s  {first}")
                results[name] = {"caught": caught, "first_failure": first}
            finally:
                file.write_bytes(original)
    if not only:
        OUTPUT.write_text(json.dumps(results, indent=1) + "\n")
    return 0 if all(r is None or r["caught"] for r in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
