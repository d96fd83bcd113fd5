"""Fingerprint the outputs of every bundled problem, to prove that a refactor changes no number.

For each problem file in ``problems/*.py`` the script runs ``python -m pinnls solve`` in a
subprocess (a fresh interpreter per run, so no state carries from one run to the next), with
``--threads 1 --quiet --seed 0 --format h5,vtk``, in these configurations:

``fixed``
    A cheap fixed strategy: ``--optimizer lsgd --width 24 --iterations 3 --activation tanh
    --eval-points 21`` (about 1 s of solving; the rest is the interpreter's start).
``fixed-slabs2``
    The same with ``--time-slabs 2``, for ``advection_gauss`` only (the slab path).
``auto``
    The automatic strategy with deterministic decisions: ``--optimizer auto --width 64
    --iterations 100 --time-limit 100000 --eval-points 21``. With the width given, auto only
    probes the steepness scales at that width, maybe time-slab trials and the ReLU LSGD stage
    (``--iterations`` caps only that stage: 100 instead of 1000 iterations, which took 53 s on
    ``darcy_2d``; the tanh stages are least squares only); with a budget that no run comes
    near, no decision depends on the wall clock. ``--optimizer auto`` is explicit because
    ``advection_constant.py`` sets ``lsgd`` in its file (that file also sets ``activation:
    relu``, so its auto run is the ReLU LSGD stage alone).
``auto-slabs2``
    The auto arguments with ``--time-slabs 2``, for ``advection_gauss`` only (auto per slab,
    the second slab starting from the first one's choice).

Each run writes ``solution.h5``, ``solution.vtr``, ``report.json`` (and ``checkpoint.pt``,
which is not fingerprinted: it holds the training time). A run's fingerprint is:

- ``h5``: for every dataset of ``solution.h5``, sha256 of its dtype, shape and C-order bytes;
- ``h5_attrs``: for every attribute of every object in ``solution.h5``, sha256 of its value
  (JSON-valued attributes such as ``settings``, ``strategy`` and ``validation`` are parsed,
  cleaned of volatile keys and dumped canonically);
- ``report``: sha256 of ``report.json`` without its volatile keys, and ``report_keys``, one
  hash per top-level key, to say which part differs;
- ``vtr``: sha256 of each point-data array and of the x, y, z coordinates of ``solution.vtr``
  (read with pyvista);
- ``rel_l2_error`` (repr), ``problem_sha256``; for auto runs ``stages`` (kind, activation,
  width, scale, rows, estimate as repr) and ``chosen``; with time slabs, the slab count, how
  it was decided and per slab its interval, width, activation, rows, stop reason, estimate
  and chosen stage (the record keeps no per-slab list of stages).

Excluded as volatile (they differ between two identical runs, or name the tree or the time,
not the result; checked by running every configuration twice, see ``--repeat``):

- the ``/history/wall`` dataset (seconds since training started);
- attributes ``wall_seconds`` (training time), ``created`` and ``started`` (dates),
  ``run_id`` (random per run), ``command`` and ``problem_file`` (paths of this tree and of
  the output folder), ``pinnls_version`` (a version bump is not a change of result);
  ``DIMENSION_LIST`` and ``REFERENCE_LIST`` (HDF5 object references: file addresses, not
  values; the dimension scales themselves are hashed as datasets);
- in ``report.json`` and in JSON-valued attributes, wherever they occur: ``wall_seconds``,
  ``seconds_per_iteration``, ``seconds`` (per stage, per slab, per slab trial, per strategy),
  ``started``, ``created``, ``run_id``, ``command``, ``problem_file``, ``manifest`` (sha256 of
  the files, which embed the above), ``pinnls_version``, ``torch_version``;
- the value of every ``time_limit`` (kept only as set / not set): an auto run reports the
  settings of its chosen stage, and the ReLU stage's limit is a quarter of the time *left*
  (measured: 24999.61 and 24999.71 s in two identical runs of ``advection_gauss``);
- ``problem_sha256`` is kept out of the hashes but compared as its own field, so that an
  edited problem file shows as exactly that.

Usage::

    python benchmarks/fingerprint.py OUTDIR [--only NAME ...] [--repeat]
    python benchmarks/fingerprint.py --compare A.json B.json

The first form writes ``OUTDIR/fingerprints.json`` (and keeps each run's folder under
``OUTDIR/runs/``) and prints a table; ``--repeat`` runs every configuration twice and fails
when the two fingerprints differ. ``--compare`` prints per run the fields that differ and
exits 1 if any do (and 0 when all runs match; a run present in only one file counts as a
difference, so compare a ``--only`` run against a ``--only`` run of the same names). The pinnls
under test is the one of the tree that holds this script: every run starts in its root with
the root first on ``PYTHONPATH``, and the script stops if ``import pinnls`` resolves elsewhere.
Run it with ``OMP_NUM_THREADS=1`` (set for the runs when unset).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROBLEMS = ROOT / "problems"

COMMON = ["--threads", "1", "--quiet", "--seed", "0", "--format", "h5,vtk"]
FIXED = [
    "--optimizer", "lsgd", "--width", "24", "--iterations", "3", "--activation", "tanh",
    "--eval-points", "21",
]  # fmt: skip
AUTO = [
    "--optimizer", "auto", "--width", "64", "--iterations", "100", "--time-limit", "100000",
    "--eval-points", "21",
]  # fmt: skip
#: Extra configurations: problem name -> [(label, arguments)].
EXTRA = {
    "advection_gauss": [
        ("fixed-slabs2", FIXED + ["--time-slabs", "2"]),
        ("auto-slabs2", AUTO + ["--time-slabs", "2"]),
    ]
}
#: Per-problem replacements of the auto arguments (none needed at this commit).
AUTO_OVERRIDES: dict[str, list[str]] = {}

#: Keys dropped wherever they occur in report.json and in JSON-valued HDF5 attributes.
VOLATILE_KEYS = frozenset(
    {
        "wall_seconds",
        "seconds_per_iteration",
        "seconds",
        "started",
        "created",
        "run_id",
        "command",
        "problem_file",
        "manifest",
        "pinnls_version",
        "torch_version",
        "problem_sha256",
    }
)
#: HDF5 attributes skipped (besides VOLATILE_KEYS).
SKIPPED_ATTRS = frozenset({"DIMENSION_LIST", "REFERENCE_LIST"})
#: HDF5 datasets skipped.
SKIPPED_DATASETS = frozenset({"history/wall"})


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def array_hash(array) -> str:
    import numpy as np

    array = np.asarray(array)
    if array.dtype.kind in "OSU":
        # Text (h5py's variable-length strings are object arrays, whose bytes are pointers).
        def text(item):
            return item.decode("utf-8", "surrogateescape") if isinstance(item, bytes) else item

        values = np.vectorize(text, otypes=[object])(array).tolist() if array.size else []
        return sha(f"text{array.shape}".encode() + canonical(values))
    array = np.ascontiguousarray(array)
    head = f"{array.dtype.str}{array.shape}".encode()
    return sha(head + array.tobytes())


def scrub(value):
    """``value`` without volatile keys, recursively; every ``time_limit`` reduced to whether it
    is set (auto's chosen ReLU stage reports a quarter of the time left as its limit)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in VOLATILE_KEYS:
                continue
            if key == "time_limit":
                out[key] = None if item is None else "set"
                continue
            out[key] = scrub(item)
        return out
    if isinstance(value, list):
        return [scrub(item) for item in value]
    return value


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, allow_nan=True).encode()


