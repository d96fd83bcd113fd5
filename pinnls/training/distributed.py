"""Least squares across processes: the rows of ``A c ~= b`` shared by a ``torch.distributed``
process group.

Every process holds the whole network and the whole compiled problem, and takes a contiguous
share of every term's rows (:class:`~pinnls.training.chunks.Chunks`, ``share=(rank, world)``).
An iteration is then the one-process iteration with three collectives:

- least squares: each process reduces its rows to the triangular factor of ``[A | b]``
  (TSQR, chunk by chunk), the ``(w+1) x (w+1)`` factors are gathered and reduced by one QR on
  every process (:meth:`~pinnls.numeric.least_squares.StreamingLeastSquares.combine`), every
  process solves with the cutoff, and rank 0's ``c`` is broadcast (:func:`agree_result`), so
  ``c`` is identical everywhere;
- the loss and its split by term: summed with ``all_reduce``;
- the gradient of the hidden layers (and of ``c`` for Adam/GD): summed with ``all_reduce``
  before the optimizer step (:func:`sum_gradients`), so the parameters stay identical.

Stopping decisions depend only on these sums, except ``time_limit``, where rank 0 decides for
all (:func:`first_decides`).

Two ways in (:func:`run`, called by :func:`pinnls.training.solve`):

- ``settings.nproc > 1`` with no process group: this process becomes rank 0 and spawns
  ``nproc - 1`` workers (``torch.multiprocessing``, spawn) that join it over TCP on a free
  localhost port; gloo on the CPU, NCCL with one process per GPU on CUDA. Rank 0 keeps the
  callback and returns the Solution; the workers return nothing. A failure on any process ends
  all of them: the workers report their error to rank 0, which raises one
  :class:`~pinnls.errors.SolverError` naming the process; every collective has a timeout
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
import datetime
import os
import signal
import socket
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import torch

from pinnls.errors import PinnlsError, SettingsError, SolverError
from pinnls.numeric.least_squares import LeastSquaresResult
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings

__all__ = [
    "TIMEOUT",
    "agree_result",
    "first_decides",
    "first_value",
    "follow",
    "follower",
    "run",
    "share",
    "sum_gradients",
    "sum_values",
    "under_torchrun",
]

#: Longest wait of any collective (and of the start-up rendezvous): a process that stops
#: answering ends the run after this long instead of hanging it.
TIMEOUT = datetime.timedelta(seconds=float(os.environ.get("PINNLS_DISTRIBUTED_TIMEOUT", 300)))

#: How long rank 0 waits for the workers to leave after training before terminating them.
_JOIN_SECONDS = 30.0


def _dist():
    import torch.distributed as dist

    return dist


def share() -> tuple[int, int]:
    """``(rank, world size)`` of the default process group; ``(0, 1)`` without one."""
    dist = _dist()
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def active() -> bool:
    """Whether a process group of more than one process is in use."""
    return share()[1] > 1


def under_torchrun() -> bool:
    """Whether torchrun (or another launcher) set ``RANK`` and ``WORLD_SIZE``."""
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def _device_of(tensors: list[torch.Tensor]) -> torch.device:
    return tensors[0].device if tensors else torch.device("cpu")


def sum_values(values: list[float], device: torch.device | None = None) -> list[float]:
    """Sum Python floats over the processes (the loss and its terms); as they are alone."""
    if not active():
        return values
    # NCCL reduces only CUDA tensors; gloo takes either.
    if device is None:
        device = torch.device("cuda") if _backend() == "nccl" else torch.device("cpu")
    packed = torch.tensor(values, dtype=torch.float64, device=device)
    _dist().all_reduce(packed)
    return packed.tolist()


def sum_gradients(parameters: Iterable[torch.Tensor]) -> None:
    """Sum the ``.grad`` of ``parameters`` over the processes (one ``all_reduce``); a missing
    gradient counts as zero and is set."""
    if not active():
        return
    parameters = [p for p in parameters if p.requires_grad]
    if not parameters:
        return
    for p in parameters:
        if p.grad is None:
            p.grad = torch.zeros_like(p)
    flat = torch.cat([p.grad.reshape(-1) for p in parameters])
    _dist().all_reduce(flat)
    start = 0
    for p in parameters:
        count = p.grad.numel()
        p.grad.copy_(flat[start : start + count].view_as(p.grad))
        start += count


def broadcast(tensors: Iterable[torch.Tensor]) -> None:
    """Give every process rank 0's values of ``tensors`` (in place, one ``broadcast``)."""
    tensors = list(tensors)
    if not active() or not tensors:
        return
    with torch.no_grad():
        flat = torch.cat([t.detach().reshape(-1) for t in tensors])
        _dist().broadcast(flat, src=0)
        start = 0
        for t in tensors:
            count = t.numel()
            t.copy_(flat[start : start + count].view_as(t))
            start += count


