"""Domains that are not boxes: disks, polygons, balls, their unions, differences and
intersections, and their products with a time interval.

A shape is a frozen value object with named axes, a bounding box, a signed depth (positive
inside, negative outside, zero on the boundary; exact for the primitives, a bound for their
combinations) and a boundary made of *patches*: pieces of its primitives' boundaries, each
with a measure and a measure-preserving map from the unit interval (or square) onto it with
the outward unit normal. A combination's boundary is each primitive's boundary kept where it
lies on the result's boundary, the normals of a subtracted piece flipped.

Point clouds keep the meaning of :class:`~pinnls.clouds.Grid`, :class:`~pinnls.clouds.Random`
and :class:`~pinnls.clouds.Sobol`: the interior is the bounding box's cloud masked to the inside
(a grid keeps its spacing; ``Random(n)`` and ``Sobol(n)`` give n points inside), and the
boundary is sampled along its arc length (its area in 3-D) with the same rules, each piece in
proportion to its measure. Sampling goes through :class:`InteriorRegion` and
:class:`BoundaryRegion`, which :func:`pinnls.clouds.sample` calls by duck typing, so that the
numeric side can refine clouds and draw fresh validation points without importing this module.

numpy for the geometry; sympy only for ``normal`` and ``boundary.where``.
"""

from __future__ import annotations

import dataclasses
import math
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import sympy as sp

from pinnls.boundary import BoundarySample
from pinnls.clouds import Grid, PointSpec, _unit_cloud, sample
from pinnls.errors import ProblemError, declared_at
from pinnls.symbolic.mesh import _BLOCK, boundary_loops, read_mesh

__all__ = [
    "Ball",
    "Boundary",
    "BoundaryRegion",
    "Difference",
    "Disk",
    "InteriorRegion",
    "Intersection",
    "Mesh",
    "Polygon",
    "Shape",
    "SpaceTime",
    "Union",
    "as_shape",
    "boundary_points",
    "normal_symbols",
    "region_from_json",
    "shape_from_json",
    "with_normals",
]

#: Points of the fixed grid that estimates the inside fraction of a bounding box (and that
#: finds an empty combination at declaration).
_PROBE = 2**16
#: Points along the boundary that estimate the kept fraction of a combination's boundary.
_BOUNDARY_PROBE = 2**14
#: A boundary grid in time (:meth:`BoundaryRegion.aspect`) gets at most this many times as many
#: points per axis along the boundary as in time, and at least this fraction of them.
ASPECT_CAP = 8.0


def normal_symbols(axes: Sequence[str]) -> tuple[sp.Symbol, ...]:
    """The symbols that stand for the outward unit normal, one per space axis (``n_x``, ...)."""
    return tuple(sp.Symbol(f"n_{a}", real=True) for a in axes)


@dataclasses.dataclass(frozen=True)
class _Patch:
    """One smooth piece of a primitive's boundary.

    ``sizes`` is the length (2-D) or the two side lengths of a rectangle of equal area (3-D);
    ``map`` takes unit parameters (m, len(sizes)) to points and outward normals, each
    (m, d), preserving measure.
    """

    label: str
    sizes: tuple[float, ...]
    map: object  # callable (m, k) -> (points (m, d), normals (m, d))

    @property
    def measure(self) -> float:
        return math.prod(self.sizes)


