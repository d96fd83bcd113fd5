"""Basis evaluation and forward-mode input derivatives of all basis functions at once."""

import math

import pytest
import torch

from pinnls.errors import SettingsError
from pinnls.numeric.basis import Basis, basis_derivatives
from pinnls.numeric.initialization import initialize

# A non-unit, non-square box, so that the normalization's chain rule is exercised.
LOWER, UPPER = (-1.0, 2.0), (3.0, 2.5)


def make_basis(arch, activation, width=6, depth=3, dtype=torch.float64, lower=LOWER, upper=UPPER):
    basis = Basis(lower, upper, width, depth, arch=arch, activation=activation, dtype=dtype)
    scale = 1.0 if activation == "relu" else 2.0
    return initialize(basis, "box", torch.Generator().manual_seed(7), scale=scale)


def points(n=23, lower=LOWER, upper=UPPER, dtype=torch.float64, seed=3):
    lo, hi = torch.tensor(lower, dtype=dtype), torch.tensor(upper, dtype=dtype)
    return lo + (hi - lo) * torch.rand(
        n, len(lower), generator=torch.Generator().manual_seed(seed), dtype=dtype
    )


def axes_of(alpha):
    return [axis for axis, count in enumerate(alpha) for _ in range(count)]


def reverse_mode_reference(basis, x, alpha):
    """D^alpha Phi by reverse mode, one basis function (column) at a time."""
    x = x.detach().clone().requires_grad_(True)
    phi = basis(x)
    columns = []
    for j in range(phi.shape[1]):
        g = phi[:, j]
        for axis in axes_of(alpha):
            # Rows depend only on their own point, so the gradient of the sum is pointwise.
            (grad,) = torch.autograd.grad(g.sum(), x, create_graph=True, allow_unused=True)
            g = torch.zeros_like(x[:, 0]) if grad is None else grad[:, axis]
        columns.append(g)
    return torch.stack(columns, dim=1)


def test_forward_shape_constant_column_and_normalization():
    basis = make_basis("plain", "tanh", width=5, depth=2)
    x = points(11)
    phi = basis(x)
    assert phi.shape == (11, 6)
    assert basis.size == 6 and basis.width == 5 and basis.depth == 2 and basis.in_features == 2
    assert torch.equal(phi[:, -1], torch.ones(11, dtype=torch.float64))
    # The hidden layers see coordinates mapped to the unit box.
    unit = (x - torch.tensor(LOWER, dtype=torch.float64)) / torch.tensor(
        [4.0, 0.5], dtype=torch.float64
    )
    manual = torch.tanh(basis.layers[1](torch.tanh(basis.layers[0](unit))))
    torch.testing.assert_close(phi[:, :-1], manual, rtol=0, atol=1e-15)
    torch.testing.assert_close(basis.upper, torch.tensor(UPPER, dtype=torch.float64))
    without = Basis(LOWER, UPPER, 5, 2, constant=False)
    assert without(x).shape == (11, 5) and without.size == 5


def test_resnet_forward_adds_residual_branches():
    basis = make_basis("resnet", "sin", width=4, depth=3)
    x = points(9)
    unit = (x - basis.lower) / basis.scale
    h = torch.sin(basis.layers[0](unit))
    h = h + torch.sin(basis.layers[1](h))
    h = h + torch.sin(basis.layers[2](h))
    torch.testing.assert_close(basis(x)[:, :-1], h, rtol=0, atol=1e-15)
    assert len(basis.hidden_parameters()) == 6
    assert basis.layers[0].weight.shape == (4, 2) and basis.layers[1].weight.shape == (4, 4)


