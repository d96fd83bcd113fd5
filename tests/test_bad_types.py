"""Arguments and files of the wrong type or shape fail in one line naming the culprit: a file's
``terms`` entry that is not a mapping (``check`` and ``solve``, and the Python API), a saved
model array of the wrong shape (``eval``, ``pinnls.load``), and API arguments of the wrong type
(``Problem(parameters=...)``, ``exact``, ``data``/``reference`` sources, ``pinnls.load``,
``pinnls.solve(settings=..., callback=...)``), each with the package's own error."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import h5py
import numpy as np
import pytest
import sympy as sp

import pinnls
from pinnls import Box, Problem
from pinnls.cli import main
from pinnls.errors import ProblemError, ResultFileError, SettingsError
from pinnls.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import FAST, TINY  # noqa: E402  (the shared tiny problem and flags)

x, t = sp.symbols("x t")
u = sp.Function("u")

#: The message of a term that maps to something other than its settings.
TERM_NOT_A_MAPPING = (
    "setting 'terms': term 'pde' must map to a dict of its settings (weight, points, ...)"
)


def pinnls_cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m pinnls ARGV`` in its own process: the exit code and stderr as a user sees
    them (a traceback included, if any)."""
    return subprocess.run(
        [sys.executable, "-m", "pinnls", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line(result: subprocess.CompletedProcess, *culprits: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("pinnls: error: ")
    for culprit in culprits:
        assert culprit in lines[0]
    return lines[0]


# -- a file's terms entry that is not a mapping ----------------------------------------------


def tiny_with(tmp_path: Path, settings: str) -> Path:
    path = tmp_path / "tiny.py"
    path.write_text(TINY.replace('settings = {"width": 12, "activation": "tanh"}', settings))
    return path


def test_a_files_term_that_maps_to_a_number_is_one_line_from_check(tmp_path):
    # settings = {"terms": {"pde": 5}} raised TypeError: 'int' object is not iterable (rc 1)
    path = tiny_with(tmp_path, 'settings = {"terms": {"pde": 5}}')
    line = assert_one_line(pinnls_cli("check", str(path), cwd=tmp_path), TERM_NOT_A_MAPPING)
    assert line.endswith("not 5")


@pytest.mark.parametrize("value", ["5", "None", "'weight=2'", "[1, 2]"])
def test_a_files_term_that_is_no_mapping_fails_solve_and_check_naming_it(tmp_path, capsys, value):
    path = tiny_with(tmp_path, f'settings = {{"terms": {{"pde": {value}}}}}')
    for argv in (["check", str(path)], ["solve", str(path), "--out", str(tmp_path / "o"), *FAST]):
        assert main(argv) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and TERM_NOT_A_MAPPING in err[0] and f"not {value}" in err[0]
    assert not (tmp_path / "o").exists()


def test_a_terms_setting_that_is_no_mapping_keeps_its_line(tmp_path, capsys):
    path = tiny_with(tmp_path, 'settings = {"terms": 5}')
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert err == "pinnls: error: setting 'terms' must map term names to {'weight': ..., ...}\n"


def test_a_files_terms_still_take_set_overrides(tmp_path, capsys):
    path = tiny_with(tmp_path, 'settings = {"terms": {"pde": {"weight": 2}}}')
    assert main(["check", str(path), "--set", "initial.weight=3"]) == 0


def test_the_api_refuses_a_term_that_is_no_mapping_wherever_it_comes_from(tmp_path):
    path = tiny_with(tmp_path, 'settings = {"terms": {"pde": 5}}')
    with pytest.raises(SettingsError, match="term 'pde' must map to a dict .* not 5$"):
        pinnls.solve(path)  # the file's own settings
    good = tiny_with(tmp_path, "settings = {}")
    for call in (
        lambda: pinnls.solve(good, terms={"pde": 5}),
        lambda: pinnls.solve(good, settings={"terms": {"pde": 5}}),
        lambda: pinnls.solve(good, settings=Settings(terms={"pde": 5})),
    ):
        with pytest.raises(SettingsError, match=r"setting 'terms': term 'pde' .* not 5$"):
            call()


# -- a saved model array of the wrong shape --------------------------------------------------


@pytest.fixture(scope="module")
def tiny_results(tmp_path_factory):
    """Tiny h5-only runs: one network, and two time slabs."""
    folder = tmp_path_factory.mktemp("tiny")
    problem = folder / "tiny.py"
    problem.write_text(TINY)
    outs = {}
    for name, extra in (("one", []), ("slabs", ["--time-slabs", "2"])):
        outs[name] = folder / name
        argv = ["solve", str(problem), "--out", str(outs[name]), "--format", "h5", "--quiet"]
        assert main([*argv, *FAST, *extra]) == 0
    return outs


def damaged(source: Path, folder: Path, edit) -> Path:
    """A copy of ``source``'s solution.h5 alone in ``folder`` (no report.json to check it
    against), changed by ``edit(file)``."""
    folder.mkdir()
    h5 = folder / "solution.h5"
    shutil.copy(source / "solution.h5", h5)
    with h5py.File(h5, "a") as file:
        edit(file)
    return h5


def replace(name: str, value) -> callable:
    def edit(file) -> None:
        del file[name]
        file[name] = value

    return edit


def test_eval_of_coefficients_of_the_wrong_length_is_one_line_naming_both_shapes(
    tiny_results, tmp_path
):
    # zeros(10) for width 8 (9 with the constant) raised RuntimeError: size mismatch (rc 1)
    h5 = damaged(tiny_results["one"], tmp_path / "bad", replace("model/coefficients", np.zeros(10)))
    points = tmp_path / "points.csv"
    points.write_text("x,t\n0.5,0.5\n")
    result = pinnls_cli("eval", str(h5.parent), str(points), cwd=tmp_path)
    assert_one_line(result, "/model/coefficients has shape (10,)", "its constant needs (9,)")
    # --no-verify beside a manifest reads the same file the same way
    shutil.copy(tiny_results["one"] / "report.json", h5.parent)
    result = pinnls_cli("eval", str(h5.parent), str(points), "--no-verify", cwd=tmp_path)
    assert_one_line(result, "/model/coefficients has shape (10,)")
    with pytest.raises(ResultFileError, match=r"/model/coefficients has shape \(10,\)"):
        pinnls.load(h5.parent, verify=False)


def test_coefficients_that_lost_their_constant_entry_do_not_load_as_another_network(
    tiny_results, tmp_path
):
    # 8 entries for width 8 with its constant: read by the length alone, they loaded as a
    # network without its constant (another function, without a word); the settings tell
    def lose(file) -> None:
        kept = file["model/coefficients"][()][:-1]
        del file["model/coefficients"]
        file["model/coefficients"] = kept

    h5 = damaged(tiny_results["one"], tmp_path / "lost", lose)
    with pytest.raises(ResultFileError, match=r"\(8,\); .* 8 features and its constant needs"):
        pinnls.load(h5)

    # a file from before the setting was read (no 'constant' in /model's settings) still
    # loads by the length, either way
    def older(file) -> None:
        settings = json.loads(file["model"].attrs["settings"])
        del settings["constant"]
        file["model"].attrs["settings"] = json.dumps(settings)
        lose(file)

    h5 = damaged(tiny_results["one"], tmp_path / "older", older)
    values = pinnls.load(h5)(np.array([[0.5, 0.5]]))  # the length says: no constant
    assert values.shape == (1,) and np.isfinite(values).all()


def test_a_slabs_coefficients_and_bounds_of_the_wrong_shape_are_named(tiny_results, tmp_path):
    source = tiny_results["slabs"]
    h5 = damaged(source, tmp_path / "coefficients", replace("model/slab_1/coefficients", [1.0]))
    with pytest.raises(ResultFileError, match=r"/model/slab_1/coefficients has shape \(1,\)"):
        pinnls.load(h5)

    def bounds(file) -> None:
        file["model"].attrs["bounds"] = np.array([0.0, 1.0])

    h5 = damaged(source, tmp_path / "bounds", bounds)
    with pytest.raises(ResultFileError, match=r"bounds has shape \(2,\); .* needs \(3,\)"):
        pinnls.load(h5)


def test_a_model_of_the_right_shapes_still_loads(tiny_results):
    for out in tiny_results.values():
        values = pinnls.load(out)(np.array([[0.25, 0.5], [0.75, 0.125]]))
        assert values.shape == (2,) and np.isfinite(values).all()


# -- API arguments of the wrong type ---------------------------------------------------------


def box_problem() -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="p")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), -sp.sin(t)))
    return problem


