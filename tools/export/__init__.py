"""Export whole tables to CSV / Parquet / Excel, masked by role and streamed in flat memory."""
