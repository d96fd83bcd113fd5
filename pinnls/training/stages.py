"""The stages of the automatic strategy: solving one candidate basis on clouds sized for it,
judging it by the validation estimate, keeping the best, and the time bookkeeping.

:mod:`pinnls.training.auto` decides which stages to run; this module runs them.
"""

from __future__ import annotations

import dataclasses
import math
import time
from typing import Any

import torch

from pinnls import memory
from pinnls.clouds import describe
from pinnls.errors import SolverError, warn
from pinnls.history import History
from pinnls.numeric import characteristic
from pinnls.numeric.adapted import GradientDensity
from pinnls.numeric.waves import reducible, simple_speeds, solved_columns
from pinnls.operators import CompiledProblem, CompiledTerm
from pinnls.record import AutoRecord, Choice, StageRecord
from pinnls.settings import AUTO_TOL, Settings
from pinnls.solution import Solution
from pinnls.training import collectives, cost, lsgd
from pinnls.training.budget import Budget
from pinnls.training.initial import build_basis
from pinnls.training.loop import HISTORY_GRID_POINTS, TrainingInterrupted
from pinnls.training.validation import fresh_residuals, stage_difference, validation_size

__all__ = [
    "Stage",
    "Stages",
    "axis_scales_of",
    "ROWS_PER_COLUMN",
    "TANH_RCOND",
    "RELU_ITERATIONS",
    "SAFETY",
]

#: Interior points per basis function (face terms get one per function, but see
#: FACE_DENSITY_AXES). Gentle tanh bases fit between sparse points poorly: on
#: transport-constant, 3 / 5 / 8 points per column gave 8e-8 / 3e-9 / 2e-10 at the same width,
#: for 1.5x the time from 3 to 8.
ROWS_PER_COLUMN = 6
#: On three axes and more, a condition's cloud on a face of a basis that does not solve the
#: equation (no modes, no features aligned with characteristics other than a drift's: those
#: keep ALIGNED_FACE_ROWS per column) is as fine along each of its axes as the interior's
#: cloud (:func:`face_points`), not one point per column: one per column made half of a 3-D
#: box's rows (six faces against six interior points per column), the faces sampled more
#: finely along each axis than the interior. On benchmarks/user39/poisson_3d_box.py at width
#: 2048 (tanh, one thread) faces of 1, 0.5, 0.25 and 0.125 points per column gave rel L2
#: 4.42e-3, 4.42e-3, 4.43e-3 and 4.45e-3 in 9.7, 6.9, 6.1 and 5.7 CPU s (docs/benchmarks.md,
#: section 60). On two axes a face is a line, which the rule would leave a few points per
#: hundred columns: measured there at two widths only, with errors that moved either way, so
#: not applied.
FACE_DENSITY_AXES = 3
#: ...on stages wider than this only, and never fewer points on a face (nor more than the
#: columns): the probes of width 512 and the contest at width 1024 keep their clouds, whose
#: estimates choose the steepness and the per-axis factors. On three axes the
#: interior's density gives a face more only past width 5461, so there the rule is this floor
#: (on four axes past width 1720). Each condition's validation estimate has as many fresh
#: points as its cloud (:func:`~pinnls.training.validation.validation_size`): 1024 on such a
#: face, a few per cent in its RMS. With the rule alone the tanh probes of
#: benchmarks/user37/cube_face_held.py read other estimates (4.50e-2 against 1.89e-2 at
#: width 512), chose the factor y 0.25 over 0.0625, and its modes ended at 8.07e-8 against
#: 8.42e-9 (section 60). The wide stages, whose faces cost, get the rule.
FACE_FLOOR = 1024
#: Points per column of each condition's cloud when features are aligned with the
#: characteristics. Such features solve the equation (to rounding, or to the RK4 error of a
#: variable flow's feet), so the interior rows hardly constrain them and the conditions carry
#: the fit: with one point per column, the width-1024 stage on solid-body rotation fit its
#: 33 x 33 initial grid to 9e-12 and was 1.7e-3 between the points. Not for a drift's
#: features (advection-diffusion), which the interior rows still constrain: on
#: benchmarks/axes/advection_diffusion_2d.py at width 2048, rel L2 1.260e-4 with one point per
#: column against 1.256e-4 with 3, on 24,404 rows against 45,029. A system's plane waves keep
#: these face rows and also get Sobol interior clouds (:data:`SCATTERED_CHARACTERISTICS`): the
#: interior rows choose each wave's vector, and the conditions carry the rest of the fit (that
#: pair measured in docs/benchmarks.md section 50; face rows of one per column there untried).
ALIGNED_FACE_ROWS = 3
#: ...but a stage whose every feature is a system's plane wave solved one column each
#: (:meth:`Stages._waves_only`) gives each condition this many points per column: such a
#: system has a condition per entering characteristic on every face and one per unknown at
#: t = 0, and three per column each made 80,663 of elastic waves' 90,908 rows at width 2048
#: (13 conditions: five at t = 0, two on each of four sides). Two gave the same rel L2 there
#: (2.222e-4 against 2.225e-4) in 0.71x the CPU time, and with the defaults the plan then
#: afforded wider stages on six of the eight reducible systems of the repository
#: (docs/benchmarks.md, section 68: elastic waves 1.73e-4 to 9.12e-5 at width 2304 instead of
#: 2048; the other two 1.01x and 1.08x higher at the same width). On a scalar wave (whose
#: aligned features solve it too, but not one column each) two per column cost 1.45x in
#: rel L2 at width 2304 (wave_3d, 5.05e-4 against 3.48e-4), and one 8x: not applied there.
WAVE_FACE_ROWS = 2
#: Interior points per column of a stage whose every feature is a system's plane wave solved
#: one column each (:meth:`Stages._waves_only`): its interior rows vanish to rounding, so the
#: fit is the conditions' (WAVE_FACE_ROWS per column), and a few interior points keep the
#: equations in the system and its estimate. With ROWS_PER_COLUMN they were 27,666 of shallow
#: water's 60,034 rows at width 1536, about three quarters of its assembly with their
#: derivatives (docs/benchmarks.md, section 50).
WAVE_INTERIOR_ROWS = 1
#: The tanh stages' singular-value cutoff (relative): wide tanh bases are numerically rank
#: deficient, and 1e-15 measured 3.5x better than LAPACK's default at width 2048.
TANH_RCOND = 1e-15
#: The paper's kink-resolving setting (E4): ReLU, Adam lr 5e-3, up to 1000 iterations.
RELU_ITERATIONS = 1000
#: ...on the paper's clouds.
RELU_INTERIOR_POINTS, RELU_FACE_POINTS = 4096, 64
#: Under a ``time_limit``, a stage starts only if this many times its planned seconds, at the
#: pace measured so far, end before the hard stop.
SAFETY = 1.5
#: :meth:`Stages.largest_fitting` steps up from its cube-law guess at most to this many times
#: it (a guess from a stage of no planned seconds is huge: the walk must end).
UP_TO = 1.5
#: The first stage warns when it is planned at more than this many times the whole plan (it
#: runs anyway: a run always starts).
PAST_PLAN = 4.0
#: A stage's points drawn from a density (:meth:`Stages.smooth`'s ``points``) are seeded
#: ``(seed * POINTS_SEED + width) mod 2**63``: each width its own draw, and another seed
#: another one.
POINTS_SEED = 1_000_003
#: The feet of a variable flow's characteristics are marched to this share of the best
#: estimate so far (:meth:`Stages.feet_tolerance`): a stage that gains 100x still sees feet
#: 10x finer than its error (a solution's error ran 3-5x its feet's).
FEET_SHARE = 1e-3
#: Assembly chunks stay under this many matrix entries: a copy of
#: :data:`pinnls.memory.CHUNK_ENTRIES`, whose rule (:func:`pinnls.memory.stage_chunk_rows`) the
#: stages and the run's plan before training both read (patch that one, not this copy).
CHUNK_ENTRIES = memory.CHUNK_ENTRIES


