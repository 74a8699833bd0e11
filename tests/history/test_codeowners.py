"""CODEOWNERS comes from the records, and CI notices when the committed file is stale."""

from __future__ import annotations

import contextlib

from typer.testing import CliRunner

from patracker.cli import app

runner = CliRunner()


def codeowners(repo, *args):
    with contextlib.chdir(repo.path):
        return runner.invoke(app, ["codeowners", "--records", "records", *args])


def owner_lines(repo) -> dict[str, str]:
    text = (repo.path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    rows = [line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#")]
    return dict(rows)


def test_generated_owners_follow_schools_committees_and_hr(repo):
    result = codeowners(repo)
    assert result.exit_code == 0, result.output
    owners = owner_lines(repo)
    # school reviewers kanya and wichai, plus kanya again as committee chair (once)
    assert owners["/records/people/somchai-jaidee/"] == "@kanya-s @wichai-b"
    assert owners["/records/applications/somchai-jaidee-2569.yaml"] == "@kanya-s @wichai-b"
    for shared in ("/records/", "/records/office.yaml", "/records/committees/", "/schemas/"):
        assert owners[shared] == "@rattana-hr"
    # people outside a school with no chair fall back to HR through /records/
    assert "/records/people/malee-raksa/" not in owners
    text = (repo.path / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert text.index("/records/ ") < text.index("/records/people/")  # last match wins


def test_committee_chair_from_another_school_is_an_owner(repo):
    committee = repo.records / "committees/2569/pa-ban-nong-bua.yaml"
    text = committee.read_text(encoding="utf-8")
    text = text.replace("kanya-srisuk\n  role: chair", "PLACEHOLDER")
    text = text.replace("malee-raksa\n  role: member", "malee-raksa\n  role: chair")
    committee.write_text(text.replace("PLACEHOLDER", "kanya-srisuk\n  role: member"))
    assert codeowners(repo).exit_code == 0
    owners = owner_lines(repo)
    assert owners["/records/people/somchai-jaidee/"] == "@kanya-s @wichai-b @malee-r"


def test_check_fails_when_the_records_moved_on(repo):
    assert codeowners(repo).exit_code == 0
    repo.commit("CODEOWNERS")
    assert codeowners(repo, "--check").exit_code == 0
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
