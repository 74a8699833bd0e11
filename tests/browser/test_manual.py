"""The manual for every role (issue 21 §2), made and checked in a browser.

``manual_shots`` walks every shot of ``site_templates/manual/manual.yaml`` on the built
demo site (desktop 1366 px or phone 390 px) and writes the PNGs into the folder the build
reads by default (``build/manual-shots``, or ``PATRACKER_MANUAL_SHOTS``): after this test,
``patracker build`` makes the manual with current pictures. The site is then built again
with those pictures and each manual page is opened at 390 and 1366 px, and printed to A4.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from debian import lock
from patracker.build import build_site
from patracker.project import Project
from patracker.render import manual
from patracker.render.context import Site
from patracker.render.views import Timeline

from .conftest import AS_OF, RECORDS, serving, shared_dir

pytestmark = pytest.mark.browser

ROLES, SHOTS = manual.load()
WIDTHS = {1366: 900, 390: 844}  # viewport width → height
# Words of the trade that a Thai reader of the manual should never meet in its prose
# (commands to type are in <code> and not counted).
DEVELOPER_WORDS = re.compile(
    r"\b(yaml|json|github|git|commit|pull request|merge|schema|records/|cli|terminal|"
    r"none|null|undefined|nan|todo|fixme|traceback|jinja|markdown|html|localhost)\b"
    r"|\{\{|\}\}|\{%",
    re.IGNORECASE,
)
THAI = re.compile(r"[\u0e00-\u0e7f]")


def demo_targets(site: Site) -> dict[str, str]:
    """Whom the shots show: people of the demo office who have something on each page."""
    fy = site.fiscal_year
    model = site.model
    teacher = next(
        p.id
        for p in site.people
        if p.position == "teacher"
        and (a := model.agreements.get((p.id, fy))) is not None
        and a.status == "approved"
        and model.pa_committee_of.get((p.id, fy)) is not None
        and Timeline.of(site).events(p.id, fy)
    )
    committee = model.pa_committee_of[(teacher, fy)]
    member = committee.member_ids[0]
    novice, induction = next(iter(sorted(model.induction_committee_of.items())))
    last = site.last_finished
    return {
        "teacher": teacher,
        "evaluatee": teacher,
        "member": member,
        "novice": novice,
        "induction_member": induction.member_ids[0],
        "school": site.person(teacher).school,
        "fy": str(fy),
        "round": str(site.round.round),
        "report": f"{last.fiscal_year}-r{last.round}",
    }


def shots_dir() -> Path:
    chosen = os.environ.get("PATRACKER_MANUAL_SHOTS")
    return Path(chosen) if chosen else manual.DEFAULT_SHOTS


def take_shot(page, base_url: str, shot: manual.Shot, targets: dict[str, str], out: Path):
    page.set_viewport_size({"width": shot.width, "height": WIDTHS[shot.width]})
    page.goto(base_url + shot.page.format(**targets), wait_until="load")
    page.evaluate("document.fonts.ready")
    if shot.click:
        page.locator(shot.click).first.click()
    if shot.focus:
        page.locator(shot.focus).first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.evaluate("window.scrollBy(0, -72)")  # below the site's fixed header
    page.wait_for_timeout(150)
    page.screenshot(path=str(out / f"{shot.name}.png"))


@pytest.fixture(scope="session")
def manual_shots(browser_context, base_url: str, site_model: Site, tmp_path_factory) -> Path:
    """Walk every shot of the manual on the demo site once per run (the first xdist worker
    to take the lock), then publish the PNGs where the build looks, each file replaced
    whole so a build reading the folder meanwhile never sees half a picture."""
    root = shared_dir(tmp_path_factory)
    walked = root / "manual-shots"
    with lock(root / "manual-shots.lock"):
        if not (walked / "done").is_file():
            walked.mkdir(exist_ok=True)
            targets = demo_targets(site_model)
            tab = browser_context.new_page()
            tab.set_default_timeout(15_000)
            try:
                for shot in SHOTS.values():
                    take_shot(tab, base_url, shot, targets, walked)
            finally:
                tab.close()
            publish(walked, shots_dir())
            (walked / "done").touch()
    return walked


def publish(walked: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for shot in SHOTS:
        part = out / f".{shot}.png.part"
        part.write_bytes((walked / f"{shot}.png").read_bytes())
        os.replace(part, out / f"{shot}.png")


@pytest.fixture(scope="session")
def manual_site(manual_shots: Path, tmp_path_factory) -> Path:
    """The demo site built again, now with the screenshots."""
    root = shared_dir(tmp_path_factory)
    out = root / "manual-site"
    with lock(root / "manual-site.lock"):
        if not (out / "index.html").is_file():
            build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True, manual_shots=manual_shots)
    return out


@pytest.fixture(scope="session")
def manual_url(manual_site: Path):
    with serving(manual_site) as url:
        yield url


def test_every_shot_is_a_picture_of_its_width(manual_shots: Path) -> None:
    published = shots_dir()
    for shot in SHOTS.values():
        data = (manual_shots / f"{shot.name}.png").read_bytes()
        assert (published / f"{shot.name}.png").read_bytes() == data, "not published"
        assert data[:8] == b"\x89PNG\r\n\x1a\n", shot.name
        width = int.from_bytes(data[16:20], "big")
        assert width == shot.width, (shot.name, width)
        assert len(data) > 10_000, f"{shot.name} is nearly empty ({len(data)} bytes)"


def test_every_shot_named_by_a_page_exists_and_every_shot_is_used() -> None:
    texts = "".join(
        (manual.MANUAL_DATA.parent / "roles" / f"{r.slug}.html").read_text(encoding="utf-8")
        for r in ROLES
    )
    named = set(re.findall(r'shot\("([^"]+)"\)', texts))
    assert named == set(SHOTS), named ^ set(SHOTS)


PAGES = ["index", *(r.slug for r in ROLES), "print"]


@pytest.mark.parametrize("width", [390, 1366])
@pytest.mark.parametrize("name", PAGES)
def test_manual_page(page, manual_url: str, artifacts: Path, name: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": WIDTHS[width]})
    page.goto(f"{manual_url}manual/{name}.html", wait_until="load")
    images = page.locator(".pa-manual img")
    expected = 0 if name == "index" else len(page.locator("[data-shot]").all())
    assert images.count() == expected
    if name in {r.slug for r in ROLES}:
        assert expected > 0, "a role's manual has screenshots"
    for img in images.all():
        img.scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.pa-manual img')].every(i => i.complete)"
    )
    broken = page.evaluate(
        "[...document.querySelectorAll('.pa-manual img')]"
        ".filter(i => !(i.naturalWidth > 0)).map(i => i.src)"
    )
    assert broken == []
    assert page.locator(".pa-shot-missing").count() == 0
    prose = page.evaluate(
        "(() => { const c = document.querySelector('.pa-manual').cloneNode(true);"
        " c.querySelectorAll('code').forEach(e => e.remove()); return c.innerText; })()"
    )
    assert len(THAI.findall(prose)) > 200
    assert not DEVELOPER_WORDS.findall(prose)
    overflow = page.evaluate(
        "document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / f"manual-{name}-{width}.png"), full_page=True)


def pdf_text(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


# Read back from a PDF, Thai comes out decomposed (sara am as nikhahit + sara aa) and a
# mark drawn as one glyph with the one before it comes out as NUL: compare what is left
# once marks and spaces are gone.
_MARKS = re.compile(r"[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\x00\s]")


def bare(text: str) -> str:
    return _MARKS.sub("", unicodedata.normalize("NFKC", text))


def _print(page, url: str, out: Path) -> list[str]:
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    page.pdf(path=str(out), format="A4", print_background=True)
    return pdf_text(out)


@pytest.mark.parametrize("role", ROLES, ids=lambda r: r.slug)
def test_each_role_prints_on_a4_in_thai(page, manual_url, artifacts, role) -> None:
    out = artifacts / f"manual-{role.slug}.pdf"
    pages = _print(page, f"{manual_url}manual/{role.slug}.html", out)
    reader = PdfReader(str(out))
    box = reader.pages[0].mediabox
    size = (float(box.width), float(box.height))
    assert abs(size[0] - 595.3) < 2 and abs(size[1] - 841.9) < 2, size  # A4 in points
    text = "".join(pages)
    assert bare(f"คู่มือ{role.title}") in bare(text)
    thai = len(THAI.findall(text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert thai > 300 and thai > 3 * latin, (thai, latin)


def test_print_view_starts_each_role_on_a_new_page(page, manual_url, artifacts) -> None:
    pages = _print(page, f"{manual_url}manual/print.html", artifacts / "manual-all.pdf")
    starts = []
    for role in ROLES:
        heading = bare(f"คู่มือ{role.title}")
        found = [i for i, text in enumerate(pages) if bare(text).startswith(heading)]
        assert found, f"no page begins with {heading}"
        starts.append(found[0])
    assert starts == sorted(starts) and len(set(starts)) == len(ROLES)
