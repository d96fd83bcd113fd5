"""Library checkpoints: save, load and every check that a resume applies, from a path."""

import logging

import numpy as np
import pytest
import sympy as sp
import torch

from pinnls import Problem, checkpoint, compile_problem, solve
from pinnls.checkpoint import RESUMABLE_CHANGES
from pinnls.errors import CheckpointError


@pytest.fixture
def saved(small_e4, tmp_path):
    """A 4-iteration run of the small problem, checkpointed to tmp_path/checkpoint.pt."""
    compiled, settings = small_e4
    solution = solve(compiled, settings.replace(iterations=4))
    return checkpoint.save(solution, tmp_path / "checkpoint.pt", problem_sha256="1" * 64)


def test_save_then_load_gives_the_solution_s_checkpoint(small_e4, tmp_path):
    compiled, settings = small_e4
    solution = solve(compiled, settings.replace(iterations=2))
    path = checkpoint.save(solution, tmp_path / "checkpoint.pt", problem_sha256="f" * 64)
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.pt"]  # no temporary left
    state = checkpoint.load(path)
    expected = solution.checkpoint(problem_sha256="f" * 64)
    assert state.keys() == expected.keys()
    np.testing.assert_equal(state["history"], expected["history"])  # NaN where not measured
    assert state["iteration"] == 2
    torch.testing.assert_close(state["coefficients"], expected["coefficients"], rtol=0, atol=0)


def test_a_resumed_run_ends_where_an_uninterrupted_run_does(small_e4, saved):
    compiled, settings = small_e4
    straight = solve(compiled, settings.replace(iterations=9))
    resumed = solve(compiled, settings.replace(iterations=9), resume=saved)
    resumed_again = solve(compiled, settings.replace(iterations=9), resume=str(saved))
    assert resumed.iterations == 9 and len(resumed.history) == 10
    # Same seed, same device, same arithmetic: equal up to rounding in the least squares.
    np.testing.assert_allclose(resumed.history.loss, straight.history.loss, rtol=1e-9)
    torch.testing.assert_close(resumed.coefficients, straight.coefficients, rtol=1e-9, atol=1e-12)
    torch.testing.assert_close(resumed_again.coefficients, resumed.coefficients, rtol=0, atol=0)


def test_a_run_without_steps_makes_no_optimizer_and_resumes_as_a_fresh_one(small_e4, tmp_path):
    # Least squares alone takes no gradient step: no optimizer is made (torch's first one
    # imports torch._dynamo, half a second of a one-second solve), the state is None, and a
    # resume from it steps as a run that never stopped does.
    compiled, settings = small_e4
    none = solve(compiled, settings.replace(iterations=0))
    assert none.optimizer_state is None
    path = checkpoint.save(none, tmp_path / "checkpoint.pt")
    assert checkpoint.load(path)["optimizer"] is None
    straight = solve(compiled, settings.replace(iterations=3))
    resumed = solve(compiled, settings.replace(iterations=3), resume=path)
    assert isinstance(resumed.optimizer_state, dict) and resumed.optimizer_state["state"]
    np.testing.assert_allclose(resumed.history.loss, straight.history.loss, rtol=1e-9)
    torch.testing.assert_close(resumed.coefficients, straight.coefficients, rtol=1e-9, atol=1e-12)


def test_the_callback_s_checkpoint_resumes_where_it_was_taken(small_e4):
    compiled, settings = small_e4
    taken = {}

    def take(event):
        taken[event["iteration"]] = event["checkpoint"]()

    straight = solve(compiled, settings.replace(iterations=9), callback=take)
    assert sorted(taken) == list(range(10))
    assert taken[4]["iteration"] == 4 and len(taken[4]["history"]["loss"]) == 5
    resumed = solve(compiled, settings.replace(iterations=9), resume=taken[4])
    np.testing.assert_allclose(resumed.history.loss, straight.history.loss, rtol=1e-9)
    torch.testing.assert_close(resumed.coefficients, straight.coefficients, rtol=1e-9, atol=1e-12)


def test_periodic_checkpoints_are_written_at_their_interval(tmp_path):
    from pinnls.io.runfolder import RunFolder
    from pinnls.saving import PeriodicCheckpoints

    now = [0.0]
    seen = []
    with RunFolder(tmp_path / "out") as folder:
        periodic = PeriodicCheckpoints(folder, 300, "a" * 64, seen.append, clock=lambda: now[0])
        for when, iteration in ((100, 1), (299, 2), (300, 3), (450, 4), (700, 5), (701, 6)):
            now[0] = when
            periodic({"iteration": iteration, "checkpoint": lambda i=iteration: {"iteration": i}})
            if iteration == 3:
                assert torch.load(periodic.path, weights_only=True)["iteration"] == 3
        periodic({"iteration": 7, "stage": "probe"})  # no checkpoint in the event: none written
        state = torch.load(periodic.path, weights_only=True)
        assert periodic.path == folder.staging / "checkpoint.pt"
    assert periodic.written == 2  # at 300 (300 s after the start) and at 700 (400 s after 300)
    assert state == {"iteration": 5, "problem_sha256": "a" * 64}
    assert [event["iteration"] for event in seen] == [1, 2, 3, 4, 5, 6, 7]  # every event passed on


