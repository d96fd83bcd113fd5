"""Data files read strictly: a repeated column, a row longer than the header, complex numbers,
a file that is not an .npz archive are refused in one line naming the culprit; row numbers are
the file's lines (blank lines counted); a UTF-8 byte-order mark is read."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

from pinnls import GridFunction, ProblemError
from pinnls.symbolic.data import read_observations, read_reference

BOX = ((0.0, 0.0), (1.0, 1.0))


def read(path: Path):
    """The observations of ``path`` for a term 'obs' on x, t in [0, 1]^2, warnings as errors
    (a value cut silently, as numpy's ComplexWarning, must not pass)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return read_observations(path.name, None, None, ("x", "t"), *BOX, None, path.parent, "obs")


def refused(path: Path) -> str:
    with pytest.raises(ProblemError) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"data 'obs': {path}")
    return message


def test_a_repeated_header_column_is_refused_naming_it(tmp_path):
    path = tmp_path / "sensors.csv"
    path.write_text("x,t,value,x\n0.2,0.5,0.1,0.9\n")
    message = refused(path)
    assert "column 'x'" in message and "2 times" in message and "line 1" in message
    path.write_text("value,x,t,value\n0.1,0.2,0.5,0.3\n")
    assert "column 'value'" in refused(path)
    # a repeated column that is not read (another column, an empty trailing one) is harmless
    path.write_text("x,t,value,note,note,,\n0.2,0.5,0.1,a,b,,\n")
    assert read(path).values.tolist() == [0.1]


def test_a_row_with_more_fields_than_the_header_is_refused_naming_the_line(tmp_path):
    path = tmp_path / "sensors.csv"
    path.write_text("x,t,value\n0.2,0.5,0.1\n0.3,0.4,0.2,9\n")
    assert "sensors.csv row 3 has 4 columns; the header has 3" in refused(path)
    # empty cells past the header (a logger's trailing comma) are read as the row they end
    path.write_text("x,t,value\n0.2,0.5,0.1,\n0.3,0.4,0.2, ,\n")
    assert read(path).values.tolist() == [0.1, 0.2]
    path.write_text("x,t,value\n0.2,0.5,0.1,,7\n")  # but not a value among them
    assert "sensors.csv row 2 has 5 columns; the header has 3" in refused(path)


@pytest.mark.parametrize("name", ["points", "values"])
def test_complex_npz_arrays_are_refused_naming_the_array(name, tmp_path):
    arrays = {"points": np.array([[0.2, 0.5], [0.3, 0.4]]), "values": np.array([0.1, 0.2])}
    arrays[name] = arrays[name] + 1j
    np.savez(tmp_path / "sensors.npz", **arrays)
    message = refused(tmp_path / "sensors.npz")
    assert f"array '{name}' holds complex numbers (complex128)" in message
    # an imaginary part of zero is still a complex array: refused, never cast
    arrays[name] = arrays[name].real + 0j
    np.savez(tmp_path / "sensors.npz", **arrays)
    assert f"array '{name}' holds complex" in refused(tmp_path / "sensors.npz")


@pytest.mark.parametrize("name", ["points", "values"])
def test_complex_arrays_given_as_points_and_values_are_refused(name):
    arrays = {"points": np.array([[0.2, 0.5]]), "values": np.array([0.1])}
    arrays[name] = arrays[name] + 1j
    with warnings.catch_warnings(), pytest.raises(ProblemError) as caught:
        warnings.simplefilter("error")
        read_observations(None, *arrays.values(), ("x", "t"), *BOX, None, Path("."), "obs")
    assert f"{name}= holds complex numbers" in str(caught.value)