@pytest.mark.parametrize("arch", ["plain", "resnet"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sin"])
def test_first_derivatives_match_per_basis_reverse_mode(arch, activation):
    basis = make_basis(arch, activation)
    x = points()
    alphas = [(0, 0), (1, 0), (0, 1)]
    blocks = basis_derivatives(basis, x, alphas)
    assert set(blocks) == set(alphas)
    for alpha in alphas:
        assert blocks[alpha].shape == (23, 7)
        expected = reverse_mode_reference(basis, x, alpha)
        torch.testing.assert_close(blocks[alpha], expected, rtol=0, atol=1e-12)
    # The normalization must be differentiated: d/dt carries the 1/0.5 factor, so the blocks
    # cannot be mistaken for unit-box derivatives.
    assert blocks[(0, 1)].abs().max() > 0


@pytest.mark.parametrize("arch", ["plain", "resnet"])
@pytest.mark.parametrize("activation", ["tanh", "sin"])
def test_second_and_mixed_derivatives_match_reverse_mode(arch, activation):
    basis = make_basis(arch, activation)
    x = points()
    alphas = [(2, 0), (1, 1), (0, 2), (1, 0)]
    blocks = basis_derivatives(basis, x, alphas)
    for alpha in alphas:
        expected = reverse_mode_reference(basis, x, alpha)
        assert expected[:, :-1].abs().max() > 1e-3  # a nontrivial comparison
        # Second derivatives reach ~1e3 here (steep neurons, 1/0.5^2 from the t axis), so the
        # agreement is stated relative to the entries.
        torch.testing.assert_close(blocks[alpha], expected, rtol=1e-13, atol=1e-12)


def test_third_order_and_three_dimensional_input():
    lower, upper = (0.0, -2.0, 1.0), (1.0, 2.0, 4.0)
    basis = make_basis("resnet", "tanh", width=5, depth=2, lower=lower, upper=upper)
    x = points(13, lower, upper)
    alphas = [(2, 1, 0), (0, 0, 1), (1, 0, 1)]
    blocks = basis_derivatives(basis, x, alphas)
    for alpha in alphas:
        expected = reverse_mode_reference(basis, x, alpha)
        torch.testing.assert_close(blocks[alpha], expected, rtol=0, atol=1e-11)


def test_relu_second_derivatives_vanish_and_constant_column_derivatives_vanish():
    basis = make_basis("resnet", "relu")
    blocks = basis_derivatives(basis, points(), [(1, 0), (2, 0), (1, 1)])
    assert blocks[(1, 0)][:, :-1].abs().max() > 0
    assert torch.equal(blocks[(2, 0)], torch.zeros_like(blocks[(2, 0)]))
    assert torch.equal(blocks[(1, 1)], torch.zeros_like(blocks[(1, 1)]))
    assert torch.equal(blocks[(1, 0)][:, -1], torch.zeros(23, dtype=torch.float64))


def test_value_only_request_equals_forward():
    basis = make_basis("plain", "sin")
    x = points()
    blocks = basis_derivatives(basis, x, [(0, 0), (0, 0)])
    assert list(blocks) == [(0, 0)]
    torch.testing.assert_close(blocks[(0, 0)], basis(x), rtol=0, atol=0)


@pytest.mark.parametrize("arch", ["plain", "resnet"])
def test_parameter_gradients_through_forward_mode_blocks_match_double_reverse(arch):
    basis = make_basis(arch, "tanh", width=5)
    x = points(17)
    c = torch.linspace(-1.0, 2.0, basis.size, dtype=torch.float64)
    alphas = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1)]

    blocks = basis_derivatives(basis, x, alphas)
    loss = sum((blocks[alpha] @ c - 0.3 * k).pow(2).sum() for k, alpha in enumerate(alphas))
    grads = torch.autograd.grad(loss, basis.hidden_parameters())

    reference_loss = sum(
        (reverse_mode_reference(basis, x, alpha) @ c - 0.3 * k).pow(2).sum()
        for k, alpha in enumerate(alphas)
    )
    reference = torch.autograd.grad(reference_loss, basis.hidden_parameters())
    torch.testing.assert_close(loss, reference_loss, rtol=1e-13, atol=0)
    for got, want in zip(grads, reference, strict=True):
        assert want.abs().max() > 0
        torch.testing.assert_close(got, want, rtol=1e-10, atol=1e-12)


