"""The automatic strategy's cost model: planned seconds of a stage from its sizes, not a clock.

The strategy plans with these numbers (:class:`~pinnls.training.budget.Budget` charges them), so
the same file, settings and seed take the same stages on an idle machine and on a saturated
one; only how long the run takes changes. A stage of a smooth basis of width w, with m unknowns
(C = m (w + 1) columns), R collocation rows, V fresh validation rows and P passes per row (one
for the basis' values, and one per derivative order of each operator part), costs

    seconds = A * R C^2 + B * C^3 + D * (R + V) C P

where a system's plane waves are solved one column each (:mod:`pinnls.numeric.waves`), every
term counts their S = w + m columns instead of C (the rows are assembled in those columns,
straight from each unknown's block: ``Stages._solved``), and the third term is charged
:data:`WAVES_ASSEMBLY` times (fitted on stages whose every feature is such a wave, and applied
as it is to the part-aligned ones).

- ``R C^2``: the QR of the assembled rows (TSQR, chunk by chunk);
- ``C^3``: the SVD of the triangular factor and the solve;
- ``(R + V) C P``: evaluating the basis and its derivatives on the rows and on the fresh points
  of the validation estimate (in closed form for one hidden layer,
  :func:`pinnls.numeric.basis.operator_columns`).

A stage whose aligned features sit on the feet of a variable flow's characteristics adds
``G * sum_t (R_t + V_t) M_t`` (:func:`feet_stage`): every point is marched back along the flow
``M_t`` times (:func:`marches`), whatever the width. A problem whose particular solution is
marched along a variable flow (:class:`pinnls.particular.Carried`) adds, for new clouds, ``E
(A n + B)`` (:func:`march_stage`): the evaluations of its fields on the conditions' points and
their validation points, times the nodes of its programs.

The constants are fitted to the process CPU time of one thread on the project's reference
machine (2-core x86-64 VM, torch 2.13.0 CPU, float64; ``benchmarks/calibrate_cost.py --fit``;
docs/benchmarks.md, "The cost model"). A planned second is therefore a second of one such core;
a faster machine (or a GPU) finishes the same plan sooner, and a busy one later, with the same
answer.
"""

from __future__ import annotations

import numpy as np

from pinnls.operators import CompiledProblem
from pinnls.particular import TABLEAUS, Carried, components
from pinnls.training.validation import validation_size

__all__ = [
    "features",
    "terms",
    "smooth_stage",
    "feet_stage",
    "feet_units",
    "march_stage",
    "march_evaluations",
    "marches",
    "chain_terms",
    "chain_stage",
    "relu_iteration",
    "CONSTANTS",
    "CHAIN_CONSTANTS",
    "FEET_CONSTANT",
    "FEET_OFFSET",
    "WAVES_ASSEMBLY",
    "MARCH_CONSTANTS",
]

#: (A, B, D) of the model above, in seconds per unit (see the module docstring). Fitted by
#: non-negative least squares on 17 stages of five bundled problems (widths 128-2048, 2-3 axes,
#: 1-3 unknowns, first and second order), with the closed-form derivatives of one hidden layer:
#: the model is within 0.79x-1.20x of the measured CPU time. B came out zero: at 6 rows per
#: column the SVD of the triangular factor is lost in the QR's share. Refitted in section 52
#: of docs/benchmarks.md, when the stages had become 1.2x-1.8x faster than at the first fit
#: (section 11) and the old constants charged 0.99x-1.55x their CPU time, so that runs
#: stopped by the plan ended well before their budget.
CONSTANTS = (4.549e-11, 0.0, 7.053e-9)


#: Factor on the assembly term ``D (R + V) S P`` of a stage whose features are a system's
#: plane waves solved one column each: its S columns are written from every unknown's block of
#: the basis and its derivatives (:meth:`~pinnls.numeric.waves.Reduction.combine`), and its
#: validation applies one unknown's block at a time, work that the stages :data:`CONSTANTS`
#: were fitted on do not have. Without it the plan charged such stages 0.59x-0.90x of their
#: CPU time. Fitted by ``benchmarks/calibrate_waves_cost.py --fit`` with :data:`CONSTANTS` kept
#: (docs/benchmarks.md, section 52).
WAVES_ASSEMBLY = 1.99


#: (A, D, E) of a stage of a chain of K cells (a local basis cut along one axis, solved from its
#: blocks by :func:`pinnls.numeric.block_sparse.solve_chain`), with c = m ceil(w / K) columns
#: per cell, R rows, V validation rows, P passes and T terms:
#:
#:     seconds = A * R c^2 + D * (R + V) c P + E * K T
#:
#: ``R c^2``: each cell's truncated SVD and the banded QR (each row lies in one or two cells'
#: supports); ``(R + V) c P``: each cell's columns at the rows of its support, for the solve and
#: for the validation estimate; ``K T``: per cell and term, finding the rows in its support and
#: gathering them. Fitted by ``benchmarks/calibrate_chain_cost.py --fit`` (docs/benchmarks.md,
#: "A chain in the automatic strategy"; refitted in section 52: 0.85x-1.10x of the CPU time).
CHAIN_CONSTANTS = (3.499e-10, 1.724e-8, 4.878e-4)


