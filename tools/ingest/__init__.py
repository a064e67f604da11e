"""Ingestion: files, folders, archives and databases into the warehouse, nothing lost."""
