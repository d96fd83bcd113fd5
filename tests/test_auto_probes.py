"""The automatic strategy's probes (issue 21, "less search, more solve"): the steepness ladder
stops once its estimate has turned, and width 1024 is probed at the chosen steepness (and the
next steeper one only after a close contest at 512).

The stages are scripted with tests/auto_harness.py: ``Stages`` is replaced by its fake, whose
estimate for a (width, steepness) is read from a table (measured numbers where a docstring
says so), charged in planned seconds by the cube of the width. No solve runs, so every decision
here is the plan's own: which stages, in which order, and which steepness is kept.
"""

from __future__ import annotations

import math
import types

import pytest
import sympy as sp
from auto_harness import Script, planner, problem_of

from pinnls import Box, Problem, Settings, compile_problem
from pinnls.training import auto

x = sp.symbols("x")
u = sp.Function("u")


@pytest.fixture(scope="module")
def compiled():
    """One axis (no per-axis probe), no time axis (no slabs), second order (no ReLU stage)."""
    problem = Problem(u(x), Box(x=(0, 1)), name="scripted")
    problem.equation("pde", sp.Eq(-u(x).diff(x, 2), sp.sin(x)))
    problem.condition("left", sp.Eq(u(0), 0))
    problem.condition("right", sp.Eq(u(1), sp.sin(1)))
    return compile_problem(problem)


def planned(compiled, monkeypatch, rows, budget=60.0, **settings):
    """The stages the plan takes on the estimates ``rows`` (keyed by (width, scale), whatever
    the per-axis factors): (kind, width, scale) in order, the fake stages and the plan. A stage
    costs ``(width / 512)^3`` planned seconds."""
    script = Script(
        lambda width, scale, factors: rows.get((width, scale)),
        plan=budget,
        cost=lambda width, factors: (width / 512) ** 3,
    )
    chosen = Settings.from_mapping({"optimizer": "auto", **settings})
    plan = planner(monkeypatch, script, chosen, compiled)
    plan._plan()
    return [entry[:3] for entry in script.stages()], script.main, plan


#: pyRFM's Poisson problem (benchmarks/pyrfm/poisson_rfm.py), measured with main's strategy
#: (seed 0, one thread): the estimates at width 512 gentle to steep, width 1024 at 1.5 and 2,
#: width 1536 at 1.5 (5.6e-11, under the default target 1e-10).
POISSON_RFM = {
    **dict(
        zip(
            ((512, s) for s in auto.SCALES),
            (4.8e-9, 1.3e-7, 3.7e-5, 9.6e-5, 1.4e-3, 6.8e-3, 6.1e-2),
            strict=True,
        )
    ),
    (1024, 1.5): 1.5e-10,
    (1024, 2.0): 2.7e-10,
    (1536, 1.5): 5.6e-11,
}


# ------------------------------------------------------------------------------- turned


@pytest.mark.parametrize(
    "estimates, stops",
    [
        ([1e-3, 2e-3], False),  # two estimates are no trend
        ([1e-8, 1e-7, 1e-5], True),  # worse twice, the last 1000x the best
        ([1e-8, 1e-7, 1e-7], False),  # not strictly worse the second time
        ([0.25, 25.0, 25.0], False),  # the same, though the last is 100x the best (exactly)
        ([0.25, 0.25, 25.0], False),  # not strictly worse the first time, the last 100x
        ([1e-8, 1e-7, 1e-8], False),  # came back
        ([1e-3, 2e-3, 3e-3], False),  # worse twice, but only 3x the best
        ([1e-3, 2e-3, 5e-3], True),  # worse twice from the first, the best: 5x it
        ([1e-3, 2e-3, 4.9e-3], False),  # ...just under TURNED_FIRST
        ([2e-3, 1e-3, 2e-3, 5e-3], False),  # the best is not the first: 100x it is needed
        ([1e-3, 1e-4, 1e-3, 1e-2], True),  # the best in the middle: 100x it
        ([1e-4, 1e-3, 1e-2, 5e-3, 1e-4], False),  # the last three are not a turn
    ],
)
def test_the_ladder_has_turned_only_on_two_worse_steps_far_above_the_best(estimates, stops):
    assert auto.turned(estimates) is stops


