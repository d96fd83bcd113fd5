"""Which problem files' singular functions two versions of pinnls draw differently.

Every problem file of ``problems/`` and ``benchmarks/*/`` is compiled by each source tree
(``--before``, ``--after``: checkouts, e.g. ``git archive COMMIT | tar -x -C DIR``), and its
``CompiledProblem.singular()`` spec hashed (its rows' bytes and count; None without any; the
error's type and first words where the file does not compile). The record lists the files
whose entry differs: where a change to pinnls/singular.py reaches, without solving anything.

Usage::

    .venv/bin/python benchmarks/singular_scan.py --before /tmp/old --after /tmp/new \\
        --json docs/figures/NAME.json
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

from figures import machine, write_record

ROOT = Path(__file__).resolve().parent.parent


def files() -> list[Path]:
    return sorted([*ROOT.glob("problems/*.py"), *ROOT.glob("benchmarks/*/*.py")])


def scan() -> dict[str, str | None]:
    """Each file's spec entry, read by the pinnls on ``sys.path``."""
    import numpy as np

    import pinnls
    from pinnls import compile_problem

    warnings.filterwarnings("ignore")
    out = {}
    for path in files():
        name = str(path.relative_to(ROOT))
        try:
            loaded = pinnls.load_problem(path)
            spec = compile_problem(loaded.problem, loaded.settings).singular()
        except Exception as error:  # a file that does not compile: its error's first words
            out[name] = f"error {type(error).__name__}: {str(error)[:80]}"
            continue
        if spec is None:
            out[name] = None
        else:
            digest = hashlib.sha1(np.ascontiguousarray(spec).tobytes()).hexdigest()[:12]
            out[name] = f"{digest}:{len(spec)}"
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before")
    parser.add_argument("--after")
    parser.add_argument("--json")
    parser.add_argument("--one", action="store_true", help="scan with this pinnls, print JSON")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(scan()))
        return 0
    entries = {}
    for name, tree in (("before", args.before), ("after", args.after)):
        run = subprocess.run(
            [sys.executable, __file__, "--one"],
            env=dict(os.environ, PYTHONPATH=str(Path(tree).resolve()), OMP_NUM_THREADS="1"),
            capture_output=True,
            text=True,
            check=True,
        )
        entries[name] = json.loads(run.stdout.strip().splitlines()[-1])
    names = sorted(set(entries["before"]) | set(entries["after"]))
    changed = [
        {"file": n, "before": entries["before"].get(n), "after": entries["after"].get(n)}
        for n in names
        if entries["before"].get(n) != entries["after"].get(n)
    ]
    for c in changed:
        print(f"{c['file']}: {c['before']} -> {c['after']}")
    print(f"{len(changed)} of {len(names)} files differ")
    if args.json:
        write_record(
            args.json,
            {
                "command": " ".join(sys.argv),
                "machine": machine(),
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "files": len(names),
                "compiled": {
                    side: sum(1 for v in entries[side].values() if not str(v).startswith("error"))
                    for side in entries
                },
                "with_functions": {
                    side: sum(1 for v in entries[side].values() if v and not v.startswith("error"))
                    for side in entries
                },
                "changed": changed,
            },
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
