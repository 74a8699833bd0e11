"""Browser fixtures: Chromium, the demo site built once and served on 127.0.0.1, a page
whose every request leaving 127.0.0.1 is aborted and recorded.

Under pytest-xdist each worker is its own process with its own browser and server, but
the site is built once per run: the first worker to take the lock builds it into the
run's shared temporary folder, the others wait and reuse it.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from debian import apt_install, lock
from patracker.build import build_site, read_history
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render.context import Site
from patracker.validate import validate

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
RECORDS = SOURCE_ROOT / "records"
AS_OF = dt.date(2026, 11, 20)
ARTIFACTS = SOURCE_ROOT / "tests" / "artifacts"


# --- Chromium ----------------------------------------------------------------------------


def install_chromium() -> str:
    """CI runs as root with Debian's mirrors: install the distribution's chromium."""
    return apt_install("chromium")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The Chromium the browser tests need; a missing one is a failure, never a skip."""
    if CHROMIUM.exists():
        return CHROMIUM
    log = "not root: cannot apt-get install chromium"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        with lock(Path("/tmp/patracker-chromium.lock")):  # one apt-get per machine
            log = install_chromium() if not CHROMIUM.exists() else ""
    if not CHROMIUM.exists():
        pytest.fail(
            f"Browser tests need {CHROMIUM} (Debian package 'chromium'). "
            f"Install it with: apt-get update && apt-get install -y chromium\n{log}",
            pytrace=False,
        )
    return CHROMIUM


# --- the demo site ---------------------------------------------------------------------------


def shared_dir(tmp_path_factory) -> Path:
    """This run's temporary folder, the same for every xdist worker of the run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = shared_dir(tmp_path_factory)
    out = root / "browser-site"
    with lock(root / "browser-site.lock"):
        if not (out / "index.html").is_file():
            build_site(Project.at(RECORDS), out, as_of=AS_OF, quiet=True)
    return out


@pytest.fixture(scope="session")
def site_model() -> Site:
    """The same ``Site`` the build renders from, for expected values from the engine."""
    project = Project.at(RECORDS)
    result = validate(project)
    model = build_model(result.corpus, project.forms)
    history = read_history(project)  # as build_site's "history" stage reads it
    return Site(project=project, model=model, as_of=AS_OF, corpus=result.corpus, history=history)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test output is not an access log
        pass


@contextmanager
def serving(directory: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 while the block runs: its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    with serving(built_site) as url:
        yield url


# --- the browser -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def outside_requests() -> list[str]:
    """Every request a page tried to send anywhere but 127.0.0.1 (all were aborted)."""
    return []


@pytest.fixture(scope="session")
def browser_context(chromium: Path, tmp_path_factory, outside_requests: list[str]):
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # fresh user-data-dir
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(chromium),
            args=CHROMIUM_ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
            locale="th-TH",
            service_workers="block",
        )

        def gate(route):
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                outside_requests.append(route.request.url)
                route.abort()

        context.route("**/*", gate)
        yield context
        context.close()
    assert not outside_requests, f"requests left 127.0.0.1: {outside_requests}"


@pytest.fixture
def page(browser_context, outside_requests: list[str]):
    """A fresh tab; the test fails if anything it loaded reached beyond 127.0.0.1."""
    before = len(outside_requests)
    tab = browser_context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    tab.close()
    assert outside_requests[before:] == [], "requests left 127.0.0.1"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Screenshots and PDFs for a human to look at (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
