"""``pinnls.training.auto.run``'s own decisions, with the plan (``_Auto``) and the march
(``_march``) replaced by recording fakes (issue 23): resume refused, the default budget, time
slabs given or decided, and the unresolved-estimate warning. No solve runs; no clock decides.
"""

from __future__ import annotations

import types
import warnings

import numpy as np
import pytest
import sympy as sp

from pinnls import Box, Problem, Settings, compile_problem
from pinnls.errors import CheckpointError, PinnlsWarning
from pinnls.record import SlabDecision
from pinnls.training import auto
from pinnls.training.budget import AUTO_BUDGET, Budget

x, t = sp.symbols("x t")
u = sp.Function("u")


def transport(noise=None) -> Problem:
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="transport")
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0))
    problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)))
    problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)))
    if noise is not None:
        points = np.array([[0.5, 0.5], [0.25, 0.75]])
        problem.data("obs", u(x, t), points=points, values=np.zeros(2), noise=noise)
    return problem


class Recorder:
    """Stands in for ``_Auto``: records its arguments and returns ``outcome``."""

    def __init__(self, outcome):
        self.outcome = outcome
        self.made = []

    def __call__(self, compiled, settings, callback, budget, start):
        self.made.append(types.SimpleNamespace(settings=settings, budget=budget, start=start))
        runs = types.SimpleNamespace(elapsed=lambda: 4.5)
        return types.SimpleNamespace(run=lambda: self.outcome, runs=runs)


def solved(estimate: float, stop_reason: str = "budget", widths=(512,)):
    """What auto.run reads of an outcome: the record's choice, stop reason and stages."""
    chosen = types.SimpleNamespace(estimate=estimate)
    stages = [types.SimpleNamespace(width=w) for w in widths]
    record = types.SimpleNamespace(chosen=chosen, stop_reason=stop_reason, stages=stages)
    return types.SimpleNamespace(strategy=record)


def test_resume_is_refused_in_one_line():
    compiled = compile_problem(transport())
    with pytest.raises(CheckpointError) as caught:
        auto.run(compiled, Settings(), resume=object())
    assert str(caught.value) == (
        "the automatic strategy does not resume; rerun with the settings its report lists "
        "(report.json 'settings', with optimizer lsgd) and --resume"
    )


def test_without_a_budget_the_settings_make_it(monkeypatch):
    compiled = compile_problem(transport())
    recorder = Recorder(solved(1e-12))
    monkeypatch.setattr(auto, "_Auto", recorder)
    outcome = auto.run(compiled, Settings(budget=5.0, time_limit=40.0))
    assert outcome is recorder.outcome
    (made,) = recorder.made
    assert made.budget.seconds == 5.0 and made.budget.deadline == 40.0 and made.start is None
    given = Budget(7.0)
    auto.run(compiled, Settings(), budget=given, start="from before")
    assert recorder.made[1].budget is given and recorder.made[1].start == "from before"
    auto.run(compiled, Settings())
    assert recorder.made[2].budget.seconds == AUTO_BUDGET


@pytest.mark.parametrize("count, marches", [(None, False), (1, False), (2, True), (3, True)])
def test_given_time_slabs_above_one_march_at_once(monkeypatch, count, marches):
    compiled = compile_problem(transport())
    recorder = Recorder(solved(1e-12))
    monkeypatch.setattr(auto, "_Auto", recorder)
    marched = []

    def march(*args, **kwargs):
        marched.append((args, kwargs))
        return "marched"

    monkeypatch.setattr(auto, "_march", march)
    settings = Settings(time_slabs=count)
    budget = Budget(9.0)
    outcome = auto.run(compiled, settings, "callback", budget=budget)
    if marches:
        assert outcome == "marched" and recorder.made == []
        ((args, kwargs),) = marched
        assert args == (
            compiled,
            settings,
            "callback",
            budget,
            None,
            SlabDecision("time_slabs given"),
        )
        assert kwargs == {}
    else:
        assert outcome is recorder.outcome and marched == []


def test_a_march_decided_by_the_probe_gets_its_count_the_rest_and_the_time_before(monkeypatch):
    compiled = compile_problem(transport())
    decision = SlabDecision("the probe's rule")
    recorder = Recorder(auto.March(count=3, decision=decision, start="first"))
    monkeypatch.setattr(auto, "_Auto", recorder)
    marched = []

    def march(*args, **kwargs):
        marched.append((args, kwargs))
        return "marched"

    monkeypatch.setattr(auto, "_march", march)
    budget = Budget(20.0)
    budget.charge(12.0)
    assert auto.run(compiled, Settings(), "callback", budget=budget) == "marched"
    ((args, kwargs),) = marched
    assert args[0] is compiled and args[1].time_slabs == 3 and args[2] == "callback"
    assert args[3].seconds == 8.0 and args[3]._parent is budget  # the rest of the plan
    assert args[4:] == ("first", decision) and kwargs == {"before": 4.5}


