"""Compiled problems: plain numbers and numpy functions, no sympy and no torch.

These value objects are what the compiler hands to the solver. A term's operator is a sum of
parts ``coefficient(x) * D^alpha u(x with some axes fixed)``; the solver evaluates the basis and
its derivatives at the points of each part and combines them.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from pinnls.clouds import (
    Bounds,
    Grid,
    PointSpec,
    Random,
    Sobol,
    coarsest,
    count,
    free_lengths,
    refine,
    sample,
)
from pinnls.particular import (
    CARRIED_CHECK,
    MAX_CARRIED_STEPS,
    Applied,
    Carried,
    Less,
    Particular,
    Spreading,
    Summed,
    Transported,
    components,
    solve_polynomials,
)

__all__ = [
    "Cloud",
    "Layer",
    "Modes",
    "OperatorPart",
    "CompiledTerm",
    "CompiledProblem",
    "held",
    "piecewise",
    "point_rows",
    "slab_index",
    "unknown_index",
]

NumericFunction = Callable[[np.ndarray], np.ndarray]


@dataclasses.dataclass(frozen=True)
class OperatorPart:
    """One summand ``coefficient(x) * D^alpha u(x')`` of a linear operator.

    Attributes
    ----------
    derivative : tuple of int, length d
        Multi-index alpha over the axes.
    fixed : tuple of (axis index, value)
        The point map: ``x'`` is the term's point with these axes set to these values (for
        example x = 1 for the ``u(1, t)`` of a periodic condition). Empty: ``x' = x``.
    coefficient : callable, (n, d) ndarray -> (n,) ndarray
        The coefficient as a function of the term's points.
    text : str
        The application in readable form, for tables and messages.
    unknown : int
        Which unknown is applied (its position in ``CompiledProblem.unknowns``); 0 outside
        systems.
    program : list or None
        The coefficient as an expression program (``pinnls.program``: nested lists
        that JSON writes), for an equation's parts; None where it has none.
    side : float
        An interface row's one-sided limit (:meth:`CompiledProblem.sided`): the signed length
        of the box along the first ``fixed`` axis, negative for the limit from below, positive
        from above; 0 for every other part.
    """

    derivative: tuple[int, ...]
    fixed: tuple[tuple[int, float], ...]
    coefficient: NumericFunction
    text: str = ""
    unknown: int = 0
    program: list | None = dataclasses.field(default=None, compare=False, hash=False)
    side: float = 0.0

    def evaluation_points(self, points: np.ndarray) -> np.ndarray:
        """The points ``x'`` at which u is evaluated, shape (n, d)."""
        if not self.fixed:
            return points
        mapped = np.array(points, dtype=np.float64, copy=True)
        for axis, value in self.fixed:
            mapped[:, axis] = value
        return mapped


@dataclasses.dataclass(frozen=True)
class _Negated:
    """``-f`` of a numeric function (picklable)."""

    function: NumericFunction

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return -np.asarray(self.function(points), dtype=np.float64)


@dataclasses.dataclass(frozen=True)
class _Added:
    """Functions of the points added (picklable)."""

    functions: tuple

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return sum(
            np.broadcast_to(np.asarray(f(points), dtype=np.float64), (len(points),))
            for f in self.functions
        )


def _equation_applied(particular, equation: CompiledTerm):
    """``L[u_p]`` on the equation's rows as a function of its points, or None where it is 0
    by construction. A source integrated along the flow (Transported, Carried) has ``L u_p =
    f`` by construction (checked when it was built): the source itself, not its quadrature at
    every row; the initial data's Gaussians (Spreading) solve the homogeneous equation."""
    found = []
    for part in components(particular):
        if isinstance(part, Spreading):
            continue
        if isinstance(part, (Transported, Carried)):
            found.append(equation.source_function)
        else:
            found.append(Applied(part, equation.parts))
    if not found:
        return None
    return found[0] if len(found) == 1 else _Added(tuple(found))


def _diffusion_parts(
    constant: list[tuple[list[int], float]], t: int, dim: int
) -> tuple[float, float, np.ndarray] | None:
    """From an equation's parts of constant coefficient, each as (the axes it differentiates
    along, one per order; its coefficient), other than the flow's first derivatives in space:
    ``u_t``'s coefficient, the reaction's and ``D`` (d, d) = minus the second derivatives'
    over ``u_t``'s. None without ``u_t``, with a part along time beside others or of order
    above 2, or a backward diffusion (``D`` not positive semidefinite)."""
    lead = reaction = 0.0
    second = np.zeros((dim, dim))
    for axes, value in constant:
        if axes == [t]:
            lead += value
        elif t in axes or len(axes) > 2:
            return None
        elif not axes:
            reaction += value
        else:
            second[axes[0], axes[1]] += value / 2
            second[axes[1], axes[0]] += value / 2
    if lead == 0.0:
        return None
    diffusion = -second / lead + 0.0
    eigen = np.linalg.eigvalsh(diffusion)
    if float(eigen.min()) < -1e-12 * max(float(np.abs(eigen).max()), 1e-300):
        return None
    return lead, reaction, diffusion


def _has_source(equation: CompiledTerm) -> bool:
    """Whether an equation's right-hand side is not 0 at some point of its cloud."""
    return bool(np.any(np.asarray(equation.source) != 0))


def _first_order(equation: CompiledTerm) -> bool:
    """Whether an equation is ``A . grad u + k u`` of constant coefficients (their programs
    hold no axis), applied where its row is, with a flow."""
    parts = equation.parts
    if not any(sum(part.derivative) == 1 for part in parts):
        return False
    return all(
        sum(part.derivative) <= 1
        and not part.fixed
        and not part.side
        and part.program is not None
        and not _has_axis(part.program)
        for part in parts
    )


def _has_axis(program: list) -> bool:
    """Whether an expression program (:mod:`pinnls.program`) reads an axis."""
    if not isinstance(program, list) or not program:
        return False
    if program[0] == "x":
        return True
    return any(_has_axis(node) for node in program[1:] if isinstance(node, list))


#: A face has a boundary layer (:meth:`CompiledProblem.layers`) where its width is at most this
#: fraction of the box along the face's normal: a Peclet number over the box of 20 or more.
LAYER_PECLET = 20.0
#: Seeded random points of a face at which :meth:`CompiledProblem.layers` reads the flow.
LAYER_POINTS = 64


@dataclasses.dataclass(frozen=True)
class Layer:
    """A boundary layer along a face of the box (:meth:`CompiledProblem.layers`).

    Attributes
    ----------
    axis : int
        The axis the face is normal to.
    end : int
        0: the face ``x_axis = lower``, 1: ``x_axis = upper``.
    width : float
        In the problem's units: ``|A_kk| / |a_k|``, the diffusion over the flow across the
        face, or ``sqrt(|A_kk| / |c|)`` beside a reaction ``c``.
    face : str
        The face as the report and ``pinnls check`` name it, e.g. ``x=1`` (not compared).
    """

    axis: int
    end: int
    width: float
    face: str = dataclasses.field(default="", compare=False)


@dataclasses.dataclass(frozen=True)
class Modes:
    """An equation of constant coefficients (:meth:`CompiledProblem.modes`), first or second
    order in time or elliptic without time, whose travelling (or evanescent) waves solve it
    with ``f = 0``.

    ``order`` 1, parabolic: ``u_t + v . grad u = div(D grad u) - c u + f``, solved by the
    decaying waves ``sin(k . (x - v (t - t0)) + phi) exp(-(k . D k + c) (t - t0))``; with
    ``D = 0`` a transport equation (a constant flow, with or without a reaction), whose
    waves travel with the flow and decay only by ``c``.
    ``order`` 2, hyperbolic: ``u_tt + g u_t + v . grad u = div(D grad u) - c u + f`` (the wave
    equation, with damping ``g``, a flow or a Klein-Gordon term), solved by
    ``sin(k . x + Im(lam) (t - t0) + phi) exp(Re(lam) (t - t0))`` for either root ``lam`` of
    ``lam^2 + g lam + (i v . k + k . D k + c) = 0`` (``u_tt = u_xx``: ``sin(k (x -+ t) +
    phi)``). Both are :meth:`exponents` of ``exp(i k . x + lam t)``.
    ``order`` 0, elliptic (no time axis): ``v . grad u = div(D grad u) - c u + f`` with ``D``
    positive definite (Laplace, Helmholtz ``c = -kappa^2``, with a flow or a reaction),
    solved by ``sin(q . x + Im(lam) x_e + phi) exp(Re(lam) x_e)`` for any axis ``e``, ``q``
    with no entry on it, and either root of
    ``D_ee lam^2 + (2 i (D q)_e - v_e) lam - (i v . q + q . D q + c) = 0`` (Laplace:
    ``sin(q x + phi) exp(-+ q y)``; Helmholtz: plane waves of wavenumber ``kappa`` and
    evanescent ones).

    Attributes
    ----------
    time_axis : int or None
        None for order 0.
    velocity : (d,) float64 ndarray
        ``v``, 0 on the time axis.
    diffusion : (d, d) float64 ndarray
        ``D``, symmetric positive semidefinite, 0 on the time axis' row and column (order 1:
        0 for transport; order 2: the squared wave speeds, not zero; order 0: positive
        definite).
    reaction : float
        ``c`` (order 1 and negative: growth).
    order : int
        1 or 2, the highest derivative along time; 0 without a time axis.
    damping : float
        ``g``, the coefficient of ``u_t`` beside ``u_tt`` (order 2; 0 for order 1).
    source : bool
        The equation has a right-hand side ``f``, not 0 at some point of its cloud: a basis of
        modes alone cannot meet it (each mode leaves ``-f`` as the residual).
    """

    time_axis: int | None
    velocity: np.ndarray = dataclasses.field(compare=False)
    diffusion: np.ndarray = dataclasses.field(compare=False)
    reaction: float = 0.0
    order: int = 1
    damping: float = 0.0
    source: bool = dataclasses.field(default=False, compare=False)

    def rates(self, frequencies: np.ndarray) -> np.ndarray:
        """``k . D k + c`` of each mode, (w,), for frequencies (w, d) in the problem's units
        (their time entries are not read): order 1's decay rate."""
        k = np.array(frequencies, dtype=np.float64, copy=True)
        if self.time_axis is not None:
            k[:, self.time_axis] = 0.0
        return np.einsum("wi,ij,wj->w", k, self.diffusion, k) + self.reaction

    def exponents(
        self,
        frequencies: np.ndarray,
        branch: np.ndarray | None = None,
        axes: np.ndarray | None = None,
    ) -> np.ndarray:
        """The exponent ``lam`` of each mode ``exp(i k . x + lam x_e)``, (w,) complex128,
        ``x_e`` the time (orders 1 and 2) or the mode's own axis (order 0).

        Parameters
        ----------
        frequencies : (w, d) float64 ndarray
            ``k`` in the problem's units (the entries on the time axis, or on each mode's
            axis, are not read).
        branch : (w,) int ndarray, optional
            Orders 2 and 0: which root of the quadratic each mode takes, 0 (``+`` before the
            square root) or 1; order 1 has one root and ignores it. None: all 0.
        axes : (w,) int ndarray, optional
            Order 0: the axis ``e`` of each mode (None: all 0); not read otherwise.

        Returns
        -------
        (w,) complex128 ndarray
            ``-(i v . k + k . D k + c)`` for order 1; for order 2
            ``(-g +- sqrt(g^2 - 4 (i v . k + k . D k + c))) / 2``; for order 0 the roots of
            ``D_ee lam^2 + (2 i (D k)_e - v_e) lam - (i v . k + k . D k + c) = 0``.
        """
        k = np.array(frequencies, dtype=np.float64, copy=True)
        signs = np.ones(len(k)) if branch is None else 1.0 - 2.0 * np.asarray(branch)
        if self.order == 0:
            along = np.zeros(len(k), dtype=np.int64) if axes is None else np.asarray(axes)
            rows = np.arange(len(k))
            k[rows, along] = 0.0
            quadratic = self.diffusion[along, along]
            linear = 2j * (k @ self.diffusion)[rows, along] - self.velocity[along]
            constant = -(1j * (k @ self.velocity) + self.rates(k))
            root = np.sqrt(linear**2 - 4.0 * quadratic * constant + 0j)
            return (-linear + signs * root) / (2.0 * quadratic)
        k[:, self.time_axis] = 0.0
        constant = 1j * (k @ self.velocity) + self.rates(k)
        if self.order == 1:
            return -constant
        root = np.sqrt(self.damping**2 - 4.0 * constant + 0j)
        return (-self.damping + signs * root) / 2.0


def _dirichlet_on(term, axis: int, value: float) -> bool:
    """Whether ``term`` is a condition of order 0 on the face ``x_axis = value``."""
    cloud = term.cloud
    if term.kind != "condition" or cloud is None or term.order != 0:
        return False
    return any(k == axis and float(v) == value for k, v in cloud.fixed)


@dataclasses.dataclass(frozen=True)
class Cloud:
    """How a term's points are drawn, so that the numeric side can draw more of them.

    Attributes
    ----------
    spec : Grid, Random or Sobol
        The cloud in force (declared, overridden or the default).
    fixed : tuple of (axis index, value)
        The face the cloud lies on (empty on the interior).
    declared : bool
        The problem file or the settings chose this cloud; the automatic strategy then treats
        its size as a minimum. False for the default cloud.
    salt : str
        Mixed into the seed, so that terms get different random clouds.
    region : InteriorRegion, BoundaryRegion, InflowRegion or None
        Where the cloud lies when neither the box nor one of its faces says it: a shape's
        interior or (part of) its boundary (:mod:`pinnls.symbolic.shapes`), or the part of
        the spatial boundary where the flow enters (``problem.inflow(...)``, on a box or a
        shape, :mod:`pinnls.transport`). Used here through its members only: ``on_boundary``
        (bool), ``lengths(lower, upper, fixed)``, ``sample(box, spec, fixed, seed, salt)``,
        ``covers(boundary_sample)`` and, for a region found by drawing (inflow),
        ``sized(lower, upper, spec, minimum, seed, salt)``. None: the box, or the face
        ``fixed``.
    """

    spec: PointSpec
    fixed: tuple[tuple[int, float], ...] = ()
    declared: bool = False
    salt: str = ""
    region: Any = dataclasses.field(default=None, compare=False)

    def lengths(self, lower: np.ndarray, upper: np.ndarray) -> list[float]:
        """The lengths of the free axes, a list of k floats (a shape's boundary: its length;
        an inflow region's pieces vary over d - 1 axes of unit proxy length)."""
        if self.region is not None:
            return self.region.lengths(lower, upper, dict(self.fixed))
        return free_lengths(lower, upper, dict(self.fixed))

    @property
    def on_boundary(self) -> bool:
        """Whether the cloud lies on the boundary (a face, a shape's boundary, the inflow)."""
        return bool(self.fixed) or bool(getattr(self.region, "on_boundary", False))

    @property
    def interior(self) -> bool:
        """Whether the cloud fills the domain (the box, or a shape's interior)."""
        return not self.on_boundary

    @property
    def grown_by_drawing(self) -> bool:
        """Whether the cloud's size is found only by drawing it (the inflow part of a
        boundary): it is then grown to a minimum by :meth:`draw`, not by its lengths."""
        return hasattr(self.region, "sized")

    def draw(
        self,
        lower: np.ndarray,
        upper: np.ndarray,
        spec: PointSpec,
        seed: int,
        salt: str,
        minimum: int = 0,
    ) -> tuple[PointSpec, np.ndarray]:
        """Points of this cloud's place drawn with ``spec`` on the box ``[lower, upper]``.

        Parameters
        ----------
        lower, upper : (d,) ndarray
            The box (the bounding box of a shape, or a time slab of it).
        spec : Grid, Random or Sobol
        seed : int
        salt : str
        minimum : int
            For a region found by drawing (inflow), grow ``spec`` until it gives at least
            this many points.

        Returns
        -------
        spec : Grid, Random or Sobol
            The cloud drawn (``spec`` itself, except for a grown inflow cloud).
        points : (n, d) float64 ndarray
        """
        if self.grown_by_drawing:
            spec, drawn = self.region.sized(lower, upper, spec, minimum, seed, salt)
            return spec, drawn.points
        box = Bounds(np.asarray(lower), np.asarray(upper))
        return spec, sample(box, spec, dict(self.fixed), seed=seed, salt=salt, region=self.region)


def _on_face(term: CompiledTerm, axis: int, value: float, span: np.ndarray) -> bool:
    """Whether a condition lies on the face ``x_axis = value``: its cloud's fixed axis there
    (an initial condition whose grid also reaches the upper end of x is on t = 0, not on that
    end), or, for a region's cloud (an inflow's pieces), some of its points."""
    fixed = dict(term.cloud.fixed) if term.cloud is not None else {}
    if fixed:
        return axis in fixed and abs(fixed[axis] - value) <= 1e-12 * span[axis]
    return bool((np.abs(term.points[:, axis] - value) <= 1e-12 * span[axis]).any())


#: A shape's cloud that kept fewer points than its minimum is drawn again, at most this many
#: times, with its bounding box's cloud grown by the fraction lost times REGION_MARGIN.
REGION_GROWTH_TRIES = 4
REGION_MARGIN = 1.05
#: ...but by at most this factor per draw (a short part of a boundary that the first grid missed
#: kept no point: grown by its whole minimum, a 0.011-long part asked 5,058 points for 65).
REGION_STEP = 4.0
#: How close to a carried jump plane a float32 point counts as on it, relative to the box's
#: diagonal (:meth:`CompiledProblem.off_jumps`): beyond the float32 step's band and shift
#: (``initialization.JUMP_STEEPNESS_FLOAT32``: +-1 outside 2e-7 of the box, shifted 4e-7).
FLOAT32_REACH = 1e-6
#: How far below and above an interface its one-sided rows are evaluated, as a fraction of the
#: box along the plane's normal (:meth:`CompiledProblem.sided`, which also keeps it at least 16
#: ulps of the plane's position): far enough that the point rounds to its own side of the cut,
#: near enough that the extrapolation back to the plane is exact to rounding.
INTERFACE_REACH = 1e-12
INTERFACE_REACH_FLOAT32 = 4e-6


@dataclasses.dataclass(frozen=True)
class Shifted:
    """``factor`` times ``function`` read ``shift`` along ``axis`` from the points it is given
    (picklable)."""

    function: NumericFunction
    axis: int
    shift: float
    factor: float = 1.0

    def __call__(self, points: np.ndarray) -> np.ndarray:
        moved = np.array(points, dtype=np.float64, copy=True)
        moved[:, self.axis] += self.shift
        return self.factor * np.broadcast_to(self.function(moved), (len(points),))


@dataclasses.dataclass(frozen=True)
class CompiledTerm:
    """One term ``eps * mean_i |sum_parts coefficient * D^alpha u - source|^2``, ready to solve.

    Attributes
    ----------
    name : str
    kind : {"equation", "condition", "data"}
        A data term's points are fixed observations: never refined, resampled or split.
    parts : tuple of OperatorPart
    points : (n, d) float64 ndarray
    source : (n,) float64 ndarray
        The right-hand side ``L[u]`` at the points.
    weight : float
        eps of the term.
    location : str
        ``interior`` or the face, e.g. ``t=0`` or ``x=0 | x=1``.
    operator : str
        The operator in readable form.
    source_function : callable or None
        ``(n, d) ndarray -> (n,) ndarray``: the right-hand side anywhere on the term's region.
    weight_of : callable or None
        ``int -> float``: eps as a function of the width W (NaN where it is not real).
    cloud : Cloud or None
        How ``points`` were drawn.
    noise : float or None
        A data term's stated standard deviation of its values.
    auto_weight : bool
        The weight is chosen by the solve (``weight="auto"``); ``weight`` is the scan's unit
        until then.
    jumps : tuple of ((d,) tuple of float, float)
        A condition's candidate planes ``w . x + w0 = 0`` where its right-hand side may jump
        (the compiler's reading of its Piecewise and Heaviside functions); see
        :meth:`CompiledProblem.carried_jumps`.
    exponentials : tuple of three ndarrays, or None
        An equation's right-hand side as ``sum_j exp(a_j . x) sum_r C_jr x^p_r``: ``a_j``
        (m, d) complex, ``p_r`` (k, d) int, ``C_jr`` (m, k) complex, where the compiler could
        write it so (:mod:`pinnls.symbolic.exponentials`); None otherwise.
    particular_part : callable or None
        ``L_k[u_p]`` at points, where the right-hand side has lost it
        (:meth:`CompiledProblem.with_particular`): the term's own data are ``source`` plus
        this, and the validation estimate measures residuals against their size.
    source_program : list or None
        An equation's right-hand side as an expression program
        (:func:`pinnls.program.to_program`) where it can be written so, for a
        particular solution along the flow (:class:`pinnls.particular.Transported`,
        :class:`pinnls.particular.Carried`); None otherwise.
    gaussians : tuple of three ndarrays, or None
        A condition's data on a face as Gaussians, ``sum_j exp(-x^T Q_j x + p_j . x + l_j)``
        with the face's fixed axes put in: ``Q_j`` (m, d, d), ``p_j`` (m, d) complex, ``l_j``
        (m,) complex (:func:`pinnls.symbolic.exponentials.gaussian_sum`), for initial data
        carried in free space (:class:`pinnls.particular.Spreading`); None otherwise.
    """

    name: str
    kind: str
    parts: tuple[OperatorPart, ...]
    points: np.ndarray
    source: np.ndarray
    weight: float
    location: str
    operator: str
    source_function: NumericFunction | None = None
    weight_of: Callable[[int], float] | None = None
    cloud: Cloud | None = None
    noise: float | None = None
    auto_weight: bool = False
    jumps: tuple[tuple[tuple[float, ...], float], ...] = ()
    exponentials: tuple[np.ndarray, np.ndarray, np.ndarray] | None = dataclasses.field(
        default=None, repr=False, compare=False
    )
    particular_part: NumericFunction | None = dataclasses.field(
        default=None, repr=False, compare=False
    )
    source_program: list | None = dataclasses.field(default=None, repr=False, compare=False)
    gaussians: tuple[np.ndarray, np.ndarray, np.ndarray] | None = dataclasses.field(
        default=None, repr=False, compare=False
    )

    @property
    def size(self) -> int:
        """Number of points n."""
        return int(self.points.shape[0])

    def coefficients(self) -> list[np.ndarray]:
        """Each part's coefficient at the points, a list of (n,) arrays."""
        return [part.coefficient(self.points) for part in self.parts]

    def derivatives(self) -> set[tuple[int, ...]]:
        """The multi-indices that this term needs."""
        return {part.derivative for part in self.parts}

    @property
    def order(self) -> int:
        """The highest derivative order in the operator."""
        return max((sum(part.derivative) for part in self.parts), default=0)

    def at(self, points: np.ndarray, spec: PointSpec | None = None) -> CompiledTerm:
        """The same term on other points, shape (n, d), with its right-hand side evaluated there.

        Raises
        ------
        ValueError
            The term was built without a ``source_function``.
        """
        if self.source_function is None:
            raise ValueError(f"term '{self.name}' cannot be moved: it has no source function")
        points = np.ascontiguousarray(points, dtype=np.float64)
        cloud = (
            self.cloud
            if spec is None or self.cloud is None
            else (dataclasses.replace(self.cloud, spec=spec))
        )
        return dataclasses.replace(
            self, points=points, source=np.asarray(self.source_function(points)), cloud=cloud
        )


@dataclasses.dataclass(frozen=True)
class CompiledProblem:
    """All terms of a problem with their clouds, plus the domain and the exact solution.

    Attributes
    ----------
    name : str
    axes : tuple of str
    lower, upper : (d,) float64 ndarray
        The bounding box; the basis normalizes inputs from it to [0, 1]^d.
    terms : tuple of CompiledTerm
    exact : callable or None
        ``(n, d) ndarray -> (n,) ndarray``, the exact solution when one is known; for a system
        ``(n, d) -> (n, m)``, the unknowns side by side in the order of ``unknowns``.
    exact_text : str or None
    exact_check : dict of str to str
        How the exact solution was verified against each term (``"symbolic"`` or
        ``"numeric"``), by term name; empty without an exact solution.
    time_axis : int or None
        Index of the time axis (``Problem(time=...)``, or the axis named ``t``), or None.
    settings : Settings or None
        The settings it was compiled with (their clouds and weights are in the terms);
        :func:`pinnls.solve` uses them when it is given no others.
    unknowns : tuple of str
        The unknowns' function names, in declaration order (``("u",)`` for one unknown). The
        basis is shared; the coefficients are one block of ``size`` per unknown, in this order.
    region : InteriorRegion or None
        The shape's interior (``region.contains(points)``, (n, d) -> (n,) bool) when the
        domain is not a box; ``lower``/``upper`` are then its bounding box. None for a box.
    boundary : boundary sampler or None
        The spatial boundary as the well-posedness check samples it (:mod:`pinnls.boundary`;
        a shape's :class:`~pinnls.symbolic.shapes.ShapeBoundary`). None: the box's faces.
    unknown_fixed : tuple of tuples of (axis index, value)
        Per unknown, the axes it does not take and where it reads the basis on them (``f(x)``
        of a problem on (x, t) is ``Phi(x, 0.5) c_f``); empty when every unknown takes every
        axis.
    reference : tuple or None
        ``(points (n, d), values (n,) or (n, m), file)``: a reference solution from a file
        (``problem.reference``), for errors where no exact solution is known.
    particular : Particular or None
        Set by :meth:`with_particular`: the solution is ``u_p`` plus the network, and every
        term's right-hand side has lost ``L_k[u_p]``.
    origin : CompiledProblem or None
        A later time slab's whole problem (:func:`pinnls.time_slabs.slab_problem`), whose
        initial-face terms it carries as the previous slab's values: the heat kernel's rows
        are read there, with the interval's own start and its initial data
        (:func:`pinnls.singular.singular_spec`); None elsewhere.
    time_inferred : bool
        Whether ``time_axis`` is a space axis that the equation makes time
        (:meth:`evolution_axis`), not one the problem declared or named ``t``.
    """

    name: str
    axes: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    terms: tuple[CompiledTerm, ...]
    exact: NumericFunction | None = None
    exact_text: str | None = None
    exact_check: dict[str, str] = dataclasses.field(default_factory=dict)
    time_axis: int | None = None
    settings: Any = dataclasses.field(default=None, repr=False, compare=False)
    unknowns: tuple[str, ...] = ("u",)
    region: Any = dataclasses.field(default=None, compare=False)
    boundary: Any = dataclasses.field(default=None, compare=False)
    unknown_fixed: tuple[tuple[tuple[int, float], ...], ...] = ()
    reference: tuple | None = dataclasses.field(default=None, repr=False, compare=False)
    interfaces: tuple[tuple[int, float], ...] = ()
    particular: Particular | None = dataclasses.field(default=None, repr=False, compare=False)
    origin: Any = dataclasses.field(default=None, repr=False, compare=False)
    time_inferred: bool = False

    @property
    def dim(self) -> int:
        return len(self.axes)

    def contains(self, points: np.ndarray) -> np.ndarray:
        """Whether each point (n, d) lies in the domain, (n,) bool (the shape's inside, or
        the box, bounds included)."""
        points = np.asarray(points, dtype=np.float64)
        if self.region is not None:
            return self.region.contains(points)
        span = self.upper - self.lower
        return np.all(
            (points >= self.lower - 1e-12 * span) & (points <= self.upper + 1e-12 * span), axis=1
        )

    @property
    def unknown_count(self) -> int:
        """The number of unknowns m (1 outside systems)."""
        return len(self.unknowns)

    @property
    def is_system(self) -> bool:
        """Whether there are several unknowns (then values are (n, m) arrays)."""
        return len(self.unknowns) > 1

    def unknown_points(self, index: int, points: np.ndarray) -> np.ndarray:
        """The points at which unknown ``index`` reads the basis, shape (n, d): ``points``
        with the axes it does not take set to where it reads them (``unknown_fixed``)."""
        return held(points, self.unknown_fixed[index] if self.unknown_fixed else ())

    def flow(self) -> NumericFunction | None:
        """The direction field of the equation's first-order part, where one exists.

        For one unknown and one equation ``sum_j a_j(x) du/dx_j + (other parts) = f`` on two or
        more axes, the field ``x -> (a_1(x), ..., a_d(x))`` (the time axis included: for
        ``u_t + c u_x`` it is ``(c, 1)`` over (x, t)). Where the other parts vanish and ``a`` is
        constant, a function of the coordinates across ``a`` alone satisfies the equation with
        ``f = 0``: the characteristics.

        Returns
        -------
        callable or None
            ``(n, d) ndarray -> (n, d) ndarray``; None for a system, several equation terms,
            one axis, or an equation without first derivatives (Poisson).
        """
        return self._part_field(1)

    def cone(self) -> NumericFunction | None:
        """The matrix field of the equation's second-order part, where one exists.

        For ``sum_ij A_ij(x) d2u/dx_i dx_j + (other parts) = f``, the symmetric field
        ``x -> A(x)`` (a mixed derivative's coefficient split evenly between ``A_ij`` and
        ``A_ji``; for ``u_tt - c^2 u_xx`` over (x, t) it is ``diag(-c^2, 1)``). Where ``A`` is
        indefinite (a wave operator), ``tanh(W . x + b)`` with ``W . A W = 0`` (a plane wave,
        ``W`` on the null cone) satisfies the principal part exactly where ``A`` is constant.

        Returns
        -------
        callable or None
            ``(n, d) ndarray -> (n, d, d) ndarray``; None as for :meth:`flow`, or without
            second derivatives.
        """
        return self._part_field(2)

    def _first_order_system(self) -> list | None:
        """The first-order parts of a system of m equations in m unknowns (m >= 2), as
        ``(row, unknown, axis, coefficient)``; None unless every derivative is of first
        order and at its own point, on two or more axes, and some part has one."""
        equations = [term for term in self.terms if term.kind == "equation"]
        if not self.is_system or len(equations) != self.unknown_count or self.dim < 2:
            return None
        first = []
        for row, term in enumerate(equations):
            for part in term.parts:
                order = sum(part.derivative)
                if order > 1 or (order == 1 and part.fixed):
                    return None
                if order == 1:
                    first.append((row, part.unknown, part.derivative.index(1), part.coefficient))
        return first or None

    def _system_matrices(self, first: list, points: np.ndarray) -> np.ndarray:
        """The matrices ``A_k`` of :meth:`system_waves` at ``points``, (n, d, m, m)."""
        points = np.asarray(points, dtype=np.float64)
        n, m = points.shape[0], self.unknown_count
        a = np.zeros((n, self.dim, m, m))
        for row, unknown, axis, coefficient in first:
            a[:, axis, row, unknown] += np.broadcast_to(coefficient(points), (n,))
        return a

    def system_cone(self) -> NumericFunction | None:
        """The characteristic cone of a first-order system of two equations in two unknowns.

        For ``sum_k A_k(x) du/dx_k + (order 0) = f`` with ``u = (u_1, u_2)`` and 2 x 2
        matrices ``A_k`` (the time axis among the k), a plane wave ``u = r sigma(W . x + b)``
        solves the principal part where ``(sum_k W_k A_k) r = 0``: where
        ``det(sum_k W_k A_k) = 0``. For two unknowns that determinant is a quadratic form
        ``W . M W`` with ``M_kl = sym(A_k[0,0] A_l[1,1] - A_k[0,1] A_l[1,0])``, so the plane
        waves of the system are those on the null cone of ``M``, as for a wave operator
        (:meth:`cone`); the basis is shared by the unknowns and the least-squares solve finds
        each ``r``. For 1-D acoustics ``p_t + K v_x = 0``, ``rho v_t + p_x = 0`` over (x, t),
        ``M = diag(-K, rho)``: ``W_t = +-c W_x``, the two families of characteristics.

        Returns
        -------
        callable or None
            ``(n, d) ndarray -> (n, d, d) ndarray``; None unless the problem has two unknowns
            and two equations, every derivative of first order and at its own point, and two
            or more axes.
        """
        first = self._first_order_system()
        if first is None or self.unknown_count != 2:
            return None

        def field(points: np.ndarray) -> np.ndarray:
            a = self._system_matrices(first, points)
            diagonal = a[:, :, None, 0, 0] * a[:, None, :, 1, 1]
            across = a[:, :, None, 0, 1] * a[:, None, :, 1, 0]
            m = diagonal - across
            return (m + m.transpose(0, 2, 1)) / 2

        return field

    def system_waves(self) -> NumericFunction | None:
        """The matrices of a first-order system of three or more equations in as many unknowns.

        For ``sum_k A_k(x) du/dx_k + (order 0) = f`` (m x m matrices ``A_k``), a plane wave
        ``u = r sigma(W . x + b)`` solves the principal part where
        ``det(sum_k W_k A_k) = 0``, a polynomial of degree m in W. Where some ``A_a`` is
        invertible (the time axis of a time-dependent system: ``A_t = I``) and the system is
        hyperbolic, for every other part ``W'`` of a row the roots ``W_a`` are real: minus the
        eigenvalues of ``A_a^-1 sum_{k != a} W'_k A_k``, the speeds of the plane waves across
        ``W'`` (:func:`pinnls.numeric.initialization.box_layer` draws them). For 2-D acoustics
        ``p_t + K (v_x + w_y) = 0``, ``rho v_t + p_x = 0``, ``rho w_t + p_y = 0`` they are
        ``0`` and ``+-c |W'|``. A system of two takes :meth:`system_cone`.

        Returns
        -------
        callable or None
            ``(n, d) ndarray -> (n, d, m, m) ndarray``, the ``A_k`` at each point; None
            unless the problem has m >= 3 unknowns and m equations, every derivative of first
            order and at its own point, and two or more axes.
        """
        first = self._first_order_system()
        if first is None or self.unknown_count < 3:
            return None
        return lambda points: self._system_matrices(first, points)

    def characteristics(self) -> tuple[str, NumericFunction] | None:
        """What aligned features (the ``aligned`` setting) are drawn along.

        Returns
        -------
        ("cone", field) or ("waves", field) or ("flow", field) or ("drift", field) or None
            The cone (:meth:`cone`) where the second-order part is indefinite at the box's
            centre (a wave operator: its plane waves solve it), or for a first-order system
            of two unknowns the cone of :meth:`system_cone` where it is indefinite there (a
            hyperbolic system: plane waves along each family of characteristics); for one of
            three or more, the matrices of :meth:`system_waves` where the system is hyperbolic
            (:func:`_hyperbolic`); else the
            flow (:meth:`flow`) of a first-order equation (transport); else, beside a
            semidefinite second-order part, the flow as a drift when it moves along two axes
            or more at 64 seeded random points of the box (advection-diffusion:
            ``u_t + a . grad u = nu lap u``), along which aligned features are drawn gentle
            rather than constant
            (:data:`pinnls.numeric.initialization.DRIFT_ALONG`); else None. A flow along one
            axis beside a second-order part (heat: ``u_t`` alone) is not offered: a feature
            constant along it leaves the second-order part whole (measured: estimates 7e2-1e3
            at width 512), and a gentle one is the per-axis factor that the strategy probes
            anyway.
        """
        if self.is_system and self.unknown_count > 2:
            waves = self.system_waves()
            return None if waves is None or not _hyperbolic(waves, self) else ("waves", waves)
        cone = self.cone() if not self.is_system else self.system_cone()
        if cone is not None:
            centre = (self.lower + self.upper)[None, :] / 2
            values = np.linalg.eigvalsh(cone(centre)[0])
            size = float(np.abs(values).max())
            if size > 0 and values.min() < -1e-12 * size and values.max() > 1e-12 * size:
                return "cone", cone
        flow = self.flow()
        equations = [term for term in self.terms if term.kind == "equation"]
        if flow is None:
            return None
        if equations[0].order <= 1:
            return "flow", flow
        # Seeded random points, as constant_characteristic reads them: a rotation's
        # flow moves along time alone at its centre.
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, self.dim))
        size = np.abs(np.asarray(flow(points), dtype=np.float64)).max(axis=0)
        if int((size > 1e-12 * size.max()).sum()) >= 2:
            return "drift", flow
        return None

    def constant_characteristic(self) -> np.ndarray | None:
        """The value of :meth:`characteristics`' field where it is the same at 64 seeded
        random points of the box (to 1e-12 of its largest entry; a grid could sit on the zeros
        of a periodic coefficient): a constant flow's velocity (d,), a constant cone's form;
        None where there are no characteristics or they vary."""
        found = self.characteristics()
        if found is None:
            return None
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, self.dim))
        values = np.asarray(found[1](points), dtype=np.float64)
        flat = values.reshape(len(points), -1)
        if float(np.ptp(flat, axis=0).max()) > 1e-12 * float(np.abs(flat).max()):
            return None
        return values[0]

    def carried_jumps(
        self, face_axis: int | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The planes across which a transport equation's data jump, carried along its flow.

        For ``u_t + a . grad u + c u = f`` with a constant ``a`` (:meth:`characteristics` kind
        ``flow``), a jump of a condition's data across a plane ``w . x + w0 = 0`` of its face
        (a square pulse in the initial data, a switch in an inflow) travels along the flow: it
        lies on the plane of space-time that contains the face's jump and the direction ``a``.
        A feature constant along ``a`` that jumps across that plane solves the equation on
        either side, so a basis that holds one fits the data's jump exactly, where smooth
        features smear it (measured: a square pulse 0.20 rel L2 with the defaults before,
        1.5e-14 after; docs/benchmarks.md section 30).

        The candidates are the condition's affine Piecewise relations and Heaviside arguments
        (:attr:`CompiledTerm.jumps`); one is kept on a box face where the term's points lie on
        both sides of it and its right-hand side differs across it (by more than 1e-6 of its
        largest value, 1e-4 of the box either side of up to 16 points moved onto it, and by
        less than 1.5 times that 2e-4 either side: a steep continuous profile differs twice as
        much), and where the flow crosses that face. A time slab's interface takes the whole
        problem's planes as its candidates (:func:`pinnls.time_slabs.slab_problem`).

        Parameters
        ----------
        face_axis : int, optional
            For features on the feet (of a variable flow, or of a reaction's envelope), whose
            axis ``face_axis`` the features do not read: planes of the feet, with no entry on
            that axis. For a constant flow the carried planes, read on the feet; for a
            variable one only the jumps on the face ``x_face_axis = lower`` where the feet
            lie. None: every face's jumps, carried along a constant flow.

        Returns
        -------
        (normals (k, d), offsets (k,), sides (k,)) float64 ndarrays, or None
            Unit normals ``W`` and offsets ``b`` of the planes ``W . x + b = 0`` (that cut the
            box, when carried), and for each the side (+1 or -1, the sign of ``W . x + b``)
            whose value the data take on the plane itself. None without such a flow or jump.
        """
        found = self.characteristics()
        if found is None or found[0] != "flow":
            return None
        velocity = self.constant_characteristic()
        if velocity is None or not velocity.any():
            if face_axis is None:
                return None
            return self._stacked(self._face_jumps(face_axis, self.lower[face_axis]))
        if face_axis is not None:
            # a constant flow on the feet (a reaction's envelope): N . x + b = N' . foot + b'
            # with N' = N but for its entry on the feet's axis, b' = b + N_axis t0, since N is
            # orthogonal to the flow; so every face's jumps are read on the feet
            carried = self.carried_jumps()
            if carried is None:
                return None
            normals, offsets, sides = (np.array(v, copy=True) for v in carried)
            offsets = offsets + normals[:, face_axis] * self.lower[face_axis]
            normals[:, face_axis] = 0.0
            return normals, offsets, sides
        corners = np.array(np.meshgrid(*zip(self.lower, self.upper))).reshape(self.dim, -1).T
        planes = self._edge_jumps(velocity)
        for axis in range(self.dim):
            if velocity[axis] == 0:
                continue  # a face along the flow: no characteristic enters through it
            for value in (self.lower[axis], self.upper[axis]):
                for w, w0, side in self._face_jumps(axis, value):
                    along = float(w @ velocity) / velocity[axis]
                    normal = w.copy()
                    normal[axis] -= along
                    offset = w0 + value * along
                    length = float(np.linalg.norm(normal))
                    normal, offset = normal / length, offset / length
                    level = corners @ normal + offset
                    if level.min() < 0 < level.max():
                        planes.append((normal, offset, side))
        return self._stacked(planes)

    def step_planes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The planes that a tanh basis with aligned features draws steps across: the carried
        jumps of a constant flow, else, for a variable flow on its feet, the jumps of the face
        where the feet lie (:meth:`carried_jumps`); None where there are none."""
        carried = self.carried_jumps()
        if carried is not None:
            return carried
        feet = self.foot_flow()
        return None if feet is None else self.carried_jumps(feet[0])

    def sided(self, reach: float = INTERFACE_REACH, eps: float = 2.0**-52) -> CompiledProblem:
        """This problem with each interface row's one-sided parts (``OperatorPart.side``)
        evaluated a distance ``delta`` below or above their plane, where the split basis
        (:meth:`~pinnls.numeric.basis.Basis.set_cells`) reads the cell on that side, and
        extrapolated back to the plane: ``f(c-) = f(c - delta) + delta f'(c - delta)`` (a
        companion part one derivative higher along the normal), so that the row's error is
        ``O(delta^2)``. Their coefficients are read at the same points (:class:`Shifted`).
        ``delta`` is ``reach`` of the box along the normal, but at least 16 ``eps`` of
        ``|c|`` (the dtype's spacing there: a box far from 0 would round a smaller shift onto
        the plane). ``reach``: :data:`INTERFACE_REACH` for float64,
        :data:`INTERFACE_REACH_FLOAT32` for float32, with ``eps`` the dtype's.

        Collocation points of the other terms that lie on a plane move ``delta`` above it
        (their right-hand sides evaluated there): the basis reads them in the cell above, and
        so does every coefficient then, whichever side the file's relation gives the plane
        itself. The problem itself when it has no interfaces."""
        if not self.interfaces:
            return self

        def distance(axis: int, value: float) -> float:
            span = float(self.upper[axis] - self.lower[axis])
            return max(reach * span, 16.0 * eps * abs(value))

        terms = []
        for term in self.terms:
            if any(part.side for part in term.parts):
                parts = []
                for part in term.parts:
                    if not part.side:
                        parts.append(part)
                        continue
                    (axis, value), *rest = part.fixed
                    shift = math.copysign(distance(axis, value), part.side)
                    fixed = ((axis, value + shift), *rest)
                    parts.append(
                        dataclasses.replace(
                            part,
                            fixed=fixed,
                            coefficient=Shifted(part.coefficient, axis, shift),
                            side=0.0,
                        )
                    )
                    higher = list(part.derivative)
                    higher[axis] += 1
                    # back to the plane: f(c) = f(c + shift) - shift f'(c + shift) + O(shift^2)
                    parts.append(
                        dataclasses.replace(
                            part,
                            derivative=tuple(higher),
                            fixed=fixed,
                            coefficient=Shifted(part.coefficient, axis, shift, -shift),
                            text=f"{part.text} (slope)",
                            side=0.0,
                        )
                    )
                terms.append(dataclasses.replace(term, parts=tuple(parts)))
                continue
            if term.kind == "data" or term.source_function is None or term.size == 0:
                terms.append(term)
                continue
            points = None
            for axis, value in self.interfaces:
                on = np.abs(term.points[:, axis] - value) <= 0.5 * distance(axis, value)
                if on.any():
                    points = np.array(term.points if points is None else points, copy=True)
                    points[on, axis] = value + distance(axis, value)
            terms.append(term if points is None else term.at(points))
        return dataclasses.replace(self, terms=tuple(terms))

    def off_jumps(self, reach: float = 1e-9) -> CompiledProblem:
        """This problem with every collocation point that lies on a carried jump plane
        (:meth:`carried_jumps`, within ``reach`` of the box's diagonal: 1e-9 for float64,
        :data:`FLOAT32_REACH` for float32) moved twice that far to
        the side whose value the data take on the plane, and its right-hand side evaluated
        there. On the plane itself the data are a matter of rounding (a grid point of the
        inflow face on ``(x - t) + (y - t) = 0.6`` evaluates either side of 0.6), and rows that
        ask a step for the other side's value cannot be met (measured on a 2-D step, while the
        side was read an ulp off the plane: 5.5e-2 rel L2 with them; docs/benchmarks.md
        section 30). The problem itself when nothing moves; data terms (fixed observations)
        never move."""
        jumps = self.carried_jumps()
        if jumps is None:
            return self
        normals, offsets, sides = jumps
        reach = reach * float(np.linalg.norm(self.upper - self.lower))
        terms = []
        for term in self.terms:
            if term.kind == "data" or term.source_function is None or term.size == 0:
                terms.append(term)
                continue
            on = np.abs(term.points @ normals.T + offsets) <= reach
            rows = on.any(axis=1)
            if not rows.any():
                terms.append(term)
                continue
            points = np.array(term.points, dtype=np.float64, copy=True)
            points[rows] += 2 * reach * (on[rows] * sides) @ normals
            source = np.array(term.source, dtype=np.float64, copy=True)
            source[rows] = np.broadcast_to(term.source_function(points[rows]), (int(rows.sum()),))
            terms.append(dataclasses.replace(term, points=points, source=source))
        return dataclasses.replace(self, terms=tuple(terms))

    @staticmethod
    def _stacked(planes) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """``(normal, offset, side)`` triples as three arrays, the repeats dropped."""
        kept: list = []
        for normal, offset, side in planes:
            # one orientation per plane (its first nonzero entry positive): sympy may write the
            # same relation either way round
            if normal[np.flatnonzero(np.abs(normal) > 1e-12)[0]] < 0:
                normal, offset, side = -normal, -offset, -side
            if not any(
                np.abs(n - normal).max() <= 1e-9 and abs(o - offset) <= 1e-9 for n, o, _ in kept
            ):
                kept.append((normal, offset, side))
        if not kept:
            return None
        return tuple(np.array([plane[i] for plane in kept]) for i in range(3))

    @staticmethod
    def _value_of(term: CompiledTerm) -> float | None:
        """For a condition that gives the unknown's value, ``c u = g`` with a constant ``c``
        (an initial or an inflow condition), that ``c``; None for any other (a flux, a
        periodic ``u(0, t) - u(1, t) = 0``), whose right-hand side is not a value of u."""
        if term.kind != "condition" or len(term.parts) != 1 or term.size == 0:
            return None
        (part,) = term.parts
        if any(part.derivative):
            return None
        coefficient = np.broadcast_to(part.coefficient(term.points), (term.size,))
        first = float(coefficient[0])
        if first == 0 or not np.all(coefficient == first):
            return None
        return first

    def _edge_jumps(self, velocity: np.ndarray) -> list[tuple[np.ndarray, float, float]]:
        """Jumps where two faces through which a constant flow enters meet: the data of the one
        and of the other differ along their common edge (initial data 0, an inflow of 1), so
        the solution jumps on the plane through the edge along the flow, between what each
        face feeds. On the plane the solution takes the first face's value (axes in order, the
        time axis first)."""
        order = list(range(self.dim))
        if self.time_axis is not None:
            order.remove(self.time_axis)
            order.insert(0, self.time_axis)
        entering = [
            (axis, float(self.lower[axis] if velocity[axis] > 0 else self.upper[axis]))
            for axis in order
            if velocity[axis] != 0
        ]
        span = self.upper - self.lower
        # the conditions' largest right-hand side: two faces' data agree to 1e-2 of it
        scale = max(
            (float(np.abs(t.source).max()) for t in self.terms if t.kind == "condition" and t.size),
            default=0.0,
        )
        rng = np.random.default_rng(0)
        planes = []
        for first, (i, fi) in enumerate(entering):
            for j, fj in entering[first + 1 :]:
                edge = rng.uniform(self.lower, self.upper, (16, self.dim))
                edge[:, i], edge[:, j] = fi, fj
                values = []
                for axis, value in ((i, fi), (j, fj)):
                    terms = [
                        t
                        for t in self.terms
                        if t.kind == "condition" and t.size and _on_face(t, axis, value, span)
                    ]
                    if len(terms) != 1 or terms[0].source_function is None:
                        break  # no data there, or several conditions: not read
                    coefficient = self._value_of(terms[0])
                    if coefficient is None:
                        break  # not the value of u there (a periodic or a flux condition)
                    data = np.broadcast_to(terms[0].source_function(edge), (16,))
                    values.append(data / coefficient)
                # a time slab's interface carries the previous slab's values, which meet the
                # inflow's data at the corner only to that slab's error (measured: a steep
                # front's slabs took a corner step at 1e-6 of the data, and 5.16e-5 for 5.08e-5)
                if len(values) != 2 or float(np.abs(values[0] - values[1]).max()) <= 1e-2 * scale:
                    continue
                normal = np.zeros(self.dim)
                normal[i], normal[j] = velocity[j], -velocity[i]
                offset = -(normal[i] * fi + normal[j] * fj)
                # the side that face i feeds: a point of face i away from the edge
                inner = (self.lower + self.upper) / 2
                inner[i] = fi
                side = float(np.sign(normal @ inner + offset))
                length = float(np.linalg.norm(normal))
                planes.append((normal / length, offset / length, side))
        return planes

    def _face_jumps(self, axis: int, value: float) -> list[tuple[np.ndarray, float, float]]:
        """The jumps of the conditions' data on the face ``x_axis = value``: unit normals
        ``w`` (``w[axis] = 0``), offsets and sides, as :meth:`carried_jumps` returns them."""
        span = self.upper - self.lower
        planes = []
        for term in self.terms:
            if not term.jumps or term.source_function is None or self._value_of(term) is None:
                continue
            on = np.abs(term.points[:, axis] - value) <= 1e-12 * span[axis]
            if not on.any():
                continue
            face = term.points[on]
            scale = max(float(np.abs(term.source).max()), 1e-300)
            for coefficients, constant in term.jumps:
                w = np.asarray(coefficients, dtype=np.float64).copy()
                constant = constant + w[axis] * value
                w[axis] = 0.0
                norm = float(np.linalg.norm(w))
                if norm == 0:
                    continue
                level = face @ w + constant
                if not level.min() < 0 < level.max():
                    continue
                # the relation as written (x - 0.2, not its unit form) puts points on it exactly
                side = self._jump_side(term, face, w, constant, scale)
                if side is not None:
                    planes.append((w / norm, constant / norm, side))
        return planes

    def _jump_side(self, term, face, w, constant, scale) -> float | None:
        """Whether ``term``'s right-hand side jumps across the face's plane ``w . x +
        constant = 0`` (``w`` in the face, as written, not a unit vector) at up to 16 of its
        ``face`` points moved onto it: None where it does not, else the side (+1: where
        ``w . x + constant > 0``) whose value it takes on the plane."""
        sample = face[:: max(1, len(face) // 16)][:16]
        # onto the plane along its largest entry, solved for it: x > 0.2 puts the points at
        # x = 0.2 exactly, where the data say which side they take (a projection along w
        # lands an ulp to one side and reads that side's value)
        k = int(np.argmax(np.abs(w)))
        onto = np.array(sample, dtype=np.float64, copy=True)
        onto[:, k] = (-constant - (onto @ w - onto[:, k] * w[k])) / w[k]
        inside = np.all((onto >= self.lower) & (onto <= self.upper), axis=1)
        if not inside.any():
            return None
        onto = onto[inside]
        # beyond the band and shift of a previous time slab's steps (6e-9 of its box, 6e-7 in
        # float32), whose values are the data of the next slab's interface
        step = 1e-4 * float((self.upper - self.lower).max())
        at = np.broadcast_to(term.source_function(onto), (len(onto),))

        unit = w / float(np.linalg.norm(w))

        def across(h: float) -> tuple[np.ndarray, np.ndarray]:
            plus = np.broadcast_to(term.source_function(onto + h * unit), (len(onto),))
            minus = np.broadcast_to(term.source_function(onto - h * unit), (len(onto),))
            return plus, minus

        plus, minus = across(step)
        near = float(np.abs(plus - minus).max())
        # a jump differs as much twice as far; a steep continuous profile (a hat of slope 10)
        # or a kink twice as much
        if not near > 1e-6 * scale or float(np.abs(np.subtract(*across(2 * step))).max()) > (
            1.5 * near
        ):
            return None
        return 1.0 if float(np.abs(at - plus).sum()) <= float(np.abs(at - minus).sum()) else -1.0

    def unequated(self) -> str | None:
        """Why an unknown has no equation, as a warning's text, or None: the problem declares
        none, an unknown appears in no equation, or a system has fewer equations than unknowns
        (data terms aside, which can determine what the equations leave open). Torch-free, so
        that ``pinnls check`` says it as the solve does
        (:func:`pinnls.training.diagnostics.warn_unequated`).

        Returns
        -------
        str or None
        """
        equations = [term for term in self.terms if term.kind == "equation"]
        data = {part.unknown for t in self.terms if t.kind == "data" for part in t.parts}
        if not equations:
            return (
                f"problem '{self.name}' has no equation: only its conditions"
                f"{' and data' if data else ''} are fitted, and between them the solution is "
                "whatever the basis makes of them (a small estimate says nothing of it); "
                "declare the PDE with problem.equation"
            )
        covered = {part.unknown for term in equations for part in term.parts}
        missing = [
            name for k, name in enumerate(self.unknowns) if k not in covered and k not in data
        ]
        if missing:
            return (
                f"problem '{self.name}': {', '.join(missing)} appears in no equation, so only "
                "its conditions fit it (a small estimate says nothing of it in between); add "
                "its equation"
            )
        if self.is_system and len(equations) < self.unknown_count and not data:
            return (
                f"problem '{self.name}' has {len(equations)} equation"
                f"{'' if len(equations) == 1 else 's'} for {self.unknown_count} unknowns "
                f"({', '.join(self.unknowns)}): a system needs one per unknown, or its "
                "solution is not determined (a small estimate says nothing of it); add the "
                "missing equation"
            )
        return None

    def free_constants(self) -> tuple[int, ...]:
        """The unknowns that every term leaves free by a constant: adding any constant to one
        of them changes no term's value, so the problem determines it only up to that constant
        (Poisson with flux conditions only; a periodic steady problem).

        An unknown is free when, in every term and at every one of the term's points, the
        coefficients of the parts that take it undifferentiated sum to zero (to 1e-12 of their
        largest): none at all (``du/dn = g``), or ones that cancel (``u(0) - u(1) = 0``).

        Returns
        -------
        tuple of int
            Their positions in :attr:`unknowns`, ascending; empty where the terms fix every
            unknown (an initial or a Dirichlet condition, a reaction term, data).
        """
        free = []
        for unknown in range(self.unknown_count):
            pinned = False
            for term in self.terms:
                values = [
                    np.broadcast_to(part.coefficient(term.points), (term.size,))
                    for part in term.parts
                    if part.unknown == unknown and not any(part.derivative)
                ]
                if not values or term.size == 0:
                    continue
                size = max(float(np.abs(v).max()) for v in values)
                if float(np.abs(sum(values)).max()) > 1e-12 * size:
                    pinned = True
                    break
            if not pinned:
                free.append(unknown)
        return tuple(free)

    def modes(self) -> Modes | None:
        """The equation as a parabolic, a wave or an elliptic equation of constant
        coefficients, where it is one.

        For one unknown and one equation
        ``m u_tt + b u_t + a . grad u + sum_ij A_ij u_ij + c u = f`` over space and time
        (the sum over space axes), whose coefficients are the same at 64 seeded random points
        of the box (to 1e-12 of the largest), with no mixed derivative along time and
        ``D = -A / s`` symmetric positive semidefinite, where ``s`` is the leading
        coefficient along time:

        - ``m = 0``, ``s = b != 0`` (heat, advection-diffusion, with or without a reaction;
          anisotropic or with mixed derivatives in space; with ``D = 0`` transport by a
          constant flow, with or without a reaction): the order-1 :class:`Modes`
          ``v = a / b``, ``D``, ``c / b``;
        - ``m != 0``, ``s = m``, ``D`` not zero (the wave equation, damped, with a flow or a
          Klein-Gordon term): the order-2 :class:`Modes` with ``g = b / m``, ``v = a / m``,
          ``D``, ``c / m``.

        Without a time axis, ``sum_ij A_ij u_ij + a . grad u + c u = f`` with ``A`` definite
        (Laplace, Helmholtz, with a flow or a reaction; on one axis or more): the order-0
        :class:`Modes` with ``s = -1`` or ``1``, whichever makes ``D = -A / s`` positive
        definite, ``v = a / s`` and ``c / s``.

        None otherwise (a system, a periodic or nonlocal part, a material interface, a
        variable coefficient, a second order in time without one in space, a backward
        diffusion, an elliptic operator in space and time, ``u_tt + u_xx``, or a steady one
        that is not elliptic).
        """
        t = self.time_axis
        equations = [term for term in self.terms if term.kind == "equation"]
        if self.is_system or len(equations) != 1 or self.interfaces:
            return None
        if t is not None and self.dim < 2:
            return None
        (equation,) = equations
        if any(part.fixed or part.side for part in equation.parts):
            return None
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, self.dim))
        dim = self.dim
        first, second, reaction, inertia = np.zeros(dim), np.zeros((dim, dim)), 0.0, 0.0
        for part in equation.parts:
            values = np.broadcast_to(
                np.asarray(part.coefficient(points), dtype=np.float64), (len(points),)
            )
            size = float(np.abs(values).max())
            if not np.isfinite(values).all() or float(np.ptp(values)) > 1e-12 * size:
                return None
            value = float(values[0])
            axes = [a for a, k in enumerate(part.derivative) for _ in range(k)]
            if axes == [t, t]:
                inertia += value
            elif len(axes) > 2 or (len(axes) == 2 and t in axes):
                return None
            elif not axes:
                reaction += value
            elif len(axes) == 1:
                first[axes[0]] += value
            else:
                second[axes[0], axes[1]] += value / 2
                second[axes[1], axes[0]] += value / 2
        source = bool(np.any(np.asarray(equation.source) != 0))
        if source and equation.particular_part is not None:
            # what is left once u_p is subtracted is rounding (with_particular): no source
            values = np.abs(np.asarray(equation.source))
            whole = np.abs(values + equation.particular_part(equation.points))
            source = bool(values.max() > 1e-10 * whole.max())
        if t is None:
            eigen = np.linalg.eigvalsh(second)
            size = float(np.abs(eigen).max())
            if size == 0.0 or float(np.abs(eigen).min()) <= 1e-12 * size:
                return None
            if float(eigen.min()) * float(eigen.max()) < 0:
                return None  # indefinite: hyperbolic in space, not elliptic
            sign = -1.0 if float(eigen.max()) > 0 else 1.0
            # + 0.0: no -0.0 in the report where a coefficient is absent
            return Modes(
                None,
                first / sign + 0.0,
                -second / sign + 0.0,
                reaction / sign + 0.0,
                0,
                0.0,
                source,
            )
        lead = inertia if inertia != 0.0 else first[t]
        if lead == 0.0:
            return None
        diffusion = -second / lead + 0.0
        eigen = np.linalg.eigvalsh(diffusion)
        size = float(np.abs(eigen).max())
        if size == 0.0 and inertia != 0.0:
            return None  # u_tt + v . grad u: no wave in space to travel
        if size > 0.0 and float(eigen.min()) < -1e-12 * size:
            return None  # backward diffusion
        velocity = first / lead + 0.0
        damping = float(velocity[t]) if inertia != 0.0 else 0.0
        velocity[t] = 0.0
        order = 2 if inertia != 0.0 else 1
        return Modes(t, velocity, diffusion, reaction / lead + 0.0, order, damping, source)

    def singular(self) -> np.ndarray | None:
        """The singular functions of the domain's re-entrant corners and holes
        (:func:`pinnls.singular.singular_spec`): an (J, FIELDS) array of rows for
        :meth:`pinnls.numeric.basis.Basis.set_singular`, or None where the domain is not a
        2-D shape with either, or the equation is not elliptic or parabolic with constant
        coefficients. Read once per problem (the shape is probed)."""
        cached = self.__dict__.get("_singular")
        if cached is None:
            from pinnls.singular import singular_spec

            cached = (singular_spec(self),)
            object.__setattr__(self, "_singular", cached)
        return cached[0]

    def particular_solution(self) -> Particular | Transported | Carried | Spreading | Summed | None:
        """A particular solution ``u_p`` of the equation (:mod:`pinnls.particular`).

        For an equation that :meth:`modes` reads (one unknown, constant coefficients), or a
        first-order one of constant coefficients, whose right-hand side the compiler wrote as
        ``sum_j exp(a_j . x) p_j(x)`` (``CompiledTerm.exponentials``), ``u_p = Re sum_j
        exp(a_j . x) q_j(x)`` with polynomials ``q_j``
        (:func:`~pinnls.particular.solve_polynomials`); checked at 64 seeded random points of
        the box (``L u_p`` against the source to 1e-9 of its largest value, and the imaginary
        part). Otherwise, for a first-order equation ``A . grad u + k u = f`` of constant
        coefficients whose source has an expression program, ``f`` integrated back along the
        flow (:meth:`~pinnls.particular.Transported.build`, checked on 512 points and the box's
        corners); for one whose flow varies (:meth:`foot_flow`), every other term a condition
        on values, ``f`` marched back along the characteristics
        (:meth:`~pinnls.particular.Carried.build`). Where nothing else is left for the
        network's equation (no source, or the source's own ``u_p``), the initial data's
        Gaussians carried in free space (:meth:`_spreading`), alone or added to it
        (:class:`~pinnls.particular.Summed`).

        Returns
        -------
        Particular, Transported, Carried, Spreading, Summed or None
            None without such an equation or source, with data terms (observations are
            fitted as they are), or where a symbol nearly resonates
            (:data:`~pinnls.particular.RESONANCE`).
        """
        if any(t.kind == "data" for t in self.terms):
            return None
        equations = [term for term in self.terms if term.kind == "equation"]
        if len(equations) != 1 or self.unknown_count != 1:
            return None
        (equation,) = equations
        centre = (0.5 * (self.lower + self.upper))[None, :]
        operator = [
            (part.derivative, float(np.broadcast_to(part.coefficient(centre), (1,))[0]))
            for part in equation.parts
        ]
        modes = self.modes()
        first = _first_order(equation)
        made = None
        if equation.exponentials is not None and (first or (modes is not None and modes.source)):
            made = self._exponential(equation, operator)
        if made is None and first:
            made = self._transported(equation, operator)
        elif made is None:
            made = self._carried(equation, operator)
        # The initial data's Gaussians, where nothing else is left for the network's equation:
        # beside a source that holds the solution to another course, free space's evolution
        # left the network the difference (docs/benchmarks.md, section 78: carried, 7 of 10
        # such files lost, the thin slab 2.4e5x)
        spreading = None
        if made is not None or not _has_source(equation):
            spreading = self._spreading(equation, modes)
        if spreading is None:
            return made
        return spreading if made is None else Summed((made, spreading))

    def gaussians_beside_source(self) -> bool:
        """Whether the initial data hold Gaussians that free space would carry
        (:meth:`_spreading`) beside a source, so that :meth:`particular_solution` carries them
        only if the source has a particular solution of its own: where it gives none,
        ``pinnls check`` says why they stay with the network (it calls this only then, so the
        particular solution is not built twice)."""
        equations = [term for term in self.terms if term.kind == "equation"]
        if len(equations) != 1 or self.unknown_count != 1 or not _has_source(equations[0]):
            return False
        if any(t.kind == "data" for t in self.terms):
            return False
        return self._spreading(equations[0], self.modes()) is not None

    def initial_gaussians(self) -> tuple[CompiledTerm, float] | None:
        """The condition that holds the initial data and their Gaussians
        (``CompiledTerm.gaussians``), with the factor ``a`` of its ``a u = g``: one value
        condition on the face ``t = t0`` of the time axis, on the whole face (no region of
        it), of a factor constant at every point; None otherwise."""
        t = self.time_axis
        if t is None:
            return None
        start = float(self.lower[t])
        on_face = [
            term
            for term in self.terms
            if term.kind == "condition"
            and term.points.size
            and bool(np.all(term.points[:, t] == start))
        ]
        if len(on_face) != 1:
            return None
        (term,) = on_face
        if term.gaussians is None or term.cloud is None or term.cloud.region is not None:
            return None
        if term.cloud.fixed != ((t, start),) or len(term.parts) != 1:
            return None
        (part,) = term.parts
        if any(part.derivative) or part.side or part.unknown != 0:
            return None
        # every point: the first 64 of a grid share one x, where (1 + x) u = g varies
        values = np.broadcast_to(
            np.asarray(part.coefficient(term.points), dtype=np.float64), (term.size,)
        )
        factor = float(values[0])
        if factor == 0.0 or float(np.ptp(values)) > 1e-12 * abs(factor):
            return None
        return term, factor

    def affine_flow(
        self, equation: CompiledTerm
    ) -> tuple[int, np.ndarray, np.ndarray, np.ndarray, float] | None:
        """The equation as ``u_t + (b + A x) . grad u = div(D grad u) - k u + f``: a flow that
        is an affine map of the space axes (solid-body rotation, a linear shear, a strain),
        constant in time, beside a constant diffusion and reaction.

        Read at 64 seeded random points of the box: each first derivative's coefficient
        fitted by ``c0 + c . x`` over the space axes to 1e-10 of its largest value, every other
        coefficient constant to 1e-12, divided by ``u_t``'s.

        Returns
        -------
        (t, b, A, D, k) or None
            The time axis, ``b`` (d,), ``A`` (d, d), ``D`` (d, d) positive semidefinite (0
            along time) and ``k``; None for a system, several equations, a time axis absent,
            a part on a face or a side, a derivative along time beside others or of order 2,
            a flow that is not affine or varies in time, a backward diffusion.
        """
        t = self.time_axis
        if t is None or self.is_system or self.interfaces:
            return None
        if any(part.fixed or part.side for part in equation.parts):
            return None
        dim = self.dim
        space = [a for a in range(dim) if a != t]
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, dim))
        design = np.concatenate([np.ones((64, 1)), points[:, space]], axis=1)
        constant: list[tuple[list[int], float]] = []
        velocity = np.zeros(dim)
        flow = np.zeros((dim, dim))
        for part in equation.parts:
            values = np.broadcast_to(
                np.asarray(part.coefficient(points), dtype=np.float64), (len(points),)
            )
            size = float(np.abs(values).max())
            if not np.isfinite(values).all():
                return None
            axes = [a for a, k in enumerate(part.derivative) for _ in range(k)]
            if len(axes) == 1 and axes[0] != t:
                fitted, *_ = np.linalg.lstsq(design, values, rcond=None)
                if float(np.abs(design @ fitted - values).max()) > 1e-10 * max(size, 1e-300):
                    return None
                velocity[axes[0]] += fitted[0]
                flow[axes[0], space] += fitted[1:]
                continue
            if float(np.ptp(values)) > 1e-12 * size:
                return None
            constant.append((axes, float(values[0])))
        read = _diffusion_parts(constant, t, dim)
        if read is None:
            return None
        lead, reaction, diffusion = read
        velocity, flow = velocity / lead + 0.0, flow / lead + 0.0
        # the fit's rounding (7e-15 beside a strain of 20) is no flow: e^(A tau) would
        # make it one
        spans = (self.upper - self.lower)[None, :]
        size = max(float(np.abs(velocity).max()), float(np.abs(flow * spans).max()))
        flow[np.abs(flow * spans) <= 1e-12 * size] = 0.0
        return t, velocity, flow, diffusion, reaction / lead + 0.0

    def turning_flow(
        self, equation: CompiledTerm
    ) -> tuple[int, np.ndarray, np.ndarray, float] | None:
        """The equation as ``u_t + b(t) . grad u = div(D grad u) - k u + f``: a flow uniform in
        space that changes in time (a turning or gusting wind), beside a constant diffusion and
        reaction.

        Read at 64 seeded random points of the box and at the same times elsewhere in space:
        each first derivative's coefficient the same at both (to 1e-12 of its largest value),
        every other coefficient constant (to 1e-12); ``b`` then interpolated on the time
        interval at Chebyshev points of 33, 65, ... 513 until its series' last 4 coefficients
        fall below 1e-13 of its largest (the interpolation's rounding leaves its coefficients
        at about 1e-15 of it, so 1e-15 refused a wind of ``1 + sin(2 t)``) and it matches ``b``
        at the 64 points to 1e-12.

        Returns
        -------
        (t, wind, D, k) or None
            The time axis, the Chebyshev coefficients of ``b`` (d, n) on ``[t0, t1]`` (0 along
            time), ``D`` (d, d) positive semidefinite and ``k``; None for a system, several
            equations, no time axis, a part on a face or a side, a flow constant in time (the
            closed forms of :meth:`modes` and :meth:`affine_flow` take it), one that varies in
            space, a diffusion or reaction that varies, or a series that does not converge
            (a wind that switches abruptly).
        """
        t = self.time_axis
        if t is None or self.is_system or self.interfaces:
            return None
        if any(part.fixed or part.side for part in equation.parts):
            return None
        dim = self.dim
        space = [a for a in range(dim) if a != t]
        rng = np.random.default_rng(0)
        points = rng.uniform(self.lower, self.upper, (64, dim))
        elsewhere = points.copy()
        elsewhere[:, space] = rng.uniform(self.lower[space], self.upper[space], (64, len(space)))
        constant: list[tuple[list[int], float]] = []
        winds: dict[int, list] = {}
        for part in equation.parts:
            here, there = (
                np.broadcast_to(np.asarray(part.coefficient(p), dtype=np.float64), (64,))
                for p in (points, elsewhere)
            )
            if not (np.isfinite(here).all() and np.isfinite(there).all()):
                return None
            size = max(float(np.abs(here).max()), 1e-300)
            axes = [a for a, k in enumerate(part.derivative) for _ in range(k)]
            if len(axes) == 1 and axes[0] != t:
                if float(np.abs(here - there).max()) > 1e-12 * size:
                    return None  # varies in space
                winds.setdefault(axes[0], []).append(part)
                continue
            if float(np.ptp(here)) > 1e-12 * size or float(np.ptp(there)) > 1e-12 * size:
                return None
            constant.append((axes, float(here[0])))
        read = _diffusion_parts(constant, t, dim)
        if read is None or not winds:
            return None
        lead, reaction, diffusion = read
        start, stop = float(self.lower[t]), float(self.upper[t])
        centre = 0.5 * (self.lower + self.upper)

        def wind(axis: int, times: np.ndarray) -> np.ndarray:
            at = np.repeat(centre[None, :], len(times), axis=0)
            at[:, t] = times
            return (
                sum(
                    np.broadcast_to(np.asarray(part.coefficient(at), dtype=np.float64), (len(at),))
                    for part in winds[axis]
                )
                / lead
            )

        checks = points[:, t]
        series = np.zeros((dim, 0))
        for degree in (32, 64, 128, 256, 512):
            rows = np.zeros((dim, degree + 1))
            for axis in winds:
                fitted = np.polynomial.chebyshev.Chebyshev.interpolate(
                    lambda times, axis=axis: wind(axis, times), degree, domain=[start, stop]
                )
                rows[axis] = fitted.coef
            wanted = np.stack(
                [wind(a, checks) if a in winds else 0 * checks for a in range(dim)], 1
            )
            # the wind's own size: a zero-mean oscillation's largest coefficient is far below
            # it, and the interpolation's rounding is relative to the wind, not to that
            scale = max(float(np.abs(rows).max()), float(np.abs(wanted).max()), 1e-300)
            tail = float(np.abs(rows[:, -4:]).max())
            half = 0.5 * (stop - start)
            read = np.polynomial.chebyshev.chebval((checks - start) / half - 1.0, rows.T).T
            if tail <= 1e-13 * scale and float(np.abs(read - wanted).max()) <= 1e-12 * scale:
                series = rows
                break
        if series.shape[1] == 0 or not np.isfinite(series).all():
            return None
        spread = float(np.abs(series[:, 1:]).max(initial=0.0))
        if spread <= 1e-12 * max(float(np.abs(series).max()), 1e-300):
            return None  # constant in time: modes() or affine_flow() carry it
        return t, series, diffusion, reaction / lead + 0.0

    def _spreading(self, equation: CompiledTerm, modes: Modes | None) -> Spreading | None:
        """The initial data's Gaussians carried by the equation in free space
        (:class:`~pinnls.particular.Spreading`), where :meth:`modes` reads the equation as of
        first order in time with constant coefficients, or :meth:`affine_flow` with a flow
        affine in space, or :meth:`turning_flow` with a wind uniform in space that changes in
        time, and :meth:`initial_gaussians` finds them; checked at 64 seeded
        random points of the box and 8 at its end in time: the equation applied against the
        size of its parts (to 1e-9), the imaginary part, and ``u_t`` against fourth-order
        central differences in time of the values (to 1e-6 of its size). None otherwise, or
        where the evaluation fails."""
        flow = wind = None
        if modes is None or modes.order != 1 or modes.time_axis is None:
            affine = self.affine_flow(equation)
            if affine is not None:
                # a solid-body rotation, a shear, a strain: v = b + A x (Spreading.flow)
                t, velocity, flow, diffusion, reaction = affine
            else:
                # a wind uniform in space that turns or gusts: v(t) (Spreading.wind)
                turning = self.turning_flow(equation)
                if turning is None:
                    return None
                t, wind, diffusion, reaction = turning
                velocity = np.zeros(self.dim)
            if any(part.derivative[t] > 1 for term in self.terms for part in term.parts):
                return None  # only u_t is written out for such a flow
        else:
            t = modes.time_axis
            velocity, diffusion, reaction = modes.velocity, modes.diffusion, modes.reaction
        found = self.initial_gaussians()
        if found is None:
            return None
        term, factor = found
        quadratic, linear, logarithm = term.gaussians
        # the face's own axis is fixed: no Gaussian along time
        if np.any(quadratic[:, t, :] != 0) or np.any(linear[:, t] != 0):
            return None
        for q in quadratic:
            eigen = np.linalg.eigvalsh(q)
            if float(eigen.min()) < -1e-12 * float(np.abs(eigen).max()):
                return None  # exp(+x^2): no solution in free space
        made = Spreading(
            t,
            float(self.lower[t]),
            np.asarray(velocity, dtype=np.float64),
            np.asarray(diffusion, dtype=np.float64),
            float(reaction),
            np.asarray(quadratic, dtype=np.float64),
            np.asarray(linear, dtype=np.complex128),
            np.asarray(logarithm, dtype=np.complex128) - np.log(complex(factor)),
            flow,
            wind,
            None if wind is None else float(self.upper[t]),
        )
        if flow is not None and not flow.any():
            flow = None
            made = dataclasses.replace(made, flow=None)
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (72, self.dim))
        # u_t is the space operator applied (Spreading._expanded), so L u_p = 0 only checks
        # how the equation was read; fourth-order differences in time check the exponent
        # itself (a strain of e^30 over the interval cancelled it to O(1) where its check
        # held), on 8 of the points at the interval's end, where a flow has grown most
        span = float(self.upper[t] - self.lower[t])
        step = 1e-4 * span
        points[:, t] = np.clip(points[:, t], self.lower[t] + 3 * step, self.upper[t] - 3 * step)
        points[64:, t] = self.upper[t] - 3 * step
        shifted = []
        for by in (2, 1, -1, -2):
            moved = points.copy()
            moved[:, t] += by * step
            shifted.append(moved)
        rate = tuple(int(a == t) for a in range(self.dim))
        try:
            with np.errstate(all="ignore"):
                applied = made.applied(equation.parts, points)
                sizes = sum(
                    np.abs(np.broadcast_to(part.coefficient(points), (len(points),)))
                    * np.abs(made.derivative(part.evaluation_points(points), part.derivative))
                    for part in equation.parts
                )
                values = made(points)
                imaginary = made.imaginary(points)
                far, near, back, farther = (made(moved) for moved in shifted)
                differenced = (8 * (near - back) - (far - farther)) / (12 * step)
                written = made.derivative(points, rate)
        except (np.linalg.LinAlgError, ValueError, FloatingPointError):
            return None  # a matrix exponential too far from invertible, say
        found = (applied, sizes, values, imaginary, differenced, written)
        if not all(np.isfinite(array).all() for array in found):
            return None
        if float(np.abs(applied).max()) > 1e-9 * max(float(sizes.max()), 1e-300):
            return None
        if float(np.abs(imaginary).max()) > 1e-9 * max(float(np.abs(values).max()), 1e-300):
            return None
        scale = max(float(np.abs(written).max()), float(np.abs(values).max()) / span, 1e-300)
        if float(np.abs(differenced - written).max()) > 1e-6 * scale:
            return None
        return made

    def spreading_refusal(self, beside: bool = False) -> str | None:
        """Why the initial data's Gaussians are not carried in free space, where
        :meth:`initial_gaussians` finds them under one equation of one unknown with nothing
        else left for the network's equation (no source, or ``beside``: the source has its
        own particular solution), and :meth:`_spreading` gives None: the first of its
        requirements that fails, as ``pinnls check`` says it (ten files of turning or
        straining winds were told nothing). None where it carries them or would not try.
        """
        if any(t.kind == "data" for t in self.terms) or self.unknown_count != 1:
            return None
        equations = [term for term in self.terms if term.kind == "equation"]
        if len(equations) != 1 or self.initial_gaussians() is None:
            return None
        (equation,) = equations
        if _has_source(equation) and not beside:
            return None  # left to the network with the source: gaussians_beside_source
        modes = self.modes()
        t = self.time_axis
        constant = modes is not None and modes.order == 1 and modes.time_axis is not None
        varying = None if constant else self.affine_flow(equation)
        if not constant and varying is None:
            varying = self.turning_flow(equation)
        if not constant and varying is None:
            rate = tuple(int(a == t) for a in range(self.dim))
            if not any(part.derivative == rate for part in equation.parts):
                return "the equation has no first time derivative u_t"
            if any(part.derivative[t] and sum(part.derivative) > part.derivative[t]
                   for part in equation.parts):  # fmt: skip
                return "the equation takes a mixed derivative along time and space"
            if any(part.derivative[t] > 1 for part in equation.parts):
                return "the equation is not of first order in time"
            if any(part.fixed or part.side for part in equation.parts):
                return "a part of the equation is read on a face or a side"
            if self._varies_in_time(equation):
                return (
                    "the equation's coefficients change in time in a way not carried (a flow "
                    "uniform in space may turn or gust smoothly, one constant in time may be "
                    "affine in space; not a flow that varies in both, a diffusion or reaction "
                    "that changes, or a wind that switches abruptly)"
                )
            return (
                "the equation's flow is not constant or affine in space, or its diffusion or "
                "reaction varies, or it diffuses backward"
            )
        if varying is not None and any(
            part.derivative[t] > 1 for term in self.terms for part in term.parts
        ):
            return (
                "a term takes a second time derivative, which is written out only for a flow "
                "constant in space and time"
            )
        quadratic = self.initial_gaussians()[0].gaussians[0]
        for q in quadratic:
            eigen = np.linalg.eigvalsh(q)
            if float(eigen.min()) < -1e-12 * float(np.abs(eigen).max()):
                return (
                    "a Gaussian grows away from its centre (exp(+x^2)): no evolution in free space"
                )
        if self._spreading(equation, modes) is not None:
            return None
        return (
            "the closed form failed its check at 72 points of the box (a strain too strong "
            "for double precision, or an evaluation that failed)"
        )

    def _varies_in_time(self, equation: CompiledTerm) -> bool:
        """Whether a coefficient of the equation changes along time: read at 32 seeded
        random points of the box and at the same points at other times (to 1e-12)."""
        t = self.time_axis
        rng = np.random.default_rng(0)
        points = rng.uniform(self.lower, self.upper, (32, self.dim))
        later = points.copy()
        later[:, t] = rng.uniform(self.lower[t], self.upper[t], 32)
        for part in equation.parts:
            here, there = (
                np.broadcast_to(np.asarray(part.coefficient(p), dtype=np.float64), (32,))
                for p in (points, later)
            )
            size = max(float(np.abs(here).max()), float(np.abs(there).max()), 1e-300)
            if float(np.abs(here - there).max()) > 1e-12 * size:
                return True
        return False

    def particular_refusal(self) -> str | None:
        """Why a first-order equation's source is not integrated along its flow, where
        :meth:`particular_solution` gives None: the first of its requirements that fails, as
        ``pinnls check`` says it (a user's meandering wind was told six possible reasons, and
        the one that held was none of the five it could rule out). None where one equation of
        one unknown is not of first order.
        """
        equations = [term for term in self.terms if term.kind == "equation"]
        if len(equations) != 1 or self.unknown_count != 1 or equations[0].order != 1:
            return None
        (equation,) = equations
        if any(term.kind == "data" for term in self.terms):
            return "the problem has data terms, which are fitted as they are"
        if equation.source_program is None:
            return (
                "its source has no expression program (a Piecewise, a Heaviside, or a function "
                "outside + * ^ and named functions)"
            )
        if _first_order(equation):
            return (
                "its integral along the flow does not converge within 64 panels or is not "
                "finite (a source that is not smooth along the flow, or not defined upstream "
                "of the box)"
            )
        refused = self._carried_refusal(equation)
        if refused is not None:
            return refused
        return (
            f"the march back along the characteristics does not converge within "
            f"{MAX_CARRIED_STEPS} steps, is not finite, or misses L u_p = f by more than "
            f"{CARRIED_CHECK:g} of f"
        )

    def _carried_refusal(self, equation: CompiledTerm) -> str | None:
        """The first requirement of :meth:`_carried` that ``equation`` and the terms fail, as
        :meth:`particular_refusal` says it; None where a march may be built."""
        if equation.source_program is None or equation.order != 1:
            return "its source has no expression program, or the equation is not of first order"
        if any(part.fixed or part.side or part.program is None for part in equation.parts):
            return "a coefficient of the equation has no expression program"
        on_derivatives = [t.name for t in self.terms if t.kind != "equation" and t.order != 0]
        if on_derivatives:
            return (
                f"the condition '{on_derivatives[0]}' is on derivatives, which the march's "
                "differences are not fitted to"
            )
        if self.foot_flow() is None:
            return "its flow varies along every axis: none of constant coefficient to march along"
        return None

    def _carried(self, equation: CompiledTerm, operator: list) -> Carried | None:
        """For a first-order equation whose flow varies (one axis of constant coefficient,
        :meth:`foot_flow`) and whose source has a program, every other term a condition on the
        values (:meth:`_carried_refusal`): ``f`` marched back along the characteristics
        (:class:`~pinnls.particular.Carried`), or None."""
        if self._carried_refusal(equation) is not None:
            return None
        axis, velocity, reaction = self.foot_flow()
        (coefficient,) = [
            part.program
            for part in equation.parts
            if sum(part.derivative) == 1 and part.derivative[axis] == 1
        ]
        rate = 1.0 / float(coefficient[1])
        program = ["*", ["c", rate], equation.source_program]
        # Time runs forward; a steady flow is marched the way its reaction decays (the same
        # fix as _transported's: the other way, u_p grew 20x past the solution)
        decay = sum(coefficient for derivative, coefficient in operator if not any(derivative))
        end = axis != self.time_axis and rate * decay < 0
        return Carried.build(
            axis,
            velocity,
            reaction,
            program,
            self.lower,
            self.upper,
            equation.source_function,
            equation.parts,
            end=end,
        )

    def _exponential(self, equation: CompiledTerm, operator: list) -> Particular | None:
        """:meth:`particular_solution` of an exponential sum: the polynomials, checked."""
        particular = solve_polynomials(operator, *equation.exponentials)
        if particular is None:
            return None
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, self.dim))
        with np.errstate(all="ignore"):
            f = np.broadcast_to(equation.source_function(points), (len(points),))
            applied = particular.applied(equation.parts, points)
            values = particular(points)
            # a real source of real coefficients has a real u_p: pairs of conjugate terms
            imaginary = particular.imaginary(points)
        scale = float(np.abs(f).max(initial=0.0))
        finite = np.isfinite(applied).all() and np.isfinite(values).all()
        if not (finite and np.isfinite(imaginary).all() and scale > 0):
            return None
        if float(np.abs(applied - f).max()) > 1e-9 * scale:
            return None
        if float(np.abs(imaginary).max()) > 1e-9 * max(float(np.abs(values).max()), 1e-300):
            return None
        return particular

    def _transported(self, equation: CompiledTerm, operator: list) -> Transported | None:
        """For a first-order equation ``A . grad u + k u = f`` of constant coefficients whose
        source is not an exponential sum but has a program: ``f`` integrated along the flow
        (:class:`~pinnls.particular.Transported`), or None."""
        if equation.source_program is None:
            return None
        velocity = np.zeros(self.dim)
        reaction = 0.0
        for derivative, coefficient in operator:
            if sum(derivative) == 0:
                reaction += coefficient
            else:
                velocity[derivative.index(1)] += coefficient
        program, source = equation.source_program, equation.source_function
        # The same equation times -1 (R c_t on the right of the Eq) is the same flow: forward
        # in time, or, without time, the way the reaction decays. Integrated the other way,
        # from the last time, u_p grew by the reaction and a user's aquifer lost 100x
        # (1.27e-11 against 1.29e-13).
        if self.time_axis is not None and velocity[self.time_axis] != 0:
            backward = velocity[self.time_axis] < 0
        else:
            backward = reaction < 0
        if backward:
            velocity, reaction = -velocity, -reaction
            program = ["*", ["c", -1.0], program]
            source = _Negated(source)
        return Transported.build(
            program, velocity, reaction, self.lower, self.upper, self.time_axis, source
        )

    def with_particular(self) -> CompiledProblem:
        """The problem for ``w = u - u_p`` (:meth:`particular_solution`), with ``particular``
        set; itself where there is no particular solution or it is set already.

        Every term's right-hand side loses ``L_k[u_p]`` (kept as ``particular_part``, so that
        the estimate still measures against the data's own size); the equation's is then
        rounding, which :meth:`modes` reads as no source.
        """
        if self.particular is not None:
            return self
        particular = self.particular_solution()
        if particular is None:
            return self
        terms = []
        for term in self.terms:
            applied = Applied(particular, term.parts)
            if term.kind == "equation":
                applied = _equation_applied(particular, term)
                if applied is None:
                    terms.append(term)  # the initial data's Gaussians alone: L u_p = 0
                    continue
            # the equation's is rounding now: kept as it is, so that the estimate measures
            # the residual of u_p + w, not of w alone
            function = Less(term.source_function, applied)
            source = np.asarray(term.source, dtype=np.float64) - applied(term.points)
            terms.append(
                dataclasses.replace(
                    term, source_function=function, source=source, particular_part=applied
                )
            )
        return dataclasses.replace(self, terms=tuple(terms), particular=particular)

    def layers(self) -> tuple[Layer, ...]:
        """The boundary layers that the equation's data can make: thin strips along faces
        where a weak diffusion meets a Dirichlet condition, beside a flow that leaves the box
        there or a reaction that damps the solution away from the face.

        For one unknown and one equation
        ``... + A_kk d2u/dx_k^2 + a_k du/dx_k + c u + ... = f``, on each face ``x_k = lower_k``
        or ``upper_k`` that carries a condition of order 0 (a value, not a flux), at
        :data:`LAYER_POINTS` seeded random points of the face, with the signs taken so that
        the diffusion is positive (``-A_kk`` > 0):

        - **a flow across the face** (``a_k`` nonzero there): it must leave the box there at
          every point (``v_k = -a_k sign(A_kk)`` outward), and the width is the median of
          ``|A_kk| / |a_k|`` (``exp((x - 1) / nu)`` for ``u_x = nu u_xx``);
        - **else a reaction** ``c`` of the diffusion's sign at every point
          (``-nu u'' + c u = f``, ``u_t = nu u_xx - c u``): the width is the median of
          ``sqrt(|A_kk| / |c|)`` on both faces (``exp(-x sqrt(c / nu))``).

        A face whose width is at most ``1 /`` :data:`LAYER_PECLET` of the box along ``k`` has
        a layer (the solution may turn over that width to meet the condition); the features
        of the ``layers`` setting are drawn across it (:mod:`pinnls.numeric.initialization`).
        Mixed derivatives and the other axes' coefficients are not read: the layer is
        measured along the face's normal.

        Returns
        -------
        tuple of Layer
            Ordered by axis, lower face first; empty for a system, several equation terms, an
            equation without a second derivative along some axis beside a first derivative
            along it or a reaction, or none thin enough.
        """
        equations = [term for term in self.terms if term.kind == "equation"]
        if self.is_system or len(equations) != 1:
            return ()
        first: dict[int, list] = {}
        second: dict[int, list] = {}
        reaction = []
        for part in equations[0].parts:
            order = sum(part.derivative)
            if part.fixed or order > 2:
                continue
            if order == 0:
                reaction.append(part.coefficient)
                continue
            axes = [a for a, k in enumerate(part.derivative) if k]
            if len(axes) != 1:
                continue  # a mixed derivative
            side = first if order == 1 else second
            side.setdefault(axes[0], []).append(part.coefficient)
        rng = np.random.default_rng(0)

        def at(coefficients, points) -> np.ndarray:
            shape = (LAYER_POINTS,)
            return np.asarray(sum(np.broadcast_to(c(points), shape) for c in coefficients))

        found = []
        for axis in sorted(second):
            span = float(self.upper[axis] - self.lower[axis])
            for end, value in ((0, self.lower[axis]), (1, self.upper[axis])):
                if not any(_dirichlet_on(term, axis, float(value)) for term in self.terms):
                    continue
                points = rng.uniform(self.lower, self.upper, (LAYER_POINTS, self.dim))
                points[:, axis] = value
                curvature = at(second[axis], points)
                # the signs that make the diffusion positive: -A_kk > 0
                sign, diffusion = -np.sign(curvature), np.abs(curvature)
                if not bool(np.all(diffusion > 0)):
                    continue
                a = sign * at(first[axis], points) if axis in first else np.zeros(1)
                if bool(np.any(a != 0)):
                    # v_k = a_k over positive diffusion: out of the box at every point
                    leaving = a > 0 if end == 1 else a < 0
                    if not bool(np.all(leaving)):
                        continue
                    width = float(np.median(diffusion / np.abs(a)))
                elif reaction:
                    c = sign * at(reaction, points)
                    if not bool(np.all(c > 0)):
                        continue
                    width = float(np.median(np.sqrt(diffusion / c)))
                else:
                    continue
                if width * LAYER_PECLET <= span:
                    face = f"{self.axes[axis]}={float(value):g}"
                    found.append(Layer(axis=axis, end=end, width=width, face=face))
        return tuple(found)

    def evolution_axis(self) -> int | None:
        """A space axis that the equation makes time: where the problem has no time axis,
        one axis ``k`` along which the single equation is of first order, with a constant
        coefficient ``s``, and of second order along others, forward parabolic in ``x_k``,
        with data on its lower face only, e.g. a river's lateral mixing ``U c_x = D c_yy -
        k c`` with the outfall at ``x = 0`` and no condition downstream (the slender-plume
        approximation: ``x`` is the time of a heat equation in ``y``).

        Required: one unknown, one equation on a box (no shape, no interface), no data term;
        no part of the equation with a second derivative along ``k``, a point map or a side;
        some second-order part; ``D = -A / s`` symmetric positive semidefinite at 64 seeded
        random points of the box (``A`` the second-order coefficients); every condition on a
        cloud of its own (not a region of the boundary), and where it reads ``x_k`` (its
        cloud's face, its parts' point maps) at its lower end only, at least one. The
        automatic strategy then solves it as it solves heat (the modes, time slabs): one
        user's river went from 5.3e-3 in 64 s to 4.2e-10 in 3.4 s (docs/benchmarks.md,
        section 77).

        Returns
        -------
        int or None
            ``k``: the first such axis; None where there is a time axis already, or none.
        """
        if self.time_axis is not None or self.is_system or self.dim < 2:
            return None
        if self.region is not None or self.boundary is not None or self.interfaces:
            return None
        if any(term.kind == "data" for term in self.terms):
            return None
        equations = [term for term in self.terms if term.kind == "equation"]
        if len(equations) != 1:
            return None
        (equation,) = equations
        parts = equation.parts
        if any(part.fixed or part.side or sum(part.derivative) > 2 for part in parts):
            return None
        if not any(sum(part.derivative) == 2 for part in parts):
            return None
        # where each condition reads an axis: its cloud's face and its parts' point maps (a
        # periodic u(0, y) - u(1, y) reads the far face too); a cloud on a region of the
        # boundary (on=box.boundary.where(...)) says nothing of it, so none may be
        conditions = [term for term in self.terms if term.kind != "equation"]
        if any(term.cloud is None or term.cloud.region is not None for term in conditions):
            return None
        read = [
            (axis, value)
            for term in conditions
            for fixed in (term.cloud.fixed, *(part.fixed for part in term.parts))
            for axis, value in fixed
        ]
        points = np.random.default_rng(0).uniform(self.lower, self.upper, (64, self.dim))
        # D = -A / s at each point: forward parabolic in x_k, as heat is in t
        second = self._part_field(2)(points)
        for k in range(self.dim):
            firsts = [
                p for p in parts if p.derivative == tuple(int(i == k) for i in range(self.dim))
            ]
            if len(firsts) != 1 or firsts[0].program is None or _has_axis(firsts[0].program):
                continue
            if any(sum(p.derivative) == 2 and p.derivative[k] for p in parts):
                continue
            rate = float(np.broadcast_to(firsts[0].coefficient(points[:1]), (1,))[0])
            if not math.isfinite(rate) or rate == 0:
                continue
            on = {value for axis, value in read if axis == k}
            if not on or any(
                not math.isclose(v, float(self.lower[k]), rel_tol=1e-12, abs_tol=1e-12) for v in on
            ):
                continue
            diffusion = -second / rate
            if not np.isfinite(diffusion).all():
                continue
            scale = max(float(np.abs(diffusion).max()), 1e-300)
            if float(np.linalg.eigvalsh(diffusion).min()) < -1e-12 * scale:
                continue
            return k
        return None

    def foot_flow(self) -> tuple[int, list, list | None] | None:
        """The flow of a transport equation along one axis, as programs: what features drawn
        on the characteristics' feet (:class:`pinnls.numeric.characteristic.FootMap`)
        integrate.

        For ``sum_j a_j(x) du/dx_j + c(x) u = f`` (:meth:`characteristics` gives a flow,
        or a drift: its second-order parts are left out, and the features drawn on its feet
        keep some weight on axis k) where one axis k has a constant coefficient
        ``a_k != 0`` (the time axis if it has one, else the first such axis), the velocity
        ``a / a_k`` per axis, whose entry k is 1: along ``dx/ds = a(x) / a_k`` the
        coordinate ``x_k`` grows as ``s``, and ``u`` changes only through the reaction
        ``c / a_k`` and the source. Each is an expression program
        (``pinnls.program``).

        Returns
        -------
        (k, list of d programs, program or None) or None
            The axis, the velocity and the reaction (None without order-0 parts); None
            without such a flow or axis, or where a coefficient has no program.
        """
        found = self.characteristics()
        if found is None or found[0] in ("cone", "waves"):
            return None
        (equation,) = [term for term in self.terms if term.kind == "equation"]
        sums: list[list] = [[] for _ in range(self.dim)]
        reactions = []
        for part in equation.parts:
            if sum(part.derivative) > 1 or part.fixed:
                continue
            if part.program is None:
                return None
            if sum(part.derivative) == 0:
                reactions.append(part.program)
            else:
                sums[part.derivative.index(1)].append(part.program)
        order = list(range(self.dim))
        if self.time_axis is not None:
            order.remove(self.time_axis)
            order.insert(0, self.time_axis)
        axes = [
            k for k in order if len(sums[k]) == 1 and sums[k][0][0] == "c" and sums[k][0][1] != 0
        ]
        if not axes:
            return None
        axis = axes[0]
        rate = 1.0 / sums[axis][0][1]
        reaction = ["*", ["c", rate], ["+", *reactions]] if reactions else None
        velocity = [
            ["c", 1.0]
            if k == axis
            else ["*", ["c", rate], ["+", *programs]]
            if programs
            else ["c", 0.0]
            for k, programs in enumerate(sums)
        ]
        return axis, velocity, reaction

    def _part_field(self, order: int) -> NumericFunction | None:
        """The coefficients of the single equation's parts of this order, as a vector field
        (order 1) or a symmetric matrix field (order 2); see :meth:`flow` and :meth:`cone`."""
        equations = [term for term in self.terms if term.kind == "equation"]
        if self.is_system or len(equations) != 1 or self.dim < 2:
            return None
        parts = [
            (part.derivative, part.coefficient)
            for part in equations[0].parts
            if sum(part.derivative) == order and not part.fixed
        ]
        if not parts:
            return None
        dim = self.dim

        def field(points: np.ndarray) -> np.ndarray:
            points = np.asarray(points, dtype=np.float64)
            n = points.shape[0]
            out = np.zeros((n, dim) if order == 1 else (n, dim, dim))
            for derivative, coefficient in parts:
                value = np.broadcast_to(coefficient(points), (n,))
                axes = [a for a, k in enumerate(derivative) for _ in range(k)]
                if order == 1:
                    out[:, axes[0]] += value
                else:
                    i, j = axes
                    out[:, i, j] += value / 2
                    out[:, j, i] += value / 2
            return out

        return field

    @property
    def rows(self) -> int:
        """Points over all terms: the rows of the least-squares system."""
        return sum(term.size for term in self.terms)

    @property
    def order(self) -> int:
        """The highest derivative order over all terms."""
        return max((term.order for term in self.terms), default=0)

    def at_width(self, width: int) -> CompiledProblem:
        """Weights evaluated at another width W (terms without ``weight_of`` keep theirs).

        Raises
        ------
        ValueError
            A weight is not finite and > 0 at this width.
        """
        terms = []
        for term in self.terms:
            if term.weight_of is None:
                terms.append(term)
                continue
            weight = term.weight_of(width)
            if not (np.isfinite(weight) and weight > 0):
                raise ValueError(f"term '{term.name}': weight is {weight} at width {width}")
            terms.append(dataclasses.replace(term, weight=weight))
        return dataclasses.replace(self, terms=tuple(terms))

    def _initial(self, cloud: Cloud) -> bool:
        """Whether ``cloud`` lies on the initial face: the time axis fixed at the box's lower
        bound (a later time slab's carried face too, whose box starts there; not a condition
        at the final time)."""
        if self.time_axis is None:
            return False
        value = dict(cloud.fixed).get(self.time_axis)
        return value is not None and math.isclose(
            value, float(self.lower[self.time_axis]), rel_tol=1e-12, abs_tol=1e-12
        )

    def refined(
        self,
        minimum: Callable[[CompiledTerm], int],
        seed: int,
        density: Sequence[float] | None = None,
        scatter: bool = False,
        scatter_initial: bool = False,
    ) -> CompiledProblem:
        """Every cloud sized to ``minimum(term)`` points (same kind of cloud, but see
        ``scatter`` and ``scatter_initial``).

        A declared cloud (``cloud.declared``) is a minimum and never a cap: it is refined when
        it has fewer points, and kept as it is otherwise. A default cloud is only a
        placeholder, so it gets the requested size (up or down).

        Parameters
        ----------
        minimum : callable, CompiledTerm -> int
        seed : int
            Seeds random and Sobol clouds (as the compiler does).
        density : sequence of d floats > 0, optional
            Relative points per normalized length along each axis for the default (grid)
            clouds (:func:`pinnls.clouds.coarsest`); a face's grid takes its free axes'.
            None: the same on every axis.
        scatter : bool
            A default interior grid becomes a Sobol cloud of as many points: features steeper
            than the grid's spacing (across a boundary layer) would fit its lines and miss
            between them (measured on a layer of width 0.01, width 1024: a 79 x 79 grid gave
            rel L2 3.2e-2 and a validation estimate of 3.9; 6,241 Sobol points 2.1e-4), and so
            would features aligned with a drift, between the lines a grid collapses onto along
            the flow, and a system's plane waves
            (:data:`pinnls.training.stages.SCATTERED_CHARACTERISTICS`).
        scatter_initial : bool
            So does a default grid on the initial face (the time axis fixed at its lower
            bound), with the minimum's points (a grid's count rounds up to its lattice): a
            system's plane waves of speed 0 are held by the initial condition alone, and steep
            ones go free between its grid's lines (elastic waves at width 1280: a validation
            estimate of 175 on a 62 x 62 grid, 4.3e-3 on 4,096 Sobol points;
            docs/benchmarks.md section 52).
        """
        terms = []
        for term in self.terms:
            cloud = term.cloud
            if cloud is None or term.source_function is None:
                terms.append(term)
                continue
            lengths = cloud.lengths(self.lower, self.upper)
            target = int(minimum(term))
            free = None
            if cloud.region is not None and cloud.on_boundary:
                # a region on the boundary (a shape's, the inflow part) varies along its
                # length, not along the box's axes: a shape's is one axis (two in 3-D) for its
                # whole length, whose default grid's counts take the region's aspect against
                # time
                aspect = getattr(cloud.region, "aspect", None)
                if aspect is not None and not cloud.declared and isinstance(cloud.spec, Grid):
                    free = aspect(cloud.fixed, density)
            elif density is not None:
                fixed = dict(cloud.fixed)
                free = [float(v) for i, v in enumerate(density) if i not in fixed]
            base = cloud.spec if cloud.declared else coarsest(cloud.spec, lengths, free)
            if scatter and not cloud.declared and cloud.interior and isinstance(base, Grid):
                base = Sobol(n=1)
            if (
                scatter_initial
                and self._initial(cloud)
                and not cloud.declared
                and isinstance(base, Grid)
            ):
                base = Sobol(n=1)
            if cloud.grown_by_drawing:
                if cloud.declared and term.size >= target:
                    terms.append(term)
                    continue
                spec, points = cloud.draw(
                    self.lower, self.upper, base, seed, cloud.salt, minimum=target
                )
                terms.append(term.at(points, spec))
                continue
            spec = refine(base, lengths, target)
            if spec == cloud.spec and (cloud.region is None or term.size >= target):
                terms.append(term)
                continue
            _, points = cloud.draw(self.lower, self.upper, spec, seed, cloud.salt)
            # A shape's cloud keeps the points of its bounding box's cloud that fall inside
            # it (an L-shape kept 39% of its grid, 2.5 interior rows per column where 6 were
            # asked for): grow it by the fraction that was lost until it has the minimum.
            for _ in range(REGION_GROWTH_TRIES):
                if len(points) >= target or cloud.region is None:
                    break
                have = count(spec, lengths)
                # at most REGION_STEP times per draw: a small part of a boundary whose coarse
                # grid missed it (no point kept) would otherwise be asked for target times more
                grow = min(REGION_STEP, REGION_MARGIN * target / max(len(points), 1))
                wanted = math.ceil(have * grow)
                spec = refine(spec, lengths, wanted)
                _, points = cloud.draw(self.lower, self.upper, spec, seed, cloud.salt)
            terms.append(term.at(points, spec))
        return dataclasses.replace(self, terms=tuple(terms))

    def fresh(self, size: Callable[[CompiledTerm], int], seed: int) -> CompiledProblem:
        """The same terms on fresh uniformly random points (validation clouds).

        Parameters
        ----------
        size : callable, CompiledTerm -> int
            Points per term.
        seed : int
            Mixed with each term's name; use a seed that no training cloud uses.
        """
        terms = []
        for term in self.terms:
            if term.kind == "data":
                # Observations exist only at their points: validated there.
                terms.append(term)
                continue
            fixed = dict(term.cloud.fixed) if term.cloud is not None else {}
            salt = (term.cloud.salt if term.cloud is not None else term.name) + "/validation"
            spec = Random(int(size(term)))
            if term.cloud is not None:
                spec, points = term.cloud.draw(
                    self.lower, self.upper, spec, seed, salt, minimum=spec.n
                )
            else:
                points = sample(self, spec, fixed, seed=seed, salt=salt)
            terms.append(term.at(points, spec))
        return dataclasses.replace(self, terms=tuple(terms))

    def grid(self, points_per_axis: int | Sequence[int]) -> tuple[list[np.ndarray], np.ndarray]:
        """A tensor-product evaluation grid including the box's faces.

        Parameters
        ----------
        points_per_axis : int or sequence of d ints
            The points along every axis, or along each.

        Returns
        -------
        axes : list of d (m_i,) ndarrays
        points : (prod m_i, d) ndarray, in C (``ij``) order of the axes
        """
        counts = (
            [points_per_axis] * self.dim
            if isinstance(points_per_axis, (int, np.integer))
            else list(points_per_axis)
        )
        ticks = [np.linspace(lo, hi, m) for lo, hi, m in zip(self.lower, self.upper, counts)]
        mesh = np.meshgrid(*ticks, indexing="ij")
        return ticks, np.stack([m.ravel() for m in mesh], axis=1)


