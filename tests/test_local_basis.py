"""The local basis (``subdomains``): features on a grid of subdomains glued by a partition of
unity (pinnls/numeric/local.py), its setting, and every path that must run it unchanged: the
dense assembly, LSGD, time slabs, a system, the writers, the checkpoint and ``pinnls.load``."""

import json
import warnings

import numpy as np
import pytest
import sympy as sp
import torch
from helpers import ROOT

import pinnls
from pinnls import Box, Problem, Settings, checkpoint, compile_problem, solve
from pinnls.cli import main
from pinnls.errors import SettingsError
from pinnls.numeric import local
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis, basis_derivatives, directional_derivative, jvp_only
from pinnls.numeric.initialization import initialize
from pinnls.numeric.local import LocalBasis, initialize_local
from pinnls.training.initial import build_basis

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
p, v = sp.Function("p"), sp.Function("v")

QUICK = {"optimizer": "lsgd", "activation": "tanh", "iterations": 0, "init_scale": 0.5}


def local_basis(counts=(3, 2), width=14, transition="quintic", lower=(0.0, -1.0), upper=(2.0, 1.0)):
    basis = LocalBasis(lower, upper, counts, width, activation="tanh", transition=transition)
    return initialize_local(basis, "box", torch.Generator().manual_seed(0), scale=2.0)


def points_around(basis, n=300, seed=0):
    """Points over the box and a margin outside it (the partition holds on all of R^d)."""
    g = torch.Generator().manual_seed(seed)
    unit = torch.rand(n, basis.in_features, generator=g, dtype=torch.float64) * 1.4 - 0.2
    return basis.lower + unit * basis.scale


# ------------------------------------------------------------------- the partition of unity


