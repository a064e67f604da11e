"""Parse one source into a DuckDB staging table plus a rejects list; one function per format."""
from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pandian.errors import SourceError
from pandian.warehouse.base import quote_ident, sql_literal
from tools.ingest.sniff import WHITESPACE, FileFormat, detect_header, normalize_columns, sniff_csv
from tools.ingest.transcode import transcode

MAX_LINE_BYTES = 8 * 1024 * 1024
MAX_COLUMNS = 10_000
POS_COL = "__pandian_pos"


@dataclass
class Parsed:
    """A staged source: table `stage` in the parser connection, rows in source order."""

    stage: str
    names: list[str]  # final column names, stage columns renamed in order
    unnamed: list[bool]
    rejects: list[dict[str, Any]] = field(default_factory=list)  # data_row, line, raw, reason
    options: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    explicit_positions: bool = False  # stage carries POS_COL
    casts: dict[str, str] = field(default_factory=dict)  # column -> type to cast to in the final table


def parse_csv(con: duckdb.DuckDBPyConnection, path: Path, fmt: FileFormat, stage: str, tmp: Path,
              source: str) -> Parsed:
    dialect = sniff_csv(path, fmt.compression)
    if len(dialect.names) > MAX_COLUMNS:
        raise SourceError(f"{len(dialect.names)} columns is over the limit of {MAX_COLUMNS}", source=source,
                          line=1, hint="split the file or transpose it")
    warnings = list(fmt.warnings) + list(dialect.warnings)
    read_path, compression, delim, quote = path, fmt.compression, dialect.delimiter, '"'
    if dialect.needs_transcode:
        read_path = tmp / f"{stage}.csv"
        warnings += transcode(path, fmt.compression, dialect, read_path)
        compression = None
        if delim == WHITESPACE:
            delim, quote = "\t", ""
    options = {"encoding": dialect.encoding, "delimiter": "whitespace" if dialect.delimiter == WHITESPACE else delim,
               "header": dialect.header, "compression": fmt.compression}
    varchar_cols: set[str] = set()
    casts: dict[str, str] = {}
    base = [sql_literal(str(read_path)), f"delim={sql_literal(delim)}", f"header={str(dialect.header).lower()}",
            f"quote={sql_literal(quote)}", f"escape={sql_literal(quote)}", "skip=0",
            f"max_line_size={MAX_LINE_BYTES}", "null_padding=false", "strict_mode=true"]
    if compression:
        base.append(f"compression={sql_literal(compression)}")
    try:
        try:
            for attempt in range(3):
                typed = ["auto_detect=true", "sample_size=20480",
                         f"names=[{', '.join(sql_literal(n) for n in dialect.names)}]"]
                if varchar_cols:
                    types = ", ".join(f"{sql_literal(c)}: 'VARCHAR'" for c in sorted(varchar_cols))
                    typed.append(f"types={{{types}}}")
                errs = _read_csv(con, stage, base + typed)
                cast_cols = {e[4] for e in errs if e[2] == "CAST" and e[4]}
                if cast_cols and attempt < 2:
                    # a value the type sample did not foresee: keep the column as text rather than reject rows
                    varchar_cols |= cast_cols
                    continue
                break
        except duckdb.Error as exc:
            if "sniff" not in str(exc).lower():
                raise
            # DuckDB's sniffer gives up on badly quoted files: read every column as text, reject broken rows,
            # then infer types over the whole column
            cols = ", ".join(f"{sql_literal(n)}: 'VARCHAR'" for n in dialect.names)
            errs = _read_csv(con, stage, base + ["auto_detect=false", f"columns={{{cols}}}"])
            casts = refine_types(con, stage, dialect.names)
            warnings.append("the CSV sniffer could not settle on a dialect; columns were read as text and typed "
                            "from their full contents")
    except duckdb.Error as exc:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(stage)}")
        if "maximum line size" in str(exc).lower():
            line = _first_long_line(path, fmt.compression)
            raise SourceError(f"line {line if line else '?'} is longer than the {MAX_LINE_BYTES // (1024 * 1024)} MiB "
                              "limit for one line: nothing was loaded", source=source, line=line,
                              hint="a line this long is usually a broken quote or not a table; split the field or "
                                   "fix the quoting") from None
        raise SourceError(_duck_message(exc), source=source,
                          hint="check the delimiter, quoting and encoding of the file") from exc
    if varchar_cols:
        warnings.append(f"column(s) {', '.join(sorted(varchar_cols))} kept as text: some values do not fit the "
                        "type of the rest (cleaning can convert them)")
    offset = 1 if dialect.header else 0
    by_line: dict[int, dict[str, Any]] = {}
    for line, raw, etype, msg, col in errs:
        entry = by_line.setdefault(int(line), {"data_row": int(line) - offset, "line": int(line), "raw": raw or "",
                                               "reason": ""})
        reason = _reason(etype, msg, col, len(dialect.names))
        entry["reason"] = f"{entry['reason']}; {reason}" if entry["reason"] else reason
    if dialect.needs_transcode and read_path != path:
        read_path.unlink(missing_ok=True)
    return Parsed(stage=stage, names=dialect.names, unnamed=dialect.unnamed, rejects=list(by_line.values()),
                  options=options, warnings=warnings, casts=casts)


