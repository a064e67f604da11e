"""Values from data going into Markdown: HTML-escaped, so a title like `<script>` stays text in any renderer."""
from __future__ import annotations

from typing import Any


def md_text(value: Any) -> str:
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def md_cell(value: Any) -> str:
    """One Markdown table cell: escaped, pipes kept inside the cell, on one line."""
    return md_text(value).replace("|", "\\|").replace("\r", " ").replace("\n", " ")
