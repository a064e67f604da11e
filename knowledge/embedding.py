"""pandian's own offline embedding function for Chroma: mean-pooled all-MiniLM-L6-v2 from the installed wheel.

Why our own: chromadb's default embedding function downloads an ONNX model at first use; pandian must work
offline, so the model is loaded from the package folder (`finetune.base.default_base()`) with the hub offline,
and the one loaded copy is shared by every store and search in the process (loading takes seconds).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

NAME = "pandian-minilm-mean"
MAX_TOKENS = 128
BATCH = 64

_LOCK = threading.Lock()
_LOADED: dict[str, tuple[Any, Any]] = {}


def _load(path: Path) -> tuple[Any, Any]:
    """Tokenizer and encoder, loaded once per process and folder."""
    key = str(path)
    with _LOCK:
        if key not in _LOADED:
            import transformers
            from transformers import AutoModel, AutoTokenizer

            transformers.utils.logging.disable_progress_bar()
            transformers.utils.logging.set_verbosity_error()
            tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
            model = AutoModel.from_pretrained(path, local_files_only=True).eval()
            _LOADED[key] = (tok, model)
        return _LOADED[key]


class MiniLMEmbedding(EmbeddingFunction[Documents]):
    """Chroma EmbeddingFunction: unit-length mean-pooled MiniLM vectors (cosine space)."""

    def __init__(self, model_path: str | os.PathLike[str] | None = None):
        if model_path is None:
            from finetune.base import default_base

            model_path = default_base()
        self.model_path = Path(model_path)

    def __call__(self, input: Documents) -> Embeddings:  # noqa: A002 - chromadb's protocol names it `input`
        return list(self.encode(list(input)))

    def encode(self, texts: list[str]) -> np.ndarray:
        """Embed texts in length-sorted batches (less padding, same result)."""
        import torch

        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        tok, model = _load(self.model_path)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), model.config.hidden_size), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), BATCH):
                idx = order[start:start + BATCH]
                batch = tok([texts[i] or " " for i in idx], padding=True, truncation=True,
                            max_length=MAX_TOKENS, return_tensors="pt")
                hidden = model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                pooled = torch.nn.functional.normalize(pooled, dim=-1)
                out[idx] = pooled.numpy()
        return out

    @staticmethod
    def name() -> str:
        return NAME

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine", "ip", "l2"]

    def get_config(self) -> dict[str, Any]:
        return {"model_path": str(self.model_path)}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "MiniLMEmbedding":
        path = config.get("model_path")
        return MiniLMEmbedding(path if path and Path(path).exists() else None)

    def is_legacy(self) -> bool:
        return False


_SHARED: MiniLMEmbedding | None = None


def shared_embedder() -> MiniLMEmbedding:
    """The process-wide embedder (one model in memory however many stores are opened)."""
    global _SHARED
    if _SHARED is None:
        _SHARED = MiniLMEmbedding()
    return _SHARED
