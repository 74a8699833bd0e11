"""Cross-file references: every school and person a record names must exist.

The table below is the whole rule; ``*`` walks every item of a list.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..problems import Pointer, Problem, problem
from .context import Context

# kind → (path to the referring field, what it must name)
REFERENCES: dict[str, tuple[tuple[Pointer, str], ...]] = {
    "office": ((("hr", "*"), "person"),),
    "school": (
        (("director",), "person"),
        (("dpa_admin",), "person"),
        (("reviewers", "*"), "person"),
    ),
    "person": ((("school",), "school"),),
    "agreement": ((("person",), "person"), (("approval", "by"), "person")),
    "progress": ((("person",), "person"),),
    "review": ((("person",), "person"), (("member",), "person")),
    "evaluation": ((("person",), "person"), (("member",), "person")),
    "induction": ((("person",), "person"), (("member",), "person")),
    "committee": ((("members", "*", "person"), "person"), (("assessees", "*"), "person")),
    "application": ((("person",), "person"), (("history", "*", "by"), "person")),
}


def values_at(data: Any, spec: Pointer, prefix: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every (pointer, value) that ``spec`` reaches in ``data``."""
    if not spec:
        yield prefix, data
        return
    head, rest = spec[0], spec[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from values_at(item, rest, (*prefix, index))
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest, (*prefix, head))


def _named(data: Any, spec: Pointer):
    """``values_at``, with the usual one-field pointer answered without a generator (the
    rule looks at about a hundred thousand fields in a large office)."""
    if len(spec) == 1 and spec[0] != "*":
        field = spec[0]
        return ((spec, data[field]),) if isinstance(data, dict) and field in data else ()
    return values_at(data, spec)


def check(ctx: Context) -> list[Problem]:
    known = {"person": ctx.people, "school": ctx.schools}
    code = {"person": "PA302", "school": "PA301"}
    out = []
    for kind, refs in REFERENCES.items():
        for record in ctx.corpus.of(kind):
            for spec, target in refs:
                for pointer, value in _named(record.data, spec):
                    if (
                        isinstance(value, str)
                        and value not in known[target]
                        and (target, value) not in ctx.failed  # its own PA0xx says why
                    ):
                        out.append(
                            problem(
                                code[target],
                                record.path,
                                pointer,
                                title=ctx.schemas.title(kind, pointer),
                                field=".".join(map(str, pointer)),
                                ref=value,
                            )
                        )
    return out
