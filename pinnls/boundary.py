"""The spatial boundary of a domain as sampled points, each with its outward unit normal and the
piece of the boundary it lies on.

This is what the inflow condition (:mod:`pinnls.transport`) and the well-posedness check read,
and all they read of a domain's shape: a *boundary sampler* is any callable

``sampler(lower, upper, spec, seed, salt) -> BoundarySample``

with a ``space`` attribute (the spatial axes, the columns of the normals); the sample names its
pieces. :class:`BoxFaces` samples the spatial
faces of a box, with time (and any other axis that is not spatial) free on each face; another
shape plugs in by providing a sampler of the same signature.

numpy only (layer 2, beside :mod:`pinnls.clouds`).
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

import numpy as np

from pinnls.clouds import Bounds, Grid, PointSpec, Random, Sobol, sample

__all__ = ["BoundarySample", "BoundarySampler", "BoxFaces", "split_count"]


@dataclasses.dataclass(frozen=True)
class BoundarySample:
    """Points on the spatial boundary (times the time interval, where there is one).

    Attributes
    ----------
    points : (n, d) float64 ndarray
        Every axis, time included.
    normals : (n, k) float64 ndarray
        The outward unit normal at each point, one column per spatial axis (``space``).
    piece : (n,) int ndarray
        The piece of the boundary each point lies on: an index into ``pieces``.
    pieces : tuple of str
        The pieces' names (a box's faces: ``x=0``, ``x=1``, ``y=0``, ...).
    space : tuple of int
        The spatial axes, in the order of the normals' columns.
    """

    points: np.ndarray
    normals: np.ndarray
    piece: np.ndarray
    pieces: tuple[str, ...]
    space: tuple[int, ...]

    @property
    def size(self) -> int:
        """Number of points n."""
        return int(self.points.shape[0])

    def subset(self, mask: np.ndarray) -> BoundarySample:
        """The points where ``mask`` ((n,) bool) holds."""
        return dataclasses.replace(
            self, points=self.points[mask], normals=self.normals[mask], piece=self.piece[mask]
        )

    def counts(self) -> dict[str, int]:
        """Points per piece, for the pieces that have any (in piece order)."""
        found = np.bincount(self.piece, minlength=len(self.pieces))
        return {name: int(n) for name, n in zip(self.pieces, found) if n}


class BoundarySampler(Protocol):
    """What the inflow condition and the well-posedness check need of a domain."""

    space: tuple[int, ...]

    def __call__(
        self, lower: np.ndarray, upper: np.ndarray, spec: PointSpec, seed: int, salt: str
    ) -> BoundarySample: ...


@dataclasses.dataclass(frozen=True)
class BoxFaces:
    """The spatial faces of a box: two per spatial axis, each with every other axis free.

    Parameters
    ----------
    axes : tuple of str
        The names of all d axes (for the pieces' names).
    space : tuple of int
        The spatial axes (all axes but time).
    """

    axes: tuple[str, ...]
    space: tuple[int, ...]

    @classmethod
    def of(cls, axes: tuple[str, ...], time_axis: int | None) -> BoxFaces:
        """The faces of a box with these axes, ``time_axis`` not spatial."""
        return cls(tuple(axes), tuple(i for i in range(len(axes)) if i != time_axis))

    def names(self, lower: np.ndarray, upper: np.ndarray) -> tuple[str, ...]:
        """The faces' names on this box: ``x=0``, ``x=1``, ..."""
        return tuple(
            f"{self.axes[i]}={value:g}" for i in self.space for value in (lower[i], upper[i])
        )

    def __call__(
        self, lower: np.ndarray, upper: np.ndarray, spec: PointSpec, seed: int, salt: str
    ) -> BoundarySample:
        """Sample every spatial face with ``spec``.

        A grid keeps its meaning on each face (its spacing, or its count per free axis); the
        ``n`` points of a random or Sobol cloud are shared among the faces in proportion to
        their areas (lengths in 2-D space, times the time interval).

        Parameters
        ----------
        lower, upper : (d,) float64 ndarray
            The box (a time slab's, for a slab).
        spec : Grid, Random or Sobol
        seed : int
        salt : str
            Mixed into the seed; each face adds its own name.

        Returns
        -------
        BoundarySample
        """
        lower = np.asarray(lower, dtype=np.float64)
        upper = np.asarray(upper, dtype=np.float64)
        bounds = Bounds(lower, upper)
        names = self.names(lower, upper)
        lengths = upper - lower
        faces = [(i, side) for i in self.space for side in (0, 1)]
        areas = [float(np.prod(np.delete(lengths, i))) for i, _ in faces]
        if isinstance(spec, Grid):
            specs = [spec] * len(faces)
        else:
            kind = Random if isinstance(spec, Random) else Sobol
            specs = [kind(n) if n else None for n in split_count(spec.n, areas)]
        points, normals, piece = [], [], []
        for label, ((i, side), face_spec) in enumerate(zip(faces, specs)):
            if face_spec is None:
                continue
            value = upper[i] if side else lower[i]
            drawn = sample(bounds, face_spec, {i: value}, seed=seed, salt=f"{salt}/{names[label]}")
            normal = np.zeros((drawn.shape[0], len(self.space)))
            normal[:, self.space.index(i)] = 1.0 if side else -1.0
            points.append(drawn)
            normals.append(normal)
            piece.append(np.full(drawn.shape[0], label, dtype=np.int64))
        dim = len(self.axes)
        return BoundarySample(
            points=np.concatenate(points) if points else np.empty((0, dim)),
            normals=np.concatenate(normals) if normals else np.empty((0, len(self.space))),
            piece=np.concatenate(piece) if piece else np.empty(0, dtype=np.int64),
            pieces=names,
            space=self.space,
        )


def split_count(n: int, measures: list[float]) -> list[int]:
    """``n`` split into integers proportional to ``measures`` (largest remainders), summing to
    ``n``.

    Parameters
    ----------
    n : int
    measures : list of k non-negative floats, not all zero

    Returns
    -------
    list of k ints
    """
    weights = np.asarray(measures, dtype=np.float64)
    exact = n * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: n - int(counts.sum())]] += 1
    return [int(c) for c in counts]
