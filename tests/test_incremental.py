"""Incremental builds (issue 8): after an edit, the site built on top of the previous one is
byte for byte the site a clean full build makes, and unchanged pages really were reused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from patracker.build import build_site, shells
from patracker.build.reuse import RoundResults
from patracker.project import SOURCE_ROOT, Project
from patracker.render import reads
from record_edits import substitution

AS_OF = dt.date(2026, 11, 20)
PERSON = "people/anchalee-boonma/person.yaml"
MEMBER = "people/aphichat-sriwong/person.yaml"
EVALUATION = "people/anchalee-boonma/2569/evaluations/r1-aphichat-sriwong.yaml"
OFFICER = "people/weeraphon-chomphu/person.yaml"  # moves applications on: pages name them


EDITS = {
    "a teacher's phone": substitution(PERSON, r"phone: \S+", "phone: 0899999999"),
    "a committee member's surname": substitution(MEMBER, r"^last_name: .*$", "last_name: ทดสอบใหม่"),
    "one score in a PA 2": substitution(EVALUATION, r"(1\.1:\n    level:) 3", r"\1 4"),
    "a PA 2 made a draft again": substitution(EVALUATION, r"^final: true", "final: false"),
    "an assessee's surname": substitution(PERSON, r"^last_name: .*$", "last_name: ทดสอบสกุล"),
    "an HR officer's surname": substitution(OFFICER, r"^last_name: .*$", "last_name: ทดสอบ"),
    "the office's report due date": substitution(
        "office.yaml", r"report: 2026-04-15", "report: 2026-04-16"
    ),
}


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def build(records: Path, out: Path) -> Path:
    return build_site(Project.at(records), out, as_of=AS_OF, quiet=True)


def built_once(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the demo office and a full build of it."""
    records, site = tmp_path / "records", tmp_path / "site"
    shutil.copytree(SOURCE_ROOT / "records", records)
    return records, build(records, site)


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_incremental_build_equals_a_clean_full_build(tmp_path: Path, edit):
    records, site = built_once(tmp_path)
    before = tree(site)
    edit(records)
    build(records, site)
    incremental = tree(site)
    RoundResults.forget()  # the clean build works out every result again
    clean = tree(build(records, tmp_path / "clean"))
    assert incremental.keys() == clean.keys()
    differing = sorted(p for p in clean if incremental[p] != clean[p])
    assert differing == [], f"incremental build differs from a full build in {differing[:10]}"
    assert incremental != before, "the edit changed nothing on the site: not a real test"


def test_unchanged_pages_are_linked_not_rendered_again(tmp_path: Path):
    records, site = built_once(tmp_path)
    inodes = {p.name: p.stat().st_ino for p in (site / "people").glob("*.html")}
    EDITS["one score in a PA 2"](records)
    build(records, site)
    after = {p.name: p.stat().st_ino for p in (site / "people").glob("*.html")}
    kept = [name for name in inodes if after.get(name) == inodes[name]]
    assert after["anchalee-boonma.html"] != inodes["anchalee-boonma.html"]  # rendered anew
    # assessed by the same committee, but her page shows nothing of anchalee's: kept
    assert after["somchai-panthong.html"] == inodes["somchai-panthong.html"]
    assert len(kept) >= 0.8 * len(inodes), f"only {len(kept)} of {len(inodes)} pages reused"


def test_a_round_report_is_rendered_again_only_when_a_figure_in_it_changed(tmp_path: Path):
    records, site = built_once(tmp_path)

    def inodes() -> dict[str, int]:
        return {p.name: p.stat().st_ino for p in (site / "reports").glob("*-r*.html")}

    first = inodes()
    EDITS["a teacher's phone"](records)  # in no report
    build(records, site)
    assert inodes() == first, "a report whose figures are unchanged is linked"
    EDITS["one score in a PA 2"](records)
    build(records, site)
    changed = {name for name, inode in inodes().items() if inode != first[name]}
    assert changed == {"2569-r1.html"}, f"{sorted(first)}: only round 1 of 2569 changed"


