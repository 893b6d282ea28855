"""The acknowledgement log: `data/acks/*.csv`, append-only.

Each import adds one new file; nothing rewrites or deletes a row. Files named
`rejects-*.csv` (rows an import refused, gitignored) are not part of the log.
Columns: reporter_id, update_id, revision, acknowledged_at, channel, note.
`acknowledged_at` is ISO 8601 with offset (Asia/Ho_Chi_Minh, +07:00).

Hostile input: the reader never dies on one file or one row. A damaged file (a field
longer than the CSV limit, bytes that are not UTF-8, a missing column) is reported
as `path:row: [log-damaged] message` through `warn` (stderr by default) and the other
rows and files still count. Writers neutralise spreadsheet formulas (`safe_cell`),
create files with an exclusive open (never overwrite a log file), and an import holds
an exclusive lock on the log folder (`locked`, flock on the folder).
"""
from __future__ import annotations

import csv
import datetime as dt
import errno
try:
    import fcntl
except ImportError:  # Windows has no flock: `locked` creates a lock file exclusively instead
    fcntl = None
import functools
import os
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from . import LOG_COLUMNS, TZ, AckError, Problem

# Limits of the reader: one physical line is read in pieces of at most MAX_LINE characters
# and one field may hold at most CSV_FIELD_LIMIT characters (csv.field_size_limit).
MAX_LINE = 1024 * 1024
CSV_FIELD_LIMIT = 128 * 1024
MAX_WARNINGS_PER_FILE = 5
PART_GLOB = ".tmp-*.part"


def bounded_csv_limit() -> None:
    """Make sure the process-wide csv field limit is bounded (a library may have raised it)."""
    if csv.field_size_limit() > CSV_FIELD_LIMIT:
        csv.field_size_limit(CSV_FIELD_LIMIT)


def bounded_lines(f, limit: int = MAX_LINE):
    """Lines of a text file, none longer than `limit` characters (a longer line comes in pieces)."""
    return iter(functools.partial(f.readline, limit), "")


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0, 9), *range(11, 32), 127, *range(0x80, 0xa0))}
_CONTROL.update({c: f"\\u{c:04x}" for c in (0x200e, 0x200f, *range(0x202a, 0x202f), *range(0x2066, 0x206a))})


def printable(text) -> str:
    """Text safe to print on a terminal: control characters (escape sequences) and bidi overrides
    from an input file are shown as \\xNN / \\uNNNN instead of acting on the terminal."""
    return str(text).translate(_CONTROL)


def _stderr(problem: Problem) -> None:
    print(printable(problem), file=sys.stderr)


def log_files(acks_dir: Path | str) -> list[Path]:
    acks_dir = Path(acks_dir)
    if not acks_dir.exists():
        return []
    if not acks_dir.is_dir():
        raise AckError(Problem(acks_dir, 0, "missing-dir", "--acks phải là một thư mục"))
    return sorted(p for p in acks_dir.glob("*.csv") if not p.name.startswith("rejects-") and p.is_file())


def iter_rows(acks_dir: Path | str, warn: Callable[[Problem], None] | None = None, raw: bool = False
              ) -> Iterator[tuple[str, str, str, str]]:
    """(reporter_id, update_id, revision, acknowledged_at) of every log row, streamed.

    A damaged file or row is reported through `warn` (default: printed to stderr) and skipped.
    `raw=True` (the coverage scan: 2,000,000 rows): rows of a file in the standard column order
    come as the CSV reader gives them, lists that may be shorter than 4 (skip those) or longer
    (use the first four fields); saves building a tuple a row.
    """
    warn = warn or _stderr
    bounded_csv_limit()
    for path in log_files(acks_dir):
        yield from _file_rows(path, warn, raw)


def iter_paths_rows(paths: list[Path], warn: Callable[[Problem], None] | None = None, raw: bool = False
                    ) -> Iterator[tuple[str, str, str, str]]:
    """iter_rows over the given log files (a part of log_files(), for a worker process)."""
    warn = warn or _stderr
    bounded_csv_limit()
    for path in paths:
        yield from _file_rows(path, warn, raw)


