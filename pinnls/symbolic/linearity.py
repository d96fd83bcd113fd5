"""The linearity pass: split a sympy term into ``sum_i coefficient_i * D^alpha_i u(at_i) = source``.

This is a pure function of the expression, the unknown and the domain (after UFL's
``check_arities``). It finds every application of the unknown (``u(x, t)``, ``u(0, t)``,
``Derivative(u(x, t), x)``, ``Subs(Derivative(u(x, t), x), x, 1)``), replaces each distinct one
by a placeholder symbol, and checks that the result is affine in the placeholders. Everything it
rejects raises a :class:`~pinnls.errors.ProblemError` subclass that names the term and the culprit.
"""

from __future__ import annotations

import builtins
import dataclasses
import dis
import types
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.core.function import AppliedUndef

from pinnls.errors import NonlinearTermError, ProblemError, UnknownSymbolError
from pinnls.symbolic.domain import Box
from pinnls.symbolic.grid_function import grid_evaluate

__all__ = [
    "Application",
    "LinearForm",
    "Unknown",
    "linear_form",
    "check_symbols",
    "numeric_function",
]


@dataclasses.dataclass(frozen=True)
class Unknown:
    """The unknown function and how its arguments map onto the domain's axes.

    Attributes
    ----------
    function : sympy function class (``u``)
    symbols : tuple of sympy Symbols
        The unknown's arguments as declared, e.g. ``(x, t)``; position j is axis ``axes[j]``.
    axes : tuple of int
        Index in the domain of each argument position.
    """

    function: type
    symbols: tuple[sp.Symbol, ...]
    axes: tuple[int, ...]

    @classmethod
    def from_expression(cls, unknown: object, box: Box, partial: bool = False) -> Unknown:
        """The unknown ``u(x, t)`` on ``box``; with ``partial``, it may take only some of the
        axes (``f(x)``: a function constant along the others), or none (``q()``: an unknown
        constant)."""
        if not isinstance(unknown, AppliedUndef):
            raise ProblemError(
                f"the unknown must be an applied sympy function such as u(x, t), got {unknown!r}"
            )
        symbols = unknown.args
        names = [getattr(s, "name", None) for s in symbols]
        if not all(isinstance(s, sp.Symbol) for s in symbols) or len(set(names)) != len(names):
            raise ProblemError(
                f"the unknown {unknown} must take distinct axis symbols, "
                f"e.g. u({', '.join(box.axes)})"
            )
        if partial and set(names) < set(box.axes):
            return cls(unknown.func, tuple(symbols), tuple(box.axes.index(n) for n in names))
        if sorted(names) != sorted(box.axes):
            raise ProblemError(
                f"the unknown {unknown} takes ({', '.join(names)}) but the domain's axes are "
                f"({', '.join(box.axes)}); they must be the same names"
            )
        return cls(unknown.func, tuple(symbols), tuple(box.axes.index(n) for n in names))

    @property
    def expression(self) -> sp.Expr:
        return self.function(*self.symbols)

    def missing_axes(self, box: Box) -> tuple[int, ...]:
        """The axes this unknown does not take (empty for ``u(x, t)``; ``(1,)`` for ``f(x)``
        on (x, t))."""
        return tuple(i for i in range(box.dim) if i not in self.axes)

    def axis_symbols(self, box: Box) -> tuple[sp.Symbol, ...]:
        """The unknown's symbols in the domain's axis order."""
        by_axis = dict(zip(self.axes, self.symbols))
        return tuple(by_axis[i] for i in range(box.dim))


