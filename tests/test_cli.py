"""``patracker validate``: exit codes, the three output formats, and PATH arguments."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SCHEMAS, edit, line_of
from patracker.cli import app

PERSON = "people/somsak-thongdee/person.yaml"
EVALUATION = "people/somsak-thongdee/2569/evaluations/r1-kanya-srisuk.yaml"
SCHOOL = "schools/ban-thung-kula.yaml"


def run(*args: str):
    return CliRunner().invoke(app, ["validate", *args])


@pytest.fixture
def broken(records: Path) -> Path:
    """The minimal tree with two problems in two files."""
    edit(records, PERSON, "standing: professional", "standing: ชำนาญการ")
    edit(records, SCHOOL, "size: medium", "size: huge")
    return records


# --- exit codes --------------------------------------------------------------------------


def test_clean_tree_exits_0(records: Path) -> None:
    result = run(str(records))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines() == [
        "ตรวจแล้ว 25 ไฟล์ ไม่พบข้อผิดพลาด — 25 files checked, no errors"
    ]


def test_clean_tree_by_records_option_exits_0(records: Path) -> None:
    assert run("--records", str(records)).exit_code == 0


def test_errors_exit_1(broken: Path) -> None:
    result = run(str(broken))
    assert result.exit_code == 1
    assert "2 errors in 2 files (25 checked)" in result.output


def test_loader_error_exits_1(records: Path) -> None:
    (records / PERSON).write_bytes(b"\xef\xbb\xbf" + (records / PERSON).read_bytes())
    result = run(str(records))
    assert result.exit_code == 1
    assert "error[PA003]" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--no-such-option"],
    ],
    ids=["unknown-format", "unknown-option"],
)
def test_usage_errors_exit_2(records: Path, args: list[str]) -> None:
    assert run(str(records), *args).exit_code == 2


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "nowhere")).exit_code == 2
    assert run("--records", str(tmp_path / "nowhere")).exit_code == 2


def test_path_outside_any_records_folder_exits_2(tmp_path: Path) -> None:
    stray = tmp_path / "elsewhere" / "note.yaml"
    stray.parent.mkdir()
    stray.write_text("a: 1\n", encoding="utf-8")
    result = run(str(stray))
    assert result.exit_code == 2
    assert "not inside a records folder" in result.output


def test_paths_in_two_records_folders_exit_2(tmp_path: Path, records: Path) -> None:
    other = tmp_path / "other" / "records"
    shutil.copytree(records, other)
    assert run(str(records / PERSON), str(other / PERSON)).exit_code == 2


def test_broken_form_beside_the_records_exits_1(tmp_path: Path, records: Path) -> None:
    schemas = tmp_path / "schemas"  # found beside records/, like in a checkout
    shutil.copytree(SCHEMAS, schemas)
    teacher = schemas / "forms" / "teacher.yaml"
    teacher.write_text(
        teacher.read_text(encoding="utf-8").replace("challenges: 1", "challenges: หนึ่ง"),
        encoding="utf-8",
    )
    result = run(str(records))
    assert result.exit_code == 1
    assert "schemas/forms/teacher.yaml" in result.output and "error[PA103]" in result.output


# --- text --------------------------------------------------------------------------------

TEXT_LINE = re.compile(
    r"^(?P<file>.+\.yaml):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>PA\d{3})\] "
    r"(?P<th>.+) — (?P<en>.+)$"
)


def test_text_format_names_file_line_column_code_and_both_languages(broken: Path) -> None:
    result = run(str(broken))
    lines = result.output.splitlines()
    heads = [(n, TEXT_LINE.match(line)) for n, line in enumerate(lines) if TEXT_LINE.match(line)]
    assert [(m["file"], int(m["line"]), int(m["col"]), m["code"]) for _, m in heads] == [
        (f"{broken}/{PERSON}", line_of(broken, PERSON, "standing:"), 1, "PA104"),
        (f"{broken}/{SCHOOL}", line_of(broken, SCHOOL, "size:"), 1, "PA104"),
    ]
    for n, match in heads:
        assert re.search(r"[\u0e00-\u0e7f]", match["th"])
        assert "is not allowed" in match["en"]
        # then the source line and a caret under the column
        number = match["line"]
        source = (broken / match["file"].removeprefix(f"{broken}/")).read_text(encoding="utf-8")
        assert lines[n + 1] == f"  {number} | {source.splitlines()[int(number) - 1]}"
        assert lines[n + 2] == f"  {' ' * len(number)} | {' ' * (int(match['col']) - 1)}^"
    assert lines[-1].endswith("2 errors in 2 files (25 checked)")


def test_text_caret_stands_under_the_offending_column(records: Path) -> None:
    edit(records, EVALUATION, '"1.1":\n    level: 3', '"1.1":\n    level: 7')
    result = run(str(records))
    lines = result.output.splitlines()
    line = line_of(records, EVALUATION, "level: 7")
    assert lines[0].startswith(f"{records}/{EVALUATION}:{line}:5: error[PA106] ")
    assert lines[1] == f"  {line} |     level: 7"
    assert lines[2] == f"  {' ' * len(str(line))} |     ^"


# --- github ------------------------------------------------------------------------------

GITHUB_LINE = re.compile(
    r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),title=(?P<code>PA\d{3})"
    r"::(?P<message>.+)$"
)


def test_github_format_emits_workflow_commands(broken: Path) -> None:
    result = run(str(broken), "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    commands = [GITHUB_LINE.match(line) for line in lines[:-1]]
    assert all(commands), lines
    assert [(m["file"], int(m["line"]), int(m["col"]), m["code"]) for m in commands] == [
        (f"{broken}/{PERSON}", line_of(broken, PERSON, "standing:"), 1, "PA104"),
        (f"{broken}/{SCHOOL}", line_of(broken, SCHOOL, "size:"), 1, "PA104"),
    ]
    assert all(" — " in m["message"] for m in commands)
    assert lines[-1].endswith("2 errors in 2 files (25 checked)")


def test_github_format_escapes_newlines_and_percent(records: Path) -> None:
    edit(records, PERSON, "subject: คณิตศาสตร์", 'subject: คณิตศาสตร์\n"100%\\nไม่ทราบ": x')
    result = run(str(records), "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 2  # one command, one summary: the newline did not split it
    match = GITHUB_LINE.match(lines[0])
    assert match and match["code"] == "PA101"
    assert "'100%25%0Aไม่ทราบ'" in match["message"]


# --- json --------------------------------------------------------------------------------


def test_json_format_parses_and_has_every_field(broken: Path) -> None:
    result = run(str(broken), "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert body["checked"] == 25 and body["errors"] == 2
    assert [
        (p["file"], p["line"], p["column"], p["severity"], p["code"], p["field"])
        for p in body["problems"]
    ] == [
        (
            f"{broken}/{PERSON}",
            line_of(broken, PERSON, "standing:"),
            1,
            "error",
            "PA104",
            "standing",
        ),
        (f"{broken}/{SCHOOL}", line_of(broken, SCHOOL, "size:"), 1, "error", "PA104", "size"),
    ]
    for found in body["problems"]:
        assert re.search(r"[\u0e00-\u0e7f]", found["message_th"])
        assert "is not allowed" in found["message_en"]


def test_json_format_of_a_clean_tree(records: Path) -> None:
    result = run(str(records), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output) == {"checked": 25, "errors": 0, "problems": []}


# --- PATH arguments ----------------------------------------------------------------------


def test_a_file_path_narrows_the_report_to_that_file(broken: Path) -> None:
    result = run(str(broken / PERSON), "--format", "json")
    assert result.exit_code == 1
    body = json.loads(result.output)
    assert [(p["file"], p["code"]) for p in body["problems"]] == [(f"{broken}/{PERSON}", "PA104")]


def test_a_folder_path_narrows_the_report_to_that_folder(broken: Path) -> None:
    result = run(str(broken / "schools"), "--format", "json")
    assert result.exit_code == 1
    assert [p["file"] for p in json.loads(result.output)["problems"]] == [f"{broken}/{SCHOOL}"]


def test_a_clean_path_exits_0_even_when_other_files_are_broken(broken: Path) -> None:
    result = run(str(broken / "people/malee-raksa"))
    assert result.exit_code == 0, result.output


def test_several_paths_report_the_union(broken: Path) -> None:
    result = run(str(broken / PERSON), str(broken / SCHOOL), "--format", "json")
    assert result.exit_code == 1
    assert len(json.loads(result.output)["problems"]) == 2


def test_narrowed_report_still_checks_across_files(records: Path) -> None:
    """A reference to a missing school is reported on the person even when only it is asked."""
    (records / SCHOOL).unlink()  # four people of that school now name a missing school
    result = run(str(records / PERSON), "--format", "json")
    assert result.exit_code == 1
    assert [(p["code"], p["field"]) for p in json.loads(result.output)["problems"]] == [
        ("PA301", "school")
    ]


def test_records_folder_found_from_a_relative_path(
    records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(records.parent)
    edit(records, PERSON, "standing: professional", "standing: x")
    result = run("records/people")
    assert result.exit_code == 1
    assert result.output.startswith(f"records/{PERSON}:")


def test_the_console_command_freezes_what_it_made_before_the_interpreter_exits(monkeypatch):
    """The final collection at exit would walk every object a build made (seconds)."""
    import gc
    import tomllib

    from patracker import cli
    from patracker.project import SOURCE_ROOT

    scripts = tomllib.loads((SOURCE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert scripts["scripts"]["patracker"] == "patracker.cli:main"
    monkeypatch.setattr(cli, "app", lambda: sys.exit(0))
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            cli.main()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    "command", [["build"], ["serve"], ["report", "--fy", "2569", "--round", "1"]]
)
@pytest.mark.parametrize("bad", ["20-11-2026", "2026-13-01", "2569-11-20x"])
def test_a_bad_as_of_date_is_a_usage_error_not_a_traceback(
    records: Path, command: list[str], bad: str
) -> None:
    result = CliRunner().invoke(app, [*command, "--records", str(records), "--as-of", bad])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "2026-11-20" in result.output and "ปปปป-ดด-วว" in result.output


# --- every command where there are no records (issue 23) -------------------------------

# commands that make their input rather than read records/ (tested in test_build.py), and
# check-pr, which reads both sides of a pull request from Git (tested just below), and
# record-merge, which reads GitHub's event and reviews (tests/history/test_record_merge.py)
WRITES_RECORDS_OR_READS_SITES = {"demo", "rollup", "check-pr", "record-merge"}


def test_check_pr_outside_a_repository_says_so_and_how_to_point_at_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check-pr", "--base", "main", "--author", "x"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "ไม่ใช่คลัง Git" in result.output and "--repo" in result.output


def _commands(group, prefix=()) -> list[tuple[tuple[str, ...], object]]:
    found = []
    for name, command in sorted(group.commands.items()):
        if hasattr(command, "commands"):  # a group (import, export)
            found += _commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


def _required_args(command) -> list[str]:
    """Some value for every required parameter, so only the missing records can stop it."""
    args: list[str] = []
    for param in command.params:
        if not param.required:
            continue
        value = "1" if param.type_descriptor.annotation is int else "x"
        args += [param.opts[0], value] if param.param_type_name == "option" else [value]
    return args


def _registered() -> list[tuple[str, ...]]:
    import typer.main

    return [path for path, _ in _commands(typer.main.get_command(app))]


@pytest.mark.parametrize(
    "path", [p for p in _registered() if p[0] not in WRITES_RECORDS_OR_READS_SITES], ids=" ".join
)
def test_every_command_says_where_the_records_are_missing(tmp_path, monkeypatch, path) -> None:
    """Run in an empty folder: what is missing and how to point at it, exit 2, no traceback."""
    import typer.main

    from patracker import build

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(build, "serve", lambda *a, **k: pytest.fail("serve started"))
    command = dict(_commands(typer.main.get_command(app)))[path]
    result = CliRunner().invoke(app, [*path, *_required_args(command)])
    assert result.exit_code == 2, (path, result.output)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "PA909" in result.output and "--records" in result.output
    assert "ไม่พบโฟลเดอร์ข้อมูล records" in result.output
    assert str(tmp_path / "records") in result.output
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_the_exempt_commands_are_still_registered() -> None:
    assert {p[0] for p in _registered()} >= WRITES_RECORDS_OR_READS_SITES


def test_inside_a_demo_folder_the_message_says_use_records_dot(tmp_path, monkeypatch) -> None:
    (tmp_path / "office.yaml").write_text("id: x\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "--out", str(tmp_path / "site")])
    assert result.exit_code == 2
    assert "--records ." in result.output
    assert not (tmp_path / "site").exists()


# --- demo and cms-config write only where they may (issue 23) ---------------------------


def _tree(root: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(root.rglob("*"))
    }


@pytest.fixture
def checkout(tmp_path: Path, records: Path) -> Path:
    """A data repository (.git and the minimal records) holding somebody's uncommitted work."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("ยังไม่ commit\n", encoding="utf-8")
    return tmp_path


