"""Read-only SQL: refused statements execute nothing; results are masked by role, through aliases and CTEs."""
from __future__ import annotations

import json

import pytest

from pandian.demo import generate_demo
from tests.conftest import run_cli
from tests.helpers import query, scan_paths


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    d = tmp_path_factory.mktemp("shop")
    files = generate_demo(d / "demo", scale=2000, seed=4, progress=False)
    ws = d / "ws"
    scan_paths(ws, None, next(f for f in files if f.name == "users.csv"))
    return ws


def _sql(ws, sql, role="viewer", warehouse=None):
    proc = run_cli("sql", sql, "--role", role, "--json", workspace=ws, warehouse=warehouse)
    return proc, (json.loads(proc.stdout) if proc.returncode == 0 else None)


REFUSED = {
    "DROP TABLE users": "only SELECT",
    "SELECT 1; DROP TABLE users": "one statement",
    "DELETE FROM users": "only SELECT",
    "WITH x AS (DELETE FROM users RETURNING *) SELECT * FROM x": "DELETE",
    "SELECT * FROM read_csv('/etc/passwd')": "not allowed",
    "SELECT * FROM query('DROP TABLE users')": "not allowed",
    "SELECT getenv('HOME')": "not allowed",
    "SELECT * FROM '/etc/passwd'": "unknown table",
    "SELECT * FROM information_schema.tables": "not allowed",
    "ATTACH 'x.db' AS x": "only SELECT",
    "COPY users TO '/tmp/out.csv'": "only SELECT",
}


@pytest.mark.parametrize("sql", sorted(REFUSED))
def test_refused_and_nothing_executed(shop, sql):
    proc, _ = _sql(shop, sql)
    assert proc.returncode != 0 and REFUSED[sql] in proc.stderr and "Traceback" not in proc.stderr
    assert query(shop, None, "SELECT count(*) FROM users") == [(200,)]


def test_masking_by_role_follows_values_through_aliases_and_ctes(shop):
    q = 'SELECT "姓名", "手机号", "身份证号", "收货地址", city FROM users ORDER BY user_id LIMIT 3'
    owner = _sql(shop, q, "owner")[1]
    analyst = _sql(shop, q, "analyst")[1]
    viewer = _sql(shop, q, "viewer")[1]
    assert owner["masked_columns"] == {}
    assert analyst["masked_columns"] == {"身份证号": "L4"}
    assert viewer["masked_columns"] == {"姓名": "L3", "手机号": "L3", "身份证号": "L4", "收货地址": "L3"}
    for o, a, v in zip(owner["rows"], analyst["rows"], viewer["rows"]):
        assert a[1] == o[1] and a[2] != o[2] and o[2] not in json.dumps(a)
        for i in range(4):
            assert v[i] != o[i] and o[i] not in json.dumps(viewer)
        assert v[4] == o[4]  # city (L2) stays readable
    evasions = ['SELECT upper(x) AS y FROM (SELECT "手机号" AS x FROM users) t',
                'WITH a AS (SELECT "身份证号" AS k FROM users) SELECT k || \'\' AS z FROM a',
                'SELECT * FROM (SELECT * FROM users) s', 'SELECT min("手机号") AS m FROM users']
    for q in evasions:
        out = _sql(shop, q, "viewer")[1]
        assert out["masked_columns"], q
    counts = _sql(shop, 'SELECT count(DISTINCT "手机号") AS n FROM users', "viewer")[1]
    assert counts["masked_columns"] == {} and counts["rows"][0][0] > 100


def test_masked_columns_cannot_be_probed_by_predicates(shop):
    """Regression: `WHERE 手机号 LIKE '138%'` let a viewer learn masked values one count at a time."""
    probes = ['SELECT count(*) AS n FROM users WHERE "手机号" LIKE \'138%\'',
              'WITH t AS (SELECT "身份证号" AS k FROM users) SELECT count(*) AS n FROM t WHERE k > \'3\'',
              'SELECT user_id FROM users ORDER BY "手机号" LIMIT 1',
              'SELECT sum(CASE WHEN "姓名" LIKE \'王%\' THEN 1 ELSE 0 END) AS n FROM users',
              'SELECT a.user_id FROM users a JOIN users b ON a."手机号" = b."手机号"',
              'SELECT count(*) AS n FROM users WHERE user_id IN (SELECT user_id FROM users WHERE "收货地址" LIKE \'%路%\')']
    for q in probes:
        proc, _ = _sql(shop, q, "viewer")
        assert proc.returncode != 0 and "masked for viewer" in proc.stderr and "Traceback" not in proc.stderr, q
        assert _sql(shop, q, "owner")[1] is not None, q  # a role that may see the column runs it as it is
    analyst = _sql(shop, probes[0], "analyst")[1]  # phones are L3: analysts see them, so may filter on them
    assert analyst is not None and analyst["rows"][0][0] >= 0
    # presence checks and plain counts stay open to everyone
    nulls = _sql(shop, 'SELECT count(*) AS n FROM users WHERE "手机号" IS NOT NULL', "viewer")[1]
    assert nulls is not None and nulls["rows"][0][0] > 0
    grouped = _sql(shop, 'SELECT city, count(*) AS n FROM users GROUP BY city ORDER BY n DESC', "viewer")[1]
    assert grouped is not None and grouped["masked_columns"] == {}


def test_limit_and_truncation(shop):
    out = run_cli("sql", "SELECT user_id FROM users", "--limit", "5", "--json", workspace=shop, check=True)
    res = json.loads(out.stdout)
    assert res["row_count"] == 5 and res["truncated"] is True


def test_hostile_identifiers_are_just_names(tmp_path):
    f = tmp_path / "orders.csv"
    f.write_text('id,"x""; DROP TABLE orders; --",订单 表\n1,a,b\n2,c,d\n', encoding="utf-8")
    ws = tmp_path / "ws"
    scan_paths(ws, None, f)
    proc = run_cli("sql", 'SELECT "x""; DROP TABLE orders; --", "订单 表" FROM orders ORDER BY id', "--json",
                   workspace=ws, check=True)
    assert json.loads(proc.stdout)["rows"] == [["a", "b"], ["c", "d"]]
    assert query(ws, None, "SELECT count(*) FROM orders") == [(2,)]


def test_postgres_warehouse_read_only(backend, tmp_path):
    ws, wh = backend
    f = tmp_path / "t.csv"
    f.write_text("a,b\n1,x\n2,y\n")
    scan_paths(ws, wh, f)
    proc, out = _sql(ws, "SELECT a, b FROM t ORDER BY a", "viewer", wh)
    assert proc.returncode == 0 and out["rows"] == [[1, "x"], [2, "y"]]
    proc, _ = _sql(ws, "UPDATE t SET b = 'z'", "owner", wh)
    assert proc.returncode != 0 and "only SELECT" in proc.stderr