def test_turned_holds_at_exactly_the_factor_and_not_just_below():
    best = 1e-6
    assert auto.turned([3 * best, best, 2 * best, auto.TURNED * best])
    assert not auto.turned([3 * best, best, 2 * best, math.nextafter(auto.TURNED * best, 0.0)])
    # the best the first rung: TURNED_FIRST
    assert auto.turned([best, 2 * best, auto.TURNED_FIRST * best])
    assert not auto.turned([best, 2 * best, math.nextafter(auto.TURNED_FIRST * best, 0.0)])


# -------------------------------------------------------------------------------- the plan


def test_pyrfm_poisson_takes_five_stages_where_main_took_ten(compiled, monkeypatch):
    # A plan that affords 1536 and the rung after it (27 + 64 after 11): with 60, growth takes
    # one last rung as wide as fits in place of 1536 (tests/test_auto_decisions.py), whose
    # estimate was not measured.
    stages, runs, plan = planned(compiled, monkeypatch, POISSON_RFM, budget=120.0)
    assert stages == [
        ("probe", 512, 1.5),
        ("probe", 512, 2.0),
        ("probe", 512, 3.0),  # 3.7e-5: worse twice, 7700x the best: the ladder stops
        ("probe", 1024, 1.5),  # the chosen steepness alone: 2 was 27x worse at 512
        ("grow", 1536, 1.5),
    ]
    assert plan.stop_reason == "converged" and runs.best.estimate == 5.6e-11
    # Planned seconds: 3 + 8 + 27 (the fake's cube law), against 7 + 16 + 27 before.
    assert runs.budget.charged == pytest.approx(3 + 8 + 27)


def test_a_ladder_that_dips_again_runs_on_and_its_gentlest_tie_wins(compiled, monkeypatch):
    # Worse twice but only 4x the best: not a turn, and the steep end is the best by far.
    # (The fake's cube law charges the probes at 1024 23 planned seconds of the 60: the
    # probes' share of the plan is lifted, as the ties are the subject here.)
    monkeypatch.setattr(auto, "PROBE_SHARE", 1.0)
    estimates = (1e-3, 2e-3, 4e-3, 1e-3, 1e-5, 1.2e-5, 1e-3)
    table = {(512, s): e for s, e in zip(auto.SCALES, estimates, strict=True)}
    table.update({(1024, 6.0): 1e-7, (1024, 8.0): 1.2e-7, (1536, 6.0): 1e-11})
    stages, _, _ = planned(compiled, monkeypatch, table)
    assert [st for st in stages if st[1] == 512] == [("probe", 512, s) for s in auto.SCALES]
    # 6 and 8 are tied (within 1.5x): the gentler one is kept; 8, within CONTEST of it at 512,
    # is probed at 1024 too, and ties again; 6 is steep enough for the one-axis local probe
    # (LOCAL_MIN_SCALE), which the script does not answer, so the global basis grows.
    assert stages[7:] == [
        ("probe", 1024, 6.0),
        ("probe", 1024, 8.0),
        ("probe", 1024, 6.0),  # on 32 cells
        ("grow", 1536, 6.0),
    ]


def test_the_tie_rule_looks_at_every_scale_run_before_the_turn(compiled, monkeypatch):
    # 1.5 is within 1.5x of the best (2.0); the ladder turns at 4 (100x): 6, 8, 12 never run.
    # The gentler 1.0 (the walk below the ladder, since 1.5 was kept) does not pay.
    estimates = {1.5: 1.4e-6, 2.0: 1e-6, 3.0: 1e-5, 4.0: 1e-4, 1.0: 1e-6}
    table = {(512, s): e for s, e in estimates.items()}
    table.update({(1024, 1.5): 1e-9, (1024, 2.0): 1.2e-9, (1536, 1.5): 1e-11})
    stages, _, _ = planned(compiled, monkeypatch, table)
    assert stages == [("probe", 512, s) for s in (1.5, 2.0, 3.0, 4.0, 1.0)] + [
        ("probe", 1024, 1.5),
        ("probe", 1024, 2.0),  # better than 1.5 at 512: a close contest, tied again
        ("grow", 1536, 1.5),
    ]


#: advection_gauss (problems/), measured with main's strategy (seed 0, one thread): the width-512
#: ladder, and width 1024 at 2, 3 and 4, where 4 beat the 512-chosen 3 by 2.8x.
GAUSS = {
    **dict(
        zip(
            ((512, s) for s in auto.SCALES),
            (0.073, 0.089, 0.021, 0.027, 0.033, 0.049, 0.095),
            strict=True,
        )
    ),
    (1024, 2.0): 7.1e-3,
    (1024, 3.0): 7.3e-4,
    (1024, 4.0): 2.6e-4,
}


