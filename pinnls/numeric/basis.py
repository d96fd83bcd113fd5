"""Networks as adaptive bases, and the input derivatives of every basis function at once.

A network with L hidden layers and a final linear layer is ``NN(x) = sum_j c_j Phi_j(x; theta)``.
:class:`Basis` is the map ``x -> Phi(x)``; the coefficients ``c`` belong to the solver, which
finds them by least squares. :func:`basis_derivatives` returns ``D^alpha Phi_j(x_i)`` for all
``j`` with forward-mode AD: one Jacobian-vector product per derivative direction, whatever the
width, instead of one reverse pass per basis function.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import torch
from torch.func import jvp

from pinnls.errors import SettingsError
from pinnls.registry import ACTIVATIONS, ARCHITECTURES

__all__ = ["Basis", "basis_derivatives", "directional_derivative"]


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
        (n, width) tensor
        """
        # Normalizing inside the network lets AD apply the chain rule, so derivatives come out
        # with respect to the raw coordinates.
        h = (x - self.lower) / self.scale
        sigma = self._activation.value
        h = sigma(self.layers[0](h))
        residual = self.arch == "resnet"
        for layer in self.layers[1:]:
            z = sigma(layer(h))
            h = h + z if residual else z
        return h

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
        values : (n, width) tensor
        derivative : (n, width) tensor
        """
        h = (x - self.lower) / self.scale
        dh = tangent / self.scale
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
        return h, dh

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, width={self.width}, depth={self.depth}, "
            f"arch={self.arch!r}, activation={self.activation!r}, constant={self.constant}"
        )


def basis_derivatives(
    basis: Callable[[torch.Tensor], torch.Tensor],
    x: torch.Tensor,
    alphas: Iterable[Sequence[int]],
) -> dict[tuple[int, ...], torch.Tensor]:
    """Input derivatives ``D^alpha Phi_j(x_i)`` of all basis functions at once.

    Each derivative of order k is one k-fold nested forward-mode Jacobian-vector product
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
    function = basis.hidden if isinstance(basis, Basis) else basis

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
