"""The province's roll-up: many offices' public summaries combined (``combine``) into one
aggregate-only site (``site``)."""

from .combine import RollupError, Total, combine, load
from .site import run

__all__ = ["RollupError", "Total", "combine", "load", "run"]
