"""One least-squares column per plane wave of a hyperbolic system (pinnls.numeric.waves)."""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
import sympy as sp
import torch
from test_aligned import acoustics_2d, p, v, w, x, y
from test_aligned import t as t_

import pinnls
from pinnls import Box, Problem, Settings, compile_problem
from pinnls.numeric.assembly import System
from pinnls.numeric.least_squares import least_squares
from pinnls.numeric.waves import reducible, reduction
from pinnls.training import build_basis, cost, stages
from pinnls.training.stages import Stages

COMMON = {"activation": "tanh", "init_scale": 2.0, "optimizer": "auto"}


def acoustics_with(extra_mass=0, source=0) -> Problem:
    """acoustics_2d's equations with ``extra_mass * p`` added to the first (a term of order 0)
    and ``source`` on its right-hand side, its data from a plane wave (not a solution then:
    only what :func:`reducible` reads matters here)."""
    s = sp.Rational(3, 5) * x + sp.Rational(4, 5) * y - t_
    f = sp.sin(3 * s)
    problem = Problem([p(x, y, t_), v(x, y, t_), w(x, y, t_)], Box(x=(0, 1), y=(0, 1), t=(0, 1)))
    pp, vv, ww = p(x, y, t_), v(x, y, t_), w(x, y, t_)
    problem.equation("mass", sp.Eq(pp.diff(t_) + vv.diff(x) + ww.diff(y) + extra_mass * pp, source))
    problem.equation("x", sp.Eq(vv.diff(t_) + pp.diff(x), 0))
    problem.equation("y", sp.Eq(ww.diff(t_) + pp.diff(y), 0))
    for name, function in (("p0", p), ("v0", v), ("w0", w)):
        problem.condition(name, sp.Eq(function(x, y, 0), f.subs(t_, 0)))
    return problem


def test_a_homogeneous_hyperbolic_system_of_three_is_reducible_and_nothing_else():
    assert reducible(compile_problem(acoustics_2d()))
    assert reducible(compile_problem(acoustics_with()))
    # a term of order 0, or a source, is not solved by the plane waves
    assert not reducible(compile_problem(acoustics_with(extra_mass=1)))
    assert not reducible(compile_problem(acoustics_with(source=sp.sin(x))))
    # a system of two has a cone, a scalar transport a flow: both keep their columns
    from test_systems import acoustics

    assert not reducible(compile_problem(acoustics()))
    u = sp.Function("u")
    transport = Problem(u(x, t_), Box(x=(0, 1), t=(0, 1)))
    transport.equation("pde", sp.Eq(u(x, t_).diff(t_) + u(x, t_).diff(x), 0))
    transport.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    assert not reducible(compile_problem(transport))


def reduce(reduced, A: torch.Tensor) -> torch.Tensor:
    """The reference: ``(rows, m * size)`` full rows to ``(rows, columns)`` reduced ones, each
    wave's m columns weighted by its vector, then the kept columns."""
    blocks = A.reshape(A.shape[0], reduced.unknowns, reduced.size)
    waves = (blocks[:, :, reduced.waves] * reduced.vectors.T[None]).sum(dim=1)
    return torch.cat([waves, A[:, reduced.kept]], dim=1)


def system_at(width: int, aligned: float):
    settings = Settings(width=width, aligned=aligned, **COMMON)
    compiled = compile_problem(acoustics_2d(), settings)
    sized = Stages(compiled, settings, None, budget=None).sized(width)
    basis = build_basis(sized, settings)
    A, b = System(sized, torch.float64, "cpu").assemble(basis)
    return sized, basis, A.detach(), b


