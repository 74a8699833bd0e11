"""Incremental builds: taking unchanged pages from the previous build instead of rendering.

A bulk page (a person, a committee member, a school, a list) shows a few people's records
and what every page shares: PA Tracker's code, templates and schemas, the office's other
records (office, schools, committees, surveys) and the date (``shared_key``). What it reads
of people's records is recorded while it renders (render/reads.py: a token per input, such
as ``person/<id>`` for everything in their folder or ``name/<id>`` for their name alone),
and remembered with the page. A page's *key* hashes the shared inputs, its path, template
and title, and a fingerprint of each input it read; when the previous build wrote the same
path under the key its inputs have now, its file is linked into the new build. Inputs
unchanged, the page reads the same inputs again, so the inputs of last time are the ones
to check. A page that aggregates the whole office is rendered every time (dashboard,
deadlines), or keyed by a digest of everything it shows (``Page.inputs``: a round report,
a list); MkDocs is skipped when its pages are byte for byte the ones it got.

What was built is remembered in ``.patracker-cache/`` beside ``records/`` (one manifest
per output folder and audience), never in the site itself. A file of the previous site
is reused only if it is still the file that build wrote (same size and mtime).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from ..engine import deadlines, summary
from ..filecache import beside_records, read_marshal, write_marshal
from ..project import SOURCE_ROOT
from ..render import reads
from ..render.output import Download, Page, PeopleList
from ..render.views import Trail

# what making an item gave: its search entry, what it read, the lists it links to
Made = tuple[dict | None, Iterable[str], tuple[PeopleList, ...]]

FORMAT = 3
_PER_PERSON = ("people/", "applications/")  # record folders a person's key covers
_RECORDED = object()  # an item keyed by what it read
_UNKNOWN = object()


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
        self.written: dict[str, tuple] = {}  # path → Remembered (see ``wrote``)
        self._fingerprints: dict[str, str | None] = {}  # token → its input as it is now
        self._folders: set[str] = set()  # folders of the new build already made by ``link``
        self.mkdocs: dict | None = None

    # --- pages and downloads ----------------------------------------------------------------

    def reuse_key(self, item: Page | Download, path: str) -> str | None:
        """The key under which the previous build's ``path`` may be reused: of what the
        item declares it shows, or of what it read last time (None: make it)."""
        declared = self._declared(item)
        if declared is not _RECORDED:
            return declared  # type: ignore[return-value]
        before = self.previous["pages"].get(path)
        return None if before is None else self._key(_named(item), before[4])

    def made_key(self, item: Page | Download, tokens: tuple[str, ...]) -> str | None:
        """The key of an item just made, from what it read (``read``; None: never reuse it)."""
        declared = self._declared(item)
        if declared is not _RECORDED:
            return declared  # type: ignore[return-value]
        return self._key(_named(item), tokens)

    def read(self, item: Page | Download, tokens: Iterable[str]) -> tuple[str, ...]:
        """What an item read, in order: the tokens recorded while it was made, and the
        people a download says it shows (``Download.about``); nothing when it declares
        what it shows (``inputs``) or is always made."""
        if self._declared(item) is not _RECORDED:
            return ()
        if isinstance(item, Download) and item.about is not None:
            tokens = {*tokens, *reads.people(item.about)}
        return tuple(sorted(tokens))

    def _declared(self, item: Page | Download) -> str | object | None:
        if item.inputs is not None:
            return digest(self.shared, _named(item), item.inputs)
        if isinstance(item, Download) and item.about is None:
            return None  # it may show anyone's records: always make it
        return _RECORDED

    def _key(self, named: tuple[str, ...], tokens: Iterable[str]) -> str | None:
        tokens = tuple(tokens)
        found = []
        for token in tokens:
            fingerprint = self._fingerprints.get(token, _UNKNOWN)
            if fingerprint is _UNKNOWN:
                fingerprint = self._fingerprints[token] = self.fingerprint(token)
            if fingerprint is None:
                return None
            found.append(fingerprint)
        # the tokens themselves need no hashing: a key is compared only with the key made
        # from the same tokens (those the page read last time)
        return digest(self.shared, named, found)  # type: ignore[arg-type]

    def fingerprint(self, token: str) -> str | None:
        """A token's input as it is now (render/reads.py); None: no key covers it."""
        kind, _, name = token.partition("/")
        site = self.site
        if kind == "person":
            return self.people.get(name, "-")
        if kind == "name":
            return site.name_of(name)
        if kind == "school":
            staff = site.model.people_by_school.get(None if name == "None" else name, ())
            return digest([p.id for p in staff])
        if token == reads.HISTORY_STATE:
            return repr((site.history.complete, site.history.notice_th))
        if kind == "history" and name != "*":
            return self._trail(name)
        if kind == "reminders":
            return repr(site.reminders_of(name))
        if token == reads.EVERYONE:
            return digest(sorted(f"{p}={k}" for p, k in self.people.items()))
        if token == "logins":
            return digest(sorted(f"{k}={v}" for k, v in Trail.of(site)._by_login.items()))
        if token == "editors":
            return digest(sorted(f"{k}={v}" for k, v in Trail.of(site)._editors.items()))
        return None  # the whole history, or a token this module does not know

    def _trail(self, person: str) -> str:
        """What a person page shows of Git: their changes. A change is fixed by its commit
        and path, and by the pull request that merged it (number, who and when); the rest
        is read from that commit."""
        changes = [
            f"{c.commit}:{c.path}:{c.merge}:{c.pr}:{c.approver}:{c.merged_at}"
            for c in self.site.history.for_person(person)
        ]
        return digest(changes)

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

    def wrote(self, built: Path, path: str, key: str | None, made: Made = (None, (), ())) -> None:
        """Remember a file this build wrote under ``key`` (nothing when it has no key): its
        search entry, what it read and the lists of people it links to."""
        if key is not None:
            stat = (built / path).stat()
            entry, tokens, lists = made
            shown = tuple((p.slug, p.title, p.people) for p in lists)
            self.written[path] = (key, stat.st_size, stat.st_mtime_ns, entry, tuple(tokens), shown)

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
        mkdocs = self.mkdocs
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
        site = plan.site
        kept: dict[tuple, Any] = {}
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


def _named(item: Page | Download) -> tuple[str, ...]:
    return (item.path, item.template, item.title) if isinstance(item, Page) else (item.path,)


def remembered_lists(before: tuple) -> tuple[PeopleList, ...]:
    """The lists of people a reused page links to, as the previous build remembered them."""
    return tuple(PeopleList(slug, title, tuple(people)) for slug, title, people in before[5])


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
    empty: dict[str, Any] = {"pages": {}, "mkdocs": None}
    stored = read_marshal(location)
    if stored is None or stored.get("format") != FORMAT or stored.get("shared") != shared:
        return empty  # none yet, or code, templates or shared records changed
    return stored
