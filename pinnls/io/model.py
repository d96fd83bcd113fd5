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
from pinnls.operators import held, piecewise, point_rows, unknown_index

__all__ = ["Network", "load_network", "result_file"]

#: Points per evaluation chunk (bounds the memory of one forward pass).
CHUNK = 65536
#: The buffers of a basis split at material interfaces (``Basis.set_cells``), in its order.
CELL_BUFFERS = ("cell_axes", "cell_cuts", "cell_owner")


def result_file(path: str | os.PathLike, verify: bool = False) -> Path:
    """``solution.h5`` of a results folder, or the file itself.

    Parameters
    ----------
    path : path-like
    verify : bool
        Check the file against its folder's ``report.json`` manifest
        (:func:`pinnls.io.manifest.verify_file`).

    Raises
    ------
    ResultFileError
        Neither a folder with ``solution.h5`` nor a file; with ``verify``, a file whose sha256
        is not the manifest's.
    """
    path = Path(path)
    try:
        if path.is_dir():
            if not (path / "solution.h5").is_file():
                raise ResultFileError(f"{path}/ holds no solution.h5{_unfinished(path)}")
            path = path / "solution.h5"
        elif not path.is_file():
            raise ResultFileError(f"{path}: no such result file or folder")
    except OSError as error:  # a name longer than the file system allows, a symlink loop
        raise ResultFileError(f"{path}: {error.strerror or error}") from None
    if verify:
        from pinnls.io.manifest import verify_file

        verify_file(path)
    return path


class Network:
    """``NN(x) = sum_j c_j Phi_j(x)``, or one such network per time slab; for a system of m
    unknowns, one coefficient vector per unknown on the shared basis.

    Attributes
    ----------
    axes : tuple of str
        The names of the input coordinates, in order.
    unknowns : tuple of str
        The unknowns as the files name them: ``("u",)`` for one unknown, a system's function
        names (``("p", "v")``) in the order of their coefficient blocks.
    functions : tuple of str
        The problem's function names (``("T",)`` for ``T(x, t)``; a system's are its
        ``unknowns``).
    lower, upper : (d,) float64 ndarrays
        The box the network was trained on (a shape's bounding box).
    region : InteriorRegion or None
        The shape the network was trained on (``/model``'s attribute ``domain``), or None
        for a box.
    slabs : tuple of (Basis, coefficients)
        One piece, or one per time slab.
    bounds : (slabs + 1,) ndarray or None
        The time-slab boundaries; None without slabs.
    time_axis : int or None
        The index of the axis that the slabs split.
    """

    def __init__(
        self,
        axes,
        lower,
        upper,
        pieces,
        bounds=None,
        time_axis=None,
        unknowns=("u",),
        functions=None,
        region=None,
        unknown_fixed=(),
        factor=None,
        particular=None,
    ) -> None:
        #: the particular solution u_p that the solve subtracted first (``/particular``),
        #: added to the network's values; None without one
        self.particular = particular
        #: L (n, m * size) with the coefficients' covariance L^T L (``/uncertainty/factor``),
        #: or None when the solve's data stated no noise
        self.factor = None if factor is None else np.asarray(factor)
        #: The shape's interior (``contains(points)``) when the domain was not a box.
        self.region = region
        self.axes = tuple(axes)
        self.unknowns = tuple(unknowns)
        self.functions = self.unknowns if functions is None else tuple(functions)
        self.lower = np.asarray(lower, dtype=np.float64)
        self.upper = np.asarray(upper, dtype=np.float64)
        self.slabs = tuple(pieces)
        self.bounds = None if bounds is None else np.asarray(bounds, dtype=np.float64)
        self.time_axis = time_axis
        #: per unknown, the axes it does not take and the values it reads the basis at
        self.unknown_fixed = tuple(tuple((int(a), float(v)) for a, v in f) for f in unknown_fixed)

    @property
    def dim(self) -> int:
        return len(self.axes)

    @property
    def count(self) -> int:
        """The number of unknowns m."""
        return len(self.unknowns)

    def unknown_index(self, unknown: str | int | None) -> int | None:
        """The position of ``unknown`` among :attr:`unknowns`: a name there or in
        :attr:`functions` (so ``"T"`` and ``"u"`` both name the one unknown of ``T(x, t)``), or
        a position; None for None.

        Raises
        ------
        ValueError
            No such unknown (the message lists them).
        """
        return unknown_index(unknown, tuple(self.unknowns), tuple(self.functions))

    def __call__(self, points: Any, unknown: str | int | None = None) -> np.ndarray:
        """The network at points of shape (n, d) (float64).

        Returns (n,) for one unknown, or for the ``unknown`` named (by name or position); a
        system without ``unknown`` gives (n, m), the unknowns side by side in the order of
        :attr:`unknowns`.

        With time slabs, each point is evaluated by the slab whose interval holds its time (a
        point on an interface by the later slab; :func:`pinnls.operators.piecewise`).
        """
        points = point_rows(points, self.axes)
        index = self.unknown_index(unknown)

        if self.unknown_fixed:  # some unknowns take fewer axes (no slabs then)
            basis, coefficients = self.slabs[0]
            columns = [
                _evaluate(basis, coefficients[:, j], held(points, fixed))
                for j, fixed in enumerate(self.unknown_fixed)
            ]
            return columns[index] if index is not None else np.stack(columns, axis=1)

        def evaluate(slab: int, part: np.ndarray) -> np.ndarray:
            values = _evaluate(*self.slabs[slab], part)  # (n,) one unknown, (n, m) a system
            return values if index is None or values.ndim == 1 else values[:, index]

        if len(self.slabs) == 1:
            values = evaluate(0, points)
        else:
            columns = self.count if index is None and self.count > 1 else None
            values = piecewise(points, self.bounds, self.time_axis, evaluate, columns)
        if self.particular is not None:  # one unknown only
            values = values + self.particular(points)
        return values

    @property
    def has_std(self) -> bool:
        """Whether the file holds the covariance that :meth:`std` needs."""
        return self.factor is not None

    def std(self, points: Any, unknown: str | int | None = None) -> np.ndarray:
        """The pointwise standard deviation from the data's stated noise, as
        :meth:`pinnls.solution.Solution.std` gave it: (n,) for one unknown or the ``unknown``
        named, (n, m) for a whole system.

        Raises
        ------
        ValueError
            The file holds no ``/uncertainty`` (the solve's data stated no noise).
        """
        import torch

        if self.factor is None:
            raise ValueError(
                "no uncertainty in this result: its data stated no noise "
                "(problem.data(..., noise=sigma))"
            )
        points = point_rows(points, self.axes)
        index = self.unknown_index(unknown)
        if index is None and self.count > 1:
            return np.stack([self.std(points, j) for j in range(self.count)], axis=1)
        index = index or 0
        basis = self.slabs[0][0]
        fixed = self.unknown_fixed[index] if self.unknown_fixed else ()
        mapped = held(points, fixed)
        dtype = self.slabs[0][1].dtype
        factor = torch.from_numpy(self.factor).to(dtype)
        factor = factor.reshape(factor.shape[0], self.count, -1)[:, index]
        out = np.empty(points.shape[0])
        # the spread is Phi(x) @ factor^T, evaluated as the values are (a local basis cell by
        # cell), a chunk at a time: (chunk, r), not (n, r)
        for start in range(0, points.shape[0], CHUNK):
            part = _evaluate(basis, factor.mT, mapped[start : start + CHUNK])
            out[start : start + part.shape[0]] = np.linalg.norm(part, axis=1)
        return out

    def outside(self, points: Any) -> np.ndarray:
        """Which points lie outside the trained box, shape (n,) bool (a network extrapolates
        poorly there)."""
        points = point_rows(points, self.axes)
        outside = ((points < self.lower) | (points > self.upper)).any(axis=1)
        if self.region is not None:
            outside |= ~self.region.contains(points)
        return outside


