"""`patracker build --audience public`: aggregates only, small counts protected, atomic."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from patracker.audit import audit_site
from patracker.build import BuildError, build_site
from patracker.project import Project

from .conftest import AS_OF, RECORDS

_CELL = re.compile(r'<td class="num">([^<]*)</td>')


def test_public_site_has_only_the_aggregate_pages(public_site: Path):
    pages = sorted(p.relative_to(public_site).as_posix() for p in public_site.glob("*.html"))
    assert pages == [
        "404.html",
        "about.html",
        "applications.html",
        "index.html",
        "manual.html",
        "schools.html",
    ]
    for folder in ("people", "members", "lists", "reports", "schools", "manual"):
        assert not (public_site / folder).exists(), folder
    assert not [p for p in public_site.rglob("*") if p.suffix in (".csv", ".xlsx", ".pdf")]


def test_the_demo_public_build_passes_the_leak_scanner(public_site: Path):
    assert audit_site(public_site, RECORDS) == []


def test_no_public_page_links_to_a_person_or_carries_contact_details(public_site: Path):
    for page in public_site.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "people/" not in html and "lists/" not in html and "members/" not in html
        assert "mailto:" not in html and "@" not in re.sub(
            r"<script.*?</script>", "", html, flags=re.S
        )


def test_every_count_is_five_or_more_or_protected(public_site: Path):
    cells = []
    for name in ("index.html", "schools.html", "applications.html"):
        cells += _CELL.findall((public_site / name).read_text(encoding="utf-8"))
    assert len(cells) > 60
    for text in cells:
        assert text in ("&lt; 5", "ไม่เปิดเผย") or int(text.replace(",", "")) >= 5, text
    assert cells.count("&lt; 5") > 10  # the demo office has small groups: they are protected


def test_chart_descriptions_carry_no_small_count(public_site: Path):
    html = (public_site / "index.html").read_text(encoding="utf-8")
    descriptions = re.findall(r'<desc id="[^"]+">([^<]*)</desc>', html)
    assert descriptions
    for text in descriptions:
        assert all(int(n) >= 5 for n in re.findall(r"(\d+) คน", text)), text


def test_public_pages_are_indexable_and_internal_pages_are_not(public_site: Path):
    assert 'name="robots"' not in (public_site / "index.html").read_text(encoding="utf-8")


def test_a_failed_public_build_leaves_the_previous_public_site_untouched(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    out = tmp_path / "site-public"
    build_site(Project.at(records), out, audience="public", as_of=AS_OF, quiet=True)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    person = sorted(records.glob("people/*/person.yaml"))[0]
    person.write_bytes(b"\xef\xbb\xbf" + person.read_bytes())
    with pytest.raises(BuildError) as failure:
        build_site(Project.at(records), out, audience="public", as_of=AS_OF, quiet=True)
    assert "PA003" in str(failure.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []
