"""Translation of the messages produced below the UI (domain errors, CLI output).

Source strings are English with ``{name}`` placeholders; French is the default language. The Qt
layer translates its own widgets with Qt Linguist; this catalogue covers what the core, the
services and the CLI say, so that a midwife sees a refusal in French whichever face she uses.
"""

from __future__ import annotations

import os

from continuity.i18n.fr import CATALOGUE as _FRENCH
from continuity.i18n.fr_rota import CATALOGUE as _FRENCH_ROTA
from continuity.i18n.fr_documents import CATALOGUE as _FRENCH_DOCUMENTS
from continuity.i18n.fr_fill import CATALOGUE as _FRENCH_FILL
from continuity.i18n.fr_hl7 import CATALOGUE as _FRENCH_HL7
from continuity.i18n.fr_identity import CATALOGUE as _FRENCH_IDENTITY
from continuity.i18n.fr_reconcile import CATALOGUE as _FRENCH_RECONCILE
from continuity.i18n.fr_report import CATALOGUE as _FRENCH_REPORT
from continuity.i18n.fr_security import CATALOGUE as _FRENCH_SECURITY
from continuity.i18n.fr_census import CATALOGUE as _FRENCH_CENSUS
from continuity.i18n.fr_attacks import CATALOGUE as _FRENCH_ATTACKS

SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

# One French file per subject, so that parallel work on them does not collide.
_catalogues: dict[str, dict[str, str]] = {"fr": {**_FRENCH, **_FRENCH_ROTA, **_FRENCH_DOCUMENTS, **_FRENCH_FILL, **_FRENCH_IDENTITY,
                                             **_FRENCH_SECURITY, **_FRENCH_RECONCILE, **_FRENCH_HL7, **_FRENCH_REPORT,
                                             **_FRENCH_CENSUS, **_FRENCH_ATTACKS}, "en": {}}
_current = os.environ.get("CONTINUITY_LANG", DEFAULT_LANGUAGE)
if _current not in SUPPORTED_LANGUAGES:
    _current = DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    global _current
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {language!r}; choose one of {SUPPORTED_LANGUAGES}")
    _current = language


def current_language() -> str:
    return _current


def translate(message: str, language: str | None = None, /, **params: object) -> str:
    """Translate an English source message and fill its placeholders."""
    language = language or _current
    template = _catalogues[language].get(message, message)
    if isinstance(template, tuple):  # a plural entry asked for without a count: its plural form
        template = template[1]
    if not params:
        return template
    return _fill(template, language, **params)


def _(message: str, /, **params: object) -> str:
    return translate(message, None, **params)


def _plural_index(language: str, n: int) -> int:
    # French puts 0 and 1 in the singular ("0 paquet envoyé"); English only 1.
    if language == "fr":
        return 0 if abs(n) < 2 else 1
    return 0 if n == 1 else 1


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The form of a message that agrees with ``n`` (gettext's idiom); ``n`` is also a placeholder.

    A French catalogue entry for such a message is a pair: (singular, plural), keyed by the English
    singular."""
    language = _current
    entry = _catalogues[language].get(singular)
    forms = entry if isinstance(entry, tuple) else (singular, plural)
    template = forms[_plural_index(language, n)]
    return _fill(template, language, n=n, **params)


def _fill(template: str, language: str, **params: object) -> str:
    # Decimal numbers as the reader writes them: 79,5 h in French, 79.5 h in English.
    comma = language == "fr"
    shown = {k: (f"{v:g}".replace(".", ",") if comma else f"{v:g}") if isinstance(v, float) else v for k, v in params.items()}
    return template.format(**shown)


def N_(message: str, /) -> str:  # noqa: N802 - the gettext idiom
    """Marks an English message for translation where it is defined; translated where it is shown."""
    return message
