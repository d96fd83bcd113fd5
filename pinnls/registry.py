"""The named choices of pinnls, one registry per kind of name.

Every name a user can write (``--activation tanh``, ``init="he"``, ``least_squares="qr"``) is
looked up here, wherever it enters: :class:`~pinnls.settings.Settings`, the CLI's flags,
:class:`~pinnls.numeric.basis.Basis`, :func:`~pinnls.numeric.initialization.initialize`,
:func:`~pinnls.numeric.least_squares.least_squares`. An unknown name raises
:class:`~pinnls.errors.SettingsError` with a one-line message that lists the choices, and adding
a choice is one entry in this file.

This module imports neither torch nor sympy, so that settings can be validated (and the CLI's
help built) without them. Implementations that need torch are named by a ``"module:attribute"``
string and imported on first use; activations are written with tensor methods only
(``z.tanh()``), which need no import at all.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from pinnls.errors import SettingsError

__all__ = [
    "Registry",
    "Choice",
    "Activation",
    "LeastSquaresMethod",
    "ARCHITECTURES",
    "ACTIVATIONS",
    "INITIALIZATIONS",
    "STRATEGIES",
    "HIDDEN_STEPS",
    "LEAST_SQUARES",
    "DEVICES",
    "DTYPES",
]

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Names of one kind mapped to their entries, in the order they were registered.

    Parameters
    ----------
    kind : str
        What the names are, for messages: ``"activation"``, ``"least-squares method"``.
    entries : mapping of str to entry, optional
        The initial entries.
    """

    def __init__(self, kind: str, entries: Mapping[str, Entry] | None = None) -> None:
        self.kind = kind
        self._entries: dict[str, Entry] = {}
        for name, entry in dict(entries or {}).items():
            self.register(name, entry)

    def register(self, name: str, entry: Entry) -> Entry:
        """Add ``name``; a name may be registered once only.

        Returns
        -------
        entry
            The entry, so that this can be used as a decorator-like call.
        """
        if name in self._entries:
            raise ValueError(f"{self.kind} {name!r} is registered already")
        self._entries[name] = entry
        return entry

    def get(self, name: Any, what: str | None = None) -> Entry:
        """The entry of ``name``.

        Parameters
        ----------
        name : str
            The name to look up.
        what : str, optional
            How the message names the value, e.g. ``"setting 'activation'"``; default the kind.

        Raises
        ------
        SettingsError
            ``"<what> is 'selu'; choose one of relu, tanh, sin"`` for an unknown name.
        """
        # A non-string (an unhashable list, say) is as unknown as a misspelt name.
        entry = self._entries.get(name) if isinstance(name, str) else None
        if entry is None:
            raise SettingsError(
                f"{what or self.kind} is {name!r}; choose one of {', '.join(self.names())}"
            )
        return entry

    def names(self) -> tuple[str, ...]:
        """Every registered name, in registration order."""
        return tuple(self._entries)

    def items(self) -> tuple[tuple[str, Entry], ...]:
        """``(name, entry)`` pairs, in registration order."""
        return tuple(self._entries.items())

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.kind!r}, names={self.names()})"


