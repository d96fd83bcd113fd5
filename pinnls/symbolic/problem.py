"""Problems: an unknown on a box, linear terms with weights and point clouds, an exact solution.

Every term is checked when it is declared (linearity, symbols, faces), so a mistake surfaces on the
line of the problem file that made it. :meth:`Problem.validate` adds the checks that need the whole
problem, the exact solution's check above all, and returns what it found as a :class:`Validation`
without changing the problem.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping

import numpy as np
import sympy as sp

from pinnls.errors import ProblemError
from pinnls.symbolic.domain import (
    DEFAULT_POINTS,
    Box,
    Face,
    Grid,
    PointSpec,
    Random,
    parse_points,
    sample,
)
from pinnls.symbolic.linearity import (
    LinearForm,
    Unknown,
    check_symbols,
    linear_form,
    numeric_function,
    substitute_parameters,
)
from pinnls.symbolic.weights import W, parse_weight

__all__ = ["Problem", "Term", "Validation", "W"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
#: Points at which an exact solution is checked when simplify cannot settle it.
_CHECK_POINTS = Random(64)
_NUMERIC_ONLY = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign)


@dataclasses.dataclass(frozen=True)
class Term:
    """One term ``eps * mean |L[u] - f|^2`` of the loss.

    Attributes
    ----------
    name : str
    kind : {"equation", "condition"}
    equation : sympy Eq
        As the user declared it (parameters not yet substituted).
    form : LinearForm
        The operator split into applications, coefficients and source.
    weight : sympy expression
        A number or an expression in ``W`` (and parameters).
    points : Grid, Random or Sobol
    on : Face or None
        The face given explicitly with ``on=``.
    points_declared : bool
        Whether the file gave ``points=`` (False: the default cloud). The automatic strategy
        treats a declared cloud as a minimum and may refine any cloud.
    """

    name: str
    kind: str
    equation: sp.Eq
    form: LinearForm
    weight: sp.Expr
    points: PointSpec
    on: Face | None
    points_declared: bool = True

    @property
    def declared_points(self) -> PointSpec | None:
        """The cloud as the file gave it, or None where it gave none."""
        return self.points if self.points_declared else None

    @property
    def fixed_axes(self) -> dict[int, float]:
        """Axes held fixed on this term's cloud (empty on the interior)."""
        fixed = dict(self.form.fixed_axes)
        if self.on is not None:
            fixed.update(dict(self.on.fixed))
        return fixed


@dataclasses.dataclass(frozen=True)
class Validation:
    """What :meth:`Problem.validate` established about a whole problem.

    Attributes
    ----------
    exact_check : dict of str to str
        How the exact solution was checked against each term, by term name: ``"symbolic"``
        (simplify gave zero) or ``"numeric"`` (zero to rounding at sampled points). Empty when
        the problem has no exact solution.
    """

    exact_check: dict[str, str] = dataclasses.field(default_factory=dict)


