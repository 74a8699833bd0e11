"""What every view model is: made from the ``Site`` once per build, and declaring what a
bulk page may read of it without recording (render/reads.Recorded)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, ClassVar, Self

if TYPE_CHECKING:
    from ..context import Site


class View:
    # look-ups that read only shared inputs (labels, the round, committees)
    PLAIN: ClassVar[frozenset[str]] = frozenset()
    # maps by person: name → how a key's look-up reads (None: that person's records)
    PERSON_MAPS: ClassVar[Mapping[str, Callable[..., list[str]] | None]] = {}

    def __init__(self, site: Site):
        self.site = site

    @classmethod
    def of(cls, site: Site) -> Self:
        """The site's one view of this kind (``Site.view``)."""
        return site.view(cls)