def face_points(interior: int, dim: int, axes: int) -> int:
    """Points of a condition's cloud as fine along each of its axes as an interior cloud of
    ``interior`` points on ``dim`` axes (:data:`FACE_DENSITY_AXES`).

    Parameters
    ----------
    interior : int
        The interior cloud's points.
    dim : int
        The problem's axes.
    axes : int
        The axes the condition's cloud varies along (its ``lengths``): d - 1 on a face of the
        box or a shape's boundary, one less where time is fixed too, 0 at a point.

    Returns
    -------
    int
        ``ceil(interior ** (axes / dim))``.
    """
    return max(1, math.ceil(interior ** (axes / dim)))


@dataclasses.dataclass
class Stage:
    """One candidate basis that the strategy solved and judged."""

    kind: str  # "probe", "kinks" or "grow"
    activation: str
    width: int
    scale: float | None
    rows: int
    estimate: float
    seconds: float
    rank: int
    solution: Solution = dataclasses.field(repr=False)
    error: float | None = None  # rel L2 against the exact solution, reported only
    planned: float = 0.0  # what the cost model charged for it
    axis_scales: dict[str, float] | None = None  # per-axis steepness factors; None isotropic
    columns: int = 0  # columns of its least-squares system (0: unknown)
    aligned: float = 0.0  # the fraction of its features aligned with the characteristics
    layers: float = 0.0  # the fraction of its features across boundary layers
    subdomains: str | None = None  # the cells of a local basis; None global
    modes: float = 0.0  # the fraction of its features that are modes (exact solutions)
    singular: int = 0  # the singular functions of a shape's corners and holes among its columns
    adapted: float = 0.0  # its first layer's points' share drawn from a narrower stage's gradient

    def record(self) -> StageRecord:
        """The stage as the strategy record keeps it (no solution)."""
        return StageRecord(
            kind=self.kind,
            activation=self.activation,
            width=self.width,
            scale=self.scale,
            rows=self.rows,
            estimate=self.estimate,
            seconds=self.seconds,
            rank=self.rank,
            rel_l2_error=self.error,
            planned=self.planned,
            axis_scales=self.axis_scales,
            aligned=self.aligned,
            layers=self.layers,
            subdomains=self.subdomains,
            modes=self.modes,
            singular=self.singular,
            adapted=self.adapted,
        )


#: The kinds of :meth:`~pinnls.operators.CompiledProblem.characteristics` whose aligned
#: features leave the fit free between an interior grid's lines (:func:`scattered_interior`).
SCATTERED_CHARACTERISTICS = ("drift", "waves")


def scattered_interior(
    compiled: CompiledProblem,
    layers: float | None,
    aligned: float | None,
    *,
    boundary: bool | None = None,
    scattered: bool | None = None,
) -> bool:
    """Whether a basis' default interior grids become Sobol clouds of as many points
    (``scatter`` of :meth:`~pinnls.operators.CompiledProblem.refined`), for auto's stages
    (:meth:`Stages.sized`) and a fixed strategy alike (:func:`pinnls.training.dispatch`):
    features across boundary layers (``layers``, where the problem has them) are steeper than
    the grid's spacing, and a drift's aligned features (``aligned``) are gentle along the
    flow, where a grid of rational direction collapses onto few lines; between the lines the
    fit is free. So are the plane waves of a system of three unknowns or more (``"waves"``):
    each solves the equations only with its family's vector, which the least squares mixes
    with the others (linearized shallow water at width 512: residual 5x-14x higher between the
    grid's points than on them, 1.1x-2.9x on a Sobol cloud; docs/benchmarks.md section 50).
    A flow's or a cone's aligned features solve the equation, the conditions carry their fit,
    and their stages keep the grid.

    Parameters
    ----------
    compiled : CompiledProblem
    layers, aligned : float or None
        The fractions of features across layers and aligned with the characteristics.
    boundary, scattered : bool, optional
        Whether the problem has boundary layers (:meth:`~pinnls.operators.CompiledProblem.
        layers`) and whether its characteristics are of a kind that scatters
        (:data:`SCATTERED_CHARACTERISTICS`: a drift, a system's waves), when the caller knows
        them already (None: found here).
    """
    if layers:
        if boundary is None:
            boundary = bool(compiled.layers())
        if boundary:
            return True
    if not aligned:
        return False
    if scattered is None:
        found = compiled.characteristics()
        scattered = found is not None and found[0] in SCATTERED_CHARACTERISTICS
    return bool(scattered)


