"""One roster row → the person record it describes, or the problems that stop it.

Every problem names the sheet row, so the officer can go straight to it in Excel. Checks
that the schema already knows (phone pattern, lengths) are left to the schema, run on the
record the row would become, so the rules are not written twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..filechecks import national_ids
from ..problems import Problem, problem
from ..schemas import SchemaSet
from .dates import parse_date
from .mapping import Mapping
from .sheet import Row, Table
from .skip import has_content
from .text import header_key, header_keys, name_key, normal, split_name, split_title, value_key

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


@dataclass
class Entry:
    """What one row says: the person's fields (without id and school) and the school's."""

    row: int
    person: dict = field(default_factory=dict)
    school: str = ""  # the school's name as written; "" for office staff
    district: str = ""
    office: bool = False  # the school column names the office itself
    problems: list[Problem] = field(default_factory=list)

    @property
    def key(self) -> str | None:
        if "first_name" in self.person and "last_name" in self.person:
            return name_key(self.person["first_name"], self.person["last_name"])
        return None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def name(self) -> str:
        return " ".join(
            self.person.get(k, "") for k in ("title", "first_name", "last_name")
        ).strip()


@dataclass
class RowReader:
    table: Table
    mapping: Mapping
    schemas: SchemaSet
    today: dt.date
    office: dict = field(default_factory=dict)  # records/office.yaml: its name and short name

    def entry(self, row: Row) -> Entry:
        entry = Entry(row.number)
        cells = row.cells
        for merged in row.merged:
            entry.problems.append(self._problem("PA719", row, None, cells=merged))
        self._name(row, cells, entry)
        self._position(row, cells, entry)
        self._appointed(row, cells.get("appointed"), entry)
        self._optional(cells, entry)
        self._grade(row, cells.get("salary_grade"), entry)
        self._school(row, normal(cells.get("school")), entry)
        entry.district = normal(cells.get("district")) if not entry.office else ""
        if not row.merged:
            entry.problems += self._schema(row, entry)
        return entry

    def _name(self, row: Row, cells: dict, entry: Entry) -> None:
        given = normal(cells.get("title"))
        if "full_name" in self.table.fields:
            written = normal(cells.get("full_name"))
            found_title, rest = self._untitled(written, given)
            parts = split_name(rest)
        else:
            found_title, first = self._untitled(normal(cells.get("first_name")), given)
            last = normal(cells.get("last_name"))
            written = f"{first} {last}".strip()
            parts = (first, last)
        if not written:
            entry.problems.append(self._missing(row, "first_name"))
            return
        title = given or found_title
        if not title:
            entry.problems.append(self._problem("PA721", row, "title", found=written))
        if parts is None or not all(parts):
            entry.problems.append(self._problem("PA720", row, "full_name", found=written))
            return
        entry.person.update(first_name=parts[0], last_name=parts[1])
        if title:
            entry.person["title"] = title

    def _untitled(self, written: str, given: str) -> tuple[str, str]:
        """The title found before the name, and the name without it.

        With a title column only that same title is removed (a first name may start like
        a title: นางนวล); without one, any title of the mapping is.
        """
        if given:
            rest = written.removeprefix(given).strip() if written != given else written
            return "", rest
        return split_title(written, self.mapping.titles)

    def _position(self, row: Row, cells: dict, entry: Entry) -> None:
        """Position and standing, also when one cell holds both (``ครูชำนาญการ``).

        The joined spelling is split into a known position followed by a known standing,
        both from the mapping; the standing column, when it says something else than
        "none", must agree. Without a standing column an unjoined position leaves the
        standing to the records (a new person gets "none" in the plan).
        """
        text = normal(cells.get("position"))
        joined = None if self.mapping.enum("position", text) else self._joined(text)
        if joined is None:
            self._enum(row, "position", text, entry)
            if "standing" in self.table.fields:
                self._enum(row, "standing", cells.get("standing"), entry)
            return
        entry.person["position"], implied = joined
        given = self.mapping.enum("standing", normal(cells.get("standing")))
        if "standing" in self.table.fields and given is None:
            self._enum(row, "standing", cells.get("standing"), entry)  # reports the value
        elif given is not None and given not in ("none", implied):
            labels = self.mapping.labels["standing"]
            entry.problems.append(
                self._problem(
                    "PA731",
                    row,
                    "standing",
                    found=text,
                    implied=labels[implied],
                    given=labels[given],
                )
            )
        else:
            entry.person["standing"] = implied

    def _joined(self, text: str) -> tuple[str, str] | None:
        """(position, standing) of ``ครูชำนาญการพิเศษ``: a position then a standing spelling."""
        key = value_key(text)
        standings = self.mapping.values["standing"]
        for spelling in sorted(standings, key=len, reverse=True):
            if spelling and key.endswith(spelling) and len(key) > len(spelling):
                position = self.mapping.values["position"].get(key[: -len(spelling)])
                if position is not None:
                    return position, standings[spelling]
        return None

    def _grade(self, row: Row, raw: object, entry: Entry) -> None:
        """อันดับ as records hold it (คศ.2); ค.ศ.2, คศ 2 and คศ.๒ are the same grade."""
        text = normal(raw).translate(_THAI_DIGITS)
        if not has_content(text):
            return
        grade = self.mapping.salary_grade(text)
        if grade is None:
            allowed = ", ".join(self.mapping.salary_grades.values())
            entry.problems.append(
                self._problem(
                    "PA712",
                    row,
                    "salary_grade",
                    found=text,
                    allowed=allowed,
                    **self._named("salary_grade"),
                )
            )
        else:
            entry.person["salary_grade"] = grade

    def _school(self, row: Row, text: str, entry: Entry) -> None:
        """The school as written, or none when the cell names the office itself.

        A supervisor or office officer is often listed under the office's name; read as a
        school it would create a fake one. Another office's name is a mistake to check.
        """
        key = header_keys(text)[-1]  # without a bracketed note: สพม.นครสุวรรณ (กลุ่มนิเทศ)
        if text and key in self._office_keys:
            entry.office = True
        elif text and any(key.startswith(header_key(n)) for n in self.mapping.office_names):
            office = self.office.get("short_name") or self.office.get("name") or "-"
            entry.problems.append(self._problem("PA733", row, "school", found=text, office=office))
        else:
            entry.school = text

    @cached_property
    def _office_keys(self) -> set[str]:
        """This office's full and short name, and the bare words (สพม.) that mean it."""
        names = [self.office.get("name"), self.office.get("short_name")]
        return {header_key(n) for n in [*names, *self.mapping.office_names] if n}

    def _enum(self, row: Row, name: str, raw: object, entry: Entry) -> None:
        text = normal(raw)
        key = self.mapping.enum(name, text)
        if key is not None:
            entry.person[name] = key
        elif not text:
            entry.problems.append(self._missing(row, name))
        else:
            allowed = ", ".join(self.mapping.labels[name].values())
            entry.problems.append(
                self._problem("PA712", row, name, found=text, allowed=allowed, **self._named(name))
            )

    def _appointed(self, row: Row, raw: object, entry: Entry) -> None:
        if not normal(raw):
            entry.problems.append(self._missing(row, "appointed"))
            return
        parsed = parse_date(raw, self.today)
        for code, fields in parsed.notes:
            severity = "warning" if code in ("PA714", "PA715") else "error"
            entry.problems.append(
                self._problem(
                    code, row, "appointed", severity=severity, **fields, **self._named("appointed")
                )
            )
        if parsed.value:  # only set when the date was read without an error
            entry.person["appointed"] = parsed.value

    def _optional(self, cells: dict, entry: Entry) -> None:
        subject = normal(cells.get("subject"))
        if has_content(subject):
            entry.person["subject"] = subject
        number = _number(cells.get("position_number"))
        if number:
            entry.person["position_number"] = number
        contact = {}
        phone = _phone(cells.get("phone"))
        if phone:
            contact["phone"] = phone
        email = normal(cells.get("email"))
        if email:
            contact["email"] = email
        line = normal(cells.get("line"))
        if has_content(line):
            contact["line"] = line
        if contact:
            entry.person["contact"] = contact

    def _schema(self, row: Row, entry: Entry) -> list[Problem]:
        """Schema problems of the record this row becomes, moved onto the row.

        A missing required field was already reported in roster terms, so PA102 is dropped.
        """
        record = {"id": "x", **entry.person}
        found = self.schemas.check("person", record, self.table.source)
        found = [p for p in found if p.code != "PA102"]
        text = " ".join(str(v) for v in _leaves(entry.person))
        found += national_ids(text, self.table.source)
        return [dataclasses.replace(p, line=row.number, column=None) for p in found]

    def _missing(self, row: Row, name: str) -> Problem:
        return self._problem("PA711", row, name, **self._named(name))

    def _named(self, name: str) -> dict:
        return {"title": self.title(name), "field": name}

    def title(self, name: str) -> str:
        return field_title(self.schemas, self.mapping, name)

    def _problem(
        self, code: str, row: Row, name: str | None, severity: str = "error", **fields
    ) -> Problem:
        column = next((c + 1 for c, f in self.table.columns.items() if f == name), None)
        return problem(
            code, self.table.source, line=row.number, column=column, severity=severity, **fields
        )


def field_title(schemas, mapping: Mapping, name: str) -> str:
    """The Thai title of a roster field, from the schema that owns it."""
    if name in ("phone", "email", "line"):
        return schemas.title("person", ("contact", name))
    if name == "district":
        return schemas.title("school", ("district",))
    if name == "national_id":
        return "เลขประจำตัวประชาชน"
    if name == "full_name":
        return mapping.header("full_name") if "full_name" in mapping.columns else "ชื่อ-สกุล"
    return schemas.title("person", (name,))


def _phone(raw: object) -> str:
    """Digits only; a number that lost its leading zero in Excel gets it back."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normal(raw).translate(_THAI_DIGITS)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) in (8, 9) and not digits.startswith("0"):
        digits = "0" + digits
    return digits if digits and len(digits) >= len(text.replace(" ", "")) - 3 else text


def _number(raw: object) -> str:
    """เลขที่ตำแหน่ง as text: ``1234.0`` (an Excel number) and ``๑๒๓๔`` → ``1234``."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normal(raw).translate(_THAI_DIGITS).replace(" ", "")
    return text if has_content(text) else ""


def _leaves(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _leaves(value)
    else:
        yield data
