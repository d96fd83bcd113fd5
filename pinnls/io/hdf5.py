"""``solution.h5``: a self-describing HDF5 file with the fields, residuals, history and model.

The layout is documented for readers in C, Julia and Python in ``docs/output-format.md``.
Every array is float64 (int64 for counters), every dataset has a ``description`` attribute,
and the fields carry HDF5 dimension scales so that tools see the grid coordinates.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from pinnls import record
from pinnls.errors import ResultFileError
from pinnls.io.atomic import atomic_path
from pinnls.io.fields import errors_by_unknown, field_names, unknown_names
from pinnls.io.report import jsonable, pinnls_version
from pinnls.metrics import field_errors
from pinnls.particular import Carried, Spreading, Summed, Transported

__all__ = ["write_hdf5", "read_info", "ResultFileError", "FIELD_DESCRIPTIONS"]

log = logging.getLogger(__name__)

#: The ``description`` attribute of each field (of one unknown; a system's fields say which
#: unknown, see :func:`_field_description`).
FIELD_DESCRIPTIONS = {
    "u": "network solution NN(x) on the evaluation grid",
    "exact": "exact solution on the evaluation grid",
    "error": "pointwise error u - exact on the evaluation grid",
}


def _field_description(which, role: str) -> str:
    """The ``description`` of a field: :data:`FIELD_DESCRIPTIONS` for one unknown, the same
    naming the unknown for a system's."""
    if not which.system:
        return FIELD_DESCRIPTIONS[{"value": "u", "exact": "exact", "error": "error"}[role]]
    name = which.unknown
    return {
        "value": f"network solution of {name} on the evaluation grid",
        "exact": f"exact solution of {name} on the evaluation grid",
        "error": f"pointwise error {name} - {name}_exact on the evaluation grid",
    }[role]


_HISTORY_DESCRIPTIONS = {
    "iteration": "iteration number (0 = least squares before the first gradient step)",
    "loss": "total loss sum_k eps_k mean |L_k[NN] - f_k|^2",
    "error": "relative L2 error against the exact solution on the history grid (NaN: not measured)",
    "rank": "numerical rank of the least-squares system (-1: not measured)",
    "condition": "condition number of the least-squares system (NaN: not measured)",
    "wall": "seconds since training started",
    "slab": "time slab of the entry (0 without time slabs)",
}

_ROOT_REQUIRED = ("pinnls_version", "settings")