@dataclasses.dataclass(frozen=True)
class Application:
    """One derivative of the unknown, evaluated where some axes are fixed.

    Attributes
    ----------
    derivative : tuple of int, length d
        Multi-index alpha over the domain's axes.
    fixed : tuple of (axis index, value)
        Axes on which this application evaluates u at a fixed value (a face), sorted by axis.
    unknown : int
        Which unknown is applied: its position in the problem's unknowns (0 for one unknown).
    """

    derivative: tuple[int, ...]
    fixed: tuple[tuple[int, float], ...]
    unknown: int = 0

    def describe(self, box: Box, unknown: Unknown | tuple[Unknown, ...]) -> str:
        """Text such as ``D[u(1, t); x]``; ``unknown`` is the applied one, or all the
        problem's unknowns (this application picks its own)."""
        if not isinstance(unknown, Unknown):
            unknown = unknown[self.unknown]
        fixed = dict(self.fixed)
        args = [
            sp.Float(fixed[ax]) if ax in fixed else sym
            for sym, ax in zip(unknown.symbols, unknown.axes)
        ]
        base = ", ".join(_fmt_arg(a) for a in args)
        text = f"{unknown.function}({base})"
        if any(self.derivative):
            orders = ", ".join(
                box.axes[i] if k == 1 else f"({box.axes[i]}, {k})"
                for i, k in enumerate(self.derivative)
                if k
            )
            text = f"D[{text}; {orders}]"
        return text


@dataclasses.dataclass(frozen=True)
class LinearForm:
    """``sum_i coefficients[i] * applications[i] = source`` for one term.

    Attributes
    ----------
    applications : tuple of Application
        Distinct applications of the unknown, in a canonical order.
    coefficients : tuple of sympy expressions
        Functions of the axes, one per application.
    source : sympy expression
        The right-hand side, a function of the axes.
    placeholders : tuple of sympy Dummy
        The symbols that stood for each application (kept to rebuild the operator side).
    operator : sympy expression
        The operator side, ``sum_i coefficients[i] * placeholders[i]``.
    """

    applications: tuple[Application, ...]
    coefficients: tuple[sp.Expr, ...]
    source: sp.Expr
    placeholders: tuple[sp.Dummy, ...]
    operator: sp.Expr

    @property
    def fixed_axes(self) -> dict[int, float]:
        """Where the term's point cloud lives: each axis fixed by some application, with the
        value of the first application (in canonical order) that fixes it."""
        out: dict[int, float] = {}
        for app in self.applications:
            for axis, value in app.fixed:
                out.setdefault(axis, value)
        return out

    @property
    def unknowns(self) -> tuple[int, ...]:
        """The positions of the unknowns that this term applies, sorted."""
        return tuple(sorted({app.unknown for app in self.applications}))

    def apply(
        self, u_exact, unknown: Unknown | tuple[Unknown, ...], box: Box, faces: bool = True
    ) -> sp.Expr:
        """The operator applied to explicit functions of the axes.

        Parameters
        ----------
        u_exact : sympy expression, or a sequence of them (one per unknown)
        unknown : Unknown, or the problem's unknowns
        box : Box
        faces : bool
            Put each application's face value in for its axis (``u(x, 0)``). False keeps the
            axis free, for an expression that is only the face's value as a limit
            (``erfc(x / sqrt(t))`` at ``t = 0``): evaluate it at points on the face.
        """
        unknowns = (unknown,) if isinstance(unknown, Unknown) else tuple(unknown)
        exacts = (u_exact,) if isinstance(u_exact, sp.Basic) else tuple(u_exact)
        symbols = unknowns[0].axis_symbols(box)
        # Differentiate with real symbols: sympy leaves d|x|/dx unevaluated for complex x.
        real = {s: sp.Symbol(s.name, real=True) for s in symbols}
        back = {r: s for s, r in real.items()}
        reals = [sp.sympify(e).xreplace(real) for e in exacts]
        total = sp.Integer(0)
        for app, coefficient in zip(self.applications, self.coefficients):
            u_real = reals[app.unknown]
            spec = [(real[symbols[i]], k) for i, k in enumerate(app.derivative) if k]
            value = sp.diff(u_real, *spec) if spec else u_real
            # a face's value as the number it was written as (u(x, 0) = sin(x), not 1.0*...)
            if faces:
                at = {real[symbols[i]]: exact_number(v) for i, v in app.fixed}
                value = value.subs(at, simultaneous=True)
            total += coefficient * value.xreplace(back)
        return total


