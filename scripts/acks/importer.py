"""Form exports -> log rows: CSV (UTF-8 with/without BOM, UTF-16 tab-separated as Excel
saves "Unicode text") and XLSX (Google Forms, Microsoft Forms, hand-made sheets).

All or nothing: every row of every file is checked first; any bad row is reported
as `file:row: [rule-id] message` and nothing is written, unless `skip_bad`.

Hostile input: files are streamed, never read whole; the limits below (file size, rows,
cell length, CSV line and field length, XLSX unzipped size) are enforced while reading,
each breach one clear line. Writing happens under an exclusive lock on the log folder.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import os
import re
import stat
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model import dates
from ..model.dates import DMY
from ..model.folding import fold, loose_key, nfc, slugify
from . import LOG_COLUMNS, TZ, AckError, Problem
from . import log as acklog
from .links import token_ok
from .roster import Roster, normalize_email, normalize_phone
from .updates import Update

FIELDS = ("reporter_id", "email", "phone", "update_id", "revision", "acknowledged_at", "channel", "note", "token")
IDENTIFIERS = ("reporter_id", "email", "phone")

# Header labels, compared after `header_key` (accents, case, spacing, "(...)" and "*" ignored).
ALIASES = {
    "reporter_id": ["reporter_id", "reporter id", "reporter", "reporter code", "Mã báo cáo viên", "Mã BCV",
                    "Mã số báo cáo viên", "Mã số BCV"],
    "email": ["email", "e-mail", "Email address", "Địa chỉ email", "Địa chỉ e-mail", "Thư điện tử",
              "Địa chỉ thư điện tử"],
    "phone": ["phone", "phone number", "mobile", "Số điện thoại", "Điện thoại", "SĐT", "Số ĐT",
              "Số di động"],
    "update_id": ["update_id", "update id", "update", "document", "document id", "page id", "Mã tài liệu",
                  "Tài liệu", "Mã văn bản", "Mã trang", "Văn bản", "Tên văn bản", "Tên tài liệu", "Document title",
                  "Title", "Cập nhật", "Bài", "Tài liệu đã đọc", "Văn bản đã đọc", "Which document"],
    "revision": ["revision", "version", "rev", "Phiên bản", "Số phiên bản"],
    "acknowledged_at": ["acknowledged_at", "acknowledged at", "Timestamp", "time", "Completion time",
                        "Dấu thời gian", "Thời gian", "Thời gian hoàn thành", "Thời gian xác nhận",
                        "Ngày xác nhận", "Submission time", "_submission_time"],
    "channel": ["channel", "Kênh", "Hình thức"],
    "note": ["note", "notes", "Ghi chú"],
    "token": ["token", "signature", "Mã xác thực", "Mã ký", "Chữ ký"],
}


def header_key(text) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(text or ""))
    return loose_key(text.replace("_", " ").replace("*", " "))


_ALIAS_KEYS = {header_key(a): f for f, labels in ALIASES.items() for a in labels}


# --------------------------------------------------------------------------- limits
# Enforced while reading, before anything is held in memory whole (see README, coordinators).

MAX_FILE_BYTES = 50 * 1024 * 1024        # one input file
MAX_ROWS = 250_000                       # data rows in one import, all files together
MAX_CELL = 500                           # characters in one imported value (a note, an id, an email…)
MAX_COLUMNS = 200                        # columns read from an XLSX row
MAX_XLSX_UNZIPPED = 300 * 1024 * 1024    # an XLSX's parts once unzipped (zip bombs)
MAX_XLSX_PART = 100 * 1024 * 1024        # one part (a sheet, the shared strings)
MAX_SHARED_STRINGS = 1_000_000           # strings an XLSX shares (a 250,000-row export has far fewer)
HEAD_BYTES = 64 * 1024                   # bytes sniffed for the encoding

INVISIBLE = {"\u200b": "zero-width space U+200B", "\u200c": "zero-width non-joiner U+200C",
             "\u200d": "zero-width joiner U+200D", "\u2060": "word joiner U+2060",
             "\ufeff": "BOM / zero-width no-break space U+FEFF", "\u00ad": "soft hyphen U+00AD",
             "\u200e": "left-to-right mark U+200E", "\u200f": "right-to-left mark U+200F"}


def _n(number: int) -> str:
    return f"{number:,}".replace(",", ".")


# --------------------------------------------------------------------------- reading files


class Table:
    """Header and rows of one input file; rows are (row_number, [cells])."""

    def __init__(self, path: Path, header: list, rows, total: int | None, closer=None, note: str = ""):
        self.path, self.header, self.rows, self.total, self._closer = path, header, rows, total, closer
        self.note = note  # e.g. which sheet of a workbook was read

    def close(self):
        if self._closer:
            self._closer()


_BAD_ENCODING = ("tệp không phải UTF-8 hay UTF-16; trong Excel chọn Lưu thành 'CSV UTF-8' hoặc "
                 "'Văn bản Unicode', hoặc gửi tệp .xlsx")


def _encoding(path: Path, head: bytes) -> str:
    """The encoding of a text export, from its first bytes (BOM, or UTF-8 / UTF-16 without one)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or (
            len(head) >= 16 and head[1::4].count(0) + head[2::4].count(0) + head[3::4].count(0)
            > 2 * len(head[::4]) and head[::4].count(0) < len(head[::4]) // 4):
        raise AckError(Problem(path, 0, "bad-encoding",
                               "tệp mã hoá UTF-32, không đọc được; trong Excel chọn Lưu thành 'CSV UTF-8' hoặc "
                               "'Văn bản Unicode' (UTF-16), hoặc gửi tệp .xlsx"))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=len(head) < HEAD_BYTES)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    sample = head[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        try:
            codecs.getincrementaldecoder("utf-16-le")().decode(head, final=False)
            return "utf-16-le"
        except UnicodeDecodeError:
            pass
    raise AckError(Problem(path, 0, "bad-encoding", _BAD_ENCODING))


def _count_lines(path: Path, head: bytes, encoding: str) -> int:
    """Line feeds in the file (an estimate of its rows for the progress bar), read in 1 MB pieces."""
    if encoding.startswith("utf-16"):
        newline = b"\x00\n" if head.startswith(codecs.BOM_UTF16_BE) else b"\n\x00"
    else:
        newline = b"\n"
    n = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            n += chunk.count(newline)
    return n


def _read_csv(path: Path, head: bytes) -> Table:
    encoding = _encoding(path, head)
    acklog.bounded_csv_limit()
    f = open(path, encoding=encoding, newline="")
    lines = acklog.bounded_lines(f)
    try:
        first = f.readline(acklog.MAX_LINE)
        f.seek(0)
    except UnicodeDecodeError:
        f.close()
        raise AckError(Problem(path, 1, "bad-encoding", _BAD_ENCODING)) from None
    delimiter = max(("\t", ",", ";"), key=first.count) if any(d in first for d in "\t,;") else ","
    reader = csv.reader(_checked_lines(path, lines), delimiter=delimiter)
    records = _records(path, reader)
    try:
        for number, header in records:
            if any(c.strip() for c in header):
                break
        else:
            raise AckError(Problem(path, 0, "empty-file", "tệp trống"))
        total = max(0, _count_lines(path, head, encoding) - number)
    except BaseException:
        f.close()
        raise
    return Table(path, header, records, total, f.close)


class _LineTooLong(Exception):
    pass


def _checked_lines(path: Path, lines):
    for line in lines:
        if len(line) >= acklog.MAX_LINE and not line.endswith(("\n", "\r")):
            raise _LineTooLong()
        yield line


def _records(path: Path, reader):
    """(record number, cells) of a CSV reader; damage becomes one clear AckError line."""
    number = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except _LineTooLong:
            raise AckError(Problem(path, number + 1, "cell-too-long",
                                   f"một dòng dài hơn {_n(acklog.MAX_LINE)} ký tự: không phải tệp xuất biểu mẫu; "
                                   "không đọc tiếp, không ghi gì")) from None
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise AckError(Problem(path, number + 1, "cell-too-long",
                                       f"một ô dài hơn {_n(acklog.CSV_FIELD_LIMIT)} ký tự (có thể thiếu dấu ngoặc kép "
                                       "đóng); không đọc tiếp, không ghi gì")) from None
            raise AckError(Problem(path, number + 1, "bad-file", f"tệp CSV hỏng ({exc})")) from None
        except UnicodeDecodeError:
            raise AckError(Problem(path, number + 1, "bad-encoding", _BAD_ENCODING)) from None
        number += 1
        yield number, record


def _check_zip(path: Path) -> None:
    """Refuse a zip whose parts unzip to more than the limits (before openpyxl reads them)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AckError(Problem(path, 0, "not-xlsx", f"không phải tệp XLSX hợp lệ ({type(exc).__name__})")) from None
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if total > MAX_XLSX_UNZIPPED or biggest > MAX_XLSX_PART or len(infos) > 10_000:
        raise AckError(Problem(path, 0, "file-too-large",
                               f"tệp XLSX giải nén ra {_n(total // (1024 * 1024))} MB (tối đa "
                               f"{_n(MAX_XLSX_UNZIPPED // (1024 * 1024))} MB, mỗi phần "
                               f"{_n(MAX_XLSX_PART // (1024 * 1024))} MB); chia nhỏ tệp"))
    shared = [i.filename for i in infos if i.filename.lower().endswith("sharedstrings.xml")]
    for name in shared:
        if _count_shared(path, name) > MAX_SHARED_STRINGS:
            raise AckError(Problem(path, 0, "file-too-large",
                                   f"tệp XLSX có hơn {_n(MAX_SHARED_STRINGS)} chuỗi dùng chung: không phải tệp xuất "
                                   "biểu mẫu; chia nhỏ tệp hoặc lưu lại thành CSV UTF-8; không ghi gì"))


_SHARED_ITEM = re.compile(rb"<(?:\w+:)?si[\s>/]")


def _count_shared(path: Path, name: str) -> int:
    """Shared strings of an XLSX, counted while streaming the part (openpyxl would hold them all;
    the count attribute of <sst> is not trusted)."""
    n, tail = 0, b""
    with zipfile.ZipFile(path) as z, z.open(name) as f:
        while chunk := f.read(1 << 20):
            data = tail + chunk
            n += len(_SHARED_ITEM.findall(data))
            tail = data[-8:]
            n -= len(_SHARED_ITEM.findall(tail))  # counted again with the next chunk
            if n > MAX_SHARED_STRINGS:
                break
    return n


# a row marked hidden, or given a height of zero (hidden in every spreadsheet program all the same)
_HIDDEN_ROW = re.compile(rb'<(?:\w+:)?row\b[^>]*?\s(?:hidden\s*=\s*["\'](?:1|true)["\']'
                         rb'|ht\s*=\s*["\']0*(?:\.0*)?["\'])')


def _hidden_rows(path: Path, part: str | None) -> bool:
    """Whether a sheet's XML marks any row hidden (streamed in chunks: bounded memory)."""
    if not part:
        return False
    try:
        with zipfile.ZipFile(path) as z, z.open(part.lstrip("/")) as f:
            tail = b""
            while chunk := f.read(1 << 20):
                if _HIDDEN_ROW.search(tail + chunk):
                    return True
                tail = chunk[-2048:]
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False
    return False


def _sheet_has_data(ws, rows: int = 200) -> bool:
    for n, values in enumerate(ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)):
        if values and any(v not in (None, "") for v in values):
            return True
        if n >= rows:
            return False
    return False


