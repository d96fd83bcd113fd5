"""The time budget: the one object through which every strategy reads its limits.

A budget holds two limits, of two kinds:

- **the plan** (``seconds``): planned seconds of the cost model (:mod:`pinnls.training.cost`),
  which the automatic strategy charges stage by stage (:meth:`Budget.charge`) and plans with
  (:meth:`Budget.remaining`). No clock enters it, so the same file, settings and seed take the
  same stages on an idle machine and on a saturated one.
- **the deadline** (``deadline``): wall-clock seconds, ``time_limit``, a hard stop. A fixed
  strategy stops its iterations there; the automatic strategy starts no stage that its
  measured pace says would end past it. A run that stops on it says so (``time_limit``).

:meth:`Budget.of` makes the solve's budget from the settings; parts of it are handed down: a
time slab gets its share (:meth:`Budget.share`), the automatic strategy's marching what its
probes left (:meth:`Budget.rest`); a part's charges are charged to its parent too. Under
``--nproc`` the clock is rank 0's (:func:`~pinnls.training.collectives.first_value`); the plan
is the same on every process by construction.
"""

from __future__ import annotations

import math
import time

from pinnls.training import collectives

__all__ = ["Budget", "AUTO_BUDGET"]

#: The automatic strategy's plan in planned seconds when neither ``budget`` nor ``time_limit``
#: is set.
AUTO_BUDGET = 60.0


class Budget:
    """Planned seconds and a wall-clock deadline, counted from when the budget was made.

    Parameters
    ----------
    seconds : float or None
        The plan, in planned seconds; None for no plan limit.
    deadline : float or None
        The hard stop, wall-clock seconds from now; None for none.
    spent : float
        Wall seconds already spent before (a resumed run's earlier training): the deadline
        counts them.
    parent : Budget, optional
        Charged with every charge of this one.
    """

    def __init__(
        self,
        seconds: float | None,
        deadline: float | None = None,
        spent: float = 0.0,
        parent: Budget | None = None,
    ) -> None:
        self.seconds = None if seconds is None else float(seconds)
        self.deadline = None if deadline is None else float(deadline)
        self.charged = 0.0
        self._started = time.perf_counter() - spent
        self._parent = parent

    @classmethod
    def of(cls, settings) -> Budget:
        """The budget that ``settings`` give a whole solve.

        The automatic strategy plans ``budget`` planned seconds (else ``time_limit``, else
        :data:`AUTO_BUDGET`) and stops hard at ``time_limit``; a fixed strategy has no plan
        and stops at ``time_limit``.
        """
        if settings.optimizer != "auto":
            return cls(None, settings.time_limit)
        plan = settings.budget if settings.budget is not None else settings.time_limit
        return cls(AUTO_BUDGET if plan is None else plan, settings.time_limit)

    # -- the plan ------------------------------------------------------------------------------

    def remaining(self) -> float:
        """Planned seconds left (negative once spent, inf without a plan limit)."""
        return math.inf if self.seconds is None else self.seconds - self.charged

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` planned seconds as spent, here and in every parent."""
        self.charged += seconds
        if self._parent is not None:
            self._parent.charge(seconds)

    def share(self, parts: int, floor: float = 1e-3) -> Budget:
        """A part for one of ``parts`` equal pieces of what is left (at least ``floor``).

        With a plan, the part plans its share and keeps the whole deadline (a hard stop is the
        run's); without one (a fixed strategy), the part gets its share of the wall time left.
        """
        if self.seconds is not None:
            plan = max(self.remaining() / parts, floor)
            return Budget(plan, self.deadline_left(), parent=self)
        left = self.deadline_left()
        return Budget(None, None if left is None else max(left / parts, floor), parent=self)

    def rest(self, floor: float) -> Budget:
        """A part for all that is left (at least ``floor``)."""
        return self.share(1, floor)

    # -- the clock -----------------------------------------------------------------------------

    def elapsed(self) -> float:
        """Wall seconds since the budget was made (this process's clock)."""
        return time.perf_counter() - self._started

    def wall_left(self) -> float:
        """Wall seconds to the deadline (inf without one); rank 0's under ``--nproc``."""
        left = self.deadline_left()
        return math.inf if left is None else collectives.first_value(left)

    def spent(self) -> bool:
        """Whether the deadline has passed; rank 0 decides for every process."""
        if self.deadline is None:
            return False
        return collectives.first_decides(self.elapsed() >= self.deadline)

    def deadline_left(self) -> float | None:
        """Wall seconds to the deadline on this process's clock; None without one."""
        return None if self.deadline is None else self.deadline - self.elapsed()

    def __repr__(self) -> str:
        plan = "no plan" if self.seconds is None else f"plan {self.charged:g}/{self.seconds:g} s"
        stop = "" if self.deadline is None else f", deadline {self.deadline:g} s"
        return f"Budget({plan}{stop}, {self.elapsed():.2f} s elapsed)"