def _read_csv(con: duckdb.DuckDBPyConnection, stage: str, args: list[str]) -> list[tuple]:
    rej_table, rej_scan = f"{stage}_rej", f"{stage}_rejscan"
    con.execute(f"DROP TABLE IF EXISTS {quote_ident(stage)}")
    args = args + ["store_rejects=true", f"rejects_table={sql_literal(rej_table)}",
                   f"rejects_scan={sql_literal(rej_scan)}"]
    try:
        con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM read_csv({', '.join(args)})")
        return con.execute(
            f"SELECT line, csv_line, CAST(error_type AS VARCHAR), error_message, column_name FROM {rej_table} "
            "ORDER BY line").fetchall()
    finally:
        con.execute(f"DROP TABLE IF EXISTS {rej_table}")
        con.execute(f"DROP TABLE IF EXISTS {rej_scan}")


def refine_types(con: duckdb.DuckDBPyConnection, stage: str, names: list[str]) -> dict[str, str]:
    """Type text columns from all their values; leading-zero codes stay text (zip codes, phone numbers)."""
    checks = []
    for n in names:
        c = quote_ident(n)
        checks += [f"count({c})", f"count(TRY_CAST({c} AS BIGINT))", f"count(TRY_CAST({c} AS DOUBLE))",
                   f"count(TRY_CAST({c} AS DATE))", f"count(TRY_CAST({c} AS TIMESTAMP))",
                   f"count(*) FILTER (WHERE regexp_matches({c}, '^[+-]?0[0-9]'))"]
    row = con.execute(f"SELECT {', '.join(checks)} FROM {quote_ident(stage)}").fetchone()
    casts: dict[str, str] = {}
    for i, n in enumerate(names):
        nn, as_int, as_dbl, as_date, as_ts, lead0 = row[i * 6: i * 6 + 6]
        if not nn or lead0:
            continue
        if as_int == nn:
            casts[n] = "BIGINT"
        elif as_dbl == nn:
            casts[n] = "DOUBLE"
        elif as_date == nn:
            casts[n] = "DATE"
        elif as_ts == nn:
            casts[n] = "TIMESTAMP"
    return casts


