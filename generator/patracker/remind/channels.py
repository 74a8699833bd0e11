"""The two ways a digest reaches a person: e-mail over SMTP and a LINE push message.

Each channel knows the address it needs from a person's record and raises ``Transient``
for what may pass (a server down, a 429, a 5xx) and ``Permanent`` for what will not (a
refused address, an unknown LINE user). Settings and secrets come from the environment,
never from the records.
"""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from .digest import Digest


class Transient(Exception):
    """Worth trying again; ``retry_after`` is the server's own wish, in seconds."""

    def __init__(self, detail: str, retry_after: float | None = None) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class Permanent(Exception):
    """Trying again will not help: a bad address or a refused request."""


class SettingMissing(Exception):
    """An environment variable the channel needs is not set."""


def _need(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise SettingMissing(name)
    return value


@dataclass(frozen=True)
class Email:
    host: str
    port: int
    starttls: bool
    user: str | None
    password: str | None
    sender: str
    timeout: float = 20.0
    name: str = "email"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Email:
        return cls(
            host=_need(env, "PATRACKER_SMTP_HOST"),
            port=int(env.get("PATRACKER_SMTP_PORT", "587")),
            starttls=env.get("PATRACKER_SMTP_STARTTLS", "1") not in ("0", "false", "no"),
            user=env.get("PATRACKER_SMTP_USER") or None,
            password=env.get("PATRACKER_SMTP_PASSWORD") or None,
            sender=_need(env, "PATRACKER_SMTP_FROM"),
            timeout=float(env.get("PATRACKER_SMTP_TIMEOUT", "20")),
        )

    @staticmethod
    def address(record: Mapping) -> str | None:
        return (record.get("contact") or {}).get("email")

    def message(self, address: str, digest: Digest, as_of) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = address
        message["Subject"] = digest.subject
        message.set_content(digest.text(as_of))
        message.add_alternative(digest.html(as_of), subtype="html")
        return message

    def send(self, address: str, digest: Digest, as_of, retry_key: str | None = None) -> None:
        message = self.message(address, digest, as_of)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password or "")
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            raise Permanent(f"SMTP refused the address ({codes})") from None
        except smtplib.SMTPResponseException as exc:
            kind = Permanent if 500 <= exc.smtp_code < 600 else Transient
            raise kind(f"SMTP {exc.smtp_code}") from None
        except (OSError, smtplib.SMTPException) as exc:
            raise Transient(f"SMTP: {type(exc).__name__}") from None


@dataclass(frozen=True)
class Line:
    token: str
    api: str = "https://api.line.me"
    timeout: float = 20.0
    name: str = "line"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Line:
        api = env.get("PATRACKER_LINE_API", "").strip() or cls.api
        return cls(token=_need(env, "PATRACKER_LINE_TOKEN"), api=api.rstrip("/"))

    @staticmethod
    def address(record: Mapping) -> str | None:
        return (record.get("contact") or {}).get("line_user_id")

    def request(
        self, address: str, digest: Digest, as_of, retry_key: str
    ) -> urllib.request.Request:
        text = f"{digest.subject}\n\n{digest.text(as_of)}"[:5000]  # the API's limit
        body = {"to": address, "messages": [{"type": "text", "text": text}]}
        return urllib.request.Request(
            f"{self.api}/v2/bot/message/push",
            data=json.dumps(body, ensure_ascii=False).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json; charset=utf-8",
                # The same key on every retry: LINE sends a message once per key.
                "X-Line-Retry-Key": retry_key,
            },
        )

    def send(self, address: str, digest: Digest, as_of, retry_key: str | None = None) -> None:
        request = self.request(address, digest, as_of, retry_key or str(uuid.uuid4()))
        try:
            with urllib.request.urlopen(request, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            detail = f"LINE {exc.code}: {_line_error(exc)}"
            if exc.code == 409:  # accepted already under this retry key
                return
            if exc.code == 429 or exc.code >= 500:
                raise Transient(detail, _retry_after(exc.headers.get("Retry-After"))) from None
            raise Permanent(detail) from None
        except (OSError, urllib.error.URLError) as exc:
            raise Transient(f"LINE: {type(exc).__name__}") from None


def _line_error(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read() or b"{}").get("message", ""))[:200]
    except ValueError:
        return ""


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
