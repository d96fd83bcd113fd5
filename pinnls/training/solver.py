"""Training: LSGD (least squares for the last layer, a gradient step for the hidden layers) and
the joint Adam/GD baselines, with stopping rules, history, divergence detection and resumable
state.

The LSGD iteration (paper-notes section 3) is, with c = LS(theta) always exact:

    A, b = assemble(theta);  c = LS(A, b);  J = ||A c - b||^2;  theta -= step(dJ/dtheta)

Since dJ/dc = 0 at c = LS(theta), the theta-gradient with c held fixed is the gradient of the
reduced functional (variable projection).
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Mapping
from typing import Any

import torch

from pinnls.errors import SettingsError, SolverError
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import initialize
from pinnls.numeric.least_squares import StreamingLeastSquares, least_squares
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import History, Solution

__all__ = ["solve", "build_basis", "resolve_device", "TrainingInterrupted", "DTYPES"]


DTYPES = {"float64": torch.float64, "float32": torch.float32}

#: The history's error is measured on a grid of at most this many points (the final error uses
#: the full evaluation grid), so that recording it stays cheap in three or more dimensions.
HISTORY_GRID_POINTS = 20_000

#: Training has diverged once the loss exceeds its initial value by this factor; a gradient step
#: that overshoots this far never recovers in practice, and stopping early keeps a usable state.
DIVERGENCE_FACTOR = 1e6


class TrainingInterrupted(KeyboardInterrupt):
    """Ctrl-C during training; ``solution`` holds the state of the last finished iteration."""

    def __init__(self, solution: Solution) -> None:
        super().__init__("training interrupted")
        self.solution = solution


def resolve_device(name: str) -> torch.device:
    """``auto`` means CUDA when available, else the CPU.

    Raises
    ------
    SettingsError
        ``cuda`` was asked for but torch sees no CUDA device.
    """
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise SettingsError(
            "device 'cuda' was requested but torch finds no CUDA device "
            f"(torch {torch.__version__}); use --device cpu or auto"
        )
    if name not in ("cpu", "cuda"):
        raise SettingsError(f"device {name!r}; choose one of auto, cpu, cuda")
    return torch.device(name)


def build_basis(compiled: CompiledProblem, settings: Settings, device=None) -> Basis:
    """A basis on the problem's bounding box, initialized from ``settings.seed``.

    The initialization draws its random numbers on the CPU, so every device starts from the
    same weights.
    """
    device = resolve_device(settings.device) if device is None else torch.device(device)
    basis = Basis(
        compiled.lower,
        compiled.upper,
        width=settings.width,
        depth=settings.depth,
        arch=settings.arch,
        activation=settings.activation,
        constant=settings.constant,
        dtype=DTYPES[settings.dtype],
        device=device,
    )
    generator = torch.Generator().manual_seed(settings.seed)
    return initialize(basis, settings.init, generator, scale=settings.scale)


def solve(
    compiled: CompiledProblem,
    settings: Settings | Mapping[str, Any] | None = None,
    callback: Callable[[dict], None] | None = None,
    resume: Mapping[str, Any] | None = None,
) -> Solution:
    """Train a network on a compiled problem.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings or mapping, optional
    callback : callable, optional
        Called after every recorded iteration with a dict: ``iteration``, ``loss``, ``terms``
        (per-term losses), ``error`` (rel L2, NaN when not measured), ``rank``, ``wall``.
    resume : mapping, optional
        A checkpoint from :meth:`Solution.checkpoint`; training continues from it and ends
        where an uninterrupted run with the same settings would.

    Returns
    -------
    Solution

    Raises
    ------
    SolverError
        NaN or Inf in the loss or the parameters; ``error.solution`` holds the last good state
        (``complete`` is False).
    TrainingInterrupted
        Ctrl-C; ``error.solution`` holds the last finished iteration.
    """
    if not isinstance(settings, Settings):
        settings = Settings.from_mapping(settings or {})
    device = resolve_device(settings.device)
    dtype = DTYPES[settings.dtype]
    trainer = _Trainer(compiled, settings, device, dtype, callback)
    if resume is not None:
        trainer.restore(resume)
    return trainer.run()


class _Trainer:
    """The mutable state of one training run: network, last layer, optimizer, history."""

    def __init__(self, compiled, settings: Settings, device, dtype, callback) -> None:
        self.compiled = compiled
        self.settings = settings
        self.device = device
        self.dtype = dtype
        self.callback = callback
        self.system = System(compiled, dtype, device)
        self.basis = build_basis(compiled, settings, device)
        self.size = self.basis.size
        self.lsgd = settings.optimizer == "lsgd"
        if self.lsgd:
            self.coefficients = torch.zeros(self.size, dtype=dtype, device=device)
            parameters = self.basis.hidden_parameters()
            step = settings.hidden_step
        else:
            # The joint baselines start from the same hidden layers and a small random last
            # layer (torch's default Linear rule), drawn after the hidden initialization.
            generator = torch.Generator().manual_seed(settings.seed + 1)
            bound = 1.0 / math.sqrt(self.size)
            start = (
                torch.rand(self.size, generator=generator, dtype=torch.float64) * 2 - 1
            ) * bound
            self.coefficients = torch.nn.Parameter(start.to(dtype=dtype, device=device))
            parameters = [*self.basis.hidden_parameters(), self.coefficients]
            step = settings.optimizer
        if step == "adam":
            self.optimizer = torch.optim.Adam(parameters, lr=settings.lr)
        else:
            self.optimizer = torch.optim.SGD(parameters, lr=settings.lr)
        self.parameters = parameters
        self.history = History([t.name for t in compiled.terms])
        self.iteration = 0
        self.wall_before = 0.0
        self.rank = -1
        self.condition = math.nan
        self._history_grid = self._make_history_grid()

    # -- checkpoints -------------------------------------------------------------------------

    def restore(self, state: Mapping[str, Any]) -> None:
        try:
            self.basis.load_state_dict(state["basis"])
            with torch.no_grad():
                self.coefficients.copy_(state["coefficients"].to(self.device, self.dtype))
            self.optimizer.load_state_dict(state["optimizer"])
            self.iteration = int(state["iteration"])
            self.history = History.from_state(state["history"])
            self.wall_before = float(state["wall"])
        except (KeyError, RuntimeError, ValueError, TypeError) as error:
            raise SolverError(
                f"the checkpoint does not match this problem and settings: {error}"
            ) from None

    # -- the loop ----------------------------------------------------------------------------

    def run(self) -> Solution:
        settings = self.settings
        start = time.perf_counter() - self.wall_before
        # A resumed run's current iteration is already in its history.
        recorded = bool(len(self.history)) and self.history.iteration[-1] == self.iteration
        good, stepping, stop_reason = None, False, "iterations"
        try:
            while True:
                loss, terms = self._iterate_value()
                wall = time.perf_counter() - start
                initial = self.history.loss[0] if len(self.history) else loss
                if not math.isfinite(loss) or loss > DIVERGENCE_FACTOR * max(initial, 1e-300):
                    if good is not None:
                        self._restore_snapshot(good)
                        self.iteration -= 1
                    raise SolverError(
                        f"training diverged at iteration {self.iteration + 1}: "
                        f"{_divergence(loss, initial)} (optimizer {settings.optimizer}, "
                        f"lr {settings.lr:g}); the last good state is kept"
                    )
                good = self._snapshot()
                if not recorded:
                    self._record(loss, terms, wall)
                recorded = False
                if self.iteration >= settings.iterations:
                    break
                if loss <= settings.tol:
                    stop_reason = "tol"
                    break
                if settings.time_limit is not None and wall >= settings.time_limit:
                    stop_reason = "time_limit"
                    break
                stepping = True
                self._step()
                self.iteration += 1
                stepping = False
        except SolverError as error:
            self._refresh_coefficients()
            error.solution = self._solution(time.perf_counter() - start, False, "diverged")
            raise
        except KeyboardInterrupt:
            # Between iterations the state is consistent; inside a step it may be half-updated,
            # so go back to the state recorded last.
            if stepping and good is not None:
                self._restore_snapshot(good)
            self._refresh_coefficients()
            raise TrainingInterrupted(
                self._solution(time.perf_counter() - start, False, "interrupted")
            ) from None
        return self._solution(time.perf_counter() - start, True, stop_reason)

    def _iterate_value(self) -> tuple[float, dict[str, float]]:
        """Solve for c (LSGD) and measure the loss at the current parameters.

        For LSGD this keeps the assembled system's graph for the following gradient step when
        the system fits in one chunk, so each iteration assembles once.
        """
        # NaN or Inf in the basis needs no scan of A: the least-squares solve rejects it (on its
        # small triangular factor), and without one it reaches the loss.
        self._graph = None
        single = self.system.rows <= self.settings.chunk_size
        if single:
            A, b = self.system.assemble(self.basis)
            if self.lsgd:
                try:
                    self._least_squares(A.detach(), b)
                except SolverError:
                    return math.nan, {}
            residual = A @ self.coefficients - b
            self._graph = residual
            r = residual.detach()
            return float(r.square().sum()), self.system.term_losses(r)
        with torch.no_grad():
            if self.lsgd:
                try:
                    self._take(self._streamed_least_squares())
                except SolverError:
                    return math.nan, {}
            terms = dict.fromkeys((t.name for t in self.system.terms), 0.0)
            for term, A, b in self.system.chunks(self.basis, self.settings.chunk_size):
                terms[term.name] += float((A @ self.coefficients - b).square().sum())
        return sum(terms.values()), terms

    def _step(self) -> None:
        self.optimizer.zero_grad(set_to_none=True)
        if self._graph is not None:
            self._graph.square().sum().backward()
        else:
            c = self.coefficients if not self.lsgd else self.coefficients.detach()
            for _, A, b in self.system.chunks(self.basis, self.settings.chunk_size):
                (A @ c - b).square().sum().backward()
        self._graph = None
        self.optimizer.step()

    def _least_squares(self, A: torch.Tensor, b: torch.Tensor) -> None:
        s = self.settings
        self._take(least_squares(A, b, s.least_squares, s.rcond, s.tikhonov))

    def _streamed_least_squares(self):
        """Least squares over the system in chunks (TSQR), without building a graph."""
        solver = self._streaming()
        with torch.no_grad():
            for _, A, b in self.system.chunks(self.basis, self.settings.chunk_size):
                solver.add(A, b)
        return solver.solve()

    def _streaming(self) -> StreamingLeastSquares:
        s = self.settings
        return StreamingLeastSquares(
            self.size, s.least_squares, s.rcond, s.tikhonov, dtype=self.dtype, device=self.device
        )

    def _take(self, result) -> None:
        self.coefficients = result.coefficients.detach()
        self.rank = result.rank
        self.condition = result.condition

    def _measure_rank(self) -> None:
        """The joint baselines never solve least squares; measure the final basis's rank and
        condition the same way, leaving their last layer untouched."""
        try:
            result = self._streamed_least_squares()
            self.rank, self.condition = result.rank, result.condition
        except SolverError:
            self.rank, self.condition = -1, math.nan

    def _refresh_coefficients(self) -> None:
        """After restoring hidden parameters, make c = LS(theta) hold again (LSGD)."""
        if not self.lsgd:
            return
        try:
            self._take(self._streamed_least_squares())
        except SolverError:
            pass  # no good state to return to (diverged at once): keep the last c

    def _snapshot(self) -> dict:
        """Everything a step changes: parameters, last layer and optimizer moments."""
        return {
            "parameters": [p.detach().clone() for p in self.parameters],
            "coefficients": self.coefficients.detach().clone(),
            "optimizer": copy.deepcopy(self.optimizer.state_dict()),
        }

    def _restore_snapshot(self, snapshot: dict) -> None:
        with torch.no_grad():
            for p, saved in zip(self.parameters, snapshot["parameters"]):
                p.copy_(saved)
            if self.lsgd:
                self.coefficients = snapshot["coefficients"]
        self.optimizer.load_state_dict(snapshot["optimizer"])

    # -- history -----------------------------------------------------------------------------

    def _make_history_grid(self):
        if self.compiled.exact is None:
            return None
        per_axis = max(
            2, min(self.settings.eval_points, int(HISTORY_GRID_POINTS ** (1 / self.compiled.dim)))
        )
        _, points = self.compiled.grid(per_axis)
        exact = self.compiled.exact(points)
        return (
            torch.as_tensor(points, dtype=self.dtype, device=self.device),
            torch.as_tensor(exact, dtype=self.dtype, device=self.device),
        )

    def _record(self, loss: float, terms: dict[str, float], wall: float) -> None:
        error = math.nan
        last = self.iteration >= self.settings.iterations
        if self._history_grid is not None and (
            self.iteration % self.settings.eval_every == 0 or last
        ):
            points, exact = self._history_grid
            with torch.no_grad():
                values = self.basis(points) @ self.coefficients.detach()
            error = _relative_l2(values, exact)
        rank = self.rank if self.lsgd else -1
        self.history.append(self.iteration, loss, terms, error, rank, self.condition, wall)
        if self.callback is not None:
            self.callback(
                {
                    "iteration": self.iteration,
                    "iterations": self.settings.iterations,
                    "loss": loss,
                    "terms": terms,
                    "error": error,
                    "rank": rank,
                    "wall": wall,
                }
            )

    def _solution(self, wall: float, complete: bool, stop_reason: str) -> Solution:
        if not self.lsgd:
            self._measure_rank()
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
            optimizer_state=self.optimizer.state_dict(),
        )


def _divergence(loss: float, initial: float) -> str:
    if not math.isfinite(loss):
        return f"loss is {loss}"
    return f"loss {loss:.3g} is over {DIVERGENCE_FACTOR:g} times the initial {initial:.3g}"


def _relative_l2(values: torch.Tensor, exact: torch.Tensor) -> float:
    norm = float(torch.linalg.vector_norm(exact))
    error = float(torch.linalg.vector_norm(values - exact))
    return error / norm if norm > 0 else error
