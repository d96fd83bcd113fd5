"""First-order transport: the velocity of an equation, the inflow part of the boundary, and the
well-posedness check.

A first-order equation for one unknown, ``c(x) u_t + a(x) . grad u + b(x) u = f``, carries data
along its characteristics, with the velocity ``a / c`` (``a`` where there is no time axis). It
needs data exactly where the flow enters the domain, on the part of the spatial boundary where
``a . n < 0`` (n the outward unit normal), and data where it leaves over-determines it.

- :class:`Velocity` is read from the compiled equation's first-order parts (its coefficients
  may vary in space and time).
- :class:`InflowRegion` is the cloud of ``problem.inflow(...)``: points of the spatial boundary
  (from a boundary sampler, :mod:`pinnls.boundary`) kept where ``a . n < 0``, which the numeric
  side redraws, refines and splits into time slabs like any other cloud.
- :func:`assess` samples each piece of the boundary over the time interval and finds the inflow
  points that no condition covers (:func:`require_well_posed` refuses them in one line) and the
  conditions that sit where the flow only leaves (a warning). A system of several unknowns is
  judged through its characteristic speeds, the eigenvalues of ``T^-1 sum_j A_j n_j``, where
  they are real; otherwise (and for second-order problems) nothing is checked.

numpy only (layer 2).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from pinnls.boundary import BoundarySample, BoxFaces
from pinnls.clouds import Grid, PointSpec, count, refine
from pinnls.errors import ProblemError, warn

__all__ = [
    "TOLERANCE",
    "Velocity",
    "Characteristics",
    "InflowRegion",
    "Assessment",
    "velocity",
    "characteristics",
    "assess",
    "require_well_posed",
]

#: ``a . n`` counts as inflow below ``-TOLERANCE * max |a|`` on the boundary (and as outflow
#: above ``+TOLERANCE * max |a|``): a face along which the flow runs (``x u_x`` at x = 0) is
#: neither, whatever the rounding of its coefficients.
TOLERANCE = 1e-8

#: Points per free axis on each piece when the check samples the boundary (capped in total).
_CHECK_PER_AXIS = 17
_CHECK_TOTAL = 20_000


def _first_order_axis(derivative: tuple[int, ...]) -> int | None:
    """The axis of a first derivative (None for any other multi-index)."""
    if sum(derivative) != 1:
        return None
    return int(np.argmax(derivative))


@dataclasses.dataclass(frozen=True)
class Velocity:
    """The velocity ``a(x) / c(x)`` of a first-order equation for one unknown.

    Attributes
    ----------
    equation : str
        The name of the equation it comes from.
    parts : tuple of OperatorPart
        The equation's first-order parts (coefficient and multi-index).
    space : tuple of int
        The spatial axes (the velocity's components, in this order).
    time_axis : int or None
    """

    equation: str
    parts: tuple
    space: tuple[int, ...]
    time_axis: int | None

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """The velocity at points, shape (n, k) for (n, d) points; NaN where the coefficient
        of the time derivative is zero."""
        points = np.asarray(points, dtype=np.float64)
        spatial = np.zeros((points.shape[0], len(self.space)))
        time = np.zeros(points.shape[0])
        for part in self.parts:
            axis = _first_order_axis(part.derivative)
            values = np.broadcast_to(part.coefficient(points), (points.shape[0],))
            if axis == self.time_axis:
                time = time + values
            elif axis in self.space:
                spatial[:, self.space.index(axis)] += values
        if self.time_axis is None:
            return spatial
        with np.errstate(all="ignore"):
            return spatial / np.where(time == 0, np.nan, time)[:, None]

    def crossing(self, boundary: BoundarySample) -> tuple[np.ndarray, float]:
        """``a . n`` at each boundary point, shape (n,), and the size below ``-size`` of which
        the flow enters there (above ``+size``, leaves): :data:`TOLERANCE` times the largest
        ``|a|`` at those points. Not the largest ``a . n``: a flow tangent to the whole
        boundary (rotation on a disk) has ``a . n`` of rounding size everywhere, which a size
        read from ``a . n`` itself counted as inflow (found in session 28)."""
        field = self(boundary.points)
        speed = np.sum(field * boundary.normals, axis=1)
        return speed, _threshold(np.linalg.norm(field, axis=1))

    def text(self, axes: Sequence[str]) -> str:
        """Where the velocity comes from and its components' axes, for ``pinnls check``."""
        # the axes that a first derivative of the equation runs along (u_t + U(t) u_x = 0
        # on x, y is "along x": the box's other axis has no component)
        moving = {_first_order_axis(part.derivative) for part in self.parts}
        names = [axes[i] for i in self.space if i in moving] or [axes[i] for i in self.space]
        return f"from '{self.equation}' along {', '.join(names)}"


def velocity(terms: Sequence, dim: int, time_axis: int | None) -> Velocity | str:
    """The transport velocity of a problem for one unknown, or why it has none.

    Parameters
    ----------
    terms : sequence of CompiledTerm (or anything with ``name``, ``kind`` and ``parts``)
    dim : int
        The number of axes d.
    time_axis : int or None

    Returns
    -------
    Velocity, or str
        The reason there is no transport velocity: a second-order term (diffusion, a wave),
        no first-order spatial derivative, or several first-order equations.
    """
    space = tuple(i for i in range(dim) if i != time_axis)
    found = []
    for term in terms:
        if term.kind != "equation":
            continue
        orders = [sum(part.derivative) for part in term.parts]
        if max(orders, default=0) > 1:
            return f"equation '{term.name}' is of second order"
        first = tuple(p for p in term.parts if _first_order_axis(p.derivative) is not None)
        if any(_first_order_axis(p.derivative) in space for p in first):
            found.append((term.name, first))
    if not found:
        return "no equation has a first derivative in space"
    if len(found) > 1:
        return f"several first-order equations ({', '.join(name for name, _ in found)})"
    name, parts = found[0]
    if any(part.unknown != 0 for part in parts):
        return "the problem has several unknowns"
    return Velocity(name, parts, space, time_axis)


@dataclasses.dataclass(frozen=True)
class Characteristics:
    """The characteristic speeds of a first-order system ``T u_t + sum_j A_j u_{x_j} + ... = f``
    for m unknowns in m equations: the eigenvalues of ``T^-1 sum_j A_j n_j``.

    Attributes
    ----------
    equations : tuple of str
    parts : tuple of tuple of OperatorPart
        Each equation's first-order parts.
    unknowns : int
        m.
    space : tuple of int
    time_axis : int
    """

    equations: tuple[str, ...]
    parts: tuple
    unknowns: int
    space: tuple[int, ...]
    time_axis: int

    def speeds(self, boundary: BoundarySample) -> np.ndarray | None:
        """The m speeds at each boundary point, shape (n, m) sorted; None where ``T`` is
        singular or a speed is not real somewhere (the system is not hyperbolic there)."""
        n, m = boundary.size, self.unknowns
        time = np.zeros((n, m, m))
        normal = np.zeros((n, m, m))
        for row, parts in enumerate(self.parts):
            for part in parts:
                axis = _first_order_axis(part.derivative)
                values = np.broadcast_to(part.coefficient(boundary.points), (n,))
                if axis == self.time_axis:
                    time[:, row, part.unknown] += values
                elif axis in self.space:
                    column = boundary.normals[:, self.space.index(axis)]
                    normal[:, row, part.unknown] += values * column
        try:
            matrix = np.linalg.solve(time, normal)
        except np.linalg.LinAlgError:
            return None
        values = np.linalg.eigvals(matrix)
        scale = max(1.0, float(np.max(np.abs(values)))) if values.size else 1.0
        if not np.all(np.isfinite(values)) or np.any(np.abs(values.imag) > 1e-8 * scale):
            return None
        return np.sort(values.real, axis=1)


def characteristics(
    terms: Sequence, dim: int, time_axis: int | None, unknowns: int
) -> Characteristics | str:
    """The characteristic speeds of a first-order system, or why they are not used."""
    if time_axis is None:
        return "a system without a time axis is not checked"
    space = tuple(i for i in range(dim) if i != time_axis)
    equations = [term for term in terms if term.kind == "equation"]
    for term in equations:
        if max((sum(p.derivative) for p in term.parts), default=0) > 1:
            return f"equation '{term.name}' is of second order"
    if len(equations) != unknowns:
        return f"{len(equations)} equations for {unknowns} unknowns"
    parts = tuple(
        tuple(p for p in term.parts if _first_order_axis(p.derivative) is not None)
        for term in equations
    )
    if not any(_first_order_axis(p.derivative) in space for row in parts for p in row):
        return "no equation has a first derivative in space"
    return Characteristics(tuple(t.name for t in equations), parts, unknowns, space, time_axis)


def _threshold(speed: np.ndarray) -> float:
    finite = np.abs(speed[np.isfinite(speed)])
    return TOLERANCE * (float(finite.max()) if finite.size else 0.0)


@dataclasses.dataclass(frozen=True)
class InflowRegion:
    """Where ``problem.inflow(...)`` holds: the boundary points with ``a . n < 0``.

    Attributes
    ----------
    boundary : boundary sampler
        ``(lower, upper, spec, seed, salt) -> BoundarySample`` (:mod:`pinnls.boundary`).
    velocity : Velocity
    """

    boundary: object
    velocity: Velocity

    #: The cloud lies on the boundary (:attr:`pinnls.operators.Cloud.on_boundary`).
    on_boundary = True

    def lengths(self, lower: np.ndarray, upper: np.ndarray, fixed) -> list[float]:
        """Unit proxy lengths of the d - 1 axes each piece varies over: the inflow part is
        found by drawing, and :meth:`sized` grows a cloud to a count, not to these."""
        return [1.0] * (len(lower) - 1)

    def aspect(self, fixed, density=None) -> list[float] | None:
        """Relative grid counts along the d - 1 axes of the boundary sampler, where it is a
        shape's (:meth:`pinnls.symbolic.shapes.BoundaryRegion.aspect`); None on a box's faces,
        each of which gets its own grid."""
        region = getattr(self.boundary, "region", None)
        return None if region is None else region.aspect(fixed, density)

    def draw(
        self, lower: np.ndarray, upper: np.ndarray, spec: PointSpec, seed: int, salt: str
    ) -> BoundarySample:
        """The boundary drawn with ``spec``, kept where the flow enters.

        Returns
        -------
        BoundarySample
            Its ``points`` are the term's (m, d) cloud.
        """
        drawn = self.boundary(lower, upper, spec, seed, salt)
        return drawn.subset(self.covers(drawn))

    def covers(self, boundary: BoundarySample) -> np.ndarray:
        """Which boundary points the inflow condition holds at, (n,) bool."""
        speed, limit = self.velocity.crossing(boundary)
        with np.errstate(invalid="ignore"):
            return speed < -limit

    def sized(
        self,
        lower: np.ndarray,
        upper: np.ndarray,
        spec: PointSpec,
        minimum: int,
        seed: int,
        salt: str,
    ) -> tuple[PointSpec, BoundarySample]:
        """The cloud of the same kind as ``spec`` with at least ``minimum`` inflow points.

        The inflow part is found by drawing, so the cloud is grown by the shortfall and drawn
        again (a few times at most; an inflow part of a tiny fraction of the boundary stops at
        what the last draw gave).

        Returns
        -------
        spec : Grid, Random or Sobol
        drawn : BoundarySample
        """
        proxy = [1.0] * (len(lower) - 1)
        drawn = self.draw(lower, upper, spec, seed, salt)
        for _ in range(12):
            if drawn.size >= minimum:
                break
            have = count(spec, proxy)
            ratio = minimum / max(drawn.size, 1) if drawn.size else 4.0
            spec = refine(spec, proxy, math.ceil(have * ratio * 1.05) + 1)
            drawn = self.draw(lower, upper, spec, seed, salt)
        return spec, drawn


@dataclasses.dataclass(frozen=True)
class Piece:
    """What the check found on one piece of the boundary (a face of a box).

    Attributes
    ----------
    name : str
    inflow : float
        The most negative ``a . n`` there (for a system: the most negative speed), NaN when
        nothing was sampled.
    outflow : float
        The largest.
    entering : int
        Points where the flow enters (for a system: the most speeds that enter at one point).
    points : int
        Points sampled.
    covered_by : tuple of str
        The conditions that hold there.
    uncovered : int
        Entering points that no condition covers (for a system: points with fewer
        conditions than entering speeds).
    worst : (d,) ndarray or None
        The uncovered point with the most negative ``a . n``.
    worst_speed : float
    leaving : int
        Points where the flow leaves (for a system: where every speed leaves), ``a . n``
        above the threshold; a piece neither entered nor left runs along the flow.
    """

    name: str
    inflow: float
    outflow: float
    entering: int
    points: int
    covered_by: tuple[str, ...]
    uncovered: int
    worst: np.ndarray | None = None
    worst_speed: float = float("nan")
    leaving: int = 0


@dataclasses.dataclass(frozen=True)
class Assessment:
    """The well-posedness check's findings.

    Attributes
    ----------
    kind : {"transport", "system", None}
        None: not checked (``reason`` says why).
    reason : str
    pieces : tuple of Piece
    outflow_conditions : tuple of (term names, piece name, value, least)
        Conditions that hold only where the flow leaves, with the largest ``a . n`` there
        and the least (equal where the flow leaves at one speed; they differ where it
        varies, as with a wind that turns in time); for a system, the conditions of a face
        that has more of them than speeds enter there (their names joined, and the most
        speeds that enter at one point, twice).
    velocity : Velocity or None
    """

    kind: str | None
    reason: str = ""
    pieces: tuple[Piece, ...] = ()
    outflow_conditions: tuple[tuple[str, str, float, float], ...] = ()
    velocity: Velocity | None = None

    @property
    def uncovered(self) -> tuple[Piece, ...]:
        """The pieces with entering points that no condition covers."""
        return tuple(piece for piece in self.pieces if piece.uncovered)


def _places(term, space: tuple[int, ...]) -> list[tuple[tuple[int, float], ...]]:
    """The spatial faces a condition holds on (each application's, and its cloud's); a place
    that fixes any other axis (the initial face) is none of the spatial boundary."""
    places = {part.fixed for part in term.parts if part.fixed}
    if term.cloud is not None and term.cloud.fixed:
        places.add(term.cloud.fixed)
    return sorted(p for p in places if p and all(axis in space for axis, _ in p))


def _covers(term, boundary: BoundarySample, lower, upper) -> np.ndarray:
    """Which boundary points a condition holds at, (n,) bool."""
    region = getattr(term.cloud, "region", None) if term.cloud is not None else None
    if region is not None:
        return np.asarray(region.covers(boundary), dtype=bool)
    mask = np.zeros(boundary.size, dtype=bool)
    for place in _places(term, boundary.space):
        here = np.ones(boundary.size, dtype=bool)
        for axis, value in place:
            scale = float(upper[axis] - lower[axis])
            here &= np.abs(boundary.points[:, axis] - value) <= 1e-12 * scale
        mask |= here
    return mask


def _check_sample(compiled, sampler) -> BoundarySample:
    free = max(1, compiled.dim - 1)
    per_axis = max(2, min(_CHECK_PER_AXIS, int(_CHECK_TOTAL ** (1 / free))))
    return sampler(compiled.lower, compiled.upper, Grid(n=per_axis), 0, "well-posedness")


def assess(compiled, sampler=None) -> Assessment:
    """Find the inflow points that no condition covers, and the conditions where the flow
    leaves.

    A point of the spatial boundary is *covered* by a condition that holds there: one whose
    face (``on=`` or the fixed arguments, as ``u(0, t)``) is the point's face, a periodic
    condition (it holds on both of its faces), or ``problem.inflow(...)``. Conditions on the
    initial face cover none of the spatial boundary.

    Parameters
    ----------
    compiled : CompiledProblem
    sampler : boundary sampler, optional
        The domain's boundary (the box's spatial faces when not given).

    Returns
    -------
    Assessment
    """
    terms = compiled.terms
    if sampler is None:
        sampler = getattr(compiled, "boundary", None) or BoxFaces.of(
            compiled.axes, compiled.time_axis
        )
    if compiled.is_system:
        found = characteristics(terms, compiled.dim, compiled.time_axis, compiled.unknown_count)
    else:
        found = velocity(terms, compiled.dim, compiled.time_axis)
    if isinstance(found, str):
        return Assessment(None, found)
    # A problem with no condition at all is checked too: its only condition may have been its
    # inflow data (transport past an obstacle), and the flow still enters somewhere.
    conditions = [term for term in terms if term.kind == "condition"]
    if not conditions and any(term.kind == "data" for term in terms):
        # an inverse problem: its measurements may fix what no boundary condition states
        return Assessment(None, "the problem has data terms and no condition")
    boundary = _check_sample(compiled, sampler)
    covering = {
        term.name: _covers(term, boundary, compiled.lower, compiled.upper) for term in conditions
    }
    if isinstance(found, Velocity):
        speed, limit = found.crossing(boundary)
        with np.errstate(invalid="ignore"):
            entering = (speed < -limit).astype(int)
            leaving = speed > limit
        lowest = speed
        kind = "transport"
    else:
        speeds = found.speeds(boundary)
        if speeds is None:
            return Assessment(None, "the system's characteristic speeds are not all real")
        limit = _threshold(speeds)
        entering = np.sum(speeds < -limit, axis=1)
        leaving = np.all(speeds > limit, axis=1)
        lowest = speeds[:, 0]
        kind = "system"
    held = np.zeros(boundary.size, dtype=int)
    for mask in covering.values():
        held += mask
    short = entering > held
    pieces, outflow = [], []
    for label, name in enumerate(boundary.pieces):
        on = boundary.piece == label
        if not on.any():
            continue
        missing = on & short
        worst, worst_speed = None, float("nan")
        if missing.any():
            candidates = np.flatnonzero(missing)
            index = candidates[np.argmin(np.nan_to_num(lowest[candidates], nan=np.inf))]
            worst, worst_speed = boundary.points[index], float(lowest[index])
        covered_by = tuple(n for n, mask in covering.items() if (mask & on).any())
        pieces.append(
            Piece(
                name=name,
                inflow=_nan_extreme(np.nanmin, lowest[on]),
                outflow=_nan_extreme(np.nanmax, lowest[on] if kind == "transport" else speeds[on]),
                entering=int(entering[on].max() if kind == "system" else entering[on].sum()),
                points=int(on.sum()),
                covered_by=covered_by,
                uncovered=int(missing.sum()),
                worst=worst,
                worst_speed=worst_speed,
                leaving=int(np.sum(leaving[on])),
            )
        )
    if kind == "transport":
        for term in conditions:
            region = getattr(term.cloud, "region", None) if term.cloud is not None else None
            if hasattr(region, "sized"):
                continue  # inflow() holds only where the flow enters
            if region is None and len(_places(term, boundary.space)) != 1:
                continue  # a periodic condition links faces: its data come from inside
            mask = covering[term.name]
            if mask.any() and not entering[mask].any() and leaving[mask].any():
                name = boundary.pieces[int(np.bincount(boundary.piece[mask]).argmax())]
                speeds_there = lowest[mask]
                outflow.append(
                    (
                        term.name,
                        name,
                        float(np.nanmax(speeds_there)),
                        float(np.nanmin(speeds_there)),
                    )
                )
    else:
        # A system's face with more conditions than speeds entering anywhere on it.
        for piece in pieces:
            single = [
                name
                for name in piece.covered_by
                if len(_places(next(t for t in conditions if t.name == name), boundary.space)) == 1
            ]
            if single and len(piece.covered_by) > piece.entering:
                entering_count = float(piece.entering)
                outflow.append((", ".join(single), piece.name, entering_count, entering_count))
    return Assessment(
        kind,
        pieces=tuple(pieces),
        outflow_conditions=tuple(outflow),
        velocity=found if isinstance(found, Velocity) else None,
    )


def require_well_posed(compiled, sampler=None) -> Assessment:
    """:func:`assess`, then refuse uncovered inflow and warn of conditions where the flow
    leaves.

    Raises
    ------
    ProblemError
        One line: the face, ``a . n`` there and the fix.
    """
    found = assess(compiled, sampler)
    if found.kind is None:
        return found
    axes = compiled.axes
    for piece in found.uncovered:
        fixed = piece.name.split("=")[0]
        where = ", ".join(
            f"{axes[i]}={piece.worst[i]:.3g}" for i in range(compiled.dim) if axes[i] != fixed
        )
        where = f" at {where}" if where else ""
        unknown = f"{compiled.unknowns[0]}({', '.join(axes)})"
        if found.kind == "transport":
            raise ProblemError(
                f"problem '{compiled.name}': the flow enters through {piece.name} "
                f"(a·n = {piece.worst_speed:.3g}{where}) but no condition holds there; "
                f'add problem.inflow("inflow", sp.Eq({unknown}, ...)) or a condition on '
                f"{piece.name}"
            )
        raise ProblemError(
            f"problem '{compiled.name}': {piece.entering} characteristic speed(s) enter "
            f"through {piece.name} (speed {piece.worst_speed:.3g}{where}) but only "
            f"{len(piece.covered_by)} condition(s) hold there; add a condition on {piece.name} "
            f"for each entering characteristic (problem.inflow(...) is for one unknown)"
        )
    for term, piece, value, least in found.outflow_conditions:
        if found.kind == "transport":
            # a wind that varies leaves at many speeds: a single number would read as its only one
            speed = (
                f"= {value:.3g}"
                if f"{least:.3g}" == f"{value:.3g}"
                else f"from {least:.3g} to {value:.3g}"
            )
            warn(
                f"condition '{term}' holds on {piece}, where the flow only leaves the domain "
                f"(a·n {speed}): it over-determines the problem unless its data agree "
                f"with the solution carried from inside"
            )
        else:
            piece_found = next(p for p in found.pieces if p.name == piece)
            warn(
                f"{len(piece_found.covered_by)} conditions hold on {piece} ({term}) but only "
                f"{int(value)} characteristic speed(s) enter there: they over-determine the "
                f"problem unless their data agree with the solution carried from inside"
            )
    return found


def _nan_extreme(extreme, values: np.ndarray) -> float:
    """``extreme`` (np.nanmin or np.nanmax) of ``values``, NaN where every one is NaN (a face
    along which the flow has no normal speed anywhere, ``T_x = 1`` on a box in x and t), without
    numpy's "All-NaN slice" warning, which reached a user's terminal."""
    values = np.asarray(values, dtype=np.float64)
    return float("nan") if np.isnan(values).all() else float(extreme(values))
