"""Forms in the site, no server: one page per record kind, driven by the query string.

Why one page per kind and not one per person: a 5,000-person office would otherwise get
35,000 pages that differ only in a few ids. Here each kind has one page that carries its
schemas and form data as JSON (a few tens of KB), and each person adds one JSON file,
``forms/people/<person>.json``, fetched when one of their forms is opened: who they are,
their committees, the paths of their locked records, and the current content of every
record of theirs a form may start from (their folder and their applications), keyed by
path. One file per person, not one per record: file count dominates the build time of a
large office (issue 8). What is the same for everyone (committee members, position
labels) is in the page data, not repeated in each person's file.

Each page carries two schemas: the bundled schema ``patracker validate`` uses, and a
*form schema*: the same schema narrowed by the forms files (this position's indicators,
the number of challenges, each ว26 item's maximum). The browser validates against both
and renders from the narrowed one, so a form or field added in ``schemas/`` needs no code.

Who fills a form in follows the access policy (``schemas/access/policy.yaml``): the form is
its first creator's (the teacher's PA 1, the member's PA 2) without the fields that role
may not set, which the file keeps as they stood (``x-kept``); a role the policy lets change
only some fields (the director approving a PA 1) gets a form of just those, ``?as=<role>``.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator
from typing import Any

from markupsafe import Markup

from .. import kinds
from ..access import Grant, load_policy
from ..engine.exact import exact
from ..kinds import WebForm
from ..layout import path_for
from ..model import Office
from ..schemas import resolve
from .context import Site
from .output import Download, Page, compact_json

# kind → Thai title of its form page, in the order the forms index lists them (kinds.py)
KINDS: dict[str, str] = {k.name: k.form.title for k in kinds.REGISTRY if k.form}
# Path keys the query string may fix; each becomes a path placeholder and a record field.
PATH_KEYS = tuple(name for name, key in kinds.KEYS.items() if not key.prefix)


def to_script(data: Any) -> Markup:
    """JSON safe inside a <script> element: no '</script>' or '<!--' can close it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def path_template(kind: str) -> str:
    """``people/{person}/{fy}/agreement.yaml``: layout.path_for with placeholders."""
    return path_for(kind, **{key: "{" + key + "}" for key in PATH_KEYS})


def _form(kind: str) -> WebForm:
    """The kind's form entry; a kind without a form page here is a programming error."""
    form = kinds.of(kind).form
    if form is None:
        raise ValueError(f"record kind {kind!r} has no form page")
    return form


def identity(kind: str) -> list[list[str]]:
    """[[record field, path key]]: which fields repeat an id of the record's path."""
    return [[fieldname, key] for fieldname, key in kinds.of(kind).identity]


# --- narrowing the schemas by the forms files ----------------------------------------------


def _keyed(node: dict, items: list[tuple[str, str]], value: dict) -> None:
    """A map keyed by indicator codes becomes an object with exactly those properties."""
    node["properties"] = {
        code: {**copy.deepcopy(value), "title": f"{code} {title}"} for code, title in items
    }
    node["required"] = [code for code, _ in items]
    node["propertyNames"] = {"enum": [code for code, _ in items]}
    node["additionalProperties"] = False


def agreement_schema(site: Site, form) -> dict:
    schema = copy.deepcopy(site.project.schemas["agreement"])
    props = schema["properties"]
    # the form is shown by its name (PA 1/ส …), never by its id
    props["form"] = {**props["form"], "const": form.id, "default": form.id}
    props["form"]["x-labels"] = {form.id: f"{form.code} {form.title}"}
    grouped = schema["$defs"]["by_group"]
    if form.target_groups:
        group = {k: v for k, v in grouped.items() if k not in ("minLength", "maxLength")}
        group["type"] = "object"
    else:
        group = {"$ref": "#/$defs/text"}
    entry = copy.deepcopy(props["part1"]["additionalProperties"])
    for key in ("outcomes", "indicators"):
        entry["properties"][key] = {**entry["properties"][key], "$ref": "#/$defs/form_group"}
    schema["$defs"]["form_group"] = group
    items = [(i.code, i.title) for i in form.indicators]
    _keyed(props["part1"], items, entry)
    props["challenges"] = {
        **props["challenges"],
        "minItems": form.challenges,
        "maxItems": form.challenges,
    }
    # each indicator and challenge is a section the reader opens and closes (a phone shows
    # fifteen short lines, not fifteen screens)
    props["part1"]["x-collapse"] = props["challenges"]["x-collapse"] = True
    by = props["approval"]["properties"]["by"]
    by["x-labels"] = approvers(site)  # a choice of names, not an id to type
    by["description"] = "ผู้บังคับบัญชาที่พิจารณาข้อตกลง"
    return schema


