"""What the public site tells (issue 22 item 7): only counts of people are suppressed, the
complementary cells are not the office's totals when inner cells will do, and a percentage
is shown wherever it reveals nothing the published counts do not."""

from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

import pytest

from patracker.engine.kpis import Kpi
from patracker.model import build_model
from patracker.prebuild import validated
from patracker.project import Project
from patracker.render.context import Site
from patracker.render.public import Figures, _bounded
from patracker.render.views import Progress

from .conftest import AS_OF, RECORDS


@pytest.fixture(scope="module")
def site() -> Site:
    project = Project.at(RECORDS)
    model = build_model(validated(project).corpus, project.forms)
    return Site(project=project, model=model, as_of=AS_OF, audience="public")


def _cards(page: str) -> dict[str, str]:
    found = re.findall(
        r'<span class="pa-card-title">([^<]*)</span>\s*<span class="pa-figure">([^<]*)</span>', page
    )
    return {html.unescape(title): html.unescape(value) for title, value in found}


def _rows(page: str, table: str) -> list[tuple[str, str, str]]:
    """(label, count, percentage) of each body and footer row of a public table."""
    body = re.search(rf'<table class="pa-table" id="{table}">(.*?)</table>', page, re.S).group(1)
    cells = re.findall(
        r'<t[dh][^>]*>([^<]*)</t[dh]><td class="num">([^<]*)</td><td class="pct">([^<]*)</td>',
        body,
    )
    return [tuple(html.unescape(c) for c in row) for row in cells]


def test_the_committee_use_kpi_is_published(public_site: Path, site: Site):
    kpi = next(k for k in Progress.of(site).kpis if k.key == "committee_use")
    assert len(kpi.base) - len(kpi.counted) < 5  # every member active: it was withheld
    page = (public_site / "index.html").read_text(encoding="utf-8")
    tenths = math.floor(kpi.value * 10)  # pages cut figures downwards (engine.exact)
    assert _cards(page)[kpi.title] == f"{tenths // 10}.{tenths % 10}%"
    summary = json.loads((public_site / "api" / "summary.json").read_text(encoding="utf-8"))
    entry = next(k for k in summary["kpis"] if k["key"] == "committee_use")
    assert (entry["suppressed"], entry["value"]) == (False, tenths / 10)


def test_the_office_wide_number_of_evaluated_people_is_published(public_site: Path, site: Site):
    evaluated = len(Progress.of(site).summaries(site.last_finished))
    page = (public_site / "index.html").read_text(encoding="utf-8")
    rows = _rows(page, "table-results")
    assert rows[-1][:2] == ("รวม", f"{evaluated:,}")
    assert all(count[:1].isdigit() for _, count, _ in rows)  # no office total is hidden
    schools = (public_site / "schools.html").read_text(encoding="utf-8")
    footer = re.search(r"<tfoot>(.*?)</tfoot>", schools, re.S).group(1)
    totals = re.findall(r'<td class="num">([^<]*)</td>', footer)
    assert totals[-1] == f"{evaluated:,}" and all(t[:1].isdigit() for t in totals)


@pytest.mark.parametrize(
    ("page", "table"),
    [
        ("index.html", "table-results"),
        ("index.html", "table-agreements"),
        ("applications.html", "table-applications"),
    ],
)
def test_a_percentage_stands_exactly_beside_each_published_count(
    public_site: Path, page: str, table: str
):
    rows = _rows((public_site / page).read_text(encoding="utf-8"), table)
    total = rows[-1][1]
    shown = 0
    for _, count, share in rows:
        if count[:1].isdigit() and total[:1].isdigit() and total != "0":
            # in tenths of a percent, cut downwards as the pages cut (engine.exact)
            tenths = 1000 * int(count.replace(",", "")) // int(total.replace(",", ""))
            assert share == f"{tenths // 10:,}.{tenths % 10}%", (count, share)
            shown += 1
        else:
            assert share == "", (count, share)  # a "< 5" or a hidden count: no percentage
    if table != "table-applications":
        assert shown >= 3


def _kpi(counted: int, base: int, target: float = 95) -> Kpi:
    ids = tuple(f"p{n}" for n in range(base))
    return Kpi("registered", "ลงทะเบียน", "%", 100 * counted / base, target, ids[:counted], ids)


@pytest.mark.parametrize("base", [10, 37, 134, 2000])
def test_a_people_kpi_with_few_left_shows_one_bound_whatever_the_few_are(base: int):
    seen = {_bounded(_kpi(base - rest, base)) for rest in range(5)}
    assert len(seen) == 1, seen  # the same text for 0 to 4: it reveals no more than "< 5"
    text, _ = seen.pop()
    low = float(re.search(r"([\d.]+)%", text).group(1))
    assert text.startswith("ไม่น้อยกว่า") and low <= 100 * (base - 4) / base


@pytest.mark.parametrize("base", [10, 134])
def test_a_people_kpi_with_few_counted_shows_one_bound_whatever_the_few_are(base: int):
    seen = {_bounded(_kpi(counted, base)) for counted in range(5)}
    assert len(seen) == 1, seen
    text, met = seen.pop()
    high = float(re.search(r"([\d.]+)%", text).group(1))
    assert text.startswith("ไม่เกิน") and high >= 100 * 4 / base and met is False


def test_a_bounded_people_kpi_card_keeps_its_target_and_verdict(site: Site):
    """The card of a bounded KPI: the bound as its figure, the target as the target and
    the verdict as met (they were once passed in the wrong places)."""
    card = Figures(site)._kpi(_kpi(131, 134, target=95))
    assert card.value.startswith("ไม่น้อยกว่า") and card.target == "95%" and card.met is True
    card = Figures(site)._kpi(_kpi(2, 134, target=95))
    assert card.value.startswith("ไม่เกิน") and card.target == "95%" and card.met is False


def test_a_people_kpi_is_exact_when_both_parts_are_five_or_more_and_withheld_when_tiny():
    assert _bounded(_kpi(126, 134)) is None  # both 5 or more: the percentage itself
    assert _bounded(_kpi(9, 9))[0].startswith("ไม่เปิดเผย")
    assert _bounded(_kpi(130, 134, target=95))[1] is True  # at least 97.0%: the target is met
