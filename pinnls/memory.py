"""Memory planned before allocating: estimates of a run's peak and the memory available.

A run that cannot fit is refused before it allocates, in one line that states the estimate,
what is available and what to lower, instead of growing until the kernel or the allocator
kills it (after hours of training, or while writing their results).

The estimates count the large arrays only and round up, so a refusal means the run would not
fit; runs near the limit are still allowed (the estimate is not a guarantee that a run fits).
This module imports neither torch nor sympy, so ``pinnls check`` uses it too.
"""

from __future__ import annotations

import dataclasses
import math
import os
import resource
from collections.abc import Sequence
from pathlib import Path

from pinnls.errors import PinnlsError, SettingsError
from pinnls.registry import DTYPES

__all__ = [
    "MemoryPlanError",
    "Need",
    "available_bytes",
    "available_cores",
    "cloud_need",
    "describe_bytes",
    "require",
    "training_need",
    "chain_cells",
    "chain_of",
    "warn_processes",
    "writing_need",
    "EVALUATION_CHUNK",
]

#: Points a solution is evaluated at at once (:class:`~pinnls.solution.Solution` takes it from
#: here), so that evaluating a wide basis on a 3-D grid holds one chunk, which is what
#: :func:`writing_need` counts.
EVALUATION_CHUNK = 16_384


class MemoryPlanError(PinnlsError):
    """A run that cannot fit in the available memory; the message says what to lower."""


@dataclasses.dataclass(frozen=True)
class Need:
    """An estimated peak: the total and its largest part.

    Attributes
    ----------
    total : int
        Bytes.
    parts : tuple of (str, int, str)
        ``(what, bytes, what to lower)`` for each part, largest first.
    """

    total: int
    parts: tuple[tuple[str, int, str], ...]

    @classmethod
    def of(cls, parts: Sequence[tuple[str, float, str]]) -> Need:
        parts = sorted(((w, int(b), fix) for w, b, fix in parts), key=lambda p: -p[1])
        return cls(sum(p[1] for p in parts), tuple(parts))

    def __add__(self, other: Need) -> Need:
        return Need.of([*self.parts, *other.parts])


def describe_bytes(n: float) -> str:
    """``1.5 GB``-style text (powers of 1000, as ``free -h --si``)."""
    for unit, size in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{int(n)} B"


def available_bytes() -> tuple[int, str] | None:
    """The memory this process can still allocate, and where that number comes from.

    The smallest of ``MemAvailable`` in ``/proc/meminfo``, the cgroup's limit less its usage
    (cgroup v2 ``memory.max``, or v1 ``memory.limit_in_bytes``) and the address-space limit
    (``ulimit -v``) less the process's size.

    Returns
    -------
    (int, str) or None
        Bytes and the source's name; None where none of them can be read (not Linux).
    """
    found = []
    meminfo = _read_meminfo()
    if meminfo is not None:
        found.append((meminfo, "MemAvailable in /proc/meminfo"))
    cgroup = _cgroup_room()
    if cgroup is not None:
        found.append((cgroup, "the cgroup's memory limit"))
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        found.append((max(0, soft - _process_size()), "the address-space limit (ulimit -v)"))
    return min(found) if found else None


def available_cores() -> int | None:
    """The CPU cores this process may run on (its affinity mask where the system has one, else
    ``os.cpu_count()``); None where unknown."""
    try:
        return len(os.sched_getaffinity(0)) or None
    except (AttributeError, OSError):  # not Linux
        return os.cpu_count()


def warn_processes(nproc: int) -> None:
    """Warn, in one line (a :class:`~pinnls.errors.PinnlsWarning`), when ``nproc`` processes
    are more than the cores they can run on: the run goes ahead, but slower than with fewer
    processes (and a loaded machine can stretch its collectives towards their timeout)."""
    import warnings

    from pinnls.errors import PinnlsWarning

    cores = available_cores()
    if cores is not None and nproc > cores:
        warnings.warn(
            f"setting 'nproc' is {nproc}, but this process may run on {cores} CPU core(s); "
            f"the processes share them and the run is slower than with --nproc {cores}",
            PinnlsWarning,
            stacklevel=3,
        )


