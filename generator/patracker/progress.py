"""Progress on long commands: a rich bar on a terminal, plain lines in CI logs or with --quiet.

A bar redraws itself with control characters, which turn a CI log into noise; so when
``CI`` is set, output is not a terminal, or the user asked for quiet, each step prints
one plain line (or nothing when quiet) instead. Use::

    with progress("เขียนไฟล์", total=len(files)) as step:
        for f in files:
            ...
            step()          # or step(10) to advance by ten
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

PLAIN_EVERY = 10  # plain mode prints at every 10 % so a CI log stays short


def fancy_allowed(quiet: bool = False, stream=None) -> bool:
    """Bars only for a person at a terminal: not in CI, not when quiet, not when piped."""
    stream = stream or sys.stderr
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    return not quiet and not ci and hasattr(stream, "isatty") and stream.isatty()


class Step(Protocol):
    """Advances a progress display by ``n`` (one by default)."""

    def __call__(self, n: int = 1) -> None: ...


def no_step(n: int = 1) -> None:
    """The step of a quiet progress: shows nothing."""


@contextmanager
def progress(label: str, total: int, *, quiet: bool = False, stream=None) -> Iterator[Step]:
    """Yield ``step(n=1)``; show progress of ``label`` towards ``total`` as the mode allows."""
    stream = stream or sys.stderr
    if fancy_allowed(quiet, stream):
        with _bar(label, total, stream) as step:
            yield step
        return
    if quiet:
        yield no_step
        return
    yield _plain(label, total, stream)
    print(f"{label}: เสร็จ {total:,}/{total:,}", file=stream, flush=True)


@contextmanager
def _bar(label: str, total: int, stream) -> Iterator[Step]:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = (f"[bold]{label}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(file=stream), transient=False) as bar:
        task = bar.add_task(label, total=total)

        def step(n: int = 1) -> None:
            bar.advance(task, n)

        yield step


def _plain(label: str, total: int, stream) -> Step:
    """A step function printing ``label: 30% (300/1,000)`` at each tenth of the way."""
    state = {"done": 0, "shown": 0}

    def step(n: int = 1) -> None:
        state["done"] += n
        percent = 100 * state["done"] // total if total else 100
        if percent >= state["shown"] + PLAIN_EVERY and state["done"] < total:
            state["shown"] = percent - percent % PLAIN_EVERY
            print(f"{label}: {state['shown']}% ({state['done']:,}/{total:,})", file=stream)

    return step


class Stages:
    """Named steps of a long command: each ``done(name)`` advances the progress display and
    records how long the step took, so a benchmark can say where the time went."""

    def __init__(self, step: Step):
        self.step, self.seconds = step, dict[str, float]()
        self._since = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self._since
        self._since = now
        self.step()
