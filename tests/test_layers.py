"""Features across boundary layers (the ``layers`` setting, auto's step 1d).

Where a diffusion much weaker than the flow meets a value condition on the face where the flow
leaves the box, the solution may turn over a strip as thin as ``nu / |a|`` to meet it:
``u' = nu u'' + 1`` with ``u(0) = u(1) = 0`` is ``x`` less ``exp((x - 1) / nu)``. A Box basis
scatters its cut planes through the whole box at one steepness and misses the strip; a share of
features steep across it, centred near the face, resolves it. Measured in docs/benchmarks.md,
"Boundary layers".
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Box, Problem, Settings, compile_problem, solve
from pinnls.cli import main
from pinnls.clouds import Grid, Sobol
from pinnls.errors import SettingsError
from pinnls.io.report import build_report
from pinnls.io.strategy_rows import describe
from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import LAYER_DEPTH, initialize, layer_rows
from pinnls.operators import Layer
from pinnls.record import from_json, to_json
from pinnls.training.stages import Stages

x, y, t = sp.symbols("x y t")
u = sp.Function("u")
NU = sp.Rational(1, 100)


def steady(nu=NU, sign=1, right="value", left=True) -> Problem:
    """``sign (u' - nu u'') = sign`` on [0, 1], ``u(0) = u(1) = 0``: a layer of width ``nu``
    at x = 1 (``right="flux"``: ``u'(1)`` given instead; ``left=False``: no condition at 0)."""
    exact = x - (sp.exp((x - 1) / nu) - sp.exp(-1 / nu)) / (1 - sp.exp(-1 / nu))
    problem = Problem(u(x), Box(x=(0, 1)), name="steady-layer")
    U = u(x)
    problem.equation("pde", sp.Eq(sign * (U.diff(x) - nu * U.diff(x, 2)), sign))
    if left:
        problem.condition("left", sp.Eq(u(0), 0))
    if right == "value":
        problem.condition("right", sp.Eq(u(1), 0))
    elif right == "flux":
        problem.condition("right", sp.Eq(U.diff(x).subs(x, 1), exact.diff(x).subs(x, 1)))
    problem.exact(exact)
    return problem


def moving(speed_y=0, nu=NU, span=(0, 2)) -> Problem:
    """``u_t + u_x + speed_y u_y = nu (u_xx + u_yy)`` on [0, 2] x [0, 1] x [0, 1/2] (x's
    span ``span``), every face of x and y given: the flow leaves through x = upper."""
    problem = Problem(u(x, y, t), Box(x=span, y=(0, 1), t=(0, sp.Rational(1, 2))), name="moving")
    U = u(x, y, t)
    lhs = U.diff(t) + U.diff(x) + speed_y * U.diff(y)
    problem.equation("pde", sp.Eq(lhs, nu * (U.diff(x, 2) + U.diff(y, 2))))
    problem.condition("initial", sp.Eq(u(x, y, 0), 0))
    for name, axis, value in [("x0", x, span[0]), ("x1", x, span[1]), ("y0", y, 0), ("y1", y, 1)]:
        problem.condition(f"side-{name}", sp.Eq(U.subs(axis, value), 0))
    return problem


# ------------------------------------------------------------------------------- the layers


def test_an_outflow_face_with_a_value_and_weak_diffusion_has_a_layer_of_nu_over_a():
    assert compile_problem(steady()).layers() == (Layer(axis=0, end=1, width=0.01),)
    # the equation's sign does not move the layer: the diffusion's sign sets the flow's
    assert compile_problem(steady(sign=-1)).layers() == (Layer(axis=0, end=1, width=0.01),)


def test_the_width_is_measured_in_the_problems_units_against_its_box():
    layers = compile_problem(moving(span=(0, 2))).layers()
    assert layers == (Layer(axis=0, end=1, width=0.01),)  # y: no flow across, no layer
    # a flow of 2 along y: width nu / 2 on the face it leaves by (y = 1)
    layers = compile_problem(moving(speed_y=2)).layers()
    assert layers == (Layer(axis=0, end=1, width=0.01), Layer(axis=1, end=1, width=0.005))
    negative = compile_problem(moving(speed_y=-2)).layers()
    assert negative[1] == Layer(axis=1, end=0, width=0.005)  # leaves by y = 0


@pytest.mark.parametrize(
    ("problem", "why"),
    [
        (steady(right="flux"), "a flux at the outflow face makes no layer"),
        (steady(right=None), "no condition on the outflow face"),
        (steady(nu=sp.Rational(1, 10)), "width 0.1: a Peclet number of 10 over the box"),
        (moving(span=(0, sp.Rational(1, 10))), "width 0.01 against a box of 0.1"),
    ],
)
def test_no_layer_where_the_data_or_the_diffusion_cannot_make_one(problem, why):
    assert compile_problem(problem).layers() == (), why


def test_a_flow_that_turns_on_the_face_or_transport_has_no_layer():
    turning = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name="turning")
    U = u(x, y)
    turning.equation("pde", sp.Eq((y - sp.Rational(1, 2)) * U.diff(x), NU * U.diff(x, 2)))
    for value in (0, 1):
        turning.condition(f"x{value}", sp.Eq(U.subs(x, value), 0))
    assert compile_problem(turning).layers() == ()
    transport = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    transport.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    transport.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    transport.condition("outflow", sp.Eq(u(1, t), 0))
    assert compile_problem(transport).layers() == ()


def reaction(eps=NU, c=1, left=True) -> Problem:
    """``-eps^2 u'' + c u = 1`` on [0, 1] with ``u`` given at both ends (only at 1 when not
    ``left``): layers of width ``eps / sqrt(c)`` at both ends for ``c > 0``."""
    problem = Problem(u(x), Box(x=(0, 1)), name="reaction-layer")
    problem.equation("pde", sp.Eq(-(eps**2) * u(x).diff(x, 2) + c * u(x), 1))
    if left:
        problem.condition("left", sp.Eq(u(0), 0))
    problem.condition("right", sp.Eq(u(1), 0))
    return problem


def test_a_reaction_beside_a_weak_diffusion_has_layers_of_sqrt_nu_over_c_at_both_ends():
    layers = compile_problem(reaction(c=4)).layers()
    assert layers == (Layer(axis=0, end=0, width=0.005), Layer(axis=0, end=1, width=0.005))
    assert compile_problem(reaction(left=False)).layers() == (Layer(0, 1, 0.01),)
    # a reaction of the other sign oscillates (Helmholtz): no layer
    assert compile_problem(reaction(c=-1)).layers() == ()
    # screened Poisson on [0, 20] and [0, 19]: a width of 1 is 1/20 of the first box, at the
    # threshold, and more than 1/20 of the second
    for end, found in ((20, 2), (19, 0)):
        long = Problem(u(x), Box(x=(0, end)), name="long")
        long.equation("pde", sp.Eq(-u(x).diff(x, 2) + u(x), 1))
        long.condition("left", sp.Eq(u(0), 0))
        long.condition("right", sp.Eq(u(end), 0))
        assert len(compile_problem(long).layers()) == found
    # heat with a decay, u_t = nu u_xx - c u: the reaction's layers, none along time
    decay = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="decay")
    U = u(x, t)
    decay.equation("pde", sp.Eq(U.diff(t), NU**2 * U.diff(x, 2) - U))
    decay.condition("initial", sp.Eq(u(x, 0), 1))
    decay.condition("left", sp.Eq(u(0, t), 0))
    decay.condition("right", sp.Eq(u(1, t), 0))
    assert [layer.end for layer in compile_problem(decay).layers()] == [0, 1]


