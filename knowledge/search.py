"""`pandian search "QUERY"`: hybrid catalog search, vector (Chroma/MiniLM) + BM25, fused by relative score.

Why hybrid: all-MiniLM reads English well and Chinese barely (244 CJK characters), while BM25 with jieba
matches Chinese words exactly. Chinese questions are also translated to English words (header lexicon and
taxonomy names) before embedding. Results are checked against the catalog, and snippets are built for the
caller's role: a viewer learns that a phone column exists, never its values.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, Field

from knowledge.bm25 import BM25, tokenize
from knowledge.facts import examples as column_examples
from knowledge.index import ensure_synced, open_store, reindex  # noqa: F401 - reindex is part of this module's API
from knowledge.lexicon import has_cjk, translate_zh, translate_zh_groups
from knowledge.store import KnowledgeStore
from pandian.context import Context
from pandian.errors import PandianError
from pandian.security import masked_levels

RRF_K = 60
POOL = 50
VECTOR_WEIGHT = 1.0
KEYWORD_WEIGHT = 1.0
SPECIFIC_WINDOW = 3


class SearchArgs(BaseModel):
    """Arguments of the catalog-search tool."""

    query: str = Field(..., min_length=1, description="a question in Chinese or English")
    k: int = Field(5, ge=1, le=100)
    role: str = Field("viewer", description="viewer | analyst | owner: decides which example values show")


@dataclass
class _Keyword:
    stamp: tuple
    ids: list[str]
    metas: list[dict[str, Any]]
    bm25: BM25


_KEYWORD: dict[str, _Keyword] = {}


def keyword_index(st: KnowledgeStore) -> _Keyword:
    """The BM25 index over the store's documents, rebuilt only when the store changed."""
    stamp = st.stamp()
    cached = _KEYWORD.get(str(st.path))
    if cached is not None and cached.stamp == stamp:
        return cached
    ids, metas = st.entries()
    kw = _Keyword(stamp, ids, metas, BM25([m.get("tokens", "").split() for m in metas]))
    _KEYWORD[str(st.path)] = kw
    return kw


def expand_query(query: str) -> tuple[str, dict[str, float]]:
    """(text to embed, keyword token weights). Chinese terms are also read as English words: they lead the
    embedded text, and each term's English words share one unit of keyword weight (a term counts once)."""
    weights: dict[str, float] = {}
    for t in tokenize(query):
        weights[t] = weights.get(t, 0.0) + 1.0
    if not has_cjk(query):
        return query, weights
    english = translate_zh(query)
    for group in translate_zh_groups(query):
        toks = tokenize(" ".join(group))
        for t in toks:
            weights[t] = weights.get(t, 0.0) + 1.0 / len(toks)
    ascii_words = " ".join(w for w in query.split() if w.isascii())
    embed_text = " ".join(english) + (" " + ascii_words if ascii_words else "")
    return embed_text.strip() or query, weights


