"""Singular functions of a shape: the columns that a smooth basis cannot make.

Near a re-entrant corner of interior angle ``alpha`` the solution of an elliptic (or parabolic)
equation behaves like ``r^lam sin(lam psi)`` and ``r^lam cos(lam psi)`` with
``lam = j pi / (2 alpha)`` (``psi`` the angle from one edge, ``r`` the distance in the frame
where the principal part is the Laplacian), and a round hole's harmonic functions
``ln r, r^-n cos(n psi), r^-n sin(n psi)`` are singular inside it only. Smooth features on the
bounding box converge slowly to either (the corner's derivatives are unbounded; the hole's
continuation is singular at its centre), so :meth:`pinnls.numeric.basis.Basis.set_singular`
appends them to the basis as fixed columns, each times a Legendre polynomial in time where the
problem has a time axis. Where the operator has a drift or a reaction its own functions join
them (``exp(g . x)`` times Bessel functions), and with a time axis the caloric rows (the
parabolic equation's corner solutions, a sum over ``r^(lam + 2m)`` functions with polynomials
in time: not a product). On a box whose face's data and the initial data disagree, the heat
kernel's rows (:data:`~pinnls.singular.KERNEL`: erfc layers, heat polynomials along the face,
the quarter plane's solution at its corners) join them, by :func:`_kernel`. They have no
parameters: the least squares gives their coefficients.

The functions are described by a spec, an (J, :data:`~pinnls.singular.FIELDS`) tensor (one
row per column, see :data:`~pinnls.singular.FIELD_NAMES`), built on the numpy side by
:mod:`pinnls.singular` and saved with the basis' state. :func:`singular_derivatives` gives
any derivative in closed form (what the basis uses); :func:`singular_values` writes the same
functions in torch's elementwise functions, which forward mode differentiates: the tests'
reference.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from pinnls.singular import CORNER, FIELD_NAMES, INVERSE, KERNEL, LOG

__all__ = ["singular_derivatives", "singular_values"]

#: Points nearer a centre than this (in the frame, whose unit is a length of the shape) take
#: 0 for the function and its derivatives, which are not finite there.
NEAR = 1e-12


def singular_values(spec: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """Every singular function of ``spec`` at the points ``x``.

    Written with torch's elementwise functions only, so that forward-mode AD
    (:func:`torch.func.jvp`, nested) gives its derivatives of any order: the Laplacian's
    functions, with the drift's exponential or without. torch has no Bessel function of a
    fractional order, so the (modified) Helmholtz operator's rows are refused here;
    their reference in the tests is the equation they solve, and finite differences.

    Parameters
    ----------
    spec : (J, FIELDS) tensor
        One row per function (:data:`FIELD_NAMES`).
    x : (n, d) tensor
        Points in raw coordinates.

    Returns
    -------
    (n, J) tensor

    Raises
    ------
    ValueError
        A row of the (modified) Helmholtz operator (``wave`` not 0).
    """
    kernel = spec[:, FIELD_NAMES.index("kind")] == KERNEL
    if bool(kernel.any()):
        out = x.new_zeros((x.shape[0], spec.shape[0]))
        out[:, kernel] = _kernel_values(spec[kernel], x)
        if not bool(kernel.all()):
            out[:, ~kernel] = singular_values(spec[~kernel], x)
        return out
    column = {name: spec[:, i] for i, name in enumerate(FIELD_NAMES)}
    if bool((column["wave"] != 0).any()):
        raise ValueError("singular_values writes the Laplacian's functions only (wave = 0)")
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
    logarithm = torch.where(column["trig"] == 0, psi, log_r)  # Im or Re of ln w
    values = torch.where(kind == LOG, logarithm, power * trig)
    exponent = column["drift_a"] * da + column["drift_b"] * db - column["offset"]
    time = column["time_axis"]
    caloric = column["caloric"] != 0
    if bool((time >= 0).any()):
        values = values * _legendre(spec, x)
    if bool(caloric.any()):
        # sum_m mu^m P_n^(m)(tau) r^(lam + 2m) trig(lam psi) / (4^m m! (lam + 1)_m), and the
        # exponential's decay in time
        axis = int(time.max())
        elapsed = x[:, axis : axis + 1] - column["time_lower"]
        tau = 2 * elapsed / (column["time_upper"] - column["time_lower"]) - 1
        degree = column["degree"].long()
        total = torch.zeros_like(values)
        for m in range(int(degree.max()) + 1):
            radial = torch.exp((lam + 2 * m) * log_r) * trig / _caloric_norm(lam, m)
            total = total + column["caloric"] ** m * _legendre_rows(tau, degree, m) * radial
        values = torch.where(caloric, total, values)
        exponent = exponent - torch.where(caloric, column["decay"] * elapsed, 0 * elapsed)
    values = values * torch.exp(exponent)
    return torch.where(near, torch.zeros_like(values), values)


def _frame(
    column: dict[str, torch.Tensor], x: torch.Tensor
) -> tuple[int, int, torch.Tensor, torch.Tensor, tuple, tuple[torch.Tensor, torch.Tensor]]:
    """The rows' common reading of the points: the two space axes ``(a, b)``, the offsets
    ``(da, db)`` from each row's centre, :func:`_polar`'s ``(near, ln r, psi)``, and the
    complex slopes ``dw / dx_a``, ``dw / dx_b`` of the turned frame coordinate
    ``w = z exp(-i edge)`` (psi is measured from the edge), each (U,)."""
    a, b = int(column["axis_a"][0]), int(column["axis_b"][0])
    da = x[:, a : a + 1] - column["centre_a"]
    db = x[:, b : b + 1] - column["centre_b"]
    polar = _polar(column, da, db)
    turned = torch.exp(torch.complex(torch.zeros_like(column["edge"]), -column["edge"]))
    slope = (
        torch.complex(column["t00"], column["t10"]) * turned,
        torch.complex(column["t01"], column["t11"]) * turned,
    )
    return a, b, da, db, polar, slope


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


#: The spec's fields that do not shape a separable row's space function: its Legendre
#: factor's, and the caloric rows' own (0 in every separable row).
_NOT_SPACE = ("time_axis", "degree", "time_lower", "time_upper", "caloric", "decay")


def singular_derivatives(
    spec: torch.Tensor, x: torch.Tensor, alphas: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """Derivatives ``D^alpha`` of every singular function, in closed form: the caloric rows
    by :func:`_caloric`, the others (a space function times a Legendre polynomial in time) by
    :func:`_separable`.

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
    alphas = [tuple(int(v) for v in alpha) for alpha in alphas]
    if x.dtype != torch.float64:
        # in float64 and then rounded: a row's exponent (its offset up to hundreds), a caloric
        # row's mu^m P_n^(m) (up to 1e40 before its norm) and the Bessel functions' scaling
        # would lose every digit or overflow in float32
        wide = singular_derivatives(spec.double(), x.double(), alphas)
        return {alpha: block.to(x.dtype) for alpha, block in wide.items()}
    spec = spec.double()
    kernel = spec[:, FIELD_NAMES.index("kind")] == KERNEL
    caloric = (spec[:, FIELD_NAMES.index("caloric")] != 0) & ~kernel
    separable = ~kernel & ~caloric
    if bool(separable.all()):
        return _separable(spec, x, alphas)
    parts = []
    for mask, evaluate in ((separable, _separable), (caloric, _caloric), (kernel, _kernel)):
        if bool(mask.any()):
            parts.append((mask, evaluate(spec[mask], x, alphas)))
    # the parts side by side; pinnls.singular puts the caloric rows after the others and the
    # heat kernel's last, and any other order is put back column by column
    order = torch.cat([torch.nonzero(mask)[:, 0] for mask, _ in parts])
    out = {alpha: torch.cat([values[alpha] for _, values in parts], 1) for alpha in alphas}
    if bool((order != torch.arange(len(order), device=order.device)).any()):
        back = torch.argsort(order)
        out = {alpha: block.index_select(1, back) for alpha, block in out.items()}
    return out