def test_a_missing_file_is_refused(small_e4, tmp_path):
    compiled, settings = small_e4
    with pytest.raises(CheckpointError, match="no checkpoint at .*missing.pt"):
        solve(compiled, settings, resume=tmp_path / "missing.pt")


def test_a_corrupt_file_is_refused_and_left_byte_identical(small_e4, saved):
    compiled, settings = small_e4
    garbage = b"\x00not a checkpoint\xff" * 7
    saved.write_bytes(garbage)
    with pytest.raises(CheckpointError, match="corrupt or not a pinnls checkpoint") as caught:
        solve(compiled, settings, resume=saved)
    assert "it was left as it is" in str(caught.value) and str(saved) in str(caught.value)
    assert saved.read_bytes() == garbage


def test_a_foreign_torch_file_is_not_a_checkpoint(small_e4, saved):
    compiled, settings = small_e4
    torch.save({"weights": torch.zeros(3)}, saved)
    before = saved.read_bytes()
    with pytest.raises(CheckpointError, match="not a pinnls checkpoint"):
        solve(compiled, settings, resume=saved)
    with pytest.raises(CheckpointError, match="not a pinnls checkpoint"):
        solve(compiled, settings, resume={"weights": torch.zeros(3)})
    assert saved.read_bytes() == before


def test_another_problem_is_refused(small_e4, make_small_e4, saved):
    _, settings = small_e4
    other = compile_problem(make_small_e4(name="other"), settings)
    with pytest.raises(CheckpointError, match="belongs to problem 'small-e4', not 'other'"):
        solve(other, settings, resume=saved)


def test_a_changed_setting_that_is_not_resumable_is_named(small_e4, saved):
    compiled, settings = small_e4
    with pytest.raises(CheckpointError) as caught:
        solve(compiled, settings.replace(lr=1e-3), resume=saved)
    message = str(caught.value)
    assert "lr=0.005" in message and "lr=0.001" in message
    assert ", ".join(sorted(RESUMABLE_CHANGES)) in message
    assert "lr" not in RESUMABLE_CHANGES and "iterations" in RESUMABLE_CHANGES


def test_a_checkpoint_older_than_a_setting_resumes_where_the_setting_does_not_matter(
    small_e4, saved
):
    # a checkpoint from before the singular setting: on a box there are no functions to draw,
    # so either value resumes it
    compiled, settings = small_e4
    state = torch.load(saved, weights_only=False)
    del state["settings"]["singular"]
    torch.save(state, saved)
    again = solve(compiled, settings.replace(iterations=5), resume=saved)
    assert again.iterations == 5 and again.complete
    other = solve(compiled, settings.replace(iterations=5, singular=False), resume=saved)
    assert other.iterations == 5


def test_a_budget_given_on_resume_is_accepted(small_e4, saved):
    # The automatic strategy's plan means nothing to the fixed strategy that resumes.
    compiled, settings = small_e4
    again = solve(compiled, settings.replace(iterations=5, budget=30), resume=saved)
    assert again.iterations == 5 and again.complete


def test_other_terms_are_refused(small_e4, make_small_e4, saved):
    _, settings = small_e4
    x, t, u = sp.Symbol("x"), sp.Symbol("t"), sp.Function("u")
    # The inflow data under another name and kind (problem.inflow): still well posed
    fewer = Problem(u(x, t), make_small_e4().domain, name="small-e4")
    fewer.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/16")
    fewer.condition("initial", sp.Eq(u(x, 0), sp.sin(x)), points="grid:1/16")
    fewer.inflow("left", sp.Eq(u(x, t), 0), points="grid:1/16")
    compiled = compile_problem(fewer, settings)
    with pytest.raises(CheckpointError, match="terms pde, initial, inflow, but the problem now"):
        solve(compiled, settings, resume=saved)


def test_an_iteration_past_the_end_is_refused(small_e4, saved):
    compiled, settings = small_e4
    with pytest.raises(CheckpointError, match="at iteration 4, past iterations=3"):
        solve(compiled, settings.replace(iterations=3), resume=saved)
    resumed = solve(compiled, settings.replace(iterations=4), resume=saved)
    assert resumed.iterations == 4 and len(resumed.history) == 5  # nothing to do: resumes as is


def test_a_changed_problem_file_warns_and_resumes(small_e4, saved, caplog):
    compiled, settings = small_e4
    with caplog.at_level(logging.WARNING, logger="pinnls"):
        state = checkpoint.read(saved, compiled, settings, problem_sha256="2" * 64)
    assert f"the problem file has changed since {saved} was written" in caplog.text
    assert state["iteration"] == 4
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="pinnls"):
        checkpoint.read(saved, compiled, settings, problem_sha256="1" * 64)
    assert caplog.text == ""


def test_tensors_that_do_not_fit_the_basis_are_refused(small_e4, saved):
    compiled, settings = small_e4
    state = checkpoint.load(saved)
    state["coefficients"] = torch.zeros(3)
    with pytest.raises(CheckpointError, match="does not match this problem and settings"):
        solve(compiled, settings, resume=state)
