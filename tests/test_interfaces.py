"""Material interfaces: a coefficient of the second derivatives that jumps across a plane.

``-(k u')' = 1`` with k jumping from 1 to 10 at x = 0.5 was solved to 0.999 rel L2 with a
warning: sympy differentiates the jump to zero, so nothing tied the two sides' fluxes and the
smooth basis kept u' continuous. Now the compiler adds rows for u and its flux on the plane and
the basis is split there (docs/benchmarks.md, section 31).
"""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
import sympy as sp
import torch
from helpers import PROBLEMS, ROOT

from pinnls import Box, Problem, compile_problem, solve
from pinnls.cli import main
from pinnls.errors import PinnlsWarning, ProblemError, SettingsError
from pinnls.numeric.basis import basis_derivatives, jvp_only, operator_columns
from pinnls.settings import Settings
from pinnls.training.initial import build_basis

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
HALF = sp.Rational(1, 2)


#: -(k u')' = 1 with k jumping from 1 to 10 at x = 0.5, as a file for the CLI.
ROD_FILE = """\
import sympy as sp
from pinnls import Box, Problem
x = sp.Symbol('x')
u = sp.Function('u')
k = sp.Piecewise((1, x < 0.5), (10, True))
problem = Problem(u(x), Box(x=(0, 1)), name='rod')
problem.equation('pde', sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
problem.condition('l', sp.Eq(u(0), 0))
problem.condition('r', sp.Eq(u(1), 0))
"""


def two_layers(k2=10, nondivergence=False) -> Problem:
    """-(k u')' = 1 on [0, 1], k = 1 then k2 beyond x = 1/2, u(0) = u(1) = 0: the flux
    k u' = c - x, with c from u(1) = 0."""
    k = sp.Piecewise((1, x < HALF), (k2, True))
    c = sp.Symbol("c")
    left = c * x - x**2 / 2
    right = left.subs(x, HALF) + (c * (x - HALF) - (x**2 - HALF**2) / 2) / k2
    c_value = sp.solve(right.subs(x, 1), c)[0]
    exact = sp.Piecewise((left.subs(c, c_value), x < HALF), (right.subs(c, c_value), True))
    problem = Problem(u(x), Box(x=(0, 1)), name="two-layers")
    operator = -k * u(x).diff(x, 2) if nondivergence else -sp.diff(k * u(x).diff(x), x)
    problem.equation("pde", sp.Eq(operator, 1))
    problem.condition("l", sp.Eq(u(0), 0))
    problem.condition("r", sp.Eq(u(1), 0))
    problem.exact(exact)
    return problem


def rod() -> Problem:
    """The bundled heat_two_materials.py: u_t = (k u_x)_x + f, k = 1 then 6 beyond x = 1/2,
    u = exp(-t) phi(x) with k phi' = pi cos(pi x) continuous."""
    from pinnls.symbolic.loader import load_problem

    return load_problem(PROBLEMS / "heat_two_materials.py").problem


def layered() -> Problem:
    """benchmarks/interfaces/layered_2d.py: -div(k grad u) = f on [0, 1]^2 with k = 1 below
    y = 0.4 and 5 above."""
    from pinnls.symbolic.loader import load_problem

    return load_problem(ROOT / "benchmarks" / "interfaces" / "layered_2d.py").problem


def test_the_plane_its_two_rows_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PinnlsWarning)
        compiled = compile_problem(two_layers())
    assert compiled.interfaces == ((0, 0.5),)
    terms = {term.name: term for term in compiled.terms}
    value, flux = terms["pde-interface-x0p5"], terms["pde-flux-x0p5"]
    for term in (value, flux):
        assert term.kind == "condition" and term.cloud.fixed == ((0, 0.5),)
        assert np.all(term.points[:, 0] == 0.5) and not term.source.any()
        # one part from below (side < 0) and one from above, of opposite signs
        assert sorted(np.sign(part.side) for part in term.parts) == [-1.0, 1.0]
    assert value.operator == "u(0.5-) - u(0.5+)"
    assert flux.operator == "-D[u(0.5-); x] + 10*D[u(0.5+); x]"


