"""The problem files of the benchmark of three and more axes (benchmarks/axes/) load, compile
and have exact solutions that satisfy every term.

Each compiled term is applied to the exact solution at (up to) 300 of its own points, with the
exact solution's derivatives taken by sympy, independently of pinnls's own check at load time:
a wrong manufactured source, sign, face or coefficient leaves a residual of the size of the
terms, far above the 1e-10 relative tolerance (the closed forms evaluated two ways agree to
about 1e-13; Wave 2d-MS's terms reach 6e3 * 9 pi^2, hence relative to the largest term).
"""

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from pinnls import compile_problem, load_problem

FOLDER = Path(__file__).resolve().parent.parent / "benchmarks" / "axes"
#: The scripts beside the problem files.
SCRIPTS = {"measure.py", "table.py"}
FILES = sorted(path for path in FOLDER.glob("*.py") if path.name not in SCRIPTS)
#: Problem name -> axes, for every file the benchmark expects (rotation_2d is reused from
#: problems/ and checked by tests/test_problems.py).
EXPECTED = {
    "transport_constant_2d": ("x", "y", "t"),
    "transport_shear_2d": ("x", "y", "t"),
    "advection_diffusion_2d": ("x", "y", "t"),
    "heat_anisotropic_2d": ("x", "y", "t"),
    "wave_2d": ("x", "y", "t"),
    "transport_steady_3d": ("x", "y", "z"),
    "transport_3d_time": ("x", "y", "z", "t"),
    "heat_2d_ms": ("x", "y", "t"),
    "wave_1d_c": ("x", "t"),
    "wave_2d_ms": ("x", "y", "t"),
    "poisson_nd": ("x1", "x2", "x3", "x4", "x5"),
}
SAMPLE = 300


def test_every_expected_file_is_there():
    assert {path.stem for path in FILES} == set(EXPECTED)


@pytest.fixture(scope="module", params=FILES, ids=lambda path: path.stem)
def compiled(request):
    loaded = load_problem(request.param)
    return loaded, compile_problem(loaded.problem)


def test_loads_and_compiles_on_its_axes(compiled):
    loaded, problem = compiled
    assert problem.axes == EXPECTED[Path(loaded.path).stem]
    assert loaded.problem.exact_solution is not None
    assert sum(term.kind == "equation" for term in problem.terms) == 1
    for term in problem.terms:
        assert term.size > 0
        assert np.all(term.points >= problem.lower) and np.all(term.points <= problem.upper)


def _residuals(loaded, problem, exact=None):
    """Each term's largest |operator(exact) - source| over SAMPLE of its points, relative to the
    largest of its source and its parts' values there."""
    symbols = loaded.problem.unknown.axis_symbols(loaded.problem.domain)
    real = [sp.Symbol(s.name, real=True) for s in symbols]
    if exact is None:
        (exact,) = loaded.problem.exact_solutions
    exact = exact.xreplace(dict(zip(symbols, real, strict=True)))
    rng = np.random.default_rng(0)
    out = {}
    for term in problem.terms:
        pick = rng.choice(term.size, size=min(SAMPLE, term.size), replace=False)
        points = term.points[pick]
        total = -term.source[pick]
        scale = max(1.0, float(np.max(np.abs(total))))
        for part in term.parts:
            orders = [(s, k) for s, k in zip(real, part.derivative, strict=True) if k]
            derivative = sp.diff(exact, *orders) if orders else exact
            at = part.evaluation_points(points)
            values = sp.lambdify(real, derivative, "numpy")(*at.T)
            product = part.coefficient(points) * np.broadcast_to(values, (len(points),))
            scale = max(scale, float(np.max(np.abs(product))))
            total = total + product
        out[term.name] = float(np.max(np.abs(total))) / scale
    return out


def test_exact_solution_satisfies_every_term(compiled):
    loaded, problem = compiled
    residuals = _residuals(loaded, problem)
    assert set(residuals) == {term.name for term in problem.terms}
    assert max(residuals.values()) <= 1e-10, residuals


def test_a_solution_that_misses_the_equation_is_caught():
    # The same check on a slightly wrong solution of the anisotropic heat problem (a mode that
    # satisfies the data but not the equation) must fail in the pde and nowhere else.
    loaded = load_problem(FOLDER / "heat_anisotropic_2d.py")
    problem = compile_problem(loaded.problem)
    x, y, t = sp.symbols("x y t")
    (exact,) = loaded.problem.exact_solutions
    wrong = exact + sp.sin(sp.pi * x) * sp.sin(sp.pi * y) * t / 1000
    residuals = _residuals(loaded, problem, wrong)
    assert residuals["pde"] > 1e-5
    assert max(value for name, value in residuals.items() if name != "pde") <= 1e-10


def test_wave_2d_ms_carries_the_source_that_pinnacles_statement_lacks():
    # PINNacle's reference solution leaves u_tt - u_xx - 2 u_yy = -2 pi^2 u*: the file's source.
    loaded = load_problem(FOLDER / "wave_2d_ms.py")
    problem = compile_problem(loaded.problem)
    (pde,) = [term for term in problem.terms if term.kind == "equation"]
    (exact,) = loaded.problem.exact_solutions
    symbols = loaded.problem.unknown.axis_symbols(loaded.problem.domain)
    values = sp.lambdify(symbols, exact, "numpy")(*pde.points[:50].T)
    assert np.allclose(pde.source[:50], -2 * np.pi**2 * values, rtol=1e-12, atol=1e-9)
    assert np.max(np.abs(pde.source)) > 1e3  # not a negligible correction


def test_the_runner_lists_every_file_and_only_files_that_exist():
    spec = importlib.util.spec_from_file_location("axes_table", FOLDER / "table.py")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    root = FOLDER.parent.parent
    listed = {Path(path) for path, _ in table.PROBLEMS.values()}
    assert all((root / path).is_file() for path in listed)
    assert {path.relative_to(root) for path in FILES} <= listed
    assert Path("problems/rotation_2d.py") in listed  # reused by path, not copied
    cases = {case for _, case in table.PROBLEMS.values() if case}
    assert cases == set(table.PINNACLE) == {"Heat 2d-MS", "Wave 1d-C", "Wave 2d-MS", "PNd"}


def test_the_docs_quote_the_table_of_the_json():
    # docs/benchmarks.md's last section prints the rows that table.py writes from the JSON
    # (as tests/test_docs_numbers.py does for the other sections): a rerun changes the JSON,
    # and then the docs must follow.
    spec = importlib.util.spec_from_file_location("axes_table", FOLDER / "table.py")
    table = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(table)
    root = FOLDER.parent.parent
    record = json.loads((root / "docs" / "figures" / "axes_table.json").read_text())
    assert "benchmarks/axes/table.py" in record["command"]
    assert {key.split("@")[0] for key in record["rows"]} == set(table.PROBLEMS)
    docs = (root / "docs" / "benchmarks.md").read_text()
    for line in table.markdown(record["rows"]).splitlines():
        assert line in docs, line


@pytest.mark.parametrize(
    "path",
    sorted((FOLDER.parent / "drift").glob("*.py")),
    ids=lambda path: path.stem,
)
def test_the_drift_problems_exact_solutions_satisfy_every_term(path):
    # benchmarks/drift/ (docs/benchmarks.md, "A drift"): written for the drift, checked alike
    loaded = load_problem(path)
    problem = compile_problem(loaded.problem)
    found = problem.characteristics()
    assert found is not None and found[0] == "drift"
    residuals = _residuals(loaded, problem)
    assert max(residuals.values()) <= 1e-10, residuals
