"""Review of descriptions (versioned edits, accept, ratings) and LLM drafting against a scripted local server."""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from knowledge.dictionary import DictionaryArgs, build_dictionary, dictionaries_after_scan, generate_dictionary
from knowledge.edits import accept_description, description_history, edit_description, rate_dictionary
from knowledge.index import open_store
from pandian.context import open_context
from pandian.errors import PandianError, UnknownTableError
from tests.helpers import query


def _col(d, name):
    return next(c for c in d["columns"] if c["name"] == name)


def test_edit_versioning_survives_regeneration(ws_copy):
    with open_context(str(ws_copy)) as ctx:
        first = edit_description(ctx, "users.手机号", "会员绑定的手机号，用于登录和收货通知", author="alice")
        assert first["lang"] == "zh" and first["status"] == "edited" and first["author"] == "alice"
        # re-indexed at once: the search document already holds the human text
        st = open_store(ctx)
        doc = st.col.get(ids=["c:users:手机号"], include=["metadatas"])["metadatas"][0]
        assert doc["desc_zh"] == "会员绑定的手机号，用于登录和收货通知"
        # a regeneration (what every scan does) keeps the human text
        dictionaries_after_scan(ctx, ["users"])
        d = build_dictionary(ctx, "users", lang="zh", store=True)
        phone = _col(d, "手机号")
        assert phone["description"] == "会员绑定的手机号，用于登录和收货通知"
        assert phone["review"]["zh"] == {"status": "edited", "author": "alice"}
        assert phone["review"]["en"]["status"] == "draft" and "phone" in phone["description_en"].lower()
        second = edit_description(ctx, "users.手机号", "会员手机号（登录账号）", lang="zh", author="bob")
        hist = description_history(ctx, "users.手机号")
        edited = [h for h in hist if h["status"] == "edited"]
        assert [h["author"] for h in edited] == ["alice", "bob"] and len(second["history"]) == len(hist)
        assert all(h["created_at"] for h in hist)
        d = build_dictionary(ctx, "users", lang="zh", store=True)
        assert _col(d, "手机号")["description"] == "会员手机号（登录账号）"
        # table-level edit goes to the catalog field as well
        edit_description(ctx, "users", "Registered members of the shop, one row per member.", lang="en", author="bob")
        d = build_dictionary(ctx, "users", store=True)
        assert d["description"] == "Registered members of the shop, one row per member."
        assert ctx.catalog.get("users").description == d["description"]
        with pytest.raises(PandianError) as exc:
            edit_description(ctx, "users.phone", "x")
        assert "手机号" in exc.value.render()
        with pytest.raises(PandianError):
            edit_description(ctx, "users.age", "   ")


def test_accept_and_rate(ws_copy):
    with open_context(str(ws_copy)) as ctx:
        out = accept_description(ctx, "users.age", author="carol")
        assert {a["lang"] for a in out["accepted"]} == {"zh", "en"} and not out["already_reviewed"]
        again = accept_description(ctx, "users.age", lang="en", author="carol")
        assert not again["accepted"] and again["already_reviewed"][0]["status"] == "accepted"
        d = build_dictionary(ctx, "users", store=True)
        assert _col(d, "age")["review"]["en"] == {"status": "accepted", "author": "carol"}
        r = rate_dictionary(ctx, "users", 4, comment="clear enough", user="carol")
        rate_dictionary(ctx, "users", 2, user="dave")
        fb = [f for f in ctx.catalog.feedback(kind="dictionary") if f.target == "users"]
        assert [f.rating for f in fb] == [4, 2] and fb[0].comment == "clear enough" and r["rating"] == 4
        with pytest.raises(PandianError):
            rate_dictionary(ctx, "users", 6)
        with pytest.raises(UnknownTableError):
            rate_dictionary(ctx, "userz", 3)