def _demo(*args: str):
    return CliRunner().invoke(app, ["demo", "--people", "25", "--schools", "2", "--quiet", *args])


@pytest.mark.parametrize(
    "out,force,code",
    [
        (".", True, "PA901"),  # the repository root
        ("notes", True, "PA911"),  # not demo data, even with --force
        ("notes", False, "PA910"),
        ("notes/todo.txt", True, "PA902"),
    ],
)
def test_demo_never_replaces_what_it_did_not_write(checkout, monkeypatch, out, force, code):
    before = _tree(checkout)
    monkeypatch.chdir(checkout)
    result = _demo("--out", out, *(["--force"] if force else []))
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert code in result.output and re.search(r"[\u0e00-\u0e7f]", result.output)
    assert _tree(checkout) == before


def test_demo_force_replaces_its_own_demo(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    assert _demo("--out", str(out)).exit_code == 0
    (out / "office.yaml").write_text("edited\n", encoding="utf-8")
    assert _demo("--out", str(out)).exit_code == 2  # without --force: refused
    assert _demo("--out", str(out), "--force").exit_code == 0
    assert (out / "office.yaml").read_text(encoding="utf-8") != "edited\n"


def _cms(records: Path, out: Path):
    return CliRunner().invoke(app, ["cms-config", "--records", str(records), "--out", str(out)])


def test_cms_config_writes_only_over_its_own_files(checkout: Path, records: Path) -> None:
    admin = checkout / "admin"
    assert _cms(records, admin).exit_code == 0
    assert _cms(records, admin).exit_code == 0  # its own files: written again
    (checkout / "notes" / "config.yml").write_text("mine: true\n", encoding="utf-8")
    before = _tree(checkout)
    for out, code in ((checkout, "PA901"), (records, "PA901"), (checkout / "notes", "PA912")):
        result = _cms(records, out)
        assert result.exit_code == 2, result.output
        assert code in result.output and re.search(r"[\u0e00-\u0e7f]", result.output)
    result = _cms(records, checkout / "notes" / "todo.txt")
    assert result.exit_code == 2 and "PA902" in result.output
    assert _tree(checkout) == before


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--fy", "2569", "--round", "1", "--format", "md"],
        ["export", "roster"],
        ["codeowners"],
    ],
    ids=lambda c: c[0],
)
@pytest.mark.parametrize("target,code", [("office.yaml", "PA901"), (".", "PA901"), ("", "PA913")])
def test_a_file_output_is_never_written_into_records(checkout, records, command, target, code):
    """A report or workbook --out in records/ would overwrite a record or add a stray file."""
    out = records / target if target else checkout / "notes"
    before = _tree(checkout)
    result = CliRunner().invoke(app, [*command, "--records", str(records), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert code in result.output and re.search(r"[\u0e00-\u0e7f]", result.output)
    assert _tree(checkout) == before


def test_demo_on_a_full_disk_ends_with_a_message_and_leaves_nothing(tmp_path, monkeypatch):
    import errno

    out = tmp_path / "demo"
    assert _demo("--out", str(out)).exit_code == 0
    before = _tree(tmp_path)
    write_text, written = Path.write_text, []

    def full(self, *args, **kwargs):
        if len(written) > 50:  # some files fit, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        written.append(self)
        return write_text(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    result = _demo("--out", str(out), "--force")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "PA906" in result.output and re.search(r"[\u0e00-\u0e7f]", result.output)
    assert _tree(tmp_path) == before
