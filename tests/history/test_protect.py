"""A final evaluation is never edited; an application's history is only appended to."""

from __future__ import annotations

import contextlib
import copy
import json

from typer.testing import CliRunner

from patracker.cli import app

from .office import APPLICATION, EVALUATIONS, evaluation

runner = CliRunner()
FINAL = f"{EVALUATIONS}/r1-malee-raksa.yaml"  # final: true in the base
DRAFT = f"{EVALUATIONS}/r1-kanya-srisuk.yaml"  # final: false in the base
APP = "applications/somchai-jaidee-2569.yaml"


def branch(repo, name="pr"):
    repo.git("checkout", "-q", "-b", name, author="somchai")


def validate(repo, base="main"):
    with contextlib.chdir(repo.path):  # annotations name files relative to the checkout
        return runner.invoke(
            app, ["validate", "--format", "github", "--base", base, "--records", "records"]
        )


def changes(repo, head="pr"):
    result = runner.invoke(
        app, ["changes", "main", head, "--format", "json", "--records", str(repo.records)]
    )
    return result.exit_code, json.loads(result.output)


def test_editing_a_final_evaluation_fails_at_the_changed_line(repo):
    branch(repo)
    repo.write(FINAL, evaluation("malee-raksa"))  # 1.3 level 2 → 3, in place
    repo.commit("แก้ผลที่ยืนยันแล้ว", author="malee")
    result = validate(repo)
    assert result.exit_code == 1
    assert f"::error file=records/{FINAL},line=13,col=5,title=PA601::" in result.output
    assert "r1-malee-raksa-amend1.yaml" in result.output
    code, body = changes(repo)
    assert code == 1 and [p["code"] for p in body["problems"]] == ["PA601"]


def test_the_same_correction_as_an_amendment_passes(repo):
    branch(repo)
    amendment = evaluation("malee-raksa")
    amendment.update(amends="r1-malee-raksa.yaml", reason="ตรวจหลักฐานแล้วควรเป็นระดับ 3")
    repo.write(f"{EVALUATIONS}/r1-malee-raksa-amend1.yaml", amendment)
    repo.commit("บันทึกแก้ไขผล", author="malee")
    result = validate(repo)
    assert result.exit_code == 0, result.output
    assert changes(repo)[0] == 0


def test_a_draft_evaluation_may_still_be_edited_and_finalised(repo):
    branch(repo)
    repo.write(DRAFT, evaluation("kanya-srisuk", final=True, low="3.1"))
    repo.commit("ยืนยันผล", author="kanya")
    assert validate(repo).exit_code == 0


def test_deleting_a_final_evaluation_fails(repo):
    branch(repo)
    repo.remove(FINAL)
    repo.commit("ลบผล", author="malee")
    code, body = changes(repo)
    assert code == 1 and [p["code"] for p in body["problems"]] == ["PA602"]


def test_rewriting_application_history_fails(repo):
    branch(repo)
    rewritten = copy.deepcopy(APPLICATION)
    rewritten["history"][1]["date"] = "2025-11-09"
    repo.write(APP, rewritten)
    repo.commit("แก้วันที่ส่งคืน", author="kanya")
    result = validate(repo)
    assert result.exit_code == 1
    assert f"::error file=records/{APP},line=9,col=3,title=PA603::" in result.output
    assert "รายการที่ 2 (returned) ถูกแก้ไข" in result.output


def test_dropping_an_application_entry_fails(repo):
    branch(repo)
    shortened = copy.deepcopy(APPLICATION)
    shortened["history"].pop()
    repo.write(APP, shortened)
    repo.commit("ลบสถานะ", author="kanya")
    code, body = changes(repo)
    assert code == 1 and "ถูกลบ" in body["problems"][0]["message_th"]


def test_appending_to_application_history_passes(repo):
    branch(repo)
    appended = copy.deepcopy(APPLICATION)
    appended["history"].append(
        {"status": "submitted", "date": "2025-11-12", "by": "somchai-jaidee"}
    )
    repo.write(APP, appended)
    repo.commit("ยื่นใหม่", author="somchai")
    assert validate(repo).exit_code == 0
    assert changes(repo)[0] == 0


def test_uncommitted_work_tree_edits_are_checked_too(repo):
    repo.write(FINAL, evaluation("malee-raksa"))  # not committed: what pre-commit sees
    result = validate(repo, base="HEAD")
    assert result.exit_code == 1 and "PA601" in result.output


def test_a_base_missing_from_history_is_an_error(repo):
    result = validate(repo, base="origin/main")
    assert result.exit_code == 1 and "PA605" in result.output and "fetch-depth: 0" in result.output
