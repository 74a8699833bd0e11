"""The school DPA coordinator's page in Chromium (issue 19.5): on a 390-px phone and a
desktop, the page fits its width, reads in Thai with Buddhist Era dates and no English or
developer words, lists every overdue action the engine finds, and its form link opens the
right form filled in for the right person. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import re

import pytest

from patracker.render.coordinator import checklist

WIDTHS = {390: 844, 1280: 900}
ALLOWED = {"PA", "DPA", "Excel"}  # the names staff use for the forms, the system and the file
DEVELOPER = re.compile(r"YAML|JSON|null|None|undefined|NaN|pull request|validate|\{\{|\}\}")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def busiest_school(site_model):
    """The school with the most overdue actions (the demo's as-of date has some)."""
    found = [checklist(site_model, s) for s in site_model.schools]
    best = max(found, key=lambda c: (len(c.overdue), c.school.id))
    assert best.overdue, "the demo has overdue actions on its as-of date"
    return best


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_the_coordinator_page_reads_in_thai_and_fits(width, page, base_url, site_model, artifacts):
    found = busiest_school(site_model)
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.goto(base_url + f"coordinators/{found.school.id}.html")
    page.locator(".pa-coord").wait_for()
    assert page.evaluate(OVERFLOW) <= 0, "the page is wider than the screen"
    text = page.locator("article").inner_text()
    assert "รายการติดตามของผู้ประสานงาน DPA" in text
    assert site_model.name_of(found.coordinator) in text
    english = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED
    assert english == set(), english
    assert not DEVELOPER.search(text)
    assert not re.search(r"\b20[2-3]\d\b", text), "a Gregorian year on the page"
    cards = page.locator("[data-pa=overdue] [data-pa=action]")
    assert cards.count() == len(found.overdue)
    first = found.overdue[0]
    assert site_model.name_of(first.person) in cards.first.inner_text()
    assert "เกินกำหนด" in cards.first.inner_text()
    # no action card is cut off: every one fits inside the viewport's width
    for box in cards.evaluate_all("cs => cs.map(c => c.getBoundingClientRect().right)"):
        assert box <= width
    page.screenshot(path=str(artifacts / f"coordinator-{width}.png"), full_page=True)


def test_a_form_link_opens_the_right_form_for_the_right_person(
    page, base_url, site_model, artifacts
):
    found = busiest_school(site_model)
    action = next(a for a in found.overdue if a.form and a.form.startswith("forms/"))
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + f"coordinators/{found.school.id}.html")
    link = page.locator("[data-pa=overdue] [data-pa=form-link]").first
    assert link.get_attribute("href") == "../" + action.form
    link.click()
    page.locator("#pa-submit").wait_for()
    kind = action.form.removeprefix("forms/").split(".", 1)[0]
    from patracker.render.webforms import KINDS

    assert page.locator("h1").first.inner_text() == KINDS[kind]
    # the form names the person (by name, not id: the forms speak Thai)
    assert site_model.name_of(action.person) in page.locator("#f_person").text_content()
    page.screenshot(path=str(artifacts / "coordinator-form.png"))


def test_the_school_page_and_the_nav_lead_to_it(page, base_url, site_model):
    found = busiest_school(site_model)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(base_url + f"schools/{found.school.id}.html")
    page.locator("[data-pa=coordinator-link] a").click()
    page.locator(".pa-coord").wait_for()
    assert page.url.endswith(f"coordinators/{found.school.id}.html")
    page.locator(".md-tabs a", has_text="ผู้ประสานงาน DPA").first.click()
    page.locator(f"a[href='{found.school.id}.html']").wait_for()
    assert page.url.endswith("coordinators/index.html")
