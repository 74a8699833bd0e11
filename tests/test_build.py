"""`patracker build`: pages from the demo office, escaped record text, atomic output."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from patracker.build import BuildError, build_site
from patracker.project import Project

REPO = Path(__file__).resolve().parents[1]
RECORDS = REPO / "records"
AS_OF = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True)
    return out


def test_home_school_and_person_pages_exist(demo_site: Path):
    assert (demo_site / "index.html").is_file()
    assert len(list((demo_site / "people").glob("*.html"))) == len(
        list(RECORDS.glob("people/*/person.yaml"))
    )
    assert (
        len(list((demo_site / "schools").glob("*.html")))
        == len(list(RECORDS.glob("schools/*.yaml"))) + 1
    )


def test_home_counts_match_the_records_and_link_to_their_people(demo_site: Path):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    approved = sorted(
        p.parents[1].name
        for p in RECORDS.glob("people/*/2570/agreement.yaml")
        if "status: approved" in p.read_text(encoding="utf-8")
    )
    assert 'lang="th"' in html
    assert "ปีงบประมาณ 2570" in html
    assert "20 พฤศจิกายน 2569" in html  # the reference date in Buddhist Era
    desc = re.search(r'<desc id="chart-agreements-d">([^<]*)</desc>', html).group(1)
    assert f"เห็นชอบ {len(approved)} คน" in desc
    assert 'href="lists/agreements-approved.html"' in html
    listed = (demo_site / "lists/agreements-approved.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'href="../people/([a-z0-9-]+)\.html"', listed)) == approved


def test_person_page_shows_be_dates(demo_site: Path):
    person = sorted(RECORDS.glob("people/*/2569/agreement.yaml"))[0].parents[1].name
    html = (demo_site / "people" / f"{person}.html").read_text(encoding="utf-8")
    assert "ปีงบประมาณ 2569" in html
    assert re.search(r"\d{1,2} (ต\.ค\.|พ\.ย\.|ก\.ย\.|ธ\.ค\.) 256[89]", html)


def test_record_text_is_escaped_and_bad_links_are_not_links(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    path = sorted(records.glob("people/*/2570/progress.yaml"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("    text: "))
    lines[index] = (
        '    text: "<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>"'
    )
    lines.insert(index + 1, "    evidence:\n      - {title: คลิก, url: javascript:alert(4)}")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(BuildError):  # the javascript: link is refused by the schema first
        build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    lines.pop(index + 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    html = (tmp_path / "site" / "people" / f"{path.parents[1].name}.html").read_text(
        encoding="utf-8"
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path: Path):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    person = sorted(records.glob("people/*/person.yaml"))[0]
    person.write_text(person.read_text(encoding="utf-8") + "standing: twice\n", encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert "PA011" in str(failure.value)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build-")] == []


def test_the_replaced_site_is_deleted_after_the_new_one_is_in_place(tmp_path: Path):
    from patracker.build import site as build

    out = tmp_path / "site"
    for _ in range(3):  # the third swap waits for the second's deletion
        build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True)
        assert (out / "index.html").is_file()
    build.finish_clearing()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_two_processes_build_the_same_site(tmp_path: Path):
    """Sets of strings come in another order in every Python process (hash seeds): nothing
    on a page may follow that order, or two builds of the same records differ."""
    import os
    import subprocess
    import sys

    script = (
        "import datetime, sys; from pathlib import Path;"
        "from patracker.build import build_site; from patracker.project import Project;"
        "build_site(Project.at(Path(sys.argv[1])), Path(sys.argv[2]),"
        " as_of=datetime.date(2026, 11, 20), quiet=True)"
    )
    sites = []
    for seed in ("1", "2"):
        site = tmp_path / f"site-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(RECORDS), str(site)], env=env, check=True)
        sites.append({p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()})
    differing = [str(p) for p in sites[0] if sites[0][p] != sites[1].get(p)]
    assert sites[0].keys() == sites[1].keys() and differing == []


def test_unknown_audience_is_refused_clearly(tmp_path: Path):
    with pytest.raises(BuildError, match="audience"):
        build_site(
            Project.at(RECORDS), tmp_path / "site", audience="staff", as_of=AS_OF, quiet=True
        )
    assert not (tmp_path / "site").exists()


_LOADS = re.compile(
    r"""(?:<(?:script|img|iframe|source|audio|video)[^>]*\ssrc|<link[^>]*\shref)\s*=\s*["']([^"']+)""",
    re.I,
)
_CSS_URLS = re.compile(r"""url\(\s*["']?([^"')]+)""")


