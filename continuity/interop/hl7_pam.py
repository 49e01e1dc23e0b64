"""HL7 v2.5 messages of the French PAM extension (IHE PAM France 2.11), built from plain rows: no
SQL, no files. ``hl7_export`` reads the workspace and writes what this module builds.

What goes where, and why (sources: HL7 v2.5 chapters 2 and 3; the ZBE and PID-32 rules as the
project wrote them from the PAM FR 2.11 text in DOMAIN.md; the ZBE action and nature tables as the
PAM FR implementation in OpenXtrem's Mediboard (``CHL7v2SegmentZBE``) lists them; the INS OIDs from
Interop'Santé's FR Core, ``FRCorePatientINSProfile.fsh``):

- Identities first: one A28 per patient with the identity as it stands after the outage. No A31:
  the main system never saw an earlier version of these identities, so an A31 would only repeat
  the A28 (and a receiver would log a modification that never happened there).
- A40 for every merge IT decided, after the A28s: MRG-1 names the merged record's numbers; the
  movements that follow carry the survivor's identifiers. No A47: it changes an identifier the
  receiver already holds, and the receiver holds none of ours yet (a definitive IPP mapped by IT
  goes straight into the A28, the downtime one beside it as an alias).
- Then every movement of every stay in clinical-time order, as historic movements (ZBE-5 = Y),
  except the current movement of each stay (N). A cancelled movement is sent where it happened,
  followed at once by its cancellation (A11/A12/A13/A52/A53, ZBE-4 CANCEL, ZBE-6 the original
  trigger): a laptop only ever cancels a stay's newest live movement, so the pair replays exactly.
- Encoding: UTF-8, declared in MSH-18 as ``UNICODE UTF-8`` (PAM FR allows it, Gazelle's PAM FR
  test messages use it). ISO 8859-1 has no œ (Cœur, Lœuillet) and a name must never be changed to
  fit an encoding.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

from continuity.core.errors import DomainError

VERSION = "2.5^FRA^2.11"
CHARSET = "UNICODE UTF-8"
SEGMENT_END = "\r"

# INS assigning authorities (FR Core, FRCorePatientINSProfile: INS-NIR 1.2.250.1.213.1.4.8, INS-NIA
# 1.2.250.1.213.1.4.9; 1.2.250.1.213.1.4.10 is the INS-NIR of *test* patients, never a real one).
INS_AUTHORITIES = {"NIR": ("ASIP-SANTE-INS-NIR", "1.2.250.1.213.1.4.8"),
                   "NIA": ("ASIP-SANTE-INS-NIA", "1.2.250.1.213.1.4.9")}
# PID-32 identity reliability: the statuses of the French identity framework (RNIV) as PAM FR carries them.
IDENTITY_STATUSES = ("PROV", "VALI", "RECUP", "QUAL")

# movement kind -> (trigger, message structure); its cancellation -> (trigger, structure)
INSERT_EVENTS = {"admission": ("A01", "ADT_A01"), "transfer": ("A02", "ADT_A02"), "leave": ("A21", "ADT_A21"),
                 "return": ("A22", "ADT_A21"), "discharge": ("A03", "ADT_A03")}
CANCEL_EVENTS = {"admission": ("A11", "ADT_A09"), "transfer": ("A12", "ADT_A12"), "leave": ("A52", "ADT_A52"),
                 "return": ("A53", "ADT_A52"), "discharge": ("A13", "ADT_A01")}
IDENTITY_STRUCTURES = {"A28": "ADT_A05", "A31": "ADT_A05", "A40": "ADT_A39", "A47": "ADT_A30"}

_ESCAPES = {"\\": "\\E\\", "|": "\\F\\", "^": "\\S\\", "&": "\\T\\", "~": "\\R\\", "\r": "\\X0D\\", "\n": "\\X0A\\"}


def escape(value: object) -> str:
    """Data as HL7 text: the delimiters and line breaks escaped (HL7 v2.5 2.7.1), the escape character first."""
    if value is None:
        return ""
    return "".join(_ESCAPES.get(c, c) for c in str(value))


def hl7_time(value: str | None) -> str:
    """ISO text (UTC, as stored) -> HL7 TS with its offset: ``20270115080000+0000``."""
    if not value:
        return ""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y%m%d%H%M%S+0000")


def hl7_date(value: str | None) -> str:
    return (value or "").replace("-", "")[:8]


@dataclass(frozen=True)
class Authority:
    namespace: str
    oid: str

    def hd(self) -> str:
        """HD as a component of a CX (sub-components: namespace&OID&ISO)."""
        return f"{escape(self.namespace)}&{self.oid}&ISO"


@dataclass(frozen=True)
class Context:
    """What every message needs: who sends to whom, under which authorities, and when."""

    sending_application: str
    sending_facility: str
    receiving_application: str
    receiving_facility: str
    ipp: Authority
    nda: Authority
    downtime: Authority
    nda_position: str  # PV1-19 | PID-18
    now: str  # ISO time of the export (MSH-7)
    control_prefix: str  # MSH-10 = prefix + sequence number

    @classmethod
    def from_authorities(cls, a, now: str, control_prefix: str) -> Context:
        return cls(a.sending_application, a.sending_facility, a.receiving_application, a.receiving_facility,
                   Authority(a.ipp_namespace, a.ipp_oid), Authority(a.nda_namespace, a.nda_oid),
                   Authority(a.downtime_namespace, a.downtime_oid), a.nda_position, now, control_prefix)


@dataclass
class Message:
    trigger: str
    segments: list[str]
    kind: str  # identity | movement
    detail: dict = field(default_factory=dict)

    def text(self) -> str:
        return SEGMENT_END.join(self.segments) + SEGMENT_END


# -- segments ---------------------------------------------------------------------------------------
def msh(ctx: Context, trigger: str, structure: str, number: int) -> str:
    return "|".join(["MSH", "^~\\&", escape(ctx.sending_application), escape(ctx.sending_facility),
                     escape(ctx.receiving_application), escape(ctx.receiving_facility), hl7_time(ctx.now), "",
                     f"ADT^{trigger}^{structure}", f"{ctx.control_prefix}{number:06d}", "P", VERSION, "", "", "", "",
                     "FRA", CHARSET])


def evn(entered_at: str | None, occurred_at: str | None) -> str:
    # EVN-2 when it was typed in (or the cancellation decided); EVN-6 when it really happened.
    return "|".join(["EVN", "", hl7_time(entered_at), "", "", "", hl7_time(occurred_at)])


def _cx(number: str, authority: Authority, type_code: str) -> str:
    return f"{escape(number)}^^^{authority.hd()}^{type_code}"


def ipp_identifiers(ctx: Context, patient: dict) -> list[str]:
    """The definitive IPP (hospital's authority) when IT mapped it, and the downtime IPP (ours) unless
    the number came from the main system's census (it is the definitive one, never a downtime one)."""
    ids = []
    if patient.get("definitive_ipp"):
        ids.append(_cx(patient["definitive_ipp"], ctx.ipp, "PI"))
    if patient.get("number_source") != "census":
        ids.append(_cx(patient["ipp"], ctx.downtime, "PI"))
    return ids


def patient_identifiers(ctx: Context, patient: dict) -> list[str]:
    """PID-3: the IPPs, and the INS where one was typed."""
    ids = ipp_identifiers(ctx, patient)
    if patient.get("ins"):
        kind = patient.get("ins_kind")
        if kind not in INS_AUTHORITIES:
            raise DomainError("Patient {ipp}: the INS has no known kind ({kind}): it cannot be sent.", field="ins",
                              ipp=patient["ipp"], kind=kind or "-")
        namespace, oid = INS_AUTHORITIES[kind]
        ids.append(_cx(patient["ins"], Authority(namespace, oid), "INS"))
    return ids


def _names(patient: dict) -> str:
    firsts = json.loads(patient.get("first_names") or "[]") if isinstance(patient.get("first_names"), str) else \
        list(patient.get("first_names") or [])
    first, others = (firsts[0] if firsts else ""), " ".join(firsts[1:])
    # PID-5: the birth name (type L) with the first names at birth, then the used name (type D).
    names = [f"{escape(patient['birth_name'])}^{escape(first)}^{escape(others)}^^^^L"]
    if patient.get("used_name") or patient.get("used_first_name"):
        names.append(f"{escape(patient.get('used_name') or patient['birth_name'])}^"
                     f"{escape(patient.get('used_first_name') or first)}^^^^^D")
    return "~".join(names)


def _addresses(patient: dict) -> str:
    parts = []
    if patient.get("address"):
        parts.append(f"{escape(patient['address'])}^^^^^^H")
    if patient.get("birth_place"):
        # The birth place as PAM FR carries it: an address of type BDL whose XAD-9 is the INSEE code.
        parts.append(f"^^^^^^BDL^^{escape(patient['birth_place'])}")
    return "~".join(parts)


def pid(ctx: Context, patient: dict, *, nda: str = "", mother: dict | None = None) -> str:
    status = patient.get("identity_status") or ""
    if status not in IDENTITY_STATUSES:
        raise DomainError("Patient {ipp}: identity status {status} is not one PAM FR knows ({known}).", field="identity_status",
                          ipp=patient["ipp"], status=status or "-", known=", ".join(IDENTITY_STATUSES))
    fields = [""] * 33
    fields[0] = "PID"
    fields[1] = "1"
    fields[3] = "~".join(patient_identifiers(ctx, patient))
    fields[5] = _names(patient)
    fields[7] = hl7_date(patient.get("birth_date"))
    fields[8] = escape(patient.get("sex") or "U")
    fields[11] = _addresses(patient)
    if patient.get("phone"):
        fields[13] = f"{escape(patient['phone'])}^PRN^PH"
    if ctx.nda_position == "PID-18":
        fields[18] = nda
    if mother is not None:
        # A newborn's link to her mother (HL7 v2.5 3.4.2.21 PID-21 Mother's Identifier, "used, for
        # example, as a link field for newborns"; PID-24/25 multiple birth and birth order). NK1
        # (relationship MTH) repeats it in the messages whose structure has an NK1.
        fields[21] = "~".join(ipp_identifiers(ctx, mother))
        fields[24] = "Y" if mother.get("multiple_birth") else "N"
        fields[25] = str(mother.get("birth_order") or "")
    fields[32] = status
    return "|".join(fields).rstrip("|")


def nk1_mother(ctx: Context, mother: dict) -> str:
    # NK1-3 from HL7 table 0063 (MTH: mother); NK1-33 her identifiers, as in PID-21.
    fields = [""] * 34
    fields[0], fields[1] = "NK1", "1"
    fields[2] = _names(mother).split("~")[0]
    fields[3] = "MTH^Mother^HL70063"
    fields[33] = "~".join(ipp_identifiers(ctx, mother))
    return "|".join(fields).rstrip("|")


def stay_number(ctx: Context, stay: dict) -> str:
    """The NDA: the definitive one under the hospital's authority, else the downtime one under ours."""
    if stay.get("definitive_nda"):
        return _cx(stay["definitive_nda"], ctx.nda, "AN")
    return _cx(stay["nda"], ctx.downtime, "AN")


def _location(movement: dict) -> str:
    if not movement.get("unit"):
        return ""
    return f"{escape(movement['unit'])}^{escape(movement.get('room') or '')}^{escape(movement.get('bed') or '')}"


def pv1(ctx: Context, stay: dict, movement: dict, prior: dict | None, cancel: bool = False) -> str:
    fields = [""] * 46
    fields[0], fields[1] = "PV1", "1"
    fields[2] = "I"
    fields[3] = _location(movement)
    if prior is not None and movement["kind"] == "transfer":
        # A02: PV1-6 where she came from. A12 (HL7 v2.5 3.3.12): PV1-3 where she is back to, PV1-6
        # the location whose transfer is cancelled.
        fields[3], fields[6] = (_location(prior), _location(movement)) if cancel else (_location(movement), _location(prior))
    if ctx.nda_position == "PV1-19":
        fields[19] = stay_number(ctx, stay)
    fields[44] = hl7_time(stay.get("admitted_at"))
    if movement["kind"] == "discharge":
        fields[45] = hl7_time(movement["at"])
    return "|".join(fields).rstrip("|")


def _xon_uf(movement: dict) -> str:
    # XON: the unit's name, XON-7 "UF", XON-10 the UF code.
    return f"{escape(movement.get('unit_name') or '')}^^^^^^UF^^^{escape(movement['uf'])}" if movement.get("uf") else ""


def nature(movement: dict, prior: dict | None) -> str:
    """ZBE-9 (PAM FR nature table: S, H, M, L, D, SM, SH, MH, LD, HMS): an admission or a change of
    unit moves all three responsibilities (HMS); a change of bed inside the unit is L."""
    if movement["kind"] == "admission":
        return "HMS"
    if movement["kind"] == "transfer":
        return "L" if prior is not None and prior.get("unit") == movement.get("unit") else "HMS"
    return ""


def zbe(ctx: Context, movement: dict, *, action: str, historic: bool, original: str = "", nature_code: str = "") -> str:
    return "|".join(["ZBE", f"{escape(movement['id'])}^{escape(ctx.downtime.namespace)}^{ctx.downtime.oid}^ISO",
                     hl7_time(movement["at"]), "", action, "Y" if historic else "N", original, _xon_uf(movement), "",
                     nature_code]).rstrip("|")


# -- messages ---------------------------------------------------------------------------------------
def identity_message(ctx: Context, number: int, patient: dict, mother: dict | None) -> Message:
    segments = [msh(ctx, "A28", "ADT_A05", number), evn(patient.get("created_at"), patient.get("created_at")),
                pid(ctx, patient, mother=mother)]
    if mother is not None:
        segments.append(nk1_mother(ctx, mother))
    segments.append("PV1|1|N")  # ADT_A05 requires a PV1: N, no visit
    return Message("A28", segments, "identity", {"patient": patient["id"]})


def merge_message(ctx: Context, number: int, survivor: dict, merged: dict, merged_at: str) -> Message:
    mrg = "MRG|" + "~".join(ipp_identifiers(ctx, merged))
    segments = [msh(ctx, "A40", "ADT_A39", number), evn(merged_at, merged_at), pid(ctx, survivor), mrg]
    return Message("A40", segments, "identity", {"survivor": survivor["id"], "merged": merged["id"]})


def movement_message(ctx: Context, number: int, *, patient: dict, mother: dict | None, stay: dict, movement: dict,
                     prior: dict | None, cancel: bool, current: bool) -> Message:
    trigger, structure = (CANCEL_EVENTS if cancel else INSERT_EVENTS)[movement["kind"]]
    if cancel:
        entered = occurred = movement.get("cancelled_at") or movement.get("entered_at")
    else:
        entered, occurred = movement.get("entered_at"), movement["at"]
    segments = [msh(ctx, trigger, structure, number), evn(entered, occurred),
                pid(ctx, patient, nda=stay_number(ctx, stay), mother=mother)]
    if mother is not None and structure == "ADT_A01":
        segments.append(nk1_mother(ctx, mother))
    segments.append(pv1(ctx, stay, movement, prior, cancel))
    segments.append(zbe(ctx, movement, action="CANCEL" if cancel else "INSERT", historic=cancel or not current,
                        original=INSERT_EVENTS[movement["kind"]][0] if cancel else "",
                        nature_code="" if cancel else nature(movement, prior)))
    return Message(trigger, segments, "movement", {"movement": movement["id"], "stay": stay["id"], "cancel": cancel})


_PLACE = ("unit", "unit_name", "uf", "room", "bed")


def _order(movement: dict) -> tuple:
    return (movement["at"], movement.get("hlc") or 0, movement["id"])


def build(ctx: Context, patients: list[dict], stays: list[dict], movements: list[dict], merges: list[dict],
          mothers: dict[str, dict]) -> tuple[list[Message], dict]:
    """Every message of the period, in sending order, and what was left out or incomplete (counted, by why).

    ``mothers``: newborn patient id -> her mother's patient row, with ``birth_order`` and
    ``multiple_birth``. ``merges``: rows with ``survivor_id``, ``merged_id``, ``merged_at``."""
    skipped = {"patients_entered_in_error_left_out": 0, "movements_of_records_in_error_left_out": 0,
               "movements_without_patient_left_out": 0, "movement_messages_without_uf": 0}
    by_id = {p["id"]: p for p in patients}
    live = {pid_: p for pid_, p in by_id.items() if p.get("record_status") != "entered_in_error"}
    skipped["patients_entered_in_error_left_out"] = len(by_id) - len(live)
    survivor_of = {m["merged_id"]: m["survivor_id"] for m in merges}
    messages: list[Message] = []

    def number() -> int:
        return len(messages) + 1

    for patient in live.values():
        messages.append(identity_message(ctx, number(), patient, mothers.get(patient["id"])))
    for merge in merges:
        survivor, merged = live.get(merge["survivor_id"]), live.get(merge["merged_id"])
        if survivor is None or merged is None:
            raise DomainError("A merge names a record that is not exported ({id}): undo it or correct it first.", field="merge",
                              id=str(merge.get("id")))
        messages.append(merge_message(ctx, number(), survivor, merged, merge["merged_at"]))

    stays_by_id = {s["id"]: s for s in stays}
    plans = []  # (sort key, movement, cancel)
    current_of: dict[str, str] = {}
    prior_of: dict[str, dict | None] = {}
    for stay_id, rows in _group(movements).items():
        rows.sort(key=_order)
        live_rows = [m for m in rows if not m.get("cancelled")]
        if live_rows:
            current_of[stay_id] = live_rows[-1]["id"]
        previous = None
        for m in rows:
            if not m.get("unit") and previous is not None:
                # A leave, a return or a discharge happens where the stay was: PV1-3 and ZBE-7 say so.
                m = {**m, **{key: previous.get(key) for key in _PLACE}}
            prior_of[m["id"]] = previous
            plans.append(((*_order(m), 0), m, False))
            if m.get("cancelled"):
                plans.append(((*_order(m), 1), m, True))
            else:
                previous = m
    for _key, m, cancel in sorted(plans, key=lambda plan: plan[0]):
        stay = stays_by_id.get(m["stay_id"])
        if stay is None or stay["patient_id"] not in by_id:
            skipped["movements_without_patient_left_out"] += 1
            continue
        if stay["patient_id"] not in live:
            skipped["movements_of_records_in_error_left_out"] += 1
            continue
        skipped["movement_messages_without_uf"] += not m.get("uf")  # sent, ZBE-7 empty: said, not hidden
        # After a merge the movements name the surviving identity.
        owner = live.get(survivor_of.get(stay["patient_id"], stay["patient_id"]), live[stay["patient_id"]])
        messages.append(movement_message(ctx, number(), patient=owner, mother=mothers.get(stay["patient_id"]), stay=stay,
                                         movement=m, prior=prior_of[m["id"]], cancel=cancel,
                                         current=current_of.get(m["stay_id"]) == m["id"]))
    return messages, skipped


def _group(movements: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for m in movements:
        groups.setdefault(m["stay_id"], []).append(m)
    return groups


# -- files ------------------------------------------------------------------------------------------
MLLP_START, MLLP_END = "\x0b", "\x1c\r"


def mllp(text: str) -> str:
    return f"{MLLP_START}{text}{MLLP_END}"


def batch(ctx: Context, messages: list[Message]) -> str:
    """One batch file: FHS, BHS, the messages, BTS with their count, FTS with one batch."""
    head = "|".join(["FHS", "^~\\&", escape(ctx.sending_application), escape(ctx.sending_facility),
                     escape(ctx.receiving_application), escape(ctx.receiving_facility), hl7_time(ctx.now), "", "",
                     f"{ctx.control_prefix}F"])
    bhs = "|".join(["BHS", "^~\\&", escape(ctx.sending_application), escape(ctx.sending_facility),
                    escape(ctx.receiving_application), escape(ctx.receiving_facility), hl7_time(ctx.now), "", "",
                    f"{ctx.control_prefix}B"])
    body = "".join(m.text() for m in messages)
    return f"{head}{SEGMENT_END}{bhs}{SEGMENT_END}{body}BTS|{len(messages)}{SEGMENT_END}FTS|1{SEGMENT_END}"
