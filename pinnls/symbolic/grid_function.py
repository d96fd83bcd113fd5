"""A known coefficient given on a grid, usable in sympy expressions: ``GridFunction``.

``GridFunction("kappa.csv", axes=(x, y))`` reads a ``.csv`` with a column per axis (named after
the symbols) and ``value``, whose rows fill a tensor-product grid (in any order), and returns
the sympy expression ``kappa(x, y)``. Between the grid points it is the multilinear interpolant
(exact for functions linear in each axis); beyond the grid's ends, linear extrapolation.

Its derivatives are the grid's own: ``kappa(x, y).diff(x)`` is the interpolant of the centred
second-order differences of the values along x (one-sided, second order, at the ends), so
``div(kappa grad u)`` can be written as usual. They are second-order accurate in the grid
spacing, not the derivatives of the piecewise-linear interpolant (which jump at every grid
line).

The linearity check treats it as data (a coefficient or a source, never an unknown); it pickles
as its file path, so the processes of ``--nproc`` read the file again. Numpy and scipy only.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import sympy as sp
from sympy.core.symbol import Str

from pinnls.errors import ProblemError, declared_at

__all__ = ["GridFunction", "GridValue", "grid_evaluate"]


def GridFunction(source: object, axes) -> sp.Expr:  # noqa: N802 - reads as a constructor
    """The coefficient of a grid file as a sympy expression of ``axes``.

    Parameters
    ----------
    source : path-like
        A ``.csv`` file: a column per axis, named after the symbols, and ``value``; its rows
        must fill a tensor-product grid of at least 2 points per axis. A relative path is read
        from the folder of the file that calls this (the problem file), else the working
        directory.
    axes : sequence of sympy Symbols
        The axes the coefficient depends on, e.g. ``(x, y)``.

    Returns
    -------
    sympy expression
        ``GridValue`` applied to the axes; printed as ``kappa(x, y)`` for ``kappa.csv``.

    Raises
    ------
    ProblemError
        A missing file, missing columns, a non-numeric or non-finite value, or rows that do not
        fill a grid: one line naming the file (and row).
    """
    axes = tuple(axes)
    if not axes or not all(isinstance(a, sp.Symbol) for a in axes):
        raise ProblemError(f"GridFunction({source!r}): axes= must be sympy symbols, e.g. (x, y)")
    path = Path(source)
    if not path.is_absolute():
        declared = declared_at()
        base = Path(declared.rsplit(":", 1)[0]).parent if declared else Path.cwd()
        path = base / path
    names = tuple(a.name for a in axes)
    _load(str(path), names)  # checked now, at the line that declares it
    return GridValue(Str(str(path)), sp.Tuple(*(sp.Integer(0) for _ in axes)), *axes)


class GridValue(sp.Function):
    """``GridValue(path, orders, *axes)``: the grid file's values (differentiated ``orders``
    times along each axis) at the axes' values."""

    @classmethod
    def eval(cls, *args):
        return None

    @property
    def path(self) -> str:
        return str(self.args[0])

    @property
    def orders(self) -> tuple[int, ...]:
        return tuple(int(o) for o in self.args[1])

    @property
    def axes(self) -> tuple:
        return self.args[2:]

    def _eval_derivative(self, symbol):
        total = sp.Integer(0)
        for index, axis in enumerate(self.axes):
            inner = sp.diff(axis, symbol)
            if inner != 0:
                orders = list(self.orders)
                orders[index] += 1
                total += inner * GridValue(self.args[0], sp.Tuple(*orders), *self.axes)
        return total

    def _numpycode(self, printer) -> str:
        names = tuple(getattr(a, "name", str(a)) for a in self.axes)
        arguments = ", ".join(printer._print(a) for a in self.axes)
        return f"_pinnls_grid({self.path!r}, {self.orders!r}, {names!r}, {arguments})"

    _lambdacode = _numpycode

    def _sympystr(self, printer) -> str:
        name = Path(self.path).stem
        suffix = "".join(str(a) * o for a, o in zip(self.axes, self.orders))
        arguments = ", ".join(printer._print(a) for a in self.axes)
        return f"{name}{'_' + suffix if suffix else ''}({arguments})"


_CACHE: dict = {}


def grid_evaluate(path: str, orders, names, *coordinates) -> np.ndarray:
    """The grid coefficient (differentiated ``orders`` times) at points: each coordinate an
    array (or number), broadcast together; returns their broadcast shape."""
    interpolate = _interpolator(path, tuple(orders), tuple(names))
    arrays = np.broadcast_arrays(*[np.asarray(c, dtype=np.float64) for c in coordinates])
    points = np.stack([a.ravel() for a in arrays], axis=1)
    return interpolate(points).reshape(arrays[0].shape)


def _interpolator(path: str, orders: tuple[int, ...], names: tuple[str, ...]):
    from scipy.interpolate import RegularGridInterpolator

    key = (path, orders, names)
    stamp = os.stat(path).st_mtime_ns if os.path.exists(path) else None
    if key in _CACHE and _CACHE[key][0] == stamp:
        return _CACHE[key][1]
    ticks, values = _load(path, names)
    for axis, order in enumerate(orders):
        for _ in range(order):
            values = np.gradient(values, ticks[axis], axis=axis, edge_order=2)
    interpolate = RegularGridInterpolator(
        ticks, values, method="linear", bounds_error=False, fill_value=None
    )
    _CACHE[key] = (stamp, interpolate)
    return interpolate


def _load(path: str, names: tuple[str, ...]) -> tuple[list[np.ndarray], np.ndarray]:
    """The grid's ticks per axis and its values, shape (m_1, ..., m_d)."""
    from pinnls.symbolic.data import _read_file

    try:
        points, values = _read_file(Path(path), names, "grid")
    except ProblemError as error:
        raise ProblemError(str(error).replace("data 'grid': ", "GridFunction: ")) from None
    bad = ~np.isfinite(points).all(axis=1) | ~np.isfinite(values)
    if bad.any():
        raise ProblemError(
            f"GridFunction: {path} row {int(np.argmax(bad)) + 2}: a value is not finite"
        )
    ticks = [np.unique(points[:, j]) for j in range(len(names))]
    shape = tuple(len(t) for t in ticks)
    if any(n < 2 for n in shape) or int(np.prod(shape)) != len(values):
        raise ProblemError(
            f"GridFunction: {path}: its {len(values)} rows do not fill a grid of "
            f"{' x '.join(map(str, shape))} distinct values of {', '.join(names)} (each axis "
            f"needs at least 2, and every combination exactly once)"
        )
    index = tuple(np.searchsorted(t, points[:, j]) for j, t in enumerate(ticks))
    grid = np.full(shape, np.nan)
    grid[index] = values
    if np.isnan(grid).any():
        raise ProblemError(f"GridFunction: {path}: some grid points are repeated, others missing")
    return ticks, grid
