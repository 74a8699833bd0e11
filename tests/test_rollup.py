"""`patracker rollup`: three generated offices combined into one Thai dashboard."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from patracker import aggregates
from patracker.demo import DemoSpec, write_demo
from patracker.model import build_model
from patracker.project import Project
from patracker.render.context import Site
from patracker.rollup import Total
from patracker.validate import validate

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
AS_OF = dt.date(2026, 11, 20)


def office(base: Path, area: int, audience: str) -> Path:
    """A generated office's aggregates, written where its built site would have them."""
    records = base / f"office-{area}" / "records"
    write_demo(DemoSpec(people=30 + 15 * area, schools=3, seed=area, area=area), records)
    project = Project.at(records)
    result = validate(project)
    assert result.ok
    model = build_model(result.corpus, project.forms)
    s = Site(project=project, model=model, as_of=AS_OF, audience=audience)
    site = base / f"office-{area}" / "site"
    for path, content in aggregates.files(s).items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(content)
    return site


@pytest.fixture(scope="module")
def offices(tmp_path_factory) -> list[Path]:
    base = tmp_path_factory.mktemp("offices")
    return [office(base, 1, "internal"), office(base, 2, "internal"), office(base, 3, "public")]


def rollup(*args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [BIN / "patracker", "rollup", "--quiet", *map(str, args)], capture_output=True, text=True
    )


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def dashboard(offices, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("rollup") / "site"
    inputs = [offices[0], offices[1], offices[2] / "api" / "summary.json"]  # folders and a file
    done = rollup(*inputs, "--out", out, "--title", "ภาพรวมทดสอบ")
    assert done.returncode == 0, done.stderr
    return out


def summaries(offices) -> list[dict]:
    return [json.loads((o / "api" / "summary.json").read_text(encoding="utf-8")) for o in offices]


def test_dashboard_lists_every_office_with_its_figures(dashboard, offices):
    page = text_of((dashboard / "offices.html").read_text(encoding="utf-8"))
    for data in summaries(offices):
        assert data["office"]["short_name"] in page
    assert "สพม.นครสุวรรณ เขต 3" in page and "ไม่เปิดเผย" in page  # the public office hides some
    index = (dashboard / "index.html").read_text(encoding="utf-8")
    assert index.count('class="pa-chart"') >= 3 and "ภาพรวมทดสอบ" in index
    assert "20 พฤศจิกายน 2569" in text_of(index)


def test_totals_add_up_and_suppressed_counts_make_at_least(dashboard, offices):
    data = summaries(offices)
    exact = sum(d["agreements"]["items"][0]["count"] for d in data[:2])
    third = data[2]["agreements"]["items"][0]["count"]
    assert isinstance(third, int)  # approved is large in every office
    index = text_of((dashboard / "index.html").read_text(encoding="utf-8"))
    assert f"เห็นชอบ {exact + third:,}" in index
    small = [i for i in data[2]["applications"]["items"] if i["count"] == "< 5"]
    assert small and "อย่างน้อย" in index


def test_total_arithmetic():
    total = Total() + 7 + "< 5" + 5
    assert (total.known, total.unknown, total.text) == (12, 1, "อย่างน้อย 12")
    assert (Total() + 3).text == "3" and (Total() + "< 5").text == "ไม่เปิดเผย"


def test_site_is_offline_and_thai(dashboard):
    css = (dashboard / "assets" / "pa.css").read_text(encoding="utf-8")
    assert (
        "Sarabun" in css
        and (dashboard / "assets" / "fonts" / "sarabun-thai-400-normal.woff2").is_file()
    )
    for page in dashboard.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert 'lang="th"' in html
        assert not re.search(r'(src|href)="https?://(?!www\.w3\.org)[^"]*\.(css|js|woff2?)', html)


def test_invalid_or_duplicate_input_builds_nothing(offices, tmp_path):
    broken = json.loads((offices[0] / "api" / "summary.json").read_text(encoding="utf-8"))
    broken["agreements"]["total"] = "มาก"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(broken, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    done = rollup(offices[1], bad, "--out", out)
    assert done.returncode == 1 and "bad.json" in done.stderr and "agreements/total" in done.stderr
    assert not out.exists()
    done = rollup(offices[0], offices[0], "--out", out)
    assert done.returncode == 1 and "ซ้ำ" in done.stderr and not out.exists()
    done = rollup(tmp_path / "nowhere", "--out", out)
    assert done.returncode == 1 and "ไม่พบ" in done.stderr


def test_example_workflow_shards_by_office_then_rolls_up():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "rollup-example.yml").read_text())
    jobs = flow["jobs"]
    assert "workflow_dispatch" in flow[True]  # "on" is YAML 1.1 true
    assert len(jobs["office"]["strategy"]["matrix"]["area"]) >= 2
    office_steps = "\n".join(s.get("run", "") for s in jobs["office"]["steps"])
    assert "--audience public" in office_steps and "audit-site" in office_steps
    uploads = [s for s in jobs["office"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["path"].endswith("/site/api/")
    assert jobs["rollup"]["needs"] == "office"
    rollup_steps = "\n".join(s.get("run", "") for s in jobs["rollup"]["steps"])
    assert "patracker rollup summaries/*/summary.json" in rollup_steps


def test_rollup_replaces_only_a_site_it_built(offices, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("งานของฉัน\n", encoding="utf-8")
    done = rollup(offices[0], "--out", mine)
    assert done.returncode == 2 and "PA903" in done.stderr and "Traceback" not in done.stderr
    assert [p.name for p in mine.iterdir()] == ["thesis.tex"]
    out = tmp_path / "site"
    assert rollup(offices[0], "--out", out).returncode == 0
    assert rollup(offices[1], "--out", out).returncode == 0  # its own site: replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "site"]
