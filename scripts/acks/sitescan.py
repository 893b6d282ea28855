"""The build's output guard: no personal data in any file of site/.

Plain Python, no MkDocs: the build calls `scan_site` after every file is written
(on_post_build, last); a finding fails the build with `path: [personal-data] …` naming the
file (and the member inside an archive) and the KIND of value, never the value (build logs
are public). The files found are removed from site/ so nothing can deploy them.

Every file, whatever its name or type, is read as bytes and opened as far as it goes:
- zip archives (zip, xlsx, ods, docx, odt, epub…) member by member, gzip, bzip2 and xz
  streams, found by their first bytes (not their names), nested up to MAX_DEPTH;
- text in UTF-8 or UTF-16 LE/BE, with or without a BOM (UTF-16 without BOM is recognised
  by its zero bytes); bytes that are not text (an .xls, an image) are read three ways:
  as Latin-1 and as UTF-16 LE at both byte alignments, so strings a binary format stores
  in 8-bit or 16-bit units are seen;
- markup read twice: as written and with its tags removed (`09<b></b>00…`);
- entities, escapes, zero-width characters, full-width digits decoded (personal.Shown).
Work is bounded: at most MAX_BYTES read out of one file (all members and streams together),
MAX_MEMBERS members per archive; a file that would need more is itself a finding
("too large to verify"), so a zip bomb fails the build instead of hiding a roster.
"""
from __future__ import annotations

import bz2
import codecs
import gzip
import io
import lzma
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from ..model import personal
from ..model.problem import Problem
from .messages import message, problem

CHUNK = 1 << 20  # bytes decoded and scanned at a time
OVERLAP = 512  # characters of one chunk carried into the next (a value cut at a chunk boundary)
MAX_BYTES = 128 << 20  # bytes read out of one file of site/, archives and compressed streams included
MAX_MEMBERS = 20_000
MAX_DEPTH = 4
SPOOL = 32 << 20
Stream = IO[bytes] | io.BufferedIOBase  # a file, a zip member or a decompressing reader (gzip, bz2, xz)
# privacy.RosterIndex's kinds (a value of the roster, when the build has one) as this module's
ROSTER_KINDS = {"email": "email", "số điện thoại": "phone", "họ tên": "name", "mã": "roster-id"}

_TAG = re.compile(r"<[^<>]{0,2000}>")


class TooLarge(Exception):
    pass


