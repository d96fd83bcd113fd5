"""Per-term weights: the one parser behind ``Problem.equation(weight=...)`` and
``--set term.weight=...``.

A weight is a number or a formula in the network width ``W`` and the problem's parameters, such
as the paper's ``W**-0.5``. Text is read by walking Python's syntax tree and building the sympy
expression node by node; nothing is ever evaluated as Python (``sympify`` on text would call
``eval``, and a ``--set`` value or a settings file must not be able to run code).
"""

from __future__ import annotations

import ast
import numbers
import operator
from collections.abc import Mapping

import sympy as sp

from pinnls.errors import ProblemError, SettingsError, UnknownSymbolError

__all__ = ["W", "parse_weight", "FUNCTIONS"]

#: The network width, for weights such as ``W**-0.5`` (the paper's eps = W^(-1/2)).
W = sp.Symbol("W", positive=True)

#: The functions a weight may call, by the name used in text.
FUNCTIONS = {
    "sqrt": sp.sqrt,
    "cbrt": sp.cbrt,
    "exp": sp.exp,
    "log": sp.log,
    "sin": sp.sin,
    "cos": sp.cos,
    "tan": sp.tan,
    "sinh": sp.sinh,
    "cosh": sp.cosh,
    "tanh": sp.tanh,
    "abs": sp.Abs,
    "Abs": sp.Abs,
    "min": sp.Min,
    "Min": sp.Min,
    "max": sp.Max,
    "Max": sp.Max,
}
_CONSTANTS = {"pi": sp.pi, "E": sp.E}
_BINARY = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
    ast.BitXor: operator.pow,  # sympify reads ^ as a power; keep accepting it
}
_UNARY = {ast.UAdd: operator.pos, ast.USub: operator.neg}
#: The largest exponent of a power, and of powers nested in one another (their exponents
#: multiply: ``(W**100)**10`` is ``W**1000``). Beyond it sympy would build exact numbers of
#: millions of digits, when the weight is read or evaluated at the width: ``W**W**W`` at width
#: 12 is a number of 9e12 digits. An exponent must also be a number (not in ``W``): ``2**2**W``
#: could not be bounded before the width is known (``exp`` is evaluated in floating point).
_MAX_EXPONENT = 1000
#: What sympy may build from a weight: arithmetic and the FUNCTIONS above, nothing else.
_FUNCTION_CLASSES = tuple({f for f in FUNCTIONS.values() if isinstance(f, type)} | {sp.Pow})
_NODES = (sp.Add, sp.Mul, sp.Pow, sp.Number, sp.NumberSymbol, sp.Symbol, type(sp.I))


class _Unreadable(Exception):
    """Internal: the text or expression is not a weight formula."""


class _UnknownName(Exception):
    """Internal: the formula uses a name that is not W, a parameter or a constant."""


class _Unbounded(Exception):
    """Internal: a power whose exponent is not a number, or whose exponents (nested powers
    multiply theirs) exceed ``_MAX_EXPONENT``."""


def parse_weight(
    value: object,
    term: str,
    parameters: Mapping[str, float] | None = None,
    source: str = "problem",
) -> sp.Expr:
    """Read a term's weight: a positive number or a formula in ``W`` and the parameters.

    Parameters
    ----------
    value : number, str or sympy expression
        ``2``, ``"W**-0.5"``, ``sp.sqrt(W) / c``. Text may use numbers, ``W``, the parameters,
        ``pi``, ``E``, ``+ - * / **`` and the functions in :data:`FUNCTIONS`; anything else
        (attributes, other calls, subscripts) is rejected without being run.
    term : str
        The term's name, for messages.
    parameters : mapping of str to float, optional
        The problem's named constants; they are replaced by their values.
    source : {"problem", "settings"}
        Where the weight came from: the error class is ``ProblemError`` (``UnknownSymbolError``
        for a stray name) for the problem file and ``SettingsError`` for settings overrides.

    Returns
    -------
    sympy expression
        A number, or an expression whose only symbol is :data:`W`.

    Raises
    ------
    ProblemError, UnknownSymbolError or SettingsError
        One line naming the term and what a weight may contain.
    """
    parameters = dict(parameters or {})
    error, unknown_error = (
        (SettingsError, SettingsError)
        if source == "settings"
        else (ProblemError, UnknownSymbolError)
    )
    try:
        if isinstance(value, str):
            expression = _from_text(value, parameters)
        elif isinstance(value, sp.Basic):
            expression = _from_sympy(value, parameters)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            expression = (
                sp.Integer(int(value))
                if isinstance(value, numbers.Integral)
                else sp.Float(float(value))
            )
        else:
            raise _Unreadable
    except _UnknownName as name:
        allowed = f" and parameters {', '.join(parameters)}" if parameters else ""
        raise unknown_error(
            f"term '{term}': weight uses '{name}'; a weight may use only W (the width){allowed}"
        ) from None
    except _Unbounded as why:
        shown = repr(value) if isinstance(value, str) else str(value)
        raise error(
            f"term '{term}': weight {shown} is refused: {why}; a weight's exponents must be "
            f"numbers of size at most {_MAX_EXPONENT}, nested powers included (their exponents "
            f"multiply); use exp(...) for a weight that grows exponentially in W"
        ) from None
    except (_Unreadable, SyntaxError, ValueError, TypeError, RecursionError, MemoryError):
        shown = repr(value) if isinstance(value, str) else str(value)
        raise error(
            f"term '{term}': weight {shown} is not a number or a formula in W; use numbers, W"
            f"{', ' + ', '.join(parameters) if parameters else ''}, + - * / ** and "
            f"{', '.join(sorted(set(FUNCTIONS) - {'Abs', 'Min', 'Max'}))}"
        ) from None
    if not expression.free_symbols and not (expression.is_real and expression > 0):
        raise error(f"term '{term}': weight {expression} must be a positive number")
    return expression


