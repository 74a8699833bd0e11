"""The roll-up dashboard: a small mkdocs-material site over ``rollup.Rollup``.

Three pages (overview with charts, one row per office, sources) rendered from
``site_templates/rollup/`` with the site's own Jinja environment and charts, then built
with the same MkDocs steps as an office site (``build.write_docs``, ``run_mkdocs``,
``swap``): offline, Sarabun from the bundled assets, atomic replacement of ``--out``.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from .. import outdir, thai
from ..aggregates import RESULT_GROUPS
from ..build.site import run_mkdocs, write_docs
from ..progress import progress
from ..project import SOURCE_ROOT
from ..render import environment
from ..render.charts import Bar, bar_chart
from .combine import KPI_KEYS, Rollup, RollupError, combine, load

TEMPLATES = SOURCE_ROOT / "site_templates"
PAGES = (
    ("index.md", "rollup/index.md", "ภาพรวม"),
    ("offices.md", "rollup/offices.md", "ตัวเลขรายเขต"),
    ("about.md", "rollup/about.md", "เกี่ยวกับข้อมูลนี้"),
)
UNITS = {"agreements": "คน", "applications": "คำขอ", "overdue": "งาน"}


def kpi_text(kpi: dict | None) -> str:
    if kpi is None:
        return "-"
    if kpi["suppressed"]:
        return "ไม่เปิดเผย"
    if kpi["value"] is None:
        return "-"
    mark = "" if kpi["met"] is None else (" ✓" if kpi["met"] else " ✗")
    unit = "%" if kpi["unit"] == "%" else f" {kpi['unit']}"
    return f"{kpi['value']:,.1f}{unit}{mark}"


def _count(breakdown: dict, key: str) -> str:
    item = next((i for i in breakdown["items"] if i["key"] == key), None)
    return "-" if item is None else _text(item["count"])


def _text(count: int | str) -> str:
    return f"{count:,}" if isinstance(count, int) else count


def office_rows(rollup: Rollup) -> list[dict]:
    rows = []
    for office in rollup.offices:
        latest = office.latest_results()
        rows.append(
            {
                "name": office.name,
                "province": office["office"]["province"],
                "as_of": office["as_of"],
                "fiscal_year": office["fiscal_year"],
                "round": office["round"],
                "kpis": [kpi_text(office.kpi(key)) for key in KPI_KEYS],
                "people": _text(office["agreements"]["total"]),
                "approved": _count(office["agreements"], "approved"),
                "passed": _count(latest, "passed") if latest else "-",
                "failed": _count(latest, "failed") if latest else "-",
                "applications": _text(office["applications"]["total"]),
                "overdue": _text(office["overdue"]["total"]),
            }
        )
    return rows


def kpi_titles(rollup: Rollup) -> list[tuple[str, str]]:
    titles = {k["key"]: k["title"] for o in rollup.offices for k in o["kpis"]}
    return [(key, titles.get(key, key)) for key in KPI_KEYS]


def kpi_charts(rollup: Rollup) -> list:
    """One bar per office for each percentage KPI, with the target line."""
    out = []
    for key, title in kpi_titles(rollup):
        kpis = [(o.name, o.kpi(key)) for o in rollup.offices]
        shown = [(name, k) for name, k in kpis if k and k["value"] is not None]
        if not shown or shown[0][1]["unit"] != "%":
            continue
        bars = [Bar(name, k["value"]) for name, k in shown]
        target = shown[0][1]["target"]
        out.append(bar_chart(f"chart-kpi-{key}", f"{title} รายเขต", bars, "%", target))
    return out


def total_charts(rollup: Rollup) -> dict:
    """Bars of the known totals by category for each part."""
    charts = {}
    for part, totals in rollup.totals.items():
        bars = [Bar(rollup.titles[part][k], t.known) for k, t in totals.items() if t.known]
        title = f"{_PART_TITLES[part]} รวมทุกเขต (เฉพาะจำนวนที่เปิดเผย)"
        charts[part] = bar_chart(f"chart-{part}", title, bars, UNITS[part]) if bars else ""
    return charts


_PART_TITLES = {
    "agreements": "สถานะข้อตกลง",
    "applications": "คำขอวิทยฐานะตามสถานะ",
    "overdue": "งานที่เลยกำหนดส่ง",
}


def context(rollup: Rollup) -> dict:
    dates = sorted(o["as_of"] for o in rollup.offices)
    span = thai.be_date(dates[0], long=True)
    if dates[-1] != dates[0]:
        span += f" ถึง {thai.be_date(dates[-1], long=True)}"
    return {
        "rollup": rollup,
        "as_of_range": span,
        "kpi_cards": [(k, t, *rollup.kpi_met(k)) for k, t in kpi_titles(rollup)],
        "kpi_charts": kpi_charts(rollup),
        "kpi_titles": kpi_titles(rollup),
        "charts": total_charts(rollup),
        "office_rows": office_rows(rollup),
        "result_groups": [(key, label) for key, label, _ in RESULT_GROUPS],
    }


def pages(rollup: Rollup) -> dict[str, str]:
    """The Markdown pages of the roll-up site (HTML blocks, as the office site's pages)."""
    env = environment(TEMPLATES)
    shared = context(rollup)
    return {
        path: env.get_template(template).render(root="", title=title, **shared)
        for path, template, title in PAGES
    }


def write_config(work: Path, docs: Path, site: Path, title: str) -> Path:
    """The office site's MkDocs settings (theme, offline fonts, search) with our nav."""
    config = yaml.safe_load((SOURCE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        site_name=title,
        site_description="ภาพรวมการพัฒนางานตามข้อตกลง (PA) หลายสำนักงานเขตพื้นที่การศึกษา",
        docs_dir=str(docs),
        site_dir=str(site),
        hooks=[str(Path(__file__).parent.parent / "render" / "hooks.py")],  # safe page titles
        nav=[{title: path} for path, _, title in PAGES],
    )
    config["theme"]["custom_dir"] = str(TEMPLATES / "overrides")  # CSP (render/csp.py)
    # the Thai query cutter reads the words an office build lists (search/thai-words.json);
    # a roll-up has no such list, and MkDocs' own index serves its few pages
    scripts = config.get("extra_javascript") or []
    config["extra_javascript"] = [js for js in scripts if js != "assets/search-thai.js"]
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def build_rollup(rollup: Rollup, out: Path, quiet: bool = False) -> Path:
    """Render, build with MkDocs in a folder beside ``out``, and swap it into place."""
    content = pages(rollup)
    try:
        with (
            outdir.claimed(out, outdir.protected()) as out,
            outdir.write_errors(),
            outdir.work_folder(out) as work,
        ):
            docs, built = work / "docs", work / "site"
            write_docs(content, docs)
            run_mkdocs(write_config(work, docs, built, rollup.title), quiet=quiet)
            outdir.swap(built, out)
    except outdir.OutputError as exc:
        raise RollupError(str(exc), exc.exit_code) from None
    return out


def run(inputs: list[Path], out: Path, title: str, quiet: bool = False) -> tuple[Path, int]:
    """What ``patracker rollup`` does: check every input, combine, build; (site, offices)."""
    with progress("ตรวจสอบข้อมูลสรุปของแต่ละเขต", len(inputs), quiet=quiet) as step:
        offices = load(inputs, step)
    return build_rollup(combine(offices, title), out, quiet=quiet), len(offices)
