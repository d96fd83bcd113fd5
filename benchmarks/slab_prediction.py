"""What the slab trials predict for the whole interval, against the march they predict.

The automatic strategy scores n time slabs from the first of them alone (issue 22, item 3):
``old`` = n x the first slab's estimate, ``spread`` = that times the probe's spread over the
n windows (:func:`pinnls.training.auto.slab_profile`), ``new`` = the automatic strategy's score
(the spread at most ``auto.SLAB_SPREAD_CAP``). Here each file runs the defaults
(``pinnls.solve``, one thread) up to the slab decision; then, for every count the strategy
probed (whose first slab's estimate is at most ``--limit``, default every one), the whole
march is solved at the trial's own basis (width, steepness, per-axis factors and aligned
fraction, one stage a slab, each slab from the previous one) and its joined validation
estimate and rel L2 error are recorded beside the scores. The run stops there.

Usage::

    .venv/bin/python benchmarks/slab_prediction.py --json docs/figures/NAME.json FILE ...
"""

from __future__ import annotations

import argparse
import math
import sys
import warnings

import torch
from before_after import record
from figures import write_record


class Decided(Exception):
    """Stops the run once the slab decision has been measured."""


def measure(path: str, limit: float = math.inf) -> dict:
    import pinnls
    from pinnls.time_slabs import plan, slab_problem
    from pinnls.training import auto, slabs
    from pinnls.training.budget import Budget
    from pinnls.training.stages import Stages

    original = auto._Auto._consider_slabs
    found: dict = {}

    def consider(self, activation, width, scale):
        outcome = original(self, activation, width, scale)
        decision = self.slab_decision
        if decision is None:
            return outcome
        s = self.settings
        rows = []
        for trial in decision.trials:
            row = {
                "slabs": trial.slabs,
                "first": trial.estimate,
                "profile": trial.profile,
                "old": trial.slabs * trial.estimate,
                # null where the spread was not finite
                "spread": None
                if trial.profile is None
                else trial.slabs * trial.estimate * trial.profile,
                "new": trial.score,
            }
            if trial.slabs > 1 and trial.estimate <= limit:
                split = plan(self.compiled, trial.slabs)
                pieces = []
                for index in range(trial.slabs):
                    previous = pieces[-1] if pieces else None
                    problem = slab_problem(self.compiled, split, index, previous, s.seed)
                    stage = Stages(problem, s, None, Budget(1e12)).smooth(
                        "probe", activation, width, scale, self.axis_scales, self.aligned
                    )
                    if stage is None:
                        break
                    pieces.append(stage.solution)
                if len(pieces) == trial.slabs:
                    joined = slabs.assemble(
                        self.compiled, s.replace(time_slabs=trial.slabs), pieces, split, True, ""
                    )
                    row["march_estimate"] = (joined.validation or {}).get("total")
                    errors = joined.errors()
                    row["march_rel_l2"] = None if errors is None else errors["rel_l2"]
            elif trial.slabs == 1:
                first = [st for st in self.runs.stages if st.estimate == trial.estimate]
                row["march_estimate"] = trial.estimate
                row["march_rel_l2"] = first[0].error if first else None
            rows.append(row)
        found.update(
            width=width, scale=scale, axis_scales=self.axis_scales, chosen=outcome and outcome.count
        )
        found["trials"] = rows
        raise Decided

    auto._Auto._consider_slabs = consider
    try:
        pinnls.solve(path)
    except Decided:
        pass
    finally:
        auto._Auto._consider_slabs = original
    return {"problem": path, **found}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json")
    parser.add_argument(
        "--limit", type=float, default=math.inf, help="march only trials at or below this"
    )
    parser.add_argument("problems", nargs="+")
    args = parser.parse_args()
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")
    rows = []
    for path in args.problems:
        row = measure(path, args.limit)
        rows.append(row)
        for t in row.get("trials", ()):
            est, err = t.get("march_estimate"), t.get("march_rel_l2")
            print(
                f"{path} n={t['slabs']}: old {t['old']:.2e} spread {t['spread']:.2e} "
                f"new {t['new']:.2e} "
                f"(spread {t['profile']:.2f}); march estimate "
                f"{est if est is None else format(est, '.2e')} error "
                f"{err if err is None or math.isnan(err) else format(err, '.2e')}",
                flush=True,
            )
        if not row.get("trials"):
            print(f"{path}: no slab trials", flush=True)
    if args.json:
        write_record(args.json, record(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