class Problem:
    """A linear PDE problem for one unknown on a box.

    Parameters
    ----------
    unknown : sympy applied function, e.g. ``u(x, t)``
        Its arguments are the axis symbols; their names must be the domain's axes.
    domain : Box
    name : str, optional
        Used in output paths and reports.
    parameters : mapping of str to float, optional
        Named constants: a sympy symbol with one of these names is replaced by its value.
    time : sympy Symbol or str, optional
        The time axis, which time-slab marching (``time_slabs``) splits. Without it, an axis
        named ``t`` is time; a problem with neither has no time axis.
    """

    def __init__(
        self,
        unknown: sp.Expr,
        domain: Box,
        name: str | None = None,
        parameters: Mapping[str, float] | None = None,
        time: object = None,
    ) -> None:
        if not isinstance(domain, Box):
            raise ProblemError(f"the domain must be a Box, got {type(domain).__name__}")
        self.domain = domain
        self.time = _time_axis(time, domain)
        self.unknown = Unknown.from_expression(unknown, domain)
        self.name = str(name) if name is not None else str(self.unknown.function)
        self.parameters = _check_parameters(parameters or {}, domain)
        self.terms: tuple[Term, ...] = ()
        self.exact_solution: sp.Expr | None = None

    # -- declaration -------------------------------------------------------------------------

    def equation(
        self, name: str, eq: sp.Expr, weight: object = 1, points: object = None
    ) -> Problem:
        """Add a term that holds on the interior of the domain.

        Parameters
        ----------
        name : str
            An identifier, unique in the problem.
        eq : sympy Eq or expression
            ``Eq(lhs, rhs)``, or an expression meaning ``expr = 0``.
        weight : number or sympy expression in ``W``
        points : Grid, Random, Sobol or text, optional
            The default is the paper's grid of spacing 1/64.
        """
        term = self._term(name, "equation", eq, weight, points, None)
        evaluated = [a for a in term.form.applications if a.fixed]
        if evaluated:
            where = ", ".join(f"{self.domain.axes[i]}={v:g}" for i, v in evaluated[0].fixed)
            raise ProblemError(
                f"term '{name}' is an equation on the interior but evaluates "
                f"{self.unknown.function} at {where}; use condition() for terms on faces"
            )
        return self._add(term)

    def condition(
        self,
        name: str,
        eq: sp.Expr,
        weight: object = 1,
        points: object = None,
        on: Face | None = None,
    ) -> Problem:
        """Add a term that holds on part of the boundary (an initial or boundary condition).

        Where it holds is read from the arguments of the unknown (``u(x, 0)`` lies on t=0) or
        given with ``on=domain.face(x=1)``. A sum of applications on different faces, such as
        the periodic ``Eq(u(0, t) - u(1, t), 0)``, is sampled over the free axes and each
        application is evaluated at its own face.
        """
        if on is not None and (not isinstance(on, Face) or on.box != self.domain):
            raise ProblemError(
                f"term '{name}': on= must be a face of this problem's domain, "
                f"e.g. domain.face({self.domain.axes[0]}={self.domain.lower[0]:g})"
            )
        term = self._term(name, "condition", eq, weight, points, on)
        if not term.fixed_axes:
            raise ProblemError(
                f"condition '{name}' does not say where it holds: evaluate "
                f"{self.unknown.function} on a face (e.g. {self._face_example()}) or pass "
                f"on=domain.face(...)"
            )
        self._check_placement(term)
        return self._add(term)

    def _check_placement(self, term: Term) -> None:
        """Reject conditions whose applications of u cannot share one point cloud."""
        axes = self.domain.axes
        given = dict(term.on.fixed) if term.on is not None else {}
        apps = term.form.applications
        # Periodic u(0, t) - u(1, t) fixes x in both applications: fine. u(x, 0) + u(0, t)
        # fixes different axes, which would shrink the cloud to the corner (0, 0).
        fixed_sets = {frozenset(a for a, _ in app.fixed) - set(given) for app in apps}
        if len(fixed_sets) > 1:
            shown = " and ".join(app.describe(self.domain, self.unknown) for app in apps[:2])
            raise ProblemError(
                f"term '{term.name}': {shown} lie on different kinds of face; every application "
                f"of {self.unknown.function} in one condition must vary over the same axes"
            )
        for axis, value in given.items():
            values = [dict(app.fixed).get(axis) for app in apps]
            if all(v is not None and v != value for v in values):
                raise ProblemError(
                    f"term '{term.name}': on= puts its points at {axes[axis]}={value:g} but "
                    f"{self.unknown.function} is evaluated only at {axes[axis]}="
                    f"{', '.join(f'{v:g}' for v in sorted(set(values)))}"
                )

    def exact(self, solution: sp.Expr) -> Problem:
        """Declare the exact solution, a sympy expression in the axes (checked by validate)."""
        solution = sp.sympify(solution)
        if solution.has(self.unknown.function):
            raise ProblemError("the exact solution must not contain the unknown itself")
        solution = self._canonical(substitute_parameters(solution, self.parameters))
        check_symbols(solution, self.unknown, self.domain, {}, "exact")
        self.exact_solution = solution
        return self

    def manufactured(self, solution: sp.Expr) -> Problem:
        """A new problem with the same operators whose right-hand sides make ``solution`` exact.

        Each term keeps its operator side ``L_k[u]``; its right-hand side becomes
        ``L_k[solution]`` (the method of manufactured solutions). Declare the terms with any
        right-hand side (``0`` is natural), then call this.
        """
        solution = self._canonical(substitute_parameters(sp.sympify(solution), self.parameters))
        check_symbols(solution, self.unknown, self.domain, {}, "manufactured")
        result = Problem(self.unknown.expression, self.domain, self.name, self.parameters)
        for term in self.terms:
            applied = term.form.apply(solution, self.unknown, self.domain)
            originals = _originals(term, self)
            lhs = term.form.operator.xreplace(originals)
            eq = sp.Eq(lhs, applied, evaluate=False)
            if term.kind == "equation":
                result.equation(term.name, eq, term.weight, term.declared_points)
            else:
                result.condition(term.name, eq, term.weight, term.declared_points, term.on)
        return result.exact(solution)

    # -- checks ------------------------------------------------------------------------------

    def validate(self) -> Validation:
        """Check the problem as a whole; raise ``ProblemError`` naming the term at fault.

        It needs at least one term, and the exact solution (if given) must satisfy every term:
        symbolically where ``simplify`` settles it, otherwise numerically at sampled points
        (needed for kinks from ``Max``/``Abs``). The problem itself is not changed.

        Returns
        -------
        Validation
            The method that checked the exact solution, per term.
        """
        if not self.terms:
            raise ProblemError(f"problem '{self.name}' has no terms; add equation(...)")
        if self.exact_solution is None:
            return Validation()
        return Validation(
            {
                t.name: _check_exact(t, self.exact_solution, self.unknown, self.domain)
                for t in self.terms
            }
        )

    # -- helpers -----------------------------------------------------------------------------

    def _term(self, name, kind, eq, weight, points, on) -> Term:
        if not isinstance(name, str) or not _NAME.match(name):
            raise ProblemError(
                f"term name {name!r} must be an identifier (letters, digits, _ or -), e.g. 'pde'"
            )
        if any(t.name == name for t in self.terms):
            raise ProblemError(f"term '{name}' is declared twice; term names must be unique")
        if isinstance(eq, (sp.logic.boolalg.BooleanTrue, sp.logic.boolalg.BooleanFalse)):
            raise ProblemError(
                f"term '{name}': sympy evaluated the equation to {eq} before pinnls saw it "
                f"(both sides are identical or contradictory constants)"
            )
        if isinstance(eq, sp.Eq):
            expression = eq.lhs - eq.rhs
        elif isinstance(eq, (sp.Expr, int, float)):
            expression = sp.sympify(eq)
        else:
            raise ProblemError(
                f"term '{name}' must be a sympy Eq(lhs, rhs) or expression, got {type(eq).__name__}"
            )
        form = linear_form(expression, self.unknown, self.domain, self.parameters, name)
        return Term(
            name=name,
            kind=kind,
            equation=eq if isinstance(eq, sp.Eq) else sp.Eq(expression, 0, evaluate=False),
            form=form,
            weight=parse_weight(weight, name, self.parameters),
            points=DEFAULT_POINTS if points is None else _points(points, name),
            on=on,
            points_declared=points is not None,
        )

    def _add(self, term: Term) -> Problem:
        spec = term.points
        if isinstance(spec, Grid) and spec.n is not None and not isinstance(spec.n, int):
            free = [a for i, a in enumerate(self.domain.axes) if i not in term.fixed_axes]
            if len(spec.n) != len(free):
                raise ProblemError(
                    f"term '{term.name}': Grid n={spec.n} gives {len(spec.n)} counts but the "
                    f"term's points vary over {len(free)} axes ({', '.join(free) or 'none'})"
                )
        self.terms = self.terms + (term,)
        return self

    def _canonical(self, expression: sp.Expr) -> sp.Expr:
        """Use the unknown's own axis symbols, matched by name (assumptions may differ)."""
        by_name = {s.name: s for s in self.unknown.symbols}
        return expression.xreplace(
            {s: by_name[s.name] for s in expression.free_symbols if s.name in by_name}
        )

    def _face_example(self) -> str:
        args = [str(s) for s in self.unknown.symbols]
        args[0] = f"{self.domain.interval(args[0])[0]:g}"
        return f"{self.unknown.function}({', '.join(args)})"

    def __repr__(self) -> str:
        return (
            f"Problem({self.unknown.expression}, {self.domain.describe()}, "
            f"terms={[t.name for t in self.terms]})"
        )


