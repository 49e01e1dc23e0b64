"""Every message the core, services and CLI can show has a French translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from pathlib import Path

from continuity.i18n import _, _catalogues, ngettext, set_language

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
            position = {"BundleError": 1, "_violation": 4, "Unapplicable": 1}.get(name, 0)
            if len(node.args) <= position:
                continue
            first = node.args[position]
            if name in MESSAGE_CALLS | {"BundleError", "_violation", "Unapplicable"} and isinstance(first, ast.Constant) and isinstance(first.value, str):
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
    forms = [(m, f) for m, entry in CATALOGUE.items() for f in (entry if isinstance(entry, tuple) else (entry,))]
    wrong = {m: (placeholders(m), placeholders(f)) for m, f in forms if placeholders(m) != placeholders(f)}
    assert wrong == {}


def plural_messages() -> dict[str, str]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ngettext" and len(node.args) >= 3:
                singular, plural = node.args[0], node.args[1]
                if isinstance(singular, ast.Constant) and isinstance(plural, ast.Constant):
                    found[singular.value] = plural.value
    return found


def test_every_message_with_a_count_has_both_french_forms_and_agrees():
    plurals = plural_messages()
    assert len(plurals) >= 8
    wrong = {m: CATALOGUE.get(m) for m in plurals if not (isinstance(CATALOGUE.get(m), tuple) and len(CATALOGUE[m]) == 2)}
    assert wrong == {}
    assert {m for m, p in plurals.items() if placeholders(m) != placeholders(p)} == set()
    set_language("fr")
    try:
        assert [ngettext("Sent {n} bundle", "Sent {n} bundles", n) for n in (0, 1, 2)] == ["0 paquet envoyé", "1 paquet envoyé", "2 paquets envoyés"]
        set_language("en")
        assert [ngettext("Sent {n} bundle", "Sent {n} bundles", n) for n in (0, 1, 2)] == ["Sent 0 bundles", "Sent 1 bundle", "Sent 2 bundles"]
    finally:
        set_language("fr")


def test_no_translation_is_left_in_english():
    same = [m for m, f in CATALOGUE.items() if m == f and len(m) > 12]
    assert same == []


def test_french_is_the_default_and_english_is_available():
    set_language("fr")
    assert _("Bed {bed} closed.", bed="SDC 301") == "Lit SDC 301 fermé."
    set_language("en")
    assert _("Bed {bed} closed.", bed="SDC 301") == "Bed SDC 301 closed."
