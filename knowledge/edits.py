"""Human review of descriptions: versioned edits, accepting drafts, rating dictionaries.

Why append-only: a reviewer's words are the most valuable text pandian holds, so nothing is ever updated in
place; the text in force for a (column, language) is the latest human version (edited or accepted), else the
latest draft. Regeneration only ever adds drafts, so it cannot overwrite a person.
"""
from __future__ import annotations

from typing import Any

from pandian.catalog import Asset
from pandian.catalog.models import DescriptionVersion
from pandian.context import Context
from pandian.errors import PandianError
from knowledge.lexicon import has_cjk

HUMAN = ("edited", "accepted")
LANGS = ("zh", "en")
TEMPLATE_AUTHOR = "pandian"


def current_versions(versions: list[DescriptionVersion]) -> dict[tuple[str | None, str], DescriptionVersion]:
    """(column or None, lang) -> the version in force: latest human one, else latest draft."""
    human: dict[tuple[str | None, str], DescriptionVersion] = {}
    draft: dict[tuple[str | None, str], DescriptionVersion] = {}
    for v in versions:
        key = (v.column_name, v.lang)
        (human if v.status in HUMAN else draft)[key] = v
    return {**draft, **human}


def parse_target(ctx: Context, target: str) -> tuple[Asset, str | None]:
    """'TABLE' or 'TABLE.COLUMN' -> (asset, column or None); close-name hints when either is unknown."""
    target = (target or "").strip()
    if not target:
        raise PandianError("give TABLE or TABLE.COLUMN")
    if ctx.catalog.get(target) is not None:
        return ctx.catalog.require(target), None
    table, _, column = target.partition(".")
    asset = ctx.catalog.require(table)
    if not column:
        return asset, None
    names = [c.name for c in asset.columns if c.name != "_row_id"]
    if column not in names:
        import difflib

        close = difflib.get_close_matches(column, names, n=3, cutoff=0.4)
        raise PandianError(f"table {asset.name!r} has no column {column!r}",
                           hint=f"did you mean {', '.join(close)}?" if close else f"columns: {', '.join(names[:15])}")
    return asset, column


def _lang(text: str, lang: str | None) -> str:
    if lang is None:
        return "zh" if has_cjk(text) else "en"
    if lang not in LANGS:
        raise PandianError(f"unknown language {lang!r}", hint="use zh or en")
    return lang


def _history(ctx: Context, table: str, column: str | None) -> list[dict[str, Any]]:
    return [version_json(v) for v in ctx.catalog.description_versions(table) if v.column_name == column]


def version_json(v: DescriptionVersion) -> dict[str, Any]:
    return {"id": v.id, "table": v.table_name, "column": v.column_name, "lang": v.lang, "text": v.text,
            "author": v.author, "status": v.status,
            "created_at": v.created_at.isoformat(timespec="seconds") if v.created_at else None}


def _reindex_now(ctx: Context, table: str) -> str | None:
    """Re-index one table at once; a failing index never loses the edit (it is in the catalog already)."""
    try:
        from knowledge.index import index_tables

        index_tables(ctx, [table])
        return None
    except Exception as exc:  # noqa: BLE001 - the edit is stored; the index catches up at the next search
        return f"the search index was not updated now ({type(exc).__name__}: {exc}); it catches up at the next search"


def edit_description(ctx: Context, target: str, text: str, lang: str | None = None,
                     author: str = "owner") -> dict[str, Any]:
    """Store a human description (history kept), sync the catalog field, re-index the table at once."""
    asset, column = parse_target(ctx, target)
    text = (text or "").strip()
    if not text:
        raise PandianError("the description text is empty", hint='give --text "..."')
    lang = _lang(text, lang)
    vid = ctx.catalog.add_description_version(asset.name, column, text, lang, author or "owner", "edited")
    from knowledge.dictionary import sync_catalog_fields

    sync_catalog_fields(ctx, asset.name)
    warning = _reindex_now(ctx, asset.name)
    out = {"table": asset.name, "column": column, "lang": lang, "text": text, "status": "edited",
           "author": author, "version_id": vid, "history": _history(ctx, asset.name, column)}
    out["warnings"] = [warning] if warning else []
    return out


def accept_description(ctx: Context, target: str, lang: str | None = None, author: str = "owner") -> dict[str, Any]:
    """Mark the draft in force as accepted (both languages unless one is given); generates drafts if none exist."""
    asset, column = parse_target(ctx, target)
    langs = [_lang("", lang)] if lang else list(LANGS)
    cur = current_versions(ctx.catalog.description_versions(asset.name))
    if any((column, lg) not in cur for lg in langs):
        from knowledge.dictionary import build_dictionary

        build_dictionary(ctx, asset.name, store=True, use_llm=False)
        cur = current_versions(ctx.catalog.description_versions(asset.name))
    accepted, already = [], []
    for lg in langs:
        v = cur.get((column, lg))
        if v is None:
            continue
        if v.status in HUMAN:
            already.append({"lang": lg, "status": v.status, "text": v.text})
            continue
        vid = ctx.catalog.add_description_version(asset.name, column, v.text, lg, author or "owner", "accepted")
        accepted.append({"lang": lg, "version_id": vid, "text": v.text, "drafted_by": v.author})
    return {"table": asset.name, "column": column, "accepted": accepted, "already_reviewed": already,
            "history": _history(ctx, asset.name, column)}


def description_history(ctx: Context, target: str) -> list[dict[str, Any]]:
    asset, column = parse_target(ctx, target)
    return _history(ctx, asset.name, column)


def rate_dictionary(ctx: Context, table: str, rating: int, comment: str | None = None,
                    user: str = "owner") -> dict[str, Any]:
    """A 1-5 rating of a table's dictionary, kept as feedback next to the other ratings."""
    asset = ctx.catalog.require(table)
    try:
        rating = int(rating)
    except (TypeError, ValueError) as exc:
        raise PandianError(f"rating must be a whole number 1-5, got {rating!r}") from exc
    if not 1 <= rating <= 5:
        raise PandianError(f"rating must be between 1 and 5, got {rating}")
    fid = ctx.catalog.add_feedback(user=user or "owner", kind="dictionary", target=asset.name, rating=rating,
                                   comment=comment)
    ratings = [f.rating for f in ctx.catalog.feedback(kind="dictionary") if f.target == asset.name and f.rating]
    return {"id": fid, "table": asset.name, "rating": rating, "comment": comment, "user": user,
            "ratings": len(ratings), "average": round(sum(ratings) / len(ratings), 2)}
