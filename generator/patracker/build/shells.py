"""Writing the many pages without running each through MkDocs: the theme's page, filled in.

MkDocs renders every page through the whole theme and rebuilds the navigation for each,
which is what makes a site of thousands of people slow. The pages that exist once per
person, school, committee member or list are already finished HTML when PA Tracker
renders them, and all pages of one folder share the same chrome. So MkDocs builds the
few navigation pages plus one *shell* page per such folder, with a placeholder for the
title and the content; this module fills each shell in for every page of its folder and
adds those pages to the search index the theme expects.
"""

from __future__ import annotations

import contextlib
import html
import itertools
import json
import multiprocessing
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..render import csp, reads
from ..render.hooks import safe_title
from ..render.output import Download, Page, PeopleList
from ..render.search import replace_text

# what making an item gives: its search entry (None: not searched, or a download), what it
# read (render/reads.py) and the lists of people it links to
Made = tuple[dict | None, frozenset[str], tuple[PeopleList, ...]]
_NOTHING: Made = (None, frozenset(), ())

SEARCH_TEXT = 100  # characters of a bulk page kept in the search index: name, position, school
_DOCUMENT = (
    '<!doctype html>\n<html lang="th"><head>' + csp.meta() + '<meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<meta name="robots" content="noindex, nofollow"><title>{title}</title>'
    '<link rel="stylesheet" href="{root}assets/pa.css"><link rel="stylesheet" href="{root}assets/print.css">'
    '</head><body class="pa-document">{body}</body></html>\n'
)
SHELL = "_shell"
TITLE = "PA-SHELL-TITLE"
SLOT = '<div class="pa-shell-slot"><h1>PA-SHELL-SLOT</h1></div>'
_FRONT = re.compile(r"\A---\ntitle: ([^\n]*)\n---\n")  # the title is one line of JSON
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def stage(
    items: Iterable[Page | Download],
    renderer,
    docs: Path,
    built: Path,
    folders: Iterable[str] = (),
) -> tuple[list[Page | Download], list[Page]]:
    """Render MkDocs' own pages into ``docs`` and write ready downloads into ``built``;
    return the rest, still to make — bulk pages (``Page.bulk``), which ``Filling`` renders
    straight into their shells, and downloads made by a function (both may be reused from
    the last build) — and the pages MkDocs renders. ``folders`` get a shell even when no
    bulk page is staged in them yet (the lists, made after every page)."""
    later: list[Page | Download] = []
    rendered: list[Page] = []
    for item in items:
        if isinstance(item, Download):
            if callable(item.content):
                later.append(item)
            else:
                write_file(built / item.path, item.content)
        elif item.bulk:
            later.append(item)
        else:
            write_file(docs / item.path, renderer.render(item))
            rendered.append(item)
    pages = [item for item in later if isinstance(item, Page)]
    for path, text in shells_for(pages, folders).items():
        write_file(docs / path, text)
    return later, rendered


def merge(source: Path, built: Path) -> None:
    """Move MkDocs' output into ``built``, which already holds the downloads."""
    for path in sorted(source.rglob("*")):
        if path.is_file():
            target = built / path.relative_to(source)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)


def output_path(item: Page | Download) -> str:
    """Where an item lands in the site: ``people/x.md`` → ``people/x.html``."""
    return item.path if isinstance(item, Download) else item.path[: -len(".md")] + ".html"


