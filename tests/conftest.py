"""Shared fixtures: the paper's E4 problem, a small E4-like problem and a small basis on it.

The small problem keeps tests fast: ``u_t + u_x = 0`` on [0,1]^2 with the hat initial condition
and ``u(0, t) = 0``, on 1/16 grids (256 + 16 + 16 points), and a width-8 ReLU basis trained by
LSGD (stated explicitly: the default optimizer is auto).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import sympy as sp
from helpers import ROOT

from pinnls import Box, Problem, Settings, compile_problem, load_problem


def pytest_configure(config):
    """Under pytest-xdist (``make test`` runs two workers) each worker keeps to one torch
    thread: two workers of two threads each on a 2-core machine fight over the cores."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        import torch

        torch.set_num_threads(1)


@pytest.fixture(autouse=True, scope="module")
def _restore_torch_threads():
    """``--threads`` (and a solve's ``threads``) set a process-wide torch value; give every test
    module the value it started with back. Module-scoped, so that it is set up before the
    module-scoped runs of a file."""
    import torch

    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def advection_constant():
    """``problems/advection_constant.py`` (paper E4): ``(problem, file settings as a dict)``."""
    loaded = load_problem(ROOT / "problems" / "advection_constant.py")
    return loaded.problem, dict(loaded.settings)


def small_e4_problem(name: str = "small-e4") -> Problem:
    """E4 on coarse grids: ``u_t + u_x = 0``, ``u(x, 0) = hat(x)``, ``u(0, t) = 0``."""
    x, t = sp.symbols("x t")
    u = sp.Function("u")
    hat = sp.Max(0, 1 - sp.Abs(x - 0.3) / 0.15)
    problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name=name)
    problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/16")
    problem.condition("initial", sp.Eq(u(x, 0), hat), points="grid:1/16")
    problem.condition("inflow", sp.Eq(u(0, t), 0), points="grid:1/16")
    problem.exact(hat.subs(x, x - t))
    return problem


#: Settings of the small problem: the paper's E4 choices (LSGD, ReLU, Box) at width 8.
SMALL_SETTINGS = {
    "optimizer": "lsgd",
    "width": 8,
    "activation": "relu",
    "init": "box",
    "lr": 5e-3,
    "eval_points": 21,
}


@pytest.fixture(scope="session")
def make_small_e4():
    """The factory of the small problem: ``make_small_e4(name="small-e4") -> Problem``."""
    return small_e4_problem


@pytest.fixture(scope="session")
def small_e4():
    """The small E4-like problem, compiled: ``(compiled, settings)`` with 10 iterations."""
    settings = Settings.from_mapping(SMALL_SETTINGS, iterations=10)
    return compile_problem(small_e4_problem(), settings), settings


@pytest.fixture
def small_basis(small_e4):
    """A fresh width-8 ReLU basis (size 9 with the constant) on the small problem's box."""
    from pinnls.training import build_basis

    compiled, settings = small_e4
    return build_basis(compiled, settings)


class Installed(NamedTuple):
    """A wheel built from this checkout and the folder it was installed into."""

    wheel: Path
    site: Path


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory) -> Installed:
    """What ``pip install .`` gives a user: the wheel (built without network from the venv's
    own setuptools >= 77), installed with ``pip install --target`` into a folder that holds
    pinnls alone. Put ``site`` on ``PYTHONPATH`` and run from a folder outside the checkout:
    the installed copy is imported, torch and sympy come from the venv."""
    pytest.importorskip("setuptools", minversion="77")
    folder = tmp_path_factory.mktemp("installed")
    wheels = folder / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-q", "-w", str(wheels)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("pinnls-*.whl")
    site = folder / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        check=True, capture_output=True,
    )  # fmt: skip
    return Installed(wheel, site)