def exact_number(value: float) -> sp.Expr:
    """``value`` as the simplest sympy number whose float is exactly it, else as a Float;
    a Float too outside [1e-12, 1e12] in size (an integer of 10^20 in ``cos(...)`` is a
    Python int that numpy's ufuncs refuse, and 1e-300 an exact fraction of 333 digits)."""
    value = float(value)
    if value != 0.0 and not 1e-12 <= abs(value) <= 1e12:
        return sp.Float(value)
    simple = sp.nsimplify(value, rational=True)
    return simple if float(simple) == value else sp.Float(value)


def refuse_lookalike_axes(term: str, expression: sp.Basic, axes: Sequence[sp.Symbol]) -> None:
    """Refuse a symbol named like an axis that is not the axis' symbol.

    sympy tells ``Symbol("x", positive=True)`` from the ``Symbol("x")`` that the unknown takes:
    ``diff(x_pos * u, x)`` is ``x_pos * u_x``, the product rule's ``u`` lost, and the term then
    reads ``x_pos`` as the axis by its name, without a word (``u_t = (x u)_x`` became
    ``u_t = x u_x``).

    Parameters
    ----------
    term : str
        The term's name, for the message.
    expression : sympy expression
    axes : sequence of sympy.Symbol
        The unknown's own symbols of the axes.

    Raises
    ------
    ProblemError
        Naming the symbol and how its assumptions differ.
    """
    own = {axis.name: axis for axis in axes}
    for symbol in sorted(getattr(expression, "free_symbols", ()), key=str):
        axis = own.get(symbol.name)
        if axis is None or symbol == axis:
            continue
        theirs = _assumptions_text(symbol)
        mine = _assumptions_text(axis)
        raise ProblemError(
            f"term '{term}' uses a symbol {symbol.name!r} ({theirs}) that is not the axis "
            f"{axis.name!r} of the unknown ({mine}): sympy takes them for two symbols, so a "
            f"derivative along the axis treats it as a constant; declare {symbol.name} once "
            "and use that symbol throughout"
        )


def _assumptions_text(symbol: sp.Symbol) -> str:
    given = getattr(symbol, "_assumptions_orig", None) or {}
    kind = "sp.Dummy" if isinstance(symbol, sp.Dummy) else "sp.Symbol"
    if not given:
        return f"{kind}({symbol.name!r})"
    options = ", ".join(f"{k}={v}" for k, v in sorted(given.items()))
    return f"{kind}({symbol.name!r}, {options})"


