"""Collectives of a ``torch.distributed`` process group, for least squares across processes.

Every process holds the whole network and the whole compiled problem, and takes a contiguous
share of every term's rows (:class:`~pinnls.training.chunks.Chunks`, ``share=(rank, world)``).
An iteration is then the one-process iteration with three collectives:

- least squares: each process reduces its rows to the triangular factor of ``[A | b]``
  (TSQR, chunk by chunk), the ``(w+1) x (w+1)`` factors are gathered and folded into one in
  rank order on every process
  (:meth:`~pinnls.numeric.least_squares.StreamingLeastSquares.combine`), every process solves
  with the cutoff, and rank 0's ``c`` is broadcast (:func:`agree_result`), so ``c`` is
  identical everywhere;
- the loss and its split by term: summed with ``all_reduce`` (:func:`sum_values`);
- the gradient of the hidden layers (and of ``c`` for Adam/GD): summed with ``all_reduce``
  before the optimizer step (:func:`sum_gradients`), so the parameters stay identical.

Stopping decisions depend only on these sums, except on the clock, where rank 0 decides for
all (:func:`first_decides`, :func:`first_value`): the time budget, a stage's measured seconds,
a validation estimate. Without a process group every function here is the one-process
identity. Starting the processes is :mod:`pinnls.training.launcher`'s.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterable

import torch

from pinnls.numeric.least_squares import LeastSquaresResult

__all__ = [
    "TIMEOUT",
    "active",
    "agree_result",
    "broadcast",
    "first_decides",
    "first_value",
    "share",
    "sum_gradients",
    "sum_values",
    "under_torchrun",
]

#: Longest wait of any collective (and of the start-up rendezvous): a process that stops
#: answering ends the run after this long instead of hanging it.
TIMEOUT = datetime.timedelta(seconds=float(os.environ.get("PINNLS_DISTRIBUTED_TIMEOUT", 300)))


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
