"""Machine-readable aggregates of one office: ``api/summary.json`` and one file per round.

They are what a region or the country reads to combine offices (``patracker rollup``) and
what a sharded build hands from each office's job to the roll-up job, so they carry
counts only — never a name, id or free text of a person — and follow the same privacy
rule as the public pages: on the public site every table of counts goes through
``suppress`` (a count under 5 becomes "< 5", and more is hidden if subtraction
would give it away). The internal site's files keep exact numbers for the office's own
regional reporting. The shape is documented by ``schemas/api/summary.schema.json``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from .engine import deadlines, kpis, summary
from .engine.applications import status_counts
from .engine.deadlines import TASKS
from .engine.exact import floor
from .project import SOURCE_ROOT
from .suppress import SHOWN, Table

FORMAT = "patracker-aggregates"
VERSION = 1
SCHEMA = SOURCE_ROOT / "schemas" / "api" / "summary.schema.json"

AGREEMENT_KEYS = ("approved", "submitted", "draft", "returned", "missing")
# Round results grouped so that each group is large enough to say something (the public
# pages and the roll-up use the same grouping)
RESULT_GROUPS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("passed", "ผ่าน", frozenset({"passed"})),
    ("failed", "ไม่ผ่าน", frozenset({"failed"})),
    (
        "other",
        "ยังไม่มีผลการประเมิน",
        frozenset({"awaiting", "agreement-not-approved", "no-committee", "no-agreement"}),
    ),
)
# KPIs that count people (who has a PA 1): a percentage would give a small count away, so
# when the counted or the rest is under 5 only a bound that "< 5" allows is published.
# Committee use counts what committee members did in their office, not anything about a
# person appraised: like the reports KPI, it is published as it is.
PEOPLE_KPIS = frozenset({"registered"})


def breakdown(title: str, items: Iterable[tuple[str, str, int]], protect: bool) -> dict:
    """One table row of counts with its total; protected by ``suppress`` when ``protect``."""
    items = list(items)
    counts = [count for _, _, count in items]
    total = sum(counts)
    texts: list[int | str] = [*counts, total]
    if protect and items:
        table = Table([counts], col_totals=False)
        texts = [
            count if table.state[(0, j)] == SHOWN else table.text(0, j)
            for j, count in enumerate(texts)
        ]
    rows = [
        {"key": key, "title": label, "count": text}
        for (key, label, _), text in zip(items, texts, strict=False)
    ]
    return {"title": title, "items": rows, "total": texts[-1]}


def _figure(value):
    """A KPI value for JSON: a count stays an int, a percentage is cut to one decimal like
    the pages show it (engine.exact.floor), so 94.96 % is 94.9, never 95.0 beside a 95."""
    if value is None or isinstance(value, int):
        return value
    return float(floor(value, 1))


def kpi_entry(kpi: kpis.Kpi, protect: bool) -> dict:
    """A KPI's value, target and whether it is met; withheld when its split is too small."""
    entry = {
        "key": kpi.key,
        "title": kpi.title,
        "unit": kpi.unit,
        "value": _figure(kpi.value),
        "target": kpi.target,
        "met": kpi.met,
        "suppressed": False,
    }
    if protect and kpi.value is not None and kpi.key in PEOPLE_KPIS:
        counted, rest = len(kpi.counted), len(kpi.base) - len(kpi.counted)
        split = breakdown("", [("a", "", counted), ("b", "", rest)], True)
        if not all(isinstance(i["count"], int) for i in split["items"]):
            entry.update(value=None, met=None, suppressed=True)
    return entry


def results(site, rnd, protect: bool) -> dict:
    found = summary.round_summaries(site.model, site.forms, rnd.fiscal_year, rnd.round)
    states = [s.state for s in found]
    items = [(key, label, sum(s in keys for s in states)) for key, label, keys in RESULT_GROUPS]
    return breakdown(f"ผลการประเมิน (PA 3) รอบที่ {rnd.round}/{rnd.fiscal_year}", items, protect)


def overdue(site, tasks: Iterable[deadlines.Task], protect: bool) -> dict:
    late = deadlines.overdue(tasks, site.as_of)
    items = [(kind, title, sum(t.kind == kind for t in late)) for kind, title in TASKS.items()]
    return breakdown("งานที่เลยกำหนดส่ง", items, protect)


