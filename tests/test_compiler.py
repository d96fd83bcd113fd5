"""Compiling problems to numeric operators (pinnls.symbolic.compiler, pinnls.operators).

The central check: for sympy test functions u, the compiled operator applied to u's derivatives
at the compiled points, sum_parts coefficient(points) * D^alpha u(evaluation_points(points)),
equals the sympy-evaluated term with u substituted. Both sides are float64 evaluations of the
same closed-form expressions of size O(10), so they agree to rounding (~1e-15 relative); 1e-12
leaves room for reordered floating-point operations while catching any wrong derivative, point
map or coefficient.
"""

import dataclasses
import re

import numpy as np
import pytest
import sympy as sp

from pinnls import (
    Box,
    CompiledProblem,
    Grid,
    Problem,
    ProblemError,
    Random,
    SettingsError,
    Sobol,
    W,
    compile_problem,
)
from pinnls.settings import Settings
from pinnls.symbolic import compiler as stages

x, y, t = sp.symbols("x y t")
a = sp.Symbol("a")
u = sp.Function("u")
TOLERANCE = 1e-12

BOX2 = Box(x=(0, 1), t=(0, 2))
BOX3 = Box(x=(0, 1), y=(0, 1), t=(0, 2))


# ------------------------------------------------------------------------------- helpers


def applied_compiled_operator(term, u_test, symbols):
    """sum over parts of coefficient(points) * D^alpha u_test at the part's mapped points."""
    total = np.zeros(term.size)
    for part in term.parts:
        orders = [(s, k) for s, k in zip(symbols, part.derivative, strict=True) if k]
        derivative = sp.diff(u_test, *orders) if orders else u_test
        values = sp.lambdify(symbols, derivative, "numpy")(*part.evaluation_points(term.points).T)
        total += part.coefficient(term.points) * np.broadcast_to(values, (term.size,))
    return total


def sympy_term(expression, unknown, u_test, symbols, points, parameters):
    """``expression`` with u replaced by u_test (and parameters by values), at the points."""
    substituted = expression.replace(unknown.func, sp.Lambda(unknown.args, u_test)).doit()
    substituted = substituted.subs({sp.Symbol(k): v for k, v in parameters.items()})
    values = sp.lambdify(symbols, substituted, "numpy")(*points.T)
    return np.broadcast_to(np.asarray(values, dtype=np.float64), (points.shape[0],))


def check_term_numerically(problem, declared, u_test, settings=None):
    """The compiled operator and source of each term match sympy for u = u_test."""
    compiled = compile_problem(problem, settings)
    symbols = problem.unknown.axis_symbols(problem.domain)
    unknown = problem.unknown.expression
    for term, eq in zip(compiled.terms, declared, strict=True):
        expression = eq.lhs - eq.rhs
        lhs_minus_rhs = sympy_term(
            expression, unknown, u_test, symbols, term.points, problem.parameters
        )
        at_zero = sympy_term(
            expression, unknown, sp.Integer(0), symbols, term.points, problem.parameters
        )
        operator = applied_compiled_operator(term, u_test, symbols)
        scale = max(1.0, float(np.max(np.abs(operator))))
        np.testing.assert_allclose(
            operator - term.source, lhs_minus_rhs, rtol=0, atol=TOLERANCE * scale
        )
        np.testing.assert_allclose(term.source, -at_zero, rtol=0, atol=TOLERANCE * scale)
        if not eq.rhs.has(unknown.func):
            rhs = sympy_term(
                eq.rhs, unknown, sp.Integer(0), symbols, term.points, problem.parameters
            )
            np.testing.assert_allclose(term.source, rhs, rtol=TOLERANCE, atol=TOLERANCE)


# ---------------------------------------------------------------------- 2 axes: (x, t)

U = u(x, t)