def attr_hash(value) -> str:
    import numpy as np

    if isinstance(value, bytes):
        value = value.decode("utf-8", "surrogateescape")
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return sha(value.encode("utf-8", "surrogateescape"))
        if isinstance(parsed, dict | list):
            return sha(canonical(scrub(parsed)))
        return sha(value.encode())
    return array_hash(np.asarray(value))


def h5_fingerprint(path: Path) -> tuple[dict, dict]:
    """Dataset hashes and attribute hashes of ``solution.h5``."""
    import h5py

    datasets: dict[str, str] = {}
    attrs: dict[str, str] = {}

    def add_attrs(name: str, obj) -> None:
        for key, value in obj.attrs.items():
            if key in SKIPPED_ATTRS or key in VOLATILE_KEYS:
                continue
            attrs[f"{name}@{key}"] = attr_hash(value)

    def visit(name: str, obj) -> None:
        add_attrs(name, obj)
        if isinstance(obj, h5py.Dataset) and name not in SKIPPED_DATASETS:
            datasets[name] = array_hash(obj[()])

    with h5py.File(path, "r") as f:
        add_attrs("/", f)
        f.visititems(visit)
    return datasets, attrs


def vtr_fingerprint(path: Path) -> dict[str, str]:
    import pyvista

    mesh = pyvista.read(path)
    out = {f"coords/{axis}": array_hash(getattr(mesh, axis)) for axis in ("x", "y", "z")}
    for name in mesh.point_data.keys():
        out[f"point_data/{name}"] = array_hash(mesh.point_data[name])
    return out


