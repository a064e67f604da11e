"""Serve a registered model: batched inference, optional dynamic int8 quantisation on CPU."""
from __future__ import annotations

import json
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import torch

from pandian.errors import PandianError


class TextClassifier:
    def __init__(self, path: Path, quantize: bool | None = None, device: str | None = None):
        from transformers import AutoTokenizer

        from finetune.model import MeanPoolClassifier

        self.path = Path(path)
        try:
            meta = json.loads((self.path / "meta.json").read_text(encoding="utf-8"))
            self.labels = list(meta["labels"])
            self.tokenizer = AutoTokenizer.from_pretrained(self.path)
            model = MeanPoolClassifier.load(self.path, len(self.labels))
        except Exception as exc:  # missing files, corrupt weights
            raise PandianError(f"cannot load the model at {self.path}: {str(exc).splitlines()[0][:200]}",
                               hint="retrain it with `pandian train TASK`") from exc
        self.meta: dict[str, Any] = meta
        self.max_len = int(meta.get("max_len", 128))
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        model.eval()
        want_q = meta.get("quantize_int8", False) if quantize is None else quantize
        if want_q and self.device == "cpu":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.quantized = bool(want_q and self.device == "cpu")
        self.model = model.to(self.device)
        self._lock = threading.Lock()
        from finetune.ngram import NgramModel

        self.weight = float(meta.get("blend_encoder_weight", 1.0))
        self.ngram = NgramModel.load(self.path) if self.weight < 1.0 else None
        if self.ngram is None:
            self.weight = 1.0

    def predict_proba(self, texts: list[str], batch_size: int = 64) -> list[list[float]]:
        """Encoder and char n-gram probabilities blended with the weight chosen on the dev set."""
        if self.weight >= 1.0 or self.ngram is None:
            return self.encoder_proba(texts, batch_size)
        ng = self.ngram.predict_proba(texts)
        if self.weight <= 0.0:
            return ng.tolist()
        enc = np.asarray(self.encoder_proba(texts, batch_size))
        return (self.weight * enc + (1 - self.weight) * ng).tolist()

    @torch.inference_mode()
    def encoder_proba(self, texts: list[str], batch_size: int = 64) -> list[list[float]]:
        out: list[list[float]] = []
        with self._lock:
            for i in range(0, len(texts), batch_size):
                enc = self.tokenizer(texts[i: i + batch_size], truncation=True, max_length=self.max_len,
                                     padding=True, return_tensors="pt").to(self.device)
                logits = self.model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits.float()
                out += torch.softmax(logits, dim=-1).cpu().tolist()
        return out

    def predict(self, texts: list[str], batch_size: int = 64) -> list[tuple[str, float]]:
        res = []
        for probs in self.predict_proba(texts, batch_size):
            k = max(range(len(probs)), key=probs.__getitem__)
            res.append((self.labels[k], float(probs[k])))
        return res


_CACHE: dict[tuple[str, bool | None], TextClassifier] = {}
_CACHE_LOCK = threading.Lock()


def load_model(path: str | Path, quantize: bool | None = None) -> TextClassifier:
    """One loaded copy per model folder (run folders are immutable, so the path is the cache key)."""
    key = (str(path), quantize)
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = TextClassifier(Path(path), quantize=quantize)
        return _CACHE[key]
