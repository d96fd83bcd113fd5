"""Checkpoints: the state a training run resumes from.

A checkpoint is a dict of tensors and plain Python values, so that it loads with
``torch.load(weights_only=True)`` (no code runs while loading):

``basis``
    the basis's ``state_dict`` (CPU tensors);
``coefficients``
    the last layer c, (m * size,) CPU tensor (one block per unknown);
``optimizer``
    the optimizer's ``state_dict``, or None where no gradient step was taken (a fresh
    optimizer is then the state);
``iteration``, ``history``, ``wall``
    gradient steps taken, :meth:`History.state`, seconds of training so far;
``settings``, ``problem``
    :meth:`Settings.to_dict` and the compiled problem's name;
``problem_sha256``
    the problem file's sha256 when known (else None);
``unknowns``
    the unknowns' names (a checkpoint without them, an older one, has one unknown);
``resumable``
    False for the automatic strategy's training (its settings are the chosen stage's, and
    ``--resume`` refuses the automatic strategy), True otherwise (a checkpoint without it, an
    older one, is taken as resumable): :func:`resumable` reads it;
``slabs``
    with time slabs only: one entry per slab begun, in order, with the keys above for that
    slab (its own ``settings``, as the automatic strategy may choose per slab) plus
    ``complete``, ``stop_reason``, ``rank`` and ``condition``. The top-level keys are then the
    last slab's, with the run's settings.

A run resumes from a checkpoint only when it is the same problem with the same terms and the
same settings, except those in :data:`RESUMABLE_CHANGES`; :func:`check` says what differs.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import torch

from pinnls.errors import CheckpointError
from pinnls.history import History
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings

__all__ = [
    "RESUMABLE_CHANGES",
    "build",
    "check",
    "entry",
    "joined",
    "load",
    "read",
    "restore",
    "resumable",
    "resumes",
    "save",
    "write",
]

log = logging.getLogger(__name__)

#: Settings a resumed run may change: they only decide when training stops, or where (and on
#: how many processes) it runs (``budget`` is the automatic strategy's plan, which a fixed
#: strategy, the one that resumes, never reads).
RESUMABLE_CHANGES = frozenset(
    {"iterations", "tol", "time_limit", "budget", "eval_every", "device", "nproc"}
)

_REQUIRED = ("settings", "basis", "coefficients", "optimizer", "iteration", "history")


def build(solution, problem_sha256: str | None = None) -> dict[str, Any]:
    """The checkpoint of a solution (see the module docstring for the keys).

    Parameters
    ----------
    solution : Solution
    problem_sha256 : str, optional
        The problem file's sha256, so that a resume can tell when the file changed.
    """
    if solution.slabs:
        entries = [entry(piece) for piece in solution.slabs]
        state = joined(entries, solution.settings, solution.compiled.name, problem_sha256)
        state["resumable"] = resumes(solution)
        return state
    return {
        "basis": {k: v.detach().cpu() for k, v in solution.basis.state_dict().items()},
        "coefficients": solution.coefficients.detach().cpu(),
        "optimizer": solution.optimizer_state,
        "iteration": solution.iterations,
        "history": solution.history.state(),
        "wall": solution.wall,
        "settings": solution.settings.to_dict(),
        "problem": solution.compiled.name,
        "problem_sha256": problem_sha256,
        "unknowns": list(solution.compiled.unknowns),
        "resumable": resumes(solution),
    }


#: The keys that a slab's entry adds to its checkpoint (:func:`entry`).
_ENTRY_KEYS = ("complete", "stop_reason", "rank", "condition")


def entry(solution) -> dict[str, Any]:
    """:func:`build` of a solution on one domain, plus ``complete``, ``stop_reason``, ``rank``
    and ``condition``: a slab's entry in a slab run's checkpoint, and a checkpoint to resume
    from in its own right (the extra keys are not read then)."""
    state = build(solution)
    state.update(
        complete=bool(solution.complete),
        stop_reason=str(solution.stop_reason),
        rank=int(solution.rank),
        condition=float(solution.condition),
    )
    return state


def joined(
    entries: list[dict[str, Any]],
    settings: Settings,
    problem: str,
    problem_sha256: str | None = None,
) -> dict[str, Any]:
    """The checkpoint of a slab run from its slabs' :func:`entry` (those begun, in order): the
    top-level keys are the last slab's, with the run's ``settings`` and ``problem`` name."""
    state = {key: value for key, value in entries[-1].items() if key not in _ENTRY_KEYS}
    state.update(
        settings=settings.to_dict(),
        problem=problem,
        problem_sha256=problem_sha256,
        slabs=list(entries),
    )
    return state


def save(solution, path: str | os.PathLike, problem_sha256: str | None = None) -> Path:
    """Write :func:`build` of ``solution`` to ``path`` atomically (an old file stays whole
    until the new one is complete).

    Raises
    ------
    OSError
        The file cannot be written.
    """
    return write(build(solution, problem_sha256), path)


def write(state: Mapping[str, Any], path: str | os.PathLike) -> Path:
    """Write a checkpoint (:func:`build`'s dict, or one that a training callback's
    ``checkpoint`` returned) to ``path`` atomically.

    Raises
    ------
    OSError
        The file cannot be written; an old file at ``path`` is left whole.
    """
    from pinnls.io.atomic import atomic_path  # pinnls.io imports plotting; load it on demand

    path = Path(path)
    with atomic_path(path) as temporary:
        torch.save(dict(state), temporary)
    return path


def load(path: str | os.PathLike) -> dict[str, Any]:
    """Read a checkpoint file without checking it against a problem; the file is never
    modified.

    Raises
    ------
    CheckpointError
        No such file, or one that is not a pinnls checkpoint.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"no checkpoint at {path} (run once without --resume)")
    try:
        state = torch.load(path, weights_only=True, map_location="cpu")
    except Exception as error:  # noqa: BLE001 - any unreadable file is a corrupt checkpoint
        # torch's own message is long and suggests weights_only=False; the class is enough.
        raise CheckpointError(
            f"{path} is corrupt or not a pinnls checkpoint "
            f"(torch.load failed: {type(error).__name__}); it was left as it is"
        ) from None
    return state


