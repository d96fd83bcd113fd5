"""Reading mesh files for :class:`pinnls.symbolic.shapes.Mesh` (issue 24, item 5), and the
grouping of a planar mesh's boundary edges into loops.

Two kinds of mesh make a shape, both read with pyvista (no other dependency):

- a planar triangulation (``.vtu``, ``.vtk``, ``.vtp``, ``.stl``, ``.ply`` whose points all have
  the same z; polygons and quads are triangulated): a 2-D shape on axes ``("x", "y")``. Its
  boundary is the triangles' edges that belong to one triangle only, each with the outward
  normal taken from that triangle, grouped into closed loops (the outline and each hole);
- a closed triangulated surface (``.stl`` and the others; a volume mesh's outer surface): a
  3-D shape on ``("x", "y", "z")``, its boundary the triangles, normals oriented outwards.

The shape (in :mod:`pinnls.symbolic.shapes`, beside the other primitives) keeps only its
arrays (points and triangles) and the file's path, so that it pickles for ``--nproc`` and goes
into result files (``Mesh.to_json``); VTK objects are rebuilt on demand. The inside test of a
planar mesh is a ray-parity count over its boundary edges (the same as locating the point in a
triangle for a mesh whose triangles do not overlap, and vectorised); a surface's signed
distance is VTK's ``vtkImplicitPolyDataDistance``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pinnls.errors import ProblemError

__all__ = ["FORMATS", "boundary_loops", "read_mesh"]

#: The suffixes pyvista reads into a triangulation here.
FORMATS = (".vtu", ".vtk", ".vtp", ".stl", ".ply")
#: Point-edge pairs per block of the 2-D distance (bounds the memory of one block).
_BLOCK = 500_000


def boundary_loops(edges: np.ndarray, count: int) -> np.ndarray:
    """The connected group (0, 1, ...) of each boundary edge (m, 2), by union-find on the
    vertices."""
    parent = np.arange(count)

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[ra] = rb
    roots = np.array([root(a) for a in edges[:, 0]])
    _, group = np.unique(roots, return_inverse=True)
    return group.astype(np.int64)


def read_mesh(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The points, (p, 2) for a planar mesh or (p, 3), and triangles (m, 3) of a mesh file."""
    suffix = path.suffix.lower()
    formats = ", ".join(FORMATS)
    if suffix == ".msh":
        raise ProblemError(
            f"Mesh: {path}: .msh (Gmsh) files need meshio, which is not installed; export the "
            f"mesh from Gmsh as one of {formats}"
        )
    if suffix not in FORMATS:
        raise ProblemError(f"Mesh: {path}: unknown format '{suffix}'; use one of {formats}")
    if not path.is_file():
        raise ProblemError(f"Mesh: {path}: no such file")
    if path.stat().st_size == 0:
        raise ProblemError(f"Mesh: {path} is empty")
    import pyvista
    from vtkmodules.vtkCommonCore import vtkObject

    # A file VTK cannot parse gives an empty mesh and a flood of VTK messages: silence them
    # and refuse the empty result below, in one line.
    shown = vtkObject.GetGlobalWarningDisplay()
    vtkObject.GlobalWarningDisplayOff()
    try:
        with pyvista.vtk_verbosity("off"):
            mesh = pyvista.read(path)
    except Exception as error:  # noqa: BLE001 - any reader failure is the file's
        raise ProblemError(f"Mesh: {path}: cannot read it ({error})") from None
    finally:
        vtkObject.SetGlobalWarningDisplay(shown)
    if isinstance(mesh, pyvista.MultiBlock) or not hasattr(mesh, "extract_surface"):
        raise ProblemError(f"Mesh: {path}: holds several blocks; save one mesh per file")
    if mesh.n_cells == 0:
        raise ProblemError(f"Mesh: {path}: cannot read a mesh from it (no cells)")
    points3 = np.asarray(mesh.points, dtype=np.float64)
    scale = float(np.max(np.ptp(points3, axis=0)))
    planar = float(np.ptp(points3[:, 2])) <= 1e-9 * max(scale, 1e-300)
    # coincident points merged, so that a disk's centre or a seam is not an edge of the boundary
    surface = mesh.extract_surface(algorithm="dataset_surface").clean().triangulate()
    faces = np.asarray(surface.faces).reshape(-1, 4)[:, 1:]
    if not len(faces):
        raise ProblemError(f"Mesh: {path}: holds no triangles or polygons")
    points = np.asarray(surface.points, dtype=np.float64)
    if planar:
        points = points[:, :2]
    a, b, c = (points[faces[:, i]] for i in range(3))
    if planar:
        u, v = b - a, c - a
        area = 0.5 * np.abs(u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0])
    else:
        area = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1)
    faces = faces[area > 1e-14 * max(scale, 1e-300) ** 2]
    if not len(faces):
        raise ProblemError(f"Mesh: {path}: its triangles enclose no area")
    used, faces = np.unique(faces, return_inverse=True)
    return points[used], faces.reshape(-1, 3).astype(np.int64)
