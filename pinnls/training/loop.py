"""The run loop that every training strategy shares.

A strategy (:mod:`~pinnls.training.lsgd`, :mod:`~pinnls.training.joint`) builds a :class:`Run`
(the mutable state: basis, last layer, optimizer, history) and hands :func:`train` what it does
in each iteration. The loop owns the rest:

- stopping on ``iterations``, ``tol`` or ``time_limit``;
- the history, with the error against the exact solution on a coarse grid, and the callback;
- divergence (NaN/Inf, or a loss far above the initial one) and least-squares failures, raised
  as :class:`~pinnls.errors.SolverError` with the last good state as ``error.solution``;
- Ctrl-C, raised as :class:`TrainingInterrupted` with the last finished iteration;
- across processes, a collective that fails (another process died or stopped answering),
  raised as :class:`~pinnls.errors.ProcessGroupError` with the last recorded state.

Across processes (:mod:`~pinnls.training.collectives`) each process runs this loop on its
share of the rows; the loss, the least-squares solve and the gradient are combined, so every
decision is the same everywhere (``time_limit`` is rank 0's).
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import numpy as np
import torch

from pinnls.checkpoint import entry, restore
from pinnls.errors import LeastSquaresError, ProcessGroupError, SolverError
from pinnls.history import History
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis
from pinnls.numeric.block_sparse import evaluate
from pinnls.numeric.least_squares import LeastSquaresResult
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import Fitted, Solution, marks
from pinnls.training import collectives
from pinnls.training.budget import Budget
from pinnls.training.chunks import Chunks, chain_cells
from pinnls.training.initial import DTYPES, resolve_device

__all__ = ["Run", "TrainingInterrupted", "gradient_step", "train"]

#: The history's error is measured on a grid of at most this many points (the final error uses
#: the full evaluation grid), so that recording it stays cheap in three or more dimensions.
HISTORY_GRID_POINTS = 20_000

#: Training has diverged once the loss exceeds its initial value by this factor; a gradient step
#: that overshoots this far never recovers in practice, and stopping early keeps a usable state.
DIVERGENCE_FACTOR = 1e6

Callback = Callable[[dict], None]


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C during training; ``solution`` holds the state of the last finished iteration."""

    def __init__(self, solution: Solution) -> None:
        super().__init__("training interrupted")
        self.solution = solution


