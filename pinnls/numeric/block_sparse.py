"""The least-squares system of a local basis without forming it densely: only each subdomain's
columns at the rows in its support are assembled, and LSMR solves the whole system with a block
preconditioner.

For a :class:`~pinnls.numeric.local.LocalBasis` of K subdomains, subdomain k's columns are zero
at every row whose evaluation points all lie outside its support, so the scaled system
``A c ~= b`` (:class:`~pinnls.numeric.assembly.System`) is

    A = [A_1 | ... | A_K | A_0],

where ``A_k`` is nonzero only on its rows ``I_k`` (the points in subdomain k's support, about
``(1 + OVERLAP)^d`` times its share of the rows) and ``A_0`` is the constant column(s), dense
but one column per unknown. Each block is stored as its dense ``(|I_k|, m_k)`` part, and
preconditioned by its truncated SVD ``A_k[I_k] = U_k S_k V_k^T`` (singular values below
``rcond`` times the block's largest are dropped: tanh features are numerically rank deficient):

    A P = [U_1 | ... | U_K | U_0],    P = diag(V_k S_k^-1),

whose blocks have orthonormal columns, coupled only where supports overlap. LSMR (scipy) on
``A P y ~= b`` converges in a number of iterations that depends on that coupling, not on K;
``c = P y``. Storage is ``sum_k |I_k| r_k`` (r_k the block's kept rank) and each iteration
costs as much, so both grow linearly with K at a fixed size per subdomain.

What it reads of :mod:`pinnls.numeric.assembly` (unchanged there): ``System.terms`` and
``System.unknowns``; each ``TermSystem``'s ``scale``, ``size``, ``source``, ``by_unknown`` (its
groups' ``points``, to find the rows in a support) and ``block(basis, rows)`` called with a
one-cell view as the basis and the rows as a list of indices (the groups index their points
and coefficients with it as with a slice).

The dense route stays the reference: :func:`solve_block_sparse` is checked against
:func:`pinnls.numeric.least_squares` on small problems (tests/test_local_basis.py).
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np
import torch

from pinnls.numeric.local import OVERLAP, LocalBasis

__all__ = ["BlockSystem", "assemble_blocks", "solve_block_sparse"]


class _Cell(torch.nn.Module):
    """Subdomain k's columns of a local basis, as a basis of its own (no constant column):
    only its features are evaluated."""

    def __init__(self, basis: LocalBasis, k: int) -> None:
        super().__init__()
        self.basis = basis
        self.k = k
        columns = (basis.owner == k).nonzero().flatten()
        self.start, self.stop = int(columns[0]), int(columns[-1]) + 1  # owner is sorted
        self.width = self.size = self.stop - self.start
        self.constant = False
        counts = [int(c) for c in basis.counts]
        self.index = np.unravel_index(k, counts)  # its piece along each axis

    def _psi(self, x, tangent=None):
        """psi_k and its derivative along ``tangent`` (n, 1): only this cell's factors."""
        y = (x - self.basis.lower) / self.basis.scale
        psi, dpsi = torch.ones_like(x[:, :1]), torch.zeros_like(x[:, :1])
        for axis, count in enumerate(int(c) for c in self.basis.counts):
            f, df = self.basis._factors(y[:, axis], count)
            piece = int(self.index[axis])
            f, df = f[:, piece, None], df[:, piece, None]
            if tangent is not None:
                dpsi = dpsi * f + psi * df * (tangent[:, axis, None] / self.basis.scale[axis])
            psi = psi * f
        return psi, dpsi

    def _parts(self, x):
        layer = self.basis.layers[0]
        weight = layer.weight[self.start : self.stop]
        bias = layer.bias[self.start : self.stop]
        return (x - self.basis.lower) / self.basis.scale, weight, bias

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.hidden(x)

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        psi, _ = self._psi(x)
        y, weight, bias = self._parts(x)
        return psi * self.basis._activation.value(y @ weight.mT + bias)

    def hidden_with_tangent(self, x, tangent):
        psi, dpsi = self._psi(x, tangent)
        y, weight, bias = self._parts(x)
        value, slope = self.basis._activation.value_and_slope(y @ weight.mT + bias)
        dz = (tangent / self.basis.scale) @ weight.mT
        return psi * value, dpsi * value + psi * slope * dz


