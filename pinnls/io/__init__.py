"""Result files: HDF5, VTK, the XDMF sidecar, PNG plots and ``report.json``.

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
from pinnls.io.hdf5 import ResultFileError, read_info, write_hdf5
from pinnls.io.plots import plot_history, plot_solution
from pinnls.io.report import build_report, write_report
from pinnls.io.runfolder import OutputFolderBusyError, RunFolder, check_folder
from pinnls.io.vtk import write_vtk
from pinnls.io.xdmf import write_xdmf

__all__ = [
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
    "write_hdf5",
    "write_report",
    "write_results",
    "write_text_atomic",
    "write_vtk",
    "write_xdmf",
]

log = logging.getLogger(__name__)

#: The formats that ``--format`` may list; ``report.json`` is always written.
FORMATS = ("h5", "vtk", "xdmf", "png")

#: File names in the output directory, by the keys that :func:`write_results` returns.
FILE_NAMES = {
    "h5": "solution.h5",
    "vtk": "solution.vtr",
    "xdmf": "solution.xdmf",
    "history_png": "history.png",
    "solution_png": "solution.png",
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


def write_results(
    solution,
    directory: str | os.PathLike,
    formats: str | Iterable[str] = FORMATS,
    metadata: Mapping[str, Any] | None = None,
    folder: RunFolder | None = None,
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

    Returns
    -------
    dict of str to Path
        The files written, by the keys of :data:`FILE_NAMES` (``h5``, ``vtk``, ``xdmf``,
        ``history_png``, ``solution_png``, ``report``).

    Raises
    ------
    ValueError
        An unknown format.
    OutputFolderBusyError
        Another live run holds ``directory``.
    """
    formats = parse_formats(formats)
    with contextlib.ExitStack() as stack:
        if folder is None:
            folder = stack.enter_context(RunFolder(directory))
        metadata = {**(metadata or {}), "run_id": folder.run_id}
        staged = stage_results(solution, folder.staging, formats, metadata)
        folder.commit()
    return {key: folder.out / path.name for key, path in staged.items()}


def stage_results(
    solution,
    directory: str | os.PathLike,
    formats: str | Iterable[str] = FORMATS,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Path]:
    """Write the result files of a solve into ``directory`` (a run's staging folder), without
    a lock or a commit; :func:`write_results` and ``pinnls solve`` add those.

    The fields are evaluated once (``solution.grid()``, ``settings.eval_points`` per axis) and
    shared by every writer. Files are written in the order h5, xdmf, vtk, png and report, each
    atomically; ``report.json`` comes last.

    Parameters
    ----------
    solution : Solution
    directory : path-like
        Created (with parents) when missing.
    formats : str or iterable of str
        A subset of :data:`FORMATS`. ``report.json`` is always written. ``xdmf`` is a sidecar
        that points into ``solution.h5``, so asking for ``xdmf`` writes ``solution.h5`` too.
        ``vtk`` and ``xdmf`` are skipped, with a logged warning, for problems with more than
        three axes.
    metadata : mapping, optional
        As for :func:`write_results`; a ``run_id`` key marks every file with the run.

    Returns
    -------
    dict of str to Path
        The files written, by the keys of :data:`FILE_NAMES`.
    """
    formats = parse_formats(formats)
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
    if "xdmf" in formats:
        names = [n for n in ("u", "exact", "error") if fields.get(n) is not None]
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