def test_the_site_carries_its_thai_font_and_loads_nothing_from_another_host(demo_site: Path):
    css = (demo_site / "assets/pa.css").read_text(encoding="utf-8")
    assert "fonts/sarabun-thai-400-normal.woff2" in css
    font = (demo_site / "assets/fonts/sarabun-thai-400-normal.woff2").read_bytes()
    assert font.startswith(b"wOF2")
    assert font == (REPO / "site_templates/assets/fonts/sarabun-thai-400-normal.woff2").read_bytes()
    external = []
    for path in demo_site.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text(encoding="utf-8", errors="replace")
            targets = _LOADS.findall(text) + _CSS_URLS.findall(text)
            external += [(path.name, t) for t in targets if re.match(r"(https?:)?//", t)]
    assert external == []


def test_every_internal_page_asks_search_engines_to_stay_out(demo_site: Path):
    pages = list(demo_site.rglob("*.html"))
    assert len(pages) > 100
    missing = [
        p.name
        for p in pages
        if '<meta name="robots" content="noindex, nofollow">' not in p.read_text(encoding="utf-8")
    ]
    assert missing == []


def test_search_index_holds_pages_people_look_for_but_not_their_print_copies(demo_site: Path):
    import json

    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("people/") for loc in locations)
    assert not any(loc.startswith("print/") or "_shell" in loc for loc in locations)
    assert (demo_site / "search/search_index.json").stat().st_size < 5_000_000


def test_printable_forms_are_plain_a4_documents_that_load_only_local_styles(demo_site: Path):
    pages = sorted(p.name for p in (demo_site / "print").glob("*.html"))
    assert pages == ["pa1.html", "pa2.html", "pa3.html"]  # generic pages, not one per form
    for name in pages:
        html = (demo_site / "print" / name).read_text(encoding="utf-8")
        assert 'class="md-header' not in html  # no theme chrome: a form, not a web page
        assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == [
            "../assets/pa.css",
            "../assets/print.css",
        ]
        assert re.findall(r'<script src="([^"]+)"', html) == ["../assets/print.js"]
        assert 'lang="th"' in html and "noindex" in html
    assert (demo_site / "assets/print.js").is_file()
    data = sorted((demo_site / "print/data").glob("*.json"))
    assert len(data) > 100 and not (demo_site / "print/2570").exists()


def test_search_text_read_from_the_opening_of_a_page_equals_reading_it_whole(demo_site: Path):
    """The index keeps the first characters of a page's text; reading only the opening of
    the body must give exactly what reading the whole body gives, tags never cut."""
    from patracker.build import shells

    bodies = [p.read_text(encoding="utf-8") for p in sorted(demo_site.glob("people/*.html"))]
    bodies += ["", "<p>สั้น</p>", "<p>" + "ก" * 500 + "</p>", "<b>x</b>" * 300, "a" * 50]
    bodies.append('<div title="' + "&gt;" * 200 + '">' + "ข " * 300 + "</div>")
    for body in bodies:
        for size in (1, 100, 1000):
            assert shells._opening(body, size) == shells._plain(body)[:size]


# --- never delete what is not a site (issue 23) -----------------------------------------


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder under ``root``, to show nothing was touched."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A data repository: .git, records/ (the minimal tree), schemas/, some other work."""
    from conftest import MINIMAL, SCHEMAS

    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    shutil.copytree(MINIMAL, repo / "records")
    shutil.copytree(SCHEMAS, repo / "schemas")
    (repo / "notes.txt").write_text("งานที่ยังไม่ commit\n", encoding="utf-8")
    (repo / "mine").mkdir()
    (repo / "mine" / "draft.md").write_text("ร่าง\n", encoding="utf-8")
    return repo


@pytest.mark.parametrize(
    "target,code",
    [
        (".", "PA901"),  # the repository root
        ("records", "PA901"),
        ("schemas", "PA901"),
        ("records/people", "PA901"),  # inside records/
        ("..", "PA901"),  # an ancestor of the repository
        ("notes.txt", "PA902"),  # a regular file
        ("mine", "PA903"),  # somebody's folder, not a site
    ],
)
def test_build_refuses_to_replace_what_it_did_not_make(checkout: Path, target: str, code: str):
    before = _tree(checkout.parent)
    project = Project.at(checkout / "records")
    assert project.schemas_dir == checkout / "schemas"
    with pytest.raises(BuildError) as refused:
        build_site(project, checkout / target, as_of=AS_OF, quiet=True)
    assert refused.value.exit_code == 2
    message = str(refused.value)
    assert code in message and re.search(r"[\u0e00-\u0e7f]", message) and "--out" in message
    assert _tree(checkout.parent) == before


def test_build_command_refuses_the_checkout_with_exit_2(checkout: Path, monkeypatch):
    from typer.testing import CliRunner

    from patracker.cli import app

    before = _tree(checkout.parent)
    monkeypatch.chdir(checkout)
    for out in (".", "records"):
        result = CliRunner().invoke(app, ["build", "--out", out, "--quiet"])
        assert result.exit_code == 2, result.output
        assert isinstance(result.exception, SystemExit)
        assert "PA901" in result.output and "site built" not in result.output
    assert _tree(checkout.parent) == before


