"""The automatic strategy plans with its cost model, not the clock (docs/guide.md, "Time budget").

The same file, settings and seed must take the same stages, and give the same answer, on an
idle machine and on a saturated one. A saturated machine is simulated by a clock that runs 50
times faster than real time: every stage then *measures* 50 times longer, which is what a busy
machine does to wall time (a real load test would depend on the machine's load; this does not).
"""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy as sp
import torch

import pinnls.training.auto as auto
from pinnls import Box, Problem, compile_problem
from pinnls.record import AutoRecord
from pinnls.settings import Settings
from pinnls.training import cost, solve
from pinnls.training.budget import Budget

x, t = sp.symbols("x t")
u = sp.Function("u")
PULSE = sp.exp(-(((x - 0.3) / 0.4) ** 2))


@pytest.fixture(scope="module")
def small_ladder():
    """The strategy's widths and steepnesses, scaled down so that a full plan (probes, growth)
    takes a few seconds; its logic is the real one. One thread: tiny stages on a shared machine
    lose most of their time to threads waiting for each other."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(auto, "PROBE_WIDTHS", (32, 64))
        patch.setattr(auto, "WIDTHS", (32, 64, 128, 192, 256))
        patch.setattr(auto, "SCALES", (1.5, 3.0))
        torch.set_num_threads(1)
        yield


def pulse():
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="pulse")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), PULSE))
    problem.condition("inflow", sp.Eq(u(0, t), PULSE.subs(x, -t)))
    problem.exact(PULSE.subs(x, x - t))
    return problem


def run(**changes):
    # tanh fixed: the ReLU stage for kinks is not what these tests are about; aligned 0: the
    # flow-aligned probe solves this transport at the probe width, leaving no growth to plan;
    # particular off: the pulse's Gaussian, carried in closed form, would leave nothing at all.
    settings = Settings.from_mapping(
        {"optimizer": "auto", "activation": "tanh", "seed": 3, "aligned": 0, "particular": False},
        **changes,
    )
    return solve(compile_problem(pulse(), settings), settings)


def stages_of(solution):
    record = solution.strategy
    assert isinstance(record, AutoRecord)
    return [
        (st.kind, st.activation, st.width, st.scale, st.rows, st.estimate) for st in record.stages
    ]


def slow_clock(monkeypatch, factor: float = 50.0):
    """Wall time as a machine ``factor`` times slower would measure it."""
    real = time.perf_counter
    start = real()
    monkeypatch.setattr(time, "perf_counter", lambda: start + factor * (real() - start))


@pytest.fixture(scope="module")
def unbounded(small_ladder):
    return run(budget=1e6)


def test_a_busy_machine_takes_the_same_stages_and_gives_the_same_answer(
    small_ladder, unbounded, monkeypatch
):
    # A budget that ends the plan part of the way: what fits in it must not depend on the clock.
    record = unbounded.strategy
    assert len(record.stages) >= 5 and record.stop_reason != "budget"
    budget = 0.6 * record.planned
    idle = run(budget=budget)
    assert idle.strategy.stop_reason == "budget"
    assert len(idle.strategy.stages) < len(record.stages)
    slow_clock(monkeypatch)
    busy = run(budget=budget)
    assert stages_of(busy) == stages_of(idle)
    assert busy.strategy.chosen == idle.strategy.chosen
    # Bit for bit: the same stages on the same seeded clouds solve the same systems.
    assert np.array_equal(busy.coefficients.numpy(), idle.coefficients.numpy())
    # The wall time did change: the clock was 50 times slower.
    assert busy.strategy.seconds > 10 * idle.strategy.seconds


def test_the_plan_charges_what_the_cost_model_predicts(small_ladder, unbounded):
    record = unbounded.strategy
    stages = sum(st.planned for st in record.stages)
    if record.slabs_considered is None:
        assert record.planned == pytest.approx(stages)
    else:  # the slab trials' probes are charged too
        assert record.planned > stages
    assert record.budget == 1e6 and record.time_limit is None
    grow = [st for st in record.stages if st.kind == "grow"]
    assert grow and all(st.planned > 0 for st in grow)
    # Wider stages cost more in the model, as they do on the machine.
    by_width = sorted((st.width, st.planned) for st in record.stages if st.kind != "kinks")
    widths = sorted({w for w, _ in by_width})
    costs = [max(p for w, p in by_width if w == width) for width in widths]
    assert costs == sorted(costs)


def test_a_budget_bounds_the_plan(small_ladder, unbounded):
    first = unbounded.strategy.stages[0].planned
    small = run(budget=3 * first)
    record = small.strategy
    assert record.stop_reason == "budget"
    # The first stage always runs; after it no stage starts that the plan cannot pay for.
    assert record.planned <= 3 * first or len(record.stages) == 1


def test_the_time_limit_is_a_hard_stop_on_the_wall_clock(small_ladder, monkeypatch):
    slow_clock(monkeypatch, factor=1e4)
    solution = run(budget=1e6, time_limit=2.0)
    record = solution.strategy
    assert record.stop_reason == "time_limit" == solution.stop_reason
    assert record.time_limit == 2.0
    assert len(record.stages) < 5  # the unbounded plan runs more (test above)


def test_budget_of_the_settings():
    plan = Budget.of(Settings.from_mapping({}))
    assert plan.seconds == auto.AUTO_BUDGET and plan.deadline is None
    given = Budget.of(Settings.from_mapping({"time_limit": 10}))
    assert given.seconds == 10 and given.deadline == 10
    both = Budget.of(Settings.from_mapping({"time_limit": 10, "budget": 30}))
    assert both.seconds == 30 and both.deadline == 10
    fixed = Budget.of(Settings.from_mapping({"optimizer": "lsgd", "time_limit": 5}))
    assert fixed.seconds is None and fixed.deadline == 5


def test_a_part_of_a_budget_charges_its_parent():
    whole = Budget(10.0)
    part = whole.share(4)
    assert part.seconds == pytest.approx(2.5)
    part.charge(1.0)
    assert whole.remaining() == pytest.approx(9.0) and part.remaining() == pytest.approx(1.5)
    assert whole.rest(floor=1.0).seconds == pytest.approx(9.0)


def test_the_cost_model_grows_with_the_rows_columns_and_derivative_order():
    settings = Settings.from_mapping({"optimizer": "auto"})
    compiled = compile_problem(pulse(), settings)
    narrow = cost.smooth_stage(compiled.at_width(64), 64)
    wide = cost.smooth_stage(compiled.at_width(256), 256)
    assert 0 < narrow < wide
    second = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="wave")
    second.equation("pde", sp.Eq(u(x, t).diff(t, 2), u(x, t).diff(x, 2)))
    second.condition("initial", sp.Eq(u(x, 0), PULSE))
    second.condition("velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), 0))
    second.condition("left", sp.Eq(u(0, t), 0))
    wave = compile_problem(second, settings)
    assert cost.features(wave, 64)["passes"] > cost.features(compiled, 64)["passes"]


def test_no_stage_starts_that_the_memory_plan_says_will_not_fit(
    small_ladder, unbounded, monkeypatch
):
    # Room for width 128 but not 192: growth stops there, says why, and never allocates 192.
    import pinnls.memory as memory
    from pinnls.training.stages import Stages

    settings = Settings.from_mapping({"optimizer": "auto", "activation": "tanh", "seed": 3})
    stages = Stages(compile_problem(pulse(), settings), settings, None, Budget(None))

    def need(width):
        return memory.training_need(stages.sized(width), settings.replace(width=width),
                                    open_width=width).total  # fmt: skip

    assert need(128) < need(192)
    room = (need(128) + need(192)) // 2
    monkeypatch.setattr(memory, "available_bytes", lambda: (room, "a test's limit"))
    solution = run(budget=1e6)
    widths = {st.width for st in solution.strategy.stages}
    assert max(widths) == 128 and 192 in {st.width for st in unbounded.strategy.stages}
    assert solution.strategy.stop_reason == "memory"


def test_a_stage_on_the_feet_is_charged_its_marches():
    """Features on the feet of a variable flow march every row and validation point back along
    it, once per differentiated axis and twice per second derivative; the plan charges that on
    top of the plain model, and only there (docs/benchmarks.md, section 37)."""
    from pinnls.training.stages import Stages

    x, y, t = sp.symbols("x y t")
    u = sp.Function("u")
    U = u(x, y, t)

    def problem(flow, nu=0):
        p = Problem(U, Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="feet")
        pde = U.diff(t) + flow[0] * U.diff(x) + flow[1] * U.diff(y)
        p.equation("pde", sp.Eq(pde, nu * (U.diff(x, 2) + U.diff(y, 2))))
        p.condition("initial", sp.Eq(u(x, y, 0), sp.exp(-(x**2 + y**2))))
        if nu:
            for face in ({x: 0}, {x: 1}, {y: 0}, {y: 1}):
                p.condition(f"wall{len(p.terms)}", sp.Eq(U.subs(face), 0))
        return compile_problem(p)

    rotating = problem((-(y - 0.5), x - 0.5))
    diffusing = problem((-(y - 0.5), x - 0.5), nu=sp.Rational(1, 100))
    constant = problem((1, sp.Rational(1, 2)))
    # u_t, u_x, u_y: three marches with a tangent; the initial values: one without
    assert [cost.marches(term) for term in rotating.terms] == [3, 1]
    # and u_xx, u_yy: two marches with two tangents each, counted twice
    assert cost.marches(diffusing.terms[0]) == 3 + 2 * 2
    settings = Settings.from_mapping({"optimizer": "auto"})
    for compiled, feet in ((rotating, True), (diffusing, True), (constant, False)):
        stages = Stages(compiled, settings, None, Budget(None))
        sized = stages.sized(64, None, 1.0)
        plain = cost.smooth_stage(sized, 64)
        assert stages.predict(64) == cost.smooth_stage(stages.sized(64), 64)  # not aligned
        steps = stages._on_feet(1.0)
        assert (steps > 0) == feet
        units = cost.feet_units(sized, steps)
        expected = plain + (cost.FEET_CONSTANT * units if feet else 0.0)
        assert stages.predict(64, aligned=1.0) == pytest.approx(expected, rel=1e-15)
        assert cost.feet_stage(sized, 32) == cost.FEET_CONSTANT * cost.feet_units(sized, 32) > 0
        # the steps and the march's fixed work, in steps
        assert cost.feet_units(sized, 1024) / cost.feet_units(sized, 32) == pytest.approx(
            (1024 + cost.FEET_OFFSET) / (32 + cost.FEET_OFFSET)
        )
        if feet:
            # once a stage has marched these clouds (kept), the next on them is not charged
            stages.smooth("probe", "tanh", 64, 2.0, aligned=1.0)
            assert stages.predict(64, aligned=1.0) == pytest.approx(plain, rel=1e-15)
            # other clouds (another width) are
            wider = stages.sized(96, None, 1.0)
            assert stages.predict(96, aligned=1.0) > cost.smooth_stage(wider, 96)
    # a deeper basis takes second derivatives through nested forward mode, which the kept
    # marches do not serve: each stage on the same clouds is charged its feet
    deep = Settings.from_mapping({"optimizer": "auto", "depth": 2})
    stages = Stages(diffusing, deep, None, Budget(None))
    charged = stages.predict(64, aligned=1.0)
    stages.smooth("probe", "tanh", 64, 2.0, aligned=1.0)
    assert stages.predict(64, aligned=1.0) == charged