class Shape:
    """A region of space with named axes (the base of every shape).

    Attributes
    ----------
    axes : tuple of str
    lower, upper : tuple of float
        The bounding box.
    """

    axes: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]

    @property
    def dim(self) -> int:
        """Number of space axes d."""
        return len(self.axes)

    @property
    def bounds(self) -> dict[str, tuple[float, float]]:
        """The bounding box, ``{axis: (lo, hi)}`` (``Box(**shape.bounds)``)."""
        return {a: (lo, hi) for a, lo, hi in zip(self.axes, self.lower, self.upper)}

    @property
    def boundary(self) -> Boundary:
        """The whole boundary, for ``condition(..., on=shape.boundary)``."""
        return Boundary(self)

    @property
    def normal(self) -> tuple[sp.Symbol, ...]:
        """Symbols for the outward unit normal, one per axis, for Neumann and Robin conditions
        (substituted per boundary point when the term is compiled)."""
        return normal_symbols(self.axes)

    @property
    def tolerance(self) -> float:
        """Distance under which a point counts as on the boundary (1e-9 of the diameter)."""
        return 1e-9 * math.dist(self.lower, self.upper)

    def depth(self, points: np.ndarray) -> np.ndarray:
        """Signed depth of each point, shape (n,) for points (n, d): > 0 inside, < 0 outside."""
        raise NotImplementedError

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Whether each point (n, d) lies in the closed shape, (n,) bool."""
        return self.depth(np.asarray(points, dtype=np.float64)) >= -self.tolerance

    def pieces(self) -> tuple[tuple[Shape, bool, tuple], ...]:
        """The boundary's pieces: ``(primitive, flipped, conditions)``, where each condition
        ``(shape, mode)`` keeps a point that is ``"out"`` (not strictly inside), ``"in"``
        (strictly inside) or ``"closed"`` (inside or on) that shape."""
        return ((self, False, ()),)

    def patches(self) -> tuple[_Patch, ...]:
        """A primitive's boundary patches."""
        raise NotImplementedError

    def normals_at(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A primitive's outward unit normal at points on (or near) its boundary, (n, d),
        and the index of the patch each point is nearest to, (n,) int."""
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def to_json(self) -> dict:
        """The shape as plain data (what :func:`shape_from_json` reads back): result files
        keep it so that ``pinnls eval`` knows the domain without the problem file."""
        raise NotImplementedError

    # -- combinations --------------------------------------------------------------------

    def __or__(self, other: object) -> Shape:
        return Union(self, _operand(other, self, "|"))

    def __sub__(self, other: object) -> Shape:
        return Difference(self, _operand(other, self, "-"))

    def __and__(self, other: object) -> Shape:
        return Intersection(self, _operand(other, self, "&"))

    def __mul__(self, other: object) -> SpaceTime:
        return SpaceTime(self, other)


def as_shape(value: object) -> Shape:
    """A shape, with a :class:`~pinnls.Box` taken as the rectangle (or cuboid) it is."""
    if isinstance(value, Shape):
        return value
    if _is_box(value):
        return Rectangle(value)
    raise ProblemError(
        f"expected a shape (Disk, Polygon, Ball, Box or a combination), got {type(value).__name__}"
    )


def _is_box(value: object) -> bool:
    """A :class:`~pinnls.Box` (recognised by its faces: this module sits below domain.py,
    whose Box operators import it)."""
    return hasattr(value, "face") and hasattr(value, "check_value")


def _operand(other: object, first: Shape, op: str) -> Shape:
    if isinstance(other, SpaceTime):
        raise ProblemError(
            f"combine the space shapes first, then multiply by the time interval: "
            f"(a {op} b) * Box(t=(0, 1))"
        )
    shape = as_shape(other)
    if shape.axes != first.axes:
        raise ProblemError(
            f"cannot combine shapes on axes ({', '.join(first.axes)}) and "
            f"({', '.join(shape.axes)}); give both the same axes=(...)"
        )
    return shape


def _axes(axes: object, d: int, what: str) -> tuple[str, ...]:
    default = ("x", "y", "z")[:d]
    if axes is None:
        return default
    names = tuple(str(getattr(a, "name", a)) for a in axes)
    if len(names) != d or len(set(names)) != d or not all(n.isidentifier() for n in names):
        raise ProblemError(f"{what} needs {d} distinct axis names, got axes={axes!r}")
    return names


def _point(value: object, d: int, what: str) -> np.ndarray:
    try:
        array = np.array([float(v) for v in value], dtype=np.float64)
    except (TypeError, ValueError):
        raise ProblemError(f"{what} must be {d} numbers, got {value!r}") from None
    if array.shape != (d,) or not np.all(np.isfinite(array)):
        raise ProblemError(f"{what} must be {d} finite numbers, got {value!r}")
    return array


def _radius(value: object, what: str) -> float:
    try:
        r = float(value)
    except (TypeError, ValueError):
        raise ProblemError(f"{what} radius must be a number, got {value!r}") from None
    if not (math.isfinite(r) and r > 0):
        raise ProblemError(f"{what} radius must be finite and > 0, got {value!r}")
    return r


class _Round(Shape):
    """A disk or a ball: points within ``radius`` of ``center``."""

    def __init__(self, center, radius, axes, d: int, what: str) -> None:
        self.axes = _axes(axes, d, what)
        self.center = tuple(_point(center, d, f"{what} center"))
        self.radius = _radius(radius, what)
        self.lower = tuple(c - self.radius for c in self.center)
        self.upper = tuple(c + self.radius for c in self.center)

    def _key(self):
        return (type(self), self.axes, self.center, self.radius)

    def __eq__(self, other):
        return isinstance(other, _Round) and self._key() == other._key()

    def __hash__(self):
        return hash(self._key())

    def depth(self, points):
        return self.radius - np.linalg.norm(points - np.array(self.center), axis=1)

    def normals_at(self, points):
        offset = points - np.array(self.center)
        norm = np.linalg.norm(offset, axis=1, keepdims=True)
        unit = np.divide(offset, norm, out=np.zeros_like(offset), where=norm > 0)
        unit[norm[:, 0] == 0, 0] = 1.0
        return unit, np.zeros(len(points), dtype=int)

    def to_json(self):
        return {
            "kind": type(self).__name__,
            "center": list(self.center),
            "radius": self.radius,
            "axes": list(self.axes),
        }

    def describe(self):
        center = ", ".join(f"{c:g}" for c in self.center)
        return f"{type(self).__name__}(center=({center}), radius={self.radius:g})"

    __repr__ = describe


class Disk(_Round):
    """The closed disk of ``radius`` around ``center``.

    Parameters
    ----------
    center : two numbers
    radius : number > 0
    axes : two axis names, optional
        ``("x", "y")`` unless given.
    """

    def __init__(self, center=(0.0, 0.0), radius=1.0, axes=None) -> None:
        super().__init__(center, radius, axes, 2, "Disk")

    def patches(self):
        center, r = np.array(self.center), self.radius

        def arc(u):
            angle = 2 * np.pi * u[:, 0]
            normal = np.stack([np.cos(angle), np.sin(angle)], axis=1)
            return center + r * normal, normal

        return (_Patch(self.describe(), (2 * np.pi * r,), arc),)


class Ball(_Round):
    """The closed ball of ``radius`` around ``center`` in three dimensions.

    Parameters
    ----------
    center : three numbers
    radius : number > 0
    axes : three axis names, optional
        ``("x", "y", "z")`` unless given.
    """

    def __init__(self, center=(0.0, 0.0, 0.0), radius=1.0, axes=None) -> None:
        super().__init__(center, radius, axes, 3, "Ball")

    def patches(self):
        center, r = np.array(self.center), self.radius

        def sphere(u):
            # Archimedes: (angle, height) is area-preserving from the cylinder to the sphere.
            angle = 2 * np.pi * u[:, 0]
            height = 2 * u[:, 1] - 1
            ring = np.sqrt(np.clip(1 - height**2, 0, None))
            normal = np.stack([ring * np.cos(angle), ring * np.sin(angle), height], axis=1)
            return center + r * normal, normal

        return (_Patch(self.describe(), (2 * np.pi * r, 2 * r), sphere),)


class Polygon(Shape):
    """A simple polygon (its edges do not cross), given by its corners in order.

    Parameters
    ----------
    vertices : sequence of (x, y)
        At least three corners, clockwise or counter-clockwise; the last joins the first.
    axes : two axis names, optional
    """

    def __init__(self, vertices, axes=None) -> None:
        self.axes = _axes(axes, 2, "Polygon")
        try:
            corners = [tuple(float(c) for c in _point(v, 2, "a Polygon vertex")) for v in vertices]
        except TypeError:
            raise ProblemError(
                f"Polygon needs a list of (x, y) vertices, got {vertices!r}"
            ) from None
        if len(corners) < 3:
            raise ProblemError(f"Polygon needs at least 3 vertices, got {len(corners)}")
        array = np.array(corners)
        area = 0.5 * float(
            np.sum(array[:, 0] * np.roll(array[:, 1], -1) - np.roll(array[:, 0], -1) * array[:, 1])
        )
        scale = float(np.max(np.ptp(array, axis=0))) if len(array) else 0.0
        if not abs(area) > 1e-12 * max(scale, 1e-300) ** 2:
            raise ProblemError(f"Polygon {corners} encloses no area")
        if area < 0:
            corners = corners[::-1]
        _check_simple(corners)
        self.vertices = tuple(corners)
        self.lower = tuple(float(v) for v in np.min(corners, axis=0))
        self.upper = tuple(float(v) for v in np.max(corners, axis=0))

    def __eq__(self, other):
        return isinstance(other, Polygon) and (self.axes, self.vertices) == (
            other.axes,
            other.vertices,
        )

    def __hash__(self):
        return hash((Polygon, self.axes, self.vertices))

    def _edges(self) -> tuple[np.ndarray, np.ndarray]:
        start = np.array(self.vertices)
        return start, np.roll(start, -1, axis=0)

    def depth(self, points):
        start, end = self._edges()
        distance, _ = _edge_distance(points, start, end)
        x, y = points[:, :1], points[:, 1:2]
        crosses = (start[None, :, 1] > y) != (end[None, :, 1] > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            at = start[None, :, 0] + (y - start[None, :, 1]) * (
                end[None, :, 0] - start[None, :, 0]
            ) / (end[None, :, 1] - start[None, :, 1])
        inside = (np.sum(crosses & (x < at), axis=1) % 2) == 1
        return np.where(inside, distance, -distance)

    def patches(self):
        start, end = self._edges()
        out = []
        for i, (a, b) in enumerate(zip(start, end)):
            step = b - a
            length = float(np.hypot(*step))
            normal = np.array([step[1], -step[0]]) / length  # counter-clockwise: right is out

            def edge(u, a=a, step=step, normal=normal):
                return a + u[:, :1] * step, np.broadcast_to(normal, (len(u), 2)).copy()

            out.append(_Patch(f"Polygon edge {i + 1}", (length,), edge))
        return tuple(out)

    def normals_at(self, points):
        start, end = self._edges()
        _, nearest = _edge_distance(points, start, end)
        step = (end - start)[nearest]
        normal = np.stack([step[:, 1], -step[:, 0]], axis=1)
        return normal / np.linalg.norm(normal, axis=1, keepdims=True), nearest

    def to_json(self):
        return {
            "kind": "Polygon",
            "vertices": [list(v) for v in self.vertices],
            "axes": list(self.axes),
        }

    def describe(self):
        return "Polygon([" + ", ".join(f"({a:g}, {b:g})" for a, b in self.vertices) + "])"

    __repr__ = describe


def _edge_distance(points, start, end):
    """Distance from each point (n, 2) to the nearest edge, and that edge's index."""
    step = end - start
    rel = points[:, None, :] - start[None, :, :]
    along = np.clip(np.sum(rel * step, axis=2) / np.sum(step * step, axis=1), 0.0, 1.0)
    gap = rel - along[:, :, None] * step[None, :, :]
    distance = np.linalg.norm(gap, axis=2)
    nearest = np.argmin(distance, axis=1)
    return distance[np.arange(len(points)), nearest], nearest


def _check_simple(corners: list[tuple[float, float]]) -> None:
    """Refuse a polygon whose edges cross or touch (other than neighbours at their corner)."""
    n = len(corners)
    for i in range(n):
        if corners[i] == corners[(i + 1) % n]:
            raise ProblemError(f"Polygon repeats the vertex {corners[i]}; give each corner once")
    for i in range(n):
        a, b = np.array(corners[i]), np.array(corners[(i + 1) % n])
        for j in range(i + 1, n):
            if j == i or (j + 1) % n == i or j == (i + 1) % n:
                continue
            c, e = np.array(corners[j]), np.array(corners[(j + 1) % n])
            if _segments_meet(a, b, c, e):
                raise ProblemError(
                    f"Polygon edges {i + 1} {corners[i]}-{corners[(i + 1) % n]} and {j + 1} "
                    f"{corners[j]}-{corners[(j + 1) % n]} cross; a polygon must not cross itself"
                )


def _segments_meet(a, b, c, e) -> bool:
    def orient(p, q, r):
        return float((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]))

    def on(p, q, r):  # r on segment pq, given collinear
        return min(p[0], q[0]) <= r[0] <= max(p[0], q[0]) and min(p[1], q[1]) <= r[1] <= max(
            p[1], q[1]
        )

    o1, o2, o3, o4 = orient(a, b, c), orient(a, b, e), orient(c, e, a), orient(c, e, b)
    if (o1 > 0) != (o2 > 0) and (o3 > 0) != (o4 > 0) and 0 not in (o1, o2, o3, o4):
        return True
    return (
        (o1 == 0 and on(a, b, c))
        or (o2 == 0 and on(a, b, e))
        or (o3 == 0 and on(c, e, a))
        or (o4 == 0 and on(c, e, b))
    )


