"""Result files: HDF5, VTK, the XDMF sidecar, the time series (``solution.pvd`` and its frames),
the GIF animation, PNG plots and ``report.json``.

A run's files are written into a private staging folder and then replace the previous results in
one commit (:mod:`pinnls.io.runfolder`), under a lock that refuses a second run into the same
folder; each file is also written atomically (:mod:`pinnls.io.atomic`). The layout of each file
is documented in ``docs/output-format.md``.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pinnls.io.atomic import atomic_path, write_text_atomic
from pinnls.io.fields import named_fields
from pinnls.io.frames import DEFAULT_FRAMES, FRAMES_FOLDER, time_series, write_pvd
from pinnls.io.hdf5 import ResultFileError, read_info, write_hdf5
from pinnls.io.manifest import check_folder
from pinnls.io.plots import plot_history, plot_solution
from pinnls.io.report import build_report, write_report
from pinnls.io.runfolder import OutputFolderBusyError, RunFolder
from pinnls.io.vtk import write_vtk
from pinnls.io.xdmf import write_xdmf

__all__ = [
    "DEFAULT_FRAMES",
    "FORMATS",
    "FILE_NAMES",
    "OutputFolderBusyError",
    "ResultFileError",
    "RunFolder",
    "atomic_path",
    "build_report",
    "check_folder",
    "parse_formats",
    "plot_history",
    "plot_solution",
    "read_info",
    "stage_results",
    "write_gif",
    "write_hdf5",
    "write_pvd",
    "write_report",
    "write_results",
    "write_text_atomic",
    "write_vtk",
    "write_xdmf",
]

log = logging.getLogger(__name__)

#: The formats that ``--format`` may list, all on by default; ``report.json`` is always
#: written. ``pvd`` (the time series) and ``gif`` (the animation) are written only for problems
#: with a time axis (``gif``: and one or two space axes), and skipped quietly for the others.
FORMATS = ("h5", "vtk", "xdmf", "png", "pvd", "gif")

#: File names in the output directory, by the keys that :func:`write_results` returns.
FILE_NAMES = {
    "h5": "solution.h5",
    "vtk": "solution.vtr",
    "xdmf": "solution.xdmf",
    "history_png": "history.png",
    "solution_png": "solution.png",
    "pvd": "solution.pvd",
    "frames": FRAMES_FOLDER,
    "gif": "solution.gif",
    "report": "report.json",
}


def parse_formats(formats: str | Iterable[str]) -> tuple[str, ...]:
    """Validate a format list (a sequence, or a comma-separated string such as ``"h5,png"``).

    Returns
    -------
    tuple of str
        The formats in :data:`FORMATS` order, without repeats.

    Raises
    ------
    ValueError
        An unknown format; the message lists the choices.
    """
    if isinstance(formats, str):
        formats = formats.split(",")
    wanted = {f.strip().lower() for f in formats if f.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown output format '{unknown[0]}'; choose from {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted)


def check_frames(frames: int) -> int:
    """``frames`` as an int of at least 2 (both ends of the time axis); ValueError otherwise."""
    if isinstance(frames, bool) or int(frames) != frames or frames < 2:
        raise ValueError(f"frames must be an integer of at least 2, not {frames!r}")
    return int(frames)


def write_gif(series, path):
    """:func:`pinnls.io.animation.write_gif` (imported on first use: matplotlib.animation)."""
    from pinnls.io.animation import write_gif as write

    return write(series, path)


def write_results(
    solution,
    directory: str | os.PathLike,
    formats: str | Iterable[str] = FORMATS,
    metadata: Mapping[str, Any] | None = None,
    folder: RunFolder | None = None,
    frames: int = DEFAULT_FRAMES,
) -> dict[str, Path]:
    """Write the result files of a solve into ``directory`` as one run.

    The folder is locked for the call (:class:`~pinnls.io.runfolder.RunFolder`), the files are
    staged by :func:`stage_results`, and then they replace the previous results in one commit:
    a failure or a kill at any point leaves either the previous run's files or this run's, never
    a mixture (``docs/output-format.md``).

    Parameters
    ----------
    solution : Solution
        A finished or partial (``complete=False``) solve.
    directory : path-like
        Created (with parents) when missing.
    formats : str or iterable of str
        A subset of :data:`FORMATS` (or a comma-separated string); see :func:`stage_results`.
    metadata : mapping, optional
        Provenance, e.g. ``problem_file``, ``problem_sha256``, ``pinnls_version``, ``command``;
        stored as root attributes of ``solution.h5`` and as top-level fields of
        ``report.json``.
    folder : RunFolder, optional
        The run's folder when the caller already holds it (``pinnls solve`` takes the lock
        before training and stages ``checkpoint.pt`` first); it is committed here.
    frames : int
        Output times of the time series (``solution.pvd``), at least 2; see
        :func:`stage_results`.

    Returns
    -------
    dict of str to Path
        The files written, by the keys of :data:`FILE_NAMES` (``h5``, ``vtk``, ``xdmf``,
        ``history_png``, ``solution_png``, ``pvd``, ``frames`` (the folder), ``gif``,
        ``report``).

    Raises
    ------
    ValueError
        An unknown format.
    OutputFolderBusyError
        Another live run holds ``directory``.
    """
    formats = parse_formats(formats)
    frames = check_frames(frames)
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = stack.enter_context(RunFolder(directory))
        metadata = {**(metadata or {}), "run_id": folder.run_id}
        staged = stage_results(solution, folder.staging, formats, metadata, frames=frames)
        folder.commit()
    return {key: folder.out / path.name for key, path in staged.items()}


def stage_results(
    solution,
    directory: str | os.PathLike,
    formats: str | Iterable[str] = FORMATS,
    metadata: Mapping[str, Any] | None = None,
    frames: int = DEFAULT_FRAMES,
) -> dict[str, Path]:
    """Write the result files of a solve into ``directory`` (a run's staging folder), without
    a lock or a commit; :func:`write_results` and ``pinnls solve`` add those.

    The fields are evaluated once (``solution.grid()``, ``settings.eval_points`` per axis) and
    shared by every writer. Files are written in the order h5, xdmf, vtk, png, pvd (its frames
    first), gif and report, each atomically; ``report.json`` comes last.

    Parameters
    ----------
    solution : Solution
    directory : path-like
        Created (with parents) when missing.
    formats : str or iterable of str
        A subset of :data:`FORMATS`. ``report.json`` is always written. ``xdmf`` is a sidecar
        that points into ``solution.h5``, so asking for ``xdmf`` writes ``solution.h5`` too.
        ``vtk`` and ``xdmf`` are skipped, with a logged warning, for problems with more than
        three axes. ``pvd`` (``solution.pvd`` and ``frames/``) and ``gif`` are skipped, logged
        at INFO level, for problems without a time axis or with no other axis; ``pvd`` with a
        warning beyond three space axes, ``gif`` quietly beyond two.
    metadata : mapping, optional
        As for :func:`write_results`; a ``run_id`` key marks every file with the run.
    frames : int
        Output times of the time series, evenly spaced over the time axis with both ends (at
        least 2); ``solution.gif`` shows at most 30 of them.

    Returns
    -------
    dict of str to Path
        The files written, by the keys of :data:`FILE_NAMES`.
    """
    formats = parse_formats(formats)
    frames = check_frames(frames)
    if "xdmf" in formats and "h5" not in formats:
        log.info("format xdmf needs solution.h5; writing it too")
        formats = ("h5", *formats)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    fields = solution.grid()
    paths = {key: directory / name for key, name in FILE_NAMES.items()}
    written: dict[str, Path] = {}
    if "h5" in formats:
        written["h5"] = write_hdf5(solution, paths["h5"], fields=fields, metadata=metadata)
    compiled = solution.compiled
    if "xdmf" in formats and compiled.dim > 1 and "points" in compiled.axes:
        log.warning("solution.xdmf is not written: an axis is named 'points' (no /grid/points)")
        formats = tuple(f for f in formats if f != "xdmf")
    if "xdmf" in formats:
        names = list(named_fields(fields))  # u, exact, error; or p, p_exact, p_error, v, ...
        shape = tuple(len(t) for t in fields["axes"])
        path = write_xdmf(
            paths["xdmf"],
            paths["h5"],
            solution.compiled.axes,
            shape,
            names,
            name=solution.compiled.name,
        )
        if path is not None:
            written["xdmf"] = path
    if "vtk" in formats:
        with _quiet_vtk():
            path = write_vtk(solution, paths["vtk"], fields=fields)
        if path is not None:
            written["vtk"] = path
    if "png" in formats:
        written["history_png"] = plot_history(solution, paths["history_png"])
        written["solution_png"] = plot_solution(solution, paths["solution_png"], fields=fields)
    if "pvd" in formats or "gif" in formats:
        what = " and ".join(FILE_NAMES[f] for f in ("pvd", "gif") if f in formats)
        series = time_series(solution, frames, what=what)
        if series is not None and "pvd" in formats:
            with _quiet_vtk():
                pair = write_pvd(series, paths["pvd"])
            if pair is not None:
                written["pvd"], written["frames"] = pair
        if series is not None and "gif" in formats:
            path = write_gif(series, paths["gif"])
            if path is not None:
                written["gif"] = path
    report = build_report(solution, metadata=metadata, fields=fields)
    report["files"] = {key: path.name for key, path in written.items()}
    written["report"] = write_report(report, paths["report"])
    return written


@contextlib.contextmanager
def _quiet_vtk():
    """Keep VTK's own error printing off stderr while writing: a failed write (a full disk)
    still raises, and the command line reports it in one line."""
    import pyvista
    from vtkmodules.vtkCommonCore import vtkObject

    display = vtkObject.GetGlobalWarningDisplay()
    vtkObject.GlobalWarningDisplayOff()
    try:
        with pyvista.vtk_verbosity("off"):
            yield
    finally:
        vtkObject.SetGlobalWarningDisplay(display)
