"""Solver settings: one frozen value object with validated choices.

Precedence (applied by the CLI): command-line flags, then the problem file's ``settings``, then
the defaults below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from pinnls.errors import SettingsError

__all__ = ["Settings", "CHOICES"]

#: Allowed values of the settings that take one of a fixed set of names.
CHOICES: dict[str, tuple[str, ...]] = {
    "arch": ("plain", "resnet"),
    "activation": ("relu", "tanh", "sin"),
    "init": ("box", "he", "glorot"),
    "optimizer": ("lsgd", "adam", "gd"),
    "hidden_step": ("adam", "gd"),
    "least_squares": ("svd", "qr", "tikhonov"),
    "device": ("auto", "cpu", "cuda"),
    "dtype": ("float64", "float32"),
}


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything that shapes a solve, besides the problem itself.

    Attributes
    ----------
    width, depth : int
        Width w of every hidden layer and the number L of hidden layers.
    arch : {"plain", "resnet"}
    activation : {"relu", "tanh", "sin"}
    init : {"box", "he", "glorot"}
    init_scale : float or None
        Box initialization: the largest pre-activation ``k (x - p) . n`` over the input box.
        ``None`` means 1 for relu (the paper's rule) and 4 for tanh and sin.
    constant : bool
        Append a constant basis function (the last layer's bias).
    optimizer : {"lsgd", "adam", "gd"}
        ``lsgd`` alternates least squares for the last layer with a step on the hidden layers;
        ``adam`` and ``gd`` train all parameters jointly (the baselines).
    hidden_step : {"adam", "gd"}
        The gradient step that LSGD takes on the hidden layers.
    lr : float
        Learning rate of the gradient step.
    iterations : int
        Gradient steps. With ``lsgd``, 0 means least squares only (random features).
    tol : float
        Stop once the total loss falls below this value.
    time_limit : float or None
        Stop after this many seconds of training.
    least_squares : {"svd", "qr", "tikhonov"}
        How the last layer is solved; see :mod:`pinnls.numeric.least_squares`.
    rcond : float or None
        Relative singular-value cutoff of the least-squares solve; ``None`` means
        machine epsilon times the larger dimension of the system.
    tikhonov : float
        Regularization parameter of the ``tikhonov`` solve (relative to the largest singular
        value squared).
    chunk_size : int
        Rows per chunk when the least-squares system is streamed (TSQR).
    device : {"auto", "cpu", "cuda"}
    dtype : {"float64", "float32"}
    seed : int
        Seeds the initialization and every random point cloud.
    eval_points : int
        Points per axis of the grid on which errors and output fields are evaluated.
    eval_every : int
        Record the error against the exact solution every this many iterations.
    terms : mapping
        Per-term overrides, ``{term_name: {"weight": ..., "points": ...}}``.
    """

    width: int = 32
    depth: int = 1
    arch: str = "plain"
    activation: str = "relu"
    init: str = "box"
    init_scale: float | None = None
    constant: bool = True
    optimizer: str = "lsgd"
    hidden_step: str = "adam"
    lr: float = 5e-3
    iterations: int = 1000
    tol: float = 0.0
    time_limit: float | None = None
    least_squares: str = "svd"
    rcond: float | None = None
    tikhonov: float = 1e-12
    chunk_size: int = 65536
    device: str = "auto"
    dtype: str = "float64"
    seed: int = 0
    eval_points: int = 101
    eval_every: int = 10
    terms: Mapping[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, allowed in CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise SettingsError(
                    f"setting '{name}' is {value!r}; choose one of {', '.join(allowed)}"
                )
        positive_ints = ("width", "depth", "chunk_size", "eval_points", "eval_every")
        for name in positive_ints:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise SettingsError(f"setting '{name}' is {value!r}; it must be an integer >= 1")
        if isinstance(self.iterations, bool) or not isinstance(self.iterations, int):
            raise SettingsError(f"setting 'iterations' is {self.iterations!r}; it must be an int")
        if self.iterations < 0:
            raise SettingsError(f"setting 'iterations' is {self.iterations}; it must be >= 0")
        if not isinstance(self.seed, int) or isinstance(self.seed, bool):
            raise SettingsError(f"setting 'seed' is {self.seed!r}; it must be an integer")
        for name in ("lr", "tikhonov"):
            value = getattr(self, name)
            if not _is_number(value) or not value > 0:
                raise SettingsError(f"setting '{name}' is {value!r}; it must be a number > 0")
        if not _is_number(self.tol) or self.tol < 0:
            raise SettingsError(f"setting 'tol' is {self.tol!r}; it must be a number >= 0")
        for name in ("init_scale", "rcond", "time_limit"):
            value = getattr(self, name)
            if value is not None and (not _is_number(value) or not value > 0):
                raise SettingsError(f"setting '{name}' is {value!r}; it must be a number > 0")
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

    @property
    def scale(self) -> float:
        """The Box initialization scale in force (``init_scale`` or its default)."""
        if self.init_scale is not None:
            return float(self.init_scale)
        return 1.0 if self.activation == "relu" else 4.0

    def to_dict(self) -> dict[str, Any]:
        """The settings as plain JSON-compatible Python values."""
        out = dataclasses.asdict(self)
        out["terms"] = {k: dict(v) for k, v in self.terms.items()}
        return out


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
