"""Shared by tests/test_hostile*.py: a tiny acknowledgement world and a memory-capped CLI run."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

from support import ackfixtures as fx

ROOT = Path(__file__).resolve().parents[2]

MEMORY_CAP = 1024 * 1024 * 1024  # RLIMIT_AS of the subprocess: 1 GiB

UPDATES = [
    ("upd-a", "legal-update", 2, "2026-03-01", 30, ["central", "provincial"], "Văn bản A", "Document A"),
    ("upd-b", "module", 1, "2026-06-01", 30, ["central", "provincial", "commune"], "Bài B", "Module B"),
]
ROSTER = [
    ["R01", "Người Mẫu Một", "central", "ha-noi", "Đơn vị mẫu", "r01@example.invalid", "+84 900 000 001", "true",
     "2024-01-01"],
    ["R02", "Người Mẫu Hai", "provincial", "ha-giang", "CA tỉnh", "r02@example.invalid", "0900 000 002", "true",
     "2024-01-01"],
    ["R03", "Người Mẫu Ba", "provincial", "da-nang", "CA tp", "r03@example.invalid", "0900 000 003", "true",
     "2024-01-01"],
]
HEADER = ["reporter_id", "update_id", "revision", "Dấu thời gian"]  # a Vietnamese time header: day first


def make_env(tmp: Path) -> dict:
    docs = fx.make_docs(tmp, UPDATES)
    roster = fx.write_roster(tmp / "data" / "reporters.csv", ROSTER)
    acks = tmp / "data" / "acks"
    acks.mkdir()
    fx.write_log(acks / "2026-07-01-000000-seed.csv",
                 [("R02", "upd-b", "1", "2026-06-10T09:00:00+07:00", "form", "")])
    return {"docs": docs, "roster": roster, "acks": acks, "tmp": tmp}


def common(env) -> list[str]:
    return ["--roster", str(env["roster"]), "--acks", str(env["acks"]), "--docs", str(env["docs"])]


def cli(env, command: str, *args, as_of: str | None = "2026-11-29") -> int:
    from scripts.acks import cli as ackcli
    extra = ["--as-of", as_of] if as_of and command != "import" else []
    return ackcli.main([command, *common(env), *extra, *args])


def write_csv(path: Path, header, rows, encoding="utf-8", delimiter=",") -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    return path


_PROBE = (
    "import resource, sys\n"
    "resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))\n"
    "{prelude}\n"
    "from scripts.acks.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_capped(argv: list[str], prelude: str = "", timeout: float = 300) -> subprocess.CompletedProcess:
    """`python -m scripts ack ARGV` in a subprocess whose address space is capped at 1 GiB."""
    code = _PROBE.format(cap=MEMORY_CAP, prelude=prelude)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


def assert_clean_refusal(proc: subprocess.CompletedProcess, rule: str):
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-2000:]
    assert f"[{rule}]" in out, out[-2000:]
    assert "Traceback" not in out and "MemoryError" not in out, out[-2000:]