@pytest.mark.parametrize("parameters", [[1, 2], "c=1", 5])
def test_problem_parameters_that_are_no_mapping(parameters):
    # a list raised AttributeError: 'list' object has no attribute 'items'
    with pytest.raises(ProblemError, match=r"^parameters must map names to numbers.*, not "):
        Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), parameters=parameters)
    for accepted in (None, {}, {"c": 2}):
        Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), parameters=accepted)


@pytest.mark.parametrize("solution", [None, [1], "sin(x-", sp.Eq(x, 1), sp.Matrix([1])])
def test_an_exact_solution_that_is_no_expression(solution):
    # None raised AttributeError: 'NoneType' object has no attribute 'has'
    with pytest.raises(ProblemError, match=r"the exact solution of u\(x, t\) must be a sympy"):
        box_problem().exact(solution)
    with pytest.raises(ProblemError, match=r"the manufactured solution of u\(x, t\) must be"):
        box_problem().manufactured(solution)


def test_exact_solutions_of_every_accepted_form_still_work():
    for solution in (sp.sin(x - t), "sin(x - t)", {u(x, t): sp.sin(x - t)}, {"u": "sin(x-t)"}):
        box_problem().exact(solution).validate()
    assert float(box_problem().exact(np.float64(2.0)).exact_solution) == 2


