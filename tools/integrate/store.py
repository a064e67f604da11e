"""Discovered relations kept in WORKSPACE/relations.json so other tools (SQL help, the agent) can read them.

The file is small and rewritten atomically (temp file + rename) after every run. Relations of the tables
a run looked at are replaced; the others are kept. Each relation remembers the load ids of its tables, so
a reader can tell when a table was reloaded since (the relation is then marked stale, not dropped).
"""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any

from pandian.catalog import Catalog

FILE_NAME = "relations.json"


def path_of(root: Path) -> Path:
    return root / FILE_NAME


def read(root: Path) -> list[dict[str, Any]]:
    p = path_of(root)
    if not p.exists():
        return []
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # a hand-damaged file is recomputed by the next run, never fatal
    rels = data.get("relations") if isinstance(data, dict) else None
    return [r for r in rels or [] if isinstance(r, dict) and "left" in r and "right" in r]


def write(root: Path, tables: list[str], rels: list[dict[str, Any]], catalog: Catalog) -> Path:
    """Replace the relations among `tables` by `rels`, keep the rest; atomic."""
    looked = set(tables)
    kept = [r for r in read(root) if not ({_table(r["left"]), _table(r["right"])} <= looked)]
    now = datetime.now().isoformat(timespec="seconds")
    loads = {t: (a.load_id if (a := catalog.get(t)) else None) for t in looked}
    fresh = [{**r, "found_at": now, "load_ids": {_table(r["left"]): loads.get(_table(r["left"])),
                                                 _table(r["right"]): loads.get(_table(r["right"]))}} for r in rels]
    p = path_of(root)
    tmp = p.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"version": 1, "updated_at": now, "relations": kept + fresh}, ensure_ascii=False,
                              indent=1, default=str), encoding="utf-8")
    os.replace(tmp, p)
    return p


def current(root: Path, catalog: Catalog) -> list[dict[str, Any]]:
    """Stored relations whose tables still exist; `stale` when a table was reloaded since."""
    assets = {a.name: a for a in catalog.assets()}
    out = []
    for r in read(root):
        lt, rt = _table(r["left"]), _table(r["right"])
        if lt not in assets or rt not in assets:
            continue
        ids = r.get("load_ids") or {}
        stale = any(ids.get(t) is not None and ids.get(t) != assets[t].load_id for t in (lt, rt))
        out.append({**r, "stale": stale})
    return out


def _table(ref: str) -> str:
    return ref.split(".", 1)[0]  # table names never hold a dot (scan snake-cases them); columns may
