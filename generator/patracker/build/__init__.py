"""Build: validate → model → history → view → render → mkdocs-material → swap into place.

``site`` runs one build (``read_history`` is its history stage, read once and handed
to the ``Site``); ``shells`` renders the thousands of per-person, per-school and
list pages in forked workers; ``reuse`` decides which pages an incremental build may take
from the previous site; ``watch`` turns what ``serve``'s watcher saw into a rebuild.
"""

from .site import BuildError, build_site, read_history, serve

__all__ = ["BuildError", "build_site", "read_history", "serve"]
