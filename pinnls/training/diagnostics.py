"""Warnings for solves that run but whose answer deserves doubt.

A least-squares fit always returns something, and a tiny loss can hide a wrong answer: fewer
rows than columns (the fit interpolates and the minimum-norm c is arbitrary), a problem with
nothing to pin the solution down (no initial or boundary condition, or all data zero), or
clouds too coarse for the basis (zero loss on the points, large residual between them), a
solution fixed only up to a constant (flux conditions only). Each
case warns with :class:`~pinnls.errors.PinnlsWarning` and names the terms and counts.
"""

from __future__ import annotations

import math

import numpy as np

from pinnls.errors import warn
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import Solution

__all__ = [
    "warn_underdetermined",
    "warn_undetermined",
    "warn_free_constants",
    "warn_coarse_clouds",
    "COARSE_RATIO",
]

#: The validation residual (RMS, fresh points) may exceed the training residual (RMS, the
#: fit's points) by this factor before the clouds count as too coarse for the basis.
COARSE_RATIO = 100.0
#: ...unless the validation estimate is below this anyway (rounding-level residuals).
COARSE_FLOOR = 1e-8


def warn_underdetermined(compiled: CompiledProblem, settings: Settings) -> None:
    """Warn when the stacked system has fewer rows than the basis has columns.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        Fixed settings (``width`` and ``constant`` set).
    """
    columns = (settings.width + int(settings.constant)) * compiled.unknown_count
    count = compiled.unknown_count
    each = f" for each of {count} unknowns" if count > 1 else ""
    rows = compiled.rows
    if rows >= columns:
        return
    counts = ", ".join(f"{term.name} {term.size}" for term in compiled.terms)
    warn(
        f"the least-squares system has fewer rows ({rows}: {counts}) than columns ({columns}: "
        f"width {settings.width}{' + constant' if settings.constant else ''}"
        f"{each}), so the fit "
        f"interpolates and c is not determined; add points or lower the width "
        f"(the default optimizer auto keeps rows >= columns)",
    )


def warn_undetermined(compiled: CompiledProblem) -> None:
    """Warn when nothing pins the solution down: no condition, or every right-hand side zero.

    Parameters
    ----------
    compiled : CompiledProblem
    """
    # A zeroth-order part (u itself, as in a regression u = f) can pin u down without any
    # condition; a purely differential operator cannot.
    pinned = any(not any(part.derivative) for term in compiled.terms for part in term.parts)
    if not pinned and not any(term.kind == "condition" for term in compiled.terms):
        warn(
            f"problem '{compiled.name}' has no initial or boundary condition, so its solution "
            f"is not determined (u = 0 fits a zero right-hand side, and so may any solution of "
            f"the homogeneous equation); add the conditions the PDE needs",
        )
    elif all(not np.any(term.source) for term in compiled.terms):
        warn(
            f"every right-hand side of problem '{compiled.name}' is zero on its points, so "
            f"u = 0 is the least-squares solution; check the initial and boundary data",
        )


def warn_free_constants(compiled: CompiledProblem) -> None:
    """Warn when the problem determines an unknown only up to a constant
    (:meth:`~pinnls.operators.CompiledProblem.free_constants`: flux conditions only). Not
    without any condition, which :func:`warn_undetermined` covers.

    Parameters
    ----------
    compiled : CompiledProblem
    """
    if not any(term.kind == "condition" for term in compiled.terms):
        return  # no condition at all: warn_undetermined says more than this would
    free = [compiled.unknowns[index] for index in compiled.free_constants()]
    if not free:
        return
    names = ", ".join(free)
    warn(
        f"problem '{compiled.name}' determines {names} only up to a constant (no term fixes "
        f"its value: the conditions are on derivatives only); the solution is the "
        f"least-squares one of least norm, its errors are measured against the exact "
        f"solution plus the constant closest to it (report.json 'constants'); add a "
        f"condition on the value to fix it",
    )


def warn_coarse_clouds(solution: Solution) -> None:
    """Warn when the residual on fresh points is far above the residual on the fit's points.

    Parameters
    ----------
    solution : Solution
        With ``validation`` set.
    """
    if solution.slabs:
        # Each slab against its own fit: the joined estimate sums the slabs, and the last
        # history row is only the last slab's. The first coarse slab is named.
        for index, piece in enumerate(solution.slabs):
            if _coarse(piece, f" in time slab {index}"):
                return
        return
    _coarse(solution, "")


def _coarse(solution: Solution, where: str) -> bool:
    """Warn (and say so) when one solve's fresh residual is far above its fit's."""
    estimate = solution.validation
    if estimate is None or not len(solution.history):
        return False
    training = math.sqrt(max(solution.loss(), 0.0))
    fresh = estimate["total_absolute"]
    if estimate["total"] < COARSE_FLOOR or fresh <= COARSE_RATIO * training:
        return False
    counts = ", ".join(f"{term.name} {term.size}" for term in solution.compiled.terms)
    warn(
        f"the residual on fresh points{where} ({fresh:.3g}, relative {estimate['total']:.3g}) is "
        f"{fresh / max(training, 1e-300):.3g} times the residual on the fit's points "
        f"({training:.3g}): the clouds ({counts}) are too coarse for this basis; refine them "
        f"or lower the width",
    )
    return True
