"""Password and passphrase policy (OWASP ASVS 5 V6.2, ANSSI): long enough, not common or guessable.

No composition rules (ASVS forbids them); a length floor and a strength estimate instead. zxcvbn
knows the common-password lists, keyboard walks, dates, repeats and words, and is told the user's
own name and the ward's: "cdurand2026" is weak for cdurand. Passwords protect keys a thief can
attack offline (the keyring, the kit): hence a floor of 10^10 estimated guesses.
"""

from __future__ import annotations

from collections.abc import Iterable

from continuity.core.errors import DomainError
from continuity.i18n import N_

MIN_LENGTH = 12
MAX_LENGTH = 256
MIN_GUESSES_LOG10 = 10.0
_CONTEXT = ["continuity", "maternite", "maternité", "hopital", "hôpital", "password", "motdepasse"]


_MESSAGES = {
    "password": {
        "short": N_("The password must have at least {n} characters (a short sentence is easy to remember)."),
        "long": N_("The password must have at most {n} characters."),
        "control": N_("The password must not contain control characters."),
        "weak": N_("This password is too easy to guess (common word, name, date or keyboard pattern): choose a sentence "
                   "of unrelated words."),
    },
    "passphrase": {
        "short": N_("The passphrase must have at least {n} characters (a short sentence is easy to remember)."),
        "long": N_("The passphrase must have at most {n} characters."),
        "control": N_("The passphrase must not contain control characters."),
        "weak": N_("This passphrase is too easy to guess (common word, name, date or keyboard pattern): choose a sentence "
                   "of unrelated words."),
    },
}


def check_password(password: str, *, field: str = "new_password", context: Iterable[str | None] = ()) -> None:
    """Refuse a weak password with a message the user can act on."""
    _check(password, field, context, _MESSAGES["password"])


def check_passphrase(passphrase: str, *, field: str = "passphrase", context: Iterable[str | None] = ()) -> None:
    """The same floor for the kit's and IT's passphrases: they protect every laptop's keys."""
    _check(passphrase, field, context, _MESSAGES["passphrase"])


def _check(secret: str, field: str, context: Iterable[str | None], messages: dict[str, str]) -> None:
    if len(secret) < MIN_LENGTH or not secret.strip():
        raise DomainError(messages["short"], field=field, n=MIN_LENGTH)
    if len(secret) > MAX_LENGTH:
        raise DomainError(messages["long"], field=field, n=MAX_LENGTH)
    if any(ord(c) < 32 or ord(c) == 127 for c in secret):
        raise DomainError(messages["control"], field=field)
    from zxcvbn import zxcvbn  # its dictionaries load in ~0.1 s: only when a password is chosen

    words = [w for w in (*_CONTEXT, *context) if w]
    # zxcvbn refuses more than 72 characters by default; a long sentence is exactly what is asked for.
    estimate = zxcvbn(secret[:MAX_LENGTH], user_inputs=[w.lower()[:100] for w in words], max_length=MAX_LENGTH)
    if estimate["guesses_log10"] < MIN_GUESSES_LOG10:
        raise DomainError(messages["weak"], field=field)
