"""The linearity pass (pinnls.symbolic.linearity): a sympy term becomes a LinearForm, a sum of
coefficient(axes) * D^alpha u(x with some axes fixed) plus a source, or it is rejected with a
message naming the term and the culprit."""

import pytest
import sympy as sp
from helpers import DOMAIN, apps, new_problem, only_term

from pinnls import (
    Box,
    NonlinearTermError,
    Problem,
    ProblemError,
    UnknownSymbolError,
    compile_problem,
)
from pinnls.symbolic.linearity import Unknown, linear_form

x, t = sp.symbols("x t")
u = sp.Function("u")


# ------------------------------------------------------------------------- linear terms


def test_equation_splits_variable_coefficients_and_source():
    problem = new_problem()
    problem.equation(
        "pde", sp.Eq(u(x, t).diff(t) + x * u(x, t).diff(x) + sp.exp(-t) * u(x, t), sp.sin(x))
    )
    term = only_term(problem)
    assert term.kind == "equation"
    assert term.fixed_axes == {}
    assert apps(term) == {((0, 1), ()): 1, ((1, 0), ()): x, ((0, 0), ()): sp.exp(-t)}
    assert term.form.source == sp.sin(x)


def test_equation_reads_mixed_and_second_derivatives():
    problem = new_problem()
    problem.equation("pde", sp.Eq(u(x, t).diff(x, 2) - u(x, t).diff(x, t) + u(x, t).diff(t, 2), 0))
    assert apps(only_term(problem)) == {((2, 0), ()): 1, ((1, 1), ()): -1, ((0, 2), ()): 1}


def test_unknown_may_stand_on_either_side_of_eq():
    left, right = new_problem(), new_problem()
    left.equation("pde", sp.Eq(u(x, t).diff(t) - x * u(x, t).diff(x), t))
    right.equation("pde", sp.Eq(-t, x * u(x, t).diff(x) - u(x, t).diff(t)))
    assert apps(only_term(left)) == {((0, 1), ()): 1, ((1, 0), ()): -x}
    assert apps(only_term(right)) == {((0, 1), ()): 1, ((1, 0), ()): -x}
    assert only_term(left).form.source == t
    assert only_term(right).form.source == t


def test_unevaluated_derivative_of_a_product_is_expanded():
    problem = new_problem().equation("pde", sp.Eq(sp.Derivative(x * u(x, t), x), 0))
    assert apps(only_term(problem)) == {((1, 0), ()): x, ((0, 0), ()): 1}


@pytest.mark.parametrize(
    ("lhs", "culprit"),
    [
        (u(x, t) * u(x, t).diff(x), r"u\(x,t\)\*Derivative\(u\(x,t\),x\)"),
        (sp.sin(u(x, t)), r"sin\(u\(x,t\)\)"),
        (u(x, t).diff(x) ** 2, r"Derivative\(u\(x,t\),x\)\*\*2"),
        (u(x, t) ** 2, r"u\(x,t\)\*\*2"),
        (u(x, t).diff(t) + sp.exp(u(x, t)), r"exp\(u\(x,t\)\)"),
        (sp.Abs(u(x, t)), r"Abs\(u\(x,t\)\)"),
    ],
)
def test_nonlinear_term_names_term_and_culprit(lhs, culprit):
    with pytest.raises(NonlinearTermError, match=rf"^term 'pde': {culprit} is nonlinear in u"):
        new_problem().equation("pde", sp.Eq(lhs, 0))


def test_nonlinear_condition_is_rejected_too():
    with pytest.raises(NonlinearTermError, match=r"term 'initial': u\(x,0\)\*\*3 is nonlinear"):
        new_problem().condition("initial", sp.Eq(u(x, 0) ** 3, 1))


def test_unknown_symbol_lists_the_known_ones():
    alpha = sp.Symbol("alpha")
    with pytest.raises(UnknownSymbolError, match=r"^term 'pde' uses 'alpha'; known: x, t$"):
        new_problem().equation("pde", sp.Eq(u(x, t).diff(t) + alpha * u(x, t).diff(x), 0))


def test_unknown_symbol_in_the_source_lists_parameters():
    message = r"^term 'pde' uses 'beta'; known: x, t \(axes\); a, b \(parameters\)$"
    with pytest.raises(UnknownSymbolError, match=message):
        new_problem(parameters={"a": 1, "b": 2}).equation(
            "pde", sp.Eq(u(x, t).diff(t), sp.Symbol("beta"))
        )


def test_unknown_symbol_message_lists_extra_names_last():
    from pinnls.symbolic.linearity import check_symbols

    unknown = Unknown.from_expression(u(x, t), DOMAIN)

    message = r"^term 'w' uses 'beta'; known: x, t \(axes\); a \(parameters\); W, V$"
    with pytest.raises(UnknownSymbolError, match=message):
        check_symbols(sp.Symbol("beta") * x, unknown, DOMAIN, {"a": 1}, "w", extra=("W", "V"))
    # Without parameters the axes stand alone before the extra names.
    with pytest.raises(UnknownSymbolError, match=r"^term 'w' uses 'beta'; known: x, t; W$"):
        check_symbols(sp.Symbol("beta"), unknown, DOMAIN, {}, "w", extra=("W",))


