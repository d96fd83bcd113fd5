"""``solution.vtr``: the fields on a VTK rectilinear grid (pyvista), for ParaView and pyvista.

VTK numbers the points of a structured grid with the first axis fastest (Fortran order), while
pinnls fields are flat in C order (last axis fastest); :func:`vtk_order` converts. The problem's
axes map to VTK's X, Y, Z in order (for ``u(x, y, t)``: X = x, Y = y, Z = t); a grid with fewer
than three axes is flat in the missing directions. Grids with more than three axes are not
written.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from pinnls.io.atomic import atomic_path
from pinnls.io.fields import named_fields

__all__ = ["write_vtk", "vtk_order", "vtk_strings", "MAX_VTK_AXES"]

log = logging.getLogger(__name__)

#: VTK grids have at most three coordinates.
MAX_VTK_AXES = 3


def vtk_strings(*texts: str) -> np.ndarray:
    """Texts as a VTK string array, which holds ASCII only: other characters as Python's
    backslash escapes (a problem named ``Wärmeleitung`` is ``W\\xe4rmeleitung`` there; the
    HDF5 file and report.json keep the name as written).

    Parameters
    ----------
    *texts : str

    Returns
    -------
    (len(texts),) ndarray of str
    """
    return np.array(
        [str(text).encode("ascii", "backslashreplace").decode("ascii") for text in texts],
        dtype=str,
    )


def vtk_order(values: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Reorder a flat C-order field of a grid of ``shape`` into VTK's point order.

    Parameters
    ----------
    values : (prod(shape),) ndarray
        Flat in C order (last axis fastest), as :meth:`Solution.grid` returns it.
    shape : tuple of int
        Points per axis (m_1, ..., m_d).

    Returns
    -------
    (prod(shape),) ndarray
        Flat in Fortran order (first axis fastest).
    """
    return np.asarray(values).reshape(shape).ravel(order="F")


def write_vtk(
    solution, path: str | os.PathLike, fields: Mapping[str, Any] | None = None
) -> Path | None:
    """Write the fields as a ``vtkRectilinearGrid`` (``.vtr``) atomically.

    The point data are ``u``, ``exact`` and ``error`` (the last two when the exact solution is
    known), or for a system three arrays per unknown named after it: ``p``, ``p_exact``,
    ``p_error``, ``v``, ...

    Parameters
    ----------
    solution : Solution
    path : path-like
        The ``.vtr`` file to write; its directory must exist.
    fields : mapping, optional
        ``solution.grid()``; evaluated here when not given.

    Returns
    -------
    Path or None
        ``path``, or None when the problem has more than three axes (nothing is written, and a
        warning is logged).
    """
    import pyvista  # deferred: importing VTK takes a noticeable fraction of a second

    axes = tuple(solution.compiled.axes)
    if len(axes) > MAX_VTK_AXES:
        message = (
            f"solution.vtr is not written: the problem has {len(axes)} axes "
            f"({', '.join(axes)}) and VTK grids have at most {MAX_VTK_AXES}"
        )
        log.warning(message)
        return None
    fields = solution.grid() if fields is None else fields
    ticks = [np.asarray(t, dtype=np.float64) for t in fields["axes"]]
    shape = tuple(len(t) for t in ticks)
    grid = pyvista.RectilinearGrid(*ticks)
    # u, exact, error; for a system p, p_exact, p_error, v, ... (pinnls.io.fields)
    named = named_fields(fields)
    for name, values in named.items():
        grid.point_data[name] = vtk_order(values, shape)
    if fields.get("inside") is not None:
        # a shape: the fields are NaN outside it, and vtkGhostType marks those points hidden
        # (VTK's HIDDENPOINT, 2), so ParaView and pyvista draw the shape alone
        inside = np.asarray(fields["inside"], dtype=bool)
        grid.point_data["inside"] = vtk_order(inside.astype(np.uint8), shape)
        grid.point_data["vtkGhostType"] = vtk_order(np.where(inside, 0, 2).astype(np.uint8), shape)
    grid.field_data["axes"] = vtk_strings(*axes)
    grid.field_data["problem"] = vtk_strings(solution.compiled.name)
    if named:
        grid.set_active_scalars(next(iter(named)))  # u, or the first unknown of a system
    path = Path(path)
    with atomic_path(path) as temporary:
        grid.save(temporary, binary=True)
    return path