class Run:
    """The mutable state of one training run.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
    basis : Basis
    coefficients : (m * size,) tensor
        One block of the basis size per unknown (m = 1 outside systems).
        The starting last layer; a ``torch.nn.Parameter`` when the optimizer trains it.
    parameters : iterable of tensors
        What the optimizer steps (and what a snapshot keeps, with ``coefficients``).
    step : {"adam", "gd"}
        The optimizer, with learning rate ``settings.lr``.
    callback : callable, optional
        See :func:`pinnls.training.solve`.
    resume : mapping, optional
        A checked checkpoint (:func:`pinnls.checkpoint.check`) to continue from.

    Attributes
    ----------
    system : System
        The problem's weighted terms on the run's device and dtype.
    history : History
    iteration : int
        Gradient steps taken so far.
    rank, condition
        Of the last least-squares solve (-1 and NaN before any).
    """

    def __init__(
        self,
        compiled: CompiledProblem,
        settings: Settings,
        basis: Basis,
        coefficients: torch.Tensor,
        parameters: Iterable[torch.Tensor],
        step: str,
        callback: Callback | None = None,
        resume: Mapping[str, Any] | None = None,
        budget: Budget | None = None,
    ) -> None:
        self.compiled = compiled
        self.settings = settings
        self.device = resolve_device(settings.device)
        self.dtype = DTYPES[settings.dtype]
        self.system = System(compiled, self.dtype, self.device)
        self.basis = basis
        self.coefficients = coefficients
        self.parameters = list(parameters)
        self._step = step
        # Made at the first use (a gradient step, or a resumed state to load): a run of least
        # squares alone never takes a step, and torch's first optimizer imports torch._dynamo,
        # which took half a second or more of solves of about one second (docs/benchmarks.md,
        # section 46).
        self._optimizer: torch.optim.Optimizer | None = None
        self.callback = callback
        self.history = History([t.name for t in compiled.terms])
        self.iteration = 0
        self.wall_before = 0.0
        self.rank = -1
        self.columns: int | None = None  # the least squares' columns, where fewer than c's
        self.condition = math.nan
        self._history_grid = _history_grid(
            compiled, settings.grid_points(compiled.dim), self.dtype, self.device
        )
        self._history_offset = None
        if self._history_grid is not None and compiled.particular is not None:
            points = self._history_grid[0].cpu().double().numpy()
            self._history_offset = torch.as_tensor(
                compiled.particular(points), dtype=self.dtype, device=self.device
            )
        if resume is not None:
            restore(self, resume)
        # The strategy's budget (default: the settings' time_limit), counted from the start of
        # the training it continues, as a run resumed from a checkpoint must be.
        limit = budget.deadline_left() if budget is not None else settings.time_limit
        self.budget = Budget(None, limit, spent=self.wall_before)
        #: ``(rank, world)``: the share of the rows this process walks.
        self.share = collectives.share()
        # A chain of cells is solved from its blocks (read once: the partition stays fixed
        # while the hidden weights train).
        self.chain = chain_cells(basis, compiled, self.share, settings.dtype)
        # Every process starts from rank 0's parameters (they are equal already when the
        # initialization is deterministic).
        collectives.broadcast([*self.parameters, self.coefficients])

    @property
    def optimizer(self) -> torch.optim.Optimizer:
        """Adam or SGD over :attr:`parameters` (``settings.lr``), made at the first use."""
        if self._optimizer is None:
            kind = torch.optim.Adam if self._step == "adam" else torch.optim.SGD
            self._optimizer = kind(self.parameters, lr=self.settings.lr)
        return self._optimizer

    def optimizer_state(self) -> dict | None:
        """The optimizer's ``state_dict``; None while none was made (no step taken, nothing
        loaded): a fresh optimizer is that state."""
        return None if self._optimizer is None else self._optimizer.state_dict()

    def chunks(self, graph: bool = False) -> Chunks:
        """The system at the current parameters; ``graph`` if a gradient pass will follow."""
        return Chunks(
            self.system, self.basis, self.settings.chunk_size, graph, self.share, self.chain
        )

    def take(self, result: LeastSquaresResult) -> None:
        """Adopt a least-squares solution as the last layer."""
        self.coefficients = result.coefficients.detach()
        self.rank = result.rank
        self.condition = result.condition
        self.columns = result.columns

    def snapshot(self) -> dict:
        """Everything a step changes: parameters, last layer and optimizer moments."""
        return {
            "parameters": [p.detach().clone() for p in self.parameters],
            "coefficients": self.coefficients.detach().clone(),
            "optimizer": copy.deepcopy(self.optimizer_state()),
            "rank": self.rank,
            "condition": self.condition,
            "columns": self.columns,
        }

    def restore_snapshot(self, snapshot: dict) -> None:
        """Go back to a :meth:`snapshot` (``coefficients`` too, when no optimizer owns it)."""
        with torch.no_grad():
            for p, saved in zip(self.parameters, snapshot["parameters"]):
                p.copy_(saved)
        if not any(p is self.coefficients for p in self.parameters):
            self.coefficients = snapshot["coefficients"]
        if snapshot["optimizer"] is None:
            self._optimizer = None  # before any step: a fresh optimizer is that state
        else:
            self.optimizer.load_state_dict(snapshot["optimizer"])
        self.rank, self.condition = snapshot["rank"], snapshot["condition"]
        self.columns = snapshot.get("columns")

    def record(self, loss: float, terms: dict[str, float], wall: float) -> None:
        """Append the current iteration to the history and tell the callback."""
        error = math.nan
        last = self.iteration >= self.settings.iterations
        if self._history_grid is not None and (
            self.iteration % self.settings.eval_every == 0 or last
        ):
            points, exact = self._history_grid
            c = self.coefficients.detach().reshape(self.compiled.unknown_count, -1).T
            values = evaluate(self.basis, points, c)  # a local basis cell by cell
            values = values[:, 0] if self.compiled.unknown_count == 1 else values
            if self.compiled.particular is not None:
                values = values + self._history_offset  # u = u_p + w
            error = _relative_l2(values, exact)
        self.history.append(self.iteration, loss, terms, error, self.rank, self.condition, wall)
        if self.callback is not None:
            self.callback(
                {
                    "iteration": self.iteration,
                    "iterations": self.settings.iterations,
                    "loss": loss,
                    "terms": terms,
                    "error": error,
                    "rank": self.rank,
                    "wall": wall,
                    # The state just recorded, as a checkpoint to resume from; built only when
                    # asked (pinnls solve's periodic checkpoints), during the callback, and
                    # copied: training goes on changing the tensors in place.
                    "checkpoint": lambda: copy.deepcopy(
                        entry(self.solution(wall, False, "interrupted"))
                    ),
                }
            )

    def solution(self, wall: float, complete: bool, stop_reason: str) -> Solution:
        """The run's current state as a :class:`~pinnls.solution.Solution` (the last layer is
        copied; the basis and history are shared)."""
        return Solution(
            compiled=self.compiled,
            settings=self.settings,
            basis=self.basis,
            coefficients=self.coefficients.detach().clone(),
            history=self.history,
            complete=complete,
            stop_reason=stop_reason,
            iterations=self.iteration,
            wall=wall,
            rank=self.rank,
            condition=self.condition,
            optimizer_state=self.optimizer_state(),
            columns=self.columns,
        )


