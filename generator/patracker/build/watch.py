"""What changed under ``records/`` between two builds of ``serve``, as the file watcher saw it.

A rebuild that knows which files changed looks at those alone instead of walking every
folder of a large office again (``corpus.rescan``). Anything the watcher cannot name
precisely — a folder created, moved or deleted — makes the next build scan everything.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver


class Changes(FileSystemEventHandler):
    """Collects the paths (relative to ``records``) of files changed since the last ``take``."""

    def __init__(self, records: Path):
        self.root = os.fspath(Path(records).resolve())
        self._lock = threading.Lock()
        self._paths: set[str] | None = None  # None: scan everything (also before the first build)
        self._observer: BaseObserver | None = None

    def start(self) -> Changes:
        observer = self._observer = Observer()
        observer.schedule(self, self.root, recursive=True)
        observer.start()
        return self

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
            self._observer.join()

    def take(self) -> set[str] | None:
        """The paths changed since the last call (None: scan the whole tree); starts afresh."""
        with self._lock:
            found, self._paths = self._paths, set()
        return found

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return  # reading a file changes nothing
        paths = [event.src_path, getattr(event, "dest_path", "")]
        with self._lock:
            if self._paths is None:
                return
            if event.is_directory and event.event_type != "modified":
                self._paths = None  # a folder came or went: its files are not named one by one
                return
            for path in filter(None, paths):
                relative = os.path.relpath(os.fsdecode(path), self.root)
                if not relative.startswith(".."):
                    self._paths.add(Path(relative).as_posix())
