"""LSGD (paper-notes section 3): the last layer by least squares, the hidden layers by a
gradient step. ``iterations=0`` is least squares alone on the initial basis.

With c = LS(theta) always exact, each iteration is

    A, b = assemble(theta);  c = LS(A, b);  J = ||A c - b||^2;  theta -= step(dJ/dtheta)

Since dJ/dc = 0 at c = LS(theta), the theta-gradient with c held fixed is the gradient of the
reduced functional (variable projection).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import torch

from pinnls.errors import LeastSquaresError, SolverError
from pinnls.numeric.basis import Basis
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings
from pinnls.solution import Solution
from pinnls.training.budget import Budget
from pinnls.training.chunks import Chunks
from pinnls.training.initial import DTYPES, build_basis, resolve_device
from pinnls.training.loop import Callback, Run, train

__all__ = ["run", "solve_last_layer"]


def run(
    compiled: CompiledProblem,
    settings: Settings,
    callback: Callback | None = None,
    resume: Mapping[str, Any] | None = None,
    basis: Basis | None = None,
    budget: Budget | None = None,
) -> Solution:
    """Train by LSGD; see :func:`pinnls.training.solve` for the parameters and errors.

    Parameters
    ----------
    basis : Basis, optional
        Start from this basis instead of a fresh one built from ``settings`` (a strategy that
        runs LSGD as one of its stages).
    """
    basis = build_basis(compiled, settings) if basis is None else basis
    state = Run(
        compiled,
        settings,
        basis,
        torch.zeros(
            # One block of coefficients per unknown of a system.
            basis.size * compiled.unknown_count,
            dtype=DTYPES[settings.dtype],
            device=resolve_device(settings.device),
        ),
        basis.hidden_parameters(),
        settings.hidden_step,
        callback,
        resume,
        budget,
    )
    return train(state, _value, refresh=_refresh)


def solve_last_layer(run: Run, chunks: Chunks) -> None:
    """``c = LS(theta)``: solve for the last layer and record its rank and condition.

    Raises
    ------
    LeastSquaresError
        The solve failed; the message names the iteration and the reason.
    """
    try:
        run.take(chunks.least_squares(run.settings))
    except SolverError as error:
        settings = run.settings
        raise LeastSquaresError(
            f"the least-squares solve failed at iteration {run.iteration}: {error} "
            f"(least_squares {settings.least_squares}, hidden step {settings.hidden_step}, "
            f"lr {settings.lr:g}); the last good state is kept"
        ) from error


def _value(run: Run, chunks: Chunks) -> tuple[float, dict[str, float]]:
    solve_last_layer(run, chunks)
    return chunks.losses(run.coefficients)


def _refresh(run: Run) -> None:
    try:
        solve_last_layer(run, run.chunks())
    except LeastSquaresError:
        pass  # no good state to return to (it failed at once): keep the last c