def write_hdf5(
    solution,
    path: str | os.PathLike,
    fields: Mapping[str, Any] | None = None,
    metadata: Mapping[str, Any] | None = None,
    residuals: Mapping[str, Mapping[str, np.ndarray]] | None = None,
) -> Path:
    """Write ``solution.h5`` atomically.

    Parameters
    ----------
    solution : Solution
    path : path-like
        The file to write; its directory must exist.
    fields : mapping, optional
        ``solution.grid()``; evaluated here when not given.
    metadata : mapping, optional
        Extra root attributes, e.g. ``problem_file``, ``problem_sha256``, ``command``. Strings
        and numbers are stored as they are, anything else as a JSON string.
    residuals : mapping, optional
        ``solution.residuals()``; evaluated here when not given.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    fields = solution.grid() if fields is None else fields
    residuals = solution.residuals() if residuals is None else residuals
    # Built in memory, then written by Python: on a full disk HDF5's own writes fail inside
    # its close and object cleanup, printing hundreds of tracebacks and crashing (issue 15).
    image = io.BytesIO()
    with h5py.File(image, "w", track_order=True) as file:
        _write_attributes(file, solution, fields, metadata)
        _write_grid(file, solution.compiled.axes, fields)
        _write_mesh(file, fields)
        _write_terms(file, solution, residuals)
        _write_history(file, solution.history)
        _write_model(file, solution)
        _write_particular(file, solution)
        _write_uncertainty(file, solution)
    with atomic_path(path) as temporary:
        temporary.write_bytes(image.getbuffer())
    return path


def _dataset(group: h5py.Group, name: str, data: Any, description: str) -> h5py.Dataset:
    dataset = group.create_dataset(name, data=data)
    dataset.attrs["description"] = description
    return dataset


def _attribute(value: Any) -> Any:
    """A value HDF5 can store as an attribute: str, bool, int, float, or a JSON string."""
    if isinstance(value, (str, bool, int, float, np.integer, np.floating, np.bool_)):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return json.dumps(jsonable(value), allow_nan=False)


def _write_attributes(file: h5py.File, solution, fields, metadata) -> None:
    compiled = solution.compiled
    settings = solution.settings.to_dict()
    found = field_errors(fields)
    reference = getattr(compiled, "reference", None)
    if found is None and reference is not None:
        found = solution.reference_errors()  # at the reference file's points, as report.json
    errors = found or {"rel_l2": float("nan"), "max": float("nan")}
    names = unknown_names(fields)
    per_unknown = errors_by_unknown(found, names) or {
        name: {"rel_l2": float("nan"), "max": float("nan")} for name in names
    }
    attrs = {
        "pinnls_version": pinnls_version(),
        "problem": compiled.name,
        "problem_sha256": "",
        "settings": json.dumps(jsonable(settings), allow_nan=False, sort_keys=True),
        # Seeds span [-2**63, 2**64); those beyond int64 are kept exactly, as text.
        "seed": np.int64(settings["seed"])
        if -(2**63) <= settings["seed"] < 2**63
        else str(settings["seed"]),
        "complete": np.bool_(solution.complete),
        "stop_reason": str(solution.stop_reason),
        "axes": json.dumps(list(compiled.axes)),
        "lower": np.asarray(compiled.lower, dtype=np.float64),
        "upper": np.asarray(compiled.upper, dtype=np.float64),
        "iterations": np.int64(solution.iterations),
        "wall_seconds": float(solution.wall),
        "rank": np.int64(solution.rank),
        "condition": float(solution.condition),
        "loss": float(solution.loss()),
        "rel_l2_error": errors["rel_l2"],
        "max_error": errors["max"],
        # Each unknown's own errors beside the combined ones (for one unknown, the same).
        **{
            f"{kind}_error_{name}": e[key]
            for name, e in per_unknown.items()
            for kind, key in (("rel_l2", "rel_l2"), ("max", "max"))
        },
        # The field names (`u` for one unknown) and the problem's function names (`T`).
        "unknowns": json.dumps(list(names)),
        "unknown_functions": json.dumps(list(compiled.unknowns)),
        "exact": compiled.exact_text or "",
        # only with problem.reference, so that other files keep exactly their attributes
        **(
            {"reference": str(reference[2]), "reference_points": np.int64(len(reference[0]))}
            if reference is not None
            else {}
        ),
        # only where unknowns take no axis (q()), so that other files keep their attributes
        **(
            {"unknown_constants": _attribute(constants)}
            if (constants := solution.unknown_constants())
            else {}
        ),
        "rows": np.int64(solution.rows),
        "validation": _attribute(getattr(solution, "validation", None)),
        "validation_total": float(
            (getattr(solution, "validation", None) or {}).get("total", float("nan"))
        ),
        "strategy": _attribute(record.to_json(getattr(solution, "strategy", None))),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    for key, value in dict(metadata or {}).items():
        attrs[str(key)] = _attribute(value)
    for key, value in attrs.items():
        file.attrs[key] = value


def _write_grid(file: h5py.File, axes: tuple[str, ...], fields: Mapping[str, Any]) -> None:
    grid = file.create_group("grid", track_order=True)
    grid.attrs["description"] = "evaluation grid: one coordinate array per axis (dimension scales)"
    grid.attrs["axes"] = json.dumps(list(axes))
    scales = []
    for axis, ticks in zip(axes, fields["axes"]):
        scale = _dataset(grid, axis, np.asarray(ticks, dtype=np.float64), f"coordinates of {axis}")
        scale.make_scale(axis)
        scales.append(scale)
    shape = tuple(len(t) for t in fields["axes"])
    if "points" in axes:
        log.warning("an axis is named 'points'; /grid/points (the grid as a list) is not written")
    else:
        _dataset(
            grid,
            "points",
            np.asarray(fields["points"], dtype=np.float64),
            "grid points (n, d), n = prod(m_i), C order of the axes (last axis fastest); "
            "row k is the point of fields/*.ravel()[k]",
        )
    if fields.get("inside") is not None:
        _dataset(
            grid,
            "inside",
            np.asarray(fields["inside"], dtype=np.uint8).reshape(shape),
            "1 where the grid point lies in the domain (a shape); the fields are NaN elsewhere",
        )
    group = file.create_group("fields", track_order=True)
    group.attrs["description"] = "fields on the grid, shape (m_1, ..., m_d) in the axes' order"
    system = fields.get("unknowns") is not None
    for column, which in enumerate(field_names(fields.get("unknowns"))):
        for role, key in (("value", "u"), ("exact", "exact"), ("error", "error")):
            if fields.get(key) is None:
                continue
            values = np.asarray(fields[key], dtype=np.float64)
            # a system's (n, m) arrays hold one column per unknown
            values = (values[:, column] if system else values).reshape(shape)
            name = getattr(which, role)
            dataset = _dataset(group, name, values, _field_description(which, role))
            for i, (axis, scale) in enumerate(zip(axes, scales)):
                dataset.dims[i].label = axis
                dataset.dims[i].attach_scale(scale)
        if fields.get("std") is not None:
            values = np.asarray(fields["std"], dtype=np.float64)
            values = (values[:, column] if system else values).reshape(shape)
            dataset = _dataset(
                group,
                which.std,
                values,
                f"pointwise standard deviation of {which.unknown} from the data's stated noise "
                f"(fixed basis, independent Gaussian noise)",
            )
            for i, (axis, scale) in enumerate(zip(axes, scales)):
                dataset.dims[i].label = axis
                dataset.dims[i].attach_scale(scale)


#: VTK's corner order of a hexahedron, as index offsets along the three axes: the bottom face
#: (third axis at its lower index) counter-clockwise seen from above, then the top face.
_HEXAHEDRON_CORNERS = (
    (0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0), (0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1),
)  # fmt: skip


def hexahedra(shape: tuple[int, int, int], first: slice = slice(None)) -> np.ndarray:
    """The hexahedral cells of a grid of three axes, as rows of 8 point indices.

    Parameters
    ----------
    shape : (m_1, m_2, m_3)
        Points per axis; points are numbered in C order (``i * m_2 * m_3 + j * m_3 + k``), as
        the rows of ``/grid/points``.
    first : slice
        The cells' indices along the first axis (default all ``m_1 - 1``).

    Returns
    -------
    (c, 8) int64 ndarray
        Cells in C order of their lowest corner, corners in VTK's order: with the axes as X, Y,
        Z every cell has a positive volume.
    """
    m1, m2, m3 = shape
    i = np.arange(m1 - 1)[first]
    j, k = np.arange(m2 - 1), np.arange(m3 - 1)
    lowest = (i[:, None, None] * m2 + j[None, :, None]) * m3 + k[None, None, :]
    corners = [lowest + (a * m2 + b) * m3 + c for a, b, c in _HEXAHEDRON_CORNERS]
    return np.stack(corners, axis=-1).reshape(-1, 8).astype(np.int64)


def _write_mesh(file: h5py.File, fields: Mapping[str, Any]) -> None:
    """``/mesh/hexahedra`` for grids of three axes (what ``solution.xdmf`` draws), written one
    slab of the first axis at a time, compressed (its values are regular)."""
    shape = tuple(len(t) for t in fields["axes"])
    if len(shape) != 3 or min(shape) < 2:
        return
    group = file.create_group("mesh", track_order=True)
    group.attrs["description"] = "cells of the evaluation grid, for solution.xdmf"
    cells = (shape[0] - 1) * (shape[1] - 1) * (shape[2] - 1)
    per_slab = (shape[1] - 1) * (shape[2] - 1)
    step = max(1, (1 << 20) // per_slab)
    dataset = group.create_dataset(
        "hexahedra",
        shape=(cells, 8),
        dtype=np.int64,
        chunks=(min(cells, 1 << 16), 8),
        compression="gzip",
        shuffle=True,
    )
    dataset.attrs["description"] = (
        "hexahedral cells (c, 8): rows of /grid/points at their corners in VTK order; with the "
        "axes as X, Y, Z every cell has a positive volume"
    )
    for start in range(0, shape[0] - 1, step):
        block = hexahedra(shape, slice(start, start + step))
        dataset[start * per_slab : start * per_slab + block.shape[0]] = block


def _write_terms(file: h5py.File, solution, residuals) -> None:
    group = file.create_group("terms", track_order=True)
    group.attrs["description"] = "one group per loss term: its points and residuals"
    history = solution.history
    for term in solution.compiled.terms:
        sub = group.create_group(term.name, track_order=True)
        sub.attrs["description"] = f"{term.kind} '{term.name}': {term.operator}"
        sub.attrs["kind"] = term.kind
        sub.attrs["location"] = term.location
        sub.attrs["operator"] = term.operator
        sub.attrs["weight"] = float(term.weight)
        losses = history.terms.get(term.name, [])
        sub.attrs["loss"] = float(losses[solution.final_row]) if losses else float("nan")
        data = residuals.get(term.name)
        points = term.points if data is None else data["points"]
        _dataset(sub, "points", np.asarray(points, dtype=np.float64), "collocation points (n, d)")
        if data is not None:
            _dataset(
                sub,
                "residual",
                np.asarray(data["residual"], dtype=np.float64),
                "unweighted residual L[NN] - f at the points (n,)",
            )


def _write_history(file: h5py.File, history) -> None:
    group = file.create_group("history", track_order=True)
    group.attrs["description"] = "one entry per recorded iteration"
    arrays = history.arrays()
    for name, description in _HISTORY_DESCRIPTIONS.items():
        dtype = np.int64 if name in ("iteration", "rank", "slab") else np.float64
        _dataset(group, name, np.asarray(arrays[name], dtype=dtype), description)
    terms = group.create_group("terms", track_order=True)
    terms.attrs["description"] = "per-term losses eps_k mean |L_k[NN] - f_k|^2"
    for name, values in history.terms.items():
        _dataset(terms, name, np.asarray(values, dtype=np.float64), f"loss of term '{name}'")


def _model_unknowns(solution) -> str:
    """The ``unknowns`` attribute of ``/model``: the names of the coefficient blocks, as the
    fields name them (``["u"]`` for one unknown), JSON."""
    compiled = solution.compiled
    return json.dumps([f.unknown for f in field_names(compiled.unknowns)])


def _write_model(file: h5py.File, solution) -> None:
    group = file.create_group("model", track_order=True)
    group.attrs["unknowns"] = _model_unknowns(solution)
    group.attrs["unknown_functions"] = json.dumps(list(solution.compiled.unknowns))
    if solution.compiled.region is not None:
        # the shape the network was trained on (pinnls.symbolic.shapes.region_from_json)
        group.attrs["domain"] = json.dumps(solution.compiled.region.to_json())
    if solution.compiled.unknown_fixed:
        # an unknown such as f(x) reads the basis with its missing axes held at these values
        group.attrs["unknown_fixed"] = json.dumps(
            [[[int(a), float(v)] for a, v in fixed] for fixed in solution.compiled.unknown_fixed]
        )
    if solution.slabs:
        group.attrs["description"] = (
            "time slabs: one group slab_<k> per slab, each a network on its own box "
            "(attributes lower, upper) with its own settings"
        )
        group.attrs["slabs"] = len(solution.slabs)
        group.attrs["time_axis"] = solution.compiled.axes[solution.compiled.time_axis]
        group.attrs["bounds"] = solution.slab_bounds
        for index, piece in enumerate(solution.slabs):
            _write_network(group.create_group(f"slab_{index}", track_order=True), piece)
        return
    _write_network(group, solution)


#: ``/particular``'s description where ``u_p`` is written as a JSON record, by its kind.
_QUADRATURE_DESCRIPTIONS = {
    "spreading": (
        "u = u_p + the network of /model, with u_p = Re sum_j exp(-y^T M_j^-1 Q_j y + "
        "(M_j^-1 p_j) . y + l_j + tau p_j^T D M_j^-1 p_j - log(det M_j) / 2 - k tau), tau = t - "
        "start, y = x - v tau, M_j = I + 4 tau Q_j D: the initial data's Gaussians carried by "
        "u_t + v . grad u = div(D grad u) - k u in free space; axis, start, v, D, k and the "
        "Gaussians' Q_j, p_j, l_j ([re, im]) in the JSON attribute 'record'; with a 'flow' A "
        "(a flow v + A x), the exponent solves a matrix Riccati equation instead; with a "
        "'wind' (Chebyshev coefficients of v(t) on [start, stop], one row per axis), v tau is "
        "the wind's integral from start, NaN past stop (pinnls's docs/output-format.md)"
    ),
    "sum": (
        "u = u_p + the network of /model, with u_p the sum of the particular solutions of the "
        "records in the 'parts' of the JSON attribute 'record' (each a kind described in "
        "pinnls's docs/design.md: exponentials, transported, carried, spreading)"
    ),
    "transported": (
        "u = u_p + the network of /model, with u_p(X) = int_0^sigma(X) f(X - A s) exp(-k s) ds, "
        "sigma(X) = (n . X - c) / (n . A): the source f (an expression program over the axes), "
        "A, k, n, c and the Gauss-Legendre panels in the JSON attribute 'record'"
    ),
    "carried": (
        "u = u_p + the network of /model, with u_p(X) = int_0^sigma f(Y(s)) exp(-int_0^s "
        "c(Y(r)) dr) ds along dY/ds = -v(Y), Y(0) = X, back to x_axis = start, sigma = X_axis - "
        "start, in Runge-Kutta steps: v, c and f (expression programs over the axes), the axis, "
        "start, steps, method and groups in the JSON attribute 'record'"
    ),
}


def _write_particular(file: h5py.File, solution) -> None:
    """``/particular``: the particular solution ``u_p`` that the solve subtracted first
    (:mod:`pinnls.particular`); the solution is ``u_p`` plus the network of ``/model``."""
    particular = solution.compiled.particular
    if particular is None:
        return
    group = file.create_group("particular", track_order=True)
    if isinstance(particular, (Transported, Carried, Spreading, Summed)):
        record = particular.to_json()
        group.attrs["kind"] = record["kind"]
        group.attrs["description"] = _QUADRATURE_DESCRIPTIONS[record["kind"]]
        group.attrs["record"] = json.dumps(record)
        return
    group.attrs["description"] = (
        "u = u_p + the network of /model, with u_p(x) = Re sum_j exp(a_j . x) sum_r C_jr "
        "x^p_r: a_j the rows of exponents, p_r of powers, C_jr of coefficients (a last axis "
        "of 2: real and imaginary part)"
    )
    pairs = np.stack([particular.exponents.real, particular.exponents.imag], axis=-1)
    _dataset(group, "exponents", pairs, "a_j (m, d, 2): real and imaginary parts")
    _dataset(group, "powers", particular.powers, "p_r (k, d): the monomials' powers")
    values = np.stack([particular.coefficients.real, particular.coefficients.imag], axis=-1)
    _dataset(group, "coefficients", values, "C_jr (m, k, 2): real and imaginary parts")


def _write_uncertainty(file: h5py.File, solution) -> None:
    """``/uncertainty/factor``: the solve's factor ``L`` of the coefficients' covariance
    ``L^T L``, so that a loaded solution gives the same ``std`` (written only with data that
    state their noise).

    The rows of data without noise are zero in ``L`` and dropped (the standard deviation
    ``||Phi(x) L^T||`` depends only on ``L^T L``). A tall ``L`` is kept as it is, not replaced
    by its QR factor: the standard deviations come from cancellation between large entries
    (``L`` holds ``S^-2``), and the QR's rounding moved them by ~1e-6 relative in a test."""
    record = solution.inverse or {}
    if "factor" not in record or solution.slabs:
        return
    factor = record["factor"].detach().cpu().numpy()
    factor = factor[np.any(factor != 0, axis=1)]
    group = file.create_group("uncertainty", track_order=True)
    group.attrs["description"] = (
        "the coefficients' covariance from the data's stated noise (fixed basis, independent "
        "Gaussian noise): std of unknown k at x = ||Phi(x) L_k^T||"
    )
    group.attrs["noise"] = json.dumps(record.get("noise") or {})
    _dataset(
        group,
        "factor",
        factor,
        "L (n, m * size), one row per noisy data value: covariance of /model/coefficients = "
        "L^T L; L_k, its columns [k * size, (k + 1) * size), belongs to unknown k",
    )


