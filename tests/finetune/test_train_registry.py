"""The fine-tuning module end to end on CPU: real training of the real encoder on a small real set."""
from __future__ import annotations

import csv
import json
import random
import zipfile

import pytest

from finetune.base import default_base
from finetune.cjk import unk_rate
from tests.conftest import run_cli

COMMON_ZH = ["统计每日销售额", "哪张表有用户手机号", "请帮我清洗订单表并生成数据字典", "这款手机的电池续航很好，物流也很快",
             "给我看一下上个月的退款趋势", "用户行为日志里有多少次购买"]


@pytest.fixture(scope="module")
def reviews(shared_data, tmp_path_factory):
    """A small balanced slice of the real Chinese reviews: two categories, train and test files."""
    d = tmp_path_factory.mktemp("reviews")
    with zipfile.ZipFile(shared_data / "reviews_zh" / "online_shopping_10_cats.zip") as zf:
        text = zf.read("online_shopping_10_cats.csv").decode("utf-8-sig")
    rows = [r for r in csv.DictReader(text.splitlines()) if r["cat"] in ("书籍", "水果") and r["review"].strip()]
    random.Random(0).shuffle(rows)
    by = {"书籍": [], "水果": []}
    for r in rows:
        if len(by[r["cat"]]) < 150:
            by[r["cat"]].append(r)
    train = by["书籍"][:110] + by["水果"][:110]
    test = by["书籍"][110:] + by["水果"][110:]
    for name, part in (("train.csv", train), ("test.csv", test)):
        with open(d / name, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["text", "label"])
            for r in part:
                w.writerow([r["review"][:120], r["cat"]])
    return d


def test_cjk_vocabulary_extension_reads_chinese(tmp_path):
    from transformers import AutoTokenizer, BertTokenizer

    from finetune.cjk import extend_vocab_file

    base = default_base()
    assert unk_rate(AutoTokenizer.from_pretrained(base), COMMON_ZH) > 0.5  # the problem is real
    extend_vocab_file(base, tmp_path, [])
    lines = (tmp_path / "vocab.txt").read_text(encoding="utf-8").splitlines()
    tok = BertTokenizer(vocab={t: i for i, t in enumerate(lines)})
    assert unk_rate(tok, COMMON_ZH) < 0.02


def test_train_eval_classify_and_registry(tmp_path, reviews):
    ws = tmp_path / "ws"
    proc = run_cli("train", "product-category", "--data", str(reviews / "train.csv"), "--epochs", "2",
                   "--max-len", "64", "--json", workspace=ws, check=True, timeout=900)
    meta = json.loads(proc.stdout)
    assert meta["promoted"] and meta["labels"] == ["书籍", "水果"]
    assert meta["cjk_tokens_added"] > 3000 and meta["n_train"] + meta["n_dev"] == 220
    assert {"dev", "dev_encoder_only", "dev_ngram_only", "blend_encoder_weight", "data_hash"} <= set(meta)
    run_dir = ws / "models" / "product-category" / "runs" / meta["run_id"]
    assert (run_dir / "meta.json").exists() and (run_dir / "config.json").exists()
    assert json.loads((ws / "models" / "product-category" / "current.json").read_text())["run_id"] == meta["run_id"]
    ev = json.loads(run_cli("eval", "product-category", "--data", str(reviews / "test.csv"), "--json",
                            workspace=ws, check=True).stdout)
    assert {"accuracy", "macro_f1", "per_class", "n"} <= set(ev) and ev["n"] == 80
    assert ev["accuracy"] >= 0.85, ev  # books vs fruit reviews are easy once Chinese is read
    out = json.loads(run_cli("classify", "product-category", "--data", str(reviews / "test.csv"), "--json",
                             workspace=ws, check=True).stdout)
    assert len(out) == 80 and {"text", "label", "confidence"} <= set(out[0])
    assert 0.0 <= out[0]["confidence"] <= 1.0

    # a barely trained model (tiny learning rate, encoder only) is not promoted; --force overrides
    args = ["train", "product-category", "--data", str(reviews / "train.csv"), "--epochs", "1", "--max-len", "16",
            "--lr", "1e-9", "--no-ngram", "--json"]
    worse = json.loads(run_cli(*args, workspace=ws, check=True, timeout=900).stdout)
    assert not worse["promoted"] and worse["previous"]["run_id"] == meta["run_id"]
    assert worse["dev"]["macro_f1"] < worse["previous"]["dev_macro_f1"]
    assert json.loads((ws / "models" / "product-category" / "current.json").read_text())["run_id"] == meta["run_id"]
    forced = json.loads(run_cli(*args, "--force", workspace=ws, check=True, timeout=900).stdout)
    assert forced["promoted"] and forced["decision"] == "forced"
    assert json.loads((ws / "models" / "product-category" / "current.json").read_text())["run_id"] == forced["run_id"]
    assert len(list((ws / "models" / "product-category" / "runs").iterdir())) == 3


