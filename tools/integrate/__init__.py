"""Relate tables: discover join keys by names, types and value inclusion; build one joined table from them."""
