"""The printed rota, read back with an independent parser (pypdf) and rendered to pixels.

The ward is invented here. Each page's table is rebuilt from the positions of the strings pypdf
finds (a label in the name column, cells under the day headers), then compared cell by cell with
what the assignments, absences and cover lines say.
"""

from __future__ import annotations

import io
import itertools
import random
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth

from continuity import i18n
from continuity.core.errors import DomainError
from continuity.core.rota import (
    Absence,
    Assignment,
    Cover,
    RotaData,
    Shift,
    StaffMember,
    Unit,
    cover,
)
from continuity.documents.rota_pdf import PrintedRota, write_rota_pdf

FIRST_DAY = date(2026, 11, 30)  # a Monday
UNITS = [
    Unit("SDN", "Salle de naissance", "birth_suite"),
    Unit("URG", "Urgences obstétricales", "triage"),
    Unit("NEO", "Néonatologie", "neonatal"),
    Unit("SDC", "Suites de couches", "postnatal"),
    Unit("GHR", "Grossesses à haut risque", "antenatal"),
]
SHIFTS = [
    Shift.from_clock("J", "Jour", "07:00", "19:00"),
    Shift.from_clock("N", "Nuit", "19:00", "07:00"),
    Shift.from_clock("M", "Matin", "06:45", "14:15"),
    Shift.from_clock("S", "Soir", "13:45", "21:15"),
]
ROLES = ["SF", "SF", "SF", "SF", "AP", "AP", "IDE", "AS", "GYN", "PED"]
ROLE_LABELS = {"SF": "Sages-femmes", "AP": "Auxiliaires de puériculture", "IDE": "Infirmières", "AS": "Aides-soignantes",
               "GYN": "Gynécologues", "PED": "Pédiatres"}
LAST_NAMES = ["Lefèvre", "Durand", "Bénard", "Moreau", "Gérard", "Lemaître", "Fournier", "Girard", "Chevalier", "Dupré",
              "Rousseau", "Mercier", "Blanchard", "Perrin", "Aubert", "Berthelot", "Noël", "Lacroix", "Hébert", "Boucher",
              "Roché", "Guérin", "Faure", "Leclerc", "Vidal", "Ménard", "Pelletier", "Brunet", "Caron", "Barbier"]
FIRST_NAMES = ["Hélène", "Inès", "Léa", "Camille", "Zoé", "Anaïs", "Chloé", "Maëlle", "Noémie", "Agnès", "Céline", "Gaëlle",
               "Jérôme", "Loïc", "François", "Renée", "Solène", "Mélanie", "Thérèse", "Joël"]
PRINTED_AT = datetime(2026, 11, 20, 14, 2, tzinfo=timezone(timedelta(hours=1)))
VERSION = "v3 · 2026-11-20 14:02 · modifications non publiées depuis"
FINGERPRINT = "9f3a07c2"
PRINTED_BY = "Camille Durand"
WARD = "Maternité Sainte-Anne"


def make_rota(n_staff: int, weeks: int, n_units: int, seed: int = 7, borrow: float = 0.08) -> PrintedRota:
    """An invented ward: everyone has a home unit (a few a second one), works about four days in
    seven, now and then in another unit; some are on leave, ill or in training."""
    rng = random.Random(seed)
    units = UNITS[:n_units]
    pairs = [(last, first) for last in LAST_NAMES for first in FIRST_NAMES if (last, first) != ("Lefèvre", "Hélène")]
    rng.shuffle(pairs)
    staff = []
    for i in range(n_staff):
        last, first = pairs[i]
        home = units[i % n_units].code
        second = units[(i + 1) % n_units].code
        staff.append(StaffMember(f"S{i:03d}", last, first, ROLES[i % len(ROLES)], units=(home, second) if n_units > 1 else (home,)))
    days = [FIRST_DAY + timedelta(days=i) for i in range(7 * weeks)]
    absences = []
    for m in staff[3::6]:
        start = rng.choice(days)
        absences.append(Absence(m.id, start, start + timedelta(days=rng.randrange(1, 4)), rng.choice(["CA", "MAL", "FOR"])))
    assignments = []
    for m in staff:
        for day in days:
            if any(a.staff == m.id and a.covers(day) for a in absences) or rng.random() > 0.58:
                continue
            unit = m.units[1] if len(m.units) > 1 and rng.random() < borrow else m.units[0]
            assignments.append(Assignment(m.id, day, rng.choice("JJNMS"), unit))
    covers = [Cover(u.code, "J", "SF", 2, 3) for u in units] + [Cover(u.code, "N", "SF", 1, 2) for u in units] + \
             [Cover(u.code, "J", "AP", 1, 1) for u in units]
    data = RotaData(FIRST_DAY, 7 * weeks, {s.code: s for s in SHIFTS}, {m.id: m for m in staff}, {u.code: u for u in units},
                    covers, assignments, absences)
    return PrintedRota(WARD, units, FIRST_DAY, weeks, SHIFTS, staff, assignments, absences, cover(data), VERSION, FINGERPRINT,
                       PRINTED_AT, PRINTED_BY, role_labels=ROLE_LABELS)


