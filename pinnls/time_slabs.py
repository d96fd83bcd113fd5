"""Time slabs at the level of compiled problems: the split of the time axis, and each slab's
own compiled problem.

One space-time basis must resolve every oscillation of the whole domain at once, so its width
(and the cost, ~w^3) grows with the horizon. Marching (locELM's block time-marching, Dong & Li
2021) solves slab ``k`` on ``[t_k, t_{k+1}]`` with a basis of its own, so the cost grows
linearly with the horizon. This module rewrites the compiled problem for one slab (the
running, joining and measuring is :mod:`pinnls.training.slabs`'):

- every term that does not fix time (the equation, boundary and periodic conditions) holds on
  every slab, on the slab's part of its cloud (a grid keeps its spacing; random and Sobol
  clouds keep their density);
- every condition on the initial face ``t = t_0`` carries over to each interface ``t = t_k`` as
  the previous slab's values of the same operator: ``u(x, t_k) = u_{k-1}(x, t_k)``, and for the
  wave equation also ``u_t(x, t_k) = d/dt u_{k-1}(x, t_k)``.

A problem can march only when every condition on the time axis sits on the initial face
(:func:`plan` says why not otherwise). The slabs are equal in length. Torch-free: ``pinnls
check`` plans slabs too.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Protocol

import numpy as np

from pinnls.clouds import Grid, PointSpec, Random, Sobol
from pinnls.errors import ProblemError
from pinnls.operators import CompiledProblem, CompiledTerm, OperatorPart
from pinnls.particular import Applied

__all__ = ["Plan", "plan", "slab_problem", "moved_parts", "apply_operator", "Field"]


class Field(Protocol):
    """What a slab's carried conditions read from the previous slab: its compiled problem and
    its derivatives at points (a :class:`~pinnls.solution.Solution`)."""

    compiled: CompiledProblem

    def derivative(
        self, points: np.ndarray, alpha: tuple[int, ...], unknown: int | str | None = None
    ) -> np.ndarray: ...


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
    axis = compiled.time_axis
    if axis is None:
        if slabs > 1:
            raise ProblemError(
                f"time_slabs={slabs} needs a time axis, and problem '{compiled.name}' has none "
                f"(axes {', '.join(compiled.axes)}): declare Problem(..., time=...) or name an "
                f"axis t"
            )
        return Plan(0, np.array([0.0, 1.0]), ())
    name, start = compiled.axes[axis], float(compiled.lower[axis])
    if compiled.unknown_fixed and slabs > 1:
        held = next(i for i, fixed in enumerate(compiled.unknown_fixed) if fixed)
        raise ProblemError(
            f"the unknown {compiled.unknowns[held]} does not take {name}, so it is one function "
            f"over every time slab, which slabs solved one after another cannot share; solve "
            f"with --time-slabs 1"
        )
    for term in compiled.terms:
        if term.kind == "data" and slabs > 1:
            raise ProblemError(
                f"term '{term.name}' holds observations at fixed points, which time slabs "
                f"do not split; solve with --time-slabs 1"
            )
    for term in compiled.terms:
        cloud = term.cloud
        if cloud is None or cloud.region is None or cloud.grown_by_drawing:
            continue
        fixed = dict(cloud.fixed)
        if axis not in fixed:  # a term at a fixed time is carried or refused below
            # a region of the box's boundary (on=box.boundary.where(...)) has no time among
            # its free axes: _on_slab could not cut it (a ValueError mid-solve)
            if axis not in cloud.region.free_axes(fixed):
                raise ProblemError(
                    f"term '{term.name}' lies on a region of the boundary that time slabs "
                    f"cannot cut along {name}; solve with --time-slabs 1"
                )
    initial = []
    for term in compiled.terms:
        times = {value for part in term.parts for a, value in part.fixed if a == axis}
        if term.cloud is not None:
            times |= {value for a, value in term.cloud.fixed if a == axis}
        if not times:
            continue
        if times != {start}:
            shown = ", ".join(f"{name}={value:g}" for value in sorted(times))
            raise ProblemError(
                f"term '{term.name}' fixes {shown}: time slabs carry only conditions on the "
                f"initial face {name}={start:g} from slab to slab; solve with --time-slabs 1"
            )
        initial.append(term.name)
    if not initial:
        raise ProblemError(
            f"time slabs need a condition on the initial face {name}={start:g} (each slab "
            f"starts from the previous one's values there), and problem '{compiled.name}' has "
            f"none; solve with --time-slabs 1"
        )
    bounds = np.linspace(start, float(compiled.upper[axis]), slabs + 1)
    return Plan(axis, bounds, tuple(initial))


def slab_problem(
    compiled: CompiledProblem,
    split: Plan,
    index: int,
    previous: Field | None,
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
    # a later slab's heat kernel rows are the whole interval's (pinnls.singular.singular_spec):
    # a layer that started at t0, or a flux's corner, goes on into every slab
    origin = compiled if index > 0 else None
    return dataclasses.replace(box, terms=tuple(terms), origin=origin)


def _on_slab(
    box: CompiledProblem, term: CompiledTerm, axis: int, fraction: float, index: int, seed: int
) -> CompiledTerm:
    """A term free in time, on the slab's part of its cloud."""
    cloud = term.cloud
    if cloud is None or term.source_function is None:
        raise ProblemError(f"term '{term.name}' has no cloud description; it cannot be split")
    fixed = dict(cloud.fixed)
    salt = f"{cloud.salt}/slab{index}"
    if cloud.grown_by_drawing:
        # An inflow region's pieces each vary over d - 1 axes, time among them but not at one
        # position: a grid keeps its counts per piece, random and Sobol clouds their density.
        spec = (
            cloud.spec if isinstance(cloud.spec, Grid) else _slab_spec(cloud.spec, fraction, 0, 1)
        )
        spec, points = cloud.draw(box.lower, box.upper, spec, seed, salt, minimum=1)
        return term.at(points, spec)
    free = [a for a in range(box.dim) if a not in fixed]
    if cloud.region is not None:  # a shape's boundary varies over its arc length and time
        free = cloud.region.free_axes(fixed)
    spec = _slab_spec(cloud.spec, fraction, free.index(axis), len(free))
    _, points = cloud.draw(box.lower, box.upper, spec, seed, salt)
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
    term: CompiledTerm, compiled: CompiledProblem, axis: int, at: float, previous: Field
) -> CompiledTerm:
    """An initial condition moved to the interface ``t = at``, with the previous slab's values
    of its operator as the right-hand side."""
    parts = moved_parts(term.parts, axis, at)
    particular = compiled.particular
    applied = None if particular is None else Applied(particular, parts)

    def source(points: np.ndarray) -> np.ndarray:
        values = apply_operator(parts, previous, points)
        # the previous slab's values hold u_p; this slab's network fits w = u - u_p
        return values if applied is None else values - applied(points)

    cloud = dataclasses.replace(term.cloud, fixed=_moved(term.cloud.fixed, axis, at))
    # the data's jumps carried to the interface: the previous slab's values jump there
    carried = compiled.carried_jumps()
    jumps = () if carried is None else tuple((tuple(n), float(b)) for n, b in zip(*carried[:2]))
    moved = dataclasses.replace(
        term,
        parts=parts,
        source_function=source,
        particular_part=applied,
        cloud=cloud,
        jumps=jumps,
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


def moved_parts(parts: tuple[OperatorPart, ...], axis: int, at: float) -> tuple:
    return tuple(dataclasses.replace(part, fixed=_moved(part.fixed, axis, at)) for part in parts)


def apply_operator(parts: tuple[OperatorPart, ...], field: Field, points: np.ndarray) -> np.ndarray:
    """``sum_parts coefficient(x) * D^alpha u(x')`` of a field, shape (n,).

    Parameters
    ----------
    parts : tuple of OperatorPart
        One term's operator.
    field : Field
        The function it applies to (a solution: anything with ``derivative`` and
        ``compiled``).
    points : (n, d) float64 ndarray
    """
    out = np.zeros(points.shape[0])
    for part in parts:
        values = field.derivative(
            part.evaluation_points(points),
            part.derivative,
            part.unknown if field.compiled.is_system else None,
        )
        out += part.coefficient(points) * values
    return out
