"""Identity validation. Every identity created in downtime is provisional (PROV): an INS can only be
qualified through the national service, which is out of reach during the outage."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from continuity.core.errors import DomainError
from continuity.core.identifiers import ins_is_nia, validate_birth_place, validate_ins
from continuity.core.text import name_tokens

SEXES = ("F", "M", "U")
PROVISIONAL = "PROV"
OLDEST_BIRTH_YEAR = 1900
_SPACES = re.compile(r"\s+")
_PHONE = re.compile(r"^\+?[0-9 .\-()]{6,20}$")


@dataclass(frozen=True)
class Identity:
    birth_name: str
    first_names: list[str]
    birth_date: date
    sex: str
    used_name: str | None = None
    birth_place: str | None = None
    ins: str | None = None
    address: str | None = None
    phone: str | None = None
    identity_status: str = PROVISIONAL
    used_first_name: str | None = None  # the first name she goes by, kept apart from those at birth

    def fields(self) -> dict[str, object]:
        """The stored form (dates as ISO text, first names as a list)."""
        return {
            "birth_name": self.birth_name,
            "used_name": self.used_name,
            "first_names": self.first_names,
            "used_first_name": self.used_first_name,
            "birth_date": self.birth_date.isoformat(),
            "sex": self.sex,
            "birth_place": self.birth_place,
            "ins": self.ins,
            "ins_kind": (None if not self.ins else ("NIA" if ins_is_nia(self.ins) else "NIR")),
            "address": self.address,
            "phone": self.phone,
            "identity_status": self.identity_status,
        }


def clean_name(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()


# Characters a terminal or another laptop's screen would act on or hide: escapes, bells, direction
# overrides, zero-width marks (Unicode categories Cc and Cf). Spaces and tabs are folded by clean_name.
def check_text(value: str | None, field: str, limit: int) -> None:
    """No control or invisible character, and within ``limit`` characters."""
    if not value:
        return
    if any(unicodedata.category(c) in ("Cc", "Cf") for c in value):
        raise DomainError("This text holds an invisible or control character (a direction mark, an escape...): type it again.",
                          field=field)
    if len(value) > limit:
        raise DomainError("This text is too long ({limit} characters at most).", field=field, limit=limit)


def split_first_names(value: str | list[str]) -> list[str]:
    """First names as a list: 'Marie Hélène, Lou' gives ['Marie', 'Hélène', 'Lou']; hyphenated names stay whole."""
    parts = value if isinstance(value, list) else re.split(r"[,\s]+", value or "")
    return [clean_name(p) for p in parts if clean_name(p)]


def search_key(birth_name: str, used_name: str | None, first_names: list[str], used_first_name: str | None = None) -> str:
    """The folded words that name search matches against."""
    return " ".join(name_tokens(birth_name, used_name or "", *first_names, used_first_name or ""))


def validate_identity(
    *,
    birth_name: str,
    first_names: str | list[str],
    birth_date: date,
    sex: str,
    today: date,
    used_name: str | None = None,
    birth_place: str | None = None,
    ins: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    allow_no_first_name: bool = False,
    used_first_name: str | None = None,
) -> Identity:
    for value, field, limit in ((birth_name, "birth_name", 200), (used_name, "used_name", 100), (used_first_name, "used_first_name", 100),
                                (address, "address", 300), (" ".join(first_names) if isinstance(first_names, list) else first_names,
                                                            "first_names", 200)):
        check_text(value if isinstance(value, str) else None, field, limit)
    name = clean_name(birth_name)
    if not name:
        raise DomainError("The birth name is required.", field="birth_name")
    if len(name) > 100:
        raise DomainError("The birth name is too long (100 characters at most).", field="birth_name")
    if not any(c.isalpha() for c in name):
        raise DomainError("The birth name must contain letters.", field="birth_name")
    names = split_first_names(first_names)
    if not names and not allow_no_first_name:
        raise DomainError("At least one first name is required.", field="first_names")
    sex_code = (sex or "").strip().upper()
    if sex_code not in SEXES:
        raise DomainError("Sex must be F, M or U (unknown).", field="sex")
    if birth_date > today:
        raise DomainError("The birth date is in the future.", field="birth_date")
    if birth_date.year < OLDEST_BIRTH_YEAR:
        raise DomainError("The birth date is before {year}: check the year.", field="birth_date", year=OLDEST_BIRTH_YEAR)
    place = validate_birth_place(birth_place) if birth_place and birth_place.strip() else None
    nir = None
    if ins and ins.strip():
        nir = validate_ins(ins)
        _check_ins_matches(nir, sex_code, birth_date)
    tel = clean_name(phone) or None
    if tel and not _PHONE.match(tel):
        raise DomainError("The phone number can contain only digits, spaces and +.", field="phone")
    return Identity(
        birth_name=name,
        first_names=names,
        birth_date=birth_date,
        sex=sex_code,
        used_name=clean_name(used_name) or None,
        birth_place=place,
        ins=nir,
        address=clean_name(address) or None,
        phone=tel,
        used_first_name=_used_first_name(used_first_name, names),
    )


def _used_first_name(value: str | None, first_names: list[str]) -> str | None:
    """Kept only when it is not already her first first name."""
    name = clean_name(value)
    if len(name) > 100:
        raise DomainError("The used first name is too long (100 characters at most).", field="used_first_name")
    return name if name and (not first_names or name.casefold() != first_names[0].casefold()) else None


def _check_ins_matches(nir: str, sex: str, birth_date: date) -> None:
    """The NIR encodes sex, birth year and month: a mismatch is almost always a typing error."""
    expected_sex = {"1": "M", "2": "F", "7": "M", "8": "F"}.get(nir[0])
    if sex != "U" and expected_sex and expected_sex != sex:
        raise DomainError("The INS does not match the sex entered: check both.", field="ins")
    if int(nir[1:3]) != birth_date.year % 100:
        raise DomainError("The INS does not match the birth year entered: check both.", field="ins")
    month = int(nir[3:5])
    if 1 <= month <= 12 and month != birth_date.month:
        raise DomainError("The INS does not match the birth month entered: check both.", field="ins")