class _Ones(torch.nn.Module):
    """The constant column alone, as a basis."""

    width = 0
    size = 1
    constant = True

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # x * 0 + 1 rather than ones: forward-mode AD then sees (zero) dependence on x.
        return x[:, :1] * 0 + 1

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        return x[:, :0]

    def hidden_with_tangent(self, x, tangent):
        return x[:, :0], x[:, :0]


def memberships(basis: LocalBasis, x: torch.Tensor) -> list[np.ndarray]:
    """For each subdomain, the indices of the points that lie in its support (closed).

    A point lies in at most two pieces' supports along each axis (the transitions are narrower
    than a cell), so this is linear in the points and in K.

    Parameters
    ----------
    basis : LocalBasis
    x : (n, d) tensor

    Returns
    -------
    list of K int64 arrays
    """
    y = ((x - basis.lower) / basis.scale).detach().cpu().numpy()
    counts = [int(c) for c in basis.counts]
    n = y.shape[0]
    candidates = []  # per axis, (n, 2) piece indices
    for axis, count in enumerate(counts):
        half = 0.5 * OVERLAP if count > 1 else 0.0
        scaled = y[:, axis] * count
        low = np.clip(np.floor(scaled - half), 0, count - 1).astype(np.int64)
        high = np.clip(np.floor(scaled + half), 0, count - 1).astype(np.int64)
        candidates.append(np.stack([low, high], 1))
    strides = np.cumprod([1, *counts[::-1]])[:-1][::-1]  # C order
    flat = np.zeros((n, 1), dtype=np.int64)
    for axis in range(len(counts)):
        flat = (flat[:, :, None] + strides[axis] * candidates[axis][:, None, :]).reshape(n, -1)
    rows = np.repeat(np.arange(n), flat.shape[1])
    keys = np.unique(flat.reshape(-1) * n + rows)
    cells, points = np.divmod(keys, n)
    bounds = np.searchsorted(cells, np.arange(basis.subdomains + 1))
    return [points[bounds[k] : bounds[k + 1]] for k in range(basis.subdomains)]


@dataclasses.dataclass
class BlockSystem:
    """The nonzero blocks of a local basis' scaled system.

    Attributes
    ----------
    rows : int
        N, all rows of the system.
    row_index : list of int64 arrays
        Per column block, the system rows it is nonzero on (the last block: the constant
        columns, every row).
    blocks : list of (len(row_index[k]), columns_k) float64 arrays
    columns : list of int64 arrays
        Per block, its positions among the system's ``m * size`` columns.
    b : (N,) float64 array
    """

    rows: int
    row_index: list
    blocks: list
    columns: list
    b: np.ndarray

    @property
    def stored(self) -> int:
        """Matrix entries held (the dense system would hold ``rows * m * size``)."""
        return sum(block.size for block in self.blocks)


