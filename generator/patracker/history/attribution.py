"""Which pull request brought each commit in, and who approved it by merging.

On GitHub a reviewer approves by merging; the merge commit ("Merge pull request #12 from
somchai/fix") is authored by the person who pressed the button. The commits a merge
brings in are those reachable from its second parent but not from its first, so walking
the first-parent chain from the oldest commit and claiming each merge's new ancestors
attributes every commit exactly once, in one linear pass over the graph. A squash merge
("Fix 1.3 level (#12)") keeps the number but not the merger; a direct push has neither.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

MERGE_PR = re.compile(r"^Merge pull request #(\d+) from (\S+)")
SQUASH_PR = re.compile(r"\(#(\d+)\)\s*$")


class CommitLike(Protocol):
    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    committed: str
    subject: str
    body: str


@dataclass(frozen=True, slots=True)
class Landing:
    """How a commit reached the main line: through which pull request, approved by whom."""

    merged_at: str  # ISO 8601: when it landed on the main line
    pr: int | None = None
    approver: str | None = None
    approver_email: str | None = None
    merge: str | None = None  # the merge commit that brought it in
    branch: str | None = None  # "owner/branch" of the pull request
    title: str | None = None  # the pull request's title (first line of the merge body)


def first_parent_chain(commits: Mapping[str, CommitLike], head: str) -> list[str]:
    """The main line from the oldest known commit up to ``head``."""
    chain = []
    current: str | None = head
    while current is not None and current in commits:
        chain.append(current)
        parents = commits[current].parents
        current = parents[0] if parents else None
    chain.reverse()
    return chain


def attribute(commits: Mapping[str, CommitLike], head: str) -> dict[str, Landing]:
    """A landing for every commit reachable from ``head`` (and only those)."""
    landed: dict[str, Landing] = {}
    seen: set[str] = set()
    for mainline in first_parent_chain(commits, head):
        seen.add(mainline)
        commit = commits[mainline]
        if len(commit.parents) > 1:
            landing = _merge_landing(commit)
            for brought in _new_ancestors(commits, commit.parents[1:], seen):
                landed[brought] = landing
            landed[mainline] = landing
            continue
        squash = SQUASH_PR.search(commit.subject)
        landed[mainline] = Landing(
            merged_at=commit.committed,
            pr=int(squash.group(1)) if squash else None,
            title=commit.subject if squash else None,
        )
    return landed


def _merge_landing(commit: CommitLike) -> Landing:
    found = MERGE_PR.match(commit.subject)
    if not found:
        return Landing(merged_at=commit.committed, merge=commit.id)
    title = next((line.strip() for line in commit.body.splitlines() if line.strip()), None)
    return Landing(
        merged_at=commit.committed,
        pr=int(found.group(1)),
        approver=commit.author,
        approver_email=commit.email,
        merge=commit.id,
        branch=found.group(2),
        title=title,
    )


def _new_ancestors(
    commits: Mapping[str, CommitLike], starts: tuple[str, ...], seen: set[str]
) -> list[str]:
    """Ancestors of ``starts`` not yet claimed; marks them claimed."""
    found, stack = [], [s for s in starts if s not in seen]
    while stack:
        current = stack.pop()
        if current in seen or current not in commits:
            continue
        seen.add(current)
        found.append(current)
        stack.extend(p for p in commits[current].parents if p not in seen)
    return found
