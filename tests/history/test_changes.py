"""`patracker changes BASE HEAD`: the pull request told for a reviewer who reads no YAML."""

from __future__ import annotations

import copy
import json

from typer.testing import CliRunner

from patracker.cli import app

from .office import APPLICATION, EVALUATIONS, evaluation

runner = CliRunner()


def propose(repo) -> None:
    """A pull request: an amendment, a finalised and a new evaluation, an appended status,
    a deleted person file."""
    repo.git("checkout", "-q", "-b", "round-1", author="kanya")
    amendment = evaluation("malee-raksa")
    amendment.update(amends="r1-malee-raksa.yaml", reason="ตรวจหลักฐานแล้ว ตัวชี้วัด 1.3 ควรเป็นระดับ 3")
    repo.write(f"{EVALUATIONS}/r1-malee-raksa-amend1.yaml", amendment)
    repo.write(f"{EVALUATIONS}/r1-kanya-srisuk.yaml", evaluation("kanya-srisuk", level=2))
    repo.write(f"{EVALUATIONS}/r1-prasert-kaewkla.yaml", evaluation("prasert-kaewkla"))
    application = copy.deepcopy(APPLICATION)
    application["history"].append(
        {"status": "submitted", "date": "2025-11-12", "by": "somchai-jaidee"}
    )
    repo.write("applications/somchai-jaidee-2569.yaml", application)
    repo.remove("people/wichai-boonmee/person.yaml")
    repo.commit("ผลการประเมินรอบ 1", author="kanya")


def run(repo, *args):
    return runner.invoke(app, ["changes", *args, "--records", str(repo.records)])


def test_markdown_summary_for_the_reviewer(repo):
    propose(repo)
    result = run(repo, "main", "round-1")
    assert result.exit_code == 0, result.output
    md = result.output
    assert "### นายสมชาย ใจดี (`somchai-jaidee`)" in md
    assert "สร้างใหม่ 2 · แก้ไข 2 · ลบ 1 · บุคคล 2 คน" in md
    assert "ตัวชี้วัด 1.1: ระดับ 3 → 2" in md  # kanya lowered every indicator
    assert "ยืนยันผลแล้ว: ไม่ใช่ → ใช่" in md
    assert "คะแนนของกรรมการ kanya-srisuk: 75.00 → 50.00 จาก 100 (ผ่าน → ไม่ผ่าน)" in md
    assert "คะแนนของกรรมการ malee-raksa: – → 75.00 จาก 100 (– → ผ่าน)" in md
    assert "ผลการประเมินรอบ 1/2569: รอผลครบทุกคน → ไม่ผ่าน" in md
    assert "สถานะคำขอ: ส่งคืนแก้ไข → ยื่นคำขอ" in md
    assert "🗑️ **ลบ** บุคคล — `people/wichai-boonmee/person.yaml`" in md
    assert "✅" in md and "❌" not in md


def test_json_summary_carries_the_same_facts(repo):
    propose(repo)
    result = run(repo, "main", "round-1", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    files = {f["path"]: f for f in body["files"]}
    kanya = files[f"{EVALUATIONS}/r1-kanya-srisuk.yaml"]
    assert kanya["score"] == {
        "member": "kanya-srisuk",
        "before": 75.0,
        "after": 50.0,
        "passed_before": True,
        "passed_after": False,
    }
    assert files["applications/somchai-jaidee-2569.yaml"]["status"] == ["returned", "submitted"]
    assert files["people/wichai-boonmee/person.yaml"]["action"] == "deleted"
    assert files[f"{EVALUATIONS}/r1-prasert-kaewkla.yaml"]["action"] == "added"
    assert body["rounds"] == [
        {
            "person": "somchai-jaidee",
            "fiscal_year": 2569,
            "round": 1,
            "before": "awaiting",
            "after": "failed",
            "lowest_before": 74.0,
            "lowest_after": 50.0,
        }
    ]
    assert body["names"]["kanya-srisuk"] == "นางกัญญา ศรีสุข"
    assert body["ok"] is True and body["problems"] == []


def test_summary_compares_with_the_merge_base_not_the_moved_base(repo):
    propose(repo)
    repo.git("checkout", "-q", "main", author="rattana")
    repo.write("schools/ban-nong-bua.yaml", "id: ban-nong-bua\nname: ใหม่\ndistrict: ทุ่งฟ้า\n")
    repo.commit("main moved on", author="rattana")
    body = json.loads(run(repo, "main", "round-1", "--format", "json").output)
    assert "schools/ban-nong-bua.yaml" not in {f["path"] for f in body["files"]}


def test_unknown_base_is_a_git_error(repo):
    result = run(repo, "no-such-branch", "HEAD")
    assert result.exit_code == 2


def test_a_file_that_does_not_load_shows_a_cross(repo):
    """A YAML slip in the proposal: the summary must not say ✅ while validate fails."""
    repo.git("checkout", "-q", "-b", "slip", author="kanya")
    path = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"
    text = (repo.records / path).read_text(encoding="utf-8")
    repo.write(path, text.replace("final: false", "final false"))
    repo.commit("พิมพ์ผิด", author="kanya")
    result = run(repo, "main", "slip")
    assert result.exit_code == 1, result.output
    assert "❌" in result.output and "✅" not in result.output
    assert "PA007" in result.output and f"`{path}`" in result.output


def test_failed_earlier_check_shows_a_cross_at_the_top(repo):
    propose(repo)
    result = run(repo, "main", "round-1", "--check", "ตรวจข้อมูล=failure", "--check", "สิทธิ์=success")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[4] == "❌ **ไม่ผ่านการตรวจ**"
    assert "| ตรวจข้อมูล | ❌ ไม่ผ่าน |" in lines and "| สิทธิ์ | ✅ ผ่าน |" in lines
    passed = run(repo, "main", "round-1", "--check", "ตรวจข้อมูล=success")
    assert passed.exit_code == 0 and "❌" not in passed.output
    assert "✅ **ผ่านการตรวจทุกขั้น**" in passed.output
    as_json = json.loads(
        run(repo, "main", "round-1", "--format", "json", "--check", "a=failure").output
    )
    assert as_json["ok"] is False and as_json["checks"] == {"a": "failure"}


def test_check_must_name_an_outcome(repo):
    result = run(repo, "main", "HEAD", "--check", "validate")
    assert result.exit_code == 2 and "NAME=OUTCOME" in result.output
