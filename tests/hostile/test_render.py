"""HTML, script and Markdown tricks in every free-text field render as text, never as markup.

The minimal tree gets the same hostile payload in each free-text field (names, school name,
challenge titles, approver's note, review comments, progress text, evidence titles, reasons,
ว26 feedback); the internal site is built and every page is searched for live markup.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import edit, problems_of
from patracker.build import build_site
from patracker.project import Project

from .conftest import bounded

PAYLOAD = "</title><script>alert(1)</script><img src=x onerror=alert(2)>[x](javascript:x)"
AS_OF = dt.date(2026, 3, 20)
# key (as written at the start of a line) → the files where it holds free text
FREE_TEXT = {
    "first_name: ": "people/*/person.yaml",
    "last_name: ": "people/*/person.yaml",
    "name: ": "schools/*.yaml",
    "  - title: ": "people/*/2569/agreement.yaml",
    "  note: ": "people/*/2569/agreement.yaml",
    "general: ": "people/*/2569/reviews/*.yaml",
    '  "1.4": ': "people/*/2569/reviews/*.yaml",
    "    text: ": "people/*/2569/progress.yaml",
    "      - title: ": "people/*/2569/progress.yaml",
    "    reason: ": "applications/*.yaml",
    "reason: ": "people/*/2569/evaluations/*amend1.yaml",
    "strengths: ": "people/*/induction/*.yaml",
}


def _poison(tree: Path) -> int:
    """Put the payload in every free-text field; return how many values were replaced."""
    count = 0
    for key, pattern in FREE_TEXT.items():
        for path in tree.glob(pattern):
            text = path.read_text(encoding="utf-8")
            new, n = re.subn(rf"(?m)^{re.escape(key)}.*$", key + json.dumps(PAYLOAD), text)
            path.write_text(new, encoding="utf-8")
            count += n
    return count


def _complete_induction_round(tree: Path) -> None:
    """Give the ว26 round all three evaluations (person.md cannot yet list missing members)."""
    folder = tree / "people/napa-jaiyen/induction"
    source = (folder / "e1-kanya-srisuk.yaml").read_text(encoding="utf-8")
    for member in ("malee-raksa", "sunee-phonphan"):
        text = source.replace("member: kanya-srisuk", f"member: {member}")
        (folder / f"e1-{member}.yaml").write_text(text, encoding="utf-8")


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_hostile_text_in_every_free_text_field_renders_as_text(tree: Path, tmp_path: Path):
    _complete_induction_round(tree)
    assert _poison(tree) >= 20
    assert [p for p in problems_of(tree) if p[0] != "PA101"] == []
    out = tmp_path / "out" / "site"
    before = _files(tmp_path) - _files(tmp_path / "out")
    with bounded(60):
        build_site(Project.at(tree), out, as_of=AS_OF, quiet=True)
    assert {  # nothing written outside the output, besides the local cache (reuse.py)
        p
        for p in _files(tmp_path)
        if out.parent not in p.parents and p != out.parent and ".patracker-cache" not in p.parts
    } == {p for p in before if ".patracker-cache" not in p.parts}
    pages = {p.name: p.read_text(encoding="utf-8") for p in out.rglob("*.html")}
    shown = [name for name, html in pages.items() if "&lt;script&gt;alert(1)" in html]
    assert len(shown) >= 5
    for name, html in pages.items():
        assert "<script>alert" not in html, name
        assert not re.search(r"<img\b[^>]*\bonerror", html, re.I), name
        assert 'href="javascript:' not in html.lower(), name
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and html.count("<title>") == 1, name


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "//evil.example/x",
    ],
)
def test_evidence_link_that_is_not_http_is_refused(tree: Path, url: str):
    path = "people/somsak-thongdee/2569/progress.yaml"
    edit(tree, path, "url: https://example.org/evidence/barmodel-1", f"url: {json.dumps(url)}")
    line = next(
        n
        for n, text in enumerate((tree / path).read_text(encoding="utf-8").splitlines(), 1)
        if "url:" in text and "example.org" not in text
    )
    assert problems_of(tree) == [("PA105", path, line)]


def test_http_evidence_links_open_safely(tree: Path, tmp_path: Path):
    _complete_induction_round(tree)
    out = tmp_path / "site"
    build_site(Project.at(tree), out, as_of=AS_OF, quiet=True)
    html = (out / "people" / "somsak-thongdee.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="https://example\.org/evidence/barmodel-1"[^>]*>', html)
    assert links
    assert all('rel="noopener noreferrer"' in link for link in links)
