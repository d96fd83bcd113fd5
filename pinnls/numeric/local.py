"""A local basis: features on the subdomains of a grid, glued by a smooth partition of unity.

The box ``[lower, upper]`` is normalized to ``[0, 1]^d`` and cut into a grid of
``K = n_1 * ... * n_d`` subdomains. Subdomain k carries its own one-layer features
``sigma(W_k y + b_k)``, drawn as steep as global features of the same ``init_scale`` but with
each cut plane through a point of the subdomain's (slightly enlarged) cell
(:func:`initialize_local`; measured better than pyrfm's convention of features as steep over
their own cell as a global one is over the box, docs/benchmarks.md section 20). The features
are multiplied by a partition
of unity ``psi_k`` (``sum_k psi_k = 1`` on the whole of R^d, ``psi_k >= 0``, ``psi_k = 0`` away
from subdomain k):

    Phi = [psi_1 sigma(W_1 y + b_1) | ... | psi_K sigma(W_K y + b_K) | 1],

the last column being the constant one. This is the random feature method's construction (Chen,
Chi, E and Yang 2022; ``pyrfm``'s ``PsiB``), with a C2 transition in place of pyrfm's C1 one
(see :data:`TRANSITION`).

The partition is a product over axes of one-dimensional functions. Along an axis cut into n
pieces at ``c_i = i / n``, the ramp ``r_i(y) = S((y - c_i + delta) / (2 delta))`` (S clamped to
0 below, 1 above) rises across the interface ``c_i`` over a width ``2 delta = OVERLAP / n``,
and piece j's factor is ``r_j - r_{j+1}`` (``r_0 = 1``, ``r_n = 0``): the factors sum to 1 by
telescoping, the first piece is 1 up to the box's lower face and beyond, the last beyond the
upper face. A subdomain's support is therefore its cell enlarged by ``delta`` across each
inner interface.

:class:`LocalBasis` has the interface of :class:`~pinnls.numeric.basis.Basis` that the
assembly, the solvers and the writers use (``forward``, ``hidden``, ``hidden_with_tangent``,
``hidden_parameters``, ``size``, ``width``, ``constant``, ``lower``, ``scale``, ``layers``), so
that the dense assembly runs it unchanged: ``directional_derivative`` calls its written-out
``hidden_with_tangent``; ``basis_derivatives`` (higher orders) differentiates its ``forward``
with nested :func:`torch.func.jvp`, as for any callable that is not a ``Basis``. The dense
assembly takes the closed form instead (:func:`operator_columns`: Leibniz's rule over the
partition's written-out derivatives and the activation's, as
:func:`pinnls.numeric.basis.operator_columns` for a global basis).

Only one hidden layer: the features of a local basis are random features (depth 1).
"""

from __future__ import annotations

import math
import types
from collections.abc import Sequence

import torch

from pinnls.errors import SettingsError
from pinnls.numeric import basis as _global
from pinnls.numeric.basis import _append_constant
from pinnls.registry import ACTIVATIONS, INITIALIZATIONS

__all__ = [
    "LocalBasis",
    "has_local_closed_form",
    "initialize_local",
    "operator_columns",
    "OVERLAP",
    "TRANSITION",
]

#: The width of each transition of the partition of unity, as a fraction of the subdomain's
#: width along that axis: pyrfm's PsiB, whose transitions span [3/4, 5/4] of the half-width
#: (a quarter of the cell, centred on the interface).
OVERLAP = 0.25
#: The ramp across an interface: ``"quintic"`` (``S(s) = 10 s^3 - 15 s^4 + 6 s^5``, C2: the
#: second derivatives of the basis, which a second-order operator collocates, are continuous)
#: or ``"sine"`` (pyrfm's PsiB, ``(1 - cos(pi s)) / 2``, C1: the Laplacian of every basis
#: function jumps at the four edges of each transition). See docs/benchmarks.md, "Local
#: bases", for the two measured side by side.
TRANSITION = "quintic"


def _ramp(s: torch.Tensor, kind: str) -> tuple[torch.Tensor, torch.Tensor]:
    """``S(s)`` and ``S'(s)`` for s already clamped to [0, 1]."""
    if kind == "quintic":
        value = s * s * s * (10 + s * (-15 + 6 * s))
        slope = 30 * s * s * (1 - s) * (1 - s)
        return value, slope
    value = 0.5 * (1 - torch.cos(math.pi * s))
    return value, 0.5 * math.pi * torch.sin(math.pi * s)


