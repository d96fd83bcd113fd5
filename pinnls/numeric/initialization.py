"""Initialization of the hidden layers: Box (Cyr et al. 2020), He and Glorot.

**Box** places each neuron's cut plane ``{x : (x - p) . n = 0}`` through a random point ``p`` of
the box in which the layer's inputs live, with a random unit normal ``n``, and scales it by
``k > 0`` so that the largest pre-activation over that box is a fixed peak. The neuron is
``sigma(k (x - p) . n)``: row ``W_i = k n``, bias ``b_i = -k p . n``. Every neuron therefore
varies over the region its inputs actually cover, which keeps the basis from collapsing with
depth.

Boxes and peaks, layer by layer (``s`` is ``scale``, ``L`` the depth):

================  ==========================  =====================  ==========================
layer             relu input box              relu peak              tanh/sin input box, peak
================  ==========================  =====================  ==========================
first (d -> w)    ``[0, 1]^d``                ``s``                  ``[0, 1]^d``, ``s``
plain, l >= 2     ``[0, s]^w``                ``s``                  ``[-1, 1]^w``, ``s``
residual, l >= 2  ``[0, m_l]^w``              ``delta m_l``          ``[-m_l, m_l]^w``, ``s``
================  ==========================  =====================  ==========================

The first box is the unit box because :class:`~pinnls.numeric.basis.Basis` normalizes its inputs.
For relu residual layers ``delta = 1/L``, ``m_2 = s`` and ``m_{l+1} = m_l (1 + delta)``: the
paper's rule (with ``s = 1``), under which ``x + relu(...)`` stays in ``[0, m_{l+1}]``.
tanh and sin are bounded by 1, so their residual branches cannot be damped by shrinking the
box; we keep every neuron at the same steepness ``s`` over its input box instead, and the box
grows by the largest possible increment, ``m_2 = 1`` and ``m_{l+1} = m_l + 1``.

**He** draws weights from ``N(0, 2 / fan_in)``; **Glorot** (Xavier normal) from
``N(0, 2 / (fan_in + fan_out))``; both set the biases to 0.

All random numbers are drawn in float64 on the CPU from the given generator, then converted to
the basis' dtype and device, so one seed gives the same initial network on CPU and CUDA.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable, Sequence

import numpy as np
import torch

from pinnls.errors import SettingsError
from pinnls.numeric.basis import Basis
from pinnls.operators import Modes, wave_axis
from pinnls.registry import ACTIVATIONS, INITIALIZATIONS

__all__ = ["initialize", "box_layer", "box_weights", "he_weights", "glorot_weights"]

#: Weights and biases of every hidden layer, first to last, as float64 CPU tensors.
LayerWeights = list[tuple[torch.Tensor, torch.Tensor]]

#: What an aligned feature keeps of its component along a drift (the flow of
#: ``u_t + a . grad u = nu lap u``): in the frame moving with the flow the solution still
#: changes, slowly, by diffusion, so the features are gentle along it, not constant. Measured on
#: a 2-D + t advection-diffusion pulse (benchmarks/axes/advection_diffusion_2d.py, steepness 3,
#: width 1024): rel L2 0.30 constant along the flow (0), 2.2e-3 at 1/16, 2.4e-3 at 1/8,
#: 4.1e-3 at 1/4, 9.6e-3 at 1/2, 2.3e-2 for the plain basis; at steepness 4 and width 2048,
#: 1.26e-4 at 1/8 against 5.0e-3 plain (docs/benchmarks.md, "Drift").
DRIFT_ALONG = 0.125
#: How steep a feature across a jump of the data is (:func:`initialize`'s ``jumps``): its
#: pre-activation per unit of normalized distance from the plane. tanh rounds to +-1 beyond
#: 19 (float64), so the feature is a step to rounding outside a band of 2e-9 of the box, and
#: its derivatives there are exactly zero.
JUMP_STEEPNESS = 1e10
#: ...and in float32, whose biases and coordinates round at 6e-8 of their size: at 1e10 a bias
#: of 5e9 rounds by 300 and the shift below is lost (measured: a square pulse 0.14 rel L2); at
#: 1e8 the rounding stays below 10 and the step is +-1 outside 2e-7 of the box (a random point
#: falls in the band once in millions; at 1e6, once in 4,000).
JUMP_STEEPNESS_FLOAT32 = 1e8
#: Where the step sits, in units of ``1 / JUMP_STEEPNESS``, on the side of the plane away from
#: the value the data take on it: a point on the plane itself (a grid through x = 0.5) gets
#: that value, not tanh(0).
JUMP_SHIFT = 40.0


def box_layer(
    fan_in: int,
    fan_out: int,
    low: float,
    high: float,
    peak: float,
    generator: torch.Generator | None = None,
    axis_factors: torch.Tensor | None = None,
    flow: Callable[[torch.Tensor], torch.Tensor] | None = None,
    aligned: float = 0.0,
    place: Callable[[torch.Tensor], torch.Tensor] | None = None,
    along: float = 0.0,
    points: torch.Tensor | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Box-initialized weights of one layer whose inputs lie in ``[low, high]^fan_in``.

    Parameters
    ----------
    fan_in, fan_out : int
        Input and output sizes of the layer.
    low, high : float
        The input box ``[low, high]^fan_in``.
    peak : float
        The largest pre-activation ``k (x - p) . n`` over the input box (``k > 0``).
    generator : torch.Generator, optional
        A CPU generator; ``None`` uses torch's global one.
    axis_factors : (fan_in,) float64 tensor, optional
        Per-input steepness factors ``a``: the rows become ``k (a * n)`` and the biases
        ``-k p . (a * n)``, so every cut plane still passes through its point ``p`` while the
        neuron varies ``a_j`` times as fast along input j (``k`` is still set by the
        unscaled normal: ``peak`` stays the steepness of the axes whose factor is 1). None
        draws exactly what it always did.
    flow : callable, optional
        The characteristics at the points ``p`` (``(fan_out, fan_in)`` float64), in the
        layer's input coordinates: a direction field ``a``, ``(fan_out, fan_in)``, or a
        matrix field ``A``, ``(fan_out, fan_in, fan_in)``. An aligned neuron's row is made
        orthogonal to ``a(p)`` (its cut plane contains the direction: it is constant along
        ``a``, and where ``a`` is constant along the whole characteristic line), or moved
        onto the null cone ``w . A(p) w = 0`` (a plane wave of the wave operator): see
        :meth:`pinnls.operators.CompiledProblem.characteristics`.
    aligned : float in [0, 1]
        The fraction of neurons aligned with ``flow``, spread evenly over the layer (1: every
        one, 0.5: every other one). The random draws are the same for every fraction, so 0
        (or no ``flow``) draws exactly what it always did.
    place : callable, optional
        Moves the points drawn in the box, ``(fan_out, fan_in) -> (fan_out, fan_in)``: a basis
        on the feet of characteristics puts each point at the foot of a point of the box,
        so that the points lie where the feet do. The peak is then taken over the moved
        points' bounding box, and ``k`` is at most ``peak`` (``peak / max(reach, 1)``).
    along : float in [0, 1)
        The part of an aligned row's component along a direction field that it keeps (0:
        constant along the flow; a drift's features, :data:`DRIFT_ALONG`, vary gently along
        it). Not read for a matrix field.
    points : (fan_out, fan_in) float64 tensor, optional
        The neurons' points in the unit box ``[0, 1]^fan_in`` (mapped onto ``[low, high]``),
        in place of the uniform draw: points drawn where a solution changes
        (:func:`pinnls.numeric.adapted.gradient_points`). The uniform draw is still made, so
        the normals are those of the same seed without ``points`` (the steepness ``k`` and an
        aligned row are then set at the given point); with ``place`` the points are moved too,
        and the peak is taken over the moved uniform draw's bounding box.
    Returns
    -------
    weight : (fan_out, fan_in) float64 CPU tensor
        Rows ``k n`` (``k (a * n)`` with factors).
    bias : (fan_out,) float64 CPU tensor
        Entries ``-k p . n`` (``-k p . (a * n)`` with factors).
    """
    p = low + (high - low) * torch.rand(fan_out, fan_in, generator=generator, dtype=torch.float64)
    normal = torch.randn(fan_out, fan_in, generator=generator, dtype=torch.float64)
    drawn = p
    if points is not None:
        if tuple(points.shape) != (fan_out, fan_in):
            raise ValueError(
                f"points of shape {tuple(points.shape)} for a layer of {fan_out} neurons on "
                f"{fan_in} inputs"
            )
        p = low + (high - low) * points.detach().cpu().to(torch.float64)
    if place is not None:
        # the peak's box is the uniform draw's feet, where given points are the solution's
        uniform = None if points is None else place(drawn).to(torch.float64)
        p = place(p).to(torch.float64)
        drawn = p if uniform is None else uniform
    # A Gaussian vector is zero with probability 0, but a clamp costs nothing.
    normal = normal / normal.norm(dim=1, keepdim=True).clamp_min(torch.finfo(torch.float64).tiny)
    if flow is not None and aligned > 0:
        normal = _align(normal, p, flow, aligned, axis_factors, along)
    # The max of the linear function (x - p) . n over a box is attained at a corner, axis by
    # axis: the corner that n points towards.
    if place is not None:
        # The feet's own box, and no neuron steeper than the peak: Box's rule alone made the
        # neurons whose points lie near a face and whose normals leave it very steep there,
        # and the conditions, which alone fit features on the feet, let them swing between
        # their points (at width 1024, steepness 4: rotation 2.2e-6 against 8.4e-7, shear
        # 4.6e-6 at 3 against 1.8e-9 at 4); one steepness for all lost on one-axis feet
        # (advection_reaction 2.8e-8 against 2.7e-12).
        low_p, high_p = drawn.min(dim=0).values, drawn.max(dim=0).values
        reach = torch.maximum(normal * (high_p - p), normal * (low_p - p)).sum(dim=1)
        k = peak / reach.clamp_min(1.0)
    else:
        reach = torch.maximum(normal * (high - p), normal * (low - p)).sum(dim=1)
        k = peak / reach
    if axis_factors is not None:
        normal = normal * axis_factors
    weight = k[:, None] * normal
    bias = -k * (p * normal).sum(dim=1)
    return weight, bias


