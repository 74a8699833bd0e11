"""Who reads which build (DOMAIN.md §11): the audiences as data, and what each may hold.

``schemas/audiences/audiences.yaml`` names each audience, its scope (everyone, one school, one
person, no one), the page builders it has, what of people outside its scope may appear
(``others``) and who may read it. This module is the one place those rules are applied:
the build asks it for the model of a scope and the pages of an audience, ``audit-site``
for what a build may contain, ``access-rules`` for who reads what.

Decision (issue 24): a school's and a person's build name the committee members who
evaluate someone in scope and the office's HR officers, who act on their applications
(``others: evaluators``) — the regulation (ว9/2564) lets the assessee know her committee,
and a school must chase its teachers' evaluators — but never their contact details, birth
date, pages or records.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from .messages import coded
from .project import SOURCE_ROOT
from .schemas import check_document

FILE = SOURCE_ROOT / "schemas" / "audiences" / "audiences.yaml"
SCHEMA = SOURCE_ROOT / "schemas" / "audiences" / "audiences.schema.json"


class AudienceError(Exception):
    """An unknown audience or a broken audiences file; the message is Thai and English."""


@dataclass(frozen=True)
class Audience:
    name: str
    title: str
    scope: str  # office | school | person | aggregates
    pages: tuple[str, ...] | None  # None: every builder
    others: str  # all | evaluators | none
    readers: tuple[str, ...]
    noindex: bool
    aliases: tuple[str, ...] = ()


@functools.cache
def load(path: Path = FILE) -> dict[str, Audience]:
    """Every audience by name and by alias; a broken file is an ``AudienceError``."""
    import json

    text = path.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    _, problems = check_document(schema, raw, str(path))
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise AudienceError(coded("PA942", path=path, detail=lines))
    out: dict[str, Audience] = {}
    for name, spec in raw["audiences"].items():
        found = Audience(
            name=name,
            title=spec["title"],
            scope=spec["scope"],
            pages=None if spec["pages"] == "all" else tuple(spec["pages"]),
            others=spec["others"],
            readers=tuple(spec["readers"]),
            noindex=spec["noindex"],
            aliases=tuple(spec.get("aliases", ())),
        )
        for key in (name, *found.aliases):
            out[key] = found
    return out


def get(name: str) -> Audience:
    """The audience called ``name`` (or one of its aliases)."""
    known = load()
    if name not in known:
        raise AudienceError(coded("PA941", name=name, known=", ".join(sorted(known))))
    return known[name]


def names() -> tuple[str, ...]:
    return tuple(load())


# --- scopes: the model a school's or a person's build is made from -----------------------


def school_people(model, school_id: str) -> frozenset[str]:
    return frozenset(p.id for p in model.people_by_school.get(school_id, ()))


def scoped_model(model, people: frozenset[str]):
    """The model holding only ``people`` and their records: committees keep only these
    assessees (their members stay, named through ``outside_names``), and a committee none
    of them is assessed by is dropped."""
    committees = tuple(
        dataclasses.replace(c, assessees=tuple(a for a in c.assessees if a in people))
        for c in model.committees
        if any(a in people for a in c.assessees)
    )
    return dataclasses.replace(
        model,
        people={k: v for k, v in model.people.items() if k in people},
        schools={
            k: v for k, v in model.schools.items() if any(p.school == k for p in _in(model, people))
        },
        agreements={k: v for k, v in model.agreements.items() if k[0] in people},
        progress={k: v for k, v in model.progress.items() if k[0] in people},
        reviews=tuple(r for r in model.reviews if r.person in people),
        evaluations=tuple(e for e in model.evaluations if e.person in people),
        induction=tuple(e for e in model.induction if e.person in people),
        committees=committees,
        applications=tuple(a for a in model.applications if a.person in people),
        _index={},
    )


def _in(model, people: frozenset[str]):
    return (model.people[p] for p in people if p in model.people)


def evaluators(model, people: frozenset[str]) -> frozenset[str]:
    """Who sits on a committee assessing any of ``people`` (any year, any kind), and the
    office's HR officers (they decide applications)."""
    members = {
        m.person
        for c in model.committees
        if any(a in people for a in c.assessees)
        for m in c.members
    }
    return frozenset(members | set(model.office.hr if model.office else ()))


def outside_names(model, people: frozenset[str]) -> dict[str, str]:
    """The names a scoped build may show of people outside it: their evaluators'."""
    return {
        p: model.people[p].name for p in evaluators(model, people) - people if p in model.people
    }


def allowed(audience: Audience, model, people: frozenset[str]) -> tuple[frozenset, frozenset]:
    """(whose every detail a build of ``people`` may show, whose name and id only)."""
    if audience.others == "all":
        return frozenset(model.people), frozenset()
    if audience.others == "none":
        return frozenset(), frozenset()
    return people, evaluators(model, people) - people
