"""Read-only SQL for chat and the CLI: parsed and checked before anything runs; results masked by role."""