def resumes(solution) -> bool:
    """Whether ``--resume`` can continue a solution's training: not the automatic strategy's
    (its record, or its slabs' ``strategy``, says so; its settings are the chosen stage's,
    ``lsgd``, and cannot tell), which ``--resume`` refuses."""
    from pinnls.record import AutoRecord, SlabsRecord

    strategy = getattr(solution, "strategy", None)
    if isinstance(strategy, AutoRecord):
        return False
    return not (isinstance(strategy, SlabsRecord) and strategy.strategy == "auto")


def resumable(path: str | os.PathLike) -> bool:
    """Whether ``--resume`` may continue the training in a checkpoint file: not the automatic
    strategy's (its ``resumable`` key). An unreadable file, or an older one without the key,
    reads True: the resume itself then says what is wrong."""
    try:
        state = load(path)
    except CheckpointError:
        return True
    return not isinstance(state, Mapping) or state.get("resumable", True) is not False


def check(
    state: Any,
    compiled: CompiledProblem,
    settings: Settings,
    problem_sha256: str | None = None,
    source: str = "the checkpoint",
) -> dict[str, Any]:
    """Refuse a checkpoint that this problem and these settings cannot resume from.

    Parameters
    ----------
    state : mapping
        A checkpoint, as :func:`load` or :func:`build` returns it.
    compiled : CompiledProblem
    settings : Settings
        The resumed run's settings.
    problem_sha256 : str, optional
        The problem file's sha256 now; a different one in the checkpoint logs a warning (the
        run resumes on the new file).
    source : str
        How messages name the checkpoint (its path).

    Returns
    -------
    dict
        ``state``, checked.

    Raises
    ------
    CheckpointError
        Not a checkpoint; another problem; other terms; a setting outside
        :data:`RESUMABLE_CHANGES` that changed; or an iteration past ``settings.iterations``.
    """
    corrupt = f"{source} is corrupt or not a pinnls checkpoint"
    if not isinstance(state, Mapping) or any(key not in state for key in _REQUIRED):
        raise CheckpointError(corrupt)
    if state.get("problem") != compiled.name:
        raise CheckpointError(
            f"{source} belongs to problem '{state.get('problem')}', not '{compiled.name}'"
        )
    # A fixed strategy runs with its defaults filled in, and so was saved with them.
    resolved = settings.fixed() if settings.optimizer != "auto" else settings
    saved, now = state["settings"], resolved.to_dict()
    if not isinstance(saved, Mapping):
        raise CheckpointError(corrupt)
    # A setting newer than the checkpoint: ``singular`` did not exist, so its basis has no
    # singular functions (False), which matters only where the problem has some to draw.
    older = {"singular": False if compiled.singular() is not None else now.get("singular")}
    for key in sorted(now):
        was = saved.get(key, older.get(key))
        if key not in RESUMABLE_CHANGES and was != now[key]:
            raise CheckpointError(
                f"{source} was made with {key}={was!r}, but this run has "
                f"{key}={now[key]!r}; only {', '.join(sorted(RESUMABLE_CHANGES))} may change"
            )
    try:
        saved_terms = list(state["history"]["terms"])
        iteration = int(state["iteration"])
    except (KeyError, TypeError, ValueError):
        raise CheckpointError(corrupt) from None
    # A checkpoint without "unknowns" (an older one) has one unknown.
    saved_unknowns = list(state.get("unknowns", compiled.unknowns[:1]))
    if saved_unknowns != list(compiled.unknowns):
        raise CheckpointError(
            f"{source} was made for the unknowns {', '.join(map(str, saved_unknowns))}, but the "
            f"problem now has {', '.join(compiled.unknowns)}"
        )
    terms = [term.name for term in compiled.terms]
    if saved_terms != terms:
        raise CheckpointError(
            f"{source} was made for the terms {', '.join(saved_terms)}, but the problem now has "
            f"{', '.join(terms)}"
        )
    if iteration > settings.iterations:
        raise CheckpointError(
            f"{source} is at iteration {iteration}, past iterations={settings.iterations}; "
            f"give --iterations {iteration} or more"
        )
    if problem_sha256 is not None and state.get("problem_sha256") not in (None, problem_sha256):
        log.warning(
            f"the problem file has changed since {source} was written; resuming on the new file"
        )
    return dict(state)


