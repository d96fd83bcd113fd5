"""Time-slab marching: the time interval split into slabs, solved in order.

One space-time basis must resolve every oscillation of the whole domain at once, so its width
(and the cost, ~w^3) grows with the horizon. Marching (locELM's block time-marching, Dong & Li
2021) solves slab ``k`` on ``[t_k, t_{k+1}]`` with a basis of its own, so the cost grows
linearly with the horizon:

- every term that does not fix time (the equation, boundary and periodic conditions) holds on
  every slab, on the slab's part of its cloud (a grid keeps its spacing; random and Sobol
  clouds keep their density);
- every condition on the initial face ``t = t_0`` carries over to each interface ``t = t_k`` as
  the previous slab's values of the same operator: ``u(x, t_k) = u_{k-1}(x, t_k)``, and for the
  wave equation also ``u_t(x, t_k) = d/dt u_{k-1}(x, t_k)``.

A problem can march only when every condition on the time axis sits on the initial face
(:func:`plan` says why not otherwise). The slabs are equal in length.
"""

from __future__ import annotations

import dataclasses
import math
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from pinnls.clouds import Grid, PointSpec, Random, Sobol, sample
from pinnls.errors import PinnlsError, PinnlsWarning, ProblemError
from pinnls.operators import CompiledProblem, CompiledTerm, OperatorPart, marching_terms
from pinnls.settings import Settings
from pinnls.solution import History, Solution
from pinnls.training import distributed
from pinnls.training.loop import TrainingInterrupted
from pinnls.training.validation import fresh_residuals

#: The start of the automatic strategy's "not resolved" warning (stages.py), which a slab's
#: run keeps to itself; and the joined estimate above which the marched run warns instead.
UNRESOLVED = "the automatic strategy's best validation estimate"
UNRESOLVED_ESTIMATE = 1e-2

__all__ = ["Plan", "plan", "slab_problem", "run", "assemble", "interface_jumps"]

#: Points per free axis of an interface for the jump measurements (all spatial axes).
JUMP_POINTS = 4096


@dataclasses.dataclass(frozen=True)
class Plan:
    """How a problem's time interval is split.

    Attributes
    ----------
    axis : int
        Index of the time axis.
    bounds : (n + 1,) float64 ndarray
        ``t_0 < t_1 < ... < t_n``.
    initial : tuple of str
        The terms on the initial face, carried over at every interface.
    """

    axis: int
    bounds: np.ndarray
    initial: tuple[str, ...]

    @property
    def count(self) -> int:
        """Number of slabs n."""
        return len(self.bounds) - 1


def plan(compiled: CompiledProblem, slabs: int) -> Plan:
    """Split the time axis into ``slabs`` equal slabs, after checking that the problem marches.

    Parameters
    ----------
    compiled : CompiledProblem
    slabs : int
        At least 1.

    Raises
    ------
    ProblemError
        No time axis (with more than one slab); a term that fixes time anywhere but the initial
        face (a final condition, or one that links two times); no condition on the initial face.
    """
    initial = marching_terms(compiled, slabs)
    if initial is None:
        return Plan(0, np.array([0.0, 1.0]), ())
    axis = compiled.time_axis
    bounds = np.linspace(float(compiled.lower[axis]), float(compiled.upper[axis]), slabs + 1)
    return Plan(axis, bounds, initial)


def slab_problem(
    compiled: CompiledProblem,
    split: Plan,
    index: int,
    previous: Solution | None,
    seed: int,
) -> CompiledProblem:
    """Slab ``index`` of the problem, on its own box.

    Parameters
    ----------
    compiled : CompiledProblem
    split : Plan
    index : int
    previous : Solution or None
        The solution of slab ``index - 1``; its values (through each carried condition's
        operator) are the right-hand side at the interface. None for the first slab.
    seed : int
        Seeds the slab's random and Sobol clouds.

    Returns
    -------
    CompiledProblem
        ``lower``/``upper`` are the slab's box; the problem itself when there is one slab.
    """
    if split.count == 1:
        return compiled
    axis = split.axis
    lo, hi = float(split.bounds[index]), float(split.bounds[index + 1])
    lower, upper = compiled.lower.copy(), compiled.upper.copy()
    lower[axis], upper[axis] = lo, hi
    box = dataclasses.replace(compiled, lower=lower, upper=upper)
    fraction = (hi - lo) / float(compiled.upper[axis] - compiled.lower[axis])
    terms = []
    for term in compiled.terms:
        if term.name in split.initial:
            if index == 0:
                terms.append(term)  # the file's own initial data, on its own cloud
            else:
                terms.append(_carried(term, compiled, axis, lo, previous))
            continue
        terms.append(_on_slab(box, term, axis, fraction, index, seed))
    return dataclasses.replace(box, terms=tuple(terms))