def test_a_commit_renders_again_only_the_pages_whose_history_it_changed(tmp_path: Path):
    """A person page shows its own changes from Git, not the commit the office is at: a
    commit renders again only the pages of the people it touches; merging the pull request
    (the same records, a PR number now in her history) renders her page alone; a commit
    outside records/ renders no page again."""
    from history.gitrepo import GitRepo

    repo = GitRepo(tmp_path / "office")
    shutil.copytree(SOURCE_ROOT / "records", repo.records)
    repo.commit("เริ่มต้นข้อมูล")
    site = build(repo.records, tmp_path / "site")

    def inodes() -> dict[str, int]:
        return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*.html")}

    def rendered_again(before: dict[str, int]) -> set[str]:
        # the bulk pages keyed by what they read (the changes pages show the history itself)
        keyed = {"people", "schools", "members", "lists", "print", "reports"}
        bulk = [p for p in before if p.split("/")[0] in keyed and "/" in p]
        return {p for p in bulk if inodes().get(p) != before[p] and not p.endswith("/index.html")}

    first = inodes()
    repo.git("checkout", "-q", "-b", "phone")
    EDITS["a teacher's phone"](repo.records)
    repo.commit("แก้เบอร์โทรศัพท์")
    build(repo.records, site)
    assert "people/anchalee-boonma.html" in rendered_again(first)  # her record changed
    assert "people/somchai-panthong.html" not in rendered_again(first)
    second = inodes()
    repo.merge_pr("phone", 7, merger="somchai")
    build(repo.records, site)
    assert rendered_again(second) == {"people/anchalee-boonma.html"}
    assert "PR #7" in (site / "people/anchalee-boonma.html").read_text(encoding="utf-8")
    third = inodes()
    (repo.path / "README.md").write_text("สำนักงานเขต\n", encoding="utf-8")
    repo.commit("เพิ่มคำอธิบาย")
    build(repo.records, site)
    assert rendered_again(third) == set()
    RoundResults.forget()
    assert tree(site) == tree(build(repo.records, tmp_path / "clean"))


def test_a_file_changed_by_hand_in_the_site_is_not_reused(tmp_path: Path):
    records, site = built_once(tmp_path)
    page = site / "people/somchai-panthong.html"
    original = page.read_text(encoding="utf-8")
    page.write_text("tampered", encoding="utf-8")
    build(records, site)
    assert page.read_text(encoding="utf-8") == original


def test_forked_workers_make_the_same_site_as_one_process(tmp_path, monkeypatch):
    """Workers start on downloads while MkDocs runs and on pages once the shells exist; the
    site is the same file for file as one process makes it, search index included."""

    records, alone = built_once(tmp_path)
    monkeypatch.setattr(shells, "PARALLEL_ABOVE", 1)
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    RoundResults.forget()
    shared = build(records, tmp_path / "shared")
    assert tree(shared) == tree(alone)


def test_each_worker_makes_a_run_of_people_with_all_of_their_files():
    """A person's page, print data and form data go to one worker, which copies only the
    memory of its own people; every item goes to exactly one worker."""
    from patracker.render.pages import Download, Page

    people = [f"person-{n:02d}" for n in range(30)]
    items = [
        *(Page(f"people/{p}.md", "person.md", p) for p in people),
        *(Download(f"print/data/{p}.json", b"") for p in people),
        *(Download(f"forms/people/{p}.json", b"") for p in reversed(people)),
        *(Page(f"lists/list-{n}.md", "list.md", "") for n in range(7)),
    ]
    shares = shells.shares(items, 3)
    assert sorted(i for share in shares for i in share) == list(range(len(items)))
    assert max(map(len, shares)) - min(map(len, shares)) <= 1
    assert shells.shares([], 2) == [[], []]
    owner = {}
    for worker, share in enumerate(shares):
        for i in share:
            owner.setdefault(items[i].path.rsplit("/", 1)[1].split(".")[0], set()).add(worker)
    split = [p for p in people if len(owner[p]) > 1]
    assert len(split) <= 2, f"people whose files went to two workers: {split}"


