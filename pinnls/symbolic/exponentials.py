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

__all__ = ["exponential_sum", "gaussian_sum", "MAX_TERMS", "MAX_OPERATIONS"]

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
    terms = _expanded_terms(expression, symbols)
    if terms is None:
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


def gaussian_sum(expression: sp.Expr, symbols) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The Gaussians of ``expression``: its terms ``c exp(-x^T Q x + p . x + r)`` with ``Q``
    not 0.

    Initial data of this form are carried in closed form by an equation of constant
    coefficients (:class:`pinnls.particular.Spreading`): a puff of tracer, a warm spot, a
    wave packet (a Gaussian times a sine: ``p`` complex). Terms of another form (a
    polynomial, a sine alone, a Gaussian times a polynomial) are left out; the solve fits
    them as it fits any data.

    Parameters
    ----------
    expression : sympy expression
        In the axis ``symbols`` and numbers only.
    symbols : sequence of d sympy Symbols, in axis order

    Returns
    -------
    quadratic : (m, d, d) float64 ndarray
        ``Q_j``, symmetric, not 0.
    linear : (m, d) complex128 ndarray
        ``p_j``.
    logarithm : (m,) complex128 ndarray
        ``log c_j + r_j``: kept as a logarithm, since a narrow puff far from the origin has
        ``c_j exp(r_j)`` below the smallest double (``exp(-(x - 3)^2 / 0.01)``: ``exp(-900)``)
        and ``exp(p_j . x)`` above the largest.
    Or None: no such term, another symbol, a refused function, or more than
    :data:`MAX_TERMS` terms.
    """
    symbols = tuple(symbols)
    if not sp.sympify(expression).has(sp.exp):
        return None  # a sine alone expands to exponentials of linear forms: no Gaussian
    terms = _expanded_terms(expression, symbols)
    if terms is None:
        return None
    found: dict[tuple, list[tuple[complex, complex]]] = {}
    forms: dict[tuple, tuple[np.ndarray, np.ndarray]] = {}
    for term in terms:
        read = _gaussian(term, symbols)
        if read is None:
            continue  # a monomial, another function or a linear argument: left to the solve
        quadratic, linear, factor, offset = read
        key = (tuple(quadratic.ravel()), tuple(linear))
        forms[key] = (quadratic, linear)
        found.setdefault(key, []).append((factor, offset))
    kept = []
    for key, pairs in found.items():
        # one logarithm of sum_i c_i exp(r_i), scaled by the largest exp(r_i)
        top = max(offset.real for _, offset in pairs)
        total = sum(factor * cmath.exp(offset - top) for factor, offset in pairs)
        if total != 0 and cmath.isfinite(total):
            kept.append((key, top + cmath.log(total)))
    if not kept:
        return None
    quadratic = np.stack([forms[key][0] for key, _ in kept])
    linear = np.stack([forms[key][1] for key, _ in kept])
    logarithm = np.array([value for _, value in kept], dtype=np.complex128)
    if not (np.isfinite(linear).all() and np.isfinite(logarithm).all()):
        return None
    return quadratic, linear, logarithm


def _expanded_terms(expression: sp.Expr, symbols: tuple) -> tuple | None:
    """The terms of ``expression`` rewritten to exponentials and expanded, or None where it is
    0, holds another symbol, a refused function, more than :data:`MAX_OPERATIONS` operations
    or more than :data:`MAX_TERMS` terms (shared by :func:`exponential_sum` and
    :func:`gaussian_sum`)."""
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
    return None if len(terms) > MAX_TERMS else terms


def _gaussian(term: sp.Expr, symbols) -> tuple[np.ndarray, np.ndarray, complex, complex] | None:
    """One term of the expansion as ``(Q, p, c, r)``: ``c exp(-x^T Q x + p . x + r)`` with
    ``Q`` real and not 0; None where it is not one."""
    d = len(symbols)
    factor, rest = term.as_independent(*symbols, as_Add=False)
    rest = sp.powsimp(rest, combine="exp")
    pieces = [piece for piece in sp.Mul.make_args(rest) if piece != 1]
    if not pieces or not all(isinstance(piece, sp.exp) for piece in pieces):
        return None
    # exp(-900) of a far puff's expansion stays in the exponent: as a number it is 0
    constants = [piece for piece in sp.Mul.make_args(factor) if isinstance(piece, sp.exp)]
    factor = sp.Mul(*[piece for piece in sp.Mul.make_args(factor) if piece not in constants])
    argument = sp.expand(sp.Add(*[piece.args[0] for piece in pieces + constants]))
    try:
        poly = sp.Poly(argument, *symbols)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if poly.total_degree() != 2:
        return None
    quadratic = np.zeros((d, d))
    linear = np.zeros(d, dtype=np.complex128)
    try:
        for monomial, coefficient in poly.terms():
            value = complex(sp.N(coefficient))
            axes = [i for i, k in enumerate(monomial) for _ in range(k)]
            if len(axes) == 2:
                if value.imag != 0:
                    return None  # a chirp: not a Gaussian
                i, j = axes
                quadratic[i, j] -= value.real / 2
                quadratic[j, i] -= value.real / 2
            elif len(axes) == 1:
                linear[axes[0]] += value
        # the number in front as a logarithm, in sympy's precision: a float width expands
        # exp(-(x - 3)^2 / 0.01) to 1.36e-391 exp(600 x) exp(-100 x^2), a Float that a double
        # holds as 0 (or, near the smallest, to 0.4%)
        if sp.N(factor) == 0:
            return None
        offset = complex(sp.N(poly.coeff_monomial(1) + sp.log(factor)))
        factor = 1.0 + 0.0j
    except (TypeError, ValueError, OverflowError):
        return None
    if not (np.isfinite(quadratic).all() and cmath.isfinite(factor) and cmath.isfinite(offset)):
        return None
    return quadratic, linear, factor, offset


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