def stage_list(strategy: dict | None) -> list[dict]:
    keys = ("kind", "activation", "width", "scale", "rows", "estimate")
    return [{k: repr(st.get(k)) for k in keys} for st in (strategy or {}).get("stages") or []]


def strategy_summary(strategy: dict | None) -> dict | None:
    """The stages and the chosen stage of an auto run; per slab when it marched."""
    if not strategy:
        return None
    if strategy.get("name") == "slabs":
        # The record keeps each slab's chosen stage ("auto"), not its list of stages.
        keys = ("slab", "interval", "width", "activation", "rows", "stop_reason", "validation")
        return {
            "slabs": strategy.get("slabs"),
            "strategy": strategy.get("strategy"),
            "decision": repr(scrub(strategy.get("decision"))),
            "per_slab": [
                {**{k: repr(item.get(k)) for k in keys}, "chosen": repr(scrub(item.get("auto")))}
                for item in strategy.get("per_slab") or []
            ],
        }
    out = {
        "stages": stage_list(strategy),
        "chosen": repr(scrub(strategy.get("chosen"))),
        "stop_reason": strategy.get("stop_reason"),
    }
    if strategy.get("slabs_considered") is not None:
        out["slabs_considered"] = repr(scrub(strategy["slabs_considered"]))
    return out


def short_choice(strategy: dict | None) -> str:
    """The table's summary of a strategy record: the chosen stage, or the slabs."""
    if not strategy:
        return ""
    if strategy.get("name") == "slabs":
        chosen = [short_choice({"chosen": item.get("auto")}) for item in strategy["per_slab"]]
        return f"{strategy.get('slabs')} slabs: " + "; ".join(chosen)
    c = strategy.get("chosen") or {}
    if not c:
        return "-"
    return f"{c['activation']} w{c['width']} scale {c['scale']} (stage {c['stage']})"


def fingerprint(folder: Path) -> dict:
    report = json.loads((folder / "report.json").read_text())
    clean = scrub(report)
    datasets, attrs = h5_fingerprint(folder / "solution.h5")
    out = {
        "rel_l2_error": repr(report.get("rel_l2_error")),
        "problem_sha256": report.get("problem_sha256"),
        "report": sha(canonical(clean)),
        "report_keys": {key: sha(canonical(value)) for key, value in clean.items()},
        "h5": datasets,
        "h5_attrs": attrs,
        "vtr": vtr_fingerprint(folder / "solution.vtr"),
    }
    summary = strategy_summary(report.get("strategy"))
    if summary is not None:
        out["strategy"] = summary
    return out


#: Fields that are information, not results: never compared.
INFO = ("seconds", "bytes", "args", "pinnls_version")


def solve(problem: Path, args: list[str], out: Path, env: dict) -> tuple[float, int]:
    command = [sys.executable, "-m", "pinnls", "solve", str(problem), *COMMON, *args]
    command += ["--out", str(out)]
    began = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(
            f"fingerprint.py: {' '.join(command)} failed ({done.returncode}):\n{done.stderr}"
        )
    return seconds, (out / "solution.h5").stat().st_size


