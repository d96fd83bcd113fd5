"""First-order transport: the velocity, ``problem.inflow(...)`` and the well-posedness check
(pinnls/transport.py, pinnls/boundary.py)."""

from __future__ import annotations

import math
import pickle
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import pinnls
from pinnls import Box, Problem
from pinnls.boundary import BoxFaces, split_count
from pinnls.cli import main
from pinnls.clouds import Grid, Random
from pinnls.errors import ProblemError
from pinnls.symbolic.compiler import compile_problem
from pinnls.time_slabs import plan, slab_problem
from pinnls.transport import assess, require_well_posed

PROBLEMS = Path(__file__).resolve().parent.parent / "problems"

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
QUICK = {"optimizer": "lsgd", "activation": "tanh", "width": 48, "iterations": 0, "init_scale": 2.0}

#: Each bundled first-order problem, the condition whose removal leaves a face without data,
#: and that face. advection_variable is absent on purpose: its x = 0 is a characteristic
#: (a·n = 0), so its condition there is the paper's consistent extra, not inflow data.
WITHOUT = [
    ("advection_constant.py", 'problem.condition("inflow"', "x=0", "a·n = -1"),
    ("advection_gauss.py", 'problem.condition("inflow"', "x=0", "a·n = -1"),
    ("advection_reaction.py", 'problem.condition("inflow"', "x=0", "a·n = -2"),
    ("advection_periodic.py", 'problem.condition("periodic"', "x=0", "a·n = -20"),
    ("acoustics_characteristic.py", 'problem.condition("incoming-left"', "x=0", "speed -2"),
    ("acoustics_wall.py", 'problem.condition("open-end"', "x=0", "speed -2"),
    ("wave_first_order.py", 'problem.condition("left"', "x=0", "speed -2"),
    # its only condition: a problem left with none is refused too
    ("transport_obstacle.py", 'problem.inflow("inflow"', "x=0", "a·n = -1"),
]


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1, err
    return err[0]


# -- the bundled problems -------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in PROBLEMS.glob("*.py")))
def test_every_bundled_problem_passes_the_check_without_a_warning(name, capsys):
    assert main(["check", str(PROBLEMS / name)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("name", "marker", "face", "speed"), WITHOUT)
def test_a_bundled_file_without_its_inflow_condition_is_refused_naming_the_face(
    name, marker, face, speed, tmp_path, capsys
):
    text = (PROBLEMS / name).read_text()
    assert marker in text
    path = tmp_path / name
    path.write_text("\n".join(line for line in text.splitlines() if marker not in line))
    assert main(["check", str(path)]) == 2
    line = one_error_line(capsys)
    assert f"enter through {face} " in line or f"enters through {face} " in line
    assert speed in line
    assert "problem.inflow" in line or "add a condition on x=0" in line


def test_the_rotation_file_without_one_face_is_refused_on_that_face(tmp_path, capsys):
    text = (PROBLEMS / "rotation_2d.py").read_text()
    assert "[(x, 0), (x, 1), (y, 0), (y, 1)]" in text
    path = tmp_path / "rotation_2d.py"
    path.write_text(text.replace("[(x, 0), (x, 1), (y, 0), (y, 1)]", "[(x, 1), (y, 0), (y, 1)]"))
    assert main(["check", str(path)]) == 2
    line = one_error_line(capsys)
    # a = (-(y - 0.5), x - 0.5): on x = 0, a·n = y - 0.5, most negative at y = 0
    assert re.search(r"enters through x=0 \(a·n = -0\.47\d* at y=0\.0\d+, t=", line), line


def test_the_variable_velocity_file_needs_nothing_at_its_characteristic_face(tmp_path, capsys):
    text = (PROBLEMS / "advection_variable.py").read_text()
    path = tmp_path / "variable.py"
    path.write_text("\n".join(ln for ln in text.splitlines() if '"inflow"' not in ln))
    assert main(["check", str(path)]) == 0
    assert "x=0: along the flow (a·n = 0); no condition" in capsys.readouterr().out


def test_solve_refuses_uncovered_inflow_before_writing_anything(tmp_path, capsys):
    text = (PROBLEMS / "advection_gauss.py").read_text()
    path = tmp_path / "gauss.py"
    path.write_text("\n".join(ln for ln in text.splitlines() if '"inflow"' not in ln))
    out = tmp_path / "out"
    assert main(["solve", str(path), "--out", str(out), "--optimizer", "lsgd"]) == 2
    assert "the flow enters through x=0 (a·n = -1" in one_error_line(capsys)
    assert not out.exists()
    with pytest.raises(ProblemError, match=r"enters through x=0 \(a·n = -1 at t=.*problem.inflow"):
        pinnls.solve(str(path), **QUICK)


# -- the velocity ---------------------------------------------------------------------------


def shear(inflow: bool = True) -> Problem:
    """u_t + (y - 0.5) u_x = 0 on [0, 1]^2 x [0, 1]: x = 0 is inflow for y > 0.5 only, x = 1
    for y < 0.5; the y faces are along the flow."""
    exact = sp.sin(x - (y - 0.5) * t) + y
    problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="shear")
    problem.equation("pde", sp.Eq(u(x, y, t).diff(t) + (y - 0.5) * u(x, y, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), exact.subs(t, 0)))
    if inflow:
        problem.inflow("inflow", sp.Eq(u(x, y, t), exact), points=Grid(n=12))
    problem.exact(exact)
    return problem