def _unfinished(folder: Path) -> str:
    """Why a folder holds no results, for the end of a message: the training of a run that
    ended without finishing (:func:`pinnls.io.runfolder.unfinished_training`), else the
    question whether it is a results folder at all."""
    from pinnls.checkpoint import resumable
    from pinnls.io.runfolder import unfinished_training

    kept = unfinished_training(folder)
    if kept is None:
        return " (is it a pinnls results folder?)"
    if not resumable(kept):
        return (
            f": a run into it ended without finishing, its training kept in {kept} (the "
            "automatic strategy's, which --resume does not continue: solve again)"
        )
    return (
        f": a run into it ended without finishing, its training kept in {kept} (pinnls "
        f"solve with --out {folder} --resume continues it)"
    )


def load_network(path: str | os.PathLike, verify: bool = True) -> Network:
    """Rebuild the network of a result from its ``/model`` group.

    Parameters
    ----------
    path : path
        A results folder or its ``solution.h5``.
    verify : bool
        Refuse a file whose sha256 is not the one in its folder's ``report.json`` manifest
        (:func:`pinnls.io.manifest.verify_file`; nothing to check without ``report.json``).

    Returns
    -------
    Network
        Callable on (n, d) points, returning (n,) float64 values, or (n, m) for a system of m
        unknowns (``/model``'s attribute ``unknowns``; a file without it has one, ``u``).

    Raises
    ------
    ResultFileError
        The file is missing, is not a pinnls result, has no usable ``/model``, or (``verify``)
        does not match its folder's manifest.
    """
    import h5py

    file_path = result_file(path, verify)
    try:
        with h5py.File(file_path, "r") as file:
            if "model" not in file:
                raise ResultFileError(f"{file_path} has no /model group (not a pinnls result?)")
            axes = json.loads(_text(file.attrs["axes"]))
            group = file["model"]
            # a file without these attributes (an older one) has one unknown, u
            unknowns = json.loads(_text(group.attrs.get("unknowns", '["u"]')))
            functions = json.loads(_text(group.attrs.get("unknown_functions", "null")))
            names = {"unknowns": unknowns, "functions": functions}
            if "domain" in group.attrs:
                from pinnls.symbolic.shapes import region_from_json

                names["region"] = region_from_json(json.loads(_text(group.attrs["domain"])))
            if "unknown_fixed" in group.attrs:
                names["unknown_fixed"] = json.loads(_text(group.attrs["unknown_fixed"]))
            if "uncertainty" in file:
                names["factor"] = file["uncertainty/factor"][()]
            kind = _text(file["particular"].attrs.get("kind", "")) if "particular" in file else ""
            if kind not in ("", "transported", "carried", "spreading", "sum"):
                raise ResultFileError(f"/particular: unknown kind {kind!r}")
            if kind:
                from pinnls.particular import from_record

                try:
                    record = json.loads(_text(file["particular"].attrs["record"]))
                    if record.get("kind") != kind:
                        raise ValueError(f"the record's kind is {record.get('kind')!r}")
                    names["particular"] = from_record(record, len(axes))
                except (KeyError, ValueError, AttributeError) as error:
                    raise ResultFileError(f"/particular: {error}") from None
            elif "particular" in file:
                from pinnls.particular import Particular

                pairs = file["particular/exponents"][()]
                values = file["particular/coefficients"][()]
                powers = file["particular/powers"][()]
                # (m, d, 2) and (m, k, 2): the real and imaginary parts side by side
                m = np.shape(pairs)[0] if np.ndim(pairs) else None
                k = np.shape(powers)[0] if np.ndim(powers) else None
                _check_shape("/particular/exponents", np.shape(pairs), (m, len(axes), 2))
                _check_shape("/particular/powers", np.shape(powers), (k, len(axes)))
                _check_shape("/particular/coefficients", np.shape(values), (m, k, 2))
                names["particular"] = Particular(
                    pairs[..., 0] + 1j * pairs[..., 1],
                    powers,
                    values[..., 0] + 1j * values[..., 1],
                )
            count = len(unknowns)
            if "slabs" in group.attrs:
                slabs = int(group.attrs["slabs"])
                pieces = [_network(group[f"slab_{k}"], count) for k in range(slabs)]
                time_axis = axes.index(_text(group.attrs["time_axis"]))
                bounds = np.asarray(group.attrs["bounds"], dtype=np.float64)
                _check_shape("/model attribute bounds", bounds.shape, (slabs + 1,))
                lower = np.min([p[2] for p in pieces], axis=0)
                upper = np.max([p[3] for p in pieces], axis=0)
                _check_extras(names, pieces[0][0], count)
                return Network(
                    axes, lower, upper, [p[:2] for p in pieces], bounds, time_axis, **names
                )
            basis, coefficients, lower, upper = _network(group, count)
            _check_extras(names, basis, count)
            return Network(axes, lower, upper, [(basis, coefficients)], **names)
    except ResultFileError:
        raise
    except (OSError, KeyError, ValueError, TypeError, RuntimeError) as error:  # ProblemError too
        message = " ".join(str(error).split())
        raise ResultFileError(
            f"{file_path}: cannot rebuild the network from /model ({type(error).__name__}: "
            f"{message})"
        ) from None


