"""Data that jump, carried by a transport flow: steps across the carried planes.

A square pulse carried by ``u_t + u_x = 0`` was solved to 0.20 rel L2 with the defaults, the
smooth features smearing its edges; with a step across each carried plane it is exact to
rounding (docs/benchmarks.md, section 30).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, compile_problem, solve
from pinnls.cli import main
from pinnls.errors import PinnlsWarning
from pinnls.settings import Settings
from pinnls.training.initial import build_basis

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def pulse(s):
    return sp.Piecewise((1, (s > 0.2) & (s < 0.5)), (0, True))


def carried(reaction: float = 0.0, speed=1, initial=pulse, inflow=0) -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="pulse")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t) + speed * U.diff(x) + reaction * U, 0))
    problem.condition("init", sp.Eq(u(x, 0), initial(x)))
    problem.condition("inflow", sp.Eq(u(0, t), inflow))
    return problem


def test_a_square_pulse_jumps_across_two_planes_carried_along_the_flow():
    normals, offsets, sides = compile_problem(carried()).carried_jumps()
    assert normals.shape == (2, 2)
    # each plane contains the flow (1, 1) and passes through its edge at t = 0
    assert np.allclose(normals @ [1.0, 1.0], 0, atol=1e-15)
    # in a fixed order (sorted by the data's planes), whatever the process's hash seed
    for plane, edge in enumerate((0.5, 0.2)):
        assert abs(normals[plane] @ [edge, 0.0] + offsets[plane]) < 1e-15
    # strict inequalities: on each edge the pulse is 0, the value outside it
    assert list(sides) == [1.0, -1.0]


def test_a_switch_in_the_inflow_and_the_corner_are_carried():
    # the inflow switches off at t = 0.3, and at the corner the initial 0 meets the inflow's 1
    problem = carried(initial=lambda s: 0, inflow=sp.Piecewise((1, t < 0.3), (0, True)))
    normals, offsets, sides = compile_problem(problem).carried_jumps()
    assert len(normals) == 2
    for plane, points in enumerate([([0, 0], [0.5, 0.5]), ([0.0, 0.3], [0.5, 0.8], [1.2, 1.5])]):
        for point in points:
            assert abs(normals[plane] @ point + offsets[plane]) < 1e-14
    # on the corner's plane the initial face's value (0): the side of the points it feeds
    assert np.sign(normals[0] @ [0.5, 0.0] + offsets[0]) == sides[0]
    problem.exact(sp.Piecewise((sp.Piecewise((1, t - x < 0.3), (0, True)), t > x), (0, True)))
    solution = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh")
    assert solution.errors(51)["rel_l2"] < 1e-10


def test_no_plane_where_the_data_do_not_jump_or_the_relation_is_not_affine():
    hat = lambda s: sp.Piecewise((1 - 10 * sp.Abs(s - 0.3), (s > 0.2) & (s < 0.4)), (0, True))  # noqa: E731
    assert compile_problem(carried(initial=hat)).carried_jumps() is None
    disk = lambda s: sp.Piecewise((1, s**2 < 0.1), (0, True))  # noqa: E731
    # (the inflow's 1 meets the initial data's 1 at the corner: no jump there either)
    assert compile_problem(carried(initial=disk, inflow=1)).carried_jumps() is None


def test_no_plane_beside_diffusion():
    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="spread")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), U.diff(x, 2) / 100))
    problem.condition("init", sp.Eq(u(x, 0), pulse(x)))
    problem.condition("left", sp.Eq(u(0, t), 0))
    problem.condition("right", sp.Eq(u(2, t), 0))
    assert compile_problem(problem).carried_jumps() is None


def test_the_steps_are_exact_steps_whose_derivatives_vanish_off_their_planes():
    settings = Settings(width=16, init_scale=1.5, aligned=1.0, activation="tanh")
    basis = build_basis(compile_problem(carried(), settings), settings)
    points = torch.tensor([[0.69, 0.5], [0.71, 0.5], [0.5, 0.3], [1.0, 0.5]], dtype=torch.float64)
    points.requires_grad_(True)
    steps = basis.hidden(points)[:, :2]
    # the first step across x - t = 0.5 (pulse 0 on it: the upper side), the second across
    # x - t = 0.2 (pulse 0 on it: the lower side)
    expected = [[-1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, 1.0]]
    assert torch.equal(steps.detach(), torch.tensor(expected, dtype=torch.float64))
    (gradient,) = torch.autograd.grad(steps.sum(), points)
    assert torch.count_nonzero(gradient) == 0


@pytest.mark.parametrize("reaction", [0.0, 1.0])
def test_a_square_pulse_is_solved_to_rounding(reaction):
    # with a reaction the features lie on the feet with an envelope: the steps too
    problem = carried(reaction=reaction)
    problem.exact(pulse(x - t) * sp.exp(-reaction * t))
    solution = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh")
    # the evaluation grid (51 points a side over [0, 2] x [0, 1]) lies on both planes: there
    # the exact value is the data's, not a rounding of x - t against 0.2
    fields = solution.grid(51)
    assert fields["on_jumps"] > 0
    assert solution.errors(51)["rel_l2"] < 1e-10
    rng = np.random.default_rng(3)
    points = rng.uniform([0, 0], [2, 1], (4000, 2))
    s = points[:, 0] - points[:, 1]
    exact = np.where((s > 0.2) & (s < 0.5), 1, 0) * np.exp(-reaction * points[:, 1])
    assert np.abs(solution(points) - exact).max() < 1e-10


def test_a_step_in_two_space_axes_and_the_check_line(tmp_path, capsys):
    path = tmp_path / "step.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, y, t = sp.symbols('x y t')\n"
        "u = sp.Function('u')\n"
        "step = lambda a, b: sp.Piecewise((1, a + b < 0.6), (0, True))\n"
        "problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 0.3)), name='step')\n"
        "U = u(x, y, t)\n"
        "problem.equation('pde', sp.Eq(U.diff(t) + U.diff(x) + U.diff(y), 0))\n"
        "problem.condition('init', sp.Eq(u(x, y, 0), step(x, y)))\n"
        "problem.inflow('in', sp.Eq(U, step(x - t, y - t)))\n"
        "problem.exact(step(x - t, y - t))\n"
    )
    assert main(["check", str(path)]) == 0
    assert "jumps     the data jump across 1 plane(s)" in capsys.readouterr().out
    from pinnls.symbolic.loader import load_problem

    problem = load_problem(path).problem
    normals, offsets, _ = compile_problem(problem).carried_jumps()
    assert np.allclose(normals[0] * np.sqrt(6), [1, 1, -2])
    assert np.isclose(offsets[0] * np.sqrt(6), -0.6)
    solution = solve(problem, width=256, init_scale=1.5, aligned=1.0, activation="tanh")
    assert solution.errors(21)["rel_l2"] < 1e-10


def test_rows_on_a_plane_move_to_the_data_side_and_nothing_else_moves():
    compiled = compile_problem(carried())
    init = {t.name: t for t in compiled.terms}["init"]
    # points on both edges of the pulse, and off them on either side of each
    points = np.array([[0.2, 0.0], [0.1, 0.0], [0.5, 0.0], [0.35, 0.0], [0.9, 0.0]])
    init = dataclasses.replace(init, points=points, source=init.source_function(points))
    compiled = dataclasses.replace(
        compiled, terms=tuple(init if t.name == "init" else t for t in compiled.terms)
    )
    moved = {t.name: t for t in compiled.off_jumps().terms}
    after = moved["init"]
    # each edge point moved by at most 1e-8 to the side of the value the data take there (0):
    # x = 0.2 to the left, x = 0.5 to the right; the others stay
    assert 0.2 - 1e-8 < after.points[0, 0] < 0.2 and 0.5 < after.points[2, 0] < 0.5 + 1e-8
    assert list(after.source) == [0.0, 0.0, 0.0, 1.0, 0.0]
    assert np.array_equal(after.points[[1, 3, 4]], points[[1, 3, 4]])
    normals, offsets, _ = compiled.carried_jumps()
    for term in compiled.terms:  # the interior grid has points on x - t = 0.5 too
        on = (np.abs(term.points @ normals.T + offsets) < 1e-12).any(axis=1)
        shift = np.abs(moved[term.name].points - term.points).max(axis=1)
        assert np.all(shift[~on] == 0) and np.all((shift[on] > 0) & (shift[on] < 1e-8))
    smooth = compile_problem(carried(initial=sp.sin))
    assert smooth.off_jumps() is smooth


@pytest.mark.parametrize("flags", [{"time_slabs": 3}, {"dtype": "float32"}])
def test_steps_in_time_slabs_and_in_float32(flags):
    # a slab's interface takes the previous slab's steps as data; float32 steps are gentler
    # (1e6 per unit), since a float32 bias rounds at 6e-8 of its size
    problem = carried()
    problem.exact(pulse(x - t))
    solution = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh", **flags)
    assert solution.errors(51)["rel_l2"] < (1e-10 if "time_slabs" in flags else 1e-4)


def test_a_plane_written_both_ways_round_is_one_plane():
    compiled = compile_problem(carried())
    normal = np.array([0.6, -0.8])
    (normals, offsets, sides) = compiled._stacked([(normal, 0.1, 1.0), (-normal, -0.1, -1.0)])
    assert len(normals) == 1 and np.allclose(normals[0], normal) and list(sides) == [1.0]


def test_a_closed_interval_takes_its_edges_and_the_report_counts_tanh_steps_only():
    closed = lambda s: sp.Piecewise((1, (s >= 0.2) & (s <= 0.5)), (0, True))  # noqa: E731
    problem = carried(initial=closed)
    # on each edge the pulse is 1 (closed): the inner side, not the outer one
    assert list(compile_problem(problem).carried_jumps()[2]) == [-1.0, 1.0]
    problem.exact(closed(x - t))
    steps = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh")
    assert steps.errors(51)["rel_l2"] < 1e-10
    from pinnls.io.report import build_report

    assert build_report(steps)["alignment"]["jumps"] == 2
    with pytest.warns(PinnlsWarning, match="not resolved"):  # no steps: the jumps smeared
        smooth = solve(problem, width=64, init_scale=1.5, aligned=1.0, activation="sin")
    assert "jumps" not in build_report(smooth)["alignment"]


def test_a_reaction_carries_an_inflow_switch_on_its_feet():
    # u_t + u_x + u = 0, the inflow exp(-t) switched off at t = 0.3: u = exp(-t) until x = t - 0.3
    problem = carried(
        reaction=1.0, initial=lambda s: 1, inflow=sp.exp(-t) * sp.Piecewise((1, t < 0.3), (0, True))
    )
    problem.exact(sp.exp(-t) * sp.Piecewise((1, t - x < 0.3), (0, True)))
    solution = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh")
    assert solution.errors(51)["rel_l2"] < 1e-10


def test_an_inflow_switched_on_against_initial_data_at_rest():
    # no Piecewise at all: the corner's plane x = t alone, and the grid's rows on it
    problem = carried(initial=lambda s: 0, inflow=1)
    problem.exact(sp.Piecewise((1, t > x), (0, True)))
    solution = solve(problem, width=128, init_scale=1.5, aligned=1.0, activation="tanh")
    assert solution.errors(51)["rel_l2"] < 1e-10


def test_a_periodic_condition_is_not_data_that_meet_the_initial_data():
    # u(0, t) - u(1, t) = 0 has a right-hand side of 0, which is not a value of u: no corner
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="ring")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    problem.condition("init", sp.Eq(u(x, 0), 1 + sp.sin(2 * sp.pi * x)))
    problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    assert compile_problem(problem).carried_jumps() is None
    # ... nor is a flux condition, though its data (2) differ from the initial value (1)
    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="flux")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x), 0))
    problem.condition("init", sp.Eq(u(x, 0), 1))
    problem.condition("flux", sp.Eq(U.diff(x).subs(x, 0), 2))
    assert compile_problem(problem).carried_jumps() is None
