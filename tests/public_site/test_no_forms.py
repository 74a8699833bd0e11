"""The public site has no forms (issue 10): no form pages, no per-person JSON, no form scripts."""

from __future__ import annotations

from pathlib import Path


def test_the_public_build_has_no_forms(public_site: Path):
    assert not (public_site / "forms").exists()
    assert not (public_site / "assets" / "forms").exists()
    for page in public_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "pa-form-data" not in text and "forms/" not in text, page
