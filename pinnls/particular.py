"""A particular solution of the equation: exactly, where its coefficients are constant and its
source is a sum of exponentials times polynomials (:class:`Particular`, numbers only: numpy);
for a first-order equation whose source is anything smooth with an expression program, the
source integrated back along a constant flow (:class:`Transported`, Gauss-Legendre) or
marched back along a variable flow's characteristics (:class:`Carried`, Runge-Kutta), their
integrands written by sympy from the programs, lazily; and the initial data's Gaussians
carried in free space by a constant or affine flow (:class:`Spreading`, closed form), added
to the source's (:class:`Summed`). No torch.

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
import hashlib
import itertools
import math

import numpy as np

__all__ = [
    "Particular",
    "Transported",
    "Carried",
    "Spreading",
    "Summed",
    "components",
    "from_record",
    "Applied",
    "Less",
    "solve_polynomials",
    "RESONANCE",
]

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


class _RealPart:
    """The real part of a complex sum, ``_complex(points, alpha)``: ``u_p``, its derivatives,
    the imaginary part left over, and ``L_k[u_p]`` (:class:`Particular`, :class:`Spreading`)."""

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d): (n,) float64."""
        points = np.asarray(points, dtype=np.float64)
        return self.derivative(points, (0,) * points.shape[1])

    def derivative(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha u_p`` at points (n, d): (n,) float64."""
        return self._complex(points, alpha).real

    def imaginary(self, points: np.ndarray) -> np.ndarray:
        """The imaginary part of the sum at points (n, d), (n,): 0 to rounding for the
        particular solution of real data."""
        points = np.asarray(points, dtype=np.float64)
        return self._complex(points, (0,) * points.shape[1]).imag

    def applied(self, parts, points: np.ndarray) -> np.ndarray:
        """``L_k[u_p]`` of one term's operator parts at its points (n, d): (n,) float64."""
        return _applied(self, parts, points)


@dataclasses.dataclass(frozen=True, eq=False)
class Particular(_RealPart):
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

    def to_json(self) -> dict:
        """For report.json: ``kind`` "exponentials", the number of ``terms`` (exponentials),
        the polynomials' ``degree``, and ``exponents``, ``powers``, ``coefficients`` ([re, im]
        pairs)."""
        return {
            "kind": "exponentials",
            "terms": self.size,
            "degree": self.degree,
            "exponents": [[[z.real, z.imag] for z in row] for row in self.exponents.tolist()],
            "powers": self.powers.tolist(),
            "coefficients": [[[z.real, z.imag] for z in row] for row in self.coefficients.tolist()],
        }

    @classmethod
    def from_json(cls, record: dict, dim: int) -> Particular:
        """The inverse of :meth:`to_json` for d = ``dim`` axes (a part of a
        :class:`Summed`'s record).

        Raises
        ------
        ValueError
            A record that is not one, naming its field.
        """
        try:
            pairs = np.asarray(record["exponents"], dtype=np.float64)
            powers = np.asarray(record["powers"], dtype=np.int64)
            values = np.asarray(record["coefficients"], dtype=np.float64)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"the exponentials record is not one ({error})") from None
        m = pairs.shape[0] if pairs.ndim == 3 else -1
        k = powers.shape[0] if powers.ndim == 2 else -1
        shapes = {
            "exponents": (pairs.shape, (m, dim, 2)),
            "powers": (powers.shape, (k, dim)),
            "coefficients": (values.shape, (m, k, 2)),
        }
        for name, (got, wanted) in shapes.items():
            if got != wanted or m < 1 or k < 1:
                raise ValueError(f"the exponentials record's {name} has shape {got}, not {wanted}")
        return cls(pairs[..., 0] + 1j * pairs[..., 1], powers, values[..., 0] + 1j * values[..., 1])


def _applied(particular, parts, points: np.ndarray) -> np.ndarray:
    """``L_k[u_p]``: one term's operator parts applied to any ``u_p`` with a ``derivative``
    (:class:`Particular`, :class:`Transported`, :class:`Carried`) at points (n, d): (n,)."""
    points = np.asarray(points, dtype=np.float64)
    out = np.zeros(points.shape[0])
    for part in parts:
        values = particular.derivative(part.evaluation_points(points), part.derivative)
        out += np.broadcast_to(part.coefficient(points), (points.shape[0],)) * values
    return out


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


#: Gauss-Legendre nodes per panel of :class:`Transported`'s quadrature along the flow.
PANEL_NODES = 16
#: At most this many panels (the quadrature doubles them from one until two counts agree).
MAX_PANELS = 64
#: Two panel counts agree where their values differ by at most this share of ``u_p``'s largest
#: value on the sample (and the larger count is kept).
QUADRATURE_TOLERANCE = 1e-13
#: Points of the box (seeded, uniform) on which the panels are chosen and ``L u_p = f`` checked.
SAMPLE_POINTS = 512