def _check_shape(name: str, shape: tuple, expected: tuple) -> None:
    """ValueError naming the array and both shapes when ``shape`` is not ``expected`` (a None
    entry of ``expected`` takes any length, shown as n)."""
    shape = tuple(int(n) for n in shape)
    if len(shape) != len(expected) or any(
        e is not None and n != e for n, e in zip(shape, expected)
    ):
        shown = "(" + ", ".join("n" if e is None else str(e) for e in expected)
        shown += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{name} has shape {shape}; the saved network needs {shown}")


def _check_extras(names: dict, basis, count: int) -> None:
    """The shapes of the arrays beside the network's own (``/uncertainty/factor``,
    the attribute ``unknown_fixed``), against the basis, so that a damaged file fails here,
    naming the array, not at evaluation with torch's message (``/particular`` is checked as it
    is read)."""
    if "factor" in names:
        _check_shape("/uncertainty/factor", np.shape(names["factor"]), (None, count * basis.size))
    if "unknown_fixed" in names and len(names["unknown_fixed"]) != count:
        raise ValueError(
            f"/model attribute unknown_fixed has {len(names['unknown_fixed'])} entries; the "
            f"saved network has {count} unknowns"
        )


def _network(group, count: int = 1) -> tuple:
    """One network: (basis, coefficients, lower, upper) from a group laid out as /model, whose
    coefficients hold ``count`` blocks of the basis' size (one per unknown): (size,) for one
    unknown, (size, count) for a system."""
    import torch

    from pinnls.numeric.basis import Basis, load_saved

    settings = json.loads(_text(group.attrs["settings"]))
    arrays = {name: group[name][()] for name in group if name != "coefficients"}
    coefficients = group["coefficients"][()]
    if coefficients.ndim != 1 or coefficients.shape[0] % count:
        raise ValueError(
            f"/model coefficients of shape {coefficients.shape} are not {count} equal blocks "
            "(one per unknown)"
        )
    size = coefficients.shape[0] // count
    layers = sorted(int(name.split(".")[1]) for name in arrays if name.startswith("layers."))
    first = arrays["layers.0.weight"]
    width = int(first.shape[0])
    dtype = torch.float64 if first.dtype == np.float64 else torch.float32
    lower = np.asarray(group.attrs["lower"], dtype=np.float64)
    upper = np.asarray(group.attrs["upper"], dtype=np.float64)
    # The saved settings say whether the basis has its constant (every basis is built with
    # settings.constant); only a file without the setting is read by the coefficients' length,
    # where one entry lost would load as a network without its constant.
    saved = settings.get("constant")
    if "counts" in arrays:  # a local basis (settings' subdomains): its grid is saved with it
        from pinnls.numeric.local import LocalBasis

        basis = LocalBasis(
            lower,
            upper,
            counts=[int(count) for count in arrays["counts"]],
            width=width,
            activation=settings["activation"],
            constant=saved if isinstance(saved, bool) else size == width + 1,
            dtype=dtype,
            device="cpu",
        )
    else:
        foot = None
        if "foot.spec" in arrays:  # features on a variable flow's characteristics
            from pinnls.numeric.characteristic import FootMap

            foot = FootMap.from_spec(
                arrays["foot.spec"], arrays["foot.lower"], arrays["foot.scale"]
            )
        # a shape's singular functions (Basis.set_singular) sit between features and constant
        singular = arrays.get("singular_spec")
        extra = 0 if singular is None else int(singular.shape[0])
        basis = Basis(
            lower,
            upper,
            width=width,
            depth=layers[-1] + 1,
            arch=settings.get("arch") or "plain",
            activation=settings["activation"],
            constant=saved if isinstance(saved, bool) else size == width + extra + 1,
            dtype=dtype,
            device="cpu",
            foot=foot,
        )
        if "envelope_weight" in arrays:  # features across boundary layers, with envelopes
            basis.set_envelope(
                torch.from_numpy(np.array(arrays["envelope_weight"])),
                torch.from_numpy(np.array(arrays["envelope_bias"])),
            )
        if "cell_owner" in arrays:  # a basis split at material interfaces
            basis.set_cells(*(torch.from_numpy(np.array(arrays[name])) for name in CELL_BUFFERS))
        if singular is not None:
            basis.set_singular(torch.from_numpy(np.array(singular)))
    load_saved(basis, {name: torch.from_numpy(np.array(a)) for name, a in arrays.items()})
    basis.eval()
    # the basis' size follows from the saved layers (and singular functions), with or without
    # the constant: coefficients of another length fail here, naming both shapes, not in the
    # first evaluation's product
    if basis.size != size:
        features = basis.size - int(basis.constant)
        needs = (
            f"needs ({count * features},), or ({count * (features + 1)},) with its constant"
            if not isinstance(saved, bool)
            else f"and its constant needs ({count * basis.size},)"
            if basis.constant
            else f"needs ({count * basis.size},) (its settings say it has no constant)"
        )
        raise ValueError(
            f"{group.name}/coefficients has shape {coefficients.shape}; the saved network of "
            f"{features} features {needs}"
        )
    # block k is unknown k: as columns, one matrix product evaluates every unknown (one
    # unknown stays a vector, as one unknown's files store it)
    blocks = np.array(coefficients) if count == 1 else np.array(coefficients).reshape(count, -1).T
    return basis, torch.from_numpy(np.ascontiguousarray(blocks)), lower, upper


def _evaluate(basis, coefficients, points: np.ndarray) -> np.ndarray:
    """Phi(points) @ coefficients: (n,) for (size,) coefficients, (n, m) for (size, m)."""
    import torch

    from pinnls.numeric.block_sparse import evaluate

    out = np.empty((points.shape[0], *coefficients.shape[1:]))
    for start in range(0, points.shape[0], CHUNK):
        x = torch.as_tensor(points[start : start + CHUNK], dtype=coefficients.dtype)
        out[start : start + x.shape[0]] = evaluate(basis, x, coefficients).numpy()
    return out


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
