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
import math
import time

import numpy as np
import torch

from pinnls.numeric.local import OVERLAP, LocalBasis

__all__ = [
    "BlockSystem",
    "assemble_blocks",
    "solve_block_sparse",
    "solve_chain",
    "term_residuals",
    "values",
    "CHAIN_RIDGE",
]

#: :func:`solve_chain`'s ridge: each block's (orthonormal) columns get rows ``CHAIN_RIDGE * I``,
#: so that every diagonal block of the banded factor is invertible whatever the coupling of
#: neighbouring cells (a function that lives in an overlap only can be nearly in both spans).
#: At 1e-12 of columns of norm 1 it moves no direction that the data determine.
CHAIN_RIDGE = 1e-12


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
            # only this piece's two ramps
            piece = int(self.index[axis])
            r, dr = self.basis.ramps(y[:, axis], count, piece, piece + 1)
            f, df = r[:, :1] - r[:, 1:], dr[:, :1] - dr[:, 1:]
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


def _fresh(coefficients: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The coefficients as a fresh contiguous copy in ``x``'s dtype and device, whatever view
    the caller holds (a transpose, a row at an offset): a solution and its loaded model store
    them differently, and on an AMD EPYC the product kernel rounds an offset vector otherwise
    (5e-10 relative where large coefficients cancel), so both evaluate the same bits."""
    c = coefficients.detach().to(dtype=x.dtype, device=x.device)
    return c.clone(memory_format=torch.contiguous_format)


def values(
    basis: LocalBasis,
    x: torch.Tensor,
    coefficients: torch.Tensor,
    alpha: tuple[int, ...] | None = None,
) -> torch.Tensor:
    """``basis(x) @ coefficients`` (or ``D^alpha`` of it), each subdomain's features evaluated
    only at the points in its support: linear in the points and in K, where ``basis(x)``
    evaluates every feature at every point (K times the work, and an (n, width) block in
    memory).

    Parameters
    ----------
    basis : LocalBasis
    x : (n, d) tensor
    coefficients : (size,) or (size, m) tensor
    alpha : tuple of d ints, optional
        A derivative's multi-index (None or zeros: the values), taken on each cell by the
        closed form of :func:`pinnls.numeric.local.operator_columns` (forward mode for an
        activation without one).

    Returns
    -------
    (n,) or (n, m) tensor
        On ``x``'s device, in its dtype.
    """
    from pinnls.numeric.basis import basis_derivatives
    from pinnls.numeric.local import has_local_closed_form, operator_columns

    derivative = alpha is not None and any(alpha)
    c = _fresh(coefficients, x)
    out = torch.zeros((x.shape[0], *c.shape[1:]), dtype=x.dtype, device=x.device)
    with torch.no_grad():
        # A point with NaN lies in no cell; the dense evaluation gives it NaN, and so does this.
        bad = ~torch.isfinite(x).all(dim=1)
        if bad.any():
            x = torch.where(bad[:, None], basis.lower.to(x), x)
        if basis.constant and not derivative:
            out += c[basis.width]
        for k, index in enumerate(memberships(basis, x)):
            if index.size == 0:
                continue
            cell = _Cell(basis, k)
            rows = torch.as_tensor(index, device=x.device)
            if derivative and has_local_closed_form(cell, sum(alpha)):
                block = operator_columns(cell, x[rows], [(tuple(alpha), 1.0)])
            elif derivative:  # an activation without written-out derivatives: forward mode
                block = basis_derivatives(cell, x[rows], [tuple(alpha)])[tuple(alpha)]
            else:
                block = cell.hidden(x[rows])
            out[rows] += block @ c[cell.start : cell.stop]
        out[bad] = math.nan
    return out


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
            members = _term_members(basis, term)
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
        if per_block_rows[k]:
            row_index.append(np.concatenate(per_block_rows[k]))
            blocks.append(np.concatenate(per_block_values[k]))
        else:  # a subdomain that holds no point of any cloud: an empty block
            width = (cells[k].stop - cells[k].start) * unknowns
            row_index.append(np.empty(0, dtype=np.int64))
            blocks.append(np.empty((0, width)))
        if k < basis.subdomains:
            start, stop = cells[k].start, cells[k].stop
        else:
            start, stop = basis.width, basis.width + 1
        columns.append(
            np.concatenate([j * basis.size + np.arange(start, stop) for j in range(unknowns)])
        )
    return BlockSystem(offset, row_index, blocks, columns, np.concatenate(sources))


def _term_members(basis: LocalBasis, term) -> list[np.ndarray]:
    """Per subdomain, the rows of ``term`` that touch it: a row does if any point the term
    evaluates it at lies in the subdomain's support (a term may read the unknowns at several
    point maps)."""
    members: list[np.ndarray] = [np.empty(0, np.int64)] * basis.subdomains
    for groups in term.by_unknown.values():
        for group in groups:
            for k, found in enumerate(memberships(basis, group.points)):
                members[k] = np.union1d(members[k], found)
    return members


def evaluate(
    basis, x: torch.Tensor, coefficients: torch.Tensor, alpha: tuple[int, ...] | None = None
) -> torch.Tensor:
    """``D^alpha Phi(x) @ coefficients`` for any basis: a local basis cell by cell
    (:func:`values`), another with all its columns at once.

    Parameters
    ----------
    basis : Basis or LocalBasis
    x : (n, d) tensor
    coefficients : (size,) or (size, m) tensor
    alpha : tuple of d ints, optional
        A derivative's multi-index (None or zeros: the values).

    Returns
    -------
    (n,) or (n, m) tensor
        Detached, on ``x``'s device.
    """
    from pinnls.numeric.basis import basis_derivatives

    if isinstance(basis, LocalBasis):
        return values(basis, x, coefficients, alpha)
    c = _fresh(coefficients, x)
    if alpha is not None and any(alpha):
        block = basis_derivatives(basis, x, [tuple(alpha)])[tuple(alpha)].detach()
    else:
        with torch.no_grad():
            block = basis(x)
    return block @ c


#: Rows of one cell evaluated at once by :func:`term_residuals` (as ``EVALUATION_CHUNK`` of
#: :mod:`pinnls.memory`).
RESIDUAL_ROWS = 16_384


def term_residuals(system, basis: LocalBasis, coefficients: torch.Tensor) -> dict:
    """Each term's residual ``L_k[NN] - f_k`` at its rows (unscaled), each subdomain's columns
    evaluated only at the rows it touches: what :func:`assemble_blocks` would give times the
    coefficients, without holding the blocks (memory of one block at a time).

    Parameters
    ----------
    system : pinnls.numeric.assembly.System
    basis : LocalBasis
    coefficients : (m * size,) tensor

    Returns
    -------
    dict of str to (N_k,) tensor
        By term name, on the system's device.
    """
    c = coefficients.detach()
    size, unknowns = basis.size, system.unknowns
    cells = [_Cell(basis, k) for k in range(basis.subdomains)]
    out = {}
    with torch.no_grad():
        for term in system.terms:
            residual = -term.source.clone()
            for k, rows in enumerate(_term_members(basis, term)):
                if rows.size == 0:
                    continue
                cell = cells[k]
                own = torch.cat(
                    [c[j * size + cell.start : j * size + cell.stop] for j in range(unknowns)]
                )
                # A cell's rows in pieces: a data term of millions of points in one cell
                # would otherwise hold all of them by the cell's columns at once.
                for piece in np.array_split(rows, -(-rows.size // RESIDUAL_ROWS)):
                    index = torch.as_tensor(piece, device=residual.device)
                    residual[index] += term.block(cell, piece.tolist()) @ own
            if basis.constant:
                own = torch.stack([c[j * size + basis.width] for j in range(unknowns)])
                for start in range(0, term.size, RESIDUAL_ROWS):
                    stop = min(start + RESIDUAL_ROWS, term.size)
                    residual[start:stop] += term.block(_Ones(), list(range(start, stop))) @ own
            out[term.name] = residual
    return out


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
    factors, maps, condition = _preconditioned(blocks, rcond)
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


def _preconditioned(blocks: BlockSystem, rcond: float) -> tuple[list, list, float]:
    """Each block's truncated SVD ``A_k = U_k S_k V_k^T``: the orthonormal ``U_k`` and the map
    ``V_k S_k^-1`` back to the block's coefficients (see the module docstring), and the
    largest of the blocks' condition numbers over the singular values kept (inf when no block
    keeps one: rank 0, as the dense solve reports it)."""
    factors, maps, condition = [], [], 0.0
    for block in blocks.blocks:
        u, s, vt = np.linalg.svd(block, full_matrices=False)
        keep = s > rcond * s[0] if s.size and s[0] > 0 else np.zeros(s.shape, bool)
        factors.append(u[:, keep])
        maps.append(vt[keep].T / s[keep])
        if keep.any():
            condition = max(condition, float(s[0] / s[keep][-1]))
    return factors, maps, condition if condition > 0 else math.inf


def chain_span(blocks: BlockSystem, cells: int) -> int:
    """The most cells apart that one row of ``blocks`` touches (0: every row in one cell, 1:
    neighbours at most, which :func:`solve_chain` needs).

    Parameters
    ----------
    blocks : BlockSystem
        Of a local basis cut into ``cells`` along one axis.
    cells : int
    """
    return _spans(blocks, cells)[0]


def _spans(blocks: BlockSystem, cells: int) -> tuple[int, np.ndarray]:
    """:func:`chain_span` and, per row, the first cell it touches ((N,) int64; the last cell
    for a row that touches none)."""
    n = blocks.rows
    first = np.full(n, cells - 1, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    for k in range(cells - 1, -1, -1):
        first[blocks.row_index[k]] = k
        seen[blocks.row_index[k]] = True
    for k in range(cells):
        last[blocks.row_index[k]] = k
    span = int(np.max(last[seen] - first[seen])) if seen.any() else 0
    return span, first


def solve_chain(
    blocks: BlockSystem, cells: int, rcond: float = 1e-13, ridge: float = CHAIN_RIDGE
) -> tuple[np.ndarray, dict]:
    """Solve ``A c ~= b`` of a local basis whose subdomains form a chain, by a banded QR.

    The subdomains of a basis cut along one axis only (``subdomains`` ``"t=K"``, ``"Kx1"``)
    form a chain: a row lies in the support of one subdomain or of two neighbours. With each
    block preconditioned by its truncated SVD (as :func:`solve_block_sparse`), the rows are
    taken in groups, group k holding the rows whose first subdomain is k; group k touches the
    columns of subdomains k and k + 1 and the constant column(s) only. One Householder QR per
    group eliminates subdomain k's columns from its rows and from the rows carried over from
    group k - 1 (at most ``r_k + r_0 + 1`` of them, ``r`` the kept ranks), so the factor is
    block upper bidiagonal with a border of constant columns, and the solve is one back
    substitution. Nothing is iterated: the cost is ``sum_k |group k| (r_k + r_(k+1))^2``, and
    the memory the blocks and that factor, both linear in K at a fixed size per subdomain
    (where LSMR's iterations grow with K, docs/benchmarks.md section 20). Every block's columns
    get ``ridge`` rows (:data:`CHAIN_RIDGE`).

    Parameters
    ----------
    blocks : BlockSystem
        From :func:`assemble_blocks` for a chain of ``cells`` subdomains (their blocks first,
        in order along the cut axis, then the constant columns, if any).
    cells : int
        K, the subdomains.
    rcond : float
        Each block's singular values below ``rcond`` times its largest are dropped.
    ridge : float
        The ridge rows' value (:data:`CHAIN_RIDGE`); with 0, a diagonal block that the overlap
        makes singular stays singular.

    Returns
    -------
    coefficients : (m * size,) float64 array
    info : dict
        ``rank`` (kept columns), ``residual`` (``||A c - b||``), ``stored`` (matrix entries
        held: blocks, their U factors and the banded factor), ``seconds`` (process time of the
        factorizations and the solve), ``condition`` (the largest of the blocks' own condition
        numbers over the singular values kept).

    Raises
    ------
    ValueError
        A row lies in the supports of two subdomains that are not neighbours (not a chain).
    """
    import scipy.linalg

    began = time.process_time()
    factors, maps, condition = _preconditioned(blocks, rcond)
    n = blocks.rows
    border = factors[cells:]  # the constant columns: every row
    if border:
        if any(not np.array_equal(index, np.arange(n)) for index in blocks.row_index[cells:]):
            raise ValueError(
                "the blocks after the subdomains' must be constant columns on every row"
            )
        border_u = np.concatenate(border, axis=1)
    else:
        border_u = np.zeros((n, 0))
    nb = border_u.shape[1]
    span, first = _spans(blocks, cells)
    if span > 1:
        raise ValueError("a row lies in the supports of two subdomains that are not neighbours")
    b = blocks.b

    def part(k: int, rows: np.ndarray) -> np.ndarray:
        """Block k's preconditioned columns at these system rows (zero where it is not)."""
        index = blocks.row_index[k]
        where = np.searchsorted(index, rows)
        inside = (where < index.size) & (index[np.minimum(where, index.size - 1)] == rows)
        out = np.zeros((rows.size, factors[k].shape[1]))
        out[inside] = factors[k][where[inside]]
        return out

    diagonal, upper, edge, right = [], [], [], []
    carry = np.zeros((0, factors[0].shape[1] + nb + 1))  # over [block k | border | b]
    stored = 0
    # The rows of each group, in order (one sort: linear in the rows and in K).
    order = np.argsort(first, kind="stable")
    bounds = np.searchsorted(first[order], np.arange(cells + 1))
    for k in range(cells):
        rows = order[bounds[k] : bounds[k + 1]]
        rk = factors[k].shape[1]
        rn = factors[k + 1].shape[1] if k + 1 < cells else 0
        here = np.concatenate(
            [part(k, rows), part(k + 1, rows) if rn else np.zeros((rows.size, 0)),
             border_u[rows], b[rows, None]], axis=1,
        )  # fmt: skip
        previous = np.concatenate(
            [carry[:, :rk], np.zeros((carry.shape[0], rn)), carry[:, rk:]], axis=1
        )
        damping = np.zeros((rk, here.shape[1]))
        damping[:, :rk] = ridge * np.eye(rk)
        stack = np.concatenate([previous, here, damping], axis=0)
        r = np.linalg.qr(stack, mode="r")
        diagonal.append(r[:rk, :rk])
        upper.append(r[:rk, rk : rk + rn])
        edge.append(r[:rk, rk + rn : rk + rn + nb])
        right.append(r[:rk, -1])
        carry = r[rk:, rk:]  # zero on block k's columns: triangular
        stored += r[:rk].size
    # The border's own rows and what is left of b.
    if nb:
        damping = np.zeros((nb, nb + 1))
        damping[:, :nb] = ridge * np.eye(nb)
        tail = np.linalg.qr(np.concatenate([carry, damping], axis=0), mode="r")
        y_border = scipy.linalg.solve_triangular(tail[:nb, :nb], tail[:nb, -1])
    else:
        y_border = np.zeros(0)
    ys: list[np.ndarray] = [np.zeros(0)] * cells
    following = np.zeros(0)
    for k in range(cells - 1, -1, -1):
        rhs = right[k] - edge[k] @ y_border
        if following.size:
            rhs = rhs - upper[k] @ following
        ys[k] = scipy.linalg.solve_triangular(diagonal[k], rhs)
        following = ys[k]
    total = 1 + max(int(c.max()) for c in blocks.columns)
    coefficients = np.zeros(total)
    for k in range(cells):
        coefficients[blocks.columns[k]] = maps[k] @ ys[k]
    if nb:
        start = 0
        for j, u in enumerate(border):
            width = u.shape[1]
            coefficients[blocks.columns[cells + j]] = (
                maps[cells + j] @ y_border[start : start + width]
            )
            start += width
    seconds = time.process_time() - began
    fitted = border_u @ y_border
    for k in range(cells):
        fitted[blocks.row_index[k]] += factors[k] @ ys[k]
    info = {
        "rank": int(sum(f.shape[1] for f in factors)),
        "residual": float(np.linalg.norm(fitted - b)),
        "stored": blocks.stored + sum(f.size for f in factors) + stored,
        "seconds": seconds,
        "condition": condition,
    }
    return coefficients, info
