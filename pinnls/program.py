"""A coefficient or a source as a small expression program: nested lists that JSON writes and
reads.

A lambdified function cannot be saved in a result file, and a result must rebuild its basis
without the problem file (``pinnls eval``, ``pinnls.load``). Features drawn along a variable
flow (:class:`pinnls.numeric.characteristic.FootMap`) evaluate the flow inside the network, and
a particular solution along the flow (:mod:`pinnls.particular`) integrates the source, so both
travel as programs: ``["x", i]`` is axis i, ``["c", v]`` a number, ``["+", ...]``
and ``["*", ...]`` sums and products, ``["^", base, exponent]`` a power, and
``[name, argument]`` one of :data:`FUNCTIONS`. Anything else (a Piecewise, a grid function, a
parameter left symbolic) has no program, and the features that need one are not offered.
The numeric side interprets the program with torch (:func:`pinnls.numeric.characteristic.run`),
so it is differentiated and runs on the GPU; nothing is ever evaluated with ``eval``.
"""

from __future__ import annotations

import math

import sympy as sp

__all__ = ["FUNCTIONS", "to_expression", "to_program"]

#: sympy's function -> the program's name (torch's function of the same name).
FUNCTIONS = {
    sp.sin: "sin",
    sp.cos: "cos",
    sp.tan: "tan",
    sp.exp: "exp",
    sp.log: "log",
    sp.tanh: "tanh",
    sp.sinh: "sinh",
    sp.cosh: "cosh",
    sp.atan: "atan",
    sp.Abs: "abs",
}


def to_program(expression: sp.Expr, symbols) -> list | None:
    """The program of ``expression`` in the axis ``symbols``, or None outside the grammar.

    Parameters
    ----------
    expression : sympy expression
    symbols : sequence of d sympy Symbols, in axis order

    Returns
    -------
    list or None
        A nested list (module docstring); None for an expression it cannot state (a function
        outside :data:`FUNCTIONS`, a free symbol that is not an axis, a number that is not a
        finite real).
    """
    index = {symbol: i for i, symbol in enumerate(symbols)}

    def walk(node):
        if node in index:
            return ["x", index[node]]
        if node.is_Number or node.is_NumberSymbol:
            value = complex(node)
            if value.imag or not math.isfinite(value.real):
                return None
            return ["c", value.real]
        if isinstance(node, (sp.Add, sp.Mul, sp.Pow)):
            arguments = [walk(a) for a in node.args]
            if any(a is None for a in arguments):
                return None
            name = "+" if isinstance(node, sp.Add) else "*" if isinstance(node, sp.Mul) else "^"
            return [name, *arguments]
        name = FUNCTIONS.get(node.func)
        if name is not None and len(node.args) == 1:
            argument = walk(node.args[0])
            return None if argument is None else [name, argument]
        return None

    try:
        return walk(sp.sympify(expression))
    except (TypeError, ValueError):
        return None


#: Whole numbers up to this size read as sympy integers in :func:`to_expression`.
WHOLE = 10**6


def to_expression(program: list, symbols) -> sp.Expr:
    """The sympy expression of a program (the inverse of :func:`to_program`; numbers that are
    not whole as floats): how a report shows a flow that a basis carries.

    Parameters
    ----------
    program : list
        A program of :func:`to_program`.
    symbols : sequence of d sympy Symbols, in axis order

    Returns
    -------
    sympy expression

    Raises
    ------
    ValueError
        For a node outside the grammar (a program not made by :func:`to_program`).
    """
    functions = {name: function for function, name in FUNCTIONS.items()}
    combine = {"+": sp.Add, "*": sp.Mul, "^": sp.Pow}

    def build(node):
        head = node[0] if isinstance(node, list) and node else None
        # a program read from a result file is checked node by node: a bad index or number
        # is a ValueError naming the node, never an IndexError or a wrong axis
        if head == "x" and len(node) == 2 and type(node[1]) is int:
            if 0 <= node[1] < len(symbols):
                return symbols[node[1]]
        elif head == "c" and len(node) == 2 and isinstance(node[1], (int, float)):
            value = float(node[1])
            if not math.isfinite(value):
                raise ValueError(f"not a finite number: {node!r}")
            # Whole numbers as integers: x^-1 reads 1/x, not x^-1.0 (small ones only: 7^3e7
            # as integers would have sympy compute every digit)
            small = value.is_integer() and abs(value) <= WHOLE
            return sp.Integer(int(value)) if small else sp.Float(value)
        elif head in combine and (len(node) == 3 if head == "^" else len(node) >= 2):
            return combine[head](*(build(a) for a in node[1:]))
        elif head in functions and len(node) == 2:
            return functions[head](build(node[1]))
        raise ValueError(f"not a program node: {node!r}")

    return build(program)
