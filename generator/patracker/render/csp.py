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

import html

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
