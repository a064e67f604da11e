"""Charts as offline HTML (and plotly Figures for the app): tables aggregated in the warehouse, masked by role."""