TERMS_2D = {
    "variable-coefficients": (
        "equation",
        sp.Eq(U.diff(t) + x * U.diff(x) + sp.exp(-t) * U, sp.sin(x) * t),
        {},
    ),
    "second-and-mixed": (
        "equation",
        sp.Eq(U.diff(x, 2) + (1 + x * t) * U.diff(x, t) - 3 * U.diff(t, 2), x * t),
        {},
    ),
    "u-on-both-sides": ("equation", sp.Eq(U.diff(t), x * U.diff(x) - U + sp.cos(t)), {}),
    "parameter": ("equation", sp.Eq(U.diff(t) + a * U.diff(x), a * x), {"points": Sobol(512)}),
    "initial": ("condition", sp.Eq(U.subs(t, 0), sp.sin(sp.pi * x)), {}),
    "initial-slope": ("condition", sp.Eq(U.diff(t).subs(t, 0), x**2), {"points": Random(100)}),
    "inflow": ("condition", sp.Eq(U.subs(x, 0), sp.exp(-t)), {}),
    "robin-by-subs": ("condition", sp.Eq(U.diff(x).subs(x, 1) + 2 * U.subs(x, 1), t), {}),
    "neumann-on-face": ("condition", sp.Eq(U.diff(x) - t * U, 1), {"on": BOX2.face(x=0)}),
    "periodic": ("condition", sp.Eq(U.subs(x, 0) - U.subs(x, 1), 0), {}),
    "periodic-slope": (
        "condition",
        sp.Eq(U.diff(x).subs(x, 0), U.diff(x).subs(x, 1) + t),
        {"points": Grid(n=17)},
    ),
    "wall-in-time": ("condition", sp.Eq(U.diff(t).subs(x, 0) + t * U.subs(x, 0), 0), {}),
    "mixed-on-face": ("condition", sp.Eq(U.diff(x, t).subs(t, 0), 1), {}),
    "slice": ("condition", sp.Eq(U.subs(x, 0.25) - 3 * U.diff(x, 2).subs(x, 0.75), 0), {}),
}

TESTS_2D = {
    "sin-exp-cubic": sp.sin(x) * sp.exp(t) + x**3 * t,
    "polynomial": x**2 * t**3 - 2 * x * t + 1,
    "wave": sp.cos(2 * x + t) * (1 + t**2),
}


def declare(problem, name, kind, eq, options):
    if kind == "equation":
        problem.equation(name, eq, **options)
    else:
        problem.condition(name, eq, **options)


@pytest.mark.parametrize("u_test", TESTS_2D.values(), ids=TESTS_2D.keys())
@pytest.mark.parametrize("name", TERMS_2D)
def test_compiled_operator_matches_sympy_in_2d(name, u_test):
    kind, eq, options = TERMS_2D[name]
    problem = Problem(U, BOX2, parameters={"a": 2.0})
    declare(problem, name, kind, eq, options)
    check_term_numerically(problem, [eq], u_test)


def test_compiled_operator_matches_sympy_for_a_whole_problem_with_swapped_arguments():
    # The unknown is declared as u(t, x) while the box orders the axes (x, t).
    v = u(t, x)
    problem = Problem(v, BOX2)
    declared = [
        sp.Eq(v.diff(t) + x * v.diff(x, 2) + v.diff(x, t), sp.exp(x)),
        sp.Eq(v.subs(t, 0), x),
        sp.Eq(v.diff(x).subs(x, 1), t**2),
        sp.Eq(v.subs(x, 0) - v.subs(x, 1), 0),
    ]
    problem.equation("pde", declared[0])
    problem.condition("initial", declared[1])
    problem.condition("neumann", declared[2])
    problem.condition("periodic", declared[3])
    for u_test in TESTS_2D.values():
        check_term_numerically(problem, declared, u_test)


# ---------------------------------------------------------------------- 3 axes: (x, y, t)

V = u(x, y, t)

