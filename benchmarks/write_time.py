"""What writing the results costs after a solve with the defaults.

Solves PROBLEM with no settings on one thread, then times ``pinnls.io.stage_results`` (every
result file) into OUT, and prints one JSON line: the code's path (so that a run from another
checkout says which), the chosen width, the rel L2 error and the seconds of the solve and of the
write. Run two checkouts side by side, one core each, by pointing PYTHONPATH at each:

    PYTHONPATH=/path/to/checkout .venv/bin/python benchmarks/write_time.py LABEL PROBLEM OUT

docs/benchmarks.md section 36 quotes docs/figures/write_time_session20.json, transcribed from
these lines.
"""

from __future__ import annotations

import json
import sys
import time

import torch


def main() -> None:
    label, problem, out = sys.argv[1:4]
    torch.set_num_threads(1)
    import pinnls
    from pinnls import io

    began = time.perf_counter()
    solution = pinnls.solve(problem)
    solved = time.perf_counter()
    io.stage_results(solution, out)
    written = time.perf_counter()
    print(
        json.dumps(
            {
                "label": label,
                "pinnls": pinnls.__file__,
                "width": solution.settings.width,
                "rel_l2": solution.errors()["rel_l2"],
                "solve_s": solved - began,
                "write_s": written - solved,
            }
        )
    )


if __name__ == "__main__":
    main()
