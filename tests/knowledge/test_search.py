"""Hybrid catalog search over the Chroma store: Chinese and English questions, roles, persistence, recovery."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from knowledge.index import open_store, reindex, store_path, sync
from knowledge.search import SearchArgs, search_catalog
from pandian.context import open_context
from pandian.errors import PandianError
from tests.conftest import run_cli
from tests.helpers import query


@pytest.fixture(scope="module")
def indexed_ws(demo_ws, tmp_path_factory) -> Path:
    """A copy of the demo workspace with its search index built (MiniLM is loaded once for the module)."""
    ws = tmp_path_factory.mktemp("ksearch") / "ws"
    shutil.copytree(demo_ws, ws, ignore=shutil.ignore_patterns("chroma"))
    with open_context(str(ws)) as ctx:
        out = reindex(ctx)
    assert out["tables"] == 10 and out["documents"] > 70
    return ws


def _search(ws, q, k=5, role="viewer"):
    with open_context(str(ws)) as ctx:
        return search_catalog(ctx, SearchArgs(query=q, k=k, role=role))


def _where(hits):
    return [f"{h['table']}.{h['column']}" if h["column"] else h["table"] for h in hits]


def test_chinese_and_english_questions(indexed_ws):
    hits = _search(indexed_ws, "哪张表有用户手机号")
    assert _where(hits)[0] == "users.手机号", _where(hits)
    assert "orders.联系电话" in _where(hits)  # the other phone column
    assert {"table", "column", "score", "snippet"} <= set(hits[0])
    assert all(a["score"] >= b["score"] for a, b in zip(hits, hits[1:]))
    assert _where(_search(indexed_ws, "下单时间"))[0] == "orders.order_time"
    assert "orders.pay_amount" in _where(_search(indexed_ws, "order amount in USD", k=3))
    assert _where(_search(indexed_ws, "用户搜索了什么关键词", k=3))[0] == "search_queries.query"
    assert "ad_impressions" in " ".join(_where(_search(indexed_ws, "广告点击", k=3)))
    table_hits = [h for h in _search(indexed_ws, "user profile table", k=10) if h["column"] is None]
    assert table_hits and table_hits[0]["table"] == "users"


def test_role_decides_what_snippets_show(indexed_ws):
    raw = query(indexed_ws, None, 'SELECT "手机号", "身份证号" FROM users')
    phones = {r[0] for r in raw if r[0]}
    ids = {r[1] for r in raw if r[1]}

    def phone_hit(role):
        return next(h for h in _search(indexed_ws, "用户手机号", role=role) if h["column"] == "手机号")

    viewer = phone_hit("viewer")  # a viewer finds the column ...
    assert viewer["sensitivity"] == "L3" and re.search(r"\d{3}\*{4}\d{4}", viewer["snippet"])
    assert not any(p in viewer["snippet"] for p in phones)  # ... but never its values
    owner = phone_hit("owner")
    assert any(p in owner["snippet"] for p in phones)
    for role in ("viewer", "analyst"):
        idc = next(h for h in _search(indexed_ws, "身份证号", role=role) if h["column"] == "身份证号")
        assert "******" in idc["snippet"] and not any(i in idc["snippet"] for i in ids)
    with pytest.raises(PandianError):
        _search(indexed_ws, "手机号", role="admin")


def test_reindex_after_deleting_the_folder(indexed_ws, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(indexed_ws, ws)
    before = _where(_search(ws, "下单时间"))
    with open_context(str(ws)) as ctx:
        count = open_store(ctx).count()
        shutil.rmtree(store_path(ctx))
        # the next search notices the empty store and rebuilds it from the catalog
        assert _where(search_catalog(ctx, SearchArgs(query="下单时间"))) == before
        assert open_store(ctx).count() == count
        shutil.rmtree(store_path(ctx))
        out = reindex(ctx)
        assert out["documents"] == count and sync(ctx)["indexed_tables"] == []


def test_cli_persistence_edit_and_corruption(indexed_ws, tmp_path):
    ws = tmp_path / "ws"
    shutil.copytree(indexed_ws, ws)
    # another process edits: the edit is stored and re-indexed at once, in the persistent store
    p = run_cli("dictionary", "edit", "orders.order_time", "--text", "买家提交订单的时刻（北京时间）",
                "--user", "alice", "--json", workspace=ws, check=True)
    out = json.loads(p.stdout)
    assert out["status"] == "edited" and out["lang"] == "zh" and out["author"] == "alice" and out["history"]
    with open_context(str(ws)) as ctx:
        st = open_store(ctx)
        doc = st.col.get(ids=["c:orders:order_time"], include=["metadatas"])["metadatas"][0]
        assert doc["desc_zh"] == "买家提交订单的时刻（北京时间）"
        assert sync(ctx, st)["indexed_tables"] == []  # what the other process wrote is read as is
    # garbage in Chroma's sqlite file: detected, rebuilt from the catalog, and the user is told
    sqlite = ws / "chroma" / "chroma.sqlite3"
    sqlite.write_bytes(b"this is not a database " * 500)
    p = run_cli("search", "下单时间", "--json", workspace=ws)
    assert p.returncode == 0, p.stderr
    assert "rebuilt it from the catalog" in p.stderr
    hits = json.loads(p.stdout)
    assert hits[0]["table"] == "orders" and hits[0]["column"] == "order_time"
    assert "北京时间" in hits[0]["snippet"]  # the human edit came back from the catalog
    assert all(set(h) >= {"table", "column", "score", "snippet"} for h in hits)
