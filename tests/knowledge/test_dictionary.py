"""Data dictionaries on the demo shop and on real files: shape, content, masking in every format, bad input."""
from __future__ import annotations

import json
import re

import pytest
from openpyxl import load_workbook

from knowledge.dictionary import DictionaryArgs, build_dictionary, generate_dictionary
from pandian.context import open_context
from pandian.errors import PandianError, UnknownTableError
from tests.helpers import query, scan_paths
from tools.classify.service import classify_asset
from tools.ingest.runner import save_table

CJK = re.compile(r"[\u3400-\u9fff]")
COLUMN_KEYS = {"name", "type", "semantic_type", "sensitivity", "description", "examples", "quality_notes"}


def _dict(ws, table, **kw):
    with open_context(str(ws)) as ctx:
        return generate_dictionary(ctx, DictionaryArgs(table=table, **kw))


def test_dictionary_shape_and_content(demo_ws):
    d = _dict(demo_ws, "users")
    assert {"table", "description", "domain", "grain", "primary_key", "columns"} <= set(d)
    assert d["table"] == "users" and d["domain"] == "user_profile"
    assert d["primary_key"] == ["user_id"] and "one user" in d["grain"]
    assert d["row_count"] == 200
    assert d["freshness"]["column"] == "register_time" and d["freshness"]["from"] < d["freshness"]["to"]
    assert [j for j in d["join_keys"] if j["column"] == "user_id"][0]["joins"]  # orders.user_id etc.
    names = [c["name"] for c in d["columns"]]
    assert "_row_id" not in names and {"手机号", "身份证号", "age"} <= set(names)
    for c in d["columns"]:
        assert COLUMN_KEYS <= set(c)
        assert c["description_en"].strip() and c["description_zh"].strip()
        assert CJK.search(c["description_zh"]), c["description_zh"]
        assert re.search(r"[A-Za-z]{3}", c["description_en"])
        assert c["description"] == c["description_en"]
    by = {c["name"]: c for c in d["columns"]}
    assert by["age"]["semantic_type"] == "age" and "implausible ages" in " ".join(by["age"]["quality_notes"])
    assert "phone" in by["手机号"]["description_en"].lower()
    # domains of the other demo tables, from their column types and names
    with open_context(str(demo_ws)) as ctx:
        domains = {t: build_dictionary(ctx, t)["domain"] for t in ("orders", "ad_impressions", "products",
                                                                   "user_behavior", "search_queries")}
    assert domains == {"orders": "transaction", "ad_impressions": "advertising", "products": "product",
                       "user_behavior": "user_behavior", "search_queries": "user_behavior"}


def test_chinese_dictionary(demo_ws):
    d = _dict(demo_ws, "orders", lang="zh")
    assert d["lang"] == "zh" and d["domain"] == "transaction" and d["domain_name"] == "交易"
    assert CJK.search(d["description"]) and CJK.search(d["grain"])
    by = {c["name"]: c for c in d["columns"]}
    assert by["order_time"]["description"].startswith("下单时间")
    assert by["pay_amount"]["description"] == by["pay_amount"]["description_zh"]
    assert any("负值" in n for n in by["pay_amount"]["quality_notes"])  # the demo has refunds as negative amounts


def test_pii_examples_masked_in_every_format(demo_ws, tmp_path):
    raw = query(demo_ws, None, 'SELECT "手机号", "身份证号", "姓名" FROM users')
    secrets = {str(v) for row in raw for v in row if v is not None and len(str(v)) >= 2}
    digits = {re.sub(r"\D", "", s) for s in secrets if re.sub(r"\D", "", s)}
    texts = {}
    for role in ("viewer", "owner"):
        for fmt in ("json", "md", "html", "xlsx"):
            out = tmp_path / f"users_{role}.{fmt}"
            d = _dict(demo_ws, "users", format=fmt, out=str(out), role=role)
            assert d["out"] == str(out) and out.exists()
            if fmt == "xlsx":
                wb = load_workbook(out)
                texts[(role, fmt)] = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row
                                               if c.value is not None)
            else:
                texts[(role, fmt)] = out.read_text(encoding="utf-8")
    for key, text in texts.items():
        leaked = [s for s in secrets if s in text] + [s for s in digits if len(s) >= 11 and s in text]
        assert not leaked, (key, leaked[:3])
        assert "****" in text, key  # the masked examples are there, just not the values
    d = json.loads(texts[("viewer", "json")])
    phone = next(c for c in d["columns"] if c["name"] == "手机号")
    assert phone["examples"] and all(re.fullmatch(r"\d{3}\*{4}\d{4}", e) for e in phone["examples"])
    idc = next(c for c in d["columns"] if c["name"] == "身份证号")
    assert idc["sensitivity"] == "L4" and set(idc["examples"]) == {"******"}


def test_unnamed_columns_and_epochs_from_real_file(shared_data, tmp_path):
    ws = tmp_path / "ws"
    scan_paths(ws, None, shared_data / "taobao_user_behavior" / "UserBehavior.csv")
    d = _dict(ws, "user_behavior")
    assert d["domain"] == "user_behavior"
    by = {c["name"]: c for c in d["columns"]}
    assert set(by) == {"col_1", "col_2", "col_3", "col_4", "col_5"}
    for c in d["columns"]:
        for text in (c["description_en"], c["description_zh"]):
            assert "col_" not in text and text.strip()
        assert "no header" in c["description_en"]
    assert "pv" in by["col_4"]["description_en"] and "行为" in by["col_4"]["description_zh"]
    assert "Unix" in by["col_5"]["description_en"]
    assert d["freshness"]["column"] == "col_5" and d["freshness"]["from"].endswith("UTC")