def test_a_variable_velocity_makes_a_face_partly_inflow():
    compiled = compile_problem(shear())
    term = next(tm for tm in compiled.terms if tm.name == "inflow")
    points = term.points
    left, right = points[:, 0] == 0, points[:, 0] == 1
    assert left.sum() + right.sum() == len(points)  # nothing on the y faces (a·n = 0)
    assert np.all(points[left, 1] > 0.5) and np.all(points[right, 1] < 0.5)
    assert left.sum() == right.sum() == 6 * 12  # half of each 12 x 12 face grid
    assert term.location == "inflow: x=0 | x=1"
    pieces = {p.name: p for p in assess(compiled).pieces}
    # the check's 17 x 17 grid: rows y > 0.5 enter, the row y = 0.5 runs along the face
    assert pieces["x=0"].entering == 8 * 17 and pieces["x=0"].points == 17 * 17
    assert pieces["x=0"].covered_by == ("inflow",) and pieces["x=0"].uncovered == 0
    assert pieces["y=0"].covered_by == () and pieces["y=0"].entering == 0


def test_a_velocity_that_turns_in_time_draws_inflow_points_only_where_it_enters():
    # u_t + cos(pi t) u_x = 0: x = 0 enters until t = 1/2, x = 1 after (a new user's question:
    # `check` said "partly inflow" for both faces, with a full count of points on each)
    exact = sp.sin(x - sp.sin(sp.pi * t) / sp.pi)
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="turning")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + sp.cos(sp.pi * t) * u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    problem.inflow("inflow", sp.Eq(u(x, t), exact))
    problem.exact(exact)
    term = next(tm for tm in compile_problem(problem).terms if tm.name == "inflow")
    points = term.points
    left, right = points[:, 0] == 0, points[:, 0] == 1
    assert left.sum() + right.sum() == len(points) and left.sum() and right.sum()
    assert np.all(points[left, 1] < 0.5) and np.all(points[right, 1] > 0.5)


def test_a_variable_velocity_without_inflow_is_refused_on_its_entering_half():
    compiled = compile_problem(shear(inflow=False))
    with pytest.raises(ProblemError, match=r"enters through x=0 \(a·n = -0\.4\d+ at y=0\.9"):
        require_well_posed(compiled)


def test_a_time_coefficient_divides_the_velocity():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    problem.equation("pde", sp.Eq(2 * u(x, t).diff(t) - 6 * u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), x))
    problem.inflow("inflow", sp.Eq(u(x, t), x + 3 * t))
    compiled = compile_problem(problem)
    velocity = assess(compiled).velocity
    assert np.allclose(velocity(np.array([[0.2, 0.3]])), [[-3.0]])
    term = compiled.terms[-1]
    assert term.location == "inflow: x=1" and np.all(term.points[:, 0] == 1)


def test_second_order_problems_are_not_checked():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x) - u(x, t).diff(x, 2), 0))
    problem.condition("initial", sp.Eq(u(x, 0), x))
    found = require_well_posed(compile_problem(problem))
    assert found.kind is None and "second order" in found.reason


# -- problem.inflow through the pipeline -----------------------------------------------------


def transport(inflow: bool) -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
    if inflow:
        problem.inflow("inflow", sp.Eq(u(x, t), sp.sin(sp.pi * (x - t))))
    else:
        problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-sp.pi * t)))
    problem.exact(sp.sin(sp.pi * (x - t)))
    return problem


