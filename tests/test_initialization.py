"""Box, He and Glorot initialization of the hidden layers."""

import itertools
import math

import pytest
import torch

from pinnls.errors import SettingsError
from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import box_layer, initialize
from pinnls.registry import INITIALIZATIONS


def seeded(seed):
    return torch.Generator().manual_seed(seed)


def corners(d, low=0.0, high=1.0):
    return torch.tensor(list(itertools.product((low, high), repeat=d)), dtype=torch.float64)


def box_extremes(layer, low, high):
    """Max and min over the box [low, high]^n of each neuron's pre-activation W x + b."""
    weight, bias = layer.weight.detach(), layer.bias.detach()
    top = torch.maximum(weight * high, weight * low).sum(dim=1) + bias
    bottom = torch.minimum(weight * high, weight * low).sum(dim=1) + bias
    return top, bottom


@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("scale", [1.0, 4.0])
def test_box_init_first_layer_cut_planes_cross_unit_box_with_peak_scale(d, scale):
    basis = Basis([0.0] * d, [2.0] * d, 64, 1, activation="relu")
    initialize(basis, "box", seeded(1), scale=scale)
    layer = basis.layers[0]
    pre = corners(d) @ layer.weight.detach().T + layer.bias.detach()  # (2^d, w)
    # Each cut plane passes through the box: the pre-activation changes sign over its corners.
    assert (pre.max(dim=0).values > 0).all() and (pre.min(dim=0).values < 0).all()
    torch.testing.assert_close(pre.max(dim=0).values, torch.full((64,), scale, dtype=torch.float64))
    # Distance from the box centre to each plane is at most the half-diagonal.
    w, b = layer.weight.detach(), layer.bias.detach()
    distance = (w @ torch.full((d,), 0.5, dtype=torch.float64) + b).abs() / w.norm(dim=1)
    assert (distance <= 0.5 * math.sqrt(d) + 1e-12).all()


