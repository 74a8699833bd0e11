"""History and data-quality pages read the approvals from the merge audit files.

The tiny office, a pull request merged for real (merge commit and squash), the recorded
GitHub payloads turned into audit/prs/<n>.yaml by ``record-merge``, then the site built:
the person page names the approver from the audit file (not whoever pressed Merge), the
PR's title and link, the year/round/member of the file, and the data-quality page flags
the change merged without an eligible approval.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

from patracker.build import build_site
from patracker.project import Project

from .test_record_merge import merge_pr, payloads, record, squash_pr

AS_OF = dt.date(2026, 3, 20)


def text_of(path) -> str:
    raw = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", htmllib.unescape(raw))


def history_rows(page) -> list[str]:
    html = page.read_text(encoding="utf-8")
    table = re.search(r'id="history">.*?</table>', html, re.S)
    assert table, "the person page has a history table"
    rows = re.findall(r"<tr>.*?</tr>", table.group(0), re.S)
    return [re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", r))) for r in rows]


def test_pages_show_approvers_from_the_audit_files(repo, tmp_path):
    ignore = repo.path / ".gitignore"  # the audit files live on their own branch (docs)
    ignore.write_text(ignore.read_text(encoding="utf-8") + "audit/\n", encoding="utf-8")
    repo.commit("ignore audit/")
    assert record(repo, payloads(tmp_path, "merge", merge_pr(repo))).exit_code == 0
    assert record(repo, payloads(tmp_path, "squash", squash_pr(repo))).exit_code == 1
    out = tmp_path / "site"
    build_site(Project.at(repo.records), out, as_of=AS_OF, quiet=True)
    rows = history_rows(out / "people" / "somchai-jaidee.html")
    merged = next(r for r in rows if "PR #21" in r)
    assert "ผลประเมินรอบ 1 ของสมชาย (กัญญา) ปรับตัวชี้วัด 1.4" in merged
    assert "อนุมัติโดย: นางรัตนา คำดี (2 ม.ค. 2569)" in merged  # 09:00 in Thailand
    assert "ปีงบประมาณ 2569 · รอบ 1 · กรรมการ นางกัญญา ศรีสุข" in merged
    assert "ตัวชี้วัด 1.4: ระดับ 3 → 2" in merged
    squashed = next(r for r in rows if "PR #22" in r)
    assert "อนุมัติโดย: นายวิชัย บุญมี" in squashed and "ไม่มีผู้มีสิทธิ์อนุมัติ" in squashed
    html = (out / "people" / "somchai-jaidee.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/sesa-thung-fah/pa-records/pull/21"' in html
    quality = text_of(out / "quality.html")
    assert "การแก้ไขที่รวมโดยไม่มีผู้มีสิทธิ์อนุมัติ (1)" in quality
    assert "PR #22 ผลประเมินของกัญญา ยืนยันผล" in quality
    assert "PR #21" not in quality.split("การแก้ไขที่รวมโดยไม่มีผู้มีสิทธิ์อนุมัติ")[1][:2000]


def test_without_an_audit_file_the_merger_is_not_called_the_approver(repo, tmp_path):
    merge_pr(repo)
    out = tmp_path / "site"
    build_site(Project.at(repo.records), out, as_of=AS_OF, quiet=True)
    [merged] = [r for r in history_rows(out / "people" / "somchai-jaidee.html") if "PR #21" in r]
    assert "ไม่มีบันทึกการอนุมัติ (รวมโดย รัตนา คำดี)" in merged
    assert "อนุมัติโดย" not in merged
