"""Bad input gets a clear refusal in the user's language and writes nothing: ward files of the
wrong shape, absurd number blocks, devices and huge files given as kits, a PDF into a folder that
does not exist, and a full disk (said as such, while reading goes on)."""

from __future__ import annotations

import tomllib

import pytest

from continuity.core.errors import DomainError
from continuity.core.ward import parse_ward
from continuity.services import identity, kit, ward
from continuity.store.connection import DiskFull
from tests.conftest import EXAMPLE_WARD, add_woman


def example() -> dict:
    return tomllib.loads(EXAMPLE_WARD.read_text(encoding="utf-8"))


def _with(change) -> dict:
    data = example()
    change(data)
    return data


@pytest.mark.parametrize("change, where", [
    (lambda d: d["units"][0]["rooms"][0].update(beds=7), "room"),
    (lambda d: d["units"][0].update(rooms="abc"), "rooms"),
    (lambda d: d.update(units="abc"), "[[units]]"),
    (lambda d: d.update(ward="abc"), "[ward]"),
    (lambda d: d.update(numbering=[1, 2]), "[numbering]"),
    (lambda d: d["numbering"].update(ipp_first=99999999999999999999), "[numbering]"),
    (lambda d: d["numbering"].update(ipp_first=9_999_999_000), "[numbering]"),  # the blocks would run past 10 digits
    (lambda d: d["numbering"].update(ipp_block=True), "[numbering]"),
    (lambda d: d["staff"][0].update(units="GHR"), "[[staff]]"),
    (lambda d: d["staff"][0].update(skills=3), "[[staff]]"),
    (lambda d: d.update(users={"name": "x"}), "[[users]]"),
    (lambda d: d.update(laptops=["laptop-1"]), "[[laptops]]"),
    (lambda d: d.update(rota={"rules": "all"}), "[rota.rules]"),
], ids=["beds=7", "rooms=abc", "units=abc", "ward=abc", "numbering list", "ipp_first 20 digits", "blocks past 10 digits",
        "block a boolean", "staff units text", "skills a number", "users a table", "laptops texts", "rules a text"])
def test_a_ward_file_of_the_wrong_shape_is_refused_with_where_and_why(change, where):
    with pytest.raises(DomainError) as refused:
        parse_ward(_with(change))
    assert where in refused.value.field
    assert "Ward description" in refused.value.localized("en")


def test_the_example_ward_still_parses():
    assert parse_ward(example()).numbering.ipp_first == 900000000


def test_a_device_a_folder_or_a_huge_file_is_refused_as_a_kit_before_being_read(tmp_path):
    with pytest.raises(DomainError, match="not an ordinary file"):
        kit.open_kit(__import__("pathlib").Path("/dev/zero"), "phrase")
    with pytest.raises(DomainError, match="not an ordinary file"):
        kit.read_ward_file(tmp_path)
    huge = tmp_path / "huge.kit"
    with open(huge, "wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: nothing is actually written
    with pytest.raises(DomainError, match="too large"):
        kit.open_kit(huge, "phrase")
    binary = tmp_path / "ward.toml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(DomainError, match="not UTF-8"):
        kit.read_ward_file(binary)


def test_a_pdf_asked_into_a_missing_folder_is_refused_and_nothing_is_left(supervisor, tmp_path):
    from continuity.services import rota

    with pytest.raises(DomainError, match="does not exist") as refused:
        rota.print_rota(supervisor, None, 1, tmp_path / "missing" / "rota.pdf")
    assert refused.value.field == "out"
    taken = tmp_path / "rota.pdf"
    taken.mkdir()  # a folder where the file should go (root ignores permissions: this refuses anyone)
    with pytest.raises(DomainError, match="cannot be written"):
        rota.print_rota(supervisor, None, 1, taken)
    assert not list(tmp_path.glob(".rota.pdf*"))  # no half-written file left


def test_a_full_disk_is_said_as_such_writes_nothing_and_reading_goes_on(store, clerk, monkeypatch):
    add_woman(clerk, birth_name="Avant")
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # as full as a disk can be (SQLite's own SQLITE_FULL)
    with pytest.raises(DiskFull, match="disk is full: nothing was saved") as refused:
        for i in range(200):  # the first write past the last free page fails whole
            add_woman(clerk, birth_name=f"Plein{i}")
    assert "disque de ce portable est plein" in refused.value.localized("fr")
    written = store.db.execute("SELECT count(*) FROM patients").fetchone()[0]
    assert store.db.execute("SELECT count(*) FROM journal WHERE entity = 'patient' AND field = 'birth_name'").fetchone()[0] == written

    # Reading goes on even when not even an audit entry fits; those reads are counted and recorded later.
    real_write = type(store).write
    monkeypatch.setattr(type(store), "write", lambda self, user: (_ for _ in ()).throw(DiskFull("full")))
    assert identity.search(clerk, "avant")
    assert ward.census(clerk)["units"]
    monkeypatch.setattr(type(store), "write", real_write)
    store.db.execute("PRAGMA max_page_count = 1073741823")  # space freed
    assert identity.search(clerk, "avant")
    missed = store.db.execute("SELECT detail FROM audit WHERE action = 'audit.reads_not_recorded'").fetchone()
    assert missed is not None and '"reads":2' in missed[0].replace(" ", "")
    assert store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == written
