"""Evidence that still opens (``patracker check-links``): every evidence URL of every
progress entry, checked politely, the results kept beside the records' caches.

The network is never touched by a build: pages read the last results (``Results``) and
flag dead links to their owner. A weekly workflow runs the check.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .filecache import beside_records

USER_AGENT = "PA-Tracker-link-check/1 (+evidence links of an education office)"
HEAD_REFUSED = {403, 405, 501}  # some servers answer HEAD so; ask again with GET


@dataclass(frozen=True)
class Evidence:
    """One evidence link and whose it is."""

    person: str
    fiscal_year: int
    date: dt.date
    title: str
    url: str


@dataclass(frozen=True)
class Result:
    status: str  # "ok", "dead" (404, 410, no such host) or "unreachable" (5xx, time-out, refused)
    code: int | None
    checked: str  # ISO date
    final: str = ""  # where redirects ended
    detail: str = ""

    @property
    def broken(self) -> bool:
        return self.status != "ok"


def evidence_of(model) -> list[Evidence]:
    """Every http(s) evidence link of every progress record, in file order."""
    out = []
    for (person, fy), progress in sorted(model.progress.items()):
        for entry in progress.entries:
            for title, url in entry.links:
                if urlsplit(url).scheme in ("http", "https"):
                    out.append(Evidence(person, fy, entry.date, title, url))
    return out


class Results(dict[str, Result]):
    """URL → the last result, read from and written to one JSON file."""

    @staticmethod
    def location(records: Path) -> Path:
        return beside_records(records, "links").with_suffix(".json")

    @classmethod
    def load(cls, records: Path) -> Results:
        try:
            raw = json.loads(cls.location(records).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        return cls({url: Result(**fields) for url, fields in raw.items()})

    def save(self, records: Path) -> None:
        path = self.location(records)
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(".tmp")
        data = {url: asdict(r) for url, r in sorted(self.items())}
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, path)


class Politeness:
    """At most one request at a time to a host, and ``gap`` seconds between them."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._last: dict[str, float] = {}
        self._guard = threading.Lock()

    def visit(self, host: str, call: Callable[[], Result]) -> Result:
        with self._guard:
            lock = self._locks[host]
        with lock:
            wait = self._last.get(host, 0.0) + self.gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                return call()
            finally:
                self._last[host] = time.monotonic()


def check(
    urls: Iterable[str],
    today: dt.date,
    *,
    timeout: float = 10.0,
    workers: int = 8,
    gap: float = 1.0,
) -> dict[str, Result]:
    """Check each distinct URL once: ``workers`` at a time, one at a time per host."""
    polite = Politeness(gap)
    distinct = sorted(set(urls))

    def one(url: str) -> tuple[str, Result]:
        host = urlsplit(url).netloc.lower()
        return url, polite.visit(host, lambda: probe(url, today, timeout))

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return dict(pool.map(one, distinct))


def probe(url: str, today: dt.date, timeout: float) -> Result:
    """HEAD, then GET when the server will not answer HEAD; redirects are followed."""
    checked = today.isoformat()
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return Result("ok", answer.status, checked, answer.url)
        except urllib.error.HTTPError as exc:
            if method == "HEAD" and exc.code in HEAD_REFUSED:
                continue
            status = "unreachable" if exc.code >= 500 or exc.code == 429 else "dead"
            return Result(status, exc.code, checked, exc.url or url, f"HTTP {exc.code}")
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, OSError) and getattr(reason, "errno", None) in (-2, -5):
                return Result("dead", None, checked, url, "no such host")
            return Result("unreachable", None, checked, url, type(reason).__name__)
        except (TimeoutError, OSError) as exc:
            return Result("unreachable", None, checked, url, type(exc).__name__)
    raise AssertionError("unreachable")


def stale(results: Results, urls: Iterable[str], today: dt.date, max_age: int) -> list[str]:
    """The URLs never checked, or last checked more than ``max_age`` days before today."""
    oldest = (today - dt.timedelta(days=max_age)).isoformat()
    return sorted({u for u in urls if u not in results or results[u].checked < oldest})
