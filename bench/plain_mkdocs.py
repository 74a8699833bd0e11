"""The plain mkdocs-material way, for comparison: every generated page through ``mkdocs build``.

The pages are the project's own (``render_pages``), written into a docs folder with a
``mkdocs.yml`` whose nav lists every page — what a site made of one Markdown file per
record looks like without PA Tracker's fast path. Usage: plain_mkdocs.py RECORDS WORK.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

from patracker.build.site import run_mkdocs, write_docs
from patracker.model import build_model
from patracker.project import SOURCE_ROOT, Project
from patracker.render import render_pages
from patracker.render.context import Site
from patracker.validate import validate

AS_OF = dt.date(2026, 11, 20)


def main() -> None:
    records, work = Path(sys.argv[1]), Path(sys.argv[2])
    project = Project.at(records)
    result = validate(project)
    model = build_model(result.corpus, project.forms)
    site = Site(project=project, model=model, as_of=AS_OF, corpus=result.corpus)
    pages = render_pages(site, SOURCE_ROOT / "site_templates")
    docs = work / "docs"
    write_docs(pages, docs)
    config = yaml.safe_load((SOURCE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        docs_dir=str(docs),
        site_dir=str(work / "site"),
        nav=sorted(p for p in pages if p.endswith(".md")),  # the default: every page in the nav
    )
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    run_mkdocs(path, quiet=True)


if __name__ == "__main__":
    main()
