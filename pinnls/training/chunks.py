"""The scaled system ``A c ~= b`` at the current parameters, walked in row chunks.

An iteration makes up to three passes over the system: the least-squares solve for ``c``
(LSGD), the loss, and the gradient of ``||A c - b||^2``. There is one path for every size:

- a system of at most ``chunk_size`` rows is a single chunk (every term, stacked). It is
  assembled once, keeping its graph when a gradient step follows, and every pass of the
  iteration reuses it, so an LSGD iteration assembles once;
- a larger system is one chunk per ``chunk_size`` rows, assembled again in each pass (without
  a graph, except in the gradient pass), so memory stays O(chunk_size * width). Without a graph
  the terms' rows are packed in order, a chunk holding the end of one term and the start of the
  next, so that every chunk but the last is full: each chunk costs the TSQR a factorization of
  its rows beside the whole factor so far, which a term of a few hundred rows paid as a chunk of
  its own.

Without a graph a chunk is written in tiles of at most :data:`TILE_ENTRIES` entries on the
CPU, each tile's features, derivatives and operator sum written once into the chunk's own
storage: untiled, each of those was a fresh (n, w) allocation as large as the chunk (a GB at
width 4096), and the widest stages ran 1.26x-1.36x slower (docs/benchmarks.md, section 65).

Across processes (:mod:`~pinnls.training.collectives`, ``share=(rank, world)``) each process
walks its contiguous share of every term's rows the same way; the least-squares factors, the
loss and (in :func:`~pinnls.training.loop.gradient_step`) the gradient are then combined.

A local basis cut along one axis (a chain of subdomains, :func:`chain_cells`) in one process
is never assembled densely for its least-squares solve: only each subdomain's block at the rows
in its support (:func:`~pinnls.numeric.block_sparse.assemble_blocks`), solved by one banded QR
(:func:`~pinnls.numeric.block_sparse.solve_chain`), and the loss at that solution is read from
the same blocks. Memory and time then grow linearly with the subdomains (docs/benchmarks.md
section 33), where the dense system grows as their square. A gradient pass (LSGD with
iterations) still assembles the dense chunks.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import numpy as np
import torch

from pinnls import memory
from pinnls.errors import LeastSquaresError
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis
from pinnls.numeric.block_sparse import assemble_blocks, chain_span, solve_chain
from pinnls.numeric.least_squares import LeastSquaresResult, StreamingLeastSquares
from pinnls.numeric.local import LocalBasis
from pinnls.numeric.waves import Reduction, reduction
from pinnls.settings import Settings
from pinnls.solution import marks
from pinnls.training import collectives

__all__ = ["Chunk", "Chunks", "chain_cells", "CHAIN_RCOND"]

#: Each subdomain block's singular values below this times its largest are dropped by the
#: chain solve when the settings give no ``rcond`` (the banded QR then works on well-conditioned
#: preconditioned blocks; see :func:`~pinnls.numeric.block_sparse.solve_chain`).
CHAIN_RCOND = 1e-13

#: Matrix entries per tile of a chunk assembled without a graph on the CPU (16 MiB in float64,
#: half of the reference machine's 32 MiB L3 cache). Measured on
#: benchmarks/user19/swirl_pulse.py (width 4096, 29,702 rows, one thread, hand runs): the
#: assembly took 27.0 s of the run untiled, 26.8 s in tiles of 128 rows (each tile marches the
#: feet of its points anew), 18.1 s in tiles of 256 and 15.0 s in tiles of 512 (2^21 entries
#: make 511 rows there; docs/benchmarks.md, section 65).
TILE_ENTRIES = 2**21


def _same(kept: torch.Tensor, given: torch.Tensor) -> bool:
    """Whether ``given`` holds the values of ``kept`` (the solve's coefficients, copied: the
    run's own may be changed in place afterwards)."""
    return kept.shape == given.shape and bool(torch.equal(kept, given.detach().to(kept.device)))


def chain_cells(basis, compiled, share: tuple[int, int] = (0, 1), dtype: str = "float64") -> int:
    """K when ``basis`` is a :class:`~pinnls.numeric.local.LocalBasis` of K >= 2 subdomains
    cut along one axis only, one process holds every row, and every row of ``compiled``'s
    terms touches neighbouring cells at most (:func:`pinnls.memory.chain_of`, as the memory
    plan reads it); 0 otherwise (the dense path).

    Parameters
    ----------
    basis : torch.nn.Module
    compiled : CompiledProblem
        The problem whose rows are solved.
    share : (int, int)
        ``(rank, world)`` of the rows.
    dtype : str
        The run's precision (the cells a point lies in are read in it).
    """
    if not isinstance(basis, LocalBasis) or share[1] != 1:
        return 0
    return memory.chain_of(compiled, [int(c) for c in basis.counts], dtype)


@dataclasses.dataclass(frozen=True)
class Chunk:
    """Consecutive rows of the scaled system.

    Attributes
    ----------
    parts : tuple of (str, int)
        The terms the rows belong to, in order, with their number of rows here.
    A : (n, m * size) tensor, or (n, reduced.columns)
    b : (n,) tensor
    reduced : Reduction or None
    """

    parts: tuple[tuple[str, int], ...]
    A: torch.Tensor
    b: torch.Tensor
    #: The system's plane waves one column each (:mod:`pinnls.numeric.waves`): ``A``'s
    #: columns are then ``reduced.columns``, not ``m * size``.
    reduced: Reduction | None = None


class Chunks:
    """The passes of one iteration over the system at the basis's current parameters.

    Parameters
    ----------
    system : System
    basis : Basis
    chunk_size : int
        Rows per chunk; a system with at most this many rows is one chunk.
    graph : bool
        Whether a gradient pass (:meth:`backward`) is expected; a single chunk then keeps its
        graph from its one assembly.
    share : (int, int)
        ``(rank, world)``: this process walks rows ``[n * rank // world, n * (rank + 1) //
        world)`` of every term of n rows; ``(0, 1)`` is the whole system.
    chain : int
        K, when the least squares is solved as a chain of K cells (:func:`chain_cells`, which
        the run reads once); 0: the dense path.
    """

    def __init__(
        self,
        system: System,
        basis: Basis,
        chunk_size: int,
        graph: bool,
        share: tuple[int, int] = (0, 1),
        chain: int = 0,
    ) -> None:
        self.system = system
        self.chain = chain
        self.basis = basis
        self.chunk_size = chunk_size
        self.graph = graph
        self.share = share
        self.rows = sum(r.stop - r.start for r in map(self.rows_of, system.terms))
        self.single = self.rows <= chunk_size
        self._kept: Chunk | None = None
        self._kept_residual: tuple[torch.Tensor, torch.Tensor] | None = None
        #: The chain solve's blocks and the coefficients it returned (:meth:`losses` reads the
        #: loss at them from the blocks).
        self._chain: tuple | None = None
        #: The last :meth:`losses` in one process on the dense path: the coefficients, the
        #: basis's :func:`marks` then and each term's scaled residual rows (:meth:`measured`
        #: joins them); None otherwise. The result files store these residuals, and assembling
        #: the system again to get them took 25 s of a 45 s write (width 3072 on three axes,
        #: aligned features).
        self._measured: tuple[torch.Tensor, tuple, dict[str, list[torch.Tensor]]] | None = None
        #: :meth:`_reduction`'s answer once read (False: not yet), and the full and reduced
        #: coefficients last read (the solve's, or contracted), by which the loss reads the
        #: reduced rows.
        self._reduced: Reduction | None | bool = False
        self._solved: tuple[torch.Tensor, torch.Tensor] | None = None

    def least_squares(self, settings: Settings) -> LeastSquaresResult:
        """``min_c ||A c - b||`` over all chunks (TSQR or Gram accumulation).

        Raises
        ------
        SolverError
            NaN or Inf in the system, or a Tikhonov solve that never succeeded.
        """
        like = self.system.terms[0].source  # the system's dtype and device
        if self.chain and settings.least_squares == "cod":
            result = self._solve_chain(self.chain, settings, like)
            if result is not None:
                return result
        reduced = self._reduction()
        solver = StreamingLeastSquares(
            self.basis.size * self.system.unknowns if reduced is None else reduced.columns,
            settings.least_squares,
            settings.rcond,
            settings.tikhonov,
            dtype=like.dtype,
            device=like.device,
        )
        for chunk in self._chunks(graph=False):
            solver.add(chunk.A.detach(), chunk.b)
        if self.share[1] == 1:
            result = solver.solve()
        else:
            solver.combine()
            result = collectives.agree_result(solver.solve())
        if reduced is None:
            return result
        full = reduced.expand(result.coefficients)
        self._solved = (full.detach().clone(), result.coefficients.detach().clone())
        return dataclasses.replace(result, coefficients=full, columns=reduced.columns)

    def _reduction(self) -> Reduction | None:
        """A system's plane waves, one column each (:mod:`pinnls.numeric.waves`), which the
        chunks are then assembled in; the same in every process, read from the same basis.
        Not where a gradient step follows (c is then optimal in every column, as LSGD's step
        on the hidden layers assumes), and not once a loss was asked at coefficients that
        are no expansion of reduced ones (:meth:`_full_rows_for`)."""
        if self._reduced is False:
            self._reduced = None
            if self.system.unknowns > 2 and not self.graph:
                self._reduced = reduction(self.system.compiled, self.basis)
        return self._reduced

    def _coefficients(self, chunk: Chunk, coefficients: torch.Tensor) -> torch.Tensor:
        """The coefficients of ``chunk``'s columns: ``coefficients`` (m * size,) themselves,
        or for reduced rows the reduced ones whose expansion they are (the last solve's, or
        :meth:`_full_rows_for`'s)."""
        if chunk.reduced is None:
            return coefficients
        # every pass over reduced rows (the loss's) read them first: _full_rows_for
        if self._solved is None or not _same(self._solved[0], coefficients):
            raise ValueError("reduced rows read at coefficients that were not contracted")
        return self._solved[1]

    def _full_rows_for(self, coefficients: torch.Tensor) -> None:
        """Read ``coefficients`` for the reduced rows (:meth:`~pinnls.numeric.waves.
        Reduction.contract`), or give those rows up where they are no expansion of reduced
        ones (an optimizer's, not the last solve's): the passes then assemble the full rows."""
        reduced = self._reduction()
        if reduced is None:
            return
        if self._solved is not None and _same(self._solved[0], coefficients):
            return
        contracted = reduced.contract(coefficients)
        if contracted is None:
            self._reduced, self._kept, self._kept_residual = None, None, None
        else:
            self._solved = (coefficients.detach().clone(), contracted)

    def _solve_chain(self, cells: int, settings: Settings, like) -> LeastSquaresResult | None:
        """The least-squares solve of a chain of subdomains from its blocks (module docstring);
        None, for the dense path, where a row touches two cells that are not neighbours after
        all (a safety net: the run planned the chain by :func:`pinnls.memory.rows_apart`, which
        reads the cells as the blocks do, and the tests found no case where the two disagree).

        ``condition`` is the largest of the subdomain blocks' own (over the singular values
        kept): the banded QR works on the preconditioned blocks and forms no global one.
        """
        with torch.no_grad():
            blocks = assemble_blocks(self.system, self.basis)
        if chain_span(blocks, cells) > 1:
            return None
        if (
            not all(np.isfinite(block).all() for block in blocks.blocks)
            or not np.isfinite(blocks.b).all()
        ):
            raise LeastSquaresError("the least-squares system holds NaN or Inf")
        rcond = settings.rcond if settings.rcond is not None else CHAIN_RCOND
        values, info = solve_chain(blocks, cells, rcond=rcond)
        coefficients = torch.as_tensor(values, dtype=like.dtype, device=like.device)
        self._chain = (blocks, coefficients.clone())
        return LeastSquaresResult(
            coefficients, int(info["rank"]), info["condition"], float(info["residual"])
        )

    def _chain_losses(self, coefficients: torch.Tensor):
        """The per-term squared residuals at the chain solve's coefficients, from its blocks;
        None for other coefficients."""
        if self._chain is None or not _same(self._chain[1], coefficients):
            return None
        blocks = self._chain[0]
        c = coefficients.detach().cpu().numpy()
        residual = -blocks.b.astype(np.float64)
        for index, block, columns in zip(
            blocks.row_index, blocks.blocks, blocks.columns, strict=True
        ):
            if index.size:
                residual[index] += block @ c[columns]
        terms, start = {}, 0
        for term in self.system.terms:
            terms[term.name] = float(np.square(residual[start : start + term.size]).sum())
            start += term.size
        return float(np.square(residual).sum()), terms

    def losses(self, coefficients: torch.Tensor) -> tuple[float, dict[str, float]]:
        """The loss ``||A c - b||^2`` and its split by term (``eps_k mean |L_k[NN] - f_k|^2``).

        Parameters
        ----------
        coefficients : (m * size,) tensor
        """
        from_blocks = self._chain_losses(coefficients)
        if from_blocks is not None:
            return from_blocks
        self._full_rows_for(coefficients)
        total, terms = 0.0, dict.fromkeys((t.name for t in self.system.terms), 0.0)
        parts: dict[str, list[torch.Tensor]] = {name: [] for name in terms}
        for chunk in self._chunks(graph=False):
            residual = self._residual(chunk, coefficients).detach()
            total += float(residual.square().sum())
            start = 0
            for name, rows in chunk.parts:
                part = residual[start : start + rows]
                terms[name] += float(part.square().sum())
                parts[name].append(part)
                start += rows
        self._measured = None
        if self.share[1] == 1:
            self._measured = (coefficients.detach().clone(), marks(self.basis), parts)
        if self.share[1] > 1:
            total, *values = collectives.sum_values([total, *terms.values()])
            terms = dict(zip(terms, values, strict=True))
        return total, terms

    def measured(self, coefficients: torch.Tensor) -> dict[str, np.ndarray] | None:
        """Per term, the residual ``L_k[NN] - f_k`` (n,) float64, unweighted, that the last
        :meth:`losses` measured, if it measured at ``coefficients`` and at the basis as it is
        now (its parameters and buffers untouched since: :func:`marks`); else None.

        Parameters
        ----------
        coefficients : (m * size,) tensor
        """
        if self._measured is None:
            return None
        at, basis_marks, parts = self._measured
        if basis_marks != marks(self.basis) or not _same(at, coefficients):
            return None
        # each term's scaled rows, joined in order and divided by its scale sqrt(weight / n)
        # (positive: weights are)
        return {
            term.name: (
                (torch.cat(parts[term.name]) if parts[term.name] else at.new_zeros(0)) / term.scale
            )
            .cpu()
            .double()
            .numpy()
            for term in self.system.terms
        }

    def backward(self, coefficients: torch.Tensor) -> None:
        """Accumulate the gradient of ``||A c - b||^2`` into every parameter that requires one
        (the hidden layers, and ``c`` when it is a parameter itself).

        Parameters
        ----------
        coefficients : (m * size,) tensor
        """
        for chunk in self._chunks(graph=True):
            self._residual(chunk, coefficients).square().sum().backward()
        self._kept_residual = None  # backward has freed its graph

    def _residual(self, chunk: Chunk, coefficients: torch.Tensor) -> torch.Tensor:
        """``A c - b`` of a chunk; the kept chunk's is computed once per ``c``, with its graph,
        and serves both the loss and the gradient pass."""
        c = self._coefficients(chunk, coefficients)
        if chunk is not self._kept:
            with torch.set_grad_enabled(chunk.A.requires_grad):
                return chunk.A @ c - chunk.b
        if self._kept_residual is None or self._kept_residual[0] is not coefficients:
            self._kept_residual = (coefficients, chunk.A @ c - chunk.b)
        return self._kept_residual[1]

    def rows_of(self, term) -> slice:
        """This process's rows of a term (all of them in one process)."""
        rank, world = self.share
        return slice(term.size * rank // world, term.size * (rank + 1) // world)

    def _chunks(self, graph: bool) -> Iterator[Chunk]:
        # A gradient pass differentiates the full rows; the other passes read the reduced ones
        # where there are (none where a gradient step follows, :meth:`_reduction`).
        reduced = None if graph else self._reduction()
        if not self.single:
            yield from self._assemble(graph, reduced)
            return
        kept = self._kept
        if kept is None or (graph and not kept.A.requires_grad) or kept.reduced is not reduced:
            pieces = list(self._assemble(graph or self.graph, reduced))
            if not pieces:  # no rows here (more processes than rows of some terms)
                return
            if len(pieces) == 1:
                self._kept = pieces[0]
            else:
                self._kept = Chunk(
                    tuple(part for piece in pieces for part in piece.parts),
                    torch.cat([piece.A for piece in pieces]),
                    torch.cat([piece.b for piece in pieces]),
                    reduced,
                )
            self._kept_residual = None
        yield self._kept

    def _assemble(self, graph: bool, reduced: Reduction | None = None) -> Iterator[Chunk]:
        if not graph:
            yield from self._packed(reduced)
            return
        for term in self.system.terms:
            share = self.rows_of(term)
            for start in range(share.start, share.stop, self.chunk_size):
                rows = slice(start, min(start + self.chunk_size, share.stop))
                # Not around the yield: the caller's code must run in its own grad mode.
                with torch.set_grad_enabled(graph):
                    A = term.scale * term.block(self.basis, rows, reduced)
                yield Chunk(
                    ((term.name, rows.stop - rows.start),),
                    A,
                    term.scale * term.source[rows],
                    reduced,
                )

    def _packed(self, reduced: Reduction | None) -> Iterator[Chunk]:
        """The chunks without a graph: every term's rows in order, packed ``chunk_size`` to a
        chunk, each written tile by tile into its own storage (module docstring)."""
        like = self.system.terms[0].source
        columns = self.basis.size * self.system.unknowns if reduced is None else reduced.columns
        # On a GPU one tile per term's rows in the chunk: its caching allocator keeps the
        # blocks it frees (not measured: no GPU was lent when the tiles were chosen).
        tile = max(1, TILE_ENTRIES // max(columns, 1)) if like.device.type == "cpu" else None
        left = self.rows
        A = b = None
        parts: list[tuple[str, int]] = []
        filled = 0
        for term in self.system.terms:
            share = self.rows_of(term)
            start = share.start
            while start < share.stop:
                if A is None:
                    size = min(self.chunk_size, left)
                    A = like.new_empty(size, columns)
                    b = like.new_empty(size)
                    parts, filled = [], 0
                take = min(share.stop - start, A.shape[0] - filled)
                step = take if tile is None else tile
                with torch.no_grad():
                    for first in range(0, take, step):
                        count = min(step, take - first)
                        rows = slice(start + first, start + first + count)
                        at = filled + first
                        torch.mul(
                            term.block(self.basis, rows, reduced),
                            term.scale,
                            out=A[at : at + count],
                        )
                    b[filled : filled + take] = term.scale * term.source[start : start + take]
                parts.append((term.name, take))
                filled += take
                start += take
                left -= take
                if filled == A.shape[0]:
                    yield Chunk(tuple(parts), A, b, reduced)
                    A = b = None
