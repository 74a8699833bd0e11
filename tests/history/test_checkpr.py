"""``patracker check-pr``: who may change what, judged with the base revision's policy.

Each test makes a pull request in a scratch repository (the tiny office plus what the
access rules need: logins for everyone, maintainers, a closed year, an assistant teacher
with a final ว26 evaluation) and asks whether its author may make it.
"""

from __future__ import annotations

import contextlib
import copy
import json

import pytest
from typer.testing import CliRunner

from patracker.access import Access, Verdict
from patracker.cli import app
from patracker.problems import problem

from .access_office import DRAFT_PA1, INDUCTION, MAINTAINER, PROGRESS, access_repo
from .access_office import induction as _induction
from .access_office import progress as _progress
from .gitrepo import GitRepo
from .office import AGREEMENT, APPLICATION, COMMITTEE, EVALUATIONS, evaluation, person

runner = CliRunner()
FINAL = f"{EVALUATIONS}/r1-malee-raksa.yaml"  # malee's, final in the base
DRAFT = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"  # kanya's (the chair), a draft in the base


@pytest.fixture
def repo(tmp_path) -> GitRepo:
    """The access office on main, and a pull-request branch checked out."""
    made = access_repo(tmp_path / "office")
    made.git("checkout", "-q", "-b", "pr", author="somchai")
    return made


def check(repo, login, fmt="json"):
    with contextlib.chdir(repo.path):
        result = runner.invoke(
            app, ["check-pr", "--base", "main", "--author", login, "--format", fmt]
        )
    return result


def refusals(repo, login) -> list[tuple[str, str]]:
    """(file, code) of every refusal; asserts the exit code agrees with them."""
    result = check(repo, login)
    assert result.exit_code in (0, 1), result.output
    body = json.loads(result.output)
    found = [(p["file"], p["code"]) for p in body["problems"]]
    assert result.exit_code == (1 if found else 0)
    return found


def rec(path: str) -> str:
    return f"records/{path}"


def amend(repo, member: str, reason: str) -> str:
    """Write ``member``'s amendment of malee's final evaluation (FINAL); its path."""
    amendment = evaluation(member)
    amendment.update(amends="r1-malee-raksa.yaml", reason=reason)
    path = f"{EVALUATIONS}/r1-{member}-amend1.yaml"
    repo.write(path, amendment)
    return path


# --- refused ---------------------------------------------------------------------------------


def test_a_member_may_not_change_another_members_score(repo):
    changed = evaluation("kanya-srisuk", final=False)
    changed["part1"]["1.1"]["level"] = 1  # malee lowers the chair's score (3 → 1)
    repo.write(DRAFT, changed)
    repo.commit("แก้คะแนน", author="malee")
    assert refusals(repo, "malee-r") == [(rec(DRAFT), "PA610")]
    result = check(repo, "malee-r", "text")
    # the refusal says who may: the member named in the file, with her login
    assert "กัญญา ศรีสุข (@kanya-s)" in result.output
    assert "may not change this PA 2 evaluation" in result.output


def test_a_teacher_may_not_raise_her_own_evaluation(repo):
    raised = evaluation("kanya-srisuk", level=4, final=False)
    repo.write(DRAFT, raised)
    repo.write(f"{EVALUATIONS}/r1-somchai-jaidee.yaml", evaluation("somchai-jaidee", level=4))
    repo.commit("ผลของฉัน", author="somchai")
    assert refusals(repo, "somchai") == [
        (rec(DRAFT), "PA610"),
        (rec(f"{EVALUATIONS}/r1-somchai-jaidee.yaml"), "PA610"),
    ]


def test_a_final_induction_evaluation_may_not_be_edited(repo):
    repo.write(INDUCTION, _induction(10))  # 8 → 10 by the member herself
    repo.commit("แก้ผล ว26", author="kanya")
    assert refusals(repo, "kanya-s") == [(rec(INDUCTION), "PA612")]


def test_a_final_induction_evaluation_may_not_be_deleted(repo):
    repo.remove(INDUCTION)
    repo.commit("ลบผล ว26", author="kanya")
    assert refusals(repo, "kanya-s") == [(rec(INDUCTION), "PA612")]
    assert "ห้ามลบ" in check(repo, "kanya-s", "text").output


