"""Boxes, faces and seeded point clouds (pinnls.symbolic.domain)."""

import subprocess
import sys
import warnings

import numpy as np
import pytest

from pinnls import Box, Grid, ProblemError, Random, Sobol, UnknownFaceError
from pinnls.symbolic.domain import DEFAULT_POINTS, parse_points, sample

UNIT_SQUARE = Box(x=(0, 1), t=(0, 1))


# ------------------------------------------------------------------------------------ boxes


def test_box_keeps_axes_in_declaration_order():
    box = Box(x=(0, 1), y=(-1, 2), t=(0, 2))
    assert box.axes == ("x", "y", "t")
    assert box.lower == (0.0, -1.0, 0.0)
    assert box.upper == (1.0, 2.0, 2.0)
    assert box.dim == 3
    assert box.interval("y") == (-1.0, 2.0)
    assert box.describe() == "x in [0, 1], y in [-1, 2], t in [0, 2]"


@pytest.mark.parametrize(
    ("intervals", "message"),
    [
        ({}, "at least one axis"),
        ({"x": (1, 0)}, "finite lo < hi"),
        ({"x": (0, 0)}, "finite lo < hi"),
        ({"x": (0, float("inf"))}, "finite lo < hi"),
        ({"x": 1}, "must be an interval"),
        ({"x": ("a", "b")}, "must be an interval"),
        ({"x": (0, 1, 2)}, "must be an interval"),
    ],
)
def test_box_rejects_bad_intervals(intervals, message):
    with pytest.raises(ProblemError, match=message):
        Box(**intervals)


def test_face_fixes_the_named_axes_by_index():
    box = Box(x=(0, 1), y=(0, 1), t=(0, 2))
    face = box.face(t=0, x=1)
    assert face.fixed == ((0, 1.0), (2, 0.0))  # sorted by axis index
    assert face.describe() == "x=1, t=0"


def test_face_of_a_missing_axis_lists_the_axes():
    with pytest.raises(UnknownFaceError, match=r"there is no axis 'z'; the axes are x, t"):
        UNIT_SQUARE.face(z=0)


def test_face_outside_the_interval_names_axis_and_interval():
    with pytest.raises(UnknownFaceError, match=r"at x=2, outside x in \[0, 1\]"):
        UNIT_SQUARE.face(x=2)


def test_face_needs_an_axis():
    with pytest.raises(ProblemError, match="at least one axis"):
        UNIT_SQUARE.face()


def test_face_value_within_rounding_of_an_end_is_snapped_onto_it():
    face = UNIT_SQUARE.face(x=1 + 1e-15)
    assert face.fixed == ((0, 1.0),)


# ------------------------------------------------------------------------------ grid clouds


def test_default_cloud_is_the_cell_centred_grid_of_spacing_1_64():
    assert DEFAULT_POINTS == Grid(spacing=1 / 64)
    points = sample(UNIT_SQUARE, DEFAULT_POINTS)
    assert points.shape == (4096, 2)
    assert points.dtype == np.float64
    centres = (np.arange(64) + 0.5) / 64
    for axis in range(2):
        np.testing.assert_allclose(np.unique(points[:, axis]), centres, rtol=0, atol=1e-15)


def test_grid_cells_never_touch_the_boundary():
    points = sample(UNIT_SQUARE, Grid(spacing=1 / 8))
    assert np.all(points > 0) and np.all(points < 1)


def test_grid_spacing_gives_round_length_over_spacing_cells_per_axis():
    box = Box(x=(0, 2), t=(0, 0.5))
    points = sample(box, Grid(spacing=0.25))
    assert len(np.unique(points[:, 0])) == 8
    assert len(np.unique(points[:, 1])) == 2
    assert points.shape == (16, 2)


def test_grid_count_per_axis():
    box = Box(x=(0, 1), y=(0, 1), t=(0, 2))
    assert sample(box, Grid(n=4)).shape == (64, 3)
    points = sample(box, Grid(n=(2, 3, 5)))
    assert points.shape == (30, 3)
    assert [len(np.unique(points[:, i])) for i in range(3)] == [2, 3, 5]


def test_grid_count_must_match_the_free_axes():
    with pytest.raises(ProblemError, match=r"gives 3 counts for 2 free axes"):
        sample(UNIT_SQUARE, Grid(n=(2, 3, 4)))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "exactly one of"),
        ({"spacing": 0.1, "n": 4}, "exactly one of"),
        ({"spacing": 0}, "spacing must be > 0"),
        ({"spacing": -0.5}, "spacing must be > 0"),
        ({"n": 0}, "positive integers"),
        ({"n": (4, 0)}, "positive integers"),
        ({"n": 2.5}, "positive integers"),
        ({"n": ()}, "positive integers"),
        ({"n": True}, "positive integers"),
        ({"n": "8"}, "positive integers"),
        ({"spacing": "fine"}, "spacing must be > 0"),
        ({"spacing": float("nan")}, "spacing must be > 0"),
    ],
)
def test_grid_rejects_bad_specs(kwargs, message):
    with pytest.raises(ProblemError, match=message):
        Grid(**kwargs)


