"""``solution.gif``: u (and the error, when the exact solution is known) over time.

For a problem with a time axis and one or two space axes, a looping GIF (matplotlib's Agg canvas
and its Pillow writer) steps through the output times of the time series
(:mod:`pinnls.io.frames`), at most :data:`GIF_FRAMES` of them:

- one space axis: u against the axis (the exact solution as a wide grey line), the error below;
  a system of unknowns gets one such column per unknown;
- two space axes: u as an image (the first space axis horizontal), the error beside it; a system
  gets one such row per unknown.

The colour scales and the y limits are fixed over all frames, so that the animation shows the
change; the title gives the time (and the time slab, with slabs).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from pinnls.io.atomic import atomic_path
from pinnls.io.fields import declared
from pinnls.io.frames import TimeSeries
from pinnls.io.plots import _error_norm, _finite_max, _value_norm

__all__ = ["GIF_FRAMES", "write_gif"]

log = logging.getLogger(__name__)

#: The most frames in ``solution.gif`` (a longer time series is subsampled evenly).
GIF_FRAMES = 30

#: Frames per second, and the resolution of the small figure.
FPS = 8
DPI = 80

#: Colours of the GIF palette (fewer compress better; 128 keep the colour maps smooth).
PALETTE = 128


def gif_indices(count: int, limit: int = GIF_FRAMES) -> np.ndarray:
    """Indices of at most ``limit`` frames out of ``count``, evenly spread, both ends kept."""
    return np.unique(np.round(np.linspace(0, count - 1, min(count, limit))).astype(int))


def write_gif(series: TimeSeries, path: str | os.PathLike) -> Path | None:
    """Write the animation atomically.

    Parameters
    ----------
    series : TimeSeries
    path : path-like
        The ``.gif`` file; its directory must exist.

    Returns
    -------
    Path or None
        ``path``, or None when the problem has more than two space axes (logged at INFO
        level: the time series in ``solution.pvd`` shows those).
    """
    path = Path(path)
    if len(series.space) > 2:
        log.info(
            "%s is not written: it animates one or two space axes, and the problem has %d "
            "besides time (solution.pvd has the time series)",
            path.name,
            len(series.space),
        )
        return None
    times = series.times[gif_indices(len(series.times))]
    frames = [series.fields(float(t)) for t in times]
    names = [declared(which, series.solution.compiled.unknowns) for which in series.names]
    has_error = names[0].error in frames[0]
    values = {name: np.stack([f[name] for f in frames]) for name in frames[0]}
    if len(series.space) == 1:
        figure, update, dynamic = _line_animation(series, values, names, has_error)
        colours = palette(colors=("tab:blue", "tab:red", "black"))
    else:
        figure, update, dynamic = _plane_animation(series, values, names, has_error)
        colours = palette(colormaps=("viridis", "RdBu_r") if has_error else ("viridis",))
    name = series.solution.compiled.name
    slabs = [series.slab(float(time)) for time in times]
    titles = [
        f"{name}   {series.time_name} = {time:.4g}"
        + (f"   (time slab {slab + 1})" if slab is not None else "")
        for time, slab in zip(times, slabs)
    ]
    title = figure.suptitle(max(titles, key=len), fontsize="medium")
    canvas = FigureCanvasAgg(figure)
    canvas.draw()  # the layout, once: it stays fixed over the frames
    figure.set_layout_engine("none")
    # Blitting: the axes, ticks and colour bars are drawn once; each frame redraws only what
    # changes over them (a full draw of every frame took 0.1-0.2 s).
    for artist in [*dynamic, title]:
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(figure.bbox)
    images = []
    for k, text in enumerate(titles):
        canvas.restore_region(background)
        update(k)
        title.set_text(text)
        for artist in [*dynamic, title]:
            figure.draw_artist(artist)
        for ax in {artist.axes for artist in dynamic if artist.axes is not None}:
            for spine in ax.spines.values():  # keep the frame on top of the field
                figure.draw_artist(spine)
        images.append(Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy()))
    with atomic_path(path) as temporary:
        _save_gif(images, temporary, colours)
    return path


def palette(colormaps: tuple[str, ...] = (), colors: tuple[str, ...] = ()) -> Image.Image:
    """The GIF's palette: a ramp of greys (text, ticks, their antialiasing), samples of each
    colour map, and a ramp from white to each line colour; at most :data:`PALETTE` colours.

    A palette made from the figure's own colours keeps every frame's colours in place (a
    palette fitted to the pixels loses the rare colours at the ends of a colour map).
    """
    from matplotlib import colormaps as registry
    from matplotlib.colors import to_rgb

    greys = np.linspace(0.0, 1.0, 24)[:, None].repeat(3, axis=1)
    parts = [greys]
    share = (PALETTE - len(greys) - 12 * len(colors)) // max(len(colormaps), 1)
    for name in colormaps:
        parts.append(registry[name](np.linspace(0.0, 1.0, share))[:, :3])
    for color in colors:
        ramp = np.linspace(0.0, 1.0, 12)[:, None]
        parts.append(1.0 - ramp * (1.0 - np.asarray(to_rgb(color))[None, :]))
    table = np.round(255 * np.concatenate(parts)).astype(np.uint8)[:PALETTE]
    image = Image.new("P", (1, 1))
    image.putpalette(table.ravel().tolist())
    return image


def _save_gif(images: list, path: Path, colours: Image.Image) -> None:
    """Save RGB frames as a looping GIF on the palette ``colours``, without dithering (so
    that flat areas stay flat and compress well)."""
    frames = [image.quantize(palette=colours, dither=Image.Dither.NONE) for image in images]
    frames[0].save(
        path,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=int(1000 / FPS),
        loop=0,
        optimize=False,
    )


def _limits(arrays: list[np.ndarray], symmetric: bool = False) -> tuple[float, float]:
    """Fixed y limits over all frames, with a margin."""
    if symmetric:
        bound = max(_finite_max(np.abs(a), 0.0) for a in arrays) or 1.0
        return -1.08 * bound, 1.08 * bound
    norm = _value_norm(arrays)
    pad = 0.06 * (norm.vmax - norm.vmin)
    return norm.vmin - pad, norm.vmax + pad


def _line_animation(series: TimeSeries, values, names, has_error):
    """One column per unknown (one for a single unknown): its value and exact solution, and the
    error below."""
    x = series.ticks[0]
    columns = len(names)
    width = 5.6 if columns == 1 else 4.4 * columns + 0.4
    figure = Figure(figsize=(width, 4.6 if has_error else 3.2), layout="constrained", dpi=DPI)
    grid = figure.subplots(2 if has_error else 1, columns, sharex=True, squeeze=False)
    lines = []  # (line, field name): what each frame updates
    legends = []
    for column, which in enumerate(names):
        panels = grid[:, column]
        ax = panels[0]
        if which.exact in values:
            (exact_line,) = ax.plot(x, values[which.exact][0], color="black", lw=3, alpha=0.35)
            exact_line.set_label("exact")
            lines.append((exact_line, which.exact))
        (u_line,) = ax.plot(
            x, values[which.value][0], color="tab:blue", lw=1.5, label=f"{which.unknown} (network)"
        )
        lines.append((u_line, which.value))
        shown = [values[n] for n in (which.value, which.exact) if n in values]
        ax.set_ylim(*_limits(shown))
        ax.set_ylabel(which.unknown)
        if which.system:
            ax.set_title(which.unknown, fontsize="medium")
        legends.append(ax.legend(loc="upper right", fontsize="small"))
        ax.grid(True, alpha=0.3)
        if has_error:
            ax = panels[1]
            (error_line,) = ax.plot(x, values[which.error][0], color="tab:red", lw=1.2)
            lines.append((error_line, which.error))
            ax.axhline(0.0, color="gray", lw=0.8)
            ax.set_ylim(*_limits([values[which.error]], symmetric=True))
            ax.set_ylabel(which.label("error"))
            ax.grid(True, alpha=0.3)
        panels[-1].set_xlabel(series.axes[0])
        panels[-1].set_xlim(x[0], x[-1])

    def update(k: int) -> None:
        for line, name in lines:
            line.set_ydata(values[name][k])

    return figure, update, [line for line, _ in lines] + legends


def _plane_animation(series: TimeSeries, values, names, has_error):
    """One row per unknown (one for a single unknown): its value as an image, the error
    beside it."""
    roles = ["value", "error"] if has_error else ["value"]
    rows = len(names)
    figure = Figure(figsize=(3.8 * len(roles) + 0.4, 3.4 * rows), layout="constrained", dpi=DPI)
    grid = figure.subplots(rows, len(roles), squeeze=False)
    shape = series.shape
    meshes = {}
    for row, which in enumerate(names):
        norms = {
            "value": _value_norm([values[n] for n in (which.value, which.exact) if n in values]),
            "error": _error_norm(values[which.error]) if has_error else None,
        }
        for ax, role in zip(grid[row], roles):
            name = getattr(which, role)
            plane = values[name][0].reshape(shape)
            cmap = "RdBu_r" if role == "error" else "viridis"
            mesh = ax.pcolormesh(
                series.ticks[0], series.ticks[1], plane.T, shading="nearest", norm=norms[role],
                cmap=cmap,
            )  # fmt: skip
            meshes[name] = mesh
            ax.set_xlabel(series.axes[0])
            ax.set_ylabel(series.axes[1])
            title = f"{which.unknown} (network)" if role == "value" else which.label("error")
            ax.set_title(title, fontsize="medium")
            spans = [float(t[-1] - t[0]) if len(t) > 1 else 0.0 for t in series.ticks]
            square = all(spans) and 1 / 3 <= spans[0] / spans[1] <= 3
            ax.set_aspect("equal" if square else "auto")
            figure.colorbar(mesh, ax=ax, shrink=0.9)

    def update(k: int) -> None:
        for name, mesh in meshes.items():
            mesh.set_array(values[name][k].reshape(shape).T)

    return figure, update, list(meshes.values())