def test_progress_may_not_be_backdated_into_a_closed_year(repo):
    repo.write(PROGRESS, _progress("2025-09-20"))  # FY 2568, closed
    repo.write("people/somchai-jaidee/2568/progress.yaml", _progress())
    repo.commit("บันทึกย้อนหลัง", author="somchai")
    assert refusals(repo, "somchai") == [
        (rec("people/somchai-jaidee/2568/progress.yaml"), "PA616"),
        (rec(PROGRESS), "PA617"),
    ]


def test_progress_in_an_open_year_is_the_teachers_to_add(repo):
    repo.write(PROGRESS, _progress("2026-01-20"))
    repo.commit("ความก้าวหน้า", author="somchai")
    assert refusals(repo, "somchai") == []


def test_a_non_maintainer_may_not_change_the_checks_or_the_policy(repo):
    (repo.path / "generator/protect.py").write_text("RULES = []\n", encoding="utf-8")
    policy = repo.path / "schemas/access/policy.yaml"
    policy.parent.mkdir(parents=True)
    policy.write_text("version: 1\n", encoding="utf-8")
    repo.commit("ปิดการตรวจ", author="rattana")
    assert refusals(repo, "rattana-hr") == [
        ("generator/protect.py", "PA610"),
        ("schemas/access/policy.yaml", "PA610"),
    ]


def test_a_policy_edited_in_the_pr_grants_nothing(repo, tmp_path):
    """The PR's own policy lets the subject edit evaluations; the base's does not."""
    from patracker.project import SOURCE_ROOT

    text = (SOURCE_ROOT / "schemas/access/policy.yaml").read_text(encoding="utf-8")
    loose = text.replace("    change: [member]\n", "    change: [member, subject]\n")
    assert loose != text
    policy = repo.path / "schemas/access/policy.yaml"
    policy.parent.mkdir(parents=True)
    policy.write_text(loose, encoding="utf-8")
    repo.write(DRAFT, evaluation("kanya-srisuk", level=4, final=False))
    repo.commit("ให้สิทธิ์ตัวเอง", author="somchai")
    assert refusals(repo, "somchai") == [
        (rec(DRAFT), "PA610"),
        ("schemas/access/policy.yaml", "PA610"),
    ]


def test_an_amendment_by_another_member_is_refused(repo):
    reason = "ตรวจหลักฐานแล้วควรเป็นระดับ 3 ทุกตัวชี้วัด"
    hers, mine = amend(repo, "malee-raksa", reason), amend(repo, "prasert-kaewkla", reason)
    repo.commit("แก้ผลของคนอื่น", author="malee")
    assert refusals(repo, "prasert-k") == [(rec(hers), "PA610"), (rec(mine), "PA613")]


def test_an_amendment_needs_a_sentence_of_reason(repo):
    path = amend(repo, "malee-raksa", "x")
    repo.commit("แก้ผล", author="malee")
    assert refusals(repo, "malee-r") == [(rec(path), "PA614")]


def test_the_same_members_amendment_with_a_reason_is_allowed(repo):
    amend(repo, "malee-raksa", "ตรวจหลักฐานเพิ่มแล้วตัวชี้วัด 1.3 ควรเป็นระดับ 3")
    repo.commit("แก้ผล", author="malee")
    assert refusals(repo, "malee-r") == []


def test_a_final_evaluation_stays_final_for_its_own_member(repo):
    repo.write(FINAL, evaluation("malee-raksa"))
    repo.commit("แก้ผลที่ยืนยันแล้ว", author="malee")
    assert refusals(repo, "malee-r") == [(rec(FINAL), "PA601")]


def test_an_approved_agreement_is_fixed_once_evaluations_are_final(repo):
    path = "people/somchai-jaidee/2569/agreement.yaml"
    changed = copy.deepcopy(AGREEMENT)
    changed["approval"]["date"] = "2025-10-21"
    repo.write(path, changed)
    repo.commit("แก้วันที่เห็นชอบ", author="kanya")
    assert refusals(repo, "kanya-s") == [(rec(path), "PA615")]


