"""The readers' check of a run folder against its manifest (``report.json``'s ``manifest``:
size and sha256 of every file of the run, written last by the commit of
:mod:`pinnls.io.runfolder`): ``pinnls info``, ``pinnls eval`` and :func:`pinnls.load` verify a
file before they trust it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from pinnls.errors import ResultFileError
from pinnls.io.runfolder import FRAMES, MANIFEST, RUN_FILES, file_digest, stale_frames

__all__ = ["check_folder", "verify_file"]


def check_folder(out: str | os.PathLike, verify: Iterable[str] | None = None) -> list[str]:
    """The problems of a results folder, as lines; an empty list means one complete run.

    Parameters
    ----------
    out : path-like
    verify : iterable of str, optional
        Files whose sha256 is checked against the manifest (default: every file it lists).
        Sizes are always checked.

    Returns
    -------
    list of str
        Empty when ``report.json`` exists and every file its manifest lists is there with the
        listed size (and sha256), and no run file that it does not list is present.
    """
    out = Path(out)
    report_path = out / MANIFEST
    if not report_path.is_file():
        return [f"{out} has no report.json: no run completed its commit here"]
    try:
        manifest = json.loads(report_path.read_text(encoding="utf-8")).get("manifest")
    except (OSError, ValueError, AttributeError) as error:
        return [f"{report_path} is unreadable ({error})"]
    if not isinstance(manifest, dict):
        return [f"{report_path} has no manifest (written by a pinnls before run-level commits)"]
    problems = []
    checked = set(manifest) if verify is None else set(verify)
    for name, entry in manifest.items():
        path = out / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != entry.get("bytes"):
            problems.append(f"{name} is not the file of this run (its size differs)")
        elif name in checked and file_digest(path)["sha256"] != entry.get("sha256"):
            problems.append(f"{name} is not the file of this run (its sha256 differs)")
    for name in RUN_FILES:
        if name != MANIFEST and name not in manifest and (out / name).exists():
            problems.append(f"{name} is not listed in report.json (another run's file)")
    for path in stale_frames(out, manifest):
        problems.append(f"{FRAMES}/{path.name} is not listed in report.json (another run's file)")
    return problems


def verify_file(path: str | os.PathLike) -> None:
    """Refuse a file of a run that does not match its folder's manifest: the readers'
    (``pinnls info``, ``pinnls eval``, :func:`pinnls.load`) check before they trust it.

    Nothing is checked for a file without ``report.json`` beside it (a file copied out of its
    folder, or a folder whose run never committed: there is nothing to check against), for a
    ``report.json`` without a manifest (written before run-level commits) or one that does not
    list the file. A whole file of another run, copied in by hand (its own ``run_id`` differs
    from the report's), is intact and passes; ``pinnls info`` warns about it.

    Raises
    ------
    ResultFileError
        The file's sha256 differs from the manifest's (the file was damaged or changed after
        the run), or ``report.json`` itself is unreadable.
    """
    path = Path(path)
    report_path = path.parent / MANIFEST
    if not report_path.is_file():
        return
    hint = "pass --no-verify (verify=False in Python) to read it anyway"
    try:
        report = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        message = " ".join(str(error).split())
        raise ResultFileError(
            f"{report_path} is unreadable ({message}), so {path} cannot be verified; {hint}"
        ) from None
    manifest = report.get("manifest") if isinstance(report, dict) else None
    entry = manifest.get(path.name) if isinstance(manifest, dict) else None
    if not isinstance(entry, dict) or file_digest(path)["sha256"] == entry.get("sha256"):
        return
    if _run_id(path) not in (None, report.get("run_id")):
        return  # another run's whole file
    raise ResultFileError(
        f"{path}: its sha256 does not match the checksum in {report_path}'s manifest (the file "
        f"was damaged or changed after the run); {hint}"
    )


def _run_id(path: Path) -> str | None:
    """The ``run_id`` attribute of an HDF5 file (16 hex digits), None if it has none or
    cannot be read."""
    try:
        import h5py

        with h5py.File(path, "r") as file:
            value = file.attrs.get("run_id")
    except (OSError, RuntimeError, KeyError, ValueError, TypeError):  # a damaged file
        return None
    value = value.decode(errors="replace") if isinstance(value, bytes) else value
    return value if isinstance(value, str) and re.fullmatch(r"[0-9a-f]{16}", value) else None