def _read_xlsx(path: Path, sheet: str | None = None) -> Table:
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover
        raise AckError(Problem(path, 0, "unreadable-file", "thiếu thư viện openpyxl để đọc .xlsx")) from None
    _check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise AckError(Problem(path, 0, "not-xlsx", f"không phải tệp XLSX hợp lệ ({type(exc).__name__})")) from None
    except Exception as exc:  # noqa: BLE001 - a damaged workbook must give one clear line
        raise AckError(Problem(path, 0, "not-xlsx", f"tệp XLSX hỏng ({type(exc).__name__})")) from None
    try:
        ws, note = _pick_sheet(path, wb, sheet)
    except BaseException:
        wb.close()
        raise
    it = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header, number = None, 0
    for number, values in enumerate(it, start=1):
        if values and any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        wb.close()
        raise AckError(Problem(path, 0, "empty-file", "tệp trống"))
    while header and header[-1] in (None, ""):
        header.pop()
    total = None
    try:
        if ws.max_row:
            total = max(0, ws.max_row - number)
    except Exception:  # noqa: BLE001 - dimensions are optional in XLSX
        total = None
    width = max(1, len(header))
    rows = _fast_rows(path, wb, ws, number + 1, width)
    if rows is None:  # openpyxl's own reader (slower): a workbook the fast reader does not know
        rows = ((n, list(v)) for n, v in enumerate(ws.iter_rows(min_row=number + 1, values_only=True,
                                                                max_col=width), start=number + 1))
    return Table(path, header, rows, total, wb.close, note)


_DIGITS = "0123456789"
_COLUMN_CACHE: dict[str, int] = {}


def _column(letters: str) -> int:
    n = _COLUMN_CACHE.get(letters)
    if n is None:
        n = 0
        for ch in letters.upper():
            n = n * 26 + (ord(ch) - 64)
        if len(_COLUMN_CACHE) < 20_000:
            _COLUMN_CACHE[letters] = n
    return n


def _fast_rows(path: Path, wb, ws, min_row: int, width: int):
    """The rows of a read-only openpyxl worksheet as openpyxl gives them (values_only, padded to
    `width`, up to ws.max_row), read straight from the sheet's XML with ElementTree.iterparse:
    about ten times faster than openpyxl's parser on a 100,000-row form export. None when the
    workbook lacks what it needs (then openpyxl reads it)."""
    try:
        part = ws._worksheet_path
        shared = wb.shared_strings
        date_formats, timedelta_formats, epoch = wb._date_formats, wb._timedelta_formats, wb.epoch
        max_row = ws.max_row
    except Exception:  # noqa: BLE001 - internals of another openpyxl version
        return None
    if not part:
        return None
    return _iter_sheet(path, part.lstrip("/"), shared, date_formats, timedelta_formats, epoch, min_row, width, max_row)


