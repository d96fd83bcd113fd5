"""Coordinates along a flow: the foot of each point's characteristic, and its envelope.

For ``u_t + a(x, t) . grad u + c(x, t) u = 0`` every function of the foot ``X0(x, t)`` (where
the characteristic through ``(x, t)``, ``dX/ds = a(X, s)``, stands at the first time ``t0``),
times the envelope ``exp(-int_t0^t c(X(s), s) ds)`` along it, solves the equation. A basis
whose first layer sees ``(X0(x, t), t)`` in place of ``(x, t)`` (and whose features are
multiplied by the envelope, where there is a reaction) therefore holds features that solve it,
the rows with no weight on time (the ``aligned`` ones), and the least squares has only the
data at ``t0`` and on the inflow left to fit. For a constant flow without a reaction the foot
is ``x - a t`` and such rows are the aligned rows of
:func:`pinnls.numeric.initialization.box_layer`; this module is what a variable flow, or a
reaction, needs. Without a time axis a space axis with a constant coefficient plays ``t``.

The foot and the envelope are integrated backwards with classical Runge-Kutta (RK4) in a fixed
number of steps per point (each point's own step, ``(t0 - t) / steps``), inside the network;
their tangents are written out step by step (and torch's forward mode gives the same), so the
derivatives of every feature, its residual included, come from the same discrete map. The
residual of an aligned feature is then RK4's error, not zero: the step count is chosen so that
it is far below the fits that matter (:func:`steps_for`'s rule, then measured by step doubling:
:meth:`FootMap._doubled`).
"""

from __future__ import annotations

import contextlib
import json
import math
from collections import OrderedDict
from collections.abc import Callable, Sequence

import torch

__all__ = ["FootMap", "reads_axes", "run", "run_with_tangent", "steps_for"]

#: RK4 steps per unit of ``L T`` (the flow's largest spatial gradient times the time span),
#: and the fewest: measured on solid-body rotation (L T = 1) with a prototype of this map
#: (random features of the feet, SVD least squares at width 2048), 16 steps left a feature
#: residual of 5.6e-8 (rel L2 7.3e-8), 32 steps 3.5e-9 (4.8e-9).
STEPS_PER_UNIT = 32
MIN_STEPS = 32
MAX_STEPS = 1024
#: The feet's RK4 error that the step count is chosen for (:meth:`FootMap._doubled`): the
#: largest change of a foot, per unit of the box, from doubling the steps. The rule above left
#: 3e-9 to 6e-9 on rotation, a strain and an annulus, and their solutions stalled at 3 to 5 times
#: that (a conservative strain: 1.1e-8 at width 2048 with 32 steps, 2.2e-10 with 96;
#: docs/benchmarks.md, section 75); 1e-10 of the box (with FEET_SAFETY, about 4e-11) puts
#: that floor near the automatic strategy's target, 1e-10. The automatic strategy asks for
#: less while its best estimate is far above that (:func:`feet_tolerance`): the extra steps
#: are charged to its plan, and a basis that resolves 1e-5 gains nothing from them.
FEET_TOLERANCE = 1e-10
#: The margin on the count that the step doubling asks for.
FEET_SAFETY = 1.25

#: The tolerance in force where :func:`feet_tolerance` sets one (None: FEET_TOLERANCE).
_TOLERANCE: list[float] = []


@contextlib.contextmanager
def feet_tolerance(value: float):
    """Maps built inside take ``value`` as their RK4 tolerance (:meth:`FootMap._doubled`) in
    place of :data:`FEET_TOLERANCE`: the automatic strategy's stages, from their best estimate
    so far (``math.inf``: the rule's count alone)."""
    _TOLERANCE.append(float(value))
    try:
        yield
    finally:
        _TOLERANCE.pop()


def tolerance_in_force() -> float:
    """The RK4 tolerance a map built now takes: the innermost :func:`feet_tolerance`, else
    :data:`FEET_TOLERANCE`."""
    return _TOLERANCE[-1] if _TOLERANCE else FEET_TOLERANCE


#: The marches of the clouds seen last are kept, up to this many bytes in all (points,
#: tangents and results): a cloud's feet are the same for every basis on it, and the stages
#: at one width share their clouds (the steepness ladder, the aligned and the modes' probes).
#: Measured on a pulse in an oscillating shear (1024 steps, benchmarks/user28): the marches
#: took 63 of the run's 84 seconds, each cloud marched again for every stage on it; kept, 25
#: of 45 (the same stages and answer). Small beside a stage's system, so the memory plan
#: does not count it.
FEET_CACHE_BYTES = 64 * 2**20
#: ...and a march whose entry would take more than this share of it is not kept...
FEET_CACHE_SHARE = 0.125
#: ...with each entry counted this many bytes more than its tensors (the key, the Python
#: objects; a loop over single points would otherwise keep about a million entries).
FEET_CACHE_ENTRY = 4096