def aligned_rows(fan_out: int, fraction: float) -> torch.Tensor:
    """Which of ``fan_out`` neurons are aligned, (fan_out,) bool: ``fraction`` of them, spread
    evenly (neuron i when ``floor((i + 1) f) > floor(i f)``), so a wider layer of the same
    fraction keeps the pattern."""
    index = torch.arange(fan_out, dtype=torch.float64)
    return torch.floor((index + 1) * fraction) > torch.floor(index * fraction)


#: Ridges across a boundary layer (the ``layers`` setting on deeper networks) sit with their
#: centre plane within LAYER_DEPTH widths of the face, uniformly, and are LAYER_STEEPNESS times
#: the inverse width steep across it, times a factor drawn log-uniformly from 1/2 to 2.
#: Measured on an outflow layer of width 0.01 (benchmarks/drift/layer_1d.py; one auto stage,
#: width 1024, steepness 2, a quarter of the features across it): rel L2 1.1e-5 with ridges,
#: 2.9e-3 without (docs/benchmarks.md, section 28).
LAYER_DEPTH = 6.0
LAYER_STEEPNESS = 1.0
#: Of the rows across boundary layers, the share drawn as envelopes rather than ridges (on a
#: basis of one hidden layer, :meth:`~pinnls.numeric.basis.Basis.set_envelope`): the Box row
#: as drawn, times ``exp(-(distance to the face) / d)``, ``d`` the layer's width times a factor
#: drawn log-uniformly from 1/2 to 2. A ridge is the layer's profile alone; an envelope
#: carries whatever the feature varies by along the face too. Measured (one auto stage, width
#: 1024, a quarter across; benchmarks/layers_envelopes.py): ridges, half envelopes and
#: envelopes only gave 1.1e-5, 1.1e-12 and 2.0e-12 on layer_1d, 3.1e-8, 7.6e-9 and 1.8e-13 on
#: steady_2d, 1.2e-2, 3.0e-3 and 5.9e-4 on cd2d (docs/benchmarks.md, section 28).
LAYER_ENVELOPES = 1.0


