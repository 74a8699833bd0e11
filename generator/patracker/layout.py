"""The record layout contract (DOMAIN.md §10): which kind of record lives where.

A file's kind and the ids it belongs to come from its path alone; a file anywhere else
is an error, never silently ignored.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

ID = r"[a-z0-9][a-z0-9-]*"
FY = r"25[0-9][0-9]"

KINDS = (
    "office",
    "school",
    "person",
    "agreement",
    "progress",
    "review",
    "evaluation",
    "induction",
    "committee",
    "application",
    "survey",
)

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("office", r"office\.yaml"),
        ("school", rf"schools/(?P<id>{ID})\.yaml"),
        ("person", rf"people/(?P<person>{ID})/person\.yaml"),
        ("agreement", rf"people/(?P<person>{ID})/(?P<fy>{FY})/agreement\.yaml"),
        ("progress", rf"people/(?P<person>{ID})/(?P<fy>{FY})/progress\.yaml"),
        ("review", rf"people/(?P<person>{ID})/(?P<fy>{FY})/reviews/(?P<member>{ID})\.yaml"),
        (
            "evaluation",
            rf"people/(?P<person>{ID})/(?P<fy>{FY})/evaluations/"
            rf"r(?P<round>[12])-(?P<member>{ID}?)(?:-amend(?P<amend>[1-9]))?\.yaml",
        ),
        ("induction", rf"people/(?P<person>{ID})/induction/e(?P<n>[1-4])-(?P<member>{ID})\.yaml"),
        ("committee", rf"committees/(?P<fy>{FY})/(?P<id>{ID})\.yaml"),
        ("application", rf"applications/(?P<id>{ID})\.yaml"),
        ("survey", rf"surveys/(?P<fy>{FY})-r(?P<round>[12])\.yaml"),
    )
)

_INTEGER_KEYS = frozenset({"fy", "round", "n", "amend"})


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where a record lives: its path inside ``records/``, its kind, and the ids in the path."""

    path: str
    kind: str
    keys: dict[str, str | int] = field(default_factory=dict, hash=False, compare=False)

    def __getitem__(self, key: str) -> str | int:
        return self.keys[key]

    def get(self, key: str, default=None):
        return self.keys.get(key, default)


@functools.lru_cache(maxsize=1 << 18)
def classify(path: str) -> RecordRef | None:
    """Return the record a path inside ``records/`` holds, or None for an unknown place.

    Remembered per path (a ``RecordRef`` is frozen), so a rebuild in the same process, as
    ``patracker serve`` does, does not match every path again."""
    for kind, pattern in _PATTERNS:
        found = pattern.fullmatch(path)
        if found:
            keys = {k: v for k, v in found.groupdict().items() if v is not None}
            for key in _INTEGER_KEYS & keys.keys():
                keys[key] = int(keys[key])
            return RecordRef(path, kind, keys)
    return None


def person_dir(person: str) -> str:
    return f"people/{person}"


def path_for(kind: str, **keys: str | int) -> str:
    """The path a record of ``kind`` must have; the inverse of ``classify``."""
    match kind:
        case "office":
            return "office.yaml"
        case "school":
            return f"schools/{keys['id']}.yaml"
        case "person":
            return f"people/{keys['person']}/person.yaml"
        case "agreement" | "progress":
            return f"people/{keys['person']}/{keys['fy']}/{kind}.yaml"
        case "review":
            return f"people/{keys['person']}/{keys['fy']}/reviews/{keys['member']}.yaml"
        case "evaluation":
            suffix = f"-amend{keys['amend']}" if keys.get("amend") else ""
            return (
                f"people/{keys['person']}/{keys['fy']}/evaluations/"
                f"r{keys['round']}-{keys['member']}{suffix}.yaml"
            )
        case "induction":
            return f"people/{keys['person']}/induction/e{keys['n']}-{keys['member']}.yaml"
        case "committee":
            return f"committees/{keys['fy']}/{keys['id']}.yaml"
        case "application":
            return f"applications/{keys['id']}.yaml"
        case "survey":
            return f"surveys/{keys['fy']}-r{keys['round']}.yaml"
    raise ValueError(f"unknown record kind {kind!r}")
