#!/usr/bin/env bash
# Issue 22's GPU target: the 3-D + time transport (benchmarks/axes/transport_3d_time.py, four
# axes) on CUDA within a 120 s hard stop. The plan is in planned seconds of the CPU cost model
# (one reference core), so on a GPU a larger --budget lets the run use its time, and
# --time-limit stays the hard stop. Runs: the default plan (the budget is the time limit), a
# plan of 3000 planned seconds, and Heat 2d-MS with 1200 (its chain's banded QR runs on the
# host, at a pace near the CPU's: the hard stop must still hold). CHECK=1 first runs
# cuda_check.py's CPU-against-CUDA checks.
# Usage (on a machine with a GPU and torch, sympy, scipy, h5py):
#   OUT=some/folder CHECK=1 bash benchmarks/gpu_transport_4d.sh
# (RUNS="heat_2d_ms:1200 ..." picks runs, NAME:BUDGET of benchmarks/axes/ or PATH.py:BUDGET;
# LIMIT=240 another limit; FORMATS=all writes every result file, and the process's seconds
# beside the solve's tell what writing them cost)
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1
OUT=${OUT:-results/gpu}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
if [ "${CHECK:-0}" = 1 ]; then
  echo "== cuda_check"
  python3 benchmarks/cuda_check.py
fi
for run in ${RUNS:-transport_3d_time:default transport_3d_time:3000 heat_2d_ms:1200}; do
  file=${run%%:*}
  plan=${run##*:}
  [[ $file == */* ]] || file=benchmarks/axes/$file.py
  name=$(basename "$file" .py)
  extra=()
  [ "$plan" != default ] && extra=(--budget "$plan")
  echo "== $name on CUDA, --time-limit ${LIMIT:-120}, budget $plan"
  start=$(date +%s.%N)
  python3 -m pinnls solve "$file" --device cuda --time-limit "${LIMIT:-120}" \
    "${extra[@]}" --format "${FORMATS:-h5}" --out "$OUT/run" --quiet
  python3 -c 'import sys; print("process seconds", round(float(sys.argv[2]) - float(sys.argv[1]), 1))' \
    "$start" "$(date +%s.%N)"
  cp "$OUT/run/report.json" "$OUT/${name}_cuda_budget_$plan.json"
  python3 - "$OUT/run/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["strategy"]
c = s["chosen"]
print("rel L2", r["rel_l2_error"], "wall", round(r["wall_seconds"], 1), "stop", r["stop_reason"],
      "planned", round(s["planned"], 1), "chosen", {k: c.get(k) for k in
      ("width", "scale", "axis_scales", "subdomains", "estimate")})
for g in s["stages"]:
    print(g["kind"], g["width"], g.get("scale"), g.get("axis_scales"), g.get("subdomains"),
          f"{g['estimate']:.2e}", f"{g.get('rel_l2_error', float('nan')):.2e}",
          round(g["seconds"], 2), round(g["planned"], 2))
PY
  rm -rf "$OUT/run"
done
