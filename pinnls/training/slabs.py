"""Time-slab marching: run a strategy slab after slab, and join the slabs into one Solution.

Each slab's compiled problem (its box, its part of every cloud, the initial-face conditions
carried to its interface) is :mod:`pinnls.time_slabs`'; this module runs any strategy on the
slabs in order, gives each its share of the budget, and joins the pieces: history, validation
estimate (relative to the largest slab's data), the strategy record
(:class:`~pinnls.record.SlabsRecord`) and the jumps at the interfaces.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from pinnls import checkpoint
from pinnls.errors import CheckpointError, PinnlsError
from pinnls.history import History
from pinnls.operators import CompiledProblem
from pinnls.record import SlabDecision, SlabRecord, SlabsRecord
from pinnls.settings import Settings
from pinnls.solution import Solution
from pinnls.time_slabs import Plan, apply_operator, moved_parts, plan, slab_problem
from pinnls.training.budget import Budget
from pinnls.training.initial import DTYPES, build_basis, resolve_device
from pinnls.training.loop import TrainingInterrupted
from pinnls.training.validation import fresh_residuals

__all__ = ["run", "assemble", "interface_jumps"]

#: Points per free axis of an interface for the jump measurements (all spatial axes).
JUMP_POINTS = 4096


def run(
    compiled: CompiledProblem,
    settings: Settings,
    strategy: Callable[..., Solution],
    callback: Callable[[dict], None] | None = None,
    resume: Mapping[str, Any] | None = None,
    budget: Budget | None = None,
    hints: Callable[[Solution | None], Mapping[str, Any]] | None = None,
    decision: SlabDecision | None = None,
    before: float = 0.0,
) -> Solution:
    """Solve the slabs in order with one strategy and join them.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        ``time_slabs`` slabs; every slab is solved with these settings (``time_slabs`` 1, and
        ``time_limit`` its share of the budget, for the record).
    strategy : callable
        ``strategy(problem, settings, callback=..., resume=..., budget=..., **hints)``, e.g.
        ``lsgd.run``.
    callback : callable, optional
        Receives the strategy's events with ``slab`` (index) and ``slabs`` (count) added.
    resume : mapping, optional
        A checked checkpoint of a slab run (:func:`pinnls.checkpoint.check`): its
        finished slabs are rebuilt and the slab it stopped in continues.
    budget : Budget, optional
        For all slabs (default :meth:`Budget.of` the settings); each slab gets an equal share
        of what is left when it starts.
    hints : callable, optional
        ``previous slab's solution (None for the first) -> keywords`` for the strategy of the
        next slab (the automatic strategy starts each slab from the previous one's choice).
    decision : SlabDecision, optional
        How the number of slabs was chosen, recorded in the strategy record.
    before : float
        Seconds already spent deciding (the automatic strategy's probes), counted in ``wall``.

    Raises
    ------
    ProblemError
        The problem cannot march (:func:`pinnls.time_slabs.plan`).
    TrainingInterrupted, SolverError
        As the strategy raises them; ``error.solution`` holds the slabs so far, joined.
    """
    count = settings.time_slabs or 1
    split = plan(compiled, count)
    budget = Budget.of(settings) if budget is None else budget
    pieces: list[Solution] = []
    if resume is not None:
        pieces, resume = _restore(resume, compiled, settings, split)
    for index in range(len(pieces), count):
        previous = pieces[-1] if pieces else None
        problem = slab_problem(compiled, split, index, previous, settings.seed)
        share = budget.share(count - index)
        slab_settings = settings.replace(time_slabs=1, time_limit=share.seconds)
        events = _tagged(callback, index, count, lambda: (pieces, compiled.name, settings))
        keywords = hints(previous) if hints is not None else {}
        try:
            piece = strategy(
                problem, slab_settings, callback=events, resume=resume, budget=share, **keywords
            )
        except TrainingInterrupted as interrupt:
            pieces.append(_validated(interrupt.solution))
            raise TrainingInterrupted(
                assemble(compiled, settings, pieces, split, False, "interrupted", decision, before)
            ) from None
        except PinnlsError as error:
            partial = getattr(error, "solution", None)
            if partial is not None:
                error.solution = assemble(
                    compiled,
                    settings,
                    [*pieces, _validated(partial)],
                    split,
                    False,
                    partial.stop_reason,
                    decision,
                    before,
                )
            raise
        resume = None
        pieces.append(_validated(piece))
    return assemble(
        compiled, settings, pieces, split, True, pieces[-1].stop_reason, decision, before
    )


def _restore(
    state: Mapping[str, Any], compiled: CompiledProblem, settings: Settings, split: Plan
) -> tuple[list[Solution], dict | None]:
    """Rebuild the finished slabs of a checked slab checkpoint.

    Parameters
    ----------
    state : mapping
        A checkpoint that :func:`check` accepted for ``compiled`` and ``settings``.
    compiled : CompiledProblem
    settings : Settings
    split : Plan

    Returns
    -------
    pieces : list of Solution
        The finished slabs, each with its basis and coefficients as saved.
    resume : dict or None
        The state of the slab the run stopped in, to continue it; None when it had finished.

    Raises
    ------
    CheckpointError
        No slabs in the checkpoint, more than the run has, or tensors that do not fit.
    """
    saved = state.get("slabs")
    if not isinstance(saved, list) or not saved or len(saved) > split.count:
        raise CheckpointError(
            f"the checkpoint holds no slabs of a {split.count}-slab run; rerun without --resume"
        )
    from pinnls.numeric.basis import load_saved

    device = resolve_device(settings.device)
    pieces: list = []
    for index, entry in enumerate(saved):
        if not entry.get("complete", False):
            return pieces, dict(entry)
        problem = slab_problem(
            compiled, split, index, pieces[-1] if pieces else None, settings.seed
        )
        try:
            piece_settings = Settings.from_mapping(entry["settings"]).replace(
                device=settings.device
            )
            basis = build_basis(problem, piece_settings, device=device)
            load_saved(basis, entry["basis"])
            coefficients = entry["coefficients"].to(device, DTYPES[piece_settings.dtype])
            piece = Solution(
                compiled=problem,
                settings=piece_settings,
                basis=basis,
                coefficients=coefficients,
                history=History.from_state(entry["history"]),
                complete=True,
                stop_reason=str(entry["stop_reason"]),
                iterations=int(entry["iteration"]),
                wall=float(entry["wall"]),
                rank=int(entry["rank"]),
                condition=float(entry["condition"]),
                optimizer_state=entry["optimizer"],
            )
        except (KeyError, RuntimeError, ValueError, TypeError, AttributeError) as error:
            raise CheckpointError(
                f"slab {index} of the checkpoint does not fit this problem: {error}"
            ) from None
        pieces.append(piece)
    return pieces, None


def _tagged(callback, index: int, count: int, run):
    """The strategy's events for slab ``index`` with ``slab`` and ``slabs`` added; an event's
    ``checkpoint`` becomes the whole run's: the finished slabs and this one's state
    (``run()`` gives the finished pieces, the problem's name and the run's settings)."""
    if callback is None:
        return None

    def events(event: dict) -> None:
        event = {**event, "slab": index, "slabs": count}
        current = event.get("checkpoint")
        if current is not None:

            def whole() -> dict:
                pieces, name, settings = run()
                return checkpoint.joined(
                    [*(checkpoint.entry(piece) for piece in pieces), current()], settings, name
                )

            event["checkpoint"] = whole
        callback(event)

    return events


def _validated(piece: Solution) -> Solution:
    """The slab with its estimate from fresh points (the automatic strategy has one)."""
    if piece.validation is None:
        try:
            piece.validation = fresh_residuals(
                piece.compiled, piece.basis, piece.coefficients, piece.settings.seed
            )
        except (PinnlsError, RuntimeError, ValueError):
            piece.validation = None  # a diverged partial slab; the joined estimate is None
    return piece


def assemble(
    compiled: CompiledProblem,
    settings: Settings,
    pieces: list[Solution],
    split: Plan,
    complete: bool,
    reason: str,
    decision: Mapping[str, Any] | None = None,
    before: float = 0.0,
) -> Solution:
    """The slabs joined into one :class:`Solution` over the whole problem.

    Its history is the slabs' histories in order (``slab`` column, iterations and seconds
    running on); its validation estimate adds the slabs' absolute estimates, since an error
    made in one slab is carried into the next, relative to the largest slab's data
    (``validation["slabs"]`` lists each slab's own relative estimate); its
    ``strategy`` records every slab (interval, width, estimate, error, interface jumps).
    """
    history = History(list(pieces[0].history.terms))
    offset_iteration, offset_wall = 0, float(before)
    for index, piece in enumerate(pieces):
        h = piece.history
        for row in range(len(h)):
            history.append(
                offset_iteration + h.iteration[row],
                h.loss[row],
                {name: values[row] for name, values in h.terms.items()},
                h.error[row],
                h.rank[row],
                h.condition[row],
                offset_wall + h.wall[row],
                slab=index,
            )
        offset_iteration += (h.iteration[-1] + 1) if len(h) else 0
        offset_wall += piece.wall
    last = pieces[-1]
    joined = Solution(
        compiled=compiled,
        settings=settings,
        basis=last.basis,
        coefficients=last.coefficients,
        history=history,
        complete=complete and len(pieces) == split.count,
        stop_reason=reason,
        iterations=sum(piece.iterations for piece in pieces),
        wall=float(before) + sum(piece.wall for piece in pieces),
        rank=min(piece.rank for piece in pieces),
        condition=max(piece.condition for piece in pieces),
        optimizer_state=last.optimizer_state,
        validation=_joined_validation(pieces, split.initial),
        strategy=None,
        slabs=tuple(pieces),
    )
    joined.strategy = _record(joined, split, decision)
    return joined


def _joined_validation(
    pieces: list[Solution], carried: tuple[str, ...] = ()
) -> dict[str, Any] | None:
    """The slabs' estimates joined: see :func:`assemble`; ``carried`` names the terms whose
    data a later slab takes from the one before (see :func:`_scale`). ``through_slabs``: the
    joined total of the slabs so far, at each slab's end; ``quadrature``: a particular
    solution's bound by quadrature, every total's floor (as in one slab's estimate)."""
    estimates = [piece.validation for piece in pieces]
    if any(estimate is None for estimate in estimates):
        return None
    terms: dict[str, dict[str, Any]] = {}
    for estimate in estimates:
        for name, values in estimate["terms"].items():
            kept = terms.get(name)
            if kept is None or (values["rms"] > kept["rms"]):
                terms[name] = dict(values)
    # An error left in slab k is the next slab's initial data: the estimates add (for
    # transport, which carries errors unchanged, the sum bounds the final one). Each is taken
    # relative to the largest data of a slab: relative to its own, a slab that a pulse has
    # left (data ~1e-45) read 1e33 and called a solution with a true error of 6e-8
    # unresolved. A later slab's carried data are the previous slab's values, the true ones
    # give or take the error carried so far, which the sum itself bounds: they count less
    # that bound (_scale), so data that are mostly error count for little. Not counted at
    # all, a solution that grows by itself (u_t = u_xx + (pi^2 + 3) u, 8 slabs, rel L2 9e-11)
    # read 15 and was called unresolved. No residual tells an error the march amplifies from
    # such growth: a 50-slab Wave 2d-MS march whose error grew to 1.9e9 reads 0.24 (flagged,
    # but far too low; docs/benchmarks.md section 32).
    scales, carried_error = [], 0.0
    for index, estimate in enumerate(estimates):
        scales.append(_scale(estimate, carried if index else (), carried_error))
        carried_error += estimate["total_absolute"]
    # the same sum over the slabs so far: the estimate at each slab's end (history.png draws
    # it), which counts the error carried in, where a slab's own estimate does not
    through = []
    for count in range(1, len(estimates) + 1):
        sizes = scales[:count]
        if all(scale is not None for scale in sizes) and max(sizes) > 0:
            absolute = sum(estimate["total_absolute"] for estimate in estimates[:count])
            through.append(float(absolute / max(sizes)))
        else:
            through.append(float(sum(estimate["total"] for estimate in estimates[:count])))
    # a particular solution by quadrature: its bound is every estimate's floor (validation)
    floor = max((float(e.get("quadrature", 0.0)) for e in estimates), default=0.0)
    through = [max(value, floor) for value in through]
    total = through[-1]
    return {
        **({"quadrature": floor} if floor > 0 else {}),
        "total": float(total),
        "through_slabs": through,
        "total_absolute": float(math.sqrt(sum(e["total_absolute"] ** 2 for e in estimates))),
        "loss": float(sum(estimate["loss"] for estimate in estimates)),
        "terms": terms,
        "slabs": [float(estimate["total"]) for estimate in estimates],
    }


def _scale(estimate: dict[str, Any], carried: tuple[str, ...], error: float) -> float | None:
    """The size of a slab's data, ``sqrt(sum_k eps_k mean f_k^2)``, where the RMS of a term in
    ``carried`` counts less ``error / sqrt(eps_k)`` (at least 0): ``error`` bounds the values
    carried in, the slabs' absolute estimates so far. The estimate's own ``scale`` when it
    lacks per-term weights."""
    squares = 0.0
    for name, values in estimate["terms"].items():
        weight = values.get("weight")
        if weight is None:
            return estimate.get("scale")
        size = values["rhs_rms"]
        if name in carried and weight > 0:
            size = max(0.0, size - error / math.sqrt(weight))
        squares += weight * size**2
    return math.sqrt(squares)


def _record(joined: Solution, split: Plan, decision: SlabDecision | None) -> SlabsRecord:
    """Per slab: interval, basis, estimate, error and interface jumps."""
    jumps = interface_jumps(joined, split)
    rows = []
    for index, piece in enumerate(joined.slabs):
        errors = piece.errors(points_per_axis=_points(piece.compiled.dim))
        rows.append(
            SlabRecord(
                slab=index,
                interval=(float(split.bounds[index]), float(split.bounds[index + 1])),
                width=piece.settings.width,
                activation=piece.settings.activation,
                rows=int(piece.compiled.rows),
                seconds=float(piece.wall),
                complete=bool(piece.complete),
                stop_reason=piece.stop_reason,
                validation=None if piece.validation is None else piece.validation["total"],
                rel_l2_error=None if errors is None else errors["rel_l2"],
                max_error=None if errors is None else errors["max"],
                jump=jumps[index - 1] if index > 0 else None,
                auto=getattr(piece.strategy, "chosen", None),
            )
        )
    inner = joined.slabs[0].strategy
    return SlabsRecord(
        slabs=split.count,
        finished=len(joined.slabs),
        axis=joined.compiled.axes[split.axis],
        carried=tuple(split.initial),
        per_slab=tuple(rows),
        strategy=None if inner is None else inner.name,
        decision=decision,
    )


def _points(dim: int) -> int:
    return max(2, min(101, int(20_000 ** (1 / dim))))


def interface_jumps(joined: Solution, split: Plan) -> list[dict[str, Any]]:
    """The jumps at each interface between finished slabs.

    For each carried condition (the operator of each initial-face term), the values of the
    slabs on both sides at ``t = t_k`` on a grid of the spatial axes are compared.

    Returns
    -------
    list of dict
        One per interface: ``time``, and per carried term ``max`` (largest absolute jump) and
        ``relative`` (L2 norm of the jump over that of the earlier slab's values; None where
        those are zero).
    """
    out = []
    axis = split.axis
    compiled = joined.compiled
    spatial = [a for a in range(compiled.dim) if a != axis]
    per_axis = max(2, int(JUMP_POINTS ** (1 / max(1, len(spatial)))))
    ticks = [np.linspace(compiled.lower[a], compiled.upper[a], per_axis) for a in spatial]
    mesh = np.meshgrid(*ticks, indexing="ij") if ticks else []
    terms = {term.name: term for term in compiled.terms}
    for index in range(1, len(joined.slabs)):
        at = float(split.bounds[index])
        points = np.empty((mesh[0].size if mesh else 1, compiled.dim))
        for a, m in zip(spatial, mesh, strict=True):
            points[:, a] = m.ravel()
        points[:, axis] = at
        entry: dict[str, Any] = {"time": at}
        for name in split.initial:
            term = terms[name]
            parts = moved_parts(term.parts, axis, at)
            # Points of the term's own face: its fixed spatial axes (a corner condition) too.
            where = points.copy()
            for a, value in term.cloud.fixed if term.cloud is not None else ():
                where[:, a] = at if a == axis else value
            before = apply_operator(parts, joined.slabs[index - 1], where)
            after = apply_operator(parts, joined.slabs[index], where)
            norm = float(np.linalg.norm(before))
            jump = after - before
            entry[name] = {
                "max": float(np.max(np.abs(jump))),
                "relative": float(np.linalg.norm(jump)) / norm if norm > 0 else None,
            }
        out.append(entry)
    return out