def test_backward_accumulates_into_parameters():
    basis = make_basis("plain", "tanh")
    c = torch.ones(basis.size, dtype=torch.float64)
    loss = (basis_derivatives(basis, points(), [(1, 0)])[(1, 0)] @ c).pow(2).sum()
    loss.backward()
    for parameter in basis.hidden_parameters():
        assert parameter.grad is not None and torch.isfinite(parameter.grad).all()
        assert parameter.grad.abs().max() > 0


def test_float32_blocks_agree_with_float64():
    basis64 = make_basis("resnet", "tanh")
    basis32 = make_basis("resnet", "tanh", dtype=torch.float32)
    x = points()
    alphas = [(0, 0), (1, 0), (0, 1), (1, 1), (0, 2)]
    b64 = basis_derivatives(basis64, x, alphas)
    b32 = basis_derivatives(basis32, x.float(), alphas)
    for alpha in b64:
        assert b32[alpha].dtype == torch.float32
        # float32 rounding (1e-7) of points and weights, amplified by steep neurons and the
        # 1/0.5 stretch of the t axis: measured ~1e-4 of the block's largest entry.
        error = (b32[alpha].double() - b64[alpha]).abs().max()
        assert error <= 1e-3 * b64[alpha].abs().max()


def test_invalid_arguments_are_rejected():
    basis = make_basis("plain", "relu")
    with pytest.raises(ValueError, match="multi-index"):
        basis_derivatives(basis, points(), [(1, 0, 0)])
    with pytest.raises(ValueError, match="multi-index"):
        basis_derivatives(basis, points(), [(-1, 0)])
    with pytest.raises(SettingsError, match="relu, tanh, sin"):
        Basis(LOWER, UPPER, 4, activation="gelu")
    with pytest.raises(SettingsError, match="plain, resnet"):
        Basis(LOWER, UPPER, 4, arch="densenet")
    with pytest.raises(ValueError, match="flat"):
        Basis((0.0, 1.0), (1.0, 1.0), 4)


@pytest.mark.parametrize("arch", ["plain", "resnet"])
@pytest.mark.parametrize("activation", ["relu", "tanh", "sin"])
def test_directional_derivative_matches_jvp_and_the_sum_of_axis_derivatives(arch, activation):
    from torch.func import jvp

    from pinnls.numeric.basis import directional_derivative

    basis = make_basis(arch, activation)
    x = points()
    generator = torch.Generator().manual_seed(5)
    direction = torch.randn(x.shape, generator=generator, dtype=torch.float64)
    values, derivative = directional_derivative(basis, x, direction)
    reference_values, reference = jvp(basis, (x,), (direction,))
    torch.testing.assert_close(values, reference_values, rtol=0, atol=1e-12)
    torch.testing.assert_close(derivative, reference, rtol=1e-12, atol=1e-12)
    # A per-point direction is the coefficient-weighted sum of the axis derivatives.
    blocks = basis_derivatives(basis, x, [(1, 0), (0, 1)])
    combined = direction[:, :1] * blocks[(1, 0)] + direction[:, 1:] * blocks[(0, 1)]
    torch.testing.assert_close(derivative, combined, rtol=1e-12, atol=1e-12)


def test_directional_derivative_parameter_gradients_match_jvp():
    from torch.func import jvp

    from pinnls.numeric.basis import directional_derivative

    basis = make_basis("resnet", "tanh")
    x = points()
    direction = torch.ones_like(x)
    weights = torch.linspace(-1, 1, basis.size, dtype=torch.float64)
    (directional_derivative(basis, x, direction)[1] @ weights).square().sum().backward()
    ours = [p.grad.clone() for p in basis.parameters()]
    basis.zero_grad()
    (jvp(basis, (x,), (direction,))[1] @ weights).square().sum().backward()
    for mine, reference in zip(ours, (p.grad for p in basis.parameters())):
        torch.testing.assert_close(mine, reference, rtol=1e-10, atol=1e-12)