def small_ward() -> PrintedRota:
    """25 people, 3 units, 2 weeks, with the special cases placed by hand."""
    rota = make_rota(25, 2, 3, borrow=0.1)
    staff = list(rota.staff)
    # Someone who left the ward: not printed unless still assigned.
    staff.append(StaffMember("GONE", "Parti", "Yves", "SF", units=("SDN",), active=False))
    # A float with no home unit: printed only where assigned.
    staff.append(StaffMember("FLOAT", "Volante", "Agathe", "SF"))
    # A name outside what the standard fonts encode.
    staff.append(StaffMember("CZ", "Dvořák", "Zuzana", "IDE", units=("NEO",)))
    staff.append(StaffMember("HL", "Lefèvre", "Hélène", "SF", units=("SDN", "URG")))
    assignments = list(rota.assignments) + [
        Assignment("FLOAT", FIRST_DAY + timedelta(days=2), "N", "URG"),
        Assignment("HL", FIRST_DAY, "J", "SDN"),
        Assignment("HL", FIRST_DAY + timedelta(days=1), "N", "URG"),  # printed J·URG-style on SDN's page
        Assignment("HL", FIRST_DAY + timedelta(days=4), "M", "SDN"),  # on leave that day too (a conflict)
        Assignment("CZ", FIRST_DAY + timedelta(days=3), "J", "NEO"),
    ]
    absences = list(rota.absences) + [Absence("HL", FIRST_DAY + timedelta(days=4), FIRST_DAY + timedelta(days=5), "CA")]
    data = RotaData(FIRST_DAY, 14, {s.code: s for s in SHIFTS}, {m.id: m for m in staff}, {u.code: u for u in rota.units},
                    [Cover(u.code, "J", "SF", 2, 3) for u in rota.units] + [Cover(u.code, "N", "SF", 1, 2) for u in rota.units]
                    + [Cover(u.code, "J", "AP", 1, 1) for u in rota.units], assignments, absences)
    return replace(rota, staff=staff, assignments=assignments, absences=absences, cover_lines=cover(data))


# -- reading the PDF back ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Chunk:
    text: str
    x: float
    y: float
    font: str
    size: float


def chunks(page) -> list[Chunk]:
    found: list[Chunk] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            font = str((font_dict or {}).get("/BaseFont", "")).lstrip("/")
            found.append(Chunk(text.strip(), tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5], font, font_size * cm[3]))

    page.extract_text(visitor_text=visit)
    return found


DAY_HEADER = re.compile(r"^\S+ \d\d/\d\d$")


@dataclass
class Table:
    headers: list[str]  # the 7 day headers, as printed
    rows: dict[str, list[list[Chunk]]]  # label -> chunks of the 7 days and the hours column
    label_fonts: dict[str, str]
    label_sizes: dict[str, float]
    order: list[str]

    def cell(self, label: str, column: int) -> str:
        return " ".join(c.text for c in sorted(self.rows[label][column], key=lambda c: c.x))


