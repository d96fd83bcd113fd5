"""A source as exponentials of linear forms times polynomials,
``f(x) = sum_j exp(a_j . x) p_j(x)``.

Polynomials, sines, cosines, hyperbolic functions and exponentials of linear arguments, and
their products and sums, are such sums (with complex ``a_j``): ``sin(pi x) sinh(pi y)`` is four
exponentials, ``x y (1 + t)`` one polynomial with ``a = 0``. A constant-coefficient operator
``L`` maps ``exp(a . x) q(x)`` to ``exp(a . x) (Q_a q)(x)``, ``Q_a`` the operator with each
``d/dx_i`` replaced by ``d/dx_i + a_i``, so a polynomial ``q_j`` with ``Q_a q_j = p_j`` gives an
exact particular solution (the method of undetermined coefficients). This module only reads
the sum from the expression; the numeric side (:mod:`pinnls.particular`) finds the ``q_j``. A
nonlinear argument (a Gaussian), a rational, piecewise or special function: no such sum, and
None.
"""

from __future__ import annotations

import cmath

import numpy as np
import sympy as sp

__all__ = ["exponential_sum", "MAX_TERMS", "MAX_OPERATIONS"]

#: At most this many exponentials after expansion (a product of k trigonometric factors
#: expands to 2^k of them).
MAX_TERMS = 256
#: Sources with more operations than this are not expanded (expansion can take seconds).
MAX_OPERATIONS = 400

_REFUSED = (sp.Piecewise, sp.Heaviside, sp.DiracDelta, sp.Abs, sp.sign, sp.Min, sp.Max)


def exponential_sum(
    expression: sp.Expr, symbols
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``expression`` as ``sum_j exp(a_j . x) sum_r C_jr x^p_r``, where it is one.

    Parameters
    ----------
    expression : sympy expression
        In the axis ``symbols`` and numbers only.
    symbols : sequence of d sympy Symbols, in axis order

    Returns
    -------
    exponents : (m, d) complex128 ndarray
        ``a_j``, each once.
    powers : (k, d) int64 ndarray
        The monomials ``x^p_r`` (all zeros: a constant).
    coefficients : (m, k) complex128 ndarray
        ``C_jr``.
    Or None: the expression is 0, holds another symbol, a nonlinear argument or a function
    that is neither an exponential nor a polynomial, or expands to more than
    :data:`MAX_TERMS` terms.
    """
    symbols = tuple(symbols)
    expression = sp.sympify(expression)
    if expression == 0 or not expression.free_symbols <= set(symbols):
        return None
    if expression.has(*_REFUSED) or sp.count_ops(expression) > MAX_OPERATIONS:
        return None
    try:
        expanded = sp.expand(expression.rewrite(sp.exp))
    except (TypeError, ValueError, RecursionError):
        return None
    terms = sp.Add.make_args(expanded)
    if len(terms) > MAX_TERMS:
        return None
    found: dict[tuple, dict[tuple, complex]] = {}
    for term in terms:
        split = _term(term, symbols)
        if split is None:
            return None
        slope, power, amplitude = split
        monomials = found.setdefault(tuple(slope), {})
        monomials[power] = monomials.get(power, 0.0) + amplitude
    slopes = list(found)
    powers = sorted({power for monomials in found.values() for power in monomials})
    column = {power: r for r, power in enumerate(powers)}
    coefficients = np.zeros((len(slopes), len(powers)), dtype=np.complex128)
    for j, slope in enumerate(slopes):
        for power, amplitude in found[slope].items():
            coefficients[j, column[power]] += amplitude
    exponents = np.array(slopes, dtype=np.complex128).reshape(len(slopes), len(symbols))
    if not (np.isfinite(exponents).all() and np.isfinite(coefficients).all()):
        return None
    return exponents, np.array(powers, dtype=np.int64).reshape(-1, len(symbols)), coefficients


def _term(term: sp.Expr, symbols) -> tuple[list[complex], tuple[int, ...], complex] | None:
    """One term of the expansion as ``(a, p, c)``: ``c x^p exp(a . x)``; None where it is
    not one."""
    factor, rest = term.as_independent(*symbols, as_Add=False)
    rest = sp.powsimp(rest, combine="exp")
    argument = sp.Integer(0)
    power = [0] * len(symbols)
    for piece in sp.Mul.make_args(rest):
        if piece == 1:
            continue
        if isinstance(piece, sp.exp):
            argument += piece.args[0]
            continue
        base, exponent = piece.as_base_exp()
        if base not in symbols or not (exponent.is_Integer and exponent > 0):
            return None  # a function that is neither an exponential nor a monomial
        power[symbols.index(base)] += int(exponent)
    linear = _linear(sp.expand(argument), symbols)
    if linear is None:
        return None
    slope, offset = linear
    try:
        amplitude = complex(sp.N(factor)) * cmath.exp(offset)
    except (TypeError, ValueError, OverflowError):
        return None
    return slope, tuple(power), amplitude


def _linear(argument: sp.Expr, symbols) -> tuple[list[complex], complex] | None:
    """``(a, b)`` with ``argument = a . x + b``, or None where it is not linear."""
    if argument == 0:
        return [0j] * len(symbols), 0j
    try:
        poly = sp.Poly(argument, *symbols)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if poly.total_degree() > 1:
        return None
    try:
        slope = [complex(sp.N(poly.coeff_monomial(s))) for s in symbols]
        offset = complex(sp.N(poly.coeff_monomial(1)))
    except (TypeError, ValueError):
        return None
    return slope, offset
