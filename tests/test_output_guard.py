"""The build's output guard: no personal data in any file of site/ (scripts/acks/sitescan.py).

Every roster copy the red team published is planted, alone, in a tiny site: the scan finds
it (unit tests, every format), and the build fails with [personal-data] naming the file and
the kind of value, never the value (one build with all of them). The large cases (a CSV over
64 MiB, compression bombs) run in a subprocess with memory and time limits. The real site
passes (tests/test_privacy.py builds it).
"""
from __future__ import annotations

import bz2
import csv
import gzip
import io
import lzma
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from scripts.acks import privacy, sitescan
from scripts.model import personal

NAME, EMAIL, PHONE = "Trần Thị Bích Ngọc", "ngoc.tran@example.invalid", "0900 000 042"
ROWS = [["reporter_id", "full_name", "email", "phone"], ["BCV-00042", NAME, EMAIL, PHONE]]
ALLOWED = personal.load_allowed()


def _csv(rows=ROWS) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return out.getvalue()


def _xls() -> bytes:
    import xlwt  # a real Excel 97 (BIFF8) workbook: strings stored in 8- or 16-bit units
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("DS")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx(members_extra: dict[str, bytes] | None = None) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["Tỉnh", "Tỉ lệ"])
    book.active.append(["Hà Nội", 0.75])
    out = io.BytesIO()
    book.save(out)
    if not members_extra:
        return out.getvalue()
    with zipfile.ZipFile(out, "a") as z:  # an .xlsx holding a CSV: a member no spreadsheet reads
        for name, data in members_extra.items():
            z.writestr(name, data)
    return out.getvalue()


def _ods() -> bytes:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    cells = "".join("<table:table-row>" + "".join(cell.format(v) for v in row) + "</table:table-row>" for row in ROWS)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
               f'<table:table table:name="DS">{cells}</table:table></office:spreadsheet></office:body>'
               '</office:document-content>')
    return _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content.encode()})


def _entities(text: str) -> str:
    return "".join(f"&#{ord(c)};" if c.isalnum() or c in "@." else c for c in text)


def _escapes(text: str) -> str:
    return "".join(f"\\u{ord(c):04x}" for c in text)


ZW = "\u200b"

# name -> (bytes, kinds the scan must report)
COPIES = {
    "assets/ds.xls": (_xls(), {"phone", "email"}),  # the name is stored in 16-bit units, the rest in 8
    "assets/ds.ods": (_ods(), {"phone", "email"}),
    "assets/ds.html": (("<table>" + "".join("<tr>" + "".join(f"<td>{v}</td>" for v in r) + "</tr>" for r in ROWS)
                        + "</table>").encode(), {"phone", "email"}),
    "assets/ds-split.html": (b"<p>Goi 09<b></b>00 000<span></span> 042</p>", {"phone"}),
    "assets/ds.yml": (f"- id: BCV-00042\n  ten: {NAME}\n  email: {EMAIL}\n  dt: '{PHONE}'\n".encode(),
                      {"phone", "email", "name"}),
    "assets/ds.zip": (_zip({"ds/roster.csv": _csv().encode()}), {"phone", "email", "name"}),
    "assets/ds.csv.bz2": (bz2.compress(_csv().encode()), {"phone", "email", "name"}),
    "assets/ds.csv.xz": (lzma.compress(_csv().encode()), {"phone", "email", "name"}),
    "assets/ds.json.gz": (gzip.compress(f'{{"p": "{PHONE}"}}'.encode()), {"phone"}),
    "assets/bang.xlsx": (_xlsx({"xl/embeddings/roster.csv": _csv().encode()}), {"phone", "email", "name"}),
    "assets/ds-utf16be.csv": (_csv().encode("utf-16-be"), {"phone", "email", "name"}),
    "assets/ds-utf16le-bom.csv": (b"\xff\xfe" + _csv().encode("utf-16-le"), {"phone", "email", "name"}),
    "assets/ds-entities.html": (f"<p>{_entities(EMAIL)} {_entities(PHONE)}</p>".encode(), {"phone", "email"}),
    "assets/ds-escapes.json": (f'{{"e": "{_escapes(EMAIL)}", "p": "{_escapes(PHONE)}"}}'.encode(), {"phone", "email"}),
    "assets/ds-zero-width.txt": (ZW.join("0900000042").encode() + b" " + ZW.join(EMAIL).encode(), {"phone", "email"}),
    "assets/ds-full-width.txt": ("０９００ ０００ ０４２".encode(), {"phone"}),
    "assets/ds-obfuscated.txt": (b"ngoc.tran [at] example [dot] invalid; ngoc(a)example.vn", {"email"}),
    "assets/ds-percent.js": (b'location="mailto:ngoc.tran%40example.invalid"', {"email"}),
    "assets/logo.png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20 + b"tEXtComment\x00" + PHONE.encode()
                        + b"\x00\x00", {"phone"}),
}


