"""Loading problem files (pinnls.symbolic.loader): the names a file must define, file:line
errors, and the values of parameters given to load_problem."""

import hashlib
import importlib
import re
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import sympy

import pinnls
from pinnls import (
    Box,
    NonlinearTermError,
    Problem,
    ProblemError,
    ProblemFileError,
    SettingsError,
    UnknownFaceError,
    load_problem,
)

HEADER = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
domain = Box(x=(0, 1), t=(0, 1))
"""

GOOD = (
    HEADER
    + """\
problem = Problem(u(x, t), domain, name="good")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
settings = {"width": 8, "activation": "tanh"}
"""
)


def where(path, line=r"\d+"):
    """Regex for the ``file:line: `` prefix of an error."""
    return rf"^{re.escape(str(path))}:{line}: "


def write(tmp_path, text, name="problem.py"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def test_load_returns_problem_settings_path_and_hash(tmp_path):
    path = write(tmp_path, GOOD)
    loaded = load_problem(path)
    assert isinstance(loaded.problem, Problem)
    assert loaded.problem.name == "good"
    assert [term.name for term in loaded.problem.terms] == ["pde", "initial"]
    assert loaded.settings == {"width": 8, "activation": "tanh"}
    assert loaded.path == path
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_settings_are_optional(tmp_path):
    path = write(tmp_path, GOOD.replace('settings = {"width": 8, "activation": "tanh"}\n', ""))
    assert load_problem(str(path)).settings == {}


def test_missing_file(tmp_path):
    with pytest.raises(ProblemFileError, match=r"nowhere\.py: no such problem file"):
        load_problem(tmp_path / "nowhere.py")


def test_syntax_error_gives_file_and_line(tmp_path):
    path = write(tmp_path, HEADER + "problem = Problem(u(x, t), domain\nprint(\n")
    with pytest.raises(ProblemFileError, match=where(path) + r"syntax error: ") as error:
        load_problem(path)
    line = int(str(error.value).split(":")[1])
    assert line >= 7  # the unclosed call, not the header


def test_file_without_problem(tmp_path):
    path = write(tmp_path, HEADER + "p = Problem(u(x, t), domain)\n")
    with pytest.raises(ProblemFileError, match=where(path, 1) + r"defines no 'problem'"):
        load_problem(path)


def test_problem_that_is_not_a_problem_points_at_its_line(tmp_path):
    path = write(tmp_path, HEADER + "\nproblem = domain\n")
    with pytest.raises(
        ProblemFileError, match=where(path, 8) + r"'problem' is a Box, not a pinnls Problem"
    ):
        load_problem(path)


def test_settings_that_are_not_a_dict(tmp_path):
    path = write(tmp_path, GOOD + "settings = [('width', 8)]\n")
    with pytest.raises(
        ProblemFileError, match=where(path) + r"'settings' must be a dict, got list"
    ):
        load_problem(path)


def test_name_error_gives_file_line_and_exception(tmp_path):
    path = write(tmp_path, HEADER + "problem = Problem(u(x, y), domain)\n")
    with pytest.raises(
        ProblemFileError, match=where(path, 7) + r"NameError: name 'y' is not defined"
    ):
        load_problem(path)


def test_error_inside_a_helper_function_points_at_the_deepest_line_in_the_file(tmp_path):
    text = HEADER + "def broken():\n    return 1 / 0\n\nproblem = broken()\n"
    path = write(tmp_path, text)
    with pytest.raises(ProblemFileError, match=where(path, 8) + r"ZeroDivisionError"):
        load_problem(path)


def test_problem_error_in_a_file_keeps_its_type_and_gains_file_and_line(tmp_path):
    text = GOOD + 'problem.equation("bad", sp.Eq(u(x, t) * u(x, t).diff(x), 0))\n'
    path = write(tmp_path, text)
    with pytest.raises(
        NonlinearTermError, match=where(path, 11) + r"term 'bad': u\(x,t\)\*Derivative"
    ):
        load_problem(path)


def test_face_error_in_a_file(tmp_path):
    path = write(tmp_path, GOOD + 'problem.condition("inflow", sp.Eq(u(2, t), 0))\n')
    with pytest.raises(UnknownFaceError, match=where(path, 11) + r"term 'inflow' is at x=2"):
        load_problem(path)


def test_problem_file_error_is_a_problem_error():
    assert issubclass(ProblemFileError, ProblemError)
    assert issubclass(ProblemError, ValueError)


def test_a_file_that_runs_is_not_imported_as_main(tmp_path):
    text = GOOD + 'if __name__ == "__main__":\n    raise SystemExit("ran as a script")\n'
    assert load_problem(write(tmp_path, text)).problem.name == "good"


def test_loaded_problem_is_a_frozen_value(tmp_path):
    import dataclasses

    path = tmp_path / "frozen.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\nx = sp.Symbol('x')\n"
        "u = sp.Function('u')\nproblem = Problem(u(x), Box(x=(0, 1)))\n"
        "problem.equation('pde', sp.Eq(u(x).diff(x), 1))\n"
    )
    loaded = load_problem(path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.settings = {"width": 2}
    assert loaded == dataclasses.replace(loaded)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("import sys\nsys.exit(0)\n", r"exit\.py:2: the file calls sys\.exit\(0\)"),
        ('raise SystemExit("bye")\n', r"exit\.py:1: the file calls sys\.exit\('bye'\)"),
        ("class Boom(BaseException):\n    pass\n\nraise Boom('x')\n", r"exit\.py:4: Boom: x"),
    ],
)
def test_a_file_that_ends_the_process_is_a_file_error_with_its_line(tmp_path, body, expected):
    # sys.exit(0) in a problem file used to make `pinnls solve` exit 0 with nothing done.
    path = tmp_path / "exit.py"
    path.write_text(body)
    with pytest.raises(ProblemFileError, match=expected):
        load_problem(path)


def test_null_bytes_and_invalid_utf8_are_syntax_errors_with_a_line(tmp_path):
    nulls = tmp_path / "nulls.py"
    nulls.write_bytes(b"x = 1\ny = 2\x00\n")
    with pytest.raises(ProblemFileError, match=r"nulls\.py:2: syntax error: .*null bytes"):
        load_problem(nulls)
    latin = tmp_path / "latin.py"
    latin.write_bytes(b'x = "\xff\xfe"\n')
    with pytest.raises(ProblemFileError, match=r"latin\.py:1: syntax error: .*utf-8"):
        load_problem(latin)


# -- parameters (issue 20): given to load_problem, applied while the file runs ---------------

WITH_PARAMETERS = (
    HEADER
    + """\