def test_unknown_function_is_rejected():
    f = sp.Function("f")
    with pytest.raises(UnknownSymbolError, match=r"term 'pde' uses the unknown function 'f'"):
        new_problem().equation("pde", sp.Eq(u(x, t).diff(t), f(x)))


def test_term_without_the_unknown():
    with pytest.raises(ProblemError, match=r"term 'pde' does not involve the unknown u\(x, t\)"):
        new_problem().equation("pde", sp.Eq(x * t, 1))


def test_unknown_with_the_wrong_arity():
    with pytest.raises(
        ProblemError, match=r"term 'pde': u\(x\) has 1 argument\(s\) but the unknown is u\(x, t\)"
    ):
        new_problem().equation("pde", sp.Eq(u(x).diff(x), 0))


@pytest.mark.parametrize(
    ("lhs", "message"),
    [
        (u(x + 1, t), r"argument x \+ 1 of u\(x \+ 1, t\) must be the axis x itself or a number"),
        (u(t, x), r"argument t of u\(t, x\) must be the axis x itself"),
        (u(x, t).diff(x).subs(x, t), r"u\(x, t\) is evaluated at x=t; it must be a number"),
        (sp.Integral(u(x, t), x), r"cannot read Integral\(u\(x, t\), x\)"),
        (sp.Integral(u(x, t), (x, 0, 1)), r"cannot read Integral\(u\(x, t\), \(x, 0, 1\)\)"),
    ],
)
def test_unreadable_applications_are_rejected(lhs, message):
    with pytest.raises(ProblemError, match=rf"^term 'bc': {message}"):
        new_problem().condition("bc", sp.Eq(lhs, 0), on=DOMAIN.face(t=0))


def test_sum_that_sympy_can_expand_is_a_linear_combination():
    problem = new_problem()
    problem.condition("ends", sp.Eq(sp.Sum(u(x, t), (x, 0, 1)), 0), on=DOMAIN.face(t=0))
    assert apps(only_term(problem)) == {((0, 0), ((0, 0.0),)): 1, ((0, 0), ((0, 1.0),)): 1}


def test_linear_form_is_a_function_of_the_expression_only():
    unknown = Unknown.from_expression(u(x, t), DOMAIN)
    expression = u(x, t).diff(t) + x * u(x, t).diff(x) - sp.sin(x)
    first = linear_form(expression, unknown, DOMAIN, {}, "pde")
    again = linear_form(expression, unknown, DOMAIN, {}, "pde")
    # The placeholders are fresh sympy Dummies each time; everything numeric is the same.
    assert (first.applications, first.coefficients, first.source) == (
        again.applications,
        again.coefficients,
        again.source,
    )
    assert first.source == sp.sin(x)


# ------------------------------------------------------------------------ coefficients


def test_coefficients_with_parameters_are_their_values():
    c, k = sp.symbols("c k")
    problem = new_problem(parameters={"c": 2.0, "k": 0.5})
    problem.equation(
        "pde",
        sp.Eq(u(x, t).diff(t) + c * x * u(x, t).diff(x) + sp.exp(-k * t) * u(x, t), c * sp.sin(x)),
    )
    term = only_term(problem)
    assert apps(term) == {
        ((0, 1), ()): 1,
        ((1, 0), ()): 2 * x,
        ((0, 0), ()): sp.exp(-0.5 * t),
    }
    assert term.form.source == 2 * sp.sin(x)


def test_coefficient_collects_repeated_applications():
    problem = new_problem().equation("pde", sp.Eq(x * u(x, t).diff(x) + t * u(x, t).diff(x), 0))
    assert apps(only_term(problem)) == {((1, 0), ()): x + t}


def test_parameter_in_a_condition_coefficient_and_source():
    a = sp.Symbol("a")
    problem = new_problem(parameters={"a": 3})
    problem.condition("robin", sp.Eq(u(x, t).diff(x).subs(x, 0) + a * u(0, t), a * t))
    term = only_term(problem)
    assert apps(term) == {((1, 0), ((0, 0.0),)): 1, ((0, 0), ((0, 0.0),)): 3}
    assert term.form.source == 3 * t


# ------------------------------------------------------------------------ nonlinear terms


@pytest.mark.parametrize(
    "lhs",
    [
        u(x, t).diff(t) + x * u(x, t) * u(x, t).diff(x),  # a product inside a sum
        u(x, t).diff(x) * u(x, t).diff(t),  # product of two derivatives
        u(x, t) * (u(x, t) + 1),  # a product that expands to u**2 + u
        u(x, t).diff(x) / u(x, t),  # a quotient
    ],
    ids=["product-in-sum", "derivatives", "expands", "quotient"],
)
def test_products_of_u_are_nonlinear(lhs):
    with pytest.raises(NonlinearTermError, match=r"^term 'pde': .* is nonlinear in u"):
        new_problem().equation("pde", sp.Eq(lhs, 0))


