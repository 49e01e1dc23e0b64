"""Printed documents (the rota as a PDF), drawn the same on every laptop whatever its printer.

Kept empty on purpose: importing ``continuity.documents`` must not pull reportlab into the
start-up path; callers import the module they print with (``continuity.documents.rota_pdf``).
"""