def write_file(target: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes, making the folders on the way."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def shells_for(bulk: Iterable[Page], extra: Iterable[str] = ()) -> dict[str, str]:
    """One placeholder page per folder that has bulk pages in the theme (not standalone)."""
    folders = {p.folder for p in bulk if not p.standalone} | set(extra)
    page = f"---\ntitle: {TITLE}\n---\n{SLOT}\n"
    return {f"{folder}/{SHELL}.md": page for folder in folders}


def parse(text: str) -> tuple[str, str]:
    """A rendered page's title (from its front matter) and its HTML body."""
    found = _FRONT.match(text)
    if not found:
        return "", text
    return json.loads(found.group(1)), text[found.end() :]


PARALLEL_ABOVE = 400  # bulk items; below this, starting workers costs more than it saves


class Filling:
    """Make the bulk pages and downloads, in forked workers when there are many.

    Downloads need nothing from MkDocs, so the workers start on them at once, while the
    caller runs MkDocs; pages need their folder's shell, so they wait until ``finish``
    says the shells are in ``built``. The workers inherit the site (model and engine
    answers already worked out) instead of receiving it. ``finish`` returns each item's
    search entry (None for a download or an unsearched page) in item order, whatever the
    number of workers, so the search index is the same.
    """

    def __init__(self, built: Path, items: list[Page | Download], renderer, workers: int = 1):
        self.built, self.items, self.renderer = built, items, renderer
        self.workers = workers if workers > 1 and len(items) >= PARALLEL_ABOVE else 1
        self._pool: Any = None
        self._result: Any = None
        self._ready: Any = None
        self._shares: list[list[int]] = []  # item indexes per worker

    def __enter__(self) -> Filling:
        if self.workers > 1:
            global _SHARED
            context = multiprocessing.get_context("fork")
            self._ready = context.Event()
            self._shares = shares(self.items, self.workers)
            _SHARED = (self.built, self.items, self.renderer, self._ready, self._shares)
            try:
                self._pool = context.Pool(self.workers)  # forks now: the workers hold _SHARED
            finally:
                _SHARED = None
            self._result = self._pool.map_async(_fill_share, range(len(self._shares)))
        return self

    def finish(self) -> list[Made]:
        """Let the pages be made (the shells are in place); wait for everything."""
        if self._pool is None:
            chrome = _chrome(self.built, self.items)
            return [_fill_one(self.built, item, self.renderer, chrome) for item in self.items]
        self._ready.set()
        found: list[Made] = [_NOTHING] * len(self.items)
        for share, made in zip(self._shares, self._result.get(), strict=True):
            for index, entry in zip(share, made, strict=True):
                found[index] = entry
        for item, (_, tokens, lists) in zip(self.items, found, strict=True):
            if isinstance(item, Page):  # what the worker's copy of the page read
                item.reads, item.lists = tokens, lists
        return found

    def __exit__(self, *failed) -> None:
        if self._pool is not None:
            if failed[0] is None:
                self._pool.close()
            else:
                self._pool.terminate()
            self._pool.join()


def remove_shells(built: Path) -> None:
    for shell in built.glob(f"*/**/{SHELL}.html"):
        shell.unlink()
        with contextlib.suppress(OSError):  # a folder that was only given a shell
            shell.parent.rmdir()


def post_processed(built: Path) -> list[str]:
    """Files of MkDocs' output that the steps after it rewrite or remove."""
    shells = [p.relative_to(built).as_posix() for p in built.glob(f"*/**/{SHELL}.html")]
    return [*shells, "search/search_index.json", "sitemap.xml", "sitemap.xml.gz"]


_SHARED: Any = None


def shares(items: list[Page | Download], workers: int) -> list[list[int]]:
    """Which items each worker makes, by index. A worker writes to the memory it reads
    (reference counts), and every page of memory it writes to is copied for it: the cost
    of forking. So the items are ordered by file name, which puts a person's page, print
    data and form data together, and each worker takes a run of that order: it reads the
    records of its own people, made in the order of their ids, and not other workers'."""

    def name(index: int) -> str:
        return items[index].path.rsplit("/", 1)[-1].split(".", 1)[0]

    order = sorted(range(len(items)), key=lambda i: (name(i), i))
    bounds = [len(order) * worker // workers for worker in range(workers + 1)]
    return [order[start:end] for start, end in itertools.pairwise(bounds)]


def _fill_share(index: int) -> list[Made]:
    """A worker's share of the items: its downloads first, then (shells ready) its pages."""
    built, items, renderer, ready, assigned = _SHARED
    share = [items[i] for i in assigned[index]]
    found: list[Made] = [_NOTHING] * len(share)
    chrome = None
    for position in sorted(range(len(share)), key=lambda i: isinstance(share[i], Page)):
        item = share[position]
        if chrome is None and isinstance(item, Page):
            ready.wait()
            chrome = _chrome(built, share)
        found[position] = _fill_one(built, item, renderer, chrome)
    return found


def _chrome(built: Path, pages: list[Page | Download]) -> dict[str, tuple[str, str]]:
    """Folder → the theme's page around the slot, for every folder with bulk pages."""
    folders = {page.folder for page in pages if isinstance(page, Page) and not page.standalone}
    found = {}
    for folder in sorted(folders):
        text = (built / folder / f"{SHELL}.html").read_text(encoding="utf-8")
        before, after = text.split(SLOT)
        found[folder] = before, after
    return found


def _fill_one(built: Path, item: Page | Download, renderer, chrome) -> Made:
    """Make and write one download, or render one page into its shell (or as a standalone
    A4 document): its search entry (None when it is not searched), what it read, and the
    lists it links to (render/reads.py)."""
    target = built / output_path(item)
    if isinstance(item, Download):
        with reads.recording() as reading:
            write_file(target, item.bytes())
        return None, frozenset(reading.tokens), ()
    title, body = parse(renderer.render(item))
    shown = html.escape(safe_title(title), quote=False)
    target.parent.mkdir(parents=True, exist_ok=True)
    if item.standalone:  # an A4 document
        root = "../" * item.path.count("/")
        target.write_text(_DOCUMENT.format(title=shown, root=root, body=body), "utf-8")
    else:
        before, after = chrome[item.folder]
        text = before.replace(TITLE, shown) + body + after.replace(TITLE, shown)
        target.write_text(text, encoding="utf-8")
    entry = _entry(built, target, shown, body) if item.searched else None
    return entry, item.reads, item.lists


def _entry(built: Path, target: Path, title: str, body: str) -> dict:
    """A search entry; the theme shows its title and text as HTML, so both stay escaped
    (``title`` is already; the text is the body's plain text, escaped again)."""
    return {
        "location": target.relative_to(built).as_posix(),
        "title": title,
        "text": html.escape(_opening(body, SEARCH_TEXT), quote=False),
    }


def _opening(body: str, size: int) -> str:
    """The first ``size`` characters of the body's text, reading only as much of the body
    as that takes (a person page is tens of kilobytes; the index keeps a hundred characters)."""
    end = 0
    while True:
        end = body.find(">", end + 4 * size)  # cut after a tag, never inside one
        head = body if end < 0 else body[: end + 1]
        text = _plain(head)
        if end < 0 or len(text) > size:
            return text[:size]


def _plain(body: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", body))).strip()


def add_to_search(built: Path, entries: list[dict]) -> None:
    """Drop the shells from the theme's search index and sitemap; add the bulk pages."""
    index_file = built / "search" / "search_index.json"
    if index_file.is_file():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = [d for d in index["docs"] if f"/{SHELL}.html" not in d["location"]]
        index["docs"] = docs + entries
        replace_text(index_file, json.dumps(index, ensure_ascii=False))
    for name in ("sitemap.xml",):
        sitemap = built / name
        if sitemap.is_file():
            text = sitemap.read_text(encoding="utf-8")
            text = re.sub(
                rf"\s*<url>\s*<loc>[^<]*/{SHELL}\.html</loc>.*?</url>", "", text, flags=re.S
            )
            replace_text(sitemap, text)
    gz = built / "sitemap.xml.gz"
    if gz.exists():
        gz.unlink()  # the plain sitemap is the one kept current
