"""National IDs and invisible characters in any disguise (issue 23 §4).

Every ID here is built in the test with the checksum computed here, and every disguise is
also tried with a wrong check digit, which must pass: the rule reads the number, not the
shape. Invisible characters are refused whether typed raw or written as a YAML escape.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import edit, full_problems, line_of
from patracker.load import read_bytes
from patracker.problems import ProblemError

from .conftest import validate_bounded

APP = "applications/wichai-boonmee-2568.yaml"  # no other record refers to it
KANYA = "people/kanya-srisuk/person.yaml"  # a director, chair and evaluator: much names her


def check_digit(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return str((11 - total % 11) % 10)


FIRST12 = "310170020345"
ID = FIRST12 + check_digit(FIRST12)
NOT_ID = FIRST12 + str((int(check_digit(FIRST12)) + 1) % 10)  # one digit off
THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def grouped(digits: str, sizes: tuple[int, ...], separator: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at : at + size])
        at += size
    assert at == len(digits)
    return separator.join(parts)


def escaped(digits: str, at: int, form: str) -> str:
    """A double-quoted YAML scalar with the digit at ``at`` written as an escape."""
    code = ord(digits[at])
    escape = {"x": f"\\x{code:02x}", "u": f"\\u{code:04x}", "U": f"\\U{code:08X}"}[form]
    return f'"{digits[:at]}{escape}{digits[at + 1 :]}"'


# disguise → the YAML written after ``reason: `` (continuation lines are indented past it)
DISGUISES: dict[str, Callable[[str], str]] = {
    "bare": lambda d: d,
    "in a sentence": lambda d: f"เลขประจำตัวประชาชน{d}ของครู",
    "after other digits": lambda d: f"ห้อง 12 {d}",
    "dashes 1-4-5-2-1": lambda d: grouped(d, (1, 4, 5, 2, 1), "-"),
    "dots 1.4.5.2.1": lambda d: grouped(d, (1, 4, 5, 2, 1), "."),
    "groups of four": lambda d: grouped(d, (4, 4, 4, 1), "-"),
    "spaces": lambda d: grouped(d, (1, 4, 5, 2, 1), " "),
    "spaced dash": lambda d: grouped(d, (4, 9), " - "),
    "en dashes": lambda d: grouped(d, (1, 4, 5, 2, 1), "\u2013"),
    "minus signs": lambda d: grouped(d, (1, 4, 5, 2, 1), "\u2212"),
    "no-break spaces": lambda d: grouped(d, (1, 4, 5, 2, 1), "\u00a0"),
    "ideographic spaces": lambda d: grouped(d, (1, 4, 5, 2, 1), "\u3000"),
    "Thai digits": lambda d: d.translate(THAI),
    "Thai digits, dashes": lambda d: grouped(d.translate(THAI), (1, 4, 5, 2, 1), "-"),
    "Thai and Arabic digits mixed": lambda d: d[:6].translate(THAI) + d[6:],
    "full-width digits": lambda d: d.translate(WIDE),
    "full-width digits and hyphens": lambda d: grouped(d.translate(WIDE), (1, 4, 5, 2, 1), "－"),
    "full-width stops": lambda d: grouped(d, (1, 4, 5, 2, 1), "．"),
    "folded across two lines": lambda d: f"{d[:6]}\n      {d[6:]}",
    "folded inside double quotes": lambda d: f'"{d[:6]}\n      {d[6:]}"',
    "quoted line break escaped": lambda d: f'"{d[:6]}\\\n      {d[6:]}"',
    "folded block scalar": lambda d: f">\n      {d[:6]}\n      {d[6:]}",
    "literal block scalar": lambda d: f"|\n      {d[:6]}\n      {d[6:]}",
    "a digit as \\x escape": lambda d: escaped(d, 6, "x"),
    "a digit as \\u escape": lambda d: escaped(d, 0, "u"),
    "a digit as \\U escape": lambda d: escaped(d, 12, "U"),
    "a Thai digit as \\u escape": lambda d: escaped(d.translate(THAI), 6, "u"),
    "a no-break space as \\_ escape": lambda d: f'"{d[:6]}\\_{d[6:]}"',
    "single-quoted": lambda d: f"'{grouped(d, (1, 4, 5, 2, 1), '-')}'",
}


def _with_reason(tree: Path, value: str) -> int:
    edit(tree, APP, "    by: wichai-boonmee\n  - status: submitted", "    by: wichai-boonmee\n"
         f"    reason: {value}\n  - status: submitted")  # fmt: skip
    return line_of(tree, APP, "reason:")


@pytest.mark.parametrize("disguise", DISGUISES)
def test_a_national_id_is_found_in_every_disguise(tree: Path, disguise: str):
    line = _with_reason(tree, DISGUISES[disguise](ID))
    assert validate_bounded(tree) == [("PA501", APP, line)]


@pytest.mark.parametrize("disguise", DISGUISES)
def test_the_same_shape_with_a_wrong_check_digit_passes(tree: Path, disguise: str):
    _with_reason(tree, DISGUISES[disguise](NOT_ID))
    assert validate_bounded(tree) == []


@pytest.mark.parametrize(
    "value",
    [
        ID + "1",  # fourteen digits: part of a longer number
        "9" + ID,
        f"{ID[:6]}, {ID[6:]}",  # a comma parts two numbers
        f"{ID[:6]}/{ID[6:]}",
        f"{ID[:6]}    {ID[6:]}",  # a gap wider than a separator
    ],
)
def test_numbers_that_are_not_one_id_pass(tree: Path, value: str):
    _with_reason(tree, f'"{value}"')
    assert validate_bounded(tree) == []


def test_a_raw_hit_points_at_its_column_and_is_reported_once(tree: Path):
    line = _with_reason(tree, f"บัตร {grouped(ID.translate(THAI), (1, 4, 5, 2, 1), '.')}")
    found = [(p.code, p.line, p.column) for p in full_problems(tree)]
    assert found == [("PA501", line, len("    reason: บัตร ") + 1)]


# --- invisible and bidirectional characters --------------------------------------------------

REFUSED = {
    "\u202e": "PA005",  # right-to-left override
    "\u2066": "PA005",  # left-to-right isolate
    "\u200f": "PA005",  # right-to-left mark
    "\u061c": "PA005",  # Arabic letter mark
    "\u200b": "PA017",  # zero-width space
    "\u200c": "PA017",  # zero-width non-joiner
    "\u200d": "PA017",  # zero-width joiner
    "\u2060": "PA017",  # word joiner
    "\ufeff": "PA017",  # a byte-order mark inside the text
    "\u00ad": "PA017",  # soft hyphen
    "\u3164": "PA017",  # Hangul filler
    "\u115f": "PA017",  # Hangul choseong filler
    "\uffa0": "PA017",  # half-width Hangul filler
    "\U000e0041": "PA017",  # tag letter A (hidden text)
    "\x1b": "PA004",  # escape
    "\x00": "PA004",
    "\x85": "PA004",  # next line
    "\u2028": "PA004",  # line separator
}


def _escapes(char: str) -> list[str]:
    code = ord(char)
    forms = [f"\\U{code:08x}"]
    if code <= 0xFFFF:
        forms.append(f"\\u{code:04X}")
    if code <= 0xFF:
        forms.append(f"\\x{code:02x}")
    short = {"\x00": "\\0", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L"}
    return forms + ([short[char]] if char in short else [])


CASES = [
    (f"U+{ord(c):04X} {how}", c, code, written)
    for c, code in REFUSED.items()
    for how, written in [("raw", c)] + [(f"as {e}", f'"ก{e}ข"') for e in _escapes(c)]
]


@pytest.mark.parametrize(("case", "char", "code", "written"), CASES, ids=[c[0] for c in CASES])
def test_invisible_characters_are_refused_raw_and_escaped(
    tree: Path, case: str, char: str, code: str, written: str
):
    line = _with_reason(tree, written)
    found = [(p.code, p.line, p.column, p.en) for p in full_problems(tree)]
    column = len("    reason: ") + 1 + (2 if written.startswith('"') else 0)  # at the escape
    assert [f[:3] for f in found] == [(code, line, column)]
    assert f"U+{ord(char):04X}" in found[0][3]
    if written.startswith('"'):
        assert "written as the escape \\" in found[0][3]


def _hidden() -> list[str]:
    """Every Unicode format character and the Hangul fillers: all draw nothing."""
    format_chars = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
    return [*format_chars, "\u115f", "\u1160", "\u3164", "\uffa0"]


def test_every_format_character_is_refused_raw_and_escaped():
    for char in _hidden():
        for text in (f"a: ก{char}ข\n", f'a: "ก\\U{ord(char):08x}ข"\n'):
            with pytest.raises(ProblemError) as caught:
                read_bytes(text.encode(), "x.yaml")
            assert caught.value.problems[0].code in {"PA005", "PA017"}, (hex(ord(char)), text)


def test_an_escaped_backslash_is_not_an_escape():
    loaded = read_bytes(b'a: "\\\\u202e and \\t"\n', "x.yaml")
    assert loaded.data == {"a": "\\u202e and \t"}


def test_escapes_that_make_text_not_nfc_are_refused():
    with pytest.raises(ProblemError) as caught:
        read_bytes('a: "เก\\u0e4d\\u0e32 e\\u0301"\n'.encode(), "x.yaml")
    assert [p.code for p in caught.value.problems] == ["PA006"]


# --- one broken file, one error ------------------------------------------------------------------


def test_a_person_file_broken_by_an_escape_is_the_only_error(tree: Path):
    edit(tree, KANYA, "first_name: กัญญา", 'first_name: "\\u202eกัญญา"')
    assert validate_bounded(tree) == [("PA005", KANYA, 3)]


def test_a_broken_file_is_reported_before_everything_else(tree: Path):
    edit(tree, KANYA, "first_name: กัญญา", "first_name: กัญญา\u200b")
    edit(tree, APP, "person: wichai-boonmee", "person: nobody-here")  # sorts before people/
    assert validate_bounded(tree) == [("PA017", KANYA, 3), ("PA302", APP, 2)]


def test_a_broken_school_file_hides_references_to_it(tree: Path):
    school = "schools/ban-thung-kula.yaml"
    text = (tree / school).read_text(encoding="utf-8")
    (tree / school).write_text(text.replace("\n", '\nnote: "\\x1b[2J"\n', 1), encoding="utf-8")
    assert validate_bounded(tree) == [("PA004", school, 2)]
