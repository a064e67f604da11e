"""Property tests (hypothesis) of the code that reads untrusted text.

- format validators: never raise, whatever the input (text, bytes, numbers, huge values);
- cleaning value parsers: the Python twins never raise, and agree with the SQL the cleaner runs in the
  warehouse on the same values (numbers, dates, times, shapes, text normalisation);
- the delimiter/encoding sniffer: arbitrary bytes end in a result or a SourceError, nothing else;
- the chat SQL guard: random SQL-ish strings raise nothing but PandianError, and whatever it accepts is one
  SELECT/WITH that changes nothing when run (the database is fingerprinted before and after).
"""
from __future__ import annotations

import inspect
import tempfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

EXAMPLES = 200
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                                   HealthCheck.function_scoped_fixture])

# --- validators -------------------------------------------------------------------------------------------

FORMATISH = st.text(alphabet="0123456789Xx+-.:/@ _()#年月日号时分秒ABCDEFabcdef:%&=?,;'\"\t\n\u3000\uff11", max_size=60)
ANYTHING = st.one_of(st.text(), FORMATISH, st.binary().map(lambda b: b.decode("latin-1")), st.binary(), st.none(),
                     st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                     st.decimals(allow_nan=True, allow_infinity=True), st.lists(st.text(max_size=5), max_size=3),
                     st.text(min_size=500, max_size=600))


def _validators():
    import tools.classify.validators as V

    return [(n, getattr(V, n)) for n in V.__all__ if callable(getattr(V, n)) and n != "match_fraction"]


@SETTINGS
@given(value=ANYTHING)
def test_validators_never_raise(value):
    import tools.classify.validators as V

    for name, fn in _validators():
        params = inspect.signature(fn).parameters
        out = fn(value)
        assert out is None or isinstance(out, (bool, str)), (name, value, out)
        if "allow_15" in params:
            fn(value, allow_15=False)
    assert V.match_fraction([value, value], V.is_email)[1] >= 0


# --- cleaning value parsers: Python twins vs the SQL the cleaner runs ----------------------------------------

NUMBERISH = st.one_of(
    st.from_regex(r"\A[+-]?\s?(¥|￥|\$|US\$|€|£|RMB)?\s?[+-]?[0-9]{1,4}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?\s?(万|亿)?(元|块|RMB|USD)?\Z"),
    st.from_regex(r"\A[+-]?([0-9]{1,12}\.?[0-9]{0,4}|\.[0-9]{1,4})([eE][+-]?[0-9]{1,3})?\Z"),
    st.text(alphabet="0123456789,.+-¥$万元 eE", max_size=14), st.text(max_size=12))
COMMAISH = st.one_of(
    st.from_regex(r"\A[+-]?\s?(€|R\$|EUR)?\s?[+-]?[0-9]{1,4}([. \u00a0][0-9]{3}){0,3}(,[0-9]{1,3})?\s?(€|zł|Kč|PLN)?\Z"),
    st.text(alphabet="0123456789,.+- €zł\u00a0R$", max_size=14), st.text(max_size=12))
DATEISH = st.one_of(
    st.from_regex(r"\A(19|20)[0-9]{2}[-/.][01]?[0-9][-/.][0-3]?[0-9]([ T][0-2]?[0-9]:[0-5][0-9](:[0-6][0-9](\.[0-9]{1,6})?)?)?Z?\Z"),
    st.from_regex(r"\A(19|20)[0-9]{2}[01][0-9][0-3][0-9]([ T]?[0-2][0-9][0-5][0-9][0-6][0-9])?\Z"),
    st.from_regex(r"\A[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}[日号]\s?([0-9]{1,2}[:时点][0-9]{1,2}分?)?\Z"),
    st.integers(9 * 10**8, 3 * 10**12).map(str),
    st.text(alphabet="0123456789-/.: T年月日", max_size=22), st.text(max_size=12))
TIMEISH = st.one_of(st.from_regex(r"\A[0-2]?[0-9]:[0-6][0-9](:[0-6][0-9])?\s?([aApP]\.?\s?[mM]\.?)?\Z"),
                    st.text(alphabet="0123456789: apm.", max_size=12))
TEXTISH = st.one_of(st.text(), st.text(alphabet=" \t\n\r\f\v\u00a0\u3000\uff21\uff41\uff10xX中文", max_size=12))


@pytest.fixture(scope="module")
def duck():
    con = duckdb.connect()
    yield con
    con.close()


def _sql(con, exprs_of_x: list[str], values: list[str]) -> dict[str, tuple]:
    """Each value -> the SQL expressions evaluated on it, in one query for the whole batch."""
    rows = con.execute(f"SELECT x, {', '.join(exprs_of_x)} FROM (SELECT unnest(CAST(? AS VARCHAR[])) AS x)",
                       [values]).fetchall()
    return {r[0]: r[1:] for r in rows}


