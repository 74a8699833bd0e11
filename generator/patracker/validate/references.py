"""Cross-file references: every school and person a record names must exist.

Which fields name which kind is the registry's (``kinds.py``: each kind's ``references``,
where ``*`` walks every item of a list); the referred kind says its message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import kinds
from ..problems import Pointer, Problem, problem
from .context import Context


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
    targets = {
        r.kind: (ctx.ids(r.kind), _missing(r.kind)) for k in kinds.REGISTRY for r in k.references
    }
    out = []
    for entry in kinds.REGISTRY:
        for record in ctx.corpus.of(entry.name) if entry.references else ():
            for ref in entry.references:
                known, code = targets[ref.kind]
                for pointer, value in _named(record.data, ref.pointer):
                    if (
                        isinstance(value, str)
                        and value not in known
                        and (ref.kind, value) not in ctx.failed  # its own PA0xx says why
                    ):
                        out.append(
                            problem(
                                code,
                                record.path,
                                pointer,
                                title=ctx.schemas.title(entry.name, pointer),
                                field=".".join(map(str, pointer)),
                                ref=value,
                            )
                        )
    return out


def _missing(target: str) -> str:
    code = kinds.of(target).missing
    if code is None:
        raise ValueError(f"record kind {target!r} is referred to but declares no message")
    return code
