"""Every setting reaches the code that consumes it, and changes the computation as documented.

Recording a value proves nothing about its use (a solver that ignored ``rcond`` and the
least-squares method passed every test that only compared recorded settings). So each field of
``dataclasses.fields(Settings)`` has a check in :data:`CHECKS` that solves (or compiles) with a
changed value and asserts the documented effect, computed independently where it can be: the
rank that ``rcond`` cuts, the condition number that each least-squares method reports, the
gradient step that ``lr`` and ``hidden_step`` take, the first layer that ``init`` and
``init_scale`` build, and so on. :func:`test_every_setting_has_a_reach_check` fails as soon as a
field is added without a check.

The problem is the small E4-like one of ``conftest.py`` (288 rows), with a tanh basis of width 8
unless a check says otherwise: every solve here takes a fraction of a second.
"""

import dataclasses
import math
import os

import numpy as np
import pytest
import scipy.linalg
import torch

from pinnls import Settings, compile_problem
from pinnls.errors import SettingsError
from pinnls.numeric.assembly import System, TermSystem
from pinnls.numeric.least_squares import least_squares
from pinnls.training import build_basis, lsgd, solve

BASE = {
    "optimizer": "lsgd",
    "width": 8,
    "activation": "tanh",
    "iterations": 0,
    "eval_points": 11,
    "device": "cpu",
}

#: Fields whose reach is tested in another file (name -> that file). Each entry must name a file
#: that exists, so that this list cannot hide an untested field.
CHECKED_ELSEWHERE: dict[str, str] = {
    "time_slabs": "tests/test_slabs.py",  # tested in tests/test_slabs.py
    "nproc": "tests/test_distributed.py",  # real gloo processes against one process
    "budget": "tests/test_plan.py",  # the automatic strategy's plan, stage by stage
    "subdomains": "tests/test_local_basis.py",  # a LocalBasis built, solved, saved, reloaded
    "layers": "tests/test_layers.py",  # the first layer's rows across a layer, and the clouds
    "modes": "tests/test_modes.py",  # the first layer's rows made modes, solved, saved, reloaded
    "particular": "tests/test_particular.py",  # u_p subtracted, solved, saved, reloaded; off
    "singular": "tests/test_singular.py",  # corners' and holes' columns, solved, reloaded; off
}


@pytest.fixture(scope="module")
def problem(make_small_e4):
    return make_small_e4()


def settings_of(**changes) -> Settings:
    return Settings.from_mapping(BASE, **changes)


def run(problem, **changes):
    settings = settings_of(**changes)
    return solve(compile_problem(problem, settings), settings)


def system_of(solution):
    """The scaled ``(A, b)`` of a solution's problem on its own basis, as numpy arrays."""
    system = System(solution.compiled, solution.coefficients.dtype, "cpu")
    A, b = system.assemble(solution.basis)
    return A.detach().numpy(), b.detach().numpy()


def scaled_singular_values(A):
    """Singular values of ``A`` with unit-norm columns (the solver's column scaling)."""
    norms = np.linalg.norm(A, axis=0)
    return np.linalg.svd(A / np.where(norms > 0, norms, 1), compute_uv=False)


def first_layer(solution):
    layer = solution.basis.layers[0]
    return layer.weight.detach().clone(), layer.bias.detach().clone()


