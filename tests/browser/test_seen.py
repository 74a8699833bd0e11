"""What people see (issue 22): the demo site measured in headless Chromium on a 1366-px
desktop and a 390-px phone — Thai search as a Thai keyboard types, chart and label sizes,
column width, overflow, English leaks, the deadlines filter. Every page here must log no
console error and load nothing from beyond 127.0.0.1 (the ``page`` fixture)."""

from __future__ import annotations

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from patracker.render.views import Induction, Tasks

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def watched(page):
    """The ``page`` tab, failing the test on any console error or uncaught exception."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert errors == [], f"console errors: {errors}"


# --- 1. Thai search --------------------------------------------------------------------------


def type_thai(page, text: str) -> None:
    """Type as a Thai keyboard does: each letter arrives as input followed by a key-up
    (the theme searches on key-up; ``fill``/``type`` of Thai send no key events)."""
    for letter in text:
        page.keyboard.insert_text(letter)
        page.keyboard.press("Shift")


COUNT_SEARCHES = """
(() => {
  // Count the queries the theme posts to its search worker and the results it answers.
  window.paSearches = { asked: 0, answered: 0 };
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (message, ...rest) {
    if (message && message.type === 2) {
      window.paSearches.asked += 1;
      if (!this.paCounted) {
        this.paCounted = true;
        this.addEventListener("message", (e) => {
          if (e.data && e.data.type === 3) window.paSearches.answered += 1;
        });
      }
    }
    return post.call(this, message, ...rest);
  };
})();
"""


def search(page, base_url: str, query: str, expect: str) -> list[str]:
    """The result links (paths) the search box lists for ``query`` typed on the home page.

    The theme searches on every key-up, so results for the first letters arrive before
    those for the whole query: this waits until the worker has answered every query, then
    (up to 10 s) until a link containing ``expect`` is drawn, and returns what is listed."""
    page.add_init_script(COUNT_SEARCHES)
    page.goto(base_url + "index.html")
    page.keyboard.press("s")  # Material opens search on "s"
    page.locator("input.md-search__input").wait_for(state="visible")
    type_thai(page, query)
    page.wait_for_function(
        "() => window.paThaiSearch && paSearches.asked > 0"
        " && paSearches.asked === paSearches.answered"
    )
    with contextlib.suppress(PlaywrightTimeout):  # the caller's assertion reports the list
        page.wait_for_function(
            "want => [...document.querySelectorAll('.md-search-result__item > a')]"
            ".some(a => new URL(a.href).pathname.includes(want))",
            arg=expect,
            timeout=10_000,
        )
    links = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )
    return [link.lstrip("/") for link in links]


def joined_name(site_model):
    """A person's title and first name written together, as Thais write them, and the ids
    of everyone who has both."""
    person = next(p for p in site_model.people if p.position == "teacher" and p.title == "นาง")
    same = [
        p.id
        for p in site_model.people
        if p.title == person.title and p.first_name == person.first_name
    ]
    return person.title + person.first_name, same


def test_search_finds_a_title_joined_to_a_first_name(watched, base_url, site_model):
    watched.set_viewport_size(DESKTOP)
    query, ids = joined_name(site_model)
    links = search(watched, base_url, query, f"people/{ids[0]}.html")
    top = links[: len(ids)]
    assert sorted(top) == sorted(f"people/{i}.html" for i in ids), (query, links[:8])


def test_search_finds_a_male_title_joined_to_a_first_name(watched, base_url, site_model):
    watched.set_viewport_size(DESKTOP)
    person = next(p for p in site_model.people if p.title == "นาย")
    links = search(watched, base_url, person.title + person.first_name, f"people/{person.id}.html")
    assert f"people/{person.id}.html" in links[:8], links[:8]


def test_search_finds_a_position_written_as_one_word(watched, base_url, site_model):
    watched.set_viewport_size(DESKTOP)
    assistants = {
        f"people/{p.id}.html" for p in site_model.people if p.position == "assistant-teacher"
    }
    links = search(watched, base_url, "ครูผู้ช่วย", "people/")
    assert assistants & set(links), links[:8]


def test_search_finds_a_word_inside_a_school_name(watched, base_url, site_model):
    from pythainlp.tokenize import word_tokenize

    school = next(iter(site_model.model.schools.values()))
    words = word_tokenize(school.name.removeprefix("โรงเรียน"), engine="newmm")
    inner = "".join(words[1:3])  # two words from inside the name, typed joined
    assert inner and not school.name.removeprefix("โรงเรียน").startswith(inner)
    links = search(watched, base_url, inner, f"schools/{school.id}.html")
    assert f"schools/{school.id}.html" in links[:5], (inner, links[:8])


def test_search_finds_a_status_written_as_one_word(watched, base_url):
    watched.set_viewport_size(PHONE)
    links = search(watched, base_url, "ไม่ผ่าน", "failed")
    assert links and links[0].startswith("lists/") and "failed" in links[0], links[:8]


# --- 2. charts, 3. layout ----------------------------------------------------------------------

CHART_SIZES = """() => [...document.querySelectorAll('figure.pa-figure-chart svg')].map(svg => {
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const label = svg.querySelector('.pa-chart-label');
  return {width: svg.getBoundingClientRect().width,
          font: parseFloat(getComputedStyle(label).fontSize) * scale};
})"""


@pytest.mark.parametrize(
    ("viewport", "least_width", "least_font"), [(DESKTOP, 450, 13), (PHONE, 340, 10)]
)
def test_home_charts_fill_the_column_with_readable_labels(
    watched, base_url, artifacts, viewport, least_width, least_font
):
    watched.set_viewport_size(viewport)
    watched.goto(base_url + "index.html")
    charts = watched.evaluate(CHART_SIZES)
    assert len(charts) >= 2
    for chart in charts:
        assert chart["width"] >= least_width, charts
        assert chart["font"] >= least_font, charts
    watched.screenshot(path=artifacts / f"seen-home-{viewport['width']}.png", full_page=True)


def test_a_wide_screen_gets_a_wide_column_and_a_dashboard_side_by_side(
    watched, base_url, site_model
):
    watched.set_viewport_size(DESKTOP)
    watched.goto(base_url + "index.html")
    width = watched.evaluate("document.querySelector('.md-content').getBoundingClientRect().width")
    assert width >= 1000, width
    boxes = watched.locator(".pa-dash > *").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect()).map(r => [r.left, r.top])"
    )
    assert len(boxes) >= 2 and boxes[0][0] < boxes[1][0] and abs(boxes[0][1] - boxes[1][1]) < 40
    school = next(iter(site_model.model.schools.values()))
    watched.goto(f"{base_url}schools/{school.id}.html")
    lines = watched.evaluate(NAME_LINES)
    assert lines and max(lines) == 1, lines  # a name on one line on a wide screen


NAME_LINES = """() => [...document.querySelectorAll('.md-content a[href*="people/"]')].map(a =>
  new Set([...a.getClientRects()].map(r => Math.round(r.top))).size)"""


OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"

BROKEN_NAMES = """() => {
  // every word of a person's name that the page lays out over more than one line
  const broken = [];
  const links = '.md-content a[href*="people/"], .md-content a[href*="members/"]';
  for (const link of document.querySelectorAll(links)) {
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      let at = 0;
      for (const word of text.data.split(' ')) {
        if (word) {
          const range = document.createRange();
          range.setStart(text, at);
          range.setEnd(text, at + word.length);
          const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          if (tops.size > 1) broken.push(word);
        }
        at += word.length + 1;
      }
    }
  }
  return broken;
}"""


def phone_pages(site_model) -> list[str]:
    person = next(p for p in site_model.people if p.position == "teacher")
    school = next(iter(site_model.model.schools.values()))
    return [
        "index.html",
        f"people/{person.id}.html",
        f"schools/{school.id}.html",
        "schools/index.html",
        "members/index.html",
        "deadlines.html",
        "quality.html",
    ]


def test_a_phone_never_scrolls_sideways_nor_breaks_a_thai_name(
    watched, base_url, site_model, artifacts
):
    watched.set_viewport_size(PHONE)
    for path in phone_pages(site_model):
        watched.goto(base_url + path)
        assert watched.evaluate(OVERFLOW) <= 0, path
        assert watched.evaluate(BROKEN_NAMES) == [], path
    watched.goto(base_url + phone_pages(site_model)[1])
    watched.screenshot(path=artifacts / "seen-person-390.png")


# --- 5. English and raw codes --------------------------------------------------------------

LEAK_WORDS = (
    "Made with",
    "Material for MkDocs",
    "final: false",
    "methods",
    "quantitative",
    "qualitative",
    "(chair)",
    "(member)",
)


def leak_words(site_model) -> list[str]:
    """Words no reader should meet: the theme's English, form keys, committee ids, fiscal
    years printed as quantities, and Git identities that are not a person's name."""
    people = {p.name for p in site_model.people}
    authors = {c.author for c in site_model.history.changes} - people
    years = {
        f"{fy // 1000},{fy % 1000:03d}"
        for fy in (site_model.fiscal_year - 1, site_model.fiscal_year)
    }
    committees = {c.id for c in site_model.model.committees}
    return [*LEAK_WORDS, *sorted(authors), *sorted(years), *sorted(committees)]


