"""Reading the tables coordinators bring: form exports as CSV (UTF-8 with/without BOM, UTF-16
tab-separated as Excel saves "Unicode text") and XLSX (Google Forms, Microsoft Forms, Kobo,
hand-made sheets), and the roster and provinces (CSV) through `open_csv`.

Hostile input: files are streamed, never read whole; the limits below (file size, rows,
cell length, CSV line and field length, XLSX unzipped size) are enforced while reading,
each breach one clear line.
"""
from __future__ import annotations

import codecs
import csv
import os
import re
import stat
import zipfile
from pathlib import Path

from ..model.folding import nfc
from . import AckError
from . import log as acklog
from .messages import problem

# --------------------------------------------------------------------------- limits
# Enforced while reading, before anything is held in memory whole; shown on the editors' reference
# page (scripts/render/reference.py, ack_limits).

MAX_FILE_BYTES = 50 * 1024 * 1024        # one input file
MAX_ROWS = 250_000                       # data rows in one import, all files together
MAX_CELL = 500                           # characters in one imported value (a note, an id, an email…)
MAX_COLUMNS = 200                        # columns read from an XLSX row
MAX_XLSX_UNZIPPED = 300 * 1024 * 1024    # an XLSX's parts once unzipped (zip bombs)
MAX_XLSX_PART = 100 * 1024 * 1024        # one part (a sheet, the shared strings)
MAX_SHARED_STRINGS = 1_000_000           # strings an XLSX shares (a 250,000-row export has far fewer)
HEAD_BYTES = 64 * 1024                   # bytes sniffed for the encoding



