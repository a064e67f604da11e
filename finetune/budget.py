"""Fit training into a wall-clock budget: the app's first-use training must finish on a slow machine too.

Throughput differs two-fold between days on the same two cores, so a fixed epoch count is either too long on
a slow day or wastes a fast one. Before training, a few real training steps are timed and the step count is
cut to what the budget affords (the learning-rate schedule is then planned for the steps that will run);
a deadline callback stops training if throughput drops further while it runs.
"""
from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass
from typing import Any, Callable

import torch

# Dev evaluation, checkpoints and the optimizer step cost more than the timed forward/backward passes: on two
# cores the measured time per step was 0.71-0.9 of the real one (random batches differ in length; 0.561 s
# measured against 0.79 s real on 2026-11-29).
OVERHEAD = 1.3
# At this share of the budget the deadline callback stops training (the best checkpoint so far is kept). 1.0:
# the budget is a promise to the caller (the app's first use must end inside five minutes), so when the steps
# run slower than measured it is the training that gives, not the deadline (at 1.2 a slow day ended at 308 s).
HARD_STOP = 1.0
MIN_STEPS = 20


@dataclass
class StepPlan:
    planned_steps: int
    steps: int
    seconds_per_step: float

    @property
    def cut(self) -> bool:
        return self.steps < self.planned_steps

    def report(self, steps_per_epoch: int) -> dict[str, Any]:
        return {"seconds_per_step_measured": round(self.seconds_per_step, 3),
                "epochs_planned": round(self.planned_steps / steps_per_epoch, 2),
                "epochs_budgeted": round(self.steps / steps_per_epoch, 2)}


def seconds_per_step(model: torch.nn.Module, dataset: torch.utils.data.Dataset,
                     collate: Callable[[list[dict]], dict], batch_size: int, seed: int, n: int = 6) -> float:
    """Mean time of n forward+backward passes on random real batches, after one warm-up pass.

    The global RNG state is restored afterwards, so a run that is not cut is identical to one without a budget.
    """
    rng_state = torch.get_rng_state()
    was_training = model.training
    model.train()
    pick = random.Random(seed)
    times = []
    try:
        for i in range(n + 1):
            idx = [pick.randrange(len(dataset)) for _ in range(batch_size)]
            batch = collate([dataset[j] for j in idx])
            t = time.perf_counter()
            model(**batch).loss.backward()
            if i:
                times.append(time.perf_counter() - t)
    finally:
        model.zero_grad(set_to_none=True)
        model.train(was_training)
        torch.set_rng_state(rng_state)
    return sum(times) / len(times)


def plan_steps(budget_s: float, step_s: float, n_train: int, batch_size: int, epochs: float) -> StepPlan:
    steps_per_epoch = math.ceil(n_train / batch_size)
    planned = math.ceil(epochs * steps_per_epoch)
    if not math.isfinite(budget_s):
        return StepPlan(planned, planned, step_s)
    affordable = int(budget_s / (step_s * OVERHEAD))
    return StepPlan(planned, min(planned, max(MIN_STEPS, affordable)), step_s)


def deadline_callback(budget_s: float, started: float | None = None):
    """A Trainer callback that ends training once HARD_STOP x budget has passed since `started` (a
    time.perf_counter(); default: when training begins). It then evaluates and keeps the best checkpoint as usual.
    Pass the moment the budget was granted, so that measuring steps and building the Trainer count too."""
    from transformers import TrainerCallback

    class Deadline(TrainerCallback):
        stopped_early = False

        def __init__(self) -> None:
            self.started = started if started is not None else 0.0

        def on_train_begin(self, args, state, control, **kw):  # noqa: ANN001 - Trainer's signature
            if started is None:
                self.started = time.perf_counter()

        def on_step_end(self, args, state, control, **kw):  # noqa: ANN001
            if time.perf_counter() - self.started > budget_s * HARD_STOP:
                control.should_training_stop = True
                self.stopped_early = True
            return control

    return Deadline()
