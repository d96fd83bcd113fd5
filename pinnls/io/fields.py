"""The names of the fields in the result files, one unknown or a system of them.

One unknown keeps the names it always had, whatever its function is called: ``u``, ``exact``
and ``error``. A system of unknowns (``Problem([p(x, t), v(x, t)], ...)``) gets three fields
per unknown, named after it: ``p``, ``p_exact``, ``p_error``, ``v``, ``v_exact``, ``v_error``.
Every writer (HDF5, XDMF, VTK, the time series, the GIF, the plots) and every reader takes its
names from here, so that the files agree (``docs/output-format.md``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

__all__ = [
    "FieldNames",
    "field_names",
    "declared",
    "named_fields",
    "unknown_names",
    "errors_by_unknown",
]


@dataclass(frozen=True)
class FieldNames:
    """The names of one unknown's fields in the result files.

    Attributes
    ----------
    unknown : str
        The unknown as the files name it: ``u`` for a single unknown, else its function name.
    value, exact, error : str
        Its fields: ``u``, ``exact``, ``error`` for a single unknown; ``p``, ``p_exact``,
        ``p_error`` for the unknown ``p`` of a system.
    system : bool
        Whether it is one of several unknowns.
    """

    unknown: str
    value: str
    exact: str
    error: str
    system: bool = False

    @property
    def std(self) -> str:
        """Its standard deviation field (data with ``noise=``): ``u_std``, ``p_std``."""
        return f"{self.value}_std"

    def label(self, role: str) -> str:
        """A short human label of a field: ``u``, ``exact``, ``error u - exact`` (with the
        unknown's name, which a caller may set to the declared one), or for a
        system ``p``, ``exact p``, ``error p - exact``."""
        name = self.unknown
        if role == "value":
            return name
        if role == "exact":
            return f"exact {name}" if self.system else "exact"
        return f"error {name} - exact"


def declared(which: FieldNames, unknowns: Sequence[str]) -> FieldNames:
    """A single unknown's fields (``u``, ``exact``, ``error``) labelled with its declared name,
    for plots: a temperature ``T(x, y, t)`` was drawn as "network solution u". The fields keep
    their names; a system's, named after their unknowns already, are returned as they are.

    Parameters
    ----------
    which : FieldNames
    unknowns : sequence of str
        The problem's unknowns (``CompiledProblem.unknowns``).

    Returns
    -------
    FieldNames
    """
    if which.system or len(unknowns) != 1:
        return which
    return replace(which, unknown=str(unknowns[0]))


def unknown_names(fields: Mapping[str, Any]) -> tuple[str, ...]:
    """The unknowns' names as the files use them: the fields' ``unknowns`` (a system), else
    ``("u",)``."""
    names = fields.get("unknowns")
    return ("u",) if names is None else tuple(str(name) for name in names)


def field_names(unknowns: Sequence[str] | None) -> list[FieldNames]:
    """The field names of each unknown, in the order given.

    Parameters
    ----------
    unknowns : sequence of str or None
        A system's unknowns (two or more names); None or a single name for one unknown, whose
        fields are ``u``, ``exact`` and ``error`` whatever its name.

    Returns
    -------
    list of FieldNames

    Raises
    ------
    ValueError
        Two fields of a system would share a name (an unknown ``p`` beside one named
        ``p_exact``).
    """
    if unknowns is None or len(unknowns) <= 1:
        return [FieldNames("u", "u", "exact", "error")]
    out = [FieldNames(str(n), str(n), f"{n}_exact", f"{n}_error", True) for n in unknowns]
    every = [name for f in out for name in (f.value, f.exact, f.error)]
    clash = sorted({name for name in every if every.count(name) > 1})
    if clash:
        raise ValueError(
            f"the unknowns {', '.join(unknowns)} give two fields the name '{clash[0]}' in the "
            "result files; rename an unknown"
        )
    return out


def named_fields(fields: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """The scalar fields of ``Solution.grid()`` (or of the same layout), under their names in
    the files.

    Parameters
    ----------
    fields : mapping
        ``u`` ((n,), or (n, m) for a system, whose ``unknowns`` names the m columns) and, when
        known, ``exact`` and ``error`` of the same shape.

    Returns
    -------
    dict of str to (n,) float64 ndarray
        Per unknown its value, then its exact solution and its error when known: ``u``,
        ``exact``, ``error``; or ``p``, ``p_exact``, ``p_error``, ``v``, ... for a system.
    """
    names = field_names(fields.get("unknowns"))
    system = names[0].system
    out: dict[str, np.ndarray] = {}
    for column, which in enumerate(names):
        for role in ("value", "exact", "error"):
            data = fields.get("u" if role == "value" else role)
            if data is None:
                continue
            data = np.asarray(data, dtype=np.float64)
            # a system's (n, m) arrays give one column per unknown; one unknown is (n,)
            out[getattr(which, role)] = data[:, column] if system else data.reshape(-1)
        if fields.get("std") is not None:  # data with noise=: the pointwise uncertainty
            data = np.asarray(fields["std"], dtype=np.float64)
            out[which.std] = data[:, column] if system else data.reshape(-1)
    return out


def errors_by_unknown(errors: Mapping[str, Any] | None, unknowns: Sequence[str]) -> dict | None:
    """Each unknown's ``rel_l2`` and ``max`` from :func:`pinnls.metrics.field_errors`' result.

    Parameters
    ----------
    errors : mapping or None
        ``field_errors(fields)``: for a system it holds ``unknowns`` ({name: {rel_l2, max}});
        for one unknown its own ``rel_l2`` and ``max`` are the unknown's.
    unknowns : sequence of str
        The names in the files (:func:`unknown_names`).

    Returns
    -------
    dict or None
        ``{name: {"rel_l2": float, "max": float}}`` in the order of ``unknowns`` (with
        ``"absolute": True`` where that unknown's exact solution is zero, and ``rel_l2`` its
        error's root mean square); None without an exact solution.
    """
    if errors is None:
        return None
    if "unknowns" in errors:
        return {name: dict(errors["unknowns"][name]) for name in unknowns}
    # "absolute": the exact solution is zero (pinnls.metrics), which the report says
    return {unknowns[0]: {k: errors[k] for k in ("rel_l2", "max", "absolute") if k in errors}}
