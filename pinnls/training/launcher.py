"""Starting the processes of ``--nproc`` and torchrun, and running a strategy on them.

The rows of ``A c ~= b`` are shared among the processes of a ``torch.distributed`` group; the
collectives that keep them in step are :mod:`pinnls.training.collectives`'.

Two ways in (:func:`run`, called by :func:`pinnls.training.solve`):

- ``settings.nproc > 1`` with no process group: this process becomes rank 0 and spawns
  ``nproc - 1`` workers (``torch.multiprocessing``, spawn) that join it over TCP on a free
  localhost port; gloo on the CPU, NCCL with one process per GPU on CUDA. Rank 0 keeps the
  callback and returns the Solution; the workers return nothing. A failure on any process ends
  all of them: the workers report their error to rank 0, which raises one
  :class:`~pinnls.errors.SolverError` naming the process (a
  :class:`~pinnls.errors.ProcessGroupError` that holds rank 0's last good state as
  ``solution`` when training was under way); every collective has a timeout
  (:data:`TIMEOUT`); on every way out rank 0 terminates the workers that are still alive.
- under ``torchrun`` (``RANK`` and ``WORLD_SIZE`` in the environment) or inside a process
  group that the caller initialized: that group is used (initialized from the environment,
  ``env://``, when needed). With a group made from torchrun's environment, the processes other
  than rank 0 leave with ``SystemExit(0)`` once training ends, so that only rank 0 writes files
  and prints; with the caller's own group every process returns the (same) Solution.

Every strategy runs across processes, the automatic one and time slabs included: each process
gets the whole compiled problem (its functions pickle as their sympy expressions), so each
can refine clouds, draw validation points and carry slab interfaces itself; every decision that
depends on the process (the wall clock of a time budget, the measured seconds of a stage, a
validation estimate) is rank 0's value (:func:`first_value`, :func:`first_decides`), so all
processes take the same path and meet at the same collectives.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import torch

from pinnls.errors import PinnlsError, ProcessGroupError, SettingsError, SolverError
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.training.collectives import TIMEOUT, under_torchrun

__all__ = ["run", "follower"]

#: How long rank 0 waits for the workers to leave after training before terminating them.
_JOIN_SECONDS = 30.0


def _dist():
    import torch.distributed as dist

    return dist


def _backend_for(settings: Settings) -> str:
    from pinnls.training.initial import resolve_device

    return "nccl" if resolve_device(settings.device).type == "cuda" else "gloo"


def run(
    strategy: Callable[..., Any],
    compiled: CompiledProblem,
    settings: Settings,
    callback: Callable[[dict], None] | None,
    resume: Mapping[str, Any] | None,
):
    """Run ``strategy`` on several processes (see the module docstring).

    Returns
    -------
    Solution
        On rank 0 (and on every rank of a group the caller initialized).

    Raises
    ------
    SettingsError
        More CUDA processes than GPUs; an ``nproc`` that disagrees with torchrun's world size.
    SolverError
        Another process failed or stopped answering; the message names it.
    SystemExit
        (code 0) On the ranks other than 0 of a group made from torchrun's environment.
    """
    dist = _dist()
    if dist.is_available() and dist.is_initialized():
        world = dist.get_world_size()
        _check_nproc(settings, world)
        return strategy(compiled, settings, callback=callback, resume=resume)
    if under_torchrun():
        world = int(os.environ["WORLD_SIZE"])
        _check_nproc(settings, world)
        if world == 1:
            return strategy(compiled, settings, callback=callback, resume=resume)
        return _run_torchrun(strategy, compiled, settings, callback, resume)
    return _run_spawned(strategy, compiled, settings, callback, resume)


def follower() -> bool:
    """Whether this process is one of torchrun's ranks other than 0 (``RANK`` > 0)."""
    return under_torchrun() and int(os.environ["RANK"]) != 0 and int(os.environ["WORLD_SIZE"]) > 1


def _check_nproc(settings: Settings, world: int) -> None:
    if settings.nproc not in (1, world):
        raise SettingsError(
            f"setting 'nproc' is {settings.nproc}, but the process group has {world} "
            "processes (torchrun's WORLD_SIZE); leave nproc at 1 under torchrun"
        )


