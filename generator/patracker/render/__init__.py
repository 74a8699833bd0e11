"""Rendering: records → Markdown/HTML pages through the Jinja2 templates in ``site_templates/``.

Record text is untrusted. Templates autoescape everything, and they put record text only
inside HTML blocks (never in Markdown syntax), so Markdown cannot turn it into links or
markup. Links from records pass ``safe_url`` (http/https only).
Public surface: ``render_pages`` and ``environment``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import thai
from .views import SiteView

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
    env.globals.update(front_matter=front_matter)
    return env


def render_pages(view: SiteView, templates: Path) -> dict[str, str]:
    """Every page of the site as ``{relative path: text}``."""
    env = environment(templates)
    pages = {
        "index.md": env.get_template("home.md").render(site=view),
        "schools/index.md": env.get_template("schools.md").render(site=view),
    }
    school_page = env.get_template("school.md")
    for school in view.schools:
        pages[f"schools/{school.id}.md"] = school_page.render(site=view, school=school)
    person_page = env.get_template("person.md")
    for person in view.people:
        pages[f"people/{person.id}.md"] = person_page.render(site=view, person=person)
    return pages
