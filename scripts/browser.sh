#!/usr/bin/env bash
# Headless Chromium + chromedriver for the browser tests (Debian packages); a no-op when already there.
set -uo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  exit 0
fi
if [ "$(id -u)" != "0" ] && ! command -v sudo >/dev/null; then
  echo "[browser] chromium missing and no root: browser tests will be skipped" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" != "0" ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -q chromium chromium-driver fonts-wqy-zenhei >/dev/null 2>&1 || {
  $SUDO apt-get update -q >/dev/null 2>&1 && $SUDO apt-get install -y -q chromium chromium-driver fonts-wqy-zenhei >/dev/null 2>&1
} || echo "[browser] could not install chromium: browser tests will be skipped" >&2
