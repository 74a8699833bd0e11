"""Leak scanner for the public site: personal data from records/ must not appear in it.

The public pages are built to hold aggregates only (render/public.py); this scanner checks
the result from the outside, the way a reader would: every file of the built site — pages,
search index, sitemap, JSON, CSV and XLSX downloads — is read as text and searched for what
records/ says about people: names, ids, phone numbers, e-mails, LINE ids, birth dates and
13-digit national-ID-like numbers. Text is normalised first (HTML entities, JSON escapes,
zero-width spaces that the Thai search index puts between words, runs of spaces), so a name
cut into words is still found. A finding never prints the secret itself, only its kind,
the person's id position in the records and a masked hint.

Each file is read in three views, because a leak hides differently in each: the source
(normalised as above), the same with %-escapes decoded (a name in a link's query), and the
rendered text a reader sees (tags removed, so a first and a last name in adjacent table
cells read as one name; entities and %-escapes decoded; whitespace collapsed). The file's
own path is scanned too: a person's id in a URL slug is their name in Latin letters.
Numbers are also read as written by hand, in groups ("+66 85 772 6169"), and matched
against the records' own phones and ids.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from . import thai
from .filechecks import is_national_id
from .load import read_file
from .problems import ProblemError

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# Numbers as people write them: digits joined by - or . (a space only in the two shapes
# below, or table cells read as one line would look like one long number).
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9](?:[0-9]|[-.](?=[0-9]))*(?![0-9])")
_PHONE = re.compile(r"(?<![0-9])0[0-9]{1,2}[ -]?[0-9]{3}[ -]?[0-9]{3,4}(?![0-9])")
_NATIONAL_ID = re.compile(
    r"(?<![0-9])[0-9][- ]?[0-9]{4}[- ]?[0-9]{5}[- ]?[0-9]{2}[- ]?[0-9](?![0-9])"
)
# digits in groups, as people write phones and ids: "+66 85 772 6169", "1 1017 00203 45 0"
_GROUPED = re.compile(r"[0-9]+(?:[ \-.()]{1,3}[0-9]+)*")
_GROUP = re.compile(r"[0-9]+")
_MAX_GROUPS = 6  # a phone or an id is written in at most this many groups
_TAG = re.compile(r"<[^>]*>")
# what may stand between a first and a last name: spaces, a slug's - _ + ., the commas,
# semicolons, bars and quotes between adjacent cells of a CSV
_JOINERS = re.compile(r"[\s\-_+.,;|\"']")
_TEXT_SUFFIXES = {".html", ".htm", ".json", ".xml", ".txt", ".csv", ".md", ".js", ".svg", ".css"}
_ZIP_SUFFIXES = {".xlsx", ".docx", ".ods", ".zip"}
_SKIP_SUFFIXES = {".woff", ".woff2", ".ttf", ".png", ".jpg", ".jpeg", ".gif", ".ico", ".webp"}


@dataclass(frozen=True)
class Secret:
    kind: str  # name | id | phone | email | line | birth_date | national_id
    value: str
    source: str  # the record it came from, relative to records/
    person: str = ""  # whose it is (a person id), "" when unknown

    @property
    def masked(self) -> str:
        """Enough to find the record, never the secret: first character and length."""
        return _mask(self.value)


@dataclass(frozen=True)
class Leak:
    file: str
    secret: Secret
    in_path: bool = False  # found in the file's own path (a URL slug), not its content

    def message(self) -> str:
        s = self.secret
        where = (" ในชื่อไฟล์/ที่อยู่หน้าเว็บ", " in the file's path (URL)") if self.in_path else ("", "")
        return (
            f"{self.file}: พบข้อมูลส่วนบุคคล ({_KIND_TH[s.kind]}) จาก {s.source} [{s.masked}]"
            f"{where[0]} — personal data ({s.kind}) from {s.source} found where its readers may not see it"
            f"{where[1]}"
        )


_KIND_TH = {
    "name": "ชื่อ-สกุล",
    "id": "รหัสบุคคล",
    "phone": "หมายเลขโทรศัพท์",
    "email": "อีเมล",
    "line": "ไอดีไลน์",
    "birth_date": "วันเกิด",
    "national_id": "เลขประจำตัวประชาชน",
}


def secrets_of(records: Path) -> list[Secret]:
    """What records/ says about people that must never be public."""
    out: list[Secret] = []
    for path in sorted(records.glob("people/*/person.yaml")):
        source = path.relative_to(records).as_posix()
        try:
            data = read_file(path, source).data
        except ProblemError:
            continue  # unreadable records never reach a build either
        out += _person_secrets(data, path.parent.name, _masked_path(source))
    for path in sorted(records.rglob("*.yaml")):
        if path.is_symlink() or not path.is_file():
            continue
        text = path.read_bytes()[: 1 << 20].decode("utf-8", errors="replace")
        source = _masked_path(path.relative_to(records).as_posix())
        for digits in numbers_in(text):
            if len(digits) == 13:
                out.append(Secret("national_id", digits, source))
    return out


def _masked_path(relative: str) -> str:
    """A record's path with the person's folder masked: the folder name is their id."""
    parts = relative.split("/")
    if len(parts) > 2 and parts[0] == "people":
        parts[1] = _mask(parts[1])
    return "/".join(parts)


def _mask(value: str) -> str:
    return f"{value[:1]}…({len(value)})"


def _person_secrets(data: dict, folder: str, source: str) -> list[Secret]:
    out = _own_secrets(data, folder, source)
    return [Secret(s.kind, s.value, s.source, str(data.get("id") or folder)) for s in out]


def _own_secrets(data: dict, folder: str, source: str) -> list[Secret]:
    out = [Secret("id", str(data.get("id") or folder), source)]
    first, last = str(data.get("first_name") or ""), str(data.get("last_name") or "")
    if first and last:
        out.append(Secret("name", f"{first} {last}", source))
    contact = data.get("contact") or {}
    for kind in ("phone", "email", "line"):
        if contact.get(kind):
            out.append(Secret(kind, str(contact[kind]), source))
    birth = thai.as_date(str(data["birth_date"])) if data.get("birth_date") else None
    if birth:
        for text in {birth.isoformat(), thai.be_date(birth), thai.be_date(birth, long=True)}:
            out.append(Secret("birth_date", text, source))
    return out


def texts_of(path: Path) -> list[tuple[str, str]]:
    """(part name, text) for a built file; an XLSX gives one text per XML part."""
    suffix = path.suffix.lower()
    if suffix in _SKIP_SUFFIXES:
        return []
    raw = path.read_bytes()
    if suffix == ".gz":
        return [(path.name, gzip.decompress(raw).decode("utf-8", errors="replace"))]
    if suffix in _ZIP_SUFFIXES or raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(path) as archive:
            return [
                (f"{path.name}!{name}", archive.read(name).decode("utf-8", errors="replace"))
                for name in archive.namelist()
                if not name.endswith("/")
            ]
    return [(path.name, raw.decode("utf-8-sig", errors="replace"))]


def normalise(text: str, json_text: bool = False) -> str:
    """The text a reader sees: entities and JSON escapes decoded, invisible marks removed."""
    if json_text:
        with contextlib.suppress(ValueError):  # not JSON after all: scan it as it is
            text = json.dumps(json.loads(text), ensure_ascii=False)
    text = html.unescape(text)
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text)


def views(text: str, json_text: bool = False) -> list[str]:
    """The ways a file's text is read: its source normalised, the same with %-escapes
    decoded, and the text a reader sees of it (``rendered``)."""
    source = normalise(text, json_text)
    decoded = percent_decoded(source)
    return list(dict.fromkeys((source, decoded, rendered(source))))


def rendered(text: str) -> str:
    """What a reader sees of a page: tags removed (each a space, so table cells stay
    words), entities and %-escapes decoded, invisible marks dropped, spaces collapsed."""
    text = html.unescape(_TAG.sub(" ", text))
    return _SPACES.sub(" ", _INVISIBLE.sub("", percent_decoded(text))).strip()


def percent_decoded(text: str) -> str:
    """%-escapes decoded, twice for a link escaped twice (bytes that are not UTF-8 become
    U+FFFD, so one stray escape cannot keep the rest of the file encoded)."""
    for _ in range(2):
        if "%" in text:
            text = unquote(text, errors="replace")
    return text


def scan_text(text: str, secrets: list[Secret]) -> list[Secret]:
    """The secrets that occur in ``text`` (already normalised)."""
    folded = text.casefold()
    digits = numbers_in(text) | grouped_numbers(text)
    spaceless = _JOINERS.sub("", folded)  # a name cut into words, in a slug, in CSV cells
    table = _word_table(tuple(s for s in secrets if s.kind in _WORD_KINDS))
    seen_words = _words_in(folded, table)
    found = []
    for secret in secrets:
        value = secret.value.casefold()
        if secret.kind in ("phone", "national_id"):
            hit = _national(re.sub(r"[^0-9]", "", value)) in digits
        elif secret.kind in _WORD_KINDS:
            hit = _word_key(value) in seen_words
        elif secret.kind == "name":
            hit = _JOINERS.sub("", value) in spaceless
        else:
            hit = value in folded
        if hit:
            found.append(secret)
    return found


_WORD_KINDS = ("id", "line", "email")


# a word as ids, LINE ids and e-mails are written, with a letter in it (not a bare number)
_TOKEN = re.compile(r"(?<![a-z0-9._@+-])[0-9._+-]*[a-z@][a-z0-9._@+-]*")
_JOINER = re.compile(r"([-_.+])")  # what joins the parts of an id in a slug or file name


def _word_key(value: str) -> str:
    """An id, LINE id or e-mail in one spelling, whatever joined its parts."""
    return "-".join(_JOINER.split(value)[::2])


@lru_cache(maxsize=4)
def _word_table(secrets: tuple[Secret, ...]) -> tuple[tuple[int, ...], frozenset[str]]:
    """Every id, LINE id and e-mail as a key, and how many parts the keys have."""
    keys = frozenset(_word_key(s.value.casefold()) for s in secrets)
    return tuple(sorted({key.count("-") + 1 for key in keys})), keys


def _words_in(folded: str, table: tuple[tuple[int, ...], frozenset[str]]) -> set[str]:
    """The keys of ``table`` that begin a word of the text and end where a word may end:
    at its end, before a "." or "+", or before "-" and a number ("somchai-jaidee-2570"),
    never before more letters (another person's longer id, a school's slug)."""
    lengths, keys = table
    seen = set()
    for token in _TOKEN.findall(folded):
        pieces = _JOINER.split(token.lstrip("+"))
        parts, joiners = pieces[::2], pieces[1::2]
        for count in lengths:
            if count > len(parts):
                break
            key = "-".join(parts[:count])
            if key in keys and _word_ends(parts, joiners, count):
                seen.add(key)
    return seen


def _word_ends(parts: list[str], joiners: list[str], count: int) -> bool:
    if count == len(parts) or joiners[count - 1] in ".+":
        return True
    following = parts[count]
    return joiners[count - 1] == "-" and (not following or following[0].isdigit())


def numbers_in(text: str) -> set[str]:
    """Every number of the text as bare digits, in the shapes phones and ids are written."""
    found = set()
    for pattern in (_DIGIT_RUN, _PHONE, _NATIONAL_ID):
        found |= {re.sub(r"[^0-9]", "", m) for m in pattern.findall(text)}
    return found


def grouped_numbers(text: str) -> set[str]:
    """Numbers written in groups, as bare digits: every run of up to six consecutive
    groups that is as long as a phone or an id, "+66" read as the leading 0. Only for
    matching the records' own numbers: a table row of counts makes many such runs."""
    found = set()
    for run in _GROUPED.findall(text):
        groups = _GROUP.findall(run)
        for start in range(len(groups)):
            joined = ""
            for group in groups[start : start + _MAX_GROUPS]:
                joined += group
                if len(joined) > 13:
                    break
                if len(joined) >= 9:
                    found.add(_national(joined))
    return found


