"""Solution: evaluation, derivatives, grids, errors, residuals and the checkpoint round trip."""

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.metrics import field_errors
from pinnls.numeric.assembly import System
from pinnls.solution import History


@pytest.fixture(scope="module")
def trained(small_e4):
    compiled, settings = small_e4
    return solve(compiled, settings.replace(iterations=5))


def test_evaluation_is_the_basis_times_the_last_layer(trained):
    points = np.array([[0.1, 0.2], [0.5, 0.5], [0.9, 0.05]])
    with torch.no_grad():
        expected = trained.basis(torch.as_tensor(points)) @ trained.coefficients
    np.testing.assert_allclose(trained(points), expected.numpy(), rtol=1e-14, atol=1e-15)
    assert trained(points).shape == (3,)
    assert trained(points[0]).shape == (1,)  # a single point is (d,) and still works


def test_evaluation_in_chunks_equals_one_pass(trained, monkeypatch):
    import pinnls.solution

    points = np.random.default_rng(0).random((50, 2))
    whole = trained(points)
    monkeypatch.setattr(pinnls.solution, "EVALUATION_CHUNK", 7)
    # BLAS blocks rows differently for other row counts: equal to rounding.
    np.testing.assert_allclose(trained(points), whole, rtol=1e-14, atol=1e-16)


def test_solution_derivatives_match_finite_differences():
    x, t = sp.symbols("x t")
    u = sp.Function("u")
    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)))
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), sp.cos(x - t) * 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), 0))
    settings = Settings(optimizer="lsgd", width=16, activation="tanh", iterations=0)
    solution = solve(compile_problem(problem, settings), settings)
    points = np.array([[0.3, 0.4], [1.5, 0.9]])
    h = 1e-6
    for axis, alpha in ((0, (1, 0)), (1, (0, 1))):
        shift = np.zeros(2)
        shift[axis] = h
        fd = (solution(points + shift) - solution(points - shift)) / (2 * h)
        np.testing.assert_allclose(solution.derivative(points, alpha), fd, rtol=1e-6, atol=1e-8)


def test_grid_includes_the_faces_and_the_error_fields(trained):
    fields = trained.grid(5)
    assert [axis.tolist() for axis in fields["axes"]] == [[0, 0.25, 0.5, 0.75, 1]] * 2
    assert fields["points"].shape == (25, 2)
    np.testing.assert_array_equal(fields["u"], trained(fields["points"]))
    np.testing.assert_allclose(fields["error"], fields["u"] - fields["exact"])
    assert trained.grid()["points"].shape == (21 * 21, 2)  # settings.eval_points
    assert trained.errors(5) == field_errors(fields)


def test_errors_are_none_without_an_exact_solution():
    x = sp.Symbol("x")
    u = sp.Function("u")
    problem = Problem(u(x), Box(x=(0, 1)))
    problem.equation("fit", sp.Eq(u(x), x), points="grid:1/8")
    settings = Settings(optimizer="lsgd", width=4, iterations=0)
    solution = solve(compile_problem(problem, settings), settings)
    assert solution.errors() is None and "exact" not in solution.grid(3)


def test_residuals_are_the_unweighted_operator_minus_source(trained):
    residuals = trained.residuals()
    compiled = trained.compiled
    assert list(residuals) == [term.name for term in compiled.terms]
    system = System(compiled, torch.float64, "cpu")
    loss = 0.0
    for term, scaled in zip(compiled.terms, system.terms):
        entry = residuals[term.name]
        np.testing.assert_array_equal(entry["points"], term.points)
        direct = (scaled.block(trained.basis) @ trained.coefficients - scaled.source).detach()
        np.testing.assert_allclose(entry["residual"], direct.numpy(), rtol=1e-12, atol=1e-14)
        loss += term.weight * np.mean(entry["residual"] ** 2)
    # The recorded loss is sum_k eps_k mean |L_k[NN] - f_k|^2 of these residuals.
    assert loss == pytest.approx(trained.loss(), rel=1e-10)