def require(need: Need, doing: str) -> None:
    """Refuse, in one line, a ``need`` that exceeds the available memory.

    Parameters
    ----------
    need : Need
    doing : str
        What needs it, e.g. ``"this run"``, for the message.

    Raises
    ------
    MemoryPlanError
        States the estimate, its largest part, the memory available and what to lower.
    """
    room = available_bytes()
    if room is None or need.total <= room[0]:
        return
    what, size, fix = need.parts[0]
    raise MemoryPlanError(
        f"{doing} needs about {describe_bytes(need.total)} of memory ({what}: "
        f"{describe_bytes(size)}) but {describe_bytes(room[0])} are available ({room[1]}); "
        f"{fix}"
    )


def cloud_need(count: int, dim: int, term: str) -> Need:
    """The points of one cloud: ``(count, dim)`` float64, drawn as a unit cloud and then
    placed on the box (two copies at once)."""
    return Need.of(
        [
            (
                f"the {count:.3g}-point cloud of term '{term}'",
                2 * 8 * count * max(dim, 1),
                "use a coarser grid or fewer points for it",
            )
        ]
    )


#: The automatic strategy's stages assemble chunks of at most this many matrix entries (1 GiB
#: in float64): one chunk up to about width 3000 at 6 points per column, the streamed path
#: beyond (:func:`stage_chunk_rows`).
CHUNK_ENTRIES = 2**27