def assemble_blocks(system, basis: LocalBasis) -> BlockSystem:
    """Assemble only the nonzero blocks of ``system`` for ``basis``.

    Parameters
    ----------
    system : pinnls.numeric.assembly.System
    basis : LocalBasis

    Returns
    -------
    BlockSystem
    """
    unknowns = system.unknowns
    cells = [_Cell(basis, k) for k in range(basis.subdomains)]
    per_block_rows: list[list[np.ndarray]] = [[] for _ in range(basis.subdomains + 1)]
    per_block_values: list[list[np.ndarray]] = [[] for _ in range(basis.subdomains + 1)]
    sources, offset = [], 0
    with torch.no_grad():
        for term in system.terms:
            # A row touches subdomain k if any point the term evaluates it at lies in k's
            # support (a term may read the unknowns at several point maps).
            members: list[set | np.ndarray] = [np.empty(0, np.int64)] * basis.subdomains
            for groups in term.by_unknown.values():
                for group in groups:
                    for k, found in enumerate(memberships(basis, group.points)):
                        members[k] = np.union1d(members[k], found)
            for k, cell in enumerate(cells):
                rows = members[k]
                if rows.size == 0:
                    continue
                block = term.scale * term.block(cell, rows.tolist())
                per_block_rows[k].append(rows + offset)
                per_block_values[k].append(block.cpu().numpy())
            if basis.constant:
                every = np.arange(term.size)
                block = term.scale * term.block(_Ones(), every.tolist())
                per_block_rows[-1].append(every + offset)
                per_block_values[-1].append(block.cpu().numpy())
            sources.append((term.scale * term.source).cpu().numpy())
            offset += term.size
    row_index, blocks, columns = [], [], []
    for k in range(basis.subdomains + int(basis.constant)):
        row_index.append(np.concatenate(per_block_rows[k]))
        blocks.append(np.concatenate(per_block_values[k]))
        if k < basis.subdomains:
            start, stop = cells[k].start, cells[k].stop
        else:
            start, stop = basis.width, basis.width + 1
        columns.append(
            np.concatenate([j * basis.size + np.arange(start, stop) for j in range(unknowns)])
        )
    return BlockSystem(offset, row_index, blocks, columns, np.concatenate(sources))


def solve_block_sparse(
    blocks: BlockSystem,
    rcond: float = 1e-13,
    tol: float = 1e-14,
    max_iterations: int | None = None,
) -> tuple[np.ndarray, dict]:
    """Solve ``A c ~= b`` from its blocks by block-preconditioned LSMR.

    Parameters
    ----------
    blocks : BlockSystem
    rcond : float
        Each block's singular values below ``rcond`` times its largest are dropped.
    tol : float
        LSMR's ``atol`` and ``btol``.
    max_iterations : int, optional
        Default: 4 times the kept columns, at most 10,000.

    Returns
    -------
    coefficients : (m * size,) float64 array
    info : dict
        ``iterations``, ``rank`` (kept columns), ``residual`` (``||A c - b||``), ``stored``
        (matrix entries held, blocks and their U factors), ``seconds`` (factorizations and
        LSMR, process time), ``stop`` (LSMR's istop).
    """
    from scipy.sparse.linalg import LinearOperator, lsmr

    began = time.process_time()
    factors, maps = [], []
    for block in blocks.blocks:
        u, s, vt = np.linalg.svd(block, full_matrices=False)
        keep = s > rcond * s[0] if s.size and s[0] > 0 else np.zeros(s.shape, bool)
        factors.append(u[:, keep])
        maps.append(vt[keep].T / s[keep])
    sizes = [f.shape[1] for f in factors]
    starts = np.concatenate([[0], np.cumsum(sizes)])
    n = blocks.rows

    def matvec(y):
        out = np.zeros(n)
        for k, u in enumerate(factors):
            out[blocks.row_index[k]] += u @ y[starts[k] : starts[k + 1]]
        return out

    def rmatvec(r):
        return np.concatenate([u.T @ r[blocks.row_index[k]] for k, u in enumerate(factors)])

    operator = LinearOperator((n, int(starts[-1])), matvec=matvec, rmatvec=rmatvec)
    limit = max_iterations or min(10_000, 4 * int(starts[-1]))
    result = lsmr(operator, blocks.b, atol=tol, btol=tol, maxiter=limit)
    y, stop, iterations = result[0], int(result[1]), int(result[2])
    total = 1 + max(int(c.max()) for c in blocks.columns)
    coefficients = np.zeros(total)
    for k, m in enumerate(maps):
        coefficients[blocks.columns[k]] = m @ y[starts[k] : starts[k + 1]]
    residual = float(np.linalg.norm(matvec(y) - blocks.b))
    info = {
        "iterations": iterations,
        "rank": int(starts[-1]),
        "residual": residual,
        "stored": blocks.stored + sum(f.size for f in factors),
        "seconds": time.process_time() - began,
        "stop": stop,
    }
    return coefficients, info
