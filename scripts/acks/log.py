"""The acknowledgement log: the workspace's `acks/*.csv` (sample: `data/sample-workspace/acks/`), append-only.

Each import adds one new file; nothing rewrites or deletes a row. Files named
`rejects-*.csv` (rows an import refused, gitignored) are not part of the log.
Columns: reporter_id, update_id, revision, acknowledged_at, channel, note.
`acknowledged_at` is ISO 8601 with offset (Asia/Ho_Chi_Minh, +07:00).

A hash chain makes hand edits visible: every file an import writes has a last column
`chain`, and each row's value is the first 16 hex digits of
SHA-256(previous value + "\n" + the row's line as written, without its chain field). The
previous value of a file's first row is the last row's of the file before it (files in name
order; files without the column, written before the chain, are rolled in line by line), so each
import records the hash of the whole log before it. `verify` recomputes the chain and names
every row edited, added, removed or moved by hand, and every file added by hand after a
chained one (`[log-tampered]`); a log with no chained file yet is "not verified"
(`[log-unchained]`). Limit: the newest rows of the newest file can be cut off without a
trace in the files (nothing comes after them): the head value every report prints, and git,
show it.

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
    fcntl = None  # type: ignore[assignment]
import functools
import hashlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..model.languages import DEFAULT_LANGUAGE
from . import LOG_COLUMNS, TZ, AckError, Problem
from .messages import problem

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
        raise AckError(problem(acks_dir, 0, "missing-dir", "log.log-files"))
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
            warn(problem(path, line, "log-damaged", "log.damaged", message=message))
        elif warned == MAX_WARNINGS_PER_FILE + 1:
            warn(problem(path, line, "log-damaged", "log.damaged-2"))

    try:
        f = open(path, newline="", encoding="utf-8-sig")
    except OSError as exc:
        warn(problem(path, 0, "log-damaged", "log.file-rows", reason=exc.strerror or exc))
        return
    done, idx = 0, None  # where reading switches to the slow path for bytes that are not UTF-8
    with f:
        reader = csv.reader(bounded_lines(f))
        header: list[str] | Literal[False] | None
        try:
            header = next(reader, None)
        except UnicodeDecodeError:
            header = False
        except csv.Error as exc:
            warn(problem(path, 1, "log-damaged", "log.file-rows-2", reason=_why(exc)))
            return
        if header is None:
            return
        if header is not False:
            try:
                idx = [header.index(c) for c in LOG_COLUMNS[:4]]
            except ValueError:
                warn(problem(path, 1, "log-damaged", "log.file-rows-3", log_columns=",".join(LOG_COLUMNS)))
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
                warn(problem(path, 1, "log-damaged", "log.rest-with-replacement"))
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


# --------------------------------------------------------------------------- the hash chain
CHAIN_COLUMN = "chain"
CHAIN_LENGTH = 16
_HEX = frozenset("0123456789abcdef")


def chain_value(previous: str, body: bytes) -> str:
    """The chain value of a row whose line (without its chain field) is `body`."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + body).hexdigest()[:CHAIN_LENGTH]


def _is_chain(text: str) -> bool:
    return len(text) == CHAIN_LENGTH and set(text) <= _HEX


def _lines(path: Path, block: int = 8 << 20) -> Iterator[bytes]:
    """Lines of a file as bytes, without their line ending (read in blocks; a line longer than
    MAX_LINE comes in pieces)."""
    with open(path, "rb") as f:
        rest = b""
        while True:
            data = f.read(block)
            if not data:
                break
            parts = (rest + data).split(b"\n")
            rest = parts.pop()
            while len(rest) > MAX_LINE:  # no line end for a long way: hand it on in pieces
                yield rest[:MAX_LINE]
                rest = rest[MAX_LINE:]
            for line in parts:
                if len(line) <= MAX_LINE and not line.endswith(b"\r"):
                    yield line
                else:
                    yield from _pieces(line[:-1] if line.endswith(b"\r") else line)
        if rest:
            yield from _pieces(rest)


def _pieces(line: bytes) -> Iterator[bytes]:
    if len(line) <= MAX_LINE:
        yield line
    else:
        for i in range(0, len(line), MAX_LINE):
            yield line[i:i + MAX_LINE]


def _chained_header(header: bytes) -> bool:
    return header.lstrip(b"\xef\xbb\xbf").rstrip().split(b",")[-1:] == [CHAIN_COLUMN.encode()]


