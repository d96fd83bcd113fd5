"""Every number in the docs has a script: the docs quote the JSON that the scripts write.

Each table and quoted figure of docs/benchmarks.md (sections 1-10), docs/paper-reproduction.md
and README.md is rebuilt here from a JSON under docs/figures/ (each JSON names the command that
regenerates it), rounded as the docs print it, and must appear in the docs. Nothing is rerun:
timings are machine-dependent, so a rerun changes the JSON and then the docs must follow.
Targets quoted from the issues (e.g. "1e-6 within 2 s") are not measurements and are not checked.
"""

from __future__ import annotations

import collections
import json
import math
import re
import statistics

import numpy as np
import pytest
from helpers import ROOT

FIGURES = ROOT / "docs" / "figures"


def load(name: str):
    return json.loads((FIGURES / name).read_text())


def text(path: str) -> str:
    """The document with every run of whitespace (line breaks included) made one space."""
    return re.sub(r"\s+", " ", (ROOT / path).read_text())


@pytest.fixture(scope="module")
def bench() -> str:
    return text("docs/benchmarks.md")


@pytest.fixture(scope="module")
def paper() -> str:
    return text("docs/paper-reproduction.md")


def quotes(doc: str, *phrases: str) -> None:
    for phrase in phrases:
        phrase = re.sub(r"\s+", " ", phrase)
        assert phrase in doc, f"the docs do not quote {phrase!r}"


def row(doc: str, *cells) -> None:
    quotes(doc, "| " + " | ".join(str(c) for c in cells) + " |")


def e(value: float, digits: int = 1) -> str:
    """Short scientific notation as the docs write it: 4.3e-5, 1.2e-11."""
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def two(value: float) -> str:
    """Two significant figures written out: 186 -> 190."""
    return f"{float(f'{value:.2g}'):.0f}"


def e2(value: float) -> str:
    return f"{value:.2e}"


def _before_after_row(bench: str, r: dict) -> None:
    """The docs' row for one file of a ``before_after.py`` record: ``problem | before: rel L2 /
    s | after: rel L2 / s | width | stop``, a width or stop that changed as ``old -> new``."""
    b, a = r["before"], r["after"]
    width = str(b["width"]) if b["width"] == a["width"] else f"{b['width']} -> {a['width']}"
    stop = (a["stop_reason"] if a["stop_reason"] == b["stop_reason"]
            else f"{b['stop_reason']} -> {a['stop_reason']}")  # fmt: skip
    row(bench, "/".join(r["problem"].split("/")[-2:])[:-3],
        f"{e2(b['rel_l2'])} / {b['wall']:.1f}", f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
        width, stop)  # fmt: skip


def _estimate_cells(r: dict) -> tuple:
    """The cells of one file of a ``before_after.py`` record with estimates after its name:
    ``before: rel L2 / estimate / s``, ``after: the same``, width (time slabs as ``N slabs``)
    and stop, a width or stop that changed as ``old -> new``."""
    b, a = r["before"], r["after"]

    def cell(v):
        return f"{e2(v['rel_l2'])} / {e2(v['estimate'])} / {v['wall']:.1f}"

    def width(v):
        return str(v["width"]) if v.get("slabs", 1) == 1 else f"{v['slabs']} slabs"

    w = width(b) if width(b) == width(a) else f"{width(b)} -> {width(a)}"
    stop = (a["stop_reason"] if a["stop_reason"] == b["stop_reason"]
            else f"{b['stop_reason']} -> {a['stop_reason']}")  # fmt: skip
    return cell(b), cell(a), w, stop


def _estimate_row(bench: str, r: dict) -> None:
    """The docs' row for one file of a ``before_after.py`` record with estimates: ``problem |``
    then :func:`_estimate_cells`."""
    row(bench, "/".join(r["problem"].split("/")[-2:])[:-3], *_estimate_cells(r))


def _user_rows(bench: str, rows: list) -> None:
    """The docs' rows of a ``suite.py`` record of new users' files: ``file | axes | rel L2 |
    estimate | estimate / error | width | training s | command s``."""
    for r in rows:
        width = r["width"] if r["width"] is not None else "slabs"
        row(bench, r["file"].split("/")[-1][:-3], r["axes"], e2(r["rel_l2"]),
            e2(r["validation"]), f"{r['validation'] / r['rel_l2']:.2g}", width,
            f"{r['wall']:.1f}", f"{r['elapsed']:.1f}")  # fmt: skip


def _side_by_side(name: str, count: int) -> dict:
    """The record of a ``benchmarks/before_after.py`` run, checked to be one, of ``count``
    files."""
    data = load(name)
    assert "before_after.py" in data["command"] and len(data["rows"]) == count, name
    return data


def test_every_json_names_its_command():
    names = [
        "bench_solver.json",
        "waves_scatter_session30.json",
        "waves_columns_session30.json",
        "waves_reserve_session30.json",
        "waves_chunk_session30.json",
        "waves_interior_session30.json",
        "others_session30.json",
        "lshape_grid_session31.json",
        "waves_stage_session31.json",
        "waves_assembly_session31.json",
        "waves_fraction_session31.json",
        "waves_first_session31.json",
        "others_session31.json",
        "ladder_turns_session31.json",
        "turned_first_session31.json",
        "suites_session31.json",
        "cost_calibration_session32.json",
        "feet_cost_session32.json",
        "chain_cost_session32.json",
        "waves_cost_session32.json",
        "refit_suites_session32.json",
        "refit_others_session32.json",
        "refit_users_session32.json",
        "refit_systems_session32.json",
        "refit_others2_session32.json",
        "kinks_three_axes_session32.json",
        "elastic_initial_cloud_session32.json",
        "initial_sobol_session32.json",
        "singular_session33.json",
        "singular_contest_session33.json",
        "operator_singular_session34.json",
        "boundary_changes_session35.json",
        "user36_session35.json",
        "lid_series_session35.json",
        "initial_jumps_session36.json",
        "hot_edge_series_session36.json",
        "singular_scan_session36.json",
        "flux_jumps_session37.json",
        "singular_scan_session37.json",
        "flux_corner_session37.json",
        "flux_corner_error_session37.json",
        "modes_session38.json",
        "slab_modes_session38.json",
        "face_rows_session39.json",
        "faces_session39.json",
        "faces_rule_only_session39.json",
        "axis_factors_session40.json",
        "refine_axes_session40.json",
        "refine_axes_hard_session40.json",
        "interior_rows_session40.json",
        "refine_axes_final_check_session40.json",
        "wide_rungs_session40.json",
        "last_rung_session41.json",
        "last_rung_two_axes_session41.json",
        "last_rung_committed_runs_session41.json",
        "last_rung_final_check_session41.json",
        "runner_up_session42.json",
        "runner_up_apart_session42.json",
        "cod_fast_path_session43.json",
        "cod_fast_path_stages_session43.json",
        "cod_fast_path_exact_session43.json",
        "tiled_assembly_narrow_session44.json",
        "tiled_assembly_wide_session44.json",
        "packed_chunks_session44.json",
        "adapted_points_session45.json",
        "points_before_after_session45.json",
        "points_mend_session45.json",
        "points_stages_session45.json",
        "sketch_precondition_session46.json",
        "wave_faces_session46.json",
        "fold_rows_session47.json",
        "fold_before_after_session47.json",
        "probe_share_session47.json",
        "stagnation_budget_session48.json",
        "cod_cost_session48.json",
        "cod_plan_session48.json",
        "cost_calibration_session49.json",
        "bundled_before_after_session49.json",
        "feet_steps_global_session50.json",
        "feet_steps_session50.json",
        "blob_budget400_session50.json",
        "bundled_before_after_session50.json",
        "feet_steps_final_session50.json",
        "transported_before_after_session51.json",
        "transported_share_session51.json",
        "carried_before_after_session51.json",
        "carried_share_session51.json",
        "carried_rk8_before_after_session52.json",
        "estimate_time_factor_session52.json",
        "march_cost_session52.json",
        "march_charge_before_after_session52.json",
        "spreading_before_after_session53.json",
        "spreading_share_session53.json",
        "source_left_before_after_session53.json",
        "flux_miss_session54.json",
        "wind_before_after_session54.json",
        "wind_share_session54.json",
        "singular_scan_corner_session37.json",
        "cost_calibration_session31.json",
        "waves_fresh_vs_fit_session30.json",
        "grid_faces_session30.json",
        "e4_time_to_target.json",
        "first_session.json",
        "forward_mode.json",
        "vs_deepxde_first_session.json",
        "float32_cutoff.json",
        "demo_time.json",
        "demo_time_session25.json",
        "demo_time_session44.json",
        "suite_old_defaults.json",
        "suite_generic_recipe.json",
        "suite_rotation_weight10.json",
        "suite_periodic_stages.json",
        "slabs.json",
        "systems.json",
        "feet_cost.json",
        "particular_before_after_session24.json",
        "particular_user24_session24.json",
        "particular_share_session24.json",
        "vs_pyrfm_session24_particular.json",
        "modes_first_before_after_session25.json",
        "compile_time_session25.json",
        "vs_pyrfm_session25_helmholtz30.json",
        "vs_pyrfm_session25_all.json",
        "transport_modes_before_after_session25.json",
        "vs_pyrfm_session25_transport.json",
        "user25_before_after_session25.json",
        "axes_baseline_fix_session25.json",
        "vs_pyrfm_session25_no_particular.json",
        "slab_prediction_session26.json",
        "slab_scores_session26.json",
        "slab_before_after_session26.json",
        "lazy_optimizer_before_after_session26.json",
        "slab_final_before_after_session26.json",
        "final_before_after_session26.json",
        "vs_pyrfm_session27_all.json",
        "vs_pyrfm_session27_heater.json",
        "plan_determinism_session27.json",
        "time_limits_loaded_session27.json",
        "box_factors_before_after_session27.json",
        "box_factors_2d_before_after_session27.json",
        "box_factors_user27b_session27.json",
        "fresh_vs_fit_channel_session28.json",
        "scatter_every_aligned_session28.json",
        "scatter_every_aligned_klein_gordon_session28.json",
        "step1p_tie_session28.json",
        "session28_before_after.json",
        "feet_steps_session28.json",
        "feet_steps_before_after_session28.json",
        "shape_aspect_session29.json",
        "shape_boundary_grid_before_session29.json",
        "shape_boundary_grid_session29.json",
        "feet_kept_session29.json",
        "feet_together_session29.json",
        "feet_cost_session29.json",
        "feet_plan_session29.json",
        "feet_key_session29.json",
        "manufactured_faces_session29.json",
    ]
    for name in names:
        command = load(name)["command"]
        script = re.search(r"benchmarks/[\w/]+\.py", command)
        assert script, f"{name}: {command!r} names no script"
        assert (ROOT / script.group()).exists(), f"{name}: {script.group()} does not exist"


# docs/benchmarks.md ---------------------------------------------------------------------------


def test_section_1_e4_table_and_targets(bench):
    e4 = load("bench_solver.json")["e4"]["rows"]
    # The error ratios are stored: the JSON of an earlier run holds the table's rounded errors.
    for r in e4:
        row(
            bench,
            r["seed"],
            e2(r["lsgd_rel_l2"]),
            f"{r['lsgd_time_to_1e-6']:.2f}",
            f"{r['lsgd_wall']:.1f}",
            e2(r["adam_rel_l2"]),
            f"{r['adam_wall']:.1f}",
            f"{r['error_ratio']:.1e}",
        )
    med = {k: statistics.median(r[k] for r in e4) for k in e4[0] if k != "seed"}
    ratio = load("bench_solver.json")["e4"]["median_error_ratio"]
    row(
        bench,
        "median",
        e2(med["lsgd_rel_l2"]),
        f"{med['lsgd_time_to_1e-6']:.2f}",
        f"{med['lsgd_wall']:.1f}",
        e2(med["adam_rel_l2"]),
        f"{med['adam_wall']:.1f}",
        f"{ratio:.1e}",
    )
    lsgd = sorted(r["lsgd_rel_l2"] for r in e4)
    times = [r["lsgd_time_to_1e-6"] for r in e4]
    quotes(
        bench,
        f"median {e(med['lsgd_rel_l2'])} (four seeds end between {e(lsgd[0], 0)} and "
        f"{e(lsgd[3])}, seed 4 at {e(e4[4]['lsgd_rel_l2'])})",
        f"median time to 1e-6 was {med['lsgd_time_to_1e-6']:.1f} s "
        f"({min(times):.1f} to {max(times):.1f} s)",
        f"median of {e(med['adam_rel_l2'])}, **{ratio / 1e9:.1f}e9 times** the LSGD error, in "
        f"{med['adam_wall'] / med['lsgd_wall']:.1f} times LSGD's wall time",
        f"5 seeds, 1000 iterations each, median {e2(med['lsgd_rel_l2'])} "
        f"({lsgd[0] * 1e12:.1f}e-12 to {e(lsgd[-1])})",
    )


def test_section_1_lsgd_alone_time_to_target(bench):
    t = load("e4_time_to_target.json")
    quotes(
        bench,
        " / ".join(f"{r['seconds']:.2f}" for r in t["runs"]) + " s",
        f"median **{t['median_seconds']:.2f} s**, reached after "
        f"{t['iterations_min']}-{t['iterations_max']} iterations at "
        f"{t['ms_per_iteration_min']:.1f}-{t['ms_per_iteration_max']:.1f} ms per iteration",
    )
    assert t["median_seconds"] == statistics.median(r["seconds"] for r in t["runs"])


def test_section_2_iteration_cost(bench):
    cost = load("bench_solver.json")["cost"]
    ratio = cost["lsgd_seconds"] / cost["adam_seconds"]
    row(
        bench,
        "LSGD (LS + Adam hidden step)",
        f"{cost['lsgd_seconds'] * 1e3:.2f} ms",
        f"{ratio:.2f}",
    )
    row(bench, "Adam joint", f"{cost['adam_seconds'] * 1e3:.2f} ms", "1.00")
    quotes(bench, f"**met**: {ratio:.2f}")


def test_section_3_first_session_rows_and_tuning(bench):
    first = load("first_session.json")
    tuned = first["tuned"]
    for name in ("advection_gauss", "advection_variable"):
        r = tuned[name]
        quotes(bench, f"| {e2(r['rel_l2_min'])} | {r['wall_min']:.1f} |")
    for name in ("advection_reaction", "advection_periodic"):
        r = tuned[name]
        quotes(
            bench,
            f"| {e(r['rel_l2_min'])} to {e(r['rel_l2_max'])} (seeds 0-2) | "
            f"{r['wall_min']:.0f}-{r['wall_max']:.0f} |",
        )
    r = tuned["rotation_2d"]
    quotes(
        bench,
        f"| {e(r['rel_l2_min'])} to {e(r['rel_l2_max'])} | "
        f"{r['wall_min']:.0f}-{r['wall_max']:.0f} |",
    )
    t = first["tuning"]
    quotes(
        bench,
        f"two LSGD iterations at width 2048 gained {t['lsgd_gain']:.1f}x at "
        f"{t['lsgd_cost']:.0f}x the cost",
        f"gained {t['grid_gain']:.0f}x at width 2048",
        f"beat LAPACK's default cutoff {t['rcond_gain']:.1f}x",
        f"sin ({e(t['sin']['rel_l2'])}) and depth 2 ({e(t['depth_2']['rel_l2'])})",
    )


def suite_rows() -> dict[str, dict]:
    return {r["name"]: r for r in load("suite_defaults.json")}


def test_section_3_defaults_against_first_session(bench):
    rows, tuned = suite_rows(), load("first_session.json")["tuned"]
    for name in (
        "advection-gauss",
        "advection-variable",
        "advection-reaction",
        "advection-periodic",
        "rotation-2d",
    ):
        r = rows[name]
        row(bench, name, e2(r["rel_l2"]), e2(r["validation"]), r["width"], f"{r['wall']:.1f}")
    gauss = rows["advection-gauss"]["rel_l2"]
    stages = load("suite_periodic_stages.json")["stages"]
    at_2048 = next(s["rel_l2_error"] for s in stages if s["width"] == 2048)
    weight10 = load("suite_rotation_weight10.json")["rows"][0]["rel_l2"]
    quotes(
        bench,
        f"{e(tuned['advection_gauss']['rel_l2_min'])}: **not met**",
        f"stops at width {rows['advection-gauss']['width']} with {e(gauss)} "
        f"({gauss / tuned['advection_gauss']['rel_l2_min']:.0f}x short of the tuned "
        f"{e(tuned['advection_gauss']['rel_l2_min'])}",
        f"stops at {e(rows['advection-periodic']['rel_l2'])} because",
        f"({e(at_2048)} at 2048)",
        f"gives {e(rows['rotation-2d']['rel_l2'])} ({e(weight10)} with that weight kept",
    )


def test_section_4_deep_resnet(bench):
    for r in load("bench_solver.json")["resnet"]:
        rank = f"{r['rank_start']} (full)" if r["rank_start"] == 33 else r["rank_start"]
        row(bench, r["init"], rank, e2(r["rel_l2_start"]), e2(r["rel_l2_end"]))


def test_section_5_forward_mode(bench):
    rows = load("forward_mode.json")["rows"]
    for r in rows:
        row(
            bench,
            r["width"],
            f"{r['values_seconds']:.4f}",
            f"{r['forward_seconds']:.4f}",
            f"{r['directional_seconds']:.4f}",
            f"{r['reverse_seconds']:.4f}",
            f"{r['speedup_forward']:.1f}x",
            f"{r['speedup_directional']:.1f}x",
            f"{r['max_abs_diff']:.1e}",
        )
    forward = [r["speedup_forward"] for r in rows]
    directional = [r["speedup_directional"] for r in rows]
    quotes(
        bench,
        f"we measure {min(forward):.0f}-{max(forward):.0f}x, with the directional pass "
        f"{min(directional):.0f}-{max(directional):.0f}x",
    )


def test_section_6_deepxde(bench):
    now = {r["problem"]: r for r in load("vs_deepxde_defaults.json")["rows"]}
    for name, r in now.items():
        row(
            bench,
            name,
            f"{e2(r['deepxde_tuned'][0])} / {r['deepxde_tuned'][1]:.0f}",
            f"{e2(r['pinnls'][0])} / {r['pinnls'][1]:.1f}",
            f"{r['error_ratio']:.1e}",
            f"{r['time_ratio']:.1f}",
        )
    gauss, variable = now["gauss"], now["variable"]
    best = load("first_session.json")["gauss_width_3072"]
    quotes(
        bench,
        f"**{variable['error_ratio']:.1e}x** more accurate in **1/{variable['time_ratio']:.1f}**",
        f"**{gauss['error_ratio']:.0f}x** in **1/{gauss['time_ratio']:.1f}** of the time",
        f"pinnls' run took {gauss['pinnls'][1]:.0f} s",
        f"1e4x would need about {e(gauss['deepxde_tuned'][0] / 1e4)}",
        f"best: {e(best['rel_l2'])} at width 3072 on a 1/112 grid, {best['wall']:.0f} s",
    )
    chosen = re.search(r"width (\d+)", gauss["pinnls_settings"]).group(1)
    quotes(bench, f"reached width {chosen}")
    first = {r["problem"]: r for r in load("vs_deepxde_first_session.json")["rows"]}
    for name, r in first.items():
        row(
            bench,
            name,
            f"{e2(r['deepxde_stock'][0])} / {r['deepxde_stock'][1]:.0f}",
            f"{e2(r['deepxde_tuned'][0])} / {r['deepxde_tuned'][1]:.0f}",
            f"{e2(r['pinnls'][0])} / {r['pinnls'][1]:.1f}",
            f"{r['error_ratio']:.1e}",
            f"{r['time_ratio']:.1f}",
        )
    quotes(
        bench,
        f"**{first['constant']['error_ratio']:.1e}x".replace("e+09", "e9"),
        f"**{first['gauss']['error_ratio']:.0f}x** more accurate in "
        f"**1/{first['gauss']['time_ratio']:.0f}**",
        f"it would need {e(first['gauss']['deepxde_tuned'][0] / 1e4)}",
        f"reached {e(best['rel_l2'])} in {best['wall']:.0f} s",
        f"**{first['variable']['error_ratio']:.1e}x".replace("e+03", "e3"),
        f"**1/{first['variable']['time_ratio']:.0f}**",
    )


def test_section_7_suite(bench):
    rows = load("suite_defaults.json")
    ratios = []
    for r in rows:
        ratio = r["validation"] / r["rel_l2"]
        ratios.append(ratio)
        row(
            bench,
            r["name"],
            r["axes"],
            e2(r["rel_l2"]),
            e2(r["validation"]),
            f"{ratio:.1f}",
            r["width"],
            r["rows"],
            f"{r['wall']:.1f}",
        )
    low = [r for r in rows if r["axes"] <= 2]
    met = [r for r in low if r["rel_l2"] <= 1e-4 and r["wall"] <= 60]
    walls = [r["wall"] for r in rows]
    overhead = [r["elapsed"] - r["wall"] for r in rows]
    quotes(
        bench,
        f"- problems: {len(rows)}; 1- and 2-axis: {len(low)}",
        f"within 60 s: {len(met)}",
        f"- median rel L2 (all): {statistics.median(r['rel_l2'] for r in rows):.2e}",
        f"- median rel L2 (1- and 2-axis): {statistics.median(r['rel_l2'] for r in low):.2e}",
        f"min {min(ratios):.2g}, median {statistics.median(ratios):.2g}, max {max(ratios):.2g}; "
        f"estimate >= error on {sum(x >= 1 for x in ratios)} of {len(ratios)}",
        f"- solve time: median {statistics.median(walls):.1f} s, max {max(walls):.1f} s",
        f"add {min(overhead):.0f}-{max(overhead):.0f} s",
        f"{len(met)} of {len(low)}; the front",
        f"Median <= 1e-6 -- met ({e(statistics.median(r['rel_l2'] for r in low))})",
        f"between {min(ratios):.1f}x and {max(ratios):.0f}x the true relative L2 error "
        f"(median {statistics.median(ratios):.0f}x)",
    )
    front = next(r for r in rows if r["name"] == "transport-front")
    quotes(bench, f"reached {e(front['rel_l2'], 2)} in {front['wall']:.0f} s")
    poisson = next(r for r in rows if r["name"] == "poisson-1d")
    quotes(bench, f"rounding level: {e(poisson['validation'])} against {e(poisson['rel_l2'])}")


def test_section_7_before_this_release(bench):
    old = load("suite_old_defaults.json")["rows"]
    generic = {r["name"]: r for r in load("suite_generic_recipe.json")["rows"]}
    count = sum(r["rel_l2"] <= 1e-4 for r in old)
    quotes(
        bench,
        f"{count} of {len(old)} at 1e-4, median {e(statistics.median(r['rel_l2'] for r in old))}",
    )
    errors = [r["rel_l2"] for r in generic.values()]
    count = sum(x <= 1e-4 for x in errors)
    poisson = generic["poisson-1d"]
    quotes(
        bench,
        f"{count} of {len(errors)}, median {e(statistics.median(errors))}",
        f"({poisson['rows']} rows for {poisson['width'] + 1} columns: {e(poisson['rel_l2'])})",
        f"the front ({generic['transport-front']['rel_l2']:.2f})",
        f"the 3-axis problem ({e(generic['transport-xyt']['rel_l2'])})",
    )


def test_section_8_gpu(bench):
    log = (FIGURES / "gpu" / "session.log").read_text()
    check = re.search(r"residual cpu (\S+) cuda (\S+), rank (\d+)/", log)
    quotes(bench, f"residual {check[1]}, rank {check[3]} | {check[2]}, rank {check[3]}")
    for name in ("advection_constant", "advection_gauss"):
        m = re.search(
            rf"{name}: rel L2 cpu (\S+) \((\S+) s\), cuda (\S+) \((\S+) s\), "
            rf"speed-up (\S+)x",
            log,
        )
        quotes(
            bench,
            f"| {m[1]} in {m[2]} s | {m[3]} in {m[4]} s |",
            f"({m[5]}x)" if name == "advection_gauss" else f"gain {m[5]}x",
        )
    auto = re.findall(r"run_(\w+)/report.json rel L2 (\S+) wall (\S+)", log)
    assert len(auto) == 2
    for problem, error, seconds in auto:
        quotes(bench, f"{problem} {float(error):.3g} in {seconds} s".replace("e-0", "e-"))
    rows = {}
    for name in (
        "scale_cpu_float64",
        "scale_cuda_float64",
        "scale_cuda_float64_chunk262144",
        "scale_cuda_float32",
    ):
        for r in load(f"gpu/{name}.json"):
            rows[(r["device"], r["dtype"], r["rows"], r["chunk_size"])] = r
            device = "CPU (16 cores)" if r["device"] == "cpu" else "H100"
            row(
                bench,
                f"{r['rows']:,}",
                device,
                r["dtype"],
                r["chunk_size"],
                f"{r['seconds_per_iteration']:.3f}",
                f"{r['peak_gib']:.2f}",
            )
    small = rows[("cuda", "float64", 100128, 65536)]
    big = rows[("cuda", "float64", 1000128, 65536)]
    chunked = rows[("cuda", "float64", 1000128, 262144)]
    cpu = rows[("cpu", "float64", 100128, 65536)]
    f32 = rows[("cuda", "float32", 1000128, 65536)]
    quotes(
        bench,
        f"holds ({big['seconds_per_iteration']:.2f} s with the default chunk, "
        f"{chunked['seconds_per_iteration']:.2f} s with 4x larger chunks)",
        f"Peak memory grew {big['peak_gib'] / small['peak_gib']:.1f}x",
        f"would be {big['rows'] * 1024 * 8 / 2**30:.1f} GiB",
        f"{cpu['seconds_per_iteration'] / small['seconds_per_iteration']:.0f}x faster",
        f"rel L2 {f32['rel_l2']:.2f} where float64 reached {e(big['rel_l2'])}",
        f"in float32 is {1.1920928955078125e-07 * big['rows']:.2f}",
    )
    cut = load("float32_cutoff.json")["results"]
    old, new = (
        cut["float32, rcond eps * rows (old default)"],
        cut["float32, default rcond (eps * width)"],
    )
    quotes(
        bench,
        f"rank went from {old['rank']} to {new['rank']} of {new['columns']} and rel L2 from "
        f"{old['rel_l2']:.2f} to {new['rel_l2']:.2f}",
        f"the demo's result is unchanged ({e(load('demo_time.json')['rel_l2'])})",
    )


# README.md and docs/paper-reproduction.md --------------------------------------------------------


def test_readme_numbers():
    readme = text("README.md")
    demo = load("demo_time_session44.json")
    quotes(
        readme,
        f"({demo['training_seconds']:.0f} s of training, {demo['elapsed_seconds']:.0f} s in all, "
        "measured on the 2-core VM: benchmarks/demo_time.py, the median of three runs)",
    )
    big = next(r for r in load("gpu/scale_cuda_float64.json") if r["rows"] == 1000128)
    quotes(readme, f"width 1024 in float64 takes {big['seconds_per_iteration']:.2f} s")
    # The README quotes the latest suite run (docs/benchmarks.md, section 47).
    rows = load("suite_session27.json")
    low = [r for r in rows if r["axes"] <= 2]
    met = [r for r in low if r["rel_l2"] <= 1e-4 and r["wall"] <= 60]
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    suite_files = len(list((ROOT / "benchmarks" / "suite").glob("*.py")))
    quotes(
        readme,
        f"On the {suite_files} untuned problems",
        f"on {len(met)} of the {len(low)} one- and two-axis problems",
        f"(median error {e(statistics.median(r['rel_l2'] for r in low))}, median solve "
        f"{statistics.median(r['wall'] for r in rows):.1f} s on one core",
        f"{min(ratios):.1f}x to {max(ratios):.0f}x the true error (median "
        f"{statistics.median(ratios):.0f}x:",
        f"(section 75; {e(next(r['rel_l2'] for r in rows if r['name'] == 'rotation-2d'))} "
        "before its flow's feet were marched by step doubling)",
    )
    sections = {
        r["problem"]: r["after"]
        for name in ("modes_first_before_after_session25.json",
                     "transport_modes_before_after_session25.json")
        for r in load(name)["rows"]
    }  # fmt: skip
    c50, wave = (
        sections["benchmarks/slabs/advection_c50.py"],
        sections["benchmarks/slabs/wave_1d.py"],
    )
    quotes(
        readme,
        f"reach {e(c50['rel_l2'])} on the jaxpi advection benchmark (c = 50; best reported PINN "
        f"6.9e-4) in {c50['wall']:.1f} s",
        f"and {e(wave['rel_l2'])} on DeepXDE's wave_1d example in {wave['wall']:.1f} s",
    )


def test_paper_e1(paper):
    results = load("e1_lsgd_vs_gd.json")["results"]
    labels = {
        "LSGD (GD hidden step)": "LSGD, GD hidden step (the paper's)",
        "LSGD (Adam hidden step)": "LSGD, Adam hidden step (pinnls default)",
        "GD joint": "GD joint (the paper's baseline)",
        "Adam joint": "Adam joint",
    }

    def short(x: float) -> str:
        return f"{x:.2g}" if x >= 0.1 else e(x)

    for key, label in labels.items():
        r = results[key]
        cells = [
            short(r[k])
            for k in (
                "median_initial_loss",
                "median_final_loss",
                "median_final_rel_l2",
                "median_final_rel_l2_inside",
            )
        ]
        if key == "LSGD (Adam hidden step)":
            cells[1:] = [f"**{c}**" for c in cells[1:]]
        row(paper, label, *cells, f"{r['median_wall_seconds']:.1f}")
        logs = " / ".join(f"{r['mean_log10_loss'][i]:.2f}" for i in (0, 100, 500, 1000))
        quotes(paper, logs)
    walls = sorted(r["median_wall_seconds"] for r in results.values())
    quotes(paper, f"({walls[2]:.1f}-{walls[3]:.1f} ms against {walls[0]:.1f}-{walls[1]:.1f} ms")


def test_paper_e2(paper):
    results = load("e2_box_images.json")["results"]
    names = {"plain": "plain", "resnet": "ResNet", "he": "He", "glorot": "Glorot", "box": "Box"}
    for arch in ("plain", "resnet"):
        for init in ("he", "glorot", "box"):
            cells = [
                f"{results[f'{arch}/{init}/{d}']['fraction_2d']:.0%}" for d in (1, 2, 4, 8, 16)
            ]
            last = results[f"{arch}/{init}/32"]
            end = f"{last['fraction_2d']:.0%}"
            if last["fraction_point"] == 1:
                end += " (100% a point)"
            elif last["fraction_line"] > 0:
                end += f" ({last['fraction_line']:.0%} a line)"
            row(paper, names[arch], names[init], *cells, end)
    ratio = {
        k: results[f"resnet/{k}"]["median_singular_ratio"]
        for k in ("he/1", "he/32", "glorot/32", "box/32")
    }
    quotes(
        paper,
        f"from {e(ratio['he/1'], 0)} (L=1) to {e(ratio['he/32'], 0)} (L=32) with He and "
        f"{e(ratio['glorot/32'], 0)} with Glorot, and stays at {ratio['box/32']:.2f} with Box",
        f"({e(max(results['resnet/he/32']['seed0_extent']), 0)} at L=32 for seed 0, He)",
    )


def test_paper_e3(paper):
    results = load("e3_deep_resnet.json")["results"]
    for init, name in (("he", "He"), ("box", "Box")):
        for depth in (8, 16, 32, 64, 128):
            r = results[f"{init}/{depth}"]
            phi = r["median_initial_max_abs_basis"]
            phi = f"{phi:.0f}" if phi < 100 else (f"{phi:.2f}" if phi < 10 else e(phi))
            phi = f"{r['median_initial_max_abs_basis']:.2f}" if init == "box" else phi
            loss = [r["median_initial_loss"], r["median_final_loss"]]
            loss = [f"{x:.3f}" if x > 0.1 else e(x) for x in loss]
            inside = r["median_final_rel_l2_inside"]
            row(
                paper,
                name,
                depth,
                f"1/{round(1 / r['lr'])}",
                f"{r['median_initial_rank']:.0f}",
                phi,
                *loss,
                f"{inside:.2f}" if inside > 0.1 else e(inside),
            )


def test_paper_e4(paper):
    results = load("e4_advection_constant.json")["results"]
    for key, label, iterations in (
        ("GD joint", "GD joint", 5000),
        ("LSGD (Adam hidden step)", "LSGD, Adam hidden step", 500),
        ("LSGD (GD hidden step)", "LSGD, GD hidden step", 500),
    ):
        r = results[key]
        loss, error = r["median_final_loss"], r["median_final_rel_l2"]
        first = []
        for run in r["runs"]:
            below = [i for i, x in enumerate(run["loss"]) if x < 1e-6]
            first.append(str(below[0]) if below else "never")
        first = "never" if set(first) == {"never"} else " / ".join(first)
        cells = [e(loss), f"{error:.2f}" if error > 0.1 else e(error)]
        if key.startswith("LSGD (Adam"):
            cells = [f"**{c}**" for c in cells]
        wall = r["median_wall_seconds"]
        row(
            paper,
            label,
            iterations,
            r["seeds"],
            *cells,
            first,
            f"{wall:.0f}" if wall > 100 else f"{wall:.1f}",
        )
    runs = results["LSGD (Adam hidden step)"]["runs"]
    quotes(
        paper,
        "ends at rel L2 "
        + ", ".join(e(x["final_rel_l2"]) for x in runs[:-1])
        + f" and {e(runs[-1]['final_rel_l2'])}",
    )
    gd = results["LSGD (GD hidden step)"]["runs"]
    losses = [x["final_loss"] for x in gd]
    errors = [x["final_rel_l2"] for x in gd]
    quotes(
        paper,
        f"the loss is still {min(losses) * 100:.0f}-{e(max(losses), 0)} and the error "
        f"{min(errors):.1f}-{max(errors):.2f}",
    )


def test_paper_e5(paper):
    document = load("e5_advection_variable.json")
    labels = {
        "relu/ls_only": "ReLU, LS only",
        "relu/lsgd": "ReLU, LSGD 50 it.",
        "tanh/ls_only": "tanh, LS only",
        "tanh/lsgd": "tanh, LSGD 50 it.",
    }
    for key, label in labels.items():
        study = document["width_study"][key]
        cells = [
            f"{x:.2f}" if x >= 0.1 else (f"{x:.2g}" if x >= 0.01 else e(x))
            for x in (r["median"] for r in study["table"])
        ]
        if key == "tanh/lsgd":
            cells[-1] = f"**{cells[-1]}**"
        rate = study["rate"]
        row(paper, label, *cells, f"{rate['slope']:.2f} [{rate['low']:.2f}, {rate['high']:.2f}]")
    runs = document["depth_study"]["runs"]
    for method, label in (
        ("GD joint", "GD joint"),
        ("Adam joint", "Adam joint"),
        ("LSGD (Adam hidden step)", "LSGD, Adam hidden step"),
    ):
        cells = [runs[f"{method}/{d}"]["final_rel_l2"] for d in (1, 2, 4)]
        cells = [f"{x:.2f}" if x >= 0.1 else e(x) for x in cells] + [
            e(runs[f"{method}/4"]["final_loss"])
        ]
        if method.startswith("LSGD"):
            cells = [f"**{c}**" for c in cells]
        row(paper, label, *cells)
    wall = {
        m: " / ".join(f"{runs[f'{m}/{d}']['wall_seconds']:.0f}" for d in (1, 2, 4))
        for m in ("GD joint", "Adam joint", "LSGD (Adam hidden step)")
    }
    quotes(
        paper,
        f"GD {wall['GD joint']} s, Adam {wall['Adam joint']} s, "
        f"LSGD {wall['LSGD (Adam hidden step)']} s",
    )
    gd = [
        runs[f"GD joint/{d}"]["final_rel_l2"] / runs[f"LSGD (Adam hidden step)/{d}"]["final_rel_l2"]
        for d in (1, 2, 4)
    ]
    quotes(
        paper,
        f"{gd[0]:.0f}x (L=1), {two(gd[1])}x (L=2) and {two(gd[2])}x (L=4) below joint GD",
    )


def test_section_9_time_slabs(bench):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_slabs

    record = load("slabs.json")
    assert record["command"].startswith("python benchmarks/bench_slabs.py")
    results = record["results"]
    quotes(bench, bench_slabs.table(results))
    long = next(r for r in results if r["problem"] == "advection_long" and not r["flags"])
    quotes(bench, bench_slabs.per_slab_table(long))

    def get(problem, *flags):
        return next(r for r in results if r["problem"] == problem and r["flags"] == list(flags))

    c50, wave = get("advection_c50"), get("wave_1d")
    quotes(
        bench,
        f"`--time-slabs 10`: {get('advection_c50', '--time-slabs', '10')['rel_l2']:.1e} in",
        f"(auto chose {c50['slabs']} slabs): {c50['rel_l2']:.1e} in {c50['wall']:.1f} s",
        f"wave_1d: {wave['rel_l2']:.1e} in {wave['wall']:.1f} s with the defaults",
    )
    old = {r["name"]: r for r in load("suite_defaults.json")}
    for r in load("suite_after_slabs.json"):
        what = f"{r['slabs']} slabs" if r.get("slabs") else r["width"]
        o = old[r["name"]]
        row(bench, r["name"], e2(o["rel_l2"]), o["width"], f"{o['wall']:.1f}", e2(r["rel_l2"]),
            what, f"{r['wall']:.1f}")  # fmt: skip


def test_section_10_systems(bench):
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_systems

    record = load("systems.json")
    assert record["command"].startswith("python benchmarks/bench_systems.py")
    assert record["threads"] == 1 and record["dtype"] == "float64"
    defaults, summary = record["defaults"], record["basis_summary"]
    # The stored judgements are those the script's functions make of the stored runs.
    assert record["targets"] == bench_systems.targets(defaults)
    assert summary == bench_systems.basis_summary(record["basis"])
    assert len(record["seeds"]) == 3
    quotes(
        bench,
        bench_systems.defaults_table(defaults),
        bench_systems.wave_table(defaults),
        bench_systems.basis_table(summary),
        f"torch {record['torch']}",
    )
    for t in record["targets"]:
        runs = [r for r in defaults if r["problem"] == t["problem"]]
        errors = sorted(r["rel_l2"] for r in runs)
        quotes(
            bench,
            f"{t['problem']}: median {e(t['median_rel_l2'])} (seeds {e(errors[0])} to "
            f"{e(errors[-1])}), each run within {t['slowest_wall']:.0f} s (target "
            f"{e(t['target_rel_l2'], 0)} within {t['target_seconds']:.0f} s: "
            f"{'met' if t['met'] else 'not met'})",
        )

    def runs(problem):
        return [r for r in defaults if r["problem"] == problem]

    first, second = runs("wave_first_order"), runs("wave_second_order")
    u1 = statistics.median(r["per_unknown"]["u"] for r in first)
    u2 = statistics.median(r["per_unknown"]["u"] for r in second)
    w1 = statistics.median(r["wall"] for r in first)
    w2 = statistics.median(r["wall"] for r in second)
    quotes(
        bench,
        f"u to {e(u1)} in {w1:.0f} s, the second-order form to {e(u2)} in {w2:.0f} s",
    )
    ratios = [s["ratio"] for s in summary]
    times = [s["time_ratio"] for s in summary]
    acoustics = [s for s in summary if s["problem"] == "acoustics_characteristic"]
    darcy = [s for s in summary if s["problem"] == "darcy_2d"]
    quotes(
        bench,
        f"separate / shared error ratio lies between {min(ratios):.2f} and {max(ratios):.2f} "
        f"(median {statistics.median(ratios):.2f})",
        f"On acoustics_characteristic (ratios {min(s['ratio'] for s in acoustics):.2f} to "
        f"{max(s['ratio'] for s in acoustics):.2f}) separate bases were never better",
        f"On darcy_2d (ratios {min(s['ratio'] for s in darcy):.2f} to "
        f"{max(s['ratio'] for s in darcy):.2f}, separate better in "
        f"{sum(s['ratio'] < 1 for s in darcy)} of {len(darcy)} rows)",
        f"time ratio {min(times):.2f} to {max(times):.2f}",
    )
    assert all(s["ratio"] >= 1 for s in acoustics)  # "never better"
    (row_512,) = [s for s in acoustics if (s["width"], s["scale"]) == (512, 4.0)]
    assert row_512["shared_range"][1] < row_512["separate_range"][0]  # "every shared run beat"

    def overlap(s):
        return max(s["shared_range"][0], s["separate_range"][0]) <= min(
            s["shared_range"][1], s["separate_range"][1]
        )

    assert all(overlap(s) for s in darcy)  # "in every row the ... ranges ... overlap"
    # What auto chose, as the section says.
    assert {r["slabs"] for r in runs("acoustics_characteristic") + runs("acoustics_wall")} == {4}
    assert {r["slabs"] for r in first + second + runs("darcy_2d")} == {1}
    wall = {r["seed"]: r["widths"] for r in runs("acoustics_wall")}
    assert 1024 in wall[1] and all(max(w) == 768 for s, w in wall.items() if s != 1)

    def widths(rows):
        values = sorted({w for r in rows for w in r["widths"]})
        return f"{values[0]}-{values[-1]}"

    quotes(bench, f"(widths {widths(first)} against {widths(second)})")
    rotation = next(r for r in load("suite_after_slabs.json") if r["name"] == "rotation-2d")
    quotes(bench, f"stops near {e(rotation['rel_l2'], 0)} in 60 s")
    for c in record["basis_checks"]:
        assert abs(c["shared_rel_l2"] / c["pinnls_solve_rel_l2"] - 1) < 1e-9, c["problem"]
        assert c["separate_assembly_max_difference"] <= 1e-12, c["problem"]


def test_section_10_system_assembly(bench):
    record = load("system_assembly.json")
    assert record["script"] == "benchmarks/bench_system_assembly.py"
    ratios = []
    for r in record["rows"]:
        row(bench, r["width"], f"{r['scalar']:.4f}", f"{r['system']:.4f}", f"{r['ratio']:.2f}",
            f"{r['ratio_per_row_block']:.2f}")  # fmt: skip
        ratios.append(r["ratio_per_row_block"])
    quotes(bench, f"it costs {min(ratios):.2f} to {max(ratios):.2f} times the scalar")


def test_section_11_the_plan_without_a_clock(bench):
    record = load("plan_determinism.json")
    assert record["command"].startswith("benchmarks/plan_determinism.py")
    for r in record["rows"]:
        a, b = r["alone"], r["loaded"]
        assert r["same_stages"] and r["relative_difference_of_rel_l2"] == 0
        walls = (f"{a['wall_seconds']:.0f} s", f"{b['wall_seconds']:.0f} s")
        row(bench, r["problem"], len(a["stages"]), "yes", f"{a['rel_l2_error']:.3e}",
            f"{b['rel_l2_error']:.3e}", *walls)  # fmt: skip
    calibration = load("cost_calibration.json")
    ratios = []
    for r in calibration:
        ratio = r["predicted"] / r["seconds"]
        ratios.append(ratio)
        row(bench, r["problem"], r["width"], r["rows"], f"{r['seconds']:.2f}",
            f"{r['predicted']:.2f}", f"{ratio:.2f}")  # fmt: skip
    quotes(bench, f"within {min(ratios):.2f}x-{max(ratios):.2f}x of the CPU time")
    limits = load("time_limits.json")
    for r in limits["rows"]:
        assert r["wall_seconds"] <= 1.1 * r["time_limit"], r  # the issue's target
        row(bench, r["problem"], f"{r['time_limit']:g} s", f"{r['wall_seconds']:.1f} s",
            r["stop_reason"], f"{r['rel_l2_error']:.2e}")  # fmt: skip


def test_section_12_side_by_side_with_pyrfm(bench):
    record = load("vs_pyrfm.json")
    met = pyrfm_table(bench, record)
    quotes(bench, f"Met on {met} of the {len(record['rows'])}")


def test_section_12_rerun_after_the_closed_form_and_fewer_probes(bench):
    record = load("vs_pyrfm_rerun.json")
    assert "--problems poisson,gauss,heat,xyt,helmholtz,reaction,disk" in record["command"]
    quotes(bench, "(2026-12-02, 18:21-18:35)")
    assert "started 2026-12-02 18:21" in record["machine"]
    met = pyrfm_table(bench, record)
    quotes(bench, f"Met on {met} of the {len(record['rows'])}")


def _tenfold(r: dict, sizes: dict) -> bool:
    """Issue 21's second leg from a vs_pyrfm.py row's numbers: a tenfold lower error than
    pyRFM's best over the sizes that took no longer than pinnls. Where none did, records that
    name ``pyrfm_tenfold_against`` compare with pyRFM's quickest size (it took longer); older
    records counted the leg as not met."""
    ours = r["pinnls"]
    in_time = [s for s in r["pyrfm"] if s["seconds"] <= ours["seconds"]]
    if "pyrfm_tenfold_against" not in r:
        return bool(in_time) and ours["rel_l2"] * 10 <= min(s["rel_l2"] for s in in_time)
    done = [s for s in r["pyrfm"] if "rel_l2" in s]
    against = sizes[r["pyrfm_tenfold_against"]]
    if in_time:
        assert against["rel_l2"] == min(s["rel_l2"] for s in in_time)
    else:
        assert against["seconds"] == min(s["seconds"] for s in done)
    return ours["rel_l2"] * 10 <= against["rel_l2"]


def pyrfm_table(bench, record) -> int:
    """Check a vs_pyrfm.py JSON's verdicts from its numbers and that the docs quote its rows;
    the number of problems where the target is met."""
    assert (
        record["command"].startswith("benchmarks/vs_pyrfm.py") or "vs_pyrfm.py" in record["command"]
    )
    met = 0
    for r in record["rows"]:
        sizes = {s["label"]: s for s in r["pyrfm"]}
        best, ours = sizes[r["pyrfm_best"]], r["pinnls"]
        assert best["rel_l2"] == min(s["rel_l2"] for s in r["pyrfm"])
        # The verdict from the numbers, as the section states the target.
        third = ours["rel_l2"] <= best["rel_l2"] and ours["seconds"] <= best["seconds"] / 3
        tenfold = _tenfold(r, sizes)
        assert r["target_met"] == (third or tenfold), r["problem"]
        met += r["target_met"]
        reaching = r["pyrfm_fastest_reaching_pinnls"]
        reached = (
            "none"
            if reaching is None
            else (f"{reaching}: {sizes[reaching]['rel_l2']:.2e} / {sizes[reaching]['seconds']:.1f}")
        )
        row(bench, r["problem"], f"{ours['rel_l2']:.2e} / {ours['seconds']:.1f}", ours["width"],
            f"{best['rel_l2']:.2e} / {best['seconds']:.1f}", r["pyrfm_best"], reached,
            "met" if r["target_met"] else "not met")  # fmt: skip
    return met


def test_section_12_disk_side_by_side_with_pyrfm(bench):
    record = load("vs_pyrfm_disk.json")
    assert "benchmarks/vs_pyrfm.py --problems disk" in record["command"]
    started = record["machine"].split("started ")[1]
    quotes(bench, f"one run on {started[:10]} at {started[11:16]}")
    (r,) = record["rows"]
    assert (r["problem"], r["file"]) == ("disk", "problems/poisson_disk.py")
    sizes = {s["label"]: s for s in r["pyrfm"]}
    best, ours = sizes[r["pyrfm_best"]], r["pinnls"]
    assert best["rel_l2"] == min(s["rel_l2"] for s in r["pyrfm"])
    # The verdicts from the numbers, as the subsection states the targets.
    third = ours["rel_l2"] <= best["rel_l2"] and ours["seconds"] <= best["seconds"] / 3
    tenfold = _tenfold(r, sizes)
    assert r["target_met"] == (third or tenfold)
    accuracy = ours["rel_l2"] <= 1e-8 and ours["seconds"] <= 60
    beats = ours["rel_l2"] < best["rel_l2"] and ours["seconds"] < best["seconds"]
    assert r["target_issue_24_accuracy"] == accuracy
    assert r["target_issue_24_vs_pyrfm"] == beats
    reaching = r["pyrfm_fastest_reaching_pinnls"]
    reached = (
        "none"
        if reaching is None
        else f"{reaching}: {sizes[reaching]['rel_l2']:.2e} / {sizes[reaching]['seconds']:.1f}"
    )
    row(bench, "disk", f"{ours['rel_l2']:.2e} / {ours['seconds']:.1f}", ours["width"],
        f"{best['rel_l2']:.2e} / {best['seconds']:.1f}", r["pyrfm_best"], reached,
        "met" if r["target_met"] else "not met")  # fmt: skip
    cells = [f"{s['label']} ({s['rows']} x {s['columns']}): {s['rel_l2']:.2e} / {s['seconds']:.1f}"
             for s in r["pyrfm"]]  # fmt: skip
    row(bench, "disk", *cells, *["not run"] * (4 - len(cells)))
    verdict = "met" if accuracy else "not met"
    quotes(bench, f"(rel L2 <= 1e-8 within 60 s): {verdict}**, {e(ours['rel_l2'])} in "
           f"{ours['seconds']:.1f} s")  # fmt: skip
    assert len(ours["stages"]) == 1  # the text says pinnls stopped after its first stage
    quotes(bench, f"validation estimate {e(ours['validation'])}",
           f"its own error report gives {e(ours['own_rel_l2'])} too",
           f"(tanh width {ours['width']} at scale {ours['stages'][0]['scale']}")  # fmt: skip
    verdict = "met" if beats else "not met"
    quotes(bench, f"a lower error than pyRFM's best, in less time): {verdict}.**")
    quotes(bench, f"pinnls's error is **{best['rel_l2'] / ours['rel_l2']:.1f}x** lower than "
           f"pyRFM's best ({r['pyrfm_best']}), but pinnls took "
           f"**{ours['seconds'] / best['seconds']:.2f}x** its time "
           f"({ours['seconds']:.1f} s against {best['seconds']:.1f} s)")  # fmt: skip
    first = r["pyrfm"][0]
    quotes(bench, f"smallest size reached {first['rel_l2']:.2e} in {first['seconds']:.1f} s")
    loads = {f"{v:.1f}" for v in r["load_average"]}
    assert len(loads) == 1, loads  # the text quotes one figure for every run
    quotes(bench, f"load average was {loads.pop()} at the start of every run")
    repeat = load("vs_pyrfm_disk_repeat.json")
    assert "--problems disk" in repeat["command"]
    (again,) = repeat["rows"]
    first_best = best
    ours, best = again["pinnls"], {s["label"]: s for s in again["pyrfm"]}[again["pyrfm_best"]]
    for key in ("target_met", "target_issue_24_accuracy", "target_issue_24_vs_pyrfm"):
        assert again[key] == r[key], key  # "the same verdicts"
    quotes(bench, f"(pinnls {ours['rel_l2']:.2e}, pyRFM's best {best['rel_l2']:.2e} at "
           f"{again['pyrfm_best']})", f"with pinnls at {ours['seconds']:.1f} s against pyRFM's "
           f"{best['seconds']:.1f} s (**{ours['seconds'] / best['seconds']:.2f}x**)",
           f"pyRFM's 3x3 took {first_best['seconds']:.1f} s and {best['seconds']:.1f} s",
           f"at {repeat['machine'].split('started ')[1][11:16]}")  # fmt: skip
    assert again["pyrfm_best"] == r["pyrfm_best"] == "3x3 x 300"
    assert f"{ours['rel_l2']:.2e}" == f"{r['pinnls']['rel_l2']:.2e}"  # "the same errors"
    loads = sorted(again["load_average"])
    quotes(bench, f"({loads[0]:.1f} to {loads[-1]:.1f} in the repeat)")
    # The error grid's size as the text gives it: the 101^2 grid of [0, 1]^2 in the closed disk.
    ticks = np.linspace(0, 1, 101)
    inside = (ticks[:, None] - 0.5) ** 2 + (ticks[None, :] - 0.5) ** 2 <= 0.25
    quotes(bench, f"masked to the closed disk ({int(inside.sum())} points)")


def test_section_13_inverse(bench):
    record = load("inverse.json")
    assert "benchmarks/inverse.py" in record["command"]
    quotes(bench, f"f is recovered to rel L2 {e(record['clean_f_rel_l2'])}")
    quotes(bench, f"u to {e(record['clean_u_rel_l2'])}")
    quotes(bench, f"and to {e(record['clean_auto_f_rel_l2'])} with the defaults")
    runs = record["runs"]
    for criterion, label in (("upre", "UPRE (noise stated; the default then)"),
                             ("gcv", "GCV (the same data, noise not stated)")):  # fmt: skip
        ratios = [r["ratio"] for r in runs if r["criterion"] == criterion]
        within = sum(r <= 3 for r in ratios)
        assert within == record[f"{criterion}_within_3x"]
        row(bench, label, f"{statistics.median(ratios):.2f}", f"{max(ratios):.2f}",
            f"{within} of {len(ratios)}")  # fmt: skip
    covers = [r["coverage"] for r in runs if "coverage" in r]
    quotes(bench, f"{100 * statistics.mean(covers):.1f}% of the points over the 20 seeds")
    quotes(bench, f"from {100 * min(covers):.0f}%")
    errors = [r["f_rel_l2"] for r in runs if r["criterion"] == "upre"]
    quotes(bench, f"{100 * min(errors):.1f}% to {100 * max(errors):.1f}% (UPRE)")


def test_section_14_grid_reference(bench):
    record = load("grid_reference.json")
    assert "benchmarks/grid_reference.py" in record["command"]
    quotes(bench, f"differs by rel L2 {record['fd_256_vs_512_rel_l2']:.2e}")
    quotes(bench, f"{record['rel_l2_vs_reference']:.2e} against the reference")
    quotes(bench, f"max {e(record['max_vs_reference'])}")
    quotes(bench, f"its {record['reference_points']} interior nodes")


def test_section_15_per_axis_steepness(bench):
    record = load("axes.json")
    assert "benchmarks/axes/measure.py" in record["command"]
    names = {
        "rotation_auto": ("rotation_2d", "defaults"),
        "rotation_iso": ("rotation_2d", "isotropic"),
        "heat_auto": ("Heat 2d-MS", "defaults"),
        "heat_iso": ("Heat 2d-MS", "isotropic"),
        "advection_auto": ("advection_gauss", "defaults"),
    }
    for name, (problem, run) in names.items():
        r = record["runs"][name]
        axes = ", ".join(f"{k}={v:g}" for k, v in (r["axis_scales"] or {}).items()) or "none"
        row(bench, problem, run, f"{r['width']}, {r['scale']:g}, {axes}",
            f"{r['per_axis_probes']} ({r['per_axis_planned']:.1f})", r["stop_reason"],
            f"{r['rel_l2_error']:.2e}", f"{r['wall_seconds']:.0f} s ({r['load']:.1f})")  # fmt: skip
    runs = record["runs"]
    gain = runs["rotation_iso"]["rel_l2_error"] / runs["rotation_auto"]["rel_l2_error"]
    quotes(bench, f"{gain:.1f}x better in the same plan")


def test_section_16_cod_against_svd(bench):
    record = load("cod_vs_svd.json")
    assert "benchmarks/bench_cod.py" in record["command"]
    ratios = []
    for r in record["rows"]:
        svd, cod = r["median"]["svd"], r["median"]["cod"]
        ratios.append(svd / cod)
        row(bench, r["problem"], r["width"], f"{svd:.1f}", f"{cod:.1f}", f"{svd / cod:.2f}",
            f"{r['errors']['svd']:.2e}", f"{r['errors']['cod']:.2e}")  # fmt: skip
    quotes(
        bench,
        f"{min(ratios):.2f}-{max(ratios):.2f}x faster (median {statistics.median(ratios):.2f}x)",
    )


def test_section_17_shapes(bench):
    record = load("shapes.json")
    assert "benchmarks/shapes.py" in record["command"]
    assert len(record["rows"]) == 3
    for r in record["rows"]:
        met = r["rel_l2"] <= r["target_rel_l2"] and r["wall"] <= r["target_seconds"]
        assert met == r["met"]
        target = f"<= {r['target_rel_l2']:g} in {r['target_seconds']:g} s"
        row(bench, r["problem"], r["width"], f"{r['rel_l2']:.2e}", f"{r['validation']:.2e}",
            f"{r['wall']:.1f}", f"{r['elapsed']:.1f}", target, "yes" if met else "no")  # fmt: skip
    quotes(bench, f"load average {record['load_at_end']:.1f} at the end")


def test_section_20_local_bases(bench):
    def cell(r):
        return f"{r['rel_l2']:.2e} / {r['cpu_seconds']:.1f}"

    for name, cells in (("local_basis.json", 16), ("local_basis_wide.json", 6)):
        record = load(name)
        assert "benchmarks/local_basis.py" in record["command"]
        by_cell: dict = {}
        for r in record["rows"]:
            by_cell.setdefault((r["problem"], r["scale"]), []).append(r)
        assert len(by_cell) == cells
        for (problem, scale), rs in by_cell.items():
            name = problem.split("/")[-1][:-3]
            row(bench, name, f"{scale:g}", cell(rs[0]),
                *[f"{r['subdomains']}: {cell(r)}" for r in rs[1:]])  # fmt: skip
    record = load("local_basis_anisotropic.json")
    assert "--anisotropic" in record["command"]
    by_problem: dict = {}
    for r in record["rows"]:
        by_problem.setdefault(r["problem"], []).append(r)
    for problem, rs in by_problem.items():
        axes = ", ".join(f"{k}={v:g}" for k, v in rs[0]["axis_scales"].items())
        local = "; ".join(f"{r['subdomains']}: {cell(r)}" for r in rs[1:])
        row(bench, problem.split("/")[-1][:-3], axes, cell(rs[0]), local)
    record = load("local_basis_scaling.json")
    assert "--scaling" in record["command"]
    for r in record["rows"]:
        dense = (
            f"{r['dense_cpu']:.2f} s, {r['dense_rel_l2']:.2e}, {r['difference']:.1e}"
            if "dense_cpu" in r
            else ""
        )
        row(bench, r["subdomains"], f"{r['columns']:,}", f"{r['rows']:,}",
            f"{r['assembly_cpu']:.2f}", f"{r['solve_cpu']:.2f}", f"{r['iterations']:,}",
            f"{r['stored_with_factors']:,}", f"{r['dense_entries']:,}",
            f"{r['solve_peak_bytes'] / 1e6:.2f}", f"{r['rel_l2']:.2e}", dense)  # fmt: skip


def test_section_21_fewer_probes(bench):
    """The old-against-new table and its summary are the script's own output from the JSON."""
    import importlib.util

    record = load("probe_plan.json")
    assert "benchmarks/probe_plan.py" in record["command"]
    spec = importlib.util.spec_from_file_location("probe_plan", ROOT / "benchmarks/probe_plan.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    runs = record["runs"]
    order = [path for path, _ in script.PROBLEMS if path in runs]
    assert len(order) >= 10
    for line in script.table(runs, order).splitlines()[2:]:
        quotes(bench, line)
    quotes(bench, script.summary(runs, order))


def test_section_22_the_suite_after_the_closed_form_and_fewer_probes(bench):
    rows = load("suite_session7.json")
    before, slabs = load("suite_defaults.json"), load("suite_after_slabs.json")
    assert [r["name"] for r in rows] == [r["name"] for r in before]
    for r in rows:
        ratio = r["validation"] / r["rel_l2"]
        width = r["width"] if r["width"] is not None else "slabs"
        row(bench, r["name"], r["axes"], e2(r["rel_l2"]), e2(r["validation"]), f"{ratio:.1f}",
            width, r["rows"], f"{r['wall']:.1f}")  # fmt: skip

    def median_wall(group, low=False):
        return statistics.median(r["wall"] for r in group if not low or r["axes"] <= 2)

    low = [r for r in rows if r["axes"] <= 2]
    ratio = median_wall(rows) / median_wall(before)
    quotes(
        bench,
        f"median {median_wall(rows):.1f} s, against {median_wall(before):.1f} s in section 7 "
        f"({ratio:.2f}x) and {median_wall(slabs):.1f} s in section 9's",
        f"({median_wall(rows) / median_wall(slabs):.2f}x)",
        f"the median is {median_wall(rows, True):.1f} s, against {median_wall(before, True):.1f} s "
        f"and {median_wall(slabs, True):.1f} s",
        f"the 1- and 2-axis problems is {statistics.median(r['rel_l2'] for r in low):.2e}",
        f"{sum(r['rel_l2'] <= 1e-4 for r in low)} of the {len(low)} reach 1e-4",
    )
    # The target (half of the median) as the section states it: met against section 9's run.
    assert median_wall(rows) <= median_wall(slabs) / 2 < median_wall(before)
    front = next(r for r in rows if r["name"] == "transport-front")
    quotes(bench, f"**transport-front {e(front['rel_l2'], 2)}**")


def test_section_23_saturated_bases(bench):
    before, after = load("suite_session8_before.json"), load("suite_session8.json")
    assert [r["name"] for r in before] == [r["name"] for r in after]

    def width(r):
        return r["width"] if r["width"] is not None else "slabs"

    for x, y in zip(before, after):
        row(bench, x["name"], x["axes"], e2(x["rel_l2"]), width(x), f"{x['wall']:.1f}",
            e2(y["rel_l2"]), width(y), f"{y['wall']:.1f}")  # fmt: skip
    low = [r for r in after if r["axes"] <= 2]
    met = [r for r in low if r["rel_l2"] <= 1e-4 and r["wall"] <= 60]
    assert len(met) == len(low) == 20
    assert sum(r["rel_l2"] <= 1e-4 and r["wall"] <= 60 for r in before if r["axes"] <= 2) == 19
    changed = [y["name"] for x, y in zip(before, after) if x["rel_l2"] != y["rel_l2"]]
    assert len(after) - len(changed) == 16
    # No problem loses more than rounding (advection-periodic: 1.23e-10 against 1.22e-10).
    assert all(y["rel_l2"] <= 1.05 * x["rel_l2"] for x, y in zip(before, after))
    median = statistics.median

    def total(rows):
        return sum(r["wall"] for r in rows)

    quotes(
        bench,
        f"median solve {median(r['wall'] for r in after):.1f} s against "
        f"{median(r['wall'] for r in before):.1f} s (the sum of the 22 runs "
        f"{total(after):.0f} s against {total(before):.0f} s, "
        f"+{100 * (total(after) / total(before) - 1):.0f}%",
        f"Median error over the 1- and 2-axis problems {e2(median(r['rel_l2'] for r in low))}",
    )


def pyrfm_rerun(bench, name: str, started: str):
    """A vs_pyrfm.py rerun of all seven problems: its JSON, after checking its command, its
    start and its table; and the number of problems where the target is met."""
    record = load(name)
    assert "--problems poisson,gauss,heat,xyt,helmholtz,reaction,disk" in record["command"]
    assert f"started {started}" in record["machine"]
    return record, pyrfm_table(bench, record)


def test_section_23_against_pyrfm_with_the_rule(bench):
    record, met = pyrfm_rerun(bench, "vs_pyrfm_session8.json", "2026-12-02 23:59")
    quotes(bench, f"Met on {met} of the {len(record['rows'])} (3 in section 12's rerun)")
    gauss = next(r for r in record["rows"] if r["problem"] == "gauss")
    assert gauss["target_tenfold_in_same_time"] and not gauss["target_third_of_time"]


def test_section_23_the_three_axis_benchmark_rerun(bench):
    record = load("axes_table_session8.json")
    assert "--budget 60" in record["command"]
    rows = record["rows"]
    rows = list(rows.values()) if isinstance(rows, dict) else rows
    assert len(rows) == 12 and all(r["stopped"] is None for r in rows)
    three = [r for r in rows if len(r["axes"]) == 3]
    met = sum(r["rel_l2_error"] <= 1e-4 for r in three)
    median = statistics.median(r["rel_l2_error"] for r in three)
    quotes(
        bench,
        f"{met} of the {len(three)} problems on exactly three axes reach 1e-4",
        f"the median here is {e(median, 2)}",
        f"Every solve now takes at most {math.ceil(max(r['wall_seconds'] for r in rows))} s",
        f"(the largest run here: {max(r['peak_rss_gib'] for r in rows):.1f} GiB, Heat 2d-MS)",
    )
    for r in rows:
        quotes(bench, f"| {e2(r['rel_l2_error'])} |")


def test_section_23_the_growth_gain_on_more_axes(bench):
    def rows_of(name):
        rows = load(name)["rows"]
        rows = list(rows.values()) if isinstance(rows, dict) else rows
        return {r["problem"]: r for r in rows}

    before, after = rows_of("axes_table_session8.json"), rows_of("axes_table_session8_gain.json")
    assert before.keys() == after.keys()
    changed = [p for p in before if before[p]["rel_l2_error"] != after[p]["rel_l2_error"]]
    assert changed == ["benchmarks/axes/transport_constant_2d.py"]
    old, new = before[changed[0]], after[changed[0]]
    quotes(bench, f"**transport_constant_2d {e(new['rel_l2_error'], 2)}** against "
           f"{e(old['rel_l2_error'], 2)}")  # fmt: skip
    three = [r["rel_l2_error"] for r in after.values() if len(r["axes"]) == 3]
    quotes(
        bench, f"the median over the nine three-axis problems is {e(statistics.median(three), 2)}"
    )
    assert len(three) == 9


def suite_pair(bench, before_name: str, after_name: str, earlier_name: str):
    """A before/after run of the suite side by side: both JSONs, after checking that their
    table is in the docs, that "before" repeats ``earlier_name`` to the last digit (the plan
    is the same), and that every one- and two-axis problem reaches 1e-4 within 60 s."""
    before, after = load(before_name), load(after_name)
    assert [r["name"] for r in before] == [r["name"] for r in after]
    assert [r["rel_l2"] for r in before] == [r["rel_l2"] for r in load(earlier_name)]

    def width(r):
        return r["width"] if r["width"] is not None else "slabs"

    for x, y in zip(before, after):
        row(bench, x["name"], x["axes"], e2(x["rel_l2"]), width(x), f"{x['wall']:.1f}",
            e2(y["rel_l2"]), width(y), f"{y['wall']:.1f}")  # fmt: skip
    low = [r for r in after if r["axes"] <= 2]
    assert sum(r["rel_l2"] <= 1e-4 and r["wall"] <= 60 for r in low) == len(low) == 20
    return before, after, low


def test_section_24_aligned_features_in_the_suite(bench):
    # "before" is session 8's (section 23's) run again
    before, after, low = suite_pair(
        bench, "suite_session9_before.json", "suite_session9.json", "suite_session8.json"
    )
    median = statistics.median
    won = [y["name"] for x, y in zip(before, after) if y["rel_l2"] < x["rel_l2"]]
    lost = [y["name"] for x, y in zip(before, after) if y["rel_l2"] > x["rel_l2"]]
    assert lost == ["transport-constant", "advection-periodic"]
    assert all(y["rel_l2"] < 1e-10 * 2 for y in after if y["name"] in lost)
    ratios = [r["validation"] / r["rel_l2"] for r in after]
    quotes(
        bench,
        f"**Median solve {median(r['wall'] for r in after):.1f} s against "
        f"{median(r['wall'] for r in before):.1f} s (0.20x); the 22 runs together "
        f"{sum(r['wall'] for r in after):.0f} s against {sum(r['wall'] for r in before):.0f} s.**",
        f"the median is {median(r['wall'] for r in low):.1f} s against "
        f"{median(r['wall'] for r in before if r['axes'] <= 2):.1f} s",
        f"median error {e2(median(r['rel_l2'] for r in low))} against "
        f"{e2(median(r['rel_l2'] for r in before if r['axes'] <= 2))}",
        f"above the true error on {sum(q >= 1 for q in ratios)} of 22",
        f"The ratio's median is {median(ratios):.1f}",
    )
    assert len(won) == 7 and "7 of them are more accurate than before" in bench
    # all nine that chose aligned features (the other 13 ran their old stages) are faster
    faster = [y["name"] for x, y in zip(before, after) if y["wall"] < x["wall"] / 2]
    assert set(won) | set(lost) <= set(faster) and len(faster) >= 9


def test_section_24_against_pyrfm(bench):
    record, met = pyrfm_rerun(bench, "vs_pyrfm_session9.json", "2026-12-03 04:12")
    quotes(bench, f"Met on {met} of the 7, the same four as in section 23")
    before = {r["problem"]: r["target_met"] for r in load("vs_pyrfm_session8.json")["rows"]}
    assert {r["problem"]: r["target_met"] for r in record["rows"]} == before
    (heat,) = load("vs_pyrfm_session9_heat.json")["rows"]
    assert heat["target_met"] and heat["pinnls"]["rel_l2"] == next(
        r["pinnls"]["rel_l2"] for r in record["rows"] if r["problem"] == "heat"
    )
    quotes(bench, f"{heat['pinnls']['rel_l2']:.2e} in {heat['pinnls']['seconds']:.1f} s, "
           f"{len(heat['pinnls']['stages'])} stages against this run's")  # fmt: skip
    rows = {r["problem"]: r["pinnls"] for r in record["rows"]}
    for name in ("gauss", "xyt"):
        quotes(bench, f"**{name} {e2(rows[name]['rel_l2'])} in {rows[name]['seconds']:.1f} s**")


def test_section_24_the_three_axis_benchmark(bench):
    def rows_of(name):
        record = load(name)
        assert "--budget 60" in record["command"]
        return record["rows"]

    before, after = rows_of("axes_table_session9_before.json"), rows_of("axes_table_session9.json")
    assert before.keys() == after.keys() and len(after) == 12
    # the "before" column is section 23's run again, to the last digit
    old = rows_of("axes_table_session8_gain.json")
    assert all(before[k]["rel_l2_error"] == old[k]["rel_l2_error"] for k in before)
    for key, r in after.items():
        quotes(bench, f"| {e2(before[key]['rel_l2_error'])} |", f"| {e2(r['rel_l2_error'])} |")
    aligned = sorted(k for k, r in after.items() if r.get("aligned"))
    assert aligned == ["transport_3d_time", "transport_constant_2d", "wave_1d_c", "wave_2d"]
    three = [r for r in after.values() if len(r["axes"]) == 3]
    was = [r for r in before.values() if len(r["axes"]) == 3]
    met = sum(r["rel_l2_error"] <= 1e-4 for r in three)
    quotes(
        bench,
        f"**{met} of the {len(three)} problems on exactly three axes reach 1e-4** "
        f"({sum(r['rel_l2_error'] <= 1e-4 for r in was)} before)",
        f"the median over the nine is {e2(statistics.median(r['rel_l2_error'] for r in three))} "
        f"({e2(statistics.median(r['rel_l2_error'] for r in was))} before)",
        f"**transport_3d_time (four axes): {e(after['transport_3d_time']['rel_l2_error'], 2)} "
        f"against {e(before['transport_3d_time']['rel_l2_error'], 2)}**",
        f"Every solve takes at most {max(r['process_wall'] for r in after.values()):.0f} s",
    )


def test_section_25_feet_in_the_suite(bench):
    # "before" is section 24's run again (main's plan at 96ddeb3)
    before, after, low = suite_pair(
        bench, "suite_session10_before.json", "suite_session10.json", "suite_session9.json"
    )
    median = statistics.median
    by_name = {r["name"]: (x, r) for x, r in zip(before, after)}
    rotation = by_name["rotation-2d"]
    assert rotation[1]["rel_l2"] <= 1e-6 < rotation[0]["rel_l2"]
    ratios = [r["validation"] / r["rel_l2"] for r in after]
    quotes(
        bench,
        f"their median error is {e2(median(r['rel_l2'] for r in low))} against "
        f"{e2(median(r['rel_l2'] for r in before if r['axes'] <= 2))}",
        f"**Median solve {median(r['wall'] for r in after):.1f} s against "
        f"{median(r['wall'] for r in before):.1f} s; the 22 runs together "
        f"{sum(r['wall'] for r in after):.0f} s against {sum(r['wall'] for r in before):.0f} s.**",
        f"**rotation-2d: {e2(rotation[1]['rel_l2'])} against {e2(rotation[0]['rel_l2'])}**",
        f"at or above the true error on {sum(q >= 1 for q in ratios)} of 22",
        f"the median {median(ratios):.1f}",
    )
    for name in ("advection-variable", "advection-reaction"):
        x, y = by_name[name]
        quotes(bench, f"{e2(y['rel_l2'])} in {y['wall']:.1f} s against {e2(x['rel_l2'])} in "
               f"{x['wall']:.1f} s")  # fmt: skip


def test_section_25_the_choices_of_the_feet(bench):
    record = load("feet_choices_session10.json")
    assert "transcribed" in record["provenance"]
    for r in record["rows"]:
        quotes(bench, e2(r["rel_l2"]))


def test_section_25_against_pyrfm_on_reaction(bench):
    record = load("vs_pyrfm_session10_reaction.json")
    assert "--problems reaction" in record["command"]
    assert "started 2026-12-03 07:49" in record["machine"]
    (r,) = record["rows"]
    assert not r["target_met"]
    quotes(bench, f"**{e2(r['pinnls']['rel_l2'])} in {r['pinnls']['seconds']:.1f} s**")
    for size in r["pyrfm"]:
        quotes(bench, f"{e2(size['rel_l2'])} in")


def test_section_25_the_three_axis_benchmark(bench):
    record = load("axes_table_session10.json")
    assert "--budget 60" in record["command"]
    before, after = load("axes_table_session9.json")["rows"], record["rows"]
    assert before.keys() == after.keys() and len(after) == 12
    for key, r in after.items():
        quotes(bench, f"| {key} | {', '.join(r['axes'])} | {e2(before[key]['rel_l2_error'])} | "
               f"{e2(r['rel_l2_error'])} |")  # fmt: skip
    three = [r for r in after.values() if len(r["axes"]) == 3]
    was = [r for r in before.values() if len(r["axes"]) == 3]
    met = sum(r["rel_l2_error"] <= 1e-4 for r in three)
    median = statistics.median(r["rel_l2_error"] for r in three)
    assert median <= 1e-6 and met == 6
    quotes(
        bench,
        f"**{met} of the {len(three)} problems on exactly three axes reach 1e-4** "
        f"({sum(r['rel_l2_error'] <= 1e-4 for r in was)} before), and **their median is "
        f"{e2(median)}** ({e2(statistics.median(r['rel_l2_error'] for r in was))} before)",
        f"**rotation_2d {e2(after['rotation_2d']['rel_l2_error'])} in "
        f"{after['rotation_2d']['process_wall']:.0f} s**",
        f"**transport_3d_time (four axes) {e2(after['transport_3d_time']['rel_l2_error'])}**",
        f"Every solve took at most {max(r['process_wall'] for r in after.values()):.0f} s and "
        f"{max(r['peak_rss_gib'] for r in after.values()):.1f} GiB",
    )


# Section 26: the walk below the ladder -------------------------------------------------------


#: The steepnesses of section 26's sweep table.
SWEPT = (0.25, 0.5, 1.0, 1.5, 2.0)


def test_section_26_the_gentle_sweep(bench):
    record = load("gentle_sweep_session11.json")
    assert "transcribed" in record["provenance"] and "fe3907d" in record["provenance"]
    rows = [r for r in record["rows"] if r["width"] == 512]
    problems = {(r["problem"], r["axis_scales"]) for r in rows}
    assert len(problems) == 12
    for problem, factors in problems:
        cells = {
            r["scale"]: r for r in rows if (r["problem"], r["axis_scales"]) == (problem, factors)
        }
        name = problem.rsplit("/", 1)[-1].removesuffix(".py")
        shown = [f"{e2(cells[s]['estimate'])} ({e2(cells[s]['rel_l2'])})" for s in SWEPT]
        row(bench, name, factors or "-", *shown)
    pnd = {(r["width"], r["scale"]): r for r in record["rows"] if "poisson_nd" in r["problem"]}
    # gentler keeps paying on PNd as it widens (the docs' 1024 and 2048 figures)
    assert pnd[(1024, 0.125)]["rel_l2"] < pnd[(1024, 0.25)]["rel_l2"] < pnd[(512, 0.25)]["rel_l2"]
    quotes(
        bench,
        f"{e2(pnd[(1024, 0.125)]['rel_l2'])} at 0.125 against "
        f"{e2(pnd[(1024, 0.25)]['rel_l2'])} at 0.25",
        e2(pnd[(2048, 0.125)]["rel_l2"]),
    )


def test_section_26_the_suite_takes_the_same_stages(bench):
    # "before" is section 25's run again (main's plan at fe3907d)
    before, after, low = suite_pair(
        bench, "suite_session11_before.json", "suite_session11.json", "suite_session10.json"
    )
    same = sum(x["rel_l2"] == y["rel_l2"] for x, y in zip(before, after))
    assert same == len(after) == 22
    median = statistics.median
    quotes(
        bench,
        f"**{same} of {len(after)} errors identical to the last digit",
        f"Median solve {median(r['wall'] for r in after):.1f} s against "
        f"{median(r['wall'] for r in before):.1f} s; the 22 runs together "
        f"{sum(r['wall'] for r in after):.0f} s against {sum(r['wall'] for r in before):.0f} s",
    )


def test_section_26_pnd_in_the_three_axis_table(bench):
    record = load("axes_table_session11.json")
    assert "--budget 60" in record["command"]
    before, after = load("axes_table_session10.json")["rows"], record["rows"]
    changed = [k for k in after if after[k]["rel_l2_error"] != before[k]["rel_l2_error"]]
    assert changed == ["poisson_nd"]
    pnd = after["poisson_nd"]
    assert pnd["rel_l2_error"] <= 1e-6 and pnd["process_wall"] <= 300 and pnd["stopped"] is None
    quotes(
        bench,
        f"{len(after) - 1} of {len(after)} rows identical to section 25's",
        f"**PNd: {e2(pnd['rel_l2_error'])} in {pnd['process_wall']:.0f} s and "
        f"{pnd['peak_rss_gib']:.1f} GiB** (width {pnd['width']}, steepness {pnd['scale']:g}; "
        f"{e2(before['poisson_nd']['rel_l2_error'])} before)",
    )


def pyrfm_best_rows(bench, record) -> dict:
    """Every row of a vs_pyrfm record as the docs' table of pinnls against pyRFM's best
    (sections 26 and 30); whether each met the target, by problem."""
    met = {}
    for r in record["rows"]:
        best = next(q for q in r["pyrfm"] if q["label"] == r["pyrfm_best"])
        met[r["problem"]] = r["target_met"]
        row(bench, r["problem"], f"{e2(r['pinnls']['rel_l2'])} / {r['pinnls']['seconds']:.1f}",
            r["pinnls"]["width"], f"{e2(best['rel_l2'])} / {best['seconds']:.1f}", best["label"],
            "met" if r["target_met"] else "not met")  # fmt: skip
    return met


def test_section_26_against_pyrfm(bench):
    record = load("vs_pyrfm_session11.json")
    assert "--problems heat,disk,poisson" in record["command"]
    met = pyrfm_best_rows(bench, record)
    assert met == {"heat": True, "disk": False, "poisson": True}


def test_section_26_a_local_basis_on_one_axis(bench):
    record = load("local_1d_helmholtz_session11.json")
    assert "transcribed" in record["provenance"] and "helmholtz_1d.py" in record["command"]
    for r in record["rows"]:
        row(bench, r["subdomains"], r["width"], f"{r['scale']:g}", e2(r["rel_l2"]),
            e2(r["estimate"]), f"{r['stage_seconds']:.1f}", f"{r['wall_seconds']:.1f}")  # fmt: skip
    best = min(record["rows"], key=lambda r: (r["width"] != 1024, r["rel_l2"]))
    assert (best["subdomains"], best["scale"]) == (32, 12.0)
    quotes(bench, f"give {e2(best['rel_l2'])} in {best['wall_seconds']:.1f} s of wall time")


def test_section_26_closed_form_derivatives_of_local_bases(bench):
    record = load("local_closed_form_session11.json")
    cells = {"helmholtz_1d": "32", "poisson_rfm": "4x4", "heat_2d": "2x2x2"}
    speedups, stage_speedups = [], []
    for run in record["runs"]:
        assert f"--subdomains {cells[run['assembly'][0]['problem']]}" in run["command"]
        for r in run["assembly"]:
            assert r["difference"] < 1e-13  # the same columns to rounding
            speedups.append(r["old"] / r["new"])
            row(bench, r["problem"], cells[r["problem"]], r["width"], r["rows"],
                f"{r['old']:.2f} / {r['new']:.2f}", f"{r['old'] / r['new']:.1f}x",
                f"{r['difference']:.1e}")  # fmt: skip
        for r in run["solve"]:
            old, new = sorted([r["old"], r["old2"]]), sorted([r["new"], r["new2"]])
            assert abs(r["new_estimate"] / r["old_estimate"] - 1) < 2e-3
            stage_speedups += [old[0] / new[1], old[1] / new[0]]
            row(bench, r["problem"], cells[r["problem"]], r["width"],
                f"{old[0]:.2f}-{old[1]:.2f}", f"{new[0]:.2f}-{new[1]:.2f}",
                f"{r['old_estimate']:.4e} / {r['new_estimate']:.4e}")  # fmt: skip
    quotes(
        bench,
        f"{min(speedups):.1f}-{max(speedups):.1f}x faster assembly, "
        f"{min(stage_speedups):.1f}-{max(stage_speedups):.1f}x faster stages",
    )


def test_section_26_auto_goes_local_on_one_axis(bench):
    record = load("local_1d_auto_session11.json")
    rows = record["rows"]
    assert len(rows) == 6
    went = []
    for r in rows:
        b, a = r["before"], r["after"]
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        cells = f"{a['width']}, {a['subdomains'] or 'global'}"
        row(bench, name, f"{e2(b['rel_l2'])} / {b['wall']:.1f}", b["width"],
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}", cells, a["stop_reason"])  # fmt: skip
        assert (ROOT / r["problem"]).exists()
        if a["subdomains"]:
            went.append((b["rel_l2"] / a["rel_l2"], b["wall"] / a["wall"]))
            assert a["stop_reason"] == "converged" and a["subdomains"] == "32"
        else:  # resolved by the global probes: the same run
            assert a["rel_l2"] == b["rel_l2"] and a["stages"] == b["stages"]
    gains, speeds = zip(*went, strict=True)
    assert len(went) == 4 and min(gains) > 10 and min(speeds) > 2
    guide = text("docs/guide.md")
    quotes(guide, f"errors went {min(gains):.0f}-{round(max(gains), -2):.0f}x lower in "
           f"{min(speeds):.1f}-{max(speeds):.1f}x less time")  # fmt: skip


def test_section_26_helmholtz_against_pyrfm(bench):
    record = load("vs_pyrfm_session11_helmholtz.json")
    assert "--problems helmholtz" in record["command"]
    (r,) = record["rows"]
    assert r["target_met"] and r["target_tenfold_in_same_time"]
    assert [q["label"] for q in r["pyrfm"]][-1] == "64 x 50"
    quotes(bench, f"**pinnls {e2(r['pinnls']['rel_l2'])} in {r['pinnls']['seconds']:.1f} s**")
    for q in r["pyrfm"]:
        quotes(bench, f"{q['label']}: {e2(q['rel_l2'])} in {q['seconds']:.1f} s")


def test_section_27_what_part_of_a_drift_to_keep(bench):
    record = load("drift_sweep.json")
    assert "benchmarks/drift_sweep.py" in record["command"]
    parts = (None, 0.0, 1 / 16, 1 / 8, 1 / 4, 1 / 2)
    groups: dict = {}
    for r in record["rows"]:
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        groups.setdefault((name, r["width"], r["scale"]), {})[r["along"]] = r
    for (name, width, scale), by_part in groups.items():
        cells = [
            f"{by_part[p]['rel_l2']:.2e} / {by_part[p]['seconds']:.1f}" if p in by_part else ""
            for p in parts
        ]
        row(bench, name, width, f"{scale:g}", *cells)
    pulse = groups[("advection_diffusion_2d", 2048, 4.0)]
    assert pulse[1 / 8]["rel_l2"] * 10 < pulse[None]["rel_l2"]  # the drift pays, 40x


def test_section_27_the_three_axis_table_and_the_problems_written_for_it(bench):
    record = load("axes_table_session12.json")
    before, after = load("axes_table_session11.json")["rows"], record["rows"]
    changed = [k for k in after if after[k]["rel_l2_error"] != before[k]["rel_l2_error"]]
    assert changed == ["advection_diffusion_2d"]
    drift = after["advection_diffusion_2d"]
    assert drift["rel_l2_error"] <= 1e-4 and drift["process_wall"] <= 120
    quotes(
        bench,
        f"**advection_diffusion_2d {drift['rel_l2_error']:.2e} in {drift['process_wall']:.0f} "
        f"s** (width {drift['width']}, steepness {drift['scale']:g}, aligned 1; "
        f"{before['advection_diffusion_2d']['rel_l2_error']:.2e} at width "
        f"{before['advection_diffusion_2d']['width']} before)",
    )
    users = load("drift_user_session12.json")["rows"] + load("drift_user_session13.json")["rows"]
    for r in users:
        b, a = r["before"], r["after"]
        choice = f"{a['width']}, {a['choice']}" if a["choice"] else str(a["width"])
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        row(bench, name, f"{b['rel_l2']:.2e} / {b['seconds']:.1f}", b["width"],
            f"{a['rel_l2']:.2e} / {a['seconds']:.1f}", choice)  # fmt: skip


def test_section_27_second_derivatives_on_the_feet(bench):
    record = load("feet_closed_form_session12.json")
    assert "benchmarks/bench_feet.py" in record["command"]
    for r in record["rows"]:
        forward, closed = r["forward_mode_pde_s"], r["closed_form_pde_s"]
        row(bench, r["width"], f"{r['pde_rows']:,}", f"{r['rows']:,}",
            f"{forward:.2f} / {closed:.2f}", f"{forward / closed:.1f}x",
            f"{r['forward_mode_system_s']:.2f} / {r['closed_form_system_s']:.2f}",
            f"{r['largest_difference']:.1e}")  # fmt: skip
        assert r["largest_difference"] < 1e-12 and closed < forward


def test_section_27_the_suite_is_unchanged(bench):
    before, after = load("suite_session12_before.json"), load("suite_session12.json")
    same = sum(b["rel_l2"] == a["rel_l2"] for b, a in zip(before, after, strict=True))
    median = statistics.median
    quotes(
        bench,
        f"{same} of {len(after)} errors identical to the last digit",
        f"median solve {median(a['wall'] for a in after):.1f} s against "
        f"{median(b['wall'] for b in before):.1f} s",
    )
    rotation = [(b, a) for b, a in zip(before, after, strict=True) if a["name"] == "rotation-2d"]
    ((b, a),) = rotation
    quotes(bench, f"rotation-2d {a['wall']:.1f} s against {b['wall']:.1f} s")


def test_section_28_ridges_or_envelopes(bench):
    record = load("layers_envelopes.json")
    assert "benchmarks/layers_envelopes.py" in record["command"]
    at = {}
    for r in record["rows"]:
        at[(r["problem"].rsplit("/", 1)[-1].removesuffix(".py"), r["envelopes"], r["layers"])] = r
    names = list(dict.fromkeys(name for name, _, _ in at))
    for name in names:
        cells = [
            f"{at[(name, share, f)]['rel_l2']:.2e}" for share in (0, 0.5, 1) for f in (0.25, 0.5)
        ]
        row(bench, name, *cells)
    # envelopes only: at least 10x better than ridges wherever the layer runs along a face
    for name in ("layer_1d", "steady_2d", "cd2d"):
        assert at[(name, 1.0, 0.25)]["rel_l2"] < at[(name, 0.0, 0.25)]["rel_l2"] / 10
    ridge_or_envelope = {
        name: (at[(name, 1.0, 0.25)]["rel_l2"], at[(name, 0.0, 0.25)]["rel_l2"]) for name in names
    }
    quotes(
        bench,
        f"**steady_2d {e(ridge_or_envelope['steady_2d'][0])} against "
        f"{e(ridge_or_envelope['steady_2d'][1])} with ridges, cd2d "
        f"{e(ridge_or_envelope['cd2d'][0])} against {e(ridge_or_envelope['cd2d'][1])}, "
        f"layer_1d {e(ridge_or_envelope['layer_1d'][0])} against "
        f"{e(ridge_or_envelope['layer_1d'][1])}**",
    )
    proto = load("layers_envelope_proto.json")
    assert "benchmarks/layers_envelope_proto.py" in proto["command"]
    quotes(
        bench,
        "; ".join(
            f"width {r['width']}, {r['fraction']:g} of the features: ridges {r['ridge']:.2e}, "
            f"envelopes {r['envelope']:.2e}"
            for r in proto["rows"]
            if r["fraction"]
        ),
    )


def test_section_28_how_many_features_across_the_layer_and_on_which_clouds(bench):
    record = load("layers_sweep.json")
    assert "benchmarks/layers_sweep.py" in record["command"]
    rows = record["rows"]
    for clouds in ("sobol", "grid"):
        for scale in (2.0, 4.0):
            mine = sorted(
                (r for r in rows if r["clouds"] == clouds and r["scale"] == scale),
                key=lambda r: r["layers"],
            )
            cells = [f"{r['rel_l2']:.2e} ({r['estimate']:.1e})" for r in mine]
            row(bench, mine[0]["pde_points"], f"{scale:g}", *cells)
    at = {(r["clouds"], r["scale"], r["layers"]): r for r in rows}
    quotes(
        bench,
        f"**{at[('sobol', 2.0, 0.0)]['rel_l2']:.2e} without, "
        f"{at[('sobol', 2.0, 0.125)]['rel_l2']:.2e} and "
        f"{at[('sobol', 2.0, 0.25)]['rel_l2']:.2e} with** at steepness 2; half is worse "
        f"({at[('sobol', 2.0, 0.5)]['rel_l2']:.2e})",
    )
    ratios = [
        at[("grid", scale, f)]["rel_l2"] / at[("sobol", scale, f)]["rel_l2"]
        for scale in (2.0, 4.0)
        for f in (0.125, 0.25, 0.5)
    ]
    assert min(ratios) >= 100
    quotes(
        bench, f"do {two(min(ratios))}x to {int(two(max(ratios))):,}x worse than on as many Sobol"
    )


def test_section_28_the_defaults_against_no_layers(bench):
    record = load("layers_session13.json")
    assert "benchmarks/layers_auto.py" in record["command"]
    for r in record["rows"]:
        w, a = r["without"], r["defaults"]
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        choice = f"{a['width']}, {a['choice']}" if a["choice"] else str(a["width"])
        row(bench, name, f"{w['rel_l2']:.2e} / {w['seconds']:.1f}", w["width"],
            f"{a['rel_l2']:.2e} / {a['seconds']:.1f}", choice)  # fmt: skip
        if "layers" not in a["choice"]:
            assert a["rel_l2"] == w["rel_l2"], name  # a probe that loses changes nothing
    rows = {r["problem"].rsplit("/", 1)[-1].removesuffix(".py"): r for r in record["rows"]}
    steady, layer, cd2d = rows["steady_1d"]["defaults"], rows["layer_1d"], rows["cd2d"]
    assert cd2d["without"]["rel_l2"] > 1 and cd2d["defaults"]["rel_l2"] < 1e-4
    quotes(
        bench,
        f"**steady_1d {steady['rel_l2']:.2e} in {steady['seconds']:.1f} s**",
        f"**layer_1d {layer['defaults']['rel_l2']:.2e}** against {layer['without']['rel_l2']:.2e}",
        f"**cd2d {cd2d['defaults']['rel_l2']:.2e}**",
        f"(1.03, its estimate {cd2d['without']['estimate']:.2f})",
    )
    before, after = load("axes_table_session12.json")["rows"], load("axes_table_session13.json")
    assert "74c28b6" in after["note"]
    same = [k for k in before if before[k]["rel_l2_error"] == after["rows"][k]["rel_l2_error"]]
    quotes(bench, f"all {len(same)} errors identical to session 12's to the last digit")
    assert len(same) == len(before) == 12


def test_section_28_the_probe_costs_little_where_it_loses(bench):
    record = load("layers_probe_cost.json")
    assert "benchmarks/layers_probe_cost.py" in record["command"]
    runs = record["runs"]
    without = statistics.median(r["seconds"] for r in runs if r["settings"] == "--layers 0")
    defaults = statistics.median(r["seconds"] for r in runs if r["settings"] == "defaults")
    assert len({r["rel_l2"] for r in runs}) == 1  # the same answer either way
    stages = {r["settings"]: r["stages"] for r in runs}
    quotes(
        bench,
        f"a median of {defaults:.1f} s with the defaults against {without:.1f} s with "
        f"`--layers 0` ({defaults / without:.2f}x; {stages['defaults']} stages against "
        f"{stages['--layers 0']})",
    )


def test_section_28_the_reported_error_against_a_grid_that_resolves_the_layer(bench):
    record = load("layers_fine_grid.json")
    assert "benchmarks/layers_fine_grid.py" in record["command"]
    phrases = []
    for r in record["rows"]:
        fine, reported = r["grid_2001"], r["reported"]
        # the reported error is the right order of magnitude
        assert reported["rel_l2"] / 2 < fine["rel_l2"] < 2 * reported["rel_l2"]
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        phrases.append(
            f"{name} {fine['rel_l2']:.2e} against {reported['rel_l2']:.2e} reported (max error "
            f"{fine['max']:.1e} against {reported['max']:.1e})"
        )
    quotes(bench, "; ".join(phrases))


def test_section_29_systems_defaults_against_no_alignment(bench):
    record = load("system_cone_session14.json")
    assert "benchmarks/layers_auto.py" in record["command"]
    assert record["against"] == "--aligned 0"
    rows = {}
    for r in record["rows"]:
        w, a = r["without"], r["defaults"]
        name = r["problem"].rsplit("/", 1)[-1].removesuffix(".py")
        rows[name] = r
        wc = f"{w['width']}, {w['choice']}" if w["choice"] else str(w["width"])
        row(bench, name, f"{w['rel_l2']:.2e} / {w['seconds']:.1f}", wc,
            f"{a['rel_l2']:.2e} / {a['seconds']:.1f}", f"{a['width']}, {a['choice']}")  # fmt: skip
        assert a["choice"] == "aligned 1" and a["rel_l2"] < w["rel_l2"] / 10, name
    pulse, before = rows["open_pulse"]["defaults"], rows["open_pulse"]["without"]
    was = f"{before['rel_l2']:.2e} in {before['seconds']:.1f} s"
    quotes(
        bench,
        f"**open_pulse {pulse['rel_l2']:.2e} in {pulse['seconds']:.1f} s** against {was}",
        f"{was}, where the scalar",
    )
    speeds = rows["two_speeds"]
    ratio = speeds["without"]["rel_l2"] / speeds["defaults"]["rel_l2"]
    assert 275 <= ratio < 285 and speeds["defaults"]["seconds"] < speeds["without"]["seconds"] / 4
    room = rows["acoustics_2d"]
    assert room["without"]["rel_l2"] / room["defaults"]["rel_l2"] == pytest.approx(210, rel=0.03)
    char = rows["acoustics_characteristic"]["defaults"]
    assert char["stages"] == 14 and char["stop"] == "stagnation"
    quotes(bench, f"{char['planned']:.1f} planned seconds in all")


def test_section_29_which_families_of_waves(bench):
    record = load("system_waves_families.json")
    assert "benchmarks/system_waves_families.py" in record["command"]
    at = {}
    for r in record["rows"]:
        at[(r["problem"], r["families"], r["aligned"])] = r
        row(bench, r["problem"], r["families"], f"{r['aligned']:g}", f"{r['rel_l2']:.2e}",
            f"{r['estimate']:.2e}", f"{r['seconds']:.1f}")  # fmt: skip
    # without vorticity the moving waves do better; with a vortex only every family holds it
    plain = (
        at[("acoustics_2d", "all", 1.0)]["rel_l2"] / at[("acoustics_2d", "moving", 1.0)]["rel_l2"]
    )
    assert f"{plain:.0f}x better" in bench and plain > 10
    assert at[("acoustics_2d_vortex", "moving", 1.0)]["rel_l2"] > 0.1
    assert at[("acoustics_2d_vortex", "all", 1.0)]["rel_l2"] < 1e-5
    seconds = [r["seconds"] for r in record["rows"]]
    quotes(bench, f"takes {min(seconds):.0f}-{max(seconds):.0f} s here (below)")


def user_rows(bench, name: str, script: str) -> dict:
    """A batch of problems written as a new user would (section 29): every row of the JSON in
    the docs' table (error, estimate, their ratio, width, wall seconds), by problem name."""
    record = load(name)
    assert f"benchmarks/suite.py {script}" in record["command"]
    rows = {}
    for r in record["rows"]:
        rows[r["name"]] = r
        ratio = r["validation"] / r["rel_l2"]
        row(bench, r["name"], r["axes"], f"{r['rel_l2']:.2e}", f"{r['validation']:.2e}",
            f"{ratio:.2g}", r["width"] or "-", f"{r['wall']:.1f}")  # fmt: skip
    return rows


def test_section_29_ten_problems_as_a_new_user_wrote_them(bench):
    rows = user_rows(bench, "user_session14.json", "benchmarks/user14/*.py")
    errors = [r["rel_l2"] for r in rows.values()]
    ratios = {name: r["validation"] / r["rel_l2"] for name, r in rows.items()}
    met = sum(error <= 1e-4 for error in errors)
    quotes(bench, f"Nine of ten at or below 1e-4, the median {e2(float(np.median(errors)))}")
    assert met == 9 and ratios["kink"] < 1
    others = [v for k, v in ratios.items() if k != "kink"]
    quotes(bench, f"on the other nine it is {min(others):.1f}x to {max(others):.0f}x above it")


def test_section_29_the_second_batch_and_the_free_constant(bench):
    rows = user_rows(bench, "user_session14b.json", "benchmarks/user14/neumann.py")
    before = load("user_session14b_neumann_before.json")
    assert "benchmarks/suite.py benchmarks/user14/neumann.py" in before["command"]
    (old,) = before["rows"]
    assert old["rel_l2"] > 1 and rows["neumann"]["rel_l2"] < 1e-10
    assert old["validation"] == pytest.approx(rows["neumann"]["validation"], rel=1e-6)
    quotes(
        bench,
        f"**rel L2 {old['rel_l2']:.2f}, beside an estimate of {old['validation']:.2e}",
        f"The same solution measures {rows['neumann']['rel_l2']:.2e}",
    )


def test_section_29_the_third_batch_and_the_jump(bench):
    rows = user_rows(bench, "user_session14c.json", "benchmarks/user14/darcy_free.py")
    jump = rows["two-layers"]
    assert jump["rel_l2"] > 0.5 and jump["validation"] < 0.1  # wrong, with a small residual
    quotes(bench, f"rel L2 {jump['rel_l2']:.3f}, with an estimate of {jump['validation']:.2e}")
    assert rows["darcy-free"]["rel_l2"] < 1e-10


def test_section_29_the_one_axis_local_probe_from_steepness_6(bench):
    record = load("local_1d_session14.json")
    assert "benchmarks/suite.py" in record["command"]
    for r in record["rows"]:
        a, b = r["before"], r["after"]
        row(bench, r["name"], f"{a['rel_l2']:.2e} / {a['wall']:.1f}", a["width"],
            f"{b['rel_l2']:.2e} / {b['wall']:.1f}", b["width"])  # fmt: skip
        if r["name"] != "helmholtz50":
            assert a["rel_l2"] == b["rel_l2"], r["name"]  # the same stages elsewhere
    (h,) = [r for r in record["rows"] if r["name"] == "helmholtz50"]
    assert h["after"]["rel_l2"] < h["before"]["rel_l2"] / 1000
    quotes(
        bench,
        f"**helmholtz50 {h['after']['rel_l2']:.2e} in {h['after']['wall']:.1f} s** (32 cells) "
        f"against {h['before']['rel_l2']:.2e} in {h['before']['wall']:.1f} s",
    )


def test_section_29_the_aligned_probe_before_the_per_axis_one(bench):
    before, after = load("axes_table_session13.json"), load("axes_table_session14.json")
    assert "benchmarks/axes/table.py" in after["command"]
    better = []
    for name, r in after["rows"].items():
        a = before["rows"][name]
        planned = [f"{x['planned']:.1f}" if x["planned"] else "-" for x in (a, r)]
        row(bench, name, f"{a['rel_l2_error']:.2e}", planned[0], f"{r['rel_l2_error']:.2e}",
            planned[1])  # fmt: skip
        assert r["rel_l2_error"] <= a["rel_l2_error"], name  # no row worse
        if r["rel_l2_error"] < a["rel_l2_error"]:
            better.append(name)
    assert sorted(better) == ["advection_diffusion_2d", "transport_constant_2d", "wave_2d"]
    room = load("acoustics_2d_session14.json")
    assert "benchmarks/suite.py benchmarks/systems/acoustics_2d.py" in room["command"]
    (cone,) = [
        r["defaults"]
        for r in load("system_cone_session14.json")["rows"]
        if r["problem"].endswith("acoustics_2d.py")
    ]
    assert room["planned_before"] == cone["planned"]
    assert room["rows"][0]["rel_l2"] == cone["rel_l2"]  # the same error, in fewer seconds
    quotes(
        bench,
        f"stays at {cone['rel_l2']:.2e}: it now stops at {room['planned']:.1f} planned seconds "
        f"instead of {cone['planned']:.1f}",
        f"PNd, which took {before['rows']['poisson_nd']['wall_seconds']:.0f} s",
        f"took {after['rows']['poisson_nd']['wall_seconds']:.0f} s here",
    )


def test_section_30_twelve_three_axis_problems_as_a_new_user_wrote_them(bench):
    rows = user_rows(bench, "user_session15.json", "benchmarks/user15/*.py")
    errors = [r["rel_l2"] for r in rows.values()]
    ratios = [r["validation"] / r["rel_l2"] for r in rows.values()]
    assert len(rows) == 12 and all(r["axes"] == 3 for r in rows.values())
    assert max(errors) <= 2.2e-8 and min(ratios) > 1
    quotes(
        bench,
        f"the median is {e2(float(np.median(errors)))}",
        f"above the error on all twelve ({min(ratios):.1f}x to {max(ratios):.0f}x)",
    )


def test_section_30_the_drift_problems_after_the_reorder(bench):
    record = load("drift_rerun_session15.json")
    assert "benchmarks/suite.py benchmarks/drift/" in record["command"]
    before = {"rotation-diffusion": 9.90e-06, "adr-2d": 3.25e-06, "ad-3d": 5.63e-03}
    for r in record["rows"]:
        row(bench, r["name"], f"{before[r['name']]:.2e}", f"{r['rel_l2']:.2e}", r["width"])
        assert r["rel_l2"] <= before[r["name"]]  # none is worse
    quotes(bench, "None is worse. ad-3d, the moving heat kernel")


def test_section_30_steps_across_carried_jumps(bench):
    before = {r["name"]: r for r in load("user_session15b_before.json")["rows"]}
    after = {r["name"]: r for r in load("user_session15b.json")["rows"]}
    assert "benchmarks/suite.py benchmarks/user15b/*.py" in load("user_session15b.json")["command"]
    assert before.keys() == after.keys()
    jumps = {"square-decay", "square-pulse", "square-stretch", "step-2d", "switch-on"}

    def cells(r):
        return f"{r['rel_l2']:.2e}", f"{r['validation']:.2e}", r["width"] or "-", f"{r['wall']:.1f}"

    for name, a in after.items():
        b = before[name]
        row(bench, name, *cells(b), *cells(a))
        if name in jumps:
            assert b["rel_l2"] > 8e-2 and a["rel_l2"] < 1e-13 and a["width"] == 512
        else:  # the same stages, to every digit
            assert a["rel_l2"] == b["rel_l2"] and a["width"] == b["width"]
    record = load("jump_rows.json")
    assert "benchmarks/jump_rows.py" in record["command"]
    step = {r["rows_moved"]: r["rel_l2"] for r in record["rows"] if r["problem"] == "step-2d"}
    pulse = {r["exact_on_data_side"]: r for r in record["rows"] if r["problem"] == "square-pulse"}
    assert step[True] < 1e-13 and step[False] < 1e-13  # the side read on the plane agrees
    assert pulse[True]["grid_rel_l2"] < 1e-13 < 1e-1 < pulse[False]["grid_rel_l2"]
    quotes(
        bench,
        f"the 2-D step {step[True]:.2e} with the rows moved and {step[False]:.2e} without",
        f"the square pulse {pulse[True]['grid_rel_l2']:.2e} on the 51 x 51 grid",
        f"side, {pulse[False]['grid_rel_l2']:.2e} without, for a solution whose error at 20,000 "
        f"random points is {pulse[True]['random_rel_l2']:.2e}",
    )
    ratios = {n: before[n]["validation"] / before[n]["rel_l2"] for n in jumps}
    quotes(bench, f"switch-on's estimate before was {ratios.pop('switch-on'):.2f}x its")
    quotes(bench, f"within {min(ratios.values()):.2f}x to {max(ratios.values()):.1f}x")


def test_section_30_against_pyrfm_again(bench):
    record = load("vs_pyrfm_session15.json")
    assert "--problems poisson,gauss,heat,xyt,helmholtz,reaction,disk" in record["command"]
    met = pyrfm_best_rows(bench, record)
    assert [name for name, ok in met.items() if not ok] == ["reaction", "disk"]
    reaction = next(r for r in record["rows"] if r["problem"] == "reaction")
    sizes = {q["label"]: q for q in reaction["pyrfm"]}
    quotes(
        bench,
        f"reaction {e2(reaction['pinnls']['rel_l2'])} in {reaction['pinnls']['seconds']:.1f} s",
        f"3x3 x 300 reaches {e2(sizes['3x3 x 300']['rel_l2'])} in "
        f"{sizes['3x3 x 300']['seconds']:.1f} s",
    )


def test_section_30_problems_without_jumps_are_unchanged(bench):
    record = load("transport_unchanged_session15.json")
    assert "benchmarks/suite.py" in record["command"] and "31dfd8b" in record["command"]
    before = {r["name"]: r for r in record["before"]}
    after = {r["name"]: r for r in record["after"]}
    assert before.keys() == after.keys() and len(after) == 12
    for name, r in after.items():
        assert (r["rel_l2"], r["width"]) == (before[name]["rel_l2"], before[name]["width"]), name
    quotes(
        bench, "give the same error to every digit and the same width, on every one of the twelve"
    )


def test_section_31_ten_more_problems_as_a_new_user_wrote_them(bench):
    rows = user_rows(bench, "user_session16.json", "benchmarks/user16/*.py")
    errors = [r["rel_l2"] for r in rows.values()]
    ratios = {name: r["validation"] / r["rel_l2"] for name, r in rows.items()}
    assert len(rows) == 10 and max(errors) <= 5.2e-9
    others = [v for k, v in ratios.items() if k != "beam-propped"]
    quotes(
        bench,
        f"All ten reach {e2(max(errors))} or better, the median {e2(float(np.median(errors)))}",
        f"above the error on nine, {min(others):.1f}x to {max(others):.0f}x; on the beam it is "
        f"{ratios['beam-propped']:.2f}x",
        f"adr-3d {rows['adr-3d']['wall']:.0f} s",
        f"transport2d-source {rows['transport2d-source']['wall']:.0f} s",
    )


def test_section_31_material_interfaces(bench):
    before_record = load("interfaces_session16_before.json")
    after_record = load("interfaces_session16.json")
    assert before_record["command"] == after_record["command"].replace(
        "interfaces_session16.json", "interfaces_session16_before.json"
    )
    before = {r["name"]: r for r in before_record["rows"]}
    after = {r["name"]: r for r in after_record["rows"]}
    assert before.keys() == after.keys() and len(after) == 7

    def cells(r):
        return f"{r['rel_l2']:.2e}", f"{r['validation']:.2e}", r["width"] or "-", f"{r['wall']:.1f}"

    for name, a in after.items():
        row(bench, name, a["axes"], *cells(before[name]), *cells(a))
        assert before[name]["rel_l2"] > 4e-2 and a["rel_l2"] < 1e-9
    old = [r["rel_l2"] for r in before.values()]
    new = sorted(r["rel_l2"] for r in after.values())
    quotes(
        bench,
        f"**Every one from {min(old):.3f}-{max(old):.3f} to {e2(new[-1])} or better**, six of "
        f"seven at {new[-2]:.1e} or better",
    )
    was = [r["validation"] / r["rel_l2"] for r in before.values()]
    quotes(bench, f"the estimates were {min(was):.3f}x to {max(was):.1f}x the error")
    now = {n: a["validation"] / a["rel_l2"] for n, a in after.items()}
    low = sorted(now, key=now.get)[:2]
    assert set(low) == {"two-layers", "layered-heat-2d"}
    quotes(
        bench,
        f"the estimate is {min(now.values()):.2f}x to {max(now.values()):.0f}x the error",
        f"three-axis plate ({now['layered-heat-2d']:.2f}x)",
        f"each in {max(a['wall'] for n, a in after.items() if n != 'layered-heat-2d'):.1f} s or "
        f"less but the three-axis plate ({after['layered-heat-2d']['wall']:.0f} s)",
    )
    rod, composite = after["two-layers"]["rel_l2"], after["composite-rod"]["rel_l2"]
    quotes(text("README.md"), f"a two-material rod from 0.999 rel L2 to {e(rod)}")
    quotes(text("docs/guide.md"), f"now gives {e(rod)} ({e(composite)})")
    record = load("interfaces_unchanged_session16.json")
    b = {r["name"]: r for r in record["before"]}
    a = {r["name"]: r for r in record["after"]}
    assert b.keys() == a.keys() and len(a) == 17
    for name, r in a.items():
        assert (r["rel_l2"], r["width"]) == (b[name]["rel_l2"], b[name]["width"]), name
    quotes(bench, "the same error to every digit and the same width on all 17")


def test_section_31_eight_interface_problems_written_by_someone_else(bench):
    before = {r["name"]: r for r in load("interfaces_user_session16_before.json")["rows"]}
    after = {r["name"]: r for r in load("interfaces_user_session16.json")["rows"]}
    assert before.keys() == after.keys() and len(after) == 8

    def cells(r):
        return f"{r['rel_l2']:.2e}", f"{r['validation']:.2e}", r["width"] or "-", f"{r['wall']:.1f}"

    for name, a in after.items():
        row(bench, name, a["axes"], *cells(before[name]), *cells(a))
    new = [r["rel_l2"] for r in after.values()]
    old = [r["rel_l2"] for r in before.values()]
    quotes(
        bench,
        f"**All eight reach {e2(max(new))} or better after, median {e2(float(np.median(new)))}**",
        f"before, {min(old):.3f} to {max(old):.3f}",
    )
    hidden = [n for n, r in before.items() if r["validation"] < 1e-6 < 1e-2 < r["rel_l2"]]
    assert sorted(hidden) == ["composite-plate-2d", "soil-layers-3d"]
    above = [n for n, r in after.items() if r["validation"] > r["rel_l2"]]
    assert len(above) == 7 and "graded-rod" not in above


def test_section_32_what_the_joined_estimate_reads_against(bench):
    record = {r["run"]: r for r in load("slab_growth_session17.json")["rows"]}
    before, strict, final = record["before"], record["strict"], record["final"]
    # The same stages: the joined estimate decides none of them.
    assert before["slab_errors"] == strict["slab_errors"] == final["slab_errors"]
    assert before["rel_l2"] > 1e9 and before["estimate"] < 0.3 and strict["estimate"] > 1e9
    assert 0.01 < final["estimate"] < 1
    errors = before["slab_errors"]
    quotes(
        bench,
        f"{e(errors[0])}, {e(errors[1])}, {e(errors[2])}, ... and {e(errors[-1])} in the last, "
        f"rel L2 {e(before['rel_l2'])} over the whole. Its joined estimate was "
        f"{before['estimate']:.2f}",
        f"It read that march at {e(strict['estimate'])}",
        f"The unstable march reads {final['estimate']:.2f}",
        f"(0.24 for {e(before['rel_l2'])})",
    )
    growing = {r["run"]: r for r in load("slab_growing_session17.json")["rows"]}
    assert growing["before"]["rel_l2"] == growing["final"]["rel_l2"] < 1e-9
    assert growing["strict"]["estimate"] > 1 and growing["final"]["estimate"] < 1e-7
    quotes(
        bench,
        f"solved to rel L2 {e(growing['before']['rel_l2'], 2)}, read "
        f"{growing['strict']['estimate']:.1f} and was called unresolved",
        f"The growing solution reads {e(growing['final']['estimate'], 2)} again",
    )
    b = {r["name"]: r for r in load("slabs_estimate_session17_before.json")["rows"]}
    st = {r["name"]: r for r in load("slabs_estimate_session17_strict.json")["rows"]}
    a = {r["name"]: r for r in load("slabs_estimate_session17.json")["rows"]}
    assert b.keys() == a.keys() == st.keys() and len(a) == 5
    for name, r in a.items():
        assert r["rel_l2"] == b[name]["rel_l2"] == st[name]["rel_l2"], name
        row(bench, name, f"{r['rel_l2']:.2e}", f"{b[name]['validation']:.2e}",
            f"{st[name]['validation']:.2e}", f"{r['validation']:.2e}")  # fmt: skip
        assert r["validation"] >= r["rel_l2"]
        assert r["validation"] == pytest.approx(b[name]["validation"], rel=1e-2)
    wave = "wave-1d-c-long"
    quotes(
        bench,
        f"({st[wave]['validation'] / st[wave]['rel_l2']:.0f}x the error, against "
        f"{b[wave]['validation'] / b[wave]['rel_l2']:.1f}x",
    )
    unspent = load("slab_unspent_session17.json")
    seconds = [r["seconds"] for r in unspent["rows"]]
    assert unspent["rows"][0]["width"] == 512 and all(s < 0.3 for s in seconds[1:])
    quotes(
        bench,
        f"spent {seconds[0]:.2f} s in its first slab",
        f"{min(seconds[1:]):.2f}-{max(seconds[1:]):.2f} s in each of the nine others, "
        f"{sum(seconds):.1f} s in all, for rel L2 {unspent['rel_l2']:.2f}",
    )


def test_section_32_long_horizons_as_a_new_user_wrote_them(bench):
    rows = user_rows(bench, "user_session17.json", "benchmarks/user17/*.py")
    assert len(rows) == 8
    errors = [r["rel_l2"] for r in rows.values()]
    ratios = [r["validation"] / r["rel_l2"] for r in rows.values()]
    assert max(errors) < 1e-6 and min(ratios) > 1
    quotes(
        bench,
        f"All eight reach {e2(max(errors))} or better, the median {e2(float(np.median(errors)))}",
        f"all eight, {min(ratios):.1f}x to {max(ratios):.1f}x. Three marched",
    )
    assert sum(r["width"] is None for r in rows.values()) == 3


def test_section_32_the_march_variants_that_did_not_land(bench):
    record = load("slab_variants_session17.json")
    got = {(r["variant"], r["name"]): r["rel_l2"] for r in record["rows"]}
    for variant in ("main", "reserve-1-only", "reserve-2", "step-down", "steepened"):
        wave, transport = got[variant, "wave-1d-c-long"], got[variant, "transport-constant-2d"]
        quotes(bench, f"{wave:.2e} and {transport:.2e};")
        if variant != "main":  # none beats main on both
            assert wave > 0.7 * got["main", "wave-1d-c-long"]
            assert transport >= got["main", "transport-constant-2d"]
    overlap = load("slab_overlap_session17.json")["rows"]
    assert [(r["overlap"], r["width"]) for r in overlap] == [
        (0, 768), (0.25, 768), (0.25, 960), (0.1, 845)
    ]  # fmt: skip
    quotes(
        bench,
        f"at width 768, {e(overlap[0]['rel_l2'], 2)} without overlap against "
        f"{e(overlap[1]['rel_l2'], 2)} with a quarter",
        f"{e(overlap[2]['rel_l2'], 2)} with a quarter at width 960",
        f"{e(overlap[3]['rel_l2'], 2)} with a tenth at width 845",
    )


def test_section_33_a_chain_of_subdomains_in_one_banded_qr(bench):
    record = load("chain_scaling.json")
    assert "benchmarks/chain_scaling.py" in record["command"]
    rows = record["rows"]
    assert [r["subdomains"] for r in rows] == [4, 8, 16, 32, 64, 128]
    for r in rows:
        lsmr = (
            f"{r['lsmr_cpu']:.2f}, {r['lsmr_iterations']:,}, {r['lsmr_rel_l2']:.2e}"
            if "lsmr_cpu" in r
            else ""
        )
        dense = (
            f"{r['dense_cpu']:.2f}, {r['dense_rel_l2']:.2e}, {r['difference']:.1e}"
            if "dense_cpu" in r
            else ""
        )
        row(bench, r["subdomains"], f"{r['columns']:,}", f"{r['rows']:,}",
            f"{r['assembly_cpu']:.2f}", f"{r['chain_cpu']:.3f}",
            f"{r['chain_peak_bytes'] / 1e6:.1f}", f"{r['stored']:,}", f"{r['dense_entries']:,}",
            f"{r['rel_l2']:.2e}", lsmr, dense)  # fmt: skip
    total = [r["assembly_cpu"] + r["chain_cpu"] for r in rows]
    time_ratios = [b / a for a, b in zip(total, total[1:])]
    peaks = [b["chain_peak_bytes"] / a["chain_peak_bytes"] for a, b in zip(rows, rows[1:])]
    stored = [b["stored"] / a["stored"] for a, b in zip(rows, rows[1:])]
    assert max(time_ratios) <= 2.2 and max(peaks) <= 2.2 and max(stored) <= 2.2
    quotes(
        bench,
        f"the CPU time (assembly and solve) by {min(time_ratios):.2f} to {max(time_ratios):.2f}, "
        f"the solve's peak allocations by {min(peaks):.2f} to {max(peaks):.2f} and the entries "
        f"stored by {min(stored):.2f} to {max(stored):.2f}",
    )
    compared = [r for r in rows if "difference" in r]
    assert max(r["difference"] for r in compared) < 1e-6
    quotes(bench, f"by {max(r['difference'] for r in compared):.1e} or less relative on the grid")
    spacetime = load("spacetime_chain_session17.json")["rows"]
    assert all(r["chain_rel_l2"] > 0.1 and r["march_rel_l2"] > 0.1 for r in spacetime)


def test_section_33_heat_2d_ms_on_a_chain(bench):
    record = load("heat_2d_ms_chain.json")
    assert "benchmarks/heat_2d_ms_chain.py" in record["command"]
    rows = record["rows"]
    for r in rows:
        name = f"chain, 10 x {r['features']}" if r["kind"] == "chain" else "global"
        assembly = f"{r['assembly_cpu']:.1f}" if r["assembly_cpu"] is not None else "(in solve)"
        row(bench, name, f"{r['columns']:,}", f"{r['rows']:,}", assembly,
            f"{r['solve_cpu']:.1f}", f"{r['rel_l2']:.2e}")  # fmt: skip
    chain = {r["columns"]: r for r in rows if r["kind"] == "chain"}
    single = {r["columns"]: r for r in rows if r["kind"] == "global"}
    assert chain[9001]["rel_l2"] < 1e-4
    # As accurate per column, and faster: assembly and solve against the dense path's all.
    assert chain[6001]["rel_l2"] < 2 * single[6001]["rel_l2"]
    fast = chain[6001]["assembly_cpu"] + chain[6001]["solve_cpu"]
    assert fast < single[6001]["solve_cpu"] / 3
    quotes(
        bench,
        f"{fast:.0f} s against {single[6001]['solve_cpu']:.0f} s at 6,001 columns",
        f"**{e(chain[9001]['rel_l2'], 2)} in "
        f"{chain[9001]['assembly_cpu'] + chain[9001]['solve_cpu']:.0f} s**",
    )
    heat = load("axes_table_session14.json")["rows"]["heat_2d_ms"]["rel_l2_error"]
    quotes(bench, f"reaches {e(heat, 2)} in its 60-second plan")


def test_section_34_one_axis_before_and_after_the_chain(bench):
    record = load("one_axis_chain_session18.json")
    assert "benchmarks/before_after.py" in record["command"]
    for r in record["rows"]:
        before, after = r["before"], r["after"]
        name = r["problem"].split("/")[-1].removesuffix(".py")

        def chosen(x):
            return f"{x['width']}, {x['subdomains'] or 'global'}"

        row(bench, name, f"{before['rel_l2']:.2e} / {before['wall']:.1f}", chosen(before),
            f"{after['rel_l2']:.2e} / {after['wall']:.1f}", chosen(after))  # fmt: skip
        # never worse: the chain gives the same or a lower error
        assert after["rel_l2"] <= 1.01 * before["rel_l2"]
        if before["subdomains"] is None:
            assert after == {**after, "rel_l2": before["rel_l2"], "width": before["width"]}
    local = [r for r in record["rows"] if r["before"]["subdomains"] is not None]
    speed = [r["before"]["wall"] / r["after"]["wall"] for r in local]
    assert min(speed) > 2
    quotes(bench, f"solve {min(speed):.1f} to {max(speed):.1f} times faster")


def test_section_34_the_chain_cost_model_predicts_the_stages(bench):
    from pinnls.training import cost

    record = load("chain_cost.json")
    assert "benchmarks/calibrate_chain_cost.py" in record["command"]
    ratios = [r["predicted"] / r["seconds"] for r in record["rows"]]
    fitted = [r["fitted"] / r["seconds"] for r in record["rows"]]
    assert len(ratios) == 15 and 0.8 <= min(ratios) and max(ratios) <= 1.25
    # the code holds the constants refitted in section 52
    assert cost.CHAIN_CONSTANTS != (4.273e-10, 2.199e-8, 5.48e-4)
    a, b, c = record["constants"]
    quotes(
        bench,
        "`CHAIN_CONSTANTS = (4.273e-10, 2.199e-8, 5.48e-4)`",
        f"predicted {min(ratios):.2f} to {max(ratios):.2f} of the measured seconds",
        f"a fresh fit gave ({a:.2e}, {b:.3e}, {c:.3e}) and {min(fitted):.2f} to {max(fitted):.2f}",
    )


def test_section_34_heat_2d_ms_under_the_defaults(bench):
    before = load("axes_table_session14.json")["rows"]
    now = load("axes_table_session18.json")["rows"]
    heat = {
        60: now["heat_2d_ms"],
        120: load("axes_table_session18_budget120.json")["rows"]["heat_2d_ms"],
        300: load("axes_table_session18_budget300.json")["rows"]["heat_2d_ms"],
    }
    for budget, r in heat.items():
        old = before["heat_2d_ms"]
        was = f"{old['rel_l2_error']:.2e}, {old['width']}" if budget == 60 else "not run"
        row(bench, f"{budget} planned s", was, f"{r['rel_l2_error']:.2e}",
            f"{r['width']}, 16 along x", f"{r['wall_seconds']:.0f} ({r['process_wall']:.0f})",
            f"{r['peak_rss_gib']:.2f}", r["stop_reason"])  # fmt: skip
        assert r["estimate"] >= r["rel_l2_error"]
    # issue 22: Heat 2d-MS <= 1e-4 within 300 s and within memory
    assert heat[300]["rel_l2_error"] <= 1e-4 and heat[300]["process_wall"] <= 300
    assert heat[120]["rel_l2_error"] <= 1e-4 and heat[120]["process_wall"] <= 120
    assert heat[60]["rel_l2_error"] < before["heat_2d_ms"]["rel_l2_error"] / 10
    quotes(
        bench,
        f"{e2(heat[300]['rel_l2_error'])} in {heat[300]['process_wall']:.0f} s of process wall "
        f"time at {heat[300]['peak_rss_gib']:.1f} GiB, and {e2(heat[120]['rel_l2_error'])} in "
        f"{heat[120]['process_wall']:.0f} s at 120 planned seconds",
    )
    # (the README quoted these until section 38's modes took Heat 2d-MS further)
    # every other row: the same error as section 29's table, to every digit
    assert list(now) == list(before)
    others = [name for name in now if name != "heat_2d_ms"]
    assert len(others) == 11
    assert all(now[n]["rel_l2_error"] == before[n]["rel_l2_error"] for n in others)


def test_section_34_the_h200_calls(bench):
    folder = FIGURES / "gpu" / "h200_session18"
    second = (folder / "session_second.log").read_text()
    assert second.count("-> ok") == 6 and "MISMATCH" not in second
    first = (folder / "session_first.log").read_text()
    assert "advection_gauss: rel L2 cpu 3.037e-07 (0.96 s), cuda 3.571e-07" in first
    quotes(bench, "(3.037e-07 against 3.571e-07)", "(1.009e-04 on both;")
    stuck = json.loads((folder / "heat_2d_ms_cuda_report_before_pace_fix.json").read_text())
    fixed = json.loads((folder / "heat_2d_ms_cuda_report.json").read_text())
    assert stuck["stop_reason"] == fixed["stop_reason"] == "time_limit"
    quotes(
        bench,
        f"stopped at {stuck['wall_seconds']:.1f} s with {e2(stuck['rel_l2_error'])}",
        f"stopped at {fixed['wall_seconds']:.1f} s with {e2(fixed['rel_l2_error'])}",
    )
    assert fixed["strategy"]["chosen"]["width"] == 7168
    first_probe = stuck["strategy"]["stages"][0]
    quotes(bench, f"({first_probe['seconds']:.2f} s for a {first_probe['planned']:.2f} s plan")


def test_section_34_helmholtz_against_pyrfm(bench):
    record = load("vs_pyrfm_session18_helmholtz.json")
    assert "benchmarks/vs_pyrfm.py" in record["command"]
    quotes(bench, "pinnls 1.08e-11 in 2.5 s", "pyRFM's best 4.73e-09 in 3.2 s (32 x 50)")


def test_section_34_a_layered_cube_written_as_a_new_user_would(bench):
    report = load("user18_layered_cube_report.json")
    stages = report["strategy"]["stages"]
    chains = [st for st in stages if st.get("subdomains") == "z=16"]
    assert len(chains) == 2 and report["strategy"]["chosen"].get("subdomains") is None
    best_global = min(st["estimate"] for st in stages if st["width"] == 1024)
    assert min(st["estimate"] for st in chains) > best_global
    estimate = report["validation"]["total"]
    ratio = estimate / report["rel_l2_error"]
    assert ratio < 1  # optimistic, and the docs say so
    quotes(
        bench,
        f"estimate 0.122 against the global basis' {e(best_global)} at width 1024",
        f"**{e2(report['rel_l2_error'])} in {report['wall_seconds']:.1f} s**",
        f"**optimistic: {e2(estimate)}, {ratio:.2f}x the error**",
    )
    cells = {r["cells"]: r for r in load("chain_cells_layered_cube.json")["rows"]}
    assert all(cells[k]["rel_l2"] > 10 * cells[1]["rel_l2"] for k in (4, 8, 16))
    quotes(
        bench,
        f"global {e2(cells[1]['rel_l2'])} in {cells[1]['cpu']:.1f} CPU s; 4 cells "
        f"{e2(cells[4]['rel_l2'])} in {cells[4]['cpu']:.1f} s, 8 cells {e2(cells[8]['rel_l2'])}",
    )


def test_section_35_the_gpu_target_and_the_pace_per_cells(bench):
    folder = FIGURES / "gpu" / "h200_session19"
    calls = {
        "1 (pace at least 1)": "call1_pace_at_least_1",
        "2 (slowest pace)": "call2_slowest_pace",
        "3 (pace per cells)": "call3_pace_per_cells",
        "4 (pace per cells)": "call4_check_and_advection_diffusion",
        "5 (ladder to 16384)": "call5_wider_ladder",
    }
    reports = {}
    for call, sub in calls.items():
        for path in sorted((folder / sub).glob("*_cuda_budget_*.json")):
            r = json.loads(path.read_text())
            name, plan = path.stem.split("_cuda_budget_")
            reports[(call[0], name, plan)] = r
            limit = 240 if sub == "call5_wider_ladder" else 120
            assert f"--device cuda --time-limit {limit}" in r["command"]
            assert r["wall_seconds"] <= limit  # no run passed its time limit
            chosen = r["strategy"]["chosen"]
            width = f"{chosen['width']}" + (", 16 along x" if chosen.get("subdomains") else "")
            row(bench, call, f"{name}, {plan}", e2(r["rel_l2_error"]), width,
                f"{r['wall_seconds']:.1f} s", r["stop_reason"])  # fmt: skip
    assert len(reports) == 9
    wider = reports[("5", "transport_3d_time", "8000")]
    top = wider["strategy"]["stages"][-1]
    assert top["width"] == 12288 and wider["stop_reason"] == "time_limit"
    quotes(bench, f"width 12288 took {top['seconds']:.1f} s and reached "
           f"**{e2(wider['rel_l2_error'])} in {wider['wall_seconds']:.1f} s**")  # fmt: skip
    check = (folder / "call4_check_and_advection_diffusion" / "session4.log").read_text()
    assert check.count("-> ok") == 6 and "MISMATCH" not in check
    cpu = load("axes_table_session18.json")["rows"]["advection_diffusion_2d"]["rel_l2_error"]
    gpu = reports[("4", "advection_diffusion_2d", "3000")]
    quotes(bench, f"takes to {e2(cpu)} (sections 29 and 34): {e2(gpu['rel_l2_error'])} in "
           f"{gpu['wall_seconds']:.1f} s")  # fmt: skip
    widest = [r for r in reports.values() if r["stop_reason"] == "widths"]
    assert len(widest) == 3 and all(r["strategy"]["chosen"]["width"] == 8192 for r in widest)
    target = reports[("2", "transport_3d_time", "3000")]
    # issue 22: the 3-D + time transport <= 1e-6 within 120 s on a GPU
    assert target["rel_l2_error"] <= 1e-6 and target["wall_seconds"] <= 120
    again = reports[("3", "transport_3d_time", "3000")]
    assert again["rel_l2_error"] == target["rel_l2_error"]
    quotes(bench, f"{e2(target['rel_l2_error'])} in {target['wall_seconds']:.1f} s**")
    # the pace held at 1 stopped early; the slowest pace, then the pace per cells, went further
    assert reports[("1", "transport_3d_time", "3000")]["stop_reason"] == "time_limit"
    slow = reports[("2", "heat_2d_ms", "1200")]
    cells = reports[("3", "heat_2d_ms", "1200")]
    assert cells["rel_l2_error"] < slow["rel_l2_error"] / 5
    assert cells["wall_seconds"] > slow["wall_seconds"]
    quotes(bench, f"**{e2(cells['rel_l2_error'])} in {cells['wall_seconds']:.1f} s** against "
           f"{e2(slow['rel_l2_error'])}")  # fmt: skip
    quotes(
        text("docs/guide.md"),
        f"to {e(target['rel_l2_error'])} in {target['wall_seconds']:.0f} s, where the default "
        f"plan stopped at {e(reports[('2', 'transport_3d_time', 'default')]['rel_l2_error'])} in "
        f"{reports[('2', 'transport_3d_time', 'default')]['wall_seconds']:.0f} s",
        f"Heat 2d-MS reached {e(cells['rel_l2_error'])} in {cells['wall_seconds']:.0f} s",
    )
    # the chain's probes paid fixed costs at pace 2.1; its large stages kept to 0.56-0.8
    stages = slow["strategy"]["stages"]
    chain = [st for st in stages if st.get("subdomains") == "x=16"]
    paces = [st["seconds"] / st["planned"] for st in chain]
    assert f"{max(paces):.1f}" == "2.1" and f"{paces[-1]:.2f}" == "0.56"


def test_section_35_a_pulse_in_a_sheared_flow_written_as_a_new_user_would(bench):
    default = load("user19_swirl_pulse_report.json")
    larger = load("user19_swirl_pulse_budget120_report.json")
    assert "--budget" not in default["command"] and "--budget 120" in larger["command"]
    for r in (default, larger):
        assert r["stop_reason"] == "budget" and r["strategy"]["chosen"]["aligned"] == 1.0
        assert r["validation"]["total"] > r["rel_l2_error"]  # conservative
    assert default["strategy"]["chosen"]["width"] == 3072
    assert larger["strategy"]["chosen"]["width"] == 3840
    assert larger["rel_l2_error"] > 1e-4  # the target is not met, as the docs say
    ratio = default["validation"]["total"] / default["rel_l2_error"]
    quotes(
        bench,
        f"**{e2(default['rel_l2_error'])} in {default['wall_seconds']:.1f} s**",
        f"estimate {e2(default['validation']['total'])}, conservative by {ratio:.0f}x",
        f"{e2(larger['rel_l2_error'])} at width 3840 in {larger['wall_seconds']:.1f} s",
        f"estimate {e2(larger['validation']['total'])}, so issue 22's",
    )
    paces = [st["seconds"] / st["planned"] for st in default["strategy"]["stages"]]
    grow = paces[-3:]
    assert f"{min(grow):.1f}-{max(grow):.1f}" == "1.3-1.6"


def test_section_36_the_hard_stop_before_and_after(bench):
    runs = {
        key: load(f"time_limits_session20_{key}.json")
        for key in ("before", "before_loaded", "after", "after_loaded")
    }
    for key, r in runs.items():
        assert ("--loaded" in r["command"]) == key.endswith("loaded")
        assert r["busy_loops"] == (2 if key.endswith("loaded") else 0)
    count = len(runs["after"]["rows"])
    assert count == 10
    for i in range(count):
        cells = [runs[key]["rows"][i] for key in runs]
        first = cells[0]
        assert all(c["problem"] == first["problem"] for c in cells)
        row(bench, first["problem"].split("/")[-1].removesuffix(".py"),
            f"{first['time_limit']:g} s",
            *(f"{c['wall_seconds']:.1f} s, {e2(c['rel_l2_error'])}" for c in cells))  # fmt: skip

    def worst(key):
        return max(r["wall_seconds"] / r["time_limit"] for r in runs[key]["rows"])

    quotes(bench, f"took {worst('before'):.3f} of their limit alone",
           f"and {worst('before_loaded'):.3f} loaded (11.0 s)",
           f"took **{worst('after'):.3f} of their limit alone and {worst('after_loaded'):.3f} "
           "loaded**")  # fmt: skip
    # issue 21: no run more than 10% past its time limit, alone or loaded
    assert worst("after") <= 1.1 and worst("after_loaded") <= 1.1
    extra = {
        key: [r["process_seconds"] - r["wall_seconds"] for r in runs[key]["rows"]]
        for key in ("after", "after_loaded")
    }
    quotes(bench, f"took {min(extra['after']):.1f} to {max(extra['after']):.1f} s more than the "
           f"training alone, {min(extra['after_loaded']):.1f} to "
           f"{max(extra['after_loaded']):.1f} s loaded")  # fmt: skip
    low = round(min(extra["after"] + extra["after_loaded"]))
    high = round(max(extra["after"] + extra["after_loaded"]))
    quotes(text("docs/guide.md"), f"({low} to {high} s more on the 2-core VM")


def test_section_36_the_h200_call_and_two_user_files(bench):
    folder = FIGURES / "gpu" / "h200_session20"
    log = (folder / "session.log").read_text()
    assert log.count("-> ok") == 6 and "MISMATCH" not in log
    scale = json.loads((folder / "scale_cuda_float64.json").read_text())
    quotes(bench, f"10^5 rows in {scale[0]['seconds_per_iteration']:.3f} s per LSGD iteration, "
           f"10^6 rows in {scale[1]['seconds_per_iteration']:.3f} s at "
           f"{scale[1]['peak_gib']:.2f} GiB")  # fmt: skip
    runs = {}
    for path in sorted(folder.glob("*_cuda_budget_*.json")):
        r = json.loads(path.read_text())
        runs[path.stem] = r
        assert "--device cuda --time-limit 120" in r["command"]
        assert r["wall_seconds"] <= 120
    wide = runs["swirl_pulse_cuda_budget_3000"]
    plain = runs["swirl_pulse_cuda_budget_default"]
    wave = runs["wave_2d_ms_cuda_budget_3000"]
    for name, plan, r in (("swirl_pulse (section 35's user file)",
                           "`--budget 3000 --time-limit 120`", wide),
                          ("swirl_pulse", "`--time-limit 120` (plan 120)", plain),
                          ("wave_2d_ms", "`--budget 3000 --time-limit 120`", wave)):  # fmt: skip
        process = re.findall(r"process seconds ([\d.]+)", log)[list(runs.values()).index(r)]
        row(bench, name, plan, e2(r["rel_l2_error"]), e2(r["validation"]["total"]),
            r["strategy"]["chosen"]["width"], f"{r['wall_seconds']:.1f}", process,
            r["stop_reason"])  # fmt: skip
    # issue 22 on a user's file: 1e-4 within 120 s on the GPU
    assert wide["rel_l2_error"] <= 1e-4 and wide["wall_seconds"] <= 120
    ratio = wide["validation"]["total"] / wide["rel_l2_error"]
    quotes(bench, f"conservative by {ratio:.0f}x here")
    cpu = load("user19_swirl_pulse_budget120_report.json")
    same = [(st["width"], st["scale"]) for st in cpu["strategy"]["stages"]]
    assert same == [(st["width"], st["scale"]) for st in plain["strategy"]["stages"]]
    assert abs(cpu["rel_l2_error"] / plain["rel_l2_error"] - 1) < 2e-7
    quotes(bench, f"the same {len(same)} stages",
           f"({plain['rel_l2_error']:.7e} against {cpu['rel_l2_error']:.7e})")  # fmt: skip
    assert wave["strategy"]["stages"][-1]["width"] == 1536
    for name, text_ in (("telegraph", "2 time slabs of width 1536"),
                        ("breathing_flow", "aligned features, width 2048, scale 4")):  # fmt: skip
        r = load(f"user20_{name}_report.json")
        assert "--budget" not in r["command"] and "--threads 1" in r["command"]
        ratio = r["validation"]["total"] / r["rel_l2_error"]
        assert ratio > 1  # conservative
        digits = 0 if ratio > 10 else 1
        estimate = e2(r["validation"]["total"])
        quotes(bench, f"**{e2(r['rel_l2_error'])} in {r['wall_seconds']:.1f} s** ({text_}",
               f"estimate {estimate}, conservative by {ratio:.{digits}f}x")  # fmt: skip
    for name in ("far_pulse", "outflow_layer", "neumann_rectangle", "periodic_drift"):
        r = load(f"user20_{name}_report.json")
        assert "--budget" not in r["command"] and "--threads 1" in r["command"]
        assert r["rel_l2_error"] < 1e-9
        ratio = r["validation"]["total"] / r["rel_l2_error"]
        quotes(bench, f"| {name} |")
        quotes(bench, f"| {e2(r['rel_l2_error'])} | {r['wall_seconds']:.1f} | "
               f"{e2(r['validation']['total'])} | {ratio:.{2 if ratio < 5 else 1}f} | "
               f"{r['strategy']['chosen']['width']} | {r['stop_reason']} |")  # fmt: skip


def test_section_36_writing_the_results(bench):
    data = load("write_time_session20.json")
    assert "benchmarks/write_time.py" in data["command"]
    rows = data["rows"]
    for r in rows:
        code = r["commit"] if r["commit"] != "this change" else "with the measured residuals"
        row(bench, r["pair"], code, r["width"], e2(r["rel_l2"]), f"{r['solve_s']:.1f}",
            f"{r['write_s']:.1f}")  # fmt: skip
    after = [r["write_s"] for r in rows if r["commit"] == "this change"]
    start = next(r for r in rows if r["commit"] == "6b8f088")
    before = next(r for r in rows if r["commit"] == "8aa8f9e")
    assert len({r["rel_l2"] for r in rows}) == 1  # the same solve
    quotes(bench, f"**{after[0]:.1f} and {after[1]:.1f} s against {start['write_s']:.1f} s at "
           f"the session's start (6b8f088)**, {start['write_s'] / after[1]:.1f} times",
           f"with the frames' change: {before['write_s']:.1f} s")  # fmt: skip
    log = (FIGURES / "gpu" / "h200_session20" / "session2.log").read_text()
    assert log.count("-> ok") == 6 and "MISMATCH" not in log
    found = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    by = {r["problem"].split("/")[-1].removesuffix(".py"): r for r in found}
    chain = by["heat_2d_ms"]
    assert chain["fitted"] is False and chain["worst_relative_difference"] == 0
    assert all(by[n]["fitted"] for n in ("advection_gauss", "swirl_pulse", "telegraph"))
    quotes(bench, f"differed by at most {by['swirl_pulse']['worst_relative_difference']:.2e} of",
           f"took {min(r['write_h5_png_s'] for r in found):.2f} to "
           f"{max(r['write_h5_png_s'] for r in found):.2f} s")  # fmt: skip


def test_section_36_the_same_answer_on_a_busy_machine(bench):
    _determinism(bench, "plan_determinism_session20.json")


def _determinism(bench, name: str) -> None:
    """A plan_determinism.py record of four files: the same stages and error alone and beside
    one busy loop per core (issue 21's target), its rows and the largest slowdown quoted."""
    data = load(name)
    assert len(data["rows"]) == 4
    for r in data["rows"]:
        a, b = r["alone"], r["loaded"]
        assert r["busy_loops"] == 2 and r["same_stages"]
        assert r["relative_difference_of_rel_l2"] <= 1e-12  # issue 21's target
        row(bench, r["problem"].split("/")[-1].removesuffix(".py"), len(a["stages"]), True,
            f"{a['rel_l2_error']:.3e}", f"{b['rel_l2_error']:.3e}", f"{a['wall_seconds']:.0f} s",
            f"{b['wall_seconds']:.0f} s")  # fmt: skip
    ratio = max(r["loaded"]["wall_seconds"] / r["alone"]["wall_seconds"] for r in data["rows"])
    quotes(bench, f"took up to {ratio:.1f} times the wall time")


USER21_FEET = {
    "converging_flow",
    "cube_reaction",
    "disk_inflow",
    "periodic_wobble",
    "expanding_flow",
    "swirl_diffusion",
}


def test_section_37_sixteen_user_files(bench):
    paths = sorted(FIGURES.glob("user21_*_report.json"))
    assert len(paths) == 16
    resolved, optimistic = 0, []
    for path in paths:
        name = path.name.removeprefix("user21_").removesuffix("_report.json")
        r = json.loads(path.read_text())
        assert f"benchmarks/user21/{name}.py" in r["command"]
        assert "--budget" not in r["command"] and "--threads 1" in r["command"]
        ratio = r["validation"]["total"] / r["rel_l2_error"]
        marked = " *" if name in USER21_FEET else ""
        row(bench, f"{name}{marked}", e2(r["rel_l2_error"]), f"{r['wall_seconds']:.1f}",
            e2(r["validation"]["total"]), f"{ratio:.2f}", r["strategy"]["chosen"]["width"],
            r["stop_reason"])  # fmt: skip
        resolved += r["rel_l2_error"] <= 3e-8
        if ratio < 1:
            optimistic.append((name, ratio))
    assert resolved == 14
    quotes(bench, "Fourteen are resolved to 3e-8 or better with no settings")
    assert [name for name, _ in optimistic] == ["named_axes"]
    quotes(bench, f"at rounding level ({optimistic[0][1]:.2f} of 1.79e-11)")


def test_section_37_erf_front_by_hand(bench):
    data = load("erf_front_settings_session21.json")
    rows = {r["variant"]: r for r in data["rows"]}
    for key, r in rows.items():
        assert "benchmarks/user21/erf_front.py" in r["command"]
        if key not in ("default", "budget150"):
            quotes(bench, f"| {e2(r['rel_l2_error'])} | {e2(r['estimate'])} |")
    # no hand setting beats auto's own choice at width 2048 by more than rounding of the run
    base = rows["base"]["rel_l2_error"]
    assert all(r["rel_l2_error"] >= 0.98 * base for k, r in rows.items() if k in (
        "t2", "t05", "s12", "s5", "slabs4", "x8", "t8", "x16"))  # fmt: skip
    default, wide = rows["default"], rows["budget150"]
    quotes(bench, f"{e2(default['rel_l2_error'])} in {default['wall_seconds']:.1f} s",
           f"{e2(wide['rel_l2_error'])} with `--budget 150`")  # fmt: skip
    assert "--budget 150" in rows["budget150"]["command"]


def test_section_37_the_feet_in_the_plan(bench):
    from pinnls.training import cost

    data = load("feet_cost.json")
    assert "calibrate_feet_cost.py --fit" in data["command"]
    fitted = data["fitted"]
    # the code holds the constant refitted in section 52 (first with the steps, section 49)
    refit = load("feet_cost_session32.json")
    assert abs(cost.FEET_CONSTANT / refit["fitted"] - 1) < 1e-3
    before, after = [], []
    for r in data["rows"]:
        name = r["problem"].split("/")[-1].removesuffix(".py")
        plain = r["plain_model"] / r["seconds"]
        feet = (r["plain_model"] + fitted * r["feet_units"]) / r["seconds"]
        row(bench, name, r["width"], r["rows"], f"{r['feet_units']:.3g}", f"{r['seconds']:.2f}",
            f"{plain:.2f}", f"{feet:.2f}")  # fmt: skip
        before.append(plain)
        after.append(feet)
    quotes(bench, f"`FEET_CONSTANT = {fitted:.3e}` s per point and march: the plan charged such "
           f"stages {min(before):.2f} to {max(before):.2f} of their CPU time, and now "
           f"{min(after):.2f} to {max(after):.2f}")  # fmt: skip
    assert max(before) < 0.9 and 0.6 < min(after) and max(after) < 1.3
    plan = load("feet_plan_session21.json")
    first = [r for r in plan["rows"] if r["order"] == 1]
    assert len(first) == 14
    for r in plan["rows"]:
        b, a = r["before"], r["after"]
        assert "--budget" not in b["command"] + a["command"]
        cells = [f"{x['rel_l2_error']:.3e} / {x['wall_seconds']:.1f}" for x in (b, a)]
        row(bench, r["problem"], r["order"], cells[0], f"{b['width']}, {b['stop_reason']}",
            cells[1], f"{a['width']}, {a['stop_reason']}", f"{a['planned']:.1f}")  # fmt: skip
        if r["order"] == 1:  # the same error to every digit
            assert a["rel_l2_error"] == b["rel_l2_error"]
        assert a["planned"] <= 60
    second = {r["problem"]: r for r in plan["rows"] if r["order"] == 2}
    pulse, swirl = second["swirl_pulse"], second["swirl_diffusion"]
    quotes(bench, f"**swirl_pulse {pulse['before']['rel_l2_error']:.2e} to "
           f"{pulse['after']['rel_l2_error']:.2e} and swirl_diffusion "
           f"{swirl['before']['rel_l2_error']:.2e} to {swirl['after']['rel_l2_error']:.2e} at the "
           "default plan.**")  # fmt: skip
    wide = plan["swirl_diffusion_budget120"]
    assert "--budget 120" in wide["command"]
    assert abs(wide["rel_l2_error"] / swirl["before"]["rel_l2_error"] - 1) < 1e-6
    quotes(bench, f"{e2(wide['rel_l2_error'])} at width {wide['width']} in {wide['planned']:.1f} "
           f"planned seconds ({wide['wall_seconds']:.1f} s of training")  # fmt: skip


def test_section_37_the_heat_kernel_prototype(bench):
    data = load("heat_kernel_features.json")
    assert "benchmarks/heat_kernel_features.py" in data["command"]
    reference = {
        "front": load("user21_erf_front_report.json"),
        "pulse": load("spreading_pulse_default_report.json"),
    }
    assert "benchmarks/user21/spreading_pulse.py" in reference["pulse"]["command"]
    assert "--budget" not in reference["pulse"]["command"]
    widest = []
    for case in ("front", "pulse"):
        r0 = reference[case]
        for width in (256, 512, 1024):
            rows = [r for r in data["rows"] if r["case"] == case and r["width"] == width]
            assert len(rows) == 4  # two floors, two seeds
            low = min(r["rel_l2_error"] for r in rows)
            high = max(r["rel_l2_error"] for r in rows)
            cpu = max(r["cpu_seconds"] for r in rows)
            row(bench, case, width, f"{low:.1e} to {high:.1e}", f"{cpu:.2f}",
                f"{e2(r0['rel_l2_error'])} in {r0['wall_seconds']:.1f} s")  # fmt: skip
            if width == 1024:
                widest += rows
                assert high < r0["rel_l2_error"] / 100  # far below pinnls's defaults
    low = min(r["rel_l2_error"] for r in widest)
    high = max(r["rel_l2_error"] for r in widest)
    quotes(bench, f"1024 such columns reach {low:.1e} to {high:.1e}")
    plain = load("advection_diffusion_2d_default_report.json")
    assert "benchmarks/axes/advection_diffusion_2d.py" in plain["command"]
    assert "--budget" not in plain["command"]
    for width in (512, 1024, 2048):
        rows = [r for r in data["rows"] if r["case"] == "pulse_2d" and r["width"] == width]
        assert len(rows) == 4
        low = min(r["rel_l2_error"] for r in rows)
        high = max(r["rel_l2_error"] for r in rows)
        cpu = max(r["cpu_seconds"] for r in rows)
        row(bench, "pulse_2d", width, f"{low:.1e} to {high:.1e}", f"{cpu:.2f}",
            f"{e2(plain['rel_l2_error'])} in {plain['wall_seconds']:.1f} s")  # fmt: skip
    assert high < 1e-6 < plain["rel_l2_error"]  # 2048 ridges meet issue 22's median; auto not
    quotes(bench, f"2048 ridges reach {low:.1e} to {high:.1e} in about 10 CPU seconds, where the "
           f"defaults give {e2(plain['rel_l2_error'])}")  # fmt: skip


# ------------------------------------------------------------------- section 38: decaying modes


def _basis38(after: dict) -> str:
    if after.get("modes"):
        basis = f"{after['activation']} {after['width']}"
        return f"modes {after['modes']:g}, {basis}, scale {after['scale']:g}"
    if after["width"] is None:
        return "time slabs"
    return f"no modes, {after['activation']} {after['width']}"


def test_section_38_before_and_after(bench):
    data = _side_by_side("modes_before_after_session22.json", 25)
    kept, others = [], []
    for r in data["rows"]:
        name = "/".join(r["problem"].split("/")[-2:]).removesuffix(".py")
        b, a = r["before"], r["after"]
        row(
            bench,
            name,
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
            _basis38(a),
        )
        (kept if a.get("modes") else others).append(r)
    assert len(kept) == 17 and len(others) == 8
    quotes(bench, "**17 keep the modes**", "**8 do not**, and give the same error to every digit")
    assert all(r["after"]["modes"] == 1.0 for r in kept)  # none took half
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in others)
    gains = sorted(r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in kept)
    assert sum(g > 1 for g in gains) == 16
    assert f"{gains[1]:.0f}" == "11" and f"{gains[-1]:.1e}" == "1.2e+07"
    quotes(bench, "by 11x to 1.2e7")
    time = [r["after"]["wall"] / r["before"]["wall"] for r in kept]
    quotes(
        bench,
        f"{min(time):.2f}x to {max(time):.2f}x of before, median {statistics.median(time):.2f}x",
    )
    cost = [r["after"]["wall"] / r["before"]["wall"] for r in others]
    quotes(bench, f"{min(cost):.2f}x to {max(cost):.2f}x of the wall time")
    honest = [r["after"]["estimate"] / r["after"]["rel_l2"] for r in kept]
    quotes(bench, f"on the 17, {min(honest):.2f}x to {max(honest):.0f}x of the error")
    text = re.sub(r"\s+", " ", (ROOT / "docs" / "guide.md").read_text())
    quotes(text, "their wall time is 0.08x to 1.14x of before (median 0.19x)")


def test_section_38_cost_and_steepness(bench):
    cost = load("modes_cost.json")
    assert "benchmarks/modes_cost.py" in cost["command"]
    ratios = []
    for r in cost["rows"]:
        ratio = r["planned"] / r["seconds"]
        ratios.append(ratio)
        row(
            bench,
            r["problem"].split("/")[-1].removesuffix(".py"),
            r["width"],
            r["rows"],
            f"{r['seconds']:.2f}",
            f"{r['planned']:.2f}",
            f"{ratio:.2f}x",
            e2(r["estimate"]),
        )
    quotes(
        bench,
        f"The plan is {min(ratios):.2f}x to {max(ratios):.2f}x of the CPU time (median "
        f"{statistics.median(ratios):.2f}x)",
    )
    assert 0.47 <= min(ratios) and max(ratios) <= 1.22  # within the fitted model's own spread
    scales = load("modes_scales.json")
    assert "benchmarks/modes_scales.py" in scales["command"] and scales["width"] == 1024
    quotes(
        bench, ", ".join(f"{e2(r['rel_l2_error'])} at scale {r['scale']:g}" for r in scales["rows"])
    )
    errors = {r["scale"]: r["rel_l2_error"] for r in scales["rows"]}
    assert min(errors, key=errors.get) == 32.0 and errors[48.0] > 1e-3
    from pinnls.training import auto

    source = (ROOT / "pinnls" / "training" / "auto.py").read_text()
    comment = re.sub(r"\s*#:\s*", " ", source)
    shown = ", ".join(
        f"{e(errors[sc])} at {'scale ' if sc == 4.0 else ''}{sc:g}"
        for sc in (4.0, 8.0, 16.0, 24.0, 32.0)
    )
    assert shown in comment, shown
    assert set(errors) <= set(auto.MODE_SCALES)


def test_section_38_the_prototypes_fits(bench):
    modes, erf = load("heat_kernel_modes.json")["rows"], load("heat_kernel_features.json")["rows"]
    assert "--modes" in load("heat_kernel_modes.json")["command"]

    def span(rows, case, width, kmax=None):
        values = [
            r["rel_l2_error"]
            for r in rows
            if r["case"] == case and r["width"] == width and kmax in (None, r.get("kmax"))
        ]
        low, high = e2(min(values)), e2(max(values))
        return low if low == high else f"{low} to {high}"

    quotes(
        bench,
        f"front {span(modes, 'front_modes', 1024, 200.0)} against "
        f"{span(erf, 'front', 1024)} for the erf features",
        f"pulse {span(modes, 'pulse_modes', 1024, 200.0)} against {span(erf, 'pulse', 1024)}",
        f"pulse_2d {span(modes, 'pulse_2d_modes', 2048, 45.0)} against "
        f"{span(erf, 'pulse_2d', 2048)}",
        f"(front at 100: {span(modes, 'front_modes', 1024, 100.0)})",
    )


def test_section_38_three_axes_and_pyrfm(bench):
    axes = load("axes_table_session22.json")
    assert "--problems advection_diffusion_2d,heat_2d_ms,heat_anisotropic_2d" in axes["command"]
    old = load("axes_table_session18.json")["rows"]
    three = []
    for name, r in axes["rows"].items():
        rerun = name in ("advection_diffusion_2d", "heat_2d_ms", "heat_anisotropic_2d")
        if not rerun:
            assert r == old[name]  # session 18's rows, unchanged
        if len(r["axes"]) < 3:
            continue
        three.append(r["rel_l2_error"])
        if rerun:
            row(
                bench,
                f"{name} (rerun)",
                ", ".join(r["axes"]),
                e2(r["rel_l2_error"]),
                f"{r['wall_seconds']:.1f}",
                f"{r['planned']:.1f}",
                r["width"],
                r["stop_reason"],
            )
    quotes(
        bench,
        f"On the {len(three)} problems of three axes and more the median is "
        f"{e2(statistics.median(three))}",
        f"{sum(v <= 1e-4 for v in three)} of {len(three)} are at 1e-4 or better",
    )
    assert axes["rows"]["heat_2d_ms"]["rel_l2_error"] < 1e-4  # issue 22's target for it
    # the modes' gain at the probe width, from the runs' own reports
    for name, gain in (("heat_2d_ms", 49), ("advection_diffusion_2d", 809)):
        stages = load(f"axes22_{name}_report.json")["strategy"]["stages"]
        first = next(i for i, st in enumerate(stages) if st.get("modes"))
        before = min(st["estimate"] for st in stages[:first])
        best = min(st["estimate"] for st in stages if st.get("modes") and st["width"] == 512)
        assert round(before / best) == gain
    stages = load("axes22_heat_anisotropic_2d_report.json")["strategy"]["stages"]
    first = next(i for i, st in enumerate(stages) if st.get("modes"))
    half = [st["estimate"] for st in stages if st.get("modes") == 0.5]
    tanh = min(st["estimate"] for st in stages[:first])
    quotes(bench, f"{e2(half[0])} against {e2(tanh)} for the per-axis tanh probe")
    readme = text("README.md")
    # the README's figure is section 52's, with the refitted cost model
    refit = load("refit_suites_session32.json")["rows"]
    heat = next(r for r in refit if r["problem"].endswith("heat_2d_ms.py"))["after"]["rel_l2"]
    quotes(readme, f"PINNacle's Heat 2d-MS to {e(heat)} in 60 planned seconds")
    front = next(
        r for r in load("modes_before_after_session22.json")["rows"]
        if r["problem"].endswith("user21/erf_front.py")
    )["after"]  # fmt: skip
    quotes(readme, f"a steep erfc front to {e(front['rel_l2'])} in {front['wall']:.0f} s")
    pyrfm = load("vs_pyrfm_session22_heat.json")["rows"][0]
    best = next(x for x in pyrfm["pyrfm"] if x["label"] == pyrfm["pyrfm_best"])
    assert (
        pyrfm["target_met"]
        and pyrfm["target_third_of_time"]
        and pyrfm["target_tenfold_in_same_time"]
    )
    quotes(
        bench,
        f"pinnls's defaults reach {e2(pyrfm['pinnls']['rel_l2'])} in "
        f"{pyrfm['pinnls']['seconds']:.1f} s",
        f"pyRFM's best {e2(best['rel_l2'])} in {best['seconds']:.1f} s ({best['label']})",
    )


def test_section_38_five_user_files(bench):
    data = load("modes_user22.json")
    assert "benchmarks/user22" in data["command"] and len(data["rows"]) == 5
    for r in data["rows"]:
        name = r["problem"].split("/")[-1].removesuffix(".py")
        b, a = r["before"], r["after"]
        row(bench, name, f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}", _basis38(a))  # fmt: skip
        assert a["modes"] == 1.0 and a["rel_l2"] < b["rel_l2"]
    after = [r["after"] for r in data["rows"]]
    low, high = min(a["rel_l2"] for a in after), max(a["rel_l2"] for a in after)
    quotes(bench, f"reach {e(low)} to {e(high)}, in {min(a['wall'] for a in after):.1f} s to "
           f"{max(a['wall'] for a in after):.1f} s")  # fmt: skip


# ------------------------------------------------------------------- section 39: wave modes


def _rows39() -> list[dict]:
    data = _side_by_side("modes_before_after_session23.json", 27)
    return data["rows"]


def _name39(r: dict) -> str:
    return "/".join(r["problem"].split("/")[-2:]).removesuffix(".py")


def test_section_39_before_and_after(bench):
    rows = _rows39()
    for r in rows:
        b, a = r["before"], r["after"]
        row(
            bench,
            _name39(r),
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
            _basis38(a),
        )
    wave, parabolic = rows[:19], rows[19:]
    assert all("user23" in r["problem"] for r in wave[15:19])
    kept = [r for r in wave if r["after"].get("modes")]
    assert len(kept) == 14
    gains = sorted(r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in kept)
    quotes(bench, f"**14 of the 19 wave files keep the modes**, and their error falls by "
           f"{gains[0]:.0f}x to {gains[-1]:.1e}".replace("e+06", "e6"))  # fmt: skip
    time = [r["after"]["wall"] / r["before"]["wall"] for r in kept]
    quotes(
        bench,
        f"Their wall time is {min(time):.2f}x to {max(time):.2f}x of before, median "
        f"{statistics.median(time):.2f}x",
    )
    honest = [r["after"]["estimate"] / r["after"]["rel_l2"] for r in kept]
    quotes(bench, f"Their estimates are {min(honest):.2f}x to {max(honest):.1f}x of the true error")
    assert [r["after"]["modes"] for r in kept].count(0.5) == 1
    # the four that do not keep them, and the march
    others = {_name39(r): r for r in wave if not r["after"].get("modes")}
    assert set(others) == {
        "slabs/wave_1d_c_long", "suite/wave", "user21/membrane", "axes/wave_2d_ms",
        "user23/diagonal_pulse",
    }  # fmt: skip
    for name in ("suite/wave", "axes/wave_2d_ms", "user23/diagonal_pulse"):
        assert others[name]["after"]["rel_l2"] == others[name]["before"]["rel_l2"]
    pulse = others["user23/diagonal_pulse"]
    quotes(bench, f"in {pulse['after']['wall'] / pulse['before']['wall']:.2f}x the time")
    membrane = others["user21/membrane"]
    assert membrane["after"]["rel_l2"] > 10 * membrane["before"]["rel_l2"]  # said: worse
    # the parabolic files: five with a source unchanged, annulus_heat moved, controls unchanged
    same = [r for r in parabolic if r["after"]["rel_l2"] == r["before"]["rel_l2"]]
    assert len(parabolic) == 8 and len(same) == 7
    (moved,) = [r for r in parabolic if r not in same]
    assert moved["problem"].endswith("user21/annulus_heat.py")
    sourced = [r for r in same if not r["after"].get("modes")]
    assert len(sourced) == 5
    cost = [r["after"]["wall"] / r["before"]["wall"] for r in sourced]
    quotes(bench, f"five give the same error to every digit at {min(cost):.2f}x to "
           f"{max(cost):.2f}x of the time")  # fmt: skip
    # the README and the guide quote the same rows
    wave_1d_c = next(r for r in wave if r["problem"].endswith("axes/wave_1d_c.py"))
    b, a = wave_1d_c["before"], wave_1d_c["after"]
    quotes(
        text("README.md"),
        f"PINNacle's Wave 1d-C to {e(a['rel_l2'])} in {a['wall']:.1f} s, where the tanh basis "
        f"took {b['wall']:.1f} s to {e(b['rel_l2'])}",
    )
    guide = text("docs/guide.md")
    quotes(
        guide,
        f"their error {gains[0]:.0f}x to {gains[-1]:.1e} lower in {min(time):.2f}x to "
        f"{max(time):.2f}x of the time (median {statistics.median(time):.2f}x)".replace(
            "e+06", "e6"
        ),
        f"Wave 1d-C {e2(b['rel_l2'])} in {b['wall']:.1f} s to {e2(a['rel_l2'])} in "
        f"{a['wall']:.1f} s",
    )


def test_section_39_the_reports_quoted(bench):
    membrane = load("modes23_membrane_report.json")
    stages = membrane["strategy"]["stages"]
    half = [st for st in stages if st.get("modes") == 0.5]
    assert not any(st.get("modes") == 1.0 for st in stages)  # a source: no all-modes probe
    assert [st["scale"] for st in half] == [12.0, 16.0, 8.0, 6.0, 4.0]
    first = stages.index(half[0])
    tanh = min(st["estimate"] for st in stages[:first])
    quotes(
        bench,
        f"estimated {e2(min(st['estimate'] for st in half))} at best, against {e2(tanh)} for "
        "the per-axis tanh probe",
    )
    grow = [st for st in stages if st["kind"] == "grow"]
    assert [st["width"] for st in grow] == [1536, 2048, 2560]
    assert membrane["strategy"]["stop_reason"] == "stagnation"
    quotes(
        bench,
        f"the estimate at 2560 ({e2(grow[2]['estimate'])}) did not beat 2048's "
        f"({e2(grow[1]['estimate'])}), although the error fell from "
        f"{e2(grow[1]['rel_l2_error'])} to {e2(grow[2]['rel_l2_error'])}",
    )
    wave = load("modes23_wave_2d_ms_report.json")
    stages = wave["strategy"]["stages"]
    half = [st for st in stages if st.get("modes")]
    assert half and all(st["modes"] == 0.5 for st in half)
    best = min(half, key=lambda st: st["estimate"])
    quotes(bench, f"estimated {best['estimate']:.2f} at best, at scale {best['scale']:g}")
    assert min(st["estimate"] for st in stages) >= 0.997
    quotes(bench, "where no stage of any kind went below 0.997")
    # issue 22's three-axis table with wave_2d's row from section 39
    axes = load("axes_table_session22.json")["rows"]
    wave_2d = next(r for r in _rows39() if r["problem"].endswith("axes/wave_2d.py"))["after"]
    three = [
        wave_2d["rel_l2"] if name == "wave_2d" else r["rel_l2_error"]
        for name, r in axes.items()
        if len(r["axes"]) >= 3
    ]
    assert len(three) == 11
    quotes(
        bench,
        f"the eleven problems of three axes and more have a median of "
        f"{e2(statistics.median(three))} (5.07e-09 in section 38); "
        f"{sum(v <= 1e-4 for v in three)} of 11 are at 1e-4 or better",
    )


# ------------------------------------------------------------------ section 40: steady modes


def test_section_40_before_and_after(bench):
    data = _side_by_side("steady_modes_before_after_session23.json", 8)
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        cells = f", {a['subdomains']} cells" if a.get("subdomains") else ""
        basis = _basis38(a) + ("" if a.get("modes") else cells)
        row(
            bench,
            _name39(r),
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
            basis,
        )
    kept = [r for r in data["rows"] if r["after"].get("modes")]
    controls = [r for r in data["rows"] if not r["after"].get("modes")]
    assert len(kept) == 6 and len(controls) == 2
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in controls)
    gains = [r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in kept]
    time = [r["after"]["wall"] / r["before"]["wall"] for r in kept]
    honest = [r["after"]["estimate"] / r["after"]["rel_l2"] for r in kept]
    quotes(
        bench,
        f"their error falls by {min(gains):.0f}x to {max(gains):.1e}".replace("e+08", "e8"),
        f"in {min(time):.2f}x to {max(time):.2f}x of the time (median "
        f"{statistics.median(time):.2f}x)",
        f"Their estimates are {min(honest):.2f}x to {max(honest):.1f}x of the true error",
    )
    helm = next(r for r in kept if r["problem"].endswith("user23/helmholtz_30.py"))
    b, a = helm["before"], helm["after"]
    quotes(
        text("README.md"),
        f"Helmholtz at k = 30 on the unit square to {e(a['rel_l2'])} in {a['wall']:.1f} s, "
        f"where the tanh basis reached {e(b['rel_l2'])} in {b['wall']:.1f} s",
    )


def test_section_40_two_more_files(bench):
    data = load("modes_user23_more.json")
    assert "before_after.py" in data["command"]
    plate, wave = data["rows"]
    assert plate["problem"].endswith("plate_with_hole.py") and wave["problem"].endswith(
        "wave_3d.py"
    )
    b, a = plate["before"], plate["after"]
    assert a["modes"] == 1.0
    quotes(bench, f"from {e2(b['rel_l2'])} in {b['wall']:.1f} s to {e2(a['rel_l2'])} in "
           f"{a['wall']:.1f} s with the steady modes")  # fmt: skip
    b, a = wave["before"], wave["after"]
    assert not a["modes"] and a["rel_l2"] > b["rel_l2"]  # said: worse
    quotes(bench, f"**is worse**: {e2(b['rel_l2'])} to {e2(a['rel_l2'])}")
    assert (b["width"], a["width"]) == (2048, 1792)
    stages = load("modes23_wave_3d_report.json")["strategy"]["stages"]
    modes = [st for st in stages if st.get("modes")]
    aligned = [st for st in stages if st.get("aligned") and st["width"] == 512]
    best = min(modes, key=lambda st: st["estimate"])
    assert len(modes) == 6 and best["modes"] == 1.0
    quotes(
        bench,
        f"estimated {e2(best['estimate'])} at best (scale {best['scale']:g}), against "
        f"{e2(min(st['estimate'] for st in aligned))} for the aligned tanh probe",
    )
    assert min(st["estimate"] for st in aligned) < 4 * best["estimate"]  # short of MODES_GAIN


def test_section_40_against_pyrfm(bench):
    data = load("vs_pyrfm_session23_helmholtz30.json")
    assert "vs_pyrfm.py" in data["command"]
    (r,) = data["rows"]
    assert r["problem"] == "helmholtz30" and r["target_met"] and r["target_tenfold_in_same_time"]
    assert not r["target_third_of_time"]
    ours = r["pinnls"]
    quotes(bench, f"pinnls's defaults reach {e2(ours['rel_l2'])} in {ours['seconds']:.1f} s")
    sizes = {x["label"]: x for x in r["pyrfm"]}
    for label in ("2x2 x 300", "3x3 x 300"):
        quotes(bench, f"{e2(sizes[label]['rel_l2'])} at {label} in {sizes[label]['seconds']:.1f} s")
    best = sizes[r["pyrfm_best"]]
    quotes(
        bench,
        f"its best {e2(best['rel_l2'])} at {r['pyrfm_best']} in {best['seconds']:.1f} s",
        f"a third of its time: {best['seconds'] / 3:.1f} s",
    )
    stages = ours["stages"]
    tanh = [st for st in stages if st["activation"] == "tanh"]
    assert len(tanh) == 7 and stages[-1]["activation"] == "sin"
    quotes(
        bench,
        f"the seven tanh probes before the modes took {sum(st['seconds'] for st in tanh):.1f} s "
        f"and the one modes probe that ended the run {stages[-1]['seconds']:.2f} s",
    )


# ------------------------------------------------------ section 41: a particular solution first


def _share41() -> dict:
    data = load("particular_share_session24.json")
    assert "particular_share.py" in data["command"]
    return data["rows"]


def test_section_41_before_and_after(bench):
    data = _side_by_side("particular_before_after_session24.json", 30)
    share = _share41()
    for r in data["rows"]:
        b, a, s = r["before"], r["after"], share[r["problem"]]
        row(
            bench,
            r["problem"].removeprefix("benchmarks/").removesuffix(".py"),
            "-" if s["terms"] is None else f"{s['terms']}, {s['degree']}",
            "-" if s["left"] is None else e2(s["left"]),
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
            e2(a["estimate"]),
        )
        assert (a["particular"] is not None) == (s["terms"] is not None)
    kept = [r for r in data["rows"] if r["after"]["particular"]]
    controls = [r for r in data["rows"] if not r["after"]["particular"]]
    assert len(kept) == 28 and len(controls) == 2
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in controls)
    same = [r for r in kept if share[r["problem"]]["left"] < 1e-12]
    rest = [r for r in kept if share[r["problem"]]["left"] >= 1e-12]
    assert len(same) == 14 and len(rest) == 14
    lefts = [share[r["problem"]]["left"] for r in rest]
    quotes(bench, f"`u - u_p` is {e2(min(lefts))} to {e2(max(lefts))} of `u`")

    def gains(rows):
        return [r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in rows]

    def times(rows):
        return [r["after"]["wall"] / r["before"]["wall"] for r in rows]

    g, t = gains(same), times(same)
    worst = max(r["after"]["rel_l2"] for r in same)
    quotes(
        bench,
        f"{min(g):.0f}x to {max(g):.1e}".replace("e+13", "e13")
        + f" lower, every one at {e2(worst)}",
        f"in {min(t):.2f}x to {max(t):.2f}x of the time (median {statistics.median(t):.2f}x)",
    )
    better = [r for r in rest if r["after"]["rel_l2"] < r["before"]["rel_l2"]]
    (worse,) = [r for r in rest if r not in better]
    assert worse["problem"].endswith("wave_source.py") and len(better) == 13
    g, t = gains(better), times(rest)
    quotes(
        bench,
        f"13 are better, by {min(g):.1f}x to {max(g):.1e}".replace("e+06", "e6"),
        f"in {min(t):.2f}x to {max(t):.2f}x of the time (median {statistics.median(t):.2f}x)",
        f"**wave_source is worse**: {e2(worse['before']['rel_l2'])} to "
        f"{e2(worse['after']['rel_l2'])}",
        f"estimated {e2(worse['after']['estimate'])}, below the target",
        f"its estimate was {worse['after']['rel_l2'] / worse['after']['estimate']:.1f}x optimistic",
    )
    quotes(text("README.md"), "A particular solution first")


def test_section_41_user_files_and_pyrfm(bench):
    data = _side_by_side("particular_user24_session24.json", 3)
    share = _share41()
    for r in data["rows"]:
        b, a, s = r["before"], r["after"], share[r["problem"]]
        row(
            bench,
            r["problem"].removeprefix("benchmarks/").removesuffix(".py"),
            f"{s['terms']}, {s['degree']}",
            e2(s["left"]),
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
            e2(a["estimate"]),
        )
        assert a["rel_l2"] < b["rel_l2"] and s["left"] > 0.05
    gauss = data["rows"][0]
    assert gauss["problem"].endswith("heat_kernel_forced.py")
    quotes(
        text("README.md"),
        f"from {e(gauss['before']['rel_l2'])} to {e(gauss['after']['rel_l2'])}",
    )
    pyrfm = load("vs_pyrfm_session24_particular.json")
    assert "vs_pyrfm.py" in pyrfm["command"] and len(pyrfm["rows"]) == 3
    files = {
        "poisson": "benchmarks/pyrfm/poisson_rfm.py",
        "helmholtz": "benchmarks/pyrfm/helmholtz_1d.py",
        "disk": "problems/poisson_disk.py",
    }
    for r in pyrfm["rows"]:
        ours = r["pinnls"]
        best = {x["label"]: x for x in r["pyrfm"]}[r["pyrfm_best"]]
        assert r["target_met"] and ours["particular"] and share[files[r["problem"]]]["left"] < 1e-12
        row(
            bench,
            r["problem"],
            f"{e2(ours['rel_l2'])} / {ours['seconds']:.1f}",
            e2(share[files[r["problem"]]]["left"]),
            f"{e2(best['rel_l2'])} / {best['seconds']:.1f}",
            r["pyrfm_best"],
        )


def test_section_41_three_axis_median(bench):
    # section 39's eleven rows, three of them replaced by this section's after column
    before = load("particular_before_after_session24.json")["rows"]
    after = {r["problem"].split("/")[-1][:-3]: r["after"]["rel_l2"] for r in before}
    axes = load("axes_table_session22.json")["rows"]
    rows = {name: r["rel_l2_error"] for name, r in axes.items() if name != "wave_1d_c"}
    (wave,) = [
        r for r in load("modes_before_after_session23.json")["rows"]
        if r["problem"].endswith("axes/wave_2d.py")
    ]  # fmt: skip
    rows["wave_2d"] = wave["after"]["rel_l2"]
    for name in ("heat_anisotropic_2d", "wave_2d_ms", "poisson_nd"):
        rows[name] = after[name]
    assert len(rows) == 11 and max(rows.values()) <= 1e-4
    quotes(bench, f"the eleven have a median of {e2(statistics.median(rows.values()))}")


# ------------------------------------------------------------- section 42: modes first, the check


def _rows42() -> list[dict]:
    data = _side_by_side("modes_first_before_after_session25.json", 66)
    return data["rows"]


def test_section_42_before_and_after(bench):
    rows = _rows42()
    for r in rows:
        b, a = r["before"], r["after"]
        row(
            bench,
            r["problem"].removeprefix("benchmarks/").removesuffix(".py"),
            f"{e2(b['rel_l2'])} / {b['wall']:.1f} / {b['stages']}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f} / {a['stages']}",
            a["stop_reason"],
        )
    better = [r for r in rows if r["after"]["rel_l2"] < r["before"]["rel_l2"]]
    worse = [r for r in rows if r["after"]["rel_l2"] > r["before"]["rel_l2"]]
    assert not worse and len(better) == 3
    for r in better:
        name = r["problem"].removeprefix("benchmarks/").removesuffix(".py")
        quotes(bench, f"{name} {e2(r['before']['rel_l2'])} to {e2(r['after']['rel_l2'])}")
    quotes(bench, f"{len(rows) - len(better)} identical to every digit")

    def ratios(some):
        return [r["after"]["wall"] / r["before"]["wall"] for r in some]

    one = [r for r in rows if r["after"]["stages"] == 1]
    more = [r for r in rows if r["after"]["stages"] > 1]
    slabs = [r for r in rows if r["after"]["stages"] == 0]
    assert all(r["after"]["modes"] == 1.0 for r in one)
    assert len(one) + len(more) + len(slabs) == len(rows) and len(slabs) == 2
    reused = [r for r in more if r["after"]["stages"] == r["before"]["stages"]]
    paid = [r for r in more if r["after"]["stages"] == r["before"]["stages"] + 1]
    assert len(reused) + len(paid) == len(more)
    t = ratios(one)
    quotes(
        bench,
        f"**{len(one)} runs end after step 0's probe**, in {min(t):.2f}x to {max(t):.2f}x of "
        f"the time (median {statistics.median(t):.2f}x)",
    )
    t = ratios(more)
    quotes(
        bench,
        f"**The other {len(more)} runs with stages** take {min(t):.2f}x to {max(t):.2f}x of the "
        f"time (median {statistics.median(t):.2f}x)",
        f"{len(reused)} reuse the probe in step 1m's walk (as many stages as before, median "
        f"{statistics.median(ratios(reused)):.2f}x)",
        f"{len(paid)} pay it as one stage more (median {statistics.median(ratios(paid)):.2f}x;",
    )
    t = ratios(rows)
    budget = [r for r in rows if r["after"]["stop_reason"] == "budget"]
    tb = ratios(budget)
    quotes(
        bench,
        f"over all {len(rows)}: median {statistics.median(t):.2f}x, {min(t):.2f}x to "
        f"{max(t):.2f}x, {sum(r['before']['wall'] for r in rows):.1f} s to "
        f"{sum(r['after']['wall'] for r in rows):.1f} s in all",
        f"{len(budget)} runs stop at the budget with the same errors before and after, and "
        f"their wall time still moves by {min(tb):.2f}x to {max(tb):.2f}x",
    )
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in budget)
    (helm,) = [r for r in rows if r["problem"].endswith("helmholtz_30.py")]
    (wave,) = [r for r in rows if r["problem"].endswith("suite/wave.py")]
    quotes(
        text("docs/guide.md"),
        f"Helmholtz at k = 30 in {helm['after']['wall']:.1f} s instead of "
        f"{helm['before']['wall']:.1f} s",
        f"the suite's wave equation at {e2(wave['after']['rel_l2'])} instead of "
        f"{e2(wave['before']['rel_l2'])}",
    )


def test_section_42_exact_check_at_points_first(bench):
    data = load("compile_time_session25.json")
    assert "compile_time.py" in data["command"]
    timed = [r for r in data["rows"] if "seconds" in r["before"] and "seconds" in r["after"]]
    assert len(timed) == 182
    # the same terms are checked, and only labels move, from symbolic to numeric
    moved = [
        (r, k)
        for r in timed
        for k, v in r["after"]["exact_check"].items()
        if v != r["before"]["exact_check"][k]
    ]
    assert all(r["before"]["exact_check"][k] == "symbolic" for r, k in moved)
    checks = sum(len(r["after"]["exact_check"]) for r in timed)
    before = [r["before"]["seconds"] for r in timed]
    after = [r["after"]["seconds"] for r in timed]
    quotes(
        bench,
        f"{len(moved)} of {checks} term checks",
        f"{len(timed)} files, {sum(before):.1f} s to {sum(after):.1f} s in all, median "
        f"{statistics.median(before):.3f} s to {statistics.median(after):.3f} s",
    )
    for name in ("user24/wave_pulse_forced", "drift/rotation_diffusion", "user23/helmholtz_30"):
        (r,) = [r for r in timed if r["problem"] == f"benchmarks/{name}.py"]
        quotes(bench, f"{name} {r['before']['seconds']:.2f} s to {r['after']['seconds']:.2f} s")
    top = max(timed, key=lambda r: r["after"]["seconds"] / r["before"]["seconds"])
    quotes(
        bench,
        f"the largest ratio {top['after']['seconds'] / top['before']['seconds']:.2f}x, "
        f"{top['before']['seconds']:.2f} s to {top['after']['seconds']:.2f} s",
    )
    (slow,) = [r for r in timed if r["problem"].endswith("wave_pulse_forced.py")]
    quotes(
        text("docs/problem-files.md"),
        f"{slow['before']['seconds']:.0f} s on the exact solution",
        f"{len(timed)} problem files of the repository compile in {sum(after):.1f} s instead "
        f"of {sum(before):.1f} s",
    )


def _pyrfm_row(bench, r, *extra):
    """A row of sections 42-43's tables against pyRFM: problem, pinnls's error and time, its
    choice, ``extra`` cells, pyRFM's best and its size, the target."""
    ours = r["pinnls"]
    best = {x["label"]: x for x in r["pyrfm"]}[r["pyrfm_best"]]
    chose = ours["chosen"].replace(", init_scale", " at").replace(" stages, converged", " stages")
    row(
        bench,
        r["problem"],
        f"{e2(ours['rel_l2'])} / {ours['seconds']:.1f}",
        chose,
        *extra,
        f"{e2(best['rel_l2'])} / {best['seconds']:.1f}",
        r["pyrfm_best"],
        "met" if r["target_met"] else "not met",
    )


def test_section_42_against_pyrfm(bench):
    rows = load("vs_pyrfm_session25_all.json")["rows"]
    data = load("vs_pyrfm_session25_helmholtz30.json")
    assert "vs_pyrfm.py" in data["command"] and len(rows) == 7
    for r in rows + data["rows"]:
        _pyrfm_row(bench, r, "yes" if r["pinnls"]["particular"] else "no")
    met = [r for r in rows + data["rows"] if r["target_met"]]
    (missed,) = [r for r in rows if not r["target_met"]]
    assert missed["problem"] == "reaction"
    quotes(bench, f"is met on {len(met)} of the {len(rows) + 1}")
    best = {x["label"]: x for x in missed["pyrfm"]}[missed["pyrfm_best"]]
    quotes(
        bench,
        f"{e2(missed['pinnls']['rel_l2'])} in {missed['pinnls']['seconds']:.1f} s against "
        f"pyRFM's {e2(best['rel_l2'])} in {best['seconds']:.1f} s",
    )
    (r,) = data["rows"]
    assert r["problem"] == "helmholtz30" and r["target_third_of_time"]
    ours = r["pinnls"]
    best = {x["label"]: x for x in r["pyrfm"]}[r["pyrfm_best"]]
    quotes(
        bench,
        f"pinnls's defaults reach {e2(ours['rel_l2'])} in {ours['seconds']:.1f} s "
        f"({ours['training_seconds']:.1f} s of it training)",
        f"pyRFM's best {e2(best['rel_l2'])} at {r['pyrfm_best']} in {best['seconds']:.1f} s",
        f"a third of its time, {best['seconds'] / 3:.1f} s",
    )


# -------------------------------------------------------------- section 43: transport modes


def _transport_row(bench, r):
    """A row of section 43's before-and-after tables ("-": no chosen basis, as time slabs)."""
    b, a = r["before"], r["after"]
    chose = f"{a['activation']} {a['width']}" + (", modes" if a["modes"] else "")
    row(
        bench,
        r["problem"].removeprefix("benchmarks/").removesuffix(".py"),
        f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
        f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
        chose if a["width"] else "-",
        a["stop_reason"],
    )


def test_section_43_before_and_after(bench):
    data = _side_by_side("transport_modes_before_after_session25.json", 35)
    rows = data["rows"]
    for r in rows:
        _transport_row(bench, r)
    better = [r for r in rows if r["after"]["rel_l2"] < r["before"]["rel_l2"]]
    worse = [r for r in rows if r["after"]["rel_l2"] > r["before"]["rel_l2"]]
    same = [r for r in rows if r["after"]["rel_l2"] == r["before"]["rel_l2"]]
    assert (len(better), len(same), len(worse)) == (16, 16, 3)
    assert all(r["after"]["modes"] == 1.0 for r in better)

    def ratios(some):
        return [r["after"]["wall"] / r["before"]["wall"] for r in some]

    g = [r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in better]
    t = ratios(better)
    one = [r for r in better if r["after"]["stages"] == 1 and r["after"]["rel_l2"] < 1e-6]
    quotes(
        bench,
        f"**16 more accurate**, by {min(g):.1f}x to {max(g):.1e}".replace("e+08", "e8")
        + f", in {min(t):.2f}x to {max(t):.2f}x of the time (median {statistics.median(t):.2f}x)",
        f"{len(one)} of them end in one stage of modes at "
        f"{e2(max(r['after']['rel_l2'] for r in one))} or better",
    )
    t = ratios(same)
    quotes(
        bench,
        f"**16 the same to every digit**, in {min(t):.2f}x to {max(t):.2f}x of the time "
        f"(median {statistics.median(t):.2f}x)",
    )
    for r in worse:
        name = r["problem"].removeprefix("benchmarks/").removesuffix(".py")
        quotes(bench, f"{name} {e2(r['before']['rel_l2'])} to {e2(r['after']['rel_l2'])}")
    t = ratios(rows)
    quotes(
        bench,
        f"Wall time over all 35: median {statistics.median(t):.2f}x, {min(t):.2f}x to "
        f"{max(t):.2f}x, {sum(r['before']['wall'] for r in rows):.1f} s to "
        f"{sum(r['after']['wall'] for r in rows):.1f} s in all",
    )
    by = {r["problem"].removeprefix("benchmarks/").removesuffix(".py"): r for r in rows}
    guide = text("docs/guide.md")
    for name in ("suite/transport_periodic", "user17/advection_periodic_8laps"):
        b, a = by[name]["before"], by[name]["after"]
        quotes(
            guide,
            f"from {e2(b['rel_l2'])} in {b['wall']:.1f} s to {e2(a['rel_l2'])} in "
            f"{a['wall']:.1f} s",
        )
    quotes(guide, "16 are more accurate, 16 the same, 3 worse")
    b, a = (
        by["user17/advection_periodic_8laps"]["before"],
        by["user17/advection_periodic_8laps"]["after"],
    )
    quotes(
        text("README.md"),
        f"from {e(b['rel_l2'])} in {b['wall']:.1f} s to {e(a['rel_l2'])} in {a['wall']:.1f} s",
    )


def test_section_43_axes_baseline_fix(bench):
    data = _side_by_side("axes_baseline_fix_session25.json", 27)
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        assert (b["rel_l2"], b["stages"], b["width"]) == (a["rel_l2"], a["stages"], a["width"])
    quotes(bench, "the same error, stages and width on all 27")


def test_section_43_against_pyrfm(bench):
    data = load("vs_pyrfm_session25_transport.json")
    assert "vs_pyrfm.py" in data["command"] and len(data["rows"]) == 3
    assert all(r["target_met"] for r in data["rows"])
    for r in data["rows"]:
        _pyrfm_row(bench, r)
    (reaction,) = [r for r in data["rows"] if r["problem"] == "reaction"]
    best = {x["label"]: x for x in reaction["pyrfm"]}[reaction["pyrfm_best"]]
    quotes(
        bench,
        f"is met: {e2(reaction['pinnls']['rel_l2'])} in {reaction['pinnls']['seconds']:.1f} s "
        f"against pyRFM's best {e2(best['rel_l2'])} in {best['seconds']:.1f} s",
        "holds on all 8 problems of `vs_pyrfm.py`",
    )


def test_section_43_user_files_and_suite(bench):
    data = _side_by_side("user25_before_after_session25.json", 3)
    for r in data["rows"]:
        _transport_row(bench, r)
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    for name in ("transport_forced_1d", "ring_20_laps"):
        b, a = by[name]["before"], by[name]["after"]
        assert a["rel_l2"] < b["rel_l2"] / 10
        assert (a["modes"], a["particular"]) == ((1.0, None) if "ring" in name else (0.0, 3))
        quotes(
            bench,
            f"from {e2(b['rel_l2'])} in {b['wall']:.1f} s to {e2(a['rel_l2'])} in "
            f"{a['wall']:.1f} s",
        )
    pulse = by["pulse_2d_reaction"]
    assert pulse["after"]["rel_l2"] == pulse["before"]["rel_l2"]
    quotes(
        bench,
        f"to the same {e2(pulse['after']['rel_l2'])} as before, and the modes probes cost "
        f"{pulse['before']['wall']:.1f} s to {pulse['after']['wall']:.1f} s",
    )
    rows = load("suite_session25.json")
    assert len(rows) == 22 and all(r["rel_l2"] <= 1e-4 and r["status"] == 0 for r in rows)
    for r in rows:
        row(bench, *_suite_cells(r), f"{r['wall']:.1f}", f"{r['elapsed']:.1f}")
    low = [r for r in rows if r["axes"] <= 2]
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    below = [r for r in rows if r["validation"] < r["rel_l2"]]
    assert all(r["rel_l2"] < 1e-10 for r in below)
    quotes(
        bench,
        f"the median error over the 20 one- and two-axis problems "
        f"{e2(statistics.median(r['rel_l2'] for r in low))}; median solve "
        f"{statistics.median(r['wall'] for r in rows):.1f} s",
        f"median elapsed {statistics.median(r['elapsed'] for r in rows):.1f} s",
        f"the estimate is {min(ratios):.2f}x to {max(ratios):.1f}x the true error (median "
        f"{statistics.median(ratios):.2f}x), at or above it on {len(rows) - len(below)} of 22",
    )


def test_section_43_the_method_alone_against_pyrfm(bench):
    data = load("vs_pyrfm_session25_no_particular.json")
    assert "--no-particular" in data["command"] and len(data["rows"]) == 3
    for r in data["rows"]:
        assert r["pinnls"]["particular"] is None
        _pyrfm_row(bench, r)
    met = [r["problem"] for r in data["rows"] if r["target_met"]]
    assert met == ["helmholtz"]
    by = {r["problem"]: r for r in data["rows"]}
    for name, before in (("poisson", "pyRFM's best "), ("disk", "")):
        ours = by[name]["pinnls"]
        best = {x["label"]: x for x in by[name]["pyrfm"]}[by[name]["pyrfm_best"]]
        quotes(
            bench,
            f"{e2(ours['rel_l2'])} in {ours['seconds']:.1f} s against {before}"
            f"{e2(best['rel_l2'])} in {best['seconds']:.1f} s",
        )
    quotes(bench, "for the method without `u_p` on 6 of the 8")


def _pick44(trials: list[dict], key: str) -> int:
    """The count a score picks: the smallest (the first of equal ones), if 4x it is at most
    one slab's estimate."""
    best = trials[0]
    for t in trials[1:]:
        if t[key] < best[key]:
            best = t
    return best["slabs"] if best["slabs"] > 1 and 4 * best[key] <= trials[0]["first"] else 1


def test_section_44_what_the_scores_predict(bench):
    data = load("slab_prediction_session26.json")
    rows = data["rows"]
    assert len(rows) == 33 and rows[-1]["problem"] == "benchmarks/slabs/chirp_forced.py"
    marched = [t for r in rows for t in r["trials"] if t["slabs"] > 1 and t.get("march_estimate")]
    assert len(marched) == 156
    for t in (t for r in rows for t in r["trials"]):
        assert t["old"] == pytest.approx(t["slabs"] * t["first"])
        assert t["spread"] == pytest.approx(t["old"] * t["profile"])
        assert t["new"] == pytest.approx(t["old"] * min(t["profile"], 1.0))
    cells = []
    for key in ("old", "spread", "new"):
        ratios = [t[key] / t["march_estimate"] for t in marched]
        logs = [abs(math.log10(x)) for x in ratios]
        cells.append(
            (
                sum(1 / 3 <= x <= 3 for x in ratios),
                f"{statistics.median(ratios):.2f}",
                f"{10 ** statistics.mean(logs):.2f}",
                sum(x > 1 for x in ratios),
            )
        )
    for label, c in zip(
        ("n × first slab (before)", "× spread", "× spread, at most 1 (now)"), cells, strict=True
    ):
        row(bench, label, *c)
    assert cells[0][0] < cells[1][0] < cells[2][0]
    # the same count under every score, on every file
    for r in rows:
        picks = {_pick44(r["trials"], key) for key in ("old", "spread", "new")}
        assert len(picks) == 1, r["problem"]
    by = {r["problem"].split("/")[-1][:-3]: {t["slabs"]: t for t in r["trials"]} for r in rows}
    for name, n in (("growing", 8), ("wave_1d_c_long", 32)):
        t = by[name][n]
        quotes(
            bench,
            f"at {n} slabs (spread {t['profile']:.2f})",
            f"{e2(t['old'])} before",
            f"{e2(t['new'])} now",
        )
        quotes(bench, e2(t["march_estimate"]))
    over = [t for t in marched if t["profile"] > 1]
    spread = statistics.median(t["spread"] / t["march_estimate"] for t in over)
    first = statistics.median(t["old"] / t["march_estimate"] for t in over)
    quotes(
        bench,
        f"on the {len(over)} counts whose spread exceeded 1, the uncapped score was a median "
        f"{spread:.2f}x the march, n × the first slab {first:.2f}x",
    )
    chirp = by["chirp_forced"][8]
    quotes(
        bench,
        f"at 8 slabs (spread {chirp['profile']:.2f}) n × first slab scored {e2(chirp['old'])} "
        f"and the uncapped spread {e2(chirp['spread'])}, against a march at "
        f"{e2(chirp['march_estimate'])}",
    )


def test_section_44_no_decision_changes(bench):
    scan = load("slab_scores_session26.json")
    assert (scan["files"], scan["probed"], scan["differ"]) == (136, 32, [])
    probed = [r for r in scan["rows"] if r["old"] is not None]
    assert len(probed) == 32 and all(r["old"] == r["new"] for r in probed)
    assert all(r["slabs"] == r["old"] for r in probed)
    quotes(bench, "the 136 files with a time axis: 32 probed slabs")
    pairs = _side_by_side("slab_before_after_session26.json", 6)
    ratios = []
    for r in pairs["rows"]:
        b, a = r["before"], r["after"]
        assert a["rel_l2"] == b["rel_l2"] and a["slabs"] == b["slabs"]
        ratios.append(a["wall"] / b["wall"])
        name = r["problem"].removeprefix("benchmarks/").removesuffix(".py")
        row(
            bench,
            name,
            a["slabs"],
            f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
        )
    quotes(bench, f"in {min(ratios):.2f}x to {max(ratios):.2f}x of the time")
    final = load("slab_final_before_after_session26.json")
    assert [r["problem"] for r in final["rows"]] == [r["problem"] for r in pairs["rows"]]
    for r in final["rows"]:
        b, a = r["before"], r["after"]
        assert a["rel_l2"] == b["rel_l2"] and a["slabs"] == b["slabs"]
    walls = [r["after"]["wall"] / r["before"]["wall"] for r in final["rows"]]
    quotes(bench, f"six, in {min(walls):.2f}x to {max(walls):.2f}x of the time")


def test_section_45_ten_user_files(bench):
    rows = load("user26_session26.json")
    assert len(rows) == 10 and all(r["status"] == 0 for r in rows)
    for r in rows:
        ratio = r["validation"] / r["rel_l2"]
        row(
            bench,
            r["file"].split("/")[-1][:-3],
            r["axes"],
            e2(r["rel_l2"]),
            e2(r["validation"]),
            f"{ratio:.2g}",
            r["width"] if r["width"] is not None else "-",
            f"{r['wall']:.1f}",
            f"{r['elapsed']:.1f}",
        )
    met = [r for r in rows if r["rel_l2"] <= 1e-4]
    assert len(met) == 9
    by = {r["file"].split("/")[-1][:-3]: r for r in rows}
    quotes(
        bench,
        f"the median {e2(statistics.median(r['rel_l2'] for r in rows))}, the median solve "
        f"{statistics.median(r['wall'] for r in rows):.1f} s",
        f"the pulsing heater stops at {e2(by['heat2d_pulsing_heater']['rel_l2'])} after "
        f"{by['heat2d_pulsing_heater']['wall']:.1f} s",
        f"advdiff_moving_gaussian): {e2(by['advdiff_moving_gaussian']['rel_l2'])}",
    )
    low = sorted(r["validation"] / r["rel_l2"] for r in rows)
    assert [f"{x:.2g}" for x in low[:2]] == ["0.018", "0.22"]
    quotes(bench, f"On the other eight it is {low[2]:.2f}x to {low[-1]:.0f}x the error")
    wave = by["wave_standing_plus_travelling"]
    guide = text("docs/guide.md")
    quotes(
        guide,
        f"estimate {e2(wave['validation'])}, error {e2(wave['rel_l2'])}, "
        f"{wave['validation'] / wave['rel_l2']:.2g}x",
    )


def test_section_45_the_heaters_report(bench):
    report = load("user26_heat2d_pulsing_heater_report.json")
    user = {r["name"]: r for r in load("user26_session26.json")}["heat2d-pulsing-heater"]
    assert report["rel_l2_error"] == user["rel_l2"]
    strategy = report["strategy"]
    assert strategy["chosen"]["axis_scales"] == {"x": 4.0, "y": 4.0}
    errors = {}
    for st in strategy["stages"]:
        if st.get("axis_scales") == {"x": 4.0, "y": 4.0} and st["scale"] == 1.5:
            errors[st["width"]] = st["rel_l2_error"]
    quotes(
        bench,
        f"from {e2(errors[1024])} at width 1024 to {e2(errors[3072])} at 3072",
        f"(max error {e2(report['max_error'])})",
    )


def test_section_46_no_optimizer_without_steps(bench):
    data = _side_by_side("lazy_optimizer_before_after_session26.json", 17)
    ratios = []
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        assert a["rel_l2"] == b["rel_l2"] and a["stop_reason"] == b["stop_reason"]
        ratios.append(a["wall"] / b["wall"])
        row(
            bench,
            r["problem"].split("/")[-1][:-3],
            e2(b["rel_l2"]),
            f"{b['wall']:.2f}",
            f"{a['wall']:.2f}",
        )
    walls = [(r["before"]["wall"], r["after"]["wall"]) for r in data["rows"]]
    quotes(
        bench,
        f"takes {min(ratios):.2f}x to {max(ratios):.2f}x the time, median "
        f"{statistics.median(ratios):.2f}x ({statistics.median(b for b, _ in walls):.2f} s to "
        f"{statistics.median(a for _, a in walls):.2f} s)",
    )
    user = {r["name"]: r for r in load("user26_session26.json")}["transport-growing"]
    quotes(bench, f"{user['wall']:.1f} s of solve in {user['elapsed']:.1f} s of command")


def _suite_cells(r: dict) -> tuple:
    """The cells of a suite run's row that every table of it starts with."""
    return r["name"], r["axes"], e2(r["rel_l2"]), e2(r["validation"]), r["width"]


def test_section_46_the_untuned_suite_again(bench):
    now, before = load("suite_session26.json"), load("suite_session25.json")
    assert len(now) == len(before) == 22 and all(r["status"] == 0 for r in now)
    assert all(r["rel_l2"] <= 1e-4 for r in now)
    old = {r["name"]: r for r in before}
    for r in now:
        o = old[r["name"]]
        assert r["rel_l2"] == pytest.approx(o["rel_l2"], rel=0.01)
        row(
            bench,
            *_suite_cells(r),
            f"{o['wall']:.1f} / {o['elapsed']:.1f}",
            f"{r['wall']:.1f} / {r['elapsed']:.1f}",
        )
    median = statistics.median
    quotes(
        bench,
        f"The median solve went from {median(r['wall'] for r in before):.2f} s to "
        f"{median(r['wall'] for r in now):.2f} s and the median command from "
        f"{median(r['elapsed'] for r in before):.1f} s to "
        f"{median(r['elapsed'] for r in now):.1f} s",
    )


def test_section_46_the_session_against_its_start(bench):
    data = load("final_before_after_session26.json")
    rows = data["rows"]
    start = load("modes_first_before_after_session25.json")["rows"]
    assert [r["problem"] for r in rows] == [r["problem"] for r in start] and len(rows) == 66
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in rows)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in rows]
    quotes(
        bench,
        f"the same error to every digit on all 66; the solve took {min(ratios):.2f}x to "
        f"{max(ratios):.2f}x the time, median {statistics.median(ratios):.2f}x, "
        f"{sum(r['before']['wall'] for r in rows):.1f} s to "
        f"{sum(r['after']['wall'] for r in rows):.1f} s in all",
    )


def test_section_47_the_box_proportions_first(bench):
    three = _side_by_side("box_factors_before_after_session27.json", 9)
    two = _side_by_side("box_factors_2d_before_after_session27.json", 11)
    for data, axes in ((three, 3), (two, 2)):
        for r in data["rows"]:
            b, a = r["before"], r["after"]
            factors = a["axis_scales"]
            cell = ", ".join(f"{k}={v:g}" for k, v in factors.items()) if factors else "none"
            width = str(b["width"]) if b["width"] == a["width"] else f"{b['width']} -> {a['width']}"
            row(bench, r["problem"].split("/")[-1][:-3], axes,
                f"{e2(b['rel_l2'])} / {b['wall']:.1f}", f"{e2(a['rel_l2'])} / {a['wall']:.1f}",
                cell, width, a["stop_reason"])  # fmt: skip
    by = {r["problem"].split("/")[-1][:-3]: r for r in three["rows"] + two["rows"]}

    def went(name):
        return f"{e2(by[name]['before']['rel_l2'])} to {e2(by[name]['after']['rel_l2'])}"

    def took(name):
        return f"{by[name]['before']['wall']:.1f} s to {by[name]['after']['wall']:.1f} s"

    bump = by["poisson_offcentre_bump"]
    gain = bump["before"]["rel_l2"] / bump["after"]["rel_l2"]
    quotes(bench, f"[0, 1] x [0, 2] x [0, 0.5] {went('poisson3d_mixed')}",
           f"[0, 1] {went('poisson_offcentre_bump')} ({gain:.0f}x)",
           f"advection-diffusion {went('advdiff_swirl')}",
           f"the obstacle {went('transport_obstacle')}",
           f"transport_steady_2d {went('transport_steady_2d')}", f"tau {went('tau')}",
           f"reaction_diffusion_variable {went('reaction_diffusion_variable')}",
           f"(transport_var {took('transport_var')}, mixed {took('mixed')})")  # fmt: skip
    # step 1p kept isotropic features: the errors of 38c1aad, which ran isotropic
    for name in ("mixed", "transport_var", "thin_plate"):
        assert by[name]["after"]["axis_scales"] is None
        assert by[name]["after"]["rel_l2"] == by[name]["before"]["rel_l2"]
    same = [r for r in three["rows"] if r["after"]["rel_l2"] == r["before"]["rel_l2"]]
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"the three-axis files whose errors did not move took {min(ratios):.2f}x to "
           f"{max(ratios):.2f}x the time")  # fmt: skip
    # every two-axis file that was resolved stays below the target
    resolved = [r for r in two["rows"] if r["before"]["stop_reason"] == "converged"]
    assert all(r["after"]["rel_l2"] <= 1e-10 for r in resolved)
    up = sorted(r["after"]["rel_l2"] / r["before"]["rel_l2"] for r in resolved)
    rose = [x for x in up if x > 1.5]
    assert len(rose) == 2
    assert all(
        r["after"]["rel_l2"] < 1e-11
        for r in resolved
        if r["after"]["rel_l2"] > 1.5 * r["before"]["rel_l2"]
    )
    quotes(bench, f"two errors {rose[0]:.1f}x-{rose[-1]:.1f}x higher below 1e-11")
    guide = text("docs/guide.md")
    quotes(
        guide,
        f"went from {went('poisson3d_mixed')} with the defaults, a narrow bump on [0, 2] x [0, 1] "
        f"from {went('poisson_offcentre_bump')}",
    )


def test_section_47_issue_21_against_pyrfm_again(bench):
    record = load("vs_pyrfm_session27_all.json")
    assert (
        "--problems poisson,gauss,heat,xyt,helmholtz,reaction,disk,helmholtz30" in record["command"]
    )
    assert pyrfm_table(bench, record) == len(record["rows"]) == 8
    quotes(bench, "All 8 met.")
    (xyt,) = [r for r in record["rows"] if r["problem"] == "xyt"]
    ours, (first, *_) = xyt["pinnls"], xyt["pyrfm"]
    assert first["seconds"] > ours["seconds"] and xyt["pyrfm_best_in_pinnls_time"] is None
    assert xyt["pyrfm_tenfold_against"] == first["label"] and xyt["target_tenfold_in_same_time"]
    larger = f"{first['rel_l2'] / ours['rel_l2']:.0e}".replace("e+0", "e")
    quotes(bench, f"on xyt pinnls took {ours['seconds']:.1f} s and pyRFM's smallest size "
           f"{first['seconds']:.1f} s ({e2(first['rel_l2'])})",
           f"an error {larger} times larger")  # fmt: skip


def test_section_47_the_heater_against_pyrfm(bench):
    record = load("vs_pyrfm_session27_heater.json")
    assert "--problems heater" in record["command"]
    assert pyrfm_table(bench, record) == 1
    (r,) = record["rows"]
    quotes(bench, "pyRFM's sweep: " + ", ".join(
        f"{s['label']} {e2(s['rel_l2'])} in {s['seconds']:.1f} s" for s in r["pyrfm"]))  # fmt: skip
    best = {s["label"]: s for s in r["pyrfm"]}[r["pyrfm_best"]]
    ours = r["pinnls"]
    assert ours["rel_l2"] > 1e-4 and best["seconds"] > ours["seconds"]
    quotes(bench, f"pinnls's {e2(ours['rel_l2'])} in {ours['seconds']:.1f} s is "
           f"{best['rel_l2'] / ours['rel_l2']:.1f}x below")  # fmt: skip


def test_section_47_the_same_answer_loaded_and_the_hard_stop(bench):
    _determinism(bench, "plan_determinism_session27.json")
    data = load("time_limits_loaded_session27.json")
    assert "--loaded" in data["command"] and data["busy_loops"] == 2 and len(data["rows"]) == 6
    for r in data["rows"]:
        row(bench, r["problem"].split("/")[-1].removesuffix(".py"), f"{r['time_limit']:g} s",
            f"{r['wall_seconds']:.1f} s", f"{r['process_seconds']:.1f} s", r["stop_reason"],
            e2(r["rel_l2_error"]))  # fmt: skip
    worst = max(r["wall_seconds"] / r["time_limit"] for r in data["rows"])
    assert worst <= 1.0  # issue 21: at most 10% past
    extra = [r["process_seconds"] - r["wall_seconds"] for r in data["rows"]]
    quotes(bench, f"at most {worst:.2f} of it in training",
           f"{min(extra):.1f} s to {max(extra):.1f} s here")  # fmt: skip


def test_section_47_ten_more_user_files(bench):
    rows = load("user27_session27.json")
    assert len(rows) == 10 and all(r["status"] == 0 for r in rows)
    assert all(r["rel_l2"] <= 1e-4 for r in rows)
    for r in rows:
        row(bench, r["file"].split("/")[-1][:-3], r["axes"], e2(r["rel_l2"]),
            e2(r["validation"]), f"{r['validation'] / r['rel_l2']:.2g}",
            r["width"] if r["width"] is not None else "-", f"{r['wall']:.1f}",
            f"{r['elapsed']:.1f}")  # fmt: skip
    worst = max(r["rel_l2"] for r in rows)
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    assert min(ratios) > 1
    quotes(bench, f"the worst {e2(worst)} (the swirl, on its budget), the median "
           f"{e2(statistics.median(r['rel_l2'] for r in rows))}",
           f"above the error on all ten ({min(ratios):.1f}x to {max(ratios):.0f}x)")  # fmt: skip
    before = {r["problem"].split("/")[-1][:-3]: r["before"]["rel_l2"]
              for r in load("box_factors_before_after_session27.json")["rows"]}  # fmt: skip
    quotes(bench, f"stood at {e2(before['poisson3d_mixed'])} (the Poisson box",
           f"and {e2(before['advdiff_swirl'])}.")  # fmt: skip


def test_section_47_the_untuned_suite_again(bench):
    now, before = load("suite_session27.json"), load("suite_session26.json")
    assert len(now) == len(before) == 22 and all(r["status"] == 0 for r in now)
    assert all(r["rel_l2"] <= 1e-4 for r in now)
    old = {r["name"]: r for r in before}
    changed = sorted(r["name"] for r in now if r["rel_l2"] != old[r["name"]]["rel_l2"])
    # only the three rectangles whose sides differ take other factors
    assert changed == ["poisson-2d", "robin-2d", "transport-steady-2d"]
    for r in now:
        o = old[r["name"]]
        row(bench, *_suite_cells(r), f"{e2(o['rel_l2'])} / {o['wall']:.1f} / {o['elapsed']:.1f}",
            f"{r['wall']:.1f} / {r['elapsed']:.1f}")  # fmt: skip
    median = statistics.median
    low = [r for r in now if r["axes"] <= 2]
    quotes(
        bench,
        f"22 of 22 at 1e-4 or better, the median error of the 20 one- and two-axis problems "
        f"{e2(median(r['rel_l2'] for r in low))}",
        f"median solve {median(r['wall'] for r in now):.2f} s (section 46: "
        f"{median(r['wall'] for r in before):.2f} s), median command "
        f"{median(r['elapsed'] for r in now):.1f} s ({median(r['elapsed'] for r in before):.1f} s)",
    )
    slower = [r["elapsed"] - old[r["name"]]["elapsed"] for r in now]
    more = [x for x in slower if x > 0]
    (faster,) = [r for r in now if r["elapsed"] < old[r["name"]]["elapsed"]]
    assert faster["name"] == "transport-steady-2d" and faster["width"] == 512
    less = old[faster["name"]]["elapsed"] - faster["elapsed"]
    quotes(bench, f"took {min(more):.1f} s to {max(more):.1f} s longer than in section 46 on "
           f"{len(more)} of the 22 files", f"{less:.1f} s less")  # fmt: skip
    timed = load("command_time_session27.json")["seconds"]
    quotes(bench, ", ".join(
        f"{min(v):.2f} s to {max(v):.2f} s" for v in timed.values()).replace(", ", " and ", 1),
        "(medians " + " and ".join(f"{median(v):.2f} s" for v in timed.values()) + ";")  # fmt: skip


def test_section_47_eight_elongated_domains_written_to_break_the_rule(bench):
    data = _side_by_side("box_factors_user27b_session27.json", 8)
    by = {}
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        factors = a["axis_scales"]
        cell = ", ".join(f"{k}={v:g}" for k, v in factors.items()) if factors else "none"
        row(bench, r["problem"].split("/")[-1][:-3], f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}", e2(a["estimate"]), cell,
            a["stop_reason"])  # fmt: skip
        by[r["problem"].split("/")[-1][:-3]] = r
        # the helper's bar: no file 2x worse above 1e-9, nor 1.5x slower above 2 s
        assert not (a["rel_l2"] > 1e-9 and a["rel_l2"] > 2 * b["rel_l2"])
        if name_of(r) != "poisson3d_flat":  # two runs sharing the machine (alone: 42.5 / 41.1 s)
            assert not (a["wall"] > 2 and a["wall"] > 1.5 * b["wall"])

    def went(name):
        return f"{e2(by[name]['before']['rel_l2'])} to {e2(by[name]['after']['rel_l2'])}"

    channel, lshape = by["advdiff_channel_time"]["after"], by["lshape_long_heat"]["after"]
    quotes(bench, f"[0, 8] x [0, 1] {went('poisson_strip_gauss')}",
           f"the channel with a hole {went('channel_hole_poisson')}",
           f"the ellipse {went('ellipse_poisson')}",
           f"the outflow layer, {went('advdiff_layer_long')}",
           f"stops at {e2(channel['rel_l2'])} on a stagnation",
           f"time at {e2(lshape['rel_l2'])}, also on a stagnation")  # fmt: skip
    thin = by["helmholtz_thin_sines"]
    quotes(bench, f"in {thin['after']['wall']:.1f} s instead of {thin['before']['wall']:.1f} s")
    flat = by["poisson3d_flat"]
    quotes(bench, f"its {flat['before']['wall']:.1f} s to {flat['after']['wall']:.1f} s is")


def name_of(r: dict) -> str:
    return r["problem"].split("/")[-1][:-3]


def test_section_48_a_grid_seen_along_a_drift_and_the_clouds_of_shapes(bench):
    grid, sobol = load("fresh_vs_fit_channel_session28.json")["rows"]
    assert "grid:n=77x7x20" in json.dumps(grid["case"]) and "sobol:10780" in json.dumps(
        sobol["case"]
    )
    for case, name, digits in ((grid, "grid 77 x 7 x 20", ".0f"), (sobol, "Sobol", ".2f")):
        pde = case["terms"]["pde"]
        row(bench, f"{name} ({pde['rows']:,})",
            f"{e2(pde['fit'])} / {e2(pde['fresh'])} / {pde['ratio']:{digits}}",
            e2(case["rel_l2"]), f"{case['estimate']:.3g}")  # fmt: skip
        others = [t["ratio"] for n, t in case["terms"].items() if n != "pde"]
        assert 0.9 < min(others) and max(others) < 1.25
    assert grid["terms"]["pde"]["ratio"] > 100 > 2 > sobol["terms"]["pde"]["ratio"]
    assert sobol["rel_l2"] < grid["rel_l2"] / 3
    # the first version, every aligned stage scattered, and what it did to Klein-Gordon
    every = {r["problem"].split("/")[-1][:-3]: r for r in
             _side_by_side("scatter_every_aligned_session28.json", 27)["rows"]}  # fmt: skip
    kg = _side_by_side("scatter_every_aligned_klein_gordon_session28.json", 1)["rows"][0]
    quotes(bench, f"the channel went to {e2(every['advdiff_channel_time']['after']['rel_l2'])}",
           f"acoustics_wall from {e2(every['acoustics_wall']['before']['rel_l2'])} to "
           f"{e2(every['acoustics_wall']['after']['rel_l2'])}",
           f"went from {e2(kg['before']['rel_l2'])} to {e2(kg['after']['rel_l2'])}")  # fmt: skip
    # the rule that kept the box's factors within TIE: a coin toss, not kept
    tie = {r["problem"].split("/")[-1][:-3]: r for r in
           _side_by_side("step1p_tie_session28.json", 2)["rows"]}  # fmt: skip
    assert (
        tie["klein_gordon_2d"]["after"]["rel_l2"] > 1e5 * tie["klein_gordon_2d"]["before"]["rel_l2"]
    )
    assert (
        tie["advdiff_channel_time"]["after"]["rel_l2"]
        < tie["advdiff_channel_time"]["before"]["rel_l2"] / 50
    )
    quotes(bench, f"took the channel to {e2(tie['advdiff_channel_time']['after']['rel_l2'])} and "
           f"the Klein-Gordon equation, whose solution turns once along each side, from "
           f"{e2(tie['klein_gordon_2d']['before']['rel_l2'])} to "
           f"{e2(tie['klein_gordon_2d']['after']['rel_l2'])}")  # fmt: skip
    # side by side on 60 files: the ones whose error moved are in the table, the others not
    data = _side_by_side("session28_before_after.json", 60)
    moved = [r for r in data["rows"] if r["after"]["rel_l2"] != r["before"]["rel_l2"]]
    same = [r for r in data["rows"] if r["after"]["rel_l2"] == r["before"]["rel_l2"]]
    for r in moved:
        _before_after_row(bench, r)
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in same)
    slow = sorted(r["after"]["wall"] / r["before"]["wall"] for r in same if r["before"]["wall"] > 5)
    quotes(bench, f"{len(same)} gave the same error to every digit, in {ratios[0]:.2f}x to "
           f"{ratios[-1]:.2f}x the time (median {ratios[len(ratios) // 2]:.2f}; "
           f"{slow[0]:.2f}x-{slow[-1]:.2f}x on the {len(slow)} that took over 5 s). "
           f"The {len(moved)} others")  # fmt: skip
    by = {r["problem"]: r for r in data["rows"]}
    channel = by["benchmarks/user27b/advdiff_channel_time.py"]
    assert channel["after"]["rel_l2"] == every["advdiff_channel_time"]["after"]["rel_l2"]
    assert channel["after"]["rel_l2"] > 1e-4  # issue 22's target, missed, and said so
    quotes(text("docs/guide.md"),
           f"reached {e(tie['advdiff_channel_time']['after']['rel_l2'])} with aligned features at "
           f"the box's factors, {e(tie['advdiff_channel_time']['before']['rel_l2'])} with "
           f"isotropic ones")  # fmt: skip


def test_section_48_eight_files_from_a_new_user(bench):
    rows = load("user28_session28.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    for r in rows:
        row(bench, r["file"].split("/")[-1][:-3], r["axes"], e2(r["rel_l2"]),
            e2(r["validation"]), f"{r['validation'] / r['rel_l2']:.2g}", r["width"],
            f"{r['wall']:.1f}", f"{r['elapsed']:.1f}")  # fmt: skip
    met = [r for r in rows if r["rel_l2"] <= 1e-4]
    by = {r["file"].split("/")[-1][:-3]: r for r in rows}
    assert len(met) == 5
    quotes(bench, f"Five of eight reach 1e-4 (median "
           f"{e2(statistics.median(r['rel_l2'] for r in rows))})",
           f"the file as first written solves to {e2(by['rotation_disk_3rev']['rel_l2'])}",
           f"its training took {by['transport_oscillating_shear']['wall']:.1f} s of a 60-second "
           f"plan")  # fmt: skip
    below = [r for r in rows if r["validation"] < r["rel_l2"]]
    assert [r["file"].split("/")[-1][:-3] for r in below] == ["transport_oscillating_shear"]
    # the rotation on a disk runs with its initial condition only (the file as first written)
    source = (ROOT / "benchmarks/user28/rotation_disk_3rev.py").read_text()
    assert source.count("problem.condition(") == 1 and "problem.inflow" not in source


def test_section_48_the_feet_steps_measured_and_not_kept(bench):
    rows = {r["steps"]: r for r in load("feet_steps_session28.json")["rows"]}
    assert sorted(rows) == [32, 128, 512, 1024]
    # linear in the steps: the increments per step agree within 20%
    per_step = [
        (rows[b]["seconds"] - rows[a]["seconds"]) / (b - a) for a, b in ((128, 512), (512, 1024))
    ]
    assert max(per_step) < 1.2 * min(per_step)
    planned = rows[32]["plain_model"] + rows[32]["feet_model"]
    quotes(bench, f"{rows[32]['seconds']:.2f} s at 32 steps, {rows[128]['seconds']:.2f} s at 128, "
           f"{rows[512]['seconds']:.2f} s at 512, {rows[1024]['seconds']:.2f} s at 1024, against "
           f"{planned:.2f} planned at every count")  # fmt: skip
    data = _side_by_side("feet_steps_before_after_session28.json", 12)
    same = [r for r in data["rows"] if r["after"]["rel_l2"] == r["before"]["rel_l2"]]
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    shear, disk = by["transport_oscillating_shear"], by["rotation_disk_3rev"]
    quotes(bench, f"{len(same)} kept their errors, but the shear went from "
           f"{e2(shear['before']['rel_l2'])} in {shear['before']['wall']:.1f} s to "
           f"{e2(shear['after']['rel_l2'])} in {shear['after']['wall']:.1f} s and the rotation "
           f"on a disk from {e2(disk['before']['rel_l2'])} in {disk['before']['wall']:.1f} s to "
           f"{e2(disk['after']['rel_l2'])} in {disk['after']['wall']:.1f} s")  # fmt: skip
    scaled = rows[1024]["feet_model"] * (32 + 1024) / 64
    measured = rows[1024]["seconds"] - rows[1024]["plain_model"]
    quotes(bench, f"0.34 x 16.5 = {scaled:.1f} s of feet against {measured:.1f} s measured")
    assert f"{rows[1024]['feet_model']:.2f}" == "0.34"


def test_section_49_a_shape_boundary_grid_in_time(bench):
    before = {r["domain"]: r for r in load("shape_boundary_grid_before_session29.json")["rows"]}
    after = {r["domain"]: r for r in load("shape_boundary_grid_session29.json")["rows"]}
    assert list(before) == list(after) == ["box", "rectangle as a Polygon", "chevron"]

    def cell(r):
        return f"{r['along_edge']} / {r['in_time']}, {e2(r['estimate'])}, {e2(r['rel_l2'])}"

    for name in before:
        row(bench, name, cell(before[name]), cell(after[name]))
    box, rectangle = before["box"], before["rectangle as a Polygon"]
    # the box is the reference both times; the polygon was 5x coarser along its edge than in time
    assert cell(box) == cell(after["box"])
    assert rectangle["in_time"] >= 4 * rectangle["along_edge"] and rectangle["estimate"] > 10
    for name in ("rectangle as a Polygon", "chevron"):
        r = after[name]
        assert 0.6 < r["along_edge"] / r["in_time"] < 1.6 and r["estimate"] < 0.05
    quotes(bench, f"estimated {before['rectangle as a Polygon']['estimate']:.1f} (rel L2 "
           f"{before['rectangle as a Polygon']['rel_l2']:.1f}), and on the same rectangle written "
           f"as a `Box` {e2(box['estimate'])} ({e2(box['rel_l2'])})")  # fmt: skip
    data = _side_by_side("shape_aspect_session29.json", 11)
    for r in data["rows"]:
        _before_after_row(bench, r)
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    chevron, lshape = by["transport_chevron"], by["lshape_long_heat"]
    assert chevron["after"]["rel_l2"] < 1e-6 < 1e-2 < chevron["before"]["rel_l2"]
    assert lshape["after"]["rel_l2"] > 1e-4  # issue 22's target, still missed, and said so
    quotes(bench, f"The chevron went from {e2(chevron['before']['rel_l2'])} to "
           f"{e2(chevron['after']['rel_l2'])} (estimate {e2(chevron['after']['estimate'])}) in "
           f"{chevron['after']['wall'] / chevron['before']['wall']:.2f}x the time",
           f"from {e2(lshape['before']['rel_l2'])} to {e2(lshape['after']['rel_l2'])} (still "
           f"above issue 22's 1e-4)")  # fmt: skip
    for name in ("poisson_disk", "ellipse_poisson", "rotation_disk_3rev"):
        assert by[name]["after"]["rel_l2"] == by[name]["before"]["rel_l2"], name
    quotes(text("docs/guide.md"), f"(rel L2 {e(chevron['before']['rel_l2'])} with the defaults, "
           f"{e(chevron['after']['rel_l2'])}")  # fmt: skip


def test_section_49_a_clouds_feet_marched_once(bench):
    data = _side_by_side("feet_kept_session29.json", 44)
    rows = data["rows"]
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in rows)
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    slow = [r["after"]["wall"] / r["before"]["wall"] for r in rows if r["before"]["wall"] > 5]
    quotes(bench, f"all {len(rows)} gave the same error to every digit, in {ratios[0]:.2f}x to "
           f"{ratios[-1]:.2f}x the time (median {statistics.median(ratios):.2f}; "
           f"{statistics.median(slow):.2f} on the {len(slow)} that took over 5 s)")  # fmt: skip
    by = {r["problem"].split("/")[-1][:-3]: r for r in rows}
    shear, disk, rotation = (by[n] for n in ("transport_oscillating_shear", "rotation_disk_3rev",
                                              "rotation_2d"))  # fmt: skip
    quotes(bench, f"The oscillating shear went from {shear['before']['wall']:.1f} s to "
           f"{shear['after']['wall']:.1f} s, inside its 60-second plan now (it still stops at "
           f"{e2(shear['after']['rel_l2'])})",
           f"the rotation on a disk from {disk['before']['wall']:.1f} s to "
           f"{disk['after']['wall']:.1f} s, rotation_2d from {rotation['before']['wall']:.1f} s "
           f"to {rotation['after']['wall']:.1f} s")  # fmt: skip
    assert shear["after"]["wall"] < 60 < shear["before"]["wall"]


def test_section_49_directions_marched_together_and_the_feet_in_the_plan(bench):
    from pinnls.training import cost

    data = _side_by_side("feet_together_session29.json", 8)
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in data["rows"])
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in data["rows"])
    quotes(bench, f"the same errors to every digit, in {ratios[0]:.2f}x to {ratios[-1]:.2f}x the "
           f"time (median {statistics.median(ratios):.2f})")  # fmt: skip
    fit = load("feet_cost_session29.json")
    assert "calibrate_feet_cost.py --fit" in fit["command"]
    assert cost.FEET_CONSTANT > fit["fitted"]  # refitted in section 52
    model = [(r["plain_model"] + fit["fitted"] * r["feet_units"]) / r["seconds"]
             for r in fit["rows"]]  # fmt: skip
    steps = sorted({r["steps"] for r in fit["rows"]})
    assert steps[0] == 32 and steps[-1] == 1024
    quotes(bench, f"`FEET_CONSTANT = {fit['fitted']:.3e}` s per point, march and step, the "
           f"model {min(model):.2f}x to {max(model):.2f}x of the CPU time of the {len(model)} "
           "stages")  # fmt: skip
    plan = _side_by_side("feet_plan_session29.json", 44)
    moved = [r for r in plan["rows"] if r["after"]["rel_l2"] != r["before"]["rel_l2"]]
    assert all(r["after"]["rel_l2"] < r["before"]["rel_l2"] for r in moved)
    for r in moved:
        _before_after_row(bench, r)
    quotes(bench, f"{len(plan['rows']) - len(moved)} gave the same error to every digit; "
           f"{len(moved)} went lower")  # fmt: skip
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in plan["rows"])
    longest = max(plan["rows"], key=lambda r: r["after"]["wall"])
    assert longest["after"]["wall"] < 60
    quotes(bench, f"The times went from {ratios[0]:.2f}x to {ratios[-1]:.2f}x (median "
           f"{statistics.median(ratios):.2f}), the longest {longest['after']['wall']:.1f} s of the "
           f"60-second plan")  # fmt: skip


def test_section_49_sixteen_files_from_new_users(bench):
    rows = load("user29_session29.json") + load("user30_session29.json")
    assert len(rows) == 16 and all(r["status"] == 0 for r in rows)
    _user_rows(bench, rows)
    met = [r for r in rows if r["rel_l2"] <= 1e-4]
    assert len(met) == 14 and all(r["validation"] > r["rel_l2"] for r in rows)
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    quotes(bench, f"every estimate lies above its error ({min(ratios):.1f}x to "
           f"{max(ratios):.0f}x)")  # fmt: skip
    by = {r["file"].split("/")[-1][:-3]: r for r in rows}
    quotes(bench, f"on a T-shaped plate ({e2(by['tshape_heat_bump']['rel_l2'])}",
           f"past a cylinder ({e2(by['potential_flow_cylinder']['rel_l2'])})")  # fmt: skip


def test_section_49_the_kept_marches_keyed_apart(bench):
    data = _side_by_side("feet_key_session29.json", 4)
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in data["rows"])
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in data["rows"])
    quotes(bench, "Side by side on four drift files (JSON "
           "`docs/figures/feet_key_session29.json`): the same errors, in "
           f"{ratios[0]:.2f}x to {ratios[-1]:.2f}x the time")  # fmt: skip


def test_section_49_manufactured_faces(bench):
    data = _side_by_side("manufactured_faces_session29.json", 25)
    rows = data["rows"]
    moved = [r for r in rows if r["after"]["rel_l2"] != r["before"]["rel_l2"]]
    assert all(r["after"]["width"] == r["before"]["width"] for r in rows)
    assert all(max(r["after"]["rel_l2"], r["before"]["rel_l2"]) < 1e-11 for r in moved)
    by = {r["problem"].split("/")[-1][:-3]: r for r in rows}
    ratios = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    quotes(bench, f"{len(rows) - len(moved)} gave the same error to every digit and {len(moved)} "
           f"moved at rounding level (heat_anisotropic_2d "
           f"{e2(by['heat_anisotropic_2d']['before']['rel_l2'])} to "
           f"{e2(by['heat_anisotropic_2d']['after']['rel_l2'])}, user14/mixed "
           f"{e2(by['mixed']['before']['rel_l2'])} to {e2(by['mixed']['after']['rel_l2'])}",
           f"in {ratios[0]:.2f}x to {ratios[-1]:.2f}x the time")  # fmt: skip


def test_section_50_eight_files_from_new_users(bench):
    rows = load("user31_session30.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    _user_rows(bench, rows)
    met = [r for r in rows if r["rel_l2"] <= 1e-4]
    missed = [r["file"].split("/")[-1][:-3] for r in rows if r["rel_l2"] > 1e-4]
    assert len(met) == 7 and missed == ["shallow_water_2d"]
    quotes(bench, f"7 of 8 reach 1e-4 (median {e2(statistics.median(r['rel_l2'] for r in rows))})")


def test_section_50_a_system_s_waves_between_the_grid_s_points(bench):
    probe = load("waves_fresh_vs_fit_session30.json")
    assert "benchmarks/fresh_vs_fit.py" in probe["command"] and len(probe["rows"]) == 3
    grid, wide, sobol = probe["rows"]
    equations = ("mass", "momentum-x", "momentum-y")

    def ratios(r):
        return sorted(r["terms"][name]["ratio"] for name in equations)

    assert "sobol" in json.dumps(sobol["case"]) and "sobol" not in json.dumps(grid["case"])
    quotes(bench, f"was {ratios(grid)[0]:.1f}x to {ratios(grid)[-1]:.1f}x the residual on them, "
           f"and {ratios(wide)[0]:.1f}x to {ratios(wide)[-1]:.1f}x at width 768",
           f"it was {ratios(sobol)[0]:.1f}x to {ratios(sobol)[-1]:.1f}x, with the estimate "
           f"{sobol['estimate']:.3f} against {grid['estimate']:.3f} for about the same error "
           f"({sobol['rel_l2']:.3f} against {grid['rel_l2']:.3f})")  # fmt: skip
    assert ratios(grid)[0] > 5 and ratios(sobol)[-1] < 3

    data = _side_by_side("waves_scatter_session30.json", 7)
    for r in data["rows"]:
        _estimate_row(bench, r)
        assert r["after"]["rel_l2"] < 1.01 * r["before"]["rel_l2"]  # none worse by over 1%
    after = sorted(r["after"]["estimate"] / r["after"]["rel_l2"] for r in data["rows"])
    before = sorted(r["before"]["estimate"] / r["before"]["rel_l2"] for r in data["rows"])
    quotes(bench, f"the estimate is now {after[0]:.2f}x to {after[-1]:.1f}x the error (before: "
           f"{before[0]:.2f}x to {before[-1]:.0f}x)")  # fmt: skip
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    gains = {k: by[k]["before"]["rel_l2"] / by[k]["after"]["rel_l2"]
             for k in ("shallow_water_2d", "acoustics_2d", "acoustics_diagonal_pulse",
                       "maxwell_tm_cavity")}  # fmt: skip
    quotes(bench, f"shallow water {gains['shallow_water_2d']:.1f}x, acoustics_2d "
           f"{gains['acoustics_2d']:.0f}x, the diagonal pulse "
           f"{gains['acoustics_diagonal_pulse']:.0f}x and the TM cavity "
           f"{gains['maxwell_tm_cavity']:.1f}x")  # fmt: skip
    assert sum(r["after"]["rel_l2"] > 1e-4 for r in data["rows"]) == 4
    quotes(bench, "Four of the seven still miss 1e-4.")


def test_section_50_where_the_shear_s_error_is_counted(bench):
    data = load("grid_faces_session30.json")
    assert "benchmarks/grid_faces.py" in data["command"]
    default, fixed, sobol, finer = data["rows"]
    assert default["command"].endswith("--quiet") and "--set" not in fixed["command"]
    assert "sobol:4624" in sobol["command"] and "sobol:18496" in finer["command"]
    assert default["rel_l2"] == pytest.approx(default["report_rel_l2"], rel=1e-9)
    quotes(bench, f"rel L2 {e2(default['rel_l2'])} on the grid, {e2(default['inner'])} without "
           f"the grid's points on the box's faces, {e2(default['trapezoid'])} with trapezoid "
           f"weights; the largest error, {e2(default['max'])}, sits at x = "
           f"{default['max_at']['x']:.2f} on the wall y = {default['max_at']['y']:.0f} at t = "
           f"{default['max_at']['t']:.0f}. The estimate is {e2(default['estimate'])}",
           f"points give {e2(fixed['rel_l2'])} (inside {e2(fixed['inner'])}), 4,624 Sobol "
           f"points {e2(sobol['rel_l2'])} ({e2(sobol['inner'])}), and 18,496 Sobol points "
           f"{e2(finer['rel_l2'])} ({e2(finer['inner'])})")  # fmt: skip
    inner = [r["inner"] for r in data["rows"]]
    assert max(inner) < 1.1 * min(inner) and finer["rel_l2"] < 0.6 * default["rel_l2"]
    assert default["inner"] < default["estimate"] < default["rel_l2"]


def test_section_50_one_column_per_plane_wave(bench):
    data = _side_by_side("waves_columns_session30.json", 7)
    rows = data["rows"]
    for r in rows:
        _estimate_row(bench, r)
    by = {r["problem"].split("/")[-1][:-3]: r for r in rows}
    gains = {k: r["before"]["rel_l2"] / r["after"]["rel_l2"] for k, r in by.items()}
    fell = sorted(g for g in gains.values() if g > 1.01)
    assert len(fell) == 6 and gains["elastic_plane_waves"] == 1.0
    room, tm, ac = (gains[k] for k in ("acoustics_room_modes", "maxwell_tm_cavity", "acoustics_2d"))
    quotes(bench, f"Six of the seven errors fall, by {fell[0]:.1f}x to {fell[-1]:.0f}x: the room "
           f"modes {room:.0f}x, the TM cavity {tm:.0f}x and acoustics_2d {ac:.0f}x")  # fmt: skip
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x.")
    ratios = sorted(r["after"]["estimate"] / r["after"]["rel_l2"] for r in rows)
    quotes(bench, f"The estimates stay within {ratios[0]:.2f}x to {ratios[-1]:.1f}x of the errors.")
    assert sum(r["after"]["stop_reason"] == "memory" for r in rows) == 3
    # over both changes of the section
    earlier = load("waves_scatter_session30.json")["rows"]
    first = {r["problem"].split("/")[-1][:-3]: r for r in earlier}
    for name in ("shallow_water_2d", "acoustics_2d"):
        assert first[name]["after"]["rel_l2"] == by[name]["before"]["rel_l2"]  # the same commit
    total = {k: first[k]["before"]["rel_l2"] / by[k]["after"]["rel_l2"]
             for k in ("shallow_water_2d", "acoustics_2d")}  # fmt: skip
    sw, ac2 = "shallow_water_2d", "acoustics_2d"
    quotes(bench, f"{sw} went from {e2(first[sw]['before']['rel_l2'])} to "
           f"{e2(by[sw]['after']['rel_l2'])} ({total[sw]:.0f}x), and {ac2} from "
           f"{e2(first[ac2]['before']['rel_l2'])} to {e2(by[ac2]['after']['rel_l2'])} "
           f"({two(total[ac2])}x)")  # fmt: skip
    met = sorted(r["after"]["rel_l2"] for r in rows if r["after"]["rel_l2"] <= 1e-4)
    assert len(met) == 3 and all(r["before"]["rel_l2"] <= 1e-4 for r in rows
                                 if r["after"]["rel_l2"] <= 1e-4)  # fmt: skip
    quotes(bench, f"now at {e2(met[0])} to {e2(met[-1])}")


def test_section_50_room_for_the_waves_probe(bench):
    data = _side_by_side("waves_reserve_session30.json", 3)
    for r in data["rows"]:
        assert r["before"]["width"] == r["after"]["width"]
        assert r["before"]["stop_reason"] == r["after"]["stop_reason"]
        _estimate_row(bench, r)
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    elastic = by["elastic_plane_waves"]
    assert elastic["before"]["stages"] == 4 and elastic["after"]["stages"] == 7
    gain = elastic["before"]["rel_l2"] / elastic["after"]["rel_l2"]
    quotes(bench, f"So the error is {gain:.1f}x lower")
    for name in ("shallow_water_2d", "maxwell_tm_cavity"):
        assert by[name]["before"]["rel_l2"] == by[name]["after"]["rel_l2"]
    # the same code as the columns table's "after", another run: the memory room differed
    columns = {
        r["problem"].split("/")[-1][:-3]: r for r in load("waves_columns_session30.json")["rows"]
    }
    earlier, later = columns["shallow_water_2d"]["after"], by["shallow_water_2d"]["before"]
    assert earlier["stop_reason"] == later["stop_reason"] == "memory"
    quotes(bench, f"{e2(later['rel_l2'])} at width {later['width']}, against "
           f"{e2(earlier['rel_l2'])} at {earlier['width']}")  # fmt: skip


def test_section_50_the_chunk_of_a_stage_of_waves(bench):
    data = _side_by_side("waves_chunk_session30.json", 7)
    rows = data["rows"]
    for r in rows:
        _estimate_row(bench, r)
        assert r["after"]["width"] == r["before"]["width"]
    assert not any(r["after"]["stop_reason"] == "memory" for r in rows)
    assert sum(r["before"]["stop_reason"] == "memory" for r in rows) == 3
    moved = [r for r in rows if r["after"]["rel_l2"] != r["before"]["rel_l2"]]
    assert len(moved) == 3 and quotes(bench, "Four errors are the same to every digit.") is None
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x.")


def test_section_50_interior_points_of_waves_and_room_for_the_walk(bench):
    data = _side_by_side("waves_interior_session30.json", 7)
    rows = data["rows"]
    for r in rows:
        _estimate_row(bench, r)
    gains = sorted(r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in rows)
    assert gains[0] > 1
    quotes(bench, f"Every error falls, by {gains[0]:.1f}x to {gains[-1]:.0f}x.")
    ratios = sorted(r["after"]["estimate"] / r["after"]["rel_l2"] for r in rows)
    quotes(bench, f"The estimates are {ratios[0]:.2f}x to {ratios[-1]:.1f}x the errors.")
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x.")
    longest = max(r["after"]["wall"] for r in rows)
    quotes(bench, f"The longest was {longest:.1f} s of wall time")
    by = {r["problem"].split("/")[-1][:-3]: r for r in rows}
    earlier = load("waves_scatter_session30.json")["rows"]
    first = {r["problem"].split("/")[-1][:-3]: r for r in earlier}
    sw = "shallow_water_2d"
    gain = first[sw]["before"]["rel_l2"] / by[sw]["after"]["rel_l2"]
    quotes(bench, f"shallow_water_2d went from {e2(first[sw]['before']['rel_l2'])} to "
           f"{e2(by[sw]['after']['rel_l2'])}, {gain:.0f}x")  # fmt: skip
    met = [r for r in rows if r["after"]["rel_l2"] <= 1e-4]
    assert len(met) == 5 and all(r["after"]["wall"] < 120 for r in met)
    low, high = (f(r["after"]["wall"] for r in met) for f in (min, max))
    quotes(bench, f"Five of the seven systems reach 1e-4, in {low:.0f}-{high:.0f} s")


def test_section_50_everything_else_as_before(bench):
    data = _side_by_side("others_session30.json", 6)
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in data["rows"])
    assert all(r["after"]["width"] == r["before"]["width"] for r in data["rows"])
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in data["rows"])
    quotes(bench, f"all six give the same errors to every digit, in {times[0]:.2f}x to "
           f"{times[-1]:.2f}x the time")  # fmt: skip


# -- section 51 ---------------------------------------------------------------------------------


def _gains(data: dict) -> dict[str, tuple[float, float]]:
    """Per file of a side-by-side record: (error before / after, time after / before)."""
    return {
        r["problem"].split("/")[-1][:-3]: (
            r["before"]["rel_l2"] / r["after"]["rel_l2"],
            r["after"]["wall"] / r["before"]["wall"],
        )
        for r in data["rows"]
    }


def test_section_51_eight_files_from_new_users(bench):
    rows = load("user32_session31.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    _user_rows(bench, rows)
    missed = sorted(r["file"].split("/")[-1][:-3] for r in rows if r["rel_l2"] > 1e-4)
    assert missed == ["damped_acoustics_cavity", "lshape_corner_singularity"]
    quotes(bench, f"6 of 8 reach 1e-4 (median {e2(statistics.median(r['rel_l2'] for r in rows))})")
    budget = load("damped_budget_session31.json")
    assert len(budget) == 1 and "--budget 150" in budget[0]["command"]
    r = budget[0]
    quotes(
        bench, f"reaches {e2(r['rel_l2'])} (estimate {e2(r['validation'])}) in {r['wall']:.1f} s"
    )
    assert r["rel_l2"] <= 1e-4 and r["wall"] <= 120


def test_section_51_the_lshape_s_grid(bench):
    data = load("lshape_grid_session31.json")
    assert "benchmarks/fresh_vs_fit.py" in data["command"] and len(data["rows"]) == 5
    g1024, g1536, g2048, s1536, s2048 = data["rows"]
    assert "sobol:12288" in json.dumps(s1536["case"]) and "terms" not in g1536["case"]
    quotes(bench, f"{e2(g1024['rel_l2'])} at 1024, {e2(g1536['rel_l2'])} at 1536 and "
           f"{e2(g2048['rel_l2'])} at 2048. The estimate rises instead: {e2(g1024['estimate'])}, "
           f"{g1536['estimate']:.3f} and {g2048['estimate']:.3f}",
           f"is {g1536['terms']['pde']['ratio']:.0f}x its residual on the grid "
           f"({g1536['terms']['pde']['fresh']:.3f} against {e2(g1536['terms']['pde']['fit'])})",
           f"({e2(s1536['rel_l2'])} and {e2(s2048['rel_l2'])} at 1536 and 2048) and the "
           f"estimates honest ({e2(s1536['estimate'])} and {e2(s2048['estimate'])}; fresh "
           f"against fit {s1536['terms']['pde']['ratio']:.1f}x and "
           f"{s2048['terms']['pde']['ratio']:.1f}x)")  # fmt: skip
    assert g1536["estimate"] > 10 * s1536["estimate"]
    assert abs(g1536["rel_l2"] / s1536["rel_l2"] - 1) < 0.1


def test_section_51_a_stage_of_waves_in_its_own_columns(bench):
    data = load("waves_stage_session31.json")
    assert "benchmarks/waves_assembly.py" in data["command"] and len(data["rows"]) == 6
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        row(bench, r["problem"].split("/")[-1][:-3], r["width"], a["rows"],
            f"{b['solve_s']:.2f} / {a['solve_s']:.2f}",
            f"{b['validation_s']:.2f} / {a['validation_s']:.2f}",
            f"{b['planned_s']:.2f} / {a['planned_s']:.2f}")  # fmt: skip
        assert b["rows"] == a["rows"]
    rows = data["rows"]
    solve = sorted(r["before"]["solve_s"] / r["after"]["solve_s"] for r in rows)
    val = sorted(r["before"]["validation_s"] / r["after"]["validation_s"] for r in rows)
    loss = max(abs(r["before"]["loss"] / r["after"]["loss"] - 1) for r in rows)
    est = max(abs(r["before"]["estimate"] / r["after"]["estimate"] - 1) for r in rows)
    quotes(bench, f"The solves are {solve[0]:.2f}x to {solve[-1]:.2f}x faster and the validation "
           f"{val[0]:.2f}x to {val[-1]:.1f}x; the losses agree to {loss:.0e} (relative) and the "
           f"estimates to {est:.0e}")  # fmt: skip
    assert solve[0] > 1.5 and loss < 1e-8 and est < 1e-6
    charged = sorted(r["after"]["planned_s"] / (r["after"]["solve_s"] + r["after"]["validation_s"])
                     for r in rows)  # fmt: skip
    quotes(bench, f"now charges {charged[0]:.2f}x to {charged[-1]:.2f}x")
    under = max((r["before"]["solve_s"] + r["before"]["validation_s"]) / r["before"]["planned_s"]
                for r in rows)  # fmt: skip
    assert 1.35 < under < 1.45  # "undercharged the larger of these stages by up to 1.4x"


def test_section_51_systems_side_by_side(bench):
    assembly = _side_by_side("waves_assembly_session31.json", 7)
    fraction = _side_by_side("waves_fraction_session31.json", 7)
    first = _side_by_side("waves_first_session31.json", 7)
    for data in (assembly, fraction, first):
        for r in data["rows"]:
            _estimate_row(bench, r)
    a = _gains(assembly)
    fell = sorted(g for g, _ in a.values() if g > 1.01)
    assert len(fell) == 5 and a["elastic_plane_waves"][0] == pytest.approx(1.0, abs=1e-12)
    quotes(bench, f"Five errors fall, by {fell[0]:.1f}x to {fell[-1]:.0f}x: acoustics_2d "
           f"{a['acoustics_2d'][0]:.1f}x, the diagonal pulse "
           f"{a['acoustics_diagonal_pulse'][0]:.1f}x, "
           f"the room modes {a['acoustics_room_modes'][0]:.1f}x, the TM cavity "
           f"{a['maxwell_tm_cavity'][0]:.1f}x and shallow water over a mean flow "
           f"{a['shallow_water_mean_flow'][0]:.0f}x",
           f"Shallow water is {1 / a['shallow_water_2d'][0]:.2f}x worse",
           f"in {a['shallow_water_2d'][1]:.2f}x the time")  # fmt: skip
    times = sorted(t for _, t in a.values())
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x.")
    f = _gains(fraction)
    assert sum(g != 1.0 for g, _ in f.values()) == 1
    others = sorted(t for k, (_, t) in f.items() if k != "elastic_plane_waves")
    quotes(bench, f"The elastic waves fall {f['elastic_plane_waves'][0]:.1f}x",
           f"in {f['elastic_plane_waves'][1]:.2f}x the time. The other six keep the same errors "
           f"to every digit, in {others[0]:.2f}x to {others[-1]:.2f}x the time")  # fmt: skip
    g = _gains(first)
    quotes(
        bench,
        f"shallow water {g['shallow_water_2d'][0]:.0f}x",
        f"mean flow {g['shallow_water_mean_flow'][0]:.0f}x",
        f"the elastic waves {g['elastic_plane_waves'][0]:.1f}x",
        f"({g['acoustics_2d'][0]:.2f}x and {g['acoustics_room_modes'][0]:.2f}x better)",
        f"in {g['acoustics_diagonal_pulse'][1]:.2f}x and {g['maxwell_tm_cavity'][1]:.2f}x the",
    )
    assert g["acoustics_diagonal_pulse"][0] == g["maxwell_tm_cavity"][0] == 1.0
    times = sorted(t for _, t in g.values())
    longest = max(r["after"]["wall"] for r in first["rows"])
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x; the longest run took "
           f"{longest:.1f} s.")  # fmt: skip
    # the chain: each record's "before" is the previous one's "after", same errors
    for earlier, later in ((assembly, fraction), (fraction, first)):
        for x, y in zip(earlier["rows"], later["rows"], strict=True):
            assert x["after"]["rel_l2"] == y["before"]["rel_l2"]
    start = {r["problem"].split("/")[-1][:-3]: r["before"]["rel_l2"] for r in assembly["rows"]}
    end = {r["problem"].split("/")[-1][:-3]: r["after"]["rel_l2"] for r in first["rows"]}
    names = {"shallow_water_2d": "shallow_water_2d", "acoustics_2d": "acoustics_2d",
             "acoustics_diagonal_pulse": "the diagonal pulse",
             "acoustics_room_modes": "the room modes", "elastic_plane_waves": "the elastic waves",
             "maxwell_tm_cavity": "the TM cavity",
             "shallow_water_mean_flow": "the mean flow"}  # fmt: skip
    for key, name in names.items():
        ratio = start[key] / end[key]
        shown = f"{ratio:.0f}x" if ratio >= 10 else f"{ratio:.1f}x"
        quotes(bench, f"{name} {e2(start[key])} to {e2(end[key])} ({shown})")
    assert sum(v <= 1e-4 for v in end.values()) == 6 and sum(v <= 1e-4 for v in start.values()) == 5
    assert max(r["after"]["wall"] for r in first["rows"]) < 55
    quotes(bench, f"the elastic waves, at {e2(end['elastic_plane_waves'])}, do not")


def test_section_51_nothing_else_moved(bench):
    data = _side_by_side("others_session31.json", 7)
    for r in data["rows"]:
        _estimate_row(bench, r)
        assert r["after"]["rel_l2"] == r["before"]["rel_l2"]
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in data["rows"])
    quotes(
        bench, f"the same errors to every digit, in {times[0]:.2f}x to {times[-1]:.2f}x the time"
    )


def test_section_51_the_ladder_s_stop_where_its_first_rung_is_best(bench):
    data = load("ladder_turns_session31.json")
    assert "benchmarks/ladder_turns.py" in data["command"]
    rows = data["rows"]
    rose = [r for r in rows if r["rose_from_first"]]
    sooner = [r for r in rows if r["stops_now"] < r["ran"]]
    assert not any(r["came_back"] for r in rose) and all(r["first_is_best"] for r in rose)
    distinct = {tuple(r["estimates"]) for r in rows}
    assert all(r["same_choice"] for r in rows)
    quotes(bench, f"of {len(rows)} ({len(distinct)} distinct: some reports are the same run), "
           f"{len(rose)} rose twice in a row from their first rung, "
           f"{sum(r['ran'] > 3 for r in rose)} of them ran on past the third",
           f"{len(sooner)} would stop sooner now, "
           f"{sum(r['ran'] - r['stops_now'] for r in rows)} rungs in all, and on all "
           f"{len(rows)} the tie rule")  # fmt: skip
    swirl = next(r for r in rows if "swirl_diffusion" in r["report"])["estimates"]
    quotes(bench, f"rose from its first rung by {swirl[2] / swirl[0]:.2f}x in two rungs")
    side = _side_by_side("turned_first_session31.json", 10)
    for r in side["rows"]:
        _estimate_row(bench, r)
    g = _gains(side)
    same = [k for k, (gain, _) in g.items() if gain == 1.0]
    assert len(same) == 9 and "damped_acoustics_cavity" not in same
    damped = next(r for r in side["rows"] if "damped" in r["problem"])
    quotes(bench, f"The damped acoustics fall {g['damped_acoustics_cavity'][0]:.1f}x "
           f"({e2(damped['before']['rel_l2'])} to {e2(damped['after']['rel_l2'])})")  # fmt: skip
    times = sorted(t for _, t in g.values())
    quotes(bench, f"The times are {times[0]:.2f}x to {times[-1]:.2f}x; the controls' "
           f"{g['far_pulse'][1]:.2f}x and {g['swirl_diffusion'][1]:.2f}x")  # fmt: skip


def test_section_51_the_suites_over_the_session(bench):
    data = load("suites_session31.json")
    assert "before_after.py" in data["command"]
    assert "benchmarks/suite/" in data["command"] and "benchmarks/axes/" in data["command"]
    rows = [r for r in data["rows"] if "rel_l2" in (r["before"] or {})]
    failed = sorted(r["problem"].split("/")[-1] for r in data["rows"] if r not in rows)
    assert failed == ["measure.py", "table.py"]
    assert all("rel_l2" in r["after"] for r in rows)
    assert all(r["after"]["rel_l2"] == r["before"]["rel_l2"] for r in rows)
    times = sorted(r["after"]["wall"] / r["before"]["wall"] for r in rows)
    quotes(bench, f"all {len(rows)} problem files give the same errors to every digit, in "
           f"{times[0]:.2f}x to {times[-1]:.2f}x the time")  # fmt: skip
    slowest = sorted(rows, key=lambda r: r["after"]["wall"] / r["before"]["wall"])[-2:]
    assert {r["problem"].split("/")[-1][:-3] for r in slowest} == {
        "advection_diffusion_2d",
        "heat_2d_ms",
    }


def test_section_51_the_cost_model_against_today_s_code(bench):
    now = load("cost_calibration_session31.json")
    assert "benchmarks/calibrate_cost.py" in now["command"]
    then = {(r["problem"], r["width"]): r for r in load("cost_calibration.json")}
    ratios, faster = [], []
    for r in now["rows"]:
        old = then[(r["problem"], r["width"])]
        assert old["rows"] == r["rows"]
        ratios.append(r["predicted"] / r["seconds"])
        faster.append(old["seconds"] / r["seconds"])
        row(bench, r["problem"], r["width"], f"{old['seconds']:.2f}", f"{r['seconds']:.2f}",
            f"{r['predicted']:.2f}", f"{ratios[-1]:.2f}")  # fmt: skip
    quotes(bench, f"The stages are {min(faster):.2f}x to {max(faster):.2f}x faster than when the "
           f"constants were fitted, so the model now charges {min(ratios):.2f}x to "
           f"{max(ratios):.2f}x their CPU time")  # fmt: skip
    walls = [
        r["after"]["wall"]
        for name in ("suites", "waves_first", "others", "turned_first")
        for r in load(f"{name}_session31.json")["rows"]
        if (r["after"] or {}).get("stop_reason") == "budget"
    ]
    quotes(bench, f"end early in wall time ({min(walls):.1f} to {max(walls):.1f} s in this "
           f"section's records)")  # fmt: skip


def test_section_52_the_refit(bench):
    from pinnls.training import cost

    record = load("cost_calibration_session32.json")
    assert "calibrate_cost.py --fit" in record["command"]
    assert tuple(record["fitted"]) == cost.CONSTANTS
    assert tuple(record["constants_before"]) == (7.051e-11, 0.0, 8.266e-09)
    before, after = [], []
    for r in record["rows"]:
        old, new = r["predicted_before"] / r["seconds"], r["predicted"] / r["seconds"]
        model = sum(k * t for k, t in zip(cost.CONSTANTS, cost.terms(r["features"])))
        assert new == pytest.approx(model / r["seconds"])
        before.append(old)
        after.append(new)
        row(bench, r["problem"], r["width"], f"{r['seconds']:.2f}", f"{old:.2f}", f"{new:.2f}")
    quotes(bench, f"the model now charges {min(after):.2f}x-{max(after):.2f}x of the CPU time, "
           f"against {min(before):.2f}x-{max(before):.2f}x")  # fmt: skip
    assert 0.75 < min(after) and max(after) < 1.25
    feet = load("feet_cost_session32.json")
    assert "calibrate_feet_cost.py --fit" in feet["command"]
    assert abs(cost.FEET_CONSTANT / feet["fitted"] - 1) < 1e-3
    model = [(r["plain_model"] + feet["fitted"] * r["feet_units"]) / r["seconds"]
             for r in feet["rows"]]  # fmt: skip
    quotes(bench, f"`FEET_CONSTANT = {feet['fitted']:.3e}`, was {feet['constant_in_code']:.3e}",
           f"{min(model):.2f}x-{max(model):.2f}x of the CPU time")  # fmt: skip
    quotes(text("docs/guide.md"), f"{min(model):.2f}x-{max(model):.2f}x on seven such problems")
    chain = load("chain_cost_session32.json")
    assert "calibrate_chain_cost.py --fit" in chain["command"]
    assert cost.CHAIN_CONSTANTS == tuple(float(f"{c:.4g}") for c in chain["constants"])
    old = [r["predicted"] / r["seconds"] for r in chain["rows"]]
    new = [r["fitted"] / r["seconds"] for r in chain["rows"]]
    quotes(bench, f"the old constants charged {min(old):.2f}x-{max(old):.2f}x",
           "`CHAIN_CONSTANTS = (3.499e-10, 1.724e-8, 4.878e-4)`, "
           f"{min(new):.2f}x-{max(new):.2f}x")  # fmt: skip


def test_section_52_the_waves_assembly(bench):
    from pinnls.training import cost

    data = load("waves_cost_session32.json")
    assert "calibrate_waves_cost.py --fit" in data["command"]
    assert abs(cost.WAVES_ASSEMBLY / data["fitted"] - 1) < 5e-3
    plain = [r["predicted"] / r["seconds"] for r in data["rows"]]
    fitted = [(r["factorization"] + data["fitted"] * r["assembly"]) / r["seconds"]
              for r in data["rows"]]  # fmt: skip
    assert data["factor_in_code"] == 1.0  # measured against the refit alone
    quotes(bench, f"measured these stages at {min(plain):.2f}x-{max(plain):.2f}x",
           f"`WAVES_ASSEMBLY = {data['fitted']:.3g}`, {min(fitted):.2f}x-{max(fitted):.2f}x of the "
           "CPU time")  # fmt: skip
    quotes(text("pinnls/training/cost.py"), f"{min(plain):.2f}x-{max(plain):.2f}x of their")
    widest = min(zip(fitted, data["rows"]), key=lambda pair: pair[0])
    assert widest[1]["width"] == 2048 and "acoustics_2d" in widest[1]["problem"]
    quotes(bench, f"width 2048, {widest[0]:.2f}x)")


def _refit_rows() -> dict[str, dict]:
    """Section 52's side-by-side records, one row per file, the final code's where a file was
    run twice (the systems, against the refit with the waves' factor)."""
    rows: dict[str, dict] = {}
    for name, count in (("systems", 7), ("others2", 4), ("suites", 28), ("others", 11),
                        ("users", 17)):  # fmt: skip
        data = _side_by_side(f"refit_{name}_session32.json", count)
        assert data["command"].split("--before ")[1].startswith("/tmp/s32/base")
        for r in data["rows"]:
            rows.setdefault(r["problem"].split("/")[-1][:-3], r)
    return rows


def test_section_52_side_by_side(bench):
    rows = _refit_rows()
    assert len(rows) == 63
    moved = {n: r for n, r in rows.items() if r["after"]["rel_l2"] != r["before"]["rel_l2"]}
    assert len(moved) == 15
    for name, r in moved.items():
        b, a = r["before"], r["after"]
        gain = b["rel_l2"] / a["rel_l2"]
        written = (
            f"{gain:.2f}x" if gain < 1 else (f"{two(gain)}x" if gain >= 100 else f"{gain:.2g}x")
        )
        row(bench, name, f"{e2(b['rel_l2'])} / {b['wall']:.1f}", f"{e2(a['rel_l2'])} / "
            f"{a['wall']:.1f}", written, f"{a['wall'] / b['wall']:.2f}x")  # fmt: skip
    worse = [n for n, r in moved.items() if r["after"]["rel_l2"] > r["before"]["rel_l2"]]
    assert worse == ["shallow_water_2d"]
    longer = {"acoustics_characteristic", "rotation_2d", "elastic_plane_waves",
              "membrane_two_modes"}  # fmt: skip
    same = {n: r for n, r in rows.items() if n not in moved}
    times = [r["after"]["wall"] / r["before"]["wall"] for n, r in same.items() if n not in longer]
    walls = [r["before"]["wall"] for n, r in same.items() if n not in longer]
    assert len(same) == 48 and len(times) == 44
    quotes(bench, f"The other {len(same)} kept their error to every digit. {len(times)} of them "
           f"took {min(times):.2f}x-{max(times):.2f}x the time (runs of {min(walls):.1f} to "
           f"{max(walls):.1f} s")  # fmt: skip
    for name in sorted(longer):
        b, a = rows[name]["before"], rows[name]["after"]
        assert a["wall"] > 1.2 * b["wall"]
        quotes(bench, f"{name} ({e2(a['rel_l2'])}, {b['wall']:.1f} → {a['wall']:.1f} s")
    slower = [rows[n]["after"]["wall"] / rows[n]["before"]["wall"] for n in longer]
    quotes(bench, f"took {min(slower):.2f}x-{max(slower):.2f}x as long")
    budget = [r["after"]["wall"] for r in rows.values() if r["after"]["stop_reason"] == "budget"]
    then = [r["before"]["wall"] for r in rows.values() if r["before"]["stop_reason"] == "budget"]
    quotes(bench, f"now end at {min(budget):.1f} to {max(budget):.1f} s of wall time, side by "
           f"side (before: {min(then):.1f} to {max(then):.1f} s)")  # fmt: skip
    longest = max(rows, key=lambda n: rows[n]["after"]["wall"])
    assert longest == "heat_2d_ms"
    quotes(bench, f"The longest run is heat_2d_ms, {rows[longest]['after']['wall']:.1f} s for")
    assert max(r["after"]["wall"] for r in rows.values()) < 120


def test_section_52_eight_files_from_new_users(bench):
    rows = load("user33_session32.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    _user_rows(bench, rows)
    missed = sorted(r["file"].split("/")[-1][:-3] for r in rows if r["rel_l2"] > 1e-4)
    assert missed == [
        "acoustics_duct_2d",
        "advection_diffusion_reaction_2d",
        "heat_annulus_robin",
        "wave_box_reflecting",
    ]
    # every miss is flagged by its estimate
    assert all(r["validation"] > 1e-4 for r in rows if r["rel_l2"] > 1e-4)
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    met = sorted(r["rel_l2"] for r in rows if r["rel_l2"] <= 1e-4)
    quotes(bench, f"4 of 8 reach 1e-4 (median {e2(statistics.median(r['rel_l2'] for r in rows))}; "
           f"the four at {e2(met[0])} to {e2(met[-1])})",
           f"within {min(ratios):.2f}x-{two(max(ratios))}x of its error")  # fmt: skip


def test_section_52_the_threshold_for_kinks_on_three_axes(bench):
    data = _side_by_side("kinks_three_axes_session32.json", 14)
    moved = [r for r in data["rows"] if r["after"]["rel_l2"] != r["before"]["rel_l2"]]
    assert [r["problem"].split("/")[-1] for r in moved] == ["acoustics_duct_2d.py"]
    duct = moved[0]
    b, a = duct["before"], duct["after"]
    assert a["rel_l2"] <= 1e-4 < b["rel_l2"]
    quotes(bench, f"acoustics_duct_2d {e2(b['rel_l2'])} in {b['wall']:.1f} s → {e2(a['rel_l2'])} "
           f"in {a['wall']:.1f} s (width {b['width']} → {a['width']})")  # fmt: skip
    rest = [r for r in data["rows"] if r is not duct]
    assert all(r["after"]["stages"] == r["before"]["stages"] for r in rest)
    times = [r["after"]["wall"] / r["before"]["wall"] for r in rest]
    quotes(bench, f"the other 13 ran the same stages to the same error, in {min(times):.2f}x-"
           f"{max(times):.2f}x the time")  # fmt: skip
    quotes(bench, "Mended below (the threshold for kinks on three axes): " + e2(a["rel_l2"]))


def test_section_52_the_elastic_waves_initial_cloud(bench):
    data = load("elastic_initial_cloud_session32.json")
    assert "benchmarks/elastic_initial_cloud.py" in data["command"]
    rows = {(r["cloud"], r["width"]): r for r in data["rows"]}
    for r in data["rows"]:
        row(bench, r["cloud"], r["width"], r["initial_points"], f"{r['estimate']:.0f}"
            if r["estimate"] > 10 else e2(r["estimate"]), e2(r["rel_l2"]))  # fmt: skip
    # the grid goes wrong at 1280 and 1792; the Sobol cloud does not, and ties at 1536
    assert rows[("default grid", 1280)]["estimate"] > 100 * rows[("sobol:4096", 1280)]["estimate"]
    assert rows[("default grid", 1792)]["estimate"] > 10 * rows[("sobol:4096", 1792)]["estimate"]
    grid, sobol = rows[("default grid", 1536)], rows[("sobol:4096", 1536)]
    assert abs(grid["estimate"] / sobol["estimate"] - 1) < 0.01


def test_section_52_the_initial_face_of_a_system_s_waves(bench):
    data = _side_by_side("initial_sobol_session32.json", 12)
    gains, times = [], []
    for r in data["rows"]:
        b, a = r["before"], r["after"]
        gains.append(b["rel_l2"] / a["rel_l2"])
        times.append(a["wall"] / b["wall"])
        row(bench, r["problem"].split("/")[-1][:-3], f"{e2(b['rel_l2'])} / {b['wall']:.1f}",
            f"{e2(a['rel_l2'])} / {a['wall']:.1f}", f"{gains[-1]:.2f}x",
            f"{times[-1]:.2f}x")  # fmt: skip
    elastic = data["rows"][0]
    assert elastic["problem"].endswith("elastic_plane_waves.py")
    assert elastic["after"]["rel_l2"] < elastic["before"]["rel_l2"] / 5
    rest, slower = gains[1:], times[1:]
    quotes(bench, f"The others moved by {min(rest):.2f}x-{max(rest):.2f}x in error",
           f"in {min(slower):.2f}x-{max(slower):.2f}x the time")  # fmt: skip


def test_section_53_singular_functions_side_by_side(bench):
    data = _side_by_side("singular_session33.json", 20)
    assert data["command"].split("--before ")[1].startswith("/tmp/s33/before")
    for r in data["rows"]:
        _estimate_row(bench, r)
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    gains = {n: r["before"]["rel_l2"] / r["after"]["rel_l2"] for n, r in rows.items()}
    fell = {n for n, g in gains.items() if g > 100}
    assert fell == {"lshape_corner_singularity", "heat_annulus_robin", "heat_tee_insulated",
                    "laplace_lshape_insulated", "poisson_notch_mixed", "anisotropic_pacman",
                    "potential_flow_cylinder", "pipe_eccentric_robin"}  # fmt: skip
    before = [rows[n]["before"]["rel_l2"] for n in fell]
    after = [rows[n]["after"]["rel_l2"] for n in fell]
    quotes(bench, f"Eight errors fell, from {e2(min(before))} to {e2(max(before))} down to "
           f"{e2(max(after))} or below")  # fmt: skip
    moved = {n for n, r in rows.items() if r["before"]["rel_l2"] != r["after"]["rel_l2"]}
    assert moved == fell and len(rows) - len(moved) == 12
    quotes(bench, "The other twelve are identical to every digit")
    new = [r for n, r in rows.items() if "user34" in r["problem"]]
    assert len(new) == 8
    quotes(bench, f"Of the eight new files, {sum(r['after']['rel_l2'] <= 1e-4 for r in new)} "
           f"reach 1e-4 (before: {sum(r['before']['rel_l2'] <= 1e-4 for r in new)})")  # fmt: skip
    lshape = rows["lshape_corner_singularity"]
    quotes(text("README.md"), f"{e(lshape['before']['rel_l2'], 2)} to "
           f"{e(lshape['after']['rel_l2'])}")  # fmt: skip
    miss = rows["advdiff_lshape"]
    assert miss["before"]["rel_l2"] == miss["after"]["rel_l2"] > 1e-2
    ratio = miss["after"]["rel_l2"] / miss["after"]["estimate"]
    quotes(bench, f"Its estimate, {e2(miss['after']['estimate'])}, is {ratio:.0f}x below")
    for name in ("anisotropic_pacman", "poisson_notch_mixed"):
        a = rows[name]["after"]
        quotes(
            bench,
            f"{e2(a['estimate'])} for an error of {e2(a['rel_l2'])}"
            if name == "anisotropic_pacman"
            else f"{e2(a['estimate'])} for {e2(a['rel_l2'])}",
        )


def test_section_53_why_a_contest(bench):
    data = _side_by_side("singular_contest_session33.json", 3)
    assert data["command"].split("--before ")[1].startswith("/tmp/s33/always")
    for r in data["rows"]:
        _estimate_row(bench, r)
    tee, cross, mixed = data["rows"]
    assert tee["problem"].endswith("tshape_heat_bump.py")
    loss = tee["before"]["rel_l2"] / tee["after"]["rel_l2"]
    quotes(bench, f"Always kept, the smooth T ends {loss:.1f}x less accurate ("
           f"{e2(tee['before']['rel_l2'])} against {e2(tee['after']['rel_l2'])})")  # fmt: skip
    quotes(text("docs/guide.md"), f"the run ended {loss:.1f}x less accurate")
    b, a = cross["before"], cross["after"]
    quotes(bench, f"the smooth cross {a['rel_l2'] / b['rel_l2']:.1f}x more accurate in "
           f"{b['wall'] / a['wall']:.1f}x the time ({e2(b['rel_l2'])} in {b['wall']:.1f} s "
           f"against {e2(a['rel_l2'])} in {a['wall']:.1f} s)")  # fmt: skip
    assert mixed["before"]["rel_l2"] == mixed["after"]["rel_l2"]


def test_section_54_operator_singular_functions_side_by_side(bench):
    data = _side_by_side("operator_singular_session34.json", 29)
    assert data["command"].split("--before ")[1].startswith("/tmp/s34/before")
    for r in data["rows"]:
        _estimate_row(bench, r)
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    gains = {n: r["before"]["rel_l2"] / r["after"]["rel_l2"] for n, r in rows.items()}
    fell = {n for n, g in gains.items() if g > 100}
    assert fell == {"advdiff_lshape", "advdiff_vnotch", "fin_hole_neumann", "heat_drift_lshape",
                    "helmholtz_lshape_corner", "helmholtz_pacman_robin", "reaction_slit_315",
                    "heat_bessel_mode_lshape"}  # fmt: skip
    before = [rows[n]["before"]["rel_l2"] for n in fell]
    after = [rows[n]["after"]["rel_l2"] for n in fell]
    quotes(bench, f"Eight errors fell**, from {e2(min(before))} to {e2(max(before))} down to "
           f"{e2(max(after))} or below")  # fmt: skip
    for name, label in (("advdiff_lshape", "advdiff_lshape"), ("advdiff_vnotch", "the V-notch"),
                        ("heat_drift_lshape", "heat with a drift on an L-shape"),
                        ("helmholtz_lshape_corner", "Helmholtz on an L-shape"),
                        ("helmholtz_pacman_robin", "Helmholtz in a pacman"),
                        ("reaction_slit_315", "the 315-degree slit with a reaction")):  # fmt: skip
        r = rows[name]
        quotes(bench, f"{label} {e2(r['before']['rel_l2'])} to {e2(r['after']['rel_l2'])}")
    fin = rows["fin_hole_neumann"]
    quotes(bench, f"the fin with a hole\n  {e2(fin['before']['rel_l2'])} in "
           f"{fin['before']['wall']:.1f} s to {e2(fin['after']['rel_l2'])} in "
           f"{fin['after']['wall']:.1f} s")  # fmt: skip
    new = [r for r in data["rows"] if "user35" in r["problem"]]
    assert len(new) == 8 and all(r["after"]["rel_l2"] <= 1e-4 for r in new)
    quotes(bench, f"All\n  eight new users' files reach 1e-4 (before: "
           f"{sum(r['before']['rel_l2'] <= 1e-4 for r in new)})")  # fmt: skip
    mode = rows["heat_bessel_mode_lshape"]
    quotes(bench, f"The decaying mode stops at {e2(mode['after']['rel_l2'])}** in "
           f"{mode['after']['wall']:.1f} s (before: {e2(mode['before']['rel_l2'])} in "
           f"{mode['before']['wall']:.1f} s)")  # fmt: skip
    same = [n for n, r in rows.items() if r["before"]["rel_l2"] == r["after"]["rel_l2"]]
    assert len(same) == 19
    quotes(bench, "Nineteen are identical to every digit")
    rounding = set(rows) - fell - set(same)
    assert rounding == {"heat_tee_insulated", "aniso_reaction_threequarter"}
    assert all(rows[n]["after"]["rel_l2"] < 1e-12 for n in rounding)
    for name in ("keyhole_advdiff", "control_cross_smooth", "heat_tee_insulated"):
        b, a = rows[name]["before"], rows[name]["after"]
        quotes(bench, name)
        quotes(bench, f"{b['wall']:.1f} s to {a['wall']:.1f} s")
    for name in ("lshape_long_heat", "hole_robin_advdiff", "tshape_heat_bump"):
        b, a = rows[name]["before"], rows[name]["after"]
        assert b["rel_l2"] == a["rel_l2"] and a["stop_reason"] == "budget"
        quotes(bench, f"{b['wall']:.1f} s and {a['wall']:.1f} s ({name})")
    readme = text("README.md")
    for name in ("advdiff_lshape", "helmholtz_lshape_corner"):
        r = rows[name]
        quotes(readme, f"{e(r['before']['rel_l2'])} to {e(r['after']['rel_l2'])}")
    pacman = rows["helmholtz_pacman_robin"]["after"]
    quotes(bench, f"estimates\n  {e2(pacman['estimate'])} for an error of {e2(pacman['rel_l2'])}")
    assert pacman["rel_l2"] > 100 * pacman["estimate"]


def test_section_55_changes_of_condition_side_by_side(bench):
    data = _side_by_side("boundary_changes_session35.json", 17)
    assert data["command"].split("--before ")[1].startswith("/tmp/s35/base")
    quotes(bench, "Before is 22e0236 (section 54), after is 2bc953f")
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    edges = [r for r in data["rows"] if "/edges/" in r["problem"]]
    assert len(edges) == 7
    for r in data["rows"]:
        if r["before"]["rel_l2"] is not None:
            _estimate_row(bench, r)
    lid = rows["lid_square"]
    b, a = lid["before"], lid["after"]
    assert b["rel_l2"] is None and a["rel_l2"] is None
    row(bench, "edges/lid_square", f"n/a / {e2(b['estimate'])} / {b['wall']:.1f}",
        f"n/a / {e2(a['estimate'])} / {a['wall']:.1f}", f"{b['width']} -> {a['width']}",
        f"{b['stop_reason']} -> {a['stop_reason']}")  # fmt: skip
    exact = [r for r in edges if r["before"]["rel_l2"] is not None]
    assert all(r["after"]["rel_l2"] < 1e-12 for r in exact) and a["estimate"] < 1e-14
    before = [r["before"]["rel_l2"] for r in exact]
    after = [r["after"]["rel_l2"] for r in exact]
    quotes(bench, f"All seven edge files fell to rounding**, from {e2(min(before))} .. "
           f"{e2(max(before))} down to {e2(max(after))} or below")  # fmt: skip
    speed = {n: rows[n]["before"]["wall"] / rows[n]["after"]["wall"] for n in map(
        lambda r: r["problem"].split("/")[-1][:-3], edges)}  # fmt: skip
    fastest = max(speed, key=speed.get)
    quotes(
        bench,
        f"by {min(speed.values()):.1f}x to {speed[fastest]:.1f}x ({fastest}: "
        f"{rows[fastest]['before']['wall']:.1f} s to {rows[fastest]['after']['wall']:.1f} s)",
    )
    heat = rows["heat_mixed_edge"]
    quotes(
        bench, f"heat_mixed_edge {heat['before']['wall']:.1f} s to {heat['after']['wall']:.1f} s"
    )
    aniso = rows["aniso_reaction_threequarter"]
    quotes(bench, f"({e2(aniso['before']['rel_l2'])} to {e2(aniso['after']['rel_l2'])})")
    others = [r for r in data["rows"] if "/edges/" not in r["problem"]][1:]
    assert len(others) == 9
    assert all(r["before"]["rel_l2"] == r["after"]["rel_l2"] for r in others)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in others]
    walls = [w for r in others for w in (r["before"]["wall"], r["after"]["wall"])]
    quotes(bench, "The nine others are identical to every digit.** Their changes are at",
           f"moved by {min(ratios):.2f}x-{max(ratios):.2f}x, runs of {min(walls):.1f} to "
           f"{max(walls):.0f} s")  # fmt: skip
    tee = rows["heat_tee_insulated"]
    b, a = tee["before"]["wall"], tee["after"]["wall"]
    quotes(bench, f"heat_tee_insulated took {a / b:.2f}x ({b:.1f} s to {a:.1f} s) for the same "
           "stages")  # fmt: skip
    assert tee["before"]["stages"] == tee["after"]["stages"]
    # the lid against its series
    lid_series = load("lid_series_session35.json")
    old, new = lid_series["before"], lid_series["after"]
    assert "lid_error.py" in lid_series["command"]
    quotes(bench, f"Before: max error {e2(old['max_error'])} in {old['seconds']:.1f} s, while its "
           f"estimate said {e2(old['estimate'])}. After: {e2(new['max_error'])} in "
           f"{new['seconds']:.1f} s, estimate {e2(new['estimate'])}")  # fmt: skip
    readme = text("README.md")
    quotes(readme, f"max error against its series from {e(old['max_error'])} to "
           f"{e(new['max_error'])}")  # fmt: skip
    motz = rows["motz_mixed_edge"]
    quotes(readme, f"a Motz problem from {e(motz['before']['rel_l2'])} to "
           f"{e(motz['after']['rel_l2'])}")  # fmt: skip
    # the new user's files
    users = _side_by_side("user36_session35.json", 8)
    for r in users["rows"]:
        _estimate_row(bench, r)
    names = {r["problem"].split("/")[-1][:-3]: r for r in users["rows"]}
    control = names.pop("control_smooth_mixed")
    assert control["before"]["rel_l2"] == control["after"]["rel_l2"]
    rounded = [n for n, r in names.items() if r["after"]["rel_l2"] < 1e-14]
    assert len(rounded) == 6 and len(names) == 7
    quotes(bench, "Six of the seven singular files fell to rounding")
    met = [n for n, r in names.items() if r["before"]["rel_l2"] <= 1e-4]
    assert met == ["advdiff_wedge_robin"]
    quotes(
        bench,
        f"except\n  advdiff_wedge_robin ({e2(names['advdiff_wedge_robin']['before']['rel_l2'])})",
    )
    (left,) = set(names) - set(rounded)
    r = names[left]["after"]
    quotes(bench, f"{left} stops at {e2(r['rel_l2'])}** (estimate {e2(r['estimate'])})")


def test_section_56_initial_jumps_side_by_side(bench):
    data = _side_by_side("initial_jumps_session36.json", 14)
    assert "--before-args=--no-singular" in data["command"]
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s36/after"
    for r in data["rows"]:
        _estimate_row(bench, r)
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    control = rows.pop("control_smooth_plate")
    assert control["before"]["rel_l2"] == control["after"]["rel_l2"]
    before = [r["before"]["rel_l2"] for r in rows.values()]
    after = {n: r["after"]["rel_l2"] for n, r in rows.items()}
    assert len(rows) == 13
    slower = {n for n, v in after.items() if v > 1e-10}
    assert slower == {"cube_face_held", "rod_peclet", "plate_strip"}
    rest = [v for n, v in after.items() if n not in slower]
    quotes(bench, f"fell from {e2(min(before))} .. {e2(max(before))} to {e2(max(rest))} or below",
           f"the cube (three space axes, {e2(after['cube_face_held'])})",
           f"the rod at Peclet 200 ({e2(after['rod_peclet'])})",
           f"the strip ({e2(after['plate_strip'])})")  # fmt: skip
    rods = [r for n, r in rows.items() if r["after"]["width"] == 512]
    assert len(rods) == 6 and all("/user37/plate" not in r["problem"] for r in rods)
    quotes(bench, f"in {min(r['after']['wall'] for r in rods):.1f} to "
           f"{max(r['after']['wall'] for r in rods):.1f} s, where the smooth basis stagnated "
           f"after {min(r['before']['wall'] for r in rods):.1f} to "
           f"{max(r['before']['wall'] for r in rods):.1f} s")  # fmt: skip
    wide = [r for r in rows.values() if r["after"]["width"] > 512 and "peclet" not in r["problem"]]
    quotes(bench, f"{min(r['after']['wall'] for r in wide):.1f} to "
           f"{max(r['after']['wall'] for r in wide):.1f} s")  # fmt: skip
    corner = rows["plate_corner"]["after"]
    assert corner["stop_reason"] == "budget" and corner["wall"] > 120
    quotes(bench, f"plate_corner ran to its budget at {corner['wall']:.1f} s")
    above = [n for n, r in rows.items() if r["after"]["estimate"] >= r["after"]["rel_l2"]]
    assert len(above) == 11
    ratio = max(r["after"]["estimate"] / r["after"]["rel_l2"] for r in rows.values())
    quotes(bench, f"on 11 of the 13 files with functions, by up to {ratio:.0f}x")
    for name in ("rod_heated",):
        a = rows[name]["after"]
        assert a["estimate"] < a["rel_l2"] < 1e-14
        quotes(bench, f"{name} ({e2(a['estimate'])} for {e2(a['rel_l2'])})")
    drift = rows["rod_drift"]["after"]
    quotes(bench, f"rod_drift ({e2(drift['estimate'])} for {e2(drift['rel_l2'])}, "
           f"{drift['estimate'] / drift['rel_l2']:.2f}x)")  # fmt: skip
    heated = rows["rod_heated"]
    readme, guide = text("README.md"), text("docs/guide.md")
    quotes(readme, f"rod from {e(heated['before']['rel_l2'])} to {e(heated['after']['rel_l2'])}")
    quotes(guide, f"rod goes from {e(heated['before']['rel_l2'])} in "
           f"{heated['before']['wall']:.1f} s (the smooth basis alone) to "
           f"{e(heated['after']['rel_l2'])} in {heated['after']['wall']:.1f} s")  # fmt: skip
    series = load("hot_edge_series_session36.json")
    old, new = series["before"], series["after"]
    assert "hot_edge_error.py" in series["command"] and old["singular_columns"] == 0
    quotes(bench, f"Before (6e101a6): max error {e2(old['max_error'])} in {old['seconds']:.1f} s,"
           f" estimate {e2(old['estimate'])}", f"After (fff5a37): max error "
           f"{e2(new['max_error'])} in {new['seconds']:.1f} s, estimate {e2(new['estimate'])}, "
           f"{new['singular_columns']} functions")  # fmt: skip
    quotes(bench, f"plate below: max error {e2(old['max_error'])} against its series")
    final = series["final"]
    assert (final["max_error"], final["estimate"]) == (new["max_error"], new["estimate"])
    quotes(bench, f"to every digit, in {final['seconds']:.1f} s")
    for doc in (readme, guide):
        quotes(doc, f"max error of {e(old['max_error'])} against its series to "
               f"{e(new['max_error'])}")  # fmt: skip
    scan = load("singular_scan_session36.json")
    changed = [c["file"] for c in scan["changed"]]
    assert all(c.startswith(("benchmarks/initial/", "benchmarks/user37/")) for c in changed)
    before_errors = [c for c in scan["changed"] if str(c["before"]).startswith("error")]
    assert len(before_errors) == 13 and all("ComplexInfinity" in c["before"] for c in before_errors)
    quotes(bench, f"{len(changed)} of the {scan['files']} files differ")


def test_section_57_flux_jumps_side_by_side(bench):
    data = _side_by_side("flux_jumps_session37.json", 12)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s37/before"
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    cold = rows.pop("plate_flux_cold")
    assert cold["before"]["rel_l2"] is None and cold["after"]["rel_l2"] is None
    for r in rows.values():
        _estimate_row(bench, r)
    b, a = cold["before"], cold["after"]
    row(bench, "initial/plate_flux_cold", f"n/a / {e2(b['estimate'])} / {b['wall']:.1f}",
        f"n/a / {e2(a['estimate'])} / {a['wall']:.1f}", a["width"], a["stop_reason"])  # fmt: skip
    quotes(bench, f"unchanged at an estimate of {e2(a['estimate'])}")
    control = rows.pop("rod_flux_compatible")
    assert control["before"] == {**control["after"], "wall": control["before"]["wall"]}
    assert len(rows) == 10
    before = [r["before"]["rel_l2"] for r in rows.values()]
    walls = [r["before"]["wall"] for r in rows.values()]
    assert all(r["before"]["stop_reason"] == "stagnation" for r in rows.values())
    varying = rows.pop("plate_flux_varying")["after"]
    rest = [r["after"] for r in rows.values()]
    quotes(bench, f"went from {e2(min(before))} .. {e2(max(before))} (every one stagnating after "
           f"{min(walls):.1f} to {max(walls):.1f} s) to "
           f"{e2(max(v['rel_l2'] for v in rest))} or below in "
           f"{min(v['wall'] for v in rest):.1f} to {max(v['wall'] for v in rest):.1f} s",
           f"{e2(varying['rel_l2'])} in {varying['wall']:.1f} s")  # fmt: skip
    assert sum(v["rel_l2"] <= 1e-12 for v in rest) == 8 and len(rest) == 9
    quotes(bench, "(eight of the nine to 1e-12 or below)")
    below = [n for n, r in rows.items() if r["after"]["estimate"] < r["after"]["rel_l2"]]
    assert sorted(below) == ["plate_flux_edge", "rod_constant_flux"]
    assert all(rows[n]["after"]["rel_l2"] < 2e-15 for n in below)
    assert varying["estimate"] > varying["rel_l2"]
    quotes(bench, "above the error on 8 of the 10 files with functions")
    scan = load("singular_scan_session37.json")
    changed = [c["file"] for c in scan["changed"]]
    assert changed and all(
        c.startswith(("benchmarks/initial/", "benchmarks/user38/")) for c in changed
    )
    quotes(bench, f"{len(changed)} of the {scan['files']} files differ")


def test_section_58_flux_corner(bench):
    data = _side_by_side("flux_corner_session37.json", 5)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s37/suite"
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    for name, r in rows.items():
        b, a = r["before"], r["after"]
        if b["rel_l2"] is None:
            cells = [f"n/a / {e2(v['estimate'])} / {v['wall']:.1f}" for v in (b, a)]
            width = str(b["width"]) if b["width"] == a["width"] else f"{b['width']} -> {a['width']}"
            stop = (a["stop_reason"] if a["stop_reason"] == b["stop_reason"]
                    else f"{b['stop_reason']} -> {a['stop_reason']}")  # fmt: skip
            row(bench, f"initial/{name}", *cells, width, stop)
        else:
            _estimate_row(bench, r)
    cold, short = rows["plate_flux_cold"], rows["plate_flux_short"]
    assert cold["after"]["stop_reason"] == "budget" and cold["after"]["wall"] > 120
    quotes(bench, f"the estimate fell from {e2(cold['before']['estimate'])} to "
           f"{e2(cold['after']['estimate'])}, at width {cold['after']['width']}, where the plan "
           f"ran out at {cold['after']['wall']:.1f} s",
           f"solved to rounding in {short['after']['wall']:.1f} s",
           f"stagnated at an estimate of {e2(short['before']['estimate'])}")  # fmt: skip
    for name in ("plate_flux", "plate_flux_edge"):
        assert rows[name]["after"]["rel_l2"] < 2e-15
    varying = rows["plate_flux_varying"]
    quotes(bench, f"moves from {e2(varying['before']['rel_l2'])} to "
           f"{e2(varying['after']['rel_l2'])}")  # fmt: skip
    error = load("flux_corner_error_session37.json")
    old, new = error["before"], error["after"]
    assert old["singular_columns"] == 0 and new["singular_columns"] == 22
    assert old["estimate"] < old["max_error"] and new["max_error"] < 1e-14
    quotes(bench, f"Before (1c4c1c9, section 57): max error {e2(old['max_error'])} in "
           f"{old['seconds']:.1f} s, estimate {e2(old['estimate'])}, "
           f"{old['max_error'] / old['estimate']:.1f}x below the error (its 20 functions "
           "lost step 0s's probe)",
           f"After: max error {e2(new['max_error'])} in {new['seconds']:.1f} s, estimate "
           f"{e2(new['estimate'])}, {new['singular_columns']} functions")  # fmt: skip
    scan = load("singular_scan_corner_session37.json")
    changed = [c["file"] for c in scan["changed"]]
    assert sorted(changed) == sorted(r["problem"] for r in data["rows"])
    quotes(bench, f"{len(changed)} of the {scan['files']} files differ")


def _moved(r) -> bool:
    """Whether a before_after.py row's error or estimate changed."""
    return (r["before"]["rel_l2"], r["before"]["estimate"]) != (
        r["after"]["rel_l2"],
        r["after"]["estimate"],
    )


def _changed_rows(name: str, count: int, before: str) -> tuple[dict, dict]:
    """The rows of a ``before_after.py`` record of ``count`` files whose before side was the
    tree at ``before``, by ``dir/stem``, and those whose error or estimate changed."""
    data = _side_by_side(name, count)
    assert data["command"].split("--before ")[1].split()[0] == before
    rows = {"/".join(r["problem"].split("/")[-2:])[:-3]: r for r in data["rows"]}
    return rows, {n: r for n, r in rows.items() if _moved(r)}


def test_section_59_modes_side_by_side(bench):
    rows, changed = _changed_rows("modes_session38.json", 31, "/tmp/s38/old")
    assert sorted(changed) == [
        "drift/adr_2d",
        "drift/adv_diff_3d",
        "user24/heat_kernel_forced",
        "user27/membrane_neumann",
        "user28/advdiff_pulse_channel",
        "user32/membrane_two_modes",
        "user33/advection_diffusion_reaction_2d",
    ]
    for r in changed.values():
        _estimate_row(bench, r)
        assert r["after"]["rel_l2"] < r["before"]["rel_l2"]
        assert r["after"]["activation"] == "sin" and r["after"]["modes"] == 1.0
    same = [r for n, r in rows.items() if n not in changed]
    assert len(same) == 24
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"in {min(ratios):.2f}x-{max(ratios):.2f}x the time")
    stages = {n: (r["before"]["stages"], r["after"]["stages"]) for n, r in rows.items()}
    assert stages.pop("user28/transport_chevron") == (27, 30)
    assert sum(b == a for n, (b, a) in stages.items() if n not in changed) == 23
    adr = changed["user33/advection_diffusion_reaction_2d"]
    assert adr["before"]["activation"] == "tanh" and adr["after"]["rel_l2"] < 1e-4
    quotes(bench, f"goes from {e2(adr['before']['rel_l2'])} to {e2(adr['after']['rel_l2'])}",
           f"{adr['after']['wall']:.1f} s for its 60-second plan "
           f"on this slow machine ({adr['before']['wall']:.1f} s before)")  # fmt: skip
    membrane = changed["user32/membrane_two_modes"]
    assert membrane["before"]["slabs"] == 4 and membrane["after"]["slabs"] == 1
    quotes(bench, f"converges at {e2(membrane['after']['rel_l2'])} in "
           f"{membrane['after']['wall']:.1f} s")  # fmt: skip
    neumann = changed["user27/membrane_neumann"]
    quotes(
        bench,
        f"membrane_neumann gains {neumann['before']['rel_l2'] / neumann['after']['rel_l2']:.0f}x",
    )
    # they kept modes before too: the slab trials' time went to one more width
    three = ["user24/heat_kernel_forced", "drift/adr_2d", "drift/adv_diff_3d"]
    for name in three:
        b, a = changed[name]["before"], changed[name]["after"]
        assert b["modes"] == 1.0 and b["slab_trials"] and not a["slab_trials"]
        assert a["width"] > b["width"]
    gains = [changed[n]["before"]["rel_l2"] / changed[n]["after"]["rel_l2"] for n in three]
    quotes(bench, f"{gains[0]:.1f}x, {gains[1]:.1f}x and {gains[2]:.1f}x lower errors")
    channel = changed["user28/advdiff_pulse_channel"]
    assert channel["after"]["rel_l2"] > 0.1
    quotes(bench, f"stays unresolved, {channel['before']['rel_l2']:.3f} to "
           f"{channel['after']['rel_l2']:.3f}")  # fmt: skip


def test_section_59_no_slab_trials_with_modes(bench):
    data = _side_by_side("slab_modes_session38.json", 2)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s38/mid"
    heat, adr = data["rows"]
    assert heat["problem"].endswith("heat_2d_ms.py") and adr["problem"].endswith("adr_2d.py")
    for r, name in ((heat, "Heat 2d-MS"), (adr, "adr_2d")):
        b, a = r["before"], r["after"]
        assert b["slabs"] > 1 and a["slabs"] == 1 and a["rel_l2"] < b["rel_l2"]
        assert b["stop_reason"] == "previous_slab"
        quotes(bench, f"{name} marched {b['slabs']} slabs to {e2(b['rel_l2'])} in "
               f"{b['wall']:.1f} s, against {e2(a['rel_l2'])}")  # fmt: skip


def test_section_59_eight_files_from_new_users(bench):
    rows = load("user39_session38.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    _user_rows(bench, rows)
    missed = sorted(r["file"].split("/")[-1][:-3] for r in rows if r["rel_l2"] > 1e-4)
    assert missed == ["advdiff_3d_plume", "advdiff_channel_source", "poisson_3d_box"]
    assert all(r["validation"] > 1e-4 for r in rows if r["rel_l2"] > 1e-4)
    assert all(r["width"] == 3072 for r in rows if r["rel_l2"] > 1e-4)
    quotes(bench, f"5 of 8 reach 1e-4 (median {e2(statistics.median(r['rel_l2'] for r in rows))})")
    below = [r for r in rows if r["validation"] < r["rel_l2"]]
    assert [r["name"] for r in below] == ["anisotropic-diffusion-slab", "poisson-3d-box"]
    assert below[0]["rel_l2"] < 1e-10


def test_section_60_faces_at_a_fixed_width(bench):
    rows = load("face_rows_session39.json")["rows"]
    assert len(rows) == 3 * 5 + 2 * 4
    at = {}
    for r in rows:
        name = r["problem"].split("/")[-1][:-3]
        at[(name, r["faces"])] = r
        row(bench, name, r["width"], r["faces"], r["rows"], e2(r["rel_l2"]), e2(r["estimate"]),
            f"{r['cpu_seconds']:.1f}")  # fmt: skip
    three = ("poisson_3d_box", "advdiff_3d_plume", "advdiff_channel_source")
    ratios = [at[(n, "0.25")]["cpu_seconds"] / at[(n, "1")]["cpu_seconds"] for n in three]
    quotes(bench, f"same error to 2% in {min(ratios):.2f}x-{max(ratios):.2f}x")
    for n in three:
        assert at[(n, "0.25")]["rel_l2"] <= 1.02 * at[(n, "1")]["rel_l2"], n
        # the library's rule: fewer rows than one per column, the same error to 1%
        assert at[(n, "rule")]["rows"] < at[(n, "1")]["rows"], n
        assert at[(n, "rule")]["rel_l2"] <= 1.01 * at[(n, "1")]["rel_l2"], n
    cheaper = [at[(n, "1")]["cpu_seconds"] / at[(n, "rule")]["cpu_seconds"] for n in three]
    quotes(bench, f"width 2048 {min(cheaper):.2f}x-{max(cheaper):.2f}x cheaper")
    plume = at[("advdiff_3d_plume", "0.125")]["rel_l2"]
    quotes(bench, f"({e2(plume)} against {e2(at[('advdiff_3d_plume', '1')]['rel_l2'])})")
    bump = at[("poisson_offcentre_bump", "0.5")]["rel_l2"]
    assert bump > 2 * at[("poisson_offcentre_bump", "1")]["rel_l2"]
    quotes(bench, f"({e2(bump)} against {e2(at[('poisson_offcentre_bump', '1')]['rel_l2'])} at "
           "half the faces on the bump)")  # fmt: skip


def test_section_60_the_rule_alone_moved_the_probes(bench):
    _, changed = _changed_rows("faces_rule_only_session39.json", 40, "/tmp/s39/old")
    assert len(changed) == 13
    lost = []
    for name in ("user37/cube_face_held", "user37/plate_aniso_left_held"):
        b, a = changed[name]["before"], changed[name]["after"]
        assert a["rel_l2"] > 9 * b["rel_l2"]
        lost.append(f"{a['rel_l2'] / b['rel_l2']:.1f}x")
        assert b["axis_scales"]["y"] == 0.0625 and a["axis_scales"]["y"] == 0.25
        _estimate_row(bench, changed[name])
    quotes(bench, f"changed 13 of the 40 files, and lost about 10x twice ({lost[0]} and {lost[1]})")
    for name in ("user28/transport_chevron", "user37/plate_left_linear_profile"):
        assert changed[name]["after"]["rel_l2"] < changed[name]["before"]["rel_l2"]
        _estimate_row(bench, changed[name])


def test_section_60_faces_side_by_side(bench):
    rows, changed = _changed_rows("faces_session39.json", 40, "/tmp/s39/old")
    assert sorted(changed) == [
        "user27/advection3d_steady",
        "user39/advdiff_3d_plume",
        "user39/advdiff_channel_source",
        "user39/poisson_3d_box",
    ]
    for r in changed.values():
        _estimate_row(bench, r)
    same = [r for n, r in rows.items() if n not in changed]
    assert len(same) == 36 and all(r["before"]["stages"] == r["after"]["stages"] for r in same)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"in {min(ratios):.2f}x-{max(ratios):.2f}x the time "
           f"(median {statistics.median(ratios):.2f}: noise)")  # fmt: skip
    box = changed["user39/poisson_3d_box"]
    assert box["after"]["width"] == 3584 and 1e-4 < box["after"]["rel_l2"] < box["before"]["rel_l2"]
    quotes(bench, f"{e2(box['before']['rel_l2'])} to {e2(box['after']['rel_l2'])}, still short")
    channel = changed["user39/advdiff_channel_source"]
    assert channel["after"]["width"] == 3584
    quotes(bench, f"{e2(channel['before']['rel_l2'])} to {e2(channel['after']['rel_l2'])}")
    plume = changed["user39/advdiff_3d_plume"]
    ratio = plume["after"]["wall"] / plume["before"]["wall"]
    quotes(bench, f"in {ratio:.2f}x the time, {e2(plume['before']['rel_l2'])} to "
           f"{e2(plume['after']['rel_l2'])}")  # fmt: skip
    steady = changed["user27/advection3d_steady"]
    assert f"{steady['before']['rel_l2']:.2e}" == f"{steady['after']['rel_l2']:.2e}"


def test_section_61_interior_points_per_column(bench):
    rows = load("interior_rows_session40.json")["rows"]
    assert len(rows) == 25
    at = {}
    for r in rows:
        name = r["problem"].split("/")[-1][:-3]
        at[(name, r["width"], r["interior_per_column"])] = r
        row(bench, name, r["width"], r["interior_per_column"], r["rows"], e2(r["rel_l2"]),
            e2(r["estimate"]), f"{r['cpu_seconds']:.1f}")  # fmt: skip
    steady = ("poisson_3d_box", "advdiff_3d_plume", "advdiff_channel_source")
    for n in steady:
        assert at[(n, 2048, 3)]["rel_l2"] <= at[(n, 2048, 6)]["rel_l2"], n
    heater = "heat2d_pulsing_heater"
    cpu = [
        at[(n, 2048, 3)]["cpu_seconds"] / at[(n, 2048, 6)]["cpu_seconds"] for n in (*steady, heater)
    ]
    quotes(bench, f"in {min(cpu):.2f}x-{max(cpu):.2f}x the CPU time")
    lost = [at[(heater, 2048, c)]["rel_l2"] / at[(heater, 2048, 6)]["rel_l2"] for c in (3, 2)]
    quotes(bench, f"loses {round(100 * (lost[0] - 1))}% at 3 and {lost[1]:.2f}x at 2")
    wide = [at[(n, 3072, 4)]["cpu_seconds"] / at[(n, 3072, 6)]["cpu_seconds"]
            for n in ("poisson_3d_box", "advdiff_3d_plume", heater)]  # fmt: skip
    quotes(bench, f"4 per column saves less ({min(wide):.2f}x-{max(wide):.2f}x)")
    h4, h6 = at[(heater, 3072, 4)]["rel_l2"], at[(heater, 3072, 6)]["rel_l2"]
    quotes(bench, f"loses {round(100 * (h4 / h6 - 1))}% ({e2(h4)} against {e2(h6)})")
    thin, full = at[("poisson_3d_box", 3072, 3)], at[("poisson_3d_box", 3072, 6)]
    assert thin["estimate"] > 10 * full["estimate"] and thin["rel_l2"] < full["rel_l2"]
    quotes(bench, f"{e2(thin['estimate'])} against {e2(full['estimate'])}, for rel L2 "
           f"{e2(thin['rel_l2'])} against {e2(full['rel_l2'])}")  # fmt: skip
    from pinnls.training.stages import ROWS_PER_COLUMN

    assert ROWS_PER_COLUMN == 6


def test_section_61_refinement_side_by_side(bench):
    rows, changed = _changed_rows("refine_axes_session40.json", 40, "/tmp/s40/old")
    assert sorted(changed) == ["user39/advdiff_3d_plume"]
    same = [r for n, r in rows.items() if n not in changed]
    assert len(same) == 39 and all(r["before"]["stages"] == r["after"]["stages"] for r in same)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"in {min(ratios):.2f}x-{max(ratios):.2f}x the time "
           f"(median {statistics.median(ratios):.2f}: noise)")  # fmt: skip
    plume = changed["user39/advdiff_3d_plume"]
    _estimate_row(bench, plume)
    b, a = plume["before"], plume["after"]
    assert b["axis_scales"] == {"y": 4.0} and a["axis_scales"] == {"y": 2.0}
    assert a["stages"] == b["stages"] + 1 and a["width"] == b["width"] == 3072
    assert 1e-4 < a["rel_l2"] < b["rel_l2"] / 7
    quotes(bench, f"{e2(a['rel_l2'])}, {b['rel_l2'] / a['rel_l2']:.1f}x lower",
           f"in {a['wall'] / b['wall']:.2f}x the time (one probe more)")  # fmt: skip
    ratio = [v["estimate"] / v["rel_l2"] for v in (b, a)]
    quotes(bench, f"from {ratio[0]:.1f}x to {ratio[1]:.1f}x the error")
    from pinnls.training import auto

    assert auto.AXIS_HALF_STEP == 2.0 and auto.POOR == 1e-3


def test_section_61_axis_factors_at_a_fixed_width(bench):
    rows = load("axis_factors_session40.json")["rows"]
    assert len(rows) == 2 * (5 + 4)
    at = {}
    for r in rows:
        name = r["problem"].split("/")[-1][:-3]
        shown = ", ".join(f"{a}={v:g}" for a, v in r["axis_scales"].items())
        at[(name, r["width"], shown)] = r
        row(bench, name, r["width"], shown, r["rows"], e2(r["rel_l2"]), e2(r["estimate"]),
            f"{r['cpu_seconds']:.1f}")  # fmt: skip
    chosen, back = ("advdiff_3d_plume", 1024, "y=4"), ("advdiff_3d_plume", 1024, "y=2")
    gain = at[chosen]["estimate"] / at[back]["estimate"]
    assert gain >= 1.25
    quotes(bench, f"{gain:.2f}x lower estimate at width 1024 than step 1a's choice "
           f"({e2(at[back]['estimate'])} against {e2(at[chosen]['estimate'])})")  # fmt: skip
    wide = {k: at[("advdiff_3d_plume", 2048, k)]["rel_l2"] for k in ("y=4", "y=2")}
    quotes(bench, f"{wide['y=4'] / wide['y=2']:.1f}x lower in rel L2 at width 2048 "
           f"({e2(wide['y=2'])} against {e2(wide['y=4'])})")  # fmt: skip
    # at 1024 the estimate ranks the plume's factor sets as the error at 2048 does
    sets = [k for (n, w, k) in at if n == "advdiff_3d_plume" and w == 1024]
    by_estimate = sorted(sets, key=lambda k: at[("advdiff_3d_plume", 1024, k)]["estimate"])
    by_error = sorted(sets, key=lambda k: at[("advdiff_3d_plume", 2048, k)]["rel_l2"])
    assert by_estimate == by_error
    box = {k: at[("poisson_3d_box", 1024, k)]["estimate"] for (n, w, k) in at
           if n == "poisson_3d_box" and w == 1024}  # fmt: skip
    assert min(box, key=box.get) == "y=0.5, z=2"


def test_section_61_refinement_on_harder_files(bench):
    rows, changed = _changed_rows("refine_axes_hard_session40.json", 20, "/tmp/s40/old")
    probed = {n: r for n, r in rows.items() if r["after"]["stages"] != r["before"]["stages"]}
    assert sorted(probed) == [
        "user26/heat2d_pulsing_heater",
        "user27b/lshape_long_heat",
        "user30/tshape_heat_bump",
    ]
    assert sorted(changed) == ["user27b/lshape_long_heat", "user30/tshape_heat_bump"]
    for r in probed.values():
        _estimate_row(bench, r)
    same = [r for n, r in rows.items() if n not in probed]
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"The other {len(same)} run the same stages (no refinement probe) and give "
           f"the same error and estimate to every digit, in {min(ratios):.2f}x-{max(ratios):.2f}x "
           f"the time (median {statistics.median(ratios):.2f})")  # fmt: skip
    lshape = probed["user27b/lshape_long_heat"]
    b, a = lshape["before"], lshape["after"]
    assert a["axis_scales"] == {k: v / 2 for k, v in b["axis_scales"].items()}
    quotes(bench, f"{e2(b['rel_l2'])} to {e2(a['rel_l2'])} ({b['rel_l2'] / a['rel_l2']:.1f}x)")
    heater = probed["user26/heat2d_pulsing_heater"]
    assert heater["after"]["stages"] == heater["before"]["stages"] + 2
    quotes(bench, f"in {heater['after']['wall'] / heater['before']['wall']:.2f}x the time")
    tee = probed["user30/tshape_heat_bump"]
    b, a = tee["before"], tee["after"]
    assert a["stages"] == b["stages"] + 2 and a["width"] < b["width"]
    quotes(bench, f"({round(100 * (a['rel_l2'] / b['rel_l2'] - 1), 1)}% higher), in "
           f"{a['wall'] / b['wall']:.2f}x the time")  # fmt: skip


def test_section_61_the_committed_code_gives_what_was_measured(bench):
    rows, changed = _changed_rows("refine_axes_final_check_session40.json", 4, "/tmp/s40/new")
    assert changed == {}
    assert all(r["before"]["stages"] == r["after"]["stages"] for r in rows.values())
    hard = (
        load("refine_axes_hard_session40.json")["rows"] + load("refine_axes_session40.json")["rows"]
    )
    measured = {"/".join(r["problem"].split("/")[-2:])[:-3]: r["after"] for r in hard}
    for name, r in rows.items():
        assert r["before"]["rel_l2"] == measured[name]["rel_l2"], name
    quotes(bench, "the same stages, error and estimate to every digit")


def test_section_61_one_rung_further(bench):
    rows = load("wide_rungs_session40.json")["rows"]
    assert len(rows) == 7
    at = {}
    for r in rows:
        name = r["problem"].split("/")[-1][:-3]
        shown = ", ".join(f"{a}={v:g}" for a, v in r["axis_scales"].items())
        at[(name, r["width"], shown)] = r
        row(bench, name, r["width"], shown, e2(r["rel_l2"]), e2(r["estimate"]),
            f"{r['cpu_seconds']:.1f}")  # fmt: skip
    # what auto reached, and below 1e-4 one rung further
    side = {
        r["problem"].split("/")[-1][:-3]: r["after"]
        for r in load("refine_axes_session40.json")["rows"]
    }
    fixed = at[("poisson_3d_box", 3584, "y=0.5, z=2")]["rel_l2"]
    assert math.isclose(fixed, side["poisson_3d_box"]["rel_l2"], rel_tol=1e-12)
    assert at[("poisson_3d_box", 4096, "y=0.5, z=2")]["rel_l2"] < 1e-4
    assert (
        at[("advdiff_3d_plume", 3584, "y=2")]["rel_l2"] < 1e-4 < side["advdiff_3d_plume"]["rel_l2"]
    )
    assert int(2**27 // 4097) == 32760
    quotes(bench, "(32,760 rows at width 4096)")


def test_section_62_one_last_rung_side_by_side(bench):
    rows, changed = _changed_rows("last_rung_session41.json", 43, "/tmp/s41/old")
    same = [r for n, r in rows.items() if n not in changed]
    assert len(same) == 6 and all(r["before"]["stages"] == r["after"]["stages"] for r in same)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in same]
    quotes(bench, f"Six run the same stages and give the same error and estimate to every digit "
           f"({min(ratios):.2f}x-{max(ratios):.2f}x the time). The 37 others:")  # fmt: skip
    for r in changed.values():
        _estimate_row(bench, r)
    gain = {n: r["before"]["rel_l2"] / r["after"]["rel_l2"] for n, r in changed.items()}
    better = [g for g in gain.values() if g > 1]
    worse = [g for g in gain.values() if g < 1]
    assert (len(better), len(worse)) == (30, 7)
    shear = changed["user28/transport_oscillating_shear"]
    assert max(gain, key=gain.get) == "user28/transport_oscillating_shear"
    quotes(bench, f"30 are lower in rel L2 (up to {max(better):.1f}x: transport_oscillating_shear, "
           f"{e2(shear['before']['rel_l2'])} to {e2(shear['after']['rel_l2'])}; median "
           f"{statistics.median(better):.1f}x), 7 are higher "
           f"({min(worse):.2f}x-{max(worse):.2f}x)")  # fmt: skip
    times = [r["after"]["wall"] / r["before"]["wall"] for r in changed.values()]
    quotes(bench, f"in {min(times):.2f}x-{max(times):.2f}x the time (median "
           f"{statistics.median(times):.2f}x")  # fmt: skip
    # every changed file ended wider; of those that got worse, three ended less steep with a
    # stage fewer, four at the same steepness
    for n, r in changed.items():
        assert r["after"]["width"] is None or r["after"]["width"] >= r["before"]["width"], n
    lost = {n.split("/")[1]: r for n, r in changed.items() if gain[n] < 1}
    gentler = sorted(n for n, r in lost.items() if r["after"]["scale"] < r["before"]["scale"])
    assert gentler == ["cube_face_held", "shallow_water_2d", "soil_layers_3d"]
    assert all(lost[n]["after"]["stages"] == lost[n]["before"]["stages"] - 1 for n in gentler)
    same = [n for n, r in lost.items() if r["after"]["scale"] == r["before"]["scale"]]
    assert sorted(same) == ["acoustics_diagonal_pulse", "advection3d_steady",
                            "layered_heat_2d", "transport_chevron"]  # fmt: skip
    rose = [lost[n]["after"]["rel_l2"] / lost[n]["before"]["rel_l2"] for n in same
            if n != "transport_chevron"]  # fmt: skip
    quotes(bench, f"rose {min(rose):.2f}x-{max(rose):.2f}x in rel L2 the same way")
    # issue 22's 1e-4 within 120 s: met now where it was not
    for name in ("user39/advdiff_3d_plume", "user39/poisson_3d_box",
                 "user28/transport_oscillating_shear", "drift/adv_diff_3d"):  # fmt: skip
        b, a = changed[name]["before"], changed[name]["after"]
        assert b["rel_l2"] > 1e-4 > a["rel_l2"] and a["wall"] < 120, name
        quotes(bench, f"({e2(a['rel_l2'])} in {a['wall']:.1f} s)")
    for name in ("user39/advdiff_channel_source", "user26/heat2d_pulsing_heater",
                 "user33/wave_box_reflecting", "systems2/elastic_plane_waves", "user23/wave_3d",
                 "user19/swirl_pulse", "user30/tshape_heat_bump"):  # fmt: skip
        a = changed[name]["after"]
        assert a["rel_l2"] > 1e-4, name
        quotes(bench, f"{name.split('/')[1]} {e2(a['rel_l2'])}")
    for name in ("user27b/advdiff_channel_time", "user28/advdiff_pulse_channel"):
        assert name in rows and name not in changed


def test_section_62_two_axes_side_by_side(bench):
    rows, changed = _changed_rows("last_rung_two_axes_session41.json", 11, "/tmp/s41/old")
    assert len(changed) == 5
    for r in changed.values():
        _estimate_row(bench, r)
    same = {n: r for n, r in rows.items() if n not in changed}
    other = [n for n, r in same.items() if r["before"]["stages"] != r["after"]["stages"]]
    assert other == ["problems/acoustics_characteristic"]
    gain = {n: r["before"]["rel_l2"] / r["after"]["rel_l2"] for n, r in changed.items()}
    better = [n for n, g in gain.items() if g > 1]
    times = [changed[n]["after"]["wall"] / changed[n]["before"]["wall"] for n in better]
    low, high = min(gain[n] for n in better), max(gain[n] for n in better)
    quotes(bench, f"Four are lower in rel L2 ({low:.2f}x-{high:.1f}x) in "
           f"{min(times):.2f}x-{max(times):.2f}x the time")  # fmt: skip
    ellipse = changed["user27b/ellipse_poisson"]
    b, a = ellipse["before"], ellipse["after"]
    assert b["stop_reason"] == a["stop_reason"] == "converged" and a["width"] > b["width"]
    quotes(bench, f"({e2(b['rel_l2'])} to {e2(a['rel_l2'])}) at a wider stage, "
           f"{a['wall'] / b['wall']:.2f}x the time")  # fmt: skip
    from pinnls.training import auto, stages

    assert auto.LAST_RUNG_STEP == 256 and stages.UP_TO == 1.5


def test_section_62_the_committed_code(bench):
    runs = _side_by_side_like("last_rung_committed_runs_session41.json", 43)
    same = [r for r in runs if (r["before"]["rel_l2"], r["before"]["estimate"],
            r["before"]["stages"]) == (r["after"]["rel_l2"], r["after"]["estimate"],
            r["after"]["stages"])]  # fmt: skip
    assert len(same) == 37
    quotes(bench, "37 give the same stages, error and estimate to every digit")
    rows, changed = _changed_rows("last_rung_final_check_session41.json", 6, "/tmp/s41/new")
    others = {"/".join(r["problem"].split("/")[-2:])[:-3] for r in runs if r not in same}
    assert set(rows) == others
    for r in rows.values():
        _estimate_row(bench, r)
    assert sorted(changed) == ["user27/advection3d_steady", "user27/transport_sloshing",
                               "user27b/ellipse_poisson"]  # fmt: skip
    # the final answer per file: the measured after side, or the final check's
    final = {}
    for name, count in (("last_rung_session41.json", 43),
                        ("last_rung_two_axes_session41.json", 11)):  # fmt: skip
        for r in _side_by_side(name, count)["rows"]:
            n = "/".join(r["problem"].split("/")[-2:])[:-3]
            after = rows[n]["after"] if n in rows else r["after"]
            final.setdefault(name, []).append(r["before"]["rel_l2"] / after["rel_l2"])
    three, two = final["last_rung_session41.json"], final["last_rung_two_axes_session41.json"]

    def count(gains):
        return sum(g > 1 for g in gains), sum(g < 1 for g in gains), sum(g == 1 for g in gains)

    assert count(three) == (30, 6, 7) and count(two) == (4, 0, 7)
    quotes(bench, "on the 43 files of three axes and more: 30 are lower in rel L2 than before, "
           "6 are higher, 7 the same; on the 11 of two axes: 4 lower, none higher, "
           "7 the same")  # fmt: skip
    steady = rows["user27/advection3d_steady"]
    quotes(bench, f"(advection3d_steady: {steady['after']['wall']:.1f} s against "
           f"{steady['before']['wall']:.1f} s)")  # fmt: skip


def _side_by_side_like(name: str, count: int) -> list:
    """The rows of a record of runs of one tree against a side by side's after side."""
    data = load(name)
    assert len(data["rows"]) == count and "python -m pinnls solve" in data["command"]
    return data["rows"]


def test_section_63_nothing_else_changes(bench):
    data = _side_by_side("runner_up_session42.json", 69)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s42/old"
    keys = ("rel_l2", "estimate", "width", "scale", "stages", "stop_reason")
    for r in data["rows"]:
        assert all(r["before"][k] == r["after"][k] for k in keys), r["problem"]
    quotes(bench, "All 69 give the same error, estimate, width, steepness, stages and stop")
    # the later commit gave the same numbers on the 39 files with a runner-up
    after = {r["problem"]: r["after"] for r in data["rows"]}
    rows = load("runner_up_apart_session42.json")["rows"]
    assert "benchmarks/runner_up.py" in load("runner_up_apart_session42.json")["command"]
    assert len(rows) == 39 and sum("runner_up_difference" in a for a in after.values()) == 39
    for r in rows:
        a = after[r["problem"]]
        assert (r["rel_l2"], r["estimate"]) == (a["rel_l2"], a["estimate"])
    # the 30 without a runner-up: one stage, a file's fixed settings, data weighed afterwards
    none = {p: a for p, a in after.items() if "runner_up_difference" not in a}
    assert sorted(a["stages"] for a in none.values()).count(1) == 27
    assert sorted(p for p, a in none.items() if a["stages"] != 1) == [
        "benchmarks/axes/transport_constant_2d.py", "pinnls/problems/advection_constant.py",
        "pinnls/problems/source_from_sensors.py"]  # fmt: skip
    quotes(bench, "of the 30 others, 27 ran one stage, transport_constant_2d marched two time "
           "slabs, advection_constant ran its file's fixed settings, and source_from_sensors "
           "weighed its noisy data afterwards")  # fmt: skip
    assert none["benchmarks/axes/transport_constant_2d.py"]["slabs"] == 2
    # the eight new files
    new = {r["problem"].split("/")[-1][:-3]: r["after"] for r in data["rows"]
           if "/user40/" in r["problem"]}  # fmt: skip
    assert len(new) == 8
    folders = collections.Counter(r["problem"].split("/")[-2] for r in data["rows"])
    assert [folders[f] for f in ("suite", "axes", "problems", "user40")] == [17, 11, 18, 8]
    quotes(bench, "on 69 files: `benchmarks/suite` (17), `benchmarks/axes` (11), the bundled "
           "problems (18), the 15 files")  # fmt: skip
    for name, a in new.items():
        row(bench, name, e2(a["rel_l2"]), e2(a["estimate"]), f"{a['wall']:.1f}", a["width"],
            a["stop_reason"])  # fmt: skip
        assert a["rel_l2"] < 1e-4 and a["wall"] < 120, name
    slowest = max(a["wall"] for a in new.values())
    median = statistics.median(a["rel_l2"] for a in new.values())
    ratios = [a["estimate"] / a["rel_l2"] for a in new.values()]
    quotes(bench, f"within 120 s (the slowest {slowest:.1f} s), with a median of {e2(median)}",
           f"The estimates are {min(ratios):.2f}x-{max(ratios):.0f}x their errors.")  # fmt: skip


def test_section_63_the_runner_up(bench):
    rows = load("runner_up_apart_session42.json")["rows"]

    def g2(v):
        return f"{v:.2g}"

    for r in rows:
        error, s, apart = r["rel_l2"], r["estimate"], r["runner_up_apart"]
        assert apart == pytest.approx(
            r["runner_up_difference"] / (s + r["runner_up_estimate"]), rel=1e-12)  # fmt: skip
        row(bench, "/".join(r["problem"].split("/")[-2:])[:-3], e2(error), g2(s / error),
            f"{e2(r['runner_up_rel_l2'])} / {e2(r['runner_up_estimate'])}",
            e2(r["runner_up_difference"]), g2(apart), g2(s * max(1, apart) / error))  # fmt: skip
    plain = [r["estimate"] / r["rel_l2"] for r in rows]
    assert sum(q < 0.1 for q in plain) == 8
    quotes(bench, f"8 estimates are below a tenth of their errors (as low as {min(plain):.2g}x)")
    to_runner = [r["runner_up_difference"] / r["runner_up_rel_l2"] for r in rows]
    quotes(bench, f"{statistics.median(to_runner):.2f}x of it at the median "
           f"({min(to_runner):.2g}x-{max(to_runner):.2g}x)")  # fmt: skip
    assert sum(r["runner_up_rel_l2"] > r["rel_l2"] for r in rows) == 38
    to_chosen = [r["runner_up_difference"] / r["rel_l2"] for r in rows]
    assert sum(q < 1 for q in to_chosen) == 3
    quotes(bench, f"it lies below the chosen solution's error on 3 files "
           f"({min(to_chosen):.2f}x at the least)")  # fmt: skip
    from pinnls.training import validation

    flagged = [r for r in rows if r["runner_up_apart"] > validation.APART_NOTE]
    below = [r for r in rows if r["estimate"] < r["rel_l2"]]
    assert len(flagged) == 7 and sum(r["estimate"] < r["rel_l2"] for r in flagged) == 6
    (seventh,) = [r for r in flagged if r["estimate"] >= r["rel_l2"]]
    assert seventh["problem"].endswith("poisson_3d_box.py")
    box = (seventh["runner_up_rel_l2"] / seventh["runner_up_estimate"],
           e2(seventh["runner_up_estimate"]), e2(seventh["runner_up_rel_l2"]))  # fmt: skip
    quotes(bench, "poisson_3d_box only the runner-up's, {:.1f}x ({} against {})".format(*box))
    assert len(below) == 19
    quotes(bench, "`apart` above 2 on 7 files", "**Above 10 on 4**",
           "the less accurate of the two on 38 files")  # fmt: skip
    named = {r["problem"].split("/")[-1][:-3]: r for r in flagged}
    four = ["wave_standing_plus_travelling", "bump", "membrane", "telegraph_distortionless"]
    reads = [named[n]["rel_l2"] / named[n]["estimate"] for n in four]
    assert all(q > 10 for q in reads)
    quotes(bench, f"the chosen estimate reads {min(reads):.0f}x-{max(reads):.0f}x low")
    pair = [named[n] for n in ("advdiff_lshape", "darcy_2d")]
    quotes(bench, "it reads {:.1f}x and {:.1f}x low and the runner-up's {:.0f}x and {:.1f}x".format(
        *(r["rel_l2"] / r["estimate"] for r in pair),
        *(r["runner_up_rel_l2"] / r["runner_up_estimate"] for r in pair)))  # fmt: skip
    twice = [r for r in rows if r["rel_l2"] >= 2 * r["estimate"]]
    assert len(twice) == 13
    assert sum(r["runner_up_apart"] > validation.APART_NOTE for r in twice) == 4
    quotes(bench, "Of the 13 estimates that read 2x low or more, 4 are flagged",
           f"`apart` is above 1 on {sum(r['runner_up_apart'] > 1 for r in rows)}.")  # fmt: skip
    over = [r["runner_up_difference"] / (r["rel_l2"] + r["runner_up_rel_l2"]) for r in rows]
    quotes(bench, f"exceeded the two errors' sum on {sum(q > 1 for q in over)} of the 39 files, "
           f"by {(max(over) - 1) * 100:.0f}% at most")  # fmt: skip
    assert validation.APART_NOTE == 2
    lshape = next(r for r in rows if r["problem"].endswith("advdiff_lshape.py"))
    assert lshape["runner_up_apart"] > lshape["runner_up_rel_l2"] / lshape["runner_up_estimate"]
    quotes(bench, f"reads {lshape['runner_up_rel_l2'] / lshape['runner_up_estimate']:.0f}x low "
           f"({e2(lshape['runner_up_estimate'])} against {e2(lshape['runner_up_rel_l2'])}): "
           f"`apart` ({lshape['runner_up_apart']:.0f}) exceeds")  # fmt: skip
    warned = sorted(r["problem"].split("/")[-1][:-3] for r in rows if r["runner_up_apart"] > 10)
    assert warned == ["advdiff_lshape", "bump", "membrane", "wave_standing_plus_travelling"]
    missed = [r for r in rows if r["estimate"] < 0.1 * r["rel_l2"] and r["runner_up_apart"] < 2]
    assert sorted(r["problem"].split("/")[-1][:-3] for r in missed) == [
        "anisotropic_pacman", "helmholtz_pacman_robin", "poisson_notch_mixed",
        "reaction_slit_315"]  # fmt: skip
    aparts = [r["runner_up_apart"] for r in missed]
    quotes(bench, f"have `apart` of {min(aparts):.2f}-{max(aparts):.1f}")
    lifted = [r["estimate"] * max(1, r["runner_up_apart"]) / r["rel_l2"] for r in rows]
    quotes(bench, f"lift the ratios' median from {statistics.median(plain):.1f} to "
           f"{statistics.median(lifted):.1f} and leave {sum(q < 0.1 for q in lifted)} below a "
           f"tenth instead of 8")  # fmt: skip
    assert validation.APART_WARNING == 10 and validation.DIFFERENCE_POINTS == 4096
    # the guide's example: the narrow bump
    bump = next(r for r in rows if r["problem"].endswith("one_axis/bump.py"))
    guide = text("docs/guide.md")
    quotes(guide, f"(a narrow bump: estimate {e(bump['estimate'])}, error {e(bump['rel_l2'])};")
    quotes(text("docs/cli.md"), f"`validation {bump['estimate']:.3e} (it or the next-best "
           f"stage's, {bump['runner_up_estimate']:.1e}, reads low: the two lie "
           f"{bump['runner_up_difference']:.1e} apart, "
           f"{bump['runner_up_apart']:.2g}x their estimates)` (`benchmarks/one_axis/bump.py`, "
           f"whose error is {e(bump['rel_l2'])})")  # fmt: skip
    low = [r["rel_l2"] / r["estimate"] for r in rows if r["runner_up_apart"] > 10
           and r["estimate"] < 0.1 * r["rel_l2"]]  # fmt: skip
    assert len(low) == 3
    quotes(guide, f"three of which had estimates {min(low):.0f}x-{max(low):.0f}x below their "
           "errors")  # fmt: skip
    times = sorted(r["runner_up_rel_l2"] / r["rel_l2"] for r in missed)
    for doc in (guide, bench):
        quotes(doc, f"error {times[0]:.0e}-{times[-1]:.0e} times the chosen one's".replace(
            "e+0", "e").replace("e+", "e"))  # fmt: skip
    later = next(r["after"] for r in load("runner_up_session42.json")["rows"]
                 if r["problem"].endswith("initial_from_later.py"))  # fmt: skip
    assert later["stages"] == 1
    quotes(guide, f"estimate {e(later['estimate'])}, error {e(later['rel_l2'])}, and nothing")


def test_section_64_one_stage_with_and_without_the_fast_path(bench):
    data = load("cod_fast_path_stages_session43.json")
    assert "benchmarks/cod_fast_path.py" in data["command"] and data["repeats"] == 2
    for r in data["rows"]:
        fast, slow = r["runs"]["fast path"], r["runs"]["xGELSY"]
        med = r["median"]
        row(bench, r["problem"], r["width"], f"{fast[-1]['rank']} / {slow[-1]['rank']}",
            f"{med['fast path']['seconds']:.1f} / {med['xGELSY']['seconds']:.1f}",
            f"{med['fast path']['small']:.2f} / {med['xGELSY']['small']:.2f}",
            f"{med['xGELSY']['seconds'] / med['fast path']['seconds']:.2f}",
            f"{fast[-1]['rel_l2']:.3e} / {slow[-1]['rel_l2']:.3e}")  # fmt: skip
        # both sides agree on rank and error (four digits), whichever path solved
        assert all(a["rank"] == b["rank"] for a, b in zip(fast, slow))
        assert all(a["rel_l2"] == pytest.approx(b["rel_l2"], rel=1e-4) for a, b in zip(fast, slow))
    full = [r for r in data["rows"] if r["runs"]["fast path"][0]["rank"] == r["width"] + 1]
    assert len(full) == 4
    fast = [r["median"]["fast path"]["small"] for r in full]
    slow = [r["median"]["xGELSY"]["small"] for r in full]
    quotes(bench, f"the small step, the inverse included, goes from {min(slow):.1f}-"
           f"{max(slow):.1f} s to {min(fast):.2f}-{max(fast):.2f} s")  # fmt: skip
    wide = [r["median"]["xGELSY"]["seconds"] / r["median"]["fast path"]["seconds"]
            for r in full if r["width"] > 4000]  # fmt: skip
    quotes(bench, f"of width 4096-4352 is {min(wide):.2f}x-{max(wide):.2f}x faster")
    at2048 = [r["median"]["xGELSY"]["small"] for r in full if r["width"] == 2048]
    quotes(bench, f"at 2048, {min(at2048):.1f}-{max(at2048):.1f} s in the table above")
    (deficient,) = [r for r in data["rows"] if r not in full]
    rank = deficient["runs"]["fast path"][0]["rank"]
    quotes(bench, f"(rank {rank} of {deficient['width'] + 1}) takes xGELSY on both sides")
    heat = [r for r in full if r["problem"] == "heat2d_pulsing_heater" and r["width"] == 4352]
    quotes(bench, "{:.2f} s of a {:.1f} s stage of width 4352".format(
        heat[0]["median"]["xGELSY"]["small"], heat[0]["median"]["xGELSY"]["seconds"]))  # fmt: skip


def test_section_64_side_by_side(bench):
    data = _side_by_side("cod_fast_path_session43.json", 35)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s43/old"
    keys = ("width", "scale", "stages", "stop_reason", "slabs", "activation", "axis_scales")
    for r in data["rows"]:
        assert all(r["before"][k] == r["after"][k] for k in keys), r["problem"]
    same = [r for r in data["rows"] if not _moved(r)]
    assert len(same) == 27
    quotes(bench, "27 give the same error and estimate to every digit, and 8 differ at the level")
    moved = {r["problem"]: r for r in data["rows"] if _moved(r)}
    fixed = moved.pop("problems/advection_constant.py")
    quotes(bench, f"from {e2(fixed['before']['rel_l2'])} to {e2(fixed['after']['rel_l2'])}")

    def change(r, k):
        return abs(r["after"][k] - r["before"][k]) / r["before"][k]

    largest = max(moved.values(), key=lambda r: change(r, "rel_l2"))
    assert largest["problem"].endswith("swirl_pulse.py")
    assert all(change(r, "estimate") <= change(largest, "rel_l2") for r in moved.values())
    quotes(bench, f"the largest change on a run of the automatic strategy is "
           f"{change(largest, 'rel_l2'):.1e} relative")  # fmt: skip
    long = [r for r in data["rows"] if r["before"]["wall"] > 20]
    assert len(long) == 20
    for r in long:
        _estimate_row(bench, r)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in long]
    rest = [r for r in data["rows"] if r not in long]
    before, after = (sum(r[k]["wall"] for r in rest) for k in ("before", "after"))
    quotes(bench, f"They take {min(ratios):.2f}x-{max(ratios):.2f}x the time (median "
           f"{statistics.median(ratios):.2f}x); the 15 others, "
           f"{before:.1f} s before and {after:.1f} s after")  # fmt: skip
    by = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}

    def span(names):
        q = [by[n]["after"]["wall"] / by[n]["before"]["wall"] for n in names]
        return f"{min(q):.2f}x-{max(q):.2f}x"

    quotes(bench, "(stages of width 4096-4608) ran " + span(
               ["advdiff_channel_source", "heat2d_pulsing_heater", "swirl_pulse"]),
           "wave_box_reflecting and wave_variable_speed " + span(
               ["helmholtz_variable_k", "wave_box_reflecting", "wave_variable_speed"]),
           "ran " + span(["acoustics_characteristic", "acoustics_wall", "darcy_2d"]))  # fmt: skip
    assert all(by[n]["after"]["width"] <= 1024
               for n in ("acoustics_characteristic", "acoustics_wall", "darcy_2d"))  # fmt: skip
    assert {by[n]["after"]["width"] for n in ("advdiff_channel_source", "heat2d_pulsing_heater",
                                              "swirl_pulse")} == {4096, 4352, 4608}  # fmt: skip
    # the files still short of 1e-4, on this code
    short = ["advdiff_channel_source", "heat2d_pulsing_heater", "swirl_pulse",
             "elastic_plane_waves", "wave_3d", "tshape_heat_bump", "wave_box_reflecting",
             "advdiff_channel_time"]  # fmt: skip
    for name in short:
        assert by[name]["after"]["rel_l2"] > 1e-4
        quotes(bench, f"{name} {e2(by[name]['after']['rel_l2'])}")
    assert f"{by['advdiff_pulse_channel']['after']['rel_l2']:.2f}" == "0.27"
    others = [
        r
        for r in data["rows"]
        if "/user41/" not in r["problem"]
        and r["problem"].split("/")[-1][:-3] not in short + ["advdiff_pulse_channel"]
    ]
    assert all(r["after"]["rel_l2"] <= 1e-4 or "initial_from_later" in r["problem"]
               or "source_from_sensors" in r["problem"] for r in others)  # fmt: skip
    tshape = by["tshape_heat_bump"]["after"]
    assert tshape["width"] == 4352
    quotes(bench, f"gives {e2(tshape['rel_l2'])} at width 4352 on every commit since b8366ff")
    # the eight new files
    new = {n: r["after"] for n, r in by.items() if "/user41/" in r["problem"]}
    assert len(new) == 8
    for name, a in new.items():
        row(bench, name, e2(a["rel_l2"]), e2(a["estimate"]), f"{a['wall']:.1f}", a["width"],
            a["stop_reason"])  # fmt: skip
        assert a["rel_l2"] < 1e-4 and a["wall"] < 120, name
    ratios = [a["estimate"] / a["rel_l2"] for a in new.values()]
    wave = new["wave_variable_speed"]
    quotes(bench, f"(the slowest {max(a['wall'] for a in new.values()):.1f} s",
           f"with a median of {e2(statistics.median(a['rel_l2'] for a in new.values()))}",
           f"The estimates are {min(ratios):.2f}x-{max(ratios):.0f}x their errors",
           f"wave_variable_speed's reads {wave['rel_l2'] / wave['estimate']:.1f}x "
           f"low (its runner-up is {wave['runner_up_apart']:.1f} apart")  # fmt: skip


def test_section_64_the_committed_code(bench):
    data = _side_by_side("cod_fast_path_exact_session43.json", 13)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s43/new"
    measured = {r["problem"]: r["after"] for r in load("cod_fast_path_session43.json")["rows"]}
    keys = ("rel_l2", "estimate", "width", "scale", "stages", "stop_reason")
    for r in data["rows"]:
        # the before side is the measured tree: the side by side's after side, run again
        assert all(r["before"][k] == measured[r["problem"]][k] for k in keys), r["problem"]
    moved = [r for r in data["rows"] if _moved(r)]
    assert [r["problem"].split("/")[-1] for r in moved] == ["advdiff_channel_source.py"]
    first = {r["problem"]: r["before"] for r in load("cod_fast_path_session43.json")["rows"]}
    (source,) = moved
    assert source["after"]["rel_l2"] == first[source["problem"]]["rel_l2"]
    assert source["after"]["width"] == 4608
    assert sorted(r["after"]["width"] for r in data["rows"])[:2] == [1024, 2304]
    assert sum(r["after"]["width"] >= 2304 for r in data["rows"]) == 12
    narrow = [r["problem"] for r in data["rows"] if r["after"]["width"] == 1024]
    assert narrow == ["problems/acoustics_characteristic.py"]
    error = e2(source["after"]["rel_l2"])
    quotes(bench, "12 give the measured tree's error and estimate to every digit",
           f"advdiff_channel_source gives the before side's ({error}")  # fmt: skip


def test_section_65_one_stage_three_assemblies(bench):
    rows = []
    for name in ("tiled_assembly_narrow_session44.json", "tiled_assembly_wide_session44.json"):
        data = load(name)
        assert "benchmarks/tiled_assembly.py" in data["command"] and data["repeats"] == 2
        rows += data["rows"]
    assert len(rows) == 6
    for r in rows:
        new, old = r["runs"]["packed, tiled"], r["runs"]["per term"]
        packed = r["runs"]["packed"]
        med = r["median"]
        row(bench, r["problem"], r["width"], new[-1]["rows"],
            f"{new[-1]['chunks']} / {old[-1]['chunks']}",
            f"{med['packed, tiled']:.1f} / {med['packed']:.1f} / {med['per term']:.1f}",
            f"{med['per term'] / med['packed, tiled']:.2f}",
            f"{new[-1]['rel_l2']:.3e} / {old[-1]['rel_l2']:.3e}")  # fmt: skip
        # one chunk packed is the per-term chunks joined: the same digits
        if new[-1]["chunks"] == old[-1]["chunks"] == 1:
            assert all(p["rel_l2"] == o["rel_l2"] and p["rank"] == o["rank"]
                       for p, o in zip(packed, old))  # fmt: skip
        full = new[-1]["rank"] == r["width"] + 1
        assert full == (r["problem"] != "advection_gauss"), r["problem"]
        if full:
            assert all(n["rel_l2"] == pytest.approx(o["rel_l2"], rel=1e-4)
                       for n, o in zip(new, old))  # fmt: skip
    wide = [r for r in rows if r["width"] > 4000]
    ratios = [r["median"]["per term"] / r["median"]["packed, tiled"] for r in wide]
    quotes(bench, f"a fifth or more of the stage off: {min(ratios):.2f}x-{max(ratios):.2f}x")
    narrow = [r["median"]["per term"] / r["median"]["packed, tiled"]
              for r in rows if r["width"] < 4000]  # fmt: skip
    quotes(bench, f"noise ({min(narrow):.2f}x-{max(narrow):.2f}x")
    heat = next(r for r in wide if r["problem"] == "heat2d_pulsing_heater")
    swirl = next(r for r in wide if r["problem"] == "swirl_pulse")
    assert heat["runs"]["packed"][-1]["chunks"] == 2 and heat["runs"]["per term"][-1]["chunks"] == 6
    assert heat["runs"]["packed, tiled"][-1]["rows"] == 32768 > 30833 == 2**27 // 4353
    quotes(bench, f"six chunks to two: {heat['median']['per term']:.1f} s to "
           f"{heat['median']['packed']:.1f} s",
           f"one chunk either way: {swirl['median']['packed']:.1f} s to "
           f"{swirl['median']['packed, tiled']:.1f} s")  # fmt: skip
    gauss = [r for r in rows if r["problem"] == "advection_gauss"]
    ranks = [(r["runs"]["packed, tiled"][-1]["rank"], r["runs"]["per term"][-1]["rank"])
             for r in gauss]  # fmt: skip
    quotes(bench, f"rank {ranks[0][0]} and {ranks[0][1]} of 2049, {ranks[1][0]} and "
           f"{ranks[1][1]} of 3073")  # fmt: skip


def test_section_65_side_by_side(bench):
    rows, moved = _changed_rows("packed_chunks_session44.json", 16, "/tmp/s44/before")
    for r in rows.values():
        _estimate_row(bench, r)
    keys = ("width", "scale", "stages", "stop_reason", "slabs", "activation", "axis_scales")
    same = [n for n, r in rows.items() if all(r["before"][k] == r["after"][k] for k in keys)]
    assert len(same) == 15 and "problems/acoustics_wall" not in same
    quotes(bench, "15 of the 16 run the same stages")
    budget = [r for r in rows.values() if r["before"]["stop_reason"] == "budget"]
    assert len(budget) == 8
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in budget]
    quotes(bench, f"the eight budget-bound runs (all of three axes or more) end in "
           f"{min(ratios):.2f}x-{max(ratios):.2f}x the time")  # fmt: skip
    wide = [r["after"]["wall"] / r["before"]["wall"] for r in budget if r["after"]["width"] >= 4096]
    rest = [r["after"]["wall"] / r["before"]["wall"] for r in budget if r["after"]["width"] < 4096]
    assert len(wide) == len(rest) == 4
    narrow = {r["after"]["width"] for r in budget if r["after"]["width"] < 4096}
    assert narrow == {2304, 2560, 2816, 3328}
    quotes(bench, f"widest stage is 4096-4608 wide ({min(wide):.2f}x-{max(wide):.2f}x)",
           f"(widths 2304-3328, {min(rest):.2f}x-{max(rest):.2f}x)")  # fmt: skip

    def change(r):
        return abs(r["after"]["rel_l2"] - r["before"]["rel_l2"]) / r["before"]["rel_l2"]

    deficient = ("user33/wave_box_reflecting", "problems/rotation_2d")
    kept = [n for n, r in rows.items() if r in budget and n not in deficient]
    rest = [change(rows[n]) for n in kept + ["user27b/advdiff_channel_time"]]
    quotes(bench, f"Their errors, and advdiff_channel_time's, are the same to {max(rest):.1e} "
           "relative, but for two")  # fmt: skip
    assert all(change(rows[n]) > max(rest) for n in deficient)
    assert set(moved) - set(deficient) - {"problems/acoustics_wall", "problems/darcy_2d"} == {
        n for n, r in rows.items() if r in budget and n not in deficient
    } | {"user27b/advdiff_channel_time"}
    assert len(rows) - len(moved) == 5
    quotes(bench, "Five give the same digits")
    short = [n for n, r in rows.items() if "/user" in r["problem"] or "systems2" in n]
    assert len(short) == 9 and all(rows[n]["after"]["rel_l2"] > 1e-4 for n in short)
    box = rows["user33/wave_box_reflecting"]["after"]
    quotes(bench, f"but for wave_box_reflecting, {e2(box['rel_l2'])} here")


# Section 66 --------------------------------------------------------------------------------


def test_section_66_points_from_a_narrower_stage(bench):
    data = load("adapted_points_session45.json")
    assert "benchmarks/adapted_points.py" in data["command"]
    rows = {r["problem"]: r for r in data["rows"]}
    assert len(rows) == 9
    for name, r in rows.items():
        sides = r["sides"]
        assert list(sides) == ["uniform", "from narrow", "from exact"]
        assert (r["narrow_width"], r["wide_width"], r["fraction"]) == (1024, 2048, 0.9)

        def cells(key, sides=sides):
            return " / ".join(e2(v[key]) for v in sides.values())

        row(bench, name, e2(r["narrow_rel_l2"]), cells("rel_l2"), cells("estimate"))
    far = [n for n, r in rows.items() if r["narrow_rel_l2"] > 1e-3]
    assert sorted(far) == sorted(["heat2d_pulsing_heater", "advdiff_channel_source", "wave_3d",
                                  "swirl_pulse", "tshape_heat_bump"])  # fmt: skip
    gains = {n: rows[n]["sides"]["uniform"]["rel_l2"] / rows[n]["sides"]["from narrow"]["rel_l2"]
             for n in far}  # fmt: skip
    four = [g for n, g in gains.items() if n != "tshape_heat_bump"]
    quotes(bench, f"cut the error at width 2048 by {min(four):.2f}x-{max(four):.2f}x")
    heat = rows["heat2d_pulsing_heater"]["sides"]
    quotes(bench, f"heater {e2(heat['uniform']['rel_l2'])} to {e2(heat['from narrow']['rel_l2'])}")
    exact = {n: rows[n]["sides"]["from narrow"]["rel_l2"] / rows[n]["sides"]["from exact"]["rel_l2"]
             for n in far if n != "tshape_heat_bump"}  # fmt: skip
    better = sorted(v for v in exact.values() if v > 1)
    assert len(better) == 2 and exact["heat2d_pulsing_heater"] > 1 and exact["swirl_pulse"] > 1
    quotes(bench, f"{better[0]:.2f}x-{better[1]:.2f}x better than the narrow solution's")
    source = rows["advdiff_channel_source"]["sides"]
    assert source["from exact"]["rel_l2"] > source["uniform"]["rel_l2"]
    t = rows["tshape_heat_bump"]["sides"]
    assert t["from narrow"]["rel_l2"] < t["uniform"]["rel_l2"]
    assert t["from narrow"]["estimate"] > 2 * t["uniform"]["estimate"]
    unmasked = data["unmasked"]["rows"][0]["sides"]["from narrow"]
    quotes(bench, f"{e2(unmasked['rel_l2'])}, its estimate {e2(unmasked['estimate'])}")
    near = {n: r["sides"]["from narrow"]["rel_l2"] / r["sides"]["uniform"]["rel_l2"]
            for n, r in rows.items() if r["narrow_rel_l2"] < 1e-3}  # fmt: skip
    assert near["rotation_2d"] > 2 and near["transport_shear_2d"] > 10
    assert near["advection_diffusion_2d"] < 1 and near["heat_anisotropic_2d"] < 1
    quotes(bench, f"rotation_2d {near['rotation_2d']:.1f}x worse",
           f"transport_shear_2d {near['transport_shear_2d']:.0f}x")  # fmt: skip


def test_section_66_side_by_side(bench):
    rows, moved = _changed_rows("points_before_after_session45.json", 16, "/tmp/s45/base")
    for r in rows.values():
        _estimate_row(bench, r)
    ran = {n for n, r in rows.items() if r["after"]["adapted_stages"]}
    short = {n for n, r in rows.items() if "/user" in r["problem"] or "systems2" in n}
    assert ran == short and len(ran) == 9
    won = {n for n, r in rows.items() if r["after"]["adapted"]}
    assert won == {"user39/advdiff_channel_source", "user26/heat2d_pulsing_heater",
                   "user19/swirl_pulse", "user27b/advdiff_channel_time",
                   "systems2/elastic_plane_waves"}  # fmt: skip
    assert set(moved) == won | {"user23/wave_3d", "user30/tshape_heat_bump"}
    under = [n for n in won if rows[n]["after"]["rel_l2"] < 1e-4]
    assert sorted(under) == ["user19/swirl_pulse", "user39/advdiff_channel_source"]
    assert all(rows[n]["after"]["wall"] < 120 for n in won)
    walls = [rows[n]["after"]["wall"] for n in won - {"systems2/elastic_plane_waves"}]
    quotes(bench, f"under 120 s ({min(walls):.1f}-{max(walls):.1f} s)")
    for n, r in rows.items():
        if n not in ran:
            assert not _moved(r) and r["before"]["stages"] == r["after"]["stages"], n
    stages = {f["report"]: f["stages"] for f in load("points_stages_session45.json")["files"]}
    elastic = stages["3_elastic_plane_waves_after.json"]
    trial = next(st for st in elastic if st["adapted"] and st["kind"] == "probe")
    box = next(st for st in elastic if st["width"] == 1024 and st["scale"] == trial["scale"])
    quotes(bench, f"({e2(trial['estimate'])} against {e2(box['estimate'])})",
           f"the trial's {trial['planned']:.2f} planned seconds")  # fmt: skip
    t = stages["5_tshape_heat_bump_after.json"]
    trial = next(st for st in t if st["adapted"])
    box = next(st for st in t if st["width"] == 1024 and st["axis_scales"] == trial["axis_scales"]
               and st["scale"] == trial["scale"] and not st["adapted"])  # fmt: skip
    retry = [st for st in t if st["kind"] == "grow"][-1]
    bar = trial["estimate"] / 1.25 ** (2 / 3)
    quotes(bench, f"the trial read {trial['estimate']:.4f} against Box's {box['estimate']:.4f}",
           f"its steeper retry read {retry['estimate']:.4f}, "
           f"{trial['estimate']:.4f} / 1.16 being {bar:.4f}")  # fmt: skip
    # the trials that lost, against Box's stage at their width, steepness and factors
    below = []
    for report, listed in stages.items():
        for i, st in enumerate(listed):
            if not (st["adapted"] and st["kind"] == "probe"):
                continue
            same = ("width", "scale", "axis_scales")
            box = min(o["estimate"] for o in listed[:i]
                      if all(o[k] == st[k] for k in same) and not o["adapted"])  # fmt: skip
            lost = not any(o["adapted"] for o in listed[i + 1 :])  # growth drew none
            if lost and st["estimate"] < box:
                below.append(report)
    lost_reports = [r for r in stages if r.endswith("_after.json")]
    assert len(lost_reports) == 5 and below == ["5_tshape_heat_bump_after.json"]
    mend = _side_by_side("points_mend_session45.json", 2)["rows"]
    tshape = next(r for r in mend if "tshape" in r["problem"])
    before = rows["user30/tshape_heat_bump"]["before"]
    keys = ("rel_l2", "estimate", "width", "scale", "stop_reason")
    assert all(tshape["after"][k] == before[k] for k in keys)
    assert tshape["after"]["stages"] == before["stages"] + 1  # the trial
    mended = tshape["after"]
    quotes(bench, f"tshape_heat_bump gives {e2(mended['rel_l2'])} as the defaults did, the "
           f"trial one stage more ({mended['wall']:.1f} s against "
           f"{tshape['before']['wall']:.1f} s)")  # fmt: skip
    wave = next(r for r in mend if "wave_3d" in r["problem"])["after"]
    assert wave["rel_l2"] == rows["user23/wave_3d"]["after"]["rel_l2"]


def test_section_67_a_sketch_that_preconditions_lsqr(bench):
    data = load("sketch_precondition_session46.json")
    assert "benchmarks/sketch_precondition.py" in data["command"]
    rows = data["rows"]
    assert len(rows) == 10
    for r in rows:
        row(bench, r["problem"], r["width"], r["path"], f"{r['seconds']:.1f}", r["iterations"],
            r["rank"], f"{r['residual']:.3e}", e2(r["rel_l2"]), e2(r["estimate"]))  # fmt: skip
    pairs = {}
    for r in rows:
        pairs.setdefault(r["problem"], {})["direct" if r["way"] == "direct" else "sketch"] = r
    clear = {n: p for n, p in pairs.items() if p["sketch"]["path"] == "clear"}
    assert sorted(clear) == ["heat2d_pulsing_heater", "swirl_pulse"]
    for p in clear.values():  # the same answer to three digits
        assert e2(p["sketch"]["rel_l2"]) == e2(p["direct"]["rel_l2"])
        assert e2(p["sketch"]["estimate"]) == e2(p["direct"]["estimate"])
    shares = sorted(p["sketch"]["seconds"] / p["direct"]["seconds"] for p in clear.values())
    gains = sorted(1 / s for s in shares)
    quotes(bench, f"in {shares[0]:.2f}x-{shares[1]:.2f}x the time of the least squares: "
           f"{gains[0]:.2f}x-{gains[1]:.2f}x")  # fmt: skip
    its = sorted(p["sketch"]["iterations"] for p in clear.values())
    quotes(bench, f"its {its[0]}-{its[1]} iterations each read the whole matrix")
    pivoted = {n: p for n, p in pairs.items() if p["sketch"]["path"] == "pivoted"}
    assert len(pivoted) == 3
    for name, p in pivoted.items():  # fewer columns kept, and a worse answer
        assert p["sketch"]["rank"] < p["direct"]["rank"], name
        assert p["sketch"]["rel_l2"] > p["direct"]["rel_l2"], name
    rot, ac = pivoted["rotation_2d"], pivoted["acoustics_wall"]
    for p in (rot, ac):
        assert p["sketch"]["rel_l2"] > 1e5 * p["direct"]["rel_l2"]  # five orders and more
    quotes(bench, "(1,828 against 2,064 on rotation_2d, 596 against 687 on acoustics_wall)")
    quotes(bench, f"rotation_2d {e2(rot['direct']['rel_l2'])} to {e2(rot['sketch']['rel_l2'])}, "
           f"acoustics_wall {e2(ac['direct']['rel_l2'])} to "
           f"{e2(ac['sketch']['rel_l2'])}")  # fmt: skip
    assert (rot["sketch"]["rank"], rot["direct"]["rank"]) == (1828, 2064)
    assert (ac["sketch"]["rank"], ac["direct"]["rank"]) == (596, 687)


def test_section_68_two_points_per_column_on_a_system_of_waves(bench):
    rows, moved = _changed_rows("wave_faces_session46.json", 8, "/tmp/s46/before")
    for r in rows.values():
        _estimate_row(bench, r)
    assert len(moved) == 8
    lower = {n: r["before"]["rel_l2"] / r["after"]["rel_l2"] for n, r in rows.items()
             if r["after"]["rel_l2"] < r["before"]["rel_l2"]}  # fmt: skip
    assert len(lower) == 6
    for n in lower:  # each at a wider last stage
        assert rows[n]["after"]["width"] > rows[n]["before"]["width"], n
    quotes(bench, f"Six are lower in rel L2 ({min(lower.values()):.2f}x-"
           f"{max(lower.values()):.1f}x)")  # fmt: skip
    elastic = rows["systems2/elastic_plane_waves"]["after"]
    assert elastic["rel_l2"] < 1e-4 and elastic["wall"] < 120
    higher = {n: r["after"]["rel_l2"] / r["before"]["rel_l2"] for n, r in rows.items()
              if n not in lower}  # fmt: skip
    assert sorted(higher) == ["systems2/acoustics_diagonal_pulse", "user33/acoustics_duct_2d"]
    for n in higher:
        r = rows[n]
        assert r["after"]["width"] == r["before"]["width"]
        assert r["after"]["scale"] == r["before"]["scale"]
        assert r["after"]["wall"] < r["before"]["wall"]
    quotes(bench, f"acoustics_diagonal_pulse {higher['systems2/acoustics_diagonal_pulse']:.2f}x "
           f"and acoustics_duct_2d {higher['user33/acoustics_duct_2d']:.2f}x")  # fmt: skip
    walls = [r["after"]["wall"] for r in rows.values()]
    assert max(walls) < 120
    quotes(bench, f"under 120 s ({min(walls):.1f}-{max(walls):.1f} s)")
    sw = rows["user31/shallow_water_2d"]
    assert (sw["before"]["scale"], sw["after"]["scale"]) == (2.0, 3.0)
    modes = rows["systems2/acoustics_room_modes"]
    assert (modes["before"]["scale"], modes["after"]["scale"]) == (1.5, 2.0)
    others = [r for n, r in rows.items() if n not in (
        "user31/shallow_water_2d", "systems2/acoustics_room_modes")]  # fmt: skip
    assert all(r["before"]["scale"] == r["after"]["scale"] for r in others)


def test_section_69_the_fold_alone(bench):
    data = load("fold_rows_session47.json")
    assert "benchmarks/fold_rows.py" in data["command"] and data["repeats"] == 3
    assert data["panel"] == 256
    quotes(bench, "(`FOLD_PANEL` = 256 columns)")
    rows = data["rows"]
    assert len(rows) == 6
    for r in rows:
        path = "panels" if r["folded_by_fold_rows"] else "stacked"
        assert r["folded_by_fold_rows"] == (r["m"] <= r["n"])
        assert len(r["seconds"]["stacked"]) == len(r["seconds"]["panels"]) == 3
        cells = (f"{r['stacked_seconds']:.2f}", f"{r['panels_seconds']:.2f}",
                 f"{r['ratio']:.2f}", f"{r['difference']:.1e}")  # fmt: skip
        row(bench, r["n"], r["m"], path, *cells)
        assert r["difference"] < 1e-14
        # folded where it is the faster, stacked where it is not
        assert (r["ratio"] > 1) == r["folded_by_fold_rows"]
    heater = rows[0]
    assert (heater["n"], heater["m"]) == (4353, 1935)
    quotes(bench, f"folds in half the time ({heater['ratio']:.2f}x)",
           f"({heater['difference']:.1e} of the largest entry")  # fmt: skip


def test_section_69_the_fold_side_by_side(bench):
    rows, moved = _changed_rows("fold_before_after_session47.json", 16, "/tmp/s47/before")
    assert sorted(moved) == [
        "user26/heat2d_pulsing_heater",
        "user27b/advdiff_channel_time",
        "user30/tshape_heat_bump",
        "user39/advdiff_channel_source",
    ]
    quotes(bench, "Twelve give the same rel L2, estimate and stages to every digit")
    for n, r in rows.items():
        b, a = r["before"], r["after"]
        assert b["stages"] == a["stages"] and b["width"] == a["width"], n
        if n not in moved:
            assert (b["rel_l2"], b["estimate"]) == (a["rel_l2"], a["estimate"]), n
    for r in moved.values():
        _estimate_row(bench, r)
        assert r["before"]["width"] == 4352
    error = max(abs(r["after"]["rel_l2"] / r["before"]["rel_l2"] - 1) for r in moved.values())
    estimate = max(abs(r["after"]["estimate"] / r["before"]["estimate"] - 1)
                   for r in moved.values())  # fmt: skip
    quotes(bench, f"by at most {e2(error)} relative, estimates by at most {e2(estimate)}")
    folded = sorted(r["after"]["wall"] / r["before"]["wall"] for r in moved.values())
    same = sorted(r["after"]["wall"] / r["before"]["wall"]
                  for n, r in rows.items() if n not in moved)  # fmt: skip
    quotes(bench, f"took {folded[0]:.2f}x-{folded[-1]:.2f}x the time, but the twelve unchanged "
           f"files took {same[0]:.2f}x-{same[-1]:.2f}x")  # fmt: skip
    # the gain is not claimed: the folded runs' ratios lie inside the unchanged runs' spread
    assert same[0] <= folded[0] and folded[-1] <= same[-1]


def test_section_70_eight_files_from_a_new_user(bench):
    rows = load("user42_session47.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    assert all("benchmarks/user42/" in r["file"] for r in rows)
    _user_rows(bench, rows)
    assert all(r["rel_l2"] <= 1e-4 and r["axes"] == 3 for r in rows)
    assert all(r["wall"] < 120 for r in rows)
    quotes(
        bench, f"All eight reach 1e-4 (median {e2(statistics.median(r['rel_l2'] for r in rows))})"
    )
    ratios = {r["file"].split("/")[-1][:-3]: r["validation"] / r["rel_l2"] for r in rows}
    beyond = {n: q for n, q in ratios.items() if not 1 / 30 <= q <= 30}
    assert list(beyond) == ["advdiff3d_variable_conductivity"] and beyond[
        "advdiff3d_variable_conductivity"] > 30  # fmt: skip
    conductivity = next(r for r in rows if "variable_conductivity" in r["file"])
    quotes(bench, f"({e2(conductivity['validation'])} against {e2(conductivity['rel_l2'])})")


def test_section_71_the_probes_share_of_the_plan(bench):
    rows, moved = _changed_rows("probe_share_session47.json", 4, "/tmp/s47/before2")
    assert sorted(moved) == ["user43/rotating_shallow_water_kelvin"]
    for n, r in rows.items():
        _estimate_row(bench, r)
        if n not in moved:  # unchanged to every digit, stages too
            b, a = r["before"], r["after"]
            assert (b["rel_l2"], b["estimate"], b["stages"]) == (a["rel_l2"], a["estimate"],
                                                                 a["stages"]), n  # fmt: skip
    kelvin = moved["user43/rotating_shallow_water_kelvin"]
    b, a = kelvin["before"], kelvin["after"]
    # 11 probes, growth to 1280, and the ReLU stage of a poor result with the plan's rest
    assert (b["width"], a["width"]) == (512, 1280) and (b["stages"], a["stages"]) == (24, 13)
    assert [n for n, _ in b["slab_trials"]] == [1] and [n for n, _ in a["slab_trials"]] == [1]
    assert a["rel_l2"] > 1e-4  # still far from the target
    quotes(bench, f"(it loses): {b['rel_l2'] / a['rel_l2']:.2f}x lower in rel L2")


def test_section_71_eight_files_of_other_kinds(bench):
    rows = load("user43_session47.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    assert all("benchmarks/user43/" in r["file"] for r in rows)
    _user_rows(bench, rows)
    missed = [r["file"].split("/")[-1][:-3] for r in rows if r["rel_l2"] > 1e-4]
    assert missed == ["rotating_shallow_water_kelvin"]
    assert all(r["wall"] < 120 for r in rows)
    median = statistics.median(r["rel_l2"] for r in rows)
    quotes(bench, f"Seven of the eight reach 1e-4 (median {e2(median)})")
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    assert all(1 / 30 <= q <= 30 for q in ratios)
    quotes(bench, f"({min(ratios):.2f}x-{max(ratios):.2g}x)")
    kelvin = next(r for r in rows if "kelvin" in r["file"])
    assert kelvin["width"] == 1280 and kelvin["validation"] > 1e-2
    rod = next(r for r in rows if "rod_unknown" in r["file"])
    assert rod["rel_l2"] < 1e-10
    assert "q()" in (ROOT / rod["file"]).read_text()


def test_section_72_sixteen_files_from_new_users(bench):
    rows = load("user44_session48.json") + load("user45_session48.json")
    assert len(rows) == 16 and all(r["status"] == 0 for r in rows)
    assert sum("benchmarks/user44/" in r["file"] for r in rows) == 8
    assert sum("benchmarks/user45/" in r["file"] for r in rows) == 8
    _user_rows(bench, rows)
    assert all(r["rel_l2"] <= 1e-4 and r["wall"] < 120 for r in rows)
    worst = max(r["rel_l2"] for r in rows)
    medians = [statistics.median(r["rel_l2"] for r in rows[i : i + 8]) for i in (0, 8)]
    quotes(bench, f"All sixteen reach 1e-4, the worst at {e2(worst)} (medians {e2(medians[0])} "
           f"and {e2(medians[1])})")  # fmt: skip
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    assert all(1 / 30 <= q <= 30 for q in ratios)
    quotes(bench, f"({min(ratios):.2f}x-{max(ratios):.2g}x)")
    heat = next(r for r in rows if "heat_long_two_gaussians" in r["file"])
    quotes(bench, f"heat_long_two_gaussians trained {heat['wall']:.1f} s for a 60-second plan")


def test_section_72_a_larger_budget_runs_the_same_stages_after_stagnation(bench):
    data = load("stagnation_budget_session48.json")
    short, long = data["rows"]["60"], data["rows"]["240"]
    assert (short["budget"], long["budget"]) == (60.0, 240.0)
    assert short["stop_reason"] == long["stop_reason"] == "stagnation"
    same = ("rel_l2", "validation", "width", "stages", "planned", "widest")
    assert all(short[k] == long[k] for k in same)
    assert short["widest"] == 1536
    quotes(bench, f"rel L2 {e2(short['rel_l2'])}, estimate {e2(short['validation'])}, "
           f"{short['stages']} stages, {short['planned']:.1f} planned seconds spent of 60 and of "
           "240")  # fmt: skip


def test_section_73_the_solve_of_a_rank_deficient_triangle(bench):
    data = load("cod_cost_session48.json")
    assert "cod_cost.py" in data["command"] and data["repeats"] == 3
    for r in data["rows"]:
        assert r["rank_full"] == r["n"] and r["rank_deficient"] < r["n"]
        row(bench, r["n"], r["rank_full"], r["rank_deficient"], f"{r['full_seconds']:.2f}",
            f"{r['deficient_seconds']:.2f}", f"{r['per_cube']:.3e}")  # fmt: skip
    assert max(r["per_cube"] for r in data["rows"]) == pytest.approx(1.29e-10, rel=0.01)


def test_section_73_a_charge_for_it_tried(bench):
    data = _side_by_side("cod_plan_session48.json", 11)
    rows = {"/".join(r["problem"].split("/")[-2:])[:-3]: r for r in data["rows"]}
    for r in rows.values():
        _estimate_row(bench, r)
    narrower = sorted(n for n, r in rows.items() if r["after"]["width"] < r["before"]["width"])
    assert narrower == [
        "problems/acoustics_wall",
        "problems/rotation_2d",
        "user44/wave_rect_standing_travelling",
        "user45/poisson_hole_neumann",
    ]
    assert all(r["after"]["width"] == r["before"]["width"] for n, r in rows.items()
               if n not in narrower)  # fmt: skip
    for n in ("user26/heat2d_pulsing_heater", "user23/wave_3d"):  # of full rank: no charge
        b, a = rows[n]["before"], rows[n]["after"]
        assert (b["rel_l2"], b["stages"]) == (a["rel_l2"], a["stages"])
    hole = rows["user45/poisson_hole_neumann"]
    assert hole["after"]["rel_l2"] / hole["before"]["rel_l2"] == pytest.approx(1.5, abs=0.05)
    quotes(bench, f"1.5x higher in {hole['after']['wall'] / hole['before']['wall']:.2f}x the time")
    assert [r["run"] for r in data["rows"]][:4] == ["second"] * 4


def test_section_74_eight_files_from_a_new_user(bench):
    rows = load("user46_session49.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    assert all("benchmarks/user46/" in r["file"] and r["axes"] == 3 for r in rows)
    _user_rows(bench, rows)
    missed = [r for r in rows if r["rel_l2"] > 1e-4]
    assert [r["name"] for r in missed] == ["advdiff-aniso-river-plume"]
    median = e2(statistics.median(r["rel_l2"] for r in rows))
    plume = e2(missed[0]["rel_l2"])
    quotes(bench, f"(median {median})", "Seven of eight reach 1e-4",
           f"The river plume does not: {plume}")  # fmt: skip
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    assert all(1 / 30 <= q <= 30 for q in ratios)
    quotes(bench, f"({min(ratios):.2f}x-{max(ratios):.2g}x)")
    long = [r["wall"] for r in rows if r["wall"] > 60]
    assert len(long) == 5
    quotes(bench, f"Five runs trained longer than 60 s for their 60-planned-second plans "
           f"({min(long):.1f}-{max(long):.1f} s)")  # fmt: skip
    quotes(text("docs/guide.md"), f"runs of a 60-second plan trained {min(long):.0f}-"
           f"{max(long):.0f} s")  # fmt: skip


def test_section_74_the_cost_model_at_wide_widths(bench):
    data = load("cost_calibration_session49.json")
    assert "calibrate_cost.py --fit" in data["command"]
    rows = data["rows"]
    assert max(r["width"] for r in rows) == 4096 and len(rows) == 24
    for r in rows:
        old = r["seconds_session32"]
        row(bench, r["problem"], r["width"], int(r["features"]["columns"]), r["rank"],
            f"{r['seconds']:.2f}", f"{r['predicted'] / r['seconds']:.2f}",
            "-" if old is None else f"{old:.2f}")  # fmt: skip
    wide = [r["predicted"] / r["seconds"] for r in rows if r["features"]["columns"] >= 3000]
    narrow = [r["predicted"] / r["seconds"] for r in rows if r["features"]["columns"] < 3000]
    assert len(wide) + len(narrow) == len(rows)
    middle = (statistics.median(wide), statistics.median(narrow))
    quotes(bench, f"charged {min(wide):.2f}x-{max(wide):.2f}x of their CPU time (median "
           f"{middle[0]:.2f}x), those of fewer "
           f"{min(narrow):.2f}x-{max(narrow):.2f}x (median {middle[1]:.2f}x)")  # fmt: skip
    # the same stages as section 52's: the machine, not the width
    slower = [r["seconds"] / r["seconds_session32"] for r in rows if r["seconds_session32"]]
    assert len(slower) == 17
    quotes(bench, f"took {min(slower):.2f}x-{max(slower):.2f}x (median "
           f"{statistics.median(slower):.2f}x) their CPU time of")  # fmt: skip
    quotes(text("docs/guide.md"), f"took {min(slower):.1f}x-{max(slower):.1f}x (median "
           f"{statistics.median(slower):.1f}x) their CPU time of section 52's day")  # fmt: skip
    fitted = ", ".join(f"{c:.4g}" if c else "0" for c in data["fitted"])
    quotes(bench, f"`({fitted})`")
    from pinnls.training import cost

    assert tuple(data["constants"]) == cost.CONSTANTS  # kept, not refitted
    old = load("cost_calibration_session32.json")["rows"]
    before = [r["predicted"] / r["seconds"] for r in old]
    quotes(bench, f"{min(narrow + wide):.2f}x-{max(narrow + wide):.2f}x of their CPU time today "
           f"and {min(before):.2f}x-{max(before):.2f}x on section 52's day")  # fmt: skip


def test_section_74_the_bundled_problems_did_not_move(bench):
    data = _side_by_side("bundled_before_after_session49.json", 18)
    assert len({r["problem"] for r in data["rows"]}) == 18
    _same_answers_and_wall(bench, data["rows"], data["rows"])


def _same_answers_and_wall(bench: str, rows: list, same: list) -> None:
    """``same`` rows of a side by side give the same error, estimate, width and stop; the
    docs quote the wall-time ratio of all ``rows``: median and range."""
    for r in same:
        b, a = r["before"], r["after"]
        keys = ("rel_l2", "estimate", "width", "stop_reason")
        assert tuple(b[k] for k in keys) == tuple(a[k] for k in keys), r["problem"]
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in rows]
    quotes(bench, f"at {statistics.median(ratios):.2f}x the wall time (median; "
           f"{min(ratios):.2f}x-{max(ratios):.2f}x)")  # fmt: skip


def test_section_75_eight_transport_files_from_a_new_user(bench):
    rows = load("user47_session50.json")
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    assert all("benchmarks/user47/" in r["file"] for r in rows)
    _user_rows(bench, rows)
    missed = [r for r in rows if r["rel_l2"] > 1e-4]
    assert [r["name"] for r in missed] == ["transport-3d-oblique-blob"]
    median = e2(statistics.median(r["rel_l2"] for r in rows))
    quotes(bench, f"**Seven of eight reach 1e-4** (median {median})",
           f"**The blob does not reach 1e-4**: {e2(missed[0]['rel_l2'])} at width "
           f"{missed[0]['width']}")  # fmt: skip
    seiche = next(r for r in rows if "seiche" in r["name"])
    assert round(seiche["rel_l2"] / seiche["validation"]) == 4
    quotes(bench, f"estimate 4x low ({e2(seiche['validation'])} against {e2(seiche['rel_l2'])}")
    ratios = [r["validation"] / r["rel_l2"] for r in rows]
    assert all(1 / 30 <= q <= 30 for q in ratios)


def test_section_75_the_feet_steps_by_step_doubling(bench):
    data = _side_by_side("feet_steps_session50.json", 12)
    for r in data["rows"]:
        _estimate_row(bench, r)
    better = [r for r in data["rows"] if r["after"]["rel_l2"] < r["before"]["rel_l2"] / 2]
    same = [r for r in data["rows"] if not _moved(r)]
    assert len(better) == 6 and len(same) == 6
    gains = sorted(r["before"]["rel_l2"] / r["after"]["rel_l2"] for r in better)
    quotes(bench, f"**Six files {gains[0]:.0f}x-{gains[-1]:.0f}x more accurate, six with the "
           "same answer to every digit.**")  # fmt: skip
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    strain = rows["transport_conservative_strain"]
    quotes(bench, f"in {strain['after']['wall'] / strain['before']['wall']:.2f}x the time")
    # the first version, one tolerance for every stage
    first = {r["problem"].split("/")[-1][:-3]: r for r in
             _side_by_side("feet_steps_global_session50.json", 12)["rows"]}  # fmt: skip
    gust, swirl, tide = (first[n] for n in ("transport_gusting_wind", "swirl_pulse",
                                            "transport_tidal_estuary"))  # fmt: skip
    quotes(bench, f"cut rotation_2d to {e2(first['rotation_2d']['after']['rel_l2'])}",
           f"the gusting wind {e2(gust['before']['rel_l2'])} to {e2(gust['after']['rel_l2'])}",
           f"the swirl {e2(swirl['before']['rel_l2'])} to {e2(swirl['after']['rel_l2'])} in "
           f"{swirl['after']['wall']:.1f} s against {swirl['before']['wall']:.1f} s",
           f"{e2(tide['before']['rel_l2'])} to {e2(tide['after']['rel_l2'])}.")  # fmt: skip
    from pinnls.numeric import characteristic
    from pinnls.training import stages

    assert characteristic.FEET_TOLERANCE == 1e-10 and stages.FEET_SHARE == 1e-3


def test_section_75_the_blob_s_growth_run_out(bench):
    import types

    from pinnls.training import auto

    data = load("blob_budget400_session50.json")
    assert "--budget 400" in data["command"] and data["stop_reason"] == "budget"
    grown = [st for st in data["stages"] if st["kind"] == "grow" and st["width"] >= 2048]
    for st in grown:
        row(bench, st["width"], e2(st["estimate"]), e2(st["rel_l2_error"]),
            f"{st['planned']:.1f}", f"{st['seconds']:.1f}")  # fmt: skip
    rates = [
        math.log(a["estimate"] / b["estimate"]) / math.log(b["width"] / a["width"])
        for a, b in zip(grown, grown[1:])
    ]
    quotes(bench, f"The rate sped up ({rates[0]:.1f} from 2048 to 3072, {rates[1]:.1f} from "
           f"3072 to 4096, {rates[2]:.1f} from 4096 to 6400)",
           f"{data['wall']:.0f} s of wall time in all, and {e2(data['rel_l2'])} rel L2",
           f"reached {e2(grown[-1]['estimate'])}")  # fmt: skip
    # the default plan's warning, from the same stages (the plan ended at width 3072 there)
    records = [types.SimpleNamespace(width=st["width"], estimate=st["estimate"],
                                     planned=st["planned"], subdomains=None)
               for st in data["stages"] if st["width"] <= 3072]  # fmt: skip
    chosen = max(range(len(records)), key=lambda i: (records[i].width, -records[i].estimate))
    pick = records[chosen]
    record = types.SimpleNamespace(
        chosen=types.SimpleNamespace(stage=chosen, width=pick.width, estimate=pick.estimate,
                                     subdomains=None),
        stop_reason="budget", stages=records,
    )  # fmt: skip
    advice = auto._trend_advice(record, auto._growth_trend(record), "budget")
    quotes(bench, advice.split(":")[0])


def test_section_75_the_bundled_problems_side_by_side(bench):
    data = _side_by_side("bundled_before_after_session50.json", 18)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/bb_before"
    moved = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"] if _moved(r)}
    assert sorted(moved) == ["advection_variable", "rotation_2d"]
    after, before = (moved["rotation_2d"][k]["rel_l2"] for k in ("after", "before"))
    quotes(text("README.md"), f"the method itself, `--no-particular`, {e(after)} in",
           f"(section 75; {e(before)} before")  # fmt: skip
    for r in moved.values():
        _estimate_row(bench, r)
        assert r["after"]["rel_l2"] < r["before"]["rel_l2"] / 30
    same = [r for r in data["rows"] if r["problem"].split("/")[-1][:-3] not in moved]
    assert len(same) == 16
    _same_answers_and_wall(bench, data["rows"], same)


def test_section_75_the_feet_steps_rerun_after_the_plan_s_mend(bench):
    final = {r["problem"]: r for r in load("feet_steps_final_session50.json")["rows"]}
    table = {r["problem"]: r["after"] for r in load("feet_steps_session50.json")["rows"]}
    assert len(final) == 6
    same = [p for p in final if (final[p]["rel_l2"], final[p]["estimate"]) ==
            (table[p]["rel_l2"], table[p]["estimate"])]  # fmt: skip
    assert sorted(p.split("/")[-1][:-3] for p in same) == [
        "advection_variable", "rotation_2d", "transport_annulus_turntable",
        "transport_conservative_strain",
    ]  # fmt: skip
    disk = final["benchmarks/user28/rotation_disk_3rev.py"]
    assert e2(disk["rel_l2"]) == e2(table["benchmarks/user28/rotation_disk_3rev.py"]["rel_l2"])
    quotes(bench, f"the same three digits, {e2(disk['rel_l2'])}, at width {disk['width']} in "
           f"{disk['wall']:.1f} s")  # fmt: skip
    vortex = final["benchmarks/user46/transport_differential_vortex.py"]
    grown = " -> ".join(str(w) for w in vortex["widths"])
    quotes(bench, f"grows {grown} in place of 1536 -> 2048 -> 3072: {e2(vortex['rel_l2'])} "
           f"(estimate {e2(vortex['estimate'])}) in {vortex['wall']:.1f} s")  # fmt: skip


def _user_table(bench: str, name: str, folder: str) -> tuple[list, list, str]:
    """A new user's eight files of ``suite.py`` record ``name``, all run, all from
    ``benchmarks/FOLDER``, their rows in the docs: (rows, those above 1e-4, the median)."""
    rows = load(name)
    assert len(rows) == 8 and all(r["status"] == 0 for r in rows)
    assert all(f"benchmarks/{folder}/" in r["file"] for r in rows)
    _user_rows(bench, rows)
    missed = [r for r in rows if r["rel_l2"] > 1e-4]
    return rows, missed, e2(statistics.median(r["rel_l2"] for r in rows))


def test_section_76_eight_files_from_a_new_user(bench):
    _, missed, median = _user_table(bench, "user48_session51.json", "user48")
    assert [r["name"] for r in missed] == ["decaying-plume"]
    plume = missed[0]
    quotes(bench, f"**Seven of eight reach 1e-4** (median {median})",
           f"**The plume did not**: {e2(plume['rel_l2'])} at width {plume['width']}")  # fmt: skip


def test_section_76_the_source_integrated_along_the_flow(bench):
    data = _side_by_side("transported_before_after_session51.json", 36)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s51/before"
    share = load("transported_share_session51.json")
    assert "particular_share.py" in share["command"]
    moved = [r for r in data["rows"] if _moved(r)]
    assert len(moved) == 12 and sorted(r["problem"] for r in moved) == sorted(share["rows"])
    for r in moved:
        s = share["rows"][r["problem"]]
        kind = "transported" if s["kind"] == "transported" else f"{s['terms']} exponentials"
        name = "/".join(r["problem"].split("/")[-2:])[:-3]
        row(bench, name, kind, e2(s["left"]), *_estimate_cells(r))
        assert r["after"]["rel_l2"] < r["before"]["rel_l2"]
    assert sum(r["after"]["wall"] < r["before"]["wall"] for r in moved) == 10
    quotes(bench, "**All twelve more accurate, ten faster.**")
    transported = [r for r in moved if share["rows"][r["problem"]]["kind"] == "transported"]
    assert len(transported) == 6
    exact = [r for r in moved if share["rows"][r["problem"]]["left"] < 1e-13]
    assert len(exact) == 5 and all(share["rows"][r["problem"]]["kind"] == "exponentials"
                                   for r in exact)  # fmt: skip
    plume = next(r for r in moved if "decaying_plume" in r["problem"])
    b, a = plume["before"], plume["after"]
    quotes(bench, f"The plume goes from {e2(b['rel_l2'])} to "
           f"**{e2(a['rel_l2'])}** (estimate {e2(a['estimate'])})")  # fmt: skip
    same = [r for r in data["rows"] if not _moved(r)]
    assert len(same) == 24
    _same_answers_and_wall(bench, same, same)
    assert "front_inflow" in " ".join(r["problem"] for r in same)


def test_section_76_the_readme_and_the_guide_quote_the_plume():
    data = _side_by_side("transported_before_after_session51.json", 36)
    plume = next(r for r in data["rows"] if "decaying_plume" in r["problem"])
    b, a = e(plume["before"]["rel_l2"], 2), e(plume["after"]["rel_l2"])
    assert b == "4.39e-1"
    quotes(text("README.md"), f"from 0.44 to {a}, a rotating tank")
    quotes(text("docs/guide.md"), f"from 0.44 to {a.replace('e-9', 'e-09')}")


def test_section_76_eight_files_with_sources(bench):
    rows, missed, _ = _user_table(bench, "user49_session51.json", "user49")
    names = sorted(r["name"] for r in missed)
    assert names == ["heated-channel-pe100", "rotating-tank", "shear-channel"]
    quotes(bench, "**Five of eight reach 1e-4**")
    emitter = next(r for r in rows if "emitter" in r["name"])
    assert round(math.log10(emitter["rel_l2"] / emitter["validation"])) == 3
    quotes(bench, f"({e2(emitter['validation'])} against {e2(emitter['rel_l2'])})")
    aquifer = next(r for r in rows if "aquifer" in r["name"])
    quotes(bench, f"where the reaction made it grow: {e2(aquifer['rel_l2'])}, against 1.29e-13")


def test_section_76_a_variable_flow_marched(bench):
    data = _side_by_side("carried_before_after_session51.json", 5)
    share = load("carried_share_session51.json")
    assert "particular_share.py" in share["command"]
    assert sorted(share["rows"]) == sorted(r["problem"] for r in data["rows"])
    for r in data["rows"]:
        s = share["rows"][r["problem"]]
        assert s["kind"] == "carried"
        name = "/".join(r["problem"].split("/")[-2:])[:-3]
        row(bench, name, e2(s["left"]), *_estimate_cells(r))
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    tank, shear = rows["rotating_tank"], rows["shear_channel"]
    quotes(bench, f"**The tank from {e2(tank['before']['rel_l2'])} to {e2(tank['after']['rel_l2'])}"
           f" and the shear channel from {e2(shear['before']['rel_l2'])} to "
           f"{e2(shear['after']['rel_l2'])}**")  # fmt: skip
    quotes(text("README.md"), f"a rotating tank with an injector from 0.40 to "
           f"{e(tank['after']['rel_l2'])}, section 76")  # fmt: skip
    assert tank["after"]["stop_reason"] == shear["after"]["stop_reason"] == "converged"
    wind = rows["transport_pulsing_wind_forced"]
    quotes(bench, f"ran {wind['after']['wall']:.1f} s where it ran {wind['before']['wall']:.1f} s")


def test_section_77_eight_files_from_a_new_user(bench):
    rows, missed, median = _user_table(bench, "user50_session52.json", "user50")
    assert [r["name"] for r in missed] == ["aquifer-plume-2d"]
    aquifer = missed[0]
    low = round(aquifer["rel_l2"] / aquifer["validation"])
    quotes(bench, f"**Seven of eight reach 1e-4** (median {median})",
           f"**The aquifer did not reach 1e-4**: {e2(aquifer['rel_l2'])} at width "
           f"{aquifer['width']}",
           f"its estimate {e2(aquifer['validation'])} {low}x low")  # fmt: skip
    assert any("the solution is not resolved" in w for w in aquifer["warnings"])


def test_section_77_the_river_and_the_march_side_by_side(bench):
    data = _side_by_side("carried_rk8_before_after_session52.json", 8)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s52/before"
    rows = {r["problem"].split("/")[-1][:-3]: r for r in data["rows"]}
    for r in data["rows"]:
        _estimate_row(bench, r)
        b, a = r["before"], r["after"]
        # the same answers or better (the tank and the shear channel within 1%)
        assert a["rel_l2"] <= 1.01 * b["rel_l2"], r["problem"]
        if "meandering" not in r["problem"]:
            assert a["wall"] < b["wall"], r["problem"]
    for stem, share in [("rotating_tank", "tank"), ("shear_channel", "shear channel"),
                        ("transport_pulsing_wind_forced", "pulsing wind")]:  # fmt: skip
        r = rows[stem]
        quotes(bench, f"{share} {r['after']['wall'] / r['before']['wall']:.2f}x")
    river, wind = rows["river_lateral_mixing"], rows["meandering_wind_2d"]
    b, a = river["before"], river["after"]
    quotes(bench, f"**the river from {e2(b['rel_l2'])} in {b['wall']:.1f} s to "
           f"{e2(a['rel_l2'])} in {a['wall']:.1f} s**",
           f"**the meandering wind from {e2(wind['before']['rel_l2'])} to "
           f"{e2(wind['after']['rel_l2'])}**",
           f"It reads {e2(a['estimate'])} against {e2(a['rel_l2'])} "
           f"({round(a['rel_l2'] / a['estimate'])}x low)")  # fmt: skip
    assert a["stop_reason"] == "converged" and a["width"] == 512
    quotes(text("README.md"), f"a user's river from {e(b['rel_l2'])} to {e(a['rel_l2'])} in "
           f"{a['wall']:.1f} s, section 77")  # fmt: skip


def test_section_77_the_estimate_and_the_time_it_acts_over(bench):
    data = load("estimate_time_factor_session52.json")
    assert "benchmarks/estimate_time_factor.py" in data["command"]
    rows = data["rows"]
    small = [r["ratio"] for r in rows if r["factor"] <= 2]
    large = [r for r in rows if r["factor"] >= 40]
    factors = [r["factor"] for r in large]
    quotes(bench, f"on the {len(rows)} files of the repository with a time axis",
           f"the median error over estimate is {statistics.median(small):.2f} on the "
           f"{len(small)} with `T / |s|` at most 2 and "
           f"{statistics.median(r['ratio'] for r in large):.2f} on the {len(large)} at 40 or "
           f"more ({min(factors):.0f} to {max(factors):.0f})")  # fmt: skip
    low = [r for r in rows if r["ratio"] > 10]
    quotes(bench, f"Of the {len(low)} files that read more than 10x low, one has a large factor")
    assert [r["problem"] for r in low if r["factor"] >= 40] == [
        "benchmarks/user50/river_lateral_mixing.py"
    ]


def test_section_77_the_march_charged_to_the_plan(bench):
    fit = load("march_cost_session52.json")
    assert "calibrate_march_cost.py" in fit["command"] and len(fit["rows"]) == 6
    a, b = fit["constants"]
    ratios = [r["predicted"] / r["seconds"] for r in fit["rows"]]
    quotes(bench, f"`A` = {a:.2e} s and `B` = {b:.2e} s",
           f"planned against measured {min(ratios):.2f}x to {max(ratios):.2f}x")  # fmt: skip
    assert f"MARCH_CONSTANTS = ({a:.4g}, {b:.4g})" in text("pinnls/training/cost.py")
    data = _side_by_side("march_charge_before_after_session52.json", 6)
    for r in data["rows"]:
        _estimate_row(bench, r)
    same = [r for r in data["rows"] if "meandering" not in r["problem"]]
    _same_answers_and_wall(bench, data["rows"], same)
    (wind,) = [r for r in data["rows"] if "meandering" in r["problem"]]
    b, a = wind["before"], wind["after"]
    assert a["wall"] < b["wall"] and a["width"] < b["width"]
    quotes(bench, f"**the meandering wind stops at width {a['width']} with {e2(a['rel_l2'])} in "
           f"{a['wall']:.1f} s, where it ran {b['wall']:.1f} s to {e2(b['rel_l2'])} at "
           f"{b['width']}**")  # fmt: skip


def test_section_78_carried_wherever_found(bench):
    data = _side_by_side("spreading_before_after_session53.json", 63)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s53/before"
    left = {
        r["problem"] for r in _side_by_side("source_left_before_after_session53.json", 10)["rows"]
    }
    for r in data["rows"]:
        _estimate_row(bench, r)
    kept = [r for r in data["rows"] if r["problem"] not in left]
    assert len(kept) == 53
    assert all(r["after"]["rel_l2"] <= r["before"]["rel_l2"] for r in kept)
    assert all(r["after"]["rel_l2"] <= 1e-10 for r in kept)
    ratios = [r["after"]["wall"] / r["before"]["wall"] for r in kept]
    quotes(bench,
           f"and all 53 reach 1e-10** ({sum(r['before']['rel_l2'] <= 1e-10 for r in kept)} "
           f"before; the median error from "
           f"{e2(statistics.median(r['before']['rel_l2'] for r in kept))} to "
           f"{e2(statistics.median(r['after']['rel_l2'] for r in kept))}; their wall time "
           f"{sum(r['before']['wall'] for r in kept):.1f} s in all before, "
           f"{sum(r['after']['wall'] for r in kept):.1f} s after, at "
           f"{statistics.median(ratios):.3f}x (median; {min(ratios):.3f}x-"
           f"{max(ratios):.3f}x))")  # fmt: skip
    missed = sorted(r["before"]["rel_l2"] for r in kept if r["before"]["rel_l2"] > 1e-4)
    assert len(missed) == 4
    for value in missed:
        quotes(bench, f"at {e2(value)}")
    rows = {r["problem"]: r for r in data["rows"]}
    lost = [p for p in left if rows[p]["after"]["rel_l2"] > rows[p]["before"]["rel_l2"]]
    quotes(bench, f"carrying them lost on {len(lost)} of 10**")
    slab = rows["benchmarks/boxes/thin_slab_heat.py"]
    strip = rows["benchmarks/user49/heated_channel_pe100.py"]
    aquifer = rows["benchmarks/user50/aquifer_plume_2d.py"]
    quotes(bench,
           f"(the thin slab: {e2(slab['before']['rel_l2'])} to {e2(slab['after']['rel_l2'])}",
           f"heated strip from {e2(strip['before']['rel_l2'])} to {e2(strip['after']['rel_l2'])}",
           f"The aquifer's error doubled ({e2(aquifer['before']['rel_l2'])} to "
           f"{e2(aquifer['after']['rel_l2'])})")  # fmt: skip
    rotation = rows["problems/rotation_2d.py"]["before"]
    quotes(bench, f"(rotation_2d {e2(rotation['rel_l2'])} in {rotation['wall']:.1f} s)")
    quotes(text("README.md"), f"8.2e-11 in {rotation['wall']:.1f} s (section 75")


def test_section_78_what_free_space_carries_alone(bench):
    data = load("spreading_share_session53.json")
    assert "benchmarks/spreading_share.py" in data["command"] and len(data["rows"]) == 53
    exact = [r for r in data["rows"] if r["rest"] < 1e-10]
    rest = [r["rest"] for r in data["rows"] if r["rest"] >= 1e-10]
    quotes(bench, f"on {len(exact)} of the 53 the data are free space's evolution itself**",
           f"On the {len(rest)} where a rest is left (its share {min(rest):.2f} to "
           f"{max(rest):.2f} of `u`")  # fmt: skip
    quotes(text("README.md"), f"on {len(exact)} of the 53 files here")
    quotes(text("docs/guide.md"), f"{len(exact)} of the 53")


def test_section_78_beside_a_source_left_the_same_answers(bench):
    data = _side_by_side("source_left_before_after_session53.json", 10)
    assert data["command"].split("--after ")[1].split()[0] == "/tmp/s53/final"
    for r in data["rows"]:
        _estimate_row(bench, r)
    _same_answers_and_wall(bench, data["rows"], data["rows"])
    quotes(bench, "All 10 give the same error, estimate, width and stop")


def test_section_78_eight_files_from_a_new_user(bench):
    rows, missed, median = _user_table(bench, "user51_session53.json", "user51")
    assert len(missed) == 5
    quotes(bench, f"**Three of eight reached 1e-4 at 1601fec** (median {median})")
    after = load("user51_after_session53.json")
    assert len(after) == 8 and all(r["status"] == 0 for r in after)
    later = {r["file"]: r for r in after}
    changed = [r for r in rows if later[r["file"]]["rel_l2"] != r["rel_l2"]]
    assert [r["name"] for r in changed] == ["shear-dye-patch"]
    for r in rows:
        if r not in changed:
            assert (later[r["file"]]["rel_l2"], later[r["file"]]["validation"]) == (
                r["rel_l2"], r["validation"])  # fmt: skip
    _user_rows(bench, [later[changed[0]["file"]]])
    met = [r for r in after if r["rel_l2"] <= 1e-4]
    quotes(bench, f"**four of eight** (median {e2(statistics.median(r['rel_l2'] for r in after))})")
    assert len(met) == 4
    patch = later[changed[0]["file"]]
    quotes(bench, f"the sheared patch from {e2(changed[0]['rel_l2'])} to {e2(patch['rel_l2'])} in "
           f"{patch['wall']:.1f} s")  # fmt: skip
    kelvin = later["benchmarks/user51/kelvin_tide_shelf.py"]
    dredge = later["benchmarks/user51/dredge_plume_3d.py"]
    quotes(bench, f"its estimate {round(kelvin['rel_l2'] / kelvin['validation'], -2):,.0f}x low",
           f"estimate {round(dredge['rel_l2'] / dredge['validation'])}x low")  # fmt: skip
    assert any(
        "not resolved" in w for w in later["benchmarks/user51/fission_chain_puff.py"]["warnings"]
    )


def test_section_78_eight_files_from_a_second_new_user(bench):
    rows, missed, median = _user_table(bench, "user52_session53.json", "user52")
    assert len(rows) - len(missed) == 5
    quotes(bench, f"**Five of eight reach 1e-4** (median {median})")
    weld = next(r for r in rows if r["name"] == "weld-rosenthal-plate")
    assert weld["warnings"] == [] and 1e-2 > weld["validation"]
    quotes(bench, f"{e2(weld['rel_l2'])} with an estimate of {e2(weld['validation'])}, "
           f"{round(weld['rel_l2'] / weld['validation'])}x low, and no warning")  # fmt: skip


def test_section_78_the_final_code_gives_the_same_answers(bench):
    rows = load("spreading_final_check_session53.json")
    assert len(rows) == 6 and all(r["status"] == 0 for r in rows)
    after = {
        r["problem"]: r["after"] for r in load("spreading_before_after_session53.json")["rows"]
    }
    for r in rows:
        a = after[r["file"]]
        assert (e2(r["rel_l2"]), e2(r["validation"])) == (e2(a["rel_l2"]), e2(a["estimate"]))
    quotes(bench, "six of its files rerun with the final code")


def _worst_flux(r: dict) -> float | None:
    """The largest miss over the estimate among a flux_miss.py row's derivative conditions."""
    values = [c["over_estimate"] for c in r["derivative_conditions"] if c["over_estimate"]]
    return max(values, default=None)


def test_section_79_a_flux_that_the_estimate_hides(bench):
    data = load("flux_miss_session54.json")
    assert "benchmarks/flux_miss.py" in data["command"] and len(data["rows"]) == 49
    rows = data["rows"]
    assert all("failed" not in r for r in rows.values())
    ordered = sorted(rows.items(), key=lambda item: -(_worst_flux(item[1]) or 0.0))
    for path, r in ordered[:12]:
        row(bench, "/".join(path.split("/")[-2:])[:-3], e2(r["rel_l2_error"]),
            e2(r["estimate"]), f"{r['rel_l2_error'] / r['estimate']:.2g}",
            f"{_worst_flux(r):.3g}", "yes" if r["hidden_warning"] else "no")  # fmt: skip
    honest = [r for r in rows.values()
              if r["estimate"] < 1e-2 and r["rel_l2_error"] <= 5 * r["estimate"]]  # fmt: skip
    largest = max(_worst_flux(r) or 0.0 for r in honest)
    quotes(bench, f"and within 5x of the error ({len(honest)} files)",
           f"every flux's miss was within {largest:.2f}x of the estimate",
           f"The ratio 20 sits {20 / largest:.1f}x above the largest honest file's "
           f"{largest:.2f}")  # fmt: skip
    high = {p: r for p, r in rows.items() if r["estimate"] < 1e-2 and (_worst_flux(r) or 0) >= 20}
    assert len(high) == 5
    lows = [r["rel_l2_error"] / r["estimate"] for r in high.values()]
    quotes(bench, f"had estimates {min(lows):.0f}x to {max(lows):.0f}x below their errors")
    warned = {p for p, r in rows.items() if r["hidden_warning"]}
    assert warned == {"benchmarks/user52/couette_sheared_stripes.py",
                      "benchmarks/user52/weld_rosenthal_plate.py"}  # fmt: skip
    weld = rows["benchmarks/user52/weld_rosenthal_plate.py"]
    flux = next(c for c in weld["derivative_conditions"] if c["term"] == "fusion-edge-flux")
    message = weld["hidden_warning"]
    assert message.startswith("term 'fusion-edge-flux' misses its data on fresh points by ")
    quotes(bench,
           f"misses its data on fresh points by {flux['relative']:.3g} of its",
           f"data's size, about {flux['miss']:.3g} of the solution's size in its values",
           f"basis's gain under the term's operator, {flux['gain']:.3g}), which the validation "
           f"estimate ({weld['estimate']:.3g})")  # fmt: skip
    quotes(text("docs/guide.md"),
           f"fresh points by {flux['relative']:.3g} of its data's size, about "
           f"{flux['miss']:.3g} of",
           "the honest estimates' fluxes stayed within 5.2x")  # fmt: skip
    assert f"{largest:.1f}" == "5.2"


def test_section_79_weighing_the_hidden_flux_up(bench):
    weighted = load("flux_weights_session54.json")
    defaults = load("flux_miss_session54.json")["rows"]
    assert "pinnls solve" in weighted["command"] and len(weighted["rows"]) == 5
    ratios = {}
    for path, r in weighted["rows"].items():
        d = defaults[path]
        names = ", ".join(f"{k} {v:.2g}" for k, v in r["weights"].items())
        row(bench, "/".join(path.split("/")[-2:])[:-3],
            f"{e2(d['rel_l2_error'])} / {e2(d['estimate'])}",
            f"{e2(r['rel_l2_error'])} / {e2(r['estimate'])}", names)  # fmt: skip
        ratios[path.split("/")[-1][:-3]] = d["rel_l2_error"] / r["rel_l2_error"]
    gained = [n for n, q in ratios.items() if q > 1.5]
    lost = [n for n, q in ratios.items() if q < 1 / 1.5]
    assert sorted(gained) == ["couette_sheared_stripes", "weld_rosenthal_plate"]
    assert sorted(lost) == ["dredge_plume_3d", "tidal_salt_front"]
    quotes(bench, f"the couette stripes {round(ratios['couette_sheared_stripes'], -3):,.0f}x",
           f"weld {ratios['weld_rosenthal_plate']:.1f}x",
           f"the salt front {1 / ratios['tidal_salt_front']:.1f}x",
           f"the dredger's plume {1 / ratios['dredge_plume_3d']:.0f}x")  # fmt: skip


def test_section_79_a_puff_in_a_turning_wind(bench):
    data = _side_by_side("wind_before_after_session54.json", 9)
    assert data["command"].split("--before ")[1].split()[0] == "/tmp/s54/before"
    for r in data["rows"]:
        _estimate_row(bench, r)
        assert r["after"]["rel_l2"] < r["before"]["rel_l2"]
        assert r["after"]["wall"] < r["before"]["wall"]
    before = statistics.median(r["before"]["rel_l2"] for r in data["rows"])
    after = statistics.median(r["after"]["rel_l2"] for r in data["rows"])
    quotes(bench, f"All nine more accurate (median {e2(before)} to {e2(after)}) and faster "
           f"({sum(r['before']['wall'] for r in data['rows']):.1f} s to "
           f"{sum(r['after']['wall'] for r in data['rows']):.1f} s in all)")  # fmt: skip
    share = load("wind_share_session54.json")
    assert "benchmarks/spreading_share.py" in share["command"] and len(share["rows"]) == 9
    assert all(r["wind"] and r["rest"] < 1e-10 for r in share["rows"])
    assert {r["file"] for r in share["rows"]} == {r["problem"] for r in data["rows"]}
    quotes(bench, "**On all nine the data are the free evolution itself**")


def test_section_79_eight_files_from_a_new_user(bench):
    rows, missed, median = _user_table(bench, "user53_session54.json", "user53")
    assert [r["name"] for r in missed] == ["cstr-then-pfr-step"]
    quotes(bench, f"**Seven of eight reach 1e-4** (median {median})")
    cstr = missed[0]
    assert cstr["warnings"] == []
    low = round(cstr["rel_l2"] / cstr["validation"])
    quotes(bench, f"({e2(cstr['rel_l2'])}, its estimate {low}x low, no warning)",
           f"stagnating, at {cstr['wall']:.1f} s")  # fmt: skip
    chrom = next(r for r in rows if r["name"] == "chromatography-frequency-response")
    assert any("reads low" in w for w in chrom["warnings"])
    quotes(bench, f"({e2(chrom['rel_l2'])}, {round(chrom['rel_l2'] / chrom['validation'])}x low, "
           "warned \"reads low\")")  # fmt: skip
