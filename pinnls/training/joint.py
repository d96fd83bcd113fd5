"""The baselines: Adam or plain gradient descent on the hidden layers and the last layer
jointly, from the same hidden initialization as LSGD (paper-notes section 3)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import torch

from pinnls.errors import SolverError
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import Solution
from pinnls.training.budget import Budget
from pinnls.training.chunks import Chunks
from pinnls.training.initial import DTYPES, build_basis, resolve_device
from pinnls.training.loop import Callback, Run, train

__all__ = ["run"]


def run(
    compiled: CompiledProblem,
    settings: Settings,
    callback: Callback | None = None,
    resume: Mapping[str, Any] | None = None,
    budget: Budget | None = None,
) -> Solution:
    """Train every parameter with ``settings.optimizer`` (``adam`` or ``gd``); see
    :func:`pinnls.training.solve` for the parameters and errors."""
    basis = build_basis(compiled, settings)
    # A small random last layer (torch's default Linear rule), drawn after the hidden
    # initialization from its own generator.
    generator = torch.Generator().manual_seed(settings.seed + 1)
    bound = 1.0 / math.sqrt(basis.size)
    columns = basis.size * compiled.unknown_count  # one block per unknown of a system
    start = (torch.rand(columns, generator=generator, dtype=torch.float64) * 2 - 1) * bound
    device = resolve_device(settings.device)
    coefficients = torch.nn.Parameter(start.to(dtype=DTYPES[settings.dtype], device=device))
    state = Run(
        compiled,
        settings,
        basis,
        coefficients,
        [*basis.hidden_parameters(), coefficients],
        settings.optimizer,
        callback,
        resume,
        budget,
    )
    return train(state, _value, finish=_measure_rank)


def _value(run: Run, chunks: Chunks) -> tuple[float, dict[str, float]]:
    return chunks.losses(run.coefficients)


def _measure_rank(run: Run) -> None:
    """Training never solved least squares: measure the final basis's rank and condition the
    way LSGD does, leaving the last layer untouched."""
    try:
        result = run.chunks().least_squares(run.settings)
        run.rank, run.condition, run.columns = result.rank, result.condition, result.columns
    except SolverError:
        run.rank, run.condition = -1, math.nan