def test_every_aligned_feature_is_one_column_that_solves_the_equations():
    sized, basis, A, b = system_at(64, 1.0)
    reduced = reduction(sized, basis)
    assert reduced.waves.numel() == 64 and reduced.columns == 64 + 3  # and each constant
    Ar = reduce(reduced, A)
    equations = sum(term.size for term in sized.terms if term.kind == "equation")
    # a wave's equation rows vanish: it solves them with its family's vector
    assert Ar[:equations, :64].abs().max() < 1e-12 * A[:equations].abs().max()
    assert torch.allclose(reduced.vectors.norm(dim=1), torch.ones(64, dtype=torch.float64))
    # the reduced solution, expanded, is a solution of the full system with that residual
    result = least_squares(Ar, b)
    c = reduced.expand(result.coefficients)
    assert c.shape == (3 * basis.size,)
    assert float(torch.linalg.norm(A @ c - b)) == pytest.approx(result.residual, rel=1e-9)


def test_features_that_are_not_waves_keep_a_column_per_unknown():
    sized, basis, A, b = system_at(64, 0.5)
    reduced = reduction(sized, basis)
    assert reduced.waves.numel() == 32 and reduced.kept.numel() == 3 * (32 + 1)
    assert reduce(reduced, A).shape == (A.shape[0], 32 + 99)
    # a plain basis has no waves
    sized, basis, _, _ = system_at(64, 0.0)
    assert reduction(sized, basis) is None


@pytest.mark.parametrize("fraction", [1.0, 0.5])
def test_the_reduced_rows_come_straight_from_each_unknowns_block(fraction):
    sized, basis, A, b = system_at(64, fraction)
    reduced = reduction(sized, basis)
    system = System(sized, torch.float64, "cpu")
    with torch.no_grad():
        straight = torch.cat([t.scale * t.block(basis, None, reduced) for t in system.terms])
    full = reduce(reduced, A)
    assert straight.shape == full.shape
    assert torch.allclose(straight, full, rtol=1e-13, atol=1e-13 * float(full.abs().max()))
    # and back: contract undoes expand, and refuses coefficients that are no expansion
    c = torch.randn(reduced.columns, dtype=torch.float64)
    assert torch.allclose(reduced.contract(reduced.expand(c)), c, rtol=1e-13, atol=1e-14)
    assert reduced.contract(torch.randn(3 * basis.size, dtype=torch.float64)) is None
    # a term applied to coefficients is its block times them, without the zero blocks
    c = torch.randn(3 * basis.size, dtype=torch.float64)
    for term in system.terms:
        with torch.no_grad():
            applied, block = term.apply(basis, c), term.block(basis) @ c
        assert torch.allclose(applied, block, rtol=1e-12, atol=1e-12 * float(block.abs().max()))


def test_the_loss_on_reduced_rows_is_the_full_rows_loss():
    from pinnls.training.chunks import Chunks

    settings = Settings(width=64, aligned=1.0, **COMMON)
    compiled = compile_problem(acoustics_2d(), settings)
    sized = Stages(compiled, settings, None, budget=None).sized(64)
    basis = build_basis(sized, settings)
    system = System(sized, torch.float64, "cpu")
    chunks = Chunks(system, basis, chunk_size=65536, graph=False)
    solved = chunks.least_squares(settings)
    assert solved.columns == 64 + 3
    loss, terms = chunks.losses(solved.coefficients)
    assert chunks._kept.reduced is not None  # the loss read the reduced rows
    A, b = system.assemble(basis)
    direct = float((A.detach() @ solved.coefficients - b).square().sum())
    assert loss == pytest.approx(direct, rel=1e-9, abs=1e-14)
    # coefficients that no solve gave (an optimizer's): the full rows, the full loss
    other = torch.randn(3 * basis.size, dtype=torch.float64)
    loss, _ = chunks.losses(other)
    assert chunks._kept.reduced is None
    assert loss == pytest.approx(float((A.detach() @ other - b).square().sum()), rel=1e-9)
    # a fresh pass over the system in several chunks, at the solve's coefficients: reduced
    # rows, read at the contracted coefficients, the same loss and the same solve
    streamed = Chunks(system, basis, chunk_size=100, graph=False)
    assert not streamed.single
    again = streamed.least_squares(settings)
    assert torch.allclose(again.coefficients, solved.coefficients, rtol=1e-8, atol=1e-10)
    fresh = Chunks(system, basis, chunk_size=100, graph=False)
    loss, _ = fresh.losses(solved.coefficients)
    assert fresh._reduction() is not None and fresh._solved is not None  # contracted
    assert loss == pytest.approx(direct, rel=1e-9, abs=1e-14)


