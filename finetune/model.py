"""Encoder + mean pooling + linear head: the classifier architecture for any BERT-family checkpoint.

Sentence-transformer checkpoints such as all-MiniLM-L6-v2 were trained to be read through mean pooling,
not the [CLS] pooler, so mean-pooled features are meaningful from the first step and a small labelled set
converges in a few epochs on CPU. The head gets a higher learning rate than the encoder.
"""
from __future__ import annotations

from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn
from transformers.modeling_outputs import SequenceClassifierOutput

HEAD_FILE = "classifier_head.safetensors"


class MeanPoolClassifier(nn.Module):
    def __init__(self, encoder: nn.Module, num_labels: int, dropout: float = 0.1):
        super().__init__()
        self.encoder = encoder
        self.config = encoder.config
        self.dropout = nn.Dropout(dropout)
        self.head = nn.Linear(encoder.config.hidden_size, num_labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor | None = None, labels: torch.Tensor | None = None,
                **_: object) -> SequenceClassifierOutput:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        logits = self.head(self.dropout(pooled))
        loss = nn.functional.cross_entropy(logits.float(), labels) if labels is not None else None
        return SequenceClassifierOutput(loss=loss, logits=logits)

    def param_groups(self, lr: float, head_lr_mult: float = 20.0, weight_decay: float = 0.01) -> list[dict]:
        return [{"params": list(self.encoder.parameters()), "lr": lr, "weight_decay": weight_decay},
                {"params": list(self.head.parameters()), "lr": lr * head_lr_mult, "weight_decay": 0.0}]

    def save(self, path: Path) -> None:
        self.encoder.save_pretrained(path)
        save_file({k: v.contiguous() for k, v in self.head.state_dict().items()}, str(path / HEAD_FILE))

    @classmethod
    def load(cls, path: Path, num_labels: int) -> "MeanPoolClassifier":
        from transformers import AutoModel

        model = cls(AutoModel.from_pretrained(path), num_labels)
        model.head.load_state_dict(load_file(str(path / HEAD_FILE)))
        return model

    @classmethod
    def from_base(cls, base: Path, num_labels: int) -> "MeanPoolClassifier":
        from transformers import AutoModel

        return cls(AutoModel.from_pretrained(base), num_labels)
