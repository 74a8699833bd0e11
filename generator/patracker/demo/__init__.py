"""The fictional demo office: its records (``records``), the Thai words they are made of
(``words``), and a believable Git history of pull requests that made them (``history``
plans it, ``gitimport`` writes it)."""

from .gitimport import write_history, write_office
from .records import DemoSpec, generate, write_demo

__all__ = ["DemoSpec", "generate", "write_demo", "write_history", "write_office"]
