"""Incremental builds: taking unchanged pages from the previous build instead of rendering.

A bulk page (a person, a committee member, a school, a list) shows the records of a few
people: their folders, their applications, and those of the people on the committees
around them (``Plan.circle``). Everything else it shows is shared by every page: PA
Tracker's code, templates and schemas, the office's other records (office, schools,
committees, surveys) and the date. A person page also shows their own changes in the Git
history (``Plan._trail``), so a commit that touches nobody else's records leaves the
others' pages as they were. A page's *key* hashes exactly those inputs, so when the
previous build wrote the same path under the same key, its file is linked into the new
build. A page that aggregates the whole office is rendered every time
(dashboard, deadlines), or keyed by a digest of everything it shows (a round report, worked
out anew each build); MkDocs is skipped when its pages are byte for byte the ones it got.

What was built is remembered in ``.patracker-cache/`` beside ``records/`` (one manifest
per output folder and audience), never in the site itself. A file of the previous site
is reused only if it is still the file that build wrote (same size and mtime).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from ..engine import deadlines, summary
from ..filecache import beside_records, read_marshal, write_marshal
from ..project import SOURCE_ROOT

FORMAT = 2
_PER_PERSON = ("people/", "applications/")  # record folders a person's key covers
_ALWAYS = frozenset({"changes"})  # pages built from the Git history itself


def digest(*parts: Iterable[str] | str) -> str:
    texts = [text for part in parts for text in ([part] if isinstance(part, str) else part)]
    return hashlib.sha1("\0".join(texts).encode("utf-8", "surrogatepass") + b"\0").hexdigest()


class Plan:
    """The keys of this build's pages, and what the previous build left to reuse."""

    def __init__(self, site, out: Path):
        self.site, self.out = site, Path(out)
        self.shared = shared_key(site)
        self.people = person_keys(site)
        self.location = _manifest_path(site.project.records, self.out, site.audience)
        self.previous = _load(self.location, self.shared)
        self.written: dict[str, tuple] = {}  # path → (key, size, mtime_ns, search entry)
        self._circle_keys: dict[str, str] = {}  # person → digest of their circle's records
        self._folders: set[str] = set()  # folders of the new build already made by ``link``
        self._listed: dict[str, str] = {}  # person → what lists show of them

    # --- pages and downloads ----------------------------------------------------------------

    def page_key(self, page) -> str | None:
        """The page's input key; None when it must always be rendered."""
        if page.inputs is not None:
            return digest(self.shared, page.path, page.template, page.title, page.inputs)
        folder = page.path.split("/", 1)[0]
        if folder == "lists":
            return self._list_key(page.path, page.title, page.context["people_list"].people)
        centres = self._about(folder, page.context)
        if centres is None:
            return None
        named = (page.path, page.template, page.title)
        if folder == "people":
            named += (self._trail(centres[0]), repr(self.site.reminders_of(centres[0])))
        return self._key(named, centres)

    def _trail(self, person: str) -> str:
        """What a person page shows of Git: their changes, and whether the history is
        complete. A change is fixed by its commit and path, and by the pull request that
        merged it (number, who and when); the rest is read from that commit."""
        history = self.site.history
        changes = [
            f"{c.commit}:{c.path}:{c.merge}:{c.pr}:{c.approver}:{c.merged_at}"
            for c in history.for_person(person)
        ]
        return digest(repr((history.complete, history.notice_th)), changes)

    def download_key(self, download) -> str | None:
        if download.inputs is not None:
            return digest(self.shared, download.path, download.inputs)
        if download.about is None:
            return None
        if download.path.startswith("lists/"):  # a list's title follows from its path
            return self._list_key(download.path, "", download.about)
        return self._key((download.path,), sorted(download.about))

    def _list_key(self, path: str, title: str, listed) -> str:
        """A list shows each person's name, position, standing and school, and nothing else:
        an edit elsewhere in their records leaves the list as it was."""
        return digest(self.shared, path, title, [self._facts(i) for i in listed])

    def _facts(self, person: str) -> str:
        """What a list shows of a person (a person is on many lists; worked out once)."""
        found = self._listed.get(person)
        if found is None:
            p = self.site.model.people.get(person)
            found = f"{person}|{p.name}|{p.position}|{p.standing}|{p.school}" if p else person
            self._listed[person] = found
        return found

    def _key(self, named: tuple, centres) -> str:
        return digest(self.shared, named, [self._circle_key(person) for person in centres])

    def _circle_key(self, person: str) -> str:
        """A digest of the records of everyone in the person's ``circle``."""
        found = self._circle_keys.get(person)
        if found is None:
            keys = sorted(self.people.get(p, "-") + p for p in self.circle(person))
            found = self._circle_keys[person] = digest(person, keys)
        return found

    def _about(self, folder: str, context: dict) -> list[str] | None:
        """The people whose circles a bulk page shows (see ``circle``); None: always render."""
        if folder in _ALWAYS:
            return None
        if folder == "people":
            return [context["person"].id]
        if folder == "members":
            return [context["member"]]
        if folder in ("schools", "coordinators"):  # a school's people, and their circles
            school = context["school"].id
            return [p.id for p in self.site.model.people_by_school.get(school, ())]
        if folder == "print":
            return []  # the printable forms' pages are the same for everyone
        return None

    def circle(self, person: str) -> set[str]:
        """The people whose records the person's pages show: the person; the members of the
        committees that assess them (names, roles); the assessees and fellow members of the
        committees they sit on (a member's pages list their assessees' progress); whoever
        approved their agreements or moved their applications on (names)."""
        return self._circles.get(person, {person})

    @cached_property
    def _circles(self) -> dict[str, set[str]]:
        model = self.site.model
        found: dict[str, set[str]] = defaultdict(set)
        for committee in model.committees:
            members = set(committee.member_ids)
            for person in committee.assessees:
                found[person] |= members
            for member in members:
                found[member] |= members.union(committee.assessees)
        for application in model.applications:
            found[application.person] |= {step.by for step in application.history}
        for (person, _), agreement in model.agreements.items():
            if agreement.approved_by:
                found[person].add(agreement.approved_by)
        for person in model.people:
            found[person].add(person)
        return dict(found)

    def link(self, path: str, key: str | None, built: Path) -> tuple | None:
        """Link the previous build's ``path`` into ``built`` if it was written under ``key``
        and is untouched since; return what was remembered of it, or None."""
        before = self.previous["pages"].get(path) if key else None
        if before is None or before[0] != key:
            return None
        source = os.path.join(self.out, path)
        if not _untouched(source, *before[1:3]):
            return None
        folder = os.path.join(built, os.path.dirname(path))
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        os.link(source, os.path.join(built, path))
        self.written[path] = before
        return before

    def wrote(self, built: Path, path: str, key: str | None, entry: dict | None = None) -> None:
        """Remember a file this build wrote under ``key`` (nothing when it has no key)."""
        if key is not None:
            stat = (built / path).stat()
            self.written[path] = (key, stat.st_size, stat.st_mtime_ns, entry)

    # --- MkDocs --------------------------------------------------------------------------

    def mkdocs_key(self, docs: Path, config: Path) -> str:
        """MkDocs' whole input: its pages and assets, and its configuration (less the
        temporary folder names, which differ on every build)."""
        files = sorted(p for p in docs.rglob("*") if p.is_file())
        parts = [config.read_text(encoding="utf-8").replace(str(config.parent), "")]
        for path in files:
            parts += [
                path.relative_to(docs).as_posix(),
                hashlib.sha1(path.read_bytes()).hexdigest(),
            ]
        return digest(parts)

    def reuse_mkdocs(self, key: str, built: Path) -> bool:
        """Link MkDocs' output of last time into ``built`` if its input is unchanged."""
        before = self.previous.get("mkdocs")
        if not before or before["key"] != key:
            return False
        for path, (size, mtime_ns) in before["files"].items():
            if path not in before["kept"] and not _untouched(self.out / path, size, mtime_ns):
                return False
        for path in before["files"]:
            target = built / path
            target.parent.mkdir(parents=True, exist_ok=True)
            if path in before["kept"]:  # rewritten after MkDocs: restore MkDocs' own copy
                target.write_bytes(before["kept"][path])
            else:
                os.link(self.out / path, target)
        self.mkdocs = before
        return True

    def ran_mkdocs(self, key: str, built: Path, rewritten: Iterable[str]) -> None:
        """Remember MkDocs' output; ``rewritten`` files are kept as MkDocs wrote them."""
        files = {p.relative_to(built).as_posix(): p for p in built.rglob("*") if p.is_file()}
        kept = {path: files[path].read_bytes() for path in rewritten if path in files}
        self.mkdocs = {"key": key, "files": dict.fromkeys(files), "kept": kept}

    # --- remembering -----------------------------------------------------------------------

    def save(self) -> None:
        """Record what the new site holds (call after it is in place at ``out``)."""
        mkdocs = getattr(self, "mkdocs", None)
        if mkdocs is not None:
            stats = {}
            for path in mkdocs["files"]:
                if (self.out / path).is_file():  # post-processing may have removed it
                    stat = (self.out / path).stat()
                    stats[path] = (stat.st_size, stat.st_mtime_ns)
                elif path in mkdocs["kept"]:
                    stats[path] = (-1, -1)
            mkdocs = {**mkdocs, "files": stats}
        body = {
            "format": FORMAT,
            "shared": self.shared,
            "pages": self.written,
            "mkdocs": mkdocs,
        }
        write_marshal(self.location, body)


