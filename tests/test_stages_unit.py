"""The automatic strategy's stages (:mod:`pinnls.training.stages`) one method at a time, with no
wall clock (issue 23).

The stages' own clock (``stages.time``) is replaced by a fake whose readings the tests choose,
and the budget's clock readings (``elapsed``, ``wall_left``) are fixed per test, so what the time
bookkeeping decides does not depend on the machine's load. The least-squares stages run for real
on a tiny problem (``u' = cos 3x`` on [0, 1], ``u(0) = 0``, exact ``sin(3x)/3``, width 8: a few
milliseconds each); the ReLU stage's solver is replaced by a spy, since only what the stage hands
it and what it does with the answer belong to this module.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, W, compile_problem, memory
from pinnls.errors import SolverError
from pinnls.history import History
from pinnls.record import AutoRecord, StageRecord
from pinnls.settings import AUTO_TOL
from pinnls.training import cost, lsgd, stages
from pinnls.training.budget import Budget
from pinnls.training.loop import HISTORY_GRID_POINTS, TrainingInterrupted
from pinnls.training.validation import fresh_residuals, stage_difference

x, t = sp.symbols("x t")
u = sp.Function("u")
EXACT = sp.sin(3 * x) / 3


@pytest.fixture(autouse=True, scope="module")
def _one_torch_thread():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def ode(exact: bool = True, weight=1) -> Problem:
    problem = Problem(u(x), Box(x=(0, 1)), name="ode")
    problem.equation("ode", sp.Eq(u(x).diff(x), sp.cos(3 * x)), weight=weight)
    problem.condition("left", sp.Eq(u(0), 0))
    if exact:
        problem.exact(EXACT)
    return problem


class Clock:
    """``stages.time``'s stand-in: each ``perf_counter()`` returns the next given reading."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def perf_counter(self) -> float:
        return self.readings.pop(0)


def handed_settings(monkeypatch, name: str) -> list:
    """The value of setting ``name`` that each stage hands lsgd.run, in order (the run goes on)."""
    handed = []
    original = lsgd.run

    def spy(compiled, settings, callback=None, budget=None):
        handed.append(getattr(settings, name))
        return original(compiled, settings, callback=callback, budget=budget)

    monkeypatch.setattr(lsgd, "run", spy)
    return handed


def make(settings: Settings | None = None, plan=60.0, deadline=None, problem=None, events=None):
    """Stages of the tiny problem with a plan of ``plan`` planned seconds; the budget's elapsed
    wall time reads 7.0 and its wall time left 100.0 (unless a test sets them)."""
    settings = settings or Settings()
    compiled = compile_problem(problem or ode(), settings)
    budget = Budget(plan, deadline)
    budget.elapsed = lambda: 7.0
    budget.wall_left = lambda: 100.0
    callback = None if events is None else events.append
    return stages.Stages(compiled, settings, callback, budget)


def fake_stage(width, seconds=1.0, planned=1.0, estimate=1.0) -> stages.Stage:
    return stages.Stage(
        kind="grow",
        activation="tanh",
        width=width,
        scale=1.5,
        rows=10,
        estimate=estimate,
        seconds=seconds,
        rank=3,
        solution=None,
        planned=planned,
    )


# ------------------------------------------------------------------------- small helpers


def test_history_points_are_the_run_loop_grid_per_axis_between_2_and_101():
    assert HISTORY_GRID_POINTS == 20_000
    assert stages._history_points(1) == 101
    assert stages._history_points(2) == 101  # sqrt(20000) = 141 -> capped
    assert stages._history_points(3) == 27  # 20000 ** (1/3) = 27.1
    assert stages._history_points(4) == 11  # 11.9
    assert stages._history_points(14) == 2  # 2.03
    assert stages._history_points(40) == 2  # 1.28 -> at least 2


def test_chunk_keeps_the_matrix_under_chunk_entries_and_at_least_256_rows():
    assert stages.CHUNK_ENTRIES == 2**27
    big = Settings(chunk_size=10**9)
    assert stages._chunk(big, 1023) == 2**27 // 1024
    assert stages._chunk(big, 999) == 134217  # 2**27 / 1000 = 134217.7: whole rows
    assert isinstance(stages._chunk(big, 999), int)
    assert stages._chunk(big, 2**20) == 256  # 128 rows would be the entries' bound
    assert stages._chunk(big, 2**27) == 256
    assert stages._chunk(Settings(chunk_size=300), 1023) == 300
    assert stages._chunk(Settings(chunk_size=100), 2**20) == 100


def test_the_plan_before_training_counts_the_chunk_the_stages_assemble(monkeypatch):
    # The run's plan before training (pinnls.run.prepare) for the automatic strategy at a
    # given width counts the chunk its stages assemble (stage_chunk_rows), not chunk_size:
    # a width of 4096 on a 3-D advection-diffusion was refused for 26 GB of a chunk of 65536
    # rows that its stage, chunked at 32,760, never assembles.
    assert memory.stage_chunk_rows(10**9, 1023) == stages._chunk(Settings(chunk_size=10**9), 1023)
    settings = Settings.from_mapping({"optimizer": "auto", "width": 64, "seed": 0})
    compiled = compile_problem(heat3d(), settings)
    assert compiled.rows > 600
    monkeypatch.setattr(memory, "CHUNK_ENTRIES", 65 * 300)  # 300 rows at width 64

    def chunk_rows(settings):
        need = memory.training_need(compiled, settings, open_width=512)
        described = next(p[0] for p in need.parts if p[0].startswith("an assembled chunk"))
        return int(described.split()[4])

    assert chunk_rows(settings) == 300
    assert chunk_rows(settings.replace(chunk_size=200)) == 200
    # one chunk per process
    assert chunk_rows(settings.replace(nproc=2)) == 600
    # a fixed strategy, and the ReLU stage at a given width, assemble chunk_size rows
    fixed = Settings.from_mapping({"optimizer": "lsgd", "width": 64, "seed": 0})
    assert chunk_rows(fixed) == min(compiled.rows, fixed.chunk_size) > 300
    assert chunk_rows(settings.replace(activation="relu")) == chunk_rows(fixed)


def test_axis_scales_of_is_none_when_isotropic_and_a_copy_otherwise():
    assert stages.axis_scales_of(Settings()) is None
    assert stages.axis_scales_of(Settings(axis_scales={"x": 1.0, "t": 1})) is None
    given = {"x": 1.0, "t": 3.0}
    recorded = stages.axis_scales_of(Settings(axis_scales=given))
    assert recorded == given and recorded is not given