def test_contract_knows_its_own_expansion_in_float32():
    sized, basis, A, b = system_at(64, 1.0)
    reduced = reduction(sized, basis)
    single = dataclasses.replace(reduced, vectors=reduced.vectors.float())
    c = torch.randn(single.columns, dtype=torch.float32)
    assert torch.allclose(single.contract(single.expand(c)), c, rtol=1e-5, atol=1e-6)


def test_a_stage_of_waves_solves_its_columns_and_matches_the_full_solve(monkeypatch):
    def solve():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return pinnls.solve(acoustics_2d(), width=256, aligned=1.0, **COMMON)

    reduced = solve()
    assert reduced.columns == 256 + 3 and reduced.rank > 0.9 * reduced.columns
    assert reduced.coefficients.shape == (3 * 257,)
    monkeypatch.setattr("pinnls.training.chunks.reduction", lambda compiled, basis: None)
    full = solve()
    assert full.columns is None and full.rank > 259
    # measured: 3.4e-4 one column per wave, 3.2e-4 with three columns each (the same waves)
    errors = reduced.errors()["rel_l2"], full.errors()["rel_l2"]
    assert errors[0] < 1e-3 and errors[0] < 1.5 * errors[1], errors
    assert reduced.validation["total"] < 3 * errors[0]


def acoustics_3d() -> Problem:
    """3-D acoustics in (p, u, v, w) over (x, y, z, t): speeds -1, 0, 0, 1 across every
    direction, the two zero speeds one repeated root (data from a plane wave)."""
    z = sp.Symbol("z")
    q = sp.Function("q")
    s = (2 * x + 3 * y + 6 * z) / 7 - t_
    f = sp.sin(2 * s)
    unknowns = [g(x, y, z, t_) for g in (p, v, w, q)]
    problem = Problem(unknowns, Box(x=(0, 1), y=(0, 1), z=(0, 1), t=(0, 1)))
    pp, vv, ww, qq = unknowns
    problem.equation("mass", sp.Eq(pp.diff(t_) + vv.diff(x) + ww.diff(y) + qq.diff(z), 0))
    for name, velocity, axis in (("x", vv, x), ("y", ww, y), ("z", qq, z)):
        problem.equation(name, sp.Eq(velocity.diff(t_) + pp.diff(axis), 0))
    for name, function in (("p0", p), ("v0", v), ("w0", w), ("q0", q)):
        problem.condition(name, sp.Eq(function(x, y, z, 0), f.subs(t_, 0)))
    return problem


@pytest.mark.parametrize("fraction", [1.0, 0.5])
def test_the_plan_counts_the_columns_the_solve_has(fraction):
    # 2-D acoustics: every speed simple; 3-D: the repeated zero speed's waves keep 4 columns
    from pinnls.numeric.waves import simple_speeds

    for problem, simple in ((acoustics_2d(), (True,) * 3), (acoustics_3d(), (1, 0, 0, 1))):
        settings = Settings(width=64, aligned=fraction, **COMMON)
        compiled = compile_problem(problem, settings)
        assert simple_speeds(compiled) == tuple(map(bool, simple))
        runs = Stages(compiled, settings, None, budget=None)
        sized = runs.sized(64)
        solved = reduction(sized, build_basis(sized, settings)).columns
        assert runs._solved(64, fraction) == solved


def test_a_system_with_data_keeps_its_columns():
    problem = acoustics_with()
    problem.data("probe", p(x, y, t_), points=[[0.5, 0.5, 0.5]], values=[0.0])
    assert not reducible(compile_problem(problem))