TERMS_3D = {
    "rotation": sp.Eq(V.diff(t) - (y - 0.5) * V.diff(x) + (x - 0.5) * V.diff(y), sp.exp(-t)),
    "diffusion-mixed": sp.Eq(V.diff(t) - V.diff(x, 2) - x * y * V.diff(x, y) - V.diff(y, 2), 0),
    "initial": sp.Eq(V.subs(t, 0), sp.sin(x) * y),
    "top-flux": sp.Eq(V.diff(y).subs(y, 1), t * x),
    "periodic-y": sp.Eq(V.subs(y, 0) - V.subs(y, 1), 0),
    "edge": sp.Eq(V.subs({x: 0, t: 0}), y),
}

TESTS_3D = {
    "smooth": sp.sin(x) * sp.cos(y) * sp.exp(-t) + x * y * t**2,
    "polynomial": x**3 * y - y**2 * t + 2 * x * t**3,
}


@pytest.mark.parametrize("u_test", TESTS_3D.values(), ids=TESTS_3D.keys())
@pytest.mark.parametrize("name", TERMS_3D)
def test_compiled_operator_matches_sympy_in_3d(name, u_test):
    eq = TERMS_3D[name]
    problem = Problem(V, BOX3)
    options = {"points": Grid(spacing=1 / 16)}
    if name in ("rotation", "diffusion-mixed"):
        problem.equation(name, eq, **options)
    else:
        problem.condition(name, eq, **options)
    check_term_numerically(problem, [eq], u_test)


# --------------------------------------------------------------------------- the clouds


def test_compiled_problem_carries_domain_terms_and_exact_solution():
    problem = Problem(U, BOX2, name="transport")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), sp.sin(x)))
    problem.exact(sp.sin(x - t))
    compiled = compile_problem(problem)
    assert isinstance(compiled, CompiledProblem)
    assert compiled.name == "transport"
    assert compiled.axes == ("x", "t")
    assert compiled.dim == 2
    np.testing.assert_array_equal(compiled.lower, [0, 0])
    np.testing.assert_array_equal(compiled.upper, [1, 2])
    assert [term.name for term in compiled.terms] == ["pde", "initial"]
    assert [term.kind for term in compiled.terms] == ["equation", "condition"]
    assert [term.location for term in compiled.terms] == ["interior", "t=0"]
    assert compiled.exact_text in ("sin(-t + x)", "-sin(t - x)")
    points = compiled.terms[0].points
    np.testing.assert_allclose(
        compiled.exact(points), np.sin(points[:, 0] - points[:, 1]), atol=1e-15
    )


