"""Cell-level reading: dates, names, phones, ids — table-driven, no records needed."""

from __future__ import annotations

import datetime as dt

import pytest

from patracker.roster import ids
from patracker.roster.dates import parse_date
from patracker.roster.rows import _phone
from patracker.roster.text import school_key, split_title

TODAY = dt.date(2026, 1, 15)
TITLES = ("ว่าที่ร้อยตรีหญิง", "ว่าที่ร้อยตรี", "นางสาว", "นาง", "นาย", "ดร.")


@pytest.mark.parametrize(
    ("cell", "value", "codes"),
    [
        (dt.datetime(2015, 5, 16), "2015-05-16", []),
        (dt.date(2558, 5, 16), "2015-05-16", ["PA714"]),
        (42140, "2015-05-16", ["PA715"]),
        ("42140", "2015-05-16", ["PA715"]),
        ("2015-05-16", "2015-05-16", []),
        ("16/5/2558", "2015-05-16", ["PA714"]),
        ("16-05-2015", "2015-05-16", []),
        ("16 พ.ค. 2558", "2015-05-16", ["PA714"]),
        ("16 พฤษภาคม พ.ศ. 2558", "2015-05-16", ["PA714"]),
        ("๑๖/๕/๒๕๕๘", "2015-05-16", ["PA714"]),
        ("29/2/2547", "2004-02-29", ["PA714"]),  # CE 2004 is a leap year; 2547 is not
        ("29/2/2548", None, ["PA713"]),
        ("16/05/58", None, ["PA717"]),
        ("31/02/2558", None, ["PA713"]),
        ("เมื่อวาน", None, ["PA713"]),
        ("1/1/1900", None, ["PA716"]),
        ("1/1/2600", None, ["PA714", "PA716"]),
    ],
)
def test_dates(cell, value, codes):
    parsed = parse_date(cell, TODAY)
    assert parsed.value == value
    assert [code for code, _ in parsed.notes] == codes


@pytest.mark.parametrize(
    ("text", "title", "rest"),
    [
        ("นายสมชาย ใจดี", "นาย", "สมชาย ใจดี"),
        ("นางสาว สมหญิง ใจดี", "นางสาว", "สมหญิง ใจดี"),
        ("ว่าที่ร้อยตรีหญิง ดร.วันเพ็ญ  แสงทอง", "ว่าที่ร้อยตรีหญิง ดร.", "วันเพ็ญ แสงทอง"),
        ("สมชาย ใจดี", "", "สมชาย ใจดี"),
        ("นาย", "", "นาย"),
    ],
)
def test_titles(text, title, rest):
    assert split_title(text, TITLES) == (title, rest)


@pytest.mark.parametrize(
    ("cell", "phone"),
    [("081-234-5678", "0812345678"), (812345678, "0812345678"), (812345678.0, "0812345678"),
     ("๐๘๑ ๒๓๔ ๕๖๗๘", "0812345678"), ("081 ต่อ 12 หรือ 082", "081 ต่อ 12 หรือ 082")],
)  # fmt: skip
def test_phones(cell, phone):
    assert _phone(cell) == phone


def test_school_names_match_without_prefix():
    prefixes = ("โรงเรียน", "รร.")
    assert school_key("รร.บ้านไผ่งามวิทยา", prefixes) == school_key("โรงเรียน บ้านไผ่งามวิทยา", prefixes)


def test_ids_are_ascii_stable_and_deduplicated(monkeypatch):
    assert ids.slug("สมชาย", "ใจดี", fallback="person") == "somchai-chaidi"
    taken = {"somchai-chaidi"}
    assert ids.unique("somchai-chaidi", taken) == "somchai-chaidi-2"
    assert ids.unique("somchai-chaidi", taken) == "somchai-chaidi-3"
    monkeypatch.setattr(ids, "_romanize", lambda text: "")
    fallback = ids.slug("สมชาย", "ใจดี", fallback="person")
    assert fallback == ids.slug("สมชาย", "ใจดี", fallback="person")
    assert fallback.startswith("person-") and fallback.isascii() and len(fallback) == 15
