"""Closed-form derivatives of one-hidden-layer bases against the forward-mode (jvp) path.

For one hidden layer, ``D^alpha Phi_j = sigma^(|alpha|)(z_j) prod_k (W_jk / scale_k)^alpha_k``
(pinnls.numeric.basis). Every check compares it with the same basis under ``jvp_only()``
(nested ``torch.func.jvp``, itself tested against reverse mode in test_basis.py): every
activation of the registry, orders 0-3 with all mixed partials on 1-4 axes, non-unit boxes,
constant and per-point coefficients, the constant column on and off, parameter gradients, and
whole solves. Tolerance: 1e-13 relative to the largest entry of the block compared (measured
~1.5e-15; the two paths round differently, the closed form with fewer operations).
"""

from __future__ import annotations

import itertools

import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import (
    Basis,
    basis_derivatives,
    has_closed_form,
    jvp_only,
    operator_columns,
)
from pinnls.numeric.initialization import initialize
from pinnls.registry import ACTIVATIONS
from pinnls.training.validation import fresh_residuals

#: Boxes of 1-4 axes, none of them the unit box, with very different edge lengths.
BOXES = {
    1: ([-1.0], [3.0]),
    2: ([-1.0, 0.5], [3.0, 0.75]),
    3: ([0.0, -2.0, 1.0], [1.0, 2.0, 4.0]),
    4: ([0.0, 0.5, -1.0, 2.0], [0.5, 1.5, 1.0, 5.0]),
}
RTOL = 1e-13


def make(activation, d, width=9, constant=True, depth=1, seed=1):
    lower, upper = BOXES[d]
    basis = Basis(lower, upper, width, depth, activation=activation, constant=constant)
    initialize(basis, "box", torch.Generator().manual_seed(seed), scale=3.0)
    return basis


def points(basis, n=31, seed=2):
    unit = torch.rand(n, basis.in_features, generator=torch.Generator().manual_seed(seed))
    return basis.lower + basis.scale * unit.double()


def close(got, want, rtol=RTOL):
    assert got.shape == want.shape
    got, want = got.detach(), want.detach()
    scale = float(want.abs().max())
    error = float((got - want).abs().max())
    assert error <= rtol * max(scale, 1e-300), (error, scale)


def multi_indices(d, order=3):
    return [a for a in itertools.product(range(order + 1), repeat=d) if sum(a) <= order]


@pytest.mark.parametrize("activation", list(ACTIVATIONS.names()))
@pytest.mark.parametrize("d", [1, 2, 3, 4])
def test_every_derivative_up_to_third_order_equals_the_jvp_path(activation, d):
    basis = make(activation, d, constant=d % 2 == 0)
    x = points(basis)
    alphas = multi_indices(d)
    assert has_closed_form(basis)
    closed = basis_derivatives(basis, x, alphas)
    with jvp_only():
        assert not has_closed_form(basis)
        reference = basis_derivatives(basis, x, alphas)
    for alpha in alphas:
        if activation != "relu" or sum(alpha) < 2:
            # Nonzero columns everywhere but relu's second and third derivatives.
            assert float(reference[alpha][:, : basis.width].detach().abs().max()) > 0, alpha
        close(closed[alpha], reference[alpha])
    assert closed[alphas[0]].shape == (31, basis.size)


@pytest.mark.parametrize("activation", list(ACTIVATIONS.names()))
def test_values_are_bit_identical_to_forward(activation):
    basis = make(activation, 2)
    x = points(basis)
    with torch.no_grad():
        assert torch.equal(basis_derivatives(basis, x, [(0, 0)])[(0, 0)], basis(x))
    assert torch.equal(basis_derivatives(basis, x, [(0, 0)])[(0, 0)], basis(x))


def test_relu_at_its_kink_and_beyond_first_order_has_the_jvp_semantics():
    # z = 0 exactly at x = 0.5 of the unit interval: relu'(0) = 0 and relu'' = 0, as in jvp.
    basis = Basis([0.0], [1.0], 2, activation="relu", constant=False)
    with torch.no_grad():
        basis.layers[0].weight.copy_(torch.tensor([[2.0], [-4.0]]))
        basis.layers[0].bias.copy_(torch.tensor([-1.0, 2.0]))
    x = torch.tensor([[0.25], [0.5], [0.75]], dtype=torch.float64)
    alphas = [(0,), (1,), (2,), (3,)]
    closed = basis_derivatives(basis, x, alphas)
    with jvp_only():
        reference = basis_derivatives(basis, x, alphas)
    for alpha in alphas:
        assert torch.equal(closed[alpha], reference[alpha]), alpha
    assert closed[(1,)].tolist() == [[0.0, -4.0], [0.0, 0.0], [2.0, 0.0]]
    assert not closed[(2,)].any() and not closed[(3,)].any()


