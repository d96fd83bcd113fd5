"""Regularization weights and the covariance of the last layer, from one small factorization.

The rows of a problem with data are of three kinds: exact ones (equations and conditions, whose
right-hand sides are known), noisy ones (observations ``b_i = value_i + e_i`` with ``e_i ~
N(0, sigma_i^2)`` independent) and, optionally, rows of a regularization term whose weight
``lambda`` is left to pinnls. With the basis fixed, the coefficients are a linear function of
the noisy values, so everything follows from the triangular factors of the rows:

- ``R_0``: the factor of ``[A | b]`` over the exact and the data rows (TSQR, as the solve);
- ``R_1``: the factor of the regularization rows ``[A_reg | b_reg]``;
- for a weight ``lambda``, the factor of the whole system is the factor of
  ``[R_0; sqrt(lambda) R_1]`` (a (2w+2) x (w+1) QR), whose column-scaled SVD
  ``U S V^T`` with the solve's cutoff gives ``c = D^-1 V S^+ U^T z`` (``D``: column norms).

The data rows ``A_d`` (scaled by the term's ``sqrt(eps / n)``) are kept explicitly (there are
few); then

- the influence of the data on their own fit is ``H = A_d D^-1 V S^-2 V^T D^-1 A_d^T``, with
  ``trace H = ||A_d D^-1 V S^-1||_F^2`` (the degrees of freedom the data use);
- the covariance of ``c`` is ``L^T L`` with ``L = Sigma^1/2 A_d D^-1 V S^-2 V^T D^-1``, the
  "sandwich" ``A^+ Sigma A^+T`` of the estimator that was solved: the exact rows carry no noise,
  and the regularization and the SVD cutoff are part of the estimator. It equals the textbook
  ``sigma^2 (A^T W A)^+`` only when every row is noisy with weight ``1 / sigma^2``.

Torch only (no sympy): pure functions of tensors.
"""

from __future__ import annotations

import dataclasses
import math

import torch

__all__ = ["Factors", "Fit", "fit", "choose_weight", "CRITERIA"]

#: How the weight of a regularization term is chosen (see :func:`choose_weight`).
CRITERIA = ("gcv", "upre")


@dataclasses.dataclass(frozen=True)
class Factors:
    """The pieces of a problem's rows that every weight reuses.

    Attributes
    ----------
    exact : (k0, w + 1) tensor
        Triangular factor of ``[A | b]`` over the exact and data rows.
    regularization : (k1, w + 1) tensor or None
        Triangular factor of the regularization rows (None without a weight to choose).
    data : (n, w) tensor
        The data rows, scaled as in the system.
    values : (n,) tensor
        Their right-hand sides, scaled as in the system.
    sigma : (n,) tensor
        The standard deviation of each scaled data value (``sqrt(eps / n) * noise``); zero
        where no noise is stated.
    """

    exact: torch.Tensor
    regularization: torch.Tensor | None
    data: torch.Tensor
    values: torch.Tensor
    sigma: torch.Tensor


@dataclasses.dataclass(frozen=True)
class Fit:
    """The solve at one regularization weight.

    Attributes
    ----------
    weight : float
        lambda (0 without regularization).
    coefficients : (w,) tensor
    residual : float
        ``||A_d c - b_d||^2`` over the data rows (scaled).
    trace : float
        ``trace H``: the degrees of freedom that the data use.
    rank : int
    factor : (n, w) tensor
        ``L``: the covariance of ``c`` is ``L^T L`` (rows with zero sigma are zero).
    """

    weight: float
    coefficients: torch.Tensor
    residual: float
    trace: float
    rank: int
    factor: torch.Tensor


