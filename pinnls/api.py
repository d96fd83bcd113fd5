"""The Python API: ``pinnls.solve`` on a file, a Problem or a CompiledProblem with any setting as
a keyword, and ``pinnls.load`` of a saved result.

>>> import pinnls                                                   # doctest: +SKIP
>>> sol = pinnls.solve("example:advection_gauss", width=512, time_limit=30)  # or a file
>>> u = sol(points)                   # (n, d) -> (n,) numpy; (n, m) for a system of m unknowns
>>> sol.save("results/gauss")         # the files `pinnls solve --out results/gauss` writes
>>> again = pinnls.load("results/gauss")
>>> again(points)                     # the same values, from the files alone
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pinnls.errors import ResultFileError, SettingsError, shown
from pinnls.operators import CompiledProblem
from pinnls.progress import Progress
from pinnls.settings import Settings

__all__ = ["solve", "load"]


def solve(
    problem: Any,
    settings: Settings | Mapping[str, Any] | None = None,
    callback: Callable[[dict], None] | None = None,
    resume: Any = None,
    *,
    progress: bool = False,
    parameters: Mapping[str, float] | None = None,
    **changes: Any,
):
    """Solve a problem; any setting may be given as a keyword.

    Parameters
    ----------
    problem : str, path-like, Problem or CompiledProblem
        A problem file (its ``settings`` dict applies, under the keywords), ``"example:NAME"``
        for a bundled one (as on the command line), a
        :class:`~pinnls.Problem` (compiled here with the settings), or a compiled problem (the
        settings it was compiled with apply, under the keywords).
    settings : Settings or mapping, optional
        Settings; the keywords change them further.
    callback : callable, optional
        Called with every progress event (see :func:`pinnls.training.solve`).
    resume : str, path-like or mapping, optional
        A checkpoint to continue from.
    progress : bool
        Show a progress bar (tqdm's notebook bar in Jupyter, a text bar elsewhere).
    parameters : mapping of str to float, optional
        For a problem file: values of parameters it declares in ``Problem(...,
        parameters={...})``, applied while it loads (:func:`~pinnls.load_problem`). A Problem
        is built with its parameters already; give them to ``Problem(...)`` instead.
    **changes
        Settings by name (``width=512``, ``time_limit=30``, ``terms={...}``), validated as the
        command line's flags are.

    Returns
    -------
    Solution

    Raises
    ------
    SettingsError
        An unknown setting or a value out of range; ``settings`` that is neither Settings nor
        a mapping, a ``callback`` that is not callable, ``terms`` whose entry is not a mapping
        of a term's settings; ``terms`` for a problem already compiled;
        a parameter the file does not declare or that is not a finite number, or
        ``parameters`` with a Problem or a compiled problem.
    ProblemFileError, ProblemError
        No bundled example of that name; a file or problem that does not load or compile, or
        whose exact solution is not finite on the evaluation grid.
    MemoryPlanError
        The training would not fit in memory (refused before it allocates).
    SolverError, TrainingInterrupted, CheckpointError
        As :func:`pinnls.training.solve` raises them.
    """
    from pinnls.run import solve_and_save
    from pinnls.symbolic.compiler import compile_problem
    from pinnls.symbolic.loader import load_problem
    from pinnls.symbolic.problem import Problem

    _check_arguments(settings, callback, changes)
    if parameters and isinstance(problem, (Problem, CompiledProblem)):
        raise SettingsError(
            f"parameters= applies when a problem file is loaded; a {type(problem).__name__} "
            f"has its parameters already: build the Problem with Problem(..., parameters={{...}})"
        )
    if isinstance(problem, (str, os.PathLike)):
        loaded = load_problem(problem, parameters=parameters)
        chosen = _merged(loaded.settings, settings, changes)
        compiled = compile_problem(loaded.problem, chosen)
    elif isinstance(problem, Problem):
        chosen = _merged({}, settings, changes)
        compiled = compile_problem(problem, chosen)
    elif isinstance(problem, CompiledProblem):
        base = problem.settings.to_dict() if problem.settings is not None else {}
        if "terms" in changes or (isinstance(settings, Mapping) and "terms" in settings):
            raise SettingsError(
                "'terms' (clouds and weights) is applied when compiling; pass the Problem or the "
                "file instead of a compiled problem to change it"
            )
        chosen = _merged(base, settings, changes)
        compiled = problem
    else:
        raise SettingsError(
            f"pinnls.solve takes a problem file, a Problem or a CompiledProblem, "
            f"not {type(problem).__name__}"
        )
    total = chosen.iterations if chosen.optimizer != "auto" else None
    bar = Progress(progress, total, notebook=True)
    try:
        # The CLI's run path: memory planned and the exact solution checked before training.
        solution, _ = solve_and_save(
            compiled, chosen, None, callback=_both(callback, bar.update), resume=resume
        )
        return solution
    finally:
        bar.close()


def _check_arguments(settings, callback, changes: Mapping[str, Any]) -> None:
    """``settings`` is None, Settings or a mapping, ``callback`` None or callable, and every
    ``terms`` given maps each term to a mapping; a SettingsError naming the argument else."""
    if settings is not None and not isinstance(settings, (Settings, Mapping)):
        hint = " (give settings as keywords: width=512)" if isinstance(settings, str) else ""
        raise SettingsError(
            f"settings must be a Settings or a mapping of setting names to values, e.g. "
            f"{{'width': 512}}, not {type(settings).__name__} {shown(settings)}{hint}"
        )
    if callback is not None and not callable(callback):
        raise SettingsError(
            f"callback must be callable (a function of one event dict) or None, not "
            f"{type(callback).__name__} {shown(callback)}"
        )
    if isinstance(settings, Settings):
        check_terms(settings.terms)
    elif isinstance(settings, Mapping) and "terms" in settings:
        check_terms(settings["terms"])
    if "terms" in changes:
        check_terms(changes["terms"])


def check_terms(terms: Any) -> None:
    """A ``terms`` setting whose entries are not mappings (``{"pde": 5}``): a SettingsError
    naming the term. A ``terms`` that is no mapping at all is left to
    :class:`~pinnls.settings.Settings`, which says so.

    Raises
    ------
    SettingsError
        A term whose value is not a mapping of its settings (weight, points).
    """
    if not isinstance(terms, Mapping):
        return
    for name, value in terms.items():
        if not isinstance(value, Mapping):
            raise SettingsError(
                f"setting 'terms': term '{name}' must map to a dict of its settings (weight, "
                f"points, ...), e.g. {{'{name}': {{'weight': 10}}}}, not {shown(value)}"
            )


def _merged(base: Mapping[str, Any], settings, changes: Mapping[str, Any]) -> Settings:
    """The file's (or compile's) settings, under the given ones, under the keywords."""
    if isinstance(settings, Settings):
        return settings.replace(**changes) if changes else settings
    merged = {**dict(base), **dict(settings or {})}
    check_terms(merged.get("terms"))  # the file's own settings = {"terms": {...}} too
    return Settings.from_mapping(merged, **changes)


def _both(*callbacks):
    active = [c for c in callbacks if c is not None]
    if not active:
        return None

    def call(event: dict) -> None:
        for c in active:
            c(event)

    return call


def load(path: str | os.PathLike, verify: bool = True):
    """A saved solution, evaluable, rebuilt from the HDF5 ``/model`` group alone (no pickle).

    Parameters
    ----------
    path : str or path-like
        A results folder, or its ``solution.h5``.
    verify : bool
        Refuse a ``solution.h5`` whose sha256 is not the one in its folder's ``report.json``
        manifest (damaged or changed after the run); a file without ``report.json`` beside it
        has nothing to be checked against and is read as it is.

    Returns
    -------
    SavedSolution
        ``solution(points)``: (n, d) -> (n,), or (n, m) for a system of m unknowns;
        ``solution(points, unknown="p")`` -> (n,); ``solution.std(points)`` as
        :meth:`Solution.std <pinnls.solution.Solution.std>` when the data stated their noise;
        ``report`` (the folder's report.json when
        present), ``axes``, ``unknowns`` and ``network`` (with the time-slab ``bounds`` when
        marched).

    Raises
    ------
    ResultFileError
        A ``path`` that is not a str or path-like, no such file, one that is not a pinnls
        result, or (``verify``) one that does not match its folder's manifest.
    """
    import json

    from pinnls.io.model import load_network, result_file

    if not isinstance(path, (str, os.PathLike)):
        raise ResultFileError(
            f"pinnls.load takes a results folder or its solution.h5 (a str or path-like), not "
            f"{type(path).__name__} {shown(path)}"
        )
    h5 = result_file(path)
    report = h5.with_name("report.json")
    return SavedSolution(
        load_network(h5, verify), json.loads(report.read_text()) if report.is_file() else None, h5
    )


class SavedSolution:
    """A solution read back from its files (:func:`load`).

    Attributes
    ----------
    network : pinnls.io.model.Network
        The trained network(s), rebuilt from ``/model``.
    report : dict or None
        ``report.json`` beside the file (errors, settings, strategy, slabs), when present.
    path : Path
        The ``solution.h5`` it was read from.
    """

    def __init__(self, network, report: dict | None, path: Path) -> None:
        self.network = network
        self.report = report
        self.path = path

    @property
    def axes(self) -> tuple[str, ...]:
        """The names of the input coordinates, in order."""
        return self.network.axes

    @property
    def unknowns(self) -> tuple[str, ...]:
        """The unknowns as the files name them: ``("u",)`` for one unknown, a system's function
        names (``("p", "v")``), in the order of the columns of ``solution(points)``."""
        return self.network.unknowns

    def unknown_index(self, unknown: str | int | None) -> int | None:
        """The position of ``unknown`` (a name in :attr:`unknowns`, the problem's function name,
        or a position); None for None. ValueError for no such unknown."""
        return self.network.unknown_index(unknown)

    def __call__(self, points, unknown: str | int | None = None) -> Any:
        """The solution at points of shape (n, d), as :class:`~pinnls.solution.Solution` gives
        it.

        Parameters
        ----------
        points : (n, d) array_like
        unknown : str or int, optional
            One unknown of a system, by name (``"p"``) or position.

        Returns
        -------
        (n,) or (n, m) float64 ndarray
            (n,) for one unknown or the ``unknown`` named; (n, m) for a whole system of m
            unknowns, one column per unknown in the order of :attr:`unknowns`.
        """
        return self.network(points, unknown)

    @property
    def has_std(self) -> bool:
        """Whether :meth:`std` is available: the solve's data stated their noise."""
        return self.network.has_std

    def std(self, points, unknown: str | int | None = None) -> Any:
        """The pointwise standard deviation from the data's noise, equal to the original
        :meth:`~pinnls.solution.Solution.std` (from the file's ``/uncertainty``).

        Parameters
        ----------
        points : (n, d) array_like
        unknown : str or int, optional

        Returns
        -------
        (n,) or (n, m) float64 ndarray
            As :meth:`__call__`.

        Raises
        ------
        ValueError
            The solve's data stated no noise.
        """
        return self.network.std(points, unknown)

    def __repr__(self) -> str:
        r = self.report or {}
        error = r.get("rel_l2_error")
        estimate = (r.get("validation") or {}).get("total")
        pieces = len(self.network.slabs)
        system = f"; unknowns {', '.join(self.unknowns)}" if len(self.unknowns) > 1 else ""
        return (
            f"SavedSolution of '{r.get('problem', '?')}' ({', '.join(self.axes)}{system}) from "
            f"{self.path}\n  {pieces} network{'s' if pieces > 1 else ''}; rel L2 error "
            f"{'unknown' if error is None else f'{error:.3g}'}; validation estimate "
            f"{'none' if estimate is None else f'{estimate:.3g}'}"
        )
