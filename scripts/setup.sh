#!/usr/bin/env bash
# Idempotent set-up: a virtualenv at .venv with torch pinned and installed first, then pandian itself.
# Re-running is cheap: the install is skipped while pyproject.toml is unchanged.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "[setup] creating .venv"
    "$PY" -m venv .venv
fi
stamp=.venv/.pandian-installed
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x .venv/bin/pandian ]; then
    exit 0
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1
log=.venv/setup.log
: > "$log"
pipi() { .venv/bin/python -m pip install -q "$@" >>"$log" 2>&1 || { tail -40 "$log"; echo "[setup] pip install failed; full log in $log" >&2; exit 1; }; }
pipi --upgrade pip
echo "[setup] installing torch==2.13.0 (CPU build) first"
pipi "torch==2.13.0"
echo "[setup] installing pandian and its dependencies (a few minutes the first time)"
pipi -e ".[dev]" --config-settings editable_mode=compat
echo "$want" > "$stamp"
echo "[setup] done: .venv/bin/pandian"