def _run_torchrun(strategy, compiled, settings, callback, resume):
    dist = _dist()
    backend = _backend_for(settings)
    if backend == "nccl":
        torch.cuda.set_device(int(os.environ.get("LOCAL_RANK", 0)))
    dist.init_process_group(backend, init_method="env://", timeout=TIMEOUT)
    rank = dist.get_rank()
    try:
        solution = strategy(
            compiled, settings, callback=callback if rank == 0 else None, resume=resume
        )
        dist.barrier()
    finally:
        dist.destroy_process_group()
    if rank != 0:
        raise SystemExit(0)
    return solution


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run_spawned(strategy, compiled, settings, callback, resume):
    import torch.multiprocessing as mp

    from pinnls import memory

    dist = _dist()
    world = settings.nproc
    memory.warn_processes(world)  # more processes than cores: one line, and the run goes on
    backend = _backend_for(settings)
    if backend == "nccl" and torch.cuda.device_count() < world:
        raise SettingsError(
            f"setting 'nproc' is {world}, but torch sees {torch.cuda.device_count()} CUDA "
            "device(s): one process per GPU (or --device cpu)"
        )
    address = f"tcp://127.0.0.1:{_free_port()}"
    context = mp.get_context("spawn")
    reports = context.SimpleQueue()
    # The whole problem, functions included (they pickle as sympy expressions), so that every
    # process can refine clouds and draw validation points as rank 0 does.
    portable = dataclasses.replace(compiled, settings=None)
    workers: list = []
    try:
        for rank in range(1, world):
            worker = context.Process(
                target=_worker,
                args=(rank, world, address, backend, strategy, portable, settings, resume, reports),
                daemon=True,
                name=f"pinnls-rank-{rank}",
            )
            worker.start()
            workers.append(worker)
        if backend == "nccl":
            torch.cuda.set_device(0)
        try:
            dist.init_process_group(
                backend, init_method=address, rank=0, world_size=world, timeout=TIMEOUT
            )
            try:
                solution = strategy(compiled, settings, callback=callback, resume=resume)
                dist.barrier()
                # The workers leave first: rank 0 hosts the rendezvous store that their
                # own leaving still talks to.
                _end(workers, _JOIN_SECONDS)
            finally:
                dist.destroy_process_group()
        except ProcessGroupError as error:  # in training: rank 0 kept its last good state
            failure = _failure(reports, workers, world)
            if failure is None:  # no worker failed: rank 0's own error in a collective
                raise error.__cause__ or error  # noqa: B904 - the original, as it was raised
            raise _named(failure, error) from error
        except PinnlsError:
            raise  # the same on every process (the sums and the solve are shared)
        except RuntimeError as error:  # a collective failed: a worker died or stopped answering
            failure = _failure(reports, workers, world)
            if failure is None:
                raise
            raise SolverError(failure) from error
        return solution
    finally:
        _end(workers, 1.0)


def _named(failure: str, error: ProcessGroupError) -> ProcessGroupError:
    """The training's ProcessGroupError with the failed process named, and rank 0's last good
    state kept as ``solution`` (saved as partial results by :mod:`pinnls.run`)."""
    partial = getattr(error, "solution", None)
    if partial is not None:
        failure += f"; rank 0 kept its last good state (iteration {partial.iterations})"
    named = ProcessGroupError(failure)
    named.solution = partial
    return named


def _failure(reports, workers, world: int) -> str | None:
    """The message of the first worker that failed, or None if none did."""
    import time

    deadline = time.monotonic() + 5.0
    while reports.empty() and time.monotonic() < deadline:
        if all(not w.is_alive() for w in workers):
            break
        time.sleep(0.05)
    if not reports.empty():
        rank, message = reports.get()
        return f"process {rank} of {world} failed: {message}; every process was stopped"
    for rank, worker in enumerate(workers, start=1):
        if worker.exitcode not in (None, 0):
            return (
                f"process {rank} of {world} died (exit code {worker.exitcode}); every process "
                "was stopped"
            )
    return None


def _end(workers, grace: float) -> None:
    """Let the workers leave within ``grace`` seconds, and end any that do not (no process
    outlives rank 0)."""
    import time

    deadline = time.monotonic() + grace
    for worker in workers:
        worker.join(max(0.0, deadline - time.monotonic()))
    for worker in workers:
        if worker.is_alive():
            worker.terminate()
    for worker in workers:
        worker.join(5.0)
        if worker.is_alive():
            worker.kill()
            worker.join()


def _worker(rank, world, address, backend, strategy, compiled, settings, resume, reports) -> None:
    """A spawned process: join the group, run ``strategy`` (the caller's, a module-level
    function that pickles: :func:`pinnls.training.dispatch`) without a callback, return
    nothing."""
    # Ctrl-C reaches the whole foreground process group: rank 0 decides and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")  # rank 0 warns once for all
    try:
        dist = _dist()
        if backend == "nccl":
            torch.cuda.set_device(rank)
        dist.init_process_group(
            backend, init_method=address, rank=rank, world_size=world, timeout=TIMEOUT
        )
        try:
            strategy(compiled, settings, callback=None, resume=resume)
            dist.barrier()
        finally:
            dist.destroy_process_group()
    except BaseException as error:  # noqa: BLE001 - reported to rank 0, which raises it
        text = " ".join(str(error).split()) or "no message"
        reports.put((rank, f"{type(error).__name__}: {text}"))
        raise SystemExit(1) from None
