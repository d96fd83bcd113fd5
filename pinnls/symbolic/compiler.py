"""Compile a symbolic :class:`~pinnls.symbolic.problem.Problem` into numeric operators and
point clouds.

This is the last module that imports sympy. Coefficients, sources and the exact solution become
numpy functions through ``sympy.lambdify``; point clouds are drawn with the run's seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp

from pinnls.errors import ProblemError, SettingsError
from pinnls.operators import CompiledProblem, CompiledTerm, OperatorPart
from pinnls.settings import Settings
from pinnls.symbolic.domain import parse_points, sample
from pinnls.symbolic.linearity import numeric_function
from pinnls.symbolic.problem import Problem, Term, W

__all__ = ["compile_problem", "numeric_function", "parse_weight"]


def compile_problem(problem: Problem, settings: Settings | Mapping[str, Any] | None = None):
    """Turn every term into a :class:`CompiledTerm`.

    Parameters
    ----------
    problem : Problem
        Validated here if it was not already.
    settings : Settings or mapping, optional
        Uses ``width`` (for weights in ``W``), ``seed`` (for random clouds) and ``terms``
        (per-term ``weight`` and ``points`` overrides).

    Returns
    -------
    CompiledProblem
    """
    if not isinstance(problem, Problem):
        raise ProblemError(f"expected a Problem, got {type(problem).__name__}")
    if not isinstance(settings, Settings):
        settings = Settings.from_mapping(settings or {})
    if not problem.validated:
        problem.validate()
    names = [t.name for t in problem.terms]
    for name in settings.terms:
        if name not in names:
            raise SettingsError(f"settings name term '{name}'; the terms are {', '.join(names)}")
    symbols = problem.unknown.axis_symbols(problem.domain)
    compiled = tuple(
        _compile_term(problem, term, symbols, settings, dict(settings.terms.get(term.name, {})))
        for term in problem.terms
    )
    exact = problem.exact_solution
    return CompiledProblem(
        name=problem.name,
        axes=problem.domain.axes,
        lower=np.array(problem.domain.lower, dtype=np.float64),
        upper=np.array(problem.domain.upper, dtype=np.float64),
        terms=compiled,
        exact=None if exact is None else numeric_function(exact, symbols),
        exact_text=None if exact is None else str(exact),
    )


def _compile_term(problem, term: Term, symbols, settings: Settings, override: dict):
    unknown_keys = set(override) - {"weight", "points"}
    if unknown_keys:
        raise SettingsError(
            f"term '{term.name}': unknown override '{sorted(unknown_keys)[0]}'; "
            f"use weight or points"
        )
    spec = term.points
    if "points" in override:
        try:
            spec = parse_points(override["points"])
        except ProblemError as error:
            raise SettingsError(f"term '{term.name}': {error}") from None
    weight_expr = (
        parse_weight(override["weight"], term.name) if "weight" in override else term.weight
    )
    weight = float(weight_expr.subs(W, settings.width))
    if not (np.isfinite(weight) and weight > 0):
        kind = SettingsError if "weight" in override else ProblemError
        raise kind(
            f"term '{term.name}': weight {weight_expr} is {weight} at width "
            f"{settings.width}; it must be > 0"
        )
    fixed = term.fixed_axes
    try:
        points = sample(problem.domain, spec, fixed, seed=settings.seed, salt=term.name)
    except ProblemError as error:
        raise ProblemError(f"term '{term.name}': {error}") from None
    form = term.form
    parts = tuple(
        OperatorPart(
            derivative=app.derivative,
            fixed=app.fixed,
            coefficient=numeric_function(coefficient, symbols),
            text=app.describe(problem.domain, problem.unknown),
        )
        for app, coefficient in zip(form.applications, form.coefficients)
    )
    source = numeric_function(form.source, symbols)(points)
    if not np.all(np.isfinite(source)):
        raise ProblemError(f"term '{term.name}': the right-hand side is not finite at some points")
    for part in parts:
        if not np.all(np.isfinite(part.coefficient(points))):
            raise ProblemError(f"term '{term.name}': a coefficient is not finite at some points")
    if fixed:
        location = _location(problem, term)
    else:
        location = "interior"
    operator = " + ".join(_product(c, p.text) for c, p in zip(form.coefficients, parts))
    return CompiledTerm(
        name=term.name,
        kind=term.kind,
        parts=parts,
        points=points,
        source=source,
        weight=weight,
        location=location,
        operator=operator.replace("+ -", "- "),
    )


def _location(problem, term: Term) -> str:
    axes = problem.domain.axes
    places = {app.fixed for app in term.form.applications if app.fixed}
    if term.on is not None:
        places.add(term.on.fixed)
    texts = sorted(", ".join(f"{axes[i]}={v:g}" for i, v in place) for place in places)
    return " | ".join(texts)


def parse_weight(value: object, term: str = "") -> sp.Expr:
    """A weight from a number or text such as ``'W**-0.5'``."""
    try:
        expr = sp.sympify(value, locals={"W": W})
    except (sp.SympifyError, TypeError, SyntaxError):
        raise SettingsError(f"term '{term}': cannot read weight {value!r}") from None
    if expr.free_symbols - {W}:
        raise SettingsError(f"term '{term}': weight {value!r} may use only W (the width)")
    return expr


def _product(coefficient: sp.Expr, text: str) -> str:
    if coefficient == 1:
        return text
    if coefficient == -1:
        return f"-{text}"
    shown = str(coefficient)
    if isinstance(coefficient, sp.Add):
        shown = f"({shown})"
    return f"{shown}*{text}"
