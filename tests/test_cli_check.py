"""``pinnls check`` in-process: a summary and exit 0, or one line on stderr and exit 2."""

import pytest
from helpers import PROBLEMS

from pinnls import NonlinearTermError, ProblemFileError, UnknownFaceError
from pinnls.cli import main

BAD_HEADER = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
"""


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def test_check_prints_the_terms_of_a_bundled_problem(capsys):
    path = PROBLEMS / "advection_gauss.py"
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    out = captured.out
    assert "advection-gauss" in out
    assert "u(x, t) on x in [0, 1], t in [0, 1]" in out
    rows = {line.split()[0]: line.split() for line in lines(out)}
    # The file declares no clouds: the default Grid(spacing=1/64), 64 x 64 cell centres
    # inside, 64 per face (auto refines them when it solves; check shows them as declared).
    assert rows["pde"][:4] == ["pde", "equation", "interior", "4096"]
    assert rows["initial"][:4] == ["initial", "condition", "t=0", "64"]
    assert rows["inflow"][:4] == ["inflow", "condition", "x=0", "64"]
    assert "D[u(x, t); x] + D[u(x, t); t]" in out
    # the automatic strategy (the default) sizes its own clouds: the line says so
    assert (
        rows["points"]
        == (
            "points    as declared (none: a grid of spacing 1/64 in the axes' units); the "
            "automatic strategy refines each cloud to the width of each stage"
        ).split()
    )
    assert "satisfies every term" in out
    assert lines(out)[-1] == "ok"
    # a fixed optimizer trains on the clouds as declared: no such line
    assert main(["check", str(path), "--set", "optimizer=lsgd"]) == 0
    assert not any(line.startswith("points ") for line in lines(capsys.readouterr().out))


def test_check_shows_width_dependent_weights_and_parameters(capsys):
    path = str(PROBLEMS / "advection_variable.py")
    assert main(["check", path, "--set", "width=2048"]) == 0
    out = capsys.readouterr().out
    pde = next(line for line in lines(out) if line.startswith("pde "))
    assert "0.0221" in pde.split()  # W**-0.5 at the width given, 2048
    assert main(["check", str(PROBLEMS / "advection_periodic.py")]) == 0
    out = capsys.readouterr().out
    assert "c=20" in out
    assert "x=0 | x=6.28319" in out


def test_check_without_an_exact_solution_says_so(tmp_path, capsys):
    path = tmp_path / "plain.py"
    path.write_text(
        BAD_HEADER + 'problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n'
        # its data: a transport problem with none is refused (its inflow is uncovered)
        'problem.condition("initial", sp.Eq(u(x, 0), 0))\n'
        'problem.inflow("inflow", sp.Eq(u(x, t), 0))\n'
    )
    assert main(["check", str(path)]) == 0
    assert "none given" in capsys.readouterr().out


def test_check_warns_of_an_unknown_without_an_equation(tmp_path, capsys):
    # a file of conditions alone solved to an estimate of 5e-16 at an error of 0.91: check
    # says what the solve says, in one warning line, and goes on
    path = tmp_path / "conditions.py"
    path.write_text(
        BAD_HEADER + 'problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))\n'
        'problem.condition("left", sp.Eq(u(0, t), 0))\n'
    )
    assert main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    (line,) = [w for w in captured.err.splitlines() if "warning" in w]
    assert line.startswith("pinnls: warning: problem 'u' has no equation: only its conditions")
    assert captured.out.rstrip().endswith("ok")


@pytest.mark.parametrize(
    ("body", "culprit"),
    [
        ('problem.equation("pde", sp.Eq(u(x, t) * u(x, t).diff(x), 0))\n', "term 'pde'"),
        ('problem.condition("inflow", sp.Eq(u(2, t), 0))\n', "is at x=2, outside x in [0, 1]"),
        ('problem.equation("pde", sp.Eq(u(x, t).diff(t), alpha))\n', "NameError"),
        ("problem = 3\n", "'problem' is a int, not a pinnls Problem"),
        ("problem = Problem(\n", "syntax error"),
        ('problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.Symbol("k")))\n', "uses 'k'"),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n'
            "problem.exact(sp.sin(x))\n",
            "bad.py:8: exact solution does not satisfy 'pde': residual cos(x)",
        ),
        # a helper's adversarial files (section 72): a traceback, a cast with numpy's warning,
        # terms dropped or read as zero without a word, and a NaN that read as "contradictory"
        (
            'problem.equation("pde", sp.Eq(sp.I * u(x, t).diff(x) + u(x, t).diff(t), 0))\n',
            "term 'pde': the equation has the imaginary unit I",
        ),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), sp.I * x))\n',
            "term 'pde': the equation has the imaginary unit I",
        ),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t) + sp.Derivative(u(x, t), '
            'sp.Symbol("y")), 0))\n',
            "term 'pde': Derivative(u(x, t), y) differentiates along y, which is not an axis",
        ),
        (
            # a conductivity with a step sympy does not differentiate: sympy's own words were
            # all the message said ("Derivative(floor(_xi_1), _xi_1) differentiates along ...")
            'problem.equation("pde", sp.Eq(u(x, t).diff(t) - sp.diff((1 + 9 * sp.floor(2 * x)) '
            "* u(x, t).diff(x), x), 0))\n",
            "term 'pde': sympy cannot differentiate floor(...) in a coefficient",
        ),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t), sp.DiracDelta(x - 0.5)))\n',
            "term 'pde': DiracDelta is a distribution",
        ),
        (
            'problem.equation("pde", sp.Eq(sp.nan * u(x, t).diff(t), 0))\n',
            "contradictory constants, or one is NaN",
        ),
        (
            'problem.equation("pde", sp.Eq(u(x, t).diff(t), 0))\n'
            'problem.condition("initial", sp.Eq(u(x, 0), 0), points="grid:1/0")\n',
            "term 'initial': cannot read points 'grid:1/0'",
        ),
        (
            # a wrong solution of many trigonometric powers: 156 s in simplify before the
            # points were read in 50 digits, now a few seconds
            'problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n'
            "problem.exact(sp.sin(x - t) + sum(sp.sin(k * x + t) ** k / k**3 for k in "
            "range(1, 10)))\n",
            "bad.py:8: exact solution does not satisfy 'pde': residual",
        ),
    ],
    ids=[
        "nonlinear",
        "face",
        "name-error",
        "not-a-problem",
        "syntax",
        "unknown-symbol",
        "exact",
        "complex-coefficient",
        "complex-source",
        "derivative-off-axis",
        "floor-coefficient",
        "dirac",
        "nan",
        "points-divide-by-zero",
        "exact-without-simplify",
    ],  # fmt: skip
)
def test_check_reports_a_bad_file_in_one_line_and_exits_2(tmp_path, capsys, body, culprit):
    path = tmp_path / "bad.py"
    path.write_text(BAD_HEADER + body)
    assert main(["check", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err.splitlines()
    assert len(err) == 1
    assert err[0].startswith("pinnls: error: ")
    assert str(path) in err[0]
    assert culprit in err[0]
    assert "Traceback" not in captured.err


def test_a_files_terms_setting_that_is_no_mapping_is_one_line_as_on_the_command_line(
    tmp_path, capsys
):
    # settings = {"terms": 5} in the file raised TypeError with a traceback; --set terms=5 had
    # always been this line (a file's settings are checked as the flags are, by name)
    path = tmp_path / "bad.py"
    path.write_text(BAD_HEADER + 'settings = {"terms": 5}\n')
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == "pinnls: error: setting 'terms' must map term names to {'weight': ..., ...}\n"


def test_check_of_a_problem_without_terms_exits_2(tmp_path, capsys):
    path = tmp_path / "empty.py"
    path.write_text(BAD_HEADER)
    assert main(["check", str(path)]) == 2
    assert "has no terms" in capsys.readouterr().err


def test_check_of_a_missing_file_exits_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.py")]) == 2
    assert "no such problem file" in capsys.readouterr().err


def test_check_debug_reraises_with_the_traceback(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(BAD_HEADER + 'problem.equation("pde", sp.Eq(sp.sin(u(x, t)), 0))\n')
    with pytest.raises(NonlinearTermError, match=r"term 'pde': sin\(u\(x,t\)\)"):
        main(["check", str(path), "--debug"])
    with pytest.raises(UnknownFaceError):
        path.write_text(BAD_HEADER + 'problem.condition("c", sp.Eq(u(x, 5), 0))\n')
        main(["check", "--debug", str(path)])
    with pytest.raises(ProblemFileError):
        main(["check", "--debug", str(tmp_path / "missing.py")])


def test_check_rejects_a_weight_that_is_code_in_one_line_and_runs_nothing(capsys, tmp_path):
    marker = tmp_path / "ran"
    attack = f"pde.weight=__import__('os').system('touch {marker}')"
    path = PROBLEMS / "advection_gauss.py"
    assert main(["check", str(path), "--set", attack]) == 2
    err = capsys.readouterr().err
    assert len(lines(err)) == 1
    assert err.startswith("pinnls: error: term 'pde': weight ")
    assert "is not a number or a formula in W" in err
    assert not marker.exists()


@pytest.mark.parametrize(
    ("path", "aligned", "layers"),
    [
        ("problems/advection_gauss.py", "a transport flow", None),
        ("benchmarks/drift/layer_1d.py", "a drift beside diffusion", "x=1 (width 0.01)"),
        ("benchmarks/layers/reaction_1d.py", None, "x=0 (width 0.01), x=1 (width 0.01)"),
        ("benchmarks/axes/wave_2d.py", "a wave operator", None),
        ("problems/acoustics_wall.py", "a hyperbolic system", None),
        ("benchmarks/suite/poisson_2d.py", None, None),
    ],
)
def test_check_says_what_structure_auto_may_probe(capsys, path, aligned, layers):
    root = PROBLEMS.parent
    assert main(["check", str(root / path)]) == 0
    rows = {line.split()[0]: line for line in lines(capsys.readouterr().out)}
    assert (aligned is None) == ("aligned" not in rows)
    if aligned is not None:
        assert rows["aligned"].startswith(f"aligned   {aligned}: auto may probe")
    assert (layers is None) == ("layers" not in rows)
    if layers is not None:
        assert rows["layers"] == (
            f"layers    {layers}: where a value held there disagrees with what the flow or "
            "reaction brings, the solution turns over that width; auto may probe features "
            "across them"
        )


def test_check_does_not_promise_aligned_probes_for_a_flow_it_cannot_march(tmp_path, capsys):
    # A steady flow whose two coefficients both vary has no axis to march its feet along, and
    # auto probes no aligned features for it (a user's potential flow past a cylinder ran
    # none, where check had said it may).
    path = tmp_path / "swirl.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, y = sp.symbols('x y')\n"
        "u = sp.Function('u')\n"
        "problem = Problem(u(x, y), Box(x=(0, 1), y=(0, 1)), name='varying')\n"
        "U = u(x, y)\n"
        "problem.equation('pde', sp.Eq((1 + y) * U.diff(x) + (1 + x) * U.diff(y), 0))\n"
        "problem.condition('left', sp.Eq(u(0, y), sp.sin(y)))\n"
        "problem.condition('bottom', sp.Eq(u(x, 0), sp.sin(-x)))\n"
    )
    assert main(["check", str(path)]) == 0
    rows = {line.split()[0]: line for line in lines(capsys.readouterr().out)}
    assert rows["aligned"].startswith("aligned   a transport flow that varies, with no axis")
    assert "auto does not probe features aligned with it" in rows["aligned"]
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem
    from pinnls.training.auto import constant_characteristics, feet_apply

    compiled = compile_problem(load_problem(path).problem)
    assert not constant_characteristics(compiled) and not feet_apply(compiled)


def test_check_names_the_time_axis_and_writes_face_values_short(tmp_path, capsys):
    # a time axis called tau on a box that does not start at 0, a flux condition at r = 1.5
    path = tmp_path / "pipe.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "r, tau = sp.symbols('r tau')\n"
        "T = sp.Function('T')\n"
        "problem = Problem(T(r, tau), Box(r=(0.5, 1.5), tau=(0, 2)), time=tau)\n"
        "problem.equation('pde', sp.Eq(T(r, tau).diff(tau), T(r, tau).diff(r, 2)))\n"
        "problem.condition('start', sp.Eq(T(r, 0), sp.sin(r)))\n"
        "problem.condition('inner', sp.Eq(T(0.5, tau), 0))\n"
        "problem.condition('outer', sp.Eq(T(r, tau).diff(r).subs(r, 1.5) + T(1.5, tau), 0))\n"
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "T(r, tau) on r in [0.5, 1.5], tau in [0, 2]; time tau" in out
    assert "outer: T_r(1.5, tau) + T(1.5, tau) = 0" in out


def test_check_writes_the_operators_float_coefficients_short(tmp_path, capsys):
    # parameters' values in the operator column as the file gave them, not to 15 digits
    path = tmp_path / "pulse.py"
    path.write_text(
        "import sympy as sp\n"
        "from pinnls import Box, Problem\n"
        "x, t, a, r = sp.symbols('x t a r')\n"
        "u = sp.Function('u')\n"
        "problem = Problem(u(x, t), Box(x=(0, 4), t=(0, 1)), parameters={'a': 0.8, 'r': 0.3})\n"
        "problem.equation('pde', sp.Eq(u(x, t).diff(t) + a * u(x, t).diff(x), -r * u(x, t)))\n"
        "problem.condition('initial', sp.Eq(u(x, 0), sp.exp(-x**2)))\n"
        "problem.condition('inflow', sp.Eq(u(0, t), 1))\n"
    )
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    pde = next(line for line in lines(out) if line.startswith("pde "))
    assert pde.endswith("0.8*D[u(x, t); x] + D[u(x, t); t] + 0.3*u(x, t)")
    assert "0.80000" not in out and "0.30000" not in out


def test_check_names_the_axes_a_flow_moves_along_and_faces_no_speed_enters(tmp_path, capsys):
    # a flow along x in a box of x and y: "along x", not "along x, y" (a new user's remark)
    flow = tmp_path / "flow.py"
    flow.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        'x, y, t = sp.symbols("x y t")\nu = sp.Function("u")\n'
        "problem = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)))\n"
        'problem.equation("pde", sp.Eq(u(x, y, t).diff(t) + (1 + t) * u(x, y, t).diff(x), 0))\n'
        'problem.condition("initial", sp.Eq(u(x, y, 0), sp.sin(x + y)))\n'
        'problem.condition("inflow", sp.Eq(u(0, y, t), sp.sin(-t - t**2 / 2 + y)))\n'
    )
    assert main(["check", str(flow)]) == 0
    out = capsys.readouterr().out
    assert "transport velocity from 'pde' along x\n" in out
    # a system whose waves run along x only: its faces y = const see no speed enter, said so
    # (not "0 speed(s) enter (the fastest at -0 inward)")
    system = tmp_path / "system.py"
    system.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        'x, y, t = sp.symbols("x y t")\np, v = sp.Function("p"), sp.Function("v")\n'
        "box = Box(x=(0, 1), y=(0, 1), t=(0, 1))\n"
        'problem = Problem([p(x, y, t), v(x, y, t)], box, name="waves")\n'
        "P, V = p(x, y, t), v(x, y, t)\n"
        'problem.equation("mass", sp.Eq(P.diff(t) + V.diff(x), 0))\n'
        'problem.equation("momentum", sp.Eq(V.diff(t) + P.diff(x), 0))\n'
        'problem.condition("p0", sp.Eq(p(x, y, 0), sp.sin(x)))\n'
        'problem.condition("v0", sp.Eq(v(x, y, 0), 0))\n'
        'problem.condition("left", sp.Eq(v(0, y, t), 0))\n'
        'problem.condition("right", sp.Eq(v(1, y, t), 0))\n'
    )
    assert main(["check", str(system)]) == 0
    out = capsys.readouterr().out
    assert "y=0: no speed enters; no condition" in out
    assert "x=0: 1 speed(s) enter (the fastest at 1 inward); left" in out