def test_a_close_contest_at_512_is_decided_again_at_1024(compiled, monkeypatch):
    # 4 was 1.27x worse than 3 at 512 (within CONTEST): both run at 1024, where 4 wins by 2.8x
    # (more than TIE) and growth goes on at 4. The gentler 2 is not probed at 1024.
    table = {**GAUSS, (1536, 4.0): 3e-5}
    stages, _, _ = planned(compiled, monkeypatch, table)
    assert stages[7:] == [("probe", 1024, 3.0), ("probe", 1024, 4.0), ("grow", 1536, 4.0)]


def test_a_clear_winner_at_512_is_alone_at_1024(compiled, monkeypatch):
    # pyRFM's Poisson: 2 was 27x worse than 1.5 at 512, far outside CONTEST.
    assert POISSON_RFM[(512, 2.0)] > auto.CONTEST * POISSON_RFM[(512, 1.5)]
    stages, _, _ = planned(compiled, monkeypatch, POISSON_RFM)
    assert [st for st in stages if st[1] == 1024] == [("probe", 1024, 1.5)]


def test_a_failed_probe_is_skipped_by_the_trend(compiled, monkeypatch):
    # 3.0 fails (no estimate; the attempt is logged and charged): the trend reads 1.5, 2, 4 as
    # consecutive.
    table = {(512, 1.5): 1e-9, (512, 2.0): 1e-8, (512, 4.0): 1e-6, (1024, 1.5): 1e-11}
    stages, runs, _ = planned(compiled, monkeypatch, table)
    assert stages == [("probe", 512, s) for s in (1.5, 2.0, 3.0, 4.0)] + [("probe", 1024, 1.5)]
    assert runs.failures == ["probe width 512: failed"]


def test_the_second_probe_width_is_skipped_when_it_does_not_fit(compiled, monkeypatch):
    # 3 probes cost 3 planned seconds; width 1024 would cost 8 more, the budget leaves 6.
    table = {k: v for k, v in POISSON_RFM.items() if k[0] == 512}
    stages, _, plan = planned(compiled, monkeypatch, table, budget=9.0)
    # Growth then takes the widest width that fits (768, 3.4 planned seconds) at the ladder's
    # steepness 1.5: skipping the second probe width must not lose the first one's choice.
    assert stages == [("probe", 512, s) for s in (1.5, 2.0, 3.0)] + [("grow", 768, 1.5)]
    assert plan.stop_reason == "budget"


def test_a_given_width_probes_at_that_width_only(compiled, monkeypatch):
    table = {(256, s): e for s, e in zip(auto.SCALES, (1e-6, 1e-5, 1e-3, 1e-2, 1, 1, 1))}
    table[(256, 0.5)] = 1e-7  # the walk below the ladder: 1.0 fails, which stops it
    stages, _, plan = planned(compiled, monkeypatch, table, width=256)
    assert stages == [("probe", 256, s) for s in (1.5, 2.0, 3.0, 1.0)]
    assert plan.runs.best.scale == 1.5


# ----------------------------------------------------------------- below the ladder: GENTLE

#: PINNacle's 5-D Poisson problem PNd (benchmarks/axes/poisson_nd.py), measured at width 512
#: (seed 0, one thread): the ladder's estimates, then the gentler rungs 1.0 to 0.125. The
#: width-1024 rows are scripted (measured: 7.4e-6 at 0.25, 2.4e-6 at 0.125).
PND = {
    **dict(
        zip(
            ((512, s) for s in auto.SCALES),
            (4.2e-3, 1.0e-2, 2.8e-2, 5.6e-2, 2.2e-1, 1.0, 1.0),
            strict=True,
        )
    ),
    **{(512, s): e for s, e in {1.0: 1.2e-3, 0.5: 1.2e-4, 0.25: 5.3e-5, 0.125: 6.8e-5}.items()},
    (1024, 0.25): 7.4e-6,
    (1024, 0.5): 2e-5,
    (1536, 0.25): 1e-11,
}