APPROVING = ("school-director", "deputy-director", "esa-director")


def approvers(site: Site) -> dict[str, str]:
    """Who may approve an agreement, id → name: directors, and anyone who already has."""
    ids = {p.id for p in site.model.people.values() if p.position in APPROVING}
    ids |= {a.approved_by for a in site.model.agreements.values() if a.approved_by}
    return {i: site.name_of(i) for i in site.by_name(ids)}


def person_schema(site: Site) -> dict:
    """The person form: the school chosen by its Thai name, not typed as an id."""
    schema = copy.deepcopy(site.project.schemas["person"])
    school = schema["properties"]["school"]
    names = {s.id: s.name for s in site.model.schools.values()}
    school["x-labels"] = dict(sorted(names.items(), key=lambda kv: kv[1]))
    school["description"] = "โรงเรียนที่สังกัด (เว้นว่างสำหรับบุคลากรของสำนักงานเขต)"
    return schema


def evaluation_schema(site: Site, form) -> dict:
    schema = copy.deepcopy(site.project.schemas["evaluation"])
    part1 = schema["properties"]["part1"]
    _keyed(part1, [(i.code, i.title) for i in form.indicators], part1["additionalProperties"])
    for key in ("amends", "reason"):  # amendments are written by HR, not by this form
        schema["properties"].pop(key, None)
    schema["$defs"]["level"]["x-labels"] = {
        str(level): f"{level} {title}" for level, title in site.forms.pa2.levels.items()
    }
    return schema


def induction_schema(site: Site) -> dict:
    schema = copy.deepcopy(site.project.schemas["induction"])
    value = schema["$defs"]["scores"]["additionalProperties"]
    for aspect in site.forms.induction.aspects:
        node = copy.deepcopy(schema["$defs"]["scores"])
        items = [(i.code, f"{i.title} (เต็ม {i.max:g})") for i in aspect.items]
        _keyed(node, items, value)
        for item in aspect.items:
            node["properties"][item.code]["maximum"] = item.max
        schema["properties"][aspect.code] = {**schema["properties"][aspect.code], **node}
        schema["properties"][aspect.code].pop("$ref", None)
    return schema


def progress_schema(site: Site, form) -> dict:
    schema = copy.deepcopy(site.project.schemas["progress"])
    entry = schema["properties"]["entries"]["items"]["properties"]["indicator"]
    codes = [i.code for i in form.indicators]
    challenges = [f"challenge-{n}" for n in range(1, form.challenges + 1)]
    entry["enum"] = codes + challenges
    entry["x-labels"] = {i.code: f"{i.code} {i.title}" for i in form.indicators} | {
        c: f"ประเด็นท้าทายข้อ {c.split('-')[1]}" for c in challenges
    }
    return schema


def review_schema(site: Site, form) -> dict:
    schema = copy.deepcopy(site.project.schemas["review"])
    comments = schema["properties"]["comments"]
    _keyed(comments, [(i.code, i.title) for i in form.indicators], comments["additionalProperties"])
    comments["required"] = []  # a comment per indicator is optional
    return schema


def _grants(site: Site, kind: str, action: str) -> tuple[Grant, ...]:
    path = site.project.schemas_dir / "access" / "policy.yaml"
    if not path.is_file():
        return ()
    # read once per build: every form kind asks, some twice
    policy = site.model.memo(
        ("access_policy", str(path)), lambda: load_policy(path.read_bytes(), str(path))
    )
    return tuple(policy.kinds[kind].grants.get(action, ())) if kind in policy.kinds else ()


