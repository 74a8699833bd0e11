"""View models: what one family of pages shows, asked of the engine once per build.

A page builder (render/pages.py, printable, public, build/personal.py) puts the views its
template reads into the page's context; ``Site`` keeps only the look-ups every page
shares. Each view is made through ``Site.view`` (``Tasks.of(site)``), so pages of one
build share one answer:

- ``progress.Progress``: PA 3 results by round, KPIs, the latest survey
- ``tasks.Tasks``: the PA round's tasks and deadlines, who owes what, contacts
- ``induction.Induction``: assistant teachers' ว26 tracks and their tasks
- ``applications.Applications``: applications for an academic standing
- ``members.Members``: committee members, what they assess, their roles
- ``timeline.Timeline``: a person's fiscal years, events and printable forms
- ``trail.Trail``: the Git history of the records (who changed what)
- ``quality.Quality``: what an HR officer should look at, broken evidence links
"""

from __future__ import annotations

from .applications import Applications
from .base import View
from .induction import Induction
from .members import Members
from .progress import Progress
from .quality import Quality
from .tasks import Tasks
from .timeline import Event, Timeline
from .trail import Trail

__all__ = [
    "Applications",
    "Event",
    "Induction",
    "Members",
    "Progress",
    "Quality",
    "Tasks",
    "Timeline",
    "Trail",
    "View",
]
