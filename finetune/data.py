"""Labelled text from a CSV: validated up front so a bad file never half-writes a model."""
from __future__ import annotations

import csv
import hashlib
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pandian.errors import PandianError


@dataclass
class Examples:
    texts: list[str]
    labels: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def classes(self) -> list[str]:
        return sorted(set(self.labels))

    def digest(self) -> str:
        h = hashlib.sha256()
        for t, y in zip(self.texts, self.labels):
            h.update(t.encode("utf-8", "replace") + b"\x1f" + y.encode("utf-8", "replace") + b"\x1e")
        return h.hexdigest()

    def __add__(self, other: "Examples") -> "Examples":
        return Examples(self.texts + other.texts, self.labels + other.labels)


def read_csv(path: str | Path, text_col: str = "text", label_col: str | None = "label",
              require_labels: bool = True) -> Examples:
    p = Path(path)
    if not p.exists():
        raise PandianError("training file does not exist", source=str(p))
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            try:
                dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            fields = reader.fieldnames or []
            if text_col not in fields:
                raise PandianError(f"no column {text_col!r} (columns: {', '.join(fields) or 'none'})", source=str(p),
                                   line=1, hint="choose it with --text-col")
            if require_labels and label_col not in fields:
                raise PandianError(f"no column {label_col!r} (columns: {', '.join(fields)})", source=str(p), line=1,
                                   hint="choose it with --label-col")
            texts: list[str] = []
            labels: list[str] = []
            for row in reader:
                text = (row.get(text_col) or "").strip()
                label = (row.get(label_col) or "").strip() if label_col and label_col in fields else ""
                if not text or (require_labels and not label):
                    continue  # empty rows carry nothing to learn
                texts.append(text)
                labels.append(label)
    except UnicodeDecodeError as exc:
        raise PandianError("training file is not UTF-8", source=str(p)) from exc
    if not texts:
        raise PandianError("no usable rows (every row has an empty text or label)", source=str(p))
    return Examples(texts, labels)


def check_trainable(ex: Examples, source: str) -> None:
    counts = Counter(ex.labels)
    if len(counts) < 2:
        raise PandianError(f"only one class ({next(iter(counts))!r}): a classifier needs at least two",
                           source=source)


def stratified_split(ex: Examples, dev_frac: float = 0.15, seed: int = 42) -> tuple[Examples, Examples]:
    """Per-class split; a class with one example stays in train."""
    rng = random.Random(seed)
    by_class: dict[str, list[int]] = {}
    for i, y in enumerate(ex.labels):
        by_class.setdefault(y, []).append(i)
    train_idx: list[int] = []
    dev_idx: list[int] = []
    for y in sorted(by_class):
        idx = by_class[y][:]
        rng.shuffle(idx)
        k = int(round(len(idx) * dev_frac)) if len(idx) > 1 else 0
        k = max(1, k) if len(idx) >= 3 else k
        dev_idx += idx[:k]
        train_idx += idx[k:]
    train_idx.sort()
    dev_idx.sort()
    return (Examples([ex.texts[i] for i in train_idx], [ex.labels[i] for i in train_idx]),
            Examples([ex.texts[i] for i in dev_idx], [ex.labels[i] for i in dev_idx]))
