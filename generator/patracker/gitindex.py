"""Git blob ids of the files in a checkout, as Git itself vouches for them, without hashing.

A fresh checkout (a CI job, a clone, ``git restore``) gives every file a new mtime, so the
file cache's size-and-mtime test misses on all of them and each file would be read and
hashed again. Git already knows each tracked file's blob id (its index) and, by its own
stat test with the racy-clean rule, which working files no longer match their index entry
(``git diff-files``). A file that Git reports unchanged has the bytes of its index blob;
the file cache can then be asked by that blob id, as if the file had been hashed.

Only entries Git checks itself are used: stage 0, a regular file, tag ``H`` (not
assume-unchanged ``h``, not skip-worktree ``S``), and not listed by ``git diff-files``
(which, unlike ``git status``, does not refresh: a file whose stat changed is listed even
when its content did not, so such a file is hashed here as before). Anything unusual —
no Git, not a repository, an error — gives no ids, and every file is read as before.

A cached result is found only under the blob id of bytes PA Tracker itself read and hashed
at that path. Where Git's filters (line endings, LFS) make the bytes on disk differ from the
index blob, that id is usually one never hashed here, and the file is read; a file that
differs only by what Git's conversion undoes (CRLF line ends, with ``core.autocrlf``) may be
answered with the result of its converted bytes, which parse the same.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}


def _git(root: Path, *args: str) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", os.fspath(root), "--literal-pathspecs", *args],
            capture_output=True,
            env={**os.environ, **_ENV},
            check=False,
        )
    except OSError:  # no git on this machine
        return None
    return done.stdout if done.returncode == 0 else None


def vouched_blobs(root: Path) -> dict[str, str]:
    """Path relative to ``root`` (posix) → blob id, for every file under ``root`` whose
    working copy Git vouches is its index entry's blob; empty outside a Git work tree."""
    listed = _git(root, "ls-files", "--stage", "-v", "-z", "--", ".")
    dirty = _git(root, "diff-files", "--name-only", "--relative", "-z", "--", ".")
    if listed is None or dirty is None:
        return {}
    changed = set(dirty.decode("utf-8", "surrogateescape").split("\0"))
    out: dict[str, str] = {}
    for entry in listed.decode("utf-8", "surrogateescape").split("\0"):
        meta, tab, path = entry.partition("\t")
        parts = meta.split(" ")
        if not tab or len(parts) != 4 or path in changed:
            continue
        tag, mode, blob, stage = parts
        if tag == "H" and stage == "0" and mode in ("100644", "100755"):
            out[path] = blob
    return out
