"""A full build, then one person's record edited, then the same build again (incremental).

Usage: build_twice.py RECORDS SITE RESULT_JSON. Both builds go through ``build_site`` in
one process, as ``patracker serve`` does; the validation cache is cleared first so the
first build starts from nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import sys
import time
from pathlib import Path

from patracker.build import build_site
from patracker.project import Project

AS_OF = dt.date(2026, 11, 20)


def edit_one_person(records: Path) -> None:
    """Change one teacher's phone number: a real edit that leaves the records valid."""
    person = sorted(records.glob("people/*/person.yaml"))[len(list(records.glob("people/*"))) // 2]
    text = person.read_text(encoding="utf-8")
    person.write_text(re.sub(r"phone: \"?0\d+\"?", 'phone: "0899999999"', text, count=1), "utf-8")


def main() -> None:
    records, site, result = (Path(a) for a in sys.argv[1:4])
    shutil.rmtree(records.parent / ".patracker-cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    start = time.perf_counter()
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True)
    full = time.perf_counter() - start
    edit_one_person(records)
    start = time.perf_counter()
    build_site(Project.at(records), site, as_of=AS_OF, quiet=True)
    incremental = time.perf_counter() - start
    result.write_text(json.dumps({"full": full, "incremental": incremental}))


if __name__ == "__main__":
    main()
