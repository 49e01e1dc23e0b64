"""Nothing readable anywhere the application writes: distinctive invented names, typed and worked
with on two laptops that sync, print and set a damaged file aside, are found in no file of the data
folders (database, WAL, keyring, throttle, escrow, outbox, files set aside, logs, backups), the
shared folder or the printed PDF: not in UTF-8, UTF-16 or decomposed (NFD) form."""

from __future__ import annotations

import unicodedata

from continuity.core.permissions import Role
from continuity.services import adt, births, identity, rota
from tests.conftest import session_for
from tests.sync_helpers import make_laptops, sync_all

NAMES = ["Quenouillard", "Zéphyrine", "Bérengère-Aurélie", "Hyacinthe", "rue des Orfèvres-Oubliés", "0612345678"]


def _forms(text: str) -> set[bytes]:
    forms = set()
    for variant in {text, unicodedata.normalize("NFD", text), unicodedata.normalize("NFC", text), text.upper()}:
        forms |= {variant.encode("utf-8"), variant.encode("utf-16-le"), variant.encode("utf-16-be")}
    return forms


def test_no_name_is_found_in_any_file_the_application_wrote(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    clerk, midwife = session_for(one.store, Role.CLERK), session_for(one.store, Role.MIDWIFE)
    ipp = identity.add_patient(clerk, birth_name="Quenouillard", first_names="Zéphyrine Bérengère-Aurélie", birth_date="1991-03-04",
                               sex="F", address="12 rue des Orfèvres-Oubliés", phone="0612345678").values["ipp"]
    nda = adt.admit(clerk, ipp, unit="SDN", bed="SN1").values["nda"]
    births.record_birth(midwife, nda, sex="F", weight_g=3200, first_names="Hyacinthe")
    adt.transfer(midwife, nda, unit="SDC", bed="301")
    sync_all([one, two])
    identity.update_patient(session_for(two.store, Role.CLERK), ipp, used_name="Quenouillard")
    two.subfolder.mkdir(parents=True, exist_ok=True)
    (two.subfolder / "00000099.cbundle").write_bytes(b"CONTINUITY-BUNDLE-1\n damaged")
    sync_all([one, two])
    assert identity.search(session_for(two.store, Role.CLERK), "zephyrine")  # the names are there, readable by a user
    supervisor = session_for(one.store, Role.SUPERVISOR)
    rota.print_rota(supervisor, None, 1, tmp_path / "rota.pdf")
    for laptop in (one, two):
        laptop.store.db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # some pages in the file, some still in the WAL
    control = tmp_path / "control.txt"  # the search itself must find a name written in any of the forms
    control.write_bytes(unicodedata.normalize("NFD", "Zéphyrine").encode("utf-16-le"))
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    kinds = {p.name.split(".")[-1] for p in files}
    assert {"db", "db-wal", "json", "cbundle", "pdf"} <= kinds | {p.name for p in files}
    found = {}
    for path in files:
        data = path.read_bytes()
        for name in NAMES:
            if any(form in data for form in _forms(name)):
                found.setdefault(str(path.relative_to(tmp_path)), []).append(name)
    assert found.pop("control.txt") == ["Zéphyrine"]
    assert found == {}
