"""Combining many offices' ``api/summary.json`` into one regional or national picture.

A roll-up never sees a record: it reads the aggregates each office's build wrote (a built
site folder or the JSON file itself), checks every file against the JSON Schema before
using it, and adds the counts up. A count an office suppressed ("< 5", "ไม่เปิดเผย") stays
unknown: a total that includes one is shown as "at least" the sum of the known counts, so
the roll-up never claims more than the offices published. The site itself is built by
``rollup_site.py``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .. import aggregates

KPI_KEYS = ("registered", "committee_use", "reports", "satisfaction")


class RollupError(Exception):
    """An input cannot be used, or the output folder (exit 2); the message says which and why."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code


@dataclass(frozen=True)
class Total:
    """A sum of counts some of which may be unknown (suppressed by their office)."""

    known: int = 0
    unknown: int = 0  # how many suppressed counts the sum leaves out

    def __add__(self, count: int | str | Total) -> Total:
        if isinstance(count, Total):
            return Total(self.known + count.known, self.unknown + count.unknown)
        if isinstance(count, int):
            return Total(self.known + count, self.unknown)
        return Total(self.known, self.unknown + 1)

    @property
    def text(self) -> str:
        if not self.unknown:
            return f"{self.known:,}"
        return f"อย่างน้อย {self.known:,}" if self.known else "ไม่เปิดเผย"


@dataclass
class OfficeSummary:
    source: str
    data: dict

    def __getitem__(self, key: str):
        return self.data[key]

    @property
    def name(self) -> str:
        return self.data["office"]["short_name"]

    def kpi(self, key: str) -> dict | None:
        return next((k for k in self.data["kpis"] if k["key"] == key), None)

    def latest_results(self) -> dict | None:
        """The most recent round that has any result (its PA 3 counts)."""
        return self.data["results"][-1] if self.data["results"] else None


@dataclass
class Rollup:
    offices: list[OfficeSummary]
    title: str
    totals: dict[str, dict[str, Total]] = field(default_factory=dict)
    titles: dict[str, dict[str, str]] = field(default_factory=dict)

    def total(self, part: str) -> Total:
        found = Total()
        for office in self.offices:
            found += office[part]["total"]
        return found

    def kpi_met(self, key: str) -> tuple[int, int]:
        """(offices meeting the target, offices where the KPI could be measured)."""
        values = [o.kpi(key) for o in self.offices]
        measured = [k for k in values if k and k["met"] is not None]
        return sum(k["met"] for k in measured), len(measured)

    def results_by_round(self) -> list[tuple[str, dict[str, Total]]]:
        """PA 3 results summed over offices, per round any office reported."""
        rounds: dict[tuple[int, int], dict[str, Total]] = defaultdict(dict)
        for office in self.offices:
            for result in office["results"]:
                bucket = rounds[(result["fiscal_year"], result["round"])]
                for item in result["items"]:
                    bucket[item["key"]] = bucket.get(item["key"], Total()) + item["count"]
        return [(f"รอบที่ {r}/{fy}", rounds[(fy, r)]) for fy, r in sorted(rounds)]


def read_input(path: Path) -> tuple[str, object]:
    """A built site folder (its ``api/summary.json``) or a JSON file → (shown name, data)."""
    target = path / "api" / "summary.json" if path.is_dir() else path
    if not target.is_file():
        raise RollupError(f"ไม่พบไฟล์ข้อมูลสรุป {target} — no api/summary.json at {path}")
    try:
        return str(target), json.loads(target.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RollupError(f"{target}: อ่าน JSON ไม่ได้ ({exc}) — not valid JSON") from None


def load(paths: list[Path], step=None) -> list[OfficeSummary]:
    """Read and check every input; raise with all the problems found, naming each file."""
    offices, errors = [], []
    for path in paths:
        if step:
            step(1)
        try:
            source, data = read_input(Path(path))
        except RollupError as exc:
            errors.append(str(exc))
            continue
        found = aggregates.problems(data)
        if found:
            lines = "\n".join(f"  {p}" for p in found[:20])
            errors.append(f"{source}: ไม่ตรงตาม summary.schema.json — schema errors\n{lines}")
            continue
        assert isinstance(data, dict)  # the schema passed, and its top level is an object
        offices.append(OfficeSummary(source, data))
    seen: dict[str, str] = {}
    for office in offices:
        ident = office["office"]["id"]
        if ident in seen:
            errors.append(f"{office.source}: สำนักงาน {ident} ซ้ำกับ {seen[ident]} — duplicate office")
        seen[ident] = office.source
    if errors:
        raise RollupError("\n".join(errors))
    return sorted(offices, key=lambda o: o["office"]["name"])


def combine(offices: list[OfficeSummary], title: str) -> Rollup:
    """Totals per part (agreements, applications, overdue) by key, with the Thai titles."""
    rollup = Rollup(offices, title)
    for part in ("agreements", "applications", "overdue"):
        totals: dict[str, Total] = {}
        titles: dict[str, str] = {}
        for office in offices:
            for item in office[part]["items"]:
                totals[item["key"]] = totals.get(item["key"], Total()) + item["count"]
                titles.setdefault(item["key"], item["title"])
        rollup.totals[part], rollup.titles[part] = totals, titles
    return rollup
