"""Fill the Qt Linguist files after `make translations` added new entries: French from
tools/fr_ui.json (source -> translation; a message with a count, ``%n``, takes a list of its forms,
singular then plural), English plural forms from tools/en_plurals.json. Entries already translated
in a .ts are kept. Exits 1 and names what is still untranslated."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = {
    ROOT / "resources" / "continuity_fr.ts": ROOT / "tools" / "fr_ui.json",
    ROOT / "resources" / "continuity_en.ts": ROOT / "tools" / "en_plurals.json",
}


def fill(ts: Path, table: dict) -> list[str]:
    tree = ET.parse(ts)
    missing = []
    for message in tree.getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        if translation.get("type") not in ("unfinished", None) or (translation.get("type") is None and _filled(translation)):
            continue
        wanted = table.get(source)
        if message.get("numerus") == "yes":
            if not isinstance(wanted, list) or len(wanted) != 2:
                missing.append(source)
                continue
            for child in list(translation):
                translation.remove(child)
            translation.text = None
            for form in wanted:
                ET.SubElement(translation, "numerusform").text = form
        elif isinstance(wanted, str):
            translation.text = wanted
        else:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    return missing


def _filled(translation: ET.Element) -> bool:
    forms = translation.findall("numerusform")
    return bool(translation.text and translation.text.strip()) or (bool(forms) and all(f.text for f in forms))


def main() -> int:
    missing = []
    for ts, table in FILES.items():
        if ts.exists():
            missing += [f"{ts.name}: {source!r}" for source in fill(ts, json.loads(table.read_text(encoding="utf-8")))]
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
