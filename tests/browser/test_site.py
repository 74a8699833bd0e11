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
from patracker.render.views import Progress, Tasks

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
        task = deadlines.next_due(Tasks.of(site_model).all, person.id)
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


def pa1_url(agreement) -> str:
    return f"print/pa1.html?person={agreement.person}&fy={agreement.fiscal_year}"


def open_form(page, url: str, state: str = "ready") -> None:
    """Open a print page and wait until print.js has laid the form out (or given up)."""
    page.goto(url)
    page.wait_for_selector(f"#pa-print[data-state={state}]")
    page.wait_for_function("document.fonts.ready.then(() => true)")


def pdf_pages(pdf: bytes) -> int:
    return len(PDF_PAGE.findall(pdf))


def test_printed_pa1_fits_a4(page, base_url, site_model, artifacts):
    agreement = teacher_agreement(site_model)
    open_form(page, base_url + pa1_url(agreement))
    assert page.locator("[data-pa=part1] tr[data-indicator]").count() == 15
    assert page.title().startswith("PA 1/") and site_model.name_of(agreement.person) in page.title()
    page.screenshot(path=artifacts / "print-pa1.png", full_page=True)
    page.emulate_media(media="print")
    assert page.locator(".md-header").count() == 0  # a standalone document, no theme
    assert page.locator(".pa-print-bar").is_hidden()
    assert page.locator(".pa-sign").count() == 2
    pdf = page.pdf(format="A4")
    (artifacts / "print-pa1.pdf").write_bytes(pdf)
    pages = pdf_pages(pdf)
    assert 1 <= pages <= 6, f"PA 1 of {agreement.person} prints on {pages} A4 pages"
    assert b"/MediaBox [0 0 595" in pdf or b"/MediaBox[0 0 595" in pdf  # A4 width in points


def scored_member(site_model):
    """A finished round's (round, person, member result) with a final score, from the engine."""
    for rnd in site_model.finished_rounds:
        for person, result in sorted(Progress.of(site_model).summaries(rnd).items()):
            for member in result.members:
                if member.score is not None and result.mean is not None:
                    return rnd, person, result, member
    raise AssertionError("the demo office has no scored evaluation")


def test_printed_pa2_shows_the_engine_total(page, base_url, site_model, artifacts):
    rnd, person, _, member = scored_member(site_model)
    query = f"person={person}&fy={rnd.fiscal_year}&round={rnd.round}&member={member.member}"
    open_form(page, f"{base_url}print/pa2.html?{query}")
    assert page.locator("[data-pa=total]").inner_text() == thai.number(member.score.total, 2)
    assert page.locator("[data-pa=part1-total]").inner_text() == thai.number(member.score.part1, 2)
    for item in member.score.items:
        row = page.locator(f"tr[data-indicator='{item.code}'], tr[data-item='{item.code}']")
        assert row.get_attribute("data-level") == ("" if item.level is None else str(item.level))
        assert row.locator("[data-pa=points]").inner_text() == thai.number(item.points, 2)
    assert site_model.name_of(member.member) in page.title()
    page.screenshot(path=artifacts / "print-pa2.png", full_page=True)
    page.emulate_media(media="print")
    assert 1 <= pdf_pages(page.pdf(format="A4")) <= 3


def test_printed_pa3_shows_the_engine_totals_on_one_page(page, base_url, site_model):
    rnd, person, result, _ = scored_member(site_model)
    open_form(
        page, f"{base_url}print/pa3.html?person={person}&fy={rnd.fiscal_year}&round={rnd.round}"
    )
    for m in result.members:
        shown = page.locator(f"tr[data-member='{m.member}'] [data-pa=total]").inner_text()
        assert shown == (thai.number(m.score.total, 2) if m.score else "-")
    assert page.locator("[data-pa=mean]").inner_text() == thai.number(result.mean, 2)
    assert page.locator("[data-pa=result]").get_attribute("data-state") == result.state
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) == 1


def test_print_page_says_in_thai_when_the_form_does_not_exist(page, base_url, site_model):
    agreement = teacher_agreement(site_model)
    who = f"person={agreement.person}&fy={agreement.fiscal_year}"
    for url in (
        f"print/pa3.html?{who}&round=9",
        f"print/pa2.html?{who}&round=1&member=nobody",
        "print/pa1.html?person=nobody-at-all&fy=2570",
        "print/pa1.html?person=../../index",
        f"print/pa1.html?person={agreement.person}&fy=1999",
    ):
        open_form(page, base_url + url, state="error")
        assert "ไม่พบ" in page.locator("#pa-print [role=alert]").inner_text(), url
        assert page.title() == "ไม่พบแบบพิมพ์"


HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>หนา</b>'


def test_hostile_record_text_prints_as_text(page, base_url, site_model):
    """Record text from the JSON reaches the page as text: it shows literally, runs nothing."""
    rnd, person, _, member = scored_member(site_model)
    fy, round_ = str(rnd.fiscal_year), str(rnd.round)

    def hostile(route):
        data = route.fetch().json()
        data["name"] = HOSTILE
        year = data["years"][fy]
        year["pa1"]["part1"]["1.1"] = {"tasks": HOSTILE, "cells": [["", HOSTILE, ""]]}
        fields = ("policy", "problem", "methods", "quantitative", "qualitative")
        year["pa1"]["challenges"][:1] = [{"title": HOSTILE, **dict.fromkeys(fields, "")}]
        year["pa1"]["title"] = HOSTILE
        year["challenge_titles"] = [HOSTILE]
        evaluation = year["rounds"][round_]["pa2"][member.member]
        evaluation["comments"]["1.1"] = HOSTILE
        year["rounds"][round_]["pa3"]["members"][0]["name"] = HOSTILE
        route.fulfill(json=data)

    page.route(f"**/print/data/{person}.json", hostile)
    who = f"person={person}&fy={fy}"
    for url, times in (
        (f"print/pa1.html?{who}", 5),  # header, signature, task, outcome, challenge
        (f"print/pa2.html?{who}&round={round_}&member={member.member}", 3),  # +challenge, comment
        (f"print/pa3.html?{who}&round={round_}", 3),  # header, member row, signature
    ):
        open_form(page, base_url + url)
        form = page.locator("#pa-print")
        assert form.inner_text().count(HOSTILE) >= times, url
        assert form.locator("img, script, b").count() == 0, url
        assert page.evaluate("window.__pwned === undefined"), url
        if "pa1.html" in url:
            assert page.title() == HOSTILE  # document.title is text too


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
        pa1_url(agreement),
    ):
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    fetched = [u for u in seen if urlsplit(u).scheme in ("http", "https")]
    assert len(fetched) > 8  # pages, styles, scripts, fonts
    assert {urlsplit(u).hostname for u in fetched} == {"127.0.0.1"}
    assert any(u.endswith(".woff2") for u in fetched)  # the vendored Sarabun, not a CDN
    assert outside_requests == []