def test_default_cloud_is_the_grid_of_spacing_1_64():
    problem = Problem(U, Box(x=(0, 1), t=(0, 1)))
    problem.equation("pde", sp.Eq(U.diff(t), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    pde, initial = compile_problem(problem).terms
    assert pde.points.shape == (4096, 2)
    assert pde.size == 4096 and pde.source.shape == (4096,)
    centres = (np.arange(64) + 0.5) / 64
    np.testing.assert_allclose(np.unique(pde.points[:, 0]), centres, atol=1e-15)
    np.testing.assert_allclose(initial.points[:, 0], centres, atol=1e-15)
    assert np.all(initial.points[:, 1] == 0.0)


def test_condition_clouds_lie_on_their_face_and_vary_the_free_axes():
    problem = Problem(V, BOX3)
    problem.equation("pde", sp.Eq(V.diff(t), 0), points=Random(300))
    problem.condition("initial", sp.Eq(V.subs(t, 0), 0), points=Sobol(128))
    problem.condition("right", sp.Eq(V.diff(x), 0), on=BOX3.face(x=1), points=Random(64))
    problem.condition("top", sp.Eq(V.subs(y, 1), 0), points=Grid(n=(5, 7)))
    problem.condition("periodic", sp.Eq(V.subs(x, 0) - V.subs(x, 1), 0), points=Random(50))
    compiled = compile_problem(problem)
    lower, upper = np.array(BOX3.lower), np.array(BOX3.upper)
    for term in compiled.terms:
        assert np.all(term.points >= lower) and np.all(term.points <= upper), term.name
    pde, initial, right, top, periodic = compiled.terms
    assert pde.points.shape == (300, 3)
    assert np.all(initial.points[:, 2] == 0) and initial.size == 128
    assert np.all(right.points[:, 0] == 1) and right.size == 64
    assert np.all(top.points[:, 1] == 1) and top.size == 35
    assert np.all(periodic.points[:, 0] == 0) and periodic.size == 50
    for term, free in [(initial, (0, 1)), (right, (1, 2)), (top, (0, 2)), (periodic, (1, 2))]:
        for axis in free:
            assert np.ptp(term.points[:, axis]) > 0.5, (term.name, axis)
    assert periodic.location == "x=0 | x=1"
    mapped = [part.evaluation_points(periodic.points) for part in periodic.parts]
    assert sorted(float(m[0, 0]) for m in mapped) == [0.0, 1.0]
    for m in mapped:
        np.testing.assert_array_equal(m[:, 1:], periodic.points[:, 1:])


def test_random_clouds_follow_the_seed():
    problem = Problem(U, BOX2)
    problem.equation("pde", sp.Eq(U.diff(t), 0), points=Random(200))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0), points=Sobol(64))
    first = compile_problem(problem, {"seed": 7})
    again = compile_problem(problem, {"seed": 7})
    other = compile_problem(problem, {"seed": 8})
    for a_term, b_term, c_term in zip(first.terms, again.terms, other.terms, strict=True):
        np.testing.assert_array_equal(a_term.points, b_term.points)
        assert not np.allclose(a_term.points, c_term.points)


def test_grid_clouds_do_not_depend_on_the_seed():
    problem = Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t), 0), points=Grid(n=8))
    np.testing.assert_array_equal(
        compile_problem(problem, {"seed": 1}).terms[0].points,
        compile_problem(problem, {"seed": 2}).terms[0].points,
    )


# ----------------------------------------------------------------------- weights, settings


def test_weight_in_the_width_is_evaluated_with_the_settings_width():
    problem = Problem(U, BOX2)
    problem.equation("pde", sp.Eq(U.diff(t), 0), weight=W**-0.5)
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0), weight=3)
    assert [term.weight for term in compile_problem(problem, {"width": 64}).terms] == [0.125, 3.0]
    compiled = compile_problem(problem, Settings(width=16))
    assert compiled.terms[0].weight == 0.25


def test_weight_that_becomes_negative_for_the_width_is_rejected_when_compiled():
    problem = Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t), 0), weight=W - 100)
    # Declared in the problem, so it is the problem's error; an override is a settings error.
    with pytest.raises(ProblemError, match=r"term 'pde': weight W - 100 is -68.0 at width 32"):
        compile_problem(problem, {"width": 32})
    with pytest.raises(SettingsError, match=r"term 'pde': weight -W is -32.0 at width 32"):
        compile_problem(problem, {"width": 32, "terms": {"pde": {"weight": "-W"}}})


