"""Privacy guard: the roster (names, ids, emails, phones) must never reach docs/ or site/.

Plain Python, no MkDocs: the build calls `scan_docs` in on_pre_build (a failure stops the
build); `check_output` stops `ack remind --out` and `ack import --rejects` from writing
personal data into docs/, site/ or the log folder.

The scan looks at what a page could publish besides Markdown: every symlink under docs/
(one leaving docs/ could pull any file of the machine into the site), and every data
file (CSV, TSV, XLSX, JSON, TXT, and the same gzip-compressed) for a roster value: an id
(case, spaces, dashes ignored), an email, a phone in any spelling (0900000001,
+84 900 000 001, 84900000001, 0900.000.001) or a full name (accents, case and spacing
ignored).
"""
from __future__ import annotations

import gzip
import os
import re
import zipfile
from pathlib import Path

from ..model.folding import fold
from ..model.problem import Problem
from . import AckError
from .roster import normalize_email, normalize_phone

DATA_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".txt")
MAX_SCAN_BYTES = 64 * 1024 * 1024  # bytes read (after gunzip / unzip) from one data file
MIN_VALUE = 5  # shorter ids or names would match ordinary text
MAX_WINDOW = 6  # words in the longest name or spelled-out phone

_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_WORD = re.compile(r"[a-z0-9]+")


class RosterIndex:
    """The roster's values in the forms the scan compares: folded names, id keys, emails, phones."""

    def __init__(self, reporters):
        self.names: set[str] = set()
        self.ids: set[str] = set()
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        for r in reporters:
            name = " ".join(_WORD.findall(fold(r.full_name or "").lower()))
            if len(name) >= MIN_VALUE and " " in name:
                self.names.add(name)
            rid = "".join(_WORD.findall(fold(r.rid or "").lower()))
            if len(rid) >= MIN_VALUE:
                self.ids.add(rid)
            if r.email and "@" in r.email:
                self.emails.add(normalize_email(r.email))
            phone = normalize_phone(r.phone)
            if len(phone) >= 9:
                self.phones.add(phone)

    def find(self, text: str) -> list[tuple[str, str]]:
        """(kind, value as found) of every roster value in `text`."""
        found = []
        low = text.lower()
        for m in _EMAIL.finditer(low):
            if normalize_email(m.group()) in self.emails:
                found.append(("email", m.group()))
        words = _WORD.findall(fold(low))
        for i in range(len(words)):
            for k in range(1, min(MAX_WINDOW, len(words) - i) + 1):
                window = words[i:i + k]
                spaced, joined = " ".join(window), "".join(window)
                if spaced in self.names:
                    found.append(("họ tên", spaced))
                if joined in self.ids:
                    found.append(("mã", spaced))
                if joined.isdigit() and 9 <= len(joined) <= 14 and normalize_phone(joined) in self.phones:
                    found.append(("số điện thoại", spaced))
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


def scan_docs(docs_dir: Path | str, roster=None) -> list[Problem]:
    """Problems that must stop the build: symlinks leaving docs/, roster values in data files."""
    docs_dir = Path(docs_dir)
    root = docs_dir.resolve()
    index = RosterIndex(roster.reporters) if roster is not None else None
    problems: list[Problem] = []
    for dirpath, dirnames, filenames in os.walk(docs_dir, followlinks=False):
        here = Path(dirpath)
        for name in sorted(dirnames + filenames):
            path = here / name
            if path.is_symlink():
                target = path.resolve()
                if not target.is_relative_to(root):
                    problems.append(Problem(path, 0, "unsafe-symlink",
                                            f"liên kết tượng trưng trỏ ra ngoài docs/ ({os.readlink(path)}): "
                                            "bản dựng sẽ chép tệp bên ngoài vào trang web; xoá liên kết, chép "
                                            "nội dung cần công bố vào docs/"))
                    continue
            if name in filenames and index is not None and is_data_file(path) and path.is_file():
                try:
                    text = data_text(path)
                except (OSError, EOFError, gzip.BadGzipFile) as exc:
                    problems.append(Problem(path, 0, "roster-leak",
                                            f"không đọc được tệp dữ liệu để kiểm tra ({exc}); xoá hoặc sửa tệp"))
                    continue
                hits = index.find(text)
                if hits:
                    kinds = sorted({k for k, _ in hits})
                    problems.append(Problem(path, 0, "roster-leak",
                                            f"tệp dữ liệu chứa {len(hits)} giá trị của danh sách báo cáo viên "
                                            f"({', '.join(kinds)}; ví dụ '{hits[0][1]}'): dữ liệu cá nhân không "
                                            "được nằm trong docs/ (sẽ được công bố); chuyển tệp về data/"))
    return problems


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


def check_output(path: Path | str, forbidden: list[Path | str], option: str, is_file: bool = False) -> None:
    """Refuse (AckError [unsafe-output]) an output path inside one of the `forbidden` folders."""
    target = Path(path).resolve()
    folder = target.parent if is_file else target
    for bad in forbidden:
        if bad is None:
            continue
        bad_path = Path(bad).resolve()
        if folder == bad_path or folder.is_relative_to(bad_path):
            raise AckError(Problem(option, 0, "unsafe-output",
                                   f"không ghi '{path}' vào trong {bad}: tệp có dữ liệu cá nhân hoặc dòng bị từ "
                                   "chối không được nằm trong docs/, site/ hay thư mục nhật ký; chọn thư mục "
                                   "khác, ngoài kho mã (ví dụ ~/nhac-nho/)"))
