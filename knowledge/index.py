"""Keep the Chroma store in step with the catalog: one document per table and per column.

Why signatures: the catalog changes from many places (scans, corrections, edits, other processes). Each table
document carries a hash of what its documents were built from; a search re-indexes only tables whose hash
differs and drops tables the catalog no longer has. Deleting the folder therefore loses nothing.
"""
from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from knowledge.bm25 import tokenize
from knowledge.dictionary import build_dictionary
from knowledge.lexicon import SYNONYMS, TYPE_EN
from knowledge.store import KnowledgeStore
from pandian.catalog import Asset
from pandian.context import Context
from pandian.errors import UnknownTableError
from tools.classify.taxonomy import TYPES

INDEX_VERSION = 3  # bump when documents() or the templates change: every table is re-indexed at the next search
_OPEN: dict[str, KnowledgeStore] = {}


def store_path(ctx: Context) -> Path:
    return ctx.workspace.root / "chroma"


def open_store(ctx: Context) -> KnowledgeStore:
    """The workspace's store (one per process and folder); a rebuilt store is reported as a warning."""
    path = store_path(ctx)
    key = str(path)
    st = _OPEN.get(key)
    if st is None or not path.exists():
        if st is not None:
            st.close()
            from knowledge.store import _forget_clients

            _forget_clients()
        st = KnowledgeStore(path)
        _OPEN[key] = st
    if st.recovered and not st.reported:
        st.reported = True
        ctx.report.warn("search index", f"the search index at {path} was unreadable ({st.recovered}); "
                                        "rebuilt it from the catalog")
    return st


def signature(asset: Asset, stamp: int) -> str:
    cols = [(c.name, c.type, c.semantic_type, c.sensitivity, c.description) for c in asset.columns]
    return _signature((asset.name, asset.rows, asset.load_id, asset.description, asset.domain, asset.updated_at),
                      cols, stamp)


def _signature(head: tuple, cols: list[tuple], stamp: int) -> str:
    name, rows, load_id, description, domain, updated_at = head
    raw = json.dumps([INDEX_VERSION, name, rows, load_id, description, domain,
                      updated_at.isoformat() if updated_at else None, stamp, [list(c) for c in cols]],
                     ensure_ascii=False, default=str)
    return hashlib.sha1(raw.encode()).hexdigest()


_CATALOG_SIGS: dict[str, tuple[tuple, dict[str, str]]] = {}


def _catalog_stamp(ctx: Context) -> tuple:
    """Changes whenever the SQLite catalog is written (its file or its WAL)."""
    root = ctx.workspace.root
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in sorted(root.glob("catalog.sqlite*")))


def catalog_signatures(ctx: Context) -> dict[str, str]:
    """Table -> signature, read with two light queries (no profiles) and cached until the catalog changes."""
    from pandian.catalog.models import ColumnMeta

    key = str(ctx.workspace.root)
    stamp = _catalog_stamp(ctx)
    cached = _CATALOG_SIGS.get(key)
    if cached is not None and stamp and cached[0] == stamp:
        return cached[1]

    stamps = ctx.catalog.description_stamps()
    with ctx.catalog.session() as s:
        heads = s.execute(sa.select(Asset.id, Asset.name, Asset.rows, Asset.load_id, Asset.description, Asset.domain,
                                    Asset.updated_at)).all()
        cols: dict[int, list[tuple]] = {}
        for r in s.execute(sa.select(ColumnMeta.asset_id, ColumnMeta.name, ColumnMeta.type, ColumnMeta.semantic_type,
                                     ColumnMeta.sensitivity, ColumnMeta.description)
                           .order_by(ColumnMeta.asset_id, ColumnMeta.position)):
            cols.setdefault(r[0], []).append(tuple(r[1:]))
    sigs = {h[1]: _signature(tuple(h[1:]), cols.get(h[0], []), stamps.get(h[1], 0)) for h in heads}
    _CATALOG_SIGS[key] = (stamp, sigs)
    return sigs


def _type_words(t: str | None) -> tuple[str, str, str]:
    if t in TYPES:
        return TYPE_EN.get(t, t), TYPES[t].zh, TYPES[t].meaning
    return "", "", ""


_GENERIC_PATH = {"data", "csv", "txt", "tsv", "json", "jsonl", "xlsx", "zip", "gz", "tmp", "work", "shared", "file",
                 "files", "export", "exports", "sample", "demo"}


def source_words(source: str | None) -> str:
    """Words of the source's folder and file name (taobao_user_behavior/UserBehavior.csv -> taobao user behavior)."""
    if not source:
        return ""
    tail = re.split(r"[/\\!]", source.split("?")[0])[-2:]
    words = []
    for part in tail:
        part = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", part)
        part = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", part)
        words += [w.lower() for w in re.split(r"[^0-9A-Za-z\u3400-\u9fff]+", part) if w]
    return " ".join(dict.fromkeys(w for w in words if w not in _GENERIC_PATH and not w.isdigit()))


def synonyms(*names: str) -> str:
    from tools.classify.headers import tokens

    out = []
    for n in names:
        for t in tokens(n):
            if t in SYNONYMS:
                out.append(SYNONYMS[t])
    return " ".join(out)


