"""Text normalisation for search: case and accents ignored (é = e, Œ = oe)."""

from __future__ import annotations

import functools
import re
import unicodedata

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_SEPARATORS = re.compile(r"[\W_]+")  # anything but letters and digits, of any script (Иванова, 王芳)


@functools.lru_cache(maxsize=65_536)  # names repeat: a bulk import folds the same few thousand again and again
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


# Letters of other scripts drawn like Latin ones (Cyrillic, Greek; lower case, after fold): a name
# typed with them looks the same on screen and in the report.
_LOOK_ALIKES = str.maketrans({"а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
                              "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ӏ": "l", "һ": "h",
                              "ԛ": "q", "ԝ": "w", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
                              "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ζ": "z", "ı": "i"})


# Letters that show as nothing (Hangul fillers): between two words, the name looks unchanged.
_BLANK_LETTERS = str.maketrans({"\u115f": " ", "\u1160": " ", "\u3164": " ", "\uffa0": " "})


def person_key(text: str) -> tuple[str, ...]:
    """Who a typed name designates, whatever its spelling: case, accents, spaces, punctuation, word
    order and letters of other scripts drawn alike ignored ('Girard  Paul.' and 'paul girard' agree)."""
    return tuple(sorted(t.translate(_LOOK_ALIKES) for t in name_tokens(text.translate(_BLANK_LETTERS))))