def read_table(page) -> Table:
    """The table as pypdf finds it: a row per string in the name column, cells by nearest column."""
    found = chunks(page)
    headers = sorted((c for c in found if DAY_HEADER.match(c.text)), key=lambda c: c.x)
    assert len(headers) == 7, [c.text for c in headers]
    header_y = headers[0].y
    hours = next(c for c in found if c.text in ("Heures", "Hours") and abs(c.y - header_y) < 1)
    name_header = min((c for c in found if abs(c.y - header_y) < 1), key=lambda c: c.x)
    centres = [c.x + stringWidth(c.text, c.font, c.size) / 2 for c in headers + [hours]]
    labels = sorted((c for c in found if abs(c.x - name_header.x) < 0.5 and c.y < header_y - 1), key=lambda c: -c.y)
    rows: dict[str, list[list[Chunk]]] = {}
    for label in labels:
        assert label.text not in rows, f"{label.text} printed twice on a page"
        cells: list[list[Chunk]] = [[] for _ in centres]
        for c in found:
            if c is not label and abs(c.y - label.y) < 3 and c.x > name_header.x + 60:
                column = min(range(len(centres)), key=lambda i: abs(centres[i] - c.x))
                cells[column].append(c)
        rows[label.text] = cells
    return Table([c.text for c in headers], rows, {c.text: c.font for c in labels}, {c.text: c.size for c in labels},
                 [c.text for c in labels])


# -- what the pages should say, worked out from the data ------------------------------------------------

def week_days(rota: PrintedRota, week: int) -> list[date]:
    return [rota.first_day + timedelta(days=7 * week + i) for i in range(7)]


def expected_people(rota: PrintedRota, unit: str, week: int) -> set[str]:
    days = set(week_days(rota, week))
    ids = {a.staff for a in rota.assignments if a.unit == unit and a.day in days}
    # The unit's own staff print when they have something that week (a shift elsewhere, an absence):
    # nobody with seven empty days.
    busy = {a.staff for a in rota.assignments if a.day in days} | {a.staff for a in rota.absences if any(a.first_day <= d <= a.last_day for d in days)}
    ids |= {m.id for m in rota.staff if m.units and m.units[0] == unit and m.active and m.id in busy}
    return ids


def expected_cell(rota: PrintedRota, staff: str, day: date, unit: str) -> str:
    tokens = [a.kind for a in rota.absences if a.staff == staff and a.first_day <= day <= a.last_day]
    for a in rota.assignments:
        if a.staff == staff and a.day == day:
            tokens += [a.shift] if a.unit == unit else [a.shift, "·" + a.unit]
    return " ".join(tokens)


def french_hours(hours: float) -> str:
    return f"{hours:g}".replace(".", ",")


def printed_name(m: StaffMember) -> str:
    return m.name.replace("Ř", "R").replace("ř", "r")  # what the standard fonts can print


@pytest.fixture
def french():
    before = i18n.current_language()
    i18n.set_language("fr")
    yield
    i18n.set_language(before)


def render(rota: PrintedRota, path: Path | None = None) -> tuple[pypdf.PdfReader, int, bytes]:
    buffer = io.BytesIO()
    count = write_rota_pdf(rota, buffer)
    data = buffer.getvalue()
    if path is not None:
        path.write_bytes(data)
    return pypdf.PdfReader(io.BytesIO(data)), count, data


# -- tests ---------------------------------------------------------------------------------------------------

def test_the_invented_ward_has_the_cases_the_checks_need():
    """Otherwise the checks below could pass on nothing."""
    rota = small_ward()
    own = {m.id: m.units[0] for m in rota.staff if m.units}
    assert any(a.unit != own.get(a.staff) for a in rota.assignments)
    assert {a.kind for a in rota.absences} == {"CA", "MAL", "FOR"}
    assert any(line.count < line.minimum for line in rota.cover_lines)
    assert any(line.count >= line.minimum for line in rota.cover_lines)


def test_one_page_per_unit_and_week_in_a4_landscape(french, tmp_path):
    rota = small_ward()
    count = write_rota_pdf(rota, tmp_path / "rota.pdf")  # a path works as well as a file
    reader = pypdf.PdfReader(tmp_path / "rota.pdf")
    assert count == len(reader.pages) == len(rota.units) * rota.weeks
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - 841.89) < 1 and abs(float(page.mediabox.height) - 595.28) < 1


