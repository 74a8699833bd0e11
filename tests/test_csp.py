"""Every page of a built site carries the Content-Security-Policy as the first thing in its
``<head>``, and runs no inline script (issue 23 §3): MkDocs' pages, the bulk pages filled
into shells, the standalone print pages, the forms, the public site and the roll-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pagecheck import csp_first_in_head, live_markup
from patracker.build import build_site
from patracker.project import Project
from patracker.render.csp import POLICIES

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module", params=["internal", "public"])
def demo_site(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(request.param) / "site"
    build_site(Project.at(ROOT / "records"), out, audience=request.param, as_of=AS_OF, quiet=True)
    return out


def _kinds(site: Path) -> set[str]:
    return {
        p.relative_to(site).parts[0] if p.parent != site else "top" for p in site.rglob("*.html")
    }


def test_every_page_has_the_policy_first_in_head(demo_site: Path):
    pages = sorted(demo_site.rglob("*.html"))
    wrong = [p.relative_to(demo_site).as_posix() for p in pages if csp_first_in_head(p) is None]
    assert wrong == []
    assert {csp_first_in_head(p) for p in pages} <= set(POLICIES.values())


def test_every_kind_of_page_was_checked(demo_site: Path):
    kinds = _kinds(demo_site)
    if (demo_site / "forms").is_dir():  # internal: people, print, forms, lists...
        assert {"top", "people", "schools", "print", "forms", "lists", "members"} <= kinds
    else:
        assert "top" in kinds


def test_no_page_runs_inline_script(demo_site: Path):
    found = {}
    for page in demo_site.rglob("*.html"):
        if markup := live_markup(page):
            found[page.relative_to(demo_site).as_posix()] = markup
    assert found == {}


def test_only_pages_that_load_ajv_may_eval(demo_site: Path):
    for page in demo_site.rglob("*.html"):
        loads_ajv = "assets/forms/ajv2020.min.js" in page.read_text(encoding="utf-8")
        expected = POLICIES["forms"] if loads_ajv else POLICIES["site"]
        assert csp_first_in_head(page) == expected, page.relative_to(demo_site).as_posix()


def test_policy_allows_only_the_site_itself():
    for policy in POLICIES.values():
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in policy and "*" not in policy and "http" not in policy
        assert directives["object-src"] == "'none'"
    assert "'unsafe-eval'" not in POLICIES["site"]


def test_serve_allows_exactly_its_own_reload_script(demo_site: Path):
    """``patracker serve`` appends an inline reload script to each page it serves; the
    served page's policy allows that script by hash and still no other inline script."""
    import base64
    import hashlib
    import re

    from patracker.preview import PreviewServer

    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(demo_site))
    try:
        page = (demo_site / "index.html").read_bytes()
        served = server._inject_js_into_html(page, 7).decode("utf-8")
    finally:
        server.server_close()
    script = re.findall(r"<script>(.*?)</script>", served, re.S)
    assert len(script) == 1 and "livereload(7" in script[0]
    digest = base64.b64encode(hashlib.sha256(script[0].encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', served)[1]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'", f"'sha256-{digest}'"]