def _load(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


@dataclasses.dataclass(frozen=True)
class Choice:
    """A named choice: what it does, and where its implementation lives.

    Attributes
    ----------
    description : str
        One sentence, shown by the CLI's help and the docs.
    target : str or None
        ``"package.module:attribute"`` of the implementation, imported by :meth:`load`; ``None``
        when the code that uses the name dispatches on it itself.
    """

    description: str
    target: str | None = None

    def load(self) -> Any:
        """Import and return the implementation named by ``target``."""
        if self.target is None:
            raise LookupError(f"{self.description!r} names no implementation")
        return _load(self.target)


@dataclasses.dataclass(frozen=True)
class LeastSquaresMethod(Choice):
    """A least-squares method (see :mod:`pinnls.numeric.least_squares`).

    Attributes
    ----------
    normal_equations : bool
        Accumulate the Gram matrix ``[A | b]^T [A | b]`` rather than the triangular factor of
        ``[A | b]``; ``target`` then solves ``(gram, rhs, tikhonov)``, otherwise ``(r, z, rcond)``.
    """

    normal_equations: bool = False


@dataclasses.dataclass(frozen=True)
class Activation:
    """An activation function sigma of the hidden layers.

    Attributes
    ----------
    description : str
    value : callable, tensor -> tensor
        ``sigma(z)``, elementwise.
    value_and_slope : callable, tensor -> (tensor, tensor)
        ``(sigma(z), sigma'(z))`` of the same shape as ``z``: the forward-mode pass needs both,
        and computing them together shares work (``tanh' = 1 - tanh^2``).
    bounded : bool
        ``sigma`` maps into ``[-1, 1]`` (tanh, sin); otherwise into ``[0, inf)`` (relu). The
        Box initialization chooses its input boxes by this.
    default_scale : float
        The Box initialization scale when ``init_scale`` is not set.
    piecewise_linear : bool
        ``sigma`` is linear between kinks (relu): every basis function's second and higher
        derivatives are zero wherever they exist, so a term that takes them cannot be fitted
        (:func:`pinnls.settings.refuse_flat_derivatives`).
    """

    description: str
    value: Callable[[Any], Any]
    value_and_slope: Callable[[Any], tuple[Any, Any]]
    bounded: bool
    default_scale: float
    piecewise_linear: bool = False


# Module-level functions rather than lambdas, so that entries (and modules holding them) pickle.
def _relu(z):
    return z.relu()


def _relu_and_slope(z):
    return z.relu(), (z > 0).to(z.dtype)


def _tanh(z):
    return z.tanh()


def _tanh_and_slope(z):
    value = z.tanh()
    return value, 1 - value * value


def _sin(z):
    return z.sin()


def _sin_and_slope(z):
    return z.sin(), z.cos()


#: Network architectures (``Settings.arch``).
ARCHITECTURES: Registry[Choice] = Registry(
    "architecture",
    {
        "plain": Choice("Phi = sigma o T_L o ... o sigma o T_1."),
        "resnet": Choice("Residual layers after the first: h + sigma(T_l h)."),
    },
)

#: Activation functions (``Settings.activation``).
ACTIVATIONS: Registry[Activation] = Registry(
    "activation",
    {
        # Scale 1 is the paper's Box rule for relu; tanh and sin need steeper neurons to bend.
        "relu": Activation(
            "max(z, 0).",
            _relu,
            _relu_and_slope,
            bounded=False,
            default_scale=1.0,
            piecewise_linear=True,
        ),
        "tanh": Activation("tanh(z).", _tanh, _tanh_and_slope, bounded=True, default_scale=4.0),
        "sin": Activation("sin(z).", _sin, _sin_and_slope, bounded=True, default_scale=4.0),
    },
)

_INIT = "pinnls.numeric.initialization"

#: Initializations of the hidden layers (``Settings.init``); each target is
#: ``(basis, generator, scale) -> [(weight, bias), ...]`` with float64 CPU tensors.
INITIALIZATIONS: Registry[Choice] = Registry(
    "initialization",
    {
        "box": Choice(
            "Cut planes through random points of each layer's input box (Cyr et al. 2020).",
            f"{_INIT}:box_weights",
        ),
        "he": Choice("Weights from N(0, 2 / fan_in), zero biases.", f"{_INIT}:he_weights"),
        "glorot": Choice(
            "Weights from N(0, 2 / (fan_in + fan_out)), zero biases.", f"{_INIT}:glorot_weights"
        ),
    },
)

_LS = "pinnls.numeric.least_squares"

#: Least-squares methods of the last layer (``Settings.least_squares``).
LEAST_SQUARES: Registry[LeastSquaresMethod] = Registry(
    "least-squares method",
    {
        "cod": LeastSquaresMethod(
            "TSQR, then LAPACK's complete orthogonal decomposition (xGELSY) with rank cutoff "
            "rcond: the SVD's accuracy in a third of its time.",
            f"{_LS}:solve_cod",
        ),
        "svd": LeastSquaresMethod(
            "TSQR, then an SVD with singular values below rcond cut (the reference).",
            f"{_LS}:solve_svd",
        ),
        "qr": LeastSquaresMethod(
            "TSQR, then column-pivoted QR with a rank cutoff rcond.", f"{_LS}:solve_pivoted_qr"
        ),
        "tikhonov": LeastSquaresMethod(
            "Normal equations with Tikhonov regularization, by Cholesky (fastest, least accurate).",
            f"{_LS}:solve_tikhonov",
            normal_equations=True,
        ),
    },
)

#: Training strategies (``Settings.optimizer``); each target is the strategy's
#: ``run(compiled, settings, callback=..., resume=...) -> Solution``, so that a new strategy is
#: its module plus one entry here.
STRATEGIES: Registry[Choice] = Registry(
    "optimizer",
    {
        "auto": Choice(
            "Choose the basis, its width and the clouds from a validation estimate (the default).",
            "pinnls.training.auto:run",
        ),
        "lsgd": Choice(
            "Alternate least squares for the last layer with a gradient step on the hidden ones.",
            "pinnls.training.lsgd:run",
        ),
        "adam": Choice(
            "Train all parameters jointly with Adam (a baseline).", "pinnls.training.joint:run"
        ),
        "gd": Choice(
            "Train all parameters jointly with plain gradient descent (a baseline).",
            "pinnls.training.joint:run",
        ),
    },
)

#: The gradient step LSGD takes on the hidden layers (``Settings.hidden_step``).
HIDDEN_STEPS: Registry[Choice] = Registry(
    "hidden step",
    {
        "adam": Choice("Adam (torch.optim.Adam)."),
        "gd": Choice("Plain gradient descent (torch.optim.SGD without momentum)."),
    },
)

#: Devices (``Settings.device``).
DEVICES: Registry[Choice] = Registry(
    "device",
    {
        "auto": Choice("CUDA when available, else the CPU."),
        "cpu": Choice("The CPU."),
        "cuda": Choice("The current CUDA device."),
    },
)


@dataclasses.dataclass(frozen=True)
class Dtype(Choice):
    """A floating-point type; its name is torch's (``torch.float64``).

    Attributes
    ----------
    bytes : int
        Of one number (memory planning).
    """

    bytes: int = 8


#: Floating-point types of the network and the systems (``Settings.dtype``): the one table
#: (training maps each name to torch's dtype, memory planning reads ``bytes``).
DTYPES: Registry[Dtype] = Registry(
    "dtype",
    {
        "float64": Dtype(
            "Double precision (the default: least squares needs the digits).", bytes=8
        ),
        "float32": Dtype("Single precision.", bytes=4),
    },
)
