"""Audiences as data (schemas/audiences/audiences.yaml), unguessable personal links, and each
audience's leak check (issue 24)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patracker import audiences, links
from patracker.audience_audit import audit_audience
from patracker.cli import app
from patracker.render.pages import PAGES, builders_of, list_pages

from .conftest import AS_OF, RECORDS, SCHOOL, SECRET, TEACHER, person, someone_elsewhere

ENV = {"PATRACKER_LINK_SECRET": SECRET}


def test_the_audiences_file_names_four_audiences_and_internal_is_office():
    assert {"office", "school", "personal", "public"} <= set(audiences.names())
    assert audiences.get("internal") is audiences.get("office")
    assert builders_of("internal") == (*PAGES, list_pages)
    school = builders_of("school")
    assert list_pages in school and not {b.__name__ for b in school} & {"changes", "quality"}


def test_an_unknown_audience_is_refused_in_thai_and_english(tmp_path: Path):
    result = CliRunner().invoke(
        app,
        ["build", "--audience", "nobody", "--records", str(RECORDS), "--out", str(tmp_path / "s")],
    )
    assert result.exit_code == 2
    assert "ไม่รู้จักกลุ่มผู้อ่าน" in result.output and "unknown audience" in result.output


def test_a_personal_build_without_a_secret_is_refused(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("PATRACKER_LINK_SECRET", raising=False)
    out = tmp_path / "personal"
    result = CliRunner().invoke(
        app, ["build", "--audience", "personal", "--records", str(RECORDS), "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "PATRACKER_LINK_SECRET" in result.output and "ต้องกำหนด" in result.output
    assert not out.exists()


def test_links_are_long_keyed_and_revoked_by_a_new_secret():
    key = SECRET.encode()
    token = links.token(TEACHER, key)
    assert len(token) * 5 >= 128 and token == links.token(TEACHER, key)
    assert token != links.token("someone-else", key)
    assert token != links.token(TEACHER, b"another-secret-0123456789")
    assert TEACHER not in token
    link = links.personal_link(TEACHER, {**ENV, "PATRACKER_PERSONAL_URL": "https://pa.example/my/"})
    assert link == f"https://pa.example/my/p/{token}/"
    assert links.personal_link(TEACHER, ENV) is None  # no site address: no link


def test_each_person_has_a_noindex_page_at_her_secret_folder(personal_site: Path):
    page = personal_site / links.folder(TEACHER, SECRET.encode()) / "index.html"
    text = page.read_text("utf-8")
    data = person(TEACHER)
    assert f"{data['first_name']} {data['last_name']}" in text
    assert '<meta name="robots" content="noindex' in text
    assert 'http-equiv="Content-Security-Policy"' in text
    assert not (personal_site / "p" / TEACHER).exists()
    assert "Disallow: /" in (personal_site / "robots.txt").read_text()
    for other in personal_site.glob("p/*/index.html"):
        assert '<meta name="robots" content="noindex' in other.read_text("utf-8")


def test_the_personal_build_passes_its_leak_check(personal_site: Path):
    assert audit_audience(personal_site, RECORDS, "personal", ENV) == []


def test_a_colleague_planted_in_a_personal_page_is_found(personal_site: Path, tmp_path: Path):
    copy = tmp_path / "copy"
    shutil.copytree(personal_site, copy)
    page = copy / links.folder(TEACHER, SECRET.encode()) / "index.html"
    colleague = next(
        p
        for p in sorted(RECORDS.glob("people/*"))
        if p.name not in (TEACHER,)
        and person(p.name).get("school") == SCHOOL
        and person(p.name)["position"] == "teacher"
    ).name
    data = person(colleague)
    page.write_text(page.read_text("utf-8") + f"<p>{data['first_name']} {data['last_name']}</p>")
    leaks = audit_audience(copy, RECORDS, "personal", ENV)
    assert [(leak.secret.person, leak.secret.kind) for leak in leaks] == [(colleague, "name")]


def test_the_school_build_holds_only_its_school(school_site: Path):
    assert [p.name for p in school_site.iterdir()] == [SCHOOL]  # --school: that one only
    people = {p.stem for p in (school_site / SCHOOL / "people").glob("*.html")}
    mine = {
        p.parent.name
        for p in RECORDS.glob("people/*/person.yaml")
        if person(p.parent.name).get("school") == SCHOOL
    }
    assert people and people <= mine
    assert audit_audience(school_site, RECORDS, "school") == []


def test_another_schools_phone_planted_in_a_school_build_is_found(
    school_site: Path, tmp_path: Path
):
    copy = tmp_path / SCHOOL
    shutil.copytree(school_site / SCHOOL, copy)
    other = someone_elsewhere()
    page = copy / "index.html"
    page.write_text(page.read_text("utf-8") + f"<p>{other['contact']['phone']}</p>")
    leaks = audit_audience(copy, RECORDS, "school")
    assert [(leak.secret.person, leak.secret.kind) for leak in leaks] == [(other["id"], "phone")]
    assert AS_OF  # the builds are of one reference date (conftest)


def test_audit_site_cli_exits_1_on_a_leak_and_2_without_a_secret(
    personal_site, tmp_path, monkeypatch
):
    copy = tmp_path / "copy"
    shutil.copytree(personal_site, copy)
    other = someone_elsewhere()
    (copy / "index.html").write_text(f"<p>{other['contact']['email']}</p>")
    monkeypatch.setenv("PATRACKER_LINK_SECRET", SECRET)
    args = ["audit-site", str(copy), "--audience", "personal", "--records", str(RECORDS)]
    assert CliRunner().invoke(app, args).exit_code == 1
    monkeypatch.delenv("PATRACKER_LINK_SECRET")
    assert CliRunner().invoke(app, args).exit_code == 2


def test_a_digest_links_her_own_work_to_her_personal_page(monkeypatch):
    from patracker.model import build_model
    from patracker.project import Project
    from patracker.remind.digest import digests
    from patracker.render.context import Site
    from patracker.validate import validate

    project = Project.at(RECORDS)
    result = validate(project)
    site = Site(project, build_model(result.corpus, project.forms), AS_OF, corpus=result.corpus)
    office = "https://pa.example/internal"

    def own_links() -> dict[str, str]:
        return {
            d.person: s.link
            for d in digests(site, office)
            for s in d.sections
            if s.heading == "งานของท่านเอง"
        }

    monkeypatch.delenv("PATRACKER_LINK_SECRET", raising=False)
    before = own_links()
    assert before and all(link.startswith(f"{office}/people/") for link in before.values())
    monkeypatch.setenv("PATRACKER_LINK_SECRET", SECRET)
    monkeypatch.setenv("PATRACKER_PERSONAL_URL", "https://my.pa.example")
    after = own_links()
    assert after.keys() == before.keys()
    for who, link in after.items():
        assert link == f"https://my.pa.example/{links.folder(who, SECRET.encode())}"


def test_a_broken_audiences_file_is_refused_with_its_field(tmp_path: Path):
    bad = tmp_path / "audiences.yaml"
    bad.write_text(
        "version: 1\naudiences:\n  school:\n    title: x\n    scope: everyone\n"
        "    pages: []\n    others: all\n    readers: []\n    noindex: true\n",
        encoding="utf-8",
    )
    with pytest.raises(audiences.AudienceError) as found:
        audiences.load(bad)
    assert "PA942" in str(found.value) and "scope" in str(found.value)


def test_an_unknown_page_builder_in_the_audiences_file_is_named(monkeypatch):
    spec = audiences.get("school")
    broken = {**audiences.load(), "school": replace(spec, pages=("home", "nosuchpage"))}
    monkeypatch.setattr(audiences, "load", lambda path=None: broken)
    with pytest.raises(audiences.AudienceError, match=r"PA943.*nosuchpage"):
        builders_of("school")


def test_an_unknown_school_is_refused(tmp_path: Path):
    args = ["build", "--audience", "school", "--school", "no-such-school"]
    result = CliRunner().invoke(
        app, [*args, "--records", str(RECORDS), "--out", str(tmp_path / "s")]
    )
    assert result.exit_code == 2 and "PA944" in result.output


def test_access_rules_never_replace_a_file_they_did_not_write(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATRACKER_LINK_SECRET", SECRET)
    (tmp_path / "pa-maps.conf").write_text("# someone's own nginx file\n")
    args = ["access-rules", "--records", str(RECORDS), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2 and "PA945" in result.output
    assert (tmp_path / "pa-maps.conf").read_text() == "# someone's own nginx file\n"
    bad = CliRunner().invoke(app, [*args, "--format", "caddy"])
    assert bad.exit_code == 2 and "PA947" in bad.output


def test_a_malformed_login_never_reaches_the_nginx_rules(tmp_path: Path):
    from patracker import access_rules

    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    target = records / "people" / TEACHER / "person.yaml"
    text = target.read_text("utf-8").replace(
        f"github: {person(TEACHER)['github']}", 'github: "x; } location / { allow all; "'
    )
    target.write_text(text, "utf-8")
    found = access_rules.grants(records, SECRET.encode())
    assert any("PA946" in note and TEACHER in note for note in found.left_out)
    files = access_rules.nginx(found)
    assert "allow all" not in "".join(files.values())


def test_the_school_page_carries_each_persons_link_when_links_are_set(monkeypatch):
    from patracker.model import build_model
    from patracker.project import SOURCE_ROOT, Project
    from patracker.render import Renderer
    from patracker.render.context import Site
    from patracker.render.pages import schools
    from patracker.validate import validate

    project = Project.at(RECORDS)
    result = validate(project)
    site = Site(project, build_model(result.corpus, project.forms), AS_OF, corpus=result.corpus)
    page = next(p for p in schools(site) if p.path == f"schools/{SCHOOL}.md")  # with its views
    renderer = Renderer(site, SOURCE_ROOT / "site_templates")
    monkeypatch.delenv("PATRACKER_LINK_SECRET", raising=False)
    assert "personal-links" not in renderer.render(page)
    monkeypatch.setenv("PATRACKER_LINK_SECRET", SECRET)
    monkeypatch.setenv("PATRACKER_PERSONAL_URL", "https://my.pa.example")
    text = renderer.render(page)
    staff = site.model.people_by_school[SCHOOL]
    for who in staff:
        assert f"https://my.pa.example/{links.folder(who.id, SECRET.encode())}" in text
    assert text.count("https://my.pa.example/p/") == 2 * len(staff)  # href and text
