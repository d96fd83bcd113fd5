"""Where a training run starts: its device, its dtype and the initialized basis."""

from __future__ import annotations

import numpy as np
import torch

from pinnls import registry
from pinnls.errors import SettingsError
from pinnls.numeric.basis import Basis
from pinnls.numeric.characteristic import FootMap, reads_axes
from pinnls.numeric.initialization import DRIFT_ALONG, initialize, split
from pinnls.operators import CompiledProblem
from pinnls.settings import Settings

__all__ = ["DTYPES", "build_basis", "foot_map", "resolve_device"]

#: ``Settings.dtype`` -> torch's dtype of the same name, for every entry of the registry.
DTYPES = {name: getattr(torch, name) for name in registry.DTYPES}


def resolve_device(name: str) -> torch.device:
    """``auto`` means CUDA when available, else the CPU.

    Raises
    ------
    SettingsError
        ``cuda`` was asked for but torch sees no CUDA device.
    """
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise SettingsError(
            "device 'cuda' was requested but torch finds no CUDA device "
            f"(torch {torch.__version__}); use --device cpu or auto"
        )
    if name not in ("cpu", "cuda"):
        raise SettingsError(f"device {name!r}; choose one of auto, cpu, cuda")
    return torch.device(name)


def build_basis(compiled: CompiledProblem, settings: Settings, device=None, points=None):
    """A basis on the problem's bounding box, initialized from ``settings.seed``.

    The initialization draws its random numbers on the CPU, so every device starts from the
    same weights.

    Parameters
    ----------
    compiled : CompiledProblem
        Its bounding box ``lower``, ``upper`` ((d,) arrays) normalizes the inputs.
    settings : Settings
        ``width``, ``depth``, ``arch``, ``activation``, ``constant``, ``dtype``, ``init``,
        ``scale``, ``axis_scales``, ``aligned`` (with the problem's
        :meth:`~pinnls.operators.CompiledProblem.characteristics`), ``layers`` (with its
        :meth:`~pinnls.operators.CompiledProblem.layers`), ``modes`` (with its
        :meth:`~pinnls.operators.CompiledProblem.modes`), ``subdomains`` and
        ``seed`` are used, and ``singular`` (with the problem's
        :meth:`~pinnls.operators.CompiledProblem.singular`).
    device : str or torch.device, optional
        Default: ``settings.device`` resolved by :func:`resolve_device`.
    points : (width, d) float64 tensor, optional
        The first layer's points in the unit box, in place of Box's uniform draw
        (:func:`pinnls.numeric.adapted.gradient_points`; a global basis with ``init`` box only).

    Returns
    -------
    Basis or LocalBasis
        ``Phi``: (n, d) points to (n, size) values, ``size = width + J + constant`` (J
        singular columns, 0 without any); a
        :class:`~pinnls.numeric.local.LocalBasis` when ``subdomains`` is set.
    """
    device = resolve_device(settings.device) if device is None else torch.device(device)
    generator = torch.Generator().manual_seed(settings.seed)
    factors = settings.axis_factors(compiled.axes)
    counts = settings.subdomain_counts(compiled.axes)
    if counts is not None:
        from pinnls.numeric.local import LocalBasis, initialize_local

        if points is not None:
            raise SettingsError(
                f"setting 'subdomains' ({settings.subdomains}): a local basis draws its "
                "cells' points itself; points for the cut planes are a global basis's"
            )

        if compiled.interfaces:
            raise SettingsError(
                f"setting 'subdomains' ({settings.subdomains}): problem '{compiled.name}' has "
                "a material interface, where the global basis is split instead; drop "
                "--subdomains"
            )

        local = LocalBasis(
            compiled.lower,
            compiled.upper,
            counts,
            width=settings.width,
            activation=settings.activation,
            constant=settings.constant,
            dtype=DTYPES[settings.dtype],
            device=device,
        )
        return initialize_local(
            local, settings.init, generator, scale=settings.scale, axis_scales=factors
        )
    found = compiled.characteristics() if settings.aligned else None
    flow = None if found is None else found[1]
    feet = None if found is None else foot_map(compiled)
    basis = Basis(
        compiled.lower,
        compiled.upper,
        width=settings.width,
        depth=settings.depth,
        arch=settings.arch,
        activation=settings.activation,
        constant=settings.constant,
        dtype=DTYPES[settings.dtype],
        device=device,
        foot=feet,
    )
    basis = initialize(
        basis,
        settings.init,
        generator,
        scale=settings.scale,
        axis_scales=factors,
        flow=None if flow is None else _torch_field(flow),
        aligned=float(settings.aligned or 0.0),
        along=DRIFT_ALONG if found is not None and found[0] == "drift" else 0.0,
        layers=_layers(compiled) if settings.layers else (),
        across=float(settings.layers or 0.0),
        jumps=None
        if found is None or found[0] != "flow"
        else compiled.carried_jumps(None if feet is None else feet.axis),
        modes=compiled.modes() if settings.modes else None,
        mode_fraction=float(settings.modes or 0.0),
        points=points,
    )
    if compiled.interfaces:
        # a coefficient that jumps across a plane: each side its own features
        split(basis, compiled.interfaces, generator)
    if settings.singular and feet is None:
        spec = compiled.singular()
        if spec is not None:
            basis.set_singular(torch.as_tensor(spec))
    return basis


def _layers(compiled: CompiledProblem) -> list[tuple[int, int, float]]:
    """The problem's boundary layers as :func:`~pinnls.numeric.initialization.initialize`
    takes them."""
    return [(layer.axis, layer.end, layer.width) for layer in compiled.layers()]


def foot_map(compiled: CompiledProblem):
    """The map to the feet of a variable flow's characteristics, where features drawn on them
    apply (:class:`~pinnls.numeric.characteristic.FootMap`), else None.

    With a reaction term ``c u`` the features also get the envelope ``exp(-int c ds)``
    along the characteristic, so a constant flow with a reaction takes the map too. None for
    a constant flow without a reaction, one whose programs read no axis (its aligned rows
    solve the equation in closed form, at the cost of the plain basis), for a problem without a
    transport flow along an axis of constant coefficient
    (:meth:`~pinnls.operators.CompiledProblem.foot_flow`), and where
    the flow or a foot is not finite on the box (its expression is not defined where a
    characteristic goes).
    """
    found = compiled.foot_flow()
    if found is None:
        return None
    axis, velocity, reaction = found
    if reaction is None and not any(reads_axes(program) for program in velocity):
        return None
    return FootMap.build(velocity, axis, compiled.lower, compiled.upper, reaction=reaction)


def _torch_field(field):
    """A numpy field of points ``(n, d)`` as one of float64 CPU tensors."""
    return lambda points: torch.from_numpy(np.asarray(field(points.numpy()), dtype=np.float64))
