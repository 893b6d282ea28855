"""Privacy guard: the roster (names, ids, emails, phones) must never reach docs/ or site/.

Plain Python, no MkDocs: the build calls `scan_sources` (docs/ and overrides/) in on_pre_build
and `scan_output` (every file of site/, scripts/acks/sitescan.py) after the site is written; a
failure stops the build. `check_output` stops `ack remind --out` and `ack import --rejects` from writing
personal data into docs/, site/ or the log folder.

The scan looks at what a page could publish besides Markdown: every symlink under docs/ or
overrides/ (one leaving its folder could pull any file of the machine into the site), and every data
file (CSV, TSV, XLSX, JSON, TXT, and the same gzip-compressed) for a roster value: an id
(case, spaces, dashes ignored), an email, a phone in any spelling (0900000001,
+84 900 000 001, 84900000001, 0900.000.001) or a full name (accents, case and spacing
ignored).
"""
from __future__ import annotations

import gzip
import os
import re
import unicodedata
import zipfile
from collections.abc import Sequence
from pathlib import Path

from ..model.problem import Problem
from . import AckError
from .messages import problem
from .roster import normalize_email, normalize_phone

DATA_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".txt")
MAX_SCAN_BYTES = 64 * 1024 * 1024  # bytes read (after gunzip / unzip) from one data file
MIN_VALUE = 5  # shorter ids or names would match ordinary text
MAX_WINDOW = 6  # words in the longest name or spelled-out phone

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_WORD = re.compile(r"[a-z0-9]+")


_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold(text: str) -> str:
    """folding.fold without a Python loop per character (the site guard folds megabytes)."""
    return _COMBINING.sub("", unicodedata.normalize("NFD", text.lower())).replace("đ", "d")


class RosterIndex:
    """The roster's values in the forms the scan compares: folded names, id keys, emails, phones."""

    def __init__(self, reporters):
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        # first word of a name or an id -> the most words it may span (the scan looks only there)
        self.starts: dict[str, int] = {}
        for r in reporters:
            words = _WORD.findall(_fold(r.full_name or ""))
            name = " ".join(words)
            if len(name) >= MIN_VALUE and " " in name:
                self.names.add(name)
                self._start(words[0], len(words))
            id_words = _WORD.findall(_fold(r.rid or ""))
            rid = "".join(id_words)
            if len(rid) >= MIN_VALUE:
                self.ids.add(rid)
                self._start(id_words[0], MAX_WINDOW)
                self._start(rid, 1)
            if r.email and "@" in r.email:
                self.emails.add(normalize_email(r.email))
            phone = normalize_phone(r.phone)
            if len(phone) >= 9:
                self.phones.add(phone)

    def _start(self, word: str, span: int) -> None:
        self.starts[word] = max(self.starts.get(word, 0), min(span, MAX_WINDOW))

    def find(self, text: str) -> list[tuple[str, str]]:
        """(kind, value as found) of every roster value in `text`."""
        found = []
        low = text.lower()
        if "@" in low:
            for m in _EMAIL.finditer(low):
                if normalize_email(m.group()) in self.emails:
                    found.append(("email", m.group()))
        words = _WORD.findall(_fold(low))
        starts, n = self.starts, len(words)
        for i, word in enumerate(words):
            span = starts.get(word)
            if span:
                for k in range(1, min(span, n - i) + 1):
                    window = words[i:i + k]
                    spaced = " ".join(window)
                    if spaced in self.names:
                        found.append(("họ tên", spaced))
                    if "".join(window) in self.ids:
                        found.append(("mã", spaced))
            if word.isdigit() and self.phones:
                joined = ""
                for k in range(min(MAX_WINDOW, n - i)):
                    if not words[i + k].isdigit():
                        break
                    joined += words[i + k]
                    if 9 <= len(joined) <= 14 and normalize_phone(joined) in self.phones:
                        found.append(("số điện thoại", " ".join(words[i:i + k + 1])))
        return found


def _read_limited(f) -> bytes:
    data = f.read(MAX_SCAN_BYTES + 1)
    return data[:MAX_SCAN_BYTES]


def data_text(path: Path) -> str:
    """The text a data file holds (gzip and XLSX opened), at most MAX_SCAN_BYTES of it."""
    name = path.name.lower()
    if name.endswith(".gz"):
        with gzip.open(path, "rb") as f:
            raw = _read_limited(f)
        name = name[:-3]
    else:
        with open(path, "rb") as f:
            raw = _read_limited(f)
    if raw.startswith(b"PK\x03\x04") or name.endswith((".xlsx", ".xlsm")):
        return _zip_text(raw)
    for enc in ("utf-8-sig", "utf-16", "cp1258", "latin-1"):
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, UnicodeError):
            continue
    return raw.decode("latin-1")


def _zip_text(raw: bytes) -> str:
    import io
    out, budget = [], MAX_SCAN_BYTES
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            for info in z.infolist():
                if not info.filename.endswith(".xml") or budget <= 0:
                    continue
                with z.open(info) as f:
                    data = f.read(budget)
                budget -= len(data)
                out.append(re.sub(r"<[^>]*>", " ", data.decode("utf-8", errors="replace")))
    except (zipfile.BadZipFile, OSError, ValueError):
        return raw.decode("latin-1")
    return "\n".join(out)


