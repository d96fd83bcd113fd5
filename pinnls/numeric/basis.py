"""Networks as adaptive bases, and the input derivatives of every basis function at once.

A network with L hidden layers and a final linear layer is ``NN(x) = sum_j c_j Phi_j(x; theta)``.
:class:`Basis` is the map ``x -> Phi(x)``; the coefficients ``c`` belong to the solver, which
finds them by least squares. :func:`basis_derivatives` returns ``D^alpha Phi_j(x_i)`` for all
``j`` at once: in closed form for one hidden layer (``sigma^(k)(z)`` times a monomial in the
weights; :func:`operator_columns` applies a whole linear operator in one pass), otherwise with
forward-mode AD: one Jacobian-vector product per derivative direction, whatever the width,
instead of one reverse pass per basis function.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.polynomial.polynomial as P
import torch
import torch.nn.functional as F
from torch.func import jvp

from pinnls.errors import SettingsError
from pinnls.registry import ACTIVATIONS, ARCHITECTURES

__all__ = [
    "Basis",
    "basis_derivatives",
    "directional_derivative",
    "operator_columns",
    "feet_operator_columns",
    "has_closed_form",
    "has_feet_closed_form",
    "jvp_only",
    "load_saved",
]


class Basis(torch.nn.Module):
    """The hidden layers of a network, seen as ``width`` (+1) basis functions of the input.

    ``forward`` maps the bounding box ``[lower, upper]`` affinely onto ``[0, 1]^d`` (so that the
    Box initialization sees the unit box), then applies the hidden layers:

    - ``"plain"``: ``Phi = sigma o T_L o ... o sigma o T_1``;
    - ``"resnet"``: ``Phi = (I + sigma o T_L) o ... o (I + sigma o T_2) o (sigma o T_1)``;

    with ``T_l(x) = W_l x + b_l``. With ``constant=True`` a column of ones is appended last, so
    that the solver's linear layer carries a bias.

    Parameters
    ----------
    lower, upper : sequence of float, length d
        Corners of the domain's bounding box; ``upper > lower`` on every axis.
    width : int
        Neurons per hidden layer, w.
    depth : int
        Number of hidden layers, L.
    arch : {"plain", "resnet"}
        A name of :data:`pinnls.registry.ARCHITECTURES`.
    activation : {"relu", "tanh", "sin"}
        A name of :data:`pinnls.registry.ACTIVATIONS`.
    constant : bool
        Append the constant basis function.
    dtype : torch.dtype
    device : str or torch.device
    foot : FootMap, optional
        The first layer sees the feet of the points' characteristics in place of the points
        (:class:`pinnls.numeric.characteristic.FootMap`, normalized by the same box), and with
        a reaction every feature is multiplied by the map's envelope. Derivatives then leave
        the closed form: first ones take the map's written-out tangents
        (:meth:`hidden_with_tangent`), higher ones torch's forward mode through it.

    Raises
    ------
    SettingsError
        For an unknown ``arch`` or ``activation`` (the message lists the choices), or a width or
        depth that is not an integer >= 1.

    Attributes
    ----------
    layers : torch.nn.ModuleList of torch.nn.Linear
        ``T_1`` (d -> w), then ``T_2 ... T_L`` (w -> w).
    size : int
        Number of basis functions, ``width + constant``.
    in_features : int
        Input dimension d.
    lower, scale : (d,) tensor buffers
        The normalization ``x -> (x - lower) / scale``.
    envelope_weight, envelope_bias : (w, d) and (w,) tensor buffers, or None
        Per-feature envelopes (:meth:`set_envelope`): the hidden features are multiplied by
        ``exp(h @ envelope_weight.T + envelope_bias)``, ``h`` the normalized inputs (a
        feature with zeros there keeps its value); None without any. Fixed: not parameters.
    """

    def __init__(
        self,
        lower: Sequence[float],
        upper: Sequence[float],
        width: int,
        depth: int = 1,
        arch: str = "plain",
        activation: str = "relu",
        constant: bool = True,
        dtype: torch.dtype = torch.float64,
        device: str | torch.device = "cpu",
        foot: torch.nn.Module | None = None,
    ) -> None:
        super().__init__()
        ARCHITECTURES.get(arch)
        # The registry entry, not just the name: the forward passes call it every layer.
        self._activation = ACTIVATIONS.get(activation)
        for name, value in (("width", width), ("depth", depth)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingsError(f"{name} is {value!r}; it must be an integer >= 1")
        lower_t = torch.as_tensor(list(map(float, lower)), dtype=dtype, device=device)
        upper_t = torch.as_tensor(list(map(float, upper)), dtype=dtype, device=device)
        if lower_t.ndim != 1 or lower_t.shape != upper_t.shape or lower_t.numel() == 0:
            raise ValueError(
                f"lower and upper must be sequences of the same length d >= 1, "
                f"got {list(lower)} and {list(upper)}"
            )
        if not bool((upper_t > lower_t).all()):
            raise ValueError(f"the box is empty or flat: lower={list(lower)}, upper={list(upper)}")
        self.register_buffer("lower", lower_t)
        self.register_buffer("scale", upper_t - lower_t)
        self.in_features = int(lower_t.numel())
        self.width = width
        self.depth = depth
        self.arch = arch
        self.activation = activation
        self.constant = bool(constant)
        self.size = width + int(self.constant)
        sizes = [self.in_features] + [width] * depth
        self.layers = torch.nn.ModuleList(
            torch.nn.Linear(n_in, n_out, dtype=dtype, device=device)
            for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True)
        )
        self.foot = None if foot is None else foot.to(dtype=dtype, device=device)
        # None until set_envelope: no entry in the state then, as before envelopes existed.
        self.register_buffer("envelope_weight", None)
        self.register_buffer("envelope_bias", None)
        # None until set_cells (a basis split at interfaces): no entry in the state then.
        self.register_buffer("cell_axes", None)
        self.register_buffer("cell_cuts", None)
        self.register_buffer("cell_owner", None)
        # None until set_singular: fixed columns after the features (a shape's corners, holes)
        self.register_buffer("singular_spec", None)

    def set_cells(self, axes: torch.Tensor, cuts: torch.Tensor, owner: torch.Tensor) -> None:
        """Split the basis at planes ``x_axis = cut``: feature j lives on cell ``owner[j]`` only.

        A point's cell is the code ``sum_i 2^i [x_{axes[i]} >= cuts[i]]``, compared in the raw
        coordinates and the basis' dtype, so that a point on a plane belongs to the cell above
        it whatever the rounding of a normalization would do. Every hidden feature is
        multiplied by the indicator of its own cell, whose derivatives vanish off the planes, so
        each cell carries a smooth basis of its own and the features may jump and kink across
        the planes (the constant column is shared). Interface rows evaluate the two sides a
        little below and above a plane (:meth:`pinnls.operators.CompiledProblem.sided`).

        Parameters
        ----------
        axes : (k,) int64 tensor
            The axis each plane is normal to.
        cuts : (k,) tensor
            The planes' positions along their axes, in the raw coordinates.
        owner : (w,) int64 tensor
            Each feature's cell code.
        """
        if axes.ndim != 1 or cuts.shape != axes.shape or tuple(owner.shape) != (self.width,):
            raise ValueError(
                f"cells need axes and cuts of one shape (k,) and owner ({self.width},), got "
                f"{tuple(axes.shape)}, {tuple(cuts.shape)} and {tuple(owner.shape)}"
            )
        like = self.lower
        self.cell_axes = axes.to(dtype=torch.int64, device=like.device)
        self.cell_cuts = cuts.to(dtype=like.dtype, device=like.device)
        self.cell_owner = owner.to(dtype=torch.int64, device=like.device)

    def set_singular(self, spec: torch.Tensor) -> None:
        """Append fixed singular functions to the basis, after the features and before the
        constant column (:mod:`pinnls.numeric.singular`: a shape's re-entrant corners and holes).

        They have no parameters: every derivative path appends their derivatives, written out
        (:meth:`singular_derivatives`), to the features' own, and ``size`` grows by their
        number J.

        Parameters
        ----------
        spec : (J, FIELDS) tensor
            One row per function (:data:`pinnls.singular.FIELD_NAMES`); a spec of
            :data:`~pinnls.singular.LEGACY_FIELDS` columns (saved before the drift and the
            wave number were fields) takes zeros for them.

        Raises
        ------
        ValueError
            A spec of another shape, or a basis on the feet of characteristics.
        """
        from pinnls.singular import FIELDS, LEGACY_FIELDS

        if spec.ndim == 2 and spec.shape[1] == LEGACY_FIELDS:
            # saved before the operator's lower-order part was read: the Laplacian's functions
            spec = torch.cat([spec, spec.new_zeros((spec.shape[0], FIELDS - LEGACY_FIELDS))], 1)
        if spec.ndim != 2 or spec.shape[1] != FIELDS or spec.shape[0] == 0:
            raise ValueError(
                f"a singular spec must be (J, {FIELDS}) with J >= 1, got {tuple(spec.shape)}"
            )
        if self.foot is not None:
            raise ValueError("singular functions are for a basis on the box's own coordinates")
        like = self.lower
        self.singular_spec = spec.to(dtype=like.dtype, device=like.device)
        self.size = self.width + self.singular_count + int(self.constant)

    @property
    def singular_count(self) -> int:
        """The number J of singular columns (:meth:`set_singular`), 0 without any."""
        return 0 if self.singular_spec is None else int(self.singular_spec.shape[0])

    def singular(self, x: torch.Tensor) -> torch.Tensor:
        """The singular columns at ``x`` (n, d), shape (n, J) (:meth:`set_singular`)."""
        return self.singular_derivatives(x, [(0,) * self.in_features])[(0,) * self.in_features]

    def singular_derivatives(
        self, x: torch.Tensor, alphas: Iterable[Sequence[int]]
    ) -> dict[tuple[int, ...], torch.Tensor]:
        """``D^alpha`` of the singular columns, each (n, J), in closed form
        (:func:`pinnls.numeric.singular.singular_derivatives`; constant in the parameters)."""
        from pinnls.numeric.singular import singular_derivatives

        wanted = list(dict.fromkeys(tuple(int(v) for v in alpha) for alpha in alphas))
        return singular_derivatives(self.singular_spec, x.detach(), wanted)

    def cell_mask(self, x: torch.Tensor) -> torch.Tensor | None:
        """The (n, w) indicator of each feature's cell at the points ``x`` (n, d), raw
        coordinates; None for a basis that is not split (:meth:`set_cells`)."""
        if self.cell_owner is None:
            return None
        above = (x.detach()[:, self.cell_axes] >= self.cell_cuts).to(torch.int64)
        powers = 2 ** torch.arange(above.shape[1], device=above.device)
        code = (above * powers).sum(dim=1)
        return (code[:, None] == self.cell_owner[None, :]).to(x.dtype)

    def set_envelope(self, weight: torch.Tensor, bias: torch.Tensor) -> None:
        """Multiply the hidden features by per-feature envelopes ``exp(h @ weight.T + bias)``.

        A feature across a boundary layer along axis k of the face ``h_k = 1`` takes
        ``weight[i, k] = 1 / width`` and ``bias[i] = -1 / width``: ``exp((h_k - 1) / width)``,
        the layer's own profile, times whatever the feature varies by along the face.

        Parameters
        ----------
        weight : (w, d) tensor
            In the normalized inputs ``h = (x - lower) / scale``; a zero row leaves its feature
            as it is.
        bias : (w,) tensor

        Raises
        ------
        ValueError
            Shapes other than (w, d) and (w,), or a basis on the feet of characteristics or of
            more than one hidden layer (whose derivatives do not carry envelopes).
        """
        if self.foot is not None or self.depth != 1:
            raise ValueError("envelopes are for one hidden layer on the box's own coordinates")
        if tuple(weight.shape) != (self.width, self.in_features) or tuple(bias.shape) != (
            self.width,
        ):
            raise ValueError(
                f"envelope weight and bias must be ({self.width}, {self.in_features}) and "
                f"({self.width},), got {tuple(weight.shape)} and {tuple(bias.shape)}"
            )
        like = self.lower
        self.envelope_weight = weight.to(dtype=like.dtype, device=like.device)
        self.envelope_bias = bias.to(dtype=like.dtype, device=like.device)

    def _envelope(self, h: torch.Tensor) -> torch.Tensor | None:
        """``exp(h @ envelope_weight.T + envelope_bias)``, (n, w), or None without envelopes."""
        if self.envelope_weight is None:
            return None
        return torch.exp(F.linear(h, self.envelope_weight, self.envelope_bias))

    @property
    def upper(self) -> torch.Tensor:
        """(d,) tensor: the upper corner of the bounding box."""
        return self.lower + self.scale

    def hidden_parameters(self) -> list[torch.nn.Parameter]:
        """Every hidden weight and bias (theta): all parameters of this module."""
        return list(self.parameters())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Evaluate every basis function.

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw (un-normalized) coordinates.

        Returns
        -------
        (n, size) tensor
            ``Phi_j(x_i)``; the last column is ones when ``constant`` is set.
        """
        if has_closed_form(self) and not (
            torch.is_grad_enabled() and any(p.requires_grad for p in self.parameters())
        ):
            # Without a graph: the activation in place and no torch.cat copy (operator_columns
            # writes the constant column into the block's own storage).
            if x.ndim != 2:
                raise ValueError(f"x must have shape (n, d), got {tuple(x.shape)}")
            return operator_columns(self, x, [((0,) * self.in_features, 1.0)])
        h = self.hidden(x)
        if self.constant:
            h = torch.cat([h, h.new_ones((h.shape[0], 1))], dim=1)
        return h

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """The adaptive basis without the constant column.

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw coordinates.

        Returns
        -------
        (n, width + J) tensor
            The features (:meth:`features`), then the J singular columns
            (:meth:`set_singular`).
        """
        h = self.features(x)
        if self.singular_spec is not None:
            h = torch.cat([h, self.singular(x)], dim=1)
        return h

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The hidden layers' features: :meth:`hidden` without the singular columns, which
        forward mode differentiates (the singular columns' derivatives are written out).

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw coordinates.

        Returns
        -------
        (n, width) tensor
        """
        # Normalizing inside the network lets AD apply the chain rule, so derivatives come out
        # with respect to the raw coordinates.
        envelope = None
        if self.foot is None:
            h = (x - self.lower) / self.scale
            layered = self._envelope(h)
        else:
            h, envelope = self.foot.frame(x)
            layered = None
        sigma = self._activation.value
        h = sigma(self.layers[0](h))
        if layered is not None:
            h = h * layered  # one hidden layer (set_envelope)
        residual = self.arch == "resnet"
        for layer in self.layers[1:]:
            z = sigma(layer(h))
            h = h + z if residual else z
        h = h if envelope is None else h * envelope[:, None]
        cells = self.cell_mask(x)
        return h if cells is None else h * cells

    def hidden_with_tangent(
        self, x: torch.Tensor, tangent: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Hidden features and their derivative along ``tangent`` (forward mode, first order).

        This is the Jacobian-vector product of :meth:`hidden`, written out layer by layer
        (``dz = W dh``, ``d sigma(z) = sigma'(z) dz``): for these small dense layers it is several
        times faster than :func:`torch.func.jvp`, whose generic dual-number machinery dominates
        the cost, and its backward pass is plain autograd.

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw coordinates.
        tangent : (n, d) tensor
            One direction per point.

        Returns
        -------
        values : (n, width + J) tensor
        derivative : (n, width + J) tensor
        """
        envelope = envelope_slope = None
        if self.foot is None:
            h = (x - self.lower) / self.scale
            dh = tangent / self.scale
            if self.envelope_weight is not None:
                # per-feature envelopes of one hidden layer: E = exp(g), E' = E g'
                envelope = self._envelope(h)
                envelope_slope = envelope * (dh @ self.envelope_weight.mT)
        else:
            h, dh, envelope, envelope_slope = self.foot.frame_with_tangent(x, tangent)
        residual = self.arch == "resnet"
        value_and_slope = self._activation.value_and_slope
        for index, layer in enumerate(self.layers):
            z = layer(h)
            dz = dh @ layer.weight.mT
            value, slope = value_and_slope(z)
            if residual and index > 0:
                h, dh = h + value, dh + slope * dz
            else:
                h, dh = value, slope * dz
        if envelope is not None:
            # the features times the envelope (the reaction's, one per point, or the layers',
            # one per feature): (E h)' = E' h + E h'
            if envelope.ndim == 1:
                envelope, envelope_slope = envelope[:, None], envelope_slope[:, None]
            dh = dh * envelope + h * envelope_slope
            h = h * envelope
        cells = self.cell_mask(x)
        if cells is not None:
            # the indicator is constant off the planes: its derivative adds nothing
            h, dh = h * cells, dh * cells
        if self.singular_spec is not None:
            d = self.in_features
            units = [tuple(int(k == axis) for k in range(d)) for axis in range(d)]
            blocks = self.singular_derivatives(x, [(0,) * d, *units])
            slopes = sum(tangent[:, k : k + 1] * blocks[unit] for k, unit in enumerate(units))
            h = torch.cat([h, blocks[(0,) * d]], dim=1)
            dh = torch.cat([dh, slopes], dim=1)
        return h, dh

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, width={self.width}, depth={self.depth}, "
            f"arch={self.arch!r}, activation={self.activation!r}, constant={self.constant}"
            + ("" if self.foot is None else ", foot=True")
            + ("" if self.envelope_weight is None else ", envelopes=True")
            + ("" if self.singular_spec is None else f", singular={self.singular_count}")
        )


def load_saved(module: torch.nn.Module, state: Mapping[str, torch.Tensor]) -> None:
    """``module.load_state_dict(state)`` for a saved state (a checkpoint's, solution.h5's),
    whose singular spec may predate the drift's fields (:data:`pinnls.singular.LEGACY_FIELDS`
    columns: zeros there, as :meth:`Basis.set_singular` reads it).

    Parameters
    ----------
    module : torch.nn.Module
        A basis (global, local or of a system).
    state : mapping of str to tensor

    Raises
    ------
    RuntimeError
        The state does not fit the module (torch's message), or its singular functions are
        not as many as the module's (one line: pinnls draws other functions for the shape
        than the version that saved it).
    """
    from pinnls.singular import FIELDS, LEGACY_FIELDS

    state = dict(state)
    # every basis's spec by its state name, None where a basis has no singular functions
    # (named_buffers leaves those out)
    specs = {
        f"{prefix}.singular_spec" if prefix else "singular_spec": child._buffers["singular_spec"]
        for prefix, child in module.named_modules()
        if "singular_spec" in child._buffers
    }
    for name in sorted(set(specs) | {k for k in state if k.endswith("singular_spec")}):
        spec, have = state.get(name), specs.get(name)
        if spec is not None and spec.ndim == 2 and spec.shape[1] == LEGACY_FIELDS:
            padding = spec.new_zeros((spec.shape[0], FIELDS - LEGACY_FIELDS))
            state[name] = spec = torch.cat([spec, padding], 1)
        saved = 0 if spec is None else len(spec)
        count = 0 if have is None else len(have)
        if saved != count:
            raise RuntimeError(
                f"the saved basis has {saved or 'no'} singular functions and this one "
                f"{count or 'none'} (saved by another pinnls version or settings); start "
                "the run afresh"
            )
    module.load_state_dict(state)


def basis_derivatives(
    basis: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    alphas: Iterable[Sequence[int]],
) -> dict[tuple[int, ...], torch.Tensor]:
    """Input derivatives ``D^alpha Phi_j(x_i)`` of all basis functions at once.

    For a :class:`Basis` with one hidden layer (:func:`has_closed_form`) the blocks are
    ``sigma^(k)(z) * prod_k (W_jk / scale_k)^alpha_k``, with the layer and the activation
    evaluated once for all multi-indices. Otherwise each derivative of order k is one k-fold
    nested forward-mode Jacobian-vector product
    (:func:`torch.func.jvp`) along coordinate axes, so the cost does not grow with the number
    of basis functions. The results remain differentiable with respect to the basis
    parameters: a loss built from them can be backpropagated to the hidden weights.

    Work is shared: a derivative ``D^(s + e_j)`` is the tangent of a jvp whose primal is
    ``D^s``, so lower-order blocks obtained this way are not recomputed, and the value
    ``Phi`` costs nothing extra when any derivative is requested.

    Parameters
    ----------
    basis : callable, (n, d) tensor -> (n, size) tensor
        Usually a :class:`Basis`.
    x : (n, d) tensor
        Points in raw coordinates.
    alphas : iterable of tuple of int, each of length d
        Multi-indices: ``(0, 0)`` is the value, ``(1, 0)`` is ``d/dx_0``, ``(1, 1)`` is
        ``d^2/dx_0 dx_1``, and so on.

    Returns
    -------
    dict mapping tuple of int to (n, size) tensor
        One block per distinct multi-index. The constant basis function's derivatives are 0.
    """
    if x.ndim != 2:
        raise ValueError(f"x must have shape (n, d), got {tuple(x.shape)}")
    d = x.shape[1]
    wanted: list[tuple[int, ...]] = []
    for alpha in alphas:
        alpha_t = tuple(int(a) for a in alpha)
        if len(alpha_t) != d or any(a < 0 for a in alpha_t):
            raise ValueError(
                f"multi-index {tuple(alpha)} must have {d} non-negative entries (one per axis)"
            )
        if alpha_t not in wanted:
            wanted.append(alpha_t)

    # A derivative is named by its sorted sequence of axes, e.g. (1, 1) -> (0, 1), (2, 0) ->
    # (0, 0). Every prefix is itself a derivative, which is what makes the sharing work.
    def axes_of(alpha: tuple[int, ...]) -> tuple[int, ...]:
        return tuple(axis for axis, count in enumerate(alpha) for _ in range(count))

    if has_closed_form(basis):
        return _closed_form_derivatives(basis, x, wanted)

    directions = {}
    for alpha in wanted:
        for axis in set(axes_of(alpha)):
            if axis not in directions:
                unit = torch.zeros_like(x)
                unit[:, axis] = 1
                directions[axis] = unit

    # The constant column's derivatives are known; differentiating only the hidden features
    # keeps torch.cat out of the dual-number computation, which was a third of its cost.
    constant = isinstance(basis, Basis) and basis.constant
    function = basis.features if isinstance(basis, Basis) else basis
    singular = isinstance(basis, Basis) and basis.singular_spec is not None

    def derivative_function(axes: tuple[int, ...]) -> Callable[[torch.Tensor], torch.Tensor]:
        if not axes:
            return function
        inner = derivative_function(axes[:-1])
        unit = directions[axes[-1]]
        return lambda y: jvp(inner, (y,), (unit,))[1]

    needed = {axes_of(alpha) for alpha in wanted}
    computed: dict[tuple[int, ...], torch.Tensor] = {}
    # Deepest first, so that lower orders fall out as primals of the higher-order products.
    for axes in sorted(needed, key=len, reverse=True):
        if axes in computed:
            continue
        if not axes:
            computed[axes] = function(x)
            continue
        primal, tangent = jvp(derivative_function(axes[:-1]), (x,), (directions[axes[-1]],))
        computed[axes] = tangent
        computed.setdefault(axes[:-1], primal)
    out = {alpha: computed[axes_of(alpha)] for alpha in wanted}
    if singular:
        blocks = basis.singular_derivatives(x, wanted)
        out = {alpha: torch.cat([block, blocks[alpha]], dim=1) for alpha, block in out.items()}
    if constant:
        out = {
            alpha: _append_constant(block, float(not any(alpha))) for alpha, block in out.items()
        }
    return out


def directional_derivative(
    basis: Basis, x: torch.Tensor, direction: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """Values and one first-order derivative of all basis functions along a per-point direction.

    Because the network acts on each point separately, a first-order operator
    ``sum_k a_k(x) d/dx_k`` applied to every basis function is a single Jacobian-vector
    product whose tangent at point i is ``(a_1(x_i), ..., a_d(x_i))``: transport operators cost
    one forward-mode pass, however many axes they involve. The pass is
    :meth:`Basis.hidden_with_tangent` (forward mode written out for these layers), which the
    tests check against :func:`torch.func.jvp` to rounding.

    Parameters
    ----------
    basis : Basis
    x : (n, d) tensor
        Points in raw coordinates.
    direction : (n, d) tensor
        The coefficients ``a_k(x_i)``.

    Returns
    -------
    values : (n, size) tensor
        ``Phi_j(x_i)``.
    derivative : (n, size) tensor
        ``sum_k a_k(x_i) d Phi_j / dx_k (x_i)``; differentiable with respect to the parameters.
    """
    values, derivative = basis.hidden_with_tangent(x, direction)
    if basis.constant:
        values = _append_constant(values, 1.0)
        derivative = _append_constant(derivative, 0.0)
    return values, derivative


def _append_constant(block: torch.Tensor, value: float) -> torch.Tensor:
    return torch.cat([block, block.new_full((block.shape[0], 1), value)], dim=1)


# -- closed form for one hidden layer ------------------------------------------------------------
#
# With one hidden layer, z = ((x - lower) / scale) W^T + b and Phi_j = sigma(z_j), so
#
#     D^alpha Phi_j = sigma^(|alpha|)(z_j) * prod_k (W_jk / scale_k)^alpha_k.
#
# Each activation writes sigma^(k) as a combination of a few functions of z computed once
# ("features"): for tanh the powers t^i of t = tanh(z) (tanh' = 1 - t^2, so every derivative
# is a polynomial in t), for sin the pair (sin z, cos z), for relu (relu z, [z > 0]). An
# operator sum_alpha c_alpha D^alpha then needs one coefficient per feature, each the sum over
# its multi-indices of c_alpha (a number or an (n,) tensor) times the monomial in W, and one
# pass over the (n, w) block per feature. That replaces one nested torch.func.jvp per
# multi-index, which re-evaluates the layer and the activation at every nesting level.

#: Switched off by :func:`jvp_only` (benchmarks and tests compare the two paths).
_CLOSED_FORM = [True]


@contextlib.contextmanager
def jvp_only() -> Iterator[None]:
    """Within this context every derivative is taken by forward-mode AD
    (:func:`torch.func.jvp` and :meth:`Basis.hidden_with_tangent`), as for deeper networks:
    the reference against which the closed form of one-hidden-layer bases is tested and timed.
    """
    _CLOSED_FORM.append(False)
    try:
        yield
    finally:
        _CLOSED_FORM.pop()


def _tanh_polynomials(order: int) -> list[np.ndarray]:
    """Coefficients (lowest first) of ``P_k`` with ``tanh^(k)(z) = P_k(tanh z)``, k <= order:
    ``P_0 = t`` and ``P_(k+1) = P_k'(t) (1 - t^2)``; integers, so exact in float64."""
    polynomials = [np.array([0.0, 1.0])]
    for _ in range(order):
        polynomials.append(P.polymul(P.polyder(polynomials[-1]), [1.0, 0.0, -1.0]))
    return polynomials


def _feature_weights(activation: str, order: int) -> np.ndarray | None:
    """``a[k, i]`` with ``sigma^(k) = sum_i a[k, i] feature_i``, k <= order; None for an
    activation without a closed form here."""
    if activation == "tanh":
        polynomials = _tanh_polynomials(order)
        out = np.zeros((order + 1, order + 2))
        for k, poly in enumerate(polynomials):
            out[k, : len(poly)] = poly
        return out
    if activation == "sin":
        # sin^(k)(z) = sin(z + k pi / 2): features (sin z, cos z).
        cycle = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
        return cycle[np.arange(order + 1) % 4]
    if activation == "relu":
        # relu' = [z > 0] (0 at z = 0, as torch's forward mode has it); relu'' = 0 a.e., and
        # forward mode gives exactly 0 too.
        out = np.zeros((order + 1, 2))
        out[0, 0] = 1.0
        if order >= 1:
            out[1, 1] = 1.0
        return out
    return None


def has_closed_form(basis: Any) -> bool:
    """Whether :func:`operator_columns` and :func:`basis_derivatives` use the closed form for
    ``basis``: a :class:`Basis` with one hidden layer (plain and resnet coincide there) and an
    activation whose derivatives are written out (relu, tanh, sin), unless :func:`jvp_only`
    is in force."""
    return (
        _CLOSED_FORM[-1]
        and isinstance(basis, Basis)
        and basis.depth == 1
        and basis.foot is None
        and _feature_weights(basis.activation, 0) is not None
    )


Coefficient = float | torch.Tensor


def operator_columns(
    basis: Basis,
    x: torch.Tensor,
    parts: Sequence[tuple[tuple[int, ...], Coefficient]],
    direction: torch.Tensor | None = None,
) -> torch.Tensor:
    """``sum_p c_p D^alpha_p Phi_j(x_i)`` (plus ``sum_k a_k d Phi_j / dx_k``) for a basis with
    :func:`has_closed_form`, all parts in one pass.

    The layer and the activation are evaluated once; the parts are gathered by derivative
    order into per-feature coefficients (see the comment above :func:`jvp_only`), so a
    Laplacian costs one elementwise product with ``sigma''(z)`` rather than two nested
    forward-mode passes per axis. Where no gradient is recorded (``torch.no_grad`` or
    parameters that do not require one) the (n, w) work is done in place, which saves the
    allocation (and page faults) of a fresh block per operation; otherwise the result is
    differentiable with respect to the weights, biases, points and coefficients.

    Parameters
    ----------
    basis : Basis
        One hidden layer (:func:`has_closed_form`).
    x : (n, d) tensor
        Points in raw coordinates.
    parts : sequence of (multi-index, coefficient)
        ``alpha`` a tuple of d non-negative ints; the coefficient a number or an (n,) tensor.
    direction : (n, d) tensor, optional
        Coefficients of a first-order operator ``sum_k a_k(x_i) d/dx_k``, added to ``parts``.

    Returns
    -------
    (n, size) tensor
        The features, the singular columns (:meth:`Basis.set_singular`) and the constant
        column, when present, which is the sum of the zeroth-order coefficients.
    """
    if basis.singular_spec is None:
        return _feature_columns(basis, x, parts, direction, basis.constant)
    features = _feature_columns(basis, x, parts, direction, False)
    blocks = [features, _singular_columns(basis, x, parts, direction)]
    if basis.constant:
        value = None
        for alpha, coefficient in parts:
            if not any(alpha):
                value = coefficient if value is None else value + coefficient
        column = features.new_zeros((x.shape[0], 1))
        if value is not None:
            column = column + (value[:, None] if isinstance(value, torch.Tensor) else value)
        blocks.append(column)
    return torch.cat(blocks, dim=1)


def _singular_columns(
    basis: Basis,
    x: torch.Tensor,
    parts: Sequence[tuple[tuple[int, ...], Coefficient]],
    direction: torch.Tensor | None,
) -> torch.Tensor:
    """The operator applied to the singular columns, (n, J), from their closed-form
    derivatives (:meth:`Basis.singular_derivatives`)."""
    d = x.shape[1]
    alphas = [tuple(alpha) for alpha, _ in parts]
    if direction is not None:
        alphas += [tuple(int(k == axis) for k in range(d)) for axis in range(d)]
    blocks = basis.singular_derivatives(x, alphas)
    total = None
    for alpha, coefficient in parts:
        block = blocks[tuple(alpha)]
        block = (
            coefficient[:, None] * block
            if isinstance(coefficient, torch.Tensor)
            else (coefficient * block)
        )
        total = block if total is None else total + block
    if direction is not None:
        for axis in range(d):
            unit = tuple(int(k == axis) for k in range(d))
            block = direction[:, axis : axis + 1] * blocks[unit]
            total = block if total is None else total + block
    if total is None:
        total = x.new_zeros((x.shape[0], basis.singular_count))
    return total


def _feature_columns(
    basis: Basis,
    x: torch.Tensor,
    parts: Sequence[tuple[tuple[int, ...], Coefficient]],
    direction: torch.Tensor | None,
    with_constant: bool,
) -> torch.Tensor:
    """:func:`operator_columns` of the features, with the constant column if ``with_constant``."""
    layer = basis.layers[0]
    weight, bias = layer.weight, layer.bias
    n, d = x.shape
    inplace = not (
        torch.is_grad_enabled()
        and (
            weight.requires_grad
            or bias.requires_grad
            or x.requires_grad
            or (direction is not None and direction.requires_grad)
            or any(isinstance(c, torch.Tensor) and c.requires_grad for _, c in parts)
        )
    )
    # Without a graph, the constant column is computed as a neuron with zero weights (its
    # entries overwritten at the end), so the block is built in its final (n, size) storage
    # rather than copied once more by torch.cat: at width 1024 that copy was a fifth of the
    # assembly.
    padded = inplace and with_constant
    if padded:
        weight = torch.cat([weight, weight.new_zeros((1, d))])
        bias = torch.cat([bias, bias.new_zeros(1)])
    # Per-feature envelopes E = exp(g), g affine (set_envelope): D^alpha (sigma(z) E) is E
    # times sum over beta <= alpha of binom(alpha, beta) sigma^(|beta|)(z) s^beta r^(alpha -
    # beta), s and r the slopes of z and g; without envelopes only beta = alpha is left.
    rates = None
    if basis.envelope_weight is not None:
        rates = basis.envelope_weight / basis.scale  # (w, d): dg_j / dx_k
        envelope_weight, envelope_bias = basis.envelope_weight, basis.envelope_bias
        if padded:
            rates = torch.cat([rates, rates.new_zeros((1, d))])
            envelope_weight = torch.cat([envelope_weight, envelope_weight.new_zeros((1, d))])
            envelope_bias = torch.cat([envelope_bias, envelope_bias.new_zeros(1)])
    # By derivative order k: the sum of the constant coefficients' monomials (w,), and the
    # per-point coefficients as columns of an (n, A) matrix against their (A, w) monomials.
    slopes = weight / basis.scale  # (w, d): dz_j / dx_k
    constant: dict[int, torch.Tensor | float] = {}
    pointwise: dict[int, tuple[list[torch.Tensor], list[torch.Tensor]]] = {}
    value: Coefficient | None = None
    for alpha, coefficient in parts:
        order = sum(alpha)
        if order == 0:
            if isinstance(coefficient, torch.Tensor):
                coefficient = coefficient[:, None]
            value = coefficient if value is None else value + coefficient
            continue
        for k, monomial in _leibniz(slopes, rates, alpha).items():
            if isinstance(coefficient, torch.Tensor):
                columns, rows = pointwise.setdefault(k, ([], []))
                columns.append(coefficient)
                rows.append(monomial)
            elif coefficient != 0:
                term = coefficient * monomial
                constant[k] = term if k not in constant else constant[k] + term
    if direction is not None:
        columns, rows = pointwise.setdefault(1, ([], []))
        columns.extend(direction.unbind(1))
        rows.extend(slopes.unbind(1))
        if rates is not None:
            columns, rows = pointwise.setdefault(0, ([], []))
            columns.extend(direction.unbind(1))
            rows.extend(rates.unbind(1))
    factors: dict[int, Coefficient] = {}
    for order in sorted(set(constant) | set(pointwise)):
        if order in pointwise:
            columns, rows = pointwise[order]
            matrix, monomials = torch.stack(columns, 1), torch.stack(rows, 0)
            if order in constant:
                factors[order] = torch.addmm(constant[order], matrix, monomials)
            else:
                factors[order] = matrix @ monomials
        else:
            factors[order] = constant[order]
    if value is not None:
        factors[0] = value if 0 not in factors else factors[0] + value

    h = (x - basis.lower) / basis.scale
    z = F.linear(h, weight, bias)
    if not factors:
        block = torch.zeros_like(z)
    else:
        block = _combine(basis.activation, z, factors, inplace)
    if rates is not None:
        envelope = torch.exp(F.linear(h, envelope_weight, envelope_bias))
        block = block.mul_(envelope) if inplace else block * envelope
    cells = basis.cell_mask(x)
    if cells is not None:
        if padded:
            cells = torch.cat([cells, cells.new_ones((n, 1))], dim=1)
        block = block.mul_(cells) if inplace else block * cells
    if padded:
        column = 0.0 if value is None else value
        if isinstance(column, torch.Tensor):
            block[:, -1:] = column
        else:
            block[:, -1] = float(column)
    elif with_constant:
        column = 0.0 if value is None else value
        if isinstance(column, torch.Tensor):
            block = torch.cat([block, column.expand(n, 1).to(block.dtype)], dim=1)
        else:
            block = _append_constant(block, float(column))
    return block


def has_feet_closed_form(basis: Any, order: int) -> bool:
    """Whether :func:`feet_operator_columns` takes ``basis``'s derivatives up to ``order``
    in closed form: a :class:`Basis` of one hidden layer on the feet of characteristics
    (``basis.foot``), an activation with written-out derivatives, ``order`` at most 2, unless
    :func:`jvp_only` is in force."""
    return (
        _CLOSED_FORM[-1]
        and isinstance(basis, Basis)
        and basis.depth == 1
        and basis.foot is not None
        and order <= 2
        and _feature_weights(basis.activation, 0) is not None
    )


def feet_operator_columns(
    basis: Basis, x: torch.Tensor, parts: Sequence[tuple[tuple[int, ...], Coefficient]]
) -> torch.Tensor:
    """:func:`operator_columns` for a basis on the feet of characteristics
    (:func:`has_feet_closed_form`): ``sum_p c_p D^alpha_p Phi_j(x_i)``, orders up to 2.

    A feature is ``f = sigma(z) E`` with ``z = W . h(x) + b``, ``h`` the normalized feet
    and ``E`` the reaction's envelope (1 without one). The frame's own derivatives (n, d)
    come from the RK4 march differentiated by hand (:meth:`FootMap.frame_with_tangent`;
    one more forward-mode pass over it for each second derivative), then the chain rule
    gives every feature at once: ``d_k z = W . d_k h``, ``d_k f = sigma' d_k z E +
    sigma d_k E`` and ``d_kl f = (sigma'' d_k z d_l z + sigma' d_kl z) E + sigma' (d_k z
    d_l E + d_l z d_k E) + sigma d_kl E``. The (n, w) work is a few products per part
    rather than nested forward mode through the march for every block (the generic path,
    :func:`basis_derivatives`).

    Parameters
    ----------
    basis : Basis
    x : (n, d) tensor
        Points in raw coordinates.
    parts : sequence of (multi-index, coefficient)
        ``alpha`` a tuple of d non-negative ints, order at most 2; the coefficient a number
        or an (n,) tensor.

    Returns
    -------
    (n, size) tensor
        The constant column, when present, is the sum of the zeroth-order coefficients.
    """
    foot = basis.foot
    layer = basis.layers[0]
    n, d = x.shape
    axes = sorted({k for alpha, _ in parts for k in range(d) if alpha[k]})
    pairs = sorted(
        {tuple(k for k in range(d) for _ in range(alpha[k])) for alpha, _ in parts}
        - {()}
        - {(k,) for k in range(d)}
    )
    units = {}
    for k in axes:
        units[k] = torch.zeros_like(x)
        units[k][:, k] = 1.0
    dh: dict[int, torch.Tensor] = {}
    dE: dict[int, torch.Tensor | None] = {}
    if axes:
        # one march carries every direction: the feet once, each slope beside them
        h, slopes, E, envelope_slopes = foot.frame_with_tangent(
            x, torch.stack([units[k] for k in axes])
        )
        for index, k in enumerate(axes):
            dh[k] = slopes[index]
            dE[k] = None if envelope_slopes is None else envelope_slopes[index]
    else:
        h, E = foot.frame(x)
    ddh: dict[tuple[int, ...], torch.Tensor] = {}
    ddE: dict[tuple[int, ...], torch.Tensor] = {}
    for k, m in pairs:
        feet, envelope_parts = foot.frame_with_second(x, units[k], units[m])
        ddh[k, m] = feet[3]
        if envelope_parts is not None:
            ddE[k, m] = envelope_parts[3]
    weight = layer.weight
    z = F.linear(h, weight, layer.bias)

    def column(c: Coefficient) -> Coefficient:
        return c[:, None] if isinstance(c, torch.Tensor) else c

    def times(c: Coefficient, value: torch.Tensor) -> torch.Tensor:
        """``c`` (a number or (n,)) times an (n, ...) tensor, row by row."""
        if isinstance(c, torch.Tensor):
            return c.reshape(n, *([1] * (value.dim() - 1))) * value
        return c * value

    def add(total, term):
        return term if total is None else total + term

    # Every part is gathered in the frame's own (n, e) and (n, e, e) space first and meets the
    # (w, e) weights once: d_k z = W . d_k h, so sum_p c_p d_k z = W . (sum_p c_p d_k h), and
    # d_k z d_l z = w^T (d_k h d_l h^T) w. Built part by part as (n, w) blocks, a drift beside
    # diffusion took a few dozen (n, w) passes (docs/benchmarks.md, section 37).
    value: Coefficient | None = None  # the factor of sigma: (n,) or a number
    slope: torch.Tensor | None = None  # of sigma', before W: (n, e)
    curvature: torch.Tensor | None = None  # of sigma'', before W (x) W: (n, e, e)
    constant: Coefficient = 0.0
    for alpha, c in parts:
        order = sum(alpha)
        if order == 0:
            constant = constant + column(c)
            value = add(value, c if E is None else times(c, E))
            continue
        if order == 1:
            (k,) = [i for i in range(d) if alpha[i]]
            slope = add(slope, times(c, dh[k] if E is None else E[:, None] * dh[k]))
            if E is not None:
                value = add(value, times(c, dE[k]))
            continue
        k, m = tuple(i for i in range(d) for _ in range(alpha[i]))
        outer = dh[k][:, :, None] * dh[m][:, None, :]
        if E is None:
            curvature = add(curvature, times(c, outer))
            slope = add(slope, times(c, ddh[k, m]))
        else:
            curvature = add(curvature, times(c, E[:, None, None] * outer))
            cross = E[:, None] * ddh[k, m] + dE[m][:, None] * dh[k] + dE[k][:, None] * dh[m]
            slope = add(slope, times(c, cross))
            value = add(value, times(c, ddE[k, m]))
    factors: dict[int, Any] = {}
    if value is not None:
        factors[0] = value[:, None] if isinstance(value, torch.Tensor) else value
    if slope is not None:
        factors[1] = slope @ weight.mT
    if curvature is not None:
        e = weight.shape[1]
        outer_weights = (weight[:, :, None] * weight[:, None, :]).reshape(-1, e * e)
        factors[2] = curvature.reshape(n, e * e) @ outer_weights.mT
    if not factors:
        block = torch.zeros_like(z)
    else:
        block = _combine(basis.activation, z, factors, inplace=False)
    cells = basis.cell_mask(x)
    if cells is not None:
        block = block * cells
    if basis.constant:
        if isinstance(constant, torch.Tensor):
            block = torch.cat([block, constant.expand(n, 1).to(block.dtype)], dim=1)
        else:
            block = _append_constant(block, float(constant))
    return block


def _leibniz(
    slopes: torch.Tensor, rates: torch.Tensor | None, alpha: Sequence[int]
) -> dict[int, torch.Tensor]:
    """``D^alpha (sigma(z) exp(g))`` over ``exp(g)``, by the order of sigma's derivative:
    ``{k: sum over beta <= alpha with |beta| = k of binom(alpha, beta) s^beta r^(alpha -
    beta)}``, each (w,), for the slopes ``s`` (w, d) of z and ``r`` (w, d) of g; without
    ``rates`` (no envelopes) ``{|alpha|: s^alpha}``."""
    if rates is None:
        return {sum(alpha): _monomial(slopes, alpha)}
    out: dict[int, torch.Tensor] = {}
    for beta in itertools.product(*(range(a + 1) for a in alpha)):
        weight = math.prod(math.comb(a, b) for a, b in zip(alpha, beta, strict=True))
        rest = [a - b for a, b in zip(alpha, beta, strict=True)]
        term = _monomial(slopes, beta)
        power = _monomial(rates, rest)
        if term is None:
            term = power
        elif power is not None:
            term = term * power
        if term is None:  # beta = alpha = 0: never asked (order 0 is the value)
            continue
        term = term if weight == 1 else weight * term
        k = sum(beta)
        out[k] = term if k not in out else out[k] + term
    return out


def _monomial(slopes: torch.Tensor, alpha: Sequence[int]) -> torch.Tensor:
    """``prod_k slopes[:, k] ** alpha_k``, (w,)."""
    out = None
    for axis, power in enumerate(alpha):
        if power:
            factor = slopes[:, axis] if power == 1 else slopes[:, axis] ** power
            out = factor if out is None else out * factor
    return out


def _combine(
    activation: str, z: torch.Tensor, factors: dict[int, Coefficient], inplace: bool
) -> torch.Tensor:
    """``sum_k factors[k] * sigma^(k)(z)``, (n, w); each factor a number, (n, 1), (w,) or
    (n, w). With ``inplace`` the block is built in ``z``'s storage and fresh temporaries."""
    weights = _feature_weights(activation, max(factors))
    # Per feature i: sum_k a[k, i] factors[k] (None where it vanishes).
    coefficients: list[Coefficient | None] = []
    for i in range(weights.shape[1]):
        total = None
        for k, factor in factors.items():
            a = float(weights[k, i])
            if a == 0.0:
                continue
            term = factor if a == 1.0 else a * factor
            total = term if total is None else total + term
        coefficients.append(total)

    if activation == "tanh":
        t = z.tanh_() if inplace else z.tanh()
        return _horner(t, coefficients, inplace)
    if activation == "sin":
        sine, cosine = coefficients
        if cosine is None:
            return _scaled(z.sin_() if inplace else z.sin(), sine, inplace)
        cos_part = _scaled(z.cos(), cosine, inplace)
        if sine is None:
            return cos_part
        sin_part = z.sin_() if inplace else z.sin()
        return _add_product(cos_part, sin_part, sine, inplace)
    # relu: features relu(z) and [z > 0].
    ramp, step = coefficients
    out = None
    if step is not None:
        out = _scaled((z > 0).to(z.dtype), step, inplace)
    if ramp is not None:
        relu = z.relu_() if inplace else z.relu()
        out = (
            _scaled(relu, ramp, inplace) if out is None else _add_product(out, relu, ramp, inplace)
        )
    return torch.zeros_like(z) if out is None else out


def _scaled(block: torch.Tensor, factor: Coefficient, inplace: bool) -> torch.Tensor:
    """``factor * block``; ``block`` must be a fresh tensor when ``inplace``."""
    if not isinstance(factor, torch.Tensor) and factor == 1.0:
        return block
    return block.mul_(factor) if inplace else block * factor


def _add_product(
    out: torch.Tensor, block: torch.Tensor, factor: Coefficient, inplace: bool
) -> torch.Tensor:
    """``out + factor * block``; ``out`` must be a fresh tensor when ``inplace``."""
    if not isinstance(factor, torch.Tensor):
        return out.add_(block, alpha=factor) if inplace else out + factor * block
    return out.addcmul_(block, factor) if inplace else out + factor * block


def _horner(t: torch.Tensor, coefficients: list[Coefficient | None], inplace: bool) -> torch.Tensor:
    """``sum_i coefficients[i] t^i`` (None for 0) by Horner's rule, (n, w)."""
    degree = max(i for i, c in enumerate(coefficients) if c is not None)
    top = coefficients[degree]
    if degree == 1 and coefficients[0] is None:
        return _scaled(t, top, inplace)  # the values alone: sigma(z) times its coefficient
    # The first product is a fresh tensor (never a factor shared with another feature), so
    # the in-place steps below touch only this block.
    out = t * top
    for i in range(degree - 1, -1, -1):
        if coefficients[i] is not None:
            out = out.add_(coefficients[i]) if inplace else out + coefficients[i]
        if i:
            out = out.mul_(t) if inplace else out * t
    return out


def _closed_form_derivatives(
    basis: Basis, x: torch.Tensor, wanted: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """:func:`basis_derivatives` for a basis with :func:`has_closed_form`."""
    layer = basis.layers[0]
    z = F.linear((x - basis.lower) / basis.scale, layer.weight, layer.bias)
    inplace = not (
        torch.is_grad_enabled()
        and (layer.weight.requires_grad or layer.bias.requires_grad or x.requires_grad)
    )
    orders = sorted({sum(alpha) for alpha in wanted})
    if basis.envelope_weight is not None:
        # sigma^(k) for every k up to the highest order: Leibniz mixes them (see operator_columns)
        orders = list(range(max(orders) + 1))
    sigma = {}
    for index, order in enumerate(orders):
        # The last order may take z's storage; the others work on a copy.
        source = z if not inplace or index == len(orders) - 1 else z.clone()
        sigma[order] = _combine(basis.activation, source, {order: 1.0}, inplace)
    slopes = layer.weight / basis.scale
    rates = None
    if basis.envelope_weight is not None:
        rates = basis.envelope_weight / basis.scale
        envelope = basis._envelope((x - basis.lower) / basis.scale)
    cells = basis.cell_mask(x)
    singular = None
    if basis.singular_spec is not None:
        singular = basis.singular_derivatives(x, wanted)
    out = {}
    for alpha in wanted:
        order = sum(alpha)
        if rates is not None:
            block = sigma[0] if order == 0 else None
            for k, monomial in _leibniz(slopes, rates, alpha).items():
                block = sigma[k] * monomial if block is None else block + sigma[k] * monomial
            block = block * envelope
        else:
            block = sigma[order] if order == 0 else sigma[order] * _monomial(slopes, alpha)
        if cells is not None:
            block = block * cells
        if singular is not None:
            block = torch.cat([block, singular[alpha]], dim=1)
        if basis.constant:
            block = _append_constant(block, float(order == 0))
        out[alpha] = block
    return out