def test_the_ladder_s_gentlest_winner_walks_gentler_while_each_rung_pays(compiled, monkeypatch):
    stages, runs, plan = planned(compiled, monkeypatch, PND)
    # The ladder turns at 3: two steps worse from its first rung, the best, 6.7x it
    # (TURNED_FIRST); under TURNED alone it ran on to 8 (240x), and 4, 6, 8 changed nothing.
    ladder = [st for st in stages if st[1] == 512 and st[2] in auto.SCALES]
    assert ladder == [("probe", 512, s) for s in (1.5, 2.0, 3.0)]
    walked = [st[2] for st in stages if st[1] == 512 and st[2] not in auto.SCALES]
    # 1.0, 0.5 and 0.25 each beat the best; 0.125 (6.8e-5) does not, and is not chosen, though
    # it is within TIE of 0.25: a gentler rung must pay.
    assert walked == [1.0, 0.5, 0.25, 0.125]
    # The contest at 1024: the chosen 0.25 and its steeper neighbour 0.5 (2.3x, within CONTEST).
    assert [st for st in stages if st[1] > 512] == [
        ("probe", 1024, 0.25),
        ("probe", 1024, 0.5),
        ("grow", 1536, 0.25),
    ]
    assert plan.stop_reason == "converged" and runs.best.scale == 0.25


@pytest.mark.parametrize(
    "at_gentle, walked",
    [
        (1e-4 / auto.GENTLE_GAIN, [1.0, 0.5]),  # exactly the gain pays, 0.5 (worse) stops it
        (math.nextafter(1e-4 / auto.GENTLE_GAIN, 1), [1.0]),  # just short of it does not
    ],
)
def test_a_gentler_rung_pays_at_exactly_the_gain(compiled, monkeypatch, at_gentle, walked):
    table = {(512, 1.5): 1e-4, (512, 2.0): 1e-3, (512, 3.0): 1e-2, (512, 4.0): 1e-1}
    table.update({(512, 1.0): at_gentle, (512, 0.5): 1.0, (1024, 1.0): 1e-11, (1024, 1.5): 1e-11})
    stages, runs, _ = planned(compiled, monkeypatch, table)
    assert [st[2] for st in stages if st[1] == 512 and st[2] < 1.5] == walked
    assert stages[-1][1:] == (1024, 1.0 if len(walked) == 2 else 1.5)


@pytest.mark.parametrize(
    "best, walks",
    [(auto.SATURATION_FLOOR, False), (math.nextafter(auto.SATURATION_FLOOR, 1), True)],
)
def test_a_resolved_probe_does_not_walk_gentler(compiled, monkeypatch, best, walks):
    # At or below the floor growth at 1.5 reaches the target; gentler bases saturate as they grow.
    table = {(512, 1.5): best, (512, 2.0): 1e-6, (512, 3.0): 1e-4, (512, 4.0): 1e-2}
    table.update({(512, 1.0): best / 10, (512, 0.5): 1.0, (1024, 1.0): 1e-11})
    table.update({(1024, 1.5): 1e-11})
    stages, _, _ = planned(compiled, monkeypatch, table)
    assert any(st[2] == 1.0 for st in stages) is walks


def test_the_walk_runs_with_the_user_s_own_axis_factors(monkeypatch):
    # The stages record the settings' factors; the walk must read those probes (it compared
    # them with step 1a's factors, None here, and never walked).
    table = {(512, 1.5): 1e-4, (512, 2.0): 1e-3, (512, 3.0): 1e-2, (512, 4.0): 1e-1}
    table.update({(512, 1.0): 1e-5, (512, 0.5): 1.0})
    script = Script(lambda width, scale, factors: table.get((width, scale)), plan=60.0)
    settings = Settings(axis_scales={"x": 4.0})
    plan = planner(monkeypatch, script, settings, problem_of(("x", "y", "t"), 2))
    assert plan._probe("tanh", 512, auto.SCALES) == 1.5
    assert plan._gentler("tanh", 512, 1.5) == 1.0
    assert [st[2:] for st in script.stages()[-2:]] == [(1.0, {"x": 4.0}), (0.5, {"x": 4.0})]


def test_a_failed_gentler_probe_stops_the_walk(compiled, monkeypatch):
    table = {(512, 1.5): 1e-4, (512, 2.0): 1e-3, (512, 3.0): 1e-2, (512, 4.0): 1e-1}
    table.update({(512, 1.0): 1e-5, (512, 0.25): 1e-9, (1024, 1.0): 1e-11})
    stages, runs, _ = planned(compiled, monkeypatch, table)
    # 0.5 fails (no estimate): 0.25 is never tried, and the last rung that paid, 1.0, is kept.
    assert [st[2] for st in stages if st[1] == 512 and st[2] < 1.5] == [1.0, 0.5]
    assert runs.best.scale == 1.0 and runs.failures == ["probe width 512: failed"]


