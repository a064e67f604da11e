"""The column-statistics model: features, the array-stored forest, the blend, and its cross-validated weight."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tools.classify.companions import Companions, fit_companions
from tools.classify.features import NAMES, SIZE, column_features
from tools.classify.forest import Forest
from tools.classify.stats_model import StatsModel
from tools.classify.training_data import synth_rows


def test_features_describe_shape_not_row_count():
    assert len(NAMES) == SIZE == len(set(NAMES))
    prices = column_features(["12.99", "5.49", "120.00", "7.25"])
    assert prices.shape == (SIZE,) and np.isfinite(prices).all()
    assert prices[NAMES.index("numeric_share")] == 1.0 and prices[NAMES.index("fractional_share")] == 0.75
    review = column_features(["I love it, great fit!", "My daughter loves it.", "Bad quality, returned."])
    assert review[NAMES.index("opinion_share")] == 1.0 and review[NAMES.index("sentence_end_share")] == 1.0
    # a sample twice as long with the same values is the same column, but for its share of distinct values
    longer, short = column_features(["a1", "b22", "a1"] * 2), column_features(["a1", "b22", "a1"])
    same = [i for i, n in enumerate(NAMES) if n != "distinct_share"]
    assert np.allclose(longer[same], short[same]) and longer[0] < short[0]
    assert not column_features([]).any() and not column_features([None, " "]).any()
    assert np.isfinite(column_features(["inf", "nan", "1e400", "-5"])).all()


def test_forest_as_arrays_predicts_what_scikit_learn_predicts(tmp_path):
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 6))
    y = np.where(x[:, 0] + x[:, 1] > 0, "a", np.where(x[:, 2] > 0.5, "b", "c")).tolist()
    classes = ["z_absent", "c", "b", "a"]  # output order is the caller's; a class never seen gets 0
    forest = Forest.fit(x, y, classes, n_trees=25, seed=1)
    ref = RandomForestClassifier(n_estimators=25, class_weight="balanced", random_state=1).fit(x.astype(np.float32), y)
    test = rng.normal(size=(50, 6))
    want = np.zeros((50, 4))
    want[:, [classes.index(c) for c in ref.classes_]] = ref.predict_proba(test.astype(np.float32))
    got = forest.predict_proba(test)
    assert np.abs(got - want).max() < 1e-3 and (got[:, 0] == 0).all()
    forest.save(tmp_path / "f.npz")
    again = Forest.load(tmp_path / "f.npz")  # no pickle involved: np.load refuses objects here
    assert np.array_equal(again.predict_proba(test), got) and again.classes == classes
    assert forest.predict_proba(np.zeros((0, 6))).shape == (0, 4)


@pytest.fixture(scope="module")
def stats_model() -> StatsModel:
    rows = synth_rows(12, seed=0)
    return StatsModel.fit([r["values"] for r in rows], [r["label"] for r in rows], weight=0.4)


def test_statistics_tell_apart_what_words_confuse(stats_model):
    fresh = synth_rows(4, seed=7)  # other generated columns than the training ones
    probs = stats_model.proba([r["values"] for r in fresh])
    hits = sum(max(p, key=p.get) == r["label"] for p, r in zip(probs, fresh))
    assert hits / len(fresh) >= 0.7, hits / len(fresh)
    reviews = ["Love it, my son wears it every day!", "Terrible zipper, returned it.", "Great value. Recommend!",
               "I bought two, both good."]
    description = ["Crafted from 100% organic cotton with a relaxed fit", "Stainless steel body and 1.5 L capacity",
                   "Includes USB-C cable and quick start guide", "Water resistant to 50 m with sapphire glass"]
    text_guess = {"description": 0.55, "review_text": 0.45}  # a text model's near miss
    fixed, kept, none = stats_model.blend([text_guess, text_guess, None], [reviews, description, []])
    assert max(fixed, key=fixed.get) == "review_text" and max(kept, key=kept.get) == "description"
    assert none is None and abs(sum(fixed.values()) - 1.0) < 1e-6
    assert stats_model.blend([text_guess], [reviews], weight=0.0) == [text_guess]


def test_saved_beside_a_run_and_refused_when_stale_or_corrupt(stats_model, tmp_path):
    stats_model.save(tmp_path)
    again = StatsModel.load(tmp_path)
    assert again is not None and again.weight == 0.4
    vals = [["3", "5", "4", "5"]]
    assert again.proba(vals) == stats_model.proba(vals)
    meta = json.loads((tmp_path / "column_stats.json").read_text())
    (tmp_path / "column_stats.json").write_text(json.dumps({**meta, "features": meta["features"][:-1]}))
    assert StatsModel.load(tmp_path) is None  # written with another feature list: the text model serves alone
    (tmp_path / "column_stats.json").write_text(json.dumps(meta))
    (tmp_path / "column_stats.npz").write_bytes(b"not a zip")
    assert StatsModel.load(tmp_path) is None
    assert StatsModel.load(tmp_path / "missing") is None
    assert Companions.load(tmp_path / "missing").blend([{"price": 1.0}], [["1"]]) == [{"price": 1.0}]


def test_weight_and_alpha_are_chosen_by_cross_validation_over_tables(tmp_path):
    # reviews and descriptions look alike to an n-gram model of this little data but not to their statistics
    rows = []
    for t in range(16):
        rows += [{"table_id": f"r{t}", "header": "", "label": "review_text",
                  "values": [f"I love item {t}!", "Bad, returned it.", f"My kids like it {t}.", "Great!"]},
                 {"table_id": f"r{t}", "header": "", "label": "rating", "values": ["5", "1", "4", "5"]},
                 {"table_id": f"d{t}", "header": "", "label": "description",
                  "values": [f"Item {t} made of steel and glass with a long strap and two pockets for travel use"] * 4},
                 {"table_id": f"d{t}", "header": "", "label": "price", "values": ["12.99", "5.49", "120.00", "7.25"]}]
    comp = fit_companions(rows, extra=synth_rows(2, seed=0), folds=4)
    assert comp.report["cross_validated"] and set(comp.report["cv_accuracy_by_stats_weight"]) >= {"0.0", "0.3"}
    assert comp.stats is not None and comp.context is not None
    assert comp.report["cv_pii_columns"] == 0  # no personal data in these tables
    comp.save(tmp_path)
    again = Companions.load(tmp_path)
    assert again.stats is not None and again.stats.weight == comp.stats.weight
    assert again.context is not None and again.context.alpha == comp.context.alpha
    few = fit_companions(rows[:8], folds=4)  # too few tables to cross-validate: defaults, said so
    assert few.report["cross_validated"] is False and few.stats is not None


def test_cross_validation_reports_personal_data_recall_and_precision():
    rows = []
    for t in range(12):
        rows += [{"table_id": f"u{t}", "header": "", "label": "phone_number",
                  "values": [f"138{t:02d}{k:06d}" for k in range(1, 5)]},
                 {"table_id": f"u{t}", "header": "", "label": "region", "values": ["北京", "上海", "广州", "北京"]},
                 {"table_id": f"p{t}", "header": "", "label": "price", "values": ["12.99", "5.49", f"{t}.25", "7.25"]},
                 {"table_id": f"p{t}", "header": "", "label": "rating", "values": ["5", "1", "4", "5"]}]
    report = fit_companions(rows, folds=4, stats=False).report
    # CN mobile numbers are verified (a rule), so every personal column is found and nothing else is called one
    assert report["cv_pii_columns"] == 12 and report["cv_pii_recall"] == 1.0 and report["cv_pii_precision"] == 1.0