def slab_index(bounds: np.ndarray, times: np.ndarray) -> np.ndarray:
    """The slab that holds each time, shape (n,) int: a time on an interface belongs to the
    later slab, one before the first or after the last to that slab (the convention of every
    reader of marched solutions).

    Parameters
    ----------
    bounds : (slabs + 1,) ndarray
        The slab boundaries.
    times : (n,) ndarray
    """
    return np.searchsorted(np.asarray(bounds)[1:-1], times, side="right")


def piecewise(
    points: np.ndarray,
    bounds: np.ndarray,
    axis: int,
    evaluate: Callable[[int, np.ndarray], np.ndarray],
    columns: int | None = None,
) -> np.ndarray:
    """Evaluate a function made of time slabs, each point by the slab that holds its time
    (:func:`slab_index`).

    Parameters
    ----------
    points : (n, d) float64 ndarray
    bounds : (slabs + 1,) ndarray
        The slab boundaries on the time axis.
    axis : int
        The time axis.
    evaluate : callable, (slab index, (m, d) points) -> (m,) values, or (m, columns)
    columns : int, optional
        The values' second dimension (a system's unknowns), None for (m,) values.

    Returns
    -------
    (n,) or (n, columns) float64 ndarray
    """
    which = slab_index(bounds, points[:, axis])
    out = np.empty((points.shape[0],) if columns is None else (points.shape[0], columns))
    for index in range(len(bounds) - 1):
        mask = which == index
        if mask.any():
            out[mask] = evaluate(index, points[mask])
    return out


