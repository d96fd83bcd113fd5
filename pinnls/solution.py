"""Trained solutions: evaluation anywhere, errors against the exact solution, per-term residuals,
training history and checkpoints. This is the torch -> numpy boundary: public methods take and
return numpy arrays.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import torch

from pinnls.history import History
from pinnls.memory import EVALUATION_CHUNK
from pinnls.metrics import field_errors
from pinnls.numeric.assembly import System
from pinnls.numeric.basis import Basis
from pinnls.numeric.block_sparse import evaluate, term_residuals
from pinnls.numeric.local import LocalBasis
from pinnls.operators import (
    FLOAT32_REACH,
    CompiledProblem,
    piecewise,
    point_rows,
    slab_index,
    unknown_index,
)
from pinnls.record import AutoRecord, StrategyRecord

__all__ = ["Fitted", "History", "Solution", "field_errors", "marks"]


def marks(*modules_or_tensors) -> tuple[tuple[int, int], ...]:
    """Which tensors, at which in-place version: equal marks mean no tensor was swapped or
    changed in place since (torch counts every in-place change in ``_version``).

    Parameters
    ----------
    *modules_or_tensors : tensor or torch.nn.Module
        Tensors (any shape), and modules whose parameters and buffers count.

    Returns
    -------
    tuple of (int, int)
        ``(id, _version)`` of each tensor, in order.
    """
    tensors = []
    for item in modules_or_tensors:
        if isinstance(item, torch.Tensor):
            tensors.append(item)
        else:
            tensors.extend(item.parameters())
            tensors.extend(item.buffers())
    return tuple((id(t), t._version) for t in tensors)


@dataclasses.dataclass(frozen=True)
class Fitted:
    """The residuals that training measured at a solution's final basis and last layer.

    Attributes
    ----------
    marks : tuple
        :func:`marks` of the solution's last layer and basis when they were measured:
        :meth:`Solution.residuals` reads them only while the solution holds these very
        tensors, unchanged.
    residuals : dict of str to (n,) ndarray
        Per term, ``L_k[NN] - f_k`` unweighted at the term's points, float64.
    """

    marks: tuple
    residuals: dict[str, np.ndarray]


@dataclasses.dataclass
class Solution:
    """A trained network ``NN(x) = sum_j c_j Phi_j(x)`` with everything about its training.

    Attributes
    ----------
    compiled : CompiledProblem
    settings : Settings
    basis : Basis
    coefficients : (m * size,) tensor
        The last layer c: for a system of m unknowns, one block of ``basis.size`` per unknown
        (``compiled.unknowns`` order), so unknown j is ``Phi c[j*size:(j+1)*size]``.
    history : History
    complete : bool
        False when training stopped on an error or an interrupt.
    stop_reason : str
        ``iterations``, ``tol``, ``time_limit``, ``diverged``, ``least_squares_failed``,
        ``interrupted`` or ``process_failed`` (another process of ``--nproc`` died).
    iterations : int
        Gradient steps taken.
    wall : float
        Seconds of training.
    rank : int
        Numerical rank of the final least-squares system (-1 if unknown).
    columns : int or None
        The columns of that system where they are fewer than the coefficients (a system's
        plane waves solved one column each, :mod:`pinnls.numeric.waves`); None: as many.
    condition : float
    optimizer_state : dict or None
        The optimizer's ``state_dict``; None where no gradient step was taken (least squares
        alone), for which a fresh optimizer is the state.
    validation : dict or None
        The error estimate from fresh points (:func:`pinnls.training.validation.fresh_residuals`):
        ``total``, ``total_absolute``, ``loss`` and per-term ``terms``.
    strategy : AutoRecord, SlabsRecord or None
        What the strategy chose and tried (:mod:`pinnls.record`): the automatic strategy's
        stages, or the time slabs; None for a fixed strategy on one domain.
    slabs : tuple of Solution
        Time-slab marching (:mod:`pinnls.training.slabs`): one solution per slab, in time
        order, each on its own box (``slab.compiled.lower``/``upper``). Empty for one global
        solve. With slabs, evaluation picks the slab that holds each point's time (a point
        past the last finished slab of an interrupted run uses that slab), ``basis`` and
        ``coefficients`` are the last slab's, ``rank`` the smallest and ``condition`` the
        largest over the slabs.
    inverse : dict or None
        For a problem with data stating its noise or a ``weight="auto"`` term
        (:mod:`pinnls.training.inverse`): ``criterion`` and ``weights`` chosen, and with
        noise ``factor``, the (n_data, m * size) tensor ``L`` with covariance ``L^T L`` of the
        coefficients. None otherwise.
    fitted : Fitted or None
        The per-term residuals that training measured at the end (one process, the dense
        path); :meth:`residuals` reads them instead of assembling the system again.
    warnings : list of str
        What pinnls warned of while training it (:func:`pinnls.errors.warn`: an unresolved
        solve, an estimate that reads low, a memory cap), as report.json keeps them.
    """

    compiled: CompiledProblem
    settings: Any
    basis: Basis
    coefficients: torch.Tensor
    history: History
    complete: bool
    stop_reason: str
    iterations: int
    wall: float
    rank: int
    condition: float
    optimizer_state: dict | None = None
    validation: dict | None = None
    strategy: StrategyRecord | None = None
    slabs: tuple[Solution, ...] = ()
    inverse: dict | None = None
    fitted: Fitted | None = dataclasses.field(default=None, repr=False, compare=False)
    columns: int | None = None
    warnings: list[str] = dataclasses.field(default_factory=list, compare=False)

    # -- evaluation --------------------------------------------------------------------------

    def __call__(self, points: np.ndarray, unknown: str | int | None = None) -> np.ndarray:
        """``NN(x)`` at points of shape (n, d).

        Returns (n,) for one unknown, or for the ``unknown`` named (by name or position); a
        system without ``unknown`` gives (n, m), the unknowns side by side.
        """
        return self.derivative(points, (0,) * self.compiled.dim, unknown)

    def derivative(
        self, points: np.ndarray, alpha: tuple[int, ...], unknown: str | int | None = None
    ) -> np.ndarray:
        """``D^alpha NN`` at points of shape (n, d); (n,), or (n, m) for a whole system (as
        ``__call__``)."""
        points = point_rows(points, self.compiled.axes)
        index = self.unknown_index(unknown)
        if self.slabs:
            return self._piecewise(points, alpha, index)
        if self.compiled.unknown_fixed:
            return self._held(points, tuple(alpha), index)
        count = self.compiled.unknown_count
        c = self.coefficients.reshape(count, -1).T
        if index is not None:
            c = c[:, index]
        elif count == 1:
            c = c[:, 0]
        out = np.empty((points.shape[0], *c.shape[1:]))
        for start in range(0, points.shape[0], EVALUATION_CHUNK):
            x = self._tensor(points[start : start + EVALUATION_CHUNK])
            found = evaluate(self.basis, x, c, tuple(alpha))  # a local basis cell by cell
            out[start : start + x.shape[0]] = found.cpu().numpy()
        if self.compiled.particular is not None:
            # u = u_p + w: the network is w (CompiledProblem.with_particular)
            out += self.compiled.particular.derivative(points, tuple(alpha))
        return out

    def _held(self, points: np.ndarray, alpha: tuple[int, ...], index: int | None) -> np.ndarray:
        """:meth:`derivative` where some unknowns take fewer axes: each unknown at its own
        points (``compiled.unknown_points``), zero for a derivative along an axis it does not
        take."""
        if index is None:
            return np.stack(
                [self._held(points, alpha, j) for j in range(self.compiled.unknown_count)],
                axis=1,
            )
        fixed = self.compiled.unknown_fixed[index]
        if any(alpha[axis] for axis, _ in fixed):
            return np.zeros(points.shape[0])
        mapped = self.compiled.unknown_points(index, points)
        c = self.coefficients.reshape(self.compiled.unknown_count, -1)[index]
        out = np.empty(points.shape[0])
        for start in range(0, points.shape[0], EVALUATION_CHUNK):
            x = self._tensor(mapped[start : start + EVALUATION_CHUNK])
            out[start : start + x.shape[0]] = evaluate(self.basis, x, c, alpha).cpu().numpy()
        return out

    def std(self, points: np.ndarray, unknown: str | int | None = None) -> np.ndarray:
        """The pointwise standard deviation of the solution caused by the data's noise, at
        points of shape (n, d): (n,), or (n, m) for a whole system (as ``__call__``).

        It needs data with ``noise=``; it assumes a fixed basis and independent Gaussian noise
        of the stated size (docs/problem-files.md).

        Raises
        ------
        ValueError
            No data term states its noise.
        """
        record = self.inverse or {}
        if "factor" not in record:
            raise ValueError(
                "no uncertainty: give the data their noise, problem.data(..., noise=sigma)"
            )
        points = point_rows(points, self.compiled.axes)
        index = self.unknown_index(unknown)
        count = self.compiled.unknown_count
        if index is None and count > 1:
            return np.stack([self.std(points, j) for j in range(count)], axis=1)
        index = index or 0
        # as the written file holds it (its zero rows dropped; evaluate makes L^T contiguous),
        # so that a loaded model gives the same bits: the std comes from
        # cancellation (|Phi| |L^T| can exceed Phi L^T by 1e11), so another summation order
        # moves it by far more than rounding
        factor = record["factor"][torch.any(record["factor"] != 0, dim=1)]
        factor = factor.reshape(factor.shape[0], count, -1)[:, index]
        mapped = self.compiled.unknown_points(index, points)
        out = np.empty(points.shape[0])
        for start in range(0, points.shape[0], EVALUATION_CHUNK):
            x = self._tensor(mapped[start : start + EVALUATION_CHUNK])
            spread = evaluate(self.basis, x, factor.mT)  # (n, r); a local basis cell by cell
            out[start : start + x.shape[0]] = spread.norm(dim=1).cpu().numpy()
        return out

    def unknown_index(self, unknown: str | int | None) -> int | None:
        """The position of ``unknown`` (a name or a position) among ``compiled.unknowns``;
        None for None.

        Raises
        ------
        ValueError
            No such unknown (the message lists them).
        """
        return unknown_index(unknown, tuple(self.compiled.unknowns))

    def unknown_constants(self) -> dict[str, float]:
        """The values of the unknowns that take no axis (``q()``, an unknown constant of an
        inverse problem), by name: what such a problem was solved for, which the fields hold
        only as a constant array. Empty where there is none.

        Returns
        -------
        dict of str to float
        """
        fixed = self.compiled.unknown_fixed or ()
        lower = np.asarray(self.compiled.lower, dtype=np.float64)[None, :]
        return {
            name: float(self(lower, unknown=index)[0])
            for index, (name, held) in enumerate(zip(self.compiled.unknowns, fixed, strict=False))
            if len(held) == self.compiled.dim
        }

    @property
    def pieces(self) -> tuple[Solution, ...]:
        """The solutions on one basis each that make this one: its time slabs, or itself."""
        return self.slabs or (self,)

    @property
    def rows(self) -> int:
        """Rows of the least-squares system solved: its points over all terms, summed over the
        time slabs (each slab sizes its own clouds)."""
        return int(sum(piece.compiled.rows for piece in self.pieces))

    @property
    def slab_bounds(self) -> np.ndarray | None:
        """The time-slab boundaries ``t_0 < t_1 < ... < t_n`` of the finished slabs, shape
        (n + 1,), or None without slabs."""
        if not self.slabs:
            return None
        axis = self.compiled.time_axis
        lows = [float(piece.compiled.lower[axis]) for piece in self.slabs]
        return np.array([*lows, float(self.slabs[-1].compiled.upper[axis])])

    def slab_of(self, points: np.ndarray) -> np.ndarray:
        """The index of the slab that holds each point, shape (n,) (all 0 without slabs).

        A point on an interface belongs to the later slab, except at the end of the last one.
        """
        points = point_rows(points, self.compiled.axes)
        if not self.slabs:
            return np.zeros(points.shape[0], dtype=np.int64)
        return slab_index(self.slab_bounds, points[:, self.compiled.time_axis])

    def _piecewise(
        self, points: np.ndarray, alpha: tuple[int, ...], unknown: int | None = None
    ) -> np.ndarray:
        return piecewise(
            points,
            self.slab_bounds,
            self.compiled.time_axis,
            lambda index, part: self.slabs[index].derivative(part, alpha, unknown),
            None
            if unknown is not None or not self.compiled.is_system
            else self.compiled.unknown_count,
        )

    def grid(self, points_per_axis: int | Sequence[int] | None = None) -> dict[str, Any]:
        """Fields on a tensor-product grid that includes the faces.

        Parameters
        ----------
        points_per_axis : int, sequence of d ints, or None
            Points along every axis, or along each (m_i); None: the settings' ``eval_points``
            or its default. ``m**d`` below is then ``prod m_i``.

        Returns
        -------
        dict
            ``axes`` (list of d (m,) arrays), ``points`` (m**d, d), ``u`` (m**d,), and when the
            exact solution is known ``exact`` and ``error`` (u - exact), each (m**d,). For a
            system, ``u``, ``exact`` and ``error`` are (m**d, k), one column per unknown in the
            order of ``unknowns`` (the k names, also in the dict). On a shape, ``inside``
            (m**d,) bool marks the grid points in the domain; the fields are NaN elsewhere (the
            network is not evaluated there), so that plots leave the outside blank. Where the
            problem fixes an unknown only up to a constant, its ``exact`` is shifted by the
            constant that brings it closest to ``u``, and ``constants`` gives it per unknown
            (:meth:`_shift_free`). On a plane across which the data of a transport equation
            jump (:meth:`~pinnls.operators.CompiledProblem.carried_jumps`), ``exact`` takes
            the value the data take on it, as the solver's steps do (:meth:`_exact_on_jumps`).
            With data
            that state their noise, ``std`` (as ``u``): the pointwise standard deviation
            (:meth:`std`).
        """
        per_axis = points_per_axis or self.settings.grid_points(self.compiled.dim)
        ticks, _ = self.compiled.grid(per_axis)
        return self.grid_of(ticks)

    def grid_of(
        self, ticks: Sequence[Any], constants: Mapping[str, float] | None = None
    ) -> dict[str, Any]:
        """Fields on the tensor-product grid of the given values along each axis: what
        :meth:`grid` returns (``axes`` are the ``ticks``), for any values (the slices that a
        plot draws: two axes fine, one value of each axis between).

        Parameters
        ----------
        ticks : sequence of d 1-D arrays
            The values along each axis, in the axes' order (m_i each).
        constants : mapping of str to float, optional
            Where the problem fixes an unknown only up to a constant, the constant to add to
            its exact solution (``grid()["constants"]``, so that the fields of a few slices
            are compared as the whole grid's are); None fits it on these points.

        Returns
        -------
        dict
            As :meth:`grid`.
        """
        ticks = [np.asarray(t, dtype=np.float64).reshape(-1) for t in ticks]
        if len(ticks) != self.compiled.dim:
            raise ValueError(f"{len(ticks)} axes of ticks for {self.compiled.dim} axes")
        mesh = np.meshgrid(*ticks, indexing="ij")
        points = np.stack([m.ravel() for m in mesh], axis=1)
        inside = None if self.compiled.region is None else self.compiled.contains(points)
        fields = {"axes": ticks, "points": points, "u": self._masked(self, points, inside)}
        if inside is not None:
            fields["inside"] = inside
        if self.compiled.is_system:
            fields["unknowns"] = tuple(self.compiled.unknowns)
        if self.compiled.exact is not None:
            fields["exact"] = self._masked(self.compiled.exact, points, inside)
            self._exact_on_jumps(fields, inside)
            self._shift_free(fields, constants)
            fields["error"] = fields["u"] - fields["exact"]
        if self.inverse and "factor" in self.inverse:
            fields["std"] = self._masked(self.std, points, inside)
        return fields

    def _exact_on_jumps(self, fields: dict[str, Any], inside: np.ndarray | None) -> None:
        """The exact solution on a carried jump plane is a matter of rounding: a grid point on
        the line x - t = 0.2 of a square pulse computes x - t one unit in the last place either
        side of 0.2, and a whole diagonal of the grid then counts as an error of the pulse's
        height (measured: rel L2 0.18 on a 51 x 51 grid for a solution exact to 5.1e-15 at
        random points; benchmarks/jump_rows.py). At
        the grid points within 1e-9 (1e-6 in float32) of the box's diagonal of such a plane,
        ``exact`` is taken
        a little further on the side whose value the data take on the plane, as the steps of
        the basis are (:func:`pinnls.numeric.initialization.initialize`'s ``jumps``); a wrong
        side still counts in full. ``on_jumps`` in the fields counts those points."""
        jumps = self.compiled.carried_jumps()
        if jumps is None:
            return
        normals, offsets, sides = jumps
        points = fields["points"]
        relative = FLOAT32_REACH if self.settings.dtype == "float32" else 1e-9
        reach = relative * float(np.linalg.norm(self.compiled.upper - self.compiled.lower))
        on = np.abs(points @ normals.T + offsets) <= reach
        if inside is not None:
            on &= inside[:, None]
        rows = on.any(axis=1)
        if not rows.any():
            return
        moved = points[rows] + 2 * reach * (on[rows] * sides) @ normals
        exact = np.array(fields["exact"], dtype=np.float64, copy=True)
        exact[rows] = self.compiled.exact(moved)
        fields["exact"] = exact
        fields["on_jumps"] = int(rows.sum())

    def _shift_free(self, fields: dict[str, Any], given: Mapping[str, float] | None = None) -> None:
        """Where the problem determines an unknown only up to a constant
        (:meth:`~pinnls.operators.CompiledProblem.free_constants`), its exact field is every
        field that differs from the given one by a constant: the one compared against is the
        closest to the solution, the given one plus the mean of ``u - exact`` over the grid
        (or the constant ``given`` for that unknown). ``constants`` in the fields maps each
        such unknown's name to the constant added."""
        free = self.compiled.free_constants()
        if not free:
            return
        exact = np.array(fields["exact"], dtype=np.float64, copy=True)
        u = np.asarray(fields["u"])
        constants = {}
        for index in free:
            column = (slice(None), index) if exact.ndim == 2 else (slice(None),)
            name = self.compiled.unknowns[index]
            if given is not None and name in given:
                shift = float(given[name])
            else:
                shift = float(np.nanmean(u[column] - exact[column]))
            exact[column] += shift
            constants[self.compiled.unknowns[index]] = shift
        fields["exact"] = exact
        fields["constants"] = constants

    def _masked(self, function, points: np.ndarray, inside: np.ndarray | None) -> np.ndarray:
        """``function`` at the points inside (all without a mask), NaN at the others."""
        if inside is None:
            return function(points)
        values = function(points[inside])
        out = np.full((len(points), *np.shape(values)[1:]), np.nan)
        out[inside] = values
        return out

    def errors(self, points_per_axis: int | None = None) -> dict[str, Any] | None:
        """``rel_l2`` and ``max`` error against the exact solution on the evaluation grid, or
        against a reference file at its points (:meth:`reference_errors`), or None when
        neither is known. For a system these are over all unknowns stacked,
        and ``unknowns`` maps each unknown's name to its own ``rel_l2`` and ``max``."""
        if self.compiled.exact is None:
            return self.reference_errors()
        return field_errors(self.grid(points_per_axis))

    def reference_errors(self) -> dict[str, Any] | None:
        """``rel_l2`` and ``max`` against the reference file's values at its points
        (``problem.reference``), as :meth:`errors` (up to the constant of an unknown the
        problem fixes only up to one); None without a reference."""
        reference = self.compiled.reference
        if reference is None:
            return None
        points, values, _ = reference
        fields = {"u": self(points), "exact": values}
        if self.compiled.is_system:
            fields["unknowns"] = tuple(self.compiled.unknowns)
        self._shift_free(fields)  # a reference is one member of the family too
        return field_errors(fields)

    def residuals(self) -> dict[str, dict[str, np.ndarray]]:
        """Per term: ``points`` (n, d) and ``residual`` ``L_k[NN] - f_k`` (n,), unweighted.

        With slabs, each term's rows of every slab, in slab order (a condition carried to an
        interface is measured against the previous slab's values there)."""
        each = [piece._own_residuals() for piece in self.pieces]
        return {
            name: {
                key: np.concatenate([piece[name][key] for piece in each])
                for key in ("points", "residual")
            }
            for name in each[0]
        }

    def _own_residuals(self) -> dict[str, dict[str, np.ndarray]]:
        """:meth:`residuals` of one basis (one piece): those training measured at this very
        basis and last layer (:attr:`fitted`), else assembled here."""
        system = System(self.compiled, self.coefficients.dtype, self.coefficients.device)
        fitted = self.fitted
        if (
            fitted is not None
            and fitted.marks == marks(self.coefficients, self.basis)
            and all(len(fitted.residuals.get(t.name, ())) == t.size for t in system.terms)
        ):
            return {
                t.name: {"points": t.term.points, "residual": fitted.residuals[t.name]}
                for t in system.terms
            }
        out = {}
        if isinstance(self.basis, LocalBasis):  # cell by cell: never (rows, width) at once
            found = term_residuals(system, self.basis, self.coefficients)
            return {
                term.name: {
                    "points": term.term.points,
                    # float64 as the dense path's: the HDF5 datasets keep one dtype
                    "residual": found[term.name].detach().cpu().double().numpy(),
                }
                for term in system.terms
            }
        for term in system.terms:
            values = np.empty(term.size)
            for rows in term.chunks(EVALUATION_CHUNK):
                with torch.no_grad():
                    applied = term.apply(self.basis, self.coefficients.detach(), rows)
                values[rows] = (applied - term.source[rows]).cpu().numpy()
            out[term.name] = {"points": term.term.points, "residual": values}
        return out

    def loss(self) -> float:
        """The final total loss (NaN before any iteration): for the automatic strategy, whose
        history has a row per stage, the chosen stage's (the last row is merely the last stage
        tried, e.g. a steeper probe that lost)."""
        return self.history.loss[self.final_row] if len(self.history) else math.nan

    @property
    def final_row(self) -> int:
        """The history row of the returned network: the chosen stage's for the automatic
        strategy (a row per stage), else the last (-1)."""
        if not self.slabs and isinstance(self.strategy, AutoRecord):
            chosen = self.strategy.chosen.stage
            if 0 <= chosen < len(self.history):
                return chosen
        return -1

    def __repr__(self) -> str:
        """A few lines: problem, basis, error, validation estimate, state (the fields hold
        tensors and the whole problem; their repr ran to tens of thousands of characters)."""
        settings = self.settings
        if self.slabs:
            widths = sorted({piece.settings.width for piece in self.slabs})
            basis = f"{len(self.slabs)} time slabs, width {', '.join(map(str, widths))}"
        else:
            basis = f"{settings.activation} width {settings.width}, depth {settings.depth}"
        known = self.compiled.exact is not None or self.compiled.reference is not None
        errors = self.errors() if known else None
        error = "unknown (no exact solution)" if errors is None else f"{errors['rel_l2']:.3g}"
        estimate = (self.validation or {}).get("total")
        state = "complete" if self.complete else "incomplete"
        return (
            f"Solution of '{self.compiled.name}' ({', '.join(self.compiled.axes)}): {basis}\n"
            f"  rel L2 error {error}; validation estimate "
            f"{'none' if estimate is None else f'{estimate:.3g}'}\n"
            f"  {self.iterations} iterations in {self.wall:.1f} s, {state} ({self.stop_reason})"
        )

    # -- persistence -------------------------------------------------------------------------

    def save(
        self,
        folder: str | Any,
        formats: Any = None,
        frames: int | None = None,
        metadata: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Write the files that ``pinnls solve --out folder`` writes, checkpoint included, as one
        run (locked, staged, then committed; docs/output-format.md).

        Parameters
        ----------
        folder : path-like
            Created when missing; the previous results there are replaced as a whole.
        formats : str or iterable of str, optional
            A subset of :data:`pinnls.io.FORMATS` (default: all).
        frames : int, optional
            Output times of the time series (default :data:`pinnls.io.DEFAULT_FRAMES`).
        metadata : dict, optional
            Extra provenance for report.json and solution.h5.

        Returns
        -------
        dict of str to Path
            The files written, by kind, plus ``checkpoint``.

        Raises
        ------
        OutputFolderBusyError
            Another live run holds the folder.
        ResultsNotWrittenError
            Writing failed (full disk, memory); the previous results are intact and the training
            is kept as a checkpoint in the folder (``error.kept``).
        """
        from pinnls import __version__
        from pinnls.saving import save  # the one save path, pinnls solve's too (see above)

        provenance = {
            "pinnls_version": __version__,
            "command": "python: Solution.save",
            **(metadata or {}),
        }
        return save(self, folder, formats, provenance, frames)

    def checkpoint(self, problem_sha256: str | None = None) -> dict[str, Any]:
        """Everything needed to resume training, as tensors and plain Python values only, so
        that it loads with ``torch.load(weights_only=True)``; the format is
        :mod:`pinnls.checkpoint`'s.

        Parameters
        ----------
        problem_sha256 : str, optional
            The problem file's sha256, stored so that a resume can tell when it changed.
        """
        from pinnls.checkpoint import build

        return build(self, problem_sha256)

    def _tensor(self, points: np.ndarray) -> torch.Tensor:
        return torch.as_tensor(
            points, dtype=self.coefficients.dtype, device=self.coefficients.device
        )
