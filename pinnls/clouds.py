"""Point clouds: the value objects that describe them (:class:`Grid`, :class:`Random`,
:class:`Sobol`), drawing them on a box or one of its faces, counting and refining them.

numpy (and scipy for Sobol) only: the symbolic side draws the clouds a problem declares, and the
numeric side draws refined clouds and fresh validation points from the same descriptions.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from pinnls import memory
from pinnls.errors import ProblemError

__all__ = [
    "Bounds",
    "DEFAULT_MAX_POINTS",
    "DEFAULT_POINTS",
    "Grid",
    "PointSpec",
    "Random",
    "Sobol",
    "bounded",
    "coarsest",
    "count",
    "describe",
    "free_lengths",
    "parse_points",
    "refine",
    "sample",
]


@dataclasses.dataclass(frozen=True)
class Bounds:
    """A bare box for :func:`sample`: its lower and upper corners, (d,) arrays (a time slab's,
    or a region's bounding box, where no :class:`~pinnls.symbolic.domain.Box` is at hand)."""

    lower: np.ndarray
    upper: np.ndarray


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

#: A term that declares no cloud gets DEFAULT_POINTS, coarsened to at most this many points
#: (the default grid is 64^d points: fine in two dimensions, 262,144 in three).
DEFAULT_MAX_POINTS = 2**16


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
    except (ValueError, ZeroDivisionError, OverflowError):  # 'grid:1/0', 'random:inf'
        pass
    raise ProblemError(
        f"cannot read points {spec!r}; use 'grid:1/64', 'grid:n=64', 'random:1000' or 'sobol:1024'"
    )


def sample(
    box: Any,
    spec: PointSpec,
    fixed: Mapping[int, float] | None = None,
    seed: int = 0,
    salt: str = "",
    region: Any = None,
) -> np.ndarray:
    """Draw a point cloud on the box or on one of its faces, or on a region of a shape.

    Parameters
    ----------
    box : Box or CompiledProblem
        Anything with ``lower`` and ``upper`` sequences of length d (the bounding box).
    spec : Grid, Random or Sobol
    fixed : mapping of axis index to value, optional
        Axes held fixed (a face); points are sampled over the remaining, free axes only.
    seed : int
        Seed of the random and Sobol clouds.
    salt : str
        Mixed into the seed (the term's name) so that different terms get different clouds.
    region : InteriorRegion or BoundaryRegion, optional
        A shape's interior or boundary (``pinnls.symbolic.shapes``), which draws the cloud
        itself inside ``box`` (its bounding box, or a time slab of it).

    Returns
    -------
    points : (n, d) float64 ndarray
    """
    fixed = dict(fixed or {})
    dim = len(box.lower)
    if region is not None:
        lengths = np.array(region.lengths(box.lower, box.upper, fixed), dtype=np.float64)
        memory.require(
            memory.cloud_need(_count_exact(spec, lengths), dim, salt), "drawing the points"
        )
        return region.sample(box, spec, fixed, seed=seed, salt=salt)
    free = [i for i in range(dim) if i not in fixed]
    lo = np.array([box.lower[i] for i in free], dtype=np.float64)
    hi = np.array([box.upper[i] for i in free], dtype=np.float64)
    # Refuse a cloud that cannot fit (grid:1e-9) before allocating it (issue 15).
    memory.require(memory.cloud_need(_count_exact(spec, hi - lo), dim, salt), "drawing the points")
    unit = _unit_cloud(spec, len(free), hi - lo, seed * 1_000_003 + zlib.crc32(salt.encode()))
    points = np.empty((unit.shape[0], dim), dtype=np.float64)
    points[:, free] = lo + unit * (hi - lo)
    for i, value in fixed.items():
        points[:, i] = value
    return points


def _count_exact(spec: PointSpec, lengths: np.ndarray) -> int:
    """:func:`count` in Python integers, which do not wrap (1e-9 grids in 3-D)."""
    if len(lengths) and isinstance(spec, Grid):
        return math.prod(int(c) for c in _grid_counts(spec, lengths))
    return count(spec, lengths)


def _unit_cloud(spec: PointSpec, k: int, lengths: np.ndarray, seed: int) -> np.ndarray:
    """Points in [0, 1]^k, shape (n, k); one point when k == 0 (a corner)."""
    if k == 0:
        return np.zeros((1, 0))
    if isinstance(spec, Grid):
        counts = _grid_counts(spec, lengths)
        axes = [(np.arange(c) + 0.5) / c for c in counts]
        mesh = np.meshgrid(*axes, indexing="ij")
        return np.stack([m.ravel() for m in mesh], axis=1)
    rng_seed = seed % (2**63)
    if isinstance(spec, Random):
        return np.random.default_rng(rng_seed).random((spec.n, k))
    if isinstance(spec, Sobol):
        return _sobol(spec.n, k, rng_seed)
    raise ProblemError(f"unknown point spec {spec!r}")


def _sobol(n: int, k: int, seed: int) -> np.ndarray:
    """The first ``n`` points of a scrambled Sobol sequence in [0, 1]^k, shape (n, k)."""
    # Deferred: scipy.stats takes about a second to import and only Sobol clouds need it.
    from scipy.stats import qmc

    rng = np.random.default_rng(seed)
    try:
        engine = qmc.Sobol(k, scramble=True, rng=rng)
    except TypeError:  # scipy < 1.15 names the argument seed
        engine = qmc.Sobol(k, scramble=True, seed=rng)
    # scipy warns when n is not a power of 2, because the full set of 2**m points is what has
    # the balance properties behind unbiased quasi-Monte Carlo integration estimates. Here the
    # points are collocation points whose number the user chose: a prefix of the sequence is
    # still a low-discrepancy cloud, and a warning per term would only be noise. Silenced
    # deliberately and narrowly (that message only), rather than rounding n up behind the
    # user's back.
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="The balance properties of Sobol", category=UserWarning
        )
        return engine.random(n)


