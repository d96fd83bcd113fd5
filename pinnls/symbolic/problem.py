"""Problems: an unknown on a box, linear terms with weights and point clouds, an exact solution.

Every term is checked when it is declared (linearity, symbols, faces), so a mistake surfaces on the
line of the problem file that made it. :meth:`Problem.validate` adds the checks that need the whole
problem, the exact solution's check above all, and returns what it found as a :class:`Validation`
without changing the problem.
"""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import functools
import itertools
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np
import sympy as sp
from sympy.core.relational import Relational

from pinnls.boundary import BoxFaces
from pinnls.errors import ProblemError, declared_at, shown
from pinnls.operators import OperatorPart
from pinnls.symbolic.data import Observations, read_observations, read_reference
from pinnls.symbolic.domain import (
    DEFAULT_POINTS,
    Box,
    Face,
    Grid,
    PointSpec,
    Random,
    parse_points,
    sample,
)
from pinnls.symbolic.linearity import (
    LinearForm,
    Unknown,
    bound_to_axes,
    check_symbols,
    exact_number,
    linear_form,
    numeric_function,
    substitute_parameters,
)
from pinnls.symbolic.shapes import (
    Boundary,
    BoundaryRegion,
    InteriorRegion,
    Shape,
    ShapeBoundary,
    SpaceTime,
    normal_symbols,
    with_normals,
)
from pinnls.symbolic.weights import W, parse_weight
from pinnls.transport import InflowRegion, velocity

__all__ = ["Problem", "Term", "Validation", "W"]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")


def _name_hint(name: object) -> str:
    """What a refused term name did wrong and a name that would do, as pinnls writes its own
    (``pde-flux-x0p5``: ``p`` for a decimal point, ``m`` for a minus sign)."""
    if not isinstance(name, str) or not name:
        return ", e.g. 'pde'"
    first = name[0]
    if first.isascii() and (first.isdigit() or first == "-"):
        problem = f"it starts with {first!r}"
        fixed = "m" + name[1:] if first == "-" else "_" + name
    else:
        bad = next(ch for ch in name if not (ch.isascii() and (ch.isalnum() or ch in "_-")))
        problem, fixed = f"{bad!r} is not allowed", name
    fixed = re.sub(r"[^A-Za-z0-9_-]", "_", fixed.replace(".", "p"))
    return f": {problem}; e.g. {fixed!r}"


#: Points at which an exact solution is checked unless its residual is 0 as sympy builds it.
_CHECK_POINTS = Random(64)
_NUMERIC_ONLY = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign)

#: Parameter values given to :func:`~pinnls.symbolic.loader.load_problem`, visible to the
#: ``Problem(...)`` calls of the file it runs (see :func:`given_parameters`); None otherwise.
#: Not None exactly while the loader runs a file (the values may be empty).
_GIVEN: contextvars.ContextVar[Mapping[str, float] | None] = contextvars.ContextVar(
    "pinnls_given_parameters", default=None
)


@contextlib.contextmanager
def given_parameters(values: Mapping[str, float]) -> Iterator[None]:
    """While active, a ``Problem(..., parameters={...})`` takes ``values`` for the names it
    declares (the names it does not declare are ignored here; the loader checks them).

    Only :func:`~pinnls.symbolic.loader.load_problem` uses this, around the run of a file: the
    values must reach the problem before its terms are declared, since a term substitutes the
    parameters when it is declared, so they cannot be applied to the finished problem.

    A context variable, rather than replacing ``Problem.__init__`` or a module-level global,
    because it is scoped: the class is never changed, a load in another thread (or asyncio
    task) does not see these values, a load nested inside a problem file gets its own (none
    unless given), and the previous state comes back on exit, also after an error.
    """
    token = _GIVEN.set(dict(values))
    try:
        yield
    finally:
        _GIVEN.reset(token)


def _in_problem_file() -> str | None:
    """``file:line`` of the declaration being made, while :func:`~pinnls.symbolic.loader.
    load_problem` runs a problem file (inside :func:`given_parameters`); None elsewhere, where
    an error's traceback shows the line (as for every other declaration error)."""
    return declared_at() if _GIVEN.get() is not None else None


@dataclasses.dataclass(frozen=True)
class Term:
    """One term ``eps * mean |L[u] - f|^2`` of the loss.

    Attributes
    ----------
    name : str
    kind : {"equation", "condition", "data"}
    equation : sympy Eq
        As the user declared it (parameters not yet substituted); a data term's right-hand
        side is the symbol ``data``.
    form : LinearForm
        The operator split into applications, coefficients and source.
    weight : sympy expression
        A number or an expression in ``W`` (and parameters).
    points : Grid, Random or Sobol
    on : Face, Boundary or None
        The face (or a shape's boundary) given explicitly with ``on=``.
    points_declared : bool
        Whether the file gave ``points=`` (False: the default cloud). The automatic strategy
        treats a declared cloud as a minimum and may refine any cloud.
    inflow : bool
        A condition of :meth:`Problem.inflow`: it holds where the flow enters the domain, on
        no one face (``fixed_axes`` is empty).
    data : Observations or None
        A data term's fixed points and values (never resampled); None for other terms.
    auto_weight : bool
        ``weight="auto"``: a regularization term whose weight the solve chooses (``weight``
        is then 1, the scan's unit).
    regularization : bool
        A prior rather than a law (:meth:`Problem.regularization`, or ``weight="auto"``): the
        exact solution need not satisfy it.
    """

    name: str
    kind: str
    equation: sp.Eq
    form: LinearForm
    weight: sp.Expr
    points: PointSpec
    on: Face | Boundary | None
    points_declared: bool = True
    #: Where the cloud is drawn on a shape (InteriorRegion or BoundaryRegion); None on a box.
    #: Compared by identity, so that the exact solution's cached check is per problem.
    region: object = None
    #: The normal symbols the term uses (n_x, ...), substituted per point when compiled.
    normals: tuple = ()
    inflow: bool = False
    data: Observations | None = None
    auto_weight: bool = False
    regularization: bool = False

    @property
    def declared_points(self) -> PointSpec | None:
        """The cloud as the file gave it, or None where it gave none."""
        return self.points if self.points_declared else None

    @property
    def fixed_axes(self) -> dict[int, float]:
        """Axes held fixed on this term's cloud (empty on the interior)."""
        fixed = dict(self.form.fixed_axes)
        if self.on is not None:
            fixed.update(dict(self.on.fixed))
        return fixed


@dataclasses.dataclass(frozen=True)
class Validation:
    """What :meth:`Problem.validate` established about a whole problem.

    Attributes
    ----------
    exact_check : dict of str to str
        How the exact solution was checked against each term, by term name: ``"symbolic"``
        (the residual is 0 as sympy builds it, or simplify gave 0 where the sampled points did
        not settle it) or ``"numeric"`` (zero to rounding at sampled points). Empty when
        the problem has no exact solution.
    """

    exact_check: dict[str, str] = dataclasses.field(default_factory=dict)