def _from_text(text: str, parameters: Mapping[str, float]) -> sp.Expr:
    tree = ast.parse(text.strip(), mode="eval")
    return _build(tree.body, parameters)[0]


def _build(node: ast.AST, parameters: Mapping[str, float]) -> tuple[sp.Expr, float]:
    """The expression of a syntax tree node, and its nesting: the product of the exponents of
    the powers nested in it (1 for none)."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise _Unreadable
        number = sp.Integer(node.value) if isinstance(node.value, int) else sp.Float(node.value)
        return number, 1.0
    if isinstance(node, ast.Name):
        return _symbol(node.id, parameters), 1.0
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        operand, nesting = _build(node.operand, parameters)
        return _UNARY[type(node.op)](operand), nesting
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        (left, nesting), (right, inner) = (_build(n, parameters) for n in (node.left, node.right))
        if _BINARY[type(node.op)] is operator.pow:
            return _power(left, right, nesting)
        return _BINARY[type(node.op)](left, right), max(nesting, inner)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FUNCTIONS
        and not node.keywords
        and not any(isinstance(a, ast.Starred) for a in node.args)
    ):
        built = [_build(a, parameters) for a in node.args]
        return FUNCTIONS[node.func.id](*(e for e, _ in built)), max(
            (n for _, n in built), default=1.0
        )
    raise _Unreadable


def _power(base: sp.Expr, exponent: sp.Expr, nesting: float) -> tuple[sp.Expr, float]:
    """``base**exponent``, refused before sympy builds it when the exponent is not a number or
    the powers nest beyond ``_MAX_EXPONENT`` (``nesting``: that of ``base``)."""
    if exponent.free_symbols or not exponent.is_number:
        raise _Unbounded(f"the exponent {exponent} is not a number")
    size = float(abs(exponent))
    if not size <= _MAX_EXPONENT or not nesting * size <= _MAX_EXPONENT:
        raise _Unbounded(f"its powers reach an exponent of {nesting * size:.4g}")
    return base**exponent, nesting * size


def _symbol(name: str, parameters: Mapping[str, float]) -> sp.Expr:
    if name == "W":
        return W
    if name in parameters:
        # As in linearity.substitute_parameters: whole numbers stay exact, so c=2 gives W/2.
        value = float(parameters[name])
        return sp.Integer(int(value)) if value.is_integer() else sp.Float(value)
    if name in _CONSTANTS:
        return _CONSTANTS[name]
    raise _UnknownName(name)


def _from_sympy(expression: sp.Basic, parameters: Mapping[str, float]) -> sp.Expr:
    for node in sp.preorder_traversal(expression):
        if not isinstance(node, _FUNCTION_CLASSES + _NODES):
            raise _Unreadable
    # Sorted: a weight with two stray names reports the same one on every run.
    for symbol in sorted(expression.free_symbols, key=str):
        _symbol(symbol.name, parameters)
    return _rebuild(expression, parameters)[0]


def _rebuild(expression: sp.Expr, parameters: Mapping[str, float]) -> tuple[sp.Expr, float]:
    """A sympy weight rebuilt with the parameters' values, each power through :func:`_power`;
    the nesting as in :func:`_build`."""
    if isinstance(expression, sp.Symbol):
        return _symbol(expression.name, parameters), 1.0
    if not expression.args:
        return expression, 1.0
    built = [_rebuild(a, parameters) for a in expression.args]
    if isinstance(expression, sp.Pow):
        (base, nesting), (exponent, _) = built
        return _power(base, exponent, nesting)
    return expression.func(*(e for e, _ in built)), max(n for _, n in built)
