"""Rows for the exports to the main system (IT's workspace): every record as it stands, with its
downtime numbers and, where IT mapped them, the definitive ones. A record loaded from the main
system's census (``number_source = 'census'``) has no downtime number: its number is definitive."""

from __future__ import annotations

from collections.abc import Iterator

import sqlite_utils

# A census number is the definitive one; a laptop's number is a downtime one, mapped by IT.
_DOWNTIME = "CASE WHEN {t}.number_source = 'census' THEN NULL ELSE {t}.{n} END"
_DEFINITIVE = "coalesce({m}.definitive, CASE WHEN {t}.number_source = 'census' THEN {t}.{n} END)"

TABLES: dict[str, str] = {
    "patients": f"""SELECT p.id, {_DOWNTIME.format(t="p", n="ipp")} AS downtime_ipp,
                          {_DEFINITIVE.format(t="p", n="ipp", m="m")} AS definitive_ipp, p.birth_name, p.used_name, p.first_names,
                          p.used_first_name, p.birth_date, p.sex, p.birth_place, p.ins, p.ins_kind, p.address, p.phone,
                          p.identity_status, p.record_status, p.created_at, s.ipp AS merged_into_ipp
                   FROM patients p LEFT JOIN number_map m ON m.kind = 'ipp' AND m.downtime = p.ipp
                   LEFT JOIN identity_merges x ON x.merged_id = p.id AND x.undone_at IS NULL
                   LEFT JOIN patients s ON s.id = x.survivor_id ORDER BY p.rowid""",
    "stays": f"""SELECT s.id, {_DOWNTIME.format(t="s", n="nda")} AS downtime_nda,
                       {_DEFINITIVE.format(t="s", n="nda", m="m")} AS definitive_nda, {_DOWNTIME.format(t="p", n="ipp")} AS downtime_ipp,
                       {_DEFINITIVE.format(t="p", n="ipp", m="mp")} AS definitive_ipp, s.status, s.kind, s.unit, s.bed_id, s.mother_stay_id,
                       s.birth_order, s.admitted_at, s.discharged_at, s.destination, s.reason
                FROM stays s JOIN patients p ON p.id = s.patient_id
                LEFT JOIN number_map m ON m.kind = 'nda' AND m.downtime = s.nda
                LEFT JOIN number_map mp ON mp.kind = 'ipp' AND mp.downtime = p.ipp ORDER BY s.rowid""",
    "movements": f"""SELECT v.id, {_DOWNTIME.format(t="s", n="nda")} AS downtime_nda,
                           {_DEFINITIVE.format(t="s", n="nda", m="m")} AS definitive_nda, v.kind, v.at, v.unit, v.bed_id, v.destination,
                           v.reason, v.entered_at, v.entered_by, v.cancelled, v.cancelled_at, v.cancelled_by
                    FROM movements v JOIN stays s ON s.id = v.stay_id
                    LEFT JOIN number_map m ON m.kind = 'nda' AND m.downtime = s.nda ORDER BY v.at, v.rowid""",
    "births": """SELECT b.id, ms.nda AS mother_nda, np.ipp AS newborn_ipp, ns.nda AS newborn_nda, b.birth_order, b.at, b.sex,
                        b.weight_g, b.status
                 FROM births b JOIN stays ms ON ms.id = b.mother_stay_id LEFT JOIN patients np ON np.id = b.newborn_patient_id
                 LEFT JOIN stays ns ON ns.id = b.newborn_stay_id ORDER BY b.at, b.rowid""",
    "rota": """SELECT a.day, a.shift, a.unit, a.staff, st.last_name, st.first_name, st.role, a.pinned, a.published, a.note
               FROM rota_assignments a LEFT JOIN staff st ON st.id = a.staff ORDER BY a.day, a.shift, a.unit, a.staff""",
}


def rows(db: sqlite_utils.Database, table: str) -> tuple[list[str], Iterator[tuple]]:
    cursor = db.execute(TABLES[table])
    return [d[0] for d in cursor.description], iter(cursor)
