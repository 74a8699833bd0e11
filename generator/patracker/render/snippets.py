"""Small pieces every page shows many times: people's names, links to people and schools,
status badges.

These were Jinja macros (``m.name``, ``m.person_link``, ``m.member_link``,
``m.school_link``, ``m.status_badge``); a 5,000-person site shows some 400,000 of them,
and a macro call costs ten times a Python call, so they are Python functions the macros
module exports under the same names. Everything shown is escaped
(``escape``), as the template's autoescape did; not with ``Markup.format``, which costs
as much as the macro did.
"""

from __future__ import annotations

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape


def words(text: str) -> Markup:
    """A name whose words never break inside: Thai has no spaces, and a browser cuts a
    surname by its dictionary ("ศรี|ประเสริฐ") in a narrow cell. Lines break only between
    the words."""
    return Markup(
        " ".join(f'<span class="pa-word">{escape(part)}</span>' for part in text.split(" "))
    )


@pass_context
def person_link(context: Context, person_id: str) -> Markup:
    """The person's name, linked to their page."""
    return _link(context, "people", person_id, words(context["site"].name_of(person_id)))


@pass_context
def member_link(context: Context, person_id: str) -> Markup:
    """A committee member's name, linked to their member page when they are one of the
    office's people (a member from outside has no page)."""
    site = context["site"]
    name = words(site.name_of(person_id))
    if person_id not in site.model.people:
        return name
    return _link(context, "members", person_id, name)


@pass_context
def school_link(context: Context, school_id: str | None) -> Markup:
    """The school's name linked to its page; without a school, the office's name."""
    name = escape(context["site"].school_name(school_id))
    if not school_id:
        return name
    return _link(context, "schools", school_id, name)


def _link(context: Context, folder: str, page: str, shown: Markup) -> Markup:
    """``shown`` linked to ``folder/page.html`` from the page being rendered."""
    return Markup(f'<a href="{escape(context["root"])}{folder}/{escape(page)}.html">{shown}</a>')


def status_badge(status: str, text: str) -> Markup:
    return Markup(f'<span class="pa-badge pa-{escape(status)}">{escape(text)}</span>')


GLOBALS = {
    "pa_words": words,
    "pa_person_link": person_link,
    "pa_member_link": member_link,
    "pa_school_link": school_link,
    "pa_status_badge": status_badge,
}
