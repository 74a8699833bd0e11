"""``patracker remind``: one digest per person, sent over a real SMTP server and a local
LINE-like API on 127.0.0.1, at most once a day, retried when the failure may pass."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patracker.cli import app
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.remind.digest import digests
from patracker.remind.run import run_reminders
from patracker.render.context import Site
from patracker.render.views import Induction, Tasks
from patracker.validate import validate

from .conftest import ALICE, MEMBER, WORKING_DAY, opt_in

SITE = "https://pa.nakhonsuwan.example/internal"
USER_A = "U" + "a" * 32
USER_B = "U" + "b" * 32


def _run(records: Path, env: dict, as_of=WORKING_DAY, **options):
    lines: list[str] = []
    waits: list[float] = []
    code = run_reminders(
        Project.at(records),
        as_of,
        channel=options.pop("channel", None),
        dry_run=options.pop("dry_run", False),
        only=options.pop("only", None),
        site_url=SITE,
        echo=lambda text="", err=False: lines.append(text),
        env=env,
        sleep=waits.append,
        backoff=0.5,
        **options,
    )
    return code, lines, waits


def _site(records: Path, as_of=WORKING_DAY) -> Site:
    project = Project.at(records)
    result = validate(project)
    return Site(project, build_model(result.corpus, project.forms), as_of, corpus=result.corpus)


@pytest.fixture(scope="module")
def demo() -> Site:
    """The demo office as it is (read only), for the tests that only read digests."""
    return _site(SOURCE_ROOT / "records")


# --- who is told what -----------------------------------------------------------------------


def test_one_digest_per_person_who_must_act_and_nobody_else(demo: Site) -> None:
    site = demo
    found = {d.person: d for d in digests(site, SITE)}
    pa, w26 = Tasks.of(site), Induction.of(site)
    open_tasks = (*pa.overdue, *pa.due_soon, *w26.overdue, *w26.due_soon)
    must_act = {t.responsible for t in open_tasks}
    assert must_act <= set(found)  # everyone who owes something hears of it
    hr = set(site.model.office.hr)
    coordinators = {
        p
        for s in site.schools
        if pa.overdue_of_school(s.id)
        for p in (s.dpa_admin, *site.record(f"schools/{s.id}.yaml").get("reviewers", ()))
    }
    assert set(found) == must_act | hr | (coordinators - {None})
    assert len(found) == len(digests(site, SITE))  # one each


def test_a_member_hears_whom_they_owe_with_a_link_to_their_page(demo: Site) -> None:
    site = demo
    digest = next(d for d in digests(site, SITE) if d.person == MEMBER)
    section = next(s for s in digest.sections if s.heading == "งานในฐานะกรรมการ")
    owed = [t for t in Tasks.of(site).overdue if t.responsible == MEMBER and t.person != MEMBER]
    assert len(section.lines) >= len(owed) > 0
    for task in owed:
        assert any(site.name_of(task.person) in line for line in section.lines)
    assert section.link == f"{SITE}/members/{MEMBER}.html"
    assert "เกินกำหนด 3 วัน (กำหนด 30 พ.ย. 2569)" in section.lines[0]


def test_the_teacher_hears_her_own_late_agreement(demo: Site) -> None:
    digest = next(d for d in digests(demo, SITE) if d.person == ALICE)
    text = digest.text(WORKING_DAY)
    assert "ส่งข้อตกลงในการพัฒนางาน (PA 1): เกินกำหนด 33 วัน (กำหนด 31 ต.ค. 2569)" in text
    assert f"{SITE}/people/{ALICE}.html" in text
    assert digest.overdue >= 1 and "เกินกำหนด" in digest.subject


def test_hr_gets_the_office_summary_with_the_deadlines_page(demo: Site) -> None:
    site = demo
    hr = site.model.office.hr[0]
    digest = next(d for d in digests(site, SITE) if d.person == hr)
    summary = next(s for s in digest.sections if s.heading == "ภาพรวมของสำนักงาน")
    late_reviews = sum(t.kind == "review" for t in Tasks.of(site).overdue)
    assert any(f"กลั่นกรองข้อตกลง: เกินกำหนด {late_reviews} รายการ" in line for line in summary.lines)
    assert summary.link == f"{SITE}/deadlines.html"


def test_record_text_is_escaped_in_the_html_part(records: Path) -> None:
    person = records / "people" / ALICE / "person.yaml"
    person.write_text(person.read_text().replace("first_name: อัญชลี", "first_name: <b>อัญชลี</b>"))
    digest = next(d for d in digests(_site(records), SITE) if d.person == ALICE)
    assert "<b>อัญชลี" not in digest.html(WORKING_DAY)
    assert "&lt;b&gt;อัญชลี" in digest.html(WORKING_DAY)


# --- dry run ------------------------------------------------------------------------------


def test_dry_run_prints_one_digest_per_person_and_sends_nothing(records: Path, smtp) -> None:
    mailbox, env = smtp
    opt_in(records, ALICE, "email")
    code, lines, _ = _run(records, env, dry_run=True)
    blocks = [line for line in lines if line.startswith("=== ")]
    assert code == 0
    assert len(blocks) == len(digests(_site(records), SITE))
    assert f"=== {ALICE} · ช่องทาง: email" in blocks
    assert mailbox.messages == []


def test_cli_dry_run_on_the_demo_office() -> None:
    result = CliRunner().invoke(
        app, ["remind", "--as-of", "2026-12-03", "--dry-run", "--site-url", SITE]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("=== ") >= 40
    assert "ไม่ได้ส่งจริง" in result.output


# --- e-mail -------------------------------------------------------------------------------


def test_email_reaches_a_real_smtp_server_once_a_day(records: Path, smtp) -> None:
    mailbox, env = smtp
    opt_in(records, ALICE, "email")
    opt_in(records, MEMBER, "email")
    code, lines, _ = _run(records, env)
    assert code == 0, lines
    assert sorted(m["To"] for m in mailbox.messages) == sorted(
        [f"{ALICE}@nakhonsuwan.example", f"{MEMBER}@nakhonsuwan.example"]
    )
    message = next(m for m in mailbox.messages if m["To"].startswith(ALICE))
    assert message["Subject"].startswith("PA Tracker: งานที่ต้องดำเนินการ")
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "เรียน นางอัญชลี กาญจนวงศ์" in plain and f'href="{SITE}/people/{ALICE}.html"' in html
    assert not any("@" in line for line in lines)  # nothing personal in the report

    again, lines, _ = _run(records, env)
    assert again == 0 and len(mailbox.messages) == 2  # the same day: skipped
    assert any("ส่งแล้ววันนี้" in line for line in lines)
    _run(records, env, as_of=WORKING_DAY + dt.timedelta(days=1))  # Friday: sent again
    assert len(mailbox.messages) == 4


def test_a_refused_address_fails_alone_and_the_exit_code_says_so(records: Path, smtp) -> None:
    mailbox, env = smtp
    opt_in(records, ALICE, "email")
    opt_in(records, MEMBER, "email")
    mailbox.refuse.add(f"{ALICE}@nakhonsuwan.example")
    code, lines, waits = _run(records, env)
    assert code == 1
    assert [m["To"] for m in mailbox.messages] == [f"{MEMBER}@nakhonsuwan.example"]
    assert any(line.startswith(f"{ALICE}\temail\tส่งไม่สำเร็จ") for line in lines)
    assert waits == []  # a refused address is not retried


def test_a_server_that_is_down_is_retried_with_backoff_then_reported(records: Path) -> None:
    opt_in(records, ALICE, "email")
    env = {
        "PATRACKER_SMTP_HOST": "127.0.0.1",
        "PATRACKER_SMTP_PORT": "9",
        "PATRACKER_SMTP_STARTTLS": "0",
        "PATRACKER_SMTP_FROM": "pa@x.example",
    }
    code, lines, waits = _run(records, env)
    assert code == 1
    assert waits == [0.5, 1.0, 2.0]  # four tries, doubling waits
    assert any("gave up" in line for line in lines)


def test_wrong_smtp_password_is_reported_not_raised(records: Path, smtp) -> None:
    mailbox, env = smtp
    opt_in(records, ALICE, "email")
    code, lines, _ = _run(records, {**env, "PATRACKER_SMTP_PASSWORD": "wrong"}, tries=1)
    assert code == 1 and mailbox.messages == []
    # aiosmtpd closes the connection after the failed logins; a real server says 535
    assert any(line.startswith(f"{ALICE}\temail\tส่งไม่สำเร็จ\tSMTP") for line in lines), lines


def test_nothing_is_sent_on_a_holiday(records: Path, smtp) -> None:
    mailbox, env = smtp
    opt_in(records, ALICE, "email")
    code, lines, _ = _run(records, env, as_of=dt.date(2026, 12, 5))  # a Saturday
    assert code == 0 and mailbox.messages == []
    assert "วันหยุด" in lines[0]
    _run(records, env, as_of=dt.date(2026, 12, 10))  # Constitution Day
    assert mailbox.messages == []


# --- LINE ---------------------------------------------------------------------------------


def test_line_push_has_the_api_shape_and_retries_429_with_one_retry_key(
    records: Path, line
) -> None:
    api, env = line
    opt_in(records, ALICE, "line", line_user_id=USER_A)
    api.script[USER_A] = [429, 200]
    code, lines, waits = _run(records, env, channel="line")
    assert code == 0, lines
    assert waits == [2.0]  # the server's Retry-After
    first, second = api.requests
    assert first["path"] == "/v2/bot/message/push"
    assert first["headers"]["Authorization"] == "Bearer test-token"
    assert first["headers"]["Content-Type"].startswith("application/json")
    assert first["headers"]["X-Line-Retry-Key"] == second["headers"]["X-Line-Retry-Key"]
    body = second["body"]
    assert body["to"] == USER_A and body["messages"][0]["type"] == "text"
    assert "เรียน นางอัญชลี กาญจนวงศ์" in body["messages"][0]["text"]


def test_line_500_gives_up_and_400_is_not_retried_and_others_still_go(records: Path, line) -> None:
    api, env = line
    opt_in(records, ALICE, "line", line_user_id=USER_A)
    opt_in(records, MEMBER, "line", line_user_id=USER_B)
    third = "U" + "c" * 32
    opt_in(records, "malai-champathong", "line", line_user_id=third)
    api.script[USER_A] = [500]
    api.script[USER_B] = [400]
    code, lines, waits = _run(records, env, channel="line")
    assert code == 1
    sent_to = [r["body"]["to"] for r in api.requests]
    assert sent_to.count(USER_A) == 4 and sent_to.count(USER_B) == 1 and sent_to.count(third) == 1
    assert waits == [0.5, 1.0, 2.0]
    assert any(line.startswith(f"{MEMBER}\tline\tส่งไม่สำเร็จ\tLINE 400") for line in lines)
    assert any(line.startswith("malai-champathong\tline\tส่งแล้ว") for line in lines)


def test_a_channel_named_but_not_set_up_is_a_usage_error(records: Path) -> None:
    opt_in(records, ALICE, "line", line_user_id=USER_A)
    code, lines, _ = _run(records, {}, channel="line")
    assert code == 2 and "PATRACKER_LINE_TOKEN" in lines[-1]


@pytest.mark.parametrize("value", ["U123", "somchai.line"])
def test_a_line_user_id_is_checked_by_the_schema(records: Path, value: str) -> None:
    opt_in(records, ALICE, "line", line_user_id=value)
    problems = validate(Project.at(records)).errors
    assert any(p.code == "PA105" and ALICE in p.file for p in problems)


def test_sent_reminders_are_listed_on_the_persons_internal_page(
    records: Path, smtp, tmp_path
) -> None:
    from patracker.build import build_site

    _mailbox, env = smtp
    opt_in(records, ALICE, "email")
    _run(records, env)
    _run(records, env, as_of=WORKING_DAY + dt.timedelta(days=1))
    site = tmp_path / "site"
    build_site(Project.at(records), site, as_of=WORKING_DAY, quiet=True)
    page = (site / "people" / f"{ALICE}.html").read_text(encoding="utf-8")
    assert "การแจ้งเตือนที่ส่งถึง (2)" in page
    assert "<li>4 ธ.ค. 2569 ทางอีเมล</li><li>3 ธ.ค. 2569 ทางอีเมล</li>" in page
    other = (site / "people" / f"{MEMBER}.html").read_text(encoding="utf-8")
    assert "การแจ้งเตือนที่ส่งถึง" not in other
    _run(
        records, env, as_of=WORKING_DAY + dt.timedelta(days=5)
    )  # Tuesday (Monday makes up for 5 Dec)
    build_site(Project.at(records), site, as_of=WORKING_DAY, quiet=True)  # incremental
    page = (site / "people" / f"{ALICE}.html").read_text(encoding="utf-8")
    assert "การแจ้งเตือนที่ส่งถึง (3)" in page  # her page is not reused from the last build