def _file_rows(path: Path, warn, raw: bool = False) -> Iterator[tuple[str, str, str, str]]:
    warned = 0

    def damaged(line: int, message: str):
        nonlocal warned
        warned += 1
        if warned <= MAX_WARNINGS_PER_FILE:
            warn(Problem(path, line, "log-damaged", message + "; dòng này không được tính, các dòng khác vẫn tính"))
        elif warned == MAX_WARNINGS_PER_FILE + 1:
            warn(Problem(path, line, "log-damaged", "còn lỗi khác trong tệp này (không in hết)"))

    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        warn(Problem(path, 0, "log-damaged", f"không đọc được tệp nhật ký ({exc.strerror or exc}); bỏ qua tệp"))
        return
    done, idx = 0, None  # where reading switches to the slow path for bytes that are not UTF-8
    with f:
        reader = csv.reader(bounded_lines(f))
        try:
            header = next(reader, None)
        except UnicodeDecodeError:
            header = False
        except csv.Error as exc:
            warn(Problem(path, 1, "log-damaged", f"dòng tiêu đề hỏng ({_why(exc)}); bỏ qua tệp"))
            return
        if header is None:
            return
        if header is not False:
            try:
                idx = [header.index(c) for c in LOG_COLUMNS[:4]]
            except ValueError:
                warn(Problem(path, 1, "log-damaged", "tệp nhật ký phải có các cột " + ",".join(LOG_COLUMNS)
                             + "; bỏ qua tệp"))
                return
            a, b, c, d = idx
            m = max(idx)
            while True:
                try:
                    if idx == [0, 1, 2, 3] and raw:
                        yield from reader
                    elif idx == [0, 1, 2, 3]:
                        for row in reader:
                            if len(row) >= 4:
                                yield row[0], row[1], row[2], row[3]
                    else:
                        for row in reader:
                            if len(row) > m:
                                yield row[a], row[b], row[c], row[d]
                    return
                except csv.Error as exc:
                    damaged(reader.line_num, _why(exc))
                except UnicodeDecodeError:
                    done = reader.line_num
                    break
    # bytes that are not UTF-8: read the rest again, replacing them, and skip the rows they damage
    yield from _rest_with_replacement(path, done, idx, damaged, warn)


def _rest_with_replacement(path: Path, done: int, idx: list[int] | None, damaged, warn
                           ) -> Iterator[tuple[str, str, str, str]]:
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        reader = csv.reader(bounded_lines(f))
        if idx is None:
            try:
                header = next(reader, None) or []
                idx = [header.index(c) for c in LOG_COLUMNS[:4]]
            except (csv.Error, ValueError):
                warn(Problem(path, 1, "log-damaged", "dòng tiêu đề hỏng; bỏ qua tệp"))
                return
            done = 1
        a, b, c, d = idx
        m = max(idx)
        while True:
            try:
                for row in reader:
                    if reader.line_num <= done:
                        continue
                    if any("\ufffd" in cell for cell in row):
                        damaged(reader.line_num, "có byte không phải UTF-8")
                    elif len(row) > m:
                        yield row[a], row[b], row[c], row[d]
                return
            except csv.Error as exc:
                damaged(reader.line_num, _why(exc))


def _why(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "có byte không phải UTF-8"
    text = str(exc)
    if "field larger than field limit" in text:
        return f"một ô dài hơn {CSV_FIELD_LIMIT:,} ký tự".replace(",", ".")
    return f"CSV hỏng ({text})"


def new_log_path(acks_dir: Path, label: str, now: dt.datetime | None = None, prefix: str = "") -> Path:
    """A file name not yet taken: `[prefix]YYYY-MM-DD-HHMMSS[-label].csv` (Viet Nam time)."""
    now = now or dt.datetime.now(TZ)
    base = prefix + (f"{now:%Y-%m-%d-%H%M%S}-{label}" if label else f"{now:%Y-%m-%d-%H%M%S}")
    path = acks_dir / f"{base}.csv"
    n = 2
    while path.exists():
        path = acks_dir / f"{base}-{n}.csv"
        n += 1
    return path


# A cell starting with one of these opens as a formula in Excel, LibreOffice and Google Sheets
# (OWASP "CSV injection"); tab and carriage return too.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell that cannot run as a spreadsheet formula: a leading ' when it starts with = + - @ tab CR.

    Numbers (int, float, bool) are left alone: they are data, not text a spreadsheet parses.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row) -> list:
    return [safe_cell(v) for v in row]


def _clean(value) -> str:
    text = " ".join(str(value if value is not None else "").split()) if value else ""
    return safe_cell(text) if isinstance(value, str) else text


