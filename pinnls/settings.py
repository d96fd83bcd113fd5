"""Solver settings: one frozen value object, and the one schema of every setting.

Each field of :class:`Settings` is declared with :func:`setting`, which records in the field's
metadata its parser, its choices (a :class:`~pinnls.registry.Registry`), a one-sentence help
text and its command-line flag. The CLI builds its flags from ``dataclasses.fields(Settings)``,
so a new setting is one declaration here.

Precedence (applied by the CLI): command-line flags, then the problem file's ``settings``, then
the defaults below.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any

from pinnls.errors import SettingsError
from pinnls.registry import (
    ACTIVATIONS,
    ARCHITECTURES,
    DEVICES,
    DTYPES,
    HIDDEN_STEPS,
    INITIALIZATIONS,
    LEAST_SQUARES,
    STRATEGIES,
    Registry,
)

__all__ = [
    "Settings",
    "SettingSpec",
    "setting",
    "spec_of",
    "SEED_RANGE",
    "STRATEGY_DEFAULTS",
    "AUTO_TOL",
    "refuse_flat_derivatives",
]

#: What ``tol`` 0 means for the automatic strategy: the validation estimate it stops at. At
#: rounding level for a float64 least-squares fit (the true errors were 3x-50x below it on the
#: suite), so growing further buys little and costs the most expensive stages. Here, torch-free,
#: so that ``pinnls info`` can say what the strategy used; ``training.auto.ROUNDOFF`` is it.
AUTO_TOL = 1e-10

#: What a setting left at None means for the fixed strategies (lsgd, adam, gd): the paper's
#: network. The automatic strategy chooses these itself unless they are given.
STRATEGY_DEFAULTS: dict[str, Any] = {
    "width": 32,
    "activation": "relu",
    "iterations": 1000,
    "time_slabs": 1,
}

#: Seeds accepted: the range of ``torch.Generator.manual_seed`` (negative seeds wrap modulo
#: 2**64), so that every accepted seed can seed a generator.
SEED_RANGE = (-(2**63), 2**64)


def boolean(text: str) -> bool:
    """Parse ``true`` / ``false`` (also ``yes`` / ``no``, ``1`` / ``0``)."""
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "1"):
        return True
    if lowered in ("false", "no", "0"):
        return False
    raise ValueError(f"{text!r} is not true or false")


@dataclasses.dataclass(frozen=True)
class SettingSpec:
    """What the schema knows about one setting, besides its name, type and default.

    Attributes
    ----------
    parse : callable, str -> value
        Reads the value from command-line text (``int``, ``float``, :func:`boolean`, ``str``).
        A setting whose default is None is set back to None with ``--set NAME=none``.
    help : str
        One sentence for ``--help`` and the docs.
    flag : str or None
        The command-line flag (``"--init-scale"``); None for a setting with no flag.
    choices : Registry or None
        The allowed names, for settings that take one of a fixed set.
    """

    parse: Callable[[str], Any]
    help: str
    flag: str | None
    choices: Registry | None = None


def setting(
    default: Any,
    parse: Callable[[str], Any],
    flag: str | None,
    help: str,
    *,
    choices: Registry | None = None,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """Declare a field of :class:`Settings` together with its schema.

    Parameters
    ----------
    default : value
        The default (ignored when ``factory`` is given).
    parse, flag, help, choices
        See :class:`SettingSpec`.
    factory : callable, optional
        Builds a mutable default (``dict``).

    Returns
    -------
    dataclasses.Field
    """
    metadata = {"setting": SettingSpec(parse, help, flag, choices)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


def spec_of(field: dataclasses.Field) -> SettingSpec:
    """The :class:`SettingSpec` of a field of :class:`Settings`."""
    return field.metadata["setting"]


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that shapes a solve, besides the problem itself.

    Every field's meaning, parser, choices and flag are declared with it (see :func:`setting`);
    ``pinnls solve --help`` lists them. In brief: ``width``/``depth``/``arch``/``activation``
    shape the network; ``init``/``init_scale`` initialize it; ``optimizer``, ``hidden_step``,
    ``lr``, ``iterations``, ``tol`` and ``time_limit`` drive training; ``least_squares``,
    ``rcond``, ``tikhonov`` and ``chunk_size`` the last layer's solve (see
    :mod:`pinnls.numeric.least_squares`); ``terms`` holds per-term overrides,
    ``{term_name: {"weight": ..., "points": ...}}``.

    Raises
    ------
    SettingsError
        On construction, for an unknown choice or a value out of range, naming the setting.
    """

    width: int | None = setting(
        None,
        int,
        "--width",
        "Neurons per hidden layer (w) (none: auto grows it; the other strategies use 32).",
    )
    depth: int = setting(1, int, "--depth", "Number of hidden layers (L).")
    arch: str = setting(
        "plain", str, "--arch", "Network architecture: plain or residual.", choices=ARCHITECTURES
    )
    activation: str | None = setting(
        None,
        str,
        "--activation",
        "Activation of the hidden layers (none: auto chooses; the other strategies use relu).",
        choices=ACTIVATIONS,
    )
    init: str = setting(
        "box", str, "--init", "Initialization of the hidden layers.", choices=INITIALIZATIONS
    )
    init_scale: float | None = setting(
        None,
        float,
        "--init-scale",
        "Box initialization: how steep the initial basis functions are, as the largest "
        "pre-activation |W x + b| that a neuron reaches over the input box; larger values give "
        "sharper features (none: 1 for relu, 4 for tanh and sin).",
    )
    axis_scales: Mapping[str, float] | None = setting(
        None,
        lambda text: axis_scales(text),
        "--axis-scales",
        "Per-axis steepness factors of the first layer, AXIS=FACTOR,... (t=0.25: features vary "
        "a quarter as fast along t as along the other axes); axes not named keep 1 (none: "
        "isotropic; auto probes time against space on three axes or more).",
    )
    aligned: float | None = setting(
        None,
        float,
        "--aligned",
        "Fraction of the first layer's features aligned with the characteristics of the "
        "equation (for u_t + a . grad u: each cut plane contains the direction (a, 1) at its "
        "point, so the feature is constant along the flow where a is constant; beside diffusion, "
        "u_t + a . grad u = nu lap u, it keeps an eighth of its slope along (a, 1); for a wave "
        "operator such as u_tt - c^2 u_xx, or a hyperbolic first-order system of two unknowns "
        "such as p_t + K v_x = 0, v_t + p_x = 0: plane waves, W on its null cone), 0 to 1; "
        "0.5: every "
        "other one (none: auto probes 1 and 0.5 where they are constant, or on the feet of a "
        "variable transport flow, on two or more axes; the other strategies use 0).",
    )
    layers: float | None = setting(
        None,
        float,
        "--layers",
        "Fraction of the first layer's features drawn across the problem's boundary layers: "
        "faces with a Dirichlet condition where a diffusion meets a flow leaving the box, or a "
        "reaction, and the layer (nu/|a|, or sqrt(nu/c)) is at most 1/20 of the box "
        "(u_t + u_x = 0.01 u_xx, u given at x = 1: a layer of width 0.01; -1e-4 u'' + u = 1: "
        "width 0.01 at both ends): each a Box feature times exp(-(distance to the face) / d), d "
        "near the layer's width (on deeper networks, a ridge steep across the face), 0 to 1 "
        "(none: auto probes 0.25 where the problem has such a face; the other strategies use "
        "0).",
    )
    modes: float | None = setting(
        None,
        float,
        "--modes",
        "Fraction of the first layer's features drawn as travelling waves that solve an "
        "equation of constant coefficients exactly: decaying ones sin(k . (x - v t) + phi) "
        "exp(-(k . D k + c) t) for u_t + v . grad u = div(D grad u) - c u (heat, "
        "advection-diffusion, anisotropic or with a reaction; D = 0: transport by a constant "
        "flow), sin(k . x -+ omega t + phi) for "
        "the wave equation u_tt = div(D grad u) (damped, with a flow or a term in u: the "
        "quadratic's roots), plane and evanescent waves sin(q . x + phi) exp(lam x_e) for an "
        "elliptic one without time (Laplace, Helmholtz, with a flow), so that only the "
        "initial and boundary data are fitted; a sin basis of one hidden layer, 0 to 1; 0.5: "
        "every other one, for a source (none: auto probes 1 and 0.5 where the equation is such, "
        "1 first of all where it has no source, 0.5 alone beside a source, none beside an "
        "elliptic one's source; the other "
        "strategies use 0, and take modes with --iterations 0 only).",
    )
    particular: bool = setting(
        True,
        boolean,
        "--particular",
        "Subtract a particular solution first where the equation has constant coefficients "
        "and its source is a sum of exponentials of linear forms times polynomials (sines, "
        "cosines, sinh, cosh, exp, polynomials and their products): u_p = Re sum_j exp(a_j . x) "
        "q_j(x), the polynomials q_j by undetermined coefficients (of a higher degree where the "
        "source resonates); for a first-order equation (transport) with any smooth source, the "
        "source integrated back along the flow; so that the network fits the homogeneous rest "
        "(--no-particular: "
        "fit the source as it is, e.g. to measure the numerical method on a manufactured "
        "solution).",
    )
    singular: bool = setting(
        True,
        boolean,
        "--singular",
        "Append singular functions to a global basis where the domain is a 2-D shape with "
        "re-entrant corners or holes and the equation is elliptic or parabolic with constant "
        "coefficients: r^lam sin(lam psi), r^lam cos(lam psi) at each corner (lam = j pi / "
        "(2 alpha), alpha its interior angle), ln r and r^-n sin(n psi), r^-n cos(n psi) "
        "around each hole, in the frame where the principal part is the Laplacian, times "
        "Legendre polynomials in time; with a drift or a reaction also the operator's own "
        "(exp(g . x) times Bessel functions), and with time the parabolic equation's corner "
        "solutions (caloric rows); their coefficients are solved with the others "
        "(--no-singular: the features alone).",
    )
    subdomains: str | None = setting(
        None,
        str,
        "--subdomains",
        "A local basis: cut the box into a grid of subdomains, NxM... (one count per axis, in "
        "the axes' order) or AXIS=N,... (axes not named get 1), each with its own features "
        "(width split evenly) glued by a smooth partition of unity; depth 1 (none: one global "
        "basis).",
    )
    constant: bool = setting(
        True, boolean, "--constant", "Append a constant basis function (the last layer's bias)."
    )
    optimizer: str = setting(
        "auto",
        str,
        "--optimizer",
        "Training strategy: auto (chooses the basis), lsgd (least squares + gradient steps) "
        "or a joint baseline.",
        choices=STRATEGIES,
    )
    hidden_step: str = setting(
        "adam",
        str,
        "--hidden-step",
        "The gradient step that LSGD takes on the hidden layers.",
        choices=HIDDEN_STEPS,
    )
    lr: float = setting(
        5e-3,
        float,
        "--lr",
        "Learning rate: the step size with which the gradient step (Adam or GD) moves the "
        "hidden layers; lsgd solves the last layer exactly, so lr moves only the basis.",
    )
    iterations: int | None = setting(
        None,
        int,
        "--iterations",
        "Number of training steps: gradient steps on the hidden layers, each followed by an "
        "exact least-squares solve of the last layer with lsgd; 0 means least squares only, "
        "on the initial basis (none: 1000; auto chooses its own).",
    )
    tol: float = setting(
        0.0,
        float,
        "--tol",
        "Stopping tolerance: stop once the total loss, the weighted mean squared residual "
        "of every term (auto: the validation estimate, a relative residual), is at most this "
        "value; 0 never stops early (auto: 0 means its target 1e-10).",
    )
    time_limit: float | None = setting(
        None,
        float,
        "--time-limit",
        "Stop after this many seconds of wall-clock time, a hard stop (auto: no stage starts "
        "that would end past it, and it is its plan's budget when --budget is not given).",
    )
    budget: float | None = setting(
        None,
        float,
        "--budget",
        "The automatic strategy's plan, in planned seconds of its cost model (one core of the "
        "reference machine): the same budget takes the same stages on any machine, busy or "
        "idle (none: --time-limit, else 60).",
    )
    time_slabs: int | None = setting(
        None,
        int,
        "--time-slabs",
        "Split the time axis into this many slabs, solved in order, each starting from the "
        "previous one's values (none: auto decides from measurements; the other strategies use 1).",
    )
    least_squares: str = setting(
        "cod", str, "--least-squares", "How the last layer is solved.", choices=LEAST_SQUARES
    )
    rcond: float | None = setting(
        None,
        float,
        "--rcond",
        "Relative singular-value cutoff of the least-squares solve "
        "(none: machine epsilon times the width; auto uses 1e-15).",
    )
    tikhonov: float = setting(
        1e-12,
        float,
        "--tikhonov",
        "Regularization of the tikhonov solve, relative to the largest singular value squared.",
    )
    chunk_size: int = setting(
        65536, int, "--chunk-size", "Rows per chunk when the least-squares system is streamed."
    )
    device: str = setting(
        "auto", str, "--device", "Where to train (auto: CUDA when available).", choices=DEVICES
    )
    dtype: str = setting(
        "float64", str, "--dtype", "Floating-point type of the network.", choices=DTYPES
    )
    nproc: int = setting(
        1,
        int,
        "--nproc",
        "Processes that share the rows of the least-squares system (gloo on the CPU, one "
        "process per GPU with NCCL); under torchrun its own process group is used.",
    )
    seed: int = setting(0, int, "--seed", "Seeds the initialization and every random point cloud.")
    eval_points: int | None = setting(
        None,
        int,
        "--eval-points",
        "Points per axis of the grid of errors and output fields (none: 101 in one or two "
        "dimensions, 41 in three, fewer beyond: about 10^5 points or fewer).",
    )
    eval_every: int = setting(
        10, int, "--eval-every", "Record the error against the exact solution every N iterations."
    )
    terms: Mapping[str, Mapping[str, Any]] = setting(
        None,
        str,
        None,
        "Per-term overrides {term: {'weight': ..., 'points': ...}}, set with --set TERM.KEY=VALUE.",
        factory=dict,
    )

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            choices = spec_of(field).choices
            value = getattr(self, field.name)
            if choices is not None and not (value is None and field.name in STRATEGY_DEFAULTS):
                choices.get(value, f"setting '{field.name}'")
        for name in ("width", "depth", "chunk_size", "eval_every", "time_slabs", "nproc"):
            if not (name in STRATEGY_DEFAULTS and getattr(self, name) is None):
                _check_int(self, name, low=1)
        if self.eval_points is not None:
            # two points per axis are the box's corners, where an exact solution may vanish: a
            # heat solution's error read 4.9e15 there (0.66 on the default grid)
            _check_int(self, "eval_points", low=3)
        if self.iterations is not None:
            _check_int(self, "iterations", low=0)
        _check_int(self, "seed", low=SEED_RANGE[0], high=SEED_RANGE[1])
        for name in ("lr", "tikhonov"):
            _check_float(self, name, "> 0", lambda v: v > 0)
        _check_float(self, "tol", ">= 0", lambda v: v >= 0)
        for name in ("init_scale", "time_limit", "budget"):
            _check_float(self, name, "> 0", lambda v: v > 0, optional=True)
        _check_float(self, "aligned", "from 0 to 1", lambda v: 0 <= v <= 1, optional=True)
        _check_float(self, "layers", "from 0 to 1", lambda v: 0 <= v <= 1, optional=True)
        _check_float(self, "modes", "from 0 to 1", lambda v: 0 <= v <= 1, optional=True)
        if self.axis_scales is not None:
            # --set axis_scales=t=0.25 arrives as text; the value is kept as a plain dict.
            object.__setattr__(self, "axis_scales", axis_scales(self.axis_scales))
        if isinstance(self.subdomains, str) and self.subdomains.strip().lower() == "none":
            object.__setattr__(self, "subdomains", None)  # --subdomains none: the global basis
        if self.subdomains is not None:
            object.__setattr__(self, "subdomains", subdomains(self.subdomains))
            _check_subdomains(self)
        if self.aligned:
            if self.init != "box":
                raise SettingsError(
                    f"setting 'aligned' draws features along the flow with the box "
                    f"initialization; init is {self.init!r}"
                )
            if self.subdomains is not None:
                raise SettingsError(
                    "setting 'aligned' is for one global basis; it cannot be combined with "
                    f"subdomains ({self.subdomains})"
                )
        if self.layers:
            if self.init != "box":
                raise SettingsError(
                    f"setting 'layers' draws features across boundary layers with the box "
                    f"initialization; init is {self.init!r}"
                )
            if self.subdomains is not None:
                raise SettingsError(
                    "setting 'layers' is for one global basis; it cannot be combined with "
                    f"subdomains ({self.subdomains})"
                )
        if self.modes:
            _check_modes(self)
        # rcond is relative to the largest singular value: 1 or more would cut every one.
        _check_float(self, "rcond", "> 0 and < 1", lambda v: 0 < v < 1, optional=True)
        if not isinstance(self.constant, bool):
            raise SettingsError(
                f"setting 'constant' is {self.constant!r}; it must be true or false"
            )
        if not isinstance(self.terms, Mapping):
            raise SettingsError("setting 'terms' must map term names to {'weight': ..., ...}")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None = None, **more: Any) -> Settings:
        """Build settings from a mapping, rejecting unknown keys.

        Parameters
        ----------
        values : mapping, optional
            Setting names to values; names use underscores (``time_limit``) or dashes.
        **more
            Further values; they take precedence over ``values``.
        """
        merged = {str(k).replace("-", "_"): v for k, v in dict(values or {}).items()}
        merged.update({k.replace("-", "_"): v for k, v in more.items()})
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(merged) - known)
        if unknown:
            raise SettingsError(
                f"unknown setting '{unknown[0]}'; known settings: {', '.join(sorted(known))}"
            )
        return cls(**merged)

    def replace(self, **changes: Any) -> Settings:
        """Return a copy with some values changed (validated like the constructor)."""
        return Settings.from_mapping(self.to_dict(), **changes)

    def fixed(self) -> Settings:
        """These settings with every strategy-chosen value (None) set to the fixed strategies'
        default (:data:`STRATEGY_DEFAULTS`): what ``lsgd``, ``adam`` and ``gd`` run with."""
        changes = {k: v for k, v in STRATEGY_DEFAULTS.items() if getattr(self, k) is None}
        return self.replace(**changes) if changes else self

    def grid_points(self, dim: int) -> int:
        """Points per axis of the evaluation grid in ``dim`` dimensions (``eval_points`` or its
        default: 101 up to two dimensions, 41 in three, about 10^5 points in all beyond)."""
        if self.eval_points is not None:
            return self.eval_points
        if dim <= 2:
            return 101
        if dim == 3:
            return 41
        return max(5, int(1e5 ** (1 / dim)))

    @property
    def scale(self) -> float:
        """The Box initialization scale in force (``init_scale`` or the activation's default)."""
        if self.init_scale is not None:
            return float(self.init_scale)
        return ACTIVATIONS.get(self.activation or STRATEGY_DEFAULTS["activation"]).default_scale

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-compatible Python values."""
        out = dataclasses.asdict(self)
        out["terms"] = {k: dict(v) for k, v in self.terms.items()}
        if self.axis_scales is not None:
            out["axis_scales"] = dict(self.axis_scales)
        return out

    def axis_factors(self, axes: tuple[str, ...]) -> list[float] | None:
        """``axis_scales`` as one factor per axis, in the order of ``axes`` (1 for an axis not
        named); None when it is not set.

        Raises
        ------
        SettingsError
            ``axis_scales`` names an axis that is not one of ``axes``.
        """
        if self.axis_scales is None:
            return None
        for name in self.axis_scales:
            if name not in axes:
                raise SettingsError(
                    f"setting 'axis_scales' names axis '{name}'; the axes are {', '.join(axes)}"
                )
        return [float(self.axis_scales.get(axis, 1.0)) for axis in axes]

    def subdomain_counts(self, axes: tuple[str, ...]) -> tuple[int, ...] | None:
        """``subdomains`` as one count per axis, in the order of ``axes``; None when unset.

        Raises
        ------
        SettingsError
            A grid ``NxM...`` with another number of counts than axes, or a name that is not
            one of ``axes``.
        """
        if self.subdomains is None:
            return None
        text = self.subdomains
        if "=" not in text:
            counts = tuple(int(c) for c in text.split("x"))
            if len(counts) != len(axes):
                raise SettingsError(
                    f"setting 'subdomains' is {text!r}: {len(counts)} counts for the "
                    f"{len(axes)} axes {', '.join(axes)}; give one per axis, or AXIS=N,..."
                )
            return counts
        named = dict(
            (name, int(count)) for name, count in (item.split("=") for item in text.split(","))
        )
        for name in named:
            if name not in axes:
                raise SettingsError(
                    f"setting 'subdomains' names axis '{name}'; the axes are {', '.join(axes)}"
                )
        return tuple(named.get(axis, 1) for axis in axes)


def axis_scales(value: Any) -> dict[str, float]:
    """Read ``axis_scales``: a mapping of axis names to factors, or its text
    ``AXIS=FACTOR,AXIS=FACTOR``.

    Returns
    -------
    dict of str to float

    Raises
    ------
    SettingsError
        Text that is not ``AXIS=FACTOR,...``, or a factor that is not a finite number > 0.
    """
    if isinstance(value, str):
        pairs = {}
        for item in filter(None, (part.strip() for part in value.split(","))):
            name, sep, number = item.partition("=")
            try:
                if not sep or not name.strip():
                    raise ValueError
                pairs[name.strip()] = float(number)
            except ValueError:
                raise SettingsError(
                    f"setting 'axis_scales' is {value!r}; write AXIS=FACTOR,... e.g. t=0.25"
                ) from None
        value = pairs
    if not isinstance(value, Mapping):
        raise SettingsError(
            f"setting 'axis_scales' is {value!r}; it must map axis names to factors, e.g. t=0.25"
        )
    out = {}
    for name, factor in value.items():
        finite = _is_number(factor) and (isinstance(factor, int) or math.isfinite(factor))
        if not isinstance(name, str) or not finite or not factor > 0:
            raise SettingsError(
                f"setting 'axis_scales' gives axis {name!r} the factor {factor!r}; it must be a "
                "finite number > 0"
            )
        out[name] = float(factor)
    return out


def subdomains(value: Any) -> str:
    """Read ``subdomains`` into its canonical text: ``4x4`` (a grid, one count per axis),
    ``x=4,t=2`` (named axes), from that text, a sequence of counts or a mapping of axis names
    to counts.

    Raises
    ------
    SettingsError
        Anything else, or a count that is not an integer >= 1.
    """
    bad = SettingsError(
        f"setting 'subdomains' is {value!r}; write a grid such as 4x4 (one count per axis) "
        "or AXIS=N,... such as x=4,t=2, with integer counts >= 1"
    )
    if isinstance(value, str):
        text = value.replace(" ", "")
        try:
            if "=" in text:
                pairs = [item.split("=") for item in text.split(",") if item]
                if not pairs or any(len(p) != 2 or not p[0] for p in pairs):
                    raise ValueError
                value = {name: _count(count) for name, count in pairs}
                if len(value) != len(pairs):
                    raise ValueError
            else:
                value = [_count(count) for count in text.lower().split("x")]
        except ValueError:
            raise bad from None
    if _is_count(value):  # one axis
        return str(value)
    if isinstance(value, Mapping) and value:
        if not all(isinstance(k, str) and k and _is_count(v) for k, v in value.items()):
            raise bad
        return ",".join(f"{name}={int(count)}" for name, count in value.items())
    if isinstance(value, (list, tuple)) and value and all(_is_count(v) for v in value):
        return "x".join(str(int(v)) for v in value)
    raise bad


def _count(text: str) -> int:
    """An integer count >= 1 from text (ValueError otherwise)."""
    if not text.isdigit() or int(text) < 1:
        raise ValueError(text)
    return int(text)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def refuse_flat_derivatives(compiled, settings: Settings, default_of: str | None = None) -> None:
    """Refuse a piecewise-linear activation (relu) where a term takes second derivatives.

    Its basis functions' second derivatives are zero wherever they exist, so such a term's
    rows are blind to the basis: ``u'' = 0`` with ``u(0) = 0``, ``u(1) = 1`` was fitted to a
    loss of 2e-31 and a validation estimate of 4e-16 at a rel L2 error of 0.50, with no word
    (the fixed strategies' default activation is relu). The automatic strategy chooses relu
    only for first-order problems; this stops a given one, or the fixed strategies' default.
    Torch-free, so that ``pinnls check`` refuses what ``pinnls solve`` would.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
        As given (an activation left open is the fixed strategies' default for them).
    default_of : str, optional
        What an open activation is the default of, for the message (``pinnls study``);
        ``--optimizer NAME`` unless given.

    Raises
    ------
    SettingsError
        Naming the activation, the first such term and its order.
    """
    given = settings.activation
    activation = given
    if activation is None and settings.optimizer != "auto":
        activation = STRATEGY_DEFAULTS["activation"]
    if activation is None or not ACTIVATIONS.get(activation).piecewise_linear:
        return
    steep = [term for term in compiled.terms if term.order >= 2]
    if not steep:
        return
    origin = default_of or f"--optimizer {settings.optimizer}"
    default = "" if given is not None else f" (the default of {origin})"
    raise SettingsError(
        f"activation {activation!r}{default} is piecewise linear, so its second derivatives "
        f"are zero: term {steep[0].name!r} takes derivatives of order {steep[0].order}, which "
        "it cannot fit (the loss would read zero at a wrong answer); give --activation tanh "
        "or sin"
    )


def _check_modes(settings: Settings) -> None:
    """Modes are sin features of one global basis of one hidden layer, drawn apart
    from aligned features and features across boundary layers (each takes its own rows and
    the layers their own envelopes)."""
    value = f"setting 'modes' ({settings.modes:g})"
    activation = settings.activation
    if activation is None and settings.optimizer != "auto":
        activation = STRATEGY_DEFAULTS["activation"]
    if activation not in (None, "sin"):
        raise SettingsError(
            f"{value} draws sin features; activation is {activation!r} (give --activation sin "
            "or leave it to auto)"
        )
    if settings.depth != 1:
        raise SettingsError(f"{value} needs depth 1 (one hidden layer); depth is {settings.depth}")
    iterations = settings.iterations
    if iterations is None and settings.optimizer != "auto":
        iterations = STRATEGY_DEFAULTS["iterations"]
    if iterations:
        # A gradient step moves a mode's frequency but not its envelope (a fixed buffer): the
        # features would no longer solve the equation that the report says they solve.
        raise SettingsError(
            f"{value} draws exact solutions that gradient steps on the hidden layers would "
            f"move off them; with --optimizer {settings.optimizer} give --iterations 0"
        )
    for other in ("aligned", "layers", "subdomains"):
        if getattr(settings, other):
            raise SettingsError(
                f"{value} cannot be combined with {other} ({getattr(settings, other)}): the "
                "modes are a global basis' own rows"
            )


def _check_subdomains(settings: Settings) -> None:
    """A local basis is one layer of features, at least one per subdomain."""
    text = settings.subdomains
    if "=" in text:
        counts = [int(item.partition("=")[2]) for item in text.split(",")]
    else:
        counts = [int(count) for count in text.split("x")]
    total = math.prod(counts)
    if settings.depth != 1:
        raise SettingsError(
            f"setting 'subdomains' ({text}) needs depth 1 (a local basis is one layer of "
            f"features); depth is {settings.depth}"
        )
    if settings.width is not None and settings.width < total:
        raise SettingsError(
            f"setting 'subdomains' ({text}) makes {total} subdomains, more than the width "
            f"{settings.width}; each subdomain needs a feature"
        )


def _check_int(settings: Settings, name: str, low: int, high: int | None = None) -> None:
    value = getattr(settings, name)
    if isinstance(value, bool) or not isinstance(value, int):
        raise SettingsError(f"setting '{name}' is {value!r}; it must be an integer")
    if value < low or (high is not None and value >= high):
        bound = f">= {low}" if high is None else f"in [{_power(low)}, {_power(high)})"
        raise SettingsError(f"setting '{name}' is {value}; it must be an integer {bound}")


def _power(value: int) -> str:
    # -2**63 reads better than -9223372036854775808 in a message.
    for base_exponent in (63, 64):
        if abs(value) == 2**base_exponent:
            return ("-" if value < 0 else "") + f"2**{base_exponent}"
    return str(value)


def _check_float(
    settings: Settings,
    name: str,
    rule: str,
    holds: Callable[[float], bool],
    optional: bool = False,
) -> None:
    value = getattr(settings, name)
    if value is None and optional:
        return
    # An int is always finite (and math.isfinite overflows on a huge one).
    finite = _is_number(value) and (isinstance(value, int) or math.isfinite(value))
    if not finite or not holds(value):
        raise SettingsError(f"setting '{name}' is {value!r}; it must be a finite number {rule}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
