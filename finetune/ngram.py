"""Word + character n-gram logistic regression: the cheap companion of the encoder.

Chinese product text is largely carried by characters and short n-grams, English titles by words and
longer character runs; such a model is strong there and costs seconds to fit. Which features (word
uni/bigrams, character n-gram range) is chosen on the dev set from a few candidates, like the blend weight
between it and the encoder, so whatever wins on the data at hand is what serves. Classes are balanced, since
macro-F1 is what is judged. Stored as plain arrays (vocabulary JSON + npy), never pickled.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

FILES = ("ngram_vocab.json", "ngram_idf.npy", "ngram_coef.npy", "ngram_intercept.npy")
# (word n-gram order, char n-gram low, char n-gram high); None = the original char_wb 1-3 features
CANDIDATES: tuple[tuple[int, int, int] | None, ...] = ((2, 1, 2), (2, 2, 4), None)
_WORD = re.compile(r"\w+")


class Analyzer:
    """Word uni/bigrams and character n-grams over the normalised text, as one feature space."""

    def __init__(self, word_n: int, char_lo: int, char_hi: int):
        self.word_n, self.char_lo, self.char_hi = word_n, char_lo, char_hi

    def __call__(self, text: str) -> list[str]:
        words = _WORD.findall(text.lower())
        out = ["w:" + w for w in words]
        if self.word_n >= 2:
            out += ["b:" + a + " " + b for a, b in zip(words, words[1:])]
        s = " ".join(words)
        for n in range(self.char_lo, self.char_hi + 1):
            out += ["c:" + s[i:i + n] for i in range(len(s) - n + 1)]
        return out


class NgramModel:
    def __init__(self, vectorizer: TfidfVectorizer, coef: np.ndarray, intercept: np.ndarray, labels: list[str],
                 config: tuple[int, int, int] | None = None):
        self.vec, self.coef, self.intercept, self.labels = vectorizer, coef, intercept, labels
        self.config = config

    @staticmethod
    def _vectorizer(config: tuple[int, int, int] | None = None, **kw) -> TfidfVectorizer:
        if config is None:
            return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, lowercase=True,
                                   dtype=np.float32, **kw)
        return TfidfVectorizer(analyzer=Analyzer(*config), sublinear_tf=True, dtype=np.float32, **kw)

    @classmethod
    def select(cls, train: tuple[list[str], list[str]], dev: tuple[list[str], list[str]], classes: list[str],
               seed: int = 42, c: float = 10.0) -> tuple[tuple[int, int, int] | None, dict[str, float]]:
        """The feature set with the best dev macro-F1 (the test set is never looked at)."""
        from finetune.metrics import classification_metrics

        scores: dict[str, float] = {}
        best, best_f1 = None, -1.0
        for cfg in CANDIDATES:
            m = cls.fit(train[0], train[1], classes, seed, config=cfg, c=c)
            pred = [classes[i] for i in m.predict_proba(dev[0]).argmax(1)]
            f1 = classification_metrics(dev[1], pred)["macro_f1"]
            scores[str(cfg)] = round(f1, 4)
            if f1 > best_f1:
                best, best_f1 = cfg, f1
        return best, scores

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], classes: list[str], seed: int = 42,
            config: tuple[int, int, int] | None = None, c: float = 10.0) -> "NgramModel":
        """c: inverse L2 strength (a task sets it; the column-type model uses a weaker penalty)."""
        vec = cls._vectorizer(config, min_df=2 if len(texts) > 500 else 1, max_features=300_000)
        x = vec.fit_transform(texts)
        lr = LogisticRegression(C=c, max_iter=3000, random_state=seed, class_weight="balanced")
        lr.fit(x, labels)
        coef = np.zeros((len(classes), x.shape[1]), dtype=np.float32)
        intercept = np.full(len(classes), -1e4, dtype=np.float32)  # a class unseen in training is never chosen
        fitted = list(lr.classes_)
        if len(fitted) == 2:  # sklearn stores one row for binary problems: split it in half between the classes,
            w, b = lr.coef_[0] / 2, lr.intercept_[0] / 2  # so the softmax of the two equals sklearn's sigmoid
            rows = {fitted[1]: (w, b), fitted[0]: (-w, -b)}
        else:
            rows = {c: (lr.coef_[i], lr.intercept_[i]) for i, c in enumerate(fitted)}
        for i, c in enumerate(classes):
            if c in rows:
                coef[i], intercept[i] = rows[c]
        return cls(vec, coef, intercept, classes, config)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        logits = self.vec.transform(texts) @ self.coef.T + self.intercept
        logits = np.asarray(logits, dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        vocab = {k: int(v) for k, v in self.vec.vocabulary_.items()}
        (path / FILES[0]).write_text(json.dumps({"vocabulary": vocab, "labels": self.labels,
                                                 "config": list(self.config) if self.config else None},
                                                ensure_ascii=False), encoding="utf-8")
        np.save(path / FILES[1], self.vec.idf_.astype(np.float32))
        np.save(path / FILES[2], self.coef.astype(np.float16))
        np.save(path / FILES[3], self.intercept)

    @classmethod
    def load(cls, path: Path) -> "NgramModel | None":
        if not all((path / f).exists() for f in FILES):
            return None
        meta = json.loads((path / FILES[0]).read_text(encoding="utf-8"))
        config = tuple(meta["config"]) if meta.get("config") else None
        vec = cls._vectorizer(config, vocabulary=meta["vocabulary"])
        vec.idf_ = np.load(path / FILES[1])
        return cls(vec, np.load(path / FILES[2]).astype(np.float32), np.load(path / FILES[3]), meta["labels"],
                   config)