def _ramp_argument(
    y: torch.Tensor, count: int, first: int = 1, stop: int | None = None
) -> tuple[torch.Tensor, float]:
    """Where each point lies across the inner interfaces ``first, ..., stop - 1`` (default:
    all, 1 to count - 1) of an axis cut into ``count`` pieces: ``s`` (n, stop - first),
    clamped to [0, 1] (0 before the transition, 1 after), and the transition's half-width
    ``delta`` in y."""
    delta = 0.5 * OVERLAP / count
    stop = count if stop is None else stop
    centres = torch.arange(first, stop, dtype=y.dtype, device=y.device) / count
    return ((y[:, None] - centres + delta) / (2 * delta)).clamp(0.0, 1.0), delta


def _ramp_derivative(s: torch.Tensor, kind: str, order: int) -> torch.Tensor:
    """``S^(order)(s)`` (order >= 1) for s already clamped to [0, 1], 0 outside (0, 1)."""
    if kind == "quintic":
        # S = 10 s^3 - 15 s^4 + 6 s^5: the coefficients of its derivatives, low to high.
        coefficients = {
            1: (0, 0, 30, -60, 30),
            2: (0, 60, -180, 120),
            3: (60, -360, 360),
            4: (-360, 720),
            5: (720,),
        }.get(order, ())
        out = torch.zeros_like(s)
        for c in reversed(coefficients):
            out = out * s + c
    else:
        # (1 - cos(pi s)) / 2: the m-th derivative is -(pi^m / 2) cos(pi s + m pi / 2).
        out = -0.5 * math.pi**order * torch.cos(math.pi * s + 0.5 * math.pi * order)
    # The clamp's derivative is 0 outside (0, 1), where S^(m) of the polynomial is not.
    return torch.where((s > 0) & (s < 1), out, torch.zeros_like(out))


