"""Which digests went out, kept beside the records' caches (never in ``records/``), so a
person hears from PA Tracker at most once a day on each channel."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..filecache import beside_records

KEEP_DAYS = 366  # a year of reminders, for the person's page and for the office's records


@dataclass
class SentLog:
    path: Path
    sent: list[dict] = field(default_factory=list)  # {"person", "channel", "date"}

    @classmethod
    def beside(cls, records: Path) -> SentLog:
        path = beside_records(records, "reminders").with_suffix(".json")
        try:
            sent = json.loads(path.read_text(encoding="utf-8")).get("sent", [])
        except (OSError, ValueError):
            sent = []
        return cls(path, sent)

    def sent_on(self, person: str, channel: str, day: dt.date) -> bool:
        return {"person": person, "channel": channel, "date": day.isoformat()} in self.sent

    def of(self, person: str) -> list[dict]:
        return [s for s in self.sent if s["person"] == person]

    def add(self, person: str, channel: str, day: dt.date) -> None:
        self.sent.append({"person": person, "channel": channel, "date": day.isoformat()})

    def save(self, today: dt.date) -> None:
        """Write the log whole (a temp file renamed over the old one), dropping old rows."""
        oldest = (today - dt.timedelta(days=KEEP_DAYS)).isoformat()
        kept = [s for s in self.sent if s["date"] >= oldest]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temp = self.path.with_suffix(".tmp")
        temp.write_text(json.dumps({"sent": kept}, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temp, self.path)