def test_inflow_solves_as_accurately_as_the_hand_written_face_condition():
    by_hand = pinnls.solve(transport(inflow=False), **QUICK, eval_points=41)
    found = pinnls.solve(transport(inflow=True), **QUICK, eval_points=41)
    # The same 64 grid points on x = 0 either way: the same least-squares problem (measured
    # rel L2 8.8e-3 both, at width 48 without training).
    assert found.errors()["rel_l2"] <= 1.01 * by_hand.errors()["rel_l2"]
    assert found.errors()["rel_l2"] < 2e-2


def test_inflow_clouds_refine_redraw_and_split_into_slabs_on_the_inflow_face():
    compiled = compile_problem(transport(inflow=True), {"seed": 4})
    inflow = compiled.terms[-1]
    assert inflow.cloud.region is not None and not inflow.cloud.interior
    refined = compiled.refined(lambda term: 500, seed=4).terms[-1]
    assert refined.size >= 500 and np.all(refined.points[:, 0] == 0)
    fresh = compiled.fresh(lambda term: 300, seed=9).terms[-1]
    assert fresh.size >= 300 and np.all(fresh.points[:, 0] == 0)
    assert np.allclose(fresh.source, np.sin(np.pi * (0 - fresh.points[:, 1])))
    split = plan(compiled, 2)
    first = slab_problem(compiled, split, 0, None, seed=4).terms[-1]
    assert np.all(first.points[:, 0] == 0)
    assert np.all((first.points[:, 1] >= 0) & (first.points[:, 1] <= 0.5))
    assert first.size == 32  # the face grid of spacing 1/64 over the slab's half of t


def test_a_compiled_inflow_problem_pickles_for_other_processes():
    compiled = compile_problem(transport(inflow=True), {"seed": 1})
    again = pickle.loads(pickle.dumps(compiled))
    a = compiled.fresh(lambda term: 100, seed=2).terms[-1].points
    b = again.fresh(lambda term: 100, seed=2).terms[-1].points
    assert np.array_equal(a, b)


def test_a_checkpoint_of_an_inflow_problem_resumes_to_the_same_coefficients():
    settings = dict(optimizer="lsgd", iterations=4, width=16, activation="tanh")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = pinnls.solve(transport(inflow=True), **settings)
        half = pinnls.solve(transport(inflow=True), **{**settings, "iterations": 2})
        resumed = pinnls.solve(transport(inflow=True), resume=half.checkpoint(), **settings)
    assert np.allclose(resumed.coefficients.numpy(), whole.coefficients.numpy(), rtol=0, atol=1e-8)


def test_check_shows_the_flow_on_each_face_and_the_inflow_points(tmp_path, capsys):
    path = tmp_path / "inflow.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem, Sobol\n"
        "x, t = sp.symbols('x t')\nu = sp.Function('u')\n"
        "problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name='tr')\n"
        "problem.equation('pde', sp.Eq(u(x, t).diff(t) - u(x, t).diff(x), 0))\n"
        "problem.condition('initial', sp.Eq(u(x, 0), x))\n"
        "problem.inflow('inflow', sp.Eq(u(x, t), x + t), points=Sobol(100))\n"
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\ninflow +condition +inflow: x=1 +50 ", out), out
    assert "transport velocity from 'pde' along x" in out
    assert "x=0: outflow (a·n >= 1); no condition" in out
    assert "x=1: inflow (a·n <= -1); inflow" in out
    # Sobol(100) is shared by the two faces by area; the half on x = 1 is kept
    assert "inflow    'inflow': 50 boundary points where a·n < 0, on x=1 (50)" in out


# -- a steady problem in two space dimensions -----------------------------------------------


def test_a_steady_2d_transport_problem_with_inflow_on_two_faces():
    """a·grad u = f on [0, 1]^2 with a = (1, 0.5): the flow enters through x = 0 and y = 0."""
    exact = sp.sin(sp.pi * x) * sp.cos(y) + x * y
    source = exact.diff(x) + sp.Rational(1, 2) * exact.diff(y)
    problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="steady")
    problem.equation("pde", sp.Eq(u(x, y).diff(x) + u(x, y).diff(y) / 2, source), points=Grid(n=32))
    problem.inflow("inflow", sp.Eq(u(x, y), exact), points=Grid(n=32))
    problem.exact(exact)
    compiled = compile_problem(problem)
    inflow = compiled.terms[-1]
    assert inflow.location == "inflow: x=0 | y=0" and inflow.size == 64
    assert require_well_posed(compiled).uncovered == ()
    settings = {**QUICK, "width": 64, "init_scale": 0.5}
    solution = pinnls.solve(compiled, **settings, eval_points=33)
    assert solution.errors()["rel_l2"] < 1e-4  # measured 1.3e-6


