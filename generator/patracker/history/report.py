"""Writing a change summary: Markdown for the pull request's job summary, JSON for tools."""

from __future__ import annotations

import json

from .summary import ACTIONS_TH, OFFICE_GROUP, FileSummary, MemberScore, RoundResult, Summary

ROUND_TH = {"passed": "ผ่าน", "failed": "ไม่ผ่าน", "awaiting": "รอผลครบทุกคน"}
ICONS = {"added": "🆕", "modified": "✏️", "deleted": "🗑️"}


def _points(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _verdict(value: bool | None) -> str:
    return {True: "ผ่าน", False: "ไม่ผ่าน", None: "–"}[value]


def score_line(score: MemberScore) -> str:
    return (
        f"คะแนนของกรรมการ {score.member}: {_points(score.before)} → {_points(score.after)}"
        f" จาก 100 ({_verdict(score.passed_before)} → {_verdict(score.passed_after)})"
    )


def round_line(result: RoundResult) -> str:
    change = "" if result.before != result.after else " (ไม่เปลี่ยน)"
    return (
        f"ผลการประเมินรอบ {result.round}/{result.fiscal_year}: "
        f"{ROUND_TH[result.before]} → {ROUND_TH[result.after]}{change}"
        f" · คะแนนต่ำสุด {_points(result.lowest_before)} → {_points(result.lowest_after)}"
    )


def _file_lines(item: FileSummary) -> list[str]:
    head = f"- {ICONS[item.action]} **{ACTIONS_TH[item.action]}** {item.title} — `{item.path}`"
    lines = [head]
    lines += [f"  - {change.text}" for change in item.fields]
    if item.score is not None:
        lines.append(f"  - {score_line(item.score)}")
    return lines


# GitHub's step outcomes (steps.<id>.outcome) → how the summary shows them
OUTCOMES = {
    "success": "✅ ผ่าน",
    "failure": "❌ ไม่ผ่าน",
    "cancelled": "⚠️ ถูกยกเลิก",
    "skipped": "⚠️ ไม่ได้ตรวจ",
}


def checks_ok(checks: dict[str, str]) -> bool:
    """Whether every check the workflow ran before the summary passed."""
    return all(outcome == "success" for outcome in checks.values())


def to_markdown(summary: Summary, checks: dict[str, str] | None = None) -> str:
    counts = {a: sum(f.action == a for f in summary.files) for a in ACTIONS_TH}
    people = [p for p in summary.by_person() if p != OFFICE_GROUP]
    out = [
        "## สรุปการเปลี่ยนแปลงข้อมูล PA",
        "",
        f"เทียบ `{summary.start[:10]}` (ฐานของ `{summary.base}`) กับ `{summary.head}` · "
        f"{len(summary.files)} ไฟล์: สร้างใหม่ {counts['added']} · แก้ไข {counts['modified']}"
        f" · ลบ {counts['deleted']} · บุคคล {len(people)} คน",
        "",
    ]
    out += _checks(checks or {})
    out += _problems(summary)
    if not summary.files:
        out.append("ไม่มีการเปลี่ยนแปลงในโฟลเดอร์ records/")
    rounds: dict[str, list[RoundResult]] = {r.person: [] for r in summary.rounds}
    for result in summary.rounds:
        rounds[result.person].append(result)
    for person, items in summary.by_person().items():
        name = summary.names.get(person, person)
        out.append(f"### {name} (`{person}`)" if person else "### ข้อมูลสำนักงานและอื่น ๆ")
        out.append("")
        for item in items:
            out += _file_lines(item)
        out += [f"- 📊 **{round_line(r)}**" for r in rounds.get(person, [])]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _checks(checks: dict[str, str]) -> list[str]:
    """The verdict of the checks run before the summary, so a failed one is never hidden."""
    if not checks:
        return []
    head = "✅ **ผ่านการตรวจทุกขั้น**" if checks_ok(checks) else "❌ **ไม่ผ่านการตรวจ**"
    out = [head, "", "| การตรวจ | ผล |", "|---|---|"]
    out += [f"| {name} | {OUTCOMES.get(o, '⚠️ ' + o)} |" for name, o in checks.items()]
    return [*out, ""]


def _problems(summary: Summary) -> list[str]:
    if not summary.problems:
        return ["✅ ไม่พบการแก้ไขที่ขัดกับข้อห้าม (ผลการประเมินที่ยืนยันแล้ว, ประวัติคำขอ)", ""]
    if all(p.code.startswith("PA0") for p in summary.problems):
        title = f"ไฟล์ที่เสนออ่านไม่ได้ {len(summary.problems)} รายการ"
    else:
        title = f"พบการแก้ไขที่ไม่อนุญาตหรือไฟล์ที่อ่านไม่ได้ {len(summary.problems)} รายการ"
    out = [f"> ❌ **{title}**"]
    out += [f"> - `{p.file}` บรรทัด {p.line or 1}: {p.th} [{p.code}]" for p in summary.problems]
    return [*out, ""]


def to_json(summary: Summary, checks: dict[str, str] | None = None) -> str:
    checks = checks or {}
    body = {
        "base": summary.base,
        "head": summary.head,
        "merge_base": summary.start,
        "ok": summary.ok and checks_ok(checks),
        "checks": checks,
        "threshold": summary.threshold,
        "names": summary.names,
        "files": [_file_json(f) for f in summary.files],
        "rounds": [vars(r) for r in summary.rounds],
        "problems": [
            {"file": p.file, "line": p.line, "code": p.code, "message_th": p.th, "message_en": p.en}
            for p in summary.problems
        ],
    }
    return json.dumps(body, ensure_ascii=False, indent=2) + "\n"


def _file_json(item: FileSummary) -> dict:
    return {
        "path": item.path,
        "kind": item.kind,
        "action": item.action,
        "person": item.person,
        "title": item.title,
        "fields": [f.as_dict() for f in item.fields],
        "score": vars(item.score) if item.score else None,
        "status": list(item.status) if item.status else None,
    }
