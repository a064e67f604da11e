"""The column-statistics model: a random forest over value statistics, blended into the text model's guess.

The text model reads a column as a sentence; this one reads its numbers (length spread, digit shares,
numeric ranges, sentence endings). Their mistakes differ, so a blend `(1 - w) * text + w * stats`, with w
chosen by cross-validation over whole training tables (`tools.classify.companions`), beats either alone.
Stored beside the column-type model as `column_stats.npz` (arrays) + `column_stats.json` (the weight).
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from tools.classify.features import NAMES, SIZE, column_features
from tools.classify.forest import Forest

FILE, META = "column_stats.npz", "column_stats.json"


class StatsModel:
    def __init__(self, forest: Forest, weight: float):
        self.forest, self.weight = forest, weight

    @classmethod
    def fit(cls, values: list[list[Any]], labels: list[str], weight: float = 0.3, seed: int = 42,
            classes: list[str] | None = None) -> "StatsModel":
        x = np.stack([column_features(v) for v in values]) if values else np.zeros((0, SIZE))
        return cls(Forest.fit(x, labels, classes or sorted(set(labels)), seed=seed), weight)

    def proba(self, values: list[list[Any]]) -> list[dict[str, float]]:
        if not values:
            return []
        p = self.forest.predict_proba(np.stack([column_features(v) for v in values]))
        return [dict(zip(self.forest.classes, row.tolist())) for row in p]

    def blend(self, probs: list[dict[str, float] | None], values: list[list[Any]],
              weight: float | None = None) -> list[dict[str, float] | None]:
        """The text model's probabilities mixed with this model's; columns without a guess stay None."""
        w = self.weight if weight is None else weight
        todo = [i for i, p in enumerate(probs) if p]
        if w <= 0 or not todo:
            return list(probs)
        out = list(probs)
        for i, s in zip(todo, self.proba([values[i] for i in todo])):
            p = probs[i] or {}
            out[i] = {t: (1 - w) * p.get(t, 0.0) + w * s.get(t, 0.0) for t in set(p) | set(s)}
        return out

    def save(self, run_dir: Path) -> None:
        self.forest.save(Path(run_dir) / FILE)
        (Path(run_dir) / META).write_text(json.dumps({"weight": self.weight, "features": NAMES}), encoding="utf-8")

    @classmethod
    def load(cls, run_dir: Path) -> "StatsModel | None":
        """None when absent or unreadable, or written with another feature list: the text model serves alone."""
        run_dir = Path(run_dir)
        if not (run_dir / FILE).exists() or not (run_dir / META).exists():
            return None
        try:
            meta = json.loads((run_dir / META).read_text(encoding="utf-8"))
            if meta.get("features") != NAMES:
                return None
            return cls(Forest.load(run_dir / FILE), float(meta["weight"]))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            return None
