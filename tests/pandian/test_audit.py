"""The audit log: CLI commands and agent tool calls are recorded with user, role, masked arguments, outcome."""
from __future__ import annotations

import json

from tests.conftest import run_cli


def test_cli_and_chat_calls_are_audited_with_masked_arguments(tmp_path):
    f = tmp_path / "buyers.csv"
    f.write_text("buyer_id,phone\n1,13812345678\n2,13987654321\n", encoding="utf-8")
    ws = tmp_path / "ws"
    run_cli("scan", str(f), workspace=ws, check=True)
    probe = run_cli("sql", "SELECT * FROM buyers WHERE phone = '13812345678'", "--role", "viewer", workspace=ws)
    assert probe.returncode == 2 and "masked for viewer" in probe.stderr  # a masked value may not be probed
    run_cli("sql", "SELECT * FROM buyers WHERE phone = '13812345678'", "--role", "owner", workspace=ws, check=True)
    bad = run_cli("sql", "DELETE FROM buyers", workspace=ws)
    assert bad.returncode == 2
    run_cli("ask", "DROP TABLE buyers", workspace=ws, check=True)
    run_cli("ask", "how many rows does buyers have", "--role", "analyst", workspace=ws, check=True)
    run_cli("user", "add", "bob", "--role", "viewer", "--password", "S3cret-pass!", workspace=ws, check=True)
    log = json.loads(run_cli("audit", "--json", workspace=ws, check=True).stdout)
    assert "S3cret-pass!" not in json.dumps(log) and any(r["tool"] == "user" for r in log)
    text = json.dumps(log, ensure_ascii=False)
    assert "13812345678" not in text
    tools = [(r["tool"], r["outcome"], r["channel"]) for r in log]
    assert ("scan", "ok", "cli") in tools and ("sql", "ok", "cli") in tools and ("sql", "error", "cli") in tools
    assert ("refusal", "refused", "chat") in tools
    chat_sql = next(r for r in log if r["tool"] == "run_sql" and r["channel"] == "chat")
    assert chat_sql["role"] == "analyst" and chat_sql["rows"] == 1
    since = json.loads(run_cli("audit", "--since", "2999-01-01", "--json", workspace=ws, check=True).stdout)
    assert since == []
    assert run_cli("audit", "--since", "yesterday", workspace=ws).returncode == 2