def read(
    resume: str | os.PathLike | Mapping[str, Any],
    compiled: CompiledProblem,
    settings: Settings,
    problem_sha256: str | None = None,
) -> dict[str, Any]:
    """:func:`load` (for a path) and :func:`check` a checkpoint to resume from.

    Parameters
    ----------
    resume : str, path-like or mapping
        A checkpoint file, or a checkpoint already in memory (:meth:`Solution.checkpoint`).
    compiled, settings, problem_sha256
        As in :func:`check`.

    Raises
    ------
    CheckpointError
    """
    if isinstance(resume, Mapping):
        return check(resume, compiled, settings, problem_sha256)
    return check(load(resume), compiled, settings, problem_sha256, source=str(resume))


def restore(run, state: Mapping[str, Any]) -> None:
    """Put a checked checkpoint's state into a training run (:class:`~pinnls.training.loop.Run`).

    Raises
    ------
    CheckpointError
        The saved tensors do not fit the run's basis or optimizer.
    """
    try:
        from pinnls.numeric.basis import load_saved

        load_saved(run.basis, state["basis"])
        with torch.no_grad():
            run.coefficients.copy_(state["coefficients"].to(run.device, run.dtype))
        if state["optimizer"] is not None:  # None: no step was taken, a fresh optimizer
            run.optimizer.load_state_dict(state["optimizer"])
        run.iteration = int(state["iteration"])
        run.history = History.from_state(state["history"])
        run.wall_before = float(state["wall"])
    except (KeyError, RuntimeError, ValueError, TypeError, AttributeError) as error:
        raise CheckpointError(
            f"the checkpoint does not match this problem and settings: {error}"
        ) from None
