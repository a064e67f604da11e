"""pandian's own offline planner: intent + arguments + multi-step plans, exposed as a LangChain chat model."""