def _iter_sheet(path, part, shared, date_formats, timedelta_formats, epoch, min_row, width, max_row):
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.datetime import from_excel, from_ISO8601
    with zipfile.ZipFile(path) as z, z.open(part) as f:
        counter = 0
        ns = None
        for _, elem in iterparse(f):  # "end" events only; each finished row is cleared
            tag = elem.tag
            if ns is None or tag != ns + "row":
                if not (tag == "row" or tag.endswith("}row")):
                    continue
                ns = tag[:-3]
                V, IS, T, R = ns + "v", ns + "is", ns + "t", ns + "r"
            r = elem.get("r")
            if r is not None:
                try:
                    counter = int(r)
                except ValueError:
                    val = float(r)
                    if not val.is_integer():
                        raise ValueError(f"{r} is not a valid row number") from None
                    counter = int(val)
            else:
                counter += 1
            if max_row is not None and counter > max_row:
                break
            if counter >= min_row:
                values = [None] * width
                col = 0
                for c in elem:
                    ref = c.get("r")
                    if ref:
                        col = _column(ref.rstrip(_DIGITS))
                    else:
                        col += 1
                    if col > width or col < 1:
                        continue
                    t = c.get("t", "n")
                    value = None
                    if t == "inlineStr":
                        node = c.find(IS)
                        if node is not None:
                            value = (node.findtext(T) or "") + "".join(run.findtext(T) or ""
                                                                       for run in node.iterfind(R))
                    else:
                        text = c.findtext(V)
                        if text:
                            if t == "n":
                                value = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
                                style = c.get("s")
                                if style and int(style) in date_formats:
                                    try:
                                        value = from_excel(value, epoch, timedelta=int(style) in timedelta_formats)
                                    except (OverflowError, ValueError):
                                        value = "#VALUE!"
                            elif t == "s":
                                value = shared[int(text)]
                            elif t == "b":
                                value = bool(int(text))
                            elif t == "d":
                                value = from_ISO8601(text)
                            else:  # str (a formula's text), e (an error such as #N/A)
                                value = text
                    values[col - 1] = value
                yield counter, values
            elem.clear()  # the emptied row stays in the tree: about 100 bytes a row


