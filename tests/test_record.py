"""The strategy record (pinnls.record): its JSON round trip with the target of the automatic
strategy."""

from __future__ import annotations

from pinnls.record import (
    AutoRecord,
    Choice,
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
