"""Bad input, through the real CLI: a clear message naming the source (and line), no partial table."""
from __future__ import annotations

import json
import zipfile

import pytest

from tests.conftest import run_cli
from tests.helpers import query


def _scan_json(path, ws):
    proc = run_cli("scan", str(path), "--json", workspace=ws)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc, json.loads(proc.stdout)


CASES = {
    "empty.csv": (b"", "empty file"),
    "header_only.csv": (b"a,b,c\n", "header only"),
    "picture.csv": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file (PNG image)"),
    "garbage.csv": (bytes(range(256)) * 40, "binary"),
    "unknown_enc.csv": (b"id,v\n1,caf\xe9\n2,na\xefve \xe0 la carte r\xe9sum\xe9\n", "unknown text encoding"),
    "blank.csv": (b"\n\n   \n", "no data"),
    "broken.json": (b'[{"a": 1},\n {"a": 2,,}\n]', "malformed JSON"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_unreadable_file_fails_clearly(tmp_path, name):
    data, expected = CASES[name]
    f = tmp_path / name
    f.write_bytes(data)
    ws = tmp_path / "ws"
    proc, out = _scan_json(f, ws)
    assert proc.returncode != 0
    assert out["tables"] == []
    err = out["errors"][0]
    assert err["level"] == "error" and str(f) in err["source"] and expected in err["message"], err
    assert query(ws, None, "SELECT count(*) FROM duckdb_tables() WHERE NOT internal") == [(0,)]


def test_malformed_json_names_line(tmp_path):
    f = tmp_path / "broken.json"
    f.write_bytes(b'[{"a": 1},\n {"a": 2,,}\n]')
    _, out = _scan_json(f, tmp_path / "ws")
    assert out["errors"][0]["line"] == 2


def test_missing_path_and_unreachable_database(tmp_path):
    ws = tmp_path / "ws"
    proc, out = _scan_json(tmp_path / "nope.csv", ws)
    assert proc.returncode != 0 and "does not exist" in out["errors"][0]["message"]
    proc, out = _scan_json("postgresql://nobody@127.0.0.1:1/none", ws)
    assert proc.returncode != 0
    assert "cannot connect" in out["errors"][0]["message"] and "127.0.0.1:1" in out["errors"][0]["source"]
    proc = run_cli("scan", str(tmp_path / "nope.csv"), workspace=ws)
    assert "error:" in proc.stderr and "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_ragged_rows_go_to_rejects_with_line_and_reason(tmp_path):
    f = tmp_path / "ragged.csv"
    f.write_text("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
    proc, out = _scan_json(f, tmp_path / "ws")
    assert proc.returncode == 0
    t = out["tables"][0]
    assert (t["rows"], t["rejected_rows"]) == (2, 2)
    rej = query(tmp_path / "ws", None, "SELECT _row_id, line, raw, reason, source_file FROM ragged__rejects ORDER BY 1")
    assert rej[0][:3] == (2, 3, "4,5") and "too few fields" in rej[0][3] and rej[0][4] == str(f)
    assert rej[1][:3] == (3, 4, "6,7,8,9") and "too many fields" in rej[1][3]
    assert query(tmp_path / "ws", None, "SELECT _row_id, a FROM ragged ORDER BY 1") == [(1, 1), (4, 10)]


def test_duplicate_and_empty_column_names_renamed_with_warning(tmp_path):
    f = tmp_path / "dup.csv"
    f.write_text("id,name,Name,,x\n1,a,b,c,d\n2,e,f,g,h\n")
    proc, out = _scan_json(f, tmp_path / "ws")
    assert proc.returncode == 0
    assert [c["name"] for c in out["tables"][0]["columns"]] == ["id", "name", "Name_2", "col_4", "x"]
    msgs = " ".join(e["message"] for e in out["errors"])
    assert "duplicate column name" in msgs and "empty name" in msgs


def test_nul_bytes_removed_with_warning(tmp_path):
    f = tmp_path / "nul.csv"
    f.write_bytes(b"id,v\n1,a\x00b\n2,c\n")
    proc, out = _scan_json(f, tmp_path / "ws")
    assert proc.returncode == 0 and out["tables"][0]["rows"] == 2
    assert any("NUL" in e["message"] for e in out["errors"])
    assert query(tmp_path / "ws", None, "SELECT v FROM nul ORDER BY _row_id") == [("ab",), ("c",)]


def test_mislabeled_file_read_as_what_it_is(tmp_path):
    import pandas as pd

    f = tmp_path / "really_parquet.csv"
    pd.DataFrame({"a": [1, 2, 3]}).to_parquet(f)
    proc, out = _scan_json(f, tmp_path / "ws")
    assert proc.returncode == 0 and out["tables"][0]["rows"] == 3
    assert any("does not match its content" in e["message"] for e in out["errors"])


def test_zip_path_traversal_member_refused(tmp_path):
    f = tmp_path / "evil.zip"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("../../escape.csv", "a\n1\n")
        zf.writestr("ok.csv", "a,b\n1,2\n")
    proc, out = _scan_json(f, tmp_path / "ws")
    assert [t["name"] for t in out["tables"]] == ["ok"]
    assert any("unsafe path" in e["message"] for e in out["errors"])
    assert not (tmp_path / "escape.csv").exists()


def test_one_bad_file_does_not_stop_the_folder(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "good.csv").write_text("a,b\n1,2\n")
    (d / "empty.csv").write_bytes(b"")
    proc, out = _scan_json(d, tmp_path / "ws")
    assert proc.returncode == 0
    assert [t["name"] for t in out["tables"]] == ["good"]
    assert any("empty file" in e["message"] for e in out["errors"])