# one example is a batch of values (one SQL query); shrinking still finds the smallest failing value
BATCH = dict(min_size=1, max_size=50)
BATCH_SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.function_scoped_fixture])


@BATCH_SETTINGS
@given(vs=st.lists(NUMBERISH, **BATCH))
def test_number_parser_python_and_sql_agree(duck, vs):
    from tools.clean import rules as R
    from tools.clean import sqlgen as G

    value, reason = G.number_parse("x", "plain", "DOUBLE")
    got = _sql(duck, [value, reason], vs)
    for v in vs:
        py, fam = R.parse_number(v), R.number_family(v)  # must not raise
        sql, why = got[v]
        if py is None:
            assert sql is None and why == R.UNPARSEABLE, (v, sql, why)
        else:
            assert sql is not None and (sql == py or abs(sql - py) <= 1e-9 * max(1.0, abs(py))), (v, py, sql)
            assert (why == R.NUMBER_FORMAT) == (fam == "formatted"), (v, fam, why)


@BATCH_SETTINGS
@given(vs=st.lists(COMMAISH, **BATCH))
def test_decimal_comma_parser_python_and_sql_agree(duck, vs):
    from tools.clean import rules as R
    from tools.clean import sqlgen as G

    value, reason = G.number_parse("x", "comma", "DOUBLE")
    got = _sql(duck, [value, reason], vs)
    R.decimal_comma_column(vs)  # must not raise
    for v in vs:
        py = R.comma_number(v)
        sql, why = got[v]
        if py is None:
            assert sql is None and why == R.UNPARSEABLE, (v, sql, why)
        else:
            assert why is None and sql is not None and abs(sql - py) <= 1e-9 * max(1.0, abs(py)), (v, py, sql)


@BATCH_SETTINGS
@given(vs=st.lists(DATEISH, **BATCH))
def test_date_family_python_and_sql_agree(duck, vs):
    from tools.clean import rules as R
    from tools.clean import sqlgen as G

    value, reason = G.text_to_timestamp("x", "iso", True, "TIMESTAMP")
    got = _sql(duck, [G._family_case("x"), value, reason], vs)
    for v in vs:
        fam = R.date_family(v)  # must not raise
        sql_fam, ts, why = got[v]
        if fam in ("unix_s", "unix_ms"):
            assert ts is not None, v
        else:
            assert sql_fam == fam, (v, fam, sql_fam)
            if fam is None:
                assert ts is None and why == R.UNPARSEABLE, (v, ts)


@BATCH_SETTINGS
@given(vs=st.lists(TIMEISH, **BATCH))
def test_time_parser_python_and_sql_agree(duck, vs):
    from tools.clean import rules as R
    from tools.clean import sqlgen as G

    value, _ = G.text_to_time("x", "24h")
    got = _sql(duck, [value], vs)
    for v in vs:
        fam = R.time_family(v)  # must not raise
        assert (fam is not None) == (got[v][0] is not None), (v, fam)


@BATCH_SETTINGS
@given(vs=st.lists(TEXTISH, **BATCH))
def test_text_normalisation_and_shapes_python_and_sql_agree(duck, vs):
    from tools.clean import rules as R
    from tools.clean import sqlgen as G

    got = _sql(duck, [G.coarse_pattern_sql("x"), G.normalized("x")], vs)
    for v in vs:
        assert got[v] == (R.coarse_pattern(v), R.normalize_text(v)), v
        R.spelling_map({v: 1, v + "x": 40})  # never raises
        R.typo_budget(v), R.spelling_key(v), R.has_cjk(v)


# --- the sniffer ------------------------------------------------------------------------------------------

BYTES = st.one_of(
    st.binary(max_size=4000),
    st.lists(st.sampled_from([b"a", b",", b";", b"\t", b"|", b'"', b"\n", b"\r\n", b"\x00", b"\xff", b"\xe4\xb8\xad",
                              b"\xd6\xd0", b"1", b"2024-01-01", b" ", b"\xef\xbb\xbf", b"PK\x03\x04", b"\x1f\x8b",
                              b"PAR1", b"{", b"[", b"x" * 200]), max_size=400).map(b"".join),
    st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
    st.text(max_size=500).map(lambda t: t.encode("gb18030")))


@SETTINGS
@given(data=BYTES, name=st.sampled_from(["f.csv", "f.txt", "f.json", "f.tsv", "f", "f.csv.gz", "f.xlsx"]))
def test_sniffer_raises_nothing_but_source_error(data, name):
    from pandian.errors import SourceError
    from tools.ingest.sniff import detect_format, sniff_csv

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(data)
        try:
            fmt = detect_format(path)
            if fmt.kind == "csv":
                dialect = sniff_csv(path, fmt.compression)
                assert dialect.names and len(dialect.names) == len(dialect.unnamed)
        except SourceError as exc:
            assert exc.message and exc.source == str(path)


# --- the chat SQL guard -----------------------------------------------------------------------------------

