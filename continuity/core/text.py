"""Text normalisation for search: case and accents ignored (é = e, Œ = oe)."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out: the form names are indexed and searched in."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def name_tokens(*parts: str) -> list[str]:
    """Words of the given name parts, folded: 'Marie-Hélène' gives ['marie', 'helene']."""
    tokens: list[str] = []
    for part in parts:
        tokens.extend(t for t in _SEPARATORS.split(fold(part)) if t)
    return tokens