def test_the_plan_charges_a_stage_of_waves_its_solved_columns():
    compiled = compile_problem(acoustics_2d())
    runs = Stages(compiled, Settings(**COMMON), None, budget=None)
    problem = runs.sized(512, aligned=1.0)
    assert runs._solved(512, 1.0) == 512 + 3 and runs._solved(512, 0.5) == 256 + 3 * 257
    assert runs._solved(512, 0.0) is None
    full, solved = cost.features(problem, 512), cost.features(problem, 512, 515)
    assert full["solved"] == full["columns"] == 3 * 513 and solved["solved"] == 515
    # the factorization's terms shrink by the columns' ratio, and the assembly's, which
    # writes the solved columns straight from each unknown's block
    ratio = np.array(cost.terms(solved)) / np.array(cost.terms(full))
    np.testing.assert_allclose(ratio, [(515 / 1539) ** 2, (515 / 1539) ** 3, 515 / 1539])
    assert runs.predict(512, aligned=1.0) == pytest.approx(
        cost.smooth_stage(problem, 512, solved=515)
    )
    assert runs.predict(512, aligned=1.0) < 0.5 * cost.smooth_stage(problem, 512)


@pytest.mark.parametrize("waves_win", [True, False])
def test_the_ladder_runs_one_plain_rung_before_a_system_s_plane_waves(monkeypatch, waves_win):
    from auto_harness import Script, planner, problem_of

    from pinnls.training import auto

    def steady(points):
        return np.tile([1.0, 0.5, 1.0], (len(points), 1))

    compiled = problem_of(("x", "y", "t"), 2, order=1, flow=steady)
    monkeypatch.setattr(auto, "reducible", lambda compiled: True)
    # flat plain estimates: the ladder never turns; the waves win by 10x or lose by 10x
    script = Script(
        lambda width, scale, factors: 0.2,
        aligned=lambda fraction, width, scale, factors: 0.02 if waves_win else 2.0,
        plan=600.0,
        cost=lambda w, f: 1.0,
    )
    plan = planner(monkeypatch, script, Settings(time_slabs=1), compiled)
    assert plan._waves_first()
    plan._plan()
    plain = [(e[1], e[2]) for e in script.log if e[0] == "probe" and not e[7] and e[3] is None]
    at_512 = [scale for width, scale in plain if width == 512]
    if waves_win:  # one rung, then the waves
        assert at_512 == [auto.SCALES[0]] and plan.aligned == 1.0
        first_aligned = next(i for i, e in enumerate(script.log) if e[7])
        assert first_aligned == 1
    else:  # they lost: the ladder's other rungs, its first not solved again
        assert at_512[: len(auto.SCALES)] == list(auto.SCALES) and plan.aligned is None
    # where no plane waves follow, the whole ladder runs first as before
    monkeypatch.setattr(auto, "reducible", lambda compiled: False)
    assert not planner(monkeypatch, script, Settings(), compiled)._waves_first()
    monkeypatch.setattr(auto, "reducible", lambda compiled: True)
    assert not planner(monkeypatch, script, Settings(aligned=0.5), compiled)._waves_first()


def test_after_the_waves_lose_the_per_axis_probes_take_the_ladder_s_choice(monkeypatch):
    from auto_harness import Script, planner, problem_of

    from pinnls.training import auto

    def steady(points):
        return np.tile([1.0, 0.5, 1.0], (len(points), 1))

    compiled = problem_of(("x", "y", "t"), 2, order=1, flow=steady)
    monkeypatch.setattr(auto, "reducible", lambda compiled: True)
    plain = {1.5: 0.2, 2.0: 0.1, 3.0: 0.01, 4.0: 0.05, 6.0: 0.5, 8.0: 5.0, 12.0: 50.0}
    script = Script(
        lambda width, scale, factors: plain.get(scale, 1.0) / (2.0 if factors else 1.0),
        aligned=lambda fraction, width, scale, factors: 1.0,  # the waves lose
        plan=600.0,
        cost=lambda w, f: 1.0,
    )
    plan = planner(monkeypatch, script, Settings(time_slabs=1), compiled)
    plan._plan()
    assert plan.aligned is None
    per_axis = [e[2] for e in script.log if e[1] == 512 and e[3] is not None]
    # the ladder chose 3 after the waves lost; step 1a walks there, not at the first rung
    assert per_axis and set(per_axis) == {3.0}


