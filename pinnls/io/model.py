"""The trained network of a result file, rebuilt from the ``/model`` group of ``solution.h5``
alone (docs/output-format.md, "The network in /model"): no problem file, no checkpoint.

torch is imported only when a network is loaded, so that importing this module stays cheap.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from pinnls.errors import ResultFileError
from pinnls.operators import piecewise

__all__ = ["Network", "load_network", "result_file"]

#: Points per evaluation chunk (bounds the memory of one forward pass).
CHUNK = 65536


def result_file(path: str | os.PathLike) -> Path:
    """``solution.h5`` of a results folder, or the file itself.

    Raises
    ------
    ResultFileError
        Neither a folder with ``solution.h5`` nor a file.
    """
    path = Path(path)
    if path.is_dir():
        if not (path / "solution.h5").is_file():
            raise ResultFileError(f"{path}/ holds no solution.h5 (is it a pinnls results folder?)")
        return path / "solution.h5"
    if not path.is_file():
        raise ResultFileError(f"{path}: no such result file or folder")
    return path


class Network:
    """``NN(x) = sum_j c_j Phi_j(x)``, or one such network per time slab.

    Attributes
    ----------
    axes : tuple of str
        The names of the input coordinates, in order.
    lower, upper : (d,) float64 ndarrays
        The box the network was trained on.
    slabs : tuple of (Basis, coefficients)
        One piece, or one per time slab.
    bounds : (slabs + 1,) ndarray or None
        The time-slab boundaries; None without slabs.
    time_axis : int or None
        The index of the axis that the slabs split.
    """

    def __init__(self, axes, lower, upper, pieces, bounds=None, time_axis=None) -> None:
        self.axes = tuple(axes)
        self.lower = np.asarray(lower, dtype=np.float64)
        self.upper = np.asarray(upper, dtype=np.float64)
        self.slabs = tuple(pieces)
        self.bounds = None if bounds is None else np.asarray(bounds, dtype=np.float64)
        self.time_axis = time_axis

    @property
    def dim(self) -> int:
        return len(self.axes)

    def __call__(self, points: Any) -> np.ndarray:
        """The network at points of shape (n, d) (float64); returns (n,).

        With time slabs, each point is evaluated by the slab whose interval holds its time (a
        point on an interface by the later slab; :func:`pinnls.operators.piecewise`).
        """
        points = np.asarray(points, dtype=np.float64).reshape(-1, self.dim)
        if len(self.slabs) == 1:
            return _evaluate(*self.slabs[0], points)
        return piecewise(
            points, self.bounds, self.time_axis, lambda index, p: _evaluate(*self.slabs[index], p)
        )

    def outside(self, points: Any) -> np.ndarray:
        """Which points lie outside the trained box, shape (n,) bool (a network extrapolates
        poorly there)."""
        points = np.asarray(points, dtype=np.float64).reshape(-1, self.dim)
        return ((points < self.lower) | (points > self.upper)).any(axis=1)


def load_network(path: str | os.PathLike) -> Network:
    """Rebuild the network of a result from its ``/model`` group.

    Parameters
    ----------
    path : path
        A results folder or its ``solution.h5``.

    Returns
    -------
    Network
        Callable on (n, d) points, returning (n,) float64 values.

    Raises
    ------
    ResultFileError
        The file is missing, is not a pinnls result, or has no usable ``/model``.
    """
    import h5py

    file_path = result_file(path)
    try:
        with h5py.File(file_path, "r") as file:
            if "model" not in file:
                raise ResultFileError(f"{file_path} has no /model group (not a pinnls result?)")
            axes = json.loads(_text(file.attrs["axes"]))
            group = file["model"]
            if "slabs" in group.attrs:
                count = int(group.attrs["slabs"])
                pieces = [_network(group[f"slab_{k}"]) for k in range(count)]
                time_axis = axes.index(_text(group.attrs["time_axis"]))
                bounds = np.asarray(group.attrs["bounds"], dtype=np.float64)
                lower = np.min([p[2] for p in pieces], axis=0)
                upper = np.max([p[3] for p in pieces], axis=0)
                return Network(axes, lower, upper, [p[:2] for p in pieces], bounds, time_axis)
            basis, coefficients, lower, upper = _network(group)
            return Network(axes, lower, upper, [(basis, coefficients)])
    except ResultFileError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError) as error:
        message = " ".join(str(error).split())
        raise ResultFileError(
            f"{file_path}: cannot rebuild the network from /model ({type(error).__name__}: "
            f"{message})"
        ) from None


def _network(group) -> tuple:
    """One network: (basis, coefficients, lower, upper) from a group laid out as /model."""
    import torch

    from pinnls.numeric.basis import Basis

    settings = json.loads(_text(group.attrs["settings"]))
    arrays = {name: group[name][()] for name in group if name != "coefficients"}
    coefficients = group["coefficients"][()]
    layers = sorted(int(name.split(".")[1]) for name in arrays if name.startswith("layers."))
    first = arrays["layers.0.weight"]
    width = int(first.shape[0])
    dtype = torch.float64 if first.dtype == np.float64 else torch.float32
    lower = np.asarray(group.attrs["lower"], dtype=np.float64)
    upper = np.asarray(group.attrs["upper"], dtype=np.float64)
    basis = Basis(
        lower,
        upper,
        width=width,
        depth=layers[-1] + 1,
        arch=settings.get("arch") or "plain",
        activation=settings["activation"],
        constant=coefficients.shape[0] == width + 1,
        dtype=dtype,
        device="cpu",
    )
    basis.load_state_dict({name: torch.from_numpy(np.array(a)) for name, a in arrays.items()})
    basis.eval()
    return basis, torch.from_numpy(np.array(coefficients)), lower, upper


def _evaluate(basis, coefficients, points: np.ndarray) -> np.ndarray:
    import torch

    out = np.empty(points.shape[0])
    with torch.no_grad():
        for start in range(0, points.shape[0], CHUNK):
            x = torch.as_tensor(points[start : start + CHUNK], dtype=coefficients.dtype)
            out[start : start + x.shape[0]] = (basis(x) @ coefficients).numpy()
    return out


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
