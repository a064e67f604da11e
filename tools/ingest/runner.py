"""Ingest sources into the warehouse: parse, stage, swap in atomically, profile, record in the catalog."""
from __future__ import annotations

import hashlib
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
import pyarrow as pa

from pandian.catalog import Catalog
from pandian.errors import PandianError, SourceError
from pandian.faults import fault_point
from pandian.report import RunReport
from pandian.warehouse import Warehouse, quote_ident
from tools.ingest import database
from tools.ingest.naming import snake_case, unique_name
from tools.ingest.parsers import POS_COL, Parsed, excel_sheets, parse_csv, parse_excel, parse_json, parse_parquet
from tools.ingest.sniff import detect_format, strip_compression_suffix
from tools.profile import profile_table

MAX_ARCHIVE_BYTES = 20 * 1024**3
MAX_ARCHIVE_RATIO = 200
MAX_ARCHIVE_MEMBERS = 10_000
MAX_ARCHIVE_DEPTH = 3  # zip in zip in zip is read; deeper nesting is refused (nested zip bombs)
RATIO_FLOOR = 100 * 1024**2  # below this expansion the ratio is not checked (small archives compress well)
NESTED_TYPES = ("STRUCT", "MAP", "UNION", "JSON")
_HASH_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pandian-hash")


@dataclass
class TableResult:
    name: str
    source: str
    status: str  # loaded | replaced | unchanged
    rows: int = 0
    rejected_rows: int = 0
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class Unit:
    """One thing that becomes one table: a file, an archive member, a sheet or a database table."""

    label: str
    stem: str
    content_hash: Callable[[], str] | None
    parse: Callable[[duckdb.DuckDBPyConnection, str], Parsed]
    source_kind: str = "file"
    source_format: str = "csv"
    post_hash: Callable[[], str] | None = None  # hash known only after streaming (database tables)


@dataclass
class _Budget:
    """What one source may expand to, over all its nested archives together."""

    label: str  # the source, named in the refusal
    packed: int  # bytes of the source file itself
    expanded: int = 0
    members: int = 0


def _check_expansion(label: str, members: int, total: int, packed: int, nested: bool = False) -> None:
    what = "archive (with the archives inside it)" if nested else "archive"
    if members > MAX_ARCHIVE_MEMBERS:
        raise SourceError(f"{what} holds {members:,} files, over the limit of {MAX_ARCHIVE_MEMBERS:,}", source=label)
    if total > MAX_ARCHIVE_BYTES or (total > RATIO_FLOOR and total / packed > MAX_ARCHIVE_RATIO):
        raise SourceError(f"{what} expands to {total:,} bytes from {packed:,} (ratio {total / packed:.0f}:1): "
                          "refused as a possible zip bomb", source=label, hint="unpack it yourself if it is genuine")


def _member_target(out: Path, info: zipfile.ZipInfo) -> Path | None:
    """Where a member goes under `out`; None for an absolute or '..' path (path traversal)."""
    member = PurePosixPath(info.filename.replace("\\", "/"))
    if member.is_absolute() or ".." in member.parts or info.filename.startswith(("/", "\\")) or not member.parts:
        return None
    if len(member.parts[0]) == 2 and member.parts[0][1] == ":":  # C:/...
        return None
    return out / Path(*member.parts)


