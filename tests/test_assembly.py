"""Assembly of the weighted system: blocks against a direct computation, scaling, and chunking
(the chunked passes of an iteration give the system, solve, loss and gradient of one chunk)."""

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem
from pinnls.numeric.assembly import System
from pinnls.training import build_basis
from pinnls.training import chunks as chunks_module
from pinnls.training.chunks import Chunks


@pytest.fixture(scope="module")
def varied():
    """Variable coefficients, a second derivative, a weight and a derivative condition, with a
    tanh basis (so that second derivatives do not vanish): ``(compiled, basis, settings)``."""
    x, t = sp.symbols("x t")
    u = sp.Function("u")
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 2)), name="varied")
    operator = u(x, t).diff(t) + x * u(x, t).diff(x) - 0.1 * u(x, t).diff(x, 2) + 2 * u(x, t)
    problem.equation("pde", sp.Eq(operator, sp.sin(x) * t), weight=3, points="grid:1/8")
    problem.condition("initial", sp.Eq(u(x, 0), sp.cos(x)), points="grid:1/8")
    problem.condition("slope", sp.Eq(u(x, t).diff(x).subs(x, 1), t), points="grid:1/8")
    settings = Settings(width=6, activation="tanh", iterations=2)
    compiled = compile_problem(problem, settings)
    return compiled, build_basis(compiled, settings), settings


def _reverse_mode_derivative(basis, points: np.ndarray, alpha) -> torch.Tensor:
    """``D^alpha Phi`` at (n, d) points by reverse mode, one basis function at a time."""
    x = torch.as_tensor(points).clone().requires_grad_(True)
    phi = basis(x)
    columns = []
    for j in range(phi.shape[1]):
        g = phi[:, j]
        for axis, count in enumerate(alpha):
            for _ in range(count):
                # Rows depend only on their own point, so the gradient of the sum is pointwise.
                (grad,) = torch.autograd.grad(g.sum(), x, create_graph=True, allow_unused=True)
                g = torch.zeros_like(x[:, 0]) if grad is None else grad[:, axis]
        columns.append(g.detach())
    return torch.stack(columns, dim=1)


def _direct_block(basis, term) -> torch.Tensor:
    """``A_k[i, j] = sum_p a_p(x_i) D^alpha_p Phi_j(x'_p,i)``, part by part."""
    total = 0
    for part, coefficient in zip(term.parts, term.coefficients()):
        points = part.evaluation_points(term.points)
        block = _reverse_mode_derivative(basis, points, part.derivative)
        total = total + torch.as_tensor(coefficient)[:, None] * block
    return total