@pytest.mark.parametrize("transition", ["quintic", "sine"])
@pytest.mark.parametrize("counts", [(4,), (3, 2), (2, 3, 2)])
def test_the_partition_sums_to_one_and_its_derivatives_to_zero(counts, transition):
    d = len(counts)
    basis = local_basis(counts, width=2 * int(np.prod(counts)), transition=transition,
                        lower=[0.0] * d, upper=[1.0 + i for i in range(d)])  # fmt: skip
    xs = points_around(basis)
    tangent = torch.randn(xs.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    psi, dpsi = basis.partition(xs, tangent)
    assert psi.shape == (xs.shape[0], int(np.prod(counts)))
    torch.testing.assert_close(psi.sum(1), torch.ones(xs.shape[0], dtype=torch.float64),
                               rtol=0, atol=1e-14)  # fmt: skip
    assert float(psi.min()) >= 0.0
    assert float(dpsi.sum(1).abs().max()) < 1e-12
    # Second derivatives along each axis sum to 0 too (forward mode through the partition).
    for axis in range(d):
        alpha = tuple(2 if a == axis else 0 for a in range(d))
        hessian = basis_derivatives(lambda z: basis.partition(z)[0], xs, [alpha])[alpha]
        assert float(hessian.sum(1).abs().max()) < 1e-9 * float(hessian.abs().max() + 1)


def test_a_subdomain_s_function_vanishes_away_from_its_cell():
    basis = local_basis((4, 2), width=8, lower=(0.0, 0.0), upper=(1.0, 1.0))
    low, high = basis.cells()
    xs = points_around(basis, n=2000)
    psi, _ = basis.partition(xs)
    for k in range(8):
        outside = ((xs < low[k]) | (xs > high[k])).any(1)
        # cells at the box's faces reach beyond it: only inner edges bound the support
        inner = ((xs < low[k]) & (low[k] > 0)) | ((xs > high[k]) & (high[k] < 1))
        assert float(psi[inner.any(1), k].abs().max()) == 0.0
        assert outside.any()
    # Inside its cell, away from the transitions, a subdomain's function is exactly 1.
    centre = ((low[3] + high[3]) / 2)[None]
    assert float(basis.partition(centre)[0][0, 3]) == 1.0


# ------------------------------------------------------------------------------ derivatives


def reverse_jacobian(function, xs):
    """(n, m, d) by reverse-mode autograd, one column at a time."""
    xs = xs.clone().requires_grad_(True)
    values = function(xs)
    rows = [torch.autograd.grad(values[:, j].sum(), xs, create_graph=True)[0]
            for j in range(values.shape[1])]  # fmt: skip
    return torch.stack(rows, 1), xs


@pytest.mark.parametrize("transition", ["quintic", "sine"])
def test_local_derivatives_equal_autograd_s(transition):
    basis = local_basis(transition=transition)
    xs = points_around(basis, n=120)
    tangent = torch.randn(xs.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    values, derivative = directional_derivative(basis, xs, tangent)
    jacobian, leaf = reverse_jacobian(basis, xs)
    torch.testing.assert_close(values, basis(xs), rtol=0, atol=0)
    torch.testing.assert_close(derivative, (jacobian * tangent[:, None]).sum(-1),
                               rtol=1e-12, atol=1e-12)  # fmt: skip
    # Second order (the generic nested-jvp path of basis_derivatives) against reverse over
    # reverse, on every mixed and pure second derivative.
    blocks = basis_derivatives(basis, xs, [(2, 0), (1, 1), (0, 2), (1, 0)])
    hessian = torch.stack(
        [torch.stack([torch.autograd.grad(jacobian[:, j, a].sum(), leaf, retain_graph=True)[0]
                      for a in range(2)], 1) for j in range(basis.size)], 1)  # fmt: skip
    torch.testing.assert_close(blocks[(1, 0)], jacobian[..., 0].detach(), rtol=1e-12, atol=1e-12)
    for alpha, (a, b) in (((2, 0), (0, 0)), ((1, 1), (0, 1)), ((0, 2), (1, 1))):
        torch.testing.assert_close(blocks[alpha], hessian[:, :, a, b], rtol=1e-10, atol=1e-9)
        assert float(blocks[alpha][:, -1].detach().abs().max()) == 0.0  # the constant column


@pytest.mark.parametrize("activation", ["tanh", "sin", "relu"])
@pytest.mark.parametrize("transition", ["quintic", "sine"])
def test_the_closed_form_columns_equal_forward_mode(transition, activation):
    # Every multi-index to third order, constant and per-point coefficients, against the
    # nested forward mode of basis_derivatives (the path the closed form replaces).
    basis = LocalBasis((0.0, -1.0), (2.0, 1.0), (3, 2), 14, activation, transition=transition)
    basis = initialize_local(basis, "box", torch.Generator().manual_seed(0), scale=2.0)
    xs = points_around(basis, n=150)
    field = torch.linspace(-1.0, 2.0, xs.shape[0], dtype=torch.float64)
    parts = [((0, 0), 1.3), ((1, 0), field), ((0, 1), 0.7), ((2, 0), -1.0), ((1, 1), field),
             ((0, 2), 2.0), ((2, 1), 0.5), ((0, 3), field), ((3, 0), 0.0)]  # fmt: skip
    assert local.has_local_closed_form(basis, 3)
    got = local.operator_columns(basis, xs, parts)
    blocks = basis_derivatives(basis, xs, [alpha for alpha, _ in parts])
    expected = sum(
        (c[:, None] if isinstance(c, torch.Tensor) else c) * blocks[alpha] for alpha, c in parts
    )
    assert got.shape == (xs.shape[0], basis.size)
    torch.testing.assert_close(got, expected, rtol=1e-10, atol=1e-9)
    torch.testing.assert_close(got[:, -1], 1.3 * torch.ones_like(field), rtol=0, atol=0)


def test_the_assembly_takes_the_closed_form_and_gives_forward_mode_s_system():
    compiled = compile_problem(poisson(), Settings.from_mapping(QUICK, width=40, subdomains="2x2"))
    basis = build_basis(compiled, Settings.from_mapping(QUICK, width=40, subdomains="2x2"))
    system = System(compiled, torch.float64, "cpu")
    closed = system.assemble(basis)[0]
    with jvp_only():
        assert not local.has_local_closed_form(basis, 2)
        reference = system.assemble(basis)[0]
    torch.testing.assert_close(closed, reference, rtol=1e-10, atol=1e-8)


def test_one_subdomain_is_the_global_basis_bit_for_bit():
    # The local draw of a single cell is the global Box draw: same weights, same values.
    local = local_basis((1, 1), width=10)
    plain = Basis((0.0, -1.0), (2.0, 1.0), 10, activation="tanh")
    initialize(plain, "box", torch.Generator().manual_seed(0), scale=2.0)
    torch.testing.assert_close(local.layers[0].weight, plain.layers[0].weight, rtol=0, atol=0)
    xs = points_around(local)
    torch.testing.assert_close(local(xs), plain(xs), rtol=0, atol=0)


def test_each_feature_changes_sign_on_its_own_cell():
    # Box: every cut plane passes through a point of its subdomain's support.
    basis = local_basis((3, 3), width=45, lower=(0.0, 0.0), upper=(1.0, 1.0))
    low, high = basis.cells()
    grid = torch.stack(torch.meshgrid(*[torch.linspace(0, 1, 41, dtype=torch.float64)] * 2,
                                      indexing="ij"), -1).reshape(-1, 2)  # fmt: skip
    layer = basis.layers[0]
    for j in range(basis.width):
        k = int(basis.owner[j])
        cell = low[k] + grid * (high[k] - low[k])
        z = cell @ layer.weight[j].detach() + layer.bias[j].detach()
        assert float(z.min()) < 0 < float(z.max())
    assert basis.widths == (5,) * 9 and basis.owner.tolist() == sorted(basis.owner.tolist())


def test_features_are_as_steep_as_global_ones_unless_drawn_per_cell():
    # Same draws (one generator seed): the local convention's rows are the global one's divided
    # by the cell's extent along each axis (the cells of 4x2 with their overlaps).
    def draw(steepness):
        basis = LocalBasis((0.0, 0.0), (1.0, 1.0), (4, 2), 16, activation="tanh")
        generator = torch.Generator().manual_seed(5)
        return initialize_local(basis, "box", generator, 2.0, steepness=steepness)

    steep, local = draw("global"), draw("local")
    low, high = steep.cells()
    extent = (high - low)[steep.owner]
    w_global, w_local = steep.layers[0].weight.detach(), local.layers[0].weight.detach()
    torch.testing.assert_close(w_local, w_global / extent, rtol=1e-14, atol=0)
    with pytest.raises(ValueError, match="steepness 'steep'"):
        initialize_local(steep, "box", None, 2.0, steepness="steep")


def test_the_width_is_split_evenly_and_the_first_cells_take_the_remainder():
    basis = LocalBasis((0.0, 0.0), (1.0, 1.0), (2, 2), 10)
    assert basis.widths == (3, 3, 2, 2) and basis.size == 11 and basis.subdomains == 4


# -------------------------------------------------------------------------------- solving


def poisson() -> Problem:
    exact = sp.sin(sp.pi * x) * sp.sin(sp.pi * y) + x * y
    template = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="local-poisson")
    template.equation("pde", sp.Eq(-(u(x, y).diff(x, 2) + u(x, y).diff(y, 2)), 0))
    for name, side in (("x0", (0, y)), ("x1", (1, y)), ("y0", (x, 0)), ("y1", (x, 1))):
        template.condition(name, sp.Eq(u(*side), 0))
    return template.manufactured(exact)


def transport() -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="local-transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-sp.pi * t)))
    problem.exact(sp.sin(sp.pi * (x - t)))
    return problem


def test_a_manufactured_poisson_solve_on_2x2_subdomains():
    # Measured 3.8e-5 (width 160, 40 features per subdomain, the default 64^2 + 4 x 64 grids);
    # the global basis of the same width and steepness gets 4.0e-9 here (docs/benchmarks.md,
    # "Local bases": at equal columns the local basis loses on smooth solutions).
    solution = solve(poisson(), Settings.from_mapping(QUICK, width=160, subdomains="2x2"))
    assert isinstance(solution.basis, LocalBasis) and solution.basis.subdomains == 4
    assert solution.errors()["rel_l2"] < 1e-4


def test_a_transport_solve_on_space_time_subdomains():
    # Measured 4.0e-4 at width 96 on 2x2 subdomains of (x, t) (global: 1.5e-7).
    solution = solve(transport(), Settings.from_mapping(QUICK, width=96, subdomains="x=2,t=2"))
    assert solution.errors()["rel_l2"] < 1e-3


def test_a_solution_s_derivatives_on_a_chain_are_the_exact_ones():
    # u = sin(pi (x - t)) on 4 cells along t: u_x and u_t (cell by cell) against the exact
    # derivatives. Measured: max errors 2.6e-3 and 2.2e-3 of pi (width 128; values 3.0e-4).
    solution = solve(transport(), Settings.from_mapping(QUICK, width=128, subdomains="t=4"))
    xs = np.random.default_rng(4).random((500, 2))
    exact = np.pi * np.cos(np.pi * (xs[:, 0] - xs[:, 1]))
    assert np.abs(solution.derivative(xs, (1, 0)) - exact).max() < 1e-2 * np.pi
    assert np.abs(solution.derivative(xs, (0, 1)) + exact).max() < 1e-2 * np.pi


def test_save_and_load_round_trip(tmp_path):
    solution = pinnls.solve(transport(), **QUICK, width=48, subdomains="2x2")
    solution.save(tmp_path / "out", formats="h5")
    again = pinnls.load(tmp_path / "out")
    assert isinstance(again.network.slabs[0][0], LocalBasis)
    xs = np.random.default_rng(0).random((200, 2))
    np.testing.assert_allclose(again(xs), solution(xs), rtol=0, atol=1e-12)
    from pinnls.cli.info import info_rows
    from pinnls.io import read_info

    info = read_info(tmp_path / "out" / "solution.h5")
    assert info["settings"]["subdomains"] == "2x2"
    assert '"subdomains": "2x2"' in dict(info_rows(info))["settings"]  # pinnls info's table
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["settings"]["subdomains"] == "2x2"


def test_time_slabs_each_get_their_own_subdomains_and_load_back(tmp_path):
    # measured 1.1e-2 (12 features per subdomain; global: 6.3e-5)
    marched = pinnls.solve(transport(), **QUICK, width=48, subdomains="2x2", time_slabs=2)
    assert marched.errors()["rel_l2"] < 3e-2
    marched.save(tmp_path / "slabs", formats="h5")
    again = pinnls.load(tmp_path / "slabs")
    assert len(again.network.slabs) == 2
    assert all(isinstance(basis, LocalBasis) for basis, _ in again.network.slabs)
    xs = np.random.default_rng(1).random((200, 2))
    np.testing.assert_allclose(again(xs), marched(xs), rtol=0, atol=1e-12)


def acoustics() -> Problem:
    right, left = sp.sin(sp.pi * (x - 2 * t)), sp.cos(sp.pi * (x + 2 * t))
    pressure, velocity = (right + left) / 2, (right - left) / 4
    problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="local-acoustics")
    problem.equation("mass", sp.Eq(p(x, t).diff(t) + 4 * v(x, t).diff(x), 0))
    problem.equation("momentum", sp.Eq(v(x, t).diff(t) + p(x, t).diff(x), 0))
    problem.condition("initial-p", sp.Eq(p(x, 0), pressure.subs(t, 0)))
    problem.condition("initial-v", sp.Eq(v(x, 0), velocity.subs(t, 0)))
    problem.condition("left", sp.Eq(p(0, t) + 2 * v(0, t), (pressure + 2 * velocity).subs(x, 0)))
    problem.condition("right", sp.Eq(p(1, t) - 2 * v(1, t), (pressure - 2 * velocity).subs(x, 1)))
    problem.exact({p(x, t): pressure, v(x, t): velocity})
    return problem