def documents(d: dict[str, Any], sig: str) -> tuple[list[str], list[str], list[dict[str, Any]]]:
    """(ids, texts, metadatas) of one table's dictionary. The embedded text is short English (MiniLM reads
    little Chinese and truncates at 128 tokens); the keyword tokens carry both languages, names and labels
    twice. Examples in them are the dictionary's masked ones."""
    table = d["table"]
    from knowledge.templates import table_label

    t_en, t_zh = table_label(table)
    src = source_words(d.get("source"))
    ids, texts, metas = [], [], []
    text = f"Table {table} ({t_en}; source {src}), {d['domain']} data. {d['description_en']}"
    keywords = " ".join([table, table, t_en, t_en, t_zh, t_zh, src, d["domain_name"], d["description_en"],
                         d["description_zh"], d["grain_en"], d["grain_zh"], synonyms(table)])
    ids.append(f"t:{table}")
    texts.append(text)
    metas.append({"kind": "table", "table": table, "column": "", "type": "", "semantic_type": "",
                  "sensitivity": "", "domain": d["domain"], "signature": sig, "tokens": " ".join(tokenize(keywords)),
                  "desc_en": d["description_en"], "desc_zh": d["description_zh"]})
    for c in d["columns"]:
        ten, tzh, meaning = _type_words(c["semantic_type"])
        label_en, label_zh = c["label_en"], c["label_zh"]
        name = c["name"]
        ex = ", ".join(str(e) for e in c["examples"])
        text = f"{label_en} ({name}) in table {table} ({t_en}; {src}). {c['description_en']} e.g. {ex}"
        keywords = " ".join([name, name, label_en, label_en, label_zh, label_zh, ten, tzh, meaning,
                             c["description_en"], c["description_zh"], table, t_en, t_zh, src,
                             synonyms(name if not c.get("unnamed") else "", label_en, ten)])
        ids.append(f"c:{table}:{name}")
        texts.append(text)
        metas.append({"kind": "column", "table": table, "column": name, "type": c["type"] or "",
                      "semantic_type": c["semantic_type"] or "", "sensitivity": c["sensitivity"] or "",
                      "domain": d["domain"], "tokens": " ".join(tokenize(keywords)),
                      "desc_en": c["description_en"], "desc_zh": c["description_zh"]})
    return ids, texts, metas


def _index(ctx: Context, st: KnowledgeStore, names: list[str], assets: list[Asset]) -> int:
    stamps = ctx.catalog.description_stamps()
    by_name = {a.name: a for a in assets}
    ids: list[str] = []
    texts: list[str] = []
    metas: list[dict[str, Any]] = []
    for name in names:
        asset = by_name.get(name) or ctx.catalog.get(name)
        if asset is None:
            continue
        try:
            d = build_dictionary(ctx, name, store=False, use_llm=False, assets=assets, with_joins=False)
        except UnknownTableError:
            continue  # removed meanwhile (the warehouse reconcile drops tables that are gone)
        except Exception as exc:  # noqa: BLE001 - one odd table must not make the whole catalog unsearchable
            ctx.report.warn(name, f"not indexed for search: {type(exc).__name__}: {exc}")
            continue
        i, t, m = documents(d, signature(asset, stamps.get(name, 0)))
        ids += i
        texts += t
        metas += m
    if names:
        st.delete_tables(names)  # dropped columns must not linger
    st.upsert(ids, texts, metas)
    return len(ids)


def index_tables(ctx: Context, names: list[str]) -> int:
    """Re-index these tables now (after an edit); returns the number of documents written."""
    st = open_store(ctx)
    assets = ctx.catalog.assets()
    return _index(ctx, st, names, assets)


def sync(ctx: Context, st: KnowledgeStore | None = None) -> dict[str, Any]:
    """Bring the store in line with the catalog: index stale or new tables, drop removed ones."""
    st = st or open_store(ctx)
    want = catalog_signatures(ctx)
    indexed = st.table_signatures()
    stale = [n for n, s in want.items() if indexed.get(n) != s]
    gone = [n for n in indexed if n not in want]
    if gone:
        st.delete_tables(gone)
    docs = _index(ctx, st, stale, ctx.catalog.assets()) if stale else 0
    return {"indexed_tables": stale, "removed_tables": gone, "documents": docs}


def _store_answers(st: KnowledgeStore) -> bool:
    """A cheap probe: only a store that cannot even be read is wiped and rebuilt."""
    try:
        st.col.get(limit=1)
        return True
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001
        return False


def ensure_synced(ctx: Context, st: KnowledgeStore) -> dict[str, Any]:
    """sync(), and when the store breaks under our feet (damaged while open), rebuild it once and say so."""
    try:
        return sync(ctx, st)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - chromadb raises Rust panics as BaseException
        if _store_answers(st):
            raise  # the store is fine: the failure is elsewhere (a locked catalog, the embedder); keep the index
        st.recover(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")
        open_store(ctx)  # reports the rebuild
        return sync(ctx, st)


def reindex(ctx: Context) -> dict[str, Any]:
    """Rebuild the whole store from the catalog (the catalog is the source of truth)."""
    started = time.perf_counter()
    st = open_store(ctx)
    try:
        st.reset()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - a damaged store is simply started again
        st.recover(f"{type(exc).__name__}: {exc}")
        open_store(ctx)
    assets = ctx.catalog.assets()
    n = _index(ctx, st, [a.name for a in assets], assets)
    return {"path": str(st.path), "tables": len(assets), "documents": n,
            "seconds": round(time.perf_counter() - started, 3),
            "recovered": st.recovered, "warnings": [w.message for w in ctx.report.warnings]}
