"""A French phonetic key for names: what a clerk hears when a name is spelt out, so that Perrot,
Perot, Pérot and Perrault, or Bernadette and Bernadete, share a key.

Used to *block* (find the few records worth comparing among 100 000), never to decide: the scores
come from string similarity and date rules (core/identity_match.py). Built from the usual French
spelling rules (Soundex2 and Phonex follow the same idea): silent letters dropped, letters that sound
alike merged, vowels dropped after the first sound, doubled sounds made single."""

from __future__ import annotations

import functools
import re

from continuity.core.text import fold

# Ordered: longer spellings first. Applied to a folded, upper-case word of letters only; the sound of
# "ch" is written as a lower-case x while the rules run, apart from the letter X.
_RULES = [(re.compile(pattern), sound) for pattern, sound in (
    (r"^H", ""),                       # Hélène = Elène
    (r"^CHR", "KR"),                   # Christophe = Kristof
    (r"SCH|CH|SH", "x"),               # Chloé, Schmitt: one sound, apart from K
    (r"PH", "F"),
    (r"([^CSP])H", r"\1"),             # silent h elsewhere (Thomas = Tomas, Mathilde)
    (r"(?<=[AEIOUY])ULT$", "O"),       # Perrault = Perro
    (r"EAUX?$|AUX?$", "O"),            # Giraux, Moreau
    (r"EAU|AU", "O"),
    (r"X$", ""),                       # Deroux: silent final x
    (r"X", "KS"),
    (r"QU|Q|CK", "K"),
    (r"C([EIY])", r"S\1"),             # Cécile: soft c
    (r"COIS", "SOIS"),                 # François typed without its cedilla
    (r"C", "K"),
    (r"GU([EIY])", r"g\1"),            # Guillaume: hard g (lower case until the soft g is done)
    (r"G([EIY])", r"J\1"),             # Gérard: soft g
    (r"GN", "NI"),
    (r"W", "V"),
    (r"Z", "S"),
    (r"Y", "I"),
    (r"(.)\1+", r"\1"),                 # Bernadette = Bernadete
    (r"(?<=.)E$", ""),                 # silent final e, then a silent final s, t, d (Dumas, Perrot, Durand)
    (r"(?<=.)[STD]$", ""),
)]
_VOWELS = re.compile(r"[AEIOU]+")
_DOUBLES = re.compile(r"(.)\1+")
_LETTERS = re.compile(r"[^A-Z]")


@functools.lru_cache(maxsize=65_536)
def phonetic_key(word: str) -> str:
    """'Perrot' -> 'PR'; '' for a word with no letters. One word: split names into words first."""
    text = _LETTERS.sub("", fold(word.replace("ç", "s").replace("Ç", "S")).upper())
    for pattern, sound in _RULES:
        text = pattern.sub(sound, text)
    text = _DOUBLES.sub(r"\1", text)
    if not text:
        return ""
    first = "A" if text[0] in "AEIOU" else text[0]  # every leading vowel sounds alike for a key
    return _DOUBLES.sub(r"\1", first + _VOWELS.sub("", text[1:])).upper()