def _reference_operator(basis, x, parts, direction=None):
    """The same operator from separate jvp blocks, as the assembly's generic path adds them."""
    d = x.shape[1]
    alphas = [alpha for alpha, _ in parts]
    if direction is not None:
        alphas += [tuple(int(k == axis) for k in range(d)) for axis in range(d)]
    with jvp_only():
        blocks = basis_derivatives(basis, x, alphas)
    total = 0
    terms = list(parts)
    if direction is not None:
        terms += [(tuple(int(k == a) for k in range(d)), direction[:, a]) for a in range(d)]
    for alpha, c in terms:
        total = total + (c[:, None] if isinstance(c, torch.Tensor) else c) * blocks[alpha]
    return total


@pytest.mark.parametrize("activation", list(ACTIVATIONS.names()))
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("constant", [True, False])
def test_an_operator_with_constant_and_per_point_coefficients_equals_the_sum_of_jvp_blocks(
    activation, d, constant
):
    basis = make(activation, d, constant=constant)
    x = points(basis)
    generator = torch.Generator().manual_seed(4)

    def per_point():
        return torch.randn(x.shape[0], generator=generator, dtype=torch.float64)

    alphas = multi_indices(d)
    # Every multi-index once with a number, every other one again with a per-point coefficient
    # (so an order mixes both kinds), and a per-point first-order direction field.
    parts = [(alpha, 0.5 + k) for k, alpha in enumerate(alphas)]
    parts += [(alpha, per_point()) for alpha in alphas[::2]]
    direction = torch.randn(x.shape, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        got = operator_columns(basis, x, parts, direction)
        want = _reference_operator(basis, x, parts, direction)
    close(got, want)
    # The constant column holds the zeroth-order coefficients (derivatives of 1 vanish).
    if constant:
        value = 0.5 + per_point_at_zero(parts)
        close(got[:, -1], value)
    # With a graph (no in-place work) the result is the same to rounding.
    close(operator_columns(basis, x, parts, direction), want)


def per_point_at_zero(parts):
    total = 0
    for alpha, c in parts[1:]:
        if not any(alpha):
            total = total + c
    return total


def test_first_order_alone_values_alone_and_nothing():
    basis = make("tanh", 2)
    x = points(basis)
    for parts in ([((1, 0), 2.0), ((0, 1), -1.0)], [((0, 0), 3.0)], [((0, 0), 0.0)]):
        close(operator_columns(basis, x, parts), _reference_operator(basis, x, parts))
    empty = operator_columns(basis, x, [((2, 0), 0.0)])
    assert empty.shape == (31, basis.size) and not empty.any()


@pytest.mark.parametrize("activation", ["tanh", "sin"])
def test_parameter_gradients_equal_those_of_the_jvp_path(activation):
    basis = make(activation, 2, width=6)
    x = points(basis, n=17)
    per_point = torch.linspace(-1.0, 1.0, 17, dtype=torch.float64)
    parts = [((0, 0), 2.0), ((1, 0), per_point), ((2, 0), -0.1), ((0, 2), -0.1), ((1, 1), 0.3)]
    c = torch.linspace(-1.0, 2.0, basis.size, dtype=torch.float64)

    def gradients(block):
        loss = (block @ c - 0.7).square().sum()
        return loss, torch.autograd.grad(loss, basis.hidden_parameters())

    loss, grads = gradients(operator_columns(basis, x, parts))
    reference_loss, reference = gradients(_reference_operator(basis, x, parts))
    torch.testing.assert_close(loss, reference_loss, rtol=1e-13, atol=0)
    for got, want in zip(grads, reference, strict=True):
        assert float(want.abs().max()) > 0
        close(got, want, rtol=1e-12)
    # basis_derivatives keeps its graph too.
    block = basis_derivatives(basis, x, [(1, 1)])[(1, 1)]
    with jvp_only():
        reference_block = basis_derivatives(basis, x, [(1, 1)])[(1, 1)]
    for got, want in zip(gradients(block)[1], gradients(reference_block)[1], strict=True):
        close(got, want, rtol=1e-12)


def test_deeper_networks_and_other_callables_keep_the_jvp_path():
    assert not has_closed_form(make("tanh", 2, depth=2))
    assert has_closed_form(Basis([0.0], [1.0], 4, 1, arch="resnet", activation="sin"))
    assert not has_closed_form(lambda y: y)
    deep = make("tanh", 2, depth=2)
    x = points(deep)
    with jvp_only():
        reference = basis_derivatives(deep, x, [(2, 0)])[(2, 0)]
    assert torch.equal(basis_derivatives(deep, x, [(2, 0)])[(2, 0)], reference)


def _varied_problem():
    """Variable coefficients, a second derivative, a weight and a derivative condition."""
    x, t = sp.symbols("x t")
    u = sp.Function("u")
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 2)), name="varied")
    operator = u(x, t).diff(t) + x * u(x, t).diff(x) - 0.1 * u(x, t).diff(x, 2) + 2 * u(x, t)
    problem.equation("pde", sp.Eq(operator, sp.sin(x) * t), weight=3, points="grid:1/12")
    problem.condition("initial", sp.Eq(u(x, 0), sp.cos(x)), points="grid:1/12")
    problem.condition("slope", sp.Eq(u(x, t).diff(x).subs(x, 1), t), points="grid:1/12")
    return problem