class Problem:
    """A linear PDE problem for one unknown, or a system of several, on a box.

    Parameters
    ----------
    unknown : sympy applied function, e.g. ``u(x, t)``, or a list of them
        Its arguments are the axis symbols; their names must be the domain's axes. A list
        such as ``[p(x, t), v(x, t)]`` declares a system: the unknowns share one basis, each
        with its own coefficients, and take the same arguments.
    domain : Box, a shape (Disk, Polygon, Ball, a combination) or shape * Box(t=...)
        On a shape, ``domain`` becomes its bounding box and ``shape`` the shape itself.
    name : str, optional
        Used in output paths and reports.
    parameters : mapping of str to float, optional
        Named constants: a sympy symbol with one of these names is replaced by its value.
        While :func:`~pinnls.load_problem` runs a file with ``parameters=``, its values replace
        the declared ones of the same names (see :func:`given_parameters`).
    time : sympy Symbol or str, optional
        The time axis, which time-slab marching (``time_slabs``) splits. Without it, an axis
        named ``t`` is time; a problem with neither has no time axis.
    """

    def __init__(
        self,
        unknown: sp.Expr,
        domain: Box,
        name: str | None = None,
        parameters: Mapping[str, float] | None = None,
        time: object = None,
    ) -> None:
        #: The shape (a Shape or SpaceTime) when the domain is not a box, else None.
        self.shape = None
        if isinstance(domain, (Shape, SpaceTime)):
            self.shape = domain
            if isinstance(domain, SpaceTime) and time is None:
                time = domain.time
            domain = Box(**domain.bounds)
        elif not isinstance(domain, Box):
            raise ProblemError(
                f"the domain must be a Box or a shape (Disk, Polygon, Ball, ...), got "
                f"{type(domain).__name__}"
            )
        self.domain = domain
        self.time = _time_axis(time, domain)
        if isinstance(self.shape, SpaceTime) and self.time != self.shape.time:
            raise ProblemError(
                f"time={self.time!r} is not the time axis '{self.shape.time}' of the domain"
            )
        #: The shape's interior in the problem's axes (None on a box).
        self.region = None
        if self.shape is not None:
            self.region = InteriorRegion(self._space_shape, self._time_span, domain.dim)
        #: Every unknown, in declaration order (one for a single equation).
        self.unknowns: tuple[Unknown, ...] = _unknowns(unknown, domain)
        #: The first unknown (the only one outside systems).
        self.unknown = self.unknowns[0]
        self.name = (
            str(name) if name is not None else "-".join(str(u.function) for u in self.unknowns)
        )
        if parameters is not None and not isinstance(parameters, Mapping):
            raise ProblemError(
                f"parameters must map names to numbers, e.g. parameters={{'c': 1.0}}, not "
                f"{type(parameters).__name__} {shown(parameters)}"
            )
        given = _GIVEN.get()
        if given and parameters:
            parameters = {key: given.get(str(key), value) for key, value in parameters.items()}
        self.parameters = _check_parameters(parameters or {}, domain)
        self.terms: tuple[Term, ...] = ()
        #: The exact solution, one expression per unknown (None when not declared).
        self.exact_solutions: tuple[sp.Expr, ...] | None = None
        #: ``file:line`` of the ``exact(...)`` call in a problem file (None outside one), so
        #: that validate, which checks the solution later, reports it there as the loader
        #: reports every other declaration error of a file.
        self.exact_declared_at: str | None = None

    @property
    def _space_shape(self) -> Shape | None:
        return self.shape.space if isinstance(self.shape, SpaceTime) else self.shape

    @property
    def _time_span(self) -> tuple | None:
        """(time axis index, lo, hi) of a shape * Box(t=...), else None."""
        if not isinstance(self.shape, SpaceTime):
            return None
        return (self.domain.index(self.shape.time), *self.shape.interval)

    @property
    def is_system(self) -> bool:
        """Whether the problem has several unknowns."""
        return len(self.unknowns) > 1

    @property
    def exact_solution(self) -> sp.Expr | dict | None:
        """The exact solution as declared: an expression for one unknown, a dict from each
        unknown (``p(x, t)``) to its expression for a system, or None."""
        if self.exact_solutions is None:
            return None
        if not self.is_system:
            return self.exact_solutions[0]
        return {u.expression: e for u, e in zip(self.unknowns, self.exact_solutions)}

    @property
    def _unknown_text(self) -> str:
        return ", ".join(str(u.expression) for u in self.unknowns)

    # -- declaration -------------------------------------------------------------------------

    def equation(
        self, name: str, eq: sp.Expr, weight: object = 1, points: object = None
    ) -> Problem:
        """Add a term that holds on the interior of the domain.

        Parameters
        ----------
        name : str
            An identifier, unique in the problem.
        eq : sympy Eq or expression
            ``Eq(lhs, rhs)``, or an expression meaning ``expr = 0``.
        weight : number, sympy expression in ``W``, or ``"auto"``
            ``"auto"`` (a regularization term of a problem with data): the solve chooses it,
            by generalized cross-validation or, when the data state their noise, by the
            unbiased predictive risk (docs/problem-files.md).
        points : Grid, Random, Sobol or text, optional
            The default is the paper's grid of spacing 1/64.
        """
        term = self._term(name, "equation", eq, weight, points, None)
        evaluated = [a for a in term.form.applications if a.fixed]
        if evaluated:
            where = ", ".join(f"{self.domain.axes[i]}={v:g}" for i, v in evaluated[0].fixed)
            raise ProblemError(
                f"term '{name}' is an equation on the interior but evaluates "
                f"{self.unknowns[evaluated[0].unknown].function} at {where}; use condition() "
                f"for terms on faces"
            )
        return self._add(term)

    def condition(
        self,
        name: str,
        eq: sp.Expr,
        weight: object = 1,
        points: object = None,
        on: Face | None = None,
    ) -> Problem:
        """Add a term that holds on part of the boundary (an initial or boundary condition).

        Where it holds is read from the arguments of the unknown (``u(x, 0)`` lies on t=0) or
        given with ``on=domain.face(x=1)``. A sum of applications on different faces, such as
        the periodic ``Eq(u(0, t) - u(1, t), 0)``, is sampled over the free axes and each
        application is evaluated at its own face.

        On a shape, ``on=shape.boundary`` (or ``shape.boundary.where(relation)``) puts the
        condition on its boundary, times the time interval of ``shape * Box(t=...)``; the
        term may then use ``shape.normal``, the outward unit normal at each point. An initial
        condition ``u(x, y, 0)`` lies on the shape at t = 0.
        """
        if isinstance(on, Boundary):
            self._check_boundary(name, on)
        elif on is not None and (not isinstance(on, Face) or on.box != self.domain):
            raise ProblemError(
                f"term '{name}': on= must be a face of this problem's domain, "
                f"e.g. domain.face({self.domain.axes[0]}={self.domain.lower[0]:g})"
            )
        term = self._term(name, "condition", eq, weight, points, on)
        if not term.fixed_axes and not isinstance(on, Boundary):
            function = self.unknowns[term.form.applications[0].unknown].function
            raise ProblemError(
                f"condition '{name}' does not say where it holds: evaluate "
                f"{function} on a face (e.g. {self._face_example()}) or pass "
                f"on=domain.face(...)"
            )
        self._check_placement(term)
        return self._add(term)

    def _check_boundary(self, name: str, on: Boundary) -> None:
        """Refuse a boundary that is not this problem's shape's (or box's)."""
        space = self._space_shape
        if space is None:
            from pinnls.symbolic.shapes import as_shape

            space = as_shape(self.domain) if self.domain.dim in (2, 3) else None
        if space is None or on.shape != space:
            mine = space.describe() if space is not None else self.domain.describe()
            raise ProblemError(
                f"term '{name}': on= is the boundary of {on.shape.describe()}, not of this "
                f"problem's domain {mine}"
            )

    def inflow(self, name: str, eq: sp.Expr, weight: object = 1, points: object = None) -> Problem:
        """Add a condition that holds where the flow enters the domain.

        The equation's velocity ``a`` (the coefficients of its first derivatives in space,
        divided by that of the time derivative) is found from the problem's first-order
        equation, and the condition holds on the points of the spatial boundary, times the
        time interval, where ``a . n < 0`` (``n`` the outward unit normal). A velocity that
        varies may make a face partly inflow: only that part gets points.

        Parameters
        ----------
        name : str
        eq : sympy Eq or expression
            Written at the boundary point itself, ``sp.Eq(u(x, t), g)``: where it holds comes
            from the velocity, not from the arguments.
        weight : number or sympy expression in ``W``
        points : Grid, Random, Sobol or text, optional
            Drawn on every spatial face (a grid per face; random and Sobol points shared among
            the faces by area) and kept where the flow enters.
        """
        if self.is_system:
            raise ProblemError(
                f"inflow '{name}': problem.inflow needs one unknown, and this problem has "
                f"{len(self.unknowns)}; give a system's entering characteristics as conditions "
                f"on faces"
            )
        term = self._term(name, "condition", eq, weight, points, None)
        evaluated = [a for a in term.form.applications if a.fixed]
        if evaluated:
            shown = evaluated[0].describe(self.domain, self.unknowns)
            raise ProblemError(
                f"inflow '{name}' evaluates {shown}; write it at the boundary point itself, "
                f"e.g. sp.Eq({self.unknown.expression}, g): where it holds comes from the "
                f"velocity"
            )
        # its region (the inflow part of the boundary) is made when compiled
        return self._add(dataclasses.replace(term, inflow=True, region=None))

    def inflow_region(self, name: str = "inflow") -> InflowRegion:
        """Where :meth:`inflow` conditions hold: the velocity and the spatial boundary (the
        box's faces, or the shape's boundary with its normals).

        Raises
        ------
        ProblemError
            The problem has no first-order transport equation for one unknown.
        """
        symbols = self.unknown.axis_symbols(self.domain)
        time_axis = None if self.time is None else self.domain.axes.index(self.time)
        found = velocity(
            [
                _Lowered(
                    t.name,
                    t.kind,
                    tuple(
                        OperatorPart(
                            a.derivative,
                            a.fixed,
                            numeric_function(c, symbols, f"term '{t.name}'"),
                            "",
                            a.unknown,
                        )
                        for a, c in zip(t.form.applications, t.form.coefficients)
                    ),
                )
                for t in self.terms
                if t.kind == "equation"
            ],
            self.domain.dim,
            time_axis,
        )
        if isinstance(found, str):
            raise ProblemError(
                f"inflow '{name}' needs a first-order transport equation for one unknown to "
                f"find where the flow enters, and {found}; state the condition on its face "
                f"with condition(...)"
            )
        if self.shape is not None:
            return InflowRegion(ShapeBoundary(self.boundary_region()), found)
        return InflowRegion(BoxFaces.of(self.domain.axes, time_axis), found)

    def boundary_region(self) -> BoundaryRegion:
        """The whole boundary of the problem's shape (times the time interval), as the sampler
        of its clouds; only for a problem on a shape."""
        return Boundary(self._space_shape).region(self._time_span, self.domain.dim)

    def regularization(
        self, name: str, eq: sp.Expr, weight: object = "auto", points: object = None
    ) -> Problem:
        """Add a regularization: an equation on the interior that states a prior (such as
        ``f(x).diff(x, 2) = 0``, a smooth source), not a law, so the exact solution need not
        satisfy it.

        Parameters
        ----------
        name : str
        eq : sympy Eq or expression
        weight : ``"auto"``, number or sympy expression in ``W``
            ``"auto"`` (the default): chosen by the solve from how well the data are fitted
            (see :meth:`equation`).
        points : Grid, Random, Sobol or text, optional
        """
        self.equation(name, eq, weight, points)
        term = dataclasses.replace(self.terms[-1], regularization=True)
        self.terms = self.terms[:-1] + (term,)
        return self

    def _check_placement(self, term: Term) -> None:
        """Reject conditions whose applications of u cannot share one point cloud."""
        axes = self.domain.axes
        given = dict(term.on.fixed) if term.on is not None else {}
        apps = term.form.applications
        # An unknown that does not take an axis (a tank's c_T(t) beside a pipe's c(x, t)) is
        # the same wherever its points lie along it: c(0, t) - c_T(t) = 0 holds on x = 0. Each
        # comparison below is made only among the applications whose unknowns take the axis.
        missing = [set(self.unknowns[app.unknown].missing_axes(self.domain)) for app in apps]
        # Periodic u(0, t) - u(1, t) fixes x in both applications: fine. u(x, 0) + u(0, t)
        # fixes different axes, which would shrink the cloud to the corner (0, 0).
        fixed = [frozenset(a for a, _ in app.fixed) - set(given) for app in apps]
        union = frozenset().union(*fixed)
        if any(not (union - gone) <= own for own, gone in zip(fixed, missing)):
            shown = " and ".join(app.describe(self.domain, self.unknowns) for app in apps[:2])
            which = "an unknown" if self.is_system else str(self.unknown.function)
            raise ProblemError(
                f"term '{term.name}': {shown} lie on different kinds of face; every application "
                f"of {which} in one condition must vary over the same axes"
            )
        # A condition that couples unknowns (incoming characteristics p + 2 v = g) holds where
        # they all sit; p(0, t) + v(1, t) would pair values on different faces, which is a
        # periodic-style coupling between unknowns that no bundled physics needs.
        faces: dict[int, set] = {}
        for app in apps:
            faces.setdefault(app.unknown, set()).add(app.fixed)
        taken = {
            i: set(range(self.domain.dim)) - set(self.unknowns[i].missing_axes(self.domain))
            for i in faces
        }
        for first, other in itertools.combinations(sorted(faces), 2):
            common = taken[first] & taken[other]

            def on(i, common=common):
                return {tuple((a, v) for a, v in f if a in common) for f in faces[i]}

            if on(first) != on(other):
                shown = [
                    next(a for a in apps if a.unknown == i).describe(self.domain, self.unknowns)
                    for i in (first, other)
                ]
                raise ProblemError(
                    f"term '{term.name}': {shown[0]} and {shown[1]} sit on different faces; the "
                    f"unknowns of one condition must be evaluated on the same face"
                )
        for axis, value in given.items():
            values = [
                dict(app.fixed).get(axis) for app, gone in zip(apps, missing) if axis not in gone
            ]
            if values and all(v is not None and v != value for v in values):
                which = "the unknowns are" if self.is_system else f"{self.unknown.function} is"
                raise ProblemError(
                    f"term '{term.name}': on= puts its points at {axes[axis]}={value:g} but "
                    f"{which} evaluated only at {axes[axis]}="
                    f"{', '.join(f'{v:g}' for v in sorted(set(values)))}"
                )

    def data(
        self,
        name: str,
        expr: sp.Expr,
        source: object = None,
        *,
        points: object = None,
        values: object = None,
        weight: object = 1,
        noise: object = None,
    ) -> Problem:
        """Add observations: the linear expression ``expr`` fitted to measured values at
        fixed points (a data term; its points are never resampled or refined).

        Parameters
        ----------
        name : str
            An identifier, unique in the problem.
        expr : sympy expression
            Linear in the unknowns, e.g. ``u(x, t)``, ``u(x, t).diff(x)`` or ``p(x, t) +
            v(x, t)``; a part without unknowns is subtracted from the values.
        source : path-like, optional
            A ``.csv`` file with a column per axis and ``value``, an ``.h5`` with a 1-D
            dataset of each of those names, or an ``.npz`` with arrays ``points`` (n, d) and
            ``values`` (n,); a relative path is read from the folder of
            the file that declares the term (the problem file), else the working directory.
        points : (n, d) array-like, optional
            The points, in the domain's axis order (instead of a file).
        values : (n,) array-like, optional
        weight : number or sympy expression in ``W``
            eps of the term, as for equations (the loss is ``eps * mean |expr - value|^2``).
        noise : number, optional
            The standard deviation of the values' errors (Gaussian, independent); it enables
            the uncertainty of the solution.

        Raises
        ------
        ProblemError
            A file that is missing, empty, lacks a column or holds a NaN, a point outside the
            domain, or a length mismatch: one line naming the file (or ``points=``) and the row.
        """
        if isinstance(expr, sp.Eq):
            raise ProblemError(
                f"data '{name}': give the observed expression, e.g. {self.unknown.expression}, "
                f"not an equation; the values come from points=/values= or a file"
            )
        _check_source(source, f"data '{name}'", "problem.data(name, expr, 'sensors.csv')")
        declared = _in_problem_file() or declared_at()
        base = Path(declared.rsplit(":", 1)[0]).parent if declared else Path.cwd()
        observations = read_observations(
            source,
            points,
            values,
            self.domain.axes,
            self.domain.lower,
            self.domain.upper,
            noise,
            base,
            name,
        )
        term = self._term(name, "data", expr, weight, None, None)
        term = dataclasses.replace(
            term,
            equation=sp.Eq(sp.sympify(expr), sp.Symbol("data"), evaluate=False),
            data=observations,
        )
        return self._add(term)

    def reference(self, source: object) -> Problem:
        """Declare a reference solution from a file, for errors where no formula is known
        (a finite-element run, a measured field).

        Parameters
        ----------
        source : path-like
            A ``.csv`` file with a column per axis and ``value`` (one unknown) or a column per
            unknown (a system), an ``.h5`` with 1-D datasets of those names, or an ``.npz``
            with ``points`` (n, d) and ``values`` (n,) or (n, m); a relative path is read from
            the folder of the file that declares it (the problem file), else the working
            directory.

        Raises
        ------
        ProblemError
            As for data: a missing or empty file, a missing column, a NaN, a point outside the
            domain (one line naming the file and row).
        """
        _check_source(source, "reference", "problem.reference('fem.csv')", optional=False)
        declared = _in_problem_file() or declared_at()
        base = Path(declared.rsplit(":", 1)[0]).parent if declared else Path.cwd()
        #: The reference solution's points and values (None when not declared).
        self.reference_solution = read_reference(
            source,
            tuple(str(u.function) for u in self.unknowns),
            self.domain.axes,
            self.domain.lower,
            self.domain.upper,
            base,
        )
        return self

    def exact(self, solution: object) -> Problem:
        """Declare the exact solution (checked by validate).

        Parameters
        ----------
        solution : sympy expression in the axes, or a dict
            For a system, a dict from each unknown (``p(x, t)``, the function ``p`` or its
            name ``"p"``) to its expression; a single unknown takes either form.
        """
        self.exact_solutions = self._per_unknown(solution, "exact")
        self.exact_declared_at = _in_problem_file()
        return self

    def manufactured(self, solution: object) -> Problem:
        """A new problem with the same operators whose right-hand sides make ``solution`` exact.

        Each term keeps its operator side ``L_k[u]``; its right-hand side becomes
        ``L_k[solution]`` (the method of manufactured solutions). Declare the terms with any
        right-hand side (``0`` is natural), then call this.

        Parameters
        ----------
        solution : sympy expression, or a dict from each unknown to one (as :meth:`exact`)
        """
        solutions = self._per_unknown(solution, "manufactured")
        unknowns = [u.expression for u in self.unknowns]
        result = Problem(
            unknowns if self.is_system else unknowns[0],
            self.shape if self.shape is not None else self.domain,
            self.name,
            self.parameters,
            time=self.time,
        )
        for term in self.terms:
            if term.kind == "data":
                raise ProblemError(
                    f"manufactured() keeps operators, and '{term.name}' is data; declare the "
                    f"data terms on the manufactured problem"
                )
            applied = term.form.apply(solutions, self.unknowns, self.domain)
            originals = _originals(term, self)
            lhs = term.form.operator.xreplace(originals)
            eq = sp.Eq(lhs, applied, evaluate=False)
            if term.kind == "equation":
                result.equation(term.name, eq, term.weight, term.declared_points)
            elif term.inflow:
                result.inflow(term.name, eq, term.weight, term.declared_points)
            else:
                result.condition(term.name, eq, term.weight, term.declared_points, term.on)
        result.exact_solutions = solutions
        result.exact_declared_at = _in_problem_file()
        return result

    def _per_unknown(self, solution: object, what: str) -> tuple[sp.Expr, ...]:
        """One checked expression per unknown, from an expression or a dict.

        Raises
        ------
        ProblemError
            A system given one expression, a dict that misses an unknown or names a function
            that is not one, or an expression that contains an unknown.
        """
        if isinstance(solution, Mapping):
            given, keys = {}, {}
            for key, value in solution.items():
                index = self._unknown_index(key)
                if index is None:
                    raise ProblemError(
                        f"the {what} solution names {key}, which is not an unknown; the "
                        f"unknowns are {self._unknown_text}"
                    )
                if index in given:
                    # {"p": ..., p: ...}: the last one won without a word
                    raise ProblemError(
                        f"the {what} solution gives {self.unknowns[index].expression} twice "
                        f"({keys[index]!r} and {key!r}); give each unknown once"
                    )
                given[index], keys[index] = value, key
            missing = [u for i, u in enumerate(self.unknowns) if i not in given]
            if missing:
                raise ProblemError(
                    f"the {what} solution gives no value for {missing[0].expression}; give one "
                    f"for each unknown: {self._unknown_text}"
                )
            values = [given[i] for i in range(len(self.unknowns))]
        elif self.is_system:
            raise ProblemError(
                f"this problem has {len(self.unknowns)} unknowns; give the {what} solution as "
                f"a dict, e.g. {what}({{"
                + ", ".join(f"{u.expression}: ..." for u in self.unknowns)
                + "})"
            )
        else:
            values = [solution]
        out = []
        for unknown, value in zip(self.unknowns, values):
            value = _expression(value, f"the {what} solution of {unknown.expression}")
            if any(value.has(u.function) for u in self.unknowns):
                raise ProblemError(
                    f"the {what} solution of {unknown.expression} must not contain the unknowns "
                    f"themselves"
                )
            value = self._canonical(substitute_parameters(value, self.parameters))
            check_symbols(value, self.unknowns, self.domain, {}, what)
            others = sorted(
                self.domain.axes[i]
                for i in unknown.missing_axes(self.domain)
                if value.has(sp.Symbol(self.domain.axes[i]))
                or any(s.name == self.domain.axes[i] for s in value.free_symbols)
            )
            if others:
                raise ProblemError(
                    f"the {what} solution of {unknown.expression} depends on {others[0]}, "
                    f"which {unknown.expression} does not take"
                )
            out.append(value)
        return tuple(out)

    def _unknown_index(self, key: object) -> int | None:
        """The position of the unknown that ``key`` names (``p(x, t)``, ``p`` or ``"p"``)."""
        for index, unknown in enumerate(self.unknowns):
            if key == unknown.expression or key == unknown.function:
                return index
            if isinstance(key, str) and key == str(unknown.function):
                return index
        return None

    # -- checks ------------------------------------------------------------------------------

    def validate(self) -> Validation:
        """Check the problem as a whole; raise ``ProblemError`` naming the term at fault.

        It needs at least one term, and the exact solution (if given) must satisfy every term:
        symbolically where sympy builds the residual as 0, otherwise numerically at sampled
        points, and where those do not settle it by ``simplify`` (slow on some expressions,
        hence last; not for kinks from ``Max``/``Abs``); for a problem file a miss is reported
        at the ``file:line`` of its ``exact(...)`` call. The problem itself is not changed.

        Returns
        -------
        Validation
            The method that checked the exact solution, per term.
        """
        if not self.terms:
            raise ProblemError(f"problem '{self.name}' has no terms; add equation(...)")
        used = {i for t in self.terms for i in t.form.unknowns}
        for index, unknown in enumerate(self.unknowns):
            if index not in used:
                raise ProblemError(
                    f"the unknown {unknown.expression} appears in no term; every unknown needs "
                    f"an equation or condition that involves it"
                )
        regions = {t.name: self._checked_inflow(t.name) for t in self.terms if t.inflow}
        automatic = [t.name for t in self.terms if t.auto_weight]
        if automatic and not any(t.kind == "data" for t in self.terms):
            raise ProblemError(
                f"term '{automatic[0]}' has weight='auto', which is chosen from how well the "
                f"data are fitted, and the problem has no data term; give a number"
            )
        if self.exact_solutions is None:
            return Validation()
        try:
            return Validation(
                {
                    t.name: _check_exact(
                        t, self.exact_solutions, self.unknowns, self.domain, regions.get(t.name)
                    )
                    for t in self.terms
                    # Measured values need not satisfy the exact solution to rounding, nor
                    # need a regularization (a prior, not a law).
                    if t.kind != "data" and not t.regularization
                }
            )
        except ProblemError as error:
            if self.exact_declared_at is None:
                raise
            # file:line of problem.exact(...), as every other declaration error has it
            raise type(error)(f"{self.exact_declared_at}: {error}") from None

    def _checked_inflow(self, name: str) -> InflowRegion:
        """The region of inflow condition ``name``; refused where the flow enters nowhere."""
        region = self.inflow_region(name)
        lower = np.array(self.domain.lower, dtype=np.float64)
        upper = np.array(self.domain.upper, dtype=np.float64)
        if not region.draw(lower, upper, Grid(n=17), 0, name).size:
            raise ProblemError(
                f"inflow '{name}': the flow of '{region.velocity.equation}' enters the domain "
                f"nowhere (a·n >= 0 on every face); state the data where it belongs with "
                f"condition(...)"
            )
        return region

    # -- helpers -----------------------------------------------------------------------------

    def _term(self, name, kind, eq, weight, points, on) -> Term:
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            raise ProblemError(
                f"term name {name!r} must be an identifier (letters, digits, _ or -, starting "
                f"with a letter or _){_name_hint(name)}"
            )
        if any(t.name == name for t in self.terms):
            raise ProblemError(f"term '{name}' is declared twice; term names must be unique")
        if isinstance(eq, (sp.logic.boolalg.BooleanTrue, sp.logic.boolalg.BooleanFalse)):
            raise ProblemError(
                f"term '{name}': sympy evaluated the equation to {eq} before pinnls saw it "
                f"(both sides are identical or contradictory constants, or one is NaN)"
            )
        if isinstance(eq, sp.Eq):
            expression = eq.lhs - eq.rhs
        elif isinstance(eq, (sp.Expr, int, float)):
            expression = sp.sympify(eq)
        else:
            raise ProblemError(
                f"term '{name}' must be a sympy Eq(lhs, rhs) or expression, got {type(eq).__name__}"
            )
        _refuse_what_rows_cannot_read(name, expression, self.domain.axes)
        normals = ()
        if isinstance(on, Boundary):
            space = self._space_shape
            axes = space.axes if space is not None else self.domain.axes
            normals = normal_symbols(axes)
        used = sorted(
            {s.name for s in expression.free_symbols}
            & {n.name for n in normal_symbols(self.domain.axes)} - {n.name for n in normals}
        )
        if used:
            raise ProblemError(
                f"term '{name}' uses the normal '{used[0]}', which exists only on a boundary; "
                f"pass on=domain.boundary"
            )
        expression = bound_to_axes(expression, self.unknowns)
        form = linear_form(
            expression,
            self.unknowns,
            self.domain,
            self.parameters,
            name,
            extra=tuple(n.name for n in normals),
        )
        # after linear_form, whose own messages name what it cannot read (a derivative at a
        # parameter's face); one along a symbol that is not an axis it dropped without a word
        _refuse_derivatives_off_the_axes(name, expression, self.domain.axes)
        normals = tuple(n for n in normals if _has_symbol(form, n.name))
        region = self._region(name, form, on)
        auto = isinstance(weight, str) and weight.strip() == "auto"
        if auto and kind == "data":
            raise ProblemError(
                f"data '{name}': weight='auto' is for a regularization equation; a data term's "
                f"weight is a number (its noise= sets how much it is trusted)"
            )
        return Term(
            name=name,
            kind=kind,
            equation=eq if isinstance(eq, sp.Eq) else sp.Eq(expression, 0, evaluate=False),
            form=form,
            weight=sp.Integer(1) if auto else parse_weight(weight, name, self.parameters),
            points=DEFAULT_POINTS if points is None else _points(points, name),
            on=on,
            points_declared=points is not None,
            region=region,
            normals=normals,
            auto_weight=auto,
            regularization=auto,
        )

    def _region(self, name: str, form: LinearForm, on: object) -> object:
        """Where a term's cloud lies on a shape (None on a box, unless on=box.boundary)."""
        if isinstance(on, Boundary):
            fixed = form.fixed_axes
            if fixed:
                axis = self.domain.axes[next(iter(fixed))]
                raise ProblemError(
                    f"term '{name}' holds on the boundary but evaluates the unknown at a fixed "
                    f"{axis}; write it at the boundary point, e.g. {self.unknown.expression}"
                )
            return on.region(self._time_span, self.domain.dim)
        if self.shape is None:
            return None
        time_axis = None if self.time is None else self.domain.index(self.time)
        space_fixed = [i for i in form.fixed_axes if i != time_axis]
        if space_fixed or (isinstance(on, Face) and any(i != time_axis for i, _ in on.fixed)):
            axis = self.domain.axes[(space_fixed or [i for i, _ in on.fixed])[0]]
            # on a shape, an edge is given by where it lies on the boundary, not by a fixed
            # axis: u(0, y) on a square with a hole was said to cut through the shape, though
            # x = 0 is the square's own edge (an adversary's file)
            raise ProblemError(
                f"term '{name}' fixes {axis}: on the shape {self._space_shape.describe()} a "
                f"condition is given on its boundary, on=domain.boundary, or on a part of it, "
                f"on=domain.boundary.where({axis} < ...) (a fixed {axis} is a face of a Box only)"
            )
        return self.region

    def _add(self, term: Term) -> Problem:
        spec = term.points
        if isinstance(spec, Grid) and spec.n is not None and not isinstance(spec.n, int):
            free = [a for i, a in enumerate(self.domain.axes) if i not in term.fixed_axes]
            if term.region is not None:
                free = [
                    self.domain.axes[i] if i >= 0 else "boundary"
                    for i in term.region.free_axes(term.fixed_axes)
                ]
            elif term.inflow and self.shape is not None:
                free = [
                    self.domain.axes[i] if i >= 0 else "boundary"
                    for i in self.boundary_region().free_axes({})
                ]
            elif term.inflow:  # each face varies over every axis but its own
                free = free[1:]
            if len(spec.n) != len(free):
                raise ProblemError(
                    f"term '{term.name}': Grid n={spec.n} gives {len(spec.n)} counts but the "
                    f"term's points vary over {len(free)} axes ({', '.join(free) or 'none'})"
                )
        self.terms = self.terms + (term,)
        return self

    def _canonical(self, expression: sp.Expr) -> sp.Expr:
        """Use the unknown's own axis symbols, matched by name (assumptions may differ)."""
        by_name = {s.name: s for s in self.unknown.symbols}
        return expression.xreplace(
            {s: by_name[s.name] for s in expression.free_symbols if s.name in by_name}
        )

    def _face_example(self) -> str:
        args = [str(s) for s in self.unknown.symbols]
        args[0] = f"{self.domain.interval(args[0])[0]:g}"
        return f"{self.unknown.function}({', '.join(args)})"

    def __repr__(self) -> str:
        unknowns = f"[{self._unknown_text}]" if self.is_system else str(self.unknown.expression)
        where = self.shape.describe() if self.shape is not None else self.domain.describe()
        return f"Problem({unknowns}, {where}, terms={[t.name for t in self.terms]})"