def test_a_system_on_a_local_basis_solves_and_loads_back(tmp_path):
    problem = acoustics()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = pinnls.solve(problem, **QUICK, width=96, subdomains="2x2")
    assert solution.errors()["rel_l2"] < 1e-2  # measured 3.4e-3 (24 features per subdomain)
    solution.save(tmp_path / "sys", formats="h5")
    again = pinnls.load(tmp_path / "sys")
    xs = np.random.default_rng(2).random((100, 2))
    np.testing.assert_allclose(again(xs), solution(xs), rtol=0, atol=1e-12)


def test_a_checkpoint_resumes_lsgd_training_of_a_local_basis(tmp_path):
    settings = Settings.from_mapping(QUICK, width=24, subdomains="2x2", iterations=4, eval_every=1)
    compiled = compile_problem(transport(), settings)
    straight = solve(compiled, settings)
    first = solve(compiled, settings.replace(iterations=2))
    saved = checkpoint.save(first, tmp_path / "checkpoint.pt", problem_sha256="0" * 64)
    resumed = solve(compiled, settings, resume=saved)
    # the hidden layer moved (LSGD trains the stacked local first layers) and resumes exactly
    assert not torch.equal(straight.basis.layers[0].weight, first.basis.layers[0].weight)
    torch.testing.assert_close(resumed.coefficients, straight.coefficients, rtol=1e-9, atol=1e-12)
    torch.testing.assert_close(resumed.basis.layers[0].weight, straight.basis.layers[0].weight)


# ------------------------------------------------------------------------------- settings


@pytest.mark.parametrize(
    "given, canonical",
    [("4x4", "4x4"), ("4X2", "4x2"), (" x=4, t=2 ", "x=4,t=2"), ({"x": 3}, "x=3"), ((2, 3), "2x3"),
     (5, "5"), ("5", "5")],
)  # fmt: skip
def test_the_setting_reads_a_grid_or_named_axes(given, canonical):
    assert Settings(subdomains=given).subdomains == canonical


def test_none_is_the_global_basis():
    assert Settings(subdomains="none").subdomains is None
    assert Settings(subdomains=" None ").subdomains is None


@pytest.mark.parametrize(
    "given",
    ["4x", "0x2", "x=0", "a", "x=2,x=3", "2.5x2", "", "x=", "=3", "x=-1", 0, 2.0, True, [], {}],
)
def test_bad_subdomains_are_refused_in_one_line(given):
    with pytest.raises(SettingsError, match="setting 'subdomains' is .*; write a grid such as 4x4"):
        Settings(subdomains=given)


