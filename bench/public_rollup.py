"""The public results table of a roll-up of many offices, protected as a public build does.

    python bench/public_rollup.py RECORDS COPIES OUT.json

Reads the results-by-school table of the office in RECORDS exactly as its public build
makes it (counts by school and result, before suppression), and puts COPIES of it one
under another, each copy's schools in another order: the table of a roll-up of COPIES
such offices. Then times ``suppress.Table`` on it (small-count and complementary
suppression) and writes what it hid to OUT.json. No demo office of 30,000 schools fits on a
bench machine (it would hold 150,000 people); the suppression is the part that grows with
the schools.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

from patracker.model import build_model
from patracker.prebuild import validated
from patracker.project import Project
from patracker.render.context import Site
from patracker.render.public import Figures
from patracker.suppress import HIDDEN, SMALL, Table

AS_OF = dt.date(2026, 11, 20)


def office_rows(records: Path) -> list[list[int]]:
    project = Project.at(records)
    result = validated(project, None)
    site = Site(
        project=project,
        model=build_model(result.corpus, project.forms),
        as_of=AS_OF,
        audience="public",
    )
    return [list(row) for row in Figures(site).results.table.cells]


def main(records: Path, copies: int, out: Path) -> None:
    rows = office_rows(records)
    rng = random.Random(copies)
    table: list[list[int]] = []
    for _ in range(copies):
        table += [list(row) for row in rng.sample(rows, len(rows))]
    started = time.perf_counter()
    protected = Table(table)
    seconds = time.perf_counter() - started
    last_i, last_j = len(table), len(table[0])
    states = protected.state
    totals_hidden = sum(
        1 for (i, j), s in states.items() if s == HIDDEN and (i == last_i or j == last_j)
    )
    found = {
        "schools": len(table),
        "cells": len(states),
        "seconds": seconds,
        "small": sum(s == SMALL for s in states.values()),
        "hidden": sum(s == HIDDEN for s in states.values()),
        "totals_hidden": totals_hidden,
        "grand_total": protected.text(-1, -1),
    }
    out.write_text(json.dumps(found), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
