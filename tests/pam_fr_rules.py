"""A checker of IHE PAM France 2.11 rules, written from the specification's text (as the project
summarised it in DOMAIN.md, and the ZBE action/nature tables of PAM FR), independent of our writer:
it reads the messages with python-hl7, never with continuity's own code.

Each rule is a function over the whole sequence of messages (some rules are about order) that
yields the faults it finds as (rule, message number, what). ``check`` runs them all."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import hl7

INSERT = {"A01", "A02", "A03", "A21", "A22", "A04", "A05", "A06", "A07", "A54"}
CANCEL_OF = {"A11": "A01", "A12": "A02", "A13": "A03", "A52": "A21", "A53": "A22", "A38": "A05", "A55": "A54"}
MOVEMENTS = INSERT | set(CANCEL_OF)
IDENTITIES = {"A28", "A31", "A40", "A47"}
NATURES = {"S", "H", "M", "L", "D", "SM", "SH", "MH", "LD", "HMS"}
STATUSES = {"PROV", "VALI", "RECUP", "QUAL"}
STRUCTURES = {"A01": "ADT_A01", "A02": "ADT_A02", "A03": "ADT_A03", "A21": "ADT_A21", "A22": "ADT_A21", "A11": "ADT_A09",
              "A12": "ADT_A12", "A13": "ADT_A01", "A52": "ADT_A52", "A53": "ADT_A52", "A28": "ADT_A05", "A31": "ADT_A05",
              "A40": "ADT_A39", "A47": "ADT_A30"}
INS_OIDS = {"1.2.250.1.213.1.4.8", "1.2.250.1.213.1.4.9"}

Fault = tuple[str, int, str]


class Parsed:
    def __init__(self, text: str) -> None:
        self.text = text
        self.message = hl7.parse(text)
        self.names = [str(segment[0]) for segment in self.message]
        self.trigger = self.field("MSH", 9, 2)

    def segment(self, name: str):
        return next((s for s in self.message if str(s[0]) == name), None)

    def field(self, name: str, number: int, component: int | None = None) -> str:
        segment = self.segment(name)
        if segment is None or len(segment) <= number:
            return ""
        value = segment[number]
        if component is None:
            return str(value)
        parts = str(value).split("~")[0].split("^")
        return parts[component - 1] if len(parts) >= component else ""


def _movements(messages: list[Parsed]) -> Iterator[tuple[int, Parsed]]:
    return ((i, m) for i, m in enumerate(messages, start=1) if m.trigger in MOVEMENTS)


def msh_12_version(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in enumerate(messages, start=1):
        if m.field("MSH", 12) != "2.5^FRA^2.11":
            yield "MSH-12", i, m.field("MSH", 12)


def msh_9_structure(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in enumerate(messages, start=1):
        if STRUCTURES.get(m.trigger) != m.field("MSH", 9, 3):
            yield "MSH-9", i, m.field("MSH", 9)


def pid_32_status(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in enumerate(messages, start=1):
        if m.field("PID", 32) not in STATUSES:
            yield "PID-32", i, m.field("PID", 32) or "missing"


def pid_3_ipp_with_authority(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in enumerate(messages, start=1):
        ids = [r.split("^") for r in m.field("PID", 3).split("~")]
        ipps = [r for r in ids if len(r) >= 5 and r[4] == "PI" and len(r[3].split("&")) == 3 and r[3].split("&")[2] == "ISO"]
        if not ipps:
            yield "PID-3", i, "no IPP (type PI) with namespace&OID&ISO"
        for r in ids:
            if len(r) >= 5 and r[4] == "INS" and r[3].split("&")[1:2] and r[3].split("&")[1] not in INS_OIDS:
                yield "PID-3", i, f"INS under {r[3]}"


def zbe_on_every_movement_after_pv1(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in enumerate(messages, start=1):
        if m.trigger in MOVEMENTS:
            if m.names.count("ZBE") != 1:
                yield "ZBE", i, "a movement needs exactly one ZBE"
            elif m.names[m.names.index("ZBE") - 1] not in ("PV1", "PV2"):
                yield "ZBE", i, "ZBE must follow PV1/PV2"
        elif "ZBE" in m.names:
            yield "ZBE", i, "no ZBE on an identity message"


def zbe_3_empty(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        if m.field("ZBE", 3):
            yield "ZBE-3", i, m.field("ZBE", 3)


def zbe_4_action(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        if m.field("ZBE", 4) != ("CANCEL" if m.trigger in CANCEL_OF else "INSERT"):
            yield "ZBE-4", i, f"{m.trigger} with {m.field('ZBE', 4)}"


def zbe_6_original_trigger(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        if m.field("ZBE", 6) != CANCEL_OF.get(m.trigger, ""):
            yield "ZBE-6", i, f"{m.trigger} with {m.field('ZBE', 6) or 'nothing'}"


def zbe_1_movement_id(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        parts = m.field("ZBE", 1).split("^")
        if len(parts) < 4 or not parts[0] or not parts[2] or parts[3] != "ISO":
            yield "ZBE-1", i, m.field("ZBE", 1)


def times_present(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        if not (m.field("ZBE", 2) and m.field("EVN", 2) and m.field("EVN", 6)):
            yield "EVN/ZBE-2", i, "EVN-2, EVN-6 and ZBE-2 carry the entry and real times"


def zbe_5_historic(messages: list[Parsed], **_) -> Iterator[Fault]:
    """Y on every back-loaded movement, N only on each stay's current one: the last INSERT of the
    stay that no CANCEL follows; a CANCEL is history."""
    per_stay: dict[str, list[tuple[int, Parsed]]] = {}
    for i, m in _movements(messages):
        if m.field("ZBE", 5) not in ("Y", "N"):
            yield "ZBE-5", i, m.field("ZBE", 5) or "missing"
        per_stay.setdefault(_stay(m), []).append((i, m))
    for rows in per_stay.values():
        cancelled = {m.field("ZBE", 1, 1) for _, m in rows if m.trigger in CANCEL_OF}
        live = [(i, m) for i, m in rows if m.trigger in INSERT and m.field("ZBE", 1, 1) not in cancelled]
        current = live[-1][0] if live else None
        for i, m in rows:
            expected = "N" if i == current else "Y"
            if m.field("ZBE", 5) != expected:
                yield "ZBE-5", i, f"{m.field('ZBE', 5)} where {expected} (current movement: message {current})"


def cancel_names_a_sent_movement(messages: list[Parsed], **_) -> Iterator[Fault]:
    sent: dict[str, str] = {}
    for i, m in _movements(messages):
        movement = m.field("ZBE", 1, 1)
        if m.trigger in CANCEL_OF:
            if sent.get(movement) != CANCEL_OF[m.trigger]:
                yield "CANCEL", i, f"{m.trigger} of a movement not sent as {CANCEL_OF[m.trigger]} before"
        else:
            sent[movement] = m.trigger


def zbe_7_uf_and_9_nature(messages: list[Parsed], **_) -> Iterator[Fault]:
    for i, m in _movements(messages):
        uf = m.field("ZBE", 7).split("^")
        if m.field("ZBE", 7) and (len(uf) < 10 or uf[6] != "UF" or not uf[9]):
            yield "ZBE-7", i, m.field("ZBE", 7)
        if m.field("ZBE", 9) and m.field("ZBE", 9, 1) not in NATURES:
            yield "ZBE-9", i, m.field("ZBE", 9)


def identities_first(messages: list[Parsed], **_) -> Iterator[Fault]:
    first_movement = next((i for i, m in _movements(messages)), None)
    for i, m in enumerate(messages, start=1):
        if m.trigger in IDENTITIES and first_movement is not None and i > first_movement:
            yield "ORDER", i, f"{m.trigger} after the first movement (message {first_movement})"


def clinical_time_order(messages: list[Parsed], **_) -> Iterator[Fault]:
    last = ""
    for i, m in _movements(messages):
        when = m.field("ZBE", 2)
        if when < last:
            yield "ORDER", i, f"ZBE-2 {when} before {last}"
        last = max(last, when)


def nda_position(messages: list[Parsed], *, position: str = "PV1-19", **_) -> Iterator[Fault]:
    segment, number = position.split("-")
    for i, m in _movements(messages):
        parts = m.field(segment, int(number)).split("^")
        if len(parts) < 5 or not parts[0] or parts[4] != "AN":
            yield "NDA", i, f"no NDA (type AN) in {position}"


def _stay(m: Parsed) -> str:
    return (m.field("PV1", 19) or m.field("PID", 18)).split("^")[0]


RULES: list[Callable[..., Iterator[Fault]]] = [
    msh_12_version, msh_9_structure, pid_32_status, pid_3_ipp_with_authority, zbe_on_every_movement_after_pv1, zbe_3_empty,
    zbe_4_action, zbe_6_original_trigger, zbe_1_movement_id, times_present, zbe_5_historic, cancel_names_a_sent_movement,
    zbe_7_uf_and_9_nature, identities_first, clinical_time_order, nda_position,
]


def check(texts: list[str], position: str = "PV1-19") -> list[Fault]:
    messages = [Parsed(t) for t in texts]
    return [fault for rule in RULES for fault in rule(messages, position=position)]
