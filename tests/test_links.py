"""Every internal link and asset of the built demo site resolves, in both audiences.

A page can link a list or a person page that no builder made (issue 20's probe: a macro
added to a template linked `lists/probe-….html`, which was never built). This reads
every href and src of every built HTML file, as a browser would resolve it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest

from patracker.build import build_site
from patracker.project import Project

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 20)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def internal_targets(html: str) -> list[str]:
    """The paths of the links and assets that stay inside the site."""
    parser = _Links()
    parser.feed(html)
    kept = []
    for target in parser.targets:
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, tel:, data:, or a fragment of this page
        kept.append(unquote(parts.path))
    return kept


def resolves(site: Path, page: Path, target: str) -> bool:
    base = PurePosixPath(page.relative_to(site).as_posix()).parent
    path = PurePosixPath(target.lstrip("/")) if target.startswith("/") else base / target
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            if not parts:
                return False  # leaves the site
            parts.pop()
        elif part != ".":
            parts.append(part)
    found = site.joinpath(*parts)
    return found.is_file() or (found / "index.html").is_file()


def broken_links(site: Path) -> dict[str, list[str]]:
    broken: dict[str, list[str]] = defaultdict(list)
    for page in sorted(site.rglob("*.html")):
        for target in internal_targets(page.read_text(encoding="utf-8")):
            if not resolves(site, page, target):
                broken[target].append(page.relative_to(site).as_posix())
    return dict(broken)


@pytest.fixture(scope="module", params=["internal", "public"])
def built(request, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp(request.param) / "site"
    build_site(Project.at(REPO / "records"), out, audience=request.param, as_of=AS_OF, quiet=True)
    return out


def test_every_internal_link_and_asset_resolves(built: Path) -> None:
    broken = broken_links(built)
    report = {target: pages[:3] for target, pages in list(broken.items())[:20]}
    assert not broken, f"{len(broken)} broken targets, e.g. {report}"


def test_the_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "a.html").write_text("")
    (tmp_path / "index.html").write_text(
        '<a href="lists/a.html#x">ok</a><a href="lists/probe.html">no</a>'
        '<img src="../outside.png"><a href="https://example.org/x">away</a><a href="#top">top</a>'
    )
    assert broken_links(tmp_path) == {
        "lists/probe.html": ["index.html"],
        "../outside.png": ["index.html"],
    }
