"""Domain rules across records (DOMAIN.md §4–8), read from the forms and the office file.

Each check takes the shared ``Context`` and returns problems; ``RULES`` lists them all.
``ONE_AT_A_TIME`` says which of them check each record of one kind on its own, and which
look-ups they read to do it (a test holds them to it): ``validate`` re-checks only the
records an edit can change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence

from ..corpus import Record
from ..problems import Pointer, Problem, problem
from .context import Context, fiscal_year_span


def _problem(ctx: Context, code: str, record: Record, pointer: Pointer = (), **fields) -> Problem:
    fields.setdefault("title", ctx.schemas.title(record.kind, pointer))
    fields.setdefault("field", ".".join(map(str, pointer)) or "(file)")
    return problem(code, record.path, pointer, **fields)


def _invalid(ctx: Context, record: Record, pointer: Pointer, th: str, en: str) -> Problem:
    """PA410: a field breaks a rule the detail states (in Thai and English)."""
    return _problem(ctx, "PA410", record, pointer, detail_th=th, detail_en=en)


def _id(record: Record, key: str) -> str:
    """An id the record's path names (``person``, ``member``, ``id``)."""
    return str(record.ref[key])


def _number(record: Record, key: str) -> int:
    """A number the record's path names (``fy``, ``round``): whole, by the layout's patterns."""
    return int(record.ref[key])


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _clauses(*parts: str) -> str:
    return "; ".join(part for part in parts if part)


def _codes_problem(
    ctx: Context, record: Record, pointer: Pointer, found: list[str], form
) -> list[Problem]:
    """Compare indicator codes with the form's: same set, same order."""
    expected = list(form.codes)
    if found == expected:
        return []
    missing = [c for c in expected if c not in found]
    extra = [c for c in found if c not in expected]
    if missing or extra:
        th = _clauses(
            f"ขาด {', '.join(missing)}" if missing else "",
            f"เกิน/ไม่มีในแบบ {', '.join(extra)}" if extra else "",
            f"ต้องมี {len(expected)} ตัวชี้วัด พบ {len(found)}",
        )
        en = _clauses(
            f"missing {', '.join(missing)}" if missing else "",
            f"not in the form {', '.join(extra)}" if extra else "",
            f"expected {len(expected)}, found {len(found)}",
        )
    else:
        th = f"ลำดับต้องเป็น {', '.join(expected)}"
        en = f"order must be {', '.join(expected)}"
    return [_problem(ctx, "PA401", record, pointer, form=form.id, detail_th=th, detail_en=en)]


def _dates_in_fiscal_year(
    ctx: Context, record: Record, fy: int, pointers: Sequence[Pointer], lead_days: int = 0
) -> list[Problem]:
    start, end = fiscal_year_span(fy)
    start -= dt.timedelta(days=lead_days)
    out = []
    for pointer in pointers:
        value: object = record.data
        for key in pointer:
            if isinstance(key, int):
                value = value[key] if isinstance(value, list) and key < len(value) else None
            else:
                value = value.get(key) if isinstance(value, dict) else None
        day = _date(value)
        if day and not start <= day <= end:
            out.append(
                _problem(
                    ctx,
                    "PA204",
                    record,
                    pointer,
                    date=value,
                    fy=fy,
                    start=start.isoformat(),
                    end=end.isoformat(),
                )
            )
    return out


# --- agreements ------------------------------------------------------------------------