@pytest.mark.parametrize("activation", ["tanh", "sin"])
def test_a_least_squares_solve_gives_the_same_network_and_estimate(activation):
    settings = Settings.from_mapping(
        {
            "optimizer": "lsgd",
            "activation": activation,
            "width": 40,
            "init_scale": 2.0,
            "iterations": 0,
        }
    )
    compiled = compile_problem(_varied_problem(), settings)
    new = solve(compiled, settings)
    with jvp_only():
        old = solve(compiled, settings)
    assert new.loss() > 0
    assert abs(new.loss() - old.loss()) <= 1e-10 * old.loss()
    grid = torch.rand(200, 2, generator=torch.Generator().manual_seed(0)).double().numpy()
    grid[:, 1] *= 2
    values_new, values_old = new(grid), old(grid)
    scale = abs(values_old).max()
    assert abs(values_new - values_old).max() <= 1e-10 * scale
    coefficients_new, coefficients_old = new.coefficients, old.coefficients
    assert float((coefficients_new - coefficients_old).norm()) <= 1e-10 * float(
        coefficients_old.norm()
    )
    estimate_new = fresh_residuals(compiled, new.basis, new.coefficients, seed=3)
    with jvp_only():
        estimate_old = fresh_residuals(compiled, old.basis, old.coefficients, seed=3)
    assert estimate_new["total"] > 0
    assert abs(estimate_new["total"] - estimate_old["total"]) <= 1e-10 * estimate_old["total"]
    # The system itself agrees to rounding.
    system = System(compiled, torch.float64, torch.device("cpu"))
    with torch.no_grad():
        a_new, _ = system.assemble(new.basis)
        with jvp_only():
            a_old, _ = system.assemble(new.basis)
    close(a_new, a_old)


def test_lsgd_training_through_the_closed_form_follows_the_jvp_path():
    # The hidden step backpropagates through the assembly: two Adam steps must give the same
    # losses either way.
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "width": 16, "init_scale": 2.0}
    ).replace(iterations=2)
    compiled = compile_problem(_varied_problem(), settings)
    new = solve(compiled, settings)
    with jvp_only():
        old = solve(compiled, settings)
    losses_new, losses_old = new.history.loss, old.history.loss
    assert len(losses_new) == len(losses_old) >= 2
    for a, b in zip(losses_new, losses_old, strict=True):
        assert abs(a - b) <= 1e-9 * abs(b)
    assert losses_new[-1] != losses_new[0]


@pytest.mark.parametrize("activation", list(ACTIVATIONS.names()))
@pytest.mark.parametrize("constant", [True, False])
def test_forward_without_a_graph_is_bit_identical_and_forward_mode_still_sees_through_it(
    activation, constant
):
    from torch.func import jvp

    basis = make(activation, 3, width=33, constant=constant)
    x = points(basis, n=301)
    with torch.no_grad():
        fast = basis(x)  # in place, no torch.cat
        with jvp_only():
            reference = basis(x)
        assert torch.equal(fast, reference)
        # torch.func.jvp through the in-place forward gives forward mode's tangent.
        direction = torch.ones_like(x)
        _, tangent = jvp(basis, (x,), (direction,))
        with jvp_only():
            _, reference_tangent = jvp(basis, (x,), (direction,))
        assert torch.equal(tangent, reference_tangent)
    assert torch.equal(basis(x).detach(), reference)  # the graph path
    with pytest.raises(ValueError, match=r"^x must have shape \(n, d\), got \(301,\)$"):
        with torch.no_grad():
            basis(x[:, 0])
