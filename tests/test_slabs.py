"""Time-slab marching (issue 10): the split, the carried conditions, the joined solution, its
files, checkpoints and the automatic strategy's choice."""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import h5py
import numpy as np
import pytest
import sympy as sp

from pinnls import (
    Box,
    Grid,
    PinnlsWarning,
    Problem,
    ProblemError,
    Random,
    Settings,
    SettingsError,
    Sobol,
    compile_problem,
    solve,
)
from pinnls.cli import main
from pinnls.history import History
from pinnls.record import to_json
from pinnls.training import TrainingInterrupted, slabs

x, t, s, y = sp.symbols("x t s y")
u = sp.Function("u")

#: LS only on a small smooth basis: each solve takes well under a second.
FIXED = {"optimizer": "lsgd", "activation": "tanh", "width": 96, "iterations": 0, "init_scale": 2.0}


def ring(horizon: float = 2.0) -> Problem:
    """u_t + u_x = 0, periodic on [0, 1], u0 = sin(2 pi x): the wave goes round `horizon`
    times."""
    p = Problem(u(x, t), Box(x=(0, 1), t=(0, horizon)), name="ring")
    p.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    p.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * sp.pi * x)))
    p.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    p.exact(sp.sin(2 * sp.pi * (x - t)))
    return p


def wave() -> Problem:
    """u_tt = 4 u_xx, fixed ends, at rest at t = 0: u = sin(pi x) cos(2 pi t)."""
    exact = sp.sin(sp.pi * x) * sp.cos(2 * sp.pi * t)
    p = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="wave")
    p.equation("pde", sp.Eq(u(x, t).diff(t, 2), 4 * u(x, t).diff(x, 2)))
    p.condition("initial", sp.Eq(u(x, 0), exact.subs(t, 0)))
    p.condition("velocity", sp.Eq(u(x, t).diff(t).subs(t, 0), 0))
    p.condition("left", sp.Eq(u(0, t), 0))
    p.condition("right", sp.Eq(u(1, t), 0))
    p.exact(exact)
    return p


def run(problem: Problem, **changes):
    settings = Settings.from_mapping({**FIXED, **changes})
    return solve(compile_problem(problem, settings), settings)


@pytest.fixture(scope="module")
def marched():
    return run(ring(), time_slabs=4)


# -- the time axis and the split -----------------------------------------------------------------


def test_the_time_axis_is_declared_or_named_t():
    assert compile_problem(ring()).time_axis == 1
    declared = Problem(u(s, y), Box(s=(0, 1), y=(0, 1)), time=y)
    assert declared.time == "y"
    assert Problem(u(s, y), Box(s=(0, 1), y=(0, 1))).time is None
    with pytest.raises(ProblemError, match="time='z' is not an axis of the domain"):
        Problem(u(s, y), Box(s=(0, 1), y=(0, 1)), time="z")


def test_the_split_is_equal_and_carries_the_initial_face_terms():
    split = slabs.plan(compile_problem(wave()), 4)
    np.testing.assert_allclose(split.bounds, [0, 0.25, 0.5, 0.75, 1.0])
    assert split.initial == ("initial", "velocity")


@pytest.mark.parametrize(
    "build, message",
    [
        (
            lambda: (
                Problem(u(x), Box(x=(0, 1)))
                .equation("pde", sp.Eq(u(x).diff(x), 1))
                .condition("left", sp.Eq(u(0), 0))
            ),
            "needs a time axis, and problem",
        ),
        (
            lambda: ring().condition("final", sp.Eq(u(x, 2), sp.sin(2 * sp.pi * x))),
            r"term 'final' fixes t=2: time slabs carry only conditions on the initial face",
        ),
        (
            lambda: (
                Problem(u(x, t), Box(x=(0, 1), t=(0, 1)))
                .equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
                .condition("left", sp.Eq(u(0, t), 0))
            ),
            r"time slabs need a condition on the initial face t=0",
        ),
    ],
)
def test_problems_that_cannot_march_are_refused_in_one_line(build, message):
    problem = build()
    with pytest.raises(ProblemError, match=message):
        run(problem, time_slabs=2)


def test_zero_or_negative_slabs_are_refused():
    for value in (0, -3):
        with pytest.raises(
            SettingsError, match="setting 'time_slabs' is .*; it must be an integer >= 1"
        ):
            Settings(time_slabs=value)


def test_the_cli_refuses_bad_slabs_in_one_line(tmp_path, capsys):
    flat = tmp_path / "flat.py"
    flat.write_text(
        "import sympy as sp\nfrom pinnls import Box, Problem\n"
        "x = sp.Symbol('x'); u = sp.Function('u')\n"
        "problem = Problem(u(x), Box(x=(0, 1)), name='flat')\n"
        "problem.equation('pde', sp.Eq(u(x).diff(x), 1))\n"
        "problem.condition('left', sp.Eq(u(0), 0))\n"
    )
    for flags, message in (
        (["--time-slabs", "3"], "time_slabs=3 needs a time axis, and problem 'flat' has none"),
        (["--time-slabs", "0"], "setting 'time_slabs' is 0"),
    ):
        out = tmp_path / f"out{flags[1]}"
        code = main(["solve", str(flat), *flags, "--out", str(out), "--quiet"])
        err = capsys.readouterr().err.strip().splitlines()
        assert code == 2
        assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]
        assert not out.exists()  # nothing half-written


# -- the joined solution ---------------------------------------------------------------------


def test_marching_beats_one_basis_of_the_same_width(marched):
    # Measured: one width-96 basis over two periods 0.187; four slabs of width 96 2.8e-3. The
    # bounds leave 2x margin on the slabs and assert the 10x gap that marching is for.
    single = run(ring(), time_slabs=1).errors()["rel_l2"]
    assert single > 0.1
    assert marched.errors()["rel_l2"] < 6e-3
    assert marched.errors()["rel_l2"] < single / 10


def test_each_slab_starts_from_the_previous_slabs_values(marched):
    for k in range(1, 4):
        term = next(tm for tm in marched.slabs[k].compiled.terms if tm.name == "initial")
        at = 0.5 * k
        assert np.all(term.points[:, 1] == at)
        assert term.parts[0].fixed == ((1, at),)
        np.testing.assert_allclose(
            term.source, marched.slabs[k - 1](term.points), rtol=0, atol=1e-14
        )
        assert term.location == f"t={at:g}"


