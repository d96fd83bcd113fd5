"""The automatic strategy on scripted stages: ``_Auto`` with ``auto.Stages`` replaced by
:class:`FakeStages`, a subclass of the real :class:`~pinnls.training.stages.Stages` whose solves
return the estimates of a script (see tests/test_auto_decisions.py, which also checks that the
fake cannot drift from the real class). Shared by test_auto_decisions and test_auto_probes."""

from __future__ import annotations

import dataclasses
import math
import types

import numpy as np

from pinnls import Settings
from pinnls.operators import CompiledProblem
from pinnls.record import SlabDecision
from pinnls.training import auto, stages
from pinnls.training.budget import Budget


def key(factors):
    """A hashable form of per-axis factors (None when isotropic)."""
    return None if factors is None else tuple(sorted(factors.items()))


def table(rows: dict, default=None):
    """``estimate(width, scale, axis_scales)`` looked up in ``rows``: keys ``(width, scale)``
    for isotropic stages, ``(width, scale, f(axis=factor, ...))`` for others; a missing key
    gives ``default`` (a failure when None)."""
    rows = {(k[0], k[1], k[2] if len(k) > 2 else None): v for k, v in rows.items()}

    def estimate(width, scale, factors):
        return rows.get((width, scale, key(factors)), default)

    return estimate


def factors_only(rows: dict, default=None):
    """``estimate`` that reads only the per-axis factors (``{(axis, f), ...}`` keys)."""

    def estimate(width, scale, factors):
        return rows.get(key(factors), default)

    return estimate


class Script:
    """What the fake stages answer.

    Parameters
    ----------
    estimate : callable
        ``estimate(width, scale, axis_scales) -> float or None`` of a smooth stage (None: the
        stage fails without a state, as a singular solve does).
    plan : float
        The budget's planned seconds.
    cost : callable
        ``cost(width, axis_scales)``: planned seconds of a smooth stage (default width/512).
    memory : int or None
        The widest width that fits in memory (None: every width).
    relu : float or None
        The ReLU stage's estimate (None: it fails).
    slab : callable
        ``slab(count, width, scale, axis_scales)``: the estimate of the first of ``count``
        time slabs.
    pace : float
        Wall seconds per planned second of every stage (the budget's clock advances by it).
    largest : callable or None
        Replaces ``largest_fitting`` (called with its arguments, logged); None: the real one.
    deadline : float or None
        The budget's hard stop in wall seconds (``time_limit``).
    slab_cost : callable or None
        ``slab_cost(count, width, axis_scales)``: planned seconds of the probe of the first
        of ``count`` slabs (None: ``cost``).
    rank : callable or None
        ``rank(width, scale) -> int``: the least-squares rank of a smooth stage of
        ``width + 1`` columns (None: rank ``width`` and columns unknown, so that no stage is
        ever saturated).
    aligned : callable or None
        ``aligned(fraction, width, scale, axis_scales)``: the estimate of a smooth stage with
        that fraction of aligned features (None: such a stage fails).
    local : callable or None
        ``local(cells, width, scale)``: the estimate of a smooth stage of a local basis of
        those cells (None: such a stage fails).
    layers : callable or None
        ``layers(fraction, width, scale)``: the estimate of a smooth stage with that fraction
        of its features across boundary layers (None: such a stage fails).
    modes : callable or None
        ``modes(fraction, width, scale)``: the estimate of a smooth stage with that fraction
        of decaying modes (None: such a stage fails).
    points : callable or None
        ``points(width, scale, axis_scales)``: the estimate of a smooth stage whose first
        layer's points are drawn from a density (step 1q; None: such a stage fails).
    """

    def __init__(
        self,
        estimate,
        plan=1000.0,
        cost=None,
        memory=None,
        relu=None,
        slab=None,
        pace=1.0,
        largest=None,
        deadline=None,
        slab_cost=None,
        rank=None,
        aligned=None,
        local=None,
        layers=None,
        modes=None,
        points=None,
    ):
        self.estimate = estimate
        self.points = points
        self.modes = modes
        self.aligned = aligned
        self.layers = layers
        self.local = local
        self.rank = rank
        self.slab_cost = slab_cost
        self.plan = plan
        self.cost = cost or (lambda width, factors: width / 512)
        self.memory = memory
        self.relu_estimate = relu
        self.slab = slab
        self.pace = pace
        self.largest = largest
        self.deadline = deadline
        self.now = 0.0  # the budget's clock: wall seconds since it was made
        self.log: list[tuple] = []  # every stage, in order
        self.made: list[tuple] = []  # every Stages made: (compiled, settings, callback, budget)
        self.main: FakeStages | None = None

    def budget(self) -> Budget:
        budget = Budget(self.plan, self.deadline)
        budget.elapsed = lambda: self.now
        return budget

    def factory(self, compiled, settings, callback, budget):
        """Stands in for the ``Stages`` class in ``pinnls.training.auto``."""
        self.made.append((compiled, settings, callback, budget))
        runs = FakeStages(compiled, settings, callback, budget, self)
        if self.main is None:
            self.main = runs
        return runs

    def stages(self):
        """The log without the per-call details: ``(kind, width, scale, axis_scales)``."""
        return [entry[:4] for entry in self.log]