def test_a_stage_record_carries_every_field():
    stage = stages.Stage(
        kind="grow",
        activation="sin",
        width=24,
        scale=2.0,
        rows=150,
        estimate=1e-5,
        seconds=0.25,
        rank=23,
        solution=None,
        error=3e-6,
        planned=0.5,
        axis_scales={"x": 2.0},
        subdomains="4",
    )
    assert stage.record() == StageRecord(
        kind="grow",
        activation="sin",
        width=24,
        scale=2.0,
        rows=150,
        estimate=1e-5,
        seconds=0.25,
        rank=23,
        rel_l2_error=3e-6,
        planned=0.5,
        axis_scales={"x": 2.0},
        subdomains="4",
    )


# ------------------------------------------------------------------------------ the start


def test_a_new_stages_starts_empty_and_reads_the_room_once(monkeypatch):
    monkeypatch.setattr(memory, "available_bytes", lambda: (12345.0, 99999.0))
    runs = make()
    assert runs.stages == [] and runs.best is None and runs.failures == []
    assert runs.axis_scales is None and runs._sized == {}
    assert runs._room == 12345.0
    assert runs.callback is None and runs.budget.seconds == 60.0
    monkeypatch.setattr(memory, "available_bytes", lambda: None)
    assert make()._room is None
    base = make()
    monkeypatch.setattr(memory, "available_bytes", lambda: (0.0, 0.0))
    empty = stages.Stages(base.compiled, base.settings, None, base.budget)
    assert empty._room == 0.0  # no room at all is a room: no stage fits


# ------------------------------------------------------------------ one smooth stage, judged


def test_a_smooth_stage_is_solved_with_the_stage_settings_and_judged(monkeypatch):
    events = []
    runs = make(events=events)
    monkeypatch.setattr(stages, "time", Clock(100.0, 103.5))
    handed = []
    original = lsgd.run

    def spy(compiled, settings, callback=None, budget=None):
        handed.append((compiled, settings, callback, budget))
        return original(compiled, settings, callback=callback, budget=budget)

    monkeypatch.setattr(lsgd, "run", spy)
    planned = runs.predict(8)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    ((compiled, settings, callback, hard),) = handed
    assert compiled is runs.sized(8)
    assert [(term.name, term.size) for term in compiled.terms] == [("ode", 6 * 9), ("left", 1)]
    assert settings.optimizer == "lsgd" and settings.iterations == 0
    assert settings.width == 8 and settings.activation == "tanh" and settings.init_scale == 1.5
    assert settings.rcond == stages.TANH_RCOND and settings.time_limit is None
    assert settings.tol == 0.0 and settings.chunk_size == stages._chunk(runs.settings, 8)
    assert settings.axis_scales is None and settings.aligned is None
    assert callback is None and hard.seconds is None and hard.deadline is None
    # The stage: what was solved, its estimate recomputed, the fake clock's 3.5 s.
    solution = stage.solution
    estimate = fresh_residuals(solution.compiled, solution.basis, solution.coefficients, 0)
    assert stage.kind == "probe" and stage.activation == "tanh"
    assert stage.width == 8 and stage.scale == 1.5 and stage.rows == 55
    assert stage.estimate == float(estimate["total"]) and 1e-3 < stage.estimate < 1
    assert stage.seconds == 3.5 and stage.planned == planned and stage.rank == solution.rank
    # Its columns: 8 features and the constant (auto.saturated compares the rank with them).
    assert stage.columns == 9 == solution.coefficients.numel()
    assert stage.error == solution.history.error[-1] and 1e-4 < stage.error < 0.1
    assert stage.axis_scales is None and solution.validation["total"] == stage.estimate
    assert stage.aligned == 0.0 and "aligned" not in stage.record().to_json()
    assert runs.stages == [stage] and runs.best is stage and runs.failures == []
    assert runs.budget.charged == planned
    assert events == [
        {
            "iteration": 1,
            "iterations": None,
            "loss": solution.loss(),
            "terms": {k: v[-1] for k, v in solution.history.terms.items()},
            "error": stage.error,
            "rank": stage.rank,
            "stage": "probe",
            "index": 1,
            "width": 8,
            "activation": "tanh",
            "scale": 1.5,
            "axis_scales": None,
            "aligned": 0.0,
            "estimate": stage.estimate,
            "best": stage.estimate,
            "rows": 55,
            "wall": 7.0,
        }
    ]
    assert set(events[0]["terms"]) == {"ode", "left"}


def test_a_smooth_stage_passes_its_aligned_fraction_given_then_kept_then_the_settings(
    monkeypatch,
):
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    runs = make(Settings(aligned=0.5), problem=problem)
    handed = handed_settings(monkeypatch, "aligned")
    first = runs.smooth("probe", "tanh", 8, 1.5)
    runs.aligned = 1.0
    kept = runs.smooth("probe", "tanh", 8, 1.5)
    given = runs.smooth("probe", "tanh", 8, 1.5, aligned=0.25)
    assert handed == [0.5, 1.0, 0.25]
    assert [first.aligned, kept.aligned, given.aligned] == [0.5, 1.0, 0.25]
    assert kept.record().to_json()["aligned"] == 1.0
    # all aligned on u_t + u_x = 0: every feature solves it, the PDE rows are left at rounding
    assert kept.solution.history.terms["pde"][-1] < 1e-20 < first.solution.history.terms["pde"][-1]


def test_a_smooth_stage_takes_its_cells_given_then_kept_then_the_settings(monkeypatch):
    runs = make(Settings(subdomains="2"))
    handed = handed_settings(monkeypatch, "subdomains")
    first = runs.smooth("probe", "tanh", 8, 1.5)
    runs.subdomains = "4"
    kept = runs.smooth("probe", "tanh", 8, 1.5)
    given = runs.smooth("probe", "tanh", 8, 1.5, subdomains="8")
    assert handed == ["2", "4", "8"]
    assert [first.subdomains, kept.subdomains, given.subdomains] == ["2", "4", "8"]
    assert [st.solution.basis.subdomains for st in (first, kept, given)] == [2, 4, 8]
    assert kept.record().to_json()["subdomains"] == "4"
    # the choice names the best stage's cells
    chosen = runs.result(complete=True, reason="converged").strategy.chosen
    assert chosen.subdomains == runs.best.subdomains and chosen.stage == runs.stages.index(
        runs.best
    )


