"""The strict YAML loader: every trap it refuses, where it says the trap is, and typing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from conftest import LOAD, MINIMAL, SCHEMAS, pointers_in
from patracker import load
from patracker.load import MAX_BYTES, Plain, read_bytes, read_file
from patracker.problems import ProblemError
from patracker.schemas import SchemaSet

# fixture file → (code, line, column) of the one problem it must raise
TRAPS = {
    "alias.yaml": ("PA008", 2, 9),
    "merge_key.yaml": ("PA009", 6, 3),
    "tag.yaml": ("PA010", 2, 12),
    "bom.yaml": ("PA003", 1, 1),
    "latin1.yaml": ("PA002", 2, 16),
    "tis620.yaml": ("PA002", 2, 13),
    "bad_byte_after_thai.yaml": ("PA002", 2, 12),
    "control_char.yaml": ("PA004", 2, 15),
    "bidi.yaml": ("PA005", 2, 10),
    "escaped_bidi.yaml": ("PA005", 2, 17),  # "\u202e": refused like the raw character
    "zero_width.yaml": ("PA017", 1, 11),
    "escaped_filler.yaml": ("PA017", 2, 8),  # "\u3164", the Hangul filler
    "not_nfc.yaml": ("PA006", 3, 13),
    "deep.yaml": ("PA012", 1, 35),
    "two_docs.yaml": ("PA013", 2, 1),
    "empty.yaml": ("PA014", 1, 1),
    "complex_key.yaml": ("PA015", 2, 3),
    "list_top.yaml": ("PA016", 1, 1),
    "syntax.yaml": ("PA007", 2, 7),  # where the bracket opens, not the end of the file
}


def refused(path: Path) -> list[tuple[str, int, int]]:
    with pytest.raises(ProblemError) as caught:
        read_file(path, path.name)
    for found in caught.value.problems:
        assert found.file == path.name
        assert found.th.strip() and found.en.strip()
        assert found.th != found.en
    return [(p.code, p.line, p.column) for p in caught.value.problems]


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_trap_is_refused_at_its_line_and_column(name: str) -> None:
    assert refused(LOAD / name) == [TRAPS[name]]


def test_every_trap_fixture_is_covered() -> None:
    on_disk = {p.name for p in LOAD.glob("*.yaml")} - {"duplicate_key.yaml"}
    assert on_disk == set(TRAPS)


def test_duplicate_key_is_reported_and_the_first_value_kept() -> None:
    loaded = read_file(LOAD / "duplicate_key.yaml", "duplicate_key.yaml")
    assert [(p.code, p.line, p.column) for p in loaded.problems] == [("PA011", 4, 1)]
    (found,) = loaded.problems
    assert "first_name" in found.en and "2" in found.en
    assert "บรรทัด 2" in found.th
    assert loaded.data["first_name"] == "สมศักดิ์"
    assert loaded.marks[("first_name",)] == (2, 1)


def test_duplicate_key_inside_a_list_item_is_reported() -> None:
    text = "items:\n  - code: a\n    code: b\n  - code: c\n"
    loaded = read_bytes(text.encode(), "x.yaml")
    assert [(p.code, p.line, p.column) for p in loaded.problems] == [("PA011", 3, 5)]
    assert loaded.data == {"items": [{"code": "a"}, {"code": "c"}]}


def test_same_key_in_two_mappings_is_not_a_duplicate() -> None:
    loaded = read_bytes(b"a:\n  x: 1\nb:\n  x: 2\n", "x.yaml")
    assert loaded.problems == []
    assert loaded.data == {"a": {"x": "1"}, "b": {"x": "2"}}


def test_file_over_one_mebibyte_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"note: " + b"x" * MAX_BYTES + b"\n")
    assert refused(big) == [("PA001", 1, 1)]


def test_file_of_exactly_one_mebibyte_is_read(tmp_path: Path) -> None:
    body = b"note: "
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(body + b"x" * (MAX_BYTES - len(body) - 1) + b"\n")
    assert len(read_file(exact, "exact.yaml").data["note"]) == MAX_BYTES - len(body) - 1


def test_read_bytes_refuses_oversized_input() -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(b"a: " + b"1" * MAX_BYTES, "big.yaml")
    assert [(p.code, p.line) for p in caught.value.problems] == [("PA001", 1)]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 12)]
    started = time.perf_counter()
    with pytest.raises(ProblemError) as caught:
        read_bytes("\n".join(lines).encode(), "bomb.yaml")
    assert time.perf_counter() - started < 1.0
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [("PA008", 1, 5)]


def test_deep_nesting_is_refused_quickly() -> None:
    text = "a: " + "[" * 200_000 + "]" * 200_000 + "\n"
    started = time.perf_counter()
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode(), "deep.yaml")
    assert time.perf_counter() - started < 1.0
    assert [p.code for p in caught.value.problems] == ["PA012"]


def test_thirty_two_levels_are_allowed() -> None:
    # the top-level mapping is level 1; 31 nested lists make 32 levels
    text = "a: " + "[" * 31 + "x" + "]" * 31 + "\n"
    value = read_bytes(text.encode(), "ok.yaml").data["a"]
    depth = 1
    while isinstance(value, list):
        value, depth = value[0], depth + 1
    assert (value, depth) == ("x", 32)


def test_large_but_valid_file_loads_in_bounded_time() -> None:
    rows = "".join(f"  - {{code: q{n}, text: ข้อที่ {n}, counts: [1, 2, 3]}}\n" for n in range(8000))
    text = ("questions:\n" + rows).encode()
    assert len(text) < MAX_BYTES
    started = time.perf_counter()
    loaded = read_bytes(text, "big.yaml")
    assert time.perf_counter() - started < 5.0
    assert len(loaded.data["questions"]) == 8000


@pytest.mark.parametrize(
    "key",
    [
        "\u200e",  # left-to-right mark
        "\u2066",  # left-to-right isolate
        "\u061c",  # Arabic letter mark
    ],
)
def test_other_bidi_controls_are_refused(key: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(f"name: ab{key}c\n".encode(), "x.yaml")
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [("PA005", 1, 9)]


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85", "\u2028", "\u2029"])
def test_control_characters_are_refused(char: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(f"a: 1\nb: x{char}\n".encode(), "x.yaml")
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [("PA004", 2, 5)]


def test_line_separator_would_shift_every_later_line() -> None:
    """YAML counts U+2028 as a line break, editors do not: refused where it stands."""
    with pytest.raises(ProblemError) as caught:
        read_bytes("a: x\nb: 'p\u2028q'\nc: 1\n".encode(), "x.yaml")
    assert [(p.code, p.line, p.column) for p in caught.value.problems] == [("PA004", 2, 6)]
    assert "U+2028" in caught.value.problems[0].en


def test_tab_newline_and_crlf_are_not_control_characters() -> None:
    loaded = read_bytes(b"a: x\r\nb: 'y\tz'\r\n", "x.yaml")
    assert loaded.data == {"a": "x", "b": "y\tz"}


def test_nfc_thai_is_accepted() -> None:
    loaded = read_bytes("note: ครูและผู้เรียน\n".encode(), "x.yaml")
    assert loaded.data["note"] == "ครูและผู้เรียน"


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\n",  # an anchor without any alias is refused too
        "a: [1, &y 2]\n",
        "a: &m {b: 1}\n",
    ],
)
def test_any_anchor_is_refused(text: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode(), "x.yaml")
    assert [p.code for p in caught.value.problems] == ["PA008"]


@pytest.mark.parametrize(
    ("text", "column"),
    [("a: !custom x\n", 4), ("a: !!str 1\n", 4), ("a: !!map {b: 1}\n", 4), ("!!map\na: 1\n", 1)],
)
def test_any_tag_is_refused(text: str, column: int) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode(), "x.yaml")
    assert [(p.code, p.column) for p in caught.value.problems] == [("PA010", column)]


def test_quoted_merge_key_is_just_a_key() -> None:
    assert read_bytes(b"'<<': x\n", "x.yaml").data == {"<<": "x"}


def test_document_start_marker_alone_is_one_document() -> None:
    assert read_bytes(b"---\na: 1\n...\n", "x.yaml").data == {"a": "1"}


@pytest.mark.parametrize("text", ["# only a comment\n", "~\n", "null\n", "---\n"])
def test_nothing_but_null_or_comments_is_empty(text: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode(), "x.yaml")
    assert [p.code for p in caught.value.problems] == ["PA014"]


@pytest.mark.parametrize("text", ["just text\n", "42\n", "'quoted'\n"])
def test_scalar_top_level_is_not_a_mapping(text: str) -> None:
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode(), "x.yaml")
    assert [p.code for p in caught.value.problems] == ["PA016"]


# --- typing ------------------------------------------------------------------------------

UNTYPED = """\
answer_yes: yes
answer_no: no
answer_on: on
answer_off: off
answer_y: y
upper: YES
time: 1:30
sexagesimal: 190:20:30
date: 2025-10-01
stamp: 2025-10-01 10:00:00
leading_zero: 0123
phone: 0812345678
code: 1.10
octal: 0o17
hex: 0x1F
float: 1e3
infinity: .inf
nan: .nan
number: 42
truth: true
"""


def test_plain_scalars_stay_text_exactly_as_written() -> None:
    data = read_bytes(UNTYPED.encode(), "x.yaml").data
    for line in UNTYPED.splitlines():
        key, written = line.split(": ", 1)
        assert data[key] == written, key
        assert type(data[key]) is Plain, key


def test_quoted_scalars_are_plain_str_not_plain() -> None:
    data = read_bytes(b"a: '42'\nb: \"true\"\nc: |\n  text\n", "x.yaml").data
    assert data == {"a": "42", "b": "true", "c": "text\n"}
    assert all(type(v) is str for v in data.values())


@pytest.mark.parametrize("text", ["a:\n", "a: ~\n", "a: null\n", "a: Null\n", "a: NULL\n"])
def test_only_empty_tilde_and_null_load_as_nothing(text: str) -> None:
    assert read_bytes(text.encode(), "x.yaml").data == {"a": None}


def test_quoted_null_is_text() -> None:
    assert read_bytes(b"a: 'null'\nb: ''\n", "x.yaml").data == {"a": "null", "b": ""}


def test_numeric_keys_stay_text() -> None:
    data = read_bytes(b"1.1: a\n1.10: b\n2: c\n", "x.yaml").data
    assert list(data) == ["1.1", "1.10", "2"]


@pytest.fixture(scope="module")
def schemas() -> SchemaSet:
    return SchemaSet(SCHEMAS)


def _coerced(schemas: SchemaSet, kind: str, text: str):
    return schemas.coerce(kind, read_bytes(text.encode(), "x.yaml").data)


def test_schema_types_integers_and_booleans_where_it_asks(schemas: SchemaSet) -> None:
    data = _coerced(
        schemas,
        "evaluation",
        "person: p\nfiscal_year: 2569\nround: 1\nmember: m\ndate: 2026-03-10\n"
        "workload_ok: true\npart1:\n  1.1:\n    level: 3\n    comment: 4\nfinal: false\n",
    )
    assert data["fiscal_year"] == 2569 and type(data["fiscal_year"]) is int
    assert data["round"] == 1 and type(data["round"]) is int
    assert data["workload_ok"] is True and data["final"] is False
    assert data["part1"]["1.1"]["level"] == 3
    # text fields stay text, even when they look like numbers or dates
    assert data["part1"]["1.1"]["comment"] == "4"
    assert data["date"] == "2026-03-10" and type(data["date"]) is not int
    assert list(data["part1"]) == ["1.1"]


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "ON"])
def test_yaml11_booleans_are_not_booleans_even_where_the_schema_wants_one(
    schemas: SchemaSet, word: str
) -> None:
    data = _coerced(schemas, "evaluation", f"workload_ok: {word}\n")
    assert data["workload_ok"] == word


@pytest.mark.parametrize(
    ("written", "expected"),
    [("16", 16), ("16.5", 16.5), ("0", 0), ("1:30", "1:30"), ("016", "016"), ("1e3", "1e3")],
)
def test_numbers_are_typed_only_in_their_own_form(
    schemas: SchemaSet, written: str, expected
) -> None:
    data = _coerced(
        schemas,
        "agreement",
        f"workload:\n  support: {written}\n  teaching:\n    - hours: {written}\n",
    )
    assert data["workload"]["support"] == expected
    assert type(data["workload"]["support"]) is type(expected)
    assert data["workload"]["teaching"][0]["hours"] == expected


def test_leading_zero_integer_stays_text(schemas: SchemaSet) -> None:
    assert _coerced(schemas, "evaluation", "fiscal_year: 02569\n")["fiscal_year"] == "02569"


def test_phone_and_id_with_leading_zero_stay_text(schemas: SchemaSet) -> None:
    data = _coerced(schemas, "person", "id: 0123\ncontact:\n  phone: 0812345678\n")
    assert data == {"id": "0123", "contact": {"phone": "0812345678"}}


def test_indicator_code_keys_are_never_numbers(schemas: SchemaSet) -> None:
    data = _coerced(schemas, "review", "comments:\n  1.10: ก\n  1.1: ข\n")
    assert list(data["comments"]) == ["1.10", "1.1"]


def test_integer_list_items_are_typed(schemas: SchemaSet) -> None:
    data = _coerced(schemas, "survey", "questions:\n  - code: q1\n    counts: [0, 1, 02]\n")
    assert data["questions"][0]["counts"] == [0, 1, "02"]


# --- marks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "relative",
    sorted(p.relative_to(MINIMAL).as_posix() for p in MINIMAL.rglob("*.yaml")),
)
def test_every_key_and_item_has_its_line_and_column(relative: str) -> None:
    loaded = read_file(MINIMAL / relative, relative)
    lines = loaded.text.splitlines()
    pointers = list(pointers_in(loaded.data))
    assert pointers
    for pointer in pointers:
        line, column = loaded.marks[pointer]
        rest = lines[line - 1][column - 1 :]
        last = pointer[-1]
        if isinstance(last, str):
            # the mark is the key itself, quoted or not
            assert rest.lstrip("'\"").startswith(last), (pointer, rest)
        else:
            # the mark is the item's value, just after its dash (block) or inside [ ] (flow)
            before = lines[line - 1][: column - 1].rstrip()
            assert before.endswith(("-", "[", ",")), (pointer, before)


def test_marks_of_nested_lists_and_flow_items() -> None:
    text = "entries:\n  - date: 2025-11-05\n    evidence:\n      - title: ก\n        url: u\ncounts: [0, 1, 3]\n"
    marks = read_bytes(text.encode(), "x.yaml").marks
    assert marks[("entries",)] == (1, 1)
    assert marks[("entries", 0)] == (2, 5)
    assert marks[("entries", 0, "date")] == (2, 5)
    assert marks[("entries", 0, "evidence", 0, "url")] == (5, 9)
    assert marks[("counts", 2)] == (6, 16)


def test_marks_count_thai_characters_not_bytes() -> None:
    marks = read_bytes("a: {ชื่อ: ก, สกุล: ข}\n".encode(), "x.yaml").marks
    assert marks[("a", "สกุล")] == (1, 14)


# --- the parser in use -------------------------------------------------------------------


def test_libyaml_c_parser_is_used_when_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml"
    assert load.WITH_LIBYAML is True
    assert load._Loader is yaml.CSafeLoader
    used = []
    real = yaml.parse

    def spy(stream, Loader):
        used.append(Loader)
        return real(stream, Loader=Loader)

    monkeypatch.setattr(load.yaml, "parse", spy)
    read_file(MINIMAL / "office.yaml", "office.yaml")
    assert used == [yaml.CSafeLoader]


@pytest.fixture
def pure_python(monkeypatch: pytest.MonkeyPatch) -> None:
    """Load as on a machine whose PyYAML has no libyaml."""
    monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_pure_python_parser_refuses_the_same_traps(pure_python, name: str) -> None:
    code, line, column = TRAPS[name]
    found = refused(LOAD / name)
    if code == "PA007":  # the two parsers word and place syntax errors differently
        assert [f[0] for f in found] == ["PA007"]
    else:
        assert found == [(code, line, column)]


def test_pure_python_parser_types_the_same(pure_python) -> None:
    data = read_bytes((UNTYPED + "empty:\nnothing: ~\n").encode(), "x.yaml").data
    assert data["answer_yes"] == "yes" and type(data["answer_yes"]) is Plain
    assert data["date"] == "2025-10-01" and type(data["date"]) is Plain
    assert data["empty"] is None and data["nothing"] is None
    assert type(read_bytes(b"a: '1'\n", "x.yaml").data["a"]) is str


def test_pure_python_and_libyaml_load_the_minimal_tree_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for path in sorted(MINIMAL.rglob("*.yaml")):
        fast = read_file(path, path.name)
        monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
        slow = read_file(path, path.name)
        monkeypatch.setattr(load, "_Loader", yaml.CSafeLoader)
        assert fast.data == slow.data, path
        assert {k: type(v) for k, v in fast.data.items()} == {
            k: type(v) for k, v in slow.data.items()
        }
        assert fast.marks == slow.marks, path
