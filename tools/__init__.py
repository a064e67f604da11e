"""The capabilities pandian's agent calls: ingest, profile, and (later) clean, integrate, analyse, chart, sql."""