def grouped(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def cell_text(value) -> str:
    """A cell as text: NFC, stripped, a whole float without its `.0`, None as ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


MAX_ROSTER_BYTES = 200 * 1024 * 1024     # the roster or provinces (a roster of 20,000 reporters is about 3 MB)


def open_csv(path: Path):
    """A table the coordinator keeps (the roster, the provinces): a UTF-8 CSV, with or without BOM,
    opened for `csv` with its field limit bounded; over MAX_ROSTER_BYTES is [file-too-large].
    OSError (FileNotFoundError…) as `open` raises it: the caller says which list it is."""
    acklog.bounded_csv_limit()
    size = path.stat().st_size
    if size > MAX_ROSTER_BYTES:
        raise AckError(problem(path, 0, "file-too-large", "tables.open-csv", size=size // (1024 * 1024),
                               max_roster_bytes=MAX_ROSTER_BYTES // (1024 * 1024)))
    return open(path, newline="", encoding="utf-8-sig")


# --------------------------------------------------------------------------- reading files


class Table:
    """Header and rows of one input file; rows are (row_number, [cells])."""

    def __init__(self, path: Path, header: list, rows, total: int | None, closer=None, note: str = ""):
        self.path, self.header, self.rows, self.total, self._closer = path, header, rows, total, closer
        self.note = note  # e.g. which sheet of a workbook was read

    def close(self):
        if self._closer:
            self._closer()


def _encoding(path: Path, head: bytes) -> str:
    """The encoding of a text export, from its first bytes (BOM, or UTF-8 / UTF-16 without one)."""
    if head.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or (
            len(head) >= 16 and head[1::4].count(0) + head[2::4].count(0) + head[3::4].count(0)
            > 2 * len(head[::4]) and head[::4].count(0) < len(head[::4]) // 4):
        raise AckError(problem(path, 0, "bad-encoding", "tables.encoding-2"))
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
    raise AckError(problem(path, 0, "bad-encoding", "tables.encoding"))


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
        raise AckError(problem(path, 1, "bad-encoding", "tables.encoding")) from None
    delimiter = max(("\t", ",", ";"), key=first.count) if any(d in first for d in "\t,;") else ","
    reader = csv.reader(_checked_lines(path, lines), delimiter=delimiter)
    records = _records(path, reader)
    try:
        for number, header in records:  # noqa: B007 - `number` (the header's line) is read after the loop
            if any(c.strip() for c in header):
                break
        else:
            raise AckError(problem(path, 0, "empty-file", "tables.read-xlsx"))
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
            raise AckError(problem(path, number + 1, "cell-too-long", "tables.records",
                                   max_line=grouped(acklog.MAX_LINE))) from None
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise AckError(problem(path, number + 1, "cell-too-long", "tables.records-2",
                                       csv_field_limit=grouped(acklog.CSV_FIELD_LIMIT))) from None
            raise AckError(problem(path, number + 1, "bad-file", "roster.load-provinces", exc=exc)) from None
        except UnicodeDecodeError:
            raise AckError(problem(path, number + 1, "bad-encoding", "tables.encoding")) from None
        number += 1
        yield number, record


def _check_zip(path: Path) -> None:
    """Refuse a zip whose parts unzip to more than the limits (before openpyxl reads them)."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise AckError(problem(path, 0, "not-xlsx", "tables.check-zip", exc=type(exc).__name__)) from None
    total = sum(i.file_size for i in infos)
    biggest = max((i.file_size for i in infos), default=0)
    if total > MAX_XLSX_UNZIPPED or biggest > MAX_XLSX_PART or len(infos) > 10_000:
        raise AckError(problem(path, 0, "file-too-large", "tables.check-zip",
                               total=grouped(total // (1024 * 1024)),
                               max_xlsx_unzipped=grouped(MAX_XLSX_UNZIPPED // (1024 * 1024)),
                               max_xlsx_part=grouped(MAX_XLSX_PART // (1024 * 1024))))
    shared = [i.filename for i in infos if i.filename.lower().endswith("sharedstrings.xml")]
    for name in shared:
        if _count_shared(path, name) > MAX_SHARED_STRINGS:
            raise AckError(problem(path, 0, "file-too-large", "tables.check-zip-2",
                                   max_shared_strings=grouped(MAX_SHARED_STRINGS)))


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
        raise AckError(problem(path, 0, "unreadable-file", "tables.read-xlsx")) from None
    _check_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise AckError(problem(path, 0, "not-xlsx", "tables.check-zip", exc=type(exc).__name__)) from None
    except Exception as exc:  # noqa: BLE001 - a damaged workbook must give one clear line
        raise AckError(problem(path, 0, "not-xlsx", "tables.read-xlsx", exc=type(exc).__name__)) from None
    try:
        ws, note = _pick_sheet(path, wb, sheet)
    except BaseException:
        wb.close()
        raise
    it = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header, number = None, 0
    for number, values in enumerate(it, start=1):  # noqa: B007 - `number` (the header's row) is read after the loop
        if values and any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        wb.close()
        raise AckError(problem(path, 0, "empty-file", "tables.read-xlsx"))
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
                values: list[object] = [None] * width
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
                    value: object = None
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
        raise AckError(problem(path, 0, "empty-file", "tables.pick-sheet"))

    def describe(ws):
        return f"'{ws.title}'" + ("" if ws.sheet_state == "visible" else " (ẩn)")

    if sheet is not None:
        for ws in sheets:
            if ws.title == sheet or ws.title.strip().lower() == sheet.strip().lower():
                return ws, f"trang tính '{ws.title}'"
        raise AckError(problem(path, 0, "ambiguous-sheet", "tables.pick-sheet", sheet=sheet,
                               sheets=", ".join(describe(w) for w in sheets)))
    with_data = [ws for ws in sheets if _sheet_has_data(ws)]
    try:
        active = wb.active
    except Exception:  # noqa: BLE001
        active = None
    if active is None or getattr(active, "sheet_state", "visible") != "visible":
        active = next((w for w in sheets if w.sheet_state == "visible"), sheets[0])
    names = ", ".join(describe(w) for w in with_data)
    if len(with_data) > 1:
        raise AckError(problem(path, 0, "ambiguous-sheet", "tables.pick-sheet-2", n_with_data=len(with_data),
                               names=names, active_title=active.title))
    chosen = with_data[0] if with_data else active
    if chosen.sheet_state != "visible":
        raise AckError(problem(path, 0, "ambiguous-sheet", "tables.pick-sheet-3", sheet_shown=describe(chosen),
                               chosen_title=chosen.title))
    if _hidden_rows(path, getattr(chosen, "_worksheet_path", None)):
        raise AckError(problem(path, 0, "ambiguous-sheet", "tables.pick-sheet-4", chosen_title=chosen.title,
                               sheets=", ".join(describe(w) for w in sheets)))
    return chosen, f"trang tính '{chosen.title}'"


def read_table(path: Path | str, sheet: str | None = None) -> Table:
    path = Path(path)
    try:
        if path.exists() and not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            raise AckError(problem(path, 0, "unreadable-file", "tables.read-table"))
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            head = f.read(HEAD_BYTES)
    except FileNotFoundError:
        raise AckError(problem(path, 0, "missing-file", "tables.read-table")) from None
    except IsADirectoryError:
        raise AckError(problem(path, 0, "unreadable-file", "tables.read-table-2")) from None
    except OSError as exc:
        raise AckError(problem(path, 0, "unreadable-file", "tables.read-table-3",
                               reason=exc.strerror or exc)) from None
    if size > MAX_FILE_BYTES:
        raise AckError(problem(path, 0, "file-too-large", "tables.read-table", size=grouped(size // (1024 * 1024)),
                               max_file_bytes=grouped(MAX_FILE_BYTES // (1024 * 1024))))
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise AckError(problem(path, 0, "not-xlsx", "tables.read-table"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise AckError(problem(path, 0, "not-xlsx", "tables.read-table-2"))
    if sheet is not None:
        raise AckError(problem(path, 0, "ambiguous-sheet", "tables.read-table"))
    return _read_csv(path, head)