def layer_rows(fan_out: int, fraction: float) -> torch.Tensor:
    """Which of ``fan_out`` neurons are drawn across boundary layers, (fan_out,) bool:
    ``fraction`` of them, spread evenly from the last one back (the reverse of
    :func:`aligned_rows`, so that a basis with both keeps some of each)."""
    return aligned_rows(fan_out, fraction).flip(0)


def _envelopes(width_count, d, layers, fraction, generator, share):
    """Envelopes of the rows of :func:`layer_rows` that :data:`LAYER_ENVELOPES` picks (every
    other one for 1/2, by :func:`aligned_rows` over those rows): ``(weight (w, d), bias (w,),
    picked (w,) bool)`` for :meth:`~pinnls.numeric.basis.Basis.set_envelope`, each row
    ``exp((h_k - 1) / d)`` (upper face) or ``exp(-h_k / d)`` (lower face), zero rows elsewhere.
    The layers go round as in :func:`_across_layers`."""
    rows = torch.nonzero(layer_rows(width_count, fraction)).flatten()
    picked = torch.zeros(width_count, dtype=torch.bool)
    weight = torch.zeros(width_count, d, dtype=torch.float64)
    bias = torch.zeros(width_count, dtype=torch.float64)
    if not len(rows) or not layers or share <= 0:
        return weight, bias, picked
    chosen = aligned_rows(len(rows), share)
    draws = torch.rand(len(rows), generator=generator, dtype=torch.float64)
    for n, row in enumerate(rows.tolist()):
        if not bool(chosen[n]):
            continue
        axis, end, width = layers[n % len(layers)]
        rate = 1.0 / (width * 2.0 ** (2.0 * float(draws[n]) - 1.0))
        picked[row] = True
        weight[row, axis] = rate if end == 1 else -rate
        bias[row] = -rate if end == 1 else 0.0
    return weight, bias, picked


def _across_layers(weight, bias, layers, fraction, generator, envelopes=None):
    """The first layer's ``weight`` (w, d) and ``bias`` (w,) with the rows of
    :func:`layer_rows` redrawn across ``layers`` (a sequence of (axis, end, width) in the
    unit box the layer sees), one layer after another: each keeps its other components as
    Box drew them, and takes along the layer's axis a slope of ``LAYER_STEEPNESS / width``
    (times a log-uniform factor from 1/2 to 2, of either sign) whose centre plane crosses a
    random point whose coordinate on that axis lies within ``LAYER_DEPTH`` widths of the
    face. Rows that ``envelopes`` ((w,) bool, :func:`_envelopes`'s) marks keep their Box
    row. Its random numbers are drawn after every layer's, so the other rows stay as
    without layers."""
    rows = torch.nonzero(layer_rows(weight.shape[0], fraction)).flatten()
    if not len(rows) or not layers:
        return weight, bias
    weight, bias = weight.clone(), bias.clone()
    d = weight.shape[1]
    draws = torch.rand(len(rows), d + 3, generator=generator, dtype=torch.float64)
    for n, row in enumerate(rows.tolist()):
        if envelopes is not None and envelopes[row]:
            continue  # drawn as an envelope (_envelopes): the Box row stays
        axis, end, width = layers[n % len(layers)]
        point = draws[n, :d].clone()
        depth = LAYER_DEPTH * width * draws[n, d]
        point[axis] = 1.0 - depth if end == 1 else depth
        slope = LAYER_STEEPNESS / width * 2.0 ** (2.0 * draws[n, d + 1] - 1.0)
        weight[row, axis] = slope if draws[n, d + 2] < 0.5 else -slope
        bias[row] = -(weight[row] * point).sum()
    return weight, bias


def _align(normal, p, flow, fraction, axis_factors, along=0.0):
    """Unit normals whose rows, once scaled by ``axis_factors``, are aligned with the field at
    their points ``p`` (only the rows :func:`aligned_rows` picks): orthogonal to a flow
    ``(n, d)`` (but for ``along`` of their component along it), or on the null cone of a
    matrix ``(n, d, d)``."""
    rows = aligned_rows(normal.shape[0], fraction)
    if not bool(rows.any()):
        return normal
    field = flow(p[rows]).to(torch.float64)
    scaled = normal[rows] if axis_factors is None else normal[rows] * axis_factors
    # The layer's row is k (f * n): align f * n, then go back to the unit normal that the
    # factors scale, so that the Box steepness keeps its meaning.
    if field.ndim == 4:
        scaled = _on_waves(scaled, field)
    elif field.ndim == 3:
        scaled = _on_cone(scaled, field)
    else:
        scaled = _across(scaled, field, along)
    unit = scaled if axis_factors is None else scaled / axis_factors
    length = unit.norm(dim=1, keepdim=True)
    # Nothing left (a normal drawn along the flow itself: probability 0): keep it as drawn.
    unit = torch.where(length > 1e-12, unit / length.clamp_min(1e-300), normal[rows])
    out = normal.clone()
    out[rows] = unit
    return out