# Cached on the values it reads (all frozen and hashable), so that compiling the same problem
# again, or after validate(), does not repeat the check; the Problem itself keeps no
# "validated" flag that could go stale or be written behind the user's back.
@functools.lru_cache(maxsize=256)
def _check_exact(
    term: Term,
    exact: tuple[sp.Expr, ...],
    unknowns: tuple[Unknown, ...],
    domain: Box,
    region: InflowRegion | None = None,
) -> str:
    """``"symbolic"`` or ``"numeric"``: how ``exact`` (one expression per unknown) was found to
    satisfy ``term`` (an inflow condition on its ``region``)."""
    unknown = unknowns[0]
    lhs = term.form.apply(exact, unknowns, domain)
    if lhs.has(sp.zoo, sp.nan) and _reads_own_face(term):
        # a solution that has the face's value only as a limit (the heat kernel's
        # erfc(x / (2 sqrt(t))) at t = 0): read it at the face's points, where floats give
        # erfc(inf) = 0, instead of in sympy, where x / 0 is zoo
        lhs = term.form.apply(exact, unknowns, domain, faces=False)
    residual = lhs - term.form.source
    if residual == 0:
        return "symbolic"
    symbols = unknown.axis_symbols(domain)
    if region is None:
        points = sample(
            domain, _CHECK_POINTS, term.fixed_axes, seed=12345, salt=term.name, region=term.region
        )
    else:
        lower = np.array(domain.lower, dtype=np.float64)
        upper = np.array(domain.upper, dtype=np.float64)
        points = region.draw(lower, upper, _CHECK_POINTS, 12345, term.name).points
    if region is None and term.region is None and not term.normals:
        # a step narrower than the points' spacing (a band 0.002 wide in a Piecewise) fell
        # between them, and a wrong exact solution passed: a point inside every cell too
        points = np.vstack(
            [points, _step_points(residual, symbols, points, term.fixed_axes, domain)]
        )

    def at_points(expression):
        return with_normals(
            numeric_function(expression, symbols + term.normals, f"term '{term.name}'"),
            term.region,
            term.normals,
        )(points)

    values = at_points(residual)
    scale = max(
        1.0,
        float(np.max(np.abs(at_points(lhs)))),
        float(np.max(np.abs(at_points(term.form.source)))),
    )
    worst = float(np.max(np.abs(values)))
    if np.isfinite(worst) and worst <= 1e-9 * scale:
        return "numeric"
    # The points in 50 and 100 digits first: rounding (a huge wavenumber) reads as zero there,
    # and a wrong solution as clearly nonzero, without simplify, which ran for minutes on wrong
    # solutions of a few dozen trigonometric powers (a helper's files: 156 s, and more than 600
    # s, for an error that the points had shown). Only where floats read it at every point:
    # cosh(800 x)^2 - sinh(800 x)^2 is inf - inf in floats (simplify proves it 1).
    precise = (
        _precise_residual(residual, lhs, term.form.source, symbols, term, points)
        if np.isfinite(worst)
        else None
    )
    if precise == "zero":
        return "numeric"
    if precise == "nonzero":
        shown = residual if len(str(residual)) < 200 else f"{str(residual)[:200]}..."
        raise ProblemError(
            f"exact solution does not satisfy '{term.name}': residual {shown} "
            f"(max |residual| {worst:.3g} at sampled points)"
        )
    # simplify only where the points did not settle it (a NaN of 0/0 at a point, or a
    # residual that 50 digits could not read, whose form it then shows readably): it took 29 s
    # on a forced wave's exact solution that the points accept in 0.1 s
    simplified = residual if residual.has(*_NUMERIC_ONLY) else sp.simplify(residual)
    if simplified == 0:
        return "symbolic"
    shown = simplified if len(str(simplified)) < 200 else f"{str(simplified)[:200]}..."
    raise ProblemError(
        f"exact solution does not satisfy '{term.name}': residual {shown} "
        f"(max |residual| {worst:.3g} at sampled points)"
    )