def test_a_build_told_what_changed_equals_a_clean_full_build(tmp_path: Path):
    """``serve`` tells the build which files its watcher saw change (an edit, a deleted
    review) instead of scanning the tree; the site is still a clean full build's."""
    records, site = built_once(tmp_path)
    review = "people/anchalee-boonma/2570/reviews/chanphen-lamom.yaml"
    EDITS["a teacher's phone"](records)
    (records / review).unlink()
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True, changed={PERSON, review})
    incremental = tree(site)
    RoundResults.forget()
    clean = tree(build(records, tmp_path / "clean"))
    assert (
        sorted(p for p in clean.keys() | incremental.keys() if clean.get(p) != incremental.get(p))
        == []
    )


def test_a_build_told_nothing_changed_does_not_see_an_unreported_edit(tmp_path: Path):
    """The tree is taken from the last scan at the paths not named: the proof that a build
    told what changed really skips the walk (the watcher, not the build, finds edits)."""
    records, site = built_once(tmp_path)
    EDITS["a committee member's surname"](records)
    page = site / "people/aphichat-sriwong.html"
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True, changed=set())
    assert "ทดสอบใหม่" not in page.read_text(encoding="utf-8")
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True, changed={MEMBER})
    assert "ทดสอบใหม่" in page.read_text(encoding="utf-8")


def test_the_watcher_names_changed_files_and_gives_up_on_folders(tmp_path: Path):
    import time

    from patracker.build.watch import Changes

    (tmp_path / "people").mkdir()
    changes = Changes(tmp_path).start()
    try:
        assert changes.take() is None  # nothing seen yet: the first build scans everything

        def seen(expected, act) -> None:
            act()
            deadline = time.monotonic() + 10
            found = set()
            while time.monotonic() < deadline:
                time.sleep(0.2)
                taken = changes.take()
                if taken is None:
                    assert expected is None
                    return
                found |= taken
                if expected is not None and expected <= found:
                    return
            raise AssertionError(f"the watcher saw {found}, not {expected}")

        seen({"people/a.yaml"}, lambda: (tmp_path / "people/a.yaml").write_text("x: 1\n"))
        seen(
            {"people/a.yaml", "people/b.yaml"},
            lambda: (tmp_path / "people/a.yaml").rename(tmp_path / "people/b.yaml"),
        )
        seen(None, lambda: (tmp_path / "people/new").mkdir())
    finally:
        changes.stop()