def _on_slab(
    box: CompiledProblem, term: CompiledTerm, axis: int, fraction: float, index: int, seed: int
) -> CompiledTerm:
    """A term free in time, on the slab's part of its cloud."""
    cloud = term.cloud
    if cloud is None or term.source_function is None:
        raise ProblemError(f"term '{term.name}' has no cloud description; it cannot be split")
    fixed = dict(cloud.fixed)
    free = [a for a in range(box.dim) if a not in fixed]
    spec = _slab_spec(cloud.spec, fraction, free.index(axis), len(free))
    points = sample(box, spec, fixed, seed=seed, salt=f"{cloud.salt}/slab{index}")
    return term.at(points, spec)


def _slab_spec(spec: PointSpec, fraction: float, time_index: int, free: int) -> PointSpec:
    """The slab's part of a cloud: a grid keeps its spacing (or its count per unit of time);
    random and Sobol clouds keep their density."""
    if isinstance(spec, Grid):
        if spec.n is None:
            return spec
        counts = list(spec.n) if isinstance(spec.n, tuple) else [spec.n] * free
        counts[time_index] = max(1, round(counts[time_index] * fraction))
        return Grid(n=tuple(counts))
    size = max(1, math.ceil(spec.n * fraction))
    return Random(size) if isinstance(spec, Random) else Sobol(size)


def _carried(
    term: CompiledTerm, compiled: CompiledProblem, axis: int, at: float, previous: Solution
) -> CompiledTerm:
    """An initial condition moved to the interface ``t = at``, with the previous slab's values
    of its operator as the right-hand side."""
    parts = _moved_parts(term.parts, axis, at)

    def source(points: np.ndarray) -> np.ndarray:
        return _apply(parts, previous, points)

    cloud = dataclasses.replace(term.cloud, fixed=_moved(term.cloud.fixed, axis, at))
    moved = dataclasses.replace(
        term,
        parts=parts,
        source_function=source,
        cloud=cloud,
        location=term.location.replace(
            f"{compiled.axes[axis]}={compiled.lower[axis]:g}", f"{compiled.axes[axis]}={at:g}"
        ),
    )
    points = np.array(term.points, dtype=np.float64, copy=True)
    points[:, axis] = at
    return moved.at(points)


def _moved(fixed: tuple[tuple[int, float], ...], axis: int, at: float) -> tuple:
    """A point map with the time axis fixed at ``at`` instead (the initial face moved to an
    interface)."""
    return tuple((a, at if a == axis else v) for a, v in fixed)


def _moved_parts(parts: tuple[OperatorPart, ...], axis: int, at: float) -> tuple:
    return tuple(dataclasses.replace(part, fixed=_moved(part.fixed, axis, at)) for part in parts)


def _apply(parts: tuple[OperatorPart, ...], solution: Solution, points: np.ndarray) -> np.ndarray:
    """``sum_parts coefficient(x) * D^alpha u(x')`` of a solution, shape (n,)."""
    out = np.zeros(points.shape[0])
    for part in parts:
        values = solution.derivative(
            part.evaluation_points(points),
            part.derivative,
            part.unknown if solution.compiled.is_system else None,
        )
        out += part.coefficient(points) * values
    return out


# -- running -------------------------------------------------------------------------------------


def run(
    compiled: CompiledProblem,
    settings: Settings,
    strategy: Callable[..., Solution],
    callback: Callable[[dict], None] | None = None,
    resume: Mapping[str, Any] | None = None,
    budget: float | None = None,
    chosen: Callable[[Solution], Mapping[str, Any]] | None = None,
    decision: Mapping[str, Any] | None = None,
    before: float = 0.0,
) -> Solution:
    """Solve the slabs in order with one strategy and join them.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        ``time_slabs`` slabs; every slab is solved with these settings (``time_slabs`` 1, and
        ``time_limit`` its share of what is left).
    strategy : callable
        ``strategy(problem, settings, callback=..., resume=..., **hints)``, e.g. ``lsgd.run``.
    callback : callable, optional
        Receives the strategy's events with ``slab`` (index) and ``slabs`` (count) added.
    resume : mapping, optional
        A checked checkpoint of a slab run (:func:`pinnls.training.checkpoint.check`): its
        finished slabs are rebuilt and the slab it stopped in continues.
    budget : float, optional
        Seconds for all slabs (default ``settings.time_limit``; None: no limit).
    chosen : callable, optional
        ``previous slab's solution (None for the first) -> hints``, keywords passed to the
        strategy of the next slab (the automatic strategy starts each slab from the previous
        one's choice).
    decision : mapping, optional
        How the number of slabs was chosen, recorded in ``strategy["decision"]``.
    before : float
        Seconds already spent deciding (the automatic strategy's probes), counted in ``wall``.

    Raises
    ------
    ProblemError
        The problem cannot march (:func:`plan`).
    TrainingInterrupted, SolverError
        As the strategy raises them; ``error.solution`` holds the slabs so far, joined.
    """
    count = settings.time_slabs or 1
    split = plan(compiled, count)
    started = time.perf_counter()
    total = budget if budget is not None else settings.time_limit
    pieces: list[Solution] = []
    if resume is not None:
        from pinnls.training.checkpoint import restore_slabs  # checkpoint imports solutions

        pieces, resume = restore_slabs(resume, compiled, settings, split, slab_problem)
    for index in range(len(pieces), count):
        previous = pieces[-1] if pieces else None
        problem = slab_problem(compiled, split, index, previous, settings.seed)
        share = None
        if total is not None:
            left = distributed.first_value(total - (time.perf_counter() - started))
            share = max(left / (count - index), 1e-3)
        slab_settings = settings.replace(time_slabs=1, time_limit=share)
        events = _tagged(callback, index, count)
        hints = chosen(pieces[-1] if pieces else None) if chosen is not None else {}
        try:
            with warnings.catch_warnings():
                # A slab judges itself against its own data, which is near zero once the
                # solution has left it; the joined estimate (relative to the largest slab's
                # data) is judged once at the end instead.
                warnings.filterwarnings("ignore", message=UNRESOLVED, category=PinnlsWarning)
                piece = strategy(problem, slab_settings, callback=events, resume=resume, **hints)
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
    joined = assemble(
        compiled, settings, pieces, split, True, pieces[-1].stop_reason, decision, before
    )
    total = (joined.validation or {}).get("total")
    if chosen is not None and total is not None and total > UNRESOLVED_ESTIMATE:
        warnings.warn(
            f"the automatic strategy's validation estimate over its {count} time slabs is "
            f"{total:.2g} (relative residual on fresh points, summed over the slabs): the "
            f"solution is not resolved; a longer --time-limit or more slabs may help",
            PinnlsWarning,
            stacklevel=3,
        )
    return joined


