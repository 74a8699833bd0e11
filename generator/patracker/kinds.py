"""The registry of record kinds: everything the program knows about a kind, in one entry.

A kind's schema is ``schemas/<kind>.schema.json``; its entry below says where its files
live (a path template whose placeholders are the path keys of ``KEYS``), which fields
must repeat the ids of that path, which other records it names, and whether and how it is
edited in the CMS, filled in on the site's forms, printed and scaffolded. Layout
(``layout.py``), identity (``filechecks.py``), references (``validate/references.py``),
the CMS (``cms.py``), web forms (``render/webforms.py``), print (``render/printable.py``),
``patracker new`` (``scaffold.py``) and the access messages (``access.py``) read it; none
keeps its own table. An unknown kind is an error (``of`` raises), never an empty default.

Why a Python module and not ``x-`` annotations in the schemas: the schemas travel as they
are to the browser (web forms embed them, the CMS reads their titles), so annotations
would grow every form page; and path patterns, JSON pointers and message codes are
checked here by the type checker and by ``tests/test_kinds.py`` against the schemas.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

ID = r"[a-z0-9][a-z0-9-]*"
FY = r"25[0-9][0-9]"

Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class PathKey:
    """One id a path may carry: its pattern, whether it is a number, and the message when
    the record's field (the kind's ``identity``) says otherwise."""

    pattern: str
    code: str
    integer: bool = False
    prefix: str = ""  # set: the key is optional, written as prefix + value when present


# an id inside a path matches lazily, so an optional suffix after it (``-amend1``) is
# not taken for part of the id
_SLUG = ID + "?"

KEYS: dict[str, PathKey] = {
    "person": PathKey(_SLUG, "PA202"),
    "fy": PathKey(FY, "PA203", integer=True),
    "round": PathKey("[12]", "PA205", integer=True),
    "member": PathKey(_SLUG, "PA205"),
    "n": PathKey("[1-4]", "PA205", integer=True),
    "id": PathKey(_SLUG, "PA202"),
    "amend": PathKey("[1-9]", "PA205", integer=True, prefix="-amend"),
}


@dataclass(frozen=True, slots=True)
class Ref:
    """A field (``*`` walks every item of a list) that names a record of ``kind``."""

    pointer: Pointer
    kind: str


@dataclass(frozen=True, slots=True)
class Cms:
    """The kind's CMS collection: the field naming an entry and each list row's label."""

    identifier: str
    summary: str
    by_kind: bool = False  # shares its folder with other kinds: filtered on the kind field


@dataclass(frozen=True, slots=True)
class WebForm:
    """The kind's form page on the site."""

    title: str
    author: str | None = None  # the role whose create grant (access policy) limits the form
    final: str | None = None  # the flag that, once true, keeps forms from starting from it


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    path: str  # "people/{person}/{fy}/agreement.yaml": placeholders are KEYS
    label: tuple[str, str]  # Thai, English: how messages name the kind
    # (record field, path key): the field must repeat that id of its path; every key
    # but an optional one has its field (the CMS and web forms name paths by fields)
    identity: tuple[tuple[str, str], ...] = ()
    references: tuple[Ref, ...] = ()
    key: str | None = None  # the path key that is this record's id, when others name it
    missing: str | None = None  # the message code for a reference to a record not there
    cms: Cms | None = None
    form: WebForm | None = None
    prints: tuple[tuple[str, str], ...] = ()  # print pages (page name, title) it feeds
    scaffold: bool = False  # ``patracker new`` writes a skeleton (scaffold.py's builder)

    @property
    def schema(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def folder(self) -> str:
        """The folder of ``records/`` holding every file of the kind ('' for the top)."""
        return self.path.split("/", 1)[0] if "/" in self.path else ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)

    def regex(self) -> str:
        """The path template as a regular expression with one named group per key."""
        out = []
        for literal, name, _, _ in string.Formatter().parse(self.path):
            out.append(re.escape(literal))
            if name:
                key = KEYS[name]
                group = f"(?P<{name}>{key.pattern})"
                out.append(f"(?:{re.escape(key.prefix)}{group})?" if key.prefix else group)
        return "".join(out)

    def format(self, keys: Mapping[str, object]) -> str:
        """The path of the record with these ids (optional keys left out when absent)."""
        values: dict[str, object] = {}
        for name in self.keys:
            prefix = KEYS[name].prefix
            if prefix:
                values[name] = f"{prefix}{keys[name]}" if keys.get(name) else ""
            else:
                values[name] = keys[name]
        return self.path.format(**values)


_PERSON = Ref(("person",), "person")
_MEMBER = Ref(("member",), "person")

