"""Sync between laptops through shared folders: signed, encrypted, append-only bundle files.

No SQL here (the store does that) and no Qt: the engine runs from the CLI and from the window.
"""