def test_a_stage_of_waves_alone_keeps_few_interior_points():
    # every feature a wave in one column: the interior rows vanish, so one point per column
    # and equation is kept; half aligned, or a repeated speed's waves, keep ROWS_PER_COLUMN
    from pinnls.training.stages import ROWS_PER_COLUMN, WAVE_INTERIOR_ROWS

    def interior(problem, fraction):
        settings = Settings(aligned=fraction, **COMMON)
        runs = Stages(compile_problem(problem, settings), settings, None, budget=None)
        sized = runs.sized(64, aligned=fraction)
        return {term.size for term in sized.terms if term.kind == "equation"}

    (waves,) = interior(acoustics_2d(), 1.0)
    (half,) = interior(acoustics_2d(), 0.5)
    (repeated,) = interior(acoustics_3d(), 1.0)
    assert WAVE_INTERIOR_ROWS * 65 <= waves < 2 * 65
    assert half >= ROWS_PER_COLUMN * 65 and repeated >= ROWS_PER_COLUMN * 65


def test_a_first_stage_far_past_the_plan_says_so_and_runs(monkeypatch):
    # (found when a cloud typed as grid:n=4624, 4624 points per axis, ran 46 minutes silently)
    from pinnls.errors import PinnlsWarning
    from pinnls.training.budget import Budget
    from pinnls.training.stages import PAST_PLAN

    settings = Settings(width=16, activation="tanh", init_scale=2.0)
    compiled = compile_problem(acoustics_2d(), settings)
    runs = Stages(compiled, settings, None, budget=Budget(60.0))
    monkeypatch.setattr(Stages, "predict", lambda self, *a, **k: 2 * PAST_PLAN * 60.0)
    with pytest.warns(PinnlsWarning, match=r"first stage \(width 16, .* 8x the plan.s 60 s"):
        stage = runs.smooth("probe", "tanh", 16, 2.0)
    assert stage is not None and len(runs.stages) == 1  # it ran
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the second stage says nothing
        runs.smooth("probe", "tanh", 16, 3.0)