def test_every_slab_lives_on_its_own_box_and_part_of_the_cloud(marched):
    whole = compile_problem(ring())
    pde = next(tm for tm in whole.terms if tm.name == "pde")
    for k, piece in enumerate(marched.slabs):
        lo, hi = 0.5 * k, 0.5 * (k + 1)
        assert (piece.compiled.lower[1], piece.compiled.upper[1]) == (lo, hi)
        assert piece.basis.lower[1] == lo and piece.basis.upper[1] == hi
        mine = next(tm for tm in piece.compiled.terms if tm.name == "pde")
        assert mine.points[:, 1].min() > lo and mine.points[:, 1].max() < hi
        # The default grid keeps its spacing: a quarter of the points in each slab.
        assert mine.size == pde.size // 4


def test_evaluation_picks_the_slab_that_holds_each_time(marched):
    times = np.array([0.0, 0.3, 0.5, 0.99, 1.0, 1.7, 2.0])
    points = np.stack([np.full_like(times, 0.3), times], axis=1)
    expected = [0, 0, 1, 1, 2, 3, 3]  # an interface belongs to the later slab
    np.testing.assert_array_equal(marched.slab_of(points), expected)
    values = marched(points)
    for point, value, k in zip(points, values, expected, strict=True):
        # Equal to rounding (a batch of another size may sum in another order) ...
        assert value == pytest.approx(marched.slabs[k](point[None])[0], rel=1e-12, abs=1e-12)
    # ... and the dispatch matters: slab 0 extrapolated to t = 1.7 is far off.
    assert abs(marched.slabs[0](points[5:6])[0] - values[5]) > 1e-2
    # Derivatives dispatch the same way.
    du = marched.derivative(points, (1, 0))
    assert du[5] == pytest.approx(marched.slabs[3].derivative(points[5:6], (1, 0))[0], rel=1e-12)


def test_the_reported_jumps_are_the_differences_at_the_interfaces(marched):
    grid = np.linspace(0, 1, 64)
    for k in (1, 2, 3):
        jump = to_json(marched.strategy)["per_slab"][k]["jump"]
        at = 0.5 * k
        assert jump["time"] == at
        points = np.stack([np.linspace(0, 1, slabs.JUMP_POINTS), np.full(slabs.JUMP_POINTS, at)], 1)
        difference = marched.slabs[k](points) - marched.slabs[k - 1](points)
        assert jump["initial"]["max"] == pytest.approx(np.abs(difference).max(), rel=1e-9)
        # Each slab fits its carried data (to about its own error): the jump is small but real.
        ends = np.stack([grid, np.full_like(grid, at)], 1)
        assert 0 < np.abs(marched.slabs[k](ends) - marched.slabs[k - 1](ends)).max() < 0.05


def test_per_slab_errors_and_joined_estimate(marched):
    rows = to_json(marched.strategy)["per_slab"]
    assert [r["interval"] for r in rows] == [[0, 0.5], [0.5, 1.0], [1.0, 1.5], [1.5, 2.0]]
    for k, row in enumerate(rows):
        # Independent: numpy on the slab's own grid.
        tick_x, tick_t = np.linspace(0, 1, 101), np.linspace(0.5 * k, 0.5 * (k + 1), 101)
        X, T = np.meshgrid(tick_x, tick_t, indexing="ij")
        points = np.stack([X.ravel(), T.ravel()], 1)
        exact = np.sin(2 * np.pi * (points[:, 0] - points[:, 1]))
        error = marched.slabs[k](points) - exact
        assert row["rel_l2_error"] == pytest.approx(
            np.linalg.norm(error) / np.linalg.norm(exact), rel=1e-9
        )
        assert row["validation"] == marched.slabs[k].validation["total"]
    # The joined estimate adds the slabs' (errors are carried from slab to slab), each relative
    # to the largest slab's data, a later slab's carried data less the error carried so far.
    pieces = [piece.validation for piece in marched.slabs]
    assert set(to_json(marched.strategy)["carried"]) == {"initial"}
    assert marched.validation["total"] == pytest.approx(joined_total(pieces, ("initial",)))
    for piece in pieces:
        assert piece["total"] == pytest.approx(piece["total_absolute"] / piece["scale"])
    assert marched.validation["slabs"] == [r["validation"] for r in rows]


def test_history_runs_on_slab_after_slab(marched):
    h = marched.history
    assert h.slab == [0, 1, 2, 3]  # one least-squares row per slab
    assert h.iteration == [0, 1, 2, 3]
    assert all(b >= a for a, b in zip(h.wall, h.wall[1:]))
    assert marched.rank == min(piece.rank for piece in marched.slabs)


def test_the_wave_equation_carries_the_velocity_too():
    solution = run(wave(), time_slabs=4, width=128)
    term = next(tm for tm in solution.slabs[2].compiled.terms if tm.name == "velocity")
    assert term.parts[0].derivative == (0, 1) and term.parts[0].fixed == ((1, 0.5),)
    np.testing.assert_allclose(
        term.source, solution.slabs[1].derivative(term.points, (0, 1)), rtol=0, atol=1e-13
    )
    assert set(to_json(solution.strategy)["per_slab"][1]["jump"]) == {"time", "initial", "velocity"}
    assert to_json(solution.strategy)["carried"] == ["initial", "velocity"]
    # Measured 3.2e-3 for four slabs of width 128 on the default grid; 3x margin.
    assert solution.errors()["rel_l2"] < 1e-2


# -- files and checkpoints -----------------------------------------------------------------------


def test_the_result_files_hold_every_slab(marched, tmp_path):
    from pinnls.io import write_results

    written = write_results(marched, tmp_path)
    with h5py.File(written["h5"]) as file:
        model = file["model"]
        assert model.attrs["slabs"] == 4 and model.attrs["time_axis"] == "t"
        np.testing.assert_allclose(model.attrs["bounds"], [0, 0.5, 1, 1.5, 2])
        for k in range(4):
            group = model[f"slab_{k}"]
            assert list(group.attrs["upper"]) == [1.0, 0.5 * (k + 1)]
            np.testing.assert_array_equal(
                group["coefficients"][()], marched.slabs[k].coefficients.numpy()
            )
        assert list(file["history/slab"][()]) == [0, 1, 2, 3]
        rows_h5 = int(file.attrs["rows"])
    report = json.loads(written["report"].read_text())
    assert [r["slab"] for r in report["slabs"]] == [0, 1, 2, 3]
    assert report["slabs"][2]["jump"]["initial"]["max"] > 0
    assert report["strategy"]["name"] == "slabs"
    # The rows solved are the slabs' own, the same in the report and the HDF5 file.
    slab_rows = sum(piece.compiled.rows for piece in marched.slabs)
    assert report["rows"] == rows_h5 == slab_rows == sum(r["rows"] for r in report["slabs"])
    assert written["history_png"].stat().st_size > 0 and written["solution_png"].stat().st_size > 0


