"""`pandian dictionary TABLE`: a table's data dictionary, from the catalog, in zh or en, as json/md/xlsx/html.

Descriptions in force come from the review history (a human edit always wins); otherwise an LLM draft when one
is configured, otherwise the embedded templates. Every draft is stored, so reviewers can accept or edit it.
Examples are masked: an L3/L4 value never appears in clear in a dictionary, whatever the format.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, Field

from knowledge import templates
from knowledge.edits import HUMAN, LANGS, TEMPLATE_AUTHOR, current_versions
from knowledge.facts import (ALWAYS_MASKED, ColumnFacts, column_facts, composite_candidates, freshness,
                             infer_domain, join_keys, primary_key)
from pandian.catalog import Asset, ColumnMeta
from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import masked_levels
from pandian.warehouse.base import quote_ident

SYSTEM_COLUMNS = ("_row_id",)
FORMATS = ("json", "md", "xlsx", "html")
LLM_BATCH = 60
COMPOSITE_MAX_ROWS = 2_000_000


class DictionaryArgs(BaseModel):
    """Arguments of the data-dictionary tool."""

    table: str
    lang: Literal["zh", "en"] = Field("en", description="zh when the user asks in Chinese")
    format: Literal["json", "md", "xlsx", "html"] = "json"
    out: str | None = Field(None, description="file to write; the format follows its suffix when not given")
    role: str = Field("viewer", description="viewer | analyst | owner (L3/L4 examples are masked for all)")
    refresh: bool = Field(False, description="redraft with the LLM even where a draft exists")


def generate_dictionary(ctx: Context, args: DictionaryArgs) -> dict[str, Any]:
    """Build (and store the drafts of) one table's dictionary; write it to args.out when given."""
    d = build_dictionary(ctx, args.table, lang=args.lang, role=args.role, store=True, use_llm=True,
                         refresh=args.refresh)
    if args.out:
        from knowledge.render import write

        out = Path(args.out).expanduser()
        fmt = args.format
        suffix = out.suffix.lower().lstrip(".")
        if "format" not in args.model_fields_set and suffix in FORMATS + ("markdown", "htm"):
            fmt = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
        write(d, fmt, out)
        d["out"] = str(out)
        d["format"] = fmt
    return d


# -- building ---------------------------------------------------------------------------------------------
_KEY_CACHE: dict[tuple[str, str | None, int], list[str]] = {}


def _composite_key(ctx: Context, asset: Asset, cols: list[ColumnFacts]) -> list[str]:
    """Two id columns that together identify a row, checked in the warehouse (cached per load)."""
    key = (asset.name, asset.load_id, asset.rows)
    if key in _KEY_CACHE:
        return _KEY_CACHE[key]
    found: list[str] = []
    pairs = composite_candidates(cols)
    if pairs and 1 < asset.rows <= COMPOSITE_MAX_ROWS:  # a GROUP BY per pair: kept off the biggest logs
        try:
            wh = ctx.warehouse
            if wh.table_exists(asset.name):
                t = quote_ident(asset.name)
                for a, b in pairs:
                    qa, qb = quote_ident(a), quote_ident(b)
                    dup = wh.query(f"SELECT count(*) FROM (SELECT {qa}, {qb} FROM {t} GROUP BY {qa}, {qb} "
                                   f"HAVING count(*) > 1) AS g")[0][0]
                    if int(dup or 0) == 0:
                        found = [a, b]
                        break
        except Exception:  # noqa: BLE001 - a missing or busy warehouse only costs the composite key
            found = []
    _KEY_CACHE[key] = found
    return found


def _llm_payload(asset: Asset, cols: list[ColumnFacts], metas: dict[str, ColumnMeta], domain: str,
                 grain: str, hidden: set[str]) -> dict[str, Any]:
    from knowledge.facts import examples

    rows = []
    for f in cols:
        item: dict[str, Any] = {"name": f.name, "type": f.type, "semantic_type": f.semantic_type,
                                "sensitivity": f.sensitivity, "null_fraction": f.null_fraction,
                                "distinct_count": f.distinct_count, "unnamed": f.unnamed}
        if f.sensitivity != "L4":  # L4 values never leave, not even masked
            item["examples"] = examples(metas[f.name], hidden)
        if f.unit:
            item["unit"] = f.unit[0]
        rows.append(item)
    return {"table": asset.name, "rows": asset.rows, "domain": domain, "grain": grain, "columns": rows}


