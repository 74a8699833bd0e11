"""Issue 20's probe: a figure on a person page that links to a list of people.

Lists of people are pages that the pages linking to them register as they render. Person
pages render last, in forked workers, or are taken from the last build unrendered; the
list a person page links to must still be built, and the link resolve.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from conftest import MINIMAL
from patracker.build import build_site
from patracker.build import site as build_module
from patracker.build.reuse import RoundResults
from patracker.project import SOURCE_ROOT, Project
from test_links import broken_links

AS_OF = dt.date(2026, 3, 20)
PROBE = '{{ m.counted([person.id], "probe-" ~ person.id, "probe " ~ person.name) }}\n'


def probed_sources(root: Path) -> Path:
    """The project's templates with the probe on every person page, and its mkdocs.yml."""
    shutil.copytree(SOURCE_ROOT / "site_templates", root / "site_templates")
    person = root / "site_templates" / "person.md"
    head, rest = person.read_text(encoding="utf-8").split("\n", 1)
    assert head.startswith("{% import"), "person.md no longer starts with its imports"
    person.write_text(f"{head}\n{rest}{PROBE}", encoding="utf-8")
    (root / "mkdocs.yml").symlink_to(SOURCE_ROOT / "mkdocs.yml")
    return root


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_list_linked_from_a_person_page_is_built(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "SOURCE_ROOT", probed_sources(tmp_path / "source"))
    records = tmp_path / "records"
    shutil.copytree(MINIMAL, records)
    site = build_site(Project.at(records), tmp_path / "site", as_of=AS_OF, quiet=True)
    people = sorted(p.name for p in (records / "people").iterdir())
    for person in people:
        page = (site / "people" / f"{person}.html").read_text(encoding="utf-8")
        assert f'href="../lists/probe-{person}.html"' in page
        listed = (site / "lists" / f"probe-{person}.html").read_text(encoding="utf-8")
        assert f"people/{person}.html" in listed
        assert (site / "lists" / f"probe-{person}.xlsx").is_file()
    assert broken_links(site) == {}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert f"lists/probe-{people[0]}.html" in {d["location"] for d in index["docs"]}
    # built again: every person page is taken from the last build, and still its list is made
    first = files(site)
    inode = (site / "people" / f"{people[0]}.html").stat().st_ino
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True)
    assert (site / "people" / f"{people[0]}.html").stat().st_ino == inode, "page not reused"
    assert files(site) == first
    RoundResults.forget()


def nav_targets(nav: list) -> set[str]:
    found: set[str] = set()
    for entry in nav:
        for target in entry.values() if isinstance(entry, dict) else [entry]:
            found |= nav_targets(target) if isinstance(target, list) else {target}
    return found


def test_the_navigation_names_exactly_the_pages_declared_in_it() -> None:
    """``mkdocs.yml`` holds the navigation's order and titles; a page says it belongs there
    (``Page.in_nav``), and the build keeps the entries of the pages it built."""
    import yaml

    from patracker.model import build_model
    from patracker.prebuild import validated
    from patracker.render import iter_items
    from patracker.render.context import Site
    from patracker.render.output import Page

    project = Project.at(MINIMAL)
    result = validated(project, None)
    model = build_model(result.corpus, project.forms)
    site = Site(project=project, model=model, as_of=AS_OF, corpus=result.corpus)
    pages = [item for item in iter_items(site) if isinstance(item, Page)]
    config = yaml.safe_load((SOURCE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert {p.path for p in pages if p.in_nav} == nav_targets(config["nav"])
    assert not [p.path for p in pages if p.in_nav and p.bulk], "a bulk page is not in the nav"
    assert {p.folder for p in pages if p.bulk} >= {"people", "schools", "members", "print"}