def test_a_local_basis_needs_depth_one_and_a_feature_per_subdomain():
    with pytest.raises(SettingsError, match=r"makes 16 subdomains, more than the width 8"):
        Settings(subdomains="4x4", width=8)
    with pytest.raises(SettingsError, match=r"needs depth 1 .* depth is 2"):
        Settings(subdomains="2x2", depth=2)


def test_more_subdomains_than_the_fixed_default_width_compile_for_auto():
    # auto splits its own widths (512 and up) over the subdomains: 64 of them must not be
    # checked against the fixed strategies' default width 32 when the file compiles.
    compiled = compile_problem(transport(), {"subdomains": "8x8"})
    assert compiled.settings.subdomains == "8x8"
    with pytest.raises(SettingsError, match=r"makes 64 subdomains, more than the width 32"):
        compile_problem(transport(), {"subdomains": "8x8"}).settings.fixed()


def test_counts_that_do_not_fit_the_axes_are_refused_when_compiling():
    with pytest.raises(SettingsError, match=r"'2x2x2': 3 counts for the 2 axes x, t"):
        compile_problem(transport(), {"subdomains": "2x2x2"})
    with pytest.raises(SettingsError, match="names axis 'z'; the axes are x, t"):
        compile_problem(transport(), {"subdomains": "z=2"})


def test_the_cli_refuses_bad_subdomains_in_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    for value, message in (("4x", "write a grid such as 4x4"), ("2x2x2", "3 counts for the 2")):
        code = main(["solve", "example:advection_gauss", "--subdomains", value, "--out", str(out)])
        err = capsys.readouterr().err
        assert code == 2
        assert err.strip().count("\n") == 0 and message in err and "Traceback" not in err
        assert not out.exists() or not any(out.iterdir())


# ---------------------------------------------------------------------- the block-sparse path


def test_memberships_hold_every_point_where_a_subdomain_s_function_is_nonzero():
    from pinnls.numeric.block_sparse import memberships

    basis = local_basis((4, 3), width=12, lower=(0.0, 0.0), upper=(1.0, 1.0))
    xs = points_around(basis, n=3000)
    psi, _ = basis.partition(xs)
    found = memberships(basis, xs)
    for k in range(12):
        nonzero = set(np.flatnonzero(psi[:, k].numpy() > 0).tolist())
        assert nonzero <= set(found[k].tolist())
        # ...and not many more: at most the points within the support's closure
        assert len(found[k]) <= len(nonzero) + 5


@pytest.mark.parametrize(
    "make, width, interior", [(poisson, 80, ("pde",)), (acoustics, 48, ("mass", "momentum"))]
)
def test_the_block_sparse_solve_equals_the_dense_one(make, width, interior):
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_block_sparse
    from pinnls.training import build_basis

    terms = {name: {"points": "grid:1/32"} for name in interior}  # 1024 rows: a quick test
    settings = Settings.from_mapping(QUICK, width=width, subdomains="2x2", terms=terms)
    compiled = compile_problem(make(), settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    # Both in forward mode (the closed forms agree to rounding, tested above and below)
    with torch.no_grad(), jvp_only():
        matrix, b = system.assemble(basis)
        blocks = assemble_blocks(system, basis)
    # the blocks are the dense matrix's nonzeros, and hold fewer entries. Equal to rounding,
    # not bitwise: the two batch the same products in different shapes, and on some CPUs
    # (an AMD EPYC VM) the kernels round those differently, 7e-15 absolute at most
    scattered = np.zeros(tuple(matrix.shape))
    for rows, block, columns in zip(blocks.row_index, blocks.blocks, blocks.columns):
        scattered[np.ix_(rows, columns)] += block
    dense = matrix.numpy()
    np.testing.assert_allclose(scattered, dense, rtol=1e-12, atol=1e-13 * np.abs(dense).max())
    np.testing.assert_allclose(blocks.b, b.numpy(), rtol=1e-12, atol=1e-13 * b.abs().max().item())
    assert blocks.stored < 0.45 * matrix.numel()
    coefficients, info = solve_block_sparse(blocks)
    # the same function (coefficients of a numerically rank-deficient basis may differ):
    # measured 4e-11 and 1e-12 relative
    assert_as_dense(basis, matrix, b, coefficients, info, reported=1e-9, function=1e-8)


def assert_as_dense(basis, matrix, b, coefficients, info, reported, function):
    """The dense gelsd's least-squares residual (to 1e-6), the residual the solve reports (to
    ``reported``), and the dense solution's function at 500 random points (to ``function``)."""
    dense = torch.linalg.lstsq(matrix, b[:, None], rcond=1e-13, driver="gelsd").solution[:, 0]
    residual = float((matrix @ torch.from_numpy(coefficients) - b).norm())
    assert residual == pytest.approx(float((matrix @ dense - b).norm()), rel=1e-6)
    assert info["residual"] == pytest.approx(residual, rel=reported)
    xs = torch.rand(500, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    with torch.no_grad():
        ours = basis(xs) @ torch.from_numpy(coefficients).reshape(-1, basis.size).T
        theirs = basis(xs) @ dense.reshape(-1, basis.size).T
    assert float((ours - theirs).norm() / theirs.norm()) < function


@pytest.mark.parametrize(
    "make, width, subdomains, interior",
    [
        (poisson, 160, "4x1", ("pde",)),
        (transport, 96, "t=3", ("pde",)),  # space-time cells along t, solved together
        (acoustics, 96, "x=3", ("mass", "momentum")),  # two unknowns: two constant columns
    ],
)
def test_the_chain_solve_equals_the_dense_one(make, width, subdomains, interior):
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_chain
    from pinnls.training import build_basis

    terms = {name: {"points": "grid:1/32"} for name in interior}
    settings = Settings.from_mapping(QUICK, width=width, subdomains=subdomains, terms=terms)
    compiled = compile_problem(make(), settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    with torch.no_grad():
        matrix, b = system.assemble(basis)
    blocks = assemble_blocks(system, basis)
    coefficients, info = solve_chain(blocks, basis.subdomains)
    # The ridge moves the residual by far less than 1e-6; the solve reports it on the blocks'
    # truncated SVDs (measured 2.6e-7 off).
    assert_as_dense(basis, matrix, b, coefficients, info, reported=1e-6, function=1e-6)


def test_a_subdomain_without_points_gets_an_empty_block_and_zero_coefficients():
    # 16 strips on clouds of 4 points per axis: some strips hold no point of any cloud
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_chain
    from pinnls.training import build_basis

    terms = {name: {"points": "grid:1/4"} for name in ("pde", "x0", "x1", "y0", "y1")}
    settings = Settings.from_mapping(QUICK, width=16 * 8, subdomains="16x1", terms=terms)
    compiled = compile_problem(poisson(), settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    blocks = assemble_blocks(system, basis)
    empty = [k for k in range(basis.subdomains) if blocks.row_index[k].size == 0]
    assert empty and all(blocks.blocks[k].shape == (0, 8) for k in empty)
    coefficients, info = solve_chain(blocks, basis.subdomains)
    for k in empty:
        assert not coefficients[blocks.columns[k]].any()
    with torch.no_grad():
        matrix, b = system.assemble(basis)
    dense = torch.linalg.lstsq(matrix, b[:, None], rcond=1e-13, driver="gelsd").solution[:, 0]
    residual = float((matrix @ torch.from_numpy(coefficients) - b).norm())
    assert residual <= 1.01 * float((matrix @ dense - b).norm()) + 1e-12


def test_the_chain_solve_refuses_a_grid_that_is_not_a_chain():
    from pinnls.numeric.assembly import System
    from pinnls.numeric.block_sparse import assemble_blocks, solve_chain
    from pinnls.training import build_basis

    settings = Settings.from_mapping(QUICK, width=80, subdomains="2x2")
    compiled = compile_problem(poisson(), settings)
    basis = build_basis(compiled, settings)
    blocks = assemble_blocks(System(compiled, torch.float64, "cpu"), basis)
    with pytest.raises(ValueError, match="not neighbours"):
        solve_chain(blocks, basis.subdomains)


def ring() -> Problem:
    """u_t + u_x = 0 with u(0, t) = u(1, t): the periodic rows read both ends along x."""
    p = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="ring")
    p.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    p.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * sp.pi * x)))
    p.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    p.exact(sp.sin(2 * sp.pi * (x - t)))
    return p