#: Seconds per point, march and RK4 step of the feet of a variable flow's characteristics (the
#: march of :class:`~pinnls.numeric.characteristic.FootMap` with its tangents), for a stage
#: whose aligned features are drawn on them (:func:`feet_stage`). The march's cost grows with
#: the points and the steps, not the width, so it weighs most on the narrow probes: without it
#: the plan charged such stages 0.25-0.86 of their CPU time (docs/benchmarks.md, section 37).
#: Fitted by ``benchmarks/calibrate_feet_cost.py --fit`` with :data:`CONSTANTS` kept, on flows
#: of 32 to 1024 steps (section 49; the constant of section 37, fitted at 32-101 steps per
#: point and march, undercharged the 1024 steps of an oscillating shear by 10x). Refitted in
#: section 52 beside the refitted :data:`CONSTANTS`, which charge the rest of such a stage less.
FEET_CONSTANT = 1.167e-07
#: ...plus the fixed work of a march, in steps: measured on the oscillating shear's probe at
#: width 512 (benchmarks/feet_steps.py), 0.142 s + 3.49 ms per step, 41 steps' worth.
FEET_OFFSET = 41.0


def features(
    problem: CompiledProblem, width: int, solved: int | None = None, singular: bool = True
) -> dict[str, float]:
    """The sizes that the model counts, for a problem whose clouds are sized for ``width``.

    Parameters
    ----------
    problem : CompiledProblem
    width : int
    solved : int, optional
        The least squares' columns where they are fewer than the basis's (a system's plane
        waves solved one column each, :mod:`pinnls.numeric.waves`): every term counts these,
        the assembly too, which writes them straight from each unknown's block (and the
        validation's residual, which applies one unknown's block at a time).
    singular : bool
        Whether the basis carries the problem's singular functions
        (:meth:`~pinnls.operators.CompiledProblem.singular`), whose columns are counted.

    Returns
    -------
    dict
        ``rows`` R, ``validation`` V, ``columns`` C, ``passes`` P (mean over the rows) and
        ``solved`` S (C unless given), and the ``width`` w.
    """
    rows = sum(term.size for term in problem.terms)
    validation = sum(validation_size(term) for term in problem.terms)
    passes = sum(term.size * _passes(term) for term in problem.terms) / max(rows, 1)
    # a shape's singular functions (Basis.set_singular): columns beside the features
    spec = problem.singular() if singular else None
    extra = 0 if spec is None else len(spec)
    return {
        "rows": float(rows),
        "validation": float(validation),
        "columns": float((width + 1 + extra) * problem.unknown_count),
        "passes": float(passes),
        "width": float(width),
        "solved": float(
            solved if solved is not None else (width + 1 + extra) * problem.unknown_count
        ),
    }


def _passes(term) -> float:
    """Basis evaluations per row of a term, in units of the basis' values: 1 for the values,
    and each part's derivative order. With the closed form a part of order k costs a monomial
    in the weights and k more multiply-adds per entry, not k nested forward-mode passes (whose
    cost grew like k^2, the rule before). Of seven rules fitted to the same measurements
    (constant, 1 + max order, 1 + parts, 1 + sum of squared orders, ...) this one spread least
    (docs/benchmarks.md, "The cost model"), though all came within 0.35x-1.33x."""
    return 1.0 + sum(float(sum(part.derivative)) for part in term.parts)


def terms(sizes: dict[str, float]) -> tuple[float, float, float]:
    """The model's three terms ``(R S^2, S^3, (R + V) S P)`` for :func:`features`' sizes (S
    the solved columns, C where every column is solved)."""
    r, v, c, p = sizes["rows"], sizes["validation"], sizes["columns"], sizes["passes"]
    s = sizes.get("solved", c)
    return (r * s * s, s**3, (r + v) * s * p)


def smooth_stage(
    problem: CompiledProblem,
    width: int,
    feet: int = 0,
    solved: int | None = None,
    singular: bool = True,
) -> float:
    """Planned seconds of one least-squares stage of a smooth basis of ``width`` on
    ``problem`` (its clouds already sized for the width); with ``feet`` RK4 steps (> 0), a
    basis whose first layer sees the feet of a variable flow's characteristics, marched for
    this stage (:func:`feet_stage`); with ``solved``, the columns of a system's plane waves
    solved one each, and ``singular``, whether the shape's singular functions are among its
    columns (:func:`features`)."""
    sizes = features(problem, width, solved, singular)
    factorization, svd, assembly = terms(sizes)
    if sizes["solved"] < sizes["columns"]:  # some waves solved one column each
        assembly *= WAVES_ASSEMBLY
    a, b, d = CONSTANTS
    seconds = a * factorization + b * svd + d * assembly
    return float(seconds + (feet_stage(problem, feet) if feet else 0.0))


