"""Rendering: records → Markdown/HTML pages through the Jinja2 templates in ``site_templates/``.

Record text is untrusted. Templates autoescape everything, and they put record text only
inside HTML blocks (never in Markdown syntax), so Markdown cannot turn it into links or
markup. Links from records pass ``safe_url`` (http/https only).
Public surface: ``iter_items`` and ``Renderer`` (what the site is made of, and how a page
becomes text), ``iter_pages`` / ``render_pages`` (both at once) and ``environment``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import thai
from ..model import Person
from . import charts, reads, snippets
from .context import Site
from .output import Download, Page
from .pages import Builder, builders_of, list_pages
from .public import PUBLIC_PAGES
from .views import View

_SAFE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def safe_url(value: str | None) -> str | None:
    """A link target only if it is plain http(s); anything else renders as text, not a link."""
    return value if isinstance(value, str) and _SAFE_URL.fullmatch(value) else None


def front_matter(title: str, csp: str | None = None) -> Markup:
    """YAML front matter with the page title; JSON quoting is valid YAML and escapes everything.
    ``csp`` names the page's Content-Security-Policy when it is not the site's (render/csp.py)."""
    policy = f"csp: {csp}\n" if csp else ""
    return Markup(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{policy}---\n")


def environment(templates: Path) -> Environment:
    """The Jinja2 environment of a templates folder. One is kept per process while no file
    in the folder changes: ``serve`` then compiles each template once, not on every build."""
    stamps = tuple(
        (path, (found := os.stat(path)).st_mtime_ns, found.st_size)
        for folder, _, names in os.walk(templates)
        for path in (os.path.join(folder, name) for name in sorted(names))
    )
    return _environment(str(templates), stamps)


@functools.lru_cache(maxsize=4)
def _environment(templates: str, stamps: tuple) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # a changed template gives a new environment (``stamps``)
    )
    env.filters.update(
        be_date=thai.be_date, number=thai.number, percent=thai.percent, safe_url=safe_url
    )
    env.globals.update(front_matter=front_matter, bar_chart=charts.bar_chart, Bar=charts.Bar)
    env.globals.update(snippets.GLOBALS)
    return env


def render_pages(site: Site, templates: Path) -> dict[str, str | bytes]:
    """Every page and download of the site as ``{relative path: text or bytes}``."""
    return dict(iter_pages(site, templates))


def iter_pages(site: Site, templates: Path) -> Iterator[tuple[str, str | bytes]]:
    """Pages and downloads one at a time, so a large office is never held in memory whole."""
    renderer = Renderer(site, templates)
    for item in iter_items(site):
        if isinstance(item, Download):
            yield item.path, item.bytes()
        else:
            yield item.path, renderer.render(item)


def iter_items(site: Site, lists: bool = True) -> Iterator[Page | Download]:
    """What the site is made of, in the order it must be rendered: lists of people come
    last, because the pages before them register the lists they link to (``lists=False``:
    without them, for a build that makes them once every page has rendered)."""
    # public: aggregates only, no lists of people (render/public.py); which pages a staff
    # audience has is data (schemas/audiences/audiences.yaml)
    builders: tuple[Builder, ...] = (
        PUBLIC_PAGES if site.audience == "public" else builders_of(site.audience)
    )
    for builder in builders:
        if lists or builder is not list_pages:
            yield from builder(site)


class Renderer:
    """Turns a ``Page`` into its text with the site's templates."""

    def __init__(self, site: Site, templates: Path):
        self.site, self.env = site, environment(templates)
        self.view = reads.SiteView(site)

    def render(self, page: Page) -> str:
        """The page's text; what it read and the lists it links to go into ``page``."""
        root = "../" * page.path.count("/")
        template = self.env.get_template(page.template)
        if not page.bulk:  # rendered on every build, and in this process: nothing to record
            return template.render(site=self.site, root=root, title=page.title, **page.context)
        with reads.recording() as reading:
            for value in page.context.values():  # its person, or a member by id
                if isinstance(value, Person) or (
                    isinstance(value, str) and value in self.site.model.people
                ):
                    reads.read(reads.person(getattr(value, "id", value)))
            context = {k: _recorded(v) for k, v in page.context.items()}
            text = template.render(site=self.view, root=root, title=page.title, **context)
        page.reads, page.lists = frozenset(reading.tokens), tuple(reading.lists.values())
        return text


def _recorded(value: object) -> object:
    """A view model as a bulk page reads it: each look-up records what it reads."""
    return reads.Recorded(value) if isinstance(value, View) else value
