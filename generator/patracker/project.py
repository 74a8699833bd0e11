"""A project: where the records and schemas are, with the schemas and forms loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .forms import Forms
from .messages import render
from .schemas import SchemaSet

SOURCE_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Project:
    records: Path
    schemas_dir: Path

    @classmethod
    def at(cls, records: Path | str = "records", schemas: Path | str | None = None) -> Project:
        """Find the schemas beside ``records`` (a repository checkout) or in PA Tracker's own tree."""
        records = Path(records)
        if schemas is None:
            beside = records.resolve().parent / "schemas"
            schemas = (
                beside if (beside / "common.schema.json").is_file() else SOURCE_ROOT / "schemas"
            )
        return cls(records=records, schemas_dir=Path(schemas))

    @cached_property
    def schemas(self) -> SchemaSet:
        return SchemaSet(self.schemas_dir)

    @cached_property
    def forms(self) -> Forms:
        return Forms(self.schemas)


def missing_records(records: Path | str) -> str | None:
    """Why a command cannot read ``records`` (PA909, Thai and English), or None if it can.
    Inside a folder ``patracker demo --out DIR`` wrote, the records are the folder itself."""
    records = Path(records)
    if records.is_dir():
        return None
    hints = {}
    if (Path.cwd() / "office.yaml").is_file():
        hints = {
            "hint_th": " (โฟลเดอร์นี้คือ records เอง ใช้ --records .)",
            "hint_en": " (this folder holds the records itself: use --records .)",
        }
    th, en = render("PA909", path=records, absolute=records.absolute(), **hints)
    return f"PA909: {th}\n{en}"