def linear_form(
    expression: sp.Expr,
    unknown: Unknown | tuple[Unknown, ...],
    box: Box,
    parameters: Mapping[str, float],
    term: str,
    extra: tuple[str, ...] = (),
) -> LinearForm:
    """Split ``expression = 0`` into a linear form in the unknowns, or raise.

    Parameters
    ----------
    expression : sympy expression
        ``lhs - rhs`` of the term.
    unknown : Unknown, or a tuple of them (a system: they share the same arguments)
    box : Box
    parameters : mapping of str to float
        Named constants, substituted by value.
    term : str
        The term's name, for messages.
    extra : tuple of str
        Other symbol names the term may use (the normal's ``n_x``, ... on a boundary).

    Raises
    ------
    NonlinearTermError, UnknownSymbolError, UnknownFaceError, ProblemError
    """
    unknowns = (unknown,) if isinstance(unknown, Unknown) else tuple(unknown)
    unknown = unknowns[0]
    refuse_lookalike_axes(term, sp.sympify(expression), unknown.axis_symbols(box))
    try:
        expression = substitute_parameters(sp.sympify(expression), parameters)
        if any(d.expr.has(sp.sign) for d in expression.atoms(sp.Derivative)):
            # a conductivity written with sign(x - a) that the file differentiated: sympy
            # leaves Derivative(sign(x - a), x), read as undefined (zoo); as 2 H(x - a) - 1,
            # the same values, it is the Heaviside jump that the compiler reads as an interface
            expression = expression.replace(sp.sign, lambda arg: 2 * sp.Heaviside(arg) - 1)
        expression = expression.doit()
    except NotImplementedError as error:
        # sympy's own limit of what it evaluates (a Limit whose sign it cannot decide)
        raise ProblemError(
            f"term '{term}': sympy cannot evaluate {expression} ({error}); write the term "
            f"without it"
        ) from None
    except (ValueError, TypeError) as error:
        # e.g. u(x, t).diff(x).subs(x, L) is Derivative(u(L, t), L); L -> 1 cannot be a
        # derivative variable.
        reason = " ".join(str(error).split())
        raise ProblemError(
            f"term '{term}': cannot read {expression} ({reason}); evaluate {unknown.function} "
            f"and its derivatives at numbers, e.g. "
            f"{unknown.function}({', '.join(map(str, unknown.symbols))}).diff("
            f"{unknown.symbols[0]}).subs({unknown.symbols[0]}, 1)"
        ) from None
    # A derivative the file took of |x - a| (a conductivity 1 + |x - a|, differentiated by
    # sp.diff) holds re(x) and Derivative(re(x), x) for a complex x, which no printer turns
    # into code: read with real axes, they are 1 (the same reading as Problem's exact check).
    real = {s: sp.Symbol(s.name, real=True) for s in unknown.axis_symbols(box)}
    if expression.has(sp.re, sp.im):
        expression = expression.xreplace(real).doit().xreplace({r: s for s, r in real.items()})
    found: dict[Application, sp.Dummy] = {}
    originals: dict[sp.Dummy, sp.Expr] = {}

    def placeholder(app: Application, original: sp.Expr) -> sp.Dummy:
        if app not in found:
            found[app] = sp.Dummy(f"U{len(found)}")
            originals[found[app]] = original
        return found[app]

    rewritten = _rewrite(expression, unknowns, box, term, placeholder)
    if not found:
        which = (
            f"the unknown {unknown.expression}"
            if len(unknowns) == 1
            else f"any of the unknowns {_listed(unknowns)}"
        )
        raise ProblemError(f"term '{term}' does not involve {which}: {expression} = 0")
    check_symbols(rewritten, unknowns, box, parameters, term, ignore=set(originals), extra=extra)
    dummies = list(found.values())
    coefficients = [sp.diff(rewritten, d) for d in dummies]
    for coefficient in coefficients:
        if coefficient.has(*dummies):
            culprit = _nonlinear_part(rewritten, dummies) or rewritten
            shown = culprit.xreplace(originals)
            apps = list(found)
            involved = sorted(
                {apps[dummies.index(d)].unknown for d in dummies if culprit.has(d)}
            ) or [0]
            names = ", ".join(str(unknowns[i].function) for i in involved)
            what = "the unknowns" if len(unknowns) > 1 else ""
            raise NonlinearTermError(
                f"term '{term}': {_compact(shown)} is nonlinear in {names}; "
                f"terms must be sums of coefficient(axes) * derivative of "
                f"{what or unknown.function}{' ' if what else ''}"
                f"{_listed(unknowns) if what else ''}, plus a source"
            )
    source = -rewritten.xreplace({d: 0 for d in dummies})
    order = sorted(range(len(dummies)), key=lambda i: _app_key(list(found)[i]))
    apps = list(found)
    return LinearForm(
        applications=tuple(apps[i] for i in order),
        coefficients=tuple(sp.simplify(coefficients[i]) for i in order),
        source=source,
        placeholders=tuple(dummies[i] for i in order),
        operator=sp.Add(*(coefficients[i] * dummies[i] for i in order)),
    )


def substitute_parameters(expression: sp.Expr, parameters: Mapping[str, float]) -> sp.Expr:
    """Replace every symbol named after a parameter by its value."""
    if not parameters:
        return expression
    mapping = {
        s: sp.Float(parameters[s.name])
        if not float(parameters[s.name]).is_integer()
        else sp.Integer(int(parameters[s.name]))
        for s in expression.free_symbols
        if getattr(s, "name", None) in parameters
    }
    return expression.xreplace(mapping) if mapping else expression