def unknown_index(
    unknown: str | int | None, names: tuple[str, ...], aliases: tuple[str, ...] = ()
) -> int | None:
    """The position of ``unknown`` among a system's unknowns: one of ``names`` or of
    ``aliases`` (other names of the same unknowns, position for position), or a position;
    None for None (every reader of solutions, with torch or without, picks unknowns this way).

    Raises
    ------
    ValueError
        No such unknown (the message lists ``names``).
    """
    if unknown is None:
        return None
    for listed in (names, aliases):
        if isinstance(unknown, str) and unknown in listed:
            return listed.index(unknown)
    if isinstance(unknown, (int, np.integer)) and not isinstance(unknown, bool):
        if 0 <= int(unknown) < len(names):
            return int(unknown)
    raise ValueError(f"no unknown {unknown!r}; the unknowns are {', '.join(names)}")


def point_rows(points, axes: Sequence[str]) -> np.ndarray:
    """``points`` as an (n, d) float64 array for a problem on ``axes`` (d of them); one point
    may be given as a (d,) array.

    Raises
    ------
    ValueError
        Any other shape: (2, 3) points on (x, t) were read as three points of two coordinates
        each, and evaluated without a word.
    """
    array = np.asarray(points, dtype=np.float64)
    dim = len(axes)
    if array.ndim == 1 and array.shape[0] == dim:
        return array[None, :]
    if array.ndim != 2 or array.shape[1] != dim:
        raise ValueError(
            f"points must have shape (n, {dim}), one column per axis ({', '.join(axes)}); "
            f"got shape {array.shape}"
        )
    return array


