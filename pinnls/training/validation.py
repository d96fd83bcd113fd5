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
from typing import Any

import numpy as np
import torch

from pinnls.numeric.assembly import System
from pinnls.numeric.block_sparse import term_residuals
from pinnls.numeric.local import LocalBasis
from pinnls.operators import CompiledProblem, CompiledTerm

__all__ = ["validation_size", "fresh_residuals", "VALIDATION_POINTS"]

#: Fresh points per term: as many as the training cloud, within these bounds. A few thousand
#: random points pin the RMS residual to a few per cent, and stay cheap next to the solve.
VALIDATION_POINTS = (512, 8192)

#: Rows evaluated at once, to bound memory for wide bases.
_CHUNK = 4096


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
        ``weight`` and ``points``. None when a term cannot be moved to new points (built without its
        source function). A data term is measured at its own points (observations exist
        nowhere else), so its residual there is a fit, not an out-of-sample estimate.
    """
    if any(term.source_function is None and term.kind != "data" for term in compiled.terms):
        return None
    fresh = compiled.fresh(validation_size, seed=seed)
    system = System(fresh, coefficients.dtype, coefficients.device)
    c = coefficients.detach()
    terms: dict[str, dict[str, Any]] = {}
    loss = rhs = 0.0
    # A local basis: each cell's columns at its own rows only (linear in the cells).
    local = term_residuals(system, basis, c) if isinstance(basis, LocalBasis) else None
    for term in system.terms:
        squares = 0.0
        if local is not None:
            squares = float(local[term.name].square().sum())
        for rows in term.chunks(_CHUNK) if local is None else ():
            with torch.no_grad():
                block = term.block(basis, rows).detach()
                squares += float((block @ c - term.source[rows]).square().sum())
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
    absolute = math.sqrt(loss)
    total = math.sqrt(loss / rhs) if rhs > 0 else absolute
    if not np.isfinite(total):
        total = math.inf
    return {
        "total": total,
        "total_absolute": absolute,
        "loss": loss,
        "scale": math.sqrt(rhs),
        "terms": terms,
    }