def test_no_walk_below_a_steeper_winner_or_aligned_features(compiled, monkeypatch):
    table = {(512, 1.5): 1e-3, (512, 2.0): 1e-4, (512, 3.0): 1e-3, (512, 4.0): 1e-2}
    table.update({(512, 6.0): 1.0, (512, 1.0): 1e-9, (1024, 2.0): 1e-11})
    stages, _, _ = planned(compiled, monkeypatch, table)
    assert all(st[2] in auto.SCALES for st in stages)  # 2.0 won: the walk does not start
    # 1.5 won, but aligned features were kept: their steepness is the aligned walk's.
    table[(512, 2.0)] = 1e-2
    script = Script(lambda width, scale, factors: table.get((width, scale)), plan=60.0)
    plan = planner(monkeypatch, script, Settings(), compiled)
    assert plan._probe("tanh", 512, auto.SCALES) == 1.5
    before = len(script.stages())
    plan.aligned = 1.0
    assert plan._gentler("tanh", 512, 1.5) == 1.5 and len(script.stages()) == before
    plan.aligned = None  # the same plan on the plain basis walks, and 1.0 pays
    assert plan._gentler("tanh", 512, 1.5) == 1.0 and script.stages()[before][2] == 1.0


def test_the_gentle_walk_reads_only_this_width_s_plain_probes(compiled, monkeypatch):
    # Stages below the floor (1e-9) at another width, or of another kind, do not count: the
    # ladder's probes at this width (1e-4 at best) do, and the walk runs.
    table = {(512, 1.5): 1e-4, (512, 2.0): 1e-3, (512, 1.0): 1e-5, (512, 0.5): 1.0}
    table.update({(1024, 2.0): 1e-9, (512, 3.0): 1e-9})
    script = Script(lambda width, scale, factors: table.get((width, scale)), plan=60.0)
    plan = planner(monkeypatch, script, Settings(), compiled)
    for kind, width, scale in [("probe", 512, 1.5), ("probe", 512, 2.0), ("probe", 1024, 2.0)]:
        plan._smooth(kind, "tanh", width, scale)
    plan._smooth("grow", "tanh", 512, 3.0)
    assert plan._gentler("tanh", 512, 1.5) == 1.0
    assert [st[2] for st in script.stages()[4:]] == [1.0, 0.5]


def test_the_gentle_walk_stops_where_the_plan_does_and_keeps_the_last_rung_that_paid(
    compiled, monkeypatch
):
    # The ladder turns at 3 (3 planned seconds); the plan of 5 leaves room for two probes:
    # 1.0 and 0.5 pay, 0.25 does not fit (the plan's own limit: the probes' share is lifted).
    monkeypatch.setattr(auto, "PROBE_SHARE", 1.0)
    table = {(512, 1.5): 1e-4, (512, 2.0): 1e-2, (512, 3.0): 1.0}
    table.update({(512, 1.0): 1e-5, (512, 0.5): 1e-6, (512, 0.25): 1e-7})
    stages, runs, plan = planned(compiled, monkeypatch, table, budget=5.0)
    assert [st[2] for st in stages] == [1.5, 2.0, 3.0, 1.0, 0.5]
    assert runs.best.scale == 0.5 and plan.stop_reason == "budget"


def test_the_gentle_walk_asks_the_plan_with_the_per_axis_factors(compiled, monkeypatch):
    # A stage with factors costs 3 planned seconds, an isotropic one 1; after the factored
    # probe 1.5 are left: the next factored probe does not fit, and is not run.
    factors = {"x": 0.25}
    script = Script(
        lambda width, scale, got: 1e-4 if scale == 1.5 else 1e-6,
        plan=4.5,
        cost=lambda width, got: 1.0 if got is None else 3.0,
    )
    plan = planner(monkeypatch, script, Settings(), compiled)
    plan.axis_scales = factors
    plan._smooth("probe", "tanh", 512, 1.5)
    assert plan._gentler("tanh", 512, 1.5) == 1.5 and len(script.stages()) == 1


