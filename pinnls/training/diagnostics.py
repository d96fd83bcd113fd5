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
import torch

from pinnls.errors import warn
from pinnls.numeric.assembly import TermSystem
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import Solution

__all__ = [
    "warn_underdetermined",
    "warn_undetermined",
    "warn_unequated",
    "warn_hidden_terms",
    "warn_free_constants",
    "warn_coarse_clouds",
    "COARSE_RATIO",
]

#: The validation residual (RMS, fresh points) may exceed the training residual (RMS, the
#: fit's points) by this factor before the clouds count as too coarse for the basis.
COARSE_RATIO = 100.0
#: ...unless the validation estimate is below this anyway (rounding-level residuals).
COARSE_FLOOR = 1e-8
#: A condition on the values that misses them on fresh points by at least this share of the
#: solution's size, and by HIDDEN_RATIO times the weighted estimate, is named in a warning
#: (:func:`warn_hidden_terms`).
HIDDEN_FLOOR = 1e-3
HIDDEN_RATIO = 100.0
#: ...and for a condition on derivatives, whose miss is read in the values' units through the
#: basis's gain (:func:`_gains`): this many times the estimate. On 49 files with such
#: conditions (docs/benchmarks.md, section 79) every run whose estimate was below 1e-2 and
#: within 5x of its error had its fluxes' misses within 5.2x of the estimate; the five at 20x
#: or more had estimates 19x to 660x below their errors.
HIDDEN_FLUX_RATIO = 20.0
#: ...where the estimate itself says the solve is resolved (below the automatic strategy's
#: "not resolved" line, ``auto.UNRESOLVED_ESTIMATE``): above it, that warning speaks already,
#: and a term whose data are nearly zero reads a relative residual of millions in any
#: under-resolved solve (the suite's quick runs: 3.9e6 at an estimate of 0.056).
HIDDEN_BELOW = 1e-2
#: Points at which :func:`warn_hidden_terms` reads the solution's own size.
HIDDEN_POINTS = 4096


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


def warn_unequated(compiled: CompiledProblem) -> None:
    """Warn when an unknown has no equation (:meth:`~pinnls.operators.CompiledProblem.
    unequated`, which ``pinnls check`` reads too).

    A forgotten equation solved without a word: acoustics without its momentum equation
    reached a validation estimate of 2e-11 at a rel L2 error of 230, and a file of conditions
    alone one of 5e-16 at 0.91 (an adversary's files); the estimate reads only the terms
    declared, which the basis fits.

    Parameters
    ----------
    compiled : CompiledProblem
    """
    text = compiled.unequated()
    if text is not None:
        warn(text)


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


def warn_hidden_terms(solution: Solution) -> None:
    """Warn when a condition misses the solution's values, or its derivatives' data, by far
    more than the validation estimate says.

    The estimate weighs each term's residual by the size of its data, so a term whose data are
    small beside another's hardly counts: on x in [0, 1e-5] an equation's right-hand side of
    size 1e12 hid a boundary condition missed by 44% of its value, and the automatic strategy
    stopped, converged, at an estimate of 1e-11 and a rel L2 error of 0.23 (an adversary's
    file). The miss is read on the terms of order 0 (values: initial and boundary values, data),
    as their RMS residual over the largest RMS of their data or of the solution's values at its
    equation's points (:func:`_size`), the solution's own size, not each term's: a face where a
    plume's data are 1e-11 reads a residual of 1e-6 as 3e4 times its data, though 1e-6 of the
    solution. Named where that miss is at least :data:`HIDDEN_FLOOR` and :data:`HIDDEN_RATIO`
    times the estimate, and the estimate is below :data:`HIDDEN_BELOW`.

    A condition on derivatives (a flux, a Robin condition) is read the same way once its
    residual is brought to the values' units: divided by the basis's own gain under the term's
    operator (:func:`_gains`), the size of ``L_k[Phi]`` over that of ``Phi`` at the term's
    points. A weld's edge flux in W/mm^2 (data 2.2, beside temperatures of 244) was missed by
    55% of its data, which is 0.63 of the solution's size in values, while the estimate read
    6.7e-3 and the error was 0.147 (a new user's file, docs/benchmarks.md section 79). The
    conversion is rough (the gain is an average over the basis's functions, an error has its
    own), so such a term is named only where its miss is :data:`HIDDEN_FLUX_RATIO` times the
    estimate and, where its data are not zero, its own relative residual is too: a flux whose
    data are the largest of the problem and whose relative residual is about the estimate is
    not hidden by it.

    Parameters
    ----------
    solution : Solution
        With ``validation`` set.
    """
    estimate = solution.validation
    if estimate is None or not estimate.get("terms"):
        return
    total = estimate["total"]
    if not math.isfinite(total) or total >= HIDDEN_BELOW:
        return
    terms = solution.compiled.terms
    values = {term.name for term in terms if term.order == 0}
    entries = {name: e for name, e in estimate["terms"].items() if name in values}
    size = max(max((e["rhs_rms"] for e in entries.values()), default=0.0), _size(solution))
    if not size > 0 or not math.isfinite(size):
        return
    misses = [
        (e["rms"] / size, name, None) for name, e in entries.items() if math.isfinite(e["rms"])
    ]
    derivatives = [
        term.name
        for term in terms
        if term.order > 0
        and getattr(term, "kind", None) == "condition"
        and term.name in estimate["terms"]
        and math.isfinite(estimate["terms"][term.name]["rms"])
    ]
    if derivatives:
        for name, gain in _gains(solution, derivatives).items():
            relative = estimate["terms"][name].get("relative")
            if relative is not None and relative < HIDDEN_FLUX_RATIO * total:
                continue  # its own data see the miss as the estimate does: nothing hidden
            misses.append((estimate["terms"][name]["rms"] / (gain * size), name, gain))

    def over(entry) -> float:
        ratio = HIDDEN_RATIO if entry[2] is None else HIDDEN_FLUX_RATIO
        return entry[0] / (ratio * total) if total > 0 else math.inf

    misses = [entry for entry in misses if entry[0] >= HIDDEN_FLOOR and over(entry) >= 1]
    if not misses:
        return
    miss, name, gain = max(misses, key=over)
    advice = (
        f"which the validation estimate ({total:.3g}) hides: the estimate weighs each term by "
        "the size of its data, and other terms' are far larger; the solution may be wrong "
        "there (rescale the problem's units, or weigh the term up: weight= in the file, or "
        f"--set {name}.weight=)"
    )
    if gain is None:
        warn(
            f"term '{name}' misses the solution's values by {miss:.3g} of their size on fresh "
            f"points, {advice}"
        )
        return
    entry = estimate["terms"][name]
    share = (
        f"{entry['relative']:.3g} of its data's size"
        if entry.get("relative") is not None
        else f"{entry['rms']:.3g} (RMS, in the term's units; its data are zero)"
    )
    warn(
        f"term '{name}' misses its data on fresh points by {share}, about {miss:.3g} of the "
        f"solution's size in its values (its residual over the basis's gain under the term's "
        f"operator, {gain:.3g}), {advice}"
    )


