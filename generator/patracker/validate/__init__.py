"""Validation: every problem in a records tree, never stopping at the first.

Per-file checks run while the corpus is read (``files``); then references and domain
rules look across files; last, every problem gets its line. Public surface: ``validate``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import Corpus, read_corpus
from ..problems import Problem, problem
from . import references, rules
from .context import Context
from .locate import locate_all


@dataclass
class Result:
    corpus: Corpus
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(project, only: list[str] | None = None) -> Result:
    """Validate the whole tree; with ``only`` (paths inside records/), report just those."""
    corpus = read_corpus(project)
    ctx = Context(corpus=corpus, forms=project.forms, schemas=project.schemas)
    found = list(corpus.problems)
    if corpus.office is None and not any(p.file == "office.yaml" for p in found):
        found.append(problem("PA209", "office.yaml", line=1, column=1))
    found += references.check(ctx)
    for rule in rules.RULES:
        found += rule(ctx)
    if only is not None:
        found = [
            p
            for p in found
            if any(p.file == o or p.file.startswith(o.rstrip("/") + "/") or not o for o in only)
        ]
    found = sorted(locate_all(found, project.records), key=Problem.sort_key)
    return Result(corpus=corpus, problems=_dedupe(found))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.file, p.line, p.column, p.code, p.en)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out