def _across(rows: torch.Tensor, a: torch.Tensor, keep: float = 0.0) -> torch.Tensor:
    """``rows`` less ``1 - keep`` of their components along ``a`` (both (n, d)); a zero ``a``
    leaves a row."""
    along = (rows * a).sum(dim=1, keepdim=True)
    size = (a * a).sum(dim=1, keepdim=True)
    return rows - (1.0 - keep) * torch.where(size > 0, along / size.clamp_min(1e-300), 0.0) * a


def _on_waves(rows: torch.Tensor, matrices: torch.Tensor) -> torch.Tensor:
    """``rows`` (n, d) moved along one axis onto plane waves of the first-order system whose
    matrices ``A_k`` at each row's point are ``matrices`` (n, d, m, m): ``det(sum_k w_k A_k)
    = 0``.

    The axis a is the one whose ``A_a`` is the most invertible relative to its size
    (:func:`pinnls.operators.wave_axis`; time, for a time-dependent system). The
    row's other entries stay; its entry a becomes minus one of the real eigenvalues of
    ``A_a^-1 sum_{k != a} w_k A_k`` (the speeds across the row), taken in turn by the row's
    position among the real ones in ascending order, so that each family of waves gets an
    equal share. A row with no real eigenvalue, or where every ``A_k`` is singular, is left
    as it is.
    """
    axis = wave_axis(matrices.detach().cpu().numpy())
    if axis is None:
        return rows
    others = rows.clone()
    others[:, axis] = 0.0
    across = torch.einsum("nk,nkij->nij", others, matrices)
    speeds = torch.linalg.eigvals(torch.linalg.solve(matrices[:, axis], across))
    largest = speeds.abs().amax(dim=1, keepdim=True)
    real = speeds.imag.abs() <= 1e-9 * largest
    ordered = torch.sort(torch.where(real, speeds.real, torch.inf), dim=1).values
    count = real.sum(dim=1)
    turn = torch.arange(len(rows)) % count.clamp_min(1)
    chosen = ordered.gather(1, turn[:, None])[:, 0]
    out = rows.clone()
    out[:, axis] = torch.where(count > 0, -chosen, rows[:, axis])
    return out


def _on_cone(rows: torch.Tensor, matrices: torch.Tensor) -> torch.Tensor:
    """``rows`` (n, d) moved onto the null cones ``w . A w = 0`` of ``matrices`` (n, d, d).

    In ``A``'s eigenvectors, with ``P`` and ``N`` the row's positive and negative parts of
    ``w . A w``, the components of positive eigenvalues are scaled by ``(N / P)^(1/4)`` and
    those of negative ones by ``(P / N)^(1/4)``: both parts become ``sqrt(P N)``. A row
    with no part of one sign (or a definite ``A``) is left as it is.
    """
    values, vectors = torch.linalg.eigh(matrices)
    z = torch.einsum("nji,nj->ni", vectors, rows)
    scale = values.abs().amax(dim=1, keepdim=True)
    positive = values > 1e-12 * scale
    negative = values < -1e-12 * scale
    P = (torch.where(positive, values, 0.0) * z**2).sum(dim=1, keepdim=True)
    N = (torch.where(negative, -values, 0.0) * z**2).sum(dim=1, keepdim=True)
    both = (P > 0) & (N > 0)
    ratio = torch.where(both, N / torch.where(both, P, 1.0), 1.0) ** 0.25
    factor = torch.where(positive, ratio, torch.where(negative, 1.0 / ratio, 1.0))
    return torch.einsum("nij,nj->ni", vectors, z * factor)


def _gaussian_layer(
    fan_in: int, fan_out: int, variance: float, generator: torch.Generator | None
) -> tuple[torch.Tensor, torch.Tensor]:
    weight = math.sqrt(variance) * torch.randn(
        fan_out, fan_in, generator=generator, dtype=torch.float64
    )
    return weight, torch.zeros(fan_out, dtype=torch.float64)


