"""Find clear personal values in any output: the values come from the source CSVs, not from pandian.

A value counts as leaked when it appears whole (plain, JSON-escaped or HTML-escaped) in an output that a role
may not see in clear. Values that also occur in non-personal columns (a two-character name inside a product
title) are left out so a hit is always a real leak.
"""
from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# demo shop: file -> {column: level}
PERSONAL = {"users.csv": {"姓名": "L3", "手机号": "L3", "身份证号": "L4", "收货地址": "L3"},
            "orders.csv": {"收货人": "L3", "联系电话": "L3"}}


def needles(files: Iterable[Path], min_len: int = 2) -> dict[str, str]:
    """Clear value -> level, for every personal column of the demo shop."""
    files = list(files)
    found: dict[str, str] = {}
    background: list[str] = []
    for f in files:
        if f.suffix != ".csv":
            continue
        personal = PERSONAL.get(f.name, {})
        with open(f, encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                for col, v in row.items():
                    if not v:
                        continue
                    if col in personal:
                        v = v.strip()
                        if len(v) >= min_len and (found.get(v) != "L4"):
                            found[v] = personal[col]
                    else:
                        background.append(str(v))
    text = "\n".join(background)
    return {v: lv for v, lv in found.items() if v not in text}


def hidden_for(role: str, external_llm: bool = False) -> set[str]:
    from pandian.security import masked_levels

    return masked_levels(role, external_llm)


_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
LIBRARY_MARK = "* plotly.js v"  # the bundled library's banner: megabytes of code, no data


def drop_libraries(text: str) -> str:
    """The text without the plotly.js library script (the figure's data script is kept)."""
    parts, pos = [], 0
    while True:
        start = text.find("<script", pos)
        if start < 0:
            break
        end = text.find("</script>", start)
        if end < 0:
            break
        parts.append(text[pos:start])
        block = text[start:end + 9]
        parts.append("<script/>" if LIBRARY_MARK in block[:200] else block)
        pos = end + 9
    parts.append(text[pos:])
    return "".join(parts)


def normalize(text: str) -> str:
    """Undo the escapes outputs use (JSON \\uXXXX, HTML entities) so a value is found however it is written;
    the bundled plotly.js library is left out."""
    text = drop_libraries(text)
    text = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return html.unescape(text)


def find_leaks(text: str, values: dict[str, str], hidden: set[str]) -> list[str]:
    """Clear values of hidden levels found in text (first 20)."""
    text = normalize(text)
    out = []
    for v, level in values.items():
        if level in hidden and v in text:
            out.append(v)
            if len(out) >= 20:
                break
    return out


def count_visible(text: str, values: dict[str, str], levels: set[str]) -> int:
    """How many clear values of these levels appear (the positive control for the search itself)."""
    text = normalize(text)
    return sum(1 for v, lv in values.items() if lv in levels and v in text)


def text_of(obj: Any) -> str:
    """Everything a user could read in an output: JSON of a result, or the content of a written file."""
    if isinstance(obj, Path):
        return file_text(obj)
    if isinstance(obj, str):
        return obj
    return json.dumps(obj, ensure_ascii=False, default=str)


def file_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True)
        try:
            return "\n".join("\t".join("" if v is None else str(v) for v in row)
                             for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
        finally:
            wb.close()
    if suffix == ".parquet":
        import duckdb

        con = duckdb.connect()
        try:
            rows = con.execute("SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        finally:
            con.close()
        return "\n".join("\t".join("" if v is None else str(v) for v in r) for r in rows)
    return path.read_text(encoding="utf-8", errors="replace")
