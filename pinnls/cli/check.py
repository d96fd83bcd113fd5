"""``pinnls check PROBLEM.py``: load, validate and compile without training."""

from __future__ import annotations

import argparse

import numpy as np

from pinnls.cli.common import add_debug, load, problem_path, settings_from, table
from pinnls.particular import Carried, Spreading, Transported, components


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "check", help="load, validate and compile a problem file without training"
    )
    parser.add_argument(
        "problem", help="path of the problem file (a Python file), or example:NAME (bundled)"
    )
    add_debug(parser)
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting, a problem parameter or a term's weight/points (see solve)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pinnls.settings import refuse_flat_derivatives
    from pinnls.symbolic.compiler import compile_problem

    args.problem = problem_path(args.problem)
    loaded, assignments = load(args.problem, args.set)
    settings = settings_from(loaded.settings, {}, assignments)
    compiled = compile_problem(loaded.problem, settings)
    refuse_flat_derivatives(compiled, settings)  # as pinnls solve refuses it
    if settings.time_slabs is not None and settings.time_slabs > 1:
        from pinnls.time_slabs import plan

        plan(compiled, settings.time_slabs)  # as pinnls solve refuses it
    from pinnls.transport import require_well_posed

    transport = require_well_posed(compiled)  # as pinnls solve refuses it
    unequated = compiled.unequated()
    if unequated is not None:  # as pinnls solve warns of it
        from pinnls.errors import warn

        warn(unequated)
    problem = loaded.problem
    print(f"problem   {problem.name}  ({args.problem})")
    if getattr(problem, "is_system", False):
        names = ", ".join(str(u.expression) for u in problem.unknowns)
        print(f"unknowns  {names} on {_where(problem)}")
    else:
        print(f"unknown   {problem.unknown.expression} on {_where(problem)}")
    if problem.parameters:
        print("params    " + ", ".join(f"{k}={v:g}" for k, v in problem.parameters.items()))
    rows = [("term", "kind", "where", "points", "weight", "operator")]
    for term in compiled.terms:
        rows.append(
            (
                term.name,
                term.kind,
                term.location,
                str(term.size),
                "auto" if getattr(term, "auto_weight", False) else f"{term.weight:.4g}",
                term.operator,
            )
        )
    table(rows)
    if settings.optimizer == "auto":
        # A small box in metres gets few points from the default spacing (1/64 in the axes'
        # own units): the counts are the declared ones, which auto only ever refines.
        print(
            "points    as declared (none: a grid of spacing 1/64 in the axes' units); the "
            "automatic strategy refines each cloud to the width of each stage"
        )
    width = max(len(term.name) for term in problem.terms) + 2
    for term in problem.terms:
        print(f"{term.name + ':':<{width}}{readable(term.equation, problem)}")
    for term in problem.terms:
        if getattr(term, "data", None) is not None:
            print(f"data      {term.name}: {term.data.describe()}")
    reference = getattr(compiled, "reference", None)
    if reference is not None:
        print(f"reference {reference[2]} ({len(reference[0])} points; errors are against it)")
    if compiled.exact_text is None:
        if reference is None:
            print("exact     none given (errors will not be reported)")
    else:
        methods = ", ".join(f"{k}: {v}" for k, v in compiled.exact_check.items())
        print(f"exact     {compiled.exact_text}")
        print(f"          satisfies every term ({methods})")
    for line in transport_lines(compiled, transport, settings.seed):
        print(line)
    for line in structure_lines(compiled):
        print(line)
    print("ok")
    return 0


#: What each kind of characteristics means for the basis, as ``pinnls check`` says it.
_KINDS = {
    "flow": "a transport flow: auto may probe features constant along it",
    "drift": "a drift beside diffusion: auto may probe features gentle along it",
    "cone": "a wave operator: auto may probe plane waves on its null cone",
    "system cone": "a hyperbolic system: auto may probe plane waves along its characteristics",
}


