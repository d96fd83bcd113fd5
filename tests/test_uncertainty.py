"""Noise, regularization weights and uncertainty: the small factorization against dense linear
algebra, and the solve's outputs (std, fields, report) for data that state their noise."""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls
from pinnls import Box, Problem, ProblemError
from pinnls.numeric.uncertainty import Factors, choose_weight, fit

x, t = sp.symbols("x t")
u, f = sp.Function("u"), sp.Function("f")


def factors_of(exact_rows, data_rows, data_values, sigma, regularization=None):
    """Factors of a dense system: exact rows (A, b), data rows and values, noise sigma."""
    a_exact, b_exact = exact_rows
    stacked = np.vstack(
        [np.column_stack([a_exact, b_exact]), np.column_stack([data_rows, data_values])]
    )
    r = torch.linalg.qr(torch.as_tensor(stacked), mode="r").R
    reg = None
    if regularization is not None:
        a_reg = np.column_stack([regularization, np.zeros(len(regularization))])
        reg = torch.linalg.qr(torch.as_tensor(a_reg), mode="r").R
    return Factors(
        exact=r,
        regularization=reg,
        data=torch.as_tensor(data_rows),
        values=torch.as_tensor(data_values),
        sigma=torch.full((len(data_values),), float(sigma), dtype=torch.float64),
    )


def test_all_rows_noisy_gives_the_textbook_covariance():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((40, 6)) * np.array([1, 10, 0.1, 1, 3, 1e-2])
    b = rng.standard_normal(40)
    factors = factors_of((np.zeros((0, 6)), np.zeros(0)), a, b, 0.3)
    result = fit(factors, 0.0, 1e-15)
    np.testing.assert_allclose(result.coefficients, np.linalg.lstsq(a, b, rcond=None)[0])
    covariance = result.factor.mT @ result.factor
    # sigma^2 (A^T A)^-1 for a full-rank A whose every row has noise sigma
    np.testing.assert_allclose(covariance, 0.09 * np.linalg.inv(a.T @ a), rtol=1e-9)
    assert result.trace == pytest.approx(6.0, rel=1e-12)  # the hat matrix of 6 columns


def test_exact_rows_and_regularization_give_the_sandwich_covariance_and_trace():
    rng = np.random.default_rng(1)
    a_exact, b_exact = rng.standard_normal((30, 8)), rng.standard_normal(30)
    a_data, b_data = rng.standard_normal((12, 8)), rng.standard_normal(12)
    a_reg = rng.standard_normal((20, 8))
    factors = factors_of((a_exact, b_exact), a_data, b_data, 0.2, a_reg)
    weight = 0.7
    result = fit(factors, weight, 1e-15)
    full = np.vstack([a_exact, a_data, np.sqrt(weight) * a_reg])
    pinv = np.linalg.pinv(full)
    rhs = np.concatenate([b_exact, b_data, np.zeros(20)])
    np.testing.assert_allclose(result.coefficients, pinv @ rhs, rtol=1e-9, atol=1e-12)
    # only the data rows are noisy: cov c = A^+ Sigma A^+T with Sigma zero on the others
    influence = pinv[:, 30:42]
    np.testing.assert_allclose(
        result.factor.mT @ result.factor, 0.04 * influence @ influence.T, rtol=1e-8, atol=1e-14
    )
    hat = a_data @ influence
    assert result.trace == pytest.approx(np.trace(hat), rel=1e-10)
    residual = np.sum((a_data @ (pinv @ rhs) - b_data) ** 2)
    assert result.residual == pytest.approx(residual, rel=1e-10)


def test_the_weight_scan_minimizes_its_criterion_and_recovers_a_smooth_signal():
    # Denoise a smooth signal with a second-difference penalty: 60 noisy samples of sin.
    n = 60
    grid = np.linspace(0, 1, n)
    truth = np.sin(2 * np.pi * grid)
    noisy = truth + 0.1 * np.random.default_rng(2).standard_normal(n)
    second = np.diff(np.eye(n), 2, axis=0)
    factors = factors_of((np.zeros((0, n)), np.zeros(0)), np.eye(n), noisy, 0.1, second)

    def error(result):
        return np.linalg.norm(result.coefficients.numpy() - truth) / np.linalg.norm(truth)

    raw = error(fit(factors, 0.0, 1e-15))  # no penalty: the samples themselves, ~14% off
    oracle = min(error(fit(factors, 10.0 ** (k / 8), 1e-15)) for k in range(-80, 41))
    assert oracle < raw / 2
    for criterion in ("gcv", "upre"):
        best, scan = choose_weight(factors, 1e-15, criterion)
        assert min(row["score"] for row in scan) == next(
            row["score"] for row in scan if row["weight"] == best.weight
        )
        # the target: within 3x of the best error any weight reaches
        assert error(best) < 3 * oracle, criterion
        assert 2 < best.trace < 20  # a smooth fit: few degrees of freedom, not 0, not n


