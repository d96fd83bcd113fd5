"""One results folder, one run: a lock, a private staging folder and a commit that the next run
can finish.

Every file of a run is written into a hidden staging folder inside the results folder
(``OUT/.pinnls-run-<run id>/``), never under its final name. When all of them are there, the run
**commits**:

1. ``OUT/report.json`` (the manifest of the previous run) is removed: from here on the folder
   says that it holds no complete run;
2. every staged file except ``report.json`` is renamed over its final name (the frames of the
   time series one by one into ``OUT/frames/``), and the files of the previous run that this
   run does not write (``solution.png`` after a ``--format h5`` run, frames beyond this run's
   count, all of them after a run without a time series) are removed;
3. the staged ``report.json`` is renamed into ``OUT``: the commit point. It carries the run id
   and a manifest (size and sha256 of every file of the run), and ``solution.h5`` carries the
   same run id, so readers can tell a file of another run.

A run killed anywhere before step 1 leaves the previous results untouched; one killed during the
commit leaves the staging folder with its ``report.json``, and the next run into the folder
(:meth:`RunFolder.__enter__`) finishes that commit before it starts. Renames within one folder
take no space, so a full disk can stop a run only before its commit.

A run holds ``OUT/.pinnls.lock`` with :func:`fcntl.flock` from its start to its end (and removes
it then), so a second run into the same folder is refused at once; ``pinnls solve`` holds it
through :class:`RunFolder`, ``pinnls study`` (whose files are each written atomically) through
:class:`FolderLock` alone. The kernel releases the lock when its holder dies, however it dies
(``kill -9`` included), so a lock is never left stale: a file left by a killed run is locked and
reused by the next one. The holder's pid is in the file; a run that finds a pid there took the
folder over from a run that ended without finishing, and says so
(:attr:`FolderLock.previous_pid`, :func:`takeover`).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path

from pinnls.errors import PinnlsError

__all__ = [
    "FolderLock",
    "LOCK_NAME",
    "OutputFolderBusyError",
    "Recovery",
    "RunFolder",
    "STAGING_PREFIX",
    "checkpoints",
    "unfinished_training",
    "file_digest",
    "takeover",
]

log = logging.getLogger(__name__)

#: The lock file of a results folder while a run holds it.
LOCK_NAME = ".pinnls.lock"

#: Staging folders are ``OUT/.pinnls-run-<run id>``.
STAGING_PREFIX = ".pinnls-run-"

#: The manifest: written last, it names the run and its files.
MANIFEST = "report.json"

#: Every name a run may write; a committing run removes those of the previous run it did not
#: write again, and nothing else in the folder is ever touched.
RUN_FILES = (
    "solution.h5",
    "solution.vtr",
    "solution.xdmf",
    "history.png",
    "solution.png",
    "solution.pvd",
    "solution.gif",
    "checkpoint.pt",
    MANIFEST,
)

#: The one subfolder a run writes: the frames of the time series (``frames/solution_0000.vtr``),
#: listed in the manifest as ``frames/<name>``. Only files of that name pattern are ours: other
#: files in ``OUT/frames`` are never touched, and the folder is removed only when empty.
FRAMES = "frames"
FRAME_NAME = re.compile(r"^solution_\d+\.vtr$")

#: A checkpoint kept beside a committed run's files: the training of a run that did not commit
#: (a failed write, or a killed run that the next run tidied), ``checkpoint.<run id>.pt``.
KEPT_CHECKPOINT = re.compile(r"^checkpoint\.[0-9a-f]{16}\.pt$")

#: Leftovers of killed runs: atomic writes' temporaries (``.solution.3f9a1c2e.tmp.h5``) and
#: the writability probes of ``pinnls solve``.
_LEFTOVER = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp(\.\w+)?$|^\.pinnls-probe-")


class OutputFolderBusyError(PinnlsError):
    """Another live run holds the results folder."""


class FolderLock:
    """The lock of a results folder: one live run at a time.

    Parameters
    ----------
    out : path-like
        An existing folder.

    Raises
    ------
    OutputFolderBusyError
        On entry, when another live run holds the folder.

    Examples
    --------
    >>> with FolderLock(out):  # doctest: +SKIP
    ...     write_study(runs, summary, out, meta)
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self._fd: int | None = None
        #: The pid found in the lock file when it was taken: a holder that ended without
        #: releasing it (killed, or out of memory); None when the lock was free and clean.
        self.previous_pid: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> FolderLock:
        self._fd, self.previous_pid = _acquire(self.out / LOCK_NAME)
        return self

    def __exit__(self, *exc) -> None:
        self.release()

    def release(self) -> None:
        """Remove the lock file and give the lock back (closing the file releases an flock);
        the file goes first, so that no other run can lock it in between."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                (self.out / LOCK_NAME).unlink()
            os.close(self._fd)
            self._fd = None


class RunFolder:
    """The results folder of one run: locked, staged, committed in one step.

    Parameters
    ----------
    out : path-like
        The results folder; created (with parents) when missing.

    Attributes
    ----------
    out : Path
    run_id : str
        16 hex digits, fresh for each run.
    staging : Path
        Where the run writes its files (``out / ".pinnls-run-<run_id>"``), created on entry.

    Examples
    --------
    >>> with RunFolder(out) as run:  # doctest: +SKIP
    ...     write_something(run.staging / "solution.h5")
    ...     run.commit()

    Leaving the block without :meth:`commit` removes the staging folder (keeping a staged
    ``checkpoint.pt`` as ``checkpoint.<run_id>.pt``, see :meth:`keep_checkpoint`) and leaves the
    previous results as they were.
    """

    def __init__(self, out: str | os.PathLike) -> None:
        self.out = Path(out)
        self.run_id = secrets.token_hex(8)
        self.staging = self.out / f"{STAGING_PREFIX}{self.run_id}"
        self.committed = False
        #: One sentence when this run took the folder over from a run that ended without
        #: finishing (:func:`takeover`), else None; set on entry.
        self.taken_over: str | None = None
        self._continued: Path | None = None
        self._lock = FolderLock(self.out)

    # -- the lock ------------------------------------------------------------------------------

    def __enter__(self) -> RunFolder:
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock.__enter__()
        try:
            recovery = recover(self.out)
            self.taken_over = takeover(self.out, self._lock.previous_pid, recovery)
            self.staging.mkdir()
        except BaseException:
            self.release()
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        try:
            if not self.committed:
                self.keep_checkpoint()
                shutil.rmtree(self.staging, ignore_errors=True)
        finally:
            self.release()

    def release(self) -> None:
        """Give the folder's lock back (see :meth:`FolderLock.release`)."""
        self._lock.release()

    # -- writing -------------------------------------------------------------------------------

    def continues(self, path: Path) -> None:
        """Say that this run continues the training of ``path``: a kept
        ``checkpoint.<run id>.pt`` in the folder is then removed when this run commits (its
        training goes on in the committed ``checkpoint.pt``); ``checkpoint.pt`` itself is the
        commit's to replace."""
        path = Path(path)
        if path.parent == self.out and KEPT_CHECKPOINT.match(path.name):
            self._continued = path

    def keep_checkpoint(self) -> Path | None:
        """Move a staged ``checkpoint.pt`` of a run that will not commit into ``out``, so that a
        failure while writing results never loses the training.

        It becomes ``checkpoint.pt`` when the folder holds no committed run (nothing to keep
        consistent with), else ``checkpoint.<run_id>.pt`` beside the previous run's files, which
        stay as they were.

        Returns
        -------
        Path or None
            The kept checkpoint, or None when none was staged.
        """
        if self.committed:
            return None
        return keep_staged_checkpoint(self.out, self.staging, self.run_id)

    def commit(self) -> dict[str, Path]:
        """Write the manifest into the staged ``report.json`` and replace the previous results
        with the staged files (the module docstring gives the steps).

        Returns
        -------
        dict of str to Path
            The final path of each file of the run, by file name.

        Raises
        ------
        FileNotFoundError
            Nothing was staged as ``report.json``.
        """
        report_path = self.staging / MANIFEST
        report = json.loads(report_path.read_text(encoding="utf-8"))
        names = _staged_names(self.staging)
        if any(name.startswith(f"{FRAMES}/") for name in names):
            target = self.out / FRAMES
            if target.exists() and not target.is_dir():
                raise FileExistsError(
                    errno.EEXIST, "exists and is not a folder; the time series goes there", target
                )
        report["run_id"] = self.run_id
        report["manifest"] = {
            name: {
                "bytes": (self.staging / name).stat().st_size,
                **file_digest(self.staging / name),
            }
            for name in names
        }
        from pinnls.io.atomic import write_text_atomic  # atomic imports nothing of ours

        write_text_atomic(report_path, json.dumps(report, indent=2, allow_nan=False) + "\n")
        _fsync_directory(self.staging)
        finish_commit(self.out, self.staging)
        self.committed = True
        if self._continued is not None:
            with contextlib.suppress(OSError):
                self._continued.unlink()
        return {name: self.out / name for name in [*names, MANIFEST]}


