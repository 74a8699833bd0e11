"""Per-record history from one git log pass: authors, pull requests, approvers, Thai diffs."""

from __future__ import annotations

import copy
import datetime as dt
import subprocess

from patracker.history import load_history
from patracker.history import reader as history_reader

from .gitrepo import GitRepo
from .office import APPLICATION, EVALUATIONS, evaluation

EVAL = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"
APP = "applications/somchai-jaidee-2569.yaml"


def pull_request(repo: GitRepo) -> None:
    """A branch with two authors' commits, merged by kanya as pull request #12."""
    repo.git("checkout", "-q", "-b", "fix", author="somchai")
    application = copy.deepcopy(APPLICATION)
    application["history"].append(
        {"status": "submitted", "date": "2025-11-12", "by": "somchai-jaidee"}
    )
    repo.write(APP, application)
    repo.commit("ยื่นคำขออีกครั้ง", author="somchai")
    changed = evaluation("kanya-srisuk", final=False)
    changed["part1"]["1.3"]["level"] = 4
    repo.write(EVAL, changed)
    repo.commit("ปรับระดับตัวชี้วัด 1.3", author="malee")
    repo.merge_pr("fix", 12, merger="kanya")


def test_record_history_names_author_pr_approver_and_fields(repo):
    pull_request(repo)
    history = load_history(repo.path, "records", cache_dir=repo.path / "cache")
    (change, created) = history.for_record(EVAL)
    assert change.author == "มาลี รักษา"
    assert (change.pr, change.approver) == (12, "กัญญา ศรีสุข")
    assert change.approver_login == "kanya-s"  # the github handle in her person file
    assert change.login is None  # malee committed with an ordinary e-mail
    assert change.pr_title == "แก้ไขข้อมูลจาก fix"
    assert [f.text for f in change.fields] == ["ตัวชี้วัด 1.3: ระดับ 3 → 4"]
    assert change.action == "modified" and change.person == "somchai-jaidee"
    assert change.merged_at > change.date
    assert created.action == "added" and created.pr is None and created.approver is None
    assert created.author == "รัตนา คำดี"
    assert history.complete and history.notice_th is None


def test_application_history_shows_the_status_transition(repo):
    pull_request(repo)
    history = load_history(repo.path, "records", cache_dir=repo.path / "cache")
    latest = history.for_record(APP)[0]
    assert latest.fields[0].text == "สถานะคำขอ: ส่งคืนแก้ไข → ยื่นคำขอ"
    assert latest.author == "สมชาย ใจดี" and latest.approver == "กัญญา ศรีสุข"
    assert latest.person == "somchai-jaidee"  # from the record, not the path
    assert latest.date_th.endswith("2569")  # commits are dated January 2026: BE 2569


def test_recent_is_newest_first_and_filters_by_school(repo):
    pull_request(repo)
    repo.write("people/malee-raksa/person.yaml", _person_elsewhere(repo))
    repo.commit("มาลีย้ายไปสำนักงานเขต", author="rattana")
    history = load_history(repo.path, "records", cache_dir=repo.path / "cache")
    recent = history.recent(3)
    assert recent[0].path == "people/malee-raksa/person.yaml"
    assert [c.pr for c in recent[1:]] == [12, 12]
    in_school = history.recent(50, school="ban-nong-bua")
    assert {c.person for c in in_school if c.person} == {
        "somchai-jaidee",
        "kanya-srisuk",
        "wichai-boonmee",
    }
    assert all(c.path != "people/malee-raksa/person.yaml" for c in in_school)
    assert any(c.path == "schools/ban-nong-bua.yaml" for c in in_school)
    assert len(history.for_person("somchai-jaidee")) == len(
        [c for c in history.changes if c.person == "somchai-jaidee"]
    )


def _person_elsewhere(repo: GitRepo) -> str:
    text = (repo.records / "people/malee-raksa/person.yaml").read_text(encoding="utf-8")
    return text.replace("position: supervisor", "position: officer")


def test_squash_merge_keeps_the_pr_number_and_direct_push_has_none(repo):
    repo.write(EVAL, evaluation("kanya-srisuk", final=True))
    repo.commit("ยืนยันผลการประเมิน (#31)", author="kanya")
    repo.write(EVAL, evaluation("kanya-srisuk", final=True, low="2.2"))
    repo.commit("แก้โดยตรงบน main", author="rattana")
    history = load_history(repo.path, "records", cache_dir=repo.path / "cache")
    direct, squashed = history.for_record(EVAL)[:2]
    assert (squashed.pr, squashed.approver) == (31, None)
    assert (direct.pr, direct.approver) == (None, None)
    assert [f.text for f in direct.fields] == ["ตัวชี้วัด 2.2: ระดับ 3 → 2"]


def test_unreadable_version_is_noted_not_fatal(repo):
    repo.write(EVAL, "person: [unclosed\n")
    repo.commit("ไฟล์เสีย", author="somchai")
    history = load_history(repo.path, "records", cache_dir=repo.path / "cache")
    broken = history.for_record(EVAL)[0]
    assert broken.fields == () and "YAML" in broken.note