# -- checks found by mutation testing (docs/testing.md) -------------------------------------------


def test_the_constructor_refuses_bad_sizes_and_boxes_with_their_values():
    with pytest.raises(SettingsError, match=r"^width is 0; it must be an integer >= 1$"):
        Basis([0.0], [1.0], width=0)
    with pytest.raises(SettingsError, match=r"^depth is True; it must be an integer >= 1$"):
        Basis([0.0], [1.0], width=4, depth=True)
    with pytest.raises(SettingsError, match=r"^depth is 2.5; it must be an integer >= 1$"):
        Basis([0.0], [1.0], width=4, depth=2.5)
    with pytest.raises(ValueError, match=r"same length d >= 1, got \[0.0, 0.0\] and \[1.0\]"):
        Basis([0.0, 0.0], [1.0], width=4)
    with pytest.raises(ValueError, match=r"same length d >= 1, got \[\] and \[\]"):
        Basis([], [], width=4)
    # One axis is fine: the emptiness check is for d = 0 only.
    assert Basis([0.0], [1.0], width=4).lower.shape == (1,)


def test_the_default_is_one_hidden_layer_and_the_box_keeps_the_basis_dtype():
    basis = Basis([0.0, -1.0], [1.0, 1.0], width=5)
    assert len(basis.layers) == 1
    assert basis.lower.dtype == torch.float64 and basis.scale.dtype == torch.float64
    # A box edge that float32 cannot hold exactly (2 pi) stays exact in a float64 basis.
    wide = Basis([0.0], [2 * math.pi], width=5)
    assert float(wide.scale[0]) == 2 * math.pi and wide.scale.dtype == torch.float64
    single = Basis([0.0], [1.0], width=5, dtype=torch.float32)
    assert single.lower.dtype == torch.float32 and single.layers[0].weight.dtype == torch.float32


def test_derivatives_without_the_constant_column_and_of_a_plain_function():
    torch.manual_seed(0)
    basis = Basis([0.0, 0.0], [1.0, 2.0], width=6, activation="tanh", constant=False)
    torch.nn.init.normal_(basis.layers[0].weight)
    x = torch.rand(7, 2, dtype=torch.float64)
    blocks = basis_derivatives(basis, x, [(0, 0), (1, 0)])
    assert blocks[(0, 0)].shape == (7, 6) and blocks[(1, 0)].shape == (7, 6)
    torch.testing.assert_close(blocks[(0, 0)], basis(x))
    # Any callable works too (it is differentiated as it is, with no constant column added).
    plain = basis_derivatives(lambda y: y[:, :1] ** 3 * y[:, 1:], x, [(2, 0), (0, 1)])
    torch.testing.assert_close(plain[(2, 0)], 6 * x[:, :1] * x[:, 1:])
    torch.testing.assert_close(plain[(0, 1)], x[:, :1] ** 3)


def test_derivatives_asked_together_equal_those_asked_alone():
    # Sharing lower orders between requests (a third derivative yields the second and the
    # first as by-products) must give what each request alone gives.
    torch.manual_seed(1)
    basis = Basis([0.0, 0.0], [1.0, 1.0], width=5, activation="tanh")
    torch.nn.init.normal_(basis.layers[0].weight)
    x = torch.rand(6, 2, dtype=torch.float64)
    alphas = [(3, 0), (1, 0), (2, 0), (0, 0), (0, 1), (1, 1)]
    together = basis_derivatives(basis, x, alphas)
    assert set(together) == set(alphas)
    for alpha in alphas:
        alone = basis_derivatives(basis, x, [alpha])[alpha]
        torch.testing.assert_close(together[alpha], alone, rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match=r"^x must have shape \(n, d\), got \(6,\)$"):
        basis_derivatives(basis, x[:, 0], [(1, 0)])
