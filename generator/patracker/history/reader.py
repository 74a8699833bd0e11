"""Turning new commits into stored record changes: one blob batch, each blob parsed once."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..layout import RecordRef, classify
from ..load import read_bytes
from ..problems import ProblemError
from ..schemas import SchemaSet
from .fielddiff import Differ
from .gitlog import FileChange, RawCommit, read_blobs

_ACTIONS = {"A": "added", "D": "deleted"}
PARALLEL_FROM = 2000  # blobs; below this, starting processes costs more than it saves


class RecordParser:
    """Parses blobs with the strict loader, once per blob id.

    Records are not typed by schema here (``SchemaSet.coerce`` costs as much as the parse
    and history reads thousands of blobs); the differ types the few leaves that changed.
    A first build over a long history parses in several processes.
    """

    def __init__(self, repo: Path, schemas: SchemaSet):
        self.repo, self.schemas = repo, schemas
        self._parsed: dict[str, tuple[dict | None, str | None]] = {}

    def prefetch(self, wanted: dict[str, str]) -> None:
        """Read and parse every blob (id → file name) the next diffs need, in one batch."""
        missing = {spec: name for spec, name in wanted.items() if spec not in self._parsed}
        raw = read_blobs(self.repo, list(missing))
        jobs = [(spec, raw.get(spec), name) for spec, name in missing.items()]
        workers = min(os.cpu_count() or 1, 4)
        if len(jobs) < PARALLEL_FROM or workers < 2:
            results = _parse_many(jobs)
        else:
            size = -(-len(jobs) // (workers * 4))
            chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                results = [r for chunk in pool.map(_parse_many, chunks) for r in chunk]
        self._parsed.update((spec, (data, note)) for spec, data, note in results)

    def parse(self, spec: str | None, name: str) -> tuple[dict | None, str | None]:
        """(data, None) for a readable record; (None, Thai reason) when it cannot be read."""
        if spec is None:
            return None, None
        if spec not in self._parsed:
            self.prefetch({spec: name})
        return self._parsed[spec]


def _parse_many(
    jobs: list[tuple[str, bytes | None, str]],
) -> list[tuple[str, dict | None, str | None]]:
    out: list[tuple[str, dict | None, str | None]] = []
    for spec, raw, name in jobs:
        if raw is None:
            out.append((spec, None, "ไม่พบเนื้อหาไฟล์ใน Git"))
            continue
        try:
            out.append((spec, read_bytes(raw, name).data, None))
        except ProblemError as exc:
            out.append((spec, None, exc.problems[0].th))
    return out


def stored_commits(
    commits: list[RawCommit], prefix: str, boundary: frozenset[str], parser: RecordParser
) -> dict[str, dict]:
    """The cache form of ``commits``: metadata plus each record change with its field diff."""
    parser.prefetch(
        {
            blob: change.path
            for commit in commits
            for change in commit.changes
            for blob in (change.old_blob, change.new_blob)
            if blob is not None
        }
    )
    differ = Differ(parser.schemas)
    return {
        commit.id: {
            "parents": list(commit.parents),
            "author": commit.author,
            "email": commit.email,
            "date": commit.date,
            "committed": commit.committed,
            "subject": commit.subject,
            "body": commit.body.split("\n", 1)[0] if len(commit.parents) > 1 else "",
            "entries": [
                entry(f, prefix, commit.id in boundary, parser, differ) for f in commit.changes
            ],
        }
        for commit in commits
    }


def entry(
    change: FileChange, prefix: str, snapshot: bool, parser: RecordParser, differ: Differ
) -> dict:
    """One record change: what kind of record, whose, and which fields changed how."""
    path = change.path[len(prefix) :]
    ref = classify(path)
    kind = ref.kind if ref else None
    old, old_note = parser.parse(change.old_blob, path)
    new, new_note = parser.parse(change.new_blob, path)
    action = "snapshot" if snapshot else _ACTIONS.get(change.status, "modified")
    fields = [] if snapshot else differ.diff(kind, old, new)
    note = new_note or old_note
    if kind is None:
        note = "ไฟล์อยู่นอกโครงสร้างที่กำหนด (ไม่ใช่ข้อมูล PA)"
    return {
        "path": path,
        "kind": kind,
        "action": action,
        "person": _person(ref, new or old),
        "school": _school(ref, new or old),
        "note": note,
        "fields": [f.as_dict() for f in fields],
    }


def _person(ref: RecordRef | None, data: dict | None) -> str | None:
    if ref is None:
        return None
    if "person" in ref.keys:
        return str(ref["person"])
    if ref.kind == "application" and data and isinstance(data.get("person"), str):
        return data["person"]
    return None


def _school(ref: RecordRef | None, data: dict | None) -> str | None:
    if ref is None:
        return None
    if ref.kind == "school":
        return str(ref["id"])
    if ref.kind == "person" and data and isinstance(data.get("school"), str):
        return data["school"]
    return None
