"""The acknowledgement log: `data/acks/*.csv`, append-only.

Each import adds one new file; nothing rewrites or deletes a row. Files named
`rejects-*.csv` (rows an import refused, gitignored) are not part of the log.
Columns: reporter_id, update_id, revision, acknowledged_at, channel, note.
`acknowledged_at` is ISO 8601 with offset (Asia/Ho_Chi_Minh, +07:00).
"""
from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Iterator

from . import LOG_COLUMNS, TZ, AckError, Problem


def log_files(acks_dir: Path | str) -> list[Path]:
    acks_dir = Path(acks_dir)
    if not acks_dir.exists():
        return []
    if not acks_dir.is_dir():
        raise AckError(Problem(acks_dir, 0, "missing-dir", "--acks phải là một thư mục"))
    return sorted(p for p in acks_dir.glob("*.csv") if not p.name.startswith("rejects-"))


def iter_rows(acks_dir: Path | str) -> Iterator[tuple[str, str, str, str]]:
    """(reporter_id, update_id, revision, acknowledged_at) of every log row, streamed."""
    for path in log_files(acks_dir):
        try:
            f = open(path, newline="", encoding="utf-8-sig")
        except OSError as exc:
            raise AckError(Problem(path, 0, "unreadable-file", f"không đọc được tệp nhật ký ({exc})")) from None
        with f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                continue
            try:
                idx = [header.index(c) for c in LOG_COLUMNS[:4]]
            except ValueError:
                raise AckError(Problem(path, 1, "missing-column",
                                       "tệp nhật ký phải có các cột " + ",".join(LOG_COLUMNS))) from None
            a, b, c, d = idx
            if idx == [0, 1, 2, 3]:
                for row in reader:
                    if len(row) >= 4:
                        yield row[0], row[1], row[2], row[3]
            else:
                m = max(idx)
                for row in reader:
                    if len(row) > m:
                        yield row[a], row[b], row[c], row[d]


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


def _clean(value) -> str:
    return " ".join(str(value if value is not None else "").split()) if value else ""


def write_csv_atomic(path: Path, header, rows, encoding: str = "utf-8", overwrite: bool = False) -> Path:
    """Write a whole CSV file via a temporary file in the same directory and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", newline="", encoding=encoding) as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for row in rows:
                w.writerow([_clean(v) for v in row])
            f.flush()
            os.fsync(f.fileno())
        if path.exists() and not overwrite:
            raise FileExistsError(path)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def append(acks_dir: Path | str, rows: list[tuple], label: str = "") -> Path | None:
    """Add `rows` (in LOG_COLUMNS order) to the log as one new file; None when there is nothing to add."""
    if not rows:
        return None
    acks_dir = Path(acks_dir)
    acks_dir.mkdir(parents=True, exist_ok=True)
    return write_csv_atomic(new_log_path(acks_dir, label), LOG_COLUMNS, rows)