def box_weights(
    basis: Basis,
    generator: torch.Generator | None,
    scale: float,
    axis_factors: torch.Tensor | None = None,
    flow: Callable[[torch.Tensor], torch.Tensor] | None = None,
    aligned: float = 0.0,
    place: Callable[[torch.Tensor], torch.Tensor] | None = None,
    along: float = 0.0,
    points: torch.Tensor | None = None,
) -> LayerWeights:
    """Box initialization of every hidden layer of ``basis`` (see the module docstring).

    Parameters
    ----------
    basis : Basis
        Only its shape, architecture and activation are read.
    generator : torch.Generator or None
    scale : float
        The peak ``s`` of the first layer (and of every layer of a bounded activation).
    axis_factors : (d,) float64 tensor, optional
        The first layer's per-axis steepness factors (:func:`box_layer`); the later layers see
        the features, not the axes, and are drawn as without them.
    flow : callable, optional
        The first layer's characteristics on ``[0, 1]^d``, a direction or matrix field
        (:func:`box_layer`).
    aligned : float
        The fraction of the first layer's neurons aligned with ``flow``.
    place : callable, optional
        Where the first layer's points go (:func:`box_layer`'s ``place``): a basis on the
        feet of characteristics.
    along : float
        What an aligned row keeps of its component along a direction field
        (:func:`box_layer`).
    points : (width, d) float64 tensor, optional
        The first layer's points in the unit box (:func:`box_layer`'s ``points``).

    Returns
    -------
    list of (weight, bias)
        ``(fan_out, fan_in)`` and ``(fan_out,)`` float64 CPU tensors, one pair per layer.
    """
    width, depth = basis.width, basis.depth
    bounded = ACTIVATIONS.get(basis.activation).bounded
    first = (basis.in_features, width, 0.0, 1.0, scale, generator, axis_factors, flow, aligned)
    weights = [box_layer(*first, place=place, along=along, points=points)]
    if basis.arch == "plain":
        low, high = (-1.0, 1.0) if bounded else (0.0, scale)
        weights += [box_layer(width, width, low, high, scale, generator) for _ in range(depth - 1)]
    elif not bounded:
        delta, m = 1.0 / depth, scale
        for _ in range(depth - 1):
            weights.append(box_layer(width, width, 0.0, m, delta * m, generator))
            m *= 1.0 + delta
    else:
        m = 1.0
        for _ in range(depth - 1):
            weights.append(box_layer(width, width, -m, m, scale, generator))
            m += 1.0
    return weights


def he_weights(
    basis: Basis,
    generator: torch.Generator | None,
    scale: float,
    axis_factors: torch.Tensor | None = None,
) -> LayerWeights:
    """He initialization: weights from ``N(0, 2 / fan_in)``, zero biases; ``scale`` is unused,
    ``axis_factors`` ((d,), optional) multiply the first layer's columns.

    Returns
    -------
    list of (weight, bias)
        As in :func:`box_weights`.
    """
    weights = [
        _gaussian_layer(fan_in, fan_out, 2.0 / fan_in, generator)
        for fan_out, fan_in in (layer.weight.shape for layer in basis.layers)
    ]
    return _scale_columns(weights, axis_factors)


def glorot_weights(
    basis: Basis,
    generator: torch.Generator | None,
    scale: float,
    axis_factors: torch.Tensor | None = None,
) -> LayerWeights:
    """Glorot (Xavier normal): weights from ``N(0, 2 / (fan_in + fan_out))``, zero biases;
    ``scale`` is unused, ``axis_factors`` ((d,), optional) multiply the first layer's columns.

    Returns
    -------
    list of (weight, bias)
        As in :func:`box_weights`.
    """
    weights = [
        _gaussian_layer(fan_in, fan_out, 2.0 / (fan_in + fan_out), generator)
        for fan_out, fan_in in (layer.weight.shape for layer in basis.layers)
    ]
    return _scale_columns(weights, axis_factors)


def _scale_columns(weights: LayerWeights, axis_factors: torch.Tensor | None) -> LayerWeights:
    # Zero biases: the planes pass through the origin before and after, as with Box's p.
    if axis_factors is None:
        return weights
    (weight, bias), *rest = weights
    return [(weight * axis_factors, bias), *rest]