def test_a_smooth_stage_keeps_a_given_rcond_and_passes_its_axis_factors(monkeypatch):
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    given = Settings(rcond=1e-9, time_limit=30.0, tol=1e-6, chunk_size=10**9)
    runs = make(given, problem=problem)
    handed = []

    def spy(compiled, settings, callback=None, budget=None):
        handed.append((compiled, settings))
        raise SolverError("stop here")

    monkeypatch.setattr(lsgd, "run", spy)
    factors = {"x": 1.0, "t": 2.0}
    assert runs.smooth("grow", "tanh", 8, 2.0, axis_scales=factors) is None
    ((compiled, settings),) = handed
    assert settings.rcond == 1e-9 and settings.axis_scales == factors
    assert settings.time_limit is None  # the run's hard stop is the budget handed down
    assert settings.tol == 0.0 and settings.chunk_size == 2**27 // 9
    assert compiled is runs.sized(8, factors) and compiled is not runs.sized(8)
    assert runs.budget.charged == runs.predict(8, factors) != runs.predict(8)
    assert runs.failures == ["grow width 8: stop here"]
    # Set once probed, the strategy's factors are every later stage's.
    runs.axis_scales = {"x": 3.0, "t": 1.0}
    runs.smooth("grow", "tanh", 8, 2.0)
    assert handed[-1][1].axis_scales == {"x": 3.0, "t": 1.0}
    assert handed[-1][0] is runs.sized(8, {"x": 3.0, "t": 1.0})


def test_the_settings_axis_factors_apply_until_the_strategy_sets_its_own():
    runs = make(Settings(axis_scales={"x": 2.0}))
    assert runs._factors(None) == {"x": 2.0}
    assert runs._factors({"x": 3.0}) == {"x": 3.0}
    runs.axis_scales = {"x": 4.0}
    assert runs._factors(None) == {"x": 4.0}


def test_a_failed_solve_without_a_state_is_recorded_and_judges_nothing(monkeypatch):
    runs = make()

    def fail(*args, **kwargs):
        raise SolverError("NaN in the loss")

    monkeypatch.setattr(lsgd, "run", fail)
    assert runs.smooth("probe", "tanh", 8, 1.5) is None
    assert runs.failures == ["probe width 8: NaN in the loss"]
    assert runs.stages == [] and runs.best is None
    assert runs.budget.charged == runs.predict(8)


def test_a_failed_solve_with_a_partial_state_judges_that_state(monkeypatch):
    runs = make()
    original = lsgd.run

    def fail(compiled, settings, callback=None, budget=None):
        error = SolverError("diverged")
        error.solution = original(compiled, settings, callback=callback, budget=budget)
        raise error

    monkeypatch.setattr(lsgd, "run", fail)
    monkeypatch.setattr(stages, "time", Clock(10.0, 12.0))
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    assert stage is not None and runs.stages == [stage] and runs.best is stage
    assert stage.seconds == 2.0 and math.isfinite(stage.estimate)
    assert runs.failures == ["probe width 8: diverged"]


def test_a_stage_s_seconds_run_from_sizing_its_clouds_to_the_end_of_its_judgement(monkeypatch):
    """The hard stop's pace reads these seconds: the validation estimate and the sizing of the
    clouds are part of what a stage costs (leaving them out let a 10 s limit run to 10.6 s)."""
    runs = make()
    clock = Clock(5.0, 9.0)
    monkeypatch.setattr(stages, "time", clock)
    seen = []
    sized, judged = stages.Stages.sized, stages.fresh_residuals

    def sizing(self, *args, **kwargs):
        seen.append(("sized", len(clock.readings)))
        return sized(self, *args, **kwargs)

    def judging(*args, **kwargs):
        seen.append(("judged", len(clock.readings)))
        return judged(*args, **kwargs)

    monkeypatch.setattr(stages.Stages, "sized", sizing)
    monkeypatch.setattr(stages, "fresh_residuals", judging)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    # one reading taken before the clouds are sized, the other after the estimate
    assert ("sized", 1) in seen and ("judged", 1) in seen and not clock.readings
    assert stage.seconds == 4.0


def test_only_the_best_stage_keeps_the_residuals_it_measured():
    """result() returns the best stage; the others' measured residuals (a float per row) are
    dropped as soon as they cannot be chosen."""
    runs = make()
    made = [runs.smooth("probe", "tanh", width, 1.5) for width in (4, 8, 12, 6)]
    assert all(stage is not None for stage in made)
    kept = [stage for stage in made if stage.solution.fitted is not None]
    assert kept == [runs.best] and runs.best in made


def test_an_interrupted_stage_is_judged_then_interrupts_the_strategy(monkeypatch):
    runs = make()
    original = lsgd.run

    def interrupted(compiled, settings, callback=None, budget=None):
        raise TrainingInterrupted(original(compiled, settings, callback=callback, budget=budget))

    monkeypatch.setattr(lsgd, "run", interrupted)
    monkeypatch.setattr(stages, "time", Clock(1.0, 1.25))
    with pytest.raises(KeyboardInterrupt) as caught:
        runs.smooth("grow", "tanh", 8, 2.0)
    assert not isinstance(caught.value, TrainingInterrupted)
    assert caught.value.__suppress_context__
    (stage,) = runs.stages
    assert stage.kind == "grow" and stage.scale == 2.0 and stage.seconds == 0.25
    assert stage.planned == runs.predict(8) and runs.best is stage


def test_the_stage_solver_stops_at_the_run_s_hard_stop(monkeypatch):
    runs = make(deadline=50.0)
    runs.budget.deadline_left = lambda: 42.0
    handed = []

    def spy(compiled, settings, callback=None, budget=None):
        handed.append(budget)
        raise SolverError("x")

    monkeypatch.setattr(lsgd, "run", spy)
    runs.smooth("probe", "tanh", 8, 1.5)
    assert handed[0].seconds is None and handed[0].deadline == 42.0


# ------------------------------------------------------------------------------- judging


def scripted(monkeypatch, *totals):
    """Make the validation estimate return these totals in turn (None: no estimate)."""
    queue = list(totals)

    def estimate(*args, **kwargs):
        value = queue.pop(0)
        return None if value is None else {"total": value}

    monkeypatch.setattr(stages, "fresh_residuals", estimate)


def test_the_best_stage_is_the_lowest_finite_estimate_and_ties_keep_the_first(monkeypatch):
    events = []
    runs = make(events=events)
    scripted(monkeypatch, 0.5, 0.1, 0.3, 0.1, math.nan, None)
    made = [runs.smooth("grow", "tanh", 8, 1.5) for _ in range(6)]
    assert [st.estimate for st in made[:4]] == [0.5, 0.1, 0.3, 0.1]
    assert math.isnan(made[4].estimate) and made[5].estimate == math.inf
    assert runs.best is made[1]
    assert [event["best"] for event in events] == [0.5, 0.1, 0.1, 0.1, 0.1, 0.1]
    assert [event["iteration"] for event in events] == [1, 2, 3, 4, 5, 6]
    assert [event["index"] for event in events] == [1, 2, 3, 4, 5, 6]
    assert runs.failures == ["grow width 8: estimate nan", "grow width 8: estimate inf"]


def test_with_no_finite_estimate_nothing_is_best(monkeypatch):
    events = []
    runs = make(events=events)
    scripted(monkeypatch, None)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    assert stage.estimate == math.inf and runs.best is None
    assert stage.solution.validation is None
    assert events[0]["best"] == math.inf and events[0]["estimate"] == math.inf