def test_an_interrupted_march_resumes_from_its_last_finished_slab():
    problem = ring()
    settings = Settings.from_mapping({**FIXED, "iterations": 4, "eval_every": 1, "time_slabs": 3})
    compiled = compile_problem(problem, settings)
    whole = solve(compiled, settings)

    def stop_in_slab_1(event):
        if event["slab"] == 1 and event["iteration"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as caught:
        solve(compiled, settings, callback=stop_in_slab_1)
    partial = caught.value.solution
    assert not partial.complete and len(partial.slabs) == 2
    assert partial.slabs[0].complete and not partial.slabs[1].complete
    resumed = solve(compiled, settings, resume=partial.checkpoint())
    assert resumed.complete and len(resumed.slabs) == 3
    grid = compiled.grid(41)[1]
    # LSGD continues from the saved Adam state: the same numbers as without the interrupt.
    np.testing.assert_allclose(resumed(grid), whole(grid), rtol=0, atol=1e-10)
    assert resumed.history.slab == whole.history.slab


def test_the_callback_s_checkpoint_of_a_march_holds_every_slab_begun():
    # what pinnls solve's periodic checkpoints write: taken in slab 1, the run goes on
    problem = ring()
    settings = Settings.from_mapping({**FIXED, "iterations": 4, "eval_every": 1, "time_slabs": 3})
    compiled = compile_problem(problem, settings)
    taken = []

    def take_in_slab_1(event):
        if event["slab"] == 1 and event["iteration"] == 2:
            taken.append(event["checkpoint"]())

    whole = solve(compiled, settings, callback=take_in_slab_1)
    (state,) = taken
    assert [entry["complete"] for entry in state["slabs"]] == [True, False]
    assert state["slabs"][1]["iteration"] == state["iteration"] == 2
    assert state["settings"] == settings.fixed().to_dict()
    resumed = solve(compiled, settings, resume=state)
    assert resumed.complete and len(resumed.slabs) == 3
    grid = compiled.grid(41)[1]
    np.testing.assert_allclose(resumed(grid), whole(grid), rtol=0, atol=1e-10)
    assert resumed.history.slab == whole.history.slab


# -- the automatic strategy ----------------------------------------------------------------------


def test_auto_marches_a_long_horizon_and_says_why():
    # Five periods on a width-256 basis: the first slab of 2, 4, ... resolves far better.
    # aligned 0: flow-aligned features resolve all five periods on one basis (tests/
    # test_aligned.py); the march is what this test is about.
    solution = run(ring(5.0), optimizer="auto", width=256, activation=None, iterations=None,
                   init_scale=None, time_limit=30, aligned=0)  # fmt: skip
    record = to_json(solution.strategy)
    assert record["name"] == "slabs" and record["slabs"] > 1
    # Each slab was solved by auto, whose choice every slab's row keeps.
    assert record["strategy"] == "auto"
    assert all(row["auto"]["width"] == 256 for row in record["per_slab"])
    trials = record["decision"]["trials"]
    assert trials[0]["slabs"] == 1
    chosen = next(trial for trial in trials if trial["slabs"] == record["slabs"])
    assert chosen["score"] * 4 <= trials[0]["score"]
    # Measured 8e-5 (chose 8 slabs); one width-256 basis probed at 0.3.
    assert solution.errors()["rel_l2"] < 1e-3


def test_no_slab_trial_starts_past_the_hard_stop(monkeypatch):
    """The problem of the test above, whose trials march; here the clock says, from the slab
    decision on, that no stage would end before the time limit: no trial of 2 or more slabs
    starts, and one basis is kept."""
    from pinnls.training import auto, stages

    deciding = []
    consider = auto._Auto._consider_slabs

    def spy(self, *args, **kwargs):
        deciding.append(True)
        return consider(self, *args, **kwargs)

    past = stages.Stages.past_deadline
    monkeypatch.setattr(auto._Auto, "_consider_slabs", spy)
    monkeypatch.setattr(
        stages.Stages,
        "past_deadline",
        lambda self, planned, subdomains=None: bool(deciding) or past(self, planned, subdomains),
    )
    solution = run(ring(5.0), optimizer="auto", width=256, activation=None, iterations=None,
                   init_scale=None, time_limit=30, aligned=0)  # fmt: skip
    record = to_json(solution.strategy)
    assert deciding and record["name"] == "auto" and not solution.slabs
    assert [trial["slabs"] for trial in record["slabs_considered"]["trials"]] == [1]


def test_auto_keeps_one_basis_where_it_resolves_the_whole_horizon():
    solution = run(ring(0.5), optimizer="auto", width=256, activation=None, iterations=None,
                   init_scale=None, time_limit=30)  # fmt: skip
    assert to_json(solution.strategy)["name"] == "auto" and not solution.slabs
    assert math.isfinite(solution.errors()["rel_l2"])


@pytest.mark.parametrize(
    "spec, expected",
    [
        (Grid(spacing=1 / 64), Grid(spacing=1 / 64)),  # the grid goes on with its spacing
        (Grid(n=64), Grid(n=(64, 16))),  # a count per axis: the time axis's count is split
        (Grid(n=(10, 40)), Grid(n=(10, 10))),
        (Random(1000), Random(250)),  # the same density
        (Sobol(1024), Sobol(256)),
    ],
)
def test_a_slab_gets_its_part_of_every_cloud(spec, expected):
    # A second copy of the equation, on the cloud under test.
    pde = u(x, t).diff(t) + u(x, t).diff(x)
    problem = ring().equation("extra", sp.Eq(pde, 0), points=spec)
    split = slabs.plan(compile_problem(problem), 4)
    piece = slabs.slab_problem(compile_problem(problem), split, 0, None, seed=3)
    term = next(tm for tm in piece.terms if tm.name == "extra")
    assert term.cloud.spec == expected
    assert term.points[:, 1].min() >= 0.0 and term.points[:, 1].max() <= 0.5


def test_a_slab_whose_cloud_is_too_coarse_is_named():
    # Each slab is judged against its own fit (the joined estimate sums the slabs): 16 x 4
    # interior points per slab for 97 columns leave slab 0 interpolating, fresh residual
    # millions of times its fit's (measured 7.5e6).
    from pinnls import PinnlsWarning

    with pytest.warns(PinnlsWarning, match=r"residual on fresh points in time slab 0 \("):
        run(ring(), time_slabs=4, terms={"pde": {"points": "grid:n=16"}})


def test_a_slab_the_solution_has_left_does_not_inflate_the_joined_estimate():
    """Each slab's residual counts against the largest slab's data. Measured under auto: a
    pulse gone from the last slab left it data of 1e-45, its own relative estimate 1e33, and
    the sum called a solution with a true error of 6e-8 unresolved."""
    from pinnls.training.slabs import _joined_validation

    def estimate(absolute, scale):
        total = absolute / scale
        return SimpleNamespace(
            validation={
                "total": total,
                "total_absolute": absolute,
                "loss": absolute**2,
                "scale": scale,
                "terms": {"pde": {"rms": absolute, "relative": total}},
            }
        )

    pieces = [estimate(1e-7, 1.0), estimate(2e-7, 0.5), estimate(1e-12, 1e-45)]
    joined = _joined_validation(pieces)
    assert joined["total"] == pytest.approx((1e-7 + 2e-7 + 1e-12) / 1.0)
    assert joined["slabs"] == [1e-7, 4e-7, pytest.approx(1e33)]


def joined_total(estimates, carried) -> float:
    """The joined estimate written out: the slabs' absolute estimates added, over the largest
    slab's data size, where a later slab's carried terms count less the absolute estimates of
    the slabs before it (per term, over the square root of its weight; at least 0)."""
    scales, error = [], 0.0
    for index, estimate in enumerate(estimates):
        squares = 0.0
        for name, values in estimate["terms"].items():
            size = values["rhs_rms"]
            if index and name in carried:
                size = max(0.0, size - error / math.sqrt(values["weight"]))
            squares += values["weight"] * size**2
        scales.append(math.sqrt(squares))
        error += estimate["total_absolute"]
    return sum(e["total_absolute"] for e in estimates) / max(scales)


def _slab_estimate(carried_rms, side_rms, relative):
    """A slab's estimate with a carried term (its residual ``relative`` of its data) and a
    side term (weight 4) fitted exactly."""
    terms = {
        "initial": {"rms": relative * carried_rms, "rhs_rms": carried_rms, "weight": 1.0},
        "side": {"rms": 0.0, "rhs_rms": side_rms, "weight": 4.0},
    }
    scale = math.sqrt(carried_rms**2 + 4.0 * side_rms**2)
    absolute = relative * carried_rms
    return SimpleNamespace(
        validation={
            "total": absolute / scale,
            "total_absolute": absolute,
            "loss": absolute**2,
            "scale": scale,
            "terms": terms,
        }
    )


def test_carried_data_count_less_the_error_carried_in():
    """A later slab's carried data are the previous slab's values, the true ones give or take
    the error carried so far (which the joined estimate itself bounds): they count less it.
    Counted whole, a march whose carried data were mostly error read small; not counted at
    all, a solution that grows by itself (u_t = u_xx + (pi^2 + 3) u over 8 slabs, rel L2
    9e-11) read 15 and was called unresolved."""
    from pinnls.training.slabs import _joined_validation

    # A solution that grows tenfold per slab, each slab fitted to 1e-6: it reads 1e-6-ish.
    grown = [_slab_estimate(10.0**k, 0.5, 1e-6) for k in range(5)]
    joined = _joined_validation(grown, ("initial",))["total"]
    assert joined == pytest.approx(joined_total([p.validation for p in grown], ("initial",)))
    assert 1e-6 < joined < 2e-6
    # A march whose first slab left an error above the data carried on: the carried values
    # count for nothing, and the sum reads against the side data alone.
    wrong = [_slab_estimate(1.0, 0.5, 2.0), _slab_estimate(1.5, 0.5, 0.1)]
    joined = _joined_validation(wrong, ("initial",))["total"]
    own = math.sqrt(1.0 + 4.0 * 0.25)  # the first slab's data: all its terms count
    assert joined == pytest.approx((2.0 + 0.15) / own)
    # Without naming the carried term, the second slab's data would count whole.
    assert _joined_validation(wrong)["total"] == pytest.approx(
        (2.0 + 0.15) / math.sqrt(1.5**2 + 4.0 * 0.25)
    )
    # A march whose carried data keep their size reads as before.
    steady = [_slab_estimate(1.0, 0.5, 1e-6) for _ in range(4)]
    assert _joined_validation(steady, ("initial",))["total"] == pytest.approx(4e-6 / math.sqrt(2.0))


def test_a_solution_that_grows_by_itself_is_not_called_unresolved():
    """u = e^(t) sin(pi x) over 4 slabs at fixed settings: the later slabs' data reach 20 times
    the first slab's, and the joined estimate reads against them (measured 2.0e-4
    for a rel L2 of 1.4e-5; counting only the first slab's data read 4.0e-3)."""
    growth = 1.0
    exact = sp.exp(growth * t) * sp.sin(sp.pi * x)
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 4)), name="grow")
    problem.equation(
        "pde", sp.Eq(u(x, t).diff(t), u(x, t).diff(x, 2) + (sp.pi**2 + growth) * u(x, t))
    )
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(sp.pi * x)))
    problem.condition("left", sp.Eq(u(0, t), 0))
    problem.condition("right", sp.Eq(u(1, t), 0))
    problem.exact(exact)
    settings = Settings.from_mapping(
        {"optimizer": "lsgd", "activation": "tanh", "width": 200, "iterations": 0},
        init_scale=2.0,
        time_slabs=4,
    )
    solution = solve(compile_problem(problem, settings), settings)
    error = solution.errors()["rel_l2"]
    estimates = [piece.validation for piece in solution.slabs]
    assert solution.validation["total"] == pytest.approx(joined_total(estimates, ("initial",)))
    assert error < solution.validation["total"] < 30 * error
    # The first slab's data alone (every later slab's carried data left out) read 10x higher.
    first_only = sum(e["total_absolute"] for e in estimates) / estimates[0]["scale"]
    assert first_only > 10 * solution.validation["total"]


