"""CUDA against CPU: the same solves on both devices, compared, with timings.

For sessions that have a GPU: ``python benchmarks/cuda_check.py``. It exits 1 if CUDA is
missing or a result disagrees beyond the stated tolerance.

Checks (float64):

1. Least squares on a rank-deficient matrix (rank 121 of 128, zero and duplicated columns):
   CUDA and CPU residuals agree to 1e-10 relative, no NaN.
2. ``advection_constant`` LSGD, relu 1x32, 100 iterations, same seed: final rel L2 errors agree
   to 1e-6 relative (the runs differ only in rounding, which LSGD's Adam steps amplify).
3. ``advection_gauss``, tanh 1024, LS only, on the default clouds: errors agree to 1e-3
   relative (measured 5.68e-5 on the CPU, 5e-6 relative apart between 1 and 2 threads; at
   width 2048 the clouds are too coarse, the fit warns, and an H200 moved it by 18%).
4. ``rotation_2d`` on the feet of its characteristics (``aligned`` 1: the RK4 map inside the
   network, numeric/characteristic.py), tanh 512, LS only: errors agree to 1e-3 relative.
5. pyRFM's Helmholtz on a local basis (32 cells of 32 features, the closed form of
   numeric/local.py), one stage of auto at width 1024: both below 1e-8 (measured 3.3e-10 on
   the CPU and 3.8e-10 on CUDA of an H200 machine; the rank-deficient solve's rounding moves
   it by more than 1e-3 relative between assembly paths). Its 32 cells along one axis are
   solved as a chain (numeric/block_sparse.py ``solve_chain``) on both devices.
1b. The same rows streamed in chunks of 100 after a first of 2,000, each folded into the
   factor panel by panel (``fold_rows``, panels of 32 columns so that the updates to their
   right run): residuals agree with the unchunked CPU solve to 1e-10 relative on both devices.
6. Heat 2d-MS (benchmarks/axes/heat_2d_ms.py, three axes) on a chain of 16 cells along x of
   512 tanh features each (steepness 1, x=8, y=0.25), one stage of auto: both below 2e-4
   (measured 1.0e-4 on a 2-core CPU in 16 s). The blocks are assembled on the device and the
   banded QR runs in NumPy on the host.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import torch

from pinnls import Settings, compile_problem, load_problem, solve
from pinnls.numeric import least_squares as ls
from pinnls.numeric.least_squares import StreamingLeastSquares, least_squares

ROOT = Path(__file__).resolve().parents[1]
#: Checks 5 and 6: bounds on both devices' errors.
BOUND = 1e-8
CHAIN_BOUND = 2e-4


def rank_deficient(device: str, streamed: bool = False) -> tuple[float, int]:
    generator = torch.Generator().manual_seed(0)
    A = torch.randn(4000, 121, generator=generator, dtype=torch.float64) @ torch.randn(
        121, 128, generator=generator, dtype=torch.float64
    )
    A[:, 5] = 0
    A[:, 7] = A[:, 8]
    b = torch.randn(4000, generator=generator, dtype=torch.float64)
    if streamed:
        panel, ls.FOLD_PANEL = ls.FOLD_PANEL, 32
        try:
            solver = StreamingLeastSquares(128, device=device)
            for start, stop in [(0, 2000)] + [(s, s + 100) for s in range(2000, 4000, 100)]:
                solver.add(A[start:stop].to(device), b[start:stop].to(device))
            result = solver.solve()
        finally:
            ls.FOLD_PANEL = panel
    else:
        result = least_squares(A.to(device), b.to(device))
    assert torch.isfinite(result.coefficients).all()
    return result.residual, result.rank


def timed_solve(name: str, device: str, **changes) -> tuple[float, float]:
    loaded = load_problem(ROOT / name if "/" in name else ROOT / "problems" / f"{name}.py")
    settings = Settings.from_mapping(loaded.settings, device=device, **changes)
    compiled = compile_problem(loaded.problem, settings)
    start = time.perf_counter()
    solution = solve(compiled, settings)
    if device == "cuda":
        torch.cuda.synchronize()
    return solution.errors()["rel_l2"], time.perf_counter() - start


def main() -> int:
    if not torch.cuda.is_available():
        print("no CUDA device: nothing to check")
        return 1
    print(f"device: {torch.cuda.get_device_name()}, torch {torch.__version__}")
    failures = 0
    cpu, gpu = rank_deficient("cpu"), rank_deficient("cuda")
    ok = abs(cpu[0] - gpu[0]) <= 1e-10 * max(cpu[0], 1e-300) and cpu[1] == gpu[1]
    failures += not ok
    print(f"least squares: residual cpu {cpu[0]:.6e} cuda {gpu[0]:.6e}, rank {cpu[1]}/{gpu[1]}"
          f" -> {'ok' if ok else 'MISMATCH'}")  # fmt: skip
    for device in ("cpu", "cuda"):
        folded = rank_deficient(device, streamed=True)
        ok = abs(folded[0] - cpu[0]) <= 1e-10 * cpu[0] and folded[1] == cpu[1]
        failures += not ok
        print(f"streamed and folded on {device}: residual {folded[0]:.6e}, rank {folded[1]}"
              f" -> {'ok' if ok else 'MISMATCH'}")  # fmt: skip
    for name, changes, tolerance in (
        ("advection_constant", {"iterations": 100}, 1e-6),
        # Fixed settings: the automatic strategy's choices depend on timings, which differ
        # between devices, so it is not a like-for-like comparison.
        (
            "advection_gauss",
            {
                "optimizer": "lsgd",
                "width": 1024,
                "activation": "tanh",
                "init_scale": 4,
                "iterations": 0,
                "rcond": 1e-15,
            },
            1e-3,
        ),
        (
            "rotation_2d",
            {
                "optimizer": "lsgd",
                "width": 512,
                "activation": "tanh",
                "init_scale": 4,
                "aligned": 1,
                "iterations": 0,
                "rcond": 1e-15,
            },
            1e-3,
        ),
        (
            "benchmarks/pyrfm/helmholtz_1d.py",
            # auto with the width, steepness and cells given: one stage on its sized clouds
            {"width": 1024, "subdomains": "32", "init_scale": 12},
            BOUND,  # both below it
        ),
        (
            "benchmarks/axes/heat_2d_ms.py",
            {
                "width": 8192,
                "subdomains": "x=16",
                "init_scale": 1,
                "axis_scales": "x=8,y=0.25",
            },
            CHAIN_BOUND,
        ),
    ):
        (e_cpu, t_cpu), (e_gpu, t_gpu) = (
            timed_solve(name, "cpu", **changes),
            timed_solve(name, "cuda", **changes),
        )
        if name.endswith(".py"):  # a bound on both, not agreement
            ok = max(e_cpu, e_gpu) <= tolerance
        else:
            ok = abs(e_cpu - e_gpu) <= tolerance * e_cpu
        failures += not ok
        print(
            f"{name}: rel L2 cpu {e_cpu:.3e} ({t_cpu:.2f} s), cuda {e_gpu:.3e} ({t_gpu:.2f} s), "
            f"speed-up {t_cpu / t_gpu:.1f}x -> {'ok' if ok else 'MISMATCH'}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
