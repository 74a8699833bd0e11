"""Sending the day's digests: each person on each channel they opted into, at most once a
day, retried with backoff when the failure may pass, and never stopping the others."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .channels import Permanent, Transient
from .digest import Digest
from .state import SentLog

MAX_WAIT = 60.0  # seconds: a longer Retry-After is capped; the next day's run catches up


@dataclass(frozen=True)
class Outcome:
    """What happened to one person's digest on one channel; ``detail`` holds nothing
    personal (no address, no content), so the report is safe in a CI log."""

    person: str
    channel: str
    status: str  # "sent", "failed" or "skipped"
    detail: str = ""
    attempts: int = 0


def deliver(
    digests: Iterable[Digest],
    records: Mapping[str, Mapping],
    channels: Mapping[str, object],
    log: SentLog,
    as_of,
    *,
    tries: int = 4,
    backoff: float = 1.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Outcome]:
    """Send every digest on every channel its person opted into (``reminders`` in the
    person file); ``channels`` maps a channel name to a configured channel, or None."""
    outcomes = []
    for digest in digests:
        record = records.get(digest.person, {})
        for name in record.get("reminders", ()):
            if name not in channels:
                continue  # this run sends on other channels only (--channel)
            outcomes.append(
                _one(digest, record, name, channels[name], log, as_of, tries, backoff, sleep)
            )
    return outcomes


def _one(digest, record, name, channel, log, as_of, tries, backoff, sleep) -> Outcome:
    person = digest.person
    if log.sent_on(person, name, as_of):
        return Outcome(person, name, "skipped", "ส่งแล้ววันนี้ — already sent today")
    if channel is None:
        return Outcome(person, name, "failed", "ยังไม่ได้ตั้งค่าช่องทางนี้ — channel not configured")
    address = channel.address(record)
    if not address:
        return Outcome(person, name, "failed", "ไม่มีที่อยู่ในช่องทางติดต่อ — no address in the person file")
    retry_key = str(uuid.uuid4())
    for attempt in range(1, tries + 1):
        try:
            channel.send(address, digest, as_of, retry_key)
        except Permanent as exc:
            return Outcome(person, name, "failed", str(exc), attempt)
        except Transient as exc:
            if attempt == tries:
                return Outcome(
                    person, name, "failed", f"{exc} (ลองแล้ว {tries} ครั้ง — gave up)", attempt
                )
            sleep(min(MAX_WAIT, exc.retry_after or backoff * 2 ** (attempt - 1)))
            continue
        log.add(person, name, as_of)
        log.save(as_of)  # at once: a run stopped half-way must not send these again
        return Outcome(person, name, "sent", "", attempt)
    raise AssertionError("unreachable")
