"""Continuity: keeps a maternity ward running while the hospital information system is down."""

__version__ = "0.1.0"