def check_agreements(ctx: Context) -> list[Problem]:
    lead = ctx.office.get("rules", {}).get("agreement_lead_days", 0)
    out = []
    for record in ctx.of("agreement"):
        data, person = record.data, _id(record, "person")
        position = ctx.position(person)
        if position is None:
            continue  # reported as a missing reference
        if position in ctx.forms.induction.positions:
            out.append(_problem(ctx, "PA408", record, ("form",)))
            continue
        expected = ctx.forms.form_for(position)
        form = ctx.forms.agreement_forms.get(data.get("form", ""))
        if expected is None or form is None or form.id != expected.id:
            label = ctx.schemas.labels("position").get(position, position)
            wanted = expected.id if expected else "-"
            out.append(
                _problem(
                    ctx,
                    "PA402",
                    record,
                    ("form",),
                    found=data.get("form"),
                    expected=wanted,
                    position=label,
                )
            )
            continue
        out += _codes_problem(ctx, record, ("part1",), list(data.get("part1", {})), form)
        challenges = data.get("challenges", [])
        if len(challenges) != form.challenges:
            out.append(
                _problem(
                    ctx,
                    "PA403",
                    record,
                    ("challenges",),
                    expected=form.challenges,
                    found=len(challenges),
                    form=form.id,
                )
            )
        out += _target_groups(ctx, record, form)
        out += _approval(ctx, record)
        pointers = [("submitted",), ("approval", "date")]
        out += _dates_in_fiscal_year(ctx, record, _number(record, "fy"), pointers, lead_days=lead)
    return out


def _target_groups(ctx: Context, record: Record, form) -> list[Problem]:
    """Outcomes and indicators split by target group exactly when the form asks for it."""
    out = []
    for code, entry in record.data.get("part1", {}).items():
        for key in ("outcomes", "indicators"):
            grouped = isinstance(entry.get(key), dict)
            if grouped == form.target_groups:
                continue
            if form.target_groups:
                th = f"แบบ {form.code} ต้องแยกตามกลุ่มเป้าหมาย (learners, staff, schools, esa)"
                en = f"form {form.id} needs one entry per target group"
            else:
                th = f"แบบ {form.code} ให้เขียนเป็นข้อความเดียว ไม่แยกกลุ่มเป้าหมาย"
                en = f"form {form.id} takes plain text, not target groups"
            out.append(
                _invalid(
                    ctx,
                    record,
                    ("part1", code, key),
                    f"ตัวชี้วัด {code}: {th}",
                    f"indicator {code}: {en}",
                )
            )
    return out


def _approval(ctx: Context, record: Record) -> list[Problem]:
    data = record.data
    status, approval = data.get("status"), data.get("approval")
    broken = (
        (
            status in ("approved", "returned") and not approval,
            ("status",),
            "ข้อตกลงที่เห็นชอบหรือไม่เห็นชอบต้องมีช่อง approval (ผู้พิจารณาและวันที่)",
            "an approved or returned agreement needs an approval block (by, date)",
        ),
        (
            status == "draft" and approval,
            ("approval",),
            "ข้อตกลงที่ยังเป็นร่างต้องไม่มีผลการพิจารณา",
            "a draft agreement cannot carry an approval",
        ),
        (
            status != "draft" and not data.get("submitted"),
            ("status",),
            "ข้อตกลงที่เสนอแล้วต้องมีวันที่เสนอ (submitted)",
            "a submitted agreement needs its submitted date",
        ),
    )
    out = [_invalid(ctx, record, where, th, en) for found, where, th, en in broken if found]
    approver = approval.get("by") if isinstance(approval, dict) else None
    if approver is not None and approver == _id(record, "person"):
        out.append(_problem(ctx, "PA802", record, ("approval", "by"), ref=approver))
    submitted, decided = _date(data.get("submitted")), _date((approval or {}).get("date"))
    if submitted and decided and decided < submitted:
        out.append(
            _problem(
                ctx,
                "PA412",
                record,
                ("approval", "date"),
                later=decided.isoformat(),
                earlier=submitted.isoformat(),
            )
        )
    return out


# --- progress and reviews ----------------------------------------------------------------


def _known_codes(ctx: Context, person: str) -> tuple[set[str], int] | None:
    form = ctx.form_of(person)
    if form is None:
        return None
    return set(form.codes), form.challenges


def check_progress(ctx: Context) -> list[Problem]:
    out = []
    for record in ctx.of("progress"):
        fy = _number(record, "fy")
        entries = record.data.get("entries", [])
        out += _dates_in_fiscal_year(
            ctx, record, fy, [("entries", i, "date") for i in range(len(entries))]
        )
        known = _known_codes(ctx, _id(record, "person"))
        if known is None:
            continue
        codes, challenges = known
        allowed = codes | {f"challenge-{n}" for n in range(1, challenges + 1)}
        for index, entry in enumerate(entries):
            if entry.get("indicator") not in allowed:
                out.append(
                    _invalid(
                        ctx,
                        record,
                        ("entries", index, "indicator"),
                        f"ไม่มีตัวชี้วัด '{entry.get('indicator')}' ในแบบฟอร์มของบุคคลนี้",
                        f"indicator '{entry.get('indicator')}' is not in this person's form",
                    )
                )
    return out