def keep_staged_checkpoint(out: Path, staging: Path, run_id: str) -> Path | None:
    """Move ``staging/checkpoint.pt`` of a run that did not commit into ``out``: as
    ``checkpoint.pt`` when ``out`` holds no committed run, else as ``checkpoint.<run_id>.pt``
    beside the committed files, which it never replaces. None when nothing was staged."""
    staged = staging / "checkpoint.pt"
    if not staged.is_file():
        return None
    committed_before = (out / MANIFEST).exists()
    kept = out / (f"checkpoint.{run_id}.pt" if committed_before else "checkpoint.pt")
    os.replace(staged, kept)  # a rename: it needs no space on a full disk
    _fsync_directory(out)
    return kept


def _staged_names(staging: Path) -> list[str]:
    """The files of a staged run other than ``report.json``: top-level names, and the frames as
    ``frames/<name>``."""
    names = [p.name for p in staging.iterdir() if p.is_file() and p.name != MANIFEST]
    frames = staging / FRAMES
    if frames.is_dir():
        names += [f"{FRAMES}/{p.name}" for p in frames.iterdir() if p.is_file()]
    return sorted(names)


def stale_frames(out: Path, listed: Iterable[str]) -> list[Path]:
    """The frame files in ``out/frames`` that ``listed`` (manifest names) does not name."""
    folder = out / FRAMES
    if not folder.is_dir():
        return []
    listed = set(listed)
    return sorted(
        p
        for p in folder.iterdir()
        if FRAME_NAME.match(p.name) and f"{FRAMES}/{p.name}" not in listed and p.is_file()
    )


