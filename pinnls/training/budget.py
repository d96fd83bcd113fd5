"""The time budget: the one object through which every strategy reads its time limit.

A :class:`Budget` is made once per solve from the settings (:meth:`Budget.of`: ``time_limit``,
or :data:`AUTO_TIME_LIMIT` for the automatic strategy, or no limit for a fixed one), and parts
of it are handed down: a time slab gets its share (:meth:`Budget.share`), the automatic
strategy's marching gets what its probes left (:meth:`Budget.rest`). Under ``--nproc`` the
clock is rank 0's (:func:`~pinnls.training.collectives.first_value`), so every process decides
alike.
"""

from __future__ import annotations

import math
import time

from pinnls.training import collectives

__all__ = ["Budget", "AUTO_TIME_LIMIT"]

#: The automatic strategy's budget in seconds when ``time_limit`` is not set.
AUTO_TIME_LIMIT = 60.0


class Budget:
    """Seconds a strategy may spend, counted from when the budget was made.

    Parameters
    ----------
    seconds : float or None
        The limit; None for none.
    spent : float
        Seconds already spent before (a resumed run's earlier training).
    """

    def __init__(self, seconds: float | None, spent: float = 0.0) -> None:
        self.seconds = None if seconds is None else float(seconds)
        self._started = time.perf_counter() - spent

    @classmethod
    def of(cls, settings) -> Budget:
        """The budget that ``settings`` give a whole solve: ``time_limit``, else
        :data:`AUTO_TIME_LIMIT` for the automatic strategy and no limit for a fixed one."""
        if settings.time_limit is not None:
            return cls(settings.time_limit)
        return cls(AUTO_TIME_LIMIT if settings.optimizer == "auto" else None)

    @property
    def limited(self) -> bool:
        return self.seconds is not None

    def elapsed(self) -> float:
        """Seconds since the budget was made (this process's clock)."""
        return time.perf_counter() - self._started

    def remaining(self) -> float:
        """Seconds left (negative once spent, inf without a limit); rank 0's under ``--nproc``."""
        if self.seconds is None:
            return math.inf
        return collectives.first_value(self.seconds - self.elapsed())

    def spent(self) -> bool:
        """Whether the limit is reached; rank 0 decides for every process."""
        if self.seconds is None:
            return False
        return collectives.first_decides(self.elapsed() >= self.seconds)

    def share(self, parts: int, floor: float = 1e-3) -> Budget:
        """A new budget of an equal share of what is left among ``parts`` (at least ``floor``
        seconds); no limit stays no limit."""
        if self.seconds is None:
            return Budget(None)
        return Budget(max(self.remaining() / parts, floor))

    def rest(self, floor: float) -> Budget:
        """A new budget of what is left (at least ``floor`` seconds)."""
        return self.share(1, floor)

    def __repr__(self) -> str:
        limit = "no limit" if self.seconds is None else f"{self.seconds:g} s"
        return f"Budget({limit}, {self.elapsed():.2f} s spent)"