def test_second_load_after_one_commit_parses_only_that_commit(repo, monkeypatch):
    pull_request(repo)
    cache = repo.path / "cache"
    first = load_history(repo.path, "records", cache_dir=cache)
    assert first.parsed_commits == first.total_commits == 5
    repo.write(EVAL, evaluation("kanya-srisuk", final=True))
    repo.commit("ยืนยันผล", author="kanya")
    parsed: list[int] = []
    real = history_reader.stored_commits

    def counting(commits, *args):
        parsed.append(len(commits))
        return real(commits, *args)

    monkeypatch.setattr("patracker.history.stored_commits", counting)
    second = load_history(repo.path, "records", cache_dir=cache)
    assert parsed == [1] and second.parsed_commits == 1 and second.total_commits == 6
    assert second.for_record(EVAL)[0].fields[-1].text == "ยืนยันผลแล้ว: ไม่ใช่ → ใช่"
    # the cached commits keep their attribution, recomputed from the graph
    assert second.for_record(EVAL)[1].pr == 12
    third = load_history(repo.path, "records", cache_dir=cache)
    assert parsed == [1] and third.parsed_commits == 0
    assert [c.as_dict() for c in third.changes] == [c.as_dict() for c in second.changes]


def test_cache_that_names_lost_commits_is_rebuilt(repo):
    cache = repo.path / "cache"
    load_history(repo.path, "records", cache_dir=cache)
    repo.write(EVAL, evaluation("kanya-srisuk", final=True))
    repo.commit("ชั่วคราว", author="kanya")
    load_history(repo.path, "records", cache_dir=cache)
    repo.git("reset", "-q", "--hard", "HEAD~1")
    repo.git("reflog", "expire", "--expire=now", "--all")
    repo.git("gc", "-q", "--prune=now")
    repo.write(EVAL, evaluation("kanya-srisuk", final=False, low="1.1"))
    repo.commit("แก้ใหม่", author="kanya")
    history = load_history(repo.path, "records", cache_dir=cache)
    assert history.total_commits == 3
    assert history.for_record(EVAL)[0].fields[0].text == "ตัวชี้วัด 1.1: ระดับ 3 → 2"


def test_shallow_clone_is_reported_and_still_loads(repo, tmp_path):
    pull_request(repo)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(clone)], check=True
    )
    history = load_history(clone, "records", cache_dir=tmp_path / "cache")
    assert not history.complete
    assert "shallow" in history.notice_th and "fetch-depth: 0" in history.notice_th
    assert history.total_commits == 1
    assert {c.action for c in history.changes} == {"snapshot"}
    assert all(c.fields == () for c in history.changes)


def test_outside_git_the_history_is_empty_with_a_notice(tmp_path):
    (tmp_path / "records").mkdir()
    history = load_history(tmp_path, "records", use_cache=False)
    assert history.changes == [] and not history.complete
    assert "Git" in history.notice_th


def test_merge_commits_use_committer_time_for_landing(repo):
    pull_request(repo)
    history = load_history(repo.path, "records", use_cache=False)
    merged = {c.merged_at for c in history.changes if c.pr == 12}
    assert len(merged) == 1
    assert next(iter(merged)).tzinfo == dt.timezone(dt.timedelta(hours=7))


def test_main_merged_into_a_branch_stays_attributed_to_main(repo):
    """A PR branch that pulled main in: main's own commits do not become the PR's."""
    repo.git("checkout", "-q", "-b", "fix", author="somchai")
    repo.write(EVAL, evaluation("kanya-srisuk", final=False, low="1.1"))
    repo.commit("บนกิ่ง ก่อนดึง main", author="malee")
    repo.git("checkout", "-q", "main", author="rattana")
    repo.write(APP, {**APPLICATION, "standing": "expert"})
    repo.commit("แก้ตรงบน main", author="rattana")
    repo.git("checkout", "-q", "fix", author="somchai")
    repo.git(
        "merge", "-q", "--no-ff", "-m", "Merge branch 'main' into fix", "main", author="somchai"
    )
    repo.write(EVAL, evaluation("kanya-srisuk", final=False, low="1.2"))
    repo.commit("บนกิ่ง หลังดึง main", author="malee")
    repo.merge_pr("fix", 13, merger="kanya")
    history = load_history(repo.path, "records", use_cache=False)
    assert [c.pr for c in history.for_record(EVAL)] == [13, 13, None]
    direct = history.for_record(APP)[0]
    assert (direct.pr, direct.author) == (None, "รัตนา คำดี")
    assert direct.fields[0].text == "วิทยฐานะที่ขอ: ชำนาญการพิเศษ → เชี่ยวชาญ"


def test_parallel_parsing_gives_the_same_history(repo, monkeypatch):
    """A first build over a long history parses in processes; the result must not change."""
    pull_request(repo)
    sequential = load_history(repo.path, "records", use_cache=False)
    monkeypatch.setattr(history_reader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(history_reader.os, "cpu_count", lambda: 2)
    parallel = load_history(repo.path, "records", use_cache=False)
    assert [c.as_dict() for c in parallel.changes] == [c.as_dict() for c in sequential.changes]