def source_problem(sigma=None, seed=0, weight=None):
    problem = Problem([u(x, t), f(x)], Box(x=(0, 1), t=(0, 1)), name="source")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) - f(x), 0), points="sobol:1024")
    exact = sp.sin(2 * (x - t) + 1) + x - sp.cos(sp.pi * x) / sp.pi
    problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)), points="random:128")
    problem.condition("inflow", sp.Eq(u(0, t), exact.subs(x, 0)), points="random:128")
    points = np.random.default_rng(0).random((40, 2))
    values = sp.lambdify((x, t), exact)(points[:, 0], points[:, 1])
    if sigma:
        values = values + sigma * np.random.default_rng(seed).standard_normal(40)
    problem.data("obs", u(x, t), points=points, values=values, noise=sigma)
    if weight is not None:
        problem.regularization("smooth", sp.Eq(f(x).diff(x, 2), 0), weight, points="sobol:256")
    problem.exact({u(x, t): exact, f(x): 1 + sp.sin(sp.pi * x)})
    return problem


FIT = {
    "optimizer": "lsgd",
    "iterations": 0,
    "width": 96,
    "activation": "tanh",
    "init_scale": 1.0,
    "rcond": 1e-15,
    "seed": 0,
}


@pytest.mark.slow
def test_stated_noise_chooses_the_weight_by_predictive_risk():
    solution = pinnls.solve(source_problem(0.01, weight="auto"), **FIT)
    assert solution.inverse["criterion"] == "upre"  # the noise is stated
    chosen = solution.inverse["weights"]["smooth"]
    assert next(t.weight for t in solution.compiled.terms if t.name == "smooth") == chosen
    scan = solution.inverse["scan"]
    assert min(row["score"] for row in scan) == next(
        row["score"] for row in scan if row["weight"] == chosen
    )
    assert solution.std(np.array([[0.5, 0.5]]), "f")[0] > 0


def test_noise_gives_std_fields_and_a_report_summary(tmp_path):
    solution = pinnls.solve(source_problem(0.01), **FIT)
    assert "criterion" not in solution.inverse  # nothing to choose
    line = np.stack([np.linspace(0, 1, 11), np.full(11, 0.3)], axis=1)
    std = solution.std(line)
    assert std.shape == (11, 2) and np.all(std > 0)
    np.testing.assert_array_equal(std[:, 1], solution.std(line, "f"))
    # f does not depend on t, nor does its uncertainty
    later = line.copy()
    later[:, 1] = 0.9
    np.testing.assert_array_equal(solution.std(later, "f"), std[:, 1])
    # unregularized, f is u's derivative: the band is wider than the noise, below f's size 1
    assert 1e-3 < std[:, 1].mean() < 1
    solution.save(tmp_path / "out", formats=["h5"])
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["inverse"]["noise"] == {"obs": 0.01}
    assert report["inverse"]["std"]["f"]["max"] >= report["inverse"]["std"]["f"]["mean"] > 0
    import h5py

    with h5py.File(tmp_path / "out" / "solution.h5") as file:
        assert {"u_std", "f_std"} <= set(file["fields"])
        grid = solution.grid()
        np.testing.assert_allclose(file["fields"]["f_std"][()].ravel(), grid["std"][:, 1])


def test_without_noise_or_auto_weights_the_solve_is_untouched():
    from pinnls.training import inverse

    problem = source_problem()
    solution = pinnls.solve(problem, **FIT)
    assert solution.inverse is None and not inverse.needed(solution.compiled)
    with pytest.raises(ValueError, match="noise=sigma"):
        solution.std(np.zeros((1, 2)))
    # a given weight is an ordinary term; without noise the solve has nothing to add
    assert pinnls.solve(source_problem(weight=1e-6), **FIT).inverse is None


def test_an_automatic_weight_without_noise_uses_cross_validation():
    solution = pinnls.solve(source_problem(weight="auto"), **FIT)
    assert solution.inverse["criterion"] == "gcv"
    assert "factor" not in solution.inverse
    assert solution.validation["terms"]["smooth"]["points"] > 0  # measured again


def test_automatic_weights_are_refused_where_they_mean_nothing():
    box = Box(x=(0, 1), t=(0, 1))
    problem = Problem(u(x, t), box)
    problem.equation("pde", sp.Eq(u(x, t).diff(t), 0), weight="auto")
    with pytest.raises(ProblemError, match="weight='auto'.*no data term"):
        problem.validate()
    with pytest.raises(ProblemError, match="data 'obs': weight='auto' is for a regularization"):
        problem.data("obs", u(x, t), points=[[0.5, 0.5]], values=[1.0], weight="auto")


