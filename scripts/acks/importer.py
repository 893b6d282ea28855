"""Form exports -> log rows: CSV (UTF-8 with/without BOM, UTF-16 tab-separated as Excel
saves "Unicode text") and XLSX (Google Forms, Microsoft Forms, hand-made sheets).

All or nothing: every row of every file is checked first; any bad row is reported
as `file:row: [rule-id] message` and nothing is written, unless `skip_bad`.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..model.dates import DMY
from ..model.folding import fold, loose_key, nfc, slugify
from . import LOG_COLUMNS, TZ, AckError, Problem
from . import log as acklog
from .roster import Roster, normalize_email, normalize_phone
from .updates import Update

FIELDS = ("reporter_id", "email", "phone", "update_id", "revision", "acknowledged_at", "channel", "note")
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
                  "Tài liệu", "Mã văn bản", "Mã trang"],
    "revision": ["revision", "version", "rev", "Phiên bản", "Số phiên bản"],
    "acknowledged_at": ["acknowledged_at", "acknowledged at", "Timestamp", "time", "Completion time",
                        "Dấu thời gian", "Thời gian", "Thời gian hoàn thành", "Thời gian xác nhận",
                        "Ngày xác nhận"],
    "channel": ["channel", "Kênh", "Hình thức"],
    "note": ["note", "notes", "Ghi chú"],
}


def header_key(text) -> str:
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(text or ""))
    return loose_key(text.replace("_", " ").replace("*", " "))


_ALIAS_KEYS = {header_key(a): f for f, labels in ALIASES.items() for a in labels}


# --------------------------------------------------------------------------- reading files


class Table:
    """Header and rows of one input file; rows are (row_number, [cells])."""

    def __init__(self, path: Path, header: list, rows, total: int | None, closer=None):
        self.path, self.header, self.rows, self.total, self._closer = path, header, rows, total, closer

    def close(self):
        if self._closer:
            self._closer()


def _decode(path: Path, raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return raw.decode("utf-16")
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sample = raw[:200]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:
        try:
            return raw.decode("utf-16-le")
        except UnicodeDecodeError:
            pass
    raise AckError(Problem(path, 0, "bad-encoding",
                           "tệp không phải UTF-8 hay UTF-16; trong Excel chọn Lưu thành "
                           "'CSV UTF-8' hoặc 'Văn bản Unicode', hoặc gửi tệp .xlsx"))


def _read_csv(path: Path, raw: bytes) -> Table:
    text = _decode(path, raw)
    first = text.split("\n", 1)[0]
    delimiter = max(("\t", ",", ";"), key=first.count) if any(d in first for d in "\t,;") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise AckError(Problem(path, 0, "unreadable-file", f"tệp CSV hỏng ({exc})")) from None
    start = 0
    while start < len(records) and not any(c.strip() for c in records[start]):
        start += 1
    if start >= len(records):
        raise AckError(Problem(path, 0, "empty-file", "tệp trống"))
    header = records[start]
    rows = ((i + 1, r) for i, r in enumerate(records) if i > start)
    return Table(path, header, rows, len(records) - start - 1)


def _read_xlsx(path: Path) -> Table:
    try:
        import openpyxl
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover
        raise AckError(Problem(path, 0, "unreadable-file", "thiếu thư viện openpyxl để đọc .xlsx")) from None
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise AckError(Problem(path, 0, "not-xlsx", f"không phải tệp XLSX hợp lệ ({type(exc).__name__})")) from None
    ws = wb.worksheets[0] if wb.worksheets else None
    if ws is None:
        wb.close()
        raise AckError(Problem(path, 0, "empty-file", "tệp XLSX không có trang tính nào"))
    it = ws.iter_rows(values_only=True)
    header, number = None, 0
    for number, values in enumerate(it, start=1):
        if values and any(v not in (None, "") for v in values):
            header = list(values)
            break
    if header is None:
        wb.close()
        raise AckError(Problem(path, 0, "empty-file", "tệp trống"))
    total = None
    try:
        if ws.max_row:
            total = max(0, ws.max_row - number)
    except Exception:  # noqa: BLE001 - dimensions are optional in XLSX
        total = None
    rows = ((n, list(v)) for n, v in enumerate(it, start=number + 1))
    return Table(path, header, rows, total, wb.close)


def read_table(path: Path | str) -> Table:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise AckError(Problem(path, 0, "missing-file", "không tìm thấy tệp")) from None
    except OSError as exc:
        raise AckError(Problem(path, 0, "unreadable-file", f"không đọc được tệp ({exc.strerror or exc})")) from None
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise AckError(Problem(path, 0, "not-xlsx", "tệp Excel .xls cũ: hãy lưu lại thành .xlsx hoặc CSV UTF-8"))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise AckError(Problem(path, 0, "not-xlsx", "tệp có đuôi .xlsx nhưng không phải XLSX"))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AckError(Problem(path, 0, "unreadable-file", f"không đọc được tệp ({exc.strerror or exc})")) from None
    return _read_csv(path, raw)


def map_columns(path: Path, header: list, extra: dict[str, str] | None = None) -> dict[str, list[int]]:
    """field -> column indexes (first non-empty wins). Raises AckError on missing columns."""
    extra_keys = {header_key(k): v for k, v in (extra or {}).items()}
    cols: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        key = header_key(name)
        if not key:
            continue
        fld = extra_keys.get(key) or _ALIAS_KEYS.get(key)
        if fld:
            cols.setdefault(fld, []).append(i)
    missing = [f for f in ("update_id", "revision", "acknowledged_at") if f not in cols]
    if not any(f in cols for f in IDENTIFIERS):
        missing.insert(0, "reporter_id/email/phone")
    if missing:
        labels = {"update_id": "update_id (Mã tài liệu)", "revision": "revision (Phiên bản)",
                  "acknowledged_at": "acknowledged_at (Dấu thời gian)",
                  "reporter_id/email/phone": "reporter_id, email hoặc phone (Mã báo cáo viên, Địa chỉ email, "
                                             "Số điện thoại)"}
        raise AckError(Problem(path, 1, "missing-column",
                               "thiếu cột " + "; ".join(labels[m] for m in missing)
                               + "; đổi tên cột hoặc dùng --map 'Tên cột=trường'"))
    return cols


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

def parse_time(value) -> dt.datetime | None:
    """An aware datetime (Asia/Ho_Chi_Minh unless an offset is given), or None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return (value.replace(tzinfo=TZ) if value.tzinfo is None else value).astimezone(TZ)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=TZ)
    text = nfc(str(value)).strip()
    if not text:
        return None
    m = DMY.fullmatch(text)
    if m:
        d, mo, y, h, mi, s, ampm = m.groups()
        hour = int(h or 0)
        if ampm:
            if hour > 12 or hour == 0:
                return None
            pm = ampm.upper() in ("PM", "CH")
            hour = (hour % 12) + (12 if pm else 0)
        try:
            return dt.datetime(int(y), int(mo), int(d), hour, int(mi or 0), int(s or 0), tzinfo=TZ)
        except ValueError:
            return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text)
                                           else text)
    except ValueError:
        return None
    return (parsed.replace(tzinfo=TZ) if parsed.tzinfo is None else parsed).astimezone(TZ)


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


