"""Error measures of evaluated fields: numpy only, so that readers of results need no torch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["field_errors"]


def field_errors(fields: Mapping[str, Any]) -> dict[str, float] | None:
    """Errors of evaluated grid fields against the exact solution.

    Parameters
    ----------
    fields : mapping
        As returned by ``Solution.grid``: ``u`` and, when known, ``exact``, each an (m**d,)
        array (any matching shapes work).

    Returns
    -------
    dict or None
        ``rel_l2`` = ``||u - exact|| / ||exact||`` and ``max`` = ``max |u - exact|``. Where the
        exact solution is zero, a relative error is undefined: ``rel_l2`` is then the root mean
        square of ``u - exact`` (absolute, not above ``max``, whatever the grid's size) and
        ``absolute`` is True; None without an exact solution. For a system
        (``unknowns`` in the fields, ``u`` and ``exact`` (n, k)) these are over all unknowns
        stacked, and ``unknowns`` maps each name to its own ``rel_l2`` and ``max``. With
        ``inside`` ((n,) bool, on a shape), only the points inside count. Points where the
        exact solution is not finite are left out, and ``undefined`` counts them (present only
        when there are some).
    """
    if fields.get("exact") is None:
        return None
    u, exact = np.asarray(fields["u"]), np.asarray(fields["exact"])
    if fields.get("inside") is not None:
        inside = np.asarray(fields["inside"], dtype=bool)
        u, exact = u[inside], exact[inside]
    names = fields.get("unknowns")
    if names is not None and u.ndim == 2:
        out = _errors(u, exact)
        out["unknowns"] = {
            name: _errors(u[:, index], exact[:, index]) for index, name in enumerate(names)
        }
        return out
    return _errors(u, exact)


def _errors(u: np.ndarray, exact: np.ndarray) -> dict[str, float]:
    # Where the exact solution is undefined (NaN at a corner where data that disagree meet,
    # which pinnls.run.check_exact_on_grid allows only on the box's edges) the point is left
    # out, and counted, rather than making every error NaN.
    defined = np.isfinite(exact).reshape(exact.shape[0], -1).all(axis=1)
    undefined = int(defined.size - defined.sum())
    if undefined:
        u, exact = u[defined], exact[defined]
    if not exact.size:  # undefined everywhere: nothing measured
        return {"rel_l2": float("nan"), "max": float("nan"), "undefined": undefined}
    norm = float(np.linalg.norm(exact))
    difference = float(np.linalg.norm(u - exact))
    out = {
        # where the exact field is zero (an unknown that vanishes, as v in a wave that runs
        # along x) the 2-norm alone grew with the grid's size and read 1.56 against a max of
        # 0.033 (a new user's shallow water): the root mean square does neither
        "rel_l2": difference / norm if norm > 0 else float(difference / np.sqrt(exact.size)),
        "max": float(np.max(np.abs(u - exact))),
    }
    if not norm > 0:
        out["absolute"] = True
    if undefined:
        out["undefined"] = undefined
    return out
