"""Output folders a command may replace, and replacing one without ever losing a site.

A build replaces ``--out`` whole, so it must only ever replace a folder it made: every
site carries ``MARKER``; any other non-empty folder, a file, the repository, ``records/``,
``schemas/`` or a folder holding them is refused before anything is built. One build at a
time writes into a folder (a lock file beside it). The new site is made in a work folder
beside ``out`` (``.build-<name>.<random>``, carrying ``WORK_MARK``) and put in place by
two renames (``out`` → ``out.old``, work → ``out``). A build killed part-way leaves at most
a work folder, cleaned by the next build, or ``out.old`` without ``out``, which the next
build puts back first, so there is always a usable site.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

from .messages import render
from .project import SOURCE_ROOT

MARKER = ".patracker-site"
WORK_MARK = ".patracker-build"
DEMO_MARK = ".patracker-demo"
MARKER_TEXT = (
    "สร้างโดย PA Tracker: คำสั่ง patracker build แทนที่โฟลเดอร์นี้ได้ทั้งโฟลเดอร์\n"
    "Made by PA Tracker: `patracker build` may replace this whole folder.\n"
)
DEMO_TEXT = (
    "ข้อมูลสาธิต (สมมติ) สร้างโดย patracker demo ซึ่งเขียนทับโฟลเดอร์นี้ได้ด้วย --force\n"
    "Fictional demo records written by `patracker demo`; `--force` may replace this folder.\n"
)
# what a site built before the marker existed always holds (accepted once, then marked)
_LEGACY_SITE = ("index.html", "assets/pa.css", "search/search_index.json")
# what a work folder of a build before the marker existed holds (.build-xxxxxxxx)
_LEGACY_WORK = {"docs", "site", "mkdocs", "mkdocs.yml"}


class OutputError(Exception):
    """The output folder cannot be used; the message says why in Thai and English."""

    def __init__(self, code: str, exit_code: int = 2, **fields: object):
        th, en = render(code, **fields)
        super().__init__(f"{code}: {th}\n{en}")
        self.code, self.exit_code = code, exit_code


def repository_of(path: Path) -> Path | None:
    """The Git work tree ``path`` is in (the folder holding ``.git``), if any."""
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder
    return None


def protected(records: Path | None = None, schemas: Path | None = None) -> list[Path]:
    """Folders no command may replace or write into: the data and PA Tracker's own."""
    data = [Path(p).resolve() for p in (records, schemas) if p is not None]
    roots = [repository_of(start) for start in (Path.cwd(), *data)]
    own = [SOURCE_ROOT, SOURCE_ROOT / "records", SOURCE_ROOT / "schemas"]
    return [*own, *data, *(root for root in roots if root is not None)]


def refuse_protected(out: Path, keep: Iterable[Path], *, allow: Path | None = None) -> None:
    """``out`` (resolved) must not be, hold, or lie in any of ``keep`` (but may be ``allow``)."""
    for path in keep:
        if path == allow:
            continue
        if path.is_relative_to(out):
            raise OutputError("PA901", out=out, kept=path)
        if out.is_relative_to(path) and not _holds_outputs(path):
            raise OutputError("PA901", out=out, kept=path)


def _holds_outputs(folder: Path) -> bool:
    """A repository may hold output folders (site/, admin/); records/ and schemas/ not."""
    return folder == SOURCE_ROOT or (folder / ".git").exists()


def is_site(folder: Path) -> bool:
    """A folder PA Tracker built (marked, or a site from before the marker existed)."""
    if (folder / MARKER).is_file():
        return True
    return all((folder / part).is_file() for part in _LEGACY_SITE)


def check_site_out(out: Path, keep: Iterable[Path]) -> None:
    """Refuse an ``out`` that is not ours to replace (exit 2); nothing is touched."""
    refuse_protected(out, keep)
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise OutputError("PA902", out=out)
        if any(out.iterdir()) and not is_site(out):
            raise OutputError("PA903", out=out, marker=MARKER)
    old = old_of(out)
    if (old.exists() or old.is_symlink()) and not (old.is_dir() and is_site(old)):
        raise OutputError("PA904", out=out, old=old)


def old_of(out: Path) -> Path:
    return out.with_name(out.name + ".old")


@contextlib.contextmanager
def claimed(out: Path, keep: Iterable[Path]) -> Iterator[Path]:
    """Check ``out``, hold its lock, put back a site a killed swap left in ``out.old`` and
    remove killed builds' work folders; yield ``out`` resolved."""
    out = Path(out).resolve()
    check_site_out(out, keep)
    with write_errors():
        out.parent.mkdir(parents=True, exist_ok=True)
        with locked(out):
            recover(out)
            clean_leftovers(out)
            yield out


@contextlib.contextmanager
def write_errors() -> Iterator[None]:
    """An operating-system error while writing becomes a message (exit 1), not a traceback."""
    try:
        yield
    except OSError as exc:
        raise from_os_error(exc) from None


