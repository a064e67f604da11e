"""The n-gram companion: features, penalty and the saved form, on real product names."""
from __future__ import annotations

import csv

import numpy as np

from finetune.ngram import NgramModel


def _products(shared_data, n: int = 400) -> tuple[list[str], list[str]]:
    data = shared_data / "instacart_products"
    deps = {r["department_id"]: r["department"] for r in csv.DictReader(open(data / "departments.csv"))}
    rows = [r for r in csv.DictReader(open(data / "products.csv", newline="")) if r["department_id"] in deps][:n]
    return [r["product_name"] for r in rows], [deps[r["department_id"]] for r in rows]


def test_weaker_penalty_fits_the_training_data_closer(shared_data):
    texts, labels = _products(shared_data)
    classes = sorted(set(labels))
    loose = NgramModel.fit(texts, labels, classes, c=300.0)
    tight = NgramModel.fit(texts, labels, classes, c=0.1)
    assert np.abs(loose.coef).sum() > 5 * np.abs(tight.coef).sum()

    def train_acc(m: NgramModel) -> float:
        return float(np.mean([classes[i] == y for i, y in zip(m.predict_proba(texts).argmax(1), labels)]))

    assert train_acc(loose) > train_acc(tight)


def test_save_load_round_trip(shared_data, tmp_path):
    texts, labels = _products(shared_data, 200)
    classes = sorted(set(labels))
    m = NgramModel.fit(texts, labels, classes, config=(2, 1, 2), c=30.0)
    m.save(tmp_path)
    again = NgramModel.load(tmp_path)
    assert again is not None and again.config == (2, 1, 2)
    assert np.allclose(m.predict_proba(texts[:20]), again.predict_proba(texts[:20]), atol=1e-3)