BLANK_LINES = "x,t,value\n0.2,0.5,0.1\n\n\n\n"  # line 6 is the next row


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("1.5,0.4,0.2", "sensors.csv row 6: x=1.5 is outside x in [0, 1]"),
        ("0.3,nan,0.2", "sensors.csv row 6: a value is not finite (x=0.3, t=nan, value=0.2)"),
        ("0.3,0.4,abc", "sensors.csv row 6: value='abc' is not a number"),
        ("0.3,0.4", "sensors.csv row 6 has 2 columns; the header has 3"),
        ("0.3,0.4,0.2,9", "sensors.csv row 6 has 4 columns; the header has 3"),
        (",,\n0.3,0.4,abc", "sensors.csv row 7: value='abc' is not a number"),
    ],
)
def test_row_numbers_are_the_file_lines_with_blank_lines_counted(row, message, tmp_path):
    path = tmp_path / "sensors.csv"
    path.write_text(BLANK_LINES + row + "\n")
    assert message in refused(path)
    # blank lines before the header and CRLF endings count the same way
    path.write_bytes(("\n" + BLANK_LINES + row + "\n").replace("\n", "\r\n").encode())
    assert re.sub(r"row (\d+)", lambda m: f"row {int(m[1]) + 1}", message) in refused(path)


def test_row_numbers_of_references_and_grids_are_the_file_lines(tmp_path):
    (tmp_path / "fem.csv").write_text(BLANK_LINES + "0.3,0.4,nan\n")
    with pytest.raises(ProblemError, match=r"^reference: .*fem\.csv row 6: a value is not fin"):
        read_reference("fem.csv", ("u",), ("x", "t"), *BOX, tmp_path)
    (tmp_path / "fem.csv").write_text(BLANK_LINES + "0.3,1.4,1\n")
    with pytest.raises(ProblemError, match=r"fem\.csv row 6: t=1.4 is outside"):
        read_reference("fem.csv", ("u",), ("x", "t"), *BOX, tmp_path)
    (tmp_path / "kappa.csv").write_text("x,y,value\n0,0,1\n1,0,1\n\n0,1,nan\n1,1,1\n")
    with pytest.raises(ProblemError, match=r"kappa\.csv row 5: a value is not finite"):
        GridFunction(tmp_path / "kappa.csv", axes=sp.symbols("x y"))


def test_a_file_that_is_not_an_npz_archive_is_refused_plainly(tmp_path):
    path = tmp_path / "sensors.npz"
    path.write_text("x,t,value\n0.2,0.5,0.1\n")
    message = refused(path)
    assert "is not a NumPy .npz archive" in message and "pickle" not in message
    np.save(tmp_path / "array.npy", np.zeros((2, 3)))
    (tmp_path / "array.npy").rename(path)
    message = refused(path)
    assert "is a .npy array, not an .npz archive with named arrays" in message
    path.write_bytes(b"")
    assert "is not a NumPy .npz archive" in refused(path)
    # an archive of pickled objects: named, never loaded, no hint at allow_pickle
    points = np.empty((1, 2), dtype=object)
    points[0] = [0.2, 0.5]
    np.savez(path, points=points, values=np.array([0.1]))
    message = refused(path)
    assert "array 'points' holds Python objects" in message and "allow_pickle" not in message


def test_a_utf8_byte_order_mark_before_the_header_is_read(tmp_path):
    path = tmp_path / "sensors.csv"
    path.write_text("x,t,value\n0.2,0.5,0.1\n0.3,0.4,0.2\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    observations = read(path)
    np.testing.assert_array_equal(observations.points, [[0.2, 0.5], [0.3, 0.4]])
    np.testing.assert_array_equal(observations.values, [0.1, 0.2])
    # and with the columns in another order, the first one carrying the mark
    path.write_text("t,value,x\n0.5,0.1,0.2\n", encoding="utf-8-sig")
    np.testing.assert_array_equal(read(path).points, [[0.2, 0.5]])


def test_a_point_just_outside_is_written_with_every_digit(tmp_path):
    # 1.0000000001 was written "x=1 is outside x in [0, 1]"
    path = tmp_path / "sensors.csv"
    path.write_text("x,t,value\n0.2,0.5,0.1\n1.0000000001,0.4,0.2\n")
    message = refused(path)
    assert message.endswith("row 3: x=1.0000000001 is outside x in [0, 1]"), message
    path.write_text("x,t,value\n1.5,0.4,0.2\n")
    assert refused(path).endswith("row 2: x=1.5 is outside x in [0, 1]")
