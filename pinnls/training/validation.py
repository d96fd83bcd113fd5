"""An error estimate that needs no exact solution: every term's residual on fresh points.

The fit only sees its collocation clouds, and a wide basis can satisfy every one of their rows
while missing the PDE between them (zero loss is not zero error). So after a solve each term is
evaluated again on uniformly random points that the fit never saw, on the same region (interior,
face or point map), and its residual ``L_k[NN] - f_k`` is measured there:

- per term, the RMS residual, absolutely and relative to the RMS of that term's right-hand side;
- in total, weighted as in the loss: ``total = sqrt(sum_k eps_k mean r_k^2 / sum_k eps_k mean
  f_k^2)`` (``total_absolute`` is the numerator alone, and ``total`` falls back to it when every
  right-hand side is zero).

How this relates to the true error is measured on the benchmark suite (docs/guide.md).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import torch

from pinnls.clouds import Random, sample
from pinnls.numeric.assembly import System
from pinnls.numeric.block_sparse import term_residuals
from pinnls.numeric.local import LocalBasis
from pinnls.operators import CompiledProblem, CompiledTerm

__all__ = [
    "validation_size",
    "fresh_residuals",
    "time_profile",
    "stage_difference",
    "VALIDATION_POINTS",
    "DIFFERENCE_POINTS",
    "APART_NOTE",
    "APART_WARNING",
]

#: Fresh points per term: as many as the training cloud, within these bounds. A few thousand
#: random points pin the RMS residual to a few per cent, and stay cheap next to the solve.
VALIDATION_POINTS = (512, 8192)

#: Points of the domain at which two stages' solutions are compared (:func:`stage_difference`):
#: enough to pin a relative RMS difference to a few per cent.
DIFFERENCE_POINTS = 4096

#: Where two stages' solutions lie more than this many times further apart than their two
#: estimates add up to (``apart`` of :meth:`~pinnls.training.stages.Stages.runner_up`), one of
#: the two estimates reads low by about that factor or more, and the final line of
#: ``pinnls solve`` says so. About: the distance is measured at random points and the errors
#: on the evaluation grid; on the 39 files of docs/benchmarks.md section 63 the distance
#: exceeded the two errors' sum on 9, by 22% at most, so a factor near 1 tells nothing.
APART_NOTE = 2.0

#: ...and above this one the automatic strategy warns. Measured on 39 files
#: (docs/benchmarks.md, section 63): above 10 on 4, three of which had estimates 20x-74x
#: below their errors, and the fourth a runner-up whose estimate read 27x low.
APART_WARNING = 10.0

#: Rows evaluated at once, to bound memory for wide bases.
_CHUNK = 4096


#: A term's data count as zero, and its ``relative`` residual as None, below this fraction of
#: the largest term's data (RMS).
ZERO_DATA = 1e-14


def validation_size(term: CompiledTerm) -> int:
    """Fresh points for a term: its training cloud's size clipped to :data:`VALIDATION_POINTS`
    (a single point when the term sits at a corner)."""
    if term.cloud is not None and len(term.cloud.fixed) == term.points.shape[1]:
        return 1
    low, high = VALIDATION_POINTS
    return int(min(max(term.size, low), high))


def fresh_residuals(
    compiled: CompiledProblem,
    basis: Any,
    coefficients: torch.Tensor,
    seed: int,
) -> dict[str, Any] | None:
    """Residuals of ``NN = basis @ coefficients`` on fresh random points of every term.

    Parameters
    ----------
    compiled : CompiledProblem
        The problem as it was solved (its terms' weights are used).
    basis : Basis
    coefficients : (m * size,) tensor
        One block of the basis size per unknown (m = 1 outside systems).
    seed : int
        The run's seed; the fresh clouds mix it with ``<term>/validation``, so they never
        coincide with a training cloud.

    Returns
    -------
    dict or None
        ``total``, ``total_absolute``, ``loss`` (``sum_k eps_k mean r_k^2``), ``scale`` (the
        data's size ``sqrt(sum_k eps_k mean f_k^2)``, by which ``total`` is relative) and ``terms``:
        per term ``rms``, ``relative`` (None where the right-hand side is zero), ``rhs_rms``,
        ``weight`` and ``points``; with a particular solution by quadrature, ``quadrature``, its
        error bound, which ``total`` is at least (:class:`pinnls.particular.Transported`). None
        when a term cannot be moved to new points (built without its
        source function). A data term is measured at its own points (observations exist
        nowhere else), so its residual there is a fit, not an out-of-sample estimate.
    """
    if any(term.source_function is None and term.kind != "data" for term in compiled.terms):
        return None
    system = System(
        compiled.fresh(validation_size, seed=seed), coefficients.dtype, coefficients.device
    )
    residuals = _residuals(system, basis, coefficients)
    terms: dict[str, dict[str, Any]] = {}
    loss = rhs = 0.0
    for term in system.terms:
        squares = sum(float(piece.square().sum()) for piece in residuals[term.name])
        mean_residual = squares / term.size
        data = term.source
        if term.term.particular_part is not None:
            # the data's own size, not what is left of them once u_p is subtracted
            data = data + torch.as_tensor(
                term.term.particular_part(term.term.points), dtype=data.dtype, device=data.device
            )
        mean_rhs = float(data.square().mean())
        weight = float(term.term.weight)
        loss += weight * mean_residual
        rhs += weight * mean_rhs
        rms, rhs_rms = math.sqrt(mean_residual), math.sqrt(mean_rhs)
        terms[term.name] = {
            "rms": rms,
            "relative": rms / rhs_rms if rhs_rms > 0 else None,
            "rhs_rms": rhs_rms,
            "weight": weight,
            "points": int(term.size),
        }
    # Data zero to rounding (a manufactured solution read where it has decayed to 1e-32) have
    # no size to be relative to: 1e29 read as alarming (a new user's file, session 28).
    largest = max((entry["rhs_rms"] for entry in terms.values()), default=0.0)
    for entry in terms.values():
        if entry["rhs_rms"] <= ZERO_DATA * largest:
            entry["relative"] = None
    absolute = math.sqrt(loss)
    total = math.sqrt(loss / rhs) if rhs > 0 else absolute
    if not np.isfinite(total):
        total = math.inf
    # a particular solution by quadrature (particular.Transported) has an error that no
    # residual of the network sees: where u_p is nearly the whole solution, the residuals read
    # 2e-17 against a true 2e-14 (a new user's emitter); its measured bound is the floor
    floor = float(getattr(compiled.particular, "quadrature", 0.0))
    extra = {"quadrature": floor} if floor > 0 else {}
    total = max(total, floor)
    return {
        **extra,
        "total": total,
        "total_absolute": absolute,
        "loss": loss,
        "scale": math.sqrt(rhs),
        "terms": terms,
    }


def stage_difference(chosen: Any, other: Any, seed: int) -> float | None:
    """How far two solutions of one problem lie apart: the RMS of ``chosen - other`` over
    the larger of their two RMS values, at :data:`DIFFERENCE_POINTS` uniformly random points
    of the domain (a shape's inside), all unknowns together.

    The residual estimate of :func:`fresh_residuals` reads the equations, not the solution:
    a part of the solution that the terms fix only weakly (data that leave a corner of the
    box undetermined, a corner's singular behaviour, an error that a wall reflects) hardly
    shows in it. Two bases that differ (a width, a steepness) rarely go wrong the same way
    there, so their distance shows it. It is at most the sum of their relative errors, over
    one less the smaller of them (the triangle inequality; the larger RMS is at least the
    exact solution's times that factor), so it bounds neither error alone.

    Parameters
    ----------
    chosen, other : Solution or callable
        Two solutions of the same compiled problem (the same domain and unknowns): each maps
        points (n, d) to values (n,), or (n, m) for m unknowns; ``chosen.compiled`` gives the
        domain.
    seed : int
        The run's seed, mixed with ``difference`` (no training or validation cloud uses it).

    Returns
    -------
    float or None
        The relative RMS difference (0 where both are zero there); None where either is not
        finite at some point, or the domain gave no point. Where the problem fixes an unknown
        only up to a constant, the constant that brings the two closest is taken away first.
    """
    compiled = chosen.compiled
    points = sample(
        compiled,
        Random(DIFFERENCE_POINTS),
        {},
        seed=seed,
        salt="difference",
        region=compiled.region,
    )
    if len(points) == 0:
        return None
    a = np.asarray(chosen(points), dtype=np.float64).reshape(len(points), -1)
    b = np.asarray(other(points), dtype=np.float64).reshape(len(points), -1)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return None
    # A constant that no term fixes is not an error: compare the two at their closest.
    for index in compiled.free_constants():
        b[:, index] += float(np.mean(a[:, index] - b[:, index]))
    size = max(float(np.sqrt(np.mean(a**2))), float(np.sqrt(np.mean(b**2))))
    difference = float(np.sqrt(np.mean((a - b) ** 2)))
    return difference / size if size > 0 else 0.0


def _residuals(system: System, basis: Any, coefficients: torch.Tensor) -> dict[str, list]:
    """Each term's residual ``L_k[NN] - f_k`` at its rows, in pieces of at most :data:`_CHUNK`
    rows (a list of (rows,) tensors by term name; one piece for a local basis)."""
    c = coefficients.detach()
    if isinstance(basis, LocalBasis):
        # each cell's columns at its own rows only (linear in the cells)
        return {name: [rows] for name, rows in term_residuals(system, basis, c).items()}
    out: dict[str, list] = {}
    for term in system.terms:
        pieces = []
        for rows in term.chunks(_CHUNK):
            with torch.no_grad():
                pieces.append(term.apply(basis, c, rows).detach() - term.source[rows])
        out[term.name] = pieces
    return out


def time_profile(
    compiled: CompiledProblem,
    basis: Any,
    coefficients: torch.Tensor,
    seed: int,
    axis: int,
    skip: tuple[str, ...] = (),
) -> Callable[[np.ndarray], float] | None:
    """How a solution's residual on fresh points spreads over time: for the windows between
    ``bounds``, the mean of the windows' residual sizes over the first window's.

    A window's residual size is ``sqrt(sum_k eps_k mean r_k^2)`` over the fresh points of each
    term that fall in it (the points of :func:`fresh_residuals`, the same seed). The terms in
    ``skip`` (those on the initial face, which only the first window holds) are left out, so
    that a residual spread evenly over time reads 1; one that the later windows hold reads
    more, one that the first window holds reads less (down to 1/n).

    Parameters
    ----------
    compiled : CompiledProblem
        The problem as it was solved.
    basis : Basis
    coefficients : (m * size,) tensor
    seed : int
    axis : int
        The time axis.
    skip : tuple of str
        Terms left out.

    Returns
    -------
    callable or None
        None where a term cannot be moved to new points (as :func:`fresh_residuals`);
        else ``profile(bounds)``, ``bounds`` a (n + 1,) array ``t_0 < ... < t_n``: the ratio
        above (1.0 when n is 1, or when every window's residual is zero; inf when the first
        window's alone is zero). A window that a term's points miss takes that term's mean over
        all its points.
    """
    if any(term.source_function is None and term.kind != "data" for term in compiled.terms):
        return None
    system = System(
        compiled.fresh(validation_size, seed=seed), coefficients.dtype, coefficients.device
    )
    residuals = _residuals(system, basis, coefficients)
    kept = []
    for term in system.terms:
        if term.name in skip:
            continue
        squares = torch.cat(residuals[term.name]).square().cpu().numpy()
        times = np.asarray(term.term.points[:, axis], dtype=float)
        kept.append((float(term.term.weight), times, squares))

    def profile(bounds: np.ndarray) -> float:
        count = len(bounds) - 1
        if count <= 1:
            return 1.0
        sizes = np.zeros(count)
        for weight, times, squares in kept:
            if not len(squares):
                continue
            window = np.clip(np.searchsorted(bounds, times, side="right") - 1, 0, count - 1)
            sums = np.bincount(window, weights=squares, minlength=count)
            members = np.bincount(window, minlength=count)
            # A window that a term's fresh points miss (a small face cut in 64) takes the term's
            # mean over all its points: counted as 0 it read as a window easier than it is.
            means = np.where(members > 0, sums / np.maximum(members, 1), squares.mean())
            sizes += weight * means
        sizes = np.sqrt(sizes)
        if sizes[0] > 0:
            return float(sizes.mean() / sizes[0])
        return math.inf if sizes.any() else 1.0

    return profile
