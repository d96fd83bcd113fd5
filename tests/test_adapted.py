"""Box's cut planes through given points, and points drawn where a solution changes
(pinnls.numeric.adapted)."""

import numpy as np
import pytest
import torch

from pinnls.errors import SettingsError
from pinnls.numeric.adapted import (
    CANDIDATES,
    GradientDensity,
    gradient_density,
    gradient_points,
    gradient_size,
)
from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import box_layer, initialize


def seeded(seed):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("low, high", [(0.0, 1.0), (-1.0, 1.0)])
def test_box_layer_puts_each_plane_through_its_given_point_with_the_same_normals(low, high):
    points = torch.rand(40, 3, generator=seeded(5), dtype=torch.float64)
    weight, bias = box_layer(3, 40, low, high, 4.0, seeded(1), points=points)
    p = low + (high - low) * points
    # the cut plane {x : W x + b = 0} passes through p
    torch.testing.assert_close((weight * p).sum(dim=1) + bias, torch.zeros(40, dtype=torch.float64))
    plain, _ = box_layer(3, 40, low, high, 4.0, seeded(1))
    unit = lambda w: w / w.norm(dim=1, keepdim=True)  # noqa: E731
    torch.testing.assert_close(unit(weight), unit(plain))
    # Box's peak over the input box is kept for each neuron, wherever its point is
    top = torch.maximum(weight * high, weight * low).sum(dim=1) + bias
    torch.testing.assert_close(top, torch.full((40,), 4.0, dtype=torch.float64))


def test_box_layer_refuses_points_of_the_wrong_shape():
    with pytest.raises(ValueError, match=r"points of shape \(8, 2\) for a layer of 8 neurons on 3"):
        box_layer(3, 8, 0.0, 1.0, 1.0, seeded(1), points=torch.rand(8, 2, dtype=torch.float64))


def test_initialize_takes_points_for_the_first_layer_only_and_refuses_them_without_box():
    basis = Basis([0.0, 0.0], [2.0, 4.0], 16, 1, activation="tanh", constant=False)
    points = torch.full((16, 2), 0.25, dtype=torch.float64)
    initialize(basis, "box", seeded(1), scale=2.0, points=points)
    # the basis normalizes x to (x - lower) / span: the unit point (0.25, 0.25) is (0.5, 1.0),
    # where every feature crosses its plane: tanh(0)
    at = basis(torch.tensor([[0.5, 1.0]], dtype=torch.float64)).detach()
    torch.testing.assert_close(at, torch.zeros(1, 16, dtype=torch.float64))
    assert float(basis(torch.tensor([[1.5, 3.0]], dtype=torch.float64)).detach().abs().min()) > 1e-3
    deeper = Basis([0.0, 0.0], [2.0, 4.0], 16, 2, activation="tanh")
    initialize(deeper, "box", seeded(1), scale=2.0, points=points)
    other = Basis([0.0, 0.0], [2.0, 4.0], 16, 2, activation="tanh")
    initialize(other, "box", seeded(1), scale=2.0)
    torch.testing.assert_close(deeper.layers[1].weight, other.layers[1].weight)
    with pytest.raises(SettingsError, match="box initialization's; init is 'he'"):
        initialize(Basis([0.0], [1.0], 16, 1), "he", seeded(1), points=points[:, :1])


def test_gradient_size_is_the_gradient_in_unit_coordinates():
    lower, upper = np.array([0.0, 1.0]), np.array([2.0, 3.0])

    def f(x):
        return np.sin(x[:, 0]) * x[:, 1] ** 2

    unit = np.random.default_rng(0).random((50, 2))
    x = lower + unit * (upper - lower)
    exact = np.hypot(2 * np.cos(x[:, 0]) * x[:, 1] ** 2, 2 * 2 * np.sin(x[:, 0]) * x[:, 1])
    np.testing.assert_allclose(gradient_size(f, lower, upper, unit), exact, rtol=1e-6)
    # a system's unknowns add in squares; at the box's faces the differences are one-sided
    both = gradient_size(lambda x: np.stack([f(x), f(x)], axis=1), lower, upper, unit)
    np.testing.assert_allclose(both, np.sqrt(2) * exact, rtol=1e-6)
    face = np.array([[0.0, 0.5], [1.0, 1.0]])
    xf = lower + face * (upper - lower)
    at_face = np.hypot(2 * np.cos(xf[:, 0]) * xf[:, 1] ** 2, 4 * np.sin(xf[:, 0]) * xf[:, 1])
    np.testing.assert_allclose(gradient_size(f, lower, upper, face), at_face, rtol=1e-3)
    # a value that is not finite counts as no change
    assert gradient_size(lambda x: np.full(len(x), np.nan), lower, upper, unit).max() == 0


def test_gradient_points_gather_where_the_function_changes():
    lower, upper = np.zeros(2), np.ones(2)

    def front(x):
        return np.tanh((x[:, 0] - 0.3) / 0.01)

    near = lambda p: float((abs(p[:, 0] - 0.3) < 0.05).double().mean())  # noqa: E731
    adapted = gradient_points(front, lower, upper, 2000, 0.9, seeded(2))
    uniform = gradient_points(front, lower, upper, 2000, 0.0, seeded(2))
    assert adapted.shape == (2000, 2) and adapted.dtype == torch.float64
    assert float(adapted.min()) >= 0 and float(adapted.max()) <= 1
    # a tenth of the box holds nine tenths of the density, plus its uniform share
    assert near(adapted) > 0.85
    assert 0.07 < near(uniform) < 0.13
    # the same generator's seed draws the same points
    torch.testing.assert_close(adapted, gradient_points(front, lower, upper, 2000, 0.9, seeded(2)))