def fuse_scores(lists: list[tuple[list[tuple[str, float]], float]]) -> list[tuple[str, float]]:
    """Relative score fusion: each ranker's scores min-max scaled to [0, 1] over its candidates, then summed
    with weights. Unlike rank fusion it keeps how much surer one ranker is (a BM25 hit on an exact Chinese
    word far ahead of the rest), which the benchmark showed matters on short catalog documents."""
    scores: dict[str, float] = {}
    for items, weight in lists:
        if not items:
            continue
        vals = [s for _, s in items]
        hi, lo = max(vals), min(vals)
        for doc_id, s in items:
            scores[doc_id] = scores.get(doc_id, 0.0) + weight * ((s - lo) / (hi - lo) if hi > lo else 1.0)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def fuse(rankings: list[tuple[list[str], float]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: sum of weight / (k + rank) over the rankings."""
    scores: dict[str, float] = {}
    for ids, weight in rankings:
        for r, i in enumerate(ids):
            scores[i] = scores.get(i, 0.0) + weight / (k + r + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])


def specific_first(ranked: list[tuple[str, float]], window: int = SPECIFIC_WINDOW) -> list[tuple[str, float]]:
    """A table document gives way to one of its own columns ranked just below it: the column is the more
    specific answer, and the table still follows right after it."""
    out = list(ranked)
    i = 0
    while i < len(out):
        doc_id = out[i][0]
        if doc_id.startswith("t:"):
            prefix = "c:" + doc_id[2:] + ":"
            j = next((j for j in range(i + 1, min(i + 1 + window, len(out))) if out[j][0].startswith(prefix)), None)
            if j is not None:
                col_id, _ = out.pop(j)
                out.insert(i, (col_id, out[i][1]))  # takes the table's place and score (ranks stay monotonic)
                i += 1  # the table now sits after its column; look at it again from there
        i += 1
    return out


def ranked_ids(ctx: Context, query: str, mode: str = "hybrid", pool: int = POOL,
               st: KnowledgeStore | None = None) -> list[tuple[str, float]]:
    """(document id, score) best first; mode hybrid | hybrid_rrf | vector | keyword (the benchmark compares)."""
    st = st or open_store(ctx)
    embed_text, tokens = expand_query(query)
    vector = [(i, s) for i, s, _ in st.query(embed_text, pool)] if mode != "keyword" else []
    if mode == "vector":
        return specific_first(vector)
    kw = keyword_index(st)
    keyword = [(kw.ids[i], s) for i, s in kw.bm25.top(tokens, pool)]
    if mode == "keyword":
        return specific_first(keyword)
    if mode == "hybrid_rrf":
        return specific_first(fuse([([i for i, _ in vector], VECTOR_WEIGHT),
                                    ([i for i, _ in keyword], KEYWORD_WEIGHT)]))
    return specific_first(fuse_scores([(vector, VECTOR_WEIGHT), (keyword, KEYWORD_WEIGHT)]))


def _snippet(meta: dict[str, Any], col, role: str, zh: bool, hidden: set[str]) -> str:
    desc = meta.get("desc_zh" if zh else "desc_en") or meta.get("desc_en") or ""
    if meta.get("kind") == "table":
        return desc
    level = meta.get("sensitivity") or ""
    head = f"[{meta.get('semantic_type') or '?'}, {level or '?'}] "
    if col is None:
        return head + desc
    ex = column_examples(col, hidden)
    if ex:
        shown = ", ".join(str(e) for e in ex)
        note = (f"（对 {role} 脱敏）" if zh else f" (masked for {role})") if level in hidden else ""
        desc += (f" 示例：{shown}{note}" if zh else f" e.g. {shown}{note}")
    return head + desc


def search_catalog(ctx: Context, args: SearchArgs) -> list[dict[str, Any]]:
    """Ranked [{"table", "column", "score", "snippet"}]; column is None for a table-level hit."""
    hidden = masked_levels(args.role)  # validates the role
    query = args.query.strip()
    if not query:
        raise PandianError("the search query is empty")
    st = open_store(ctx)
    ensure_synced(ctx, st)
    if st.count() == 0:
        if not ctx.catalog.names():
            raise PandianError("the catalog is empty, there is nothing to search", hint="run `pandian scan PATH` first")
        return []
    hits = ranked_ids(ctx, query, "hybrid", st=st)
    kw = keyword_index(st)
    meta_of = dict(zip(kw.ids, kw.metas))
    zh = has_cjk(query)
    out: list[dict[str, Any]] = []
    assets: dict[str, Any] = {}
    for doc_id, score in hits:
        meta = meta_of.get(doc_id)
        if meta is None:
            continue
        table = meta.get("table")
        if table not in assets:
            assets[table] = ctx.catalog.get(table)
        asset = assets[table]
        if asset is None:  # dropped since it was indexed
            continue
        column = meta.get("column") or None
        col = next((c for c in asset.columns if c.name == column), None) if column else None
        if column and col is None:
            continue
        out.append({"table": table, "column": column, "score": round(score, 5),
                    "snippet": _snippet(meta, col, args.role, zh, hidden),
                    "semantic_type": meta.get("semantic_type") or None,
                    "sensitivity": meta.get("sensitivity") or None})
        if len(out) >= args.k:
            break
    return out
