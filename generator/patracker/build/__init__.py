"""Build: validate → view → render → mkdocs-material → swap the site into place.

``site`` runs one build; ``shells`` renders the thousands of per-person, per-school and
list pages in forked workers; ``reuse`` decides which pages an incremental build may take
from the previous site; ``watch`` turns what ``serve``'s watcher saw into a rebuild.
"""

from .site import BuildError, build_site, serve

__all__ = ["BuildError", "build_site", "serve"]
