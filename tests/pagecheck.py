"""Reading built pages the way a browser would (stdlib ``html.parser``): what elements and
attributes a page really has, not what its source text happens to contain."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from patracker.render.csp import POLICIES

CSP = "content-security-policy"
_VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "area", "base", "col"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    in_head: bool
    text: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.head_children: list[Element] = []  # direct children of <head>, in order
        self.in_head = False
        self.depth = 0  # elements open inside <head>
        self.open_script: Element | None = None

    def handle_starttag(self, tag, attrs):
        element = Element(tag, dict(attrs), self.in_head)
        self.elements.append(element)
        if tag == "head":
            self.in_head = True
            return
        if self.in_head and self.depth == 0:
            self.head_children.append(element)
        if self.in_head and tag not in _VOID:
            self.depth += 1
        if tag == "script":
            self.open_script = element

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif self.in_head and tag not in _VOID:
            self.depth -= 1
        if tag == "script":
            self.open_script = None

    def handle_data(self, data):
        if self.open_script is not None:
            self.open_script.text.append(data)


def parse(page: Path | str) -> _Parser:
    """A built page (a path) or a piece of HTML (a string), parsed."""
    parser = _Parser()
    parser.feed(page.read_text(encoding="utf-8") if isinstance(page, Path) else page)
    parser.close()
    return parser


def live_markup(page: Path | str) -> list[str]:
    """What in a page would run or load something a record's text put there: an ``on*``
    attribute, an inline script, an ``<svg>``/``<img>``/``<iframe>`` with a handler or a
    ``javascript:`` link. The theme's JSON data block (``type=application/json``) is data."""
    found = []
    for e in parse(page).elements:
        for name, value in e.attrs.items():
            if name.startswith("on"):
                found.append(f"<{e.tag} {name}=…>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"<{e.tag} {name}=javascript:…>")
        inline = e.tag == "script" and "src" not in e.attrs
        if inline and e.attrs.get("type") != "application/json":
            found.append(f"inline <script>: {''.join(e.text)[:60]!r}")
    return found


def csp_first_in_head(path: Path) -> str | None:
    """The policy of the CSP ``<meta>`` when it is the first element in ``<head>``, else None."""
    children = parse(path).head_children
    if not children:
        return None
    first = children[0]
    if first.tag != "meta" or (first.attrs.get("http-equiv") or "").lower() != CSP:
        return None
    return first.attrs.get("content")


def allowed_policies() -> set[str]:
    return set(POLICIES.values())
