"""What serves beside the column-type text model: the column-statistics model and the table context.

Both are fitted in one cross-validation over whole training tables: inside each fold the cheap n-gram model
(fitted on the other folds) stands in for the text model, the statistics model is fitted on the same other
folds, and the blend weight, then the context strength alpha, are chosen on the held-out tables' columns.
Held-out (benchmark) tables are never looked at. Generated columns only ever train, never judge.
"""
from __future__ import annotations

import functools
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.classify.context import ALPHAS, TableContext, classify_with_context
from tools.classify.stats_model import StatsModel

WEIGHTS = (0.0, 0.15, 0.3, 0.45)
DEFAULT_WEIGHT, DEFAULT_ALPHA = 0.3, 0.35


@dataclass
class Companions:
    stats: StatsModel | None = None
    context: TableContext | None = None
    report: dict[str, Any] = field(default_factory=dict)

    def blend(self, probs: list[dict[str, float] | None], values: list[list[Any]]) -> list[dict[str, float] | None]:
        return self.stats.blend(probs, values) if self.stats is not None else list(probs)

    def save(self, run_dir: Path) -> None:
        if self.stats is not None:
            self.stats.save(run_dir)
        if self.context is not None:
            self.context.save(run_dir)

    @classmethod
    def load(cls, run_dir: Path) -> "Companions":
        return cls(StatsModel.load(Path(run_dir)), TableContext.load(Path(run_dir)))


@functools.lru_cache(maxsize=8)
def companions_of(run_dir: str) -> Companions:
    """Read once per model run (run folders never change)."""
    return Companions.load(Path(run_dir))


def _filled(values: list[Any]) -> bool:
    return any(str(v).strip() for v in values if v is not None)


def fit_companions(rows: list[dict[str, Any]], extra: list[dict[str, Any]] | None = None, folds: int = 4,
                   seed: int = 42, stats: bool = True) -> Companions:
    """rows: labelled table columns (table_id, header, values, label); extra: more columns to train on only
    (generated ones: header, values, label)."""
    from finetune.ngram import NgramModel
    from tools.classify.autotrain import NGRAM_C
    from tools.classify.columns import classify
    from tools.classify.serialize import serialize

    rows = [r for r in rows if _filled(r["values"])]
    extra = [r for r in (extra or []) if _filled(r["values"])]
    by_table: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_table[r["table_id"]].append(r)
    ids = sorted(by_table)

    def final(weight: float, alpha: float, report: dict[str, Any]) -> Companions:
        everything = rows + extra
        sm = None
        if stats and len({r["label"] for r in everything}) >= 2:
            sm = StatsModel.fit([r["values"] for r in everything], [r["label"] for r in everything], weight, seed)
        ctx = TableContext.fit([[r["label"] for r in by_table[t]] for t in ids], alpha=alpha, seed=seed)
        return Companions(sm, ctx, {"stats_weight": sm.weight if sm else None,
                                    "table_context_alpha": ctx.alpha if ctx else None, **report})

    if len(ids) < folds * 2:
        return final(DEFAULT_WEIGHT, DEFAULT_ALPHA, {"cross_validated": False})
    random.Random(seed).shuffle(ids)
    classes = sorted({r["label"] for r in rows + extra})
    text_p: dict[int, dict[str, float]] = {}
    stats_p: dict[int, dict[str, float]] = {}
    fold_ctx: dict[str, TableContext | None] = {}
    index = {id(r): i for i, r in enumerate(rows)}
    for k in range(folds):
        held = set(ids[k::folds])
        train_rows = [r for t in ids if t not in held for r in by_table[t]] + extra
        ngram = NgramModel.fit([serialize(r["header"], r["values"]) for r in train_rows],
                               [r["label"] for r in train_rows], classes, seed, c=NGRAM_C)
        sm = StatsModel.fit([r["values"] for r in train_rows], [r["label"] for r in train_rows], 0.0, seed,
                            classes) if stats else None
        ctx = TableContext.fit([[r["label"] for r in by_table[t]] for t in ids if t not in held], seed=seed)
        test = [r for t in held for r in by_table[t]]
        for r, p in zip(test, ngram.predict_proba([serialize(r["header"], r["values"]) for r in test])):
            text_p[index[id(r)]] = dict(zip(classes, p.tolist()))
        if sm is not None:
            for r, p in zip(test, sm.proba([r["values"] for r in test])):
                stats_p[index[id(r)]] = p
        for t in held:
            fold_ctx[t] = ctx

    def mixed(i: int, w: float) -> dict[str, float]:
        p, s = text_p[i], stats_p.get(i, {})
        return {t: (1 - w) * p.get(t, 0.0) + w * s.get(t, 0.0) for t in p} if s and w > 0 else p

    hits_w = {w: sum(classify(r["header"], r["values"], model_probs=mixed(i, w)).semantic_type == r["label"]
                     for i, r in enumerate(rows)) for w in (WEIGHTS if stats else (0.0,))}
    best_w = max(hits_w, key=lambda w: (hits_w[w], -w))
    hits_a = {a: 0 for a in ALPHAS}
    verdict_types: dict[float, list[tuple[str, str]]] = {a: [] for a in ALPHAS}  # (gold, predicted)
    for t in ids:
        ctx, table = fold_ctx[t], by_table[t]
        mps: list[dict[str, float] | None] = [mixed(index[id(r)], best_w) for r in table]
        for a in ALPHAS:
            if ctx is not None:
                ctx.alpha = a
            verdicts = classify_with_context([r["header"] for r in table], [r["values"] for r in table], mps, ctx)
            pairs = [(r["label"], v.semantic_type) for v, r in zip(verdicts, table)]
            verdict_types[a] += pairs
            if ctx is not None:
                hits_a[a] += sum(g == p for g, p in pairs)
    best_a = max(ALPHAS, key=lambda a: (hits_a[a], -a))
    n = max(1, len(rows))
    return final(best_w, best_a, {"cross_validated": True, "folds": folds,
                                  "cv_accuracy_by_stats_weight": {str(w): round(h / n, 4) for w, h in hits_w.items()},
                                  "cv_accuracy_by_alpha": {str(a): round(h / n, 4) for a, h in hits_a.items()},
                                  **_pii_scores(verdict_types[best_a])})


def _pii_scores(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Personal-data (L3/L4) recall and precision of the chosen setting over the cross-validation folds: a larger
    sample of personal columns than a held-out split has, seen by the cheap stand-in for the text model."""
    from tools.classify.taxonomy import level_of

    gold = [level_of(g) in ("L3", "L4") for g, _ in pairs]
    pred = [level_of(p) in ("L3", "L4") for _, p in pairs]
    tp = sum(g and p for g, p in zip(gold, pred))
    return {"cv_pii_columns": sum(gold), "cv_pii_recall": round(tp / max(1, sum(gold)), 4),
            "cv_pii_precision": round(tp / max(1, sum(pred)), 4)}
