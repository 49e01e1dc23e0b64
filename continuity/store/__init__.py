"""Storage: the only layer that speaks SQL (through sqlite-utils)."""