def from_os_error(exc: OSError) -> OutputError:
    where = exc.filename or "-"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError("PA906", exit_code=1, path=where)
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError("PA907", exit_code=1, path=where)
    return OutputError("PA908", exit_code=1, path=where, error=exc.strerror or exc)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``.<name>.lock`` beside ``out``; another build into ``out`` is refused at once.

    The lock (``flock``) goes with the process however it ends. The file is removed while
    held; whoever locked a file that was removed meanwhile tries again with the new one."""
    path = out.with_name(f".{out.name}.lock")
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if not _try_lock(fd):
            os.close(fd)
            raise OutputError("PA905", exit_code=1, out=out, lock=path)
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)  # closing releases the lock


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # untested: PA Tracker runs on Linux
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def recover(out: Path) -> None:
    """A swap killed between its two renames left the site in ``out.old``: put it back."""
    old = old_of(out)
    if not out.exists() and old.is_dir() and is_site(old):
        old.rename(out)


def _work_pattern(out: Path) -> re.Pattern[str]:
    return re.compile(rf"\.build-{re.escape(out.name)}\.[a-z0-9_]{{8}}")


def clean_leftovers(out: Path) -> None:
    """Remove the work folders builds into ``out`` left when they were killed (call with
    the lock held: no other build into ``out`` is running). Only folders carrying
    ``WORK_MARK`` (or empty) are removed, and those of builds from before it existed."""
    mine, legacy = _work_pattern(out), re.compile(r"\.(build|rollup)-[a-z0-9_]{8}")
    for folder in out.parent.iterdir():
        if not folder.is_dir() or folder.is_symlink():
            continue
        if mine.fullmatch(folder.name) and ((folder / WORK_MARK).is_file() or _empty(folder)):
            remove_work(folder)
        elif legacy.fullmatch(folder.name) and _legacy_work(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _empty(folder: Path) -> bool:
    return not any(folder.iterdir())


def _legacy_work(folder: Path) -> bool:
    names = {p.name for p in folder.iterdir()}
    return bool(names) and names <= _LEGACY_WORK


def new_work(out: Path) -> Path:
    """A work folder beside ``out`` (same file system, so the swap is a rename), marked."""
    work = Path(tempfile.mkdtemp(prefix=f".build-{out.name}.", dir=out.parent))
    try:
        (work / WORK_MARK).write_text(MARKER_TEXT, encoding="utf-8")
    except BaseException:
        remove_work(work)
        raise
    return work


@contextlib.contextmanager
def work_folder(out: Path) -> Iterator[Path]:
    work = new_work(out)
    try:
        yield work
    finally:
        remove_work(work)


def remove_work(work: Path) -> None:
    """Delete a work folder, its mark last: one killed part-way is still known as ours."""
    for child in work.iterdir():
        if child.name == WORK_MARK:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                child.unlink()
    with contextlib.suppress(FileNotFoundError):
        (work / WORK_MARK).unlink()
    with contextlib.suppress(OSError):
        work.rmdir()


def swap(built: Path, out: Path) -> None:
    """Put ``built`` (a complete site) where ``out`` is.

    Between the two renames there is no ``out``, only ``out.old``; ``recover`` puts it back
    if the process dies there. The old site is moved into a work folder and deleted in a
    background thread: the new one is in place already, and deleting sixteen thousand
    files is a tenth of an incremental build. The next swap into the same place, and the
    end of the process, wait for it."""
    (built / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    old = old_of(out)
    clearing = _CLEARING.pop(out, None)
    if clearing is not None:
        clearing.join()
    if old.exists():  # a site that was being replaced when a build was killed
        remove_work(_into_work(old, out))
    if out.exists():
        out.rename(old)
    try:
        built.rename(out)
    except OSError:
        if old.exists() and not out.exists():
            old.rename(out)
        raise
    if old.exists():
        trash = _into_work(old, out)
        _CLEARING[out] = threading.Thread(target=remove_work, args=(trash,), name="clear")
        _CLEARING[out].start()


def _into_work(folder: Path, out: Path) -> Path:
    """Move ``folder`` into a new work folder (one rename), to be deleted as one."""
    work = new_work(out)
    folder.rename(work / "old")
    return work


_CLEARING: dict[Path, threading.Thread] = {}  # out → the thread deleting its old site


def finish_clearing() -> None:
    """Wait until every replaced site is deleted (a benchmark between builds, a test)."""
    for clearing in list(_CLEARING.values()):
        clearing.join()


def check_demo_out(out: Path, force: bool) -> None:
    """``patracker demo`` writes a whole records folder (or repository) into ``out``; with
    ``--force`` it may replace one it wrote before, never anything else."""
    out = Path(out).resolve()
    refuse_protected(out, protected(), allow=SOURCE_ROOT / "records")
    if not (out.exists() or out.is_symlink()):
        return
    if not out.is_dir():
        raise OutputError("PA902", out=out)
    if not any(out.iterdir()):
        return
    if not force:
        raise OutputError("PA910", out=out)
    if not ((out / DEMO_MARK).is_file() or (out / ".git" / DEMO_MARK).is_file()):
        raise OutputError("PA911", out=out, marker=DEMO_MARK)


def check_files_out(out: Path, keep: Iterable[Path], ours: dict[str, str]) -> None:
    """A folder a command writes a few named files into (``cms-config``): not a protected
    folder, not a file, and each named file either absent or holding ``ours[name]``."""
    out = Path(out).resolve()
    refuse_protected(out, keep)
    if (out.exists() or out.is_symlink()) and not out.is_dir():
        raise OutputError("PA902", out=out)
    for name, sign in ours.items():
        target = out / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OutputError("PA912", path=target)
        if target.is_file() and sign not in target.read_text(encoding="utf-8", errors="replace"):
            raise OutputError("PA912", path=target)


def check_file_out(out: Path, keep: Iterable[Path]) -> None:
    """A single file a command writes (a report, a workbook): not a folder, and nowhere in
    records/ or schemas/, whose files only their own commands write."""
    out = Path(out).resolve()
    refuse_protected(out, keep)
    if out.is_dir():
        raise OutputError("PA913", out=out)
