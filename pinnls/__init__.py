"""pinnls: physics-informed neural networks for linear PDEs, trained as adaptive bases.

Implements Cyr, Gulian, Patel, Perego and Trask, *Robust training and initialization of deep
neural networks: an adaptive basis viewpoint* (MSML 2020): least squares for the last layer
alternating with gradient steps on the hidden layers (LSGD), and Box initialization.
"""

from pinnls.errors import (
    CheckpointError,
    LeastSquaresError,
    NonlinearTermError,
    PinnlsError,
    PinnlsWarning,
    ProblemError,
    ProblemFileError,
    ResultFileError,
    SettingsError,
    SolverError,
    UnknownFaceError,
    UnknownSymbolError,
)
from pinnls.operators import CompiledProblem, CompiledTerm, OperatorPart
from pinnls.settings import Settings
from pinnls.symbolic.compiler import compile_problem
from pinnls.symbolic.domain import Box, Face, Grid, Random, Sobol
from pinnls.symbolic.loader import load_problem
from pinnls.symbolic.problem import Problem, W

__version__ = "0.1.0"

#: Names whose modules import torch, loaded on first use so that problem files, ``pinnls check``
#: and ``pinnls --version`` start without torch's import time.
_LAZY = {"solve": "training", "Solution": "solution"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pinnls' has no attribute {name!r}")


__all__ = [
    "Box",
    "CheckpointError",
    "LeastSquaresError",
    "PinnlsWarning",
    "CompiledProblem",
    "CompiledTerm",
    "Face",
    "Grid",
    "NonlinearTermError",
    "OperatorPart",
    "PinnlsError",
    "Problem",
    "ProblemError",
    "ProblemFileError",
    "Random",
    "ResultFileError",
    "Settings",
    "Solution",
    "SettingsError",
    "Sobol",
    "SolverError",
    "UnknownFaceError",
    "UnknownSymbolError",
    "W",
    "__version__",
    "compile_problem",
    "load_problem",
    "solve",
]