# -- resuming, slab by slab (mutation testing of pinnls/training/slabs.py, docs/testing.md) ------


def _assert_same(a, b) -> None:
    """Equal nested dicts / lists / tensors (an optimizer's state dict)."""
    if isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys()
        for key in a:
            _assert_same(a[key], b[key])
    elif isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple)) and len(a) == len(b)
        for left, right in zip(a, b):
            _assert_same(left, right)
    elif hasattr(a, "numpy"):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    else:
        assert a == b


@pytest.fixture(scope="module")
def four_slabs():
    """A 4-slab LSGD march (width 32, 4 iterations per slab), whole and interrupted in its last
    slab at iteration 2: the checkpoint holds as many slabs as the run (three finished)."""
    settings = Settings.from_mapping(
        {**FIXED, "width": 32, "iterations": 4, "eval_every": 1, "time_slabs": 4}
    )
    compiled = compile_problem(ring(), settings)
    whole = solve(compiled, settings)

    def stop_in_slab_3(event):
        if event["slab"] == 3 and event["iteration"] == 2:
            raise KeyboardInterrupt

    with pytest.raises(TrainingInterrupted) as caught:
        solve(compiled, settings, callback=stop_in_slab_3)
    return compiled, settings, whole, caught.value.solution


def test_a_resumed_march_rebuilds_its_finished_slabs_and_continues_the_stopped_one(four_slabs):
    compiled, settings, whole, partial = four_slabs
    state = partial.checkpoint()
    assert [entry["complete"] for entry in state["slabs"]] == [True, True, True, False]
    events = []
    resumed = solve(compiled, settings, callback=events.append, resume=state)
    assert resumed.complete and len(resumed.slabs) == 4
    # Nothing finished is solved again: the only events are slab 3's, after iteration 2.
    assert {event["slab"] for event in events} == {3}
    assert min(event["iteration"] for event in events) == 3
    for k in range(3):
        rebuilt, saved = resumed.slabs[k], partial.slabs[k]
        assert rebuilt.complete and rebuilt.stop_reason == saved.stop_reason
        assert rebuilt.wall == saved.wall and rebuilt.iterations == saved.iterations
        # Adam's state too, so that the resumed run's own checkpoint still holds it.
        _assert_same(rebuilt.optimizer_state, saved.optimizer_state)
        _assert_same(resumed.checkpoint()["slabs"][k]["optimizer"], state["slabs"][k]["optimizer"])
        np.testing.assert_array_equal(rebuilt.coefficients.numpy(), saved.coefficients.numpy())
        # Each rebuilt slab starts from the slab before it (not from the initial data).
        if k > 0:
            term = next(tm for tm in rebuilt.compiled.terms if tm.name == "initial")
            expected = next(tm for tm in whole.slabs[k].compiled.terms if tm.name == "initial")
            np.testing.assert_allclose(term.source, expected.source, rtol=0, atol=1e-14)
            np.testing.assert_allclose(
                term.source, resumed.slabs[k - 1](term.points), rtol=0, atol=1e-14
            )
    grid = compiled.grid(41)[1]
    np.testing.assert_allclose(resumed(grid), whole(grid), rtol=0, atol=1e-10)


