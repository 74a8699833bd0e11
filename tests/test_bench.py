"""bench/run.py in --quick mode on tiny sizes: every figure is measured and printed with its target.

Pass/fail against the targets is not checked here (test machines are noisy); that the
bench runs end to end and reports every figure is.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURES = (
    r"validate [\d,]+ records, cold",
    r"validate [\d,]+ records, warm",
    r"full build, [\d,]+-person office",
    r"full build with no caches at all",
    r"full build just after deleting a site",
    r"incremental rebuild after editing one person",
    r"files differing, incremental vs clean full build",
    r"plain mkdocs-material, every page in nav",
    r"speed-up over plain mkdocs-material",
    r"largest person page",
    r"search index \(largest file\)",
    r"history of [\d,]+ commits",
    r"data-only PR verdict, demo office",
    r"data-only PR verdict, [\d,]+-person office",
    r"peak memory: the builds of the",
    r"peak memory: history of",
    r"public build, [\d,]+-school office",
    r"public results table of a [\d,]+-school roll-up, suppression",
    r"peak memory: public build",
)


def test_quick_bench_prints_every_figure_with_its_target(tmp_path: Path):
    out = tmp_path / "latest.md"
    tiny = ["--validate-people", "25", "--build-people", "25", "--commits", "150"]
    tiny += ["--public-schools", "5", "--rollup-schools", "60"]
    done = subprocess.run(
        [sys.executable, ROOT / "bench" / "run.py", "--quick", "--out", out, *tiny],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    table = out.read_text(encoding="utf-8")
    for figure in FIGURES:
        row = re.search(
            rf"^\| {figure}[^|]* \| ([^|]+) \| ([^|]+) \| (PASS|FAIL|-) \|$", table, re.M
        )
        assert row, f"no row for {figure!r} in\n{table}"
        assert re.match(r"[\d,.]+ (s|KB|MB|×|files)", row.group(1)), row.group(0)
    identity = re.search(r"^\| files differing, incremental vs clean full build.*$", table, re.M)
    assert identity.group(0).endswith("| PASS |"), identity.group(0)  # not a timing: exact
    assert "history of " in done.stdout and table.count("PASS") + table.count("FAIL") >= 10
    # the judge job's steps side by side, each with the load average it started at
    assert re.search(r"^\| step \| demo office \| [\d,]+-person office \|$", table, re.M)
    for step in ("validate \\(main's check cache\\)", "check-pr", "codeowners --check", "changes"):
        cell = r"[\d.]+ s \(load [\d.]+\)"
        assert re.search(rf"^\| {step} \| {cell} \| {cell} \|$", table, re.M), step