def test_term_blocks_match_a_direct_reverse_mode_computation(varied):
    compiled, basis, _ = varied
    system = System(compiled, torch.float64, "cpu")
    assert [len(term.parts) for term in compiled.terms] == [4, 1, 1]
    for term, scaled in zip(compiled.terms, system.terms):
        block = scaled.block(basis).detach()
        assert block.shape == (term.size, basis.size)
        torch.testing.assert_close(block, _direct_block(basis, term), rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(scaled.source.numpy(), term.source)


def test_stacked_system_squared_residual_is_the_weighted_loss(varied):
    compiled, basis, _ = varied
    system = System(compiled, torch.float64, "cpu")
    A, b = system.assemble(basis)
    assert [term.size for term in compiled.terms] == [128, 8, 16]  # 1/8 grids on [0,1]x[0,2]
    assert A.shape == (system.rows, basis.size) and system.rows == 128 + 8 + 16
    c = torch.linspace(-1, 1, basis.size, dtype=torch.float64)
    residual = (A @ c - b).detach()
    expected = {
        term.name: term.weight
        * float(((_direct_block(basis, term) @ c - torch.as_tensor(term.source)) ** 2).mean())
        for term in compiled.terms
    }
    terms = system.term_losses(residual)
    for name, value in expected.items():
        assert terms[name] == pytest.approx(value, rel=1e-12)
    assert float(residual.square().sum()) == pytest.approx(sum(expected.values()), rel=1e-12)


def test_chunks_stack_to_the_whole_system(varied):
    compiled, basis, _ = varied
    system = System(compiled, torch.float64, "cpu")
    A, b = system.assemble(basis)
    pieces = list(system.chunks(basis, chunk_size=10))
    assert [term.name for term, _, _ in pieces] == ["pde"] * 13 + ["initial"] + ["slope"] * 2
    torch.testing.assert_close(torch.cat([a for _, a, _ in pieces]), A, rtol=1e-14, atol=1e-15)
    torch.testing.assert_close(torch.cat([s for _, _, s in pieces]), b, rtol=0, atol=0)


def test_chunked_passes_agree_with_one_chunk(varied):
    compiled, basis, settings = varied
    system = System(compiled, torch.float64, "cpu")
    whole = Chunks(system, basis, chunk_size=10_000, graph=True)
    chunked = Chunks(system, basis, chunk_size=10, graph=True)
    assert whole.single and not chunked.single
    solved, streamed = whole.least_squares(settings), chunked.least_squares(settings)
    assert solved.rank == streamed.rank == basis.size
    # TSQR over chunks rounds differently from one QR; both are backward stable.
    torch.testing.assert_close(streamed.coefficients, solved.coefficients, rtol=1e-9, atol=1e-11)
    c = solved.coefficients
    total, terms = whole.losses(c)
    total_chunked, terms_chunked = chunked.losses(c)
    assert total_chunked == pytest.approx(total, rel=1e-12)
    assert terms_chunked == pytest.approx(terms, rel=1e-12)
    assert sum(terms.values()) == pytest.approx(total, rel=1e-14)
    gradients = []
    for chunks in (whole, chunked):
        basis.zero_grad(set_to_none=True)
        chunks.backward(c)
        gradients.append([p.grad.clone() for p in basis.hidden_parameters()])
    for one, many in zip(*gradients):
        torch.testing.assert_close(many, one, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("tile", [None, 8, 3 * 7])
def test_chunks_without_a_graph_pack_the_terms_and_match_the_whole_system(
    varied, monkeypatch, tile
):
    """Without a graph the rows are packed across terms (every chunk full but the last) and
    written tile by tile: the same rows as the whole system's, to rounding."""
    compiled, basis, _ = varied
    if tile is not None:  # 8 entries: one row a tile (7 columns); 21: three rows a tile
        monkeypatch.setattr(chunks_module, "TILE_ENTRIES", tile)
    system = System(compiled, torch.float64, "cpu")
    A, b = system.assemble(basis)
    A = A.detach()
    chunks = Chunks(system, basis, chunk_size=10, graph=False)
    asked = []
    for term in system.terms:  # the rows each block is asked for: the tiles
        real = term.block

        def block(basis, rows=None, reduced=None, real=real):
            asked.append(rows.stop - rows.start)
            return real(basis, rows, reduced)

        monkeypatch.setattr(term, "block", block)
    pieces = list(chunks._chunks(graph=False))
    height = {None: chunks_module.TILE_ENTRIES // 7, 8: 1, 21: 3}[tile]
    assert max(asked) == min(height, 10) and sum(asked) == A.shape[0]
    sizes = [piece.A.shape[0] for piece in pieces]
    assert sizes == [10] * (A.shape[0] // 10) + ([A.shape[0] % 10] if A.shape[0] % 10 else [])
    assert all(sum(rows for _, rows in piece.parts) == n for piece, n in zip(pieces, sizes))
    # the rows of one term run on into the next chunk, and a chunk holds two terms
    names = [name for piece in pieces for name, _ in piece.parts]
    assert any(len(piece.parts) > 1 for piece in pieces)
    totals = {}
    for piece in pieces:
        for name, rows in piece.parts:
            totals[name] = totals.get(name, 0) + rows
    assert totals == {term.name: term.size for term in system.terms}
    assert names[0] == "pde" and names[-1] == "slope"
    torch.testing.assert_close(torch.cat([p.A for p in pieces]), A, rtol=1e-14, atol=1e-15)
    torch.testing.assert_close(torch.cat([p.b for p in pieces]), b, rtol=0, atol=0)
    assert not any(piece.A.requires_grad for piece in pieces)


def test_packed_chunks_split_the_loss_by_term_as_one_chunk_does(varied):
    compiled, basis, settings = varied
    system = System(compiled, torch.float64, "cpu")
    whole = Chunks(system, basis, chunk_size=10_000, graph=False)
    packed = Chunks(system, basis, chunk_size=7, graph=False)
    c = whole.least_squares(settings).coefficients
    total, terms = whole.losses(c)
    total_packed, terms_packed = packed.losses(c)
    assert total_packed == pytest.approx(total, rel=1e-12)
    assert terms_packed == pytest.approx(terms, rel=1e-12)
    measured, measured_packed = whole.measured(c), packed.measured(c)
    for name, residual in measured.items():
        np.testing.assert_allclose(measured_packed[name], residual, rtol=1e-12, atol=1e-14)


def test_a_single_chunk_keeps_a_graph_only_when_a_step_follows(small_e4, small_basis):
    compiled, settings = small_e4
    system = System(compiled, torch.float64, "cpu")
    c = torch.ones(small_basis.size, dtype=torch.float64)
    for graph in (True, False):
        chunks = Chunks(system, small_basis, settings.chunk_size, graph=graph)
        chunks.losses(c)
        assert chunks._kept.A.requires_grad is graph
        # A gradient pass is still right when none was announced: it assembles again.
        small_basis.zero_grad(set_to_none=True)
        chunks.backward(c)
        assert all(p.grad is not None for p in small_basis.hidden_parameters())