def test_grid_counts_are_stored_as_ints():
    assert Grid(n=4.0).n == 4
    assert Grid(n=[2, 3.0]).n == (2, 3)


# --------------------------------------------------------------------- random and sobol clouds


@pytest.mark.parametrize("spec", [Random(500), Sobol(512)], ids=["random", "sobol"])
def test_seeded_cloud_is_reproducible_and_depends_on_seed_and_salt(spec):
    box = Box(x=(0, 1), y=(-1, 1), t=(0, 2))
    first = sample(box, spec, seed=3, salt="pde")
    assert first.shape == (spec.n, 3)
    np.testing.assert_array_equal(first, sample(box, spec, seed=3, salt="pde"))
    assert not np.allclose(first, sample(box, spec, seed=4, salt="pde"))
    assert not np.allclose(first, sample(box, spec, seed=3, salt="initial"))
    assert np.all(first >= np.array(box.lower)) and np.all(first <= np.array(box.upper))
    # The cloud fills the box rather than a corner of it.
    assert np.all(first.max(axis=0) - first.min(axis=0) > 0.9 * (np.subtract(box.upper, box.lower)))


def test_sobol_cloud_of_a_power_of_two_is_stratified_along_every_axis():
    # A scrambled Sobol set of 2**m points is a (t, m, s)-net: each axis alone puts exactly one
    # point in each of the 2**m equal cells. Random points almost never do (probability
    # 128!/128**128), so this tells a Sobol cloud from a random one whatever the seed.
    box = Box(x=(0, 1), y=(0, 1), t=(0, 1))
    points = sample(box, Sobol(128), seed=7, salt="pde")
    for axis in range(3):
        cells = np.floor(points[:, axis] * 128).astype(int)
        assert sorted(cells) == list(range(128))


def test_sobol_cloud_of_any_count_is_a_prefix_of_the_sequence_without_a_warning():
    box = Box(x=(0, 1), t=(0, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # scipy's balance warning must not reach the user
        first = sample(box, Sobol(100), seed=3, salt="pde")
    assert first.shape == (100, 2)
    np.testing.assert_array_equal(first, sample(box, Sobol(128), seed=3, salt="pde")[:100])


def test_sobol_clouds_import_no_torch():
    code = (
        "import sys; from pinnls.symbolic.domain import Box, Sobol, sample; "
        "sample(Box(x=(0, 1)), Sobol(10)); assert 'torch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("cls", [Random, Sobol])
@pytest.mark.parametrize("n", [0, -3, 2.5, True, "10"])
def test_random_and_sobol_need_a_positive_integer(cls, n):
    with pytest.raises(ProblemError, match=r"needs a positive integer n"):
        cls(n)


@pytest.mark.parametrize(
    "spec", [Grid(spacing=1 / 16), Grid(n=5), Random(100), Sobol(128)], ids=repr
)
def test_face_cloud_varies_only_the_free_axes_and_lies_on_the_face(spec):
    box = Box(x=(0, 1), y=(0, 2), t=(0, 3))
    points = sample(box, spec, fixed={1: 2.0}, seed=1, salt="top")
    assert np.all(points[:, 1] == 2.0)
    for free in (0, 2):
        assert len(np.unique(points[:, free])) > 1
        assert np.all(points[:, free] >= box.lower[free])
        assert np.all(points[:, free] <= box.upper[free])


def test_face_grid_counts_only_the_free_axes():
    points = sample(UNIT_SQUARE, DEFAULT_POINTS, fixed={1: 0.0})
    assert points.shape == (64, 2)
    np.testing.assert_allclose(points[:, 0], (np.arange(64) + 0.5) / 64, rtol=0, atol=1e-15)


def test_a_corner_is_a_single_point():
    points = sample(UNIT_SQUARE, Random(10), fixed={0: 1.0, 1: 0.0})
    np.testing.assert_array_equal(points, [[1.0, 0.0]])


# ------------------------------------------------------------------------------ text specs


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("grid:1/64", Grid(spacing=1 / 64)),
        ("grid:0.25", Grid(spacing=0.25)),
        ("grid:n=32", Grid(n=32)),
        ("grid:n=8x4", Grid(n=(8, 4))),
        ("random:1000", Random(1000)),
        ("Sobol:1024", Sobol(1024)),
    ],
)
def test_parse_points_reads_text_specs(text, spec):
    assert parse_points(text) == spec


def test_parse_points_passes_spec_objects_through():
    spec = Random(7)
    assert parse_points(spec) is spec


@pytest.mark.parametrize("text", ["grid:abc", "random:many", "mesh:4", "sobol:"])
def test_parse_points_rejects_unreadable_text_with_the_forms_allowed(text):
    with pytest.raises(ProblemError, match=r"cannot read points .*'grid:1/64'"):
        parse_points(text)


@pytest.mark.parametrize("spec", [100, None, "random", (0.1,)])
def test_parse_points_rejects_non_specs(spec):
    with pytest.raises(ProblemError, match=r"points must be Grid\(\.\.\.\), Random\(n\) or Sobol"):
        parse_points(spec)