@dataclass
class LogCheck:
    """What `verify` found: files and rows read, the head value, problems, files not yet chained."""
    files: int = 0
    rows: int = 0
    head: str = ""
    problems: list = field(default_factory=list)
    unchained: list = field(default_factory=list)  # files before the first chained one, none after

    @property
    def verified(self) -> bool:
        return not self.problems and self.files > 0 and not (self.unchained and self.unchained_only)

    @property
    def unchained_only(self) -> bool:
        return len(self.unchained) == self.files

    def summary(self, lang: str = DEFAULT_LANGUAGE) -> str:
        from ..model.languages import strings
        t = strings(lang, "log")
        if not self.files:
            return t["empty"]
        if self.problems:
            return t["tampered"].format(n=len(self.problems), files=self.files, rows=self.rows)
        if self.unchained_only:
            return t["unchained"].format(files=self.files, rows=self.rows)
        return t["verified"].format(files=self.files, rows=self.rows, head=self.head)

    def as_dict(self) -> dict:
        return {"verified": self.verified, "files": self.files, "rows": self.rows, "head": self.head,
                "problems": [str(p) for p in self.problems], "unchained_files": [str(p) for p in self.unchained]}


NOT_YET = ("nhật ký chưa có chuỗi băm (các tệp ghi trước khi có tính năng này): chưa kiểm tra được; lần 'ack "
           "import' tới sẽ ghi mã băm của toàn bộ nhật ký hiện có")


def verify(acks_dir: Path | str) -> LogCheck:
    """Recompute the hash chain of the whole log; every problem names its file and row.

    Files written before the chain are hashed only when a chained file follows them (else
    their rows are only counted). A big log's chained files are checked by two processes:
    each file's chain starts from the value stored on the last row of the file before it."""
    files = log_files(acks_dir)
    chained = [_first_line_chained(p) for p in files]
    check = LogCheck(files=len(files))
    first = chained.index(True) if True in chained else len(files)
    previous = ""
    for path in files[:first]:  # before the first chained file
        check.unchained.append(path)
        if first == len(files):
            check.rows += _count_rows(path)
        else:
            previous = _roll(path, previous, check)
    runs = _runs(files, first, chained)
    if len(runs) > 1:
        import multiprocessing
        starts = [previous] + [_last_chain(files[lo - 1]) for lo, _ in runs[1:]]
        with multiprocessing.get_context("fork").Pool(len(runs)) as pool:
            parts = pool.starmap(_verify_run, [(files[lo:hi], chained[lo:hi], start)
                                               for (lo, hi), start in zip(runs, starts, strict=True)])
        for part in parts:
            check.rows += part.rows
            check.problems += part.problems
            previous = part.head
    elif runs:
        lo, hi = runs[0]
        part = _verify_run(files[lo:hi], chained[lo:hi], previous)
        check.rows, check.problems, previous = check.rows + part.rows, part.problems, part.head
    check.head = previous
    return check


PARALLEL_MIN_BYTES = 48 * 1024 * 1024  # a log this big is read (and verified) by two processes


def processes(files, min_bytes: int = PARALLEL_MIN_BYTES) -> int:
    """How many processes read `files`: two when they hold `min_bytes` or more and two CPUs are free
    to us (HANDBOOK_ACK_PROCESSES=1 keeps one); the second process is forked (not on Windows)."""
    wanted = os.environ.get("HANDBOOK_ACK_PROCESSES", "")
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    limit = int(wanted) if wanted.isdigit() and int(wanted) > 0 else 2
    if limit < 2 or cpus < 2 or not hasattr(os, "fork"):
        return 1
    try:
        size = sum(p.stat().st_size for p in files)
    except OSError:
        return 1
    return 2 if size >= min_bytes else 1


def _runs(files, first: int, chained) -> list[tuple[int, int]]:
    """The chained part of the log in one run, or two of about equal size for a big log (two CPUs)."""
    if first >= len(files):
        return []
    if processes(files[first:]) < 2 or len(files) - first < 2:
        return [(first, len(files))]
    sizes = [p.stat().st_size for p in files[first:]]
    half, acc = sum(sizes) / 2, 0
    for k, size in enumerate(sizes):
        acc += size
        cut = first + k + 1
        if acc >= half and cut < len(files) and chained[cut - 1]:  # a run starts after a chained file
            return [(first, cut), (cut, len(files))]
    return [(first, len(files))]


def _verify_run(paths, chained, previous: str) -> LogCheck:
    check = LogCheck()
    for path, is_chained in zip(paths, chained, strict=True):
        lines = _lines(path)
        if next(lines, None) is None:
            continue
        if not is_chained:  # after a chained file: added by hand
            check.problems.append(problem(path, 1, "log-tampered", "log.verify-run"))
            previous = _roll_lines(lines, previous, check)
            continue
        previous = _verify_rows(path, lines, previous, check)
    check.head = previous
    return check


def _roll(path: Path, previous: str, check: LogCheck) -> str:
    lines = _lines(path)
    next(lines, None)
    return _roll_lines(lines, previous, check)


def _roll_lines(lines, previous: str, check: LogCheck) -> str:
    for line in lines:
        if line:
            check.rows += 1
            previous = chain_value(previous, line)
    return previous


def _count_rows(path: Path) -> int:
    """Rows of a file (non-empty lines after the header)."""
    lines = _lines(path)
    next(lines, None)
    return sum(1 for line in lines if line)