class SlabProblem:
    """What the recording ``slab_problem`` hands the probe's ``Stages``."""

    def __init__(self, count, args):
        self.count = count
        self.args = args


class FakeStages(stages.Stages):
    """The real :class:`~pinnls.training.stages.Stages` with its solves scripted.

    ``smooth`` and ``relu`` make a :class:`~pinnls.training.stages.Stage` from the script,
    keep the best as the real ``_judge`` does and charge the budget as the real ``_solve``
    does; ``predict`` and ``fits_memory`` read the script (``_memory_need``, for a refusal's
    message, too). Everything else (``fits``,
    ``largest_fitting``, ``past_deadline``, ``remaining``, ``elapsed``, ``_factors``) is the
    real code. ``result`` returns a plain record of what it was asked (no solution exists).
    """

    def __init__(self, compiled, settings, callback, budget, script: Script) -> None:
        self.compiled = compiled
        self.settings = settings
        self.callback = callback
        self.budget = budget
        self.stages = []
        self.best = None
        self.failures = []
        self._sized = {}
        self.axis_scales = None
        self.aligned = None
        self.layers = None
        self.subdomains = None
        self.modes = None
        self.probe_cap = None
        self._room = None
        self.script = script

    def _recorded(self, axis_scales):
        """The stage's factors as the real stage records them (None when isotropic)."""
        factors = self._factors(axis_scales)
        if not factors or all(value == 1 for value in factors.values()):
            return None
        return dict(factors)

    def _keep(
        self,
        kind,
        activation,
        width,
        scale,
        value,
        planned,
        factors,
        aligned=0.0,
        cells=None,
        layers=0.0,
        modes=0.0,
        adapted=0.0,
    ):
        self.budget.charge(planned)
        seconds = self.script.pace * planned
        self.script.now += seconds
        slab = self.compiled.count if isinstance(self.compiled, SlabProblem) else None
        self.script.log.append(
            (
                kind,
                width,
                scale,
                factors,
                activation,
                slab,
                planned,
                aligned,
                cells,
                layers,
                modes,
                adapted,
            )
        )
        if value is None:
            self.failures.append(f"{kind} width {width}: failed")
            return None
        stage = stages.Stage(
            kind=kind,
            activation=activation,
            width=width,
            scale=scale,
            rows=6 * (width + 1),
            estimate=value,
            seconds=seconds,
            rank=width if self.script.rank is None else self.script.rank(width, scale),
            solution=None,
            planned=planned,
            axis_scales=factors,
            columns=0 if self.script.rank is None or scale is None else width + 1,
            aligned=aligned,
            layers=layers,
            subdomains=cells,
            modes=modes,
            adapted=adapted,
        )
        self.stages.append(stage)
        if math.isfinite(value) and (self.best is None or value < self.best.estimate):
            self.best = stage
        return stage

    def smooth(
        self,
        kind,
        activation,
        width,
        scale,
        axis_scales=None,
        aligned=None,
        subdomains=None,
        points=None,
    ):
        factors = self._recorded(axis_scales)
        fraction = float(self._aligned(aligned) or 0.0)
        cells = self._subdomains(subdomains)
        across = float(self._layers() or 0.0) if cells is None else 0.0
        decaying = float(self._modes() or 0.0)
        planned = self.predict(width) if axis_scales is None else self.predict(width, axis_scales)
        if isinstance(self.compiled, SlabProblem):
            value = self.script.slab(self.compiled.count, width, scale, factors)
        elif cells is not None:
            value = None if self.script.local is None else self.script.local(cells, width, scale)
        elif decaying:
            value = None
            if self.script.modes is not None:
                value = self.script.modes(decaying, width, scale)
        elif across:
            value = None
            if self.script.layers is not None:
                value = self.script.layers(across, width, scale)
        elif fraction:
            value = None
            if self.script.aligned is not None:
                value = self.script.aligned(fraction, width, scale, factors)
        else:
            value = self.script.estimate(width, scale, factors)
        if points is not None:
            value = (
                None if self.script.points is None else self.script.points(width, scale, factors)
            )
        return self._keep(
            kind,
            activation,
            width,
            scale,
            value,
            planned,
            factors,
            fraction,
            cells,
            across,
            decaying,
            0.0 if points is None else points.fraction,
        )

    def relu(self, width, share):
        planned = min(share, 1.0)
        self.script.log.append(("relu-share", width, None, None, "relu", None, share))
        self._keep("kinks", "relu", width, None, self.script.relu_estimate, planned, None)

    def predict(self, width, axis_scales=None, aligned=None, subdomains=None):
        factors = self._recorded(axis_scales)
        if isinstance(self.compiled, SlabProblem) and self.script.slab_cost is not None:
            return self.script.slab_cost(self.compiled.count, width, factors)
        return self.script.cost(width, factors)

    def fits_memory(self, width, axis_scales=None, subdomains=None):
        return self.script.memory is None or width <= self.script.memory

    def _memory_need(self, width, axis_scales=None, subdomains=None):
        # for the refusal's message: the script's memory counts columns, a byte each
        return stages.memory.Need.of([("the script's stage", width + 1, "the width")])

    def largest_fitting(self, last, step=256, floor=None):
        if self.script.largest is None:
            return super().largest_fitting(last, step, floor)
        self.script.log.append(("largest_fitting", last, step, floor))
        return self.script.largest(last, step, floor)

    def result(self, complete, reason):
        assert self.best is not None  # as the real one: only the best stage's solution
        record = FakeRecord(
            stop_reason=reason, complete=complete, chosen=self.best, stages=tuple(self.stages)
        )
        return types.SimpleNamespace(strategy=record, complete=complete, stop_reason=reason)


