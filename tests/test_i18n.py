"""Every message the core, services and CLI can show has a French translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from continuity.i18n import _, _catalogues, set_language

CATALOGUE = _catalogues["fr"]  # every French file merged

PACKAGE = Path(__file__).resolve().parent.parent / "continuity"
MESSAGE_CALLS = {"_", "N_", "translate", "DomainError", "PermissionDenied", "AuthenticationError", "NotFound", "KitError", "NotEnrolled", "Unapplicable"}


def source_messages() -> dict[str, str]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue  # the Qt layer is translated with Qt Linguist
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            # BundleError(reason, message): the message is the second argument.
            # _violation(data, rule, day, staff, message, ...): the fifth.
            position = {"BundleError": 1, "_violation": 4}.get(name, 0)
            if len(node.args) <= position:
                continue
            first = node.args[position]
            if name in MESSAGE_CALLS | {"BundleError", "_violation"} and isinstance(first, ast.Constant) and isinstance(first.value, str):
                found[first.value] = f"{path.relative_to(PACKAGE)}:{node.lineno}"
    return found


def placeholders(text: str) -> set[str]:
    return {field for _literal, field, _spec, _conv in string.Formatter().parse(text) if field}


def test_the_scan_finds_the_messages():
    messages = source_messages()
    assert "The birth name is required." in messages
    assert len(messages) > 80


def test_every_message_has_a_french_translation():
    missing = {m: where for m, where in source_messages().items() if m not in CATALOGUE}
    assert missing == {}


def test_translations_keep_the_placeholders():
    wrong = {m: (placeholders(m), placeholders(f)) for m, f in CATALOGUE.items() if placeholders(m) != placeholders(f)}
    assert wrong == {}


def test_no_translation_is_left_in_english():
    same = [m for m, f in CATALOGUE.items() if m == f and len(m) > 12]
    assert same == []


def test_french_is_the_default_and_english_is_available():
    set_language("fr")
    assert _("Bed {bed} closed.", bed="SDC 301") == "Lit SDC 301 fermé."
    set_language("en")
    assert _("Bed {bed} closed.", bed="SDC 301") == "Bed SDC 301 closed."
