"""`patracker audit-site`: planted personal data is found wherever it hides, and never echoed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from typer.testing import CliRunner

from patracker.audit import audit_site, grouped_numbers, rendered, secrets_of
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


# --- what a reader sees (issue 23 §5) ----------------------------------------------------


def _leaks_in(site: Path, expect_file: str, kind: str, secret_texts: list[str]) -> str:
    code, output = _audit(site)
    assert code == 1, output
    line = next((x for x in output.splitlines() if x.startswith(expect_file + ":")), "")
    assert f"({kind})" in line, output
    assert not any(text in output for text in secret_texts)
    return line


def test_first_and_last_name_in_adjacent_table_cells_are_caught(site: Path, person: dict):
    first, last = person["first_name"], person["last_name"]
    _append(site / "schools.html", f"<table><tr><td>{first}</td>\n  <td>{last}</td></tr></table>")
    _leaks_in(site, "schools.html", "name", [first, last])


def test_first_and_last_name_in_adjacent_csv_columns_are_caught(site: Path, person: dict):
    first, last = person["first_name"], person["last_name"]
    (site / "schools.csv").write_text(f'school,first,last\nx,"{first}","{last}"\n', "utf-8-sig")
    _leaks_in(site, "schools.csv", "name", [first, last])


def test_phone_written_in_international_groups_is_caught(site: Path, person: dict):
    phone = person["contact"]["phone"]  # 0857726169
    spaced = f"+66 {phone[1:3]} {phone[3:6]} {phone[6:]}"
    _append(site / "about.html", f"<p>โทร {spaced}</p>")
    _leaks_in(site, "about.html", "phone", [phone, spaced, phone[1:]])


def test_percent_encoded_name_in_a_link_is_caught(site: Path, person: dict):
    name = f"{person['first_name']} {person['last_name']}"
    _append(site / "index.html", f'<a href="https://example.org/find?q={quote(name)}">ค้นหา</a>')
    _leaks_in(site, "index.html", "name", [name, person["last_name"]])


def test_name_in_a_percent_encoded_url_slug_is_caught(site: Path, person: dict):
    slug = quote(f"{person['first_name']}-{person['last_name']}")
    _append(site / "applications.html", f'<a href="people/{slug}.html">หน้า</a>')
    _leaks_in(site, "applications.html", "name", [person["last_name"]])


def test_person_id_as_a_file_name_is_caught_as_a_path(site: Path, person: dict):
    page = site / "schools" / f"{person['id']}.html"
    page.parent.mkdir(exist_ok=True)
    page.write_text("<p>ตัวเลขสรุป</p>", encoding="utf-8")
    line = _leaks_in(site, f"schools/{person['id']}.html", "id", [])
    assert "path" in line and "ชื่อไฟล์" in line


@pytest.mark.parametrize("joined", ["{id}-2570.html", "{snake}.json", "{dotted}/index.html"])
def test_person_id_in_a_slug_is_caught_however_joined(site: Path, person: dict, joined: str):
    ident = person["id"]
    slug = joined.format(id=ident, snake=ident.replace("-", "_"), dotted=ident.replace("-", "."))
    _append(site / "about.html", f'<a href="lists/{slug}">x</a>')
    _leaks_in(site, "about.html", "id", [])


def test_a_longer_slug_that_only_begins_with_an_id_is_not_a_leak(site: Path, person: dict):
    _append(site / "about.html", f'<a href="schools/{person["id"]}-witthaya.html">x</a>')
    code, output = _audit(site)
    assert code == 0, output


def test_numbers_are_read_in_the_groups_people_write():
    assert "0857726169" in grouped_numbers("โทร +66 85 772 6169 ในเวลา")
    assert "0857726169" in grouped_numbers("+66 (0) 85-772-6169")
    assert NATIONAL_ID in grouped_numbers(
        f"{NATIONAL_ID[:1]} {NATIONAL_ID[1:5]} {NATIONAL_ID[5:10]} {NATIONAL_ID[10:]}"
    )
    assert "0857726169" not in grouped_numbers("1085 772 6169")  # groups are never cut


def test_rendered_text_joins_cells_and_decodes_what_the_source_hides():
    assert rendered("<td>สมชาย</td><td>ใจ&#x0e14;ี</td>") == "สมชาย ใจดี"
    assert rendered('<a href="?q=%E0%B8%AA%E0%B8%A1">x</a>%E0%B8%AA') == "x ส"