class RoundResults:
    """Round results and tasks carried from one build to the next in the same process
    (``serve``).

    A person's PA 3 result and their round's tasks depend on their own records (the
    members' PA 2 and reviews sit in their folder) and on shared inputs (committees,
    office, forms), so they are reused while their key and the shared key are the same.
    The store holds only the last build's answers.
    """

    _store: ClassVar[dict[tuple, object]] = {}

    @classmethod
    def forget(cls) -> None:
        """Start the next build from nothing (a clean build to compare against)."""
        cls._store = {}

    @classmethod
    def fill(cls, plan: Plan) -> None:
        """Put every started round's results and tasks into the model's memo, working out
        only those of the people whose inputs changed; the engine then answers from it."""
        site, kept = plan.site, {}
        for rnd in site.rounds:
            if rnd.start > site.as_of:
                continue
            fy, number = rnd.fiscal_year, rnd.round

            def key(what: str, person: str, fy=fy, number=number) -> tuple:
                return (what, plan.shared, plan.people.get(person), person, fy, number)

            results = summary.round_summaries(
                site.model,
                site.forms,
                fy,
                number,
                lambda p, key=key: cls._store.get(key("result", p)),
            )
            for result in results:
                kept[key("result", result.person)] = result
            known_tasks = {p: cls._store.get(key("tasks", p)) for p in {r.person for r in results}}
            tasks = deadlines.round_tasks(site.model, site.forms, fy, number, known_tasks.get)
            for person in known_tasks:
                kept[key("tasks", person)] = ()
            for task in tasks:
                kept[key("tasks", task.person)] += (task,)
        cls._store = kept


