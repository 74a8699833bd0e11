"""The roster mapping: which header means which field, and which spellings mean which value.

Offices name their columns and write positions in their own ways, so this lives in a YAML
file (``roster_mapping.yaml`` in the package, overridable with ``--mapping``), never in code.
Value spellings map to the Thai *labels* of the schema enums, so the schema stays the one
place that says what ``teacher`` or ``senior-professional`` is called.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load import read_file
from ..problems import ProblemError, problem
from .text import header_key, header_keys, normal, value_key

DEFAULT = Path(__file__).resolve().parent.parent / "roster_mapping.yaml"
FIELDS = (
    "title",
    "full_name",
    "first_name",
    "last_name",
    "position",
    "standing",
    "school",
    "district",
    "appointed",
    "salary_grade",
    "position_number",
    "subject",
    "phone",
    "email",
    "line",
    "national_id",
)
ENUMS = ("position", "standing")


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, list[str]]  # field → accepted headers, the first is the export header
    titles: tuple[str, ...]  # longest first, so นางสาว wins over นาง
    values: dict[str, dict[str, str]]  # field → {roster spelling (normalised): enum key}
    labels: dict[str, dict[str, str]]  # field → {enum key: Thai label}
    school_prefixes: tuple[str, ...]  # the first is the full word (โรงเรียน)
    district_prefixes: dict[str, str]  # prefix → full word; the first full word is the default
    office_names: tuple[str, ...]  # words that name the office itself in the school column
    salary_grades: dict[str, str]  # value_key → the grade as records hold it
    ignored: dict[str, tuple[str, str]]  # header key → (Thai, English) reason it is not read
    skip_rows: dict[str, tuple[str, ...]]  # summary / signature / signature_lines words

    def field_of(self, header: object) -> str | None:
        """The field a header cell names, ignoring spaces, line breaks and bracketed notes."""
        for wanted in header_keys(header):
            for field, headers in self.columns.items():
                if wanted and any(header_key(h) == wanted for h in headers):
                    return field
        return None

    def ignored_reason(self, header: object) -> tuple[str, str] | None:
        """Why a known column is not imported, from the mapping's ``ignored`` section."""
        return next((self.ignored[k] for k in header_keys(header) if k in self.ignored), None)

    def header(self, field: str) -> str:
        return self.columns[field][0]

    def enum(self, field: str, text: str) -> str | None:
        """The enum key a roster spelling means: a schema label, an alias, or the key itself."""
        return self.values[field].get(value_key(text))

    def salary_grade(self, text: str) -> str | None:
        return self.salary_grades.get(value_key(text))


def load_mapping(schemas, path: Path | None = None) -> Mapping:
    """The default mapping, with the entries of an office's own file laid over it."""
    raw = _read(DEFAULT)
    if path is not None:
        override = _read(path)
        for section in ("columns", "values", "ignored", "skip_rows"):  # merged, not replaced
            raw.setdefault(section, {}).update(override.pop(section, None) or {})
        raw.update(override)
    return _build(raw, schemas, str(path or DEFAULT.name))


def _read(path: Path) -> dict:
    try:
        return dict(read_file(path, path.name).data)
    except OSError as exc:
        raise ProblemError(
            [_bad(path.name, f"อ่านไฟล์ไม่ได้ ({exc})", f"cannot read ({exc})")]
        ) from None


def _build(raw: dict, schemas, name: str) -> Mapping:
    columns = raw.get("columns") or {}
    unknown = sorted(set(columns) - set(FIELDS))
    if unknown:
        raise ProblemError([_bad(name, f"ไม่รู้จักช่อง {unknown}", f"unknown fields {unknown}")])
    for needed in ("position", "school"):
        if not columns.get(needed):
            raise ProblemError(
                [_bad(name, f"ต้องมี columns.{needed}", f"columns.{needed} is required")]
            )
    labels = {field: schemas.labels(field) for field in ENUMS}
    return Mapping(
        columns={f: [str(h) for h in columns[f]] for f in FIELDS if columns.get(f)},
        titles=tuple(sorted((normal(t) for t in raw.get("titles") or ()), key=len, reverse=True)),
        values={
            f: _values(f, labels[f], (raw.get("values") or {}).get(f) or {}, name) for f in ENUMS
        },
        labels=labels,
        school_prefixes=tuple(normal(p) for p in raw.get("school_prefixes") or ()),
        district_prefixes={
            normal(k): normal(v) for k, v in (raw.get("district_prefixes") or {}).items()
        },
        office_names=tuple(normal(n) for n in raw.get("office_names") or ()),
        salary_grades={value_key(g): normal(g) for g in raw.get("salary_grades") or ()},
        ignored={header_key(h): _reason(r) for h, r in (raw.get("ignored") or {}).items()},
        skip_rows={
            kind: tuple(normal(w) for w in words)
            for kind, words in (raw.get("skip_rows") or {}).items()
        },
    )


def _reason(text: object) -> tuple[str, str]:
    """``ไทย — English`` → (Thai, English); one language only is used for both."""
    th, _, en = normal(text).partition(" — ")
    return th, en or th


def _values(field: str, labels: dict[str, str], aliases: dict, name: str) -> dict[str, str]:
    """Every accepted spelling of ``field`` → enum key; an alias must name a real label."""
    by_label = {value_key(label): key for key, label in labels.items()}
    out = {**{value_key(key): key for key in labels}, **by_label}
    for alias, target in aliases.items():
        key = by_label.get(value_key(str(target))) or (target if target in labels else None)
        if key is None:
            th = f"values.{field}: '{target}' ไม่ใช่ชื่อใน x-labels ของ {field}"
            en = f"values.{field}: '{target}' is not one of the schema's labels"
            raise ProblemError([_bad(name, th, en)])
        out[value_key(str(alias))] = key
    return out


def _bad(name: str, th: str, en: str):
    return problem("PA705", name, line=1, column=1, detail_th=th, detail_en=en)