def author_grant(site: Site, kind: str) -> Grant | None:
    """The access policy's grant for whoever fills in this kind's form: the first role the
    policy lets create the record (the subject for a PA 1, the member for a PA 2), so a
    field the policy keeps from that role (a director's approval, a member's final flag
    if the office so decides) leaves the form with no code naming it."""
    grants = _grants(site, kind, "create")
    author = _form(kind).author  # the registry may name the role; else the first one
    return next((g for g in grants if author in (None, g.role)), None)


def reviewer_grants(site: Site, kind: str) -> list[Grant]:
    """The other roles the policy lets change a record only in some fields (the director
    who approves a PA 1: its status and approval): each gets its own form, opened with
    ``?as=<role>`` on an existing record. Roles with no limit use the author's form."""
    author = author_grant(site, kind)
    return [
        g
        for g in _grants(site, kind, "change")
        if g.only_fields is not None and (author is None or g.role != author.role)
    ]


def _kept_value(node: dict, schema: dict, required: bool) -> Any:
    """What a new record holds in a field its author may not set: the schema's default,
    false for a required flag, else nothing (None)."""
    node = resolve(node, schema)
    if "default" in node:
        return node["default"]
    return False if required and node.get("type") == "boolean" else None


def for_author(schema: dict, grant: Grant | None) -> dict:
    """Only the fields and statuses the author may set: a teacher's PA 1 form has no
    director's approval and no "approved" status (the policy's except_fields/statuses).
    The fields taken out are listed in ``x-kept`` (name → value for a new record): the
    form writes them as they stand in the record it started from, so a returned PA 1
    keeps the director's approval and a required flag keeps its default."""
    if grant is None:
        return schema
    props = schema["properties"]
    removed = [n for n in props if n in grant.except_fields]
    if grant.only_fields is not None:
        removed += [n for n in props if n not in grant.only_fields and n not in removed]
    needed = set(schema.get("required", ()))
    if removed:
        schema["x-kept"] = {n: _kept_value(props[n], schema, n in needed) for n in removed}
    for name in removed:
        props.pop(name)
    if grant.only_fields is not None:  # what a limited role comes to set, it must set
        schema["required"] = [*schema.get("required", ()), *(n for n in props if n not in needed)]
    if grant.statuses is not None and "status" in props:
        status = copy.deepcopy(resolve(props["status"], schema))
        status["enum"] = [v for v in status.get("enum", ()) if v in grant.statuses]
        labels = status.get("x-labels", {})
        if labels:  # the hint names only the statuses this role may choose
            status["description"] = " หรือ ".join(labels.get(v, v) for v in status["enum"])
        props["status"] = {k: v for k, v in {**props["status"], **status}.items() if k != "$ref"}
    schema["required"] = [r for r in schema.get("required", ()) if r in props]
    return schema


_TRUE = re.compile(r"\btrue\s*")
_FALSE = re.compile(r"\bfalse\s*")


def plain_words(node: Any) -> Any:
    """A checkbox's hint says "ticked", not the file's ``true``/``false`` (a teacher reads
    the form, not the file); everything else is left as the schema says it."""
    if isinstance(node, dict):
        out = {k: plain_words(v) for k, v in node.items()}
        if out.get("type") == "boolean" and isinstance(out.get("description"), str):
            text = _FALSE.sub("ไม่เลือก", out["description"])
            out["description"] = _TRUE.sub("เลือก", text)
        return out
    if isinstance(node, list):
        return [plain_words(v) for v in node]
    return node


def variants(site: Site, kind: str) -> dict[str, dict]:
    """Form schemas by agreement form id ('*' when the kind has a single one), narrowed to
    what the form's author may set (the access policy)."""
    return for_grant(site, kind, author_grant(site, kind))


