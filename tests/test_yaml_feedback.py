"""Feedback a non-programmer can act on: a YAML slip is reported on the line to fix, with a
Thai explanation of its usual cause, and one broken file raises no errors in other files."""

from __future__ import annotations

import pytest
import yaml

from conftest import edit, line_of, problems_of
from patracker import load
from patracker.load import read_bytes
from patracker.problems import ProblemError
from patracker.yamlhints import HINTS

PERSON = "id: somsak\nfirst_name: สมศักดิ์\nlast_name: ทองดี\nschool: ban-thung-kula\n"

# (text, line to fix, cause); the line is where the person made the slip
SLIPS = {
    "missing colon": ("id: somsak\nfirst_name สมศักดิ์\nlast_name: ทองดี\n", 2, "colon"),
    "missing colon, first line": ("id somsak\nfirst_name: สมศักดิ์\n", 1, "colon"),
    "missing colon, last line": ("id: somsak\nfirst_name สมศักดิ์\n", 2, "colon"),
    "tab": ("id: somsak\nname:\n\tfirst: สมศักดิ์\n", 3, "tab"),
    "uneven indentation": (
        "name:\n    first: สมศักดิ์\n  last: ทองดี\nid: somsak\n",
        3,
        "indent",
    ),
    "colon in a value": ("id: somsak\nnote: เวลา: 10 โมง\nschool: x\n", 2, "value-colon"),
    "unclosed quote": ('id: somsak\nnote: "ยังไม่ปิด\nschool: x\nposition: teacher\n', 2, "quote"),
    "unclosed bracket": ("id: somsak\nsubjects: [ไทย, คณิต\nschool: x\n", 2, "bracket"),
    "bracket at the end": ("id: somsak\nsubjects: [\n", 2, "bracket"),
}


def syntax_error(text: str):
    with pytest.raises(ProblemError) as caught:
        read_bytes(text.encode("utf-8"), "person.yaml")
    [found] = caught.value.problems
    assert found.code == "PA007"
    return found


@pytest.fixture(params=["libyaml", "python"])
def parser(request, monkeypatch):
    """Both parsers PyYAML may have: the answer must not depend on which one is installed."""
    if request.param == "python":
        monkeypatch.setattr(load, "_Loader", yaml.SafeLoader)
    return request.param


@pytest.mark.parametrize("slip", sorted(SLIPS))
def test_slip_is_reported_on_its_line_with_its_thai_cause(parser, slip):
    text, line, cause = SLIPS[slip]
    found = syntax_error(text)
    assert found.line == line, f"{slip}: reported on line {found.line}"
    assert HINTS[cause][0] in found.th and HINTS[cause][1] in found.en
    assert found.th.isascii() is False and "could not" not in found.th  # no English in Thai


def test_english_keeps_the_parsers_own_words():
    found = syntax_error(SLIPS["missing colon"][0])
    assert "could not find expected ':'" in found.en
    assert "while scanning a simple key" in found.en


def test_every_cause_has_a_thai_and_an_english_hint():
    for cause, (th, en) in HINTS.items():
        assert th and en and th != en, cause


# --- no follow-on errors ---------------------------------------------------------------

AGREEMENT = "people/somsak-thongdee/2569/agreement.yaml"
PERSON_FILE = "people/somsak-thongdee/person.yaml"
SCHOOL = "schools/ban-thung-kula.yaml"
PA_COMMITTEE = "committees/2569/pa-ban-thung-kula.yaml"


def break_yaml(records, relative: str) -> int:
    """Turn the file's ``id:``/``person:`` line into a key without its colon; its line."""
    text = (records / relative).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    key, _, value = first.partition(": ")
    edit(records, relative, first + "\n", f"{key} {value}\n")
    return line_of(records, relative, f"{key} {value}")


@pytest.mark.parametrize("relative", [AGREEMENT, PERSON_FILE, SCHOOL, PA_COMMITTEE])
def test_one_broken_file_gives_one_error_in_that_file_only(records, relative):
    line = break_yaml(records, relative)
    assert problems_of(records) == [("PA007", relative, line)]


def test_an_unapproved_agreement_is_still_reported(records):
    """The guard is for a file that failed to load, not for a readable one."""
    edit(records, AGREEMENT, "status: approved", "status: submitted")
    assert "PA406" in {code for code, _, _ in problems_of(records)}
