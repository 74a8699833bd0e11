"""The real CMS, in a real browser: Decap CMS (the npm registry's bundle, served from
127.0.0.1, no CDN) with decap-server's local Git backend on a scratch records repository,
driven in headless Chromium with the configuration `patracker cms-config` ships, editorial
workflow included. Every save is a `cms/...` branch (the pull request on GitHub) holding
exactly the saved file; the office's checks judge that branch; "Publish" merges it. What
the CMS writes must validate, an edit must change only the edited lines, and the change
summary must read right."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import Result
from typer.testing import CliRunner

from cms_support import node_modules
from patracker import emit
from patracker.cli import app
from patracker.cms import field, people_names
from patracker.layout import classify
from patracker.project import SOURCE_ROOT, Project

MINIMAL = SOURCE_ROOT / "tests" / "fixtures" / "minimal" / "records"
ARTIFACTS_DIR = SOURCE_ROOT / "tests" / "artifacts"
pytestmark = pytest.mark.browser

# GitHub logins given to two people of the scratch office (the access policy's directory)
LOGINS = {"wichai-boonmee": "wichai-b", "somsak-thongdee": "somsak-t"}
NEW_PA1 = "records/people/wichai-boonmee/2569/agreement.yaml"
NEW_PA2 = "records/people/somsak-thongdee/2569/evaluations/r2-prasert-kaewkla.yaml"
EDITED_PA1 = "records/people/somsak-thongdee/2569/agreement.yaml"
# Decap's Thai words (decap-cms-locales, th) that the steps click or wait for
UI = {
    "login": "เข้าสู่ระบบ",
    "save": "บันทึก",
    "saved": "เนื้อหาถูกบันทึก",
    "draft": "สถานะ: ร่าง",
    "ready": "พร้อม",
    "status-ready": "สถานะ: พร้อม",
    "publish": "เผยแพร่",
    "publish-now": "เผยแพร่ตอนนี้",
    "confirm": "คุณแน่ใจหรือว่าจะเผยแพร่เนื้อหานี้?",
    "published": "เนื้อหาถูกเผยแพร่",
    "add": "เพิ่ม",
}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    )
    return done.stdout


def run(*args: str) -> Result:
    """The real command line, in this process (no interpreter start per check)."""
    return CliRunner().invoke(app, list(args))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch_repo(root: Path) -> Path:
    """The minimal records, each written by emit.dump (as every tool writes them), in Git,
    with GitHub logins for two people; decap-server commits as the repository's user."""
    repo = root / "repo"
    for path in sorted(MINIMAL.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "person.yaml" and data["id"] in LOGINS:
            data["github"] = LOGINS[data["id"]]
        target = repo / "records" / path.relative_to(MINIMAL)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(emit.dump(data), encoding="utf-8")
    (repo / ".gitignore").write_text(".patracker-cache/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    for key, value in (("user.name", "cms"), ("user.email", "cms@127.0.0.1")):
        git(repo, "config", key, value)
    git(repo, "config", "commit.gpgsign", "false")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    return repo


def admin_dir(root: Path, repo: Path, modules: Path, server_port: int) -> Path:
    """`patracker cms-config` as an office runs it, pointed at decap-server instead of GitHub."""
    admin = root / "admin"
    done = run("cms-config", "--records", str(repo / "records"), "--out", str(admin))
    assert done.exit_code == 0, done.output
    config = yaml.safe_load((admin / "config.yml").read_text(encoding="utf-8"))
    # the shipped set-up, tested as is: editorial workflow, Decap's own words in Thai
    assert (config["publish_mode"], config["locale"]) == ("editorial_workflow", "th")
    config["local_backend"] = {"url": f"http://127.0.0.1:{server_port}/api/v1"}
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
    # MODE=git: decap-server's local Git backend, which does the editorial workflow with
    # cms/<collection>/<slug> branches (its localGit middleware), like the GitHub backend
    env = {
        **os.environ,
        "PORT": str(server_port),
        "BIND_HOST": "127.0.0.1",
        "GIT_REPO_DIRECTORY": str(repo),
        "MODE": "git",
    }
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
    sign_in = page.get_by_role("button", name=UI["login"])
    page.wait_for_selector(f"[id^=person-field-], button:has-text('{UI['login']}')")
    if sign_in.count():
        sign_in.click()
        page.goto(url + "#/collections/" + route)
    page.wait_for_selector("[id^=person-field-]")


def choose(page, prefix: str, text: str) -> None:
    """A react-select choice list: type the option's label and take it."""
    page.locator(f"[id^={prefix}-field-]").first.click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def top(page) -> None:
    """The editor's first fields in view (for the screenshots)."""
    page.locator("[id^=person-field-]").scroll_into_view_if_needed()


def _answer(dialog) -> None:
    """Confirm publishing; refuse anything else (e.g. restoring a local backup)."""
    if dialog.message == UI["confirm"]:
        dialog.accept()
    else:
        dialog.dismiss()


def save(page) -> None:
    """Save: under the editorial workflow, a commit on the entry's cms/... branch."""
    page.get_by_role("button", name=UI["save"], exact=True).click()
    page.get_by_text(UI["saved"]).wait_for(timeout=30_000)
    page.get_by_text(UI["draft"]).wait_for()


def publish(page) -> None:
    """Status → Ready, then Publish now: decap-server merges the branch and deletes it."""
    page.get_by_text(UI["draft"]).click()
    page.get_by_text(UI["ready"], exact=True).click()
    page.get_by_text(UI["status-ready"]).wait_for()
    page.get_by_text(UI["publish"], exact=True).click()
    page.get_by_text(UI["publish-now"]).click()
    page.get_by_text(UI["published"]).wait_for(timeout=30_000)


def branch_of(repo: Path, path: str) -> str:
    """The one cms/... branch; it changes exactly ``path`` against main."""
    branches = git(repo, "branch", "--list", "cms/*", "--format=%(refname:short)").split()
    assert len(branches) == 1, branches
    changed = git(repo, "diff", "--name-only", "main..." + branches[0]).split()
    assert changed == [path], changed
    return branches[0]


def validate(tree: Path) -> None:
    done = run("validate", str(tree / "records"))
    assert done.exit_code == 0, done.output


def canonical(text: str) -> None:
    assert text == emit.dump(yaml.safe_load(text)), text


def checked_as_a_pull_request(repo: Path, branch: str, root: Path) -> str:
    """What records.yml runs on the CMS's pull request: validate the proposed records,
    check-pr for the author (allowed) and for someone else (refused), the change summary."""
    tree = root / "pr-head"
    git(repo, "worktree", "add", "-q", "--detach", str(tree), branch)
    try:
        validate(tree)
    finally:
        git(repo, "worktree", "remove", "--force", str(tree))
    pr = ("check-pr", "--repo", str(repo), "--base", "main", "--head", branch, "--author")
    mine = run(*pr, "wichai-b")
    assert mine.exit_code == 0, mine.output
    other = run(*pr, "somsak-t")  # somebody else may not write this teacher's PA 1
    assert other.exit_code == 1, other.output
    assert NEW_PA1.removeprefix("records/") in other.output
    return changes("main", branch, repo)


def changes(base: str, head: str, repo: Path) -> str:
    done = run("changes", base, head, "--records", str(repo / "records"))
    assert done.exit_code == 0, done.output
    return done.output


def new_pa1(page, url: str, codes: list[str], labels: dict[str, dict]) -> None:
    login(page, url, "agreement-teacher/new")
    for shown in labels.values():  # Thai labels and hints from the schema
        for text in (shown["label"], shown["hint"]):
            assert page.get_by_text(text, exact=True).first.is_visible(), text
    page.locator("[id^=person-field-]").fill("wichai-boonmee")
    page.locator("[id^=fiscal_year-field-]").fill("2569")
    choose(page, "status", "ร่าง")
    for n, code in enumerate(codes):
        for name in ("tasks", "outcomes", "indicators"):
            page.locator(f"[id^={name}-field-]").nth(n).fill(f"{name} ของตัวชี้วัด {code}")
    page.get_by_role("button", name=re.compile("^" + UI["add"])).last.click()
    for name in ("title", "problem", "methods", "quantitative", "qualitative"):
        page.locator(f"[id^={name}-field-]").last.fill(f"ประเด็นท้าทาย: {name}")


def test_decap_proposes_valid_files_by_pull_request(page, cms, artifacts, tmp_path):
    url, repo = cms
    base = git(repo, "rev-parse", "main").strip()
    page.on("dialog", _answer)
    project = Project.at(repo / "records")
    codes = [i.code for i in project.forms.agreement_forms["teacher"].indicators]
    schema = project.schemas["agreement"]
    labels = {k: field(k, schema["properties"][k], schema, True) for k in ("person", "status")}

    # a teacher's new PA 1: saving makes a branch holding exactly that file
    new_pa1(page, url, codes, labels)
    top(page)
    page.screenshot(path=str(artifacts / "cms-decap-new-pa1.png"))
    save(page)
    page.screenshot(path=str(artifacts / "cms-decap-saved-draft.png"))
    branch = branch_of(repo, NEW_PA1)
    assert branch == "cms/agreement-teacher/wichai-boonmee/2569/agreement"
    assert not (repo / NEW_PA1).exists()  # main is untouched until the PR is merged
    proposed = git(repo, "show", f"{branch}:{NEW_PA1}")
    canonical(proposed)
    summary = checked_as_a_pull_request(repo, branch, tmp_path)
    (artifacts / "cms-decap-pr-summary.md").write_text(summary, encoding="utf-8")
    assert "สร้างใหม่ 1 · แก้ไข 0 · ลบ 0" in summary
    assert "(PA 1) ปี 2569 — `people/wichai-boonmee/2569/agreement.yaml`" in summary

    # the workflow board lists it; Publish merges the branch into main and deletes it
    page.goto(url + "#/workflow")
    names = people_names(repo / "records")  # the lists name people (the format adds names)
    page.get_by_text(f"{names['wichai-boonmee']} · ปี 2569 · draft").wait_for()
    page.screenshot(path=str(artifacts / "cms-decap-workflow.png"))
    page.go_back()
    page.wait_for_selector("[id^=person-field-]")
    publish(page)
    assert git(repo, "branch", "--list", "cms/*").strip() == ""
    assert git(repo, "show", f"main:{NEW_PA1}") == proposed
    validate(repo)

    # a committee member's PA 2 evaluation, saved then published the same way
    forms = project.forms
    union = sorted({i.code for f in forms.agreement_forms.values() for i in f.indicators})
    new_pa2(page, url, union, codes)
    save(page)
    canonical(git(repo, "show", f"{branch_of(repo, NEW_PA2)}:{NEW_PA2}"))
    publish(page)
    canonical((repo / NEW_PA2).read_text(encoding="utf-8"))
    validate(repo)

    # one field of an existing PA 1: the proposal changes that line only
    part1 = yaml.safe_load((repo / EDITED_PA1).read_text(encoding="utf-8"))["part1"]
    old = next(iter(part1.values()))["tasks"]  # the first indicator's tasks
    edit_pa1(page, url, old, old + " และกิจกรรมเสริม")
    branch = branch_of(repo, EDITED_PA1)
    diff = git(repo, "diff", "--unified=0", "main..." + branch, "--", EDITED_PA1)
    changed = [
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changed == [f"-    tasks: {old}", f"+    tasks: {old} และกิจกรรมเสริม"], diff
    publish(page)
    validate(repo)

    summary = changes(base, "main", repo)
    (ARTIFACTS_DIR / "cms-decap-changes.md").write_text(summary, encoding="utf-8")
    assert "สร้างใหม่ 2 · แก้ไข 1 · ลบ 0" in summary
    assert f"{old} → {old} และกิจกรรมเสริม" in summary
    assert "รอบ 2/2569 โดยกรรมการ prasert-kaewkla" in summary

    # one collection per record kind: each list shows every file of its kind and no other,
    # though most kinds share records/people (the format tells the kinds apart)
    expected = kinds(repo / "records")
    for route in ("person", "agreement-teacher", "progress", "review", "induction", "evaluation"):
        page.goto(url + "#/collections/" + route)
        links = page.locator(f"a[href*='/collections/{route}/entries/']")
        links.first.wait_for()
        page.wait_for_timeout(500)
        assert links.count() == expected[route], route
    by = f"{names['somsak-thongdee']} · ปี 2569 รอบ 2 · ประเมินโดย {names['prasert-kaewkla']}"
    page.get_by_text(by).wait_for()
    page.screenshot(path=str(artifacts / "cms-decap-evaluations.png"))


def kinds(records: Path) -> Counter:
    """How many files of each collection's kind the records hold (the record layout)."""
    out: Counter = Counter()
    for path in records.rglob("*.yaml"):
        ref = classify(path.relative_to(records).as_posix())
        if ref is not None and ref.kind == "agreement":
            out["agreement-" + yaml.safe_load(path.read_text(encoding="utf-8"))["form"]] += 1
        elif ref is not None:
            out[ref.kind] += 1
    return out


def edit_pa1(page, url: str, old: str, new: str) -> None:
    login(page, url, "agreement-teacher/entries/somsak-thongdee/2569/agreement")
    field = page.locator("[id^=tasks-field-]").first
    assert field.input_value() == old
    field.fill(new)
    page.screenshot(path=str(ARTIFACTS_DIR / "cms-decap-edit-pa1.png"))
    save(page)


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
    top(page)
    page.screenshot(path=str(ARTIFACTS_DIR / "cms-decap-new-pa2.png"))
