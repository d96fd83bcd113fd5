"""Run mutmut on each group of modules with its own tests (the run step of ``make mutation``).

mutmut reads one ``[tool.mutmut]`` table, with one test selection for every mutated module, and
changing the selection discards the results of every module. So each group runs in a folder of
its own, ``build/mutation/GROUP``: a copy of ``pinnls``, ``tests``, ``problems`` and a
``pyproject.toml`` whose ``[tool.mutmut]`` names only that group's modules and tests. The groups:

- ``core``: ``[tool.mutmut]`` of ``pyproject.toml`` as it stands (the numeric core);
- every ``[tool.pinnls-mutation.GROUP]`` table: its ``only_mutate`` and
  ``pytest_add_cli_args_test_selection`` replace the core's; any other key it sets overrides
  the core's value, and the rest (``source_paths``, ``pytest_add_cli_args``, ...) are kept.

The folders are kept, so a rerun retests only the functions that changed. mutmut does not see
a change of the tests (a surviving mutant stays survived after a test is added for it), so a
group whose copied ``tests/`` differ from its last run's starts afresh (its ``mutants/`` is
removed), as does every group with ``--fresh``; except when mutants are named after ``--``:
those are retested with the current tests (mutmut maps new tests to the functions they reach)
and the other results are kept, so that the survivors of a long run can be retested alone.
``benchmarks/mutation_score.py`` then reads every group's results. Usage, from the repository
root (``make mutation`` runs all groups at ``nice -n 19`` with one BLAS thread)::

    .venv/bin/python benchmarks/mutation_run.py              # every group, in the order above
    .venv/bin/python benchmarks/mutation_run.py vtk slabs    # these groups only
    .venv/bin/python benchmarks/mutation_run.py --list       # the groups and their modules
    .venv/bin/python benchmarks/mutation_run.py vtk -- "pinnls.io.vtk.x_write_vtk*"  # mutants
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

try:
    from tomllib import loads as toml_loads
except ModuleNotFoundError:  # Python 3.10, where mutmut itself depends on toml
    from toml import loads as toml_loads

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "mutation"
COPIED = ("pinnls", "tests", "problems")
#: The ``[tool.mutmut]`` keys a group replaces (it must set both).
GROUP_KEYS = ("only_mutate", "pytest_add_cli_args_test_selection")


def groups(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, dict]:
    """``{group: its whole [tool.mutmut] table}``, ``core`` first."""
    tool = toml_loads(pyproject.read_text())["tool"]
    core = dict(tool["mutmut"])
    out = {"core": core}
    for name, table in tool.get("pinnls-mutation", {}).items():
        missing = [key for key in GROUP_KEYS if key not in table]
        if missing:
            raise SystemExit(f"[tool.pinnls-mutation.{name}] lacks {', '.join(missing)}")
        out[name] = {**core, **table}
    return out


def mutmut_table(config: dict) -> str:
    """A ``[tool.mutmut]`` table holding ``config`` (strings, booleans, numbers, lists of
    them: their JSON is valid TOML)."""
    lines = ["[tool.mutmut]"]
    lines += [f"{key} = {json.dumps(value)}" for key, value in config.items()]
    return "\n".join(lines) + "\n"


def with_table(pyproject_text: str, table: str) -> str:
    """``pyproject.toml``'s text with its ``[tool.mutmut]`` table replaced by ``table`` (the
    other tables, pytest's among them, are kept as they are)."""
    lines = pyproject_text.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "[tool.mutmut]")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
    return "".join(lines[:start]) + table + "\n" + "".join(lines[end:])


def tests_hash(folder: Path) -> str:
    """One hash of every file under ``folder`` (path and contents)."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare(name: str, config: dict, fresh: bool = False, named: bool = False) -> Path:
    """Copy the sources, tests and problems to ``build/mutation/NAME`` and write the group's
    ``pyproject.toml`` there. Its ``mutants/`` with earlier results is kept unless ``fresh`` or
    the tests changed since it was written (unless ``named``: mutants named to retest)."""
    folder = BUILD / name
    folder.mkdir(parents=True, exist_ok=True)
    stamp = folder / "tests.sha256"
    current = tests_hash(ROOT / "tests")
    changed = not stamp.is_file() or stamp.read_text() != current
    if fresh or (changed and not named):
        shutil.rmtree(folder / "mutants", ignore_errors=True)
    stamp.write_text(current)
    for item in COPIED:
        # Removed first, so that a file deleted here is deleted there too.
        shutil.rmtree(folder / item, ignore_errors=True)
        shutil.copytree(
            ROOT / item, folder / item, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
        )
    text = with_table((ROOT / "pyproject.toml").read_text(), mutmut_table(config))
    (folder / "pyproject.toml").write_text(text)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], epilog="-- NAME...: only these mutants"
    )
    parser.add_argument("groups", nargs="*", help="groups to run (default: all)")
    parser.add_argument("--list", action="store_true", help="print the groups and stop")
    parser.add_argument("--fresh", action="store_true", help="discard earlier results")
    argv = sys.argv[1:] if argv is None else list(argv)
    # Mutant names follow "--" (argparse would take them for groups).
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []
    argv = argv[: argv.index("--")] if "--" in argv else argv
    args = parser.parse_args(argv)
    configured = groups()
    if args.list:
        for name, config in configured.items():
            print(f"{name}: {', '.join(config['only_mutate'])}")
            print(f"    tests: {' '.join(config['pytest_add_cli_args_test_selection'])}")
        return 0
    unknown = [name for name in args.groups if name not in configured]
    if unknown:
        print(f"unknown mutation group {unknown[0]!r}; known: {', '.join(configured)}")
        return 2
    failed = []
    for name in args.groups or list(configured):
        folder = prepare(name, configured[name], args.fresh, named=bool(extra))
        print(f"== mutation group {name}: {' '.join(configured[name]['only_mutate'])}", flush=True)
        # One worker: these machines are shared (the Makefile adds nice and one BLAS thread).
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1", *extra]
        if subprocess.run(command, cwd=folder, env=os.environ.copy()).returncode != 0:
            failed.append(name)
    if failed:
        print(f"mutmut failed in group(s): {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
