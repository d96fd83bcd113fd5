"""The strategy record (pinnls.record): its JSON round trip with the target of the automatic
strategy, and describe(), the few readable lines of ``pinnls info``."""

from __future__ import annotations

import pytest

from pinnls.io.strategy_rows import describe
from pinnls.record import (
    AutoRecord,
    Choice,
    SlabDecision,
    SlabRecord,
    SlabsRecord,
    SlabTrial,
    StageRecord,
    from_json,
    to_json,
)
from pinnls.settings import AUTO_TOL


def auto_record(target=AUTO_TOL, considered=None) -> AutoRecord:
    """Three stages (two probes, a growth); the second (index 1) kept."""
    stages = (
        StageRecord("probe", "tanh", 512, 1.5, 4000, 3e-4, 1.0, 500),
        StageRecord("probe", "tanh", 512, 3.0, 4000, 2e-5, 1.1, 510),
        StageRecord("grow", "tanh", 1024, 3.0, 8000, 4e-5, 2.5, 900),
    )
    return AutoRecord(
        time_limit=60.0,
        stop_reason="stagnation",
        seconds=4.6,
        chosen=Choice(1, "tanh", 512, 3.0, {"pde": 3600, "initial": 200, "inflow": 200}, 2e-5),
        stages=stages,
        failures=("grow tanh 2048: out of memory",),
        slabs_considered=considered,
        target=target,
    )


def test_the_target_travels_through_json_and_older_records_read_without_it():
    record = auto_record(target=1e-6)
    data = to_json(record)
    assert data["target"] == 1e-6
    assert from_json(data) == record
    del data["target"]  # a report written before the target was recorded
    assert from_json(data).target is None


def test_an_auto_record_is_a_few_lines_counting_stages_from_1():
    considered = SlabDecision(
        "the rule", 512, 3.0, (SlabTrial(1, 2e-5, 2e-5, 1.0), SlabTrial(2, 3e-5, 6e-5, 1.0))
    )
    rows = describe(auto_record(considered=considered), {"tol": 0.0, "optimizer": "lsgd"})
    assert rows == [
        ("strategy", "auto: chose tanh width 512, scale 3 at stage 2 of 3 (estimate 2e-05)"),
        ("  stages", "3 (2 probe, 1 grow, 1 failed) in 4.6 s of a 60 s budget"),
        ("  stopped", "stagnation"),
        ("  tol", "0 (auto target 1e-10)"),
        ("  slabs", "probed 1, 2 slabs: scores 2e-05, 6e-05; kept one domain"),
    ]


def test_the_tol_row_shows_the_target_auto_used():
    # The saved settings are the chosen stage's (tol 0, for a rerun); the target was the tol
    # given to auto. A record without a target (an older file) has no tol row.
    assert ("  tol", "0 (auto target 1e-06)") in describe(auto_record(1e-6), {"tol": 0.0})
    assert not any(label == "  tol" for label, _ in describe(auto_record(None), {"tol": 0.0}))


def slab(index: int, width: int) -> SlabRecord:
    return SlabRecord(
        index, (index / 3, (index + 1) / 3), width, "tanh", 900, 1.0, True, "converged",
        1e-6, None, None, None, None,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("strategy", "settings", "first", "tol"),
    [
        ("auto", {"tol": 0.0}, "time slabs: 4 in t, each auto", "0 (auto target 1e-10)"),
        ("auto", {"tol": 1e-7}, "time slabs: 4 in t, each auto", "1e-07 (auto target 1e-07)"),
        (None, {"tol": 0.0, "optimizer": "lsgd"}, "time slabs: 4 in t, each lsgd", None),
    ],
)
def test_a_slabs_record_gives_count_widths_and_decision(strategy, settings, first, tol):
    decision = SlabDecision(
        "n slabs with the smallest score", 512, 3.0,
        (SlabTrial(1, 0.1, 0.1, 2.0), SlabTrial(4, 0.01, 0.04, 1.0)), 3.0,
    )  # fmt: skip
    widths = [512, 512, 1024, 512]
    record = SlabsRecord(
        4, 4, "t", ("initial",), tuple(slab(i, w) for i, w in enumerate(widths)), strategy,
        decision,
    )  # fmt: skip
    rows = dict(describe(record, settings))
    assert rows["strategy"] == first
    assert rows["  widths"] == "512 x2, 1024, 512"
    assert rows["  decision"] == (
        "n slabs with the smallest score (probed 1, 4 slabs: scores 0.1, 0.04)"
    )
    assert rows.get("  tol") == tol


def test_without_a_record_the_strategy_was_fixed():
    assert describe(None, {"optimizer": "lsgd"}) == [
        ("strategy", "none (a fixed strategy on one domain)")
    ]


def test_only_a_fixed_strategy_s_training_resumes():
    # an automatic run's solution carries the chosen stage's settings (lsgd): the record, not
    # the settings, says whether --resume can continue it (its advice read the settings)
    import types

    from pinnls.checkpoint import resumes

    widths = [512, 512]
    slabs = tuple(slab(i, w) for i, w in enumerate(widths))
    for strategy, expected in (("auto", False), (None, True)):
        record = SlabsRecord(2, 2, "t", ("initial",), slabs, strategy, None)
        assert resumes(types.SimpleNamespace(strategy=record)) is expected
    assert resumes(types.SimpleNamespace(strategy=None)) is True
