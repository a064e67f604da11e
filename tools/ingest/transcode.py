"""Rewrite text DuckDB cannot read natively (GBK, blank-run delimiters, NUL bytes) as UTF-8, line for line."""
from __future__ import annotations

import gzip
from pathlib import Path

from tools.ingest.sniff import WHITESPACE, CsvDialect


def transcode(path: Path, compression: str | None, dialect: CsvDialect, out: Path) -> list[str]:
    """Keep every line (so line numbers still match the source); return warnings about undecodable lines."""
    warnings: list[str] = []
    bad_lines: list[int] = []
    enc = "utf-8" if dialect.encoding in ("utf-8-sig", "ascii") else dialect.encoding
    opener = gzip.open if compression == "gzip" else open
    with opener(path, "rb") as src, open(out, "w", encoding="utf-8", newline="") as dst:
        first = True
        for lineno, raw in enumerate(src, start=1):
            if dialect.has_nul:
                raw = raw.replace(b"\x00", b"")
            if first:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
                first = False
            text = _decode(raw, enc)
            if text is None:
                bad_lines.append(lineno)
                text = raw.decode(enc, errors="replace")
            if dialect.delimiter == WHITESPACE:
                body = text.rstrip("\r\n")
                text = "\t".join(body.split()) + "\n" if body.strip() else "\n"
            dst.write(text)
    if bad_lines:
        shown = ", ".join(map(str, bad_lines[:10])) + (" ..." if len(bad_lines) > 10 else "")
        warnings.append(f"{len(bad_lines)} line(s) held bytes invalid in {dialect.encoding} and in UTF-8/GB18030;"
                        f" undecodable bytes replaced with U+FFFD (lines {shown})")
    return warnings


def _decode(raw: bytes, enc: str) -> str | None:
    for e in (enc, "utf-8", "gb18030"):
        try:
            return raw.decode(e)
        except UnicodeDecodeError:
            continue
    return None
