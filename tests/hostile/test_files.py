"""Hostile bytes and places: each is refused with its code, file and line, in bounded time.

One case per function; each writes its own fixture into a copy of the minimal tree and
asserts the complete list of errors the validator reports.
"""

from __future__ import annotations

import os
from pathlib import Path

from patracker.load import MAX_BYTES

from .conftest import validate_bounded

PERSON = "people/wichai-boonmee/person.yaml"
APP = "applications/wichai-boonmee-2568.yaml"  # no other record refers to it


def _write(tree: Path, relative: str, content: bytes) -> None:
    path = tree / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def test_alias_bomb(tree: Path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    _write(tree, APP, ("\n".join(lines) + "\n").encode())
    assert validate_bounded(tree) == [("PA008", APP, 1)]


def test_deep_nesting(tree: Path):
    _write(tree, APP, b"id: " + b"[" * 100_000 + b"]" * 100_000 + b"\n")
    assert validate_bounded(tree) == [("PA012", APP, 1)]


def test_fifty_megabyte_file_is_refused_without_being_read(tree: Path):
    path = tree / APP
    with open(path, "r+b") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: quick to make, refused by its size
    assert os.stat(path).st_size > MAX_BYTES
    assert validate_bounded(tree) == [("PA001", APP, 1)]


def test_binary_file_in_place_of_a_record(tree: Path):
    _write(tree, APP, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert validate_bounded(tree) == [("PA002", APP, 1)]


def test_binary_file_beside_the_records(tree: Path):
    _write(tree, "people/wichai-boonmee/photo.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    assert validate_bounded(tree) == [("PA206", "people/wichai-boonmee/photo.png", 1)]


def test_invalid_utf8_on_line_three(tree: Path):
    text = (tree / APP).read_bytes().split(b"\n")
    text[2] = b"standing: \xe0\xb8"  # a Thai character cut in half
    _write(tree, APP, b"\n".join(text))
    assert validate_bounded(tree) == [("PA002", APP, 3)]


def test_byte_order_mark(tree: Path):
    _write(tree, APP, b"\xef\xbb\xbf" + (tree / APP).read_bytes())
    assert validate_bounded(tree) == [("PA003", APP, 1)]


def test_control_character(tree: Path):
    text = (tree / APP).read_text(encoding="utf-8").replace("standing: ", "standing: \x1b[2J")
    _write(tree, APP, text.encode())
    assert validate_bounded(tree) == [("PA004", APP, 3)]


def test_bidi_override(tree: Path):
    text = (tree / APP).read_text(encoding="utf-8").replace("person: ", "person: \u202e")
    _write(tree, APP, text.encode())
    assert validate_bounded(tree) == [("PA005", APP, 2)]


def test_zero_width_space_in_an_id(tree: Path):
    text = (tree / PERSON).read_text(encoding="utf-8")
    _write(tree, PERSON, text.replace("id: wichai-boonmee", "id: wichai\u200b-boonmee").encode())
    assert validate_bounded(tree) == [("PA017", PERSON, 1)]  # invisible: refused as such


def test_zero_width_space_in_a_folder_name(tree: Path):
    (tree / "people/wichai-boonmee").rename(tree / "people/wichai\u200b-boonmee")
    found = validate_bounded(tree)
    where = "people/wichai\u200b-boonmee/person.yaml"
    assert ("PA201", where, 1) in found
    assert {code for code, _, _ in found} <= {"PA201", "PA302"}  # and who named him