def _llm_drafts(ctx: Context, asset: Asset, cols: list[ColumnFacts], metas: dict[str, ColumnMeta], domain: str,
                grain: str, role: str, todo: set[str | None], warnings: list[str]) -> tuple[dict, str | None]:
    """Descriptions drafted by the configured LLM for the targets in todo; {} and a warning on failure."""
    from knowledge.llm import LLMError, draft_descriptions, llm_config

    cfg = llm_config()
    if cfg is None or not todo:
        return {}, None
    # drafts become shared text shown to every role, so personal data is masked even for a local LLM
    hidden = masked_levels(role, external_llm=True) | set(ALWAYS_MASKED)
    wanted = [f for f in cols if f.name in todo]
    out: dict[str | None, dict[str, str]] = {}
    batches = [wanted[i:i + LLM_BATCH] for i in range(0, len(wanted), LLM_BATCH)] or [[]]
    for n, batch in enumerate(batches):
        payload = _llm_payload(asset, batch, metas, domain, grain, hidden)
        try:
            got = draft_descriptions(cfg, payload, [f.name for f in batch])
        except LLMError as exc:
            warnings.append(f"LLM drafting failed for {asset.name}: {exc}; used the built-in templates instead")
            break
        if n == 0 and got["table"] and None in todo:
            out[None] = got["table"]
        out.update(got["columns"])
        missing = [f.name for f in batch if f.name not in got["columns"]]
        if missing:
            warnings.append(f"the LLM gave no usable description for {len(missing)} column(s) of {asset.name} "
                            f"({', '.join(missing[:5])}); used the built-in templates for them")
    return out, cfg.author


def build_dictionary(ctx: Context, table: str, lang: str = "en", role: str = "viewer", store: bool = False,
                     use_llm: bool = False, refresh: bool = False, assets: list[Asset] | None = None,
                     check_keys: bool = True, with_joins: bool = True) -> dict[str, Any]:
    """The dictionary dict. store=True writes new drafts and the catalog's description fields.

    with_joins=False leaves join_keys empty: the search index does not use them, and finding them compares
    every id column with every other table's columns (quadratic in the catalog's size).
    """
    if lang not in LANGS:
        raise PandianError(f"unknown language {lang!r}", hint="use zh or en")
    asset = ctx.catalog.require(table)
    hidden = masked_levels(role) | set(ALWAYS_MASKED)
    metas = {c.name: c for c in asset.columns if c.name not in SYSTEM_COLUMNS}
    cols = [column_facts(c, asset.rows, hidden) for c in metas.values()]
    by_name = {f.name: f for f in cols}
    domain = infer_domain(asset)
    pk = primary_key(cols, asset.rows)
    if not pk and check_keys:
        pk = _composite_key(ctx, asset, cols)
    grain = templates.grain_text(pk, by_name, domain, asset.name)
    tmpl: dict[str | None, tuple[str, str]] = {None: templates.table_description(asset.name, domain, grain, cols,
                                                                                 asset.rows)}
    for f in cols:
        tmpl[f.name] = templates.column_description(f)

    warnings: list[str] = []
    versions = ctx.catalog.description_versions(asset.name)
    current = current_versions(versions)
    llm_texts: dict[str | None, dict[str, str]] = {}
    llm_author = None
    if use_llm:
        todo = {t for t in tmpl if not all(current.get((t, lg)) is not None and current[(t, lg)].status in HUMAN
                                           for lg in LANGS)
                and (refresh or not any(current.get((t, lg)) is not None
                                        and current[(t, lg)].author.startswith("llm:") for lg in LANGS))}
        llm_texts, llm_author = _llm_drafts(ctx, asset, cols, metas, domain, grain[0], role, todo, warnings)

    texts: dict[tuple[str | None, str], tuple[str, str, str]] = {}  # -> (text, status, author)
    new_drafts: list[tuple[str | None, str, str, str]] = []
    for target, (en, zh) in tmpl.items():
        for lg, generated in (("en", en), ("zh", zh)):
            cur = current.get((target, lg))
            if cur is not None and cur.status in HUMAN:
                texts[(target, lg)] = (cur.text, cur.status, cur.author)
            elif target in llm_texts:
                text = llm_texts[target][lg]
                texts[(target, lg)] = (text, "draft", llm_author or "llm")
                if cur is None or cur.text != text:
                    new_drafts.append((target, lg, text, llm_author or "llm"))
            elif cur is not None and cur.author != TEMPLATE_AUTHOR:
                texts[(target, lg)] = (cur.text, cur.status, cur.author)  # an earlier LLM draft stays in force
            else:
                texts[(target, lg)] = (generated, "draft", TEMPLATE_AUTHOR)
                if cur is None or cur.text != generated:
                    new_drafts.append((target, lg, generated, TEMPLATE_AUTHOR))
    if store:
        if new_drafts:
            ctx.catalog.add_description_versions([{"table": asset.name, "column": t, "text": text, "lang": lg,
                                                   "author": author, "status": "draft"}
                                                  for t, lg, text, author in new_drafts])
        _write_catalog_fields(ctx, asset, domain, {t: texts[(t, "en")][0] for t in tmpl})

    fresh = freshness(cols)
    joins = join_keys(asset, assets if assets is not None else ctx.catalog.assets()) if with_joins else []
    pick = 0 if lang == "en" else 1
    domain_en, domain_zh = templates.domain_names(domain)
    columns_out = []
    for f in cols:
        en_text, en_status, en_author = texts[(f.name, "en")]
        zh_text, zh_status, zh_author = texts[(f.name, "zh")]
        label = templates.column_label(f.name, f.unnamed, f.semantic_type)
        columns_out.append({
            "name": f.name, "type": f.type, "semantic_type": f.semantic_type,
            "semantic_type_name": templates.type_label(f.semantic_type)[pick] if f.semantic_type else None,
            "sensitivity": f.sensitivity, "unnamed": f.unnamed,
            "description": en_text if lang == "en" else zh_text,
            "description_en": en_text, "description_zh": zh_text, "label": label[pick],
            "label_en": label[0], "label_zh": label[1],
            "unit": f.unit[pick] if f.unit else None, "null_fraction": f.null_fraction,
            "distinct_count": f.distinct_count, "examples": f.examples,
            "quality_notes": [n[pick] for n in f.notes],
            "review": {"en": {"status": en_status, "author": en_author},
                       "zh": {"status": zh_status, "author": zh_author}},
        })
    t_en, t_zh = texts[(None, "en")][0], texts[(None, "zh")][0]
    table_notes = _table_notes(asset, pick)
    return {
        "table": asset.name, "description": t_en if lang == "en" else t_zh,
        "description_en": t_en, "description_zh": t_zh,
        "domain": domain, "domain_name": domain_en if lang == "en" else domain_zh,
        "grain": grain[pick], "grain_en": grain[0], "grain_zh": grain[1],
        "primary_key": pk, "join_keys": joins,
        "row_count": asset.rows, "column_count": len(cols), "freshness": fresh,
        "source": asset.source, "quality_notes": table_notes, "lang": lang, "role": role,
        "review": {"en": {"status": texts[(None, "en")][1], "author": texts[(None, "en")][2]},
                   "zh": {"status": texts[(None, "zh")][1], "author": texts[(None, "zh")][2]}},
        "generated_at": datetime.now().isoformat(timespec="seconds"),
        "columns": columns_out, "warnings": warnings,
    }


