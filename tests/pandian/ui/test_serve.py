"""The Gradio app starts on loopback and serves its page (browser tests arrive with the UI issue)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_binds_loopback_and_answers(tmp_path, shared_data):
    ws = tmp_path / "ws"
    subprocess.run([sys.executable, "-m", "pandian.cli", "scan", str(shared_data / "instacart_small"),
                    "--workspace", str(ws)], cwd=ROOT, check=True, capture_output=True)
    port = _free_port()
    env = {**os.environ, "PANDIAN_AUTO_TRAIN": "0"}  # background training has its own test
    proc = subprocess.Popen([sys.executable, "-m", "pandian.cli", "serve", "--port", str(port), "--workspace", str(ws)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        body = ""
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
                    body = r.read().decode("utf-8", "replace")
                    break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError(proc.stdout.read())
                time.sleep(1)
        assert "pandian" in body
        conns = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True).stdout if _has_ss() else ""
        listening = [ln for ln in conns.splitlines() if f":{port} " in ln + " "]
        assert all("127.0.0.1" in ln for ln in listening), listening
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _has_ss() -> bool:
    try:
        subprocess.run(["ss", "-V"], capture_output=True)
        return True
    except OSError:
        return False
