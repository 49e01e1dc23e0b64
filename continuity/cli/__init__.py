"""The command line: every ward operation, headless, for scripts and IT. Same services, same checks,
same audit trail as the desktop window."""

from continuity.cli.main import main

__all__ = ["main"]