def gradient_step(run: Run, chunks: Chunks) -> None:
    """One optimizer step on ``||A c - b||^2`` over ``run.parameters``."""
    run.optimizer.zero_grad(set_to_none=True)
    chunks.backward(run.coefficients)
    collectives.sum_gradients(run.parameters)
    run.optimizer.step()


def train(
    run: Run,
    value: Callable[[Run, Chunks], tuple[float, dict[str, float]]],
    *,
    step: Callable[[Run, Chunks], None] = gradient_step,
    refresh: Callable[[Run], None] | None = None,
    finish: Callable[[Run], None] | None = None,
) -> Solution:
    """Iterate ``value``, record, ``step`` until a stopping rule holds.

    Parameters
    ----------
    run : Run
    value : callable ``(run, chunks) -> (loss, terms)``
        Bring the last layer up to date if the strategy solves for it (raising
        :class:`~pinnls.errors.LeastSquaresError` when it cannot) and return the loss and the
        per-term losses at the current parameters. ``chunks`` is the system at the current
        parameters, shared with ``step`` (assembled once when it is a single chunk).
    step : callable ``(run, chunks) -> None``
        Change the parameters; default :func:`gradient_step`.
    refresh : callable ``run -> None``, optional
        Called when training stops on an error or Ctrl-C, after the loop has put back the last
        good parameters: make ``coefficients``, ``rank`` and ``condition`` fit them again.
    finish : callable ``run -> None``, optional
        Called before any :class:`~pinnls.solution.Solution` is built (e.g. to measure the rank
        of a basis that training never solved with).

    Returns
    -------
    Solution
        ``stop_reason`` is ``iterations``, ``tol`` or ``time_limit``.

    Raises
    ------
    SolverError
        Divergence (``stop_reason`` ``diverged``) or a least-squares failure
        (``least_squares_failed``); ``error.solution`` holds the last good state.
    TrainingInterrupted
        Ctrl-C; ``error.solution`` holds the last finished iteration.
    ProcessGroupError
        Across processes, a collective failed; ``error.solution`` holds the last recorded
        state (``stop_reason`` ``process_failed``; None before the first record), kept as it
        was: the other processes are not there to solve with.
    """
    settings = run.settings
    start = time.perf_counter() - run.wall_before
    # A resumed run's current iteration is already in its history.
    recorded = bool(len(run.history)) and run.history.iteration[-1] == run.iteration
    good, stepping, stop_reason = None, False, "iterations"
    good_iteration = run.iteration

    def stopped(complete: bool, reason: str) -> Solution:
        if finish is not None:
            finish(run)
        return run.solution(time.perf_counter() - start, complete, reason)

    try:
        while True:
            chunks = run.chunks(graph=run.iteration < settings.iterations)
            try:
                loss, terms = value(run, chunks)
                wall = time.perf_counter() - start
                _check_divergence(run, loss)
            except SolverError:
                if good is not None:
                    run.restore_snapshot(good)
                    run.iteration -= 1
                raise
            good, good_iteration = run.snapshot(), run.iteration
            if not recorded:
                run.record(loss, terms, wall)
            recorded = False
            if run.iteration >= settings.iterations:
                break
            if loss <= settings.tol:
                stop_reason = "tol"
                break
            if run.budget.spent():
                stop_reason = "time_limit"
                break
            stepping = True
            step(run, chunks)
            run.iteration += 1
            stepping = False
    except SolverError as error:
        if refresh is not None:
            refresh(run)
        reason = "least_squares_failed" if isinstance(error, LeastSquaresError) else "diverged"
        error.solution = stopped(False, reason)
        raise
    except RuntimeError as error:
        if not collectives.active():
            raise
        # A collective failed (gloo and NCCL raise RuntimeError): another process died or
        # stopped answering. Go back to the state recorded last, whose last layer fits its
        # parameters; neither `refresh` nor `finish` runs, as both would need the others.
        lost = ProcessGroupError(
            f"a collective failed after iteration {good_iteration} (another process died or "
            f"stopped answering: {' '.join(str(error).split())[:200]})"
        )
        if good is not None:
            run.restore_snapshot(good)
            run.iteration = good_iteration
            lost.solution = run.solution(time.perf_counter() - start, False, "process_failed")
        raise lost from error
    except KeyboardInterrupt:
        # Between iterations the state is consistent; inside a step it may be half-updated,
        # so go back to the state recorded last.
        if stepping and good is not None:
            run.restore_snapshot(good)
        # Across processes the others are not here to solve with: the snapshot's last layer
        # already fits its parameters.
        if refresh is not None and not collectives.active():
            refresh(run)
        raise TrainingInterrupted(stopped(False, "interrupted")) from None
    solution = stopped(True, stop_reason)
    # The loop stops right after a value at the final parameters: its residuals are the
    # solution's, unless `finish` changed the basis or the last layer since.
    measured = chunks.measured(solution.coefficients)
    if measured is not None:
        solution.fitted = Fitted(marks(solution.coefficients, solution.basis), measured)
    return solution