def test_a_stage_without_a_measured_error_measures_it_on_the_history_grid(monkeypatch):
    runs = make()
    original = lsgd.run
    asked = []

    def unmeasured(compiled, settings, callback=None, budget=None):
        solution = original(compiled, settings, callback=callback, budget=budget)
        solution.history.error[-1] = math.nan
        measure = solution.errors

        def errors(**kwargs):
            asked.append(kwargs)
            return measure(**kwargs)

        object.__setattr__(solution, "errors", errors)
        return solution

    monkeypatch.setattr(lsgd, "run", unmeasured)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    assert asked == [{"points_per_axis": 101}]
    expected = stage.solution.errors(points_per_axis=101)["rel_l2"]
    assert stage.error == pytest.approx(expected, rel=1e-12) and 1e-4 < stage.error < 0.1
    assert isinstance(stage.error, float)


def test_a_stage_with_a_measured_error_does_not_measure_it_again(monkeypatch):
    runs = make()
    original = lsgd.run
    asked = []

    def measured(compiled, settings, callback=None, budget=None):
        solution = original(compiled, settings, callback=callback, budget=budget)
        object.__setattr__(solution, "errors", lambda **kwargs: asked.append(kwargs))
        return solution

    monkeypatch.setattr(lsgd, "run", measured)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    assert asked == [] and stage.error == stage.solution.history.error[-1]


def test_a_stage_stopped_before_its_first_history_row_measures_its_error(monkeypatch):
    runs = make()
    original = lsgd.run

    def empty(compiled, settings, callback=None, budget=None):
        solution = original(compiled, settings, callback=callback, budget=budget)
        return dataclasses.replace(solution, history=History(list(solution.history.terms)))

    monkeypatch.setattr(lsgd, "run", empty)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    expected = stage.solution.errors(points_per_axis=101)["rel_l2"]
    assert stage.error == pytest.approx(expected, rel=1e-12) and 1e-4 < stage.error < 0.1


def test_a_stage_records_the_axis_factors_and_aligned_fraction_it_was_solved_with():
    runs = make(problem=transport2d())
    stage = runs.smooth("probe", "tanh", 8, 1.5, axis_scales={"x": 1.0, "t": 2.0}, aligned=0.5)
    assert stage.axis_scales == {"x": 1.0, "t": 2.0} and stage.aligned == 0.5
    assert stage.record().axis_scales == {"x": 1.0, "t": 2.0} and stage.record().aligned == 0.5
    chosen = runs.result(True, "converged").strategy.chosen
    assert chosen.axis_scales == {"x": 1.0, "t": 2.0} and chosen.aligned == 0.5


def test_a_stage_without_an_exact_solution_has_no_error(monkeypatch):
    events = []
    runs = make(problem=ode(exact=False), events=events)
    stage = runs.smooth("probe", "tanh", 8, 1.5)
    assert stage.error is None and math.isnan(events[0]["error"])


def test_forwarded_iteration_events_are_marked_as_the_kinks_stage_s():
    events = []
    runs = make(events=events)
    runs._forward({"iteration": 3, "loss": 0.5})
    assert events == [{"iteration": 3, "loss": 0.5, "stage": "kinks-iteration"}]
    make()._forward({"iteration": 1})  # no callback: nothing to call


# ---------------------------------------------------------------------------- the ReLU stage


def transport2d(weight=1) -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), weight=weight)
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    return problem


def relu_spy(monkeypatch):
    handed = []

    def spy(compiled, settings, callback=None, budget=None):
        handed.append((compiled, settings, callback, budget))
        raise SolverError("spied")

    monkeypatch.setattr(lsgd, "run", spy)
    return handed


@pytest.mark.parametrize(
    "given, share_iterations, expected",
    [
        ({}, 10.5, 9),  # int(10.5) - 1
        ({}, 5000.0, stages.RELU_ITERATIONS),  # capped at the paper's 1000
        ({"iterations": 5}, 5000.0, 5),  # the user's cap
        ({}, 0.5, 1),  # at least one
        ({}, 2.0, 1),
    ],
)
def test_the_relu_stage_runs_as_many_iterations_as_its_share_plans(
    monkeypatch, given, share_iterations, expected
):
    events = []
    runs = make(Settings(**given), problem=transport2d(), events=events)
    handed = relu_spy(monkeypatch)
    probe = runs.compiled.at_width(12).refined(
        lambda term: 4096 if term.cloud.interior else 64, seed=0
    )
    per_iteration = cost.relu_iteration(probe, 12)
    runs.relu(12, share_iterations * per_iteration)
    ((compiled, settings, callback, hard),) = handed
    assert settings.iterations == expected
    assert runs.budget.charged == pytest.approx(per_iteration * (expected + 1), rel=1e-12)
    assert cost.relu_iteration(compiled, 12) == pytest.approx(per_iteration, rel=1e-12)
    assert runs.failures == ["kinks width 12: spied"] and runs.stages == []


def test_the_relu_stage_uses_the_paper_s_clouds_and_settings(monkeypatch):
    events = []
    settings = Settings(init_scale=2.5, seed=3, init="glorot", time_limit=30.0, tol=1e-6)
    runs = make(settings, problem=transport2d(weight=W**-1), events=events)
    handed = relu_spy(monkeypatch)
    runs.relu(12, 1e9)
    ((compiled, settings, callback, hard),) = handed
    sizes = {term.name: term.size for term in compiled.terms}
    assert sizes == {"pde": stages.RELU_INTERIOR_POINTS, "initial": 64, "inflow": 64}
    assert (stages.RELU_INTERIOR_POINTS, stages.RELU_FACE_POINTS) == (4096, 64)
    assert compiled.terms[0].weight == pytest.approx(1 / 12, rel=1e-12)
    again = runs.compiled.at_width(12).refined(
        lambda term: 4096 if term.cloud.interior else 64, seed=3
    )
    for term, same in zip(compiled.terms, again.terms):
        assert np.array_equal(term.points, same.points), term.name
    assert settings.optimizer == "lsgd" and settings.width == 12
    assert settings.activation == "relu" and settings.init == "box"
    assert settings.init_scale is None  # the user's scale is for another activation
    assert settings.time_limit is None and settings.tol == 0.0
    assert settings.iterations == stages.RELU_ITERATIONS
    assert hard.seconds is None
    # Its iteration events reach the strategy's callback, marked.
    callback({"iteration": 2})
    assert events == [{"iteration": 2, "stage": "kinks-iteration"}]


def test_the_relu_stage_keeps_a_relu_user_s_scale(monkeypatch):
    runs = make(Settings(activation="relu", init_scale=2.5), problem=transport2d())
    handed = relu_spy(monkeypatch)
    runs.relu(12, 1e9)
    assert handed[0][1].init_scale == 2.5