@pytest.mark.parametrize(
    "slabs_value",
    [None, "slab_0", [], "five"],
    ids=["missing", "not-a-list", "empty", "more-than-the-run"],
)
def test_a_checkpoint_without_fitting_slabs_is_refused_in_one_line(four_slabs, slabs_value):
    from pinnls.errors import CheckpointError
    from pinnls.training import lsgd

    compiled, settings, _, partial = four_slabs
    state = partial.checkpoint()
    if slabs_value == "five":
        slabs_value = [*state["slabs"], state["slabs"][-1]]
    state["slabs"] = slabs_value
    with pytest.raises(CheckpointError) as caught:
        slabs.run(compiled, settings, lsgd.run, resume=state)
    assert str(caught.value) == (
        "the checkpoint holds no slabs of a 4-slab run; rerun without --resume"
    )


def test_a_finished_slab_that_does_not_fit_is_named_in_one_line(four_slabs):
    from pinnls.errors import CheckpointError
    from pinnls.training import lsgd

    compiled, settings, _, partial = four_slabs
    state = partial.checkpoint()
    del state["slabs"][1]["coefficients"]
    with pytest.raises(CheckpointError) as caught:
        slabs.run(compiled, settings, lsgd.run, resume=state)
    message = str(caught.value)
    assert message == "slab 1 of the checkpoint does not fit this problem: 'coefficients'"


def _spy(calls: list, fail_at: int | None = None, interrupt: bool = False, damage=None):
    """LSGD as a slab strategy that records what each slab is given, charges its whole plan
    (if any) to the budget, and at slab ``fail_at`` raises a SolverError holding its result
    (or, with ``interrupt``, TrainingInterrupted, as Ctrl-C in that slab would), its result
    damaged as ``damage`` says."""
    from pinnls.errors import SolverError
    from pinnls.training import lsgd

    def strategy(problem, settings, callback=None, resume=None, budget=None, **hints):
        calls.append({"settings": settings, "plan": budget.seconds, "hints": hints})
        piece = lsgd.run(problem, settings, callback=callback, resume=resume, budget=budget)
        if budget.seconds is not None:
            budget.charge(budget.seconds)
        if len(calls) - 1 == fail_at:
            if damage == "coefficients":  # diverged so far that the network does not evaluate
                piece.coefficients = piece.coefficients[:-1]
            if damage == "history":  # stopped in its first solve: no history row yet
                piece.history = History(list(piece.history.terms))
            if interrupt:
                piece.complete = False
                raise TrainingInterrupted(piece)
            if damage == "solution":  # failed before it had any state to keep
                raise SolverError("diverged before its first iteration")
            error = SolverError("diverged")
            piece.stop_reason = "diverged"
            error.solution = piece
            raise error
        return piece

    return strategy


def _small_march():
    settings = Settings.from_mapping({**FIXED, "width": 32, "time_slabs": 4})
    return compile_problem(ring(), settings), settings


