"""Where a shape makes its solution singular, and the functions that resolve it.

A 2-D shape's re-entrant corners (interior angle above pi) and its holes are found from the
shape alone (:func:`corners`, :func:`holes`): candidate points are the ends of its boundary
segments, the points where one primitive's boundary crosses another's, and its primitives'
centres, each tested by sampling the shape on a
small circle (a corner's interior angle) or along rays (a hole is outside and enclosed). The
points where the boundary conditions change (:func:`boundary_changes`: a condition on the value
beside one on a derivative, or the value's data jumping) are found from the problem's
conditions, on a 2-D shape or on a box of two space axes. On a box with a time axis, the faces
whose value data disagree with the initial data (:func:`initial_jumps`) give the heat kernel's
layers (:data:`KERNEL` rows).
:func:`singular_spec` turns them into the rows that
:func:`pinnls.numeric.singular.singular_values` evaluates, in the frame where the equation's
principal part is the Laplacian (:meth:`pinnls.operators.CompiledProblem.modes`' ``D``).

numpy only: the shape is read by duck typing (``pieces``, ``patches``, ``depth``, ``lower``,
``upper``), as :mod:`pinnls.operators` reads it.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

__all__ = [
    "Change",
    "Corner",
    "Hole",
    "InitialJump",
    "boundary_changes",
    "corners",
    "describe",
    "family_counts",
    "frame_changes",
    "frame_corners",
    "holes",
    "initial_jumps",
    "kernel_faces",
    "lower_order",
    "principal_frame",
    "singular_spec",
    "space_shape",
]

#: A spec row's entries, in order.
FIELD_NAMES = (
    "kind",  # CORNER, LOG, INVERSE or KERNEL (whose row reads the fields as KERNEL says)
    "axis_a",  # the input column of the first space axis
    "axis_b",  # ... of the second
    "centre_a",  # the corner or the hole's centre, raw coordinates
    "centre_b",
    "t00",  # the frame: (p, q) = T (x_a - centre_a, x_b - centre_b), row-major
    "t01",
    "t10",
    "t11",
    "edge",  # corner: the angle of the edge where the inside begins, in the frame
    "cut",  # psi lies in [cut - 2 pi, cut): the branch cut across the outside
    "exponent",  # lam (corner) or n (inverse power)
    "trig",  # 0 sin, 1 cos, 2 neither
    "time_axis",  # the input column of time, -1 without one
    "degree",  # the Legendre polynomial's degree in time
    "time_lower",
    "time_upper",
    # the operator's lower-order part (all 0 for the Laplacian's harmonic functions):
    "drift_a",  # g: each function is times exp(g . (x - centre) - offset), g = D^-1 v / 2
    "drift_b",
    "wave",  # kappa^2 in the row's frame units: > 0 modified Bessel (I, K), < 0 Bessel (J, Y)
    "offset",  # subtracted from the exponent, so that no value overflows
    # a caloric row (a solution of the parabolic equation, polynomial in time; 0 otherwise):
    "caloric",  # mu = 2 s^2 / T: sum_m mu^m P_n^(m)(tau) F_m, F_m ~ r^(lam + 2 m) sin(lam psi)
    "decay",  # kappa^2 per unit of time: the row is also times exp(-decay (t - time_lower))
)
FIELDS = len(FIELD_NAMES)
#: The fields of a spec saved before the operator's lower-order part was read (zeros there:
#: the harmonic functions).
LEGACY_FIELDS = 17

#: ``r^lam trig(lam psi)``
CORNER = 0
#: ``ln r`` (trig 2), or the angle ``psi`` (trig 0: ``Im ln w``, where data jump)
LOG = 1
#: ``r^-n trig(n psi)``
INVERSE = 2
#: The heat kernel's layer where a face's data and the initial data disagree:
#: ``G_k(d, tau) = (tau / T)^(k / 2) i^k erfc(d / sqrt(4 kappa tau))`` (:func:`initial_jumps`).
#: Its row reads the fields its own way: ``axis_a``, ``centre_a``, ``t00`` the face's normal
#: axis, coordinate and inward sign, ``exponent`` k and ``t10`` kappa; on a product row of two
#: faces ``axis_b``, ``centre_b``, ``t01``, ``trig`` and ``t11`` the same of the second (else
#: ``axis_b`` -1); on a row that follows data varying along the face (``edge`` 1) the second
#: factor is instead a heat polynomial of degree ``trig`` in ``(x_b - centre_b) / t01`` with
#: ``mu`` in ``t11``; on a corner row (``edge`` 2) the two faces' fields give the quarter
#: plane's solution ``V`` (:func:`pinnls.numeric.singular._heat_corner_value`) of ``p`` across
#: the face that jumps and ``q`` across the one beside it (each ``s (x - face) / sqrt(kappa)``);
#: on a flux face's corner row (``edge`` 3) the flux's quarter plane ``U / (2 sqrt(T))``
#: (:func:`pinnls.numeric.singular._flux_corner_value`) instead;
#: ``drift_a`` g along the normal and ``decay`` beta, for the factor
#: ``exp(g (x_a - face) - beta tau - offset)`` that a drift and a reaction bring.
KERNEL = 3


#: A corner is re-entrant where its interior angle exceeds this many times pi (a polygon's
#: nearly straight vertices are not singular enough to pay for their columns).
REENTRANT = 1.05
#: Samples on the circle around a candidate corner; each transition is then bisected.
RING = 2048
#: The circle's radius, as a fraction of the shape's diameter.
RING_RADIUS = 1e-6
#: Rays from a candidate hole's centre, and samples along each.
RAYS, RAY_SAMPLES = 64, 512
#: The corner exponents lam = j pi / (2 alpha) kept: up to this value on space alone, and to
#: the lower one with a time axis (each then times TIME_DEGREE + 1 polynomials in time).
EXPONENT_MAX, EXPONENT_MAX_TIME = 8.0, 4.0
#: The hole's inverse powers r^-n kept: n up to this, or the lower one with a time axis.
HOLE_ORDER, HOLE_ORDER_TIME = 8, 4
#: The degree of the Legendre polynomials in time that multiply each function.
TIME_DEGREE = 8
#: Corner exponents up to this one also give caloric rows with a time axis: the parabolic
#: equation's own corner solutions, whose r^(lam + 2 m) terms a time-dependent corner
#: coefficient brings (smoother for larger lam, which the features then make).
CALORIC_MAX = 2.0


@dataclasses.dataclass(frozen=True)
class Corner:
    """A re-entrant corner: ``point`` (2,), the direction ``start`` (radians) of the edge where
    the inside begins counter-clockwise, and the interior ``angle`` (radians, in (pi, 2 pi))."""

    point: tuple[float, float]
    start: float
    angle: float


@dataclasses.dataclass(frozen=True)
class Hole:
    """A hole: a ``centre`` (2,) outside the shape and enclosed by it, and its ``radius``, the
    distance from the centre to the shape."""

    centre: tuple[float, float]
    radius: float


@dataclasses.dataclass(frozen=True)
class Change:
    """A point of a 2-D domain's boundary where its conditions change: ``point`` (2,), the
    direction ``start`` (radians) of the edge where the inside begins counter-clockwise, the
    interior ``angle`` (radians; pi on a straight edge), whether a condition on the value
    meets one on the conormal derivative there (``mixed``: Dirichlet beside Neumann or Robin)
    and whether the value's data jump there (``jump``)."""

    point: tuple[float, float]
    start: float
    angle: float
    mixed: bool
    jump: bool


def _diameter(shape) -> float:
    return float(math.dist(shape.lower, shape.upper))


def _inside(shape, points: np.ndarray) -> np.ndarray:
    """Strictly inside: a point on the boundary is not (the corners' circles cross it)."""
    return np.asarray(shape.depth(np.asarray(points, dtype=np.float64))) > 0


def _boundary_pieces(shape) -> tuple[list[tuple[np.ndarray, np.ndarray]], list[np.ndarray]]:
    """The straight boundary patches of every primitive (segments) and every patch's ends."""
    segments, ends = [], []
    unit = np.array([[0.0], [0.5], [1.0]])
    for leaf, _, _ in shape.pieces():
        for patch in leaf.patches():
            if len(patch.sizes) != 1:
                continue
            points, _ = patch.map(unit)
            points = np.asarray(points, dtype=np.float64)
            ends.extend([points[0], points[2]])
            middle = 0.5 * (points[0] + points[2])
            if np.linalg.norm(points[1] - middle) <= 1e-12 * max(patch.sizes[0], 1e-300):
                segments.append((points[0], points[2]))
    return segments, ends


#: Samples along each boundary patch where another primitive's boundary is looked for.
CROSSING_SAMPLES = 512


def _patch_crossings(shape) -> list[np.ndarray]:
    """Points where one primitive's boundary patch crosses another primitive's boundary (a
    segment or an arc against any primitive: two boxes joined into a T, a disk and a box),
    from the sign of the other's depth along the patch, each bisected in the patch's
    parameter."""
    leaves = [leaf for leaf, _, _ in shape.pieces()]
    unit = np.linspace(0.0, 1.0, CROSSING_SAMPLES + 1)[:, None]
    out = []
    for index, leaf in enumerate(leaves):
        for patch in leaf.patches():
            if len(patch.sizes) != 1:
                continue
            points, _ = patch.map(unit)
            for other_index, other in enumerate(leaves):
                if other_index == index:
                    continue
                sign = np.asarray(other.depth(np.asarray(points, dtype=np.float64))) > 0
                for k in np.nonzero(sign[1:] != sign[:-1])[0]:
                    low, high = float(unit[k, 0]), float(unit[k + 1, 0])
                    for _ in range(60):
                        middle = 0.5 * (low + high)
                        at, _ = patch.map(np.array([[middle]]))
                        if (float(other.depth(np.asarray(at))[0]) > 0) == bool(sign[k]):
                            low = middle
                        else:
                            high = middle
                    at, _ = patch.map(np.array([[0.5 * (low + high)]]))
                    out.append(np.asarray(at, dtype=np.float64)[0])
    return out