def test_sided_rows_read_the_coefficient_on_their_own_side():
    compiled = compile_problem(two_layers()).sided(1e-12)
    flux = {term.name: term for term in compiled.terms}["pde-flux-x0p5"]
    # each side read 1e-12 off the plane, and extrapolated back to it by its slope there
    below, below_slope, above, above_slope = flux.parts
    assert below.fixed[0][1] == below_slope.fixed[0][1] == 0.5 - 1e-12
    assert above.fixed[0][1] == above_slope.fixed[0][1] == 0.5 + 1e-12
    assert below.derivative == (1,) and below_slope.derivative == (2,)
    assert all(part.side == 0.0 for part in flux.parts)
    points = flux.points
    assert np.all(below.coefficient(points) == -1) and np.all(above.coefficient(points) == 10)
    assert np.allclose(below_slope.coefficient(points), -1e-12, rtol=1e-9)
    assert np.allclose(above_slope.coefficient(points), -10 * 1e-12, rtol=1e-9)


def test_far_from_zero_each_side_is_read_on_its_own_side():
    # a box at 1e5 (float64) or 1e3 (float32): a shift of 1e-12 (4e-6) of the box would round
    # onto the plane, and both sides would read the cell above (rel L2 14.7 and 13.6 before)
    for offset, dtype, target in [(1e5, "float64", 1e-8), (1e3, "float32", 1e-3)]:
        k = sp.Piecewise((1, x < offset + HALF), (10, True))
        problem = Problem(u(x), Box(x=(offset, offset + 1)), name="far")
        problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
        problem.condition("l", sp.Eq(u(offset), 0))
        problem.condition("r", sp.Eq(u(offset + 1), 0))
        s = x - offset
        c = sp.Rational(13, 44)
        right = c / 2 - sp.Rational(1, 8) + (c * (s - HALF) - (s**2 - HALF**2) / 2) / 10
        problem.exact(sp.Piecewise((c * s - s**2 / 2, s < HALF), (right, True)))
        solution = solve(problem, width=128, activation="tanh", init_scale=1.5, dtype=dtype)
        assert solution.errors(65)["rel_l2"] < target, (offset, dtype)


def test_a_heaviside_conductivity_drops_its_delta_and_points_on_the_plane_read_above():
    # sp.diff of 1 + 9 H(x - c) leaves 9 DiracDelta(x - c) u', infinite at a grid point on
    # the plane (65/128 is a point of the default 64-point grid); the rows stand for it
    c = sp.Rational(65, 128)
    # sign(x - c), differentiated by sp.diff, was read as undefined (zoo): it is read as the
    # Heaviside form it equals
    sign = sp.Rational(11, 2) + sp.Rational(9, 2) * sp.sign(x - c)
    for k in (1 + 9 * sp.Heaviside(x - c), sp.Piecewise((1, x <= c), (10, True)), sign):
        problem = Problem(u(x), Box(x=(0, 1)), name="on-grid")
        problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
        problem.condition("l", sp.Eq(u(0), 0))
        problem.condition("r", sp.Eq(u(1), 0))
        compiled = compile_problem(problem)
        pde = {t.name: t for t in compiled.terms}["pde"]
        assert np.any(pde.points[:, 0] == float(c)) and all(p.derivative == (2,) for p in pde.parts)
        moved = {t.name: t for t in compiled.sided().terms}["pde"]
        assert not np.any(moved.points[:, 0] == float(c))
        solution = solve(problem, width=64, activation="tanh", init_scale=1.5, optimizer="lsgd",
                         iterations=0)  # fmt: skip
        q = sp.Symbol("q")
        flux = q - x  # k u' = q - x, u(1) = 0
        left = sp.integrate(flux, (x, 0, x))
        right = left.subs(x, c) + sp.integrate(flux, (x, c, x)) / 10
        value = sp.solve(right.subs(x, 1), q)[0]
        points = np.linspace(0, 1, 41)[:, None]
        exact = np.array(
            [float((left if p < c else right).subs({q: value, x: p})) for p in points[:, 0]]
        )
        assert np.abs(solution(points) - exact).max() < 1e-6 * np.abs(exact).max()


def test_the_generated_terms_take_settings_and_the_report_reruns(tmp_path):
    problem = two_layers()
    settings = {"terms": {"pde-flux-x0p5": {"weight": 10, "points": "grid:n=3"}}}
    compiled = compile_problem(problem, settings)
    flux = {t.name: t for t in compiled.terms}["pde-flux-x0p5"]
    assert flux.weight == 10 and flux.cloud.declared
    with pytest.raises(SettingsError, match="settings name term 'pde-flux-x9'"):
        compile_problem(problem, {"terms": {"pde-flux-x9": {"weight": 2}}})
    # auto writes every term's cloud into the chosen settings, the generated ones too
    solution = solve(problem, budget=5)
    again = solve(problem, settings=solution.settings.replace(budget=5))
    assert again.errors(65)["rel_l2"] < 1e-9