# ---------------------------------------------------------------- sizes, plan and memory


def test_sized_refines_each_term_to_a_multiple_of_the_columns_and_caches_four():
    runs = make(problem=transport2d())
    first = runs.sized(8)
    sizes = {term.name: term.size for term in first.terms}
    # 6 x 9 = 54 interior points at least (an 8 x 8 grid), 9 on each face.
    assert sizes == {"pde": 64, "initial": 9, "inflow": 9}
    assert runs.sized(8) is first
    for width in (9, 10, 11):
        runs.sized(width)
    assert runs.sized(8) is first and len(runs._sized) == 4
    runs.sized(12)  # the oldest (8) goes
    assert len(runs._sized) == 4 and all(key[0] != 8 for key in runs._sized)
    assert runs.sized(8) is not first


def test_a_system_shares_its_interior_rows_among_its_unknowns():
    """Two unknowns, two interior equations: each equation keeps 6 rows per column (the
    ceiling of 2 unknowns over 2 equations); with one equation for two unknowns, 12."""
    v = sp.Function("v")
    problem = Problem([u(x), v(x)], Box(x=(0, 1)), name="system")
    problem.equation("first", sp.Eq(u(x).diff(x) - v(x), 0))
    problem.equation("second", sp.Eq(v(x).diff(x) + u(x), 0))
    problem.condition("u0", sp.Eq(u(0), 0))
    problem.condition("v0", sp.Eq(v(0), 1))
    runs = make(problem=problem)
    sizes = {term.name: term.size for term in runs.sized(8).terms}
    assert sizes == {"first": 54, "second": 54, "u0": 1, "v0": 1}


def test_interior_rows_count_only_interior_equations_not_faces_or_data():
    """Two unknowns and one interior equation (a face condition per unknown, and data): the
    equation keeps 2 x 6 rows per column; counting the faces or the data as interior, 6."""
    v = sp.Function("v")
    problem = Problem([u(x), v(x)], Box(x=(0, 1)), name="under")
    problem.equation("sum", sp.Eq(u(x).diff(x) + v(x), sp.cos(x)))
    problem.condition("u0", sp.Eq(u(0), 0))
    problem.condition("v0", sp.Eq(v(0), 1))
    problem.data("obs", v(x), points=np.linspace(0.1, 0.9, 5)[:, None], values=np.ones(5))
    runs = make(problem=problem)
    sizes = {term.name: term.size for term in runs.sized(8).terms}
    assert sizes == {"sum": 2 * 6 * 9, "u0": 1, "v0": 1, "obs": 5}


def test_anisotropic_density_is_none_when_every_factor_is_one():
    runs = make(problem=transport2d())
    assert runs._density(None) is None and runs._density({}) is None
    assert runs._density({"x": 1.0, "t": 1.0}) is None
    assert runs._density({"t": 2.0}) == (1.0, 2.0)
    assert runs._density({"x": 3, "t": 2.0}) == (3.0, 2.0)


def test_predict_is_the_cost_model_on_the_sized_problem():
    runs = make()
    assert runs.predict(8) == cost.smooth_stage(runs.sized(8), 8)
    assert runs.predict(64) > runs.predict(8) > 0


def test_fits_memory_compares_the_training_need_with_the_room(monkeypatch):
    runs = make(Settings(chunk_size=10**9))
    runs._room = None
    assert runs.fits_memory(8)
    asked = []
    need = memory.training_need

    def spy(problem, settings, open_width, solved=None):
        asked.append((problem, settings, open_width))
        assert solved is None  # no plane waves here
        return need(problem, settings, open_width=open_width)

    monkeypatch.setattr(memory, "training_need", spy)
    runs.axis_scales = {"x": 2.0}
    exact = need(
        runs.sized(8),
        runs.settings.replace(width=8, chunk_size=stages._chunk(runs.settings, 8)),
        open_width=8,
    ).total
    runs._room = exact
    assert runs.fits_memory(8)
    ((problem, settings, open_width),) = asked
    assert problem is runs.sized(8) and open_width == 8 and settings.width == 8
    assert settings.chunk_size == 2**27 // 9
    assert settings.axis_scales == {"x": 2.0}
    # Factors given to the call: its clouds and its settings.
    runs.axis_scales = None
    asked.clear()
    runs._room = math.inf
    assert runs.fits_memory(8, {"x": 3.0})
    ((problem, settings, open_width),) = asked
    assert problem is runs.sized(8, {"x": 3.0}) and problem is not runs.sized(8)
    assert settings.axis_scales == {"x": 3.0}
    runs.axis_scales = None
    runs._room = exact * (1 - 1e-9)
    assert not runs.fits_memory(8)


def test_fits_needs_the_plan_the_memory_and_the_pace(monkeypatch):
    runs = make(plan=10.0)
    monkeypatch.setattr(
        stages.Stages, "predict", lambda self, width, axis_scales=None, subdomains=None: width
    )
    memory_ok = {8: True, 9: False, 10: True, 11: True}
    monkeypatch.setattr(
        stages.Stages,
        "fits_memory",
        lambda self, width, axis_scales=None, subdomains=None: memory_ok[width],
    )
    late = []
    monkeypatch.setattr(
        stages.Stages,
        "past_deadline",
        lambda self, planned, cells=None: late.append(planned) or planned > 10,
    )
    assert runs.fits(8) and not runs.fits(9) and runs.fits(10)
    assert not runs.fits(11)  # 11 planned seconds > 10 left
    runs.budget.charge(3.0)
    assert not runs.fits(8)  # 8 > 7 left
    # the pace is read for every width that fits in memory, the plan's too: a refusal names
    # the hard stop before the plan (a given width's first stage may run past the plan only)
    assert late == [8, 10, 11, 8]
    monkeypatch.setattr(stages.Stages, "past_deadline", lambda self, planned, cells=None: True)
    runs.budget.charged = 0.0
    assert not runs.fits(8)


def test_a_width_whose_clouds_cannot_be_drawn_does_not_fit(monkeypatch):
    # predict sizes the clouds; a width so wide that they would not fit in memory is refused
    # there (MemoryPlanError), which means "does not fit", not a failed solve.
    runs = make(plan=1e9)

    def predict(self, width, axis_scales=None, subdomains=None):
        if width > 100:
            raise memory.MemoryPlanError(f"the clouds for width {width} need too much memory")
        return 1.0

    monkeypatch.setattr(stages.Stages, "predict", predict)
    monkeypatch.setattr(
        stages.Stages, "fits_memory", lambda self, width, axis_scales=None, subdomains=None: True
    )
    assert runs.fits(100) and not runs.fits(101)
    assert not runs.fits(101, {"x": 2.0})


