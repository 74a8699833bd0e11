"""Look-ups shared by the cross-file checks, built once from the corpus.

Each look-up has a *state* (``Context.state``): a digest of the records it is made from.
A rule that checks one record at a time against unchanged look-ups finds what it found
before, which is how ``validate`` re-checks only what an edit can change.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .. import kinds
from ..corpus import Corpus, Record
from ..fiscal import fiscal_year_span  # noqa: F401  (rules import it from here)
from ..forms import Forms
from ..layout import classify
from ..schemas import SchemaSet


@dataclass(frozen=True, slots=True)
class Round:
    fiscal_year: int
    round: int
    start: dt.date
    end: dt.date


@dataclass
class Context:
    corpus: Corpus
    forms: Forms
    schemas: SchemaSet
    people: dict[str, Record] = field(init=False)
    schools: dict[str, Record] = field(init=False)
    _states: dict[str, str] = field(init=False, default_factory=dict)  # look-up → state
    _ids: dict[str, dict[str, Record]] = field(init=False, default_factory=dict)  # kind → ids

    def __post_init__(self) -> None:
        self.people = self.ids("person")
        self.schools = self.ids("school")

    def ids(self, kind: str) -> dict[str, Record]:
        """The records of ``kind`` by the id other records name them by (the registry's
        ``key``: a person by the folder, a school by the file name)."""
        if kind not in self._ids:
            key = kinds.of(kind).key
            if key is None:
                raise ValueError(f"records of kind {kind!r} are not named by others")
            self._ids[kind] = self.corpus.index(kind, key)
        return self._ids[kind]

    def of(self, kind: str) -> list[Record]:
        """The records of ``kind`` that passed their schema: the ones rules may read."""
        return [r for r in self.corpus.of(kind) if r.sound]

    def unsound(self, kind: str) -> bool:
        """Whether some record of ``kind`` failed its schema (so look-ups in it are unsure)."""
        return kind in self._unsound_kinds

    @cached_property
    def _unsound_kinds(self) -> frozenset[str]:
        failed = {kind for kind, _ in self.failed}
        return frozenset({r.kind for r in self.corpus.records if not r.sound} | failed)

    @cached_property
    def failed(self) -> frozenset[tuple[str, object]]:
        """(kind, id) of the record files that could not be loaded at all (a YAML error):
        their own problem says why, so what other files say about the missing record —
        "no such person", "no approved agreement" — would only mislead. The id is the
        person or school id, or (person, fiscal year) for an agreement."""
        loaded = {r.path for r in self.corpus.records}
        out = set()
        for found in self.corpus.problems:
            ref = classify(found.file) if found.file not in loaded else None
            if ref is not None and found.is_error:
                keys = ref.keys
                key: object = (
                    (keys["person"], keys["fy"])
                    if ref.kind == "agreement"
                    else keys.get("id") or keys.get("person")
                )
                out.add((ref.kind, key))
        return frozenset(out)

    @cached_property
    def office(self) -> dict:
        record = self.corpus.office
        return record.data if record and record.sound else {}

    @cached_property
    def rounds(self) -> dict[tuple[int, int], Round]:
        out = {}
        for year in self.office.get("fiscal_years", ()):
            for rnd in year.get("rounds", ()):
                try:
                    start, end = (
                        dt.date.fromisoformat(rnd["start"]),
                        dt.date.fromisoformat(rnd["end"]),
                    )
                except (KeyError, TypeError, ValueError):
                    continue
                if end < start:
                    continue  # reported on the office file (PA412); no date can be inside it
                out[(year["year"], rnd["round"])] = Round(year["year"], rnd["round"], start, end)
        return out

    @cached_property
    def committees_of(self) -> dict[tuple[int, str, str], list[Record]]:
        """(fiscal year, kind, assessee) → the committees that assess that person."""
        out: dict[tuple[int, str, str], list[Record]] = defaultdict(list)
        for record in self.of("committee"):
            data = record.data
            for person in data.get("assessees", ()):
                # the year of the folder, like every other record (PA203 reports a mismatch)
                out[(int(record.ref["fy"]), str(data["kind"]), person)].append(record)
        return out

    @cached_property
    def induction_members(self) -> dict[str, set[str]]:
        """Assistant teacher → everyone on any induction committee that assesses them."""
        out: dict[str, set[str]] = defaultdict(set)
        for (_, kind, person), records in self.committees_of.items():
            if kind == "induction":
                for record in records:
                    out[person].update(m.get("person") for m in record.data.get("members", ()))
        return out

    def members(self, fiscal_year: int, person: str) -> set[str] | None:
        """The PA committee members of ``person`` in a year, or None when no committee has them."""
        return self._members.get((fiscal_year, person))

    @cached_property
    def _members(self) -> dict[tuple[int, str], set[str]]:
        return {
            (fy, person): {m.get("person") for r in records for m in r.data.get("members", ())}
            for (fy, kind, person), records in self.committees_of.items()
            if kind == "pa" and records
        }

    @cached_property
    def agreements(self) -> dict[tuple[str, int], Record]:
        return {(str(r.ref["person"]), int(r.ref["fy"])): r for r in self.corpus.of("agreement")}

    @cached_property
    def evaluations(self) -> dict[str, Record]:
        """Every PA 2 by path, sound or not (an amendment names the one it amends)."""
        return {r.path: r for r in self.corpus.of("evaluation")}

    def position(self, person: str) -> str | None:
        return self._positions.get(person)

    @cached_property
    def _positions(self) -> dict[str, str | None]:
        """Person → position, for people whose file passed its schema."""
        return {p: r.data.get("position") for p, r in self.people.items() if r.sound}

    def form_of(self, person: str):
        position = self.position(person)
        return self.forms.form_for(position) if position else None

    # --- states: what each look-up is made from -------------------------------------------

    def state(self, lookup: str) -> str:
        """A digest of what the look-up ``lookup`` is made from (``STATES`` names them)."""
        found = self._states.get(lookup)
        if found is None:
            parts = STATES[lookup](self)
            found = self._states[lookup] = hashlib.sha1(repr(parts).encode()).hexdigest()
        return found

    def _files(self, kind: str) -> list[tuple[str, str | None, bool]]:
        blobs = self.corpus.blobs
        return [(r.path, blobs.get(r.path), r.sound) for r in self.corpus.of(kind)]


# look-up → what it is made from; a rule's ``reads`` name these (validate/rules.py)
STATES = {
    "positions": lambda ctx: sorted(ctx._positions.items()),  # position, form_of
    "committees": lambda ctx: ctx._files("committee"),  # committees_of, members, unsound
    "agreements": lambda ctx: ctx._files("agreement"),
    "evaluations": lambda ctx: ctx._files("evaluation"),
    "office": lambda ctx: ctx._files("office"),  # office, rounds
}


class Focus:
    """A context whose ``of`` gives only the records at ``paths``: a rule run on it checks
    just those, looking everything else up in the whole office as usual."""

    def __init__(self, ctx: Context, paths: set[str]):
        self._ctx, self._paths = ctx, paths

    def of(self, kind: str) -> list[Record]:
        return [r for r in self._ctx.of(kind) if r.path in self._paths]

    def __getattr__(self, name: str):
        return getattr(self._ctx, name)
