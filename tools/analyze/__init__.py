"""Business analyses over catalogued tables (funnel, RFM, co-purchase, repurchase, trend, top-N), pushed down to SQL."""
