"""Plane waves of a system of three: every family of speeds, or the moving ones only.

2-D acoustics (benchmarks/systems/acoustics_2d.py, a room mode and a plane wave: no vorticity)
and the same with a steady vortex added (u, v += curl of a Gaussian stream function, p as
before), each as one stage of the automatic strategy at width 1024 and steepness 2 (so on
auto's clouds), all features aligned with the system's plane waves
(``pinnls.numeric.initialization._on_waves``: the speeds -1, 0 and 1 in turn) or with the
moving ones only (-1 and 1 in turn: the draw of ``_on_waves`` with the zero speed left out),
and half of them aligned. Writes a JSON table (docs/benchmarks.md, section 29)::

    PYTHONPATH=. python benchmarks/system_waves_families.py \
        --json docs/figures/system_waves_families.json

One torch thread; rel L2 against the exact solution on the default grid, the validation
estimate, the wall seconds of the ``pinnls.solve`` call.
"""

from __future__ import annotations

import argparse
import time
import warnings

import torch
from figures import machine, write_record

import pinnls
from pinnls.numeric import initialization

PROBLEM = "benchmarks/systems/acoustics_2d.py"
WIDTH, SCALE = 1024, 2.0
_ALL = initialization._on_waves


def _moving_only(rows: torch.Tensor, matrices: torch.Tensor) -> torch.Tensor:
    """``_on_waves`` without the zero speed: -c and c in turn (2-D acoustics, time last)."""
    axis = matrices.shape[1] - 1
    others = rows.clone()
    others[:, axis] = 0.0
    across = torch.einsum("nk,nkij->nij", others, matrices)
    speeds = torch.linalg.eigvals(torch.linalg.solve(matrices[:, axis], across)).real
    ordered = torch.sort(speeds, dim=1).values  # -c, 0, c
    pick = torch.where(torch.arange(len(rows)) % 2 == 0, ordered[:, 0], ordered[:, -1])
    out = rows.clone()
    out[:, axis] = -pick
    return out


def _with_vortex():
    """The same room with a steady vortex: u -= psi_y, v += psi_x (divergence free, so p and
    the mass equation are unchanged, and steady: u_t = v_t = 0 = -p_x's share of it)."""
    text = open(PROBLEM).read()
    text = text.replace(
        "problem = Problem(",
        "psi = sp.exp(-((x - sp.Rational(1, 2)) ** 2 + (y - sp.Rational(1, 2)) ** 2) / 0.05)\n"
        "U = U - psi.diff(y)\nV = V + psi.diff(x)\nproblem = Problem(",
        1,
    )
    assert "psi.diff" in text
    scope: dict = {}
    exec(compile(text, "acoustics_2d_vortex", "exec"), scope)
    vortex = scope["problem"]
    vortex.name = "acoustics-2d-vortex"
    return vortex


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True)
    args = parser.parse_args()
    torch.set_num_threads(1)
    plain = pinnls.load_problem(PROBLEM).problem
    problems = {"acoustics_2d": plain, "acoustics_2d_vortex": _with_vortex()}
    rows = []
    for name, problem in problems.items():
        for families, draw in (("all", _ALL), ("moving", _moving_only)):
            for aligned in (1.0, 0.5):
                initialization._on_waves = draw
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    solution = pinnls.solve(
                        problem, width=WIDTH, init_scale=SCALE, activation="tanh", aligned=aligned
                    )
                seconds = time.perf_counter() - start
                initialization._on_waves = _ALL
                row = {
                    "problem": name,
                    "families": families,
                    "aligned": aligned,
                    "rel_l2": solution.errors()["rel_l2"],
                    "estimate": solution.validation["total"],
                    "seconds": seconds,
                }
                rows.append(row)
                print(
                    f"{name:20s} {families:7s} aligned {aligned:g}  rel L2 {row['rel_l2']:.2e} "
                    f"estimate {row['estimate']:.2e}  {seconds:.1f} s",
                    flush=True,
                )
    record = {
        "command": f"PYTHONPATH=. python benchmarks/system_waves_families.py --json {args.json}",
        "problem": PROBLEM,
        "width": WIDTH,
        "scale": SCALE,
        "machine": machine(),
        "torch": torch.__version__,
        "rows": rows,
    }
    write_record(args.json, record)


if __name__ == "__main__":
    main()