def _entry(path: Path) -> dict:
    """A manifest entry: ``bytes`` and ``sha256``."""
    return {"bytes": path.stat().st_size, **file_digest(path)}


def file_digest(path: Path) -> dict[str, str]:
    """``{"sha256": hex digest}`` of a file, read in 1 MiB blocks (large files stream)."""
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return {"sha256": digest.hexdigest()}


def finish_commit(out: Path, staging: Path) -> None:
    """Steps 1-3 of the commit; safe to repeat after a crash part way (each step is a rename or
    a removal that a second pass skips)."""
    manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    files = set(manifest.get("manifest", {}))
    with contextlib.suppress(FileNotFoundError):
        (out / MANIFEST).unlink()
    _fsync_directory(out)  # the folder says "no complete run" before any file changes
    if any(name.startswith(f"{FRAMES}/") for name in files):
        (out / FRAMES).mkdir(exist_ok=True)
    for name in sorted(files):
        if (staging / name).exists():
            os.replace(staging / name, out / name)
    for name in RUN_FILES:
        if name != MANIFEST and name not in files:
            with contextlib.suppress(FileNotFoundError):
                (out / name).unlink()
    stale = stale_frames(out, files)
    for path in stale:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    if stale and not any(name.startswith(f"{FRAMES}/") for name in files):
        with contextlib.suppress(OSError):  # only when empty: other files there are not ours
            (out / FRAMES).rmdir()
    if (out / FRAMES).is_dir():
        _fsync_directory(out / FRAMES)
    _fsync_directory(out)
    os.replace(staging / MANIFEST, out / MANIFEST)
    _fsync_directory(out)
    shutil.rmtree(staging, ignore_errors=True)


class Recovery:
    """What :func:`recover` did in a results folder.

    Attributes
    ----------
    done : list of str
        One line per thing done; empty when the folder was tidy.
    finished : int
        Commits of killed runs that were finished.
    kept : list of Path
        Checkpoints of killed runs that were kept (in the order of the runs).
    leftovers : bool
        Whether a killed run left anything: a staging folder or a temporary of an atomic
        write (the writability probes of ``pinnls solve`` do not count: a run that is starting
        writes one before it asks for the lock).
    """

    def __init__(self) -> None:
        self.done: list[str] = []
        self.finished = 0
        self.kept: list[Path] = []
        self.leftovers = False


def recover(out: Path) -> Recovery:
    """Tidy a results folder whose lock this process holds: finish a commit that a killed run
    began, keep the training of a run killed before its commit, and remove staging folders and
    temporary files that killed runs left.

    A killed run's staging folder without a finished ``report.json`` is removed, but a
    ``checkpoint.pt`` in it (the run's periodic checkpoint, or its final one when it was killed
    while writing results) is kept first, as :meth:`RunFolder.keep_checkpoint` keeps one:
    ``checkpoint.pt`` when the folder holds no committed run, else ``checkpoint.<run id>.pt``.

    Returns
    -------
    Recovery
        What was done (each line also logged at INFO level).
    """
    recovery = Recovery()
    done = recovery.done
    stagings = sorted(
        (p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX) and p.is_dir()),
        key=lambda p: p.stat().st_mtime,
    )
    for staging in stagings:
        recovery.leftovers = True
        run_id = staging.name[len(STAGING_PREFIX) :]
        if _committable(staging):
            finish_commit(out, staging)
            recovery.finished += 1
            done.append(f"finished the commit of run {run_id}")
            continue
        kept = keep_staged_checkpoint(out, staging, run_id)
        shutil.rmtree(staging, ignore_errors=True)
        if kept is not None:
            recovery.kept = [k for k in recovery.kept if k != kept] + [kept]
            done.append(f"kept the training of run {run_id} (stopped before its commit) as {kept}")
        else:
            done.append(f"removed {staging.name}, left by a run that stopped before its commit")
    for path in out.iterdir():
        if _LEFTOVER.match(path.name) and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
                done.append(f"removed {path.name}, left by a killed write")
                if not path.name.startswith(".pinnls-probe-"):
                    recovery.leftovers = True
    for line in done:
        log.info("%s: %s", out, line)
    return recovery