def _write_temp(directory: Path, header, rows, encoding: str) -> str:
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=directory)  # O_EXCL
    try:
        with os.fdopen(fd, "w", newline="", encoding=encoding) as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for row in rows:
                w.writerow([_clean(v) for v in row])
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        _unlink(tmp)
        raise
    return tmp


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def write_csv_atomic(path: Path, header, rows, encoding: str = "utf-8", overwrite: bool = False) -> Path:
    """Write a whole CSV file via a temporary file in the same directory.

    Without `overwrite` the file appears with a hard link, which fails when the name is
    taken (an exclusive create: two writers can never replace each other's file); with
    `overwrite` (reminders) it replaces the old file with a rename.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _write_temp(path.parent, header, rows, encoding)
    try:
        if overwrite:
            os.replace(tmp, path)
        else:
            try:
                os.link(tmp, path)
            except OSError as exc:
                if exc.errno == errno.EEXIST:
                    raise FileExistsError(path) from None
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                    raise
                _exclusive_copy(tmp, path)  # file systems without hard links
    finally:
        _unlink(tmp)
    return path


def _exclusive_copy(src: str, dest: Path) -> None:
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as inp:
            while chunk := inp.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        _unlink(dest)
        raise


def write_new(acks_dir: Path, label: str, header, rows, prefix: str = "", encoding: str = "utf-8") -> Path:
    """A new file `[prefix]<time>[-label].csv` in acks_dir, never replacing one (the next free name)."""
    for _ in range(1000):
        path = new_log_path(acks_dir, label, prefix=prefix)
        try:
            return write_csv_atomic(path, header, rows, encoding=encoding)
        except FileExistsError:
            continue  # another writer took the name in between: take the next one
    raise AckError(Problem(acks_dir, 0, "unwritable", "không tạo được tên tệp mới trong thư mục nhật ký"))


def append(acks_dir: Path | str, rows: list[tuple], label: str = "") -> Path | None:
    """Add `rows` (in LOG_COLUMNS order) to the log as one new file; None when there is nothing to add."""
    if not rows:
        return None
    acks_dir = Path(acks_dir)
    acks_dir.mkdir(parents=True, exist_ok=True)
    return write_new(acks_dir, label, LOG_COLUMNS, rows)


def clean_partial(acks_dir: Path | str) -> list[Path]:
    """Remove `.tmp-*.part` files an interrupted import left behind (call it holding the lock)."""
    removed = []
    for p in Path(acks_dir).glob(PART_GLOB):
        if p.is_file() and not p.is_symlink():
            _unlink(p)
            removed.append(p)
    return removed


@contextmanager
def locked(acks_dir: Path | str, timeout: float = 30.0, poll: float = 0.1):
    """Hold an exclusive lock on the log folder: fcntl.flock on the folder itself (no lock file
    to leave behind or commit). Waits up to `timeout` seconds for another import to finish,
    then raises AckError [log-locked]."""
    acks_dir = Path(acks_dir)
    acks_dir.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        with _lock_file(acks_dir, timeout, poll):
            yield acks_dir
        return
    fd = os.open(acks_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise AckError(Problem(acks_dir, 0, "log-locked",
                                           f"nhật ký đang được một lần nhập khác ghi (thư mục bị khoá); đã chờ "
                                           f"{timeout:g} giây, không ghi gì; chạy lại sau khi lần nhập kia xong"
                                           )) from None
                time.sleep(poll)
        try:
            yield acks_dir
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


LOCK_FILE = ".import.lock"


@contextmanager
def _lock_file(acks_dir: Path, timeout: float, poll: float):
    """Where there is no flock (Windows): `.import.lock` in the log folder, created exclusively,
    removed when the import ends. One left behind by a killed import is named in the message."""
    path = acks_dir / LOCK_FILE
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            if time.monotonic() >= deadline:
                raise AckError(Problem(acks_dir, 0, "log-locked",
                                       f"nhật ký đang được một lần nhập khác ghi (có tệp {LOCK_FILE}); đã chờ "
                                       f"{timeout:g} giây, không ghi gì; chạy lại sau khi lần nhập kia xong (nếu không "
                                       f"có lần nhập nào đang chạy, xoá tệp {path})")) from None
            time.sleep(poll)
    try:
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        os.close(fd)
        _unlink(path)