def office_part(site) -> dict:
    office = site.model.office
    return {
        "id": office.id,
        "name": office.name,
        "short_name": office.short_name,
        "province": office.province,
    }


def round_files(site) -> list:
    """The rounds that have begun by the reference date, oldest first."""
    return [r for r in site.rounds if r.start <= site.as_of]


def round_name(rnd) -> str:
    return f"api/{rnd.fiscal_year}-r{rnd.round}.json"


def _header(site, rnd) -> dict:
    """What every aggregate file starts with: its format, the office, the date and round."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "audience": site.audience,
        "office": office_part(site),
        "as_of": site.as_of.isoformat(),
        "fiscal_year": rnd.fiscal_year,
        "round": rnd.round,
    }


def summary_data(site) -> dict:
    protect = site.audience == "public"
    rnd = site.round
    groups = site.agreement_groups()
    labels = site.agreement_labels
    agreements = [(k, labels.get(k, k), len(groups[k])) for k in AGREEMENT_KEYS]
    engine_args = (site.model, site.forms, rnd.fiscal_year, rnd.round)  # the round in force
    return {
        **_header(site, rnd),
        "generated_by": "PA Tracker",
        "kpis": [kpi_entry(k, protect) for k in kpis.all_kpis(*engine_args)],
        "agreements": breakdown(
            f"สถานะข้อตกลง (PA 1) ปีงบประมาณ {rnd.fiscal_year}", agreements, protect
        ),
        "results": [
            {"fiscal_year": r.fiscal_year, "round": r.round, **results(site, r, protect)}
            for r in round_files(site)
        ],
        "applications": applications(site, protect),
        "overdue": overdue(site, deadlines.round_tasks(*engine_args), protect),
        "rounds": [
            {"fiscal_year": r.fiscal_year, "round": r.round, "path": round_name(r)}
            for r in round_files(site)
        ],
    }


def applications(site, protect: bool) -> dict:
    """Applications by current status, in the workflow's order, with its Thai titles."""
    counts = status_counts(site.model.applications)
    statuses = site.forms.workflow.statuses
    items = [(key, status.title, counts.get(key, 0)) for key, status in statuses.items()]
    return breakdown("คำขอมีหรือเลื่อนวิทยฐานะตามสถานะปัจจุบัน", items, protect)


def round_data(site, rnd) -> dict:
    protect = site.audience == "public"
    model, forms = site.model, site.forms
    found = kpis.all_kpis(model, forms, rnd.fiscal_year, rnd.round)
    tasks = deadlines.round_tasks(model, forms, rnd.fiscal_year, rnd.round)
    return {
        **_header(site, rnd),
        "start": rnd.start.isoformat(),
        "end": rnd.end.isoformat(),
        "finished": rnd.end < site.as_of,
        "people_in_pa": _count(len(summary.assessees(model, forms, rnd.fiscal_year)), protect),
        "kpis": [kpi_entry(k, protect) for k in found],
        "results": results(site, rnd, protect),
        "overdue": overdue(site, tasks, protect),
        "deadlines": [
            {"key": d.key, "title": d.title, "date": d.date.isoformat()}
            for d in deadlines.round_deadlines(rnd)
        ],
    }


def _count(value: int, protect: bool) -> int | str:
    return breakdown("", [("n", "", value)], protect)["total"]


def to_bytes(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def files(site) -> dict[str, bytes]:
    """``api/summary.json`` and ``api/<fy>-r<round>.json`` for every begun round."""
    out = {"api/summary.json": to_bytes(summary_data(site))}
    for rnd in round_files(site):
        out[round_name(rnd)] = to_bytes(round_data(site, rnd))
    return out


# --- checking files against the schema (the roll-up reads files from other offices) ------


def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def problems(data: object, kind: str = "summary") -> list[str]:
    """Every way ``data`` breaks the schema, as Thai lines (empty when it is valid)."""
    from jsonschema import Draft202012Validator

    whole = schema()
    target = whole if kind == "summary" else {**whole, "$ref": f"#/$defs/{kind}"}
    if kind != "summary":
        target = {k: v for k, v in target.items() if k in ("$schema", "$id", "$defs", "$ref")}
    validator = Draft202012Validator(target)
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(ทั้งไฟล์)'}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    ]
