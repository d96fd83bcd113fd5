"""Assembly against a reference that shares no code with pinnls' numeric side.

The basis is written out as a sympy expression (its weights read from the torch module), each
term's left-hand side is applied to every basis function by substituting ``u -> Phi_j`` into the
*declared* sympy equation, and the derivatives are sympy's own. The rows are scaled by
``sqrt(weight / N)`` with the weight evaluated here from the declared number or ``W`` expression.
Nothing of the compiler's lowering (operator parts, coefficients, point maps) or of the
forward-mode passes is used, so a dropped coefficient, a lost zeroth-order part, a wrong point
map or a wrong weight shows up as a mismatch entry by entry.

Only the points come from the compiled problem: they are the input of both computations.

Several unknowns (systems) are not supported yet; when they are, add a case here with one basis
shared by the unknowns and one block column per unknown.
"""

import dataclasses

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Grid, Problem, Settings, W, compile_problem
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis, basis_derivatives, directional_derivative
from pinnls.numeric.initialization import initialize
from pinnls.training import build_basis

x, t = sp.symbols("x t")
u = sp.Function("u")
U = u(x, t)
AXES = (x, t)
BOX = Box(x=(0, 1), t=(0, 2))  # not the unit square: the normalization's chain rule counts
WIDTH = 4


@dataclasses.dataclass(frozen=True)
class Declared:
    """A term as declared: what the reference applies to each basis function."""

    name: str
    kind: str
    lhs: sp.Expr
    rhs: sp.Expr
    weight: object
    points: object


def symbolic_basis(basis: Basis) -> list[sp.Expr]:
    """``Phi_j(x, t)`` as sympy expressions, from the module's parameters."""
    lower, scale = basis.lower.tolist(), basis.scale.tolist()
    h = [(axis - lo) / sc for axis, lo, sc in zip(AXES, lower, scale)]
    sigma = {"tanh": sp.tanh, "sin": sp.sin}[basis.activation]
    for index, layer in enumerate(basis.layers):
        weight, bias = layer.weight.detach().tolist(), layer.bias.detach().tolist()
        z = [sum(w * hk for w, hk in zip(row, h)) + b for row, b in zip(weight, bias)]
        value = [sigma(zi) for zi in z]
        h = [a + v for a, v in zip(h, value)] if basis.arch == "resnet" and index else value
    return h + ([sp.Integer(1)] if basis.constant else [])


def apply(lhs: sp.Expr, phi: sp.Expr) -> sp.Expr:
    """The declared left-hand side with u replaced by ``phi``, derivatives and Subs evaluated."""
    return lhs.replace(u, sp.Lambda(AXES, phi)).doit()


def reference_system(declared, compiled, basis, width):
    """``(A, b)`` stacked term by term: ``sqrt(eps/N) * L[Phi_j](x_i)`` and ``sqrt(eps/N) f``."""
    phis = symbolic_basis(basis)
    blocks, sources = [], []
    for term, compiled_term in zip(declared, compiled.terms, strict=True):
        assert compiled_term.name == term.name
        points = compiled_term.points
        n = len(points)
        weight = float(sp.sympify(term.weight).subs(W, width))
        scale = np.sqrt(weight / n)

        def at_points(expr, points=points, n=n):
            value = sp.lambdify(AXES, expr, "numpy")(points[:, 0], points[:, 1])
            return np.broadcast_to(np.asarray(value, dtype=float), (n,))

        columns = [at_points(apply(term.lhs, phi)) for phi in phis]
        blocks.append(scale * np.stack(columns, axis=1))
        sources.append(scale * at_points(term.rhs))
    return np.concatenate(blocks), np.concatenate(sources)


def build(declared, width=WIDTH, activation="tanh", arch="plain", depth=1, seed=3):
    problem = Problem(U, BOX, name="reference")
    for term in declared:
        add = problem.equation if term.kind == "equation" else problem.condition
        add(term.name, sp.Eq(term.lhs, term.rhs), weight=term.weight, points=term.points)
    settings = Settings(
        width=width, activation=activation, arch=arch, depth=depth, seed=seed, iterations=0
    )
    compiled = compile_problem(problem, settings)
    return compiled, build_basis(compiled, settings)


def assert_assembly_matches(declared, **network):
    compiled, basis = build(declared, **network)
    A_ref, b_ref = reference_system(declared, compiled, basis, basis.width)
    system = System(compiled, torch.float64, "cpu")
    A, b = (value.detach().numpy() for value in system.assemble(basis))
    assert A.shape == A_ref.shape == (compiled.rows, WIDTH + 1)
    # Both sides are float64 evaluations of the same smooth functions in a different order;
    # entries are O(1)-O(100), so 1e-10 relative is about a million ulps of slack and still
    # far below any real defect (a dropped part or weight changes entries at O(1)).
    np.testing.assert_allclose(A, A_ref, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b, b_ref, rtol=1e-12, atol=1e-14)
    # The streamed path must give the same rows (chunks cut across the term boundary too).
    pieces = list(system.chunks(basis, chunk_size=7))
    streamed = np.concatenate([a.detach().numpy() for _, a, _ in pieces])
    np.testing.assert_allclose(streamed, A_ref, rtol=1e-10, atol=1e-10)
    return compiled