def key_pages(site_model) -> list[str]:
    person = next(p for p in site_model.people if p.position == "teacher")
    member = next(iter(site_model.model.committees)).members[0].person
    rnd = site_model.last_finished
    return [
        "index.html",
        "deadlines.html",
        "quality.html",
        "changes/index.html",
        f"people/{person.id}.html",
        f"members/{member}.html",
        f"reports/{rnd.fiscal_year}-r{rnd.round}.html",
        "forms/review.html?person=" + person.id,
    ]


def test_forms_offer_names_not_ids_to_type(watched, base_url, site_model):
    """The person form picks the school by name; the teacher's agreement form offers no
    approval to set, as the access policy says."""
    watched.set_viewport_size(DESKTOP)
    person = next(
        p
        for p in site_model.people
        if p.position == "teacher"
        and p.school
        and getattr(
            site_model.model.agreements.get((p.id, site_model.fiscal_year)), "approved_by", None
        )
    )
    watched.goto(f"{base_url}forms/person.html?person={person.id}")
    school = watched.locator("#f_school")
    school.wait_for()
    assert school.evaluate("e => e.tagName") == "SELECT"
    shown = school.evaluate("e => e.options[e.selectedIndex].text")
    assert shown == site_model.school_name(person.school)
    # the agreement form is the assessee's: the approval is the director's to set (the
    # access policy), so the form has no approver field at all, not one filled with an id
    watched.goto(f"{base_url}forms/agreement.html?person={person.id}&fy={site_model.fiscal_year}")
    watched.locator("#f_status").wait_for()
    assert watched.locator("#f_approval_by").count() == 0
    statuses = watched.locator("#f_status").evaluate("e => [...e.options].map(o => o.text)")
    assert statuses and not any(s.startswith("approved") or "เห็นชอบ" in s for s in statuses)


