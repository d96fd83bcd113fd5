"""Growth on a saturated basis (``auto.saturated``): a stage whose least-squares rank falls
below ``auto.SATURATED`` times its columns hands the next width one scale steeper, and when no
wider stage fits in the plan, the steeper scale is tried at the last width with what is left.
Scripted stages (tests/auto_harness.py); the measured case is transport-front in
docs/benchmarks.md ("Saturated bases")."""

from __future__ import annotations

import types

import pytest
from auto_harness import Script, grow_from, planner, table

from pinnls import Settings
from pinnls.training import auto


def stage(rank, columns):
    return types.SimpleNamespace(rank=rank, columns=columns)


@pytest.mark.parametrize(
    "candidate, expected",
    [
        (None, False),
        (stage(10, 0), False),  # columns unknown (a stage that did not say)
        (stage(-1, 0), False),  # rank unknown too
        (stage(0, 1), True),
        (stage(899, 1000), True),
        (stage(900, 1000), False),  # exactly SATURATED: not saturated
        (stage(1000, 1000), False),
    ],
)
def test_saturated_is_rank_below_the_fraction_of_columns(candidate, expected):
    assert auto.SATURATED == 0.9
    assert auto.saturated(candidate) is expected


def ranks(saturated_at):
    """Full rank (width + 1) except at the (width, scale) pairs listed: 80% of it."""

    def rank(width, scale):
        full = width + 1
        return int(0.8 * full) if (width, scale) in saturated_at else full

    return rank


def grow(monkeypatch, rows, saturated_at, first=(1024, 3.0), **options):
    """``grow_from`` with the stages at ``saturated_at`` saturated (:func:`ranks`)."""
    return grow_from(monkeypatch, first, rows, rank=ranks(saturated_at), **options)


def test_a_saturated_stage_hands_the_next_width_the_steeper_scale(monkeypatch):
    rows = {
        (1024, 3.0): 1e-2,
        (1536, 3.0): 5e-3,  # saturated: 2048 runs at 4
        (2048, 4.0): 1e-3,
        (2048, 3.0): 1e-20,  # the old scale is not used again
        (3072, 4.0): 1e-13,
    }
    log, reason = grow(monkeypatch, rows, {(1536, 3.0)})
    assert log == [(1536, 3.0), (2048, 4.0), (3072, 4.0)]
    assert reason == "converged"


def test_a_full_rank_stage_keeps_its_scale(monkeypatch):
    rows = {(1024, 3.0): 1e-2, (1536, 3.0): 5e-3, (2048, 3.0): 1e-3, (3072, 3.0): 1e-13}
    log, reason = grow(monkeypatch, rows, set())
    assert log == [(1536, 3.0), (2048, 3.0), (3072, 3.0)]
    assert reason == "converged"


def test_a_saturated_stage_at_the_steepest_scale_keeps_it(monkeypatch):
    rows = {(1024, 12.0): 1e-2, (1536, 12.0): 5e-3, (2048, 12.0): 1e-13}
    log, reason = grow(monkeypatch, rows, {(1536, 12.0)}, first=(1024, 12.0))
    assert log == [(1536, 12.0), (2048, 12.0)]


def test_a_given_scale_is_kept_when_saturated(monkeypatch):
    rows = {(1024, 3.0): 1e-2, (1536, 3.0): 5e-3, (2048, 3.0): 1e-13}
    settings = Settings(init_scale=3.0)
    log, _ = grow(monkeypatch, rows, {(1536, 3.0)}, settings=settings)
    assert log == [(1536, 3.0), (2048, 3.0)]


@pytest.mark.parametrize(
    "old, expected, reason",
    [
        # the steeper stage did not pay: the scale it left is retried at the same width, and
        # growth goes on there when it pays
        (1e-3, [(2048, 4.0), (2048, 3.0), (3072, 3.0)], "converged"),
        # neither paid: stagnation
        (5e-3 / 1.25 * 1.01, [(2048, 4.0), (2048, 3.0)], "stagnation"),
    ],
)
def test_a_steeper_stage_that_does_not_pay_retries_the_old_scale(
    monkeypatch, old, expected, reason
):
    rows = {
        (1024, 3.0): 1e-2,
        (1536, 3.0): 5e-3,
        (2048, 4.0): 4.9e-3,
        (2048, 3.0): old,
        (3072, 3.0): 1e-13,
    }
    log, got = grow(monkeypatch, rows, {(1536, 3.0)})
    assert log == [(1536, 3.0), *expected]
    assert got == reason


# Cost width/512 planned seconds: the first stage (1024) 2, then 3072 costs 6; 4096 (8) and
# the largest fitting width above 3072 (3584: 7) do not fit in 6.5 more.
LEFTOVER = {(1024, 3.0): 1e-2, (3072, 3.0): 1e-3, (3072, 4.0): 2e-4}


def test_leftover_plan_tries_the_steeper_scale_at_a_saturated_last_width(monkeypatch):
    log, reason = grow(monkeypatch, LEFTOVER, {(3072, 3.0)}, widths=[3072, 4096], plan=2 + 6 + 6.5)
    assert log == [(3072, 3.0), (3072, 4.0)]
    assert reason == "budget"


def test_the_leftover_stage_is_a_growth_stage_of_the_same_activation(monkeypatch):
    script = Script(table(LEFTOVER), rank=ranks({(3072, 3.0)}), plan=2 + 6 + 6.5)
    planned = planner(monkeypatch, script)
    planned._smooth("grow", "tanh", 1024, 3.0)
    planned._grow("tanh", 3.0, [3072, 4096])
    kind, width, scale, _, activation, *_ = script.log[-1]
    assert (kind, width, scale, activation) == ("grow", 3072, 4.0, "tanh")


