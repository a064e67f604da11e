"""Make an English WordPiece vocabulary read Chinese: add the common characters as whole tokens.

all-MiniLM's vocabulary holds 244 CJK characters, so "统计每日销售额" is mostly [UNK]. The 3,755 level-1
characters of GB 2312 (the common set, enumerated from Python's own codec, nothing downloaded) plus every
character of the training texts are appended to vocab.txt; their embeddings start at the mean of the
existing ones and are trained with the task.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def _is_cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def common_cjk_chars() -> list[str]:
    """GB 2312 level-1 hanzi (rows 0xB0-0xD7) and CJK punctuation, in code order."""
    chars: list[str] = []
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.append(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for hi in (0xA1, 0xA3):  # full-width punctuation and forms
        for lo in range(0xA1, 0xFF):
            try:
                ch = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if _is_cjk(ch):
                chars.append(ch)
    return chars


def missing_chars(vocab: set[str], texts: Iterable[str], include_common: bool = True) -> list[str]:
    seen: dict[str, None] = {}
    if include_common:
        for ch in common_cjk_chars():
            seen.setdefault(ch, None)
    for t in texts:
        for ch in t:
            if _is_cjk(ch):
                seen.setdefault(ch, None)
    return [ch for ch in seen if ch not in vocab]


def extend_vocab_file(src_dir: Path, out_dir: Path, texts: Iterable[str]) -> int:
    """Write out_dir/vocab.txt = src vocab + missing CJK characters; return how many were added."""
    vocab_path = src_dir / "vocab.txt"
    lines = vocab_path.read_text(encoding="utf-8").splitlines()
    add = missing_chars(set(lines), texts)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "vocab.txt").write_text("\n".join(lines + add) + "\n", encoding="utf-8")
    return len(add)


def unk_rate(tokenizer, texts: Iterable[str]) -> float:
    """Share of [UNK] among the tokens of texts."""
    unk = tokenizer.unk_token_id
    total = bad = 0
    for t in texts:
        ids = tokenizer(t, add_special_tokens=False)["input_ids"]
        total += len(ids)
        bad += sum(1 for i in ids if i == unk)
    return bad / total if total else 0.0
