"""Hostile ids, paths and references: traversal, absolute paths, symlinks out of the
repository, names differing only in case, self-references, missing targets, duplicate ids.
"""

from __future__ import annotations

from pathlib import Path

from conftest import edit, line_of

from .conftest import validate_bounded

PERSON = "people/malee-raksa/person.yaml"
AGREEMENT = "people/somsak-thongdee/2569/agreement.yaml"
AMEND = "people/somsak-thongdee/2569/evaluations/r1-malee-raksa-amend1.yaml"
COMMITTEE = "committees/2569/pa-ban-thung-kula.yaml"
APP = "applications/wichai-boonmee-2568.yaml"


def test_id_with_dot_dot(tree: Path):
    edit(tree, PERSON, "school: ban-thung-kula", "school: ../../../etc/passwd")
    assert validate_bounded(tree) == [("PA105", PERSON, 7), ("PA301", PERSON, 7)]


def test_absolute_path_as_an_id(tree: Path):
    edit(tree, PERSON, "id: malee-raksa", "id: /etc/passwd")
    assert validate_bounded(tree) == [("PA105", PERSON, 1), ("PA202", PERSON, 1)]


def test_file_symlinked_to_outside_the_repository(tree: Path, tmp_path: Path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n", encoding="utf-8")
    (tree / "schools/outside.yaml").symlink_to(outside)
    assert validate_bounded(tree) == [("PA207", "schools/outside.yaml", 1)]


def test_folder_symlinked_to_outside_the_repository_is_not_followed(tree: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    (outside / "2569").mkdir(parents=True)
    (outside / "person.yaml").write_text("id: x\n", encoding="utf-8")
    (tree / "people/ghost").symlink_to(outside, target_is_directory=True)
    assert validate_bounded(tree) == [("PA207", "people/ghost", 1)]


def test_file_names_that_differ_only_in_case(tree: Path):
    source = (tree / "schools/nong-bua-witthaya.yaml").read_bytes()
    (tree / "schools/Nong-Bua-Witthaya.yaml").write_bytes(source)
    where = "schools/Nong-Bua-Witthaya.yaml"
    assert validate_bounded(tree) == [("PA201", where, 1), ("PA208", where, 1)]


def test_member_on_their_own_committee(tree: Path):
    edit(tree, COMMITTEE, "  - somsak-thongdee", "  - somsak-thongdee\n  - kanya-srisuk")
    line = line_of(tree, COMMITTEE, "  - kanya-srisuk")
    assert ("PA410", COMMITTEE, line) in validate_bounded(tree)


def test_amendment_that_amends_itself(tree: Path):
    edit(tree, AMEND, "amends: r1-malee-raksa.yaml", "amends: r1-malee-raksa-amend1.yaml")
    assert validate_bounded(tree) == [("PA801", AMEND, line_of(tree, AMEND, "amends:"))]


def test_agreement_approved_by_its_own_assessee(tree: Path):
    edit(tree, AGREEMENT, "  by: kanya-srisuk", "  by: somsak-thongdee")
    assert validate_bounded(tree) == [("PA802", AGREEMENT, line_of(tree, AGREEMENT, "  by:"))]


def test_reference_to_a_missing_person(tree: Path):
    edit(tree, APP, "person: wichai-boonmee", "person: nobody-here")
    assert validate_bounded(tree) == [("PA302", APP, 2)]


def test_two_person_files_claiming_the_same_id(tree: Path):
    path = "people/wichai-boonmee/person.yaml"
    edit(tree, path, "id: wichai-boonmee", "id: somsak-thongdee")
    assert validate_bounded(tree) == [("PA202", path, 1)]


def test_two_applications_claiming_the_same_id(tree: Path):
    copy = "applications/wichai-boonmee-2568-copy.yaml"
    (tree / copy).write_bytes((tree / APP).read_bytes())
    assert validate_bounded(tree) == [("PA202", copy, 1)]
