"""View models (render/views) and the history stage of ``build_site`` (issue 20.4).

``Site`` keeps the shared look-ups; each family of pages reads a view model made once per
build; the Git history is read once by the build and handed to the ``Site``, never loaded
by a page on first use.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import MINIMAL, project_at
from patracker.build import site as build
from patracker.engine import deadlines
from patracker.history import Change, History
from patracker.model import build_model
from patracker.render import Renderer
from patracker.render.context import Site
from patracker.render.pages import people
from patracker.render.views import Tasks, Trail
from patracker.validate import validate

AS_OF = dt.date(2026, 11, 20)
TEMPLATES = Path(__file__).resolve().parent.parent / "site_templates"


def site_of(records: Path = MINIMAL, **options) -> Site:
    project = project_at(records)
    result = validate(project)
    model = build_model(result.corpus, project.forms)
    return Site(project, model, AS_OF, corpus=result.corpus, **options)


def test_a_view_is_made_once_per_site_and_answers_as_the_engine():
    site, other = site_of(), site_of()
    tasks = Tasks.of(site)
    assert Tasks.of(site) is tasks and Tasks.of(other) is not tasks
    rnd = site.round
    engine = deadlines.round_tasks(site.model, site.forms, rnd.fiscal_year, rnd.round)
    assert tasks.all == engine
    assert tasks.overdue == deadlines.overdue(engine, AS_OF)


def test_a_page_shows_the_history_it_was_given_and_loads_none(monkeypatch):
    def no_git(*args, **kwargs):
        raise AssertionError("a page loaded the Git history itself")

    monkeypatch.setattr(build, "load_history", no_git)
    person = sorted(p.name for p in MINIMAL.glob("people/*"))[0]
    change = Change(
        path=f"people/{person}/person.yaml",
        kind="person",
        action="modified",
        commit="c0ffee",
        author="HR",
        email="hr@example.org",
        date=dt.datetime(2026, 11, 1, 9, 0),
        subject="fix phone",
        person=person,
        pr=4242,
        pr_title="แก้เบอร์โทรศัพท์ที่ส่งมาทดสอบ",
    )
    site = site_of(history=History(changes=[change], head="c0ffee"))
    assert Trail.of(site).history is site.history
    page = next(p for p in people(site) if p.context["person"].id == person)
    text = Renderer(site, TEMPLATES).render(page)
    assert "PR #4242" in text and "แก้เบอร์โทรศัพท์ที่ส่งมาทดสอบ" in text
    bare = site_of()  # no history handed in: an empty one, and still no Git
    page = next(p for p in people(bare) if p.context["person"].id == person)
    assert "PR #4242" not in Renderer(bare, TEMPLATES).render(page)


def test_a_school_audience_reads_the_history_once_for_all_its_sites(monkeypatch, tmp_path):
    read, handed = [], []
    monkeypatch.setattr(build, "read_history", lambda project: read.append(project) or History())
    monkeypatch.setattr(build, "_claimed_build", lambda *args: handed.append(args[-1]))
    build.build_site(project_at(MINIMAL), tmp_path / "out", audience="school", as_of=AS_OF)
    schools = len(list(MINIMAL.glob("schools/*.yaml")))
    assert len(read) == 1 and len(handed) == schools >= 2
    assert handed[0] is not None and all(history is handed[0] for history in handed)


@pytest.mark.parametrize(("audience", "reads"), [("internal", 1), ("school", 1), ("public", 0)])
def test_the_history_stage_reads_git_only_for_sites_that_show_it(monkeypatch, audience, reads):
    read: list = []
    monkeypatch.setattr(build, "read_history", lambda project: read.append(project) or History())
    project = project_at(MINIMAL)
    found = build.history_stage(project, audience, None)
    assert isinstance(found, History) and len(read) == reads
    given = History(head="abc")
    assert build.history_stage(project, audience, given) is given and len(read) == reads
