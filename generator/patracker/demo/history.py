"""Years of an office's Git history, grown from the demo records (issue 8).

``patracker demo --history --out REPO`` writes a Git repository, not only a folder:
``REPO/records`` at HEAD is exactly what ``patracker demo`` writes, reached through the
commits an office really makes. HR imports the roster and sets up committees; people
draft and submit their PA 1 in pull requests their director merges; the approver records
the decision; committee members file reviews and evaluations (one is amended); progress
grows month by month; applications move one status at a time. Pull requests land as
``Merge pull request #N from login/branch`` (a few squash-merged as ``title (#N)``), so
the history reader finds each change's PR and approver. Dates are fixed per seed and the
repository is written with ``git fast-import`` (demo_gitimport.py, which also has
``write_history`` and ``write_office``, what the command runs), so it is the same
repository for a seed and tens of thousands of commits take seconds.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..fiscal import round_span
from ..layout import classify
from .records import DemoSpec, generate

TZ = dt.timezone(dt.timedelta(hours=7))
RECORDS = "records"
GITIGNORE = ".patracker-cache/\nsite/\nsite-public/\n"
SQUASH_EVERY = 9  # one pull request in nine is squash-merged, as some reviewers do


@dataclass(frozen=True)
class Author:
    name: str
    login: str

    @property
    def email(self) -> str:
        return f"{self.login}@users.noreply.github.com"


@dataclass
class Commit:
    when: dt.datetime
    message: str
    files: dict[str, dict | str]  # repository path → record data (or plain text)
    author: Author


@dataclass
class PullRequest:
    title: str
    branch: str
    author: Author
    merger: Author
    commits: list[Commit] = field(default_factory=list)
    merged_at: dt.datetime | None = None
    number: int = 0
    squash: bool = False

    @property
    def merged(self) -> dt.datetime:
        """When it landed: set on every pull request of a plan (``_Planner.land``)."""
        assert self.merged_at is not None, self.branch
        return self.merged_at


@dataclass
class Plan:
    """The whole history: a first direct commit, then pull requests in the order they land."""

    initial: Commit
    pulls: list[PullRequest]
    final: dict[str, dict]  # records path → data at HEAD (what ``generate`` returns)

    @property
    def commit_count(self) -> int:
        return 1 + sum(1 if p.squash else len(p.commits) + 1 for p in self.pulls)


def plan_history(spec: DemoSpec) -> Plan:
    """Plan the history of the demo office for ``spec`` (no Git involved)."""
    return _Planner(spec, generate(spec)).plan()


class _Planner:
    def __init__(self, spec: DemoSpec, files: dict[str, dict]):
        self.spec, self.files = spec, files
        self.rng = random.Random(spec.seed * 7919 + 17)
        self.start = dt.date(spec.as_of.year - 3, 5, 16)
        self.groups: dict[tuple, PullRequest] = {}
        self.last_time: dict[str, dt.datetime] = {}
        self.people = {
            d["id"]: d for p, d in files.items() if (r := classify(p)) and r.kind == "person"
        }
        self.schools = {
            d["id"]: d for p, d in files.items() if (r := classify(p)) and r.kind == "school"
        }
        self.office = files["office.yaml"]
        self.hr = [self.author(i) for i in self.office["hr"]]
        director = next(d for d in self.people.values() if d["position"] == "esa-director")
        self.esa_director = self.author(director["id"])
        self.committee_of = self._committees()

    # --- who ---------------------------------------------------------------------------

    def author(self, person_id: str) -> Author:
        person = self.people[person_id]
        name = f"{person['first_name']} {person['last_name']}"
        return Author(name, person.get("github") or person_id)

    def other_hr(self, who: Author) -> Author:
        """An HR officer who is not ``who`` (nobody merges only their own work)."""
        return next((h for h in self.hr if h != who), self.esa_director)

    def _committees(self) -> dict[tuple[str, int], dict]:
        out = {}
        for path, data in self.files.items():
            ref = classify(path)
            if ref and ref.kind == "committee" and data["kind"] == "pa":
                for person in data["assessees"]:
                    out[(person, data["fiscal_year"])] = data
        return out

    def chair_of(self, person: str, fy: int, member: Author) -> Author:
        members = (self.committee_of.get((person, fy)) or {}).get("members", ())
        chair = next((m["person"] for m in members if m["role"] == "chair"), None)
        found = self.author(chair) if chair else self.hr[0]
        return found if found != member else self.other_hr(member)

    def school_merger(self, person_id: str) -> Author:
        """Who merges a person's own PR: their director, else HR."""
        school = self.schools.get(self.people[person_id].get("school") or "")
        if school and school["director"] != person_id:
            return self.author(school["director"])
        return self.hr[0]

    # --- when --------------------------------------------------------------------------

    def moment(self, day: dt.date, path: str) -> dt.datetime:
        """A working-hours time on ``day``, always after this file's previous change."""
        when = dt.datetime(day.year, day.month, day.day, 8, tzinfo=TZ)
        when += dt.timedelta(minutes=self.rng.randrange(480))
        last = self.last_time.get(path)
        if last is not None and when <= last:
            when = last + dt.timedelta(minutes=1)
        self.last_time[path] = when
        return when

    def add(self, key: tuple, pr: tuple[str, str, Author, Author], day, message, changes) -> None:
        """Add one commit (``changes``: records path → data) to the pull request ``key``."""
        title, branch, author, merger = pr
        day = min(day, self.spec.as_of)
        pull = self.groups.setdefault(key, PullRequest(title, branch, author, merger))
        times = [self.moment(day, path) for path in changes]
        files = {f"{RECORDS}/{path}": data for path, data in changes.items()}
        pull.commits.append(Commit(max(times), message, files, author))

    # --- the plan ----------------------------------------------------------------------

    def plan(self) -> Plan:
        initial = self.setup()
        for path, data in self.files.items():
            ref = classify(path)
            assert ref is not None, path  # the demo writes only paths the layout knows
            handler = getattr(self, f"on_{ref.kind}", None)
            if handler:
                handler(path, data)
        return Plan(initial, self.land(), self.files)

    def land(self) -> list[PullRequest]:
        """Merge times, PR numbers in landing order, and which ones are squash-merged."""
        pulls = list(self.groups.values())
        for pull in pulls:
            pull.commits.sort(key=lambda c: c.when)
            delay = dt.timedelta(minutes=20 + self.rng.randrange(280))
            pull.merged_at = pull.commits[-1].when + delay
        pulls.sort(key=lambda p: p.merged)
        for number, pull in enumerate(pulls, 1):
            pull.number = number
            pull.squash = len(pull.commits) == 1 and number % SQUASH_EVERY == 0
        return pulls

    def setup(self) -> Commit:
        """The first commit: the office's calendar for its first year, pushed directly by HR."""
        office = dict(self.office)
        office["fiscal_years"] = office["fiscal_years"][:1]
        when = dt.datetime(self.start.year, self.start.month, self.start.day, 9, tzinfo=TZ)
        self.last_time["office.yaml"] = when
        files: dict[str, dict | str] = {".gitignore": GITIGNORE, f"{RECORDS}/office.yaml": office}
        return Commit(when, "เริ่มต้นคลังข้อมูล PA ของสำนักงานเขตพื้นที่การศึกษา", files, self.hr[0])

    def on_office(self, path: str, data: dict) -> None:
        if len(data["fiscal_years"]) < 2:
            return
        fy = data["fiscal_years"][-1]["year"]
        day = round_span(fy, 1)[0] - dt.timedelta(days=45)
        title = f"เพิ่มปฏิทินปีงบประมาณ {fy}"
        pr = (title, f"{self.hr[0].login}/calendar-{fy}", self.hr[0], self.esa_director)
        self.add(("office", fy), pr, day, title, {path: data})

    def on_school(self, path: str, data: dict) -> None:
        self._roster(self.start, path, data)

    def on_person(self, path: str, data: dict) -> None:
        appointed = dt.date.fromisoformat(data["appointed"])
        self._roster(max(self.start, appointed), path, data)

    def _roster(self, day: dt.date, path: str, data: dict) -> None:
        first = day == self.start
        title = "นำเข้าบัญชีรายชื่อบุคลากรและโรงเรียน" if first else "เพิ่มบุคลากรบรรจุใหม่"
        branch = f"{self.hr[0].login}/roster-{day.isoformat()}"
        pr = (title, branch, self.hr[0], self.other_hr(self.hr[0]))
        self.add(("roster", day), pr, day, title, {path: data})

    def on_committee(self, path: str, data: dict) -> None:
        fy = data["fiscal_year"]
        if data["kind"] == "pa":
            day = round_span(fy, 1)[0] - dt.timedelta(days=20)
            title = f"แต่งตั้งคณะกรรมการประเมิน PA ปีงบประมาณ {fy}"
            key = ("committees", fy)
        else:  # ว26: set up the week the assistant teacher starts
            person = data["assessees"][0]
            day = dt.date.fromisoformat(self.people[person]["appointed"]) + dt.timedelta(days=7)
            title = f"แต่งตั้งคณะกรรมการเตรียมความพร้อมและพัฒนาอย่างเข้ม ({data['id']})"
            key = ("committees", data["id"])
        pr = (title, f"{self.hr[0].login}/{key[0]}-{key[1]}", self.hr[0], self.esa_director)
        self.add(key, pr, day, title, {path: data})

    def on_agreement(self, path: str, data: dict) -> None:
        person, fy = data["person"], data["fiscal_year"]
        who = self.author(person)
        draft = {k: v for k, v in data.items() if k not in ("submitted", "approval")}
        draft["status"] = "draft"
        submitted = data.get("submitted")
        if submitted:
            sent = dt.date.fromisoformat(submitted)
            drafted = sent - dt.timedelta(days=2 + self.rng.randrange(5))
        else:
            drafted = round_span(fy, 1)[0] + dt.timedelta(days=5 + self.rng.randrange(20))
        title = f"ข้อตกลงในการพัฒนางาน (PA 1) ปีงบประมาณ {fy}"
        pr = (title, f"{who.login}/pa1-{fy}", who, self.school_merger(person))
        self.add(("pa1", person, fy), pr, drafted, f"ร่างข้อตกลง PA 1 ปีงบประมาณ {fy}", {path: draft})
        if not submitted:
            return
        sent_record = {k: v for k, v in data.items() if k != "approval"}
        sent_record["status"] = "submitted"
        self.add(
            ("pa1", person, fy), pr, sent, f"เสนอข้อตกลง PA 1 ปีงบประมาณ {fy}", {path: sent_record}
        )
        if "approval" in data:
            self._decision(path, data)

    def _decision(self, path: str, data: dict) -> None:
        approval, fy = data["approval"], data["fiscal_year"]
        approver = self.author(approval["by"])
        verdict = "เห็นชอบ" if data["status"] == "approved" else "ไม่เห็นชอบ ส่งคืนแก้ไข"
        title = f"{verdict}ข้อตกลง PA 1 ปีงบประมาณ {fy} ({data['person']})"
        branch = f"{approver.login}/approve-{data['person']}-{fy}"
        pr = (title, branch, approver, self.other_hr(approver))
        day = dt.date.fromisoformat(approval["date"])
        self.add(("decision", path), pr, day, title, {path: data})

    def on_review(self, path: str, data: dict) -> None:
        member, fy, day = self.author(data["member"]), data["fiscal_year"], data["date"]
        title = f"ผลการกลั่นกรองข้อตกลง PA 1 ปีงบประมาณ {fy}"
        pr = (
            title,
            f"{member.login}/review-{day}",
            member,
            self.chair_of(data["person"], fy, member),
        )
        message = f"กลั่นกรองข้อตกลงของ {data['person']}"
        self.add(("review", member, day), pr, dt.date.fromisoformat(day), message, {path: data})

    def on_progress(self, path: str, data: dict) -> None:
        person, fy = data["person"], data["fiscal_year"]
        who = self.author(person)
        for index, entry in enumerate(data["entries"]):
            month = entry["date"][:7]
            title = f"บันทึกความก้าวหน้า PA ปีงบประมาณ {fy} เดือน {month}"
            pr = (title, f"{who.login}/progress-{month}", who, self.school_merger(person))
            partial = {**data, "entries": data["entries"][: index + 1]}
            message = f"บันทึกความก้าวหน้า ตัวชี้วัด {entry['indicator']}"
            day = dt.date.fromisoformat(entry["date"])
            self.add(("progress", person, fy, month), pr, day, message, {path: partial})

    def on_evaluation(self, path: str, data: dict) -> None:
        member, fy, rnd = self.author(data["member"]), data["fiscal_year"], data["round"]
        day = data["date"]
        chair = self.chair_of(data["person"], fy, member)
        if "amends" in data:
            title = f"แก้ไขผลการประเมินรอบที่ {rnd} ปีงบประมาณ {fy} ({data['person']})"
            pr = (title, f"{member.login}/amend-{data['person']}-{fy}-r{rnd}", member, chair)
            self.add(("amend", path), pr, dt.date.fromisoformat(day), title, {path: data})
            return
        title = f"ผลการประเมิน PA 2 รอบที่ {rnd} ปีงบประมาณ {fy}"
        pr = (title, f"{member.login}/pa2-{fy}-r{rnd}-{day}", member, chair)
        message = f"ประเมิน {data['person']} รอบที่ {rnd}"
        key = ("pa2", member, fy, rnd, day)
        self.add(key, pr, dt.date.fromisoformat(day), message, {path: data})

    def on_induction(self, path: str, data: dict) -> None:
        member, n = self.author(data["member"]), data["evaluation"]
        day = dt.date.fromisoformat(data.get("notified") or data["date"])
        title = f"ผลการประเมินครูผู้ช่วยครั้งที่ {n} ({data['person']})"
        branch = f"{member.login}/induction-{data['person']}-e{n}"
        pr = (title, branch, member, self.other_hr(member))
        self.add(("induction", member, data["person"], n), pr, day, title, {path: data})

    def on_application(self, path: str, data: dict) -> None:
        for index, entry in enumerate(data["history"]):
            by = self.author(entry["by"])
            title = f"คำขอ {data['id']}: {entry['status']}"
            pr = (title, f"{by.login}/{data['id']}-{entry['status']}", by, self.other_hr(by))
            partial = {**data, "history": data["history"][: index + 1]}
            day = dt.date.fromisoformat(entry["date"])
            key = ("dpa", data["id"], entry["date"])
            self.add(key, pr, day, f"ปรับสถานะคำขอเป็น {entry['status']}", {path: partial})

    def on_survey(self, path: str, data: dict) -> None:
        fy, rnd = data["fiscal_year"], data["round"]
        day = round_span(fy, rnd)[1] + dt.timedelta(days=20)
        title = f"ผลสำรวจความพึงพอใจรอบที่ {rnd} ปีงบประมาณ {fy}"
        pr = (title, f"{self.hr[0].login}/survey-{fy}-r{rnd}", self.hr[0], self.esa_director)
        self.add(("survey", fy, rnd), pr, day, title, {path: data})
