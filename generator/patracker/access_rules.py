"""Rules for a web server with single sign-on: which login reads which audience folder.

``patracker access-rules --format nginx`` reads ``schemas/audiences/audiences.yaml`` (each
audience's ``readers``) and the records (person files' GitHub logins, schools' director,
DPA admin and reviewers, office.yaml's HR and maintainers) and writes two files:

- ``pa-maps.conf`` (nginx ``http`` level): maps from the signed-in login to what it may
  read;
- ``pa-locations.conf`` (inside the ``server``): one location per audience folder that
  answers 403 to a login without the right.

The server's ``root`` holds the builds as ``office/``, ``school/<school-id>/``,
``personal/`` (``p/<token>/`` per person) and ``public/``. The login is ``$remote_user``
(basic auth) or any variable an ``auth_request`` sets (``--user-variable``). The office's
readers (HR, executives, maintainers) read every folder: the office build shows all of it.
The rules run before authentication (nginx's rewrite phase) on the login the request
claims; a request without one passes them, and authentication then answers 401, while
a claimed login must also pass authentication. So the login must be known by then:
``$remote_user`` with ``auth_basic``, or a header a single-sign-on proxy in front sets
and strips from clients (``$http_x_forwarded_user``, oauth2-proxy); not a variable an
``auth_request`` sets, which is only known later. Record text is untrusted: a login that is not a plain GitHub login is left out (and said),
so no record can write nginx syntax. Logins are compared lower-cased, as GitHub treats them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import audiences
from .access import Directory, Tree
from .messages import coded

_LOGIN = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
EXECUTIVE_POSITIONS = frozenset({"esa-director", "esa-deputy-director"})
SCHOOL_ROLES = {
    "school-director": lambda s: [s.get("director")],
    "school-dpa-admin": lambda s: [s.get("dpa_admin")],
    "school-reviewers": lambda s: list(s.get("reviewers") or ()),
}


@dataclass
class Grants:
    """Who reads what, as plain data (the formats are written from it)."""

    office: set[str] = field(default_factory=set)  # logins reading every folder
    schools: dict[str, set[str]] = field(default_factory=dict)  # school id → logins
    personal: dict[str, str] = field(default_factory=dict)  # token → her login
    left_out: list[str] = field(default_factory=list)  # Thai/English notes


def grants(records: Path, secret: bytes) -> Grants:
    """What each login may read, from the audiences file and the records."""
    from .links import token

    records = records.resolve()
    directory = Directory.read(Tree(records.parent, None), records=records.name)
    out = Grants()

    def login_of(person: str | None) -> str | None:
        data = directory.people.get(str(person)) if person else None
        login = data.get("github") if data else None
        if login is None:
            return None
        if not _LOGIN.match(str(login)):
            out.left_out.append(coded("PA946", person=person))
            return None
        return str(login).lower()

    for spec in {a.name: a for a in audiences.load().values()}.values():
        if spec.scope == "office":
            out.office |= _office_readers(spec, directory, login_of)
        elif spec.scope == "school":
            for school_id, school in directory.schools.items():
                if not _ID.match(school_id):
                    continue
                found = {
                    login
                    for role in spec.readers
                    for person in SCHOOL_ROLES.get(role, lambda s: [])(school)
                    if (login := login_of(person))
                }
                out.schools[school_id] = found
        elif spec.scope == "person" and "self" in spec.readers:
            for person in sorted(directory.people):
                if login := login_of(person):
                    out.personal[token(person, secret)] = login
    return out


def _office_readers(spec, directory: Directory, login_of) -> set[str]:
    found: set[str] = set()
    if "hr" in spec.readers:
        found |= {login for p in directory.hr if (login := login_of(p))}
    if "executives" in spec.readers:
        found |= {
            login
            for p, data in directory.people.items()
            if data.get("position") in EXECUTIVE_POSITIONS and (login := login_of(p))
        }
    if "maintainers" in spec.readers:
        found |= {m.lower() for m in directory.maintainers if _LOGIN.match(m)}
    return found


# --- nginx ------------------------------------------------------------------------------


def nginx(found: Grants, user: str = "$remote_user") -> dict[str, str]:
    """``{file name: text}``: the maps (http level) and the locations (server level)."""
    maps = [
        "# patracker access-rules --format nginx: include at the http level.",
        "# ใครอ่านโฟลเดอร์ใดได้ — generated from schemas/audiences/audiences.yaml and records/; do not edit.",
        "map_hash_bucket_size 128;  # keys are login:token, up to 72 characters",
        "map_hash_max_size 262144;  # one key per person, school reader and office reader",
        f"map {user} $pa_login {{ default {user}; }}",
        "map $pa_login $pa_office {",
        "    default 0;",
        *(f'    "{login}" 1;' for login in sorted(found.office)),
        "}",
        'map "$pa_login:$pa_school" $pa_school_ok {',
        "    default 0;",
        *(
            f'    "{login}:{school}" 1;'
            for school, logins in sorted(found.schools.items())
            for login in sorted(logins)
        ),
        "}",
        'map "$pa_login:$pa_token" $pa_self_ok {',
        "    default 0;",
        *(f'    "{login}:{tok}" 1;' for tok, login in sorted(found.personal.items())),
        "}",
        "# no login yet: let the request through to auth_basic, which answers 401 and asks",
        'map $pa_login $pa_anonymous { default 0; "" 1; }',
        'map "$pa_anonymous$pa_office" $pa_office_allow { default 1; "00" 0; }',
        'map "$pa_anonymous$pa_office$pa_school_ok" $pa_school_allow { default 1; "000" 0; }',
        'map "$pa_anonymous$pa_office$pa_self_ok" $pa_self_allow { default 1; "000" 0; }',
        "",
    ]
    locations = [
        "# patracker access-rules --format nginx: include inside the server block, whose",
        "# root holds office/, school/<id>/, personal/ and public/ (docs/deploy.md).",
        "location /office/ { if ($pa_office_allow = 0) { return 403; } }",
        "location ~ ^/school/(?<pa_school>[a-z0-9-]+)(?:/|$) {",
        "    if ($pa_school_allow = 0) { return 403; }",
        "}",
        "location /school/ { if ($pa_office_allow = 0) { return 403; } }",
        "location ~ ^/personal/p/(?<pa_token>[a-z2-7]+)(?:/|$) {",
        "    if ($pa_self_allow = 0) { return 403; }",
        "}",
        "location /personal/ { }  # its root page and styles name no one",
        "location /public/ { }",
        "location / { return 404; }",
        "",
    ]
    return {"pa-maps.conf": "\n".join(maps), "pa-locations.conf": "\n".join(locations)}


HEADER = "# patracker access-rules"


def write(files: dict[str, str], out: Path) -> list[Path]:
    """Write the rule files into ``out``; a file there that this command did not write is
    never replaced (ProblemError-free: a ValueError carrying Thai and English)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in files:
        target = out / name
        if target.exists() and not target.read_text("utf-8", "replace").startswith(HEADER):
            raise ValueError(coded("PA945", path=target))
    written = []
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written