def test_auto_resolves_the_reaction_layers():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exact = 1 - (sp.exp(-x / NU) + sp.exp((x - 1) / NU)) / (1 + sp.exp(-1 / NU))
        problem = reaction()
        problem.exact(exact)
        # u_p = 1 would leave a homogeneous equation to the modes (tests/test_particular.py)
        solution = solve(problem, budget=10, particular=False)
    assert solution.strategy.chosen.layers == 0.25
    assert solution.errors()["rel_l2"] < 1e-12  # 3.1e-8 without (docs/benchmarks.md, 28)


# ------------------------------------------------------------------------------- the basis


def test_one_hidden_layer_takes_envelopes_of_the_layer_s_width_on_its_box_rows():
    basis = Basis([0.0, 0.0], [2.0, 1.0], 400, activation="tanh")
    plain = initialize(Basis([0.0, 0.0], [2.0, 1.0], 400, activation="tanh"), "box", gen(3))
    layers = [(0, 1, 0.01), (1, 0, 0.02)]
    initialize(basis, "box", torch.Generator().manual_seed(3), layers=layers, across=0.25)
    rows = layer_rows(400, 0.25)
    # every row as Box drew it: the envelopes carry the layers
    torch.testing.assert_close(basis.layers[0].weight, plain.layers[0].weight)
    torch.testing.assert_close(basis.layers[0].bias, plain.layers[0].bias)
    weight, bias = basis.envelope_weight, basis.envelope_bias
    assert not weight[~rows].any() and not bias[~rows].any()  # exp(0): unchanged features
    upper, lower = weight[rows][0::2], weight[rows][1::2]  # the layers go round
    # x = 2 (upper face; width 0.01 / 2 in the unit box): exp((h_x - 1) / d), d from 1/2 to 2
    # times the width; y = 0 (lower face; 0.02): exp(-h_y / d)
    assert (upper[:, 1] == 0).all() and (lower[:, 0] == 0).all()
    assert upper[:, 0].min() >= 0.5 / 0.005 - 1e-9 and upper[:, 0].max() <= 2 / 0.005 + 1e-9
    assert (-lower[:, 1]).min() >= 0.5 / 0.02 - 1e-9 and (-lower[:, 1]).max() <= 2 / 0.02 + 1e-9
    torch.testing.assert_close(bias[rows][0::2], -upper[:, 0])
    assert not bias[rows][1::2].any()
    # the features: Box's, times the envelope, which is 1 on the face and e^-1 a width away
    x = torch.tensor([[2.0, 0.5], [2.0 - 0.01, 0.5]], dtype=torch.float64)
    ratio = basis.hidden(x) / plain.hidden(x)
    first = int(torch.nonzero(rows)[0])
    torch.testing.assert_close(ratio[0, first], torch.tensor(1.0, dtype=torch.float64))
    expected = torch.exp(-0.005 * upper[0, 0])
    torch.testing.assert_close(ratio[1, first], expected)


