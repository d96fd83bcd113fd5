"""Data terms: observations at fixed points, read from arrays or files, fitted by least squares;
every kind of bad data refused in one line naming the file and row."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, ProblemError, SettingsError, compile_problem, load_problem
from pinnls.cli import main

x, t = sp.symbols("x t")
u = sp.Function("u")
EXACT = sp.sin(2 * (x - t))
#: One least-squares solve on a smooth tanh basis (steepness 1 suits this gentle wave).
FIT = {
    "optimizer": "lsgd",
    "iterations": 0,
    "width": 128,
    "activation": "tanh",
    "init_scale": 1.0,
    "rcond": 1e-13,
    "seed": 3,
}


def exact(points):
    return np.sin(2 * (points[:, 0] - points[:, 1]))


def transport(with_initial: bool = False) -> Problem:
    """``u_t + u_x = 0`` with inflow data only: without the initial state or observations
    the solution in the lower right triangle is undetermined."""
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="obs")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/32")
    problem.condition("inflow", sp.Eq(u(0, t), EXACT.subs(x, 0)), points="grid:1/32")
    if with_initial:
        problem.condition("initial", sp.Eq(u(x, 0), EXACT.subs(t, 0)), points="grid:1/32")
    problem.exact(EXACT)
    return problem


def sensors(n=60, seed=0):
    points = np.random.default_rng(seed).random((n, 2))
    return points, exact(points)


def test_observations_at_fixed_points_determine_the_transported_state():
    import pinnls

    points, values = sensors()
    problem = transport().data("obs", u(x, t), points=points, values=values)
    solution = pinnls.solve(problem, **FIT)
    # tanh width 128 on a smooth travelling wave: the fit reaches ~2e-7; 1e-5 leaves room for
    # BLAS differences. Without the data term the lower triangle is free (checked below).
    assert solution.errors()["rel_l2"] < 1e-5
    assert np.max(np.abs(solution(points) - values)) < 1e-5
    compiled = solution.compiled
    obs = next(term for term in compiled.terms if term.name == "obs")
    assert obs.kind == "data" and np.array_equal(obs.points, points)
    # validation: the data term at its own points, the others on fresh ones
    assert solution.validation["terms"]["obs"]["points"] == len(points)
    assert solution.validation["terms"]["obs"]["rms"] < 1e-5


def test_data_term_without_it_the_solution_is_not_determined():
    import pinnls

    solution = pinnls.solve(transport(), **FIT)
    assert solution.errors()["rel_l2"] > 1e-2


def test_a_derivative_and_a_known_part_are_fitted_as_declared():
    compiled = compile_problem(
        transport().data(
            "slope", u(x, t).diff(x) + x, points=[[0.5, 0.25], [0.1, 0.9]], values=[1.0, 2.0]
        )
    )
    slope = compiled.terms[-1]
    assert slope.parts[0].derivative == (1, 0)
    # u_x + x = value: the rows fit u_x to value - x
    np.testing.assert_allclose(slope.source, [1.0 - 0.5, 2.0 - 0.1])


def test_refining_and_fresh_validation_never_move_observations():
    points, values = sensors(10)
    compiled = compile_problem(transport().data("obs", u(x, t), points=points, values=values))
    refined = compiled.refined(lambda term: 5000, seed=1)
    fresh = compiled.fresh(lambda term: 700, seed=2)
    for problem in (refined, fresh):
        obs = problem.terms[-1]
        assert np.array_equal(obs.points, points) and np.array_equal(obs.source, values)
    assert refined.terms[0].size > compiled.terms[0].size  # the PDE's cloud did grow


def test_observations_from_csv_and_npz_relative_to_the_problem_file(tmp_path, capsys):
    points, values = sensors(20)
    rows = ["t,value,x"] + [f"{p[1]:.17g},{v:.17g},{p[0]:.17g}" for p, v in zip(points, values)]
    (tmp_path / "sensors.csv").write_text("\n".join(rows) + "\n")
    np.savez(tmp_path / "more.npz", points=points[:5], values=values[:5])
    path = tmp_path / "prob.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        "x, t = sp.symbols('x t'); u = sp.Function('u')\n"
        "problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))\n"
        "problem.equation('pde', sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n"
        "problem.data('obs', u(x, t), 'sensors.csv', noise=0.01)\n"
        "problem.data('more', u(x, t), 'more.npz')\n"
    )
    problem = load_problem(path).problem
    obs, more = problem.terms[1].data, problem.terms[2].data
    np.testing.assert_array_equal(obs.points, points)  # columns reordered to the axes
    np.testing.assert_array_equal(obs.values, values)
    assert obs.noise == 0.01 and more.count == 5
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert rows["obs"][:5] == ["obs", "data", "20", "points", "20"]
    line = next(line for line in out.splitlines() if line.startswith("data      obs"))
    assert f"20 values in [{values.min():.4g}, {values.max():.4g}]" in line
    assert "sensors.csv" in line and "noise 0.01" in line


BAD_FILES = {
    "nan": ("t,x,value\n0.5,0.5,1\n0.1,nan,2\n", "sensors.csv row 3: a value is not finite"),
    "outside": ("t,x,value\n0.5,0.5,1\n0.1,1.5,2\n", "sensors.csv row 3: x=1.5 is outside x"),
    "column": ("t,value\n0.5,1\n", "sensors.csv: no column 'x'"),
    "empty": ("", "sensors.csv is empty"),
    "header": ("t,x,value\n", "sensors.csv has a header but no rows"),
    "text": ("t,x,value\n0.5,abc,1\n", "sensors.csv row 2: x='abc' is not a number"),
    "short": ("t,x,value\n0.5,0.5\n", "sensors.csv row 2 has 2 columns"),
}


@pytest.mark.parametrize("command", ["check", "solve"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_data_files_are_refused_in_one_line_with_exit_2(case, command, tmp_path, capsys):
    text, message = BAD_FILES[case]
    (tmp_path / "sensors.csv").write_text(text)
    path = tmp_path / "prob.py"
    path.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        "x, t = sp.symbols('x t'); u = sp.Function('u')\n"
        "problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))\n"
        "problem.equation('pde', sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n"
        "problem.data('obs', u(x, t), 'sensors.csv')\n"
    )
    out = tmp_path / "out"
    extra = ["--out", str(out), "--quiet"] if command == "solve" else []
    assert main([command, str(path), *extra]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert f"prob.py:6: data 'obs': {tmp_path}" in err and message in err
    assert not out.exists()  # nothing half-written


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"points": [[0.5, 0.5]], "values": [1.0, 2.0]}, "points= has 1 rows but values= has 2"),
        ({"points": [[0.5, 0.5, 0.5]], "values": [1.0]}, "points= has shape (1, 3)"),
        ({"points": [[0.5, np.inf]], "values": [1.0]}, "points= index 0: a value is not finite"),
        ({"points": [[0.5, 0.5], [0.5, -1]], "values": [1.0, 1]}, "index 1: t=-1 is outside"),
        ({"points": np.zeros((0, 2)), "values": []}, "points= holds no observations"),
        ({"points": [[0.5, 0.5]]}, "values= is missing"),
        ({}, "not neither"),
        ({"source": "a.csv", "points": [[0.5, 0.5]], "values": [1]}, "not both"),
        ({"source": "nowhere.csv"}, "nowhere.csv: no such file"),
        ({"source": "a.txt"}, "no such file"),
        ({"points": [[0.5, 0.5]], "values": [1.0], "noise": 0}, "noise=0 must be a number > 0"),
    ],
)
def test_bad_arrays_are_refused_naming_the_culprit(kwargs, message):
    with pytest.raises(ProblemError, match="data 'obs'") as caught:
        transport().data("obs", u(x, t), **kwargs)
    assert message in str(caught.value)


def test_bad_npz_is_refused(tmp_path):
    np.savez(tmp_path / "a.npz", points=np.zeros((2, 2)))
    with pytest.raises(ProblemError, match="a.npz: no array 'values'"):
        transport().data("obs", u(x, t), tmp_path / "a.npz")
    np.savez(tmp_path / "b.npz", points=np.zeros((2, 2)), values=np.zeros(3))
    with pytest.raises(ProblemError, match="b.npz: points= has 2 rows but values= has 3"):
        transport().data("obs", u(x, t), tmp_path / "b.npz")


def write_h5(path, **datasets):
    import h5py

    with h5py.File(path, "w") as file:
        for name, array in datasets.items():
            file[name] = array


H5_PROBLEM = (
    "import sympy as sp\nfrom pinnls import Box, Problem\n"
    "x, t = sp.symbols('x t'); u = sp.Function('u')\n"
    "problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))\n"
    "problem.equation('pde', sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))\n"
    "problem.data('obs', u(x, t), 'sensors.h5', noise=0.01)\n"
)


def test_observations_from_h5_datasets_named_after_the_axes(tmp_path, capsys):
    points, values = sensors(20)
    # datasets in any order, as a CSV's columns; a group beside them is ignored
    write_h5(tmp_path / "sensors.h5", value=values, t=points[:, 1], x=points[:, 0])
    (tmp_path / "prob.py").write_text(H5_PROBLEM)
    obs = load_problem(tmp_path / "prob.py").problem.terms[1].data
    np.testing.assert_array_equal(obs.points, points)
    np.testing.assert_array_equal(obs.values, values)
    assert obs.noise == 0.01 and obs.origin == str(tmp_path / "sensors.h5")
    assert main(["check", str(tmp_path / "prob.py")]) == 0
    assert "20 values" in capsys.readouterr().out


BAD_H5 = {
    "missing": ({"x": [0.5], "value": [1.0]}, "sensors.h5: no dataset 't'; it must hold 1-D"),
    "ragged": (
        {"x": [0.5, 0.2], "t": [0.5], "value": [1.0, 2.0]},
        "sensors.h5: the datasets are ragged (x 2, t 1, value 2)",
    ),
    "nan": ({"x": [0.5, np.nan], "t": [0.5, 0.1], "value": [1.0, 2.0]}, "index 1: a value is "),
    "outside": ({"x": [0.5], "t": [1.5], "value": [1.0]}, "sensors.h5 index 0: t=1.5 is outside"),
    "2-D": ({"x": [[0.5]], "t": [0.5], "value": [1.0]}, "dataset 'x' has shape (1, 1)"),
    "empty": ({"x": np.zeros(0), "t": np.zeros(0), "value": np.zeros(0)}, "holds no observ"),
    "text": ({"x": [b"a"], "t": [0.5], "value": [1.0]}, "dataset 'x' holds |S1, not numbers"),
}


@pytest.mark.parametrize("case", sorted(BAD_H5))
def test_bad_h5_data_files_are_refused_in_one_line_with_exit_2(case, tmp_path, capsys):
    datasets, message = BAD_H5[case]
    write_h5(tmp_path / "sensors.h5", **{k: np.asarray(v) for k, v in datasets.items()})
    (tmp_path / "prob.py").write_text(H5_PROBLEM)
    out = tmp_path / "out"
    assert main(["solve", str(tmp_path / "prob.py"), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert f"prob.py:6: data 'obs': {tmp_path}" in err and message in err
    assert not out.exists()


def test_a_file_that_is_not_hdf5_is_refused(tmp_path):
    (tmp_path / "sensors.h5").write_text("x,t,value\n")
    with pytest.raises(ProblemError, match="sensors.h5: cannot read it"):
        transport().data("obs", u(x, t), tmp_path / "sensors.h5")


def test_data_terms_refuse_equations_point_overrides_and_time_slabs():
    from pinnls.time_slabs import plan

    with pytest.raises(ProblemError, match="not an equation"):
        transport().data("obs", sp.Eq(u(x, t), 1), points=[[0.5, 0.5]], values=[1.0])
    with pytest.raises(ProblemError, match="nonlinear"):
        transport().data("obs", u(x, t) ** 2, points=[[0.5, 0.5]], values=[1.0])
    problem = transport(True).data("obs", u(x, t), points=[[0.5, 0.5]], values=[1.0])
    with pytest.raises(SettingsError, match="'obs' is data at fixed points"):
        compile_problem(problem, {"terms": {"obs": {"points": "random:10"}}})
    compiled = compile_problem(problem, {"terms": {"obs": {"weight": 4}}})
    assert compiled.terms[-1].weight == 4
    with pytest.raises(ProblemError, match="'obs' holds observations at fixed points"):
        plan(compiled, 2)
    assert plan(compiled, 1).count == 1
    # measured values need not satisfy the exact solution; the other terms are still checked
    assert set(problem.validate().exact_check) == {"pde", "inflow", "initial"}


@pytest.mark.slow
def test_bundled_initial_state_is_recovered_where_the_characteristics_reach_the_sensors():
    import pinnls

    problem = load_problem("example:initial_from_later").problem
    solution = pinnls.solve(problem, **{**FIT, "width": 384})
    line = np.stack([np.linspace(0, 1, 201), np.zeros(201)], axis=1)
    initial = np.sin(2 * line[:, 0] + 1) + np.cos(3 * line[:, 0])
    error = np.linalg.norm(solution(line) - initial) / np.linalg.norm(initial)
    # measured 2.5e-9 (width 384, one LS solve, rcond 1e-13; 3.8e-11 with 1e-15); target 1e-6
    assert error < 1e-6


@pytest.mark.slow
def test_bundled_source_is_recovered_from_noisy_sensors_with_a_band():
    import pinnls

    problem = load_problem("example:source_from_sensors").problem
    solution = pinnls.solve(problem, **{**FIT, "width": 256, "rcond": 1e-15, "seed": 0})
    line = np.stack([np.linspace(0, 1, 101), np.full(101, 0.5)], axis=1)
    source = 1 + np.sin(np.pi * line[:, 0])
    error = solution(line, "f") - source
    # 1% noise on u; f is u's derivative along the characteristics: measured 0.85% rel L2
    # with the chosen weight (and 1-6% over benchmarks/inverse.py's 20 noise seeds)
    assert np.linalg.norm(error) / np.linalg.norm(source) < 0.05
    std = solution.std(line, "f")
    assert np.mean(np.abs(error) <= 1.96 * std) > 0.8  # measured 100% of the 101 points


REFERENCE_FILE = """\
import sympy as sp
from pinnls import Box, Problem
x, t = sp.symbols('x t'); u = sp.Function('u')
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
problem.equation('pde', sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points='grid:1/32')
problem.condition('inflow', sp.Eq(u(0, t), -sp.sin(2 * t)), points='grid:1/32')
problem.condition('initial', sp.Eq(u(x, 0), sp.sin(2 * x)), points='grid:1/32')
problem.reference('fem.csv')
"""


def test_a_reference_file_gives_errors_where_no_exact_solution_is_known(tmp_path, capsys):
    import json

    import pinnls

    points = np.random.default_rng(5).random((300, 2))
    rows = ["x,t,value"] + [
        f"{p[0]:.17g},{p[1]:.17g},{v:.17g}" for p, v in zip(points, exact(points))
    ]
    (tmp_path / "fem.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "prob.py").write_text(REFERENCE_FILE)
    assert main(["check", str(tmp_path / "prob.py")]) == 0
    assert f"reference {tmp_path / 'fem.csv'} (300 points" in capsys.readouterr().out
    problem = load_problem(tmp_path / "prob.py").problem
    solution = pinnls.solve(problem, **FIT)
    errors = solution.errors()
    direct = np.linalg.norm(solution(points) - exact(points)) / np.linalg.norm(exact(points))
    assert errors["rel_l2"] == pytest.approx(direct, rel=1e-12)
    assert errors["rel_l2"] < 1e-4  # the same smooth wave as above, fitted to ~1e-7
    solution.save(tmp_path / "out", formats=["h5"])
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["rel_l2_error"] == pytest.approx(direct, rel=1e-12)
    assert report["reference"] == {"file": str(tmp_path / "fem.csv"), "points": 300}
    # the same errors in solution.h5, pinnls info, the plots' title and repr(solution)
    import h5py

    from pinnls.io import read_info
    from pinnls.io.plots import _title

    with h5py.File(tmp_path / "out" / "solution.h5") as file:
        assert file.attrs["rel_l2_error"] == report["rel_l2_error"]
        assert file.attrs["max_error"] == report["max_error"]
        assert file.attrs["rel_l2_error_u"] == report["rel_l2_error"]
        assert file.attrs["reference_points"] == 300
    info = read_info(tmp_path / "out" / "solution.h5")
    assert info["rel_l2_error"] == report["rel_l2_error"]
    assert info["errors"] == {"u": {"rel_l2": errors["rel_l2"], "max": errors["max"]}}
    assert info["reference"] == f"{tmp_path / 'fem.csv'} (300 points)"
    capsys.readouterr()
    assert main(["info", str(tmp_path / "out")]) == 0
    assert "reference" in capsys.readouterr().out
    assert f"rel L2 error {errors['rel_l2']:.3g}, max abs error" in _title(solution, {})
    assert "(against fem.csv)" in _title(solution, {})
    assert f"rel L2 error {errors['rel_l2']:.3g};" in repr(solution)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,t,value\n0.5,0.5,nan\n", "fem.csv row 2: a value is not finite"),
        ("x,value\n0.5,1\n", "fem.csv: no column 't'"),
        ("", "fem.csv is empty"),
    ],
)
def test_a_bad_reference_file_is_refused_in_one_line(text, message, tmp_path, capsys):
    (tmp_path / "fem.csv").write_text(text)
    (tmp_path / "prob.py").write_text(REFERENCE_FILE)
    assert main(["check", str(tmp_path / "prob.py")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "prob.py:8: reference: " in err


@pytest.mark.parametrize("suffix", ["npz", "h5"])
def test_a_reference_from_npz_or_h5_reads_as_the_csv(suffix, tmp_path):
    from pinnls.symbolic.data import read_reference

    points = np.random.default_rng(5).random((30, 2))
    values = exact(points)
    if suffix == "npz":
        np.savez(tmp_path / "fem.npz", points=points, values=values)
    else:
        write_h5(tmp_path / "fem.h5", x=points[:, 0], t=points[:, 1], value=values)
    box = ((0.0, 0.0), (1.0, 1.0))
    read = read_reference(f"fem.{suffix}", ("u",), ("x", "t"), *box, tmp_path)
    np.testing.assert_array_equal(read.points, points)
    np.testing.assert_array_equal(read.values, values)
    # a system: a column per unknown
    both = np.stack([values, 2 * values], axis=1)
    if suffix == "npz":
        np.savez(tmp_path / "fem.npz", points=points, values=both)
    else:
        write_h5(tmp_path / "fem.h5", x=points[:, 0], t=points[:, 1], p=both[:, 0], v=both[:, 1])
    read = read_reference(f"fem.{suffix}", ("p", "v"), ("x", "t"), *box, tmp_path)
    np.testing.assert_array_equal(read.values, both)
    with pytest.raises(ProblemError, match=r"^reference: .*fem\.\w+: .*(shape \(30,\)|'p')"):
        bad = {"points": points, "values": values}
        np.savez(tmp_path / "fem.npz", **bad)
        write_h5(tmp_path / "fem.h5", x=points[:, 0], t=points[:, 1], value=values)
        read_reference(f"fem.{suffix}", ("p", "v"), ("x", "t"), *box, tmp_path)
    points[3, 1] = 2.0
    write_h5(tmp_path / "fem.h5", x=points[:, 0], t=points[:, 1], value=values)
    np.savez(tmp_path / "fem.npz", points=points, values=values)
    with pytest.raises(ProblemError, match=r"fem\.\w+ index 3: t=2 is outside"):
        read_reference(f"fem.{suffix}", ("u",), ("x", "t"), *box, tmp_path)