# Cached on the values it reads (all frozen and hashable), so that compiling the same problem
# again, or after validate(), does not repeat sympy's simplify; the Problem itself keeps no
# "validated" flag that could go stale or be written behind the user's back.
@functools.lru_cache(maxsize=256)
def _check_exact(term: Term, exact: sp.Expr, unknown: Unknown, domain: Box) -> str:
    """``"symbolic"`` or ``"numeric"``: how ``exact`` was found to satisfy ``term``."""
    lhs = term.form.apply(exact, unknown, domain)
    residual = lhs - term.form.source
    if not residual.has(*_NUMERIC_ONLY):
        simplified = sp.simplify(residual)
        if simplified == 0:
            return "symbolic"
    else:
        simplified = residual
    symbols = unknown.axis_symbols(domain)
    points = sample(domain, _CHECK_POINTS, term.fixed_axes, seed=12345, salt=term.name)
    values = numeric_function(residual, symbols)(points)
    scale = max(
        1.0,
        float(np.max(np.abs(numeric_function(lhs, symbols)(points)))),
        float(np.max(np.abs(numeric_function(term.form.source, symbols)(points)))),
    )
    worst = float(np.max(np.abs(values)))
    if np.isfinite(worst) and worst <= 1e-9 * scale:
        return "numeric"
    shown = simplified if len(str(simplified)) < 200 else f"{str(simplified)[:200]}..."
    raise ProblemError(
        f"exact solution does not satisfy '{term.name}': residual {shown} "
        f"(max |residual| {worst:.3g} at sampled points)"
    )