def test_deeper_networks_take_ridges_steep_across_the_layer_centred_near_the_face():
    basis = Basis([0.0, 0.0], [2.0, 1.0], 400, depth=2, activation="tanh")
    plain = initialize(
        Basis([0.0, 0.0], [2.0, 1.0], 400, depth=2, activation="tanh"), "box", gen(3)
    )
    initialize(basis, "box", torch.Generator().manual_seed(3), layers=[(0, 1, 0.01)], across=0.25)
    assert basis.envelope_weight is None
    rows = layer_rows(400, 0.25)
    assert int(rows.sum()) == 100
    weight, bias = basis.layers[0].weight.detach(), basis.layers[0].bias.detach()
    # the other rows are drawn as without layers
    torch.testing.assert_close(weight[~rows], plain.layers[0].weight.detach()[~rows])
    torch.testing.assert_close(bias[~rows], plain.layers[0].bias.detach()[~rows])
    # in the unit box the layer is 0.01 / 2 wide: slopes from 1/2 to 2 times its inverse
    slope = weight[rows, 0].abs()
    assert slope.min() >= 0.5 / 0.005 - 1e-9 and slope.max() <= 2 / 0.005 + 1e-9
    assert (weight[rows, 0] > 0).any() and (weight[rows, 0] < 0).any()
    # the centre plane crosses x within LAYER_DEPTH widths of the face x = 1 (normalized)
    centre = -(bias[rows] + weight[rows, 1] * 0.5) / weight[rows, 0]
    reach = LAYER_DEPTH * 0.005 + 0.5 * weight[rows, 1].abs() / slope  # y's share
    assert ((1 - centre).abs() <= reach + 1e-12).all()