def for_grant(site: Site, kind: str, grant: Grant | None) -> dict[str, dict]:
    return {
        key: plain_words(for_author(schema, grant)) for key, schema in _variants(site, kind).items()
    }


def role_variants(site: Site, kind: str) -> dict[str, dict[str, dict]]:
    """role → its form schemas (as ``variants``), for the roles of ``reviewer_grants``.
    The application form keeps its own status workflow, so it has none."""
    if kind == "application":
        return {}
    return {g.role: for_grant(site, kind, g) for g in reviewer_grants(site, kind)}


def _variants(site: Site, kind: str) -> dict[str, dict]:
    forms = site.forms.agreement_forms.values()
    match kind:
        case "agreement":
            return {f.id: agreement_schema(site, f) for f in forms}
        case "evaluation":
            return {f.id: evaluation_schema(site, f) for f in forms}
        case "progress":
            return {f.id: progress_schema(site, f) for f in forms}
        case "review":
            return {f.id: review_schema(site, f) for f in forms}
        case "induction":
            return {"*": induction_schema(site)}
        case "person":
            return {"*": person_schema(site)}
    return {"*": copy.deepcopy(site.project.schemas[kind])}


# --- what each page and person carries -----------------------------------------------------


def fraction_text(value) -> str:
    """A weight or a pass mark as the exact fraction its decimal text says ("141/2" for
    70.5): the page's running total compares exactly, as the engine does."""
    return str(exact(value))


def scoring(site: Site) -> dict:
    """The PA 2 rules the running total needs, as the engine reads them (forms/pa2.yaml)."""
    pa2 = site.forms.pa2
    return {
        "max_level": pa2.max_level,
        "part1_weight": fraction_text(pa2.part1_weight),
        "part2": [
            {"key": p.key, "title": p.title, "weight": fraction_text(p.weight)} for p in pa2.part2
        ],
        "levels": {str(k): v for k, v in pa2.levels.items()},
        "pass_percent": fraction_text(_office(site).rules.pass_percent),
        "expected_levels": dict(site.forms.expected_levels),
        "standing_labels": site.standing_labels,
    }


def induction_scoring(site: Site) -> dict:
    """What the ว26 form's running summary needs (forms/induction-w26.yaml): each aspect's
    full marks and the pass mark of each evaluation, as exact fractions."""
    form = site.forms.induction
    return {
        "aspects": [
            {
                "code": a.code,
                "title": a.title,
                "max": fraction_text(sum((exact(i.max or 0) for i in a.items), exact(0))),
            }
            for a in form.aspects
        ],
        "pass_percent": [fraction_text(p) for p in form.pass_percent],
    }


def workflow(site: Site) -> dict:
    flow = site.forms.workflow
    return {
        "start": list(flow.start),
        "statuses": {
            key: {"title": s.title, "next": list(s.next), "needs_reason": s.needs_reason}
            for key, s in flow.statuses.items()
        },
    }


def committee_key(committee) -> str:
    """``2570/pa-school-a``: a committee's path without folder and suffix (ids are per year)."""
    return committee.path.removeprefix("committees/").removesuffix(".yaml")


def committees(site: Site, kind: str) -> dict[str, list[dict]]:
    """The members, named, of every committee of a form's kind (the induction form's are
    the induction committees, the others' the PA ones): the choices of its member field."""
    wanted = "induction" if kind == "induction" else "pa"
    return {
        committee_key(c): [
            {"id": m.person, "name": site.name_of(m.person), "role": m.role} for m in c.members
        ]
        for c in site.model.committees
        if c.kind == wanted
    }


def applications(site: Site) -> dict[str, str]:
    """Application id → its person: whose file carries it, and which ids are taken (of the
    people in the build: a school's build knows only its own; CI still refuses a clash)."""
    return {
        str(r.ref.get("id")): str(r.data.get("person"))
        for r in (site.corpus.records if site.corpus else ())
        if r.kind == "application"
        and isinstance(r.data, dict)
        and str(r.data.get("person")) in site.model.people
    }


