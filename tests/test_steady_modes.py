"""Steady modes (the ``modes`` setting and auto's step 1m on an elliptic equation).

For ``v . grad u = div(D grad u) - c u`` with ``D`` positive definite and constant
coefficients, ``exp(lam x_e + i q . x)`` (``q`` with no entry on axis ``e``) is a solution when
``D_ee lam^2 + (2 i (D q)_e - v_e) lam - (i v . q + q . D q + c) = 0``: Laplace's
``sin(q x + phi) exp(-+ q y)``, Helmholtz's plane waves of wavenumber ``kappa`` and evanescent
ones, a flow's exponential layers. Measured in docs/benchmarks.md, section 40.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.cli import main
from pinnls.cli.check import structure_lines
from pinnls.numeric.initialization import aligned_rows
from pinnls.training.initial import build_basis
from tests.test_modes import _Modes, modes_probe
from tests.test_wave_modes import relative_residuals

x, y, z = sp.symbols("x y z")
u = sp.Function("u")


def steady(lhs_of, name="steady", source=0) -> Problem:
    """``lhs_of(U) = source`` on the unit square, u = 0 on every side."""
    U = u(x, y)
    problem = Problem(U, Box(x=(0, 1), y=(0, 1)), name=name)
    problem.equation("pde", sp.Eq(lhs_of(U), source))
    for axis in (x, y):
        for end in (0, 1):
            problem.condition(f"side-{axis}{end}", sp.Eq(U.subs(axis, end), 0))
    return problem


def everything(U):
    """``u_x - u_y / 2 = div(D grad u) - 3 u`` with ``D = [[2, 0.5], [0.5, 1]]``, written with
    the opposite sign (``-div(D grad u) + ... = 0``) and times 3."""
    return 3 * (
        -(2 * U.diff(x, 2) + U.diff(x, y) + U.diff(y, 2)) + U.diff(x) - U.diff(y) / 2 + 3 * U
    )


def test_an_elliptic_equation_is_read_as_modes_of_order_zero():
    helmholtz = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2) + 900 * U)).modes()
    assert helmholtz.order == 0 and helmholtz.time_axis is None and not helmholtz.source
    np.testing.assert_allclose(helmholtz.diffusion, np.eye(2), rtol=1e-15)
    assert helmholtz.reaction == pytest.approx(-900.0, rel=1e-15)
    # the other sign and a factor read the same equation
    flipped = compile_problem(steady(lambda U: -U.diff(x, 2) - U.diff(y, 2) - 900 * U)).modes()
    np.testing.assert_allclose(flipped.diffusion, np.eye(2), rtol=1e-15)
    assert flipped.reaction == pytest.approx(-900.0, rel=1e-15)
    modes = compile_problem(steady(everything)).modes()
    np.testing.assert_allclose(modes.diffusion, 3 * np.array([[2, 0.5], [0.5, 1]]), rtol=1e-15)
    np.testing.assert_allclose(modes.velocity, [3.0, -1.5], rtol=1e-15)
    assert modes.reaction == pytest.approx(9.0, rel=1e-15)
    sourced = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2), source=1)).modes()
    assert sourced.source


def test_the_exponents_are_the_roots_of_the_quadratic():
    modes = compile_problem(steady(everything)).modes()
    rng = np.random.default_rng(3)
    q = rng.normal(0.0, 8.0, (60, 2))
    axes = np.arange(60) % 2
    for branch in (np.zeros(60, int), np.ones(60, int)):
        lam = modes.exponents(q, branch, axes)
        k = q.copy()
        k[np.arange(60), axes] = 0.0
        # the full symbol at z = lam e + i k: v . z - z . D z + c = 0
        zeta = 1j * k.astype(complex)
        zeta[np.arange(60), axes] = lam
        symbol = (
            zeta @ modes.velocity
            - np.einsum("wi,ij,wj->w", zeta, modes.diffusion, zeta)
            + modes.reaction
        )
        np.testing.assert_allclose(symbol, 0.0, atol=1e-9)
    # Laplace: exp(-+ |q| y) sin(q x)
    laplace = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2))).modes()
    lam = laplace.exponents(np.array([[3.0, 7.0], [0.0, -5.0]]), np.array([0, 1]), [1, 0])
    np.testing.assert_allclose(lam, [3.0, -5.0], atol=1e-14)


@pytest.mark.parametrize(
    "lhs_of",
    [
        lambda U: U.diff(x, 2) + U.diff(y, 2) + 900 * U,  # Helmholtz, k = 30
        everything,  # a flow, a reaction, a mixed derivative, the other sign
        lambda U: U.diff(x, 2) + U.diff(y, 2),  # Laplace: e^(+-q y), growing ones too
    ],
)
def test_every_steady_mode_solves_the_homogeneous_equation_to_rounding(lhs_of):
    compiled = compile_problem(steady(lhs_of))
    basis = build_basis(
        compiled, Settings(width=40, activation="sin", init_scale=12.0, modes=0.5, seed=2)
    )
    relative = relative_residuals(compiled, basis, [1.0, 1.0])
    modes = aligned_rows(40, 0.5)
    assert float(relative[modes].max()) < 1e-12
    assert float(relative[~modes].min()) > 1e-3
    # no envelope passes 1 on the box: the growing ones are 1 at the far face
    if basis.envelope_weight is not None:
        corners = torch.tensor([[a, b] for a in (0.0, 1.0) for b in (0.0, 1.0)]).double()
        grid = torch.rand(400, 2, generator=torch.Generator().manual_seed(5), dtype=torch.float64)
        h = torch.cat([corners, grid])
        envelope = torch.exp(h @ basis.envelope_weight.T + basis.envelope_bias)
        assert float(envelope.max()) <= 1.0 + 1e-14


def test_the_axes_take_turns_so_laplace_gets_both_families():
    compiled = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2)))
    basis = build_basis(compiled, Settings(width=16, activation="sin", init_scale=8.0, modes=1))
    rows = basis.envelope_weight
    # each mode's exponent runs along one axis, x and y in turn
    along = (rows != 0).int().argmax(dim=1)
    assert set(along.tolist()) == {0, 1}
    assert int(((rows != 0).sum(dim=1) <= 1).all())


def test_auto_solves_helmholtz_at_k_30_and_says_so(tmp_path):
    # Before the steady modes: 9.3e-7 in 37.8 s (tanh width 3072), a scratch run.
    path = tmp_path / "helm.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, y = sp.symbols('x y')\n"
        "u = sp.Function('u')\n"
        "exact = sp.sin(30 * (x * sp.cos(0.7) + y * sp.sin(0.7)))\n"
        "problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name='helm')\n"
        "U = u(x, y)\n"
        "problem.equation('pde', sp.Eq(U.diff(x, 2) + U.diff(y, 2) + 900 * U, 0))\n"
        "for s, v in [(x, 0), (x, 1), (y, 0), (y, 1)]:\n"
        "    problem.condition(f'side-{s}{v}', sp.Eq(U.subs(s, v), exact.subs(s, v)))\n"
        "problem.exact(exact)\n"
    )
    out = tmp_path / "out"
    code = main(["solve", str(path), "--threads", "1", "--format", "h5", "--quiet"]
                + ["--out", str(out), "--budget", "20"])  # fmt: skip
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["rel_l2_error"] < 1e-11
    assert report["strategy"]["chosen"]["modes"] == 1.0
    assert report["modes"]["order"] == 0 and report["modes"]["time"] is None
    assert report["modes"]["reaction"] == pytest.approx(-900.0)
    assert report["modes"]["velocity"] == {"x": 0.0, "y": 0.0}


def test_helmholtz_on_one_axis_with_fixed_settings():
    # u'' + 2500 u = 0: every mode is sin(+-50 x + phi), two functions span the answer
    U = u(x)
    problem = Problem(U, Box(x=(0, 1)), name="helmholtz50")
    problem.equation("pde", sp.Eq(U.diff(x, 2) + 2500 * U, 0))
    problem.condition("left", sp.Eq(U.subs(x, 0), 0))
    problem.condition("right", sp.Eq(U.subs(x, 1), sp.sin(50)))
    problem.exact(sp.sin(50 * x))
    settings = Settings(
        modes=1, optimizer="lsgd", iterations=0, activation="sin", width=16, init_scale=4.0
    )
    assert solve(problem, settings).errors()["rel_l2"] < 1e-12


def test_no_steady_probe_with_a_source(monkeypatch):
    # Poisson's source: the probe is not run at all (its cost would fall on every such file)
    chosen, kept, taken = modes_probe(
        monkeypatch, lambda f, sc: 1e-12, modes=_Modes(source=True, order=0)
    )
    assert (chosen, kept, taken) == (("tanh", 2.0), None, [])
    # without a source the walk runs as for a time-dependent equation
    _, kept, taken = modes_probe(monkeypatch, lambda f, sc: 1e-12, modes=_Modes(order=0))
    assert kept == 1.0 and taken[0] == (12.0, 1.0)


def test_check_names_an_elliptic_equation_only_without_a_source():
    helmholtz = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2) + 900 * U))
    assert any(line.startswith("modes     an elliptic") for line in structure_lines(helmholtz))
    # a source that no particular solution takes away (a Gaussian)
    bump = sp.exp(-((x - 0.5) ** 2 + (y - 0.5) ** 2) / 0.01)
    poisson = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2), source=bump))
    assert not any(line.startswith("modes") for line in structure_lines(poisson))
    # a source that one does: the modes then solve what is left
    poisson = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2), source=1))
    lines = structure_lines(poisson)
    assert any(line.startswith("modes     an elliptic") and "once u_p" in line for line in lines)


def test_absent_coefficients_read_as_plus_zero():
    # the report writes them: -0.0 would read as a sign the user never wrote
    modes = compile_problem(steady(lambda U: U.diff(x, 2) + U.diff(y, 2))).modes()
    assert all(np.signbit([*modes.velocity, modes.reaction, *modes.diffusion.ravel()]) == 0)
