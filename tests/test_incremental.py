"""Incremental builds (issue 8): after an edit, the site built on top of the previous one is
byte for byte the site a clean full build makes, and unchanged pages really were reused."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from patracker.build import build_site
from patracker.project import SOURCE_ROOT, Project
from patracker.reuse import RoundResults

AS_OF = dt.date(2026, 11, 20)
PERSON = "people/anchalee-boonma/person.yaml"
MEMBER = "people/aphichat-sriwong/person.yaml"
EVALUATION = "people/anchalee-boonma/2569/evaluations/r1-aphichat-sriwong.yaml"
OFFICER = "people/weeraphon-chomphu/person.yaml"  # moves applications on: pages name them


def _sub(path: str, pattern: str, replacement: str):
    def edit(records: Path) -> None:
        target = records / path
        text = target.read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, f"the edit of {path} changed nothing"
        target.write_text(changed, encoding="utf-8")

    return edit


EDITS = {
    "a teacher's phone": _sub(PERSON, r"phone: \S+", "phone: 0899999999"),
    "a committee member's surname": _sub(MEMBER, r"^last_name: .*$", "last_name: ทดสอบใหม่"),
    "one score in a PA 2": _sub(EVALUATION, r"(1\.1:\n    level:) 3", r"\1 4"),
    "a PA 2 made a draft again": _sub(EVALUATION, r"^final: true", "final: false"),
    "an HR officer's surname": _sub(OFFICER, r"^last_name: .*$", "last_name: ทดสอบ"),
    "the office's report due date": _sub(
        "office.yaml", r"report: 2026-04-15", "report: 2026-04-16"
    ),
}


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(records: Path, out: Path) -> Path:
    return build_site(Project.at(records), out, as_of=AS_OF, quiet=True)


def built_once(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo office and a full build of it."""
    records, site = tmp_path / "records", tmp_path / "site"
    shutil.copytree(SOURCE_ROOT / "records", records)
    return records, build(records, site)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_build_equals_a_clean_full_build(tmp_path: Path, edit):
    records, site = built_once(tmp_path)
    before = tree(site)
    edit(records)
    build(records, site)
    incremental = tree(site)
    RoundResults.forget()  # the clean build works out every result again
    clean = tree(build(records, tmp_path / "clean"))
    assert incremental.keys() == clean.keys()
    differing = sorted(p for p in clean if incremental[p] != clean[p])
    assert differing == [], f"incremental build differs from a full build in {differing[:10]}"
    assert incremental != before, "the edit changed nothing on the site: not a real test"


def test_unchanged_pages_are_linked_not_rendered_again(tmp_path: Path):
    records, site = built_once(tmp_path)
    inodes = {p.name: p.stat().st_ino for p in (site / "people").glob("*.html")}
    EDITS["one score in a PA 2"](records)
    build(records, site)
    after = {p.name: p.stat().st_ino for p in (site / "people").glob("*.html")}
    kept = [name for name in inodes if after.get(name) == inodes[name]]
    assert after["anchalee-boonma.html"] != inodes["anchalee-boonma.html"]  # rendered anew
    assert len(kept) >= 0.8 * len(inodes), f"only {len(kept)} of {len(inodes)} pages reused"


def test_a_file_changed_by_hand_in_the_site_is_not_reused(tmp_path: Path):
    records, site = built_once(tmp_path)
    page = site / "people/somchai-panthong.html"
    original = page.read_text(encoding="utf-8")
    page.write_text("tampered", encoding="utf-8")
    build(records, site)
    assert page.read_text(encoding="utf-8") == original


def test_forked_workers_make_the_same_site_as_one_process(tmp_path, monkeypatch):
    """Workers start on downloads while MkDocs runs and on pages once the shells exist; the
    site is the same file for file as one process makes it, search index included."""
    from patracker import shells

    records, alone = built_once(tmp_path)
    monkeypatch.setattr(shells, "PARALLEL_ABOVE", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    RoundResults.forget()
    shared = build(records, tmp_path / "shared")
    assert tree(shared) == tree(alone)