def initialize(
    basis: Basis,
    method: str = "box",
    generator: torch.Generator | None = None,
    scale: float = 1.0,
    axis_scales: Sequence[float] | None = None,
    flow: Callable[[torch.Tensor], torch.Tensor] | None = None,
    aligned: float = 0.0,
    along: float = 0.0,
    layers: Sequence[tuple[int, int, float]] = (),
    across: float = 0.0,
    jumps: tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None = None,
    modes: Modes | None = None,
    mode_fraction: float = 0.0,
    points: torch.Tensor | None = None,
) -> Basis:
    """Set the hidden layers of ``basis`` in place.

    Parameters
    ----------
    basis : Basis
    method : {"box", "he", "glorot"}
        A name of :data:`pinnls.registry.INITIALIZATIONS`; see the module docstring.
    generator : torch.Generator, optional
        A CPU generator that supplies every random number; ``None`` uses torch's global one.
    scale : float
        Box only: the largest pre-activation of a neuron over its input box (1 is the paper's
        rule for relu; steeper values such as 4 suit tanh and sin).
    axis_scales : sequence of float, length d, optional
        Per-axis steepness factors of the first layer: its weights along input axis j are
        multiplied by ``axis_scales[j]`` (Box keeps each cut plane through its point; see
        :func:`box_layer`), so that a solution that varies slowly along one axis (often time)
        gets gentler features there. None, or all ones, draws exactly the isotropic basis.
    flow : callable, optional
        Box only: the characteristics in the problem's coordinates, a direction field
        ``(n, d) -> (n, d)`` or a matrix field ``(n, d) -> (n, d, d)`` of float64 tensors
        (:meth:`pinnls.operators.CompiledProblem.characteristics`).
    aligned : float in [0, 1]
        Box only: the fraction of the first layer's neurons aligned with them at their point
        (:func:`box_layer`); 0 draws what it always did. On a basis with a foot map
        (``basis.foot``: a variable flow), the aligned rows are those with no weight on time,
        each neuron's point is the foot of a point of the box, and no neuron is steeper than
        ``scale`` (:func:`box_layer`'s ``place``).
    along : float in [0, 1)
        Box only: what an aligned row keeps of its component along a direction field (0:
        the feature is constant along the flow; :data:`DRIFT_ALONG` for a drift).
    layers : sequence of (axis, end, width)
        Box only: boundary layers, each the axis of its face, 0 (lower face) or 1 (upper),
        and its width in the problem's units
        (:meth:`pinnls.operators.CompiledProblem.layers`).
    across : float in [0, 1]
        Box only: the fraction of the first layer's neurons drawn across ``layers``
        (:func:`layer_rows`): on one hidden layer, :data:`LAYER_ENVELOPES` of them keep their
        Box row and take an envelope ``exp(-(distance to the face) / d)``
        (:meth:`~pinnls.numeric.basis.Basis.set_envelope`), the others are redrawn as ridges
        steep along the face's normal, centred near the face (see :data:`LAYER_DEPTH`); 0, or
        no layers, draws what it always did. Not on a basis with a foot map (its first layer
        sees the feet, not the box).
    jumps : (normals (k, d), offsets (k,), sides (k,)) float64 tensors, optional
        Box and tanh only, with aligned features along a direction field: planes
        ``normal . x + offset = 0`` of the problem's coordinates across which the data jump,
        carried along the flow (:meth:`pinnls.operators.CompiledProblem.carried_jumps`). The
        first k aligned neurons become steps across them (:data:`JUMP_STEEPNESS`, or
        :data:`JUMP_STEEPNESS_FLOAT32` on a float32 basis), shifted
        by :data:`JUMP_SHIFT` towards the side opposite ``sides`` (the side whose value the
        data take on the plane). Each normal is orthogonal to the flow, so the step solves
        the equation on either side. On a basis with a foot map, planes of the feet, with no
        entry on the feet's axis (``carried_jumps(face_axis)``).
    modes : Modes, optional
        A parabolic, wave or elliptic equation of constant coefficients
        (:meth:`pinnls.operators.CompiledProblem.modes`), in the problem's units.
    mode_fraction : float in [0, 1]
        With ``modes``, on a sin basis of one hidden layer on the box's own coordinates: the
        fraction of the first layer's neurons (:func:`aligned_rows`) made travelling waves
        (decaying for a parabolic equation) that solve the homogeneous equation exactly
        (:func:`_mode_rows`); 0 draws what it always did.
    points : (width, d) float64 tensor, optional
        Box only: the first layer's points in the unit box that the basis normalizes its
        inputs to, in place of the uniform draw (:func:`box_layer`'s ``points``; drawn where a
        solution changes by :func:`pinnls.numeric.adapted.gradient_points`). The normals and
        every later layer are drawn as without them; each row's steepness and alignment are
        set at its given point.

    Returns
    -------
    Basis
        The same object, for chaining.

    Raises
    ------
    SettingsError
        For an unknown ``method`` (the message lists the choices), a scale that is not a
        finite number > 0, ``axis_scales`` of the wrong length or not finite and > 0,
        ``aligned`` outside [0, 1], or aligned features with an initialization other than box.
    """
    layer_weights = INITIALIZATIONS.get(method).load()
    number = isinstance(scale, (int, float)) and not isinstance(scale, bool)
    # An int is always finite; math.isfinite would overflow on a huge one.
    if not (number and (isinstance(scale, int) or math.isfinite(scale)) and scale > 0):
        raise SettingsError(f"initialization scale is {scale!r}; it must be a finite number > 0")
    factors = _axis_factors(basis, axis_scales)
    if not (_is_number(aligned) and 0 <= aligned <= 1):
        raise SettingsError(f"aligned is {aligned!r}; it must be a number from 0 to 1")
    foot = getattr(basis, "foot", None)
    if points is not None and method != "box":
        raise SettingsError(
            f"points for the cut planes are a box initialization's; init is {method!r}"
        )
    # only box_weights takes points; he and glorot keep their signature
    given = {} if points is None else {"points": points}
    if aligned > 0 and (flow is not None or foot is not None):
        if method != "box":
            raise SettingsError(
                f"aligned features are drawn by the box initialization; init is {method!r}"
            )
        lower = basis.lower.detach().cpu().to(torch.float64)
        span = basis.scale.detach().cpu().to(torch.float64)

        def unit_flow(p: torch.Tensor) -> torch.Tensor:
            if foot is not None:
                # On the feet of the characteristics the flow is time alone: aligned rows
                # have no weight on time.
                field = torch.zeros_like(p)
                field[:, foot.axis] = 1.0
                return field
            # The first layer sees (x - lower) / span: d/dx_i is d/dxi_i / span_i, so a
            # direction becomes a / span and a matrix A / (span span^T).
            field = flow(lower + p * span)
            if field.ndim == 4:  # a system's A_k: d/dx_k is d/dxi_k / span_k
                return field / span[None, :, None, None]
            if field.ndim == 3:
                return field / (span[:, None] * span[None, :])
            return field / span

        # on the feet, each neuron's point at the foot of a point of the box (feet leave the
        # box: a flow of speed 2 puts those of [0, 1]^2 on [-2, 1])
        place = None if foot is None else _at_feet(basis, foot)
        weights = layer_weights(
            basis,
            generator,
            float(scale),
            factors,
            unit_flow,
            float(aligned),
            place,
            along,
            **given,
        )
    elif factors is None:
        weights = layer_weights(basis, generator, float(scale), **given)
    else:
        weights = layer_weights(basis, generator, float(scale), factors, **given)
    if not (_is_number(across) and 0 <= across <= 1):
        raise SettingsError(f"layers is {across!r}; it must be a number from 0 to 1")
    if across > 0 and layers and foot is None:
        if method != "box":
            raise SettingsError(
                f"features across boundary layers are drawn by the box initialization; init "
                f"is {method!r}"
            )
        span = basis.scale.detach().cpu().to(torch.float64)
        # The first layer sees (x - lower) / span: a width w along axis k is w / span_k there.
        unit = [(k, end, width / float(span[k])) for k, end, width in layers]
        share = LAYER_ENVELOPES if basis.depth == 1 else 0.0
        envelope = _envelopes(basis.width, basis.in_features, unit, float(across), generator, share)
        first = _across_layers(*weights[0], unit, float(across), generator, envelope[2])
        weights = [first, *weights[1:]]
        if bool(envelope[2].any()):
            basis.set_envelope(envelope[0], envelope[1])
    if jumps is not None and aligned > 0 and (flow is not None or foot is not None):
        if basis.activation == "tanh":
            weights = [_steps(basis, *weights[0], jumps, float(aligned)), *weights[1:]]
    if not (_is_number(mode_fraction) and 0 <= mode_fraction <= 1):
        raise SettingsError(f"modes is {mode_fraction!r}; it must be a number from 0 to 1")
    if modes is not None and mode_fraction > 0:
        if basis.activation != "sin" or basis.depth != 1 or foot is not None or across > 0:
            raise SettingsError(
                "modes are sin features of one hidden layer on the box's own "
                f"coordinates, without layers; this basis is {basis.activation} of depth "
                f"{basis.depth}"
                + ("" if foot is None else " on the feet")
                + (f", layers {across:g}" if across > 0 else "")
            )
        first, envelope = _mode_rows(basis, *weights[0], modes, float(mode_fraction))
        weights = [first, *weights[1:]]
        # An undamped wave's modes neither grow nor decay: no envelope to evaluate.
        if bool(envelope[0].any()) or bool(envelope[1].any()):
            basis.set_envelope(*envelope)
    with torch.no_grad():
        for layer, (weight, bias) in zip(basis.layers, weights, strict=True):
            layer.weight.copy_(weight.to(dtype=layer.weight.dtype, device=layer.weight.device))
            layer.bias.copy_(bias.to(dtype=layer.bias.dtype, device=layer.bias.device))
    return basis


