"""A strategy record in words: the few rows that ``pinnls info`` prints for it.

Torch-free, like the record itself (:mod:`pinnls.record`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pinnls.record import AutoRecord, SlabDecision, SlabsRecord, StrategyRecord, cells_text
from pinnls.settings import AUTO_TOL

__all__ = ["describe", "axis_text", "choice_text"]


def describe(
    record: StrategyRecord | None, settings: Mapping[str, Any] | None = None
) -> list[tuple[str, str]]:
    """A record in a few readable rows (label, text) for ``pinnls info``: the first labelled
    ``strategy``, the others indented under it.

    The automatic strategy: the basis it chose (stages count from 1, as users count them;
    ``chosen.stage`` indexes from 0), how many stages it solved, why it stopped, its target
    beside the saved settings' ``tol`` (whose 0 means the target
    :data:`~pinnls.settings.AUTO_TOL`), the per-axis steepness it probed and kept, and the
    time slabs it probed. Time slabs: their count
    and axis, each slab's width, and how the count was decided.

    Parameters
    ----------
    record : AutoRecord, SlabsRecord or None
    settings : mapping, optional
        The saved settings (report.json's ``settings``): their ``tol``, and the ``optimizer``
        of a fixed strategy marched in slabs.

    Returns
    -------
    list of (str, str)
    """
    settings = settings if isinstance(settings, Mapping) else {}
    tol = settings.get("tol")
    tol = float(tol) if isinstance(tol, (int, float)) and not isinstance(tol, bool) else None
    if record is None:
        return [("strategy", "none (a fixed strategy on one domain)")]
    if isinstance(record, SlabsRecord):
        return _describe_slabs(record, tol, settings.get("optimizer"))
    chosen = record.chosen
    scale = choice_text(chosen)
    kinds: dict[str, int] = {}
    for stage in record.stages:
        kinds[stage.kind] = kinds.get(stage.kind, 0) + 1
    failed = f", {len(record.failures)} failed" if record.failures else ""
    rows = [
        (
            "strategy",
            f"auto: chose {chosen.activation} width {chosen.width}{scale} at stage "
            f"{chosen.stage + 1} of {len(record.stages)} (estimate {chosen.estimate:.3g})",
        ),
        (
            "  stages",
            f"{len(record.stages)} ({', '.join(f'{n} {k}' for k, n in kinds.items())}{failed}) "
            f"in {record.seconds:.3g} s{_plan(record)}",
        ),
        ("  stopped", record.stop_reason),
    ]
    rows += _target(record.target, tol)
    per_axis = [stage for stage in record.stages if stage.axis_scales]
    if per_axis:
        kept = axis_text(chosen.axis_scales) if chosen.axis_scales else "isotropic"
        rows.append(("  axes", f"{_stages(per_axis)} with per-axis steepness; chose {kept}"))
    aligned = [stage for stage in record.stages if stage.aligned]
    if aligned:
        kept = f"a share of {chosen.aligned:g}" if chosen.aligned else "none"
        text = f"{_stages(aligned)} with aligned features; chose {kept}"
        rows.append(("  aligned", text))
    across = [stage for stage in record.stages if stage.layers]
    if across:
        kept = f"a share of {chosen.layers:g}" if chosen.layers else "none"
        rows.append(("  layers", f"{_stages(across)} across boundary layers; chose {kept}"))
    modes = [stage for stage in record.stages if stage.modes]
    if modes:
        kept = f"a share of {chosen.modes:g}" if chosen.modes else "none"
        rows.append(("  modes", f"{_stages(modes)} with modes; chose {kept}"))
    considered = record.slabs_considered
    if considered is not None and considered.trials:
        rows.append(("  slabs", f"{_probed(considered)}; kept one domain"))
    return rows


def _stages(stages) -> str:
    """``1 stage``, ``3 stages``."""
    return f"{len(stages)} stage" + ("" if len(stages) == 1 else "s")


def choice_text(chosen) -> str:
    """What follows ``width W`` in a line about the automatic strategy's choice: its steepness,
    per-axis factors, aligned fraction, fraction across boundary layers, fraction of modes
    and the cells of a local basis, each when it has one (``, scale 12, 32 cells``), and the
    share of its points drawn where a narrower stage's solution changes (step 1q:
    ``, points 0.9 from the gradient``).

    Parameters
    ----------
    chosen : pinnls.record.Choice
    """
    text = f", scale {chosen.scale:g}" if chosen.scale is not None else ""
    if chosen.axis_scales:
        text += f", axis scales {axis_text(chosen.axis_scales)}"
    if chosen.aligned:
        text += f", aligned {chosen.aligned:g}"
    if chosen.layers:
        text += f", layers {chosen.layers:g}"
    if chosen.modes:
        text += f", modes {chosen.modes:g}"
    if chosen.subdomains:
        text += f", {cells_text(chosen.subdomains)}"
    if chosen.adapted:
        text += f", points {chosen.adapted:g} from the gradient"
    return text


def axis_text(factors: Mapping[str, float]) -> str:
    """``t=0.25, x=2``: per-axis steepness factors as the ``axis_scales`` setting writes them."""
    return ", ".join(f"{axis}={value:g}" for axis, value in factors.items())


def _plan(record: AutoRecord) -> str:
    """The plan beside the wall time: planned seconds of the budget, and the hard stop."""
    text = ""
    if record.budget is not None and record.planned is not None:
        text += f", {record.planned:.3g} of {record.budget:g} planned s"
    elif record.time_limit is not None and record.budget is None:  # an older record
        text += f" of a {record.time_limit:g} s budget"
    if record.time_limit is not None and record.budget is not None:
        text += f", hard stop {record.time_limit:g} s"
    return text


def _describe_slabs(
    record: SlabsRecord, tol: float | None, optimizer: Any
) -> list[tuple[str, str]]:
    begun = f", {record.finished} begun" if record.finished < record.slabs else ""
    each = record.strategy or (optimizer if isinstance(optimizer, str) else "a fixed strategy")
    rows = [
        ("strategy", f"time slabs: {record.slabs} in {record.axis}, each {each}{begun}"),
        ("  widths", _runs([slab.width for slab in record.per_slab]) or "none begun"),
    ]
    decision = record.decision
    if decision is not None:
        text = decision.rule
        if decision.trials:
            text += f" ({_probed(decision)})"
        rows.append(("  decision", text))
    if record.strategy == AutoRecord.name and tol is not None:
        # Each slab's auto ran with the marching settings, which are the ones saved.
        rows += _target(tol if tol > 0 else AUTO_TOL, tol)
    return rows


def _target(target: float | None, tol: float | None) -> list[tuple[str, str]]:
    """The ``tol`` row of the automatic strategy: the saved ``tol`` and the target it used
    (none for a record without its target)."""
    if target is None:
        return []
    shown = "?" if tol is None else f"{tol:g}"
    return [("  tol", f"{shown} (auto target {target:g})")]


def _probed(decision: SlabDecision) -> str:
    """``probed 1, 2, 4 slabs: scores 0.05, 0.01, 0.003`` (a score: n times the first slab's
    estimate, times the probe's spread over the n windows, at most 1)."""
    counts = ", ".join(str(trial.slabs) for trial in decision.trials)
    scores = ", ".join(f"{trial.score:.3g}" for trial in decision.trials)
    if len(decision.trials) == 1:
        return f"probed {counts} slab{'' if counts == '1' else 's'}: score {scores}"
    return f"probed {counts} slabs: scores {scores}"


def _runs(values: list[int]) -> str:
    """``512 x3, 1024``: consecutive equal values once, with their count."""
    parts: list[str] = []
    index = 0
    while index < len(values):
        end = index
        while end + 1 < len(values) and values[end + 1] == values[index]:
            end += 1
        count = end - index + 1
        parts.append(f"{values[index]}" + (f" x{count}" if count > 1 else ""))
        index = end + 1
    return ", ".join(parts)
