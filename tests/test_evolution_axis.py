"""A space axis that the equation makes time (:meth:`CompiledProblem.evolution_axis`).

A river's lateral mixing ``U c_x = D c_yy - k c`` (the slender-plume approximation) is a heat
equation in ``y`` whose time is the downstream ``x``; with the outfall's profile at ``x = 0``
and no condition downstream, it is solved as ``time=x`` solves it (heat's modes, slabs). A new
user's river: 5.3e-3 in 64 s as a steady problem, 4.2e-10 in 3.4 s so (docs/benchmarks.md,
section 77).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, compile_problem, solve
from pinnls.cli import main
from pinnls.cli.check import structure_lines
from pinnls.errors import ProblemError
from pinnls.time_slabs import plan

x, y, z, t = sp.symbols("x y z t")
c = sp.Function("c")

#: a jet spreading across a channel with walls at y = 0 and 1, decaying: exact
SPREAD = sp.exp(-x / 4) * (1 + sp.cos(sp.pi * y) * sp.exp(-(sp.pi**2) * x / 10))


def river(diffusion=0.1, far=False):
    """``c_x = diffusion c_yy - c / 4`` on [0, 1]^2 with the profile at x = 0 and no flux
    through the banks (``far``: a value at x = 1 as well)."""
    C = c(x, y)
    problem = Problem(C, Box(x=(0, 1), y=(0, 1)), name="river")
    problem.equation("pde", sp.Eq(C.diff(x), diffusion * C.diff(y, 2) - C / 4))
    problem.condition("outfall", sp.Eq(c(0, y), SPREAD.subs(x, 0)))
    problem.condition("left", sp.Eq(C.diff(y).subs(y, 0), 0))
    problem.condition("right", sp.Eq(C.diff(y).subs(y, 1), 0))
    if far:
        problem.condition("far", sp.Eq(c(1, y), SPREAD.subs(x, 1)))
    if diffusion == 0.1:
        problem.exact(SPREAD)
    return problem


def test_a_river_s_downstream_axis_is_its_time():
    compiled = compile_problem(river())
    assert compiled.time_axis == 0 and compiled.time_inferred
    assert compiled.modes() is not None  # heat's modes, in x and y
    (line,) = [s for s in structure_lines(compiled) if s.startswith("time")]
    assert "time      x: the equation is of first order in x" in line and "x=0 only" in line


def test_the_equation_written_times_minus_one_is_the_same_river():
    # -c_x + D c_yy = ...: s = -1 and D = -A / s = 0.1 stays positive semidefinite
    C = c(x, y)
    problem = Problem(C, Box(x=(0, 1), y=(0, 1)), name="minus")
    problem.equation("pde", sp.Eq(-C.diff(x) + C.diff(y, 2) / 10 - C / 4, 0))
    problem.condition("outfall", sp.Eq(c(0, y), SPREAD.subs(x, 0)))
    problem.condition("left", sp.Eq(C.diff(y).subs(y, 0), 0))
    problem.condition("right", sp.Eq(C.diff(y).subs(y, 1), 0))
    assert compile_problem(problem).time_axis == 0


def test_what_is_not_an_evolution_along_a_space_axis_keeps_no_time_axis():
    # data downstream too: a boundary-value problem in x
    assert compile_problem(river(far=True)).time_axis is None
    # backward: the diffusion's sign against the flow's, data upstream (ill-posed as heat)
    assert compile_problem(river(diffusion=-0.1)).time_axis is None
    # elliptic: a second derivative along x
    C = c(x, y)
    elliptic = Problem(C, Box(x=(0, 1), y=(0, 1)), name="elliptic")
    elliptic.equation("pde", sp.Eq(C.diff(x) - C.diff(x, 2) / 10 - C.diff(y, 2) / 10, 0))
    elliptic.condition("outfall", sp.Eq(c(0, y), 1))
    assert compile_problem(elliptic).time_axis is None
    # steady first-order transport (no second-order part): left as it was solved
    transport = Problem(C, Box(x=(0, 1), y=(0, 1)), name="transport")
    transport.equation("pde", sp.Eq(C.diff(x) + C.diff(y) / 2, 0))
    transport.condition("inflow-x", sp.Eq(c(0, y), sp.sin(y)))
    transport.condition("inflow-y", sp.Eq(c(x, 0), sp.sin(-x / 2)))
    assert compile_problem(transport).time_axis is None
    # a problem with a time axis already keeps it
    U = c(x, t)
    heat = Problem(U, Box(x=(0, 1), t=(0, 1)), name="heat")
    heat.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2)))
    heat.condition("initial", sp.Eq(c(x, 0), sp.sin(sp.pi * x)))
    compiled = compile_problem(heat)
    assert compiled.time_axis == 1 and not compiled.time_inferred


def test_the_third_axis_of_a_river_in_3d_and_a_variable_coefficient_across():
    # U c_z = (1 + y) c_xx + c_yy: time z, the first axis along which it is of first order
    C = c(x, y, z)
    problem = Problem(C, Box(x=(0, 1), y=(0, 1), z=(0, 2)), name="three")
    problem.equation("pde", sp.Eq(2 * C.diff(z), (1 + y) * C.diff(x, 2) + C.diff(y, 2)))
    problem.condition("inlet", sp.Eq(c(x, y, 0), sp.sin(sp.pi * x)))
    problem.condition("walls", sp.Eq(c(0, y, z), 0))
    compiled = compile_problem(problem)
    assert compiled.time_axis == 2 and compiled.time_inferred


def test_auto_solves_the_river_as_heat_and_the_report_says_which_axis_is_time(tmp_path):
    solution = solve(river(), budget=20)
    points = np.random.default_rng(1).uniform(0, 1, (200, 2))
    exact = sp.lambdify((x, y), SPREAD, "numpy")(*points.T)
    np.testing.assert_allclose(solution(points), exact, rtol=0, atol=1e-7)
    # through the command line: the report names the axis
    path = tmp_path / "river.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, y = sp.symbols('x y')\n"
        "c = sp.Function('c')\n"
        "C = c(x, y)\n"
        "problem = Problem(C, Box(x=(0, 2000), y=(0, 50)), name='reach')\n"
        "problem.equation('pde', sp.Eq(C.diff(x) / 2, C.diff(y, 2) / 20))\n"
        "problem.condition('outfall', sp.Eq(c(0, y), sp.exp(-((y - 10) / 2) ** 2)))\n"
        "problem.condition('left', sp.Eq(C.diff(y).subs(y, 0), 0))\n"
        "problem.condition('right', sp.Eq(C.diff(y).subs(y, 50), 0))\n"
    )
    out = tmp_path / "out"
    code = main(
        ["solve", str(path), "--quiet", "--format", "h5", "--budget", "5", "--out", str(out)]
    )
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["time_axis"] == "x" and report["time_inferred"] is True


def test_a_condition_that_reads_the_far_face_or_a_region_keeps_no_time_axis():
    # a periodic u(0, y) - u(1, y) sits on x = 0 but reads x = 1: not data upstream only
    C = c(x, y)
    periodic = Problem(C, Box(x=(0, 1), y=(0, 1)), name="periodic")
    periodic.equation("pde", sp.Eq(C.diff(x), C.diff(y, 2) / 10))
    periodic.condition("outfall", sp.Eq(c(0, y), sp.cos(2 * sp.pi * y)))
    periodic.condition("wrap", sp.Eq(c(x, 0) - c(x, 1), 0))
    periodic.condition("through", sp.Eq(c(0, y) - c(1, y), 0))
    assert compile_problem(periodic).time_axis is None
    # a condition on a region of the boundary (on=box.boundary.where(...)) says nothing of
    # the faces it holds on: no axis is inferred, and a declared one refuses slabs in a line
    box = Box(x=(0, 1), y=(0, 1))
    banks = Problem(C, box, name="banks")
    banks.equation("pde", sp.Eq(C.diff(x), C.diff(y, 2) / 10))
    banks.condition("outfall", sp.Eq(c(0, y), sp.sin(sp.pi * y)))
    banks.condition("walls", sp.Eq(C, 0), on=box.boundary.where(y < 0.001))
    assert compile_problem(banks).time_axis is None
    U = c(x, t)
    heat_box = Box(x=(0, 1), t=(0, 1))
    heat = Problem(U, heat_box, name="heat-region")
    heat.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2)))
    heat.condition("initial", sp.Eq(c(x, 0), sp.sin(sp.pi * x)))
    heat.condition("left", sp.Eq(U, 0), on=heat_box.boundary.where(x < 0.001))
    with pytest.raises(ProblemError, match="'left' lies on a region of the boundary"):
        plan(compile_problem(heat), 2)