def _write_network(group: h5py.Group, solution) -> None:
    group.attrs["description"] = (
        "network state: the basis' state_dict (torch names) and the last layer's coefficients"
    )
    group.attrs["lower"] = np.asarray(solution.compiled.lower, dtype=np.float64)
    group.attrs["upper"] = np.asarray(solution.compiled.upper, dtype=np.float64)
    group.attrs["settings"] = json.dumps(solution.settings.to_dict(), sort_keys=True)
    group.attrs["unknowns"] = _model_unknowns(solution)
    for key, tensor in solution.basis.state_dict().items():
        _dataset(group, key, tensor.detach().cpu().numpy(), f"basis parameter {key}")
    if solution.compiled.is_system:
        description = (
            "last layer c, one block of the basis' size per unknown in the order of the "
            "attribute unknowns: unknown k = sum_j c[k * size + j] Phi_j(x)"
        )
    else:
        description = "last layer c: NN(x) = sum_j c_j Phi_j(x)"
    _dataset(group, "coefficients", solution.coefficients.detach().cpu().numpy(), description)


# -- reading -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _json(text: str | None) -> Any:
    try:
        return None if text is None else json.loads(text)
    except json.JSONDecodeError:
        return None


def _number(value: Any) -> float | None:
    value = float(value)
    return value if np.isfinite(value) else None


