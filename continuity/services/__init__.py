"""Use cases: what a midwife, a clerk, a supervisor or IT can do. The CLI and the UI both call these;
each checks the user's permission, validates with ``core`` and writes through ``store`` in one
transaction with its journal and audit entries."""