def held(points: np.ndarray, fixed) -> np.ndarray:
    """``points`` (n, d) with the axes of ``fixed`` ((axis, value) pairs) set to their values;
    ``points`` itself when nothing is fixed."""
    if not fixed:
        return points
    mapped = np.array(points, dtype=np.float64, copy=True)
    for axis, value in fixed:
        mapped[:, axis] = value
    return mapped


def _hyperbolic(waves: NumericFunction, compiled: CompiledProblem) -> bool:
    """Whether a first-order system's matrices (:meth:`CompiledProblem.system_waves`) give
    plane waves at the box's centre: one ``A_a`` is invertible (the most so, relative to its
    size: :func:`wave_axis`) and, for 16 seeded random rows, the
    eigenvalues of ``A_a^-1 sum_{k != a} W_k A_k`` are real (to 1e-9 of the largest) and not
    all zero."""
    centre = (compiled.lower + compiled.upper)[None, :] / 2
    matrices = waves(centre)[0]
    axis = wave_axis(matrices[None])
    if axis is None:
        return False
    rows = np.random.default_rng(0).standard_normal((16, compiled.dim))
    rows[:, axis] = 0.0
    for row in rows:
        across = np.einsum("k,kij->ij", row, matrices)
        speeds = np.linalg.eigvals(np.linalg.solve(matrices[axis], across))
        size = float(np.abs(speeds).max())
        if size == 0 or float(np.abs(speeds.imag).max()) > 1e-9 * size:
            return False
    return True


def wave_axis(matrices: np.ndarray) -> int | None:
    """The axis whose matrix ``A_k`` is the most invertible relative to its size,
    ``|det A_k|^(1/m) / |A_k|_F`` (averaged over the points): the one across which plane
    waves are solved for (:meth:`CompiledProblem.system_waves`).

    Parameters
    ----------
    matrices : (n, d, m, m) ndarray
        The ``A_k`` at n points.

    Returns
    -------
    int or None
        The axis; None where its ``A_k`` is singular (to 1e-12) at some point, or every one
        is.
    """
    m = matrices.shape[-1]
    size = np.linalg.norm(matrices.reshape(*matrices.shape[:2], -1), axis=2)
    measure = np.abs(np.linalg.det(matrices)) ** (1.0 / m) / np.maximum(size, 1e-300)
    axis = int(np.argmax(measure.mean(axis=0)))
    return axis if float(measure[:, axis].min()) > 1e-12 else None
