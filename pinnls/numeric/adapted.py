"""Cut planes where a solution changes: Box's points drawn from a solution's gradient.

Box initialization (:mod:`pinnls.numeric.initialization`) puts each first-layer neuron's cut
plane through a point drawn uniformly in the box. A solution that changes in a small part of
the box (a pulse, a heater, a front) is then crossed by few of the planes: most features
vary where the solution does not. :func:`gradient_points` draws the points instead from a
density that mixes the uniform one with the magnitude of a known approximation's gradient
(a narrower stage's solution), so that more planes cross where the solution varies, and
enough stay everywhere else.

Measured (docs/benchmarks.md, section 66): on a Gaussian heater pulsing in time, at the
steepness and per-axis factors the automatic strategy chose, width 2048, rel L2 3.5e-3 with
points drawn (``fraction`` 0.9) from the width-1024 solution's gradient against 1.4e-2 with
Box's uniform points.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import numpy as np
import torch

__all__ = [
    "GradientDensity",
    "gradient_density",
    "gradient_points",
    "gradient_size",
    "CANDIDATES",
    "STEP",
]

#: Candidate points per point drawn: the density is read at these, uniformly scattered.
CANDIDATES = 8
#: The central differences' step in the unit box: truncation near ``STEP^2`` times the third
#: derivative, rounding near ``1e-16 / STEP`` of the values (float64).
STEP = 1e-4


def gradient_size(
    values: Callable[[np.ndarray], np.ndarray],
    lower: np.ndarray,
    upper: np.ndarray,
    unit: np.ndarray,
    contains: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """The size of a function's gradient in the unit box's coordinates, by central differences.

    Parameters
    ----------
    values : callable
        ``(m, d)`` points in the problem's coordinates (float64) to ``(m,)`` or ``(m, k)``
        values (a system's k unknowns: their gradients' sizes add in squares).
    lower, upper : (d,) array
        The box that the unit box maps onto.
    unit : (m, d) array
        The points, in ``[0, 1]^d``.
    contains : callable, optional
        ``(m, d)`` points in the problem's coordinates to ``(m,)`` bool: the domain
        (:meth:`pinnls.operators.CompiledProblem.contains`). A solution is free outside a shape
        in its bounding box, so the size is 0 at a point whose differences reach outside.

    Returns
    -------
    (m,) float64 ndarray
        ``|grad u|`` with respect to the unit coordinates (each axis' derivative times the
        box's length along it); 0 where the values are not finite.
    """
    lower = np.asarray(lower, dtype=np.float64)
    span = np.asarray(upper, dtype=np.float64) - lower
    unit = np.asarray(unit, dtype=np.float64)
    m, d = unit.shape
    total = np.zeros(m)
    inside = np.ones(m, dtype=bool)
    for axis in range(d):
        ahead, behind = unit.copy(), unit.copy()
        ahead[:, axis] = np.minimum(unit[:, axis] + STEP, 1.0)
        behind[:, axis] = np.maximum(unit[:, axis] - STEP, 0.0)
        # one call for both sides: a network evaluates a batch faster than two
        where = lower + np.concatenate([ahead, behind]) * span
        if contains is not None:
            held = np.asarray(contains(where), dtype=bool)
            inside &= held[:m] & held[m:]
        both = np.asarray(values(where), np.float64)
        step = (ahead[:, axis] - behind[:, axis]).reshape((m,) + (1,) * (both.ndim - 1))
        slope = (both[:m] - both[m:]) / step
        total += (slope**2).reshape(m, -1).sum(axis=1)
    size = np.sqrt(total)
    return np.where(np.isfinite(size) & inside, size, 0.0)


@dataclasses.dataclass(frozen=True)
class GradientDensity:
    """Candidate points of the unit box and the probability of each (:func:`gradient_density`).

    Attributes
    ----------
    candidates : (M, d) float64 tensor
        Points of ``[0, 1]^d``, drawn uniformly.
    weights : (M,) float64 tensor
        Their probabilities, summing to 1.
    fraction : float
        The share of the density that follows the gradient.
    """

    candidates: torch.Tensor
    weights: torch.Tensor
    fraction: float

    def draw(self, count: int, generator: torch.Generator | None = None) -> torch.Tensor:
        """``count`` of the candidates, drawn with replacement by their weights: (count, d)."""
        chosen = torch.multinomial(self.weights, count, replacement=True, generator=generator)
        return self.candidates[chosen]


def gradient_density(
    values: Callable[[np.ndarray], np.ndarray],
    lower: np.ndarray,
    upper: np.ndarray,
    candidates: int,
    fraction: float,
    generator: torch.Generator | None = None,
    contains: Callable[[np.ndarray], np.ndarray] | None = None,
) -> GradientDensity:
    """A density on the unit box that mixes the uniform one with a function's gradient size.

    ``candidates`` points are drawn uniformly; each is weighted ``(1 - fraction) / M +
    fraction * g_i / sum(g)``, ``g`` the :func:`gradient_size` there. A function that does not
    change (``sum(g)`` 0) gives uniform weights, and a density whose ``fraction`` is 0.

    Parameters
    ----------
    values : callable
        As :func:`gradient_size`'s: a solution of a narrower stage, say.
    lower, upper : (d,) array
        The problem's box.
    candidates : int
        M, the points at which the density is read.
    fraction : float in [0, 1]
        The share of the density that follows the gradient; 0 is uniform.
    generator : torch.Generator, optional
        A CPU generator for the candidates; None uses torch's global one.
    contains : callable, optional
        The domain, as :func:`gradient_size` reads it: outside a shape only the uniform
        share draws points (Box's draw puts some there too).

    Returns
    -------
    GradientDensity
    """
    if not 0.0 <= fraction <= 1.0:
        raise ValueError(f"fraction is {fraction!r}; it must be from 0 to 1")
    points = torch.rand(candidates, len(lower), generator=generator, dtype=torch.float64)
    size = torch.from_numpy(gradient_size(values, lower, upper, points.numpy(), contains))
    total = float(size.sum())
    uniform = torch.full_like(size, 1.0 / len(size))
    if not total > 0:  # nothing changes (or nothing finite): the uniform density, said so
        return GradientDensity(points, uniform, 0.0)
    weights = (1.0 - fraction) * uniform + fraction * size / total
    return GradientDensity(points, weights, float(fraction))


def gradient_points(
    values: Callable[[np.ndarray], np.ndarray],
    lower: np.ndarray,
    upper: np.ndarray,
    count: int,
    fraction: float,
    generator: torch.Generator | None = None,
    contains: Callable[[np.ndarray], np.ndarray] | None = None,
) -> torch.Tensor:
    """Points of the unit box drawn where a function changes, for Box's cut planes:
    ``count`` draws of a :func:`gradient_density` read at ``CANDIDATES * count`` points.

    Parameters
    ----------
    values : callable
        As :func:`gradient_size`'s: a solution of a narrower stage, say.
    lower, upper : (d,) array
        The problem's box.
    count : int
        The points wanted (the first layer's width).
    fraction : float in [0, 1]
        The share of the density that follows the gradient; 0 draws the candidates
        uniformly (a uniform draw, not the same numbers as Box's own).
    generator : torch.Generator, optional
        A CPU generator for the candidates and the choice; None uses torch's global one.
    contains : callable, optional
        The domain (:func:`gradient_density`).

    Returns
    -------
    (count, d) float64 tensor
        Points in ``[0, 1]^d``.
    """
    density = gradient_density(
        values, lower, upper, CANDIDATES * count, fraction, generator, contains
    )
    return density.draw(count, generator)