def fit(factors: Factors, weight: float, rcond: float) -> Fit:
    """Solve at regularization weight ``weight`` with the SVD cutoff ``rcond``.

    Parameters
    ----------
    factors : Factors
    weight : float
        lambda >= 0; ignored without regularization rows.
    rcond : float
        Singular values at or below ``rcond * sigma_max`` of the column-scaled factor are cut,
        as the solve's ``"svd"`` method cuts them.

    Returns
    -------
    Fit
    """
    stacked = factors.exact
    if factors.regularization is not None and weight > 0:
        stacked = torch.cat([stacked, math.sqrt(weight) * factors.regularization])
    r_aug = torch.linalg.qr(stacked, mode="r").R
    w = r_aug.shape[1] - 1
    r, z = r_aug[:, :w], r_aug[:, w]
    norms = r.norm(dim=0)
    scale = torch.where(norms > 0, norms, torch.ones_like(norms))
    u, s, vh = torch.linalg.svd(r / scale, full_matrices=False)
    keep = s > rcond * s.max()
    s_inv = torch.where(keep, 1.0 / torch.where(keep, s, torch.ones_like(s)), torch.zeros_like(s))
    coefficients = (vh.mT @ (s_inv * (u.mT @ z))) / scale
    residual = float((factors.data @ coefficients - factors.values).square().sum())
    projected = (factors.data / scale) @ vh.mT  # A_d D^-1 V, (n, k)
    trace = float((projected * s_inv).square().sum())
    factor = factors.sigma[:, None] * ((projected * s_inv.square()) @ vh) / scale
    return Fit(float(weight), coefficients, residual, trace, int(keep.sum()), factor)


def choose_weight(
    factors: Factors, rcond: float, criterion: str, weights: torch.Tensor | None = None
) -> tuple[Fit, list[dict[str, float]]]:
    """The regularization weight that minimizes ``criterion`` over a logarithmic scan.

    Parameters
    ----------
    factors : Factors
        With ``regularization``.
    rcond : float
    criterion : {"gcv", "upre"}
        ``"gcv"``, generalized cross-validation over the data rows,
        ``n ||r_d||^2 / (n - trace H)^2``: needs no noise level. ``"upre"``, the unbiased
        predictive risk estimate (Mallows' C_p) ``||r_d||^2 + 2 sum_i sigma_i^2 H_ii -
        sum_i sigma_i^2``, here with ``sum_i sigma_i^2 H_ii`` taken as ``mean(sigma^2) trace
        H``: needs the noise.
    weights : (k,) tensor, optional
        The lambdas to try. Default: 33 values, 2 per decade, from 1e-12 to 1e4 times the
        balance ``||R_0||_F^2 / ||R_1||_F^2``, then 4 more around the best, between its
        neighbours (each try is a QR and an SVD of a (2w + 2) x (w + 1) matrix).

    Returns
    -------
    best : Fit
    scan : list of dict
        Per weight tried: ``weight``, ``residual``, ``trace``, ``score``.
    """
    if criterion not in CRITERIA:
        raise ValueError(f"criterion {criterion!r}; use one of {', '.join(CRITERIA)}")
    if weights is None:
        balance = float(factors.exact[:, :-1].square().sum()) / max(
            float(factors.regularization[:, :-1].square().sum()), 1e-300
        )
        coarse = [balance * 10.0 ** (e / 2) for e in range(-24, 9)]
    else:
        coarse = [float(v) for v in weights]
    n = factors.data.shape[0]
    variance = float(factors.sigma.square().mean())
    scan: list[dict[str, float]] = []
    fits: dict[float, Fit] = {}

    def score(weight: float) -> float:
        result = fits[weight] = fit(factors, weight, rcond)
        if criterion == "gcv":
            free = n - result.trace
            value = n * result.residual / free**2 if free > 1e-12 else math.inf
        else:
            value = result.residual + 2 * variance * result.trace - n * variance
        scan.append(
            {"weight": weight, "residual": result.residual, "trace": result.trace, "score": value}
        )
        return value

    scores = [score(weight) for weight in coarse]
    best = min(range(len(coarse)), key=lambda i: scores[i])
    if weights is None:
        # four more, a quarter and a half step either side of the best
        for step in (-0.25, 0.25, -0.125, 0.125):
            score(coarse[best] * 10.0**step)
    chosen = min(scan, key=lambda row: row["score"])
    if not math.isfinite(chosen["score"]):
        chosen = scan[0]  # every score infinite: the weakest weight tried
    scan.sort(key=lambda row: row["weight"])
    return fits[chosen["weight"]], scan
