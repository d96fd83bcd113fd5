"""Shapes that are not boxes: geometry, clouds, boundaries with normals, refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from pinnls import Ball, Box, Disk, Grid, Polygon, ProblemError, Random, Sobol, boundary_points
from pinnls.symbolic.shapes import InteriorRegion, SpaceTime

L_SHAPE = [(0, 0), (1, 0), (1, 0.5), (0.5, 0.5), (0.5, 1), (0, 1)]


def interior(shape, spec, seed=0, salt="pde"):
    return InteriorRegion(shape, None, shape.dim).sample(
        Box(**shape.bounds), spec, {}, seed=seed, salt=salt
    )


def test_disk_grid_keeps_its_spacing_and_lies_inside():
    disk = Disk((0.5, 0.5), 0.2)
    points = interior(disk, Grid(spacing=1 / 64))
    assert np.all(np.linalg.norm(points - 0.5, axis=1) <= 0.2)
    # the count is the disk's area over the cell area, to the cells the rim cuts (~2 pi r / h)
    assert abs(len(points) - math.pi * 0.04 * 64**2) < 2 * math.pi * 0.2 * 64


@pytest.mark.parametrize("kind", [Random, Sobol])
def test_random_and_sobol_give_n_points_inside_deterministically(kind):
    shape = Polygon(L_SHAPE)
    points = interior(shape, kind(300), seed=3)
    assert points.shape == (300, 2)
    assert np.all(shape.contains(points))
    assert not np.any((points[:, 0] > 0.5) & (points[:, 1] > 0.5))
    np.testing.assert_array_equal(points, interior(shape, kind(300), seed=3))
    assert not np.array_equal(points, interior(shape, kind(300), seed=4))


def test_disk_boundary_points_lie_on_the_circle_with_outward_normals():
    points, normals, labels = boundary_points(Disk((0.5, 0.5), 0.2), Grid(spacing=1 / 64))
    assert len(points) == round(2 * math.pi * 0.2 * 64)
    np.testing.assert_allclose(np.linalg.norm(points - 0.5, axis=1), 0.2, atol=1e-14)
    np.testing.assert_allclose(normals, (points - 0.5) / 0.2, atol=1e-14)
    assert set(labels) == {"Disk(center=(0.5, 0.5), radius=0.2)"}


def test_plate_with_hole_boundary_is_in_proportion_with_flipped_normals():
    plate = Box(x=(0, 1), y=(0, 1)) - Disk((0.5, 0.5), 0.2)
    points, normals, labels = boundary_points(plate, Random(4000), seed=1)
    on_hole = labels == "Disk(center=(0.5, 0.5), radius=0.2)"
    # pieces in proportion to their lengths: 4 against 2 pi 0.2 (binomial sd ~ 0.007)
    assert abs(on_hole.mean() - 0.4 * math.pi / (4 + 0.4 * math.pi)) < 0.03
    # the hole's normal points into the hole, out of the plate
    np.testing.assert_allclose(normals[on_hole], -(points[on_hole] - 0.5) / 0.2, atol=1e-12)
    left = labels == "x=0"
    np.testing.assert_array_equal(normals[left], [[-1.0, 0.0]] * int(left.sum()))
    # the normal found from a point alone (what compiled Neumann terms use) is the same
    region = plate.boundary.region(None)
    np.testing.assert_allclose(region.normals(points), normals, atol=1e-12)


def test_l_shape_boundary_length_and_normals():
    points, normals, labels = boundary_points(Polygon(L_SHAPE), Grid(spacing=1 / 100))
    assert len(points) == 400  # perimeter 4
    reentrant = labels == "Polygon edge 3"  # (1, 0.5) -> (0.5, 0.5): the top of the cut
    np.testing.assert_allclose(points[reentrant, 1], 0.5)
    np.testing.assert_array_equal(normals[reentrant], [[0.0, 1.0]] * int(reentrant.sum()))


def test_intersection_and_union_keep_only_the_outer_boundary():
    lens = Disk((0, 0), 1) & Disk((1, 0), 1)
    points, _, _ = boundary_points(lens, Random(500))
    assert np.all(np.abs(np.minimum(lens.first.depth(points), lens.second.depth(points))) < 1e-12)
    union = Disk((0, 0), 1) | Disk((1, 0), 1)
    points, _, _ = boundary_points(union, Random(500))
    assert np.all(np.linalg.norm(points, axis=1) >= 1 - 1e-9)
    assert np.all(np.linalg.norm(points - [1, 0], axis=1) >= 1 - 1e-9)


def test_nested_difference_flips_twice():
    ring_with_island = Disk((0, 0), 1) - (Disk((0, 0), 0.6) - Disk((0, 0), 0.3))
    points, normals, _ = boundary_points(ring_with_island, Random(2000))
    radius = np.linalg.norm(points, axis=1)
    radial = points / radius[:, None]
    middle = np.abs(radius - 0.6) < 1e-9
    assert middle.any() and (np.abs(radius - 0.3) < 1e-9).any()
    np.testing.assert_allclose(normals[middle], -radial[middle], atol=1e-12)
    np.testing.assert_allclose(normals[~middle], radial[~middle], atol=1e-12)


def test_ball_surface_points_and_normals():
    points, normals, _ = boundary_points(Ball((0, 0, 0), 2), Sobol(256))
    np.testing.assert_allclose(np.linalg.norm(points, axis=1), 2)
    np.testing.assert_allclose(normals, points / 2)
    # uniform over the area: the mean of z is near 0 (scrambled Sobol, 256 points)
    assert abs(points[:, 2].mean()) < 0.1


def test_space_time_boundary_has_time_and_zero_time_normal():
    domain = Disk((0, 0), 1) * Box(t=(0, 2))
    assert isinstance(domain, SpaceTime) and domain.axes == ("x", "y", "t")
    points, normals, _ = boundary_points(domain, Grid(spacing=0.1))
    assert len(points) == round(2 * math.pi / 0.1) * 20
    assert points[:, 2].min() > 0 and points[:, 2].max() < 2
    np.testing.assert_array_equal(normals[:, 2], 0.0)


def test_box_faces_are_labelled_and_the_time_faces_left_out():
    points, normals, labels = boundary_points(Box(x=(0, 1), y=(0, 2), t=(0, 1)), Grid(n=2))
    assert sorted(set(labels)) == ["x=0", "x=1", "y=0", "y=2"]
    np.testing.assert_array_equal(normals[labels == "y=2"], [[0.0, 1.0, 0.0]] * 4)


def test_axes_can_be_named():
    disk = Disk((0, 0), 1, axes=("r", "s"))
    assert disk.axes == ("r", "s")
    assert [str(n) for n in disk.normal] == ["n_r", "n_s"]


def test_where_selects_part_of_the_boundary():
    x, y = sp.symbols("x y")
    rim = (Box(x=(0, 1), y=(0, 1)) - Disk((0.5, 0.5), 0.2)).boundary.where(
        (x - 0.5) ** 2 + (y - 0.5) ** 2 < 0.3**2
    )
    points = rim.region(None).sample(None, Grid(spacing=1 / 64), {}, 0, "rim")
    assert len(points) == round(2 * math.pi * 0.2 * 64)


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Disk((0, 0), 0), "radius must be finite and > 0"),
        (lambda: Ball((0, 0, 0), -1), "radius must be finite and > 0"),
        (lambda: Disk((0, 0, 0), 1), "center must be 2"),
        (lambda: Polygon([(0, 0), (2, 2), (2, 0), (0, 1)]), "cross; a polygon must not cross"),
        (lambda: Polygon([(0, 0), (1, 0)]), "at least 3 vertices"),
        (lambda: Polygon([(0, 0), (1, 0), (2, 0)]), "encloses no area"),
        (lambda: Disk() - Disk(radius=2), "is empty"),
        (lambda: Disk((0, 0), 1) & Disk((5, 5), 1), "is empty"),
        (lambda: Disk() | Ball(), "cannot combine shapes on axes (x, y) and (x, y, z)"),
        (lambda: Disk() | Disk(axes=("x", "z")), "cannot combine shapes on axes"),
        (lambda: Disk() * Box(x=(0, 1)), "already an axis"),
        (lambda: Disk(axes=("x", "x")), "distinct axis names"),
        (lambda: Disk().boundary.where(sp.Symbol("x") > 5), "holds at no point"),
        (lambda: Disk().boundary.where(sp.Symbol("q") > 0), "uses 'q'"),
    ],
)
def test_bad_shapes_are_refused_in_one_line(make, message):
    with pytest.raises(ProblemError) as error:
        make()
    assert message in str(error.value) and "\n" not in str(error.value)


def test_the_shared_edge_of_two_touching_boxes_is_not_boundary():
    union = Box(x=(0, 1), y=(0, 1)) | Box(x=(1, 2), y=(0, 1))
    points, normals, _ = boundary_points(union, Grid(spacing=0.01))
    assert not np.any(np.isclose(points[:, 0], 1) & (points[:, 1] > 0) & (points[:, 1] < 1))
    assert len(points) == 600  # the perimeter of the 2 x 1 rectangle


def test_a_box_times_a_shape_says_to_write_the_shape_first():
    # Box(t=...) * Disk(...) said "a Box multiplies another Box (its time interval), got Disk"
    from pinnls import Box, Disk, ProblemError

    said = r"^a Box times a Disk: write the shape first, Disk\(\.\.\.\) \* Box\(t=\(\.\.\.\)\)"
    with pytest.raises(ProblemError, match=said):
        Box(t=(0, 1)) * Disk(center=(0, 0), radius=1)
    assert Disk(center=(0, 0), radius=1) * Box(t=(0, 1)) is not None  # the order that works
    with pytest.raises(ProblemError, match=r"multiplies another Box .*, got int"):
        Box(t=(0, 1)) * 3
