"""The layers stay where they belong: Qt only in continuity/ui, SQL only in continuity/store."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "continuity"
SQL_METHODS = {"execute", "executemany", "executescript", "query"}
SQL_MODULES = {"sqlite3", "sqlite_utils", "apsw", "sqlcipher3"}


def python_files(exclude: str) -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if exclude not in p.relative_to(PACKAGE).parts[:1]]


def imported_modules(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_qt_is_imported_only_in_the_ui_layer():
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in python_files("ui")
        if imported_modules(ast.parse(p.read_text())) & {"PySide6", "PyQt6", "PyQt5", "shiboken6"}
    ]
    assert offenders == []


def test_sql_runs_only_in_the_store_layer():
    offenders = []
    for path in python_files("store"):
        tree = ast.parse(path.read_text())
        if imported_modules(tree) & SQL_MODULES:
            offenders.append(f"{path.relative_to(PACKAGE)} imports a database driver")
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_METHODS:
                receiver = ast.unparse(node.func.value)
                if "db" in receiver or "conn" in receiver or "cursor" in receiver:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {receiver}.{node.func.attr}()")
    assert offenders == []


def test_core_depends_on_nothing_outside_core_and_i18n():
    offenders = []
    for path in (PACKAGE / "core").rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("continuity."):
                layer = node.module.split(".")[1]
                if layer not in {"core", "i18n"}:
                    offenders.append(f"{path.name} imports {node.module}")
        if imported_modules(tree) & (SQL_MODULES | {"PySide6", "click"}):
            offenders.append(f"{path.name} imports a driver or UI library")
    assert offenders == []


def test_the_checker_sees_a_violation(tmp_path):
    """The SQL check is not vacuous: it flags a service that runs SQL itself."""
    tree = ast.parse("def f(session):\n    session.store.db.execute('DELETE FROM patients')\n")
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in SQL_METHODS]
    assert calls and "db" in ast.unparse(calls[0].func.value)
