"""What tests need from the machine: an exclusive file lock, and a Debian package installed
with apt-get (CI runs as root with Debian's mirrors). Shared by the Chromium and nginx
fixtures, so a missing tool is installed once per machine and never turned into a skip."""

from __future__ import annotations

import fcntl
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def lock(path: Path) -> Iterator[None]:
    """An exclusive lock on a file for the ``with`` block: one builder, one apt-get."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def apt_install(package: str) -> str:
    """``apt-get update`` then ``install -y package``; the log of each step, to show on
    failure (empty steps after the first that failed)."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    log = []
    for step in (["apt-get", "update"], ["apt-get", "install", "-y", package]):
        done = subprocess.run(step, capture_output=True, text=True, env=env, check=False)
        log.append(f"$ {' '.join(step)} → {done.returncode}\n{done.stderr[-2000:]}")
        if done.returncode:
            break
    return "\n".join(log)
