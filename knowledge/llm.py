"""Optional LLM drafting of descriptions through any OpenAI-compatible endpoint.

Why optional and defensive: the embedded templates always work; an LLM only improves wording. So every
failure (timeout, refused connection, junk output) becomes a warning and the caller keeps the templates.
What is sent is built by the caller from masked values: L4 values are never in it, and L3 values are masked
even for a local endpoint, because the drafted text is shown to every role afterwards.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_TIMEOUT_S = 20.0
MAX_TEXT = 600

SYSTEM = (
    "You write data-dictionary entries for an e-commerce data team. Given a table's profile (column names, "
    "types, semantic types, statistics and masked example values), write for the table and for EVERY column a "
    "short business description in English and in Simplified Chinese: what it means for the business, its unit "
    "or format when known. Never invent or reproduce personal data. Answer with ONE JSON object only, no prose: "
    '{"table": {"en": "...", "zh": "..."}, "columns": {"<column name>": {"en": "...", "zh": "..."}}}'
)


class LLMError(Exception):
    """The LLM did not give a usable answer; the message says why in a few words."""


@dataclass(frozen=True)
class LLMConfig:
    base_url: str
    model: str
    api_key: str
    timeout_s: float

    @property
    def author(self) -> str:
        return f"llm:{self.model}"


def llm_config() -> LLMConfig | None:
    """The configured endpoint, or None (then templates write every description)."""
    base = os.environ.get("PANDIAN_LLM_BASE_URL", "").strip()
    model = os.environ.get("PANDIAN_LLM_MODEL", "").strip()
    if not base or not model:
        return None
    try:
        timeout = float(os.environ.get("PANDIAN_LLM_TIMEOUT", DEFAULT_TIMEOUT_S))
    except ValueError:
        timeout = DEFAULT_TIMEOUT_S
    key = os.environ.get("PANDIAN_LLM_API_KEY", "") or "none"  # local servers often need no key
    return LLMConfig(base_url=base.rstrip("/"), model=model, api_key=key, timeout_s=timeout)


def _chat(cfg: LLMConfig, payload: dict[str, Any]) -> str:
    from langchain_openai import ChatOpenAI

    llm = ChatOpenAI(base_url=cfg.base_url, model=cfg.model, api_key=cfg.api_key, timeout=cfg.timeout_s,
                     max_retries=0, temperature=0)
    msg = llm.invoke([("system", SYSTEM), ("human", json.dumps(payload, ensure_ascii=False, default=str))])
    content = msg.content
    if isinstance(content, list):  # some servers answer with content parts
        content = "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content)
    return str(content)


def _extract_json(text: str) -> Any:
    text = re.sub(r"^```(?:json)?|```$", "", text.strip(), flags=re.M).strip()
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise LLMError("the answer holds no JSON object")
    try:
        return json.loads(text[start:end + 1])
    except json.JSONDecodeError as exc:
        raise LLMError(f"the answer is not valid JSON ({exc.msg})") from exc


def _pair(obj: Any) -> dict[str, str] | None:
    if not isinstance(obj, dict):
        return None
    out = {}
    for lang in ("en", "zh"):
        v = obj.get(lang)
        if not isinstance(v, str) or not v.strip() or len(v) > MAX_TEXT:
            return None
        out[lang] = " ".join(v.split())
    if not re.search(r"[\u3400-\u9fff]", out["zh"]):
        return None  # a "Chinese" text without Chinese is junk
    return out


def draft_descriptions(cfg: LLMConfig, payload: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """{"table": {"en","zh"} | None, "columns": {name: {"en","zh"}}}; raises LLMError when nothing is usable."""
    try:
        raw = _chat(cfg, payload)
    except Exception as exc:  # noqa: BLE001 - timeouts, refused connections, HTTP errors: all mean "no answer"
        name = type(exc).__name__
        why = "timed out" if "timeout" in name.lower() or "timed out" in str(exc).lower() else f"failed ({name})"
        raise LLMError(f"the LLM at {cfg.base_url} {why} after at most {cfg.timeout_s:g} s") from exc
    data = _extract_json(raw)
    if not isinstance(data, dict):
        raise LLMError("the answer is not a JSON object")
    table = _pair(data.get("table"))
    cols_in = data.get("columns") if isinstance(data.get("columns"), dict) else {}
    cols = {name: p for name in columns if (p := _pair(cols_in.get(name))) is not None}
    if table is None and not cols:
        raise LLMError("the answer holds no usable description")
    return {"table": table, "columns": cols}