def test_fits_passes_axis_factors_and_cells_to_the_plan_and_the_memory(monkeypatch):
    runs = make(plan=100.0)
    seen = []

    def predict(self, width, axis_scales=None, subdomains=None):
        return seen.append(("p", width, axis_scales, subdomains)) or 1.0

    def fits_memory(self, width, axis_scales=None, subdomains=None):
        return seen.append(("m", width, axis_scales, subdomains)) or True

    monkeypatch.setattr(stages.Stages, "predict", predict)
    monkeypatch.setattr(stages.Stages, "fits_memory", fits_memory)
    assert runs.fits(8, {"x": 2.0})
    assert runs.fits(16, None, "x=4")
    assert seen == [
        ("p", 8, {"x": 2.0}, None),
        ("m", 8, {"x": 2.0}, None),
        ("p", 16, None, "x=4"),
        ("m", 16, None, "x=4"),
    ]


def test_past_deadline_uses_the_slowest_pace_measured_and_the_safety_factor():
    # the run's first stage (one-time costs) counts only while it is alone
    runs = make(deadline=None)
    assert not runs.past_deadline(1e12)
    runs = make(deadline=1000.0)
    runs.budget.wall_left = lambda: 30.0
    assert stages.SAFETY == 1.5
    assert not runs.past_deadline(20.0)  # no stage yet: pace 1, 1.5 * 1 * 20 = 30: not past
    assert runs.past_deadline(20.001)
    runs.stages = [fake_stage(8, seconds=0.5, planned=1.0)]  # faster than planned: pace 0.5
    assert not runs.past_deadline(40.0)  # 1.5 * 0.5 * 40 = 30
    assert runs.past_deadline(40.001)
    runs.stages = [fake_stage(8, seconds=8.0, planned=1.0)]  # alone, the first one counts
    assert runs.past_deadline(20.0 / 8 + 0.001)
    assert not runs.past_deadline(20.0 / 8)
    runs.stages.append(fake_stage(12, seconds=1.0, planned=1.0))  # then its warm-up does not
    assert not runs.past_deadline(20.0)
    runs.stages.append(fake_stage(16, seconds=8.0, planned=4.0))  # the largest: pace 2
    runs.stages.append(fake_stage(24, seconds=3.0, planned=2.0))  # the latest: pace 1.5
    runs.stages.append(fake_stage(32, seconds=99.0, planned=0.0))  # no plan: ignored
    assert not runs.past_deadline(10.0)  # 1.5 * 2 * 10 = 30
    assert runs.past_deadline(10.001)
    runs.stages.append(fake_stage(40, seconds=20.0, planned=5.0))  # largest and latest: pace 4
    assert not runs.past_deadline(5.0)  # 1.5 * 4 * 5 = 30
    assert runs.past_deadline(5.001)
    runs.stages.append(fake_stage(48, seconds=0.6, planned=2.0))  # latest 0.3: the largest's 4
    assert runs.past_deadline(5.001)
    runs.stages.append(fake_stage(56, seconds=6.0, planned=10.0))  # the largest 0.6, latest too
    assert not runs.past_deadline(100 / 3)  # 1.5 * 0.6 * 33.3 = 30
    assert runs.past_deadline(100 / 3 + 0.001)


def test_past_deadline_reads_the_pace_of_the_cells_to_come():
    # on an H200 a global stage ran at pace 0.03, a chain's at 0.6-2: each predicts its own
    runs = make(deadline=1000.0)
    runs.budget.wall_left = lambda: 30.0
    chain = []
    for width, seconds, planned, cells in [
        (8, 5.0, 1.0, None),  # the run's first stage: left out
        (16, 0.3, 10.0, None),  # global, pace 0.03
        (24, 2.0, 1.0, "x=4"),  # a small chain probe, pace 2
        (32, 6.0, 10.0, "x=4"),  # the largest chain stage, pace 0.6
    ]:
        st = fake_stage(width, seconds=seconds, planned=planned)
        st.subdomains = cells
        chain.append(st)
    runs.stages = chain
    assert not runs.past_deadline(100 / 3, "x=4")  # the largest chain stage's pace 0.6
    assert runs.past_deadline(100 / 3 + 0.001, "x=4")
    # the global cells: the largest global stage says 0.03, the latest (a chain) 0.6
    assert not runs.past_deadline(100 / 3, None) and runs.past_deadline(34.0, None)
    # cells never run: the slowest pace of all, the chain probe's 2
    assert not runs.past_deadline(10.0, "x=8") and runs.past_deadline(10.001, "x=8")


def test_largest_fitting_starts_at_the_cube_law_and_steps_down(monkeypatch):
    # (and up only from a guess that fits)
    runs = make(plan=8.0)
    assert runs.largest_fitting(16) is None  # no stage yet
    runs.stages = [fake_stage(32, planned=0.5), fake_stage(64, planned=1.0), fake_stage(16)]
    asked = []
    fitting = {96}
    monkeypatch.setattr(
        stages.Stages, "fits", lambda self, width: asked.append(width) or width in fitting
    )
    # 64 * (8 / 1) ** (1/3) = 128: tried at 128, then down in steps of 16.
    assert runs.largest_fitting(40, step=16) == 96
    assert asked == [128, 112, 96]
    asked.clear()
    fitting.clear()
    # Above 1.1 x 40 = 44 (at least 45): 48 is the last tried.
    assert runs.largest_fitting(40, step=16) is None
    assert asked == [128, 112, 96, 80, 64, 48]
    asked.clear()
    assert runs.largest_fitting(40, step=16, floor=32) is None
    assert asked == [128, 112, 96, 80, 64, 48, 32]
    asked.clear()
    # Never below one step.
    assert runs.largest_fitting(1, step=32, floor=1) is None
    assert asked == [128, 96, 64, 32]
    asked.clear()
    # The default step; no step up past 1.5 x the guess (512 > 480).
    runs.budget.charged = 8.0 - 125.0  # 125 planned seconds left: 64 * 5 = 320 -> 256
    fitting.update((256, 512))
    assert runs.largest_fitting(40) == 256 and asked == [256]


def test_largest_fitting_goes_down_to_just_above_1_1_times_the_last_width(monkeypatch):
    runs = make(plan=1.0)
    runs.stages = [fake_stage(64, planned=1.0)]  # the guess: 64
    asked = []
    monkeypatch.setattr(stages.Stages, "fits", lambda self, width: asked.append(width) and False)
    assert runs.largest_fitting(40, step=1) is None
    assert asked == list(range(64, 44, -1))  # 1.1 * 40 = 44: from 45


def test_largest_fitting_never_tries_above_its_guess_when_the_guess_does_not_fit(monkeypatch):
    runs = make(plan=1.0)
    runs.stages = [fake_stage(64, planned=1.0)]  # the guess: 64
    monkeypatch.setattr(stages.Stages, "fits", lambda self, width: width == 80)
    assert runs.largest_fitting(40, step=16) is None


