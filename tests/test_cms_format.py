"""The CMS's record format (cms_format.js), run in Node: every record reads and writes
back byte for byte as emit.dump wrote it, whatever order the editor keeps fields in."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from cms_support import node_modules
from patracker import emit
from patracker.cms import config, format_script, people_names
from patracker.project import SOURCE_ROOT, Project

RECORDS = SOURCE_ROOT / "records"

ROUND_TRIP = r"""
const F = require(process.argv[1]);
const fs = require('fs'), path = require('path');
function walk(d) {
  return fs.readdirSync(d, {withFileTypes: true})
    .flatMap(e => e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]);
}
function scramble(v) {  // Immutable.js maps of more than 8 keys lose insertion order
  if (Array.isArray(v)) return v.map(scramble);
  if (v && typeof v === 'object') {
    const o = {}; Object.keys(v).reverse().forEach(k => o[k] = scramble(v[k])); return o;
  }
  return v;
}
const tops = Object.keys(F.ORDER);
const out = {checked: 0, differ: [], kinds: {}, checkedKinds: {}};
for (const f of walk(process.argv[2]).filter(f => f.endsWith('.yaml'))) {
  const text = fs.readFileSync(f, 'utf8');
  const data = F.fromFile(text);
  out.kinds[data.record_kind] = (out.kinds[data.record_kind] || 0) + 1;
  const keys = Object.keys(data).filter(k => !F.DERIVED.includes(k));
  const top = tops.find(k => keys.every(x => k.split(',').includes(x)));
  if (!top) continue;
  out.checked++;
  out.checkedKinds[data.record_kind] = (out.checkedKinds[data.record_kind] || 0) + 1;
  if (F.toFile(scramble(data), top.split(',')) !== text) out.differ.push(f);
}
console.log(JSON.stringify(out));
"""

WRITE = r"""
const F = require(process.argv[1]);
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
process.stdout.write(F.toFile(input.data, input.top));
"""


@pytest.fixture(scope="module")
def script(tmp_path_factory):
    node_modules()  # node itself comes with the CMS test's tools
    path = tmp_path_factory.mktemp("cms") / "patracker-format.js"
    settings = config(Project.at(RECORDS))
    path.write_text(format_script(settings, people_names(RECORDS)), encoding="utf-8")
    return path, settings


def node(code: str, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        ["node", "-e", code, "--", *args], input=stdin, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_record_round_trips_byte_for_byte(script):
    path, _ = script
    result = json.loads(node(ROUND_TRIP, str(path), str(RECORDS)))
    assert result["differ"] == []
    assert result["checked"] > 1000
    assert {"person", "agreement", "progress", "review", "evaluation"} <= set(result["kinds"])
    # every kind's lists and editors write their files back unchanged, induction included
    # (its demo files keep "final" before "notified": a file's own order wins over the form's)
    kinds = {"person", "agreement", "progress", "review", "evaluation", "induction"}
    assert kinds <= set(result["checkedKinds"]), result["checkedKinds"]


def test_a_new_entry_is_written_as_emit_dump_in_form_order(script):
    path, settings = script
    teacher = next(c for c in settings["collections"] if c["name"] == "agreement-teacher")
    codes = [
        f["name"] for f in next(f for f in teacher["fields"] if f["name"] == "part1")["fields"]
    ]
    part1 = {
        code: {"tasks": f"งาน {code}", "outcomes": "ผล", "indicators": "ร้อยละ 80"} for code in codes
    }
    expected = {
        "person": "somchai-jaidee",
        "fiscal_year": 2570,
        "form": "teacher",
        "status": "draft",
        "part1": part1,
        "challenges": {"issue": "ปัญหา: การอ่าน\nบรรทัดสอง"},
    }
    # the editor hands fields over in any order, with empty optional groups and the kind
    scrambled = {
        "challenges": expected["challenges"],
        "part1": dict(reversed(list(part1.items()))),
        "approval": {"by": "", "date": None},
        "record_kind": "agreement",
        "status": "draft",
        "form": "teacher",
        "fiscal_year": 2570,
        "person": "somchai-jaidee",
    }
    top = [f["name"] for f in teacher["fields"]]
    written = node(WRITE, str(path), stdin=json.dumps({"data": scrambled, "top": top}))
    assert written == emit.dump(expected)


NAMED = r"""
const F = require(process.argv[1]);
const data = F.fromFile(require('fs').readFileSync(process.argv[2], 'utf8'));
console.log(JSON.stringify({person: data.person_name, member: data.member_name}));
"""


def test_lists_name_people_and_the_names_are_never_written(script):
    """A list's label is a summary of the entry's own fields: the format adds the people's
    names on reading (round-tripping every record above proves they are not written)."""
    path, _ = script
    evaluation = next((RECORDS / "people").glob("*/*/evaluations/r1-*.yaml"))
    data = yaml.safe_load(evaluation.read_text(encoding="utf-8"))
    names = people_names(RECORDS)
    got = json.loads(node(NAMED, str(path), str(evaluation)))
    assert got == {"person": names[data["person"]], "member": names[data["member"]]}
    person = yaml.safe_load((RECORDS / "people" / data["person"] / "person.yaml").read_text())
    assert got["person"] == f"{person['title']}{person['first_name']} {person['last_name']}"
