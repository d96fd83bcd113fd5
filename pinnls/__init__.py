"""pinnls: physics-informed neural networks for linear PDEs, trained as adaptive bases.

Implements Cyr, Gulian, Patel, Perego and Trask, *Robust training and initialization of deep
neural networks: an adaptive basis viewpoint* (MSML 2020): least squares for the last layer
alternating with gradient steps on the hidden layers (LSGD), and Box initialization.

Every public name is loaded on first use (``from pinnls import Box, Problem`` works as usual), so
that ``import pinnls`` imports neither sympy nor torch: the command line installs its Ctrl-C
handling before anything heavy is imported, and ``pinnls --version`` answers at once.
"""

from __future__ import annotations

__version__ = "0.1.0"

#: Public name -> the submodule that defines it, imported on first use. The symbolic layer
#: imports sympy (and numpy); ``solve`` and ``Solution`` import torch.
_LAZY = {
    **dict.fromkeys(
        (
            "CheckpointError",
            "LeastSquaresError",
            "NonlinearTermError",
            "PinnlsError",
            "PinnlsWarning",
            "ProblemError",
            "ProblemFileError",
            "ResultFileError",
            "SettingsError",
            "SolverError",
            "UnknownFaceError",
            "UnknownSymbolError",
        ),
        "errors",
    ),
    "CompiledProblem": "operators",
    "CompiledTerm": "operators",
    "OperatorPart": "operators",
    "Settings": "settings",
    "compile_problem": "symbolic.compiler",
    "Box": "symbolic.domain",
    "Ball": "symbolic.shapes",
    "Disk": "symbolic.shapes",
    "Mesh": "symbolic.shapes",
    "Polygon": "symbolic.shapes",
    "boundary_points": "symbolic.shapes",
    "Face": "symbolic.domain",
    "Grid": "symbolic.domain",
    "GridFunction": "symbolic.grid_function",
    "Random": "symbolic.domain",
    "Sobol": "symbolic.domain",
    "load_problem": "symbolic.loader",
    "Problem": "symbolic.problem",
    "W": "symbolic.problem",
    "solve": "api",
    "load": "api",
    "Solution": "solution",
}

#: True for static type checkers only (``typing.TYPE_CHECKING`` without importing typing).
TYPE_CHECKING = False
if TYPE_CHECKING:  # what static tools and editors see; nothing of it is imported at run time
    from pinnls.api import load, solve
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
    from pinnls.solution import Solution
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.domain import Box, Face, Grid, Random, Sobol
    from pinnls.symbolic.grid_function import GridFunction
    from pinnls.symbolic.loader import load_problem
    from pinnls.symbolic.problem import Problem, W
    from pinnls.symbolic.shapes import Ball, Disk, Mesh, Polygon, boundary_points


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pinnls' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "Ball",
    "Box",
    "Disk",
    "Mesh",
    "Polygon",
    "boundary_points",
    "CheckpointError",
    "LeastSquaresError",
    "PinnlsWarning",
    "CompiledProblem",
    "CompiledTerm",
    "Face",
    "Grid",
    "GridFunction",
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
    "load",
    "load_problem",
    "solve",
]
