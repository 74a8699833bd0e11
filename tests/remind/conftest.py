"""Real servers on 127.0.0.1 for the reminder tests: an SMTP server (aiosmtpd) that keeps
what it receives, and a small HTTP server that answers as LINE's push endpoint does."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import socket
import threading
from collections.abc import Iterator
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from patracker.project import SOURCE_ROOT

WORKING_DAY = dt.date(2026, 12, 3)  # a Thursday, no holiday: screenings are 3 days late
ALICE = "anchalee-kanchanawong"  # a teacher whose PA 1 is late
MEMBER = "chakkraphan-wongsawan"  # a committee member who owes two screenings on 3 Dec


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A copy of the demo office, whose people may opt in."""
    out = tmp_path / "records"
    shutil.copytree(SOURCE_ROOT / "records", out)
    return out


def opt_in(records: Path, person: str, *channels: str, line_user_id: str | None = None) -> None:
    path = records / "people" / person / "person.yaml"
    text = path.read_text(encoding="utf-8")
    if line_user_id:
        text = text.replace("contact:\n", f"contact:\n  line_user_id: {line_user_id}\n", 1)
    path.write_text(text + f"reminders: [{', '.join(channels)}]\n", encoding="utf-8")


class Mailbox:
    """What the SMTP server accepted, as parsed messages; refuses the addresses in ``refuse``."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _password(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"pa-bot" and auth_data.password == b"s3cret"
    return AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, dict[str, str]]]:
    mailbox = Mailbox()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=_free_port(),
        authenticator=_password,
        auth_require_tls=False,
    )
    controller.start()
    env = {
        "PATRACKER_SMTP_HOST": "127.0.0.1",
        "PATRACKER_SMTP_PORT": str(controller.port),
        "PATRACKER_SMTP_STARTTLS": "0",
        "PATRACKER_SMTP_USER": "pa-bot",
        "PATRACKER_SMTP_PASSWORD": "s3cret",
        "PATRACKER_SMTP_FROM": "pa@nakhonsuwan.example",
        "PATRACKER_SMTP_TIMEOUT": "3",
    }
    yield mailbox, env
    controller.stop()


class LineApi:
    """Scripted answers per LINE user id: a list of status codes, the last one repeating."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.script: dict[str, list[int]] = {}


def _line_handler(api: LineApi):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            api.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
            if self.headers.get("Authorization") != "Bearer test-token":
                return self._answer(401, {"message": "Authentication failed"})
            codes = api.script.get(body.get("to"), [200])
            code = codes.pop(0) if len(codes) > 1 else codes[0]
            extra = {"Retry-After": "2"} if code == 429 else {}
            messages = {
                200: {},
                400: {"message": "The property, 'to', in the request body is invalid"},
            }
            self._answer(code, messages.get(code, {"message": "error"}), extra)

        def _answer(self, code: int, payload: dict, headers: dict | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    return Handler


@pytest.fixture
def line() -> Iterator[tuple[LineApi, dict[str, str]]]:
    api = LineApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _line_handler(api))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    env = {
        "PATRACKER_LINE_TOKEN": "test-token",
        "PATRACKER_LINE_API": f"http://127.0.0.1:{server.server_address[1]}",
    }
    yield api, env
    server.shutdown()
    server.server_close()
