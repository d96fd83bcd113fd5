"""What a strategy chose and tried, as frozen values: the strategy record.

The automatic strategy returns an :class:`AutoRecord` (every stage it solved and the one it
kept); time-slab marching returns a :class:`SlabsRecord` (every slab, and how their number was
decided). :attr:`Solution.strategy <pinnls.solution.Solution.strategy>` holds one of them, or
None for a fixed strategy on one domain.

The files hold the record as plain JSON (``report.json`` ``strategy``, the HDF5 attribute of the
same name). :func:`to_json` is the one writer and :func:`from_json` the one reader; every other
module reads the typed fields. The module is torch-free: ``pinnls info`` reads records too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

__all__ = [
    "StageRecord",
    "Choice",
    "SlabTrial",
    "SlabDecision",
    "AutoRecord",
    "SlabRecord",
    "SlabsRecord",
    "StrategyRecord",
    "to_json",
    "from_json",
    "cells_text",
]


@dataclasses.dataclass(frozen=True)
class StageRecord:
    """One candidate basis that the automatic strategy solved and judged.

    Attributes
    ----------
    kind : str
        ``probe``, ``grow`` or ``kinks``.
    activation : str
    width : int
    scale : float or None
        The Box steepness (None for the ReLU stage).
    rows : int
        Rows of its least-squares system.
    estimate : float
        Its validation estimate (inf when it failed).
    seconds : float
    rank : int
    rel_l2_error : float or None
        Against the exact solution, reported only (never used to decide).
    planned : float or None
        What the cost model charged for it (planned seconds; None in older reports).
    axis_scales : mapping of str to float, or None
        Per-axis steepness factors of its first layer (``axis_scales``; the axes not named
        have 1); None for an isotropic basis (and in older reports).
    aligned : float
        The fraction of its first layer's features aligned with the problem's characteristics
        (``aligned``; 0 in
        older reports, and left out of the JSON when 0).
    layers : float
        The fraction of its first layer's features drawn across the problem's boundary layers
        (``layers``; 0 in older reports, and left out of the JSON when 0).
    modes : float
        The fraction of its first layer's features drawn as modes, waves that solve the
        homogeneous equation exactly (``modes``; 0 in older reports, and left out of the JSON
        when 0).
    subdomains : str or None
        The cells of a local basis (``subdomains``, e.g. ``32`` or ``4x4``); None for a global
        basis (and in older reports; left out of the JSON then).
    singular : int
        The singular functions of a shape's corners and holes among its columns
        (:meth:`pinnls.numeric.basis.Basis.set_singular`; 0 without any, in older reports, and
        left out of the JSON then).
    adapted : float
        The share of the density from which its first layer's points were drawn that followed
        a narrower stage's gradient (:mod:`pinnls.numeric.adapted`); 0 for Box's uniform points
        (in older reports, and left out of the JSON then).
    """

    kind: str
    activation: str
    width: int
    scale: float | None
    rows: int
    estimate: float
    seconds: float
    rank: int
    rel_l2_error: float | None = None
    planned: float | None = None
    axis_scales: Mapping[str, float] | None = None
    aligned: float = 0.0
    layers: float = 0.0
    subdomains: str | None = None
    modes: float = 0.0
    singular: int = 0
    adapted: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        if not self.adapted:
            del out["adapted"]
        if not self.singular:
            del out["singular"]
        if self.axis_scales is None:
            del out["axis_scales"]  # an isotropic stage reads as it always did
        else:
            out["axis_scales"] = dict(self.axis_scales)
        if not self.aligned:
            del out["aligned"]
        if not self.layers:
            del out["layers"]
        if not self.modes:
            del out["modes"]
        if self.subdomains is None:
            del out["subdomains"]
        return out


@dataclasses.dataclass(frozen=True)
class Choice:
    """The stage the automatic strategy kept.

    Attributes
    ----------
    stage : int
        Its index in :attr:`AutoRecord.stages`.
    activation, width, scale
        Its basis.
    rows : mapping of str to int
        Points per term of its clouds.
    estimate : float
    axis_scales : mapping of str to float, or None
        Its per-axis steepness factors (see :attr:`StageRecord.axis_scales`); None when
        isotropic.
    aligned : float
        Its fraction of aligned features (see :attr:`StageRecord.aligned`).
    layers : float
        Its fraction of features across boundary layers (see :attr:`StageRecord.layers`).
    modes : float
        Its fraction of modes (see :attr:`StageRecord.modes`).
    subdomains : str or None
        Its cells when local (see :attr:`StageRecord.subdomains`).
    singular : int
        Its singular functions (see :attr:`StageRecord.singular`).
    adapted : float
        Its points' share drawn from a narrower stage's gradient (see
        :attr:`StageRecord.adapted`): a rerun with the report's settings draws Box's uniform
        points instead, a different basis of the same kind.
    """

    stage: int
    activation: str
    width: int
    scale: float | None
    rows: Mapping[str, int]
    estimate: float
    axis_scales: Mapping[str, float] | None = None
    aligned: float = 0.0
    layers: float = 0.0
    subdomains: str | None = None
    modes: float = 0.0
    singular: int = 0
    adapted: float = 0.0

    def to_json(self) -> dict[str, Any]:
        out = {**dataclasses.asdict(self), "rows": dict(self.rows)}
        if not self.adapted:
            del out["adapted"]
        if not self.singular:
            del out["singular"]
        if self.axis_scales is None:
            del out["axis_scales"]
        else:
            out["axis_scales"] = dict(self.axis_scales)
        if not self.aligned:
            del out["aligned"]
        if not self.layers:
            del out["layers"]
        if not self.modes:
            del out["modes"]
        if self.subdomains is None:
            del out["subdomains"]
        return out


@dataclasses.dataclass(frozen=True)
class SlabTrial:
    """The probe of n time slabs: the first slab's estimate, and its score for the whole
    interval: n times it, times ``profile`` at most ``auto.SLAB_SPREAD_CAP`` (1). ``profile``
    is the single basis's residual over the n windows of time, their mean over the first's
    (1: spread evenly; None where it was not finite, scored as the cap; records written
    before it hold none, and read as 1)."""

    slabs: int
    estimate: float
    score: float
    seconds: float
    profile: float | None = 1.0

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class SlabDecision:
    """How the number of time slabs was decided.

    Attributes
    ----------
    rule : str
        In words: ``time_slabs given``, or the automatic strategy's rule.
    width, scale : int, float or None
        The basis the trials were probed with (None when the count was given).
    trials : tuple of SlabTrial
        One slab first, then each count probed.
    seconds : float or None
        Spent on the trials.
    axis_scales : mapping of str to float, or None
        The per-axis steepness factors of the trials' basis (None: isotropic).
    """

    rule: str
    width: int | None = None
    scale: float | None = None
    trials: tuple[SlabTrial, ...] = ()
    seconds: float | None = None
    axis_scales: Mapping[str, float] | None = None

    @property
    def measured(self) -> bool:
        """Whether counts were probed (the automatic strategy chose), not given."""
        return bool(self.trials)

    def to_json(self) -> dict[str, Any]:
        if self.width is None and not self.trials and self.seconds is None:
            return {"rule": self.rule}
        out = {
            "rule": self.rule,
            "width": self.width,
            "scale": self.scale,
            "trials": [trial.to_json() for trial in self.trials],
            "seconds": self.seconds,
        }
        if self.axis_scales is not None:
            out["axis_scales"] = dict(self.axis_scales)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlabDecision:
        return cls(
            rule=data["rule"],
            width=data.get("width"),
            scale=data.get("scale"),
            trials=tuple(SlabTrial(**trial) for trial in data.get("trials") or ()),
            seconds=data.get("seconds"),
            axis_scales=data.get("axis_scales"),
        )


@dataclasses.dataclass(frozen=True)
class AutoRecord:
    """What the automatic strategy did on one domain.

    Attributes
    ----------
    time_limit : float or None
        The hard stop in wall seconds (``time_limit``), None without one.
    stop_reason : str
    seconds : float
        Wall seconds spent in all.
    chosen : Choice
    stages : tuple of StageRecord
        Every stage in the order solved (history rows follow it).
    failures : tuple of str
        Stages that failed, with why.
    slabs_considered : SlabDecision or None
        Time slabs probed and not chosen.
    budget : float or None
        The plan in planned seconds (:mod:`pinnls.training.cost`).
    planned : float or None
        Planned seconds charged (slab trials included).
    target : float or None
        The validation estimate it stops at: ``tol``, or for ``tol`` 0
        :data:`~pinnls.settings.AUTO_TOL` (None in files written before it was recorded).
    """

    time_limit: float | None
    stop_reason: str
    seconds: float
    chosen: Choice
    stages: tuple[StageRecord, ...]
    failures: tuple[str, ...] = ()
    slabs_considered: SlabDecision | None = None
    budget: float | None = None
    planned: float | None = None
    target: float | None = None

    name = "auto"

    def to_json(self) -> dict[str, Any]:
        out = {
            "name": self.name,
            "time_limit": self.time_limit,
            "budget": self.budget,
            "planned": self.planned,
            "stop_reason": self.stop_reason,
            "seconds": self.seconds,
            "chosen": self.chosen.to_json(),
            "stages": [stage.to_json() for stage in self.stages],
            "failures": list(self.failures),
        }
        if self.slabs_considered is not None:
            out["slabs_considered"] = self.slabs_considered.to_json()
        if self.target is not None:
            out["target"] = self.target
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AutoRecord:
        considered = data.get("slabs_considered")
        return cls(
            time_limit=data["time_limit"],
            stop_reason=data["stop_reason"],
            seconds=data["seconds"],
            chosen=Choice(**data["chosen"]),
            stages=tuple(StageRecord(**stage) for stage in data["stages"]),
            failures=tuple(data.get("failures") or ()),
            slabs_considered=None if considered is None else SlabDecision.from_json(considered),
            budget=data.get("budget"),
            planned=data.get("planned"),
            target=data.get("target"),
        )


@dataclasses.dataclass(frozen=True)
class SlabRecord:
    """One time slab of a marched solve.

    Attributes
    ----------
    slab : int
    interval : (float, float)
    width : int
    activation : str
    rows : int
    seconds : float
    complete : bool
    stop_reason : str
    validation : float or None
        The slab's own estimate.
    rel_l2_error, max_error : float or None
        Against the exact solution on the slab.
    jump : mapping or None
        At the interface with the previous slab (:func:`pinnls.training.slabs.interface_jumps`).
    auto : Choice or None
        The automatic strategy's choice in this slab.
    """

    slab: int
    interval: tuple[float, float]
    width: int
    activation: str
    rows: int
    seconds: float
    complete: bool
    stop_reason: str
    validation: float | None
    rel_l2_error: float | None
    max_error: float | None
    jump: Mapping[str, Any] | None
    auto: Choice | None

    def to_json(self) -> dict[str, Any]:
        out = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        out["interval"] = list(self.interval)
        out["jump"] = None if self.jump is None else dict(self.jump)
        out["auto"] = None if self.auto is None else self.auto.to_json()
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlabRecord:
        auto = data.get("auto")
        return cls(
            **{
                **data,
                "interval": tuple(data["interval"]),
                "auto": None if auto is None else Choice(**auto),
            }
        )


@dataclasses.dataclass(frozen=True)
class SlabsRecord:
    """What time-slab marching did.

    Attributes
    ----------
    slabs : int
        Slabs planned.
    finished : int
        Slabs begun (fewer after an interrupt).
    axis : str
        The time axis.
    carried : tuple of str
        The initial-face terms carried to every interface.
    per_slab : tuple of SlabRecord
    strategy : str or None
        The strategy each slab ran (``auto`` or None for a fixed one).
    decision : SlabDecision or None
    """

    slabs: int
    finished: int
    axis: str
    carried: tuple[str, ...]
    per_slab: tuple[SlabRecord, ...]
    strategy: str | None
    decision: SlabDecision | None

    name = "slabs"

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "slabs": self.slabs,
            "finished": self.finished,
            "axis": self.axis,
            "carried": list(self.carried),
            "per_slab": [row.to_json() for row in self.per_slab],
            "strategy": self.strategy,
            "decision": None if self.decision is None else self.decision.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SlabsRecord:
        decision = data.get("decision")
        return cls(
            slabs=data["slabs"],
            finished=data["finished"],
            axis=data["axis"],
            carried=tuple(data["carried"]),
            per_slab=tuple(SlabRecord.from_json(row) for row in data["per_slab"]),
            strategy=data.get("strategy"),
            decision=None if decision is None else SlabDecision.from_json(decision),
        )


#: What :attr:`Solution.strategy <pinnls.solution.Solution.strategy>` holds besides None.
StrategyRecord = AutoRecord | SlabsRecord


def to_json(record: StrategyRecord | None) -> dict[str, Any] | None:
    """The record as plain values for report.json and the HDF5 attribute (None stays None)."""
    return None if record is None else record.to_json()


def from_json(data: Mapping[str, Any] | None) -> StrategyRecord | None:
    """A record read back from :func:`to_json`'s values (report.json, the HDF5 attribute).

    Raises
    ------
    ValueError
        A ``name`` that is neither ``auto`` nor ``slabs``.
    """
    if data is None:
        return None
    kinds = {AutoRecord.name: AutoRecord, SlabsRecord.name: SlabsRecord}
    kind = kinds.get(data.get("name"))
    if kind is None:
        raise ValueError(f"unknown strategy record {data.get('name')!r}; known: auto, slabs")
    return kind.from_json(data)


def cells_text(subdomains: str) -> str:
    """The cells of a local basis in words: ``"32"`` -> ``32 cells``, ``"x=16"`` -> ``16 cells
    along x`` (a chain), ``"x=2,t=2"`` -> ``2x2 cells over x, t``, ``"4x4"`` -> ``4x4 cells``."""
    if "=" not in subdomains:
        return f"{subdomains} cells"
    items = [item.partition("=") for item in subdomains.split(",")]
    if len(items) == 1:
        return f"{items[0][2]} cells along {items[0][0]}"
    counts = "x".join(count for _, _, count in items)
    return f"{counts} cells over {', '.join(axis for axis, _, _ in items)}"
