"""`patracker build`: pages from the demo office, escaped record text, atomic output."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from patracker.build import BuildError, build_site
from patracker.project import Project

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "records"
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True)
    return out


def test_home_school_and_person_pages_exist(demo_site: Path):
    assert (demo_site / "index.html").is_file()
    assert len(list((demo_site / "people").glob("*.html"))) == len(
        list(RECORDS.glob("people/*/person.yaml"))
    )
    assert (
        len(list((demo_site / "schools").glob("*.html")))
        == len(list(RECORDS.glob("schools/*.yaml"))) + 1
    )


def test_home_counts_match_the_records_and_link_to_their_people(demo_site: Path):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    approved = sorted(
        p.parents[1].name
        for p in RECORDS.glob("people/*/2570/agreement.yaml")
        if "status: approved" in p.read_text(encoding="utf-8")
    )
    assert 'lang="th"' in html
    assert "ปีงบประมาณ 2570" in html
    assert "20 พฤศจิกายน 2569" in html  # the reference date in Buddhist Era
    desc = re.search(r'<desc id="chart-agreements-d">([^<]*)</desc>', html).group(1)
    assert f"เห็นชอบ {len(approved)} คน" in desc
    assert 'href="lists/agreements-approved.html"' in html
    listed = (demo_site / "lists/agreements-approved.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="../people/([a-z0-9-]+)\.html"', listed)) == approved


def test_person_page_shows_be_dates(demo_site: Path):
    person = sorted(RECORDS.glob("people/*/2569/agreement.yaml"))[0].parents[1].name
    html = (demo_site / "people" / f"{person}.html").read_text(encoding="utf-8")
    assert "ปีงบประมาณ 2569" in html
    assert re.search(r"\d{1,2} (ต\.ค\.|พ\.ย\.|ก\.ย\.|ธ\.ค\.) 256[89]", html)


def test_record_text_is_escaped_and_bad_links_are_not_links(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    path = sorted(records.glob("people/*/2570/progress.yaml"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("    text: "))
    lines[index] = (
        '    text: "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"'
    )
    lines.insert(index + 1, "    evidence:\n      - {title: คลิก, url: javascript:alert(4)}")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BuildError):  # the javascript: link is refused by the schema first
        build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    lines.pop(index + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    html = (tmp_path / "site" / "people" / f"{path.parents[1].name}.html").read_text(
        encoding="utf-8"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    person = sorted(records.glob("people/*/person.yaml"))[0]
    person.write_text(person.read_text(encoding="utf-8") + "standing: twice\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert "PA011" in str(failure.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_the_replaced_site_is_deleted_after_the_new_one_is_in_place(tmp_path: Path):
    from patracker import build

    out = tmp_path / "site"
    for _ in range(3):  # the third swap waits for the second's deletion
        build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True)
        assert (out / "index.html").is_file()
    build.finish_clearing()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_two_processes_build_the_same_site(tmp_path: Path):
    """Sets of strings come in another order in every Python process (hash seeds): nothing
    on a page may follow that order, or two builds of the same records differ."""
    import os
    import subprocess
    import sys

    script = (
        "import datetime, sys; from pathlib import Path;"
        "from patracker.build import build_site; from patracker.project import Project;"
        "build_site(Project.at(Path(sys.argv[1])), Path(sys.argv[2]),"
        " as_of=datetime.date(2026, 11, 20), quiet=True)"
    )
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(RECORDS), str(site)], env=env, check=True)
        sites.append({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()})
    differing = [str(p) for p in sites[0] if sites[0][p] != sites[1].get(p)]
    assert sites[0].keys() == sites[1].keys() and differing == []


def test_unknown_audience_is_refused_clearly(tmp_path: Path):
    with pytest.raises(BuildError, match="audience"):
        build_site(
            Project.at(RECORDS), tmp_path / "site", audience="staff", as_of=AS_OF, quiet=True
        )
    assert not (tmp_path / "site").exists()


_LOADS = re.compile(
    r"""(?:<(?:script|img|iframe|source|audio|video)[^>]*\ssrc|<link[^>]*\shref)\s*=\s*["']([^"']+)""",
    re.I,
)
_CSS_URLS = re.compile(r"""url\(\s*["']?([^"')]+)""")


def test_the_site_carries_its_thai_font_and_loads_nothing_from_another_host(demo_site: Path):
    css = (demo_site / "assets/pa.css").read_text(encoding="utf-8")
    assert "fonts/sarabun-thai-400-normal.woff2" in css
    font = (demo_site / "assets/fonts/sarabun-thai-400-normal.woff2").read_bytes()
    assert font.startswith(b"wOF2")
    assert font == (REPO / "site_templates/assets/fonts/sarabun-thai-400-normal.woff2").read_bytes()
    external = []
    for path in demo_site.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            targets = _LOADS.findall(text) + _CSS_URLS.findall(text)
            external += [(path.name, t) for t in targets if re.match(r"(https?:)?//", t)]
    assert external == []


def test_every_internal_page_asks_search_engines_to_stay_out(demo_site: Path):
    pages = list(demo_site.rglob("*.html"))
    assert len(pages) > 100
    missing = [
        p.name
        for p in pages
        if '<meta name="robots" content="noindex, nofollow">' not in p.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_search_index_holds_pages_people_look_for_but_not_their_print_copies(demo_site: Path):
    import json

    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("people/") for loc in locations)
    assert not any(loc.startswith("print/") or "_shell" in loc for loc in locations)
    assert (demo_site / "search/search_index.json").stat().st_size < 5_000_000


def test_printable_forms_are_plain_a4_documents_that_load_only_local_styles(demo_site: Path):
    pages = sorted(p.name for p in (demo_site / "print").glob("*.html"))
    assert pages == ["pa1.html", "pa2.html", "pa3.html"]  # generic pages, not one per form
    for name in pages:
        html = (demo_site / "print" / name).read_text(encoding="utf-8")
        assert 'class="md-header' not in html  # no theme chrome: a form, not a web page
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
            "../assets/pa.css",
            "../assets/print.css",
        ]
        assert re.findall(r'<script src="([^"]+)"', html) == ["../assets/print.js"]
        assert 'lang="th"' in html and "noindex" in html
    assert (demo_site / "assets/print.js").is_file()
    data = sorted((demo_site / "print/data").glob("*.json"))
    assert len(data) > 100 and not (demo_site / "print/2570").exists()


def test_search_text_read_from_the_opening_of_a_page_equals_reading_it_whole(demo_site: Path):
    """The index keeps the first characters of a page's text; reading only the opening of
    the body must give exactly what reading the whole body gives, tags never cut."""
    from patracker import shells

    bodies = [p.read_text(encoding="utf-8") for p in sorted(demo_site.glob("people/*.html"))]
    bodies += ["", "<p>สั้น</p>", "<p>" + "ก" * 500 + "</p>", "<b>x</b>" * 300, "a" * 50]
    bodies.append('<div title="' + "&gt;" * 200 + '">' + "ข " * 300 + "</div>")
    for body in bodies:
        for size in (1, 100, 1000):
            assert shells._opening(body, size) == shells._plain(body)[:size]