REGISTRY: tuple[Kind, ...] = (
    Kind(
        "office",
        "office.yaml",
        ("ข้อมูลสำนักงาน", "office record"),
        references=(Ref(("hr", "*"), "person"),),
    ),
    Kind(
        "school",
        "schools/{id}.yaml",
        ("ข้อมูลโรงเรียน", "school record"),
        identity=(("id", "id"),),
        references=(
            Ref(("director",), "person"),
            Ref(("dpa_admin",), "person"),
            Ref(("reviewers", "*"), "person"),
        ),
        key="id",
        missing="PA301",
        cms=Cms("id", "{{name}} ({{id}})"),
    ),
    Kind(
        "person",
        "people/{person}/person.yaml",
        ("ข้อมูลบุคคล", "person record"),
        identity=(("id", "person"),),
        references=(Ref(("school",), "school"),),
        key="person",
        missing="PA302",
        cms=Cms("id", "{{title}}{{first_name}} {{last_name}} ({{id}})"),
        form=WebForm("เพิ่มหรือแก้ไขข้อมูลบุคคล"),
        scaffold=True,
    ),
    Kind(
        "agreement",
        "people/{person}/{fy}/agreement.yaml",
        ("ข้อตกลง PA 1", "PA 1 agreement"),
        identity=(("person", "person"), ("fiscal_year", "fy")),
        references=(_PERSON, Ref(("approval", "by"), "person")),
        cms=Cms("person", "{{person_name}} · ปี {{fiscal_year}} · {{status}}", by_kind=True),
        form=WebForm("ข้อตกลงในการพัฒนางาน (PA 1)", author="subject"),
        prints=(("pa1", "แบบพิมพ์ข้อตกลงในการพัฒนางาน (PA 1)"),),
        scaffold=True,
    ),
    Kind(
        "progress",
        "people/{person}/{fy}/progress.yaml",
        ("ความก้าวหน้า", "progress record"),
        identity=(("person", "person"), ("fiscal_year", "fy")),
        references=(_PERSON,),
        cms=Cms("person", "{{person_name}} · ปี {{fiscal_year}}", by_kind=True),
        form=WebForm("บันทึกความก้าวหน้า"),
        scaffold=True,
    ),
    Kind(
        "review",
        "people/{person}/{fy}/reviews/{member}.yaml",
        ("ข้อเสนอแนะของกรรมการ", "committee review"),
        identity=(("person", "person"), ("fiscal_year", "fy"), ("member", "member")),
        references=(_PERSON, _MEMBER),
        cms=Cms(
            "member",
            "{{person_name}} · ปี {{fiscal_year}} · กลั่นกรองโดย {{member_name}}",
            by_kind=True,
        ),
        form=WebForm("กลั่นกรองข้อตกลง (กรรมการ)"),
    ),
    Kind(
        "evaluation",
        "people/{person}/{fy}/evaluations/r{round}-{member}{amend}.yaml",
        ("ผลการประเมิน PA 2", "PA 2 evaluation"),
        identity=(
            ("person", "person"),
            ("fiscal_year", "fy"),
            ("member", "member"),
            ("round", "round"),
        ),
        references=(_PERSON, _MEMBER),
        cms=Cms(
            "member",
            "{{person_name}} · ปี {{fiscal_year}} รอบ {{round}} · ประเมินโดย {{member_name}}",
            by_kind=True,
        ),
        form=WebForm("ประเมินผล PA 2 (กรรมการหนึ่งคน หนึ่งรอบ)", final="final"),
        prints=(
            ("pa2", "แบบพิมพ์ผลการประเมิน (PA 2)"),
            ("pa3", "แบบพิมพ์สรุปผลการประเมิน (PA 3)"),
        ),
        scaffold=True,
    ),
    Kind(
        "induction",
        "people/{person}/induction/e{n}-{member}.yaml",
        ("ผลการประเมิน ว26", "ว26 evaluation"),
        identity=(("person", "person"), ("member", "member"), ("evaluation", "n")),
        references=(_PERSON, _MEMBER),
        cms=Cms("member", "{{person_name}} · ครั้งที่ {{evaluation}} · {{member_name}}", by_kind=True),
        form=WebForm("ประเมินครูผู้ช่วย (แบบ ว26)"),
    ),
    Kind(
        "committee",
        "committees/{fy}/{id}.yaml",
        ("คณะกรรมการ", "committee"),
        identity=(("id", "id"), ("fiscal_year", "fy")),
        references=(Ref(("members", "*", "person"), "person"), Ref(("assessees", "*"), "person")),
        cms=Cms("id", "{{id}}"),
    ),
    Kind(
        "application",
        "applications/{id}.yaml",
        ("คำขอวิทยฐานะ", "DPA application"),
        identity=(("id", "id"),),
        references=(_PERSON, Ref(("history", "*", "by"), "person")),
        cms=Cms("id", "{{id}}"),
        form=WebForm("เปลี่ยนสถานะคำขอวิทยฐานะ"),
    ),
    Kind(
        "survey",
        "surveys/{fy}-r{round}.yaml",
        ("ผลสำรวจ", "survey"),
        identity=(("fiscal_year", "fy"), ("round", "round")),
        cms=Cms("fiscal_year", "ปี {{fiscal_year}}"),
    ),
)

KINDS: dict[str, Kind] = {k.name: k for k in REGISTRY}
# top-level schemas that are not record kinds: shared definitions, the forms files' schema
NOT_RECORDS = ("common", "form")


class UnknownKind(ValueError):
    """A kind no entry declares: a programming error, never a default."""


def of(name: str) -> Kind:
    """The entry of ``name``; raise ``UnknownKind`` for a kind the registry lacks."""
    try:
        return KINDS[name]
    except KeyError:
        raise UnknownKind(f"unknown record kind {name!r}") from None
