"""The HL7 v2.5 IHE PAM France export, checked by others than its writer: hl7apy in strict v2.5
validation for the standard segments, python-hl7 for a round trip, and a table of PAM FR rules
(tests/pam_fr_rules.py) with a message at fault caught by each rule. The period comes from real
laptops, synced, gathered in a real workspace."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone

import hl7
import pytest
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.exceptions import HL7apyException
from hl7apy.parser import parse_message

from continuity.core.permissions import Role
from continuity.reconcile import workspace as workspaces
from continuity.services import adt, births, kit, reconcile, reconcile_export, reconcile_numbers
from continuity.store import merges
from tests import pam_fr_rules
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"
HOSTILE = "O|Bri^en~X\\Y&Z"
NOW = "2027-01-20T12:00:00Z"


def _period(root, built_kit, it_keys) -> dict:
    """Two laptops: an admission, a transfer, a cancelled transfer, a discharge, a birth of twins, a
    mapped and an unmapped IPP, a woman registered twice and merged, hostile text in names."""
    kit_path = root / "it" / "ward.kit"
    kit.write_kit(copy.deepcopy(built_kit), it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    one, two = make_laptops(root, built_kit, 2)
    clerk, midwife = one.session(Role.CLERK), one.session(Role.MIDWIFE)
    start = datetime.now(timezone.utc).replace(microsecond=0, second=0) - timedelta(hours=20)

    def at(hours: float) -> datetime:
        return start + timedelta(hours=hours)

    moved = add_woman(clerk, birth_name="Mouvante")
    stay = adt.admit(midwife, moved, unit="GHR", bed="201", at=at(0)).values["nda"]
    adt.transfer(midwife, stay, unit="SDC", bed="301", at=at(2))
    wrong = adt.transfer(midwife, stay, unit="SDC", bed="302", at=at(3)).values["movement_id"]
    adt.cancel_movement(midwife, wrong)
    adt.discharge(midwife, stay, at=at(5))

    mother = add_woman(clerk, birth_name="Mere", first_names="Jeanne")
    mother_stay = adt.admit(midwife, mother, unit="SDN", bed="SN1", at=at(1)).values["nda"]
    twins = [births.record_birth(midwife, mother_stay, sex=sex, weight_g=2600, at=at(4 + i / 10)).values["ipp"]
             for i, sex in enumerate(("F", "M"))]

    hostile = add_woman(clerk, birth_name="Hostile", first_names="Anne")
    adt.admit(midwife, hostile, unit="GHR", bed="202", at=at(6))
    one.sync()
    twice = add_woman(two.session(Role.CLERK), birth_name="Doublon", first_names="Lea", birth_date="1991-02-03")
    again = add_woman(two.session(Role.CLERK), birth_name="Doublonn", first_names="Lea", birth_date="1991-02-03")
    two.sync()

    space = root / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, moved, "1234567")], "typed")
    opened = workspaces.open_workspace(space, IT_PASSPHRASE)
    try:
        with opened.store.raw_transaction() as db:
            ids = dict(db.execute("SELECT ipp, id FROM patients").fetchall())
            # Hostile text no laptop would let through (a line break), as a tampered record could hold it.
            db.execute("UPDATE patients SET birth_name = ?, used_name = ? WHERE ipp = ?", [HOSTILE, "Deux\nLignes", hostile])
            merges.record_merge(db, {"survivor_id": ids[twice], "merged_id": ids[again], "score": 0.9, "reasons": ["name"],
                                     "reason": "same woman", "merged_by": "informatique", "merged_at": NOW})
    finally:
        opened.store.close()
    return {"space": space, "moved": moved, "mother": mother, "twins": twins, "hostile": hostile, "twice": twice,
            "again": again, "wrong": wrong, "stay": stay}


@pytest.fixture(scope="module")
def period(tmp_path_factory, kit_and_it_keys):
    built_kit, it_keys = kit_and_it_keys
    return _period(tmp_path_factory.mktemp("hl7"), built_kit, it_keys)


@pytest.fixture(scope="module")
def exported(period, tmp_path_factory):
    out = tmp_path_factory.mktemp("hl7-out") / "messages"
    result = reconcile_export.export(period["space"], IT_PASSPHRASE, "hl7", out, options={"now": NOW})
    texts = [path.read_bytes().decode("utf-8") for path in sorted(out.iterdir())]
    return result, texts, out


def _by_trigger(texts: list[str], trigger: str) -> list[str]:
    return [t for t in texts if t.split("\r")[0].split("|")[8].split("^")[1] == trigger]


def test_every_message_passes_hl7apy_strict_v25_validation(exported):
    _result, texts, _out = exported
    for text in texts:
        message = parse_message(text, validation_level=VALIDATION_LEVEL.STRICT)
        assert message.validate()
    # The validator is not vacuous: an A28 without its required PV1 is refused.
    a28 = _by_trigger(texts, "A28")[0]
    broken = "\r".join(s for s in a28.split("\r") if not s.startswith("PV1"))
    with pytest.raises(HL7apyException):
        parse_message(broken, validation_level=VALIDATION_LEVEL.STRICT).validate()


def test_the_export_holds_every_kind_of_message_in_the_pam_fr_order(exported, period):
    result, texts, _out = exported
    triggers = [t.split("\r")[0].split("|")[8].split("^")[1] for t in texts]
    assert result["rows"]["messages"] == len(texts)
    assert triggers.count("A28") == 7  # two women, a mother, twins, a woman registered twice
    assert triggers.count("A40") == 1 and triggers.count("A12") == 1
    assert {"A01", "A02", "A03"} <= set(triggers)
    assert pam_fr_rules.check(texts) == []
    # Identities first, then movements; files numbered in sending order.
    assert triggers.index("A01") > max(i for i, t in enumerate(triggers) if t in ("A28", "A40"))


def test_python_hl7_reads_back_the_same_fields_hostile_text_included(exported, period):
    _result, texts, _out = exported
    hostile = next(hl7.parse(t) for t in _by_trigger(texts, "A28") if period["hostile"] in t)
    assert hostile["PID.F5.R1.C1"] == HOSTILE  # python-hl7 unescapes on reading
    assert hostile["PID.F5.R2.C1"] == "Deux\nLignes"
    assert hostile["PID.F32"] == "PROV"
    assert hostile.segment("MSH")[18][0] == "UNICODE UTF-8"
    mapped = next(hl7.parse(t) for t in _by_trigger(texts, "A28") if period["moved"] in t)
    assert mapped["PID.F3.R1.C1"] == "1234567" and mapped["PID.F3.R1.C5"] == "PI"
    assert mapped["PID.F3.R1.C4.S2"] == "1.2.250.1.999.1.1"  # the hospital's IPP authority
    assert mapped["PID.F3.R2.C1"] == period["moved"] and mapped["PID.F3.R2.C4.S1"] == "CONTINUITY"
    unmapped = next(hl7.parse(t) for t in _by_trigger(texts, "A28") if period["mother"] in t)
    assert unmapped["PID.F3.R1.C1"] == period["mother"] and unmapped["PID.F3.R1.C4.S1"] == "CONTINUITY"
    # Each twin names her mother (PID-21, NK1 MTH), her rank, and that she is one of several.
    for rank, twin in enumerate(period["twins"], start=1):
        baby = next(hl7.parse(t) for t in _by_trigger(texts, "A28") if f"|{twin}^" in t or f"~{twin}^" in t)
        assert baby["PID.F21.R1.C1"] == period["mother"]
        assert baby["PID.F24"] == "Y" and baby["PID.F25"] == str(rank)
        assert baby["NK1.F3.R1.C1"] == "MTH" and baby["NK1.F33.R1.C1"] == period["mother"]
    merge = hl7.parse(_by_trigger(texts, "A40")[0])
    assert merge["PID.F3.R1.C1"] == period["twice"] and merge["MRG.F1.R1.C1"] == period["again"]
    cancel = hl7.parse(_by_trigger(texts, "A12")[0])
    assert cancel["ZBE.F1.R1.C1"] == period["wrong"] and cancel["ZBE.F4"] == "CANCEL" and cancel["ZBE.F6"] == "A02"
    # Round trip: every segment python-hl7 reads gives back the text it was read from.
    for text in texts:
        assert str(hl7.parse(text)) == text


def test_batch_and_mllp_framing_read_back(period, tmp_path):
    plain = tmp_path / "plain"
    reconcile_export.export(period["space"], IT_PASSPHRASE, "hl7", plain, options={"now": NOW})
    singles = [p.read_bytes().decode("utf-8") for p in sorted(plain.iterdir())]

    framed = tmp_path / "framed"
    reconcile_export.export(period["space"], IT_PASSPHRASE, "hl7", framed, options={"now": NOW, "mllp": True})
    for path, single in zip(sorted(framed.iterdir()), singles, strict=True):
        data = path.read_bytes()
        assert data[:1] == b"\x0b" and data[-2:] == b"\x1c\r"
        assert data[1:-2].decode("utf-8") == single

    batch = tmp_path / "period.hl7"
    reconcile_export.export(period["space"], IT_PASSPHRASE, "hl7", batch, options={"now": NOW, "batch": True, "mllp": True})
    data = batch.read_bytes()
    assert data[:1] == b"\x0b" and data[-2:] == b"\x1c\r"
    segments = data[1:-2].decode("utf-8").split("\r")[:-1]
    assert segments[0].startswith("FHS|^~\\&|") and segments[1].startswith("BHS|")
    assert segments[-2] == f"BTS|{len(singles)}" and segments[-1] == "FTS|1"
    inner = "\r".join(segments[2:-2]) + "\r"
    assert inner == "".join(singles)
    batch_file = hl7.parse_file(data[1:-2].decode("utf-8"))
    assert len(batch_file[0]) == len(singles)  # python-hl7 finds every message of the batch


# -- the PAM FR rules catch each fault ----------------------------------------------------------------
def _swap(text: str, segment: str, number: int, value: str) -> str:
    lines = text.split("\r")
    for i, line in enumerate(lines):
        if line.startswith(segment + "|"):
            fields = line.split("|")
            fields += [""] * (number + 1 - len(fields))
            fields[number] = value
            lines[i] = "|".join(fields)
            break
    return "\r".join(lines)


def _first(texts: list[str], trigger: str) -> int:
    return next(i for i, t in enumerate(texts) if t.split("\r")[0].split("|")[8].split("^")[1] == trigger)


def _without(text: str, segment: str) -> str:
    return "\r".join(line for line in text.split("\r") if not line.startswith(segment + "|"))


def _moved(texts: list[str], i: int, j: int) -> list[str]:
    changed = list(texts)
    changed.insert(j, changed.pop(i))
    return changed


FAULTS = {
    # rule: (how the fault is made, the rule's name in the checker)
    "MSH-12": (lambda t: [_swap(t[0], "MSH", 11, "2.5")] + t[1:], "MSH-12"),
    "MSH-9": (lambda t: [_swap(t[0], "MSH", 8, "ADT^A28^ADT_A01")] + t[1:], "MSH-9"),
    "PID-32 missing": (lambda t: [_swap(t[0], "PID", 32, "")] + t[1:], "PID-32"),
    "PID-32 invented": (lambda t: [_swap(t[0], "PID", 32, "SURE")] + t[1:], "PID-32"),
    "PID-3 without authority": (lambda t: [_swap(t[0], "PID", 3, "123^^^^PI")] + t[1:], "PID-3"),
    "INS under a test OID": (lambda t: [_swap(t[0], "PID", 3, "1^^^H&1.2.3&ISO^PI~2^^^INS&1.2.250.1.213.1.4.10&ISO^INS")] + t[1:],
                             "PID-3"),
    "ZBE missing": (lambda t: _at(t, "A01", lambda m: _without(m, "ZBE")), "ZBE"),
    "ZBE on an identity": (lambda t: [t[0].rstrip("\r") + "\rZBE|x^C^1.2^ISO|2027||INSERT|N\r"] + t[1:], "ZBE"),
    "ZBE before PV1": (lambda t: _at(t, "A01", lambda m: "\r".join(_reorder_zbe(m.split("\r")))), "ZBE"),
    "ZBE-3 filled": (lambda t: _at(t, "A01", lambda m: _swap(m, "ZBE", 3, "20270101000000")), "ZBE-3"),
    "ZBE-4 wrong": (lambda t: _at(t, "A12", lambda m: _swap(m, "ZBE", 4, "INSERT")), "ZBE-4"),
    "ZBE-6 missing on a cancel": (lambda t: _at(t, "A12", lambda m: _swap(m, "ZBE", 6, "")), "ZBE-6"),
    "ZBE-6 on an insert": (lambda t: _at(t, "A01", lambda m: _swap(m, "ZBE", 6, "A01")), "ZBE-6"),
    "ZBE-1 without authority": (lambda t: _at(t, "A01", lambda m: _swap(m, "ZBE", 1, "m1")), "ZBE-1"),
    "EVN-6 missing": (lambda t: _at(t, "A02", lambda m: _swap(m, "EVN", 6, "")), "EVN/ZBE-2"),
    "ZBE-5 N on history": (lambda t: _at(t, "A12", lambda m: _swap(m, "ZBE", 5, "N")), "ZBE-5"),
    "ZBE-5 Y on the current": (lambda t: _at(t, "A03", lambda m: _swap(m, "ZBE", 5, "Y")), "ZBE-5"),
    "cancel of nothing sent": (lambda t: _at(t, "A12", lambda m: _swap(m, "ZBE", 1, "nothing^C^1.2^ISO")), "CANCEL"),
    "ZBE-7 without UF": (lambda t: _at(t, "A01", lambda m: _swap(m, "ZBE", 7, "Unit^^^^^^XX^^^4101")), "ZBE-7"),
    "ZBE-9 invented": (lambda t: _at(t, "A01", lambda m: _swap(m, "ZBE", 9, "Q")), "ZBE-9"),
    "identity after a movement": (lambda t: _moved(t, 0, len(t) - 1), "ORDER"),
    "movements out of time": (lambda t: _moved(t, _first(t, "A03"), _first(t, "A01")), "ORDER"),
    "NDA missing": (lambda t: _at(t, "A02", lambda m: _swap(m, "PV1", 19, "")), "NDA"),
}


def _at(texts: list[str], trigger: str, change) -> list[str]:
    i = _first(texts, trigger)
    return texts[:i] + [change(texts[i])] + texts[i + 1:]


def _reorder_zbe(lines: list[str]) -> list[str]:
    zbe = next(line for line in lines if line.startswith("ZBE|"))
    rest = [line for line in lines if line is not zbe]
    return rest[:2] + [zbe] + rest[2:]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_pam_fr_rule_catches_its_fault(exported, fault):
    _result, texts, _out = exported
    make, rule = FAULTS[fault]
    assert pam_fr_rules.check(texts) == []
    found = pam_fr_rules.check(make(list(texts)))
    assert rule in {f[0] for f in found}, found


def test_the_nda_goes_where_the_hospital_said(period, tmp_path):
    from continuity.interop import authorities

    opened = workspaces.open_workspace(period["space"], IT_PASSPHRASE)
    try:
        with opened.store.raw_transaction() as db:
            authorities.save(db, authorities.Authorities(nda_position="PID-18"))
    finally:
        opened.store.close()
    try:
        out = tmp_path / "pid18"
        reconcile_export.export(period["space"], IT_PASSPHRASE, "hl7", out, options={"now": NOW})
        texts = [p.read_bytes().decode("utf-8") for p in sorted(out.iterdir())]
        assert pam_fr_rules.check(texts, position="PID-18") == []
        assert {f[0] for f in pam_fr_rules.check(texts, position="PV1-19")} == {"NDA"}
    finally:
        opened = workspaces.open_workspace(period["space"], IT_PASSPHRASE)
        try:
            with opened.store.raw_transaction() as db:
                authorities.save(db, authorities.Authorities())
        finally:
            opened.store.close()


def test_the_command_line_exports_a_framed_batch(period, tmp_path):
    from tests.test_cli import as_json, run

    out = tmp_path / "cli" / "period.hl7"
    result = as_json(run(None, "reconcile", "export", str(period["space"]), "hl7", "--out", str(out), "--batch", "--mllp", "--json",
                         extra_env={"CONTINUITY_IT_PASSPHRASE": IT_PASSPHRASE}))
    data = out.read_bytes()
    assert data[:1] == b"\x0b" and data[-2:] == b"\x1c\r" and b"\rBHS|" in data
    assert f"BTS|{result['rows']['messages']}\r".encode() in data
    plain = tmp_path / "cli" / "one-per-message"
    assert "Written to" in run(None, "reconcile", "export", str(period["space"]), "hl7", "--out", str(plain),
                               extra_env={"CONTINUITY_IT_PASSPHRASE": IT_PASSPHRASE}).stdout
    assert len(list(plain.iterdir())) == result["rows"]["messages"] and not any(p.read_bytes()[:1] == b"\x0b" for p in plain.iterdir())


# -- the hospital's authorities, from the ward description through the kit to the export --------------
def _example_interop() -> dict:
    """The commented [interop] example of continuity/examples/ward.toml, uncommented."""
    import tomllib

    from tests.conftest import EXAMPLE_WARD

    lines = EXAMPLE_WARD.read_text(encoding="utf-8").splitlines()
    start = lines.index("# [interop]")
    block = []
    for line in lines[start:]:
        if not line.startswith("# "):
            break
        block.append(line[2:])
    return tomllib.loads("\n".join(block))["interop"]


def test_the_ward_description_refuses_a_bad_oid_next_to_its_field():
    from continuity.core.errors import DomainError
    from continuity.core.ward import parse_ward
    from tests.conftest import example_ward_data

    from dataclasses import fields

    from continuity.core.authorities import Authorities

    example = _example_interop()  # the documented table names every setting and parses as it stands
    assert set(example) == {f.name for f in fields(Authorities)} and example["nda_position"] == "PV1-19"
    data = example_ward_data()
    data["interop"] = example
    assert parse_ward(data).interop == example
    for key, value in (("ipp_oid", "1.2.250.abc"), ("downtime_oid", "2.25."), ("ipp_namespace", "HOP|ITAL"),
                       ("nda_position", "PV2-19"), ("ipp_oid", 12)):
        data["interop"] = {key: value}
        with pytest.raises(DomainError) as refused:
            parse_ward(data)
        assert refused.value.field == f"interop.{key}" and key in refused.value.localized("en")
    data["interop"] = {"ipp_authority": "x"}
    with pytest.raises(DomainError, match="unknown setting ipp_authority"):
        parse_ward(data)


def test_a_kits_authorities_reach_the_workspace_and_the_export(tmp_path):
    from continuity.core.ward import parse_ward
    from tests.conftest import PASSWORD, example_ward_data

    data = example_ward_data()
    data["interop"] = {"ipp_namespace": "CHU-SUD", "ipp_oid": "1.2.250.1.71.4.99.1", "downtime_namespace": "CONT-SUD",
                       "downtime_oid": "1.2.250.1.71.4.99.9", "nda_position": "PID-18", "receiving_application": "SIH-SUD"}
    ward = parse_ward(data)
    built, it_keys, _initial = kit.build_kit(ward, fixed_passwords={u.name: PASSWORD for u in ward.users})
    one, = make_laptops(tmp_path, built, 1)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Sudiste")
    adt.admit(one.session(Role.MIDWIFE), ipp, unit="GHR", bed="201")
    one.sync()
    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(built, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    space = tmp_path / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, ipp, "7654321")], "typed")
    out = tmp_path / "hl7"
    reconcile_export.export(space, IT_PASSPHRASE, "hl7", out, options={"now": NOW})
    texts = [p.read_bytes().decode("utf-8") for p in sorted(out.iterdir())]
    assert [t.split("\r")[0].split("|")[8] for t in texts] == ["ADT^A28^ADT_A05", "ADT^A01^ADT_A01"]
    admission = hl7.parse(texts[1])
    assert admission["MSH.F5"] == "SIH-SUD"
    assert admission["PID.F3.R1.C1"] == "7654321" and admission["PID.F3.R1.C4.S1"] == "CHU-SUD"
    assert admission["PID.F3.R1.C4.S2"] == "1.2.250.1.71.4.99.1"
    assert admission["PID.F3.R2.C4.S1"] == "CONT-SUD" and admission["ZBE.F1.R1.C3"] == "1.2.250.1.71.4.99.9"
    assert admission["PID.F18.R1.C5"] == "AN" and admission["PV1.F19"] == ""  # the NDA where this hospital wants it
    assert pam_fr_rules.check(texts, position="PID-18") == []


# -- the builder on plain rows: what it leaves out is counted, what it cannot send is refused ----------
def _rows():
    from continuity.core.authorities import Authorities
    from continuity.interop import hl7_pam

    ctx = hl7_pam.Context.from_authorities(Authorities(), NOW, "270120120000")
    woman = {"id": "p1", "ipp": "900000001", "birth_name": "Durand", "first_names": '["Anne"]', "birth_date": "1990-05-12",
             "sex": "F", "identity_status": "PROV", "record_status": "active", "created_at": "2027-01-15T07:00:00Z"}
    error = {**woman, "id": "p2", "ipp": "900000002", "record_status": "entered_in_error"}
    stays = [{"id": "s1", "nda": "700000001", "patient_id": "p1"}, {"id": "s2", "nda": "700000002", "patient_id": "p2"}]
    movements = [
        {"id": "m1", "stay_id": "s1", "kind": "admission", "at": "2027-01-15T07:10:00Z", "entered_at": "2027-01-15T07:20:00Z",
         "unit": "AUT", "uf": None, "cancelled": 0},
        {"id": "m2", "stay_id": "s1", "kind": "leave", "at": "2027-01-15T09:10:00Z", "entered_at": "2027-01-15T09:20:00Z",
         "unit": None, "cancelled": 0},
        {"id": "m3", "stay_id": "s2", "kind": "admission", "at": "2027-01-15T08:10:00Z", "entered_at": "2027-01-15T08:20:00Z",
         "unit": "GHR", "uf": "4103", "cancelled": 1, "cancelled_at": "2027-01-15T08:30:00Z"},
    ]
    return hl7_pam, ctx, [woman, error], stays, movements


def test_the_builder_counts_what_it_leaves_out_and_refuses_what_it_cannot_send():
    from continuity.core.errors import DomainError

    hl7_pam, ctx, patients, stays, movements = _rows()
    messages, notes = hl7_pam.build(ctx, patients, stays, movements, [], {})
    assert [m.trigger for m in messages] == ["A28", "A01", "A21"]
    assert notes["patients_entered_in_error_left_out"] == 1 and notes["movements_of_records_in_error_left_out"] == 2
    assert notes["movement_messages_without_uf"] == 2  # the unit has no UF: sent with ZBE-7 empty, and said
    leave = hl7.parse(messages[2].text())
    assert leave["PV1.F3.R1.C1"] == "AUT" and leave["ZBE.F5"] == "N"  # a leave happens where the stay was
    assert pam_fr_rules.check([m.text() for m in messages]) == []
    with pytest.raises(DomainError, match="identity status SURE"):
        hl7_pam.build(ctx, [{**patients[0], "identity_status": "SURE"}], stays, movements, [], {})
    with pytest.raises(DomainError, match="INS has no known kind"):
        hl7_pam.build(ctx, [{**patients[0], "ins": "290057512345612", "ins_kind": None}], stays, movements, [], {})
    with pytest.raises(DomainError, match="merge names a record"):
        hl7_pam.build(ctx, patients, stays, movements, [{"id": 1, "survivor_id": "p1", "merged_id": "p2", "merged_at": NOW}], {})


def test_hl7apy_drops_the_zbe_which_is_why_the_rules_check_it_themselves():
    hl7_pam, ctx, patients, stays, movements = _rows()
    messages, _notes = hl7_pam.build(ctx, patients[:1], stays[:1], movements[:1], [], {})
    admission = messages[1].text()
    assert "\rZBE|" in admission
    parsed = parse_message(admission, validation_level=VALIDATION_LEVEL.STRICT)
    assert "ZBE" not in parsed.to_er7()  # gone without a word: hl7apy is no judge of the French segments
    escaped = hl7_pam.escape("a|b^c~d\\e&f\r\ng")
    assert escaped == "a\\F\\b\\S\\c\\R\\d\\E\\e\\T\\f\\X0D\\\\X0A\\g"