def _verify_rows(path: Path, lines, previous: str, check: LogCheck) -> str:
    """Check the rows of one chained file (the 2,000,000-row log: one hash and one compare a row)."""
    sha, n = hashlib.sha256, CHAIN_LENGTH
    candidates: tuple[bytes, ...] = (previous.encode("ascii"),)
    prev: bytes | None = candidates[0]
    number, rows = 1, 0
    for line in lines:
        number += 1
        if not line:
            continue
        rows += 1
        cut = line.rfind(b",")
        stored = line[cut + 1:]
        if prev is not None and cut > 0 and sha(prev + b"\n" + line[:cut]).hexdigest()[:n].encode() == stored:
            prev = stored
            continue
        candidates = (prev,) if prev is not None else candidates
        prev = None  # the slow path below until a row matches again
        if cut < 0 or not _is_chain(stored.decode("ascii", "replace")):
            check.problems.append(problem(path, number, "log-tampered", "log.verify-rows-2"))
            continue  # the next row is checked against the same previous value
        body = line[:cut]
        if any(sha(c + b"\n" + body).hexdigest()[:n].encode() == stored for c in candidates):
            prev = stored
            continue
        check.problems.append(problem(path, number, "log-tampered", "log.verify-rows"))
        # an edited row keeps its old value (the next row matches it); an added one does not
        candidates = (stored, *candidates)[:4]
    check.rows += rows
    return (prev if prev is not None else candidates[0]).decode("ascii")


def head(acks_dir: Path | str) -> str:
    """The chain value the next row continues from: the last chained row's value, rolled on through
    any file after it that has no chain (those are reported by `verify`)."""
    files = log_files(acks_dir)
    last = max((i for i, p in enumerate(files) if _first_line_chained(p)), default=None)
    previous, start = "", 0
    if last is not None:
        previous = _last_chain(files[last])
        start = last + 1
    for path in files[start:]:
        lines = _lines(path)
        next(lines, None)
        for line in lines:
            if line:
                previous = chain_value(previous, line)
    return previous


def _first_line_chained(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return _chained_header(f.readline(MAX_LINE))
    except OSError:
        return False


def _last_chain(path: Path) -> str:
    """The chain value of a chained file's last row (read from the end of the file)."""
    with open(path, "rb") as f:
        f.seek(0, os.SEEK_END)
        size = f.tell()
        f.seek(max(0, size - 4096))
        tail = f.read().rstrip(b"\r\n")
    last = tail.rsplit(b"\n", 1)[-1].rstrip(b"\r")
    value = last.rpartition(b",")[2].decode("ascii", "replace")
    return value if _is_chain(value) else chain_value("", last)


def chained_lines(previous: str, rows) -> Iterator[str]:
    """CSV lines of log rows, each ending with its chain value (written exactly as hashed)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        buf.seek(0)
        buf.truncate()
        writer.writerow([_clean(v) for v in row])
        body = buf.getvalue()[:-1]
        previous = chain_value(previous, body.encode("utf-8"))
        yield f"{body},{previous}\n"


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
            _link_new(tmp, path)
    finally:
        _unlink(tmp)
    return path


def _link_new(tmp: str, path: Path) -> None:
    """`tmp` becomes `path`, which must not exist yet (FileExistsError): a hard link, atomic; a
    copy opened exclusively on file systems without hard links."""
    try:
        os.link(tmp, path)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise FileExistsError(path) from None
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        _exclusive_copy(tmp, path)


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
    raise AckError(problem(acks_dir, 0, "unwritable", "log.write-new"))


def append(acks_dir: Path | str, rows: list[tuple], label: str = "") -> Path | None:
    """Add `rows` (in LOG_COLUMNS order) to the log as one new file, chained to the log before it
    (hold `locked` around it); None when there is nothing to add."""
    if not rows:
        return None
    acks_dir = Path(acks_dir)
    acks_dir.mkdir(parents=True, exist_ok=True)
    previous = head(acks_dir)
    for _ in range(1000):
        path = new_log_path(acks_dir, label)
        try:
            return _write_lines_atomic(path, [",".join((*LOG_COLUMNS, CHAIN_COLUMN)) + "\n",
                                              *chained_lines(previous, rows)])
        except FileExistsError:
            continue
    raise AckError(problem(acks_dir, 0, "unwritable", "log.write-new"))


def _write_lines_atomic(path: Path, lines) -> Path:
    """write_csv_atomic for lines already formatted (the chain hashes their exact bytes)."""
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as f:
            f.writelines(lines)
            f.flush()
            os.fsync(f.fileno())
        _link_new(tmp, path)
    finally:
        _unlink(tmp)
    return path


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
                    raise AckError(problem(acks_dir, 0, "log-locked", "log.locked", timeout=timeout)) from None
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
                raise AckError(problem(acks_dir, 0, "log-locked", "log.lock-file", lock_file=LOCK_FILE,
                                       timeout=timeout, path=path)) from None
            time.sleep(poll)
    try:
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        os.close(fd)
        _unlink(path)