@pytest.mark.parametrize(
    "estimate, within, noise, warns",
    [
        (0.05, False, None, True),
        (auto.UNRESOLVED_ESTIMATE, False, None, False),  # at the bound: resolved enough
        (0.05, True, None, False),  # a slab's own estimate is not judged
        (0.05, False, 0.01, False),  # noisy data: fitted only to their noise
    ],
)
def test_an_unresolved_best_estimate_warns_once(monkeypatch, estimate, within, noise, warns):
    assert auto.UNRESOLVED_ESTIMATE == 1e-2
    compiled = compile_problem(transport(noise))
    monkeypatch.setattr(auto, "_Auto", Recorder(solved(estimate)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        auto.run(compiled, Settings(), within_slabs=within)
    messages = [str(w.message) for w in caught if issubclass(w.category, PinnlsWarning)]
    if warns:
        assert messages == [
            "the automatic strategy's best validation estimate is 0.05 (relative residual on "
            "fresh points): the solution is not resolved; its error may be many times this "
            "residual; a larger budget (--budget) or finer declared clouds may help"
        ]
    else:
        assert messages == []


@pytest.mark.parametrize(
    "reason, advice",
    [
        ("budget", "a larger budget (--budget) or finer declared clouds may help"),
        (
            "stagnation",
            "growth stopped gaining at width 1536 (stagnation), so a larger budget alone will "
            "not help; the stages are in report.json (strategy.stages)",
        ),
        (
            "memory",
            "the width after 1536 would not fit in memory, so a larger budget alone will not "
            "help; a machine with more memory (or a GPU's) may",
        ),
        ("widths", "growth ran out of widths at 1536, so a larger budget alone will not help"),
        ("given", "the width is given (1536): a wider basis (--width) may help"),
        (
            "time_limit",
            "a later or no time limit (--time-limit) and a larger budget (--budget) may help",
        ),
    ],
)
def test_an_unresolved_warning_advises_a_larger_budget_only_where_the_plan_ended_it(
    monkeypatch, reason, advice
):
    # where growth stagnated (or the memory or the ladder ended it) more plan runs the same
    # stages: benchmarks/user28/advdiff_pulse_channel.py gave 0.270 at --budget 60 and 240
    given = reason == "given"  # --width: the ladder is that one width
    outcome = solved(0.05, "widths" if given else reason, widths=(512, 1536, 1024))
    monkeypatch.setattr(auto, "_Auto", Recorder(outcome))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        auto.run(compile_problem(transport()), Settings(width=1536 if given else None))
    messages = [str(w.message) for w in caught if issubclass(w.category, PinnlsWarning)]
    assert messages == [
        "the automatic strategy's best validation estimate is 0.05 (relative residual on "
        "fresh points): the solution is not resolved; its error may be many times this "
        "residual; " + advice
    ]


@pytest.mark.parametrize(
    "apart, estimate, within, noise, warns",
    [
        (50.0, 1e-9, False, None, True),
        (auto.APART_WARNING, 1e-9, False, None, False),  # at the bound: nothing
        (None, 1e-9, False, None, False),  # both estimates zero: no factor
        (50.0, 1e-9, True, None, False),  # a slab's: its march's joined estimate is judged
        (50.0, 1e-9, False, 0.01, False),  # data weighed afterwards: the coefficients differ
        (50.0, 0.05, False, None, False),  # unresolved already: that warning alone
    ],
)
def test_two_best_stages_far_apart_warn_that_an_estimate_reads_low(
    monkeypatch, apart, estimate, within, noise, warns
):
    compiled = compile_problem(transport(noise))
    outcome = solved(estimate)
    runner_up = {"difference": 2e-6, "estimate": 3e-8, "apart": apart}
    outcome.validation = {"total": estimate, "runner_up": runner_up}
    monkeypatch.setattr(auto, "_Auto", Recorder(outcome))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        auto.run(compiled, Settings(), within_slabs=within)
    messages = [str(w.message) for w in caught if "reads low" in str(w.message)]
    if warns:
        assert messages == [
            "one of the two best validation estimates reads low here: the two best stages' "
            "solutions lie 2.0e-06 apart, 50x their estimates together (1.0e-09 and 3.0e-08), "
            "so the error of one of them is about 50x its estimate or more"
        ]
    else:
        assert messages == []


def _grown(stages, chosen, reason="budget"):
    """An outcome whose record has ``stages`` ((width, estimate, planned) each) and chose the
    stage at index ``chosen``."""
    records = [
        types.SimpleNamespace(width=w, estimate=e, planned=p, subdomains=None) for w, e, p in stages
    ]
    pick = records[chosen]
    choice = types.SimpleNamespace(
        stage=chosen, width=pick.width, estimate=pick.estimate, subdomains=None
    )
    record = types.SimpleNamespace(chosen=choice, stop_reason=reason, stages=records)
    return types.SimpleNamespace(strategy=record)


def _advice(monkeypatch, outcome, settings=None) -> str:
    monkeypatch.setattr(auto, "_Auto", Recorder(outcome))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        auto.run(compile_problem(transport()), settings or Settings())
    (message,) = [str(w.message) for w in caught if issubclass(w.category, PinnlsWarning)]
    return message.split("its error may be many times this residual; ", 1)[1]


def test_an_unresolved_warning_on_the_plan_reads_the_trend_of_growth(monkeypatch):
    # benchmarks/user47/transport_3d_oblique_blob.py's stages rounded (docs/benchmarks.md,
    # section 75, has the run's own digits):
    # 0.085 at width 2048, 0.042 at 3072 (30.3 planned seconds): width^-1.7, so 0.01 at about
    # 3072 * 4.2^(1/1.74) = 7,000 columns, a stage of 30.3 * (7000 / 3072)^3 = 360 seconds
    stages = [(512, 0.38, 0.5), (1024, 0.19, 2.0), (2048, 0.085, 10.0), (3072, 0.042, 30.3)]
    advice = _advice(monkeypatch, _grown(stages, 3))
    assert advice == (
        "the estimate fell as width^-1.7 from 0.085 at width 2048 to 0.042 at 3072; if it kept "
        "that rate (it may stall or speed up), an estimate of 0.01 would take a width of about "
        "7,000 and a stage of about 360 planned seconds: a larger budget (--budget) or finer "
        "declared clouds may help"
    )
    # the clock's stop advises a later time limit too
    advice = _advice(monkeypatch, _grown(stages, 3, "time_limit"))
    assert advice.endswith(
        ": a later or no time limit (--time-limit) and a larger budget (--budget) or finer "
        "declared clouds may help"
    )
    # hardly falling: a larger budget alone is unlikely to help (0.05 to 0.048 over 1.5x)
    flat = [(2048, 0.05, 10.0), (3072, 0.048, 30.0)]
    assert _advice(monkeypatch, _grown(flat, 1)) == (
        "the estimate fell only from 0.05 at width 2048 to 0.048 at 3072, so a larger budget "
        "alone is unlikely to resolve it; the stages are in report.json (strategy.stages)"
    )
    # a wider stage that did no better than the chosen one: growth has stopped paying
    wider = [(2048, 0.085, 10.0), (3072, 0.042, 30.3), (4096, 0.05, 70.0)]
    assert _advice(monkeypatch, _grown(wider, 1)).startswith(
        "the estimate fell from 0.085 at width 2048 to 0.042 at 3072 and no wider stage did "
        "better (0.05), so a larger budget alone is unlikely to resolve it"
    )
    # no narrower width to read a rate from (all at 512), or a width given: as before
    alone = [(512, 0.3, 0.5), (512, 0.05, 0.5)]
    assert _advice(monkeypatch, _grown(alone, 1)) == (
        "a larger budget (--budget) or finer declared clouds may help"
    )
    assert _advice(monkeypatch, _grown(stages, 3, "widths"), Settings(width=3072)) == (
        "the width is given (3072): a wider basis (--width) may help"
    )
    # a narrower stage that read lower (a trial set aside): not "fell only"
    did_not_fall = [(512, 0.05, 0.5), (512, 0.06, 0.5), (1024, 0.055, 2.0)]
    assert _advice(monkeypatch, _grown(did_not_fall, 2)) == (
        "the estimate did not fall with the width (0.05 at width 512, 0.055 at 1024), so a "
        "larger budget alone is unlikely to resolve it; the stages are in report.json "
        "(strategy.stages)"
    )
    # a plan smaller than the default, whose probes of other bases may not have run: no
    # trend (rotation_2d with --budget 3 read "width about 83,000" off a plain basis)
    small = _grown(stages, 3)
    small.strategy.budget = 3.0
    assert (
        _advice(monkeypatch, small)
        == "a larger budget (--budget) or finer declared clouds may help"
    )
    small.strategy.budget = auto.AUTO_BUDGET
    assert _advice(monkeypatch, small).startswith("the estimate fell as width^-1.7")
    # a run that met the user's tol is not told what width 1e-2 takes
    assert _advice(monkeypatch, _grown(stages, 3, "tol"), Settings(tol=0.05)) == (
        "a larger budget (--budget) or finer declared clouds may help"
    )
    # a rate that puts the width past any machine says so without "about"
    slow = [(512, 0.9, 0.5), (1024, 0.75, 2.0)]
    assert "would take a width of more than 1e9 and a stage of more than 1e9 planned" in (
        _advice(monkeypatch, _grown(slow, 1))
    )
