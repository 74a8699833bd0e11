"""MkDocs hooks for every PA Tracker build (``build.write_config`` and the roll-up's
``write_config`` register this file).

Page titles come from record text (a person's or a school's name) and the theme prints
them unescaped — in ``<title>``, the header and the search index — and strips tags, which
decodes entities, so escaping cannot protect them. Whatever template or builder made the
page, its title passes through here: markup characters become their full-width twins,
which read the same and mean nothing to a browser. The site's name (an office's short
name, a roll-up's ``--title``) and description are printed the same way, unescaped, in
every page's ``aria-label``, header and ``<title>``: they get the same treatment here,
once, before any template sees them (escaping them instead would show ``&lt;`` in the
places where the theme does escape).
"""

from __future__ import annotations

from patracker.render.csp import POLICIES  # MkDocs loads this file on its own

_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})
SITE_TEXT = ("site_name", "site_description", "site_author", "copyright")


def safe_title(title: str) -> str:
    return str(title).translate(_SAFE)


def on_config(config):
    """Make the site-wide text safe and hand the theme override the CSP policies."""
    for key in SITE_TEXT:
        if config.get(key):
            config[key] = safe_title(config[key])
    config["extra"]["csp"] = dict(POLICIES)
    return config


def on_page_content(html, page, config, files):
    """After rendering: fix the title the page will be shown and indexed under."""
    page.meta["title"] = safe_title(page.title or "")
    return html
