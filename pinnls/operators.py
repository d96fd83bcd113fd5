"""Compiled problems: plain numbers and numpy functions, no sympy and no torch.

These value objects are what the compiler hands to the solver. A term's operator is a sum of
parts ``coefficient(x) * D^alpha u(x with some axes fixed)``; the solver evaluates the basis and
its derivatives at the points of each part and combines them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np

__all__ = ["OperatorPart", "CompiledTerm", "CompiledProblem"]

NumericFunction = Callable[[np.ndarray], np.ndarray]


@dataclasses.dataclass(frozen=True)
class OperatorPart:
    """One summand ``coefficient(x) * D^alpha u(x')`` of a linear operator.

    Attributes
    ----------
    derivative : tuple of int, length d
        Multi-index alpha over the axes.
    fixed : tuple of (axis index, value)
        The point map: ``x'`` is the term's point with these axes set to these values (for
        example x = 1 for the ``u(1, t)`` of a periodic condition). Empty: ``x' = x``.
    coefficient : callable, (n, d) ndarray -> (n,) ndarray
        The coefficient as a function of the term's points.
    text : str
        The application in readable form, for tables and messages.
    """

    derivative: tuple[int, ...]
    fixed: tuple[tuple[int, float], ...]
    coefficient: NumericFunction
    text: str = ""

    def evaluation_points(self, points: np.ndarray) -> np.ndarray:
        """The points ``x'`` at which u is evaluated, shape (n, d)."""
        if not self.fixed:
            return points
        mapped = np.array(points, dtype=np.float64, copy=True)
        for axis, value in self.fixed:
            mapped[:, axis] = value
        return mapped


@dataclasses.dataclass(frozen=True)
class CompiledTerm:
    """One term ``eps * mean_i |sum_parts coefficient * D^alpha u - source|^2``, ready to solve.

    Attributes
    ----------
    name : str
    kind : {"equation", "condition"}
    parts : tuple of OperatorPart
    points : (n, d) float64 ndarray
    source : (n,) float64 ndarray
        The right-hand side ``L[u]`` at the points.
    weight : float
        eps of the term.
    location : str
        ``interior`` or the face, e.g. ``t=0`` or ``x=0 | x=1``.
    operator : str
        The operator in readable form.
    """

    name: str
    kind: str
    parts: tuple[OperatorPart, ...]
    points: np.ndarray
    source: np.ndarray
    weight: float
    location: str
    operator: str

    @property
    def size(self) -> int:
        """Number of points n."""
        return int(self.points.shape[0])

    def coefficients(self) -> list[np.ndarray]:
        """Each part's coefficient at the points, a list of (n,) arrays."""
        return [part.coefficient(self.points) for part in self.parts]

    def derivatives(self) -> set[tuple[int, ...]]:
        """The multi-indices that this term needs."""
        return {part.derivative for part in self.parts}


@dataclasses.dataclass(frozen=True)
class CompiledProblem:
    """All terms of a problem with their clouds, plus the domain and the exact solution.

    Attributes
    ----------
    name : str
    axes : tuple of str
    lower, upper : (d,) float64 ndarray
        The bounding box; the basis normalizes inputs from it to [0, 1]^d.
    terms : tuple of CompiledTerm
    exact : callable or None
        ``(n, d) ndarray -> (n,) ndarray``, the exact solution when one is known.
    exact_text : str or None
    """

    name: str
    axes: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    terms: tuple[CompiledTerm, ...]
    exact: NumericFunction | None = None
    exact_text: str | None = None

    @property
    def dim(self) -> int:
        return len(self.axes)

    def grid(self, points_per_axis: int) -> tuple[list[np.ndarray], np.ndarray]:
        """A tensor-product evaluation grid including the box's faces.

        Returns
        -------
        axes : list of d (m,) ndarrays
        points : (m**d, d) ndarray, in C (``ij``) order of the axes
        """
        ticks = [np.linspace(lo, hi, points_per_axis) for lo, hi in zip(self.lower, self.upper)]
        mesh = np.meshgrid(*ticks, indexing="ij")
        return ticks, np.stack([m.ravel() for m in mesh], axis=1)
