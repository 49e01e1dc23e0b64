"""The downtime period's report: two laptops work apart (admissions, twins, a transfer, a discharge,
a conflict, the same woman registered twice), IT reconciles (decides, signs a gap off, forces an
export, merges, maps a number, prepares the period's sign-off), then writes the report as PDF and
HTML. Both are read back: the counts, the titles, the reasons, the chart; hostile text stays text."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from continuity import i18n
from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.reconcile import workspace as workspaces
from continuity.security.presence import IT_USER
from continuity.services import adt, births, identity, kit, reconcile, reconcile_export, reconcile_numbers, reconcile_report
from continuity.store import merges as merge_store
from continuity.store import patients as patient_store
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"
HOSTILE = "<script>alert(1)</script> & \"O'Hara\""
SIGNOFF_REASON = "Clé USB <b>perdue</b> & \"jamais\" retrouvée"
FORCED_REASON = "Le DPI doit repartir ce soir : export forcé"
UNITS = ["URG", "SDN", "GHR", "SDC", "NEO"]
# The ward's days two days ago and yesterday: every clinical time typed is in the past, whatever
# the hour the tests run at (a laptop refuses a movement in the future), and the laptops' own
# clocks are real (the workspace refuses a bundle stamped in its future).
_TODAY = datetime.now(ZoneInfo("Europe/Paris")).date()
DAY1, DAY2 = (_TODAY - timedelta(days=2)).isoformat(), (_TODAY - timedelta(days=1)).isoformat()


def _fr(day: str) -> str:
    return date.fromisoformat(day).strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def world(tmp_path_factory, built_kit, it_keys):
    """A reconciled workspace (built once: laptops, sync and Argon2 are slow on purpose)."""
    i18n.set_language("en")
    tmp = tmp_path_factory.mktemp("period")
    kit_path = tmp / "it" / "ward.kit"
    kit.write_kit(built_kit, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    one, two = make_laptops(tmp, copy.deepcopy(built_kit), 2)
    clerk, midwife = one.session(Role.CLERK), one.session(Role.MIDWIFE)
    hostile = add_woman(clerk, birth_name=HOSTILE, first_names="Zoé")
    other = add_woman(clerk, birth_name="Bernard", first_names="Agathe", birth_date="1988-02-03")
    mother = adt.admit(clerk, hostile, unit="SDN", bed="SN1", at=f"{DAY1} 10:00").values["nda"]
    leaving = adt.admit(clerk, other, unit="GHR", bed="201", at=f"{DAY1} 11:30").values["nda"]
    births.record_birth(midwife, mother, sex="F", weight_g=2510, at=f"{DAY1} 14:05")
    births.record_birth(midwife, mother, sex="M", weight_g=2380, at=f"{DAY1} 14:20")  # twins
    adt.transfer(midwife, mother, unit="SDC", bed="301", at=f"{DAY1} 18:00")  # the twins follow her
    adt.discharge(midwife, leaving, at=f"{DAY2} 08:30")
    first = add_woman(clerk, birth_name="Durand", first_names="Léa", birth_date="1995-07-01")
    one.sync()
    two.sync()
    second = add_woman(two.session(Role.CLERK), birth_name="Durant", first_names="Léa", birth_date="1995-07-01")
    identity.update_patient(one.session(Role.CLERK), hostile, phone="0611111111")
    identity.update_patient(two.session(Role.CLERK), hostile, phone="0622222222")  # the same field, apart
    one.sync()
    two.sync()
    add_woman(clerk, birth_name="Perdue", birth_date="1979-01-01")
    one.sync()
    add_woman(clerk, birth_name="Apres", birth_date="1979-01-02")
    one.sync()
    lost = sorted(one.subfolder.glob("*.cbundle"))[-2]
    lost.rename(tmp / "lost.cbundle")  # laptop-1's stick went missing with this bundle

    space = tmp / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    [conflict] = reconcile.conflicts(space, IT_PASSPHRASE)
    reconcile.decide(space, IT_PASSPHRASE, conflict["id"], "loser")
    reconcile_export.export(space, IT_PASSPHRASE, "csv", tmp / "csv", force=True, reason=FORCED_REASON)
    reconcile.signoff(space, IT_PASSPHRASE, "laptop-1", SIGNOFF_REASON)
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, other, "2000001")], "typed")
    opened = workspaces.open_workspace(space, IT_PASSPHRASE)
    try:
        db = opened.store.db
        with opened.store.write("informatique") as tx:
            merge_store.record_merge(db, {"survivor_id": patient_store.by_ipp(db, first)["id"],
                                          "merged_id": patient_store.by_ipp(db, second)["id"], "score": 0.93,
                                          "reasons": ["phonetic"], "reason": "même femme, faute de frappe au nom",
                                          "merged_by": "informatique", "merged_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
            merge_store.record_period_signoff(db, {"step": "prepared", "person": "informatique", "state": "ab12cd34ef56",
                                                   "note": "prêt pour relecture", "signed_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
            # A display name from a kit is typed by people too: it must stay text in the report.
            db.execute("UPDATE users SET display_name = ? WHERE name = 'accueil'", ["<img src=x onerror=alert(2)> Accueil"])
    finally:
        opened.store.close()
    yield {"space": space, "tmp": tmp, "hostile_ipp": hostile}
    one.store.close()
    two.store.close()


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


def test_the_gathered_data_counts_what_the_ward_did(world, tmp_path):
    data = reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "r.html")
    assert data["counts"]["totals"] == {"admissions": 2, "births": 2, "transfers": 3, "discharges": 1}
    by_unit = {r["unit"]: r for r in data["counts"]["by_unit"]}
    assert [r["unit"] for r in data["counts"]["by_unit"]] == UNITS
    assert (by_unit["SDN"]["admissions"], by_unit["SDN"]["births"], by_unit["SDC"]["transfers"], by_unit["GHR"]["discharges"]) == (1, 2, 3, 1)
    assert [(d["day"], d["admissions"], d["births"], d["transfers"], d["discharges"]) for d in data["counts"]["by_day"]] == [
        (DAY1, 2, 2, 3, 0), (DAY2, 0, 0, 0, 1)]
    series = data["occupancy"]["series"]
    assert set(series) == set(UNITS) and max(series["SDN"]) == 1 and max(series["GHR"]) == 1 and max(series["URG"]) == 0
    assert data["occupancy"]["step_hours"] == 1
    [conflict] = data["conflicts"]
    assert conflict["outcome"] == "other_brought_back" and conflict["decided_by"] == IT_USER
    assert {conflict["kept"], conflict["set_aside"]} == {"0611111111", "0622222222"}
    assert [(s["laptop"], s["kind"], s["reason"]) for s in data["signoffs"]] == [("laptop-1", "gap", SIGNOFF_REASON)]
    assert [(f["format"], f["blocking"], f["reason"]) for f in data["forced_exports"]] == [("csv", 1, FORCED_REASON)]
    assert [m["reason"] for m in data["merges"]] == ["même femme, faute de frappe au nom"]
    assert data["numbers"]["ipp"]["mapped"] == 1 and data["numbers"]["ipp"]["unmapped"] == data["numbers"]["ipp"]["downtime"] - 1
    assert [p["step"] for p in data["period_signoff"]] == ["prepared"]
    users = {u["user"]: u for u in data["users"]}
    assert users["accueil"]["changes"] > 0 and users["accueil"]["laptops"] == ["laptop-1", "laptop-2"]
    laptops = {lp["laptop"]: lp for lp in data["laptop_activity"]}
    assert laptops["laptop-1"]["bundles"] == 2 and laptops["laptop-2"]["bundles"] == 1  # laptop-1: 1 and 2 (3 lost, 4 waits)
    first = datetime.fromisoformat(f"{DAY1}T10:00").replace(tzinfo=ZoneInfo("Europe/Paris")).astimezone(ZoneInfo("UTC"))
    assert data["period"]["first"] == first.strftime("%Y-%m-%dT%H:%M:%SZ") and not data["period"]["empty"]
    assert json.loads(json.dumps(data)) == data  # plain data: what --json prints


def test_the_pdf_reads_back_with_counts_titles_reasons_and_the_chart(world, tmp_path):
    out = tmp_path / "period.pdf"
    reconcile_report.report(world["space"], IT_PASSPHRASE, out)
    assert out.read_bytes().startswith(b"%PDF") and not list(tmp_path.glob(".*part"))
    text = _pdf_text(out)
    for title in ("Downtime period report", "Ward and period", "Activity per unit", "Activity per day", "Beds occupied over time",
                  "Conflicts and how they were settled", "Duplicates", "Gaps and forks signed off, forced exports",
                  "Downtime numbers", "Sign-off of the period", "Who did what", "Completeness per laptop"):
        assert title in text, title
    assert "Salle de naissance (SDN) 1 2 0 0" in text and "Suites de couches (SDC) 0 0 3 0" in text
    assert "Total 2 2 3 1" in text
    assert f"{_fr(DAY1)} 2 2 3 0" in text and f"{_fr(DAY2)} 0 0 0 1" in text
    assert SIGNOFF_REASON in text and FORCED_REASON in text and "faute de frappe" in text
    assert "other value brought back" in text and "prepared" in text
    # The chart's labels: each unit's panel, the day's start on the time axis, the axis title.
    for label in ("Urgences obstétricales (URG)", "Néonatologie (NEO)", _fr(DAY2)[:5], "Beds occupied", "peak 1 of 4 beds"):
        assert label in text, label
    assert "Page 1 of" in text and "Maternité — démonstration (mat-bluets)" in text
    assert "<SCRIPT>ALERT(1)</SCRIPT>&\"O'HARA\"" in "".join(text.split())  # the hostile name printed as text (a cell wraps it)
    assert "Accueil" in text and "<img src=x onerror=alert(2)> Accueil" in text


def test_the_pdf_renders_to_an_image(world, tmp_path):
    import pypdfium2

    out = tmp_path / "period.pdf"
    reconcile_report.report(world["space"], IT_PASSPHRASE, out)
    pdf = pypdfium2.PdfDocument(str(out))
    try:
        assert len(pdf) >= 2
        for index in range(len(pdf)):
            image = pdf[index].render(scale=1.4).to_pil()
            assert image.size[0] > 800
            grey = image.convert("L")
            assert grey.getextrema()[0] < 60  # something dark is drawn on every page
            image.save(Path(os.environ.get("PERIOD_REPORT_PNG_DIR", tmp_path)) / f"period-page-{index + 1}.png")
    finally:
        pdf.close()


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.series: list[dict] = []
        self.attributes: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += attrs
        if tag == "polyline" and ("class", "series") in attrs:
            self.series.append(dict(attrs))

    def handle_data(self, data):
        if data.strip():
            self.text.append(" ".join(data.split()))


def _html(path: Path) -> tuple[_Reader, str]:
    source = path.read_text(encoding="utf-8")
    reader = _Reader()
    reader.feed(source)
    return reader, " ".join(reader.text)


def test_the_html_is_self_contained_with_the_same_counts_and_one_series_per_unit(world, tmp_path):
    out = tmp_path / "period.html"
    data = reconcile_report.report(world["space"], IT_PASSPHRASE, out)
    reader, text = _html(out)
    source = out.read_text(encoding="utf-8")
    assert reader.tags.count("svg") == 1
    assert [s["data-unit"] for s in reader.series] == UNITS  # one series per unit, in the kit's order
    assert all(len(s["points"].split()) == 2 * data["occupancy"]["points"] for s in reader.series)
    assert "script" not in reader.tags and "img" not in reader.tags and "b" not in reader.tags
    assert not any(name.startswith("on") for name, _value in reader.attributes)
    assert "http://" not in source.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in source
    assert '<html lang="en">' in source
    # The same counts as the PDF, cell by cell in the table's text.
    assert "Salle de naissance (SDN) 1 2 0 0" in text and "Total 2 2 3 1" in text and f"{_fr(DAY2)} 0 0 0 1" in text
    assert SIGNOFF_REASON in text and FORCED_REASON in text
    assert "<SCRIPT>ALERT(1)</SCRIPT> & \"O'HARA\"" in text  # shown whole, as text
    assert "&lt;SCRIPT&gt;ALERT(1)&lt;/SCRIPT&gt; &amp; &quot;O&#x27;HARA&quot;" in source
    assert "<img src=x onerror=alert(2)> Accueil" in text and "&lt;img src=x onerror=alert(2)&gt;" in source


def test_a_hostile_name_is_never_a_tag_even_without_escaping_a_check_that_can_fail(tmp_path):
    """The check above is not vacuous: unescaped, the same text parses as a script tag."""
    reader = _Reader()
    reader.feed(f"<p>{HOSTILE}</p>")
    assert "script" in reader.tags


def test_french_by_default_and_english_when_asked(world, tmp_path):
    i18n.set_language("fr")
    try:
        reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "fr.html")
        reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "fr.pdf")
    finally:
        i18n.set_language("en")
    reader, text = _html(tmp_path / "fr.html")
    assert '<html lang="fr">' in (tmp_path / "fr.html").read_text(encoding="utf-8")
    for title in ("Rapport de la période de fonctionnement dégradé", "Activité par unité", "Lits occupés au fil du temps",
                  "Conflits et leur règlement", "Qui a fait quoi", "Complétude par portable"):
        assert title in text and title in _pdf_text(tmp_path / "fr.pdf"), title
    assert "Activity per unit" not in text
    _reader, english = _html(reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "en.html") and tmp_path / "en.html")
    assert "Activity per unit" in english and "Activité par unité" not in english


def test_the_read_is_audited_with_counts_only(world, tmp_path):
    reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "audited.pdf")
    opened = workspaces.open_workspace(world["space"], IT_PASSPHRASE)
    try:
        rows = opened.store.db.execute("SELECT user, detail FROM audit WHERE action = 'reconcile.report' ORDER BY seq").fetchall()
    finally:
        opened.store.close()
    user, detail = rows[-1]
    assert user == IT_USER
    detail = json.loads(detail)
    assert detail["format"] == "pdf" and detail["admissions"] == 2 and detail["births"] == 2 and detail["conflicts"] == 1
    assert "SCRIPT" not in json.dumps(detail).upper() and "Durand" not in json.dumps(detail)


def test_a_wrong_suffix_is_refused_next_to_the_out_field(world, tmp_path):
    for name in ("period.docx", "period", "period.pdf.txt"):
        with pytest.raises(DomainError) as refused:
            reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / name)
        assert refused.value.field == "out"
        assert not (tmp_path / name).exists()
    reconcile_report.report(world["space"], IT_PASSPHRASE, tmp_path / "PERIOD.PDF")  # the suffix in capitals is a PDF
    assert (tmp_path / "PERIOD.PDF").read_bytes().startswith(b"%PDF")


def test_an_empty_workspace_gives_a_report_that_says_so(tmp_path, built_kit, it_keys):
    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(built_kit, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    space = tmp_path / "empty"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    data = reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "empty.html")
    assert data["period"]["empty"] and data["occupancy"] is None and data["counts"]["totals"]["admissions"] == 0
    reader, text = _html(tmp_path / "empty.html")
    assert "No activity: no laptop's data has been added to this workspace." in text and "svg" not in reader.tags
    assert "No movement: nothing to draw." in text and "No conflict in this period." in text
    reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "empty.pdf")
    pdf_text = _pdf_text(tmp_path / "empty.pdf")
    assert "No activity" in pdf_text and "Completeness per laptop" in pdf_text and "never heard from" in pdf_text


def test_the_report_from_the_command_line(world, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env.update({"CONTINUITY_IT_PASSPHRASE": IT_PASSPHRASE, "CONTINUITY_LANG": "en"})
    out = tmp_path / "cli.html"
    done = subprocess.run([sys.executable, "-m", "continuity", "reconcile", "report", str(world["space"]), "--out", str(out), "--json"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["format"] == "html" and data["counts"]["totals"]["births"] == 2 and out.exists()
    env["CONTINUITY_IT_PASSPHRASE"] = IT_PASSPHRASE
    refused = subprocess.run([sys.executable, "-m", "continuity", "reconcile", "report", str(world["space"]), "--out",
                              str(tmp_path / "cli.odt")], capture_output=True, text=True, env=env, timeout=300)
    assert refused.returncode == 1 and "[out]" in refused.stderr and ".pdf or .html" in refused.stderr


def test_the_chart_counts_a_bed_in_each_hour_a_patient_held_it():
    from datetime import datetime, timezone

    from continuity.core import period_activity

    rows = [{"id": "a", "stay_id": "s", "stay_kind": "standard", "kind": "admission", "at": "2027-01-14T10:50:00Z", "hlc": 1,
             "unit": "SDN", "bed_id": "SDN:SN1", "reason": None, "cancelled": 0},
            {"id": "b", "stay_id": "s", "stay_kind": "standard", "kind": "discharge", "at": "2027-01-14T11:10:00Z", "hlc": 2,
             "unit": None, "bed_id": None, "reason": None, "cancelled": 0},
            {"id": "c", "stay_id": "t", "stay_kind": "standard", "kind": "admission", "at": "2027-01-14T12:00:00Z", "hlc": 3,
             "unit": "SDN", "bed_id": "SDN:SN2", "reason": None, "cancelled": 1}]  # cancelled: never held the bed
    first, last = datetime(2027, 1, 14, 10, 0, tzinfo=timezone.utc), datetime(2027, 1, 14, 14, 0, tzinfo=timezone.utc)
    result = period_activity.occupancy(period_activity.bed_stretches(rows), {"SDN:SN1": "SDN", "SDN:SN2": "SDN"}, ["SDN"], first, last)
    assert result["series"]["SDN"] == [1, 1, 0, 0]  # twenty minutes across 11:00 show in both hours
    found, cancelled = period_activity.events(rows, [])
    assert cancelled == 1 and [(k, u) for k, u, _at in found] == [("admissions", "SDN"), ("discharges", "SDN")]


def test_a_long_period_keeps_a_readable_axis_and_round_steps():
    """Three years of history (the demo's) would draw a rule every midnight and a step of 157 hours:
    the axis keeps a few labelled divisions and the step is one a reader counts in."""
    from datetime import datetime, timezone

    from continuity.core import period_activity
    from continuity.documents.occupancy_chart import chart

    first = datetime(2024, 1, 1, 0, 0, tzinfo=timezone.utc)
    assert period_activity.step_hours(first, datetime(2024, 1, 5, tzinfo=timezone.utc)) == 1
    assert period_activity.step_hours(first, datetime(2024, 1, 20, tzinfo=timezone.utc)) == 3  # 456 hours: 152 points
    assert period_activity.step_hours(first, datetime(2027, 1, 1, tzinfo=timezone.utc)) % 168 == 0

    def ticks(days: int, step: int) -> list[tuple[float, str, bool]]:
        points = days * 24 // step
        occupancy = {"start": "2024-01-01T00:00:00Z", "step_hours": step, "points": points, "series": {"SDN": [0] * points}}
        return chart(occupancy, [{"code": "SDN", "name": "Salle de naissance", "beds": 4}], "Europe/Paris").ticks

    long_axis = ticks(3 * 365, 168)
    assert 2 <= len(long_axis) <= 4 and all(label.isdigit() and len(label) == 4 for _x, label, _major in long_axis)
    short_axis = ticks(2, 1)
    assert [label for _x, label, major in short_axis if major] == ["02/01", "03/01"]  # Paris midnights: 23:00 UTC the day before
    assert "12h" in [label for _x, label, _major in short_axis]
