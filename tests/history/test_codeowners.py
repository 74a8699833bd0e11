"""CODEOWNERS comes from the access policy: no one owns their own records, every path has
an owner with a login, and CI notices when the committed file is stale."""

from __future__ import annotations

import contextlib
import re

import pytest
import yaml
from typer.testing import CliRunner

from patracker.cli import app
from patracker.codeowners import generate
from patracker.project import SOURCE_ROOT

from .access_office import access_repo

runner = CliRunner()


@pytest.fixture
def repo(tmp_path):
    return access_repo(tmp_path / "office")


def codeowners(repo, *args):
    with contextlib.chdir(repo.path):
        return runner.invoke(app, ["codeowners", "--records", "records", *args])


def rows(text: str) -> dict[str, list[str]]:
    out = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            pattern, *owners = line.split(" ")
            out[pattern] = owners
    return out


def owner_lines(repo) -> dict[str, list[str]]:
    return rows((repo.path / ".github/CODEOWNERS").read_text(encoding="utf-8"))


def self_owned(text: str, records) -> list[str]:
    """Lines under a person's folder that list that person's own login."""
    found = []
    for pattern, owners in rows(text).items():
        match = re.match(r"/records/people/([a-z0-9-]+)/", pattern)
        if not match:
            continue
        person = yaml.safe_load((records / f"people/{match[1]}/person.yaml").read_text())
        if f"@{person.get('github')}" in owners:
            found.append(pattern)
    return found


def test_owners_follow_the_policy_and_never_the_subject(repo):
    result = codeowners(repo)
    assert result.exit_code == 0, result.output
    owners = owner_lines(repo)
    assert owners["*"] == ["@pa-dev", "@other-dev"]  # code: maintainers
    hr = ["@rattana-hr", "@pim-hr"]
    for shared in ("office.yaml", "schools/", "committees/", "people/", "applications/"):
        assert owners[f"/records/{shared}"] == hr
    # a teacher's folder: the school's reviewers and the chair (kanya is both), not him
    assert owners["/records/people/somchai-jaidee/"] == ["@kanya-s", "@wichai-b"]
    assert owners["/records/people/somchai-jaidee/*/evaluations/"] == ["@kanya-s"]
    # the chair's own evaluation of him goes to HR: she may not approve her own file
    mine = "/records/people/somchai-jaidee/*/evaluations/r?-kanya-srisuk.yaml"
    assert owners[mine] == hr
    # the director is a reviewer of her school, yet never an owner of her own folder
    assert "@kanya-s" not in owners["/records/people/kanya-srisuk/"]
    assert owners["/records/people/kanya-srisuk/"]
    # person files go to HR, and an HR officer's own file to the other officer
    assert owners["/records/people/*/person.yaml"] == hr
    assert owners["/records/people/rattana-khamdee/person.yaml"] == ["@pim-hr"]
    text = (repo.path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert self_owned(text, repo.records) == []
    assert text.index("/records/people/somchai-jaidee/ ") < text.index("/records/people/*/person")


def test_check_names_a_path_without_an_eligible_owner_with_a_login(repo):
    result = codeowners(repo)
    assert codeowners(repo).exit_code == 0
    repo.commit("CODEOWNERS")
    assert codeowners(repo, "--check").exit_code == 0, result.output
    for pid in ("kanya-srisuk", "wichai-boonmee", "rattana-khamdee", "pim-chaiyo"):
        path = repo.records / f"people/{pid}/person.yaml"
        path.write_text(re.sub(r"github: .*\n", "", path.read_text(encoding="utf-8")))
    result = codeowners(repo, "--check")
    assert result.exit_code == 1
    assert "PA620" in result.output
    assert "/records/people/somchai-jaidee/ " in result.output  # nobody left with a login
    assert "กัญญา ศรีสุข" in result.output  # eligible, named, without a login


def test_check_fails_without_maintainers(repo):
    office = repo.records / "office.yaml"
    office.write_text(re.sub(r"maintainers:\n(- .*\n)+", "", office.read_text(encoding="utf-8")))
    result = codeowners(repo)
    assert result.exit_code == 1
    assert "error[PA620]" in result.output and " * " in result.output


def test_check_fails_when_the_records_moved_on(repo):
    assert codeowners(repo).exit_code == 0
    repo.commit("CODEOWNERS")
    school = repo.records / "schools/ban-nong-bua.yaml"
    school.write_text(
        school.read_text(encoding="utf-8").replace("- wichai-boonmee\n", ""), encoding="utf-8"
    )
    result = codeowners(repo, "--check")
    assert result.exit_code == 1
    assert "CODEOWNERS ไม่ตรงกับข้อมูลปัจจุบัน" in result.output
    assert "-/records/people/somchai-jaidee/ @kanya-s @wichai-b" in result.output
    assert "+/records/people/somchai-jaidee/ @kanya-s" in result.output


def test_check_fails_when_there_is_no_file(repo):
    assert codeowners(repo, "--check").exit_code == 1


def test_the_demo_codeowners_is_current_owned_everywhere_and_never_self_owned():
    records = SOURCE_ROOT / "records"
    owners = generate(SOURCE_ROOT, records)
    assert owners.holes == []
    committed = (SOURCE_ROOT / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert committed == owners.text
    assert self_owned(committed, records) == []
    assert all(logins for logins in rows(committed).values())
