"""Classifier figures, each next to a baseline measured in the same run.

1. Column typing on real columns the model never trained on:
   a. SOTAB: the model trains on SOTAB's train-split tables + generated columns and is scored on the
      val-split tables (whole tables held out); baseline = header + regex rules alone.
   b. Real e-commerce files in ../shared/data with headers (hand labels in benchmarks/data/real_columns.csv),
      scanned end to end; baseline = rules alone. PII (L3/L4) recall and precision for both.
2. Product categories: instacart products -> department (split by product) and Chinese reviews -> category,
   pandian's fine-tuned classifier vs TF-IDF + logistic regression trained on the same split.
3. CPU speed: training samples/s, inference rows/s fp32 vs dynamic int8 and the macro-F1 delta.

    .venv/bin/python benchmarks/classify_bench.py [--quick]
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from finetune.data import Examples  # noqa: E402
from finetune.metrics import classification_metrics  # noqa: E402
from finetune.train import TrainConfig, train  # noqa: E402
from tools.classify.columns import classify  # noqa: E402
from tools.classify.serialize import serialize  # noqa: E402
from tools.classify.taxonomy import level_of  # noqa: E402
from tools.classify.training_data import shared_data_dir, sotab_rows, synth_examples  # noqa: E402


def _cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def pii_scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    g = [level_of(x) in ("L3", "L4") for x in gold]
    p = [level_of(x) in ("L3", "L4") for x in pred]
    tp = sum(a and b for a, b in zip(g, p))
    return {"pii_recall": round(tp / max(1, sum(g)), 4), "pii_precision": round(tp / max(1, sum(p)), 4),
            "pii_gold": sum(g)}


def summarize(gold: list[str], pred: list[str]) -> dict:
    m = classification_metrics(gold, pred)
    return {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"], "n": m["n"], **pii_scores(gold, pred)}


def column_typing(work: Path, quick: bool) -> dict:
    rows = sotab_rows()
    train_rows = [r for r in rows if r["split"] == "train"]
    test_rows = [r for r in rows if r["split"] == "val"]
    ex = Examples([serialize(r["header"], r["values"]) for r in train_rows], [r["label"] for r in train_rows])
    ex = ex + synth_examples(10 if quick else 30, seed=0)
    cfg = TrainConfig(task="column-type", epochs=2 if quick else 4, max_len=96, learning_rate=1e-4,
                      batch_size=64 if _cuda() else 16)
    meta = train(work / "models", cfg, ex, source="SOTAB train tables + generated", progress=False)
    from finetune.predict import TextClassifier

    model = TextClassifier(Path(meta["path"]) if "path" in meta else
                           work / "models" / "column-type" / "runs" / meta["run_id"])
    gold = [r["label"] for r in test_rows]
    base = [classify(r["header"], r["values"]).semantic_type for r in test_rows]
    probs = model.predict_proba([serialize(r["header"], r["values"]) for r in test_rows])
    full = [classify(r["header"], r["values"], model_probs=dict(zip(model.labels, p))).semantic_type
            for r, p in zip(test_rows, probs)]
    out = {"sotab_heldout_tables": {"baseline_rules": summarize(gold, base), "pandian": summarize(gold, full),
                                    "n_tables": len({r["table_id"] for r in test_rows})},
           "train_seconds": meta["train_seconds"], "train_samples_per_s": meta["train_samples_per_s"]}
    out["real_files_with_headers"] = real_files(work, model)
    return out


def real_files(work: Path, model) -> dict:
    """Scan ../shared/data end to end and compare the catalog's semantic types with hand labels."""
    from pandian.context import open_context
    from tools.classify.service import classify_asset, column_header, column_values
    from tools.ingest.scan import ScanArgs, scan

    data = shared_data_dir()
    labels = list(csv.DictReader(open(ROOT / "benchmarks" / "data" / "real_columns.csv", encoding="utf-8")))
    ctx = open_context(str(work / "ws_real"))
    try:
        scan(ctx, ScanArgs(sources=[str(data)]), progress=False, classify_columns=False)
        by_source = {a.source: a for a in ctx.catalog.assets()}
        gold, base, full = [], [], []
        for lab in labels:
            src = str((data / lab["source"].split("!")[0]).resolve())
            if "!" in lab["source"]:
                src += "!" + lab["source"].split("!")[1]
            asset = by_source.get(src)
            if asset is None:
                continue
            col = next((c for c in asset.columns if c.name == lab["column"]), None)
            if col is None:
                continue
            vals = column_values(col)
            gold.append(lab["label"])
            base.append(classify(column_header(col), vals).semantic_type)
            p = model.predict_proba([serialize(column_header(col), vals)])[0]
            full.append(classify(column_header(col), vals, model_probs=dict(zip(model.labels, p))).semantic_type)
        _ = classify_asset  # the scan path uses the same function through classify_all
    finally:
        ctx.close()
    return {"baseline_rules": summarize(gold, base), "pandian": summarize(gold, full)}