def _pdf(text: str, rect: str = "0 0 612 792", info: str = "") -> bytes:
    """A one-page PDF written by hand: `text` drawn in Helvetica, a link annotation at `rect`."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots [6 0 R] "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               f"<< /Type /Annot /Subtype /Link /Rect [{rect}] /A << /S /URI /URI (https://example.org/) >> >>".encode(),
               f"<< /Title ({info}) >>".encode()]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_is_read_as_its_reader_sees_it(tmp_path):
    """The printed books: a phone in a page's text or in the document's properties is found; the
    coordinates of its drawing operators ('190.01251', a 1900 line by its digits) are not."""
    cases = {"text.pdf": (_pdf(f"Lien he {PHONE}"), {"phone"}), "info.pdf": (_pdf("Sach", info=EMAIL), {"email"}),
             "coordinates.pdf": (_pdf("Goi 111", rect="109.245171 190.01251 298.49033 201.70502"), set()),
             "damaged.pdf": (b"%PDF-1.4\n" + os.urandom(2000), {"unreadable"})}
    for name, (data, kinds) in cases.items():
        (tmp_path / name).write_bytes(data)
        hits = sitescan.scan_file(tmp_path / name, ALLOWED)
        assert set().union(*(h.kinds for h in hits)) == kinds, (name, hits)


@pytest.mark.parametrize("rel", sorted(COPIES))
def test_each_roster_copy_is_found_with_its_kinds(tmp_path, rel):
    data, kinds = COPIES[rel]
    path = tmp_path / Path(rel).name
    path.write_bytes(data)
    hits = sitescan.scan_file(path, ALLOWED)
    assert hits and set().union(*(h.kinds for h in hits)) >= kinds, hits


@pytest.mark.parametrize("name, data", [
    ("figures.xlsx", _xlsx()),
    ("figures.csv.gz", gzip.compress(b"tinh,ti le\nha-noi,0.75\n")),
    ("hotline.html", "<p>Gọi <a href=\"tel:111\">111</a>, 113 hoặc 1800 1567.</p>".encode()),
    ("figures-utf16.csv", "tỉnh,tỉ lệ\nHà Nội,75%\n".encode("utf-16")),
    ("chart.svg", b'<svg viewBox="0 0 360 84"><rect x="0" y="20" width="210.0" height="16"/></svg>'),
])
def test_files_without_personal_data_pass(tmp_path, name, data):
    (tmp_path / name).write_bytes(data)
    assert sitescan.scan_file(tmp_path / name, ALLOWED) == []


def test_the_message_names_the_file_member_and_kind_never_the_value(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "ds.zip").write_bytes(_zip({"x/roster.csv": _csv().encode()}))
    (tmp_path / "ok.html").write_text("<p>Gọi 111</p>", encoding="utf-8")
    [p] = sitescan.scan_site(tmp_path, ALLOWED, remove=True)
    assert (p.path, p.rule) == ("a/ds.zip", "personal-data")
    assert "'x/roster.csv'" in p.message and "số điện thoại, địa chỉ e-mail, họ tên" in p.message
    for value in (PHONE, "0900000042", EMAIL, NAME, "ngoc"):
        assert value not in p.message
    assert not (tmp_path / "a" / "ds.zip").exists() and (tmp_path / "ok.html").exists()


def test_a_roster_value_without_phone_or_email_is_found_when_the_build_has_a_roster(tmp_path):
    from test_privacy import _guard_roster
    roster = _guard_roster(tmp_path)
    site = tmp_path / "site"
    site.mkdir()
    (site / "names.html").write_text("<li>TRAN THI BICH NGOC</li><li>bcv 00042</li>", encoding="utf-8")
    assert sitescan.scan_site(site, ALLOWED) == []  # no contact: the generic scan cannot know
    [p] = sitescan.scan_site(site, ALLOWED, privacy.RosterIndex(roster.reporters))
    assert "họ tên" in p.message and "mã báo cáo viên" in p.message


# --------------------------------------------------------------------------- large inputs, bounded
LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
from pathlib import Path
from scripts.acks import sitescan
hits = sitescan.scan_file(Path(sys.argv[1]))
print(sorted(set().union(*(h.kinds for h in hits))) if hits else [])
"""