def _table_notes(asset: Asset, pick: int) -> list[str]:
    prof = asset.profile or {}
    notes: list[tuple[str, str]] = []
    if asset.rows == 0:
        notes.append(("empty table: no rows", "空表：没有数据行"))
    dup = prof.get("duplicate_rows") or 0
    if dup:
        notes.append((f"{dup:,} duplicate row(s)", f"{dup:,} 行完全重复"))
    if asset.rejected_rows:
        notes.append((f"{asset.rejected_rows:,} row(s) rejected at load (see {asset.name}__rejects)",
                      f"加载时拒收 {asset.rejected_rows:,} 行（见 {asset.name}__rejects）"))
    return [n[pick] for n in notes]


def _write_catalog_fields(ctx: Context, asset: Asset, domain: str, en_texts: dict[str | None, str]) -> None:
    """Keep the catalog's own description/domain fields equal to the English text in force (only on change)."""
    if asset.description != en_texts[None] or asset.domain != domain:
        with ctx.catalog.session() as s:
            s.execute(sa.update(Asset).where(Asset.name == asset.name)
                      .values(description=en_texts[None], domain=domain))
    updates = {c.name: {"description": en_texts[c.name]} for c in asset.columns
               if c.name in en_texts and c.description != en_texts[c.name]}
    if updates:
        ctx.catalog.update_columns(asset.name, updates)


def sync_catalog_fields(ctx: Context, table: str) -> None:
    """After a human edit: the catalog's description fields follow the English text in force."""
    asset = ctx.catalog.require(table)
    cur = current_versions(ctx.catalog.description_versions(asset.name))
    en = {t: v.text for (t, lg), v in cur.items() if lg == "en"}
    if None in en and asset.description != en[None]:
        with ctx.catalog.session() as s:
            s.execute(sa.update(Asset).where(Asset.name == asset.name).values(description=en[None]))
    updates = {c.name: {"description": en[c.name]} for c in asset.columns
               if c.name in en and c.description != en[c.name]}
    if updates:
        ctx.catalog.update_columns(asset.name, updates)


def dictionaries_after_scan(ctx: Context, tables: list[str], use_llm: bool = False) -> int:
    """The scan hook: one dictionary per scanned table; a failure is a warning in the scan report."""
    n = 0
    assets = None
    for name in tables:
        try:
            if assets is None:
                assets = ctx.catalog.assets()
            d = build_dictionary(ctx, name, store=True, use_llm=use_llm, assets=assets)
            for w in d["warnings"]:
                ctx.report.warn(name, w)
            n += 1
        except Exception as exc:  # noqa: BLE001 - a dictionary must never break a scan
            ctx.report.warn(name, f"data dictionary not generated: {type(exc).__name__}: {exc}",
                            hint="run `pandian dictionary " + name + "` to retry")
    return n
