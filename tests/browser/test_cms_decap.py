"""The real CMS, in a real browser: Decap CMS (the npm registry's bundle, served from
127.0.0.1, no CDN) with decap-server's local backend on a scratch records repository,
driven in headless Chromium. What it writes must validate, an edit must change only the
edited lines, and the change summary must read right."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from cms_support import node_modules
from patracker import emit
from patracker.project import SOURCE_ROOT, Project

MINIMAL = SOURCE_ROOT / "tests" / "fixtures" / "minimal" / "records"
ARTIFACTS_DIR = SOURCE_ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.browser

PATRACKER = [str(Path(sys.executable).with_name("patracker"))]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_repo(root: Path) -> Path:
    """The minimal records, each written by emit.dump (as every tool writes them), in Git."""
    repo = root / "repo"
    for path in sorted(MINIMAL.rglob("*.yaml")):
        target = repo / "records" / path.relative_to(MINIMAL)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(emit.dump(yaml.safe_load(path.read_text(encoding="utf-8"))))
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "commit", "-qm", "base")
    return repo


def admin_dir(root: Path, repo: Path, modules: Path, server_port: int) -> Path:
    admin = root / "admin"
    done = subprocess.run(
        [*PATRACKER, "cms-config", "--records", str(repo / "records"), "--out", str(admin)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    # decap-server's file-system mode saves straight into the working tree (no branches)
    config["local_backend"] = {"url": f"http://127.0.0.1:{server_port}/api/v1"}
    config.pop("publish_mode")
    config["locale"] = "en"  # Decap's own buttons in English for the selectors; fields stay Thai
    (admin / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    dist = modules / "decap-cms" / "dist"
    for item in dist.iterdir():  # the bundle (dist/cms.js) and the chunks it loads beside it
        if not (admin / item.name).exists():
            (admin / item.name).symlink_to(item)
    return admin


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def wait_for_port(port: int, process: subprocess.Popen, log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            pytest.fail(f"decap-server stopped: {log.read_text()[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    pytest.fail("decap-server did not listen")


@pytest.fixture(scope="module")
def cms(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    modules = node_modules()
    root = tmp_path_factory.mktemp("decap")
    repo = scratch_repo(root)
    server_port = free_port()
    admin = admin_dir(root, repo, modules, server_port)
    log = root / "decap-server.log"
    env = {**os.environ, "PORT": str(server_port), "GIT_REPO_DIRECTORY": str(repo), "MODE": "fs"}
    with open(log, "w") as out:
        server = subprocess.Popen(
            ["node", str(modules / "decap-server" / "dist" / "index.js")],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_port(server_port, server, log)
        http = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(admin)))
        threading.Thread(target=http.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{http.server_address[1]}/", repo
        finally:
            http.shutdown()
    finally:
        server.terminate()
        server.wait(10)


def login(page, url: str, route: str) -> None:
    """Open a collection route; the first time, sign in (the local backend's one button)."""
    page.goto(url + "#/collections/" + route)
    page.reload()  # a fresh editor: no state or dialog left from the previous entry
    sign_in = page.get_by_role("button", name="Login")
    page.wait_for_selector("[id^=person-field-], button:has-text('Login')")
    if sign_in.count():
        sign_in.click()
        page.goto(url + "#/collections/" + route)
    page.wait_for_selector("[id^=person-field-]")


def choose(page, prefix: str, text: str) -> None:
    """A react-select choice list: type the option's label and take it."""
    page.locator(f"[id^={prefix}-field-]").first.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def publish(page) -> None:
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.wait_for_selector("text=Entry saved", timeout=30_000)


def validate(repo: Path) -> str:
    done = subprocess.run([*PATRACKER, "validate"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def canonical(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text == emit.dump(yaml.safe_load(text)), text


def new_pa1(page, url: str, codes: list[str]) -> None:
    login(page, url, "agreement-teacher/new")
    page.locator("[id^=person-field-]").fill("wichai-boonmee")
    page.locator("[id^=fiscal_year-field-]").fill("2569")
    choose(page, "status", "ร่าง")
    for n, code in enumerate(codes):
        for name in ("tasks", "outcomes", "indicators"):
            page.locator(f"[id^={name}-field-]").nth(n).fill(f"{name} ของตัวชี้วัด {code}")
    page.get_by_role("button", name="Add").last.click()
    for name in ("title", "problem", "methods", "quantitative", "qualitative"):
        page.locator(f"[id^={name}-field-]").last.fill(f"ประเด็นท้าทาย: {name}")


def test_decap_writes_valid_files_and_an_edit_changes_one_line(page, cms, artifacts):
    url, repo = cms
    codes = [
        i.code for i in Project.at(repo / "records").forms.agreement_forms["teacher"].indicators
    ]
    new_pa1(page, url, codes)
    page.screenshot(path=str(artifacts / "cms-decap-new-pa1.png"))
    publish(page)
    created = repo / "records/people/wichai-boonmee/2569/agreement.yaml"
    assert created.is_file(), git(repo, "status", "--short")
    canonical(created)
    validate(repo)

    forms = Project.at(repo / "records").forms
    union = sorted({i.code for f in forms.agreement_forms.values() for i in f.indicators})
    new_pa2(page, url, union, codes)
    evaluation = repo / "records/people/somsak-thongdee/2569/evaluations/r2-prasert-kaewkla.yaml"
    assert evaluation.is_file(), git(repo, "status", "--short")
    canonical(evaluation)
    validate(repo)

    existing = repo / "records/people/somsak-thongdee/2569/agreement.yaml"
    part1 = yaml.safe_load(existing.read_text(encoding="utf-8"))["part1"]
    old = next(iter(part1.values()))["tasks"]  # the first indicator's tasks
    edit_pa1(page, url, old, old + " และกิจกรรมเสริม")
    diff = git(repo, "diff", "--unified=0", "--", str(existing))
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [f"-    tasks: {old}", f"+    tasks: {old} และกิจกรรมเสริม"], diff
    validate(repo)

    git(repo, "checkout", "-q", "-b", "cms-edits")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@127.0.0.1", "commit", "-qm", "cms")
    done = subprocess.run([*PATRACKER, "changes", "main"], cwd=repo, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = done.stdout
    (ARTIFACTS_DIR / "cms-decap-changes.md").write_text(summary, encoding="utf-8")
    assert "สร้างใหม่ 2 · แก้ไข 1 · ลบ 0" in summary
    assert f"{old} → {old} และกิจกรรมเสริม" in summary
    assert "รอบ 2/2569 โดยกรรมการ prasert-kaewkla" in summary
    assert "(PA 1) ปี 2569 — `people/wichai-boonmee/2569/agreement.yaml`" in summary

    # each list shows its own kind only: one progress file, five evaluations
    for route, count in (("progress", 1), ("evaluation", 5)):
        page.goto(url + "#/collections/" + route)
        links = page.locator(f"a[href*='/collections/{route}/entries/']")
        links.first.wait_for()
        page.wait_for_timeout(500)
        assert links.count() == count, route
    page.screenshot(path=str(artifacts / "cms-decap-evaluations.png"))


def edit_pa1(page, url: str, old: str, new: str) -> None:
    login(page, url, "agreement-teacher/entries/somsak-thongdee/2569/agreement")
    field = page.locator("[id^=tasks-field-]").first
    assert field.input_value() == old
    field.fill(new)
    page.screenshot(path=str(ARTIFACTS_DIR / "cms-decap-edit-pa1.png"))
    publish(page)


def new_pa2(page, url: str, union: list[str], codes: list[str]) -> None:
    login(page, url, "evaluation/new")
    page.locator("[id^=person-field-]").fill("somsak-thongdee")
    page.locator("[id^=fiscal_year-field-]").fill("2569")
    choose(page, "round", "2")
    page.locator("[id^=member-field-]").fill("prasert-kaewkla")
    page.locator("[id^=date-field-]").first.fill("2026-08-20")
    page.locator("[id^=workload_ok-field-]").click()
    levels = page.locator("[id^=level-field-]")
    for code in codes:
        levels.nth(union.index(code)).fill("3")
    for n in range(3):  # part 2: methods, quantitative, qualitative
        levels.nth(len(union) + n).fill("3")
    final = page.locator("[id^=final-field-]")
    final.click()
    final.click()  # an explicit "not final"
    page.screenshot(path=str(ARTIFACTS_DIR / "cms-decap-new-pa2.png"))
    publish(page)