@pytest.mark.parametrize(
    "k, axes, planes",
    [
        # Heaviside form, three layers
        (
            1 + 9 * sp.Heaviside(x - sp.Rational(1, 3)) - 7 * sp.Heaviside(x - sp.Rational(2, 3)),
            "x",
            [(0, 1 / 3), (0, 2 / 3)],
        ),
        # continuous: no interface (a kink of k is not a jump)
        (sp.Piecewise((1 + x, x < HALF), (2 - x, True)), "x", []),
        # a jump at the box's face is not inside it
        (sp.Piecewise((1, x < 1), (2, True)), "x", []),
        # a jump across another axis: the coefficient of u_xx jumps in t, not across x
        (sp.Piecewise((1, t < HALF), (2, True)), "xt", []),
    ],
)
def test_which_coefficients_make_interfaces(k, axes, planes):
    if axes == "x":
        problem = Problem(u(x), Box(x=(0, 1)), name="p")
        problem.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
        problem.condition("l", sp.Eq(u(0), 0))
    else:
        problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="p")
        problem.equation("pde", sp.Eq(u(x, t).diff(t) - k * u(x, t).diff(x, 2), 0))
        problem.condition("i", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PinnlsWarning)
        found = compile_problem(problem).interfaces
    assert len(found) == len(planes)
    for (axis, value), (want_axis, want) in zip(found, planes):
        assert axis == want_axis and math.isclose(value, want, rel_tol=1e-12)


def test_a_jump_in_a_reaction_or_a_fourth_order_equation_makes_none():
    c = sp.Piecewise((1, x < HALF), (5, True))
    problem = Problem(u(x), Box(x=(0, 1)), name="p")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2) + c * u(x), 1))
    problem.condition("l", sp.Eq(u(0), 0))
    assert compile_problem(problem).interfaces == ()
    beam = Problem(u(x), Box(x=(0, 1)), name="beam")
    beam.equation(
        "pde", sp.Eq(sp.diff(sp.Piecewise((1, x < HALF), (2, True)) * u(x).diff(x, 3), x), 1)
    )
    beam.condition("l", sp.Eq(u(0), 0))
    with pytest.warns(PinnlsWarning, match="jumps inside the domain"):
        assert compile_problem(beam).interfaces == ()


