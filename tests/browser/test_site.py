"""The built demo site in headless Chromium: charts, Thai search, next deadline, A4 print,
and no request leaving 127.0.0.1 (issue 6, "Done when")."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from patracker import thai
from patracker.engine import deadlines

pytestmark = pytest.mark.browser

PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")  # a page object, not the /Pages tree


def site_file(built_site: Path, base_url: str, url: str) -> Path:
    """The built file a same-site URL points at."""
    assert url.startswith(base_url), url
    return built_site / urlsplit(url).path.lstrip("/")


def test_home_shows_its_charts_and_their_bars_link_to_lists(page, base_url, built_site, artifacts):
    page.goto(base_url + "index.html")
    charts = page.locator("figure svg[role=img]")
    assert charts.count() >= 2
    hrefs = []
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.is_visible()
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 40
        assert chart.locator("title").first.text_content().strip()
        hrefs += [a.get_attribute("href") for a in chart.locator("a").all()]
    assert hrefs, "no bar links"
    for href in hrefs:
        target = site_file(built_site, base_url, urljoin(page.url, href))
        assert target.is_file(), f"bar links to missing {href}"
    page.screenshot(path=artifacts / "home.png", full_page=True)
    page.locator("figure svg[role=img] a").first.click()
    page.wait_for_load_state()
    assert "/lists/" in page.url
    assert page.locator("h1").first.is_visible()


def unique_surname(site_model) -> tuple[str, str]:
    """A demo person whose Thai surname nobody else has: (surname, person id)."""
    counts = Counter(p.last_name for p in site_model.people)
    person = next(p for p in site_model.people if counts[p.last_name] == 1 and len(p.last_name) > 3)
    return person.last_name, person.id


def test_searching_a_thai_surname_finds_the_person(page, base_url, site_model):
    surname, person = unique_surname(site_model)
    page.goto(base_url + "index.html")
    page.keyboard.press("s")  # Material opens search on "s"
    field = page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(surname)  # fill() sends no key events, and Material's search waits for one
    field.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    links = page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(f"people/{person}.html" in href for href in links), (surname, links)


def person_with_task(site_model):
    """The first person (by name) with something due: their id and the engine's task."""
    for person in site_model.people:
        task = deadlines.next_due(site_model.tasks, person.id)
        if task is not None:
            return person.id, task
    raise AssertionError("the demo office has nobody with a task due")


def test_person_page_shows_the_next_deadline(page, base_url, site_model, artifacts):
    person, task = person_with_task(site_model)
    page.goto(f"{base_url}people/{person}.html")
    box = page.locator("[data-pa=next-due]")
    text = box.inner_text()
    assert task.title in text
    assert thai.be_date(task.due, long=True) in text
    page.screenshot(path=artifacts / "person.png", full_page=True)


def teacher_agreement(site_model):
    """A teacher's PA 1 with all 15 indicators: the form the A4 bound is about."""
    return next(
        a
        for (_, fy), a in sorted(site_model.model.agreements.items())
        if a.form == "teacher" and len(a.codes) == 15
    )


def test_printed_pa1_fits_a4(page, base_url, site_model, artifacts):
    agreement = teacher_agreement(site_model)
    url = f"{base_url}print/{agreement.fiscal_year}/{agreement.person}-pa1.html"
    page.goto(url)
    page.wait_for_function("document.fonts.ready.then(() => true)")
    assert page.locator("[data-pa=part1] tr[data-indicator]").count() == 15
    page.screenshot(path=artifacts / "print-pa1.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator(".md-sidebar--primary").first.is_hidden()
    assert page.locator(".pa-print-bar").is_hidden()
    pdf = page.pdf(format="A4")
    (artifacts / "print-pa1.pdf").write_bytes(pdf)
    pages = len(PDF_PAGE.findall(pdf))
    assert 1 <= pages <= 6, f"PA 1 of {agreement.person} prints on {pages} A4 pages"
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf  # A4 width in points


def test_printed_pa3_fits_one_page(page, base_url, built_site):
    pa3 = sorted((built_site / "print").glob("*/*-pa3.html"))[0]
    page.goto(base_url + pa3.relative_to(built_site).as_posix())
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(PDF_PAGE.findall(pdf)) == 1


def test_no_request_leaves_localhost(page, base_url, site_model, outside_requests):
    """The pages load only from 127.0.0.1; ``page`` also checks this after every test,
    and the session fixture once more at the end of the run."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    agreement = teacher_agreement(site_model)
    for path in (
        "index.html",
        "schools/index.html",
        f"people/{agreement.person}.html",
        f"print/{agreement.fiscal_year}/{agreement.person}-pa1.html",
    ):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    fetched = [u for u in seen if urlsplit(u).scheme in ("http", "https")]
    assert len(fetched) > 8  # pages, styles, scripts, fonts
    assert {urlsplit(u).hostname for u in fetched} == {"127.0.0.1"}
    assert any(u.endswith(".woff2") for u in fetched)  # the vendored Sarabun, not a CDN
    assert outside_requests == []