_FUNCTIONS = {
    "sin": torch.sin,
    "cos": torch.cos,
    "tan": torch.tan,
    "exp": torch.exp,
    "log": torch.log,
    "tanh": torch.tanh,
    "sinh": torch.sinh,
    "cosh": torch.cosh,
    "atan": torch.atan,
    "abs": torch.abs,
}


def run(program: list, points: torch.Tensor) -> torch.Tensor:
    """Evaluate an expression program (``pinnls.program``) at points.

    Parameters
    ----------
    program : nested list
    points : (n, d) tensor

    Returns
    -------
    (n,) tensor

    Raises
    ------
    ValueError
        For an operation the grammar does not have.
    """
    value = _run(program, points)
    if not isinstance(value, torch.Tensor) or value.ndim == 0:
        return torch.full(
            (points.shape[0],), float(value), dtype=points.dtype, device=points.device
        )
    return value


def _run(program: list, points: torch.Tensor):
    head = program[0]
    if head == "x":
        return points[:, int(program[1])]
    if head == "c":
        return float(program[1])
    arguments = [_run(argument, points) for argument in program[1:]]
    if head == "+":
        return sum(arguments[1:], arguments[0])
    if head == "*":
        out = arguments[0]
        for argument in arguments[1:]:
            out = out * argument
        return out
    if head == "^":
        base, exponent = arguments
        if not isinstance(base, torch.Tensor) and not isinstance(exponent, torch.Tensor):
            return float(base) ** float(exponent)
        if not isinstance(base, torch.Tensor):
            base = torch.full_like(exponent, float(base))
        return torch.pow(base, exponent)
    function = _FUNCTIONS.get(head)
    if function is None or len(arguments) != 1:
        raise ValueError(f"unknown operation {head!r} in an expression program")
    (argument,) = arguments
    if not isinstance(argument, torch.Tensor):
        return function(torch.tensor(float(argument), dtype=torch.float64)).item()
    return function(argument)


#: d f(a) / da for each function, in terms of a and f(a).
_SLOPES = {
    "sin": lambda a, f: torch.cos(a),
    "cos": lambda a, f: -torch.sin(a),
    "tan": lambda a, f: 1 + f * f,
    "exp": lambda a, f: f,
    "log": lambda a, f: 1 / a,
    "tanh": lambda a, f: 1 - f * f,
    "sinh": lambda a, f: torch.cosh(a),
    "cosh": lambda a, f: torch.sinh(a),
    "atan": lambda a, f: 1 / (1 + a * a),
    "abs": lambda a, f: torch.sign(a),
}


def run_with_tangent(
    program: list, points: torch.Tensor, tangent: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor]:
    """A program's values and their derivative along ``tangent``, in forward mode written out
    op by op: torch.func.jvp over the same ops costs tens of times more (its per-op dispatch,
    for programs of a few scalar ops).

    Parameters
    ----------
    program : nested list
    points : (n, d) tensor
    tangent : (n, d) or (m, n, d) tensor
        One direction per point, or m of them (each part of the slopes carries them all:
        the values are worked out once).

    Returns
    -------
    values : (n,) tensor
    derivatives : (n,) or (m, n) tensor
    """
    value, slope = _pair(program, points, tangent)
    n = points.shape[0]

    def full(v, shape):
        if isinstance(v, torch.Tensor) and v.ndim > 0:
            return v.expand(shape)
        return torch.full(shape, float(v), dtype=points.dtype, device=points.device)

    return full(value, (n,)), full(0.0 if slope is None else slope, tangent.shape[:-1])


def _pair(program: list, points: torch.Tensor, tangent: torch.Tensor):
    """(value, derivative) of a program; a derivative of None is zero, a float value a
    constant."""
    head = program[0]
    if head == "x":
        axis = int(program[1])
        return points[:, axis], tangent[..., axis]
    if head == "c":
        return float(program[1]), None
    pairs = [_pair(argument, points, tangent) for argument in program[1:]]
    if head == "+":
        value = sum((v for v, _ in pairs[1:]), pairs[0][0])
        slopes = [d for _, d in pairs if d is not None]
        return value, (sum(slopes[1:], slopes[0]) if slopes else None)
    if head == "*":
        value, slope = pairs[0]
        for v, d in pairs[1:]:
            terms = [
                t
                for t in (None if slope is None else slope * v, None if d is None else value * d)
                if t is not None
            ]
            value, slope = value * v, (sum(terms[1:], terms[0]) if terms else None)
        return value, slope
    if head == "^":
        (base, db), (exponent, de) = pairs
        if de is None:
            if not isinstance(base, torch.Tensor):
                return float(base) ** float(exponent), None
            value = torch.pow(base, exponent)
            slope = None if db is None else exponent * torch.pow(base, exponent - 1) * db
            return value, slope
        if not isinstance(base, torch.Tensor):
            value = torch.pow(torch.full_like(exponent, float(base)), exponent)
            return value, value * math.log(float(base)) * de
        value = torch.pow(base, exponent)
        slope = value * (de * torch.log(base) + (0 if db is None else exponent * db / base))
        return value, slope
    slope_of = _SLOPES.get(head)
    if slope_of is None or len(pairs) != 1:
        raise ValueError(f"unknown operation {head!r} in an expression program")
    ((argument, d),) = pairs
    if not isinstance(argument, torch.Tensor):
        return _FUNCTIONS[head](torch.tensor(float(argument), dtype=torch.float64)).item(), None
    value = _FUNCTIONS[head](argument)
    return value, (None if d is None else slope_of(argument, value) * d)


#: d2 f(a) / da2 for each function, in terms of a and f(a).
_CURVATURES = {
    "sin": lambda a, f: -f,
    "cos": lambda a, f: -f,
    "tan": lambda a, f: 2 * f * (1 + f * f),
    "exp": lambda a, f: f,
    "log": lambda a, f: -1 / (a * a),
    "tanh": lambda a, f: -2 * f * (1 - f * f),
    "sinh": lambda a, f: f,
    "cosh": lambda a, f: f,
    "atan": lambda a, f: -2 * a / (1 + a * a) ** 2,
    "abs": lambda a, f: torch.zeros_like(a),
}


def _sum(*terms):
    """The sum of the terms that are not None (None if none is)."""
    present = [t for t in terms if t is not None]
    return sum(present[1:], present[0]) if present else None


def _times(a, b):
    """``a * b``, None if either is (a zero)."""
    return None if a is None or b is None else a * b


def _quad(program: list, points: torch.Tensor, u, v, uv):
    """``(f, f_u, f_v, f_uv)`` of a program along two directions (second-order forward
    mode, hyper-dual numbers): the points move as ``(points, u, v, uv)``. None is zero; a
    float value is a constant."""
    head = program[0]
    if head == "x":
        axis = int(program[1])
        return (
            points[:, axis],
            None if u is None else u[:, axis],
            None if v is None else v[:, axis],
            None if uv is None else uv[:, axis],
        )
    if head == "c":
        return float(program[1]), None, None, None
    quads = [_quad(argument, points, u, v, uv) for argument in program[1:]]
    if head == "+":
        return tuple(_sum(*parts) for parts in zip(*quads, strict=True))
    if head == "*":
        out = quads[0]
        for other in quads[1:]:
            a, au, av, auv = out
            b, bu, bv, buv = other
            out = (
                a * b,
                _sum(_times(au, b), _times(a, bu)),
                _sum(_times(av, b), _times(a, bv)),
                _sum(_times(auv, b), _times(au, bv), _times(av, bu), _times(a, buv)),
            )
        return out
    if head == "^":
        (base, *db), (exponent, *de) = quads
        if all(d is None for d in de):
            if not isinstance(base, torch.Tensor):
                return float(base) ** float(exponent), None, None, None
            e = float(exponent) if not isinstance(exponent, torch.Tensor) else exponent
            value = torch.pow(base, e)
            slope = e * torch.pow(base, e - 1)
            curvature = e * (e - 1) * torch.pow(base, e - 2)
            return _chain(value, slope, curvature, *db)
        # base ^ exponent = exp(exponent log base)
        return _quad(["exp", ["*", program[2], ["log", program[1]]]], points, u, v, uv)
    slope_of, curvature_of = _SLOPES.get(head), _CURVATURES.get(head)
    if slope_of is None or len(quads) != 1:
        raise ValueError(f"unknown operation {head!r} in an expression program")
    ((argument, du, dv, duv),) = quads
    if not isinstance(argument, torch.Tensor):
        value = _FUNCTIONS[head](torch.tensor(float(argument), dtype=torch.float64)).item()
        return value, None, None, None
    value = _FUNCTIONS[head](argument)
    return _chain(value, slope_of(argument, value), curvature_of(argument, value), du, dv, duv)