def test_key_pages_speak_thai_not_english_or_codes(watched, base_url, site_model):
    words = leak_words(site_model)
    assert any("," in w for w in words) and len(words) > len(LEAK_WORDS) + 2
    watched.set_viewport_size(DESKTOP)
    for path in key_pages(site_model):
        watched.goto(base_url + path)
        watched.wait_for_load_state("networkidle")
        text = watched.evaluate("document.body.innerText")
        options = watched.locator("select option").all_inner_texts()
        shown = "\n".join([text, *options])
        leaks = [w for w in words if w in shown]
        assert leaks == [], f"{path}: {leaks}"


# --- 4. the deadlines page -----------------------------------------------------------------

VISIBLE_ROWS = """() => [...document.querySelectorAll('table[data-pa=tasks] tbody tr')]
  .filter(r => !r.hidden && r.getClientRects().length)
  .map(r => ({school: r.dataset.school, kind: r.dataset.kind, late: Number(r.dataset.late)}))"""


def test_deadlines_filters_narrow_the_list_and_sorting_orders_it(
    watched, base_url, site_model, artifacts
):
    from collections import Counter

    watched.set_viewport_size(DESKTOP)
    watched.goto(base_url + "deadlines.html")
    pending = [*Tasks.of(site_model).overdue, *Tasks.of(site_model).due_soon]
    everything = watched.evaluate(VISIBLE_ROWS)
    assert len(everything) == len(pending) > 1
    schools = Counter(site_model.person(t.person).school or "" for t in pending)
    school, expected = min(schools.items(), key=lambda kv: kv[1])  # the smallest group
    watched.select_option("[data-pa=task-filters] select[name=school]", school)
    shown = watched.evaluate(VISIBLE_ROWS)
    assert len(shown) == expected < len(everything)
    assert {row["school"] for row in shown} == {school}
    assert f"แสดง {expected} จาก {len(everything)}" in watched.inner_text("[data-pa=task-count]")
    watched.click("[data-pa=task-filters] button[type=reset]")
    watched.wait_for_function(f"({VISIBLE_ROWS})().length === {len(everything)}")
    least = sorted(t.days_late(site_model.as_of) for t in Tasks.of(site_model).overdue)[
        len(Tasks.of(site_model).overdue) // 2
    ]
    days = max(d for d in (1, 7, 14, 30) if d <= max(least, 1))
    watched.select_option("[data-pa=task-filters] select[name=late]", str(days))
    shown = watched.evaluate(VISIBLE_ROWS)
    late = [t for t in pending if t.days_late(site_model.as_of) >= days]
    assert len(shown) == len(late) and all(row["late"] >= days for row in shown)
    header = watched.locator("table[data-group=overdue] th[data-sort=late] button")
    header.click()
    header.click()  # descending: the latest first
    order = [row["late"] for row in watched.evaluate(VISIBLE_ROWS) if row["late"]]
    assert order == sorted(order, reverse=True)
    watched.screenshot(path=artifacts / "seen-deadlines-1366.png", full_page=True)


