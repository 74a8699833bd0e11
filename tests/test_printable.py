"""Printable PA 1 / PA 2 / PA 3: the per-person JSON the print pages lay out holds the
engine's figures, every indicator of the form, the ESA director's target groups and three
challenges; person pages link only to forms that exist; record text stays data.

The JSON and the three pages are made through ``print_pages`` and Jinja only (no mkdocs);
the browser tests (tests/browser) render the pages in Chromium from the built site.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from patracker import thai
from patracker.engine import scoring, summary
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render import environment
from patracker.render.context import Site
from patracker.render.pages import Download, people
from patracker.render.printable import print_pages
from patracker.validate import validate

RECORDS = SOURCE_ROOT / "records"
AS_OF = dt.date(2026, 11, 20)
PRINT_JS = SOURCE_ROOT / "site_templates" / "assets" / "print.js"


def make_site(records: Path) -> Site:
    """A ``Site`` built the way ``build.py`` builds one."""
    project = Project.at(records)
    result = validate(project)
    assert result.ok, [p.code for p in result.errors][:5]
    model = build_model(result.corpus, project.forms)
    return Site(
        project=project,
        model=model,
        as_of=AS_OF,
        warnings=result.warnings,
        corpus=result.corpus,
    )


def render(site: Site, builders) -> dict[str, str | bytes]:
    """Pages rendered through Jinja, downloads as their bytes."""
    env = environment(SOURCE_ROOT / "site_templates")
    out = {}
    for builder in builders:
        for item in builder(site):
            if isinstance(item, Download):
                out[item.path] = item.bytes()
                continue
            root = "../" * item.path.count("/")
            template = env.get_template(item.template)
            out[item.path] = template.render(site=site, root=root, title=item.title, **item.context)
    return out


def person_files(printed: dict) -> dict[str, dict]:
    """person id → their print/data/<person>.json, parsed."""
    found, scripts = {}, {}
    for path, content in printed.items():
        if path.startswith("print/data/"):
            assert path.endswith((".json", ".js")) and isinstance(content, bytes)
            person, kind = path.removeprefix("print/data/").rsplit(".", 1)
            if kind == "json":
                found[person] = json.loads(content)
            else:
                scripts[person] = content
    # each person's data also comes as a script for a site opened from disk (file://)
    assert scripts.keys() == found.keys()
    for person, script in scripts.items():
        prefix = b"(window.paPrintData = window.paPrintData || {})[" + json.dumps(person).encode()
        assert script.startswith(prefix + b"] = ") and script.endswith(b";\n")
        assert json.loads(script[len(prefix) + 4 : -2]) == found[person]
    return found


def definitions(page: str) -> dict:
    """The form definitions a print page carries inline."""
    found = re.search(r'<script type="application/json" id="pa-print-forms">(.*?)</script>', page)
    assert found, "no form definitions in the page"
    return json.loads(found.group(1))


@pytest.fixture(scope="module")
def demo() -> Site:
    return make_site(RECORDS)


@pytest.fixture(scope="module")
def printed(demo: Site) -> dict[str, str | bytes]:
    return render(demo, [print_pages])


@pytest.fixture(scope="module")
def data(printed) -> dict[str, dict]:
    return person_files(printed)


def in_force_scores(site: Site):
    """Every (round, person, member) with an evaluation in force, scored by the engine."""
    for rnd in site.rounds:
        if rnd.start > site.as_of:
            continue
        for person in summary.assessees(site.model, site.forms, rnd.fiscal_year, rnd.round):
            who = site.model.people[person]
            form = site.forms.form_for(who.position)
            committee = site.model.pa_committee_of.get((person, rnd.fiscal_year))
            found = summary.in_force(
                site.model.evaluations_of.get((person, rnd.fiscal_year, rnd.round), ())
            )
            for member in committee.member_ids if committee else ():
                if member in found:
                    evaluation = found[member][0]
                    yield (
                        rnd,
                        who,
                        evaluation,
                        scoring.score_evaluation(evaluation, site.forms.pa2, form),
                    )


def rounds_of(data: dict, person: str, fy: int) -> dict:
    return data[person]["years"][str(fy)].get("rounds", {})


def test_three_generic_pages_and_one_json_file_per_person(demo: Site, printed, data):
    pages = sorted(p for p in printed if not p.startswith("print/data/"))
    assert pages == ["print/pa1.md", "print/pa2.md", "print/pa3.md"]
    for path in pages:
        page = printed[path]
        assert f'data-pa="{path[6:9]}"' in page
        assert '<script src="../assets/print.js" defer></script>' in page
        definitions(page)  # valid JSON
    assert len(data) > 100 and set(data) <= set(demo.model.people)
    for content in (c for p, c in printed.items() if p.startswith("print/data/")):
        assert b'", "' not in content and b'": ' not in content  # compact separators
        assert b"\\u0e" not in content  # Thai as UTF-8, not \u escapes
        assert len(content) < 100_000
    # form definitions are in the pages, never repeated per person
    titles = [f.title for f in demo.forms.agreement_forms.values()]
    for content in (c.decode() for p, c in printed.items() if p.startswith("print/data/")):
        assert not any(t in content for t in titles) and '"aspects"' not in content


def test_pa2_data_holds_the_engine_scores(demo: Site, data: dict):
    expected = list(in_force_scores(demo))
    assert len(expected) > 100  # the demo office has a full year of evaluations
    found, seen = set(), set()
    for person, entry in data.items():
        for fy, year in entry["years"].items():
            for rnd, forms in year.get("rounds", {}).items():
                found |= {(person, int(fy), int(rnd), m) for m in forms["pa2"]}
    for rnd, person, evaluation, score in expected:
        seen.add((person.id, rnd.fiscal_year, rnd.round, evaluation.member))
        ev = rounds_of(data, person.id, rnd.fiscal_year)[str(rnd.round)]["pa2"][evaluation.member]
        assert ev["total"] == thai.number(score.total, 2)
        assert ev["part1"] == thai.number(score.part1, 2)
        assert ev["part2"] == thai.number(score.part2, 2)
        assert ev["maximum"] == thai.number(score.maximum)
        assert ev["final"] is evaluation.final
        assert data[person.id]["expected"] == demo.expected_level(person.standing)
        assert set(ev["items"]) == {item.code for item in score.items}
        for item in score.items:
            assert ev["items"][item.code] == [item.level, thai.number(item.points, 2)]
    assert found == seen


def test_pa2_marks_the_pass_verdict_and_the_member(demo: Site, data: dict):
    threshold = demo.model.office.rules.pass_percent
    verdicts = set()
    for rnd, person, evaluation, score in in_force_scores(demo):
        round_data = rounds_of(data, person.id, rnd.fiscal_year)[str(rnd.round)]
        ev = round_data["pa2"][evaluation.member]
        passed = score.percent >= threshold
        assert ev["passed"] is passed
        assert round_data["threshold"] == thai.number(threshold)
        assert ev["name"] == demo.name_of(evaluation.member)
        assert ev["title"] == (
            f"PA 2 {person.name} รอบที่ {rnd.round}/{rnd.fiscal_year} — "
            f"{demo.name_of(evaluation.member)}"
        )
        verdicts.add(passed)
    assert verdicts == {True, False}  # the demo has both, so both branches are checked


def test_pa3_data_shows_each_member_the_mean_and_the_result(demo: Site, data: dict):
    checked = 0
    seen_states = set()
    for rnd in demo.rounds:
        if rnd.start > demo.as_of:
            continue
        for result in summary.round_summaries(demo.model, demo.forms, rnd.fiscal_year, rnd.round):
            person = data.get(result.person, {"years": {}})
            year = person["years"].get(str(rnd.fiscal_year), {})
            found = year.get("rounds", {}).get(str(rnd.round))
            if not any(m.evaluation for m in result.members):
                assert found is None
                continue
            pa3 = found["pa3"]
            assert [m["id"] for m in pa3["members"]] == [m.member for m in result.members]
            for m, row in zip(result.members, pa3["members"], strict=True):
                assert row["total"] == (thai.number(m.score.total, 2) if m.score else "-")
                assert row["name"] == demo.name_of(m.member)
                if m.score:
                    passed = m.score.percent >= result.threshold
                    assert row["verdict"].startswith("ผ่าน" if passed else "ไม่ผ่าน")
                    assert ("ภาระงานไม่ครบเกณฑ์" in row["verdict"]) is not m.score.gate_ok
                else:
                    assert row["verdict"] in ("ยังไม่ยืนยันผล", "ยังไม่ส่ง")
            mean = thai.number(result.mean, 2) if result.mean is not None else "-"
            assert pa3["mean"] == mean
            assert pa3["state"] == result.state and pa3["label"] == result.label
            assert ("lowest" in pa3) is bool(result.state == "failed" and result.lowest)
            assert len(pa3["members"]) == 3
            seen_states.add(result.state)
            checked += 1
    assert checked > 50
    assert {"passed", "failed"} <= seen_states


def test_pa1_prints_every_indicator_of_the_form(demo: Site, printed, data: dict):
    forms = definitions(printed["print/pa1.md"])["forms"]
    agreements = demo.model.agreements
    assert agreements
    for (person, fy), agreement in agreements.items():
        pa1 = data[person]["years"][str(fy)]["pa1"]
        form = demo.forms.agreement_forms[agreement.form]
        shown = forms[pa1["form"]]
        assert shown["code"] == form.code and shown["title"] == form.title
        listed = [(code, title) for aspect in shown["aspects"] for code, title in aspect[2]]
        assert listed == [(item.code, item.title) for item in form.indicators]
        record = demo.record(agreement.path)
        for item in form.indicators:
            tasks = record["part1"].get(item.code, {}).get("tasks")
            if tasks:
                assert pa1["part1"][item.code]["tasks"] == tasks
        assert set(pa1["part1"]) <= {item.code for item in form.indicators}
        assert len(pa1["challenges"]) == len(record["challenges"])
        assert [c["title"] for c in pa1["challenges"]] == [c["title"] for c in record["challenges"]]
        assert data[person]["name"] == demo.name_of(person)
        assert pa1["title"] == f"{form.code} {demo.name_of(person)} ปีงบประมาณ {fy}"
    assert sum("pa1" in y for p in data.values() for y in p["years"].values()) == len(agreements)


def test_teacher_pa1_has_the_workload_header(demo: Site, data: dict):
    (person, fy), agreement = next(
        (key, a) for key, a in sorted(demo.model.agreements.items()) if a.form == "teacher"
    )
    pa1 = data[person]["years"][str(fy)]["pa1"]
    workload = demo.record(agreement.path)["workload"]
    total = sum(t["hours"] for t in workload["teaching"]) + sum(
        workload.get(k, 0) for k in ("support", "quality", "policy")
    )
    hours = pa1["hours"]
    assert hours["title"].startswith("1.1 ชั่วโมงสอนตามตารางสอน")
    assert hours["lines"][-1][0].startswith("1.4 งานตอบสนองนโยบายและจุดเน้น")
    assert hours["total"] == thai.number(total, 1)
    assert [s for s, _ in hours["teaching"]] == [t["subject"] for t in workload["teaching"]]
    assert pa1["class_types"] and all("ห้องเรียน" in t for t in pa1["class_types"])


def test_esa_director_pa1_shows_target_groups_and_three_challenges(demo: Site, printed, data: dict):
    assert definitions(printed["print/pa1.md"])["forms"]["esa-director"]["challenges"] == 3
    esa = [(k, a) for k, a in demo.model.agreements.items() if a.form == "esa-director"]
    assert esa
    for (person, fy), agreement in esa:
        pa1 = data[person]["years"][str(fy)]["pa1"]
        assert pa1["grouped"] is True
        assert len(pa1["challenges"]) == 3
        written = demo.record(agreement.path)["part1"]["1.1"]
        cells = pa1["part1"]["1.1"]["cells"]
        assert [c[0] for c in cells][:3] == [
            "ผู้เรียน",
            "ข้าราชการครูและบุคลากรทางการศึกษา",
            "สถานศึกษา",
        ]
        assert len(cells) == 4
        assert [c[2] for c in cells] == [
            written["indicators"][key] for key in ("learners", "staff", "schools", "esa")
        ]


def test_person_pages_link_only_to_print_forms_that_exist(demo: Site, data: dict):
    person_pages = render(demo, [people])
    links = 0
    kinds = set()
    for page in person_pages.values():
        for href in re.findall(r'href="\.\./(print/[^"]+)"', page):
            url = urlsplit(html.unescape(href))
            kind = url.path.removeprefix("print/").removesuffix(".html")
            q = {key: value[0] for key, value in parse_qs(url.query).items()}
            year = data[q["person"]]["years"][q["fy"]]
            if kind == "pa1":
                assert set(q) == {"person", "fy"} and "pa1" in year, href
            elif kind == "pa2":
                assert q["member"] in year["rounds"][q["round"]]["pa2"], href
            else:
                assert kind == "pa3" and set(q) == {"person", "fy", "round"}, href
                assert "pa3" in year["rounds"][q["round"]], href
            kinds.add(kind)
            links += 1
    assert links > 500 and kinds == {"pa1", "pa2", "pa3"}
    teacher = next(p for (p, fy), a in demo.model.agreements.items() if fy == 2569)
    page = person_pages[f"people/{teacher}.md"]
    assert f'href="../print/pa1.html?person={teacher}&amp;fy=2569"' in page


def test_print_script_builds_the_page_from_text_only():
    """Record text reaches the page as text: the script has no HTML-parsing sink."""
    script = PRINT_JS.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script, sink
    assert "createTextNode" in script
    assert not re.search(r"https?://", script)  # nothing from another host


def test_record_text_stays_data_in_the_print_json(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    evil = "<script>alert(1)</script> [x](javascript:alert(2)) <b>หนา</b></script><!--"
    agreement = sorted(records.glob("people/*/2569/agreement.yaml"))[0]
    person = agreement.parents[1].name
    text = agreement.read_text(encoding="utf-8")
    text = re.sub(r"(\n  1\.1:\n    tasks: ).*", lambda m: m.group(1) + repr(evil), text, count=1)
    text = re.sub(r"(\n  - title: ).*", lambda m: m.group(1) + repr(evil), text, count=1)
    agreement.write_text(text, encoding="utf-8")
    evaluation = sorted((agreement.parent / "evaluations").glob("r1-*.yaml"))[0]
    text = evaluation.read_text(encoding="utf-8")
    evaluation.write_text(
        text.replace("  1.1:\n    level:", f"  1.1:\n    comment: {evil!r}\n    level:", 1),
        encoding="utf-8",
    )
    member = evaluation.stem.removeprefix("r1-")
    printed = render(make_site(records), [print_pages])
    year = person_files(printed)[person]["years"]["2569"]
    assert year["pa1"]["part1"]["1.1"]["tasks"] == evil  # as written: the browser shows it
    assert year["pa1"]["challenges"][0]["title"] == evil
    assert year["challenge_titles"][0] == evil
    assert year["rounds"]["1"]["pa2"][member]["comments"]["1.1"] == evil
    for path in ("print/pa1.md", "print/pa2.md", "print/pa3.md"):  # no record text in pages
        assert "alert(" not in printed[path] and "<!--" not in printed[path]


_JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(-1e6, 1e6, allow_nan=False).map(lambda x: round(x, 2)),
    st.text(alphabet=st.sampled_from("กขคงจะาิีุู่้ abc<>&\"'\\/\n\u2028é😀"), max_size=12),
)
_JSON = st.recursive(
    _JSON_LEAVES,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_data_files_are_the_bytes_json_dumps_would_write(data):
    """The per-person files are written with orjson for speed; they must stay what
    ``json.dumps`` writes compact and unescaped, which the browser code was written for."""
    from patracker.render.output import compact_json

    expected = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    assert compact_json(data) == expected


def test_a_records_full_text_is_found_without_walking_every_record():
    """Forked workers make the print data: a look-up they built on first use would walk,
    and so copy the memory of, every record of the office in each of them."""
    project = Project.at(SOURCE_ROOT / "records")
    corpus = validate(project).corpus
    site = Site(project, build_model(corpus, project.forms), dt.date(2026, 11, 20), corpus=corpus)

    class Unwalkable(list):
        def __iter__(self):
            raise AssertionError("the records were walked after the site was made")

    path = "people/anchalee-boonma/2569/agreement.yaml"
    expected = next(r.data for r in corpus.records if r.path == path)
    corpus.records = Unwalkable(corpus.records)
    assert site.record(path) is expected