def test_every_page_has_its_header_legend_and_footer(french):
    rota = small_ward()
    reader, count, _data = render(rota)
    for number, page in enumerate(reader.pages):
        unit, week = rota.units[number // rota.weeks], number % rota.weeks
        days = week_days(rota, week)
        text = page.extract_text()
        assert WARD in text
        assert f"{unit.name} ({unit.code})" in text
        assert f"Semaine du {days[0]:%d/%m/%Y} au {days[-1]:%d/%m/%Y}" in text
        for shift in rota.shifts:
            assert re.search(rf"{shift.code}\s+{shift.label} {shift.clock} \({french_hours(shift.hours)} h\)", text)
        for code, label in (("CA", "congé annuel"), ("MAL", "arrêt maladie"), ("FOR", "formation")):
            assert re.search(rf"{code}\s+{label}", text)
        example = re.search(r"poste dans une autre unité \((\w+)\)", text)
        assert example and example.group(1) != unit.code  # the legend's example is another unit
        assert f"{VERSION} · empreinte {FINGERPRINT}" in text
        assert f"Imprimé le 20/11/2026 à 14:02 par {PRINTED_BY}" in text
        assert f"Page {number + 1} sur {count}" in text
        assert re.search(r"Visa du cadre de santé :\s*_{10,}", text)
        weekdays = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]
        assert read_table(page).headers == [f"{name} {day:%d/%m}" for name, day in zip(weekdays, days)]


def test_each_page_lists_exactly_the_unit_s_people_with_their_week(french):
    rota = small_ward()
    reader, _count, _data = render(rota)
    staff = {m.id: m for m in rota.staff}
    shift_hours = {s.code: s.hours for s in rota.shifts}
    seen_other_unit = seen_absence = 0
    for number, page in enumerate(reader.pages):
        unit, week = rota.units[number // rota.weeks], number % rota.weeks
        days = week_days(rota, week)
        table = read_table(page)
        people = {printed_name(staff[i]): i for i in expected_people(rota, unit.code, week)}
        printed = {label for label in table.order if table.label_fonts[label] == "Helvetica" and " · " not in label}
        assert printed == set(people)  # nobody missing, nobody from elsewhere
        for name, staff_id in people.items():
            for d, day in enumerate(days):
                expected = expected_cell(rota, staff_id, day, unit.code)
                assert table.cell(name, d) == expected, (unit.code, name, day)
                seen_other_unit += "·" in expected
                seen_absence += expected[:2] in ("CA", "MA", "FO")
            hours = sum(shift_hours[a.shift] for a in rota.assignments if a.staff == staff_id and a.day in days)
            assert table.cell(name, 7) == french_hours(hours)
    assert seen_other_unit and seen_absence


def test_people_not_on_a_unit_stay_off_its_pages(french):
    rota = small_ward()
    reader, _count, _data = render(rota)
    texts = [p.extract_text() for p in reader.pages]
    assert all("PARTI Yves" not in t for t in texts)  # left the ward, never assigned
    float_pages = [i for i, t in enumerate(texts) if "VOLANTE Agathe" in t]
    assert [u.code for u in rota.units] == ["SDN", "URG", "NEO"]
    assert float_pages == [2]  # URG, week 1 only
    hl_pages = [i for i, t in enumerate(texts) if "LEFÈVRE Hélène" in t]
    assert hl_pages == [0, 2]  # SDN week 1 (home), URG week 1 (a night there); nothing in week 2: no empty row


def test_cells_use_bold_codes_small_other_units_and_italic_absences(french):
    rota = small_ward()
    reader, _count, _data = render(rota)
    table = read_table(reader.pages[0])  # SDN, week 1
    row = table.rows["LEFÈVRE Hélène"]
    own, = row[0]
    assert (own.text, own.font) == ("J", "Helvetica-Bold")
    code, elsewhere = sorted(row[1], key=lambda c: c.x)
    assert (code.text, code.font, elsewhere.text) == ("N", "Helvetica-Bold", "·URG")
    assert code.size < own.size and elsewhere.size < own.size
    absence, shift = sorted(row[4], key=lambda c: c.x)
    assert (absence.text, absence.font, shift.text) == ("CA", "Helvetica-Oblique", "M")
    assert table.cell("LEFÈVRE Hélène", 5) == "CA"
    assert table.cell("LEFÈVRE Hélène", 6) == ""  # rest is an empty cell


def test_the_cover_block_counts_and_marks_shortfalls(french):
    rota = small_ward()
    reader, _count, _data = render(rota)
    marked = 0
    for number, page in enumerate(reader.pages):
        unit, week = rota.units[number // rota.weeks], number % rota.weeks
        days = week_days(rota, week)
        lines = [line for line in rota.cover_lines if line.unit == unit.code and line.day in days]
        table = read_table(page)
        assert "Effectif (présents/minimum)" in table.order
        for line in lines:
            label = f"{line.shift} · {line.role}"
            short = line.count < line.minimum
            cell = table.rows[label][days.index(line.day)]
            assert " ".join(c.text for c in cell) == f"{line.count}/{line.minimum}" + (" !" if short else "")
            assert all(c.font == ("Helvetica-Bold" if short else "Helvetica") for c in cell)
        text = page.extract_text()
        marks = re.findall(r"(\d+)/(\d+) !", text)
        # the legend shows one example "1/2 !"; every other mark is a real shortfall
        assert len(marks) - 1 == sum(1 for line in lines if line.count < line.minimum)
        marked += len(marks) - 1
    assert marked > 0


def test_names_the_standard_fonts_cannot_spell_lose_only_the_accent(french):
    rota = small_ward()
    reader, _count, _data = render(rota)
    neo = [u.code for u in rota.units].index("NEO") * rota.weeks
    text = reader.pages[neo].extract_text()
    assert "DVORÁK Zuzana" in text and "■" not in text


def test_the_page_is_not_blank_when_rendered(french, tmp_path):
    rota = small_ward()
    pdf = tmp_path / "rota.pdf"
    write_rota_pdf(rota, pdf)
    png = Path("/tmp/rota_page1.png")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(png.with_suffix(""))],
                       check=True, timeout=60)
        from PIL import Image
        image = Image.open(png).convert("L")
    else:
        import pypdfium2

        document = pypdfium2.PdfDocument(str(pdf))
        image = document[0].render(scale=100 / 72).to_pil().convert("L")
        image.save(png)
        document.close()
    width, height = image.size
    assert abs(width / height - 842 / 595) < 0.02  # landscape
    table = image.crop((int(width * 0.05), int(height * 0.15), int(width * 0.95), int(height * 0.6)))
    histogram = table.histogram()  # counts per grey level, 0 = black
    total = sum(histogram)
    dark = sum(histogram[:100]) / total
    grey = sum(histogram[181:245]) / total
    assert dark > 0.01  # text and grid lines
    assert grey > 0.02  # the shaded header, role rows, weekends


