"""The import plan: which records a roster creates, changes, leaves alone, or lists as left.

People are matched to existing records before any id is generated, so a re-import never
creates a twin and a person keeps their id for life:

1. same name (without title) and same school;
2. otherwise the same name in exactly one record that no row claimed (the person moved);
3. otherwise they are new and get a fresh id.

Nobody is ever deleted. People of the roster's schools whom no row names are listed as
"left" for the officer to handle (set ``left:`` by hand); people of other schools are not
listed, so an office may import one school's roster at a time.

A roster creates schools it names that are not recorded yet, but never changes a recorded
one: a district that differs (``ดอนสะอาด`` is the same as ``อำเภอดอนสะอาด``) is reported as a
warning naming the school file to edit, and the school is left as it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..emit import dump
from ..layout import path_for
from ..problems import Problem, problem
from .existing import Existing
from .ids import slug, unique
from .mapping import Mapping
from .rows import Entry
from .sheet import Table
from .text import district_key, district_name, name_key, school_key, school_name


@dataclass
class Change:
    kind: str  # "person" or "school"
    id: str
    before: dict | None
    after: dict
    rows: list[int] = field(default_factory=list)

    @property
    def path(self) -> str:
        return (
            path_for("person", person=self.id)
            if self.kind == "person"
            else path_for("school", id=self.id)
        )

    @property
    def diffs(self) -> list[tuple[tuple[str, ...], object, object]]:
        """(field path, old, new) for every leaf that differs; old is None for a new field."""
        before, after = _leaves(self.before or {}), _leaves(self.after)
        keys = list(dict.fromkeys([*before, *after]))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


@dataclass
class Plan:
    table: Table
    new: list[Change]
    changed: list[Change]
    unchanged: list[Change]
    left: list[tuple[str, str]]  # (person id, name) of people no row names
    problems: list[Problem]
    mapping: Mapping | None = None  # the mapping it was read with (field titles in the plan)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({p.line for p in self.problems if p.is_error and p.line})

    @property
    def nothing_to_do(self) -> bool:
        return not self.new and not self.changed

    def writes(self) -> dict[str, str]:
        """Record path → new YAML text, for every new or changed record."""
        return {c.path: dump(c.after) for c in [*self.new, *self.changed]}


def make_plan(
    table: Table,
    entries: list[Entry],
    existing: Existing,
    mapping: Mapping,
    taken: set[str],
    person_order: list[str],
) -> Plan:
    planner = _Planner(table, entries, existing, mapping, set(taken), person_order)
    return planner.run()


@dataclass
class _Planner:
    table: Table
    entries: list[Entry]
    existing: Existing
    mapping: Mapping
    taken: set[str]
    order: list[str]
    school_of: dict[int, str | None] = field(default_factory=dict)  # row → school id or key
    districts: dict[str, tuple[int, str]] = field(default_factory=dict)  # key → (row, district)

    def run(self) -> Plan:
        known = self._resolve_schools()
        self._duplicates()
        matches = self._match()
        schools = self._school_changes(known)
        people = [self._person(e, matches.get(e.row)) for e in self.entries if e.ok]
        self._directors(schools, people)
        new = [c for c in [*schools, *people] if c.before is None]
        changed = [c for c in [*schools, *people] if c.before is not None and c.diffs]
        unchanged = [c for c in people if c.before is not None and not c.diffs]
        problems = [*self.table.warnings, *(p for e in self.entries for p in e.problems)]
        problems.sort(key=lambda p: (p.line or 0, p.column or 0, p.code))
        left = self._left(matches)
        return Plan(self.table, new, changed, unchanged, left, problems, self.mapping)

    def _key(self, entry: Entry) -> str:
        return school_key(entry.school, self.mapping.school_prefixes)

    # --- schools ---------------------------------------------------------------------
    def _resolve_schools(self) -> dict[str, str]:
        """Each row's school: an existing id, or its name key while it is new.

        Rows of one school must agree on its district; a new school needs one.
        """
        prefixes = self.mapping.school_prefixes
        known = {
            school_key(str(d.get("name", "")), prefixes): i
            for i, d in self.existing.schools.items()
        }
        district_prefixes = self.mapping.district_prefixes
        for entry in self.entries:
            key = self._key(entry) if entry.school else None
            self.school_of[entry.row] = known.get(key, key) if key else None
            if key and entry.district:
                first = self.districts.setdefault(key, (entry.row, entry.district))
                if district_key(first[1], district_prefixes) != district_key(
                    entry.district, district_prefixes
                ):
                    entry.problems.append(
                        self._row_problem(
                            entry,
                            "PA723",
                            "district",
                            found=entry.district,
                            school=entry.school,
                            first=first[0],
                            expected=first[1],
                        )
                    )
        for entry in self.entries:
            key = self._key(entry) if entry.school else None
            if key and key not in known and key not in self.districts:
                entry.problems.append(
                    self._row_problem(entry, "PA722", "school", school=entry.school)
                )
        return known

    def _school_changes(self, known: dict[str, str]) -> list[Change]:
        """New schools, for schools that at least one clean row names; recorded ones as they are."""
        out: dict[str, Change] = {}
        taken = set(self.existing.schools)
        for entry in self.entries:
            key = self._key(entry) if entry.school else None
            if not entry.ok or key is None:
                continue
            if key in out:
                out[key].rows.append(entry.row)
                continue
            district = self.districts.get(key, (0, ""))[1]
            sid = known.get(key)
            if sid is None:
                sid = unique(slug(key, fallback="school"), taken)
                name = school_name(entry.school, self.mapping.school_prefixes)
                district = district_name(district, self.mapping.district_prefixes)
                change = Change(
                    "school", sid, None, {"id": sid, "name": name, "district": district}
                )
            else:
                change = Change("school", sid, self.existing.schools[sid], {})
                self._recorded_district(entry, sid, district)
            change.rows.append(entry.row)
            out[key] = change
        for key, change in out.items():
            for row, school in self.school_of.items():
                if school == key:
                    self.school_of[row] = change.id
        return [c for c in out.values() if c.before is None]

    def _recorded_district(self, entry: Entry, sid: str, district: str) -> None:
        """Warn when the roster's district is not the recorded one; the school is not changed."""
        recorded = str(self.existing.schools[sid].get("district", ""))
        prefixes = self.mapping.district_prefixes
        if district and district_key(district, prefixes) != district_key(recorded, prefixes):
            entry.problems.append(
                self._row_problem(
                    entry,
                    "PA732",
                    "district",
                    severity="warning",
                    school=entry.school,
                    found=district,
                    recorded=recorded,
                    path=path_for("school", id=sid),
                )
            )

    def _directors(self, schools: list[Change], people: list[Change]) -> None:
        """A new school's director is set when the roster names exactly one."""
        for school in schools:
            if school.before is not None:
                continue
            directors = [
                c.id
                for c in people
                if c.after.get("school") == school.id
                and c.after.get("position") == "school-director"
            ]
            if len(directors) == 1:
                school.after["director"] = directors[0]

    # --- people ----------------------------------------------------------------------
    def _duplicates(self) -> None:
        first: dict[tuple[str, str | None], Entry] = {}
        for entry in self.entries:
            if entry.key is None:
                continue
            where = (entry.key, self.school_of.get(entry.row))
            if where not in first:
                first[where] = entry
                continue
            entry.problems.append(
                self._row_problem(
                    entry,
                    "PA718",
                    None,
                    first=first[where].row,
                    name=entry.name,
                    school=entry.school or "-",
                )
            )

    def _match(self) -> dict[int, str]:
        """Row → existing person id, by name and school first, then by name alone."""
        by_name: dict[str, list[str]] = defaultdict(list)
        for pid, data in self.existing.people.items():
            by_name[
                name_key(str(data.get("first_name", "")), str(data.get("last_name", "")))
            ].append(pid)
        matches: dict[int, str] = {}
        rest: list[tuple[Entry, str]] = []
        for entry in self.entries:
            if entry.key is None or any(p.code == "PA718" for p in entry.problems):
                continue
            school = self.school_of.get(entry.row)
            same = [
                p for p in by_name[entry.key] if self.existing.people[p].get("school") == school
            ]
            if len(same) == 1:
                matches[entry.row] = same[0]
            elif same:
                self._ambiguous(entry, same)
            else:
                rest.append((entry, entry.key))
        claimed = set(matches.values())
        for entry, key in rest:
            free = [p for p in by_name[key] if p not in claimed]
            if len(free) == 1:
                matches[entry.row] = free[0]
                claimed.add(free[0])
            elif free:
                self._ambiguous(entry, free)
        return matches

    def _ambiguous(self, entry: Entry, ids: list[str]) -> None:
        entry.problems.append(
            self._row_problem(entry, "PA724", None, name=entry.name, ids=", ".join(ids))
        )

    def _person(self, entry: Entry, pid: str | None) -> Change:
        before = self.existing.people.get(pid) if pid else None
        if before is None or pid is None:  # a person is found only by an id: pid is set
            first, last = entry.person["first_name"], entry.person["last_name"]
            pid = unique(slug(first, last, fallback="person"), self.taken)
            after = {"id": pid, "standing": "none", **entry.person}  # no standing column
        else:
            after = _merged(before, entry.person)
        after.pop("school", None)
        school = self.school_of.get(entry.row)
        if school:
            after["school"] = school
        return Change("person", pid, before, self._ordered(after), [entry.row])

    def _ordered(self, data: dict) -> dict:
        rank = {k: i for i, k in enumerate(self.order)}
        return dict(sorted(data.items(), key=lambda kv: rank.get(kv[0], len(rank))))

    def _left(self, matches: dict[int, str]) -> list[tuple[str, str]]:
        seen = set(matches.values())
        schools = set(self.school_of.values())
        return sorted(
            (pid, display_name(data))
            for pid, data in self.existing.people.items()
            if pid not in seen and "left" not in data and data.get("school") in schools
        )

    def _row_problem(
        self, entry: Entry, code: str, at: str | None, severity: str = "error", **fields
    ) -> Problem:
        """A problem on the entry's row, in the column of field ``at`` when it has one."""
        column = next((c + 1 for c, f in self.table.columns.items() if f == at), None)
        return problem(
            code, self.table.source, line=entry.row, column=column, severity=severity, **fields
        )


def _merged(before: dict, person: dict) -> dict:
    """The existing record with the roster's values laid over it.

    Names are the match key, so they are kept as recorded; an empty optional cell
    (subject, phone, e-mail) keeps what the record has, so an import never erases data.
    """
    after = dict(before)
    for key, value in person.items():
        if key in ("first_name", "last_name"):
            continue
        if key == "contact":
            after["contact"] = {**(before.get("contact") or {}), **value}
        else:
            after[key] = value
    return after


def _leaves(data: dict, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], object]:
    out: dict[tuple[str, ...], object] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            out.update(_leaves(value, (*prefix, key)))
        else:
            out[(*prefix, key)] = value
    return out


def display_name(data: dict) -> str:
    """``นายสมชาย ใจดี``: Thai writes the title against the first name."""
    return (
        f"{data.get('title', '')}{data.get('first_name', '')} {data.get('last_name', '')}".strip()
    )
