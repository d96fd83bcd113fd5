"""pinnls's defaults against pyRFM (the random feature method), side by side on one machine.

pyRFM (``pip install pyrfm``; Chen, Chi, E and Yang, J. Mach. Learn. 1 (2022) 268-298, and
Chen, E and Luo (2023) for time-dependent problems) expands u in random tanh features on a grid
of subdomains glued by a partition of unity (PsiB) and solves one least-squares system by QR.
It is a benchmark-only dependency, installed into its own virtualenv, never into pinnls's::

    python3 -m venv /work/pyrfm-venv
    /work/pyrfm-venv/bin/pip install torch==2.13.0 pyrfm==0.4.2   # pin torch first: CPU wheel

Eight problems, each with one exact solution, domain and data for both (the pinnls problem files
hold the same expressions as ``PROBLEMS`` below; the script checks this on the error grid):

- ``poisson``: -Laplace u = f on [0, 1]^2, the RFM paper's Example 3.2 solution (pyRFM's
  examples/Classic/Poisson-1.py, ``frequency="low"``); benchmarks/pyrfm/poisson_rfm.py.
- ``gauss``: u_t + u_x = 0, a Gaussian pulse; problems/advection_gauss.py.
- ``heat``: u_t = 0.1 Laplace u on [0, 1]^2 x [0, 1]; benchmarks/pyrfm/heat_2d.py.
- ``xyt``: u_t + u_x + 0.5 u_y = 0 on [0, 1]^2 x [0, 0.5]; benchmarks/suite/transport_xyt.py.
- ``helmholtz``: u'' + 4 u = f on [0, 8], the RFM paper's Example 3.1 (pyRFM's
  examples/Classic/Helmholtz-1.py); benchmarks/pyrfm/helmholtz_1d.py.
- ``reaction``: u_t + 2 u_x + u = 0, transport with decay; problems/advection_reaction.py.
- ``disk``: -Laplace u = f on the disk of radius 1/2 around (0.5, 0.5), u given on the rim,
  u = sin(pi x) e^y (issue 24); problems/poisson_disk.py. pyRFM's side is its own ``Circle2D``
  passed to ``RFMBase`` as the domain (the subdomains tile its bounding box, the unit square).
- ``helmholtz30``: Laplace u + 900 u = 0 on [0, 1]^2, two plane waves of wavenumber 30 (five
  wavelengths across), Dirichlet data on the four sides; benchmarks/user23/helmholtz_30.py.

**pinnls** runs with its defaults: ``pinnls.solve(FILE)``, no settings (the automatic strategy,
60 planned seconds). Its time is the ``pinnls.solve`` call (loading and compiling the file,
every stage of the strategy), not the imports or the evaluation on the error grid. With
``--no-particular`` it runs ``pinnls.solve(FILE, particular=False)``: the method alone, on the
problems whose exact solution its particular solution is (poisson, helmholtz, disk).

**pyRFM** runs at the best of a sweep of sizes, with its own defaults otherwise (``RFTanH``
features with weights and biases uniform in [-1, 1] on each subdomain scaled to [-1, 1]^d,
``PsiB``, row-scaled QR least squares; ``RFMBase`` for the steady problems, ``STRFMBase`` with
space-time concatenated features, "STC", for the time-dependent ones, one block, no time
marching). Collocation points are grids, as in pyRFM's examples: per subdomain q points per
axis in the interior (space axes open, the time axis (t0, t1]), the same spacing on the faces
(with their end points; twice as dense on the Poisson sides, the 0.2 Q of Poisson-1.py). On
the disk the interior points are the same grid over its bounding box, kept where ``Circle2D``'s
signed distance is negative, and the rim carries ``Circle2D.on_sample`` points at the spacing
of the square's Poisson sides (2 q per subdomain width, so round(2 pi r * 2 q n) for n
subdomains per axis); a uniform grid rather than ``Circle2D.in_sample``'s polar grid, whose
points crowd the centre. Its time is building the model, the features, the data and the
least-squares solve; not the imports or the evaluation on the error grid.

**How the sweep was chosen.** The sizes follow pyRFM's own examples, from small to large:
on two axes (steady or space-time) Poisson-1.py's 2x2, 3x3 and 4x4 subdomains of 300 features
and 20^2 points each, plus the next step 5x5; on one axis Helmholtz-1.py's 4, 8, 16 and 32
subdomains of 50 features and 50 points (with its ``check_condition=True``, the SVD fallback
for a condition number past 1/eps: without it the 16 and 32 subdomain sizes diverged to
rel L2 3.2e3 and 2.6e14). On three axes 2x2x2 subdomains of 12^3 points with 125, 250, 500 and
1000 features each (one subdomain layout per problem, as in Heat.py's default; 3x3x3
subdomains of 200 features on 8^3 points took 3-4x longer than 2x2x2 x 500 for a worse error
in a trial run). Heat.py's own layout for one space axis (2 x 5 subdomains of 20^2 points,
50-400 features) stalled at 1.8e-3 on the Gaussian pulse in a trial run, where growing the
subdomains as Poisson-1.py does reached 6.7e-7 at 4x4: the two-axis time-dependent problems use
the Poisson-1.py sizes. The sweep stops after the first size that took longer than pinnls on
the same problem, so it never stops before pyRFM has had pinnls's time unless its sizes run
out; the best error over the sizes run is pyRFM's best. The disk, a steady problem on two axes
whose bounding box is the unit square, gets the square's Poisson-1.py sizes unchanged (on 5x5
the four corner subdomains reach only a sliver of the disk).

Both sides: float64, one core (OMP_NUM_THREADS=1, torch.set_num_threads(1)), each run in its
own subprocess, per problem pinnls first and then pyRFM's sizes. Errors: relative L2 of both
solutions at the same points, computed here against the exact solution: a 101^2 grid on two
axes, 41^3 on three, 2001 points on one; on the disk the 101^2 grid of its bounding box masked
to the closed disk (7841 points).

The issue's target (issue 21): pinnls's defaults reach pyRFM's best error in at most a third
of pyRFM's time (the time of pyRFM's best size), or reach a 10x lower error than pyRFM's best
in the same time (pyRFM's best over the sizes that took no longer than pinnls; where none did,
its quickest size, which took longer: ``pyrfm_tenfold_against`` names the size compared, a
field of records from 2026-12-05 on; older records counted that leg as not met there). On the disk
issue 24's target is recorded beside it (``target_issue_24_*``): rel L2 <= 1e-8 within 60 s,
and a lower error than pyRFM's best in less time than pyRFM's best size took.

Usage (about 15 minutes on one core; the pinnls environment runs this script)::

    PYTHONPATH=. nice -n 5 .venv/bin/python benchmarks/vs_pyrfm.py \
        --pyrfm-python /work/pyrfm-venv/bin/python --json docs/figures/vs_pyrfm.json

The disk alone (section 12's disk table)::

    PYTHONPATH=. nice -n 5 .venv/bin/python benchmarks/vs_pyrfm.py --problems disk \
        --pyrfm-python /work/pyrfm-venv/bin/python --json docs/figures/vs_pyrfm_disk.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
COMMAND = (
    "PYTHONPATH=. nice -n 5 .venv/bin/python benchmarks/vs_pyrfm.py "
    "--pyrfm-python /work/pyrfm-venv/bin/python --json docs/figures/vs_pyrfm.json"
)

DEFAULT_JSON = Path("docs/figures/vs_pyrfm.json")

_RFM_FACTOR = "(3 * cos(pi * {s} + 2 * pi / 5) / 2 + 2 * cos(2 * pi * {s} - pi / 5))"
_GAUSS = "exp(-((({x}) - 0.3) / 0.1) ** 2)"
_XYT = "exp(-((({x}) - 0.4) ** 2 + (({y}) - 0.4) ** 2) / 0.3**2) + sin(({x}) + 2 * ({y})) / 2"


def _sizes(subs, features, points):
    return [{"sub": list(s), "features": j, "points": q} for s, j, q in zip(subs, features, points)]


# pyRFM's sizes: subdomains per axis, features per subdomain, points per axis per subdomain.
SQUARES = _sizes([[2, 2], [3, 3], [4, 4], [5, 5]], [300] * 4, [20] * 4)  # as Poisson-1.py
CUBES = _sizes([[2, 2, 2]] * 4, [125, 250, 500, 1000], [12] * 4)

# Each problem: the pinnls file, the axes (time last) and their box, the operator as
# (coefficient, multi-index) terms with constant coefficients, the faces carrying Dirichlet data
# (axis, 0 for the lower end or 1 for the upper), the exact solution, and pyRFM's sweep.
PROBLEMS = {
    "poisson": {
        "file": "benchmarks/pyrfm/poisson_rfm.py",
        "axes": ["x", "y"],
        "box": [[0, 1], [0, 1]],
        "time": False,
        "operator": [[-1, [2, 0]], [-1, [0, 2]]],
        "faces": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "face_density": 2,
        "exact": "-" + _RFM_FACTOR.format(s="x") + " * " + _RFM_FACTOR.format(s="y"),
        "sweep": SQUARES,
    },
    "gauss": {
        "file": "problems/advection_gauss.py",
        "axes": ["x", "t"],
        "box": [[0, 1], [0, 1]],
        "time": True,
        "operator": [[1, [0, 1]], [1, [1, 0]]],
        "faces": [[1, 0], [0, 0]],
        "exact": _GAUSS.format(x="x - t"),
        "sweep": SQUARES,
    },
    "heat": {
        "file": "benchmarks/pyrfm/heat_2d.py",
        "axes": ["x", "y", "t"],
        "box": [[0, 1], [0, 1], [0, 1]],
        "time": True,
        "operator": [[1, [0, 0, 1]], [-0.1, [2, 0, 0]], [-0.1, [0, 2, 0]]],
        "faces": [[2, 0], [0, 0], [0, 1], [1, 0], [1, 1]],
        "exact": "exp(-pi**2 * t / 2) * sin(pi * x + 3 / 10) * sin(2 * pi * y + 1 / 2)"
        " + (x**2 - y**2) / 2",
        "sweep": CUBES,
    },
    "xyt": {
        "file": "benchmarks/suite/transport_xyt.py",
        "axes": ["x", "y", "t"],
        "box": [[0, 1], [0, 1], [0, 0.5]],
        "time": True,
        "operator": [[1, [0, 0, 1]], [1, [1, 0, 0]], [0.5, [0, 1, 0]]],
        "faces": [[2, 0], [0, 0], [1, 0]],
        "exact": _XYT.format(x="x - t", y="y - t / 2"),
        "sweep": CUBES,
    },
    "helmholtz": {
        "file": "benchmarks/pyrfm/helmholtz_1d.py",
        "axes": ["x"],
        "box": [[0, 8]],
        "time": False,
        "operator": [[1, [2]], [4, [0]]],
        "faces": [[0, 0], [0, 1]],
        "exact": "sin(3 * pi * x + 3 * pi / 20) * cos(2 * pi * x + pi / 10) + 2",
        "check_condition": True,
        # 64 x 50 (session 11): the next doubling, once pinnls took longer than 32 x 50
        "sweep": _sizes([[4], [8], [16], [32], [64]], [50] * 5, [50] * 5),
    },
    "reaction": {
        "file": "problems/advection_reaction.py",
        "axes": ["x", "t"],
        "box": [[0, 1], [0, 1]],
        "time": True,
        "operator": [[1, [0, 1]], [2, [1, 0]], [1, [0, 0]]],
        "faces": [[1, 0], [0, 0]],
        "exact": "(sin(pi * (x - 2 * t)) + 2) * exp(-t)",
        "sweep": SQUARES,
    },
    "disk": {
        "file": "problems/poisson_disk.py",
        "axes": ["x", "y"],
        "box": [[0, 1], [0, 1]],  # the disk's bounding box
        "disk": {"center": [0.5, 0.5], "radius": 0.5},
        "time": False,
        "operator": [[-1, [2, 0]], [-1, [0, 2]]],
        "faces": [],  # the rim instead, see pyrfm_worker
        "face_density": 2,
        "exact": "sin(pi * x) * exp(y)",
        "sweep": SQUARES,
        "issue_24": True,
    },
    "helmholtz30": {
        "file": "benchmarks/user23/helmholtz_30.py",
        "axes": ["x", "y"],
        "box": [[0, 1], [0, 1]],
        "time": False,
        "operator": [[1, [2, 0]], [1, [0, 2]], [900, [0, 0]]],
        "faces": [[0, 0], [0, 1], [1, 0], [1, 1]],
        "face_density": 2,
        "exact": "sin(30 * (x * cos(7 / 10) + y * sin(7 / 10)))"
        " + cos(30 * (x * cos(21 / 10) + y * sin(21 / 10)) + 3 / 10) / 2",
        "sweep": SQUARES,
    },
    # A user's file that pinnls misses 1e-4 on (docs/benchmarks.md, section 45): a Gaussian
    # heater of width 0.1 pulsing in time. Sizes: time cut in 1-2 pieces, space in 2-4 per axis,
    # as many points per subdomain as CUBES (q = 12 per axis), pyRFM's dense solve the limit.
    "heater": {
        "file": "benchmarks/user26/heat2d_pulsing_heater.py",
        "axes": ["x", "y", "t"],
        "box": [[0, 1], [0, 1], [0, 3]],
        "time": True,
        "operator": [[1, [0, 0, 1]], [-0.05, [2, 0, 0]], [-0.05, [0, 2, 0]]],
        "faces": [[2, 0], [0, 0], [0, 1], [1, 0], [1, 1]],
        "exact": "exp(-((x - 0.35) ** 2 + (y - 0.6) ** 2) / 0.1**2) * (1 - cos(2 * t))",
        "sweep": _sizes(
            [[2, 2, 1], [2, 2, 2], [3, 3, 1], [4, 4, 1], [4, 4, 2]],
            [500, 500, 500, 300, 250],
            [12] * 5,
        ),  # fmt: skip
    },
}
EVAL_POINTS = {1: 2001, 2: 101, 3: 41}


# --- shared by both workers and the parent (numpy and sympy only) -----------------------------


def eval_points(spec: dict) -> np.ndarray:
    """The error grid: the same points for both methods, inside the closed disk for a disk."""
    m = EVAL_POINTS[len(spec["axes"])]
    ticks = [np.linspace(lo, hi, m) for lo, hi in spec["box"]]
    mesh = np.meshgrid(*ticks, indexing="ij")
    points = np.stack([g.ravel() for g in mesh], axis=1)
    if "disk" in spec:
        center, radius = np.asarray(spec["disk"]["center"]), spec["disk"]["radius"]
        points = points[np.sum((points - center) ** 2, axis=1) <= radius**2]
    return points


def expressions(spec: dict):
    """The exact solution and the source f = L[u_exact], as sympy expressions, and the axes."""
    import sympy as sp

    axes = sp.symbols(spec["axes"])
    exact = sp.sympify(spec["exact"], locals={a.name: a for a in axes})
    source = sum(
        c * (exact.diff(*[(a, k) for a, k in zip(axes, alpha) if k]) if any(alpha) else exact)
        for c, alpha in spec["operator"]
    )
    return axes, exact, sp.simplify(source)


def numeric(axes, expr):
    """A numpy function of an (n, d) array of points, broadcast to (n,)."""
    import sympy as sp

    f = sp.lambdify(axes, expr, "numpy")
    return lambda p: np.broadcast_to(np.asarray(f(*p.T), dtype=np.float64), (len(p),)).copy()


def relative_l2(values: np.ndarray, exact: np.ndarray) -> float:
    return float(np.linalg.norm(values - exact) / np.linalg.norm(exact))


# --- workers (each in its own subprocess) ---------------------------------------------------


def pinnls_worker(name: str, particular: bool = True) -> tuple[dict, dict[str, np.ndarray]]:
    import sympy as sp
    import torch

    torch.set_num_threads(1)
    import pinnls
    from pinnls import load_problem

    spec = PROBLEMS[name]
    path = str(ROOT / spec["file"])
    start = time.perf_counter()
    # particular=False: the method alone, where the particular solution is the exact one
    solution = pinnls.solve(path) if particular else pinnls.solve(path, particular=False)
    seconds = time.perf_counter() - start
    points = eval_points(spec)
    values = np.asarray(solution(points), dtype=np.float64)
    problem = load_problem(path).problem
    if list(problem.domain.axes) != spec["axes"]:
        raise SystemExit(f"{spec['file']}: axes {problem.domain.axes}, expected {spec['axes']}")
    file_exact = numeric(sp.symbols(spec["axes"]), problem.exact_solution)(points)
    record = solution.strategy
    if record is not None and getattr(record, "per_slab", None):
        widths = [s.width for s in record.per_slab]
        chosen = f"{len(widths)} time slabs, widths {', '.join(map(str, widths))}"
        width = max(widths)
        stages = [
            {"slab": s.slab, "width": s.width, "rows": s.rows, "seconds": s.seconds}
            for s in record.per_slab
        ]
    else:
        chosen = (
            f"{record.chosen.activation} width {record.chosen.width}, "
            f"init_scale {record.chosen.scale}, {len(record.stages)} stages, "
            f"{record.stop_reason}"
        )
        width = record.chosen.width
        stages = [
            {
                "kind": s.kind,
                "activation": s.activation,
                "width": s.width,
                "scale": s.scale,
                "rows": s.rows,
                "estimate": s.estimate,
                "seconds": s.seconds,
                "planned": s.planned,
            }
            for s in record.stages
        ]
    meta = {
        "seconds": seconds,
        "training_seconds": solution.wall,
        "width": width,
        "chosen": chosen,
        "own_rel_l2": solution.errors()["rel_l2"],
        "validation": solution.validation["total"],
        # the exponentials of the particular solution subtracted first (None: none); where it
        # is the exact solution itself the run says nothing of the numerical method
        "particular": None
        if solution.compiled.particular is None
        else solution.compiled.particular.size,
        "stages": stages,
    }
    return meta, {"values": values, "file_exact": file_exact}


def pyrfm_worker(name: str, size: dict) -> tuple[dict, dict[str, np.ndarray]]:
    import torch

    torch.set_num_threads(1)
    torch.set_default_dtype(torch.float64)
    import pyrfm

    spec = PROBLEMS[name]
    axes, exact, source = expressions(spec)
    f_exact, f_source = numeric(axes, exact), numeric(axes, source)
    box, d, sub, q = spec["box"], len(spec["axes"]), size["sub"], size["points"]
    is_time = spec["time"]
    face_density = spec.get("face_density", 1)

    def ticks(axis: int, kind: str) -> np.ndarray:
        lo, hi = box[axis]
        n = q * sub[axis] * (face_density if kind == "closed" else 1)
        if is_time and axis == d - 1:  # the time axis: (t0, t1], as in pyRFM's Heat.py
            return np.linspace(lo, hi, q * sub[axis] + 1)[1:]
        if kind == "open":
            return np.linspace(lo, hi, n + 2)[1:-1]
        return np.linspace(lo, hi, n)

    def grid(columns: list[np.ndarray]) -> np.ndarray:
        mesh = np.meshgrid(*columns, indexing="ij")
        return np.stack([g.ravel() for g in mesh], axis=1)

    start = time.perf_counter()
    disk = spec.get("disk")  # steady problems only; None for every time-dependent one
    if is_time:
        model = pyrfm.STRFMBase(
            dim=d - 1,
            n_hidden=size["features"],
            domain=[v for lohi in box[:-1] for v in lohi],
            time_interval=box[-1],
            n_spatial_subdomains=list(sub[:-1]),
            n_temporal_subdomains=sub[-1],
            st_type="STC",
        )
    else:
        shape = pyrfm.Circle2D(disk["center"], disk["radius"]) if disk else None
        model = pyrfm.RFMBase(
            dim=d,
            n_hidden=size["features"],
            domain=shape if disk else [v for lohi in box for v in lohi],
            n_subdomains=list(sub),
        )

    def features(points: torch.Tensor, alpha) -> torch.Tensor:
        where = {"xt": points} if is_time else {"x": points}
        order = [a for a, k in enumerate(alpha) for _ in range(k)]
        if not order:
            return model.features(**where).cat(dim=1)
        if len(order) == 1:
            return model.features_derivative(**where, axis=order[0]).cat(dim=1)
        if len(order) == 2:
            return model.features_second_derivative(**where, axis1=order[0], axis2=order[1]).cat(
                dim=1
            )
        raise ValueError(f"order {alpha} not wired")

    blocks, rhs = [], []
    interior = grid([ticks(a, "open") for a in range(d)])
    if disk:
        inside = shape.sdf(torch.from_numpy(interior)).view(-1) < 0
        interior = interior[inside.numpy()]
    points = torch.from_numpy(interior)
    blocks.append(sum(c * features(points, alpha) for c, alpha in spec["operator"]))
    rhs.append(f_source(interior))
    for axis, side in spec["faces"]:
        columns = [
            np.array([float(box[a][side])]) if a == axis else ticks(a, "closed") for a in range(d)
        ]
        face = grid(columns)
        blocks.append(features(torch.from_numpy(face), [0] * d))
        rhs.append(f_exact(face))
    if disk:
        # the square's Poisson-side spacing, 1 / (2 q n) for n subdomains of width 1 / n
        spacing = (box[0][1] - box[0][0]) / (face_density * q * sub[0])
        rim = shape.on_sample(round(2 * np.pi * disk["radius"] / spacing)).to(torch.float64)
        blocks.append(features(rim, [0] * d))
        rhs.append(f_exact(rim.numpy()))
    A = torch.cat(blocks, dim=0)
    b = torch.from_numpy(np.concatenate(rhs)).view(-1, 1)
    model.compute(A).solve(b, check_condition=spec.get("check_condition", False))
    seconds = time.perf_counter() - start
    test = torch.from_numpy(eval_points(spec))
    values = (model.forward(xt=test) if is_time else model.forward(test)).detach().numpy()
    meta = {"seconds": seconds, "rows": int(A.shape[0]), "columns": int(A.shape[1])}
    return meta, {"values": values.ravel()}


def worker_main(args: argparse.Namespace) -> None:
    if args.worker == "pinnls":
        meta, arrays = pinnls_worker(args.problem, particular=not args.no_particular)
    else:
        meta, arrays = pyrfm_worker(args.problem, json.loads(args.size))
    out = Path(args.out)
    np.savez(out.with_suffix(".npz"), **arrays)
    out.with_suffix(".json").write_text(json.dumps(meta))


# --- the parent ------------------------------------------------------------------------------


def run_worker(python: str, kind: str, name: str, folder: Path, size: dict | None = None, extra=()):
    """Run one worker in a fresh process (``extra``: more of its arguments); returns its meta,
    arrays and the process's time."""
    tag = f"{kind}-{name}"
    if size is not None:
        tag += "-" + "x".join(map(str, size["sub"])) + f"-{size['features']}"
    out = folder / tag
    command = [python, str(Path(__file__).resolve()), "--worker", kind, "--problem", name]
    command += ["--out", str(out), *extra]
    if size is not None:
        command += ["--size", json.dumps(size)]
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    if kind == "pinnls":
        env["PYTHONPATH"] = str(ROOT)
    else:
        env.pop("PYTHONPATH", None)  # pyRFM's environment has no pinnls, and needs none
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
    process = time.perf_counter() - start
    if done.returncode != 0:
        return {"failed": (done.stderr or done.stdout).strip().splitlines()[-1:]}, None, process
    meta = json.loads(out.with_suffix(".json").read_text())
    arrays = dict(np.load(out.with_suffix(".npz")))
    return meta, arrays, process