def _reason(etype: str, msg: str, col: str | None, width: int) -> str:
    etype = (etype or "").upper()
    if etype == "MISSING COLUMNS":
        return f"too few fields (expected {width})"
    if etype == "TOO MANY COLUMNS":
        return f"too many fields (expected {width})"
    if etype == "UNQUOTED VALUE":
        return "unquoted value after a quote"
    if etype == "INVALID UNICODE":
        return "invalid text encoding"
    if etype == "LINE SIZE OVER MAXIMUM":
        return f"line longer than {MAX_LINE_BYTES // (1024 * 1024)} MiB"
    first = (msg or "").splitlines()[0] if msg else etype.lower()
    return f"{etype.lower()}: {first}" + (f" (column {col})" if col else "")


def _first_long_line(path: Path, compression: str | None) -> int | None:
    """The number of the first physical line over MAX_LINE_BYTES (read in bounded pieces, never whole)."""
    opener = gzip.open if compression == "gzip" else open
    try:
        with opener(path, "rb") as fh:
            n = 0
            while True:
                piece = fh.readline(MAX_LINE_BYTES + 2)
                if not piece:
                    return None
                n += 1
                if len(piece) > MAX_LINE_BYTES and not piece.endswith(b"\n"):
                    return n
    except OSError:
        return None


def _duck_message(exc: Exception) -> str:
    text = str(exc)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return lines[0][:500] if lines else type(exc).__name__


def parse_parquet(con: duckdb.DuckDBPyConnection, path: Path, fmt: FileFormat, stage: str, tmp: Path,
                  source: str) -> Parsed:
    read_path = path
    if fmt.compression == "gzip":
        read_path = tmp / f"{stage}.parquet"
        with gzip.open(path, "rb") as src, open(read_path, "wb") as dst:
            shutil.copyfileobj(src, dst)
    try:
        con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM read_parquet({sql_literal(str(read_path))})")
    except duckdb.Error as exc:
        raise SourceError(f"unreadable Parquet file: {_duck_message(exc)}", source=source) from exc
    finally:
        if read_path != path:
            read_path.unlink(missing_ok=True)
    cols = [r[0] for r in con.execute(f"DESCRIBE {quote_ident(stage)}").fetchall()]
    names, unnamed, warns = normalize_columns(cols, True, len(cols))
    return Parsed(stage=stage, names=names, unnamed=unnamed, warnings=fmt.warnings + warns,
                  options={"compression": fmt.compression})


def parse_json(con: duckdb.DuckDBPyConnection, path: Path, fmt: FileFormat, stage: str, tmp: Path,
               source: str) -> Parsed:
    comp = f", compression={sql_literal(fmt.compression)}" if fmt.compression else ""
    rejects: list[dict[str, Any]] = []
    read_path = path
    try:
        con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM read_json({sql_literal(str(path))}, "
                    f"format='auto', records='auto', maximum_object_size={MAX_LINE_BYTES}{comp})")
    except duckdb.Error as exc:
        read_path, rejects = _split_json_lines(path, fmt, tmp / f"{stage}.jsonl", source, exc)
        try:
            con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM read_json({sql_literal(str(read_path))}, "
                        f"format='newline_delimited', records='auto', maximum_object_size={MAX_LINE_BYTES})")
        except duckdb.Error as exc2:
            raise SourceError(f"unreadable JSON: {_duck_message(exc2)}", source=source) from exc2
        finally:
            read_path.unlink(missing_ok=True)
    desc = con.execute(f"DESCRIBE {quote_ident(stage)}").fetchall()
    cols = [r[0] for r in desc]
    if cols == ["json"] and desc[0][1] == "JSON":
        cols = ["value"]
        con.execute(f'ALTER TABLE {quote_ident(stage)} RENAME COLUMN "json" TO value')
    names, unnamed, warns = normalize_columns(cols, True, len(cols))
    return Parsed(stage=stage, names=names, unnamed=unnamed, rejects=rejects, warnings=fmt.warnings + warns,
                  options={"format": "json", "compression": fmt.compression})