def _chain(value, slope, curvature, du, dv, duv):
    """``f(a)``'s hyper-dual parts from ``a``'s: ``f' a_u``, ``f' a_v``,
    ``f' a_uv + f'' a_u a_v``."""
    return (
        value,
        _times(slope, du),
        _times(slope, dv),
        _sum(_times(slope, duv), _times(curvature, _times(du, dv))),
    )


def run_with_second(program: list, points: torch.Tensor, u, v, uv) -> tuple[torch.Tensor, ...]:
    """A program's values and derivatives along ``u``, ``v`` and both (:func:`_quad`),
    each (n,): the points' own motion is ``u``, ``v`` and ``uv`` ((n, d) tensors)."""
    n = points.shape[0]

    def full(value):
        if isinstance(value, torch.Tensor) and value.ndim > 0:
            return value
        value = 0.0 if value is None else float(value)
        return torch.full((n,), value, dtype=points.dtype, device=points.device)

    return tuple(full(part) for part in _quad(program, points, u, v, uv))


def reads_axes(program: list) -> bool:
    """Whether a program reads any axis (else it is a constant)."""
    if program[0] == "x":
        return True
    return program[0] != "c" and any(reads_axes(argument) for argument in program[1:])


class FootMap(torch.nn.Module):
    """``(x, t) -> (X0(x, t), t)``, normalized by the problem's box.

    ``t`` is the axis that parametrizes the characteristics: time where the problem has one
    with a constant coefficient, else a space axis with one (a steady flow ``u_x + a(x, y)
    u_y``: the feet lie on the plane ``x = lower``). Every characteristic crosses that plane
    once, since its velocity along the axis is 1.

    Parameters
    ----------
    velocity : list of d programs
        ``dX/ds`` per axis (:meth:`pinnls.operators.CompiledProblem.foot_flow`); the entry of
        ``axis`` is 1.
    axis : int
    t0 : float
        Where the feet lie: ``x_axis = t0`` (:meth:`build`: the box's lower end).
    steps : int
        RK4 steps from a point back to ``t0`` (:func:`steps_for`).
    foot_lower, foot_upper : sequence of float, length d
        The box that the output is normalized by (:meth:`build`: the problem's).
    dtype : torch.dtype
    device : str or torch.device
    reaction : program, optional
        ``c`` of ``u_t + a . grad u + c u = f`` (over the axis' coefficient): the features
        are multiplied by the envelope ``exp(-int_t0^t c(X(s), s) ds)`` along the
        characteristic (:meth:`frame`), so that a feature of the foot solves the equation
        with its reaction term too.

    Attributes
    ----------
    spec : (k,) uint8 buffer
        The JSON of ``velocity``, ``axis``, ``steps`` and ``t0``: saved with the basis'
        state, so that a result rebuilds its map without the problem file.
    lower, scale : (d,) buffers
        The normalization of the output: ``(foot - lower) / scale``.
    """

    def __init__(
        self,
        velocity: list,
        axis: int,
        t0: float,
        steps: int,
        foot_lower: Sequence[float],
        foot_upper: Sequence[float],
        dtype: torch.dtype = torch.float64,
        device: str | torch.device = "cpu",
        reaction: list | None = None,
    ) -> None:
        super().__init__()
        self.velocity = [list(p) for p in velocity]
        self.reaction = None if reaction is None else list(reaction)
        self.axis = int(axis)
        self.t0 = float(t0)
        self.steps = int(steps)
        text = json.dumps(
            {
                "velocity": self.velocity,
                "axis": self.axis,
                "t0": self.t0,
                "steps": self.steps,
                "reaction": self.reaction,
            }
        ).encode()
        self.register_buffer("spec", torch.tensor(list(text), dtype=torch.uint8, device=device))

        lower = torch.as_tensor(list(map(float, foot_lower)), dtype=dtype, device=device)
        upper = torch.as_tensor(list(map(float, foot_upper)), dtype=dtype, device=device)
        self.register_buffer("lower", lower)
        self.register_buffer("scale", torch.clamp(upper - lower, min=1e-12))

    @property
    def _owner(self) -> tuple:
        """What makes two maps march alike, read when marching (the kept marches,
        :data:`MARCHES`, are shared by the maps that each stage builds afresh)."""
        return (
            repr(self.velocity), repr(self.reaction), self.axis, self.t0, self.steps,
            tuple(self.lower.tolist()), tuple(self.scale.tolist()),
        )  # fmt: skip

    @classmethod
    def from_spec(cls, spec, lower, scale) -> FootMap:
        """Rebuild from saved buffers (``spec``, ``lower``, ``scale`` arrays)."""
        values = json.loads(bytes(bytearray(int(b) for b in spec)).decode())
        lower = [float(v) for v in lower]
        upper = [lo + float(s) for lo, s in zip(lower, scale, strict=True)]
        return cls(
            values["velocity"], values["axis"], values["t0"], values["steps"], lower, upper,
            reaction=values.get("reaction"),
        )  # fmt: skip

    @classmethod
    def build(
        cls, velocity: list, axis: int, lower, upper, dtype=torch.float64, device="cpu",
        reaction: list | None = None,
    ) -> FootMap | None:  # fmt: skip
        """A map for the box ``[lower, upper]``: its step count from the flow
        (:func:`steps_for`), checked on the feet of a grid of the box (and the envelope,
        with a ``reaction`` program: the order-0 coefficient over the axis' one).

        Returns
        -------
        FootMap or None
            None where the flow or a foot is not finite on the grid (the flow leaves where
            its expression is defined).
        """
        lower = [float(v) for v in lower]
        upper = [float(v) for v in upper]
        d = len(lower)
        per_axis = max(3, min(9, int(20000 ** (1.0 / d))))
        axes = [
            torch.linspace(lo, hi, per_axis, dtype=torch.float64)
            for lo, hi in zip(lower, upper, strict=True)
        ]
        grid = torch.stack(torch.meshgrid(*axes, indexing="ij"), dim=-1).reshape(-1, d)
        steps = steps_for(velocity, grid, upper[axis] - lower[axis])
        if steps is None:
            return None
        steps = cls._doubled(velocity, axis, lower, upper, reaction, grid, steps)
        probe = cls(velocity, axis, lower[axis], steps, lower, upper, reaction=reaction)
        with torch.no_grad():
            feet, envelope = probe.frame(grid)
        if not bool(torch.isfinite(feet).all()) or (
            envelope is not None and not bool(torch.isfinite(envelope).all())
        ):
            return None
        # Normalized by the problem's box, not the feet's: the feet of the data's points
        # cover it (measured on the shear flow at width 1024, steepness 4, with Box's rule:
        # 9.8e-5 against 7.3e-3 with the feet's box, [-1, 1] along x).
        return probe.to(dtype=dtype, device=device)

    @classmethod
    def _doubled(cls, velocity, axis, lower, upper, reaction, grid, steps: int) -> int:
        """The step count that brings RK4's error to the tolerance in force
        (:func:`tolerance_in_force`), measured by step doubling from ``steps``
        (:func:`steps_for`'s rule) on ``grid``: the largest change of a foot (per unit of the
        box along each axis) and of the envelope's exponent between ``steps`` and ``2 steps``
        is the coarser march's error, to 16/15 (fourth order), and ``steps * (error /
        tolerance)^(1/4)`` (times :data:`FEET_SAFETY`) meets the tolerance; never fewer than
        the rule's count (a flow it over-resolves keeps it), at most :data:`MAX_STEPS`. The
        rule's own count where the tolerance is infinite or a march is not finite."""
        tolerance = tolerance_in_force()
        if not math.isfinite(tolerance) or steps >= MAX_STEPS:
            return steps
        span = torch.as_tensor(upper, dtype=torch.float64) - torch.as_tensor(lower)
        scale = torch.clamp(span, min=1e-12)

        def march(count: int):
            with torch.no_grad():
                made = cls(velocity, axis, lower[axis], count, lower, upper, reaction=reaction)
                return made._march(grid)

        (coarse, j_coarse), (fine, j_fine) = march(steps), march(2 * steps)
        error = ((coarse - fine).abs() / scale).max()
        if j_coarse is not None:
            # the envelope exp(J): a change dJ is a relative change dJ of every feature
            error = torch.maximum(error, (j_coarse - j_fine).abs().max())
        error = float(error)
        if not math.isfinite(error) or error <= tolerance:
            return steps  # a shear (x' = y) is integrated exactly: 0
        wanted = steps * FEET_SAFETY * (error / tolerance) ** 0.25
        return int(min(MAX_STEPS, max(steps, math.ceil(wanted))))

    def feet(self, x: torch.Tensor) -> torch.Tensor:
        """``(X0(x, t), t)`` in raw coordinates.

        Parameters
        ----------
        x : (n, d) tensor

        Returns
        -------
        (n, d) tensor
        """
        # a copy: the kept march is shared, and this is the caller's to change
        return MARCHES.recall(self._owner, "march", (x,), lambda: self._march(x))[0].clone()

    def _march(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The feet and ``J = -int_t0^t c ds`` along the characteristic (None without a
        reaction), by RK4 from each point back to ``t0``."""
        k = self.axis
        h = ((self.t0 - x[:, k]) / self.steps)[:, None]
        point, total = x, None
        for _ in range(self.steps):
            k1 = self._flow(point)
            p2 = point + 0.5 * h * k1
            k2 = self._flow(p2)
            p3 = point + 0.5 * h * k2
            k3 = self._flow(p3)
            p4 = point + h * k3
            k4 = self._flow(p4)
            if self.reaction is not None:
                rates = [run(self.reaction, p) for p in (point, p2, p3, p4)]
                step = (h[:, 0] / 6) * (rates[0] + 2 * rates[1] + 2 * rates[2] + rates[3])
                total = step if total is None else total + step
            point = point + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4)
        # time goes back to t0 with the space axes; the features see the point's own time
        return torch.cat([point[:, :k], x[:, k : k + 1], point[:, k + 1 :]], dim=1), total

    def _march_with_tangent(self, x: torch.Tensor, tangent: torch.Tensor):
        """:meth:`_march` and its derivatives along ``tangent`` ((n, d), or (m, n, d) for m
        directions in one march): the RK4 steps differentiated by hand (each point's step
        depends on its time). Returns feet (n, d), their slope ((n, d) or (m, n, d)), and
        ``J`` (n,) and its slope ((n,) or (m, n)), or None."""
        k = self.axis
        h = ((self.t0 - x[:, k]) / self.steps)[:, None]
        dh = (-tangent[..., k] / self.steps)[..., None]
        point, dpoint = x, tangent
        total = slope_total = None
        for _ in range(self.steps):
            k1, d1 = self._flow_with_tangent(point, dpoint)
            p2, dp2 = point + 0.5 * h * k1, dpoint + 0.5 * (dh * k1 + h * d1)
            k2, d2 = self._flow_with_tangent(p2, dp2)
            p3, dp3 = point + 0.5 * h * k2, dpoint + 0.5 * (dh * k2 + h * d2)
            k3, d3 = self._flow_with_tangent(p3, dp3)
            p4, dp4 = point + h * k3, dpoint + dh * k3 + h * d3
            k4, d4 = self._flow_with_tangent(p4, dp4)
            if self.reaction is not None:
                pairs = [
                    run_with_tangent(self.reaction, p, dp)
                    for p, dp in ((point, dpoint), (p2, dp2), (p3, dp3), (p4, dp4))
                ]
                rate = pairs[0][0] + 2 * pairs[1][0] + 2 * pairs[2][0] + pairs[3][0]
                slope = pairs[0][1] + 2 * pairs[1][1] + 2 * pairs[2][1] + pairs[3][1]
                step = (h[:, 0] / 6) * rate
                dstep = (dh[..., 0] / 6) * rate + (h[:, 0] / 6) * slope
                total = step if total is None else total + step
                slope_total = dstep if slope_total is None else slope_total + dstep
            step = k1 + 2 * k2 + 2 * k3 + k4
            point = point + (h / 6) * step
            dpoint = dpoint + (dh / 6) * step + (h / 6) * (d1 + 2 * d2 + 2 * d3 + d4)
        feet = torch.cat([point[:, :k], x[:, k : k + 1], point[:, k + 1 :]], dim=1)
        slope = torch.cat([dpoint[..., :k], tangent[..., k : k + 1], dpoint[..., k + 1 :]], dim=-1)
        return feet, slope, total, slope_total

    def _march_with_second(self, x: torch.Tensor, u: torch.Tensor, v: torch.Tensor):
        """:meth:`_march` and its derivatives along ``u``, ``v`` and both (second-order
        forward mode written out, :func:`run_with_second`). The step ``h`` is linear in the
        point's time, so its second derivative is 0. Returns the feet's four parts (n, d)
        and ``J``'s four (n,) (None without a reaction)."""
        k = self.axis
        h = ((self.t0 - x[:, k]) / self.steps)[:, None]
        hu = (-u[:, k] / self.steps)[:, None]
        hv = (-v[:, k] / self.steps)[:, None]
        point = (x, u, v, torch.zeros_like(x))
        total = None

        def shift(p, factor, k_):
            """``p + factor * h * k_`` in all four parts (factor a number)."""
            (p0, pu, pv, puv), (k0, ku, kv, kuv) = p, k_
            return (
                p0 + factor * h * k0,
                pu + factor * (hu * k0 + h * ku),
                pv + factor * (hv * k0 + h * kv),
                puv + factor * (hu * kv + hv * ku + h * kuv),
            )

        for _ in range(self.steps):
            k1 = self._flow_with_second(point)
            p2 = shift(point, 0.5, k1)
            k2 = self._flow_with_second(p2)
            p3 = shift(point, 0.5, k2)
            k3 = self._flow_with_second(p3)
            p4 = shift(point, 1.0, k3)
            k4 = self._flow_with_second(p4)
            if self.reaction is not None:
                rates = [run_with_second(self.reaction, *p) for p in (point, p2, p3, p4)]
                rate = [r1 + 2 * r2 + 2 * r3 + r4 for r1, r2, r3, r4 in zip(*rates, strict=True)]
                step = (
                    h[:, 0] * rate[0] / 6,
                    (hu[:, 0] * rate[0] + h[:, 0] * rate[1]) / 6,
                    (hv[:, 0] * rate[0] + h[:, 0] * rate[2]) / 6,
                    (hu[:, 0] * rate[2] + hv[:, 0] * rate[1] + h[:, 0] * rate[3]) / 6,
                )
                total = (
                    step
                    if total is None
                    else tuple(a + b for a, b in zip(total, step, strict=True))
                )
            combined = tuple(
                a + 2 * b + 2 * c + d for a, b, c, d in zip(k1, k2, k3, k4, strict=True)
            )
            point = shift(point, 1.0 / 6.0, combined)
        parts = []
        for own, moved in zip((x, u, v, torch.zeros_like(x)), point, strict=True):
            parts.append(torch.cat([moved[:, :k], own[:, k : k + 1], moved[:, k + 1 :]], dim=1))
        return parts, total

    def frame_with_second(self, x: torch.Tensor, u: torch.Tensor, v: torch.Tensor):
        """:meth:`frame` and its derivatives along ``u``, ``v`` and both: the normalized
        feet's four parts (each (n, d)), and the envelope's four (each (n,); None without a
        reaction)."""
        parts, total = MARCHES.recall(
            self._owner, "second", (x, u, v), lambda: self._march_with_second(x, u, v)
        )
        feet = [(parts[0] - self.lower) / self.scale] + [p / self.scale for p in parts[1:]]
        if total is None:
            return feet, None
        J, Ju, Jv, Juv = total
        E = torch.exp(J)
        return feet, (E, E * Ju, E * Jv, E * (Juv + Ju * Jv))

    def _flow_with_second(self, point):
        quads = [run_with_second(program, *point) for program in self.velocity]
        return tuple(torch.stack(list(parts), dim=1) for parts in zip(*quads, strict=True))

    def frame(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor | None]:
        """The normalized feet (n, d) and the envelope ``exp(-int_t0^t c ds)`` (n,) that
        the features are multiplied by, or None without a reaction."""
        feet, total = MARCHES.recall(self._owner, "march", (x,), lambda: self._march(x))
        return (feet - self.lower) / self.scale, None if total is None else torch.exp(total)

    def frame_with_tangent(self, x: torch.Tensor, tangent: torch.Tensor):
        """:meth:`frame` and the derivatives of both along ``tangent``, (n, d) or (m, n, d)
        for m directions marched together (the feet once, each slope beside them): feet
        (n, d), their slope ((n, d) or (m, n, d)), envelope (n,) and its slope ((n,) or
        (m, n); both None without a reaction)."""
        feet, slope, total, slope_total = MARCHES.recall(
            self._owner, "tangent", (x, tangent), lambda: self._march_with_tangent(x, tangent)
        )
        feet, slope = (feet - self.lower) / self.scale, slope / self.scale
        if total is None:
            return feet, slope, None, None
        envelope = torch.exp(total)
        return feet, slope, envelope, envelope * slope_total

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The feet, normalized: (n, d) raw points to (n, d) coordinates, mostly in [0, 1]."""
        return self.frame(x)[0]

    def _flow_with_tangent(self, point, tangent):
        pairs = [run_with_tangent(program, point, tangent) for program in self.velocity]
        return torch.stack([v for v, _ in pairs], dim=1), torch.stack([d for _, d in pairs], -1)

    def _flow(self, point: torch.Tensor) -> torch.Tensor:
        return torch.stack([run(program, point) for program in self.velocity], dim=1)

    def extra_repr(self) -> str:
        envelope = "" if self.reaction is None else ", envelope=True"
        return f"axis={self.axis}, t0={self.t0}, steps={self.steps}{envelope}"


def _transformed(x: torch.Tensor) -> bool:
    """Whether ``x`` is traced (autograd on the points, or a torch.func transform such as the
    nested jvp of :func:`pinnls.numeric.basis.basis_derivatives`): a kept march would
    drop what the trace carries, so it is marched afresh."""
    if x.requires_grad:
        return True
    active = getattr(torch._C, "_are_functorch_transforms_active", None)
    return active is None or bool(active())


class _Marches:
    """The last marches, least recently used dropped first, within :data:`FEET_CACHE_BYTES`.

    An entry is found by the map, the kind of march, the inputs' shapes, dtype, device and
    fingerprints (per-column sums and a sample), and is used only when its inputs equal the
    new ones exactly (``torch.equal``, which takes -0.0 for 0.0), so a kept march gives the
    tensors that marching again would. Each entry counts :data:`FEET_CACHE_ENTRY` bytes
    beside its tensors.
    """

    def __init__(self) -> None:
        self.entries: OrderedDict = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0
        self.hits = self.misses = 0

    def recall(self, owner: tuple, kind: str, inputs: tuple, compute: Callable):
        if _transformed(inputs[0]) or any(t.requires_grad for t in inputs[1:]):
            return compute()
        key = (
            owner,
            kind,
            tuple(tuple(t.shape) for t in inputs),
            str(inputs[0].dtype),
            str(inputs[0].device),
            tuple(_fingerprint(t) for t in inputs),
        )
        entry = self.entries.get(key)
        if entry is not None and all(
            torch.equal(a, b) for a, b in zip(entry[0], inputs, strict=True)
        ):
            self.entries.move_to_end(key)
            self.hits += 1
            return entry[1]
        self.misses += 1
        result = compute()
        size = sum(_nbytes(t) for t in inputs) + _nbytes(result) + FEET_CACHE_ENTRY
        if size > FEET_CACHE_SHARE * FEET_CACHE_BYTES:
            return result
        kept = tuple(t.detach().clone() for t in inputs)
        if key in self.entries:
            self.bytes -= self.entries.pop(key)[2]
        self.entries[key] = (kept, result, size)
        self.bytes += size
        while self.bytes > FEET_CACHE_BYTES and self.entries:
            self.bytes -= self.entries.popitem(last=False)[1][2]
        return result


def _fingerprint(t: torch.Tensor) -> tuple:
    """Per-column sums and a strided sample of ``t``: one sum for the whole tensor made the
    unit tangents of two axes, and two faces of a square, the same key, and each evicted the
    other (a reviewer measured repeats on swirl_diffusion charged 0.34 s and taking 0.57)."""
    flat = t.reshape(-1, t.shape[-1]) if t.dim() > 1 and t.shape[-1] else t.reshape(-1, 1)
    step = max(1, flat.numel() // 32)
    # one transfer from the device, not two
    return tuple(torch.cat([flat.sum(dim=0), flat.reshape(-1)[::step]]).tolist())


def _nbytes(value) -> int:
    if isinstance(value, torch.Tensor):
        return value.numel() * value.element_size()
    if isinstance(value, (tuple, list)):
        return sum(_nbytes(v) for v in value)
    return 0


#: The process' kept marches (:class:`_Marches`).
MARCHES = _Marches()


def steps_for(velocity: list, points: torch.Tensor, span: float) -> int | None:
    """RK4 steps for a flow over a time ``span``: :data:`STEPS_PER_UNIT` per unit of
    ``L span``, where L is the largest spectral norm of the flow's Jacobian at ``points``
    ((n, d) float64; time included), within [:data:`MIN_STEPS`, :data:`MAX_STEPS`]. None where
    the flow or its Jacobian is not finite there."""
    points = points.detach().clone().requires_grad_(True)
    rows = []
    for program in velocity:
        value = run(program, points)
        if not bool(torch.isfinite(value).all()):
            return None
        if value.requires_grad:
            (gradient,) = torch.autograd.grad(value.sum(), points, allow_unused=True)
            gradient = torch.zeros_like(points) if gradient is None else gradient
        else:
            gradient = torch.zeros_like(points)
        rows.append(gradient.detach())
    jacobian = torch.stack(rows, dim=1)  # (n, d, d)
    if not bool(torch.isfinite(jacobian).all()):
        return None
    lipschitz = float(torch.linalg.matrix_norm(jacobian, ord=2).max())
    steps = math.ceil(STEPS_PER_UNIT * lipschitz * abs(span))
    return int(min(MAX_STEPS, max(MIN_STEPS, steps)))