def _tagged(callback, index: int, count: int):
    if callback is None:
        return None

    def events(event: dict) -> None:
        callback({**event, "slab": index, "slabs": count})

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
    running on); its validation estimate adds the slabs' relative estimates, since an error
    made in one slab is carried into the next (``validation["slabs"]`` lists each); its
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
        validation=_joined_validation(pieces),
        strategy=None,
        slabs=tuple(pieces),
    )
    joined.strategy = _record(joined, split, decision)
    return joined


def _joined_validation(pieces: list[Solution]) -> dict[str, Any] | None:
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
    # relative to the largest slab's data: relative to its own, a slab that a pulse has left
    # (data ~1e-45) read 1e33 and called a solution with a true error of 6e-8 unresolved.
    scales = [estimate.get("scale") for estimate in estimates]
    if all(scale is not None for scale in scales) and max(scales) > 0:
        total = sum(estimate["total_absolute"] for estimate in estimates) / max(scales)
    else:
        total = sum(estimate["total"] for estimate in estimates)
    return {
        "total": float(total),
        "total_absolute": float(math.sqrt(sum(e["total_absolute"] ** 2 for e in estimates))),
        "loss": float(sum(estimate["loss"] for estimate in estimates)),
        "terms": terms,
        "slabs": [float(estimate["total"]) for estimate in estimates],
    }


def _record(joined: Solution, split: Plan, decision) -> dict[str, Any]:
    """Per slab: interval, basis, estimate, error and interface jumps (``strategy["slabs"]``)."""
    jumps = interface_jumps(joined, split)
    rows = []
    for index, piece in enumerate(joined.slabs):
        errors = piece.errors(points_per_axis=_points(piece.compiled.dim))
        rows.append(
            {
                "slab": index,
                "interval": [float(split.bounds[index]), float(split.bounds[index + 1])],
                "width": piece.settings.width,
                "activation": piece.settings.activation,
                "rows": int(piece.compiled.rows),
                "seconds": float(piece.wall),
                "complete": bool(piece.complete),
                "stop_reason": piece.stop_reason,
                "validation": None if piece.validation is None else piece.validation["total"],
                "rel_l2_error": None if errors is None else errors["rel_l2"],
                "max_error": None if errors is None else errors["max"],
                "jump": jumps[index - 1] if index > 0 else None,
                "auto": piece.strategy.get("chosen") if piece.strategy else None,
            }
        )
    inner = joined.slabs[0].strategy
    return {
        "name": "slabs",
        "slabs": split.count,
        "finished": len(joined.slabs),
        "axis": joined.compiled.axes[split.axis],
        "carried": list(split.initial),
        "per_slab": rows,
        "strategy": None if inner is None else inner.get("name"),
        "decision": None if decision is None else dict(decision),
    }


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
            parts = _moved_parts(term.parts, axis, at)
            # Points of the term's own face: its fixed spatial axes (a corner condition) too.
            where = points.copy()
            for a, value in term.cloud.fixed if term.cloud is not None else ():
                where[:, a] = at if a == axis else value
            before = _apply(parts, joined.slabs[index - 1], where)
            after = _apply(parts, joined.slabs[index], where)
            norm = float(np.linalg.norm(before))
            jump = after - before
            entry[name] = {
                "max": float(np.max(np.abs(jump))),
                "relative": float(np.linalg.norm(jump)) / norm if norm > 0 else None,
            }
        out.append(entry)
    return out
