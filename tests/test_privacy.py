"""Nothing of the roster may reach site/: scan every built file for every roster value."""
from __future__ import annotations

import csv
import unicodedata

from conftest import ROOT

ROSTER = ROOT / "data" / "reporters.csv"
FIELDS = ("reporter_id", "full_name", "email", "phone")


def roster_values() -> set[str]:
    with ROSTER.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 100, "the sample roster should hold a few hundred fictional reporters"
    values = set()
    for row in rows:
        for field in FIELDS:
            value = (row.get(field) or "").strip()
            if len(value) >= 5:  # shorter values (e.g. a bare number) would match anything
                values.add(unicodedata.normalize("NFC", value).lower())
    return values


def test_roster_and_log_live_in_data_not_docs():
    assert ROSTER.exists()
    assert not list((ROOT / "docs").rglob("*.csv")) and not list((ROOT / "docs").rglob("*.xlsx"))


def test_no_roster_value_in_the_built_site(site):
    values = roster_values()
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any(p.name == "index.html" and "dashboard" in str(p.parent) for p in files), "dashboard not built"
    leaks = []
    for path in files:
        raw = path.read_bytes()
        try:
            text = unicodedata.normalize("NFC", raw.decode("utf-8")).lower()
        except UnicodeDecodeError:
            continue  # images, gzip: the roster is text
        leaks += [(path.relative_to(site).as_posix(), v) for v in values if v in text]
    assert leaks == [], f"roster values published: {leaks[:10]}"


def test_the_scan_would_catch_a_leak(tmp_path):
    """Guard against a vacuous scan: a planted roster value is found."""
    value = sorted(roster_values())[0]
    (tmp_path / "page.html").write_text(f"<p>{value}</p>", encoding="utf-8")
    text = (tmp_path / "page.html").read_text(encoding="utf-8").lower()
    assert value in text