def tfidf_baseline(train_ex: Examples, test_ex: Examples, analyzer: str) -> dict:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=analyzer, ngram_range=(1, 2), sublinear_tf=True)
    lr = LogisticRegression(max_iter=2000, C=10.0)
    t = time.perf_counter()
    lr.fit(vec.fit_transform(train_ex.texts), train_ex.labels)
    pred = list(lr.predict(vec.transform(test_ex.texts)))
    m = classification_metrics(test_ex.labels, pred)
    return {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"], "fit_seconds": round(time.perf_counter() - t, 2)}


def split(ex: Examples, test_n: int, train_n: int, seed: int = 0) -> tuple[Examples, Examples]:
    idx = list(range(len(ex)))
    random.Random(seed).shuffle(idx)
    te, tr = idx[:test_n], idx[test_n: test_n + train_n]
    return (Examples([ex.texts[i] for i in tr], [ex.labels[i] for i in tr]),
            Examples([ex.texts[i] for i in te], [ex.labels[i] for i in te]))


def product_sets() -> dict[str, tuple[Examples, str]]:
    data = shared_data_dir()
    deps = {r["department_id"]: r["department"]
            for r in csv.DictReader(open(data / "instacart_products" / "departments.csv", encoding="utf-8"))}
    prods = [r for r in csv.DictReader(open(data / "instacart_products" / "products.csv", encoding="utf-8", newline=""))
             if r.get("department_id") in deps and r.get("product_name")]
    ic = Examples([r["product_name"] for r in prods], [deps[r["department_id"]] for r in prods])
    with zipfile.ZipFile(data / "reviews_zh" / "online_shopping_10_cats.zip") as zf:
        text = zf.read("online_shopping_10_cats.csv").decode("utf-8-sig")
    rev = [r for r in csv.DictReader(io.StringIO(text)) if r["review"].strip()]
    zh = Examples([r["review"][:200] for r in rev], [r["cat"] for r in rev])
    return {"instacart_departments": (ic, "word"), "reviews_zh_categories": (zh, "char")}


def product_categories(work: Path, quick: bool) -> dict:
    from finetune.predict import TextClassifier

    out = {}
    full_sizes = {"instacart_departments": (2000, 5000), "reviews_zh_categories": (2000, 3000)}
    for name, (ex, analyzer) in product_sets().items():
        tr, te = split(ex, *((600, 1200) if quick else full_sizes[name]))
        base = tfidf_baseline(tr, te, analyzer)
        cfg = TrainConfig(task=name.replace("_", "-"), epochs=1 if quick else 3, max_len=64 if quick else 96,
                          learning_rate=8e-5, batch_size=64 if _cuda() else 16)
        meta = train(work / "models", cfg, tr, source=name, progress=False)
        path = work / "models" / cfg.task / "runs" / meta["run_id"]
        res = {"baseline_tfidf_lr": base, "n_train": len(tr), "n_test": len(te),
               "train_samples_per_s": meta["train_samples_per_s"], "train_seconds": meta["train_seconds"],
               "blend_encoder_weight": meta["blend_encoder_weight"],
               "dev_encoder_only": meta.get("dev_encoder_only"), "dev_ngram_only": meta.get("dev_ngram_only")}
        for q in (False, True):
            clf = TextClassifier(path, quantize=q)
            t = time.perf_counter()
            pred = [y for y, _ in clf.predict(te.texts)]
            secs = time.perf_counter() - t
            m = classification_metrics(te.labels, pred)
            res["pandian_int8" if q else "pandian_fp32"] = {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"],
                                                            "rows_per_s": round(len(te) / secs, 1)}
        res["int8_macro_f1_delta"] = round(res["pandian_int8"]["macro_f1"] - res["pandian_fp32"]["macro_f1"], 4)
        res["int8_speedup"] = round(res["pandian_int8"]["rows_per_s"] / res["pandian_fp32"]["rows_per_s"], 2)
        res["pandian_minus_baseline_macro_f1"] = round(res["pandian_fp32"]["macro_f1"] - base["macro_f1"], 4)
        out[name] = res
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--only", choices=["columns", "products"])
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "classify_bench.json"))
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    import torch

    res: dict = {"machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                             "cuda": torch.cuda.is_available()}}
    with tempfile.TemporaryDirectory(prefix="pandian-cls-") as tmp:
        if args.only in (None, "columns"):
            res["column_typing"] = column_typing(Path(tmp), args.quick)
            print(json.dumps(res["column_typing"], indent=1), flush=True)
        if args.only in (None, "products"):
            res["product_categories"] = product_categories(Path(tmp), args.quick)
            print(json.dumps(res["product_categories"], indent=1), flush=True)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(res, indent=2, ensure_ascii=False))
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
