"""MkDocs hooks for every PA Tracker build (``build.write_config`` registers this file).

Page titles come from record text (a person's or a school's name) and the theme prints
them unescaped — in ``<title>``, the header and the search index — and strips tags, which
decodes entities, so escaping cannot protect them. Whatever template or builder made the
page, its title passes through here: markup characters become their full-width twins,
which read the same and mean nothing to a browser.
"""

from __future__ import annotations

_SAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇"})


def safe_title(title: str) -> str:
    return str(title).translate(_SAFE)


def on_page_content(html, page, config, files):
    """After rendering: fix the title the page will be shown and indexed under."""
    page.meta["title"] = safe_title(page.title or "")
    return html