def test_a_decided_application_is_fixed(repo):
    path = "applications/somchai-jaidee-2569.yaml"
    decided = copy.deepcopy(APPLICATION)
    decided["history"].append({"status": "withdrawn", "date": "2025-11-20", "by": "somchai-jaidee"})
    repo.write(path, decided)
    repo.commit("ถอนคำขอ", author="somchai")
    assert refusals(repo, "somchai") == []  # withdrawing is the applicant's
    repo.git("checkout", "-q", "main", author="somchai")
    repo.git("merge", "-q", "pr", author="somchai")
    repo.git("checkout", "-q", "-b", "again", author="somchai")
    decided["history"].append({"status": "submitted", "date": "2025-11-25", "by": "somchai-jaidee"})
    repo.write(path, decided)
    repo.commit("ยื่นใหม่", author="somchai")
    assert refusals(repo, "somchai") == [(rec(path), "PA618")]


def test_a_teacher_may_not_approve_her_own_agreement(repo):
    approved = yaml_of(repo, DRAFT_PA1)
    approved.update(status="approved", submitted="2026-10-01")
    approved["approval"] = {"by": "somchai-jaidee", "date": "2026-10-02"}
    repo.write(DRAFT_PA1, approved)
    repo.commit("เห็นชอบเอง", author="somchai")
    assert refusals(repo, "somchai") == [(rec(DRAFT_PA1), "PA611")]


def yaml_of(repo, path: str) -> dict:
    import yaml

    return yaml.safe_load((repo.records / path).read_text(encoding="utf-8"))


# --- allowed ---------------------------------------------------------------------------------


def test_a_member_scores_her_own_assessee(repo):
    repo.write(f"{EVALUATIONS}/r1-prasert-kaewkla.yaml", evaluation("prasert-kaewkla"))
    repo.commit("ประเมิน", author="malee")
    assert refusals(repo, "prasert-k") == []
    assert refusals(repo, "PRASERT-K") == []  # GitHub logins are case-insensitive


def test_a_teacher_edits_her_draft_agreement(repo):
    draft = yaml_of(repo, DRAFT_PA1)
    draft["challenges"][0]["title"] = "การอ่านเชิงวิเคราะห์"
    repo.write(DRAFT_PA1, draft)
    repo.commit("แก้ร่าง", author="somchai")
    assert refusals(repo, "somchai") == []


def test_the_director_approves_a_submitted_agreement(repo):
    submitted = yaml_of(repo, DRAFT_PA1)
    submitted.update(status="submitted", submitted="2026-10-01")
    repo.write(DRAFT_PA1, submitted)
    repo.commit("เสนอ", author="somchai")
    repo.git("checkout", "-q", "main", author="somchai")
    repo.git("merge", "-q", "pr", author="somchai")
    repo.git("checkout", "-q", "-b", "approve", author="kanya")
    submitted.update(status="approved", approval={"by": "kanya-srisuk", "date": "2026-10-05"})
    repo.write(DRAFT_PA1, submitted)
    repo.commit("เห็นชอบ", author="kanya")
    assert refusals(repo, "kanya-s") == []
    assert refusals(repo, "wichai-b") == [(rec(DRAFT_PA1), "PA610")]


def test_hr_adds_a_person_and_a_committee(repo):
    repo.write(
        "people/dara-meesuk/person.yaml", person("dara-meesuk", "ดารา", "มีสุข", "teacher", "dara-m")
    )
    committee = copy.deepcopy(COMMITTEE)
    committee.update(id="pa-2570", fiscal_year=2570, assessees=["somchai-jaidee", "dara-meesuk"])
    repo.write("committees/2570/pa-2570.yaml", committee)
    repo.commit("เพิ่มบุคลากรและคณะกรรมการ", author="rattana")
    assert refusals(repo, "rattana-hr") == []
    assert refusals(repo, "somchai") == [
        (rec("committees/2570/pa-2570.yaml"), "PA610"),
        (rec("people/dara-meesuk/person.yaml"), "PA610"),
    ]