# ------------------------------------------------------------- local bases on one axis

#: An oscillatory problem on one axis, as measured on pyRFM's Helmholtz (benchmarks/pyrfm/
#: helmholtz_1d.py): the ladder's best at its steepest rung, width 1024 at 12: 1.0e-7 global,
#: 2.6e-10 on 32 cells of 32 features (the 1536 rows are scripted).
STEEPEST_WINS = {
    **{(512, s): 10.0**-k for s, k in zip(auto.SCALES, (1, 2, 5, 5, 5, 6, 7), strict=True)},
    (1024, 12.0): 1.0e-7,
    (1536, 12.0): 5.7e-8,
}


def local_plan(compiled, monkeypatch, local, rows=STEEPEST_WINS, **settings):
    script = Script(
        lambda width, scale, factors: rows.get((width, scale)),
        local=local,
        cost=lambda width, factors: (width / 512) ** 3,
        plan=60.0,
    )
    plan = planner(monkeypatch, script, Settings.from_mapping(settings), compiled)
    plan._plan()
    return [entry[:3] + entry[8:9] for entry in script.log], script.main, plan


def test_one_axis_goes_local_when_the_steepest_rung_wins_and_local_beats_it(compiled, monkeypatch):
    def local(cells, width, scale):
        return {1024: 2.6e-10, 1536: 1e-11}[width] if cells == "32" else None

    taken, runs, plan = local_plan(compiled, monkeypatch, local)
    assert taken[7:] == [
        ("probe", 1024, 12.0, None),
        ("probe", 1024, 12.0, "32"),  # width // LOCAL_FEATURES cells, as steep
        ("grow", 1536, 12.0, "32"),  # growth keeps the cells: 48 features each
    ]
    assert plan.subdomains == "32" and runs.best.subdomains == "32"
    assert plan.stop_reason == "converged"


@pytest.mark.parametrize(
    "at_local, kept",
    [(1.0e-7 / auto.AXIS_GAIN, True), (math.nextafter(1.0e-7 / auto.AXIS_GAIN, 1), False)],
)
def test_local_is_kept_only_past_the_gain(compiled, monkeypatch, at_local, kept):
    taken, runs, plan = local_plan(
        compiled, monkeypatch, lambda cells, width, scale: at_local if width == 1024 else None
    )
    assert (plan.subdomains == "32") is kept
    assert taken[9][3] == ("32" if kept else None)  # the growth stage after it


def test_local_must_beat_this_width_s_global_stages_and_keeps_the_activation(compiled, monkeypatch):
    # The global basis at 512 (2e-10) beats local at 1024 (1e-9); only width 1024's global
    # stage (1e-7) counts against it, so local is kept.
    rows = {**STEEPEST_WINS, (512, 12.0): 2e-10}
    taken, runs, plan = local_plan(
        compiled, monkeypatch, lambda cells, width, scale: 1e-9 if width == 1024 else 1e-12, rows
    )
    assert plan.subdomains == "32"
    local = [entry for entry in runs.script.log if entry[8] == "32"]
    assert local and all(entry[4] == "tanh" for entry in local)


def test_one_axis_goes_local_at_whichever_rung_won(compiled, monkeypatch):
    # Helmholtz with 25 periods (benchmarks/user14/helmholtz50.py): the ladder's best was 6,
    # not its steepest rung, and global growth took width 4096 for 4.7e-8; local at 1024: 1.5e-11
    rows = {
        **{(512, s): 10.0**-k for s, k in zip(auto.SCALES, (1, 2, 3, 4, 5, 4, 3), strict=True)},
        (1024, 6.0): 1.0e-7,
        (1536, 6.0): 5.0e-8,
    }

    def local(cells, width, scale):
        return {1024: 1e-9, 1536: 1e-11}[width] if cells == "32" and scale == 6.0 else None

    taken, runs, plan = local_plan(compiled, monkeypatch, local, rows)
    assert ("probe", 1024, 6.0, "32") in taken
    assert plan.subdomains == "32" and runs.best.subdomains == "32"


