"""Singular functions of a shape: the columns that a smooth basis cannot make.

Near a re-entrant corner of interior angle ``alpha`` the solution of an elliptic (or parabolic)
equation behaves like ``r^lam sin(lam psi)`` and ``r^lam cos(lam psi)`` with
``lam = j pi / (2 alpha)`` (``psi`` the angle from one edge, ``r`` the distance in the frame
where the principal part is the Laplacian), and a round hole's harmonic functions
``ln r, r^-n cos(n psi), r^-n sin(n psi)`` are singular inside it only. Smooth features on the
bounding box converge slowly to either (the corner's derivatives are unbounded; the hole's
continuation is singular at its centre), so :meth:`pinnls.numeric.basis.Basis.set_singular`
appends them to the basis as fixed columns, each times a Legendre polynomial in time where the
problem has a time axis. They have no parameters: the least squares gives their coefficients.

The functions are described by a spec, an (J, :data:`~pinnls.singular.FIELDS`) tensor (one
row per column, see :data:`~pinnls.singular.FIELD_NAMES`), built on the numpy side by
:mod:`pinnls.singular` and saved with the basis' state. :func:`singular_derivatives` gives
any derivative in closed form (what the basis uses); :func:`singular_values` writes the same
functions in torch's elementwise functions, which forward mode differentiates: the tests'
reference.
"""

from __future__ import annotations

import math

import torch

from pinnls.singular import FIELD_NAMES, INVERSE, LOG

__all__ = ["singular_derivatives", "singular_values"]

#: Points nearer a centre than this (in the frame, whose unit is a length of the shape) take
#: 0 for the function and its derivatives, which are not finite there.
NEAR = 1e-12