# -- conditions where the flow leaves --------------------------------------------------------


def test_a_condition_where_the_flow_leaves_warns_in_the_api_and_the_cli(tmp_path, capsys):
    problem = transport(inflow=True)
    problem.condition("outflow", sp.Eq(u(1, t), sp.sin(sp.pi * (1 - t))))
    with pytest.warns(pinnls.PinnlsWarning, match=r"'outflow' holds on x=1, where the flow only"):
        pinnls.solve(problem, **QUICK)
    path = tmp_path / "outflow.py"
    text = (PROBLEMS / "advection_gauss.py").read_text()
    path.write_text(text + 'problem.condition("outflow", sp.Eq(u(1, t), g.subs(x, 1 - t)))\n')
    assert main(["check", str(path)]) == 0
    assert one_error_line(capsys).startswith(
        "pinnls: warning: condition 'outflow' holds on x=1, where the flow only leaves the "
        "domain (a·n = 1): it over-determines the problem unless its data agree"
    )


def test_a_wind_that_turns_gives_the_range_it_leaves_at():
    # a·n = sin(t) on y = 1 for t in [0, 1]: the flow leaves there at every speed from 0 to
    # sin(1), and the warning says so rather than quote one of them as the face's speed
    x, y, t = sp.symbols("x y t")
    w = sp.Function("u")
    half = sp.Rational(1, 2)
    exact = sp.exp(-((x - sp.sin(t) - half) ** 2 + (y + sp.cos(t) - 3 * half) ** 2))
    problem = Problem(w(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="turning")
    U = w(x, y, t)
    problem.equation("pde", sp.Eq(U.diff(t) + sp.cos(t) * U.diff(x) + sp.sin(t) * U.diff(y), 0))
    problem.condition("initial", sp.Eq(w(x, y, 0), exact.subs(t, 0)))
    problem.condition("left", sp.Eq(w(0, y, t), exact.subs(x, 0)))
    problem.condition("bottom", sp.Eq(w(x, 0, t), exact.subs(y, 0)))
    problem.condition("top", sp.Eq(w(x, 1, t), exact.subs(y, 1)))
    with pytest.warns(pinnls.PinnlsWarning) as caught:
        require_well_posed(compile_problem(problem))
    (message,) = [str(m.message) for m in caught if "'top'" in str(m.message)]
    pattern = r"where the flow only leaves the domain \(a·n from ([0-9.e-]+) to ([0-9.]+)\)"
    found = re.search(pattern, message)
    assert found, message
    least, most = map(float, found.groups())
    assert 0 <= least < 0.1 and 0.8 < most <= math.sin(1) + 1e-12


# -- mistakes -------------------------------------------------------------------------------


def test_inflow_is_refused_on_a_system():
    p, v = sp.Function("p"), sp.Function("v")
    problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)))
    with pytest.raises(ProblemError, match=r"^inflow 'in': problem.inflow needs one unknown"):
        problem.inflow("in", sp.Eq(p(x, t), 0))


def test_inflow_written_on_a_face_is_refused():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    with pytest.raises(ProblemError, match=r"^inflow 'in' evaluates u\(0, t\); write it at"):
        problem.inflow("in", sp.Eq(u(0, t), 0))


def test_inflow_without_a_transport_equation_is_refused_when_compiled():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    problem.equation("pde", sp.Eq(u(x, t).diff(t) - u(x, t).diff(x, 2), 0))
    problem.inflow("in", sp.Eq(u(x, t), 0))
    with pytest.raises(ProblemError, match=r"^inflow 'in' needs a first-order transport .*second"):
        compile_problem(problem)


def test_inflow_where_the_flow_enters_nowhere_is_refused():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + x * u(x, t).diff(x), 0))
    problem.inflow("in", sp.Eq(u(x, t), 0))
    with pytest.raises(ProblemError, match=r"^inflow 'in': the flow of 'pde' enters the domain"):
        compile_problem(problem)


def test_an_inflow_grid_needs_one_count_per_free_axis_of_a_face():
    problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)))
    with pytest.raises(ProblemError, match=r"Grid n=\(4, 4, 4\) gives 3 counts .* 2 axes"):
        problem.inflow("in", sp.Eq(u(x, y, t), 0), points=Grid(n=(4, 4, 4)))


