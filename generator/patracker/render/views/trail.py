"""The audit trail: the Git history of the records that ``build_site`` read (history/),
and who is behind each change (the changes pages, person pages, the quality page)."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ...history import Change, History
from .. import reads
from .base import View

if TYPE_CHECKING:
    pass


class Trail(View):
    PLAIN = frozenset(["history", "kind_title"])

    @property
    def history(self) -> History:
        """The history; while a page renders, one that records which part it reads."""
        return reads.history_of(self.site)

    @reads.reads(lambda *_, **__: [reads.HISTORY_ALL])
    def recent(self, school: str | None = None, n: int = 100) -> list[Change]:
        return self.history.recent(n, school=school)

    def kind_title(self, kind: str) -> str:
        schema = self.site.project.schemas.bundled.get(kind)
        return schema["title"] if schema else kind

    @cached_property
    def _editors(self) -> dict[str, str]:
        """A person's name by their e-mail address and GitHub login (lower case), to show
        who changed a record instead of a Git identity."""
        site, found = self.site, {}
        for record in site.corpus.of("person") if site.corpus else ():
            person = site.model.people.get(record.data.get("id", ""))
            if person is None:
                continue
            email = (record.data.get("contact") or {}).get("email")
            for key in (email, record.data.get("github")):
                if isinstance(key, str) and key:
                    found[key.lower()] = person.name
        return found

    @reads.reads(lambda *_: ["editors"])
    def editor_name(self, author: str, email: str | None, login: str | None) -> str | None:
        """The name of the person behind a commit, or None when no person record matches."""
        for key in (email, login):
            if key and key.lower() in self._editors:
                return self._editors[key.lower()]
        return None

    @cached_property
    def _by_login(self) -> dict[str, str]:
        people = self.site.model.people.values()
        return {p.github.casefold(): p.id for p in people if p.github}

    @reads.reads(lambda *_: ["logins"])
    def person_of_login(self, login: str | None) -> str | None:
        """The person whose file carries this GitHub login (logins ignore case, as GitHub's)."""
        return self._by_login.get(login.casefold()) if login else None