def test_a_thirty_person_unit_fits_on_its_page(french, tmp_path):
    rota = make_rota(90, 1, 3, seed=3, borrow=0.02)  # about 30 people per unit
    reader, count, _data = render(rota, tmp_path / "thirty.pdf")
    assert count == len(reader.pages) == 3
    for page in reader.pages:
        table = read_table(page)
        people = [label for label in table.order if table.label_fonts[label] == "Helvetica" and " · " not in label]
        assert len(people) >= 30
        assert min(table.label_sizes.values()) >= 6.5  # shrunk, but not below the legible minimum


def test_a_unit_too_big_for_a_page_continues_with_repeated_headers(french):
    rota = make_rota(80, 1, 1, seed=5)
    reader, count, _data = render(rota)
    assert count == len(reader.pages) > 1
    names = []
    for number, page in enumerate(reader.pages):
        table = read_table(page)  # the day header row is on every sheet
        text = page.extract_text()
        assert ("(suite)" in text) == (number > 0)
        assert min(table.label_sizes.values()) >= 6.5
        names += [label for label in table.order if table.label_fonts[label] == "Helvetica" and " · " not in label]
        assert table.label_fonts[table.order[0]] == "Helvetica-Bold"  # every sheet starts with a role header
    assert sorted(names) == sorted(printed_name(rota_staff) for rota_staff in rota.staff
                                   if rota_staff.id in expected_people(rota, rota.units[0].code, 0))  # everyone with a week, once
    assert "Effectif (présents/minimum)" in reader.pages[-1].extract_text()