class Stages:
    """Runs stages within a time budget and keeps the best one.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        The user's settings (``optimizer`` auto).
    callback : callable or None
        Receives one event per stage, and the LSGD stage's iteration events.
    budget : Budget
        For all stages together.
    """

    def __init__(
        self, compiled: CompiledProblem, settings: Settings, callback, budget: Budget
    ) -> None:
        self.compiled = compiled
        self.settings = settings
        self.callback = callback
        self.budget = budget
        self.stages: list[Stage] = []
        # stages set aside (set_aside), with where they ran: in the record only
        self._aside: list[tuple[int, Stage]] = []
        self.best: Stage | None = None
        self.failures: list[str] = []
        self._sized: dict[tuple, CompiledProblem] = {}
        #: The per-axis steepness factors of the stages to come (the automatic strategy sets
        #: them once it has probed them; None: the settings' own, isotropic unless given).
        #: Smooth stages use them, and so do the clouds and the plan (:meth:`predict`,
        #: :meth:`fits_memory`).
        self.axis_scales: dict[str, float] | None = None
        #: The fraction of aligned features of the stages to come (as :attr:`axis_scales`:
        #: the strategy sets it once probed; None: the settings' own).
        self.aligned: float | None = None
        #: The fraction of features across boundary layers of the stages to come (as
        #: :attr:`aligned`; None: the settings' own). With any, the default interior clouds
        #: are Sobol, not grids (:meth:`sized`).
        self.layers: float | None = None
        #: The cells of the local basis of the stages to come (as :attr:`axis_scales`; None:
        #: the settings' own, a global basis unless given).
        self.subdomains: str | None = None
        #: The fraction of modes of the stages to come (as :attr:`aligned`; None:
        #: the settings' own).
        self.modes: float | None = None
        #: Whether the stages to come carry the shape's singular functions (the automatic
        #: strategy's contest decides, step 0s; the settings' ``singular`` must allow them).
        self.singular: bool = True
        #: While set (the automatic strategy's probes), the planned seconds that the budget
        #: may have charged by the end of a stage: a stage past it is refused as past the
        #: plan, once some stage has an estimate (:data:`pinnls.training.auto.PROBE_SHARE`).
        #: None: no cap.
        self.probe_cap: float | None = None
        # The kind of the problem's characteristics ("" where none), read once (:meth:`_kind`).
        self._characteristics: str | None = None
        # Which speeds' waves aligned stages solve one column each (:meth:`_speeds`).
        self._simple: tuple[bool, ...] | None = None
        # the RK4 steps of the feet aligned features see (0: none), by the tolerance asked
        self._feet: dict[float, int] = {}
        # The clouds (keys of :meth:`sized`) whose feet a stage has marched: the marches are
        # kept (:data:`~pinnls.numeric.characteristic.MARCHES`), so the plan charges a cloud's
        # feet once (:meth:`predict`).
        self._marched: set[tuple] = set()
        # The clouds whose u_p a stage has marched (a Carried particular solution: kept by
        # their points, pinnls.particular.MARCHES_KEPT), charged once (:meth:`predict`).
        self._particular_marched: set[tuple] = set()
        self._boundary: bool | None = None  # whether it has boundary layers (:meth:`sized`)
        # Rank 0's room under --nproc: every process must take the same stages.
        room = memory.available_bytes()
        room = collectives.first_value(-1.0 if room is None else float(room[0]))
        self._room = None if room < 0 else room

    def smooth(
        self,
        kind: str,
        activation: str,
        width: int,
        scale: float | None,
        axis_scales: dict[str, float] | None = None,
        aligned: float | None = None,
        subdomains: str | None = None,
        points: GradientDensity | None = None,
    ) -> Stage | None:
        """Solve one least-squares-only stage of a smooth basis and judge it.

        Parameters
        ----------
        kind : {"probe", "grow"}
        activation : str
            ``tanh`` unless the settings fix another smooth activation.
        width : int
        scale : float or None
            The Box steepness (``init_scale``).
        axis_scales : dict of str to float, optional
            Per-axis factors of that steepness (``axis_scales``); None: :attr:`axis_scales`.
            The interior and face clouds that the strategy sizes get the same aspect: a
            steeper axis gets more points per unit length.
        aligned : float, optional
            The fraction of features aligned with the characteristics (``aligned``); None:
            :attr:`aligned`, else the settings' own.
        subdomains : str, optional
            The cells of a local basis (``subdomains``, the width split over them); None:
            :attr:`subdomains`, else the settings' own.
        points : GradientDensity, optional
            Where the first layer's cut planes go (:mod:`pinnls.numeric.adapted`): ``width``
            draws of it, seeded by the settings' seed and the width, in place of Box's
            uniform points (a global basis only). None: Box's own.

        Returns
        -------
        Stage or None
            None when the solve failed without a usable state (recorded in ``failures``).
        """
        began = time.perf_counter()
        s = self.settings
        stage_settings = s.replace(
            optimizer="lsgd",
            iterations=0,
            width=width,
            activation=activation,
            init_scale=scale,
            axis_scales=self._factors(axis_scales),
            aligned=self._aligned(aligned),
            # a local basis draws no features across layers (the settings refuse both)
            layers=self._layers() if self._subdomains(subdomains) is None else None,
            subdomains=self._subdomains(subdomains),
            modes=self._modes(),
            singular=s.singular and self.singular,
            rcond=s.rcond if s.rcond is not None else TANH_RCOND,
            time_limit=None,
            tol=0.0,
            chunk_size=self._chunk_rows(width, aligned),
        )
        compiled = self.sized(width, axis_scales, aligned, subdomains)
        planned = self.predict(width, axis_scales, aligned, subdomains)
        plan = self.budget.seconds
        if not self.stages and plan is not None and planned > PAST_PLAN * plan:
            # The first stage runs past any plan (a given width, declared clouds): say so before
            # hours go by (a cloud of 4624 points per axis, typed for 4624 in all, ran 46 min).
            warn(
                f"the first stage (width {width}, {compiled.rows} rows) is planned at "
                f"{planned:.3g} s, {planned / max(plan, 1e-300):.3g}x the plan's {plan:g} s; it "
                f"runs anyway, as a run's first stage does: lower the width or the clouds "
                f"(--set TERM.points=...), or give --time-limit"
            )
        steps = self._on_feet(aligned)
        if steps and not self.chain(subdomains) and self._keeps_marches(compiled):
            # kept by their steps too: a later stage asking finer feet marches them again
            self._marched.add((self._clouds(width, axis_scales, aligned, subdomains), steps))
        self._particular_marched.add(self._clouds(width, axis_scales, aligned, subdomains))
        drawn = None
        if points is not None:
            # any accepted seed (up to 2**64) seeds a generator: fold the product as the
            # clouds' salts do
            generator = torch.Generator().manual_seed((s.seed * POINTS_SEED + width) % 2**63)
            drawn = (points.draw(width, generator), points.fraction)
        # the feet marched as predict() charged them (the same best estimate)
        with characteristic.feet_tolerance(self.feet_tolerance()):
            return self._solve(kind, compiled, stage_settings, scale, planned, began, points=drawn)

    def relu(self, width: int, share: float) -> None:
        """The paper's method as one stage: ReLU, Box initialization, LSGD with Adam, on the E4
        clouds, for ``RELU_ITERATIONS`` iterations or as many as the cost model plans in
        ``share`` planned seconds (at least one)."""
        began = time.perf_counter()
        s = self.settings
        # The paper's E4 clouds (4096 interior points, 64 on each face): the default grid in two
        # dimensions, where the default would be 262,144 interior points in three. Declared
        # clouds stay minimums, as everywhere.
        compiled = self.compiled.at_width(width).refined(
            lambda term: RELU_INTERIOR_POINTS if term.cloud.interior else RELU_FACE_POINTS,
            seed=self.settings.seed,
        )
        per_iteration = cost.relu_iteration(compiled, width)
        cap = s.iterations if s.iterations is not None else RELU_ITERATIONS
        iterations = max(1, min(cap, int(share / per_iteration) - 1))
        stage_settings = s.replace(
            optimizer="lsgd",
            width=width,
            activation="relu",
            init="box",
            init_scale=s.init_scale if s.activation == "relu" else None,
            # The kink stage auto adds is the paper's global ReLU basis: a local one would cut
            # its 32 neurons over the subdomains (refused past 32 of them). A user's own relu
            # keeps their subdomains.
            subdomains=s.subdomains if s.activation == "relu" else None,
            iterations=iterations,
            time_limit=None,
            tol=0.0,
        )
        planned = per_iteration * (iterations + 1)
        self._solve("kinks", compiled, stage_settings, None, planned, began, forward=True)

    def _solve(
        self,
        kind,
        compiled,
        stage_settings,
        scale,
        planned: float,
        began: float,
        forward=False,
        points=None,
    ) -> Stage | None:
        events = self._forward if forward else None
        self.budget.charge(planned)
        # The run's hard stop (time_limit) reaches into the stage's own iterations.
        hard = Budget(None, self.budget.deadline_left())
        adapted = 0.0 if points is None else points[1]
        try:
            given = {}  # a basis built here only where its points are drawn (step 1q)
            if points is not None:
                given["basis"] = build_basis(compiled, stage_settings, points=points[0])
            solution = lsgd.run(compiled, stage_settings, callback=events, budget=hard, **given)
        except SolverError as error:
            self.failures.append(f"{kind} width {stage_settings.width}: {error}")
            partial = getattr(error, "solution", None)
            if partial is None:
                return None
            solution = partial
        except TrainingInterrupted as interrupt:
            self._judge(kind, interrupt.solution, scale, began, planned, adapted=adapted)
            raise KeyboardInterrupt from None
        return self._judge(kind, solution, scale, began, planned, adapted=adapted)

    def _judge(
        self, kind, solution: Solution, scale, began: float, planned, adapted: float = 0.0
    ) -> Stage | None:
        """Judge a solved stage by its validation estimate and record it. Its ``seconds`` run
        from ``began`` (before its clouds were sized) to the end of this judgement: the pace
        that the hard stop reads must count what a stage costs in all (the estimate took 0.1 s
        of stages of 0.3-0.8 s on rotation_2d, and a 10 s limit ran to 10.6 s without it)."""
        estimate = fresh_residuals(
            solution.compiled, solution.basis, solution.coefficients, self.settings.seed
        )
        value = math.inf if estimate is None else float(estimate["total"])
        # Under --nproc every process judges alike: rank 0's estimate and time (each process
        # measures its own, and the estimate may round differently).
        value = collectives.first_value(value)
        if not math.isfinite(value):
            self.failures.append(f"{kind} width {solution.settings.width}: estimate {value}")
        # The run loop measured the error on its history grid at the last iteration (always for
        # least squares only); measure it here only where it did not (an LSGD stage stopped by
        # its time limit between two measurements).
        error = solution.history.error[-1] if len(solution.history) else math.nan
        if math.isnan(error) and solution.compiled.exact is not None:
            error = solution.errors(points_per_axis=_history_points(solution.compiled.dim))[
                "rel_l2"
            ]
        error = None if math.isnan(error) else float(error)
        seconds = collectives.first_value(time.perf_counter() - began)
        solution.validation = estimate
        stage = Stage(
            kind=kind,
            activation=solution.settings.activation,
            width=solution.settings.width,
            scale=scale,
            rows=solution.compiled.rows,
            estimate=value,
            seconds=seconds,
            rank=solution.rank,
            error=error,
            solution=solution,
            planned=planned,
            axis_scales=axis_scales_of(solution.settings),
            columns=int(solution.columns or solution.coefficients.numel()),
            aligned=float(solution.settings.aligned or 0.0),
            layers=float(solution.settings.layers or 0.0),
            subdomains=solution.settings.subdomains,
            modes=float(solution.settings.modes or 0.0),
            singular=int(getattr(solution.basis, "singular_count", 0)),
            adapted=adapted,
        )
        self.stages.append(stage)
        if math.isfinite(value) and (self.best is None or value < self.best.estimate):
            self.best = stage
        # result() returns the best stage: the residuals the others measured (a float per row
        # each) will not be written
        for other in self.stages:
            if other is not self.best:
                other.solution.fitted = None
        if self.callback is not None:
            self.callback(
                {
                    # The keys of an iteration event too, so one callback serves every strategy.
                    "iteration": len(self.stages) + len(self._aside),
                    "iterations": None,
                    "loss": solution.loss(),
                    "terms": {k: v[-1] for k, v in solution.history.terms.items() if v},
                    "error": math.nan if error is None else error,
                    "rank": stage.rank,
                    "stage": kind,
                    "index": len(self.stages) + len(self._aside),
                    "width": stage.width,
                    "activation": stage.activation,
                    "scale": scale,
                    "axis_scales": stage.axis_scales,
                    "aligned": stage.aligned,
                    "estimate": value,
                    "best": self.best.estimate if self.best is not None else math.inf,
                    "rows": stage.rows,
                    "wall": self.elapsed(),
                }
            )
        return stage

    def _forward(self, event: dict) -> None:
        if self.callback is not None:
            self.callback({**event, "stage": "kinks-iteration"})

    def _factors(self, axis_scales: dict[str, float] | None) -> dict[str, float] | None:
        """The factors a stage uses: the given ones, else :attr:`axis_scales`, else the
        settings' own."""
        if axis_scales is not None:
            return axis_scales
        return self.axis_scales if self.axis_scales is not None else self.settings.axis_scales

    def _subdomains(self, subdomains: str | None) -> str | None:
        """The cells a stage uses: the given ones, else :attr:`subdomains`, else the
        settings' own."""
        if subdomains is not None:
            return subdomains
        return self.subdomains if self.subdomains is not None else self.settings.subdomains

    def _layers(self) -> float | None:
        """The fraction of features across boundary layers a stage uses: :attr:`layers`, else
        the settings' own."""
        return self.layers if self.layers is not None else self.settings.layers

    def _modes(self) -> float | None:
        """The fraction of modes a stage uses: :attr:`modes`, else the settings'
        own."""
        return self.modes if self.modes is not None else self.settings.modes

    def _aligned(self, aligned: float | None) -> float | None:
        """The fraction a stage uses: the given one, else :attr:`aligned`, else the
        settings' own."""
        if aligned is not None:
            return aligned
        return self.aligned if self.aligned is not None else self.settings.aligned

    def sized(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        aligned: float | None = None,
        subdomains: str | None = None,
    ) -> CompiledProblem:
        """The problem at this width: weights in W evaluated, clouds refined to keep every
        term's rows a safe multiple of the columns (the same for the same width: the clouds
        are seeded; the last few are kept, since planning asks for them again).

        Parameters
        ----------
        width : int
        axis_scales : dict of str to float, optional
            Per-axis steepness factors: the default (grid) clouds get that many times the
            points per normalized length along each axis (:func:`pinnls.clouds.coarsest`).
            None: :attr:`axis_scales` (or the settings' own).
        aligned : float, optional
            The stages' fraction of aligned features (None: :attr:`aligned`, or the
            settings' own): with any, each condition's cloud gets
            :data:`ALIGNED_FACE_ROWS` points per column, not one (but along a drift, whose
            features do not solve the equation; :data:`WAVE_FACE_ROWS` where every feature is
            a system's plane wave solved one column each); so does every stage of modes
            (:attr:`modes`, or the settings' own), which solve it.
        subdomains : str, optional
            The stage's cells (None: :attr:`subdomains`, or the settings' own): a chain's
            conditions keep one point per column (``fine`` of :meth:`_clouds`).

        With features across boundary layers (:attr:`layers`, or the settings' own), or
        aligned features along a drift or a system's plane waves
        (:data:`SCATTERED_CHARACTERISTICS`), the default interior clouds are Sobol
        (``scatter`` of :meth:`~pinnls.operators.CompiledProblem.refined`;
        :func:`scattered_interior`); for a system's plane waves the initial face's default grid
        too (``scatter_initial``, :meth:`_clouds`).
        """
        key = self._clouds(width, axis_scales, aligned, subdomains)
        width, density, faces, scatter, interior, initial, fine = key
        # the singular functions' columns size the clouds too (_refined): a key of their own
        cached = (key, self._singular_count())
        if cached not in self._sized:
            if len(self._sized) >= 4:
                self._sized.pop(next(iter(self._sized)))
            self._sized[cached] = self._refined(
                width, density, faces, scatter, interior, initial, fine
            )
        return self._sized[cached]

    def _clouds(
        self,
        width: int,
        axis_scales: dict[str, float] | None,
        aligned: float | None,
        subdomains: str | None = None,
    ) -> tuple:
        """What makes the clouds of :meth:`sized`: ``(width, density, faces, scatter,
        interior, initial, fine)``, ``interior`` the interior terms' points per column,
        ``initial`` whether the initial face's default grid becomes a Sobol cloud too (a
        system's plane waves: ``scatter_initial`` of
        :meth:`~pinnls.operators.CompiledProblem.refined`), ``fine`` whether the conditions
        get :func:`face_points` rather than one point per column (:data:`FACE_DENSITY_AXES`:
        three axes and more, a global basis wider than :data:`FACE_FLOOR` that does not solve
        the equation; a chain's cells were measured with one per column)."""
        density = self._density(self._factors(axis_scales))
        exact = (self._aligned(aligned) and self._kind() != "drift") or self._modes()
        faces = ALIGNED_FACE_ROWS if exact else 1
        if self._waves_only(aligned):
            faces = WAVE_FACE_ROWS
        if self._boundary is None:
            self._boundary = bool(self.compiled.layers())
        scatter = scattered_interior(
            self.compiled,
            layers=self._layers() if self._subdomains(None) is None else None,
            aligned=self._aligned(aligned),
            boundary=self._boundary,
            scattered=self._kind() in SCATTERED_CHARACTERISTICS,
        )
        interior = WAVE_INTERIOR_ROWS if self._waves_only(aligned) else ROWS_PER_COLUMN
        initial = scatter and bool(self._aligned(aligned)) and self._kind() == "waves"
        fine = (
            faces == 1
            and len(self.compiled.axes) >= FACE_DENSITY_AXES
            and width > FACE_FLOOR
            and self._subdomains(subdomains) is None
        )
        return (width, density, faces, scatter, interior, initial, fine)

    def _kind(self) -> str:
        """The kind of the problem's characteristics (``"drift"``, ``"waves"``, ...), ``""``
        where it has none; read once."""
        if self._characteristics is None:
            found = self.compiled.characteristics()
            self._characteristics = "" if found is None else found[0]
        return self._characteristics

    def _waves_only(self, aligned: float | None) -> bool:
        """Whether every feature of a stage with ``aligned`` is a system's plane wave of a
        simple speed, solved one column each (:mod:`pinnls.numeric.waves`): each column then
        solves the equations, and its interior rows vanish (:data:`WAVE_INTERIOR_ROWS`)."""
        simple = self._reduced_speeds(aligned)
        return self._aligned(aligned) == 1.0 and bool(simple) and all(simple)

    def _reduced_speeds(self, aligned: float | None) -> tuple[bool, ...]:
        """:meth:`_speeds` for a stage with ``aligned`` whose plane waves are solved one
        column each; empty where it has no aligned features, or is not one plain layer of
        them (features across layers, modes, cells: :func:`pinnls.numeric.waves.reduction`
        says None there, and the stage assembles, and the plans count, every column)."""
        if not self._aligned(aligned):
            return ()
        if self._layers() or self._modes() or self._subdomains(None) is not None:
            return ()
        return self._speeds()

    def _speeds(self) -> tuple[bool, ...]:
        """Which of the speeds that the aligned rows take in turn have waves solved one column
        each (:func:`~pinnls.numeric.waves.simple_speeds`); empty where none is: not
        :func:`~pinnls.numeric.waves.reducible`, or a basis deeper than one hidden layer."""
        if self._simple is None:
            one_layer = self.settings.depth in (None, 1)
            found = one_layer and reducible(self.compiled)
            self._simple = simple_speeds(self.compiled) if found else ()
        return self._simple

    def _density(self, axis_scales: dict[str, float] | None) -> tuple[float, ...] | None:
        """``axis_scales`` as one factor per axis of the problem (None when all are 1)."""
        if not axis_scales:
            return None
        density = tuple(float(axis_scales.get(axis, 1.0)) for axis in self.compiled.axes)
        return None if all(value == 1.0 for value in density) else density

    def _refined(
        self,
        width: int,
        density: tuple[float, ...] | None,
        faces: int,
        scatter: bool = False,
        interior_rows: int = ROWS_PER_COLUMN,
        scatter_initial: bool = False,
        fine: bool = False,
    ) -> CompiledProblem:
        columns = width + 1 + self._singular_count()
        # A system's m unknowns make m blocks of columns; its interior equations share the
        # rows that keep the whole system as overdetermined as one equation for one unknown.
        interior = sum(
            1
            for t in self.compiled.terms
            if t.kind != "data" and (t.cloud is None or t.cloud.interior)
        )
        share = math.ceil(self.compiled.unknown_count / max(1, interior))

        dim = len(self.compiled.axes)

        def minimum(term: CompiledTerm) -> int:
            if term.cloud is None or term.cloud.interior:
                return interior_rows * columns * share
            if fine:
                axes = len(term.cloud.lengths(self.compiled.lower, self.compiled.upper))
                points = face_points(interior_rows * columns * share, dim, axes)
                return min(columns, max(FACE_FLOOR, points))
            return faces * columns

        return self.compiled.at_width(width).refined(
            minimum,
            seed=self.settings.seed,
            density=density,
            scatter=scatter,
            scatter_initial=scatter_initial,
        )

    def elapsed(self) -> float:
        """Wall seconds since the strategy started (reported; never decides)."""
        return self.budget.elapsed()

    def remaining(self) -> float:
        """Planned seconds left in the budget (negative once spent): the same on every machine
        and every process."""
        return self.budget.remaining()

    def predict(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        aligned: float | None = None,
        subdomains: str | None = None,
    ) -> float:
        """Planned seconds of a smooth stage of this width (:mod:`~pinnls.training.cost`), on
        the clouds of ``axis_scales`` and ``aligned`` (None: :attr:`axis_scales` and
        :attr:`aligned`, see :meth:`sized`); a chain of cells (``subdomains``, None:
        :attr:`subdomains`, cut along one axis) by the chain's own model."""
        problem = self.sized(width, axis_scales, aligned, subdomains)
        # u_p marched along a variable flow on the clouds' conditions, once per clouds
        key = self._clouds(width, axis_scales, aligned, subdomains)
        march = 0.0 if key in self._particular_marched else cost.march_stage(problem)
        cells = self.chain(subdomains)
        if cells:
            return cost.chain_stage(problem, width, cells) + march
        steps = self._on_feet(aligned)
        if steps and (key, steps) in self._marched:
            steps = 0  # marched by an earlier stage on these clouds, and kept
        return march + cost.smooth_stage(
            problem,
            width,
            feet=steps,
            solved=self._solved(width, aligned),
            singular=self._singular_count() > 0 and self._subdomains(subdomains) is None,
        )

    def _solved(self, width: int, aligned: float | None) -> int | None:
        """The least squares' columns of a stage whose aligned features are a system's plane
        waves, solved one column each (:mod:`pinnls.numeric.waves`); None where it has every
        feature's m columns."""
        simple = self._reduced_speeds(aligned)
        if not simple:
            return None
        constant = self.settings.constant in (None, True)
        return solved_columns(self.compiled, width, self._aligned(aligned), constant, simple)

    def _on_feet(self, aligned: float | None) -> int:
        """The RK4 steps of the feet of a variable flow's characteristics that a stage with
        ``aligned`` (None: :attr:`aligned`, else the settings' own) draws its features on,
        and marches for every point (:func:`~pinnls.training.initial.foot_map`); 0 where it
        draws none."""
        if not self._aligned(aligned):
            return 0
        tolerance = self.feet_tolerance()
        if tolerance not in self._feet:
            from pinnls.training.initial import foot_map

            with characteristic.feet_tolerance(tolerance):
                found = foot_map(self.compiled)
            self._feet[tolerance] = 0 if found is None else int(found.steps)
        return self._feet[tolerance]

    def feet_tolerance(self) -> float:
        """The RK4 tolerance of the feet that the next stage draws on
        (:func:`~pinnls.numeric.characteristic.feet_tolerance`): :data:`FEET_SHARE` of the
        best estimate so far, not below
        :data:`~pinnls.numeric.characteristic.FEET_TOLERANCE`; infinite (the rule's steps)
        before any stage has one. The steps are charged to the plan, and a basis that
        resolves 1e-5 gains nothing from feet exact to 1e-10 (a gust's marches in 222 steps
        in place of 81 left its plan one width short: docs/benchmarks.md, section 75)."""
        best = self.best.estimate if self.best is not None else math.inf
        if not math.isfinite(best):
            return math.inf
        return max(characteristic.FEET_TOLERANCE, FEET_SHARE * best)

    def _keeps_marches(self, problem: CompiledProblem) -> bool:
        """Whether every term's march of ``problem``'s clouds fits in the kept marches
        (:data:`~pinnls.numeric.characteristic.MARCHES`), its points, its tangents and its
        results (about six arrays of its points, two more per second derivative), and is
        served by them (not through a deeper basis' nested forward mode); else it is marched
        again by every stage on it."""
        from pinnls.numeric import characteristic

        if self.settings.depth > 1 and any(term.order > 1 for term in problem.terms):
            # deeper bases take second derivatives by nested forward mode through the march,
            # which the kept marches do not serve (a torch.func transform traces the points)
            return False
        room = characteristic.FEET_CACHE_SHARE * characteristic.FEET_CACHE_BYTES
        dim = len(problem.axes)
        return all(
            (term.size + validation_size(term)) * dim * 8 * (6 + 2 * cost.marches(term)) <= room
            for term in problem.terms
        )

    def chain(self, subdomains: str | None = None) -> int:
        """K when a stage's local basis (``subdomains``, None: :attr:`subdomains`, else the
        settings' own) is a chain that one process solves from its blocks; 0 otherwise
        (:func:`pinnls.memory.chain_cells`)."""
        cells = self._subdomains(subdomains)
        if cells is None:
            return 0
        return memory.chain_cells(self.compiled, self.settings.replace(subdomains=cells))

    def fits(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        subdomains: str | None = None,
    ) -> bool:
        """Whether a stage of this width (and per-axis factors, see :meth:`sized`, and cells)
        fits in what is left of the plan (and, while :attr:`probe_cap` is set, in the probes'
        share of it), in memory, and, under a ``time_limit``, would end before it at the pace
        measured so far: no :meth:`refusal`."""
        return self.refusal(width, axis_scales, subdomains) is None

    def refusal(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        subdomains: str | None = None,
    ) -> tuple[str, str] | None:
        """Why a stage of this width (and factors and cells, as :meth:`fits` takes them) does
        not fit, or None when it fits: ``(what, clause)``, ``what`` one of ``"plan"``,
        ``"memory"`` and ``"time_limit"``, the clause with the numbers (a given width that
        cannot run says this, not an empty list of failures)."""
        try:
            predicted = self.predict(width, axis_scales, subdomains=subdomains)
        except memory.MemoryPlanError as error:
            # Not even this width's clouds can be drawn in memory (asked of a wide width that
            # a cheap plan would afford): it does not fit, it is not an error of the solve.
            return "memory", f"width {width}: {error}"
        if not self.fits_memory(width, axis_scales, subdomains):
            need = self._memory_need(width, axis_scales, subdomains)
            return "memory", (
                f"width {width} needs about {memory.describe_bytes(need.total)} of memory but "
                f"{memory.describe_bytes(self._room or 0.0)} were available when the run "
                f"started (lower the width or --chunk-size)"
            )
        if self.past_deadline(predicted, subdomains):
            return "time_limit", (
                f"width {width} would take about {self.wall_needed(predicted, subdomains):.3g} "
                f"s, more than the {max(self.budget.wall_left(), 0.0):.3g} s left before the "
                f"time limit (raise --time-limit or lower the width)"
            )
        if predicted > self.remaining():
            return "plan", (
                f"width {width} would take about {predicted:.3g} planned seconds, more than the "
                f"{max(self.remaining(), 0.0):.3g} left of the plan (raise --budget or lower "
                f"the width)"
            )
        cap = self.probe_cap
        if cap is not None and self.best is not None and self.budget.charged + predicted > cap:
            return "plan", (
                f"width {width} would take about {predicted:.3g} planned seconds, past the "
                f"probes' share of the plan ({cap:.3g} planned seconds; the rest is growth's)"
            )
        return None

    def fits_memory(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        subdomains: str | None = None,
    ) -> bool:
        """Whether a smooth stage of this width fits in the memory that was available when
        the strategy started (:meth:`_memory_need`): no stage starts that the memory plan says
        will not fit. The room is read once, so that other processes' allocations during the
        run do not change the plan; a width refused here stops growth with ``memory``."""
        if self._room is None:
            return True
        return self._memory_need(width, axis_scales, subdomains).total <= self._room

    def _memory_need(
        self,
        width: int,
        axis_scales: dict[str, float] | None = None,
        subdomains: str | None = None,
    ) -> memory.Need:
        """:func:`pinnls.memory.training_need` of a smooth stage of this width: its sized
        problem, with the stage's chunk and cells."""
        stage = self.settings.replace(
            width=width,
            chunk_size=self._chunk_rows(width),
            axis_scales=self._factors(axis_scales),
            subdomains=self._subdomains(subdomains),
        )
        stage = stage.replace(singular=self._singular_count() > 0 and stage.subdomains is None)
        solved = self._solved(width, None)
        return memory.training_need(
            self.sized(width, axis_scales, subdomains=subdomains),
            stage,
            open_width=width,
            solved=solved,
        )

    def _singular_count(self) -> int:
        """The singular functions the stages to come carry (0 where none, or dropped)."""
        if not (self.settings.singular and self.singular) or self._subdomains(None) is not None:
            return 0  # none drawn, dropped, or a local basis (which takes none)
        spec = self.compiled.singular()
        return 0 if spec is None else len(spec)

    def _chunk_rows(self, width: int, aligned: float | None = None) -> int:
        """Rows per assembly chunk of a stage (:func:`_chunk`): where a system's plane waves
        are solved one column each (:meth:`_solved`), the chunk counts those columns and the
        one unknown's block being combined into them, so that it stays under
        :data:`CHUNK_ENTRIES` entries, as the memory plan counts it. Other systems keep the
        chunk of one block: more chunks would add a factor merge of all their columns each."""
        solved = self._solved(width, aligned)
        blocks = 1.0 if solved is None else (solved + width + 1) / (width + 1)
        return _chunk(self.settings, width, blocks)

    def past_deadline(self, planned: float, subdomains: str | None = None) -> bool:
        """Whether a stage of ``planned`` seconds (on ``subdomains``' cells, default
        :meth:`_subdomains`) would end past the hard stop: its planned seconds times the pace
        (wall over planned seconds) and :data:`SAFETY`, against the wall time left. The one
        decision that reads the clock, and only when ``time_limit`` is set.

        The pace is the slower of two measured ones: that of the largest stage so far on the
        same cells (the best guide to a larger one: small stages pay fixed costs that large ones
        amortize) and that of the latest stage (the machine's load now). With no stage on the
        same cells it is the slowest pace of all; 1 before any stage. A pace below 1 counts as
        measured: on an H200 the global stages ran at 0.03-0.05 of their planned seconds.
        Measured there (docs/benchmarks.md section 35): the slowest pace of all, which a chain's
        small probes set at 2.1 while its large stages kept to 0.6, stopped Heat 2d-MS at 50 s
        of a 120 s limit, and a pace held at 1 stopped the 3-D + time transport at 8.5 s.

        The run's first stage counts only while it is the only one: it pays the one-time costs
        (on an H200, CUDA's context and kernel loads made a 0.31 s probe take 2.66 s, pace 8.6,
        where every later stage kept to 2)."""
        if self.budget.deadline is None:
            return False
        return self.wall_needed(planned, subdomains) > self.budget.wall_left()

    def wall_needed(self, planned: float, subdomains: str | None = None) -> float:
        """The wall seconds that :meth:`past_deadline` expects a stage of ``planned`` seconds
        to take: ``planned`` times the pace it reads and :data:`SAFETY`."""
        timed = [st for st in self.stages if st.planned > 0]
        later = timed[1:] or timed
        cells = self._subdomains(subdomains)
        same = [st for st in later if st.subdomains == cells]
        if same:
            largest = max(same, key=lambda st: st.planned)
            pace = max(largest.seconds / largest.planned, later[-1].seconds / later[-1].planned)
        else:
            pace = max((st.seconds / st.planned for st in later), default=1.0)
        return SAFETY * pace * planned

    def largest_fitting(self, last: int, step: int = 256, floor: int | None = None) -> int | None:
        """The widest multiple of ``step`` that :meth:`fits`, above ``last`` (at least 1.1x), or
        at least ``floor`` when given; None when none does.

        The search starts at the cube law of the widest stage so far and steps down until a
        width fits, or, where the guess fits, up while the next one fits (at most to
        :data:`UP_TO` times the guess): the cost model grows slower than the cube where rows
        dominate (measured on poisson_3d_box: planned seconds as width ** 2.35 from 1536 to
        3840, so that the guess 3840 left a quarter of the plan, where 4352 fitted)."""
        lowest = floor if floor is not None else int(1.1 * last) + 1
        if not self.stages:
            return None
        # Start from the cube law of the widest stage of the cells to come (a chain's probe
        # that lost is wider than the global stages), then step down until one fits.
        cells = self._subdomains(None)
        same = [st for st in self.stages if st.subdomains == cells]
        ref = max(same or self.stages, key=lambda st: st.width)
        guess = ref.width * (max(self.remaining(), 0.0) / max(ref.planned, 1e-9)) ** (1 / 3)
        width = int(guess) // step * step
        if width >= max(lowest, step) and self.fits(width):
            while width + step <= UP_TO * guess and self.fits(width + step):
                width += step
            return width
        width -= step
        while width >= max(lowest, step):
            if self.fits(width):
                return width
            width -= step
        return None

    def set_aside(self, stage: Stage) -> None:
        """Take a stage out of those later steps compare with (and out of ``best``), keeping it
        for the record at its place: step 0s's losing probe, whose basis is not the one the
        stages to come draw."""
        position = self.recorded().index(stage)
        self.stages.remove(stage)
        self._aside.append((position, stage))
        stage.solution.fitted = None
        if self.best is stage:
            finite = [st for st in self.stages if math.isfinite(st.estimate)]
            self.best = min(finite, key=lambda st: st.estimate) if finite else None

    def recorded(self) -> list[Stage]:
        """Every stage in the order it ran, those set aside included."""
        out = list(self.stages)
        for position, stage in sorted(self._aside, key=lambda pair: pair[0]):
            out.insert(position, stage)
        return out

    def result(self, complete: bool, reason: str) -> Solution:
        """The best stage's solution, with one history row per stage, the strategy's record
        and the chosen stage's settings (clouds included) for a fixed rerun.

        Parameters
        ----------
        complete : bool
            False when the strategy was interrupted.
        reason : str
            The stop reason.
        """
        best = self.best
        assert best is not None
        chosen = best.solution
        history = History(list(chosen.history.terms))
        elapsed = 0.0
        for index, st in enumerate(self.recorded()):
            elapsed += st.seconds
            history.append(
                index,
                st.solution.loss(),
                {k: v[-1] for k, v in st.solution.history.terms.items() if v},
                st.error if st.error is not None else math.nan,
                st.rank,
                st.solution.condition,
                elapsed,
            )
        # The user's overrides (weights) stay; the chosen clouds are added, so that the
        # settings rerun the choice as they are.
        terms = {name: dict(values) for name, values in self.settings.terms.items()}
        for term in chosen.compiled.terms:
            if term.cloud is not None:
                terms.setdefault(term.name, {})["points"] = describe(term.cloud.spec)
        fixed = chosen.settings.replace(terms=terms)
        strategy = AutoRecord(
            time_limit=self.settings.time_limit,
            budget=self.budget.seconds,
            planned=self.budget.charged,
            stop_reason=reason,
            seconds=self.elapsed(),
            chosen=Choice(
                stage=self.recorded().index(best),
                activation=best.activation,
                width=best.width,
                scale=best.scale,
                rows={term.name: term.size for term in chosen.compiled.terms},
                estimate=best.estimate,
                axis_scales=best.axis_scales,
                aligned=best.aligned,
                layers=best.layers,
                subdomains=best.subdomains,
                modes=best.modes,
                singular=best.singular,
                adapted=best.adapted,
            ),
            stages=tuple(st.record() for st in self.recorded()),
            failures=tuple(self.failures),
            target=self.settings.tol if self.settings.tol > 0 else AUTO_TOL,
        )
        validation = chosen.validation
        runner_up = self.runner_up(best)
        if validation is not None and runner_up is not None:
            validation = {**validation, "runner_up": runner_up}
        return dataclasses.replace(
            chosen,
            settings=fixed,
            history=history,
            complete=complete,
            stop_reason=reason,
            wall=self.elapsed(),
            strategy=strategy,
            validation=validation,
        )

    def runner_up(self, best: Stage) -> dict[str, Any] | None:
        """The stage with the best estimate after ``best`` (set-aside stages are not
        candidates), and how far its solution lies from ``best``'s
        (:func:`~pinnls.training.validation.stage_difference`): ``stage`` (its index among
        the recorded stages), ``width``, ``scale``, ``estimate``, ``difference`` and
        ``apart``, the difference over the sum of the two estimates (None where both are
        zero). The two relative errors add up to at least the difference, to first order in
        them (:func:`~pinnls.training.validation.stage_difference`), so where ``apart``
        exceeds 1 clearly, one of the two estimates reads low by about that factor or more.
        None where no other stage has a finite estimate, or the difference is not finite."""
        others = [st for st in self.stages if st is not best and math.isfinite(st.estimate)]
        if not others:
            return None
        other = min(others, key=lambda st: st.estimate)
        difference = stage_difference(best.solution, other.solution, self.settings.seed)
        # Under --nproc rank 0's, as every number of the report (each process evaluates the
        # same stages; every process takes this call, whatever its own value).
        difference = collectives.first_value(math.nan if difference is None else difference)
        if math.isnan(difference):
            return None
        both = best.estimate + other.estimate
        return {
            "stage": self.recorded().index(other),
            "width": other.width,
            "scale": other.scale,
            "estimate": other.estimate,
            "difference": difference,
            "apart": difference / both if both > 0 else None,
        }


def axis_scales_of(settings: Settings) -> dict[str, float] | None:
    """The stage's per-axis factors as recorded: None when isotropic (none given, or all 1)."""
    given = settings.axis_scales
    if not given or all(value == 1 for value in given.values()):
        return None
    return dict(given)


def _chunk(settings: Settings, width: int, blocks: float = 1.0) -> int:
    """Rows per assembly chunk of a smooth stage of ``width``, ``blocks`` column blocks of
    ``width + 1`` per row: under :data:`CHUNK_ENTRIES` matrix entries
    (:func:`pinnls.memory.stage_chunk_rows`)."""
    return memory.stage_chunk_rows(settings.chunk_size, width, blocks)


def _history_points(dim: int) -> int:
    """Grid points per axis for stage errors: the run loop's history grid."""
    return max(2, min(101, int(HISTORY_GRID_POINTS ** (1 / dim))))
