"""A small HL7 v2.5 reader for the main system's census (IHE PAM France shapes): A28/A31 carry an
identity, A01 an identity and her admission. PID-3 the IPP (the identifier of type PI; an INS
beside it is kept), PID-5 the names (type L: birth name, D: used name), PID-7 birth date, PID-8 sex,
PID-32 identity status; PV1-3 the bed (point of care = unit code or its UF, then room, bed),
PV1-19 the NDA (or PID-18), PV1-44 the admission time.

Only what a census needs is read, on purpose: segments are split by the separators MSH declares,
escapes undone, and a message of another kind is reported with its line, not guessed at."""

from __future__ import annotations

from continuity.core.census import Problem, Row
from continuity.core.errors import DomainError

IDENTITY_EVENTS = ("A28", "A31")
ADMISSION_EVENTS = ("A01",)
VERSION = "2.5"


def read(raw: bytes, name: str) -> tuple[list[Row], list[Problem]]:
    text = _decode(raw, name)
    lines = text.replace("\x0b", "").replace("\x1c", "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    rows: list[Row] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}  # IPP -> the index of her identity's row
    for message in _messages(lines, name):
        _read_message(message, name, rows, problems, seen)
    return rows, problems


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        first = raw.split(b"\r", 1)[0].split(b"\n", 1)[0]
        if b"8859/1" in first:  # MSH-18: the character set the main system declared
            return raw.decode("latin-1")
        raise DomainError("{file} is neither UTF-8 text nor HL7: it is not read.", field="census", file=name) from None


class _Message:
    def __init__(self, line: int, separators: tuple[str, str, str, str, str]) -> None:
        self.line = line
        self.field, self.component, self.repetition, self.escape, self.subcomponent = separators
        self.segments: list[tuple[int, list[str]]] = []

    def segment(self, name: str) -> tuple[int, list[str]] | None:
        return next(((line, fields) for line, fields in self.segments if fields[0] == name), None)

    def value(self, fields: list[str], number: int, component: int = 1, repetition: int = 0) -> str:
        """Field ``number`` (HL7 numbering), one repetition, one component, unescaped."""
        if number >= len(fields):
            return ""
        repetitions = fields[number].split(self.repetition)
        if repetition >= len(repetitions):
            return ""
        components = repetitions[repetition].split(self.component)
        return self.unescape(components[component - 1].split(self.subcomponent)[0]) if component <= len(components) else ""

    def repetitions(self, fields: list[str], number: int) -> int:
        return len(fields[number].split(self.repetition)) if number < len(fields) and fields[number] else 0

    def unescape(self, text: str) -> str:
        if self.escape not in text:
            return text
        codes = {"F": self.field, "S": self.component, "T": self.subcomponent, "R": self.repetition, "E": self.escape}
        parts = text.split(self.escape)
        out = [parts[0]]
        for index in range(1, len(parts), 2):
            code = parts[index]
            if code in codes:
                out.append(codes[code])
            elif code.startswith("X") and len(code) > 1:
                try:
                    out.append(bytes.fromhex(code[1:]).decode("latin-1"))
                except ValueError:
                    pass
            if index + 1 < len(parts):
                out.append(parts[index + 1])
        return "".join(out)


def _messages(lines: list[str], name: str) -> list[_Message]:
    messages: list[_Message] = []
    for number, line in enumerate(lines, start=1):
        line = line.lstrip("\ufeff")
        if not line.strip():
            continue
        if line.startswith("MSH"):
            if len(line) < 8:
                raise DomainError("{file}, line {line}: this MSH segment is cut short: the file is not read.", field="census",
                                  file=name, line=number)
            message = _Message(number, (line[3], line[4], line[5], line[6], line[7]))
            fields = line.split(message.field)
            fields = ["MSH", message.field, *fields[1:]]  # MSH-1 is the separator itself: numbering as the standard's
            version = message.value(fields, 12)
            if version.split(".")[:2] != VERSION.split("."):
                raise DomainError("{file}: HL7 version {version} is not read by this version of Continuity (v2.5 only).",
                                  field="census", file=name, version=version or "-")
            message.segments.append((number, fields))
            messages.append(message)
        elif messages:
            messages[-1].segments.append((number, line.split(messages[-1].field)))
        else:
            raise DomainError("{file} does not start with an MSH segment: it is not HL7 v2.5.", field="census", file=name)
    return messages


def _read_message(message: _Message, name: str, rows: list[Row], problems: list[Problem], seen: dict[str, dict]) -> None:
    _line, msh = message.segments[0]
    event = message.value(msh, 9, 2)
    if event not in IDENTITY_EVENTS + ADMISSION_EVENTS:
        problems.append(Problem(name, message.line, "message", {"type": f"{message.value(msh, 9)}^{event}"}))
        return
    pid = message.segment("PID")
    if pid is None:
        problems.append(Problem(name, message.line, "segment", {"segment": "PID"}))
        return
    pid_line, fields = pid
    cells = _identity(message, fields)
    if cells["ipp"] and cells["ipp"] in seen:
        # Messages are a stream: a later one about the same woman (A28 then A01, an A31) brings what
        # it says on top of what was known; she stays one row, at the line she was first named.
        index = seen[cells["ipp"]]
        earlier = rows[index]
        rows[index] = Row("patient", name, earlier.line, {**earlier.cells, **{k: v for k, v in cells.items() if v}})
    else:
        seen[cells["ipp"]] = len(rows)
        rows.append(Row("patient", name, pid_line, cells))
    if event in ADMISSION_EVENTS:
        pv1 = message.segment("PV1")
        if pv1 is None:
            problems.append(Problem(name, message.line, "segment", {"segment": "PV1"}))
            return
        pv1_line, visit = pv1
        nda = message.value(visit, 19) or message.value(fields, 18)
        rows.append(Row("stay", name, pv1_line, {"nda": nda, "ipp": cells["ipp"], "unit": message.value(visit, 3, 1),
                                                  "bed": message.value(visit, 3, 3), "admitted_at": message.value(visit, 44)}))


def _identity(message: _Message, fields: list[str]) -> dict[str, str]:
    ipp = ins = ""
    for index in range(message.repetitions(fields, 3)):
        number, kind = message.value(fields, 3, 1, index), message.value(fields, 3, 5, index).upper()
        if kind.startswith("INS") and not ins:
            ins = number
        elif kind in ("PI", "") and not ipp:
            ipp = number
    birth_name = used_name = ""
    first_names: list[str] = []
    for index in range(message.repetitions(fields, 5)):
        kind = message.value(fields, 5, 7, index).upper()
        family = message.value(fields, 5, 1, index)
        if kind == "D":
            used_name = used_name or family
            continue
        if not birth_name and kind in ("L", ""):
            birth_name = family
            first_names = [n for n in (message.value(fields, 5, 2, index), *message.value(fields, 5, 3, index).replace(",", " ").split())
                           if n]
    address = ", ".join(p for p in (message.value(fields, 11, c) for c in (1, 2, 5, 3)) if p)
    phone = message.value(fields, 13, 1) or message.value(fields, 13, 12)
    sex = message.value(fields, 8).upper()
    return {"ipp": ipp, "birth_name": birth_name, "used_name": used_name, "first_names": " ".join(first_names),
            "birth_date": message.value(fields, 7)[:8], "sex": sex if sex in ("F", "M") else ("U" if sex else ""),
            "ins": ins, "address": address, "phone": phone, "identity_status": message.value(fields, 32)}
