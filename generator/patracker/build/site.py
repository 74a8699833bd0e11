"""Building the site: validate → model → history → view → render → mkdocs → swap into place.

Everything is built in a temporary folder beside the output; only a complete build
replaces the previous site, so a failed build leaves the old ``site/`` untouched.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import yaml

from .. import audiences, outdir
from ..asof import known_on
from ..gcpause import cycle_collector_paused
from ..history import History, load_history
from ..messages import coded
from ..model import build_model
from ..prebuild import BuildError, validated
from ..progress import Stages, progress
from ..project import SOURCE_ROOT, Project
from ..render import Renderer, iter_items
from ..render.context import Site
from ..render.output import Download, Page, PeopleList
from ..render.pages import has_lists, list_pages
from ..render.public import PUBLIC_NAV
from ..render.search import CutWords, segment_index
from . import reuse, shells

finish_clearing, swap = outdir.finish_clearing, outdir.swap  # rollup, bench, tests

OVERRIDES = SOURCE_ROOT / "site_templates" / "overrides"


def build_site(
    project: Project,
    out: Path,
    *,
    audience: str = "internal",
    as_of: dt.date,
    quiet: bool = False,
    timings: dict[str, float] | None = None,
    changed: Iterable[str] | None = None,
    manual_shots: Path | None = None,
    school: str | None = None,
) -> Path:
    """Validate, render and publish the site into ``out``; nothing changes there on failure.

    Pages whose inputs are unchanged since the last build into ``out`` are taken from it
    (``reuse``). ``timings``, when given, receives the seconds each stage took. ``changed``
    names the paths under records/ a file watcher saw change since the last build in this
    process (``serve``); without it the whole tree is scanned. ``manual_shots`` is the
    folder of the manual's screenshots (default: render/manual.py's ``DEFAULT_SHOTS``).

    ``audience`` is one of ``schemas/audiences/audiences.yaml``: a school audience builds one folder
    per school under ``out`` (only ``school`` when given), a personal one a folder per
    person at a secret address (personal.py).
    """
    try:
        spec = audiences.get(audience)
    except audiences.AudienceError as exc:
        raise BuildError(str(exc), 2) from None
    if spec.scope == "person":
        from .personal import build_personal

        return build_personal(project, out, as_of=as_of, quiet=quiet)
    if spec.scope == "school":
        return build_schools(project, out, as_of=as_of, quiet=quiet, school=school)
    name = "public" if spec.scope == "aggregates" else "internal"  # what pages test
    return _claimed_build(
        project, out, name, as_of, quiet, changed, timings, None, manual_shots, None
    )


def build_schools(
    project: Project, out: Path, *, as_of: dt.date, quiet: bool, school: str | None
) -> Path:
    """One school site per school under ``out`` (each swapped into place whole)."""
    ids = sorted(school_ids(project))
    if school is not None and school not in ids:
        raise BuildError(coded("PA944", school=school), 2)
    history = read_history(project)  # once for every school's site
    for found in [school] if school else ids:
        out_school = Path(out) / found
        _claimed_build(
            project, out_school, "school", as_of, quiet, None, None, found, None, history
        )
    return Path(out).resolve()


def school_ids(project: Project) -> list[str]:
    return [p.stem for p in (project.records / "schools").glob("*.yaml")]


def read_history(project: Project) -> History:
    """The "history" stage: the Git history of the records, read once (history/) and
    handed to the ``Site``; outside Git it is empty, with a notice saying why."""
    records = project.records.resolve()
    return load_history(repo_root=records.parent, records_dir=records, project=project)


def history_stage(project: Project, audience: str, history: History | None) -> History:
    """The history a build hands its ``Site``: the one given (a school audience reads it
    once for all its sites), else read now; none for the public site, which shows none."""
    if history is not None:
        return history
    return History() if audience == "public" else read_history(project)


def _claimed_build(
    project,
    out,
    audience,
    as_of,
    quiet,
    changed,
    timings,
    school=None,
    manual_shots=None,
    history: History | None = None,
) -> Path:
    keep = outdir.protected(project.records, project.schemas_dir)
    try:
        with outdir.claimed(out, keep) as out, outdir.write_errors():
            seconds = _build(
                project, out, audience, as_of, quiet, changed, school, manual_shots, history
            )
    except outdir.OutputError as exc:
        raise BuildError(str(exc), exc.exit_code) from None
    if timings is not None:
        timings.update(seconds)
    return out


def _build(
    project,
    out: Path,
    audience: str,
    as_of,
    quiet: bool,
    changed,
    school: str | None = None,
    manual_shots=None,
    history: History | None = None,
) -> dict[str, float]:
    """``build_site`` once ``out`` is checked and locked; the seconds each stage took.
    ``history`` is the records' Git history when the caller read it already (a school
    audience reads it once for all its sites); the public site shows none of it."""
    with cycle_collector_paused(), progress("สร้างเว็บไซต์", total=9, quiet=quiet) as step:
        stages = Stages(step)
        result = validated(project, changed)
        stages.done("validate")
        model, outside = known_on(build_model(result.corpus, project.forms), as_of), {}
        if school is not None:  # a school's build: its people and their evaluators' names
            people = audiences.school_people(model, school)
            model, outside = (
                audiences.scoped_model(model, people),
                audiences.outside_names(model, people),
            )
        stages.done("model")
        history = history_stage(project, audience, history)
        stages.done("history")
        site = Site(
            project=project,
            model=model,
            as_of=as_of,
            audience=audience,
            warnings=result.warnings if school is None else [],
            corpus=result.corpus,
            manual_shots=manual_shots,
            outside=outside,
            history=history,
        )
        plan = reuse.Plan(site, out)
        reuse.RoundResults.fill(plan)
        stages.done("view")
        with outdir.work_folder(out) as work:
            docs, built = work / "docs", work / "site"
            renderer = Renderer(site, SOURCE_ROOT / "site_templates")
            with_lists = has_lists(audience)
            later, rendered = shells.stage(
                iter_items(site, lists=False), renderer, docs, built, ["lists"] * with_lists
            )
            listed = set(site.lists)  # the lists the pages MkDocs renders link to
            if with_lists:  # made with the rest
                later += list_pages(site)
            copy_assets(docs, audience)
            stages.done("pages")
            reused, todo = take_unchanged(plan, later, built)
            stages.done("reuse")
            workers = os.cpu_count() or 1
            with shells.Filling(built, todo, renderer, workers) as filling:
                config = write_config(
                    work, docs, work / "mkdocs", result.corpus.office.data, audience, rendered
                )
                mkdocs_key = plan.mkdocs_key(docs, config)
                if not plan.reuse_mkdocs(mkdocs_key, built):
                    run_mkdocs(config, quiet=quiet)
                    made = work / "mkdocs"
                    plan.ran_mkdocs(mkdocs_key, made, shells.post_processed(made))
                    shells.merge(made, built)
                stages.done("mkdocs")
                entries = in_page_order(later, reused, todo, filling.finish(), plan, built)
            if with_lists:  # lists that bulk pages link to (made or reused just now)
                entries += more_lists(site, listed, later, reused, renderer, plan, built)
            shells.remove_shells(built)
            stages.done("bulk")
            shells.add_to_search(built, entries)
            names = names_of(site.model)
            words = CutWords(project.records, reuse.digest(sorted(names)))
            words.save(segment_index(built, names, words.known))
            stages.done("search")
            swap(built, out)
            plan.save()
            stages.done("swap")
    return stages.seconds


def take_unchanged(
    plan: reuse.Plan, later: list[Page | Download], built: Path
) -> tuple[dict[str, tuple], list[Page | Download]]:
    """Link the pages and downloads whose inputs did not change since the last build;
    return what the last build remembered of them by path, and the items still to make."""
    reused, todo = {}, []
    for item in later:
        path = shells.output_path(item)
        before = plan.link(path, plan.reuse_key(item, path), built)
        if before is None:
            todo.append(item)
        else:
            reused[item.path] = before
    return reused, todo


def in_page_order(
    later: list[Page | Download],
    reused: dict[str, tuple],
    todo: list[Page | Download],
    made: list[shells.Made],
    plan: reuse.Plan,
    built: Path,
) -> list[dict]:
    """Remember what was made, under the key of what it read; every search entry, reused
    or made, in page order."""
    entries = {path: before[3] for path, before in reused.items()}
    for item, (entry, recorded, lists) in zip(todo, made, strict=True):
        entries[item.path] = entry
        tokens = plan.read(item, recorded)
        key = plan.made_key(item, tokens)
        plan.wrote(built, shells.output_path(item), key, (entry, tokens, lists))
    return [found for item in later if (found := entries[item.path]) is not None]


def more_lists(
    site: Site,
    listed: set[str],
    later: list[Page | Download],
    reused: dict[str, tuple],
    renderer: Renderer,
    plan: reuse.Plan,
    built: Path,
) -> list[dict]:
    """Make the lists of people that bulk pages link to and no page before registered
    (issue 20: a list linked from a person page was never built); their search entries.
    ``listed``: the slugs of the lists already made."""
    found: dict[str, PeopleList] = {}
    for item in later:
        if isinstance(item, Page):
            before = reused.get(item.path)
            for people_list in item.lists if before is None else reuse.remembered_lists(before):
                if people_list.slug not in listed:
                    found.setdefault(people_list.slug, people_list)
    if not found:
        return []
    site.lists.update(found)  # a page rendered here registered it already; reused ones not
    items = list(list_pages(site, found.values()))
    done, todo = take_unchanged(plan, items, built)
    with shells.Filling(built, todo, renderer) as filling:
        return in_page_order(items, done, todo, filling.finish(), plan, built)


def copy_assets(docs: Path, audience: str) -> None:
    shutil.copytree(SOURCE_ROOT / "site_templates" / "assets", docs / "assets")
    if audience == "public":  # the forms are for staff only (render/webforms.py)
        shutil.rmtree(docs / "assets" / "forms", ignore_errors=True)


def names_of(model) -> set[str]:
    """Words search must keep whole: people's first and last names. School names are cut
    like any text, so a word inside one ("ไผ่งาม" in "บ้านไผ่งามวิทยา") is found; the whole
    name typed is cut the same way in the browser (``assets/search-thai.js``)."""
    return {part for p in model.people.values() for part in (p.first_name, p.last_name)}


def write_docs(pages: Mapping[str, str | bytes], docs: Path) -> None:
    """A docs folder for MkDocs holding ``pages`` and every asset (roll-up, bench)."""
    for relative, content in pages.items():
        shells.write_file(docs / relative, content)
    copy_assets(docs, "internal")


def write_config(
    work: Path,
    docs: Path,
    site: Path,
    office: dict,
    audience: str = "internal",
    pages: Sequence[Page] | None = None,
) -> Path:
    """MkDocs' configuration; the navigation keeps the entries whose page is built and
    declared ``in_nav`` (``pages``: those MkDocs renders; without them, every file in
    ``docs``)."""
    config = yaml.safe_load((SOURCE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(
        site_name=f"PA Tracker — {office['short_name']}",
        docs_dir=str(docs),
        site_dir=str(site),
        hooks=[str(Path(__file__).parent.parent / "render" / "hooks.py")],  # safe page titles
    )
    if audience == "public":
        config["nav"] = PUBLIC_NAV
    else:  # an audience without some pages (schemas/audiences/audiences.yaml): no dead nav entries
        targets = (
            {p.path for p in pages if p.in_nav}
            if pages is not None
            else {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
        )
        config["nav"] = built_nav(config.get("nav") or [], targets)
    # every page: the CSP first in <head>, the theme's inline scripts as files (render/csp.py)
    config["theme"]["custom_dir"] = str(OVERRIDES)
    noindex = audiences.get(audience).noindex
    config.setdefault("extra", {})["noindex"] = noindex  # staff pages: robots
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def built_nav(nav: list, targets: set[str]) -> list:
    """The nav entries whose page is one of ``targets`` (sections kept while they hold one)."""
    out = []
    for entry in nav:
        ((title, target),) = entry.items() if isinstance(entry, dict) else ((None, entry),)
        if isinstance(target, list):
            target = built_nav(target, targets)
            if target:
                out.append({title: target})
        elif "://" in str(target) or str(target) in targets:
            out.append(entry)
    return out


def run_mkdocs(config_file: Path, quiet: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    level = logging.WARNING if quiet else logging.INFO
    logging.getLogger("mkdocs").setLevel(level)
    build(load_config(config_file=str(config_file)))


def serve(project: Project, *, port: int, as_of: dt.date) -> None:
    """Preview at http://127.0.0.1:PORT, rebuilding when a record or template changes.

    The preview is built in a folder of its own, deleted when ``serve`` ends."""
    from ..preview import PreviewServer as LiveReloadServer  # CSP allows its reload script
    from .watch import Changes

    root = Path(tempfile.mkdtemp(prefix="patracker-serve-")) / "site"
    changes = Changes(project.records).start()

    def rebuild() -> None:
        try:
            build_site(project, root, as_of=as_of, quiet=True, changed=changes.take())
        except BuildError as exc:
            print(exc)
        gc.collect()  # what the build left in cycles, freed while the page reloads

    try:
        rebuild()
        server = LiveReloadServer(builder=rebuild, host="127.0.0.1", port=port, root=str(root))
        for watched in (project.records, SOURCE_ROOT / "site_templates", project.schemas_dir):
            server.watch(str(watched))
        try:
            server.serve()
        finally:
            server.shutdown()
    finally:
        changes.stop()
        finish_clearing()
        shutil.rmtree(root.parent, ignore_errors=True)
