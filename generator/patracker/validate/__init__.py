"""Validation: every problem in a records tree, never stopping at the first.

Per-file checks run while the corpus is read (``files``); then references and domain
rules look across files; last, every problem gets its line. Public surface: ``validate``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..corpus import Corpus, Tree, read_corpus, rescan, scan
from ..filecache import RecheckCache, TreeCache
from ..locate import locate_all
from ..problems import Problem, problem
from . import references, rules
from .context import Context, Focus


@dataclass
class Result:
    problems: list[Problem]
    checked: int  # how many record files were read
    load_corpus: Callable[[], Corpus] = field(repr=False)

    @cached_property
    def corpus(self) -> Corpus:
        """The records as loaded; read on first use, so a cached ``validate`` stays fast."""
        return self.load_corpus()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(
    project,
    only: list[str] | None = None,
    use_cache: bool = True,
    changed: Iterable[str] | None = None,
) -> Result:
    """Validate the whole tree; with ``only`` (paths inside records/), report just those.

    When no file changed since the last run (same paths, sizes and mtimes, same schemas
    and code), the previous answer is returned without reading any record. ``changed``,
    from a file watcher, names the only paths that may differ from the last scan of the
    tree in this process (``serve``), which saves walking the whole tree again.
    """
    files = _files(project.records, changed)
    tree = TreeCache.beside(project.records, project.schemas_dir) if use_cache else None
    state = TreeCache.state(files) if tree else None
    cached = tree.get(state) if tree and state is not None else None
    if cached is None:
        corpus = read_corpus(project, use_cache=use_cache, tree=files)
        memo, stored = _memo(project.records, tree) if tree else ({}, None)
        found, checked = _check(project, corpus, memo), len(corpus.records)
        if tree and state is not None:
            tree.put(state, found, checked)
        if stored:
            stored.save(memo)
        result = Result(found, checked, lambda: corpus)
    else:
        found, checked = cached
        result = Result(
            found, checked, lambda: read_corpus(project, use_cache=use_cache, tree=files)
        )
    if only is not None:
        result.problems = [
            p
            for p in found
            if any(p.file == o or p.file.startswith(o.rstrip("/") + "/") or not o for o in only)
        ]
    return result


_SCANNED: dict[str, Tree] = {}  # records folder → its last scan in this process


def _files(records, changed: Iterable[str] | None) -> Tree:
    root = os.fspath(Path(records).resolve())
    before = _SCANNED.get(root)
    tree = rescan(Path(root), before, changed) if before and changed is not None else None
    _SCANNED[root] = tree = tree or scan(records)
    return tree


def _check(project, corpus: Corpus, memo: dict | None = None) -> list[Problem]:
    """Every problem of the corpus. ``memo`` holds what the last check of the same records
    found, record by record, for the rules that look at one record at a time."""
    ctx = Context(corpus=corpus, forms=project.forms, schemas=project.schemas)
    found = list(corpus.problems)
    if corpus.office is None and not any(p.file == "office.yaml" for p in found):
        found.append(problem("PA209", "office.yaml", line=1, column=1))
    found += references.check(ctx)
    for rule in rules.RULES:
        if rule in rules.ONE_AT_A_TIME and memo is not None:
            found += _one_at_a_time(rule, ctx, memo)
        else:
            found += rule(ctx)
    return _dedupe(sorted(locate_all(found, project.records), key=Problem.sort_key))


_FINDINGS: dict[tuple[str, str], dict] = {}  # (records folder, code and schemas) → memo


def _memo(records: Path, tree: TreeCache) -> tuple[dict, RecheckCache | None]:
    """The per-record rules' memo for these records and this code; the first time in a
    process it comes from disk, and the cache to save it back to once checked is returned
    too (later checks in the process keep it in memory only: saving costs as much again)."""
    key = (str(records), tree.key)
    if key in _FINDINGS:
        return _FINDINGS[key], None
    stored = RecheckCache(records, tree.key)
    _FINDINGS[key] = stored.load()
    return _FINDINGS[key], stored


def _one_at_a_time(rule, ctx: Context, memo: dict) -> list[Problem]:
    """The rule's problems, checking again only the records that changed since the last
    check, or all of them when a look-up the rule reads has changed."""
    kind, reads = rules.ONE_AT_A_TIME[rule]
    state = [ctx.state(lookup) for lookup in reads]
    blobs = ctx.corpus.blobs
    now = {r.path: blobs.get(r.path) for r in ctx.of(kind)}
    last_state, last_blobs, last_found = memo.get(rule.__name__, (None, {}, {}))
    if last_state == state:
        todo = {p for p, blob in now.items() if blob is None or last_blobs.get(p) != blob}
        by_file = {p: last_found[p] for p in now.keys() - todo if p in last_found}
    else:
        todo, by_file = set(now), {}
    for found in rule(Focus(ctx, todo)) if todo else ():
        by_file.setdefault(found.file, []).append(found)
    memo[rule.__name__] = (state, now, by_file)
    return [found for problems in by_file.values() for found in problems]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.line, p.column, p.code, p.en)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
