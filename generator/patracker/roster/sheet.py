"""Reading a roster file into rows of fields: XLSX (openpyxl) or CSV.

Offices put a title or two above the header, so the header is the row among the first
few that names the most known columns. Rows keep their sheet row number, which is what
the officer sees in Excel and what every message points at. The national-ID column is
recognised only to be skipped: its values are never read into memory.

Every column is accounted for (``Table.headers``): it is read into a field, or ignored
with a reason (a row number, a known column the records have no field for, a second
column of the same field, an unknown header), so the dry run can say what became of it.
Rows that are not people (totals, signatures) are skipped with a notice (``skip``).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProblemError, problem
from .mapping import Mapping
from .skip import row_kind
from .text import normal

HEADER_SCAN = 20
NAME_FIELDS = (("full_name",), ("first_name", "last_name"))


@dataclass
class Row:
    number: int  # the row number the officer sees (sheet row, or CSV line)
    cells: dict[str, object]  # field → raw cell value
    merged: list[str] = field(default_factory=list)  # merged ranges that touch this row


@dataclass(frozen=True)
class Column:
    """One column of the roster and what the import does with it."""

    index: int  # 0-based
    header: str  # as written ("" for a column that has data but no header)
    field: str | None  # the field it is read into, or None when it is ignored
    kind: str  # read, ignored, duplicate, private, unknown, blank (no header)
    why_th: str = ""
    why_en: str = ""

    @property
    def letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.index + 1)


@dataclass
class Table:
    source: str
    sheet: str | None
    header: int  # the header's row number
    columns: dict[int, str]  # 0-based column → field, national ID excluded
    rows: list[Row]
    warnings: list[Problem]
    headers: list[Column] = field(default_factory=list)  # every column, read or ignored
    skipped: list[Problem] = field(default_factory=list)  # notices of rows not read

    @property
    def fields(self) -> set[str]:
        return set(self.columns.values())


def read_table(path: Path, mapping: Mapping, sheet: str | None = None) -> Table:
    """Every non-empty data row of the roster, with the warnings about its columns."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx(path, mapping, sheet)
    if suffix == ".csv":
        return _csv(path, mapping)
    raise ProblemError([problem("PA703", path.name, found=suffix or path.name)])


def _xlsx(path: Path, mapping: Mapping, sheet: str | None) -> Table:
    from openpyxl import load_workbook

    try:  # not read-only: merged ranges are only known in the full model
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ProblemError([problem("PA704", path.name, detail=str(exc))]) from None
    if sheet is not None and sheet not in book.sheetnames:
        sheets = ", ".join(book.sheetnames)
        raise ProblemError([problem("PA702", path.name, sheet=sheet, sheets=sheets)])
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    values = [list(row) for row in ws.iter_rows(values_only=True)]
    table = _table(path.name, ws.title, values, mapping)
    _mark_merged(table, ws)
    return table


def _csv(path: Path, mapping: Mapping) -> Table:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp874"):  # Excel's "CSV UTF-8", then Thai Windows
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp874 decodes nearly anything
        raise ProblemError([problem("PA704", path.name, detail="not UTF-8 or TIS-620")])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    values = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    return _table(path.name, None, values, mapping)


SKIPPED = {"summary": "PA727", "signature": "PA728", "blank": "PA729"}
REASONS = {  # why a column is not read: (Thai, English)
    "private": (
        "เลขประจำตัวประชาชน ไม่อ่านและไม่เก็บ (PDPA)",
        "national ID: never read or stored (PDPA)",
    ),
    "blank": ("ไม่มีหัวคอลัมน์ ข้อมูลไม่ถูกนำเข้า", "no header: not imported"),
    "unknown": (
        "ไม่รู้จักหัวคอลัมน์นี้ ข้อมูลไม่ถูกนำเข้า (เพิ่มหัวคอลัมน์ในไฟล์ mapping ถ้าต้องการ)",
        "unknown header: not imported (add it to the mapping file to read it)",
    ),
}


def _table(source: str, sheet: str | None, values: list[list], mapping: Mapping) -> Table:
    index, columns = _header(values, mapping, source)
    warnings = [
        problem("PA706", source, line=index + 1, column=col + 1, severity="warning", header=name)
        for col, name in _national_id_headers(values[index], columns)
    ][:1]  # warn once, however many such columns there are
    wanted = {col: name for col, name in columns.items() if name != "national_id"}
    rows, skipped, data = [], [], []
    for number, row in enumerate(values[index + 1 :], start=index + 2):
        kind = row_kind(row, set(wanted), mapping)
        if kind is None:
            cells = {name: row[col] if col < len(row) else None for col, name in wanted.items()}
            rows.append(Row(number, cells))
            data.append(row)
        elif kind != "empty":
            text = _shown(row, set(columns) - set(wanted))
            skipped.append(
                problem(SKIPPED[kind], source, line=number, severity="notice", text=text)
            )
    headers = _report(values[index], columns, data, mapping)
    warnings += [
        problem(
            "PA730",
            source,
            line=index + 1,
            column=c.index + 1,
            severity="warning",
            letter=c.letter,
            header=c.header or "-",
        )
        for c in headers
        if c.kind in ("unknown", "blank")
    ]
    return Table(source, sheet, index + 1, wanted, rows, warnings, headers, skipped)


