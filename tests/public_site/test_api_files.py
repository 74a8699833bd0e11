"""The public build publishes its aggregates (api/*.json), and they pass the leak scanner."""

from __future__ import annotations

import json
from pathlib import Path

from patracker import aggregates
from patracker.audit import audit_site

from .conftest import RECORDS


def test_public_site_has_valid_aggregates(public_site: Path):
    summary = json.loads((public_site / "api" / "summary.json").read_text(encoding="utf-8"))
    assert summary["audience"] == "public" and aggregates.problems(summary) == []
    for entry in summary["rounds"]:
        data = json.loads((public_site / entry["path"]).read_text(encoding="utf-8"))
        assert aggregates.problems(data, "round") == []
    assert audit_site(public_site, RECORDS) == []
