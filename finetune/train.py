"""Fine-tune a BERT-family encoder for text classification with Hugging Face's Trainer.

Stratified dev split, fixed seeds, early stopping, CUDA with bf16/fp16 when present (else CPU), and
multi-GPU through `accelerate launch` / `torchrun` with no code change (Trainer reads the launcher's env).
A run is registered only when complete and promoted only if its dev macro-F1 is not below the current
model's on the same dev set (or with force).
"""
from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

import numpy as np
import torch

from finetune.base import resolve_base
from finetune.budget import StepPlan, deadline_callback, plan_steps, seconds_per_step
from finetune.cjk import extend_vocab_file, unk_rate
from finetune.data import Examples, check_trainable, stratified_split
from finetune.metrics import classification_metrics
from finetune.model import MeanPoolClassifier
from finetune.registry import Registry, check_task
from pandian.errors import PandianError

log = logging.getLogger(__name__)


@dataclass
class TrainConfig:
    task: str
    base: str | None = None
    epochs: float = 3.0
    batch_size: int = 16
    learning_rate: float = 5e-5
    max_len: int = 128
    seed: int = 42
    dev_frac: float = 0.15
    patience: int = 2
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    extend_cjk: bool = True
    force: bool = False
    quantize_check: bool = True
    ngram: bool = True  # fit the char n-gram companion and blend it in where it helps on dev
    ngram_select: bool = True  # choose the n-gram features on dev (False: char_wb 1-3, the quickest)
    ngram_c: float = 10.0  # inverse regularisation strength of the n-gram model
    time_budget_s: float | None = None  # encoder training seconds: steps are cut to fit (see finetune/budget.py)
    extra: dict[str, Any] = field(default_factory=dict)


class _Encoded(torch.utils.data.Dataset):
    def __init__(self, enc: dict[str, list[list[int]]], labels: list[int]):
        self.enc, self.labels = enc, labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> dict[str, Any]:
        item = {k: v[i] for k, v in self.enc.items()}
        item["labels"] = self.labels[i]
        return item


class _ProgressReporter:
    """Forwards Trainer progress to a callback (the app's status line)."""

    def __new__(cls, report: Callable[[float, str], None]):
        from transformers import TrainerCallback

        class Reporter(TrainerCallback):
            def on_step_end(self, args, state, control, **kw):  # noqa: ANN001 - Trainer's signature
                if state.max_steps and state.global_step % 5 == 0:
                    report(state.global_step / state.max_steps,
                           f"step {state.global_step}/{state.max_steps}, epoch {state.epoch or 0:.1f}")

        return Reporter()


def _device_flags() -> dict[str, Any]:
    if torch.cuda.is_available():
        if torch.cuda.is_bf16_supported():
            return {"bf16": True}
        return {"fp16": True}
    return {"use_cpu": True}


def _tokenizer_for(base: Path, texts: list[str], out_dir: Path, extend: bool):
    from transformers import AutoTokenizer, BertTokenizer

    tok = AutoTokenizer.from_pretrained(base)
    added = 0
    if extend and (base / "vocab.txt").exists() and isinstance(tok, BertTokenizer):
        sample = texts[:2000]
        if unk_rate(tok, sample) > 0.005 or any("\u4e00" <= ch <= "\u9fff" for t in sample for ch in t):
            added = extend_vocab_file(base, out_dir / "_vocab", texts)
            if added:
                lines = (out_dir / "_vocab" / "vocab.txt").read_text(encoding="utf-8").splitlines()
                tok = BertTokenizer(vocab={t: i for i, t in enumerate(lines)},
                                    do_lower_case=getattr(tok, "do_lower_case", True))
            shutil.rmtree(out_dir / "_vocab", ignore_errors=True)
    return tok, added


def _budget(cfg: TrainConfig, model: torch.nn.Module, train_ds: torch.utils.data.Dataset,
            collate: Callable, granted: float) -> tuple[StepPlan | None, Any]:
    """The step plan and deadline for a time budget. Steps are measured only on one CPU process: on a GPU an
    epoch takes seconds, and ranks of a multi-process run must agree on their step count."""
    if not cfg.time_budget_s:
        return None, None
    deadline = deadline_callback(cfg.time_budget_s, started=granted)
    if torch.cuda.is_available() or int(os.environ.get("WORLD_SIZE", "1")) > 1:
        return None, deadline
    step_s = seconds_per_step(model, train_ds, collate, cfg.batch_size, cfg.seed)
    left = max(0.0, cfg.time_budget_s - (time.perf_counter() - granted))  # loading and measuring count too
    plan = plan_steps(left, step_s, len(train_ds), cfg.batch_size, cfg.epochs)
    if plan.cut:
        log.info("time budget %.0f s: %d of %d planned steps (%.2f s/step measured)",
                 cfg.time_budget_s, plan.steps, plan.planned_steps, step_s)
    return plan, deadline


