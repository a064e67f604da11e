"""Which language to answer in: the user's own."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def detect_lang(text: str) -> str:
    """'zh' when the request carries Chinese characters (names of tables stay ASCII either way)."""
    return "zh" if _CJK.search(text or "") else "en"


def pick(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en
