"""Rendering: records → Markdown/HTML pages through the Jinja2 templates in ``site_templates/``.

Record text is untrusted. Templates autoescape everything, and they put record text only
inside HTML blocks (never in Markdown syntax), so Markdown cannot turn it into links or
markup. Links from records pass ``safe_url`` (http/https only).
Public surface: ``iter_pages``, ``render_pages`` and ``environment``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import thai
from . import charts
from .context import Site
from .pages import PAGES, Download, Page, list_pages

_SAFE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def safe_url(value: str | None) -> str | None:
    """A link target only if it is plain http(s); anything else renders as text, not a link."""
    return value if isinstance(value, str) and _SAFE_URL.fullmatch(value) else None


def front_matter(title: str) -> Markup:
    """YAML front matter with the page title; JSON quoting is valid YAML and escapes everything."""
    return Markup(f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n")


def environment(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        be_date=thai.be_date, number=thai.number, percent=thai.percent, safe_url=safe_url
    )
    env.globals.update(front_matter=front_matter, bar_chart=charts.bar_chart, Bar=charts.Bar)
    return env


def render_pages(site: Site, templates: Path) -> dict[str, str | bytes]:
    """Every page and download of the site as ``{relative path: text or bytes}``."""
    return dict(iter_pages(site, templates))


def iter_pages(site: Site, templates: Path) -> Iterator[tuple[str, str | bytes]]:
    """Pages and downloads one at a time, so a large office is never held in memory whole."""
    env = environment(templates)

    def emit(item: Page | Download) -> tuple[str, str | bytes]:
        if isinstance(item, Download):
            return item.path, item.content
        root = "../" * item.path.count("/")
        template = env.get_template(item.template)
        return item.path, template.render(site=site, root=root, title=item.title, **item.context)

    if site.audience == "public":  # aggregates only: no lists of people (render/public.py)
        from .public import PUBLIC_PAGES

        builders = PUBLIC_PAGES
    else:
        builders = (*PAGES, list_pages)  # lists last: the other pages register them
    for builder in builders:
        for item in builder(site):
            yield emit(item)
