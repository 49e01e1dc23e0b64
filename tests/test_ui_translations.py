"""The window's strings (Qt Linguist): every visible string of the code and the forms is in the
French .ts, translated, with the same placeholders; the .qm builds from it."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "continuity_fr.ts"
BIN = Path(sys.executable).parent
PLACEHOLDER = re.compile(r"%\d+|%n|&(?!amp;)")


def messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [(ctx.findtext("name"), m.findtext("source"), m.find("translation")) for ctx in root.iter("context") for m in ctx.iter("message")]


def test_every_string_is_translated_with_the_same_placeholders():
    problems = []
    for context, source, translation in messages(TS):
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not (translation.text or "").strip():
            problems.append(f"{context}: {source!r} is not translated")
        elif sorted(re.findall(r"%\d+|%n", source)) != sorted(re.findall(r"%\d+|%n", translation.text)):
            problems.append(f"{context}: {source!r} -> {translation.text!r} changes the placeholders")
        elif ("&" in source.replace("&&", "")) != ("&" in translation.text.replace("&&", "")):
            problems.append(f"{context}: {source!r} -> {translation.text!r} loses or adds the keyboard accelerator")
    assert problems == []


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