#: Points of a condition at which :func:`_gains` compares ``L_k[Phi]`` with ``Phi``.
GAIN_POINTS = 256


def _gains(solution, names: list[str]) -> dict[str, float]:
    """For conditions on derivatives, how much the term's operator scales the basis: the
    Frobenius norm of ``L_k[Phi]`` over that of ``Phi`` (each applied unknown's block), at up
    to :data:`GAIN_POINTS` of the term's points spread evenly over them (a grid's first rows
    are one strip of it), on the first piece (time slab) that holds the term. A residual over
    this gain is in the units of the values. Terms that cannot be read so (a basis without
    plain values, no points) are left out: a diagnostic after a solve that succeeded never
    fails the run."""
    gains: dict[str, float] = {}
    for piece in getattr(solution, "pieces", (solution,)):
        basis = getattr(piece, "basis", None)
        coefficients = getattr(piece, "coefficients", None)
        compiled = getattr(piece, "compiled", None)
        if basis is None or coefficients is None or compiled is None:
            continue
        for term in compiled.terms:
            if term.name not in names or term.name in gains or term.size == 0:
                continue
            try:
                system = TermSystem(
                    term, coefficients.dtype, coefficients.device, compiled.unknown_count
                )
                rows = slice(0, term.size, max(1, -(-term.size // GAIN_POINTS)))
                with torch.no_grad():
                    applied = system.block(basis, rows)
                    points = torch.as_tensor(
                        np.ascontiguousarray(term.points[rows]),
                        dtype=coefficients.dtype,
                        device=coefficients.device,
                    )
                    plain = basis(points)
                unknowns = max(len(system.by_unknown), 1)
                below = float(plain.norm()) * math.sqrt(unknowns)
                gain = float(applied.norm()) / below if below > 0 else math.nan
            except (
                RuntimeError,
                ValueError,
                TypeError,
                MemoryError,
                IndexError,
                AttributeError,
                KeyError,
                ZeroDivisionError,
            ):
                continue
            if math.isfinite(gain) and gain > 0:
                gains[term.name] = gain
    return gains


def _size(solution) -> float:
    """The RMS of the solution's values at up to :data:`HIDDEN_POINTS` of its equation's
    points, spread evenly over them (0 without an equation or a solution to evaluate): where
    every value condition's data are nearly zero (an emitter's plume that starts from
    nothing), the solution's own size comes from the source, and a residual of 1e-6 read
    against data of 1e-30 is no miss."""
    terms = getattr(solution.compiled, "terms", ())
    equations = [term for term in terms if getattr(term, "kind", None) == "equation"]
    if not equations or not callable(solution):
        return 0.0
    points = equations[0].points
    # spread over the points: a grid's first rows are one strip of the domain (an L-shape's
    # first 4096 read 0.079 against 0.185 over all)
    points = points[:: max(1, -(-len(points) // HIDDEN_POINTS))]
    try:
        values = np.asarray(solution(points), dtype=np.float64)
    except (RuntimeError, ValueError, MemoryError):
        return 0.0  # a diagnostic after a solve that succeeded: it never fails the run
    return float(np.sqrt(np.mean(values**2))) if values.size else 0.0


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