def singular_values(spec: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Every singular function of ``spec`` at the points ``x``.

    Written with torch's elementwise functions only, so that forward-mode AD
    (:func:`torch.func.jvp`, nested) gives its derivatives of any order.

    Parameters
    ----------
    spec : (J, FIELDS) tensor
        One row per function (:data:`FIELD_NAMES`).
    x : (n, d) tensor
        Points in raw coordinates.

    Returns
    -------
    (n, J) tensor
    """
    column = {name: spec[:, i] for i, name in enumerate(FIELD_NAMES)}
    a = column["axis_a"].long()
    b = column["axis_b"].long()
    da = x[:, a] - column["centre_a"]
    db = x[:, b] - column["centre_b"]
    near, log_r, psi = _polar(column, da, db)
    lam = column["exponent"]
    kind = column["kind"]
    phase = lam * psi
    trig = torch.where(
        column["trig"] == 0,
        torch.sin(phase),
        torch.where(column["trig"] == 1, torch.cos(phase), torch.ones_like(phase)),
    )
    power = torch.exp(torch.where(kind == INVERSE, -lam, lam) * log_r)
    values = torch.where(kind == LOG, log_r, power * trig)
    time = column["time_axis"]
    if bool((time >= 0).any()):
        values = values * _legendre(spec, x)
    return torch.where(near, torch.zeros_like(values), values)


def _polar(
    column: dict[str, torch.Tensor], da: torch.Tensor, db: torch.Tensor
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(near, ln r, psi)`` of the offsets ``(da, db)`` from each row's centre, in its frame:
    ``near`` where a point is within :data:`NEAR` of the centre, psi wrapped into
    ``[cut - 2 pi, cut)`` (floor's derivative is 0, so psi's is atan2's). Each (n, rows)."""
    p = column["t00"] * da + column["t01"] * db
    q = column["t10"] * da + column["t11"] * db
    # At a centre itself the functions' derivatives are not finite (a corner's point lies on
    # the boundary's grid): there the column and its derivatives are 0, the value of r^lam.
    near = (p.detach().square() + q.detach().square()) <= NEAR**2
    p = torch.where(near, torch.ones_like(p), p)
    q = torch.where(near, torch.zeros_like(q), q)
    log_r = 0.5 * torch.log(p.square() + q.square())
    turn = 2 * math.pi
    angle = torch.atan2(q, p) - column["edge"] - column["cut"]
    psi = angle - turn * torch.floor(angle / turn) + column["cut"] - turn
    return near, log_r, psi


def _legendre(spec: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``P_m(tau)`` of each row's degree m, (n, J); tau maps the row's time interval onto
    [-1, 1]; 1 for a row without time."""
    names = {name: i for i, name in enumerate(FIELD_NAMES)}
    time = spec[:, names["time_axis"]]
    degree = spec[:, names["degree"]].long()
    lower, upper = spec[:, names["time_lower"]], spec[:, names["time_upper"]]
    axis = int(time.max())
    span = torch.where(time >= 0, upper - lower, torch.ones_like(upper))
    tau = 2 * (x[:, axis : axis + 1] - lower) / span - 1  # (n, J)
    top = int(degree.max())
    polynomials = [torch.ones_like(tau), tau]
    for m in range(1, top):
        polynomials.append(((2 * m + 1) * tau * polynomials[m] - m * polynomials[m - 1]) / (m + 1))
    stacked = torch.stack(polynomials[: top + 1], dim=0)  # (top + 1, n, J)
    chosen = torch.gather(stacked, 0, degree[None, None, :].expand(1, x.shape[0], -1))[0]
    return torch.where(time >= 0, chosen, torch.ones_like(chosen))


def singular_derivatives(
    spec: torch.Tensor, x: torch.Tensor, alphas: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """Derivatives ``D^alpha`` of every singular function, in closed form.

    Each space function is the real or imaginary part of an analytic ``g(w)`` of
    ``w = (p + i q) exp(-i edge)`` (the frame's coordinates, turned so that the angle is
    psi): ``w^lam``, ``ln w``, ``w^-n``, on the branch that :func:`singular_values` cuts. So
    ``d g / dx_a = g'(w) (T_0a + i T_1a) exp(-i edge)``, and a
    derivative of order k in space is ``g^(k)(z)`` times the product of those factors; the
    time factor's derivatives are the Legendre polynomials'. The same values as forward mode
    through :func:`singular_values` (tested), at a fraction of its cost: the functions are
    evaluated once per space function, not per time degree.

    Parameters
    ----------
    spec : (J, FIELDS) tensor
    x : (n, d) tensor
        Points in raw coordinates.
    alphas : list of tuple of int
        Multi-indices, each of length d.

    Returns
    -------
    dict mapping each multi-index to an (n, J) tensor
    """
    index = {name: i for i, name in enumerate(FIELD_NAMES)}
    space_fields = index["trig"] + 1
    unique, inverse = torch.unique(spec[:, :space_fields], dim=0, return_inverse=True)
    column = {name: unique[:, i] for i, name in enumerate(FIELD_NAMES[:space_fields])}
    a = int(column["axis_a"][0])
    b = int(column["axis_b"][0])
    da = x[:, a : a + 1] - column["centre_a"]
    db = x[:, b : b + 1] - column["centre_b"]
    near, log_r, psi = _polar(column, da, db)
    log_z = torch.complex(log_r, psi)  # ln z on the branch, (n, U)
    kind, lam, trig = column["kind"], column["exponent"], column["trig"]
    power = torch.where(kind == INVERSE, -lam, lam)  # z^power (CORNER, INVERSE)
    # psi is measured from the edge: g is a function of w = z exp(-i edge), and d w / dx_a is
    # the frame's column a as a complex number, turned by -edge (U,)
    turned = torch.exp(torch.complex(torch.zeros_like(column["edge"]), -column["edge"]))
    slope = {
        a: torch.complex(column["t00"], column["t10"]) * turned,
        b: torch.complex(column["t01"], column["t11"]) * turned,
    }
    time = spec[:, index["time_axis"]]
    timed = bool((time >= 0).any())
    space_cache: dict[int, torch.Tensor] = {}

    def space(order: int) -> torch.Tensor:
        """g^(order)(z), (n, U) complex."""
        if order not in space_cache:
            falling = torch.ones_like(power)
            for k in range(order):
                falling = falling * (power - k)
            value = falling * torch.exp((power - order) * log_z)
            if order == 0:
                logarithm = log_z
            else:
                logarithm = (
                    (-1) ** (order - 1) * math.factorial(order - 1) * torch.exp(-order * log_z)
                )
            space_cache[order] = torch.where(kind == LOG, logarithm, value)
        return space_cache[order]

    out = {}
    for alpha in alphas:
        alpha = tuple(int(v) for v in alpha)
        others = [k for k, v in enumerate(alpha) if v and k not in (a, b) and not _is_time(k, time)]
        if others:
            out[alpha] = x.new_zeros((x.shape[0], spec.shape[0]))
            continue
        order = alpha[a] + alpha[b]
        factor = slope[a] ** alpha[a] * slope[b] ** alpha[b]
        value = space(order) * factor
        real = torch.where(trig == 0, value.imag, value.real)
        real = torch.where((kind == INVERSE) & (trig == 0), -real, real)
        real = torch.where(near, torch.zeros_like(real), real)
        block = real[:, inverse]
        if timed:
            axis = int(time.max())
            block = block * _legendre_derivative(spec, x, alpha[axis])
        out[alpha] = block
    return out


def _is_time(axis: int, time: torch.Tensor) -> bool:
    return bool((time == axis).any())


def _legendre_derivative(spec: torch.Tensor, x: torch.Tensor, order: int) -> torch.Tensor:
    """The ``order``-th time derivative of each row's Legendre factor, (n, J)."""
    import numpy as np
    from numpy.polynomial import legendre, polynomial

    index = {name: i for i, name in enumerate(FIELD_NAMES)}
    time = spec[:, index["time_axis"]]
    degree = spec[:, index["degree"]].long()
    axis = int(time.max())
    lower = float(spec[time >= 0, index["time_lower"]][0])
    upper = float(spec[time >= 0, index["time_upper"]][0])
    tau = 2 * (x[:, axis] - lower) / (upper - lower) - 1
    top = int(degree.max())
    columns = []
    for m in range(top + 1):
        coefficients = legendre.leg2poly(np.eye(top + 1)[m])
        coefficients = polynomial.polyder(coefficients, order) * (2 / (upper - lower)) ** order
        total = torch.zeros_like(tau)
        for c in coefficients[::-1]:
            total = total * tau + float(c)
        columns.append(total)
    table = torch.stack(columns, dim=1)  # (n, top + 1)
    chosen = table[:, degree]
    if order == 0:
        return torch.where(time >= 0, chosen, torch.ones_like(chosen))
    return torch.where(time >= 0, chosen, torch.zeros_like(chosen))