def marches(term) -> int:
    """Marches of the feet per point of a term (:func:`~pinnls.numeric.basis.
    feet_operator_columns`): one with a tangent per axis that a part differentiates along
    (one without, for the values alone), and one with two tangents, counted twice, per second
    derivative."""
    axes = {k for part in term.parts for k, a in enumerate(part.derivative) if a}
    second = {part.derivative for part in term.parts if sum(part.derivative) == 2}
    return max(1, len(axes)) + 2 * len(second)


def feet_units(problem: CompiledProblem, steps: int) -> float:
    """``(steps + FEET_OFFSET) sum_t (R_t + V_t) M_t``: each term's rows and validation
    points times its :func:`marches`, times the RK4 steps of a march and its fixed work
    (:data:`FEET_OFFSET`)."""
    points = sum((term.size + validation_size(term)) * marches(term) for term in problem.terms)
    return float(points * (steps + FEET_OFFSET))


def feet_stage(problem: CompiledProblem, steps: int) -> float:
    """Planned seconds of marching the feet of ``problem``'s clouds in ``steps`` RK4 steps:
    :data:`FEET_CONSTANT` times :func:`feet_units`. Independent of the width: the march runs
    once per point, before any feature sees it."""
    return FEET_CONSTANT * feet_units(problem, steps)


#: Seconds per evaluation of a march's fields at one point, ``(A, B)``: ``A`` per node of the
#: programs of the flow, the reaction and the source (:attr:`pinnls.particular.Carried.nodes`),
#: ``B`` for each evaluation. Fitted by ``benchmarks/calibrate_march_cost.py`` (process seconds,
#: one thread, 8192 points each; docs/benchmarks.md, section 77).
MARCH_CONSTANTS = (1.752e-10, 3.116e-08)


def march_evaluations(made: Carried, points) -> float:
    """The evaluations of the fields that marching ``points`` (n, d) costs: the step counts of
    those off the start plane times the tableau's stages."""
    points = np.asarray(points, dtype=np.float64)
    moving = points[:, made.axis] != made.start
    return float(made.counts(points[moving]).sum()) * len(TABLEAUS[made.method][2])


def march_stage(problem: CompiledProblem) -> float:
    """Planned seconds of marching ``problem``'s ``u_p`` (a :class:`~pinnls.particular.Carried`)
    on its conditions' clouds and their fresh validation points (as many again in
    proportion): ``E (A n + B)`` (:data:`MARCH_CONSTANTS`); 0 for any other ``u_p``. The
    equation's own data lose ``f`` exactly, with no march."""
    marched = [part for part in components(problem.particular) if isinstance(part, Carried)]
    if not marched:
        return 0.0
    (made,) = marched
    a, b = MARCH_CONSTANTS
    evaluations = 0.0
    for term in problem.terms:
        if term.kind == "equation" or not term.size:
            continue
        share = 1.0 + validation_size(term) / term.size
        evaluations += march_evaluations(made, term.points) * share
    return evaluations * (a * made.nodes + b)


def chain_terms(sizes: dict[str, float], cells: int, terms_count: int) -> tuple:
    """The chain model's three terms ``(R c^2, (R + V) c P, K T)`` (see
    :data:`CHAIN_CONSTANTS`) for :func:`features`' sizes of a width split over ``cells``."""
    r, v, p = sizes["rows"], sizes["validation"], sizes["passes"]
    unknowns = sizes["columns"] / (sizes["width"] + 1)
    c = unknowns * -(-int(sizes["width"]) // cells)
    return (r * c * c, (r + v) * c * p, float(cells * terms_count))


def chain_stage(problem: CompiledProblem, width: int, cells: int) -> float:
    """Planned seconds of one least-squares stage of a chain of ``cells`` cells of a local
    basis of ``width`` features in all, on ``problem`` (its clouds sized for the width)."""
    sizes = features(problem, width, singular=False)  # a chain's cells take none
    parts = chain_terms(sizes, cells, len(problem.terms))
    return float(sum(k * t for k, t in zip(CHAIN_CONSTANTS, parts)))


def relu_iteration(problem: CompiledProblem, width: int) -> float:
    """Planned seconds of one LSGD iteration of a ReLU basis: the least-squares stage's work
    without the validation, twice over for the backward pass through the assembly.

    Not fitted; checked with the constants of section 11 (E4 clouds, 4224 rows, one thread):
    1.25x-1.36x the CPU time of an iteration on advection_gauss at widths 256 and 512, so the
    plan errs towards fewer iterations. Not checked again after the refit of section 52; there a
    three-unknown system's ReLU stage was planned at 12.1 s and took 4.5 s of wall time."""
    sizes = features(problem, width)
    r, c, p = sizes["rows"], sizes["columns"], sizes["passes"]
    a, b, d = CONSTANTS
    return float(a * r * c * c + b * c**3 + 2 * d * r * c * p)