def _pick_sheet(path: Path, wb, sheet: str | None):
    """The sheet to import: the one named by --sheet, else the active visible sheet when it is
    the only one with data and has no hidden rows; anything else is [ambiguous-sheet]."""
    sheets = list(wb.worksheets)
    if not sheets:
        raise AckError(Problem(path, 0, "empty-file", "tệp XLSX không có trang tính nào"))

    def describe(ws):
        return f"'{ws.title}'" + ("" if ws.sheet_state == "visible" else " (ẩn)")

    if sheet is not None:
        for ws in sheets:
            if ws.title == sheet or ws.title.strip().lower() == sheet.strip().lower():
                return ws, f"trang tính '{ws.title}'"
        raise AckError(Problem(path, 0, "ambiguous-sheet", f"không có trang tính '{sheet}'; các trang tính: "
                               + ", ".join(describe(w) for w in sheets)))
    with_data = [ws for ws in sheets if _sheet_has_data(ws)]
    try:
        active = wb.active
    except Exception:  # noqa: BLE001
        active = None
    if active is None or getattr(active, "sheet_state", "visible") != "visible":
        active = next((w for w in sheets if w.sheet_state == "visible"), sheets[0])
    names = ", ".join(describe(w) for w in with_data)
    if len(with_data) > 1:
        raise AckError(Problem(path, 0, "ambiguous-sheet",
                               f"tệp có {len(with_data)} trang tính có dữ liệu ({names}); chọn một bằng "
                               f"--sheet TÊN, ví dụ --sheet '{active.title}'"))
    chosen = with_data[0] if with_data else active
    if chosen.sheet_state != "visible":
        raise AckError(Problem(path, 0, "ambiguous-sheet",
                               f"dữ liệu nằm ở trang tính ẩn {describe(chosen)}; kiểm tra rồi chọn bằng "
                               f"--sheet '{chosen.title}'"))
    if _hidden_rows(path, getattr(chosen, "_worksheet_path", None)):
        raise AckError(Problem(path, 0, "ambiguous-sheet",
                               f"trang tính '{chosen.title}' có dòng bị ẩn; hiện các dòng đó và kiểm tra, hoặc "
                               f"nhập cả dòng ẩn bằng --sheet '{chosen.title}' (các trang tính: "
                               + ", ".join(describe(w) for w in sheets) + ")"))
    return chosen, f"trang tính '{chosen.title}'"


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            raise AckError(Problem(path, 0, "unreadable-file", "không phải tệp thường (thiết bị, ống dẫn…)"))
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(HEAD_BYTES)
    except FileNotFoundError:
        raise AckError(Problem(path, 0, "missing-file", "không tìm thấy tệp")) from None
    except IsADirectoryError:
        raise AckError(Problem(path, 0, "unreadable-file", "đây là một thư mục, không phải tệp")) from None
    except OSError as exc:
        raise AckError(Problem(path, 0, "unreadable-file", f"không đọc được tệp ({exc.strerror or exc})")) from None
    if size > MAX_FILE_BYTES:
        raise AckError(Problem(path, 0, "file-too-large",
                               f"tệp {_n(size // (1024 * 1024))} MB, lớn hơn giới hạn "
                               f"{_n(MAX_FILE_BYTES // (1024 * 1024))} MB; chia thành nhiều tệp nhỏ hơn"))
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise AckError(Problem(path, 0, "not-xlsx", "tệp Excel .xls cũ: hãy lưu lại thành .xlsx hoặc CSV UTF-8"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise AckError(Problem(path, 0, "not-xlsx", "tệp có đuôi .xlsx nhưng không phải XLSX"))
    if sheet is not None:
        raise AckError(Problem(path, 0, "ambiguous-sheet", "--sheet chỉ dùng cho tệp XLSX"))
    return _read_csv(path, head)


# --------------------------------------------------------------------------- export profiles
# How each product writes its export, recognised from the header (see the coordinators' guide):
# which columns are the product's own metadata (ignored, never mapped: Kobo's `__version__` is not
# the page's revision), which column is the time, and the zone of a time written without offset.


@dataclass(frozen=True)
class Profile:
    name: str  # shown in the import report
    detect: tuple  # raw header keys (lower case) that all must be present (any one of each tuple)
    metadata: frozenset  # header keys (header_key) of the product's own columns, never mapped
    time: tuple = ()  # header keys of the time column, most authoritative first
    time_zone: str | None = None  # zone of a time without offset in that column (None: the form's)
    metadata_if_identified: frozenset = frozenset()  # ignored when the form has its own reporter column


def _raw_key(name) -> str:
    """A header as the product wrote it, accents folded, lower case (`__version__` stays itself)."""
    return " ".join(fold(str(name or "")).lower().split())


def _keys(*labels) -> frozenset:
    return frozenset(_raw_key(x) for x in labels)


KOBO_META = ("start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
             "_id", "_uuid", "__version__", "_version_", "_validation_status", "_notes", "_status", "_submitted_by",
             "_tags", "_index", "_parent_index", "_parent_table_name", "_attachments", "_geolocation",
             "_xform_id_string", "meta/instanceID", "meta/rootUuid", "meta/deprecatedID", "formhub/uuid",
             "instanceID", "_media_all_received", "_total_media", "_expected_media", "_duration")
PROFILES = (
    # KoboToolbox (CSV with , or ; and XLSX; labels or XML names): `_submission_time` is the server's
    # time in UTC written without an offset (kpi issue #3941); `start`/`end` are the device's
    Profile("KoboToolbox", (("_uuid", "_submission_time", "__version__"),), _keys(*KOBO_META),
            _keys("_submission_time"), "UTC"),
    # Microsoft Forms (XLSX, English or Vietnamese interface): ID, Start time, Completion time, Email,
    # Name, Last modified time; times are Excel date cells in the form's zone
    Profile("Microsoft Forms", (("id",), ("start time", "thoi gian bat dau"), ("completion time", "thoi gian hoan thanh")),
            _keys("ID", "Start time", "Thời gian bắt đầu", "Last modified time", "Thời gian sửa đổi lần cuối",
                  "Total points", "Quiz feedback", "Tổng điểm", "Phản hồi bài kiểm tra"),
            _keys("Completion time", "Thời gian hoàn thành"), None, _keys("Email", "Name", "Tên")),
    # Google Forms: the responses sheet (CSV from Sheets, vi or en locale) and "Download responses (.csv)"
    Profile("Google Forms", (("timestamp", "dau thoi gian"),), _keys("Score", "Điểm", "Tổng điểm"),
            _keys("Timestamp", "Dấu thời gian")),
)
GENERIC = Profile("tệp tự làm / hand-made", (), frozenset())


def detect_profile(header: list) -> Profile:
    raw = {_raw_key(h) for h in header}
    for profile in PROFILES:
        if all(any(k in raw for k in alternatives) for alternatives in profile.detect):
            return profile
    return GENERIC


def _question_key(name) -> str:
    """A header without Kobo's group path (`nhom/ma_bao_cao_vien` -> `ma_bao_cao_vien`)."""
    text = str(name or "")
    if "/" in text and not text.startswith(("_", "meta/", "formhub/")):
        text = text.rsplit("/", 1)[1]
    return header_key(text)


def map_columns(path: Path, header: list, extra: dict[str, str] | None = None, ignore: list[str] = (),
                profile: Profile | None = None) -> dict[str, list[int]]:
    """field -> column indexes (first non-empty wins). Raises AckError on missing columns.

    The profile's metadata columns and the `ignore` ones are never mapped (an explicit --map wins);
    its time column, when present, is the only acknowledged_at."""
    profile = profile or detect_profile(header)
    extra_keys = {header_key(k): v for k, v in (extra or {}).items()}
    keys = [header_key(h) for h in header]
    raw = [_raw_key(h) for h in header]
    unknown = [k for k in ignore if _raw_key(k) not in raw and header_key(k) not in keys]
    if unknown:
        raise AckError(Problem(path, 1, "missing-column", "--ignore: không có cột "
                               + ", ".join(f"'{k}'" for k in unknown) + " trong tệp; các cột: "
                               + ", ".join(f"'{_text(h)[:40]}'" for h in header[:40])))
    ignored = set()
    for k in ignore:  # the column as written; its loose form only when no column is written so
        exact = {i for i in range(len(header)) if _raw_key(k) == raw[i]}
        ignored |= exact or {i for i in range(len(header)) if header_key(k) == keys[i]}
    identified = any(_ALIAS_KEYS.get(_question_key(h)) == "reporter_id" for h in header)
    skip = set(profile.metadata) | set(profile.time) | (set(profile.metadata_if_identified) if identified else set())
    cols: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        if not keys[i] or i in ignored:
            continue
        fld = extra_keys.get(keys[i])
        if fld is None:
            if raw[i] in skip:
                continue
            fld = _ALIAS_KEYS.get(_question_key(name))
        if fld:
            cols.setdefault(fld, []).append(i)
    mapped_time = any(extra_keys.get(k) == "acknowledged_at" for k in keys)
    for wanted in profile.time:
        found = [i for i in range(len(header)) if raw[i] == wanted and i not in ignored]
        if found and not mapped_time:
            cols["acknowledged_at"] = found[:1]
            break
    missing = [f for f in ("update_id", "revision", "acknowledged_at") if f not in cols]
    if not any(f in cols for f in IDENTIFIERS):
        missing.insert(0, "reporter_id/email/phone")
    if missing:
        labels = {"update_id": "update_id (Văn bản, Mã tài liệu)", "revision": "revision (Phiên bản)",
                  "acknowledged_at": "acknowledged_at (Dấu thời gian)",
                  "reporter_id/email/phone": "reporter_id, email hoặc phone (Mã báo cáo viên, Địa chỉ email, "
                                             "Số điện thoại)"}
        raise AckError(Problem(path, 1, "missing-column",
                               "thiếu cột " + "; ".join(labels[m] for m in missing)
                               + f" (tệp được nhận là: {profile.name}); đặt câu hỏi của biểu mẫu theo hướng dẫn "
                                 "cho điều phối viên, hoặc dùng --map 'Tên cột=trường'"))
    return cols


def time_zone(profile: Profile, header: list, cols: dict, form_zone: str):
    """(zone object, zone name) for times without offset in the time column."""
    from zoneinfo import ZoneInfo
    idx = cols["acknowledged_at"][0]
    name = profile.time_zone if profile.time_zone and _raw_key(header[idx]) in profile.time else form_zone
    return (dt.timezone.utc if name == "UTC" else ZoneInfo(name)), name


def _vietnamese(text) -> bool:
    """A header written in Vietnamese (it has a letter outside ASCII: Dấu thời gian, Thời gian…)."""
    return any(ord(c) > 127 and c.isalpha() for c in nfc(str(text or "")))


PRESCAN_ROWS = 5_000  # rows read ahead for the date order before deciding that none is needed


class OrderScan:
    """The day/month order of a time column, settled by what settles it, fed (row, value) pairs.

    Settled by: --date-order; a value whose first number is over 12 (day first) or second (month
    first) — for the whole column; a Vietnamese header (Google Sheets in Vietnamese writes
    `Dấu thời gian` day first), not with AM/PM times. Excel date cells and ISO or year-first times
    need no order. An English header settles nothing (a US sheet writes month first, a UK one day
    first). Nothing is guessed: `result` refuses [ambiguous-date], naming both readings of the
    first row that needs the order; a later value against a settled order is a bad row
    ([bad-date]: no such day), and an ambiguous one after a column read ahead without any is
    refused on its own row."""

    def __init__(self):
        self.day_first = self.month_first = self.needs = None
        self.english_clock = False  # AM/PM: an English-locale sheet, whatever its header says

    @property
    def settled(self) -> bool:
        return bool(self.day_first or self.month_first)

    def feed(self, number: int, value) -> bool:
        """True once the order is settled (nothing more to read)."""
        dm = day_month(value)
        if dm is None:
            return False
        first, second, year = dm
        if first > 12:
            self.day_first = (number, value)
        elif second > 12:
            self.month_first = (number, value)
        elif first != second and self.needs is None:
            self.needs = (number, value, first, second, year)
        if self.needs is not None and re.search(r"\b(?:AM|PM)\b", str(value), re.I):
            self.english_clock = True
        return self.settled

    def result(self, path: Path, header_text) -> tuple[str | None, tuple]:
        """(order or None, (what settled it, its values)) or AckError [ambiguous-date]."""
        if self.day_first:
            return "dmy", ("day", {"row": self.day_first[0], "value": _text(self.day_first[1])})
        if self.month_first:
            return "mdy", ("month", {"row": self.month_first[0], "value": _text(self.month_first[1])})
        if self.needs is None:
            return None, ("none", {})
        if _vietnamese(header_text) and not self.english_clock:
            return "dmy", ("header", {"header": _text(header_text)})
        number, value, first, second, year = self.needs
        raise AckError(Problem(path, number, "ambiguous-date", ambiguous_message(_text(value), first, second, year)))


def date_order(path: Path, header_text, values, given: str | None = None) -> tuple[str | None, tuple]:
    """OrderScan over all of `values` ((row, value) pairs); `given` (--date-order) wins."""
    if given:
        return given, ("option", {})
    scan = OrderScan()
    for number, value in values:
        if scan.feed(number, value):
            break
    return scan.result(path, header_text)


def parse_map(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        header, sep, fld = item.rpartition("=")
        fld = fld.strip()
        if not sep or not header.strip() or fld not in FIELDS:
            raise AckError(f"--map '{item}': dạng đúng 'Tên cột=trường', trường là một trong {', '.join(FIELDS)}")
        out[header.strip()] = fld
    return out


# --------------------------------------------------------------------------- values

FUTURE_SKEW = dt.timedelta(minutes=10)  # a form server's clock may run this far ahead of ours

# "… GMT+7", "… UTC+07:00", "… GMT" at the end of a time (Google/Microsoft Forms exports)
_GMT = re.compile(r"\s*(?:GMT|UTC)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.IGNORECASE)
# year first: 2026/06/05 10:11:12 AM, 2026.06.05 10:11
_YMD = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})"
                  r"(?:[ ,T]+(\d{1,2})[:h](\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(AM|PM|SA|CH)?)?", re.IGNORECASE)


class TimeProblem(ValueError):
    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule, self.message = rule, message


def _hour(h, ampm, text) -> int:
    hour = int(h or 0)
    if ampm:
        if hour > 12 or hour == 0:
            raise TimeProblem("bad-time", f"giờ '{text}' không hợp lệ: {hour} giờ với {ampm.upper()}")
        pm = ampm.upper() in ("PM", "CH")
        hour = (hour % 12) + (12 if pm else 0)
    return hour


def _moment(text, y, mo, d, h, mi, s, ampm, tz) -> dt.datetime:
    hour = _hour(h, ampm, text)
    try:
        day = dt.date(int(y), int(mo), int(d))
    except ValueError:
        if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
            raise TimeProblem("bad-date", f"ngày {int(d):02d}/{int(mo):02d}/{y} không tồn tại "
                                          f"(trong '{text}')") from None
        raise TimeProblem("bad-date", f"'{text}' không phải ngày có thật (tháng {int(mo)}, ngày {int(d)})") from None
    try:
        return dt.datetime(day.year, day.month, day.day, hour, int(mi or 0), int(s or 0), tzinfo=tz)
    except ValueError:
        raise TimeProblem("bad-time", f"giờ trong '{text}' không hợp lệ") from None


def read_time(value, now: dt.datetime | None = None, order: str | None = None, zone=None) -> dt.datetime:
    """An aware datetime, or TimeProblem(rule, message). Never a guess:

    - an offset in the value (ISO `+07:00`, `GMT+7`, `UTC`) is used; a time without one is read in
      `zone` (the zone the product writes: UTC for Kobo's `_submission_time`, the form's otherwise;
      default Asia/Ho_Chi_Minh);
    - `d/m/yyyy` and `m/d/yyyy` are told apart by `order` ("dmy" or "mdy", settled for the whole
      column by `date_order`), else by the value itself (a first number over 12 is a day, a second
      one over 12 a month); when neither settles it, [ambiguous-date];
    - a day that does not exist, or a moment outside the years 1..9999 once moved to Viet Nam
      time, is [bad-date]; a moment more than 10 minutes ahead of `now` is [future-time].
    """
    try:
        moment = _read_time(value, order, zone or TZ)
    except OverflowError:  # a date at the edge of the calendar moved by its offset (01/01/0001 GMT+14)
        raise TimeProblem("bad-date", f"thời gian '{_text(value)[:64]}' nằm ngoài các năm 1–9999") from None
    if moment is None:
        raise TimeProblem("bad-time", f"không đọc được thời gian '{_text(value)[:64]}'; dạng đúng "
                                      "dd/mm/yyyy hh:mm:ss hoặc YYYY-MM-DDThh:mm:ss+07:00")
    limit = (now or dates.now()) + FUTURE_SKEW
    if moment > limit:
        raise TimeProblem("future-time", f"thời gian {moment:%d/%m/%Y %H:%M:%S} ở tương lai (bây giờ là "
                                         f"{(now or dates.now()):%d/%m/%Y %H:%M:%S}); kiểm tra đồng hồ máy hoặc "
                                         "cột thời gian")
    return moment


def _aware(value: dt.datetime, zone) -> dt.datetime:
    return (value.replace(tzinfo=zone) if value.tzinfo is None else value).astimezone(TZ)


def day_month(text) -> tuple[int, int, str] | None:
    """(first, second, year) of a `n/n/yyyy …` text (the two numbers a date order decides), else None."""
    if not isinstance(text, str):
        return None
    stripped = _GMT.sub("", nfc(text).strip()) if len(text) <= 64 else ""
    m = DMY.fullmatch(stripped.strip())
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else None


def _read_time(value, order: str | None = None, zone=TZ) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):  # an Excel date cell: no offset, in the zone of the product
        return _aware(value, zone)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=zone).astimezone(TZ)
    text = nfc(str(value)).strip()
    if not text or len(text) > 64:
        return None
    tz = zone
    g = _GMT.search(text)
    if g and g.start() > 0:
        sign, hh, mm = g.groups()
        if sign:
            if int(hh) > 14 or int(mm or 0) > 59:
                return None
            delta = dt.timedelta(hours=int(hh), minutes=int(mm or 0))
            tz = dt.timezone(-delta if sign == "-" else delta)
        else:
            tz = dt.timezone.utc
        text = text[:g.start()].strip()
    m = DMY.fullmatch(text)
    if m:
        a, b, y, h, mi, s, ampm = m.groups()
        first, second = int(a), int(b)
        if order == "mdy" or (order is None and second > 12 >= first):
            a, b = b, a
        elif order is None and first <= 12 and second <= 12 and first != second:
            raise TimeProblem("ambiguous-date", ambiguous_message(text, first, second, y))
        return _moment(text, y, b, a, h, mi, s, ampm, tz).astimezone(TZ)
    m = _YMD.fullmatch(text)
    if m:
        y, mo, d, h, mi, s, ampm = m.groups()
        return _moment(text, y, mo, d, h, mi, s, ampm, tz).astimezone(TZ)
    if g:
        return None  # "GMT" after something that is not a date
    try:
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text)
                                           else text)
    except ValueError:
        iso_day = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})\b", text)
        if iso_day:
            y, mo, d = iso_day.groups()
            if 1 <= int(mo) <= 12 and 1 <= int(d) <= 31:
                try:
                    dt.date(int(y), int(mo), int(d))
                except ValueError:
                    raise TimeProblem("bad-date", f"ngày {int(d):02d}/{int(mo):02d}/{y} không tồn tại "
                                                  f"(trong '{text}')") from None
        return None
    return _aware(parsed, tz)