def test_max_minutes_cuts_training_to_fit(tmp_path, reviews):
    """`--max-minutes`: the epochs are cut to what the time affords and a model is still registered."""
    ws = tmp_path / "ws"
    proc = run_cli("train", "product-category", "--data", str(reviews / "train.csv"), "--epochs", "3",
                   "--max-len", "32", "--max-minutes", "0.001", "--json", workspace=ws, check=True, timeout=600)
    meta = json.loads(proc.stdout)
    budget = meta["time_budget"]
    assert budget["seconds"] == pytest.approx(0.06) and budget["epochs_planned"] == 3.0 and budget["epochs_budgeted"] < 3.0
    assert meta["epochs_run"] < budget["epochs_budgeted"] and meta["promoted"]
    for value in ("0", "inf"):
        bad = run_cli("train", "product-category", "--data", str(reviews / "train.csv"), "--max-minutes", value,
                      workspace=tmp_path / "ws2")
        assert bad.returncode != 0 and "--max-minutes must be a positive" in bad.stderr
        assert "Traceback" not in bad.stderr
    assert not (tmp_path / "ws2" / "models" / "product-category").exists()


BAD = {
    "missing text column": ("title,label\na,b\n", "no column 'text'"),
    "one class": ("text,label\n" + "".join(f"t{i},x\n" for i in range(10)), "only one class"),
    "empty rows": ("text,label\n,\n ,a\n", "no usable rows"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_training_files_leave_registry_untouched(tmp_path, case):
    body, expected = BAD[case]
    f = tmp_path / "t.csv"
    f.write_text(body, encoding="utf-8")
    ws = tmp_path / "ws"
    proc = run_cli("train", "my-task", "--data", str(f), workspace=ws)
    assert proc.returncode != 0 and expected in proc.stderr and "Traceback" not in proc.stderr
    assert not (ws / "models" / "my-task").exists() or not any((ws / "models" / "my-task" / "runs").iterdir())


def test_bad_base_and_unknown_task(tmp_path):
    f = tmp_path / "t.csv"
    f.write_text("text,label\na,x\nb,y\nc,x\nd,y\ne,x\nf,y\n", encoding="utf-8")
    ws = tmp_path / "ws"
    proc = run_cli("train", "t", "--data", str(f), "--base", str(tmp_path), workspace=ws)
    assert proc.returncode != 0 and "not a model folder" in proc.stderr
    proc = run_cli("eval", "nothing-here", "--data", str(f), workspace=ws)
    assert proc.returncode != 0 and "no promoted model" in proc.stderr
    proc = run_cli("train", "Bad Name!", "--data", str(f), workspace=ws)
    assert proc.returncode != 0 and "invalid task name" in proc.stderr


def test_corrupt_promoted_model_is_reported(tmp_path):
    ws = tmp_path / "ws"
    task = ws / "models" / "broken" / "runs" / "r1"
    task.mkdir(parents=True)
    (task / "meta.json").write_text("{not json")
    (ws / "models" / "broken" / "current.json").write_text(json.dumps({"run_id": "r1"}))
    f = tmp_path / "t.csv"
    f.write_text("text,label\na,x\n", encoding="utf-8")
    proc = run_cli("classify", "broken", "--data", str(f), workspace=ws)
    assert proc.returncode != 0 and "missing or corrupt" in proc.stderr and "Traceback" not in proc.stderr


def test_ngram_binary_probabilities_match_sklearn():
    """Bug: for two classes the weights were halved but the intercept was not, skewing the blend on dev."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from finetune.ngram import NgramModel

    texts = ["good phone", "great screen", "bad battery", "awful case", "good case", "bad phone", "great", "awful"]
    labels = ["pos", "pos", "neg", "neg", "pos", "neg", "pos", "neg"]
    m = NgramModel.fit(texts, labels, ["neg", "pos"], config=(2, 1, 2))
    ref = LogisticRegression(C=10.0, max_iter=3000, random_state=42, class_weight="balanced")
    ref.fit(m.vec.transform(texts), labels)
    probe = ["good battery", "awful screen", "phone"]
    assert np.allclose(m.predict_proba(probe), ref.predict_proba(m.vec.transform(probe)), atol=1e-4)