@pytest.mark.parametrize(
    "saturated_at, plan, settings",
    [
        (set(), 2 + 6 + 6.5, None),  # full rank: nothing to gain from steeper
        ({(3072, 3.0)}, 2 + 6 + 5.9, None),  # 6 does not fit in 5.9
        ({(3072, 3.0)}, 2 + 6 + 6.5, Settings(init_scale=3.0)),  # the user's scale
    ],
)
def test_leftover_plan_is_not_spent_otherwise(monkeypatch, saturated_at, plan, settings):
    log, reason = grow(
        monkeypatch,
        LEFTOVER,
        saturated_at,
        widths=[3072, 4096],
        plan=plan,
        settings=settings,
    )
    assert log == [(3072, 3.0)]
    assert reason == "budget"


def test_a_saturated_stage_at_or_below_the_floor_keeps_its_scale(monkeypatch):
    # resolved smooth bases are saturated too; steeper did not pay there
    floor = auto.SATURATION_FLOOR
    assert floor == 100 * auto.ROUNDOFF
    rows = {(1024, 3.0): 1e-6, (1536, 3.0): floor, (2048, 3.0): floor / 2, (3072, 3.0): 1e-13}
    log, reason = grow(monkeypatch, rows, {(1536, 3.0), (2048, 3.0)})
    assert log == [(1536, 3.0), (2048, 3.0), (3072, 3.0)]
    assert reason == "converged"


def test_once_a_steeper_stage_did_not_pay_the_scale_stays(monkeypatch):
    rows = {
        (1024, 3.0): 1e-2,
        (1536, 3.0): 5e-3,  # saturated: 2048 tries 4
        (2048, 4.0): 4.9e-3,  # did not pay
        (2048, 3.0): 1e-3,  # the old scale did; saturated again, but 3 stays
        (3072, 3.0): 1e-13,
    }
    log, _ = grow(monkeypatch, rows, {(1536, 3.0), (2048, 3.0)})
    assert log == [(1536, 3.0), (2048, 4.0), (2048, 3.0), (3072, 3.0)]


def test_leftover_plan_is_not_spent_below_the_floor(monkeypatch):
    rows = {(1024, 3.0): 1e-7, (3072, 3.0): auto.SATURATION_FLOOR, (3072, 4.0): 1e-12}
    log, _ = grow(monkeypatch, rows, {(3072, 3.0)}, widths=[3072, 4096], plan=2 + 6 + 6.5)
    assert log == [(3072, 3.0)]


def test_leftover_plan_is_not_spent_on_a_scale_that_did_not_pay(monkeypatch):
    # 1536 at 4 did not pay, 1536 at 3 did; 3072 at 3 is saturated, yet 4 is not tried again
    rows = {
        (1024, 3.0): 1e-2,
        (1536, 3.0): 5e-3,
        (1536, 4.0): 1e-2,
        (3072, 3.0): 1e-3,
        (3072, 4.0): 1e-4,
    }
    # (no width fits but the rungs: 3072 and 4096 do not both fit in the 12.5 left after
    # 1536, where one last rung as wide as fits would take 3072's place)
    log, _ = grow(
        monkeypatch,
        rows,
        {(1024, 3.0), (3072, 3.0)},
        widths=[1536, 3072, 4096],
        plan=2 + 2 * 3 + 6 + 6.5,
        largest=lambda last, step, floor: None,
    )
    assert log == [(1536, 4.0), (1536, 3.0), (3072, 3.0)]


def test_a_steeper_retry_that_paid_keeps_the_saturation_moves(monkeypatch):
    # 1536 at 3 does not improve (full rank): the stagnation retry at 4 pays; 1536 at 4 is
    # saturated, so 2048 runs at 6 (a retry that paid is not a move that failed).
    rows = {
        (1024, 3.0): 1e-2,
        (1536, 3.0): 9e-3,
        (1536, 4.0): 5e-3,
        (2048, 6.0): 1e-13,
    }
    log, reason = grow(monkeypatch, rows, {(1536, 4.0)})
    assert log == [(1536, 3.0), (1536, 4.0), (2048, 6.0)]
    assert reason == "converged"


@pytest.mark.parametrize(
    "before, saturated_at, expected",
    [
        # The second probe width ran 3 (saturated) and then 4 (full rank); growth goes on at
        # 3, so the stage it continues from is 1024 at 3, not the latest stage: 1536 at 4.
        ([(1024, 3.0), (1024, 4.0)], {(1024, 3.0)}, (1536, 4.0)),
        # A later stage at the same scale but another width (saturated) is not the one growth
        # continues from: 1024 at 3 has full rank, so 1536 keeps 3.
        ([(1024, 3.0), (512, 3.0)], {(512, 3.0)}, (1536, 3.0)),
    ],
)
def test_growth_continues_from_the_stage_at_its_width_and_scale(
    monkeypatch, before, saturated_at, expected
):
    rows = {(1024, 3.0): 1e-2, (1024, 4.0): 1.2e-2, (512, 3.0): 5e-2, expected: 1e-13}
    script = Script(table(rows), rank=ranks(saturated_at))
    planned = planner(monkeypatch, script)
    for width, scale in before:
        planned._smooth("probe", "tanh", width, scale)
    planned._grow("tanh", 3.0, [1536])
    assert script.stages()[-1][1:3] == expected
