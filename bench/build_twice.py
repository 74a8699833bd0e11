"""The build figures of issue 8: a full build, then rebuilds as ``patracker serve`` runs them.

Usage: build_twice.py RECORDS WORK RESULT_JSON. In order:

1. *cold*: a full build with no caches at all (records parsed and checked from nothing),
   in a process of its own;
2. *full*: a full build into a new folder — every page rendered, nothing reused — in a new
   process (nothing remembered in memory) with the caches beside records/ warm, as on a
   developer's machine or a CI job that restores them;
3. *incremental*: one person's record edited, then the site of step 2 rebuilt, three
   times over with a new edit each time, the median run being the figure (what the
   process remembers of step 2 — record cache, round results, the scan of the tree — is
   used, and the build is told which file changed, as `serve`'s file watcher tells it);
   a build's seconds run until its site is in place; the garbage it leaves is collected
   after it, and the replaced site deleted, outside the timing, as `serve` does while
   it waits for the next edit;
4. *identical*: a clean full build of the edited records, compared file by file with 3;
5. *after deleting*: the site of step 1 deleted, then at once a full build as in step 2,
   in a process of its own. On ext4 without a journal (this project's machines) the
   kernel skips inodes freed in the last seconds when it makes a file, so making the
   site's files just after deleting as many costs more; steps 2–4 keep step 1's site
   until this step, so that they measure the build, not the deletion before it.

Each build's seconds per stage go into the result too, to show where the time goes.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from patracker.build.reuse import RoundResults
from patracker.build.site import build_site, finish_clearing
from patracker.project import Project

AS_OF = dt.date(2026, 11, 20)


EDITS = 3  # incremental rebuilds timed; the median is the figure (a shared machine is noisy)


def edit_one_person(records: Path, turn: int = 0) -> str:
    """Change one teacher's phone number (a different one each turn): a real edit that
    leaves the records valid; return the file's path inside records/."""
    person = sorted(records.glob("people/*/person.yaml"))[len(list(records.glob("people/*"))) // 2]
    text = person.read_text(encoding="utf-8")
    phone = f'phone: "08999999{turn:02d}"'
    person.write_text(re.sub(r"phone: \"?0\d+\"?", phone, text, count=1), "utf-8")
    return person.relative_to(records).as_posix()


def build(records: Path, out: Path, changed: set[str] | None = None) -> dict:
    stages: dict[str, float] = {}
    start = time.perf_counter()
    build_site(Project.at(records), out, as_of=AS_OF, quiet=True, timings=stages, changed=changed)
    seconds = time.perf_counter() - start
    gc.collect()  # as `serve` does after each build, while it waits for the next edit
    finish_clearing()  # the replaced site, deleted in the background meanwhile
    return {"seconds": seconds, "stages": stages}


def digests(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }


def alone(records: Path, work: Path, result: Path, name: str) -> dict:
    """A full build into ``work/name`` in a new process; its seconds and stages."""
    answer = result.with_suffix(f".{name}.json")
    subprocess.run([sys.executable, __file__, records, work, answer, name], check=True)
    return json.loads(answer.read_text())


def main() -> None:
    records, work, result = (Path(a) for a in sys.argv[1:4])
    if sys.argv[4:]:  # steps 1 and 5, each run by the main process as a process of its own
        result.write_text(json.dumps(build(records, work / sys.argv[4])))
        return
    shutil.rmtree(records.parent / ".patracker-cache", ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    found = {"cold": alone(records, work, result, "cold")}
    found["full"] = build(records, work / "site")
    runs = []
    for turn in range(EDITS):
        edited = edit_one_person(records, turn)
        runs.append(build(records, work / "site", changed={edited}))
    found["incremental"] = sorted(runs, key=lambda run: run["seconds"])[EDITS // 2]
    found["incremental_runs"] = [run["seconds"] for run in runs]
    RoundResults.forget()
    build(records, work / "clean")
    incremental, clean = digests(work / "site"), digests(work / "clean")
    found["identical"] = incremental == clean
    found["differing"] = sorted(
        p for p in clean.keys() | incremental.keys() if clean.get(p) != incremental.get(p)
    )[:20]
    shutil.rmtree(work / "cold")
    found["after_deleting"] = alone(records, work, result, "after-deleting")
    result.write_text(json.dumps(found, indent=1))


if __name__ == "__main__":
    main()
