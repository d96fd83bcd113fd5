"""``report.json``: a strict-JSON summary of a run that scripts and tests can rely on.

Strict means no ``NaN`` or ``Infinity`` tokens: values that are not finite become ``null``.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import sympy as sp

from pinnls import record
from pinnls.io.atomic import write_text_atomic
from pinnls.io.fields import errors_by_unknown, field_names
from pinnls.metrics import field_errors
from pinnls.program import to_expression

__all__ = ["build_report", "write_report", "jsonable", "pinnls_version", "iso_utc", "environment"]


def pinnls_version() -> str:
    """The installed pinnls version (imported lazily: ``pinnls/__init__`` may import this)."""
    from pinnls import __version__

    return __version__


def jsonable(value: Any) -> Any:
    """``value`` as strict-JSON Python values: NaN and infinities become None, numpy scalars and
    arrays become numbers and lists, tuples become lists, anything else unknown becomes ``str``.
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def iso_utc(moment: datetime.datetime | None = None) -> str:
    """An ISO 8601 UTC time to the second, ``2025-01-31T12:00:00+00:00`` (now by default)."""
    moment = moment or datetime.datetime.now(datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec="seconds")


def environment(solution, metadata: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Where and when the run trained: ``device`` (the one used, e.g. ``cpu`` or ``cuda:0``,
    never ``auto``), ``torch_version``, ``threads`` (torch's CPU threads) and ``started`` (ISO
    8601 UTC; the metadata's ``started`` when given, as ``pinnls solve`` gives it, else the
    time of writing less the training time).

    Reads torch only when it is loaded already (a Solution implies it): this module stays
    importable without torch.
    """
    torch = sys.modules.get("torch")
    coefficients = getattr(solution, "coefficients", None)
    device = getattr(coefficients, "device", None)
    started = (metadata or {}).get("started")
    if started is None:
        now = datetime.datetime.now(datetime.timezone.utc)
        started = iso_utc(now - datetime.timedelta(seconds=float(solution.wall)))
    return {
        "device": None if device is None else str(device),
        "torch_version": None if torch is None else str(torch.__version__),
        "threads": torch.get_num_threads() if torch is not None else None,
        "started": str(started),
    }


def _last(values: list[float], row: int = -1) -> float | None:
    return jsonable(values[row]) if values else None


def build_report(
    solution, metadata: Mapping[str, Any] | None = None, fields: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Summarize a solve as strict-JSON-ready Python values.

    Parameters
    ----------
    solution : Solution
    metadata : mapping, optional
        Extra top-level fields, e.g. ``problem_file``, ``problem_sha256``, ``command``. They are
        added after the computed ones and override them on a name clash.
    fields : mapping, optional
        The result of ``solution.grid()``, when the caller has it already (it is evaluated here
        otherwise, only if the problem has an exact solution).

    Returns
    -------
    dict
        ``problem``, ``axes``, ``domain`` ({axis: [lower, upper]}), ``settings``,
        ``iterations`` (gradient steps), ``wall_seconds``, ``seconds_per_iteration``, ``loss``
        (final total), ``terms`` ({name: {loss, points, weight, kind, location, operator}}),
        ``rel_l2_error`` and ``max_error`` (on the evaluation grid, over all unknowns stacked,
        or None without an exact solution), ``unknowns`` (the fields' names: ``["u"]`` for one
        unknown, the function names of a system), ``unknown_functions`` (the problem's
        function names), ``errors`` ({unknown: {``rel_l2``, ``max``}}, each unknown's own, or
        None without an exact solution), ``eval_points`` (per axis), ``rank``, ``condition``,
        ``complete``, ``stop_reason``, ``pinnls_version``, ``seed``, ``exact`` (its formula or
        None), ``rows`` (of the least-squares system), ``validation`` (the error estimate from
        fresh points: ``total``, ``total_absolute``, ``loss``, ``terms``; or None) and
        ``strategy`` (what the automatic strategy did; None for the others), ``slabs``,
        ``device``, ``torch_version``, ``threads`` and ``started`` (:func:`environment`),
        ``particular`` where a particular solution was subtracted first (its exponentials and
        polynomials), ``layers``, ``modes``, ``alignment`` and ``feet`` where the basis has them,
        ``constants`` where the problem fixes an unknown only up to a constant
        (:meth:`Solution.grid`), ``unknown_constants`` where unknowns take no axis (``q()``:
        their values, :meth:`Solution.unknown_constants`), plus the metadata.
        Non-finite numbers are None.
    """
    compiled = solution.compiled
    history = solution.history
    uncertain = "factor" in (getattr(solution, "inverse", None) or {})
    if fields is None and (compiled.exact is not None or uncertain):
        fields = solution.grid()
    errors = field_errors(fields) if fields is not None else None
    reference = getattr(compiled, "reference", None)
    if errors is None and reference is not None:
        errors = solution.reference_errors()  # at the reference file's points
    unknowns = [which.unknown for which in field_names(compiled.unknowns)]
    settings = solution.settings.to_dict()
    strategy = record.to_json(getattr(solution, "strategy", None))
    terms = {
        term.name: {
            "loss": _last(history.terms.get(term.name, []), solution.final_row),
            "points": term.size,
            "weight": float(term.weight),
            "kind": term.kind,
            "location": term.location,
            "operator": term.operator,
        }
        for term in compiled.terms
    }
    if fields is not None:
        eval_points = len(fields["axes"][0]) if len(fields["axes"]) else 0
    else:
        eval_points = solution.settings.grid_points(compiled.dim)
    iterations = int(solution.iterations)
    report = {
        "problem": compiled.name,
        "axes": list(compiled.axes),
        # which axis is time (declared, named t, or a space axis the equation makes time)
        "time_axis": None if compiled.time_axis is None else compiled.axes[compiled.time_axis],
        "time_inferred": compiled.time_inferred,
        "domain": {
            axis: [float(lo), float(hi)]
            for axis, lo, hi in zip(compiled.axes, compiled.lower, compiled.upper)
        },
        # a shape: "domain" is its bounding box; the errors are measured inside the shape
        **({"shape": compiled.region.describe()} if compiled.region is not None else {}),
        "settings": settings,
        "iterations": iterations,
        "wall_seconds": float(solution.wall),
        # what training warned of (stderr shows it once; the report is what is kept)
        "warnings": list(getattr(solution, "warnings", ())),
        "seconds_per_iteration": float(solution.wall) / max(iterations, 1),
        "loss": _last(history.loss, solution.final_row),
        "terms": terms,
        "rel_l2_error": None if errors is None else errors["rel_l2"],
        "max_error": None if errors is None else errors["max"],
        "unknowns": unknowns,
        "unknown_functions": list(compiled.unknowns),
        "errors": errors_by_unknown(errors, unknowns),
        "eval_points": eval_points,
        "rank": int(solution.rank),
        "condition": float(solution.condition),
        "complete": bool(solution.complete),
        "stop_reason": str(solution.stop_reason),
        "pinnls_version": pinnls_version(),
        "seed": settings.get("seed"),
        "exact": compiled.exact_text,
        "rows": int(solution.rows),
        "validation": getattr(solution, "validation", None),
        "strategy": strategy,
        # Per time slab: interval, basis, error, validation estimate and interface jumps.
        "slabs": strategy["per_slab"] if getattr(solution, "slabs", ()) else None,
        **environment(solution, metadata),
    }
    if errors is not None and errors.get("undefined"):
        # grid points where the exact solution is undefined (where faces with data that
        # disagree meet), left out of the errors
        report["undefined_points"] = int(errors["undefined"])
    if reference is not None:
        report["reference"] = {"file": str(reference[2]), "points": int(len(reference[0]))}
    if fields is not None and fields.get("constants"):
        # determined only up to a constant: the errors are against the exact solution plus it
        report["constants"] = dict(fields["constants"])
    constants = solution.unknown_constants()
    if constants:
        # an inverse problem's unknown constants (q()): the values it was solved for
        report["unknown_constants"] = constants
    if compiled.interfaces:
        # material interfaces: rows for u and its flux, a basis split into cells there
        report["interfaces"] = [
            {"axis": compiled.axes[axis], "value": float(value)}
            for axis, value in compiled.interfaces
        ]
    layers = _layers(solution, compiled)
    if layers is not None:
        report["layers"] = layers
    if compiled.particular is not None:
        # u = u_p + the network (pinnls.particular): the exponentials of u_p
        report["particular"] = compiled.particular.to_json()
    modes = _modes(solution, compiled)
    if modes is not None:
        report["modes"] = modes
    alignment = _alignment(solution, compiled)
    if alignment is not None:
        report["alignment"] = alignment
    feet = _feet(solution, compiled)
    if feet is not None:
        report["feet"] = feet
    singular = _singular(solution, compiled)
    if singular is not None:
        report["singular"] = singular
    inverse = _inverse(solution, fields, unknowns)
    if inverse is not None:
        report["inverse"] = inverse
    report.update(dict(metadata or {}))
    return jsonable(report)


def _alignment(solution, compiled) -> dict[str, Any] | None:
    """report.json's ``alignment``: what the aligned features of the final basis follow
    (``kind``: ``cone``, ``flow`` or ``drift``, from
    :meth:`~pinnls.operators.CompiledProblem.characteristics`), the ``fraction`` of the
    features drawn so, for a drift how steep they stay ``along`` it, and for a tanh basis on a
    transport flow whose data jump the number of ``jumps`` its steps cross
    (:meth:`~pinnls.operators.CompiledProblem.step_planes`). None where no
    feature was aligned: ``aligned`` unset or 0, a problem with nothing to follow, or a local
    basis (its cells draw no aligned features)."""
    settings = solution.settings
    fraction = float(settings.aligned or 0.0)
    if fraction <= 0 or settings.subdomains is not None:
        return None
    found = compiled.characteristics()
    if found is None:
        return None
    alignment: dict[str, Any] = {"kind": found[0], "fraction": fraction}
    # steps are drawn on tanh bases only (initialization.initialize's jumps)
    jumps = compiled.step_planes() if settings.activation == "tanh" else None
    if jumps is not None:
        # the steps across the data's jumps (initialization's ``jumps``), carried by the flow
        alignment["jumps"] = len(jumps[0])
    if found[0] == "drift":
        # imported here: this module stays importable without torch
        from pinnls.numeric.initialization import DRIFT_ALONG

        alignment["along"] = DRIFT_ALONG
    return alignment


def _modes(solution, compiled) -> dict[str, Any] | None:
    """report.json's ``modes``: the ``fraction`` of the final basis' features drawn as
    travelling waves and the equation they solve
    (:meth:`~pinnls.operators.CompiledProblem.modes`): its ``order`` in time (1: parabolic,
    or transport where the diffusion is 0; 2: a wave equation; 0: elliptic, without time),
    the ``time`` axis (None for order 0), the ``velocity`` and ``diffusion`` over the space
    axes (by name; every axis for order 0), the ``reaction`` and (order 2) the ``damping``.
    None without any."""
    fraction = float(solution.settings.modes or 0.0)
    found = compiled.modes() if fraction > 0 else None
    if found is None:
        return None
    space = [k for k in range(len(compiled.axes)) if k != found.time_axis]
    return {
        "fraction": fraction,
        "time": None if found.time_axis is None else compiled.axes[found.time_axis],
        "velocity": {compiled.axes[k]: float(found.velocity[k]) for k in space},
        "diffusion": [[float(found.diffusion[i, j]) for j in space] for i in space],
        "reaction": float(found.reaction),
        "order": int(found.order),
        "damping": float(found.damping),
    }


def _layers(solution, compiled) -> dict[str, Any] | None:
    """report.json's ``layers``: the ``fraction`` of the final basis' features drawn across
    boundary layers, their ``shape`` (``envelope`` on one hidden layer, ``ridge`` on deeper
    ones) and the ``faces`` they cross (each ``at``, e.g. ``x=1``, and the layer's
    ``width``, :meth:`~pinnls.operators.CompiledProblem.layers`). None without any (also on
    the feet of characteristics, where none are drawn)."""
    settings = solution.settings
    fraction = float(settings.layers or 0.0)
    if fraction <= 0 or settings.subdomains is not None:
        return None
    if getattr(getattr(solution, "basis", None), "foot", None) is not None:
        return None
    found = compiled.layers()
    if not found:
        return None
    faces = [{"at": layer.face, "width": layer.width} for layer in found]
    basis = getattr(solution, "basis", None)
    shape = "envelope" if getattr(basis, "envelope_weight", None) is not None else "ridge"
    return {"fraction": fraction, "shape": shape, "faces": faces}


def _singular(solution, compiled) -> dict[str, Any] | None:
    """report.json's ``singular``: the singular functions the final basis carries
    (:meth:`pinnls.numeric.basis.Basis.set_singular`), as ``columns`` (their number J), the
    re-entrant ``corners`` (each ``at`` and its interior ``angle`` in degrees), the
    ``holes`` (each ``at`` and its ``radius``) and the ``changes`` of condition that give
    functions (each ``at``, ``angle``, ``mixed`` and ``jump``:
    :func:`pinnls.singular.boundary_changes`) and the faces whose data disagree with the
    initial data (``initial``: each ``face`` and its largest ``jump`` there,
    :func:`pinnls.singular.kernel_faces`). None without any."""
    basis = getattr(solution, "basis", None)
    if not getattr(basis, "singular_count", 0):
        return None
    from pinnls.singular import (
        frame_changes,
        frame_corners,
        holes,
        kernel_faces,
        principal_frame,
        space_shape,
    )

    shape = space_shape(compiled)
    frame = principal_frame(compiled)
    found = [] if frame is None else frame_corners(compiled, frame)
    changes = [] if frame is None else frame_changes(compiled, frame)
    return {
        "columns": int(basis.singular_count),
        "corners": [{"at": list(c.point), "angle": math.degrees(c.angle)} for c in found],
        "holes": []
        if shape is None
        else [{"at": list(h.centre), "radius": h.radius} for h in holes(shape)],
        "changes": [
            {"at": list(c.point), "angle": math.degrees(c.angle), "mixed": c.mixed, "jump": c.jump}
            for c in changes
        ],
        "initial": [
            {"face": f"{compiled.axes[j.axis]}={j.value:g}", "jump": j.jump, "flux": j.flux}
            for j in kernel_faces(compiled)
        ],
    }


def _feet(solution, compiled) -> dict[str, Any] | None:
    """report.json's ``feet``: the map of a basis drawn on the feet of characteristics
    (:class:`pinnls.numeric.characteristic.FootMap`), None for any other basis. The axis that
    parametrizes the characteristics, the plane the feet lie on (``from``: its value there;
    the last slab's start when marching), the velocity per axis and the reaction as the basis
    carries them, and the RK4 steps from a point back to its foot."""
    foot = getattr(getattr(solution, "basis", None), "foot", None)
    if foot is None:
        return None
    symbols = [sp.Symbol(axis) for axis in compiled.axes]
    return {
        "axis": compiled.axes[foot.axis],
        "from": foot.t0,
        "velocity": {
            axis: str(to_expression(program, symbols))
            for axis, program in zip(compiled.axes, foot.velocity)
        },
        "reaction": None if foot.reaction is None else str(to_expression(foot.reaction, symbols)),
        "rk4_steps": foot.steps,
    }


def _inverse(solution, fields, unknowns) -> dict[str, Any] | None:
    """report.json's ``inverse``: the weights chosen for ``weight="auto"`` and how, the data's
    noise, and per unknown the mean and largest standard deviation on the evaluation grid."""
    record = getattr(solution, "inverse", None)
    if not record:
        return None
    out = {
        key: record[key] for key in ("criterion", "weights", "data_dof", "noise") if key in record
    }
    if fields is not None and fields.get("std") is not None:
        std = np.asarray(fields["std"], dtype=np.float64)
        std = std[:, None] if std.ndim == 1 else std
        out["std"] = {
            name: {"mean": float(std[:, j].mean()), "max": float(std[:, j].max())}
            for j, name in enumerate(unknowns)
        }
        out["assumes"] = (
            "a fixed basis (the hidden layers are not uncertain) and independent Gaussian "
            "noise of the stated size on the data; equations and conditions exact"
        )
    return out


def write_report(report: Mapping[str, Any], path: str | os.PathLike) -> Path:
    """Write a report as indented strict JSON (atomically); return the path."""
    text = json.dumps(jsonable(report), indent=2, allow_nan=False, ensure_ascii=False)
    return write_text_atomic(path, text + "\n")
