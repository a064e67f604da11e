#!/usr/bin/env bash
# The main job: set up, build the demo warehouse, start the app on 127.0.0.1.
#   PANDIAN_WORKSPACE (default ./pandian-workspace), PANDIAN_DEMO_SCALE (default 100000), PANDIAN_PORT (default 7860)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False ANONYMIZED_TELEMETRY=False
ws=${PANDIAN_WORKSPACE:-pandian-workspace}
echo "[run] building the demo warehouse in $ws (unchanged files are skipped)"
.venv/bin/pandian demo --scale "${PANDIAN_DEMO_SCALE:-100000}" --workspace "$ws"
echo "[run] starting pandian on http://127.0.0.1:${PANDIAN_PORT:-7860}"
exec .venv/bin/pandian serve --host 127.0.0.1 --port "${PANDIAN_PORT:-7860}" --workspace "$ws"