def test_serve_rebuilds_what_its_watcher_saw_change(tmp_path: Path):
    """The live preview end to end: a record edited on disk shows on the served page."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    records = tmp_path / "records"
    shutil.copytree(SOURCE_ROOT / "records", records)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    command = [str(Path(sys.executable).with_name("patracker")), "serve", "--records", str(records)]
    server = subprocess.Popen(
        [*command, "--port", str(port), "--as-of", AS_OF.isoformat()],
        env={**os.environ, "PYTHONPATH": str(SOURCE_ROOT / "generator")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/people/aphichat-sriwong.html"

    def page_shows(text: str, within: float) -> bool:
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:
                    if text in answer.read().decode("utf-8"):
                        return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert page_shows("ศรีวงศ์", within=180), "the first build was not served"
        EDITS["a committee member's surname"](records)
        assert page_shows("ทดสอบใหม่", within=120), "the edit never reached the served page"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_no_cycle_collection_runs_inside_a_build(tmp_path: Path):
    """A build pauses the cycle collector and hands what it made to the oldest generation,
    so no collection walks the build's millions of objects while the build is timed (one
    did, at its very end, once the collector was back on); the collector is on after."""
    import gc

    records, _ = built_once(tmp_path)
    started: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        build(records, tmp_path / "again")
        seen = list(started)
    finally:
        gc.callbacks.remove(note)
    assert seen == [] and gc.isenabled()


def test_templates_are_compiled_once_until_one_of_them_changes(tmp_path: Path):
    from patracker.render import environment

    templates = tmp_path / "templates"
    shutil.copytree(SOURCE_ROOT / "site_templates", templates)
    first = environment(templates)
    assert environment(templates) is first
    (templates / "partials").mkdir(exist_ok=True)
    (templates / "partials" / "probe.md").write_text("ก่อน {{ x }}", encoding="utf-8")
    env = environment(templates)
    assert env is not first
    assert env.get_template("partials/probe.md").render(x=1) == "ก่อน 1"
    (templates / "partials" / "probe.md").write_text("หลังแก้ไข {{ x }}", encoding="utf-8")
    assert environment(templates).get_template("partials/probe.md").render(x=1) == "หลังแก้ไข 1"


def test_words_cut_for_search_serve_every_later_build_until_a_name_changes(
    tmp_path: Path, monkeypatch
):
    """Loading the word cutter takes half a second: a build into another folder reuses the
    words cut before, and the index is the same; a changed name cuts again."""
    from patracker.render import search

    records, site = built_once(tmp_path)
    index = (site / "search/search_index.json").read_bytes()

    def refuse(names):
        raise AssertionError("the word cutter was started")

    monkeypatch.setattr(search, "segmenter", refuse)
    other = build(records, tmp_path / "other")
    assert (other / "search/search_index.json").read_bytes() == index
    EDITS["an assessee's surname"](records)
    with pytest.raises(AssertionError, match="word cutter"):
        build(records, tmp_path / "third")


# --- issue 20: what a page read, recorded while it rendered, decides what is made again ----

MINIMAL_AS_OF = dt.date(2026, 3, 20)
DIRECTOR = "people/kanya-srisuk/person.yaml"  # chairs the PA committee, approved the PA 1
FOLDER = "people/somsak-thongdee/2569"
COMMITTEE = "committees/2569/pa-ban-thung-kula.yaml"
RECORD_KINDS = {
    # kind: (the edit, whose records it is: None for a record every page shares)
    "person": (substitution(DIRECTOR, r"^last_name: .*$", "last_name: ทดสอบ"), "kanya-srisuk"),
    "agreement (PA 1)": (
        substitution(f"{FOLDER}/agreement.yaml", r"note: .*$", "note: เห็นชอบ แก้ไขแล้ว"),
        "somsak-thongdee",
    ),
    "review": (
        substitution(f"{FOLDER}/reviews/prasert-kaewkla.yaml", r"^general: .*$", "general: ทดสอบ"),
        "somsak-thongdee",
    ),
    "evaluation (PA 2)": (
        substitution(
            f"{FOLDER}/evaluations/r1-prasert-kaewkla.yaml", r"(1\.1\":\n    level:) 4", r"\1 2"
        ),
        "somsak-thongdee",
    ),
    "progress": (
        substitution(f"{FOLDER}/progress.yaml", r"text: จัดกิจกรรม.*$", "text: ทดสอบบันทึก"),
        "somsak-thongdee",
    ),
    "ว26 evaluation": (
        substitution(
            "people/napa-jaiyen/induction/e1-kanya-srisuk.yaml",
            r"^strengths: .*$",
            "strengths: ทดสอบ",
        ),
        "napa-jaiyen",
    ),
    "application": (
        substitution("applications/somsak-thongdee-2569.yaml", r"reason: .*$", "reason: ทดสอบ"),
        "somsak-thongdee",
    ),
    "committee": (
        lambda records: (
            substitution(COMMITTEE, r"(kanya-srisuk\n    role:) chair", r"\1 member")(records),
            substitution(COMMITTEE, r"(malee-raksa\n    role:) member", r"\1 chair")(records),
        ),
        None,
    ),
    "school": (
        substitution("schools/ban-thung-kula.yaml", r"^name: .*$", "name: โรงเรียนทดสอบ"),
        None,
    ),
    "office": (substitution("office.yaml", r"report: 2026-04-15", "report: 2026-04-16"), None),
}


def keyed_outputs(records: Path, site: Path) -> dict[str, tuple]:
    """What the build remembered of each file it may reuse: (key, ..., what it read, lists)."""
    from patracker.build.reuse import _manifest_path
    from patracker.filecache import read_marshal

    stored = read_marshal(_manifest_path(records, site, "internal"))
    assert stored is not None
    return stored["pages"]


@pytest.mark.parametrize("kind", RECORD_KINDS, ids=RECORD_KINDS.keys())
def test_an_edit_makes_again_exactly_the_pages_that_read_the_record(tmp_path: Path, kind):
    """Each kind of record edited in turn: the pages and files made again are exactly those
    that read it while they rendered last time (every one, for a record all pages share);
    every page whose content changed is one of them; and the incremental site is byte for
    byte a clean build's."""
    from conftest import MINIMAL

    def build_at(records: Path, out: Path) -> Path:
        return build_site(Project.at(records), out, as_of=MINIMAL_AS_OF, quiet=True)

    edit, owner = RECORD_KINDS[kind]
    records = tmp_path / "records"
    shutil.copytree(MINIMAL, records)
    site = build_at(records, tmp_path / "site")
    remembered = keyed_outputs(records, site)
    first = {path: ((site / path).stat().st_ino, (site / path).read_bytes()) for path in remembered}
    edit(records)
    build_at(records, site)
    made_again = {
        path for path, (inode, _) in first.items() if (site / path).stat().st_ino != inode
    }
    RoundResults.forget()
    clean = build_at(records, tmp_path / "clean")
    assert tree(site) == tree(clean), "the incremental build differs from a clean build"
    changed = {path for path, (_, data) in first.items() if (clean / path).read_bytes() != data}
    assert changed, f"editing the {kind} changed no page: not a real test"
    assert changed <= made_again, f"changed but reused: {sorted(changed - made_again)}"
    recorded = {path for path, before in remembered.items() if before[4]}
    if owner is None:  # shared by every page: everything is made again
        assert made_again == set(first)
    else:
        touched = {f"person/{owner}", reads.EVERYONE}
        if kind == "person":  # a surname: pages that show her name, or who made a change
            touched |= {f"name/{owner}", "editors"}
        readers = {path for path in recorded if touched & set(remembered[path][4])}
        assert made_again & recorded == readers
        assert changed & recorded <= readers
        assert readers < recorded, "every page read the record: the test shows nothing"


