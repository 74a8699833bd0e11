"""What a page builder yields: a ``Page`` (a template and what it needs) or a ``Download``
(bytes written as they are), and the compact JSON the pages fetch.

Apart from ``pages.py`` (the list of builders) so that builders in other modules
(``printable``, ``webforms``, ``public``) can make them without importing that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import orjson


@dataclass(frozen=True)
class PeopleList:
    """The people a figure counts; a page of its own (``lists/<slug>``) that figures link to."""

    slug: str
    title: str
    people: tuple[str, ...]


@dataclass
class Page:
    """Everything the build needs to know of a page, in one place.

    ``template`` renders ``context`` (with the ``Site``) into the page. The flags say how
    the build treats it: a ``bulk`` page (one of many per person, school, member, list,
    round…) is rendered into its folder's shell instead of by MkDocs (``build.shells``),
    and, unless ``searched`` is false, added to the search index; a ``standalone`` one is
    an A4 document without the theme; ``in_nav`` pages are the targets of the site's
    navigation (``mkdocs.yml``), kept there only when built.

    What it depends on is either declared (``inputs``: a digest of all it shows beyond
    the shared inputs) or recorded while it renders (``reads``: what the look-ups read,
    render/reads.py), and so are the lists of people it links to (``lists``), which the
    build makes after every page (``build.reuse`` remembers both for the next build).
    """

    path: str
    template: str
    title: str
    context: dict = field(default_factory=dict)
    inputs: str | None = None  # a digest of all the page shows beyond the shared inputs
    bulk: bool = False
    searched: bool = True
    standalone: bool = False
    in_nav: bool = False
    reads: frozenset[str] = frozenset()  # filled in as it renders
    lists: tuple[PeopleList, ...] = ()  # filled in as it renders

    @property
    def folder(self) -> str:
        return self.path.rsplit("/", 1)[0] if "/" in self.path else ""


@dataclass
class Download:
    """A file written as it is. ``content`` may be a function that makes the bytes, so an
    incremental build that can reuse last build's file never makes them; ``about`` names
    the people whose records it shows, or ``inputs`` digests what it is made from (with
    neither, it may show anyone's records: always make it)."""

    path: str
    content: bytes | Callable[[], bytes]
    about: tuple[str, ...] | None = None
    inputs: str | None = None  # or: a digest of exactly what it is made from

    def bytes(self) -> bytes:
        return self.content() if callable(self.content) else self.content


def compact_json(data) -> bytes:
    """A data file the pages fetch: UTF-8 JSON without spaces, Thai as is (escaped it would
    take twice the bytes). orjson writes the same bytes as ``json.dumps`` with those
    options, some fifteen times faster: an office has 350 MB of them."""
    return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS)
