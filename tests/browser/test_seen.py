"""What people see (issue 22): the demo site measured in headless Chromium on a 1366-px
desktop and a 390-px phone — Thai search as a Thai keyboard types, chart and label sizes,
column width, overflow, English leaks, the deadlines filter. Every page here must log no
console error and load nothing from beyond 127.0.0.1 (the ``page`` fixture)."""

from __future__ import annotations

import pytest

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


def search(page, base_url: str, query: str) -> list[str]:
    """The result links (paths) the search box lists for ``query`` typed on the home page."""
    page.goto(base_url + "index.html")
    page.keyboard.press("s")  # Material opens search on "s"
    page.locator("input.md-search__input").wait_for(state="visible")
    type_thai(page, query)
    meta = page.locator(".md-search-result__meta")
    page.wait_for_function(
        "q => window.paThaiSearch && document.querySelector('.md-search-result__meta')"
        " && !/พิมพ์|Type/.test(document.querySelector('.md-search-result__meta').textContent)",
        arg=query,
    )
    meta.wait_for()
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
    links = search(watched, base_url, query)
    top = links[: len(ids)]
    assert sorted(top) == sorted(f"people/{i}.html" for i in ids), (query, links[:8])


def test_search_finds_a_male_title_joined_to_a_first_name(watched, base_url, site_model):
    watched.set_viewport_size(DESKTOP)
    person = next(p for p in site_model.people if p.title == "นาย")
    links = search(watched, base_url, person.title + person.first_name)
    assert f"people/{person.id}.html" in links[:8], links[:8]


def test_search_finds_a_position_written_as_one_word(watched, base_url, site_model):
    watched.set_viewport_size(DESKTOP)
    assistants = {
        f"people/{p.id}.html" for p in site_model.people if p.position == "assistant-teacher"
    }
    links = search(watched, base_url, "ครูผู้ช่วย")
    assert assistants & set(links), links[:8]


def test_search_finds_a_word_inside_a_school_name(watched, base_url, site_model):
    from pythainlp.tokenize import word_tokenize

    school = next(iter(site_model.model.schools.values()))
    words = word_tokenize(school.name.removeprefix("โรงเรียน"), engine="newmm")
    inner = "".join(words[1:3])  # two words from inside the name, typed joined
    assert inner and not school.name.removeprefix("โรงเรียน").startswith(inner)
    links = search(watched, base_url, inner)
    assert f"schools/{school.id}.html" in links[:5], (inner, links[:8])


def test_search_finds_a_status_written_as_one_word(watched, base_url):
    watched.set_viewport_size(PHONE)
    links = search(watched, base_url, "ไม่ผ่าน")
    assert links and links[0].startswith("lists/") and "failed" in links[0], links[:8]
