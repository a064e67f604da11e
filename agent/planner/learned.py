"""The learned half of intent recognition: char n-grams over the bilingual request set plus rated turns.

Small enough to fit at first use (well under a second), so it is rebuilt rather than stored; answers rated
4-5 in chat add their (question, first tool) as examples, which is how feedback retrains the planner.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

REQUESTS = Path(__file__).resolve().parents[1] / "data" / "requests.csv"


def request_set(path: Path = REQUESTS) -> list[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r.get("request")]


def rated_examples(ws) -> list[tuple[str, str]]:
    """(question, first tool) of turns whose answers were rated 4 or 5."""
    turns = ws.logs / "turns.jsonl"
    if not turns.exists():
        return []
    good: set[str] = set()
    try:
        from pandian.catalog import Catalog

        cat = Catalog(ws.catalog_url)
        try:
            for fb in cat.feedback(kind="answer"):
                if (fb.rating or 0) >= 4 and fb.text:
                    good.add(fb.text)
        finally:
            cat.close()
    except Exception:  # noqa: BLE001 - no catalog yet
        return []
    out = []
    for line in turns.read_text(encoding="utf-8").splitlines():
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        head = (rec.get("answer") or "")[:200]
        if head and rec.get("tool_calls") and any(head in g for g in good):  # the app stores steps + answer
            out.append((rec["question"], rec["tool_calls"][0]["name"]))
    return out


@lru_cache(maxsize=8)
def _fit(extra: tuple[tuple[str, str], ...]) -> Callable[[str], dict[str, float]] | None:
    # the project set only: the real-table sets stay held out for the routing checks
    rows = [(r["request"], r["tool"]) for r in request_set() if r["tool"] not in ("refuse", "none")]
    return fit(rows + list(extra))


def fit(rows: list[tuple[str, str]]) -> Callable[[str], dict[str, float]] | None:
    """Char n-gram logistic regression over (text, tool) pairs."""
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline
    except ImportError:
        return None
    texts, labels = zip(*rows)
    pipe = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, min_df=1),
                         LogisticRegression(max_iter=2000, C=8.0))
    pipe.fit(list(texts), list(labels))
    classes = list(pipe.classes_)

    def predict(text: str) -> dict[str, float]:
        probs = pipe.predict_proba([text])[0]
        return {c: float(p) for c, p in zip(classes, probs)}

    return predict


def load_intent_model(ws: Any) -> Callable[[str], dict[str, float]] | None:
    return _fit(tuple(rated_examples(ws)))
