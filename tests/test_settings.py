"""The settings schema, the registries of names, and the validation of setting values.

The flag tests are generated from ``dataclasses.fields(Settings)``, so a new setting is tested
the moment it is declared.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import subprocess
import sys

import pytest
import torch
from helpers import ROOT

from pinnls.cli import main
from pinnls.cli.common import add_setting_flags, flag_values, setting_fields, settings_from
from pinnls.errors import SettingsError
from pinnls.numeric.basis import Basis
from pinnls.numeric.initialization import initialize
from pinnls.numeric.least_squares import StreamingLeastSquares, least_squares
from pinnls.registry import (
    ACTIVATIONS,
    ARCHITECTURES,
    INITIALIZATIONS,
    LEAST_SQUARES,
    STRATEGIES,
    Registry,
)
from pinnls.settings import SEED_RANGE, Settings, spec_of

TINY = """\
import sympy as sp
from pinnls import Box, Problem

x, t = sp.symbols("x t")
u = sp.Function("u")
problem = Problem(u(x, t), Box(x=(0, 1), t=(0, 1)), name="tiny")
problem.equation("pde", sp.Eq(u(x, t).diff(t) + u(x, t).diff(x), 0), points="grid:1/8")
problem.condition("initial", sp.Eq(u(x, 0), sp.sin(x)), points="grid:1/8")
problem.condition("inflow", sp.Eq(u(0, t), sp.sin(-t)), points="grid:1/8")
"""

FIELDS = [f for f in dataclasses.fields(Settings) if f.name != "terms"]
CHOICE_FIELDS = [f for f in FIELDS if spec_of(f).choices is not None]


def shown(value) -> str:
    return (
        "none" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    )


def help_text(command: str, capsys, monkeypatch) -> str:
    # Wide enough that argparse wraps no help line (it would break at hyphens too).
    monkeypatch.setenv("COLUMNS", "1000")
    assert main([command, "--help"]) == 0
    return capsys.readouterr().out


def parse(*argv: str, file_settings=None) -> Settings:
    parser = argparse.ArgumentParser()
    add_setting_flags(parser)
    args = parser.parse_args(list(argv))
    return settings_from(file_settings or {}, flag_values(args), args.set)


# ------------------------------------------------------------------------------- the schema


def test_every_field_declares_parser_help_and_flag_and_only_terms_lacks_a_flag():
    for field in dataclasses.fields(Settings):
        spec = spec_of(field)
        assert callable(spec.parse), field.name
        assert spec.help.strip().endswith(".") and "\n" not in spec.help, field.name
    flagged = {f.name for f in setting_fields()}
    assert {f.name for f in dataclasses.fields(Settings)} - flagged == {"terms"}
    assert spec_of(next(f for f in FIELDS if f.name == "constant")).flag == "--constant"


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_solve_help_shows_every_setting_flag_with_its_help_and_default(field, capsys, monkeypatch):
    text = help_text("solve", capsys, monkeypatch)
    spec = spec_of(field)
    lines = [line.strip() for line in text.splitlines()]
    # The flag opens a line (with its metavar or choices), and its help ends with the default.
    assert any(line.startswith(spec.flag) for line in lines), spec.flag
    default = shown(getattr(Settings(), field.name))
    assert f"{spec.help} (default: {default})" in text
    if spec.choices is not None:
        assert "{" + ",".join(spec.choices.names()) + "}" in text
    if field.name == "constant":
        assert "--constant, --no-constant" in text


def test_study_help_lists_width_and_depth_as_comma_separated(capsys, monkeypatch):
    text = help_text("study", capsys, monkeypatch)
    assert "--width N,N,..." in text and "--depth N,N,..." in text
    # width defaults to none: the strategy chooses (auto grows it, lsgd/adam/gd use 32).
    assert "Comma-separated values, one run per value (default: none)" in text
    assert "--activation {relu,tanh,sin}" in text and "--no-constant" in text


def test_flags_without_their_own_old_flag_parse_into_settings():
    settings = parse(
        "--rcond", "1e-10", "--tikhonov", "1e-8", "--chunk-size", "512", "--no-constant"
    )
    assert (settings.rcond, settings.tikhonov, settings.chunk_size) == (1e-10, 1e-8, 512)
    assert settings.constant is False
    assert parse("--constant", file_settings={"constant": False}).constant is True
    # Not giving --constant leaves the file's value, which leaves the default.
    assert parse(file_settings={"constant": False}).constant is False
    assert parse().constant is True


def test_optional_numbers_are_set_by_flag_and_reset_to_none_by_set():
    assert parse("--time-limit", "2.5").time_limit == 2.5
    reset = parse("--set", "init_scale=none", file_settings={"init_scale": 3.0})
    assert reset.init_scale is None
    settings = parse("--width", "8", "--set", "width=12", "--set", "constant=false")
    assert (settings.width, settings.constant) == (12, False)


def test_flag_values_names_every_flagged_field_and_none_for_flags_not_given():
    parser = argparse.ArgumentParser()
    add_setting_flags(parser)
    values = flag_values(parser.parse_args(["--seed", "3"]))
    assert set(values) == {f.name for f in FIELDS}
    assert values["seed"] == 3
    assert all(v is None for k, v in values.items() if k != "seed")


# ------------------------------------------------------------------------------ registries


def test_registry_and_settings_import_neither_torch_nor_sympy():
    # The package's __init__ imports the symbolic layer, so load the two modules through a bare
    # stand-in package: what is measured is their own imports.
    code = (
        "import sys, types\n"
        f"package = types.ModuleType('pinnls'); package.__path__ = [{str(ROOT / 'pinnls')!r}]\n"
        "sys.modules['pinnls'] = package\n"
        "import pinnls.registry, pinnls.settings\n"
        "pinnls.settings.Settings(activation='tanh', init='he')\n"
        "print(sorted(m for m in ('torch', 'sympy', 'numpy') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.strip() == "[]"


def test_registry_lookup_lists_the_choices_in_one_line():
    colours = Registry("colour", {"red": 1, "green": 2})
    assert colours.get("green") == 2
    assert colours.names() == ("red", "green")
    assert "red" in colours and "blue" not in colours and ["red"] not in colours
    with pytest.raises(SettingsError) as caught:
        colours.get("blue")
    assert str(caught.value) == "colour is 'blue'; choose one of red, green"
    with pytest.raises(SettingsError, match=r"^setting 'hue' is \['red'\]; choose one of red"):
        colours.get(["red"], "setting 'hue'")
    with pytest.raises(ValueError, match="registered already"):
        colours.register("red", 3)


def test_registries_hold_the_documented_names():
    assert ACTIVATIONS.names() == ("relu", "tanh", "sin")
    assert ARCHITECTURES.names() == ("plain", "resnet")
    assert INITIALIZATIONS.names() == ("box", "he", "glorot")
    assert LEAST_SQUARES.names() == ("cod", "svd", "qr", "tikhonov")
    assert STRATEGIES.names() == ("auto", "lsgd", "adam", "gd")
    for registry in (ACTIVATIONS, ARCHITECTURES, INITIALIZATIONS, LEAST_SQUARES, STRATEGIES):
        for name, entry in registry.items():
            assert entry.description.endswith("."), (registry.kind, name)


def test_implementations_named_by_the_registries_load():
    for registry in (INITIALIZATIONS, LEAST_SQUARES, STRATEGIES):
        for name, entry in registry.items():
            assert callable(entry.load()), name


@pytest.mark.parametrize("field", CHOICE_FIELDS, ids=lambda f: f.name)
def test_settings_reject_an_unknown_name_listing_the_choices(field):
    choices = ", ".join(spec_of(field).choices.names())
    message = rf"^setting '{field.name}' is 'nonsense'; choose one of {choices}$"
    with pytest.raises(SettingsError, match=message):
        Settings(**{field.name: "nonsense"})


@pytest.mark.parametrize("field", CHOICE_FIELDS, ids=lambda f: f.name)
def test_cli_rejects_an_unknown_name_listing_the_choices(field, capsys):
    # argparse refuses it before the problem file is read.
    assert main(["solve", "nowhere.py", spec_of(field).flag, "nonsense"]) == 2
    line = capsys.readouterr().err.strip()
    assert "\n" not in line and "nonsense" in line
    for name in spec_of(field).choices.names():
        assert name in line


def test_numeric_entry_points_reject_unknown_names_listing_the_choices():
    with pytest.raises(SettingsError, match="activation is 'gelu'; choose one of relu, tanh, sin"):
        Basis([0.0], [1.0], 4, activation="gelu")
    with pytest.raises(SettingsError, match="architecture is 'densenet'; .* plain, resnet"):
        Basis([0.0], [1.0], 4, arch="densenet")
    basis = Basis([0.0], [1.0], 4)
    with pytest.raises(SettingsError, match="initialization is 'xavier'; .* box, he, glorot"):
        initialize(basis, method="xavier")
    a, b = torch.eye(3, dtype=torch.float64), torch.ones(3, dtype=torch.float64)
    message = "least-squares method is 'lstsq'; choose one of cod, svd, qr, tikhonov"
    with pytest.raises(SettingsError, match=message):
        least_squares(a, b, method="lstsq")
    with pytest.raises(SettingsError, match=message):
        StreamingLeastSquares(3, method="lstsq")


@pytest.mark.parametrize("name", ACTIVATIONS.names())
def test_activation_value_and_slope_match_autograd(name):
    activation = ACTIVATIONS.get(name)
    # Points away from 0, where relu has no derivative.
    z = torch.linspace(-3, 3, 40, dtype=torch.float64).add(0.01).requires_grad_()
    value, slope = activation.value_and_slope(z)
    (autograd,) = torch.autograd.grad(activation.value(z).sum(), z)
    torch.testing.assert_close(value, activation.value(z), rtol=0, atol=0)
    torch.testing.assert_close(slope, autograd, rtol=1e-14, atol=1e-15)
    if activation.bounded:
        assert value.abs().max() <= 1
    else:
        assert value.min() >= 0
    assert Settings(activation=name).scale == activation.default_scale


# ------------------------------------------------------------------------------ validation


@pytest.mark.parametrize("name", ["lr", "tol", "init_scale", "rcond", "time_limit", "tikhonov"])
@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_rejected_naming_the_setting(name, value):
    with pytest.raises(SettingsError, match=rf"^setting '{name}' is .*; it must be a finite"):
        Settings(**{name: value})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"eval_points": 1}, "setting 'eval_points' is 1; it must be an integer >= 3"),
        ({"eval_points": 2}, "setting 'eval_points' is 2; it must be an integer >= 3"),
        ({"rcond": 1.0}, "setting 'rcond' is 1.0; it must be a finite number > 0 and < 1"),
        ({"rcond": 0.0}, "setting 'rcond'"),
        ({"width": 0}, "setting 'width' is 0; it must be an integer >= 1"),
        ({"iterations": -1}, "setting 'iterations' is -1; it must be an integer >= 0"),
        ({"lr": 0}, "setting 'lr' is 0; it must be a finite number > 0"),
        ({"tol": -1e-3}, "setting 'tol'"),
        ({"lr": True}, "setting 'lr' is True"),
        ({"depth": 2.0}, "setting 'depth' is 2.0; it must be an integer"),
        ({"constant": "yes"}, "setting 'constant' is 'yes'; it must be true or false"),
        ({"seed": 2**64}, r"setting 'seed' is 18446744073709551616; .* \[-2\*\*63, 2\*\*64\)"),
        ({"seed": -(2**63) - 1}, "setting 'seed'"),
        ({"seed": 1.5}, "setting 'seed' is 1.5; it must be an integer"),
        ({"terms": [1]}, "setting 'terms' must map"),
    ],
)
def test_values_out_of_range_are_rejected_in_one_line(changes, message):
    with pytest.raises(SettingsError, match=message) as caught:
        Settings(**changes)
    assert "\n" not in str(caught.value)


def test_every_accepted_seed_seeds_a_torch_generator():
    low, high = SEED_RANGE
    for seed in (low, -1, 0, high - 1):
        assert Settings(seed=seed).seed == seed
        torch.Generator().manual_seed(seed)
    for seed in (low - 1, high):
        with pytest.raises((RuntimeError, ValueError, OverflowError)):
            torch.Generator().manual_seed(seed)


def test_a_huge_seed_on_the_command_line_is_one_error_line(tmp_path, capsys):
    path = tmp_path / "tiny.py"
    path.write_text(TINY)
    out = tmp_path / "out"
    argv = ["solve", str(path), "--out", str(out), "--seed", "1180591620717411303424"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("pinnls: error: setting 'seed' is 1180591620717411303424")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()
    assert main(["solve", str(path), "--out", str(out), "--lr", "nan"]) == 2
    assert "setting 'lr' is nan" in capsys.readouterr().err


def test_defaults_leave_the_network_to_auto_and_fixed_gives_the_classic_network():
    settings = Settings()
    assert settings.optimizer == "auto"
    assert (settings.width, settings.activation, settings.iterations) == (None, None, None)
    fixed = Settings(optimizer="lsgd").fixed()
    assert (fixed.width, fixed.activation, fixed.iterations) == (32, "relu", 1000)
    # Only the values left at None are filled in; given ones stay.
    given = Settings(optimizer="lsgd", width=16, activation="tanh", iterations=0).fixed()
    assert (given.width, given.activation, given.iterations) == (16, "tanh", 0)
