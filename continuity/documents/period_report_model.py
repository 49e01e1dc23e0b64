"""The period's report as a document, the same for the PDF and the HTML: sections of paragraphs,
tables and the occupancy chart, every text already in the reader's language. The two writers only
lay it out; what the report says, and in which order, is decided here once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from continuity.core.times import from_storage, to_zone
from continuity.i18n import N_, _, ngettext

KIND_TITLES = {"admissions": N_("Admissions"), "births": N_("Births"), "transfers": N_("Transfers"), "discharges": N_("Discharges")}
OUTCOMES = {
    "open": N_("not decided yet"),
    "in_force_kept": N_("value in force kept"),
    "other_brought_back": N_("other value brought back"),
    "settled_by_later_edit": N_("settled by a later edit"),
    "acknowledged": N_("acknowledged"),
}
SIGNOFF_KINDS = {"gap": N_("missing bundles"), "fork": N_("fork (two versions of a bundle)")}
STEPS = {"prepared": N_("prepared"), "approved": N_("approved")}
DETAILED_DAYS = 31  # beyond a month of days with activity, the per day and unit table is left to the data


@dataclass
class Paragraph:
    text: str
    note: bool = False  # smaller, for explanations under a table or chart


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns aligned right
    total: bool = False  # the last row is a total (bold)
    widths: list[float] | None = None  # relative widths, when the text columns need room


@dataclass
class Chart:
    occupancy: dict
    units: list[dict]
    timezone: str


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    title: str
    ward: str
    period: str
    period_short: str  # for the running header: first and last activity only
    generated: str
    sections: list[Section]


def local_time(iso: str | None, zone: str) -> str:
    if not iso:
        return "-"
    return to_zone(from_storage(iso), zone).strftime("%d/%m/%Y %H:%M")


def _day(iso_day: str) -> str:
    return date.fromisoformat(iso_day).strftime("%d/%m/%Y")


def _text(value: object) -> str:
    return "-" if value is None or value == "" else str(value)


def document(data: dict) -> Document:
    zone = data["ward"]["timezone"]
    period = data["period"]
    if period["empty"]:
        period_text = period_short = _("No activity: no laptop's data has been added to this workspace.")
    else:
        period_text = _("Period from {first} to {last} (ward time, {zone})", first=local_time(period["first"], zone),
                        last=local_time(period["last"], zone), zone=zone)
        period_short = f"{local_time(period['first'], zone)} – {local_time(period['last'], zone)}"
    ward = f"{data['ward']['name']} ({data['ward']['id']})"
    generated = _("Written on {at} by {user}", at=local_time(data["generated_at"], zone), user=data["generated_by"])
    # Completeness right after the summary: a review starts from whether the data is all there.
    sections = [_summary(data), _completeness(data), _activity_by_unit(data), _activity_by_day(data), _occupancy(data),
                _conflicts(data), _duplicates(data), _problems(data), _signoffs(data), _numbers(data), _period_signoff(data), _who(data)]
    return Document(_("Downtime period report"), ward, period_text, period_short, generated, sections)


def _summary(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    totals = data["counts"]["totals"]
    blocks: list = []
    if data["period"]["empty"]:
        blocks.append(Paragraph(_("Nothing happened in this period as far as this workspace knows: add the laptops' folders "
                                  "(continuity reconcile add) and write the report again.")))
    rows = [[_("Ward"), f"{data['ward']['name']} ({data['ward']['id']})"],
            [_("First activity"), local_time(data["period"]["first"], zone)],
            [_("Last activity"), local_time(data["period"]["last"], zone)],
            [_("Laptops heard from"), f"{sum(1 for lp in data['laptops'] if lp['heard_from'])} / {len(data['laptops'])}"],
            [_("Admissions, births, transfers, discharges"),
             f"{totals['admissions']}, {totals['births']}, {totals['transfers']}, {totals['discharges']}"],
            [_("Cancelled movements"), str(data["counts"]["cancelled_movements"])],
            [_("Conflicts"), str(len(data["conflicts"]))],
            [_("Items still blocking the export"), str(len(data["blocking"]))]]
    blocks.append(Table([_("Subject"), _("Value")], rows, widths=[2, 3]))
    return Section(_("Ward and period"), blocks)


def _count_header(first: str) -> list[str]:
    return [first] + [_(KIND_TITLES[k]) for k in KIND_TITLES]


def _count_cells(row: dict) -> list[str]:
    return [str(row[k]) for k in KIND_TITLES]


def _unit_label(code: str, names: dict[str, str]) -> str:
    return f"{names[code]} ({code})" if code in names else code


def _activity_by_unit(data: dict) -> Section:
    names = {u["code"]: u["name"] for u in data["units"]}
    rows = [[_unit_label(r["unit"], names)] + _count_cells(r) for r in data["counts"]["by_unit"]]
    rows.append([_("Total")] + _count_cells(data["counts"]["totals"]))
    return Section(_("Activity per unit"), [
        Table(_count_header(_("Unit")), rows, numeric={1, 2, 3, 4}, total=True, widths=[3, 1, 1, 1, 1]),
        Paragraph(_("Counted per patient: a mother transferred with her twins counts three transfers; a newborn counts as a "
                    "birth, not an admission. A transfer belongs to the unit it leads to, a discharge to the unit left. "
                    "Cancelled movements are not counted."), note=True)])


def _activity_by_day(data: dict) -> Section:
    by_day = data["counts"]["by_day"]
    if not by_day:
        return Section(_("Activity per day"), [Paragraph(_("None."))])
    rows = [[_day(r["day"])] + _count_cells(r) for r in by_day]
    rows.append([_("Total")] + _count_cells(data["counts"]["totals"]))
    blocks: list = [Table(_count_header(_("Day")), rows, numeric={1, 2, 3, 4}, total=True, widths=[3, 1, 1, 1, 1])]
    if len(by_day) > DETAILED_DAYS:  # a long period would print dozens of pages of it: the data keeps it
        blocks.append(Paragraph(_("Per day and unit: the period has {days} days with activity, too many to print; the "
                                  "report's data (--json) holds them.", days=len(by_day)), note=True))
        return Section(_("Activity per day"), blocks)
    detail = [[_day(r["day"]), r["unit"]] + _count_cells(r) for r in data["counts"]["by_day_unit"]]
    blocks += [Paragraph(_("Per day and unit:")),
               Table([_("Day"), _("Unit")] + [_(KIND_TITLES[k]) for k in KIND_TITLES], detail, numeric={2, 3, 4, 5},
                     widths=[2, 1, 1, 1, 1, 1])]
    return Section(_("Activity per day"), blocks)


def _occupancy(data: dict) -> Section:
    occupancy = data["occupancy"]
    if occupancy is None:
        return Section(_("Beds occupied over time"), [Paragraph(_("No movement: nothing to draw."))])
    step = occupancy["step_hours"]
    explanation = _("Beds occupied in each unit, hour by hour: a bed counts in an hour when a patient held it at some moment "
                    "of it. The dashed line is the unit's number of beds.") if step == 1 else \
        _("Beds occupied in each unit, every {hours} hours: a bed counts in an interval when a patient held it at some "
          "moment of it. The dashed line is the unit's number of beds.", hours=step)
    peaks = [[_unit_label(u["code"], {u["code"]: u["name"]}), str(u["beds"]), str(max(occupancy["series"].get(u["code"]) or [0]))]
             for u in data["units"]]
    return Section(_("Beds occupied over time"), [
        Chart(occupancy, data["units"], data["ward"]["timezone"]), Paragraph(explanation, note=True),
        Table([_("Unit"), _("Beds"), _("Peak on the chart")], peaks, numeric={1, 2}, widths=[3, 1, 2])])


def _conflicts(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    if not data["conflicts"]:
        return Section(_("Conflicts and how they were settled"), [Paragraph(_("No conflict in this period."))])
    rows = [[str(c["id"]), c["subject"], c["field"], c["kept"], c["set_aside"], _(OUTCOMES.get(c["outcome"], c["outcome"])),
             _text(c["decided_by"]), local_time(c["decided_at"], zone)] for c in data["conflicts"]]
    return Section(_("Conflicts and how they were settled"), [
        Table([_("No."), _("Record"), _("Field"), _("Value kept"), _("Value set aside"), _("Decision"), _("By"), _("When")], rows,
              widths=[0.7, 2.6, 1.1, 1.5, 1.5, 1.6, 1.1, 1.3]),
        Paragraph(_("Each conflict is two laptops changing the same field while apart. Which laptop typed which value, and "
                    "when, is in the workspace's conflict list (continuity reconcile conflicts)."), note=True)])


def _duplicates(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    blocks: list = [Paragraph(_("Identities merged:"))]
    if data["merges"]:
        rows = [[f"{m['survivor']} (IPP {_text(m['survivor_ipp'])})", f"{m['merged']} (IPP {_text(m['merged_ipp'])})",
                 _text(m["reason"]), _text(m["merged_by"]), local_time(m["merged_at"], zone),
                 _("undone on {at} by {user}: {reason}", at=local_time(m["undone_at"], zone), user=_text(m["undone_by"]),
                   reason=_text(m["undo_reason"])) if m["undone_at"] else _("in force")] for m in data["merges"]]
        blocks.append(Table([_("Identity kept"), _("Identity merged into it"), _("Reason"), _("By"), _("When"), _("State")], rows,
                            widths=[2.2, 2.2, 1.8, 1.3, 1.3, 1.5]))
    else:
        blocks.append(Paragraph(_("None.")))
    blocks.append(Paragraph(_("Declared different people:")))
    if data["distinct"]:
        rows = [[f"{d['name']} (IPP {_text(d['ipp'])})", f"{d['other']} (IPP {_text(d['other_ipp'])})",
                 _text(d["reason"]) + ("; " + _("undone on {at} by {user}: {reason}", at=local_time(d["undone_at"], zone),
                                                 user=_text(d["undone_by"]), reason=_text(d["undo_reason"])) if d.get("undone_at") else ""),
                 _text(d["decided_by"]), local_time(d["decided_at"], zone)] for d in data["distinct"]]
        blocks.append(Table([_("Identity"), _("Other identity"), _("Reason"), _("By"), _("When")], rows, widths=[2.2, 2.2, 2, 1.3, 1.3]))
    else:
        blocks.append(Paragraph(_("None.")))
    return Section(_("Duplicates"), blocks)


def _problems(data: dict) -> Section:
    """What IT listed for the ward to decide: two current stays, a bed held twice, times that cannot all be true."""
    from continuity.services.reconcile import TIMELINE_RULES

    found = data["problems"]
    rows = [[_("two current stays"), f"IPP {_text(d['ipp'])}", _text("; ".join(d["stays"]))] for d in found["double_stays"]]
    rows += [[_("bed held twice"), _text(b["bed"]), _text(", ".join(b["ndas"]))] for b in found["shared_beds"]]
    rows += [[_(TIMELINE_RULES[t["rule"]]), f"NDA {_text(t['nda'])} (IPP {_text(t['ipp'])})", f"{_text(t['first'])} / {_text(t['second'])}"]
             for t in found["impossible_timelines"]]
    if not rows:
        return Section(_("To decide"), [Paragraph(_("No double stay, no bed held twice, no impossible timeline."))])
    return Section(_("To decide"), [Table([_("What"), _("Who or where"), _("Detail")], rows, widths=[2.5, 2.5, 4])])


def _signoffs(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    blocks: list = []
    if data["signoffs"]:
        rows = []
        for s in data["signoffs"]:
            what = _(SIGNOFF_KINDS.get(s["kind"], s["kind"]))
            if s["kind"] == "gap" and s["bundles"]:
                what = _("bundles {first}-{last} missing", first=s["bundles"][0], last=s["bundles"][1])
            rows.append([s["laptop"], what, s["reason"], _text(s["signed_by"]), local_time(s["signed_at"], zone)])
        blocks.append(Table([_("Laptop"), _("What"), _("Reason"), _("By"), _("When")], rows, widths=[1.2, 1.8, 3.5, 1, 1.3]))
    else:
        blocks.append(Paragraph(_("No gap or fork signed off.")))
    blocks.append(Paragraph(_("Exports forced although something blocked them:")))
    if data["forced_exports"]:
        rows = [[_text(f["format"]).upper(), str(f["blocking"]), f["reason"], _text(f["signed_by"]), local_time(f["signed_at"], zone)]
                for f in data["forced_exports"]]
        blocks.append(Table([_("Format"), _("Blocking items"), _("Reason"), _("By"), _("When")], rows, numeric={1},
                            widths=[1, 1.2, 4, 1, 1.3]))
    else:
        blocks.append(Paragraph(_("None.")))
    if data["blocking"]:
        blocks.append(Paragraph(_("Still blocking the export: {items}.", items="; ".join(
            f"{b['laptop']} {_(SIGNOFF_KINDS.get(b['kind'], b['kind']))}" for b in data["blocking"]))))
    return Section(_("Gaps and forks signed off, forced exports"), blocks)


def _numbers(data: dict) -> Section:
    numbers = data["numbers"]
    rows = [[kind.upper(), str(numbers[kind]["downtime"]), str(numbers[kind]["mapped"]), str(numbers[kind]["unmapped"])]
            for kind in ("ipp", "nda")]
    blocks: list = [Table([_("Number"), _("Downtime numbers"), _("Mapped"), _("Still unmapped")], rows, numeric={1, 2, 3},
                          widths=[1, 1.5, 1.5, 1.5])]
    for kind in ("ipp", "nda"):
        listed = numbers[kind]["unmapped_listed"]
        if listed:
            more = numbers[kind]["unmapped"] - len(listed)
            text = _("{kind} still unmapped: {numbers}", kind=kind.upper(), numbers=", ".join(listed))
            if more > 0:
                text += " " + _("(and {n} more)", n=more)
            blocks.append(Paragraph(text, note=True))
    return Section(_("Downtime numbers"), blocks)


def _period_signoff(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    rows = data["period_signoff"]
    if not rows:
        return Section(_("Sign-off of the period"), [Paragraph(_("The period is not signed off yet (two people: one prepares, "
                                                                 "another approves)."))])
    table = [[_(STEPS.get(r["step"], r["step"])), r["person"], (r["state"] or "")[:16], _text(r["note"]), local_time(r["signed_at"], zone)]
             for r in rows]
    return Section(_("Sign-off of the period"), [Table([_("Step"), _("Person"), _("State signed"), _("Note"), _("When")], table,
                                                       widths=[1, 1.2, 1.6, 3, 1.3])])


def _who(data: dict) -> Section:
    users = [[u["name"] if u["name"] == u["user"] else f"{u['name']} ({u['user']})", str(u["changes"]), str(u["transactions"]),
              ", ".join(u["laptops"])] for u in data["users"]]
    laptops = [[d["laptop"], str(d["bundles"]), str(d["changes"]), str(d["users"])] for d in data["laptop_activity"]]
    blocks: list = [Paragraph(_("Per user:"))]
    blocks.append(Table([_("User"), _("Changes"), _("Operations"), _("Laptops")], users, numeric={1, 2}, widths=[2.5, 1, 1, 2.5])
                  if users else Paragraph(_("None.")))
    blocks.append(Paragraph(_("Per laptop:")))
    blocks.append(Table([_("Laptop"), _("Bundles"), _("Changes"), _("Users")], laptops, numeric={1, 2, 3}, widths=[2.5, 1, 1, 1])
                  if laptops else Paragraph(_("None.")))
    blocks.append(Paragraph(_("A change is one field of one record; an operation is one action (an admission writes several "
                              "changes at once). The reconcile line is IT's own decisions in this workspace."), note=True))
    return Section(_("Who did what"), blocks)


def _completeness(data: dict) -> Section:
    zone = data["ward"]["timezone"]
    rows = []
    for lp in data["laptops"]:
        notes = []
        if not lp["heard_from"]:
            notes.append(_("never heard from"))
        if lp["gap"]:
            notes.append(_("bundles {first}-{last} missing", first=lp["gap"][0], last=lp["gap"][1]))
        if lp["forks"]:
            notes.append(ngettext("{n} fork", "{n} forks", lp["forks"]))
        set_aside = sum(lp["set_aside"].values())
        if set_aside:
            notes.append(ngettext("{n} file set aside", "{n} files set aside", set_aside))
        if lp["revoked"]:
            notes.append(_("revoked"))
        if lp["clock_ahead"]:
            notes.append(_("clock ahead of the others"))
        rows.append([lp["name"], str(lp["bundles"]), str(lp["changes"]), local_time(lp["last_activity"], zone),
                     ", ".join(notes) or _("complete")])
    return Section(_("Completeness per laptop"), [Table([_("Laptop"), _("Bundles"), _("Changes"), _("Last activity"), _("Notes")], rows,
                                                        numeric={1, 2}, widths=[1.3, 1, 1.4, 1.6, 3.2])])
