"""Checks that need one file alone: loading, schema, identity with its path, privacy.

Their result depends only on the file's bytes and path, which is what makes them
cacheable by content (see ``cache``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .kinds import KEYS
from .kinds import of as registered
from .layout import RecordRef
from .load import Loaded, read_bytes, read_file
from .locate import with_marks
from .privacy import is_national_id, national_ids, national_ids_in_data
from .problems import Problem, ProblemError, problem

__all__ = [
    "buddhist_era_dates",
    "check_bytes",
    "check_file",
    "identity",
    "is_national_id",
    "national_ids",
]

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def check_file(project, ref: RecordRef, path: Path) -> tuple[dict | None, list[Problem]]:
    """Load and check one record; return its typed data (None if unusable) and its problems."""
    return _checked(project, ref, read_file, path)


def check_bytes(project, ref: RecordRef, raw: bytes) -> tuple[dict | None, list[Problem]]:
    """``check_file`` for bytes already read (the reader hashes them for its cache)."""
    return _checked(project, ref, read_bytes, raw)


def _checked(
    project, ref: RecordRef, read: Callable[[Any, str], Loaded], source: Any
) -> tuple[dict | None, list[Problem]]:
    try:
        loaded = read(source, ref.path)
    except ProblemError as exc:
        return None, exc.problems
    return _check_loaded(project, ref, loaded)


def _check_loaded(project, ref: RecordRef, loaded) -> tuple[dict | None, list[Problem]]:
    problems = loaded.problems + national_ids(loaded.text, ref.path)
    schemas = project.schemas
    data = schemas.coerce(ref.kind, loaded.data)
    found = schemas.check(ref.kind, data, ref.path)
    found += identity(ref, data, schemas)
    found += buddhist_era_dates(data, ref.path, schemas, ref.kind)
    found += national_ids_in_data(loaded.data, loaded.text, ref.path)
    problems += with_marks(found, loaded.marks)
    return data, problems


def identity(ref: RecordRef, data: dict, schemas) -> list[Problem]:
    """Each field the registry pairs with an id of the path must repeat that id."""
    out = []
    for field, key in registered(ref.kind).identity:
        expected, found = ref.keys.get(key), data.get(field)
        if found is None or expected is None or found == expected:
            continue
        out.append(
            problem(
                KEYS[key].code,
                ref.path,
                (field,),
                found=found,
                expected=expected,
                title=schemas.title(ref.kind, (field,)),
                field=field,
            )
        )
    return out


def buddhist_era_dates(
    data: Any, file: str, schemas, kind: str, pointer: tuple = ()
) -> list[Problem]:
    """A date written in Buddhist Era (year 2400+) passes the date format; say so plainly."""
    out: list[Problem] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out += buddhist_era_dates(value, file, schemas, kind, (*pointer, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out += buddhist_era_dates(value, file, schemas, kind, (*pointer, index))
    elif isinstance(data, str):
        found = _ISO_DATE.fullmatch(data)
        if found and int(found.group(1)) >= 2400:
            suggest = f"{int(found.group(1)) - 543}-{found.group(2)}-{found.group(3)}"
            title = schemas.title(kind, pointer)
            field = ".".join(map(str, pointer))
            out.append(
                problem(
                    "PA411",
                    file,
                    pointer,
                    title=title,
                    field=field,
                    year=found.group(1),
                    suggest=suggest,
                )
            )
    return out
