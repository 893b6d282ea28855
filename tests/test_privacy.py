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


def find_leaks(site_dir, values) -> list[tuple[str, str]]:
    leaks = []
    for path in (p for p in site_dir.rglob("*") if p.is_file()):
        try:
            text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8")).lower()
        except UnicodeDecodeError:
            continue  # images, gzip: the roster is text
        leaks += [(path.relative_to(site_dir).as_posix(), v) for v in values if v in text]
    return leaks


def test_no_roster_value_in_the_built_site(site):
    assert (site / "dashboard" / "index.html").exists() and (site / "en" / "dashboard" / "index.html").exists()
    leaks = find_leaks(site, roster_values())
    assert leaks == [], f"roster values published: {leaks[:10]}"


def test_the_scan_would_catch_a_leak(tmp_path):
    """Guard against a vacuous scan: a planted name (typed NFD, in capitals) is found."""
    values = roster_values()
    name = next(v for v in sorted(values) if " " in v)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "page.html").write_text(f"<p>{unicodedata.normalize('NFD', name.upper())}</p>",
                                               encoding="utf-8")
    assert find_leaks(tmp_path, values) == [("en/page.html", name)]
