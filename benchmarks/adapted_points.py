"""Box's cut planes through uniform points, or through points drawn where a solution changes.

For each case: the automatic strategy at a given narrow width (``pinnls.solve(FILE,
width=NARROW, time_slabs=1)``: its probes choose the steepness, per-axis factors, aligned
features, modes...), then one wider stage on the settings it chose, three ways, in one
process: Box's uniform points; points drawn by
:func:`pinnls.numeric.adapted.gradient_points` from the narrow solution's gradient (what a
strategy has in hand); and from the exact solution's gradient (what it cannot have: the
bound). The wide stage is a run of the automatic strategy with every setting given, so it
sizes its clouds as the default run does; its first layer's points are swapped in through
``pinnls.training.lsgd.build_basis``. Prints a markdown table of rel L2, the validation
estimate and seconds, one thread.

Usage: ``python benchmarks/adapted_points.py [--fraction 0.9] [--json PATH] [CASE ...]``
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from figures import write_run  # noqa: E402

import pinnls  # noqa: E402
import pinnls.training.lsgd as lsgd  # noqa: E402
from pinnls.numeric.adapted import gradient_points  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
#: name: (file, narrow width, wide width). Not elastic_plane_waves: with a width given, its
#: plane waves assemble every unknown's columns, and the memory plan refuses the wide stage.
CASES = {
    "heat2d_pulsing_heater": ("benchmarks/user26/heat2d_pulsing_heater.py", 1024, 2048),
    "tshape_heat_bump": ("benchmarks/user30/tshape_heat_bump.py", 1024, 2048),
    "advdiff_channel_source": ("benchmarks/user39/advdiff_channel_source.py", 1024, 2048),
    "wave_3d": ("benchmarks/user23/wave_3d.py", 1024, 2048),
    "swirl_pulse": ("benchmarks/user19/swirl_pulse.py", 1024, 2048),
    "advection_diffusion_2d": ("benchmarks/axes/advection_diffusion_2d.py", 1024, 2048),
    "heat_anisotropic_2d": ("benchmarks/axes/heat_anisotropic_2d.py", 1024, 2048),
    "rotation_2d": ("problems/rotation_2d.py", 1024, 2048),
    "transport_shear_2d": ("benchmarks/axes/transport_shear_2d.py", 1024, 2048),
}
#: The settings a stage of the automatic strategy records and a wide stage takes as given.
CHOSEN = ("init_scale", "axis_scales", "aligned", "layers", "modes", "particular", "singular")


def chosen(solution) -> dict:
    s = solution.settings
    out = {name: getattr(s, name) for name in CHOSEN}
    out["activation"] = s.activation
    return out


def wide(path: str, width: int, settings: dict, points) -> dict:
    """One run at ``width`` on ``settings``; ``points`` (None: Box's own) for every basis of
    that width."""
    real = lsgd.build_basis

    def build(compiled, stage_settings, device=None, points_=None):
        given = points if stage_settings.width == width and points is not None else None
        return real(compiled, stage_settings, device, points=given)

    lsgd.build_basis = build
    try:
        start = time.perf_counter()
        solution = pinnls.solve(ROOT / path, width=width, time_slabs=1, **settings)
        seconds = time.perf_counter() - start
    finally:
        lsgd.build_basis = real
    return dict(
        seconds=seconds,
        rel_l2=float(solution.errors()["rel_l2"]),
        estimate=float((solution.validation or {}).get("total", float("nan"))),
        rank=int(solution.rank),
    )


def case(name: str, fraction: float) -> dict:
    """The narrow run and the three wide stages of one case (see the module docstring)."""
    path, narrow_width, wide_width = CASES[name]
    narrow = pinnls.solve(ROOT / path, width=narrow_width, time_slabs=1)
    settings = chosen(narrow)
    compiled = narrow.compiled
    lower, upper = np.asarray(compiled.lower), np.asarray(compiled.upper)

    def drawn(values):
        generator = torch.Generator().manual_seed(1)
        return gradient_points(
            values, lower, upper, wide_width, fraction, generator, compiled.contains
        )

    sides = {"uniform": wide(path, wide_width, settings, None)}
    sides["from narrow"] = wide(path, wide_width, settings, drawn(narrow))
    if compiled.exact is not None:
        sides["from exact"] = wide(path, wide_width, settings, drawn(compiled.exact))
    return dict(
        problem=name,
        narrow_width=narrow_width,
        wide_width=wide_width,
        fraction=fraction,
        settings=dict(settings),
        narrow_rel_l2=float(narrow.errors()["rel_l2"]),
        sides=sides,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fraction", type=float, default=0.9)
    parser.add_argument("--json", type=Path)
    parser.add_argument("cases", nargs="*", help=f"some of {', '.join(CASES)} (default: all)")
    args = parser.parse_args()
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(f"unknown case {unknown[0]!r}; known: {', '.join(CASES)}")
    torch.set_num_threads(1)
    warnings.simplefilter("ignore")  # unresolved stages warn; the table says how far
    rows = []
    print(f"one thread, fraction {args.fraction}")
    print(
        "| problem | widths | rel L2 narrow | rel L2 wide: uniform / from narrow / from exact "
        "| estimate: uniform / from narrow / from exact | s: uniform / from narrow |"
    )
    print("| --- | --- | ---: | --- | --- | --- |")
    for name in args.cases or list(CASES):
        row = case(name, args.fraction)
        rows.append(row)
        sides = row["sides"]

        def pick(key: str, fmt: str, sides=sides) -> str:
            return " / ".join(format(side[key], fmt) for side in sides.values())

        print(
            f"| {name} | {row['narrow_width']} -> {row['wide_width']} | "
            f"{row['narrow_rel_l2']:.2e} | {pick('rel_l2', '.2e')} | {pick('estimate', '.2e')} | "
            f"{sides['uniform']['seconds']:.1f} / {sides['from narrow']['seconds']:.1f} |",
            flush=True,
        )
    if args.json:
        write_run(args.json, "benchmarks/adapted_points.py", rows=rows)


if __name__ == "__main__":
    main()
