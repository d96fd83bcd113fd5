"""The layers' import boundaries (docs/design.md, principles 1 and 5).

- The symbolic side, the compiled values, the settings and the result readers import no torch, so
  that problem files, ``pinnls check`` and ``pinnls info`` start without torch's import time.
  Each is imported in a fresh interpreter: ``sys.modules`` of the test process already holds
  torch.
- Nothing under ``pinnls/numeric/`` or ``pinnls/training/`` imports sympy (checked statically,
  imports at any depth, lazy ones included).
- Only ``pinnls/cli/`` prints.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pinnls.cli import main

PACKAGE = Path(__file__).resolve().parent.parent / "pinnls"

TORCH_FREE = sorted(
    [
        *(
            f"pinnls.symbolic.{path.stem}"
            for path in (PACKAGE / "symbolic").glob("*.py")
            if path.stem != "__init__"
        ),
        "pinnls.symbolic",
        "pinnls.operators",
        "pinnls.particular",
        "pinnls.boundary",
        "pinnls.transport",
        "pinnls.settings",
        "pinnls.metrics",
        "pinnls.io.report",
        "pinnls.io.hdf5",
    ]
)

SOBOL_PROBLEM = """\
import sympy as sp
from pinnls import Box, Problem, Sobol

x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="sobol")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points=Sobol(100))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)), points="sobol:16")
problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)), points="grid:1/16")
problem.exact(sp.sin(x - t))
"""


def run_fresh(code: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a new interpreter; fail with its stderr if it fails."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.parametrize("module", TORCH_FREE)
def test_module_imports_no_torch(module):
    run_fresh(f"import sys, {module}; assert 'torch' not in sys.modules, 'torch imported'")


def test_check_of_a_sobol_problem_runs_without_torch(tmp_path):
    path = tmp_path / "sobol.py"
    path.write_text(SOBOL_PROBLEM)
    result = run_fresh(
        f"""
        import sys
        from pinnls.cli import main
        assert main(["check", {str(path)!r}]) == 0
        assert 'torch' not in sys.modules, 'torch imported'
        """
    )
    assert "ok" in result.stdout.split()
    assert "sobol" in result.stdout


def test_info_of_a_result_file_runs_without_torch(tmp_path):
    path = tmp_path / "tiny.py"
    path.write_text(SOBOL_PROBLEM)
    out = tmp_path / "out"
    argv = ["solve", str(path), "--out", str(out), "--format", "h5", "--quiet"]
    fast = ["--optimizer", "lsgd", "--width", "6", "--iterations", "2", "--eval-points", "9"]
    fast += ["--threads", "1"]
    assert main(argv + fast) == 0
    result = run_fresh(
        f"""
        import sys
        from pinnls.cli import main
        assert main(["info", {str(out / "solution.h5")!r}]) == 0
        assert 'torch' not in sys.modules, 'torch imported'
        """
    )
    assert "rel_l2_error" in result.stdout


# ------------------------------------------------------------------------ static checks


def source_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (PACKAGE / folder).rglob("*.py"))


def imported_modules(tree: ast.AST) -> set[str]:
    """Top-level names of every module an ``import`` statement anywhere in the tree names."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize(
    "path", source_files("numeric", "training"), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_numeric_and_training_modules_import_no_sympy(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    assert "sympy" not in imported_modules(tree)


def test_the_import_scan_sees_lazy_imports():
    tree = ast.parse("def f():\n    import sympy.core as c\n\nclass A:\n    from sympy import S\n")
    assert "sympy" in imported_modules(tree)


def print_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]


def test_only_the_command_line_prints():
    # the command line: pinnls/cli/ and ``python -m pinnls`` (pinnls/__main__.py, which reports
    # a Ctrl-C that lands while it imports pinnls.cli)
    cli = PACKAGE / "cli"
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if cli not in path.parents and path != PACKAGE / "__main__.py"
        for line in print_calls(ast.parse(path.read_text(), filename=str(path)))
    ]
    assert offenders == []


# -- the import graph: no circle, no upward import ---------------------------------------------

#: The layers, lowest first (docs/design.md, "Layers"): a module imports its own layer or lower.
#: The root package (``pinnls/__init__.py``) is the public facade above them all; it imports
#: nothing at run time (its names load on first use), and ``__version__`` is read from it.
LAYERS = (
    ("errors", "registry", "settings", "memory", "metrics", "history", "record", "progress"),
    (
        "clouds",
        "particular",
        "program",
        "singular",
        "operators",
        "time_slabs",
        "boundary",
        "transport",
    ),
    ("symbolic",),
    ("numeric",),
    ("solution", "checkpoint"),
    ("training",),
    ("io", "saving"),
    ("run", "convergence", "api", "problems", "templates"),
    ("cli", "__main__"),
)
#: Leaf utilities that import nothing of pinnls, usable from every layer.
LEAVES = {"pinnls.io.atomic"}
#: The one upward import, lazy and by design: ``Solution.save`` is the Python API's shortcut to
#: the one save path (``pinnls.saving.save``, which ``pinnls solve`` calls too).
ALLOWED_UPWARD = {("pinnls.solution", "pinnls.saving")}


def import_graph() -> dict[str, set[str]]:
    """Module -> the pinnls modules it imports, at any depth (lazy imports in functions count;
    imports under ``if TYPE_CHECKING`` do not, since they never run). ``from pkg import name``
    counts as importing ``pkg.name`` when that is a module, else ``pkg``."""
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text())
        skipped = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped |= {id(inner) for inner in ast.walk(node)}
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets = set()
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    kept = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*kept, base] if base else kept)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in modules else base)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def test_the_package_has_no_import_circle():
    graph = import_graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                circle = path[path.index(target) :] + [target]
                raise AssertionError("import circle: " + " -> ".join(circle))
            if target not in state:
                visit(target, [*path, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def _layer(module: str) -> int | None:
    if module == "pinnls":
        return None
    if module in LEAVES:
        return -1
    first = module.split(".")[1]
    found = [index for index, names in enumerate(LAYERS) if first in names]
    assert found, f"{module} is in no layer of LAYERS: add it (and to docs/design.md)"
    return found[0]


def test_no_module_imports_a_higher_layer():
    upward = []
    for module, targets in sorted(import_graph().items()):
        for target in sorted(targets):
            low, high = _layer(module), _layer(target)
            if low is None or high is None or high <= low:
                continue
            if (module, target) not in ALLOWED_UPWARD:
                upward.append(f"{module} -> {target}")
    assert not upward, "upward imports: " + "; ".join(upward)


def test_the_import_graph_sees_lazy_imports():
    # The graph must see the imports inside functions, or the tests above would pass blindly.
    graph = import_graph()
    assert "pinnls.saving" in graph["pinnls.solution"]  # Solution.save's lazy import
    assert "pinnls.training" in graph["pinnls.run"]
    assert "pinnls.api" not in graph["pinnls"]  # TYPE_CHECKING only
