"""The tiny office with what the access rules need: logins for everyone, maintainers, a
closed fiscal year, an assistant teacher with a final ว26 evaluation, progress, a draft
PA 1 and a file of code, committed on main (check-pr and codeowners tests)."""

from __future__ import annotations

import copy
from pathlib import Path

from .gitrepo import GitRepo, office_repo
from .office import AGREEMENT, OFFICE, fiscal_year, person

INDUCTION = "people/nok-saiyai/induction/e1-kanya-srisuk.yaml"
PROGRESS = "people/somchai-jaidee/2569/progress.yaml"
DRAFT_PA1 = "people/somchai-jaidee/2570/agreement.yaml"
MAINTAINER = "pa-dev"


def access_office() -> dict:
    office = copy.deepcopy(OFFICE)
    office["maintainers"] = [MAINTAINER, "other-dev"]
    office["hr"] = ["rattana-khamdee", "pim-chaiyo"]  # two: each approves the other's file
    office["fiscal_years"].insert(0, fiscal_year(2568, closed=True))
    return office


def induction(score: int) -> dict:
    return {
        "person": "nok-saiyai",
        "evaluation": 1,
        "member": "kanya-srisuk",
        "date": "2026-04-15",
        "conduct": {f"1.{i}": score for i in range(1, 6)},
        "work": {"2.1": 16, "2.2": score, "2.3": score, "2.4": score},
        "final": True,
    }


def progress(*dates: str) -> dict:
    entries = [{"date": "2025-11-02", "indicator": "1.1", "text": "จัดกิจกรรมตามแผน"}]
    entries += [{"date": d, "indicator": "1.2", "text": "บันทึกเพิ่ม"} for d in dates]
    return {"person": "somchai-jaidee", "fiscal_year": 2569, "entries": entries}


def access_repo(path: Path) -> GitRepo:
    made = office_repo(path)
    made.write("office.yaml", access_office())
    made.write(
        "people/prasert-kaewkla/person.yaml",
        person("prasert-kaewkla", "ประเสริฐ", "แก้วกล้า", "supervisor", "prasert-k", school=None),
    )
    made.write(
        "people/pim-chaiyo/person.yaml",
        person("pim-chaiyo", "พิม", "ชัยโย", "officer", "pim-hr", school=None),
    )
    made.write(
        "people/nok-saiyai/person.yaml",
        person("nok-saiyai", "นก", "สายใย", "assistant-teacher", "nok-s"),
    )
    made.write(
        "committees/2569/induction-nok-saiyai.yaml",
        {
            "id": "induction-nok-saiyai",
            "fiscal_year": 2569,
            "kind": "induction",
            "members": [
                {"person": "kanya-srisuk", "role": "chair"},
                {"person": "somchai-jaidee", "role": "mentor"},  # a teacher of the school (PA416)
                {"person": "malee-raksa", "role": "expert"},
            ],
            "assessees": ["nok-saiyai"],
        },
    )
    made.write(INDUCTION, induction(8))
    made.write(PROGRESS, progress())
    draft = copy.deepcopy(AGREEMENT)
    draft.update(fiscal_year=2570, status="draft")
    del draft["approval"], draft["submitted"]
    made.write(DRAFT_PA1, draft)
    (made.path / "generator").mkdir()
    (made.path / "generator/protect.py").write_text("RULES = ['PA601']\n", encoding="utf-8")
    made.commit("สิทธิ์การแก้ไข")
    return made
