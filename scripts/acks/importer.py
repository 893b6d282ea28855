"""Form exports -> log rows: matching each row's reporter and update, and the import.

Reading the files (CSV, XLSX, their limits) is `tables`; reading times and the day/month order
of a time column is `times`. All or nothing: every row of every file is checked first
(`check_row` holds every row rule); any bad row is reported as `file:row: [rule-id] message`
and nothing is written, unless `skip_bad` (then good rows are written and bad ones go to a
rejects CSV: `rejects` or `<acks_dir>/rejects-<time>.csv`, never inside the log folder or a
`protected` one). Unreadable files, files over the limits and missing columns raise AckError
(nothing written either way). Writing happens under an exclusive lock on the log folder;
duplicates are checked under that lock.

Each file's product is recognised from its header (`PROFILES`): its metadata columns are
ignored (and the `ignore` ones), its time column read in the zone the product writes (UTC
for Kobo's `_submission_time`, `zone` otherwise) and the day/month order settled for the
whole column (`times.date_order`; `order` when given) or the import refused [ambiguous-date].

Tokens (links.py): when a file has a token column, every row's token is checked against
`secret` (a wrong one is a bad row [bad-token]); a row without one (the page's public
button) is kept and counted in `unsigned` (with `allow_unsigned=False`, a bad row
[missing-token] unless it is a proxy acknowledgement). A proxy row (channel proxy / uy-quyen)
needs a note [proxy-without-note]. A reporter outside the update's audience is a warning
[not-in-audience]: stored, not counted.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import cast

from ..model import dates
from ..model.folding import fold, loose_key, slugify
from . import TZ, AckError, Problem, tables
from . import log as acklog
from .links import token_ok
from .messages import pair, problem
from .roster import Roster, normalize_email, normalize_phone
from .tables import MAX_CELL, Table, cell_text, grouped, read_table
from .times import PRESCAN_ROWS, OrderScan, TimeProblem, iso, parse_time, read_time
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


INVISIBLE = {"\u200b": "zero-width space U+200B", "\u200c": "zero-width non-joiner U+200C",
             "\u200d": "zero-width joiner U+200D", "\u2060": "word joiner U+2060",
             "\ufeff": "BOM / zero-width no-break space U+FEFF", "\u00ad": "soft hyphen U+00AD",
             "\u200e": "left-to-right mark U+200E", "\u200f": "right-to-left mark U+200F"}


# --------------------------------------------------------------------------- export profiles
# How each product writes its export, recognised from the header (see the coordinators' guide):
# which columns are the product's own metadata (ignored, never mapped: Kobo's `__version__` is not
# the page's revision), which column is the time, and the zone of a time written without offset.


@dataclass(frozen=True)
class Profile:
    name: str  # shown in the import report
    detect: tuple  # raw header keys (lower case) that all must be present (any one of each tuple)
    metadata: frozenset  # header keys (header_key) of the product's own columns, never mapped
    time: tuple = ()  # header keys of the time column, most authoritative first (an order, not a set:
    # a file with two of them must get the same column on every run, whatever the hash seed)
    time_zone: str | None = None  # zone of a time without offset in that column (None: the form's)
    metadata_if_identified: frozenset = frozenset()  # ignored when the form has its own reporter column


def _raw_key(name) -> str:
    """A header as the product wrote it, accents folded, lower case (`__version__` stays itself)."""
    return " ".join(fold(str(name or "")).lower().split())


def _keys(*labels) -> frozenset:
    return frozenset(_raw_key(x) for x in labels)


def _ordered(*labels) -> tuple:
    return tuple(dict.fromkeys(_raw_key(x) for x in labels))


KOBO_META = ("start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
             "_id", "_uuid", "__version__", "_version_", "_validation_status", "_notes", "_status", "_submitted_by",
             "_tags", "_index", "_parent_index", "_parent_table_name", "_attachments", "_geolocation",
             "_xform_id_string", "meta/instanceID", "meta/rootUuid", "meta/deprecatedID", "formhub/uuid",
             "instanceID", "_media_all_received", "_total_media", "_expected_media", "_duration")
PROFILES = (
    # KoboToolbox (CSV with , or ; and XLSX; labels or XML names): `_submission_time` is the server's
    # time in UTC written without an offset (kpi issue #3941); `start`/`end` are the device's
    Profile("KoboToolbox", (("_uuid", "_submission_time", "__version__"),), _keys(*KOBO_META),
            _ordered("_submission_time"), "UTC"),
    # Microsoft Forms (XLSX, English or Vietnamese interface): ID, Start time, Completion time, Email,
    # Name, Last modified time; times are Excel date cells in the form's zone
    Profile("Microsoft Forms", (("id",), ("start time", "thoi gian bat dau"), ("completion time", "thoi gian hoan thanh")),
            _keys("ID", "Start time", "Thời gian bắt đầu", "Last modified time", "Thời gian sửa đổi lần cuối",
                  "Total points", "Quiz feedback", "Tổng điểm", "Phản hồi bài kiểm tra"),
            _ordered("Completion time", "Thời gian hoàn thành"), None, _keys("Email", "Name", "Tên")),
    # Google Forms: the responses sheet (CSV from Sheets, vi or en locale) and "Download responses (.csv)"
    Profile("Google Forms", (("timestamp", "dau thoi gian"),), _keys("Score", "Điểm", "Tổng điểm"),
            _ordered("Timestamp", "Dấu thời gian")),
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


def map_columns(path: Path, header: list, extra: dict[str, str] | None = None, ignore: Sequence[str] = (),
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
        raise AckError(problem(path, 1, "missing-column", "importer.map-columns",
                               unknown=", ".join(f"'{k}'" for k in unknown),
                               header=", ".join(f"'{cell_text(h)[:40]}'" for h in header[:40])))
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
    _check_required(path, cols, profile)
    return cols


def _check_required(path: Path, cols: dict, profile: Profile) -> None:
    """[missing-column] naming every required field no column gives."""
    missing = [f for f in ("update_id", "revision", "acknowledged_at") if f not in cols]
    if not any(f in cols for f in IDENTIFIERS):
        missing.insert(0, "reporter_id/email/phone")
    if missing:
        labels = {"update_id": "update_id (Văn bản, Mã tài liệu)", "revision": "revision (Phiên bản)",
                  "acknowledged_at": "acknowledged_at (Dấu thời gian)",
                  "reporter_id/email/phone": "reporter_id, email hoặc phone (Mã báo cáo viên, Địa chỉ email, "
                                             "Số điện thoại)"}
        raise AckError(problem(path, 1, "missing-column", "importer.check-required",
                               missing="; ".join(labels[m] for m in missing), profile_name=profile.name))


def time_zone(profile: Profile, header: list, cols: dict, form_zone: str):
    """(zone object, zone name) for times without offset in the time column."""
    from zoneinfo import ZoneInfo
    idx = cols["acknowledged_at"][0]
    name = profile.time_zone if profile.time_zone and _raw_key(header[idx]) in profile.time else form_zone
    return (dt.UTC if name == "UTC" else ZoneInfo(name)), name



def parse_map(items: list[str] | None) -> dict[str, str]:
    out = {}
    for item in items or []:
        header, sep, fld = item.rpartition("=")
        fld = fld.strip()
        if not sep or not header.strip() or fld not in FIELDS:
            raise AckError(f"--map '{item}': dạng đúng 'Tên cột=trường', trường là một trong {', '.join(FIELDS)}")
        out[header.strip()] = fld
    return out



def _id_key(value: str) -> str:
    return re.sub(r"[\s\-_.]", "", value).upper()


def parse_revision(value) -> int | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return int(value) if float(value).is_integer() else None
    m = re.fullmatch(r"(?:v|r|rev|revision|version|phien ban|ban)?\s*\.?\s*(\d+)(?:\.0+)?", fold(cell_text(value)))
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
                return None, pair("missing-value", "importer.match")
            return None, pair("unknown-reporter", "importer.match", given=given)
        kind, value, hits = found[0]
        candidates = {r.rid for r in hits}
        for other_kind, other_value, other_hits in found[1:]:
            ids = {r.rid for r in other_hits}
            both = candidates & ids
            if not both:
                return None, pair("ambiguous-reporter", "importer.match-2", kind=kind, value=value,
                                  candidates=', '.join(sorted(candidates)), other_kind=other_kind,
                                  other_value=other_value, ids=', '.join(sorted(ids)))
            candidates = both
        if len(candidates) > 1:
            return None, pair("ambiguous-reporter", "importer.match", kind=kind, value=value,
                              n_candidates=len(candidates), candidates=', '.join(sorted(candidates)))
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
    key = slugify(cell_text(value)) if len(cell_text(value)) <= 40 else ""
    return key if key in CHANNELS else None


def _bad_channel(value) -> tuple[str, str]:
    shown = cell_text(value)[:40]
    return pair("bad-channel", "importer.bad-channel", shown=shown, channels=', '.join(CHANNELS))


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
        return _id_key(cell_text(a)) == _id_key(cell_text(b))
    if fld == "email":
        return normalize_email(a) == normalize_email(b)
    if fld == "phone":
        return normalize_phone(a) == normalize_phone(b)
    if fld == "revision":
        return parse_revision(a) == parse_revision(b)
    if fld == "acknowledged_at":
        return parse_time(a) == parse_time(b) and parse_time(a) is not None
    return cell_text(a).lower() == cell_text(b).lower()


def _row_values(row: list, cols: dict, header: list):
    """{field: value} of one row and the problems of its raw cells (length, duplicate columns)."""
    values, errors = {}, []
    for fld, idxs in cols.items():
        found = []
        for i in idxs:
            if i < len(row):
                cell = row[i]
                if isinstance(cell, str) and len(cell) > MAX_CELL:
                    errors.append(pair("cell-too-long", "importer.row-values", header_b=cell_text(header[i])[:60],
                                       n_cell=grouped(len(cell)), max_cell=MAX_CELL))
                    cell = cell[:MAX_CELL]
                v = cell if fld in ("acknowledged_at", "revision") and cell not in (None, "") else cell_text(cell)
                if v not in (None, ""):
                    found.append((i, v))
        values[fld] = found[0][1] if found else ""
        for i, v in found[1:]:
            if not _same(fld, found[0][1], v):
                errors.append(pair("duplicate-column", "importer.row-values",
                                   header_a=cell_text(header[found[0][0]])[:60],
                                   header_b=cell_text(header[i])[:60], fld=fld, found=cell_text(found[0][1])[:60],
                                   v=cell_text(v)[:60]))
                break
    return values, errors


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
            return None, pair("ambiguous-update", "importer.find", value=value[:80], n_starts=len(starts),
                              names=names)
        import difflib
        close = difflib.get_close_matches(key, [k for k, _ in self.keys], n=3, cutoff=0.6)
        if close:
            ids = list(dict.fromkeys(u.id for k, u in self.keys if k in close))
            return None, pair("unknown-update", "importer.find", value=value[:80], ids=', '.join(ids))
        return None, None


def _title_key(text) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(cell_text(text)).lower()).split())


@dataclass(frozen=True)
class ImportOptions:
    """How `import_files` reads and writes (the options of `ack import`)."""
    skip_bad: bool = False  # write the good rows, the bad ones to a rejects CSV
    rejects: Path | str | None = None  # that CSV (default `<acks_dir>/rejects-<time>.csv`)
    column_map: dict[str, str] | None = None  # --map 'Tên cột=trường'
    channel: str = "form"  # the channel of a row that names none
    progress: bool = False
    dry_run: bool = False
    sheet: str | None = None  # the XLSX sheet to read
    lock_timeout: float = 30.0
    now: dt.datetime | None = None
    protected: tuple | list = ()  # folders `rejects` may not be inside
    secret: bytes | None = None  # checks a token column (links.py)
    allow_unsigned: bool = True  # a row without a token in a file with a token column is kept
    ignore: tuple | list = ()  # columns never mapped
    order: str | None = None  # --date-order: dmy or mdy for every file
    zone: str = "Asia/Ho_Chi_Minh"  # the form's zone, for a time written without offset


@dataclass(frozen=True)
class RowRules:
    """What the row rules need: the roster and updates, once per import; the time column's
    order and zone and whether the file is signed, once per file (`dataclasses.replace`)."""
    roster: Roster
    updates: dict[str, Update]
    now: dt.datetime
    default_channel: str
    secret: bytes | None = None
    allow_unsigned: bool = True
    matcher: Matcher | None = None
    titles: TitleIndex | None = None
    updates_by_key: dict = field(default_factory=dict)
    order: str | None = None
    zone: object = TZ
    signed: bool = False  # the file has a token column


RowKey = tuple[str, str, str, str]  # (reporter_id, update_id, revision, acknowledged_at)


@dataclass
class RowResult:
    """One row checked: its problems ((rule, message), empty for a good row), or what it stores."""
    errors: list
    key: RowKey | None = None  # (reporter_id, update_id, revision, acknowledged_at) of a good row
    channel: str | None = None
    note: str = ""
    proxy: bool = False
    unsigned: bool = False  # no token in a file with a token column
    signed: bool = False  # its token verified


def check_row(values: dict, errors: list, rules: RowRules) -> RowResult:
    """Every rule of one row, in the order they are reported. `errors` are the raw cells' own
    ([cell-too-long], [duplicate-column]); without them: [invisible-char] (alone), then the update,
    revision, time and reporter (`_row_key`); then [bad-channel] and [proxy-without-note]; a good row
    of a signed file then has its token checked ([bad-token], or [missing-token] with
    `allow_unsigned=False`, unless it is a proxy acknowledgement: a row without a token is unsigned)."""
    errors, key = list(errors), None
    if not errors:
        errors = _invisible_errors(values)
        if not errors:
            key, errors = _row_key(values, rules)
    given = cell_text(values.get("channel"))
    channel = channel_key(given) if given else rules.default_channel
    if channel is None:
        errors.append(_bad_channel(given))
    note = cell_text(values.get("note"))
    proxy = channel in PROXY_CHANNELS
    if proxy and not note:
        errors.append(pair("proxy-without-note", "importer.check-row"))
    unsigned = False
    if rules.signed and not errors:
        tok = cell_text(values.get("token"))
        good = cast(RowKey, key)  # no errors: `_row_key` gave the key
        rid, uid, rev = good[0], good[1], good[2]
        # a signed file has a secret (`_file_rules` raises [missing-secret] without one)
        if tok and not token_ok(cast(bytes, rules.secret), rid, uid, rev, tok):
            errors = [pair("bad-token", "importer.check-row", tok=tok[:20], rid=rid, uid=uid, rev=rev)]
        elif not tok and not proxy:
            if rules.allow_unsigned:
                unsigned = True
            else:
                errors = [pair("missing-token", "importer.check-row")]
    return RowResult(errors, None if errors else key, channel, note, proxy, unsigned,
                     rules.signed and not unsigned and not proxy)


def _invisible_errors(values: dict) -> list:
    errors = []
    for fld, what in (("reporter_id", "mã báo cáo viên"), ("email", "email"), ("phone", "số điện thoại"),
                      ("update_id", "mã tài liệu"), ("revision", "phiên bản")):
        value = values.get(fld)
        hidden = _invisible(value) if isinstance(value, str) else None
        if hidden:
            errors.append(pair("invisible-char", "importer.invisible-errors", what=what, value=value, hidden=hidden))
    return errors


def _row_key(values: dict, rules: RowRules) -> tuple[RowKey | None, list]:
    """(key, []) of a row whose update, revision, time and reporter are good, else (None, problems)."""
    errors: list = []
    update = _row_update(cell_text(values.get("update_id")), rules, errors)
    rev = _row_revision(values.get("revision"), update, errors)
    moment = None
    try:
        moment = read_time(values.get("acknowledged_at"), rules.now, rules.order, rules.zone)
    except TimeProblem as exc:
        errors.append((exc.rule, exc.message))
    if moment is not None and update is not None and rev == update.revision and moment.date() < update.published:
        errors.append(pair("before-published", "importer.row-key", moment=moment, rev=rev, update_id=update.id,
                           published=update.published))
    matcher = cast(Matcher, rules.matcher)  # `import_files` always gives one
    reporter, problem = matcher.match(cell_text(values.get("reporter_id")), cell_text(values.get("email")),
                                      cell_text(values.get("phone")))
    if problem:
        errors.append(problem)
    if errors:
        return None, errors
    # no errors: the update, the time and the reporter were all found
    return (reporter.rid, cast(Update, update).id, str(rev), iso(cast(dt.datetime, moment))), []


def _row_update(uid: str, rules: RowRules, errors: list) -> Update | None:
    update = rules.updates.get(uid) or rules.updates.get(rules.updates_by_key.get(uid.lower(), ""))
    if not uid:
        errors.append(pair("missing-value", "importer.row-update"))
    elif update is None:
        found, problem = rules.titles.find(uid) if rules.titles else (None, None)
        update = found
        if problem:
            errors.append(problem)
        elif found is None:
            errors.append(pair("unknown-update", "importer.row-update", uid=uid[:80]))
    return update


def _row_revision(raw_rev, update: Update | None, errors: list) -> int | None:
    if raw_rev in (None, ""):
        errors.append(pair("unknown-revision", "importer.row-revision"))
        return None
    rev = parse_revision(raw_rev)
    if rev is None:
        errors.append(pair("unknown-revision", "importer.row-revision-2", raw_rev=cell_text(raw_rev)))
    elif update is not None and not 1 <= rev <= update.revision:
        errors.append(pair("unknown-revision", "importer.row-revision-3", update_id=update.id, rev=rev,
                           current=update.revision))
        return None
    return rev


@dataclass
class _Batch:
    """What an import has gathered before it writes: new log rows by key, rejected rows."""
    result: ImportResult = field(default_factory=ImportResult)
    new: dict = field(default_factory=dict)
    rejected: list = field(default_factory=list)
    rows_seen: int = 0

    def add(self, path: Path, number: int, values: dict, row: RowResult, rules: RowRules) -> None:
        result = self.result
        if row.errors:
            for rule, message in row.errors:
                result.problems.append(Problem(str(path), number, rule, message))
            raw = [cell_text(values.get(f))[:MAX_CELL] if not isinstance(values.get(f), dt.datetime)
                   else values[f].isoformat(sep=" ") for f in FIELDS]
            self.rejected.append([str(path), number, row.errors[0][0], row.errors[0][1]] + raw)
            return
        key = cast(RowKey, row.key)  # a row without errors has its key
        result.good += 1
        if key in self.new:
            result.duplicates_in_input += 1
            return
        result.unsigned += row.unsigned
        result.proxy += row.proxy
        result.signed += row.signed
        reporter, update = rules.roster.by_id.get(key[0]), rules.updates.get(key[1])
        if reporter is not None and update is not None and reporter.level not in update.audience:
            result.not_in_audience += 1
            result.warnings.append(problem(path, number, "not-in-audience", "importer.add",
                                           rid=reporter.rid, level=reporter.level,
                                           update_id=update.id, audience=', '.join(update.audience)))
        self.new[key] = (key[0], key[1], key[2], key[3], row.channel, row.note)


def import_files(files: list[Path | str], roster: Roster, updates: dict[str, Update], acks_dir: Path | str,
                 options: ImportOptions | None = None) -> ImportResult:
    """Check every row of `files`; append the new, good ones to the log as one new file (the module's
    docstring says how; `check_row` holds every row rule)."""
    from .privacy import check_output
    opts = options or ImportOptions()
    acks_dir = Path(acks_dir)
    if opts.rejects is not None:
        check_output(Path(opts.rejects), [acks_dir, *opts.protected], "--rejects", is_file=True)
    default_channel = channel_key(opts.channel)
    if default_channel is None:
        raise AckError(Problem("--channel", 0, *_bad_channel(opts.channel)))
    rules = RowRules(roster, updates, opts.now or dates.now(), default_channel, opts.secret, opts.allow_unsigned,
                     Matcher(roster), TitleIndex(updates), {u.lower(): u for u in updates})
    batch = _Batch()
    for file in files:
        _read_file(file, rules, opts, batch)
    result = batch.result
    if result.problems and not opts.skip_bad:
        return result
    if opts.dry_run:
        _drop_logged(batch.new, acks_dir, result)
        result.added = len(batch.new)
        return result
    _write(batch, acks_dir, opts, "import-" + (slugify(Path(files[0]).stem)[:40] if files else ""))
    result.written = True
    return result


def _read_file(file, base: RowRules, opts: ImportOptions, batch: _Batch) -> None:
    """Check every row of one file into `batch`."""
    table = read_table(file, opts.sheet)
    try:
        rules, cols = _file_rules(table, file, base, opts, batch.result)
        bar = Progress(f"{Path(file).name}", table.total, opts.progress)
        file_rows = 0
        for number, row in table.rows:
            bar.step()
            batch.rows_seen += 1
            if batch.rows_seen > tables.MAX_ROWS:
                raise AckError(problem(table.path, number, "too-many-rows", "importer.read-file",
                                       max_rows=grouped(tables.MAX_ROWS)))
            values, errors = _row_values(row, cols, table.header)
            if all(v in (None, "") for v in values.values()) and not errors:
                continue
            batch.result.rows_read += 1
            file_rows += 1
            batch.add(table.path, number, values, check_row(values, errors, rules), rules)
        bar.done()
        batch.result.files.append((table.path, file_rows, table.note))
    finally:
        table.close()


def _file_rules(table: Table, file, base: RowRules, opts: ImportOptions, result: ImportResult):
    """(the rules for this file's rows, its columns): its product, columns, time zone and date order."""
    profile = detect_profile(table.header)
    cols = map_columns(table.path, table.header, opts.column_map, opts.ignore, profile)
    tz, zone_name = time_zone(profile, table.header, cols, opts.zone)
    file_order, settled = _file_order(table, file, opts.sheet, cols["acknowledged_at"][0], opts.order)
    result.read_as.append(ReadAs(table.path, profile.name, cell_text(table.header[cols["acknowledged_at"][0]]),
                                 zone_name, file_order, settled, table.note))
    signed_file = "token" in cols
    if signed_file and opts.secret is None:
        raise AckError(problem(table.path, 1, "missing-secret", "importer.file-rules"))
    return replace(base, order=file_order, zone=tz, signed=signed_file), cols


def _write(batch: _Batch, acks_dir: Path, opts: ImportOptions, label: str) -> None:
    """Append the new rows (and write the rejects) under the log folder's lock."""
    new, result = batch.new, batch.result
    with acklog.locked(acks_dir, opts.lock_timeout):
        acklog.clean_partial(acks_dir)
        _drop_logged(new, acks_dir, result)  # under the lock: a parallel import cannot add the same rows
        if new:
            result.log_path = acklog.append(acks_dir, list(new.values()), label)
            result.added = len(new)
        if batch.rejected:
            if opts.rejects:
                result.rejects_path = acklog.write_csv_atomic(Path(opts.rejects), REJECT_COLUMNS, batch.rejected,
                                                              encoding="utf-8-sig", overwrite=True)
            else:
                result.rejects_path = acklog.write_new(acks_dir, "", REJECT_COLUMNS, batch.rejected,
                                                       prefix="rejects-", encoding="utf-8-sig")


__all__ = ["import_files", "ImportOptions", "check_row", "RowResult", "map_columns", "CHANNELS", "parse_map",
           "ImportResult", "Matcher", "ALIASES"]
