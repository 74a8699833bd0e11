"""One roster row → the person record it describes, or the problems that stop it.

Every problem names the sheet row, so the officer can go straight to it in Excel. Checks
that the schema already knows (phone pattern, lengths) are left to the schema, run on the
record the row would become, so the rules are not written twice.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from ..problems import Problem, problem
from ..validate.files import national_ids
from .dates import parse_date
from .mapping import Mapping
from .sheet import Row, Table
from .text import name_key, normal, split_name, split_title

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
PERSON_ORDER = ("title", "first_name", "last_name", "position", "standing", "appointed", "subject")


@dataclass
class Entry:
    """What one row says: the person's fields (without id and school) and the school's."""

    row: int
    person: dict = field(default_factory=dict)
    school: str = ""  # the school's name as written; "" for office staff
    district: str = ""
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
    schemas: object
    today: dt.date

    def entry(self, row: Row) -> Entry:
        entry = Entry(row.number)
        cells = row.cells
        for merged in row.merged:
            entry.problems.append(self._problem("PA719", row, None, cells=merged))
        self._name(row, cells, entry)
        for name in ("position", "standing"):
            self._enum(row, name, cells.get(name), entry)
        self._appointed(row, cells.get("appointed"), entry)
        self._optional(cells, entry)
        entry.school = normal(cells.get("school"))
        entry.district = normal(cells.get("district"))
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
        if subject:
            entry.person["subject"] = subject
        contact = {}
        phone = _phone(cells.get("phone"))
        if phone:
            contact["phone"] = phone
        email = normal(cells.get("email"))
        if email:
            contact["email"] = email
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
        """The Thai title of a roster field, from the schema that owns it."""
        if name in ("phone", "email"):
            return self.schemas.title("person", ("contact", name))
        if name == "district":
            return self.schemas.title("school", ("district",))
        if name == "full_name":
            return (
                self.mapping.header("full_name")
                if "full_name" in self.mapping.columns
                else "ชื่อ-สกุล"
            )
        return self.schemas.title("person", (name,))

    def _problem(
        self, code: str, row: Row, name: str | None, severity: str = "error", **fields
    ) -> Problem:
        column = next((c + 1 for c, f in self.table.columns.items() if f == name), None)
        return problem(
            code, self.table.source, line=row.number, column=column, severity=severity, **fields
        )


def _phone(raw: object) -> str:
    """Digits only; a number that lost its leading zero in Excel gets it back."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = normal(raw).translate(_THAI_DIGITS)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) in (8, 9) and not digits.startswith("0"):
        digits = "0" + digits
    return digits if digits and len(digits) >= len(text.replace(" ", "")) - 3 else text


def _leaves(data):
    if isinstance(data, dict):
        for value in data.values():
            yield from _leaves(value)
    else:
        yield data
