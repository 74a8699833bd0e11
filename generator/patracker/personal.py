"""The personal audience: one page per person, at an address only its owner is given.

A person's folder is ``p/<token>/`` where the token is HMAC-SHA256 of their id under a
secret from the environment (``PATRACKER_LINK_SECRET``), base32, 32 characters (160 bits):
any static host serves it, nobody can guess another's, and a new secret moves every
folder, so rotating it revokes every link given out. The folder holds her page (status,
next step, deadlines, committee feedback, forms) and her A4 print forms with her data
only. Nothing in it lists, links to or searches anyone else; it names only the committee
members who evaluate her (audiences.py), and every page carries ``noindex``. The build
has no MkDocs run: each page is a standalone document with the site's styles.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
import os
from pathlib import Path

from . import audiences, outdir, shells
from .messages import coded
from .model import build_model
from .progress import progress
from .project import SOURCE_ROOT, Project
from .render import Renderer, csp, printable
from .render.context import Site
from .render.pages import Download, Page

SECRET_ENV = "PATRACKER_LINK_SECRET"
URL_ENV = "PATRACKER_PERSONAL_URL"
FOLDER = "p"
TOKEN_CHARS = 32  # base32: 5 bits each, 160 bits
MIN_SECRET = 16  # characters
ASSETS = ("pa.css", "print.css", "print.js")
_DOCUMENT = (
    '<!doctype html>\n<html lang="th"><head>{csp}<meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
    "<title>{title}</title>"
    '<link rel="stylesheet" href="{root}assets/pa.css">{extra}'
    '</head><body class="pa-document pa-personal">{body}</body></html>\n'
)


class LinkSecretError(Exception):
    """No usable secret in the environment: Thai and English, exit code 2."""


def link_secret(environ: os._Environ | dict | None = None) -> bytes:
    """The secret personal links are made from; a missing or short one is an error."""
    value = (os.environ if environ is None else environ).get(SECRET_ENV, "")
    if len(value) < MIN_SECRET:
        raise LinkSecretError(coded("PA940", env=SECRET_ENV, min=MIN_SECRET))
    return value.encode("utf-8")


def token(person_id: str, secret: bytes) -> str:
    """The unguessable folder name of a person's page under ``secret``."""
    digest = hmac.new(secret, person_id.encode("utf-8"), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:TOKEN_CHARS]


def folder(person_id: str, secret: bytes) -> str:
    """``p/<token>/``: where the person's page is, relative to the personal site's root."""
    return f"{FOLDER}/{token(person_id, secret)}/"


def personal_link(person_id: str, environ: os._Environ | dict | None = None) -> str | None:
    """The full address of a person's page, or None unless both the secret and the site's
    address (``PATRACKER_PERSONAL_URL``, where the personal build is served) are set."""
    env = os.environ if environ is None else environ
    base = env.get(URL_ENV, "").strip()
    try:
        secret = link_secret(env)
    except LinkSecretError:
        return None
    return f"{base.rstrip('/')}/{folder(person_id, secret)}" if base else None


def links_key(environ: os._Environ | dict | None = None) -> str:
    """A fingerprint of what personal links are made from (never the secret itself): a
    page that shows links is stale when it changes."""
    env = os.environ if environ is None else environ
    text = f"{env.get(SECRET_ENV, '')}\0{env.get(URL_ENV, '')}"
    return hashlib.sha256(b"patracker-links\0" + text.encode("utf-8")).hexdigest()


# --- the build -------------------------------------------------------------------------


def build_personal(project: Project, out: Path, *, as_of: dt.date, quiet: bool) -> Path:
    """Every person's folder under ``out`` (swapped into place whole)."""
    from .build import BuildError, validated

    try:
        secret = link_secret()
    except LinkSecretError as exc:
        raise BuildError(str(exc), 2) from None
    keep = outdir.protected(project.records, project.schemas_dir)
    try:
        with (
            outdir.claimed(out, keep) as out,
            outdir.write_errors(),
            progress("สร้างหน้าส่วนตัว", total=2, quiet=quiet) as step,
        ):
            result = validated(project)
            step(1)
            model = build_model(result.corpus, project.forms)
            with outdir.work_folder(out) as work:
                built = work / "site"
                write_shared(built)
                for person in sorted(model.people):
                    write_person(project, model, person, as_of, built / folder(person, secret))
                step(1)
                outdir.swap(built, out)
    except outdir.OutputError as exc:
        raise BuildError(str(exc), exc.exit_code) from None
    return out


def write_shared(built: Path) -> None:
    """What every page shares, and a root that lists nothing and asks not to be indexed."""
    source = SOURCE_ROOT / "site_templates" / "assets"
    for name in ASSETS:
        shells.write_file(built / "assets" / name, (source / name).read_bytes())
    fonts = source / "fonts"
    if fonts.is_dir():
        for font in fonts.rglob("*"):
            if font.is_file():
                shells.write_file(
                    built / "assets" / "fonts" / font.relative_to(fonts), font.read_bytes()
                )
    body = (
        "<main><h1>PA Tracker</h1><p>หน้านี้ไม่มีข้อมูล เปิดหน้าส่วนตัวจากลิงก์ที่ได้รับทางอีเมลหรือ LINE "
        "— open your personal page from the link you were sent.</p></main>"
    )
    shells.write_file(built / "index.html", document("PA Tracker", body, ""))
    shells.write_file(built / FOLDER / "index.html", document("PA Tracker", body, "../"))
    shells.write_file(built / "robots.txt", "User-agent: *\nDisallow: /\n")


def document(title: str, body: str, root: str, extra: str = "") -> str:
    return _DOCUMENT.format(
        csp=csp.meta(), title=html.escape(title, quote=False), root=root, body=body, extra=extra
    )


def person_site(project: Project, model, person: str, as_of: dt.date) -> Site:
    """The site as one person may see it: her records, her evaluators' names."""
    people = frozenset({person})
    return Site(
        project=project,
        model=audiences.scoped_model(model, people),
        as_of=as_of,
        audience="personal",
        outside=audiences.outside_names(model, people),
    )


def write_person(project: Project, model, person: str, as_of: dt.date, target: Path) -> None:
    """Her page and her print forms into ``target`` (``p/<token>/``)."""
    site = person_site(project, model, person, as_of)
    renderer = Renderer(site, SOURCE_ROOT / "site_templates")
    root = "../../"
    page = Page(
        "index.md", "personal/page.html", site.name_of(person), {"person": site.person(person)}
    )
    shells.write_file(target / "index.html", document(page.title, renderer.render(page), root))
    for item in printable.print_pages(site):
        if isinstance(item, Download):
            shells.write_file(target / item.path, item.bytes())
        else:
            _, body = shells.parse(renderer.render(item))
            body = body.replace('src="../assets/', f'src="{root}../assets/')
            extra = f'<link rel="stylesheet" href="{root}../assets/print.css">'
            name = item.path.removesuffix(".md") + ".html"
            shells.write_file(target / name, document(item.title, body, root + "../", extra))
