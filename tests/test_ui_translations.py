"""The window's strings (Qt Linguist): every visible string of the code and the forms is in the
French .ts, translated, with the same placeholders; the .qm builds from it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "continuity_fr.ts"
ENGLISH = ROOT / "resources" / "continuity_en.ts"  # English plural forms only
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%\d+|%n|&(?!amp;)")


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name"), m.findtext("source"), m.find("translation")) for ctx in root.iter("context") for m in ctx.iter("message")]


def forms_of(translation: ET.Element) -> list[str]:
    """The translated text, or each plural form of a message with a count (%n)."""
    numerus = translation.findall("numerusform")
    return [f.text or "" for f in numerus] if numerus else [translation.text or ""]


@pytest.mark.parametrize("ts", [TS, ENGLISH], ids=["fr", "en-plurals"])
def test_every_string_is_translated_with_the_same_placeholders(ts):
    problems = []
    for context, source, translation in messages(ts):
        texts = forms_of(translation)
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(t.strip() for t in texts):
            problems.append(f"{context}: {source!r} is not translated")
            continue
        for text in texts:
            if sorted(re.findall(r"%\d+|%n", source)) != sorted(re.findall(r"%\d+|%n", text)):
                problems.append(f"{context}: {source!r} -> {text!r} changes the placeholders")
            elif ("&" in source.replace("&&", "")) != ("&" in text.replace("&&", "")):
                problems.append(f"{context}: {source!r} -> {text!r} loses or adds the keyboard accelerator")
    assert problems == []


def test_english_carries_every_message_with_a_count_and_nothing_else():
    counted = {(c, s) for c, s, t in messages(TS) if "%n" in s}
    assert len(counted) >= 10
    assert {(c, s) for c, s, _t in messages(ENGLISH)} == counted


def test_counts_agree_in_both_languages(qapp):
    from PySide6.QtCore import QCoreApplication

    from continuity.ui.forms import install_language

    said = {}
    try:
        for language in ("fr", "en"):
            install_language(language)
            said[language] = [QCoreApplication.translate("FillDialog", "%n shift(s) added", "", n) for n in (0, 1, 2)]
    finally:
        install_language("fr")
    assert said == {"fr": ["0 poste ajouté", "1 poste ajouté", "2 postes ajoutés"], "en": ["0 shifts added", "1 shift added", "2 shifts added"]}


def test_the_ts_file_holds_every_string_of_the_code_and_the_forms(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (ROOT / "continuity" / "ui").glob("*.py")) + sorted(str(p) for p in (ROOT / "forms").glob("*.ui"))
    subprocess.run([str(BIN / "pyside6-lupdate"), "-silent", *sources, "-ts", str(fresh)], check=True, cwd=ROOT)
    wanted = {(c, s) for c, s, _t in messages(fresh)}
    kept = {(c, s) for c, s, _t in messages(TS)}
    assert wanted - kept == set(), "run `make translations`, then translate the new entries"
    assert len(wanted) > 100


def test_the_qm_file_builds(tmp_path):
    out = tmp_path / "continuity_fr.qm"
    result = subprocess.run([str(BIN / "pyside6-lrelease"), str(TS), "-qm", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and out.stat().st_size > 1000
    assert "0 unfinished" in result.stdout