def _check_divergence(run: Run, loss: float) -> None:
    initial = run.history.loss[0] if len(run.history) else loss
    if math.isfinite(loss) and loss <= DIVERGENCE_FACTOR * max(initial, 1e-300):
        return
    if not math.isfinite(loss):
        why = f"loss is {loss}"
    else:
        why = f"loss {loss:.3g} is over {DIVERGENCE_FACTOR:g} times the initial {initial:.3g}"
    settings = run.settings
    raise SolverError(
        f"training diverged at iteration {run.iteration}: {why} (optimizer "
        f"{settings.optimizer}, lr {settings.lr:g}); the last good state is kept"
    )


def _history_grid(compiled: CompiledProblem, eval_points: int, dtype, device):
    """Points (n, d) and exact values (n,) of the history's error grid, or None."""
    if compiled.exact is None:
        return None
    per_axis = max(2, min(eval_points, int(HISTORY_GRID_POINTS ** (1 / compiled.dim))))
    _, points = compiled.grid(per_axis)
    if compiled.region is not None:  # a shape: its inside only
        points = points[compiled.contains(points)]
    exact = np.asarray(compiled.exact(points), dtype=np.float64)
    # where the exact solution is undefined (data that disagree where faces meet; allowed by
    # pinnls.run.check_exact_on_grid) the point is left out, as pinnls.metrics does
    defined = np.isfinite(exact).reshape(len(points), -1).all(axis=1)
    points, exact = points[defined], exact[defined]
    if not len(points):
        return None  # undefined everywhere: nothing to measure
    return (
        torch.as_tensor(points, dtype=dtype, device=device),
        torch.as_tensor(exact, dtype=dtype, device=device),
    )


def _relative_l2(values: torch.Tensor, exact: torch.Tensor) -> float:
    norm = float(torch.linalg.vector_norm(exact))
    error = float(torch.linalg.vector_norm(values - exact))
    # a zero exact solution: the root mean square, as pinnls.metrics gives it
    return error / norm if norm > 0 else error / max(exact.numel(), 1) ** 0.5