def is_data_file(path: Path) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return name.endswith(DATA_SUFFIXES)


def _leaves(path: Path, root: Path) -> bool:
    try:
        return not path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a loop of links
        return True


def scan_docs(docs_dir: Path | str, roster=None, label: str | None = None) -> list[Problem]:
    """Problems that must stop the build: symlinks leaving the folder (docs/ or overrides/, the only
    folders files reach site/ from), roster values in its data files."""
    docs_dir = Path(docs_dir)
    label = label or docs_dir.name + "/"
    root = docs_dir.resolve()
    index = RosterIndex(roster.reporters) if roster is not None else None
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = here / name
            if path.is_symlink():
                if _leaves(path, root):
                    problems.append(problem(path, 0, "unsafe-symlink", "privacy.scan-docs", label=label,
                                            target=os.readlink(path)))
                    continue
            if name in filenames and index is not None and is_data_file(path) and path.is_file():
                try:
                    text = data_text(path)
                except (OSError, EOFError, gzip.BadGzipFile) as exc:
                    problems.append(problem(path, 0, "roster-leak", "privacy.scan-docs-2", exc=exc))
                    continue
                hits = index.find(text)
                if hits:
                    kinds = sorted({k for k, _ in hits})
                    problems.append(problem(path, 0, "roster-leak", "privacy.scan-docs", n_hits=len(hits),
                                            kinds=', '.join(kinds), label=label))
    return problems


def scan_sources(folders, roster=None) -> list[Problem]:
    """scan_docs of every folder files reach site/ from (docs/, the theme's overrides/)."""
    problems = []
    for folder in folders:
        if folder and Path(folder).is_dir():
            problems += scan_docs(folder, roster)
    return problems


def scan_output(site_dir: Path | str, root: Path | str, roster=None) -> list[Problem]:
    """The output guard, after every build: [personal-data] for each file of site/ holding a phone,
    an e-mail (not on the allow list), a name next to them, or a roster value; those files removed.
    The problems name the file and the kind of value only."""
    from ..model import personal
    from . import sitescan
    allow_file = personal.allow_list_for(root)
    try:
        allowed = personal.load_allowed(allow_file)
    except personal.AllowListError as exc:
        return [problem(allow_file, 0, "personal-data", "privacy.scan-output", exc=exc)]
    index = RosterIndex(roster.reporters) if roster is not None else None
    return sitescan.scan_site(site_dir, allowed, index, remove=True)


def load_roster_quietly(data_dir: Path | str, warn=None):
    """The roster in `data_dir` (reporters.csv + provinces.csv), or None when there is none
    or it cannot be read (then `warn` is told: the symlink part of the scan still runs)."""
    from .roster import load_provinces, load_roster
    data_dir = Path(data_dir)
    roster_path = data_dir / "reporters.csv"
    if not roster_path.exists():
        return None
    try:
        return load_roster(roster_path, load_provinces(data_dir / "provinces.csv"))
    except AckError as exc:
        if warn:
            warn(f"privacy guard: không đọc được danh sách báo cáo viên, chỉ kiểm tra liên kết ({exc.problems[0]})")
        return None


def check_output(path: Path | str, forbidden: Sequence[Path | str | None], option: str, is_file: bool = False) -> None:
    """Refuse (AckError [unsafe-output]) an output path inside one of the `forbidden` folders."""
    target = Path(path).resolve()
    folder = target.parent if is_file else target
    for bad in forbidden:
        if bad is None:
            continue
        bad_path = Path(bad).resolve()
        if folder == bad_path or folder.is_relative_to(bad_path):
            raise AckError(problem(option, 0, "unsafe-output", "privacy.check-output", path=path, bad=bad))


def main(argv=None) -> int:
    """`python -m scripts.acks.privacy DIR…`: the output guard on folders written after the build
    (an offline copy, a release's zips); exit 1 and one line per file holding personal data."""
    import argparse
    import sys

    from ..model import personal
    from . import ROOT
    from .sitescan import scan_site
    parser = argparse.ArgumentParser(prog="python -m scripts.acks.privacy")
    parser.add_argument("folders", nargs="+")
    parser.add_argument("--root", default=str(ROOT), help="the site's folder (data/public-contacts.yml)")
    args = parser.parse_args(argv)
    try:
        allowed = personal.load_allowed(personal.allow_list_for(args.root))
    except personal.AllowListError as exc:
        print(f"data/public-contacts.yml: [bad-value] {exc}", file=sys.stderr)
        return 1
    roster = load_roster_quietly(Path(args.root) / "data" / "sample-workspace")  # the only roster a content repository holds
    index = RosterIndex(roster.reporters) if roster is not None else None
    problems = []
    for folder in args.folders:
        problems += [Problem(str(Path(folder) / p.path), 0, p.rule, p.message) for p in scan_site(folder, allowed, index)]
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
