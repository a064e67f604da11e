"""Table context: what a column's neighbours are shifts what the column itself is.

A column of plain numbers beside a product title and a currency is a price; short text beside a rating and
a date is a review. A small multinomial logistic regression learns P(type | the types of the other columns
of its table) from labelled tables, and a column's learned probabilities are re-weighted by
(P(type | neighbours) / P(type)) ** alpha before the final decision. Verified formats and users' labels are
never re-weighted. alpha is chosen by cross-validation over whole training tables, never on test data.
Stored as JSON beside the column-type model.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

FILE = "table_context.json"
ALPHAS = (0.0, 0.2, 0.35, 0.5, 0.75)


class TableContext:
    def __init__(self, types: list[str], coef: np.ndarray, intercept: np.ndarray, prior: dict[str, float],
                 alpha: float):
        self.types, self.coef, self.intercept, self.prior, self.alpha = types, coef, intercept, prior, alpha
        self.index = {t: i for i, t in enumerate(types)}

    # ---- features ---------------------------------------------------------------------------------
    def _x(self, neighbours: list[str]) -> np.ndarray:
        x = np.zeros(len(self.types))
        for t in neighbours:
            if t in self.index:
                x[self.index[t]] += 1.0
        return x / max(1.0, x.sum())

    @staticmethod
    def _examples(tables: list[list[str]]) -> tuple[list[list[str]], list[str]]:
        xs, ys = [], []
        for cols in tables:
            for i, y in enumerate(cols):
                others = cols[:i] + cols[i + 1:]
                if others:
                    xs.append(others)
                    ys.append(y)
        return xs, ys

    # ---- fitting ----------------------------------------------------------------------------------
    @classmethod
    def fit(cls, tables: list[list[str]], alpha: float = 0.35, seed: int = 42) -> "TableContext | None":
        """tables: the gold types of each table's non-empty columns."""
        from sklearn.linear_model import LogisticRegression

        xs, ys = cls._examples(tables)
        if len(set(ys)) < 2:
            return None
        types = sorted({t for cols in tables for t in cols})
        proto = cls(types, np.zeros((len(types), len(types))), np.zeros(len(types)), {}, alpha)
        x = np.stack([proto._x(n) for n in xs])
        lr = LogisticRegression(C=1.0, max_iter=2000, random_state=seed).fit(x, ys)
        coef = np.zeros((len(types), len(types)))
        intercept = np.full(len(types), -1e4)
        for i, c in enumerate(lr.classes_):
            coef[types.index(c)], intercept[types.index(c)] = lr.coef_[i], lr.intercept_[i]
        counts = Counter(ys)
        prior = {t: counts.get(t, 0) / len(ys) for t in types}
        return cls(types, coef, intercept, prior, alpha)

    @classmethod
    def fit_cv(cls, rows: list[dict[str, Any]], folds: int = 4, seed: int = 42) -> "TableContext | None":
        """Fit on labelled table rows (table_id, header, values, label), alpha chosen by cross-validation over
        whole tables, judged on predicted (not gold) neighbours, as it is used (see `companions`)."""
        from tools.classify.companions import fit_companions

        return fit_companions(rows, folds=folds, seed=seed, stats=False).context

    # ---- use --------------------------------------------------------------------------------------
    def factors(self, neighbours: list[str]) -> dict[str, float]:
        if not neighbours or self.alpha <= 0:
            return {}
        logits = self.coef @ self._x(neighbours) + self.intercept
        p = np.exp(logits - logits.max())
        p /= p.sum()
        out = {}
        for t, i in self.index.items():
            if self.prior.get(t, 0) > 0:
                out[t] = float(np.clip(p[i] / self.prior[t], 0.1, 10.0) ** self.alpha)
        return out

    def save(self, path: Path) -> None:
        (Path(path) / FILE).write_text(json.dumps({
            "types": self.types, "coef": np.round(self.coef, 5).tolist(),
            "intercept": np.round(self.intercept, 5).tolist(), "prior": self.prior, "alpha": self.alpha}),
            encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> "TableContext | None":
        f = Path(path) / FILE
        if not f.exists():
            return None
        try:
            d = json.loads(f.read_text(encoding="utf-8"))
            return cls(d["types"], np.asarray(d["coef"]), np.asarray(d["intercept"]), d["prior"], float(d["alpha"]))
        except (ValueError, KeyError):
            return None


def classify_with_context(headers: list[str], values: list[list[Any]], model_probs: list[dict[str, float] | None],
                          context: TableContext | None, known: list[str | None] | None = None):
    """Classify a table's columns; a second pass re-weights each learned guess by its neighbours' types.

    known: types already settled (a user's label): used as neighbours, never re-classified (None in the
    returned list).
    """
    from tools.classify.columns import classify

    known = known or [None] * len(headers)
    first = [None if k else classify(h, v, model_probs=p) for h, v, p, k in zip(headers, values, model_probs, known)]
    if context is None or context.alpha <= 0 or len(headers) < 2:
        return first
    filled = [bool(k) or any(str(x).strip() for x in v if x is not None) for v, k in zip(values, known)]
    types = [k or (f.semantic_type if f else None) for k, f in zip(known, first)]
    out = []
    for i, (h, v, p, verdict) in enumerate(zip(headers, values, model_probs, first)):
        if verdict is None or not p or not filled[i] or verdict.source == "rule":
            out.append(verdict)
            continue
        neighbours = [types[j] for j in range(len(types)) if j != i and filled[j] and types[j]]
        fac = context.factors(neighbours)
        if not fac:
            out.append(verdict)
            continue
        q = {t: x * fac.get(t, 1.0) for t, x in p.items()}
        z = sum(q.values()) or 1.0
        second = classify(h, v, model_probs={t: x / z for t, x in q.items()})
        if second.semantic_type != verdict.semantic_type:
            shown = ", ".join(sorted(set(neighbours))[:3])
            second.evidence = f"{second.evidence}; table context (beside {shown})"
        out.append(second)
    return out
