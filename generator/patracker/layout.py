"""The record layout contract (DOMAIN.md §10): which kind of record lives where.

A file's kind and the ids it belongs to come from its path alone; a file anywhere else
is an error, never silently ignored. The paths themselves are declared once, in the
registry of kinds (``kinds.py``); this module matches and writes them.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from . import kinds
from .kinds import FY, ID, KEYS

__all__ = ["FY", "ID", "KINDS", "RecordRef", "classify", "path_for", "person_dir"]

KINDS = tuple(kinds.KINDS)

_Patterns = tuple[tuple[str, re.Pattern[str]], ...]
_compiled: tuple[tuple[kinds.Kind, ...], _Patterns] = ((), ())


def _patterns() -> _Patterns:
    """Each kind's path pattern, compiled once per registry (a test may register a kind)."""
    global _compiled
    if _compiled[0] is not kinds.REGISTRY:
        _compiled = (kinds.REGISTRY, tuple((k.name, re.compile(k.regex())) for k in kinds.REGISTRY))
    return _compiled[1]


_INTEGER_KEYS = frozenset(name for name, key in KEYS.items() if key.integer)


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
    for kind, pattern in _patterns():
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
    return kinds.of(kind).format(keys)
