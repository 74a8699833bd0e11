"""The people and schools already in ``records/``, read with the strict loader."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..layout import path_for
from ..load import read_file


@dataclass
class Existing:
    people: dict[str, dict]
    schools: dict[str, dict]
    office: dict = field(default_factory=dict)  # office.yaml: the office's own names


def read_existing(records: Path) -> Existing:
    """People and schools by id; a file that does not load stops the import (ProblemError)."""
    people = {}
    for folder in sorted((records / "people").glob("*/")):
        relative = path_for("person", person=folder.name)
        if (records / relative).is_file():
            people[folder.name] = read_file(records / relative, relative).data
    schools = {}
    for path in sorted((records / "schools").glob("*.yaml")):
        relative = path_for("school", id=path.stem)
        schools[path.stem] = read_file(path, relative).data
    office = records / "office.yaml"
    found = dict(read_file(office, "office.yaml").data) if office.is_file() else {}
    return Existing(people, schools, found)


def taken_person_ids(records: Path, existing: Existing) -> set[str]:
    """Every id a new person must not get, including folders without a person.yaml."""
    folders = {p.name for p in (records / "people").glob("*/")} if records.is_dir() else set()
    return folders | set(existing.people)
