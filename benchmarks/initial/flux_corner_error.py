"""The plate heated by a flux on one edge over a short time (plate_flux_short.py, no exact
solution declared) against its closed form: max |error| on a 13 x 13 x 7 grid of x, y in
[0, 1] (the edges and corners included) and t in [0.001, 0.01].

    u = U(x, y, t) + U(x, 1 - y, t) - 2 sqrt(t) i erfc(x / (2 sqrt(t))),
    U = int_0^t exp(-x^2 / (4 s)) erf(y / (2 sqrt(s))) / sqrt(pi s) ds,

up to the images of the far edges, exp(-1 / (4 t)) < 1.4e-11. U is integrated here by scipy's
``quad`` (not by pinnls's closed form, which it checks).

Usage: ``python benchmarks/initial/flux_corner_error.py [--json FILE]`` (the pinnls on
``sys.path`` runs it: ``PYTHONPATH=/tmp/old`` for another checkout). One core, the defaults,
seed 0.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np
from scipy.integrate import quad
from scipy.special import erf, erfc

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from reference_error import against  # noqa: E402


def corner(x: float, y: float, t: float) -> float:
    """U at one point, by quadrature (the integrand's 1/sqrt(s) taken away by s = r^2)."""

    def integrand(r: float) -> float:
        s = r * r
        return 2 * math.exp(-x * x / (4 * s)) * erf(y / (2 * r)) / math.sqrt(math.pi)

    return quad(integrand, 0, math.sqrt(t), epsabs=1e-15, epsrel=1e-13, limit=200)[0]


def closed_form(points: np.ndarray) -> np.ndarray:
    """u at points (m, 3) of (x, y, t)."""
    out = []
    for x, y, t in points:
        layer = 2 * math.sqrt(t / math.pi) * math.exp(-x * x / (4 * t)) - x * erfc(
            x / (2 * math.sqrt(t))
        )
        out.append(corner(x, y, t) + corner(x, 1 - y, t) - layer)
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json")
    args = parser.parse_args()
    space = np.linspace(0.0, 1.0, 13)
    times = np.linspace(0.001, 0.01, 7)
    points = np.stack(np.meshgrid(space, space, times, indexing="ij"), axis=-1).reshape(-1, 3)
    against(
        HERE / "plate_flux_short.py",
        points,
        closed_form,
        "python benchmarks/initial/flux_corner_error.py",
        args.json,
    )


if __name__ == "__main__":
    main()
