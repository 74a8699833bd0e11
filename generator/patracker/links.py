"""Personal links (issue 24): the unguessable address of each person's own page, made from
a secret in the environment (HMAC-SHA256 of the person id): rotating the secret revokes
every link. Kept apart from the personal build (personal.py), below the pages and the
reminders that print the links.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from .messages import coded

SECRET_ENV = "PATRACKER_LINK_SECRET"
URL_ENV = "PATRACKER_PERSONAL_URL"
FOLDER = "p"
TOKEN_CHARS = 32  # base32: 5 bits each, 160 bits
MIN_SECRET = 16  # characters


class LinkSecretError(Exception):
    """No usable secret in the environment: Thai and English, exit code 2."""


def link_secret(environ: os._Environ | dict | None = None) -> bytes:
    """The secret personal links are made from; a missing or short one is an error."""
    value = (os.environ if environ is None else environ).get(SECRET_ENV, "")
    if len(value) < MIN_SECRET:
        raise LinkSecretError(coded("PA940", env=SECRET_ENV, min=MIN_SECRET))
    return value.encode("utf-8")


def token(person_id: str, secret: bytes) -> str:
    """The unguessable folder name of a person's page under ``secret``."""
    digest = hmac.new(secret, person_id.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_CHARS]


def folder(person_id: str, secret: bytes) -> str:
    """``p/<token>/``: where the person's page is, relative to the personal site's root."""
    return f"{FOLDER}/{token(person_id, secret)}/"


def personal_link(person_id: str, environ: os._Environ | dict | None = None) -> str | None:
    """The full address of a person's page, or None unless both the secret and the site's
    address (``PATRACKER_PERSONAL_URL``, where the personal build is served) are set."""
    env = os.environ if environ is None else environ
    base = env.get(URL_ENV, "").strip()
    try:
        secret = link_secret(env)
    except LinkSecretError:
        return None
    return f"{base.rstrip('/')}/{folder(person_id, secret)}" if base else None


def links_key(environ: os._Environ | dict | None = None) -> str:
    """A fingerprint of what personal links are made from (never the secret itself): a
    page that shows links is stale when it changes."""
    env = os.environ if environ is None else environ
    text = f"{env.get(SECRET_ENV, '')}\0{env.get(URL_ENV, '')}"
    return hashlib.sha256(b"patracker-links\0" + text.encode("utf-8")).hexdigest()