def test_settings_override_weight_and_points_per_term():
    problem = Problem(U, BOX2)
    problem.equation("pde", sp.Eq(U.diff(t), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    settings = {"width": 100, "terms": {"pde": {"weight": "W**-0.5", "points": "random:77"}}}
    pde, initial = compile_problem(problem, settings).terms
    assert pde.weight == pytest.approx(0.1)
    assert pde.size == 77
    assert initial.weight == 1.0 and initial.size == 64  # x in [0, 1] at spacing 1/64


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ({"typo": {"weight": 2}}, r"settings name term 'typo'; the terms are pde, initial"),
        ({"pde": {"colour": 1}}, r"term 'pde': unknown override 'colour'; use weight or points"),
        ({"pde": {"weight": "eps"}}, r"term 'pde': weight uses 'eps'; a weight may use only W"),
    ],
)
def test_bad_term_overrides_are_rejected(terms, message):
    problem = Problem(U, BOX2)
    problem.equation("pde", sp.Eq(U.diff(t), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    with pytest.raises(SettingsError, match=message):
        compile_problem(problem, {"terms": terms})


def test_override_grid_that_does_not_fit_the_face_names_the_term():
    problem = Problem(U, BOX2)
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    with pytest.raises(ProblemError, match=r"term 'initial': Grid n=\(4, 4\) gives 2 counts"):
        compile_problem(problem, {"terms": {"initial": {"points": "grid:n=4x4"}}})


def test_source_that_is_not_finite_on_the_cloud_is_rejected():
    problem = Problem(U, BOX2).condition(
        "initial", sp.Eq(U.subs(t, 0), 1 / (x - 0.5)), points=Grid(n=2)
    )
    # grid n=3 on the face t=0: x = 0, 0.5, 1; 1/(x - 0.5) is infinite at the middle one
    with pytest.raises(ProblemError) as caught:
        compile_problem(problem, {"terms": {"initial": {"points": "grid:n=3"}}})
    assert str(caught.value) == (
        "term 'initial': the right-hand side 1/(x - 0.5) is not finite at 1 of 3 points, "
        "e.g. inf at (x=0.5, t=0)"
    )


def test_coefficient_that_is_not_finite_on_the_cloud_is_rejected():
    problem = Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t) + sp.log(x - 0.5) * U, 0))
    with pytest.raises(ProblemError) as caught:
        compile_problem(problem)
    # log of a negative number is NaN: the left half of the cloud
    message = str(caught.value)
    assert message.startswith("term 'pde': the coefficient log(x - 0.5) of u(x, t) is not finite")
    count, total = map(int, re.search(r"at (\d+) of (\d+) points", message).groups())
    assert 0.4 < count / total < 0.6 and ", e.g. nan at (x=" in message and "\n" not in message


def test_special_functions_evaluate_on_whole_clouds():
    # sympy's numpy printer leaves erfc, gamma and Bessel functions to the scalar math module;
    # they must evaluate on arrays, through scipy.
    exact = sp.erfc((x - t) / sp.sqrt(t + 1)) / 2 + sp.besselj(0, x) * sp.gamma(t + 1)
    problem = Problem(U, BOX2).equation(
        "pde",
        sp.Eq(
            U.diff(t) + U.diff(x) - sp.erf(x) * U, exact.diff(t) + exact.diff(x) - sp.erf(x) * exact
        ),
    )
    problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0))).exact(exact)
    compiled = compile_problem(problem)
    points = compiled.terms[0].points
    reference = sp.lambdify((x, t), exact, "mpmath")
    expected = np.array([float(reference(*p)) for p in points[:50]])
    assert np.allclose(compiled.exact(points[:50]), expected, rtol=1e-13, atol=0)
    assert compiled.exact_check["pde"] == "symbolic"


S = sp.Symbol("s")


@pytest.mark.parametrize(
    ("where", "special", "culprit"),
    [
        ("source", sp.expint(1, x + 1), "expint(1, x + 1)"),
        ("coefficient", sp.expint(1, x + 1), "expint(1, x + 1)"),
        ("exact", None, "hyper((2,), (3,), t)"),  # in u_t of the exact solution's residual
        # an integral that sympy leaves as it is: printed as scipy's quad, one point at a time
        (
            "source",
            sp.Integral(sp.exp(t * sp.sin(S)), (S, 0, 1)),
            "Integral(exp(t*sin(s)), (s, 0, 1))",
        ),
    ],
    ids=["source", "coefficient", "exact", "one-point-at-a-time"],
)
def test_a_function_that_numpy_and_scipy_lack_is_named(where, special, culprit):
    lhs = U.diff(t) + (special * U if where == "coefficient" else 0)
    rhs = special if where == "source" else 0
    problem = Problem(U, BOX2).equation("pde", sp.Eq(lhs, rhs))
    if where == "exact":
        problem.exact(sp.hyper([1], [2], t))
    with pytest.raises(ProblemError) as caught:
        compile_problem(problem)
    message = str(caught.value)
    assert f"cannot evaluate {culprit} numerically" in message and "\n" not in message
    assert "neither numpy nor scipy evaluates" in message and "<class" not in message
    assert message.startswith("term 'pde': ")


