"""After the solve of a problem with data: the regularization weight and the uncertainty.

Runs once on the final basis (:func:`finish`, called by :func:`pinnls.training.solve`), and only
when the problem has a term with ``weight="auto"`` or data with ``noise=``; every other solve
is left exactly as it was. It factors the rows again (one TSQR, as a solve does) rather than
keeping the solve's factor, so the strategies and the least-squares core are unchanged.

- ``weight="auto"``: the weight of the regularization terms (one common lambda for all of
  them) minimizes the unbiased predictive risk when the data state their noise (it uses the
  known sigma, and unlike the discrepancy principle does not over-smooth), else generalized
  cross-validation; the coefficients are those of the chosen weight.
- ``noise=``: the covariance of the coefficients from the same factorization, so
  :meth:`~pinnls.solution.Solution.std` gives each unknown's pointwise standard deviation. It
  assumes a fixed basis (the hidden layers are not uncertain) and independent Gaussian noise
  of the stated size on the data; the equations and conditions are exact.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import torch

from pinnls.numeric.assembly import System
from pinnls.numeric.uncertainty import Factors, choose_weight, fit
from pinnls.solution import Solution

__all__ = ["finish", "needed"]

#: Rows assembled at once while factoring.
_CHUNK = 4096
#: The weight scan runs on at most this many basis functions per unknown (the first ones of
#: the final basis), then one fit at the full width takes the chosen weight. Each of its 37
#: tries is a QR and an SVD of the width's factor: at width 3072 the full-width scan alone ran
#: for minutes on one core, where 512 columns take seconds.
SCAN_WIDTH = 512


def needed(compiled) -> bool:
    """Whether :func:`finish` has anything to do for this problem."""
    return any(
        term.auto_weight or (term.kind == "data" and term.noise is not None)
        for term in compiled.terms
    )


def finish(solution: Solution) -> Solution:
    """Choose the ``weight="auto"`` weights and attach the uncertainty, on the final basis.

    Parameters
    ----------
    solution : Solution
        A complete solve on one basis (no time slabs).

    Returns
    -------
    Solution
        The same object: with ``weight="auto"``, its coefficients and the terms' weights are
        those of the chosen weight (and its validation is recomputed by the caller);
        ``solution.inverse`` holds what was chosen and, with noise, the factor ``L`` of the
        covariance ``L^T L`` of the coefficients.
    """
    compiled = solution.compiled
    if not needed(compiled) or solution.slabs:
        return solution
    coefficients = solution.coefficients
    factors = _factors(compiled, solution.basis, coefficients.dtype, coefficients.device)
    settings = solution.settings
    rcond = settings.rcond
    if rcond is None:
        rcond = torch.finfo(coefficients.dtype).eps * factors.data.shape[1]
    record: dict[str, Any] = {}
    noisy = bool((factors.sigma > 0).any())
    if factors.regularization is not None:
        criterion = "upre" if noisy else "gcv"
        size = solution.basis.size
        if size > SCAN_WIDTH:
            # The basis functions of a Box-initialized (or trained) basis are alike in kind,
            # so the first SCAN_WIDTH per unknown form a smaller basis of the same family; its
            # cutoff is judged at its own width.
            columns = torch.cat(
                [j * size + torch.arange(SCAN_WIDTH) for j in range(compiled.unknown_count)]
            )
            small = _factors(compiled, solution.basis, coefficients.dtype, coefficients.device,
                             columns)  # fmt: skip
            small_rcond = rcond * small.data.shape[1] / factors.data.shape[1]
            if settings.rcond is not None:
                small_rcond = rcond
            chosen, scan = choose_weight(small, small_rcond, criterion)
            best = fit(factors, chosen.weight, rcond)
            record["scan_width"] = SCAN_WIDTH
        else:
            best, scan = choose_weight(factors, rcond, criterion)
        terms = tuple(
            dataclasses.replace(t, weight=t.weight * best.weight) if t.auto_weight else t
            for t in compiled.terms
        )
        solution.compiled = dataclasses.replace(compiled, terms=terms)
        solution.coefficients = best.coefficients.to(coefficients.dtype)
        solution.validation = None  # measured again with the chosen weight
        record["criterion"] = criterion
        record["weights"] = {t.name: t.weight for t in terms if t.auto_weight}
        record["scan"] = scan
        record["data_dof"] = best.trace
    else:
        best = fit(factors, 0.0, rcond)
    if noisy:
        record["factor"] = best.factor.detach()
        record["noise"] = {
            t.name: t.noise for t in compiled.terms if t.kind == "data" and t.noise is not None
        }
    solution.inverse = record
    return solution


def _factors(compiled, basis, dtype, device, columns=None) -> Factors:
    """The triangular factors of the exact and data rows and of the regularization rows,
    and the data rows themselves (see :class:`~pinnls.numeric.uncertainty.Factors`); only
    the basis functions ``columns`` (indices into the system's columns) when given."""
    system = System(compiled, dtype, device)
    width = basis.size * compiled.unknown_count if columns is None else len(columns)
    exact = torch.zeros(0, width + 1, dtype=dtype, device=device)
    regularization = None
    data, values, sigma = [], [], []
    for term in system.terms:
        for rows in term.chunks(_CHUNK):
            with torch.no_grad():
                block = term.scale * term.block(basis, rows).detach()
                if columns is not None:
                    block = block[:, columns.to(block.device)]
            source = term.scale * term.source[rows]
            stacked = torch.cat([block, source[:, None]], dim=1)
            if term.term.auto_weight:
                previous = regularization if regularization is not None else stacked[:0]
                regularization = torch.linalg.qr(torch.cat([previous, stacked]), mode="r").R
                continue
            exact = torch.linalg.qr(torch.cat([exact, stacked]), mode="r").R
            if term.term.kind == "data":
                data.append(block)
                values.append(source)
                noise = term.term.noise or 0.0
                sigma.append(torch.full_like(source, term.scale * noise))
    return Factors(
        exact=exact,
        regularization=regularization,
        data=torch.cat(data) if data else torch.zeros(0, width, dtype=dtype, device=device),
        values=torch.cat(values) if values else torch.zeros(0, dtype=dtype, device=device),
        sigma=torch.cat(sigma) if sigma else torch.zeros(0, dtype=dtype, device=device),
    )