def count(spec: PointSpec, lengths: Sequence[float]) -> int:
    """How many points ``spec`` gives on a region with these free-axis lengths.

    Parameters
    ----------
    spec : Grid, Random or Sobol
    lengths : sequence of k floats
        The lengths of the free axes (k = 0 for a corner point).

    Returns
    -------
    int
    """
    k = len(lengths)
    if k == 0:
        return 1
    if isinstance(spec, Grid):
        # Python's integers: the default grid on a box of 400 km x 300 km x 1 day in metres
        # and seconds has 2.8e21 points, which np.prod wrapped in int64 (to 9.1e18), so the
        # coarsened cloud came out at 481,664 points, not the 65,536 of its cap
        counts = _grid_counts(spec, np.asarray(lengths, dtype=np.float64))
        return math.prod(int(c) for c in counts)
    return int(spec.n)


def refine(spec: PointSpec, lengths: Sequence[float], minimum: int) -> PointSpec:
    """A cloud of the same kind with at least ``minimum`` points (``spec`` itself if it has them).

    Grids keep their aspect: a spacing grid gets a proportionally smaller spacing, a grid with
    given counts gets every count scaled by the same factor. Random and Sobol clouds get more
    points of the same sequence.

    Parameters
    ----------
    spec : Grid, Random or Sobol
    lengths : sequence of k floats
        The lengths of the free axes.
    minimum : int

    Returns
    -------
    Grid, Random or Sobol
    """
    k = len(lengths)
    have = count(spec, lengths)
    if k == 0 or have >= minimum:
        return spec
    if not isinstance(spec, Grid):
        return dataclasses.replace(spec, n=int(minimum))
    return _resized_grid(spec, lengths, minimum, finer=True)


def _grid_counts(spec: Grid, lengths: np.ndarray) -> tuple[int, ...]:
    k = len(lengths)
    if spec.n is not None:
        counts = (spec.n,) * k if isinstance(spec.n, int) else spec.n
        if len(counts) != k:
            raise ProblemError(f"Grid n={spec.n} gives {len(counts)} counts for {k} free axes")
        return tuple(counts)
    return tuple(max(1, round(float(L) / spec.spacing)) for L in lengths)


