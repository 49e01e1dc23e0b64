"""Designer forms (forms/*.ui) loaded at run time, and the Qt translations (resources/*.qm)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QFile, QIODevice, QLibraryInfo, QLocale, QTranslator
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QWidget

from continuity import i18n

ROOT = Path(__file__).resolve().parents[2]
FORMS = ROOT / "forms"
RESOURCES = ROOT / "resources"
_translators: list[QTranslator] = []
_loader: QUiLoader | None = None


def form_loader() -> QUiLoader:
    """One loader for every form, made without Designer's plugin scan: our forms use Qt's own
    widgets only, and the scan would load the Qt Quick, WebEngine and Python widget plugins that
    PySide6 ships (~12 ms of every start, before the sign-in dialog can show). The library paths
    are emptied for that moment only; made first thing by the application, before its database
    thread starts (which loads no Qt plugin anyway)."""
    global _loader
    if _loader is None:
        paths = QCoreApplication.libraryPaths()
        QCoreApplication.setLibraryPaths([])  # the loader looks for plugins under <path>/designer
        try:
            _loader = QUiLoader()
        finally:
            QCoreApplication.setLibraryPaths(paths)
    return _loader


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget tree of ``forms/<name>.ui`` (its strings go through the installed translators)."""
    handle = QFile(str(FORMS / f"{name}.ui"))
    if not handle.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form {name}.ui is missing from {FORMS}")
    try:
        widget = form_loader().load(handle, parent)
    finally:
        handle.close()
    if widget is None:
        raise RuntimeError(f"form {name}.ui could not be loaded")
    return widget


def install_language(language: str) -> None:
    """French (the default) or English, for Qt's widgets, our forms and code, and the messages
    that the services return."""
    app = QCoreApplication.instance()
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    i18n.set_language(language)
    QLocale.setDefault(QLocale(QLocale.Language.French if language == "fr" else QLocale.Language.English))
    ours = QTranslator()  # English: its plural forms only
    if ours.load(str(RESOURCES / f"continuity_{language}.qm")):
        _translators.append(ours)
    qt = QTranslator()
    if language != "en" and qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        _translators.append(qt)
    for translator in _translators:
        app.installTranslator(translator)
