"""The progress bar of a solve: ``pinnls solve`` draws it on a terminal, ``pinnls.solve(...,
progress=True)`` in a notebook or a terminal. It is the one place outside ``pinnls/cli`` that
writes output, and only when asked to.
"""

from __future__ import annotations

import math
import sys
import time

__all__ = ["PROGRESS_INTERVAL", "Progress"]

#: Seconds between two redraws of the progress bar: a fast run reports hundreds of iterations
#: a second, and redrawing each one costs time and floods a slow terminal.
PROGRESS_INTERVAL = 0.25


class Progress:
    """A tqdm bar on stderr that redraws at most once per :data:`PROGRESS_INTERVAL` seconds
    (and a last time when it closes); its ``update`` is the solve's callback.

    Parameters
    ----------
    enabled : bool
        False: every call does nothing (the CLI passes whether stderr is a terminal).
    total : int or None
        Iterations of a fixed strategy; None for the automatic one (it counts stages).
    notebook : bool
        Use ``tqdm.auto``: a widget in Jupyter, a text bar elsewhere.
    """

    def __init__(self, enabled: bool, total: int | None, notebook: bool = False) -> None:
        self.bar = None
        self._drawn = -math.inf
        if enabled:
            if notebook:
                from tqdm.auto import tqdm
            else:
                from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                file=sys.stderr,
                unit="it",
                dynamic_ncols=True,
                mininterval=PROGRESS_INTERVAL,
            )

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._drawn >= PROGRESS_INTERVAL:
            self._drawn = now
            self.bar.refresh()

    def update(self, event: dict) -> None:
        if self.bar is None:
            return
        slab = f"slab {event['slab'] + 1}/{event['slabs']} " if "slab" in event else ""
        if "estimate" in event:  # a stage of the automatic strategy
            self.bar.n = event["index"]
            self.bar.unit = "stage"
            self.bar.set_description_str(f"{slab}auto {event['stage']}", refresh=False)
            postfix = {
                "width": event["width"],
                "act": event["activation"],
                "est": f"{event['estimate']:.2e}",
                "best": f"{event['best']:.2e}",
            }
            self.bar.set_postfix(postfix, refresh=False)
            self._refresh()
            return
        if "iterations" in event and event["iterations"] is not None:
            self.bar.total = event["iterations"]
        self.bar.n = event["iteration"]
        if slab:
            self.bar.set_description_str(slab.strip(), refresh=False)
        postfix = {"loss": f"{event['loss']:.2e}", "rank": event["rank"]}
        if not math.isnan(event["error"]):
            postfix["err"] = f"{event['error']:.2e}"
        self.bar.set_postfix(postfix, refresh=False)
        self._refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.refresh()  # the last state, whatever the interval skipped
            self.bar.close()
            self.bar = None
