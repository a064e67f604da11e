"""Value shapes (13812345678 -> 9{11}): pure string code, shared by the profiler and the column classifier."""
from __future__ import annotations

import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def value_pattern(v: str) -> str:
    """Shape of a value: 13812345678 -> 9{11}, ab-12 -> a{2}-9{2}, 张三 -> 汉{2}."""
    out: list[str] = []
    for ch in v[:64]:
        if ch.isdigit():
            c = "9"
        elif _CJK.match(ch):
            c = "汉"
        elif ch.isalpha():
            c = "A" if ch.isupper() else "a"
        else:
            c = ch
        out.append(c)
    runs: list[str] = []
    prev, n = "", 0
    for c in out:
        if c == prev:
            n += 1
        else:
            if prev:
                runs.append(prev if n == 1 else f"{prev}{{{n}}}")
            prev, n = c, 1
    if prev:
        runs.append(prev if n == 1 else f"{prev}{{{n}}}")
    return "".join(runs) + ("…" if len(v) > 64 else "")
