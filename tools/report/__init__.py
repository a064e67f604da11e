"""Whole-warehouse reports."""
