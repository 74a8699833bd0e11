"""The manual for every role (issue 21 §2): Thai pages from ``site_templates/manual``,
with screenshots of the demo office that the browser walk makes.

The roles and the list of screenshots are data (``site_templates/manual/manual.yaml``).
``tests/browser/test_manual.py`` walks that list on the built demo site and writes one
PNG per shot into a folder; the build copies the PNGs it finds there into
``manual/shots/`` (the builder is ``pages.manual_pages``). A page asks ``Shots`` for a picture by name and shows a plain Thai
placeholder when it was not made, so the manual never links a missing image and is
current whenever the walk ran before the build.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from ..project import SOURCE_ROOT
from .context import Site

MANUAL_DATA = SOURCE_ROOT / "site_templates" / "manual" / "manual.yaml"
# Where the walk writes and the build looks when no folder is named (git-ignored /build/).
DEFAULT_SHOTS = SOURCE_ROOT / "build" / "manual-shots"


@dataclass(frozen=True)
class Role:
    slug: str
    title: str
    who: str


@dataclass(frozen=True)
class Shot:
    name: str
    page: str
    width: int
    caption: str
    focus: str | None = None
    click: str | None = None

    @property
    def phone(self) -> bool:
        return self.width < 600


def load(path: Path = MANUAL_DATA) -> tuple[tuple[Role, ...], dict[str, Shot]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    roles = tuple(Role(**r) for r in data["roles"])
    shots = {s["name"]: Shot(**s) for s in data["shots"]}
    return roles, shots


class Shots:
    """The screenshots a build found: what a page needs to show one, or its placeholder."""

    def __init__(self, folder: Path | None, known: dict[str, Shot]):
        self.folder, self.known = folder, known

    @cached_property
    def found(self) -> dict[str, Path]:
        if self.folder is None or not self.folder.is_dir():
            return {}
        return {
            name: path
            for name in self.known
            if (path := self.folder / f"{name}.png").is_file() and path.stat().st_size
        }

    def get(self, name: str) -> Shot:
        """The shot's data; a template naming an unknown shot is a mistake in the manual."""
        if name not in self.known:
            raise KeyError(f"manual.yaml has no shot named {name!r}")
        return self.known[name]

    def made(self, name: str) -> bool:
        self.get(name)
        return name in self.found

    def inputs(self) -> str:
        """A digest of the pictures found, so a page changes when one appears or goes."""
        return hashlib.sha256(repr(sorted(self.found)).encode()).hexdigest()


def shots_folder(site: Site) -> Path:
    return site.manual_shots if site.manual_shots is not None else DEFAULT_SHOTS