def structure_lines(compiled) -> list[str]:
    """What the automatic strategy may probe for this problem's structure: the features
    aligned with its characteristics (:meth:`~pinnls.operators.CompiledProblem.characteristics`),
    the unknowns it fixes only up to a constant
    (:meth:`~pinnls.operators.CompiledProblem.free_constants`) and the boundary layers it may
    have (:meth:`~pinnls.operators.CompiledProblem.layers`), each face with its width. Empty
    where it has none of these."""
    lines = []
    if compiled.time_inferred:
        name = compiled.axes[compiled.time_axis]
        lines.append(
            f"time      {name}: the equation is of first order in {name} and parabolic across "
            f"it, with data at {name}={compiled.lower[compiled.time_axis]:g} only: solved with "
            f"{name} as its time axis (as time={name} declares it; its data there as initial "
            "data)"
        )
    found = compiled.characteristics()
    if found is not None:
        kind = "system cone" if compiled.is_system else found[0]
        # auto probes aligned features only where they solve the principal part: constant
        # characteristics, or a flow marched to its feet along an axis of constant coefficient
        # (pinnls.training.auto, step 1a')
        if compiled.constant_characteristic() is not None or compiled.foot_flow() is not None:
            lines.append(f"aligned   {_KINDS[kind]}")
        else:
            noun = _KINDS[kind].split(":")[0]
            lines.append(
                f"aligned   {noun} that varies, with no axis of constant coefficient to march "
                "its characteristics along: auto does not probe features aligned with it "
                "(--aligned draws each at its own point's direction)"
            )
        jumps = compiled.step_planes()
        if jumps is not None:
            lines.append(
                f"jumps     the data jump across {len(jumps[0])} plane(s) that the flow carries: "
                "aligned tanh features take them as steps"
            )
    modes = compiled.modes()
    found = components(compiled.particular_solution())
    spreading = next((part for part in found if isinstance(part, Spreading)), None)
    # the source's own particular solution; the initial data's Gaussians leave the source
    particular = next((part for part in found if not isinstance(part, Spreading)), None)
    if isinstance(particular, Transported):
        lines.append(
            "particular the source integrated along the flow back to "
            f"{_plane(compiled, particular)} (Gauss-Legendre, {particular.panels} panels of "
            f"{particular.nodes} nodes): the solve subtracts this particular solution first and "
            "fits the homogeneous rest (--no-particular: not)"
        )
    elif isinstance(particular, Carried):
        lines.append(
            "particular the source marched back along the flow's characteristics to "
            f"{compiled.axes[particular.axis]}={particular.start:g} ({particular.method}, "
            f"{particular.steps} steps): the solve subtracts this particular solution first and "
            "fits the homogeneous rest on the feet of the characteristics (--no-particular: not)"
        )
    elif particular is None and _transport_with_source(compiled):
        lines.append(
            "particular none: the source of this transport equation is not integrated along "
            f"its flow: {compiled.particular_refusal()}; the network fits the source as it is"
        )
    elif particular is not None:
        lines.append(
            f"particular the source is a sum of {particular.size} "
            f"exponential{'s' if particular.size != 1 else ''} exp(k·x) times polynomials "
            "(sines, cosines, sinh and cosh written as complex exponentials): the solve "
            "subtracts their exact particular solution first and fits the homogeneous rest "
            "(--no-particular: not)"
        )
    if not found and compiled.gaussians_beside_source():
        initial, _ = compiled.initial_gaussians()
        lines.append(
            f"particular the initial data '{initial.name}' hold Gaussians, not carried in free "
            "space: the equation has a source that no particular solution takes away, which "
            "may hold the solution to another course; the network fits them"
        )
    refused = (
        None if spreading is not None else compiled.spreading_refusal(beside=particular is not None)
    )
    if refused is not None:
        initial, _ = compiled.initial_gaussians()
        lines.append(
            f"particular the initial data '{initial.name}' hold Gaussians, not carried in free "
            f"space: {refused}; the network fits them"
        )
    if spreading is not None:
        initial, _ = compiled.initial_gaussians()
        plural = "s" if spreading.size != 1 else ""
        motion = [
            word
            for word, present in (
                ("carried by the flow", spreading.flow is not None and spreading.flow.any()),
                ("carried by a wind that changes in time", spreading.wind is not None),
                (
                    "drifting",
                    spreading.velocity.any()
                    and (spreading.flow is None or not spreading.flow.any()),
                ),
                ("spreading", spreading.diffusion.any()),
                ("decaying" if spreading.reaction > 0 else "growing", spreading.reaction != 0),
            )
            if present
        ]
        lines.append(
            f"particular the initial data '{initial.name}' hold {spreading.size} "
            f"Gaussian{plural}: the solve subtracts {'their' if plural else 'its'} exact "
            f"evolution in free space ({', '.join(motion) or 'at rest'}) first and fits the "
            "rest, whose initial data lose them (--no-particular: not)"
        )
    # Beside a source that no particular solution takes (Modes.source), the modes solve the
    # homogeneous equation only: auto then walks half of the features as modes (step 1m).
    solves = (
        "solve it without its source, as half of the features"
        if modes is not None and modes.source and particular is None
        else "solve it exactly"
    )
    if modes is not None and modes.order == 1 and not modes.diffusion.any():
        decay = " and decay by its reaction" if modes.reaction else ""
        lines.append(
            "modes     a transport equation of constant coefficients: auto may probe waves "
            f"that travel with the flow{decay} and {solves}"
        )
    elif modes is not None and modes.order == 1:
        lines.append(
            "modes     a parabolic equation of constant coefficients: auto may probe decaying "
            f"travelling waves that {solves}"
        )
    elif modes is not None and modes.order == 2:
        lines.append(
            "modes     a wave equation of constant coefficients: auto may probe travelling "
            f"waves that {solves}"
        )
    elif modes is not None and (not modes.source or particular is not None):
        lines.append(
            "modes     an elliptic equation of constant coefficients without a source "
            f"{'(once u_p is subtracted)' if modes.source else ''}: auto may probe plane and "
            "evanescent waves that solve it exactly".replace(" :", ":")
        )
    spec = compiled.singular()
    if spec is not None:
        from pinnls.singular import describe, family_counts

        counts = family_counts(spec)
        parts = [f"{counts['harmonic']} harmonic"] if counts["harmonic"] else []
        if counts["operator"]:
            parts.append(f"{counts['operator']} for the drift or reaction")
        if counts["caloric"]:
            parts.append(f"{counts['caloric']} caloric")
        if counts["kernel"]:
            parts.append(f"{counts['kernel']} of the heat kernel")
        lines.append(
            f"singular  {'; '.join(describe(compiled))}: {len(spec)} singular "
            f"function{'s' if len(spec) != 1 else ''} "
            f"({', '.join(parts)}) may join the basis (auto keeps them where a probe with "
            "them wins; --no-singular: not)"
        )
    if compiled.interfaces:
        planes = ", ".join(
            f"{compiled.axes[axis]}={value:g}" for axis, value in compiled.interfaces
        )
        lines.append(
            f"interface a coefficient of the second derivatives jumps across {planes}: read in "
            "divergence form (u and its flux continuous there), the basis split into cells"
        )
    free = [compiled.unknowns[index] for index in compiled.free_constants()]
    if free and any(term.kind == "condition" for term in compiled.terms):
        lines.append(
            f"constant  {', '.join(free)} determined only up to a constant (every condition is on "
            "derivatives): errors are measured up to it; a condition on the value fixes it"
        )
    layers = compiled.layers()
    if layers:
        faces = ", ".join(f"{layer.face} (width {layer.width:.3g})" for layer in layers)
        # read from the coefficients alone: whether the data make the layer is not known here
        lines.append(
            f"layers    {faces}: where a value held there disagrees with what the flow or "
            "reaction brings, the solution turns over that width; auto may probe features "
            "across them"
        )
    return lines