def test_each_slab_gets_an_equal_part_of_the_budget_left_the_hints_and_one_slab():
    from pinnls.record import SlabDecision
    from pinnls.training.budget import Budget

    compiled, settings = _small_march()
    calls, events = [], []
    decision = SlabDecision(rule="test", width=None, scale=None, trials=(), seconds=2.5)
    joined = slabs.run(
        compiled,
        settings,
        _spy(calls),
        callback=events.append,
        budget=Budget(80.0),
        hints=lambda previous: {
            "previous": None if previous is None else previous.compiled.upper[1]
        },
        decision=decision,
        before=2.5,
    )
    # 80 planned seconds, each slab charging its part: 80/4, then 60/3, 40/2, 20/1.
    assert [call["plan"] for call in calls] == [pytest.approx(20.0)] * 4
    assert [call["settings"].time_limit for call in calls] == [pytest.approx(20.0)] * 4
    assert all(call["settings"].time_slabs == 1 for call in calls)
    # Each slab's strategy hears from the slab before it (its end time here).
    assert [call["hints"] for call in calls] == [
        {"previous": None},
        {"previous": 0.5},
        {"previous": 1.0},
        {"previous": 1.5},
    ]
    assert {(event["slab"], event["slabs"]) for event in events} == {(k, 4) for k in range(4)}
    assert joined.complete and joined.stop_reason == joined.slabs[-1].stop_reason
    assert joined.strategy.decision == decision
    # The seconds spent deciding count in the wall time and offset the history's clock.
    assert joined.wall == pytest.approx(2.5 + sum(piece.wall for piece in joined.slabs))
    assert joined.history.wall[0] >= 2.5
    assert joined.iterations == sum(piece.iterations for piece in joined.slabs)


def test_a_slab_that_fails_leaves_the_slabs_before_it_joined_on_the_error():
    from pinnls.errors import SolverError

    compiled, settings = _small_march()
    calls = []
    with pytest.raises(SolverError, match="diverged") as caught:
        slabs.run(compiled, settings, _spy(calls, fail_at=2))
    partial = caught.value.solution
    assert len(calls) == 3 and len(partial.slabs) == 3
    assert partial.complete is False and partial.stop_reason == "diverged"
    assert partial.settings == settings and partial.compiled is compiled
    # Every slab, the failed one too, has its estimate from fresh points: the joined one adds.
    assert all(piece.validation is not None for piece in partial.slabs)
    assert partial.validation["slabs"] == [piece.validation["total"] for piece in partial.slabs]
    # Nothing was spent before the slabs (no ``before``): the wall time is theirs alone.
    assert partial.wall == pytest.approx(sum(piece.wall for piece in partial.slabs), rel=1e-12)


@pytest.mark.parametrize("interrupt", [False, True], ids=["diverged", "interrupted"])
def test_a_stopped_march_keeps_its_decision_and_the_seconds_before(interrupt):
    from pinnls.errors import SolverError
    from pinnls.record import SlabDecision

    compiled, settings = _small_march()
    decision = SlabDecision(rule="test", trials=(), seconds=1.5)
    with pytest.raises(TrainingInterrupted if interrupt else SolverError) as caught:
        slabs.run(
            compiled,
            settings,
            _spy([], fail_at=3, interrupt=interrupt),
            decision=decision,
            before=1.5,
        )
    partial = caught.value.solution
    # Stopped in the last slab: every slab is there, and the march is still not complete.
    assert partial.complete is False and len(partial.slabs) == 4
    assert partial.stop_reason == ("interrupted" if interrupt else "diverged")
    assert partial.strategy.decision == decision
    assert partial.wall == pytest.approx(1.5 + sum(piece.wall for piece in partial.slabs))
    # The stopped slab has its estimate from fresh points too; the joined one adds them.
    assert partial.slabs[-1].validation is not None
    assert partial.validation["slabs"] == [piece.validation["total"] for piece in partial.slabs]


def test_a_failed_slab_that_cannot_be_evaluated_leaves_the_joined_estimate_missing():
    """The first slab diverges so far that its network no longer evaluates: its estimate and
    the joined one are None, and the error still carries the joined partial solution (no
    exact solution, so nothing else evaluates the broken slab)."""
    from pinnls.errors import SolverError

    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 2)), name="ring-without-exact")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(2 * sp.pi * x)))
    problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    settings = Settings.from_mapping({**FIXED, "width": 32, "time_slabs": 4})
    with pytest.raises(SolverError) as caught:
        slabs.run(
            compile_problem(problem, settings), settings, _spy([], fail_at=0, damage="coefficients")
        )
    partial = caught.value.solution
    assert len(partial.slabs) == 1 and partial.slabs[0].validation is None
    assert partial.validation is None and partial.strategy.per_slab[0].validation is None


def test_a_slab_stopped_before_its_first_history_row_is_joined_without_rows():
    compiled, settings = _small_march()
    with pytest.raises(TrainingInterrupted) as caught:
        slabs.run(compiled, settings, _spy([], fail_at=2, interrupt=True, damage="history"))
    partial = caught.value.solution
    assert len(partial.slabs) == 3 and partial.stop_reason == "interrupted"
    assert partial.history.slab == [0, 1]  # one least-squares row each for slabs 0 and 1


def test_a_slab_that_fails_without_a_state_passes_its_error_on_unchanged():
    from pinnls.errors import SolverError

    compiled, settings = _small_march()
    with pytest.raises(SolverError, match="before its first iteration") as caught:
        slabs.run(compiled, settings, _spy([], fail_at=1, damage="solution"))
    assert getattr(caught.value, "solution", None) is None


def test_zero_values_at_an_interface_have_no_relative_jump():
    """Zero initial data: least squares gives exactly zero coefficients, the earlier slab is
    zero at the interface, and the relative jump is None rather than 0 / 0."""
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="still")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), 0))
    problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    with pytest.warns(PinnlsWarning, match="every right-hand side"):
        solution = run(problem, width=16, time_slabs=2)
    jump = solution.strategy.per_slab[1].jump["initial"]
    assert jump == {"max": 0.0, "relative": None}


def test_without_time_slabs_the_march_is_one_slab():
    compiled, settings = _small_march()
    calls = []
    joined = slabs.run(compiled, settings.replace(time_slabs=None), _spy(calls))
    assert len(calls) == len(joined.slabs) == 1 and joined.complete
    assert joined.strategy.slabs == 1


@pytest.fixture
def march():
    """A 4-slab LSGD march (width 32, 4 iterations per slab), solved for each test: mutmut
    maps a module-scoped fixture's solve to the first test that asks for it only, so the
    checks of the joined solution below would never run against a mutant of the joining."""
    settings = Settings.from_mapping(
        {**FIXED, "width": 32, "iterations": 4, "eval_every": 1, "time_slabs": 4, "eval_points": 7}
    )
    return solve(compile_problem(ring(), settings), settings)