def check_symbols(
    expression: sp.Expr,
    unknown: Unknown | tuple[Unknown, ...],
    box: Box,
    parameters: Mapping[str, float],
    term: str,
    ignore: set | frozenset = frozenset(),
    extra: tuple[str, ...] = (),
) -> None:
    """Raise ``UnknownSymbolError`` if ``expression`` uses a symbol or function that is neither an
    axis, a parameter, nor one of ``extra`` (nor an unknown, as a function)."""
    unknowns = (unknown,) if isinstance(unknown, Unknown) else tuple(unknown)
    functions = {u.function for u in unknowns}
    known = set(box.axes) | set(parameters) | set(extra)
    for symbol in sorted(expression.free_symbols - set(ignore), key=str):
        if getattr(symbol, "name", str(symbol)) not in known:
            raise UnknownSymbolError(
                f"term '{term}' uses '{symbol}'; known: {_known(box, parameters, extra)}"
            )
    for call in expression.atoms(AppliedUndef):
        if call.func not in functions:
            only = (
                f"the only unknown is {unknowns[0].expression}"
                if len(unknowns) == 1
                else f"the unknowns are {_listed(unknowns)}"
            )
            raise UnknownSymbolError(
                f"term '{term}' uses the unknown function '{call.func}'; {only} and known "
                f"symbols are {_known(box, parameters, extra)}"
            )


def numeric_function(expression: sp.Expr, symbols, where: str = "") -> NumericFunction:
    """A numpy function of the points for a sympy expression in the axis ``symbols``.

    Parameters
    ----------
    expression : sympy expression
    symbols : sequence of d sympy Symbols, in axis order
    where : str
        What the expression belongs to (``"term 'pde'"``), to begin the error's message with.

    Returns
    -------
    NumericFunction
        ``(n, d) ndarray -> (n,) float64 ndarray``; constants are broadcast.

    Raises
    ------
    ProblemError
        The expression uses a function that neither numpy nor scipy evaluates.
    """
    return NumericFunction(expression, tuple(symbols), where)


class NumericFunction:
    """``(n, d) points -> (n,) values`` of a sympy expression, through ``sympy.lambdify``.

    It pickles as its expression and symbols (lambdify's code does not pickle), so that a
    compiled problem travels whole to the processes of ``--nproc``.

    Parameters
    ----------
    expression : sympy expression
    symbols : tuple of d sympy Symbols, in axis order
    where : str
        As :func:`numeric_function`'s.
    """

    def __init__(self, expression: sp.Expr, symbols: tuple, where: str = "") -> None:
        self.expression = expression
        self.symbols = tuple(symbols)
        if isinstance(expression, sp.Basic) and expression.has(sp.zoo):
            # sympy's printers have no name for zoo (a KeyError deep in lambdify): an
            # expression undefined on a whole face, such as erfc(x / sqrt(t)) at t = 0
            shown = str(expression)
            if len(shown) > 80:  # its smallest part that holds the zoo, past a whole sum
                bad = [
                    a for a in sp.preorder_traversal(expression) if not a.is_Atom and a.has(sp.zoo)
                ]
                shown = str(min(bad, key=lambda a: len(str(a)))) if bad else shown
            prefix = f"{where}: " if where else ""
            raise ProblemError(
                f"{prefix}{shown} is undefined (sympy reads it as {sp.zoo}); "
                f"write the expression so that it has a value there"
            )
        # scipy before numpy: sympy's numpy printer leaves erf, gamma, Bessel functions and the
        # like to the scalar math module, which fails on arrays.
        try:
            self._function = sp.lambdify(
                list(self.symbols), expression, modules=[_NUMPY_EXTRAS, "scipy", "numpy"]
            )
        except NotImplementedError as error:
            # sympy's printer: "Unsupported by <class '...Printer'>: <class '...Limit'>" and
            # a second line of advice.
            first = str(error).splitlines()[0].rsplit(": ", 1)[-1]
            name = first.strip().strip("<>'").removeprefix("class '").rsplit(".", 1)[-1]
            raise _unsupported(expression, name, where) from None
        for name in _global_names(self._function.__code__):
            missing = name not in self._function.__globals__ and not hasattr(builtins, name)
            if missing or name in _SCALAR_ONLY:
                raise _unsupported(expression, _SCALAR_ONLY.get(name, name), where)
        self.__doc__ = f"numpy evaluation of {expression}"

    def __call__(self, points: np.ndarray) -> np.ndarray:
        points = np.asarray(points, dtype=np.float64)
        with np.errstate(all="ignore"):
            values = self._function(*points.T)
        return np.broadcast_to(np.asarray(values, dtype=np.float64), (points.shape[0],)).copy()

    def __reduce__(self):
        return (NumericFunction, (self.expression, self.symbols))


