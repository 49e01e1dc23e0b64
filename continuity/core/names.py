"""How a person's identity is written, the same on every screen, printout and command-line line.

French identity vigilance (RNIV): the birth name in capitals, then the first names, then the used
name, labelled as such. A clerk who sees "GILLES (PERROT) Bernadette" on one screen and "PERROT
(GILLES)" on another believes in two women."""

from __future__ import annotations

from collections.abc import Iterable

from continuity.i18n import _


def display_name(birth_name: str | None, first_names: Iterable[str] | str | None, used_name: str | None = None,
                 used_first_name: str | None = None) -> str:
    """``PERROT Bernadette Françoise (used name: GILLES)``, in the current language; the used first
    name, when she has one, is labelled too: ``(used name: GILLES, used first name: Fanny)``."""
    firsts = first_names if isinstance(first_names, str) else " ".join(first_names or ())
    name = f"{(birth_name or '').upper()} {firsts}".strip()
    used = used_name.upper() if used_name and used_name.strip().upper() != (birth_name or "").strip().upper() else None
    if used and used_first_name:
        return _("{name} (used name: {used}, used first name: {first})", name=name, used=used, first=used_first_name)
    if used_first_name:
        return _("{name} (used first name: {first})", name=name, first=used_first_name)
    if used:
        return _("{name} (used name: {used})", name=name, used=used)
    return name
