"""pandian core."""
