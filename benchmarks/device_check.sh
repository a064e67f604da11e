#!/usr/bin/env bash
# The classifier benchmark on a CUDA machine (bf16, larger batches), so GPU figures sit beside the CPU ones.
#
# The GPU machine has torch/transformers/sklearn/pandas but no network and none of pandian's wheels, so the
# caller prepares .gpu/ (ignored by git) beforehand:
#   .gpu/base/            the all-MiniLM-L6-v2 files, weights stored as fp16 in model16.safetensors (size limit)
#   .gpu/shared/data/     column_types, instacart_products, reviews_zh copied from ../shared/data
# and runs this script there with $OUT set (SWEEP= skips the epochs sweep); results land in $OUT/classify_bench_cuda.json.
set -euo pipefail
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 PANDIAN_SHARED="$PWD/.gpu/shared"
OUT="${OUT:-/tmp/pandian-device}"; mkdir -p "$OUT"
PY="${PYTHON:-python3}"
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$OUT/gpu.txt"
BASE=/tmp/pandian-base
mkdir -p "$BASE"
cp -r .gpu/base/. "$BASE/"
"$PY" - "$BASE" <<'PY'
import sys
from pathlib import Path
from safetensors.torch import load_file, save_file
base = Path(sys.argv[1])
sd = load_file(str(base / "model16.safetensors"))
save_file({k: v.float().contiguous() for k, v in sd.items()}, str(base / "model.safetensors"))
(base / "model16.safetensors").unlink()
PY
"$PY" benchmarks/classify_bench.py --base "$BASE" --no-real-files --sweep-epochs "${SWEEP-8,12}" \
    --out "$OUT/classify_bench_cuda.json" 2>&1 | tee "$OUT/log.txt"
