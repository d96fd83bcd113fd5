"""Reported errors against a plain numpy computation that shares no code with pinnls.

``metrics.field_errors`` is the one function behind ``Solution.errors``, ``report.json`` and the
HDF5 attributes, so comparing those with each other proves nothing. Here the network is rebuilt
in numpy from its parameters, the exact solution comes from sympy's ``lambdify`` of the formula,
the grid from ``np.linspace``, and the relative L2 and max errors from their definitions.
(tests/test_errors_independent.py does the same through the CLI and the files it writes.)
"""

import h5py
import numpy as np
import pytest
import sympy as sp

from pinnls import Settings, compile_problem, solve
from pinnls.io.hdf5 import write_hdf5
from pinnls.io.report import build_report
from pinnls.metrics import field_errors


def test_field_errors_follow_their_definitions():
    generator = np.random.default_rng(0)
    exact = generator.standard_normal((7, 5))  # any matching shapes
    u = exact + 1e-3 * generator.standard_normal((7, 5))
    errors = field_errors({"u": u, "exact": exact})
    difference = (u - exact).ravel()
    assert errors["rel_l2"] == pytest.approx(
        np.sqrt(np.sum(difference**2) / np.sum(exact**2)), rel=1e-13
    )
    assert errors["max"] == pytest.approx(np.max(np.abs(difference)), rel=1e-15)
    # A zero exact solution: the error is absolute, its root mean square.
    zero = field_errors({"u": u, "exact": np.zeros_like(u)})
    assert zero["rel_l2"] == pytest.approx(np.sqrt(np.mean(u**2)), rel=1e-13)
    assert zero["absolute"] is True and "absolute" not in errors
    assert zero["max"] == pytest.approx(np.max(np.abs(u)), rel=1e-15)
    # A single wrong entry: the max error is that entry, the L2 error its share of the norm.
    spike = exact.copy()
    spike[3, 2] += 0.25
    errors = field_errors({"u": spike, "exact": exact})
    assert errors["max"] == pytest.approx(0.25, rel=1e-12)
    assert errors["rel_l2"] == pytest.approx(0.25 / np.linalg.norm(exact), rel=1e-12)
    # An exact solution of norm below 1 is still relative (only a zero one is absolute).
    small = field_errors({"u": 1e-3 * u, "exact": 1e-3 * exact})
    assert small["rel_l2"] == pytest.approx(np.linalg.norm(difference) / np.linalg.norm(exact))
    assert field_errors({"u": u, "exact": None}) is None and field_errors({"u": u}) is None


def numpy_network(solution, points):
    """NN(points) from the basis parameters with numpy (plain relu network, unit box)."""
    h = (points - solution.basis.lower.numpy()) / solution.basis.scale.numpy()
    for layer in solution.basis.layers:
        h = np.maximum(h @ layer.weight.detach().numpy().T + layer.bias.detach().numpy(), 0)
    h = np.hstack([h, np.ones((len(h), 1))])
    return h @ solution.coefficients.numpy()


@pytest.fixture(scope="module")
def solved(make_small_e4):
    settings = Settings(optimizer="lsgd", width=8, activation="relu", iterations=3, eval_points=9)
    return solve(compile_problem(make_small_e4(), settings), settings)


def test_solution_report_and_hdf5_errors_equal_a_numpy_computation(solved, tmp_path):
    x, t = sp.symbols("x t")
    hat = sp.Max(0, 1 - sp.Abs(x - t - 0.3) / 0.15)  # conftest's exact solution
    ticks = np.linspace(0, 1, 9)
    X, T = np.meshgrid(ticks, ticks, indexing="ij")
    points = np.stack([X.ravel(), T.ravel()], axis=1)
    exact = sp.lambdify((x, t), hat, "numpy")(X.ravel(), T.ravel())
    u = numpy_network(solved, points)
    rel = np.sqrt(np.sum((u - exact) ** 2) / np.sum(exact**2))
    worst = np.max(np.abs(u - exact))
    # A width-8 relu basis after 3 steps cannot fit the hat: the error is O(1) (measured 0.90),
    # so that a factor wrong anywhere is unmistakable.
    assert 0.1 < rel < 2
    errors = solved.errors()
    assert errors["rel_l2"] == pytest.approx(rel, rel=1e-10)
    assert errors["max"] == pytest.approx(worst, rel=1e-10)
    report = build_report(solved)
    assert report["rel_l2_error"] == pytest.approx(rel, rel=1e-10)
    assert report["max_error"] == pytest.approx(worst, rel=1e-10)
    path = write_hdf5(solved, tmp_path / "solution.h5")
    with h5py.File(path) as file:
        assert file.attrs["rel_l2_error"] == pytest.approx(rel, rel=1e-10)
        assert file.attrs["max_error"] == pytest.approx(worst, rel=1e-10)