def test_no_local_probe_beside_aligned_features(compiled, monkeypatch):
    script = Script(lambda width, scale, factors: 1e-7, local=lambda *a: 1e-12, plan=60.0)
    plan = planner(monkeypatch, script, Settings(), compiled)
    plan._smooth("probe", "tanh", 1024, 12.0)
    plan.aligned = 1.0
    plan._probe_local("tanh", 1024, 12.0)
    assert len(script.stages()) == 1 and plan.subdomains is None
    plan.aligned = None  # the same plan without them probes it, and keeps it
    plan.layers = auto.LAYERS  # ...but not beside features across boundary layers either
    plan._probe_local("tanh", 1024, 12.0)
    assert len(script.stages()) == 1 and plan.subdomains is None
    plan.layers = None
    plan._probe_local("tanh", 1024, 12.0)
    assert len(script.stages()) == 2 and plan.subdomains == "32"


@pytest.mark.parametrize(
    "rows, settings, axes",
    [
        (STEEPEST_WINS, {"subdomains": "4"}, ("x",)),  # the user's own cells
        (STEEPEST_WINS, {"width": 1024}, ("x",)),  # a given width probes there only
        (STEEPEST_WINS, {}, ("x", "y")),  # two axes: global (section 20)
        ({**STEEPEST_WINS, (1024, 12.0): 1e-11}, {}, ("x",)),  # the global one converged
    ],
)
def test_no_local_probe_otherwise(monkeypatch, rows, settings, axes):
    taken, _, plan = local_plan(
        problem_of(axes), monkeypatch, lambda cells, width, scale: 1e-12, rows, **settings
    )
    # every stage global, or on the user's own cells: no probe of auto's 32
    assert all(entry[3] == settings.get("subdomains") for entry in taken)
    assert plan.subdomains is None


def test_a_saturated_gentle_basis_moves_one_rung_steeper(compiled, monkeypatch):
    _, _, plan = planned(compiled, monkeypatch, {(512, 1.5): 1e-11})
    assert auto.all_scales() == (0.125, 0.25, 0.5, 1.0, *auto.SCALES)
    assert [plan._steeper(sc) for sc in (0.125, 0.5, 1.0, 12.0)] == [0.25, 1.0, 1.5, None]


def test_a_given_steepness_skips_the_ladder(compiled, monkeypatch):
    # (a plan that affords 1536 and 2048: as above)
    stages, _, plan = planned(compiled, monkeypatch, POISSON_RFM, budget=120.0, init_scale=1.5)
    assert stages == [("grow", 512, 1.5), ("grow", 1024, 1.5), ("grow", 1536, 1.5)]
    assert plan.stop_reason == "converged"


def test_given_axis_factors_keep_the_contest(compiled, monkeypatch):
    # Every stage records the user's factors; the ladder is still read as the ladder.
    stages, _, _ = planned(compiled, monkeypatch, GAUSS, axis_scales={"x": 2.0})
    assert [st for st in stages if st[1] == 1024] == [("probe", 1024, 3.0), ("probe", 1024, 4.0)]


def contest_of(compiled, monkeypatch, stages):
    """``_Auto._contest(3.0)`` over hand-made stages (kind, scale, estimate, axis_scales)."""
    _, runs, plan = planned(compiled, monkeypatch, {(512, 1.5): 1e-11})
    runs.stages = [
        types.SimpleNamespace(
            kind=kind,
            scale=scale,
            estimate=estimate,
            axis_scales=factors,
            aligned=0.0,
            layers=0.0,
            modes=0.0,
        )
        for kind, scale, estimate, factors in stages
    ]
    return plan._contest(3.0)


def test_the_contest_is_won_at_exactly_the_factor(compiled, monkeypatch):
    # 1.25 is exactly CONTEST x 0.25 (both exact in binary): still a close contest.
    assert auto.CONTEST * 0.25 == 1.25
    at = [("probe", 3.0, 0.25, None), ("probe", 4.0, 1.25, None)]
    assert contest_of(compiled, monkeypatch, at) == [3.0, 4.0]
    above = [("probe", 3.0, 0.25, None), ("probe", 4.0, math.nextafter(1.25, 2.0), None)]
    assert contest_of(compiled, monkeypatch, above) == [3.0]


@pytest.mark.parametrize(
    "other",
    [
        ("grow", 4.0, 0.3, None),  # a growth stage at 4 is not the ladder's probe
        ("probe", 4.0, 0.3, {"x": 4.0}),  # nor the per-axis probe's, with other factors
    ],
)
def test_the_contest_reads_only_the_ladder_s_probes(compiled, monkeypatch, other):
    # At 512 the ladder had 4 at 10x the chosen 3, outside CONTEST; a later stage
    # at scale 4 with a close estimate must not reopen the contest.
    ladder = [("probe", 3.0, 0.1, None), ("probe", 4.0, 1.0, None)]
    assert contest_of(compiled, monkeypatch, ladder) == [3.0]
    assert contest_of(compiled, monkeypatch, [*ladder, other]) == [3.0]