def page_data(site: Site, kind: str) -> dict:
    office = _office(site)
    record = site.corpus.office if site.corpus else None
    settings = record.data if record else {}
    data: dict[str, Any] = {
        "kind": kind,
        "title": KINDS[kind],
        "schema": site.project.schemas[kind],
        "variants": variants(site, kind),
        "roles": role_variants(site, kind),
        "form_of_position": {
            p: f.id for f in site.forms.agreement_forms.values() for p in f.positions
        },
        "position_labels": dict(site.position_labels),
        "path": path_template(kind),
        "identity": identity(kind),
        "repository": settings.get("repository"),
        "branch": str(settings.get("default_branch", "main")),
        "office": office.short_name,
        "fiscal_year": site.fiscal_year,
        "round": site.round.round,
    }
    if "{member}" in data["path"]:
        data["committees"] = committees(site, kind)
    if kind == "evaluation":
        data["scoring"] = scoring(site)
    if kind == "induction":
        data["induction"] = induction_scoring(site)
    if kind == "application":
        data["workflow"] = workflow(site)
        data["applications"] = applications(site)
    return data


def _office(site: Site) -> Office:
    """The office; a site is only built from records whose office file loaded."""
    office = site.model.office
    assert office is not None, "no office record"
    return office


def locked_reason(site: Site, record) -> str | None:
    """Why no form starts from this record: 'final' (never edited again, DOMAIN §5) or
    'past' (older than last fiscal year; keeps the output small), else None."""
    flag = _form(record.kind).final if record.kind in KINDS else None
    if flag and record.data.get(flag):
        return "final"
    fy = record.ref.get("fy")
    if fy is not None and fy < site.fiscal_year - 1:
        return "past"
    return None


def editable(site: Site) -> Iterator[tuple[str, dict]]:
    """(path, data) of every record a form may start from; the others are locked."""
    for record in site.corpus.records if site.corpus else ():
        if record.kind in KINDS and locked_reason(site, record) is None:
            yield record.path, record.data


def _records_of(site: Site, person: str) -> tuple[dict[str, Any], dict[str, str]]:
    """({path: data} a form may start from, {path: reason} of the locked ones) of the
    records in the person's file."""
    records, locked = {}, {}
    owned = site.corpus.owned().get(person, ()) if site.corpus else ()
    for record in owned:
        if record.kind not in KINDS:
            continue
        reason = locked_reason(site, record)
        if reason:
            locked[record.path] = reason
        else:
            records[record.path] = record.data
    return records, locked


def _committees_by_person(site: Site) -> dict[str, dict[str, str]]:
    """person → {fiscal year or 'induction': key of the committee that assesses them}."""
    out: dict[str, dict[str, str]] = {}
    for committee in site.model.committees:
        key = "induction" if committee.kind == "induction" else str(committee.fiscal_year)
        for person in committee.assessees:
            out.setdefault(person, {})[key] = committee_key(committee)
    return out


def person_file(site: Site, person, committees: dict) -> bytes:
    """One person's ``forms/people/<id>.json``: who they are, their committees (keys of
    the page's ``committees``), their locked paths, their editable records by path."""
    records, locked = _records_of(site, person.id)
    return compact_json(
        {
            "id": person.id,
            "name": person.name,
            "position": person.position,
            "standing": person.standing,
            "committees": committees,
            "locked": locked,
            "records": records,
        }
    )


def form_pages(site: Site):
    """The forms index, one page per kind, and one JSON file per person the pages fetch."""
    yield Page("forms/index.md", "forms/index.md", "แบบฟอร์มออนไลน์", {"kinds": KINDS}, in_nav=True)
    for kind, title in KINDS.items():
        yield Page(
            f"forms/{kind}.md", "forms/form.md", title, {"data": to_script(page_data(site, kind))}
        )
    assigned = _committees_by_person(site)
    for person in site.people:
        # made only when an incremental build cannot reuse last build's file (reuse.py);
        # ``about``: whose records it holds (committee members' names come with them)
        make = functools.partial(person_file, site, person, assigned.get(person.id, {}))
        yield Download(f"forms/people/{person.id}.json", make, about=(person.id,))