def test_the_joined_history_is_the_slabs_histories_one_after_another(march):
    whole = march
    joined = whole.history
    rows = [len(piece.history) for piece in whole.slabs]
    assert min(rows) > 1 and len(joined) == sum(rows)  # several iterations per slab
    start, iteration, wall = 0, 0, 0.0
    for k, piece in enumerate(whole.slabs):
        h = piece.history
        part = slice(start, start + len(h))
        assert joined.slab[part] == [k] * len(h)
        assert joined.iteration[part] == [iteration + i for i in h.iteration]
        assert joined.wall[part] == pytest.approx([wall + w for w in h.wall], rel=1e-12)
        for column in ("loss", "error", "rank", "condition"):
            np.testing.assert_array_equal(getattr(joined, column)[part], getattr(h, column))
        for name, values in h.terms.items():
            np.testing.assert_array_equal(joined.terms[name][part], values)
        start, iteration, wall = start + len(h), iteration + h.iteration[-1] + 1, wall + piece.wall
    assert whole.rank == min(piece.rank for piece in whole.slabs)
    assert whole.condition == max(piece.condition for piece in whole.slabs)
    assert whole.wall == pytest.approx(sum(piece.wall for piece in whole.slabs), rel=1e-12)
    last = whole.slabs[-1]
    assert whole.basis is last.basis and whole.optimizer_state is last.optimizer_state
    np.testing.assert_array_equal(whole.coefficients.numpy(), last.coefficients.numpy())


def test_assemble_joins_the_slabs_given_and_is_complete_only_with_all_of_them(march):
    split = slabs.plan(march.compiled, 4)
    pieces = list(march.slabs)
    joined = slabs.assemble(march.compiled, march.settings, pieces, split, True, "iterations")
    assert joined.complete and joined.stop_reason == "iterations"
    # No seconds before the slabs unless given.
    assert joined.wall == pytest.approx(sum(piece.wall for piece in pieces), rel=1e-12)
    first_three = slabs.assemble(march.compiled, march.settings, pieces[:3], split, True, "x")
    assert first_three.complete is False and len(first_three.slabs) == 3
    assert first_three.strategy.finished == 3 and first_three.strategy.slabs == 4


def test_the_joined_estimate_keeps_each_term_s_worst_slab(march):
    estimates = [piece.validation for piece in march.slabs]
    joined = march.validation
    for name, values in joined["terms"].items():
        worst = max(estimates, key=lambda estimate: estimate["terms"][name]["rms"])
        assert values == worst["terms"][name]
    assert joined["loss"] == pytest.approx(sum(e["loss"] for e in estimates), rel=1e-12)
    absolute = math.sqrt(sum(e["total_absolute"] ** 2 for e in estimates))
    assert joined["total_absolute"] == pytest.approx(absolute, rel=1e-12)
    assert max(e["scale"] for e in estimates) != pytest.approx(1.0)
    carried = tuple(to_json(march.strategy)["carried"])
    assert joined["total"] == pytest.approx(joined_total(estimates, carried), rel=1e-12)


def test_estimates_without_a_scale_add_their_relative_totals():
    from pinnls.training.slabs import _joined_validation

    def piece(total, scale):
        validation = {
            "total": total,
            "total_absolute": 2 * total,
            "loss": total,
            "terms": {"pde": {"rms": total}},
        }
        if scale != "none":
            validation["scale"] = scale
        return SimpleNamespace(validation=validation)

    for scales in (("none", 1.0), (0.0, 0.0)):  # a scale missing, or every one zero
        joined = _joined_validation([piece(1e-3, scales[0]), piece(2e-3, scales[1])])
        assert joined["total"] == pytest.approx(3e-3, rel=1e-12), scales
    assert _joined_validation([piece(1e-3, 1.0), SimpleNamespace(validation=None)]) is None


def test_the_record_describes_every_slab_and_the_march(march):
    record = march.strategy
    assert record.slabs == record.finished == 4 and record.axis == "t"
    # LSGD slabs keep no strategy record of their own (auto's would be named "auto")
    assert record.carried == ("initial",) and record.strategy is None
    assert record.decision is None  # slabs given, not chosen by auto here
    for k, (row, piece) in enumerate(zip(record.per_slab, march.slabs, strict=True)):
        assert row.slab == k and row.width == 32 and row.activation == "tanh"
        assert row.rows == piece.compiled.rows and row.seconds == piece.wall
        assert row.complete and row.stop_reason == piece.stop_reason
        assert row.interval == (0.5 * k, 0.5 * (k + 1))
        assert row.validation == piece.validation["total"]
        # On the record's own grid (101 per axis in 2-D), not the settings' eval_points (7).
        errors = piece.errors(points_per_axis=101)
        assert row.max_error == pytest.approx(errors["max"], rel=1e-12)
        assert row.rel_l2_error == pytest.approx(errors["rel_l2"], rel=1e-12)
        assert row.rel_l2_error != pytest.approx(piece.errors()["rel_l2"], rel=1e-6)
        assert row.auto is None
        assert (row.jump is None) == (k == 0)


def test_the_record_of_a_3d_march_measures_errors_on_27_points_per_axis():
    """About 20,000 points per slab: 27 per axis in three dimensions."""
    y_ring = Problem(u(x, y, t), Box(x=(0, 1), y=(0, 1), t=(0, 1)), name="ring-3d")
    y_ring.equation("pde", sp.Eq(u(x, y, t).diff(t) + u(x, y, t).diff(x), 0), points="random:600")
    y_ring.condition("initial", sp.Eq(u(x, y, 0), sp.sin(2 * sp.pi * x) + y), points="random:200")
    y_ring.condition("inflow", sp.Eq(u(0, y, t), sp.sin(-2 * sp.pi * t) + y), points="random:100")
    y_ring.exact(sp.sin(2 * sp.pi * (x - t)) + y)
    solution = run(y_ring, width=32, time_slabs=2)
    for row, piece in zip(solution.strategy.per_slab, solution.slabs, strict=True):
        errors = piece.errors(points_per_axis=27)
        assert row.rel_l2_error == pytest.approx(errors["rel_l2"], rel=1e-12)
        assert row.max_error == pytest.approx(errors["max"], rel=1e-12)
    # Two spatial axes: the jump is measured on 64 x 64 points of the interface (4096 in all).
    ticks = np.linspace(0, 1, 64)
    X, Y = np.meshgrid(ticks, ticks, indexing="ij")
    face = np.stack([X.ravel(), Y.ravel(), np.full(X.size, 0.5)], 1)
    difference = solution.slabs[1](face) - solution.slabs[0](face)
    jump = solution.strategy.per_slab[1].jump["initial"]
    assert jump["max"] == pytest.approx(np.abs(difference).max(), rel=1e-9)


