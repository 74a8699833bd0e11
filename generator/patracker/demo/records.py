"""A realistic fictional education office, of any size, deterministic for a seed.

The demo in ``records/`` is this generator's output (150 people, 12 schools), so the site
builds out of the box; the same code writes the 5,000-person offices the benchmarks use.
It covers the states an office really sees: a finished previous year (agreements,
committee reviews, progress, both rounds of evaluations with passes, fails, a missing
member, an amendment and a failed workload gate) and a current year in progress
(agreements missing, draft, submitted, returned and approved; reviews; progress), plus
assistant teachers on the ว26 track, DPA applications in every status and surveys.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..emit import dump
from ..engine.calendar import add_months
from ..fiscal import fiscal_year_of, round_span
from ..layout import path_for
from ..outdir import DEMO_MARK, DEMO_TEXT
from ..project import SOURCE_ROOT, Project
from . import words

DEFAULT_AS_OF = dt.date(2026, 11, 20)
# The demo's code maintainers: GitHub logins, not office staff (office.yaml ``maintainers``).
MAINTAINERS = ("nakhonsuwan-ict", "pa-tracker-dev")


@dataclass(frozen=True)
class DemoSpec:
    people: int = 150
    schools: int = 12
    seed: int = 2569
    as_of: dt.date = DEFAULT_AS_OF
    area: int = 0  # 1, 2, ...: "เขต N" of the province, so several demo offices can be rolled up


@dataclass
class _Person:
    id: str
    title: str
    first: str
    last: str
    position: str
    standing: str
    school: str | None
    appointed: dt.date
    subject: str | None = None
    quality: float = 0.5
    github: str | None = None


@dataclass
class _School:
    id: str
    name: str
    district: str
    size: str
    people: list[_Person] = field(default_factory=list)
    director: _Person = field(init=False)  # made with the school's people (``make_people``)


class _Generator:
    def __init__(self, spec: DemoSpec):
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.files: dict[str, dict] = {}
        self.current = fiscal_year_of(spec.as_of)
        self.previous = self.current - 1
        self.used_ids: set[str] = set()
        self.schools: list[_School] = []
        self.staff: dict[str, list[_Person]] = {}

    # --- people ----------------------------------------------------------------------

    def person(
        self, position: str, standing: str, school: _School | None, appointed: dt.date
    ) -> _Person:
        first, first_id, title = self.rng.choice(words.FIRST_NAMES)
        last, last_id = self.rng.choice(words.LAST_NAMES)
        base = f"{first_id}-{last_id}"
        ident, n = base, 2
        while ident in self.used_ids:
            ident, n = f"{base}-{n}", n + 1
        self.used_ids.add(ident)
        subject = (
            self.rng.choice(words.SUBJECTS)
            if position in ("teacher", "assistant-teacher")
            else None
        )
        person = _Person(
            id=ident,
            title=title,
            first=first,
            last=last,
            position=position,
            standing=standing,
            school=school.id if school else None,
            appointed=appointed,
            subject=subject,
            quality=self.rng.random(),
        )
        if school:
            school.people.append(person)
        return person

    def appointed(self, earliest: int, latest: int) -> dt.date:
        start = dt.date(earliest, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(latest, 12, 31).toordinal()))

    def make_people(self) -> None:
        spec = self.spec
        for index in range(spec.schools):
            stem, stem_id = words.SCHOOL_STEMS[index % len(words.SCHOOL_STEMS)]
            suffix = (
                ""
                if index < len(words.SCHOOL_STEMS)
                else f" {index // len(words.SCHOOL_STEMS) + 1}"
            )
            ident = stem_id + ("" if not suffix else f"-{index // len(words.SCHOOL_STEMS) + 1}")
            size = ("extra-large", "large", "medium", "small")[index % 4]
            district = words.DISTRICTS[index % len(words.DISTRICTS)]
            self.schools.append(_School(ident, f"โรงเรียน{stem}{suffix}", f"อำเภอ{district}", size))
        supervisors = max(2, spec.people // 40)
        externals = max(3, spec.schools // 3 + 2)
        self.staff = {
            "esa-director": [
                self.person("esa-director", "expert", None, self.appointed(1993, 1998))
            ],
            "supervisor": [
                self.person(
                    "supervisor",
                    self.rng.choice(("senior-professional", "expert")),
                    None,
                    self.appointed(1998, 2012),
                )
                for _ in range(supervisors)
            ],
            "officer": [
                self.person("officer", "none", None, self.appointed(2005, 2018)) for _ in range(2)
            ],
            "external-expert": [
                self.person("external-expert", "expert", None, self.appointed(1985, 1995))
                for _ in range(externals)
            ],
        }
        for index, school in enumerate(self.schools):
            school.director = self.person(
                "school-director",
                self.rng.choice(("senior-professional", "expert")),
                school,
                self.appointed(1995, 2008),
            )
            if index % 2 == 0:
                self.person(
                    "deputy-director", "senior-professional", school, self.appointed(2000, 2012)
                )
            if index % 3 != 2:
                self.person("assistant-teacher", "none", school, self._assistant_appointed(index))
        fixed = sum(len(v) for v in self.staff.values()) + sum(len(s.people) for s in self.schools)
        for index in range(max(0, spec.people - fixed)):
            school = self.schools[index % len(self.schools)]
            standing = self.rng.choices(
                ("none", "professional", "senior-professional", "expert"), weights=(25, 40, 30, 5)
            )[0]
            earliest = {
                "none": 2017,
                "professional": 2008,
                "senior-professional": 1998,
                "expert": 1992,
            }[standing]
            self.person(
                "teacher", standing, school, self.appointed(earliest, min(earliest + 10, 2022))
            )

    def _assistant_appointed(self, index: int) -> dt.date:
        """Spread assistant teachers over the two-year track: some finished, some midway."""
        months_back = (27, 13, 8, 20, 3, 15)[index % 6]
        year, month = divmod(
            self.spec.as_of.year * 12 + self.spec.as_of.month - 1 - months_back, 12
        )
        return dt.date(year, month + 1, 15)

    @property
    def everyone(self) -> list[_Person]:
        return [p for group in self.staff.values() for p in group] + [
            p for s in self.schools for p in s.people
        ]

    # --- static records ----------------------------------------------------------------

    def write_static(self) -> None:
        officers = self.staff["officer"]
        for officer in officers:
            officer.github = f"{officer.id}-hr"
        for school in self.schools:
            teachers = [p for p in school.people if p.position == "teacher"]
            admin = teachers[0] if teachers else school.director
            school.director.github = f"{school.director.id}-dir"
            admin.github = admin.github or f"{admin.id}-dpa"
            reviewers = sorted({school.director.id, admin.id})
            self.files[path_for("school", id=school.id)] = {
                "id": school.id,
                "name": school.name,
                "district": school.district,
                "size": school.size,
                "director": school.director.id,
                "dpa_admin": admin.id,
                "reviewers": reviewers,
            }
        for person in self.everyone:
            person.github = person.github or person.id  # everyone authors their own files (§12)
            self.files[path_for("person", person=person.id)] = self.person_record(person)
        self.files[path_for("office")] = self.office_record()

    def person_record(self, p: _Person) -> dict:
        record: dict = {
            "id": p.id,
            "title": p.title,
            "first_name": p.first,
            "last_name": p.last,
            "position": p.position,
            "standing": p.standing,
        }
        if p.school:
            record["school"] = p.school
        record["appointed"] = p.appointed.isoformat()
        if p.subject:
            record["subject"] = p.subject
        grade = {
            "none": "คศ.1",
            "professional": "คศ.2",
            "senior-professional": "คศ.3",
            "expert": "คศ.4",
        }
        if p.position == "assistant-teacher":
            record["salary_grade"] = "ครูผู้ช่วย"
        elif p.position not in ("external-expert", "officer"):
            record["salary_grade"] = grade.get(p.standing, "คศ.1")
        if p.github:
            record["github"] = p.github
        record["contact"] = {
            "phone": f"08{self.rng.randint(10000000, 99999999)}",
            "email": f"{p.id}@nakhonsuwan.example",
        }
        if self.rng.random() < 0.5:
            record["contact"]["line"] = f"{p.id.split('-')[0]}{self.rng.randint(10, 99)}"
        if self.rng.random() < 0.3:
            record["birth_date"] = self.appointed(1965, 1998).isoformat()
        return record

    def office_record(self) -> dict:
        years = []
        for fy in (self.previous, self.current):
            ce = fy - 543
            rounds = []
            for rnd in (1, 2):
                start, end = round_span(fy, rnd)
                due = {
                    "evaluation": end.isoformat(),
                    "report": (end + dt.timedelta(days=15)).isoformat(),
                }
                if rnd == 1:
                    due = {
                        "agreement": f"{ce - 1}-10-31",
                        "review": f"{ce - 1}-11-30",
                        "progress": f"{ce}-02-15",
                        **due,
                    }
                else:
                    due = {"progress": f"{ce}-08-15", **due}
                rounds.append(
                    {"round": rnd, "start": start.isoformat(), "end": end.isoformat(), "due": due}
                )
            year: dict = {"year": fy}
            if fy < self.current:
                year["closed"] = True  # a finished year: its progress is history (§12)
            years.append({**year, "rounds": rounds})
        area = f" เขต {self.spec.area}" if self.spec.area else ""
        return {
            "id": "sesa-nakhon-suwan" + (f"-{self.spec.area}" if self.spec.area else ""),
            "name": f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษานครสุวรรณ{area}",
            "short_name": f"สพม.นครสุวรรณ{area}",
            "province": "นครสุวรรณ",
            "repository": "nakhonsuwan-esa/pa-records",
            "hr": [o.id for o in self.staff["officer"]],
            "maintainers": list(MAINTAINERS),
            "fiscal_years": years,
            "rules": {
                "pass_percent": 70,
                "min_weekly_hours": 20,
                "due_soon_days": 7,
                "agreement_lead_days": 60,
                "closed_days": [
                    {"date": f"{self.current - 544}-12-30", "name": "ปิดสำนักงานช่วงสิ้นปี"},
                    {"date": f"{self.current - 543}-01-02", "name": "ปิดสำนักงานช่วงปีใหม่"},
                ],
            },
            "kpi_population": {"registered": ["teacher", "supervisor"]},
            "kpi_targets": {
                "registered": 95,
                "committee_use": 100,
                "reports_per_round": 1,
                "satisfaction": 85,
            },
        }

    # --- committees ------------------------------------------------------------------

    def committees(self, fy: int) -> dict[str, dict]:
        """committee id → (chair, members) with assessees recorded in ``self.assessed``."""
        supervisors, externals = self.staff["supervisor"], self.staff["external-expert"]
        esa_director = self.staff["esa-director"][0]
        out: dict[str, dict] = {}
        for index, school in enumerate(self.schools):
            assessees = [p for p in school.people if p.position in ("teacher", "deputy-director")]
            if not assessees:
                continue
            senior = self._senior_elsewhere(school) or externals[index % len(externals)]
            members = [school.director, supervisors[index % len(supervisors)], senior]
            out[f"{school.id}-pa"] = self._committee(
                fy, f"{school.id}-pa", "pa", members, assessees
            )
        directors = [s.director for s in self.schools]
        out["directors-pa"] = self._committee(
            fy, "directors-pa", "pa", [esa_director, supervisors[0], externals[0]], directors
        )
        office = [*supervisors, esa_director]
        out["esa-pa"] = self._committee(fy, "esa-pa", "pa", externals[:3], office)
        return out

    def _senior_elsewhere(self, school: _School) -> _Person | None:
        others = [
            p
            for s in self.schools
            if s is not school
            for p in s.people
            if p.position == "teacher" and p.standing in ("senior-professional", "expert")
        ]
        return others[len(school.id) % len(others)] if others else None

    def _committee(
        self, fy: int, ident: str, kind: str, members: list[_Person], assessees: list[_Person]
    ) -> dict:
        roles = ["chair", "member", "member"] if kind == "pa" else ["chair", "mentor", "expert"]
        record = {
            "id": ident,
            "fiscal_year": fy,
            "kind": kind,
            "members": [{"person": m.id, "role": r} for m, r in zip(members, roles, strict=True)],
            "assessees": [a.id for a in assessees],
        }
        self.files[path_for("committee", fy=fy, id=ident)] = record
        return {"members": members, "assessees": assessees, "chair": members[0]}

    # --- a year of PA ------------------------------------------------------------------

    def pa_year(self, fy: int, complete: bool) -> None:
        committees = self.committees(fy)
        for index, committee in enumerate(committees.values()):
            for n, person in enumerate(committee["assessees"]):
                self.assessee_year(fy, person, committee, complete, index * 1000 + n)

    def assessee_year(
        self, fy: int, person: _Person, committee: dict, complete: bool, serial: int
    ) -> None:
        state = self._agreement_state(complete, serial)
        if state == "missing":
            return
        form = _FORM_OF[person.position]
        start, _ = round_span(fy, 1)
        submitted = start + dt.timedelta(days=self.rng.randint(3, 25))
        self.files[path_for("agreement", person=person.id, fy=fy)] = self.agreement(
            person, fy, form, state, submitted, committee["chair"]
        )
        if state == "draft":
            return
        for member in committee["members"]:
            if complete or self.rng.random() < 0.7:
                self.review(person, fy, member, submitted)
        if complete or self.rng.random() < 0.55:
            self.progress(person, fy, form, complete)
        if state != "approved":
            return
        for rnd in (1, 2):
            self.evaluations(person, fy, rnd, committee["members"], complete, serial)

    def _agreement_state(self, complete: bool, serial: int) -> str:
        roll = self.rng.random()
        if complete:
            return "missing" if roll < 0.03 else "approved"
        for state, share in (
            ("missing", 0.08),
            ("draft", 0.13),
            ("submitted", 0.21),
            ("returned", 0.25),
        ):
            if roll < share:
                return state
        return "approved"

    def agreement(
        self, p: _Person, fy: int, form: dict, state: str, submitted: dt.date, chair: _Person
    ) -> dict:
        grade = self.rng.choice(words.GRADES)
        subject = p.subject or "การบริหารจัดการศึกษา"
        record: dict = {"person": p.id, "fiscal_year": fy, "form": form["id"], "status": state}
        if state != "draft":
            record["submitted"] = submitted.isoformat()
        approver = self._approver(p, chair)
        if state in ("approved", "returned"):
            decided = submitted + dt.timedelta(days=self.rng.randint(1, 10))
            record["approval"] = {"by": approver.id, "date": decided.isoformat()}
            if state == "returned":
                record["approval"]["note"] = "ตัวชี้วัดยังไม่สอดคล้องกับผลลัพธ์ ขอให้ระบุเป้าหมายเชิงปริมาณให้ชัดเจน"
        if p.position == "teacher":
            record["class_types"] = ["ห้องเรียนวิชาสามัญหรือวิชาพื้นฐาน"]
            hours = self.rng.choice((14, 16, 18, 18, 20))
            if p.quality < 0.03:
                hours = 10  # below the ก.ค.ศ. minimum: the PA 2 gate fails
            record["workload"] = {
                "teaching": [{"subject": f"{subject} ชั้น{grade}", "hours": hours}],
                "support": 3,
                "quality": 2,
                "policy": 1,
            }
        record["part1"] = {
            code: self._indicator_text(title, subject, grade, form["groups"])
            for code, title in form["indicators"]
        }
        record["challenges"] = [
            self._challenge(subject, grade, n) for n in range(form["challenges"])
        ]
        return record

    def _approver(self, p: _Person, chair: _Person) -> _Person:
        if p.position in ("teacher", "deputy-director") and p.school:
            return next(s.director for s in self.schools if s.id == p.school)
        if p.position in ("school-director", "supervisor"):
            return self.staff["esa-director"][0]
        return chair

    def _indicator_text(self, title: str, subject: str, grade: str, groups: bool) -> dict:
        verb = self.rng.choice(words.TASK_VERBS)
        tasks = f"{verb}ดำเนินการเรื่อง{title} ในรายวิชา{subject} ชั้น{grade}"
        outcomes = f"ผู้เรียนชั้น{grade} ได้รับประโยชน์จากการ{title}"
        indicators = f"ผู้เรียนร้อยละ {self.rng.choice((70, 75, 80))} มีผลการประเมินผ่านเกณฑ์"
        if groups:
            return {
                "tasks": f"{verb}ขับเคลื่อนเรื่อง{title} ระดับเขตพื้นที่",
                "outcomes": {
                    "learners": "ผู้เรียนมีผลสัมฤทธิ์ทางการเรียนสูงขึ้น",
                    "staff": "ครูและบุคลากรนำแนวทางไปใช้ในสถานศึกษา",
                    "schools": "สถานศึกษามีแผนพัฒนาที่สอดคล้องกับบริบท",
                    "esa": "สำนักงานเขตมีระบบติดตามที่ใช้ข้อมูลจริง",
                },
                "indicators": {
                    "learners": "ผลการทดสอบระดับชาติเพิ่มขึ้นร้อยละ 3",
                    "staff": "ครูร้อยละ 80 ได้รับการพัฒนา",
                    "schools": "สถานศึกษาร้อยละ 100 มีแผนพัฒนา",
                    "esa": "มีรายงานติดตามทุกภาคเรียน",
                },
            }
        return {"tasks": tasks, "outcomes": outcomes, "indicators": indicators}

    def _challenge(self, subject: str, grade: str, n: int) -> dict:
        template = words.CHALLENGES[
            (self.rng.randrange(len(words.CHALLENGES)) + n) % len(words.CHALLENGES)
        ]
        return {key: text.format(subject=subject, grade=grade) for key, text in template.items()}

    def review(self, p: _Person, fy: int, member: _Person, submitted: dt.date) -> None:
        day = submitted + dt.timedelta(days=self.rng.randint(5, 30))
        decision = "revise" if self.rng.random() < 0.2 else "accepted"
        record: dict = {
            "person": p.id,
            "fiscal_year": fy,
            "member": member.id,
            "date": day.isoformat(),
            "decision": decision,
        }
        if decision == "revise":
            record["comments"] = {"1.3": "ควรระบุวิธีวัดผลลัพธ์ให้ชัดเจนและสอดคล้องกับตัวชี้วัด"}
        record["general"] = (
            "ประเด็นท้าทายสอดคล้องกับสภาพปัญหาของผู้เรียน"
            if decision == "accepted"
            else "ขอให้ปรับเป้าหมายเชิงปริมาณของประเด็นท้าทายให้วัดได้"
        )
        self.files[path_for("review", person=p.id, fy=fy, member=member.id)] = record

    def progress(self, p: _Person, fy: int, form: dict, complete: bool) -> None:
        start, _ = round_span(fy, 1)
        horizon = 330 if complete else max(1, (self.spec.as_of - start).days - 1)
        codes = [code for code, _ in form["indicators"]]
        entries = []
        for day in sorted(self.rng.sample(range(horizon), k=min(horizon, self.rng.randint(2, 6)))):
            code = self.rng.choice([*codes, "challenge-1"])
            entry: dict = {
                "date": (start + dt.timedelta(days=day)).isoformat(),
                "indicator": code,
                "text": "ดำเนินกิจกรรมตามแผนครบถ้วน ผู้เรียนมีส่วนร่วม บันทึกผลหลังสอนและปรับปรุงในสัปดาห์ถัดไป",
            }
            if self.rng.random() < 0.7:
                entry["evidence"] = [
                    {
                        "title": "ภาพกิจกรรมและบันทึกหลังสอน",
                        "url": f"https://evidence.nakhonsuwan.example/{p.id}/{day}",
                    }
                ]
            entries.append(entry)
        self.files[path_for("progress", person=p.id, fy=fy)] = {
            "person": p.id,
            "fiscal_year": fy,
            "entries": entries,
        }

    def evaluations(
        self, p: _Person, fy: int, rnd: int, members: list[_Person], complete: bool, serial: int
    ) -> None:
        _, end = round_span(fy, rnd)
        if not complete and self.spec.as_of < end - dt.timedelta(days=45):
            return
        failing = self.rng.random() < 0.06
        missing = self.rng.randrange(3) if (rnd == 1 and self.rng.random() < 0.06) else None
        form = _FORM_OF[p.position]
        for index, member in enumerate(members):
            if index == missing:
                continue
            day = end - dt.timedelta(days=self.rng.randint(5, 40))
            if day > self.spec.as_of:
                continue
            low = failing and index == 1
            record = self._evaluation(p, fy, rnd, member, day, form, low)
            path = path_for("evaluation", person=p.id, fy=fy, round=rnd, member=member.id)
            self.files[path] = record
            if rnd == 1 and low and not self.amended:
                self.amended = True
                fixed = self._evaluation(
                    p, fy, rnd, member, day + dt.timedelta(days=3), form, False
                )
                fixed["amends"] = path.rsplit("/", 1)[1]
                fixed["reason"] = "กรรมการบันทึกระดับตัวชี้วัดผิดรายการ แก้ไขตามมติคณะกรรมการ"
                self.files[
                    path_for("evaluation", person=p.id, fy=fy, round=rnd, member=member.id, amend=1)
                ] = fixed

    amended = False

    def _evaluation(self, p, fy, rnd, member, day, form, low: bool) -> dict:
        def level() -> int:
            if low:
                return self.rng.choices((1, 2, 3), weights=(1, 6, 3))[0]
            return self.rng.choices((2, 3, 4), weights=(1, 14, 3 + int(6 * p.quality)))[0]

        part1: dict[str, dict] = {code: {"level": level()} for code, _ in form["indicators"]}
        weakest = min(part1, key=lambda c: part1[c]["level"])
        if part1[weakest]["level"] <= 2:
            part1[weakest]["comment"] = "ควรเพิ่มหลักฐานที่แสดงผลลัพธ์ต่อผู้เรียนให้ชัดเจน"
        return {
            "person": p.id,
            "fiscal_year": fy,
            "round": rnd,
            "member": member.id,
            "date": day.isoformat(),
            "workload_ok": p.quality >= 0.03 or p.position != "teacher",
            "part1": part1,
            "part2": {
                key: {"level": level()} for key in ("methods", "quantitative", "qualitative")
            },
            "final": True,
        }

    # --- assistant teachers, applications, surveys ------------------------------------

    def induction(self) -> None:
        externals = self.staff["external-expert"]
        for index, school in enumerate(self.schools):
            mentors = [p for p in school.people if p.position == "teacher"]
            for person in (p for p in school.people if p.position == "assistant-teacher"):
                members = [
                    school.director,
                    mentors[0] if mentors else school.director,
                    externals[index % len(externals)],
                ]
                fy = fiscal_year_of(person.appointed)
                ident = f"induction-{person.id}"
                self._committee(fy, ident, "induction", members, [person])
                struggling = index % 5 == 1
                days = []
                for n in range(1, 5):
                    # period n ends the day before the n-th six-month anniversary [ว19 §5.1]
                    day = add_months(person.appointed, 6 * n) - dt.timedelta(days=1)
                    if day > self.spec.as_of:
                        break
                    days.append(day)
                    for m_index, member in enumerate(members):
                        self.files[
                            path_for("induction", person=person.id, n=n, member=member.id)
                        ] = self._induction_record(
                            person, n, member, day, weak=struggling and n == 2 and m_index != 2
                        )
                after = self._induction_after(index, person, days, struggling)
                if after:
                    self.files[path_for("person", person=person.id)]["induction"] = after

    def _induction_after(
        self, index: int, person: _Person, days: list[dt.date], struggling: bool
    ) -> dict:
        """What HR recorded after the evaluations [ว19 §4.7, §5.2]: the summary of a finished
        track was sent, except a struggling teacher's (overdue); after a failed evaluation
        2, one school in three records nothing yet, one the teacher's notice, an appeal and
        the decision to continue, one the notice only (the appeal window)."""
        out: dict[str, str] = {}
        as_of = self.spec.as_of
        if len(days) == 4 and not struggling and days[3] + dt.timedelta(days=12) <= as_of:
            out["summary_sent"] = (days[3] + dt.timedelta(days=12)).isoformat()
        if struggling and len(days) >= 2:
            told = days[1] + dt.timedelta(days=20)
            kind = (index // 5) % 3
            if kind >= 1 and told <= as_of:
                out["result_notice"] = told.isoformat()
            if kind == 1 and told + dt.timedelta(days=30) <= as_of:
                out["appeal"] = (told + dt.timedelta(days=2)).isoformat()
                out["outcome"] = "continue"
                out["decided"] = (told + dt.timedelta(days=30)).isoformat()
        return out

    def _induction_record(
        self, p: _Person, n: int, member: _Person, day: dt.date, weak: bool
    ) -> dict:
        share = 0.4 if weak else self.rng.uniform(0.72, 0.95)
        conduct = {f"1.{i}": round(10 * share) for i in range(1, 6)}
        work = {
            "2.1": round(20 * share),
            "2.2": round(10 * share),
            "2.3": round(10 * share),
            "2.4": round(10 * share),
        }
        record = {
            "person": p.id,
            "evaluation": n,
            "member": member.id,
            "date": day.isoformat(),
            "conduct": conduct,
            "work": work,
            "strengths": "ตรงต่อเวลา มีความรับผิดชอบ และสร้างความสัมพันธ์ที่ดีกับนักเรียน",
            "to_develop": "การออกแบบการวัดและประเมินผลให้หลากหลาย",
            "observations": "ควรบันทึกผลหลังการสอนและนำมาปรับแผนอย่างสม่ำเสมอ",
            "final": True,
        }
        if (self.spec.as_of - day).days > 20:
            record["notified"] = (day + dt.timedelta(days=self.rng.randint(3, 14))).isoformat()
        return record

    def applications(self) -> None:
        ladder = {
            "none": "professional",
            "professional": "senior-professional",
            "senior-professional": "expert",
        }
        candidates = [
            p
            for s in self.schools
            for p in s.people
            if p.position == "teacher" and p.standing in ladder
        ]
        self.rng.shuffle(candidates)
        hr = self.staff["officer"][0]
        count = max(len(_APPLICATION_PATHS), self.spec.people // 12)
        for index, person in enumerate(candidates[:count]):
            school = next(s for s in self.schools if s.id == person.school)
            admin = self.files[path_for("school", id=school.id)]["dpa_admin"]
            steps = _APPLICATION_PATHS[index % len(_APPLICATION_PATHS)]
            day = self.spec.as_of - dt.timedelta(days=self.rng.randint(60, 300))
            history = []
            for status in steps:
                day += dt.timedelta(days=self.rng.randint(2, 20))
                if day > self.spec.as_of:
                    day = self.spec.as_of
                by = {"draft": person.id, "submitted": person.id, "school-checked": admin}.get(
                    status, hr.id
                )
                entry: dict = {"status": status, "date": day.isoformat(), "by": by}
                if status in ("returned", "failed", "rejected"):
                    entry["reason"] = self.rng.choice(words.RETURN_REASONS)
                history.append(entry)
            ident = f"dpa-{self.current}-{index + 1:03d}"
            self.files[path_for("application", id=ident)] = {
                "id": ident,
                "person": person.id,
                "standing": ladder[person.standing],
                "history": history,
            }

    def surveys(self) -> None:
        for fy, rnd in ((self.previous, 1), (self.previous, 2)):
            questions = []
            for index, text in enumerate(words.SURVEY_QUESTIONS, 1):
                respondents = max(10, self.spec.people // 2)
                weights = (1, 2, 10, 45, 42)
                counts = [0] * 5
                for _ in range(respondents):
                    counts[self.rng.choices(range(5), weights=weights)[0]] += 1
                questions.append({"code": f"q{index}", "text": text, "counts": counts})
            self.files[path_for("survey", fy=fy, round=rnd)] = {
                "fiscal_year": fy,
                "round": rnd,
                "scale_max": 5,
                "questions": questions,
            }

    def generate(self) -> dict[str, dict]:
        self.make_people()
        self.write_static()
        self.pa_year(self.previous, complete=True)
        self.pa_year(self.current, complete=False)
        self.induction()
        self.applications()
        self.surveys()
        return self.files


_WITH_COMMITTEE = ("submitted", "school-checked", "esa-checked", "with-committee")
_AWAITING_BOARD = (*_WITH_COMMITTEE, "passed", "awaiting-board")
_APPLICATION_PATHS: tuple[tuple[str, ...], ...] = (
    ("draft",),
    ("draft", "submitted"),
    ("submitted", "school-checked"),
    ("submitted", "school-checked", "esa-checked"),
    ("submitted", "returned"),
    ("submitted", "school-checked", "returned", *_WITH_COMMITTEE),
    _WITH_COMMITTEE,
    (*_WITH_COMMITTEE, "passed"),
    (*_WITH_COMMITTEE, "failed"),
    _AWAITING_BOARD,
    (*_AWAITING_BOARD, "approved"),
    (*_AWAITING_BOARD, "rejected"),
    ("draft", "withdrawn"),
)


def _form_table() -> dict[str, dict]:
    """Indicator codes per position, read from the form files this package ships with."""
    forms = Project.at(SOURCE_ROOT / "records", SOURCE_ROOT / "schemas").forms
    table = {}
    for form in forms.agreement_forms.values():
        entry = {
            "id": form.id,
            "indicators": [(i.code, i.title) for i in form.indicators],
            "challenges": form.challenges,
            "groups": form.target_groups,
        }
        for position in form.positions:
            table[position] = entry
    return table


_FORM_OF: dict[str, dict] = {}


def generate(spec: DemoSpec) -> dict[str, dict]:
    if not _FORM_OF:
        _FORM_OF.update(_form_table())
    return _Generator(spec).generate()


def write_demo(spec: DemoSpec, out: Path, track=None) -> int:
    """Write the demo records into ``out`` atomically (a temp folder swapped into place).

    ``track(total)``, when given, is a context manager yielding ``step(n)`` (progress.py).
    """
    files = generate(spec)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".demo-", dir=out.parent))
    try:
        with track(len(files)) if track else nullcontext(lambda n=1: None) as step:
            for relative, data in files.items():
                target = staging / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(dump(data), encoding="utf-8")
                step(1)
        (staging / DEMO_MARK).write_text(DEMO_TEXT, encoding="utf-8")  # --force may replace it
    except BaseException:  # a full disk, Ctrl-C: no half-written copy left beside ``out``
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if out.exists():
        shutil.rmtree(out)
    staging.rename(out)
    return len(files)
