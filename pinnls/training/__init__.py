"""Training: strategies that turn a compiled problem into a :class:`~pinnls.solution.Solution`.

Each strategy is a small module with a ``run`` function (:data:`STRATEGIES` maps
``settings.optimizer`` to it); they share the run loop of :mod:`~pinnls.training.loop`, the
chunked passes over the system of :mod:`~pinnls.training.chunks`, and the checkpoints of
:mod:`~pinnls.checkpoint`, and take the solve's :class:`~pinnls.training.budget.Budget`.
Adding a strategy is a new module plus its one entry in :data:`pinnls.registry.STRATEGIES`.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Mapping
from typing import Any

from pinnls import registry
from pinnls.checkpoint import read
from pinnls.errors import PinnlsError, collected_warnings, warn
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings, refuse_flat_derivatives
from pinnls.solution import Solution
from pinnls.time_slabs import plan
from pinnls.training import collectives, inverse, launcher, slabs
from pinnls.training.budget import Budget
from pinnls.training.diagnostics import (
    warn_coarse_clouds,
    warn_free_constants,
    warn_hidden_terms,
    warn_underdetermined,
    warn_undetermined,
    warn_unequated,
)
from pinnls.training.initial import DTYPES, build_basis, resolve_device
from pinnls.training.loop import TrainingInterrupted
from pinnls.training.stages import scattered_interior
from pinnls.training.validation import fresh_residuals

__all__ = [
    "solve",
    "build_basis",
    "resolve_device",
    "TrainingInterrupted",
    "DTYPES",
    "STRATEGIES",
]

#: ``settings.optimizer`` -> the strategy's ``run(compiled, settings, callback=..., resume=...,
#: budget=...)``, each loaded from its one registration in :data:`pinnls.registry.STRATEGIES`.
STRATEGIES: dict[str, Callable[..., Solution]] = {
    name: entry.load() for name, entry in registry.STRATEGIES.items()
}


def solve(
    compiled: CompiledProblem,
    settings: Settings | Mapping[str, Any] | None = None,
    callback: Callable[[dict], None] | None = None,
    resume: str | os.PathLike | Mapping[str, Any] | None = None,
) -> Solution:
    """Train a network on a compiled problem.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings or mapping, optional
        ``settings.optimizer`` chooses the strategy (:data:`STRATEGIES`).
    callback : callable, optional
        Called after every recorded iteration with a dict: ``iteration``, ``iterations``,
        ``loss``, ``terms`` (per-term losses), ``error`` (rel L2, NaN when not measured),
        ``rank``, ``wall``, and ``checkpoint``: a function of no arguments that returns the
        state just recorded as a checkpoint to resume from (with time slabs, the whole run's),
        to be called during the callback (``pinnls solve`` writes its periodic checkpoints
        with it, :class:`pinnls.saving.PeriodicCheckpoints`). The automatic strategy calls
        it after every stage with the same keys but ``checkpoint`` (``iteration`` counts
        stages, ``iterations`` is None) plus ``stage``, ``index``, ``width``, ``activation``,
        ``scale``, ``estimate``, ``best`` and ``rows``, and passes its LSGD stage's iteration
        events on with ``stage`` set to ``kinks-iteration``.
    settings.nproc : int
        More than 1 (or a torchrun environment) shares the rows among processes
        (:mod:`~pinnls.training.launcher`): this process is rank 0 and returns the Solution.
    resume : str, path-like or mapping, optional
        A checkpoint file, or a checkpoint in memory (:meth:`Solution.checkpoint`). It is
        checked against this problem and these settings first
        (:func:`pinnls.checkpoint.check`); training then continues from it and ends
        where an uninterrupted run with the same settings would.

    Returns
    -------
    Solution
        ``coefficients`` (m * size,) (a block per unknown) and the ``basis``, evaluable on (n,
        d) points.

    Raises
    ------
    CheckpointError
        ``resume`` is missing, unreadable, or made for another problem, other terms or other
        settings (the file is left as it is).
    SolverError
        NaN or Inf in the loss or the parameters (``stop_reason`` ``diverged``), or a failed
        least-squares solve (:class:`~pinnls.errors.LeastSquaresError`,
        ``least_squares_failed``); ``error.solution`` holds the last good state (``complete``
        is False).
    TrainingInterrupted
        Ctrl-C; ``error.solution`` holds the last finished iteration.
    SettingsError
        ``nproc`` more than the CUDA devices, or not torchrun's world size (one line).
    """
    with collected_warnings() as messages:
        try:
            solution = _solve(compiled, settings, callback, resume)
        except BaseException as error:
            # a partial solution saved on the way out keeps what was warned of too
            partial = getattr(error, "solution", None)
            if isinstance(partial, Solution):
                partial.warnings = list(dict.fromkeys(messages))
            raise
    # each once, in order, as stderr shows a warning once per place
    solution.warnings = list(dict.fromkeys(messages))
    return solution


def _solve(compiled, settings, callback, resume) -> Solution:
    """:func:`solve`, whose warnings it collects."""
    if settings is None and compiled.settings is not None:
        settings = compiled.settings  # the settings it was compiled with
    if not isinstance(settings, Settings):
        settings = Settings.from_mapping(settings or {})
    resolve_device(settings.device)
    refuse_flat_derivatives(compiled, settings)
    if settings.optimizer != "auto":
        settings = settings.fixed()
        warn_underdetermined(compiled, settings)
    warn_undetermined(compiled)
    warn_unequated(compiled)
    warn_free_constants(compiled)
    if settings.particular:
        # u = u_p + w: the network fits w, whose equation is homogeneous (pinnls.particular)
        compiled = compiled.with_particular()
    marching = settings.time_slabs is not None and settings.time_slabs > 1
    if marching:
        plan(compiled, settings.time_slabs)  # a problem that cannot march fails here
    state = None if resume is None else read(resume, compiled, settings)
    try:
        if settings.nproc > 1 or collectives.under_torchrun() or collectives.active():
            # Rows shared by processes; on torchrun's ranks other than 0 this exits quietly.
            solution = launcher.run(dispatch, compiled, settings, callback, state)
        else:
            solution = dispatch(compiled, settings, callback=callback, resume=state)
    except TrainingInterrupted as interrupt:
        _attach_validation(interrupt.solution)
        raise
    except PinnlsError as error:
        partial = getattr(error, "solution", None)
        if partial is not None:
            _attach_validation(partial)
        raise
    if inverse.needed(compiled):
        # The weight scan and the covariance are part of the solve the user waited for: the
        # report's wall time and the done line include them (they can take longer than the
        # stages on a wide basis).
        started = time.perf_counter()
        inverse.finish(solution)
        solution.wall += time.perf_counter() - started
    _attach_validation(solution)
    warn_coarse_clouds(solution)
    warn_hidden_terms(solution)
    return solution


def dispatch(compiled, settings: Settings, callback=None, resume=None) -> Solution:
    """The strategy of ``settings.optimizer``, marched over time slabs when a fixed strategy
    is given ``time_slabs > 1`` (auto decides its own); what every process of ``--nproc``
    runs."""
    strategy = STRATEGIES[settings.optimizer]
    budget = Budget.of(settings)  # the one budget of this solve; parts of it are handed down
    if settings.optimizer != "auto" and scattered_interior(
        compiled, layers=settings.layers, aligned=settings.aligned
    ):
        # Only the interior clouds become Sobol clouds; the others stay as they are (auto
        # sizes its own).
        scattered = compiled.refined(lambda term: term.size, seed=settings.seed, scatter=True)
        terms = tuple(
            new if new.cloud is not None and new.cloud.interior else old
            for old, new in zip(compiled.terms, scattered.terms, strict=True)
        )
        compiled = dataclasses.replace(scattered, terms=terms)
    marching = settings.time_slabs is not None and settings.time_slabs > 1
    if marching and settings.optimizer != "auto":
        return slabs.run(
            compiled, settings, strategy, callback=callback, resume=resume, budget=budget
        )
    return strategy(compiled, settings, callback=callback, resume=resume, budget=budget)


def _attach_validation(solution: Solution) -> None:
    """Every solve ends with its error estimate from fresh points (auto has it already; slabs
    have one per slab, joined)."""
    if solution.validation is not None or solution.slabs:
        return
    try:
        solution.validation = fresh_residuals(
            solution.compiled, solution.basis, solution.coefficients, solution.settings.seed
        )
    except (PinnlsError, RuntimeError, ValueError) as error:
        # The estimate must never cost the training it judges (a partial solution after a
        # divergence may not evaluate); say that it is missing rather than fail the run.
        warn(
            f"no validation estimate for this solve: {type(error).__name__}: {error}",
        )
