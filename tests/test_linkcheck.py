"""``patracker check-links``: evidence URLs checked against a local HTTP server (200, 301,
404, 500, a slow answer, a server that never answers), results kept beside the records,
and broken links flagged on the owner's page, their member's page and the quality page."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from patracker import linkcheck
from patracker.build import build_site
from patracker.cli import app
from patracker.project import SOURCE_ROOT, Project

TODAY = dt.date(2026, 12, 3)
OWNER = "anchalee-boonma"


class _Handler(BaseHTTPRequestHandler):
    seen: ClassVar[list[tuple[float, str, str]]] = []

    def _answer(self, send_body: bool) -> None:
        type(self).seen.append((time.monotonic(), self.command, self.path))
        path = self.path
        if path == "/slow":
            time.sleep(0.4)
        if path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/head-refused" and self.command == "HEAD":
            self.send_response(405)
        else:
            code = {"/gone": 404, "/broken": 500}.get(path, 200)
            self.send_response(code)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/never"
    listener.close()


def test_each_kind_of_answer(server: str, silent: str) -> None:
    urls = [f"{server}/{p}" for p in ("ok", "moved", "gone", "broken", "slow", "head-refused")]
    found = linkcheck.check([*urls, silent], TODAY, timeout=1.5, gap=0)
    status = {url.rsplit("/", 1)[1]: (r.status, r.code) for url, r in found.items()}
    assert status == {
        "ok": ("ok", 200),
        "moved": ("ok", 200),
        "gone": ("dead", 404),
        "broken": ("unreachable", 500),
        "slow": ("ok", 200),
        "head-refused": ("ok", 200),
        "never": ("unreachable", None),
    }
    assert found[f"{server}/moved"].final == f"{server}/ok"
    assert found[f"{server}/ok"].checked == "2026-12-03"
    methods = [(m, p) for _, m, p in _Handler.seen if p == "/head-refused"]
    assert methods == [("HEAD", "/head-refused"), ("GET", "/head-refused")]


def test_one_host_is_asked_one_thing_at_a_time_with_a_gap(server: str) -> None:
    urls = [f"{server}/ok?{i}" for i in range(4)]
    linkcheck.check(urls, TODAY, gap=0.15, workers=4)
    times = sorted(t for t, _, _ in _Handler.seen)
    assert len(times) == 4
    assert all(b - a >= 0.14 for a, b in itertools.pairwise(times))


def test_only_stale_links_are_checked_again() -> None:
    results = linkcheck.Results(
        {
            "https://a.example/1": linkcheck.Result("ok", 200, "2026-12-01"),
            "https://a.example/2": linkcheck.Result("ok", 200, "2026-11-20"),
        }
    )
    urls = ["https://a.example/1", "https://a.example/2", "https://a.example/3"]
    assert linkcheck.stale(results, urls, TODAY, max_age=6) == urls[1:]


def test_broken_evidence_is_flagged_to_its_owner_and_their_members(
    server: str, tmp_path: Path
) -> None:
    records = tmp_path / "records"
    shutil.copytree(SOURCE_ROOT / "records", records)
    progress = records / "people" / OWNER / "2570" / "progress.yaml"
    text = progress.read_text(encoding="utf-8")
    text = text.replace(f"https://evidence.nakhonsuwan.example/{OWNER}/2", f"{server}/gone", 1)
    progress.write_text(text, encoding="utf-8")
    for path in records.glob("people/*/*/progress.yaml"):  # every other link answers 200
        kept = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"https://evidence\.nakhonsuwan\.example/\S+", f"{server}/ok", kept))
    result = CliRunner().invoke(
        app, ["check-links", "--records", str(records), "--as-of", "2026-12-03", "--gap", "0"]
    )
    assert result.exit_code == 0, result.output
    assert f"{OWNER}\t2570\tHTTP 404\t{server}/gone" in result.output
    assert (records.parent / ".patracker-cache").is_dir()
    assert not list(records.rglob("*.json"))  # nothing written into records/

    site = tmp_path / "site"
    build_site(Project.at(records), site, as_of=TODAY, quiet=True)
    page = (site / "people" / f"{OWNER}.html").read_text(encoding="utf-8")
    assert 'data-pa="broken-evidence-notice"' in page
    assert page.count('data-pa="broken-link"') == 2  # in the notice's table and the timeline
    quality = (site / "quality.html").read_text(encoding="utf-8")
    assert "ลิงก์หลักฐานที่เปิดไม่ได้ (1)" in quality and "HTTP 404" in quality
    member_pages = [
        p for p in (site / "members").glob("*.html") if "HTTP 404" in p.read_text(encoding="utf-8")
    ]
    assert member_pages  # each member of her committee sees it
    public = tmp_path / "public"
    build_site(Project.at(records), public, audience="public", as_of=TODAY, quiet=True)
    assert not any("HTTP 404" in p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
