"""The public site (DOMAIN.md §11): aggregate figures only, every count protected.

Public pages never receive a person: builders here hand templates ``Figures`` — tables of
counts already passed through ``suppress`` — and the site's labels, nothing else from
records. No page lists people, links to people, quotes free text or offers a per-person
download, so the leak scanner (``patracker audit-site``) has nothing to find.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .. import thai
from ..aggregates import AGREEMENT_KEYS, PEOPLE_KPIS, RESULT_GROUPS
from ..engine import applications
from ..suppress import LIMIT, Table
from .context import Site
from .output import Page
from .pages import api_downloads
from .views import Progress


@dataclass(frozen=True)
class Breakdown:
    """One protected table for a template: labels, and the text of every cell and total."""

    title: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    table: Table

    def cell(self, i: int, j: int) -> str:
        return self.table.text(i, j)

    def row_total(self, i: int) -> str:
        return self.table.text(i, -1)

    def col_total(self, j: int) -> str:
        return self.table.text(-1, j)

    @property
    def total(self) -> str:
        return self.table.text(-1, -1) if self.table.col_totals else self.table.text(0, -1)

    def share(self, i: int, j: int) -> str:
        """Cell (i, j) as a percentage of the table's total, when both are published: then
        it tells nothing the two numbers do not (empty otherwise)."""
        return _share(self.table.text(i, j), self.total)

    def col_share(self, j: int) -> str:
        return _share(self.col_total(j), self.total)

    def shown_bars(self) -> list[tuple[str, int]]:
        """(label, count) of the first row's cells that are published as exact numbers."""
        out = []
        for j, label in enumerate(self.cols):
            text = self.cell(0, j)
            if text[:1].isdigit():
                out.append((label, int(text.replace(",", ""))))
        return out


@dataclass(frozen=True)
class KpiFigure:
    title: str
    value: str
    target: str
    met: bool | None


class Figures:
    """Everything the public pages show, computed from the ``Site`` and protected once."""

    def __init__(self, site: Site):
        self.site = site

    @cached_property
    def agreements(self) -> Breakdown:
        groups = self.site.agreement_groups()
        labels = self.site.agreement_labels
        counts = [[len(groups[k]) for k in AGREEMENT_KEYS]]
        return Breakdown(
            f"สถานะข้อตกลง (PA 1) ปีงบประมาณ {self.site.fiscal_year}",
            ("ทั้งเขต",),
            tuple(labels[k] for k in AGREEMENT_KEYS),
            Table(counts, col_totals=False),
        )

    @cached_property
    def results(self) -> Breakdown | None:
        """Results of the last finished round by school (rows) and result (columns)."""
        rnd = self.site.last_finished
        if rnd is None:
            return None
        summaries = Progress.of(self.site).summaries(rnd)
        schools = [s for s in self.site.schools]
        by_school: dict[str | None, list[str]] = defaultdict(list)  # one pass, not one a school
        for p, found in summaries.items():
            person = self.site.person(p)
            by_school[person.school if person else None].append(found.state)
        rows = []
        for school in schools:
            states = by_school.get(school.id, ())
            rows.append([sum(s in keys for s in states) for _, _, keys in RESULT_GROUPS])
        unplaced = [s for school, states in by_school.items() if not school for s in states]
        names = [s.name for s in schools]
        if unplaced:
            rows.append([sum(s in keys for s in unplaced) for _, _, keys in RESULT_GROUPS])
            names.append(f"{self.site.office.short_name} (ไม่สังกัดโรงเรียน)")
        return Breakdown(
            f"ผลการประเมินรอบที่ {rnd.round} ปีงบประมาณ {rnd.fiscal_year} รายโรงเรียน",
            tuple(names),
            tuple(title for _, title, _ in RESULT_GROUPS),
            Table(rows),
        )

    @cached_property
    def applications(self) -> Breakdown:
        buckets = applications.counts_by_school(self.site.model)[""]
        partition = [(k, t) for k, t, statuses in applications.BUCKETS if statuses]
        counts = [len(buckets[k]) for k, _ in partition]
        total = len(self.site.model.applications)
        return Breakdown(
            "คำขอมีหรือเลื่อนวิทยฐานะตามสถานะปัจจุบัน",
            ("ทั้งเขต",),
            (*(t for _, t in partition), "สถานะอื่น"),
            Table([[*counts, total - sum(counts)]], col_totals=False),
        )

    @cached_property
    def kpis(self) -> tuple[KpiFigure, ...]:
        return tuple(self._kpi(k) for k in Progress.of(self.site).kpis)

    def _kpi(self, kpi) -> KpiFigure:
        unit = kpi.unit
        target = f"{thai.number(kpi.target)}{'%' if unit == '%' else ' ' + unit}"
        if kpi.value is None:
            return KpiFigure(kpi.title, "-", target, None)
        if kpi.key in PEOPLE_KPIS:
            bounded = _bounded(kpi)
            if bounded is not None:  # (text, met): the card keeps its target
                text, met = bounded
                return KpiFigure(kpi.title, text, target, met)
        value = thai.percent(kpi.value) if unit == "%" else f"{thai.number(kpi.value)} {unit}"
        return KpiFigure(kpi.title, value, target, kpi.met)