def test_a_data_or_reference_source_that_is_no_path(tmp_path):
    # data("d", u(x, t), 5) raised TypeError: expected str, bytes or os.PathLike object
    with pytest.raises(ProblemError, match=r"^data 'd': the source must be a file path.*not int 5"):
        box_problem().data("d", u(x, t), 5)
    with pytest.raises(ProblemError, match=r"^reference: the source must be a file path.*not int"):
        box_problem().reference(5)
    sensors = tmp_path / "sensors.csv"
    sensors.write_text("x,t,value\n0.5,0.5,0.0\n")
    for source in (sensors, str(sensors)):  # a path and its text still read
        box_problem().data("d", u(x, t), source)
    box_problem().data("d", u(x, t), points=[[0.5, 0.5]], values=[0.0])


def test_load_of_something_that_is_no_path():
    # pinnls.load(5) raised TypeError: expected str, bytes or os.PathLike object
    with pytest.raises(ResultFileError, match=r"^pinnls.load takes a results folder.* not int 5"):
        pinnls.load(5)


@pytest.mark.parametrize(
    ("settings", "given"), [([1], "not list [1]"), ("width=3", "not str 'width=3'")]
)
def test_solve_settings_that_are_no_mapping(settings, given):
    # [1] raised TypeError, "width=3" ValueError: dictionary update sequence element #0 ...
    with pytest.raises(SettingsError, match=r"^settings must be a Settings or a mapping") as info:
        pinnls.solve(box_problem(), settings=settings)
    assert given in str(info.value)


def test_solve_callback_that_is_not_callable():
    with pytest.raises(SettingsError, match=r"^callback must be callable.*not int 5"):
        pinnls.solve(box_problem(), callback=5)


def test_an_exact_solution_that_names_an_unknown_twice_is_refused():
    # {"p": ..., p: ...}: the last one won without a word (an adversary's file)
    p, v = sp.Function("p"), sp.Function("v")
    problem = Problem([p(x, t), v(x, t)], Box(x=(0, 1), t=(0, 1)), name="twice")
    with pytest.raises(ProblemError, match=r"gives p\(x, t\) twice \('p' and p\)"):
        problem.exact({"p": sp.sin(x - t) + 5 * x, p: sp.sin(x - t), "v": sp.sin(x - t)})
    problem.exact({p: sp.sin(x - t), "v": sp.sin(x - t)})  # once each, by either key