def ambiguous_message(text: str, first: int, second: int, year) -> str:
    return (f"'{text}' đọc được hai cách: ngày {first:02d}/{second:02d}/{year} (ngày {first} tháng {second}, "
            f"--date-order dmy) hoặc ngày {second:02d}/{first:02d}/{year} (ngày {second} tháng {first}, "
            "--date-order mdy); không có gì trong tệp cho biết thứ tự (tiêu đề tiếng Anh không đủ: Google Sheets "
            "tiếng Anh (Mỹ) ghi tháng trước, (Anh) ghi ngày trước); chạy lại với --date-order; không ghi gì")


def parse_time(value, order: str | None = None, zone=None) -> dt.datetime | None:
    """An aware datetime (in `zone`, Asia/Ho_Chi_Minh by default, unless an offset is given), or None."""
    try:
        return _read_time(value, order, zone or TZ)
    except (TimeProblem, OverflowError):
        return None


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(TZ).replace(microsecond=0).isoformat()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def _id_key(value: str) -> str:
    return re.sub(r"[\s\-_.]", "", value).upper()


def parse_revision(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    m = re.fullmatch(r"(?:v|r|rev|revision|version|phien ban|ban)?\s*\.?\s*(\d+)(?:\.0+)?", fold(_text(value)))
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------- matching


class Matcher:
    def __init__(self, roster: Roster):
        self.roster = roster
        self.by_key: dict[str, list] = {}
        for r in roster.reporters:
            self.by_key.setdefault(_id_key(r.rid), []).append(r)

    def match(self, rid: str, email: str, phone: str):
        """(reporter, None) or (None, (rule, message))."""
        found = []
        if rid:
            hits = self.by_key.get(_id_key(rid), [])
            if hits:
                found.append(("mã", rid, hits))
        if email:
            hits = self.roster.by_email.get(normalize_email(email), [])
            if hits:
                found.append(("email", email, hits))
        if phone:
            key = normalize_phone(phone)
            hits = self.roster.by_phone.get(key, []) if key else []
            if hits:
                found.append(("số điện thoại", phone, hits))
        if not found:
            given = ", ".join(f"{k} '{v}'" for k, v in (("mã", rid), ("email", email), ("số điện thoại", phone)) if v)
            if not given:
                return None, ("missing-value", "thiếu mã báo cáo viên, email và số điện thoại")
            return None, ("unknown-reporter", f"không có báo cáo viên nào với {given} trong danh sách")
        kind, value, hits = found[0]
        candidates = set(r.rid for r in hits)
        for other_kind, other_value, other_hits in found[1:]:
            ids = set(r.rid for r in other_hits)
            both = candidates & ids
            if not both:
                return None, ("ambiguous-reporter",
                              f"{kind} '{value}' là của {', '.join(sorted(candidates))} nhưng {other_kind} "
                              f"'{other_value}' là của {', '.join(sorted(ids))}; kiểm tra lại dòng này")
            candidates = both
        if len(candidates) > 1:
            return None, ("ambiguous-reporter",
                          f"{kind} '{value}' dùng chung cho {len(candidates)} báo cáo viên "
                          f"({', '.join(sorted(candidates))}); cần thêm mã báo cáo viên hoặc email")
        rid_found = next(iter(candidates))
        return self.roster.by_id[rid_found], None


# --------------------------------------------------------------------------- progress


class Progress:
    def __init__(self, label: str, total: int | None, enabled: bool, stream=None):
        self.label, self.total, self.enabled = label, total, enabled
        self.stream = stream or sys.stderr
        self.n = 0
        self._last = -1

    def step(self, n: int = 1):
        self.n += n
        if self.enabled and (self.n - self._last >= 2000 or self.n == self.total):
            self._last = self.n
            self._draw()

    def _draw(self):
        if self.total:
            frac = min(1.0, self.n / self.total)
            bar = "#" * int(frac * 30)
            self.stream.write(f"\r{self.label} [{bar:<30}] {frac:4.0%} {self.n}/{self.total} dòng")
        else:
            self.stream.write(f"\r{self.label} {self.n} dòng")
        self.stream.flush()

    def done(self):
        if self.enabled:
            self.total = self.n  # the total was an estimate (a line count, the sheet's dimension)
            self._draw()
            self.stream.write("\n")
            self.stream.flush()


# --------------------------------------------------------------------------- import


@dataclass
class ImportResult:
    rows_read: int = 0
    good: int = 0
    added: int = 0
    duplicates_in_input: int = 0
    already_logged: int = 0
    problems: list = field(default_factory=list)
    log_path: Path | None = None
    rejects_path: Path | None = None
    written: bool = False
    files: list = field(default_factory=list)  # (path, rows, note)
    unsigned: int = 0  # good rows without a token in an export that has a token column (the public button)
    proxy: int = 0  # good rows acknowledged on someone's behalf (channel proxy, with a note)
    signed: int = 0  # good rows whose token was verified
    warnings: list = field(default_factory=list)  # Problems that do not stop the import (not-in-audience)
    not_in_audience: int = 0
    read_as: list = field(default_factory=list)  # ReadAs of each file: how its times were read


@dataclass(frozen=True)
class ReadAs:
    """How one file was read, for the import report: the product, the time column, its zone, the date order."""
    path: Path
    profile: str
    column: str
    zone: str
    order: str | None
    settled: tuple  # (what settled the order: option, day, month, header, none; its values)
    note: str = ""


REJECT_COLUMNS = ("file", "row", "rule", "message") + FIELDS

# How an acknowledgement reached us. The log's sample data uses form, email, paper and proxy;
# Vietnamese spellings (bieu-mau, giay, uy-quyen…) and import/web are accepted as written.
CHANNELS = ("form", "web", "email", "paper", "proxy", "import", "bieu-mau", "giay", "thu-dien-tu", "uy-quyen")
PROXY_CHANNELS = ("proxy", "uy-quyen")


def channel_key(value) -> str | None:
    """The channel as stored (slug), or None when it is not one of CHANNELS."""
    key = slugify(_text(value)) if len(_text(value)) <= 40 else ""
    return key if key in CHANNELS else None


def _bad_channel(value) -> tuple[str, str]:
    shown = _text(value)[:40]
    return ("bad-channel", f"kênh '{shown}' không hợp lệ; dùng một trong: {', '.join(CHANNELS)}")


_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
                      "\ufeff\ufff9-\ufffb\ue000-\uf8ff\U000e0000-\U000e007f]")


