"""Wave modes (the ``modes`` setting and auto's step 1m on an equation second order in time).

For ``u_tt + g u_t + v . grad u = div(D grad u) - c u`` with constant coefficients,
``exp(i k . x + lam t)`` is a solution whenever ``lam^2 + g lam + (i v . k + k . D k + c) = 0``;
its real part, ``sin(k . x + Im(lam) t + phi) exp(Re(lam) t)``, is a sin feature with an
envelope. For the wave equation ``u_tt = c^2 u_xx`` the two roots are the two directions of
travel, ``sin(k (x -+ c t) + phi)``. Measured in docs/benchmarks.md, section 39.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.cli import main
from pinnls.numeric.basis import basis_derivatives
from pinnls.numeric.initialization import aligned_rows
from pinnls.training.initial import build_basis

x, y, t = sp.symbols("x y t")
u = sp.Function("u")


def second_order(lhs_of, name="wave", span=1) -> Problem:
    """One equation ``lhs_of(U) = 0`` on (x, y, t) in [0, 1]^2 x [0, span], u and u_t zero
    at t = 0 and u zero on every side."""
    box = Box(x=(0, 1), y=(0, 1), t=(0, span))
    U = u(x, y, t)
    problem = Problem(U, box, name=name)
    problem.equation("pde", sp.Eq(lhs_of(U), 0))
    problem.condition("initial", sp.Eq(U.subs(t, 0), 0))
    problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), 0))
    for axis in (x, y):
        for end in (0, 1):
            problem.condition(f"side-{axis}{end}", sp.Eq(U.subs(axis, end), 0))
    return problem


def telegraph(U):
    """Every coefficient times 3: ``u_tt + 2 u_t + u_x - u_y / 2 = div(D grad u) - 0.7 u``
    with ``D = [[2, 0.5], [0.5, 1]]`` (a mixed derivative)."""
    return 3 * (
        U.diff(t, 2)
        + 2 * U.diff(t)
        + U.diff(x)
        - U.diff(y) / 2
        - 2 * U.diff(x, 2)
        - U.diff(x, y)
        - U.diff(y, 2)
        + sp.Rational(7, 10) * U
    )


def test_a_wave_equation_is_read_as_modes_of_order_two():
    modes = compile_problem(second_order(telegraph)).modes()
    assert modes.order == 2 and modes.time_axis == 2
    assert modes.damping == pytest.approx(2.0, rel=1e-15)
    assert modes.reaction == pytest.approx(0.7, rel=1e-15)
    np.testing.assert_allclose(modes.velocity, [1.0, -0.5, 0.0], rtol=1e-15)
    np.testing.assert_allclose(
        modes.diffusion, [[2.0, 0.5, 0], [0.5, 1.0, 0], [0, 0, 0]], rtol=1e-15
    )
    plain = compile_problem(second_order(lambda U: U.diff(t, 2) - 4 * U.diff(x, 2))).modes()
    assert plain.order == 2 and plain.damping == 0.0 and plain.reaction == 0.0
    np.testing.assert_allclose(plain.diffusion.diagonal(), [4.0, 0.0, 0.0], rtol=1e-15)


def test_the_exponents_are_the_roots_of_the_dispersion_relation():
    modes = compile_problem(second_order(telegraph)).modes()
    k = np.random.default_rng(4).normal(0.0, 6.0, (40, 3))
    constant = 1j * (k[:, :2] @ modes.velocity[:2]) + modes.rates(k)
    for branch in (np.zeros(40, int), np.ones(40, int)):
        lam = modes.exponents(k, branch)
        np.testing.assert_allclose(lam**2 + 2.0 * lam + constant, 0.0, atol=1e-11)
    # the two branches differ: both roots are drawn (the rows alternate)
    assert (
        np.abs(modes.exponents(k, np.zeros(40, int)) - modes.exponents(k, np.ones(40, int))).min()
        > 1e-6
    )
    # the undamped wave equation: lam = +- i c |k|, a wave travelling either way at speed c
    wave = compile_problem(second_order(lambda U: U.diff(t, 2) - 4 * U.diff(x, 2))).modes()
    k = np.array([[3.0, 0.0, 0.0], [-5.0, 0.0, 0.0]])
    np.testing.assert_allclose(wave.exponents(k, np.array([0, 1])), [6j, -10j], atol=1e-14)


def relative_residuals(compiled, basis, upper) -> torch.Tensor:
    """Each feature's largest |L[feature]| / sum of |coefficient * derivative| at 150 seeded
    points of ``[0, upper]``, (width,): rounding for a mode, order 1 for anything else."""
    upper = torch.tensor(upper, dtype=torch.float64)
    generator = torch.Generator().manual_seed(1)
    points = torch.rand(150, len(upper), generator=generator, dtype=torch.float64) * upper
    (equation,) = [term for term in compiled.terms if term.kind == "equation"]
    alphas = [part.derivative for part in equation.parts]
    with torch.no_grad():
        columns = basis_derivatives(basis, points, alphas)
    coefficient = {
        part.derivative: float(np.broadcast_to(part.coefficient(points.numpy()), (150,))[0])
        for part in equation.parts
    }
    residual = sum(coefficient[a] * columns[a] for a in alphas)[:, : basis.width]
    size = sum(abs(coefficient[a]) * columns[a].abs() for a in alphas)[:, : basis.width]
    return (residual.abs() / size.clamp_min(1e-300)).max(dim=0).values


@pytest.mark.parametrize(
    ("lhs_of", "span", "undamped"),
    [
        # Wave 2d-MS's operator: the modes neither grow nor decay, no envelope at all
        (lambda U: U.diff(t, 2) - U.diff(x, 2) - 2 * U.diff(y, 2), 4, True),
        (telegraph, 3, False),  # damped, a flow, a reaction, a mixed derivative
        (lambda U: U.diff(t, 2) - U.diff(x, 2) - U.diff(y, 2) - 100 * U, 2, False),  # e^20
    ],
)
def test_every_wave_mode_solves_the_homogeneous_equation_to_rounding(lhs_of, span, undamped):
    compiled = compile_problem(second_order(lhs_of, span=span))
    settings = Settings(width=40, activation="sin", init_scale=12.0, modes=0.5, seed=5)
    basis = build_basis(compiled, settings)
    relative = relative_residuals(compiled, basis, [1.0, 1.0, span])
    modes = aligned_rows(basis.width, 0.5)
    assert float(relative[modes].max()) < 1e-12
    assert float(relative[~modes].min()) > 1e-3  # the other half: not solutions
    assert (basis.envelope_weight is None) == undamped
    # no envelope passes 1 on the box (the growing ones: 1 at the end of the interval)
    if not undamped:
        h = torch.linspace(0, 1, 101, dtype=torch.float64)[:, None] * torch.tensor([[0, 0, 1.0]])
        envelope = torch.exp(h @ basis.envelope_weight.T + basis.envelope_bias)
        assert float(envelope.max()) <= 1.0 + 1e-14


def test_auto_solves_a_long_wave_with_modes_and_says_so(tmp_path):
    # u_tt = u_xx on [0, 1] x [0, 12]: six periods of two standing modes, one from the
    # velocity. Before the wave modes, auto marched 4 slabs to 2.2e-6 over [0, 20] in 45 s.
    path = tmp_path / "string.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, t = sp.symbols('x t')\n"
        "u = sp.Function('u')\n"
        "exact = sp.sin(sp.pi * x) * sp.cos(sp.pi * t)"
        " + sp.sin(3 * sp.pi * x) * sp.sin(3 * sp.pi * t) / 3\n"
        "problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 12)), name='long-string')\n"
        "U = u(x, t)\n"
        "problem.equation('pde', sp.Eq(U.diff(t, 2), U.diff(x, 2)))\n"
        "problem.condition('initial', sp.Eq(U.subs(t, 0), exact.subs(t, 0)))\n"
        "problem.condition('velocity', sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))\n"
        "problem.condition('left', sp.Eq(U.subs(x, 0), 0))\n"
        "problem.condition('right', sp.Eq(U.subs(x, 1), 0))\n"
        "problem.exact(exact)\n"
    )
    out = tmp_path / "out"
    code = main(
        ["solve", str(path), "--threads", "1", "--format", "h5", "--quiet"]
        + ["--out", str(out), "--budget", "20"]
    )
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    assert report["rel_l2_error"] < 1e-10  # 1.4e-14 measured over [0, 20]
    assert report["strategy"]["chosen"]["modes"] == 1.0
    assert report["modes"]["order"] == 2 and report["modes"]["damping"] == 0.0
    assert report["modes"]["diffusion"] == [[1.0]]
    assert report["validation"]["total"] < 1e-8


def test_a_damped_wave_with_fixed_settings():
    # u_tt + 2 u_t = u_xx: u = e^-t sin(pi x) cos(sqrt(pi^2 - 1) t)
    omega = sp.sqrt(sp.pi**2 - 1)
    exact = sp.exp(-t) * sp.sin(sp.pi * x) * sp.cos(omega * t)
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 3)), name="damped")
    U = u(x, t)
    problem.equation("pde", sp.Eq(U.diff(t, 2) + 2 * U.diff(t), U.diff(x, 2)))
    problem.condition("initial", sp.Eq(U.subs(t, 0), exact.subs(t, 0)))
    problem.condition("velocity", sp.Eq(U.diff(t).subs(t, 0), exact.diff(t).subs(t, 0)))
    problem.condition("left", sp.Eq(U.subs(x, 0), 0))
    problem.condition("right", sp.Eq(U.subs(x, 1), 0))
    problem.exact(exact)
    settings = Settings(
        modes=1, optimizer="lsgd", iterations=0, activation="sin", width=192, init_scale=12.0
    )
    solution = solve(problem, settings)
    assert solution.errors()["rel_l2"] < 1e-8
    assert solution.basis.envelope_weight is not None


def test_check_names_a_wave_equation(tmp_path, capsys):
    code = main(["check", "example:wave_second_order"])
    out = capsys.readouterr().out
    assert code == 0
    assert "modes     a wave equation of constant coefficients" in out