def _separable(
    spec: torch.Tensor, x: torch.Tensor, alphas: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """Derivatives ``D^alpha`` of singular functions that are a space function times a
    Legendre polynomial in time, in closed form.

    A space function is ``exp(g . (x - centre) - offset) F`` (the exponential only where the
    operator has a drift), with ``F`` the real or imaginary part of

    - an analytic ``h(w)`` of ``w = (p + i q) exp(-i edge)`` (the frame's coordinates, turned
      so that the angle is psi) for the Laplacian's functions: ``w^lam``, ``ln w``, ``w^-n``,
      on the branch that :func:`singular_values` cuts. So
      ``d h / dx_a = h'(w) (T_0a + i T_1a) exp(-i edge)``, and a derivative of order k in
      space is ``h^(k)(w)`` times the product of those factors;
    - ``Z_nu(k r) exp(i nu psi)`` for the (modified) Helmholtz operator's, ``Z`` a Bessel
      function (J or I at a corner, Y or K around a hole). With ``L+- = d_1 +- i d_2`` in the
      turned frame, ``L+ Z_nu e^(i nu psi) = s+ k Z_(nu+1) e^(i (nu+1) psi)`` and
      ``L- ... = s- k Z_(nu-1) e^(i (nu-1) psi)`` (the signs ``s+-`` of each family), and
      ``d / dx_a = (s_a L- + conj(s_a) L+) / 2`` with ``s_a = dw / dx_a``: a derivative of
      order k is a sum of Bessel functions of orders ``nu - k .. nu + k``.

    The exponential's derivatives are ``g^gamma`` times itself (Leibniz's rule), and the time
    factor's are the Legendre polynomials'. The Laplacian's functions give the same values as
    forward mode through :func:`singular_values` (tested), at a fraction of its cost: the
    functions are evaluated once per space function, not per time degree. Arguments and
    result as :func:`singular_derivatives`'.
    """
    index = {name: i for i, name in enumerate(FIELD_NAMES)}
    names = [name for name in FIELD_NAMES if name not in _NOT_SPACE]
    unique, inverse = torch.unique(spec[:, [index[n] for n in names]], dim=0, return_inverse=True)
    column = {name: unique[:, i] for i, name in enumerate(names)}
    a, b, da, db, (near, log_r, psi), slope = _frame(column, x)
    drift = (column["drift_a"], column["drift_b"])
    weighted = bool(((drift[0] != 0) | (drift[1] != 0) | (column["offset"] != 0)).any())
    exponent = drift[0] * da + drift[1] * db - column["offset"] if weighted else None
    bessel = column["wave"] != 0
    rows = torch.arange(len(unique), device=unique.device)
    parts = []
    if bool((~bessel).any()):
        parts.append(_Harmonic(_rows(column, ~bessel), log_r, psi, slope, ~bessel, exponent))
    if bool(bessel.any()):
        parts.append(_Bessel(_rows(column, bessel), log_r, psi, slope, bessel, exponent))
    base_cache: dict[tuple[int, int], torch.Tensor] = {}

    def base(order_a: int, order_b: int) -> torch.Tensor:
        """``d_a^order_a d_b^order_b F`` (times the exponential), (n, U) real."""
        key = (order_a, order_b)
        if key not in base_cache:
            block = x.new_zeros((x.shape[0], len(unique)))
            for part in parts:
                block[:, rows[part.mask]] = part.derivative(order_a, order_b)
            base_cache[key] = block
        return base_cache[key]

    def space(order_a: int, order_b: int) -> torch.Tensor:
        """The same of ``exp(g . (x - centre) - offset) F``: Leibniz's rule over g."""
        if not weighted:
            return base(order_a, order_b)
        total = x.new_zeros((x.shape[0], len(unique)))
        for i in range(order_a + 1):
            for j in range(order_b + 1):
                factor = math.comb(order_a, i) * math.comb(order_b, j)
                total = total + factor * drift[0] ** i * drift[1] ** j * base(
                    order_a - i, order_b - j
                )
        return total

    time = spec[:, index["time_axis"]]
    timed = bool((time >= 0).any())
    out = {}
    for alpha in alphas:
        alpha = tuple(int(v) for v in alpha)
        others = [k for k, v in enumerate(alpha) if v and k not in (a, b) and not _is_time(k, time)]
        if others:
            out[alpha] = x.new_zeros((x.shape[0], spec.shape[0]))
            continue
        real = torch.where(near, torch.zeros_like(log_r), space(alpha[a], alpha[b]))
        block = real[:, inverse]
        if timed:
            axis = int(time.max())
            block = block * _legendre_derivative(spec, x, alpha[axis])
        out[alpha] = block
    return out


def _rows(column: dict[str, torch.Tensor], mask: torch.Tensor) -> dict[str, torch.Tensor]:
    return {name: value[mask] for name, value in column.items()}


class _Harmonic:
    """The Laplacian's functions ``Re/Im h(w)`` of the rows ``mask`` and their derivatives,
    each times ``exp(exponent)`` where there is one."""

    def __init__(self, column, log_r, psi, slope, mask, exponent):
        self.mask = mask
        self.kind, self.trig = column["kind"], column["trig"]
        lam = column["exponent"]
        self.power = torch.where(self.kind == INVERSE, -lam, lam)  # z^power (CORNER, INVERSE)
        self.log_z = torch.complex(log_r[:, mask], psi[:, mask])  # ln z on the branch, (n, U)
        self.slope = (slope[0][mask], slope[1][mask])
        self.weight = None if exponent is None else torch.exp(exponent[:, mask])
        self.cache: dict[int, torch.Tensor] = {}

    def analytic(self, order: int) -> torch.Tensor:
        """h^(order)(z), (n, U) complex."""
        if order not in self.cache:
            power, log_z = self.power, self.log_z
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
            self.cache[order] = torch.where(self.kind == LOG, logarithm, value)
        return self.cache[order]

    def derivative(self, order_a: int, order_b: int) -> torch.Tensor:
        slope = self.slope[0] ** order_a * self.slope[1] ** order_b
        value = self.analytic(order_a + order_b) * slope
        real = torch.where(self.trig == 0, value.imag, value.real)
        real = torch.where((self.kind == INVERSE) & (self.trig == 0), -real, real)
        return real if self.weight is None else real * self.weight


def _ladder(
    slope: tuple[torch.Tensor, torch.Tensor], order_a: int, order_b: int
) -> dict[tuple[int, int], torch.Tensor]:
    """``d_a^order_a d_b^order_b`` as ``sum C_pq L+^p L-^q``, ``{(p, q): C_pq}`` (each (U,)
    complex): ``d / dx_a = (s_a L- + conj(s_a) L+) / 2`` with ``L+- = d_1 +- i d_2`` in the
    turned frame (``L- = 2 d/dw``, ``L+ = 2 d/dwbar``) and ``s_a = dw / dx_a``."""
    terms = {(0, 0): torch.ones_like(slope[0])}
    for factor, count in ((slope[0], order_a), (slope[1], order_b)):
        for _ in range(count):
            grown: dict[tuple[int, int], torch.Tensor] = {}
            for (plus, minus), value in terms.items():
                up = grown.get((plus + 1, minus), 0) + value * factor.conj() / 2
                down = grown.get((plus, minus + 1), 0) + value * factor / 2
                grown[(plus + 1, minus)] = up
                grown[(plus, minus + 1)] = down
            terms = grown
    return terms


#: Bessel families: J and I at corners, Y and K around holes; (s+, s-) of the ladder.
_J, _Y, _I, _K = 0, 1, 2, 3
_LADDER = {_J: (-1.0, 1.0), _Y: (-1.0, 1.0), _I: (1.0, 1.0), _K: (-1.0, -1.0)}


class _Bessel:
    """The (modified) Helmholtz operator's functions ``Re/Im N Z_nu(k r) e^(i nu psi)`` of the
    rows ``mask`` and their derivatives, each times ``exp(exponent)`` where there is one.
    ``N`` makes each tend to the Laplacian's function as ``k -> 0``: ``r^lam``, ``r^-n``,
    ``ln r`` (plus a constant)."""

    def __init__(self, column, log_r, psi, slope, mask, exponent):
        from scipy.special import gammaln

        self.mask = mask
        self.trig = column["trig"]
        wave = column["wave"]
        self.k = torch.sqrt(wave.abs())
        modified = wave > 0
        kind = column["kind"]
        corner = kind == CORNER
        self.order = torch.where(kind == LOG, torch.zeros_like(wave), column["exponent"])
        family = torch.where(
            corner,
            torch.where(modified, _I, _J),
            torch.where(modified, _K, _Y),
        )
        self.family = family
        nu = self.order.cpu().numpy()
        k = self.k.cpu().numpy()
        fam = family.cpu().numpy()
        # ln |N| and the sign of N, per row
        sign = np.ones_like(nu)
        at_corner = corner.cpu().numpy()
        log_n = np.where(at_corner, gammaln(nu + 1) + nu * np.log(2 / k), 0.0)
        inverse = ~at_corner & (nu > 0)
        half = np.log(k / 2)
        log_n = np.where(inverse & (fam == _Y), np.log(np.pi) - gammaln(nu) + nu * half, log_n)
        log_n = np.where(inverse & (fam == _K), np.log(2) - gammaln(nu) + nu * half, log_n)
        log_n = np.where(~at_corner & (nu == 0) & (fam == _Y), np.log(np.pi / 2), log_n)
        sign = np.where(inverse & (fam == _Y), -1.0, sign)
        sign = np.where(~at_corner & (nu == 0) & (fam == _K), -1.0, sign)
        like = column["wave"]
        self.log_n = torch.as_tensor(log_n, dtype=like.dtype, device=like.device)
        self.sign = torch.as_tensor(sign, dtype=like.dtype, device=like.device)
        self.r = torch.exp(log_r[:, mask])
        self.psi = psi[:, mask]
        self.slope = (slope[0][mask], slope[1][mask])
        self.exponent = None if exponent is None else exponent[:, mask]
        self.cache: dict[int, torch.Tensor] = {}

    def shifted(self, shift: int) -> torch.Tensor:
        """``N Z_(nu+shift)(k r) e^(i (nu+shift) psi)`` (times the exponential), (n, U)
        complex."""
        if shift not in self.cache:
            from scipy.special import ive, jv, kve, yv

            z = (self.k * self.r).cpu().numpy()
            nu = (self.order + shift).cpu().numpy()[None, :]
            family = self.family.cpu().numpy()
            scaled = np.empty_like(z)
            growth = np.zeros_like(z)  # ln of what ive and kve scale away
            for code, function, sign in ((_J, jv, 0), (_Y, yv, 0), (_I, ive, 1), (_K, kve, -1)):
                columns = family == code
                if columns.any():
                    with np.errstate(all="ignore"):
                        scaled[:, columns] = function(nu[:, columns], z[:, columns])
                    growth[:, columns] = sign * z[:, columns]
            like = self.r
            scaled_t = torch.as_tensor(scaled, dtype=like.dtype, device=like.device)
            log_size = self.log_n + torch.as_tensor(growth, dtype=like.dtype, device=like.device)
            if self.exponent is not None:
                log_size = log_size + self.exponent
            magnitude = self.sign * torch.exp(log_size) * scaled_t
            # the offset bounds every value on the shape; a point off it (inside a hole, where
            # K_n and Y_n are singular) may overflow, and takes 0 as a centre's point does
            magnitude = torch.nan_to_num(magnitude, nan=0.0, posinf=0.0, neginf=0.0)
            phase = (self.order + shift) * self.psi
            self.cache[shift] = torch.complex(
                magnitude * torch.cos(phase), magnitude * torch.sin(phase)
            )
        return self.cache[shift]

    def derivative(self, order_a: int, order_b: int) -> torch.Tensor:
        terms = _ladder(self.slope, order_a, order_b)
        s_plus = torch.tensor([_LADDER[c][0] for c in range(4)], dtype=self.k.dtype)
        s_minus = torch.tensor([_LADDER[c][1] for c in range(4)], dtype=self.k.dtype)
        s_plus = s_plus.to(self.k.device)[self.family]
        s_minus = s_minus.to(self.k.device)[self.family]
        total = None
        for (plus, minus), value in terms.items():
            factor = value * self.k ** (plus + minus) * s_plus**plus * s_minus**minus
            term = factor * self.shifted(plus - minus)
            total = term if total is None else total + term
        return torch.where(self.trig == 0, total.imag, total.real)


def _legendre_rows(tau: torch.Tensor, degree: torch.Tensor, order: int) -> torch.Tensor:
    """``P_n^(order)(tau)`` of each row's degree n, (n_points, J), by Horner's rule in torch's
    elementwise operations (forward mode differentiates it); 0 where ``order > n``."""
    from numpy.polynomial import legendre, polynomial

    top = int(degree.max())
    table = np.zeros((top + 1, top + 1))
    for n in range(top + 1):
        coefficients = polynomial.polyder(legendre.leg2poly(np.eye(top + 1)[n]), order)
        table[n, : len(coefficients)] = coefficients
    rows = torch.as_tensor(table, dtype=tau.dtype, device=tau.device)[degree]  # (J, top + 1)
    total = torch.zeros_like(tau)
    for power in range(top, -1, -1):
        total = total * tau + rows[:, power]
    return total


def _caloric_norm(lam: torch.Tensor, m: int) -> torch.Tensor:
    """``4^m m! (lam + 1)_m``: ``F_m = r^(lam + 2m) sin(lam psi) / that`` has
    ``Lap F_m = F_(m-1)``."""
    rising = torch.ones_like(lam)
    for k in range(1, m + 1):
        rising = rising * (lam + k)
    return 4.0**m * math.factorial(m) * rising


def _caloric(
    spec: torch.Tensor, x: torch.Tensor, alphas: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """Derivatives of the caloric rows: ``exp(g . (x - c) - kappa^2 (t - t0) - offset)
    sum_m mu^m P_n^(m)(tau) F_m``, ``F_m = Re/Im(w^(lam+m) wbar^m) / (4^m m! (lam+1)_m)``
    (``r^(lam + 2m)`` times the corner's sine or cosine), which solves the parabolic equation
    in the frame: ``Lap F_m = F_(m-1)``, and ``mu`` turns the derivative in time into the
    frame's units. In space ``L+^p L-^q w^A wbar^B = 2^(p+q) B_(p) A_(q) w^(A-q)
    wbar^(B-p)`` (falling factorials) after :func:`_ladder`; the exponential by Leibniz's
    rule in space and in time."""
    column = {name: spec[:, i] for i, name in enumerate(FIELD_NAMES)}
    # the space functions F_m do not depend on the degree: once per corner, exponent and trig
    names = [n for n in FIELD_NAMES if n not in ("degree", "offset")]
    index = [FIELD_NAMES.index(n) for n in names]
    unique, inverse = torch.unique(spec[:, index], dim=0, return_inverse=True)
    space_column = {name: unique[:, i] for i, name in enumerate(names)}
    a, b, da, db, (near, log_r, psi), slope = _frame(space_column, x)
    axis = int(column["time_axis"][0])
    lam, trig = space_column["exponent"], space_column["trig"]
    degree = column["degree"].long()
    decay = column["decay"]
    drift = (space_column["drift_a"], space_column["drift_b"])
    lower = column["time_lower"]
    span = column["time_upper"] - lower
    elapsed = x[:, axis : axis + 1] - lower
    tau = 2 * elapsed / span - 1
    exponent = (drift[0] * da + drift[1] * db)[:, inverse]
    weight = torch.exp(exponent - decay * elapsed - column["offset"])
    near = near[:, inverse]
    top = int(degree.max())
    # one problem's rows share the interval and kappa^2: the time factors are a table over the
    # degrees, read by each row's
    if bool((span != span[0]).any()) or bool((decay != decay[0]).any()):
        raise ValueError("caloric rows of different time intervals or kappa^2 in one spec")
    rate, length = float(decay[0]), float(span[0])
    tau = tau[:, :1]
    every = torch.arange(top + 1, device=x.device)
    legendre: dict[int, torch.Tensor] = {}
    space_cache: dict[tuple[int, int, int], torch.Tensor] = {}

    def poly(order: int) -> torch.Tensor:
        """``P_k^(order)(tau)`` for every degree k, (n, top + 1)."""
        if order not in legendre:
            legendre[order] = _legendre_rows(tau.expand(-1, top + 1), every, order)
        return legendre[order]

    def plain(m: int, order_a: int, order_b: int) -> torch.Tensor:
        """``d_a^order_a d_b^order_b F_m``, (n, U) real (U the distinct space rows)."""
        key = (m, order_a, order_b)
        if key not in space_cache:
            total = None
            for (plus, minus), value in _ladder(slope, order_a, order_b).items():
                if plus > m:
                    continue  # wbar^m is gone after m derivatives in wbar
                falling = 2.0 ** (plus + minus) * math.perm(m, plus) * torch.ones_like(lam)
                for k in range(minus):
                    falling = falling * (lam + m - k)
                power = lam + 2 * m - plus - minus
                phase = (lam + plus - minus) * psi
                size = torch.exp(power * log_r)
                term = (
                    value
                    * falling
                    * torch.complex(size * torch.cos(phase), size * torch.sin(phase))
                )
                total = term if total is None else total + term
            if total is None:
                real = torch.zeros_like(log_r)
            else:
                real = torch.where(trig == 0, total.imag, total.real)
            space_cache[key] = real / _caloric_norm(lam, m)
        return space_cache[key]

    def space(m: int, order_a: int, order_b: int) -> torch.Tensor:
        """The same of ``exp(g . x) F_m`` over ``exp(g . x)``: Leibniz's rule over g; (n, U)."""
        total = torch.zeros_like(log_r)
        for i in range(order_a + 1):
            for j in range(order_b + 1):
                factor = math.comb(order_a, i) * math.comb(order_b, j)
                total = total + factor * drift[0] ** i * drift[1] ** j * plain(
                    m, order_a - i, order_b - j
                )
        return total

    out = {}
    for alpha in alphas:
        others = [k for k, v in enumerate(alpha) if v and k not in (a, b, axis)]
        if others:
            out[alpha] = x.new_zeros((x.shape[0], spec.shape[0]))
            continue
        order_t = alpha[axis]
        spaces, times = [], []
        for m in range(top + 1):
            # d^k/dt^k of exp(-decay t) P_n^(m)(tau), over exp(-decay t), for every degree n
            time = 0.0
            for j in range(order_t + 1):
                factor = math.comb(order_t, j) * (-rate) ** (order_t - j) * (2 / length) ** j
                time = time + factor * poly(m + j)
            times.append(time)
            spaces.append(space_column["caloric"] ** m * space(m, alpha[a], alpha[b]))
        # sum over m for every space row and every degree at once, then each row's pair
        grid = torch.einsum("nmu,nmd->nud", torch.stack(spaces, 1), torch.stack(times, 1))
        total = grid[:, inverse, degree]
        out[alpha] = torch.where(near, torch.zeros_like(total), total * weight)
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


# ----------------------------------------------------------------------------- heat kernel rows


def _kernel_rows(spec: torch.Tensor, x: torch.Tensor):
    """Each heat kernel row of ``spec`` as ``(j, its fields as floats, its interval T, its
    time since the start at x (n,))``."""
    column = {name: spec[:, i] for i, name in enumerate(FIELD_NAMES)}
    for j in range(spec.shape[0]):
        row = {name: float(value[j]) for name, value in column.items()}
        span = row["time_upper"] - row["time_lower"]
        yield j, row, span, x[:, int(row["time_axis"])] - row["time_lower"]


#: Past this z, ``exp(z^2) i^k erfc(z)`` (k >= 1) is read from its integral by Gauss-Laguerre
#: quadrature (:func:`_scaled_erfc`): the upward recurrence loses relative digits as z grows
#: (6e-11 at z = 10 for k = 3, where a strong drift puts the layer; 7e-13 at z = 3.9).
RECURRENCE_Z = 3.0
#: The same from order 4 on (a flux face's last layers), where the recurrence loses more per
#: step: 1.1e-12 at z = 3 for k = 4, and 5.8e-12 for k = 5; the quadrature is at 7e-15 from
#: z = 1.5 on for both, the recurrence at 1.5e-13 below it (up to 2e-12 for k = 8, the
#: highest a flux face takes, just below 1.5).
RECURRENCE_Z_HIGH = 1.5
#: Gauss-Laguerre nodes of that integral.
LAGUERRE_NODES = 48


def _scaled_erfc(order: int, z: torch.Tensor) -> torch.Tensor:
    """``S_m(z) = exp(z^2) i^m erfc(z)`` for an integer ``m`` (``order``), any sign.

    Below -1: ``2 H_n(z) / sqrt(pi)``, ``H_n`` the Hermite polynomial of ``n = -m - 1``
    (``i^-1 erfc = 2 exp(-z^2) / sqrt(pi)`` and each step down is ``-d/dz``). 0: ``erfcx``.
    Above, the upward recurrence ``2 m S_m = S_(m-2) - 2 z S_(m-1)`` below
    :data:`RECURRENCE_Z` (:data:`RECURRENCE_Z_HIGH` from order 4 on), and past it
    ``S_m = 2 / (sqrt(pi) m! (2 z)^(m+1)) int_0^inf u^m exp(-u - u^2 / (4 z^2)) du`` by
    Gauss-Laguerre quadrature (``m!`` as the rule's own integral of ``u^m e^-u``, so that its
    bias cancels)."""
    if order < 0:
        n = -order - 1
        previous, hermite = torch.ones_like(z), torch.ones_like(z)
        if n >= 1:
            previous, hermite = hermite, 2 * z
        for m in range(1, n):
            previous, hermite = hermite, 2 * z * hermite - 2 * m * previous
        return 2 / math.sqrt(math.pi) * hermite
    here = torch.special.erfcx(z)
    if order == 0:
        return here
    below = torch.full_like(z, 2 / math.sqrt(math.pi))
    for m in range(1, order + 1):
        below, here = here, (below - 2 * z * here) / (2 * m)
    import numpy as np

    nodes, weights = np.polynomial.laguerre.laggauss(LAGUERRE_NODES)
    nodes = torch.as_tensor(nodes, dtype=z.dtype, device=z.device)
    weights = torch.as_tensor(weights, dtype=z.dtype, device=z.device)
    switch = RECURRENCE_Z if order <= 3 else RECURRENCE_Z_HIGH
    far = z > switch
    wide = torch.where(far, z, torch.full_like(z, switch))  # (no 1/0 on either side)
    integral = (weights * nodes**order * torch.exp(-(nodes**2) / (4 * wide[:, None] ** 2))).sum(1)
    # over the rule's own integral of u^m e^-u (m! exactly; 48 nodes are 1.1e-13 off)
    exact = float((weights * nodes**order).sum())
    quadrature = 2 / math.sqrt(math.pi) * integral / exact
    quadrature = quadrature / (2 * wide) ** (order + 1)
    return torch.where(far, quadrature, here)


def _kernel_factor(
    order: int,
    offset: torch.Tensor,
    kappa: float,
    span: float,
    tau: torch.Tensor,
    exponent: torch.Tensor | float = 0.0,
) -> torch.Tensor:
    """``exp(exponent) G_m`` with ``G_m = (tau / T)^(m / 2) i^m erfc(d / sqrt(4 kappa tau))``
    at distances ``offset`` (``d``) from the face, (n,); at ``tau = 0`` its limit: 0 off the
    face, and on it ``exp(exponent)`` for ``m = 0`` (the face's value) and 0 otherwise.

    ``exp(exponent - z^2 + (m / 2) ln(tau / T))`` is formed as one exponential, times
    ``exp(z^2) i^m erfc(z)`` (:func:`_scaled_erfc`): a drift's factor ``exp(g d)`` is huge
    where the kernel's ``exp(-z^2)`` is tiny, and their product is at most ``exp(kappa g^2
    tau)`` (a strong drift would otherwise leave columns of zeros or subnormals)."""
    later = tau > 0
    safe = torch.where(later, tau, torch.ones_like(tau))
    # a point outside the face by rounding counts as on it (erfcx overflows far outside)
    offset = offset.clamp(min=0)
    z = offset / torch.sqrt(4 * kappa * safe)
    exponent = torch.as_tensor(exponent, dtype=tau.dtype, device=tau.device)
    power = exponent - z * z + 0.5 * order * torch.log(safe / span)
    scaled = _scaled_erfc(order, z)
    # (at tau ~ 1e-100 on the face a Hermite zero meets an infinite power: the value is 0)
    values = torch.where(scaled == 0, torch.zeros_like(scaled), torch.exp(power) * scaled)
    start = torch.where(
        (offset == 0) & torch.tensor(order == 0, device=tau.device),
        torch.exp(exponent) * torch.ones_like(tau),
        torch.zeros_like(tau),
    )
    return torch.where(later, values, start)


def _heat_polynomial(degree: int, s: torch.Tensor, time: torch.Tensor) -> torch.Tensor:
    """The heat polynomial ``P_j(s, m) = sum_i j! / (i! (j - 2 i)!) s^(j - 2 i) m^i``
    (``P_tau = mu P_ss`` for ``m = mu tau``), with ``j`` = ``degree``: the factor that lets
    a face's layer follow data that vary along the face."""
    total = torch.zeros_like(s)
    for i in range(degree // 2 + 1):
        coefficient = math.factorial(degree) / (math.factorial(i) * math.factorial(degree - 2 * i))
        total = total + coefficient * s ** (degree - 2 * i) * time**i
    return total


def _kernel(
    spec: torch.Tensor, x: torch.Tensor, alphas: list[tuple[int, ...]]
) -> dict[tuple[int, ...], torch.Tensor]:
    """Derivatives ``D^alpha`` of the heat kernel's rows (kind :data:`KERNEL`), in closed form.

    A row is ``E G_k(d_a, tau) G_l(d_b, tau)`` (the second factor only on a product row), with
    ``d = s (x - face)`` the distance from a face inward (``s`` its sign), ``tau`` the time
    since the interval's start, ``G_m = (tau / T)^(m / 2) i^m erfc(d / sqrt(4 kappa tau))``
    (:func:`_kernel_factor`, ``T`` the interval) and ``E = exp(g (x_a - face) - beta tau -
    offset)``; where ``edge`` is 1 the second factor is a heat polynomial along the face
    instead (:func:`_heat_polynomial` of ``(x_b - centre_b) / half``, ``half`` in ``t01``,
    ``mu`` in ``t11``). Each factor solves ``G_tau = kappa G_dd``, and
    ``d_d G_m = -G_(m-1) / sqrt(4 kappa T)``, so
    ``d_x^i d_tau^j G_m = s^i (-1)^i kappa^j (4 kappa T)^(-(i + 2 j) / 2) G_(m - i - 2 j)``;
    the product and the exponential follow Leibniz's rule. Arguments and result as
    :func:`singular_derivatives`'.
    """
    out = {alpha: x.new_zeros((x.shape[0], spec.shape[0])) for alpha in alphas}
    for j, row, span, tau in _kernel_rows(spec, x):
        if row["edge"] in (2, 3):
            for alpha, block in _corner_row(row, x, tau, alphas, span).items():
                out[alpha][:, j] = block
            continue
        for alpha, block in _layer_row(row, x, tau, span, alphas).items():
            out[alpha][:, j] = block
    return out


def _layer_row(
    row: dict[str, float],
    x: torch.Tensor,
    tau: torch.Tensor,
    span: float,
    alphas: list[tuple[int, ...]],
) -> dict[tuple[int, ...], torch.Tensor]:
    """One layer row's derivatives (``edge`` 0 or 1), as :func:`_kernel` describes them."""
    time = int(row["time_axis"])
    out = {alpha: torch.zeros_like(tau) for alpha in alphas}
    axes = [int(row["axis_a"])]
    factors = [(int(row["exponent"]), row["centre_a"], row["t00"], row["t10"])]
    polynomial = row["edge"] == 1
    if row["axis_b"] >= 0:
        axes.append(int(row["axis_b"]))
        factors.append((int(row["trig"]), row["centre_b"], row["t01"], row["t11"]))
    cache: dict[tuple[int, int], torch.Tensor] = {}
    drift, decay = row["drift_a"], row["decay"]
    # the exponential's factor, carried inside the first factor's own exponential (every
    # Leibniz term below has it once)
    weight = drift * (x[:, axes[0]] - row["centre_a"]) - decay * tau - row["offset"]

    def g(which: int, m: int) -> torch.Tensor:
        key = (which, m)
        if key not in cache:
            _, centre, sign, kappa = factors[which]
            along = x[:, axes[which]] - centre
            if which == 1 and polynomial:  # (sign: the half-length; kappa: mu)
                cache[key] = _heat_polynomial(m, along / sign, kappa * tau)
            else:
                folded = weight if which == 0 else 0.0
                cache[key] = _kernel_factor(m, sign * along, kappa, span, tau, folded)
        return cache[key]

    def factor(which: int, space: int, times: int) -> torch.Tensor:
        order, _, sign, kappa = factors[which]
        lowered = order - space - 2 * times
        if which == 1 and polynomial:
            # d_s P_j = j P_(j-1) / half, d_tau P_j = mu j (j - 1) P_(j-2)
            if lowered < 0:
                return torch.zeros_like(tau)
            scale = math.factorial(order) / math.factorial(lowered)
            return scale * sign ** (-space) * kappa**times * g(which, lowered)
        scale = (
            (sign * -1) ** space * kappa**times * (4 * kappa * span) ** (-(space + 2 * times) / 2)
        )
        return scale * g(which, lowered)

    def plain(space: tuple[int, ...], times: int) -> torch.Tensor:
        """d^space d_tau^times of the product of the factors (no exponential)."""
        if len(factors) == 1:
            return factor(0, space[0], times)
        total = torch.zeros_like(tau)
        for r in range(times + 1):
            total = total + math.comb(times, r) * factor(0, space[0], r) * factor(
                1, space[1], times - r
            )
        return total

    for alpha in alphas:
        others = [k for k, v in enumerate(alpha) if v and k not in axes and k != time]
        if others:
            continue
        space = tuple(alpha[k] for k in axes)
        times = alpha[time]
        total = torch.zeros_like(tau)
        for i in range(space[0] + 1):
            for r in range(times + 1):
                coefficient = math.comb(space[0], i) * math.comb(times, r)
                coefficient *= drift ** (space[0] - i) * (-decay) ** (times - r)
                if coefficient == 0:
                    continue
                total = total + coefficient * plain((i, *space[1:]), r)
        out[alpha] = total
    return out


def _corner_row(
    row: dict[str, float],
    x: torch.Tensor,
    tau: torch.Tensor,
    alphas: list[tuple[int, ...]],
    span: float,
) -> dict[tuple[int, ...], torch.Tensor]:
    """A corner row's derivatives: ``exp(-beta tau - offset) V(p, q, tau)`` (``edge`` 2) with
    ``p = s_a (x_a - face_a) / sqrt(kappa_a)`` from the face that jumps and ``q`` the same
    from the one beside it (:func:`_heat_corner`); or (``edge`` 3, a flux face beside a held
    one) ``exp(-beta tau - offset) U(p, q, tau) / (2 sqrt(T))`` (:func:`_flux_corner`), which
    is the flux face's first layer ``(tau / T)^(1/2) i erfc`` far from the held face."""
    flux = row["edge"] == 3
    a, b, time = int(row["axis_a"]), int(row["axis_b"]), int(row["time_axis"])
    stretch_a = row["t00"] / math.sqrt(row["t10"])
    stretch_b = row["t01"] / math.sqrt(row["t11"])
    p = stretch_a * (x[:, a] - row["centre_a"])
    q = stretch_b * (x[:, b] - row["centre_b"])
    decay = row["decay"]
    weight = torch.exp(-decay * tau - row["offset"])
    out = {}
    for alpha in alphas:
        if any(v and k not in (a, b, time) for k, v in enumerate(alpha)):
            out[alpha] = torch.zeros_like(tau)
            continue
        total = torch.zeros_like(tau)
        for r in range(alpha[time] + 1):
            coefficient = math.comb(alpha[time], r) * (-decay) ** (alpha[time] - r)
            if coefficient == 0:
                continue
            order = (alpha[a], alpha[b], r)
            block = _flux_corner(p, q, tau, order) if flux else _heat_corner(p, q, tau, order)
            total = total + coefficient * block
        out[alpha] = total * stretch_a ** alpha[a] * stretch_b ** alpha[b] * weight
        if flux:
            out[alpha] = out[alpha] / (2 * math.sqrt(span))
    return out


def _kernel_values(spec: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """The heat kernel's rows at ``x`` in torch's elementwise functions (erfc, exp), which
    forward mode differentiates: :func:`_kernel`'s reference in the tests. (n, J)."""
    out = []
    for _, row, span, tau in _kernel_rows(spec, x):
        if row["edge"] in (2, 3):
            zero = (0,) * x.shape[1]
            out.append(_corner_row(row, x, tau, [zero], span)[zero])
            continue
        exponent = row["drift_a"] * (x[:, int(row["axis_a"])] - row["centre_a"])
        value = _kernel_factor(
            int(row["exponent"]),
            row["t00"] * (x[:, int(row["axis_a"])] - row["centre_a"]),
            row["t10"],
            span,
            tau,
            exponent - row["decay"] * tau - row["offset"],
        )
        if row["axis_b"] >= 0:
            along = x[:, int(row["axis_b"])] - row["centre_b"]
            if row["edge"] == 1:
                value = value * _heat_polynomial(
                    int(row["trig"]), along / row["t01"], row["t11"] * tau
                )
            else:
                value = value * _kernel_factor(
                    int(row["trig"]), row["t01"] * along, row["t11"], span, tau
                )
        out.append(value)
    return torch.stack(out, 1)


#: Gauss-Legendre nodes for the corner's value, an integral over the angle (its derivatives are
#: in closed form). 64 nodes give it to rounding against scipy's Owen's T (tested).
CORNER_NODES = 64


def _heat_corner_value(p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor) -> torch.Tensor:
    """``V = (2 / pi) int_0^theta exp(-p^2 / (4 tau cos^2 phi)) dphi`` (``theta`` the angle of
    ``(p, q)`` from the p axis), ``4 T(p / sqrt(2 tau), q / p)`` in Owen's T: the heat
    equation's solution in the quarter plane ``p, q > 0`` that is 1 on ``p = 0``, 0 on
    ``q = 0`` and 0 at ``tau = 0``; its limit ``2 theta / pi`` as tau grows is the steady
    angle. At ``tau = 0``: 1 on ``p = 0``, else 0; on the corner's line ``p = q = 0``, 1/2."""
    import numpy as np

    nodes, weights = np.polynomial.legendre.leggauss(CORNER_NODES)
    nodes = torch.as_tensor((nodes + 1) / 2, dtype=p.dtype, device=p.device)
    weights = torch.as_tensor(weights / 2, dtype=p.dtype, device=p.device)
    later = tau > 0
    safe = torch.where(later, tau, torch.ones_like(tau))
    # past pi / 4 the integrand falls steeply at theta (cos -> 0): read V(q, p) instead,
    # through V(p, q) + V(q, p) = e_p + e_q - e_p e_q (e = erfc(. / (2 sqrt(tau))), the
    # quarter plane held at 1 on both sides), whose angle is below pi / 4
    swap = q > p
    near, far = torch.where(swap, q, p), torch.where(swap, p, q)
    theta = torch.atan2(far, near)
    cosine = torch.cos(theta[:, None] * nodes)
    integrand = torch.exp(-((near * near / (4 * safe))[:, None]) / (cosine * cosine))
    value = 2 / math.pi * theta * (integrand * weights).sum(1)
    e_p = torch.special.erfc(p / (2 * torch.sqrt(safe)))
    e_q = torch.special.erfc(q / (2 * torch.sqrt(safe)))
    value = torch.where(swap, e_p + e_q - e_p * e_q - value, value)
    # on the corner's line itself V takes every value from 0 to 1 by direction: the mean of
    # the two faces' (so that V(0, 0) + V(0, 0) = 1 is G_a + G_b - G_a G_b there too)
    corner = (p == 0) & (q == 0)
    value = torch.where(corner, torch.full_like(value, 0.5), value)
    start = torch.where(p == 0, torch.ones_like(p), torch.zeros_like(p))
    start = torch.where(corner, torch.full_like(start, 0.5), start)
    return torch.where(later, value, start)


def _corner_frame(p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor):
    """A corner function's guards, each (n,): ``later`` (tau > 0), ``safe`` (tau, 1 at the
    start), ``away`` (off the corner's line r = 0), ``r2`` (r^2, 1 on the line), and
    ``layer``, ``exp(-p^2 / (4 tau)) erf(q / (2 sqrt(tau)))``: a flux or a jump along
    ``p = 0`` cut off by ``q = 0``, which both corners' derivatives hold."""
    later = tau > 0
    safe = torch.where(later, tau, torch.ones_like(tau))
    square = p * p + q * q
    away = square > 0
    r2 = torch.where(away, square, torch.ones_like(square))
    layer = torch.exp(-p * p / (4 * safe)) * torch.special.erf(q / (2 * torch.sqrt(safe)))
    return later, safe, away, r2, layer


def _heat_corner_gradient(
    which: int, p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor
) -> torch.Tensor:
    """``dV/dp`` (``which`` 0), ``dV/dq`` (1) or ``dV/dtau`` (2) of :func:`_heat_corner_value`,
    each elementary: ``V_q = 2 p exp(-r^2 / (4 tau)) / (pi r^2)``,
    ``V_p = -2 q exp(-r^2 / (4 tau)) / (pi r^2) - exp(-p^2 / (4 tau)) erf(q / (2 sqrt(tau)))
    / sqrt(pi tau)`` and ``V_tau = p exp(-p^2 / (4 tau)) erf(q / (2 sqrt(tau))) / (2 sqrt(pi)
    tau^(3/2))``; 0 at ``tau = 0`` and on the corner's line ``r = 0``."""
    later, safe, away, r2, layer = _corner_frame(p, q, tau)
    ring = torch.exp(-r2 / (4 * safe)) * 2 / (math.pi * r2)
    if which == 1:
        value = p * ring
    else:
        if which == 0:
            value = -q * ring - layer / torch.sqrt(math.pi * safe)
        else:
            value = p * layer / (2 * math.sqrt(math.pi) * safe**1.5)
    return torch.where(later & away, value, torch.zeros_like(value))


def _heat_corner(
    p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor, order: tuple[int, int, int]
) -> torch.Tensor:
    """``d_p^i d_q^j d_tau^k V`` (``order`` (i, j, k)) of :func:`_heat_corner_value`: the
    value by its quadrature, a derivative by its first step in closed form
    (:func:`_heat_corner_gradient`) and forward mode for the rest."""
    if not any(order):
        return _heat_corner_value(p, q, tau)
    first = next(k for k, v in enumerate(order) if v)
    rest = list(order)
    rest[first] -= 1

    return _forward(_heat_corner_gradient, first, rest, p, q, tau)


def _forward(step, first: int, rest, p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor):
    """``d_p^i d_q^j d_tau^k`` (``rest`` (i, j, k)) of ``step(first, p, q, tau)``, a closed
    form of a corner's first derivative, by nested forward mode; (n,)."""

    def function(inputs: torch.Tensor) -> torch.Tensor:
        return step(first, inputs[:, 0], inputs[:, 1], inputs[:, 2])

    for axis, count in enumerate(rest):
        for _ in range(count):
            direction = torch.zeros(3, dtype=p.dtype, device=p.device)
            direction[axis] = 1

            def function(inputs, inner=function, direction=direction):
                return torch.func.jvp(inner, (inputs,), (direction.expand_as(inputs),))[1]

    return function(torch.stack([p, q, tau], 1))


#: Terms of the continued fraction of the exponential integral past 1 (:func:`_exp1`): just
#: past ``z = 1``, where it converges slowest, it meets scipy's ``exp1`` to 6e-15 (1.4e-15
#: below 1, 4.5e-16 from 1.5 on; a helper's scan of 20,000 points from 1e-300 to 1e3).
EXP1_DEPTH = 80


def _exp1(z: torch.Tensor) -> torch.Tensor:
    """The exponential integral ``E1(z) = int_z^inf exp(-s) / s ds`` for ``z > 0``: its
    series ``-gamma - ln z - sum_k (-z)^k / (k k!)`` up to 1, past it the continued fraction
    ``exp(-z) / (z + 1 - 1 / (z + 3 - 4 / (z + 5 - ...)))`` (:data:`EXP1_DEPTH` terms).
    ``inf`` at 0."""
    small = z <= 1
    low = torch.where(small, z, torch.ones_like(z))
    total = torch.zeros_like(z)
    term = torch.ones_like(z)
    for k in range(1, 40):
        term = -term * low / k
        total = total + term / k
    series = -0.5772156649015329 - torch.log(low) - total
    high = torch.where(small, torch.ones_like(z), z)
    fraction = high + (2 * EXP1_DEPTH + 1)
    for k in range(EXP1_DEPTH, 0, -1):
        fraction = high + (2 * k - 1) - k * k / fraction
    return torch.where(small, series, torch.exp(-high) / fraction)


def _flux_corner_value(p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor) -> torch.Tensor:
    """``U = int_0^tau exp(-p^2 / (4 s)) erf(q / (2 sqrt(s))) / sqrt(pi s) ds``: the heat
    equation's solution in the quarter plane ``p, q > 0`` whose flux ``-U_p`` is 1 on
    ``p = 0``, which is 0 on ``q = 0`` and at ``tau = 0``; far from ``q = 0`` it is the flux's
    layer ``2 sqrt(tau) i erfc(p / (2 sqrt(tau)))``, and as tau grows ``(2 / pi) (q ln(1 / r)
    - p theta)`` (``theta`` the angle from the p axis) plus ``q (ln(4 tau) - gamma + 2) / pi``:
    the logarithm of a flux beside a held face. In closed form ``2 sqrt(tau / pi)
    exp(-p^2 / (4 tau)) erf(q / (2 sqrt(tau))) - p V + (q / pi) E1(r^2 / (4 tau))``, ``V``
    the value's corner (:func:`_heat_corner_value`: ``U_p = -V``). 0 at ``tau = 0`` and on
    the corner's line."""
    later, safe, away, r2, layer = _corner_frame(p, q, tau)
    value = 2 * torch.sqrt(safe / math.pi) * layer - p * _heat_corner_value(p, q, tau)
    value = value + q / math.pi * _exp1(r2 / (4 * safe))
    return torch.where(later & away, value, torch.zeros_like(value))


def _flux_corner_step(
    which: int, p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor
) -> torch.Tensor:
    """``d/dq`` (``which`` 1) or ``d/dtau`` (2) of ``U_q = E1(r^2 / (4 tau)) / pi``, the one
    part of :func:`_flux_corner_value`'s gradient that is not ``-V``: ``U_qq = -2 q
    exp(-r^2 / (4 tau)) / (pi r^2)``, ``U_qtau = exp(-r^2 / (4 tau)) / (pi tau)``; 0 at
    ``tau = 0`` and on the corner's line."""
    later, safe, away, r2, _ = _corner_frame(p, q, tau)
    ring = torch.exp(-r2 / (4 * safe)) / math.pi
    value = -2 * q * ring / r2 if which == 1 else ring / safe
    return torch.where(later & away, value, torch.zeros_like(value))


def _flux_corner(
    p: torch.Tensor, q: torch.Tensor, tau: torch.Tensor, order: tuple[int, int, int]
) -> torch.Tensor:
    """``d_p^i d_q^j d_tau^k U`` (``order`` (i, j, k)) of :func:`_flux_corner_value`: the
    value in closed form; a derivative in p is ``-V``'s (:func:`_heat_corner`); else the
    first step in q or tau in closed form (``U_q = E1(r^2 / (4 tau)) / pi``, 0 on the corner's
    line where it is infinite; ``U_tau = exp(-p^2 / (4 tau)) erf(q / (2 sqrt(tau))) /
    sqrt(pi tau)``), the second in closed form too (:func:`_flux_corner_step`), and forward
    mode for the rest."""
    i, j, k = order
    if i:
        return -_heat_corner(p, q, tau, (i - 1, j, k))
    if not j and not k:
        return _flux_corner_value(p, q, tau)
    later, safe, away, r2, layer = _corner_frame(p, q, tau)
    if j:
        if j == 1 and not k:
            value = _exp1(r2 / (4 * safe)) / math.pi
            return torch.where(later & away, value, torch.zeros_like(value))
        # U_q's derivatives: the first in closed form, forward mode beyond
        first, rest = (1, (0, j - 2, k)) if j >= 2 else (2, (0, 0, k - 1))
    else:
        if k == 1:
            return torch.where(later, layer / torch.sqrt(math.pi * safe), torch.zeros_like(p))
        # U_tau = U_pp + U_qq: -V_p's and U_qq's derivatives
        return -_heat_corner(p, q, tau, (1, 0, k - 1)) + _flux_corner(p, q, tau, (0, 2, k - 1))

    return _forward(_flux_corner_step, first, rest, p, q, tau)
