"""Cleaning: a typed, de-noised copy of a table (`<table>__clean`) and a quarantine of every change."""
from tools.clean.clean import CleanArgs, clean_table

__all__ = ["CleanArgs", "clean_table"]
