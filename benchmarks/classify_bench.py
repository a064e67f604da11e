"""Classifier figures, each next to a baseline measured in the same run.

1. Column typing on real columns the model never trained on:
   a. SOTAB: the model trains on SOTAB's train-split tables + generated columns and is scored on the
      val-split tables (whole tables held out); baseline = header + regex rules alone.
   b. Real e-commerce files in ../shared/data with headers (hand labels in benchmarks/data/real_columns.csv),
      scanned end to end; baseline = rules alone. PII (L3/L4) recall and precision for both.
2. Product categories: instacart products -> department (split by product) and Chinese reviews -> category,
   pandian's fine-tuned classifier vs TF-IDF + logistic regression trained on the same split.
3. Speed at max length 128: training samples/s and inference rows/s (fp32 and dynamic int8 on CPU; bf16 and a
   larger batch on CUDA), and for the product models the int8 macro-F1 delta.
4. First use: the column-type model trained as `pandian serve` trains it in the background, timed end to end.

The same script runs on a CUDA machine (`benchmarks/device_check.sh`), so GPU figures sit beside CPU ones.

    .venv/bin/python benchmarks/classify_bench.py [--quick] [--only columns|products|speed|first-use]
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
from tools.classify.autotrain import COLUMN_LEARNING_RATE, NGRAM_C  # noqa: E402
from tools.classify.columns import classify  # noqa: E402
from tools.classify.serialize import serialize  # noqa: E402
from tools.classify.taxonomy import level_of  # noqa: E402
from tools.classify.training_data import shared_data_dir, sotab_rows, synth_examples  # noqa: E402


def _versions(*names: str) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for n in names:
        try:
            out[n] = version(n)
        except PackageNotFoundError:
            out[n] = "absent"
    return out


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


def by_table(rows: list[dict]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        out.setdefault(r["table_id"], []).append(i)
    return out


def _print_pii_errors(rows: list[dict], pred: list[str]) -> None:
    """Held-out PII misses and false alarms, so a change to the PII figures can be traced to columns."""
    for r, p in zip(rows, pred):
        g, q = level_of(r["label"]) in ("L3", "L4"), level_of(p) in ("L3", "L4")
        if g != q:
            kind = "PII missed" if g else "PII false alarm"
            print(f"  {kind}: {r['table_id']} header={r['header']!r} gold={r['label']} pandian={p} "
                  f"{r['values'][:4]}", file=sys.stderr)


def has_values(r: dict) -> bool:
    return any(str(v).strip() for v in r["values"])


def column_typing(work: Path, quick: bool, base_model: str | None = None, epochs: float | None = None,
                  real: bool = True) -> dict:
    from finetune.predict import TextClassifier
    from tools.classify.companions import fit_companions
    from tools.classify.context import classify_with_context
    from tools.classify.training_data import synth_rows

    rows = sotab_rows()
    train_rows = [r for r in rows if r["split"] == "train"]
    test_rows = [r for r in rows if r["split"] == "val"]
    ex = Examples([serialize(r["header"], r["values"]) for r in train_rows], [r["label"] for r in train_rows])
    per_type = 10 if quick else 30
    ex = ex + synth_examples(per_type, seed=0)
    cfg = TrainConfig(task="column-type", base=base_model, epochs=epochs or (2 if quick else 4), max_len=96,
                      learning_rate=COLUMN_LEARNING_RATE, batch_size=64 if _cuda() else 16, ngram_select=False,
                      ngram_c=NGRAM_C)
    meta = train(work / "models", cfg, ex, source="SOTAB train tables + generated", progress=False)
    run_dir = work / "models" / "column-type" / "runs" / meta["run_id"]
    # statistics-model weight and context alpha chosen by cross-validation over the training tables only
    comp = fit_companions(train_rows, extra=synth_rows(per_type, seed=0))
    comp.save(run_dir)  # as `pandian train column-type` does, so the scan path below finds them
    context = comp.context
    model = TextClassifier(run_dir)
    gold = [r["label"] for r in test_rows]
    base = [classify(r["header"], r["values"]).semantic_type for r in test_rows]
    t = time.perf_counter()
    text_probs = [dict(zip(model.labels, p)) for p in model.predict_proba([serialize(r["header"], r["values"])
                                                                           for r in test_rows])]
    probs = comp.blend(text_probs, [r["values"] for r in test_rows])
    infer_s = time.perf_counter() - t
    alone = [classify(r["header"], r["values"], model_probs=p).semantic_type for r, p in zip(test_rows, probs)]

    def with_context(ps: list) -> list[str]:
        out: list[str] = [""] * len(test_rows)
        for idx in by_table(test_rows).values():
            verdicts = classify_with_context([test_rows[i]["header"] for i in idx],
                                             [test_rows[i]["values"] for i in idx], [ps[i] for i in idx], context)
            for i, v in zip(idx, verdicts):
                out[i] = v.semantic_type
        return out

    full, text_only = with_context(probs), with_context(text_probs)
    filled = [i for i, r in enumerate(test_rows) if has_values(r)]
    if os.environ.get("PANDIAN_BENCH_ERRORS"):
        _print_pii_errors([test_rows[i] for i in filled], [full[i] for i in filled])

    def sub(pred: list[str]) -> dict:
        return summarize([gold[i] for i in filled], [pred[i] for i in filled])

    out = {"sotab_heldout_tables": {
        "n_tables": len(by_table(test_rows)),
        "all_columns": {"baseline_rules": summarize(gold, base), "pandian_no_table_context": summarize(gold, alone),
                        "pandian_no_column_statistics": summarize(gold, text_only), "pandian": summarize(gold, full)},
        "columns_with_values": {"note": f"{len(test_rows) - len(filled)} held-out columns have no value at all "
                                        "(n_values 0): nothing to read, reported apart",
                                "baseline_rules": sub(base), "pandian_no_table_context": sub(alone),
                                "pandian_no_column_statistics": sub(text_only), "pandian": sub(full)}},
        "companions": comp.report,
        "dev": {k: meta["dev"][k] for k in ("accuracy", "macro_f1")}, "epochs_run": meta.get("epochs_run"),
        "blend_encoder_weight": meta["blend_encoder_weight"],
        "train_seconds": meta["train_seconds"], "train_samples_per_s": meta["train_samples_per_s"],
        "inference_rows_per_s": round(len(test_rows) / infer_s, 1)}
    if real:
        out["sotab_heldout_tables"]["scanned_as_csv_files"] = scanned_tables(work, model, test_rows)
        out["real_files_with_headers"] = real_files(work, model)
    return out


def scanned_tables(work: Path, model, rows: list[dict]) -> dict:
    """The product path end to end: each held-out table written as a CSV with anonymous headers, scanned into
    the warehouse (types inferred by DuckDB, values read back from the profile), then classified table by table
    by the same service `pandian scan` uses."""
    from pandian.context import open_context
    from tools.classify.service import classify_asset
    from tools.ingest.scan import ScanArgs, scan

    folder = work / "sotab_csv"
    folder.mkdir(parents=True, exist_ok=True)
    gold: dict[tuple[str, str], str] = {}
    for tid, idx in by_table(rows).items():
        cols = [rows[i] for i in idx if has_values(rows[i])]
        if not cols:
            continue
        height = max(len(c["values"]) for c in cols)
        with open(folder / f"{tid}.csv", "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow([f"col_{k + 1}" for k in range(len(cols))])
            for r in range(height):
                w.writerow([c["values"][r] if r < len(c["values"]) else "" for c in cols])
        for k, c in enumerate(cols):
            gold[(tid, f"col_{k + 1}")] = c["label"]
    ctx = open_context(str(work / "ws_sotab"))
    try:
        scan(ctx, ScanArgs(sources=[str(folder)]), progress=False, classify_columns=False)
        g, p = [], []
        for asset in ctx.catalog.assets():
            tid = Path(asset.source.split("!")[0]).stem
            got = classify_asset(ctx.catalog, asset.name, model)
            for col, verdict in got.items():
                if (tid, col) in gold:
                    g.append(gold[(tid, col)])
                    p.append(verdict["semantic_type"])
    finally:
        ctx.close()
    return {"pandian": summarize(g, p), "n_tables": len(list(folder.glob("*.csv")))}


def real_files(work: Path, model) -> dict:
    """Scan ../shared/data end to end and compare the catalog's semantic types with hand labels.

    pandian = the scan path (`classify_asset`: text model + column statistics + table context)."""
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
        verdicts: dict[str, dict] = {}
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
            vals = column_values(col, asset.rows)
            gold.append(lab["label"])
            base.append(classify(column_header(col), vals).semantic_type)
            if asset.name not in verdicts:
                verdicts[asset.name] = classify_asset(ctx.catalog, asset.name, model)
            full.append(verdicts[asset.name][col.name]["semantic_type"])
            if os.environ.get("PANDIAN_BENCH_ERRORS") and (full[-1] != gold[-1] or base[-1] != gold[-1]):
                print(f"  {lab['source']}:{col.name} gold={gold[-1]} rules={base[-1]} pandian={full[-1]} "
                      f"({verdicts[asset.name][col.name]['evidence'][:80]}) {vals[:4]}", file=sys.stderr)
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


def product_categories(work: Path, quick: bool, base_model: str | None = None) -> dict:
    from finetune.predict import TextClassifier

    out = {}
    full_sizes = {"instacart_departments": (2000, 5000), "reviews_zh_categories": (2000, 3000)}
    for name, (ex, analyzer) in product_sets().items():
        tr, te = split(ex, *((600, 1200) if quick else full_sizes[name]))
        base = tfidf_baseline(tr, te, analyzer)
        cfg = TrainConfig(task=name.replace("_", "-"), base=base_model, epochs=1 if quick else 3,
                          max_len=64 if quick else 96,
                          learning_rate=8e-5, batch_size=64 if _cuda() else 16)
        meta = train(work / "models", cfg, tr, source=name, progress=False)
        path = work / "models" / cfg.task / "runs" / meta["run_id"]
        res = {"baseline_tfidf_lr": base, "n_train": len(tr), "n_test": len(te),
               "train_samples_per_s": meta["train_samples_per_s"], "train_seconds": meta["train_seconds"],
               "blend_encoder_weight": meta["blend_encoder_weight"],
               "dev_encoder_only": meta.get("dev_encoder_only"), "dev_ngram_only": meta.get("dev_ngram_only")}
        for q in (False, True) if not _cuda() else (False,):  # int8 dynamic quantisation is a CPU path
            clf = TextClassifier(path, quantize=q)
            t = time.perf_counter()
            pred = [y for y, _ in clf.predict(te.texts)]
            secs = time.perf_counter() - t
            m = classification_metrics(te.labels, pred)
            res["pandian_int8" if q else "pandian_fp32"] = {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"],
                                                            "rows_per_s": round(len(te) / secs, 1)}
        if "pandian_int8" in res:
            res["int8_macro_f1_delta"] = round(res["pandian_int8"]["macro_f1"] - res["pandian_fp32"]["macro_f1"], 4)
            res["int8_speedup"] = round(res["pandian_int8"]["rows_per_s"] / res["pandian_fp32"]["rows_per_s"], 2)
        res["pandian_minus_baseline_macro_f1"] = round(res["pandian_fp32"]["macro_f1"] - base["macro_f1"], 4)
        out[name] = res
    return out


def first_use(work: Path) -> dict:
    """The column-type model on first use, as `pandian serve` trains it in the background (its settings: 2.5 epochs
    on CPU at a higher learning rate, fewer generated columns, shorter texts, a deadline the encoder's steps are cut to fit), timed end to
    end, statistics model and table context included. The issue's bound: under 5 minutes on 2 CPU cores.
    PANDIAN_FIRST_USE_SECONDS=180 stands in for a machine about half as fast (less time for the same work)."""
    from pandian.workspace import Workspace
    from tools.classify import autotrain

    ws = Workspace.resolve(str(work / "ws_first_use"))
    autotrain.STATUS = autotrain.TrainStatus()
    t = time.perf_counter()
    autotrain.ensure_column_model(ws, background=False)  # the background thread's body, run in the foreground
    seconds = time.perf_counter() - t
    meta = autotrain.STATUS.result
    return {"seconds": round(seconds, 1), "state": autotrain.STATUS.state, "epochs": meta.get("epochs_run"),
            "encoder_train_seconds": meta.get("train_seconds"), "dev": meta.get("dev", {}).get("accuracy"),
            "stats_weight": meta.get("stats_weight"), "table_context_alpha": meta.get("table_context_alpha"),
            "time_budget": meta.get("time_budget")}


def speed(work: Path, quick: bool, base_model: str | None = None) -> dict:
    """Training samples/s and inference rows/s at max length 128 (long Chinese reviews fill all 128 tokens)."""
    import torch

    from finetune.predict import TextClassifier

    ex, _ = product_sets()["reviews_zh_categories"]
    long = [i for i, t in enumerate(ex.texts) if len(t) >= 150]
    random.Random(0).shuffle(long)  # the file is sorted by category
    cuda = _cuda()
    n = 4096 if cuda else (256 if quick else 1024)
    idx = long[:n]
    data = Examples([ex.texts[i] for i in idx], [ex.labels[i] for i in idx])
    batch = 128 if cuda else 16
    cfg = TrainConfig(task="speed-check", base=base_model, epochs=1, max_len=128, batch_size=batch,
                      learning_rate=5e-5, ngram=False, quantize_check=False, patience=10)
    meta = train(work / "models", cfg, data, source="reviews_zh (speed)", progress=False)
    path = work / "models" / "speed-check" / "runs" / meta["run_id"]
    out = {"max_len": 128, "batch_size": batch, "n_train": meta["n_train"],
           "precision": "bf16" if cuda and torch.cuda.is_bf16_supported() else ("fp16" if cuda else "fp32"),
           "train_samples_per_s": meta["train_samples_per_s"]}
    texts = data.texts[: (2048 if cuda else 256)]
    for q in (False, True) if not cuda else (False,):
        clf = TextClassifier(path, quantize=q)
        clf.encoder_proba(texts[:8])  # warm-up
        t = time.perf_counter()
        clf.encoder_proba(texts, batch_size=256 if cuda else 64)
        out["inference_rows_per_s_int8" if q else "inference_rows_per_s"] = round(len(texts) / (time.perf_counter() - t), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--only", choices=["columns", "products", "speed", "first-use"])
    ap.add_argument("--base", help="encoder checkpoint folder (default: the offline all-MiniLM-L6-v2 package)")
    ap.add_argument("--no-real-files", action="store_true", help="skip the end-to-end scan (needs the warehouse)")
    ap.add_argument("--sweep-epochs", default="", help="also train the column model for these epochs, e.g. 8,12")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "out" / "classify_bench.json"))
    args = ap.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    import torch

    res: dict = {"machine": {"cpus": os.cpu_count(), "torch_threads": torch.get_num_threads(),
                             "cuda": torch.cuda.is_available(), "torch": torch.__version__,
                             "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                             # the figures move with these (scikit-learn 1.8 -> 1.9 changed the forest's draws)
                             "packages": _versions("transformers", "scikit-learn", "numpy", "duckdb")}}

    out = Path(args.out)
    # --only re-measures one part: the other parts' earlier results stay in the file
    kept = json.loads(out.read_text()) if args.only and out.exists() else {}

    def save() -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**kept, **res}, indent=2, ensure_ascii=False))

    with tempfile.TemporaryDirectory(prefix="pandian-cls-") as tmp:
        if args.only in (None, "speed"):
            res["speed_max_len_128"] = speed(Path(tmp) / "s", args.quick, args.base)
            print(json.dumps(res["speed_max_len_128"], indent=1), flush=True)
            save()  # partial results survive a time limit
        if args.only in (None, "columns"):
            res["column_typing"] = column_typing(Path(tmp) / "c", args.quick, args.base, real=not args.no_real_files)
            print(json.dumps(res["column_typing"], indent=1), flush=True)
            save()  # partial results survive a time limit
        if args.only in (None, "products"):
            res["product_categories"] = product_categories(Path(tmp) / "p", args.quick, args.base)
            print(json.dumps(res["product_categories"], indent=1), flush=True)
            save()  # partial results survive a time limit
        if args.only in (None, "first-use"):
            res["column_model_first_use"] = first_use(Path(tmp) / "f")
            print(json.dumps(res["column_model_first_use"], indent=1), flush=True)
            save()
        for e in [float(x) for x in args.sweep_epochs.split(",") if x.strip()]:
            res.setdefault("column_typing_epochs_sweep", {})[str(e)] = column_typing(
                Path(tmp) / f"c{e}", args.quick, args.base, epochs=e, real=False)
            print(json.dumps(res["column_typing_epochs_sweep"][str(e)], indent=1), flush=True)
            save()  # partial results survive a time limit
    save()
    print(f"results: {args.out}")


if __name__ == "__main__":
    main()