def test_a_growth_stage_without_gain_is_stagnation_even_when_it_spends_the_plan(
    compiled, monkeypatch
):
    # A given steepness (no steeper retry): 512, 1024, 1536 cost 1 + 8 + 27 = 36 planned
    # seconds, the whole plan; 1536 gains 1.1x, less than IMPROVEMENT: stagnation, the reason
    # the growth ended, though the plan is spent too.
    table = {(512, 2.0): 1e-3, (1024, 2.0): 1e-4, (1536, 2.0): 1e-4 / 1.1}
    stages, runs, plan = planned(compiled, monkeypatch, table, budget=36.0, init_scale=2.0)
    assert [st[1] for st in stages] == [512, 1024, 1536]
    assert runs.budget.remaining() <= 0
    assert plan.stop_reason == "stagnation"


def test_the_probes_stop_at_their_share_of_the_plan_and_the_basis_grows(compiled, monkeypatch):
    # A new user's rotating shallow water (three unknowns) spent 57 of its 60 planned seconds
    # on 24 probes at width 512 and never grew. Here the ladder at 512 charges 7 of a plan
    # of 20; the probe at 1024 (8 more) would pass the probes' half (10): it is not run as a
    # probe, and the basis grows to 1024 with what is left.
    table = {(512, s): 10.0 ** -(i + 1) for i, s in enumerate(auto.SCALES)}
    table.update({(1024, 12.0): 1e-9, (1536, 12.0): 1e-12})
    stages, runs, plan = planned(compiled, monkeypatch, table, budget=20.0)
    assert auto.PROBE_SHARE == 0.5
    assert stages == [("probe", 512, s) for s in auto.SCALES] + [("grow", 1024, 12.0)]
    assert runs.probe_cap is None  # lifted for growth
    monkeypatch.setattr(auto, "PROBE_SHARE", 1.0)
    lifted, _, _ = planned(compiled, monkeypatch, table, budget=20.0)
    assert lifted == [("probe", 512, s) for s in auto.SCALES] + [("probe", 1024, 12.0)]


def test_the_probes_share_never_refuses_the_first_stage_and_says_why(compiled, monkeypatch):
    table = {(512, s): 1e-3 for s in auto.SCALES}
    stages, runs, plan = planned(compiled, monkeypatch, table, budget=3.0)
    # the first probe (1 planned second) runs past nothing; the second would bring the
    # charges to 2, within the plan (3) but past the probes' share (1.5): not run
    assert [st for st in stages if st[0] == "probe"] == [("probe", 512, 1.5)]
    monkeypatch.setattr(auto, "PROBE_SHARE", 1.0)
    lifted, _, _ = planned(compiled, monkeypatch, table, budget=3.0)
    assert [st for st in lifted if st[0] == "probe"][:2] == [
        ("probe", 512, 1.5),
        ("probe", 512, 2.0),
    ]
    monkeypatch.setattr(auto, "PROBE_SHARE", 0.5)
    stages, runs, plan = planned(compiled, monkeypatch, table, budget=1.5)
    # a first probe past the share itself (0.75) still runs: the run has nothing without it
    assert stages[0] == ("probe", 512, 1.5)
    # within what is left of the plan (0.125 of 0.5) but past a share of 1 already charged
    runs.probe_cap = 1.0
    what, clause = runs.refusal(256)
    assert what == "plan" and "past the probes' share of the plan (1 planned seconds" in clause
    runs.probe_cap = None
    assert runs.refusal(256) is None


def test_a_given_width_keeps_the_whole_plan_for_its_probes(compiled, monkeypatch):
    # with --width no growth follows: the ladder at that width may spend the whole plan
    table = {(1024, s): 10.0 ** -(i + 1) for i, s in enumerate(auto.SCALES)}
    stages, runs, _ = planned(compiled, monkeypatch, table, budget=60.0, width=1024)
    assert stages == [("probe", 1024, s) for s in auto.SCALES]  # 56 planned seconds
    assert runs.budget.charged == pytest.approx(56.0)