def test_the_residuals_training_measured_are_read_not_assembled_again(trained, monkeypatch):
    """LSGD's last value is at the final parameters: its residuals are the solution's. A
    solution that holds other coefficients assembles its own."""
    import dataclasses

    from pinnls.numeric import assembly

    assert trained.fitted is not None
    direct = {
        name: entry["residual"]
        for name, entry in dataclasses.replace(trained, fitted=None).residuals().items()
    }
    # every assembly, of the full rows or applied to coefficients, computes an unknown's block
    block = assembly.TermSystem._unknown_block

    def refused(*args, **kwargs):
        raise AssertionError("assembled again")

    monkeypatch.setattr(assembly.TermSystem, "_unknown_block", staticmethod(refused))
    read = trained.residuals()
    for name, values in direct.items():
        np.testing.assert_allclose(read[name]["residual"], values, rtol=1e-12, atol=1e-14)
    other = dataclasses.replace(trained, coefficients=2 * trained.coefficients)
    with pytest.raises(AssertionError, match="assembled again"):
        other.residuals()
    monkeypatch.setattr(assembly.TermSystem, "_unknown_block", staticmethod(block))
    doubled = other.residuals()
    assert not np.allclose(doubled["pde"]["residual"], read["pde"]["residual"])


@pytest.mark.parametrize("changed", ["coefficients", "basis"])
def test_residuals_are_assembled_again_after_an_in_place_change(small_e4, monkeypatch, changed):
    from pinnls.numeric import assembly

    compiled, settings = small_e4
    solution = solve(compiled, settings.replace(iterations=3))
    assert solution.fitted is not None
    with torch.no_grad():
        if changed == "coefficients":
            solution.coefficients.mul_(2.0)
        else:
            next(solution.basis.parameters()).mul_(1.5)
    calls = []
    block, unknown_block = assembly.TermSystem.block, assembly.TermSystem._unknown_block
    monkeypatch.setattr(
        assembly.TermSystem,
        "_unknown_block",
        staticmethod(lambda *a, **k: calls.append(1) or unknown_block(*a, **k)),
    )
    residuals = solution.residuals()
    assert calls  # assembled, not read
    system = System(solution.compiled, torch.float64, "cpu")
    for term in system.terms:
        direct = (block(term, solution.basis) @ solution.coefficients - term.source).detach()
        np.testing.assert_allclose(residuals[term.name]["residual"], direct.numpy(), atol=1e-12)


def test_the_measured_residuals_of_a_system_in_several_chunks_are_the_assembled_ones():
    import dataclasses

    x = sp.symbols("x")
    u, v = sp.Function("u"), sp.Function("v")
    problem = Problem([u(x), v(x)], Box(x=(0, 2)), name="oscillator")
    problem.equation("u-prime", sp.Eq(u(x).diff(x), v(x)), weight=3)
    problem.equation("v-prime", sp.Eq(v(x).diff(x), -u(x)))
    problem.condition("u0", sp.Eq(u(0), 0))
    problem.condition("v0", sp.Eq(v(0), 1))
    problem.exact({u(x): sp.sin(x), v(x): sp.cos(x)})
    settings = Settings(optimizer="lsgd", width=12, activation="tanh", iterations=0, chunk_size=7)
    solution = solve(compile_problem(problem, settings), settings)
    assert solution.fitted is not None
    read = solution.residuals()
    again = dataclasses.replace(solution, fitted=None).residuals()
    assert list(read) == list(again) == ["u-prime", "v-prime", "u0", "v0"]
    for name, entry in again.items():
        np.testing.assert_array_equal(read[name]["points"], entry["points"])
        np.testing.assert_allclose(
            read[name]["residual"], entry["residual"], rtol=1e-12, atol=1e-13
        )
    assert max(np.abs(e["residual"]).max() for e in again.values()) > 1e-9  # not all zero


def test_checkpoint_round_trips_through_torch_save(trained, tmp_path):
    state = trained.checkpoint(problem_sha256="ab" * 32)
    torch.save(state, tmp_path / "checkpoint.pt")
    loaded = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert loaded["iteration"] == 5 and loaded["problem"] == "small-e4"
    assert loaded["problem_sha256"] == "ab" * 32
    assert loaded["settings"] == trained.settings.to_dict()
    torch.testing.assert_close(loaded["coefficients"], trained.coefficients, rtol=0, atol=0)
    history = History.from_state(loaded["history"])
    np.testing.assert_equal(history.state(), trained.history.state())  # NaN where not measured
    for key, value in trained.basis.state_dict().items():
        torch.testing.assert_close(loaded["basis"][key], value, rtol=0, atol=0)
    assert trained.checkpoint()["problem_sha256"] is None
