"""agent: see README."""
