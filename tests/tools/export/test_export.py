"""Exports: whole table, masked by role in every format, spreadsheet formulas neutralised."""
from __future__ import annotations

import csv
import json

import pandas as pd
import pytest

from pandian.demo import generate_demo
from tests.conftest import run_cli
from tests.helpers import scan_paths


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("shop")
    files = generate_demo(d / "demo", scale=2000, seed=6, progress=False)
    ws = d / "ws"
    scan_paths(ws, None, next(f for f in files if f.name == "users.csv"))
    return ws, next(f for f in files if f.name == "users.csv")


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_export_masks_by_role(shop, tmp_path, fmt):
    ws, src = shop
    clear = pd.read_csv(src, dtype=str)
    ids = set(clear["身份证号"].dropna())
    phones = set(clear["手机号"].dropna())
    for role, leaks_id, leaks_phone in (("viewer", False, False), ("analyst", False, True), ("owner", True, True)):
        out = tmp_path / f"users_{role}.{fmt}"
        res = json.loads(run_cli("export", "users", "--out", str(out), "--role", role, "--json", workspace=ws,
                                 check=True).stdout)
        assert res["rows"] == len(clear)
        df = {"csv": lambda p: pd.read_csv(p, dtype=str), "parquet": pd.read_parquet,
              "xlsx": lambda p: pd.read_excel(p, dtype=str)}[fmt](out)
        assert len(df) == len(clear) and "_row_id" not in df.columns
        got_ids = set(df["身份证号"].dropna().astype(str))
        got_phones = set(df["手机号"].dropna().astype(str).str.lstrip("'"))
        assert bool(got_ids & ids) == leaks_id, role
        assert bool(got_phones & phones) == leaks_phone, role


def test_formula_injection_escaped(tmp_path):
    f = tmp_path / "notes.csv"
    f.write_text('id,note\n1,"=HYPERLINK(""http://x"",""click"")"\n2,@SUM(A1)\n3,plain\n', encoding="utf-8")
    ws = tmp_path / "ws"
    scan_paths(ws, None, f)
    out = tmp_path / "notes_out.csv"
    run_cli("export", "notes", "--out", str(out), "--role", "owner", workspace=ws, check=True)
    rows = list(csv.DictReader(open(out, encoding="utf-8")))
    assert rows[0]["note"].startswith("'=HYPERLINK") and rows[1]["note"] == "'@SUM(A1)" and rows[2]["note"] == "plain"


def test_export_bad_target(tmp_path, shop):
    ws, _ = shop
    proc = run_cli("export", "users", "--out", str(tmp_path / "x.txt"), workspace=ws)
    assert proc.returncode != 0 and ".csv, .parquet or .xlsx" in proc.stderr
    proc = run_cli("export", "nosuch", "--out", str(tmp_path / "x.csv"), workspace=ws)
    assert proc.returncode != 0 and "no table named" in proc.stderr
