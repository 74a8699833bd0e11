"""Every kind of page runs under its Content-Security-Policy in Chromium with no violation
and no script error, and still does its job: search finds a person, a form validates, a
print page lays out its data (issue 23 §3). A control page proves the listener sees a
violation when there is one."""

from __future__ import annotations

from pathlib import Path

import pytest

from patracker.build import build_site
from patracker.project import Project
from patracker.rollup.site import run as build_rollup

from .conftest import AS_OF, RECORDS, serving
from .test_site import open_form, pa1_url, teacher_agreement, unique_surname

pytestmark = pytest.mark.browser

# recorded from before the first script of the page runs
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


class Watched:
    """A tab that remembers CSP violations, uncaught errors and console errors."""

    def __init__(self, page):
        self.page, self.errors = page, []
        page.add_init_script(LISTEN)
        page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))
        page.on("console", self._console)

    def _console(self, message) -> None:
        if message.type == "error" and "favicon.ico" not in (message.location or {}).get("url", ""):
            self.errors.append(f"console: {message.text}")

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")
        self.page.wait_for_timeout(200)  # the theme's bundle starts after load

    def problems(self) -> list[str]:
        return self.page.evaluate("window.__csp || []") + self.errors


@pytest.fixture
def watched(page) -> Watched:
    return Watched(page)


def first(site: Path, folder: str) -> str:
    return next(p for p in sorted((site / folder).glob("*.html")) if p.name != "index.html").name


def internal_pages(site: Path) -> list[str]:
    top = ["index.html", "deadlines.html", "applications.html", "quality.html", "404.html"]
    indexes = [f"{f}/index.html" for f in ("schools", "members", "reports", "changes", "forms")]
    bulk = [f"{f}/{first(site, f)}" for f in ("people", "schools", "members", "lists", "changes")]
    return top + indexes + bulk + ["reports/" + first(site, "reports")]


def test_every_kind_of_internal_page_runs_without_a_violation(watched, base_url, built_site):
    found = {}
    for path in internal_pages(built_site):
        watched.errors.clear()
        watched.open(base_url + path)
        assert watched.page.locator("h1").first.is_visible(), path
        if problems := watched.problems():
            found[path] = problems
    assert found == {}


def test_search_works_under_the_policy(watched, base_url, site_model):
    surname, person = unique_surname(site_model)
    watched.open(base_url + "index.html")
    watched.page.keyboard.press("s")
    field = watched.page.locator("input.md-search__input")
    field.wait_for(state="visible")
    field.fill(surname)
    field.press("End")
    watched.page.locator(".md-search-result__item").first.wait_for()
    links = watched.page.locator(".md-search-result__item a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(f"people/{person}.html" in href for href in links), (surname, links)
    assert watched.problems() == []


def test_a_form_validates_under_the_policy(watched, base_url):
    watched.open(base_url + "forms/person.html")
    watched.page.locator("#pa-submit").wait_for()
    watched.page.locator("#f_id").fill("Bad Id")
    watched.page.locator("#pa-submit").click()
    error = watched.page.locator('[data-pointer="/id"]')
    assert "รูปแบบไม่ถูกต้อง" in error.text_content()  # ajv compiled and ran
    assert watched.problems() == []


def test_a_print_page_lays_out_its_data_under_the_policy(watched, base_url, site_model):
    agreement = teacher_agreement(site_model)
    person = site_model.model.people[agreement.person]
    open_form(watched.page, base_url + pa1_url(agreement))
    text = watched.page.locator("#pa-print").inner_text()
    assert person.first_name in text and person.last_name in text
    assert watched.problems() == []


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("csp-public") / "site"
    return build_site(Project.at(RECORDS), out, audience="public", as_of=AS_OF, quiet=True)


def test_public_pages_run_without_a_violation(watched, public_site):
    with serving(public_site) as url:
        found = {}
        for path in sorted(
            p.relative_to(public_site).as_posix() for p in public_site.glob("*.html")
        ):
            watched.errors.clear()
            watched.open(url + path)
            if problems := watched.problems():
                found[path] = problems
        assert len(list(public_site.glob("*.html"))) >= 4
        assert found == {}


def test_rollup_pages_run_without_a_violation(watched, public_site, tmp_path):
    site, _ = build_rollup([public_site], tmp_path / "rollup", "ภาพรวมทดสอบ", quiet=True)
    with serving(site) as url:
        for page in ("index.html", "offices.html", "about.html"):
            watched.open(url + page)
            assert watched.page.locator("h1").first.is_visible(), page
        assert watched.problems() == []


def test_the_listener_sees_a_violation(watched, base_url):
    """The control: inline script and an inline handler, put into a page, are blocked and
    reported, so the tests above would see one."""

    def planted(route):
        body = (
            route.fetch()
            .text()
            .replace(
                "</body>",
                "<script>window.__ran = 1</script><img src=x onerror='window.__ran = 2'></body>",
            )
        )
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    watched.page.route("**/quality.html", planted)
    watched.open(base_url + "quality.html")
    assert watched.page.evaluate("window.__ran") is None
    violations = watched.page.evaluate("window.__csp")
    assert any(v.startswith("script-src") for v in violations), violations
