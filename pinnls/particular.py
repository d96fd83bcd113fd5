"""A particular solution of a constant-coefficient equation whose source is a sum of
exponentials times polynomials: numbers only (numpy; no sympy, no torch).

For ``L u = f`` with ``f = sum_j exp(a_j . x) p_j(x)`` (the compiler reads the sum,
:mod:`pinnls.symbolic.exponentials`) and ``L = sum_parts coefficient * D^alpha`` of constant
coefficients, ``L[exp(a . x) q] = exp(a . x) Q_a q`` with ``Q_a = sum coefficient *
prod_i (d/dx_i + a_i)^alpha_i``. A polynomial ``q_j`` with ``Q_{a_j} q_j = p_j`` exists of the
degree of ``p_j`` where the symbol ``P(a_j) = Q_{a_j} 1`` is not 0, and of a higher degree where
it is (resonance: ``t sin t`` for ``u'' + u = sin t``, ``-x^2/2`` for ``-u'' = 1``); then

    u_p = Re sum_j exp(a_j . x) q_j(x)

solves ``L u_p = f`` exactly. The solve fits ``u = u_p + w``: every term's right-hand side
loses ``L_k[u_p]``, so ``w`` solves the homogeneous equation, which the modes solve exactly
(:meth:`pinnls.operators.CompiledProblem.modes`), and only the initial and boundary data less
``u_p`` are left to fit (:meth:`pinnls.operators.CompiledProblem.with_particular`).
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np

__all__ = ["Particular", "Applied", "Less", "solve_polynomials", "RESONANCE"]

#: An exponential whose symbol is this small against the operator's size there (``sum_p
#: |coefficient_p| |a|^|alpha_p|``), but not 0 to rounding, nearly resonates: its ``q_j`` would
#: be so large that ``w`` would have to cancel it, so there is no particular solution.
RESONANCE = 1e-6
#: A symbol this small against the operator's size is 0 (resonance): ``q_j`` takes a higher
#: degree.
EXACT = 1e-12
#: Degrees beyond ``p_j``'s tried for ``q_j`` where the symbol is 0 (an operator of order 2
#: loses at most 2).
EXTRA_DEGREES = 3
#: At most this many monomials in one ``q_j``.
MAX_MONOMIALS = 2000

#: Points evaluated at once (an (n, m) complex block).
_CHUNK = 8192


@dataclasses.dataclass(frozen=True, eq=False)
class Particular:
    """``u_p(x) = Re sum_j exp(a_j . x) sum_r C_jr x^p_r``.

    Attributes
    ----------
    exponents : (m, d) complex128 ndarray
        ``a_j``.
    powers : (k, d) int64 ndarray
        The monomials' powers ``p_r``.
    coefficients : (m, k) complex128 ndarray
        ``C_jr``.
    """

    exponents: np.ndarray
    powers: np.ndarray
    coefficients: np.ndarray

    @property
    def size(self) -> int:
        """The number of exponentials m."""
        return int(self.exponents.shape[0])

    @property
    def degree(self) -> int:
        """The polynomials' largest total degree (0: exponentials alone)."""
        used = np.any(self.coefficients != 0, axis=0)
        return int(self.powers[used].sum(axis=1).max(initial=0))

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d): (n,) float64."""
        points = np.asarray(points, dtype=np.float64)
        return self.derivative(points, (0,) * points.shape[1])

    def derivative(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha u_p`` at points (n, d): (n,) float64."""
        return self._complex(points, alpha).real

    def imaginary(self, points: np.ndarray) -> np.ndarray:
        """The imaginary part of ``sum_j exp(a_j . x) q_j(x)`` at points (n, d), (n,): 0 to
        rounding for the particular solution of a real source."""
        points = np.asarray(points, dtype=np.float64)
        return self._complex(points, (0,) * points.shape[1]).imag

    def _complex(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha sum_j exp(a_j . x) q_j(x)`` at points (n, d): (n,) complex128. By
        Leibniz, ``D^alpha [exp(a . x) q] = exp(a . x) Q q`` with ``Q`` the operator
        ``D^alpha`` shifted by ``a`` (:func:`_image`), so each ``q_j`` is mapped once and then
        evaluated with its exponential."""
        points = np.asarray(points, dtype=np.float64)
        mapped: dict[tuple, np.ndarray] = {}
        for j, a in enumerate(self.exponents):
            for power, c in zip(self.powers, self.coefficients[j]):
                if c == 0:
                    continue
                for lowered, value in _image([(tuple(alpha), 1.0)], a, tuple(power)).items():
                    mapped.setdefault(lowered, np.zeros(self.size, dtype=np.complex128))[j] += (
                        c * value
                    )
        out = np.zeros(points.shape[0], dtype=np.complex128)
        if not mapped:
            return out
        powers = np.array(list(mapped), dtype=np.int64).reshape(-1, points.shape[1])
        columns = np.stack(list(mapped.values()), axis=1)  # (m, k')
        for start in range(0, points.shape[0], _CHUNK):
            block = points[start : start + _CHUNK]
            monomials = np.prod(block[:, None, :] ** powers[None, :, :], axis=2)
            values = np.exp(block @ self.exponents.T) * (monomials @ columns.T)
            out[start : start + block.shape[0]] = values.sum(axis=1)
        return out

    def applied(self, parts, points: np.ndarray) -> np.ndarray:
        """``L_k[u_p]`` of one term's operator parts at its points (n, d): (n,) float64."""
        points = np.asarray(points, dtype=np.float64)
        out = np.zeros(points.shape[0])
        for part in parts:
            values = self.derivative(part.evaluation_points(points), part.derivative)
            out += np.broadcast_to(part.coefficient(points), (points.shape[0],)) * values
        return out

    def to_json(self) -> dict:
        """For report.json: the number of ``terms`` (exponentials), the polynomials'
        ``degree``, and ``exponents``, ``powers``, ``coefficients`` ([re, im] pairs)."""
        return {
            "terms": self.size,
            "degree": self.degree,
            "exponents": [[[z.real, z.imag] for z in row] for row in self.exponents.tolist()],
            "powers": self.powers.tolist(),
            "coefficients": [[[z.real, z.imag] for z in row] for row in self.coefficients.tolist()],
        }


def solve_polynomials(
    operator: list[tuple[tuple[int, ...], float]],
    exponents: np.ndarray,
    powers: np.ndarray,
    sources: np.ndarray,
) -> Particular | None:
    """The polynomials ``q_j`` with ``Q_{a_j} q_j = p_j``, of the lowest degree that solves
    each exactly.

    Parameters
    ----------
    operator : list of (alpha, coefficient)
        The equation's parts, constant coefficients.
    exponents : (m, d) complex ndarray
    powers : (k, d) int ndarray
        The source's monomials.
    sources : (m, k) complex ndarray
        ``p_j``'s coefficients on them.

    Returns
    -------
    Particular or None
        None where a symbol nearly resonates (:data:`RESONANCE`), or no polynomial of up to
        :data:`EXTRA_DEGREES` more degrees solves it (a degenerate operator).
    """
    dim = exponents.shape[1]
    found: dict[tuple, np.ndarray] = {}
    for j, a in enumerate(exponents):
        symbol = sum(c * np.prod(a ** np.asarray(alpha)) for alpha, c in operator)
        size = sum(abs(c) * np.prod(np.abs(a) ** np.asarray(alpha)) for alpha, c in operator)
        size = max(size, 1e-300)
        exact = abs(symbol) <= EXACT * size
        if not exact and abs(symbol) <= RESONANCE * size:
            return None
        used = sources[j] != 0
        target = {tuple(p): complex(c) for p, c in zip(powers[used], sources[j][used])}
        degree = max(sum(p) for p in target) if target else 0
        solved = None
        for extra in range(EXTRA_DEGREES + 1) if exact else (0,):
            monomials = _monomials(dim, degree + extra)
            if len(monomials) > MAX_MONOMIALS:
                return None
            solved = _solve(operator, a, monomials, target)
            if solved is not None:
                break
        if solved is None:
            return None
        for power, value in solved.items():
            found.setdefault(power, np.zeros(len(exponents), dtype=np.complex128))[j] += value
    if not found:
        return None
    order = sorted(found)
    return Particular(
        np.asarray(exponents, dtype=np.complex128),
        np.array(order, dtype=np.int64).reshape(-1, dim),
        np.stack([found[p] for p in order], axis=1),
    )


def _monomials(dim: int, degree: int) -> list[tuple[int, ...]]:
    """Every power of total degree at most ``degree`` over ``dim`` axes."""
    return [p for p in itertools.product(range(degree + 1), repeat=dim) if sum(p) <= degree]


def _image(operator, a: np.ndarray, power: tuple[int, ...]) -> dict[tuple, complex]:
    """``Q_a x^power`` as {power: coefficient}."""
    out: dict[tuple, complex] = {}
    for alpha, c in operator:
        for low in itertools.product(*(range(k + 1) for k in alpha)):
            value = complex(c)
            lowered = []
            for i, (k, l) in enumerate(zip(alpha, low)):
                value *= math.comb(k, l) * a[i] ** (k - l)
                falling = 1
                for step in range(l):
                    falling *= power[i] - step
                value *= falling
                lowered.append(power[i] - l)
            if value != 0:
                key = tuple(lowered)
                out[key] = out.get(key, 0.0) + value
    return out


def _solve(operator, a, monomials, target) -> dict[tuple, complex] | None:
    """The least-norm ``q`` on ``monomials`` with ``Q_a q = target``, or None where the
    residual is not rounding."""
    images = [_image(operator, a, p) for p in monomials]
    rows = sorted(set(target) | {key for image in images for key in image})
    index = {key: i for i, key in enumerate(rows)}
    matrix = np.zeros((len(rows), len(monomials)), dtype=np.complex128)
    for column, image in enumerate(images):
        for key, value in image.items():
            matrix[index[key], column] = value
    rhs = np.zeros(len(rows), dtype=np.complex128)
    for key, value in target.items():
        rhs[index[key]] = value
    solution, *_ = np.linalg.lstsq(matrix, rhs, rcond=1e-12)
    scale = max(float(np.abs(rhs).max()), 1e-300)
    if float(np.abs(matrix @ solution - rhs).max()) > 1e-10 * scale:
        return None
    return {p: complex(v) for p, v in zip(monomials, solution) if v != 0}


@dataclasses.dataclass(frozen=True)
class Applied:
    """``L_k[u_p]`` as a function of the term's points (picklable)."""

    particular: Particular
    parts: tuple

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return self.particular.applied(self.parts, points)


@dataclasses.dataclass(frozen=True)
class Less:
    """A right-hand side less ``L_k[u_p]`` (picklable)."""

    function: object
    applied: Applied

    def __call__(self, points: np.ndarray) -> np.ndarray:
        values = np.broadcast_to(
            np.asarray(self.function(points), dtype=np.float64), (len(points),)
        )
        return values - self.applied(points)
