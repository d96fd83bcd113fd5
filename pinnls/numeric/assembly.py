"""Assemble the weighted least-squares system ``A c ~= b`` from compiled terms and a basis.

For term k with points X_k, weight eps_k and operator ``L_k = sum_p a_p(x) D^alpha_p u(x'_p)``:

    A_k[i, j] = sum_p a_p(x_i) D^alpha_p Phi_j(x'_p,i),      b_k[i] = f_k(x_i),

and the stacked system scales each block by ``s_k = sqrt(eps_k / N_k)``, so that
``||A c - b||^2`` is exactly the loss ``sum_k eps_k mean_{X_k} |L_k[NN] - f_k|^2``.

A system of m unknowns shares the basis: unknown j is ``Phi c^(j)``, the coefficients are the
blocks ``c = [c^(1); ...; c^(m)]`` and each term's rows are ``[A_k^(1) | ... | A_k^(m)]``, where
``A_k^(j)`` sums the parts that apply unknown j (zero for an unknown the term does not apply).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterator

import numpy as np
import torch

from pinnls.numeric import local
from pinnls.numeric.basis import (
    basis_derivatives,
    directional_derivative,
    feet_operator_columns,
    has_closed_form,
    has_feet_closed_form,
    operator_columns,
)
from pinnls.operators import (
    FLOAT32_REACH,
    INTERFACE_REACH,
    INTERFACE_REACH_FLOAT32,
    CompiledProblem,
    CompiledTerm,
)

__all__ = ["TermSystem", "System"]


@dataclasses.dataclass
class _Group:
    """The parts of a term that share one point map: one pass serves them all.

    A one-hidden-layer basis takes all of ``parts`` in one closed-form pass
    (:func:`~pinnls.numeric.basis.operator_columns`). For the forward-mode path, zeroth-order
    parts collapse into one coefficient, first-order parts into one direction field (a single
    directional derivative, see :func:`~pinnls.numeric.basis.directional_derivative`); higher
    orders are taken one multi-index at a time.
    """

    points: torch.Tensor  # (n, d) mapped points
    value: torch.Tensor | float | None = None  # coefficient of Phi
    direction: torch.Tensor | None = None  # (n, d) coefficients of the first derivatives
    higher: list[tuple[tuple[int, ...], torch.Tensor | float]] = dataclasses.field(
        default_factory=list
    )
    parts: list[tuple[tuple[int, ...], torch.Tensor | float]] = dataclasses.field(
        default_factory=list
    )

    def add(self, alpha: tuple[int, ...], coefficient: torch.Tensor | float) -> None:
        self.parts.append((alpha, coefficient))
        order = sum(alpha)
        if order == 0:
            self.value = coefficient if self.value is None else self.value + coefficient
        elif order == 1:
            if self.direction is None:
                self.direction = torch.zeros_like(self.points)
            self.direction[:, alpha.index(1)] += coefficient
        else:
            self.higher.append((alpha, coefficient))


class TermSystem:
    """One term's operator, points and source as tensors on the solve's device.

    Parameters
    ----------
    term : CompiledTerm
    dtype : torch.dtype
    device : torch.device
    unknowns : int
        The number of unknowns m: ``block`` has m column blocks.
    """

    def __init__(
        self, term: CompiledTerm, dtype: torch.dtype, device: torch.device, unknowns: int = 1
    ) -> None:
        self.term = term
        self.name = term.name
        self.size = term.size
        self.unknowns = int(unknowns)
        self.scale = math.sqrt(term.weight / term.size)

        def tensor(array: np.ndarray) -> torch.Tensor:
            return torch.as_tensor(np.ascontiguousarray(array), dtype=dtype, device=device)

        # One group per (unknown, point map): each unknown's first-order parts at one point map
        # still collapse into a single directional pass.
        groups: dict[tuple, _Group] = {}
        points: dict[tuple, torch.Tensor] = {}
        for part, coefficient in zip(term.parts, term.coefficients()):
            if part.fixed not in points:
                points[part.fixed] = tensor(part.evaluation_points(term.points))
            key = (part.unknown, part.fixed)
            if key not in groups:
                groups[key] = _Group(points[part.fixed])
            # A constant coefficient stays a Python number: no (n,) multiply per iteration.
            constant = coefficient.size and np.all(coefficient == coefficient[0])
            groups[key].add(
                part.derivative, float(coefficient[0]) if constant else tensor(coefficient)
            )
        self.by_unknown: dict[int, list[_Group]] = {}
        for (unknown, _), group in groups.items():
            self.by_unknown.setdefault(unknown, []).append(group)
        self.source = tensor(term.source)

    def block(self, basis, rows: slice | None = None, reduced=None) -> torch.Tensor:
        """``A_k`` (unscaled) for some rows: ``L_k[Phi_j](x_i)``, shape (n_rows, m * size)
        (m = ``unknowns``; unknown j's columns are ``j * size ... (j + 1) * size - 1``); with
        ``reduced`` (a :class:`~pinnls.numeric.waves.Reduction` of ``basis``), its columns,
        shape (n_rows, ``reduced.columns``), combined from each unknown's block without the
        full rows.

        It stays differentiable with respect to the basis parameters.
        """
        rows = rows or slice(None)
        if reduced is not None:
            return reduced.combine(
                (j, self._unknown_block(basis, self.by_unknown[j], rows))
                for j in sorted(self.by_unknown)
            )
        blocks = self._blocks(basis, rows)
        if self.unknowns == 1:
            return blocks[0]
        # An unknown the term does not apply gets zero columns (every term applies one).
        like = next(block for block in blocks if block is not None)
        return torch.cat([torch.zeros_like(like) if b is None else b for b in blocks], dim=1)

    def apply(self, basis, coefficients: torch.Tensor, rows: slice | None = None) -> torch.Tensor:
        """``L_k[NN](x_i)`` for some rows, ``NN = basis @ coefficients``: the same as
        ``block(basis, rows) @ coefficients``, with each unknown's block times its own
        coefficients (a system's term applies a few of its unknowns: no zero blocks, no
        concatenated rows).

        Parameters
        ----------
        basis : Basis
        coefficients : (m * size,) tensor
        rows : slice, optional

        Returns
        -------
        (n_rows,) tensor
        """
        rows = rows or slice(None)
        size = coefficients.numel() // self.unknowns
        total = None
        for j in sorted(self.by_unknown):  # one unknown's block held at a time
            block = self._unknown_block(basis, self.by_unknown[j], rows)
            value = block @ coefficients[j * size : (j + 1) * size]
            total = value if total is None else total + value
        return total

    def _blocks(self, basis, rows: slice) -> list[torch.Tensor | None]:
        """Each unknown's (n_rows, size) block, None for an unknown the term does not apply."""
        return [
            self._unknown_block(basis, self.by_unknown[j], rows) if j in self.by_unknown else None
            for j in range(self.unknowns)
        ]

    @staticmethod
    def _unknown_block(basis, groups: list[_Group], rows: slice) -> torch.Tensor:
        """The sum over ``groups`` (one unknown's parts), shape (n_rows, size)."""
        order = max((sum(alpha) for group in groups for alpha, _ in group.parts), default=0)
        columns = (
            operator_columns
            if has_closed_form(basis)
            # On the feet, first-order operators stay with the directional pass below: one
            # march along the operator's whole direction, where the closed form marches once
            # per axis (rotation_2d, first order: 75 s against 63 s for the same stages).
            else feet_operator_columns
            if order == 2 and has_feet_closed_form(basis, order)
            else local.operator_columns
            if local.has_local_closed_form(basis, order)
            else None
        )
        if columns is not None:
            total = None
            for group in groups:
                parts = [
                    (alpha, c[rows] if isinstance(c, torch.Tensor) else c)
                    for alpha, c in group.parts
                ]
                block = columns(basis, group.points[rows], parts)
                if total is None:
                    total = block
                elif total.requires_grad or block.requires_grad:
                    total = total + block
                else:
                    total += block  # no graph: spare a fresh (n, size) block
            return total
        total = None
        for group in groups:
            x = group.points[rows]
            values = None
            if group.direction is not None:
                values, contribution = directional_derivative(basis, x, group.direction[rows])
                total = _accumulate(total, contribution, 1.0, rows)
            if group.higher:
                alphas = [alpha for alpha, _ in group.higher]
                blocks = basis_derivatives(basis, x, alphas)
                for alpha, coefficient in group.higher:
                    total = _accumulate(total, blocks[alpha], coefficient, rows)
            if group.value is not None:
                if values is None:
                    values = basis(x)
                total = _accumulate(total, values, group.value, rows)
        return total

    def chunks(self, chunk_size: int) -> Iterator[slice]:
        """Row slices of at most ``chunk_size`` rows."""
        for start in range(0, self.size, chunk_size):
            yield slice(start, min(start + chunk_size, self.size))


class System:
    """The stacked, weighted system of all terms of a compiled problem.

    Parameters
    ----------
    compiled : CompiledProblem
    dtype : torch.dtype
    device : torch.device
    """

    def __init__(self, compiled: CompiledProblem, dtype: torch.dtype, device) -> None:
        self.compiled = compiled  # as given (the least squares reads its characteristics)
        # rows on a jump of a transport's data ask for a value that rounding chose
        compiled = compiled.off_jumps(FLOAT32_REACH if dtype == torch.float32 else 1e-9)
        # an interface's rows read each side's cell a little off the plane (Basis.set_cells)
        compiled = compiled.sided(
            INTERFACE_REACH_FLOAT32 if dtype == torch.float32 else INTERFACE_REACH,
            torch.finfo(dtype).eps,
        )
        count = compiled.unknown_count
        self.terms = [TermSystem(t, dtype, torch.device(device), count) for t in compiled.terms]
        self.rows = sum(t.size for t in self.terms)
        self.unknowns = count

    def assemble(self, basis) -> tuple[torch.Tensor, torch.Tensor]:
        """The whole scaled system at once.

        Returns
        -------
        A : (N, size) tensor, differentiable with respect to the basis parameters
        b : (N,) tensor
        """
        blocks = [t.scale * t.block(basis) for t in self.terms]
        sources = [t.scale * t.source for t in self.terms]
        return torch.cat(blocks), torch.cat(sources)

    def chunks(
        self, basis, chunk_size: int
    ) -> Iterator[tuple[TermSystem, torch.Tensor, torch.Tensor]]:
        """Scaled row chunks ``(term, A_chunk, b_chunk)``, at most ``chunk_size`` rows each."""
        for term in self.terms:
            for rows in term.chunks(chunk_size):
                yield term, term.scale * term.block(basis, rows), term.scale * term.source[rows]

    def term_losses(self, residual: torch.Tensor) -> dict[str, float]:
        """Split ``||A c - b||^2`` by term: ``eps_k mean |L_k[NN] - f_k|^2`` for each k.

        Parameters
        ----------
        residual : (N,) tensor
            ``A c - b`` of the scaled system.
        """
        out, start = {}, 0
        for term in self.terms:
            out[term.name] = float(residual[start : start + term.size].square().sum())
            start += term.size
        return out


def _accumulate(total, block: torch.Tensor, coefficient, rows: slice) -> torch.Tensor:
    """``total + coefficient * block`` with the coefficient a number or an (n,) tensor."""
    if isinstance(coefficient, torch.Tensor):
        block = coefficient[rows, None] * block
    elif coefficient != 1.0:
        block = coefficient * block
    return block if total is None else total + block