@dataclasses.dataclass(frozen=True, eq=False)
class Transported:
    """``u_p(X) = int_0^sigma(X) f(X - A s) exp(-k s) ds``: the source of a first-order
    equation of constant coefficients ``A . grad u + k u = f`` integrated back along its flow
    to the plane ``n . X = c`` upstream of the box, ``sigma(X) = (n . X - c) / (n . A)``.

    Along the flow ``A . grad u_p + k u_p = f`` (``sigma`` grows by one per unit of ``A``), so
    ``w = u - u_p`` solves the homogeneous equation, which features constant along the flow
    (times the reaction's decay) solve exactly, with the data less ``u_p``. With ``s = sigma
    theta`` the integral runs over ``theta`` in [0, 1] whatever ``X``, so ``u_p`` is as smooth as
    ``f`` and every derivative is the integral of the integrand's derivative: composite
    Gauss-Legendre over ``panels`` panels of :data:`PANEL_NODES` nodes, the integrand and its
    derivatives written out by sympy from the source's program.

    Attributes
    ----------
    program : list
        ``f`` as an expression program (:func:`pinnls.program.to_program`) in the
        d axes.
    velocity : (d,) float64 ndarray
        ``A``, the coefficients of the first derivatives (time's included).
    reaction : float
        ``k``, the coefficient of ``u``.
    normal : (d,) float64 ndarray
        ``n``: time's axis where ``A`` moves along it, else ``A / |A|``.
    offset : float
        ``c``: the box's lowest ``n . X``.
    panels : int
        Quadrature panels in ``theta``.
    nodes : int
        Gauss-Legendre nodes per panel (:data:`PANEL_NODES` when it is built).
    quadrature : float
        The largest difference, relative to ``u_p``'s largest value, between the kept panel
        count and half as many on the sample: a bound on the quadrature's error, which no
        residual of the network sees (the validation estimate takes it as a floor).
    """

    program: list
    velocity: np.ndarray
    reaction: float
    normal: np.ndarray
    offset: float
    panels: int
    nodes: int = PANEL_NODES
    quadrature: float = 0.0

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d): (n,) float64."""
        points = np.asarray(points, dtype=np.float64)
        return self.derivative(points, (0,) * points.shape[1])

    def derivative(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha u_p`` at points (n, d): (n,) float64."""
        return _quadrature(self, points, tuple(int(a) for a in alpha), self.panels)

    def applied(self, parts, points: np.ndarray) -> np.ndarray:
        """``L_k[u_p]`` of one term's operator parts at its points (n, d): (n,) float64."""
        return _applied(self, parts, points)

    def to_json(self) -> dict:
        """For report.json and the result file: ``kind`` "transported", the ``source``
        program, ``velocity``, ``reaction``, ``normal``, ``offset``, ``panels``,
        ``nodes_per_panel`` and ``quadrature``."""
        return {
            "kind": "transported",
            "source": self.program,
            "velocity": [float(v) for v in self.velocity],
            "reaction": float(self.reaction),
            "normal": [float(v) for v in self.normal],
            "offset": float(self.offset),
            "panels": int(self.panels),
            "nodes_per_panel": int(self.nodes),
            "quadrature": float(self.quadrature),
        }

    @classmethod
    def from_json(cls, record: dict, dim: int) -> Transported:
        """The inverse of :meth:`to_json` for d = ``dim`` axes.

        Raises
        ------
        ValueError
            A record that is not one, naming its field.
        """
        from pinnls.program import to_expression

        try:
            velocity = np.asarray(record["velocity"], dtype=np.float64)
            normal = np.asarray(record["normal"], dtype=np.float64)
            made = cls(
                program=record["source"],
                velocity=velocity,
                reaction=float(record["reaction"]),
                normal=normal,
                offset=float(record["offset"]),
                panels=int(record["panels"]),
                nodes=int(record.get("nodes_per_panel", PANEL_NODES)),
                quadrature=float(record.get("quadrature", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a transported particular solution: {error}") from None
        if velocity.shape != (dim,) or normal.shape != (dim,):
            raise ValueError(f"its velocity and normal must have {dim} entries")
        numbers = [*velocity, *normal, made.reaction, made.offset, made.quadrature]
        if not np.isfinite(numbers).all():
            raise ValueError("its velocity, normal, reaction and offset must be finite")
        if not (1 <= made.panels <= MAX_PANELS and 1 <= made.nodes <= 256):
            raise ValueError("its panels or nodes per panel are out of range")
        if not float(normal @ velocity) > 0:
            raise ValueError("its normal does not face the flow")
        to_expression(made.program, sp_symbols(dim))  # raises ValueError on a bad program
        return made

    @classmethod
    def build(cls, program, velocity, reaction, lower, upper, time_axis, source):
        """The particular solution of ``A . grad u + k u = f`` on the box [lower, upper], or
        None where the quadrature does not converge within :data:`MAX_PANELS` panels, is not
        finite, or does not give ``L u_p = f`` to 1e-9 of ``f``'s largest value on
        :data:`SAMPLE_POINTS` points of the box.

        Parameters
        ----------
        program : list
            ``f``'s expression program.
        velocity : (d,) array
        reaction : float
        lower, upper : (d,) arrays
            The domain's bounding box.
        time_axis : int or None
        source : callable
            ``f`` at points (n, d) -> (n,), the compiled right-hand side (the check's).
        """
        velocity = np.asarray(velocity, dtype=np.float64)
        if not np.any(velocity != 0) or not np.isfinite(velocity).all():
            return None
        if time_axis is not None and velocity[time_axis] != 0:
            normal = np.zeros_like(velocity)
            normal[time_axis] = np.sign(velocity[time_axis])
        else:
            normal = velocity / np.linalg.norm(velocity)
        corners = np.array(list(itertools.product(*zip(lower, upper))), dtype=np.float64)
        offset = float((corners @ normal).min())
        made = cls(program, velocity, float(reaction), normal, offset, 1)
        rng = np.random.default_rng(0)
        points = rng.uniform(lower, upper, (SAMPLE_POINTS, velocity.size))
        points = np.concatenate([points, corners])
        zero = (0,) * velocity.size
        with np.errstate(all="ignore"):
            found = _doubled(
                lambda count: _quadrature(made, points, zero, count),
                1,
                MAX_PANELS,
                QUADRATURE_TOLERANCE,
            )
            if found is None:
                return None
            panels, finer, difference = found
            made = dataclasses.replace(made, panels=panels, quadrature=difference)
            # A . grad u_p + k u_p against f: the program, the flow and the plane agree
            applied = made.reaction * finer
            for axis, a in enumerate(velocity):
                if a != 0:
                    alpha = tuple(int(i == axis) for i in range(velocity.size))
                    applied = applied + a * made.derivative(points, alpha)
            f = np.broadcast_to(np.asarray(source(points), dtype=np.float64), (len(points),))
        bound = float(np.abs(f).max(initial=0.0))
        if not (np.isfinite(applied).all() and np.isfinite(f).all()) or bound == 0:
            return None
        if float(np.abs(applied - f).max()) > 1e-9 * bound:
            return None
        return made


def _doubled(values_of, first: int, limit: int, tolerance: float):
    """Double a count from ``first`` until ``values_of(count)`` and ``values_of(2 count)``
    ((n,) arrays) differ by at most ``tolerance`` of the finer's largest value: ``(2 count,
    the finer values, the difference)``, or None where one is not finite or ``2 count`` would
    pass ``limit`` first."""
    count, values = first, values_of(first)
    while True:
        finer = values_of(2 * count)
        if not np.isfinite(finer).all():
            return None
        scale = max(float(np.abs(finer).max(initial=0.0)), 1e-300)
        difference = float(np.abs(finer - values).max()) / scale
        if difference <= tolerance:
            return 2 * count, finer, difference
        if 2 * count >= limit:
            return None
        count, values = 2 * count, finer


def sp_symbols(dim: int) -> tuple:
    """d plain sympy symbols for a program's axes."""
    import sympy as sp

    return sp.symbols(f"x0:{dim}", real=True)


#: Lambdified integrands by (program, velocity, reaction, normal, offset, alpha): kept per
#: process (a function cannot be pickled; a process that needs one writes it once).
_INTEGRANDS: dict[tuple, object] = {}


def _integrand(made: Transported, alpha: tuple[int, ...]):
    """``D^alpha_X [sigma f(X - A sigma theta) exp(-k sigma theta)]`` as a numpy function of
    (x_0, ..., x_{d-1}, theta)."""
    import json

    import sympy as sp

    from pinnls.program import to_expression

    key = (
        json.dumps(made.program),
        tuple(made.velocity.tolist()),
        made.reaction,
        tuple(made.normal.tolist()),
        made.offset,
        alpha,
    )
    function = _INTEGRANDS.get(key)
    if function is None:
        dim = len(alpha)
        symbols = sp_symbols(dim)
        theta = sp.Symbol("theta", real=True)
        speed = float(made.normal @ made.velocity)
        sigma = (sum(float(n) * s for n, s in zip(made.normal, symbols)) - made.offset) / speed
        source = to_expression(made.program, symbols)
        shifted = source.xreplace(
            {s: s - float(a) * sigma * theta for s, a in zip(symbols, made.velocity)}
        )
        expression = sigma * shifted * sp.exp(-made.reaction * sigma * theta)
        for symbol, order in zip(symbols, alpha):
            if order:
                expression = sp.diff(expression, symbol, order)
        function = sp.lambdify((*symbols, theta), expression, "numpy", cse=True)
        _INTEGRANDS[key] = function
    return function


def _quadrature(made: Transported, points: np.ndarray, alpha: tuple[int, ...], panels: int):
    """``D^alpha u_p`` at points (n, d) with ``panels`` panels: (n,) float64."""
    points = np.asarray(points, dtype=np.float64)
    function = _integrand(made, alpha)
    nodes, weights = np.polynomial.legendre.leggauss(made.nodes)
    starts = np.arange(panels) / panels
    theta = (starts[:, None] + (nodes[None, :] + 1) / (2 * panels)).ravel()
    weights = np.tile(weights / (2 * panels), panels)
    out = np.empty(points.shape[0])
    step = max(1, _CHUNK * 16 // theta.size)
    for start in range(0, points.shape[0], step):
        block = points[start : start + step]
        columns = [block[:, i : i + 1] for i in range(block.shape[1])]
        values = np.broadcast_to(function(*columns, theta[None, :]), (block.shape[0], theta.size))
        out[start : start + block.shape[0]] = values @ weights
    return out


#: Steps of :class:`Carried`'s march (an eighth-order Runge-Kutta method, :data:`TABLEAUS`):
#: doubled from this many...
CARRIED_STEPS = 8
#: ...to at most this many, until the finer of two counts has an estimated error of at most
#: :data:`CARRIED_TOLERANCE` of ``u_p``'s largest value on :data:`SAMPLE_POINTS` points of the
#: box: their difference over ``2^p - 1`` for a method of order ``p`` (Richardson; 255 for
#: eight).
#: RK4's rule was a difference of 1e-9, an error of at most 6.7e-11.
MAX_CARRIED_STEPS = 1024
CARRIED_TOLERANCE = 5e-11
#: Explicit Runge-Kutta tableaus ``(order, a, b, c)`` of :class:`Carried`'s march, by name.
#: "rk8" (the eighth-order solution of Dormand and Prince's DOP853, twelve stages) is the
#: default: where the classical "rk4" took 512 steps (2048 evaluations of the flow and the
#: source) on a wind pulsing in time, it takes 32 (384) for a smaller error; on a meandering
#: wind Butcher's sixth-order method needed 512 steps (3584) and it 128 (1536)
#: (docs/benchmarks.md, section 77). "rk4" reads records saved before it.
TABLEAUS = {
    "rk4": (
        4,
        ((), (0.5,), (0.0, 0.5), (0.0, 0.0, 1.0)),
        (1 / 6, 1 / 3, 1 / 3, 1 / 6),
        (0.0, 0.5, 0.5, 1.0),
    ),
    # Dormand and Prince's eighth-order solution of DOP853 (twelve stages; the coefficients
    # as scipy.integrate's dop853_coefficients gives them), without its error estimators
    "rk8": (
        8,
        (
            (),
            (0.05260015195876773,),
            (0.0197250569845379, 0.0591751709536137),
            (0.02958758547680685, 0.0, 0.08876275643042054),
            (0.2413651341592667, 0.0, -0.8845494793282861, 0.924834003261792),
            (0.037037037037037035, 0.0, 0.0, 0.17082860872947386, 0.12546768756682242),
            (0.037109375, 0.0, 0.0, 0.17025221101954405, 0.06021653898045596, -0.017578125),
            (
                0.03709200011850479,
                0.0,
                0.0,
                0.17038392571223998,
                0.10726203044637328,
                -0.015319437748624402,
                0.008273789163814023,
            ),
            (
                0.6241109587160757,
                0.0,
                0.0,
                -3.3608926294469414,
                -0.868219346841726,
                27.59209969944671,
                20.154067550477894,
                -43.48988418106996,
            ),
            (
                0.47766253643826434,
                0.0,
                0.0,
                -2.4881146199716677,
                -0.590290826836843,
                21.230051448181193,
                15.279233632882423,
                -33.28821096898486,
                -0.020331201708508627,
            ),
            (
                -0.9371424300859873,
                0.0,
                0.0,
                5.186372428844064,
                1.0914373489967295,
                -8.149787010746927,
                -18.52006565999696,
                22.739487099350505,
                2.4936055526796523,
                -3.0467644718982196,
            ),
            (
                2.273310147516538,
                0.0,
                0.0,
                -10.53449546673725,
                -2.0008720582248625,
                -17.9589318631188,
                27.94888452941996,
                -2.8589982771350235,
                -8.87285693353063,
                12.360567175794303,
                0.6433927460157636,
            ),
        ),
        (
            0.054293734116568765,
            0.0,
            0.0,
            0.0,
            0.0,
            4.450312892752409,
            1.8915178993145003,
            -5.801203960010585,
            0.3111643669578199,
            -0.1521609496625161,
            0.20136540080403034,
            0.04471061572777259,
        ),
        (
            0.0,
            0.05260015195876773,
            0.0789002279381516,
            0.1183503419072274,
            0.2816496580927726,
            0.3333333333333333,
            0.25,
            0.3076923076923077,
            0.6512820512820513,
            0.6,
            0.8571428571428571,
            1.0,
        ),
    ),
}
#: A derivative of :class:`Carried` is a fourth-order central difference of the march with
#: this share of the box's length along its axis (a march of fixed steps is smooth in its
#: starting point). Its truncation grows as (step / feature)^4: a stack of radius 0.4 km in a
#: 10 km box missed ``L u_p = f`` by 1.3e-6 at 1e-3 (7.9e-8 at 5e-4, 4.9e-9 here); rounding
#: is about 1e-16 / step of ``u_p`` per unit of the box, far below.
DIFFERENCE_STEP = 2.5e-4
#: A point's march takes ``steps`` in proportion to its length: the share of the axis it
#: runs over, rounded up to a multiple of ``1 / LENGTH_GROUPS`` (points of one share are
#: marched together, a difference's stencil with its centre's count), so that no step is
#: longer than the whole axis' ``length / steps``; a uniform cloud costs about half of
#: ``steps`` a point, and a point near the start plane a few.
LENGTH_GROUPS = 16
#: ``L u_p = f`` is checked by those differences to this share of ``f``'s largest value.
CARRIED_CHECK = 1e-6
#: Marches kept per process, by their points (a stage evaluates its clouds' u_p more than once).
MARCHES_KEPT = 32
#: (id, steps, shape, digest of the points) -> (the Carried, u_p there).
_MARCHED: dict[tuple, tuple] = {}


@dataclasses.dataclass(frozen=True, eq=False)
class Carried:
    """``u_p(X) = int_0^sigma f(Y(s)) exp(-int_0^s c(Y(r)) dr) ds`` along the characteristic
    ``dY/ds = -v(Y)``, ``Y(0) = X``, back to the plane ``x_k = start``, ``sigma = X_k -
    start``: the particular solution of a transport equation with a variable flow, ``v . grad
    u + c u = f`` with ``v_k = 1`` (:meth:`pinnls.operators.CompiledProblem.foot_flow`: the
    equation divided by its axis of constant coefficient).

    ``Q`` and the reaction's integral ``K`` march with ``Y`` in ``steps`` Runge-Kutta steps
    (``method``) of ``sigma / steps``, so ``u_p`` is smooth in ``X`` and ``w = u - u_p``
    solves the homogeneous equation, which features drawn on the characteristics' feet solve.
    Its derivatives are central differences of the march (:data:`DIFFERENCE_STEP`): the solve
    needs its values only (every condition of order 0; the equation loses ``f`` exactly).

    Attributes
    ----------
    axis : int
        ``k``.
    velocity : list of d programs
        ``v`` (entry ``k`` is 1).
    reaction : program or None
        ``c``.
    program : list
        ``f``, divided by the axis' coefficient as ``v`` and ``c`` are.
    start : float
        The box's end along ``k`` where the march stops (its lower end; the upper one for a
        steady flow whose reaction would grow the other way).
    lengths : (d,) float64 ndarray
        The box's lengths (the differences' steps).
    steps : int
    quadrature : float
        The largest difference between ``steps`` and half as many on the sample, relative to
        ``u_p``'s largest value there, over ``2^p - 1`` for a method of order ``p``
        (Richardson's estimate of the finer count's error): the validation estimate's floor.
    method : str
        The march's tableau, a key of :data:`TABLEAUS` ("rk8"; "rk4" in records saved
        before it).
    groups : int
        :data:`LENGTH_GROUPS` (0 in records saved before it: ``steps`` for every point).
    """

    axis: int
    velocity: list
    reaction: list | None
    program: list
    start: float
    lengths: np.ndarray
    steps: int
    quadrature: float = 0.0
    method: str = "rk8"
    groups: int = LENGTH_GROUPS

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d): (n,) float64. The same points again (a stage's clouds,
        the validation's) are read from the last :data:`MARCHES_KEPT` marches."""
        points = np.ascontiguousarray(points, dtype=np.float64)
        return self._values(points, self.counts(points))

    @property
    def nodes(self) -> int:
        """The nodes of the programs of ``v``, ``c`` and ``f``: what one evaluation of the
        fields computes, the plan's measure of a march's cost
        (:func:`pinnls.training.cost.march_stage`)."""
        return sum(_nodes(program) for program in self.programs)

    @property
    def programs(self) -> list:
        """The expression programs of ``v`` (each axis), ``f`` and ``c`` (where it has one)."""
        return [*self.velocity, self.program] + ([self.reaction] if self.reaction else [])

    def counts(self, points: np.ndarray) -> np.ndarray:
        """The steps of each point's march (:data:`LENGTH_GROUPS`): (n,) int64, ``steps``
        times the share of the axis it runs over rounded up to a multiple of ``1 /
        groups``; ``steps`` for every point where ``groups`` is 0."""
        points = np.asarray(points, dtype=np.float64)
        if not self.groups:
            return np.full(len(points), self.steps, dtype=np.int64)
        share = np.abs(points[:, self.axis] - self.start) / float(self.lengths[self.axis])
        # a point that is not finite marches alone to its NaN (its count as an integer was
        # -2^63, which stopped its whole chunk at zero steps)
        share = np.where(np.isfinite(share), share, 1.0)
        # a difference's stencil reaches past the box: more steps there, never fewer
        group = np.maximum(1.0, np.ceil(share * self.groups * (1 - 1e-12)))
        return np.maximum(1, np.ceil(self.steps * group / self.groups)).astype(np.int64)

    def _values(self, points: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d) marched in ``counts`` (n,) steps each, kept by both."""
        points = np.ascontiguousarray(points, dtype=np.float64)
        counts = np.ascontiguousarray(counts, dtype=np.int64)
        digest = hashlib.sha1(points.tobytes() + counts.tobytes()).hexdigest()
        key = (id(self), points.shape, digest)
        found = _MARCHED.pop(key, None)
        if found is None or found[0] is not self:
            found = (self, _march(self, points, self.steps, counts))
        # the last used last: a stage's many new clouds must not push out the evaluation grid
        # that every stage reads again (first in, first out, it was marched once a stage)
        _MARCHED[key] = found
        while len(_MARCHED) > MARCHES_KEPT:
            _MARCHED.pop(next(iter(_MARCHED)))
        return found[1].copy()

    def derivative(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha u_p`` at points (n, d) by central differences of the march (fourth
        order, one axis and one order at a time, composed): (n,). Every point of a stencil is
        marched in its centre's steps: a difference across two counts would read their
        errors' jump over a short step."""
        points = np.asarray(points, dtype=np.float64)
        alpha = tuple(int(a) for a in alpha)
        if not any(alpha):
            return self(points)
        stencil = [(np.zeros(points.shape[1]), 1.0)]
        for axis, order in enumerate(alpha):
            step = DIFFERENCE_STEP * float(self.lengths[axis])
            unit = np.zeros(points.shape[1])
            unit[axis] = step
            for _ in range(order):
                stencil = [
                    (shift + k * unit, weight * c / (12 * step))
                    for shift, weight in stencil
                    for k, c in ((-2, 1.0), (-1, -8.0), (1, 8.0), (2, -1.0))
                ]
        shifted = np.concatenate([points + shift for shift, _ in stencil])
        counts = np.tile(self.counts(points), len(stencil))
        values = self._values(shifted, counts).reshape(len(stencil), len(points))
        return sum(weight * row for (_, weight), row in zip(stencil, values))

    def applied(self, parts, points: np.ndarray) -> np.ndarray:
        """``L_k[u_p]`` of one term's operator parts at its points (n, d): (n,) float64."""
        return _applied(self, parts, points)

    def to_json(self) -> dict:
        """For report.json and the result file: ``kind`` "carried" and the fields."""
        return {
            "kind": "carried",
            "axis": int(self.axis),
            "velocity": self.velocity,
            "reaction": self.reaction,
            "source": self.program,
            "start": float(self.start),
            "lengths": [float(v) for v in self.lengths],
            "steps": int(self.steps),
            "quadrature": float(self.quadrature),
            "method": self.method,
            "groups": int(self.groups),
        }

    @classmethod
    def from_json(cls, record: dict, dim: int) -> Carried:
        """The inverse of :meth:`to_json` for d = ``dim`` axes.

        Raises
        ------
        ValueError
            A record that is not one.
        """
        from pinnls.program import to_expression

        try:
            made = cls(
                axis=int(record["axis"]),
                velocity=list(record["velocity"]),
                reaction=record["reaction"],
                program=record["source"],
                start=float(record["start"]),
                lengths=np.asarray(record["lengths"], dtype=np.float64),
                steps=int(record["steps"]),
                quadrature=float(record.get("quadrature", 0.0)),
                # records saved before "method" were marched in RK4
                method=str(record.get("method", "rk4")),
                # ...and every point in the same steps
                groups=int(record.get("groups", 0)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"not a carried particular solution: {error}") from None
        if not 0 <= made.axis < dim or len(made.velocity) != dim or made.lengths.shape != (dim,):
            raise ValueError(f"its axis, velocity and lengths must fit {dim} axes")
        if not (np.isfinite([made.start, made.quadrature]).all() and np.all(made.lengths > 0)):
            raise ValueError("its start must be finite and its lengths positive")
        if not 1 <= made.steps <= MAX_CARRIED_STEPS:
            raise ValueError("its steps are out of range")
        if not 0 <= made.groups <= 1024:
            raise ValueError("its groups are out of range")
        if made.method not in TABLEAUS:
            raise ValueError(f"its method {made.method!r} is not one of {sorted(TABLEAUS)}")
        symbols = sp_symbols(dim)
        for program in made.programs:
            to_expression(program, symbols)  # raises ValueError on a bad program
        return made

    @classmethod
    def build(cls, axis, velocity, reaction, program, lower, upper, source, parts, end=False):
        """The particular solution of ``v . grad u + c u = f`` (``v_k = 1``) on the box
        [lower, upper], or None where the march does not converge within
        :data:`MAX_CARRIED_STEPS` steps, is not finite, or does not give ``L u_p = f`` to
        :data:`CARRIED_CHECK` of ``f`` on 64 points.

        Parameters
        ----------
        axis : int
            ``k``.
        velocity : list of d programs
        reaction : program or None
        program : list
            ``f``'s program, divided by the axis' coefficient as ``v`` and ``c`` are.
        lower, upper : (d,) arrays
            The domain's bounding box.
        source : callable
            The equation's right-hand side at points (n, d) -> (n,) (the check's).
        parts : tuple of OperatorPart
            The equation's operator (the check's ``L``).
        end : bool
            March to the box's upper end along ``k`` (a steady flow whose reaction, divided by
            the axis' coefficient, is negative: marched the other way, ``u_p`` would grow by
            it), else to its lower end.
        """
        lower = np.asarray(lower, dtype=np.float64)
        upper = np.asarray(upper, dtype=np.float64)
        start = float(upper[axis] if end else lower[axis])
        made = cls(axis, velocity, reaction, program, start, upper - lower, 1)
        # Richardson: the finer count's error is the difference over 2^p - 1
        richardson = 2 ** TABLEAUS[made.method][0] - 1
        rng = np.random.default_rng(0)
        points = rng.uniform(lower, upper, (SAMPLE_POINTS, lower.size))
        with np.errstate(all="ignore"):
            # the march as it is evaluated: each point in its share of the count's steps
            found = _doubled(
                lambda count: _march(
                    made, points, count, dataclasses.replace(made, steps=count).counts(points)
                ),
                CARRIED_STEPS,
                MAX_CARRIED_STEPS,
                CARRIED_TOLERANCE * richardson,
            )
            if found is None:
                return None
            steps, _, difference = found
            made = dataclasses.replace(made, steps=steps, quadrature=difference / richardson)
            check = points[:64]
            applied = made.applied(parts, check)
            f = np.broadcast_to(np.asarray(source(check), dtype=np.float64), (len(check),))
        bound = float(np.abs(f).max(initial=0.0))
        if not (np.isfinite(applied).all() and np.isfinite(f).all()) or bound == 0:
            return None
        if float(np.abs(applied - f).max()) > CARRIED_CHECK * bound:
            return None
        return made


def _fields(made: Carried):
    """``(v, c, f)`` of a :class:`Carried` as numpy functions of the d axes (lambdified once per
    process): ``v`` returns d arrays or numbers, ``c`` None without a reaction."""
    import json

    import sympy as sp

    from pinnls.program import to_expression

    key = ("carried", json.dumps([made.velocity, made.reaction, made.program]))
    found = _INTEGRANDS.get(key)
    if found is None:
        dim = len(made.velocity)
        symbols = sp_symbols(dim)
        velocity = [to_expression(p, symbols) for p in made.velocity]
        flow = sp.lambdify(symbols, velocity, "numpy", cse=True)
        reaction = (
            None
            if made.reaction is None
            else sp.lambdify(symbols, to_expression(made.reaction, symbols), "numpy")
        )
        source = sp.lambdify(symbols, to_expression(made.program, symbols), "numpy", cse=True)
        found = (flow, reaction, source)
        _INTEGRANDS[key] = found
    return found


def _nodes(program) -> int:
    """The nodes of an expression program (:mod:`pinnls.program`): its lists."""
    if not isinstance(program, list):
        return 0
    return 1 + sum(_nodes(item) for item in program[1:])


def _march(
    made: Carried, points: np.ndarray, steps: int, counts: np.ndarray | None = None
) -> np.ndarray:
    """``u_p`` at points (n, d) by ``steps`` Runge-Kutta steps (``made.method``) of the
    characteristic, or ``counts`` (n,) steps each, ``K`` and ``Q`` marched with it: (n,)
    float64."""
    flow, reaction, source = _fields(made)
    _, a, b = TABLEAUS[made.method][:3]
    n, dim = points.shape

    def rates(y, k):
        columns = [y[:, i] for i in range(dim)]
        v = np.stack([np.broadcast_to(np.asarray(c, dtype=np.float64), (len(y),))
                      for c in flow(*columns)], axis=1)  # fmt: skip
        c = 0.0 if reaction is None else reaction(*columns)
        f = np.broadcast_to(np.asarray(source(*columns), dtype=np.float64), (len(y),))
        return -v, c, f * np.exp(-k)

    out = np.zeros(n)
    # on the start plane (an initial face) u_p is 0: nothing to march; below it (a
    # difference's step) the march runs forward, u_p's smooth continuation
    (moving,) = np.nonzero(points[:, made.axis] != made.start)
    counts = np.full(n, steps, dtype=np.int64) if counts is None else np.asarray(counts)
    # the longest marches first: step j moves the prefix of points with more than j steps,
    # one call of the fields per stage as for one count, on fewer points as j grows
    moving = moving[np.argsort(-counts[moving], kind="stable")]
    for begin in range(0, moving.size, _CHUNK):
        rows = moving[begin : begin + _CHUNK]
        count = counts[rows]
        y = points[rows].copy()
        h = (y[:, made.axis] - made.start) / count
        k = np.zeros(len(y))
        q = np.zeros(len(y))
        # (Y, K) is autonomous (the axis is one of Y's coordinates) and Q is read off the
        # stages, so the tableau's nodes are not needed
        for j in range(int(count[0])):
            m = int(np.count_nonzero(count > j))
            ys, ks, hs = y[:m], k[:m], h[:m]
            stages = []
            for row in a:
                dy, dk = 0.0, 0.0
                for weight, (v, c, _) in zip(row, stages):
                    if weight:
                        dy, dk = dy + weight * v, dk + weight * c
                stages.append(rates(ys + hs[:, None] * dy, ks + hs * dk))
            y[:m] = ys + hs[:, None] * sum(w * v for w, (v, _, _) in zip(b, stages) if w)
            k[:m] = ks + hs * sum(w * c for w, (_, c, _) in zip(b, stages) if w)
            q[:m] = q[:m] + hs * sum(w * f for w, (_, _, f) in zip(b, stages) if w)
        out[rows] = q
    return out


@dataclasses.dataclass(frozen=True, eq=False)
class Spreading(_RealPart):
    """Gaussian initial data carried by an equation of constant coefficients in free space:
    ``u_t + v . grad u = div(D grad u) - k u`` from ``u(x, t0) = Re sum_j exp(-x^T Q_j x +
    p_j . x + l_j)``.

    Each Gaussian stays one: with ``tau = t - t0``, ``y = x - v tau`` and ``M_j = I + 4 tau
    Q_j D``,

        u = Re sum_j exp(-y^T M_j^-1 Q_j y + (M_j^-1 p_j) . y + l_j
                         + tau p_j^T D M_j^-1 p_j - log(det M_j) / 2 - k tau)

    (the quadratic, linear and constant parts of the exponent solve three ordinary equations
    in ``tau``; ``M_j`` is invertible for ``Q_j`` and ``D`` positive semidefinite and ``tau
    >= 0``: before ``t0``, NaN). It solves
    the homogeneous equation exactly, so ``w = u - u_p`` starts from the data less their
    Gaussians: a puff of tracer narrower than the box's features, which the basis resolves
    only at great width, is no longer the network's to fit (only where the boundary's data
    differ from the free space's). Space derivatives of ``exp(phi)`` with ``phi`` quadratic
    are the sums over partial pairings of their axes (a pair: ``phi``'s second derivative,
    a single: its first); time derivatives are the equation's own space operator applied.

    Attributes
    ----------
    axis : int
        The time axis.
    start : float
        ``t0``, the face of the initial data.
    velocity : (d,) float64 ndarray
        ``v`` (0 along time).
    diffusion : (d, d) float64 ndarray
        ``D``, symmetric positive semidefinite (0 along time).
    reaction : float
        ``k``.
    quadratic : (m, d, d) float64 ndarray
        ``Q_j``, symmetric positive semidefinite (0 along time).
    linear : (m, d) complex128 ndarray
        ``p_j``.
    logarithm : (m,) complex128 ndarray
        ``l_j``: each Gaussian's amplitude as a logarithm (a narrow puff far from the origin
        has ``exp(l_j)`` below the smallest double).
    flow : (d, d) float64 ndarray or None
        ``A`` of a flow ``v + A x`` that varies in space as an affine map (solid-body
        rotation, a linear shear, a strain; 0 along time): each Gaussian still stays one,
        its exponent a matrix Riccati equation solved by a matrix exponential
        (:meth:`_affine_exponents`); time derivatives of order 1 at most. None or 0: the
        closed form above.
    wind : (d, n) float64 ndarray or None
        A flow uniform in space that changes in time (a turning or gusting wind), as the
        Chebyshev coefficients of each component of ``v(t)`` on ``[start, stop]``: the
        closed form above with ``v tau`` replaced by the displacement ``int_t0^t v`` (in the
        frame that the wind carries, the equation is the same diffusion), ``velocity`` then
        0; time derivatives of order 1 at most, NaN past ``stop``. None: a constant
        ``velocity``.
    stop : float or None
        The end of the interval of ``wind``.
    """

    axis: int
    start: float
    velocity: np.ndarray
    diffusion: np.ndarray
    reaction: float
    quadratic: np.ndarray
    linear: np.ndarray
    logarithm: np.ndarray
    flow: np.ndarray | None = None
    wind: np.ndarray | None = None
    stop: float | None = None

    @property
    def size(self) -> int:
        """The number of Gaussians m."""
        return int(self.quadratic.shape[0])

    def _space(self) -> list[int]:
        return [a for a in range(self.velocity.shape[0]) if a != self.axis]

    def _expanded(self, alpha: tuple[int, ...]) -> dict[tuple[int, ...], float]:
        """``D^alpha`` with each time derivative replaced by the space operator ``div(D grad)
        - v . grad - k``: {space multi-index (s,): coefficient}."""
        space = self._space()
        s = len(space)
        operator: dict[tuple[int, ...], float] = {}
        for i, a in enumerate(space):
            for j, b in enumerate(space):
                value = float(self.diffusion[a, b])
                if value != 0.0:
                    key = [0] * s
                    key[i] += 1
                    key[j] += 1
                    operator[tuple(key)] = operator.get(tuple(key), 0.0) + value
            if self.velocity[a] != 0.0:
                key = [0] * s
                key[i] = 1
                operator[tuple(key)] = operator.get(tuple(key), 0.0) - float(self.velocity[a])
        if self.reaction != 0.0:
            operator[(0,) * s] = operator.get((0,) * s, 0.0) - float(self.reaction)
        steps = {tuple(int(alpha[a]) for a in space): 1.0}
        for _ in range(int(alpha[self.axis])):
            grown: dict[tuple[int, ...], float] = {}
            for key, value in steps.items():
                for extra, c in operator.items():
                    joined = tuple(k + e for k, e in zip(key, extra))
                    grown[joined] = grown.get(joined, 0.0) + value * c
            steps = grown
        return steps

    def _complex(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha sum_j exp(phi_j)`` at points (n, d): (n,) complex128."""
        points = np.asarray(points, dtype=np.float64)
        alpha = tuple(int(a) for a in alpha)
        space = self._space()
        affine = self.flow is not None and bool(np.any(self.flow))
        varying = affine or self.wind is not None
        if varying and alpha[self.axis] > 1:
            raise ValueError(
                "a Gaussian carried by a flow that varies in space or time: time derivatives "
                f"of order {alpha[self.axis]} are not written out (order 1 at most)"
            )
        expanded = None if varying else self._expanded(alpha)
        out = np.zeros(points.shape[0], dtype=np.complex128)
        for start in range(0, points.shape[0], _CHUNK):
            block = points[start : start + _CHUNK]
            x = block[:, space]
            total = np.zeros(block.shape[0], dtype=np.complex128)
            for phi, gradient, hessian in self._exponents(block):
                exponential = np.exp(phi)
                if varying:
                    terms = self._affine_terms(alpha, x, block[:, self.axis])
                else:
                    terms = expanded.items()
                for key, c in terms:
                    axes = [i for i, k in enumerate(key) for _ in range(k)]
                    total += c * exponential * _pairings(axes, gradient, hessian)
            # before t0 the backward heat equation has no such solution (M may be singular);
            # past the wind's interval its series says nothing
            total[block[:, self.axis] < self.start] = np.nan
            if self.wind is not None:
                total[block[:, self.axis] > self._stop_tolerated()] = np.nan
            out[start : start + block.shape[0]] = total
        return out

    def _exponents(self, block: np.ndarray):
        """For each Gaussian, its exponent ``phi`` (n,), gradient (n, s) and Hessian (n, s, s)
        in space at the points (n, d), complex."""
        space = self._space()
        tau = np.maximum(block[:, self.axis] - self.start, 0.0)  # NaN before t0 (_complex)
        x = block[:, space]
        if self.flow is not None and bool(np.any(self.flow)):
            yield from self._affine_exponents(tau, x)
            return
        s = len(space)
        diffusion = self.diffusion[np.ix_(space, space)]
        if self.wind is None:
            moved = self.velocity[space][None, :] * tau[:, None]
        else:
            moved = self._wind(block[:, self.axis], integral=True)[:, space]
        eye = np.eye(s)
        for q, p, logarithm in zip(self.quadratic, self.linear, self.logarithm):
            q = q[np.ix_(space, space)]
            p = p[space]
            # centred where the Gaussian peaks: exp(p . x) alone overflows far from 0
            centre = np.linalg.pinv(2.0 * q) @ p
            rest = p - 2.0 * q @ centre
            level = logarithm + centre @ q @ centre + rest @ centre
            m = eye[None] + 4.0 * tau[:, None, None] * (q @ diffusion)[None]
            inverse = np.linalg.inv(m)
            qt = inverse @ q  # (n, s, s)
            pt = inverse @ rest  # (n, s)
            y = x - moved - centre[None, :]
            qy = np.einsum("nij,nj->ni", qt, y)
            drift = np.einsum("i,ij,nj->n", rest, diffusion, pt)
            _, logdet = np.linalg.slogdet(m)
            phi = (
                -np.einsum("ni,ni->n", y, qy)
                + np.einsum("ni,ni->n", pt, y)
                + level
                + tau * drift
                - 0.5 * logdet
                - self.reaction * tau
            )
            yield phi, -2.0 * qy + pt, -2.0 * qt

    def _affine_exponents(self, tau: np.ndarray, x: np.ndarray):
        """:meth:`_exponents` for a flow ``v = b + A x``: in the frame of the Gaussian's real
        centre carried by the flow, ``y = x - mu(tau)`` (``mu' = b + A mu``), the flow is
        ``A y``, and the exponent ``-y~^T Q~ y~`` in homogeneous coordinates ``y~ = (y, 1)``
        solves the Riccati equation ``Q~' = -(A~^T Q~ + Q~ A~) - 4 Q~ D~ Q~``: ``Q~ = Y X^-1``
        with ``(X, Y) = expm(tau H) (I, Q~0)``, ``H = [[A~, 4 D~], [0, -A~^T]]``; the rest of
        the constant, ``-log(det X) / 2 + tr(A) tau / 2 - k tau``."""
        space = self._space()
        s = len(space)
        flow = self.flow[np.ix_(space, space)]
        diffusion = self.diffusion[np.ix_(space, space)]
        velocity = self.velocity[space]
        taus, inverse = np.unique(tau, return_inverse=True)
        carried = np.zeros((s + 1, s + 1))
        carried[:s, :s] = flow
        carried[:s, s] = velocity
        moved = _expm(taus[:, None, None] * carried[None])  # (u, s+1, s+1)
        h = np.zeros((2 * s + 2, 2 * s + 2))
        h[:s, :s] = flow
        h[: s + 1, s + 1 :][:s, :s] = 4.0 * diffusion
        h[s + 1 :, s + 1 :][:s, :s] = -flow.T
        grown = _expm(taus[:, None, None] * h[None])  # (u, 2s+2, 2s+2)
        trace = float(np.trace(flow))
        for q, p, logarithm in zip(self.quadratic, self.linear, self.logarithm):
            q = q[np.ix_(space, space)]
            p = p[space]
            centre = np.linalg.pinv(2.0 * q) @ p.real
            # exp(-x^T Q x + p . x + l) = exp(-y^T Q y + (p - 2 Q c) . y + l + p . c - c^T Q c)
            linear = p - 2.0 * q @ centre
            constant = logarithm + p @ centre - centre @ q @ centre
            start = np.zeros((s + 1, s + 1), dtype=np.complex128)
            start[:s, :s] = q
            start[:s, s] = -linear / 2
            start[s, :s] = -linear / 2
            start[s, s] = -constant
            upper = grown[:, : s + 1, : s + 1] + grown[:, : s + 1, s + 1 :] @ start
            lower = grown[:, s + 1 :, s + 1 :] @ start
            # a strain of e^30 squeezes the Gaussian below any width a double resolves, and
            # Y X^-1 cancels to nothing: refused (the build's check reaches the interval's end)
            if float(np.linalg.cond(upper).max(initial=1.0)) > 1e12:
                raise ValueError("the flow's matrix exponential is too far from invertible")
            form = np.swapaxes(
                np.linalg.solve(np.swapaxes(upper, 1, 2), np.swapaxes(lower, 1, 2)), 1, 2
            )
            form = 0.5 * (form + np.swapaxes(form, 1, 2))
            _, logdet = np.linalg.slogdet(upper[:, :s, :s].real)
            shift = 0.5 * trace * taus - self.reaction * taus - 0.5 * logdet
            mu = (moved[:, :s, :s] @ centre + moved[:, :s, s])[inverse]  # (n, s)
            y = np.concatenate([x - mu, np.ones((x.shape[0], 1))], axis=1)
            form = form[inverse]
            fy = np.einsum("nij,nj->ni", form, y)
            phi = -np.einsum("ni,ni->n", y, fy) + shift[inverse]
            yield phi, -2.0 * fy[:, :s], -2.0 * form[:, :s, :s]

    def _affine_terms(self, alpha: tuple[int, ...], x: np.ndarray, times: np.ndarray):
        """``D^alpha`` as (space multi-index, coefficient) pairs for a flow ``v = b + A x``
        (or a wind ``v(t)``), one time derivative at most replaced by ``div(D grad) - v .
        grad - k`` (Leibniz on ``(A x)_j d_j``: ``D^beta`` of it adds ``beta_i A_ji d_j
        D^(beta - e_i)``)."""
        space = self._space()
        s = len(space)
        beta = [int(alpha[a]) for a in space]
        if not alpha[self.axis]:
            return [(tuple(beta), 1.0)]
        flow = np.zeros((s, s)) if self.flow is None else self.flow[np.ix_(space, space)]
        diffusion = self.diffusion[np.ix_(space, space)]
        if self.wind is None:
            velocity = self.velocity[space][None, :] + x @ flow.T  # (n, s)
        else:
            velocity = self._wind(times)[:, space] + x @ flow.T
        terms: list[tuple[tuple[int, ...], object]] = []

        def shifted(changes):
            key = list(beta)
            for axis, change in changes:
                key[axis] += change
            return tuple(key)

        for i in range(s):
            for j in range(s):
                if diffusion[i, j] != 0.0:
                    terms.append((shifted([(i, 1), (j, 1)]), float(diffusion[i, j])))
        for j in range(s):
            terms.append((shifted([(j, 1)]), -velocity[:, j]))
            for i in range(s):
                if beta[i] and flow[j, i] != 0.0:
                    terms.append((shifted([(i, -1), (j, 1)]), -beta[i] * float(flow[j, i])))
        if self.reaction != 0.0:
            terms.append((tuple(beta), -float(self.reaction)))
        return terms

    def _wind(self, times: np.ndarray, integral: bool = False) -> np.ndarray:
        """The wind ``v(t)`` at times (n,), or with ``integral`` its displacement ``int_t0^t
        v``: (n, d), from :attr:`wind`'s Chebyshev series (times clipped to the interval;
        :meth:`_complex` makes those outside it NaN)."""
        half = 0.5 * (float(self.stop) - self.start)
        series = np.asarray(self.wind, dtype=np.float64).T  # (n_coefficients, d)
        if integral:
            series = np.polynomial.chebyshev.chebint(series, lbnd=-1, scl=half, axis=0)
        s = np.clip((np.asarray(times, dtype=np.float64) - self.start) / half - 1.0, -1.0, 1.0)
        return np.polynomial.chebyshev.chebval(s, series).T

    def _stop_tolerated(self) -> float:
        """The last time at which :attr:`wind` is read: ``stop`` and a rounding's margin."""
        return float(self.stop) + 1e-12 * max(abs(float(self.stop) - self.start), 1e-300)

    def to_json(self) -> dict:
        """For report.json and the result file: ``kind`` "spreading", the ``terms``
        (Gaussians), ``axis``, ``start``, ``velocity``, ``diffusion``, ``reaction``,
        ``quadratic``, ``linear`` and ``logarithm`` ([re, im] pairs), ``flow`` (``A``, or
        None for a constant flow), and ``wind`` and ``stop`` (None for a flow constant in
        time)."""
        return {
            "kind": "spreading",
            "terms": self.size,
            "axis": int(self.axis),
            "start": float(self.start),
            "velocity": [float(v) for v in self.velocity],
            "diffusion": self.diffusion.tolist(),
            "reaction": float(self.reaction),
            "quadratic": self.quadratic.tolist(),
            "linear": [[[z.real, z.imag] for z in row] for row in self.linear.tolist()],
            "logarithm": [[z.real, z.imag] for z in self.logarithm.tolist()],
            "flow": None if self.flow is None else self.flow.tolist(),
            "wind": None if self.wind is None else self.wind.tolist(),
            "stop": None if self.stop is None else float(self.stop),
        }

    @classmethod
    def from_json(cls, record: dict, dim: int) -> Spreading:
        """The inverse of :meth:`to_json` for d = ``dim`` axes.

        Raises
        ------
        ValueError
            A record that is not one, naming its field.
        """
        try:
            axis = int(record["axis"])
            start = float(record["start"])
            velocity = np.asarray(record["velocity"], dtype=np.float64)
            diffusion = np.asarray(record["diffusion"], dtype=np.float64)
            reaction = float(record["reaction"])
            quadratic = np.asarray(record["quadratic"], dtype=np.float64)
            pairs = np.asarray(record["linear"], dtype=np.float64)
            logs = np.asarray(record["logarithm"], dtype=np.float64)
            flow = record.get("flow")
            flow = None if flow is None else np.asarray(flow, dtype=np.float64)
            wind = record.get("wind")
            wind = None if wind is None else np.asarray(wind, dtype=np.float64)
            stop = record.get("stop")
            stop = None if stop is None else float(stop)
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"the spreading record is not one ({error})") from None
        m = quadratic.shape[0] if quadratic.ndim == 3 else -1
        shapes = {
            "velocity": (velocity.shape, (dim,)),
            "diffusion": (diffusion.shape, (dim, dim)),
            "quadratic": (quadratic.shape, (m, dim, dim)),
            "linear": (pairs.shape, (m, dim, 2)),
            "logarithm": (logs.shape, (m, 2)),
            "flow": ((dim, dim) if flow is None else flow.shape, (dim, dim)),
        }
        for name, (got, wanted) in shapes.items():
            if got != wanted or m < 1:
                raise ValueError(f"the spreading record's {name} has shape {got}, not {wanted}")
        if not 0 <= axis < dim:
            raise ValueError(f"the spreading record's axis {axis} is not one of {dim}")
        if (wind is None) != (stop is None):
            raise ValueError("the spreading record's wind and stop come together")
        if wind is not None:
            if wind.ndim != 2 or wind.shape[0] != dim or wind.shape[1] < 1:
                raise ValueError(
                    f"the spreading record's wind has shape {wind.shape}, not ({dim}, n)"
                )
            if not stop > start or np.any(wind[axis] != 0):
                raise ValueError("the spreading record's wind is not one of its interval")
            if np.any(velocity != 0) or (flow is not None and np.any(flow != 0)):
                raise ValueError("the spreading record has a wind beside a velocity or a flow")
        arrays = (velocity, diffusion, quadratic, pairs, logs) + (() if flow is None else (flow,))
        arrays += () if wind is None else (wind, np.array([stop]))
        if not (np.isfinite(start) and np.isfinite(reaction)) or not all(
            np.isfinite(array).all() for array in arrays
        ):
            raise ValueError("the spreading record holds a number that is not finite")
        if "terms" in record and record["terms"] != m:
            raise ValueError(f"the spreading record's terms {record['terms']} is not its {m}")
        for name, matrix in [("diffusion", diffusion[None])] + [("quadratic", quadratic)]:
            if not np.allclose(matrix, np.swapaxes(matrix, 1, 2), rtol=0, atol=0):
                raise ValueError(f"the spreading record's {name} is not symmetric")
            eigen = np.linalg.eigvalsh(matrix)
            if float(eigen.min()) < -1e-12 * max(float(np.abs(eigen).max()), 1e-300):
                raise ValueError(f"the spreading record's {name} is not positive semidefinite")
        along = [diffusion[axis], quadratic[:, axis], pairs[:, axis]]
        if flow is not None:
            along += [flow[axis], flow[:, axis]]
        if any(np.any(array != 0) for array in along):
            raise ValueError(f"the spreading record varies along its time axis {axis}")
        return cls(
            axis,
            start,
            velocity,
            diffusion,
            reaction,
            quadratic,
            pairs[..., 0] + 1j * pairs[..., 1],
            logs[:, 0] + 1j * logs[:, 1],
            flow,
            wind,
            stop,
        )


def _expm(stack: np.ndarray) -> np.ndarray:
    """The matrix exponentials of a stack (n, k, k) of real matrices: Taylor's series to 20
    terms on each scaled to an infinity norm of 1/2 or less, then squared back (numpy has no
    expm; the matrices here are small, 2 (s + 1) for s space axes)."""
    norms = np.abs(stack).sum(axis=2).max(axis=1)
    squarings = np.maximum(0, np.ceil(np.log2(np.maximum(norms, 1e-300) / 0.5))).astype(int)
    scaled = stack / (2.0**squarings)[:, None, None]
    out = np.broadcast_to(np.eye(stack.shape[1]), stack.shape).copy()
    term = out.copy()
    for k in range(1, 21):
        term = term @ scaled / k
        out += term
    for i in range(int(squarings.max(initial=0))):
        more = squarings > i
        out[more] = out[more] @ out[more]
    return out


def _pairings(axes: list[int], gradient: np.ndarray, hessian: np.ndarray) -> np.ndarray:
    """``D^axes exp(phi) / exp(phi)`` for a quadratic ``phi``: the sum over partial pairings
    of ``axes`` of the product of ``hessian[a, b]`` over pairs and ``gradient[a]`` over the
    rest (Faa di Bruno with no derivative beyond the second). (n,) complex."""
    if not axes:
        return np.ones(gradient.shape[0], dtype=np.complex128)
    first, rest = axes[0], axes[1:]
    out = gradient[:, first] * _pairings(rest, gradient, hessian)
    for i, other in enumerate(rest):
        out = out + hessian[:, first, other] * _pairings(
            rest[:i] + rest[i + 1 :], gradient, hessian
        )
    return out


@dataclasses.dataclass(frozen=True, eq=False)
class Summed:
    """Two particular solutions added: one of the source (:class:`Particular`,
    :class:`Transported`, :class:`Carried`) and the initial data's Gaussians
    (:class:`Spreading`), which solve the homogeneous equation."""

    parts: tuple

    def __call__(self, points: np.ndarray) -> np.ndarray:
        """``u_p`` at points (n, d): (n,) float64."""
        points = np.asarray(points, dtype=np.float64)
        return self.derivative(points, (0,) * points.shape[1])

    def derivative(self, points: np.ndarray, alpha: tuple[int, ...]) -> np.ndarray:
        """``D^alpha u_p`` at points (n, d): (n,) float64."""
        return sum(part.derivative(points, alpha) for part in self.parts)

    def applied(self, parts, points: np.ndarray) -> np.ndarray:
        """``L_k[u_p]`` of one term's operator parts at its points (n, d): (n,) float64."""
        return sum(part.applied(parts, points) for part in self.parts)

    @property
    def quadrature(self) -> float:
        """The parts' quadrature error bounds (:attr:`Transported.quadrature`), added."""
        return float(sum(getattr(part, "quadrature", 0.0) for part in self.parts))

    def to_json(self) -> dict:
        """For report.json and the result file: ``kind`` "sum" and its ``parts``' records."""
        return {"kind": "sum", "parts": [part.to_json() for part in self.parts]}


def components(particular) -> tuple:
    """The particular solutions that ``particular`` adds up: its parts for a
    :class:`Summed`, else itself alone (empty for None)."""
    if particular is None:
        return ()
    if isinstance(particular, Summed):
        return tuple(particular.parts)
    return (particular,)


def from_record(record: dict, dim: int):
    """A particular solution from its :meth:`to_json` record (any kind), for d = ``dim`` axes.

    Raises
    ------
    ValueError
        An unknown kind or a record that is not one, naming its field.
    """
    kind = record.get("kind") if isinstance(record, dict) else None
    if kind == "sum":
        parts = record.get("parts")
        if not isinstance(parts, list) or len(parts) < 2:
            raise ValueError("the sum record's parts are not a list of two or more records")
        return Summed(tuple(from_record(part, dim) for part in parts))
    makers = {
        "exponentials": Particular,
        "transported": Transported,
        "carried": Carried,
        "spreading": Spreading,
    }
    if kind not in makers:
        raise ValueError(f"unknown kind {kind!r}")
    return makers[kind].from_json(record, dim)


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