def test_the_split_basis_lives_on_its_own_cell_in_every_derivative():
    compiled = compile_problem(layered())
    settings = Settings(width=48, activation="tanh", init_scale=2.0)
    basis = build_basis(compiled, settings)
    owner = basis.cell_owner
    # two cells (below and above y = 0.4), features in proportion to their areas
    assert set(owner.tolist()) == {0, 1}
    assert abs(int((owner == 0).sum()) - 0.4 * 48) <= 2
    points = torch.tensor([[0.3, 0.2], [0.7, 0.9], [0.5, 0.4]], dtype=torch.float64)
    values = basis(points)[:, :-1]
    # a point on the plane belongs to the cell above it
    for row, cell in enumerate([0, 1, 1]):
        assert torch.all(values[row, owner != cell] == 0)
        assert torch.all(values[row, owner == cell] != 0)
    parts = [((2, 0), 1.0), ((0, 2), 1.0), ((0, 1), 0.5), ((0, 0), 2.0)]
    closed = operator_columns(basis, points, parts)
    with jvp_only():
        blocks = basis_derivatives(basis, points, [alpha for alpha, _ in parts])
    forward = sum(c * blocks[alpha] for alpha, c in parts)
    assert torch.allclose(closed, forward, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("make, target", [(two_layers, 1e-10), (layered, 1e-8), (rod, 1e-8)])
def test_interfaces_are_solved_to_near_rounding(make, target):
    solution = solve(make(), width=512, activation="tanh", init_scale=1.5)
    assert solution.errors(65)["rel_l2"] < target
    # the estimate sees the interface rows: it is small because they are met
    assert (
        solution.validation["terms"]["pde-flux-" + ("y0p4" if make is layered else "x0p5")]["rms"]
        < 1e-6
    )


def test_the_defaults_time_slabs_and_float32():
    assert solve(two_layers()).errors(65)["rel_l2"] < 1e-9
    # one slab at this width: 1.8e-9 (above); two slabs, each its own interface rows: 5.9e-10
    assert (
        solve(rod(), width=512, activation="tanh", init_scale=1.5, time_slabs=2).errors(33)[
            "rel_l2"
        ]
        < 1e-8
    )
    # float32 reads each side 4e-6 of the box off the plane: a float32 ulp would round onto it
    single = solve(rod(), width=256, activation="tanh", init_scale=1.5, dtype="float32")
    assert single.errors(33)["rel_l2"] < 1e-4


def test_an_exact_solution_that_breaks_an_interface_is_refused():
    # -k u'' with u' continuous: the non-divergence form, which pinnls does not read
    problem = Problem(u(x), Box(x=(0, 1)), name="nondivergence")
    k = sp.Piecewise((1, x < HALF), (10, True))
    problem.equation("pde", sp.Eq(-k * u(x).diff(x, 2), k * sp.pi**2 * sp.sin(sp.pi * x)))
    problem.condition("l", sp.Eq(u(0), 0))
    problem.condition("r", sp.Eq(u(1), 1))
    problem.exact(sp.sin(sp.pi * x) + x)
    with pytest.raises(ProblemError, match="satisfy 'pde-flux-x0p5'.*non-divergence form"):
        compile_problem(problem)
    # u itself jumps: a message of its own
    exact = two_layers().exact_solutions[0] + sp.Piecewise((0, x < HALF), (1, True))
    jumping = Problem(u(x), Box(x=(0, 1)), name="jumping")
    k = sp.Piecewise((1, x < HALF), (10, True))
    jumping.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
    jumping.condition("l", sp.Eq(u(0), 0))
    jumping.exact(exact)
    with pytest.raises(ProblemError, match="'pde-interface-x0p5'.*u jumps across the plane"):
        compile_problem(jumping)
    # a plane at 0 is at 0, not at -0
    centred = Problem(u(x), Box(x=(-1, 1)), name="centred")
    k = sp.Piecewise((1, x <= 0), (4, True))
    centred.equation("pde", sp.Eq(-sp.diff(k * u(x).diff(x), x), 1))
    centred.condition("l", sp.Eq(u(-1), 0))
    compiled = compile_problem(centred)
    assert compiled.interfaces == ((0, 0.0),) and str(compiled.interfaces[0][1]) == "0.0"
    assert {"pde-interface-x0", "pde-flux-x0"} <= {t.name for t in compiled.terms}
    # the exact solutions that meet the rows are listed as checked
    assert compile_problem(two_layers()).exact_check["pde-flux-x0p5"] == "numeric"


def test_subdomains_with_an_interface_are_refused(tmp_path, capsys):
    with pytest.raises(SettingsError, match="material interface"):
        build_basis(compile_problem(two_layers()), Settings(width=64, subdomains="2"))
    path = tmp_path / "rod.py"
    path.write_text(ROD_FILE)
    out = tmp_path / "out"
    code = main(["solve", str(path), "--subdomains", "2", "--width", "64", "--out", str(out)])
    assert code == 2
    err = capsys.readouterr().err
    assert "material interface" in err and "Traceback" not in err
    assert not out.exists() or not any(out.iterdir())


def test_check_line_report_and_the_saved_model(tmp_path, capsys):
    path = tmp_path / "rod.py"
    path.write_text(ROD_FILE)
    assert main(["check", str(path)]) == 0
    assert "interface a coefficient of the second derivatives jumps across x=0.5" in (
        capsys.readouterr().out
    )
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), "--format", "h5", "--quiet"]) == 0
    report = json.loads((out / "report.json").read_text())
    assert report["interfaces"] == [{"axis": "x", "value": 0.5}]
    points = tmp_path / "points.csv"
    points.write_text("x\n0.25\n0.75\n")
    assert main(["eval", str(out), str(points), "-o", str(tmp_path / "values.csv")]) == 0
    values = np.loadtxt(tmp_path / "values.csv", delimiter=",", skiprows=1)[:, 1]
    c = 13 / 44  # k u' = c - x, u(1) = 0
    exact = [c * 0.25 - 0.25**2 / 2, c / 2 - 1 / 8 + (c * 0.25 - (0.75**2 - 0.25) / 2) / 10]
    assert np.allclose(values, exact, rtol=0, atol=1e-9)
