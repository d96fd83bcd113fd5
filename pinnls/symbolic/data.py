"""Observations: fixed points and measured values of a linear expression of the unknowns.

A data term ``problem.data(name, expr, ...)`` fits ``expr`` (such as ``u(x, t)``) at points
that the user gives, in an array or in a file (``.csv`` with a column per axis and ``value``,
``.npz`` with arrays ``points`` (n, d) and ``values`` (n,), or ``.h5`` with one 1-D dataset per
axis and ``value``, named as the CSV's columns). This module reads and checks them; every
refusal is one line that names the file (or ``points=``/``values=``) and the row.
Numpy and h5py (imported only for an ``.h5`` file): no torch, no sympy.
"""

from __future__ import annotations

import csv
import dataclasses
import zipfile
from pathlib import Path

import numpy as np

from pinnls.errors import ProblemError
from pinnls.symbolic.domain import distinct

__all__ = ["Observations", "read_observations", "read_reference"]


@dataclasses.dataclass(frozen=True, eq=False)
class Observations:
    """The points and values of one data term (compared and hashed by identity).

    Attributes
    ----------
    points : (n, d) float64 ndarray
        In the domain's axis order.
    values : (n,) float64 ndarray
    noise : float or None
        The standard deviation of each value's error, when stated.
    origin : str
        Where they came from: the file's path, or ``"points="``.
    """

    points: np.ndarray
    values: np.ndarray
    noise: float | None = None
    origin: str = "points="

    @property
    def count(self) -> int:
        """Number of observations n."""
        return int(self.values.shape[0])

    def describe(self) -> str:
        """``50 values in [-0.1, 0.9] from sensors.csv``."""
        low, high = float(self.values.min()), float(self.values.max())
        noise = "" if self.noise is None else f", noise {self.noise:g}"
        where = "" if self.origin == "points=" else f" from {self.origin}"
        return f"{self.count} values in [{low:.4g}, {high:.4g}]{where}{noise}"


def read_observations(
    source: object,
    points: object,
    values: object,
    axes: tuple[str, ...],
    lower: tuple[float, ...],
    upper: tuple[float, ...],
    noise: object,
    base: Path,
    term: str,
) -> Observations:
    """Read and check the observations of term ``term``.

    Parameters
    ----------
    source : path-like or None
        A ``.csv``, ``.npz`` or ``.h5`` file, relative to ``base``; None when
        ``points``/``values`` are given.
    points : (n, d) array-like or None
    values : (n,) array-like or None
    axes : tuple of d str
        The domain's axes, in order (the CSV's column names).
    lower, upper : tuple of d float
        The domain's box; every point must lie in it.
    noise : number or None
        The standard deviation of the data, > 0 and finite when given.
    base : Path
        The folder a relative ``source`` is read from (the problem file's).
    term : str
        For messages.

    Returns
    -------
    Observations

    Raises
    ------
    ProblemError
        Both or neither of a file and arrays, a missing or unreadable file, missing or
        repeated columns (datasets of an ``.h5``), a CSV row with more or fewer fields than
        its header, ragged ``.h5`` datasets, an ``.npz`` that is no zip of named arrays,
        complex numbers, no rows, a length mismatch, a NaN or infinite entry, or a point
        outside the domain: one line naming the file (or ``points=``) and the row (a CSV's
        line in the file, blank lines counted; a 0-based index otherwise).
    """
    if (source is None) == (points is None and values is None):
        raise ProblemError(
            f"data '{term}': give either a file (problem.data(name, expr, 'sensors.csv')) or "
            f"points= and values=, not {'both' if source is not None else 'neither'}"
        )
    if source is not None:
        path = Path(source)
        path = path if path.is_absolute() else base / path
        origin = str(path)
        point_array, value_array, lines = _read_rows(path, axes, term)
    else:
        if points is None or values is None:
            missing = "values=" if values is None else "points="
            raise ProblemError(
                f"data '{term}': points= needs values= and back; {missing} is missing"
            )
        origin = "points="
        point_array, value_array = _arrays(points, values, len(axes), term)
        lines = None
    _check(point_array, value_array, axes, lower, upper, origin, term, lines)
    return Observations(
        points=point_array, values=value_array, noise=_noise(noise, term), origin=origin
    )


def _noise(noise: object, term: str) -> float | None:
    if noise is None:
        return None
    try:
        value = float(noise)
    except (TypeError, ValueError):
        value = float("nan")
    if not (np.isfinite(value) and value > 0):
        raise ProblemError(
            f"data '{term}': noise={noise!r} must be a number > 0 (a standard deviation)"
        )
    return value


