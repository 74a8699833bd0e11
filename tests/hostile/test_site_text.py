"""Office-level text (name, short name, province, closed-day names) and a roll-up's
``--title`` carry markup into every page: the theme writes the site name unescaped into
``aria-label``, the header and ``<title>``. Every built page of every audience is parsed
and must hold no element or attribute the text put there (issue 23 §3)."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import problems_of
from pagecheck import csp_first_in_head, live_markup, parse
from patracker.build import build_site
from patracker.project import Project

AS_OF = dt.date(2026, 3, 20)
PAYLOADS = {"svg": "<svg onload=alert(1)>", "quote": '"><script>alert(2)</script>'}
OFFICE_TEXT = ("name", "short_name", "province")
BIN = Path(sys.executable).parent / "patracker"
CLOSED_DAY = "  closed_days:\n    - date: 2026-01-05\n      name: {}\n"


def _poison_office(records: Path, payload: str) -> None:
    path = records / "office.yaml"
    text = path.read_text(encoding="utf-8")
    for key in OFFICE_TEXT:
        text, n = re.subn(
            rf"(?m)^({key}): (.*)$", lambda m: f"{m[1]}: {json.dumps(m[2] + payload)}", text
        )
        assert n == 1, key
    text = text.replace("rules:\n", "rules:\n" + CLOSED_DAY.format(json.dumps("ปิด" + payload)))
    path.write_text(text, encoding="utf-8")


def _assert_inert(site: Path, payload: str) -> None:
    pages = sorted(site.rglob("*.html"))
    assert pages
    shown = 0
    for page in pages:
        name = page.relative_to(site).as_posix()
        assert live_markup(page) == [], name
        assert csp_first_in_head(page), name
        for element in parse(page).elements:
            assert element.tag != "svg" or "onload" not in element.attrs, name
        if "alert(" in page.read_text(encoding="utf-8"):
            shown += 1
    assert shown >= 3  # the text did reach the pages, as text


@pytest.mark.parametrize("audience", ["internal", "public"])
@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_office_text_reaches_no_page_as_markup(records: Path, tmp_path: Path, audience, payload):
    _poison_office(records, payload)
    assert problems_of(records) == []
    out = tmp_path / "site"
    build_site(Project.at(records), out, audience=audience, as_of=AS_OF, quiet=True)
    _assert_inert(out, payload)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "aria-label=" in home and csp_first_in_head(out / "index.html")


def _office_aggregates(records: Path, base: Path) -> Path:
    from patracker import aggregates
    from patracker.model import build_model
    from patracker.render.context import Site
    from patracker.validate import validate

    project = Project.at(records)
    result = validate(project)
    site = Site(project=project, model=build_model(result.corpus, project.forms), as_of=AS_OF)
    for path, content in aggregates.files(site).items():
        (base / path).parent.mkdir(parents=True, exist_ok=True)
        (base / path).write_bytes(content)
    return base


@pytest.mark.parametrize("payload", PAYLOADS.values(), ids=PAYLOADS.keys())
def test_rollup_title_and_office_names_reach_no_page_as_markup(records, tmp_path, payload):
    _poison_office(records, payload)
    office = _office_aggregates(records, tmp_path / "office")
    out = tmp_path / "rollup"
    done = subprocess.run(
        [BIN, "rollup", "--quiet", office, "--out", out, "--title", "ภาพรวม" + payload],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    _assert_inert(out, payload)


def test_search_index_holds_record_text_as_text(records: Path, tmp_path: Path):
    """The theme shows search results as HTML: the index must hold record text escaped,
    for MkDocs' pages (the theme's plugin escapes) and for the bulk pages (shells.py)."""
    _poison_office(records, PAYLOADS["svg"])
    person = next(records.glob("people/*/person.yaml"))
    text = person.read_text(encoding="utf-8")
    text = re.sub(
        r"(?m)^last_name: (.*)$", lambda m: f"last_name: {json.dumps(m[1] + PAYLOADS['svg'])}", text
    )
    person.write_text(text, encoding="utf-8")
    assert problems_of(records) == []
    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    docs = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    reached = [d["location"] for d in docs if "alert(1)" in d["text"]]
    assert any(location.startswith("people/") for location in reached), reached
    assert any(not location.startswith("people/") for location in reached), reached
    for doc in docs:
        for field in ("title", "text"):
            assert live_markup(doc[field]) == [], (doc["location"], field)
            assert not [e.tag for e in parse(doc[field]).elements if e.tag == "svg"], doc[
                "location"
            ]