def shared_key(site) -> str:
    """What every page depends on besides people's own records."""
    from ..links import links_key

    # the personal links school pages carry change with the secret: a new one, new pages
    parts = [str(FORMAT), site.audience, site.as_of.isoformat(), links_key()]
    package = Path(__file__).parent.parent
    sources = [
        *sorted(package.rglob("*.py")),
        *sorted((SOURCE_ROOT / "site_templates").rglob("*")),
        *sorted(Path(site.project.schemas_dir).rglob("*")),
        SOURCE_ROOT / "mkdocs.yml",
    ]
    for path in sources:
        if path.is_file():
            parts.append(hashlib.sha1(path.read_bytes()).hexdigest())
    blobs = site.corpus.blobs
    parts += [f"{p}={b}" for p, b in sorted(blobs.items()) if not p.startswith(_PER_PERSON)]
    parts += [f"{w.file}:{w.code}:{w.line}" for w in site.warnings]
    parts += sorted(f"{url}={r.status}:{r.code}" for url, r in site.broken_links.items())
    return digest(parts)


def person_keys(site) -> dict[str, str]:
    """Person id → a digest of their own records and their applications."""
    blobs = site.corpus.blobs
    return {
        person: digest(sorted(f"{r.path}={blobs.get(r.path)}" for r in records))
        for person, records in site.corpus.owned().items()
    }


def _untouched(path, size: int, mtime_ns: int) -> bool:
    """Whether the previous build's file is still there as it was written."""
    try:
        found = os.stat(path)
    except OSError:
        return False
    return (found.st_size, found.st_mtime_ns) == (size, mtime_ns)


def _manifest_path(records: Path, out: Path, audience: str) -> Path:
    return beside_records(records, "build", of=f"{out.resolve()}\0{audience}")


def _load(location: Path, shared: str) -> dict:
    empty = {"pages": {}, "mkdocs": None}
    stored = read_marshal(location)
    if stored is None or stored.get("format") != FORMAT or stored.get("shared") != shared:
        return empty  # none yet, or code, templates or shared records changed
    return stored