def _invisible(value: str) -> str | None:
    if not _SUSPECT.search(value):  # the common case, at C speed
        return None
    for i, ch in enumerate(value, start=1):
        if ch in INVISIBLE:
            return f"{INVISIBLE[ch]} ở vị trí {i}"
        if unicodedata.category(ch) in ("Cf", "Cc", "Co", "Cs"):
            return f"ký tự điều khiển U+{ord(ch):04X} ở vị trí {i}"
    return None


def _same(fld: str, a, b) -> bool:
    if fld == "reporter_id":
        return _id_key(_text(a)) == _id_key(_text(b))
    if fld == "email":
        return normalize_email(a) == normalize_email(b)
    if fld == "phone":
        return normalize_phone(a) == normalize_phone(b)
    if fld == "revision":
        return parse_revision(a) == parse_revision(b)
    if fld == "acknowledged_at":
        return parse_time(a) == parse_time(b) and parse_time(a) is not None
    return _text(a).lower() == _text(b).lower()


def _row_values(row: list, cols: dict, header: list):
    """{field: value} of one row and the problems of its raw cells (length, duplicate columns)."""
    values, errors = {}, []
    for fld, idxs in cols.items():
        found = []
        for i in idxs:
            if i < len(row):
                cell = row[i]
                if isinstance(cell, str) and len(cell) > MAX_CELL:
                    errors.append(("cell-too-long", f"ô ở cột '{_text(header[i])[:60]}' dài {_n(len(cell))} ký tự "
                                                    f"(tối đa {MAX_CELL})"))
                    cell = cell[:MAX_CELL]
                v = cell if fld in ("acknowledged_at", "revision") and cell not in (None, "") else _text(cell)
                if v not in (None, ""):
                    found.append((i, v))
        values[fld] = found[0][1] if found else ""
        for i, v in found[1:]:
            if not _same(fld, found[0][1], v):
                errors.append(("duplicate-column",
                               f"hai cột '{_text(header[found[0][0]])[:60]}' và '{_text(header[i])[:60]}' cùng là "
                               f"{fld} nhưng khác giá trị ('{_text(found[0][1])[:60]}' và '{_text(v)[:60]}'); "
                               "xoá một cột hoặc dùng --map"))
                break
    return values, errors


