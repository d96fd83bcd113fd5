"""``solution.xdmf``: an XDMF 3 sidecar so that ParaView (and VisIt) open ``solution.h5``.

The sidecar holds no numbers of its own; it points at the HDF5 datasets:

- two axes: a structured mesh (``2DSMesh``) whose geometry is ``/grid/points``, so the
  problem's axes land on X and Y in order, as in ``solution.vtr``;
- three axes: hexahedra (``Hexahedron`` topology, the point indices in ``/mesh/hexahedra``)
  on the geometry ``/grid/points``, so that X, Y, Z are the axes in order (for ``u(x, y, t)``:
  X = x, Y = y, Z = t) *and* every cell has a positive volume. A structured ``3DSMesh`` over the
  C-order arrays steps fastest along the last axis: its cells are left-handed (negative
  volumes), and a ``3DRectMesh`` would put the last axis on X, transposing the picture;
- one axis: a ``2DRectMesh`` one point thick, with ``/grid/<axis>`` as X and Y = 0 inline;
- more than three axes: nothing (logged).

The fields ``/fields/u``, ``/fields/exact`` and ``/fields/error`` (for a system, those of each
unknown: ``/fields/p``, ``/fields/p_exact``, ``/fields/p_error``, ...) are node-centred
scalars, named as their datasets. The
grid has one ``Time`` (0): VTK's XDMF reader, which ``pyvista.read`` uses, needs a time, while
the problem's time axis, if any, is a coordinate of the mesh (``solution.pvd`` is the time
series).
"""

from __future__ import annotations

import logging
import os
import xml.etree.ElementTree as ElementTree
from pathlib import Path

from pinnls.io.atomic import write_text_atomic

__all__ = ["write_xdmf", "xdmf_text", "HEXAHEDRA"]

log = logging.getLogger(__name__)

_FIELDS = ("u", "exact", "error")

#: The dataset of the hexahedra of a three-axis grid in ``solution.h5``.
HEXAHEDRA = "/mesh/hexahedra"


def _data_item(
    parent: ElementTree.Element, reference: str, dimensions, number: str = "Float"
) -> ElementTree.Element:
    item = ElementTree.SubElement(
        parent,
        "DataItem",
        Dimensions=" ".join(str(int(n)) for n in dimensions),
        NumberType=number,
        Precision="8",
        Format="HDF",
    )
    item.text = reference
    return item


def xdmf_text(
    h5_name: str,
    axes: tuple[str, ...] | list[str],
    shape: tuple[int, ...],
    fields: tuple[str, ...] | list[str] = _FIELDS,
    name: str = "solution",
) -> str | None:
    """The XDMF document for a ``solution.h5`` with the given layout.

    Parameters
    ----------
    h5_name : str
        The HDF5 file as the sidecar refers to it (relative to the sidecar's directory).
    axes : sequence of str
        Axis names; ``/grid/<axis>`` and ``/grid/points`` (and for three axes
        :data:`HEXAHEDRA`) must exist in the HDF5 file.
    shape : tuple of int
        Points per axis (m_1, ..., m_d).
    fields : sequence of str
        The datasets under ``/fields`` to expose.
    name : str
        The grid's name in ParaView.

    Returns
    -------
    str or None
        The XML text, or None when there are more than three axes.
    """
    d = len(axes)
    if d > 3 or d < 1:
        return None
    root = ElementTree.Element("Xdmf", Version="3.0")
    root.set("xmlns:xi", "http://www.w3.org/2001/XInclude")
    domain = ElementTree.SubElement(root, "Domain")
    grid = ElementTree.SubElement(domain, "Grid", Name=name, GridType="Uniform")
    ElementTree.SubElement(grid, "Time", Value="0")
    total = 1
    for m in shape:
        total *= int(m)
    if d == 1:
        dimensions = (1, shape[0])
        ElementTree.SubElement(
            grid, "Topology", TopologyType="2DRectMesh", Dimensions=f"1 {shape[0]}"
        )
        geometry = ElementTree.SubElement(grid, "Geometry", GeometryType="VXVY")
        _data_item(geometry, f"{h5_name}:/grid/{axes[0]}", (shape[0],))
        zero = ElementTree.SubElement(
            geometry, "DataItem", Dimensions="1", NumberType="Float", Precision="8", Format="XML"
        )
        zero.text = "0"
    elif d == 3:
        dimensions = tuple(shape)
        cells = 1
        for m in shape:
            cells *= max(int(m) - 1, 0)
        topology = ElementTree.SubElement(
            grid, "Topology", TopologyType="Hexahedron", NumberOfElements=str(cells)
        )
        _data_item(topology, f"{h5_name}:{HEXAHEDRA}", (cells, 8), number="Int")
        geometry = ElementTree.SubElement(grid, "Geometry", GeometryType="XYZ")
        _data_item(geometry, f"{h5_name}:/grid/points", (total, d))
    else:
        dimensions = tuple(shape)
        ElementTree.SubElement(
            grid,
            "Topology",
            TopologyType=f"{d}DSMesh",
            Dimensions=" ".join(str(int(m)) for m in shape),
        )
        geometry = ElementTree.SubElement(grid, "Geometry", GeometryType="XYZ"[:d])
        _data_item(geometry, f"{h5_name}:/grid/points", (total, d))
    for field in fields:
        attribute = ElementTree.SubElement(
            grid, "Attribute", Name=field, AttributeType="Scalar", Center="Node"
        )
        _data_item(attribute, f"{h5_name}:/fields/{field}", dimensions)
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE Xdmf SYSTEM "Xdmf.dtd" []>\n' + body


def write_xdmf(
    path: str | os.PathLike,
    h5_path: str | os.PathLike,
    axes: tuple[str, ...] | list[str],
    shape: tuple[int, ...],
    fields: tuple[str, ...] | list[str] = _FIELDS,
    name: str = "solution",
) -> Path | None:
    """Write the XDMF sidecar of an HDF5 result atomically.

    Parameters
    ----------
    path : path-like
        The ``.xdmf`` file to write.
    h5_path : path-like
        The HDF5 file it describes; referred to by its name relative to ``path``'s directory
        (so the two files move together).
    axes, shape, fields, name
        See :func:`xdmf_text`.

    Returns
    -------
    Path or None
        ``path``, or None when there are more than three axes (a warning is logged).
    """
    path = Path(path)
    reference = os.path.relpath(Path(h5_path).resolve(), path.resolve().parent)
    text = xdmf_text(Path(reference).as_posix(), axes, shape, fields, name)
    if text is None:
        log.warning(
            f"solution.xdmf is not written: the problem has {len(axes)} axes "
            f"({', '.join(axes)}) and XDMF meshes have at most 3"
        )
        return None
    return write_text_atomic(path, text)