_THIRTEEN = re.compile(r"[0-9๐-๙](?:[\s.-]?[0-9๐-๙]){12}")  # a national ID, however grouped


def _shown(row: list, hidden: set[int], limit: int = 80) -> str:
    """A skipped row as the notice quotes it: no national-ID column, no 13-digit number."""
    text = " | ".join(normal(v) for col, v in enumerate(row) if col not in hidden and normal(v))
    text = _THIRTEEN.sub("#############", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _report(header: list, columns: dict[int, str], data: list[list], mapping: Mapping):
    """Every column with a header or with data, and what the import does with it."""
    width = max([len(header), *(len(r) for r in data)], default=0)
    first: dict[str, int] = {}
    for col, name in sorted(columns.items()):
        first.setdefault(name, col)
    out = []
    for col in range(width):
        text = normal(header[col]) if col < len(header) else ""
        if text or any(col < len(r) and normal(r[col]) for r in data):
            out.append(_column(col, text, columns.get(col), first, mapping))
    return out


def _column(col: int, text: str, name: str | None, first: dict, mapping: Mapping) -> Column:
    if name == "national_id":
        return Column(col, text, None, "private", *REASONS["private"])
    if name is not None:
        return Column(col, text, name, "read")
    if not text:
        return Column(col, text, None, "blank", *REASONS["blank"])
    same = mapping.field_of(text)
    if same in first:
        letter = Column(first[same], "", same, "read").letter
        return Column(
            col,
            text,
            None,
            "duplicate",
            f"ซ้ำกับคอลัมน์ {letter} ซึ่งนำเข้าแล้ว",
            f"same field as column {letter}, which is read",
        )
    reason = mapping.ignored_reason(text)
    if reason is not None:
        return Column(col, text, None, "ignored", *reason)
    return Column(col, text, None, "unknown", *REASONS["unknown"])


def _national_id_headers(header: list, columns: dict[int, str]) -> list[tuple[int, str]]:
    return [(col, normal(header[col])) for col, name in columns.items() if name == "national_id"]


def _header(values: list[list], mapping: Mapping, source: str) -> tuple[int, dict[int, str]]:
    """The header row's index and its columns → fields; the first column of a field wins."""
    best: tuple[int, dict[int, str]] = (0, {})
    for index, row in enumerate(values[:HEADER_SCAN]):
        columns: dict[int, str] = {}
        for col, cell in enumerate(row):
            name = mapping.field_of(cell)
            if name and name not in columns.values():
                columns[col] = name
        if len(columns) > len(best[1]):
            best = (index, columns)
    missing = _missing(set(best[1].values()), mapping)
    if missing:
        unknown = _unknown(values[best[0]], best[1], mapping)
        raise ProblemError(
            [
                problem(
                    "PA701", source, line=best[0] + 1, columns=", ".join(missing), unknown=unknown
                )
            ]
        )
    return best


def _unknown(header: list, columns: dict[int, str], mapping: Mapping) -> str:
    """The header row's unknown headers, so a missing column can be found under its name."""
    from openpyxl.utils import get_column_letter

    found = [
        f"{get_column_letter(col + 1)} '{normal(cell)}'"
        for col, cell in enumerate(header)
        if normal(cell) and col not in columns and mapping.ignored_reason(cell) is None
    ]
    return ", ".join(found) or "-"


REQUIRED = ("position", "school", "appointed")


def _missing(found: set[str], mapping: Mapping) -> list[str]:
    """Headers of the required columns a header row lacks (position, school, date, a name).

    The appointment date is required by the person schema; a roster without its column
    used to fail on every row as "missing in this row", which hid the real cause: a
    header the mapping does not know.
    """
    missing = [mapping.header(f) for f in REQUIRED if f in mapping.columns and f not in found]
    if not any(set(names) <= found for names in NAME_FIELDS):
        missing.append(
            mapping.header("full_name") if "full_name" in mapping.columns else "full_name"
        )
    return missing


def _mark_merged(table: Table, ws) -> None:
    """Note on each data row the merged ranges that cover one of its read columns.

    Excel keeps a merged value only in the top-left cell, so the other rows silently lack
    it; filling it down would guess, so those rows are reported instead.
    """
    read = {col + 1 for col in table.columns}
    by_number = {row.number: row for row in table.rows}
    skipped = {p.line for p in table.skipped}  # a total or signature line is often merged
    for merged in ws.merged_cells.ranges:
        if merged.max_row <= table.header or not any(
            merged.min_col <= c <= merged.max_col for c in read
        ):
            continue
        for number in range(max(merged.min_row, table.header + 1), merged.max_row + 1):
            if number in skipped:
                continue
            row = by_number.get(number) or _blank_row(table, number)
            by_number[number] = row
            row.merged.append(merged.coord)


def _blank_row(table: Table, number: int) -> Row:
    """A row that looked empty only because a merge left its cells blank: report it too."""
    row = Row(number, {})
    table.rows.append(row)
    table.rows.sort(key=lambda r: r.number)
    return row