def _on_committee(ctx: Context, record: Record, fy: int) -> list[Problem]:
    if ctx.unsound("committee"):
        return []  # a committee file is broken: membership cannot be told until it is fixed
    person, member = _id(record, "person"), _id(record, "member")
    members = ctx.members(fy, person)
    if members is None:
        return [_problem(ctx, "PA303", record, ("person",), fy=fy, ref=person)]
    if member not in members:
        return [_problem(ctx, "PA304", record, ("member",), member=member, person=person, fy=fy)]
    return []


def check_reviews(ctx: Context) -> list[Problem]:
    out = []
    for record in ctx.of("review"):
        fy = _number(record, "fy")
        out += _on_committee(ctx, record, fy)
        out += _dates_in_fiscal_year(
            ctx, record, fy, [("date",)], ctx.office.get("rules", {}).get("agreement_lead_days", 0)
        )
        known = _known_codes(ctx, _id(record, "person"))
        for code in record.data.get("comments", {}):
            if known and code not in known[0]:
                out.append(
                    _invalid(
                        ctx,
                        record,
                        ("comments", code),
                        f"ไม่มีตัวชี้วัด '{code}' ในแบบฟอร์มของบุคคลนี้",
                        f"indicator '{code}' is not in this person's form",
                    )
                )
    return out


# --- evaluations -----------------------------------------------------------------------


def check_evaluations(ctx: Context) -> list[Problem]:
    out = []
    for record in ctx.of("evaluation"):
        person, fy = _id(record, "person"), _number(record, "fy")
        rnd = _number(record, "round")
        if ctx.position(person) in ctx.forms.induction.positions:
            out.append(_problem(ctx, "PA408", record, ("person",)))
            continue
        out += _on_committee(ctx, record, fy)
        out += _in_round(ctx, record, fy, rnd)
        agreement = ctx.agreements.get((person, fy))
        status = agreement.data.get("status") if agreement else "ไม่มีข้อตกลง"
        unreadable = agreement is None and ("agreement", (person, fy)) in ctx.failed
        if status != "approved" and (agreement is None or agreement.sound) and not unreadable:
            out.append(_problem(ctx, "PA406", record, ("person",), status=status))
        form = ctx.form_of(person)
        if form is not None:
            out += _codes_problem(ctx, record, ("part1",), list(record.data.get("part1", {})), form)
        out += _amendment(ctx, record)
    return out


def _in_round(ctx: Context, record: Record, fy: int, rnd: int) -> list[Problem]:
    span = ctx.rounds.get((fy, rnd))
    day = _date(record.data.get("date"))
    if span is None or day is None or span.start <= day <= span.end:
        return []
    return [
        _problem(
            ctx,
            "PA405",
            record,
            ("date",),
            date=day.isoformat(),
            round=rnd,
            start=span.start.isoformat(),
            end=span.end.isoformat(),
        )
    ]


def _amendment(ctx: Context, record: Record) -> list[Problem]:
    data, is_amendment = record.data, record.ref.get("amend") is not None
    if not is_amendment:
        if "amends" in data or "reason" in data:
            return [
                _invalid(
                    ctx,
                    record,
                    ("amends",) if "amends" in data else ("reason",),
                    "ช่อง amends/reason ใช้เฉพาะไฟล์แก้ไขผล (ชื่อไฟล์ลงท้าย -amend1.yaml)",
                    "amends/reason belong only in an amendment file (named ...-amend1.yaml)",
                )
            ]
        return []
    if "amends" not in data or "reason" not in data:
        return [
            _invalid(
                ctx,
                record,
                (),
                "ไฟล์แก้ไขผลการประเมินต้องระบุ amends (ไฟล์เดิม) และ reason (เหตุผล)",
                "an amendment must name the evaluation it amends and the reason",
            )
        ]
    folder = record.path.rsplit("/", 1)[0]
    target = ctx.evaluations.get(f"{folder}/{data['amends']}")
    if target is record:  # it would "amend" its own final result and stand unchecked
        return [_problem(ctx, "PA801", record, ("amends",), ref=data["amends"])]
    if target is None:
        return [_problem(ctx, "PA306", record, ("amends",), ref=data["amends"])]
    if target.sound and not target.data.get("final"):
        return [
            _invalid(
                ctx,
                record,
                ("amends",),
                "แก้ไขได้เฉพาะผลการประเมินที่ยืนยันแล้ว (final: true) ผลที่ยังไม่ยืนยันให้แก้ไฟล์เดิม",
                "only a final evaluation is amended; edit a non-final one in place",
            )
        ]
    return []