def test_a_site_is_marked_and_only_a_marked_folder_is_replaced(records: Path, tmp_path: Path):
    from patracker import outdir

    out = tmp_path / "out"
    out.mkdir()  # an empty folder may be used
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert (out / outdir.MARKER).is_file()
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)  # marked: replaced
    (out / outdir.MARKER).unlink()
    (out / "index.html").unlink()  # no longer a site PA Tracker recognises
    before = _tree(out)
    with pytest.raises(BuildError, match="PA903"):
        build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert _tree(out) == before


def test_a_folder_in_the_way_of_the_swap_is_not_deleted(records: Path, tmp_path: Path):
    out = tmp_path / "site"
    (tmp_path / "site.old").mkdir()
    (tmp_path / "site.old" / "keep.txt").write_text("ของฉัน\n", encoding="utf-8")
    with pytest.raises(BuildError, match="PA904") as refused:
        build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert refused.value.exit_code == 2
    assert (tmp_path / "site.old" / "keep.txt").is_file() and not out.exists()


def test_leftover_work_folders_of_killed_builds_are_cleaned(records: Path, tmp_path: Path):
    from patracker import outdir
    from patracker.build import site as build

    def folder(name: str, *files: str) -> Path:
        path = tmp_path / name
        for file in files:
            (path / file).parent.mkdir(parents=True, exist_ok=True)
            (path / file).write_text("x", encoding="utf-8")
        path.mkdir(exist_ok=True)
        return path

    killed = folder(".build-site.abcd1234", outdir.WORK_MARK, "site/index.html", "docs/a.md")
    empty = folder(".build-site.efgh5678")  # killed right after it was made
    legacy = folder(".build-k2j4h6g8", "docs/index.md", "site/index.html", "mkdocs.yml")
    foreign = folder(".build-site.zzzz9999", "thesis.tex")  # the right name, not ours
    other = folder(".build-site-public.abcd1234", outdir.WORK_MARK, "site/x")  # another out's
    build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    build.finish_clearing()
    assert not killed.exists() and not empty.exists() and not legacy.exists()
    assert (foreign / "thesis.tex").is_file() and (other / "site" / "x").is_file()


_KILL_AT_SECOND_RENAME = """
import datetime, os, pathlib, signal, sys
from patracker.build import build_site
from patracker.project import Project

records, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).resolve()
build_site(Project.at(records), out, as_of=datetime.date(2026, 11, 20), quiet=True)
rename = pathlib.Path.rename

def killed_at_the_second_rename(self, target):
    if pathlib.Path(target) == out:  # the new site moving into place: the old one is away
        os.kill(os.getpid(), signal.SIGKILL)
    return rename(self, target)

pathlib.Path.rename = killed_at_the_second_rename
build_site(Project.at(records), out, as_of=datetime.date(2026, 11, 20), quiet=True)
"""


def test_a_build_killed_between_the_two_renames_leaves_a_site_the_next_build_restores(
    records: Path, tmp_path: Path
):
    import subprocess
    import sys

    from patracker.build import site as build

    out = tmp_path / "site"
    script = [sys.executable, "-c", _KILL_AT_SECOND_RENAME, str(records), str(out)]
    assert subprocess.run(script, timeout=600).returncode == -9
    old = tmp_path / "site.old"
    assert not out.exists() and (old / "index.html").is_file()  # the site, moved aside
    assert [p.name for p in tmp_path.glob(".build-site.*")]  # the killed build's work
    site = _tree(old)
    # the next build puts the site back before anything else, even when it then fails
    person = sorted(records.glob("people/*/person.yaml"))[0]
    text = person.read_text(encoding="utf-8")
    person.write_text(text + "standing: twice\n", encoding="utf-8")
    with pytest.raises(BuildError, match="PA011"):
        build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert _tree(out) == site and not old.exists()
    assert list(tmp_path.glob(".build-*")) == []
    person.write_text(text, encoding="utf-8")
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    build.finish_clearing()
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".patracker-cache", "records", "site"]


@pytest.fixture
def built(records: Path, tmp_path: Path) -> tuple[Path, dict]:
    """A site built from the minimal tree, and what it holds."""
    from patracker.build import site as build

    out = tmp_path / "site"
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    build.finish_clearing()
    return out, _tree(out)


def _build_command(records: Path, out: Path):
    from typer.testing import CliRunner

    from patracker.cli import app

    args = ["build", "--records", str(records), "--out", str(out), "--quiet"]
    return CliRunner().invoke(app, [*args, "--as-of", AS_OF.isoformat()])