def read_info(path: str | os.PathLike) -> dict[str, Any]:
    """Summarize a ``solution.h5`` (for ``pinnls info``).

    Parameters
    ----------
    path : path-like

    Returns
    -------
    dict
        ``problem``, ``problem_sha256``, ``problem_file`` (or None), ``pinnls_version``,
        ``created``, ``seed``, ``settings`` (dict), ``axes``, ``grid`` ({axis: m}),
        ``iterations``, ``history_length``, ``loss`` (final total), ``terms`` ({name: final
        loss}), ``rel_l2_error`` and ``max_error`` (None without an exact solution), ``rank``,
        ``condition``, ``wall_seconds``, ``complete``, ``stop_reason``, ``validation_total``,
        ``strategy``, ``unknowns`` (the names of the fields: ``["u"]`` for one unknown, the
        function names of a system), ``unknown_functions`` (the problem's function names) and
        ``errors`` ({unknown: {``rel_l2``, ``max``}}, each unknown's own; None without an exact
        solution). ``rel_l2_error`` and ``max_error`` are over all unknowns stacked. With
        ``problem.reference``, ``reference`` (the file and its number of points), which the
        errors were measured against at its points. Non-finite
        numbers are None. A file without the unknowns' attributes (an older one) reads as one
        unknown ``u``.

    Raises
    ------
    ResultFileError
        The file is missing, is not HDF5, or is not a pinnls result.
    """
    path = Path(path)
    if not path.is_file():
        raise ResultFileError(f"{path}: no such file")
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise ResultFileError(f"{path} is not an HDF5 file ({error})") from None
    with file:
        missing = [key for key in _ROOT_REQUIRED if key not in file.attrs]
        if missing:
            raise ResultFileError(
                f"{path} is not a pinnls result: the attribute '{missing[0]}' is missing"
            )
        attrs = file.attrs
        try:
            settings = json.loads(_text(attrs["settings"]))
            axes = json.loads(_text(attrs.get("axes", "[]")))
        except json.JSONDecodeError as error:
            raise ResultFileError(f"{path}: a JSON attribute is unreadable ({error})") from None
        history = file.get("history")
        terms: dict[str, float | None] = {}
        loss = None
        history_length = 0
        if history is not None:
            history_length = int(history["iteration"].shape[0]) if "iteration" in history else 0
            if history_length:
                loss = _number(history["loss"][-1])
                for name, values in history.get("terms", {}).items():
                    terms[name] = _number(values[-1]) if values.shape[0] else None
        # Each term's group holds the returned network's loss (auto: the chosen stage's).
        for name, group in (file.get("terms") or {}).items():
            if "loss" in group.attrs:
                terms[name] = _number(group.attrs["loss"])
        grid = file.get("grid")
        shape = {
            axis: int(grid[axis].shape[0]) for axis in axes if grid is not None and axis in grid
        }

        def get(key, convert=_text, default=None):
            return convert(attrs[key]) if key in attrs else default

        unknowns = _json(get("unknowns")) or ["u"]
        errors = {
            name: {
                "rel_l2": get(f"rel_l2_error_{name}", _number),
                "max": get(f"max_error_{name}", _number),
            }
            for name in unknowns
        }
        if len(unknowns) == 1 and f"rel_l2_error_{unknowns[0]}" not in attrs:
            # a file without per-unknown errors (an older one): its one unknown's are the root's
            only = {"rel_l2": get("rel_l2_error", _number), "max": get("max_error", _number)}
            errors = {unknowns[0]: only}
        if all(e["rel_l2"] is None and e["max"] is None for e in errors.values()):
            errors = None

        return {
            "problem": get("problem"),
            "problem_file": get("problem_file"),
            "problem_sha256": get("problem_sha256") or None,
            "pinnls_version": get("pinnls_version"),
            "created": get("created"),
            "seed": get("seed", int, settings.get("seed")),
            "settings": settings,
            "axes": axes,
            "grid": shape,
            "iterations": get("iterations", int),
            "history_length": history_length,
            # The root attribute is the returned network's (auto: the chosen stage's); the
            # history's last row is only the last stage tried.
            "loss": get("loss", _number) if "loss" in attrs else loss,
            "terms": terms,
            "rel_l2_error": get("rel_l2_error", _number),
            "max_error": get("max_error", _number),
            "rank": get("rank", int),
            "condition": get("condition", _number),
            "wall_seconds": get("wall_seconds", _number),
            "complete": get("complete", bool),
            "stop_reason": get("stop_reason"),
            "validation_total": get("validation_total", _number),
            "strategy": _json(get("strategy")),
            "unknowns": [str(name) for name in unknowns],
            "unknown_functions": _json(get("unknown_functions")) or list(unknowns),
            "errors": errors,
            # the errors are against a reference file (problem.reference): only then a key
            **(
                {"reference": f"{get('reference')} ({get('reference_points', int)} points)"}
                if "reference" in attrs
                else {}
            ),
            # an inverse problem's unknown constants (q()), by name: only then a key
            **(
                {"unknown_constants": _json(get("unknown_constants"))}
                if "unknown_constants" in attrs
                else {}
            ),
        }
