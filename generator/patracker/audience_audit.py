"""The leak check of each audience (``audit-site --audience``), from its rule in
``schemas/audiences/audiences.yaml`` (``others``) applied by ``audiences.allowed``.

- public: no one's name, id, contact or birth date anywhere (``audit.audit_site``);
- school: each school's folder holds nothing of a person of another school, except the
  names and ids of its people's evaluators;
- personal: each person's folder holds nothing of anyone else, except her evaluators'
  names and ids; the shared files (root page, assets) hold no one's;
- office: everyone may appear; nothing to check.

Who belongs where is read from the records' files (``access.Directory``), not the model,
so a build is checked against what the records say, not what the build thought.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import audiences
from .access import Directory, Tree
from .audit import Leak, Secret, audit_site, secrets_of
from .outdir import MARKER


def audit_audience(site: Path, records: Path, audience: str, environ=None) -> list[Leak]:
    """Every leak in the built ``site`` by the rule of ``audience``."""
    spec = audiences.get(audience)
    if spec.others == "all":
        return []
    secrets = secrets_of(records)
    if spec.scope == "aggregates":
        return audit_site(site, records, secrets)
    directory = _directory(records)
    if spec.scope == "school":
        return _schools(site, records, secrets, directory, spec)
    return _people(site, records, secrets, directory, spec, environ)


def _directory(records: Path) -> Directory:
    records = records.resolve()
    return Directory.read(Tree(records.parent, None), records=records.name)


def evaluators(directory: Directory, people: frozenset[str]) -> frozenset[str]:
    """As ``audiences.evaluators``: their committees' members, and HR officers."""
    members = {m for c in directory.committees if c.assessees & people for m in c.members}
    return frozenset(members | set(directory.hr)) - people


def forbidden(secrets: list[Secret], people: frozenset[str], named: frozenset[str]) -> list[Secret]:
    """The secrets a build of ``people`` may not show: anyone else's, but the names and
    ids of ``named`` (their evaluators). A namesake's name or id that is part of a name or
    id the build may show (นายสุนทร คงสมบัติ, ``sunthon-khongsombat`` inside
    ``sunthon-khongsombat-2``) cannot be told apart in the text, so it is not reported."""
    shown = {
        (s.kind, s.value)
        for s in secrets
        if s.person in people or (s.person in named and s.kind in ("name", "id"))
    }
    return [
        s
        for s in secrets
        if (s.kind, s.value) not in shown
        and not any(kind == s.kind and s.value in value for kind, value in shown)
    ]


def _schools(site, records, secrets, directory, spec) -> list[Leak]:
    """A school folder (marked), or a folder of them: each by its own school's rule."""
    folders = (
        [site]
        if (site / MARKER).is_file()
        else sorted(p for p in site.iterdir() if (p / MARKER).is_file())
    )
    leaks: list[Leak] = []
    for folder in folders:
        people = frozenset(
            pid for pid, data in directory.people.items() if data.get("school") == folder.name
        )
        named = evaluators(directory, people) if spec.others == "evaluators" else frozenset()
        prefix = "" if folder == site else f"{folder.name}/"
        leaks += audit_site(folder, records, forbidden(secrets, people, named), prefix=prefix)
    return leaks


def _people(site, records, secrets, directory, spec, environ) -> list[Leak]:
    """Each person's folder by her rule; everything else by the public rule."""
    from .links import folder as folder_of
    from .links import link_secret

    key = link_secret(os.environ if environ is None else environ)
    leaks: list[Leak] = []
    folders = []
    for person in sorted(directory.people):
        where = folder_of(person, key)
        folders.append(where)
        if not (site / where).is_dir():
            continue
        people = frozenset({person})
        named = evaluators(directory, people) if spec.others == "evaluators" else frozenset()
        mine = forbidden(secrets, people, named)
        leaks += audit_site(site / where, records, mine, prefix=where)
    return leaks + audit_site(site, records, secrets, skip=tuple(folders))
