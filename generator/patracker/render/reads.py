"""What a page read while it rendered: the records and look-ups behind it (issue 20).

An incremental build reuses a page when nothing it read has changed. Rather than a table
of what each kind of page shows, the look-ups record what they read while a page renders
(``recording``): a *token* per input, which ``build.reuse`` turns into a fingerprint of
that input as it is now. The tokens:

- ``person/<id>``: everything in the person's folder and the applications they made;
- ``name/<id>``: only their name (a committee member named on someone else's page);
- ``school/<id>``: who belongs to the school (a school page lists them);
- ``history/<id>`` and ``history/state``: their changes in Git, and whether the history is
  complete; ``history/*``: the history as a whole (always rendered again);
- ``reminders/<id>``: the reminders sent to them; ``logins``, ``editors``: who is behind
  a GitHub login or a commit; ``everyone``: every person's records.

Everything else a page may read (code, templates, schemas, the office's shared records,
the date) is in every page's key already (``reuse.shared_key``). Templates see the site
through ``SiteView``, which records what the ``Site`` look-ups do not record themselves:
the model's maps by person, the history, and — for any look-up it does not know —
``everyone``, so that a new look-up is never missed, at worst read too widely.

A page also collects the lists of people it links to (``listed``): a page rendered in a
forked worker, or reused from the last build, still gets its lists built.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .output import PeopleList

EVERYONE = "everyone"
HISTORY_ALL = "history/*"
HISTORY_STATE = "history/state"


@dataclass
class Reading:
    """What one page read (``tokens``) and the lists of people it links to."""

    tokens: set[str] = field(default_factory=set)
    lists: dict[str, PeopleList] = field(default_factory=dict)


_current: Reading | None = None


@contextlib.contextmanager
def recording() -> Iterator[Reading]:
    """Record what is read until the block ends (a page's rendering)."""
    global _current
    outer, _current = _current, Reading()
    try:
        yield _current
    finally:
        _current = outer


def read(*tokens: str) -> None:
    if _current is not None:
        _current.tokens.update(tokens)


def listed(people_list: PeopleList) -> None:
    if _current is not None:
        _current.lists[people_list.slug] = people_list


def person(person_id: object) -> str:
    return f"person/{person_id}"


def people(ids: Iterable[object]) -> list[str]:
    return [f"person/{i}" for i in ids]


def of_path(path: str) -> list[str]:
    """A record read by its path: a person's folder, an application (anyone's), or shared."""
    if path.startswith("people/"):
        return [person(path.split("/", 2)[1])]
    return [EVERYONE] if path.startswith("applications/") else []


class Shared:
    """Bytes that ``uses`` items are made from (a person's print data, written as JSON and as
    a script): made once, and each item still records what making them read. Kept only
    until the last of them is made, so an office's worth is never held at once."""

    def __init__(self, make: Callable[[], bytes], uses: int) -> None:
        self._make, self._left = make, uses
        self._made: tuple[bytes, frozenset[str]] | None = None

    def __call__(self) -> bytes:
        if self._made is None:
            with recording() as reading:
                made = self._make()
            self._made = made, frozenset(reading.tokens)
        made, tokens = self._made
        read(*tokens)
        self._left -= 1
        if self._left <= 0:
            self._made = None
        return made


F = TypeVar("F", bound=Callable[..., Any])


def reads(tokens: Callable[..., Iterable[str]]) -> Callable[[F], F]:
    """Mark a look-up with what it reads: ``tokens(site, *args)``, recorded on each call
    while a page renders (nothing is worked out otherwise)."""

    def mark(look_up: F) -> F:
        @functools.wraps(look_up)
        def recorded(*args, **kwargs):
            if _current is not None:
                _current.tokens.update(tokens(*args, **kwargs))
            return look_up(*args, **kwargs)

        recorded.__reads__ = True  # type: ignore[attr-defined]
        return recorded  # type: ignore[return-value]

    return mark


def of_person(_site, person_id, *_args, **_kwargs) -> list[str]:
    """The look-up reads the records of the person it is asked about."""
    return [person(person_id)]


def of_tasks(_site, tasks, *_args, **_kwargs) -> list[str]:
    return people({t.person for t in tasks})


def by_person(found: Mapping, how: Callable[[Any], Iterable[str]] | None = None) -> Mapping:
    """``found``, a map by person (or by a key that starts with one), recording the person of
    each key looked up while a page renders; iterating it reads everyone."""
    return PersonMap(found, how) if _current is not None else found


class PersonMap(Mapping):
    def __init__(self, found: Mapping, how: Callable[[Any], Iterable[str]] | None = None):
        self._found, self._how = found, how or _key_person

    def __getitem__(self, key):
        read(*self._how(key))
        return self._found[key]

    def __contains__(self, key) -> bool:
        read(*self._how(key))
        return key in self._found

    def get(self, key, default=None):
        read(*self._how(key))
        return self._found.get(key, default)

    def __iter__(self):
        read(EVERYONE)
        return iter(self._found)

    def __len__(self) -> int:
        read(EVERYONE)
        return len(self._found)

    def keys(self):
        read(EVERYONE)
        return self._found.keys()

    def values(self):
        read(EVERYONE)
        return self._found.values()

    def items(self):
        read(EVERYONE)
        return self._found.items()


def _key_person(key) -> list[str]:
    return [person(key[0] if isinstance(key, tuple) else key)]


def _school(model) -> Callable[[Any], list[str]]:
    def how(school) -> list[str]:
        return [f"school/{school}", *people(p.id for p in model.people_by_school.get(school, ()))]

    return how


# --- what templates see ----------------------------------------------------------------------

# Site attributes that read nothing of anyone's records beyond the shared inputs (labels,
# dates, the round, the office's committees and schools, the forms, links checked), or read
# them only through look-ups that record it themselves (``names``, ``by_name``).
PLAIN = frozenset(
    {
        "names",
        "by_name",
        "project",
        "as_of",
        "audience",
        "forms",
        "position_labels",
        "position_names",
        "standing_labels",
        "agreement_labels",
        "status_titles",
        "expected_level",
        "round",
        "fiscal_year",
        "rounds",
        "finished_rounds",
        "last_finished",
        "rounds_of",
        "school_name",
        "schools",
        "review_labels",
        "role_labels",
        "cell",
        "committees_of",
        "broken_links",
        "personal_link",
        "people_list",
        "lists",
        "warnings",
        "office",
    }
)
# model maps by person (or by a key that starts with one); the rest of the model that is
# built from shared records only
MODEL_BY_PERSON = frozenset(
    {"people", "agreements", "progress", "reviews_of", "evaluations_of", "induction_of"}
)
MODEL_SHARED = frozenset(
    {"office", "schools", "committees", "pa_committee_of", "induction_committee_of", "surveys"}
)


class Recorded:
    """An object as a bulk page's template sees it: its look-ups marked with what they
    read (``reads``) record it themselves; the names in ``plain`` read only shared inputs,
    those in ``maps`` are maps by person (with how a key's look-up reads, when it reads
    more than that person's records); any other name is read as everyone's records, so a
    new look-up is never missed. A view model (render/views) declares its ``PLAIN`` and
    ``PERSON_MAPS`` on its class."""

    def __init__(self, target: object, plain: frozenset[str] | None = None) -> None:
        self._target = target
        self._plain = getattr(type(target), "PLAIN", frozenset()) if plain is None else plain
        self._maps: Mapping = getattr(type(target), "PERSON_MAPS", {})

    def _special(self, name: str):
        """A value seen through a recording view of its own (None: none)."""
        return None

    def __getattr__(self, name: str):
        target = self._target
        value = getattr(target, name)
        special = self._special(name)
        if special is not None:
            value = special
        elif name in self._maps:  # a map by person: what each key looked up is about
            how = self._maps[name]
            value = PersonMap(value, None if how is None else functools.partial(how, target))
        elif name not in self._plain and not getattr(value, "__reads__", False):
            read(EVERYONE)  # unknown to this module: read as everyone's
            return value
        setattr(self, name, value)  # the next look-up of the name skips __getattr__
        return value


class SiteView(Recorded):
    """The ``Site`` as templates see it: every look-up records what it reads (see above);
    its model and history through views that record which part is read."""

    def __init__(self, site) -> None:
        super().__init__(site, PLAIN)

    def _special(self, name: str):
        if name == "model":
            return ModelView(self._target.model)  # type: ignore[attr-defined]
        if name == "history":
            return HistoryView(self._target)
        return None


class ModelView:
    def __init__(self, model) -> None:
        self._model = model

    def __getattr__(self, name: str):
        value = getattr(self._model, name)
        if name in MODEL_BY_PERSON or name == "applications_of":
            value = PersonMap(value)
        elif name == "people_by_school":
            value = PersonMap(value, _school(self._model))
        elif name not in MODEL_SHARED:
            read(EVERYONE)
            return value
        setattr(self, name, value)
        return value


def history_of(site):
    """The site's Git history, seen through ``HistoryView`` while a page renders."""
    return HistoryView(site) if _current is not None else site.history


class HistoryView:
    """The Git history: a person's changes, whether it is complete, or (anything else) all
    of it, which no key covers: such a page is rendered every time."""

    def __init__(self, site) -> None:
        self._site = site

    def for_person(self, person_id: str):
        read(f"history/{person_id}")
        return self._site.history.for_person(person_id)

    @property
    def complete(self) -> bool:
        read(HISTORY_STATE)
        return self._site.history.complete

    @property
    def notice_th(self):
        read(HISTORY_STATE)
        return self._site.history.notice_th

    def __getattr__(self, name: str):
        read(HISTORY_ALL)
        return getattr(self._site.history, name)
