"""The live-reload server of ``patracker serve``, under the pages' Content-Security-Policy.

MkDocs' server appends an inline ``<script>`` to every page it serves (it polls for a newer
build and reloads); the policy allows no inline script, so the preview would never reload.
This server adds that one script's sha256 to the served page's policy: the page allows
exactly the script the server itself put there, and nothing else inline.
"""

from __future__ import annotations

from mkdocs.livereload import LiveReloadServer

from .render import csp


class PreviewServer(LiveReloadServer):
    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        served = super()._inject_js_into_html(content, epoch)
        return csp.allow_appended_script(content, served)