@dataclasses.dataclass(frozen=True)
class FakeRecord:
    stop_reason: str
    complete: bool
    chosen: stages.Stage | None
    slabs_considered: SlabDecision | None = None
    stages: tuple = ()  # as AutoRecord's: every stage solved


def problem_of(axes=("x",), time_axis=None, order=2, flow=None, kind="flow", layers=(), modes=None):
    """A compiled problem as ``_Auto`` reads it: axes, time axis, operator order, the unit box
    and the flow of its first-order part (``(n, d) -> (n, d)``; None: none), offered as
    characteristics of ``kind`` ("flow", or "drift" beside a second-order part), and its
    boundary layers (``Layer`` tuples; none by default), and its parabolic reading
    (``CompiledProblem.modes``; None by default)."""
    problem = types.SimpleNamespace(
        axes=axes,
        time_axis=time_axis,
        order=order,
        terms=(),
        name="p",
        characteristics=lambda: None if flow is None else (kind, flow),
        # a numeric field, no expression programs: never drawn on the feet
        foot_flow=lambda: None,
        layers=lambda: tuple(layers),
        modes=lambda: modes,
        singular=lambda: None,  # no shape: no singular functions
        interfaces=(),
        dim=len(axes),
        lower=np.zeros(len(axes)),
        upper=np.ones(len(axes)),
    )
    # the real reading of whether that field is constant
    problem.constant_characteristic = types.MethodType(
        CompiledProblem.constant_characteristic, problem
    )
    return problem


def planner(monkeypatch, script, settings=None, compiled=None, start=None, budget=None):
    """``_Auto`` on the scripted stages."""
    monkeypatch.setattr(auto, "Stages", script.factory)
    # step 1q's density: no solution to read (the scripted stages have none)
    monkeypatch.setattr(
        auto._Auto,
        "_density",
        lambda self, solution: types.SimpleNamespace(fraction=auto.POINTS_FRACTION),
    )
    budget = budget if budget is not None else script.budget()
    return auto._Auto(compiled or problem_of(), settings or Settings(), None, budget, start)


def grow_from(monkeypatch, first, rows, settings=None, widths=auto.WIDTHS, **options):
    """One stage at ``first`` (width, scale), then ``_grow`` from it along ``widths``: the
    (width, scale) of every stage tried after the first, failed ones included, and the stop
    reason. ``options`` go to :class:`Script`."""
    script = Script(table(rows), **options)
    planned = planner(monkeypatch, script, settings)
    planned._smooth("grow", "tanh", *first)
    planned._grow("tanh", first[1], list(widths))
    stages = [entry for entry in script.log[1:] if entry[0] != "largest_fitting"]
    return [entry[1:3] for entry in stages], planned.stop_reason


def scripted_slabs(monkeypatch, raises=None, profile=lambda count: 1.0):
    """Recording stand-ins for ``plan``, ``slab_problem`` and ``slab_profile``: the probe's
    stages learn the slab count from the problem they are given; ``profile(count)`` is the
    single basis's residual spread over ``count`` windows (1: even)."""
    calls = []

    def plan(compiled, count):
        calls.append(("plan", compiled, count))
        if raises is not None:
            raise raises
        return ("plan", count)

    def slab_problem(compiled, split, index, previous, seed):
        calls.append(("slab_problem", compiled, split, index, previous, seed))
        return SlabProblem(split[1], (compiled, split, index, previous, seed))

    def slab_profile(whole, axis, split, seed):
        calls.append(("slab_profile", axis, split, seed))
        return lambda split: profile(split[1])

    monkeypatch.setattr(auto, "plan", plan)
    monkeypatch.setattr(auto, "slab_problem", slab_problem)
    monkeypatch.setattr(auto, "slab_profile", slab_profile)
    return calls
