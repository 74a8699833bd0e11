"""Reading a roster file into rows of fields: XLSX (openpyxl) or CSV.

Offices put a title or two above the header, so the header is the row among the first
few that names the most known columns. Rows keep their sheet row number, which is what
the officer sees in Excel and what every message points at. The national-ID column is
recognised only to be skipped: its values are never read into memory.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem, ProblemError, problem
from .mapping import Mapping
from .text import normal

HEADER_SCAN = 20
NAME_FIELDS = (("full_name",), ("first_name", "last_name"))


@dataclass
class Row:
    number: int  # the row number the officer sees (sheet row, or CSV line)
    cells: dict[str, object]  # field → raw cell value
    merged: list[str] = field(default_factory=list)  # merged ranges that touch this row


@dataclass
class Table:
    source: str
    sheet: str | None
    header: int  # the header's row number
    columns: dict[int, str]  # 0-based column → field, national ID excluded
    rows: list[Row]
    warnings: list[Problem]

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


def _table(source: str, sheet: str | None, values: list[list], mapping: Mapping) -> Table:
    index, columns = _header(values, mapping, source)
    warnings = [
        problem("PA706", source, line=index + 1, column=col + 1, severity="warning", header=name)
        for col, name in _national_id_headers(values[index], columns)
    ][:1]  # warn once, however many such columns there are
    wanted = {col: name for col, name in columns.items() if name != "national_id"}
    rows = []
    for number, row in enumerate(values[index + 1 :], start=index + 2):
        cells = {name: row[col] if col < len(row) else None for col, name in wanted.items()}
        if any(normal(v) for v in cells.values()):
            rows.append(Row(number, cells))
    return Table(source, sheet, index + 1, wanted, rows, warnings)


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
        raise ProblemError([problem("PA701", source, line=best[0] + 1, columns=", ".join(missing))])
    return best


def _missing(found: set[str], mapping: Mapping) -> list[str]:
    """Headers of the required columns a header row lacks (position, school, a name)."""
    missing = [mapping.header(f) for f in ("position", "school") if f not in found]
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
    for merged in ws.merged_cells.ranges:
        if merged.max_row <= table.header or not any(
            merged.min_col <= c <= merged.max_col for c in read
        ):
            continue
        for number in range(max(merged.min_row, table.header + 1), merged.max_row + 1):
            row = by_number.get(number) or _blank_row(table, number)
            by_number[number] = row
            row.merged.append(merged.coord)


def _blank_row(table: Table, number: int) -> Row:
    """A row that looked empty only because a merge left its cells blank: report it too."""
    row = Row(number, {})
    table.rows.append(row)
    table.rows.sort(key=lambda r: r.number)
    return row
