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

import html
import json
import re
from collections import defaultdict
from pathlib import Path

from .render.hooks import safe_title

BULK = ("people", "schools", "members", "lists", "changes", "print")
UNSEARCHED = frozenset({"print"})  # printable copies of what person pages already show
STANDALONE = frozenset({"print"})  # A4 documents: no theme chrome, only the print styles
SEARCH_TEXT = 200  # characters of a bulk page kept in the search index: name, position, school
_DOCUMENT = (
    '<!doctype html>\n<html lang="th"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<meta name="robots" content="noindex, nofollow"><title>{title}</title>'
    '<link rel="stylesheet" href="{root}assets/pa.css"><link rel="stylesheet" href="{root}assets/print.css">'
    '</head><body class="pa-document">{body}</body></html>\n'
)
SHELL = "_shell"
TITLE = "PA-SHELL-TITLE"
SLOT = '<div class="pa-shell-slot"><h1>PA-SHELL-SLOT</h1></div>'
_FRONT = re.compile(r"\A---\ntitle: (.*)\n---\n", re.S)
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def is_bulk(path: str) -> bool:
    folder = path.split("/", 1)[0]
    return (
        "/" in path and folder in BULK and path.endswith(".md") and not path.endswith("/index.md")
    )


def stage(pages, docs: Path, staged: Path) -> list[str]:
    """Write MkDocs' pages into ``docs`` and bulk pages into ``staged``; return the bulk paths."""
    bulk = []
    for path, content in pages:
        if isinstance(content, str) and is_bulk(path):
            bulk.append(path)
            _write(staged / path, content)
        else:
            _write(docs / path, content)
    for path, text in shells_for(bulk).items():
        _write(docs / path, text)
    return bulk


def _write(target: Path, content: str | bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")


def shells_for(bulk) -> dict[str, str]:
    """One placeholder page per folder that has bulk pages."""
    folders = {p.rsplit("/", 1)[0] for p in bulk if p.split("/", 1)[0] not in STANDALONE}
    page = f"---\ntitle: {TITLE}\n---\n{SLOT}\n"
    return {f"{folder}/{SHELL}.md": page for folder in folders}


def parse(text: str) -> tuple[str, str]:
    """A rendered page's title (from its front matter) and its HTML body."""
    found = _FRONT.match(text)
    if not found:
        return "", text
    return json.loads(found.group(1)), text[found.end() :]


def fill(built: Path, bulk: list[str], staged: Path) -> list[dict]:
    """Write every staged bulk page into ``built`` from its folder's shell; return search entries."""
    by_folder: dict[str, list[str]] = defaultdict(list)
    for path in bulk:
        by_folder[path.rsplit("/", 1)[0]].append(path)
    entries = []
    for folder, paths in by_folder.items():
        if folder.split("/", 1)[0] in STANDALONE:
            _write_documents(built, staged, paths)
            continue
        shell_file = built / folder / f"{SHELL}.html"
        before, after = shell_file.read_text(encoding="utf-8").split(SLOT)
        shell_file.unlink()
        for path in paths:
            title, body = parse((staged / path).read_text(encoding="utf-8"))
            shown = html.escape(safe_title(title), quote=False)
            target = built / (path[: -len(".md")] + ".html")
            target.write_text(
                before.replace(TITLE, shown) + body + after.replace(TITLE, shown), encoding="utf-8"
            )
            if folder.split("/", 1)[0] in UNSEARCHED:
                continue
            entries.append(
                {
                    "location": target.relative_to(built).as_posix(),
                    "title": shown,
                    "text": _plain(body)[:SEARCH_TEXT],
                }
            )
    return entries


def _write_documents(built: Path, staged: Path, paths: list[str]) -> None:
    """Printable forms as plain A4 documents: the form itself, its fonts and print styles."""
    for path in paths:
        title, body = parse((staged / path).read_text(encoding="utf-8"))
        root = "../" * path.count("/")
        target = built / (path[: -len(".md")] + ".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        shown = html.escape(safe_title(title), quote=False)
        target.write_text(_DOCUMENT.format(title=shown, root=root, body=body), encoding="utf-8")


def _plain(body: str) -> str:
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", body))).strip()


def add_to_search(built: Path, entries: list[dict]) -> None:
    """Drop the shells from the theme's search index and sitemap; add the bulk pages."""
    index_file = built / "search" / "search_index.json"
    if index_file.is_file():
        index = json.loads(index_file.read_text(encoding="utf-8"))
        docs = [d for d in index["docs"] if f"/{SHELL}.html" not in d["location"]]
        index["docs"] = docs + entries
        index_file.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    for name in ("sitemap.xml",):
        sitemap = built / name
        if sitemap.is_file():
            text = sitemap.read_text(encoding="utf-8")
            text = re.sub(
                rf"\s*<url>\s*<loc>[^<]*/{SHELL}\.html</loc>.*?</url>", "", text, flags=re.S
            )
            sitemap.write_text(text, encoding="utf-8")
    gz = built / "sitemap.xml.gz"
    if gz.exists():
        gz.unlink()  # the plain sitemap is the one kept current