#: The most points that :func:`_step_points` adds to one term's check, and the sampled points
#: each interval's copies start from (fewer, down to one, where the intervals are many).
_STEP_POINTS = 4096
_STEP_COPIES = 4


def _step_points(
    residual: sp.Expr,
    symbols: Sequence[sp.Symbol],
    points: np.ndarray,
    fixed: Mapping[int, float],
    domain: Box,
) -> np.ndarray:
    """Points inside every interval that the steps of ``residual`` cut an axis into.

    A Piecewise's or Heaviside's condition (or a ``sign``'s argument) that depends on one free
    axis once the term's fixed axes are put in (``x > 0.5``; ``x - t > 0.5`` on the face
    ``t = 0``; ``|x - 0.501| < 0.001``) cuts that axis at its roots. The first
    :data:`_STEP_COPIES` of ``points`` are copied with that axis set to the middle of each
    interval between consecutive cuts (and the axis' ends), so that no interval goes
    unsampled however narrow, at most :data:`_STEP_POINTS` points in all (the narrowest
    intervals first, one copy each where they are many). A condition on two free axes (an
    oblique band inside the domain) cuts nothing here. Anything sympy cannot read adds no
    points: they are an extra of the check, never a cause of its failure.

    Parameters
    ----------
    residual : sympy expression
    symbols : sequence of sympy.Symbol
        The axes' symbols, in the domain's order.
    points : (n, d) ndarray
        The sampled points.
    fixed : mapping of int to float
        The term's fixed axes and their values.
    domain : Box

    Returns
    -------
    (k, d) ndarray
        The copies (k = 0 where the residual has no such step).
    """
    none = np.empty((0, points.shape[1]))
    try:
        cuts = _step_cuts(residual, symbols, fixed, domain)
    except Exception:  # noqa: BLE001 - sympy's failures to read a condition leave the check as it was
        return none
    intervals = []  # (width, axis, middle)
    for i, roots in cuts.items():
        low, high = domain.interval(domain.axes[i])
        edges = sorted({low, high, *(r for r in roots if low < r < high)})
        intervals += [(b - a, i, (a + b) / 2) for a, b in zip(edges[:-1], edges[1:])]
    if not intervals:
        return none
    intervals.sort()  # the narrowest first, where there are more than the points allow
    copies = max(1, min(_STEP_COPIES, _STEP_POINTS // len(intervals)))
    base = points[:copies]
    moved = []
    for _, i, middle in intervals[: _STEP_POINTS // copies]:
        shifted = base.copy()
        shifted[:, i] = middle
        moved.append(shifted)
    return np.vstack(moved)


def _step_cuts(
    residual: sp.Expr, symbols: Sequence[sp.Symbol], fixed: Mapping[int, float], domain: Box
) -> dict[int, set[float]]:
    """The roots, by axis, of the conditions and sign arguments in ``residual`` that depend on
    one free axis (see :func:`_step_points`)."""
    relations = [
        r.lhs - r.rhs
        for r in residual.atoms(Relational)
        if isinstance(r.lhs, sp.Expr) and isinstance(r.rhs, sp.Expr)  # not Ne(x > a, x > b)
    ]
    relations += [h.args[0] for h in residual.atoms(sp.Heaviside)]
    relations += [g.args[0] for g in residual.atoms(sp.sign)]
    known = {symbols[i]: value for i, value in fixed.items()}
    cuts: dict[int, set[float]] = {}
    for relation in relations:
        relation = sp.sympify(relation).subs(known)
        free = [i for i, s in enumerate(symbols) if s in relation.free_symbols]
        if len(free) != 1 or relation.free_symbols != {symbols[free[0]]}:
            continue
        axis = symbols[free[0]]
        slope = relation.diff(axis)
        if slope.is_number and slope != 0 and not (relation - slope * axis).has(axis):
            cuts.setdefault(free[0], set()).add(float(-(relation - slope * axis) / slope))
            continue
        if sp.count_ops(relation) > 40:  # solveset on a long expression can take minutes
            continue
        low, high = domain.interval(domain.axes[free[0]])
        found = sp.solveset(relation, axis, domain=sp.Interval(low, high))
        if isinstance(found, sp.FiniteSet):
            roots = {float(r) for r in found if r.is_real}
            cuts.setdefault(free[0], set()).update(roots)
    return cuts


#: Points of the high-precision reading of an exact solution's residual, its two precisions
#: (digits), and its verdicts: zero at most ZERO of the terms' scale, nonzero at least NONZERO
#: of it in both precisions, which agree (else simplify decides).
_PRECISE_POINTS = 8
_PRECISE_DIGITS = (50, 100)
_PRECISE_ZERO = 1e-25
_PRECISE_NONZERO = 1e-9


def _precise_residual(residual, lhs, source, symbols, term: Term, points) -> str | None:
    """``"zero"`` or ``"nonzero"``: the residual of an exact solution at the first
    :data:`_PRECISE_POINTS` sampled points in 50 and in 100 digits (mpmath), against the scale
    of the operator's value and the source there; None where that does not settle it (a term
    on a shape's normals, a function that mpmath cannot evaluate, a value that is not finite,
    lies between the two bounds, or changes with the precision: ``cosh(100 x)^2 -
    sinh(100 x)^2`` cancels 87 digits, and reads as an error in 50)."""
    import mpmath

    if term.normals or residual.has(*_NUMERIC_ONLY):
        return None
    try:
        functions = [sp.lambdify(symbols, e, modules="mpmath") for e in (residual, lhs, source)]
        readings = []
        for digits in _PRECISE_DIGITS:
            with mpmath.workdps(digits):
                rows = [[mpmath.mpf(float(v)) for v in p] for p in points[:_PRECISE_POINTS]]
                values = [[abs(mpmath.mpmathify(f(*row))) for row in rows] for f in functions]
                worst = max(values[0])
                scale = max([mpmath.mpf(1), *values[1], *values[2]])
                if not (mpmath.isfinite(worst) and mpmath.isfinite(scale)):
                    return None
                readings.append((float(worst / scale), float(worst)))
    except Exception:  # noqa: BLE001 - any failure to read it leaves the verdict to simplify
        return None
    (low, low_worst), (high, high_worst) = readings
    if low <= _PRECISE_ZERO and high <= _PRECISE_ZERO:
        return "zero"
    if low >= _PRECISE_NONZERO and abs(low_worst - high_worst) <= 1e-6 * high_worst:
        return "nonzero"
    return None


def _reads_own_face(term: Term) -> bool:
    """Whether every application of ``term``'s operator reads the unknown on the face where
    its points lie (not a periodic ``u(0, y) - u(1, y)``, which read without putting in the
    faces would cancel to 0)."""
    own = {(axis, float(value)) for axis, value in term.form.applications[0].fixed}
    return all(
        {(axis, float(value)) for axis, value in app.fixed} == own for app in term.form.applications
    )


def _has_symbol(form: LinearForm, name: str) -> bool:
    """Whether a coefficient or the source of ``form`` uses the symbol ``name``."""
    return any(
        s.name == name
        for e in (*form.coefficients, form.source)
        for s in sp.sympify(e).free_symbols
    )


@dataclasses.dataclass(frozen=True)
class _Lowered:
    """An equation's name, kind and operator parts, as :func:`pinnls.transport.velocity`
    reads them from a compiled term."""

    name: str
    kind: str
    parts: tuple


def _points(points: object, term: str) -> PointSpec:
    try:
        return parse_points(points)
    except ProblemError as error:
        raise ProblemError(f"term '{term}': {error}") from None


def _check_source(source: object, what: str, example: str, optional: bool = True) -> None:
    """A data or reference ``source`` is a path (str or path-like), or None where optional.

    Raises
    ------
    ProblemError
        Anything else, naming ``what`` and the value given.
    """
    if (source is None and optional) or isinstance(source, (str, os.PathLike)):
        return
    raise ProblemError(
        f"{what}: the source must be a file path (a str or path-like), e.g. {example}, not "
        f"{type(source).__name__} {shown(source)}"
    )


def _expression(value: object, what: str) -> sp.Expr:
    """``value`` as a sympy expression (a number, an expression, or its text).

    Raises
    ------
    ProblemError
        None, text that sympy cannot read, or something that is not an expression (a list,
        an equation, a boolean), naming ``what`` and the value given.
    """
    try:
        expression = sp.sympify(value)
    except (sp.SympifyError, TypeError, ValueError, SyntaxError):
        expression = None
    if not isinstance(expression, sp.Expr) or isinstance(expression, sp.MatrixBase):
        raise ProblemError(
            f"{what} must be a sympy expression in the axes (or a number), not "
            f"{type(value).__name__} {shown(value)}"
        )
    return expression


def _check_parameters(parameters: Mapping[str, float], box: Box) -> dict[str, float]:
    out = {}
    for key, value in parameters.items():
        name = str(key)
        if name in box.axes or name == "W":
            raise ProblemError(f"parameter '{name}' clashes with an axis or the width symbol W")
        try:
            out[name] = float(value)
        except (TypeError, ValueError):
            raise ProblemError(f"parameter '{name}' must be a number, got {value!r}") from None
        if not np.isfinite(out[name]):
            raise ProblemError(f"parameter '{name}' must be finite, got {value!r}")
    return out


def _originals(term: Term, problem: Problem) -> dict:
    """Map a term's placeholders back to sympy applications of the unknown."""
    symbols = problem.unknown.axis_symbols(problem.domain)
    out = {}
    for app, dummy in zip(term.form.applications, term.form.placeholders):
        base = problem.unknowns[app.unknown].expression
        spec = [(symbols[i], k) for i, k in enumerate(app.derivative) if k]
        expr = sp.Derivative(base, *spec) if spec else base
        if app.fixed:
            fixed_symbols = [symbols[i] for i, _ in app.fixed]
            # u(x, 0), not u(x, 0.0), where a manufactured problem writes its faces back
            values = [exact_number(v) for _, v in app.fixed]
            expr = (
                sp.Subs(expr, fixed_symbols, values)
                if spec
                else expr.subs(dict(zip(fixed_symbols, values)))
            )
        out[dummy] = expr
    return out


def _unknowns(unknown: object, domain: Box) -> tuple[Unknown, ...]:
    """The unknowns of ``Problem(unknown, ...)``: one applied function or a list of them.

    Raises
    ------
    ProblemError
        An empty list, a repeated function, or unknowns whose arguments differ.
    """
    if not isinstance(unknown, (list, tuple)):
        return (Unknown.from_expression(unknown, domain),)
    if not unknown:
        raise ProblemError("the list of unknowns is empty; give at least one, e.g. [u(x, t)]")
    # The first unknown takes every axis; the others may take fewer (a source f(x) of
    # u(x, t)), and are then constant along the axes they do not take.
    unknowns = (Unknown.from_expression(unknown[0], domain),) + tuple(
        Unknown.from_expression(u, domain, partial=True) for u in unknown[1:]
    )
    names = [str(u.function) for u in unknowns]
    for index, name in enumerate(names):
        if name in names[:index]:
            raise ProblemError(f"the unknown {name} is listed twice; each unknown once")
    # Each unknown of a system becomes the fields NAME, NAME_exact and NAME_error of the result
    # files; a clash would only surface when writing, after the training.
    for name in names:
        for suffix in ("_exact", "_error"):
            if name + suffix in names:
                raise ProblemError(
                    f"the unknowns {name} and {name}{suffix} would share the result field "
                    f"'{name}{suffix}'; rename one"
                )
    first = unknowns[0]
    for other in unknowns[1:]:
        if len(other.symbols) < len(first.symbols):
            continue
        if other.symbols != first.symbols:
            raise ProblemError(
                f"the unknowns {first.expression} and {other.expression} take different "
                f"arguments; every unknown of a system takes the same axes in the same order"
            )
    return unknowns


def _time_axis(time: object, domain: Box) -> str | None:
    """The name of the time axis: the one given, else an axis named ``t``, else None.

    Raises
    ------
    ProblemError
        ``time`` is not one of the domain's axes.
    """
    if time is None:
        return "t" if "t" in domain.axes else None
    name = str(time.name if isinstance(time, sp.Symbol) else time)
    if name not in domain.axes:
        raise ProblemError(
            f"time={name!r} is not an axis of the domain; the axes are {', '.join(domain.axes)}"
        )
    return name


def _refuse_what_rows_cannot_read(name: str, expression: sp.Expr, axes: Sequence[str]) -> None:
    """Refuse, in one line naming the term, what pinnls's real pointwise rows cannot read:
    the imaginary unit (a complex coefficient or source failed later with a traceback, or
    lost its imaginary part to a cast with only numpy's warning) and a Dirac delta in the
    source (zero at every point the rows sample, so it vanished without a word; one that
    ``sp.diff`` leaves beside a derivative of u, from a Heaviside conductivity, is a material
    interface's, which the compiler reads)."""
    from sympy.core.function import AppliedUndef

    if expression.has(sp.I):
        raise ProblemError(
            f"term '{name}': the equation has the imaginary unit I; pinnls solves real "
            f"equations: write the real and imaginary parts as two unknowns of a system"
        )
    source = [part for part in sp.Add.make_args(expression) if not part.has(AppliedUndef)]
    if any(part.has(sp.DiracDelta) for part in source):
        raise ProblemError(
            f"term '{name}': DiracDelta is a distribution, which rows at points cannot sample "
            f"(it reads 0 at each of them): give the source a width (a narrow Gaussian) or a "
            f"condition at the point"
        )


def _refuse_derivatives_off_the_axes(name: str, expression: sp.Expr, axes: Sequence[str]):
    """Refuse a derivative along a symbol that is not an axis (an unevaluated
    ``Derivative(u(x, t), y)`` was dropped from the operator while ``check`` printed it)."""
    from sympy.core.function import AppliedUndef

    for derivative in expression.atoms(sp.Derivative):
        for variable, _ in derivative.variable_count:
            if not isinstance(variable, sp.Symbol) or variable.name not in axes:
                if not derivative.expr.has(AppliedUndef):
                    # sympy's derivative of a step it does not differentiate (floor(2 x) in a
                    # conductivity the file differentiated): Derivative(floor(_xi_1), _xi_1)
                    raise ProblemError(
                        f"term '{name}': sympy cannot differentiate "
                        f"{derivative.expr.func.__name__}(...) in a coefficient ({derivative}); "
                        "write a coefficient that jumps with Piecewise or Heaviside, which "
                        "pinnls reads as a material interface"
                    )
                raise ProblemError(
                    f"term '{name}': {derivative} differentiates along {variable}, which is not "
                    f"an axis of the domain ({', '.join(axes)})"
                )