def test_rows_that_read_cells_apart_are_planned_and_solved_dense():
    # A periodic condition across 3 cells or more joins the first and the last cell: no chain.
    # Across 2 cells, or cut along t, every row stays within neighbours.
    from pinnls import memory
    from pinnls.numeric.block_sparse import assemble_blocks, chain_span

    compiled = compile_problem(ring(), Settings())
    assert memory.rows_apart(compiled, 0, 3) and memory.rows_apart(compiled, 0, 8)
    assert not memory.rows_apart(compiled, 0, 2) and not memory.rows_apart(compiled, 1, 3)
    assert memory.chain_cells(compiled, Settings(subdomains="x=3")) == 0
    assert memory.chain_cells(compiled, Settings(subdomains="x=2")) == 2
    assert memory.chain_cells(compiled, Settings(subdomains="t=3")) == 3
    for subdomains, span in (("x=3", 2), ("x=2", 1), ("t=3", 1)):
        settings = Settings.from_mapping(QUICK, width=96, subdomains=subdomains)
        compiled = compile_problem(ring(), settings)
        basis = build_basis(compiled, settings)
        blocks = assemble_blocks(System(compiled, torch.float64, "cpu"), basis)
        assert chain_span(blocks, basis.subdomains) == span
    # The solve takes the dense path (it raised 'not neighbours' from the chain solve before).
    # Measured at width 192: rel L2 3.1e-4 (x=3), 3.9e-5 (x=2), 3.2e-4 (t=3), 1.5e-6 global.
    for subdomains in ("x=3", "t=3"):
        solution = solve(ring(), **dict(QUICK, width=192, subdomains=subdomains))
        assert solution.errors()["rel_l2"] < 1e-3


def test_the_plan_reads_the_cells_in_the_run_s_precision():
    # A nonlocal condition u(0, t) = u(x0, t), x0 within float32 rounding of the edge of a
    # transition on [0, 0.9] cut into 3: float32's memberships put x0 in cell 2 (apart from
    # cell 0), float64's in cell 1. The plan must read it as the run does.
    from pinnls import memory
    from pinnls.numeric.block_sparse import assemble_blocks, chain_span

    hi, cells = 0.9, 3
    x0 = 0.562499971999999  # 1.875 cells of 0.3, less 2.8e-8
    assert np.floor(x0 / hi * cells + 0.125) == 1
    assert np.floor(np.float32(np.float32(x0) / np.float32(hi)) * cells + 0.125) == 2
    problem = Problem(u(x, t), Box(x=(0, hi), t=(0.3, 0.4)), name="nonlocal")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="random:400")
    problem.condition("initial", sp.Eq(u(x, 0.3), sp.sin(2 * sp.pi * x)), points="random:100")
    problem.condition("nonlocal", sp.Eq(u(0, t) - u(x0, t), 0), points="random:200")
    for dtype, span in (("float64", 1), ("float32", 2)):
        settings = Settings.from_mapping(QUICK, width=24, subdomains="x=3", dtype=dtype)
        compiled = compile_problem(problem, settings)
        basis = build_basis(compiled, settings)
        blocks = assemble_blocks(System(compiled, basis.lower.dtype, "cpu"), basis)
        assert chain_span(blocks, cells) == span
        assert memory.chain_cells(compiled, settings) == (cells if span == 1 else 0)


