"""progress.py: bars only for a person at a terminal; plain, short lines in CI; nothing when quiet."""

from __future__ import annotations

import io

from patracker.progress import fancy_allowed, progress


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_plain_lines_every_tenth_and_a_last_line(monkeypatch):
    monkeypatch.setenv("CI", "true")
    out = Tty()
    with progress("งาน", 100, stream=out) as step:
        for _ in range(100):
            step()
    lines = out.getvalue().splitlines()
    assert lines[0] == "งาน: 10% (10/100)" and lines[-1] == "งาน: เสร็จ 100/100"
    assert len(lines) == 10 and "\x1b" not in out.getvalue()


def test_quiet_prints_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    with progress("งาน", 5, quiet=True, stream=out) as step:
        step(5)
    assert out.getvalue() == ""


def test_bar_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert fancy_allowed(stream=Tty())
    assert not fancy_allowed(stream=io.StringIO())
    assert not fancy_allowed(quiet=True, stream=Tty())
    monkeypatch.setenv("CI", "true")
    assert not fancy_allowed(stream=Tty())


def test_bar_draws_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = Tty()
    with progress("งาน", 3, stream=out) as step:
        step(3)
    assert "3/3" in out.getvalue()