def test_deadlines_page_gives_contacts_and_the_csv_starts_with_its_header(
    watched, base_url, site_model, built_site
):
    import csv
    import io
    import re

    watched.set_viewport_size(PHONE)
    watched.goto(base_url + "deadlines.html")
    assert watched.evaluate(OVERFLOW) <= 0
    task = Tasks.of(site_model).overdue[0]
    row = watched.locator(f"table[data-group=overdue] tr[data-member='{task.responsible}']").first
    record = next(r for r in site_model.corpus.of("person") if r.data["id"] == task.responsible)
    contact = record.data["contact"]
    assert str(contact["phone"]) in row.inner_text() and contact["email"] in row.inner_text()
    text = (built_site / "deadlines.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[0] == "สถานะ" and any("ปปปป-ดด-วว" in c for c in header)
    iso = next(i for i, c in enumerate(header) if "ปปปป-ดด-วว" in c)
    dues = [r[iso] for r in rows[1:]]
    assert len(dues) == len(Tasks.of(site_model).overdue) + len(
        Tasks.of(site_model).due_soon
    ) + len(Induction.of(site_model).overdue) + len(Induction.of(site_model).due_soon)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dues)
    assert {d for d in dues} >= {t.due.isoformat() for t in Tasks.of(site_model).overdue}


# --- 9. satisfaction ---------------------------------------------------------------------------


