"""One least-squares column per plane wave of a hyperbolic system.

A system's basis gives each feature ``Phi_j`` one column per unknown, ``m`` in all, and the
least squares mixes them freely. Where the feature is a plane wave of a first-order system with
constant coefficients, ``Phi_j = sigma(W_j . x + b_j)`` with ``det(sum_k W_jk A_k) = 0``, only
one mix solves the equations: ``r_j Phi_j``, with ``r_j`` the null vector of
``M_j = sum_k W_jk A_k`` (the family's vector). Every other mix leaves a residual that the
interior rows must remove. So where the equations have no term of order 0 and no source (the
homogeneous system), the least squares may solve for
one coefficient per wave, ``u = sum_j c_j r_j Phi_j + ...``, and lose nothing it could have
kept. The system has ``w + m`` columns instead of ``m (w + 1)``: a QR of ``R C^2`` work costs
about ``1 / m^2`` of the full one (measured in docs/benchmarks.md, section 50).

:func:`reducible` says whether a problem qualifies (the plan reads it); :func:`reduction` reads
a basis's waves and returns the :class:`Reduction` that :class:`~pinnls.training.chunks.Chunks`
applies to its rows and undoes on the solution, so every other part of pinnls (validation,
writers, checkpoints) sees the ``m (w + 1)`` coefficients as before.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import torch

from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import aligned_rows
from pinnls.operators import CompiledProblem, wave_axis

__all__ = [
    "Reduction",
    "reducible",
    "reduction",
    "simple_speeds",
    "solved_columns",
    "WAVE_NULL",
    "WAVE_SIMPLE",
]

#: A feature is a plane wave when the smallest singular value of its ``M_j`` is at most this
#: fraction of the largest (the waves are drawn exactly on the roots: about 1e-16 measured;
#: float32 weights, 100 times their rounding).
WAVE_NULL = 1e-10
#: ...and its family is simple: the second smallest is at least this fraction of the largest
#: (a double root, whose waves have two vectors, keeps its m columns).
WAVE_SIMPLE = 1e-6
#: An equation's data count as zero below this fraction of the largest condition's data (what
#: a particular solution leaves is rounding).
ZERO_SOURCE = 1e-12


@dataclasses.dataclass(frozen=True)
class Reduction:
    """The columns of a system's least squares with one per plane wave.

    Attributes
    ----------
    size : int
        Columns per unknown in the full system (the basis size, w + 1 with a constant).
    unknowns : int
        m.
    waves : (n,) long tensor
        The features solved as waves (indices into one unknown's block).
    vectors : (n, m) tensor
        Each wave's family vector ``r_j`` (unit length).
    kept : (m * k,) long tensor
        The full system's columns kept as they are (the other features' m columns each, and
        the constant's): unknown by unknown, the same k features of each.
    first : int
        ``waves[0]`` (0 without waves), read on the host once.
    contiguous : bool
        Whether the waves are the run ``first ... first + n - 1`` (every feature aligned):
        their columns are then a view of each block, not a gathered copy.
    """

    size: int
    unknowns: int
    waves: torch.Tensor
    vectors: torch.Tensor
    kept: torch.Tensor
    first: int = 0
    contiguous: bool = False

    def __post_init__(self) -> None:
        if self.kept.numel() % self.unknowns:
            raise ValueError("kept columns must be the same features of every unknown")

    @property
    def columns(self) -> int:
        """The reduced system's columns: one per wave, then the kept ones."""
        return int(self.waves.numel() + self.kept.numel())

    def combine(self, blocks: Iterable[tuple[int, torch.Tensor]]) -> torch.Tensor:
        """The reduced rows straight from a term's per-unknown blocks, without the full
        ``(rows, m * size)`` rows: each wave's column is its m columns there, weighted by
        its vector, and the kept columns follow (an unknown the term does not apply is a
        zero block; tests/test_waves.py reduces the full rows the same way). A
        stage of waves alone then writes ``w + m`` columns per row, not ``m (w + 1)``, and
        no zero blocks (a condition on one unknown of five wrote four of them); one
        unknown's block is held at a time.

        Parameters
        ----------
        blocks : iterable of (int, (rows, size) tensor)
            Unknown ``u`` and its block ``L_k[Phi](x_i)``; at least one.

        Returns
        -------
        (rows, columns) tensor
        """
        count, first = self.waves.numel(), self.first
        others = self.kept.numel() // self.unknowns  # each unknown's kept columns, in order
        out = None
        for u, block in blocks:
            if out is None:
                out = block.new_zeros(block.shape[0], self.columns)
            picked = block[:, first : first + count] if self.contiguous else block[:, self.waves]
            out[:, :count].addcmul_(picked, self.vectors[:, u])
            if others:
                out[:, count + u * others : count + (u + 1) * others] = block[:, self.kept[:others]]
        if out is None:
            raise ValueError("combine needs at least one unknown's block")
        return out

    def contract(self, c: torch.Tensor) -> torch.Tensor | None:
        """The reduced coefficients whose :meth:`expand` is ``c``, or None where ``c`` is no
        such expansion (a wave's m coefficients not along its vector, to rounding).

        Parameters
        ----------
        c : (m * size,) tensor

        Returns
        -------
        (columns,) tensor or None
        """
        c = c.detach()
        blocks = c.view(self.unknowns, self.size)
        waves = (blocks[:, self.waves] * self.vectors.T).sum(dim=0)  # the vectors are unit
        reduced = torch.cat([waves, c[self.kept]])
        scale = float(c.abs().max()) if c.numel() else 0.0
        # an expansion comes back to its dtype's rounding (1e-13 of the largest in float64)
        tolerance = 1e3 * torch.finfo(c.dtype).eps * max(scale, 1e-300)
        if not torch.allclose(self.expand(reduced), c, rtol=0.0, atol=tolerance):
            return None
        return reduced

    def expand(self, c: torch.Tensor) -> torch.Tensor:
        """``(columns,)`` reduced coefficients to the full system's ``(m * size,)``."""
        full = torch.zeros(self.unknowns * self.size, dtype=c.dtype, device=c.device)
        count = self.waves.numel()
        blocks = full.view(self.unknowns, self.size)
        blocks[:, self.waves] = (self.vectors * c[:count, None]).T
        full[self.kept] = c[count:]
        return full


def reducible(compiled: CompiledProblem) -> bool:
    """Whether ``compiled``'s aligned features may be solved one column per wave: a first-order
    hyperbolic system of three unknowns or more (characteristics ``"waves"``) whose matrices are
    the same all over the box, with a simple speed (:func:`simple_speeds`), whose equations have
    no term of order 0 and zero data, and with no data term (the uncertainty of a fit to
    noisy data factors the full columns, pinnls.training.inverse)."""
    found = compiled.characteristics()
    if found is None or found[0] != "waves" or compiled.constant_characteristic() is None:
        return False
    equations = [term for term in compiled.terms if term.kind == "equation"]
    if not equations or any(term.kind == "data" for term in compiled.terms):
        return False
    if not any(simple_speeds(compiled)):
        return False
    if any(sum(part.derivative) != 1 for term in equations for part in term.parts):
        return False
    data = [float(np.abs(term.source).max(initial=0.0)) for term in compiled.terms]
    largest = max(data, default=0.0)
    sources = [float(np.abs(term.source).max(initial=0.0)) for term in equations]
    return max(sources) <= ZERO_SOURCE * largest if largest > 0 else True


def simple_speeds(compiled: CompiledProblem) -> tuple[bool, ...]:
    """Which of a ``"waves"`` system's speeds, in ascending order with repeats, are simple,
    across a seeded random direction: the aligned rows take them in turn
    (:func:`pinnls.numeric.initialization._on_waves`), and a wave of a repeated speed has two
    vectors or more, so it keeps its m columns. 2-D acoustics: -c, 0, c, all simple; 3-D
    acoustics: -c, 0, 0, c, the middle two not. Empty where there is no such system."""
    matrices = _matrices(compiled)
    if matrices is None:
        return ()
    matrices = matrices[None]  # (1, d, m, m), as wave_axis reads points
    axis = wave_axis(matrices)
    if axis is None:
        return ()
    direction = np.random.default_rng(0).normal(size=compiled.dim)
    direction[axis] = 0.0
    across = np.einsum("k,kij->ij", direction, matrices[0])
    speeds = np.linalg.eigvals(np.linalg.solve(matrices[0, axis], across))
    if np.abs(speeds.imag).max() > 1e-9 * max(np.abs(speeds).max(), 1e-300):
        return ()
    speeds = np.sort(speeds.real)
    gap = 1e-6 * max(np.abs(speeds).max(), 1e-300)
    return tuple(bool(np.all(np.abs(np.delete(speeds, i) - s) > gap)) for i, s in enumerate(speeds))


def solved_columns(
    compiled: CompiledProblem,
    width: int,
    fraction: float,
    constant: bool = True,
    speeds: tuple[bool, ...] | None = None,
) -> int | None:
    """The least squares' columns of one plain hidden layer of ``width`` features, ``fraction``
    of them aligned, whose system's plane waves are solved one column each (:func:`reduction`):
    each wave of a simple speed one column, every other feature its m columns, and the
    constant m. None where none is (no aligned feature, or no simple speed).

    The aligned rows (:func:`~pinnls.numeric.initialization.aligned_rows`) take the speeds in
    turn, as :func:`pinnls.numeric.initialization._on_waves` draws them; a wave of a repeated
    speed keeps its m columns. Whether the system is :func:`reducible` at all is the caller's
    to ask (with the basis that the settings build).

    Parameters
    ----------
    compiled : CompiledProblem
    width : int
        The layer's features.
    fraction : float in [0, 1]
        Their aligned share.
    constant : bool
        Whether the basis carries a constant column per unknown.
    speeds : tuple of bool, optional
        :func:`simple_speeds`, when the caller has read them already.

    Returns
    -------
    int or None
    """
    simple = simple_speeds(compiled) if speeds is None else speeds
    if not fraction or not any(simple):
        return None
    m = compiled.unknown_count
    aligned = int(aligned_rows(width, float(fraction)).sum())
    waves = sum(simple[i % len(simple)] for i in range(aligned))
    return waves + m * (width - waves) + (m if constant else 0)


def _matrices(compiled: CompiledProblem) -> np.ndarray | None:
    """A ``"waves"`` system's matrices ``A_k`` at the box's centre, (d, m, m) (constant where
    :func:`reducible` holds); None for other characteristics."""
    found = compiled.characteristics()
    if found is None or found[0] != "waves":
        return None
    centre = (np.asarray(compiled.lower) + np.asarray(compiled.upper))[None, :] / 2
    return np.asarray(found[1](centre))[0]


def reduction(compiled: CompiledProblem, basis) -> Reduction | None:
    """The :class:`Reduction` of ``basis``'s plane waves on ``compiled``, or None where
    :func:`reducible` says no, the basis is not one plain hidden layer on the coordinates
    (a local basis, a deeper network, feet or envelopes), or none of its features is a wave.

    Parameters
    ----------
    compiled : CompiledProblem
    basis : Basis
    """
    if type(basis) is not Basis or basis.depth != 1 or basis.foot is not None:
        return None
    if getattr(basis, "envelope_weight", None) is not None or not reducible(compiled):
        return None
    m = compiled.unknown_count
    matrices = torch.as_tensor(_matrices(compiled), dtype=torch.float64)  # (d, m, m)
    weight = basis.layers[0].weight.detach().to(device="cpu", dtype=torch.float64)
    # The layer reads (x - lower) / scale: its rows in physical coordinates.
    rows = weight / basis.scale.detach().to(device="cpu", dtype=torch.float64)[None, :]
    _, values, right = torch.linalg.svd(torch.einsum("jk,kab->jab", rows, matrices))
    largest = values[:, 0].clamp_min(torch.finfo(torch.float64).tiny)
    # float32 weights sit on the roots to their own rounding only
    null = max(WAVE_NULL, 100 * torch.finfo(basis.layers[0].weight.dtype).eps)
    wave = (values[:, -1] <= null * largest) & (values[:, -2] >= WAVE_SIMPLE * largest)
    if not bool(wave.any()):
        return None
    size = basis.size
    waves = torch.nonzero(wave).flatten()
    others = torch.nonzero(~wave).flatten()
    if basis.constant:
        others = torch.cat([others, torch.tensor([size - 1])])
    kept = (torch.arange(m)[:, None] * size + others[None, :]).flatten()
    like = basis.layers[0].weight
    first = int(waves[0])
    return Reduction(
        size=size,
        unknowns=m,
        waves=waves.to(like.device),
        vectors=right[wave, -1, :].to(dtype=like.dtype, device=like.device),
        kept=kept.to(like.device),
        first=first,
        contiguous=int(waves[-1]) - first + 1 == waves.numel(),
    )