# -- the box's boundary sampler -------------------------------------------------------------


def test_box_faces_carry_outward_normals_and_share_random_points_by_area():
    faces = BoxFaces.of(("x", "y", "t"), time_axis=2)
    lower, upper = np.array([0.0, 0.0, 0.0]), np.array([2.0, 1.0, 1.0])
    drawn = faces(lower, upper, Random(600), seed=0, salt="s")
    assert drawn.pieces == ("x=0", "x=2", "y=0", "y=1")
    # areas 1, 1, 2, 2 (times t): 100, 100, 200, 200 points
    assert drawn.counts() == {"x=0": 100, "x=2": 100, "y=0": 200, "y=1": 200}
    on = drawn.piece == 1
    assert np.all(drawn.points[on, 0] == 2) and np.all(drawn.normals[on] == [1.0, 0.0])
    on = drawn.piece == 2
    assert np.all(drawn.points[on, 1] == 0) and np.all(drawn.normals[on] == [0.0, -1.0])
    assert split_count(7, [1.0, 1.0, 1.0]) == [3, 2, 2]


def test_a_manufactured_problem_keeps_its_inflow_condition():
    problem = transport(inflow=True).manufactured(sp.exp(-t) * sp.cos(x))
    inflow = problem.terms[-1]
    assert inflow.inflow and inflow.name == "inflow"
    compiled = compile_problem(problem)
    term = compiled.terms[-1]
    assert term.location == "inflow: x=0"
    assert np.allclose(term.source, np.exp(-term.points[:, 1]))  # cos(0) exp(-t)


def test_an_override_of_the_inflow_points_is_drawn_on_the_inflow_faces(tmp_path, capsys):
    path = tmp_path / "gauss.py"
    text = (PROBLEMS / "advection_gauss.py").read_text()
    old = 'problem.condition("inflow", sp.Eq(u(0, t), g.subs(x, -t)))'
    assert old in text
    path.write_text(text.replace(old, 'problem.inflow("inflow", sp.Eq(u(x, t), g.subs(x, x - t)))'))
    assert main(["check", str(path), "--set", "inflow.points=random:40"]) == 0
    out = capsys.readouterr().out
    # random:40 is shared by the faces x = 0 and x = 1 (equal areas); x = 0's 20 are kept
    assert "inflow    'inflow': 20 boundary points where a·n < 0, on x=0 (20)" in out


def test_the_transport_template_finds_its_inflow_face_for_either_sign(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    assert main(["new", "mine", "--template", "transport"]) == 0
    for value, face in (("1", "x=0"), ("-1", "x=1")):
        capsys.readouterr()
        assert main(["check", "mine.py", "--set", f"a={value}"]) == 0
        line = f"inflow    'inflow': 64 boundary points where a·n < 0, on {face} (64)"
        assert line in capsys.readouterr().out


def test_a_system_face_with_more_conditions_than_entering_speeds_warns():
    """p_t + v_x = 0, v_t + p_x = 0: speeds -1 and 1, one enters through each end."""
    p, v = sp.Function("p"), sp.Function("v")
    wave = sp.sin(sp.pi * (x - t))  # right-going: p = v
    problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="pair")
    problem.equation("mass", sp.Eq(p(x, t).diff(t) + v(x, t).diff(x), 0))
    problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
    problem.condition("initial-p", sp.Eq(p(x, 0), wave.subs(t, 0)))
    problem.condition("initial-v", sp.Eq(v(x, 0), wave.subs(t, 0)))
    problem.condition("left", sp.Eq(p(0, t), wave.subs(x, 0)))
    problem.condition("right", sp.Eq(p(1, t) - v(1, t), 0))
    compiled = compile_problem(problem)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert require_well_posed(compiled).kind == "system"
    problem.condition("left-v", sp.Eq(v(0, t), wave.subs(x, 0)))
    with pytest.warns(
        pinnls.PinnlsWarning, match=r"^2 conditions hold on x=0 \(left, left-v\) but"
    ):
        require_well_posed(compile_problem(problem))


def test_a_condition_given_with_on_covers_its_face():
    domain = Box(x=(0, 1), t=(0, 1))
    problem = Problem(u(x, t), domain)
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("left", sp.Eq(u(x, t), sp.sin(-t)), on=domain.face(x=0))
    found = require_well_posed(compile_problem(problem))
    assert [(p.name, p.covered_by) for p in found.pieces] == [("x=0", ("left",)), ("x=1", ())]