def stage_chunk_rows(chunk_size: int, width: int, blocks: float = 1.0) -> int:
    """Rows per assembly chunk of a stage of the automatic strategy.

    Parameters
    ----------
    chunk_size : int
        The settings' rows per chunk (a bound the stage keeps).
    width : int
        The stage's width: ``blocks`` column blocks of ``width + 1`` per row.
    blocks : float
        Column blocks per row (1 but where a system's plane waves are solved one column each).

    Returns
    -------
    int
        ``min(chunk_size, max(256, CHUNK_ENTRIES // ((width + 1) * blocks)))``.
    """
    return min(chunk_size, max(256, int(CHUNK_ENTRIES // ((width + 1) * blocks))))


def training_need(compiled, settings, *, open_width: int, solved: int | None = None) -> Need:
    """The peak of training: the assembled chunk of the system and the least-squares factor.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
    open_width : int
        The width counted when the automatic strategy chooses it (its first stage's; the
        caller takes it from the strategy, which owns it).
    solved : int, optional
        The least squares' columns of a stage that solves a system's plane waves one column
        each (:mod:`pinnls.numeric.waves`): its chunk is assembled in these columns, one
        unknown's block of ``width + 1`` at a time (and, under the automatic strategy, its
        rows are :func:`stage_chunk_rows` of that many blocks), and its factor has these
        columns. The stages say it from the features they draw; the plan before a run from
        the settings (:func:`pinnls.run.prepare`).

    Returns
    -------
    Need
        The chunk: ``min(rows, chunk_size)`` rows (under the automatic strategy, but for a
        ReLU run, at most ``nproc`` times :func:`stage_chunk_rows`, as its smooth stages
        assemble) times ``width + 1`` columns for the basis and each derivative that an
        operator applies, kept for every layer only when a gradient step follows; the factor:
        a few ``(width + 1)^2`` matrices (the R factor and its SVD).
    """
    number = DTYPES.get(settings.dtype).bytes
    if settings.optimizer == "auto":
        width = settings.width or open_width
    else:
        width = settings.fixed().width
    depth = settings.depth
    # A system's unknowns each have a block of width + 1 columns; a stage of plane waves
    # writes its solved columns, next to one unknown's block being combined into them.
    spec = compiled.singular() if settings.singular else None
    # a shape's singular functions (Basis.set_singular) add their columns to the basis'
    size = (width + 1 + (0 if spec is None else len(spec))) * compiled.unknown_count
    chunk = size if solved is None else solved + width + 1
    factor = size if solved is None else solved
    rows = min(max(compiled.rows, 1), settings.chunk_size)
    if settings.optimizer == "auto" and settings.activation != "relu":
        # its smooth stages assemble chunks of this many rows (stage_chunk_rows), one per
        # process: a given width of 4096 on a 3-D advection-diffusion was refused here for a
        # chunk of 65536 rows (26 GB) that its stage, chunked at 32,760, never assembles. A
        # ReLU run (the LSGD stage at the given width) chunks by chunk_size, as counted above.
        blocks = 1.0 if solved is None else chunk / (width + 1)
        rows = min(rows, settings.nproc * stage_chunk_rows(settings.chunk_size, width, blocks))
    derivatives = 1 + max((len(term.parts) for term in compiled.terms), default=1)
    # Values and tangents of every layer are kept for the backward pass when gradient steps
    # follow; least squares alone (iterations 0, and every tanh stage of auto) holds one layer's
    # value and tangent at a time.
    steps = settings.iterations if settings.optimizer != "auto" else 0
    steps = settings.fixed().iterations if steps is None else steps
    graph = 2 * (depth + 1) if steps else 2
    cells = chain_cells(compiled, settings)
    if cells and not steps:
        return _chain_need(compiled, settings, width, cells, number)
    return Need.of(
        [
            (
                f"an assembled chunk of {rows} rows by {chunk} columns",
                number * rows * chunk * derivatives * graph,
                "lower --chunk-size or the width",
            ),
            (
                f"the least-squares factor of width {width}",
                number * 4 * factor * factor,
                "lower the width",
            ),
            (
                f"the network of width {width}, depth {depth}",
                number * 4 * ((depth - 1) * width * width + (compiled.dim + 2) * width),
                "lower the width or the depth",
            ),
        ]
    )


#: The local basis' transition width as a fraction of a cell (``pinnls.numeric.local.OVERLAP``,
#: which this layer does not import; tests/test_local_basis.py checks that they agree).
CHAIN_OVERLAP = 0.25


def chain_cells(compiled, settings) -> int:
    """K when the settings' local basis is a chain (one axis cut into K >= 2 pieces) that one
    process solves from its blocks (:func:`pinnls.training.chunks.chain_cells`); else 0."""
    if settings.subdomains is None or settings.nproc > 1 or settings.least_squares != "cod":
        return 0
    try:
        counts = settings.subdomain_counts(compiled.axes)
    except SettingsError:  # counts that do not fit the axes: refused when the basis is built
        return 0
    return chain_of(compiled, counts or (), settings.dtype)


def chain_of(compiled, counts: Sequence[int], dtype: str = "float64") -> int:
    """K when the cell counts per axis cut one axis only, into K >= 2 pieces, and no row
    reads two cells along it that are not neighbours (:func:`rows_apart`); else 0. The one
    reading of a chain, for the plan (:func:`chain_cells`) and the run
    (:func:`pinnls.training.chunks.chain_cells`, from the built basis' counts)."""
    cut = [(axis, int(c)) for axis, c in enumerate(counts) if int(c) > 1]
    if len(cut) != 1:
        return 0
    axis, cells = cut[0]
    return 0 if rows_apart(compiled, axis, cells, dtype) else cells


def rows_apart(compiled, axis: int, cells: int, dtype: str = "float64") -> bool:
    """Whether a row of some term reads the unknowns in two cells along ``axis`` (cut into
    ``cells``) that are not neighbours, which a chain's banded QR cannot hold: a periodic
    condition ``u(0) = u(1)`` across 3 cells or more, an unknown of fewer axes read at a fixed
    value of the cut axis far from the row's own. A point lies in the supports of the cells
    that :func:`pinnls.numeric.block_sparse.memberships` gives (transitions of
    :data:`CHAIN_OVERLAP` of a cell), in the run's ``dtype`` as it computes them (a point
    within float32 rounding of a transition's edge falls on the same side); a row reads its
    term's points under each of its parts' maps."""
    import numpy as np

    number = np.dtype(dtype).type
    lower, upper = number(compiled.lower[axis]), number(compiled.upper[axis])
    half = 0.5 * CHAIN_OVERLAP
    for term in compiled.terms:
        maps = {part.fixed: part for part in term.parts}
        if len(maps) < 2:  # one point per row: in one cell or two neighbours
            continue
        low = high = None
        for part in maps.values():
            at = part.evaluation_points(term.points)[:, axis].astype(number)
            y = (at - lower) / (upper - lower) * cells
            first = np.clip(np.floor(y - half), 0, cells - 1)
            last = np.clip(np.floor(y + half), 0, cells - 1)
            low = first if low is None else np.minimum(low, first)
            high = last if high is None else np.maximum(high, last)
        if np.any(high - low > 1):
            return True
    return False


def _chain_need(compiled, settings, width: int, cells: int, number: int) -> Need:
    """The peak of a chain's least-squares solve (:func:`pinnls.numeric.block_sparse.
    solve_chain`): each row lies in one cell's support or two (a fraction
    :data:`CHAIN_OVERLAP` of the rows, in the transitions), so the blocks hold
    ``(1 + CHAIN_OVERLAP) R F`` entries per unknown (F
    the features per cell); their truncated SVDs' U factors as many again, with the SVD's
    workspace of the largest block; the banded QR one group of rows at a time. Linear in K."""
    unknowns = compiled.unknown_count
    per_cell = -(-width // cells) * unknowns
    rows = max(compiled.rows, 1)
    stored = (1 + CHAIN_OVERLAP) * rows * per_cell
    largest = (1 + CHAIN_OVERLAP) * rows / cells * per_cell
    group = largest * 2 + (2 * per_cell) ** 2
    return Need.of(
        [
            (
                f"the blocks of {cells} cells of {per_cell} columns on {rows} rows",
                number * (2 * stored + 2 * largest + group),
                "lower the width",
            ),
            (
                f"the network of width {width}",
                number * 4 * (compiled.dim + 2) * width,
                "lower the width",
            ),
        ]
    )


def writing_need(compiled, settings, formats: Sequence[str], *, open_width: int) -> Need:
    """The peak of writing results: the evaluation grid and its fields.

    Parameters
    ----------
    compiled : CompiledProblem
    settings : Settings
    formats : sequence of str
        The formats written; the VTK writer holds a reordered copy of every field.
    open_width : int
        The width counted when the settings leave it to the strategy (a local basis' settings:
        the whole width, of which one cell's share is evaluated at a time).

    Returns
    -------
    Need
        The grid's points ``(n, d)`` and the fields ``u``, ``exact``, ``error`` (n,) each, with
        a copy of the fields for the HDF5 and VTK writers, and one evaluation chunk of the basis.
    """
    per_axis = settings.grid_points(compiled.dim)
    n = float(per_axis) ** compiled.dim
    fields = (3 if compiled.exact is not None else 1) * compiled.unknown_count
    copies = 2 + (1 if "vtk" in formats else 0)
    width = settings.width or open_width
    try:
        counts = settings.subdomain_counts(compiled.axes) or ()
    except SettingsError:  # refused when the basis is built
        counts = ()
    # A local basis is evaluated one cell at a time (pinnls.numeric.block_sparse.values).
    width = -(-width // math.prod(counts)) if counts else width
    number = DTYPES.get(settings.dtype).bytes
    return Need.of(
        [
            (
                f"the evaluation grid of {per_axis}^{compiled.dim} points",
                8 * n * (compiled.dim + copies * fields),
                f"lower --eval-points (now {per_axis})",
            ),
            (
                "one evaluation chunk of the basis",
                number * min(n, EVALUATION_CHUNK) * (width + 1) * 2 * (settings.depth + 1),
                "lower the width",
            ),
        ]
    )


def _read_meminfo() -> int | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _cgroup_room() -> int | None:
    """The cgroup's limit less its usage, or None without a limit."""
    pairs = (
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    )
    for limit_path, usage_path in pairs:
        try:
            limit = Path(limit_path).read_text().strip()
            usage = int(Path(usage_path).read_text().strip())
        except (OSError, ValueError):
            continue
        if limit == "max" or int(limit) >= 2**60:  # v1 writes "no limit" as a huge number
            return None
        return max(0, int(limit) - usage)
    return None


def _process_size() -> int:
    """The process's virtual size (what ``ulimit -v`` limits)."""
    try:
        for line in Path(f"/proc/{os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0