def test_a_printer_that_refuses_a_class_is_one_line_naming_it():
    # sympy's printer names the class in a message of two lines: "Unsupported by <class
    # '...SciPyPrinter'>: <class '...Limit'>" and advice on its 'strict' option
    from pinnls.symbolic.linearity import numeric_function

    with pytest.raises(ProblemError) as caught:
        numeric_function(sp.Limit(sp.sin(x) / x, x, 0) + t, (x, t), "term 'pde'")
    assert str(caught.value).startswith(
        "term 'pde': cannot evaluate Limit(sin(x)/x, x, 0, dir='+') numerically: neither numpy "
        "nor scipy evaluates 'Limit' on arrays"
    )
    assert "\n" not in str(caught.value) and "strict" not in str(caught.value)


def test_a_limit_that_sympy_cannot_take_is_one_line():
    limit = sp.Limit(sp.gamma(x + a) * sp.sin(a) ** x, a, 0)
    with pytest.raises(ProblemError) as caught:  # read when the equation is declared
        Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t), limit))
    message = str(caught.value)
    assert message.startswith("term 'pde': sympy cannot evaluate ") and "Limit(" in message
    assert "(Not sure of sign of x)" in message and "\n" not in message


def test_compile_validates_the_exact_solution():
    problem = Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0)).exact(x + t)
    with pytest.raises(ProblemError, match=r"exact solution does not satisfy 'pde': residual 2"):
        compile_problem(problem)


def test_compile_needs_a_problem():
    with pytest.raises(ProblemError, match=r"expected a Problem, got dict"):
        compile_problem({})


def test_operator_text_and_term_metadata():
    problem = Problem(U, BOX2)
    problem.equation("pde", sp.Eq(U.diff(t) + x * U.diff(x, 2) - U, 0))
    problem.condition("periodic", sp.Eq(U.subs(x, 0) - U.subs(x, 1), 0))
    pde, periodic = compile_problem(problem).terms
    assert pde.operator == "x*D[u(x, t); (x, 2)] + D[u(x, t); t] - u(x, t)"
    assert pde.derivatives() == {(2, 0), (0, 1), (0, 0)}
    assert periodic.operator == "u(0, t) - u(1, t)"
    assert [c.shape for c in pde.coefficients()] == [(pde.size,)] * 3


def test_manufactured_sources_equal_the_operator_applied_to_the_solution():
    solution = sp.sin(x) * sp.exp(t) + x**3 * t
    problem = Problem(U, BOX2, parameters={"a": 0.5})
    problem.equation("pde", sp.Eq(U.diff(t) + a * x * U.diff(x, 2) + sp.exp(-t) * U.diff(x, t), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    problem.condition("neumann", sp.Eq(U.diff(x).subs(x, 1), 0))
    problem.condition("flux", sp.Eq(U.diff(x) + U, 0), on=BOX2.face(x=0))
    problem.condition("periodic", sp.Eq(U.subs(x, 0) - U.subs(x, 1), 0))
    compiled = compile_problem(problem.manufactured(solution))
    symbols = (x, t)
    for term in compiled.terms:
        expected = applied_compiled_operator(term, solution, symbols)
        np.testing.assert_allclose(term.source, expected, rtol=TOLERANCE, atol=TOLERANCE)
    np.testing.assert_allclose(
        compiled.exact(compiled.terms[0].points),
        sp.lambdify(symbols, solution)(*compiled.terms[0].points.T),
        rtol=TOLERANCE,
    )


# ------------------------------------------------------------------------ the stages


def transport_problem():
    problem = Problem(U, BOX2, parameters={"c": 1.0})
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0), weight=W**-0.5, points="sobol:64")
    problem.condition("initial", sp.Eq(U.subs(t, 0), sp.sin(x)), points="random:16")
    problem.condition("inflow", sp.Eq(U.subs(x, 0), sp.sin(-t)), points="grid:1/16")
    return problem.exact(sp.sin(x - t))


