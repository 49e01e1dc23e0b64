"""Errors that speak to the user.

A ``DomainError`` carries an English source message with placeholders, the parameters, and the name
of the field it concerns (so a form can show it next to that field). ``str()`` gives the message in
the current language.
"""

from __future__ import annotations

from continuity.i18n import translate


class DomainError(Exception):
    """A refused operation: bad input or a broken rule. The user can act on the message."""

    def __init__(self, message: str, /, *, field: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params

    def localized(self, language: str | None = None) -> str:
        return translate(self.message, language, **self.params)

    def __str__(self) -> str:
        return self.localized()


class PermissionDenied(DomainError):
    """The signed-in user's role does not allow the operation."""


class AuthenticationError(DomainError):
    """Wrong user name or password, or the account is throttled."""


class NotFound(DomainError):
    """A patient, stay, movement, unit or bed that does not exist."""


class KitError(DomainError):
    """A ward kit that cannot be read: wrong passphrase, damaged or foreign file."""