def _split_json_lines(path: Path, fmt: FileFormat, out: Path, source: str,
                      exc: Exception) -> tuple[Path, list[dict[str, Any]]]:
    """Malformed JSON Lines: keep the good lines, reject the bad ones with their line numbers."""
    opener = gzip.open if fmt.compression == "gzip" else open
    with opener(path, "rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"["):
        line = None
        try:
            with opener(path, "rt", encoding="utf-8-sig") as fh:
                json.load(fh)
        except json.JSONDecodeError as jexc:
            line = jexc.lineno
            raise SourceError(f"malformed JSON: {jexc.msg} (column {jexc.colno})", source=source, line=line) from exc
        except UnicodeDecodeError as uexc:
            raise SourceError("JSON is not valid UTF-8", source=source) from uexc
        raise SourceError(f"unreadable JSON: {_duck_message(exc)}", source=source) from exc
    rejects: list[dict[str, Any]] = []
    good = 0
    data_row = 0
    with opener(path, "rb") as src, open(out, "w", encoding="utf-8") as dst:
        for lineno, raw in enumerate(src, start=1):
            if not raw.strip():
                continue
            data_row += 1
            text = raw.decode("utf-8", errors="replace").lstrip("\ufeff").strip()
            try:
                obj = json.loads(text)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
            except (ValueError, json.JSONDecodeError) as jexc:
                rejects.append({"data_row": data_row, "line": lineno, "raw": text[:10000],
                                "reason": f"malformed JSON line: {getattr(jexc, 'msg', str(jexc))}"})
                continue
            dst.write(json.dumps(obj, ensure_ascii=False) + "\n")
            good += 1
    if good == 0:
        raise SourceError("no line of this file is a JSON object", source=source, line=1)
    return out, rejects


def parse_excel(con: duckdb.DuckDBPyConnection, path: Path, sheet: str | None, stage: str,
                source: str) -> Parsed:
    """One sheet; fully empty rows carry nothing and are skipped (and counted in a warning)."""
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - installed by default
        raise SourceError("reading .xlsx needs openpyxl: pip install openpyxl", source=source) from exc
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise SourceError(f"unreadable Excel workbook: {exc}", source=source) from exc
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        rows: list[tuple[int, tuple]] = []
        empty = 0
        for idx, row in enumerate(ws.iter_rows(values_only=True), start=1):
            if row is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
                empty += 1
                continue
            rows.append((idx, row))
    finally:
        wb.close()
    if not rows:
        raise SourceError(f"sheet {ws.title!r} is empty", source=source)
    width = max(len(r) for _, r in rows)
    while width > 0 and all(len(r) < width or r[width - 1] is None for _, r in rows):
        width -= 1
    text_rows = [["" if v is None else str(v) for v in r[:width]] + [""] * (width - len(r)) for _, r in rows[:500]]
    header = detect_header(text_rows)
    names, unnamed, warns = normalize_columns(text_rows[0] if header else [], header, width)
    body = rows[1:] if header else rows
    if not body:
        raise SourceError(f"sheet {ws.title!r} has a header but no data rows", source=source, line=1)
    first_line = body[0][0]
    arrays = {POS_COL: pa.array([i - first_line + 1 for i, _ in body], pa.int64())}
    for j, name in enumerate(names):
        vals = [r[j] if j < len(r) else None for _, r in body]
        try:
            arr = pa.array(vals)
            if pa.types.is_null(arr.type):
                arr = pa.array(vals, pa.string())
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            arr = pa.array([None if v is None else str(v) for v in vals], pa.string())
        arrays[name] = arr
    table = pa.table(arrays)
    con.register("__pandian_xlsx", table)
    try:
        con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM __pandian_xlsx")
    finally:
        con.unregister("__pandian_xlsx")
    if empty:
        warns.append(f"{empty} fully empty row(s) skipped")
    return Parsed(stage=stage, names=names, unnamed=unnamed, warnings=warns,
                  options={"sheet": ws.title, "header": header}, explicit_positions=True)


def excel_sheets(path: Path) -> list[str]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [ws.title for ws in wb.worksheets]
    finally:
        wb.close()
