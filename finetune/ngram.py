"""Character n-gram logistic regression: the cheap companion of the encoder.

Chinese product text is largely carried by characters and short n-grams; a char n-gram model is strong
there and costs seconds to fit. Train fits it beside the encoder, and the blend weight between the two is
chosen on the dev set, so whichever wins on the data at hand is what serves (weight 1.0 = encoder only).
Stored as plain arrays (vocabulary JSON + npy), never pickled.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

FILES = ("ngram_vocab.json", "ngram_idf.npy", "ngram_coef.npy", "ngram_intercept.npy")


class NgramModel:
    def __init__(self, vectorizer: TfidfVectorizer, coef: np.ndarray, intercept: np.ndarray, labels: list[str]):
        self.vec, self.coef, self.intercept, self.labels = vectorizer, coef, intercept, labels

    @staticmethod
    def _vectorizer(**kw) -> TfidfVectorizer:
        return TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 3), sublinear_tf=True, lowercase=True,
                               dtype=np.float32, **kw)

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], classes: list[str], seed: int = 42) -> "NgramModel":
        vec = cls._vectorizer(min_df=2 if len(texts) > 500 else 1, max_features=150_000)
        x = vec.fit_transform(texts)
        lr = LogisticRegression(C=10.0, max_iter=2000, random_state=seed)
        lr.fit(x, labels)
        coef = np.zeros((len(classes), x.shape[1]), dtype=np.float32)
        intercept = np.full(len(classes), -1e4, dtype=np.float32)  # a class unseen in training is never chosen
        fitted = list(lr.classes_)
        if len(fitted) == 2:  # sklearn stores one row for binary problems
            rows = {fitted[1]: (lr.coef_[0], lr.intercept_[0]), fitted[0]: (-lr.coef_[0], -lr.intercept_[0])}
        else:
            rows = {c: (lr.coef_[i], lr.intercept_[i]) for i, c in enumerate(fitted)}
        for i, c in enumerate(classes):
            if c in rows:
                coef[i], intercept[i] = rows[c][0] / (2 if len(fitted) == 2 else 1), rows[c][1]
        return cls(vec, coef, intercept, classes)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        logits = self.vec.transform(texts) @ self.coef.T + self.intercept
        logits = np.asarray(logits, dtype=np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        vocab = {k: int(v) for k, v in self.vec.vocabulary_.items()}
        (path / FILES[0]).write_text(json.dumps({"vocabulary": vocab, "labels": self.labels}, ensure_ascii=False),
                                     encoding="utf-8")
        np.save(path / FILES[1], self.vec.idf_.astype(np.float32))
        np.save(path / FILES[2], self.coef.astype(np.float16))
        np.save(path / FILES[3], self.intercept)

    @classmethod
    def load(cls, path: Path) -> "NgramModel | None":
        if not all((path / f).exists() for f in FILES):
            return None
        meta = json.loads((path / FILES[0]).read_text(encoding="utf-8"))
        vec = cls._vectorizer(vocabulary=meta["vocabulary"])
        vec.idf_ = np.load(path / FILES[1])
        return cls(vec, np.load(path / FILES[2]).astype(np.float32), np.load(path / FILES[3]), meta["labels"])
