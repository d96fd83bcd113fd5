"""Atomic file writes: write to a temporary name in the same directory, then rename.

A crash, an exception or Ctrl-C in the middle of a write leaves the final name untouched (the old
file, or nothing), never a truncated file that looks complete. The temporary name starts with a
dot and keeps the final extension, because some writers (pyvista, matplotlib) pick the format
from it.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_path", "write_text_atomic"]


def temporary_name(path: Path) -> Path:
    """A fresh hidden name next to ``path`` with the same extension, e.g.
    ``.solution.3f9a1c2e.tmp.h5`` for ``solution.h5``."""
    return path.with_name(f".{path.stem}.{secrets.token_hex(4)}.tmp{path.suffix}")


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path to write; rename it to ``path`` when the block succeeds.

    Parameters
    ----------
    path : path-like
        The final file name. Its directory must exist.

    Yields
    ------
    Path
        Where to write. It is fsynced and renamed over ``path`` (``os.replace``) when the block
        ends without an exception, and removed when the block raises (any exception, including
        ``KeyboardInterrupt``), which is then re-raised.

    Examples
    --------
    >>> with atomic_path(directory / "solution.h5") as temporary:  # doctest: +SKIP
    ...     with h5py.File(temporary, "w") as file:
    ...         ...
    """
    path = Path(path)
    temporary = temporary_name(path)
    try:
        yield temporary
        _fsync(temporary)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; return ``path`` as a Path."""
    path = Path(path)
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def _fsync(path: Path) -> None:
    """Flush a finished file to disk so that the rename never publishes unwritten data."""
    with open(path, "rb") as file:
        os.fsync(file.fileno())
