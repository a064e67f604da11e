"""The numbers every train/eval reports: accuracy, macro-F1 and per-class precision/recall/F1."""
from __future__ import annotations

from typing import Any

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support


def classification_metrics(gold: list[str], pred: list[str]) -> dict[str, Any]:
    labels = sorted(set(gold) | set(pred))
    p, r, f, s = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    per_class = {lab: {"precision": round(float(pi), 4), "recall": round(float(ri), 4), "f1": round(float(fi), 4),
                       "support": int(si)} for lab, pi, ri, fi, si in zip(labels, p, r, f, s) if si or pi}
    gold_labels = sorted(set(gold))
    return {
        "accuracy": round(float(accuracy_score(gold, pred)), 4) if gold else 0.0,
        "macro_f1": round(float(f1_score(gold, pred, labels=gold_labels, average="macro", zero_division=0)), 4)
        if gold else 0.0,
        "per_class": per_class,
        "n": len(gold),
    }
