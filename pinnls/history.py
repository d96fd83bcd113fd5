"""The per-iteration record of a training run (torch-free: checkpoints and readers use it)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["History"]


class History:
    """Per-iteration record of a training run.

    Attributes
    ----------
    iteration : list of int
    loss : list of float
        Total loss ``sum_k eps_k mean |L_k[NN] - f_k|^2``.
    terms : dict of str to list of float
        The per-term losses (each already multiplied by its weight).
    error : list of float
        Relative L2 error against the exact solution on the history grid (NaN where not
        measured).
    rank : list of int
        Numerical rank of the least-squares system (-1 where not measured).
    condition : list of float
    wall : list of float
        Seconds since training started.
    slab : list of int
        The time slab the row belongs to (0 without slabs).
    """

    FIELDS = ("iteration", "loss", "error", "rank", "condition", "wall", "slab")

    def __init__(self, term_names: list[str]) -> None:
        self.iteration: list[int] = []
        self.loss: list[float] = []
        self.error: list[float] = []
        self.rank: list[int] = []
        self.condition: list[float] = []
        self.wall: list[float] = []
        self.slab: list[int] = []
        self.terms: dict[str, list[float]] = {name: [] for name in term_names}

    def append(self, iteration, loss, terms, error, rank, condition, wall, slab=0) -> None:
        self.iteration.append(int(iteration))
        self.loss.append(float(loss))
        self.error.append(float(error))
        self.rank.append(int(rank))
        self.condition.append(float(condition))
        self.wall.append(float(wall))
        self.slab.append(int(slab))
        for name in self.terms:
            self.terms[name].append(float(terms.get(name, math.nan)))

    def __len__(self) -> int:
        return len(self.iteration)

    def arrays(self) -> dict[str, np.ndarray]:
        """Every column as a numpy array; term losses under ``terms/<name>``."""
        out = {name: np.asarray(getattr(self, name)) for name in self.FIELDS}
        out.update({f"terms/{k}": np.asarray(v) for k, v in self.terms.items()})
        return out

    def state(self) -> dict[str, Any]:
        """Plain lists, for checkpoints."""
        return {name: list(getattr(self, name)) for name in self.FIELDS} | {
            "terms": {k: list(v) for k, v in self.terms.items()}
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> History:
        history = cls(list(state["terms"]))
        for name in cls.FIELDS:
            # A history without a slab column (an older checkpoint) is one slab: every row 0.
            default = [0] * len(state["iteration"]) if name == "slab" else None
            setattr(history, name, list(state.get(name, default)))
        history.terms = {k: list(v) for k, v in state["terms"].items()}
        return history
