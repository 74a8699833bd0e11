"""The validation caches: reuse what cannot have changed, never what might have."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import patracker.corpus as corpus_module
import patracker.validate as validate_module
from patracker.filecache import FileCache, blob_id
from patracker.project import Project
from patracker.validate import validate

MINIMAL = Path(__file__).parent / "fixtures" / "minimal" / "records"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    target = tmp_path / "records"
    shutil.copytree(MINIMAL, target)
    return target


def _an_evaluation(records: Path) -> Path:
    return next(
        p
        for p in sorted(records.glob("people/*/*/evaluations/*.yaml"))
        if "level: 3" in p.read_text()
    )


def test_blob_id_is_gits():
    assert blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"  # git hash-object


def test_a_same_size_edit_right_after_a_run_is_seen(records: Path):
    """Size and mtime can look unchanged within a clock tick: such files are re-hashed."""
    project = Project.at(records)
    path = _an_evaluation(records)
    os.utime(path)  # written just now, as an editor would: racy for the next two seconds
    assert validate(project).problems == []
    before = path.stat()
    path.write_text(path.read_text().replace("level: 3", "level: 9", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same size, same clock tick
    codes = [p.code for p in validate(Project.at(records)).problems]
    assert codes == ["PA106"]


def test_an_unchanged_tree_is_answered_without_reading_records(records: Path, monkeypatch):
    project = Project.at(records)
    first = validate(project)
    old = os.path.getmtime(records) - 10
    for path in records.rglob("*.yaml"):  # age the files past the racy window
        os.utime(path, (old, old))
    validate(project)  # stores the answer for the aged tree

    def refuse(*args, **kwargs):
        raise AssertionError("a record was read")

    monkeypatch.setattr(validate_module, "read_corpus", refuse)
    again = validate(Project.at(records))
    assert again.problems == first.problems
    assert again.checked == first.checked


def test_the_file_cache_remembers_each_record(records: Path):
    project = Project.at(records)
    validate(project, use_cache=True)
    cache = FileCache.beside(records, project.schemas_dir)
    assert set(cache.entries) == {
        p.relative_to(records).as_posix() for p in records.rglob("*.yaml")
    }


def test_no_cache_means_no_cache_files(records: Path):
    validate(Project.at(records), use_cache=False)
    assert not (records.parent / ".patracker-cache").exists()


def test_parallel_checking_agrees_with_serial(records: Path, monkeypatch):
    path = _an_evaluation(records)
    path.write_text(path.read_text().replace("level: 3", "level: 7", 1))
    serial = validate(Project.at(records), use_cache=False).problems
    monkeypatch.setattr(corpus_module, "PARALLEL_ABOVE", 1)
    parallel = validate(Project.at(records), use_cache=False).problems
    assert serial == parallel and [p.code for p in serial] == ["PA106"]


def _aged(records: Path) -> None:
    old = os.path.getmtime(records) - 10
    for path in records.rglob("*.yaml"):  # past the racy window
        os.utime(path, (old, old))


def test_one_edit_goes_to_the_journal_and_a_new_process_sees_it(records: Path):
    _aged(records)
    project = Project.at(records)
    validate(project)
    base = FileCache.beside(records, project.schemas_dir).location
    written = base.stat().st_mtime_ns
    path = _an_evaluation(records)
    path.write_text(path.read_text().replace("level: 3", "level: 9", 1))
    removed = sorted(records.glob("people/*/*/progress.yaml"))[0]
    removed.unlink()
    assert [p.code for p in validate(project).problems] == ["PA106"]
    assert base.stat().st_mtime_ns == written  # the big file is not rewritten for one edit
    assert base.with_suffix(".journal").is_file()
    FileCache._loaded.clear()  # as a new process: read both files back
    fresh = FileCache.beside(records, project.schemas_dir)
    relative = path.relative_to(records).as_posix()
    assert fresh.blob(relative) == blob_id(path.read_bytes())
    assert removed.relative_to(records).as_posix() not in fresh.entries


def test_many_changes_rewrite_the_base_and_drop_the_journal(records: Path, monkeypatch):
    _aged(records)
    project = Project.at(records)
    validate(project)
    path = _an_evaluation(records)
    path.write_text(path.read_text() + "\n")
    validate(project)
    cache = FileCache.beside(records, project.schemas_dir)
    assert cache.journal.is_file()
    monkeypatch.setattr(FileCache, "JOURNAL_MAX", 0)
    for each in records.glob("people/*/*/evaluations/*.yaml"):  # well over 5 % of files
        each.write_text(each.read_text() + "\n")
    validate(project)
    assert not cache.journal.is_file()
    FileCache._loaded.clear()
    fresh = FileCache.beside(records, project.schemas_dir)
    assert fresh.blob(path.relative_to(records).as_posix()) == blob_id(path.read_bytes())


def test_reading_a_tree_again_redoes_only_the_changed_files(records: Path):
    """``serve`` reads the same tree on every build: the second read takes each unchanged
    record as it was, and the result equals a read from nothing."""
    from patracker.corpus import _LAST, read_corpus, scan

    _aged(records)
    project = Project.at(records)
    first = read_corpus(project, tree=scan(records))
    edited = _an_evaluation(records)
    edited.write_text(edited.read_text().replace("level: 3", "level: 9", 1))  # now PA106
    second = read_corpus(project, tree=scan(records))
    _LAST.clear()
    fresh = read_corpus(project, tree=scan(records))
    path = edited.relative_to(records).as_posix()
    kept = {r.path: r for r in second.records}
    made = {r.path: r for r in fresh.records}
    untouched = [r for r in first.records if r.path != path]
    assert untouched and all(kept[r.path] is r for r in untouched)
    assert not any(made[r.path] is r for r in untouched)  # a read from nothing makes all anew
    assert second.records == fresh.records and second.blobs == fresh.blobs
    assert second.problems == fresh.problems and [p.code for p in second.problems] == ["PA106"]
    assert second.blobs[path] == blob_id(edited.read_bytes()) != first.blobs[path]


def test_a_new_process_takes_where_each_record_belongs_from_the_cache(records, monkeypatch):
    """Matching 74,000 paths against the layout costs a new process a third of a second:
    a cached file's kind and ids come from its cache entry (the layout's code is in the
    cache key), and they are the ones the layout gives."""
    from patracker import layout
    from patracker.corpus import _LAST, read_corpus

    _aged(records)
    project = Project.at(records)
    validate(project)
    FileCache._loaded.clear()  # as a new process
    _LAST.clear()

    def refuse(path):
        raise AssertionError(f"{path} was matched against the layout again")

    monkeypatch.setattr(corpus_module, "classify", refuse)
    corpus = read_corpus(project)
    assert corpus.records and corpus.problems == []
    for record in corpus.records:
        expected = layout.classify(record.path)
        assert (record.kind, record.ref.keys) == (expected.kind, expected.keys)


def test_the_caches_of_checked_records_are_keyed_by_all_the_code_the_checks_run():
    """A change to any module the checks import must make the cached answers stale: every
    package module that the keyed code imports is itself part of the key."""
    import ast

    from patracker import filecache

    package = Path(filecache.__file__).parent
    keyed = {
        path.relative_to(package).as_posix()
        for name in (*filecache._CODE, *filecache._RULE_CODE)
        for path in ([package / name] if name.endswith(".py") else (package / name).rglob("*.py"))
    }
    not_cached = {"validate/protect.py"}  # checks a pull request's changes; never cached
    missing = set()
    for relative in sorted(keyed - not_cached):
        folder = (package / relative).parent
        for node in ast.walk(ast.parse((package / relative).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = folder.parents[node.level - 2] if node.level > 1 else folder
                target = base.joinpath(*(node.module or "").split("."))
                module = target.with_suffix(".py") if target.with_suffix(".py").is_file() else None
                if module is not None:
                    missing.add(module.relative_to(package).as_posix())
    assert missing <= keyed, f"imported by the checks but not in their key: {missing - keyed}"


def test_the_cache_key_covers_every_module_the_per_file_checks_use():
    """A per-file result is reused while the code that made it is unchanged: every module
    of the package that ``filechecks.py`` imports must be part of the key."""
    import ast

    from patracker import filecache

    package = Path(filecache.__file__).parent
    source = package / "filechecks.py"
    used = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = source.parent if node.level == 1 else package
            used.add((base / f"{node.module.replace('.', '/')}.py").relative_to(package).as_posix())
    assert used and used <= set(filecache._CODE), used - set(filecache._CODE)