def bounded(spec: PointSpec, lengths: Sequence[float], maximum: int) -> PointSpec:
    """A grid of the same aspect with at most ``maximum`` points (``spec`` if it has no more).

    The default cloud (spacing 1/64) is the paper's in two dimensions but grows as 64^d: 262,144
    points in three dimensions and 16.7 million in four. Random and Sobol clouds are returned
    as they are (their count is the user's).

    Parameters
    ----------
    spec : Grid, Random or Sobol
    lengths : sequence of k floats
    maximum : int
    """
    k = len(lengths)
    have = count(spec, lengths)
    if k == 0 or have <= maximum or not isinstance(spec, Grid):
        return spec
    return _resized_grid(spec, lengths, maximum, finer=False)


def _resized_grid(spec: Grid, lengths: Sequence[float], target: int, finer: bool) -> Grid:
    """The grid of the same aspect closest to ``target`` points: at least that many when
    ``finer``, at most that many otherwise."""
    k = len(lengths)
    factor = (target / count(spec, lengths)) ** (1.0 / k)  # per-axis density ratio
    step = 1.05 if finer else 1 / 1.02
    rounded = math.ceil if finer else math.floor
    for _ in range(64):  # rounding may leave a grid just short (or over); step until it is not
        if spec.spacing is not None:
            candidate = Grid(spacing=spec.spacing / factor)
        else:
            counts = _grid_counts(spec, lengths)
            candidate = Grid(n=tuple(max(1, rounded(c * factor)) for c in counts))
        have = count(candidate, lengths)
        if (have >= target) if finer else (have <= target):
            return candidate
        factor *= step
    return candidate


def coarsest(
    spec: PointSpec, lengths: Sequence[float], density: Sequence[float] | None = None
) -> PointSpec:
    """The coarsest cloud of the same kind: one cell along every free axis, or one point
    (the start from which a cloud the file did not declare is sized).

    A grid refined from it has the same count on every axis, whatever their lengths: the basis
    works on the box scaled to the unit cube, where such a grid is uniform. (Sizing by length
    gave a time slab of [0, 2 pi] x [0, 0.1] 622 x 10 points; ten points across the slab let a
    width-1024 basis fit the rows and miss between them, relative residual 2 on fresh points.)

    Parameters
    ----------
    spec : Grid, Random or Sobol
    lengths : sequence of k floats
    density : sequence of k floats > 0, optional
        Relative points per (normalized) length along each free axis, for a grid: the
        coarsest grid then has ``round(density_j / min(density))`` cells along axis j, so a
        grid refined from it keeps that aspect (a basis that is 4 times as steep along x gets
        4 times as many points across x). None, or all equal: one cell per axis.
    """
    if isinstance(spec, Grid):
        if not len(lengths):
            return spec
        if density is None or len(set(density)) <= 1:
            return Grid(n=(1,) * len(lengths))
        if len(density) != len(lengths) or not all(d > 0 for d in density):
            raise ValueError(f"density {list(density)} must be {len(lengths)} numbers > 0")
        least = min(density)
        return Grid(n=tuple(max(1, round(d / least)) for d in density))
    return dataclasses.replace(spec, n=1)


def free_lengths(
    lower: Sequence[float], upper: Sequence[float], fixed: Mapping[int, float]
) -> list[float]:
    """The lengths of the axes a cloud varies over (those not in ``fixed``), k floats."""
    return [float(hi - lo) for i, (lo, hi) in enumerate(zip(lower, upper)) if i not in fixed]


def describe(spec: PointSpec) -> str:
    """The text form of a cloud that :func:`parse_points` reads back (``grid:n=64x64``,
    ``grid:0.015625``, ``random:1000``, ``sobol:1024``)."""
    if isinstance(spec, Grid):
        if spec.spacing is not None:
            return f"grid:{spec.spacing!r}"
        counts = (spec.n,) if isinstance(spec.n, int) else spec.n
        return "grid:n=" + "x".join(str(c) for c in counts)
    return f"{type(spec).__name__.lower()}:{spec.n}"