TABLES = {"orders", "users"}
PIECES = ["SELECT", "WITH", "x AS (", ")", "*", "1", "count(*)", "FROM", "orders", "users", "WHERE", "id = 1",
          ";", "--", "/*", "*/", "DROP TABLE orders", "DELETE FROM orders", "INSERT INTO orders VALUES (1)",
          "UPDATE orders SET id = 2", "CREATE TABLE t AS", "ATTACH 'x.db' AS x", "COPY orders TO 'out.csv'",
          "PRAGMA", "SET", "CALL", "EXPORT DATABASE 'd'", "INSTALL httpfs", "LOAD httpfs", "read_csv('/etc/passwd')",
          "query('DROP TABLE orders')", "getenv('HOME')", "glob('*')", "UNION ALL", "RETURNING *", "(", ",",
          "'", '"', "name", "AS", "ORDER BY 1", "LIMIT 5", "INTO", "TRUNCATE orders", "ALTER TABLE orders",
          "BEGIN", "COMMIT", "main.orders", "information_schema.tables", "'/tmp/x.parquet'", "VALUES (1)",
          "DETACH x", "CHECKPOINT", "VACUUM", "SUMMARIZE orders", "DESCRIBE orders", "SHOW TABLES", "EXPLAIN",
          "FROM orders SELECT *", "pg_read_file('x')", "sqlite_scan('x', 't')", "duckdb_tables()", "\n", "$$"]
SQLISH = st.one_of(st.lists(st.sampled_from(PIECES), min_size=1, max_size=12).map(" ".join),
                   st.text(max_size=80), st.lists(st.sampled_from(PIECES + ["SELECT * FROM orders"]),
                                                  min_size=1, max_size=4).map(";".join))


@pytest.fixture(scope="module")
def guarded_db(tmp_path_factory):
    con = duckdb.connect(str(tmp_path_factory.mktemp("guard") / "g.duckdb"))
    con.execute("CREATE TABLE orders AS SELECT range AS id, 'o' || range AS name FROM range(20)")
    con.execute("CREATE TABLE users AS SELECT range AS id, 'u' || range AS name FROM range(5)")
    yield con
    con.close()


def _fingerprint(con) -> tuple:
    tables = con.execute("SELECT database_name, schema_name, table_name FROM duckdb_tables() ORDER BY ALL").fetchall()
    data = [con.execute(f'SELECT count(*), sum(hash(COLUMNS(*))) FROM "{t[2]}"').fetchone() for t in tables]
    return tuple(tables), tuple(data), tuple(con.execute("SELECT database_name FROM duckdb_databases() ORDER BY 1"
                                                         ).fetchall())


@SETTINGS
@given(sql=SQLISH)
def test_sql_guard_accepts_only_harmless_selects(guarded_db, sql):
    from sqlglot import exp

    from pandian.errors import PandianError
    from tools.sql.guard import WRITE_NODES, check

    try:
        q = check(sql, TABLES)
    except PandianError as exc:
        assert exc.message
        return
    assert isinstance(q.tree, exp.Query), sql
    assert not any(isinstance(n, WRITE_NODES) for n in q.tree.walk()), sql
    assert set(q.tables) <= TABLES
    before = _fingerprint(guarded_db)
    try:
        guarded_db.execute("BEGIN TRANSACTION")
        guarded_db.execute(f"SELECT * FROM ({q.sql}) AS pandian_q LIMIT 5").fetchall()
    except duckdb.Error:
        pass  # a query may fail (types, names): what matters is that it changes nothing
    finally:
        guarded_db.execute("ROLLBACK")
    assert _fingerprint(guarded_db) == before, sql


def test_sql_guard_known_attacks_are_refused():
    from pandian.errors import PandianError
    from tools.sql.guard import check

    attacks = ["SELECT 1; DROP TABLE orders", "WITH d AS (DELETE FROM orders RETURNING *) SELECT * FROM d",
               "SELECT * FROM read_csv('/etc/passwd')", "SELECT * FROM '/etc/passwd'", "COPY orders TO '/tmp/o'",
               "SELECT * FROM main.orders", "ATTACH '/tmp/x.db'", "SELECT * FROM query('DROP TABLE orders')",
               "SELECT getenv('HOME')", "PRAGMA database_list", "SET memory_limit='1GB'", "CALL duckdb_tables()",
               "SELECT * FROM glob('/*')", "INSTALL httpfs", "SELECT * FROM orders; SELECT 1",
               "SELECT * FROM duckdb_settings()", "SELECT current_setting('memory_limit')",
               "SELECT * FROM sqlite_scan('/tmp/x.db', 't')", "EXPORT DATABASE '/tmp/d'", "DETACH x",
               "SELECT * FROM orders UNION ALL SELECT * FROM secrets", "SELECT load_extension('x')",
               "UPDATE orders SET id = 1", "SELECT * FROM orders, LATERAL read_parquet('x')"]
    for sql in attacks:
        with pytest.raises(PandianError):
            check(sql, TABLES)
