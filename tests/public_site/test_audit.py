"""`patracker audit-site`: planted personal data is found wherever it hides, and never echoed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from patracker.audit import audit_site, secrets_of
from patracker.cli import app
from patracker.load import read_file

from .conftest import RECORDS

ZWSP = "\u200b"
NATIONAL_ID = "1101700230708"  # passes the checksum; not a real person's


@pytest.fixture(scope="module")
def person() -> dict:
    path = sorted(RECORDS.glob("people/*/person.yaml"))[3]
    return read_file(path, "person.yaml").data


@pytest.fixture
def site(public_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site-public"
    shutil.copytree(public_site, copy)
    return copy


def _audit(site: Path, records: Path = RECORDS):
    result = CliRunner().invoke(app, ["audit-site", str(site), "--records", str(records)])
    return result.exit_code, result.output


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_clean_site_passes(site: Path):
    code, output = _audit(site)
    assert code == 0, output
    assert "no personal data" in output


def test_planted_name_in_a_page_is_caught_and_not_echoed(site: Path, person: dict):
    name = f"{person['first_name']} {person['last_name']}"
    _append(site / "schools.html", f"<p>{person['title']}{name}</p>")
    code, output = _audit(site)
    assert code == 1
    assert "schools.html" in output and "(name)" in output and "ชื่อ-สกุล" in output
    assert name not in output and person["last_name"] not in output


def test_name_cut_by_zero_width_spaces_in_the_search_index_is_caught(site: Path, person: dict):
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    index["docs"][0]["text"] += (
        f" {ZWSP}{person['first_name']}{ZWSP}{ZWSP}{person['last_name']}{ZWSP}"
    )
    index_path.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    code, output = _audit(site)
    assert code == 1
    assert "search/search_index.json" in output and "(name)" in output


def test_escaped_name_in_json_is_caught(site: Path, person: dict):
    (site / "figures.json").write_text(
        json.dumps({"who": f"{person['first_name']} {person['last_name']}"}), encoding="utf-8"
    )
    code, output = _audit(site)
    assert code == 1 and "figures.json" in output


def test_planted_phone_in_a_csv_download_is_caught(site: Path, person: dict):
    phone = person["contact"]["phone"]
    dashed = f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
    (site / "summary.csv").write_text(f"school,phone\nx,{dashed}\n", encoding="utf-8-sig")
    code, output = _audit(site)
    assert code == 1
    assert "summary.csv" in output and "(phone)" in output
    assert phone not in output and dashed not in output


def test_planted_national_id_in_an_xlsx_download_is_caught(site: Path):
    book = openpyxl.Workbook()
    book.active["A1"] = (
        f"{NATIONAL_ID[0]}-{NATIONAL_ID[1:5]}-{NATIONAL_ID[5:10]}-{NATIONAL_ID[10:12]}-{NATIONAL_ID[12]}"
    )
    book.save(site / "report.xlsx")
    code, output = _audit(site)
    assert code == 1
    assert "report.xlsx!xl/" in output and "(national_id)" in output
    assert NATIONAL_ID not in output


def test_thirteen_digit_number_from_the_records_is_caught_even_without_a_checksum(
    site: Path, tmp_path: Path
):
    records = tmp_path / "records"
    shutil.copytree(RECORDS, records)
    number = "3123456789012"  # fails the checksum, so the validator lets it through
    _append(records / "office.yaml", f"# เลขที่หนังสือ {number}\n")
    assert any(s.kind == "national_id" and s.value == number for s in secrets_of(records))
    _append(site / "about.html", f"<p>{number}</p>")
    code, output = _audit(site, records)
    assert code == 1 and "(national_id)" in output and number not in output


@pytest.mark.parametrize("kind", ["email", "line", "id", "birth_date"])
def test_every_kind_of_contact_detail_is_caught(site: Path, kind: str):
    records_person = next(
        read_file(p, "p").data
        for p in sorted(RECORDS.glob("people/*/person.yaml"))
        if "birth_date" in p.read_text(encoding="utf-8")
        and "line:" in p.read_text(encoding="utf-8")
    )
    value = {
        "email": records_person["contact"]["email"],
        "line": f"LINE: {records_person['contact']['line']}",
        "id": f'<a href="people/{records_person["id"]}.html">x</a>',
        "birth_date": str(records_person["birth_date"]),
    }[kind]
    _append(site / "index.html", f"<p>{value}</p>")
    leaks = audit_site(site, RECORDS)
    assert [leak.secret.kind for leak in leaks] == [kind]
    assert leaks[0].file == "index.html"


def test_missing_folder_is_a_usage_error(tmp_path: Path):
    code, output = _audit(tmp_path / "nothing")
    assert code == 2 and "no such folder" in output