# ----------------------------------------------------------------------------- internals


def _global_names(code) -> set[str]:
    """The global names that compiled code (and the code nested in it) reads; attribute names
    (``logical_and.reduce``) are not among them."""
    names = {
        i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")
    }
    for constant in code.co_consts:
        if isinstance(constant, types.CodeType):
            names |= _global_names(constant)
    return names


#: Names that sympy's scipy printer writes for a whole sympy class but that take one number at
#: a time (an unevaluated Integral becomes ``scipy.integrate.quad``), so they fail on a cloud.
_SCALAR_ONLY = {"quad": "Integral"}


def _unsupported(expression: sp.Expr, name: str, where: str) -> ProblemError:
    """The error for a function that neither numpy nor scipy evaluates, naming where it is."""
    calls = [a for a in sp.preorder_traversal(expression) if type(a).__name__ == name]
    shown = str(min(calls, key=lambda a: len(str(a)))) if calls else name
    prefix = f"{where}: " if where else ""
    return ProblemError(
        f"{prefix}cannot evaluate {shown} numerically: neither numpy nor scipy evaluates "
        f"'{name}' on arrays; write it with functions they have (sympy's .rewrite() or .doit() "
        f"may help)"
    )


#: Functions that sympy's numpy printer leaves undefined. DiracDelta appears when a kink (Max,
#: Abs) is differentiated twice; it is 0 away from the kink and infinite on it.
_NUMPY_EXTRAS = {
    "DiracDelta": lambda value, order=0: np.where(np.asarray(value) == 0, np.inf, 0.0),
    "_pinnls_grid": grid_evaluate,  # GridFunction's coefficients
}


def _rewrite(expr, unknowns: tuple[Unknown, ...], box: Box, term: str, placeholder) -> sp.Expr:
    """Replace each application of an unknown by its placeholder symbol."""
    functions = {u.function: i for i, u in enumerate(unknowns)}
    names = "/".join(str(u.function) for u in unknowns)

    def which(call) -> int | None:
        return functions.get(call.func) if isinstance(call, AppliedUndef) else None

    def has_unknown(e) -> bool:
        return e.has(*functions)

    if which(expr) is not None:
        index = which(expr)
        return placeholder(_application(expr, (), {}, unknowns, index, box, term), expr)
    if isinstance(expr, (ExprWithLimits, sp.Lambda)) and has_unknown(expr):
        # An integral or sum of u is not a pointwise linear operator; reading through it would
        # silently treat Integral(u, x) as x*u.
        raise ProblemError(
            f"term '{term}': cannot read {expr}; terms are sums of coefficient(axes) * "
            f"derivative of {names} (no integrals or sums of {names})"
        )
    if isinstance(expr, sp.Derivative) and has_unknown(expr.expr):
        inner = expr.expr
        if which(inner) is None:
            raise ProblemError(f"term '{term}': cannot read {expr}; differentiate {names} directly")
        app = _application(inner, expr.variable_count, {}, unknowns, which(inner), box, term)
        return placeholder(app, expr)
    if isinstance(expr, sp.Subs) and has_unknown(expr.expr):
        inner, counts = expr.expr, ()
        if isinstance(inner, sp.Derivative):
            inner, counts = inner.expr, inner.variable_count
        if which(inner) is None:
            raise ProblemError(
                f"term '{term}': cannot read {expr}; substitute into {names} or its "
                f"derivative directly"
            )
        at = dict(zip(expr.variables, expr.point))
        return placeholder(_application(inner, counts, at, unknowns, which(inner), box, term), expr)
    if not expr.args:
        return expr
    args = [_rewrite(a, unknowns, box, term, placeholder) for a in expr.args]
    return expr.func(*args) if any(a is not b for a, b in zip(args, expr.args)) else expr