def corners(shape, reentrant: float = REENTRANT) -> list[Corner]:
    """The re-entrant corners of a 2-D shape's boundary.

    Parameters
    ----------
    shape : Shape
        A space shape of two axes (:mod:`pinnls.symbolic.shapes`).
    reentrant : float
        A corner's interior angle must exceed this many times pi.

    Returns
    -------
    list of Corner
        In the order found; empty for a convex shape or one of three axes.
    """
    if len(shape.lower) != 2:
        return []
    diameter = _diameter(shape)
    segments, ends = _boundary_pieces(shape)
    candidates = ends + _patch_crossings(shape)
    found: list[Corner] = []
    radius = RING_RADIUS * diameter
    angles = np.arange(RING) * (2 * math.pi / RING)
    for point in candidates:
        if any(math.dist(point, c.point) <= 1e-9 * diameter for c in found):
            continue
        if abs(float(shape.depth(point[None, :])[0])) > 1e-9 * diameter:
            continue  # a primitive's corner that the combination removed or covers
        ring = point + radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
        inside = _inside(shape, ring)
        begins = np.nonzero(inside & ~np.roll(inside, 1))[0]
        if len(begins) != 1:
            continue  # all inside or outside (not on the boundary), or two wedges
        ends_at = np.nonzero(~inside & np.roll(inside, 1))[0]
        start = _edge(shape, point, radius, angles[begins[0]] - 2 * math.pi / RING, True)
        stop = _edge(shape, point, radius, angles[ends_at[0]] - 2 * math.pi / RING, False)
        start, stop = (_snap(value, point, segments, diameter) for value in (start, stop))
        angle = (stop - start) % (2 * math.pi)
        if angle > reentrant * math.pi:
            found.append(Corner((float(point[0]), float(point[1])), float(start), float(angle)))
    return found


#: Each shape's vertices (:func:`corners` of every angle): a problem's stages read them again
#: and again. Keyed by the shape where it hashes by value (a box's rectangle, made afresh on
#: each reading), else by its id with the shape kept, so that the id stays its own.
_VERTICES: dict[object, tuple[object, list[Corner]]] = {}
#: The shapes remembered at most (the oldest are forgotten first).
VERTICES_KEPT = 64


def _vertices(shape) -> list[Corner]:
    """:func:`corners` of any angle, read once per shape."""
    try:
        key: object = ("value", shape, hash(shape))
    except TypeError:
        key = ("id", id(shape))
    kept = _VERTICES.get(key)
    if kept is None or (key[0] == "id" and kept[0] is not shape):
        kept = (shape, corners(shape, 0.0))
        while len(_VERTICES) >= VERTICES_KEPT:
            _VERTICES.pop(next(iter(_VERTICES)))
        _VERTICES[key] = kept
    return kept[1]


def _edge(shape, point: np.ndarray, radius: float, before: float, entering: bool) -> float:
    """The angle where the circle crosses the boundary, between ``before`` and one ring step
    later, by bisection (to rounding)."""
    low, high = before, before + 2 * math.pi / RING
    for _ in range(60):
        middle = 0.5 * (low + high)
        at = point + radius * np.array([[math.cos(middle), math.sin(middle)]])
        if bool(_inside(shape, at)[0]) == entering:
            high = middle
        else:
            low = middle
    return 0.5 * (low + high)


#: An edge's direction found by bisection on the circle is off by about rounding over the
#: circle's radius (1e-10); a straight edge through the corner within this angle replaces it.
SNAP = 1e-5


def _snap(angle: float, point: np.ndarray, segments, diameter: float) -> float:
    """``angle`` replaced by the exact direction of a boundary segment through ``point`` that
    leaves it within :data:`SNAP` of that angle (a curved edge keeps the bisected one)."""
    for start, end in segments:
        step = end - start
        length = float(np.hypot(*step))
        if length == 0:
            continue
        offset = point - start
        along = float(offset @ step) / length**2
        off = abs(float(step[0] * offset[1] - step[1] * offset[0])) / length
        if off > 1e-9 * diameter or not -1e-9 <= along <= 1 + 1e-9:
            continue
        for direction in (step, -step):
            exact = math.atan2(direction[1], direction[0])
            if abs(math.remainder(exact - angle, 2 * math.pi)) <= SNAP:
                return angle + math.remainder(exact - angle, 2 * math.pi)
    return angle


def _centres(shape) -> list[np.ndarray]:
    """Each primitive's centre: a round one's, or the mean of a polygon's or a box's corners."""
    out = []
    for leaf, _, _ in shape.pieces():
        centre = getattr(leaf, "center", None)
        if centre is None and getattr(leaf, "vertices", None) is not None:
            centre = np.mean(np.asarray(leaf.vertices, dtype=np.float64), axis=0)
        if centre is None:
            centre = 0.5 * (np.asarray(leaf.lower) + np.asarray(leaf.upper))
        out.append(np.asarray(centre, dtype=np.float64))
    return out


def holes(shape) -> list[Hole]:
    """The holes of a 2-D shape: primitives' centres that lie outside it and that every one of
    :data:`RAYS` rays leaves through it.

    Parameters
    ----------
    shape : Shape
        A space shape of two axes.

    Returns
    -------
    list of Hole
        Empty for a shape without holes or of three axes.
    """
    if len(shape.lower) != 2:
        return []
    diameter = _diameter(shape)
    found: list[Hole] = []
    turn = np.arange(RAYS) * (2 * math.pi / RAYS)
    direction = np.stack([np.cos(turn), np.sin(turn)], axis=1)
    steps = np.linspace(0.0, 1.0, RAY_SAMPLES + 1)[1:] * diameter
    candidates = []
    for centre in _centres(shape):
        depth = float(shape.depth(centre[None, :])[0])
        if depth >= 0:
            continue
        rays = centre + steps[None, :, None] * direction[:, None, :]  # (RAYS, samples, 2)
        hit = _inside(shape, rays.reshape(-1, 2)).reshape(RAYS, -1).any(axis=1)
        if hit.all():
            candidates.append(Hole((float(centre[0]), float(centre[1])), -depth))
    # One centre per hole, the deepest: another primitive's centre may lie in the same hole
    # (an off-centre pipe in a disk holds the disk's centre, 0.008 from the pipe's wall), and
    # functions singular that close to the boundary add nothing the deepest centre's do not.
    along = np.linspace(0.0, 1.0, RAY_SAMPLES + 1)[:, None]
    for hole in sorted(candidates, key=lambda h: -h.radius):
        same = False
        for kept in found:
            segment = np.asarray(hole.centre) + along * (
                np.asarray(kept.centre) - np.asarray(hole.centre)
            )
            if not _inside(shape, segment).any():
                same = True
                break
        if not same:
            found.append(hole)
    return found


#: Samples along each straight boundary segment where the conditions are read; each change
#: between two neighbours is then bisected.
CHANGE_SAMPLES = 2048
#: How far from a point (a fraction of the diameter) each side's condition and data are read.
SIDE = 1e-7
#: The value's data jump at a point where the two sides differ by more than this fraction of
#: the data's range over the boundary, and still by half as much ten times closer (a smooth
#: function's difference shrinks with the distance).
JUMP = 1e-4


def _time_of(compiled) -> int | None:
    """The time axis of a problem whose space part has singular functions, or None."""
    region = compiled.region
    if region is not None:
        return compiled.time_axis if getattr(region, "time", None) is not None else None
    return compiled.time_axis


