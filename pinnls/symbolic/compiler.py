"""Compile a symbolic :class:`~pinnls.symbolic.problem.Problem` into numeric operators and
point clouds.

This is the last module that imports sympy. Compiling is lowered in named stages, each a pure
function from frozen values to new frozen values (as Devito's ``Operator._lower``), and the
user's Problem is never written to:

1. :func:`validate` -- the whole-problem checks (the exact solution above all) -> ``Validation``;
2. :func:`resolve` -- the settings applied per term: overrides, the weight at the run's width
   and the point cloud drawn with the run's seed -> ``ResolvedTerm`` values;
3. :func:`lower` -- the operator parts, sources and exact solution as numpy functions
   (``sympy.lambdify``), finiteness checks and readable text -> ``CompiledProblem``.

:func:`compile_problem` composes them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import numpy as np
import sympy as sp

from pinnls.clouds import DEFAULT_MAX_POINTS, DEFAULT_POINTS, bounded, free_lengths
from pinnls.errors import ProblemError, SettingsError, warn
from pinnls.operators import Cloud, CompiledProblem, CompiledTerm, OperatorPart
from pinnls.program import to_program
from pinnls.settings import STRATEGY_DEFAULTS, Settings
from pinnls.symbolic.domain import PointSpec, parse_points, sample
from pinnls.symbolic.exponentials import exponential_sum, gaussian_sum
from pinnls.symbolic.linearity import numeric_function
from pinnls.symbolic.problem import Problem, Term, Validation
from pinnls.symbolic.shapes import Boundary, ShapeBoundary, with_normals
from pinnls.symbolic.weights import W, parse_weight

__all__ = [
    "ResolvedTerm",
    "compile_problem",
    "lower",
    "numeric_function",
    "parse_weight",
    "resolve",
    "validate",
]

#: The keys a ``settings.terms[name]`` override may have.
_OVERRIDES = ("weight", "points")


@dataclasses.dataclass(frozen=True)
class ResolvedTerm:
    """A declared term with the run's settings applied.

    Attributes
    ----------
    term : Term
        The term as declared.
    weight : float
        eps at the run's width (after any override), > 0 and finite.
    points : (n, d) float64 ndarray
        The term's cloud, drawn with the run's seed (after any override).
    """

    term: Term
    weight: float
    points: np.ndarray
    weight_expression: sp.Expr = sp.Integer(1)
    spec: PointSpec | None = None
    declared: bool = True
    region: Any = None
    pieces: tuple[str, ...] = ()
    auto_weight: bool = False


def compile_problem(
    problem: Problem, settings: Settings | Mapping[str, Any] | None = None
) -> CompiledProblem:
    """Turn every term into a :class:`CompiledTerm`: validate, resolve, lower.

    Parameters
    ----------
    problem : Problem
        Read only; compiling never changes it.
    settings : Settings or mapping, optional
        Uses ``width`` (for weights in ``W``), ``seed`` (for random clouds) and ``terms``
        (per-term ``weight`` and ``points`` overrides); ``axis_scales`` is checked against
        the axes, and so is ``subdomains``; ``aligned`` > 0 needs characteristics
        (:meth:`~pinnls.operators.CompiledProblem.characteristics`), ``modes`` > 0 a
        parabolic, wave or elliptic equation of constant coefficients
        (:meth:`~pinnls.operators.CompiledProblem.modes`).

    Returns
    -------
    CompiledProblem
    """
    if not isinstance(problem, Problem):
        raise ProblemError(f"expected a Problem, got {type(problem).__name__}")
    if not isinstance(settings, Settings):
        settings = Settings.from_mapping(settings or {})
    validation = validate(problem)
    # An axis_scales entry for an axis the problem does not have is refused here, before any
    # work, not when the first basis is built.
    settings.axis_factors(tuple(problem.domain.axes))
    settings.subdomain_counts(tuple(problem.domain.axes))
    compiled = lower(problem, resolve(problem, settings), validation)
    compiled = with_interfaces(problem, compiled, settings)
    if problem.time is None:
        # a space axis that the equation makes time (a river's downstream x, its outfall the
        # initial data): solved as time=x would solve it, heat's modes and slabs included
        axis = compiled.evolution_axis()
        if axis is not None:
            compiled = dataclasses.replace(compiled, time_axis=axis, time_inferred=True)
    if settings.aligned and compiled.characteristics() is None:
        raise SettingsError(
            f"setting 'aligned' is {settings.aligned:g}, but problem '{compiled.name}' has no "
            "characteristics to align with: it needs one equation with first derivatives (beside "
            "a second-order part, moving along two axes or more) or a "
            "wave operator, one unknown and two or more axes; or a hyperbolic first-order system "
            "of as many equations as unknowns"
        )
    if settings.layers and not compiled.layers():
        raise SettingsError(
            f"setting 'layers' is {settings.layers:g}, but problem '{compiled.name}' has no "
            "boundary layer to draw features across: it needs one equation, one unknown, and "
            "a face with a value condition where a diffusion meets a flow leaving the box or "
            "a reaction, with a layer (nu/|a| or sqrt(nu/c)) at most 1/20 of the box"
        )
    if settings.modes and compiled.modes() is None:
        raise SettingsError(
            f"setting 'modes' is {settings.modes:g}, but problem '{compiled.name}' has no "
            "transport, parabolic, wave or elliptic equation of constant coefficients to draw "
            "exact modes of: it needs one equation in one unknown, u_t + v . grad u = "
            "div(D grad u) - c u + f (D positive semidefinite, 0 for transport) or u_tt + g u_t "
            "+ v . grad u = div(D grad u) - c u + f (D not zero) over space and time, or "
            "v . grad u = div(D grad u) - c u + f without time (D positive definite), with g, "
            "v, D and c the same everywhere"
        )
    # Remembered, so that solving it without settings uses the ones it was compiled with.
    return dataclasses.replace(compiled, settings=settings)


def validate(problem: Problem) -> Validation:
    """Stage 1: the checks that need the whole problem (see :meth:`Problem.validate`).

    Returns
    -------
    Validation
    """
    return problem.validate()


def resolve(problem: Problem, settings: Settings) -> tuple[ResolvedTerm, ...]:
    """Stage 2: apply the settings to every term: overrides, weights and point clouds.

    Parameters
    ----------
    problem : Problem
    settings : Settings

    Returns
    -------
    tuple of ResolvedTerm
        One per term, in declaration order; each cloud is (n_k, d).

    Raises
    ------
    SettingsError
        An override names an unknown term or key, or cannot be read, or its weight is not > 0.
    ProblemError
        A declared weight is not > 0 at the width, or a cloud does not fit the term's face.
    """
    names = [t.name for t in problem.terms] + [plan[-1] for plan in _interface_plan(problem)]
    for name in settings.terms:
        if name not in names:
            raise SettingsError(f"settings name term '{name}'; the terms are {', '.join(names)}")
    resolved = []
    for term in problem.terms:
        override = _override(settings, term.name)
        expression = _weight_expression(problem, term, override)
        # auto re-evaluates weights in W at each width it tries. The default is read, not
        # settings.fixed(): that would check it against a local basis' subdomains (64 of them
        # refuse width 32), which auto splits its own widths over.
        width = settings.width if settings.width is not None else STRATEGY_DEFAULTS["width"]
        weight = _resolve_weight(term.name, expression, "weight" in override, width)
        if term.data is not None:
            resolved.append(_resolve_data(term, override, expression, weight))
            continue
        spec = _resolve_points(problem, term, override)
        # the inflow part of the boundary is found from the equation's velocity, so its region
        # is made here, once every equation is known
        region = problem.inflow_region(term.name) if term.inflow else None
        pieces: tuple[str, ...] = ()
        try:
            if region is None:
                points = sample(
                    problem.domain,
                    spec,
                    term.fixed_axes,
                    seed=settings.seed,
                    salt=term.name,
                    region=term.region,
                )
            else:
                lower, upper = (np.array(b, dtype=np.float64) for b in _bounds(problem))
                spec, drawn = region.sized(lower, upper, spec, 1, settings.seed, term.name)
                points, pieces = drawn.points, tuple(drawn.counts())
        except ProblemError as error:
            raise ProblemError(f"term '{term.name}': {error}") from None
        if not len(points):
            raise ProblemError(
                f"term '{term.name}': its cloud {spec} has no point in the shape; use a finer "
                f"grid or a count (points=Sobol(1000))"
            )
        resolved.append(
            ResolvedTerm(
                term=term,
                weight=weight,
                points=points,
                weight_expression=expression,
                spec=spec,
                declared=term.points_declared or "points" in override,
                region=region,
                pieces=pieces,
                auto_weight=term.auto_weight and "weight" not in override,
            )
        )
    return tuple(resolved)


def _bounds(problem: Problem) -> tuple[tuple[float, ...], tuple[float, ...]]:
    return problem.domain.lower, problem.domain.upper


def _resolve_data(term: Term, override: dict, expression: sp.Expr, weight: float) -> ResolvedTerm:
    """A data term keeps its own points: no override, no sampling."""
    if "points" in override:
        raise SettingsError(
            f"term '{term.name}' is data at fixed points; its points cannot be overridden"
        )
    return ResolvedTerm(
        term=term,
        weight=weight,
        points=term.data.points,
        weight_expression=expression,
        spec=None,
        declared=True,
    )


def _weight_expression(problem: Problem, term: Term, override: dict) -> sp.Expr:
    if "weight" in override:
        return parse_weight(override["weight"], term.name, problem.parameters, "settings")
    return term.weight


def _resolve_weight(name: str, expression: sp.Expr, overridden: bool, width: int) -> float:
    try:
        weight = float(expression.subs(W, width))
    except TypeError:  # complex, e.g. sqrt(W - 100) at a small width
        weight = float("nan")
    except OverflowError:  # beyond any float, e.g. exp(exp(exp(W))) at width 1000
        weight = float("inf")
    if not (np.isfinite(weight) and weight > 0):
        kind = SettingsError if overridden else ProblemError
        raise kind(
            f"term '{name}': weight {expression} is {weight} at width {width}; it must be > 0"
        )
    return weight


def _resolve_points(problem: Problem, term: Term, override: dict) -> PointSpec:
    if "points" not in override:
        if term.points_declared:
            return term.points
        lower, upper = problem.domain.lower, problem.domain.upper
        if term.inflow:
            # Each piece of the boundary (a box's face, or the shape's boundary times time)
            # shares the bound with the others.
            if problem.shape is not None:
                lengths = problem.boundary_region().lengths(lower, upper, {})
                return bounded(term.points, lengths, DEFAULT_MAX_POINTS)
            faces = 2 * (problem.domain.dim - (problem.time is not None))
            lengths = free_lengths(lower, upper, {0: lower[0]})
            return bounded(term.points, lengths, DEFAULT_MAX_POINTS // max(1, faces))
        if term.region is not None:
            lengths = term.region.lengths(lower, upper, term.fixed_axes)
        else:
            lengths = free_lengths(lower, upper, term.fixed_axes)
        return bounded(term.points, lengths, DEFAULT_MAX_POINTS)
    return _overridden_points(term.name, override)


def _override(settings: Settings, name: str) -> dict:
    """The settings' per-term entry of term ``name`` (``weight``, ``points``).

    Raises
    ------
    SettingsError
        Another key.
    """
    override = dict(settings.terms.get(name, {}))
    unknown_keys = sorted(set(override) - set(_OVERRIDES))
    if unknown_keys:
        raise SettingsError(
            f"term '{name}': unknown override '{unknown_keys[0]}'; use weight or points"
        )
    return override


def _overridden_points(name: str, override: dict) -> PointSpec:
    """The cloud a per-term entry gives, or a SettingsError naming the term."""
    try:
        return parse_points(override["points"])
    except ProblemError as error:
        raise SettingsError(f"term '{name}': {error}") from None


def lower(
    problem: Problem, resolved: tuple[ResolvedTerm, ...], validation: Validation
) -> CompiledProblem:
    """Stage 3: numeric operators, sources and the exact solution, with readable text.

    Parameters
    ----------
    problem : Problem
    resolved : tuple of ResolvedTerm
        From :func:`resolve`, one per term.
    validation : Validation
        From :func:`validate`; its ``exact_check`` is carried into the result.

    Returns
    -------
    CompiledProblem

    Raises
    ------
    ProblemError
        A source or coefficient is not finite at some point of its term's cloud.
    """
    symbols = problem.unknown.axis_symbols(problem.domain)
    held = unknown_points(problem)
    exact = problem.exact_solutions
    if exact is None:
        exact_function, exact_text = None, None
    elif not problem.is_system:
        exact_function = numeric_function(exact[0], symbols, "the exact solution")
        exact_text = str(exact[0])
    else:
        exact_function = _Stacked(
            tuple(numeric_function(e, symbols, "the exact solution") for e in exact)
        )
        exact_text = "; ".join(f"{u.expression} = {e}" for u, e in zip(problem.unknowns, exact))
    return CompiledProblem(
        name=problem.name,
        axes=problem.domain.axes,
        lower=np.array(problem.domain.lower, dtype=np.float64),
        upper=np.array(problem.domain.upper, dtype=np.float64),
        # every unknown taking every axis: the parts' point maps stay exactly as declared
        terms=tuple(
            _lower_term(problem, item, symbols, held if any(held) else ()) for item in resolved
        ),
        exact=exact_function,
        exact_text=exact_text,
        exact_check=dict(validation.exact_check),
        time_axis=None if problem.time is None else problem.domain.axes.index(problem.time),
        unknowns=tuple(str(u.function) for u in problem.unknowns),
        region=problem.region,
        boundary=ShapeBoundary(problem.boundary_region()) if problem.shape is not None else None,
        unknown_fixed=held if any(held) else (),
        reference=_reference(problem),
    )


def _reference(problem: Problem):
    """``(points (n, d), values (n,) or (n, m), file)`` of ``problem.reference(...)``, or None."""
    reference = getattr(problem, "reference_solution", None)
    if reference is None:
        return None
    return (reference.points, reference.values, reference.origin)


def unknown_points(problem: Problem) -> tuple[tuple[tuple[int, float], ...], ...]:
    """Where each unknown reads the shared basis: for ``f(x)`` of a problem on (x, t), the
    axes it does not take held at the box's centre, ``((1, 0.5),)``; empty for the others.

    The centre, because the basis is fitted on the whole box: its functions vary most there,
    so their restrictions to the slice are as rich as anywhere.
    """
    box = problem.domain
    return tuple(
        tuple(
            (axis, 0.5 * (box.lower[axis] + box.upper[axis])) for axis in unknown.missing_axes(box)
        )
        for unknown in problem.unknowns
    )


@dataclasses.dataclass(frozen=True)
class _Stacked:
    """The exact solution of every unknown, ``(n, d) -> (n, m)`` (picklable)."""

    functions: tuple

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return np.stack([f(points) for f in self.functions], axis=1)


def _lower_term(problem: Problem, resolved: ResolvedTerm, symbols, held=()) -> CompiledTerm:
    term, points = resolved.term, resolved.points
    form = term.form

    def function(expression):
        # a term on a boundary may use the outward normal: found per point from the region
        return with_normals(
            numeric_function(expression, tuple(symbols) + term.normals, f"term '{term.name}'"),
            term.region,
            term.normals,
        )

    pairs = list(zip(form.applications, form.coefficients))
    interfaces = interface_planes(problem, term, symbols) if term.kind == "equation" else []
    if interfaces:
        # sp.diff of a Heaviside conductivity leaves DiracDelta(x - c) u': infinite on the
        # plane, and what the interface rows stand for (with_interfaces)
        pairs = [(app, _without_deltas(c)) for app, c in pairs]
        pairs = [(app, c) for app, c in pairs if c != 0]
    parts = tuple(
        OperatorPart(
            derivative=app.derivative,
            fixed=tuple(sorted(app.fixed + held[app.unknown])) if held else app.fixed,
            coefficient=function(coefficient),
            text=app.describe(problem.domain, problem.unknowns),
            unknown=app.unknown,
            # the flow of features along variable characteristics is read from these
            program=to_program(coefficient, symbols) if term.kind == "equation" else None,
        )
        for app, coefficient in pairs
    )
    if term.kind == "equation":
        # with interfaces on planes normal to the axes, a slanted jump is still warned of
        _warn_jumps(term.name, form, symbols, points, problem, slanted_only=bool(interfaces))
    source_function = function(form.source)
    source = source_function(points)
    if term.data is not None:
        # expr = value, with expr = operator - form.source: the rows fit operator to
        # value + form.source. Fixed points: no source function, no cloud to refine.
        source = source + term.data.values
    if not np.all(np.isfinite(source)):
        where = _not_finite(source, points, symbols)
        raise ProblemError(
            f"term '{term.name}': the right-hand side {sp.sstr(form.source)} is not finite {where}"
        )
    for (_, coefficient), part in zip(pairs, parts):
        values = np.broadcast_to(part.coefficient(points), (len(points),))
        if not np.all(np.isfinite(values)):
            where = _not_finite(values, points, symbols)
            raise ProblemError(
                f"term '{term.name}': the coefficient {sp.sstr(coefficient)} of {part.text} is "
                f"not finite {where}"
            )
    operator = " + ".join(_product(c, p.text) for (_, c), p in zip(pairs, parts))
    if term.data is not None:
        return CompiledTerm(
            name=term.name,
            kind="data",
            parts=parts,
            points=points,
            source=source,
            weight=resolved.weight,
            location=f"{term.data.count} points",
            operator=operator.replace("+ -", "- "),
            weight_of=_WeightOf(resolved.weight_expression),
            noise=term.data.noise,
        )
    return CompiledTerm(
        name=term.name,
        kind=term.kind,
        parts=parts,
        points=points,
        source=source,
        weight=resolved.weight,
        location=_location(problem, term, resolved),
        operator=operator.replace("+ -", "- "),
        source_function=source_function,
        weight_of=_WeightOf(resolved.weight_expression),
        jumps=_planes(form.source, symbols) if term.kind == "condition" else (),
        # an equation's source as exponentials: its particular solution (pinnls.particular)
        exponentials=(
            exponential_sum(form.source, symbols)
            if term.kind == "equation" and not term.normals and not held
            else None
        ),
        # and as a program: the source integrated along a constant flow (particular.Transported)
        source_program=(
            to_program(form.source, symbols)
            if term.kind == "equation" and not term.normals and not held
            else None
        ),
        # a value on a face as Gaussians: initial data carried in free space
        # (particular.Spreading)
        gaussians=(
            gaussian_sum(
                sp.sympify(form.source).subs({symbols[a]: v for a, v in term.fixed_axes.items()}),
                symbols,
            )
            if term.kind == "condition"
            and term.fixed_axes
            and not term.normals
            and not held
            and len(pairs) == 1
            and not any(pairs[0][0].derivative)
            else None
        ),
        cloud=Cloud(
            spec=resolved.spec if resolved.spec is not None else term.points,
            fixed=tuple(sorted(term.fixed_axes.items())),
            declared=resolved.declared,
            salt=term.name,
            region=resolved.region if resolved.region is not None else term.region,
        ),
        auto_weight=resolved.auto_weight,
    )


class _WeightOf:
    """eps as a function of the width W, NaN where it is not real (for strategies that change
    the width); pickles as its expression (for the processes of ``--nproc``)."""

    def __init__(self, expression: sp.Expr) -> None:
        self.expression = expression
        self._function = sp.lambdify(W, expression, "math")

    def __call__(self, width: int) -> float:
        try:
            return float(self._function(width))
        except (ValueError, TypeError, ZeroDivisionError, OverflowError):
            return float("nan")

    def __reduce__(self):
        return (_WeightOf, (self.expression,))


def _location(problem: Problem, term: Term, resolved: ResolvedTerm) -> str:
    if resolved.region is not None:
        return "inflow: " + " | ".join(resolved.pieces)
    if isinstance(term.on, Boundary):
        return term.on.describe()
    if not term.fixed_axes:
        return "interior"
    axes = problem.domain.axes
    places = {app.fixed for app in term.form.applications if app.fixed}
    if term.on is not None:
        places.add(term.on.fixed)
    texts = sorted(", ".join(f"{axes[i]}={v:g}" for i, v in place) for place in places)
    return " | ".join(texts)


def interface_planes(problem: Problem, term: Term, symbols) -> list[tuple[int, float]]:
    """The planes ``x_k = c`` inside the box across which the coefficient of a second
    derivative ``D_kk u`` of an equation jumps, sorted: material interfaces.

    Read in divergence form, ``-(k u')' = f`` with a jump of ``k`` at ``c`` asks for ``u`` and
    its flux ``k u'`` to be continuous there, which sympy's expansion loses (it differentiates
    the jump to zero): :func:`with_interfaces` adds both conditions as rows and the basis is
    split at the plane. Only for one unknown on a box, an equation of order 2, and planes
    normal to an axis (from a Piecewise's relation or a Heaviside's argument affine in that
    axis alone); anything else is warned of as before (:func:`_warn_jumps`)."""
    if term.kind != "equation" or problem.is_system or problem.shape is not None:
        return []
    form = term.form
    orders = [sum(app.derivative) for app in form.applications]
    if not orders or max(orders) != 2:
        return []
    found = set()
    lower, upper = problem.domain.lower, problem.domain.upper
    for app, coefficient in zip(form.applications, form.coefficients):
        if app.fixed or 2 not in app.derivative:
            continue
        axis = app.derivative.index(2)
        for normal, offset in _planes(coefficient, symbols):
            if [i for i, w in enumerate(normal) if w != 0] != [axis]:
                continue
            value = -offset / normal[axis]
            span = float(upper[axis] - lower[axis])
            inside = lower[axis] + 1e-9 * span < value < upper[axis] - 1e-9 * span
            if inside and _jumps_at(coefficient, symbols, problem, axis, value):
                found.add((axis, float(value) + 0.0))  # + 0.0: a plane at -0.0 is at 0
    return sorted(found)


def _jumps_at(coefficient, symbols, problem: Problem, axis: int, value: float) -> bool:
    """Whether ``coefficient`` differs across ``x_axis = value`` at seeded points of the plane."""
    lower = np.asarray(problem.domain.lower, dtype=np.float64)
    upper = np.asarray(problem.domain.upper, dtype=np.float64)
    points = lower + (upper - lower) * np.random.default_rng(0).random((64, len(lower)))
    normal = np.zeros(len(lower))
    normal[axis] = 1.0
    function = numeric_function(coefficient, symbols)
    return _differs(function, points, value * normal, normal, float(upper[axis] - lower[axis]))


def _differs(function, points: np.ndarray, on: np.ndarray, unit: np.ndarray, span: float) -> bool:
    """Whether ``function`` differs by more than 1e-6 of its size 1e-7 ``span`` either side of
    a plane: ``points`` (n, d) are moved onto it along the unit normal ``unit`` (d,) through
    the point ``on`` (d,)."""
    points = points - np.outer((points - on) @ unit, unit)
    step = 1e-7 * span * unit
    a = np.broadcast_to(function(points - step), (len(points),))
    b = np.broadcast_to(function(points + step), (len(points),))
    scale = max(float(np.abs(a).max()), float(np.abs(b).max()), 1e-300)
    return bool(np.abs(a - b).max() > 1e-6 * scale)


def _interface_plan(problem: Problem) -> list[tuple]:
    """``(equation term, axis, value, kind, name)`` of every interface row, in order: the
    names that settings may address (``--set pde-flux-x0p5.weight=10``)."""
    symbols = problem.unknown.axis_symbols(problem.domain) if not problem.is_system else ()
    taken = {term.name for term in problem.terms}
    planes: list[tuple[int, float]] = []
    plan = []
    for term in problem.terms:
        for axis, value in interface_planes(problem, term, symbols):
            if (axis, value) in planes:
                continue
            planes.append((axis, value))
            for kind in ("interface", "flux"):
                name = interface_name(term.name, kind, problem.domain.axes[axis], value, taken)
                taken.add(name)
                plan.append((term, axis, value, kind, name))
    return plan


def with_interfaces(
    problem: Problem, compiled: CompiledProblem, settings: Settings
) -> CompiledProblem:
    """``compiled`` with two rows of conditions per material interface of its equations
    (:func:`interface_planes`), and the planes in ``compiled.interfaces``.

    On the plane ``x_k = c`` (a cloud of its own, sized as a face's): ``u(c-) - u(c+) = 0``
    (``<equation>-interface-xc``), and the conormal flux ``sum_j A_kj D_j u`` of the
    second-order part ``sum A_ij D_ij u`` (``A_kk`` the coefficient of ``D_kk u``, ``A_kj``
    half that of ``D_kj u``), equal on both sides (``<equation>-flux-xc``). Each side is a
    one-sided limit: the parts carry ``side`` and are evaluated just off the plane
    (:meth:`~pinnls.operators.CompiledProblem.sided`), where the split basis reads that side's
    cell. Each takes its ``weight`` and ``points`` from the settings' per-term entries, as a
    file's terms do."""
    plan = _interface_plan(problem)
    if not plan:
        return compiled
    symbols = problem.unknown.axis_symbols(problem.domain)
    added = [
        _interface_term(problem, term, symbols, axis, value, kind, name, settings)
        for term, axis, value, kind, name in plan
    ]
    planes = sorted({(axis, value) for _, axis, value, _, _ in plan})
    checked = dict(compiled.exact_check)
    if problem.exact_solutions is not None:
        for term in added:
            _check_interface(problem, term, symbols)
            checked[term.name] = "numeric"
    return dataclasses.replace(
        compiled,
        terms=compiled.terms + tuple(added),
        interfaces=tuple(planes),
        exact_check=checked,
    )


def _check_interface(problem: Problem, term: CompiledTerm, symbols) -> None:
    """Refuse a declared exact solution that breaks an interface row, as any term's: u that
    jumps, or a flux that jumps (the file may mean the non-divergence form ``k u''``, whose
    solution keeps ``u'`` continuous instead).

    Raises
    ------
    ProblemError
    """
    exact = problem.exact_solutions[0]
    span = float(np.max(np.asarray(problem.domain.upper) - np.asarray(problem.domain.lower)))
    total = np.zeros(term.size)
    scale = 1e-300
    lower = np.asarray(problem.domain.lower, dtype=np.float64)
    upper = np.asarray(problem.domain.upper, dtype=np.float64)
    box = lower + (upper - lower) * np.random.default_rng(0).random((256, len(lower)))
    # u's own size over the box: a u or a flux that vanishes on the plane is judged against it
    size_u = float(np.abs(np.broadcast_to(numeric_function(exact, symbols)(box), (256,))).max())
    for part in term.parts:
        (axis, value), *_ = part.fixed
        points = np.array(term.points, dtype=np.float64, copy=True)
        points[:, axis] = value + 1e-11 * part.side
        orders = [(symbols[i], k) for i, k in enumerate(part.derivative) if k]
        derivative = (
            sp.diff(exact, *[item for pair in orders for item in pair]) if orders else exact
        )
        values = np.broadcast_to(numeric_function(derivative, symbols)(points), (term.size,))
        coefficient = np.broadcast_to(part.coefficient(points), (term.size,))
        total = total + coefficient * values
        size = max(float(np.abs(values).max()), size_u / span ** sum(part.derivative))
        scale = max(scale, float(np.abs(coefficient).max()) * size)
    worst = float(np.abs(total).max())
    if not np.isfinite(worst) or worst > 1e-6 * max(scale, 1e-12 * span):
        if "-interface-" in term.name:
            why = "u jumps across the plane, where it must be continuous"
        else:
            why = (
                "pinnls reads the equation in divergence form, (k u')' with the flux k u' "
                "continuous across the jump of k (a mixed derivative D_kj u counted half in each "
                "divergence); an exact solution whose u' is continuous instead means the "
                "non-divergence form k u'', which pinnls does not solve"
            )
        raise ProblemError(
            f"exact solution does not satisfy '{term.name}' (max |residual| {worst:.3g}): {why}"
        )


def _interface_term(problem, term, symbols, axis, value, kind, name, settings) -> CompiledTerm:
    """The value (``kind`` interface) or flux row of one interface (:func:`with_interfaces`)."""
    box = problem.domain
    span = float(box.upper[axis] - box.lower[axis])
    fixed = {axis: float(value)}
    override = _override(settings, name)
    if "points" in override:
        spec = _overridden_points(name, override)
    else:
        spec = bounded(
            DEFAULT_POINTS, free_lengths(box.lower, box.upper, fixed), DEFAULT_MAX_POINTS
        )
    weight_expression = (
        parse_weight(override["weight"], name, problem.parameters, "settings")
        if "weight" in override
        else sp.Integer(1)
    )
    width = settings.width if settings.width is not None else STRATEGY_DEFAULTS["width"]
    weight = _resolve_weight(name, weight_expression, "weight" in override, width)
    operator: list[tuple[tuple[int, ...], sp.Expr]] = []
    if kind == "interface":
        operator.append(((0,) * len(symbols), sp.Integer(1)))
    for app, coefficient in zip(term.form.applications, term.form.coefficients):
        if kind == "flux" and sum(app.derivative) == 2 and app.derivative[axis] >= 1:
            beta = list(app.derivative)
            beta[axis] -= 1
            half = 1 if app.derivative[axis] == 2 else sp.Rational(1, 2)
            operator.append((tuple(beta), half * _without_deltas(coefficient)))
    parts = []
    for sign, side, mark in ((1, -span, "-"), (-1, span, "+")):
        for beta, coefficient in operator:
            text = _described(box, problem.unknown, beta, axis, f"{value:g}{mark}")
            shown = _one_sided(sign * coefficient, symbols[axis], value, mark)
            if isinstance(shown, sp.Float):  # 0.5, not 0.500000000000000
                shown = sp.Symbol(sp.sstr(shown, full_prec=False))
            parts.append(
                OperatorPart(
                    derivative=beta,
                    fixed=((axis, float(value)),),
                    coefficient=numeric_function(sign * coefficient, symbols),
                    text=_product(shown, text),
                    side=side,
                )
            )
    points = sample(box, spec, fixed, seed=settings.seed, salt=name)
    return CompiledTerm(
        name=name,
        kind="condition",
        parts=tuple(parts),
        points=points,
        source=np.zeros(len(points)),
        weight=weight,
        location=f"{box.axes[axis]}={value:g}",
        operator=" + ".join(part.text for part in parts).replace("+ -", "- "),
        source_function=numeric_function(sp.Integer(0), symbols),
        weight_of=_WeightOf(weight_expression),
        cloud=Cloud(
            spec=spec, fixed=((axis, float(value)),), declared="points" in override, salt=name
        ),
    )


def _without_deltas(expression: sp.Expr) -> sp.Expr:
    """``expression`` with its Dirac deltas dropped: sp.diff of a Heaviside conductivity
    leaves ``DiracDelta(x - c) u'``, infinite on the plane, which the interface rows stand
    for."""
    if not isinstance(expression, sp.Basic) or not expression.has(sp.DiracDelta):
        return expression
    return expression.replace(lambda e: isinstance(e, sp.DiracDelta), lambda e: sp.Integer(0))


def _one_sided(coefficient: sp.Expr, symbol, value: float, mark: str) -> sp.Expr:
    """The coefficient's limit on one side of the plane, for the operator's text; itself where
    sympy finds none."""
    # a positive infinitesimal decides the Piecewise's relations; then it goes
    eps = sp.Symbol("eps", positive=True)
    near = sp.nsimplify(value) + (eps if mark == "+" else -eps)
    try:
        limit = sp.piecewise_fold(coefficient.subs(symbol, near)).subs(eps, 0)
    except (TypeError, ValueError):
        return coefficient
    return coefficient if limit.has(sp.Piecewise, sp.nan, sp.zoo) else limit


def interface_name(equation: str, kind: str, axis: str, value: float, taken=()) -> str:
    """``pde-interface-x0p5`` (``kind`` interface or flux; ``m`` for a minus sign, ``p`` for
    the point, so that ``--set NAME.weight=...`` reads it), ``-2``, ``-3``... after a name
    that is ``taken``."""
    place = f"{value:g}".replace("-", "m").replace(".", "p").replace("+", "")
    name = base = f"{equation}-{kind}-{axis}{place}"
    count = 1
    while name in taken:
        count += 1
        name = f"{base}-{count}"
    return name


def _described(box, unknown, derivative, axis, where: str) -> str:
    """``D[u(0.5-, t); x]``: the unknown's limit from one side of a plane."""
    args = [where if i == axis else str(symbol) for i, symbol in enumerate(unknown.symbols)]
    text = f"{unknown.function}({', '.join(args)})"
    if any(derivative):
        orders = ", ".join(
            box.axes[i] if k == 1 else f"({box.axes[i]}, {k})"
            for i, k in enumerate(derivative)
            if k
        )
        text = f"D[{text}; {orders}]"
    return text


#: Functions that make a coefficient jump wherever their argument crosses a value.
_JUMPERS = (sp.Heaviside, sp.sign, sp.floor, sp.ceiling, sp.frac)


def _warn_jumps(
    name: str, form, symbols, points: np.ndarray, problem: Problem, slanted_only=False
) -> None:
    """Warn when an equation's coefficient of a highest-order derivative along an axis jumps
    across that axis inside the box.

    In divergence form, ``-(k u')' = f`` asks for a continuous flux ``k u'`` across a jump of
    ``k``, but sympy differentiates the jump to zero, not to a Dirac delta, so the expanded
    equation ``-k u'' - k' u' = f`` no longer ties the two sides, and the smooth features impose
    a continuous ``u'`` instead: a wrong answer with a small residual (measured: rel L2 0.999
    against an estimate of 4.7e-2, docs/benchmarks.md section 29). Where
    :func:`interface_planes` finds planes, :func:`with_interfaces` adds the missing rows
    instead, and only slanted planes are looked for (``slanted_only``). A jump across another
    axis
    (``u_t + a(t) u_x = 0``), or in a lower-order coefficient (``k'`` of a continuous ``k``),
    loses no delta and is not warned of."""
    order = max((sum(app.derivative) for app in form.applications), default=0)
    for app, coefficient in zip(form.applications, form.coefficients):
        if not order or sum(app.derivative) != order:
            continue
        across = _slanted(coefficient, symbols, problem)
        if not slanted_only:
            across |= _jumps(coefficient, symbols, points, problem)
        if any(app.derivative[axis] for axis in across):
            text = app.describe(problem.domain, problem.unknowns)
            warn(
                f"term '{name}': the coefficient of {text} jumps inside the domain "
                f"({coefficient}): the solution kinks or jumps there, which the smooth basis "
                "keeps continuous, and in divergence form sympy drops the Dirac delta that ties "
                "the two sides' fluxes; the answer is likely wrong there (pinnls adds interface "
                "rows only for one unknown on a box, an equation of order 2 and planes normal "
                "to an axis); smooth the coefficient (a tanh ramp)"
            )
            return


def _slanted(expression: sp.Expr, symbols, problem: Problem) -> set[int]:
    """The axes of the normals of the slanted planes (affine in two axes or more, from
    :func:`_planes`) across which ``expression`` jumps inside the box, measured at seeded
    points of the box moved onto each plane."""
    symbols = tuple(symbols)
    slanted = [
        (np.array(w), w0) for w, w0 in _planes(expression, symbols) if np.count_nonzero(w) > 1
    ]
    if not slanted:
        return set()
    function = numeric_function(expression, symbols)
    lower = np.asarray(problem.domain.lower, dtype=np.float64)
    upper = np.asarray(problem.domain.upper, dtype=np.float64)
    points = lower + (upper - lower) * np.random.default_rng(0).random((256, len(lower)))
    axes: set[int] = set()
    for normal, offset in slanted:
        unit = normal / np.linalg.norm(normal)
        on = points - np.outer((points @ normal + offset) / (normal @ normal), normal)
        on = on[np.all((on > lower) & (on < upper), axis=1)]
        if not len(on):
            continue
        if _differs(function, on, on[0], unit, float(np.linalg.norm(upper - lower))):
            axes |= set(np.flatnonzero(normal).tolist())
    return axes


def _jumps(expression: sp.Expr, symbols, points: np.ndarray, problem: Problem) -> set[int]:
    """The axes across which ``expression`` jumps inside the box: those its functions that
    jump (:data:`_JUMPERS`) read, and those of a Piecewise's breakpoints (a condition on one
    axis, solved for it, inside the box) where its value differs on the two sides at the
    term's points."""
    symbols = tuple(symbols)
    if not isinstance(expression, sp.Basic) or not expression.free_symbols:
        return set()
    axes = set()
    for atom in expression.atoms(*_JUMPERS):
        axes |= {symbols.index(symbol) for symbol in atom.free_symbols if symbol in symbols}
    pieces = expression.atoms(sp.Piecewise)
    if not pieces:
        return axes
    value = numeric_function(expression, symbols)
    sample = np.array(points[:: max(1, len(points) // 64)][:64], dtype=np.float64)
    for piecewise in pieces:
        for relation in piecewise.atoms(sp.core.relational.Relational):
            free = [symbol for symbol in symbols if symbol in relation.free_symbols]
            if len(free) != 1 or symbols.index(free[0]) in axes:
                continue
            axis = symbols.index(free[0])
            try:
                roots = sp.solve(sp.Eq(relation.lhs, relation.rhs), free[0])
            except (NotImplementedError, TypeError, ValueError):
                continue
            low, high = float(problem.domain.lower[axis]), float(problem.domain.upper[axis])
            for root in roots:
                if root.free_symbols or not root.is_real or not low < float(root) < high:
                    continue
                normal = np.zeros(len(symbols))
                normal[axis] = 1.0
                if _differs(value, sample, float(root) * normal, normal, high - low):
                    axes.add(axis)
    return axes


def _planes(expression, symbols) -> tuple[tuple[tuple[float, ...], float], ...]:
    """The planes ``w . x + w0 = 0`` where a condition's right-hand side may jump: the
    relations of its Piecewise and the arguments of its Heaviside and sign functions that are
    affine in the coordinates (a square pulse ``Piecewise((1, (x > 0.2) & (x < 0.5)), (0,
    True))``: x = 0.2 and x = 0.5). Candidates only: whether the data jumps there is measured
    on the term's points (:meth:`~pinnls.operators.CompiledProblem.carried_jumps`)."""
    if not isinstance(expression, sp.Basic):
        return ()
    symbols = tuple(symbols)
    sides = [r.lhs - r.rhs for r in expression.atoms(sp.core.relational.Relational)]
    sides += [atom.args[0] for atom in expression.atoms(sp.Heaviside, sp.sign)]
    planes = []
    for side in sides:
        if not side.free_symbols or not side.free_symbols <= set(symbols):
            continue
        try:
            polynomial = sp.Poly(side, *symbols)
        except sp.PolynomialError:
            continue
        if polynomial.total_degree() != 1:
            continue
        try:
            w = tuple(float(polynomial.coeff_monomial(s)) for s in symbols)
            w0 = float(polynomial.coeff_monomial(1))
        except TypeError:
            continue
        if (w, w0) not in planes:
            planes.append((w, w0))
    # sympy's atoms are a set, whose order changes with the process's hash seed: sorted, the
    # same file draws the same steps on the same rows in every run
    return tuple(sorted(planes))


def _product(coefficient: sp.Expr, text: str) -> str:
    if coefficient == 1:
        return text
    if coefficient == -1:
        return f"-{text}"
    # Floats short (0.8, not 0.800000000000000): a parameter's value reads as the file gave it.
    shown = sp.sstr(coefficient, full_prec=False)
    if isinstance(coefficient, sp.Add):
        shown = f"({shown})"
    return f"{shown}*{text}"


def _not_finite(values: np.ndarray, points: np.ndarray, symbols) -> str:
    """Where ``values`` (n,) at ``points`` (n, d) are NaN or infinite, for a one-line message:
    how many of the points, and the first one with its value (NaN where sympy's function left
    the reals, e.g. sqrt of a negative number)."""
    bad = ~np.isfinite(values)
    first = int(np.argmax(bad))
    at = ", ".join(
        f"{name}={value:.4g}" for name, value in zip(map(str, symbols), points[first], strict=False)
    )
    return f"at {int(bad.sum())} of {len(values)} points, e.g. {values[first]} at ({at})"
