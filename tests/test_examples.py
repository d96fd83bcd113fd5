"""Smoke tests of the paper-reproduction scripts (examples/e*.py) in their --quick mode.

Each script must write its PNG and a JSON whose headline numbers are present and finite; the
full-mode numbers are recorded in docs/paper-reproduction.md, not checked here.
"""

import importlib.util
import json
import math
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

#: script -> keys under "results" (or top level) that the JSON must hold.
EXPECTED = {
    "e1_lsgd_vs_gd": {
        "results": [
            "LSGD (GD hidden step)",
            "LSGD (Adam hidden step)",
            "GD joint",
            "Adam joint",
        ]
    },
    "e2_box_images": {"results": ["plain/box/1", "resnet/he/4", "plain/glorot/2"]},
    "e3_deep_resnet": {"results": ["he/8", "box/8", "he/16", "box/16"]},
    "e4_advection_constant": {
        "results": ["GD joint", "LSGD (Adam hidden step)", "LSGD (GD hidden step)"]
    },
    "e5_advection_variable": {
        "width_study": ["relu/ls_only", "relu/lsgd", "tanh/ls_only", "tanh/lsgd"],
        "depth_study": ["depths", "iterations", "runs"],
    },
}

#: script -> (section, numeric field) that must be a finite number in every entry.
HEADLINE = {
    "e1_lsgd_vs_gd": ("results", "median_final_loss"),
    "e2_box_images": ("results", "fraction_2d"),
    "e3_deep_resnet": ("results", "median_final_loss"),
    "e4_advection_constant": ("results", "median_final_rel_l2"),
}


def load(name: str):
    spec = importlib.util.spec_from_file_location(f"examples_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def numbers(value):
    """Every number inside a JSON document."""
    if isinstance(value, dict):
        for item in value.values():
            yield from numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from numbers(item)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield value


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_quick_mode_writes_png_and_finite_json(name, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "path", [str(EXAMPLES), *sys.path])
    assert load(name).main(["--quick", "--out", str(tmp_path)]) == 0
    png, document_path = tmp_path / f"{name}.png", tmp_path / f"{name}.json"
    assert png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    document = json.loads(document_path.read_text())
    assert document["experiment"] == name
    assert "machine" in document and "settings" in document
    for section, keys in EXPECTED[name].items():
        assert set(keys) <= set(document[section]), (section, sorted(document[section]))
    # Non-finite values are written as null; every number present must be finite.
    assert all(math.isfinite(v) for v in numbers(document))
    if name in HEADLINE:
        section, field = HEADLINE[name]
        for key, entry in document[section].items():
            assert isinstance(entry[field], (int, float)), (key, entry[field])
    assert "|" in capsys.readouterr().out  # the summary table
    if name == "e5_advection_variable":
        for activation in ("relu", "tanh"):
            folder = tmp_path / f"e5_study_{activation}"
            assert {"study.json", "study.csv", "study.png"} <= {p.name for p in folder.iterdir()}
        for entry in document["width_study"].values():
            assert entry["failed"] == 0
            assert all(row["median"] is not None and row["median"] > 0 for row in entry["table"])
        for run in document["depth_study"]["runs"].values():
            assert math.isfinite(run["final_rel_l2"])