class _Patch:
    """One straight side of :class:`_Rectangle` (what :func:`_boundary_pieces` reads)."""

    def __init__(self, start: np.ndarray, end: np.ndarray) -> None:
        self.start, self.end = start, end
        self.sizes = (float(np.hypot(*(end - start))),)

    def map(self, unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        step = self.end - self.start
        normal = np.array([step[1], -step[0]]) / self.sizes[0]  # outward: counter-clockwise
        points = self.start + np.asarray(unit)[:, :1] * step
        return points, np.broadcast_to(normal, points.shape).copy()


class _Rectangle:
    """A box's two space axes as the shape this module reads (``lower``, ``upper``, ``depth``,
    ``pieces``, ``patches``), without importing :mod:`pinnls.symbolic` (a higher layer)."""

    def __init__(self, lower, upper) -> None:
        self.lower = tuple(float(v) for v in lower)
        self.upper = tuple(float(v) for v in upper)

    def __eq__(self, other) -> bool:
        return isinstance(other, _Rectangle) and (self.lower, self.upper) == (
            other.lower,
            other.upper,
        )

    def __hash__(self) -> int:
        return hash((_Rectangle, self.lower, self.upper))

    def depth(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        inner = np.minimum(points - np.array(self.lower), np.array(self.upper) - points)
        return np.min(inner, axis=1)

    def pieces(self):
        return ((self, False, ()),)

    def patches(self) -> list[_Patch]:
        (a, b), (c, d) = self.lower, self.upper
        loop = [np.array(p, dtype=np.float64) for p in ((a, b), (c, b), (c, d), (a, d))]
        return [_Patch(loop[i], loop[(i + 1) % 4]) for i in range(4)]


def space_shape(compiled):
    """The 2-D space shape whose corners, holes and changes of condition give singular
    functions.

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    Shape, _Rectangle or None
        The region's shape (of two axes), or a box's two space axes as a rectangle; None for
        a box of more space axes, or a region of another kind."""
    region = compiled.region
    if region is not None:
        shape = getattr(region, "shape", None)
        return shape if shape is not None and len(shape.lower) == 2 else None
    time = compiled.time_axis
    space = [i for i in range(compiled.dim) if i != time]
    if len(space) != 2:
        return None
    return _Rectangle(compiled.lower[space], compiled.upper[space])


@dataclasses.dataclass(frozen=True)
class _Condition:
    """A lateral condition as :func:`boundary_changes` reads it: the ``term``, whether it
    holds the value (``c u = g``, ``scale`` c) or a derivative (``on_value`` False), and where
    it holds (``covers``: space points (m, 2) -> (m,) bool)."""

    term: object
    on_value: bool
    scale: float
    covers: object


def _lateral(compiled, space: list[int], time: int | None, tolerance: float) -> list:
    """The conditions on the space boundary (at every time, not at an instant), as
    :class:`_Condition`: on a shape's boundary (with its relation) or on a box's face. A
    condition of order 0 counts as holding the value only as ``c u = g`` with one constant
    ``c`` (not a periodic ``u(0, y) - u(1, y)``, nor ``x u = g``); one that reads the unknown
    on another face than its own points' is left out."""
    out = []
    for term in compiled.terms:
        cloud = term.cloud
        if term.kind != "condition" or cloud is None:
            continue
        fixed = dict(cloud.fixed)
        if time is not None and time in fixed:
            continue  # at an instant: an initial condition
        if any(part.fixed and dict(part.fixed) != fixed for part in term.parts):
            continue  # the unknown read elsewhere (periodic): no one value or flux here
        region = cloud.region
        if region is not None:
            if not getattr(region, "on_boundary", False) or not hasattr(region, "predicate"):
                continue
            if hasattr(region, "sized"):
                continue  # the inflow part, found by drawing: no fixed place
            predicate = region.predicate

            def covers(points, predicate=predicate):
                if predicate is None:
                    return np.ones(len(points), dtype=bool)
                return np.asarray(predicate(points)) != 0

        else:
            faces = [(space.index(k), v) for k, v in fixed.items() if k in space]
            if len(faces) != 1 or len(fixed) != 1:
                continue
            ((k, value),) = faces

            def covers(points, k=k, value=value):
                return np.abs(points[:, k] - value) <= tolerance

        if term.order == 0:
            scale = compiled._value_of(term)
            if scale is None:
                continue
            out.append(_Condition(term, True, float(scale), covers))
        else:
            out.append(_Condition(term, False, 1.0, covers))
    return out


def _straight(point: np.ndarray, inward: np.ndarray, mixed: bool, jump: bool) -> Change:
    """A change on a straight edge whose inward normal is ``inward``: the inside begins along
    the edge's direction turned a quarter clockwise from it, and spans pi."""
    start = math.atan2(-inward[0], inward[1])
    return Change((float(point[0]), float(point[1])), start, math.pi, mixed, jump)


#: A derivative condition counts as the conormal one, ``n . D grad u`` (the only one whose
#: mixed exponents are ``(j + 1/2) pi / alpha``), where its direction is within this angle
#: (radians) of ``D n``; an oblique one shifts the exponents, and gives no change.
CONORMAL = 1e-6


def boundary_changes(compiled) -> list[Change]:
    """The points of a 2-D domain's boundary where its conditions change, for an equation
    that :func:`principal_frame` reads.

    Each straight boundary segment is read at :data:`CHANGE_SAMPLES` points: which condition
    holds there (the first on the value, else the first on a derivative). Where two neighbours
    differ, the point is bisected (a vertex within a millionth of the diameter takes it); at
    each vertex the two edges are read beside it. A condition on the value meeting one on the
    conormal derivative (``n . D grad u``, a Neumann or Robin condition of the equation's own
    diffusion: within :data:`CONORMAL`) is ``mixed``. Data of the value (``g / c`` of
    ``c u = g``, with a particular solution's part put back) that differ there by more than
    :data:`JUMP` of their range over the boundary (and of rounding), and still by half as
    much ten times closer, make a ``jump``, at five times across the interval with time:
    between two conditions, or inside one (a vertex, or where the compiler read a jump in its
    data: a ``Piecewise`` or ``Heaviside``, the term's ``jumps``). Where a side is held by no
    condition, nothing is read.

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    list of Change
        Empty where nothing changes, or for a domain that is not 2-D in space.
    """
    shape = space_shape(compiled)
    if shape is None or compiled.is_system:
        return []  # (a system's conditions hold different unknowns: no one value to compare)
    time = _time_of(compiled)
    space = [i for i in range(compiled.dim) if i != time]
    diameter = _diameter(shape)
    tolerance = 1e-9 * diameter
    conditions = _lateral(compiled, space, time, tolerance)
    if len(conditions) < 2 and not any(c.term.jumps for c in conditions):
        # one condition all round, its data read without a jump (a vertex inside one
        # condition's data is read below only where the compiler saw a jump in them)
        return []
    operator = _space_operator(compiled)
    diffusion = None if operator is None else operator[0]
    off = SIDE * diameter
    if time is None:
        times = np.zeros(1)
    else:
        times = np.linspace(float(compiled.lower[time]), float(compiled.upper[time]), 5)
        # just after the start, not at it: a face's data may take the initial data's value
        # only in the limit (erfc(x / (2 sqrt(t))) at t = 0), a jump of one instant
        times[0] += 1e-6 * (times[-1] - times[0])

    def code(points: np.ndarray) -> np.ndarray:
        """The condition holding at each point (an index of ``conditions``; -1: none)."""
        out = np.full(len(points), -1)
        for wanted in (True, False):
            for index, condition in enumerate(conditions):
                if condition.on_value == wanted:
                    out[(out < 0) & condition.covers(points)] = index
        return out

    def full(points: np.ndarray) -> np.ndarray:
        """Space points (m, 2) at each of ``times``, (times * m, dim)."""
        out = np.zeros((len(times) * len(points), compiled.dim))
        out[:, space] = np.tile(points, (len(times), 1))
        if time is not None:
            out[:, time] = np.repeat(times, len(points))
        return out

    def value(index: int, points: np.ndarray) -> np.ndarray | None:
        """A value condition's data ``g / c`` at space points (m, 2), at each of ``times``:
        (times, m); a particular solution's part is added back (its data are the user's)."""
        condition = conditions[index]
        term = condition.term
        if term.source_function is None:
            return None
        at = full(points)
        data = np.asarray(term.source_function(at), dtype=np.float64)
        if term.particular_part is not None:
            data = data + np.asarray(term.particular_part(at), dtype=np.float64)
        return (data / condition.scale).reshape(len(times), len(points))

    def conormal(index: int, point: np.ndarray, outward: np.ndarray) -> bool:
        """Whether a derivative condition is the conormal one at ``point`` of its edge (unit
        ``outward`` normal): the direction of its first derivatives along ``D n``."""
        if diffusion is None:
            return True
        term = conditions[index].term
        at = full(point[None, :])[:1]
        direction = np.zeros(2)
        for part in term.parts:
            order = [part.derivative[i] for i in space]
            if sum(part.derivative) == 1 and sum(order) == 1:
                coefficient = float(np.broadcast_to(part.coefficient(at), (1,))[0])
                direction[order.index(1)] += coefficient
        wanted = diffusion @ outward
        size = float(np.linalg.norm(direction)) * float(np.linalg.norm(wanted))
        cross = abs(float(direction[0] * wanted[1] - direction[1] * wanted[0]))
        return size > 0 and cross <= CONORMAL * size

    segments, _ = _boundary_pieces(shape)
    unit = (np.arange(CHANGE_SAMPLES) + 0.5) / CHANGE_SAMPLES
    reads = []  # (segment start, step, inward unit normal per sample, codes, on the boundary)
    for a, b in segments:
        step = b - a
        length = float(np.hypot(*step))
        if length <= tolerance:
            continue
        normal = np.array([-step[1], step[0]]) / length
        points = a + unit[:, None] * step
        left = np.asarray(shape.depth(points + off * normal)) > 0
        right = np.asarray(shape.depth(points - off * normal)) > 0
        on = (np.abs(np.asarray(shape.depth(points))) <= tolerance) & (left != right)
        reads.append((a, step, np.where(left[:, None], normal, -normal), code(points), on))

    # the value data's range over the boundary, where jumps are measured against it
    low, high = math.inf, -math.inf
    for a, step, _, codes, on in reads:
        for index, condition in enumerate(conditions):
            mine = on & (codes == index)
            if condition.on_value and mine.any():
                values = value(index, a + unit[mine, None] * step)
                if values is not None and np.isfinite(values).any():
                    low = min(low, float(np.nanmin(values)))
                    high = max(high, float(np.nanmax(values)))
    size = high - low if high >= low else 0.0
    largest = max(abs(low), abs(high)) if high >= low else 0.0
    threshold = max(JUMP * size, 1e-10 * largest)

    def jumps(first: int, second: int, point, before, after) -> bool:
        """Whether the value's data jump at ``point`` between ``first`` (read towards the
        unit direction ``before``) and ``second`` (towards ``after``)."""
        if not (conditions[first].on_value and conditions[second].on_value) or threshold == 0:
            return False
        gaps = []
        for distance in (off, off / 10):
            one = value(first, (point + distance * before)[None, :])
            two = value(second, (point + distance * after)[None, :])
            if one is None or two is None:
                return False
            gap = np.abs(one - two)
            gaps.append(float(np.max(gap)) if np.isfinite(gap).all() else 0.0)
        return gaps[0] > threshold and gaps[1] >= 0.5 * gaps[0]

    def sided(first: int, second: int, point, before, after, outward) -> tuple[bool, bool]:
        """The change between ``first`` (towards ``before``, its edge's unit ``outward``
        normal ``outward[0]``) and ``second`` (towards ``after``, ``outward[1]``):
        ``(mixed, jump)``."""
        one, two = conditions[first].on_value, conditions[second].on_value
        # the flux's coefficients read on its own edge (a shape's normal at the point itself
        # may be the other edge's)
        mixed = one != two and (
            conormal(second, point + off * after, outward[1])
            if one
            else conormal(first, point + off * before, outward[0])
        )
        return (mixed, jumps(first, second, point, before, after))

    found: list[Change] = []

    def keep(change: Change) -> None:
        if not any(math.dist(change.point, c.point) <= 1e-6 * diameter for c in found):
            found.append(change)

    # vertices first: a change read at a vertex keeps the vertex's angle
    vertices = _vertices(shape)
    for vertex in vertices:
        point = np.asarray(vertex.point)
        end = vertex.start + vertex.angle
        before = np.array([math.cos(vertex.start), math.sin(vertex.start)])
        after = np.array([math.cos(end), math.sin(end)])
        # (one condition on both edges is read too: a Piecewise that jumps at the vertex)
        # the inside lies counter-clockwise from the first edge, clockwise from the second
        outward = (np.array([before[1], -before[0]]), np.array([-after[1], after[0]]))
        first, second = code(np.stack([point + off * before, point + off * after]))
        if first < 0 or second < 0:
            continue
        mixed, jump = sided(int(first), int(second), point, before, after, outward)
        if mixed or jump:
            keep(Change(vertex.point, vertex.start, vertex.angle, mixed, jump))

    def near_vertex(point: np.ndarray) -> Corner | None:
        for vertex in vertices:
            if math.dist(point, vertex.point) <= 1e-6 * diameter:
                return vertex
        return None

    for a, step, inward, codes, on in reads:
        direction = step / float(np.hypot(*step))
        for i in np.nonzero(on[:-1] & on[1:] & (codes[:-1] != codes[1:]))[0]:
            if codes[i] < 0 or codes[i + 1] < 0:
                continue
            low_at, high_at = float(unit[i]), float(unit[i + 1])
            for _ in range(60):
                middle = 0.5 * (low_at + high_at)
                if code((a + middle * step)[None, :])[0] == codes[i]:
                    low_at = middle
                else:
                    high_at = middle
            point = a + 0.5 * (low_at + high_at) * step
            outward = (-inward[i], -inward[i])
            mixed, jump = sided(
                int(codes[i]), int(codes[i + 1]), point, -direction, direction, outward
            )
            if mixed or jump:
                vertex = near_vertex(point)
                if vertex is not None:  # a relation's tolerance put the change beside it
                    keep(Change(vertex.point, vertex.start, vertex.angle, mixed, jump))
                else:
                    keep(_straight(point, inward[i], mixed, jump))
        # a jump that the compiler read inside one condition's data
        for index, condition in enumerate(conditions):
            if not condition.on_value:
                continue
            for weights, shift in condition.term.jumps:
                weights = np.asarray(weights, dtype=np.float64)
                if time is not None and weights[time] != 0:
                    continue  # a jump that moves in time
                w = weights[space]
                across = float(w @ step)
                if abs(across) <= 1e-12 * float(np.linalg.norm(w)) * float(np.hypot(*step)):
                    continue
                at = -(float(w @ a) + float(shift)) / across
                if not -1e-9 <= at <= 1.0 + 1e-9:
                    continue
                point = a + min(max(at, 0.0), 1.0) * step
                if near_vertex(point) is not None:
                    continue  # the vertices' loop read both its edges, one condition or two
                i = min(int(at * CHANGE_SAMPLES), CHANGE_SAMPLES - 1)
                sides = np.stack([point - off * direction, point + off * direction])
                if not on[i] or (code(sides) != index).any():
                    continue
                if jumps(index, index, point, -direction, direction):
                    keep(_straight(point, inward[i], False, True))
    return found


def _space_operator(compiled) -> tuple[np.ndarray, np.ndarray, float] | None:
    """``(D, v, c)`` of ``-div(D grad u) + v . grad u + c u`` on the shape's two space axes
    (:meth:`~pinnls.operators.CompiledProblem.modes`), or None where singular functions do not
    apply (no 2-D shape or box, a system, no modes of order 0 or 1, or a ``D`` not definite
    there)."""
    if space_shape(compiled) is None or compiled.is_system:
        return None
    modes = compiled.modes()
    if modes is None or modes.order == 2:
        return None
    time = _time_of(compiled)
    space = [i for i in range(compiled.dim) if i != time]
    diffusion = np.asarray(modes.diffusion, dtype=np.float64)[np.ix_(space, space)]
    eigen = np.linalg.eigvalsh(diffusion)
    if float(eigen.min()) <= 1e-12 * max(float(np.abs(eigen).max()), 1e-300):
        return None  # transport, or diffusion along one axis only: no corner singularity
    velocity = np.asarray(modes.velocity, dtype=np.float64)[space]
    return diffusion, velocity, float(modes.reaction)


def _inverse_root(compiled) -> np.ndarray | None:
    """``D^(-1/2)`` (2, 2) of :func:`_space_operator`'s ``D``, or None."""
    operator = _space_operator(compiled)
    if operator is None:
        return None
    eigen, vectors = np.linalg.eigh(operator[0])
    return vectors @ np.diag(1 / np.sqrt(eigen)) @ vectors.T


def principal_frame(compiled) -> np.ndarray | None:
    """The (2, 2) frame ``D^(-1/2)`` (scaled to determinant 1) where the equation's principal
    part on the shape's axes is the Laplacian; None where singular functions do not apply
    (no 2-D shape, a system, no :meth:`~pinnls.operators.CompiledProblem.modes` of order 0
    or 1, or a ``D`` not definite on the shape's axes)."""
    frame = _inverse_root(compiled)
    if frame is None:
        return None
    return frame / np.sqrt(abs(np.linalg.det(frame)))


def lower_order(compiled) -> tuple[np.ndarray, float]:
    """The lower-order part of ``-div(D grad u) + v . grad u + c u`` as the singular functions
    take it: ``u = exp(g . x) w`` with ``g = D^-1 v / 2`` turns the operator into
    ``-div(D grad w) + kappa^2 w`` with ``kappa^2 = v . D^-1 v / 4 + c``, which in the frame
    ``D^(-1/2)`` is the modified Helmholtz operator (``kappa^2 > 0``), Helmholtz's
    (``kappa^2 < 0``) or the Laplacian (0, without drift or reaction).

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    g : (2,) float64 ndarray
        Per unit of the raw coordinates of the shape's two axes.
    kappa2 : float
        Per unit of the frame ``D^(-1/2)`` (not scaled to determinant 1).
    """
    operator = _space_operator(compiled)
    if operator is None:
        return np.zeros(2), 0.0
    diffusion, velocity, reaction = operator
    drift = np.linalg.solve(diffusion, velocity) / 2
    return drift, float(velocity @ drift / 2 + reaction)


#: A drift or a reaction counts where it changes a function by more than this, relatively
#: (``|g|`` times the diameter, or ``|kappa|^2`` times the squared diameter in the frame; each
#: on its own).
NEGLIGIBLE = 1e-10
#: Caloric rows of higher degree are dropped once their largest value exceeds their corner
#: part's by this factor's logarithm: the least squares would see only their far field.
CALORIC_SPREAD = math.log(1e12)
#: Points of the shape where each row's largest value is read.
SAMPLES = 4096


#: Points along each boundary patch of every primitive where the rows' sizes are read too
#: (an exponential's largest value is on the boundary).
PATCH_SAMPLES = 256


def _samples(shape) -> np.ndarray:
    """Seeded points of the shape's bounding box inside it, and points of its primitives'
    boundary patches on its boundary, (n, 2): the rows' offsets are read there."""
    lower, upper = np.asarray(shape.lower, float), np.asarray(shape.upper, float)
    points = [np.random.default_rng(0).uniform(lower, upper, (SAMPLES, 2))]
    unit = np.linspace(0.0, 1.0, PATCH_SAMPLES + 1)[:, None]
    for leaf, _, _ in shape.pieces():
        for patch in leaf.patches():
            if len(patch.sizes) == 1:
                points.append(np.asarray(patch.map(unit)[0], dtype=np.float64))
    points = np.concatenate(points)
    depth = np.asarray(shape.depth(points))
    kept = points[depth >= -1e-9 * _diameter(shape)]
    return kept if len(kept) else points


def _peak(values: np.ndarray) -> float:
    """The largest finite value (0 where there is none)."""
    finite = values[np.isfinite(values)]
    return float(finite.max()) if len(finite) else 0.0


def _log_bessel(kind: int, exponent: float, wave: float, radius: np.ndarray) -> np.ndarray:
    """``ln |N Z_nu(k r)|`` of a row of the operator's family at the radii ``radius`` (its own
    units), as :mod:`pinnls.numeric.singular` normalises it; ``wave`` 0: the harmonic one's."""
    from scipy.special import gammaln, ive, jv, kve, yv

    r = np.maximum(radius, 1e-300)
    order = 0.0 if kind == LOG else exponent
    if wave == 0:
        if kind == LOG:
            return np.log(np.maximum(np.abs(np.log(r)), 1e-300))
        return (-1 if kind == INVERSE else 1) * order * np.log(r)
    k = math.sqrt(abs(wave))
    z = k * r
    with np.errstate(all="ignore"):
        if kind == CORNER:
            log_n = gammaln(order + 1) + order * math.log(2 / k)
            value = ive(order, z) if wave > 0 else jv(order, z)
            growth = z if wave > 0 else 0.0
        else:
            if order == 0:
                log_n = math.log(math.pi / 2) if wave < 0 else 0.0
            else:
                log_n = math.log(math.pi if wave < 0 else 2.0) - gammaln(order)
                log_n += order * math.log(k / 2)
            value = kve(order, z) if wave > 0 else yv(order, z)
            growth = -z if wave > 0 else 0.0
        return log_n + growth + np.log(np.abs(value))


def _log_caloric(exponent: float, degree: int, mu: float, radius: np.ndarray) -> np.ndarray:
    """A bound on ``ln |sum_m mu^m P_n^(m)(tau) F_m(r)|`` over the time interval: each
    ``|P_n^(m)|`` at its largest, ``P_n^(m)(1) = (n + m)! / (2^m m! (n - m)!)``."""
    r = np.maximum(radius, 1e-300)
    total = np.zeros_like(r)
    rising = 1.0
    for m in range(degree + 1):
        if m:
            rising *= exponent + m
        top = math.factorial(degree + m) / (2**m * math.factorial(m) * math.factorial(degree - m))
        norm = 4.0**m * math.factorial(m) * rising
        total = total + mu**m * top / norm * r ** (exponent + 2 * m)
    with np.errstate(divide="ignore"):  # the corner itself, one of the boundary samples: -inf
        return np.log(total)


def framed(corner: Corner, frame: np.ndarray) -> tuple[float, float]:
    """A corner's (or a :class:`Change`'s) first edge's direction and its interior angle in
    ``frame`` (radians)."""
    first = frame @ [math.cos(corner.start), math.sin(corner.start)]
    last = frame @ [
        math.cos(corner.start + corner.angle),
        math.sin(corner.start + corner.angle),
    ]
    edge = math.atan2(first[1], first[0])
    return edge, (math.atan2(last[1], last[0]) - edge) % (2 * math.pi)


def frame_corners(compiled, frame: np.ndarray) -> list[Corner]:
    """The corners whose interior angle in ``frame`` exceeds :data:`REENTRANT` pi (a linear
    map keeps a corner convex or re-entrant, but may open a drawn 185 degrees wider)."""
    found = _vertices(space_shape(compiled))
    return [c for c in found if framed(c, frame)[1] > REENTRANT * math.pi]


#: Directions tried for a branch cut across the outside, and samples along each.
CUT_RAYS, CUT_SAMPLES = 64, 256


def _cut(shape, point, frame: np.ndarray, edge: float, angle: float) -> float | None:
    """The branch cut of a corner's or a change's functions: psi lies in ``[cut - 2 pi, cut)``
    (measured from the ``edge``, in ``frame``), so the ray at ``edge + cut`` must stay out of
    the shape, or the functions jump inside it. The outside wedge's bisector where that ray
    leaves the shape for good (every corner of sections 53 and 54), else the middle of the
    widest run of :data:`CUT_RAYS` directions across the outside wedge that do (an edge facing
    another arm of a U); None where none does (the boundary of a hole: every ray from it
    meets the shape again)."""
    diameter = _diameter(shape)
    inverse = np.linalg.inv(frame)
    reach = np.geomspace(1e-7, 2.0, CUT_SAMPLES) * diameter
    origin = np.asarray(point, dtype=np.float64)

    def clear(cut: float) -> bool:
        direction = inverse @ [math.cos(edge + cut), math.sin(edge + cut)]
        direction = direction / np.linalg.norm(direction)
        ray = origin + reach[:, None] * direction
        return bool(np.all(np.asarray(shape.depth(ray)) <= 1e-9 * diameter))

    bisector = angle + 0.5 * (2 * math.pi - angle)
    if clear(bisector):
        return bisector
    tried = angle + (np.arange(CUT_RAYS) + 0.5) / CUT_RAYS * (2 * math.pi - angle)
    good = [clear(float(c)) for c in tried]
    best, run, start = 0, 0, 0
    for index, ok in enumerate(good + [False]):
        if ok:
            run += 1
            continue
        if run > best:
            best, start = run, index - run
        run = 0
    if best == 0:
        return None
    return float(0.5 * (tried[start] + tried[start + best - 1]))


def _change_cuts(compiled, frame: np.ndarray) -> list[tuple[Change, float]]:
    """:func:`frame_changes` with each change's branch cut (:func:`_cut`)."""
    shape = space_shape(compiled)
    top = EXPONENT_MAX_TIME if _time_of(compiled) is not None else EXPONENT_MAX
    out = []
    for change in boundary_changes(compiled):
        edge, angle = framed(change, frame)
        first = 0.5 * math.pi / angle
        fractional = any(
            abs(e - round(e)) >= 1e-9
            for e in (first * (2 * j + 1) for j in range(int(top) + 1))
            if e <= top
        )
        if not (change.jump or (change.mixed and fractional)):
            continue
        cut = _cut(shape, change.point, frame, edge, angle)
        if cut is not None:
            out.append((change, cut))
    return out


def frame_changes(compiled, frame: np.ndarray) -> list[Change]:
    """The :func:`boundary_changes` that give singular functions: a jump anywhere, a mixed
    change where ``lam = (j + 1/2) pi / alpha`` (alpha in ``frame``) is not an integer for
    some j up to :data:`EXPONENT_MAX` (:data:`EXPONENT_MAX_TIME` with time; a straight edge:
    1/2; a right angle's are all integers, so a box's corners where a held face meets an
    insulated one give none); each only where a branch cut across the outside leaves the
    shape (:func:`_cut`: not on a hole's boundary).

    Parameters
    ----------
    compiled : CompiledProblem
    frame : (2, 2) ndarray
        :func:`principal_frame`.

    Returns
    -------
    list of Change
    """
    return [change for change, _ in _change_cuts(compiled, frame)]


@dataclasses.dataclass(frozen=True)
class InitialJump:
    """A face of a box where its data (on the value, or on the normal derivative: ``flux``)
    and the initial data disagree where they meet: ``axis`` (the face's normal axis),
    ``value`` (its coordinate), ``inward`` (+1 on the lower face, -1 on the upper), the
    largest ``jump`` (face's data less the initial data's, at the edge) and the diffusion
    ``kappa`` across the face. A rod at 0 whose end is suddenly held at 1, or takes a heat
    flux."""

    axis: int
    value: float
    inward: float
    jump: float
    kappa: float
    #: The face's condition is on the normal derivative (``a u + b du/dn = g``, ``n`` the
    #: outward normal: a heat flux or a convective face): ``jump`` is then its data less the
    #: initial data's ``a u_0 + b du_0/dn``, over ``b`` (so that ``-u_x(0, t) = 1`` and
    #: ``u_x(0, t) = -1`` read the same), and the layer starts at ``sqrt(tau) i erfc``.
    flux: bool = False


#: The heat kernel's rows per face: ``i^k erfc`` for k = 0 .. KERNEL_ORDER (k >= 1 carry the
#: disagreements of the data's time derivatives, ``g'(0)`` against ``kappa u_0''``, that the
#: jump leaves), and k, l <= KERNEL_PRODUCT on two faces' product; on two space axes each face
#: also has orders k <= KERNEL_PRODUCT times the heat polynomials of degree 1 to
#: KERNEL_DEGREE along it (a jump that varies along the face: y on x = 0). A flux face's
#: orders are one up: k = 1 .. KERNEL_FLUX_ORDER alone, and 1 .. KERNEL_PRODUCT + 1 times
#: the polynomials and in products.
KERNEL_ORDER = 3
#: A flux face's highest order alone. A convective face's layer is a series in ``h sqrt(t)``
#: (``exp(h x + h^2 t) erfc(z + h sqrt(t))``) that four orders leave to the smooth basis
#: (rod_convective: 6.1e-13 at width 2048 in 32 s with orders 1..4, 2.5e-11 at width 512 in
#: 6.4 s with 1..8, where the estimate stops the run; docs/benchmarks.md section 57).
KERNEL_FLUX_ORDER = 8
KERNEL_PRODUCT = 1
KERNEL_DEGREE = 6
#: Points along each edge where a face meets the initial plane, where the two data are read.
EDGE_SAMPLES = 64


def _parabolic(compiled):
    """``(time, space, D, v, c)`` of a box problem ``u_t + v . grad u = div(D grad u) - c u
    + f`` of constant coefficients with ``D`` positive definite on the space axes, else
    None."""
    if compiled.is_system or compiled.region is not None or compiled.time_axis is None:
        return None
    modes = compiled.modes()
    if modes is None or modes.order != 1:
        return None
    time = compiled.time_axis
    space = [i for i in range(compiled.dim) if i != time]
    diffusion = np.asarray(modes.diffusion, dtype=np.float64)[np.ix_(space, space)]
    eigen = np.linalg.eigvalsh(diffusion)
    if float(eigen.min()) <= 1e-12 * max(float(np.abs(eigen).max()), 1e-300):
        return None
    velocity = np.asarray(modes.velocity, dtype=np.float64)[space]
    return time, space, diffusion, velocity, float(modes.reaction)


def _on_face(term, axis: int, value: float) -> bool:
    """Whether ``term`` is a condition on the box's face ``x_axis = value`` alone, reading
    the unknown there only (not a periodic pair)."""
    cloud = term.cloud
    if term.kind != "condition" or cloud is None or cloud.region is not None:
        return False
    fixed = dict(cloud.fixed)
    if set(fixed) != {axis} or abs(fixed[axis] - value) > 1e-12 * max(1.0, abs(value)):
        return False
    return not any(part.fixed and dict(part.fixed) != fixed for part in term.parts)


def _face_condition(compiled, axis: int, value: float):
    """The face ``x_axis = value``'s one condition, else None (none, or several)."""
    faces = [t for t in compiled.terms if _on_face(t, axis, value)]
    return faces[0] if len(faces) == 1 else None


def _value_condition(compiled, axis: int, value: float):
    """The face ``x_axis = value``'s one condition where it is on the value (``c u = g``),
    else None (no condition, several, or one on a derivative)."""
    term = _face_condition(compiled, axis, value)
    if term is None or term.order != 0 or compiled._value_of(term) is None:
        return None
    return term


#: Step of the one-sided difference that reads the initial data's normal derivative at a flux
#: face's edge, as a fraction of the box along the normal (a quadratic through 1, 2 and 3
#: steps inward: its truncation is 1e-10 of the third derivative times the box cubed).
FLUX_STEP = 1e-5


def _flux_condition(compiled, axis: int, value: float):
    """The face ``x_axis = value``'s one condition where it is on the normal derivative with
    constant coefficients, ``a u + b du/dx_axis = g`` (``b != 0``), as ``(term, a, b)``;
    else None (no condition, several, one on the value alone, a tangential or a time
    derivative, a coefficient that varies)."""
    term = _face_condition(compiled, axis, value)
    if term is None or term.size == 0 or term.order != 1:
        return None
    normal = tuple(1 if k == axis else 0 for k in range(compiled.dim))
    found = {}
    for part in term.parts:
        if part.unknown != 0 or part.derivative not in (normal, (0,) * compiled.dim):
            return None
        coefficient = np.broadcast_to(part.coefficient(term.points), (term.size,))
        first = float(coefficient[0])
        if not np.all(coefficient == first):
            return None
        found[any(part.derivative)] = found.get(any(part.derivative), 0.0) + first
    b = found.get(True, 0.0)
    if b == 0:
        return None
    return term, found.get(False, 0.0), b


def initial_jumps(compiled) -> list[InitialJump]:
    """The faces of a box whose data disagree with the initial data where they meet.

    For a parabolic equation of constant coefficients on a box with a time axis
    (``u_t + v . grad u = div(D grad u) - c u + f``, ``D`` positive definite), with an
    initial condition on the value (``c0 u = g0`` at the interval's start) and, on a space
    face, one condition on the value (``c u = g``) or on the normal derivative with constant
    coefficients (``a u + b du/dn = g``, :func:`_flux_condition`): both data are read at
    :data:`EDGE_SAMPLES` points of their common edge (the face's 1e-9 of the interval after
    the start, the initial data 1e-9 of the box inward from the face; on a flux face the
    initial data's ``a u_0 + b du_0/dn``, by a one-sided difference of :data:`FLUX_STEP`),
    with a particular solution's part put back. Where they differ by more than :data:`JUMP`
    of the two data's joint range over their terms' points (and 1e-10 of their largest
    value; on a flux face, more than the difference's own error too) the solution has the
    heat kernel's layer ``erfc(d / sqrt(4 kappa t))`` there (on a flux face its integral
    ``sqrt(t) i erfc``), which smooth features resolve only slowly. A later time slab's
    initial data (the previous slab's values: ``compiled.origin`` is set) are not read: they
    meet the faces' data to that slab's error; its faces' data are read against themselves
    just before its start instead (data that switch on at the interface).

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    list of InitialJump
        Empty for any other problem (a shape, a system, no time axis, another equation).
    """
    found = _parabolic(compiled)
    if found is None:
        return []
    time, space, diffusion, _, _ = found
    lower = np.asarray(compiled.lower, dtype=np.float64)
    upper = np.asarray(compiled.upper, dtype=np.float64)
    start = float(lower[time])

    def flux_data(term, points: np.ndarray) -> np.ndarray | None:
        """A term's right-hand side ``g`` at ``points``, (n,), with a particular solution's
        part put back."""
        if term.source_function is None:
            return None
        values = np.asarray(term.source_function(points), dtype=np.float64)
        if term.particular_part is not None:
            values = values + np.asarray(term.particular_part(points), dtype=np.float64)
        return np.broadcast_to(values, (len(points),))

    def data(term, points: np.ndarray) -> np.ndarray | None:
        """A value condition's ``g / c`` at ``points`` (``c u = g``), (n,)."""
        scale = compiled._value_of(term)
        values = None if scale is None else flux_data(term, points)
        return None if values is None else values / scale

    def initial_flux(points: np.ndarray, axis: int, inward: float, a: float, b: float):
        """``(a u_0 + b du_0/dx_axis, its error)`` at ``points`` on the face, each (n,): the
        derivative by a one-sided quadratic through 1, 2 and 3 steps inward, and its error
        as the difference from the same with steps twice as long (steep but smooth data
        differ there by their truncation, which shrinks fourfold with the step)."""
        step = inward * FLUX_STEP * float(upper[axis] - lower[axis])
        values = {}
        for k in (1, 2, 3, 4, 6):
            moved = points.copy()
            moved[:, axis] = points[:, axis] + k * step
            values[k] = data(initial, moved)
            if values[k] is None:
                return None
        pairs = []
        for h in (1, 2):
            first, second, third = values[h], values[2 * h], values[3 * h]
            slope = (-2.5 * first + 4.0 * second - 1.5 * third) / (h * step)
            pairs.append(a * (3 * first - 3 * second + third) + b * slope)
        return pairs[0], np.abs(pairs[0] - pairs[1])

    initial = _value_condition(compiled, time, start)
    if initial is None:
        return []
    # a later time slab's initial data are the previous slab's values, which meet the faces'
    # data only to that slab's error: there a face's data are read against themselves just
    # before the slab's start instead (data that switch on at the interface)
    carried = compiled.origin is not None
    before = start - 1e-9 * (upper[time] - start)
    rng = np.random.default_rng(0)
    # (the flux faces' own, so that the value faces read the points they always did)
    flux_rng = np.random.default_rng(1)
    jumps = []
    for position, axis in enumerate(space):
        for end, value in ((0, float(lower[axis])), (1, float(upper[axis]))):
            face_term = _value_condition(compiled, axis, value)
            flux = None if face_term is not None else _flux_condition(compiled, axis, value)
            if face_term is None and flux is None:
                continue
            edge = (rng if flux is None else flux_rng).uniform(
                lower, upper, (EDGE_SAMPLES, compiled.dim)
            )
            edge[:, axis] = value
            later, inside = edge.copy(), edge.copy()
            later[:, time] = start + 1e-9 * (upper[time] - start)
            inward = 1.0 if end == 0 else -1.0
            inside[:, time] = start
            error, scale = 0.0, 1.0
            earlier = edge.copy()
            earlier[:, time] = before
            if carried:
                term = face_term if flux is None else flux[0]
                read = data if flux is None else flux_data
                face, first = read(term, later), read(term, earlier)
                clouds = [read(term, term.points)]
                if flux is not None:
                    scale = -inward * flux[2]
            elif flux is None:
                inside[:, axis] = value + inward * 1e-9 * (upper[axis] - lower[axis])
                face, first = data(face_term, later), data(initial, inside)
                clouds = [data(face_term, face_term.points), data(initial, initial.points)]
            else:
                term, a, b = flux
                # over the outward normal's coefficient, -inward b: u_x(0) = -1 as -u_x(0) = 1
                scale = -inward * b
                face, read = flux_data(term, later), initial_flux(inside, axis, inward, a, b)
                first, error = (None, 0.0) if read is None else read
                # the initial data's a u_0 + b du_0/dn over its points, where the difference
                # is its own (4 steps from both faces; not across a step in the data, where
                # the two steps' differences disagree)
                margin = 4 * FLUX_STEP * float(upper[axis] - lower[axis])
                along = initial.points[:, axis]
                cloud = initial.points[
                    (along >= lower[axis] + 2 * margin) & (along <= upper[axis] - 2 * margin)
                ]
                spread = initial_flux(cloud, axis, inward, a, b)
                if spread is not None:
                    combination, wrong = spread
                    spread = combination[wrong <= 1e-2 * np.abs(combination) + 1e-300]
                clouds = [flux_data(term, term.points), spread]
            if face is None or first is None:
                continue
            gap = face - first
            if not np.isfinite(gap).all():
                continue
            # against the two data's joint range over their whole clouds (a face that ramps
            # up from the initial value differs by its slope times 1e-9 at the edge)
            both = np.concatenate(
                [face, first, *[c[np.isfinite(c)] for c in clouds if c is not None]]
            )
            threshold = max(JUMP * float(np.ptp(both)), 1e-10 * float(np.abs(both).max()))
            beyond = np.abs(gap) - error
            worst = int(np.argmax(beyond))
            if beyond[worst] > threshold:
                kappa = float(diffusion[position, position])
                jumps.append(
                    InitialJump(
                        axis, value, inward, float(gap[worst]) / scale, kappa, flux is not None
                    )
                )
    return jumps


def kernel_faces(compiled) -> list[InitialJump]:
    """The faces of :func:`initial_jumps` that get the heat kernel's rows (not one whose
    drift runs along it)."""
    axis, centre = FIELD_NAMES.index("axis_a"), FIELD_NAMES.index("centre_a")
    held = {(int(r[axis]), float(r[centre])) for r in _kernel_rows(compiled)}
    return [j for j in initial_jumps(compiled) if (j.axis, j.value) in held]


def _kernel_rows(compiled) -> list[list[float]]:
    """The heat kernel's rows (kind :data:`KERNEL`) of :func:`initial_jumps`' faces: orders
    0 to :data:`KERNEL_ORDER` on each face (1 to :data:`KERNEL_FLUX_ORDER` on a flux face,
    whose orders are one up in the polynomials and products too, and whose corner rows are
    the flux's quarter plane ``U``, edge 3), times ``exp(g (x - face) - beta tau)`` where the
    operator has a drift ``v = 2 D g`` along the face's normal (``g`` elsewhere negligible,
    else the face gets none: the kernel's factor would not meet its data along the edge) or a
    reaction (``beta = g . D g + c``); and where two faces on different axes both jump and
    there is no drift nor a cross term between their axes, their products up to
    :data:`KERNEL_PRODUCT` (a quarter plane held at 1 on both sides:
    ``G_0 + G_0' - G_0 G_0'``). On two space axes, without a cross term, each face's orders up
    to :data:`KERNEL_PRODUCT` also come times the heat polynomials along it, degree 1 to
    :data:`KERNEL_DEGREE`."""
    found = _parabolic(compiled)
    if found is None:
        return []
    jumps = initial_jumps(compiled)
    if not jumps:
        return []
    time, space, diffusion, velocity, reaction = found
    lower = np.asarray(compiled.lower, dtype=np.float64)
    upper = np.asarray(compiled.upper, dtype=np.float64)
    span = float(upper[time] - lower[time])
    sizes = (upper - lower)[space]
    drift = np.linalg.solve(diffusion, velocity) / 2
    drift[np.abs(drift) * sizes <= NEGLIGIBLE] = 0.0
    decay = float(drift @ diffusion @ drift) + reaction
    if abs(decay) * span <= NEGLIGIBLE:
        decay = 0.0
    rows = []

    def row(
        jump: InitialJump,
        order: int,
        other: InitialJump | None = None,
        second: int = 0,
        along: int | None = None,
        corner: bool = False,
    ):
        position = space.index(jump.axis)
        g = float(drift[position])
        # exp(g s d - beta tau) G_k (s the inward sign) is at most exp(-c tau) where the flow
        # enters (g s d - d^2 / (4 kappa tau) <= kappa g^2 tau, and beta = kappa g^2 + c),
        # and exp(-beta tau) where it leaves (g s d <= 0): the largest value left to scale
        reaction_part = decay - (jump.kappa * g * g if g * jump.inward > 0 else 0.0)
        entries = dict.fromkeys(FIELD_NAMES, 0.0)
        entries.update(
            kind=KERNEL,
            axis_a=jump.axis,
            centre_a=jump.value,
            t00=jump.inward,
            t10=jump.kappa,
            exponent=order,
            axis_b=-1,
            time_axis=time,
            time_lower=float(lower[time]),
            time_upper=float(upper[time]),
            drift_a=g,
            decay=decay,
            offset=max(0.0, -reaction_part * span),
        )
        if other is not None:
            entries.update(
                axis_b=other.axis,
                centre_b=other.value,
                t01=other.inward,
                t11=other.kappa,
                trig=second,
                edge=(3.0 if jump.flux else 2.0) if corner else 0.0,
            )
        if along is not None:
            half = float(upper[along] - lower[along]) / 2
            entries.update(
                axis_b=along,
                centre_b=float(lower[along]) + half,
                t01=half,
                t11=float(diffusion[space.index(along), space.index(along)]) / half**2,
                trig=second,
                edge=1,
            )
        rows.append([float(entries[name]) for name in FIELD_NAMES])

    alone = []
    for jump in jumps:
        position = space.index(jump.axis)
        tangential = np.delete(drift, position)
        if np.any(tangential != 0):
            continue
        alone.append(jump)
        # a flux face's layer starts one order up: sqrt(tau) i erfc meets a jump of du/dn
        first = int(jump.flux)
        for order in range(first, (KERNEL_FLUX_ORDER if jump.flux else KERNEL_ORDER) + 1):
            row(jump, order)
        if len(space) == 2:
            (along,) = [k for k in space if k != jump.axis]
            if diffusion[0, 1] == 0:  # (else the polynomial's heat is not the face's alone)
                for order in range(first, first + KERNEL_PRODUCT + 1):
                    for degree in range(1, KERNEL_DEGREE + 1):
                        row(jump, order, second=degree, along=along)
    if np.any(drift != 0):
        return rows
    for jump in alone:
        # where the face meets one held at another value (the plate's hot edge beside a cold
        # one): the quarter plane's solution V, 1 on the one, 0 on the other, 0 at the start;
        # beside a flux face, U (edge 3), whose flux is 1 on the one and which is 0 on the
        # other (the flux meets the held face's data there only where they agree)
        a = space.index(jump.axis)
        for b, axis in enumerate(space):
            if axis == jump.axis or diffusion[a, b] != 0:
                continue
            for inward, value in ((1.0, float(lower[axis])), (-1.0, float(upper[axis]))):
                if _value_condition(compiled, axis, value) is None:
                    continue
                beside = InitialJump(axis, value, inward, 0.0, float(diffusion[b, b]))
                row(jump, int(jump.flux), beside, 0, corner=True)
    for i, one in enumerate(alone):
        for two in alone[i + 1 :]:
            a, b = space.index(one.axis), space.index(two.axis)
            if one.axis == two.axis or diffusion[a, b] != 0:
                continue
            for k in range(int(one.flux), int(one.flux) + KERNEL_PRODUCT + 1):
                for m in range(int(two.flux), int(two.flux) + KERNEL_PRODUCT + 1):
                    # (0, 0) is the two corner rows' sum less the two layers: V_ab + V_ba =
                    # G_a + G_b - G_a G_b, a column that would only repeat them
                    if k or m:
                        row(one, k, two, m)
    return rows


def family_counts(spec: np.ndarray) -> dict[str, int]:
    """How many rows of a spec (:func:`singular_spec`) are of each family: ``harmonic`` (the
    Laplacian's), ``operator`` (the drift's or reaction's, ``exp(g . x)`` times a Bessel or
    harmonic function), ``caloric`` and ``kernel`` (the heat kernel's layers where a face's
    data and the initial data disagree).

    Parameters
    ----------
    spec : (J, FIELDS) array

    Returns
    -------
    dict of str to int
    """
    spec = np.asarray(spec)
    column = {name: spec[:, i] for i, name in enumerate(FIELD_NAMES)}
    kernel = column["kind"] == KERNEL
    caloric = (column["caloric"] != 0) & ~kernel
    lower = (column["wave"] != 0) | (column["drift_a"] != 0) | (column["drift_b"] != 0)
    operator = ~caloric & lower & ~kernel
    return {
        "harmonic": int((~caloric & ~lower & ~kernel).sum()),
        "operator": int(operator.sum()),
        "caloric": int(caloric.sum()),
        "kernel": int(kernel.sum()),
    }


def describe(compiled) -> list[str]:
    """One phrase per face, corner, hole and change of condition that :func:`singular_spec`
    draws functions for (``pinnls check``'s line): a face whose data and the initial data
    disagree, a corner's interior angle in degrees, and the angle in the diffusion's frame
    where that differs (the exponents are read there)."""
    out = []
    axes = compiled.axes
    for jump in kernel_faces(compiled):  # (a time axis, then)
        start = f"{axes[compiled.time_axis]}={compiled.lower[compiled.time_axis]:g}"
        face = f"{axes[jump.axis]}={jump.value:g}"
        if jump.flux:
            out.append(
                f"the condition on {face}, on the derivative, and the initial data disagree "
                f"where they meet ({start})"
            )
        else:
            out.append(
                f"the data on {face} and the initial data disagree where they meet ({start})"
            )
    frame = principal_frame(compiled)
    if frame is None:
        return out
    shape = space_shape(compiled)
    for corner in frame_corners(compiled, frame):
        drawn = math.degrees(corner.angle)
        seen = math.degrees(framed(corner, frame)[1])
        where = "(" + ", ".join(f"{v:.4g}" for v in corner.point) + ")"
        extra = "" if abs(seen - drawn) < 0.05 else f" ({seen:.4g} in the diffusion's frame)"
        out.append(f"a corner of {drawn:.4g} degrees{extra} at {where}")
    for hole in holes(shape):
        where = "(" + ", ".join(f"{v:.4g}" for v in hole.centre) + ")"
        out.append(f"a hole of radius {hole.radius:.4g} around {where}")
    for change in frame_changes(compiled, frame):
        where = "(" + ", ".join(f"{v:.4g}" for v in change.point) + ")"
        what = []
        if change.mixed:
            what.append("a condition on the value meets one on a derivative")
        if change.jump:
            what.append("the value's data jump")
        out.append(f"{' and '.join(what)} at {where}")
    return out


def singular_spec(compiled) -> np.ndarray | None:
    """The singular functions of a compiled problem, as rows of
    :func:`pinnls.numeric.singular.singular_values`.

    Where the domain is a 2-D shape (times a time interval or not) with re-entrant corners or
    holes, and the equation is elliptic or parabolic with constant coefficients
    (:meth:`~pinnls.operators.CompiledProblem.modes` of order 0 or 1 whose ``D`` is positive
    definite on the shape's two axes):

    - each corner of interior angle ``alpha`` (measured in the frame ``T = D^(-1/2)``, where
      the principal part is the Laplacian) gives ``r^lam sin(lam psi)`` and
      ``r^lam cos(lam psi)`` for every ``lam = j pi / (2 alpha)`` up to
      :data:`EXPONENT_MAX` that is not an integer (integers give polynomials, which the
      features make): every pair of Dirichlet, Neumann and Robin edges is among them;
    - each hole gives ``ln r`` and ``r^-n cos(n psi)``, ``r^-n sin(n psi)``, n up to
      :data:`HOLE_ORDER`, ``r`` in units of the hole's radius;

    each times the Legendre polynomials of degree 0 to :data:`TIME_DEGREE` on the time
    interval where there is one (with the lower caps ``*_TIME``). ``r`` is in units of the
    shape's diameter (times the frame's largest stretch) at corners and of the hole's radius
    (times its smallest) around holes, so that every harmonic value is at most 1.

    Where the operator has a drift or a reaction (:func:`lower_order`, beyond
    :data:`NEGLIGIBLE`), each function also comes as the operator's own, beside it:
    ``exp(g . x)`` times ``N Z(kappa r)`` with ``Z`` a Bessel function (J or I at a corner,
    Y or K around a hole, ``N`` making it tend to the harmonic function as ``kappa -> 0``; the
    hole's ``ln r`` up to a constant). With a time axis, each corner exponent up to
    :data:`CALORIC_MAX` also gives caloric rows of degree 1 to :data:`TIME_DEGREE` (0 too where
    ``kappa^2`` is not 0), while their far field stays within :data:`CALORIC_SPREAD` of
    their corner part. Each of these rows' ``offset`` is its largest logarithm on
    :data:`SAMPLES` points of the shape, so that its values there are at most about 1.

    On a box with a time axis and a parabolic equation of constant coefficients, each face
    whose data disagree with the initial data where they meet (:func:`initial_jumps`) gives
    the heat kernel's rows (:data:`KERNEL`, after all others); a later time slab takes the
    whole interval's (``compiled.origin``), whose layers and corners go on into it.

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    (J, FIELDS) float64 ndarray or None
        None where the problem has no such shape, equation, or feature.
    """
    shape_rows = _shape_spec(compiled)
    # a later time slab's: the whole interval's rows, from its start and its initial data (the
    # slab's own initial data are the previous slab's values, carried), and its own where a
    # face's data switch on at its start
    rows = _kernel_rows(compiled)
    if compiled.origin is not None:
        rows = _kernel_rows(compiled.origin) + rows
    kernel = np.array(rows, dtype=np.float64).reshape(-1, FIELDS)
    if shape_rows is None:
        return kernel if len(kernel) else None
    return np.concatenate([shape_rows, kernel]) if len(kernel) else shape_rows


def _shape_spec(compiled) -> np.ndarray | None:
    """:func:`singular_spec`'s rows of a 2-D shape (or a box's two space axes): its corners,
    holes and changes of condition; None without any."""
    frame = principal_frame(compiled)
    if frame is None:
        return None
    shape = space_shape(compiled)
    inverse_root = _inverse_root(compiled)
    axis = _time_of(compiled)
    # the compiled box's own interval: a time slab's, where the region keeps the whole one
    time = None
    if axis is not None:
        time = (axis, float(compiled.lower[axis]), float(compiled.upper[axis]))
    space = [i for i in range(compiled.dim) if time is None or i != time[0]]
    found_corners, found_holes = frame_corners(compiled, frame), holes(shape)
    found_changes = _change_cuts(compiled, frame)
    if not found_corners and not found_holes and not found_changes:
        return None
    timed = time is not None
    degrees = range(TIME_DEGREE + 1) if timed else range(1)
    diameter = _diameter(shape)
    rows: list[list[float]] = []

    drift, kappa2 = lower_order(compiled)
    determinant = float(abs(np.linalg.det(inverse_root)))
    # points of the shape where each row's size is read (its offset), and a drift or a
    # reaction too weak to change a function beyond rounding counts as none (rows equal to the
    # harmonic ones to that order would only duplicate them)
    samples = _samples(shape)
    if float(np.linalg.norm(drift)) * diameter <= NEGLIGIBLE:
        drift = np.zeros(2)
    if abs(kappa2) * determinant * diameter**2 <= NEGLIGIBLE:
        kappa2 = 0.0  # (a drift and a reaction that cancel to rounding: exp(g . x) alone)
    lower = bool(np.any(drift != 0)) or kappa2 != 0

    def add(kind, centre, scale, edge, cut, exponent, trig, harmonic=False):
        t = frame / scale
        offsets = np.asarray(samples - np.asarray(centre)) @ t.T  # rho of each sample
        radius = np.hypot(offsets[:, 0], offsets[:, 1])
        exponential = (samples - np.asarray(centre)) @ drift
        # kappa is per unit of the frame D^(-1/2); the row's frame is that over
        # sqrt(det D^(-1/2)) scale (the frame has determinant 1)
        square = determinant * scale**2
        wave = kappa2 * square
        families = [(0.0, 0.0, 0.0, 0.0, 0.0, 0.0, degrees)]
        if lower and not harmonic:
            size = exponential + _log_bessel(kind, exponent, wave, radius)
            families.append((drift[0], drift[1], wave, _peak(size), 0.0, 0.0, degrees))
        elif harmonic and bool(np.any(drift != 0)):
            # the angle times exp(g . x): what is left of the operator's own jump function,
            # exp(g . x) psi I_0(kappa r), leaves a bounded residual, where psi alone leaves
            # |v| / r
            families.append((drift[0], drift[1], 0.0, _peak(exponential), 0.0, 0.0, degrees))
        if timed and kind == CORNER and exponent <= CALORIC_MAX and not harmonic:
            # u = exp(g . x - kappa^2 t) w with w_t = Lap w in the frame: w's corner solutions
            # sum_m a^(m)(t) s^(2m) F_m(rho) for a = P_n; degree 0 is F_0 (times the
            # exponential), another family's row unless kappa^2 makes it decay or grow
            span = time[2] - time[1]
            mu = 2 * square / span
            growth = max(0.0, -kappa2 * span)
            first = 0 if kappa2 != 0 else 1
            for degree in range(first, TIME_DEGREE + 1):
                size = _log_caloric(exponent, degree, mu, radius)
                if (
                    _peak(size) - _peak(exponent * np.log(np.maximum(radius, 1e-300)))
                    > CALORIC_SPREAD
                ):
                    break  # the corner's part is below rounding next to the far field
                families.append(
                    (
                        drift[0],
                        drift[1],
                        0.0,
                        _peak(size + exponential) + growth,
                        mu,
                        kappa2,
                        range(degree, degree + 1),
                    )
                )
        for drift_a, drift_b, family_wave, offset, mu, decay, family_degrees in families:
            for degree in family_degrees:
                row = dict.fromkeys(FIELD_NAMES, 0.0)
                row.update(
                    kind=kind,
                    axis_a=space[0],
                    axis_b=space[1],
                    centre_a=centre[0],
                    centre_b=centre[1],
                    t00=t[0, 0],
                    t01=t[0, 1],
                    t10=t[1, 0],
                    t11=t[1, 1],
                    edge=edge,
                    cut=cut,
                    exponent=exponent,
                    trig=trig,
                    time_axis=time[0] if timed else -1,
                    degree=degree,
                    time_lower=time[1] if timed else 0.0,
                    time_upper=time[2] if timed else 1.0,
                    drift_a=drift_a,
                    drift_b=drift_b,
                    wave=family_wave,
                    offset=offset,
                    caloric=mu,
                    decay=decay,
                )
                rows.append([float(row[name]) for name in FIELD_NAMES])

    # the frame stretches lengths by sigma_max at most and shrinks them by sigma_min at least:
    # r / (diameter sigma_max) <= 1 at a corner, r / (radius sigma_min) >= 1 around a hole
    stretch = np.linalg.svd(frame, compute_uv=False)
    top = EXPONENT_MAX_TIME if timed else EXPONENT_MAX
    for corner in found_corners:
        edge, angle = framed(corner, frame)
        cut = _cut(shape, corner.point, frame, edge, angle)
        if cut is None:
            cut = angle + 0.5 * (2 * math.pi - angle)  # (a hole's corner: the bisector)
        j = 1
        while (exponent := j * math.pi / (2 * angle)) <= top:
            j += 1
            if abs(exponent - round(exponent)) < 1e-9:
                continue
            for trig in (0, 1):
                add(CORNER, corner.point, diameter * stretch[0], edge, cut, exponent, trig)
    for change, cut in found_changes:
        edge, angle = framed(change, frame)
        scale = diameter * stretch[0]
        reentrant = any(math.dist(change.point, c.point) <= 1e-6 * diameter for c in found_corners)
        if change.mixed and not reentrant:
            # a value held on one side and a derivative on the other: lam = (j + 1/2) pi /
            # alpha (half-integers on a straight edge; a re-entrant corner has them already)
            j = 0
            while (exponent := (j + 0.5) * math.pi / angle) <= top:
                j += 1
                if abs(exponent - round(exponent)) < 1e-9:
                    continue
                for trig in (0, 1):
                    add(CORNER, change.point, scale, edge, cut, exponent, trig)
        if change.jump:
            # the angle psi / alpha steps from 0 to 1 across the point: the harmonic function
            # that carries the jump (the rest of the solution is continuous there)
            add(LOG, change.point, scale, edge, cut, 0.0, 0, harmonic=True)
    order = HOLE_ORDER_TIME if timed else HOLE_ORDER
    for hole in found_holes:
        radius = hole.radius * stretch[-1]
        add(LOG, hole.centre, radius, 0.0, math.pi, 0.0, 2)
        for n in range(1, order + 1):
            for trig in (0, 1):
                add(INVERSE, hole.centre, radius, 0.0, math.pi, float(n), trig)
    spec = np.array(rows, dtype=np.float64).reshape(-1, FIELDS)
    # the caloric rows last (stable): pinnls.numeric.singular evaluates them apart and puts
    # the two blocks side by side
    spec = spec[np.argsort(spec[:, FIELD_NAMES.index("caloric")] != 0, kind="stable")]
    return spec if len(spec) else None
