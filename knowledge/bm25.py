"""Keyword side of hybrid search: bilingual tokens (jieba for Chinese, split+stem for English) and Okapi BM25.

Why: MiniLM embeds Chinese badly, and exact words (a column name, 手机号) are what keyword search is good at.
"""
from __future__ import annotations

import logging
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable

from knowledge.lexicon import STOP_EN, STOP_ZH, ZH_LABEL, zh_to_en

_PIECE = re.compile(r"[A-Za-z0-9]+|[\u3400-\u9fff]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_JIEBA_LOCK = threading.Lock()
_jieba = None


def _seg():
    """jieba with pandian's lexicon terms added (手机号, 下单时间 stay whole; search mode adds their parts)."""
    global _jieba
    with _JIEBA_LOCK:
        if _jieba is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            for term in list(zh_to_en()) + list(ZH_LABEL):
                if len(term) > 1 and re.fullmatch(r"[\u3400-\u9fff]+", term):
                    jieba.add_word(term, freq=2000)
            jieba.initialize()
            _jieba = jieba
    return _jieba


_VOWELS = set("aeiouy")


def stem(word: str) -> str:
    """A light English suffix stripper (no stemmer is installed): the same on documents and questions, so
    arrive/arrival/arrived, ordered/order and actually/actual meet."""
    w = word.lower()
    if not w.isalpha() or len(w) <= 3:
        return w
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ingly", "edly", "ing", "ed", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 3 and _VOWELS & set(w[:-len(suf)]):
            w = w[:-len(suf)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
                w = w[:-1]  # shipping -> shipp -> ship
            break
    if w.endswith("al") and len(w) > 5:
        w = w[:-2]
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed English words and jieba search-mode Chinese words, stop words dropped."""
    out: list[str] = []
    for piece in _PIECE.findall(text or ""):
        if "\u3400" <= piece[0] <= "\u9fff":
            for w in _seg().cut_for_search(piece):
                if w not in STOP_ZH:
                    out.append(w)
        else:
            for w in _CAMEL.split(piece):
                w = stem(w)
                if w and w not in STOP_EN:
                    out.append(w)
    return out


class BM25:
    """Okapi BM25 over pre-tokenised documents, with an inverted index (fast at 10,000+ documents)."""

    def __init__(self, docs: Iterable[list[str]], k1: float = 1.2, b: float = 0.75):
        self.k1, self.b = k1, b
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for i, toks in enumerate(docs):
            self.lengths.append(len(toks))
            for term, tf in Counter(toks).items():
                self.postings[term].append((i, tf))
        self.n = len(self.lengths)
        self.avgdl = (sum(self.lengths) / self.n) if self.n else 1.0

    def idf(self, term: str) -> float:
        df = len(self.postings.get(term, ()))
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def scores(self, query: list[str] | dict[str, float]) -> dict[int, float]:
        """Scores of the documents sharing a term with the query (a token list, or token -> weight)."""
        weights = query if isinstance(query, dict) else Counter(query)
        out: dict[int, float] = defaultdict(float)
        for term, qw in weights.items():
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = self.idf(term)
            for i, tf in posting:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avgdl)
                out[i] += qw * idf * tf * (self.k1 + 1) / norm
        return out

    def top(self, query: list[str] | dict[str, float], n: int) -> list[tuple[int, float]]:
        s = self.scores(query)
        return sorted(s.items(), key=lambda kv: -kv[1])[:n]
