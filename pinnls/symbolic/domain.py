"""Rectangular domains, their faces, and seeded point clouds.

A :class:`Box` is a product of closed intervals, one per named axis, in declaration order.
A :class:`Face` fixes one or more axes to a value (``domain.face(x=1)``); point clouds on a face
are sampled over its free axes only. Point clouds are described by small value objects
(:class:`Grid`, :class:`Random`, :class:`Sobol`) and drawn with :func:`sample`.
"""

from __future__ import annotations

import dataclasses
import math
import zlib
from collections.abc import Mapping, Sequence

import numpy as np

from pinnls.errors import ProblemError, UnknownFaceError

__all__ = ["Box", "Face", "Grid", "Random", "Sobol", "PointSpec", "sample", "parse_points"]


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
            raise UnknownFaceError(
                f"{_who(term)}is at {axis}={_fmt(v)}, outside {axis} in [{_fmt(lo)}, {_fmt(hi)}]"
            )
        return min(max(v, lo), hi)

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


# ---------------------------------------------------------------------------- point clouds


def _positive_number(value: object) -> bool:
    if isinstance(value, (bool, str, bytes)):
        return False
    try:
        return math.isfinite(float(value)) and float(value) > 0
    except (TypeError, ValueError):
        return False


def _positive_integer(value: object) -> bool:
    return _positive_number(value) and float(value) == int(float(value))


@dataclasses.dataclass(frozen=True)
class Grid:
    """A Cartesian grid over the free axes.

    Give either ``spacing`` (the paper's dx; each axis gets ``round(length / spacing)`` cells) or
    ``n`` (points per axis: one int for all axes, or a sequence with one per free axis). Points
    sit at cell centres, so that interior and boundary clouds never share a point and no point
    sits on a corner where an initial and a boundary condition could disagree.
    """

    spacing: float | None = None
    n: int | tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        if (self.spacing is None) == (self.n is None):
            raise ProblemError("Grid takes exactly one of spacing=... or n=...")
        if self.spacing is not None and not _positive_number(self.spacing):
            raise ProblemError(f"Grid spacing must be > 0, got {self.spacing!r}")
        if self.n is not None:
            scalar = not isinstance(self.n, (tuple, list))
            counts = (self.n,) if scalar else tuple(self.n)
            if not counts or not all(_positive_integer(c) for c in counts):
                raise ProblemError(f"Grid n must be positive integers, got {self.n!r}")
            counts = tuple(int(c) for c in counts)
            object.__setattr__(self, "n", counts[0] if scalar else counts)


@dataclasses.dataclass(frozen=True)
class Random:
    """``n`` points drawn uniformly at random (seeded) over the free axes."""

    n: int

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ProblemError(f"Random(n) needs a positive integer n, got {self.n!r}")


@dataclasses.dataclass(frozen=True)
class Sobol:
    """``n`` points of a scrambled (seeded) Sobol sequence over the free axes."""

    n: int

    def __post_init__(self) -> None:
        if isinstance(self.n, bool) or not isinstance(self.n, int) or self.n < 1:
            raise ProblemError(f"Sobol(n) needs a positive integer n, got {self.n!r}")


PointSpec = Grid | Random | Sobol

#: The paper's Cartesian clouds: spacing 1/64.
DEFAULT_POINTS = Grid(spacing=1 / 64)


def parse_points(spec: object) -> PointSpec:
    """Accept a point spec object or its text form.

    Text forms: ``grid:0.015625`` or ``grid:1/64`` (spacing), ``grid:n=64`` or ``grid:n=64x32``,
    ``random:1000``, ``sobol:1024``.
    """
    if isinstance(spec, (Grid, Random, Sobol)):
        return spec
    if not isinstance(spec, str) or ":" not in spec:
        raise ProblemError(
            f"points must be Grid(...), Random(n) or Sobol(n) (or text such as 'grid:1/64', "
            f"'random:1000', 'sobol:1024'), got {spec!r}"
        )
    kind, _, arg = spec.partition(":")
    kind = kind.strip().lower()
    try:
        if kind == "grid" and arg.startswith("n="):
            counts = tuple(int(c) for c in arg[2:].split("x"))
            return Grid(n=counts[0] if len(counts) == 1 else counts)
        if kind == "grid":
            num, _, den = arg.partition("/")
            return Grid(spacing=float(num) / (float(den) if den else 1.0))
        if kind == "random":
            return Random(int(arg))
        if kind == "sobol":
            return Sobol(int(arg))
    except ValueError:
        pass
    raise ProblemError(
        f"cannot read points {spec!r}; use 'grid:1/64', 'grid:n=64', 'random:1000' or 'sobol:1024'"
    )


def sample(
    box: Box,
    spec: PointSpec,
    fixed: Mapping[int, float] | None = None,
    seed: int = 0,
    salt: str = "",
) -> np.ndarray:
    """Draw a point cloud on the box or on one of its faces.

    Parameters
    ----------
    box : Box
    spec : Grid, Random or Sobol
    fixed : mapping of axis index to value, optional
        Axes held fixed (a face); points are sampled over the remaining, free axes only.
    seed : int
        Seed of the random and Sobol clouds.
    salt : str
        Mixed into the seed (the term's name) so that different terms get different clouds.

    Returns
    -------
    points : (n, d) float64 ndarray
    """
    fixed = dict(fixed or {})
    free = [i for i in range(box.dim) if i not in fixed]
    lo = np.array([box.lower[i] for i in free], dtype=np.float64)
    hi = np.array([box.upper[i] for i in free], dtype=np.float64)
    unit = _unit_cloud(spec, len(free), hi - lo, seed * 1_000_003 + zlib.crc32(salt.encode()))
    points = np.empty((unit.shape[0], box.dim), dtype=np.float64)
    points[:, free] = lo + unit * (hi - lo)
    for i, value in fixed.items():
        points[:, i] = value
    return points


def _unit_cloud(spec: PointSpec, k: int, lengths: np.ndarray, seed: int) -> np.ndarray:
    """Points in [0, 1]^k, shape (n, k); one point when k == 0 (a corner)."""
    if k == 0:
        return np.zeros((1, 0))
    if isinstance(spec, Grid):
        if spec.n is not None:
            counts = (spec.n,) * k if isinstance(spec.n, int) else spec.n
            if len(counts) != k:
                raise ProblemError(f"Grid n={spec.n} gives {len(counts)} counts for {k} free axes")
        else:
            counts = tuple(max(1, round(float(L) / spec.spacing)) for L in lengths)
        axes = [(np.arange(c) + 0.5) / c for c in counts]
        mesh = np.meshgrid(*axes, indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)
    rng_seed = seed % (2**63)
    if isinstance(spec, Random):
        return np.random.default_rng(rng_seed).random((spec.n, k))
    if isinstance(spec, Sobol):
        # torch ships a well-tested scrambled Sobol engine (direction numbers up to 21201
        # dimensions); only this function touches torch, and only for Sobol clouds.
        from torch.quasirandom import SobolEngine

        engine = SobolEngine(k, scramble=True, seed=rng_seed % (2**31))
        return engine.draw(spec.n, dtype=_torch_float64()).numpy()
    raise ProblemError(f"unknown point spec {spec!r}")


def _torch_float64():
    import torch

    return torch.float64


def _who(term: str | None) -> str:
    return f"term '{term}' " if term else ""


def _fmt(v: float) -> str:
    return f"{v:g}"