def _scan_limited(path: Path, timeout: int = 240) -> str:
    result = subprocess.run([sys.executable, "-c", LIMITED, str(path)], capture_output=True, text=True,
                            timeout=timeout, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


@pytest.mark.slow
def test_a_value_after_64_mib_of_a_csv_is_found(tmp_path):
    path = tmp_path / "big.csv"
    line = b"BCV-00000,Nguoi Mau,,\n"
    with open(path, "wb") as f:
        block = line * (1 << 16)
        for _ in range((65 << 20) // len(block) + 1):
            f.write(block)
        f.write(f"BCV-00042,{NAME},{EMAIL},{PHONE}\n".encode())
    assert path.stat().st_size > 64 << 20
    assert _scan_limited(path) == "['email', 'name', 'phone']"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zip", "gzip", "nested"])
def test_a_compression_bomb_fails_as_too_large_within_limits(tmp_path, kind):
    path = tmp_path / f"bomb.{kind}"
    zeros = b"\0" * (1 << 20)
    if kind == "gzip":
        with gzip.open(path, "wb", compresslevel=9) as f:
            for _ in range(300):
                f.write(zeros)
    else:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            with z.open("zeros.bin", "w", force_zip64=True) as f:
                for _ in range(300):
                    f.write(zeros)
        if kind == "nested":
            inner = path.read_bytes()
            path.write_bytes(_zip({f"inner{i}.zip": inner for i in range(3)}))
    assert path.stat().st_size < 2 << 20
    assert _scan_limited(path) == "['too-large']"


# --------------------------------------------------------------------------- the build
def _tiny_site(base: Path, extra: dict | None = None, overrides: bool = False) -> Path:
    from support import ackfixtures as fx

    from bench.harness import write_config
    docs = fx.make_docs(base, [], extra={
        "index.vi.md": "---\nid: home\ntype: page\ntitle: Trang chủ\nowner: Ban biên tập\nlast_reviewed: \"2026-11-01\"\n"
                       "---\n\nGọi 111 hoặc 113.\n",
        "index.en.md": "---\nid: home\ntype: page\ntitle: Home\nlast_reviewed: \"2026-11-01\"\n---\n\nCall 111 or 113.\n",
        **(extra or {})})
    changes = {}
    if overrides:
        from bench.harness import real_config
        shutil.copytree(ROOT / "overrides", base / "overrides")
        changes["theme"] = dict(real_config()["theme"], custom_dir=str(base / "overrides"))
    return write_config(base / "mkdocs.yml", docs, nav=["index.md"], **changes)


@pytest.mark.slow
def test_the_build_fails_on_every_roster_copy_and_removes_them(tmp_path):
    from bench.harness import build
    from scripts.acks.workspace import rosters_in_repo
    config = _tiny_site(tmp_path, overrides=True)
    # in the theme's folder: docs/ takes only pages, images and PDFs ([unsafe-file] stops the
    # others first), while every file of overrides/ is copied to site/ as it is
    theme = tmp_path / "overrides"
    for rel, (data, _) in COPIES.items():
        (theme / rel).parent.mkdir(parents=True, exist_ok=True)
        (theme / rel).write_bytes(data)
    # a copy still shaped like a roster (its header) is refused before the build ([roster-in-repo]);
    # the output guard is tested on the others, which only it can find
    shaped = {p.path.removeprefix("overrides/") for p in rosters_in_repo(tmp_path)}
    assert shaped and shaped < set(COPIES)
    for rel in shaped:
        (theme / rel).unlink()
    result = build(config, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    # an .html file of the theme's folder is a template, never copied to site/ (and docs/ refuses one)
    templates = {rel for rel in COPIES if rel.endswith(".html")}
    for rel in set(COPIES) - shaped - templates:
        assert f"{rel}: [personal-data]" in out, (rel, out[-4000:])
    for rel in COPIES:
        assert not (tmp_path / "site" / rel).exists()
    for value in ("0900 000 042", "0900000042", "ngoc.tran@", "Bích Ngọc"):
        assert value not in out
    assert (tmp_path / "site" / "index.html").exists()  # the rest of the site is there, unpublished


@pytest.mark.slow
def test_the_build_fails_on_a_roster_table_in_a_page(tmp_path):
    from bench.harness import build
    table = "| Họ tên | Điện thoại |\n|---|---|\n" + f"| {NAME} | {PHONE} |\n"
    config = _tiny_site(tmp_path, {"ds.vi.md": "---\nid: ds\ntype: page\ntitle: Danh sách\nowner: Ban biên tập\n"
                                               "last_reviewed: \"2026-11-01\"\n---\n\n" + table,
                                   "ds.en.md": "---\nid: ds\ntype: page\ntitle: List\n"
                                               "last_reviewed: \"2026-11-01\"\n---\n\nList.\n"})
    result = build(config, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "ds.vi.md:11: [personal-data]" in out, out[-3000:]


@pytest.mark.slow
def test_a_symlink_leaving_overrides_fails_the_build(tmp_path):
    from test_privacy import _guard_roster

    from bench.harness import build
    _guard_roster(tmp_path)
    config = _tiny_site(tmp_path, overrides=True)
    link = tmp_path / "overrides" / "assets" / "r.csv"
    link.symlink_to(Path("../../data/sample-workspace/reporters.csv"))  # the roster of the content's sample workspace
    assert link.read_text(encoding="utf-8").startswith("reporter_id")
    result = build(config, tmp_path / "site")
    out = result.stdout + result.stderr
    assert result.returncode != 0 and "overrides/assets/r.csv: [unsafe-symlink]" in out, out[-3000:]
    assert "ra ngoài overrides/" in out
    link.unlink()
    result = build(config, tmp_path / "site")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


def test_folders_written_after_the_build_can_be_scanned_from_the_command_line(tmp_path, capsys):
    (tmp_path / "copy").mkdir()
    (tmp_path / "copy" / "ok.html").write_text("<p>Gọi 111</p>", encoding="utf-8")
    assert privacy.main([str(tmp_path / "copy")]) == 0
    with zipfile.ZipFile(tmp_path / "copy" / "offline.zip", "w") as z:
        z.writestr("so-tay/page.html", f"<p>{EMAIL}</p>")
    assert privacy.main([str(tmp_path / "copy")]) == 1
    err = capsys.readouterr().err
    assert "offline.zip: [personal-data]" in err and "so-tay/page.html" in err and EMAIL not in err
    assert (tmp_path / "copy" / "offline.zip").exists()  # reported, not removed: the caller decides


def test_a_symlink_in_site_is_reported(tmp_path):
    (tmp_path / "ok.html").write_text("<p>x</p>", encoding="utf-8")
    (tmp_path / "r.csv").symlink_to("/etc/hostname")
    assert [(p.path, p.rule) for p in sitescan.scan_site(tmp_path, ALLOWED)] == [("r.csv", "personal-data")]


def test_two_processes_find_what_one_does(tmp_path, monkeypatch):
    for rel, (data, _) in COPIES.items():
        (tmp_path / Path(rel).name).write_bytes(data)
    (tmp_path / "big.txt").write_bytes(b"x" * (9 << 20))
    one = [(p.path, p.message) for p in sitescan.scan_site(tmp_path, ALLOWED)]
    monkeypatch.setattr(sitescan, "_two_cpus", lambda: True)
    monkeypatch.delenv("HANDBOOK_ACK_PROCESSES", raising=False)
    two = [(p.path, p.message) for p in sitescan.scan_site(tmp_path, ALLOWED)]
    assert two == one and len(one) == len(COPIES)


def test_the_real_site_passes_the_output_guard(site):
    """The build of the real site ran the guard (it would have failed); nothing in it is found."""
    assert (site / "hotlines" / "index.html").exists() and "1800 1567" in (site / "hotlines" / "index.html").read_text(
        encoding="utf-8")
    assert sitescan.scan_site(site, ALLOWED) == []