def test_a_page_records_only_what_it_read(tmp_path: Path):
    """A teacher's page reads her records, her committee members' names, her history, and
    nothing of people who have nothing to do with her; the school page reads who belongs
    to the school."""
    from conftest import MINIMAL

    records = tmp_path / "records"
    shutil.copytree(MINIMAL, records)
    site = build_site(Project.at(records), tmp_path / "site", as_of=MINIMAL_AS_OF, quiet=True)
    remembered = keyed_outputs(records, site)
    person = set(remembered["people/somsak-thongdee.html"][4])
    assert {"person/somsak-thongdee", "name/prasert-kaewkla", "history/somsak-thongdee"} <= person
    assert "person/anan-chaiyo" not in person and reads.EVERYONE not in person
    school = set(remembered["schools/ban-thung-kula.html"][4])
    assert {"school/ban-thung-kula", "person/somsak-thongdee"} <= school
    assert "person/anan-chaiyo" not in school  # another school's director


def test_bytes_shared_by_two_files_are_made_once_and_each_records_what_they_read():
    """A person's print data is one JSON written twice (as .json and as a .js script):
    made once, yet each file's reuse key must still name the person it shows."""
    made = []

    def make() -> bytes:
        made.append(1)
        reads.read("person/p1", "name/p2")
        return b"{}"

    shared = reads.Shared(make, uses=2)
    for _ in range(2):
        with reads.recording() as reading:
            assert shared() == b"{}"
        assert reading.tokens == {"person/p1", "name/p2"}
    assert made == [1]
    shared()  # past its uses it is not kept: made again rather than held for ever
    assert made == [1, 1]
