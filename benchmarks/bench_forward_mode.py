"""Forward-mode vs per-basis reverse-mode input derivatives of a whole basis.

For a plain tanh basis on 2D input (x, t), time computing Phi, dPhi/dx and dPhi/dt for all
basis functions:

(a) forward mode: :func:`pinnls.numeric.basis.basis_derivatives`, one jvp per direction;
(b) reverse mode: one ``torch.autograd.grad`` per basis function (column), which yields both
    dPhi_j/dx and dPhi_j/dt at every point.

Prints a markdown table. Run::

    python benchmarks/bench_forward_mode.py --widths 32,128,512 --points 4096 --threads 1
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from pathlib import Path

import torch

from pinnls.numeric.basis import Basis, basis_derivatives, directional_derivative
from pinnls.numeric.initialization import initialize

ALPHAS = [(0, 0), (1, 0), (0, 1)]


def forward_mode(basis: Basis, x: torch.Tensor) -> list[torch.Tensor]:
    blocks = basis_derivatives(basis, x, ALPHAS)
    return [blocks[alpha] for alpha in ALPHAS]


def reverse_mode(basis: Basis, x: torch.Tensor) -> list[torch.Tensor]:
    x = x.detach().requires_grad_(True)
    phi = basis(x)
    grads = [
        torch.autograd.grad(phi[:, j].sum(), x, retain_graph=True, allow_unused=True)[0]
        for j in range(phi.shape[1])
    ]
    grads = [torch.zeros_like(x) if g is None else g for g in grads]
    stacked = torch.stack(grads, dim=2)  # (n, d, size)
    return [phi.detach(), stacked[:, 0], stacked[:, 1]]


def transport(basis: Basis, x: torch.Tensor) -> list[torch.Tensor]:
    """``Phi`` and ``(d/dt + d/dx) Phi`` in one pass, as the solver assembles u_t + u_x."""
    return list(directional_derivative(basis, x, torch.ones_like(x)))


def values_only(basis: Basis, x: torch.Tensor) -> list[torch.Tensor]:
    return [basis(x)]


def median_seconds(method, basis: Basis, x: torch.Tensor, repeats: int) -> float:
    def run() -> None:
        method(basis, x)
        if x.is_cuda:
            torch.cuda.synchronize()

    run()  # warm-up: the first jvp loads torch's decompositions
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--widths", default="32,128,512")
    parser.add_argument("--points", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--depth", type=int, default=1)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--json", type=Path, help="also write the table's values to this file")
    args = parser.parse_args(argv)
    torch.set_num_threads(args.threads)
    widths = [int(w) for w in args.widths.split(",")]

    generator = torch.Generator().manual_seed(0)
    x = torch.rand(args.points, 2, generator=generator, dtype=torch.float64).to(args.device)

    print(
        f"platform: {platform.platform()}; cpus: {os.cpu_count()}; torch {torch.__version__}; "
        f"threads: {torch.get_num_threads()}; device: {args.device}; points: {args.points}; "
        f"depth: {args.depth}; float64; median of {args.repeats}"
    )
    print()
    print(
        "| width | Phi only (s) | forward mode, 2 axes (s) | directional u_t+u_x (s) "
        "| reverse mode per basis (s) | speed-up (axes) | speed-up (directional) | max abs diff |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    rows = []
    for width in widths:
        basis = Basis((0.0, 0.0), (1.0, 1.0), width, args.depth, activation="tanh")
        basis = initialize(basis, "box", torch.Generator().manual_seed(1), scale=4.0)
        basis.to(args.device)
        diff = max(
            (f - r).abs().max().item()
            for f, r in zip(forward_mode(basis, x), reverse_mode(basis, x), strict=True)
        )
        with torch.no_grad():
            phi = median_seconds(values_only, basis, x, args.repeats)
        fwd = median_seconds(forward_mode, basis, x, args.repeats)
        rev = median_seconds(reverse_mode, basis, x, args.repeats)
        dirn = median_seconds(transport, basis, x, args.repeats)
        print(
            f"| {width} | {phi:.4f} | {fwd:.4f} | {dirn:.4f} | {rev:.4f} | {rev / fwd:.1f}x "
            f"| {rev / dirn:.1f}x | {diff:.1e} |"
        )
        rows.append(
            {
                "width": width,
                "values_seconds": phi,
                "forward_seconds": fwd,
                "directional_seconds": dirn,
                "reverse_seconds": rev,
                "speedup_forward": rev / fwd,
                "speedup_directional": rev / dirn,
                "max_abs_diff": diff,
            }
        )
    if args.json:
        document = {"command": "python benchmarks/bench_forward_mode.py", "rows": rows}
        args.json.write_text(json.dumps(document, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