def test_gradient_points_of_a_constant_are_uniform_and_the_fraction_is_checked():
    lower, upper = np.zeros(3), np.ones(3)
    constant = gradient_points(lambda x: np.ones(len(x)), lower, upper, 500, 0.9, seeded(3))
    # every candidate as likely as any: the points spread as a uniform draw does
    assert abs(float(constant.mean()) - 0.5) < 0.03
    with pytest.raises(ValueError, match="fraction is 1.5"):
        gradient_points(lambda x: x[:, 0], lower, upper, 10, 1.5)
    assert CANDIDATES >= 4


def test_the_records_keep_the_drawn_share_and_the_choice_line_says_so():
    import dataclasses

    from pinnls.io.strategy_rows import choice_text
    from pinnls.record import Choice, StageRecord

    stage = StageRecord("grow", "tanh", 2048, 1.5, 100, 1e-3, 1.0, 2049, adapted=0.9)
    assert stage.to_json()["adapted"] == 0.9 and StageRecord(**stage.to_json()) == stage
    # Box's own points: the JSON reads as it always did
    assert "adapted" not in dataclasses.replace(stage, adapted=0.0).to_json()
    chosen = Choice(3, "tanh", 2048, 1.5, {"pde": 100}, 1e-3, adapted=0.9)
    assert chosen.to_json()["adapted"] == 0.9
    assert choice_text(chosen) == ", scale 1.5, points 0.9 from the gradient"
    assert choice_text(dataclasses.replace(chosen, adapted=0.0)) == ", scale 1.5"


def test_gradient_points_leave_the_outside_of_a_shape_to_the_uniform_share():
    lower, upper = np.zeros(2), np.ones(2)

    def inside(x):
        return x[:, 0] < 0.5

    def steep_outside(x):
        # gentle where the domain is, steep where a solution would be free (x > 0.5)
        return np.where(x[:, 0] < 0.5, x[:, 1], np.sin(40 * x[:, 1]))

    masked = gradient_points(steep_outside, lower, upper, 4000, 0.9, seeded(4), inside)
    free = gradient_points(steep_outside, lower, upper, 4000, 0.9, seeded(4))
    outside = lambda p: float((p[:, 0] > 0.5).double().mean())  # noqa: E731
    # outside the shape only the uniform tenth draws, half of it there
    assert 0.035 < outside(masked) < 0.065
    assert outside(free) > 0.85
    # a function that does not change inside leaves the uniform density, said so
    flat = gradient_density(
        lambda x: np.where(x[:, 0] < 0.5, 1.0, x[:, 1]), lower, upper, 100, 0.9, seeded(4), inside
    )
    assert flat.fraction == 0.0 and torch.allclose(
        flat.weights, torch.full((100,), 0.01, dtype=torch.float64)
    )


def test_a_stage_draws_its_points_from_a_density_seeded_by_the_seed_and_width():
    import sympy as sp

    from pinnls import Box, Problem, Settings, compile_problem
    from pinnls.training import stages
    from pinnls.training.budget import Budget

    x, t = sp.symbols("x t")
    u = sp.Function("u")
    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="drift")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    problem.exact(sp.sin(x - t))
    settings = Settings(seed=3)
    runs = stages.Stages(compile_problem(problem, settings), settings, None, Budget(60.0, None))
    # every draw is the candidate (0.25, 0.5) of the unit box: (0.5, 0.5) in the problem's
    candidates = torch.tensor([[0.25, 0.5], [0.75, 0.5]], dtype=torch.float64)
    density = GradientDensity(candidates, torch.tensor([1.0, 0.0], dtype=torch.float64), 0.9)
    stage = runs.smooth("grow", "tanh", 24, 2.0, points=density)
    assert stage.adapted == 0.9 and stage.record().adapted == 0.9
    basis = stage.solution.basis
    at = basis.features(torch.tensor([[0.5, 0.5]], dtype=torch.float64)).detach()
    torch.testing.assert_close(at[:, :24], torch.zeros(1, 24, dtype=torch.float64))
    assert stage.error is not None and stage.error < 0.5  # a fit, not only a basis
    # the draw of a density of two candidates: the seed and the width choose which
    spread = GradientDensity(candidates, torch.tensor([0.5, 0.5], dtype=torch.float64), 0.9)
    first = runs.smooth("grow", "tanh", 24, 2.0, points=spread).solution.basis
    again = runs.smooth("grow", "tanh", 24, 2.0, points=spread).solution.basis
    wider = runs.smooth("grow", "tanh", 32, 2.0, points=spread).solution.basis
    torch.testing.assert_close(first.layers[0].bias, again.layers[0].bias)
    generator = torch.Generator().manual_seed(3 * stages.POINTS_SEED + 24)
    drawn = spread.draw(24, generator)
    p = torch.tensor([0.0, 0.0]) + drawn * torch.tensor([2.0, 1.0])
    pre = basis_pre(first, p)
    torch.testing.assert_close(pre, torch.zeros(24, dtype=torch.float64))
    assert wider.layers[0].bias.shape == (32,)
    # Box's own stage draws no points: 0 in the record
    assert runs.smooth("grow", "tanh", 24, 2.0).adapted == 0.0


def basis_pre(basis, physical):
    """Each first-layer neuron's pre-activation at its own physical point, (w,)."""
    unit = (physical - basis.lower.detach().cpu()) / basis.scale.detach().cpu()
    layer = basis.layers[0]
    return (layer.weight.detach() * unit).sum(dim=1) + layer.bias.detach()
