"""Column statistics as a fixed-length vector: the shape of a column's values, not their words.

Sherlock-style features (lengths, digit and punctuation shares, numeric ranges, casing, sentence endings)
separate what the text model confuses most: plain-number prices from other measures, reviews from
descriptions, product titles from free text. Everything is a share or a log-scaled statistic of the values
themselves, so a SOTAB column, a generated column and a warehouse sample (which keeps value frequencies) are
described the same way; the row count is left out on purpose (a sample has at most a few dozen values).
"""
from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from tools.classify.serialize import NUMBER, OPINION

_INT = re.compile(r"[+-]?\d+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ALPHA = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")
PUNCT = "/:-@.,$%()#'&+_;!?\""

NAMES: list[str] = (
    ["distinct_share", "len_mean_log", "len_cv", "len_max_log", "len_min_log", "words_mean_log", "words_max_log",
     "numeric_share", "integer_share", "num_mean", "num_std", "num_min", "num_max", "negative_share",
     "fractional_share", "in_0_5_share", "year_like_share", "in_0_100_share", "zero_share", "decimals_mean",
     "upper_chars", "lower_chars", "digit_chars", "space_chars"]
    + [f"char_{c}" for c in PUNCT]
    + ["cjk_chars", "capitalised_share", "all_caps_share", "title_case_share", "opinion_share", "sentence_end_share",
       "http_share", "has_digit_share", "alpha_only_share", "alnum_mix_share"])
SIZE = len(NAMES)


def _signed_log(x: float) -> float:
    return math.copysign(math.log10(1.0 + abs(x)), x)


def _numbers(vals: list[str]) -> list[float]:
    out = []
    for s in vals:
        if not NUMBER.match(s):
            continue
        try:
            x = float(s.replace(",", ""))
        except ValueError:
            continue
        if math.isfinite(x) and abs(x) < 1e15:
            out.append(x)
    return out


def column_features(values: list[Any]) -> np.ndarray:
    """SIZE floats describing the non-empty values (all zeros for an empty column)."""
    vals = [str(v).strip() for v in values if v is not None and str(v).strip()]
    n = len(vals)
    if n == 0:
        return np.zeros(SIZE, dtype=np.float32)
    lens = np.asarray([len(s) for s in vals], dtype=float)
    words = np.asarray([len(s.split()) for s in vals], dtype=float)
    f: list[float] = [len(set(vals)) / n, math.log1p(lens.mean()), lens.std() / (lens.mean() + 1.0),
                      math.log1p(lens.max()), math.log1p(lens.min()), math.log1p(words.mean()),
                      math.log1p(words.max())]
    nums = _numbers(vals)
    f += [len(nums) / n, sum(1 for s in vals if _INT.fullmatch(s)) / n]
    if nums:
        a = np.asarray(nums)
        f += [_signed_log(a.mean()), _signed_log(a.std()), _signed_log(a.min()), _signed_log(a.max()),
              float((a < 0).mean()), float((a != np.round(a)).mean()), float(((a >= 0) & (a <= 5)).mean()),
              float(((a >= 1900) & (a <= 2100)).mean()), float(((a >= 0) & (a <= 100)).mean()), float((a == 0).mean())]
    else:
        f += [0.0] * 10
    f.append(float(np.mean([len(s.split(".")[-1]) if "." in s and NUMBER.match(s) else 0 for s in vals])))
    text = "".join(vals)
    size = max(1, len(text))
    f += [sum(1 for c in text if c.isupper()) / size, sum(1 for c in text if c.islower()) / size,
          sum(1 for c in text if c.isdigit()) / size, sum(1 for c in text if c.isspace()) / size]
    f += [text.count(c) / size for c in PUNCT]
    f.append(len(_CJK.findall(text)) / size)
    f += [sum(1 for s in vals if s[:1].isupper()) / n, sum(1 for s in vals if s.isupper()) / n,
          sum(1 for s in vals if s.istitle()) / n, sum(1 for s in vals if OPINION.search(s)) / n,
          sum(1 for s in vals if s.endswith((".", "!", "?", "。", "！", "？"))) / n,
          sum(1 for s in vals if "http" in s.lower()) / n, sum(1 for s in vals if _DIGIT.search(s)) / n,
          sum(1 for s in vals if _ALPHA.fullmatch(s)) / n,
          sum(1 for s in vals if _DIGIT.search(s) and _LETTER.search(s)) / n]
    out = np.nan_to_num(np.asarray(f, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    assert out.shape == (SIZE,), (out.shape, SIZE)
    return out