def _arrays(points: object, values: object, d: int, term: str) -> tuple[np.ndarray, np.ndarray]:
    for label, given in (("points=", points), ("values=", values)):
        if _is_complex(given):
            raise ProblemError(
                f"data '{term}': {label} holds complex numbers; points and values must be real"
            )
    try:
        p = np.array(points, dtype=np.float64)
        v = np.array(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ProblemError(
            f"data '{term}': points= and values= must be numbers ({error})"
        ) from None
    if p.ndim == 1 and d == 1:
        p = p[:, None]
    if p.ndim != 2 or p.shape[1] != d:
        raise ProblemError(
            f"data '{term}': points= has shape {p.shape}; it must be (n, {d}), one column per axis"
        )
    if v.ndim != 1:
        raise ProblemError(f"data '{term}': values= has shape {v.shape}; it must be (n,)")
    if p.shape[0] != v.shape[0]:
        raise ProblemError(
            f"data '{term}': points= has {p.shape[0]} rows but values= has {v.shape[0]}"
        )
    return p, v


def _is_complex(given: object) -> bool:
    """Whether ``given`` (an array or nested lists) holds complex numbers, which converting
    to float64 would cut to their real part with only a warning."""
    try:
        return bool(np.iscomplexobj(given))
    except (TypeError, ValueError):  # ragged or odd: the conversion says what is wrong
        return False


def _read_file(
    path: Path, axes: tuple[str, ...], term: str, value_columns: tuple[str, ...] = ("value",)
) -> tuple[np.ndarray, np.ndarray]:
    """The points (n, d) and values (n,) or (n, m) of a ``.csv``, ``.npz`` or ``.h5`` file,
    every entry finite; see :func:`_read_rows`."""
    points, values, _ = _read_rows(path, axes, term, value_columns)
    return points, values


def _read_rows(
    path: Path, axes: tuple[str, ...], term: str, value_columns: tuple[str, ...] = ("value",)
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Points, values and, for a CSV, each row's line in the file (counted from 1, the
    header included; None for ``.npz``/``.h5``, whose rows are named by 0-based index).
    A NaN or infinite entry is refused here, naming that line (or index)."""
    if not path.is_file():
        raise ProblemError(f"data '{term}': {path}: no such file")
    suffix = path.suffix.lower()
    lines = None
    if suffix == ".npz":
        points, values = _read_npz(path, len(axes), term, len(value_columns))
    elif suffix in (".h5", ".hdf5"):
        points, values = _read_h5(path, axes, term, value_columns)
    elif suffix == ".csv":
        points, values, lines = _read_csv(path, axes, term, value_columns)
    else:
        raise ProblemError(
            f"data '{term}': {path}: unknown format '{suffix}'; use .csv, .npz or .h5"
        )
    table = values if values.ndim == 2 else values[:, None]
    bad = ~np.isfinite(points).all(axis=1) | ~np.isfinite(table).all(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        names = [*axes, *value_columns]
        cells = ", ".join(
            f"{name}={entry:g}" for name, entry in zip(names, [*points[row], *table[row]])
        )
        raise ProblemError(
            f"data '{term}': {path} {_where(row, lines)}: a value is not finite ({cells})"
        )
    return points, values, lines


def _read_csv(
    path: Path, axes: tuple[str, ...], term: str, value_columns: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A CSV's columns named by its header, and each row's line in the file. Blank lines are
    skipped but counted; a UTF-8 byte-order mark (Excel's "CSV UTF-8") is dropped."""
    records = []  # (the line the record starts on, its cells), blank lines left out
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            end = 0
            for row in reader:
                start, end = end + 1, reader.line_num
                if any(cell.strip() for cell in row):
                    records.append((start, row))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        message = " ".join(str(error).split())
        raise ProblemError(f"data '{term}': {path}: cannot read it ({message})") from None
    wanted = [*axes, *value_columns]
    if not records:
        raise ProblemError(
            f"data '{term}': {path} is empty; it needs a header ({', '.join(wanted)}) and rows"
        )
    header = [cell.strip() for cell in records[0][1]]
    missing = [name for name in wanted if name not in header]
    if missing:
        raise ProblemError(
            f"data '{term}': {path}: no column '{missing[0]}'; the header must name "
            f"{', '.join(wanted)} (it has {', '.join(header) or 'nothing'})"
        )
    repeated = [name for name in wanted if header.count(name) > 1]
    if repeated:
        raise ProblemError(
            f"data '{term}': {path}: the header (line {records[0][0]}) names column "
            f"'{repeated[0]}' {header.count(repeated[0])} times; each of {', '.join(wanted)} "
            f"must appear once"
        )
    if len(records) == 1:
        raise ProblemError(f"data '{term}': {path} has a header but no rows")
    columns = [header.index(name) for name in wanted]
    table = np.empty((len(records) - 1, len(wanted)))
    lines = np.array([line for line, _ in records[1:]], dtype=np.int64)
    for index, (line, row) in enumerate(records[1:]):
        if len(row) > len(header) and not any(cell.strip() for cell in row[len(header) :]):
            row = row[: len(header)]  # empty cells past the header (a logger's trailing comma)
        if len(row) != len(header):
            raise ProblemError(
                f"data '{term}': {path} row {line} has {len(row)} columns; the header has "
                f"{len(header)}"
            )
        for j, column in enumerate(columns):
            try:
                table[index, j] = float(row[column])
            except ValueError:
                raise ProblemError(
                    f"data '{term}': {path} row {line}: {wanted[j]}={row[column].strip()!r} "
                    f"is not a number"
                ) from None
    d = len(axes)
    values = table[:, d:].copy()
    return table[:, :d].copy(), values[:, 0] if values.shape[1] == 1 else values, lines


def _where(row: int, lines: np.ndarray | None) -> str:
    """``row 7`` (a CSV's line in the file) or ``index 5`` (0-based, arrays and .npz/.h5)."""
    return f"index {row}" if lines is None else f"row {int(lines[row])}"


def _read_h5(
    path: Path, axes: tuple[str, ...], term: str, value_columns: tuple[str, ...]
) -> tuple[np.ndarray, np.ndarray]:
    """The datasets of an HDF5 file named as the CSV's columns (at the file's root), each 1-D
    and of one length."""
    import h5py

    wanted = [*axes, *value_columns]
    try:
        with h5py.File(path, "r") as file:
            present = [name for name in file if isinstance(file[name], h5py.Dataset)]
            missing = [name for name in wanted if name not in present]
            if missing:
                raise ProblemError(
                    f"data '{term}': {path}: no dataset '{missing[0]}'; it must hold 1-D "
                    f"datasets {', '.join(wanted)} (it has {', '.join(present) or 'none'})"
                )
            columns = [np.asarray(file[name][()]) for name in wanted]
    except ProblemError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as error:
        message = " ".join(str(error).split())
        raise ProblemError(f"data '{term}': {path}: cannot read it ({message})") from None
    for name, column in zip(wanted, columns):
        if column.ndim != 1:
            raise ProblemError(
                f"data '{term}': {path}: dataset '{name}' has shape {column.shape}; each must be "
                f"1-D (n,)"
            )
        if column.dtype.kind not in "fiub":
            raise ProblemError(
                f"data '{term}': {path}: dataset '{name}' holds {column.dtype}, not numbers"
            )
    lengths = {name: column.shape[0] for name, column in zip(wanted, columns)}
    if len(set(lengths.values())) > 1:
        raise ProblemError(
            f"data '{term}': {path}: the datasets are ragged ("
            + ", ".join(f"{name} {n}" for name, n in lengths.items())
            + "); each needs one entry per observation"
        )
    table = np.stack([column.astype(np.float64) for column in columns], axis=1)
    d = len(axes)
    values = table[:, d:].copy()
    return table[:, :d].copy(), values[:, 0] if values.shape[1] == 1 else values


def _read_npz(path: Path, d: int, term: str, m: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The arrays ``points`` and ``values`` of a NumPy ``.npz`` archive (a zip of ``.npy``
    files, as ``numpy.savez`` writes), each real numbers; pickled objects are never loaded."""
    save = "numpy.savez(path, points=..., values=...) writes one"
    try:
        with path.open("rb") as handle:
            magic = handle.read(6)
        if magic == b"\x93NUMPY":
            raise ProblemError(
                f"data '{term}': {path} is a .npy array, not an .npz archive with named arrays "
                f"points and values; {save}"
            )
        if not zipfile.is_zipfile(path):
            raise ProblemError(
                f"data '{term}': {path} is not a NumPy .npz archive (a zip of named arrays "
                f"points and values); {save}"
            )
        arrays = {}
        with np.load(path, allow_pickle=False) as archive:
            for name in ("points", "values"):
                if name not in archive.files:
                    raise ProblemError(
                        f"data '{term}': {path}: no array '{name}'; an .npz holds points "
                        f"(n, {d}) and values (n,)"
                    )
                try:
                    arrays[name] = archive[name]
                except ValueError as error:
                    if "pickle" not in str(error):
                        raise
                    raise ProblemError(
                        f"data '{term}': {path}: array '{name}' holds Python objects (pickled), "
                        f"which are not read; save arrays of numbers"
                    ) from None
    except ProblemError:
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as error:
        message = " ".join(str(error).split())
        raise ProblemError(f"data '{term}': {path}: cannot read it ({message})") from None
    for name, array in arrays.items():
        if array.dtype.kind == "c":
            raise ProblemError(
                f"data '{term}': {path}: array '{name}' holds complex numbers ({array.dtype}); "
                f"points and values must be real"
            )
        if array.dtype.kind not in "fiub":
            raise ProblemError(
                f"data '{term}': {path}: array '{name}' holds {array.dtype}, not numbers"
            )
    try:
        if m > 1:  # a system's reference: values (n, m), a column per unknown
            raw = np.asarray(arrays["values"])
            if raw.ndim != 2 or raw.shape[1] != m:
                raise ProblemError(
                    f"data '{term}': values= has shape {raw.shape}; it must be (n, {m}), one "
                    f"column per unknown"
                )
            points, _ = _arrays(arrays["points"], raw[:, 0], d, term)
            values = np.array(raw, dtype=np.float64)
        else:
            points, values = _arrays(arrays["points"], arrays["values"], d, term)
    except ProblemError as error:
        raise ProblemError(
            str(error).replace(f"data '{term}': ", f"data '{term}': {path}: ")
        ) from None
    if values.shape[0] == 0:
        raise ProblemError(f"data '{term}': {path} holds no observations")
    return points, values


def _check(
    points: np.ndarray,
    values: np.ndarray,
    axes: tuple[str, ...],
    lower: tuple[float, ...],
    upper: tuple[float, ...],
    origin: str,
    term: str,
    lines: np.ndarray | None = None,
) -> None:
    """Refuse no rows, NaN/Inf and points outside the box, naming the first bad row: its line
    in the file for a CSV (``lines``, counted from 1 with the header, blank lines included),
    its 0-based index otherwise."""
    if values.shape[0] == 0:
        raise ProblemError(f"data '{term}': {origin} holds no observations")
    bad = ~np.isfinite(points).all(axis=1) | ~np.isfinite(values)
    if bad.any():
        row = int(np.argmax(bad))
        raise ProblemError(
            f"data '{term}': {origin} {_where(row, lines)}: a value is not finite "
            f"({', '.join(f'{a}={p:g}' for a, p in zip(axes, points[row]))}, value={values[row]:g})"
        )
    lo, hi = np.asarray(lower), np.asarray(upper)
    slack = 1e-12 * (hi - lo)
    outside = ((points < lo - slack) | (points > hi + slack)).any(axis=1)
    if outside.any():
        row = int(np.argmax(outside))
        axis = int(np.argmax((points[row] < lo - slack) | (points[row] > hi + slack)))
        raise ProblemError(
            f"data '{term}': {origin} {_where(row, lines)}: "
            f"{axes[axis]}={distinct(float(points[row, axis]), float(lo[axis]), float(hi[axis]))} "
            f"is outside {axes[axis]} in [{lo[axis]:g}, {hi[axis]:g}]"
        )
    np.clip(points, lo, hi, out=points)


def read_reference(
    source: object,
    unknowns: tuple[str, ...],
    axes: tuple[str, ...],
    lower: tuple[float, ...],
    upper: tuple[float, ...],
    base: Path,
) -> Observations:
    """A reference solution from a file: a ``.csv`` with a column per axis and ``value`` (one
    unknown) or a column per unknown (a system), an ``.h5`` with datasets named the same way,
    or an ``.npz`` with ``points`` (n, d) and ``values`` (n,), or (n, m) for a system; values
    (n,) or (n, m).

    Raises
    ------
    ProblemError
        As :func:`read_observations`, naming the file and the row.
    """
    path = Path(source)
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise ProblemError(f"reference: {path}: no such file")
    if path.suffix.lower() not in (".csv", ".npz", ".h5", ".hdf5"):
        raise ProblemError(
            f"reference: {path}: unknown format '{path.suffix}'; use .csv, .npz or .h5"
        )
    columns = ("value",) if len(unknowns) == 1 else tuple(unknowns)
    try:
        points, values, lines = _read_rows(path, axes, "reference", columns)
        flat = values if values.ndim == 1 else values[:, 0]
        _check(points, flat, axes, lower, upper, str(path), "reference", lines)
        if values.ndim == 2:
            for j in range(1, values.shape[1]):
                _check(points, values[:, j], axes, lower, upper, str(path), "reference", lines)
    except ProblemError as error:
        raise ProblemError(str(error).replace("data 'reference'", "reference")) from None
    return Observations(points=points, values=values, origin=str(path))