@pytest.mark.parametrize(
    "fitting, expected, asked",
    [
        # the guess 64 fits: up while the next fits, to 1.5 x 64 = 96 at most
        (range(97), 96, [64, 80, 96]),
        (range(81), 80, [64, 80, 96]),
        (range(65), 64, [64, 80]),
        # 96 does not fit, 112 would: the walk up ends at the first that does not fit
        ({64, 80, 112}, 80, [64, 80, 96]),
    ],
)
def test_largest_fitting_steps_up_from_a_guess_that_fits(monkeypatch, fitting, expected, asked):
    # A cost that grows slower than the cube (rows dominate) leaves the guess short of the
    # widest that fits (poisson_3d_box: 3840 guessed, 4352 fitted).
    runs = make(plan=1.0)
    runs.stages = [fake_stage(64, planned=1.0)]  # the guess: 64
    tried = []
    monkeypatch.setattr(
        stages.Stages, "fits", lambda self, width: tried.append(width) or width in fitting
    )
    assert runs.largest_fitting(40, step=16) == expected
    assert tried == asked
    assert stages.UP_TO == 1.5


def test_largest_fitting_with_the_plan_spent_finds_nothing(monkeypatch):
    runs = make(plan=1.0)
    runs.stages = [fake_stage(64, planned=1.0)]
    runs.budget.charge(5.0)
    monkeypatch.setattr(stages.Stages, "fits", lambda self, width: True)
    assert runs.largest_fitting(8, step=8, floor=8) is None


def test_largest_fitting_rounds_the_guess_down_to_the_step(monkeypatch):
    runs = make(plan=2.0)
    runs.stages = [fake_stage(100, planned=1.0)]  # 100 * 2 ** (1/3) = 125.99
    asked = []
    monkeypatch.setattr(stages.Stages, "fits", lambda self, width: asked.append(width) or True)
    # then up while the next fits, to 1.5 x 125.99 = 188.99 at most
    assert runs.largest_fitting(10, step=25) == 175 and asked == [125, 150, 175]
    runs.stages = [fake_stage(100, planned=0.0)]  # no plan measured: the guess is huge
    asked.clear()
    # 100 * (2 / 1e-9) ** (1/3) = 125992.1 -> 125975; the walk up ends at 1.5 x the guess
    top = 1.5 * 100 * (2 / 1e-9) ** (1 / 3)
    assert runs.largest_fitting(10, step=25) == int(top) // 25 * 25
    assert asked == list(range(125975, int(top) + 1, 25))


# ------------------------------------------------------------------------------ the result


def test_the_result_is_the_best_stage_with_one_history_row_per_stage(monkeypatch):
    settings = Settings(terms={"ode": {"weight": 2.0}}, time_limit=90.0, budget=20.0)
    runs = make(settings, plan=20.0)
    scripted(monkeypatch, 0.4, 0.01, 0.2)
    monkeypatch.setattr(stages, "time", Clock(0.0, 1.0, 10.0, 12.0, 20.0, 23.0))
    made = [runs.smooth("probe", "tanh", w, s) for w, s in ((8, 1.5), (12, 2.0), (16, 3.0))]
    runs.failures.append("grow width 99: something")
    solution = runs.result(False, "interrupted")
    chosen = made[1].solution
    assert solution.coefficients is chosen.coefficients and solution.basis is chosen.basis
    assert not solution.complete and solution.stop_reason == "interrupted"
    assert solution.wall == 7.0
    # the chosen stage's estimate, and the runner-up: the next-best estimate (0.2 of 0.4 and
    # 0.2), its solution's distance from the chosen one's, and that over the two estimates
    runner_up = solution.validation.pop("runner_up")
    assert solution.validation == chosen.validation
    difference = stage_difference(chosen, made[2].solution, settings.seed)
    assert runner_up == {
        "stage": 2,
        "width": 16,
        "scale": 3.0,
        "estimate": 0.2,
        "difference": difference,
        "apart": difference / (0.01 + 0.2),
    }
    history = solution.history
    assert history.iteration == [0, 1, 2]
    assert history.wall == [1.0, 3.0, 6.0]
    assert history.loss == [st.solution.loss() for st in made]
    assert history.error == [st.error for st in made]
    assert history.rank == [st.rank for st in made]
    assert history.condition == [st.solution.condition for st in made]
    assert list(history.terms) == list(chosen.history.terms)
    for name in ("ode", "left"):
        assert history.terms[name] == [st.solution.history.terms[name][-1] for st in made]
    # The settings rerun the choice: its width, scale and clouds, the user's weight kept.
    fixed = solution.settings
    assert fixed.width == 12 and fixed.init_scale == 2.0
    assert fixed.terms["ode"] == {"weight": 2.0, "points": fixed.terms["ode"]["points"]}
    assert set(fixed.terms) == {"ode", "left"}
    assert fixed.terms["left"] == {"points": fixed.terms["left"]["points"]}
    from pinnls.clouds import describe

    for term in chosen.compiled.terms:
        assert fixed.terms[term.name]["points"] == describe(term.cloud.spec)
    assert runs.settings.terms == {"ode": {"weight": 2.0}}  # not changed in place
    record = solution.strategy
    assert isinstance(record, AutoRecord)
    assert record.time_limit == 90.0 and record.budget == 20.0
    assert record.planned == runs.budget.charged > 0
    assert record.stop_reason == "interrupted" and record.seconds == 7.0
    assert record.chosen.stage == 1 and record.chosen.activation == "tanh"
    assert record.chosen.width == 12 and record.chosen.scale == 2.0
    assert record.chosen.rows == {"ode": 6 * 13, "left": 1}
    assert record.chosen.estimate == 0.01 and record.chosen.axis_scales is None
    assert record.stages == tuple(st.record() for st in made)
    assert record.failures == ("grow width 99: something",)
    assert record.target == AUTO_TOL


def test_the_result_records_the_user_s_target_and_a_missing_error_as_nan(monkeypatch):
    runs = make(Settings(tol=1e-6), problem=ode(exact=False))
    runs.smooth("probe", "tanh", 8, 1.5)
    solution = runs.result(True, "converged")
    assert solution.complete and solution.stop_reason == "converged"
    assert solution.strategy.target == 1e-6
    assert math.isnan(solution.history.error[0])
    assert solution.strategy.time_limit is None


def test_the_kink_stage_is_global_and_a_relu_user_keeps_their_subdomains(monkeypatch):
    # auto's own kink stage is the paper's global ReLU basis: a local one would split its 32
    # neurons over the subdomains (refused past 32 of them, here 8x8 = 64).
    runs = make(Settings(subdomains="8x8"), problem=transport2d())
    handed = relu_spy(monkeypatch)
    runs.relu(32, 1e9)
    assert handed[0][1].subdomains is None
    runs = make(Settings(activation="relu", subdomains="2x2"), problem=transport2d())
    handed = relu_spy(monkeypatch)
    runs.relu(12, 1e9)
    assert handed[0][1].subdomains == "2x2"