def _points(points: object, term: str) -> PointSpec:
    try:
        return parse_points(points)
    except ProblemError as error:
        raise ProblemError(f"term '{term}': {error}") from None


def _check_parameters(parameters: Mapping[str, float], box: Box) -> dict[str, float]:
    out = {}
    for key, value in parameters.items():
        name = str(key)
        if name in box.axes or name == "W":
            raise ProblemError(f"parameter '{name}' clashes with an axis or the width symbol W")
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise ProblemError(f"parameter '{name}' must be a number, got {value!r}") from None
        if not np.isfinite(out[name]):
            raise ProblemError(f"parameter '{name}' must be finite, got {value!r}")
    return out


def _originals(term: Term, problem: Problem) -> dict:
    """Map a term's placeholders back to sympy applications of the unknown."""
    symbols = problem.unknown.axis_symbols(problem.domain)
    out = {}
    for app, dummy in zip(term.form.applications, term.form.placeholders):
        base = problem.unknown.expression
        spec = [(symbols[i], k) for i, k in enumerate(app.derivative) if k]
        expr = sp.Derivative(base, *spec) if spec else base
        if app.fixed:
            fixed_symbols = [symbols[i] for i, _ in app.fixed]
            values = [sp.Float(v) for _, v in app.fixed]
            expr = (
                sp.Subs(expr, fixed_symbols, values)
                if spec
                else expr.subs(dict(zip(fixed_symbols, values)))
            )
        out[dummy] = expr
    return out


def _time_axis(time: object, domain: Box) -> str | None:
    """The name of the time axis: the one given, else an axis named ``t``, else None.

    Raises
    ------
    ProblemError
        ``time`` is not one of the domain's axes.
    """
    if time is None:
        return "t" if "t" in domain.axes else None
    name = str(time.name if isinstance(time, sp.Symbol) else time)
    if name not in domain.axes:
        raise ProblemError(
            f"time={name!r} is not an axis of the domain; the axes are {', '.join(domain.axes)}"
        )
    return name
