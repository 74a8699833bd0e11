"""``patracker remind`` end to end: the records as the site sees them, the day's digests,
and a per-person report. Kept apart from the CLI so tests drive it directly."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from ..engine.calendar import WorkingCalendar
from ..model import build_model
from ..project import Project
from ..render.context import Site
from ..validate import validate
from .channels import Email, Line, SettingMissing
from .digest import Digest, digests
from .send import Outcome, deliver
from .state import SentLog

CHANNELS: dict[str, type[Email] | type[Line]] = {"email": Email, "line": Line}
STATUS = {"sent": "ส่งแล้ว", "failed": "ส่งไม่สำเร็จ", "skipped": "ข้าม"}


def run_reminders(
    project: Project,
    as_of,
    *,
    channel: str | None,
    dry_run: bool,
    only: str | None,
    site_url: str,
    echo: Callable[..., None],
    env: Mapping[str, str] | None = None,
    **retry,
) -> int:
    """Send (or show) the day's digests; the exit code says whether all were sent."""
    result = validate(project)
    model = build_model(result.corpus, project.forms)
    site = Site(project=project, model=model, as_of=as_of, corpus=result.corpus)
    if only and only not in model.people:
        echo(f"ไม่พบบุคคล '{only}' — no person {only!r}", err=True)
        return 2
    found = [d for d in digests(site, site_url or "") if not only or d.person == only]
    people = {p: site.record(f"people/{p}/person.yaml") for p in model.people}
    names = (channel,) if channel else tuple(CHANNELS)
    if dry_run:
        for digest in found:
            _show(digest, people[digest.person], names, as_of, echo)
        echo(f"สรุป: {len(found)} คนมีงานที่ต้องแจ้ง (ไม่ได้ส่งจริง) — {len(found)} digests, dry run")
        return 0
    calendar = WorkingCalendar.of(model.office)
    if not calendar.is_working_day(as_of):
        echo(f"วันนี้เป็นวันหยุด ไม่ส่งการแจ้งเตือน — {as_of} is not a working day; nothing sent")
        return 0
    configured = _channels(names, env if env is not None else os.environ, echo)
    if configured is None:
        return 2
    outcomes = deliver(found, people, configured, SentLog.beside(project.records), as_of, **retry)
    for o in outcomes:
        echo(f"{o.person}\t{o.channel}\t{STATUS[o.status]}\t{o.detail}")
    failed = sum(o.status == "failed" for o in outcomes)
    sent = sum(o.status == "sent" for o in outcomes)
    echo(f"ส่งแล้ว {sent} · ไม่สำเร็จ {failed} — sent {sent}, failed {failed}")
    return 1 if failed else 0


def _channels(names, env, echo) -> dict[str, object] | None:
    """Configured channels by name; a channel named on the command line must be set up."""
    out: dict[str, object] = {}
    for name in names:
        try:
            out[name] = CHANNELS[name].from_env(env)
        except SettingMissing as exc:
            if len(names) == 1:
                echo(f"ยังไม่ได้ตั้งค่า {exc} — set {exc} in the environment", err=True)
                return None
            out[name] = None  # people who opted into it are reported as not sent
    return out


def _show(digest: Digest, record: Mapping, names, as_of, echo) -> None:
    chosen = [n for n in record.get("reminders", ()) if n in names]
    via = ", ".join(chosen) if chosen else "ไม่ได้ยินยอมรับการแจ้งเตือน (not opted in: not sent)"
    echo(f"=== {digest.person} · ช่องทาง: {via}")
    echo(f"เรื่อง: {digest.subject}")
    echo(digest.text(as_of))
    echo("")


__all__ = ["Outcome", "run_reminders"]