def test_bad_input(demo_ws, tmp_path):
    with open_context(str(demo_ws)) as ctx:
        with pytest.raises(UnknownTableError) as exc:
            generate_dictionary(ctx, DictionaryArgs(table="user"))
        assert "did you mean" in exc.value.render() and "users" in exc.value.render()
        with pytest.raises(PandianError):
            build_dictionary(ctx, "users", lang="fr")
    src = tmp_path / "src"
    src.mkdir()
    (src / "sparse.csv").write_text("item_id,note\n" + "".join(f"{i},\n" for i in range(1, 31)), encoding="utf-8")
    ws = tmp_path / "ws"
    scan_paths(ws, None, src)
    with open_context(str(ws)) as ctx:  # an empty derived table (ingest refuses empty files, a filter may not)
        ctx.warehouse.execute("CREATE TABLE refunds AS SELECT CAST(1 AS BIGINT) AS _row_id, 'O1' AS order_id, "
                              "CAST(1.5 AS DOUBLE) AS refund_amount, 'late' AS reason LIMIT 0")
        save_table(ctx.warehouse, ctx.catalog, "refunds", {"source": "sparse (filtered)", "source_kind": "view"})
        classify_asset(ctx.catalog, "refunds")
    e = _dict(ws, "refunds")
    assert e["row_count"] == 0 and len(e["columns"]) == 3 and all(c["description"] for c in e["columns"])
    assert any("empty" in n for n in e["quality_notes"]) and e["primary_key"] == []
    s = _dict(ws, "sparse")
    note = next(c for c in s["columns"] if c["name"] == "note")
    assert note["description_en"] and any("always empty" in n for n in note["quality_notes"])
    assert s["primary_key"] == ["item_id"]


def test_scan_hook(demo_ws, shared_data, tmp_path, monkeypatch):
    with open_context(str(demo_ws)) as ctx:  # the session's scan wrote drafts and the catalog fields
        versions = ctx.catalog.description_versions("users")
        assert versions and {v.lang for v in versions} == {"zh", "en"} and all(v.status == "draft" for v in versions)
        users = ctx.catalog.get("users")
        assert users.domain == "user_profile" and users.description.startswith("Users")
        assert next(c for c in users.columns if c.name == "手机号").description
    monkeypatch.setenv("PANDIAN_SCAN_DICTIONARY", "0")
    ws = tmp_path / "off"
    scan_paths(ws, None, shared_data / "instacart_small" / "aisles.csv")
    with open_context(str(ws)) as ctx:
        assert ctx.catalog.description_versions("aisles") == [] and ctx.catalog.get("aisles").description is None
    monkeypatch.setenv("PANDIAN_SCAN_DICTIONARY", "1")

    def boom(*args, **kwargs):
        raise RuntimeError("dictionary exploded")

    monkeypatch.setattr("knowledge.dictionary.build_dictionary", boom)
    out = scan_paths(tmp_path / "failing", None, shared_data / "instacart_small" / "departments.csv")
    assert [t["name"] for t in out["tables"]] == ["departments"] and out["tables"][0]["rows"] == 21
    warn = [e for e in out["errors"] if "data dictionary not generated" in e["message"]]
    assert warn and warn[0]["level"] == "warning" and "exploded" in warn[0]["message"]


def test_reload_without_dictionaries_keeps_a_reviewers_edit(shared_data, tmp_path, monkeypatch):
    """Regression: a changed source rescanned with PANDIAN_SCAN_DICTIONARY=0 wiped the catalog descriptions,
    a reviewer's edit included (the versions were kept, the catalog fields were not restored)."""
    from knowledge.edits import edit_description

    src = tmp_path / "aisles.csv"
    src.write_text((shared_data / "instacart_small" / "aisles.csv").read_text(encoding="utf-8"), encoding="utf-8")
    ws = tmp_path / "ws"
    scan_paths(ws, None, src)
    with open_context(str(ws)) as ctx:
        edit_description(ctx, "aisles.aisle", "Aisle name as printed on the shelf sign.", lang="en")
        drafted = ctx.catalog.get("aisles").description
        assert drafted
    with open(src, "a", encoding="utf-8") as fh:
        fh.write("\n999,new aisle\n")
    monkeypatch.setenv("PANDIAN_SCAN_DICTIONARY", "0")
    out = scan_paths(ws, None, src)
    assert out["tables"][0]["status"] != "unchanged"
    with open_context(str(ws)) as ctx:
        aisles = ctx.catalog.get("aisles")
        assert next(c for c in aisles.columns if c.name == "aisle").description == \
            "Aisle name as printed on the shelf sign."
        assert aisles.description == drafted and aisles.rows == 116


def test_composite_key_checked_in_the_warehouse(backend, shared_data):
    """No single key: the pair of id columns is checked in the warehouse itself (DuckDB and PostgreSQL)."""
    ws, url = backend
    scan_paths(ws, url, shared_data / "instacart_small" / "orders.csv", shared_data / "instacart_small" / "users.csv")
    with open_context(str(ws), url) as ctx:
        d = build_dictionary(ctx, "orders", store=True)
        assert d["primary_key"] == ["order_id", "product_id"]
        assert d["grain"].startswith("one product line of an order")
        assert d["domain"] == "transaction"
        assert ctx.catalog.get("orders").domain == "transaction"
        u = build_dictionary(ctx, "users")
        assert u["primary_key"] == ["user_id"] and u["domain"] == "user_profile"
        assert all("*" in e for e in next(c for c in u["columns"] if c["name"] == "name")["examples"])
