"""PA Tracker benchmarks (issue 8): every figure beside its target, measured in one run.

Each measured command runs in its own process through ``bench/measure.py``, which reports
the wall time and the peak memory (ru_maxrss of the command and what it waited for), so
one command's memory never hides another's. Data comes from ``patracker demo`` (and
``demo --history``), written under ``--work`` (a temporary folder by default).

    python bench/run.py            # the full sizes of issue 8
    python bench/run.py --quick    # small sizes, for a smoke test

Results go to the terminal and to ``bench/out/latest.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
AS_OF = "2026-11-20"
FULL = {
    "validate_people": 1400,
    "build_people": 5000,
    "commits": 10_000,
    "plain_timeout": 1800,
    "public_schools": 1000,
    "rollup_schools": 30_000,
}
QUICK = {
    "validate_people": 150,
    "build_people": 150,
    "commits": 1000,
    "plain_timeout": 600,
    "public_schools": 30,
    "rollup_schools": 3000,
}
PEOPLE_PER_SCHOOL = 5  # the fewest with which every demo school still has its committees
PARTS = ("validate", "build", "pr_check", "history", "public")
MB = 1024 * 1024


@dataclass
class Figure:
    name: str
    value: float | None
    unit: str
    target: float | None  # None: shown for information
    higher_is_better: bool = False
    note: str = ""

    @property
    def result(self) -> str:
        if self.target is None:
            return "-"
        if self.value is None:
            return "FAIL"
        ok = self.value >= self.target if self.higher_is_better else self.value <= self.target
        return "PASS" if ok else "FAIL"

    def row(self) -> str:
        shown = "-" if self.value is None else f"{self.value:,.2f} {self.unit}"
        sign = "≥" if self.higher_is_better else "≤"
        target = "-" if self.target is None else f"{sign} {self.target:,g} {self.unit}"
        return f"| {self.name} | {shown}{self.note} | {target} | {self.result} |"


def measure(*command, timeout: float | None = None) -> dict:
    """Run ``command`` in a fresh process: {"seconds", "peak_mb", "code", "timed_out"}."""
    wrapper = [sys.executable, str(HERE / "measure.py"), str(timeout or 0), *map(str, command)]
    done = subprocess.run(wrapper, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if not lines:
        raise RuntimeError(f"measure failed: {done.stderr}")
    found = json.loads(lines[-1])
    if found["code"] != 0 and not found["timed_out"]:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{found['stderr']}")
    return found


def patracker(*args) -> list[str]:
    return [str(BIN / "patracker"), *map(str, args)]


def demo(people: int, out: Path, schools: int | None = None) -> int:
    schools = schools or max(2, people // 80)
    subprocess.run(
        patracker(
            "demo", "--people", people, "--schools", schools, "--out", out, "--force", "--quiet"
        ),
        check=True,
        capture_output=True,
    )
    return sum(1 for _ in out.rglob("*.yaml"))


class Bench:
    def __init__(self, sizes: dict, work: Path):
        self.sizes, self.work = sizes, work
        self.figures: list[Figure] = []
        self.memory: list[tuple[str, float, bool]] = []  # (name, MB, a PA Tracker command?)
        self.stages: dict[str, dict[str, float]] = {}  # build → seconds per stage
        self.notes: list[str] = []  # lines shown under the table

    def add(self, figure: Figure, run: dict | None = None) -> None:
        self.figures.append(figure)
        print(figure.row(), flush=True)
        if run is not None:
            # the plain mkdocs-material build is the baseline, not one of our commands
            self.memory.append((figure.name, run["peak_mb"], figure.target is not None))

    def validate(self) -> None:
        records = self.work / "validate" / "records"
        count = demo(self.sizes["validate_people"], records)
        shutil.rmtree(records.parent / ".patracker-cache", ignore_errors=True)
        cold = measure(*patracker("validate", records))
        warm = measure(*patracker("validate", records))
        self.add(Figure(f"validate {count:,} records, cold", cold["seconds"], "s", 10), cold)
        self.add(Figure(f"validate {count:,} records, warm", warm["seconds"], "s", 1), warm)

    def build(self) -> None:
        people = self.sizes["build_people"]
        records = self.work / "build" / "records"
        count = demo(people, records)
        print(f"(build office: {people:,} people, {count:,} records)", flush=True)
        out = self.work / "build" / "result.json"
        run = measure(sys.executable, HERE / "build_twice.py", records, self.work / "sites", out)
        times = json.loads(out.read_text())
        self.add(Figure(f"full build, {people:,}-person office", times["full"]["seconds"], "s", 15))
        self.add(Figure("full build with no caches at all", times["cold"]["seconds"], "s", None))
        after = times["after_deleting"]["seconds"]
        self.add(Figure("full build just after deleting a site (ext4 inodes)", after, "s", None))
        self.memory.append((f"the builds of the {people:,}-person office", run["peak_mb"], True))
        runs = ", ".join(f"{seconds:.2f}" for seconds in times["incremental_runs"])
        self.add(
            Figure(
                "incremental rebuild after editing one person (median of 3)",
                times["incremental"]["seconds"],
                "s",
                3,
                note=f" (runs: {runs} s)",
            )
        )
        same = " (identical)" if times["identical"] else f" (differs: {times['differing']})"
        self.add(
            Figure(
                "files differing, incremental vs clean full build",
                len(times["differing"]),
                "files",
                0,
                note=same,
            )
        )
        self.stages = {name: times[name]["stages"] for name in ("cold", "full", "incremental")}
        plain = measure(
            sys.executable,
            HERE / "plain_mkdocs.py",
            records,
            self.work / "plain",
            timeout=self.sizes["plain_timeout"],
        )
        note = " (stopped at the time limit)" if plain["timed_out"] else ""
        self.add(
            Figure(
                "plain mkdocs-material, every page in nav", plain["seconds"], "s", None, note=note
            ),
            plain,
        )
        ratio = plain["seconds"] / times["full"]["seconds"]
        self.add(
            Figure(
                "speed-up over plain mkdocs-material",
                ratio,
                "×",
                3,
                True,
                " (at least)" if note else "",
            )
        )
        self.sizes_out(self.work / "sites" / "site")

    def sizes_out(self, site: Path) -> None:
        pages = list((site / "people").glob("*.html"))
        largest = max((p.stat().st_size for p in pages), default=0) / 1024
        self.add(Figure("largest person page", largest, "KB", 60))
        index = list((site / "search").glob("*.json"))
        biggest = max((p.stat().st_size for p in index), default=0) / MB
        note = f" ({len(index)} files)" if len(index) > 1 else ""
        self.add(Figure("search index (largest file)", biggest, "MB", 5, note=note))

    def history(self) -> None:
        repo = self.work / "history"
        people, commits = history_people(self.sizes["commits"])
        made = measure(sys.executable, HERE / "make_history.py", people, repo)
        print(
            f"(history repository: {commits:,} commits, written in {made['seconds']:.1f} s)",
            flush=True,
        )
        run = measure(sys.executable, "-c", _LOAD_HISTORY, repo)
        self.add(Figure(f"history of {commits:,} commits", run["seconds"], "s", 5), run)

    def pr_check(self) -> None:
        """A data-only pull request's verdict, as records.yml gives it (bench/pr_check.py):
        on the demo office of this repository and on the build office, step by step side
        by side, each time with the machine's load average when it started (the 2 cores
        are shared: a figure means little without it)."""
        people = self.sizes["build_people"]
        big = self.work / "build" / "records"
        if not big.is_dir():  # --only pr_check
            demo(people, big)
        offices = [("demo office", HERE.parent / "records"), (f"{people:,}-person office", big)]
        found: dict[str, dict] = {}
        for label, records in offices:
            work = self.work / "pr-check" / label.split()[0]
            work.mkdir(parents=True, exist_ok=True)
            out = work / "result.json"
            run = measure(sys.executable, HERE / "pr_check.py", records, work, out)
            found[label] = result = json.loads(out.read_text(encoding="utf-8"))
            note = "" if result["ok"] else " (a step failed)"
            note += f" (load {min(result['load'].values()):.1f}–{max(result['load'].values()):.1f})"
            figure = f"data-only PR verdict, {label}"
            seconds = result["seconds"] if result["ok"] else None
            self.add(Figure(figure, seconds, "s", 60, note=note), run)
        self.notes.append(side_by_side(found))
        print(self.notes[-1], flush=True)

    def public(self) -> None:
        """The public build of an office with many schools, and the public results table of
        a roll-up of such offices: what complementary suppression makes grow with schools."""
        schools = self.sizes["public_schools"]
        people = schools * PEOPLE_PER_SCHOOL
        records = self.work / "public" / "records"
        count = demo(people, records, schools)
        print(f"(public office: {schools:,} schools, {people:,} people, {count:,} records)")
        measure(*patracker("validate", records))  # records cache warm, as for the full build
        site = self.work / "public" / "site-public"
        build = patracker(
            "build", "--records", records, "--out", site, "--audience", "public", "--as-of", AS_OF
        )
        run = measure(*build, "--quiet")
        name = f"public build, {schools:,}-school office"
        self.add(Figure(name, run["seconds"], "s", None, note=f" ({people:,} people)"))
        self.memory.append((name, run["peak_mb"], True))
        copies = math.ceil(self.sizes["rollup_schools"] / schools)
        out = self.work / "public" / "rollup.json"
        run = measure(sys.executable, HERE / "public_rollup.py", records, copies, out)
        found = json.loads(out.read_text())
        note = (
            f" ({found['cells']:,} cells: {found['small']:,} under 5, {found['hidden']:,}"
            f" more hidden, {found['totals_hidden']:,} of them totals;"
            f" whole run {run['seconds']:.1f} s)"
        )
        name = f"public results table of a {found['schools']:,}-school roll-up, suppression"
        self.add(Figure(name, found["seconds"], "s", None, note=note))
        self.memory.append((name, run["peak_mb"], True))

    def report(self) -> str:
        lines = [
            "| figure | measured | target | result |",
            "|---|---|---|---|",
            *(f.row() for f in self.figures),
            *(
                Figure(f"peak memory: {name}", mb, "MB", 1536 if ours else None).row()
                for name, mb, ours in self.memory
            ),
        ]
        for name, stages in self.stages.items():
            shown = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in stages.items())
            lines.append(f"\n*{name} build by stage:* {shown}")
        lines += [f"\n{note}" for note in self.notes]
        return "\n".join(lines)


def side_by_side(found: dict[str, dict]) -> str:
    """The judge job's steps as rows, one column per office: seconds (load average)."""
    labels = list(found)
    lines = [
        "*data-only PR verdict by step (seconds, 1-minute load average at its start):*\n",
        f"| step | {' | '.join(labels)} |",
        f"|---|{'---|' * len(labels)}",
    ]
    for name in next(iter(found.values()))["steps"]:
        cells = [
            f"{found[label]['steps'][name]:.2f} s (load {found[label]['load'][name]:.1f})"
            for label in labels
        ]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    totals = [f"**{found[label]['seconds']:.2f} s**" for label in labels]
    lines.append(f"| total | {' | '.join(totals)} |")
    return "\n".join(lines)