# what a notice of results carries [ว19 §4.6]: field → its Thai name
_NOTICE_PARTS = {"strengths": "จุดเด่น", "to_develop": "จุดที่ควรพัฒนา", "observations": "ข้อสังเกต"}


def check_induction(ctx: Context) -> list[Problem]:
    form = ctx.forms.induction
    out = []
    for record in ctx.of("induction"):
        person, member = _id(record, "person"), _id(record, "member")
        position = ctx.position(person)
        if position is not None and position not in form.positions:
            label = ctx.schemas.labels("position").get(position, position)
            out.append(_problem(ctx, "PA414", record, ("person",), position=label))
            continue
        if not ctx.unsound("committee") and member not in ctx.induction_members.get(person, set()):
            out.append(
                _problem(
                    ctx,
                    "PA304",
                    record,
                    ("member",),
                    member=member,
                    person=person,
                    fy="-",
                )
            )
        if record.data.get("notified"):
            missing = [k for k in _NOTICE_PARTS if not record.data.get(k)]
            if missing:
                out.append(
                    _problem(
                        ctx, "PA417", record, ("notified",),
                        missing_th=" ".join(_NOTICE_PARTS[k] for k in missing),
                        missing_en=", ".join(missing),
                    )
                )  # fmt: skip
        for aspect in form.aspects:
            scores = record.data.get(aspect.code, {})
            out += _codes_problem(
                ctx, record, (aspect.code,), list(scores), _AspectForm(form.id, aspect)
            )
            for item in aspect.items:
                value = scores.get(item.code)
                if isinstance(value, (int, float)) and item.max is not None and value > item.max:
                    out.append(
                        _problem(
                            ctx,
                            "PA413",
                            record,
                            (aspect.code, item.code),
                            found=value,
                            limit=item.max,
                            item=item.code,
                        )
                    )
    return out


class _AspectForm:
    """Lets one ว26 aspect be compared like an agreement form's indicator list."""

    def __init__(self, form_id: str, aspect):
        self.id = form_id
        self.codes = tuple(item.code for item in aspect.items)


# --- committees ------------------------------------------------------------------------


def check_committees(ctx: Context) -> list[Problem]:
    out = []
    for record in ctx.of("committee"):
        members = record.data.get("members", [])
        people = [m.get("person") for m in members]
        chairs = [m for m in members if m.get("role") == "chair"]
        shaped = len(members) == 3 and len(set(people)) == 3 and len(chairs) == 1
        if not shaped:
            out.append(
                _problem(
                    ctx,
                    "PA404",
                    record,
                    ("members",),
                    detail_th=f"กรรมการ {len(members)} คน ไม่ซ้ำ {len(set(people))} คน ประธาน {len(chairs)} คน",
                    detail_en=f"{len(members)} members, {len(set(people))} distinct, {len(chairs)} chair(s)",
                )
            )
        assessees = record.data.get("assessees", [])
        if shaped and record.data.get("kind") == "induction" and ctx.forms.induction.committee:
            out += _induction_committee(ctx, record, members, assessees)
        for index, person in enumerate(assessees):
            if person in people:
                out.append(
                    _invalid(
                        ctx,
                        record,
                        ("assessees", index),
                        f"'{person}' เป็นทั้งกรรมการและผู้รับการประเมินในคณะเดียวกันไม่ได้",
                        f"'{person}' cannot sit on the committee that assesses them",
                    )
                )
            if (
                record.data.get("kind") == "pa"
                and ctx.position(person) in ctx.forms.induction.positions
            ):
                out.append(_problem(ctx, "PA408", record, ("assessees", index)))
    for (_fy, _kind, person), records in ctx.committees_of.items():
        if len(records) > 1:
            first, second = records[0], records[1]
            index = second.data["assessees"].index(person)
            out.append(
                _problem(
                    ctx,
                    "PA305",
                    second,
                    ("assessees", index),
                    ref=person,
                    first=first.path,
                    second=second.path,
                )
            )
    return out