def test_the_plots_show_the_band_and_the_std(tmp_path, monkeypatch):
    from pinnls.io import plots

    figures = []
    monkeypatch.setattr(plots, "_save", lambda figure, path: figures.append(figure) or path)
    solution = pinnls.solve(source_problem(0.01), **FIT)
    plots.plot_solution(solution, tmp_path / "solution.png")
    titles = [ax.get_title() for ax in figures[-1].axes]
    assert "std of u (noise)" in titles and "std of f (noise)" in titles
    # one axis: the band around the value
    line = Problem(u(x), Box(x=(0, 1)))
    line.equation("pde", sp.Eq(u(x).diff(x, 2), 0), points="grid:1/16")
    points = np.linspace(0.05, 0.95, 10)[:, None]
    line.data("obs", u(x), points=points, values=points[:, 0], noise=0.05)
    fitted = pinnls.solve(line, **{**FIT, "width": 16})
    plots.plot_solution(fitted, tmp_path / "line.png")
    labels = [text.get_text() for ax in figures[-1].axes for text in ax.get_legend().get_texts()]
    assert "95% band" in labels


def test_the_weight_scan_on_a_subset_of_the_basis_matches_the_full_scan(monkeypatch):
    """A basis wider than SCAN_WIDTH scans the weight on its first SCAN_WIDTH functions and
    fits once at the full width: the weight and the recovered source stay those of the
    full scan (measured at width 1024 on source_from_sensors: f 8.7e-3 against 9.0e-3, the
    solve 3.8x faster)."""
    import pinnls.training.inverse as inverse

    problem = source_problem(0.01, weight="auto")
    full = pinnls.solve(problem, **FIT)
    monkeypatch.setattr(inverse, "SCAN_WIDTH", 48)
    part = pinnls.solve(problem, **FIT)
    assert part.inverse["scan_width"] == 48 and "scan_width" not in full.inverse
    ratio = part.inverse["weights"]["smooth"] / full.inverse["weights"]["smooth"]
    assert 0.1 < ratio < 10
    f_full, f_part = (s.errors()["unknowns"]["f"]["rel_l2"] for s in (full, part))
    assert f_part < 2 * f_full
    # the fit at the chosen weight is at the full width: its covariance has every column
    assert part.inverse["factor"].shape == full.inverse["factor"].shape


@pytest.mark.parametrize("width", [32, 16])
def test_a_loaded_solution_and_pinnls_eval_give_the_same_std(width, tmp_path):
    import h5py

    from pinnls.cli import main

    # width 16: 2 * 17 coefficients < 40 data: a tall L is stored as it is (its QR factor
    # moved the std by 2.5e-6 relative: the std comes from cancellation)
    solution = pinnls.solve(source_problem(0.01), **{**FIT, "width": width})
    solution.save(tmp_path / "out", formats=["h5"])
    points = np.random.default_rng(1).random((25, 2))
    loaded = pinnls.load(tmp_path / "out")
    assert loaded.has_std
    original = solution.std(points)
    np.testing.assert_allclose(loaded.std(points), original, rtol=1e-12, atol=0)
    np.testing.assert_allclose(loaded.std(points, "f"), original[:, 1], rtol=1e-12, atol=0)
    with h5py.File(tmp_path / "out" / "solution.h5") as file:
        rows = file["uncertainty/factor"].shape[0]
    assert rows == 40  # every data value is noisy
    (tmp_path / "points.csv").write_text(
        "x,t\n" + "".join(f"{float(p[0])!r},{float(p[1])!r}\n" for p in points)
    )
    out = tmp_path / "eval.csv"
    assert main(["eval", str(tmp_path / "out"), str(tmp_path / "points.csv"), "-o", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "x,t,u,f,u_std,f_std"
    table = np.array([[float(v) for v in line.split(",")] for line in lines[1:]])
    np.testing.assert_allclose(table[:, 4:], original, rtol=1e-12, atol=0)
    np.testing.assert_allclose(table[:, 2:4], solution(points), rtol=1e-12, atol=1e-14)


def test_without_noise_the_file_holds_no_uncertainty(tmp_path):
    import h5py

    from pinnls.cli import main

    solution = pinnls.solve(source_problem(), **{**FIT, "width": 16})
    solution.save(tmp_path / "out", formats=["h5"])
    with h5py.File(tmp_path / "out" / "solution.h5") as file:
        assert "uncertainty" not in file
    loaded = pinnls.load(tmp_path / "out")
    assert not loaded.has_std
    with pytest.raises(ValueError, match="no uncertainty in this result"):
        loaded.std(np.array([[0.5, 0.5]]))
    (tmp_path / "points.csv").write_text("x,t\n0.5,0.5\n")
    out = tmp_path / "eval.csv"
    assert main(["eval", str(tmp_path / "out"), str(tmp_path / "points.csv"), "-o", str(out)]) == 0
    assert out.read_text().splitlines()[0] == "x,t,u,f"


def test_the_wall_time_includes_the_weight_scan(monkeypatch):
    """The report's wall time (and the done line) is the whole solve the user waited for: the
    post-solve weight scan and covariance are inside it."""
    from pinnls.training import inverse

    finish = inverse.finish

    def slow_finish(solution):
        import time

        time.sleep(0.5)
        return finish(solution)

    monkeypatch.setattr(inverse, "finish", slow_finish)
    solution = pinnls.solve(source_problem(0.01), **{**FIT, "width": 24})
    assert solution.wall >= 0.5  # the stages of this width-24 solve take about 0.1 s