_LOAD_HISTORY = (
    "import sys; from pathlib import Path; from patracker.history import load_history; "
    "h = load_history(sys.argv[1], Path(sys.argv[1]) / 'records', use_cache=False); "
    "assert h.total_commits > 0"
)


def history_people(commits: int) -> tuple[int, int]:
    """How many people a demo office needs for at least ``commits`` commits of history."""
    from patracker.demo import DemoSpec
    from patracker.demo.history import plan_history

    people = max(20, math.ceil(commits / 35))
    while True:
        found = plan_history(DemoSpec(people=people, schools=max(2, people // 12))).commit_count
        if found >= commits:
            return people, found
        people = math.ceil(people * max(1.05, commits / found))


def machine() -> str:
    return (
        f"{platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPU, {dt.datetime.now().isoformat(timespec='seconds')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    parser.add_argument("--work", type=Path, help="where to write data (default: a temp folder)")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "latest.md")
    parser.add_argument(
        "--only", action="append", choices=PARTS, help="run only this part (repeatable)"
    )
    for key in FULL:
        parser.add_argument(f"--{key.replace('_', '-')}", type=int, dest=key)
    args = parser.parse_args(argv)
    sizes = {**(QUICK if args.quick else FULL)}
    sizes.update({k: getattr(args, k) for k in FULL if getattr(args, k) is not None})
    work = args.work or Path(tempfile.mkdtemp(prefix="patracker-bench-"))
    print(f"PA Tracker bench — {machine()}\n", flush=True)
    print("| figure | measured | target | result |\n|---|---|---|---|", flush=True)
    bench = Bench(sizes, work)
    try:
        for part in args.only or PARTS:
            getattr(bench, part)()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = bench.report()
    print("\n" + table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    mode = "quick" if args.quick else "full"
    args.out.write_text(
        f"# PA Tracker bench ({mode})\n\n{machine()}\n\n{table}\n", encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