def _induction_committee(ctx: Context, record: Record, members, assessees) -> list[Problem]:
    """A ว26 committee is the school director (chair), a teacher of the school and an
    outside qualified person [ว19 §1], as the form's ``committee`` seats say; a seat of the
    teacher's own school may come from a nearby school when the school has no one for it."""
    seats = {seat.role: seat for seat in ctx.forms.induction.committee}
    roles = sorted(m.get("role") for m in members)
    labels = ctx.schemas.labels("position")
    out = []
    if roles != sorted(seats):
        wanted = ", ".join(seat.title for seat in seats.values())
        return [
            _problem(
                ctx, "PA416", record, ("members",), person=", ".join(assessees),
                detail_th=f"ต้องมีกรรมการหนึ่งคนต่อบทบาท: {wanted}",
                detail_en=f"one member per role {sorted(seats)}, found {roles}",
            )
        ]  # fmt: skip
    for person in assessees:
        home = _school_of(ctx, person)
        for index, member in enumerate(members):
            seat = seats[member.get("role")]
            found = ctx.people.get(member.get("person"))
            if found is None or not found.sound or home is None:
                continue  # an unknown person is PA302; an unknown school is not judged here
            position, school = found.data.get("position", ""), found.data.get("school")
            wrong = []
            if seat.positions and position not in seat.positions:
                wrong.append(("ตำแหน่ง" + labels.get(position, position), f"position {position}"))
            if seat.school == "outside" and school == home:
                wrong.append(("สังกัดโรงเรียนเดียวกับครูผู้ช่วย", "is of the teacher's own school"))
            if seat.school == "same" and school != home and _has_own(ctx, home, seat):
                wrong.append(("ไม่ได้สังกัดโรงเรียนของครูผู้ช่วย", "is not of the teacher's school"))
            if wrong:
                out.append(
                    _problem(
                        ctx, "PA416", record, ("members", index, "person"), person=person,
                        detail_th=f"{seat.title}: '{member.get('person')}' "
                        + " และ".join(th for th, _ in wrong),
                        detail_en=f"{member.get('role')} '{member.get('person')}' "
                        + " and ".join(en for _, en in wrong),
                    )
                )  # fmt: skip
    return out


def _school_of(ctx: Context, person: str) -> str | None:
    found = ctx.people.get(person)
    return found.data.get("school") if found is not None and found.sound else None


def _has_own(ctx: Context, school: str, seat) -> bool:
    """Whether ``school`` has someone for the seat (else a nearby school's may sit)."""
    if "school-director" in seat.positions:
        found = ctx.schools.get(school)
        return bool(found is not None and found.sound and found.data.get("director"))
    return any(
        r.sound
        and r.data.get("school") == school
        and (not seat.positions or r.data.get("position") in seat.positions)
        for r in ctx.people.values()
    )


# --- applications ----------------------------------------------------------------------


