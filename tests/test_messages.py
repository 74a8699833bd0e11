"""The message catalogue: every code is used, tested, and says something in Thai and English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from conftest import ROOT, TESTS
from patracker.messages import CATALOGUE, render

THAI = re.compile(r"[\u0e00-\u0e7f]")
SOURCE = ROOT / "generator" / "patracker"
# the families this suite owns: loading, schema, layout, references, rules, privacy
FOUNDATION = re.compile(r"PA[0-5][0-9]{2}")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _code_in(paths: list[Path]) -> set[str]:
    return {
        code
        for path in paths
        for code in re.findall(r"PA[0-9]{3}", path.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_message_has_thai_and_english_text(code: str) -> None:
    th, en = CATALOGUE[code]
    assert re.fullmatch(r"PA[0-9]{3}", code)
    if th != "{detail_th}":  # a rule that writes its own Thai detail
        assert THAI.search(th), code
    if en != "{detail_en}":
        assert re.search(r"[a-z]{3,}", en), code


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_message_renders_with_its_fields(code: str) -> None:
    th, en = CATALOGUE[code]
    fields = {
        name: 1 if name in ("size", "limit", "byte", "codepoint") else "ค่า"
        for name in _fields(th) | _fields(en)
    }
    rendered_th, rendered_en = render(code, **fields)
    assert "{" not in rendered_th and "{" not in rendered_en
    assert rendered_th.strip() and rendered_en.strip()


def test_every_code_the_foundation_reports_is_in_the_catalogue() -> None:
    used = {c for c in _code_in(sorted(SOURCE.rglob("*.py"))) if FOUNDATION.fullmatch(c)}
    assert used - set(CATALOGUE) == set()


def test_every_foundation_code_is_reported_somewhere_and_tested() -> None:
    codes = {c for c in CATALOGUE if FOUNDATION.fullmatch(c)}
    sources = [p for p in SOURCE.rglob("*.py") if p.name != "messages.py"]
    assert codes - _code_in(sources) == set(), "codes no code can report"
    tests = [TESTS / name for name in ("test_load.py", "test_schemas.py", "test_rules.py")]
    untested = codes - _code_in(tests)
    assert untested == set()
