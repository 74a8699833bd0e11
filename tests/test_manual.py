"""The manual's pages without a browser: a picture found is copied in and shown, a
picture missing is a plain Thai placeholder, never a broken image (render/manual.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render import Renderer, manual, pages
from patracker.render.context import Site
from patracker.render.pages import Download, Page
from patracker.validate import validate

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64  # the build copies bytes; it never decodes them
ROLES, SHOTS = manual.load()


@pytest.fixture(scope="module")
def parts():
    project = Project.at(SOURCE_ROOT / "records")
    result = validate(project)
    return project, build_model(result.corpus, project.forms), result.corpus


def site_with(parts, shots: Path | None) -> Site:
    project, model, corpus = parts
    return Site(
        project=project, model=model, as_of=dt.date(2026, 11, 20), corpus=corpus, manual_shots=shots
    )


def render(site: Site, path: str) -> str:
    page = next(i for i in pages.manual_pages(site) if isinstance(i, Page) and i.path == path)
    return Renderer(site, SOURCE_ROOT / "site_templates").render(page)


def test_found_pictures_are_copied_and_shown_missing_ones_say_so_in_thai(parts, tmp_path):
    (tmp_path / "teacher-search.png").write_bytes(PNG)
    (tmp_path / "not-in-the-list.png").write_bytes(PNG)  # not the manual's: left out
    site = site_with(parts, tmp_path)
    downloads = [i for i in pages.manual_pages(site) if isinstance(i, Download)]
    assert [(d.path, d.bytes()) for d in downloads] == [("manual/shots/teacher-search.png", PNG)]
    text = render(site, "manual/teacher.md")
    assert re.findall(r'src="([^"]+)"', text) == ["shots/teacher-search.png"]
    teacher_shots = [n for n in SHOTS if n.startswith("teacher-")]
    assert text.count('class="pa-shot-missing"') == len(teacher_shots) - 1
    assert "ยังไม่ได้สร้าง" in text


def test_every_role_has_a_page_and_the_print_view_holds_them_all(parts, tmp_path):
    site = site_with(parts, tmp_path / "none")  # no folder: every picture is a placeholder
    paths = [i.path for i in pages.manual_pages(site)]
    assert paths == ["manual/index.md", *(f"manual/{r.slug}.md" for r in ROLES), "manual/print.md"]
    printed = render(site, "manual/print.md")
    assert printed.count('class="pa-manual-role"') == len(ROLES)
    assert "<img" not in printed and "style=" not in printed and "<script" not in printed


def test_a_page_naming_an_unknown_shot_fails_the_build(parts, tmp_path):
    shots = manual.Shots(tmp_path, SHOTS)
    with pytest.raises(KeyError, match="no-such-shot"):
        shots.made("no-such-shot")