def unit_points(n=5, d=2, seed=0):
    return torch.rand(n, d, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


# -- the network ---------------------------------------------------------------------------------


def check_width(problem):
    solution = run(problem, width=5)
    assert solution.basis.layers[0].weight.shape == (5, 2)
    assert solution.coefficients.shape == (6,)  # five neurons and the constant


def check_depth(problem):
    solution = run(problem, depth=3)
    assert len(solution.basis.layers) == 3
    assert [tuple(layer.weight.shape) for layer in solution.basis.layers] == [
        (8, 2),
        (8, 8),
        (8, 8),
    ]


def check_arch(problem):
    # resnet: Phi = (I + sigma o T_2) o (sigma o T_1); plain: sigma o T_2 o sigma o T_1.
    x = unit_points()
    for arch in ("plain", "resnet"):
        basis = run(problem, arch=arch, depth=2).basis
        one, two = basis.layers
        h = torch.tanh(one(x))  # the box of small_e4 is the unit square: no normalization
        expected = h + torch.tanh(two(h)) if arch == "resnet" else torch.tanh(two(h))
        torch.testing.assert_close(basis.hidden(x), expected, rtol=0, atol=1e-14)


def check_activation(problem):
    x = unit_points()
    for name, sigma in (("tanh", torch.tanh), ("sin", torch.sin), ("relu", torch.relu)):
        basis = run(problem, activation=name).basis
        torch.testing.assert_close(basis.hidden(x), sigma(basis.layers[0](x)), rtol=0, atol=0)


def check_init(problem):
    # He and Glorot set the biases to 0 and draw N(0, 2/fan_in) resp. N(0, 2/(fan_in+fan_out))
    # weights; Box puts cut planes through the box, so its biases are not 0.
    _, box_bias = first_layer(run(problem, init="box"))
    # 400 neurons for the variance estimate: built only (a solve would be underdetermined).
    compiled = compile_problem(problem, settings_of())
    he, glorot = (
        build_basis(compiled, settings_of(init=init, width=400)).layers[0]
        for init in ("he", "glorot")
    )
    he_weight, he_bias = he.weight.detach(), he.bias.detach()
    glorot_weight, glorot_bias = glorot.weight.detach(), glorot.bias.detach()
    assert bool((box_bias != 0).all())
    assert bool((he_bias == 0).all()) and bool((glorot_bias == 0).all())
    # 800 draws each: the sample variance is within 15% of its value with overwhelming odds
    # (its relative standard deviation is sqrt(2/800) = 5%).
    assert float(he_weight.var()) == pytest.approx(2 / 2, rel=0.15)
    assert float(glorot_weight.var()) == pytest.approx(2 / (2 + 400), rel=0.15)


def check_init_scale(problem):
    # Box: the largest pre-activation of each first-layer neuron over the (unit) input box is
    # the scale; an affine function peaks at a corner.
    corners = torch.tensor([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=torch.float64)
    for scale in (0.5, 3.0):
        weight, bias = first_layer(run(problem, init_scale=scale))
        peaks = (corners @ weight.T + bias).max(dim=0).values
        torch.testing.assert_close(peaks, torch.full((8,), scale, dtype=torch.float64))


def check_axis_scales(problem):
    # The first layer's column of an axis is multiplied by its factor (Box keeps each cut plane
    # through its point, so the bias changes too); the other axes' columns are unchanged.
    plain_weight, plain_bias = first_layer(run(problem))
    weight, bias = first_layer(run(problem, axis_scales={"t": 0.25}))
    torch.testing.assert_close(weight[:, 0], plain_weight[:, 0], rtol=0, atol=0)
    torch.testing.assert_close(weight[:, 1], 0.25 * plain_weight[:, 1], rtol=1e-15, atol=0)
    assert not torch.equal(bias, plain_bias)


def check_aligned(problem):
    # Every row of the first layer is orthogonal to the flow in the unit box the layer sees (the
    # problem's flow over the box's spans); 0 draws the plain layer, bit for bit.
    solution = run(problem, aligned=1)
    compiled = solution.compiled
    weight, _ = first_layer(solution)
    points = compiled.lower + (compiled.upper - compiled.lower) * unit_points(8).numpy()
    flow = torch.from_numpy(compiled.flow()(points) / (compiled.upper - compiled.lower))
    assert (weight @ flow.T).abs().max() < 1e-12 * weight.abs().max()
    plain, off = first_layer(run(problem)), first_layer(run(problem, aligned=0))
    assert all(torch.equal(a, b) for a, b in zip(plain, off, strict=True))
    assert not torch.equal(weight, plain[0])


def check_constant(problem):
    x = unit_points()
    with_constant = run(problem, constant=True)
    without = run(problem, constant=False)
    assert with_constant.coefficients.shape == (9,) and without.coefficients.shape == (8,)
    assert torch.equal(with_constant.basis(x)[:, -1], torch.ones(5, dtype=torch.float64))
    torch.testing.assert_close(without.basis(x), without.basis.hidden(x), rtol=0, atol=0)


# -- training --------------------------------------------------------------------------------------


def check_optimizer(problem):
    # lsgd: the last layer is the least-squares solution. gd: a joint gradient step on every
    # parameter, the last layer included: c_1 = c_0 - lr * 2 A^T (A c_0 - b).
    lsgd = run(problem, optimizer="lsgd")
    A, b = system_of(lsgd)
    expected, *_ = np.linalg.lstsq(A, b, rcond=None)
    np.testing.assert_allclose(lsgd.coefficients.numpy(), expected, rtol=1e-8, atol=1e-10)
    settings = settings_of(optimizer="gd", lr=1e-2, iterations=1)
    compiled = compile_problem(problem, settings)
    start = build_basis(compiled, settings)
    A0, b0 = (v.detach().numpy() for v in System(compiled, torch.float64, "cpu").assemble(start))
    generator = torch.Generator().manual_seed(settings.seed + 1)
    c0 = ((torch.rand(9, generator=generator, dtype=torch.float64) * 2 - 1) / 3).numpy()
    gd = solve(compiled, settings)
    c1 = c0 - 1e-2 * 2 * A0.T @ (A0 @ c0 - b0)
    np.testing.assert_allclose(gd.coefficients.numpy(), c1, rtol=1e-10, atol=1e-12)
    # adam: its first step moves every parameter by lr (m / sqrt(v) = g / |g|).
    adam = run(problem, optimizer="adam", lr=1e-2, iterations=1)
    np.testing.assert_allclose(np.abs(adam.coefficients.numpy() - c0), 1e-2, rtol=1e-4)


def _lsgd_step(problem, **changes):
    """theta after one LSGD step, theta before, and dJ/dtheta at c = LS(theta) (recomputed)."""
    settings = settings_of(iterations=1, **changes)
    compiled = compile_problem(problem, settings)
    before = build_basis(compiled, settings)
    A, b = System(compiled, torch.float64, "cpu").assemble(before)
    c = least_squares(A.detach(), b).coefficients
    (A @ c - b).square().sum().backward()
    after = solve(compiled, settings).basis
    return after.hidden_parameters(), before.hidden_parameters()


def check_hidden_step(problem):
    # gd: theta_1 = theta_0 - lr * grad; adam's first step is lr * g / (|g| + 1e-8): lr per entry.
    after, before = _lsgd_step(problem, hidden_step="gd", lr=1e-2)
    for new, old in zip(after, before):
        torch.testing.assert_close(
            new.detach(), old.detach() - 1e-2 * old.grad, rtol=1e-9, atol=1e-12
        )
    after, before = _lsgd_step(problem, hidden_step="adam", lr=1e-2)
    for new, old in zip(after, before):
        moved = (new.detach() - old.detach()).abs()
        large = old.grad.abs() > 1e-4  # where eps = 1e-8 in Adam's denominator is negligible
        assert bool(large.any())
        torch.testing.assert_close(
            moved[large], torch.full_like(moved[large], 1e-2), rtol=1e-3, atol=0
        )


def check_lr(problem):
    # A plain gradient step scales with lr: the same step at two rates.
    steps = []
    for lr in (1e-3, 4e-3):
        after, before = _lsgd_step(problem, hidden_step="gd", lr=lr)
        steps.append(torch.cat([(a.detach() - o.detach()).ravel() for a, o in zip(after, before)]))
    assert float(steps[0].norm()) > 0
    torch.testing.assert_close(steps[1], 4 * steps[0], rtol=1e-8, atol=1e-14)


def check_iterations(problem):
    solution = run(problem, iterations=3)
    assert solution.iterations == 3 and solution.history.iteration == [0, 1, 2, 3]
    assert solution.stop_reason == "iterations"
    assert len(run(problem, iterations=0).history) == 1


def check_tol(problem):
    # The loss of this basis is far below 1e3 and above 1e-30 (measured 2e-3 at iteration 0).
    loose = run(problem, iterations=5, tol=1e3)
    assert loose.stop_reason == "tol" and loose.iterations == 0
    tight = run(problem, iterations=2, tol=1e-30)
    assert tight.stop_reason == "iterations" and tight.iterations == 2


def check_time_limit(problem):
    # Any iteration takes more than a nanosecond: training stops at the first check.
    solution = run(problem, iterations=50, time_limit=1e-9)
    assert solution.stop_reason == "time_limit" and solution.iterations == 0


def check_least_squares(problem):
    # Each method reports the condition number its own way (module docstring): svd the exact
    # sigma_max / sigma_min of the column-scaled system; qr the pivot ratio |r_11| / |r_rr| of
    # a column-pivoted QR; tikhonov max l_ii / min l_ii of the Cholesky factor of
    # G_s + lambda I. Each is recomputed here with numpy/scipy.
    svd = run(problem, least_squares="svd")
    A, b = system_of(svd)
    norms = np.linalg.norm(A, axis=0)
    scaled = A / norms
    s = np.linalg.svd(scaled, compute_uv=False)
    assert svd.condition == pytest.approx(s[0] / s[-1], rel=1e-6)
    qr = run(problem, least_squares="qr")
    # Scaled columns all have norm 1, so the first pivot is a tie that rounding breaks (the
    # closed-form and the forward-mode assembly broke it differently). After it, the pivots
    # are the largest remaining norms: the ratio is one of these, one per first column.
    ratios = []
    for first in range(scaled.shape[1]):
        q = scaled[:, first] / np.linalg.norm(scaled[:, first])
        rest = np.delete(scaled, first, axis=1)
        rest = rest - np.outer(q, q @ rest)
        r = scipy.linalg.qr(rest, mode="r", pivoting=True)[0]
        ratios.append(np.linalg.norm(scaled[:, first]) / abs(r[rest.shape[1] - 1, -1]))
    assert min(abs(qr.condition / ratio - 1) for ratio in ratios) < 1e-6
    assert len({round(float(np.log(ratio)), 3) for ratio in ratios}) > 1  # the tie matters
    tikhonov = run(problem, least_squares="tikhonov", tikhonov=1e-6)
    gram = scaled.T @ scaled
    lam = 1e-6 * np.linalg.eigvalsh(gram)[-1]
    cholesky = np.linalg.cholesky(gram + lam * np.eye(9))
    assert tikhonov.condition == pytest.approx(
        np.diag(cholesky).max() / np.diag(cholesky).min(), rel=1e-6
    )
    # The three estimates differ (so the method really changed).
    assert (
        len({round(math.log10(v), 3) for v in (svd.condition, qr.condition, tikhonov.condition)})
        == 3
    )


def check_rcond(problem):
    # The rank is the number of column-scaled singular values above rcond * sigma_max. The
    # scaled sigma / sigma_max of this basis are 1, 0.54, 0.50, 0.43, 0.43, 0.33, 0.27, 0.25,
    # 0.13: the cutoffs below fall between them, far from any.
    # The SVD's cutoff is exact; the default (cod) judges an estimated condition of the kept
    # triangle against 1 / rcond, so its rank only has to fall as rcond grows.
    full = run(problem, least_squares="svd")
    s = scaled_singular_values(system_of(full)[0])
    assert full.rank == 9
    ranks = []
    for rcond in (0.3, 0.2):
        cut = run(problem, rcond=rcond, least_squares="svd")
        assert cut.rank == int(np.sum(s > rcond * s[0]))
        ranks.append(cut.rank)
    assert ranks == [6, 8]
    cod = [run(problem, rcond=rcond).rank for rcond in (0.3, 0.01, 1e-12)]
    assert cod[0] < cod[1] <= cod[2] == 9


def check_tikhonov(problem):
    # c = D^-1 (G_s + lambda I)^-1 A_s^T b with lambda = tikhonov * ||G_s||_2 and D the norms.
    solution = run(problem, least_squares="tikhonov", tikhonov=1e-3)
    A, b = system_of(solution)
    norms = np.linalg.norm(A, axis=0)
    scaled = A / norms
    gram = scaled.T @ scaled
    lam = 1e-3 * np.linalg.eigvalsh(gram)[-1]
    expected = np.linalg.solve(gram + lam * np.eye(9), scaled.T @ b) / norms
    # Power iteration estimates ||G_s||_2; 30 steps on this 9 x 9 matrix converge to ~1e-10.
    np.testing.assert_allclose(solution.coefficients.numpy(), expected, rtol=1e-6, atol=1e-9)
    plain, *_ = np.linalg.lstsq(A, b, rcond=None)
    assert np.abs(solution.coefficients.numpy() - plain).max() > 1e-3 * np.abs(plain).max()


def check_chunk_size(problem, monkeypatch):
    # Streaming over chunks changes how many rows are assembled at once, never the result.
    largest = []
    block = TermSystem.block

    def spy(self, basis, rows=None, reduced=None):
        out = block(self, basis, rows, reduced)
        largest.append(out.shape[0])
        return out

    monkeypatch.setattr(TermSystem, "block", spy)
    # The strategy itself, without solve()'s validation pass (which assembles its own points).
    whole = lsgd.run(compile_problem(problem, settings_of()), settings_of(iterations=1))
    whole_rows = max(largest)
    largest.clear()
    chunked = lsgd.run(
        compile_problem(problem, settings_of()), settings_of(iterations=1, chunk_size=40)
    )
    assert whole_rows == 256 and max(largest) == 40
    x = unit_points(50)
    # TSQR over 8 chunks rounds differently from one QR: agreement to 1e-12 on the field.
    np.testing.assert_allclose(chunked(x.numpy()), whole(x.numpy()), rtol=0, atol=1e-12)


def check_device(problem):
    solution = run(problem, device="cpu")
    assert solution.coefficients.device.type == "cpu"
    assert all(p.device.type == "cpu" for p in solution.basis.parameters())
    if torch.cuda.is_available():
        on_gpu = run(problem, device="cuda")
        assert on_gpu.coefficients.device.type == "cuda"
        np.testing.assert_allclose(
            on_gpu(unit_points().numpy()), solution(unit_points().numpy()), atol=1e-10
        )
    else:
        with pytest.raises(SettingsError, match="no CUDA device"):
            run(problem, device="cuda")


def check_dtype(problem):
    single = run(problem, dtype="float32")
    double = run(problem, dtype="float64")
    assert single.coefficients.dtype == torch.float32
    assert all(p.dtype == torch.float32 for p in single.basis.parameters())
    x = unit_points(50).numpy()
    difference = np.abs(single(x) - double(x)).max()
    # Float32 rounding, amplified by the solve's condition number (~1e3 here): visible, small.
    assert 1e-9 < difference < 1e-2


def check_seed(problem):
    # One seed drives the initialization and every random cloud.
    same = [first_layer(run(problem, seed=5))[0] for _ in range(2)]
    assert torch.equal(same[0], same[1])
    assert not torch.equal(same[0], first_layer(run(problem, seed=6))[0])
    overrides = {"pde": {"points": "random:20"}}
    clouds = [
        compile_problem(problem, settings_of(seed=seed, terms=overrides)).terms[0].points
        for seed in (5, 5, 6)
    ]
    np.testing.assert_array_equal(clouds[0], clouds[1])
    assert not np.array_equal(clouds[0], clouds[2])


def check_eval_points(problem):
    solution = run(problem, eval_points=7)
    fields = solution.grid()
    assert fields["u"].shape == (49,) and len(fields["axes"][0]) == 7
    u = fields["u"]
    exact = fields["exact"]
    assert solution.errors()["max"] == pytest.approx(np.abs(u - exact).max(), rel=1e-12)


def check_eval_every(problem):
    solution = run(problem, iterations=5, eval_every=2)
    measured = [not math.isnan(e) for e in solution.history.error]
    # Every second iteration, and always the last.
    assert measured == [True, False, True, False, True, True]


def check_terms(problem):
    # A per-term override changes the cloud and the weight; the block is scaled by
    # sqrt(weight / N) with the new values.
    settings = settings_of(terms={"pde": {"weight": 7, "points": "random:33"}})
    compiled = compile_problem(problem, settings)
    pde = compiled.terms[0]
    assert pde.weight == 7 and pde.size == 33
    basis = build_basis(compiled, settings)
    A, _ = System(compiled, torch.float64, "cpu").assemble(basis)
    unscaled = TermSystem(pde, torch.float64, torch.device("cpu")).block(basis)
    torch.testing.assert_close(A[:33], math.sqrt(7 / 33) * unscaled, rtol=1e-14, atol=0)


CHECKS = {
    "width": check_width,
    "depth": check_depth,
    "arch": check_arch,
    "activation": check_activation,
    "init": check_init,
    "init_scale": check_init_scale,
    "axis_scales": check_axis_scales,
    "aligned": check_aligned,
    "constant": check_constant,
    "optimizer": check_optimizer,
    "hidden_step": check_hidden_step,
    "lr": check_lr,
    "iterations": check_iterations,
    "tol": check_tol,
    "time_limit": check_time_limit,
    "least_squares": check_least_squares,
    "rcond": check_rcond,
    "tikhonov": check_tikhonov,
    "chunk_size": check_chunk_size,
    "device": check_device,
    "dtype": check_dtype,
    "seed": check_seed,
    "eval_points": check_eval_points,
    "eval_every": check_eval_every,
    "terms": check_terms,
}


def test_every_setting_has_a_reach_check():
    fields = {field.name for field in dataclasses.fields(Settings)}
    assert set(CHECKS) | set(CHECKED_ELSEWHERE) == fields
    assert not set(CHECKS) & set(CHECKED_ELSEWHERE)
    root = os.path.dirname(__file__)
    for name, path in CHECKED_ELSEWHERE.items():
        assert os.path.exists(os.path.join(root, os.path.basename(path))), (name, path)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_setting_changes_the_computation(name, problem, monkeypatch):
    check = CHECKS[name]
    if "monkeypatch" in check.__code__.co_varnames[: check.__code__.co_argcount]:
        check(problem, monkeypatch)
    else:
        check(problem)