@dataclass
class _Budget:
    left: int = MAX_BYTES

    def take(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise TooLarge()


@dataclass
class Hit:
    member: str  # "" for the file itself, else the path inside the archive ("xl/sharedStrings.xml")
    kinds: set = field(default_factory=set)  # personal.KINDS keys, or "too-large", "unreadable"


class _Scanner:
    """Collects the kinds found in one stream of text given chunk by chunk."""

    def __init__(self, allowed: personal.Allowed, roster, markup: bool):
        self.allowed, self.roster, self.markup = allowed, roster, markup
        self.tail = ""
        self.kinds: set[str] = set()

    def feed(self, text: str, final: bool = False) -> None:
        text = self.tail + text
        if not final and len(text) > OVERLAP:
            # keep the end for the next chunk (a value may be cut here); scan it with this one too
            self.tail = text[-OVERLAP:]
        else:
            self.tail = ""
        self._scan(text)
        if self.markup and "<" in text:
            self._scan(_TAG.sub("", text))

    def _scan(self, text: str) -> None:
        shown = personal.Shown(text).text
        for f in personal.find_shown(shown, self.allowed):
            self.kinds.add(f.kind)
        if self.roster is not None:
            self.kinds.update(ROSTER_KINDS.get(kind, kind) for kind, _ in self.roster.find(shown))


def _magic(head: bytes) -> str:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\x1f\x8b"):
        return "gzip"
    if head.startswith(b"BZh") and head[3:4].isdigit():
        return "bz2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    return ""


def _encoding(head: bytes) -> str:
    """utf-8-sig, utf-16-le, utf-16-be (with or without BOM), or "binary"."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le-bom"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be-bom"
    sample = head[:4096]
    if len(sample) >= 4:
        pairs = len(sample) // 2
        even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
        odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
        if even > 0.3 * pairs and odd < 0.05 * pairs:
            return "utf-16-be"
        if odd > 0.3 * pairs and even < 0.05 * pairs:
            return "utf-16-le"
    try:
        # a multi-byte character may be cut at the end of the sample: tolerate the last 3 bytes
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 3:
            return "binary"
    return "utf-8"


def _is_markup(name: str, head: bytes) -> bool:
    low = name.lower()
    if low.endswith((".html", ".htm", ".xhtml", ".xml", ".svg", ".rss", ".atom", ".md")):
        return True
    start = head[:512].lstrip().lower()
    return start.startswith((b"<", b"\xef\xbb\xbf<"))


def _chunks(stream: Stream, budget: _Budget, first: bytes) -> Iterator[bytes]:
    if first:
        budget.take(len(first))
        yield first
    while True:
        data = stream.read(CHUNK)
        if not data:
            return
        budget.take(len(data))
        yield data


def _scan_stream(stream: Stream, name: str, member: str, depth: int, budget: _Budget, allowed, roster,
                 hits: list[Hit]) -> None:
    head = stream.read(CHUNK)
    kind = _magic(head)
    if kind and depth >= MAX_DEPTH:
        hits.append(Hit(member, {"too-large"}))
        return
    if kind == "zip":
        _scan_zip(stream, head, name, member, depth, budget, allowed, roster, hits)
        return
    if kind:
        source = io.BufferedReader(_Prefixed(head, stream))
        inner = gzip.GzipFile(fileobj=source) if kind == "gzip" else bz2.BZ2File(source) if kind == "bz2" \
            else lzma.LZMAFile(source)
        inner_name = re.sub(r"\.(gz|bz2|xz|tgz)$", "", name, flags=re.I)
        try:
            _scan_stream(inner, inner_name, member, depth + 1, budget, allowed, roster, hits)
        except (OSError, EOFError, lzma.LZMAError, ValueError):
            hits.append(Hit(member, {"unreadable"}))
        return
    if head.startswith(b"%PDF-"):
        _scan_pdf(stream, head, name, member, depth, budget, allowed, roster, hits)
        return
    encoding = _encoding(head)
    if encoding == "binary":
        # strings a binary format stores in 8-bit units, and in 16-bit units at either alignment
        views = [_View("latin-1", 0, allowed, roster, False), _View("utf-16-le", 0, allowed, roster, False),
                 _View("utf-16-le", 1, allowed, roster, False)]
    else:
        codec = {"utf-16-le-bom": "utf-16", "utf-16-be-bom": "utf-16"}.get(encoding, encoding)
        views = [_View(codec, 0, allowed, roster, _is_markup(name, head))]
    for chunk in _chunks(stream, budget, head):
        for view in views:
            view.feed(chunk)
    kinds = set()
    for view in views:
        kinds |= view.close()
    if kinds:
        hits.append(Hit(member, kinds))


def _scan_pdf(stream, head, name, member, depth, budget, allowed, roster, hits) -> None:
    """A PDF (the printed books): what a reader of it sees, not its drawing operators, whose
    coordinates read like numbers ('190.01251' as a 1900 line): every page's text, the links'
    addresses, the document's properties, and each attached file scanned as a file of its own.
    A PDF that does not open is not published (fail closed)."""
    data = bytearray(head)
    budget.take(len(head))
    while chunk := stream.read(CHUNK):
        budget.take(len(chunk))
        data += chunk
    scanner = _Scanner(allowed, roster, False)
    try:
        import pypdf
        reader = pypdf.PdfReader(io.BytesIO(bytes(data)))
        for page in reader.pages:
            scanner.feed(page.extract_text() or "")
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                scanner.feed(" " + str(action.get("/URI") or "") + " ")
        scanner.feed(" ".join(str(v) for v in (reader.metadata or {}).values()))
        attachments = list(reader.attachments.items())
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file: none may publish it
        hits.append(Hit(member, {"unreadable"}))
        return
    scanner.feed("", final=True)
    if scanner.kinds:
        hits.append(Hit(member, set(scanner.kinds)))
    for inner, contents in attachments:
        for body in contents:
            _scan_stream(io.BytesIO(body), inner, f"{member}/{inner}".lstrip("/"), depth + 1, budget, allowed,
                         roster, hits)


class _View:
    """One way of reading a stream's bytes as text (an encoding, from a byte offset)."""

    def __init__(self, codec: str, skip: int, allowed, roster, markup: bool):
        self.decoder = codecs.getincrementaldecoder(codec)("replace")
        self.skip = skip
        self.scanner = _Scanner(allowed, roster, markup)

    def feed(self, chunk: bytes) -> None:
        if self.skip:
            chunk, self.skip = chunk[self.skip:], 0
        self.scanner.feed(self.decoder.decode(chunk))

    def close(self) -> set[str]:
        self.scanner.feed(self.decoder.decode(b"", final=True), final=True)
        return self.scanner.kinds


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read (to sniff them): those, then the rest."""

    def __init__(self, head: bytes, rest: Stream):
        self.head, self.rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self.head:
            n = min(len(b), len(self.head))
            b[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(b))
        b[:len(data)] = data
        return len(data)


def _scan_zip(stream, head, name, member, depth, budget, allowed, roster, hits) -> None:
    if not member and stream.seekable():
        stream.seek(0)
        data = stream
    else:
        # a zip inside an archive or a compressed stream must be seekable: spooled to a temporary
        # file (memory up to SPOOL bytes), within the file's budget
        data = tempfile.SpooledTemporaryFile(max_size=SPOOL)
        for chunk in _chunks(stream, budget, head):
            data.write(chunk)
        data.seek(0)
    try:
        with zipfile.ZipFile(data) as z:
            infos = z.infolist()
            if len(infos) > MAX_MEMBERS:
                hits.append(Hit(member, {"too-large"}))
                return
            for info in infos:
                if info.is_dir():
                    continue
                inner = f"{member}/{info.filename}" if member else info.filename
                if info.file_size > budget.left:
                    raise TooLarge()
                try:
                    with z.open(info) as f:
                        _scan_stream(f, info.filename, inner, depth + 1, budget, allowed, roster, hits)
                except (zipfile.BadZipFile, NotImplementedError, RuntimeError, OSError, EOFError,
                        lzma.LZMAError, ValueError):
                    hits.append(Hit(inner, {"unreadable"}))
    except zipfile.BadZipFile:
        # starts like a zip but is none: its bytes are read as they are
        data.seek(0)
        view = _View("latin-1", 0, allowed, roster, False)
        while chunk := data.read(CHUNK):
            view.feed(chunk)
        kinds = view.close()
        if kinds:
            hits.append(Hit(member, kinds))


def scan_file(path: Path, allowed: personal.Allowed = personal.NOTHING_ALLOWED, roster=None) -> list[Hit]:
    """What personal data one file holds: [Hit(member, kinds)], empty when none."""
    hits: list[Hit] = []
    budget = _Budget()
    try:
        with open(path, "rb") as f:
            _scan_stream(f, path.name, "", 0, budget, allowed, roster, hits)
    except TooLarge:
        hits.append(Hit("", {"too-large"}))
    except OSError:
        hits.append(Hit("", {"unreadable"}))
    return hits


KIND_NAMES = {**personal.KINDS, "roster-id": "mã báo cáo viên"}
WHAT = {"too-large": "quá lớn để kiểm tra hết (hơn {mb} MB sau khi giải nén, hoặc quá nhiều tệp con)",
        "unreadable": "không đọc được để kiểm tra (tệp nén, tệp lưu trữ hoặc PDF bị hỏng)"}


def _problem(path: str, hit: Hit, removed: bool = False) -> Problem:
    """The kinds found, in a fixed order: never the values (build logs are public)."""
    where = f" (trong '{hit.member}')" if hit.member else ""
    kinds = [name for kind, name in KIND_NAMES.items() if kind in hit.kinds]
    removed_text = message("personal-data", "sitescan.removed") if removed else ""  # a suffix
    if kinds:
        return problem(path, 0, "personal-data", "sitescan.found", what=", ".join(kinds), where=where,
                       removed=removed_text)
    what = "; ".join(WHAT[k].format(mb=MAX_BYTES >> 20) for k in WHAT if k in hit.kinds)
    return problem(path, 0, "personal-data", "sitescan.unchecked", what=what, where=where, removed=removed_text)


PARALLEL_MIN_BYTES = 8 << 20  # a site this big is scanned by two processes when two CPUs are free
_FORKED: tuple | None = None  # (allowed, roster) a forked worker scans with


def _scan_one(path: Path) -> list[Hit]:
    allowed, roster = cast(tuple, _FORKED)  # set by the parent before the pool forks
    return scan_file(path, allowed, roster)


def _scan_all(paths: list[Path], allowed, roster) -> list[list[Hit]]:
    try:
        big = sum(p.stat().st_size for p in paths) >= PARALLEL_MIN_BYTES
    except OSError:
        big = False
    if not big or not _two_cpus() or os.environ.get("HANDBOOK_ACK_PROCESSES") == "1":
        return [scan_file(p, allowed, roster) for p in paths]
    global _FORKED
    _FORKED = (allowed, roster)
    try:
        import multiprocessing
        with multiprocessing.get_context("fork").Pool(2) as pool:
            # largest first, in small batches: the two processes finish together
            order = sorted(range(len(paths)), key=lambda i: -paths[i].stat().st_size)
            found = pool.map(_scan_one, [paths[i] for i in order], chunksize=4)
    finally:
        _FORKED = None
    out: list[list[Hit]] = [[] for _ in paths]
    for i, hits in zip(order, found, strict=True):
        out[i] = hits
    return out


def _two_cpus() -> bool:
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return (os.cpu_count() or 1) >= 2


def scan_site(site_dir: Path | str, allowed: personal.Allowed = personal.NOTHING_ALLOWED, roster=None,
              remove: bool = False) -> list[Problem]:
    """One [personal-data] problem per file of site_dir holding personal data (kinds only); a
    symbolic link in site/ is one too (the build copies files: a link would publish its target)."""
    site_dir = Path(site_dir)
    problems, paths = [], []
    for folder, dirs, files in os.walk(site_dir):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(folder) / name
            if path.is_symlink():
                problems.append(problem(path.relative_to(site_dir).as_posix(), 0, "personal-data", "sitescan.symlink"))
            elif name in files:
                paths.append(path)
    for path, hits in zip(paths, _scan_all(paths, allowed, roster), strict=True):
        for hit in hits:
            problems.append(_problem(path.relative_to(site_dir).as_posix(), hit, remove))
        if hits and remove:
            try:
                path.unlink()
            except OSError:
                pass
    return sorted(problems)




__all__ = ["scan_site", "scan_file", "Hit", "MAX_BYTES"]