def _national(digits: str) -> str:
    """A Thai phone in its national form: 66 85 … (+66) → 085 …, 66 0 85 … → 085 …."""
    if digits.startswith("660") and len(digits) == 11:
        return digits[2:]
    if digits.startswith("66") and len(digits) in (10, 11):
        return "0" + digits[2:]
    return digits


def national_id_like(text: str) -> list[str]:
    """Any 13-digit number in the text that passes the national-ID checksum."""
    return sorted(d for d in numbers_in(text) if is_national_id(d))


def audit_site(
    site: Path,
    records: Path,
    secrets: list[Secret] | None = None,
    skip: tuple[str, ...] = (),
    prefix: str = "",
) -> list[Leak]:
    """Every leak of ``records``' personal data in the built ``site`` (of ``secrets``, when
    given: what the audience may not show; files under the folders ``skip`` are left to
    their own check). Paths in the findings start with ``prefix``."""
    secrets = secrets_of(records) if secrets is None else secrets
    leaks: list[Leak] = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        relative = path.relative_to(site).as_posix()
        if any(relative.startswith(folder) for folder in skip):
            continue
        hits = _scan_views([relative, percent_decoded(relative)], secrets)
        leaks += [Leak(prefix + relative, s, in_path=True) for s in dict.fromkeys(hits)]
        for part, text in texts_of(path):
            where = (
                prefix + relative
                if part == path.name
                else f"{prefix}{relative}!{part.split('!', 1)[1]}"
            )
            seen = views(text, json_text=part.endswith(".json"))
            hits = _scan_views(seen, secrets)
            if not relative.startswith("assets/"):  # the theme's own scripts are not ours
                hits += [
                    Secret("national_id", d, "(checksum)")
                    for d in national_id_like(seen[0])
                    if not any(s.kind == "national_id" and s.value == d for s in hits)
                ]
            leaks += [Leak(where, s) for s in dict.fromkeys(hits)]
    return leaks


def _scan_views(texts: list[str], secrets: list[Secret]) -> list[Secret]:
    """The secrets found in any of the views, each once, in the order found."""
    found: dict[Secret, None] = {}
    for text in texts:
        found.update(dict.fromkeys(scan_text(text, secrets)))
    return list(found)