REJECT_COLUMNS = ("file", "row", "rule", "message") + FIELDS


def import_files(files: list[Path | str], roster: Roster, updates: dict[str, Update], acks_dir: Path | str,
                 *, skip_bad: bool = False, rejects: Path | str | None = None,
                 column_map: dict[str, str] | None = None, channel: str = "form",
                 progress: bool = False, dry_run: bool = False) -> ImportResult:
    """Check every row of `files`; append the new, good ones to the log as one new file.

    With bad rows and not `skip_bad`: nothing is written, `result.problems` lists them.
    With `skip_bad`: good rows are written and bad ones go to a rejects CSV
    (`rejects` or `<acks_dir>/rejects-<time>.csv`). Unreadable files and missing
    columns raise AckError (nothing written either way).
    """
    acks_dir = Path(acks_dir)
    result = ImportResult()
    matcher = Matcher(roster)
    updates_by_key = {u.lower(): u for u in updates}
    new: dict[tuple, tuple] = {}
    rejected: list[list] = []

    for file in files:
        table = read_table(file)
        try:
            cols = map_columns(table.path, table.header, column_map)
            bar = Progress(f"{Path(file).name}", table.total, progress)
            for number, row in table.rows:
                bar.step()
                values = {}
                for fld, idxs in cols.items():
                    v = ""
                    for i in idxs:
                        if i < len(row):
                            v = row[i] if fld in ("acknowledged_at", "revision") and row[i] not in (None, "") \
                                else _text(row[i])
                            if v not in (None, ""):
                                break
                    values[fld] = v
                if all(v in (None, "") for v in values.values()):
                    continue
                result.rows_read += 1
                errors = _check_row(values, matcher, updates, updates_by_key)
                if isinstance(errors, list):
                    for rule, message in errors:
                        result.problems.append(Problem(table.path, number, rule, message))
                    raw = [_text(values.get(f)) if not isinstance(values.get(f), dt.datetime)
                           else values[f].isoformat(sep=" ") for f in FIELDS]
                    rejected.append([str(table.path), number, errors[0][0], errors[0][1]] + raw)
                    continue
                key, out_row = errors
                ch = _text(values.get("channel")).lower() or channel
                note = _text(values.get("note"))
                result.good += 1
                if key in new:
                    result.duplicates_in_input += 1
                    continue
                new[key] = (key[0], key[1], key[2], key[3], ch, note)
            bar.done()
        finally:
            table.close()

    if result.problems and not skip_bad:
        return result

    if new:
        for row_key in acklog.iter_rows(acks_dir):
            if row_key in new:
                del new[row_key]
                result.already_logged += 1
                if not new:
                    break
    if dry_run:
        result.added = len(new)
        return result
    label = "import-" + (slugify(Path(files[0]).stem)[:40] if files else "")
    if new:
        result.log_path = acklog.append(acks_dir, list(new.values()), label)
        result.added = len(new)
    if rejected:
        path = Path(rejects) if rejects else acklog.new_log_path(acks_dir, "", prefix="rejects-")
        result.rejects_path = acklog.write_csv_atomic(path, REJECT_COLUMNS, rejected, encoding="utf-8-sig")
    result.written = True
    return result


def _check_row(values: dict, matcher: Matcher, updates: dict[str, Update], updates_by_key: dict):
    """((key), row) for a good row, or a list of (rule, message)."""
    errors = []
    uid = _text(values.get("update_id"))
    update = updates.get(uid) or updates.get(updates_by_key.get(uid.lower(), ""))
    rev = None
    if not uid:
        errors.append(("missing-value", "thiếu mã tài liệu (update_id)"))
    elif update is None:
        errors.append(("unknown-update", f"không có tài liệu nào cần xác nhận với mã '{uid}'"))
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
    moment = parse_time(raw_time)
    if moment is None:
        errors.append(("bad-time", f"không đọc được thời gian '{_text(raw_time)}'; dạng đúng "
                                   "dd/mm/yyyy hh:mm:ss hoặc YYYY-MM-DDThh:mm:ss+07:00"))
    elif update is not None and rev == update.revision and moment.date() < update.published:
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


__all__ = ["import_files", "read_table", "map_columns", "parse_time", "parse_map", "ImportResult",
           "Matcher", "ALIASES", "LOG_COLUMNS"]