def import_files(files: list[Path | str], roster: Roster, updates: dict[str, Update], acks_dir: Path | str,
                 *, skip_bad: bool = False, rejects: Path | str | None = None,
                 column_map: dict[str, str] | None = None, channel: str = "form",
                 progress: bool = False, dry_run: bool = False, sheet: str | None = None,
                 lock_timeout: float = 30.0, now: dt.datetime | None = None,
                 protected: list[Path | str] = (), secret: bytes | None = None,
                 allow_unsigned: bool = True, ignore: list[str] = (), order: str | None = None,
                 zone: str = "Asia/Ho_Chi_Minh") -> ImportResult:
    """Check every row of `files`; append the new, good ones to the log as one new file.

    With bad rows and not `skip_bad`: nothing is written, `result.problems` lists them.
    With `skip_bad`: good rows are written and bad ones go to a rejects CSV
    (`rejects` or `<acks_dir>/rejects-<time>.csv`; `rejects` may not be inside the log folder
    or a `protected` one). Unreadable files, files over the limits and missing columns raise
    AckError (nothing written either way). Writing happens under an exclusive lock on the
    log folder; duplicates are checked under that lock.

    Each file's product is recognised from its header (`PROFILES`): its metadata columns are
    ignored (and the `ignore` ones), its time column read in the zone the product writes (UTC
    for Kobo's `_submission_time`, `zone` otherwise) and the day/month order settled for the
    whole column (`date_order`; `order` when given) or the import refused [ambiguous-date].

    Tokens (links.py): when a file has a token column, every row's token is checked against
    `secret` (a wrong one is a bad row [bad-token]); a row without one (the page's public
    button) is kept and counted in `unsigned` (with `allow_unsigned=False`, a bad row
    [missing-token] unless it is a proxy acknowledgement). A proxy row (channel proxy / uy-quyen) needs a note [proxy-without-note].
    A reporter outside the update's audience is a warning [not-in-audience]: stored, not counted.
    """
    from .privacy import check_output
    acks_dir = Path(acks_dir)
    if rejects is not None:
        check_output(Path(rejects), [acks_dir, *protected], "--rejects", is_file=True)
    default_channel = channel_key(channel)
    if default_channel is None:
        raise AckError(Problem("--channel", 0, *_bad_channel(channel)))
    now = now or dates.now()
    result = ImportResult()
    matcher = Matcher(roster)
    updates_by_key = {u.lower(): u for u in updates}
    new: dict[tuple, tuple] = {}
    rejected: list[list] = []
    rows_seen = 0

    titles = TitleIndex(updates)
    for file in files:
        table = read_table(file, sheet)
        try:
            profile = detect_profile(table.header)
            cols = map_columns(table.path, table.header, column_map, ignore, profile)
            tz, zone_name = time_zone(profile, table.header, cols, zone)
            file_order, settled = _file_order(table, file, sheet, cols["acknowledged_at"][0], order)
            result.read_as.append(ReadAs(table.path, profile.name, _text(table.header[cols["acknowledged_at"][0]]),
                                         zone_name, file_order, settled, table.note))
            signed_file = "token" in cols
            if signed_file and secret is None:
                raise AckError(Problem(table.path, 1, "missing-secret",
                                       "tệp có cột token nhưng chưa có khoá bí mật để kiểm tra: dùng --secret-file "
                                       "TỆP (ngoài kho mã) hoặc biến môi trường HANDBOOK_ACK_SECRET; không ghi gì"))
            bar = Progress(f"{Path(file).name}", table.total, progress)
            file_rows = 0
            for number, row in table.rows:
                bar.step()
                rows_seen += 1
                if rows_seen > MAX_ROWS:
                    raise AckError(Problem(table.path, number, "too-many-rows",
                                           f"hơn {_n(MAX_ROWS)} dòng trong một lần nhập; chia thành nhiều tệp "
                                           "nhỏ hơn rồi nhập từng tệp; không ghi gì"))
                values, errors = _row_values(row, cols, table.header)
                if all(v in (None, "") for v in values.values()) and not errors:
                    continue
                result.rows_read += 1
                file_rows += 1
                if not errors:
                    checked = _check_row(values, matcher, updates, updates_by_key, now, titles, file_order, tz)
                    if isinstance(checked, list):
                        errors = checked
                ch = _text(values.get("channel"))
                ch_key = channel_key(ch) if ch else default_channel
                if ch_key is None:
                    errors = list(errors) + [_bad_channel(ch)]
                note = _text(values.get("note"))
                is_proxy = ch_key in PROXY_CHANNELS
                if is_proxy and not note:
                    errors = list(errors) + [("proxy-without-note",
                                              "xác nhận thay (kênh proxy) cần ghi chú: ai xác nhận thay, vì sao "
                                              "(ví dụ 'điều phối viên tỉnh, báo cáo viên không có điện thoại')")]
                unsigned = False
                if signed_file and not errors:
                    tok = _text(values.get("token"))
                    rid, uid, rev = checked[0][0], checked[0][1], checked[0][2]
                    if tok:
                        if not token_ok(secret, rid, uid, rev, tok):
                            errors = [("bad-token", f"mã xác thực '{tok[:20]}' không khớp với báo cáo viên {rid}, "
                                                    f"tài liệu {uid}, phiên bản {rev}: đường dẫn của người khác, "
                                                    "của phiên bản khác, hoặc bị sửa")]
                    elif not is_proxy:
                        if allow_unsigned:
                            unsigned = True
                        else:
                            errors = [("missing-token", "thiếu mã xác thực (token) trong khi dùng --require-token; bỏ "
                                                        "tuỳ chọn đó để nhận dòng không ký (được đếm riêng), hoặc "
                                                        "dùng kênh proxy kèm ghi chú")]
                if errors:
                    for rule, message in errors:
                        result.problems.append(Problem(table.path, number, rule, message))
                    raw = [_text(values.get(f))[:MAX_CELL] if not isinstance(values.get(f), dt.datetime)
                           else values[f].isoformat(sep=" ") for f in FIELDS]
                    rejected.append([str(table.path), number, errors[0][0], errors[0][1]] + raw)
                    continue
                key, _ = checked
                result.good += 1
                if key in new:
                    result.duplicates_in_input += 1
                    continue
                result.unsigned += unsigned
                result.proxy += is_proxy
                result.signed += signed_file and not unsigned and not is_proxy
                reporter = roster.by_id.get(key[0])
                update = updates.get(key[1])
                if reporter is not None and update is not None and reporter.level not in update.audience:
                    result.not_in_audience += 1
                    result.warnings.append(Problem(table.path, number, "not-in-audience",
                                                   f"báo cáo viên {reporter.rid} (cấp {reporter.level}) không thuộc "
                                                   f"đối tượng của {update.id} ({', '.join(update.audience)}): vẫn "
                                                   "ghi vào nhật ký nhưng không tính vào tỉ lệ"))
                new[key] = (key[0], key[1], key[2], key[3], ch_key, note)
            bar.done()
            result.files.append((table.path, file_rows, table.note))
        finally:
            table.close()

    if result.problems and not skip_bad:
        return result

    if dry_run:
        _drop_logged(new, acks_dir, result)
        result.added = len(new)
        return result
    label = "import-" + (slugify(Path(files[0]).stem)[:40] if files else "")
    with acklog.locked(acks_dir, lock_timeout):
        acklog.clean_partial(acks_dir)
        _drop_logged(new, acks_dir, result)  # under the lock: a parallel import cannot add the same rows
        if new:
            result.log_path = acklog.append(acks_dir, list(new.values()), label)
            result.added = len(new)
        if rejected:
            if rejects:
                result.rejects_path = acklog.write_csv_atomic(Path(rejects), REJECT_COLUMNS, rejected,
                                                              encoding="utf-8-sig", overwrite=True)
            else:
                result.rejects_path = acklog.write_new(acks_dir, "", REJECT_COLUMNS, rejected, prefix="rejects-",
                                                       encoding="utf-8-sig")
    result.written = True
    return result