def transport_lines(compiled, transport, seed: int) -> list[str]:
    """What the well-posedness check found: the velocity and, per face, whether the flow enters
    or leaves and which conditions hold there; each inflow condition's points per face."""
    if transport.kind is None:
        return []  # not a first-order transport problem: nothing was checked
    if transport.kind == "transport":
        head = f"transport velocity {transport.velocity.text(compiled.axes)}"
    else:
        head = "transport characteristic speeds of the system"
    lines = [head]
    for piece in transport.pieces:
        if transport.kind == "transport":
            if piece.entering == piece.points:
                flow = f"inflow (a·n <= {piece.outflow:.3g})"
            elif piece.entering:
                flow = f"partly inflow (a·n from {piece.inflow:.3g} to {piece.outflow:.3g})"
            elif piece.leaving:
                flow = f"outflow (a·n >= {piece.inflow:.3g})"
            else:
                flow = "along the flow (a·n = 0)"
        else:
            # piece.inflow is the most negative speed along the outward normal
            if piece.entering:
                flow = (
                    f"{piece.entering} speed(s) enter (the fastest at {-piece.inflow:.3g} inward)"
                )
            else:
                flow = "no speed enters"
        held = ", ".join(piece.covered_by) or "no condition"
        lines.append(f"          {piece.name}: {flow}; {held}")
    for term in compiled.terms:
        if term.cloud is None or not term.cloud.grown_by_drawing:
            continue  # a face, the interior, or a shape's interior or boundary
        region = term.cloud.region
        drawn = region.draw(compiled.lower, compiled.upper, term.cloud.spec, seed, term.name)
        counts = drawn.counts()
        faces = ", ".join(f"{name} ({n})" for name, n in counts.items())
        lines.append(
            f"inflow    '{term.name}': {term.size} boundary points where a·n < 0, on {faces}"
        )
    return lines