def test_a_maintainer_changes_code(repo):
    (repo.path / "generator/protect.py").write_text("RULES = ['PA601', 'PA602']\n")
    repo.commit("เพิ่มกฎ", author="somchai")
    assert refusals(repo, MAINTAINER) == []


# --- usage and formats -----------------------------------------------------------------------


def test_an_unknown_login_is_a_usage_error_saying_how_to_add_it(repo):
    result = check(repo, "stranger")
    assert result.exit_code == 2
    assert "github: stranger" in result.output
    assert "person.yaml" in result.output


def test_github_format_annotates_the_refused_file(repo):
    repo.write(DRAFT, evaluation("kanya-srisuk", level=1, final=False))
    repo.commit("แก้คะแนน", author="malee")
    result = check(repo, "malee-r", "github")
    assert result.exit_code == 1
    assert f"::error file=records/{DRAFT},line=1,col=1,title=PA610::" in result.output


# --- approvers ---------------------------------------------------------------------------------


def test_approvers_are_never_the_subject_nor_the_member_who_filled_it_in(repo):
    access = Access.at(repo.path, "main")
    assert access.approvers_for(rec(f"{EVALUATIONS}/r1-malee-raksa.yaml")) == {"kanya-s"}
    # the chair's own evaluation goes to HR
    hr = {"rattana-hr", "pim-hr"}
    assert access.approvers_for(rec(DRAFT)) == hr
    # a person's own record: HR, and an HR officer's own record only the other officer
    assert access.approvers_for(rec("people/somchai-jaidee/person.yaml")) == hr
    assert access.approvers_for(rec("people/rattana-khamdee/person.yaml")) == {"pim-hr"}
    assert access.approvers_for(rec(PROGRESS)) == {"kanya-s", "wichai-b"}
    # the director's own agreement answers to nobody in the school but HR
    assert access.approvers_for(rec("people/kanya-srisuk/2570/agreement.yaml")) == hr
    assert access.approvers_for("generator/protect.py") == {MAINTAINER, "other-dev"}


# --- the policy is data, read at the base ---------------------------------------------------


def _base_policy(repo, edit) -> None:
    """Commit an edited copy of the shipped policy on main, then branch the PR again."""
    from patracker.project import SOURCE_ROOT

    text = (SOURCE_ROOT / "schemas/access/policy.yaml").read_text(encoding="utf-8")
    repo.git("checkout", "-q", "main", author="rattana")
    policy = repo.path / "schemas/access/policy.yaml"
    policy.parent.mkdir(parents=True, exist_ok=True)
    policy.write_text(edit(text), encoding="utf-8")
    repo.commit("นโยบายของสำนักงาน", author="rattana")
    repo.git("checkout", "-q", "-B", "pr", author="somchai")


def test_the_reason_threshold_is_the_base_policys(repo):
    _base_policy(
        repo,
        lambda t: t.replace("reason_min_chars: 15", "reason_min_chars: 1").replace(
            "reason_min_words: 3", "reason_min_words: 1"
        ),
    )
    amend(repo, "malee-raksa", "x")
    repo.commit("แก้ผล", author="malee")
    assert refusals(repo, "malee-r") == []


def test_a_broken_base_policy_is_reported_at_its_line(repo):
    _base_policy(repo, lambda t: t.replace("    create: [member]\n", "    create: [everyone]\n", 1))
    repo.write(f"{EVALUATIONS}/r1-prasert-kaewkla.yaml", evaluation("prasert-kaewkla"))
    repo.commit("ประเมิน", author="malee")
    result = check(repo, "prasert-k", "text")
    assert result.exit_code == 1
    assert "schemas/access/policy.yaml:" in result.output and "PA1" in result.output
    assert "everyone" in result.output


def test_the_shipped_policy_covers_every_record_kind():
    from patracker.access import KIND_NAMES, load_policy
    from patracker.layout import KINDS
    from patracker.project import SOURCE_ROOT

    policy = load_policy((SOURCE_ROOT / "schemas/access/policy.yaml").read_bytes())
    assert set(policy.kinds) == {*KINDS, "code"} == set(KIND_NAMES)
    for kind in policy.kinds.values():  # nobody approves alone: every kind has an approver
        assert kind.approve and all(kind.approve)