def _mode_rows(basis, weight, bias, modes, fraction):
    """The first layer with the rows of :func:`aligned_rows` made travelling waves that solve
    the homogeneous equation, and their envelopes: ``((weight, bias), (envelope weight,
    envelope bias))``.

    A row keeps its Box draw along space (frequency ``k``, in the problem's units
    ``W_j / span_j``) and its bias (a phase); with the mode's exponent ``lam``
    (:meth:`pinnls.operators.Modes.exponents`) its time entry becomes ``span_t Im(lam)`` and
    its envelope ``exp(Re(lam) (t - t0))``, so that the feature is the real part of
    ``exp(i (k . x + phi) + lam t)`` up to a phase: for a parabolic equation
    ``sin(k . (x - v (t - t0)) + phi) exp(-(k . D k + c) (t - t0))``, for the wave equation
    ``sin(k . x -+ |k| (t - t0) + phi)``, the rows alternating between the quadratic's two
    roots (both directions of travel, also where a flow or damping makes them differ). Without
    a time axis (an elliptic equation, order 0) the rows take the axes in turn as the one
    their exponent runs along (``sin(q x + phi) exp(-+ q y)`` and ``sin(q y + phi) exp(-+ q
    x)`` for Laplace), each axis both roots. Each such feature solves the equation with
    ``f = 0`` exactly: its rows leave it nothing to fit, the initial and boundary data choose
    the combination. Each envelope is at most 1 on the box (a growing one is 1 at the end of
    the interval, or at the far face); the other rows are the Box rows as drawn, zero
    envelope rows (a source needs them).
    """
    span = basis.scale.detach().cpu().to(torch.float64)
    rows = torch.nonzero(aligned_rows(weight.shape[0], fraction)).flatten()
    weight = weight.clone()
    order = np.arange(len(rows))
    if modes.time_axis is None:
        # Steady: the modes evolve along every axis in turn (Laplace on a square needs
        # sin(q x) e^(+-q y) and sin(q y) e^(+-q x) alike), each axis with both roots.
        dim = weight.shape[1]
        axes, branch = order % dim, (order // dim) % 2
    else:
        axes, branch = np.full(len(rows), modes.time_axis), order % 2
    along = torch.as_tensor(axes, dtype=torch.long)
    frequencies = weight[rows] / span
    frequencies[torch.arange(len(rows)), along] = 0.0
    exponents = modes.exponents(frequencies.numpy(), branch, axes)
    growth = torch.as_tensor(exponents.real.copy(), dtype=torch.float64) * span[along]
    weight[rows, along] = span[along] * torch.as_tensor(exponents.imag.copy(), dtype=torch.float64)
    envelope = torch.zeros_like(weight)
    envelope[rows, along] = growth
    # A growing mode (a reaction c < 0 beyond the diffusion's k . D k, or the growing root
    # of an overdamped wave) is scaled to 1 at the end of the interval rather than at its
    # start: the same span, but no column of e^100 beside columns of 1 (u_t = u_xx +
    # (pi^2 + 3) u over t in [0, 8]), which neither the rank cut nor float32 would survive.
    shift = torch.zeros_like(bias)
    shift[rows] = -growth.clamp(min=0.0)
    return (weight, bias), (envelope, shift)


def _steps(basis, weight, bias, jumps, aligned) -> tuple[torch.Tensor, torch.Tensor]:
    """The first layer with its first aligned rows made steps across the ``jumps``."""
    normals, offsets, sides = (torch.as_tensor(v, dtype=torch.float64) for v in jumps)
    # the first layer sees the box normalized, or on the feet the feet normalized (a foot's
    # planes lie in the face of the feet: no entry on its axis)
    frame = basis if getattr(basis, "foot", None) is None else basis.foot
    lower = frame.lower.detach().cpu().to(torch.float64)
    span = frame.scale.detach().cpu().to(torch.float64)
    rows = torch.nonzero(aligned_rows(weight.shape[0], aligned)).flatten()[: len(normals)]
    weight, bias = weight.clone(), bias.clone()
    float32 = basis.layers[0].weight.dtype == torch.float32
    steepness = JUMP_STEEPNESS_FLOAT32 if float32 else JUMP_STEEPNESS
    for row, normal, offset, side in zip(rows.tolist(), normals, offsets, sides):
        # the first layer sees y = (x - lower) / span: normal . x + offset in y, per unit length
        unit = normal * span
        length = unit.norm()
        weight[row] = steepness * unit / length
        bias[row] = steepness * (normal @ lower + offset) / length + JUMP_SHIFT * side
    return weight, bias


def _at_feet(basis: Basis, foot) -> Callable[[torch.Tensor], torch.Tensor]:
    """Points of the unit box -> the normalized feet of the box's points they stand for."""
    lower = basis.lower.detach().cpu().to(torch.float64)
    span = basis.scale.detach().cpu().to(torch.float64)
    mapping = copy.deepcopy(foot).to(device="cpu", dtype=torch.float64)

    def place(p: torch.Tensor) -> torch.Tensor:
        with torch.no_grad():
            return mapping.frame(lower + p * span)[0]

    return place


def _axis_factors(basis: Basis, axis_scales: Sequence[float] | None) -> torch.Tensor | None:
    """The (d,) float64 factors, or None when there are none or all are 1 (the isotropic draw,
    bit for bit)."""
    if axis_scales is None:
        return None
    values = list(axis_scales)
    if len(values) != basis.in_features or not all(
        _is_number(v) and (isinstance(v, int) or math.isfinite(v)) and v > 0 for v in values
    ):
        raise SettingsError(
            f"axis scales are {values!r}; give {basis.in_features} finite numbers > 0, one per axis"
        )
    if all(v == 1 for v in values):
        return None
    return torch.tensor([float(v) for v in values], dtype=torch.float64)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def split(basis: Basis, planes, generator: torch.Generator | None = None) -> Basis:
    """Split an initialized ``basis`` at the planes ``x_axis = value`` (material interfaces,
    :meth:`~pinnls.operators.CompiledProblem.interfaces`) into cells, each with features of
    its own (:meth:`~pinnls.numeric.basis.Basis.set_cells`).

    The cells are the grid that the planes cut the box into. Each gets a share of the
    features in proportion to its volume, interleaved over the layer (feature j to the cell
    where ``frac(j * golden ratio)`` falls in the cumulative volumes), and each first-layer
    feature's cut plane is moved, keeping its normal and steepness, through a random point of
    its own cell, so that the features vary where they are used (one hidden layer, not on the
    feet of characteristics; a deeper network's last features are masked, its first layer kept).

    Parameters
    ----------
    basis : Basis
    planes : sequence of (axis, value)
        In the problem's coordinates, inside the box.
    generator : torch.Generator, optional
        A CPU generator for the points.

    Returns
    -------
    Basis
        The same object.
    """
    lower = basis.lower.detach().cpu().to(torch.float64)
    span = basis.scale.detach().cpu().to(torch.float64)
    axes = [int(axis) for axis, _ in planes]
    cuts = [float((value - lower[axis]) / span[axis]) for axis, value in planes]
    d = basis.in_features
    # per axis, its cuts in order: a cell is one interval per axis
    edges = {axis: sorted(c for a, c in zip(axes, cuts) if a == axis) for axis in set(axes)}
    cells = [((), 1.0, [0.0] * d, [1.0] * d)]
    for axis, inner in sorted(edges.items()):
        bounds = [0.0, *inner, 1.0]
        grown = []
        for intervals, volume, low, high in cells:
            for m in range(len(bounds) - 1):
                lo, hi = list(low), list(high)
                lo[axis], hi[axis] = bounds[m], bounds[m + 1]
                grown.append((intervals + ((axis, m),), volume * (hi[axis] - lo[axis]), lo, hi))
        cells = grown
    codes = []
    for intervals, _, _, _ in cells:
        position = dict(intervals)
        # bit i is set where the cell lies above cut i: its interval index passes that cut
        codes.append(
            sum(
                2**i
                for i, (axis, cut) in enumerate(zip(axes, cuts))
                if position[axis] > edges[axis].index(cut)
            )
        )
    volumes = torch.tensor([volume for _, volume, _, _ in cells], dtype=torch.float64)
    bounds = torch.cumsum(volumes / volumes.sum(), 0)
    golden = (math.sqrt(5.0) - 1.0) / 2.0
    fraction = torch.remainder(torch.arange(basis.width, dtype=torch.float64) * golden, 1.0)
    which = torch.searchsorted(bounds, fraction, right=True).clamp_max(len(cells) - 1)
    low = torch.tensor([cell[2] for cell in cells], dtype=torch.float64)[which]
    high = torch.tensor([cell[3] for cell in cells], dtype=torch.float64)[which]
    points = low + (high - low) * torch.rand(
        basis.width, d, generator=generator, dtype=torch.float64
    )
    first = basis.layers[0]
    # on the feet of characteristics the first layer does not see the box, and below a deeper
    # network's masked features it is no cell's own
    if basis.foot is None and basis.depth == 1:
        with torch.no_grad():
            weight = first.weight.detach().cpu().to(torch.float64)
            bias = -(weight * points).sum(dim=1)
            first.bias.copy_(bias.to(dtype=first.bias.dtype, device=first.bias.device))
    owner = torch.tensor(codes, dtype=torch.int64)[which]
    raw = torch.tensor([float(value) for _, value in planes], dtype=torch.float64)
    basis.set_cells(torch.tensor(axes), raw, owner)
    return basis
