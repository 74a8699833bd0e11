"""ASCII ids for new people and schools: readable, stable, never a national ID.

An id is a folder name people type and see in pull requests, so it is romanised Thai
(pythainlp's rule-based ``royin`` engine, which needs no download). Romanisation may change
between pythainlp versions, which is why a re-import matches existing records by name
first (``plan``) and only generates ids for people who are new. If romanisation is
unavailable or yields nothing usable, a short hash of the NFC name is used: ugly but
deterministic, so the same roster always gets the same ids.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from .text import normal

MAX_LENGTH = 64
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(*parts: str, fallback: str) -> str:
    """``slug('สมชาย', 'ใจดี', fallback='p')`` → ``somchai-chaidi``."""
    words = [_slug_word(normal(p)) for p in parts if normal(p)]
    if all(words):
        text = "-".join(words)[: MAX_LENGTH - 4].strip("-")
        if text:
            return text
    digest = hashlib.sha256(" ".join(normal(p) for p in parts).encode("utf-8")).hexdigest()
    return f"{fallback}-{digest[:8]}"


def unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet; marks it taken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate)
    return candidate


def _slug_word(text: str) -> str:
    ascii_ = _NOT_SLUG.sub("-", text.lower()).strip("-")
    if ascii_ and text.isascii():
        return ascii_
    return _NOT_SLUG.sub("-", _romanize(text).lower()).strip("-")


@cache
def _romanize(text: str) -> str:
    try:
        from pythainlp.transliterate import romanize

        return romanize(text, engine="royin") or ""
    except Exception:  # any failure of the optional engine falls back to the hash
        return ""