def test_home_shows_the_latest_survey_question_by_question(
    watched, base_url, site_model, artifacts
):
    from patracker import thai
    from patracker.engine import kpis

    survey = kpis.latest_survey(site_model.model, site_model.fiscal_year, site_model.round.round)
    assert survey is not None
    watched.set_viewport_size(PHONE)
    watched.goto(base_url + "index.html")
    card = watched.locator("[data-pa=kpi-satisfaction]").inner_text()
    overall = thai.percent(kpis.survey_percent(survey))
    assert f"รอบที่ {survey.round}/{survey.fiscal_year}: {overall}" in card
    rows = watched.locator("[data-pa=survey] tbody tr")
    assert rows.count() == len(survey.questions)
    for question in survey.questions:
        row = watched.locator(f"[data-pa=survey] tr[data-question='{question.code}']")
        share = kpis.question_percent(question, survey.scale_max)
        assert question.text in row.inner_text() and thai.percent(share) in row.inner_text()
        meter = row.locator("meter").bounding_box()
        assert meter and meter["width"] >= 60
        assert float(row.locator("meter").get_attribute("value")) == pytest.approx(share)
    assert watched.evaluate(OVERFLOW) <= 0
    watched.locator("#satisfaction").scroll_into_view_if_needed()
    watched.screenshot(path=artifacts / "seen-satisfaction-390.png")


# --- 8. opened from disk -------------------------------------------------------------------------


def test_print_forms_work_when_the_site_is_opened_from_disk(
    page, built_site, site_model, artifacts
):
    """An officer opens a downloaded site from disk (file://): fetch() is refused there, so
    the print page loads the person's data as a script; the search box says it is off."""
    agreement = next(
        a for (_, fy), a in sorted(site_model.model.agreements.items()) if a.form == "teacher"
    )
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    # files from disk are not a request leaving 127.0.0.1: let them past the context's gate
    page.route(lambda url: url.startswith("file://"), lambda route: route.continue_())
    page.set_viewport_size(DESKTOP)
    url = (built_site / "print" / "pa1.html").as_uri()
    page.goto(f"{url}?person={agreement.person}&fy={agreement.fiscal_year}")
    page.wait_for_selector("#pa-print[data-state=ready]")
    assert site_model.name_of(agreement.person) in page.title()
    assert page.locator("[data-pa=part1] tr[data-indicator]").count() == len(agreement.codes)
    page.screenshot(path=artifacts / "seen-print-from-disk.png")
    page.goto((built_site / "index.html").as_uri())
    field = page.locator("input.md-search__input")
    assert "ไม่ได้" in field.get_attribute("placeholder") and field.is_disabled()
    assert requests and all(r.startswith("file://") for r in requests), requests


# --- 6. the round report -----------------------------------------------------------------------

BROKEN_HEADERS = BROKEN_NAMES.replace(
    """'.md-content a[href*="people/"], .md-content a[href*="members/"]'""", "'.pa-report th'"
)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
def test_round_report_opens_with_an_executive_page(
    watched, base_url, site_model, artifacts, viewport
):
    from patracker.engine import kpis

    assert BROKEN_HEADERS != BROKEN_NAMES
    rnd = site_model.last_finished
    watched.set_viewport_size(viewport)
    watched.goto(f"{base_url}reports/{rnd.fiscal_year}-r{rnd.round}.html")
    executive = watched.locator("[data-pa=executive-page]")
    details = watched.locator("#details")
    assert executive.bounding_box()["y"] < details.bounding_box()["y"]
    text = executive.inner_text()
    for kpi in kpis.all_kpis(site_model.model, site_model.forms, rnd.fiscal_year, rnd.round):
        assert kpi.title in text
    assert "รอบที่" in watched.locator("[data-pa=executive] thead").inner_text()  # the round before
    assert watched.locator(".pa-highlights li").count() >= 2
    assert watched.evaluate(BROKEN_HEADERS) == []
    assert watched.evaluate(OVERFLOW) <= 0
    watched.screenshot(path=artifacts / f"seen-report-{viewport['width']}.png")
    watched.emulate_media(media="print")
    watched.set_viewport_size({"width": 794, "height": 1123})  # an A4 page at 96 dpi
    height = executive.bounding_box()["height"]
    assert height < 1123 * 1.2, height  # about one A4 page (1123 CSS px) in print
