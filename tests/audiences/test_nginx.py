"""`patracker access-rules --format nginx` in a real nginx on 127.0.0.1 with basic auth:
a teacher reads her own page and nothing of her school, a director reads his school, HR
reads everything (issue 24). nginx is Debian's package, installed here when missing."""

from __future__ import annotations

import base64
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from debian import apt_install, lock
from patracker import links
from patracker.cli import app

from .conftest import RECORDS, SCHOOL, SECRET, TEACHER, person

PASSWORD = "pa-test-password"


@pytest.fixture(scope="session")
def nginx_binary() -> str:
    """Debian's nginx; a missing one is installed (as root) or a failure, never a skip."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    log = "not root: cannot apt-get install nginx"
    if not found and os.geteuid() == 0 and shutil.which("apt-get"):
        with lock(Path("/tmp/patracker-nginx.lock")):  # one apt-get per machine
            found = shutil.which("nginx", path="/usr/sbin:/usr/bin")
            log = "" if found else apt_install("nginx")
            found = found or shutil.which("nginx", path="/usr/sbin:/usr/bin")
    if not found:
        pytest.fail(f"The nginx test needs Debian's nginx: apt-get install -y nginx\n{log}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _login(person_id: str) -> str:
    return str(person(person_id)["github"])


def _school(school_id: str) -> dict:
    import yaml

    return yaml.safe_load((RECORDS / "schools" / f"{school_id}.yaml").read_text("utf-8"))


def _hr() -> str:
    import yaml

    office = yaml.safe_load((RECORDS / "office.yaml").read_text("utf-8"))
    return office["hr"][0]


@pytest.fixture(scope="module")
def server(nginx_binary, school_site, personal_site, tmp_path_factory, monkeypatch_module):
    tmp = tmp_path_factory.mktemp("nginx")
    root = tmp / "root"
    (root / "office").mkdir(parents=True)
    (root / "office" / "index.html").write_text("<p>office</p>")
    (root / "public").mkdir()
    (root / "public" / "index.html").write_text("<p>public</p>")
    (root / "school").symlink_to(school_site)
    (root / "personal").symlink_to(personal_site)
    monkeypatch_module.setenv("PATRACKER_LINK_SECRET", SECRET)
    rules = tmp / "rules"
    result = CliRunner().invoke(
        app, ["access-rules", "--format", "nginx", "--records", str(RECORDS), "--out", str(rules)]
    )
    assert result.exit_code == 0, result.output
    users = {_login(TEACHER), _login(_school(SCHOOL)["director"]), _login(_hr())}
    (tmp / "htpasswd").write_text("".join(f"{u}:{{PLAIN}}{PASSWORD}\n" for u in users))
    port = _free_port()
    run_as = "user root;\n" if os.geteuid() == 0 else ""
    temps = " ".join(
        f"{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp / "nginx.conf").write_text(
        f"{run_as}worker_processes 1;\ndaemon off;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log;\nevents {{ worker_connections 64; }}\n"
        f"http {{\n  access_log off;\n  {temps}\n  include {rules}/pa-maps.conf;\n"
        f"  server {{\n    listen 127.0.0.1:{port};\n    root {root};\n"
        f'    auth_basic "PA Tracker";\n    auth_basic_user_file {tmp}/htpasswd;\n'
        f"    include {rules}/pa-locations.conf;\n  }}\n}}\n"
    )
    conf = ["-p", str(tmp), "-c", str(tmp / "nginx.conf")]
    checked = subprocess.run([nginx_binary, "-t", *conf], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([nginx_binary, *conf], stderr=subprocess.PIPE)
    try:
        for _ in range(100):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def status(url: str, login: str | None, password: str = PASSWORD) -> int:
    request = urllib.request.Request(url)
    if login:
        token = base64.b64encode(f"{login}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def test_each_login_reads_exactly_its_folders(server: str):
    key = SECRET.encode()
    mine = f"{server}/personal/{links.folder(TEACHER, key)}index.html"
    director = _school(SCHOOL)["director"]
    theirs = f"{server}/personal/{links.folder(director, key)}index.html"
    school = f"{server}/school/{SCHOOL}/index.html"
    other_school = f"{server}/school/another-school/index.html"
    office = f"{server}/office/index.html"
    teacher, boss, hr = _login(TEACHER), _login(director), _login(_hr())
    assert status(mine, None) == 401
    assert status(mine, teacher, "wrong") == 401  # a claimed login must also sign in
    assert status(office, hr, "wrong") == 401
    assert [status(u, teacher) for u in (mine, theirs, school, office)] == [200, 403, 403, 403]
    assert [status(u, boss) for u in (school, other_school, mine, office)] == [200, 403, 403, 403]
    assert status(f"{server}/school/{SCHOOL}/people/{TEACHER}.html", boss) == 200
    assert [status(u, hr) for u in (mine, theirs, school, office)] == [200, 200, 200, 200]
    assert status(f"{server}/public/index.html", teacher) == 200
