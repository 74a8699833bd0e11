"""Names, links and badges (render/snippets.py): what the macros module exports as
``m.name``, ``m.person_link``, ``m.member_link``, ``m.school_link`` and ``m.status_badge``,
escaped as the templates escape."""

from __future__ import annotations

from types import SimpleNamespace

from patracker.project import SOURCE_ROOT
from patracker.render import environment

NAMES = {"p1": "นาง สมศรี ใจดี", "x9": 'คุณ <script>alert("x")</script>'}
SCHOOLS = {"s1": "โรงเรียน <b>บ้านนา</b>"}


def render(source: str) -> str:
    site = SimpleNamespace(
        name_of=NAMES.__getitem__,
        model=SimpleNamespace(people={"p1": 1}),
        school_name=lambda school: SCHOOLS.get(school, "สพป. ทดลอง"),
    )
    env = environment(SOURCE_ROOT / "site_templates")
    template = env.from_string('{% import "_macros.html" as m with context %}' + source)
    return template.render(site=site, root="../")


def test_a_name_is_its_words_each_unbroken():
    assert render("{{ m.name('นาง สมศรี ใจดี') }}") == (
        '<span class="pa-word">นาง</span> <span class="pa-word">สมศรี</span>'
        ' <span class="pa-word">ใจดี</span>'
    )


def test_person_and_member_links_lead_to_their_pages():
    assert render("{{ m.person_link('p1') }}").startswith('<a href="../people/p1.html">')
    assert render("{{ m.member_link('p1') }}").startswith('<a href="../members/p1.html">')


def test_a_member_from_outside_the_office_is_named_without_a_link():
    shown = render("{{ m.member_link('x9') }}")
    assert "<a " not in shown and "members/" not in shown


def test_record_text_in_a_name_is_escaped():
    for call in ("m.name(site.name_of('x9'))", "m.person_link('x9')", "m.member_link('x9')"):
        shown = render("{{ " + call + " }}")
        assert "<script>" not in shown and "&lt;script&gt;" in shown, shown


def test_a_school_link_leads_to_its_page_and_no_school_names_the_office():
    assert render("{{ m.school_link('s1') }}") == (
        '<a href="../schools/s1.html">โรงเรียน &lt;b&gt;บ้านนา&lt;/b&gt;</a>'
    )
    assert render("{{ m.school_link(None) }}") == "สพป. ทดลอง"


def test_a_badge_escapes_plain_text_but_keeps_a_macros_markup():
    assert render("{{ m.status_badge('overdue', '<i>') }}") == (
        '<span class="pa-badge pa-overdue">&lt;i&gt;</span>'
    )
    shown = render("{% macro t() %}<b>x</b>{% endmacro %}{{ m.status_badge('ok', t()) }}")
    assert shown == '<span class="pa-badge pa-ok"><b>x</b></span>'
