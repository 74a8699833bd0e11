"""Hostile-input suite: each case breaks a private copy of the minimal tree in one way."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import MINIMAL, problems_of

SECONDS = 10.0  # every case must finish well inside this, hostile or not


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    target = tmp_path / "repo" / "records"
    shutil.copytree(MINIMAL, target)
    return target


@contextmanager
def bounded(seconds: float = SECONDS) -> Iterator[None]:
    start = time.monotonic()
    yield
    assert time.monotonic() - start < seconds, "took too long"


def validate_bounded(records: Path) -> list[tuple[str, str, int]]:
    with bounded():
        return problems_of(records)