def check_applications(ctx: Context) -> list[Problem]:
    workflow = ctx.forms.workflow
    out = []
    open_by_key: dict[tuple[str | None, str | None], list[Record]] = defaultdict(list)
    for record in ctx.of("application"):
        history = record.data.get("history", [])
        previous, previous_date = None, None
        for index, entry in enumerate(history):
            status, day = entry.get("status"), _date(entry.get("date"))
            if status in workflow.statuses and not workflow.allows(previous, status):
                allowed = workflow.start if previous is None else workflow.statuses[previous].next
                out.append(
                    _problem(
                        ctx,
                        "PA409",
                        record,
                        ("history", index, "status"),
                        src=previous or "(เริ่มต้น)",
                        dst=status,
                        allowed=", ".join(allowed) or "-",
                    )
                )
            if (
                status in workflow.statuses
                and workflow.statuses[status].needs_reason
                and not entry.get("reason")
            ):
                out.append(
                    _invalid(
                        ctx,
                        record,
                        ("history", index),
                        f"สถานะ '{workflow.statuses[status].title}' ต้องระบุเหตุผล (reason)",
                        f"status '{status}' needs a reason",
                    )
                )
            if day and previous_date and day < previous_date:
                out.append(
                    _problem(
                        ctx,
                        "PA412",
                        record,
                        ("history", index, "date"),
                        later=day.isoformat(),
                        earlier=previous_date.isoformat(),
                    )
                )
            previous, previous_date = status, day or previous_date
        if previous in workflow.statuses and workflow.statuses[previous].open:
            open_by_key[(record.data.get("person"), record.data.get("standing"))].append(record)
    for records in open_by_key.values():
        # the first application filed stands; the ones filed after it are the duplicates
        records.sort(key=lambda r: (str(r.data["history"][0].get("date")), r.path))
        for duplicate in records[1:]:
            out.append(_problem(ctx, "PA407", duplicate, ("standing",), other=records[0].path))
    return out


# --- the office and schools -------------------------------------------------------------


def check_office(ctx: Context) -> list[Problem]:
    record = ctx.corpus.office
    if record is None or not record.sound:
        return []
    out = []
    for y_index, year in enumerate(record.data.get("fiscal_years", [])):
        fy_start, fy_end = fiscal_year_span(year["year"])
        for r_index, rnd in enumerate(year.get("rounds", [])):
            base = ("fiscal_years", y_index, "rounds", r_index)
            start, end = _date(rnd.get("start")), _date(rnd.get("end"))
            for key, day in (("start", start), ("end", end)):
                if day and not fy_start <= day <= fy_end:
                    out.append(
                        _problem(
                            ctx,
                            "PA204",
                            record,
                            (*base, key),
                            date=day.isoformat(),
                            fy=year["year"],
                            start=fy_start.isoformat(),
                            end=fy_end.isoformat(),
                        )
                    )
            if start and end and end < start:
                out.append(
                    _problem(
                        ctx,
                        "PA412",
                        record,
                        (*base, "end"),
                        later=end.isoformat(),
                        earlier=start.isoformat(),
                    )
                )
    return out


def check_schools(ctx: Context) -> list[Problem]:
    out = []
    for record in ctx.of("school"):
        director = record.data.get("director")
        person = ctx.people.get(director) if director else None
        if person and person.sound and person.data.get("school") != _id(record, "id"):
            out.append(_problem(ctx, "PA415", record, ("director",), ref=director))
    return out


def check_logins(ctx: Context) -> list[Problem]:
    """A GitHub login names one person: check-pr and CODEOWNERS find people by it (GitHub
    compares logins without case)."""
    seen: dict[str, str] = {}
    out = []
    for record in sorted(ctx.of("person"), key=lambda r: r.path):
        login = record.data.get("github")
        if not login:
            continue
        other = seen.setdefault(str(login).casefold(), record.path)
        if other != record.path:
            out.append(_problem(ctx, "PA621", record, ("github",), login=login, other=other))
    return out


RULES: tuple[Callable[[Context], list[Problem]], ...] = (
    check_office,
    check_schools,
    check_logins,
    check_agreements,
    check_progress,
    check_reviews,
    check_evaluations,
    check_induction,
    check_committees,
    check_applications,
)

# rule → (the kind of record it checks one at a time, the look-ups it reads besides the
# record: ``Context.STATES``). The problems found on a record depend on nothing else.
ONE_AT_A_TIME: dict[Callable[[Context], list[Problem]], tuple[str, tuple[str, ...]]] = {
    check_agreements: ("agreement", ("office", "positions")),
    check_progress: ("progress", ("positions",)),
    check_reviews: ("review", ("office", "positions", "committees")),
    check_evaluations: (
        "evaluation",
        ("positions", "committees", "office", "agreements", "evaluations"),
    ),
    check_induction: ("induction", ("positions", "committees")),
}