def test_product_of_u_on_two_faces_is_nonlinear():
    with pytest.raises(NonlinearTermError, match=r"^term 'periodic': .* is nonlinear in u"):
        new_problem().condition("periodic", sp.Eq(u(0, t) * u(1, t), 0))


@pytest.mark.parametrize(
    "lhs",
    [
        sp.cos(u(x, t).diff(x)),
        sp.sqrt(u(x, t)),
        u(x, t).diff(t) + sp.exp(x) * sp.tanh(u(x, t)),
        sp.log(1 + u(x, t).diff(x, 2)),
        sp.Max(0, u(x, t)),
    ],
    ids=["cos-of-derivative", "sqrt", "tanh-in-sum", "log", "max"],
)
def test_u_inside_a_function_is_nonlinear(lhs):
    with pytest.raises(NonlinearTermError, match=r"^term 'pde': .* is nonlinear in u"):
        new_problem().equation("pde", sp.Eq(lhs, 0))


def test_u_in_a_coefficient_of_its_own_derivative_is_nonlinear():
    with pytest.raises(NonlinearTermError, match=r"is nonlinear in u"):
        new_problem().equation("pde", sp.Eq(u(x, t).diff(t) + sp.sin(u(x, t)) * u(x, t).diff(x), 0))


def test_rejection_is_an_error_of_the_problem():
    # Every rejection is a ProblemError (a ValueError) that the CLI reports in one line.
    assert issubclass(NonlinearTermError, ProblemError)
    assert issubclass(UnknownSymbolError, ProblemError)


def test_a_derivative_of_an_absolute_value_reads_with_real_axes():
    # sp.diff of (1 + |x - 1/2|) u_x holds re(x) and Derivative(re(x), x) for a complex x,
    # which no printer turns into code: the form reads them with real axes
    import numpy as np

    from pinnls import Box, Problem, compile_problem

    k = 1 + sp.Abs(x - sp.Rational(1, 2))
    problem = Problem(u(x), Box(x=(0, 1)), name="kinked")
    problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
    problem.condition("l", sp.Eq(u(0), 0))
    (term,) = [t for t in problem.terms if t.name == "pde"]
    assert not any(c.has(sp.re, sp.im) for c in term.form.coefficients)
    pde = {t.name: t for t in compile_problem(problem).terms}["pde"]
    slope = {p.derivative: p for p in pde.parts}[(1,)]
    points = np.array([[0.25], [0.75]])
    assert np.allclose(slope.coefficient(points), [1.0, -1.0])


def test_a_symbol_named_like_an_axis_with_other_assumptions_is_refused():
    # sympy differentiates Symbol("x", positive=True) along Symbol("x") as a constant: the
    # product rule's u was lost from u_t = (x u)_x and the term read as u_t = x u_x
    from pinnls import Box, Problem

    x, t, u = sp.Symbol("x"), sp.Symbol("t"), sp.Function("u")
    lookalike = sp.Symbol("x", positive=True)
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="lookalike")
    with pytest.raises(ProblemError) as caught:
        problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.diff(lookalike * u(x, t), x)))
    message = str(caught.value)
    assert "term 'pde' uses a symbol 'x' (sp.Symbol('x', positive=True))" in message
    assert "not the axis 'x' of the unknown (sp.Symbol('x'))" in message
    assert "\n" not in message
    # one symbol with assumptions, used throughout, is read as the axis it is
    xp = sp.Symbol("x", positive=True)
    same = Problem(u(xp, t), Box(x=(0, 1), t=(0, 1)), name="consistent")
    same.equation("pde", sp.Eq(u(xp, t).diff(t), sp.diff(xp * u(xp, t), xp)))
    (term,) = same.terms
    assert term.name == "pde"


def test_a_subs_cached_for_another_problem_reads_as_this_ones_axis():
    # sympy caches Subs by structure and its variables are bound: u(x, y).diff(y).subs(y, 0),
    # built first, comes back for u(x, t).diff(t).subs(t, 0) with y inside; it was refused as
    # "argument y of u(x, y) must be the axis t itself"
    y = sp.Symbol("y")
    first = u(x, y).diff(y).subs(y, 0)
    second = u(x, t).diff(t).subs(t, 0)
    assert first == second
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="cached")
    problem.equation("pde", sp.Eq(u(x, t).diff(t, 2), u(x, t).diff(x, 2)))
    problem.condition("velocity", sp.Eq(second, x))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    (velocity,) = [term for term in compile_problem(problem).terms if term.name == "velocity"]
    (part,) = velocity.parts
    assert part.derivative == (0, 1) and part.fixed == ((1, 0.0),)