def _application(
    call, counts, at, unknowns: tuple[Unknown, ...], index: int, box: Box, term: str
) -> Application:
    """Turn ``u(args)`` differentiated ``counts`` times and substituted ``at`` into an
    Application of unknown ``index``."""
    unknown = unknowns[index]
    if len(call.args) != len(unknown.symbols):
        raise ProblemError(
            f"term '{term}': {call} has {len(call.args)} argument(s) but the unknown is "
            f"{unknown.expression}"
        )
    derivative = [0] * box.dim
    fixed: dict[int, float] = {}
    free_symbols: dict[sp.Symbol, int] = {}
    for arg, axis in zip(call.args, unknown.axes):
        name = box.axes[axis]
        if isinstance(arg, sp.Symbol) and arg.name == name:
            free_symbols[arg] = axis
            if arg in at:
                fixed[axis] = _constant(at[arg], name, call, term, box)
        elif arg.free_symbols:
            raise ProblemError(
                f"term '{term}': argument {arg} of {call} must be the axis {name} itself or a "
                f"number in its interval"
            )
        else:
            fixed[axis] = _constant(arg, name, call, term, box)
    for variable, count in counts:
        if variable not in free_symbols:
            raise ProblemError(
                f"term '{term}': {call} is differentiated in {variable}, which is not one of its "
                f"free arguments"
            )
        derivative[free_symbols[variable]] += int(count)
    for variable in at:
        if variable not in free_symbols:
            raise ProblemError(
                f"term '{term}': cannot substitute {variable} in {call}; it is not a free argument"
            )
    return Application(tuple(derivative), tuple(sorted(fixed.items())), index)


def _constant(value, axis: str, call, term: str, box: Box) -> float:
    value = sp.sympify(value)
    if value.free_symbols:
        raise ProblemError(
            f"term '{term}': {call} is evaluated at {axis}={value}; it must be a number"
        )
    return box.check_value(axis, float(value), term)


def _nonlinear_part(expr: sp.Expr, dummies) -> sp.Expr | None:
    for part in sp.Add.make_args(expr):
        if any(sp.diff(part, d).has(*dummies) for d in dummies if part.has(d)):
            return part
    return None


def _app_key(app: Application):
    return (app.unknown, app.fixed, [-k for k in app.derivative])


def _listed(unknowns: tuple[Unknown, ...]) -> str:
    return ", ".join(str(u.expression) for u in unknowns)


def _known(box: Box, parameters: Mapping[str, float], extra=()) -> str:
    text = ", ".join(box.axes)
    if parameters:
        text += " (axes); " + ", ".join(parameters) + " (parameters)"
    if extra:
        text += "; " + ", ".join(extra)
    return text


def _compact(expr: sp.Expr) -> str:
    return str(expr).replace(", ", ",")


def _fmt_arg(a) -> str:
    if isinstance(a, sp.Float):
        return f"{float(a):g}"
    return str(a)


def bound_to_axes(expression: sp.Expr, unknowns: tuple[Unknown, ...]) -> sp.Expr:
    """``expression`` with each ``Subs`` of an unknown's call bound by the unknown's own axis
    symbols.

    A Subs's variables are bound, and sympy caches it by structure: ``u(x, y).diff(y).subs(y,
    0)``, built for one problem, comes back for ``u(x, t).diff(t).subs(t, 0)`` in the next,
    with ``y`` inside, which was refused as a derivative along ``y``. Each variable is renamed
    to the symbol at its argument's place in the unknown.
    """
    names = {unknown.function: unknown for unknown in unknowns}
    renames = {}
    for subs in expression.atoms(sp.Subs):
        inner = subs.expr.expr if isinstance(subs.expr, sp.Derivative) else subs.expr
        unknown = names.get(getattr(inner, "func", None))
        if unknown is None or len(inner.args) != len(unknown.symbols):
            continue
        mapping = {}
        for variable in subs.variables:
            if variable in inner.args:
                target = unknown.symbols[inner.args.index(variable)]
                if target != variable and target not in subs.expr.free_symbols:
                    mapping[variable] = target
        if mapping:
            renamed = subs.expr.xreplace(mapping)
            variables = [mapping.get(v, v) for v in subs.variables]
            renames[subs] = sp.Subs(renamed, variables, subs.point)
    return expression.xreplace(renames) if renames else expression
