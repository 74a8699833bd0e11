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

import datetime as dt
import html
from pathlib import Path

from .. import audiences, outdir
from ..links import FOLDER, LinkSecretError, folder, link_secret
from ..model import build_model
from ..prebuild import BuildError, validated
from ..progress import progress
from ..project import SOURCE_ROOT, Project
from ..render import Renderer, csp, printable
from ..render.context import Site
from ..render.pages import Download, Page, person_views
from . import shells

ASSETS = ("pa.css", "print.css", "print.js")
_DOCUMENT = (
    '<!doctype html>\n<html lang="th"><head>{csp}<meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<meta name="robots" content="noindex, nofollow"><meta name="referrer" content="no-referrer">'
    "<title>{title}</title>"
    '<link rel="stylesheet" href="{root}assets/pa.css">{extra}'
    '</head><body class="pa-document pa-personal">{body}</body></html>\n'
)


# --- the build -------------------------------------------------------------------------


def build_personal(project: Project, out: Path, *, as_of: dt.date, quiet: bool) -> Path:
    """Every person's folder under ``out`` (swapped into place whole)."""

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
    context = {"person": site.person(person), **person_views(site)}
    page = Page("index.md", "personal/page.html", site.name_of(person), context)
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