def test_the_memory_plan_counts_a_stage_of_waves_at_its_solved_columns():
    from pinnls import memory
    from pinnls.training import stages

    compiled = compile_problem(acoustics_2d())
    runs = Stages(compiled, Settings(aligned=1.0, **COMMON), None, budget=None)
    problem = runs.sized(512)
    settings = runs.settings.replace(width=512, chunk_size=4096)
    full = memory.training_need(problem, settings, open_width=512)
    waves = memory.training_need(problem, settings, open_width=512, solved=515)
    parts = {label.split(" ")[1]: size for label, size, _ in waves.parts}
    full_parts = {label.split(" ")[1]: size for label, size, _ in full.parts}
    # the chunk: the solved columns and one unknown's block of 513, not 3 blocks
    assert parts["assembled"] == pytest.approx(full_parts["assembled"] * (515 + 513) / (3 * 513))
    assert parts["least-squares"] == pytest.approx(
        full_parts["least-squares"] * (515 / (3 * 513)) ** 2
    )
    # and its rows per chunk are counted the same way, under CHUNK_ENTRIES
    rows = runs._chunk_rows(4096)
    solved = runs._solved(4096, None)
    assert rows == int(stages.CHUNK_ENTRIES // (solved + 4097))


def test_the_plan_before_a_run_counts_given_plane_waves_at_their_solved_columns(monkeypatch):
    # A report's settings rerun the choice (--optimizer lsgd, iterations 0, aligned 1): its
    # least squares solves the waves one column each (chunks.py), so the plan before the run
    # counts the solved columns and one unknown's block, as the strategy's stage did. It
    # counted every unknown's block, and refused the rerun of 2-D elastic waves at width 2048
    # with 24.3 GB available for 25.9 GB (the stage had run in the default solve).
    from pinnls import memory, run

    compiled = compile_problem(acoustics_2d())
    solved = Stages(compiled, Settings(aligned=1.0, **COMMON), None, budget=None)._solved(512, None)
    assert solved == 512 + 3
    rerun = Settings(
        optimizer="lsgd", iterations=0, width=512, activation="tanh", aligned=1.0, chunk_size=4096
    )
    assert run.given_waves(compiled, rerun) == solved

    def chunk(settings):
        given = run.given_waves(compiled, settings)
        need = memory.training_need(compiled, settings, open_width=512, solved=given)
        label, size, _ = need.parts[0]
        return label, size

    assert chunk(rerun)[0].endswith(f"by {solved + 513} columns")
    full = 3 * 513  # three unknowns' blocks
    for other in (
        rerun.replace(iterations=10),  # a gradient step keeps every column
        rerun.replace(aligned=None),  # no waves given (the strategy's stages count their own)
        rerun.replace(depth=2),  # the reduction reads one plain layer
        rerun.replace(aligned=0.5, layers=0.25),  # envelopes across layers are not waves
        rerun.replace(optimizer="auto", activation="relu"),  # the LSGD stage's steps
        rerun.replace(optimizer="adam"),  # its loss reads every column, even with no step
        rerun.replace(optimizer="gd"),
    ):
        assert run.given_waves(compiled, other) is None, other
        assert chunk(other)[0].endswith(f"by {full} columns"), other
    # the automatic strategy with the width and the waves given: its stage's chunk rows too
    auto = Settings(width=4096, aligned=1.0, **COMMON)
    wide = Stages(compiled, Settings(aligned=1.0, **COMMON), None, budget=None)
    rows = min(compiled.rows, wide._chunk_rows(4096))
    assert chunk(auto)[0] == (
        f"an assembled chunk of {rows} rows by {wide._solved(4096, None) + 4097} columns"
    )
    # and a limit between the two counts of the same rerun lets it run, where the count of
    # every column (the plan before this rule) refuses it, as a run with no waves given is
    reduced = memory.training_need(compiled, rerun, open_width=512, solved=solved).total
    every = memory.training_need(compiled, rerun, open_width=512).total
    assert reduced < every
    between = (reduced + every) / 2
    monkeypatch.setattr(memory, "available_bytes", lambda: (int(between), "a test's limit"))
    run.prepare(compiled, rerun)
    with pytest.raises(memory.MemoryPlanError, match="a test's limit"):
        run.prepare(compiled, rerun.replace(aligned=None))
    # a scalar equation has no waves to solve one column each
    from pinnls.symbolic.loader import load_problem

    scalar = compile_problem(load_problem("example:advection_gauss").problem)
    assert run.given_waves(scalar, rerun) is None
    # the columns that docs/benchmarks.md section 67 quotes: elastic waves at width 2048
    elastic = compile_problem(load_problem("benchmarks/systems2/elastic_plane_waves.py").problem)
    at_2048 = rerun.replace(width=2048, chunk_size=32720)
    assert run.given_waves(elastic, at_2048) == 2053
    label = memory.training_need(elastic, at_2048, open_width=512).parts[0][0]
    assert label == "an assembled chunk of 32720 rows by 10245 columns"
    label = memory.training_need(elastic, at_2048, open_width=512, solved=2053).parts[0][0]
    assert label == f"an assembled chunk of 32720 rows by {2053 + 2049} columns"


def test_a_stage_that_reduction_refuses_keeps_its_interior_rows_and_full_columns():
    compiled = compile_problem(acoustics_2d())
    runs = Stages(compiled, Settings(aligned=1.0, **COMMON), None, budget=None)
    assert runs._waves_only(None) and runs._solved(512, None) == 512 + 3
    # features across layers are not one plain layer of waves (reduction() says None): the
    # stage keeps six interior points per column, and the plans count every column
    runs.layers = 0.5
    assert not runs._waves_only(None) and runs._solved(512, None) is None
    assert runs._clouds(512, None, None)[4] == stages.ROWS_PER_COLUMN


def test_a_stage_of_waves_alone_gives_each_condition_two_points_per_column():
    # A reducible system has a condition per entering characteristic on every face and one per
    # unknown at t = 0; with three points per column each they were 80,663 of elastic waves'
    # 90,908 rows at width 2048, and two gave the same rel L2 in 0.71x the time
    # (docs/benchmarks.md section 68).
    compiled = compile_problem(acoustics_2d())
    runs = Stages(compiled, Settings(aligned=1.0, **COMMON), None, budget=None)
    assert runs._waves_only(None)
    assert runs._clouds(512, None, None)[2] == stages.WAVE_FACE_ROWS == 2
    sized = runs.sized(512)
    conditions = [t for t in sized.terms if t.kind != "equation"]
    assert conditions and all(2 * 513 <= len(t.points) < 3 * 513 for t in conditions)
    # aligned features that are not all waves solved one column each keep three per column
    runs.layers = 0.5
    assert not runs._waves_only(None)
    assert runs._clouds(512, None, None)[2] == stages.ALIGNED_FACE_ROWS == 3
    conditions = [t for t in runs.sized(512).terms if t.kind != "equation"]
    assert all(len(t.points) >= 3 * 513 for t in conditions)


def test_a_stage_of_plane_waves_draws_its_initial_face_as_a_sobol_cloud():
    # the waves of speed 0 are held by the initial condition alone, and steep ones go free
    # between a grid's lines (elastic waves at width 1280: estimate 175 on the grid, 4.3e-3 on
    # a Sobol cloud; docs/benchmarks.md section 52)
    from pinnls.clouds import Grid, Sobol

    compiled = compile_problem(acoustics_2d())
    runs = Stages(compiled, Settings(**COMMON), None, budget=None)
    time_axis = compiled.time_axis

    def specs(aligned):
        sized = runs.sized(512, None, aligned)
        initial = [t for t in sized.terms if t.cloud and time_axis in dict(t.cloud.fixed or {})]
        walls = [
            t
            for t in sized.terms
            if t.cloud and not t.cloud.interior and time_axis not in dict(t.cloud.fixed or {})
        ]
        assert initial and walls
        return initial, walls

    initial, walls = specs(1.0)
    assert all(isinstance(t.cloud.spec, Sobol) for t in initial)
    assert all(isinstance(t.cloud.spec, Grid) for t in walls)  # the walls keep their grids
    plain, _ = specs(0.0)
    assert all(isinstance(t.cloud.spec, Grid) for t in plain)  # a plain stage keeps the grid


def test_only_the_initial_face_is_scattered_not_a_condition_at_the_final_time():
    from pinnls.clouds import Grid, Sobol

    xx, tt = sp.symbols("x t")
    uu = sp.Function("u")
    problem = Problem(uu(xx, tt), Box(x=(0, 1), t=(0, 2)), name="ends")
    problem.equation("pde", sp.Eq(uu(xx, tt).diff(tt), uu(xx, tt).diff(xx, 2)))
    problem.condition("start", sp.Eq(uu(xx, 0), sp.sin(xx)))
    problem.condition("end", sp.Eq(uu(xx, 2), sp.sin(xx)))
    problem.condition("left", sp.Eq(uu(0, tt), 0))
    compiled = compile_problem(problem)
    kinds = {
        term.name: type(term.cloud.spec)
        for term in compiled.refined(lambda term: 40, seed=0, scatter_initial=True).terms
    }
    assert kinds == {"pde": Grid, "start": Sobol, "end": Grid, "left": Grid}
    plain = compiled.refined(lambda term: 40, seed=0)
    assert all(isinstance(term.cloud.spec, Grid) for term in plain.terms)