def _drop_logged(new: dict, acks_dir: Path, result: ImportResult) -> None:
    if not new:
        return
    for row_key in acklog.iter_rows(acks_dir):
        if row_key in new:
            del new[row_key]
            result.already_logged += 1
            if not new:
                break


def _file_order(table: Table, file, sheet, idx: int, given):
    """The date order of a file's time column: the rows are read ahead (and kept for the import,
    the file is not opened twice) until the order is settled, or PRESCAN_ROWS rows needed none;
    only a column that needs an order and has not settled it is read on to its end, separately."""
    if given:
        return given, ("option", {})
    scan, ahead, ended = OrderScan(), [], True
    for number, row in table.rows:
        ahead.append((number, row))
        if scan.feed(number, row[idx] if idx < len(row) else None):
            ended = False
            break
        if len(ahead) >= PRESCAN_ROWS and scan.needs is None:
            ended = False
            break
    rest = table.rows
    table.rows = itertools.chain(ahead, rest)
    if not ended and not scan.settled and scan.needs is not None:
        again = read_table(file, sheet)
        try:
            last = ahead[-1][0]
            for number, row in again.rows:
                if number > last and scan.feed(number, row[idx] if idx < len(row) else None):
                    break
        finally:
            again.close()
    return scan.result(table.path, table.header[idx])


class TitleIndex:
    """An update given by its title (any language) or a prefix of it, accents and case folded."""

    def __init__(self, updates: dict[str, Update]):
        self.keys: list[tuple[str, Update]] = []
        for u in updates.values():
            for title in {u.title, u.title_en, *(t for _, t in u.titles)}:
                if title:
                    self.keys.append((_title_key(title), u))

    def find(self, value: str):
        """(update, None), (None, (rule, message)) or (None, None) when nothing is close."""
        key = _title_key(value)
        if len(key) < 3:
            return None, None
        exact = {u.id: u for k, u in self.keys if k == key}
        if len(exact) == 1:
            return next(iter(exact.values())), None
        starts = exact or {u.id: u for k, u in self.keys if k.startswith(key) or key.startswith(k + " ")}
        if len(starts) == 1:
            return next(iter(starts.values())), None
        if len(starts) > 1:
            names = "; ".join(f"{u.id} ('{u.title}')" for u in starts.values())
            return None, ("ambiguous-update", f"'{value[:80]}' khớp với {len(starts)} tài liệu: {names}; có phải "
                                              "một trong số đó? ghi đủ tên hoặc mã tài liệu")
        import difflib
        close = difflib.get_close_matches(key, [k for k, _ in self.keys], n=3, cutoff=0.6)
        if close:
            ids = list(dict.fromkeys(u.id for k, u in self.keys if k in close))
            return None, ("unknown-update", f"không có tài liệu nào cần xác nhận với mã hoặc tên '{value[:80]}'; "
                                            f"có phải: {', '.join(ids)}?")
        return None, None


def _title_key(text) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(_text(text)).lower()).split())


def _check_row(values: dict, matcher: Matcher, updates: dict[str, Update], updates_by_key: dict,
               now: dt.datetime | None = None, titles: "TitleIndex | None" = None, order: str | None = None,
               zone=TZ):
    """((key), row) for a good row, or a list of (rule, message)."""
    errors = []
    for fld, what in (("reporter_id", "mã báo cáo viên"), ("email", "email"), ("phone", "số điện thoại"),
                      ("update_id", "mã tài liệu"), ("revision", "phiên bản")):
        value = values.get(fld)
        hidden = _invisible(value) if isinstance(value, str) else None
        if hidden:
            errors.append(("invisible-char", f"{what} '{value}' chứa ký tự vô hình: {hidden}; xoá ký tự đó "
                                             "(thường do sao chép từ web hoặc Word) rồi nhập lại"))
    if errors:
        return errors
    uid = _text(values.get("update_id"))
    update = updates.get(uid) or updates.get(updates_by_key.get(uid.lower(), ""))
    rev = None
    if not uid:
        errors.append(("missing-value", "thiếu mã tài liệu (update_id)"))
    elif update is None:
        found, problem = titles.find(uid) if titles else (None, None)
        update = found
        if problem:
            errors.append(problem)
        elif found is None:
            errors.append(("unknown-update", f"không có tài liệu nào cần xác nhận với mã hoặc tên '{uid[:80]}'"))
    raw_rev = values.get("revision")
    if raw_rev in (None, ""):
        errors.append(("unknown-revision", "thiếu phiên bản (revision)"))
    else:
        rev = parse_revision(raw_rev)
        if rev is None:
            errors.append(("unknown-revision", f"phiên bản '{_text(raw_rev)}' không phải số nguyên"))
        elif update is not None and not 1 <= rev <= update.revision:
            errors.append(("unknown-revision", f"tài liệu {update.id} không có phiên bản {rev} "
                                               f"(phiên bản hiện hành: {update.revision})"))
            rev = None
    raw_time = values.get("acknowledged_at")
    moment = None
    try:
        moment = read_time(raw_time, now, order, zone)
    except TimeProblem as exc:
        errors.append((exc.rule, exc.message))
    if moment is not None and update is not None and rev == update.revision and moment.date() < update.published:
        errors.append(("before-published",
                       f"xác nhận lúc {moment:%d/%m/%Y %H:%M}, trước ngày đăng phiên bản {rev} của "
                       f"{update.id} ({update.published:%d/%m/%Y})"))
    reporter, problem = matcher.match(_text(values.get("reporter_id")), _text(values.get("email")),
                                      _text(values.get("phone")))
    if problem:
        errors.append(problem)
    if errors:
        return errors
    stamp = iso(moment)
    key = (reporter.rid, update.id, str(rev), stamp)
    return key, None


__all__ = ["import_files", "read_table", "map_columns", "parse_time", "read_time", "CHANNELS", "parse_map", "ImportResult",
           "Matcher", "ALIASES", "LOG_COLUMNS"]