class Rectangle(Shape):
    """A :class:`~pinnls.Box` in 2-D or 3-D taken as a shape (``Box(...) - Disk(...)``)."""

    def __init__(self, box) -> None:
        if box.dim not in (2, 3):
            raise ProblemError(
                f"a Box in a shape combination needs 2 or 3 axes, got {box.dim} ({box.describe()})"
            )
        self.axes = tuple(box.axes)
        self.lower = tuple(float(v) for v in box.lower)
        self.upper = tuple(float(v) for v in box.upper)

    def __eq__(self, other):
        return isinstance(other, Rectangle) and (self.axes, self.lower, self.upper) == (
            other.axes,
            other.lower,
            other.upper,
        )

    def __hash__(self):
        return hash((Rectangle, self.axes, self.lower, self.upper))

    def depth(self, points):
        lo, hi = np.array(self.lower), np.array(self.upper)
        inner = np.minimum(points - lo, hi - points)
        return np.min(inner, axis=1)

    def _faces(self):
        """(axis, side, value) per face, in the order of the patches."""
        return [
            (i, side, (self.lower, self.upper)[side][i]) for i in range(self.dim) for side in (0, 1)
        ]

    def patches(self):
        lo, hi = np.array(self.lower), np.array(self.upper)
        out = []
        for axis, side, value in self._faces():
            free = [i for i in range(self.dim) if i != axis]
            normal = np.zeros(self.dim)
            normal[axis] = 1.0 if side else -1.0

            def face(u, axis=axis, value=value, free=free, normal=normal):
                points = np.empty((len(u), self.dim))
                points[:, free] = lo[free] + u * (hi[free] - lo[free])
                points[:, axis] = value
                return points, np.broadcast_to(normal, points.shape).copy()

            sizes = tuple(float(hi[i] - lo[i]) for i in free)
            out.append(_Patch(f"{self.axes[axis]}={value:g}", sizes, face))
        return tuple(out)

    def normals_at(self, points):
        lo, hi = np.array(self.lower), np.array(self.upper)
        gaps = np.stack(
            [g for i in range(self.dim) for g in (points[:, i] - lo[i], hi[i] - points[:, i])],
            axis=1,
        )
        nearest = np.argmin(np.abs(gaps), axis=1)
        normal = np.zeros_like(points)
        normal[np.arange(len(points)), nearest // 2] = np.where(nearest % 2 == 1, 1.0, -1.0)
        return normal, nearest

    def to_json(self):
        return {
            "kind": "Box",
            "lower": list(self.lower),
            "upper": list(self.upper),
            "axes": list(self.axes),
        }

    def describe(self):
        return (
            "Box("
            + ", ".join(
                f"{a}=({lo:g}, {hi:g})" for a, lo, hi in zip(self.axes, self.lower, self.upper)
            )
            + ")"
        )

    __repr__ = describe


class Mesh(Shape):
    """The region bounded by a mesh read from a file.

    Parameters
    ----------
    path : str or path-like
        ``.vtu``, ``.vtk``, ``.vtp``, ``.stl`` or ``.ply``; relative to the problem file (to
        the current folder outside one). A planar mesh (all z equal) gives a 2-D shape, a
        closed surface (or a volume mesh, by its outer surface) a 3-D one.
    axes : axis names, optional
        Two for a planar mesh, three for a surface; ``("x", "y")`` or ``("x", "y", "z")``
        unless given.

    Attributes
    ----------
    path : str
        The file read (absolute when the problem file's folder was known).
    points : (p, d) float64 ndarray
    triangles : (m, 3) int64 ndarray
        Indices into ``points``; a surface's turn outwards.

    Raises
    ------
    ProblemError
        A missing file, a ``.msh`` or other unread format, a file that cannot be read or holds
        no triangles, a surface that is not closed, or axes that do not match the mesh.
    """

    def __init__(self, path, axes=None) -> None:
        declared = declared_at()
        base = Path(declared.rsplit(":", 1)[0]).parent if declared else Path.cwd()
        file = Path(path)
        file = file if file.is_absolute() else base / file
        points, triangles = read_mesh(file)
        self._setup(str(file), points, triangles, axes)

    @classmethod
    def from_arrays(cls, path: str, points, triangles, axes=None) -> Mesh:
        """A mesh from its arrays (what :meth:`to_json` keeps): points (p, d) with d = 2 or
        3, triangles (m, 3) int indices into them; ``path`` names it only."""
        shape = cls.__new__(cls)
        points = np.asarray(points, dtype=np.float64)
        triangles = np.asarray(triangles, dtype=np.int64).reshape(-1, 3)
        if points.ndim != 2 or points.shape[1] not in (2, 3):
            raise ProblemError(f"Mesh {path}: points must be (p, 2) or (p, 3)")
        shape._setup(path, points, triangles, axes)
        return shape

    # -- construction ------------------------------------------------------------------------

    def _setup(self, path: str, points: np.ndarray, triangles: np.ndarray, axes) -> None:
        self.path = path
        self.name = Path(path).name
        d = points.shape[1]
        default = ("x", "y", "z")[:d]
        if axes is None:
            self.axes = default
        else:
            names = tuple(str(getattr(a, "name", a)) for a in axes)
            if len(names) != d or len(set(names)) != d or not all(n.isidentifier() for n in names):
                kind = "planar (2-D)" if d == 2 else "a 3-D surface"
                raise ProblemError(
                    f"Mesh {self.name} is {kind} and needs {d} distinct axis names, got "
                    f"axes={tuple(axes)!r}"
                )
            self.axes = names
        self.points = points
        self.triangles = triangles
        self.lower = tuple(float(v) for v in points.min(axis=0))
        self.upper = tuple(float(v) for v in points.max(axis=0))
        self._vtk = None
        if d == 2:
            self._boundary_2d()
        else:
            self._surface_3d()
        self._key = (self.axes, zlib.crc32(points.tobytes()), zlib.crc32(triangles.tobytes()))

    def _boundary_2d(self) -> None:
        tri = self.triangles
        edges = np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]])
        third = np.concatenate([tri[:, 2], tri[:, 0], tri[:, 1]])
        _, index, counts = np.unique(
            np.sort(edges, axis=1), axis=0, return_index=True, return_counts=True
        )
        once = index[counts == 1]
        if not len(once):
            raise ProblemError(f"Mesh {self.name} has no boundary edges")
        start, end = self.points[edges[once, 0]], self.points[edges[once, 1]]
        step = end - start
        normal = np.stack([step[:, 1], -step[:, 0]], axis=1)
        normal /= np.linalg.norm(normal, axis=1, keepdims=True)
        # outward: away from the triangle the edge belongs to
        inward = np.sum(normal * (self.points[third[once]] - start), axis=1) > 0
        normal[inward] *= -1
        self.edge_start, self.edge_end, self.edge_normal = start, end, normal
        self.edge_loop = boundary_loops(edges[once], len(self.points))
        lengths = np.linalg.norm(step, axis=1)
        # the longest loop first (the outline of a mesh with holes)
        totals = np.bincount(self.edge_loop, weights=lengths)
        order = np.argsort(-totals, kind="stable")
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        self.edge_loop = rank[self.edge_loop]

    def _surface_3d(self) -> None:
        tri = self.triangles
        edges = np.sort(np.concatenate([tri[:, [0, 1]], tri[:, [1, 2]], tri[:, [2, 0]]]), axis=1)
        _, counts = np.unique(edges, axis=0, return_counts=True)
        if np.any(counts != 2):
            raise ProblemError(
                f"Mesh {self.name} is a surface that is not closed ({int(np.sum(counts == 1))} "
                f"edges belong to one triangle, {int(np.sum(counts > 2))} to more than two); a "
                f"3-D mesh must enclose a volume"
            )
        a, b, c = (self.points[tri[:, i]] for i in range(3))
        cross = np.cross(b - a, c - a)
        # the divergence theorem: a positive volume means the triangles turn outwards
        if np.sum(np.einsum("ij,ij->i", a, cross)) < 0:
            self.triangles = tri = tri[:, [0, 2, 1]]
            cross = -cross
        area2 = np.linalg.norm(cross, axis=1)
        self.face_normal = cross / area2[:, None]
        self.face_area = 0.5 * area2

    # -- the Shape interface -----------------------------------------------------------------

    def __eq__(self, other):
        return isinstance(other, Mesh) and self._key == other._key

    def __hash__(self):
        return hash((Mesh, self._key))

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_vtk"] = None  # VTK objects do not pickle; rebuilt on demand
        return state

    def _surface(self):
        if self._vtk is None:
            import pyvista  # deferred: importing VTK takes a noticeable fraction of a second

            faces = np.column_stack([np.full(len(self.triangles), 3), self.triangles]).ravel()
            surface = pyvista.PolyData(self.points, faces)
            surface.cell_data["Normals"] = self.face_normal
            self._vtk = surface
        return self._vtk

    def depth(self, points):
        points = np.asarray(points, dtype=np.float64)
        if self.dim == 3:
            import pyvista

            if not len(points):
                return np.zeros(0)
            probe = pyvista.PolyData(points).compute_implicit_distance(self._surface())
            return -np.asarray(probe["implicit_distance"], dtype=np.float64)
        distance, _ = self._nearest_edge(points)
        return np.where(self._inside_2d(points), distance, -distance)

    def _nearest_edge(self, points):
        """Distance (n,) from each point (n, 2) to the nearest boundary edge, and its index."""
        sx, sy = self.edge_start[:, 0], self.edge_start[:, 1]
        dx, dy = (self.edge_end - self.edge_start).T
        inverse = 1.0 / (dx * dx + dy * dy)
        distance = np.empty(len(points))
        nearest = np.empty(len(points), dtype=np.int64)
        block = max(1, _BLOCK // len(sx))
        for lo in range(0, len(points), block):
            rx = points[lo : lo + block, :1] - sx
            ry = points[lo : lo + block, 1:2] - sy
            along = np.clip((rx * dx + ry * dy) * inverse, 0.0, 1.0)
            rx -= along * dx
            ry -= along * dy
            gap = rx * rx + ry * ry
            index = np.argmin(gap, axis=1)
            nearest[lo : lo + block] = index
            distance[lo : lo + block] = np.sqrt(gap[np.arange(len(gap)), index])
        return distance, nearest

    def _inside_2d(self, points):
        """Whether each point (n, 2) is inside: an odd count of boundary edges to its right."""
        sx, sy = self.edge_start[:, 0], self.edge_start[:, 1]
        ex, ey = self.edge_end[:, 0], self.edge_end[:, 1]
        with np.errstate(divide="ignore", invalid="ignore"):
            slope = (ex - sx) / (ey - sy)
        inside = np.empty(len(points), dtype=bool)
        block = max(1, _BLOCK // len(sx))
        for lo in range(0, len(points), block):
            x, y = points[lo : lo + block, :1], points[lo : lo + block, 1:2]
            crosses = (sy > y) != (ey > y)
            with np.errstate(invalid="ignore"):
                hit = crosses & (x < sx + (y - sy) * slope)
            inside[lo : lo + block] = (np.count_nonzero(hit, axis=1) % 2) == 1
        return inside

    def patches(self):
        if self.dim == 3:
            return (
                _Patch(self._label(0), (math.sqrt(self.face_area.sum()),) * 2, self._on_surface),
            )
        out = []
        for loop in range(int(self.edge_loop.max()) + 1):
            chosen = np.flatnonzero(self.edge_loop == loop)
            start, step = self.edge_start[chosen], self.edge_end[chosen] - self.edge_start[chosen]
            normal = self.edge_normal[chosen]
            cumulative = np.concatenate([[0.0], np.cumsum(np.linalg.norm(step, axis=1))])
            total = float(cumulative[-1])

            def along(u, start=start, step=step, normal=normal, cumulative=cumulative):
                s = u[:, 0] * cumulative[-1]
                edge = np.clip(np.searchsorted(cumulative, s, side="right") - 1, 0, len(step) - 1)
                width = cumulative[edge + 1] - cumulative[edge]
                frac = (s - cumulative[edge]) / width
                return start[edge] + frac[:, None] * step[edge], normal[edge].copy()

            out.append(_Patch(self._label(loop), (total,), along))
        return tuple(out)

    def _on_surface(self, u):
        """Unit square (m, 2) to points on the triangles, uniform in area, with normals."""
        cumulative = np.concatenate([[0.0], np.cumsum(self.face_area)])
        cumulative /= cumulative[-1]
        face = np.clip(
            np.searchsorted(cumulative, u[:, 0], side="right") - 1, 0, len(self.face_area) - 1
        )
        s = (u[:, 0] - cumulative[face]) / (cumulative[face + 1] - cumulative[face])
        root = np.sqrt(np.clip(s, 0.0, 1.0))[:, None]
        t = u[:, 1:2]
        a, b, c = (self.points[self.triangles[face, i]] for i in range(3))
        return (1 - root) * a + root * (1 - t) * b + root * t * c, self.face_normal[face].copy()

    def _label(self, loop: int) -> str:
        if self.dim == 3 or self.edge_loop.max() == 0:
            return f"{self.name} boundary"
        return f"{self.name} boundary {loop + 1}"

    def normals_at(self, points):
        points = np.asarray(points, dtype=np.float64)
        if self.dim == 3:
            if not len(points):
                return np.zeros((0, 3)), np.zeros(0, dtype=int)
            face = np.atleast_1d(self._surface().find_closest_cell(points))
            return self.face_normal[face], np.zeros(len(points), dtype=int)
        _, edge = self._nearest_edge(points)
        return self.edge_normal[edge], self.edge_loop[edge]

    def to_json(self):
        return {
            "kind": "Mesh",
            "path": self.path,
            "axes": list(self.axes),
            "points": self.points.tolist(),
            "triangles": self.triangles.tolist(),
        }

    def describe(self):
        return f"Mesh({self.name!r})"

    __repr__ = describe


class _Combination(Shape):
    symbol = "?"

    def __init__(self, first: Shape, second: Shape) -> None:
        self.first, self.second = first, second
        self.axes = first.axes
        self.lower, self.upper = self._bounds()
        if not all(lo < hi for lo, hi in zip(self.lower, self.upper)) or not np.any(
            self.contains(_probe_points(self, 2**14))
        ):
            raise ProblemError(f"the shape {self.describe()} is empty")

    def _bounds(self):
        return self.first.lower, self.first.upper

    def __eq__(self, other):
        return type(self) is type(other) and (self.first, self.second) == (
            other.first,
            other.second,
        )

    def __hash__(self):
        return hash((type(self), self.first, self.second))

    def to_json(self):
        return {
            "kind": type(self).__name__,
            "first": self.first.to_json(),
            "second": self.second.to_json(),
        }

    def describe(self):
        return f"({self.first.describe()} {self.symbol} {self.second.describe()})"

    __repr__ = describe


class Union(_Combination):
    """``a | b``: the points of either shape."""

    symbol = "|"

    def _bounds(self):
        return (
            tuple(map(min, self.first.lower, self.second.lower)),
            tuple(map(max, self.first.upper, self.second.upper)),
        )

    def depth(self, points):
        return np.maximum(self.first.depth(points), self.second.depth(points))

    def pieces(self):
        return tuple(
            (leaf, flip, conditions + ((other, "out"),))
            for part, other in ((self.first, self.second), (self.second, self.first))
            for leaf, flip, conditions in part.pieces()
        )


class Difference(_Combination):
    """``a - b``: the points of ``a`` outside ``b`` (a hole, a notch)."""

    symbol = "-"

    def depth(self, points):
        return np.minimum(self.first.depth(points), -self.second.depth(points))

    def pieces(self):
        kept = [(leaf, flip, c + ((self.second, "out"),)) for leaf, flip, c in self.first.pieces()]
        cut = [
            (leaf, not flip, c + ((self.first, "in"),)) for leaf, flip, c in self.second.pieces()
        ]
        return tuple(kept + cut)


class Intersection(_Combination):
    """``a & b``: the points of both shapes."""

    symbol = "&"

    def _bounds(self):
        return (
            tuple(map(max, self.first.lower, self.second.lower)),
            tuple(map(min, self.first.upper, self.second.upper)),
        )

    def depth(self, points):
        return np.minimum(self.first.depth(points), self.second.depth(points))

    def pieces(self):
        first = [(leaf, f, c + ((self.second, "closed"),)) for leaf, f, c in self.first.pieces()]
        second = [(leaf, f, c + ((self.first, "in"),)) for leaf, f, c in self.second.pieces()]
        return tuple(first + second)


class SpaceTime:
    """A space shape times a time interval: ``Disk(...) * Box(t=(0, 1))``.

    Attributes
    ----------
    space : Shape
    time : str
        The time axis's name.
    interval : (float, float)
    axes : tuple of str
        The space axes, then the time axis.
    """

    def __init__(self, space: Shape, interval: object) -> None:
        if not _is_box(interval) or interval.dim != 1:
            raise ProblemError(
                f"multiply a shape by a one-axis Box for time, e.g. shape * Box(t=(0, 1)); got "
                f"{interval!r}"
            )
        if interval.axes[0] in space.axes:
            raise ProblemError(
                f"the time axis '{interval.axes[0]}' is already an axis of {space.describe()}"
            )
        self.space = space
        self.time = interval.axes[0]
        self.interval = (interval.lower[0], interval.upper[0])
        self.axes = space.axes + (self.time,)
        self.lower = space.lower + (self.interval[0],)
        self.upper = space.upper + (self.interval[1],)

    def __eq__(self, other):
        return isinstance(other, SpaceTime) and (self.space, self.time, self.interval) == (
            other.space,
            other.time,
            other.interval,
        )

    def __hash__(self):
        return hash((SpaceTime, self.space, self.time, self.interval))

    @property
    def bounds(self) -> dict[str, tuple[float, float]]:
        """The bounding box, ``{axis: (lo, hi)}``, time last."""
        return {a: (lo, hi) for a, lo, hi in zip(self.axes, self.lower, self.upper)}

    @property
    def boundary(self) -> Boundary:
        """The space shape's boundary times the time interval."""
        return Boundary(self.space)

    @property
    def normal(self) -> tuple[sp.Symbol, ...]:
        return self.space.normal

    def describe(self) -> str:
        a, b = self.interval
        return f"{self.space.describe()} * {self.time} in [{a:g}, {b:g}]"

    __repr__ = describe


@dataclasses.dataclass(frozen=True)
class Boundary:
    """Where a condition holds: a shape's boundary, or the part of it where ``relation`` holds
    (``shape.boundary.where((x - 0.5)**2 + (y - 0.5)**2 < 0.3**2)``)."""

    shape: Shape
    relation: object = None
    #: No axis is held fixed (Face's interface, read by Term.fixed_axes).
    fixed: tuple = ()

    def where(self, relation: object) -> Boundary:
        """The part of the boundary where ``relation`` (a sympy relation in the axes) holds."""
        if not isinstance(relation, sp.logic.boolalg.Boolean) or isinstance(
            relation, (sp.logic.boolalg.BooleanTrue, sp.logic.boolalg.BooleanFalse)
        ):
            raise ProblemError(
                f"boundary.where() needs a sympy relation in the axes such as x < 0.5, got "
                f"{relation!r}"
            )
        names = {s.name for s in relation.free_symbols}
        unknown = sorted(names - set(self.shape.axes))
        if unknown:
            raise ProblemError(
                f"boundary.where({relation}) uses '{unknown[0]}'; known: "
                f"{', '.join(self.shape.axes)}"
            )
        if self.relation is not None:
            relation = sp.And(self.relation, relation)
        part = Boundary(self.shape, relation)
        if part.region(None)._measures()[1] == 0:
            raise ProblemError(
                f"boundary.where({relation}) holds at no point of the boundary of "
                f"{self.shape.describe()}"
            )
        return part

    def region(self, time: tuple[int, float, float] | None, dim: int | None = None):
        """The sampler of this boundary in a problem's axes (see :class:`BoundaryRegion`)."""
        predicate = None
        if self.relation is not None:
            relation = self.relation.xreplace(
                {s: sp.Symbol(s.name) for s in self.relation.free_symbols}
            )
            predicate = _Predicate(relation, tuple(sp.Symbol(a) for a in self.shape.axes))
        return BoundaryRegion(self.shape, predicate, time, dim or self.shape.dim)

    def describe(self) -> str:
        where = f" where {self.relation}" if self.relation is not None else ""
        return f"boundary{where}"


class _Predicate:
    """``(n, d) points -> (n,) bool`` of a sympy relation; pickles as the relation (for the
    processes of ``--nproc``)."""

    def __init__(self, relation: sp.Basic, symbols: tuple) -> None:
        self.relation, self.symbols = relation, symbols
        self._function = sp.lambdify(list(symbols), relation, "numpy")

    def __call__(self, points: np.ndarray) -> np.ndarray:
        values = self._function(*np.asarray(points, dtype=np.float64).T)
        return np.broadcast_to(np.asarray(values, dtype=bool), (len(points),))

    def __reduce__(self):
        return (_Predicate, (self.relation, self.symbols))


def _probe_points(shape: Shape, count: int) -> np.ndarray:
    lo, hi = np.array(shape.lower), np.array(shape.upper)
    per_axis = max(2, round(count ** (1 / shape.dim)))
    unit = _unit_cloud(Grid(n=per_axis), shape.dim, hi - lo, 0)
    return lo + unit * (hi - lo)


def _fraction_inside(shape: Shape) -> float:
    return float(np.mean(shape.contains(_probe_points(shape, _PROBE))))


def _seed(seed: int, salt: str) -> int:
    return (seed * 1_000_003 + zlib.crc32(salt.encode())) % (2**63)


def _space_time(time, dim):
    """Index lists (space axes, time axis or None) in a problem of ``dim`` axes."""
    if time is None:
        return list(range(dim)), None
    return [i for i in range(dim) if i != time[0]], time[0]


@dataclasses.dataclass(frozen=True, eq=False)
class InteriorRegion:
    """A shape's interior in a problem's axes (times the time interval of ``box``).

    Parameters
    ----------
    shape : Shape
        The space shape.
    time : (axis index, lo, hi) or None
        The time axis of the problem.
    dim : int
        The problem's number of axes.
    """

    shape: Shape
    time: tuple | None
    dim: int

    on_boundary = False

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Whether each point (n, dim) lies in the domain (its space part in the shape), (n,)."""
        space, _ = _space_time(self.time, self.dim)
        return self.shape.contains(np.asarray(points, dtype=np.float64)[:, space])

    def to_json(self) -> dict:
        """Plain data for result files (:func:`region_from_json`)."""
        return {"shape": self.shape.to_json(), "time": self.time, "dim": self.dim}

    def describe(self) -> str:
        if self.time is None:
            return self.shape.describe()
        return f"{self.shape.describe()} * [{self.time[1]:g}, {self.time[2]:g}]"

    def lengths(self, lower, upper, fixed) -> list[float]:
        """The bounding box's free-axis lengths (what a grid's counts refer to)."""
        return [float(upper[i] - lower[i]) for i in range(self.dim) if i not in fixed]

    def free_axes(self, fixed) -> list[int]:
        return [i for i in range(self.dim) if i not in fixed]

    def covers(self, boundary) -> np.ndarray:
        """Which points of a boundary sample (:class:`pinnls.boundary.BoundarySample`) a
        cloud of the interior holds at: none, (n,) bool."""
        return np.zeros(boundary.size, dtype=bool)

    def sample(self, box, spec: PointSpec, fixed, seed: int, salt: str) -> np.ndarray:
        """The cloud of ``spec`` over ``box`` (bounding box, or a time slab of it) kept
        inside the shape, (n, dim): a grid keeps its spacing, ``Random(n)`` and ``Sobol(n)``
        give n points."""
        fixed = dict(fixed or {})
        if isinstance(spec, Grid):
            points = sample(box, spec, fixed, seed=seed, salt=salt)
            return points[self.contains(points)]
        fraction = max(_fraction_inside(self.shape), 1e-6)
        draw = math.ceil(spec.n / fraction * 1.1) + 16
        for _ in range(30):
            points = sample(box, type(spec)(draw), fixed, seed=seed, salt=salt)
            points = points[self.contains(points)]
            if len(points) >= spec.n:
                return points[: spec.n]
            draw *= 2
        return points


@dataclasses.dataclass(frozen=True, eq=False)
class BoundaryRegion:
    """A shape's boundary (or the part where ``predicate`` holds), times the time interval.

    Parameters
    ----------
    shape : Shape
    predicate : callable (n, d_space) -> (n,), or None
        Nonzero where the condition holds.
    time : (axis index, lo, hi) or None
    dim : int
        The problem's number of axes.
    """

    shape: Shape
    predicate: object
    time: tuple | None
    dim: int

    on_boundary = True

    def _patches(self):
        out = []
        for leaf, flip, conditions in self.shape.pieces():
            for patch in leaf.patches():
                out.append((leaf, patch, flip, conditions))
        return out

    def _keep(self, space_points: np.ndarray, conditions) -> np.ndarray:
        keep = np.ones(len(space_points), dtype=bool)
        tol = self.shape.tolerance
        for shape, mode in conditions:
            depth = shape.depth(space_points)
            if mode == "out":
                keep &= depth < tol
            elif mode == "in":
                keep &= depth > tol
            else:
                keep &= depth > -tol
        if self.predicate is not None and len(space_points):
            keep &= np.asarray(self.predicate(space_points)) != 0
        return keep

    def _space(self, unit: np.ndarray):
        """Points, normals and labels of the candidates at unit parameters (m, k), the first
        coordinate choosing the patch by measure; masked to the boundary."""
        patches = self._patches()
        measures = np.array([p.measure for _, p, _, _ in patches])
        edges = np.concatenate([[0.0], np.cumsum(measures) / measures.sum()])
        which = np.clip(np.searchsorted(edges, unit[:, 0], side="right") - 1, 0, len(patches) - 1)
        local = (unit[:, 0] - edges[which]) / (edges[which + 1] - edges[which])
        d = self.shape.dim
        points = np.empty((len(unit), d))
        normals = np.empty((len(unit), d))
        labels = np.empty(len(unit), dtype=object)
        keep = np.zeros(len(unit), dtype=bool)
        for index, (_, patch, flip, conditions) in enumerate(patches):
            mask = which == index
            if not mask.any():
                continue
            params = np.column_stack([local[mask], unit[mask, 1 : len(patch.sizes)]])
            p, n = patch.map(params)
            n = -n if flip else n
            points[mask], normals[mask] = p, n
            labels[mask] = patch.label
            # A step along the normal must leave the shape and a step against it enter it:
            # this drops what the conditions cannot see, such as the shared edge of two
            # touching boxes in a union, or a piece counted twice where two boundaries meet.
            step = 1e-7 * math.dist(self.shape.lower, self.shape.upper)
            keep[mask] = (
                self._keep(p, conditions)
                & (self.shape.depth(p + step * n) < 0)
                & (self.shape.depth(p - step * n) > 0)
            )
        return points, normals, labels, keep

    def _probe(self) -> tuple[float, np.ndarray, np.ndarray]:
        """Total measure of the candidates, and the normals (m, d) and kept mask (m,) of a
        grid of :data:`_BOUNDARY_PROBE` of them, uniform in measure."""
        total = sum(p.measure for _, p, _, _ in self._patches())
        k = self.shape.dim - 1
        unit = _unit_cloud(Grid(n=max(2, round(_BOUNDARY_PROBE ** (1 / k)))), k, np.ones(k), 0)
        _, normals, _, keep = self._space(unit)
        return total, normals, keep

    def _measures(self) -> tuple[float, float]:
        """Total measure of the candidates and the kept fraction."""
        total, _, keep = self._probe()
        return total, float(np.mean(keep))

    def aspect(self, fixed, density: Sequence[float] | None = None) -> list[float]:
        """Relative grid counts along the free axes (the boundary's k, then time), so that a
        grid refined from them is as fine along the boundary as across a box's face.

        A box's faces get the same count along each axis (the basis works on the box scaled
        to the unit cube); one count along the whole boundary and one in time gave a chevron's
        inflow edges 17 points per unit of length against 81 per unit of time, and aligned
        features a blow-up between the edge's lines (docs/benchmarks.md, section 49). So
        the boundary's measure is taken on the bounding box scaled to the unit cube (a
        square's perimeter is 4, as its four faces), and its k axes get that measure's k-th
        root each against 1 for time, within a factor :data:`ASPECT_CAP` of it either way.

        Parameters
        ----------
        fixed : mapping of axis index to value
            The cloud's fixed axes (time, for a condition at one instant).
        density : sequence of dim floats > 0, optional
            Relative points per normalized length along each axis of the problem (the per-axis
            steepness): the boundary's axes take the geometric mean of the space axes'.

        Returns
        -------
        list of k (+ 1 with time) floats > 0
        """
        k = self.shape.dim - 1
        total, normals, keep = self._probe()
        spans = np.asarray(self.shape.upper, dtype=np.float64) - np.asarray(
            self.shape.lower, dtype=np.float64
        )
        # the measure element of the map x -> x / spans: det(S) |S^-1 n| for S = diag(1/spans)
        stretch = np.linalg.norm(normals * spans, axis=1) / float(np.prod(spans))
        measure = total * float(np.mean(np.where(keep, stretch, 0.0)))
        space, time_axis = _space_time(self.time, self.dim)
        levels = np.ones(self.dim) if density is None else np.asarray(density, dtype=np.float64)
        along = max(measure, 1e-12) ** (1 / k) * float(np.exp(np.mean(np.log(levels[space]))))
        if time_axis is None or time_axis in dict(fixed):
            return [along] * k
        across = float(levels[time_axis])
        # neither side left with a few lines: a comb's long boundary would get 2 instants in
        # time at width 128, a short part of a boundary a single point along it
        along = min(max(along, across / ASPECT_CAP), across * ASPECT_CAP)
        return [along] * k + [across]

    def lengths(self, lower, upper, fixed) -> list[float]:
        """The boundary's free lengths: its measure (a side of equal area in 3-D), then time."""
        total, kept = self._measures()
        k = self.shape.dim - 1
        out = [(total * kept) ** (1 / k)] * k
        if self.time is not None and self.time[0] not in fixed:
            out.append(float(upper[self.time[0]] - lower[self.time[0]]))
        return out

    def free_axes(self, fixed) -> list[int]:
        out = [-1 - i for i in range(self.shape.dim - 1)]
        if self.time is not None and self.time[0] not in fixed:
            out.append(self.time[0])
        return out

    def points(self, spec: PointSpec, box, seed: int, salt: str = "", fixed=None):
        """The cloud with normals and labels.

        Returns
        -------
        points : (n, dim) ndarray
        normals : (n, dim) ndarray
            Outward unit normals (0 along the time axis).
        labels : (n,) object ndarray of str
            The piece each point lies on (``Disk(...)``, ``Polygon edge 2``, ``x=0``).
        """
        fixed = dict(fixed or {})
        total, kept = self._measures()
        k = self.shape.dim - 1
        timed = self.time is not None and self.time[0] not in fixed
        if box is not None and self.time is not None:
            t_lo, t_hi = box.lower[self.time[0]], box.upper[self.time[0]]
        elif self.time is not None:
            t_lo, t_hi = self.time[1], self.time[2]
        if kept == 0:
            empty = np.zeros((0, self.dim))
            return empty, empty.copy(), np.zeros(0, dtype=object)
        side = (total * kept) ** (1 / k)
        lengths = [total ** (1 / k)] * k + ([t_hi - t_lo] if timed else [])
        seed_ = _seed(seed, salt)
        if isinstance(spec, Grid):
            if spec.n is not None:
                counts = list((spec.n,) * len(lengths) if isinstance(spec.n, int) else spec.n)
                if len(counts) != len(lengths):
                    raise ProblemError(
                        f"Grid n={spec.n} gives {len(counts)} counts for {len(lengths)} free "
                        f"axes of the boundary"
                    )
                spacing = side / counts[0]
                grid = Grid(spacing=spacing)
                tcounts = counts[k:]
            else:
                grid, tcounts = spec, None
            # one grid over the concatenated patches (2-D), or per patch (3-D)
            if k == 1:
                n_arc = max(1, round(total / grid.spacing))
                space_counts = [n_arc]
            else:
                n_side = max(1, round(total**0.5 / grid.spacing))
                space_counts = [n_side, n_side]
            if timed:
                n_t = tcounts[0] if tcounts else max(1, round((t_hi - t_lo) / grid.spacing))
                space_counts.append(n_t)
            unit = _unit_cloud(
                Grid(n=tuple(space_counts)), len(space_counts), np.ones(len(space_counts)), 0
            )
            return self._assemble(
                unit, k, timed, t_lo if timed else None, t_hi if timed else None, fixed, None
            )
        draw = math.ceil(spec.n / kept * 1.1) + 16
        for _ in range(30):
            unit = _unit_cloud(type(spec)(draw), k + int(timed), np.ones(k + int(timed)), seed_)
            out = self._assemble(
                unit, k, timed, t_lo if timed else None, t_hi if timed else None, fixed, spec.n
            )
            if len(out[0]) >= spec.n:
                return out
            draw *= 2
        return out

    def _assemble(self, unit, k, timed, t_lo, t_hi, fixed, limit):
        space_points, space_normals, labels, keep = self._space(unit[:, :k])
        space, time_index = _space_time(self.time, self.dim)
        points = np.zeros((len(unit), self.dim))
        normals = np.zeros((len(unit), self.dim))
        points[:, space] = space_points
        normals[:, space] = space_normals
        if timed:
            points[:, time_index] = t_lo + unit[:, k] * (t_hi - t_lo)
        for axis, value in fixed.items():
            points[:, axis] = value
        points, normals, labels = points[keep], normals[keep], labels[keep]
        if limit is not None:
            points, normals, labels = points[:limit], normals[:limit], labels[:limit]
        return points, normals, labels

    def sample(self, box, spec: PointSpec, fixed, seed: int, salt: str) -> np.ndarray:
        """The cloud's points only, (n, dim) (the interface of :func:`pinnls.clouds.sample`)."""
        return self.points(spec, box, seed, salt, fixed)[0]

    def covers(self, boundary) -> np.ndarray:
        """Which points of a sample of the spatial boundary (:class:`ShapeBoundary`'s,
        :class:`pinnls.boundary.BoundarySample`) a condition on this boundary holds at, (n,)
        bool: all of them, or those where the predicate holds."""
        if self.predicate is None or not boundary.size:
            return np.ones(boundary.size, dtype=bool)
        space, _ = _space_time(self.time, self.dim)
        return np.asarray(self.predicate(boundary.points[:, space])) != 0

    def normals(self, points: np.ndarray) -> np.ndarray:
        """The outward unit normal at boundary points (n, dim), space components only,
        (n, d_space): from the primitive piece each point lies nearest to."""
        space, _ = _space_time(self.time, self.dim)
        p = np.asarray(points, dtype=np.float64)[:, space]
        best = np.full(len(p), np.inf)
        out = np.zeros_like(p)
        slack = 1e3 * self.shape.tolerance
        for leaf, flip, conditions in self.shape.pieces():
            gap = np.abs(leaf.depth(p))
            # a piece that is not on the result's boundary here loses to one that is
            gap = np.where(self._keep_loose(p, conditions, slack), gap, gap + 1e6 * slack + 1.0)
            normal, _ = leaf.normals_at(p)
            better = gap < best
            best = np.where(better, gap, best)
            out[better] = -normal[better] if flip else normal[better]
        return out

    def _keep_loose(self, p, conditions, slack):
        keep = np.ones(len(p), dtype=bool)
        for shape, mode in conditions:
            depth = shape.depth(p)
            keep &= depth < slack if mode == "out" else depth > -slack
        return keep


@dataclasses.dataclass(frozen=True, eq=False)
class ShapeBoundary:
    """A shape's boundary as the boundary sampler of the inflow condition and the
    well-posedness check (:mod:`pinnls.boundary`): points with their outward normals, and the
    pieces of the boundary they lie on (a polygon's edges, a rectangle's faces, a disk's rim;
    the edge of a hole is named as such).

    Parameters
    ----------
    region : BoundaryRegion
        The whole boundary, in the problem's axes.
    """

    region: BoundaryRegion

    @property
    def space(self) -> tuple[int, ...]:
        """The spatial axes, the columns of the normals."""
        return tuple(_space_time(self.region.time, self.region.dim)[0])

    def names(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The patch labels in order (unique) and the name of each as a piece."""
        labels, names = [], []
        for leaf, patch, flip, _ in self.region._patches():
            if patch.label in labels:
                continue
            labels.append(patch.label)
            if not flip:
                names.append(patch.label)
            elif isinstance(leaf, _Round):
                names.append(f"the rim of the hole {patch.label}")
            else:
                names.append(f"{patch.label} of the hole")
        return tuple(labels), tuple(names)

    def __call__(self, lower, upper, spec: PointSpec, seed: int, salt: str):
        """The boundary drawn with ``spec`` over ``[lower, upper]`` (the bounding box, or a
        time slab of it).

        Parameters
        ----------
        lower, upper : (d,) ndarray
        spec : Grid, Random or Sobol
            Along the whole boundary (and time), as for a condition on it; except that
            ``Grid(n=k)`` gives k points per piece of the boundary (k per axis of each piece in
            3-D; k in time), as :class:`pinnls.boundary.BoxFaces` gives per face.
        seed : int
        salt : str

        Returns
        -------
        pinnls.boundary.BoundarySample
            points (n, d), normals (n, len(space)), the piece of each point.
        """
        box = _Bounds(range(len(lower)), lower, upper)
        if isinstance(spec, Grid) and isinstance(spec.n, int):
            # a grid's count is per piece, as on a box's faces (BoxFaces), not per boundary
            k = self.region.shape.dim - 1
            along = max(1, round(spec.n * len(self.region._patches()) ** (1 / k)))
            spec = Grid(n=(along,) * k + (spec.n,) * (self.region.time is not None))
        points, normals, labels = self.region.points(spec, box, seed, salt)
        order, names = self.names()
        index = {label: i for i, label in enumerate(order)}
        piece = np.array([index[label] for label in labels], dtype=np.int64)
        space = self.space
        return BoundarySample(points, normals[:, list(space)], piece, names, space)


class _Bounds:
    """The interface of a Box that :class:`Rectangle` reads (axes and bounds)."""

    def __init__(self, axes, lower, upper) -> None:
        self.axes, self.lower, self.upper = tuple(axes), tuple(lower), tuple(upper)
        self.dim = len(self.axes)

    def describe(self) -> str:
        return ", ".join(
            f"{a} in [{lo:g}, {hi:g}]" for a, lo, hi in zip(self.axes, self.lower, self.upper)
        )


def shape_from_json(data: dict) -> Shape:
    """The shape that :meth:`Shape.to_json` wrote.

    Raises
    ------
    ProblemError
        An unknown kind, or values that do not make a shape.
    """
    kind = data.get("kind")
    if kind in ("Disk", "Ball"):
        return (Disk if kind == "Disk" else Ball)(data["center"], data["radius"], data["axes"])
    if kind == "Polygon":
        return Polygon(data["vertices"], data["axes"])
    if kind == "Box":
        return Rectangle(_Bounds(data["axes"], data["lower"], data["upper"]))
    if kind == "Mesh":
        return Mesh.from_arrays(data["path"], data["points"], data["triangles"], data["axes"])
    combinations = {"Union": Union, "Difference": Difference, "Intersection": Intersection}
    if kind in combinations:
        return combinations[kind](shape_from_json(data["first"]), shape_from_json(data["second"]))
    raise ProblemError(f"unknown shape kind {kind!r}")


def region_from_json(data: dict) -> InteriorRegion:
    """The :class:`InteriorRegion` that :meth:`InteriorRegion.to_json` wrote."""
    time = data.get("time")
    return InteriorRegion(
        shape_from_json(data["shape"]), None if time is None else tuple(time), int(data["dim"])
    )


class _WithNormals:
    """A function of (points, normals) as a function of the points of a boundary cloud: the
    outward normal of each point is found from the region (picklable)."""

    def __init__(self, function, region) -> None:
        self.function, self.region = function, region

    def __call__(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        return self.function(np.hstack([points, self.region.normals(points)]))


def with_normals(function, region, normals: tuple):
    """``function`` of the axes and then ``normals`` symbols as a function of the points
    alone, ``(n, d) -> (n,)``; ``function`` itself when the term uses no normal."""
    return _WithNormals(function, region) if normals else function


def boundary_points(
    domain: object,
    spec: PointSpec,
    *,
    time: str | None = None,
    seed: int = 0,
    salt: str = "",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A domain's boundary points with their outward unit normals and a piece label per point.

    For a shape, the boundary of its space part (times the time interval for
    ``shape * Box(t=...)``); for a :class:`~pinnls.Box`, its faces except those of the time
    axis (labels ``x=0``, ``x=1``, ...), each face's cloud drawn as a condition on it is.

    Parameters
    ----------
    domain : Shape, SpaceTime or Box
    spec : Grid, Random or Sobol
        The cloud (per face for a box; along the whole boundary for a shape).
    time : str, optional
        The time axis of a box (``"t"`` when the box has one and none is given).
    seed : int
    salt : str

    Returns
    -------
    points : (n, d) float64 ndarray
        In the domain's axis order (time included).
    normals : (n, d) float64 ndarray
        Outward unit normals; 0 along the time axis.
    labels : (n,) object ndarray of str
        The face (``x=0``) or piece (``Disk(center=(0.5, 0.5), radius=0.2)``, ``Polygon edge
        3``) of each point.
    """
    if _is_box(domain):
        if time is None and "t" in domain.axes:
            time = "t"
        parts = []
        for axis, name in enumerate(domain.axes):
            if name == time:
                continue
            for side, value in enumerate((domain.lower[axis], domain.upper[axis])):
                points = sample(domain, spec, {axis: value}, seed=seed, salt=f"{salt}/{name}{side}")
                normals = np.zeros_like(points)
                normals[:, axis] = 1.0 if side else -1.0
                labels = np.full(len(points), f"{name}={value:g}", dtype=object)
                parts.append((points, normals, labels))
        if not parts:
            empty = np.zeros((0, domain.dim))
            return empty, empty.copy(), np.zeros(0, dtype=object)
        return tuple(np.concatenate(column) for column in zip(*parts))
    if isinstance(domain, SpaceTime):
        dim = domain.space.dim + 1
        region = Boundary(domain.space).region((dim - 1, *domain.interval), dim)
        return region.points(spec, None, seed, salt)
    shape = as_shape(domain)
    return Boundary(shape).region(None).points(spec, None, seed, salt)