def test_the_jumps_relative_size_is_against_the_earlier_slab_s_values(march):
    points = np.stack([np.linspace(0, 1, slabs.JUMP_POINTS), np.full(slabs.JUMP_POINTS, 1.0)], 1)
    before, after = march.slabs[1](points), march.slabs[2](points)
    jump = march.strategy.per_slab[2].jump["initial"]
    relative = np.linalg.norm(after - before) / np.linalg.norm(before)
    assert jump["relative"] == pytest.approx(relative, rel=1e-9)
    assert jump["max"] == pytest.approx(np.abs(after - before).max(), rel=1e-9)
    assert [row.jump["time"] for row in march.strategy.per_slab[1:]] == [0.5, 1.0, 1.5]


def test_an_ode_marches_and_its_jumps_are_measured_at_the_single_interface_point():
    """``u' = -u``, ``u(0) = 1`` on [0, 1] in two slabs: no spatial axis, so each interface is
    one point, and the value there (exp(-1/2) = 0.61) is below 1."""
    problem = Problem(u(t), Box(t=(0, 1)), name="decay")
    problem.equation("ode", sp.Eq(u(t).diff(t), -u(t)))
    problem.condition("initial", sp.Eq(u(0), 1))
    problem.exact(sp.exp(-t))
    solution = run(problem, width=16, time_slabs=2)
    (jump,) = [row.jump for row in solution.strategy.per_slab[1:]]
    assert jump["time"] == 0.5
    at = np.array([[0.5]])
    before, after = solution.slabs[0](at)[0], solution.slabs[1](at)[0]
    assert before == pytest.approx(math.exp(-0.5), abs=1.2e-5)  # measured 8.0e-6 off
    assert jump["initial"]["max"] == pytest.approx(abs(after - before), rel=1e-9, abs=1e-15)
    assert jump["initial"]["relative"] == pytest.approx(
        abs(after - before) / abs(before), rel=1e-9, abs=1e-15
    )
    assert 0 < jump["initial"]["max"] < 6.5e-7  # measured 4.3e-7
    assert solution.errors()["rel_l2"] < 2.8e-5  # measured 1.9e-5 (tanh width 16)


def test_the_jump_of_an_on_face_initial_condition_is_taken_at_the_interface():
    """Given with ``on=`` (its operator fixes no time, only its cloud says t = 0), the carried
    condition must still be compared at each interface time, not at t = 0."""
    box = Box(x=(0, 1), t=(0, 2))
    problem = Problem(u(x, t), box, name="ring-on-face")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, t), sp.sin(2 * sp.pi * x)), on=box.face(t=0))
    problem.condition("periodic", sp.Eq(u(0, t) - u(1, t), 0))
    problem.exact(sp.sin(2 * sp.pi * (x - t)))
    solution = run(problem, time_slabs=4)
    assert solution.strategy.carried == ("initial",)
    for k in (1, 2, 3):
        at = 0.5 * k
        line = np.stack([np.linspace(0, 1, slabs.JUMP_POINTS), np.full(slabs.JUMP_POINTS, at)], 1)
        difference = solution.slabs[k](line) - solution.slabs[k - 1](line)
        jump = solution.strategy.per_slab[k].jump["initial"]
        assert jump["max"] == pytest.approx(np.abs(difference).max(), rel=1e-9)
        assert jump["max"] < 0.05  # measured 0.011 at t = 1; at t = 0 it would read about 14


def test_the_jump_of_a_carried_corner_condition_is_taken_at_its_corner():
    """A condition on the corner x = 0, t = 0 (given with ``on=``: only its cloud fixes x) is
    compared at (0, t_k) alone, not along the whole interface."""
    box = Box(x=(0, 1), t=(0, 2))
    problem = ring().condition("corner", sp.Eq(u(x, t), 0), on=box.face(x=0, t=0))
    solution = run(problem, time_slabs=4)
    assert solution.strategy.carried == ("initial", "corner")
    for k in (1, 2, 3):
        corner = np.array([[0.0, 0.5 * k]])
        difference = solution.slabs[k](corner)[0] - solution.slabs[k - 1](corner)[0]
        jump = solution.strategy.per_slab[k].jump["corner"]
        assert jump["max"] == pytest.approx(abs(difference), rel=1e-9)
        # measured 1.2e-3 to 1.5e-3; along the whole interface 9.2e-3 to 1.2e-2
        assert jump["max"] < solution.strategy.per_slab[k].jump["initial"]["max"] / 3


def test_the_history_plot_names_each_slabs_rows_and_where_its_estimate_is(marched, monkeypatch):
    # a new user could not tell which rows were whose, nor why the first rows had no estimate
    from pinnls.io import plots

    figure = plots.history_figure(marched)
    left, right = figure.axes[:2]
    for ax in (left, right):
        names = [t.get_text() for t in ax.texts]
        assert names == [f"slab {k}" for k in range(1, len(marched.slabs) + 1)]
        # each over its own rows, between the dashed slab starts
        centres = [t.get_position()[0] for t in ax.texts]
        assert centres == pytest.approx([0.0, 1.0, 2.0, 3.0])
    labels = right.get_legend_handles_labels()[1]
    label = "validation estimate (fresh points), of the slabs so far, at each slab's last row"
    assert label in labels
    # the joined estimate of the slabs so far, which counts the error carried in (a new user's
    # slabs 3 and 4 read 2.2e-6 each against a true error of 7e-5); the last is the run's
    (line,) = [line for line in right.get_lines() if line.get_label() == label]
    drawn = line.get_ydata()
    assert list(drawn) == pytest.approx(marched.validation["through_slabs"], rel=1e-12)
    assert drawn[-1] == pytest.approx(marched.validation["total"], rel=1e-12)
    own = [piece.validation["total"] for piece in marched.slabs]
    assert drawn[-1] >= max(own[-1], own[0])