def test_a_big_ward_prints_every_unit_and_week(french):
    rota = make_rota(120, 4, 5, seed=11)
    started = time.perf_counter()
    reader, count, data = render(rota)
    elapsed = time.perf_counter() - started
    print(f"\n120 staff x 4 weeks x 5 units: {count} pages, {len(data) // 1024} KiB in {elapsed:.3f} s")
    assert count == len(reader.pages) >= 20
    # Every unit and week has its page, in order; a second sheet only where the first is at the minimum size.
    headings = []
    for page in reader.pages:
        text = page.extract_text()
        unit = next(u for u in rota.units if f"{u.name} ({u.code})" in text)
        week = next(w for w in range(4) if f"Semaine du {week_days(rota, w)[0]:%d/%m/%Y}" in text)
        headings.append((rota.units.index(unit), week, "(suite)" in text, min(read_table(page).label_sizes.values())))
    assert [h[:2] for h in headings] == sorted(h[:2] for h in headings)
    assert {h[:2] for h in headings} == {(u, w) for u in range(5) for w in range(4)}
    for first, then in itertools.pairwise(headings):
        if first[:2] == then[:2]:
            assert then[2] and first[3] == then[3] == 6.5


def test_english_and_french(french):
    rota = make_rota(12, 1, 1)
    reader, _count, _data = render(rota)
    text = reader.pages[0].extract_text()
    assert "Semaine du 30/11/2026 au 06/12/2026" in text and "Week of" not in text
    assert "lun. 30/11" in text and "Page 1 sur 1" in text
    i18n.set_language("en")
    try:
        reader, _count, _data = render(rota)
    finally:
        i18n.set_language("fr")
    text = reader.pages[0].extract_text()
    assert "Week of 30/11/2026 to 06/12/2026" in text and "Semaine du" not in text
    assert "Mon 30/11" in text and "Page 1 of 1" in text and "Health manager's approval:" in text


def test_nothing_to_print_is_refused(french):
    with pytest.raises(DomainError):
        write_rota_pdf(replace(make_rota(5, 1, 1), weeks=0), io.BytesIO())


def test_weekend_columns_are_shaded_and_weekdays_white(french):
    import pypdfium2

    rota = small_ward()
    _reader, _count, data = render(rota)
    reader = pypdf.PdfReader(io.BytesIO(data))
    table = read_table(reader.pages[0])
    found = chunks(reader.pages[0])
    labels = {c.text: c for c in found if c.text in table.rows}
    headers = sorted((c for c in found if DAY_HEADER.match(c.text)), key=lambda c: c.x)
    centres = [c.x + stringWidth(c.text, c.font, c.size) / 2 for c in headers]
    document = pypdfium2.PdfDocument(data)
    scale = 2.0
    image = document[0].render(scale=scale).to_pil().convert("L")
    document.close()
    height = image.size[1]

    def shade(label: str, column: int) -> int:
        row = labels[label]
        return image.getpixel((round(centres[column] * scale), round(height - (row.y + 0.35 * row.size) * scale)))

    checked = 0
    for label in table.order:
        if table.label_fonts[label] != "Helvetica" or " · " in label:
            continue
        for column in range(7):
            if table.cell(label, column) == "":  # a rest day: nothing but the column's own background
                assert (200 < shade(label, column) < 248) if column >= 5 else shade(label, column) > 250, (label, column)
                checked += 1
    assert checked > 10


def test_sheets_repeat_headers_and_keep_the_cover_block_whole():
    from continuity.documents.rota_pdf import _paginate, _Row

    def people(role: str, count: int) -> list[_Row]:
        return [_Row("group", role=role)] + [_Row("person", role=role, member=StaffMember(f"{role}{i}", f"{role}{i}", "", role))
                                             for i in range(count)]

    cover_rows = [_Row("cover_head")] + [_Row("cover", role="SF", shift=s) for s in "JNM"]
    rows = people("SF", 8) + cover_rows
    sheets = _paginate(rows, 10)
    assert [len(s) for s in sheets] == [9, 4]  # the cover block moves whole to the next sheet
    assert sheets[1][0].kind == "cover_head"
    assert len(_paginate(rows, 13)) == 1
    rows = people("SF", 3) + people("AP", 6) + cover_rows
    sheets = _paginate(rows, 5)
    assert all(len(s) <= 5 for s in sheets)
    assert [r for s in sheets for r in s if not r.continued] == rows  # every row once, in order
    for sheet in sheets:
        assert sheet[0].kind in ("group", "cover_head")  # a continuation says what it continues
        assert sheet[-1].kind not in ("group", "cover_head")  # no header left alone at the foot
