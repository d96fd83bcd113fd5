"""Time as a time series: ``solution.pvd`` and its frames, one spatial VTK file per output time.

A problem with a time axis (``compiled.time_axis``) is solved on a space-time box, and the other
files show time as one more coordinate. For ParaView's play button (and
``pyvista.get_reader("solution.pvd").time_values``) the solution is also written as a ParaView
collection:

- ``frames/solution_0000.vtr``, ... : the fields ``u`` (and ``exact`` and ``error`` when the exact
  solution is known; for a system ``p``, ``p_exact``, ``p_error``, ``v``, ... named after its
  unknowns, :mod:`pinnls.io.fields`) on a VTK rectilinear grid of the space axes (the evaluation
  grid's ticks of those axes, mapped to X, Y, Z in order; flat in the missing directions) at one
  time each;
- ``solution.pvd``: the collection that lists them with their times.

The output times are ``linspace(t_lower, t_upper, frames)``, both ends included. A time on a
time-slab interface is evaluated with the later slab, as everywhere (:meth:`Solution.slab_of`).
Problems without a time axis, or with no axis besides time, get no time series; problems with
more than three space axes get none either (a warning is logged).
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from pinnls.io.atomic import atomic_path, write_text_atomic
from pinnls.io.fields import FieldNames, field_names, named_fields
from pinnls.io.runfolder import FRAME_NAME, FRAMES
from pinnls.io.vtk import MAX_VTK_AXES, vtk_order, vtk_strings

__all__ = [
    "DEFAULT_FRAMES",
    "FRAMES_FOLDER",
    "FRAME_NAME",
    "TimeSeries",
    "no_series",
    "time_series",
    "write_pvd",
]

log = logging.getLogger(__name__)

#: Output times of the time series unless ``--frames`` says otherwise.
DEFAULT_FRAMES = 21

#: The folder of the frames, beside ``solution.pvd``, and the pattern of their names
#: (``solution_0000.vtr``), by which the run folder knows the frames of other runs.
FRAMES_FOLDER = FRAMES


@dataclass(frozen=True)
class TimeSeries:
    """The solution at a sequence of times on the spatial part of the evaluation grid.

    Attributes
    ----------
    solution : Solution
    times : (k,) ndarray
        The output times, increasing.
    time_axis : int
        Index of the time axis among the problem's axes.
    space : tuple of int
        Indices of the space axes, in the problem's order.
    ticks : list of ndarray
        The evaluation grid's coordinates of each space axis.
    """

    solution: Any
    times: np.ndarray
    time_axis: int
    space: tuple[int, ...]
    ticks: list[np.ndarray]
    # The fields of each time asked for: solution.pvd's frames and solution.gif show the same
    # times, and evaluating the network twice cost 2.7 s of a 16.5 s write (width 1536,
    # three axes).
    _seen: dict[float, dict[str, np.ndarray]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def axes(self) -> tuple[str, ...]:
        """The names of the space axes."""
        return tuple(self.solution.compiled.axes[i] for i in self.space)

    @property
    def time_name(self) -> str:
        return self.solution.compiled.axes[self.time_axis]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(t) for t in self.ticks)

    def points(self, time: float) -> np.ndarray:
        """The grid points of the space axes at ``time``, (n, d) in C order of the space axes
        (last fastest), with the time in its column."""
        mesh = np.meshgrid(*self.ticks, indexing="ij")
        points = np.empty((mesh[0].size, self.solution.compiled.dim))
        for column, values in zip(self.space, mesh):
            points[:, column] = values.ravel()
        points[:, self.time_axis] = time
        return points

    @property
    def names(self) -> list[FieldNames]:
        """The field names of each unknown (:func:`pinnls.io.fields.field_names`)."""
        compiled = self.solution.compiled
        return field_names(compiled.unknowns if compiled.is_system else None)

    def fields(self, time: float) -> dict[str, np.ndarray]:
        """The fields at ``time``, each flat (n,) in C order of the space axes: ``u`` (and
        ``exact``, ``error`` when known), or for a system ``p``, ``p_exact``, ``p_error``, ``v``,
        ... (:func:`pinnls.io.fields.named_fields`). Evaluated once per time; the arrays are
        shared, not to be changed."""
        if time in self._seen:
            return self._seen[time]
        points = self.points(time)
        compiled = self.solution.compiled
        u = np.asarray(self.solution(points), dtype=np.float64)
        grid: dict[str, object] = {"u": u}
        if compiled.is_system:
            grid["unknowns"] = tuple(compiled.unknowns)
        if compiled.exact is not None:
            grid["exact"] = np.asarray(compiled.exact(points), dtype=np.float64)
            grid["error"] = u - grid["exact"]
        self._seen[time] = named_fields(grid)
        return self._seen[time]

    def slab(self, time: float) -> int | None:
        """The index of the time slab that holds ``time`` (None without slabs)."""
        if not getattr(self.solution, "slabs", ()):
            return None
        point = np.zeros((1, self.solution.compiled.dim))
        point[0, self.time_axis] = time
        return int(self.solution.slab_of(point)[0])


def no_series(compiled) -> str | None:
    """Why a problem has no time series to show (``the problem has no time axis``, ``... no
    axis besides time``), or None: :func:`time_series` skips it, and ``pinnls solve`` warns
    where ``--format`` asked for it by name.

    Parameters
    ----------
    compiled : CompiledProblem

    Returns
    -------
    str or None
    """
    if compiled.time_axis is None:
        return "the problem has no time axis"
    if compiled.dim == 1:
        return "the problem has no axis besides time"
    return None


def time_series(solution, frames: int = DEFAULT_FRAMES, what: str = "solution.pvd"):
    """The time series of a solution, or None when its problem has none to show.

    Parameters
    ----------
    solution : Solution
    frames : int
        Output times (at least 2), evenly spaced over the time axis with both ends.
    what : str
        The file that would show it, for the log messages.

    Returns
    -------
    TimeSeries or None
        None without a time axis or without a space axis (logged at INFO level).
    """
    compiled = solution.compiled
    absent = no_series(compiled)
    if absent is not None:
        log.info("%s: not written, %s", what, absent)
        return None
    axis = compiled.time_axis
    space = tuple(i for i in range(compiled.dim) if i != axis)
    frames = int(frames)
    if frames < 2:
        raise ValueError(f"frames must be at least 2 (the two ends of the time axis), not {frames}")
    per_axis = solution.settings.grid_points(compiled.dim)
    ticks = [np.linspace(compiled.lower[i], compiled.upper[i], per_axis) for i in space]
    times = np.linspace(compiled.lower[axis], compiled.upper[axis], frames)
    return TimeSeries(solution, times, axis, space, ticks)


def frame_name(index: int, count: int) -> str:
    """``solution_0007.vtr``: at least four digits, more when there are more frames."""
    return f"solution_{index:0{max(4, len(str(count - 1)))}d}.vtr"


def write_pvd(series: TimeSeries, path: str | os.PathLike) -> tuple[Path, Path] | None:
    """Write the frames into ``frames/`` beside ``path``, then the collection ``path``.

    Parameters
    ----------
    series : TimeSeries
    path : path-like
        The ``.pvd`` file; its directory must exist. The frames go into its ``frames/`` folder
        (created), each written atomically.

    Returns
    -------
    (Path, Path) or None
        ``path`` and the frames folder, or None when there are more than three space axes
        (nothing is written; a warning is logged).
    """
    import pyvista  # deferred: importing VTK takes a noticeable fraction of a second

    path = Path(path)
    if len(series.space) > MAX_VTK_AXES:
        log.warning(
            f"{path.name} is not written: the problem has {len(series.space)} axes besides "
            f"time ({', '.join(series.axes)}) and VTK grids have at most {MAX_VTK_AXES}"
        )
        return None
    folder = path.parent / FRAMES_FOLDER
    folder.mkdir(exist_ok=True)
    grid = pyvista.RectilinearGrid(*series.ticks)
    grid.field_data["axes"] = vtk_strings(*series.axes)
    grid.field_data["problem"] = vtk_strings(series.solution.compiled.name)
    grid.field_data["time_axis"] = vtk_strings(series.time_name)
    root = ElementTree.Element("VTKFile", type="Collection", version="0.1")
    root.set("byte_order", "LittleEndian")
    collection = ElementTree.SubElement(root, "Collection")
    count = len(series.times)
    for index, time in enumerate(series.times):
        for name, values in series.fields(float(time)).items():
            grid.point_data[name] = vtk_order(values, series.shape)
        grid.set_active_scalars(series.names[0].value)  # u, or a system's first unknown
        grid.field_data["time"] = np.array([float(time)])
        name = frame_name(index, count)
        with atomic_path(folder / name) as temporary:
            grid.save(temporary, binary=True)
        ElementTree.SubElement(
            collection,
            "DataSet",
            timestep=repr(float(time)),
            group="",
            part="0",
            file=f"{FRAMES_FOLDER}/{name}",
        )
    ElementTree.indent(root)
    text = '<?xml version="1.0"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
    return write_text_atomic(path, text), folder
