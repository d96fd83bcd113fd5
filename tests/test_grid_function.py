"""GridFunction: a coefficient from a grid file, interpolated, with the grid's own derivatives."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, GridFunction, Problem, ProblemError, compile_problem

x, y = sp.symbols("x y")
u = sp.Function("u")


def write_grid(path, function, n=64, order=("y", "x")):
    ticks = np.linspace(0, 1, n)
    grid_x, grid_y = np.meshgrid(ticks, ticks, indexing="ij")
    values = function(grid_x, grid_y)
    rows = [",".join([*order, "value"])]
    for a, b, v in zip(grid_x.ravel(), grid_y.ravel(), values.ravel()):
        coordinates = {"x": a, "y": b}
        rows.append(",".join(f"{coordinates[name]:.17g}" for name in order) + f",{v:.17g}")
    path.write_text("\n".join(rows) + "\n")
    return path


def darcy(kappa) -> Problem:
    """-div(kappa grad u) = 1 with u = 0 on the boundary (a Poisson problem)."""
    problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)))
    flux = sp.diff(kappa * u(x, y).diff(x), x) + sp.diff(kappa * u(x, y).diff(y), y)
    problem.equation("pde", sp.Eq(-flux, 1), points="grid:1/16")
    problem.condition("left", sp.Eq(u(0, y), 0), points="grid:1/16")
    return problem


def test_a_bilinear_coefficient_from_a_grid_equals_its_formula(tmp_path):
    path = write_grid(tmp_path / "kappa.csv", lambda a, b: 1 + a * b)
    kappa = GridFunction(path, axes=(x, y))
    assert str(kappa) == "kappa(x, y)" and str(kappa.diff(x)) == "kappa_x(x, y)"
    from_grid = compile_problem(darcy(kappa)).terms[0]
    from_formula = compile_problem(darcy(1 + x * y)).terms[0]
    # multilinear interpolation is exact for 1 + xy, and so are centred differences of a
    # function linear in each axis: the coefficients agree to rounding
    for a, b in zip(from_grid.coefficients(), from_formula.coefficients()):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


def test_derivatives_are_second_order_differences_of_the_grid(tmp_path):
    path = write_grid(tmp_path / "k.csv", lambda a, b: np.exp(a) * np.sin(3 * b), n=65)
    kappa = GridFunction(path, axes=(x, y))
    points = np.random.default_rng(0).random((200, 2))
    from pinnls.symbolic.linearity import numeric_function

    value = numeric_function(kappa, (x, y))(points)
    slope = numeric_function(kappa.diff(x), (x, y))(points)
    exact = np.exp(points[:, 0]) * np.sin(3 * points[:, 1])
    # h = 1/64: linear interpolation errs by ~h^2/8 |k''| ~ 2e-4, the differences by ~h^2/6
    assert np.max(np.abs(value - exact)) < 1e-3
    assert np.max(np.abs(slope - exact)) < 2e-3
    # it travels to other processes as its file path
    again = pickle.loads(pickle.dumps(numeric_function(kappa.diff(y), (x, y))))
    np.testing.assert_allclose(
        again(points), 3 * np.exp(points[:, 0]) * np.cos(3 * points[:, 1]), atol=2e-2
    )


def test_a_relative_grid_file_is_read_beside_the_problem_file(tmp_path):
    from pinnls import load_problem

    write_grid(tmp_path / "kappa.csv", lambda a, b: 2 + 0 * a, n=3)
    (tmp_path / "prob.py").write_text(
        "import sympy as sp\nfrom pinnls import Box, GridFunction, Problem\n"
        "x, y = sp.symbols('x y'); u = sp.Function('u')\n"
        "kappa = GridFunction('kappa.csv', axes=(x, y))\n"
        "problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)))\n"
        "problem.equation('pde', sp.Eq(kappa * u(x, y), 1), points='grid:1/4')\n"
    )
    term = compile_problem(load_problem(tmp_path / "prob.py").problem).terms[0]
    np.testing.assert_allclose(term.coefficients()[0], 2.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y,value\n0,0,1\n1,0,1\n0,1,1\n", "3 rows do not fill a grid of 2 x 2"),
        ("x,y,value\n0,0,1\n1,0,1\n0,1,nan\n1,1,1\n", "row 4: a value is not finite"),
        ("x,value\n0,1\n", "no column 'y'"),
        ("x,y,value\n0,0,1\n1,0,1\n0,1,1\n0,1,1\n", "some grid points are repeated"),
    ],
)
def test_bad_grid_files_are_refused_naming_the_file(text, message, tmp_path):
    (tmp_path / "kappa.csv").write_text(text)
    with pytest.raises(ProblemError, match="GridFunction") as caught:
        GridFunction(tmp_path / "kappa.csv", axes=(x, y))
    assert message in str(caught.value) and "kappa.csv" in str(caught.value)
