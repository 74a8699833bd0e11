"""Property-based fuzzing of the loader and the validator (hypothesis, a few seconds).

Whatever the bytes, the loader either returns a mapping or raises ``ProblemError`` with
known codes and real line numbers; whatever a record holds, the validator reports problems
and never raises. Atheris would add coverage-guided mutation of the same entry points, but
libyaml is already fuzzed upstream and our code on top is a small event walker, so random
bytes plus YAML-shaped text cover it in far less CI time.
"""

from __future__ import annotations

import shutil

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL, problems_of
from patracker.load import read_bytes
from patracker.messages import CATALOGUE
from patracker.problems import ProblemError

QUICK = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YAMLISH = st.text(
    alphabet=st.sampled_from([*list("abc:-[]{}&*!|>'\"#%@`,?\n \t0123456789"), "ก", "\u200b", "é"]),
    max_size=200,
)
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def _check_loader(raw: bytes) -> None:
    try:
        loaded = read_bytes(raw, "fuzz.yaml")
    except ProblemError as exc:
        assert exc.problems
        lines = raw.count(b"\n") + 1
        for problem in exc.problems:
            assert problem.code in CATALOGUE
            assert 1 <= problem.line <= lines + 1
        return
    assert isinstance(loaded.data, dict)


@QUICK
@given(st.binary(max_size=300))
def test_loader_on_any_bytes(raw: bytes):
    _check_loader(raw)


@QUICK
@given(YAMLISH)
def test_loader_on_yaml_shaped_text(text: str):
    _check_loader(text.encode("utf-8"))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(
        [
            "people/somsak-thongdee/person.yaml",
            "people/somsak-thongdee/2569/agreement.yaml",
            "people/somsak-thongdee/2569/progress.yaml",
            "committees/2569/pa-ban-thung-kula.yaml",
            "applications/somsak-thongdee-2569.yaml",
            "office.yaml",
        ]
    ),
    st.dictionaries(
        st.sampled_from(["id", "person", "school", "status", "members", "history", "entries"]),
        VALUES,
        max_size=4,
    ),
)
def test_validator_never_crashes_on_any_record_shape(tmp_path_factory, relative: str, extra):
    records = tmp_path_factory.mktemp("fuzz") / "records"
    shutil.copytree(MINIMAL, records)
    path = records / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(extra)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for code, file, line in problems_of(records):
        assert code in CATALOGUE
        assert isinstance(file, str) and line >= 1
    shutil.rmtree(records.parent)