def configurations(only: list[str]) -> list[tuple[str, Path, list[str]]]:
    files = sorted(p for p in PROBLEMS.glob("*.py") if not p.name.startswith("_"))
    names = {p.stem for p in files}
    unknown = sorted(set(only) - names)
    if unknown:
        raise SystemExit(f"fingerprint.py: unknown problem(s) {unknown}; known: {sorted(names)}")
    runs = []
    for path in files:
        if only and path.stem not in only:
            continue
        runs.append((f"{path.stem}/fixed", path, FIXED))
        for label, args in EXTRA.get(path.stem, []):
            runs.append((f"{path.stem}/{label}", path, args))
        runs.append((f"{path.stem}/auto", path, AUTO_OVERRIDES.get(path.stem, AUTO)))
    return runs


def record(outdir: Path, only: list[str], repeat: bool) -> int:
    outdir = outdir.resolve()  # the runs' working folder is ROOT
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        env.setdefault(var, "1")
    probe = subprocess.run(
        [sys.executable, "-c", "import pinnls; print(pinnls.__file__, pinnls.__version__)"],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    module, version = probe.stdout.split()
    if not Path(module).resolve().is_relative_to(ROOT):
        raise SystemExit(f"fingerprint.py: pinnls resolves to {module}, not under {ROOT}")
    results: dict[str, dict] = {}
    mismatches = []
    print(f"pinnls {version} from {module}")
    print(f"{'run':<32} {'seconds':>8} {'h5 bytes':>9}  {'rel_l2_error':<24} chosen")
    for name, problem, args in configurations(only):
        folder = outdir / "runs" / name.replace("/", "__")
        seconds, size = solve(problem, args, folder, env)
        entry = fingerprint(folder)
        if repeat:
            again = outdir / "runs" / (name.replace("/", "__") + "__repeat")
            solve(problem, args, again, env)
            differ = diff(entry, fingerprint(again))
            if differ:
                mismatches.append((name, differ))
        entry.update(seconds=round(seconds, 2), bytes=size, args=COMMON + args)
        entry["pinnls_version"] = version
        results[name] = entry
        chosen = short_choice(json.loads((folder / "report.json").read_text()).get("strategy"))
        print(f"{name:<32} {seconds:8.2f} {size:9d}  {entry['rel_l2_error']:<24} {chosen}")
        sys.stdout.flush()
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "fingerprints.json"
    target.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n")
    print(f"wrote {target} ({len(results)} runs)")
    for name, differ in mismatches:
        print(f"NOT REPEATABLE {name}: {', '.join(differ)}")
    return 1 if mismatches else 0


def diff(a: dict, b: dict, prefix: str = "") -> list[str]:
    """The dotted names of the fields that differ between two fingerprints."""
    out = []
    for key in sorted(set(a) | set(b)):
        if not prefix and key in INFO:
            continue
        name = f"{prefix}{key}"
        if key not in a or key not in b:
            out.append(f"{name} (only in {'B' if key not in a else 'A'})")
        elif isinstance(a[key], dict) and isinstance(b[key], dict):
            out.extend(diff(a[key], b[key], f"{name}."))
        elif a[key] != b[key]:
            out.append(name)
    return out


def compare(first: Path, second: Path) -> int:
    a, b = (json.loads(Path(p).read_text()) for p in (first, second))
    failed = 0
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            print(f"{name}: only in {first if name in a else second}")
            failed += 1
            continue
        differ = diff(a[name], b[name])
        if differ:
            failed += 1
            print(f"{name}: DIFFERS in {len(differ)} field(s): {', '.join(differ)}")
        else:
            print(f"{name}: identical")
    print(f"{failed} of {len(set(a) | set(b))} runs differ")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, help="folder for fingerprints.json")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="problem stems")
    parser.add_argument("--repeat", action="store_true", help="run each twice and check")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A.json", "B.json"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.outdir is None:
        parser.error("give OUTDIR, or --compare A.json B.json")
    return record(args.outdir, args.only, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
