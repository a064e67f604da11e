"""The agent's 15 tools: thin wrappers with pydantic argument models over pandian's tool functions."""
from agent.toolbox.registry import TOOL_NAMES, build_tools, table_argument

__all__ = ["TOOL_NAMES", "build_tools", "table_argument"]