def agree_result(result: LeastSquaresResult) -> LeastSquaresResult:
    """Rank 0's solution on every process: each solved the same combined factor, and the
    broadcast makes ``c``, the rank, the condition and the residual bitwise identical even
    where their linear algebra rounds differently."""
    if not active():
        return result
    c = result.coefficients
    packed = torch.cat(
        [
            c.detach(),
            torch.tensor(
                [result.rank, result.condition, result.residual], dtype=c.dtype, device=c.device
            ),
        ]
    )
    _dist().broadcast(packed, src=0)
    w = c.shape[0]
    return LeastSquaresResult(
        packed[:w].clone(), int(packed[w]), float(packed[w + 1]), float(packed[w + 2])
    )


def first_decides(flag: bool) -> bool:
    """Rank 0's value of a stopping decision that depends on the process (the wall clock)."""
    if not active():
        return flag
    device = torch.device("cuda") if _backend() == "nccl" else torch.device("cpu")
    packed = torch.tensor([1.0 if flag else 0.0], device=device)
    _dist().broadcast(packed, src=0)
    return bool(packed.item() > 0)


def first_value(value: float) -> float:
    """Rank 0's value of a number that differs between processes (a clock, a measured time,
    an estimate that may round differently): decisions made from it are then the same
    everywhere. Every process must call it at the same point."""
    if not active():
        return value
    device = torch.device("cuda") if _backend() == "nccl" else torch.device("cpu")
    packed = torch.tensor([float(value)], dtype=torch.float64, device=device)
    _dist().broadcast(packed, src=0)
    return float(packed.item())


def _backend() -> str:
    return str(_dist().get_backend())


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


def follow(
    compiled: CompiledProblem, settings: Settings, resume: Mapping[str, Any] | None = None
) -> int:
    """Train as one of torchrun's ranks other than 0: no output folder, no printing, no
    warnings (rank 0 has them all); the exit code, 0.

    ``pinnls solve`` calls this on such a rank instead of taking the output folder.
    """
    from pinnls.training import solve

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            solve(compiled, settings, resume=resume)
        except SystemExit as leaving:
            return int(leaving.code or 0)
    return 0


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
                args=(rank, world, address, backend, portable, settings, resume, reports),
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


def _worker(rank, world, address, backend, compiled, settings, resume, reports) -> None:
    """A spawned process: join the group, train without a callback, return nothing."""
    # Ctrl-C reaches the whole foreground process group: rank 0 decides and ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    warnings.simplefilter("ignore")  # rank 0 warns once for all
    try:
        from pinnls.training import dispatch

        dist = _dist()
        if backend == "nccl":
            torch.cuda.set_device(rank)
        dist.init_process_group(
            backend, init_method=address, rank=rank, world_size=world, timeout=TIMEOUT
        )
        try:
            dispatch(compiled, settings, callback=None, resume=resume)
            dist.barrier()
        finally:
            dist.destroy_process_group()
    except BaseException as error:  # noqa: BLE001 - reported to rank 0, which raises it
        text = " ".join(str(error).split()) or "no message"
        reports.put((rank, f"{type(error).__name__}: {text}"))
        raise SystemExit(1) from None
