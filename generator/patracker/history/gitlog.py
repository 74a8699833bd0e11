"""Reading Git: the whole log in one pass, and blob contents through one batch process.

Git history is the audit trail, so it must be read fast and the same way every time: one
``git log`` for the whole repository (never one call per file, which is what makes
history pages slow on large offices), and one ``git cat-file --batch`` for every blob
the diffs need. Plain ``subprocess`` keeps the output streaming and the parsing ours.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

NULL_BLOB = "0" * 40
_FIELDS = ("id", "parents", "author", "email", "date", "committer", "committed", "subject", "body")
_FORMAT = "%x1e" + "%x1f".join(("%H", "%P", "%an", "%ae", "%aI", "%cn", "%cI", "%s", "%b"))


class GitError(RuntimeError):
    """A git command failed; the message is git's own stderr."""


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file touched by one commit, as ``git log --raw`` reports it (no rename detection)."""

    path: str  # relative to the repository root
    status: str  # A, M, D or T
    old_blob: str | None
    new_blob: str | None


@dataclass(slots=True)
class RawCommit:
    id: str
    parents: tuple[str, ...]
    author: str
    email: str
    date: str  # ISO 8601 author date
    committer: str
    committed: str  # ISO 8601 committer date
    subject: str
    body: str
    changes: tuple[FileChange, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class RepoInfo:
    root: Path
    head: str | None
    shallow: bool
    boundary: frozenset[str]  # commits whose parents a shallow clone does not have


def git(repo: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run one git command in ``repo`` and return its stdout; raise ``GitError`` on failure."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    done = subprocess.run(
        ["git", "-C", str(repo), *args], input=input, capture_output=True, env=env, check=False
    )
    if done.returncode != 0:
        raise GitError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def repo_info(path: Path) -> RepoInfo | None:
    """Where the repository is, its HEAD, and whether it is a shallow clone; None outside Git."""
    try:
        out = git(path, "rev-parse", "--show-toplevel", "--is-shallow-repository", "--git-dir")
    except (GitError, FileNotFoundError):
        return None
    root, shallow, git_dir = out.decode().splitlines()[:3]
    try:
        head = git(path, "rev-parse", "--verify", "-q", "HEAD").decode().strip() or None
    except GitError:  # a repository without commits yet
        head = None
    boundary: frozenset[str] = frozenset()
    shallow_file = (Path(path) / git_dir / "shallow") if shallow == "true" else None
    if shallow_file and shallow_file.is_file():
        boundary = frozenset(shallow_file.read_text().split())
    return RepoInfo(Path(root), head, shallow == "true", boundary)


def read_log(
    repo: Path, prefix: str, revs: tuple[str, ...] = ("HEAD",), exclude: tuple[str, ...] = ()
) -> list[RawCommit]:
    """Every commit reachable from ``revs`` but not from ``exclude``, newest first.

    Only changes to files under ``prefix`` (e.g. ``records/``) are kept; commits are all
    kept, because merge commits that touch nothing still say which pull request landed.
    """
    args = ["log", "--raw", "--no-renames", "--no-abbrev", "-z", f"--format={_FORMAT}", *revs]
    if exclude:
        args += ["--not", *exclude]
    return parse_log(git(repo, *args, "--"), prefix)


def parse_log(raw: bytes, prefix: str) -> list[RawCommit]:
    commits = []
    for chunk in raw.decode("utf-8", "replace").split("\x1e")[1:]:
        header, _, rest = chunk.partition("\0")
        values = header.split("\x1f")
        fields = dict(zip(_FIELDS, values, strict=False))
        commits.append(
            RawCommit(
                id=fields["id"],
                parents=tuple(fields["parents"].split()),
                author=fields["author"],
                email=fields["email"],
                date=fields["date"],
                committer=fields["committer"],
                committed=fields["committed"],
                subject=fields["subject"],
                body=fields.get("body", "").strip(),
                changes=tuple(_raw_changes(rest, prefix)),
            )
        )
    return commits


def _raw_changes(rest: str, prefix: str) -> list[FileChange]:
    tokens = rest.lstrip("\n").split("\0")
    out = []
    for meta, path in zip(tokens[0::2], tokens[1::2], strict=False):
        if not meta.startswith(":") or not path.startswith(prefix):
            continue
        _, _, old, new, status = meta[1:].split(" ")
        out.append(
            FileChange(
                path=path,
                status=status[0],
                old_blob=None if old == NULL_BLOB else old,
                new_blob=None if new == NULL_BLOB else new,
            )
        )
    return out


def diff_tree(repo: Path, base: str, head: str | None, prefix: str) -> list[FileChange]:
    """Files under ``prefix`` that differ between ``base`` and ``head`` (None: the work tree)."""
    revs = [base] if head is None else [base, head]
    raw = git(repo, "diff", "--raw", "--no-renames", "--no-abbrev", "-z", *revs, "--", prefix)
    return _raw_changes(raw.decode("utf-8", "replace"), prefix)


def read_blobs(repo: Path, specs: list[str]) -> dict[str, bytes | None]:
    """Contents of many blobs (ids or ``rev:path``) through one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(specs))
    if not wanted:
        return {}
    out = git(repo, "cat-file", "--batch", input="".join(f"{s}\n" for s in wanted).encode())
    found: dict[str, bytes | None] = {}
    position = 0
    for spec in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split(b" ")
        position = end + 1
        if header[-1] == b"missing" or len(header) < 3:
            found[spec] = None
            continue
        size = int(header[2])
        found[spec] = out[position : position + size] if header[1] == b"blob" else None
        position += size + 1
    return found


def merge_base(repo: Path, base: str, head: str) -> str:
    """The commit a pull request branched from; ``base`` itself when there is none."""
    try:
        return git(repo, "merge-base", base, head).decode().strip()
    except GitError:
        return git(repo, "rev-parse", "--verify", f"{base}^{{commit}}").decode().strip()


def list_tree(repo: Path, rev: str, paths: list[str]) -> dict[str, str]:
    """Blob ids of files under ``paths`` at ``rev`` (one ``git ls-tree`` call)."""
    if not paths:
        return {}
    raw = git(repo, "ls-tree", "-r", "-z", "--full-tree", rev, "--", *paths)
    out = {}
    for entry in raw.decode("utf-8", "replace").split("\0"):
        if entry:
            meta, _, path = entry.partition("\t")
            mode_type_id = meta.split(" ")
            if mode_type_id[1] == "blob":
                out[path] = mode_type_id[2]
    return out
