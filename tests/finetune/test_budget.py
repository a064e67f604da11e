"""Training within a wall-clock budget (the app's first-use column model on a slow machine)."""
from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np

from finetune.budget import MIN_STEPS, deadline_callback, plan_steps
from finetune.data import Examples
from finetune.train import TrainConfig, train


def _examples(n: int = 120) -> Examples:
    """Two generated classes of short product texts."""
    rng = random.Random(0)
    fruit = ["apple", "pear", "mango", "grape", "plum", "cherry"]
    books = ["novel", "poems", "atlas", "memoir", "cookbook", "thriller"]
    texts, labels = [], []
    for i in range(n):
        words, label = (fruit, "fruit") if i % 2 else (books, "book")
        texts.append(" ".join(rng.choice(words) for _ in range(4)) + f" item {rng.randrange(1000)}")
        labels.append(label)
    return Examples(texts, labels)


def test_plan_keeps_the_epochs_that_fit_and_cuts_the_rest():
    assert not plan_steps(100.0, 0.1, 160, 16, 2.0).cut  # 20 planned steps, 833 affordable
    slow = plan_steps(10.0, 0.5, 1600, 16, 2.0)  # 200 planned, 17 affordable
    assert slow.cut and slow.steps == MIN_STEPS and slow.planned_steps == 200
    assert plan_steps(65.0, 0.5, 1600, 16, 2.0).steps == 100  # 65 / (0.5 x 1.3 overhead)
    assert plan_steps(0.1, 1.0, 80, 16, 1.0).steps == 5  # never more steps than planned
    assert not plan_steps(float("inf"), 0.5, 1600, 16, 2.0).cut


def _dev_probs(models: Path, meta: dict, texts: list[str]) -> np.ndarray:
    from finetune.predict import TextClassifier

    return np.asarray(TextClassifier(models / meta["task"] / "runs" / meta["run_id"]).encoder_proba(texts))


def test_budget_that_fits_changes_nothing(tmp_path):
    """Measuring the step time must not disturb the seeded run: same weights as without a budget."""
    ex = _examples()
    kw = dict(epochs=1.0, batch_size=16, max_len=24, ngram=False, quantize_check=False)
    plain = train(tmp_path / "a", TrainConfig(task="budget-check", **kw), ex, progress=False)
    timed = train(tmp_path / "b", TrainConfig(task="budget-check", time_budget_s=600.0, **kw), ex, progress=False)
    assert "time_budget" not in plain
    assert timed["time_budget"]["epochs_budgeted"] == timed["time_budget"]["epochs_planned"] == 1.0
    assert not timed["time_budget"]["stopped_at_deadline"]
    probe = ex.texts[:10]
    np.testing.assert_allclose(_dev_probs(tmp_path / "a", plain, probe), _dev_probs(tmp_path / "b", timed, probe),
                               atol=1e-6)


def test_budget_too_small_cuts_training_and_still_registers_a_model(tmp_path):
    ex = _examples(240)
    cfg = TrainConfig(task="budget-check", epochs=3.0, batch_size=8, max_len=24, ngram=False,
                      quantize_check=False, time_budget_s=0.05)
    meta = train(tmp_path / "m", cfg, ex, progress=False)
    budget = meta["time_budget"]
    assert budget["epochs_planned"] == 3.0 and budget["epochs_budgeted"] < 1.0
    assert budget["stopped_at_deadline"]  # 0.05 s is less than the MIN_STEPS steps the plan keeps
    assert meta["epochs_run"] < budget["epochs_budgeted"]
    assert meta["promoted"]
    run = tmp_path / "m" / "budget-check" / "runs" / meta["run_id"]
    assert json.loads((run / "meta.json").read_text())["time_budget"] == budget
    assert _dev_probs(tmp_path / "m", meta, ex.texts[:4]).shape == (4, 2)


def test_deadline_counts_from_the_grant_and_is_not_overrun():
    """Regression (2026-11-29): steps ran 1.4x slower than measured and the old 1.2x hard stop let first use end at
    308 s, past its five minutes; loading and measuring were not counted either."""
    import time

    from transformers import TrainerControl

    cb = deadline_callback(10.0, started=time.perf_counter() - 10.5)  # granted 10.5 s ago: over, though 10.5 < 12
    control = cb.on_step_end(None, None, TrainerControl())
    assert control.should_training_stop and cb.stopped_early
    fresh = deadline_callback(10.0, started=time.perf_counter())
    fresh.on_train_begin(None, None, TrainerControl())  # a granted start is not reset when training begins
    assert not fresh.on_step_end(None, None, TrainerControl()).should_training_stop
    late = deadline_callback(10.0, started=time.perf_counter() - 9.0)
    late.on_train_begin(None, None, TrainerControl())
    time.sleep(1.1)
    assert late.on_step_end(None, None, TrainerControl()).should_training_stop
