"""Nothing of the roster may reach site/: scan every built file for every roster value."""
from __future__ import annotations

import csv
import gzip
import shutil
import unicodedata
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT
from support import ackfixtures as fx

from scripts.acks import privacy
from scripts.acks.roster import load_provinces, load_roster

ROSTER = ROOT / "data" / "sample-workspace" / "reporters.csv"
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


# --------------------------------------------------------------------------- the build's privacy guard
# scripts/acks/privacy.py scans docs/ before every build: a symlink leaving docs/, or a data
# file (CSV, TSV, XLSX, JSON, TXT, gzip of those) holding a roster value, stops the build.




GUARD_ROSTER = [
    ["BCV-00042", "Trần Thị Bích Ngọc", "provincial", "ha-noi", "Đơn vị mẫu", "ngoc.tran@example.invalid",
     "0900 000 042", "true", "2024-01-01"],
    ["BCV-00043", "Lê Văn Minh", "central", "ha-noi", "Đơn vị mẫu", "", "", "true", "2024-01-01"],
]


def _guard_roster(base):
    data = base / "data" / "sample-workspace"  # the one place of a content repository a roster may be (fictional)
    fx.write_roster(data / "reporters.csv", GUARD_ROSTER)
    shutil.copy(ROOT / "data" / "provinces.csv", data / "provinces.csv")
    return load_roster(data / "reporters.csv", load_provinces(data / "provinces.csv"))


def _leaks(docs, roster) -> dict[str, str]:
    return {Path(p.path).name: p.rule for p in privacy.scan_docs(docs, roster)}


@pytest.mark.parametrize("name, content", [
    ("name-folded.csv", "stt,ho ten\n1,TRAN THI  BICH-NGOC\n"),
    ("name-nfd.txt", unicodedata.normalize("NFD", "Danh sách: trần thị bích ngọc")),
    ("phone-local.tsv", "so\t0900000042\n"),
    ("phone-intl.json", '{"phone": "+84 900 000 042"}'),
    ("phone-84.txt", "gọi 84900000042"),
    ("phone-dots.csv", "0900.000.042\n"),
    ("id.json", '["bcv 00042"]'),
    ("email.txt", "liên hệ Ngoc.Tran@Example.Invalid"),
])
def test_the_scan_finds_a_planted_leak_in_each_form(tmp_path, name, content):
    roster = _guard_roster(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "clean.json").write_text('{"total": 120, "coverage": 0.76, "tel": "111"}', encoding="utf-8")
    (docs / name).write_text(content, encoding="utf-8")
    assert _leaks(docs, roster) == {name: "roster-leak"}


def test_the_scan_reads_gzip_and_xlsx(tmp_path):
    roster = _guard_roster(tmp_path)
    docs = tmp_path / "docs" / "assets"
    docs.mkdir(parents=True)
    with gzip.open(docs / "export.csv.gz", "wt", encoding="utf-8") as f:
        f.write("id,phone\nx,+84900000042\n")
    wb = openpyxl.Workbook()
    wb.active.append(["Họ tên", "Lê Văn Minh"])
    wb.save(docs / "bang.xlsx")
    (docs / "note.md").write_text("Lê Văn Minh", encoding="utf-8")  # pages are not data files
    assert _leaks(tmp_path / "docs", roster) == {"export.csv.gz": "roster-leak", "bang.xlsx": "roster-leak"}


def test_a_symlink_leaving_docs_is_refused(tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (tmp_path / "secret.csv").write_text("x\n", encoding="utf-8")
    (docs / "assets" / "inside.md").write_text("x", encoding="utf-8")
    (docs / "alias.md").symlink_to(docs / "assets" / "inside.md")  # stays inside: fine
    (docs / "assets" / "data.csv").symlink_to(tmp_path / "secret.csv")
    (docs / "etc").symlink_to("/etc")
    problems = privacy.scan_docs(docs, None)
    assert sorted((Path(p.path).name, p.rule) for p in problems) == [("data.csv", "unsafe-symlink"),
                                                                      ("etc", "unsafe-symlink")]


def test_the_real_docs_pass_the_guard():
    roster = load_roster(ROSTER, load_provinces(ROOT / "data" / "provinces.csv"))
    assert privacy.scan_docs(ROOT / "docs", roster) == []


@pytest.mark.slow
def test_the_build_fails_on_a_roster_value_in_docs_or_a_symlink_out(tmp_path):
    from bench.harness import build, write_config
    _guard_roster(tmp_path)
    docs = fx.make_docs(tmp_path, [], extra={
        "index.vi.md": "---\nid: home\ntype: page\ntitle: Trang chủ\nowner: Ban biên tập\n"
                       "last_reviewed: \"2026-11-01\"\n---\n\nXin chào.\n",
        "index.en.md": "---\nid: home\ntype: page\ntitle: Home\nlast_reviewed: \"2026-11-01\"\n---\n\nHello.\n",
    })
    (docs / "assets").mkdir()
    (docs / "assets" / "bao-cao.json").write_text('{"n": "84 900 000 042"}', encoding="utf-8")
    config = write_config(tmp_path / "mkdocs.yml", docs, nav=["index.md"])
    result = build(config, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "bao-cao.json: [roster-leak]" in out, out[-3000:]
    assert not (tmp_path / "site" / "assets" / "bao-cao.json").exists()
    (docs / "assets" / "bao-cao.json").unlink()
    (docs / "assets" / "roster.csv").symlink_to(tmp_path / "data" / "sample-workspace" / "reporters.csv")
    result = build(config, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "roster.csv: [unsafe-symlink]" in out, out[-3000:]
    (docs / "assets" / "roster.csv").unlink()
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
