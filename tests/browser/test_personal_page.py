"""A teacher opens her personal page (audience "personal") on a phone: her status, her
next step and her forms are there, and nothing about anyone else (issue 24)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import LINK_SECRET
from patracker import links

from .conftest import RECORDS, serving

TEACHER = "anchalee-boonma"


def _names() -> dict[str, str]:
    out = {}
    for path in RECORDS.glob("people/*/person.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        out[data["id"]] = f"{data['first_name']} {data['last_name']}"
    return out


def _evaluators(person: str) -> set[str]:
    found = set()
    for path in RECORDS.glob("committees/*/*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        if person in data.get("assessees", ()):
            found |= {m["person"] for m in data["members"]}
    return found


@pytest.fixture(scope="module")
def personal_url(personal_site: Path):
    with serving(personal_site) as url:
        yield url + links.folder(TEACHER, LINK_SECRET.encode())


def test_a_teacher_reads_her_own_page_on_a_phone(page, personal_url: str, artifacts: Path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(personal_url)
    names = _names()
    assert names[TEACHER] in page.locator("h1").inner_text()
    status = page.locator("[data-pa=status]")
    assert "ข้อตกลง (PA 1)" in status.inner_text()
    assert page.locator("[data-pa=next-step] h2").is_visible()
    forms = page.locator("[data-pa=forms]")
    assert forms.locator("a[href*='print/pa1.html']").count() >= 1
    # nothing wider than the phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    text = page.locator("body").inner_text()
    allowed = {TEACHER} | _evaluators(TEACHER)
    others = [
        pid
        for pid, name in names.items()
        if pid not in allowed and name in text and name not in {names[a] for a in allowed}
    ]
    assert others == []
    assert page.locator("input[type=search], form").count() == 0  # no search of anyone
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert all(not h.startswith(("http:", "https:", "/", "../")) for h in links), links
    page.screenshot(path=str(artifacts / "personal-page-390.png"), full_page=True)
    # her print form opens with her data, from her folder only
    href = forms.locator("a[href*='print/pa1.html']").first.get_attribute("href")
    page.goto(personal_url + href)
    form = page.locator("#pa-print")
    page.wait_for_function("document.getElementById('pa-print').dataset.state !== 'loading'")
    assert names[TEACHER].split()[0] in form.inner_text()