def test_the_blocks_of_rows_apart_are_never_assembled(monkeypatch):
    # The run reads once that these rows are not a chain: no least-squares solve of its LSGD
    # iterations builds the blocks.
    from pinnls.training import chunks

    calls = []
    original = chunks.assemble_blocks
    monkeypatch.setattr(
        chunks, "assemble_blocks", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    settings = dict(QUICK, width=48, subdomains="x=3", iterations=5)
    solution = solve(ring(), **settings)
    assert len(solution.history.loss) >= 5 and not calls


def test_a_chain_that_the_plan_misread_falls_back_on_the_dense_solve(monkeypatch):
    # Were memory.rows_apart ever to miss rows that read cells apart, the chain's solve would
    # raise 'not neighbours' inside the run: the blocks' own check sends it dense instead.
    from pinnls import memory
    from pinnls.training import chunks

    monkeypatch.setattr(memory, "rows_apart", lambda *args: False)
    settings = dict(QUICK, width=192, subdomains="x=3")
    compiled = compile_problem(ring(), Settings.from_mapping(settings))
    basis = build_basis(compiled, Settings.from_mapping(settings))
    assert chunks.chain_cells(basis, compiled) == 3  # the plan misreads it
    solution = solve(ring(), **settings)
    assert solution.errors()["rel_l2"] < 1e-3  # 3.1e-4 measured, as planned dense


def test_an_unknown_of_fewer_axes_read_far_along_the_cut_axis_is_solved_dense():
    # f(x) is read at a fixed t: a row at t near 1 reads cell 0 of 4 along t.
    from test_partial_unknowns import source_problem

    from pinnls import memory

    compiled = compile_problem(source_problem(), Settings())
    assert memory.rows_apart(compiled, 1, 4)
    assert not memory.rows_apart(compiled, 0, 4) and not memory.rows_apart(compiled, 1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve(source_problem(), **dict(QUICK, width=256, subdomains="t=4"))
    # measured: u 9.0e-9, f 1.8e-7 (x=4, a chain: 8.8e-9 and 4.7e-7)
    errors = solution.errors()["unknowns"]
    assert errors["u"]["rel_l2"] < 1e-7 and errors["f"]["rel_l2"] < 2e-6


@pytest.mark.slow
def test_two_processes_give_the_one_process_answer():
    # --nproc shares the rows: the local basis is built alike in every process (one seed).
    one = pinnls.solve(transport(), **QUICK, width=48, subdomains="2x2")
    two = pinnls.solve(transport(), **QUICK, width=48, subdomains="2x2", nproc=2)
    xs = np.random.default_rng(0).random((100, 2))
    np.testing.assert_allclose(two(xs), one(xs), rtol=0, atol=1e-11)  # measured 3e-13


def test_auto_goes_local_on_one_axis_where_the_steepest_global_rung_is_not_enough():
    # benchmarks/one_axis/long_poisson.py, -u'' + u = f on [0, 20], u = sin x + cos(3x) / 2:
    # ten periods of the fast part. Measured (seed 0, one thread): the global ladder's best at
    # 12, width 1024 global 1.2e-7, 32 cells of 32 features 3.5e-11 (converged); the plan
    # without the local probe grew globally to 2048 for 2.9e-10 in 8.6 s.
    problem = pinnls.load_problem(ROOT / "benchmarks" / "one_axis" / "long_poisson.py").problem
    # Without features across its layers (width 1 at both ends, 1/20 of the box): with them
    # the global basis is enough (docs/benchmarks.md, section 28), and this is the local path.
    # and without the particular solution, which leaves the modes a homogeneous equation
    solution = pinnls.solve(problem, budget=60, layers=0, particular=False)
    record = solution.strategy
    assert isinstance(solution.basis, LocalBasis) and solution.basis.subdomains == 32
    assert record.chosen.subdomains == "32" and record.chosen.width == 1024
    local = record.stages[record.chosen.stage]
    plain = [st for st in record.stages if st.width == 1024 and st.subdomains is None]
    assert plain and 1.25 * local.estimate <= min(st.estimate for st in plain)
    assert record.to_json()["chosen"]["subdomains"] == "32"
    assert "subdomains" not in record.to_json()["stages"][0]  # a global stage reads as before
    # the report reads back, and the CLI's done line names the cells
    from pinnls.cli.solve import _summary
    from pinnls.io.report import build_report

    report = json.loads(json.dumps(build_report(solution)))
    assert "auto chose tanh width 1024, scale 12, 32 cells (" in _summary(report)
    from pinnls.io.strategy_rows import describe  # pinnls info

    assert describe(record)[0][1].startswith("auto: chose tanh width 1024, scale 12, 32 cells at")
    assert solution.errors()["rel_l2"] < 1e-9


# ------------------------------------------------------------- the chain path of every solve


@pytest.mark.parametrize(
    "make, width, subdomains",
    [(poisson, 160, "4x1"), (transport, 96, "t=3"), (acoustics, 96, "x=3")],
)
def test_a_chain_is_solved_without_its_dense_system_as_the_dense_path_solves_it(
    make, width, subdomains, monkeypatch
):
    # pinnls.solve on a chain of subdomains takes the banded QR from the blocks; the dense
    # path (the chain test switched off) is the reference. Measured: functions 9e-12 to 3.5e-9
    # apart (relative to their largest value; the chain's per-block cutoff and ridge), the
    # same rank, losses, history errors and estimates 1e-8 apart or closer.
    from pinnls.training import chunks, loop

    settings = dict(QUICK, width=width, subdomains=subdomains, rcond=1e-13)
    problem = make()
    with monkeypatch.context() as patch:
        # the dense reference: the chain test says no, every chunk is assembled
        patch.setattr(loop, "chain_cells", lambda *args: 0)
        dense = pinnls.solve(problem, **settings)

    def refuse(self, graph):
        raise AssertionError("the chain path assembled the dense system")

    monkeypatch.setattr(chunks.Chunks, "_assemble", refuse)
    chain = pinnls.solve(problem, **settings)
    xs = np.random.default_rng(1).random((400, 2))
    assert np.abs(chain(xs) - dense(xs)).max() <= 1e-7 * np.abs(dense(xs)).max()
    assert chain.rank == dense.rank
    assert chain.loss() == pytest.approx(dense.loss(), rel=1e-6)
    assert chain.history.error[-1] == pytest.approx(dense.history.error[-1], rel=1e-6)
    assert chain.validation["total"] == pytest.approx(dense.validation["total"], rel=1e-6)
    assert np.isfinite(chain.condition) and chain.condition >= 1


def test_a_local_basis_is_evaluated_cell_by_cell_as_densely():
    from pinnls.numeric.block_sparse import values

    basis = local_basis(counts=(3, 2), width=30)
    xs = points_around(basis, n=500)
    c = torch.randn(basis.size, 2, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        dense = basis(xs) @ c
    torch.testing.assert_close(values(basis, xs, c), dense, rtol=0, atol=1e-13)
    torch.testing.assert_close(values(basis, xs, c[:, 0]), dense[:, 0], rtol=0, atol=1e-13)


@pytest.mark.parametrize("closed", [True, False])
@pytest.mark.parametrize("alpha", [(1, 0), (0, 2), (1, 1), (3, 0)])
def test_a_local_basis_derivative_is_evaluated_cell_by_cell_as_densely(alpha, closed):
    from pinnls.numeric.block_sparse import values

    basis = local_basis(counts=(3, 2), width=30)
    xs = points_around(basis, n=400)
    c = torch.randn(basis.size, dtype=torch.float64, generator=torch.Generator().manual_seed(3))
    dense = basis_derivatives(basis, xs, [alpha])[alpha].detach() @ c
    if closed:
        found = values(basis, xs, c, alpha)
    else:  # forward mode on each cell, as for an activation without written-out derivatives
        with jvp_only():
            found = values(basis, xs, c, alpha)
    torch.testing.assert_close(found, dense, rtol=1e-10, atol=1e-9 * float(dense.abs().max()))


def test_a_point_with_nan_evaluates_to_nan_as_densely():
    from pinnls.numeric.block_sparse import values

    basis = local_basis(counts=(3, 2), width=30)
    xs = points_around(basis, n=50)
    xs[7, 0] = float("nan")
    xs[9, 1] = float("nan")
    c = torch.randn(basis.size, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    with torch.no_grad():
        dense = basis(xs) @ c
    found = values(basis, xs, c)
    assert torch.isnan(dense[[7, 9]]).all() and torch.isnan(found[[7, 9]]).all()
    torch.testing.assert_close(found, dense, rtol=0, atol=1e-13, equal_nan=True)


def test_the_chain_loss_is_read_from_its_blocks_only_at_the_solve_s_own_values():
    from pinnls.training.chunks import _same

    solved = torch.arange(5.0, dtype=torch.float64)
    kept = solved.clone()
    assert _same(kept, solved) and _same(kept, solved.clone())
    solved[2] += 1  # changed in place after the solve: the blocks' loss no longer applies
    assert not _same(kept, solved)
    assert not _same(kept, torch.arange(4.0, dtype=torch.float64))


def test_a_chain_of_zero_blocks_reports_rank_zero_and_an_infinite_condition():
    from pinnls.numeric.block_sparse import BlockSystem, solve_chain

    rows = [np.arange(0, 6), np.arange(4, 10)]
    blocks = BlockSystem(
        10, rows, [np.zeros((6, 3)), np.zeros((6, 3))], [np.arange(3), np.arange(3, 6)], np.ones(10)
    )
    c, info = solve_chain(blocks, 2)
    assert info["rank"] == 0 and info["condition"] == float("inf")
    assert np.all(c == 0) and info["residual"] == pytest.approx(np.sqrt(10))


@pytest.mark.parametrize("pieces", [16_384, 37])
@pytest.mark.parametrize("make, subdomains", [(poisson, "2x2"), (acoustics, "x=3")])
def test_the_residuals_cell_by_cell_equal_the_dense_ones(make, subdomains, pieces, monkeypatch):
    # 37: each cell's rows and the constant column's are taken in many pieces
    from pinnls.numeric import block_sparse
    from pinnls.numeric.block_sparse import term_residuals
    from pinnls.training import build_basis

    monkeypatch.setattr(block_sparse, "RESIDUAL_ROWS", pieces)

    settings = Settings.from_mapping(QUICK, width=96, subdomains=subdomains)
    compiled = compile_problem(make(), settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    generator = torch.Generator().manual_seed(2)
    c = torch.randn(basis.size * system.unknowns, dtype=torch.float64, generator=generator)
    found = term_residuals(system, basis, c)
    for term in system.terms:
        with torch.no_grad():
            dense = term.block(basis) @ c - term.source
        torch.testing.assert_close(found[term.name], dense, rtol=1e-12, atol=1e-10)


@pytest.mark.parametrize("subdomains", ["x=4", "t=3", "2x2"])
def test_one_cell_s_closed_form_columns_equal_forward_mode(subdomains):
    # The block assembly asks each cell's columns alone: in closed form (its own piece of the
    # partition along each axis), checked against forward mode on a second-order operator.
    from pinnls.numeric.block_sparse import assemble_blocks

    problem = Problem(u(x, t), Box(x=(0, 2), t=(0, 1)), name="local-heat")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) - u(x, t).diff(x, 2) + x * u(x, t), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    settings = Settings.from_mapping(QUICK, width=48, subdomains=subdomains)
    compiled = compile_problem(problem, settings)
    basis = build_basis(compiled, settings)
    system = System(compiled, torch.float64, "cpu")
    closed = assemble_blocks(system, basis)
    with jvp_only():
        forward = assemble_blocks(system, basis)
    for ours, theirs in zip(closed.blocks, forward.blocks, strict=True):
        np.testing.assert_allclose(ours, theirs, rtol=1e-11, atol=1e-11 * np.abs(theirs).max())


def test_auto_cuts_the_steepest_of_three_axes_into_a_chain():
    # PINNacle's Heat 2d-MS (benchmarks/axes/heat_2d_ms.py): ten periods along x, half of one
    # along y. The per-axis probe keeps x 16 times steeper than y and t, so step 1e cuts x into
    # 16 cells of 128 features, which growth may widen within the plan. Measured (seed 0, one
    # thread, budget 12, the cost model of section 11): global width 1024 1.78e-1 (estimate),
    # the chain 6.6e-2 with x one factor step gentler (rel L2 5.5e-2); with --budget 300 growth
    # walks the features per cell to 1024 for 4.4e-6. With the refit of section 52 the same
    # plan affords 192 features per cell (estimate 1.9e-2). Since the probes' share of the
    # plan (auto.PROBE_SHARE: 6 of the 12 planned seconds), neither the probe at width 1024
    # nor the chain's gentler trial runs, x keeps 16 and growth reaches 320 features per cell
    # (estimate 6.0e-3, rel L2 2.5e-3; session 47, by hand).
    from pinnls.training import auto

    # Without decaying modes (modes 0), which solve this equation outright (test_modes.py).
    problem = pinnls.load_problem(ROOT / "benchmarks" / "axes" / "heat_2d_ms.py").problem
    solution = pinnls.solve(problem, budget=12, modes=0)
    record = solution.strategy
    chosen = record.stages[record.chosen.stage]
    assert chosen.subdomains == "x=16" and chosen.width % 16 == 0
    assert chosen.width >= 16 * auto.CHAIN_FEATURES[0]
    assert chosen.axis_scales == {"x": 16.0, "y": 0.25}
    assert isinstance(solution.basis, LocalBasis) and solution.basis.subdomains == 16
    best_global = min(st.estimate for st in record.stages if st.subdomains is None)
    assert chosen.estimate <= 0.5 * best_global
    assert solution.errors()["rel_l2"] < 0.1
    assert record.to_json()["chosen"]["subdomains"] == "x=16"
    from pinnls.io.strategy_rows import describe  # pinnls info

    assert ", 16 cells along x at" in describe(record)[0][1]


def test_the_memory_plan_counts_the_transitions_of_the_partition():
    from pinnls import memory

    assert memory.CHAIN_OVERLAP == local.OVERLAP


@pytest.mark.parametrize(
    "given, words",
    [("32", "32 cells"), ("x=16", "16 cells along x"), ("x=2,t=2", "2x2 cells over x, t")],
)
def test_the_cells_read_in_words(given, words):
    from pinnls.record import cells_text

    assert cells_text(given) == words


def test_the_memory_plan_of_a_chain_counts_its_blocks_linearly_in_the_cells():
    # A chain solved from its blocks holds (1 + overlap) R F entries per copy, not R K F: the
    # plan must not refuse it as a dense system, and doubling the cells at a fixed size per
    # cell at most doubles it (measured 1.65x: the banded QR's group and the network do not
    # grow with the cells).
    from pinnls import memory

    problem = pinnls.load_problem(ROOT / "benchmarks" / "axes" / "heat_2d_ms.py").problem

    def need(cells, features=256):
        width = cells * features
        settings = Settings.from_mapping(
            QUICK,
            width=width,
            subdomains=f"x={cells}",
            terms={
                name: {"points": f"sobol:{(6 if name == 'pde' else 1) * width}"}
                for name in ("pde", "initial", "side-x0", "side-x1", "side-y0", "side-y1")
            },
        )
        compiled = compile_problem(problem, settings)
        dense = memory.training_need(compiled, settings.replace(subdomains=None), open_width=0)
        chain = memory.training_need(compiled, settings, open_width=0)
        assert "blocks of" in chain.parts[0][0]
        return chain.total, dense.total

    (four, dense4), (eight, dense8) = need(4), need(8)
    assert four < dense4 / 2 and eight < dense8 / 4
    assert 1.5 * four <= eight <= 2.2 * four


def test_writing_a_local_basis_plans_one_cell_s_columns_at_a_time():
    # The grid is evaluated cell by cell (block_sparse.values): the plan counts one cell's
    # features, so a wide chain is not refused as if its whole width were evaluated at once.
    from pinnls import memory, saving

    problem = pinnls.load_problem(ROOT / "benchmarks" / "axes" / "heat_2d_ms.py").problem
    settings = Settings.from_mapping(QUICK, width=16384, subdomains="x=16")
    compiled = compile_problem(problem, settings)

    def chunk(settings, open_width=0):
        need = memory.writing_need(compiled, settings, ("h5",), open_width=open_width)
        return dict((what, size) for what, size, _ in need.parts)[
            "one evaluation chunk of the basis"
        ]

    dense = chunk(settings.replace(subdomains=None))
    assert chunk(settings) == pytest.approx(dense * (1024 + 1) / (16384 + 1))
    # when saving, the trained basis says how many columns: a cell's, or the whole width
    basis = build_basis(compiled, Settings.from_mapping(QUICK, width=160, subdomains="x=16"))
    assert saving._evaluated_columns(basis) == 10
    plain = build_basis(compiled, Settings.from_mapping(QUICK, width=160))
    assert saving._evaluated_columns(plain) == plain.size == 161


def test_the_noise_s_spread_on_a_local_basis_is_evaluated_cell_by_cell_as_densely(tmp_path):
    # Solution.std on a local basis goes cell by cell (block_sparse.values with the covariance
    # factor as coefficients). The factor's large entries (rcond 1e-15) cancel: |Phi| |L^T| is
    # up to 6e12 times Phi L^T, so summed by cells the std moves by 1e-4 of the largest, and
    # the honest tolerance is rounding's bound, eps |Phi| |L^T| (measured 0.71 of it on an AMD
    # EPYC VM). A cell's missing or misplaced columns would move it by its whole size.
    problem = pinnls.load_problem("example:source_from_sensors").problem
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = pinnls.solve(
            problem, **dict(QUICK, init_scale=None, width=128, subdomains="x=2", rcond=1e-15)
        )
    assert isinstance(solution.basis, LocalBasis)
    line = np.stack([np.linspace(0, 1, 101), np.full(101, 0.5)], axis=1)
    factor = solution.inverse["factor"]
    factor = factor.reshape(factor.shape[0], solution.compiled.unknown_count, -1)[:, 1]
    x = torch.as_tensor(solution.compiled.unknown_points(1, line))
    with torch.no_grad():
        phi = solution.basis(x)
        dense = (phi @ factor.mT).norm(dim=1).numpy()
        bound = np.finfo(np.float64).eps * (phi.abs() @ factor.abs().mT).norm(dim=1).numpy()
    found = solution.std(line, "f")
    assert np.all(np.abs(found - dense) <= 8 * bound)
    assert np.all(8 * bound < 0.05 * dense)  # the check is stricter than 5% everywhere
    # the written model evaluates it the same way, cell by cell
    solution.save(tmp_path / "out", formats=["h5"])
    loaded = pinnls.load(tmp_path / "out")
    np.testing.assert_allclose(loaded.std(line, "f"), found, rtol=1e-8, atol=0)
