"""knowledge: see README."""