def _extract(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, label: str) -> None:
    """Stream one member out, never past its declared size (a lying header is refused, not trusted)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zf.open(info) as src, open(target, "wb") as dst:
        copied = 0
        for chunk in iter(lambda: src.read(1 << 20), b""):
            copied += len(chunk)
            if copied > info.file_size + 1024:
                raise SourceError("member is larger than the archive declares: refused", source=label)
            dst.write(chunk)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(8 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Ingestor:
    def __init__(self, warehouse: Warehouse, catalog: Catalog, tmp: Path, report: RunReport,
                 progress: Callable[[str], None] | None = None):
        self.wh = warehouse
        self.catalog = catalog
        self.tmp = tmp
        self.report = report
        self.progress = progress or (lambda _msg: None)
        self.results: list[TableResult] = []

    # -- discovery ---------------------------------------------------------------------------------------
    def ingest(self, source: str) -> None:
        if database.is_database_url(source):
            self._run_all(self._database_units(source))
            return
        path = Path(source).expanduser()
        if not path.exists():
            self.report.fail(source, "path does not exist", hint="check the spelling, or quote paths with spaces")
            return
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
            files = [p for p in found if _data_suffix(p)]
            skipped = [p for p in found if not _data_suffix(p)]
            if skipped:
                self.report.warn(str(path), f"skipped {len(skipped)} file(s) that are not data files: "
                                 + ", ".join(p.name for p in skipped[:5]) + (" ..." if len(skipped) > 5 else ""))
            if not files:
                self.report.fail(str(path), "folder holds no data files",
                                 hint="pandian reads CSV/TSV/TXT, JSON/JSONL, Parquet, .xlsx and gzip/zip of these")
            for f in files:
                self._run_all(self._file_units(f, str(f.resolve())))
        else:
            self._run_all(self._file_units(path, str(path.resolve())))

    def _run_all(self, units: Iterator[Unit]) -> None:
        try:
            for unit in units:
                self.progress(unit.label)
                try:
                    self.results.append(self._ingest_unit(unit))
                except PandianError as exc:
                    self.report.fail(exc.source or unit.label, exc.message, exc.line, exc.hint)
        except PandianError as exc:
            self.report.fail(exc.source, exc.message, exc.line, exc.hint)

    def _file_units(self, path: Path, label: str, nested: bool = False) -> Iterator[Unit]:
        fmt = detect_format(path)
        stem, _ = strip_compression_suffix(path)
        digest = _memo(lambda: file_hash(path))
        if fmt.kind == "zip":
            yield from self._archive_units(path, label, nested)
        elif fmt.kind == "excel":
            sheets = excel_sheets(path)
            for sheet in sheets:
                name = stem if len(sheets) == 1 else f"{stem}_{sheet}"
                yield Unit(label if len(sheets) == 1 else f"{label}#{sheet}", name, digest,
                           lambda con, stage, s=sheet: parse_excel(con, path, s, stage, label),
                           source_format="xlsx")
        else:
            parser = {"csv": parse_csv, "json": parse_json, "parquet": parse_parquet}[fmt.kind]
            yield Unit(label, stem, digest, lambda con, stage: parser(con, path, fmt, stage, self.tmp, label),
                       source_format=fmt.kind)

    def _archive_units(self, path: Path, label: str, nested: bool = False) -> Iterator[Unit]:
        """Members are extracted with zip-bomb and path-traversal checks, then read like files.

        An archive at the top of a source is surveyed first over all its nested archives, so a zip of zips
        (each level small, the whole huge) is refused before anything of it is extracted or loaded.
        """
        if not nested:
            self._survey(path, label, _Budget(label=label, packed=max(1, path.stat().st_size)))
        out = self.tmp / f"zip_{uuid.uuid4().hex[:8]}"
        out.mkdir(parents=True)
        try:
            with zipfile.ZipFile(path) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir()]
                _check_expansion(label, len(infos), sum(i.file_size for i in infos),
                                 max(1, sum(i.compress_size for i in infos)))
                for info in infos:
                    target = _member_target(out, info)
                    if target is None:
                        self.report.fail(f"{label}!{info.filename}", "unsafe path in archive (absolute or '..'): skipped")
                        continue
                    if _hidden(target.relative_to(out)):
                        continue
                    _extract(zf, info, target, f"{label}!{info.filename}")
                    try:
                        yield from self._file_units(target, f"{label}!{info.filename}", nested=True)
                    except PandianError as exc:
                        self.report.fail(exc.source or f"{label}!{info.filename}", exc.message, exc.line, exc.hint)
        except zipfile.BadZipFile as exc:
            raise SourceError(f"corrupt zip archive: {exc}", source=label) from exc
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def _survey(self, path: Path, label: str, budget: "_Budget", depth: int = 0) -> None:
        """Add what this archive and the archives inside it declare to the budget; refuse past the limits.

        Only nested archives are extracted (to a scratch folder, removed after), never the payload files.
        """
        if depth >= MAX_ARCHIVE_DEPTH:
            raise SourceError(f"archives nested more than {MAX_ARCHIVE_DEPTH} levels deep ({label}): refused as a "
                              "possible zip bomb", source=budget.label, hint="unpack the archive and scan its files")
        scratch = self.tmp / f"survey_{uuid.uuid4().hex[:8]}"
        try:
            with zipfile.ZipFile(path) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir()]
                budget.members += len(infos)
                budget.expanded += sum(i.file_size for i in infos)
                _check_expansion(budget.label, budget.members, budget.expanded, budget.packed, nested=depth > 0)
                for info in infos:
                    target = _member_target(scratch, info)
                    if target is None or _hidden(target.relative_to(scratch)):
                        continue
                    with zf.open(info) as src:
                        magic = src.read(4)
                    if not magic.startswith(b"PK\x03\x04"):
                        continue
                    _extract(zf, info, target, f"{label}!{info.filename}")
                    try:
                        with zipfile.ZipFile(target) as inner:
                            if any(n.startswith("xl/") for n in inner.namelist()):
                                continue  # an Excel workbook is read as a file, not opened as an archive
                    except zipfile.BadZipFile:
                        continue  # reported when the member is read
                    self._survey(target, f"{label}!{info.filename}", budget, depth + 1)
                    target.unlink(missing_ok=True)
        except zipfile.BadZipFile as exc:
            raise SourceError(f"corrupt zip archive: {exc}", source=label) from exc
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _database_units(self, url: str) -> Iterator[Unit]:
        engine, safe = database.open_source(url)
        try:
            tables = database.list_tables(engine, safe)
            if not tables:
                self.report.warn(safe, "database holds no tables")
            for t in tables:
                hasher = hashlib.sha256()

                def parse(con: duckdb.DuckDBPyConnection, stage: str, t: database.DbTable = t,
                          hasher: Any = hasher) -> Parsed:
                    reader = pa.RecordBatchReader.from_batches(t.schema, database.stream_table(engine, t, hasher))
                    con.register("__pandian_db_in", reader)
                    try:
                        con.execute(f"CREATE TABLE {quote_ident(stage)} AS SELECT * FROM __pandian_db_in")
                    finally:
                        con.unregister("__pandian_db_in")
                    names = list(t.schema.names)
                    return Parsed(stage=stage, names=names, unnamed=[False] * len(names),
                                  options={"table": t.name, "order_by": t.order_by})

                yield Unit(t.label, t.name, None, parse, source_kind="database", source_format="table",
                           post_hash=hasher.hexdigest)
        finally:
            engine.dispose()

    # -- one unit ----------------------------------------------------------------------------------------
    def _ingest_unit(self, unit: Unit) -> TableResult:
        started = time.perf_counter()
        existing = self.catalog.find_by_source(unit.label)
        digest: str | None = None
        hashing: Future[str] | None = None
        if unit.content_hash and existing is not None:
            digest = unit.content_hash()
            if existing.content_hash == digest and self.wh.table_exists(existing.name):
                return TableResult(existing.name, unit.label, "unchanged", existing.rows, existing.rejected_rows)
        elif unit.content_hash:
            # a new source: hash it on another core while DuckDB parses (hashlib releases the GIL)
            hashing = _HASH_POOL.submit(unit.content_hash)
        taken = set(self.catalog.names()) | set(self.wh.list_tables())
        name = existing.name if existing else unique_name(snake_case(unit.stem), taken)
        load_id = uuid.uuid4().hex[:12]
        stage, new, new_rej = f"__pandian_stage_{load_id}", f"__pandian_new_{load_id}", f"__pandian_newrej_{load_id}"
        parser = self.wh.parse_connection()
        own_parser = parser is not getattr(self.wh, "con", None)
        try:
            parsed = unit.parse(parser, stage)
            if hashing is not None:
                digest = hashing.result()
            if unit.post_hash is not None:
                digest = unit.post_hash()
                if existing and digest and existing.content_hash == digest and self.wh.table_exists(existing.name):
                    return TableResult(existing.name, unit.label, "unchanged", existing.rows, existing.rejected_rows)
            staged_rows = int(parser.execute(f"SELECT count(*) FROM {quote_ident(stage)}").fetchone()[0])
            if staged_rows == 0 and not parsed.rejects:
                raise SourceError("no data rows", source=unit.label)
            rows = self.wh.materialize(parser, _final_select(parser, parsed), new)
            rejected = len(parsed.rejects)
            swaps = [(new, name)]
            drops: list[str] = []
            if rejected:
                _stage_rejects(parser, parsed, f"{stage}_r", unit.label)
                self.wh.materialize(parser, f"SELECT * FROM {quote_ident(stage + '_r')} ORDER BY _row_id", new_rej)
                swaps.append((new_rej, f"{name}__rejects"))
            else:
                drops.append(f"{name}__rejects")
            fault_point("before_publish")
            self.wh.publish(swaps, drops, {"table_name": name, "load_id": load_id, "source": unit.label,
                                           "content_hash": digest, "rows": rows, "rejected_rows": rejected})
            fault_point("after_publish")
        except Exception:
            for t in (new, new_rej):
                try:
                    self.wh.drop(t)
                except Exception:
                    pass
            raise
        finally:
            for t in (stage, f"{stage}_r"):
                try:
                    parser.execute(f"DROP TABLE IF EXISTS {quote_ident(t)}")
                except duckdb.Error:
                    pass
            if own_parser:
                parser.close()
        loaded = time.perf_counter()
        for w in parsed.warnings:
            self.report.warn(unit.label, w)
        if rejected:
            first = parsed.rejects[0]
            self.report.warn(unit.label, f"{rejected} row(s) rejected into {name}__rejects (first: {first['reason']})",
                             line=first["line"])
        save_table(self.wh, self.catalog, name, {
            "source": unit.label, "source_kind": unit.source_kind, "source_format": unit.source_format,
            "content_hash": digest, "load_id": load_id, "rows": rows, "rejected_rows": rejected,
            "options": parsed.options}, unnamed=dict(zip(parsed.names, parsed.unnamed)))
        self.catalog.add_lineage(unit.label, name, "ingest")
        done = time.perf_counter()
        timings = {"ingest_s": round(loaded - started, 3), "profile_s": round(done - loaded, 3)}
        return TableResult(name, unit.label, "replaced" if existing else "loaded", rows, rejected, parsed.warnings,
                           timings)


def save_table(wh: Warehouse, catalog: Catalog, name: str, fields: dict[str, Any],
               unnamed: dict[str, bool] | None = None) -> None:
    """Profile a published table and write its catalog entry (one catalog transaction)."""
    prof = profile_table(wh, name)
    cols = []
    for c in prof["columns"]:
        cols.append({
            "name": c["name"], "type": c["type"], "unnamed": bool((unnamed or {}).get(c["name"], False)),
            "null_fraction": c["null_fraction"], "distinct_count": c["distinct_count"],
            "distinct_is_approx": c["distinct_is_approx"], "profile": c,
        })
    table_prof = {k: v for k, v in prof.items() if k != "columns"}
    catalog.save_asset({"name": name, "size_bytes": prof.get("size_bytes"), "profile": table_prof, **fields}, cols)


def _final_select(con: duckdb.DuckDBPyConnection, parsed: Parsed) -> str:
    """Stage -> final table: `_row_id` first, columns renamed, nested values as JSON text."""
    desc = con.execute(f"DESCRIBE {quote_ident(parsed.stage)}").fetchall()
    src_cols = [(r[0], r[1]) for r in desc if r[0] != POS_COL]
    exprs = []
    for (col, typ), name in zip(src_cols, parsed.names):
        e = quote_ident(col)
        if typ.upper().startswith(NESTED_TYPES) or typ.endswith("[]") or "[" in typ:
            e = f"CAST(to_json({e}) AS VARCHAR)"
        elif name in parsed.casts:
            e = f"CAST({e} AS {parsed.casts[name]})"
        exprs.append(f"{e} AS {quote_ident(name)}")
    stage = quote_ident(parsed.stage)
    if parsed.explicit_positions:
        rid = f"CAST({POS_COL} AS BIGINT)"
        return f"SELECT {rid} AS _row_id, {', '.join(exprs)} FROM {stage} ORDER BY {POS_COL}"
    if not parsed.rejects:
        return f"SELECT CAST(rowid + 1 AS BIGINT) AS _row_id, {', '.join(exprs)} FROM {stage}"
    # accepted row k sits at source position k + #(rejects r_j with r_j - j < k)
    gaps = sorted(r["data_row"] for r in parsed.rejects)
    values = ", ".join(f"({g - j})" for j, g in enumerate(gaps, start=1))
    return (f"WITH s AS (SELECT rowid + 1 AS k, * FROM {stage}), g(a) AS (VALUES {values}) "
            f"SELECT CAST(k + (SELECT count(*) FROM g WHERE g.a < s.k) AS BIGINT) AS _row_id, {', '.join(exprs)} "
            f"FROM s")


def _stage_rejects(con: duckdb.DuckDBPyConnection, parsed: Parsed, table: str, label: str) -> None:
    tbl = pa.table({
        "_row_id": pa.array([r["data_row"] for r in parsed.rejects], pa.int64()),
        "source_file": pa.array([label] * len(parsed.rejects), pa.string()),
        "line": pa.array([r["line"] for r in parsed.rejects], pa.int64()),
        "raw": pa.array([r["raw"] for r in parsed.rejects], pa.string()),
        "reason": pa.array([r["reason"] for r in parsed.rejects], pa.string()),
    })
    con.register("__pandian_rej_in", tbl)
    try:
        con.execute(f"CREATE TABLE {quote_ident(table)} AS SELECT * FROM __pandian_rej_in")
    finally:
        con.unregister("__pandian_rej_in")


def _memo(fn: Callable[[], str]) -> Callable[[], str]:
    box: list[str] = []

    def inner() -> str:
        if not box:
            box.append(fn())
        return box[0]

    return inner


DATA_SUFFIXES = {".csv", ".tsv", ".txt", ".dat", ".psv", ".tab", ".json", ".jsonl", ".ndjson", ".parquet", ".pq",
                 ".xlsx", ".xlsm", ".zip", ".gz", ".gzip", ""}


def _data_suffix(p: Path) -> bool:
    """In a folder scan, read data files and leave docs, code and images alone."""
    return p.suffix.lower() in DATA_SUFFIXES


def _hidden(rel: Path) -> bool:
    return any(part.startswith((".", "__MACOSX")) or part in ("Thumbs.db", "desktop.ini") for part in rel.parts)


def reconcile(wh: Warehouse, catalog: Catalog, report: RunReport | None = None) -> None:
    """Bring the catalog in line with the warehouse after a crash: the warehouse's load records win."""
    wh.cleanup_staging()
    loads = wh.loads()
    tables = set(wh.list_tables())
    for asset in catalog.assets():
        if asset.source_kind in ("file", "database") and asset.name not in tables:
            catalog.delete_asset(asset.name)
            if report:
                report.warn(asset.name, "table no longer in the warehouse; removed from the catalog")
    known = {a.name: a for a in catalog.assets()}
    for name, load in loads.items():
        if name not in tables:
            continue
        asset = known.get(name)
        if asset is None or asset.load_id != load["load_id"]:
            save_table(wh, catalog, name, {
                "source": load["source"], "source_kind": asset.source_kind if asset else "file",
                "source_format": asset.source_format if asset else None, "content_hash": load["content_hash"],
                "load_id": load["load_id"], "rows": int(load["rows"] or 0),
                "rejected_rows": int(load["rejected_rows"] or 0), "options": asset.options if asset else None},
                unnamed={c: c.startswith("col_") for c, _ in wh.columns(name)})
            if report:
                report.warn(name, "catalog entry recovered from the warehouse after an interrupted run")

