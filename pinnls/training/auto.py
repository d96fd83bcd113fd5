"""The automatic strategy (``optimizer="auto"``, the default): a problem nobody tuned.

It chooses the basis from measured evidence (docs/guide.md, "The automatic strategy"), judging
every candidate by the validation estimate of :mod:`pinnls.training.validation` (residuals on
fresh points, no exact solution needed), and keeps the best state it has seen:

1. **Scale probe.** A tanh basis of width 512 (Box first layer, least squares only), once per
   steepness in :data:`SCALES`, gentle to steep, until the estimate has turned for good (two
   steps in a row each worse, the last :data:`TURNED` times the best, or
   :data:`TURNED_FIRST` times where the best is the first rung: :func:`turned`); then
   width 1024 at the steepness chosen, and at the next steeper one if that was within
   :data:`CONTEST` of it at 512 (:meth:`_Auto._contest`). Where a homogeneous system's
   plane waves follow (:meth:`_Auto._waves_first`), the ladder runs its first rung only, as
   the estimate that they must beat, and its other rungs only if they lose. Smooth
   solutions want gentle features (steepness 1.5-2), sharper ones steeper features, and the
   estimate tells them
   apart (measured on the bundled transport problems). Among scales whose estimates lie within
   :data:`TIE` of the best, the gentlest wins: its advantage grows with the width. (The
   ladder's stop and the width-1024 contest are issue 21's "less search", measured against
   seven probes and three at 1024 in docs/benchmarks.md, "Fewer probes".) After the per-axis and
   aligned probes below, when the plain basis kept the ladder's gentlest rung with an
   estimate above :data:`SATURATION_FLOOR`, the walk goes on down :data:`GENTLE` while each
   rung cuts the best estimate by :data:`GENTLE_GAIN` (:meth:`_Auto._gentler`): smooth
   solutions on many axes want features gentler than 1.5 (docs/benchmarks.md, "Gentler
   than the ladder").
   **Per-axis steepness** (step 1a, :meth:`_Auto._probe_axes`): after the aligned probe
   (step 1a'), and only where it kept no aligned features (the stages with them drop step
   1a's factors, not the box's), on :data:`AXIS_MIN_DIM` axes or more, the steepness of
   groups of axes (space against time, then each space axis) walks by :data:`AXIS_STEP` at
   the probe width while the estimate improves, from the box's proportions
   (:func:`box_factors`: features as steep per unit of length along every space axis, which
   the ladder uses too, unless step 1p, :meth:`_Auto._choose_box`, found isotropic features
   better at the ladder's first rung); the factors found (``axis_scales``) are kept if they
   beat the probe at the box's factors by :data:`AXIS_GAIN`, and every later stage and its
   clouds
   (:meth:`~pinnls.training.stages.Stages.sized`) use them. On rotation_2d they gave space 4x
   the steepness of time, as a prototype had measured.
   **Modes** (step 1m, :meth:`_Auto._probe_modes`): where the equation is parabolic (or
   transport), a wave equation or elliptic without a source, with constant coefficients
   (:meth:`~pinnls.operators.CompiledProblem.modes`: heat, advection-diffusion, anisotropic
   or with a reaction, a constant flow with or without one; u_tt = div(D grad u), damped or
   not; Laplace, Helmholtz), after steps
   1a' and 1a, a sin basis whose features are waves that solve the homogeneous equation
   exactly walks :data:`MODE_SCALES` (all features modes, then half; with a source half
   alone, since all modes leave it as their residual); it
   is kept with the sin family, for every later stage, if it beats every stage so far by
   :data:`MODES_GAIN`, and steps 1a'' and 1d are then skipped. It walks from step 0's probe, at
   its per-axis factors, where that probe beats the walk's first rung at the factors in force
   (:meth:`_Auto._modes_factors`: steps 1p and 1a chose those for tanh features).
   **Boundary layers** (step 1d, :meth:`_Auto._probe_layers`): where the problem has faces
   with a value condition where a weak diffusion meets a flow leaving the box or a reaction
   (:meth:`~pinnls.operators.CompiledProblem.layers`), the steepness is walked again with
   :data:`LAYERS` of the features across them, on Sobol interior clouds; kept if it
   beats the basis so far by :data:`AXIS_GAIN`.
   **Time slabs** (step 1b, :meth:`_Auto._consider_slabs`): when the problem has a time axis
   that marches and the probe's best estimate is above :data:`SLAB_RESOLVED`, the first slab of
   2, 4, 8, ... slabs is probed at the same width and steepness; n slabs score what they
   predict for the whole interval, n times its estimate times the probe's spread over time
   where it is below 1 (:func:`slab_profile`: the whole-interval probe's residual over the n
   windows, their mean over the first's: later slabs that hold less than the first, as in a
   decaying solution, count as such; :data:`SLAB_SPREAD_CAP`), and the best n marches
   (:mod:`pinnls.training.slabs`) if it beats one slab by :data:`SLAB_GAIN`. Each slab then
   runs this strategy on its share of the remaining time, starting from the previous slab's
   choice. Not where the stages draw modes (they solve the equation over the whole interval).
   **Local bases on one axis** (step 1c, :meth:`_Auto._probe_local`): on one axis, when the
   ladder chose a steep rung (:data:`LOCAL_MIN_SCALE`) and the target is not met at the second
   probe width, a local
   basis of :data:`LOCAL_FEATURES` features per cell is probed there and kept, cells fixed for
   growth, if it beats the global basis by :data:`AXIS_GAIN` (many periods on one axis).
   **Per-axis factors refined** (step 1f, :meth:`_Auto._refine_axes`): after the contest at
   the second probe width, where no chain of cells was kept (step 1e) and the estimate there
   is above :data:`POOR`, step 1a's moves are tried half a step (:data:`AXIS_HALF_STEP`) back
   and, where that does not pay, half a step further, kept at :data:`AXIS_GAIN`.
   **Cut planes where the solution changes** (step 1q, :meth:`_Auto._probe_points`): then,
   on :data:`POINTS_MIN_DIM` axes or more, where the second probe width's estimate is above
   :data:`POINTS_BELOW`, its stage is solved again with the first layer's points drawn from
   its own solution's gradient (:func:`~pinnls.numeric.adapted.gradient_density`,
   :data:`POINTS_FRACTION` of the density); where that beats it by :data:`POINTS_GAIN`,
   every growth stage draws its points from that density.
2. **Kinks.** If the operators are first order and the estimate stays above :data:`POOR` while
   the width doubles (less than :data:`SLOW` better; ``SLOW ** (2 / d)`` on d > 2 axes,
   :meth:`_Auto._slow`), the solution likely has kinks. Then the
   paper's method runs: ReLU width 32, Box initialization, LSGD with Adam (lr 5e-3), within a
   quarter of the remaining time, on the paper's E4 clouds. On the paper's hat problem it
   reaches about 1e-12 where tanh bases stall near 1e-2; when it wins with an estimate at or
   below :data:`POOR`, growth is skipped.
3. **Growth.** The tanh width grows along :data:`WIDTHS` while each stage cuts the best estimate
   by at least :data:`IMPROVEMENT` (less on more than two axes: :meth:`_Auto._improvement`); a
   stage that does not gets one retry at the next steeper scale. A :func:`saturated` stage
   (rank below :data:`SATURATED` of its columns) hands the next width one scale steeper, and
   the plan's leftover goes to that scale at the last width.
   It stops at ``tol`` (default :data:`ROUNDOFF`), at stagnation, or when the next width would
   not fit in the plan (:meth:`~pinnls.training.stages.Stages.fits`); a narrower width that
   fits is tried in its place. Where a rung and the rung after it do not both fit (in the plan,
   in memory, before a ``time_limit``), one stage as wide as fits runs in place of the rung,
   unless it is the ladder's last or is expected to meet the target
   (:meth:`_Auto._one_last_rung`).

**The plan does not read the clock.** Every stage is charged the planned seconds of the cost
model (:mod:`pinnls.training.cost`: rows, columns, derivative passes), never its measured time,
so the same file, settings and seed take the same stages, and give the same answer, on an idle
machine and on a saturated one. ``time_limit`` is a hard stop on the wall clock on top of the
plan: no stage starts that the pace measured so far says would end past it (stop reason
``time_limit``, the one decision that reads the clock); a plan that is spent stops with
``budget``.

Every stage keeps the system well overdetermined
(:data:`~pinnls.training.stages.ROWS_PER_COLUMN`; a declared cloud is a minimum, never a cap).

Explicit settings win: a given ``width`` fixes the width (no growth; the run's first stage
starts even past the plan, as it does without one; where ``init_scale`` is given too, the
memory plan and ``time_limit`` may still refuse it, and the error says why in one line),
``activation`` the family
(``relu`` runs the LSGD stage only), ``init_scale`` the steepness (and skips the per-axis
probe), ``axis_scales`` the per-axis factors, ``rcond`` the cutoff; ``tol`` is
the target of the validation estimate; ``budget`` the plan (default ``time_limit``, else
:data:`AUTO_BUDGET` planned seconds); ``time_limit`` the hard stop.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import torch

from pinnls.errors import CheckpointError, ProblemError, SolverError, warn
from pinnls.memory import MemoryPlanError
from pinnls.numeric.adapted import GradientDensity, gradient_density
from pinnls.numeric.waves import reducible
from pinnls.operators import CompiledProblem
from pinnls.record import AutoRecord, SlabDecision, SlabTrial
from pinnls.settings import AUTO_TOL, Settings
from pinnls.solution import Solution
from pinnls.time_slabs import Plan, plan, slab_problem
from pinnls.training import collectives, inverse, slabs
from pinnls.training.budget import AUTO_BUDGET, Budget
from pinnls.training.loop import TrainingInterrupted
from pinnls.training.stages import Stage, Stages, axis_scales_of
from pinnls.training.validation import APART_WARNING, time_profile

__all__ = ["run", "AUTO_BUDGET", "GENTLE", "SCALES", "WIDTHS"]

#: Steepnesses tried by the probe (the Box scale: the largest pre-activation over the box).
SCALES = (1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0)
#: Gentler steepnesses, walked (steep to gentle) only when the ladder's gentlest rung wins.
#: Measured at width 512 (docs/benchmarks.md, "Gentler than the ladder"): the 5-D Poisson
#: problem PNd 5.3e-5 at 0.25 against 4.2e-3 at 1.5; poisson-2d 4.0e-11 at 1 against 2.0e-9;
#: heat-neumann 3.3e-12 at 0.5 against 1.9e-10; pyRFM's heat 1.0e-3 at 0.5 against 4.9e-3.
GENTLE = (1.0, 0.5, 0.25, 0.125)
#: A gentler rung is walked past only if it cut the best estimate by this factor.
GENTLE_GAIN = 1.05
#: The probe's widths, then the growth ladder. Its top rungs serve a large plan (a GPU's: on an
#: H200 three runs at --budget 3000 stopped at 8192 with half their time left); the memory plan
#: refuses a rung that does not fit (on one core, 12288 costs about 1700 planned seconds).
PROBE_WIDTHS = (512, 1024)
#: The probes (step 1: the ladder, aligned features, per-axis factors, modes, layers, the
#: probes at the second width, cells, points) may charge the plan up to this share of it; a
#: probe that would take the charges past it is not run, once a stage has an estimate, and
#: what is left grows the basis. On a system of three unknowns (a new user's rotating shallow
#: water, 1,539 columns at width 512) 24 probes charged 57 of the 60 planned seconds and the
#: basis never grew past 512 (rel L2 7.3e-2); the 24 files of sections 68 and 69 had
#: charged at most 24.6 before their growth (elastic plane waves), so the share changes none
#: of them (docs/benchmarks.md, section 71). Step 1b's slab trials count as probes.
PROBE_SHARE = 0.5
WIDTHS = (512, 1024, 1536, 2048, 3072, 4096, 6144, 8192, 12288, 16384)
#: The step of the one last rung that takes the place of two (:meth:`_Auto._one_last_rung`),
#: as :meth:`~pinnls.training.stages.Stages.largest_fitting` steps by default.
LAST_RUNG_STEP = 256
#: The planned seconds that the kink-resolving stage after growth needs left
#: (:meth:`_Auto._kinks_after_growth`).
KINKS_AFTER_GROWTH = 5.0
#: A growth stage must cut the best estimate by this factor, or the growth has stagnated (a
#: stricter 2 stopped a fast periodic wave at 1e-5 with two thirds of its budget left).
IMPROVEMENT = 1.25
#: On d > 2 axes a growth step must gain IMPROVEMENT ** (2 / d) (1.16 on three axes, 1.12 on
#: four): an approximation of a fixed smoothness converges like N^(-s/d) in N columns, so the
#: same width step gains less on more axes. Measured with 1.25 on every dimension: moving
#: pulses in 2-D + t (transport_constant_2d) and 3-D + t (transport_3d_time) gained 1.23x from
#: width 1024 to 1536 and stopped for stagnation after 19-20 s of a 60 s plan.
IMPROVEMENT_AXES = 2
#: Scales whose estimates are within this factor of the best count as tied.
TIE = 1.5
#: The steepness probe stops once two scales in a row were each worse than the one before and
#: the last is this many times the best (:func:`turned`). Measured at such turns on 35
#: ladders (width 512; docs/benchmarks.md, "Fewer probes"): 1.1-112x on unresolved problems,
#: mostly 500x and more on resolved ones; a later scale came back within TIE of the best after
#: none of them, so the factor is a margin.
TURNED = 100.0
#: ...or, where the best is the ladder's first (gentlest) rung, this many times it: the
#: estimate has risen from the first rung on, and the tie rule keeps that rung whatever the
#: later ones give unless one beats it by more than TIE. Of the 32 plain ladders stored in
#: docs/figures' reports (29 distinct; ``benchmarks/ladder_turns.py``), 15 rose twice in a row
#: from their first rung, 9 of them ran on past the third, and none came back; 8 ran 1 to 4
#: more rungs under TURNED alone, 19 in all, and on all 32 the tie rule chooses the same scale
#: on the rungs this rule runs (a damped acoustic system ran seven rungs at 3.3 planned seconds
#: each, 61x at the end; docs/benchmarks.md, section 51).
#: A margin above a synthetic ladder that dips again after a 4x rise (tests/test_auto_probes).
TURNED_FIRST = 5.0
#: At the second probe width the next steeper scale is probed too if it was within this factor
#: of the chosen one at the first: it won at width 1024 after 1.24x (advection_gauss, by 2.8x)
#: and 2.5x (heat_2d, by 4.5x), and tied or lost on the nine other measured problems.
CONTEST = 5.0
#: Width doubling that improves the estimate by less than this factor suggests kinks (on up to
#: two axes; ``SLOW ** (2 / d)`` on d > 2, :meth:`_Auto._slow`)...
SLOW = 4.0
#: ...when the estimate is still above this.
POOR = 1e-3
#: Step 1q (:meth:`_Auto._probe_points`) on this many axes or more: the files it was
#: measured on (docs/benchmarks.md, section 66) all have three; two were not measured.
POINTS_MIN_DIM = 3
#: ...where the estimate at the second probe width is above this, as for step 1f. The gains
#: measured were on stages far from resolved (estimates 1e-2 to 1e-1 at width 1024); on
#: rotation_2d (rel L2 7.5e-7 at 1024) points drawn from that solution's gradient gave 1.4e-8
#: at width 2048 against 5.1e-9 with Box's (docs/benchmarks.md, section 66): a basis that
#: nearly resolves the solution wants its planes everywhere.
POINTS_BELOW = POOR
#: The share of the density that follows the gradient (:func:`~pinnls.numeric.adapted.
#: gradient_density`). Measured (docs/benchmarks.md, section 66): on a Gaussian heater
#: pulsing in time at width 2048, 0.9 from the width-1024 solution's gradient gave rel L2
#: 3.5e-3 against 1.4e-2 with Box's uniform points.
POINTS_FRACTION = 0.9
#: The points the density is read at, once (2 d evaluations of the probe's solution each).
POINTS_CANDIDATES = 16384
#: Step 1q keeps the drawn points if they cut the estimate by this factor.
POINTS_GAIN = 1.5
#: The estimate's default target (tol 0; :data:`pinnls.settings.AUTO_TOL`, where ``pinnls
#: info`` reads it without torch). Below it a stagnating growth is not retried either.
ROUNDOFF = AUTO_TOL
#: A basis whose least-squares rank is below this fraction of its columns is saturated: more
#: width at this steepness adds dependent columns. Measured on transport-front (tanh, steepness
#: 3): rank 1023 of 1025 at width 1024, 1363 of 1537 at 1536 (0.89), 1554 of 2049 at 2048, 1863
#: of 3073 at 3072; at steepness 6 full rank at 2048 and 3054 of 3073 at 3072, 7x and 14x better.
SATURATED = 0.9
#: ...and a steeper scale is tried for it only above this estimate. Resolved smooth bases are
#: saturated too, and steeper did not pay there: advection-diffusion at 1.2e-10 (rank 0.53 of
#: its columns), steeper 1.9e-10; transport-constant at 3.9e-10 (0.53), steeper 4.7e-10. It did
#: above: advection-variable 9.2e-8 (0.83) to 3.7e-9 one width on, advection-gauss 6.7e-8
#: (0.77) to 1.9e-8 at the same width.
SATURATION_FLOOR = 100 * ROUNDOFF
#: The paper's kink-resolving width (E4).
RELU_WIDTH = 32
#: Time slabs are considered only when the whole-domain probe at width 512 is above this
#: estimate: below it, growth reaches rounding on one basis and marching only adds interfaces.
SLAB_RESOLVED = 1e-5
#: Numbers of slabs probed (on the first slab, at the probe width).
SLAB_COUNTS = (2, 4, 8, 16, 32, 64)
#: n slabs are chosen only if their score (n times the first slab's estimate, times the
#: probe's spread over the n windows where it is below SLAB_SPREAD_CAP) beats the single
#: domain's by this factor (errors made in each slab add up).
SLAB_GAIN = 4.0
#: The probe's spread over the n windows (:func:`slab_profile`) weighs n slabs' score up to
#: this: later windows that hold less of the whole-interval probe's residual than the first
#: (a decaying solution) predict later slabs that add less, and do; where later windows hold
#: more, the uncapped score overshot the march more than n x the first slab did (a median
#: 1.38x against 1.27x on the 51 such counts), since a short slab's basis resolves what the
#: whole interval's did not (benchmarks/slab_prediction.py on 33 files and 156 counts,
#: marched at the trial's basis: within 3x of the march's joined estimate for 89 counts with
#: n x the first slab, 97 with the spread, 104 with it capped at 1; docs/benchmarks.md,
#: section 44).
SLAB_SPREAD_CAP = 1.0
#: Each slab must afford this many probe-width stages (one stage, then growth).
SLAB_STAGES = 2.0
#: A later slab never starts narrower than this, even when its share of the time is short.
MIN_SLAB_WIDTH = 256
#: A later slab whose first stage is within this factor of the previous slab's estimate stops.
MATCH = 2.0


#: Per-axis steepness (step 1a): each step multiplies or divides a group's factors by this
#: (steps of 2 saw no signal on Heat 2d-MS at width 512: x twice as steep gave 0.98 against
#: 1.00, 4 times 0.91, 16 times 0.44)...
AXIS_STEP = 4.0
#: ...at most this many times either way (factors from 1/16 to 16)...
AXIS_STEPS = 2
#: ...and is kept if it cuts the best estimate by this factor.
AXIS_STEP_GAIN = 1.05
#: The factors found are kept only if they beat the isotropic probe by this factor (measured
#: at width 512 on rotation_2d: space 4x steeper than time gave 0.31 against 0.45; a
#: prototype measured 0.0074 against 0.058 at width 2048).
AXIS_GAIN = 1.25
#: At most this many per-axis probes (all axes together), at the first probe width.
AXIS_PROBES = 12
#: The per-axis probe runs on problems with at least this many axes: on one or two, the
#: strategy takes the stages it always took.
AXIS_MIN_DIM = 3
#: Step 1f (:meth:`_Auto._refine_axes`): at the second probe width, where the best estimate
#: is above :data:`POOR`, each factor step 1a moved is tried half a step (a factor of
#: sqrt(AXIS_STEP)) back toward where it started, then half a step further, and kept if it
#: cuts the best estimate there by :data:`AXIS_GAIN`. Steps of 4 at width 512, where nothing
#: is resolved yet, overshoot: on benchmarks/user39/advdiff_3d_plume.py step 1a made y 4 times
#: as steep, and at width 1024 y twice as steep read 4.77e-2 against 7.96e-2 (rel L2 2.25e-2
#: against 4.95e-2); at width 2048 1.50e-3 against 6.02e-3 (docs/benchmarks.md, section 61).
AXIS_HALF_STEP = math.sqrt(AXIS_STEP)


#: The fractions of aligned features probed (step 1a'), most first; the best is kept if it
#: beats the probe without them by :data:`AXIS_GAIN`.
ALIGNED = (1.0, 0.5)

#: Steepnesses the modes walk (step 1m, :meth:`_Auto._probe_modes`): sin features
#: whose frequencies the Box rule sets (``k = scale / reach``); the modes of a parabolic
#: equation decay, so steep ones that a tanh basis cannot use still carry the early times
#: (measured on advection_diffusion_2d at width 1024: 2.8e-3 at scale 4, 2.1e-4 at 8,
#: 1.8e-6 at 16, 5.1e-8 at 24, 4.7e-9 at 32, 6.9e-3 at 48, where the clouds no longer
#: resolve the features; docs/benchmarks.md section 38).
MODE_SCALES = (1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0, 48.0, 64.0, 96.0, 128.0)
#: Where the modes' walk starts: the steepness of its steepest axis (the rung nearest this over
#: the largest per-axis factor kept, when step 1a kept some).
MODE_START = 12.0
#: The fractions of modes probed: all (the homogeneous equation: its rows vanish, the data
#: choose the combination), then half (a source needs features that do not solve it); with a
#: source, half alone (all modes leave the source as their residual).
MODES = (1.0, 0.5)
#: What the modes must gain over every stage so far to be kept: they change the family and skip
#: the steps that draw other features, so a close win at the probe width is no evidence
#: (u_t = u_xx + (pi^2 + 3) u, benchmarks/slabs/growing.py, in a scratch run of a first version:
#: modes 0.105 against 0.173 for tanh, both unresolved, and the modes then stagnated at rel L2
#: 1.0 where tanh's time slabs reach 2.9e-10; on Heat 2d-MS and advection_diffusion_2d they
#: gained 49x and 809x at width 512, docs/benchmarks.md section 38).
MODES_GAIN = 4.0
#: Step 0s keeps a shape's singular functions where a probe with them beside its features beats
#: the features alone by this factor (probe estimates at 8f14b26, one run each: the L-shape's
#: corner solution 2e-15 against 2.8e-2; a T's mixed corners beside a decaying mode, 3.2e-2
#: against 0.12; solutions smooth at the corners: 0.45 against 0.26 on a T, 5.5e-7 against
#: 4.1e-10 on a cross, worse with them).
SINGULAR_GAIN = 2.0

#: The fraction of features drawn across boundary layers where auto probes them (step 1d,
#: :meth:`_Auto._probe_layers`). Measured on an outflow layer of width 0.01
#: (benchmarks/drift/layer_1d.py, width 1024, 6,241 Sobol points, steepness 2, envelopes):
#: rel L2 2.9e-3 without, 1.3e-12, 1.1e-12 and 2.4e-11 with 1/8, 1/4 and 1/2 of the features
#: across it; on layers along two faces (benchmarks/layers/cd2d.py) 5.9e-4 with 1/4
#: (docs/benchmarks.md, section 28).
LAYERS = 0.25

#: Local bases on one axis (step 1c, :meth:`_Auto._probe_local`): at the second probe width,
#: when a steep rung won (:data:`LOCAL_MIN_SCALE`) and the target is not met, a local basis of
#: LOCAL_FEATURES features per cell, as steep, is probed; kept if it beats the global basis at
#: that width by :data:`AXIS_GAIN`, with its cell count fixed for growth. Measured
#: (docs/benchmarks.md, section 26): on pyRFM's Helmholtz (20 periods) at width 1024, 32
#: cells of 32 features 9.3e-11, 16 of 64 1.3e-10, 64 of 16 7.4e-9, global at 12 1.0e-7;
#: with the defaults, four one-axis problems nobody tuned went 50-5200x lower in 2.3-8.2x
#: less time.
LOCAL_FEATURES = 32
#: ...on problems of at most this many axes (on two, section 20 measured the global basis
#: better per column at every cell count tried).
LOCAL_MAX_DIM = 1
#: ...and only where the ladder's chosen steepness is at least this: steep features winning
#: is the sign of fine structure, which cells resolve. It was the steepest rung (12) alone
#: until a Helmholtz problem of 25 periods (benchmarks/user14/helmholtz50.py) chose 6 and grew
#: to width 4096 for 4.7e-8 in 67 s, where local gives 1.9e-11 in 27 s; the other nine
#: one-axis problems of the repository take the same stages either way (docs/benchmarks.md,
#: section 29).
LOCAL_MIN_SCALE = 6.0

#: A chain of cells along the steepest axis, on three axes and more (step 1e,
#: :meth:`_Auto._probe_chain`): where the per-axis probe kept one axis at least
#: CHAIN_RATIO times steeper than every other, that axis is cut into K cells, K the ratio of
#: its factor to the next steepest (clamped to :data:`CHAIN_CELLS`: the cells are then about
#: as steep along it as across), each of :data:`CHAIN_FEATURES` features, solved from its
#: blocks by one banded QR (:func:`pinnls.numeric.block_sparse.solve_chain`), whose cost
#: grows as K (F m)^2 per row where the global basis' grows as (K F m)^2. Measured on Heat
#: 2d-MS (ten periods along x, docs/benchmarks.md, "A chain in the automatic strategy"): 16
#: cells of 512 features 7.6e-5 in 18 CPU s, where the global basis stops near 3.6e-3 at
#: width 3072 in 60 s.
CHAIN_RATIO = 4.0
#: ...K clamped to this range...
CHAIN_CELLS = (4, 64)
#: ...and the features per cell that growth walks, from the first (the probe's).
CHAIN_FEATURES = (128, 192, 256, 384, 512, 768, 1024)
#: ...on problems of at least this many axes (one axis: step 1c; two: not measured yet).
CHAIN_MIN_DIM = 3

#: The best estimate above which a solve is called not resolved (a warning).
UNRESOLVED_ESTIMATE = 1e-2


@dataclasses.dataclass(frozen=True)
class Start:
    """Where a later time slab starts instead of probing: the previous slab's choice.

    Attributes
    ----------
    activation : str
    width : int
    scale : float or None
    estimate : float or None
        Its validation estimate (a slab as good stops there).
    axis_scales : dict of str to float, or None
        Its per-axis steepness factors (None: isotropic).
    aligned : float
        Its fraction of aligned features.
    layers : float
        Its fraction of features across boundary layers.
    modes : float
        Its fraction of modes.
    singular : bool
        Whether it carried the shape's singular functions (step 0s's decision).
    """

    activation: str
    width: int
    scale: float | None
    estimate: float | None = None
    axis_scales: dict[str, float] | None = None
    aligned: float = 0.0
    layers: float = 0.0
    modes: float = 0.0
    singular: bool = True


@dataclasses.dataclass(frozen=True)
class March:
    """The probe's decision to march in time slabs: how many, why, and where the first slab
    starts."""

    count: int
    decision: SlabDecision
    start: Start


def run(
    compiled: CompiledProblem,
    settings: Settings,
    callback: Callable[[dict], None] | None = None,
    resume: Any = None,
    budget: Budget | None = None,
    start: Start | None = None,
    within_slabs: bool = False,
) -> Solution:
    """Solve with the automatic strategy.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        ``optimizer`` is ``auto``; see the module docstring for what the other fields fix.
    callback : callable, optional
        Called after every stage with a dict: ``stage`` (kind), ``index``, ``width``,
        ``activation``, ``scale``, ``estimate``, ``best``, ``wall``, ``rows``; and with the
        LSGD stage's iteration events (``iteration``, ``loss``, ...) as they happen.
    resume : None
        The automatic strategy does not resume: rerun with the fixed settings it reports.
    budget : Budget, optional
        Default :meth:`Budget.of` the settings: the plan (``budget``, else ``time_limit``,
        else :data:`AUTO_BUDGET` planned seconds) and the hard stop (``time_limit``).
    start : Start, optional
        Start from this basis instead of probing (the previous time slab's choice); growth
        goes on from there.
    within_slabs : bool
        This is one slab of a march: the slab's own estimate (relative to its own data, near
        zero once the solution has left it) is not judged; the march's joined one is.

    Returns
    -------
    Solution
        The best stage's solution; ``strategy`` holds an :class:`~pinnls.record.AutoRecord`
        (every stage), or a :class:`~pinnls.record.SlabsRecord` when it marched.

    Raises
    ------
    CheckpointError
        ``resume`` was given.
    TrainingInterrupted
        Ctrl-C; ``error.solution`` holds the best stage so far (``complete`` False).
    SolverError
        Every stage failed.
    """
    if resume is not None:
        raise CheckpointError(
            "the automatic strategy does not resume; rerun with the settings its report lists "
            "(report.json 'settings', with optimizer lsgd) and --resume"
        )
    budget = Budget.of(settings) if budget is None else budget
    if settings.time_slabs is not None and settings.time_slabs > 1:
        return _march(compiled, settings, callback, budget, None, SlabDecision("time_slabs given"))
    auto = _Auto(compiled, settings, callback, budget, start)
    outcome = auto.run()
    if isinstance(outcome, March):
        return _march(
            compiled,
            settings.replace(time_slabs=outcome.count),
            callback,
            budget.rest(floor=1.0),
            outcome.start,
            outcome.decision,
            before=auto.runs.elapsed(),
        )
    best = outcome.strategy.chosen.estimate
    # Data with stated noise are fitted only to their noise, which the estimate (their
    # residual at their own points) includes: 1% noise alone put it at 0.017 on
    # source_from_sensors, a solve that recovered u to 1.3e-3, so no warning there.
    noisy = any(t.kind == "data" and t.noise for t in compiled.terms)
    if not within_slabs and not noisy and best > UNRESOLVED_ESTIMATE:
        warn(
            f"the automatic strategy's best validation estimate is {best:.2g} "
            f"(relative residual on fresh points): the solution is not resolved; "
            # a user's sheared patch, 1.4% of its box, read 0.1 with an error of 7: features
            # that the clouds miss leave no residual there
            f"its error may be many times this residual; "
            + _unresolved_advice(outcome.strategy, settings)
        )
    runner = (getattr(outcome, "validation", None) or {}).get("runner_up")
    apart = None if runner is None else runner["apart"]
    if not within_slabs and best <= UNRESOLVED_ESTIMATE and apart is not None:
        # With weight="auto" the coefficients reported are chosen after this
        # (inverse.finish), and are no stage's: nothing to say of them.
        if apart > APART_WARNING and not inverse.needed(compiled):
            warn(
                f"one of the two best validation estimates reads low here: the two best "
                f"stages' solutions lie {runner['difference']:.1e} apart, {apart:.0f}x their "
                f"estimates together ({best:.1e} and {runner['estimate']:.1e}), so the error "
                f"of one of them is about {apart:.0f}x its estimate or more"
            )
    return outcome


def _unresolved_advice(record: AutoRecord, settings: Settings) -> str:
    """What the warning of an unresolved solve advises, by why the strategy stopped: a larger
    plan only where the plan (or the clock) ended it. Where growth stopped gaining, the
    memory refused the next width or the ladder ran out, more plan gives the same stages
    (measured on benchmarks/user28/advdiff_pulse_channel.py, stagnation at width 1536: rel L2
    0.270 with the default 60-second plan and with ``--budget 240``, docs/benchmarks.md,
    section 72).

    Parameters
    ----------
    record : AutoRecord
        The strategy record of the solve (its ``stop_reason`` and stages).
    settings : Settings
        The solve's settings (a given ``width`` is the whole ladder).

    Returns
    -------
    str
        The clause that ends the warning.
    """
    reason = record.stop_reason
    widest = max((st.width for st in record.stages), default=0)
    if reason == "stagnation":
        return (
            f"growth stopped gaining at width {widest} (stagnation), so a larger budget "
            f"alone will not help; the stages are in report.json (strategy.stages)"
        )
    if reason == "memory":
        return (
            f"the width after {widest} would not fit in memory, so a larger budget alone will "
            f"not help; a machine with more memory (or a GPU's) may"
        )
    if reason == "widths" and settings.width is not None:
        return f"the width is given ({settings.width}): a wider basis (--width) may help"
    if reason == "widths":
        return f"growth ran out of widths at {widest}, so a larger budget alone will not help"
    trend = None
    if settings.width is None and reason in ("budget", "time_limit") and _full_plan(record):
        trend = _growth_trend(record)
    if trend is not None:
        return _trend_advice(record, trend, reason)
    if reason == "time_limit":
        return "a later or no time limit (--time-limit) and a larger budget (--budget) may help"
    return "a larger budget (--budget) or finer declared clouds may help"


#: A trend is read between the chosen width and the widest narrower width with an estimate
#: at least this many times narrower (the growth ladder's steps are 1.33x-2x).
TREND_STEP = 1.2
#: Below this rate (the estimate as width^-rate) growth is said not to resolve the solution.
TREND_FLAT = 0.25


def _growth_trend(record: AutoRecord) -> tuple[int, float, int, float, float | None] | None:
    """How the best estimate fell with the width up to the chosen stage: ``(w0, e0, w1, e1,
    wider)``, ``e0`` the best finite estimate at the widest width ``w0`` at most the chosen
    width ``w1`` over :data:`TREND_STEP`, ``e1`` the chosen stage's, ``wider`` the best
    estimate of any wider stage (None: none ran). None where there is no such pair, or the
    chosen basis is local (its width is split among cells)."""
    chosen = record.chosen
    w1, e1 = getattr(chosen, "width", None), getattr(chosen, "estimate", None)
    if w1 is None or getattr(chosen, "subdomains", None) or not _positive(e1):
        return None
    best: dict[int, float] = {}
    for stage in record.stages:
        estimate = getattr(stage, "estimate", None)
        if getattr(stage, "subdomains", None) or not _positive(estimate):
            continue
        best[stage.width] = min(best.get(stage.width, math.inf), estimate)
    narrower = [w for w in best if w * TREND_STEP <= w1]
    if not narrower:
        return None
    w0 = max(narrower)
    wider = [best[w] for w in best if w > w1]
    return w0, best[w0], w1, e1, (min(wider) if wider else None)


def _full_plan(record: AutoRecord) -> bool:
    """Whether the run had at least the default plan (:data:`AUTO_BUDGET`), in which the
    probes of other bases run before growth: under a smaller one growth may begin before
    them, and its trend says nothing of what a larger budget finds (rotation_2d with
    ``--budget 3`` grew a plain basis at width^-0.75, "width about 83,000", where the default
    plan's features on the flow's feet reach 8.2e-11)."""
    plan = getattr(record, "budget", None)
    return plan is None or plan >= AUTO_BUDGET


def _positive(value) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def _trend_advice(record: AutoRecord, trend, reason: str) -> str:
    """The unresolved warning's advice from the trend of growth (:func:`_growth_trend`): the
    width at which the estimate would reach :data:`UNRESOLVED_ESTIMATE` if it kept falling at
    the rate measured, and that stage's planned seconds (the chosen stage's times the width
    ratio cubed: rows grow with the columns, the factorization as rows times columns
    squared), or, where it hardly fell or a wider stage did no better, that a larger budget
    alone is unlikely to resolve it. A rate measured over two widths is a guide, not a
    promise: growth may stall (the stagnations the stopping rules meet) or speed up (a 3-D
    blob's rate rose from 1.7 to 3.1 with width: docs/benchmarks.md, section 75)."""
    w0, e0, w1, e1, wider = trend
    fell = f"from {e0:.2g} at width {w0} to {e1:.2g} at {w1}"
    if e1 >= e0:
        # a narrower stage read lower (one set aside, such as a singular trial that lost):
        # growth did not pay
        return (
            f"the estimate did not fall with the width ({e0:.2g} at width {w0}, {e1:.2g} at "
            f"{w1}), so a larger budget alone is unlikely to resolve it; the stages are in "
            f"report.json (strategy.stages)"
        )
    if wider is not None and wider >= e1:
        return (
            f"the estimate fell {fell} and no wider stage did better ({wider:.2g}), so a larger "
            f"budget alone is unlikely to resolve it; the stages are in report.json "
            f"(strategy.stages)"
        )
    rate = math.log(e0 / e1) / math.log(w1 / w0)
    if rate < TREND_FLAT:
        return (
            f"the estimate fell only {fell}, so a larger budget alone is unlikely to resolve "
            f"it; the stages are in report.json (strategy.stages)"
        )
    needed = w1 * (e1 / UNRESOLVED_ESTIMATE) ** (1.0 / rate)
    stage = record.stages[record.chosen.stage] if _index(record) else None
    planned = getattr(stage, "planned", None)
    cost = ""
    if _positive(planned):
        cost = f" and a stage of {_about(planned * (needed / w1) ** 3)} planned seconds"
    more = (
        "a later or no time limit (--time-limit) and a larger budget (--budget)"
        if reason == "time_limit"
        else "a larger budget (--budget)"
    )
    return (
        f"the estimate fell as width^-{rate:.2g} {fell}; if it kept that rate (it may "
        f"stall or speed up), an estimate of {UNRESOLVED_ESTIMATE:g} would take a width of "
        f"{_about(needed)}{cost}: {more} or finer declared clouds may help"
    )


def _index(record: AutoRecord) -> bool:
    index = getattr(record.chosen, "stage", None)
    return isinstance(index, int) and 0 <= index < len(record.stages)


def _about(value: float) -> str:
    """``about`` a width or a number of seconds to two significant digits, thousands
    separated (``about 7,100``, ``about 370``, ``about 4.2``); ``more than 1e9`` past it."""
    if not math.isfinite(value) or value >= 0.995e9:
        return "more than 1e9"
    if value < 10:
        return f"about {value:.2g}"
    digits = int(math.floor(math.log10(value))) - 1
    return f"about {int(round(value, -digits)):,}"


def _march(compiled, settings, callback, budget, first, decision, before=0.0) -> Solution:
    """Time slabs, each solved by this strategy from the previous slab's choice (the first
    from ``first``, or probing), then the joined estimate judged once."""

    def hints(previous: Solution | None) -> dict[str, Any]:
        return {
            "start": first if previous is None else _next_start(previous),
            "within_slabs": True,
        }

    joined = slabs.run(
        compiled,
        settings,
        run,
        callback,
        budget=budget,
        hints=hints,
        decision=decision,
        before=before,
    )
    total = (joined.validation or {}).get("total")
    if total is not None and total > UNRESOLVED_ESTIMATE:
        warn(
            f"the automatic strategy's validation estimate over its {settings.time_slabs} "
            f"time slabs is {total:.2g} (relative residual on fresh points, summed over the "
            f"slabs): the solution is not resolved; its error may be many times this "
            f"residual; a larger budget (--budget) or more "
            f"time_slabs (--time-slabs) may help",
        )
    return joined


def _next_start(previous: Solution) -> Start | None:
    """The next slab starts from the previous slab's choice (transport moves the solution
    along; its shape and so its basis stay alike)."""
    record = previous.strategy
    if not isinstance(record, AutoRecord):
        return None
    chosen = record.chosen
    return Start(
        activation=chosen.activation,
        width=chosen.width,
        scale=chosen.scale,
        estimate=chosen.estimate,
        axis_scales=None if chosen.axis_scales is None else dict(chosen.axis_scales),
        aligned=chosen.aligned,
        layers=chosen.layers,
        modes=chosen.modes,
        singular=chosen.singular > 0,
    )


class _Auto:
    """Decides which stages to run (the plan); :class:`~pinnls.training.stages.Stages` runs
    them and keeps the best."""

    def __init__(
        self,
        compiled: CompiledProblem,
        settings: Settings,
        callback,
        budget: Budget,
        start: Start | None = None,
    ) -> None:
        self.compiled = compiled
        self.settings = settings
        self.start = start
        self.slab_decision: SlabDecision | None = None
        self.march: March | None = None
        self.runs = Stages(compiled, settings, callback, budget)
        self.stop_reason = "widths"
        # The per-axis factors of the box's proportions where the settings leave the
        # steepness free (None: isotropic, or the settings' own), and no fraction of aligned
        # features or modes is given (a given fraction is not probed, and step 1p would
        # measure the factors without it): the start of every stage until step 1p or step 1a
        # moves them.
        free = (
            settings.init_scale is None
            and settings.axis_scales is None
            and settings.aligned is None
            and settings.modes is None
        )
        self.baseline = box_factors(compiled) if free else None
        # The per-axis factors that every later stage, its clouds and its plan use (step 1a).
        self.axis_scales = self.baseline if start is None else start.axis_scales
        # The fraction of aligned features of every later stage (step 1a').
        self.aligned = None if start is None or not start.aligned else start.aligned
        # The fraction of features across boundary layers of every later stage (step 1d).
        self.layers = None if start is None or not start.layers else start.layers
        # The fraction of modes of every later stage (step 1m).
        self.modes = None if start is None or not start.modes else start.modes
        # The widths growth walks (step 3): WIDTHS, or a chain's own (step 1e).
        self._ladder: list[int] = list(WIDTHS)
        # Whether the stages carry the shape's singular functions: step 0s decides, a later
        # slab keeps the first one's decision.
        self.runs.singular = True if start is None else start.singular
        # step 0s's plain probe where the functions lost, with the per-axis factors it had
        self._plain_rung: tuple[Stage, dict[str, float] | None] | None = None
        # whether step 1m's modes walk at step 0's per-axis factors (:meth:`_modes_factors`)
        self._modes_zero = False
        # the trials of steps 1f and 1q that lost, which growth does not continue from
        # (:meth:`_latest`)
        self._lost_trials: list[Stage] = []
        # where the growth stages' first-layer points are drawn (step 1q); None: Box's own
        self.points: GradientDensity | None = None

    @property
    def axis_scales(self) -> dict[str, float] | None:
        """The per-axis steepness chosen (step 1a), or the previous slab's; None: isotropic, or
        the user's own ``axis_scales`` (which the stages read from the settings)."""
        return self.runs.axis_scales

    @axis_scales.setter
    def axis_scales(self, value: dict[str, float] | None) -> None:
        self.runs.axis_scales = value

    @property
    def aligned(self) -> float | None:
        """The fraction of aligned features chosen (step 1a'), or the previous slab's;
        None: none, or the user's own ``aligned`` (which the stages read from the settings)."""
        return self.runs.aligned

    @aligned.setter
    def aligned(self, value: float | None) -> None:
        self.runs.aligned = value

    @property
    def layers(self) -> float | None:
        """The fraction of features across boundary layers chosen (step 1d), or the previous
        slab's; None: none, or the user's own ``layers``."""
        return self.runs.layers

    @layers.setter
    def layers(self, value: float | None) -> None:
        self.runs.layers = value

    @property
    def modes(self) -> float | None:
        """The fraction of modes chosen (step 1m), or the previous slab's; None:
        none, or the user's own ``modes``."""
        return self.runs.modes

    @modes.setter
    def modes(self, value: float | None) -> None:
        self.runs.modes = value

    @property
    def subdomains(self) -> str | None:
        """The cells of the local basis chosen (step 1c); None: global, or the user's own
        ``subdomains`` (which the stages read from the settings)."""
        return self.runs.subdomains

    @subdomains.setter
    def subdomains(self, value: str | None) -> None:
        self.runs.subdomains = value

    def _probe_cap(self) -> float | None:
        """The planned seconds that the probes may bring the plan's charges to
        (:data:`PROBE_SHARE` of the plan; None without a plan limit)."""
        seconds = self.runs.budget.seconds
        return None if seconds is None or not math.isfinite(seconds) else PROBE_SHARE * seconds

    def _smooth(self, kind: str, activation: str, width: int, scale: float | None):
        return self.runs.smooth(
            kind, activation, width, scale, self.axis_scales, points=self.points
        )

    def run(self) -> Solution | March:
        """The best stage's solution, or the decision to march in time slabs."""
        try:
            self._plan()
        except KeyboardInterrupt:
            if self.runs.best is None:
                raise
            raise TrainingInterrupted(
                self.runs.result(complete=False, reason="interrupted")
            ) from None
        if self.runs.best is None:
            # No stage failed: none could start (a given width past the plan or the memory).
            failures = self.runs.failures
            if not failures:
                refused = self.runs.refusal(self.settings.width or PROBE_WIDTHS[0])
                failures = [refused[1] if refused else "no stage ran"]
            raise SolverError(
                "the automatic strategy found no usable basis: " + "; ".join(failures)
            )
        if self.march is not None:
            return self.march
        best = self.runs.best.estimate
        if self.settings.tol > 0 and best > self.settings.tol:
            warn(
                f"the validation estimate stopped at {best:.3g} ({self.stop_reason}), above "
                f"tol {self.settings.tol:g}; a float64 solve rarely gets below about 1e-13",
            )
        solution = self.runs.result(complete=True, reason=self.stop_reason)
        if self.slab_decision is not None:
            # Slabs were probed and lost: the report says so, with the trials.
            solution.strategy = dataclasses.replace(
                solution.strategy, slabs_considered=self.slab_decision
            )
        return solution

    def _plan(self) -> None:
        s = self.settings
        if self.start is not None:
            self._continue(self.start)
            return
        if s.activation == "relu":
            self._kinks(whole_budget=True)
            self.stop_reason = "relu"
            return
        activation = s.activation or ("sin" if s.modes else "tanh")
        if s.width is not None:
            widths = [s.width]
            probe_widths = [s.width]
        else:
            widths = list(WIDTHS)
            probe_widths = list(PROBE_WIDTHS)
        # 0. Modes first, without a shape's singular functions (step 0s decides on them
        # next): a homogeneous equation whose modes meet the target ends the run at once.
        if s.init_scale is None:
            contested = self.runs.singular
            self.runs.singular = False
            if self._modes_first(probe_widths[0]):
                return
            self.runs.singular = contested
        # 0s. A shape's singular functions, kept where they pay (and with them a probe may
        # already be at rounding: the L-shape's corner solution, 2e-15 at width 512).
        self._singular_contest(activation, probe_widths[0])
        if self._done() and self.stop_reason in ("tol", "converged"):
            return
        # 1. The steepness probe.
        scale = s.init_scale
        if scale is None:
            # with the width given, no growth follows the probes: they keep the whole plan
            self.runs.probe_cap = self._probe_cap() if s.width is None else None
            first = MODE_SCALES if self._exact_modes() else SCALES
            chosen = self._choose_box(activation, probe_widths[0], first[0])
            if chosen is None:
                # no step 1p (an isotropic box): step 0s's plain probe is still the first rung
                chosen = self._reuse_plain(activation, probe_widths[0], first[0])
            waves = self._waves_first()
            ladder = self._probe(
                activation, probe_widths[0], first[:1] if waves else first, reuse=[chosen]
            )
            # Aligned features first: where they are kept, the later stages drop the per-axis
            # factors anyway, so step 1a runs only where they are not (on a system of three
            # unknowns its probes cost about half of the 60-second plan, under section 51's
            # cost model).
            scale = self._probe_aligned(activation, probe_widths[0], ladder)
            if waves and self.aligned is None:
                # the plane waves lost to the plain basis' one rung: its ladder after all
                earlier = [chosen, *self._plain(probe_widths[0], activation)]
                ladder = scale = self._probe(activation, probe_widths[0], first, reuse=earlier)
            if self.aligned is None:
                self.axis_scales = self._probe_axes(activation, probe_widths[0], ladder)
            # The modes after the per-axis factors, which they take: a solution with ten
            # periods along x and half of one along y needs frequencies of that aspect.
            activation, scale = self._probe_modes(activation, probe_widths[0], scale)
            scale = self._gentler(activation, probe_widths[0], scale)
            scale = self._probe_layers(activation, probe_widths[0], scale)
            self.march = self._consider_slabs(activation, probe_widths[0], scale)
            if self.march is not None:
                self.runs.probe_cap = None
                return
            if len(probe_widths) > 1 and not self._done():
                # Kept when no stage runs at the second width (it did not fit in the plan).
                scale = self._probe(activation, probe_widths[1], self._contest(scale), scale)
                self._probe_local(activation, probe_widths[1], scale)
                chain = self._probe_chain(activation, scale)
                widths = chain or widths
                if chain is None:
                    self._refine_axes(activation, probe_widths[1], scale)
                    self._probe_points(activation, probe_widths[1], scale)
        else:
            for width in probe_widths:
                if self._done():
                    break
                # As the probe's first stage, the first width runs past the plan (the user
                # asked for it); the memory and the hard stop still refuse it.
                first = width == probe_widths[0]
                refused = self.runs.refusal(width)
                if refused is not None and (not first or refused[0] != "plan"):
                    if first:
                        self.runs.failures.append(refused[1])
                    break
                if first and self._reuse_plain(activation, width, scale) is not None:
                    continue  # step 0s solved it
                self._smooth("grow", activation, width, scale)
        self.runs.probe_cap = None  # the probes are over: the rest of the plan is growth's
        # 2. Kinks: a first-order problem whose estimate barely moves with the width.
        if self._kinks_suspected(activation):
            self._kinks(whole_budget=False)
            best = self.runs.best
            if best is not None and best.kind == "kinks" and best.estimate <= POOR:
                # Wider smooth bases converge slowly on kinks (measured: 1e-1 at width 1536 on
                # the hat problem, against 1e-12 from the ReLU stage); keep the time. A ReLU
                # stage that won but did not resolve the solution is no reason to stop: a
                # narrow smooth pulse (exp(-((x - t - 0.25)/0.05)^2), transported) gave 4.5e-2
                # there, against 0.13 for the tanh probes, and needs the growth.
                self.stop_reason = "kinks"
                return
        # 3. Growth.
        self._grow(activation, scale, widths)
        # A poor result with time left: try the kink-resolving stage if it was not tried.
        if (
            self._kinks_after_growth()
            and self.runs.remaining() > KINKS_AFTER_GROWTH
            and not self.runs.budget.spent()
        ):
            self._kinks(whole_budget=False)

    def _kinks_after_growth(self) -> bool:
        """Whether a poor result would try the kink-resolving stage after growth (the caller
        asks for :data:`KINKS_AFTER_GROWTH` planned seconds left): a first-order problem whose
        best estimate is above :data:`POOR`, where no kinks stage ran."""
        return (
            self.runs.best is not None
            and self.runs.best.estimate > POOR
            and not any(st.kind == "kinks" for st in self.runs.stages)
            and self._relu_allowed()
        )

    def _continue(self, start: Start) -> None:
        """A later time slab: the previous slab's basis first, then growth from there."""
        if start.activation == "relu":
            self.runs.relu(start.width, self.runs.remaining())
            self.stop_reason = "relu"
            return
        width = start.width
        if not self.runs.fits(width) and self.settings.width is None:
            # The previous slab's basis does not fit in this slab's share: the widest that
            # does, so that marching keeps to its budget.
            fitting = self.runs.largest_fitting(0, step=128, floor=MIN_SLAB_WIDTH)
            width = min(width, fitting) if fitting is not None else MIN_SLAB_WIDTH
        stage = self._smooth("grow", start.activation, width, start.scale)
        previous = start.estimate
        if stage is not None and previous is not None and stage.estimate <= MATCH * previous:
            # As good as the previous slab: growing further would spend the time that the
            # later slabs need, for an error that the earlier slabs already bound.
            self.stop_reason = "previous_slab"
            return
        if self.settings.width is None and not self._done():
            self._grow(start.activation, start.scale, list(WIDTHS))

    def _grow(self, activation: str, scale: float, widths: list[int]) -> None:
        """Growth along ``widths`` from the widest stage so far (step 3).

        A stage whose basis is :func:`saturated` (above :data:`SATURATION_FLOOR`) hands the
        next width one scale steeper: its features have grown collinear at this steepness, and
        the best steepness rises with the width. Once a steeper stage did not pay, the scale
        stays. When the next width no longer fits in the plan, a saturated last stage spends
        what is left on the steeper scale at its own width (:meth:`_leftover`). Where a rung and
        the one after it do not both fit, one stage as wide as fits runs in place of the rung
        (:meth:`_one_last_rung`). A stage on step 1q's points (:attr:`points`) that does not
        pay is solved again at its width on Box's uniform points, which every later stage then
        keeps, before the steeper retry.
        """
        self._ladder = list(widths)
        # The stages of this basis' kind: a chain's probes (step 1e) that lost are wider than
        # the global stages that growth continues from.
        last = max(
            (
                st.width
                for st in self.runs.stages
                if st.activation == activation and st.subdomains == self._cells()
            ),
            default=0,
        )
        previous = self._latest(activation, last, scale)
        moving = True  # a steeper scale for a saturated basis has not failed yet
        for width in widths:
            if width <= last:
                continue
            if self._done():
                return
            if not self.runs.fits(width):
                fitting = self.runs.largest_fitting(last)
                if fitting is None:
                    if moving:
                        self._leftover(activation, scale, previous)
                    self.stop_reason = self._spent_reason()
                    return
                width = fitting
            else:
                width = self._one_last_rung(activation, width, last, widths)
            steeper = self._steeper(scale)
            move = moving and steeper is not None and self._too_gentle(previous)
            use = steeper if move else scale
            # The smooth stages' best: a ReLU stage that was better is not what growth
            # must beat at each width (it did not resolve the solution, or growth would not run).
            before = self._best_of(activation)
            stage = self._smooth("grow", activation, width, use)
            last = width
            if stage is None:
                continue
            if stage.estimate <= before / self._improvement():
                scale, previous = use, stage
                continue
            # Gentle features grow collinear as the basis widens; a steeper scale at the same
            # width often resumes the convergence (and when the steeper one was just tried
            # for a saturated basis, the scale it left). One retry, then stagnation.
            other = scale if use != scale else steeper
            moving = moving and use == scale
            floor = before <= ROUNDOFF  # nothing left to gain in float64
            if self._done() and self.stop_reason in ("tol", "converged"):
                break  # a small gain that met the target: the target is the reason
            if self.points is not None and not floor and self.runs.fits(width):
                # Step 1q's points won at the probe width, where the estimate read them; where
                # growth with them stalls, Box's uniform points at this width first, and for
                # every later stage. A safety net: on the 16 files of docs/benchmarks.md
                # section 66, growth on drawn points never stalled (tests/test_auto_decisions).
                self.points = None
                retry = self._smooth("grow", activation, width, use)
                if retry is not None and retry.estimate <= before / self._improvement():
                    scale, previous = use, retry
                    continue
            if floor or other is None or self._done() or not self.runs.fits(width):
                self.stop_reason = "stagnation"
                break
            retry = self._smooth("grow", activation, width, other)
            if retry is None or retry.estimate > before / self._improvement():
                self.stop_reason = "stagnation"
                break
            scale, previous = other, retry
        else:
            # The ladder ran out: the last rung may have met the target (then say so, not
            # "widths") or spent the plan.
            self._done()

    def _one_last_rung(self, activation: str, width: int, last: int, widths: list[int]) -> int:
        """The width growth runs next, in place of the rung ``width`` (which fits): the widest
        that fits (:meth:`~pinnls.training.stages.Stages.largest_fitting`) where ``width`` and
        the rung after it do not both fit (in the plan, in memory, and under a ``time_limit``
        before the hard stop); else ``width``.

        There the rungs would spend what is left on ``width`` and then the widest that fits
        after it, or end at ``width`` with the rest of the plan unspent. At a cost that grows as
        the cube of the width, the one stage that the plan affords is up to 1.2x wider than the
        second of two stages and up to 1.33x wider than ``width`` alone (computed:
        ((1 + 1.1^3) / 1.1^3)^(1/3) and (1 + 1.1^3)^(1/3); measured in docs/benchmarks.md
        section 62). Not at the ladder's last rung (a given width is a
        ladder of one), nor where the rung is expected to meet the target (:meth:`_expected`:
        it ends the run in less time). The kink-resolving stage after a poor growth
        (:meth:`_kinks_after_growth`) rarely has its planned seconds left after one last rung:
        held back for it, the rule lost 2.9x on acoustics_duct_2d (section 62).
        """
        later = [w for w in widths if w > width]
        if not later:
            return width
        target = self.settings.tol if self.settings.tol > 0 else ROUNDOFF
        if self._expected(activation, width) <= target:
            return width
        runs = self.runs
        try:
            both = runs.predict(width) + runs.predict(later[0])
            fit = (
                both <= runs.remaining()
                and runs.fits_memory(later[0])
                and not runs.past_deadline(both, self._cells())
            )
        except MemoryPlanError:
            fit = False  # not even the next rung's clouds fit in memory
        if fit:
            return width
        widest = runs.largest_fitting(last, step=LAST_RUNG_STEP)
        if widest is None or widest <= width:
            return width
        return min(widest, widths[-1])  # never past the ladder's top

    def _expected(self, activation: str, width: int) -> float:
        """The estimate a stage of ``width`` is expected to reach: the best estimates at the
        two widest widths of this activation's stages (on the cells to come) extrapolated as a
        power of the width (not step 1f's losing trials, as :meth:`_latest`); inf where fewer
        than two widths ran or the wider did not gain."""
        best: dict[int, float] = {}
        for st in self._continued(activation):
            if math.isfinite(st.estimate) and st.estimate > 0:
                best[st.width] = min(st.estimate, best.get(st.width, math.inf))
        if len(best) < 2:
            return math.inf
        w1, w2 = sorted(best)[-2:]
        e1, e2 = best[w1], best[w2]
        if not e2 < e1 or width <= w2:
            return math.inf
        rate = math.log(e1 / e2) / math.log(w2 / w1)
        return e2 * (w2 / width) ** rate

    def _improvement(self) -> float:
        """The factor by which a growth stage must cut the best estimate: :data:`IMPROVEMENT`
        on up to :data:`IMPROVEMENT_AXES` axes, ``IMPROVEMENT ** (2 / d)`` on d > 2 axes."""
        dim = len(self.compiled.axes)
        return IMPROVEMENT ** (IMPROVEMENT_AXES / max(dim, IMPROVEMENT_AXES))

    def _best_of(self, activation: str) -> float:
        """The best estimate of this activation's stages (inf when none), but step 1q's
        trial that lost: growth goes on from Box's points, and a trial better by less than
        :data:`POINTS_GAIN` must not raise its bar (on tshape_heat_bump, 0.0349 against 0.0403
        at width 1024, it stopped growth at 1536: docs/benchmarks.md, section 66)."""
        return min(
            (
                st.estimate
                for st in self.runs.stages
                if st.activation == activation
                and not (st.adapted and any(st is lost for lost in self._lost_trials))
            ),
            default=math.inf,
        )

    def _steeper(self, scale: float) -> float | None:
        """The next scale of :func:`all_scales` above ``scale``; None when there is none, or when
        the settings fix the steepness."""
        if self.settings.init_scale is not None:
            return None
        return next((sc for sc in self._scales() if sc > scale), None)

    def _too_gentle(self, stage) -> bool:
        """Whether ``stage`` is :func:`saturated` and its estimate above
        :data:`SATURATION_FLOOR`, where a steeper scale can pay."""
        return saturated(stage) and stage.estimate > SATURATION_FLOOR

    def _cells(self) -> str | None:
        """The cells of the stages to come (the strategy's, else the settings' own)."""
        return self.subdomains if self.subdomains is not None else self.settings.subdomains

    def _latest(self, activation: str, width: int, scale: float):
        """The latest stage at this width and scale (the one growth continues from), or None;
        not a trial of step 1f or 1q that lost (:meth:`_refine_axes`, :meth:`_probe_points`),
        which ran after the stage kept."""
        for st in reversed(self._continued(activation)):
            if st.width == width and st.scale == scale:
                return st
        return None

    def _continued(self, activation: str) -> list[Stage]:
        """This activation's stages on the cells to come, in the order they ran: those that
        growth continues from and reads (:meth:`_latest`, :meth:`_expected`), not a trial of
        step 1f or 1q that lost."""
        cells = self._cells()
        return [
            st
            for st in self.runs.stages
            if st.activation == activation
            and st.subdomains == cells
            and not any(st is lost for lost in self._lost_trials)
        ]

    def _leftover(self, activation: str, scale: float, previous) -> None:
        """The plan has no room for a wider stage: when the last one was saturated, the next
        steeper scale at its width, if that fits (measured on transport-front: width 3072 at
        scale 6 gave 2.3e-5 against 3.3e-4 at scale 3, where rank was 1863 of 3073)."""
        steeper = self._steeper(scale)
        if steeper is None or not self._too_gentle(previous) or self._done():
            return
        if self.runs.fits(previous.width):
            self._smooth("grow", activation, previous.width, steeper)

    def _consider_slabs(self, activation: str, width: int, scale: float) -> March | None:
        """Step 1b: whether marching in time slabs pays, measured on the first slab.

        Not where the stages draw modes (a basis of exact solutions over the whole interval).
        For n = 2, 4, 8, ... the first of n slabs is solved at the probe width and steepness;
        since an error made in one slab is carried into the next, n slabs are judged by what
        they predict for the whole interval: n times that estimate, times how the probe's
        residual spreads over the n windows of time (:func:`slab_profile`; 1 where it is even,
        which is the old rule, less where the first window holds more of it), at most
        :data:`SLAB_SPREAD_CAP`. The best n wins
        if it beats the single domain by :data:`SLAB_GAIN`; probing stops once a slab is
        resolved (:data:`SLAB_RESOLVED`), or when n slabs could not each afford
        :data:`SLAB_STAGES` stages of this width in the time left.

        Returns
        -------
        March or None
            The decision to march, when n > 1 slabs won; the trials are kept for the record
            either way (``slab_decision``).
        """
        s = self.settings
        factors = self.axis_scales or axis_scales_of(s)
        first = [
            st
            for st in self.runs.stages
            if st.width == width
            and st.scale == scale
            and st.axis_scales == factors
            and st.aligned == self._fraction()
            and st.modes == self._exact_modes()
        ]
        if s.time_slabs is not None or self.compiled.time_axis is None or not first:
            return None
        if self._exact_modes():
            # A basis of modes solves the equation over the whole interval: slabs only add
            # interfaces. Trials with them won on Heat 2d-MS and the march ended at 1.26e-6
            # where one basis reaches 3.14e-9 (docs/benchmarks.md, section 59); their trials
            # had been drawn without the modes before, and always lost.
            return None
        single = min(st.estimate for st in first)
        if not single > SLAB_RESOLVED:
            return None
        try:
            initial = plan(self.compiled, 2)
        except ProblemError:
            return None  # conditions that do not march (a final condition, none at t0)
        # The first slab alone does not say what the later ones will cost: the single basis's
        # residual over the windows of n slabs tells where the later ones hold less (a
        # solution that decays); see SLAB_SPREAD_CAP for where they hold more. Measured at the
        # first trial (a pass over fresh points that a decision without trials need not pay).
        whole = min(first, key=lambda st: st.estimate).solution
        spread = None
        # The fastest probe at this width: later ones may be slowed by anything else running.
        # Planned seconds of one probe at this width, on the whole interval (the plan's number,
        # not a clock's: a busy machine must not change the decision).
        planned = min(st.planned for st in self.runs.stages if st.width == width)
        seconds = min(st.seconds for st in self.runs.stages if st.width == width)
        trials = [SlabTrial(slabs=1, estimate=single, score=single, seconds=seconds)]
        best = trials[0]
        for count in SLAB_COUNTS:
            if trials[-1].estimate <= SLAB_RESOLVED or self._done():
                break
            # The plan's share, and under a hard stop the clock's, at the pace of the stages
            # so far: a trial is planned as a probe of this width.
            if count * SLAB_STAGES * planned > self.runs.remaining():
                break
            cap = self.runs.probe_cap
            if cap is not None and self.runs.budget.charged + planned > cap:
                break  # a trial is a probe: within the probes' share of the plan
            if self.runs.past_deadline(planned):
                break
            split = plan(self.compiled, count)
            problem = slab_problem(self.compiled, split, 0, None, s.seed)
            probe = Stages(problem, s, None, self.runs.budget.rest(floor=1e-3))
            # the basis of the one-slab probe it is scored against: its singular functions and
            # features across layers (the factors and aligned fraction go below; no modes here)
            probe.singular = self.runs.singular
            probe.layers = self.layers
            stage = probe.smooth("probe", activation, width, scale, self.axis_scales, self.aligned)
            if stage is None:
                break
            if spread is None:
                spread = slab_profile(whole, self.compiled.time_axis, initial, s.seed)
            # every process under --nproc takes rank 0's (as the stages' estimates)
            profile = collectives.first_value(spread(split))
            # not finite (a first window without residual, or a probe that is not): the cap,
            # and the record says null
            weight = min(profile, SLAB_SPREAD_CAP) if math.isfinite(profile) else SLAB_SPREAD_CAP
            trials.append(
                SlabTrial(
                    slabs=count,
                    estimate=stage.estimate,
                    score=count * stage.estimate * weight,
                    seconds=stage.seconds,
                    profile=profile if math.isfinite(profile) else None,
                )
            )
            if trials[-1].score < best.score:
                best = trials[-1]
        self.slab_decision = SlabDecision(
            rule="n slabs with the smallest n x (first slab's estimate) x (the probe's "
            f"residual over the n windows, mean over first, at most {SLAB_SPREAD_CAP:g}), if "
            f"it beats one slab by {SLAB_GAIN:g}x",
            width=width,
            scale=scale,
            trials=tuple(trials),
            seconds=sum(t.seconds for t in trials[1:]),
            axis_scales=factors,
        )
        if best.slabs > 1 and SLAB_GAIN * best.score <= single:
            return March(
                best.slabs,
                self.slab_decision,
                Start(
                    activation=activation,
                    width=width,
                    scale=scale,
                    axis_scales=self.axis_scales,
                    aligned=self._fraction(),
                    layers=self._across(),
                    singular=self.runs.singular,
                ),
            )
        return None

    def _probe_axes(self, activation: str, width: int, scale: float) -> dict[str, float] | None:
        """Step 1a: a steepness factor per axis, at the probe width and the probed scale.

        The axes are probed in groups (:func:`_axis_groups`): all space axes together, then
        time, then each space axis alone, starting from :attr:`baseline` (the box's
        proportions, or isotropic where step 1p chose so). A group's factors walk from where
        they are by
        :data:`AXIS_STEP`, gentler first and steeper only if the first gentler step did not
        pay, at most :data:`AXIS_STEPS` steps either way, while each step cuts the best
        estimate by :data:`AXIS_STEP_GAIN`; the next group starts from the factors kept. The
        walk's end is kept only if it beats the probe at the start by :data:`AXIS_GAIN`. At most
        :data:`AXIS_PROBES` stages, each charged to the plan like any other (the same stages
        on a busy machine). Only on :data:`AXIS_MIN_DIM` axes or more, and only when neither
        ``init_scale`` nor ``axis_scales`` was given.

        Returns
        -------
        dict of str to float, or None
            The factors of the axes whose factor is not 1; :attr:`baseline` when the start
            won (None: isotropic).
        """
        axes = self.compiled.axes
        baseline = self.baseline
        if len(axes) < AXIS_MIN_DIM or self.settings.axis_scales is not None:
            return baseline
        # not step 0's modes probe, whose basis the factors would not change
        at_start = [
            st
            for st in self.runs.stages
            if st.width == width
            and st.scale == scale
            and st.axis_scales == baseline
            and not st.modes
        ]
        if not at_start:
            return baseline
        start = best = min(st.estimate for st in at_start)
        factors = {axis: (baseline or {}).get(axis, 1.0) for axis in axes}
        probes = 0
        for group in _axis_groups(axes, self.compiled.time_axis):
            for direction in (1.0 / AXIS_STEP, AXIS_STEP):
                steps = 0
                while steps < AXIS_STEPS:
                    trial = {a: v * direction if a in group else v for a, v in factors.items()}
                    fits = self.runs.fits(width, _kept(trial) or {})
                    if probes >= AXIS_PROBES or self._done() or not fits:
                        return _kept(factors) if AXIS_GAIN * best <= start else baseline
                    stage = self.runs.smooth("probe", activation, width, scale, _kept(trial))
                    probes += 1
                    if stage is None or not AXIS_STEP_GAIN * stage.estimate <= best:
                        break
                    best, factors = stage.estimate, trial
                    steps += 1
                if steps:
                    break  # this side paid: the other side will not
        return _kept(factors) if AXIS_GAIN * best <= start else baseline

    def _refine_axes(self, activation: str, width: int, scale: float) -> None:
        """Step 1f: the per-axis factors of step 1a refined at the second probe width.

        Where the best estimate at ``width`` (the contest's, at the factors in force) is above
        :data:`POOR`, the axes whose factor step 1a moved from :attr:`baseline` are grouped by
        the ratio it moved them by (a group it moved together has one), the largest move
        first; each group is tried :data:`AXIS_HALF_STEP` back toward its start, and where that
        does not cut the best estimate by :data:`AXIS_GAIN`, as far beyond; the first that does
        is kept and the next group starts from it. Each trial is a probe charged to the plan
        (one the plan cannot afford is skipped: the other side may be cheaper). Not where
        step 1a did not run or moved nothing, nor with aligned features, features across
        layers, modes or cells (their stages drop or do not read the factors this way)."""
        factors = self.axis_scales
        if (
            len(self.compiled.axes) < AXIS_MIN_DIM
            or self.settings.axis_scales is not None
            or self._fraction()
            or self._across()
            or self._exact_modes()
            or self._cells() is not None
            or self._done()
        ):
            return
        at_start = [
            st.estimate
            for st in self.runs.stages
            if st.width == width
            and st.activation == activation
            and st.scale == scale
            and st.axis_scales == factors
            and st.subdomains is None
            and not st.aligned
            and not st.layers
            and not st.modes
        ]
        if not at_start or min(at_start) <= POOR:
            return
        best = min(at_start)
        start = self.baseline or {}
        current = {axis: (factors or {}).get(axis, 1.0) for axis in self.compiled.axes}
        # the moves in half steps (whole numbers: step 1a moves by AXIS_STEP, two half steps)
        groups: dict[int, list[str]] = {}
        for axis, value in current.items():
            steps = round(math.log(value / start.get(axis, 1.0), AXIS_HALF_STEP))
            if steps:
                groups.setdefault(steps, []).append(axis)
        moved = False
        for steps, group in sorted(groups.items(), key=lambda item: -abs(item[0])):
            back = 1.0 / AXIS_HALF_STEP if steps > 0 else AXIS_HALF_STEP
            for direction in (back, 1.0 / back):
                if self._done():
                    break
                trial = {a: v * direction if a in group else v for a, v in current.items()}
                kept = _kept(trial) or {}
                if not self.runs.fits(width, kept):
                    continue  # the other side may be cheaper (gentler factors, fewer points)
                stage = self.runs.smooth("probe", activation, width, scale, kept)
                if stage is not None and AXIS_GAIN * stage.estimate <= best:
                    best, current, moved = stage.estimate, trial, True
                    break
                if stage is not None:
                    self._lost_trials.append(stage)
        if moved:
            self.axis_scales = _kept(current)

    def _probe_points(self, activation: str, width: int, scale: float) -> None:
        """Step 1q: the stage at ``width`` (the second probe width, on the settings in force)
        solved again with its first layer's points drawn where its own solution changes
        (:func:`~pinnls.numeric.adapted.gradient_density`, :data:`POINTS_FRACTION`, read at
        :data:`POINTS_CANDIDATES` points of the bounding box); kept for every growth stage
        (:attr:`points`) if it cuts the estimate by :data:`POINTS_GAIN`. Box scatters its
        planes uniformly, and a solution that changes in a small part of the box (a pulse, a
        heater) is crossed by few of them. Only on :data:`POINTS_MIN_DIM` axes or more, where
        that stage's estimate is finite and above :data:`POINTS_BELOW`, the plan affords the
        stage, and the basis is a global smooth basis drawn by Box without a given width or
        steepness (step 1 runs only then), without modes (waves that solve the equation,
        whose points are phases, not planes), cells or a material interface (whose split
        moves every plane into its cell)."""
        if (
            len(self.compiled.axes) < POINTS_MIN_DIM
            or self.settings.init != "box"
            or activation == "relu"
            or self._exact_modes()
            or self._cells() is not None
            or self.compiled.interfaces  # split() moves every plane into its own cell
            or self._done()
        ):
            return
        start = self._latest(activation, width, scale)
        if start is None or not math.isfinite(start.estimate) or start.estimate <= POINTS_BELOW:
            return
        if start.adapted or not self.runs.fits(width):
            return
        density = self._density(start.solution)
        if not density.fraction:
            return  # a solution without a finite gradient: nothing to follow
        stage = self.runs.smooth(
            "probe", activation, width, scale, self.axis_scales, points=density
        )
        if stage is not None and POINTS_GAIN * stage.estimate <= start.estimate:
            self.points = density
        elif stage is not None:
            # growth continues from the uniform stage, and measures its gains against it
            # (_latest, _best_of)
            self._lost_trials.append(stage)

    def _density(self, solution: Solution) -> GradientDensity:
        """Step 1q's density: :data:`POINTS_FRACTION` of it follows the gradient of what the
        basis fits (``solution`` less the particular solution subtracted first, which the
        basis does not carry), read at :data:`POINTS_CANDIDATES` points of the bounding box
        (seeded by the settings' seed), none outside a shape."""
        compiled = self.compiled
        particular = compiled.particular

        def fitted(points):
            values = solution(points)
            if particular is None:
                return values
            return values - particular.derivative(points, (0,) * compiled.dim)

        return gradient_density(
            fitted,
            compiled.lower,
            compiled.upper,
            POINTS_CANDIDATES,
            POINTS_FRACTION,
            torch.Generator().manual_seed(self.settings.seed),
            compiled.contains,
        )

    def _choose_box(self, activation: str, width: int, scale: float) -> Stage | None:
        """Step 1p: the box's proportions (:func:`box_factors`) or isotropic features, by
        measurement, before the ladder of steepnesses: its first rung at the box's factors and
        without them, and :attr:`baseline` (the factors the ladder and every later stage start
        from) isotropic where that estimate is lower. A Gaussian of a fixed width wants features
        as steep per metre every way (Poisson on [0, 1] x [0, 2] x [0, 0.5]: 8.4e-6 isotropic,
        4.9e-11 from the box's), but a thin plate whose solution turns once across its
        thickness and once along its length wants them as steep per scaled length ([0, 10] x
        [0, 0.5]: 4.0e-11 isotropic, 1.9e-10 from the box's; docs/benchmarks.md section 47).
        Not in a later time slab (the previous slab's choice holds).

        Returns
        -------
        Stage or None
            The probe kept (at ``scale``, the ladder's first rung: :meth:`_probe` does not
            solve it again), None when step 1p did not run or its probes failed.
        """
        box = self.baseline
        if box is None or self.start is not None or self._done():
            return None
        if self.runs.stages and not self.runs.fits(width):
            return None
        proportioned = self._reuse_plain(activation, width, scale) or self._smooth(
            "probe", activation, width, scale
        )
        if proportioned is None or self._done() or not self.runs.fits(width, {}):
            return proportioned
        self.axis_scales = None
        isotropic = self._smooth("probe", activation, width, scale)
        # Strictly lower wins, ties included: estimates within TIE are noise where neither
        # basis resolves the solution, and either way loses somewhere (measured in session 28,
        # docs/benchmarks.md section 48: keeping the box's within TIE made a pulse carried
        # down a channel 59x more accurate and a Klein-Gordon standing wave, which turns once
        # along each side, 1e6x less).
        if isotropic is not None and isotropic.estimate < proportioned.estimate:
            self.baseline = None
            return isotropic
        self.axis_scales = box
        return proportioned

    def _reuse_plain(self, activation: str, width: int, scale: float) -> Stage | None:
        """Step 0s's plain probe (taken once) where it is the stage asked for: the same
        activation, width, steepness and per-axis factors; else None."""
        found, self._plain_rung = self._plain_rung, None
        if found is None:
            return None
        stage, factors = found
        same = (stage.activation, stage.width, stage.scale) == (activation, width, scale)
        return stage if same and factors == self.axis_scales else None

    def _exact_modes(self) -> float:
        """The fraction of modes that the stages use now (0: none)."""
        return float(self.runs._modes() or 0.0)

    def _scales(self) -> tuple[float, ...]:
        """The steepnesses the stages to come may take: :data:`MODE_SCALES` with
        modes, else :func:`all_scales`."""
        return MODE_SCALES if self._exact_modes() else all_scales()

    def _modes_first(self, width: int) -> bool:
        """Step 0: where :meth:`~pinnls.operators.CompiledProblem.modes` reads a homogeneous
        equation (no source, or none left once a particular solution was subtracted), one
        probe with every feature a mode at :data:`MODE_START`, before any other: every feature
        then solves the equation, and only the data are left to fit, which a probe often does
        to the target at once (Helmholtz at k = 30: 2e-15 at width 512, after seven tanh
        probes that took twice as long). True when it met the target (the run ends there);
        otherwise its stage stays one of the run's and the plan goes on as without it, step
        1m's walk reading its estimate instead of solving it again. Only where step 1m could
        run (no ``modes``, ``aligned``, ``layers``, ``subdomains`` or ``init_scale`` given, sin
        or a free activation, one hidden layer of Box features).
        """
        if not self._modes_allowed():
            return False
        if self.runs.stages and (self._done() or not self.runs.fits(width)):
            return False  # step 0s's probes came first and spent the plan
        found = self.compiled.modes()
        if found is None or found.source:
            return False
        self.modes = 1.0
        stage = self._smooth("probe", "sin", width, MODE_START)
        if stage is not None and self._done() and self.stop_reason in ("tol", "converged"):
            return True
        self.modes = None
        return False

    def _singular_contest(self, activation: str, width: int) -> None:
        """Step 0s: where the domain gives singular functions
        (:meth:`~pinnls.operators.CompiledProblem.singular`: a 2-D shape's re-entrant corners
        and holes) and the settings allow them, a probe of ``width`` features without them
        against the same features with the J functions beside them, both at the ladder's
        first steepness (:data:`MODE_SCALES`' with given modes) or the given one; the second
        only where the first is not at rounding and it fits the plan. The functions stay in
        every later stage only if they cut the estimate by :data:`SINGULAR_GAIN`: a solution
        that is smooth at the corners (a manufactured one) gains nothing from them, and 288 of
        them moved the steepness the ladder chose on a T-shape (docs/benchmarks.md, section
        53). Where the functions lose, the probe with them is set aside
        (:meth:`Stages.set_aside`: in the record, not in what later steps compare with); the
        winner is the ladder's first rung (step 1p or the given steepness's first stage does
        not solve it again).
        """
        s = self.settings
        spec = self.compiled.singular() if s.singular else None
        if spec is None:
            return
        if s.subdomains is not None:
            # a local basis takes none: the plan and the memory charge none either
            self.runs.singular = False
            return
        if s.init_scale is not None:
            scale = s.init_scale
        else:
            scale = MODE_SCALES[0] if self._exact_modes() else SCALES[0]
        self.runs.singular = False
        plain = self._smooth("probe", activation, width, scale)
        self.runs.singular = True
        if plain is not None and (self._done() or not self.runs.fits(width)):
            # at rounding already, or no room left for the probe with them
            self.runs.singular = False
            self._plain_rung = (plain, self.axis_scales)
            return
        # the same features and the functions beside them (with as many columns, 224 features
        # beside a T's 288 functions fitted its smooth decaying part 4x worse than 512 alone)
        enriched = self._smooth("probe", activation, width, scale)
        kept = enriched is not None and (
            plain is None or SINGULAR_GAIN * enriched.estimate <= plain.estimate
        )
        self.runs.singular = kept
        if not kept and enriched is not None:
            # the losing probe leaves the stages that later steps compare with (its basis is
            # not theirs); the record keeps it
            self.runs.set_aside(enriched)
        winner = enriched if kept else plain
        if winner is not None:
            # the ladder's first rung, as step 1p would solve it: not solved again
            self._plain_rung = (winner, self.axis_scales)

    def _modes_allowed(self) -> bool:
        """Whether the settings leave auto free to draw modes (steps 0 and 1m): no ``modes``,
        ``aligned``, ``layers`` or ``subdomains`` given, sin or a free activation, one hidden
        layer of Box features."""
        s = self.settings
        return (
            s.modes is None
            and s.aligned is None
            and s.layers is None
            and s.subdomains is None
            and s.activation in (None, "sin")
            and s.depth == 1
            and s.init == "box"
        )

    def _best_without_modes(self) -> float:
        """The best estimate of the stages without modes (inf when none): what a step that
        draws other features must beat, whether or not step 0 probed the modes first."""
        return min((st.estimate for st in self.runs.stages if not st.modes), default=math.inf)

    def _probe_modes(self, activation: str, width: int, scale: float) -> tuple[str, float]:
        """Step 1m: modes, where the equation is parabolic, a wave equation or elliptic
        without a source, with constant coefficients
        (:meth:`~pinnls.operators.CompiledProblem.modes`: heat, advection-diffusion,
        anisotropic or with a reaction; the wave equation, damped or not; Laplace,
        Helmholtz).

        A sin basis with every feature a travelling wave that solves the homogeneous equation
        (:func:`~pinnls.numeric.initialization.initialize`'s ``mode_fraction``) walks
        :data:`MODE_SCALES` from :data:`MODE_START` (:meth:`_walk`), then half of its
        features modes at the best scale of that walk (a source needs the others); where the
        equation has a source (:attr:`~pinnls.operators.Modes.source`), all-modes bases
        cannot meet it and the walk is of half modes alone. The
        better fraction is kept, with its scale and the sin family, for every later stage if
        it beats every stage so far by :data:`MODES_GAIN`; it runs after the aligned and
        per-axis probes (whose factors it takes, and whose aligned fraction it drops when
        kept), and the steps that would draw other features after it (gentler, layers) are
        then skipped. All modes solve the homogeneous equation exactly, so only the initial
        and boundary data are fitted (measured on advection_diffusion_2d with the defaults:
        1.49e-10 at width 2048, against 1.61e-5 at width 3072 for the aligned tanh basis;
        docs/benchmarks.md, section 38). Only when
        ``modes``, ``aligned``, ``layers`` and ``subdomains`` were not given, the
        activation is sin or free, on one hidden layer of Box features.

        Returns
        -------
        (str, float)
            The activation and scale to go on with: ``sin`` and the modes' best scale when a
            fraction was kept, else as given.
        """
        if not self._modes_allowed() or self._done() or self.runs.best is None:
            return activation, scale
        found = self.compiled.modes()
        if found is None:
            return activation, scale
        if found.source and found.order == 0:
            # A steady source (Poisson): half modes paid on one of the nine files with a
            # source of sections 38 and 39, and such problems are common and already fast:
            # their probes would cost each of them and rarely pay.
            return activation, scale
        # Modes alone leave a source as their residual: with one, only half are worth a walk.
        fractions = MODES[1:] if found.source else MODES
        # The modes are a global basis' own rows: no aligned ones beside them.
        aligned, self.aligned = self.aligned, None
        factors = self.axis_scales
        trial = self._modes_factors(width)

        def use(fraction: float) -> None:
            self.modes = fraction

        kept = self._fractions(
            fractions, use, "sin", width, trial, MODE_SCALES, MODES_GAIN, self._best_without_modes()
        )
        if kept is None:
            self.modes, self.aligned, self.axis_scales = None, aligned, factors
            self._modes_zero = False
            return activation, scale
        self.modes = kept[0]
        return "sin", kept[1]

    def _modes_factors(self, width: int) -> float:
        """Step 1m's per-axis factors and the scale its walk starts from.

        The walk starts at the rung nearest :data:`MODE_START` over the steepest factor in
        force, at the factors in force; or at :data:`MODE_START` with step 0's factors, where
        step 0's probe (every feature a mode, at the factors then in force: the box's
        proportions) is strictly better than that first rung, solved here (the walk then
        reads it instead of solving it again), and both carry the same singular functions.
        Step 1p and step 1a chose the factors in force for the tanh ladder; the modes are
        another family and may want others (a puff drifting down a channel of 2 x 1: step 1p
        kept isotropic tanh features, 0.201 against 0.246, where the modes at the box's
        proportions gave 1.39e-2 against 2.62e-2 isotropic; docs/benchmarks.md, section 59).
        Where the first rung cannot be solved (the plan is spent, or it fails), the factors in
        force stay. Sets step 0's factors where taken, and :attr:`_modes_zero` (the caller
        restores its own factors if no modes are kept).

        Returns
        -------
        float
            The scale the walk starts from.
        """
        steepest = max([1.0, *(self.axis_scales or {}).values()])
        start = min(MODE_SCALES, key=lambda sc: abs(math.log(sc * steepest / MODE_START)))
        zero = next(
            (
                st
                for st in self.runs.stages
                if st.kind == "probe"
                and st.activation == "sin"
                and st.width == width
                and st.scale == MODE_START
                and st.modes == MODES[0]
                and not st.aligned
                and not st.layers
                and st.subdomains is None
            ),
            None,
        )
        if zero is None or zero.axis_scales == self.axis_scales:
            return start
        self.modes = MODES[0]
        if self._done() or not self.runs.fits(width):
            return start
        here = self._same("sin", width, start) or self._smooth("probe", "sin", width, start)
        if here is None or here.singular != zero.singular or here.estimate <= zero.estimate:
            return start
        self.axis_scales = zero.axis_scales
        self._modes_zero = True
        return MODE_START

    def _probe_aligned(self, activation: str, width: int, scale: float) -> float:
        """Step 1a': features aligned with the problem's characteristics.

        Where the problem has constant ones (:func:`constant_characteristics`: one equation
        in one unknown, or a first-order system of two, on two or more axes; the flow of a
        first-order part, the cone of such a system, or the null cone of a
        wave operator), the steepness ladder is walked again with every feature aligned
        (:meth:`_walk`: from the scale chosen so far, steeper while each step pays, else
        gentler), then half of them aligned at the best scale of that walk (not where a
        homogeneous system's plane waves are solved one column each, which need no other
        features: :func:`~pinnls.numeric.waves.reducible`). The better
        fraction is kept (:attr:`aligned`, with its scale) if it beats the probe without them,
        at the scale and per-axis factors chosen so far, by :data:`AXIS_GAIN`; the aligned
        probes run at the box's proportions where step 1p kept them (:attr:`baseline`), else
        without per-axis factors (the settings' own stay; step 1a runs after this step, and
        only where no fraction was kept), and so do the later stages when a fraction is kept.
        All aligned, the features of a constant-coefficient transport equation solve it
        exactly, and only
        the data at t0 and on the inflow is left to fit (measured: advection_gauss 7.7e-13 at
        width 512, against 1.05e-9 at 3072 without); plane waves on the cone solve a wave
        equation (wave_2d: 6.2e-7 at width 1024, against 0.14 without); a source or a reaction
        term needs the other features too (half). Only when ``aligned`` was not given. A
        drift (advection-diffusion: features gentle along the flow, not constant) is probed
        only where the plain basis's best estimate is above :data:`SATURATION_FLOOR`.

        Returns
        -------
        float
            The scale to go on with: the aligned one's when a fraction was kept, else
            ``scale``.
        """
        if not self._aligned_probed():
            return scale
        factors = self.axis_scales or axis_scales_of(self.settings)
        without = self._estimates(width, scale, factors, aligned=0.0)
        if not without:
            return scale
        if self.compiled.characteristics()[0] == "drift" and min(without) <= SATURATION_FLOOR:
            # A drift's features are gentle along the flow, not exact: where the plain basis
            # resolves the solution already they do not pay (the suite's advection-diffusion,
            # width 512: 6.3e-11 against 7.3e-11 plain), and the walk would cost its probes.
            return scale
        # Aligned features take the direction from the flow (or the cone), not from per-axis
        # factors found for the plain basis (measured on transport_3d_time at width 512:
        # 8.9e-3 isotropic, against 0.18 with the plain basis' factors of 0.25 on every axis,
        # and 0.087 for the plain basis itself); step 1a runs after this step, so the factors
        # in force are the box's proportions (step 1p's :attr:`baseline`), which stay: a
        # pulse of one width in metres is as narrow for either basis.
        factors_kept, self.axis_scales = self.axis_scales, self.baseline

        def use(fraction: float) -> None:
            self.aligned = fraction

        # A homogeneous system's plane waves solve its equations with nothing left over
        # (pinnls.numeric.waves.reducible): no source or reaction for the other half of the
        # features to take, and that half's probe costs m columns per feature (elastic waves
        # in five unknowns: 8.2 planned seconds, against 0.7 for the waves' own, under
        # section 51's cost model; it lost, and the next width no longer fitted in the plan).
        fractions = ALIGNED[:1] if reducible(self.compiled) else ALIGNED
        found = self._fractions(
            fractions, use, activation, width, scale, SCALES, AXIS_GAIN, min(without)
        )
        kept = (None, scale) if found is None else found
        self.aligned = kept[0]
        if kept[0] is None:
            self.axis_scales = factors_kept
        return kept[1]

    def _fractions(
        self, fractions, use, activation, width, trial, scales, gain, best
    ) -> tuple[float, float] | None:
        """The walk of steps 1a' and 1m: with the first of ``fractions`` set (``use``), the
        steepness is walked over ``scales`` from ``trial`` (:meth:`_walk`); each later fraction
        is probed at the best scale so far. Returns ``(fraction, scale)`` of the best probe
        that beats ``best`` by ``gain``, else None; the last fraction probed stays set."""
        kept = None
        for fraction in fractions:
            use(fraction)
            if fraction == fractions[0]:
                mine = self._walk(activation, width, trial, scales)
            else:
                mine = {}
                if not self._done() and self.runs.fits(width):
                    stage = self._smooth("probe", activation, width, trial)
                    if stage is not None:
                        mine[trial] = stage.estimate
            if not mine:
                break
            trial = min(mine, key=mine.get)
            if gain * mine[trial] <= best:
                best, kept = mine[trial], (fraction, trial)
        return kept

    def _estimates(self, width: int, scale: float, factors, aligned: float) -> list[float]:
        """The estimates of the stages so far of this width, scale, per-axis factors and
        fraction of aligned features, without features across boundary layers: the probe
        that a step's own probes must beat."""
        return [
            st.estimate
            for st in self.runs.stages
            if st.width == width
            and st.scale == scale
            and st.axis_scales == factors
            and st.aligned == aligned
            and not st.layers
            and not st.modes
        ]

    def _walk(
        self, activation: str, width: int, scale: float, scales: tuple[float, ...] = SCALES
    ) -> dict[float, float]:
        """The aligned walk: ``scale``, then steeper scales of ``scales`` while each
        cuts the best estimate by :data:`AXIS_STEP_GAIN`, or gentler ones if the first steeper
        one did not (as the per-axis walk). Returns ``{scale: estimate}`` of the probes."""
        ladder = sorted({*scales, scale})
        start = ladder.index(scale)
        mine: dict[float, float] = {}
        for direction in (0, 1, -1):
            index, moved = start + direction, False
            while 0 <= index < len(ladder) and ladder[index] not in mine:
                # a rung solved already is read even when the run is done or the plan spent
                # (step 1m's first rung, :meth:`_modes_factors`, may have met the target)
                stage = self._same(activation, width, ladder[index])
                if stage is None:
                    if self._done() or not self.runs.fits(width):
                        return mine
                    stage = self._smooth("probe", activation, width, ladder[index])
                if stage is None:
                    return mine
                paid = not mine or AXIS_STEP_GAIN * stage.estimate <= min(mine.values())
                mine[ladder[index]] = stage.estimate
                if not paid or direction == 0:
                    break
                index, moved = index + direction, True
            if moved:
                break  # steeper paid: gentler will not
        return mine

    def _same(self, activation: str, width: int, scale: float):
        """A stage solved already with the basis that the next one would have (step 0's
        modes probe, met again by step 1m's walk), or None."""
        factors = self.axis_scales or axis_scales_of(self.settings)
        for st in self.runs.stages:
            if (
                st.kind == "probe"
                and st.activation == activation
                and st.width == width
                and st.scale == scale
                and st.axis_scales == factors
                and (st.aligned or 0.0) == self._fraction()
                and (st.modes or 0.0) == self._exact_modes()
                and (st.layers or 0.0) == self._across()
                and st.subdomains == self._cells()
            ):
                return st
        return None

    def _fraction(self) -> float:
        """The fraction of aligned features that the stages use now."""
        return float(self.runs._aligned(None) or 0.0)

    def _across(self) -> float:
        """The fraction of features across boundary layers that the stages use now."""
        return float(self.runs._layers() or 0.0)

    def _probe(
        self,
        activation: str,
        width: int,
        scales,
        unprobed: float = 4.0,
        reuse: Sequence[Stage | None] = (),
    ) -> float:
        """Solve at each scale, gentle to steep, until the estimate has turned
        (:func:`turned`); the gentlest scale within TIE of the best estimate, or ``unprobed``
        when no stage gave a finite one (none fitted in the plan, or every one failed). ``reuse``:
        stages of this width already solved at some of the scales with the factors in force
        (step 1p's, or the ladder's first rung), taken instead of solving them again."""
        results = []
        for scale in scales:
            same = [st for st in reuse if st is not None and (st.scale, st.width) == (scale, width)]
            if same:
                results.append(same[0])
                continue
            # Every stage after the very first is checked against the budget: a system's m
            # column blocks make the second probe width's first stage cost about (2m)^3 times
            # the first probe's (measured: Darcy, 3 unknowns, --time-limit 10 took 35 s).
            if self._done() or (self.runs.stages and not self.runs.fits(width)):
                break
            stage = self._smooth("probe", activation, width, scale)
            if stage is not None:
                results.append(stage)
                if turned([st.estimate for st in results]):
                    break
        finite = [st for st in results if math.isfinite(st.estimate)]
        if not finite:
            return unprobed
        best = min(st.estimate for st in finite)
        tied = [st.scale for st in finite if st.estimate <= TIE * best]
        return min(tied)

    def _aligned_probed(self) -> bool:
        """Whether step 1a' (:meth:`_probe_aligned`) probes aligned features: the settings
        leave them to the strategy, and the problem has constant characteristics or feet to
        draw them on. Aligned features are drawn by Box on one global basis (the settings
        refuse others)."""
        s = self.settings
        if s.aligned is not None or s.init != "box" or s.subdomains is not None or s.modes:
            return False
        return constant_characteristics(self.compiled) or feet_apply(self.compiled)

    def _waves_first(self) -> bool:
        """Whether the steepness ladder (step 1) runs its first rung only, as the plain
        basis' estimate that the aligned probe must beat, and the rest only if that probe
        loses: where the aligned features are a homogeneous system's plane waves, solved one
        column each (:func:`pinnls.numeric.waves.reducible`). They solve its equations, and a
        plain rung costs m columns per feature, m^2 times their factorization: elastic waves
        in five unknowns spent 42 of the 60 planned seconds on three plain rungs at width 512
        (14.2 each, all near 0.2) before their waves (0.7 each) reached 2.5e-2 at that width
        (docs/benchmarks.md, sections 50 and 51, under their cost model)."""
        return self._aligned_probed() and reducible(self.compiled)

    def _plain(self, width: int, activation: str) -> list[Stage]:
        """The probes of this width and activation so far without aligned features, modes,
        layers or cells, at the per-axis factors in force: rungs of the plain ladder."""
        factors = self.axis_scales or axis_scales_of(self.settings)
        return [
            st
            for st in self.runs.stages
            if st.kind == "probe"
            and st.width == width
            and st.activation == activation
            and not st.aligned
            and not st.modes
            and not st.layers
            and st.subdomains is None
            and st.axis_scales == factors
        ]

    def _gentler(self, activation: str, width: int, scale: float) -> float:
        """Step 1a'': below the ladder. When the plain basis was kept (no aligned features) at
        :data:`SCALES`' gentlest rung and its best estimate there is above
        :data:`SATURATION_FLOOR`, the rungs of :data:`GENTLE` are probed (with the per-axis
        factors kept), steep to gentle, while each cuts the best estimate by
        :data:`GENTLE_GAIN`. Returns the last rung that did, else ``scale``: unlike the
        ladder's ties, a gentler rung must pay to be chosen, since gentle bases saturate as
        they widen.

        Below the floor the solution is resolved and growth reaches the target at 1.5 (measured
        on the suite's advection-diffusion: 1.0 won at widths 512 and 1024, 9.8e-10 against
        2.5e-9, then stagnated at 1536, 3.6e-10 against 1.2e-10 at 1.5, and cost the run 4 s).
        Aligned features are not walked down: their steepness is :meth:`_probe_aligned`'s.
        """
        if scale != SCALES[0] or self._fraction() or self._exact_modes() or self._done():
            return scale
        # The factors the stages use: step 1a's, else the settings' own (as stages record them).
        factors = self.axis_scales or axis_scales_of(self.settings)
        probed = [
            st.estimate
            for st in self.runs.stages
            if st.kind == "probe"
            and st.width == width
            and st.activation == activation
            and st.axis_scales == factors
            and not st.aligned
            and st.scale in SCALES
        ]
        if not probed or min(probed) <= SATURATION_FLOOR:
            return scale
        best = min(probed)
        for rung in GENTLE:
            if self._done() or not self.runs.fits(width):  # with the factors kept (sized)
                break
            stage = self._smooth("probe", activation, width, rung)
            if stage is None or not GENTLE_GAIN * stage.estimate <= best:
                break
            best, scale = stage.estimate, rung
        return scale

    def _probe_layers(self, activation: str, width: int, scale: float) -> float:
        """Step 1d (after step 1a''): features across boundary layers. Where the problem has
        faces with a Dirichlet condition where a weak diffusion meets a flow leaving the box or
        a reaction (:meth:`~pinnls.operators.CompiledProblem.layers`), the steepness is
        walked again (:meth:`_walk`) with :data:`LAYERS` of the features across them
        (:func:`~pinnls.numeric.initialization.initialize`'s ``across``) and the interior
        clouds scattered (Sobol: :meth:`~pinnls.training.stages.Stages.sized`);
        kept (:attr:`layers`, with its scale) if it beats the basis chosen so far by
        :data:`AXIS_GAIN`. A layer is possible, not certain: data that the flow carries out
        without a turn has none, and the walk loses (then only its probes were spent). Only
        when ``layers`` was not given, on a global Box basis that does not sit on the feet of
        characteristics (there the first layer sees the feet, not the box).

        Returns
        -------
        float
            The scale to go on with: the walk's best when the layers were kept, else
            ``scale``.
        """
        s = self.settings
        if s.layers is not None or s.init != "box" or s.subdomains is not None:
            return scale
        if self._exact_modes():
            # Features across layers take envelopes of their own, which the modes' rows hold
            # already: the settings refuse the two together.
            return scale
        if self._fraction() and feet_apply(self.compiled):
            return scale
        if self._done() or not self.compiled.layers():
            return scale
        factors = self.axis_scales or axis_scales_of(self.settings)
        without = self._estimates(width, scale, factors, aligned=self._fraction())
        if not without:
            return scale
        self.layers = LAYERS
        mine = self._walk(activation, width, scale)
        if mine:
            trial = min(mine, key=mine.get)
            if AXIS_GAIN * mine[trial] <= min(without):
                return trial
        self.layers = None
        return scale

    def _probe_local(self, activation: str, width: int, scale: float) -> None:
        """Step 1c: a local basis on one axis. When the problem has at most
        :data:`LOCAL_MAX_DIM` axes, the plain basis kept a steep rung of the ladder (at least
        :data:`LOCAL_MIN_SCALE`, and still unresolved; neither aligned features nor features
        across boundary layers, which cells do not draw) and the target is not met, a local
        basis of ``width // LOCAL_FEATURES`` cells (the same steepness, the same clouds) is
        probed at ``width``; its cells are kept for every later stage if it beats the best
        global stage at this width by :data:`AXIS_GAIN`. Not when the settings fix the cells
        (nor the width or the steepness, which skip the second probe width)."""
        s = self.settings
        if (
            len(self.compiled.axes) > LOCAL_MAX_DIM
            or scale < LOCAL_MIN_SCALE
            or self._fraction()
            or self._across()
            or self._exact_modes()
            or s.subdomains is not None
            or self.compiled.interfaces  # split at its interfaces instead
            or self._done()
            or not self.runs.fits(width)
        ):
            return
        plain = [
            st.estimate
            for st in self.runs.stages
            if st.width == width and st.activation == activation and st.subdomains is None
        ]
        if not plain:
            return  # nothing to beat at this width
        cells = str(width // LOCAL_FEATURES)
        stage = self.runs.smooth("probe", activation, width, scale, subdomains=cells)
        if stage is not None and AXIS_GAIN * stage.estimate <= min(plain):
            self.subdomains = cells

    def _probe_chain(self, activation: str, scale: float) -> list[int] | None:
        """Step 1e: a chain of cells along the steepest axis (:data:`CHAIN_RATIO`).

        On :data:`CHAIN_MIN_DIM` axes or more, where step 1a kept per-axis factors with one
        axis at least :data:`CHAIN_RATIO` times steeper than each other, and the target is not
        met, that axis is cut into K cells (the ratio of its factor to the next steepest,
        within :data:`CHAIN_CELLS`) of the first of :data:`CHAIN_FEATURES` features each,
        probed with the kept factors and with the cut axis one factor step (:data:`AXIS_STEP`)
        gentler (the cells are narrower along it). The better is kept, cells and factors, for every
        later stage, if its estimate beats every stage so far; growth then walks the features
        per cell. Not with aligned features or features across layers (cells draw neither),
        nor where the settings fix the cells, the width, the depth or the least-squares
        method, nor under ``--nproc`` (the chain's banded QR runs in one process), nor where a
        row reads cells along the axis that are not neighbours (:func:`pinnls.memory.rows_apart`).

        Returns
        -------
        list of int or None
            The widths growth walks (K times each features count), None when no chain is kept.
        """
        s = self.settings
        axes = self.compiled.axes
        factors = self.axis_scales
        if (
            len(axes) < CHAIN_MIN_DIM
            or not factors
            or self._fraction()
            or self._across()
            or self._exact_modes()
            or s.subdomains is not None
            or s.width is not None
            or s.depth != 1
            or s.nproc != 1
            or s.least_squares != "cod"
            or self.compiled.interfaces
            or self._done()
            or self.runs.best is None
        ):
            return None
        # Steepness as step 1a found it, over the box's proportions it started from: a long box
        # whose features are as steep per metre every way is not a solution steeper along it.
        start = self.baseline or {}
        steepness = sorted(
            ((factors.get(a, 1.0) / start.get(a, 1.0), a) for a in axes), reverse=True
        )
        (top, axis), (second, _) = steepness[0], steepness[1]
        if top < CHAIN_RATIO * second:
            return None
        low, high = CHAIN_CELLS
        cells = min(high, max(low, round(top / second)))
        subdomains = f"{axis}={cells}"
        if not self.runs.chain(subdomains):  # rows that read cells apart: no chain to solve
            return None
        width = cells * CHAIN_FEATURES[0]
        gentler = {**factors, axis: factors.get(axis, 1.0) / AXIS_STEP}
        before = self._best_without_modes()
        best = None
        for trial in (dict(factors), _kept(gentler) or {}):
            if self._done():
                break
            if not self.runs.fits(width, trial, subdomains):
                continue  # the gentler factor's clouds may be smaller
            stage = self.runs.smooth(
                "probe", activation, width, scale, axis_scales=trial, subdomains=subdomains
            )
            if stage is not None and (best is None or stage.estimate < best[0]):
                best = (stage.estimate, trial)
        if best is None or best[0] >= before:
            return None
        self.subdomains = subdomains
        self.axis_scales = best[1] or None
        return [cells * features for features in CHAIN_FEATURES]

    def _contest(self, scale: float) -> list[float]:
        """The scales probed at the second probe width: the chosen one, and the next steeper
        one if its estimate at the first probe width was within :data:`CONTEST` of the
        chosen one's (a close contest, which the wider basis may decide the other way). The
        gentler neighbour is not probed: it won at width 1024 on none of the measured problems
        (docs/benchmarks.md, "Fewer probes")."""
        # The ladder's stages: the plain ladder ran at the baseline (the per-axis probe's
        # other factors are not its); an aligned ladder or a walk of modes ran at the factors
        # in force then, which are those now (no later step moves them): the baseline after
        # aligned features (which drop step 1a's factors), else the box's or step 1a's.
        # Without the box's proportions a walk of modes is read at the settings' own, as
        # before this rule: where step 1a kept factors on a cube the contest then finds no
        # walk of modes to contest (left as it was measured; docs/benchmarks.md section 47).
        plain = not self._fraction() and not self._exact_modes()
        if plain:
            ladder = self.baseline
        else:
            # (a walk of modes at step 0's factors, :meth:`_modes_factors`, is read at them)
            taken = self._modes_zero and self._exact_modes()
            ladder = self.axis_scales if self.baseline is not None or taken else None
        ladder = ladder or axis_scales_of(self.settings)
        first = {
            st.scale: st.estimate
            for st in self.runs.stages
            if st.kind == "probe"
            and st.axis_scales == ladder
            and st.scale is not None
            and st.aligned == self._fraction()
            and st.layers == self._across()
            and st.modes == self._exact_modes()
        }
        steeper = [sc for sc in self._scales() if sc > scale and sc in first]
        if steeper and scale in first and first[steeper[0]] <= CONTEST * first[scale]:
            return [scale, steeper[0]]
        return [scale]

    def _kinks_suspected(self, activation: str) -> bool:
        if not self._relu_allowed() or self.runs.best is None or self.runs.best.estimate <= POOR:
            return False
        by_width: dict[int, float] = {}
        for st in self.runs.stages:
            if st.activation == activation:
                by_width[st.width] = min(by_width.get(st.width, math.inf), st.estimate)
        widths = sorted(by_width)
        if len(widths) < 2:
            return False
        return by_width[widths[-2]] < self._slow() * by_width[widths[-1]]

    def _slow(self) -> float:
        """The gain of a width doubling below which kinks are suspected: :data:`SLOW` on up to
        :data:`IMPROVEMENT_AXES` axes, ``SLOW ** (2 / d)`` on d > 2 axes, as for growth
        (:meth:`_improvement`): a smooth solution's estimate falls less per doubling in more
        dimensions. With SLOW on three axes, a smooth system was taken for kinked (acoustics in
        a duct: 0.029 to 0.0077 from 512 to 1024, 3.8x) and its ReLU stage, estimate 0.49, took
        a quarter of the remaining plan (12.1 of 60 planned seconds); without it the run reached
        7.1e-05 where it had stopped at 2.5e-04 (docs/benchmarks.md, section 52)."""
        dim = len(self.compiled.axes)
        return SLOW ** (IMPROVEMENT_AXES / max(dim, IMPROVEMENT_AXES))

    def _relu_allowed(self) -> bool:
        # Piecewise-linear functions have no second derivatives, and an explicit family wins.
        return self.compiled.order <= 1 and self.settings.activation in (None, "relu")

    def _done(self) -> bool:
        if not self.runs.stages:
            return False  # the first stage always runs: a solve returns a solution
        target = self.settings.tol if self.settings.tol > 0 else ROUNDOFF
        if self.runs.best is not None and self.runs.best.estimate <= target:
            self.stop_reason = "tol" if self.settings.tol > 0 else "converged"
            return True
        if self.runs.remaining() <= 0 or self.runs.budget.spent():
            self.stop_reason = self._spent_reason()
            return True
        return False

    def _spent_reason(self) -> str:
        """``time_limit`` when the hard stop ended the run (the clock), ``memory`` when the
        next width would not fit in memory, else ``budget`` (the plan is spent, or no further
        stage fits in it)."""
        budget = self.runs.budget
        if budget.spent() or (budget.deadline is not None and budget.wall_left() <= 0):
            return "time_limit"
        if not all(self.runs.fits_memory(w) for w in self._next_widths()):
            return "memory"
        if any(
            self.runs.past_deadline(self.runs.predict(w), self._cells())
            for w in self._next_widths()
        ):
            return "time_limit"
        return "budget"

    def _next_widths(self) -> list[int]:
        """The width growth would take next: on its ladder (a chain's own, step 1e), past the
        widest stage of the cells to come."""
        cells = self._cells()
        done = [
            st.width for st in self.runs.stages if st.kind != "kinks" and st.subdomains == cells
        ]
        return [w for w in self._ladder if w > max(done, default=0)][:1]

    def _kinks(self, whole_budget: bool) -> None:
        """The LSGD ReLU stage: the whole budget when ReLU was asked for, else a quarter of what
        is left (at least 5 s): the paper's hat problem reaches 1e-6 in about 300 iterations,
        2-5 s here."""
        remaining = self.runs.remaining()
        limit = remaining if whole_budget else min(remaining, max(5.0, 0.25 * remaining))
        width = self.settings.width if whole_budget and self.settings.width else RELU_WIDTH
        self.runs.relu(width, limit)


def slab_profile(whole: Solution, axis: int, split: Plan, seed: int) -> Callable[[Plan], float]:
    """How the single basis's residual spreads over the windows of a split of the time axis
    (:func:`pinnls.training.validation.time_profile`, the terms on the initial face left out):
    ``spread(split)`` is 1 for a residual spread evenly, more where later windows hold more.

    Parameters
    ----------
    whole : Solution
        The probe on the whole interval.
    axis : int
        The time axis.
    split : Plan
        Any split of the interval: its carried (initial-face) terms are left out.
    seed : int

    Returns
    -------
    callable
        ``spread(split) -> float``; 1.0 for every split where the residual cannot be measured
        on fresh points.
    """
    profile = time_profile(
        whole.compiled, whole.basis, whole.coefficients, seed, axis, split.initial
    )
    if profile is None:
        return lambda split: 1.0
    return lambda split: profile(split.bounds)


def constant_characteristics(compiled) -> bool:
    """Whether the problem has characteristics
    (:meth:`~pinnls.operators.CompiledProblem.characteristics`: a flow, or a wave operator's
    cone) that are the same at 64 random points of its box
    (:meth:`~pinnls.operators.CompiledProblem.constant_characteristic`).

    Only constant ones are probed with aligned features: every aligned feature then solves
    the principal part exactly. A variable flow aligns a feature at its own point only, and
    measured, such bases win at the probe width but saturate as they grow (advection_variable,
    u_t + x u_x = 0: estimates 9.5e-6 against 4.3e-4 at width 512, then stagnation by width
    1536 at rel L2 1.04e-6, where the plain basis grows to 1.16e-10 at 3072).
    """
    return compiled.constant_characteristic() is not None


def feet_apply(compiled) -> bool:
    """Whether aligned features are drawn on the feet of a flow's characteristics
    (:func:`pinnls.training.initial.foot_map`): a transport equation whose velocity varies,
    or that has a reaction term, with expression programs and an axis of constant
    coefficient (time, where it has one) to parametrize the characteristics. Such features
    solve the equation's principal part to the feet's RK4 error (measured at width 1024:
    solid-body rotation 7.5e-7 and the shear flow 1.8e-9 in 3-4 s, where the plain basis
    reached 5.35e-3 and 4.47e-3 in the 60-second plan), and with a reaction term the whole
    homogeneous equation (the features times its envelope; advection_reaction 2.7e-12 at
    width 512)."""
    from pinnls.training.initial import foot_map

    return foot_map(compiled) is not None


def all_scales() -> tuple[float, ...]:
    """Every steepness that the strategy may choose, gentle to steep: :data:`GENTLE`, then
    :data:`SCALES` (a saturated basis moves one rung steeper along it)."""
    return tuple(sorted(GENTLE)) + SCALES


def saturated(stage) -> bool:
    """Whether a stage's basis has grown collinear: its least-squares rank below
    :data:`SATURATED` times its columns (False for None, or when the columns are unknown).

    Parameters
    ----------
    stage : Stage or None
    """
    return stage is not None and stage.columns > 0 and stage.rank < SATURATED * stage.columns


def turned(estimates: list[float]) -> bool:
    """Whether the steepness ladder has turned for good: its last two estimates each worse than
    the one before, and the last :data:`TURNED` times the best or worse, or
    :data:`TURNED_FIRST` times where the best is the first estimate.

    Parameters
    ----------
    estimates : list of float
        The probe's estimates so far, gentle to steep.

    Returns
    -------
    bool
        True when the ladder should stop (fewer than three estimates never stop it).
    """
    if len(estimates) < 3:
        return False
    before, previous, last = estimates[-3:]
    best = min(estimates)
    factor = TURNED_FIRST if estimates[0] == best else TURNED
    return before < previous < last and last >= factor * best


def _axis_groups(axes: tuple[str, ...], time_axis: int | None) -> list[tuple[str, ...]]:
    """The groups of axes whose steepness the per-axis probe moves together, in order: with a
    time axis, space against time (all space axes, then time), then each space axis alone
    when there are two or more; without one, each axis alone."""
    if time_axis is None:
        return [(axis,) for axis in axes]
    space = tuple(axis for j, axis in enumerate(axes) if j != time_axis)
    groups = [space, (axes[time_axis],)]
    if len(space) > 1:
        groups += [(axis,) for axis in space]
    return groups


#: Space axes whose lengths differ by less than this ratio count as equal (:func:`box_factors`):
#: features 5% steeper one way than the other are not worth step 1p's probe.
BOX_RATIO = 1.1


def box_factors(compiled) -> dict[str, float] | None:
    """Per-axis factors that make a feature as steep per unit of length along every space axis
    (the basis works on the box scaled to the unit cube, where a box of [0, 2] x [0, 1] x
    [0, 0.5] would otherwise get features four times as steep per unit of length along z as
    along x); the time axis keeps 1, since a second and a metre do not compare.

    Parameters
    ----------
    compiled : CompiledProblem
        Its ``axes``, ``time_axis`` and box (``lower``, ``upper``: the bounding box of a shape).

    Returns
    -------
    dict of str to float, or None
        Each space axis's length over the geometric mean of the space axes' lengths, to three
        significant digits; None with fewer than two space axes, or where the longest is less
        than :data:`BOX_RATIO` times the shortest.
    """
    axes = compiled.axes
    space = [j for j in range(len(axes)) if j != compiled.time_axis]
    if len(space) < 2:
        return None
    lengths = [float(compiled.upper[j] - compiled.lower[j]) for j in space]
    if max(lengths) < BOX_RATIO * min(lengths):
        return None
    mean = math.exp(sum(math.log(v) for v in lengths) / len(lengths))
    factors = {axes[j]: float(f"{v / mean:.3g}") for j, v in zip(space, lengths)}
    return _kept(factors)


def _kept(factors: dict[str, float]) -> dict[str, float] | None:
    """The factors that are not 1, in axis order; None when all are 1 (isotropic)."""
    kept = {axis: value for axis, value in factors.items() if value != 1.0}
    return kept or None
