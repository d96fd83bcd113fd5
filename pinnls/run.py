"""The one run path of ``pinnls solve`` and the Python API: plan, solve, save.

1. :func:`prepare` refuses, before anything is allocated, a run whose training (and results)
   cannot fit in memory, and an exact solution that is not finite on the evaluation grid.
2. :func:`solve_and_save` trains (:func:`pinnls.training.solve`) and, when given a run folder,
   saves the checkpoint and every result file as one run (:func:`pinnls.saving.save`), the
   partial state of an interrupted or failed training included.

``pinnls solve`` adds only what belongs to a terminal: the folder's lock taken before training,
SIGTERM, the progress bar and the printed lines. :func:`pinnls.solve` and
:meth:`Solution.save <pinnls.solution.Solution.save>` call the same functions, so a Python user
gets the same guarantees.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from pinnls import saving, training
from pinnls.errors import PinnlsError, ProblemError
from pinnls.io import DEFAULT_FRAMES, FORMATS
from pinnls.io.runfolder import RunFolder
from pinnls.memory import require, training_need, writing_need
from pinnls.numeric.waves import reducible, solved_columns
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings, refuse_flat_derivatives
from pinnls.training import TrainingInterrupted
from pinnls.training.auto import PROBE_WIDTHS
from pinnls.transport import require_well_posed

__all__ = ["prepare", "given_waves", "check_exact_on_grid", "solve_and_save", "follow"]


def prepare(compiled: CompiledProblem, settings: Settings, formats: Iterable[str] = ()) -> None:
    """Refuse, before training, what the run could not finish.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
    formats : iterable of str
        The result files that will be written (none: training alone is planned).

    Raises
    ------
    SettingsError
        A piecewise-linear activation where a term takes second derivatives
        (:func:`pinnls.settings.refuse_flat_derivatives`).
    MemoryPlanError
        The training, or the training and then the results, would not fit in memory.
    ProblemError
        The exact solution is not finite on the evaluation grid, or a first-order transport
        problem has inflow that no condition covers (:func:`pinnls.transport.require_well_posed`,
        which also warns of conditions where the flow only leaves).
    """
    refuse_flat_derivatives(compiled, settings)
    require_well_posed(compiled)
    formats = tuple(formats)
    # The automatic strategy owns the width it starts from when the settings leave it open.
    need = training_need(
        compiled, settings, open_width=PROBE_WIDTHS[0], solved=given_waves(compiled, settings)
    )
    if formats:
        need = need + writing_need(compiled, settings, formats, open_width=PROBE_WIDTHS[0])
    require(need, "this run")
    check_exact_on_grid(compiled, settings)


def given_waves(compiled: CompiledProblem, settings: Settings) -> int | None:
    """The least squares' columns where the settings themselves make the stage of a system's
    plane waves solved one column each (:func:`pinnls.numeric.waves.solved_columns`), for the
    plan before the run: aligned features given, on one plain hidden layer with no features
    across layers, least squares alone (the automatic strategy's smooth stages, or ``lsgd``
    with no gradient step: a step keeps every column), on a
    :func:`~pinnls.numeric.waves.reducible` system; None otherwise (every column counted,
    and the automatic strategy's stages then count their own). The rerun of a report's
    settings (``--optimizer lsgd``, iterations 0, aligned 1) on 2-D elastic waves at width 2048
    was refused for 25.9 GB, its chunk counted in 10,245 columns where the least squares
    assembles 4,102 (the solved columns and one unknown's block).

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings

    Returns
    -------
    int or None
    """
    if settings.optimizer == "auto":
        # a ReLU run is the LSGD stage, whose gradient steps keep every column
        width, steps = settings.width or PROBE_WIDTHS[0], int(settings.activation == "relu")
    elif settings.optimizer == "lsgd":
        fixed = settings.fixed()
        width, steps = fixed.width, fixed.iterations
    else:
        # adam and gd read their loss at coefficients the reduction does not contract, in
        # every column, even without a step (chunks.py), beside the reduced chunk of the rank
        return None
    if steps or not settings.aligned or settings.layers:
        return None
    if settings.depth not in (None, 1) or settings.arch != "plain":
        return None
    if not reducible(compiled):
        return None
    constant = settings.constant in (None, True)
    return solved_columns(compiled, width, settings.aligned, constant)


def check_exact_on_grid(compiled: CompiledProblem, settings: Settings) -> None:
    """Refuse an exact solution that is not finite on the evaluation grid: the errors of the
    run could not be measured (they would silently be null). On a box, points where two or
    more faces meet are allowed to be undefined (data that disagree there); the errors leave
    them out and count them.

    Raises
    ------
    ProblemError
        Naming the first such point and how many there are.
    """
    if compiled.exact is None:
        return
    per_axis = settings.grid_points(compiled.dim)
    _, points = compiled.grid(per_axis)
    if compiled.region is not None:  # a shape: its inside only
        points = points[compiled.contains(points)]
    with np.errstate(all="ignore"):
        values = np.asarray(compiled.exact(points), dtype=np.float64)
    bad = ~np.isfinite(values)
    if compiled.region is None and bad.any():
        # Where two faces meet, data that disagree (a rod at 0 whose end is suddenly held at 1)
        # leave the exact solution undefined: erfc(x / (2 sqrt(t))) at x = t = 0. Those points
        # are left out of the errors (report.json's undefined_points counts them); anywhere
        # else a non-finite value is a fault of the exact solution.
        lower = np.asarray(compiled.lower, dtype=np.float64)
        upper = np.asarray(compiled.upper, dtype=np.float64)
        faces = (points == lower).sum(axis=1) + (points == upper).sum(axis=1)
        edge = (faces >= 2).reshape((-1,) + (1,) * (values.ndim - 1))
        bad = bad & ~edge
    if bad.any():
        first = np.argmax(bad.reshape(values.shape[0], -1).any(axis=1))
        where = ", ".join(f"{a}={v:g}" for a, v in zip(compiled.axes, points[first]))
        raise ProblemError(
            f"the exact solution is not finite at {int(bad.sum())} of the {bad.size} points "
            f"of the evaluation grid (first at {where}: {values[first]}); the errors "
            f"could not be measured; fix the exact solution or choose --eval-points "
            f"(now {per_axis}) so that the grid misses its singularities"
        )


def solve_and_save(
    compiled: CompiledProblem,
    settings: Settings,
    folder: RunFolder | str | os.PathLike | None = None,
    *,
    formats: str | Iterable[str] = FORMATS,
    metadata: Mapping[str, Any] | None = None,
    frames: int = DEFAULT_FRAMES,
    callback: Callable[[dict], None] | None = None,
    resume: Any = None,
    prepared: bool = False,
    checkpoint_every: float | None = None,
):
    """Train, then save the checkpoint and the results as one run.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
    folder : RunFolder, path-like or None
        Where the results go (a held :class:`~pinnls.io.runfolder.RunFolder`, or a path locked
        for the save); None trains only.
    formats, metadata, frames
        As :func:`pinnls.saving.save` takes them.
    callback, resume
        As :func:`pinnls.training.solve` takes them.
    prepared : bool
        The caller ran :func:`prepare` already (``pinnls solve`` does, before it creates the
        output folder).
    checkpoint_every : float, optional
        With a held :class:`~pinnls.io.runfolder.RunFolder` and a fixed strategy (lsgd, adam,
        gd; the automatic strategy does not resume), stage a checkpoint every so many seconds
        of training (:class:`pinnls.saving.PeriodicCheckpoints`), so that a run killed outright
        loses at most that much; None or 0: none.

    Returns
    -------
    (Solution, dict of str to Path or None)
        The solution, and the files written (None without a folder).

    Raises
    ------
    TrainingInterrupted
        Ctrl-C or SIGTERM during training: the last finished iteration is saved first (partial
        results, ``complete=false``), and ``error.written`` lists the files.
    SolverError
        Training broke down: its partial state is saved first, and the message says where.
    ResultsNotWrittenError, WriteInterrupted
        As :func:`pinnls.saving.save` raises them.
    """
    if isinstance(formats, str):
        from pinnls.io import parse_formats

        formats = parse_formats(formats)
    if not prepared:
        prepare(compiled, settings, formats if folder is not None else ())
    if checkpoint_every and isinstance(folder, RunFolder) and settings.optimizer != "auto":
        callback = saving.PeriodicCheckpoints(
            folder, checkpoint_every, (metadata or {}).get("problem_sha256"), callback
        )
    try:
        solution = training.solve(compiled, settings, callback=callback, resume=resume)
    except TrainingInterrupted as interrupt:
        interrupt.written = None
        if folder is not None:
            interrupt.written = saving.save(interrupt.solution, folder, formats, metadata, frames)
        raise
    except PinnlsError as error:
        partial = getattr(error, "solution", None)
        if partial is None or folder is None:
            raise
        saving.save(partial, folder, formats, metadata, frames)
        out = folder.out if isinstance(folder, RunFolder) else Path(folder)
        raise type(error)(f"{error}; partial results (complete=false) are in {out}/") from error
    if folder is None:
        return solution, None
    return solution, saving.save(solution, folder, formats, metadata, frames)


def follow(
    compiled: CompiledProblem, settings: Settings, resume: Mapping[str, Any] | None = None
) -> int:
    """Train as one of torchrun's ranks other than 0 (:func:`pinnls.training.launcher.follower`):
    no output folder, no printing, no warnings (rank 0 has them all); the exit code, 0.

    ``pinnls solve`` calls this on such a rank instead of taking the output folder.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            training.solve(compiled, settings, resume=resume)
        except SystemExit as leaving:
            return int(leaving.code or 0)
    return 0
