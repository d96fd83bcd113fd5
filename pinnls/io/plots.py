"""``history.png`` and ``solution.png`` with matplotlib's Agg canvas (no pyplot, no global state).

- history: the total and per-term losses and the relative L2 error against iteration, log scale;
- solution, by the number of axes:
  1: u (and exact) against the axis, with the error below;
  2: u, exact and error side by side (u alone without an exact solution);
  3 or more: rows u, exact, error; columns slices of the last axis at its first, middle and last
  grid values (the axes between the first two and the last at their middle value); space axes
  that are not drawn whole go through the point where ``|u|`` is largest instead of the middle.
  A system of unknowns gets these once per unknown (:mod:`pinnls.io.fields`): with one axis a
  row per unknown (its value and exact solution, its error beside them), with two a row per
  unknown (value, exact, error), with three or more the rows of each unknown in turn.
  Data with ``noise=`` add each unknown's standard deviation: a 95% band around the value with
  one axis, a ``std`` panel on its own colour scale with more.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib import ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.figure import Figure

from pinnls.io.atomic import atomic_path
from pinnls.io.fields import FieldNames, declared, errors_by_unknown, field_names, named_fields
from pinnls.metrics import field_errors
from pinnls.record import AutoRecord, SlabsRecord, cells_text

__all__ = ["plot_history", "history_figure", "plot_solution"]

DPI = 120
#: The most stage labels the history's axis writes (each is three lines of small text).
MAX_STAGE_LABELS = 12
#: Characters of the stage labels' small text that fit across a panel of the history figure,
#: with the gaps between labels (a label's longest line plus two per label): about 80, read off
#: a figure whose "24.0 f m" and "32.0 f m/2", three stages apart of 25, ran together.
STAGE_LABEL_CHARACTERS = 80
#: Points of the curves of a one-axis solution plot when the evaluation grid is the default.
LINE_POINTS = 2001
#: The most that the images of a two-axis solution plot stretch the default evaluation grid
#: along the longer axis of an elongated box, to keep the spacing of the shorter: twenty laps of
#: a ring over x in [0, 1], t in [0, 20] were 5 rows a lap on 101 points and drew as horizontal
#: bands instead of the lines x - t = const they are. A bound, since every point evaluates
#: the whole basis (404 x 101 points took 0.45 s at width 512, 401 x 401 took 2.2 s).
PLANE_STRETCH = 4
#: Points along each of the two drawn axes of a solution plot on three axes or more, when the
#: evaluation grid is the default (41 per axis on three axes, 17 on four: a blob of width 0.15
#: in a 2 m duct drew as a dozen blocks): the plot evaluates the three planes it draws.
SLICE_POINTS = 101

#: An unknown's fields, in the order they are drawn (:class:`pinnls.io.fields.FieldNames`).
ROLES = ("value", "exact", "error")
#: Fields drawn on their own colour scale, not the value's.
NOT_VALUES = ("error", "std")


def _field_title(which: FieldNames, role: str) -> str:
    """A panel's title, with the unknown's declared name (``T``, though its field in the files
    of a single unknown is ``u``)."""
    if role == "std":  # data with noise=: the pointwise standard deviation
        return f"std of {which.unknown} (noise)"
    if not which.system:
        return {
            "value": f"network solution {which.unknown}",
            "exact": "exact solution",
            "error": f"error {which.unknown} - exact",
        }[role]
    return {
        "value": f"network solution {which.unknown}",
        "exact": f"exact {which.unknown}",
        "error": which.label("error"),
    }[role]


def _save(figure: Figure, path: str | os.PathLike) -> Path:
    path = Path(path)
    FigureCanvasAgg(figure)
    with atomic_path(path) as temporary:
        figure.savefig(temporary, dpi=DPI, format="png")
    return path


def _positive(values: np.ndarray) -> np.ndarray:
    """Values that a log axis can show: non-positive and non-finite ones become NaN (gaps)."""
    values = np.asarray(values, dtype=np.float64).copy()
    values[~(np.isfinite(values) & (values > 0))] = np.nan
    return values


def _log_axis(ax) -> None:
    """Log scale over every positive value drawn (a float64 least-squares loss may reach 1e-30:
    the end of training stays on the axis); within less than a decade label the ticks as plain
    numbers (0.92, not 9.2 x 10^-1), and draw a light grid."""
    ax.set_yscale("log")
    low, high = ax.dataLim.intervaly
    if np.isfinite(low) and np.isfinite(high) and 0 < low and high < 10 * low:
        plain = ticker.FuncFormatter(lambda value, _: f"{value:.3g}")
        ax.yaxis.set_major_formatter(plain)
        ax.yaxis.set_minor_formatter(plain)
    ax.grid(True, which="major", alpha=0.35)
    ax.grid(True, which="minor", alpha=0.12)


def plot_history(solution, path: str | os.PathLike) -> Path:
    """Plot the training history (:func:`history_figure`) to a PNG file.

    Parameters
    ----------
    solution : Solution
    path : path-like
        The ``.png`` file to write (atomically).

    Returns
    -------
    Path
    """
    return _save(history_figure(solution), path)


def history_figure(solution) -> Figure:
    """The training history: losses (total and per term) and the rel L2 error, on log axes
    that show every positive value.

    The automatic strategy's history has a row per stage; the x axis then counts stages from 1
    (the records' ``stage`` indexes count from 0), each labelled with its width and
    steepness.

    Parameters
    ----------
    solution : Solution

    Returns
    -------
    matplotlib.figure.Figure
    """
    history = solution.history
    iterations = np.asarray(history.iteration, dtype=np.float64)
    errors = _positive(history.error)
    has_error = solution.compiled.exact is not None and bool(np.isfinite(errors).any())
    # The automatic strategy's record labels the axis by stage; the slab record has none.
    strategy = solution.strategy if isinstance(solution.strategy, AutoRecord) else None
    validation = getattr(solution, "validation", None)
    slabbed = bool(getattr(solution, "slabs", ()))
    # Users count stages from 1: stage k (index k - 1 in the records) is drawn at x = k.
    first = 1 if strategy is not None and strategy.stages else 0
    xs = iterations + first
    if slabbed:
        # Slab k's rows follow slab k-1's; its estimate is drawn at its last row.
        slab_of_row = np.asarray(history.slab)
        starts = [iterations[np.argmax(slab_of_row == k)] for k in range(1, len(solution.slabs))]
        ends = [iterations[np.nonzero(slab_of_row == k)[0][-1]] for k in range(len(solution.slabs))
                if (slab_of_row == k).any()]  # fmt: skip
        # the joined estimate of the slabs so far, not each slab's own: a slab's residual does
        # not see the error carried into it, so its own estimate fell where the error did not
        through = (validation or {}).get("through_slabs")
        if through is None:
            through = [
                piece.validation["total"] if piece.validation else math.nan
                for piece in solution.slabs
            ]
        values = list(through)[: len(ends)]
        ys = _positive(values)
        estimates = (np.asarray(ends, dtype=np.float64), ys) if np.isfinite(ys).any() else None
    else:
        estimates = _estimates(strategy, validation, xs)
    has_right = has_error or estimates is not None
    figure = Figure(figsize=(11 if has_right else 6.5, 4.4), layout="constrained")
    panels = figure.subplots(1, 2 if has_right else 1, squeeze=False)[0]
    marker = "o" if len(iterations) <= 30 else None
    x_label = "stage" if strategy else "iteration"

    ax = panels[0]
    ax.plot(xs, _positive(history.loss), color="black", lw=2, marker=marker, label="total")
    for name, values in history.terms.items():
        shown = _positive(values)
        # a term fitted exactly (loss 0: modes that solve the equation) has no point on a log
        # axis; its legend entry says so rather than naming a line that is not there
        zero = len(values) and not np.any(np.asarray(values, dtype=np.float64))
        label = f"{name} (0, not drawn)" if zero else name
        ax.plot(xs, shown, lw=1.2, marker=marker, ms=3, label=label)
    _log_axis(ax)
    ax.set_xlabel(x_label)
    ax.set_ylabel("loss")
    ax.set_title("loss: total and per term")
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)

    if has_right:
        ax = panels[1]
        if has_error:
            measured = np.isfinite(errors)
            ax.plot(
                xs[measured],
                errors[measured],
                color="tab:red",
                marker="o",
                ms=3,
                label="rel L2 error (exact solution)",
            )
        if estimates is not None:
            at, values = estimates  # not xs: the axes' limits below are the history's
            ax.plot(
                at,
                values,
                color="tab:blue",
                marker="*",
                ms=8,
                ls="--" if len(at) > 1 else "none",
                label="validation estimate (fresh points)"
                + (", of the slabs so far, at each slab's last row" if slabbed else ""),
            )
        if strategy is not None:
            ax.axvline(strategy.chosen.stage + first, color="gray", ls=":", lw=1, label="chosen")
        _log_axis(ax)
        ax.set_xlabel(x_label)
        ax.set_ylabel("relative error / estimate")
        ax.set_title("error and validation estimate")
        ax.legend(fontsize="small")
    for ax in panels:
        if slabbed:
            for at in starts:
                ax.axvline(at - 0.5, color="gray", ls="--", lw=0.8)
            # which rows are whose: each slab's number over its rows (its own strategy's
            # stages), since the x axis only counts rows; a slab without rows has none
            for number in range(1, len(solution.slabs) + 1):
                rows = xs[slab_of_row == number - 1]
                if not len(rows):
                    continue
                ax.text(
                    (rows[0] + rows[-1]) / 2,
                    0.99,
                    f"slab {number}",
                    ha="center",
                    va="top",
                    fontsize="x-small",
                    color="dimgray",
                    transform=ax.get_xaxis_transform(),
                )
        ax.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        if len(xs) == 1:
            ax.set_xlim(xs[0] - 1, xs[0] + 1)
        if strategy is not None and strategy.stages:
            # Each stage is a basis: its number, width and steepness (relu for the LSGD stage).
            stages = strategy.stages
            # Each stage's label: number, width (s: singular functions), steepness and marks.
            texts = [
                f"{number}\n{st.width}{' s' if st.singular else ''}"
                f"\n{'relu' if st.activation == 'relu' else st.scale}"
                f"{' f' if st.axis_scales else ''}{_aligned_mark(st.aligned)}"
                f"{_fraction_mark('m', st.modes)}{_local_mark(st.subdomains)}"
                f"{' p' if st.adapted else ''}"
                for number, st in enumerate(stages, start=first)
            ]
            # Past a dozen stages, or fewer with long marks, the labels overlap: one in every
            # `step` is written, and the chosen one, whose neighbours then stay blank (a plan of
            # 27 stages was unreadable; 25 stages marked "32.0 f m/2" ran together one in 3).
            longest = max(len(line) for text in texts for line in text.split("\n"))
            step = max(
                math.ceil(len(stages) / MAX_STAGE_LABELS),
                math.ceil(len(stages) * (longest + 2) / STAGE_LABEL_CHARACTERS),
            )
            chosen = None if strategy.chosen is None else strategy.chosen.stage
            ax.set_xticks(range(first, len(stages) + first))
            ax.set_xticklabels(
                [
                    text
                    if index == chosen
                    or (index % step == 0 and (chosen is None or abs(index - chosen) >= step))
                    else ""
                    for index, text in enumerate(texts)
                ],
                fontsize="x-small",
            )
            label = "stage: number, width and steepness"
            if step > 1:
                label += f"\n(one in {step} labelled, and the chosen one)"
            if any(st.axis_scales for st in stages):
                # two stages of one width and steepness differ by their factors (step 1p's pair)
                label += "\n(f: per-axis steepness factors, axis_scales in report.json)"
            if any(st.singular for st in stages):
                label += "\n(s: with singular functions, singular in report.json)"
            if any(st.aligned for st in stages):
                label += "\n(a: features aligned with the characteristics; a/2: half)"
            if any(st.modes for st in stages):
                # a sin stage of modes and one of plain sin features look alike otherwise
                label += "\n(m: every feature a mode, an exact solution of the equation; m/2: half)"
            if any(st.adapted for st in stages):
                # step 1q's trial is the same width and steepness as the stage before it
                label += "\n(p: cut planes where a narrower stage's solution changes, adapted)"
            cells = sorted({st.subdomains for st in stages if st.subdomains})
            if cells:
                label += f"\n(L{cells[0]}: a local basis on {cells_text(cells[0])})"
            if ax is not panels[0] and "\n" in label:
                # the marks said once, under the left panel: the right one's label reached
                # past the figure's edge, cut (a heater's run with factors, modes and points)
                label = label.split("\n")[0] + "\n(marks as on the left)"
            ax.set_xlabel(label)
    settings = solution.settings
    status = "" if solution.complete else f", incomplete: {solution.stop_reason}"
    if slabbed:
        record = solution.strategy
        planned = record.slabs if isinstance(record, SlabsRecord) else len(solution.slabs)
        inner = record.strategy if isinstance(record, SlabsRecord) else None
        widths = sorted({piece.settings.width for piece in solution.slabs})
        what = (
            f"{len(solution.slabs)} of {planned} time slabs "
            f"(dashed: slab starts), {inner or settings.optimizer}, widths "
            f"{', '.join(map(str, widths))}{status}"
        )
        x_label = "stage or iteration, slab after slab"
        for ax in panels:
            ax.set_xlabel(x_label)
    elif strategy is not None:
        chosen = strategy.chosen
        aligned = f", aligned {chosen.aligned:g}" if chosen.aligned else ""
        if chosen.subdomains:
            aligned += f", local on {cells_text(chosen.subdomains)}"
        what = (
            f"auto: {len(strategy.stages)} stage{'' if len(strategy.stages) == 1 else 's'}, "
            f"chose {chosen.activation} width "
            f"{chosen.width}{aligned} (stage {chosen.stage + first}), "
            f"{solution.stop_reason}{status}"
        )
    else:
        what = (
            f"{settings.optimizer}, width {settings.width}, depth {settings.depth}, "
            f"{solution.iterations} iterations{status}"
        )
    figure.suptitle(f"{solution.compiled.name}: training history\n{what}")
    return figure


def _estimates(strategy, validation, xs: np.ndarray):
    """The validation estimates to draw: one per stage (auto: at its number, counting from 1),
    or the final one (at the last of the history's x positions ``xs``)."""
    if strategy is not None and strategy.stages:
        values = [stage.estimate for stage in strategy.stages]
        ys = _positive([math.nan if v is None else v for v in values])
        at = np.arange(1, len(ys) + 1, dtype=np.float64)
        keep = np.isfinite(ys)
        return (at[keep], ys[keep]) if keep.any() else None
    if validation and validation.get("total") is not None and len(xs):
        ys = _positive([validation["total"]])
        return (xs[-1:], ys) if np.isfinite(ys).all() else None
    return None


def _finite_max(values: np.ndarray, default: float = math.nan) -> float:
    """The largest finite value (``default`` when there is none), without numpy's All-NaN
    warning."""
    values = np.asarray(values, dtype=np.float64)
    finite = values[np.isfinite(values)]
    return float(finite.max()) if finite.size else default


def _l2(errors: Mapping[str, Any]) -> str:
    """``rel L2`` or, where the exact field is zero, ``RMS`` (pinnls.metrics)."""
    return "RMS" if errors.get("absolute") else "rel L2"


def _title(solution, fields: Mapping[str, Any]) -> str:
    title = solution.compiled.name
    if fields.get("exact") is not None and fields.get("unknowns") is not None:
        # a system: the errors over all unknowns stacked, then each unknown's on a line
        errors = field_errors(fields)
        title += (
            f"   {_l2(errors)} error {errors['rel_l2']:.3g}, "
            f"max abs error {errors['max']:.3g} (all)"
        )
        each = errors_by_unknown(errors, tuple(fields["unknowns"]))
        title += "\n" + ";   ".join(
            f"{name}: {_l2(e)} {e['rel_l2']:.3g}, max {e['max']:.3g}" for name, e in each.items()
        )
    elif fields.get("exact") is not None:
        errors = field_errors(fields)  # inside the domain only, on a shape
        title += f"   {_l2(errors)} error {errors['rel_l2']:.3g}, max abs error {errors['max']:.3g}"
    elif getattr(solution.compiled, "reference", None) is not None:
        errors = solution.reference_errors()  # at the reference file's points
        title += (
            f"   rel L2 error {errors['rel_l2']:.3g}, max abs error {errors['max']:.3g} "
            f"(against {Path(solution.compiled.reference[2]).name})"
        )
    if not solution.complete:
        title += f"   [incomplete: {solution.stop_reason}]"
    return title


def _error_norm(values: np.ndarray) -> Normalize:
    bound = _finite_max(np.abs(values), 0.0)
    bound = bound if bound > 0 and math.isfinite(bound) else 1.0
    return TwoSlopeNorm(vcenter=0.0, vmin=-bound, vmax=bound)


#: Fields whose values span less than this share of their size are drawn as constant: a
#: recovered constant (q = 3 to 4e-12) drawn on its own span showed rounding as colours
#: beside an exact q in another colour, on a colour bar labelled "1e-12+3".
FLAT = 1e-9


def _value_norm(arrays: list[np.ndarray]) -> Normalize:
    low = min(-_finite_max(-np.asarray(a, dtype=np.float64), 0.0) for a in arrays)
    high = max(_finite_max(a, 0.0) for a in arrays)
    size = max(abs(low), abs(high))
    if not high - low > FLAT * size:
        middle = (low + high) / 2
        half = 1e-3 * size if size > 0 else 0.5
        low, high = middle - half, middle + half
    return Normalize(vmin=low, vmax=high)


def plot_solution(
    solution, path: str | os.PathLike, fields: Mapping[str, Any] | None = None
) -> Path:
    """Plot the solution (and the exact solution and the error when known).

    Parameters
    ----------
    solution : Solution
    path : path-like
        The ``.png`` file to write (atomically).
    fields : mapping, optional
        ``solution.grid()``; evaluated here when not given.

    Returns
    -------
    Path
    """
    fields = solution.grid() if fields is None else fields
    axes = tuple(solution.compiled.axes)
    drawn = fields
    if (
        len(axes) == 1
        and len(fields["axes"][0]) < LINE_POINTS
        and solution.settings.eval_points is None
    ):
        # The default grid of one axis (101 points) draws a solution of many periods as a
        # jagged line (pyRFM's Helmholtz: 5 points a period): the curves get a finer one.
        drawn = solution.grid(LINE_POINTS)
    elif len(axes) == 2 and solution.settings.eval_points is None:
        stretched = _stretched([len(t) for t in fields["axes"]], solution.compiled)
        if stretched is not None:
            drawn = solution.grid(stretched)
    elif len(axes) >= 3 and solution.settings.eval_points is None:
        # the three planes drawn, with the whole grid's constants where the problem leaves one
        # free, so that the error panels are the title's
        ticks = _slice_ticks(solution.compiled, _peak(fields))
        drawn = solution.grid_of(ticks, fields.get("constants"))
    ticks = [np.asarray(t, dtype=np.float64) for t in drawn["axes"]]
    shape = tuple(len(t) for t in ticks)
    values = {n: a.reshape(shape) for n, a in named_fields(drawn).items()}
    # per unknown, its fields present (value; exact and error when known)
    rows = [
        (
            declared(which, solution.compiled.unknowns),
            [r for r in (*ROLES, "std") if getattr(which, r) in values],
        )
        for which in field_names(drawn.get("unknowns"))
    ]
    if len(axes) == 1:
        figure = _line_plot(axes, ticks, values, rows)
        if drawn is not fields:
            # under the whole figure: under the last panel it was cut at the right edge where
            # the panels are narrow (a system's two unknowns side by side)
            figure.supxlabel(
                f"curves on {LINE_POINTS} points; the errors in the title on the "
                f"{len(fields['axes'][0])}-point grid of report.json",
                fontsize="small",
            )
    elif len(axes) == 2:
        figure = _plane_plot(axes, ticks, values, rows)
        if drawn is not fields:
            figure.supxlabel(
                f"images on {' x '.join(str(len(t)) for t in drawn['axes'])} points; the "
                f"errors in the title on the {' x '.join(str(len(t)) for t in fields['axes'])} "
                "grid of report.json",
                fontsize="small",
            )
    else:
        figure = _slice_plot(axes, ticks, values, rows)
        if drawn is not fields:
            figure.supxlabel(
                f"images on {' x '.join(str(len(t)) for t in drawn['axes'][:2])} points; the "
                f"errors in the title on the {' x '.join(str(len(t)) for t in fields['axes'])} "
                "grid of report.json",
                fontsize="small",
            )
    bounds = solution.slab_bounds if getattr(solution, "slabs", ()) else None
    if bounds is not None:
        _mark_slabs(figure, solution.compiled.time_axis, bounds[1:-1])
    figure.suptitle(_title(solution, fields))
    return _save(figure, path)


def _peak(fields: Mapping[str, Any]) -> np.ndarray | None:
    """The point (d,) of the evaluation grid ``fields`` (``Solution.grid()``) where the first
    unknown's value is largest in size, or None where it has no finite value."""
    values = np.asarray(fields["u"], dtype=np.float64)
    values = np.abs(values if values.ndim == 1 else values[:, 0])
    if not np.isfinite(values).any():
        return None
    index = np.unravel_index(int(np.nanargmax(values)), [len(t) for t in fields["axes"]])
    return np.array([float(np.asarray(t)[i]) for t, i in zip(fields["axes"], index)])


def _slice_ticks(compiled, peak: np.ndarray | None = None) -> list[np.ndarray]:
    """The values along each axis of the planes that a plot on three axes or more draws: the
    first two axes on :data:`SLICE_POINTS` points (the longer of an elongated pair stretched
    as :func:`_stretched` does, up to :data:`PLANE_STRETCH` times), the last axis at its ends
    and middle (the columns), every axis between at its middle.

    With ``peak`` (d,) (:func:`_peak`), every space axis that is not drawn whole goes through
    it instead of its middle: a steady chimney plume's source at a fifth of the height fell
    between the planes z = 0, 0.4 and 0.8 of a box, which drew its faint edges only. The
    columns of a last space axis are then its ends and the peak (the middle where the peak is
    within a tenth of the axis of an end); time keeps its start, middle and end."""
    lower = np.asarray(compiled.lower, dtype=np.float64)
    upper = np.asarray(compiled.upper, dtype=np.float64)
    spans = (upper - lower)[:2]
    ratio = float(spans.max() / spans.min()) if spans.min() > 0 else 1.0
    pair = [SLICE_POINTS, SLICE_POINTS]
    if ratio >= 1.5:
        longer = int(np.argmax(spans))
        pair[longer] = int(round((SLICE_POINTS - 1) * min(ratio, PLANE_STRETCH))) + 1
    ticks = [np.linspace(lower[i], upper[i], pair[i]) for i in range(2)]
    middle = (lower + upper) / 2
    time_axis = getattr(compiled, "time_axis", None)
    at = middle.copy()
    if peak is not None:
        space = [i for i in range(2, compiled.dim) if i != time_axis]
        at[space] = np.asarray(peak, dtype=np.float64)[space]
    ticks += [np.array([at[i]]) for i in range(2, compiled.dim - 1)]
    last = compiled.dim - 1
    span = upper[last] - lower[last]
    if not lower[last] + span / 10 <= at[last] <= upper[last] - span / 10:
        at[last] = middle[last]
    return ticks + [np.array([lower[last], at[last], upper[last]])]


def _stretched(counts: list[int], compiled) -> list[int] | None:
    """The points per axis that keep the shorter axis' spacing along the longer one of an
    elongated two-axis box (at most :data:`PLANE_STRETCH` times its count), or None where the
    box is not elongated (less than 1.5 times as long one way)."""
    spans = np.asarray(compiled.upper, dtype=np.float64) - np.asarray(compiled.lower)
    ratio = float(spans.max() / spans.min()) if spans.min() > 0 else 1.0
    if ratio < 1.5:
        return None
    longer = int(np.argmax(spans))
    stretched = list(counts)
    stretched[longer] = int(round((counts[longer] - 1) * min(ratio, PLANE_STRETCH))) + 1
    return stretched


def _mark_slabs(figure: Figure, axis: int, interfaces: np.ndarray) -> None:
    """Dashed lines at the time-slab interfaces on every panel whose horizontal (axis 0) or
    vertical (axis 1) axis is time."""
    for ax in figure.axes:
        if not getattr(ax, "pinnls_field", False):
            continue
        color = ax.pinnls_field
        for at in interfaces:
            if axis == 0:
                ax.axvline(at, color=color, ls="--", lw=0.8, alpha=0.8)
            elif axis == 1:
                ax.axhline(at, color=color, ls="--", lw=0.8, alpha=0.8)


def _line_plot(axes, ticks, values, rows) -> Figure:
    """One unknown: its value and exact solution, the error below. A system: a row per
    unknown, its value and exact solution on the left and its error on the right."""
    has_error = "error" in rows[0][1]
    system = rows[0][0].system
    if system:
        figure = Figure(
            figsize=(11 if has_error else 7, 3.1 * len(rows) + 0.9), layout="constrained"
        )
        grid = figure.subplots(len(rows), 2 if has_error else 1, sharex=True, squeeze=False)
    else:
        figure = Figure(figsize=(7, 6 if has_error else 4), layout="constrained")
        grid = figure.subplots(2 if has_error else 1, 1, sharex=True, squeeze=False).T
    for ax in grid.ravel():
        ax.pinnls_field = "0.4"  # a field panel, for _mark_slabs (the line colour)
    for panels, (which, _) in zip(grid, rows):
        ax = panels[0]
        if which.exact in values:
            ax.plot(ticks[0], values[which.exact], color="black", lw=3, alpha=0.35, label="exact")
        label = f"{which.unknown} (network)"
        ax.plot(ticks[0], values[which.value], color="tab:blue", lw=1.5, label=label)
        if which.std in values:  # the 95% band of data with noise=
            band = 1.96 * values[which.std]
            ax.fill_between(
                ticks[0],
                values[which.value] - band,
                values[which.value] + band,
                color="tab:blue",
                alpha=0.2,
                label="95% band",
            )
        ax.set_ylabel(which.unknown)
        ax.legend()
        ax.grid(True, alpha=0.3)
        if has_error:
            ax = panels[1]
            ax.plot(ticks[0], values[which.error], color="tab:red", lw=1.2)
            ax.axhline(0.0, color="gray", lw=0.8)
            ax.set_ylabel(which.label("error"))
            ax.grid(True, alpha=0.3)
    for ax in grid[-1] if system else grid[0][-1:]:
        ax.set_xlabel(axes[0])
    return figure


def _image(figure, ax, ticks, plane: np.ndarray, norm, cmap, labels, title, colorbar=True):
    """Draw a (m_0, m_1) array with the first axis horizontal and the second vertical."""
    mesh = ax.pcolormesh(ticks[0], ticks[1], plane.T, shading="nearest", norm=norm, cmap=cmap)
    # A field panel, for _mark_slabs: white lines show on viridis, dark ones on the error map.
    ax.pinnls_field = "white" if cmap == "viridis" else "0.25"
    ax.set_xlabel(labels[0])
    ax.set_ylabel(labels[1])
    ax.set_title(title)
    spans = [float(t[-1] - t[0]) if len(t) > 1 else 0.0 for t in ticks[:2]]
    square = all(spans) and 1 / 3 <= spans[0] / spans[1] <= 3
    ax.set_aspect("equal" if square else "auto")
    if all(spans) and not square:
        # Past 3x the panel is about square: say which axis is stretched, and by how much, so
        # that a round pulse in a long channel is not read as a tall one (a user's [0, 4] x
        # [0, 0.5], session 28).
        ratio = spans[0] / spans[1]
        which = 1 if ratio > 3 else 0
        stretch = max(ratio, 1 / ratio)
        text = f"{labels[which]} (not to scale: stretched about {stretch:.2g}x)"
        (ax.set_ylabel if which else ax.set_xlabel)(text)
    if colorbar:
        figure.colorbar(mesh, ax=ax, shrink=0.9)
    return mesh


def _plane_plot(axes, ticks, values, rows) -> Figure:
    """A row per unknown (one for a single unknown): value, exact and error side by side, value
    and exact on one colour scale, the error on its own centred at 0."""
    columns = max(len(roles) for _, roles in rows)
    # A panel drawn to scale (_image: spans within 3x) that is taller than wide gets a narrower
    # column, so that the panels do not stand apart in a wide figure ([0, 1] x [0, 2]: 3.6 in a
    # column instead of 4.6); one wider than tall a lower row, so that its colour bar does not
    # stand above and below it ([0, 2] x [0, 1]: 2.9 in instead of 4.2).
    column, height = _panel_size(ticks, 4.6, 4.2)
    figure = Figure(figsize=(column * columns + 0.6, height * len(rows)), layout="constrained")
    grid = figure.subplots(len(rows), columns, squeeze=False)
    for panels, (which, roles) in zip(grid, rows):
        shared = _value_norm([values[getattr(which, r)] for r in roles if r not in NOT_VALUES])
        for ax, role in zip(panels, roles):
            field = values[getattr(which, role)]
            if role == "std":
                norm, cmap = _value_norm([field]), "magma"
            elif role == "error":
                norm, cmap = _error_norm(field), "RdBu_r"
            else:
                norm, cmap = shared, "viridis"
            _image(figure, ax, ticks, field, norm, cmap, axes, _field_title(which, role))
    return figure


def _panel_size(ticks, width: float, height: float) -> tuple[float, float]:
    """The inches of a panel's column and row for an image of the first two axes: ``width``
    and ``height`` for a square, a narrower column for one drawn to scale taller than wide
    (spans within 3x, as :func:`_image` draws them), a lower row for one wider than tall."""
    spans = [float(t[-1] - t[0]) if len(t) > 1 else 0.0 for t in ticks[:2]]
    ratio = spans[0] / spans[1] if all(spans) else 1.0
    # proportions first fitted on the two-axis figure (4.6 x 4.2 in a panel): [0, 1] x [0, 2]
    # 3.6 in a column, [0, 2] x [0, 1] 2.9 in a row
    narrower, lower = 2.0 / 4.6, 2.6 / 4.2
    if 1 / 3 <= ratio < 1:
        width *= 1.0 - narrower * (1.0 - ratio)
    elif 1 < ratio <= 3:
        height *= 1.0 - lower + lower / ratio
    return width, height


def _slice_indices(m: int) -> list[int]:
    return sorted({0, (m - 1) // 2, m - 1})


def _slice_plot(axes, ticks, values, rows) -> Figure:
    """Rows: fields (each unknown's in turn); columns: the last axis at its first, middle and
    last value."""
    last = len(axes) - 1
    columns = _slice_indices(len(ticks[last]))
    middle = tuple(len(ticks[i]) // 2 for i in range(2, last))  # axes between, at their middle

    def plane(array: np.ndarray, k: int) -> np.ndarray:
        return array[(slice(None), slice(None), *middle, k)]

    lines = [(which, role) for which, roles in rows for role in roles]
    column, height = _panel_size(ticks, 3.7, 3.5)
    figure = Figure(
        figsize=(column * len(columns) + 1.4, height * len(lines) + 0.4), layout="compressed"
    )
    grid = figure.subplots(len(lines), len(columns), squeeze=False, sharex=True, sharey=True)
    shared = {
        which.unknown: _value_norm(
            [values[getattr(which, r)] for r in roles if r not in NOT_VALUES]
        )
        for which, roles in rows
    }
    fixed = ", ".join(f"{axes[i]} = {ticks[i][j]:.3g}" for i, j in zip(range(2, last), middle))
    for row, (which, role) in enumerate(lines):
        field = values[getattr(which, role)]
        if role == "std":
            norm, cmap = _value_norm([field]), "magma"
        elif role == "error":
            norm, cmap = _error_norm(field), "RdBu_r"
        else:
            norm, cmap = shared[which.unknown], "viridis"
        mesh = None
        for column, k in enumerate(columns):
            where = f"{axes[last]} = {ticks[last][k]:.3g}" + (f", {fixed}" if fixed else "")
            mesh = _image(
                figure,
                grid[row, column],
                ticks,
                plane(field, k),
                norm,
                cmap,
                axes,
                f"{_field_title(which, role)}\n{where}",
                colorbar=False,
            )
        figure.colorbar(mesh, ax=list(grid[row]), shrink=0.9)
    for ax in grid[:, 1:].ravel():
        ax.set_ylabel("")
    for ax in grid[:-1, :].ravel():
        ax.set_xlabel("")
    return figure


def _local_mark(subdomains: str | None) -> str:
    """A line ``L32`` below the steepness of a stage of a local basis on 32 cells (``L4x4`` on
    a grid), nothing for a global one."""
    return "" if not subdomains else f"\nL{subdomains}"


def _aligned_mark(fraction: float) -> str:
    """`` a`` after the steepness of a stage whose features are all aligned, `` a/2`` for half
    (another fraction: `` a0.25``), nothing for none."""
    return _fraction_mark("a", fraction)


def _fraction_mark(letter: str, fraction: float) -> str:
    """`` a`` (the ``letter``) after the steepness of a stage whose features are all of a kind,
    `` a/2`` for half (another fraction: `` a0.25``), nothing for none."""
    if not fraction:
        return ""
    if fraction == 1:
        return f" {letter}"
    return f" {letter}/2" if fraction == 0.5 else f" {letter}{fraction:g}"
