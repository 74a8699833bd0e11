"""Edits of demo records that tests make: one regular-expression substitution in a file."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path


def substitution(path: str, pattern: str, replacement: str) -> Callable[[Path], None]:
    """An edit of ``records/<path>``: the first match of ``pattern`` (multi-line) replaced;
    it fails when it changes nothing, so a test never passes on an edit that missed."""

    def edit(records: Path) -> None:
        target = records / path
        text = target.read_text(encoding="utf-8")
        changed = re.sub(pattern, replacement, text, count=1, flags=re.M)
        assert changed != text, f"the edit of {path} changed nothing"
        target.write_text(changed, encoding="utf-8")

    return edit
