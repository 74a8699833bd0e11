"""Validation re-checks only what an edit can change (issue 8).

The rules that check one record at a time (``rules.ONE_AT_A_TIME``) keep what they found
per record between checks, in the process and on disk for the next one; a record is
checked again when it changed or when a look-up its rule reads changed. These tests hold
each rule to the look-ups it declares, and compare the re-check after real edits with a
check from nothing.
"""

from __future__ import annotations

import shutil

import pytest

import patracker.validate as validate_module
from patracker.filecache import RecheckCache
from patracker.project import SOURCE_ROOT, Project
from patracker.validate import _check, rules, validate
from patracker.validate.context import STATES, Context, Focus
from record_edits import substitution

# what a rule touches on the context → the look-up (``STATES``) whose state covers it
COVERED_BY = {
    "position": "positions",
    "form_of": "positions",
    "committees_of": "committees",
    "members": "committees",
    "induction_members": "committees",
    "unsound:committee": "committees",
    "agreements": "agreements",
    "evaluations": "evaluations",
    "office": "office",
    "rounds": "office",
}
SAME_FOR_EVERY_RECORD = {"forms", "schemas"}  # part of the memo's key


class Recording:
    """A context that notes every look-up a rule makes."""

    def __init__(self, ctx: Context):
        self._ctx, self.touched, self.kinds = ctx, set(), set()

    def of(self, kind: str):
        self.kinds.add(kind)
        return self._ctx.of(kind)

    def unsound(self, kind: str) -> bool:
        self.touched.add(f"unsound:{kind}")
        return self._ctx.unsound(kind)

    def __getattr__(self, name: str):
        self.touched.add(name)
        return getattr(self._ctx, name)


@pytest.fixture(scope="module")
def demo_context() -> Context:
    project = Project.at(SOURCE_ROOT / "records")
    corpus = validate(project).corpus
    return Context(corpus=corpus, forms=project.forms, schemas=project.schemas)


@pytest.mark.parametrize("rule", list(rules.ONE_AT_A_TIME), ids=lambda rule: rule.__name__)
def test_each_rule_reads_only_its_record_and_the_lookups_it_declares(rule, demo_context):
    kind, reads = rules.ONE_AT_A_TIME[rule]
    assert set(reads) <= STATES.keys()
    recording = Recording(demo_context)
    found = rule(recording)
    assert recording.kinds == {kind}, "a rule checks the records of its own kind only"
    touched = {COVERED_BY.get(name, name) for name in recording.touched}
    assert touched - SAME_FOR_EVERY_RECORD <= set(reads)
    assert recording.touched, "the rule looked nothing up: the recording missed it"
    own = {r.path for r in demo_context.corpus.of(kind)}
    assert all(p.file in own for p in found), "a problem must sit on the record checked"


EVALUATION = "people/anchalee-boonma/2569/evaluations/r1-aphichat-sriwong.yaml"
EDITS = {  # each changes what some rule finds, through the record or through a look-up
    "the record itself": substitution(EVALUATION, r"^date: 2026-03-03", "date: 2026-04-03"),
    "positions": substitution(
        "people/anchalee-boonma/person.yaml", r"^position: teacher", "position: director"
    ),
    "committees": substitution(
        "committees/2569/banphaingam-witthaya-pa.yaml", r"^  - anchalee-boonma\n", ""
    ),
    "agreements": substitution(
        "people/anchalee-boonma/2569/agreement.yaml", r"^status: approved", "status: returned"
    ),
    "office": substitution("office.yaml", r"^        end: 2026-03-31", "        end: 2026-02-28"),
    "evaluations": substitution(
        "people/wannipha-panthong/2569/evaluations/r1-chakkraphan-wongsawan.yaml",
        r"^final: true",
        "final: false",
    ),
}


@pytest.mark.parametrize("edit", EDITS, ids=str)
def test_a_recheck_after_an_edit_finds_what_a_check_from_nothing_finds(edit, tmp_path):
    records = tmp_path / "records"
    shutil.copytree(SOURCE_ROOT / "records", records)
    project = Project.at(records)
    before = validate(project).problems
    EDITS[edit](records)
    result = validate(project)
    memos = [m for (root, _), m in validate_module._FINDINGS.items() if root == str(records)]
    assert memos and all(memos[0].values()), "the re-check had no memo to start from"
    fresh = _check(project, result.corpus)  # no memo: every rule on every record
    assert result.problems == fresh
    assert result.problems != before, "the edit must change what the rules find"


PROGRESS = "people/anchalee-boonma/2569/progress.yaml"
EDIT_PROGRESS = substitution(PROGRESS, r"^    indicator: 2.4$", "    indicator: 9.9")


def as_a_new_process(records, monkeypatch) -> list[set[str]]:
    """Forget the memo this process holds for ``records``, as a new process starts; return
    the list that will receive the paths each per-record rule is run on from now on."""
    for key in [k for k in validate_module._FINDINGS if k[0] == str(records)]:
        del validate_module._FINDINGS[key]
    focused: list[set[str]] = []

    def spy(ctx, paths):
        focused.append(set(paths))
        return Focus(ctx, paths)

    monkeypatch.setattr(validate_module, "Focus", spy)
    return focused


def test_a_new_process_checks_only_the_edited_record_from_the_findings_kept_on_disk(
    tmp_path, monkeypatch
):
    records = tmp_path / "records"
    shutil.copytree(SOURCE_ROOT / "records", records)
    project = Project.at(records)
    before = validate(project).problems  # every record checked; the findings kept on disk
    focused = as_a_new_process(records, monkeypatch)
    EDIT_PROGRESS(records)
    result = validate(project)
    assert focused == [{PROGRESS}]
    assert result.problems == _check(project, result.corpus)
    assert result.problems != before, "the edit must change what the rules find"


def test_findings_kept_under_other_schemas_are_not_used(tmp_path, monkeypatch):
    records, schemas = tmp_path / "records", tmp_path / "schemas"
    shutil.copytree(SOURCE_ROOT / "records", records)
    shutil.copytree(SOURCE_ROOT / "schemas", schemas)
    validate(Project.at(records, schemas))  # the findings kept under these schemas
    focused = as_a_new_process(records, monkeypatch)
    progress = schemas / "progress.schema.json"
    progress.write_text(progress.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    EDIT_PROGRESS(records)
    result = validate(Project.at(records, schemas))
    every_progress = {r.path for r in result.corpus.of("progress")}
    assert len(every_progress) > 1
    assert every_progress in focused, "new schemas: every record is checked again"
    assert RecheckCache(records, "other code").load() == {}