def readable(equation, problem) -> str:
    """``Eq(lhs, rhs)`` as ``lhs = rhs`` in the subscript notation: ``u_t + c*u_x = 0``, a
    value on a face as ``u(0, t)``, a derivative on a face as ``u_x(1, t)``."""
    import sympy as sp

    unknowns = {u.expression: str(u.function) for u in problem.unknowns}
    axes = {str(s): s for s in problem.unknown.expression.args}

    def derivative(expr):
        if expr.expr not in unknowns:
            return None
        suffix = "".join(str(s) * int(n) for s, n in expr.variable_count)
        return sp.Symbol(f"{unknowns[expr.expr]}_{suffix}")

    def along_face(expr, values=None):
        """d/dt u(1, t), the unknown at a face differentiated along it: u_t(1, t), the
        subscript named by the argument's place (None where a variable is not one bare
        argument of it); ``values`` substituted in the arguments after (a ``Subs``' point)."""
        inner = expr.expr
        for unknown, name in unknowns.items():
            if getattr(inner, "func", None) != unknown.func or len(inner.args) != len(unknown.args):
                continue
            suffix = ""
            for variable, count in expr.variable_count:
                places = [i for i, a in enumerate(inner.args) if variable in a.free_symbols]
                if len(places) != 1 or inner.args[places[0]] != variable:
                    return None
                suffix += str(unknown.args[places[0]]) * int(count)
            args = ", ".join(sp.sstr(a.subs(values or {}), full_prec=False) for a in inner.args)
            return sp.Symbol(f"{name}_{suffix}({args})")
        return None

    def on_face(expr):
        inner = expr.expr.replace(lambda e: isinstance(e, sp.Derivative), derivative)
        if not isinstance(inner, sp.Symbol):
            if isinstance(expr.expr, sp.Derivative):  # u(x, 0).diff(x).subs(x, 1): u_x(1, 0)
                return along_face(expr.expr, dict(zip(expr.variables, expr.point)))
            return None
        values = dict(zip(expr.variables, expr.point))
        args = ", ".join(sp.sstr(values.get(axes[a], axes[a]), full_prec=False) for a in axes)
        return sp.Symbol(f"{inner}({args})")

    def side(expr):
        expr = sp.sympify(expr)
        expr = expr.replace(lambda e: isinstance(e, sp.Subs), lambda e: on_face(e) or e)
        expr = expr.replace(
            lambda e: isinstance(e, sp.Derivative),
            lambda e: derivative(e) or along_face(e) or e,
        )
        expr = expr.xreplace({u: sp.Symbol(name) for u, name in unknowns.items()})
        return sp.sstr(expr)

    return f"{side(equation.lhs)} = {side(equation.rhs)}"


def _where(problem) -> str:
    """The domain: the box, or the shape and its bounding box."""
    box = problem.domain.describe()
    # which axis is time decides the initial face and the slabs: say it, whatever its name
    time = "" if problem.time is None else f"; time {problem.time}"
    if problem.shape is None:
        return box + time
    return f"{problem.shape.describe()} (inside {box}){time}"


def _plane(compiled, particular) -> str:
    """Where :class:`~pinnls.particular.Transported` starts its integral: ``t=0`` on a time
    axis, else the plane across the flow through the box's upstream corner."""
    normal = particular.normal
    axis = int(np.argmax(np.abs(normal)))
    if np.count_nonzero(normal) == 1:
        return f"{compiled.axes[axis]}={particular.offset * normal[axis]:g}"
    return "the plane across it through the box's upstream corner"


def _transport_with_source(compiled) -> bool:
    """Whether the problem is one first-order equation of one unknown with a source that is
    not zero at its points: what a particular solution along the flow is for."""
    equations = [term for term in compiled.terms if term.kind == "equation"]
    if len(equations) != 1 or compiled.unknown_count != 1 or equations[0].order != 1:
        return False
    return bool(np.any(np.asarray(equations[0].source) != 0))