def takeover(out: Path, pid: int | None, recovery: Recovery | None = None) -> str | None:
    """One sentence when a run took ``out`` over from a run that ended without finishing (a
    pid left in the lock file, or leftovers that :func:`recover` tidied), else None.

    >>> takeover(Path("runs/a"), 4242, None)
    'took over runs/a from a run that ended without finishing (pid 4242)'
    """
    if pid is None and (recovery is None or not recovery.leftovers):
        return None
    text = "took over {} from a run that ended without finishing{}".format(
        out, f" (pid {pid})" if pid is not None else ""
    )
    if recovery is not None and recovery.finished:
        text += "; finished its commit"
    if recovery is not None and recovery.kept:
        from pinnls.checkpoint import resumable  # torch is loaded on demand

        where = ", ".join(str(path) for path in recovery.kept)
        text += f"; its training is kept in {where}"
        # an automatic run's training cannot be resumed (--resume refuses that strategy)
        if all(resumable(path) for path in recovery.kept):
            text += " (--resume continues from it)"
    return text


def checkpoints(out: str | os.PathLike) -> list[Path]:
    """The checkpoints of a results folder that ``--resume`` may continue from, newest first:
    ``checkpoint.pt`` (the committed run's, or the kept training of a run that did not commit
    into an empty folder) and the kept ``checkpoint.<run id>.pt`` of runs that did not commit
    beside committed results. The runs into one folder follow each other (the lock), so the
    newest file holds the latest training. Empty when there is none (or no folder)."""
    out = Path(out)
    try:
        found = [
            path
            for path in out.iterdir()
            if (path.name == "checkpoint.pt" or KEPT_CHECKPOINT.match(path.name)) and path.is_file()
        ]
    except OSError:
        return []
    # Equal times (a coarse clock) prefer the kept file: it was kept after the commit.
    return sorted(
        found, key=lambda p: (p.stat().st_mtime_ns, p.name != "checkpoint.pt"), reverse=True
    )


def unfinished_training(out: str | os.PathLike) -> Path | None:
    """The newest training a folder without results holds, or None: a staged
    ``STAGING_PREFIX*/checkpoint.pt`` of a run killed before it committed (the next run into
    the folder keeps it, :func:`recover`), else a kept checkpoint (:func:`checkpoints`).
    ``pinnls info`` names it where the folder holds no ``solution.h5``."""
    out = Path(out)
    try:
        staged = [p for p in out.glob(f"{STAGING_PREFIX}*/checkpoint.pt") if p.is_file()]
    except OSError:
        staged = []
    found = staged + checkpoints(out)
    return max(found, key=lambda p: p.stat().st_mtime_ns) if found else None


def _committable(staging: Path) -> bool:
    """Whether a staging folder holds a finished run: a ``report.json`` with a manifest (written
    only after every other file was complete)."""
    try:
        report = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(report, dict) and isinstance(report.get("manifest"), dict)


def _acquire(path: Path) -> tuple[int, int | None]:
    """Take an exclusive flock on ``path`` without waiting; record our pid in it.

    The holder removes the lock file when it ends (:meth:`RunFolder.release`), so a process
    may lock a file that has just been unlinked; it then checks that the path still names the
    file it locked, and tries again if not.

    Returns
    -------
    fd : int
    previous_pid : int or None
        The pid that the file held when we locked it: its holder died holding it (a live
        holder keeps the flock, and one that ends removes the file).
    """
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            holder = ""
            with contextlib.suppress(OSError, ValueError, IndexError):
                holder = f" (pid {int(os.pread(fd, 32, 0).decode().split()[0])})"
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise OutputFolderBusyError(
                    f"{path.parent} is in use by another pinnls run{holder}; wait for it to "
                    "finish or choose another --out"
                ) from None
            raise
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    previous = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        previous = int(os.pread(fd, 32, 0).decode().split()[0])
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd, previous


def _fsync_directory(folder: Path) -> None:
    """Make renames in ``folder`` durable, so that a power cut keeps their order."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