# -- LLM drafting against a scripted OpenAI-compatible server ----------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append(body)
        mode = self.server.mode
        if mode == "slow":
            time.sleep(3)
        payload = json.loads(body["messages"][-1]["content"])
        if mode == "junk":
            content = "Sure! Here are some great descriptions for your table: users are people."
        else:
            content = json.dumps({"table": {"en": "LLM: members of the shop", "zh": "大模型：店铺会员"},
                                  "columns": {c["name"]: {"en": f"LLM says {c['name']}", "zh": f"大模型说明 {c['name']}"}
                                              for c in payload["columns"]}}, ensure_ascii=False)
            content = f"```json\n{content}\n```"
        resp = {"id": "cmpl-1", "object": "chat.completion", "created": 0, "model": body.get("model", "m"),
                "choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        data = json.dumps(resp).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def llm_server(monkeypatch):
    def start(mode: str, timeout_s: float = 10):
        srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        srv.daemon_threads = True
        srv.mode, srv.requests = mode, []
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        monkeypatch.setenv("PANDIAN_LLM_BASE_URL", f"http://127.0.0.1:{srv.server_address[1]}/v1")
        monkeypatch.setenv("PANDIAN_LLM_MODEL", "scripted-model")
        monkeypatch.setenv("PANDIAN_LLM_API_KEY", "test-key")
        monkeypatch.setenv("PANDIAN_LLM_TIMEOUT", str(timeout_s))
        return srv

    servers: list = []
    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def test_llm_drafts_are_used_and_stored(ws_copy, llm_server, monkeypatch):
    srv = llm_server("ok")
    with open_context(str(ws_copy)) as ctx:
        d = generate_dictionary(ctx, DictionaryArgs(table="users"))
        assert d["warnings"] == []
        assert d["description"] == "LLM: members of the shop"
        assert _col(d, "age")["description"] == "LLM says age"
        assert _col(d, "age")["review"]["en"] == {"status": "draft", "author": "llm:scripted-model"}
        drafts = [v for v in ctx.catalog.description_versions("users") if v.author == "llm:scripted-model"]
        assert drafts and all(v.status == "draft" for v in drafts)
    # what was sent: masked samples only, no example at all for L4
    sent = json.dumps(srv.requests, ensure_ascii=False)
    raw = query(ws_copy, None, 'SELECT "手机号", "身份证号", "姓名", "收货地址" FROM users')
    secrets = {str(v) for row in raw for v in row if v is not None and len(str(v)) >= 2}
    assert not [s for s in secrets if s in sent]
    cols = {c["name"]: c for c in json.loads(srv.requests[0]["messages"][-1]["content"])["columns"]}
    assert "examples" not in cols["身份证号"] and cols["手机号"]["examples"]
    # without the LLM the stored drafts stay in force; a human edit beats them
    monkeypatch.delenv("PANDIAN_LLM_BASE_URL")
    with open_context(str(ws_copy)) as ctx:
        assert _col(build_dictionary(ctx, "users", store=True), "age")["description"] == "LLM says age"


@pytest.mark.parametrize("mode,why", [("slow", "timed out"), ("junk", "JSON")])
def test_llm_failure_falls_back_to_templates(ws_copy, llm_server, mode, why):
    srv = llm_server(mode, timeout_s=1)
    started = time.perf_counter()
    with open_context(str(ws_copy)) as ctx:
        d = generate_dictionary(ctx, DictionaryArgs(table="orders", lang="zh"))
    assert time.perf_counter() - started < 15
    assert srv.requests, "the LLM was asked"
    assert len(d["warnings"]) == 1 and why in d["warnings"][0] and "templates" in d["warnings"][0]
    order_time = _col(d, "order_time")
    assert order_time["description"].startswith("下单时间") and order_time["review"]["zh"]["author"] == "pandian"
    assert all(c["description_en"] and re.search(r"[\u3400-\u9fff]", c["description_zh"]) for c in d["columns"])