def test_compiling_leaves_the_problem_as_it_was():
    problem = transport_problem()
    before = dict(vars(problem))
    first = compile_problem(problem, {"width": 16, "terms": {"pde": {"weight": 3}}})
    second = compile_problem(problem, {"width": 16, "terms": {"pde": {"weight": 3}}})
    assert vars(problem) == before
    for a, b in zip(first.terms, second.terms, strict=True):
        np.testing.assert_array_equal(a.points, b.points)  # same seed -> same clouds
        assert (a.name, a.weight, a.operator) == (b.name, b.weight, b.operator)
    assert first.exact_check == {"pde": "symbolic", "initial": "symbolic", "inflow": "symbolic"}


def test_wrong_exact_solution_is_rejected_on_every_compile():
    problem = Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0)).exact(x + t)
    before = dict(vars(problem))
    for _ in range(2):
        with pytest.raises(ProblemError, match=r"exact solution does not satisfy 'pde'"):
            compile_problem(problem)
    assert vars(problem) == before


def test_stages_compose_to_compile_problem():
    problem = transport_problem()
    settings = Settings.from_mapping({"width": 16, "seed": 5})
    validation = stages.validate(problem)
    resolved = stages.resolve(problem, settings)
    assert [r.term.name for r in resolved] == ["pde", "initial", "inflow"]
    assert resolved[0].weight == 0.25 and resolved[0].points.shape == (64, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        resolved[0].weight = 1.0
    lowered = stages.lower(problem, resolved, validation)
    direct = compile_problem(problem, settings)
    assert lowered.exact_check == direct.exact_check == validation.exact_check
    for a, b in zip(lowered.terms, direct.terms, strict=True):
        np.testing.assert_array_equal(a.points, b.points)
        np.testing.assert_array_equal(a.source, b.source)
        assert (a.weight, a.location, a.operator) == (b.weight, b.location, b.operator)


# ----------------------------------------------------------------- one weight parser


def test_weight_override_may_use_parameters_and_math_functions():
    problem = transport_problem()
    settings = {"width": 16, "terms": {"pde": {"weight": "sqrt(W) / (4 * c)"}}}
    assert compile_problem(problem, settings).terms[0].weight == pytest.approx(1.0)


@pytest.mark.parametrize(
    "attack",
    [
        "__import__('os').system('touch {marker}')",
        "W.__class__.__init__.__globals__['os'].system('touch {marker}')",
        "exec(\"open('{marker}', 'w')\")",
        "(lambda: open('{marker}', 'w'))()",
        "[open('{marker}', 'w')][0]",
    ],
)
def test_a_weight_is_never_run_as_python(tmp_path, attack):
    marker = tmp_path / "ran"
    text = attack.format(marker=marker)
    with pytest.raises(SettingsError, match=r"^term 'pde': weight .* is not a number") as error:
        compile_problem(transport_problem(), {"terms": {"pde": {"weight": text}}})
    assert "\n" not in str(error.value)
    with pytest.raises(ProblemError, match=r"^term 'pde': weight .* is not a number"):
        Problem(U, BOX2).equation("pde", sp.Eq(U.diff(t), 0), weight=text)
    assert not marker.exists()


def test_declared_and_overridden_weights_follow_the_same_rules():
    declared = Problem(U, BOX2, parameters={"c": 2.0})
    declared.equation("pde", sp.Eq(U.diff(t), 0), weight="c * W**-0.5")
    declared.condition("initial", sp.Eq(U.subs(t, 0), 0))
    overridden = Problem(U, BOX2, parameters={"c": 2.0})
    overridden.equation("pde", sp.Eq(U.diff(t), 0))
    overridden.condition("initial", sp.Eq(U.subs(t, 0), 0))
    settings = {"width": 64, "terms": {"pde": {"weight": "c * W**-0.5"}}}
    assert compile_problem(declared, {"width": 64}).terms[0].weight == 0.25
    assert compile_problem(overridden, settings).terms[0].weight == 0.25
    with pytest.raises(ProblemError, match=r"weight -1 must be a positive number"):
        declared.condition("inflow", sp.Eq(U.subs(x, 0), 0), weight="-1")
    with pytest.raises(SettingsError, match=r"weight -1 must be a positive number"):
        compile_problem(overridden, {"terms": {"pde": {"weight": "-1"}}})


def test_default_clouds_stay_bounded_in_many_dimensions():
    # The default grid (spacing 1/64) has 64^d points: 1e9 in five dimensions. Undeclared
    # clouds are coarsened to at most DEFAULT_MAX_POINTS; declared ones are left as given.
    from pinnls.clouds import DEFAULT_MAX_POINTS

    names = sp.symbols("a b c d e")
    w = sp.Function("w")
    box = Box(**{str(s): (0, 1) for s in names})
    problem = Problem(w(*names), box, name="five")
    problem.equation("pde", sp.Eq(sum(w(*names).diff(s) for s in names), 0))
    problem.condition("face", sp.Eq(w(0, *names[1:]), 1))
    problem.condition("declared", sp.Eq(w(1, *names[1:]), 1), points=Grid(n=3))
    compiled = compile_problem(problem)
    sizes = {term.name: term.size for term in compiled.terms}
    assert 0.5 * DEFAULT_MAX_POINTS <= sizes["pde"] <= DEFAULT_MAX_POINTS
    assert 0.5 * DEFAULT_MAX_POINTS <= sizes["face"] <= DEFAULT_MAX_POINTS
    assert sizes["declared"] == 3**4
    # two dimensions keep the paper's grid exactly
    square = Problem(w(names[0], names[1]), Box(a=(0, 1), b=(0, 1)), name="two")
    square.equation("pde", sp.Eq(w(*names[:2]).diff(names[0]), 0))
    square.condition("left", sp.Eq(w(0, names[1]), 1))
    assert [t.size for t in compile_problem(square).terms] == [4096, 64]


def test_a_default_cloud_on_a_box_in_metres_and_seconds_keeps_its_cap():
    # 400 km x 300 km x one day at spacing 1/64: 2.8e21 points, which int64 wrapped to 9.1e18,
    # and the coarsened cloud came out at 481,664 points, not at most 65,536 (a new user's tide)
    from pinnls.clouds import DEFAULT_MAX_POINTS, DEFAULT_POINTS, bounded, count

    lengths = [4e5, 3e5, 89424.0]
    assert count(DEFAULT_POINTS, lengths) == 25_600_000 * 19_200_000 * 5_723_136
    assert 0.5 * DEFAULT_MAX_POINTS <= count(bounded(DEFAULT_POINTS, lengths, DEFAULT_MAX_POINTS),
                                              lengths) <= DEFAULT_MAX_POINTS  # fmt: skip
    s = sp.symbols("x y t")
    w = sp.Function("w")
    problem = Problem(w(*s), Box(x=(0, 4e5), y=(0, 3e5), t=(0, 89424)), name="tide")
    problem.equation("pde", sp.Eq(w(*s).diff(s[2]) + w(*s).diff(s[0]), 0))
    (term,) = compile_problem(problem).terms
    assert 0.5 * DEFAULT_MAX_POINTS <= term.size <= DEFAULT_MAX_POINTS