def train(models_dir: Path, cfg: TrainConfig, examples: Examples, source: str = "training data",
          progress: bool = True, on_progress: Callable[[float, str], None] | None = None,
          artifacts: Callable[[Path, dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """artifacts(run_dir, meta): a task's own extra files (the column model's table context), written into
    the run before it is committed, so a run is complete or absent."""
    from transformers import DataCollatorWithPadding, EarlyStoppingCallback, Trainer, TrainingArguments, set_seed
    from transformers.utils import logging as hf_logging

    granted = time.perf_counter()  # a time budget runs from here: tokenizer, model loading and encoding count
    check_task(cfg.task)
    check_trainable(examples, source)
    base = resolve_base(cfg.base)
    registry = Registry(models_dir)
    registry.sweep(cfg.task)
    train_ex, dev_ex = stratified_split(examples, cfg.dev_frac, cfg.seed)
    if len(dev_ex) == 0:
        raise PandianError("too few examples for a dev split (need at least 3 of some class)", source=source)
    labels = examples.classes
    label2id = {y: i for i, y in enumerate(labels)}
    set_seed(cfg.seed)
    hf_logging.set_verbosity_error()
    run_id, tmp = registry.new_run(cfg.task)
    try:
        tok, added = _tokenizer_for(base, train_ex.texts, tmp, cfg.extend_cjk)
        model = MeanPoolClassifier.from_base(base, len(labels))
        if added:
            emb = model.encoder.get_input_embeddings().weight.data
            old_n = emb.shape[0]
            mean = emb.mean(dim=0, keepdim=True)
            model.encoder.resize_token_embeddings(len(tok))
            new = model.encoder.get_input_embeddings().weight.data
            g = torch.Generator().manual_seed(cfg.seed)
            new[old_n:] = mean + 0.02 * torch.randn(new.shape[0] - old_n, new.shape[1], generator=g)

        def encode(ex: Examples) -> _Encoded:
            enc = tok(ex.texts, truncation=True, max_length=cfg.max_len)
            return _Encoded({k: enc[k] for k in ("input_ids", "attention_mask")}, [label2id[y] for y in ex.labels])

        train_ds, dev_ds = encode(train_ex), encode(dev_ex)
        collate = DataCollatorWithPadding(tok)
        plan, deadline = _budget(cfg, model, train_ds, collate, granted)

        def compute(p) -> dict[str, float]:
            preds = p.predictions.argmax(-1)
            m = classification_metrics([labels[i] for i in p.label_ids], [labels[i] for i in preds])
            return {"accuracy": m["accuracy"], "macro_f1": m["macro_f1"]}

        args = TrainingArguments(
            output_dir=str(tmp / "_checkpoints"), num_train_epochs=cfg.epochs,
            per_device_train_batch_size=cfg.batch_size, per_device_eval_batch_size=max(32, cfg.batch_size * 2),
            learning_rate=cfg.learning_rate, weight_decay=cfg.weight_decay, warmup_steps=cfg.warmup_ratio,
            eval_strategy="epoch", save_strategy="epoch", load_best_model_at_end=True,
            metric_for_best_model="macro_f1", greater_is_better=True, save_total_limit=1,
            seed=cfg.seed, data_seed=cfg.seed, report_to=[], disable_tqdm=not progress,
            logging_strategy="epoch", dataloader_num_workers=0, save_only_model=True,
            max_steps=plan.steps if plan is not None and plan.cut else -1, **_device_flags())
        optimizer = torch.optim.AdamW(model.param_groups(cfg.learning_rate, weight_decay=cfg.weight_decay))
        trainer = Trainer(model=model, args=args, train_dataset=train_ds, eval_dataset=dev_ds,
                          optimizers=(optimizer, None),
                          data_collator=collate, compute_metrics=compute,
                          callbacks=[EarlyStoppingCallback(early_stopping_patience=cfg.patience)]
                          + ([_ProgressReporter(on_progress)] if on_progress else [])
                          + ([deadline] if deadline is not None else []))
        started = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):  # Trainer prints its logs; stdout stays for --json
            out = trainer.train()
        train_s = time.perf_counter() - started
        if not trainer.is_world_process_zero():
            return {"run_id": run_id, "rank": int(os.environ.get("RANK", 0))}
        shutil.rmtree(tmp / "_checkpoints", ignore_errors=True)
        trainer.model.save(tmp)
        tok.save_pretrained(tmp)
        meta: dict[str, Any] = {
            "task": cfg.task, "run_id": run_id, "created_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime()),  # UTC, like the catalog
            "base": str(base), "data_hash": examples.digest(), "source": source, "labels": labels,
            "n_train": len(train_ex), "n_dev": len(dev_ex), "cjk_tokens_added": added, "max_len": cfg.max_len,
            "hyperparameters": {k: v for k, v in asdict(cfg).items() if k not in ("task", "force", "extra")},
            "device": "cuda" if torch.cuda.is_available() else "cpu",
            "train_seconds": round(train_s, 1),
            "train_samples_per_s": round(float(out.metrics.get("train_samples_per_second", 0.0)), 2),
            "epochs_run": round(float(out.metrics.get("epoch", cfg.epochs)), 2), **cfg.extra,
        }
        if deadline is not None:
            steps_per_epoch = math.ceil(len(train_ex) / cfg.batch_size)
            meta["time_budget"] = {"seconds": cfg.time_budget_s, "stopped_at_deadline": bool(deadline.stopped_early),
                                   **(plan.report(steps_per_epoch) if plan is not None else {})}
        (tmp / "meta.json").write_text(json.dumps({"max_len": cfg.max_len, "labels": labels}), encoding="utf-8")
        from finetune.ngram import NgramModel
        from finetune.predict import TextClassifier

        encoder = TextClassifier(tmp, quantize=False)
        enc_dev = np.asarray(encoder.encoder_proba(dev_ex.texts))
        ngram, ng_cfg = None, None
        if cfg.ngram and cfg.ngram_select:
            ng_cfg, meta["ngram_candidates_dev_macro_f1"] = NgramModel.select(
                (train_ex.texts, train_ex.labels), (dev_ex.texts, dev_ex.labels), labels, cfg.seed, c=cfg.ngram_c)
        if cfg.ngram:
            meta["ngram_features"] = list(ng_cfg) if ng_cfg else "char_wb 1-3"
            ngram = NgramModel.fit(train_ex.texts, train_ex.labels, labels, cfg.seed, config=ng_cfg, c=cfg.ngram_c)
        ng_dev = ngram.predict_proba(dev_ex.texts) if ngram is not None else enc_dev
        blends = {}
        for w in ((1.0, 0.8, 0.65, 0.5, 0.35, 0.2, 0.0) if ngram is not None else (1.0,)):
            pred = (w * enc_dev + (1 - w) * ng_dev).argmax(1)
            blends[w] = classification_metrics(dev_ex.labels, [labels[i] for i in pred])
        best_w = max(blends, key=lambda w: (blends[w]["macro_f1"], w))
        meta["blend_encoder_weight"] = best_w
        meta["dev_encoder_only"] = {k: blends[1.0][k] for k in ("accuracy", "macro_f1")}
        if 0.0 in blends:
            meta["dev_ngram_only"] = {k: blends[0.0][k] for k in ("accuracy", "macro_f1")}
        meta["dev"] = blends[best_w]
        if best_w < 1.0 and ngram is not None:
            # the weight is chosen; the n-gram model is cheap, so it is refitted on every example
            NgramModel.fit(examples.texts, examples.labels, labels, cfg.seed, config=ng_cfg, c=cfg.ngram_c).save(tmp)
        meta["quantize_int8"] = False
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        if cfg.quantize_check and meta["device"] == "cpu" and best_w > 0.0:
            q = TextClassifier(tmp, quantize=True)
            q_dev = classification_metrics(dev_ex.labels, [y for y, _ in q.predict(dev_ex.texts)])
            meta["dev_int8"] = {"accuracy": q_dev["accuracy"], "macro_f1": q_dev["macro_f1"]}
            # int8 becomes the default where it costs under half a point of macro-F1
            meta["quantize_int8"] = meta["dev"]["macro_f1"] - q_dev["macro_f1"] < 0.005
        previous = registry.current(cfg.task) if (registry.task_dir(cfg.task) / "current.json").exists() else None
        decision = "no previous model"
        promoted = True
        if previous is not None:
            try:
                prev_model = TextClassifier(Path(previous["path"]))
                prev_pred = [y for y, _ in prev_model.predict(dev_ex.texts)]
                prev_dev = classification_metrics(dev_ex.labels, prev_pred)
            except PandianError:
                prev_dev = {"macro_f1": -1.0, "accuracy": 0.0}
            meta["previous"] = {"run_id": previous["run_id"], "dev_macro_f1": prev_dev["macro_f1"],
                                "dev_accuracy": prev_dev["accuracy"]}
            promoted = cfg.force or meta["dev"]["macro_f1"] >= prev_dev["macro_f1"]
            decision = ("forced" if cfg.force and meta["dev"]["macro_f1"] < prev_dev["macro_f1"] else
                        "dev macro-F1 not below the current model" if promoted else
                        "dev macro-F1 below the current model: kept the current one")
        meta["promoted"] = promoted
        meta["decision"] = decision
        if artifacts is not None:
            artifacts(tmp, meta)
        registry.commit_run(cfg.task, run_id, tmp, meta)
        if promoted:
            registry.promote(cfg.task, run_id)
        return meta
    except BaseException:
        registry.discard(tmp)
        raise
