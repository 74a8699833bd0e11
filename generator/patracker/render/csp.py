"""The Content-Security-Policy every built page carries, as a ``<meta>`` first in ``<head>``.

Record text is escaped wherever it is rendered; the policy is the second wall, should a
hole ever open: a page runs only the site's own script files (no inline script, no
``on*=`` handler, no ``javascript:`` link), takes styles, fonts and images only from the
site, and sends nothing to another host. mkdocs-material's two inline scripts are files
under ``assets/`` instead (``site_templates/overrides/partials/javascripts``).

The web forms validate with ajv, which compiles each JSON Schema into a function
(``new Function``): only pages that load it (front matter ``csp: forms``) also allow
``'unsafe-eval'``. What ajv compiles is the forms' schemas, from ``schemas/forms``, never
record text; the record values are only checked.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

_COMMON = (
    "default-src 'self'; {script}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'"
)
POLICIES = {
    "site": _COMMON.format(script="script-src 'self'"),
    "forms": _COMMON.format(script="script-src 'self' 'unsafe-eval'"),
}
assert not any('"' in policy for policy in POLICIES.values())  # the meta quotes with "


def meta(kind: str = "site") -> str:
    """The ``<meta>`` element carrying the policy of a kind of page."""
    return f'<meta http-equiv="Content-Security-Policy" content="{html.escape(POLICIES[kind], quote=False)}">'


_SCRIPT_SRC = re.compile(
    rb"(<meta http-equiv=\"Content-Security-Policy\" content=\"[^\"]*script-src 'self')"
)


def allow_appended_script(page: bytes, served: bytes) -> bytes:
    """``served`` is ``page`` with one ``<script>`` inserted (``patracker serve``'s reload
    script); the same, its policy allowing that script by its sha256."""
    end = page.rfind(b"</body>")
    end = len(page) if end < 0 else end
    block = served[end : end + len(served) - len(page)]
    if not (block.startswith(b"<script>") and block.endswith(b"</script>")):
        return served  # not what was expected: leave the script blocked, never widen more
    digest = hashlib.sha256(block[len(b"<script>") : -len(b"</script>")]).digest()
    source = f" 'sha256-{base64.b64encode(digest).decode()}'".encode()
    return _SCRIPT_SRC.sub(lambda m: m[1] + source, served, count=1)
