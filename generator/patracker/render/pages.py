"""Which pages the site has: one builder per kind of page, listed in ``PAGES``.

A builder takes the ``Site`` and yields ``Page``s (a template and what it needs) or
``Download``s (bytes written as they are). Adding a page is a builder plus a template: the ``Page`` it yields declares everything the
build needs (its flags, and what it reads, recorded as it renders: render/reads.py). Lists
of people are made last, from the lists the pages collected as they rendered.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator

from .. import aggregates, report
from . import manual, printable, tables, webforms
from .context import Site
from .output import Download, Page, PeopleList

Builder = Callable[[Site], Iterator[Page | Download]]


def home(site: Site):
    office = site.model.office
    assert office is not None  # a model is built only from records with an office
    yield Page("index.md", "home.md", f"{office.short_name} — ภาพรวม PA", in_nav=True)


def schools(site: Site):
    yield Page("schools/index.md", "schools.md", "โรงเรียนในสังกัด", in_nav=True)
    for school in site.schools:
        yield Page(
            f"schools/{school.id}.md", "school.md", school.name, {"school": school}, bulk=True
        )


def people(site: Site):
    for person in site.people:
        yield Page(
            f"people/{person.id}.md", "person.md", person.name, {"person": person}, bulk=True
        )


def members(site: Site):
    yield Page("members/index.md", "members.md", "คณะกรรมการประเมิน", in_nav=True)
    for member in site.members:
        yield Page(
            f"members/{member}.md",
            "member.md",
            f"กรรมการ: {site.name_of(member)}",
            {"member": member},
            bulk=True,
        )


def deadlines(site: Site):
    title = "กำหนดส่งและงานค้าง"
    for path, make, figures in tables.downloads("deadlines", title, tables.deadline_tables(site)):
        if path.endswith(".xlsx"):  # one sheet per group; the CSV is one list (below)
            yield Download(path, make, inputs=figures)
    flat = tables.deadline_list(site)
    flat_csv = functools.partial(report.render_flat_csv, flat)
    yield Download("deadlines.csv", flat_csv, inputs=report.digest(report.Report(title, (flat,))))
    yield Page("deadlines.md", "deadlines.md", title, in_nav=True)


def applications(site: Site):
    yield Page("applications.md", "applications.md", "คำขอมีหรือเลื่อนวิทยฐานะ", in_nav=True)


def reports(site: Site):
    yield Page("reports/index.md", "reports.md", "รายงานผลรายรอบ", in_nav=True)
    for rnd in site.rounds:
        if rnd.start > site.as_of:
            continue
        found = report.build_report(
            site.model, site.forms, rnd.fiscal_year, rnd.round, site.as_of, site.project.schemas
        )
        stem = f"reports/{rnd.fiscal_year}-r{rnd.round}"
        downloads = {fmt: f"{rnd.fiscal_year}-r{rnd.round}.{fmt}" for fmt in report.FORMATS}
        tables = report.render(found, "json")
        inputs = report.digest(found)
        for fmt, name in downloads.items():
            if fmt == "json":
                yield Download(f"reports/{name}", tables)
            else:
                make = functools.partial(report.render, found, fmt)
                yield Download(f"reports/{name}", make, inputs=inputs)
        title = f"รายงานผลรอบที่ {rnd.round} ปีงบประมาณ {rnd.fiscal_year}"
        yield Page(
            f"{stem}.md",
            "report.md",
            title,
            {"report": found, "round": rnd, "downloads": downloads},
            inputs=inputs,
            bulk=True,  # up to two thousand table rows, which MkDocs would parse twice
        )


def changes(site: Site):
    yield Page("changes/index.md", "changes.md", "การเปลี่ยนแปลงล่าสุด", {"school": None}, in_nav=True)
    for school in site.schools:
        yield Page(
            f"changes/{school.id}.md",
            "changes.md",
            f"การเปลี่ยนแปลงล่าสุด: {school.name}",
            {"school": school},
            bulk=True,
        )


def quality(site: Site):
    yield Page("quality.md", "quality.md", "คุณภาพข้อมูล", in_nav=True)


def api_downloads(site: Site) -> Iterator[Download]:
    """The aggregate files (``aggregates.files``), on the internal and the public site."""
    for path, content in aggregates.files(site).items():
        yield Download(path, content)


def manual_pages(site: Site) -> Iterator[Page | Download]:
    """The manual's index, one page per role, the all-roles print view, and the pictures
    the walk made (render/manual.py)."""
    roles, known = manual.load()
    shots = manual.Shots(manual.shots_folder(site), known)
    context = {"roles": roles, "shots": shots}
    inputs = shots.inputs()
    yield Page(
        "manual/index.md", "manual/index.md", "คู่มือการใช้งานตามบทบาท", context, inputs, in_nav=True
    )
    for role in roles:
        yield Page(
            f"manual/{role.slug}.md",
            "manual/role.md",
            f"คู่มือ{role.title}",
            {**context, "role": role},
            inputs,
            in_nav=True,
        )
    yield Page(
        "manual/print.md",
        "manual/print.md",
        "คู่มือทุกบทบาท (ฉบับพิมพ์)",
        context,
        inputs,
        in_nav=True,
    )
    for name, path in shots.found.items():
        data = path.read_bytes()
        yield Download(f"manual/shots/{name}.png", data, inputs=hashlib.sha256(data).hexdigest())


PAGES: tuple[Builder, ...] = (
    home,
    schools,
    people,
    members,
    deadlines,
    applications,
    reports,
    changes,
    quality,
    printable.print_pages,
    webforms.form_pages,
    manual_pages,
    api_downloads,
)


def list_pages(site: Site, lists: Iterable[PeopleList] | None = None) -> Iterator[Page | Download]:
    """A page, an Excel and a CSV file per list of people that figures link to (``lists``,
    else every list registered so far). Made after the pages that link to them, which
    collect them as they render (``Page.lists``)."""
    facts: dict[str, str] = {}
    for people_list in list(site.lists.values()) if lists is None else lists:
        # a list shows each person's name, position, standing and school, and nothing else
        inputs = _digest([people_list.title, *(_facts(site, i, facts) for i in people_list.people)])
        for path, make in tables.lazy_downloads(
            f"lists/{people_list.slug}",
            people_list.title,
            lambda people_list=people_list: (
                tables.people_table(site, people_list.title, people_list.people),
            ),
        ):
            yield Download(path, make, inputs=inputs)
        yield Page(
            f"lists/{people_list.slug}.md",
            "list.md",
            people_list.title,
            {"people_list": people_list},
            inputs=inputs,
            bulk=True,
        )


def _facts(site: Site, person: str, known: dict[str, str]) -> str:
    """What a list shows of a person (a person is on many lists; worked out once)."""
    found = known.get(person)
    if found is None:
        p = site.model.people.get(person)
        found = f"{person}|{p.name}|{p.position}|{p.standing}|{p.school}" if p else person
        known[person] = found
    return found


def _digest(texts: list[str]) -> str:
    return hashlib.sha1("\0".join(texts).encode("utf-8", "surrogatepass")).hexdigest()


def has_lists(audience: str) -> bool:
    """Whether a staff audience's site has the lists of people (the public one never has)."""
    return audience != "public" and list_pages in builders_of(audience)


def builders_of(audience: str) -> tuple[Builder, ...]:
    """The builders of a staff audience, as ``schemas/audiences/audiences.yaml`` lists them; the lists
    of people (``lists``) come last whatever the order, as they need the pages before."""
    from ..audiences import AudienceError, get
    from ..messages import coded

    known = {b.__name__: b for b in PAGES}
    wanted = get(audience).pages
    names = [b.__name__ for b in PAGES] + ["lists"] if wanted is None else list(wanted)
    unknown = [n for n in names if n not in known and n != "lists"]
    if unknown:
        known_names = f"{', '.join(known)}, lists"
        raise AudienceError(coded("PA943", names=", ".join(unknown), known=known_names))
    chosen = tuple(known[n] for n in names if n != "lists")
    return (*chosen, list_pages) if "lists" in names else chosen