def test_box_layer_matches_paper_formula_for_unit_box():
    weight, bias = box_layer(3, 50, 0.0, 1.0, 1.0, seeded(4))
    generator = seeded(4)
    p = torch.rand(50, 3, generator=generator, dtype=torch.float64)
    n = torch.randn(50, 3, generator=generator, dtype=torch.float64)
    n = n / n.norm(dim=1, keepdim=True)
    k = 1.0 / torch.maximum(n * (1 - p), -n * p).sum(dim=1)
    torch.testing.assert_close(weight, k[:, None] * n, rtol=1e-14, atol=0)
    torch.testing.assert_close(bias, -k * (p * n).sum(dim=1), rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(
    ("activation", "scale", "low", "high"),
    [
        ("relu", 1.0, 0.0, 1.0),
        ("relu", 2.0, 0.0, 2.0),
        ("tanh", 4.0, -1.0, 1.0),
        ("sin", 3.0, -1.0, 1.0),
    ],
)
def test_box_init_plain_hidden_layers_peak_over_their_input_box(activation, scale, low, high):
    basis = Basis([0.0, 0.0], [1.0, 1.0], 16, 4, activation=activation)
    initialize(basis, "box", seeded(2), scale=scale)
    for layer in basis.layers[1:]:
        top, bottom = box_extremes(layer, low, high)
        torch.testing.assert_close(top, torch.full((16,), scale, dtype=torch.float64))
        assert (bottom < 0).all()


def test_box_init_relu_plain_outputs_stay_in_unit_interval():
    basis = Basis([0.0, 0.0], [1.0, 1.0], 16, 6, constant=False)
    initialize(basis, "box", seeded(3))
    x = torch.rand(500, 2, generator=seeded(0), dtype=torch.float64)
    with torch.no_grad():
        phi = basis(x)
    assert phi.min() >= 0 and phi.max() <= 1 + 1e-12


def test_box_init_relu_residual_layers_peak_at_delta_m():
    depth = 6
    basis = Basis([0.0], [1.0], 12, depth, arch="resnet", activation="relu")
    initialize(basis, "box", seeded(5))
    top, _ = box_extremes(basis.layers[0], 0.0, 1.0)
    torch.testing.assert_close(top, torch.ones(12, dtype=torch.float64))
    delta, m = 1.0 / depth, 1.0
    for layer in basis.layers[1:]:
        top, bottom = box_extremes(layer, 0.0, m)
        torch.testing.assert_close(top, torch.full((12,), delta * m, dtype=torch.float64))
        assert (bottom < 0).all()
        m *= 1 + delta
    # The whole network maps into [0, m_{L+1}] as the rule promises.
    x = torch.linspace(0, 1, 200, dtype=torch.float64)[:, None]
    with torch.no_grad():
        assert basis(x).max() <= m + 1e-12


def test_box_init_tanh_residual_layers_use_growing_symmetric_box():
    basis = Basis([0.0], [1.0], 8, 4, arch="resnet", activation="tanh")
    initialize(basis, "box", seeded(6), scale=3.0)
    for m, layer in enumerate(basis.layers[1:], start=1):
        top, bottom = box_extremes(layer, -float(m), float(m))
        torch.testing.assert_close(top, torch.full((8,), 3.0, dtype=torch.float64))
        assert (bottom < 0).all()


def numerical_rank(phi, rcond=1e-10):
    s = torch.linalg.svdvals(phi)
    return int((s > rcond * s[0]).sum())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_deep_relu_resnet_box_basis_keeps_rank_where_he_collapses(seed):
    # Measured over 8 seeds (width 32, depth 32, 256 points): Box rank 32, values <= 1.3;
    # He rank 1, values 1e7-3e7. Thresholds leave a wide margin on both sides.
    x = torch.linspace(0, 1, 256, dtype=torch.float64)[:, None]
    ranks = {}
    for method in ("box", "he"):
        basis = Basis([0.0], [1.0], 32, 32, arch="resnet", constant=False)
        initialize(basis, method, seeded(seed))
        with torch.no_grad():
            phi = basis(x)
        assert torch.isfinite(phi).all()
        ranks[method] = numerical_rank(phi)
    assert ranks["box"] >= 30
    assert ranks["he"] <= 5


def image_spread(basis, n=33):
    """Eigenvalues (ascending) of the covariance of the image of a grid on [0,1]^2."""
    g = torch.linspace(0, 1, n, dtype=torch.float64)
    grid = torch.stack(torch.meshgrid(g, g, indexing="ij"), dim=-1).reshape(-1, 2)
    with torch.no_grad():
        image = basis(grid)
    return torch.linalg.eigvalsh(torch.cov(image.T))


def is_two_dimensional(eigenvalues):
    small, large = eigenvalues
    return bool(small > 1e-12 and small > 1e-8 * large)


def test_width_two_resnet_box_keeps_two_dimensional_image_he_and_glorot_flatten_it():
    # Paper E2 with 32 residual layers of width 2. Measured over 20 seeds: Box eigenvalue
    # ratios 0.06-0.8; He and Glorot ratios below 1e-7 (a line) or an image that is a point.
    for seed in range(8):
        for method in ("box", "he", "glorot"):
            basis = Basis([0.0, 0.0], [1.0, 1.0], 2, 32, arch="resnet", constant=False)
            initialize(basis, method, seeded(seed))
            eigenvalues = image_spread(basis)
            if method == "box":
                assert eigenvalues[0] > 1e-2 * eigenvalues[1] > 0
            else:
                assert not is_two_dimensional(eigenvalues)


def test_width_two_plain_box_keeps_two_dimensional_image_more_often_than_he():
    # Plain width-2 relu networks lose dimension with depth under any initialization (a relu
    # neuron zeroes part of its input); Box only slows this down. Measured over 50 seeds at
    # depth 4: Box keeps a 2D image in 68%, He and Glorot in 4%. At depth 32 all collapse.
    seeds = range(40)
    kept = {"box": 0, "he": 0}
    for seed in seeds:
        for method in kept:
            basis = Basis([0.0, 0.0], [1.0, 1.0], 2, 4, constant=False)
            initialize(basis, method, seeded(seed))
            kept[method] += is_two_dimensional(image_spread(basis))
    assert kept["box"] >= 0.5 * len(seeds)
    assert kept["he"] <= 0.2 * len(seeds)


@pytest.mark.parametrize("method", INITIALIZATIONS.names())
def test_same_seed_gives_same_weights_and_float32_gets_rounded_copy(method):
    nets = []
    for seed, dtype in (
        (9, torch.float64),
        (9, torch.float64),
        (10, torch.float64),
        (9, torch.float32),
    ):
        basis = Basis([0.0, 0.0], [1.0, 1.0], 8, 3, arch="resnet", dtype=dtype)
        nets.append(initialize(basis, method, seeded(seed)))
    first, same, other, single = (
        torch.cat([p.detach().flatten() for p in n.parameters()]) for n in nets
    )
    assert torch.equal(first, same)
    assert not torch.equal(first, other)
    assert single.dtype == torch.float32
    assert torch.equal(single, first.float())


@pytest.mark.parametrize(
    ("method", "variance"), [("he", lambda i, o: 2 / i), ("glorot", lambda i, o: 2 / (i + o))]
)
def test_gaussian_inits_have_stated_variance_and_zero_bias(method, variance):
    basis = Basis([0.0, 0.0], [1.0, 1.0], 300, 2)
    initialize(basis, method, seeded(11))
    for layer in basis.layers:
        fan_out, fan_in = layer.weight.shape
        std = layer.weight.detach().std()
        # 600 to 90000 samples: the sample std is within a few percent of the truth.
        assert abs(std / math.sqrt(variance(fan_in, fan_out)) - 1) < 0.1
        assert torch.equal(layer.bias.detach(), torch.zeros(fan_out, dtype=torch.float64))


def test_unknown_method_and_bad_scale_are_rejected():
    basis = Basis([0.0], [1.0], 4)
    with pytest.raises(SettingsError, match="box, he, glorot"):
        initialize(basis, "xavier")
    with pytest.raises(SettingsError, match="scale"):
        initialize(basis, "box", scale=0.0)
    for scale in (float("nan"), float("inf")):
        with pytest.raises(SettingsError, match="finite"):
            initialize(basis, "box", scale=scale)


def test_every_registered_initialization_resolves_to_a_function_of_the_basis():
    basis = Basis([0.0, 0.0], [1.0, 1.0], 6, 3, arch="resnet", activation="tanh")
    for name, entry in INITIALIZATIONS.items():
        weights = entry.load()(basis, seeded(0), 2.0)
        assert [w.shape for w, _ in weights] == [layer.weight.shape for layer in basis.layers]
        assert [b.shape for _, b in weights] == [layer.bias.shape for layer in basis.layers], name
