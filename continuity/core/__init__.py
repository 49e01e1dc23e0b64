"""Domain rules: validation, identifiers, clocks, permissions. No SQL, no Qt, no files."""
