"""Reminders (``patracker remind``): one digest a day per person, by e-mail or LINE.

``digest`` decides what each person is told, ``channels`` how it travels, ``send`` the
retries and the once-a-day rule, ``state`` the log of what went out.
"""

from .channels import Email, Line, Permanent, SettingMissing, Transient
from .digest import Digest, Section, digests
from .send import Outcome, deliver
from .state import SentLog

__all__ = [
    "Digest",
    "Email",
    "Line",
    "Outcome",
    "Permanent",
    "Section",
    "SentLog",
    "SettingMissing",
    "Transient",
    "deliver",
    "digests",
]