def _failed_cleanly(result, code: str) -> None:
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # not a traceback
    assert code in result.output and re.search(r"[\u0e00-\u0e7f]", result.output)


def test_a_full_disk_ends_with_a_message_and_the_previous_site(records, built, monkeypatch):
    import errno

    out, before = built
    write_text, write_bytes = Path.write_text, Path.write_bytes

    def full(write):
        def write_on_full_disk(self, *args, **kwargs):
            if self.is_relative_to(out.parent):
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
            return write(self, *args, **kwargs)

        return write_on_full_disk

    monkeypatch.setattr(Path, "write_text", full(write_text))
    monkeypatch.setattr(Path, "write_bytes", full(write_bytes))
    _failed_cleanly(_build_command(records, out), "PA906")
    monkeypatch.undo()
    assert _tree(out) == before
    assert list(out.parent.glob(".build-*")) == [] and list(out.parent.glob(".*.lock")) == []


def test_a_read_only_output_folder_ends_with_a_message_and_the_previous_site(
    records, built, monkeypatch
):
    import errno
    import os

    out, before = built
    real_open, real_mkdir = os.open, os.mkdir

    def read_only(call):
        def refused(path, *args, **kwargs):
            if Path(path).resolve().is_relative_to(out.parent.resolve()) and (
                call is real_mkdir or args[0] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            ):
                raise OSError(errno.EROFS, "Read-only file system", str(path))
            return call(path, *args, **kwargs)

        return refused

    monkeypatch.setattr(os, "open", read_only(real_open))
    monkeypatch.setattr(os, "mkdir", read_only(real_mkdir))
    _failed_cleanly(_build_command(records, out), "PA907")
    monkeypatch.undo()
    assert _tree(out) == before


def test_two_builds_into_the_same_folder_one_is_refused(records, built, monkeypatch):
    import threading

    from patracker.build import site as build

    out, before = built
    swapping, go_on = threading.Event(), threading.Event()
    real_swap = build.swap

    def slow_swap(new, target):
        swapping.set()
        assert go_on.wait(60)
        real_swap(new, target)

    monkeypatch.setattr(build, "swap", slow_swap)
    failed: list[BaseException] = []

    def first() -> None:
        try:
            build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
        except BaseException as exc:
            failed.append(exc)

    running = threading.Thread(target=first)
    running.start()
    try:
        assert swapping.wait(300)
        result = _build_command(records, out)  # the second build, while the first runs
    finally:
        go_on.set()
        running.join()
    _failed_cleanly(result, "PA905")
    assert failed == [] and (out / "index.html").is_file()
    build.finish_clearing()
    assert _tree(out).keys() == before.keys()


def test_a_site_built_before_the_marker_existed_is_still_replaced(records: Path, tmp_path: Path):
    from patracker import outdir

    out = tmp_path / "site"
    for part in ("index.html", "assets/pa.css", "search/search_index.json"):
        (out / part).parent.mkdir(parents=True, exist_ok=True)
        (out / part).write_text("{}", encoding="utf-8")
    half = tmp_path / "half"
    shutil.copytree(out, half)
    (half / "search" / "search_index.json").unlink()  # not all of a site: somebody's folder
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True)
    assert (out / outdir.MARKER).is_file() and (out / "index.html").read_text() != "{}"
    with pytest.raises(BuildError, match="PA903"):
        build_site(Project.at(records), half, as_of=AS_OF, quiet=True)


def test_serve_deletes_its_preview_folder_when_it_ends(records: Path, monkeypatch):
    """``serve`` builds into a folder of its own; stopping it (Ctrl-C) leaves nothing behind."""
    import tempfile

    from patracker.build import site as build

    served: list[Path] = []

    class Stopped:
        def __init__(self, builder, host, port, root):
            served.append(Path(root))

        def watch(self, path):
            pass

        def serve(self):
            assert (served[0] / "index.html").is_file()
            raise KeyboardInterrupt

        def shutdown(self):
            pass

    # serve imports the preview server when it starts; patching mkdocs' class would make
    # the first import of patracker.preview subclass Stopped for every later test
    from patracker import preview

    monkeypatch.setattr(preview, "PreviewServer", Stopped)
    with pytest.raises(KeyboardInterrupt):
        build.serve(Project.at(records), port=0, as_of=AS_OF)
    assert served and not served[0].parent.exists()
    assert served[0].parent.parent == Path(tempfile.gettempdir())


def test_a_site_is_never_built_inside_the_records_whatever_their_folder_is_called(
    tmp_path: Path,
):
    from conftest import MINIMAL

    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    before = _tree(tmp_path)
    with pytest.raises(BuildError, match="PA901") as refused:
        build_site(Project.at(data), data / "site", as_of=AS_OF, quiet=True)
    assert refused.value.exit_code == 2 and _tree(tmp_path) == before