c, k = sp.symbols("c k")
problem = Problem(u(x, t), domain, name="waves", parameters={"c": 1.0, "k": 2.0})
problem.equation("pde", sp.Eq(u(x, t).diff(t) + c * u(x, t).diff(x), 0))
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(k * x)))
problem.exact(sp.sin(k * (x - c * t)))
problem.init_while_loading = Problem.__init__
"""
)


def test_given_parameters_replace_the_declared_values_before_the_terms_are_built(tmp_path):
    path = write(tmp_path, WITH_PARAMETERS)
    loaded = load_problem(path, parameters={"c": 3, "k": 0.5})
    assert loaded.problem.parameters == {"c": 3.0, "k": 0.5}
    assert loaded.applied_parameters == {"c": 3.0, "k": 0.5}
    pde, initial = loaded.problem.terms
    assert pde.form.coefficients == (3, 1)  # 3 u_x + u_t: c substituted when declared
    assert initial.form.source == sympy.sin(sympy.Float(0.5) * sympy.Symbol("x"))
    # The exact solution took the values too: sin(0.5 (x - 3 t)) solves the new terms.
    assert set(loaded.problem.validate().exact_check) == {"pde", "initial"}
    default = load_problem(path)
    assert default.problem.parameters == {"c": 1.0, "k": 2.0}
    assert default.applied_parameters == {}
    only_c = load_problem(path, parameters={"c": 5.0})
    assert only_c.problem.parameters == {"c": 5.0, "k": 2.0}
    assert only_c.applied_parameters == {"c": 5.0}


def test_loading_with_parameters_leaves_the_problem_class_alone(tmp_path):
    # No monkeypatch: Problem.__init__ is the same function before, while and after the file
    # runs, and a Problem built afterwards keeps its own values.
    path = write(tmp_path, WITH_PARAMETERS)
    before = Problem.__init__
    loaded = load_problem(path, parameters={"c": 3.0})
    assert loaded.problem.init_while_loading is before
    assert Problem.__init__ is before
    assert "__init__" not in vars(loaded.problem)
    after = Problem(sympy.Function("u")(sympy.Symbol("x")), Box(x=(0, 1)), parameters={"c": 1})
    assert after.parameters == {"c": 1.0}


def test_an_undeclared_parameter_is_refused_naming_the_file_and_the_declared_ones(tmp_path):
    path = write(tmp_path, WITH_PARAMETERS)
    message = (
        rf"^{re.escape(str(path))}: 'speed' is not a parameter of the problem \(parameters: c, k\)$"
    )
    with pytest.raises(SettingsError, match=message):
        load_problem(path, parameters={"c": 2.0, "speed": 3.0})
    plain = write(tmp_path, GOOD, name="plain.py")
    with pytest.raises(
        SettingsError, match=r"'a', 'b' are not parameters .*\(parameters: none declared\)$"
    ):
        load_problem(plain, parameters={"a": 1.0, "b": 2.0})


def test_skip_undeclared_applies_only_the_declared_names(tmp_path):
    path = write(tmp_path, WITH_PARAMETERS)
    loaded = load_problem(path, parameters={"c": 2.0, "width": 8.0}, skip_undeclared=True)
    assert loaded.applied_parameters == {"c": 2.0}
    assert loaded.problem.parameters == {"c": 2.0, "k": 2.0}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("fast", r"parameter 'c' must be a number, got 'fast'"),
        ("3", r"parameter 'c' must be a number, got '3'"),
        (None, r"parameter 'c' must be a number, got None"),
        (True, r"parameter 'c' must be a number, got True"),
        (float("nan"), r"parameter 'c' must be finite, got nan"),
        (float("-inf"), r"parameter 'c' must be finite, got -inf"),
    ],
)
def test_a_parameter_value_must_be_a_finite_number(tmp_path, value, message):
    path = write(tmp_path, WITH_PARAMETERS + "raise RuntimeError('the file ran')\n")
    # Refused before the file runs (its RuntimeError would be a ProblemFileError).
    with pytest.raises(SettingsError, match=rf"^{re.escape(str(path))}: {message}$"):
        load_problem(path, parameters={"c": value})


def test_numpy_numbers_are_numbers(tmp_path):
    path = write(tmp_path, WITH_PARAMETERS)
    loaded = load_problem(path, parameters={"c": np.float32(0.5), "k": np.int64(4)})
    assert loaded.problem.parameters == {"c": 0.5, "k": 4.0}


def test_every_problem_the_file_builds_takes_the_values_and_the_next_load_does_not(tmp_path):
    text = WITH_PARAMETERS + (
        "other = Problem(u(x, t), domain, name='other', parameters={'c': 7.0})\n"
        "problem.other_parameters = other.parameters\n"
        "made = problem.manufactured(sp.sin(x) * sp.exp(-t))\n"
        "problem.made_parameters = made.parameters\n"
    )
    path = write(tmp_path, text)
    loaded = load_problem(path, parameters={"c": 3.0})
    assert loaded.problem.other_parameters == {"c": 3.0}
    assert loaded.problem.made_parameters == {"c": 3.0, "k": 2.0}
    # The values live only while their file runs, also when it fails.
    failing = write(tmp_path, WITH_PARAMETERS + "1 / 0\n", name="failing.py")
    with pytest.raises(ProblemFileError, match="ZeroDivisionError"):
        load_problem(failing, parameters={"c": 9.0})
    assert load_problem(path).problem.parameters == {"c": 1.0, "k": 2.0}


def test_a_problem_built_before_the_file_ran_cannot_take_the_values(tmp_path, monkeypatch):
    # A problem imported from a module that was imported already was built with its own
    # values; loading must not claim to have applied the given ones.
    write(tmp_path, WITH_PARAMETERS, name="shared_waves.py")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "shared_waves", raising=False)
    importlib.import_module("shared_waves")
    path = write(tmp_path, "from shared_waves import problem\n", name="reuse.py")
    with pytest.raises(
        ProblemFileError, match=r"reuse\.py: the parameter 'c' is 1, not the 3 given: "
    ):
        load_problem(path, parameters={"c": 3.0})
    assert load_problem(path, parameters={"c": 1.0}).applied_parameters == {"c": 1.0}


# -- bundled examples: example:NAME ------------------------------------------------------------


def test_an_example_name_loads_the_bundled_file_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no problems/ folder here
    loaded = load_problem("example:advection_gauss")
    assert loaded.problem.name == "advection-gauss"
    assert loaded.path.parent == Path(pinnls.__file__).resolve().parent / "problems"
    assert load_problem("example:advection_gauss.py").sha256 == loaded.sha256


def test_an_unknown_example_is_one_line_that_lists_the_examples():
    with pytest.raises(ProblemFileError) as raised:
        load_problem("example:nonesuch")
    message = str(raised.value)
    assert message.startswith("no bundled example 'nonesuch'; choose from ")
    assert "advection_gauss" in message and "darcy_2d" in message and "\n" not in message


def test_a_path_object_is_never_an_example_name(tmp_path, monkeypatch):
    # Only text names an example; a path is a path, even one that looks like a name.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ProblemFileError, match=r"^example:advection_gauss: no such problem file"):
        load_problem(Path("example:advection_gauss"))


# -- the exact solution, checked after the file ran --------------------------------------------


def test_an_exact_solution_that_misses_the_pde_is_reported_at_its_line(tmp_path):
    # Checked when the problem is validated (compile), after the file ran; the message still
    # points at the problem.exact(...) call, as every other declaration error of a file does.
    body = GOOD.replace("settings = ", "problem.exact(sp.sin(x))\nsettings = ")
    path = write(tmp_path, body)
    line = body.splitlines().index("problem.exact(sp.sin(x))") + 1
    problem = load_problem(path).problem
    expected = where(path, line) + r"exact solution does not satisfy 'pde': residual cos\(x\)"
    with pytest.raises(ProblemError, match=expected):
        problem.validate()
    with pytest.raises(ProblemError, match=expected):
        pinnls.compile_problem(problem)
    # The same declaration outside a problem file: its traceback shows the line, as for the
    # other declaration errors, and the message is the term's alone.
    x, t = sympy.symbols("x t")
    u = sympy.Function("u")
    built = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
    built.equation("pde", sympy.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0)).exact(sympy.sin(x))
    with pytest.raises(ProblemError, match=r"^exact solution does not satisfy 'pde'"):
        built.validate()