def describe(size: dict, spec: dict) -> str:
    sub = "x".join(map(str, size["sub"]))
    return f"{sub} x {size['features']}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", default=",".join(PROBLEMS))
    parser.add_argument("--pyrfm-python", default=sys.executable)
    parser.add_argument("--json", type=Path, help="write the results as JSON to this file")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--profile",
        metavar="PROBLEM",
        help="instead: profile pinnls's defaults on PROBLEM (cProfile, this process, one thread) "
        "and write where the time goes to --json",
    )
    parser.add_argument(
        "--no-particular",
        action="store_true",
        help="pinnls without its particular solution: the method alone, on problems whose "
        "exact solution the particular solution is",
    )
    parser.add_argument("--worker", choices=["pinnls", "pyrfm"], help=argparse.SUPPRESS)
    parser.add_argument("--problem", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker_main(args)
        return
    if args.profile:
        profile(args.profile, args.json)
        return

    import torch

    pyrfm_version = subprocess.run(
        [args.pyrfm_python, "-c", "import importlib.metadata as m; print(m.version('pyrfm'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    started = time.strftime("%Y-%m-%d %H:%M")
    machine = (
        f"{platform.platform()}, {os.cpu_count()} CPUs, torch {torch.__version__}, "
        f"pyRFM {pyrfm_version}, one core each (OMP_NUM_THREADS=1), float64, CPU; "
        f"started {started}, load average at start {os.getloadavg()[0]:.2f}"
    )
    print(f"# {machine}", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in args.problems.split(","):
            spec = PROBLEMS[name]
            axes, exact_expr, _ = expressions(spec)
            exact = numeric(axes, exact_expr)(eval_points(spec))
            load = [os.getloadavg()[0]]
            extra = ["--no-particular"] if args.no_particular else []
            ours, arrays, process = run_worker(sys.executable, "pinnls", name, folder, None, extra)
            if arrays is None:
                raise SystemExit(f"pinnls failed on {name}: {ours['failed']}")
            mismatch = np.max(np.abs(arrays["file_exact"] - exact)) / np.max(np.abs(exact))
            if mismatch > 1e-10:
                raise SystemExit(f"{name}: {spec['file']}'s exact solution differs: {mismatch:.1e}")
            ours.update(rel_l2=relative_l2(arrays["values"], exact), process_seconds=process)
            print(
                f"# {name}: pinnls rel L2 {ours['rel_l2']:.2e} in {ours['seconds']:.1f} s "
                f"({ours['chosen']})",
                flush=True,
            )
            sweep = []
            for size in spec["sweep"]:
                load.append(os.getloadavg()[0])
                meta, arrays, process = run_worker(args.pyrfm_python, "pyrfm", name, folder, size)
                meta.update(size=size, label=describe(size, spec), process_seconds=process)
                if arrays is not None:
                    meta["rel_l2"] = relative_l2(arrays["values"], exact)
                    print(
                        f"#   pyRFM {meta['label']}: rel L2 {meta['rel_l2']:.2e} in "
                        f"{meta['seconds']:.1f} s ({meta['rows']} x {meta['columns']})",
                        flush=True,
                    )
                else:
                    print(f"#   pyRFM {meta['label']}: failed {meta['failed']}", flush=True)
                sweep.append(meta)
                if arrays is None or meta["seconds"] > ours["seconds"]:
                    break
            rows.append(summarize(name, spec, ours, sweep, load))
    table = markdown(rows)
    print(table)
    if args.markdown:
        args.markdown.write_text(table)
    if args.json:
        command = COMMAND
        if (
            args.problems != parser.get_default("problems")
            or args.json != DEFAULT_JSON
            or args.no_particular
        ):
            command = (
                "PYTHONPATH=. nice -n 5 .venv/bin/python benchmarks/vs_pyrfm.py "
                f"--problems {args.problems} --pyrfm-python {args.pyrfm_python} --json {args.json}"
                + (" --no-particular" if args.no_particular else "")
            )
        record = {
            "command": command,
            "machine": machine,
            "pinnls": "pinnls.solve(FILE, particular=False), no other settings"
            if args.no_particular
            else "defaults: pinnls.solve(FILE), no settings",
            "rows": rows,
        }
        args.json.write_text(json.dumps(record, indent=1) + "\n")


def profile(name: str, path: Path | None) -> None:
    """Where pinnls's defaults spend their time on one problem: cProfile of ``pinnls.solve``."""
    import cProfile
    import pstats

    os.environ.update(OMP_NUM_THREADS="1", MKL_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
    import torch

    torch.set_num_threads(1)
    import pinnls

    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    pinnls.solve(str(ROOT / PROBLEMS[name]["file"]))
    profiler.disable()
    wall = time.perf_counter() - start
    stats = pstats.Stats(profiler).stats  # (file, line, function) -> (cc, nc, tottime, cumtime, _)

    def seconds(file_end: str, function: str, own: bool = False) -> float:
        return sum(
            v[2] if own else v[3]
            for (f, _, fn), v in stats.items()
            if f.replace("\\", "/").endswith(file_end) and fn == function
        )

    parts = {
        "QR of the least-squares matrix (torch.linalg.qr)": seconds(
            "~", "<built-in method torch._C._linalg.linalg_qr>", own=True
        ),
        "SVD of the triangular factor (torch.linalg.svd)": seconds(
            "~", "<built-in method torch._C._linalg.linalg_svd>", own=True
        ),
        "assembly of the operator blocks (numeric/assembly.py block)": seconds(
            "numeric/assembly.py", "block"
        ),
        "validation estimate (training/validation.py fresh_residuals)": seconds(
            "training/validation.py", "fresh_residuals"
        ),
        "imports inside pinnls.solve": seconds("<frozen importlib._bootstrap>", "_find_and_load"),
    }
    record = {
        "command": "PYTHONPATH=. nice -n 5 .venv/bin/python benchmarks/vs_pyrfm.py "
        f"--profile {name} --json docs/figures/vs_pyrfm_profile.json",
        "problem": name,
        "file": PROBLEMS[name]["file"],
        "wall_under_cprofile": wall,
        "seconds": parts,
    }
    for part, value in parts.items():
        print(f"{value:6.1f} s  {part}")
    print(f"{wall:6.1f} s  pinnls.solve under cProfile")
    if path:
        path.write_text(json.dumps(record, indent=1) + "\n")


def summarize(name: str, spec: dict, ours: dict, sweep: list[dict], load: list[float]) -> dict:
    done = [s for s in sweep if "rel_l2" in s]
    best = min(done, key=lambda s: s["rel_l2"])
    in_time = [s for s in done if s["seconds"] <= ours["seconds"]]
    best_in_time = min(in_time, key=lambda s: s["rel_l2"]) if in_time else None
    # Where no size of pyRFM finished within pinnls's time, pyRFM has no error to show in that
    # time; its quickest size, which took longer, is the fairest stand-in (it was no better in
    # more time), so the tenfold leg compares with it.
    against = best_in_time or min(done, key=lambda s: s["seconds"])
    reaching = [s for s in done if s["rel_l2"] <= ours["rel_l2"]]
    fastest = min(reaching, key=lambda s: s["seconds"]) if reaching else None
    third = ours["rel_l2"] <= best["rel_l2"] and ours["seconds"] <= best["seconds"] / 3
    tenfold = ours["rel_l2"] <= against["rel_l2"] / 10
    extra = {}
    if spec.get("issue_24"):
        # issue 24: rel L2 <= 1e-8 within 60 s, and below pyRFM's best error in less time than it
        extra = {
            "target_issue_24_accuracy": ours["rel_l2"] <= 1e-8 and ours["seconds"] <= 60,
            "target_issue_24_vs_pyrfm": ours["rel_l2"] < best["rel_l2"]
            and ours["seconds"] < best["seconds"],
        }
    return {
        **extra,
        "problem": name,
        "file": spec["file"],
        "pinnls": ours,
        "pyrfm": sweep,
        "pyrfm_best": best["label"],
        "pyrfm_best_in_pinnls_time": best_in_time["label"] if best_in_time else None,
        "pyrfm_tenfold_against": against["label"],
        "pyrfm_fastest_reaching_pinnls": fastest["label"] if fastest else None,
        "target_third_of_time": third,
        "target_tenfold_in_same_time": tenfold,
        "target_met": third or tenfold,
        "load_average": load,
    }


def markdown(rows: list[dict]) -> str:
    lines = [
        "| problem | pinnls: rel L2 / s | pinnls width | pyRFM best: rel L2 / s | pyRFM best size "
        "| pyRFM fastest size reaching pinnls's error | target |",
        "| --- | ---: | ---: | ---: | --- | --- | --- |",
    ]
    for r in rows:
        ours = r["pinnls"]
        by_label = {s["label"]: s for s in r["pyrfm"]}
        best = by_label[r["pyrfm_best"]]
        fastest = r["pyrfm_fastest_reaching_pinnls"]
        reach = (
            f"{fastest}: {by_label[fastest]['rel_l2']:.2e} / {by_label[fastest]['seconds']:.1f}"
            if fastest
            else "none"
        )
        met = "met" if r["target_met"] else "not met"
        lines.append(
            f"| {r['problem']} | {ours['rel_l2']:.2e} / {ours['seconds']:.1f} | {ours['width']} "
            f"| {best['rel_l2']:.2e} / {best['seconds']:.1f} | {r['pyrfm_best']} | {reach} "
            f"| {met} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