class LocalBasis(torch.nn.Module):
    """Features on the subdomains of a grid over the box, times a partition of unity.

    Parameters
    ----------
    lower, upper : sequence of float, length d
        Corners of the bounding box; ``upper > lower`` on every axis.
    counts : sequence of int, length d
        Subdomains along each axis, each >= 1; ``K = prod(counts)``.
    width : int
        Hidden features in all, >= K: split as evenly as possible over the subdomains (the
        first ``width mod K``, in C order of the grid, get one more).
    activation : {"relu", "tanh", "sin"}
    constant : bool
        Append the constant basis function.
    transition : {"quintic", "sine"}
        The partition's ramp (:data:`TRANSITION`).
    dtype : torch.dtype
    device : str or torch.device

    Raises
    ------
    SettingsError
        Counts that are not integers >= 1 (or not one per axis), a width below the number of
        subdomains, an unknown activation.

    Attributes
    ----------
    layers : torch.nn.ModuleList of one torch.nn.Linear (d -> width)
        All subdomains' first layers stacked, acting on the normalized coordinates.
    counts : (d,) int64 buffer
    owner : (width,) int64 buffer
        The subdomain (C-order index into the grid) of each feature.
    size : int
        ``width + constant``.
    subdomains : int
        K.
    """

    depth = 1
    arch = "plain"

    def __init__(
        self,
        lower: Sequence[float],
        upper: Sequence[float],
        counts: Sequence[int],
        width: int,
        activation: str = "tanh",
        constant: bool = True,
        transition: str = TRANSITION,
        dtype: torch.dtype = torch.float64,
        device: str | torch.device = "cpu",
    ) -> None:
        super().__init__()
        self._activation = ACTIVATIONS.get(activation)
        lower_t = torch.as_tensor(list(map(float, lower)), dtype=dtype, device=device)
        upper_t = torch.as_tensor(list(map(float, upper)), dtype=dtype, device=device)
        if lower_t.ndim != 1 or lower_t.shape != upper_t.shape or lower_t.numel() == 0:
            raise ValueError(f"lower and upper must be sequences of one length d >= 1: {lower}")
        if not bool((upper_t > lower_t).all()):
            raise ValueError(f"the box is empty or flat: lower={list(lower)}, upper={list(upper)}")
        d = int(lower_t.numel())
        counts = list(counts)
        if len(counts) != d or not all(_is_count(c) for c in counts):
            raise SettingsError(
                f"subdomains {counts!r}: give {d} integer counts >= 1, one per axis"
            )
        counts = [int(c) for c in counts]
        total = math.prod(counts)
        if isinstance(width, bool) or not isinstance(width, int) or width < total:
            raise SettingsError(
                f"width is {width!r}; with {total} subdomains it must be an integer >= {total} "
                "(each subdomain needs a feature)"
            )
        if transition not in ("quintic", "sine"):
            raise ValueError(f"transition {transition!r}; choose quintic or sine")
        self.register_buffer("lower", lower_t)
        self.register_buffer("scale", upper_t - lower_t)
        self.register_buffer("counts", torch.tensor(counts, dtype=torch.int64, device=device))
        per, extra = divmod(width, total)
        self.widths = tuple(per + (k < extra) for k in range(total))
        owner = torch.repeat_interleave(torch.arange(total), torch.tensor(self.widths))
        self.register_buffer("owner", owner.to(device))
        self.in_features = d
        self.width = width
        self.subdomains = total
        self.activation = activation
        self.constant = bool(constant)
        self.size = width + int(self.constant)
        self.transition = transition
        self.layers = torch.nn.ModuleList([torch.nn.Linear(d, width, dtype=dtype, device=device)])

    @property
    def upper(self) -> torch.Tensor:
        """(d,) tensor: the upper corner of the bounding box."""
        return self.lower + self.scale

    def hidden_parameters(self) -> list[torch.nn.Parameter]:
        """Every hidden weight and bias: the stacked first layers (the partition is fixed)."""
        return list(self.parameters())

    def cells(self) -> tuple[torch.Tensor, torch.Tensor]:
        """Each subdomain's support in normalized coordinates, clipped to the unit box.

        Returns
        -------
        low, high : (K, d) float64 CPU tensors
            C order over the grid (the last axis fastest), as :attr:`owner` numbers them.
        """
        counts = [int(c) for c in self.counts]
        grids = torch.meshgrid(
            *[torch.arange(n, dtype=torch.float64) for n in counts], indexing="ij"
        )
        index = torch.stack([g.reshape(-1) for g in grids], dim=1)  # (K, d)
        n = torch.tensor(counts, dtype=torch.float64)
        delta = 0.5 * OVERLAP / n
        low = (index / n - delta).clamp(0.0, 1.0)
        high = ((index + 1) / n + delta).clamp(0.0, 1.0)
        # An axis of one piece has no transition: its cell is the whole axis.
        return low, high

    def partition(
        self, x: torch.Tensor, tangent: torch.Tensor | None = None
    ) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The partition of unity ``psi_k(x)``, and its derivative along ``tangent``.

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw coordinates.
        tangent : (n, d) tensor, optional

        Returns
        -------
        psi : (n, K) tensor
            Sums to 1 over k at every point.
        dpsi : (n, K) tensor or None
            ``sum_a tangent_a d psi_k / d x_a`` (None without a tangent).
        """
        y = (x - self.lower) / self.scale
        dy = None if tangent is None else tangent / self.scale
        psi = dpsi = None
        for axis, count in enumerate(int(c) for c in self.counts):
            f, df = self._factors(y[:, axis], count)
            if dy is not None:
                df = df * dy[:, axis, None]
            if psi is None:
                psi, dpsi = f, (df if dy is not None else None)
                continue
            n = psi.shape[0]
            if dy is not None:
                dpsi = (
                    dpsi[:, :, None] * f[:, None, :] + psi[:, :, None] * df[:, None, :]
                ).reshape(n, -1)
            psi = (psi[:, :, None] * f[:, None, :]).reshape(n, -1)
        return psi, dpsi

    def _factors(self, y: torch.Tensor, count: int) -> tuple[torch.Tensor, torch.Tensor]:
        """One axis' factors (n, count) and their derivatives in y."""
        r, dr = self.ramps(y, count, 0, count)
        return r[:, :-1] - r[:, 1:], dr[:, :-1] - dr[:, 1:]

    def ramps(
        self, y: torch.Tensor, count: int, first: int, last: int
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """The ramps ``r_first, ..., r_last`` of one axis cut into ``count`` pieces (``r_0 = 1``,
        ``r_count = 0``, ``r_i`` rising across interface i) and their derivatives in y, each
        (n, last - first + 1): piece j's factor is ``r_j - r_(j+1)``. One piece's needs only
        its two (the block-sparse assembly asks them cell by cell; all K per cell made it
        quadratic in K)."""
        one = torch.ones_like(y)[:, None]
        zero = torch.zeros_like(one)
        values, slopes = ([one], [zero]) if first == 0 else ([], [])
        inner = (max(first, 1), min(last, count - 1) + 1)
        if inner[0] < inner[1]:
            s, delta = _ramp_argument(y, count, *inner)
            ramp, slope = _ramp(s, self.transition)
            # Outside (0, 1) the clamp's derivative is 0, and so is S' at 0 and 1: the slope is
            # right everywhere (and under torch.func.jvp, which differentiates the clamp).
            inside = (s > 0) & (s < 1)
            values.append(ramp)
            slopes.append(torch.where(inside, slope / (2 * delta), torch.zeros_like(slope)))
        if last == count:
            values.append(zero)
            slopes.append(zero)
        return torch.cat(values, dim=1), torch.cat(slopes, dim=1)

    def factor_derivatives(
        self, y: torch.Tensor, axis: int, order: int, piece: int | None = None
    ) -> torch.Tensor:
        """The ``order``-th derivative in y of one axis' factors of the partition.

        Parameters
        ----------
        y : (n,) tensor
            The axis' normalized coordinate.
        axis : int
        order : int
            >= 0 (0: the factors themselves).
        piece : int, optional
            Only this piece's factor (one subdomain's columns ask for theirs alone: all
            ``count`` per subdomain made the block-sparse assembly quadratic in K).

        Returns
        -------
        (n, count) tensor, or (n, 1) for one ``piece``
            One column per piece along the axis.
        """
        count = int(self.counts[axis])
        if piece is not None:
            if order == 0:
                r, _ = self.ramps(y, count, piece, piece + 1)
                return r[:, :1] - r[:, 1:]
            sides = []
            for j in (piece, piece + 1):
                if 1 <= j <= count - 1:  # r_0 = 1 and r_count = 0 are constants
                    s, delta = _ramp_argument(y, count, j, j + 1)
                    sides.append(_ramp_derivative(s, self.transition, order) / (2 * delta) ** order)
                else:
                    sides.append(torch.zeros_like(y)[:, None])
            return sides[0] - sides[1]
        if order == 0:
            return self._factors(y, count)[0]
        if count == 1:
            return torch.zeros_like(y)[:, None]
        s, delta = _ramp_argument(y, count)
        slope = _ramp_derivative(s, self.transition, order) / (2 * delta) ** order
        zero = torch.zeros_like(y)[:, None]
        r = torch.cat([zero, slope, zero], dim=1)  # r_0 = 1 and r_n = 0 are constants
        return r[:, :-1] - r[:, 1:]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Evaluate every basis function.

        Parameters
        ----------
        x : (n, d) tensor
            Points in raw coordinates.

        Returns
        -------
        (n, size) tensor
            ``Phi_j(x_i)``; the last column is ones when ``constant`` is set.
        """
        h = self.hidden(x)
        return _append_constant(h, 1.0) if self.constant else h

    def hidden(self, x: torch.Tensor) -> torch.Tensor:
        """The local features without the constant column, ``psi_{owner(j)}(x) sigma_j(x)``.

        Parameters
        ----------
        x : (n, d) tensor

        Returns
        -------
        (n, width) tensor
        """
        psi, _ = self.partition(x)
        z = self.layers[0]((x - self.lower) / self.scale)
        return psi[:, self.owner] * self._activation.value(z)

    def hidden_with_tangent(
        self, x: torch.Tensor, tangent: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Hidden features and their derivative along ``tangent`` (product rule, forward mode).

        Parameters
        ----------
        x : (n, d) tensor
        tangent : (n, d) tensor
            One direction per point.

        Returns
        -------
        values, derivative : (n, width) tensors
        """
        psi, dpsi = self.partition(x, tangent)
        layer = self.layers[0]
        z = layer((x - self.lower) / self.scale)
        dz = (tangent / self.scale) @ layer.weight.mT
        value, slope = self._activation.value_and_slope(z)
        psi, dpsi = psi[:, self.owner], dpsi[:, self.owner]
        return psi * value, dpsi * value + psi * slope * dz

    def extra_repr(self) -> str:
        counts = "x".join(str(int(c)) for c in self.counts)
        return (
            f"in_features={self.in_features}, subdomains={counts}, width={self.width}, "
            f"activation={self.activation!r}, constant={self.constant}"
        )


def has_local_closed_form(basis, order: int) -> bool:
    """Whether :func:`operator_columns` takes ``basis``'s derivatives up to ``order`` in
    closed form: a :class:`LocalBasis`, or one subdomain's view of one (an object with the
    :class:`LocalBasis` as ``basis``, its index ``k`` and its columns ``start:stop``, as
    :mod:`pinnls.numeric.block_sparse` assembles them), whose activation has them written out
    (:func:`pinnls.numeric.basis.has_closed_form`'s activations), unless
    :func:`pinnls.numeric.basis.jvp_only` is in force."""
    whole = basis if isinstance(basis, LocalBasis) else getattr(basis, "basis", None)
    return (
        _global._CLOSED_FORM[-1]
        and isinstance(whole, LocalBasis)
        and _global._feature_weights(whole.activation, order) is not None
    )


def operator_columns(
    basis: LocalBasis,
    x: torch.Tensor,
    parts: Sequence[tuple[tuple[int, ...], float | torch.Tensor]],
) -> torch.Tensor:
    """``sum_p c_p D^alpha_p Phi_j(x_i)`` for a local basis, in closed form.

    By Leibniz's rule, ``D^alpha (psi_k sigma(z_j)) = sum_{beta <= alpha} C(alpha, beta)
    D^beta psi_k D^(alpha - beta) sigma(z_j)``, with ``D^gamma sigma(z_j) = sigma^(|gamma|)(z_j)
    prod_a (W_ja / scale_a)^gamma_a`` and ``D^beta psi_k`` the product over axes of the
    factors' derivatives (:meth:`LocalBasis.factor_derivatives`): the same numbers as forward
    mode (tests/test_local_basis.py), without its nested passes over the whole forward.

    Parameters
    ----------
    basis : LocalBasis
    x : (n, d) tensor
        Points in raw coordinates.
    parts : sequence of (multi-index, coefficient)
        ``alpha`` a tuple of d non-negative ints; the coefficient a number or an (n,) tensor.

    Returns
    -------
    (n, size) tensor
        The constant column, when present, is the sum of the zeroth-order coefficients.
    """
    cell = None
    if not isinstance(basis, LocalBasis):  # one subdomain's columns (see has_local_closed_form)
        cell, basis = basis, basis.basis
    n, d = x.shape
    y = (x - basis.lower) / basis.scale
    layer = basis.layers[0]
    weight, bias, owner = layer.weight, layer.bias, basis.owner
    if cell is not None:
        weight, bias = weight[cell.start : cell.stop], bias[cell.start : cell.stop]
        owner = torch.zeros(cell.stop - cell.start, dtype=torch.int64, device=owner.device)
    z = y @ weight.mT + bias
    slopes = weight / basis.scale  # (w, d): dz_j / dx_a
    top = max((max(alpha) for alpha, _ in parts), default=0)
    # Per axis, the factors' derivatives in x up to the highest order any part asks (one
    # subdomain's: its own piece along each axis).
    pieces = [None] * d if cell is None else [int(i) for i in cell.index]
    factors_by_axis = [
        [
            basis.factor_derivatives(y[:, a], a, m, pieces[a]) / basis.scale[a] ** m
            for m in range(top + 1)
        ]
        for a in range(d)
    ]
    # By beta, the activation's factors by order k = |alpha - beta|: D^beta psi multiplies
    # sum_k factors[k] sigma^(k)(z), which _combine evaluates in one pass (Horner for tanh).
    grouped: dict[tuple[int, ...], dict[int, object]] = {}
    value: float | torch.Tensor = 0.0
    for alpha, coefficient in parts:
        if isinstance(coefficient, torch.Tensor):
            coefficient = coefficient[:, None]
        elif coefficient == 0:
            continue
        if sum(alpha) == 0:
            value = value + coefficient
        for beta in _below(alpha):
            gamma = tuple(a - b for a, b in zip(alpha, beta))
            weight = math.prod(math.comb(a, b) for a, b in zip(alpha, beta))
            term = weight * coefficient
            if sum(gamma):
                term = term * _global._monomial(slopes, gamma)
            factors = grouped.setdefault(beta, {})
            order = sum(gamma)
            factors[order] = term if order not in factors else factors[order] + term
    block = None
    for beta, factors in grouped.items():
        piece = _partition_derivative(factors_by_axis, beta, owner)
        piece = piece * _global._combine(basis.activation, z, factors, False)
        block = piece if block is None else block + piece
    if block is None:
        block = torch.zeros_like(z)
    if basis.constant and cell is None:
        if isinstance(value, torch.Tensor):
            block = torch.cat([block, value.expand(n, 1).to(block.dtype)], dim=1)
        else:
            block = _append_constant(block, float(value))
    return block


def _partition_derivative(factors, beta: tuple[int, ...], owner: torch.Tensor) -> torch.Tensor:
    """``D^beta psi_owner(j)``, (n, w): the product over axes of the factors' derivatives
    (``factors[a][m]``, (n, count_a)), in the grid's C order, gathered per feature."""
    out = None
    for a, m in enumerate(beta):
        f = factors[a][m]
        out = f if out is None else (out[:, :, None] * f[:, None, :]).reshape(f.shape[0], -1)
    return out[:, owner]


def _below(alpha: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every multi-index ``beta <= alpha`` (componentwise)."""
    out: list[tuple[int, ...]] = [()]
    for a in alpha:
        out = [beta + (b,) for beta in out for b in range(a + 1)]
    return out


def initialize_local(
    basis: LocalBasis,
    method: str = "box",
    generator: torch.Generator | None = None,
    scale: float = 1.0,
    axis_scales: Sequence[float] | None = None,
    steepness: str = "global",
) -> LocalBasis:
    """Draw each subdomain's features on its own support, in place.

    Subdomain k's features are drawn by the initialization ``method`` as for a one-layer basis
    on the unit box, in the local coordinates ``z = (y - low_k) / (high_k - low_k)`` of its
    support (:meth:`LocalBasis.cells`), then rewritten for the normalized coordinates ``y``:
    ``W_y = W_z / (high_k - low_k)``, ``b_y = b_z - W_y . low_k``. With ``steepness="global"``
    (the default) the draw in z carries the per-axis factors ``high_k - low_k`` (Box keeps each
    cut plane through its point, :func:`~pinnls.numeric.initialization.box_layer`), so that in
    y the feature is exactly as steep as a global Box feature of peak ``scale``, its cut plane
    through a random point of the support. ``steepness="local"`` leaves the factors out: the
    feature reaches the peak over its own support (pyrfm's convention; steeper by the number
    of cells along each axis).

    Parameters
    ----------
    basis : LocalBasis
    method : {"box", "he", "glorot"}
    generator : torch.Generator, optional
        CPU generator for every random number (subdomains drawn in order).
    scale : float
        The Box peak.
    axis_scales : sequence of float, length d, optional
        Per-axis steepness factors, applied as for the global basis.
    steepness : {"global", "local"}
        See above.

    Returns
    -------
    LocalBasis
        The same object.

    Raises
    ------
    SettingsError
        An unknown method, a scale that is not a finite number > 0, factors of the wrong length.
    """
    layer_weights = INITIALIZATIONS.get(method).load()
    if steepness not in ("global", "local"):
        raise ValueError(f"steepness {steepness!r}; choose global or local")
    number = isinstance(scale, (int, float)) and not isinstance(scale, bool)
    if not (number and math.isfinite(float(scale)) and scale > 0):
        raise SettingsError(f"initialization scale is {scale!r}; it must be a finite number > 0")
    d = basis.in_features
    user = torch.ones(d, dtype=torch.float64)
    if axis_scales is not None:
        values = [float(v) for v in axis_scales]
        if len(values) != d or not all(math.isfinite(v) and v > 0 for v in values):
            raise SettingsError(f"axis scales are {values!r}; give {d} finite numbers > 0")
        user = torch.tensor(values, dtype=torch.float64)
    low, high = basis.cells()
    weights, biases = [], []
    for k, count in enumerate(basis.widths):
        # Only the shape, the activation and the depth are read by the layer rules.
        shim = types.SimpleNamespace(
            in_features=d,
            width=count,
            depth=1,
            arch="plain",
            activation=basis.activation,
            layers=[types.SimpleNamespace(weight=torch.empty(count, d, dtype=torch.float64))],
        )
        length = high[k] - low[k]
        factors = user * length if steepness == "global" else user
        args = (shim, generator, float(scale))
        if bool((factors != 1).any()):
            args += (factors,)
        ((weight, bias),) = layer_weights(*args)
        weight = weight / length
        weights.append(weight)
        biases.append(bias - weight @ low[k])
    layer = basis.layers[0]
    with torch.no_grad():
        layer.weight.copy_(
            torch.cat(weights).to(dtype=layer.weight.dtype, device=layer.weight.device)
        )
        layer.bias.copy_(torch.cat(biases).to(dtype=layer.bias.dtype, device=layer.bias.device))
    return basis


def _is_count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1