def heat3d(modes_exact: bool = False) -> Problem:
    """Heat on a square over time (three axes): an initial face, four walls and an edge
    condition where two walls meet (two fixed axes)."""
    y = sp.Symbol("y")
    U = u(x, y, t)
    problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="heat3d")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2) + sp.exp(x * y)))
    problem.condition("initial", sp.Eq(u(x, y, 0), sp.sin(x) * y))
    for label, axis in (("x0", x), ("y0", y)):
        problem.condition(label, sp.Eq(U.subs(axis, 0), 0))
    problem.condition("corner-edge", sp.Eq(u(1, 1, t), sp.sin(1) * sp.exp(-t)))
    return problem


def test_on_three_axes_a_wide_stage_s_face_is_not_one_point_per_column():
    """A face's cloud has the interior's points along each of its axes (ceil(n^(2/3)) for an
    interior cloud of n points on three axes, an edge's ceil(n^(1/3))), at least FACE_FLOOR
    and at most the columns: width 512's probes keep one point per column, a wide stage's
    faces are no longer half of its rows."""
    runs = make(problem=heat3d())
    for width in (512, 1024):
        probe = {term.name: term.size for term in runs.sized(width).terms}
        for name in ("initial", "x0", "y0", "corner-edge"):
            assert width + 1 <= probe[name] < 1.3 * (width + 1), (width, name)
    columns = 4097
    sizes = {term.name: term.size for term in runs.sized(4096).terms}
    interior = sizes["pde"]
    assert interior >= stages.ROWS_PER_COLUMN * columns
    face = math.ceil((stages.ROWS_PER_COLUMN * columns) ** (2 / 3))
    assert face == 846 < stages.FACE_FLOOR
    for name in ("initial", "x0", "y0", "corner-edge"):
        # a grid's count rounds up to its lattice, never below the minimum
        assert stages.FACE_FLOOR <= sizes[name] < 1.1 * stages.FACE_FLOOR, name
    # the three faces and the edge: four points per column before (one per column each)
    assert sum(sizes.values()) - interior < columns
    # a chain's cells keep one per column (the rule was not measured on them)
    chain = {term.name: term.size for term in runs.sized(4096, subdomains="x=16").terms}
    assert all(chain[name] >= columns for name in ("initial", "x0", "y0", "corner-edge"))
    # ...so the clouds' key (which the kept marches of the feet are filed under) tells them apart
    assert runs._clouds(4096, None, None, "x=16") != runs._clouds(4096, None, None)
    # four axes: a face varies along three, past the floor at this width
    s, z = sp.symbols("s z")
    W4 = u(x, z, s, t)
    four = Problem(W4, Box(x=(0, 1), z=(0, 1), s=(0, 1), t=(0, 1)), name="heat4d")
    four.equation("pde", sp.Eq(W4.diff(t), W4.diff(x, 2) + W4.diff(z, 2) + W4.diff(s, 2)))
    four.condition("initial", sp.Eq(u(x, z, s, 0), sp.sin(x) * z * s))
    four.condition("x0", sp.Eq(u(0, z, s, t), 0))
    runs = make(problem=four)
    sizes = {term.name: term.size for term in runs.sized(4096).terms}
    fine = math.ceil((stages.ROWS_PER_COLUMN * columns) ** (3 / 4))
    assert stages.FACE_FLOOR < fine == 1964 < columns
    for name in ("initial", "x0"):
        assert fine <= sizes[name] < 1.3 * fine, name


def test_face_points_count_the_axes_a_cloud_varies_along():
    assert stages.face_points(1000, 3, 2) == 100  # a face
    assert stages.face_points(1000, 3, 1) == 10  # an edge
    assert stages.face_points(1000, 3, 0) == 1  # a point
    assert stages.face_points(1001, 3, 2) == 101  # rounded up
    assert stages.face_points(10000, 4, 3) == 1000


def test_a_shape_s_boundary_over_time_varies_along_two_axes():
    """A disk over time: its rim varies along its length and time, the initial disk over its
    area (two axes each, though the rim's cloud fixes none), so both get the interior's
    density on three axes, or the floor."""
    from pinnls import Disk

    y = sp.Symbol("y")
    U = u(x, y, t)
    disk = Disk(center=(0, 0), radius=1)
    problem = Problem(U, disk * Box(t=(0, 1)), name="disk")
    problem.equation("pde", sp.Eq(U.diff(t), U.diff(x, 2) + U.diff(y, 2)))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    problem.condition("rim", sp.Eq(U, 0), on=disk.boundary)
    compiled = compile_problem(problem, Settings())
    axes = {
        term.name: len(term.cloud.lengths(compiled.lower, compiled.upper))
        for term in compiled.terms
    }
    assert axes == {"pde": 3, "initial": 2, "rim": 2}
    assert not dict(next(t for t in compiled.terms if t.name == "rim").cloud.fixed)
    runs = make(problem=problem)
    sizes = {term.name: term.size for term in runs.sized(4096).terms}
    for name in ("initial", "rim"):
        assert stages.FACE_FLOOR <= sizes[name] < 2 * stages.FACE_FLOOR < 4097, name


def test_faces_keep_one_point_per_column_on_two_axes_and_three_where_the_basis_solves():
    """Two axes: not measured there, one point per column as before. Aligned features (they
    solve the equation; the conditions carry the fit): ALIGNED_FACE_ROWS per column on any
    number of axes."""
    runs = make(problem=transport2d())
    sizes = {term.name: term.size for term in runs.sized(2048).terms}
    assert 2049 <= sizes["initial"] < 2 * 2049 and 2049 <= sizes["inflow"] < 2 * 2049
    y = sp.Symbol("y")
    U = u(x, y, t)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="transport3d")
    problem.equation("pde", sp.Eq(U.diff(t) + U.diff(x) + U.diff(y) / 2, 0))
    problem.condition("initial", sp.Eq(u(x, y, 0), sp.sin(x + y)))
    problem.condition("inflow-x", sp.Eq(u(0, y, t), sp.sin(y - 3 * t / 2)))
    problem.condition("inflow-y", sp.Eq(u(x, 0, t), sp.sin(x - 3 * t / 2)))
    runs = make(problem=problem)
    aligned = {term.name: term.size for term in runs.sized(2048, aligned=1.0).terms}
    plain = {term.name: term.size for term in runs.sized(2048).terms}
    for name in ("initial", "inflow-x", "inflow-y"):
        assert aligned[name] >= stages.ALIGNED_FACE_ROWS * 2049, name
        assert stages.FACE_FLOOR <= plain[name] < 1.1 * stages.FACE_FLOOR < 2049, name