def test_a_login_belongs_to_one_person(repo):
    path = repo.records / "people/wichai-boonmee/person.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("github: wichai-b\n", "github: Somchai\n"))
    with contextlib.chdir(repo.path):
        result = runner.invoke(app, ["validate", "--records", "records"])
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.output.splitlines() if "error[" in line] == [
        "error[PA621]"
    ]
    assert "people/somchai-jaidee/person.yaml" in result.output


def test_a_review_is_fixed_once_its_years_evaluations_are_final(repo):
    review = "people/somchai-jaidee/2569/reviews/prasert-kaewkla.yaml"
    repo.git("checkout", "-q", "main", author="rattana")
    repo.write(review, {"person": "somchai-jaidee", "member": "prasert-kaewkla", "notes": "ดี"})
    repo.commit("ข้อเสนอแนะ", author="malee")
    repo.git("checkout", "-q", "-B", "pr", author="malee")
    repo.write(review, {"person": "somchai-jaidee", "member": "prasert-kaewkla", "notes": "แก้"})
    repo.commit("แก้ข้อเสนอแนะ", author="malee")
    assert refusals(repo, "prasert-k") == [(rec(review), "PA622")]
    assert "r1-malee-raksa.yaml" in check(repo, "prasert-k", "text").output


def test_validate_base_also_refuses_a_final_induction_edit(repo):
    """``validate --base`` runs every protection rule, not only PA601–604."""
    repo.write(INDUCTION, _induction(10))
    repo.commit("แก้ผล ว26", author="kanya")
    with contextlib.chdir(repo.path):
        result = runner.invoke(
            app, ["validate", "--records", "records", "--base", "main", "--format", "github"]
        )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and f"file=records/{INDUCTION}," in errors[0]
    assert "title=PA612" in errors[0]


def test_decided_statuses_come_from_the_workflow_form():
    from patracker.access import Directory, Tree
    from patracker.project import SOURCE_ROOT

    directory = Directory.read(Tree(SOURCE_ROOT, None))
    assert directory.decided == {"failed", "approved", "rejected", "withdrawn"}
    assert directory.closed_years == {2569}
    assert directory.maintainers == ["nakhonsuwan-ict", "pa-tracker-dev"]


def test_hr_commits_the_regenerated_codeowners_but_may_not_hand_edit_it(repo):
    repo.write(
        "people/dara-meesuk/person.yaml", person("dara-meesuk", "ดารา", "มีสุข", "teacher", "dara-m")
    )
    with contextlib.chdir(repo.path):
        assert runner.invoke(app, ["codeowners", "--records", "records"]).exit_code == 0
    repo.commit("เพิ่มบุคลากร", author="rattana")
    assert refusals(repo, "rattana-hr") == []
    owners = repo.path / ".github/CODEOWNERS"
    owners.write_text(owners.read_text(encoding="utf-8") + "/records/ @rattana-hr\n")
    repo.commit("ให้ตัวเองเป็นเจ้าของ", author="rattana")
    assert refusals(repo, "rattana-hr") == [(".github/CODEOWNERS", "PA610")]


def test_approvers_for_reads_the_revision_asked(repo):
    from patracker.access import approvers_for

    path = rec("people/somchai-jaidee/person.yaml")
    assert approvers_for(path, repo.path, "main") == {"rattana-hr", "pim-hr"}
    office = repo.records / "office.yaml"
    office.write_text(office.read_text(encoding="utf-8").replace("- pim-chaiyo\n", ""))
    repo.commit("HR คนเดียว", author="rattana")
    assert approvers_for(path, repo.path, "pr") == {"rattana-hr"}
    assert approvers_for(path, repo.path, "main") == {"rattana-hr", "pim-hr"}


def test_a_refusal_cannot_come_without_its_problem():
    """check-pr reports a refusal by its problem: one without would let the change through."""
    with pytest.raises(ValueError):
        Verdict(False)
    with pytest.raises(ValueError):
        Verdict(True, problem("PA619", "", login="x"))
    assert Verdict(True).problem is None
