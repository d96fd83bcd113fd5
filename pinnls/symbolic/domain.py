"""Rectangular domains, their faces, and seeded point clouds.

A :class:`Box` is a product of closed intervals, one per named axis, in declaration order.
A :class:`Face` fixes one or more axes to a value (``domain.face(x=1)``); point clouds on a face
are sampled over its free axes only. Point clouds are described by small value objects
(:class:`Grid`, :class:`Random`, :class:`Sobol`) and drawn with :func:`sample`.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from pinnls.clouds import (  # noqa: F401 - re-exported: problem files import them from here
    DEFAULT_POINTS,
    Grid,
    PointSpec,
    Random,
    Sobol,
    parse_points,
    sample,
)
from pinnls.errors import ProblemError, UnknownFaceError

__all__ = [
    "Box",
    "Face",
    "Grid",
    "Random",
    "Sobol",
    "PointSpec",
    "sample",
    "parse_points",
    "distinct",
]


@dataclasses.dataclass(frozen=True)
class Box:
    """A box ``[lo_1, hi_1] x ... x [lo_d, hi_d]`` with named axes.

    Parameters
    ----------
    **intervals
        ``name=(lo, hi)`` for each axis, in order, e.g. ``Box(x=(0, 1), t=(0, 2))``.
    """

    axes: tuple[str, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]

    def __init__(self, **intervals: Sequence[float]) -> None:
        if not intervals:
            raise ProblemError("Box needs at least one axis, e.g. Box(x=(0, 1))")
        axes, lower, upper = [], [], []
        for name, interval in intervals.items():
            try:
                lo, hi = (float(v) for v in interval)
            except (TypeError, ValueError):
                raise ProblemError(
                    f"Box axis '{name}' must be an interval (lo, hi) of numbers, got {interval!r}"
                ) from None
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ProblemError(f"Box axis '{name}' needs finite lo < hi, got ({lo}, {hi})")
            axes.append(name)
            lower.append(lo)
            upper.append(hi)
        object.__setattr__(self, "axes", tuple(axes))
        object.__setattr__(self, "lower", tuple(lower))
        object.__setattr__(self, "upper", tuple(upper))

    @property
    def dim(self) -> int:
        """Number of axes d."""
        return len(self.axes)

    def index(self, axis: str) -> int:
        """Position of ``axis`` among the axes; ``UnknownFaceError`` if there is none."""
        try:
            return self.axes.index(axis)
        except ValueError:
            raise UnknownFaceError(
                f"there is no axis '{axis}'; the axes are {', '.join(self.axes)}"
            ) from None

    def interval(self, axis: str) -> tuple[float, float]:
        """``(lo, hi)`` of one axis."""
        i = self.index(axis)
        return self.lower[i], self.upper[i]

    def face(self, **fixed: float) -> Face:
        """The part of the box where the given axes take the given values.

        ``domain.face(x=1)`` is the face x = 1; several axes give an edge or a corner. A value
        inside the interval (not only an end point) gives a slice through the box.
        """
        if not fixed:
            raise ProblemError("face() needs at least one axis, e.g. domain.face(x=1)")
        values = []
        for axis, value in fixed.items():
            i = self.index(axis)
            values.append((i, self.check_value(axis, value)))
        return Face(self, tuple(sorted(values)))

    def check_value(self, axis: str, value: float, term: str | None = None) -> float:
        """Return ``float(value)`` or raise ``UnknownFaceError`` if it lies outside the axis."""
        lo, hi = self.interval(axis)
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise UnknownFaceError(f"{_who(term)}{axis}={value} is not a number") from None
        width = hi - lo
        if not (lo - 1e-12 * width <= v <= hi + 1e-12 * width):
            who = _who(term) or f"face {axis}={distinct(v, lo, hi)} "
            raise UnknownFaceError(
                f"{who}is at {axis}={distinct(v, lo, hi)}, outside {axis} in "
                f"[{_fmt(lo)}, {_fmt(hi)}]"
            )
        return min(max(v, lo), hi)

    # -- as a shape (pinnls.symbolic.shapes) -------------------------------------------------

    def __or__(self, other: object):
        from pinnls.symbolic.shapes import as_shape

        return as_shape(self) | other

    def __sub__(self, other: object):
        from pinnls.symbolic.shapes import as_shape

        return as_shape(self) - other

    def __and__(self, other: object):
        from pinnls.symbolic.shapes import as_shape

        return as_shape(self) & other

    def __mul__(self, other: object) -> Box:
        """The product with another box on other axes: ``Box(x=(0, 1)) * Box(t=(0, 2))``."""
        if not isinstance(other, Box):
            from pinnls.symbolic.shapes import Shape

            if isinstance(other, Shape):
                # Box(t=...) * Disk(...) read as a box times a box, got a Disk
                name = type(other).__name__
                raise ProblemError(
                    f"a Box times a {name}: write the shape first, {name}(...) * "
                    f"Box({', '.join(f'{a}=(...)' for a in self.axes)}), for the shape in time"
                )
            raise ProblemError(
                f"a Box multiplies another Box (its time interval), got {type(other).__name__}"
            )
        shared = sorted(set(self.axes) & set(other.axes))
        if shared:
            raise ProblemError(f"both boxes have the axis '{shared[0]}'; a product needs new axes")
        return Box(
            **{a: (lo, hi) for a, lo, hi in zip(self.axes, self.lower, self.upper)},
            **{a: (lo, hi) for a, lo, hi in zip(other.axes, other.lower, other.upper)},
        )

    @property
    def boundary(self):
        """The box's whole boundary as one region (``on=box.boundary``), for conditions with
        outward normals (``box.normal``); faces stay ``box.face(x=1)``."""
        from pinnls.symbolic.shapes import Boundary, as_shape

        return Boundary(as_shape(self))

    @property
    def normal(self) -> tuple:
        """Symbols for the outward unit normal, one per axis (see ``Shape.normal``)."""
        from pinnls.symbolic.shapes import normal_symbols

        return normal_symbols(self.axes)

    def describe(self) -> str:
        """``x in [0, 1], t in [0, 2]``."""
        return ", ".join(
            f"{a} in [{_fmt(lo)}, {_fmt(hi)}]"
            for a, lo, hi in zip(self.axes, self.lower, self.upper)
        )


@dataclasses.dataclass(frozen=True)
class Face:
    """Part of a :class:`Box` where some axes are fixed.

    ``fixed`` is ``((axis_index, value), ...)``, sorted by axis index.
    """

    box: Box
    fixed: tuple[tuple[int, float], ...]

    def describe(self) -> str:
        """``x=1`` or ``x=0, t=0``."""
        return ", ".join(f"{self.box.axes[i]}={_fmt(v)}" for i, v in self.fixed)


def _who(term: str | None) -> str:
    return f"term '{term}' " if term else ""


def _fmt(v: float) -> str:
    return f"{v:g}"


def distinct(value: float, *bounds: float) -> str:
    """``value`` as ``:g`` writes it, or with every digit (``repr``) where that would read as
    one of ``bounds``: 1.0000000001 outside [0, 1] was written "x=1 is outside x in [0, 1]".

    Parameters
    ----------
    value : float
    *bounds : float

    Returns
    -------
    str
    """
    short = f"{value:g}"
    if value not in bounds and short in {f"{b:g}" for b in bounds}:
        return repr(float(value))
    return short