GAUSS = sp.exp(-(((x - 0.3) / 0.2) ** 2))


def test_weights_numbers_and_width_expressions_scale_each_block():
    declared = [
        Declared("pde", "equation", U.diff(t) + U.diff(x), 0, 3, Grid(n=4)),
        Declared("initial", "condition", U.subs(t, 0), GAUSS, W**-0.5, Grid(n=6)),
        Declared("inflow", "condition", U.subs(x, 0), 0, sp.Rational(5, 2), Grid(n=5)),
    ]
    compiled = assert_assembly_matches(declared)
    assert [term.weight for term in compiled.terms] == pytest.approx([3, 0.5, 2.5])


def test_zeroth_order_part_survives_next_to_first_order_parts():
    # u_t + 2 u_x + u: the first-order parts collapse into one directional pass; the +u must
    # still be added (and the constant basis function then has a nonzero column).
    declared = [
        Declared("pde", "equation", U.diff(t) + 2 * U.diff(x) + U, sp.sin(x) * t, 1, Grid(n=4)),
        Declared("initial", "condition", U.subs(t, 0) + 3 * U.diff(x).subs(t, 0), 0, 1, Grid(n=5)),
    ]
    compiled = assert_assembly_matches(declared)
    (pde, initial) = compiled.terms
    assert len(pde.parts) == 3 and len(initial.parts) == 2


def test_second_order_and_mixed_derivatives_with_variable_coefficients():
    operator = (
        U.diff(x, 2)
        - 0.5 * U.diff(x, t)
        + (1 + t) * U.diff(t, 2)
        + x * U.diff(x)
        + sp.sin(t) * U.diff(t)
        + sp.exp(x) * U
    )
    declared = [
        Declared("pde", "equation", operator, x * t, 2, Grid(n=4)),
        Declared("slope", "condition", (x + 1) * U.diff(x).subs(t, 0), sp.cos(x), 1, Grid(n=5)),
    ]
    assert_assembly_matches(declared)


def test_periodic_two_point_conditions_and_several_terms_stacked():
    declared = [
        Declared("pde", "equation", U.diff(t) - 0.1 * U.diff(x, 2) + U, 0, W**-1, Grid(n=4)),
        Declared("initial", "condition", U.subs(t, 0), GAUSS, 10, Grid(n=6)),
        Declared("periodic", "condition", U.subs(x, 0) - U.subs(x, 1), 0, 2, Grid(n=5)),
        Declared(
            "periodic_slope",
            "condition",
            U.diff(x).subs(x, 0) - U.diff(x).subs(x, 1),
            0,
            0.3,
            Grid(n=5),
        ),
    ]
    compiled = assert_assembly_matches(declared)
    # The two-point conditions map their points onto both faces x=0 and x=1.
    fixed = {part.fixed for part in compiled.terms[2].parts}
    assert fixed == {((0, 0.0),), ((0, 1.0),)}


@pytest.mark.parametrize(
    ("arch", "activation", "depth"), [("resnet", "sin", 2), ("plain", "tanh", 2)]
)
def test_deeper_networks_and_other_activations(arch, activation, depth):
    declared = [
        Declared("pde", "equation", U.diff(t) + x * U.diff(x) + 2 * U, t, 1.5, Grid(n=3)),
        Declared("curvature", "condition", U.diff(x, 2).subs(t, 0), 0, 1, Grid(n=4)),
    ]
    assert_assembly_matches(declared, arch=arch, activation=activation, depth=depth)


# The basis derivatives on their own, against sympy, up to third order and for both passes
# (nested jvp and the written-out directional pass).
def _basis(arch, activation, depth):
    basis = Basis((0.0, 0.0), (1.0, 2.0), 3, depth, arch=arch, activation=activation)
    return initialize(basis, "box", torch.Generator().manual_seed(11), scale=2.0)


@pytest.mark.parametrize(
    ("arch", "activation", "depth"), [("plain", "tanh", 2), ("resnet", "sin", 2)]
)
def test_basis_derivatives_match_sympy(arch, activation, depth):
    basis = _basis(arch, activation, depth)
    points = np.array([[0.1, 0.3], [0.55, 1.7], [0.9, 0.05]])
    alphas = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2), (2, 1), (0, 3)]
    blocks = basis_derivatives(basis, torch.as_tensor(points), alphas)
    phis = symbolic_basis(basis)
    for alpha in alphas:
        expected = np.stack(
            [
                np.broadcast_to(
                    sp.lambdify(AXES, sp.diff(phi, x, alpha[0], t, alpha[1]))(*points.T), (3,)
                )
                for phi in phis
            ],
            axis=1,
        )
        np.testing.assert_allclose(blocks[alpha].detach().numpy(), expected, atol=1e-11)
    direction = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]])
    values, derivative = directional_derivative(
        basis, torch.as_tensor(points), torch.as_tensor(direction)
    )
    np.testing.assert_allclose(values.detach().numpy(), blocks[(0, 0)].detach().numpy(), atol=1e-14)
    along = direction[:, :1] * blocks[(1, 0)].detach().numpy()
    along = along + direction[:, 1:] * blocks[(0, 1)].detach().numpy()
    np.testing.assert_allclose(derivative.detach().numpy(), along, atol=1e-12)