def _share(count: str, total: str) -> str:
    from .. import thai

    if not (count[:1].isdigit() and total[:1].isdigit()) or total == "0":
        return ""
    return thai.percent(100 * int(count.replace(",", "")) / int(total.replace(",", "")))


def _bounded(kpi) -> tuple[str, bool | None] | None:
    """A people KPI whose counted or rest is under 5, as a reader may see it: (text, met),
    or None when both are 5 or more and the percentage itself reveals nothing.

    "< 5" tells a reader that a count is 0 to 4, so the percentage is shown as the bound
    that allows every one of those (at least (base − 4)/base, or at most 4/base): the same
    text whatever the small count is. With fewer than 10 in the base both bounds say too
    little, and it is withheld.
    """
    from .. import thai

    base, counted = len(kpi.base), len(kpi.counted)
    rest = base - counted
    if counted >= LIMIT and rest >= LIMIT:
        return None
    if base < 2 * LIMIT:
        return "ไม่เปิดเผย (จำนวนน้อยกว่า 5)", None
    if rest < LIMIT:
        low = math.floor(1000 * (base - LIMIT + 1) / base) / 10
        return f"ไม่น้อยกว่า {thai.percent(low)}", (True if low >= kpi.target else None)
    high = math.ceil(1000 * (LIMIT - 1) / base) / 10
    return f"ไม่เกิน {thai.percent(high)}", (False if high < kpi.target else None)


def home(site: Site) -> Iterator[Page]:
    yield Page(
        "index.md",
        "public/home.md",
        f"{site.office.short_name} — ภาพรวม PA",
        {"figures": _figures(site)},
    )


def schools(site: Site) -> Iterator[Page]:
    yield Page(
        "schools.md", "public/schools.md", "ผลการประเมินรายโรงเรียน", {"figures": _figures(site)}
    )


def applications_page(site: Site) -> Iterator[Page]:
    yield Page(
        "applications.md", "public/applications.md", "คำขอวิทยฐานะ", {"figures": _figures(site)}
    )


def about(site: Site) -> Iterator[Page]:
    yield Page("about.md", "public/about.md", "เกี่ยวกับข้อมูลนี้", {"figures": _figures(site)})


def manual(site: Site) -> Iterator[Page]:
    yield Page("manual.md", "public/manual.md", "วิธีใช้เว็บไซต์นี้")


def _figures(site: Site) -> Figures:
    """One ``Figures`` per site, so every page shows the same protected numbers."""
    return site.view(Figures)


PUBLIC_PAGES = (home, schools, applications_page, about, manual, api_downloads)
PUBLIC_NAV = [
    {"ภาพรวม": "index.md"},
    {"ผลรายโรงเรียน": "schools.md"},
    {"คำขอวิทยฐานะ": "applications.md"},
    {"เกี่ยวกับข้อมูล": "about.md"},
    {"วิธีใช้": "manual.md"},
]