def test_no_rows_move_without_a_fraction_and_a_bad_fraction_is_refused():
    drawn = [
        initialize(Basis([0.0], [1.0], 16), "box", torch.Generator().manual_seed(0), **kw)
        for kw in ({}, {"layers": [(0, 1, 0.01)], "across": 0.0}, {"across": 0.5})
    ]
    for other in drawn[1:]:
        torch.testing.assert_close(other.layers[0].weight, drawn[0].layers[0].weight)
    with pytest.raises(SettingsError, match="layers is 1.5; it must be a number from 0 to 1"):
        initialize(Basis([0.0], [1.0], 8), "box", None, layers=[(0, 1, 0.01)], across=1.5)
    with pytest.raises(SettingsError, match="drawn by the box initialization; init is 'he'"):
        initialize(Basis([0.0], [1.0], 8), "he", None, layers=[(0, 1, 0.01)], across=0.5)


# ---------------------------------------------------------------------------- the settings


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"layers": 1.5}, "setting 'layers' is 1.5; it must be a finite number from 0 to 1"),
        ({"layers": 0.5, "init": "he"}, "with the box initialization; init is 'he'"),
        ({"layers": 0.5, "subdomains": "4"}, "cannot be combined with subdomains"),
    ],
)
def test_bad_settings_are_one_line_errors(values, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_mapping(values)


def test_a_problem_without_a_layer_is_refused_when_compiling_naming_it():
    with pytest.raises(SettingsError, match="problem 'steady-layer' has no boundary layer"):
        compile_problem(steady(right="flux"), {"layers": 0.25})
    assert compile_problem(steady(right="flux"), {"layers": 0}).layers() == ()


def test_the_cli_refuses_a_bad_fraction_in_one_line(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["solve", "example:advection_gauss", "--layers", "2", "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().count("\n") == 0 and "setting 'layers' is 2" in err
    assert "Traceback" not in err and (not out.exists() or not any(out.iterdir()))


# ---------------------------------------------------------------------------------- solving


def test_the_clouds_are_scattered_only_with_layers_to_resolve():
    compiled = compile_problem(moving())
    spec = {}
    for layers in (None, 0.25):
        runs = Stages(compiled, Settings(layers=layers), None, budget=None)
        spec[layers] = {term.name: term.cloud.spec for term in runs.sized(256).terms}
    assert isinstance(spec[None]["pde"], Grid) and isinstance(spec[0.25]["pde"], Sobol)
    assert spec[0.25]["pde"].n >= 6 * 257  # as many rows as the grid would have had
    # the faces keep their grids
    assert all(isinstance(spec[0.25][name], Grid) for name in spec[0.25] if name != "pde")


def test_a_quarter_of_the_features_across_the_layer_gains_a_hundredfold():
    errors = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the plain basis is not resolved, and says so
        for layers in (0, 0.25):
            solution = solve(steady(), width=96, init_scale=2, layers=layers)
            errors[layers] = solution.errors()["rel_l2"]
    assert errors[0.25] < 1e-2 * errors[0], errors


def test_auto_probes_the_layers_keeps_them_and_says_so(tmp_path, capsys):
    out = tmp_path / "out"
    # --no-particular: u_p would leave a homogeneous equation to the modes
    code = main(["solve", "--out", str(out), "--budget", "10", "--format", "h5", "--quiet"]
                + ["--no-particular", "--set", "seed=0", _write(tmp_path, steady())])  # fmt: skip
    assert code == 0
    report = json.loads((out / "report.json").read_text())
    chosen = report["strategy"]["chosen"]
    assert chosen["layers"] == 0.25
    assert report["rel_l2_error"] < 1e-11  # 1.5e-7 at width 3072 without them (the JSON)
    faces = [{"at": "x=1", "width": 0.01}]
    assert report["layers"] == {"fraction": 0.25, "shape": "envelope", "faces": faces}
    assert any(stage.get("layers") for stage in report["strategy"]["stages"])
    assert any(not stage.get("layers") for stage in report["strategy"]["stages"])
    record = from_json(report["strategy"])
    assert record.chosen.layers == 0.25 and to_json(record) == report["strategy"]
    rows = dict(describe(record))
    assert "layers 0.25" in rows["strategy"]
    across = sum(1 for stage in record.stages if stage.layers)
    stages = f"{across} stage" + ("s" if across > 1 else "")
    assert rows["  layers"] == f"{stages} across boundary layers; chose a share of 0.25"
    # the rerun from the report's settings takes the same clouds and basis
    assert report["settings"]["layers"] == 0.25
    assert report["settings"]["terms"]["pde"]["points"].startswith("sobol:")


def test_the_report_says_nothing_of_layers_without_them():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve(steady(), width=32, init_scale=2, layers=0)
    assert "layers" not in build_report(solution)
    assert np.isfinite(solution.errors()["rel_l2"])


def _write(tmp_path, problem) -> str:
    """A problem file that builds ``problem`` (the CLI reads files)."""
    path = tmp_path / "steady_layer.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x = sp.symbols('x')\n"
        "u = sp.Function('u')\n"
        "nu = sp.Rational(1, 100)\n"
        "exact = x - (sp.exp((x - 1) / nu) - sp.exp(-1 / nu)) / (1 - sp.exp(-1 / nu))\n"
        f"problem = Problem(u(x), Box(x=(0, 1)), name={problem.name!r})\n"
        "problem.equation('pde', sp.Eq(u(x).diff(x) - nu * u(x).diff(x, 2), 1))\n"
        "problem.condition('left', sp.Eq(u(0), 0))\n"
        "problem.condition('right', sp.Eq(u(1), 0))\n"
        "problem.exact(exact)\n"
    )
    return str(path)


def test_a_fixed_strategy_with_layers_scatters_its_interior_cloud_too():
    clouds = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for layers in (0, 0.25):
            solution = solve(
                steady(), optimizer="lsgd", iterations=0, width=32, layers=layers, activation="tanh"
            )
            clouds[layers] = {term.name: term for term in solution.compiled.terms}
    assert isinstance(clouds[0]["pde"].cloud.spec, Grid)
    assert isinstance(clouds[0.25]["pde"].cloud.spec, Sobol)
    assert clouds[0.25]["pde"].size == clouds[0]["pde"].size  # as many points
    np.testing.assert_array_equal(clouds[0.25]["right"].points, clouds[0]["right"].points)


# ------------------------------------------------------------------- the probe (scripted)


def layers_probe(monkeypatch, layered, plain=0.1, scale=2.0, settings=None, layers=True):
    """``_Auto._probe_layers`` at width 512 after one plain probe at ``scale`` (estimate
    ``plain``), on scripted stages: ``layered(scale)`` answers a stage with features across
    the layers. Returns the scale it goes on with, the fraction kept and the (scale, layers)
    of the stages it ran."""
    from auto_harness import Script, planner, problem_of

    from pinnls.training import auto

    found = (Layer(0, 1, 0.01),) if layers else ()
    script = Script(lambda width, sc, factors: plain, layers=lambda f, w, sc: layered(sc))
    planned = planner(monkeypatch, script, settings, problem_of(("x",), layers=found))
    planned._smooth("probe", "tanh", 512, scale)
    chosen = planned._probe_layers("tanh", 512, scale)
    taken = [(entry[2], entry[9]) for entry in script.log[1:]]
    assert auto.LAYERS == 0.25
    return chosen, planned.layers, taken


def test_the_walk_with_layers_keeps_the_best_scale_when_it_pays(monkeypatch):
    chosen, kept, taken = layers_probe(monkeypatch, lambda sc: {2.0: 1e-3, 3.0: 1e-4}.get(sc, 1))
    # the scale given, then steeper while it pays (3 did, 4 did not)
    assert taken == [(2.0, 0.25), (3.0, 0.25), (4.0, 0.25)]
    assert (chosen, kept) == (3.0, 0.25)


@pytest.mark.parametrize(("factor", "kept"), [(1.0, 0.25), (1.001, None)])
def test_layers_are_kept_only_past_the_gain(monkeypatch, factor, kept):
    from pinnls.training import auto

    at = 0.1 / auto.AXIS_GAIN * factor
    chosen, fraction, _ = layers_probe(monkeypatch, lambda sc: at if sc == 2.0 else 1.0)
    assert (chosen, fraction) == (2.0, kept)


def test_no_layer_probe_without_layers_or_with_a_given_fraction(monkeypatch):
    assert layers_probe(monkeypatch, lambda sc: 1e-9, layers=False) == (2.0, None, [])
    given = Settings(layers=0)
    assert layers_probe(monkeypatch, lambda sc: 1e-9, settings=given) == (2.0, None, [])
    local = Settings(subdomains="4")
    assert layers_probe(monkeypatch, lambda sc: 1e-9, settings=local)[2] == []


def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# ------------------------------------------------------------------------------ envelopes


def enveloped(activation: str) -> Basis:
    """A width-7 basis on [0, 2] x [-1, 1] with random envelopes on 4 of its features."""
    basis = Basis([0.0, -1.0], [2.0, 1.0], 7, activation=activation)
    initialize(basis, "box", gen(1), 2.0)
    weight = 3 * torch.randn(7, 2, generator=gen(2), dtype=torch.float64)
    weight[:3] = 0
    basis.set_envelope(weight, torch.randn(7, generator=gen(3), dtype=torch.float64))
    return basis


@pytest.mark.parametrize("activation", ["tanh", "sin"])
def test_envelopes_derivatives_in_closed_form_agree_with_forward_mode(activation):
    from pinnls.numeric.basis import basis_derivatives, jvp_only, operator_columns

    basis = enveloped(activation)
    points = 2 * torch.rand(11, 2, generator=gen(4), dtype=torch.float64) - 0.5
    alphas = [(0, 0), (1, 0), (0, 1), (2, 0), (1, 1), (0, 2)]
    closed = basis_derivatives(basis, points, alphas)
    with jvp_only():
        reference = basis_derivatives(basis, points, alphas)
    for alpha in alphas:
        torch.testing.assert_close(closed[alpha], reference[alpha], rtol=1e-12, atol=1e-12)
    varying = torch.rand(11, generator=gen(5), dtype=torch.float64)
    parts = [((2, 0), -0.3), ((0, 2), varying), ((1, 0), 1.5), ((0, 0), varying), ((1, 1), 0.7)]
    direction = torch.rand(11, 2, generator=gen(6), dtype=torch.float64)
    expected = sum(
        (c[:, None] if isinstance(c, torch.Tensor) else c) * reference[a] for a, c in parts
    )
    expected = (
        expected + direction[:, :1] * reference[(1, 0)] + direction[:, 1:] * reference[(0, 1)]
    )
    with torch.no_grad():  # in place
        torch.testing.assert_close(
            operator_columns(basis, points, parts, direction), expected, rtol=1e-12, atol=1e-12
        )
    # with a graph (the parameters require gradients)
    torch.testing.assert_close(
        operator_columns(basis, points, parts, direction), expected, rtol=1e-12, atol=1e-12
    )
    _, slope = basis.hidden_with_tangent(points, direction)
    along = direction[:, :1] * reference[(1, 0)] + direction[:, 1:] * reference[(0, 1)]
    torch.testing.assert_close(slope, along[:, :7], rtol=1e-12, atol=1e-12)


def test_envelopes_are_refused_where_derivatives_would_not_carry_them():
    with pytest.raises(ValueError, match="one hidden layer"):
        Basis([0.0], [1.0], 4, depth=2).set_envelope(torch.zeros(4, 1), torch.zeros(4))
    with pytest.raises(ValueError, match=r"must be \(4, 1\) and \(4,\)"):
        Basis([0.0], [1.0], 4).set_envelope(torch.zeros(4, 2), torch.zeros(4))


def test_a_saved_solution_with_envelopes_loads_back_the_same(tmp_path):
    import pinnls

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve(steady(), width=64, init_scale=2, layers=0.25)
    assert solution.basis.envelope_weight is not None
    solution.save(tmp_path / "out", formats=["h5"])
    loaded = pinnls.load(tmp_path / "out" / "solution.h5")
    points = np.linspace(0, 1, 201)[:, None]
    np.testing.assert_allclose(loaded(points), solution(points), rtol=1e-13, atol=1e-13)
