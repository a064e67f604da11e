"""What a tool call may know about who is asking: the role is the session's, never an argument."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pandian.context import Context


@dataclass
class ToolSession:
    ctx: Context
    role: str = "viewer"
    user: str = "owner"
    session_id: str = "default"
    lang: str = "en"
    artifacts: list[str] = field(default_factory=list)
    results: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (tool, full result) in order
    progress: Any = None  # callable(tool_name, message) for the UI's step list
    external_llm: bool = False  # results go back into an external LLM's prompt
    role_for_llm: str | None = None
    last_answer: str | None = None
    figures: list[Any] = field(default_factory=list)  # plotly figures drawn this turn (shown inline in the app)

    @property
    def data_role(self) -> str:
        """The role tool results are masked for: stricter when they travel to an external LLM."""
        return self.role_for_llm if self.external_llm and self.role_for_llm else self.role

    def step(self, tool: str, message: str) -> None:
        if self.progress is not None:
            self.progress(tool, message)
