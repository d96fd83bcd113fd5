#!/usr/bin/env bash
# The prepared GPU session: CUDA against CPU, then the scale benchmark, then the automatic
# strategy through the CLI on CUDA (Heat 2d-MS: three axes, where it may choose a chain).
# Usage (on a machine with a GPU and torch, sympy, scipy, h5py):
#   OUT=some/folder bash benchmarks/gpu_session.sh
set -uo pipefail
cd "$(dirname "$0")/.."
export PYTHONPATH=$PWD PYTHONUNBUFFERED=1
OUT=${OUT:-results/gpu}
mkdir -p "$OUT"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
python3 -c "import torch, sympy, scipy, h5py; print('torch', torch.__version__, 'sympy', sympy.__version__, 'cpus', torch.get_num_threads())"
echo "== cuda_check"
python3 benchmarks/cuda_check.py
echo "== scale, float64"
python3 benchmarks/bench_scale.py iteration --device cuda --rows 1e5,1e6 --width 1024 --iterations 5 --json "$OUT/scale_cuda_float64.json"
python3 benchmarks/bench_scale.py iteration --device cuda --rows 1e6 --width 1024 --chunk-size 262144 --iterations 5 --json "$OUT/scale_cuda_float64_chunk262144.json"
echo "== scale, float32"
python3 benchmarks/bench_scale.py iteration --device cuda --dtype float32 --rows 1e6 --width 1024 --iterations 5 --json "$OUT/scale_cuda_float32.json"
echo "== scale, CPU of the same machine"
python3 benchmarks/bench_scale.py iteration --device cpu --rows 1e5 --width 1024 --iterations 2 --json "$OUT/scale_cpu_float64.json"
echo "== automatic strategy on CUDA"
for f in problems/advection_gauss.py problems/advection_variable.py benchmarks/axes/heat_2d_ms.py; do
  p=$(basename "$f" .py)
  python3 -m pinnls solve "$f" --device cuda --time-limit 60 --format h5 --out "$OUT/run_$p" --quiet
  python3 - "$OUT/run_$p/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
s = r.get("strategy") or {}
print(sys.argv[1], "rel L2", r["rel_l2_error"], "wall", round(r["wall_seconds"], 1),
      "chose", {k: s.get(k) for k in ("width", "activation", "scale", "subdomains", "stage")} if s else None)
PY
done
