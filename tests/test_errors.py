"""pinnls.errors.warn: the library's warnings point at the caller's line outside pinnls."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pinnls
from pinnls.errors import PinnlsWarning, warn

PACKAGE = Path(pinnls.__file__).resolve().parent

#: A module whose ``call()`` warns at its line 5, and whose ``call(then)`` calls ``then()``.
CALLER = """\
from pinnls.errors import warn

def call(then=None):
    if then is None:
        warn("from inside")
    else:
        then()
"""


def caught(action) -> list[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        action()
    return records


def module_at(path: Path) -> dict:
    """CALLER run as if it were the file ``path`` (nothing is written there)."""
    namespace: dict = {}
    exec(compile(CALLER, str(path), "exec"), namespace)
    return namespace


def test_a_warning_from_inside_pinnls_points_at_the_first_frame_outside():
    # Two frames of pinnls (the helper's caller and its caller) between warn and this file.
    inner = module_at(PACKAGE / "training" / "pretend.py")
    outer = module_at(PACKAGE / "numeric" / "pretend.py")
    line = inspect.currentframe().f_lineno + 1
    (record,) = caught(lambda: outer["call"](inner["call"]))
    assert record.category is PinnlsWarning and str(record.message) == "from inside"
    assert (record.filename, record.lineno) == (__file__, line)


def test_a_bundled_problem_file_is_user_code():
    # example:NAME runs a file under pinnls/problems/; a warning there points at that file.
    path = PACKAGE / "problems" / "pretend.py"
    (record,) = caught(module_at(path)["call"])
    assert (record.filename, record.lineno) == (str(path), 5)


def test_the_category_can_be_given():
    line = inspect.currentframe().f_lineno + 1
    (record,) = caught(lambda: warn("rounding", RuntimeWarning))
    assert record.category is RuntimeWarning
    assert (record.filename, record.lineno) == (__file__, line)


def test_declared_at_names_the_callers_file_and_line_or_none_without_a_file():
    # From a pinnls-side frame (a file under pinnls/) called by this file: this line.
    inside: dict = {}
    code = "from pinnls.errors import declared_at\ndef where():\n    return declared_at()\n"
    exec(compile(code, str(PACKAGE / "symbolic" / "pretend.py"), "exec"), inside)
    line = inspect.currentframe().f_lineno + 1
    assert inside["where"]() == f"{__file__}:{line}"
    # Code without a file (<stdin>, a string): no location.
    outside: dict = {}
    exec(compile(code + "here = where()\n", "<string>", "exec"), outside)
    assert outside["here"] is None
