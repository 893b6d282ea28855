"""Benchmark of acknowledgement tracking: `python -m scripts bench ack`.

Generates (in a temporary directory) 20,000 reporters (central ones without a province),
500 updates as a docs tree (front matter + a short body) and 2,000,000 log rows, then times
`ack report --format json`, `ack import` of a 100,000-row XLSX (Vietnamese headers, matched
by email or phone — some phones in their pre-2018 eleven-digit form —, dd/mm/yyyy times,
a token column verified against the secret) against that log, and the dashboard build
(Dashboard.load + the summary + every update's detail page, both languages). Each command
runs in its own Python process; the figures are its time and its peak resident memory
(getrusage ru_maxrss, the largest of the process and of its worker processes: a log over
48 MB is read by two processes), printed beside the targets with the machine's load average.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"report": 3.0, "import": 15.0, "dashboard": 10.0, "memory_mb": 500.0}
SECRET = "6b1e9d4f2a7c0e3b8d5f1a9c4e7b2d0f6a3c8e1b5d9f2a4c7e0b3d6f8a1c5e9b"  # 32 bytes, hex: not a real key
LEVELS = ("central", "provincial", "commune")

_PROBE = (
    "import resource, sys, time\n"
    "t = time.perf_counter()\n"
    "from scripts.acks.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "el = time.perf_counter() - t\n"
    "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print(f'__BENCH__ {rc} {el:.3f} {rss}', file=sys.stderr)\n"
)

_DASHBOARD = (
    "import datetime as dt, resource, sys, time\n"
    "from pathlib import Path\n"
    "t = time.perf_counter()\n"
    "from scripts.acks import dashboard\n"
    "from scripts.model.tree import load_tree\n"
    "docs, roster, acks = (Path(a) for a in sys.argv[1:4])\n"
    "board = dashboard.Dashboard.load(load_tree(docs), roster, acks, None, dt.date(2026, 11, 29))\n"
    "n = 0\n"
    "for lang in ('vi', 'en'):\n"
    "    n += len(board.summary(lang))\n"
    "    for uid in board.summaries:\n"
    "        n += len(board.detail(uid, lang))\n"
    "el = time.perf_counter() - t\n"
    "rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "print(f'__BENCH__ 0 {el:.3f} {rss}', file=sys.stderr)\n"
)


def generate(work: Path, n_reporters: int, n_updates: int, n_rows: int, xlsx_rows: int, rng: random.Random,
             say=print) -> dict:
    from scripts.acks.roster import load_provinces
    provinces = load_provinces(ROOT / "data" / "provinces.csv")
    codes = provinces.codes()
    data = work / "data"
    (data / "acks").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "provinces.csv", data / "provinces.csv")
    t0 = time.perf_counter()

    # Roster
    levels = []
    with open(data / "reporters.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["reporter_id", "full_name", "level", "province", "unit", "email", "phone", "active", "joined"])
        for n in range(1, n_reporters + 1):
            r = rng.random()
            level = "central" if r < 0.05 else "provincial" if r < 0.40 else "commune"
            levels.append(level)
            joined = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 1300))
            w.writerow([f"BCV-{n:05d}", f"Người Mẫu Thử {n:05d}", level,
                        "" if level == "central" else codes[n % len(codes)],
                        "Đơn vị mẫu", f"bcv{n:05d}@example.invalid",
                        f"032 {n:07d}" if n % 10 == 0 else f"0900 {n:06d}",  # 032: written 0162 in the export
                        "false" if rng.random() < 0.02 else "true", joined.isoformat()])

    # Docs tree: 500 updates, front matter + body
    docs = work / "docs" / "legal"
    docs.mkdir(parents=True)
    updates = []
    body = "## Tóm tắt\n\n" + ("Nội dung mẫu để đo hiệu năng. " * 40 + "\n\n") * 20
    for k in range(n_updates):
        uid = f"van-ban-mau-{k:04d}"
        rev = rng.choice((1, 1, 1, 2, 3))
        published = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(0, 600))
        aud = rng.choice((["central", "provincial"], ["central", "provincial", "commune"], ["commune"]))
        due = rng.choice((30, 45, 60))
        updates.append((uid, rev, published, aud))
        (docs / f"{uid}.vi.md").write_text(
            f"---\nid: {uid}\ntype: legal-update\ntitle: \"Văn bản mẫu {k}\"\nowner: Ban biên tập\n"
            f"last_reviewed: \"2026-11-01\"\npublished: \"{published}\"\nrevision: {rev}\n"
            f"ack: {{required: true, audience: [{', '.join(aud)}], due: {due}}}\n---\n\n{body}", encoding="utf-8")
        (docs / f"{uid}.en.md").write_text(f"---\nid: {uid}\ntype: legal-update\ntitle: \"Sample {k}\"\n---\n\n"
                                           f"{body}", encoding="utf-8")

    # Log: 2,000,000 rows in files of 100,000
    stamps = [(dt.datetime(2025, 1, 1, 8, tzinfo=dt.timezone(dt.timedelta(hours=7)))
               + dt.timedelta(days=d, minutes=m)).isoformat() for d in range(0, 690, 3) for m in (0, 17, 433)]
    channels = ("form", "form", "form", "email", "paper", "proxy")
    per_file = 100_000
    written = 0
    rnd = rng.random
    while written < n_rows:
        batch = min(per_file, n_rows - written)
        with open(data / "acks" / f"2026-{written // per_file:04d}-bench.csv", "w", newline="",
                  encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["reporter_id", "update_id", "revision", "acknowledged_at", "channel", "note"])
            rows = []
            for _ in range(batch):
                uid, rev, _pub, _aud = updates[int(rnd() * n_updates)]
                r = rev if rnd() < 0.85 else max(1, rev - 1)
                rows.append((f"BCV-{int(rnd() * n_reporters) + 1:05d}", uid, r, stamps[int(rnd() * len(stamps))],
                             channels[int(rnd() * 6)], ""))
            w.writerows(rows)
        written += batch
    say(f"  generated roster, {n_updates} updates, {n_rows:,} log rows in {time.perf_counter() - t0:.1f} s")

    # XLSX export: 100,000 rows, Vietnamese headers, email or phone, dd/mm/yyyy times
    t1 = time.perf_counter()
    import openpyxl

    from scripts.acks.links import token
    secret = SECRET.encode()
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Câu trả lời biểu mẫu 1")
    ws.append(["Dấu thời gian", "Địa chỉ email", "Số điện thoại", "Mã tài liệu", "Phiên bản", "Ghi chú", "token"])
    for i in range(xlsx_rows):
        uid, rev, pub, aud = updates[int(rnd() * n_updates)]
        n = int(rnd() * n_reporters) + 1
        for _ in range(20):  # a reporter in the update's audience (the form is sent to them)
            if levels[n - 1] in aud:
                break
            n = int(rnd() * n_reporters) + 1
        when = dt.datetime.combine(pub, dt.time(9)) + dt.timedelta(days=int(rnd() * 90), seconds=i % 3600)
        by_email = rnd() < 0.6
        ws.append([when.strftime("%d/%m/%Y %H:%M:%S"), f"BCV{n:05d}@Example.Invalid" if by_email else None,
                   None if by_email else f"0162{n:07d}" if n % 10 == 0 else f"+84 900 {n:06d}", uid, rev, "",
                   token(secret, f"BCV-{n:05d}", uid, rev)])
    xlsx = work / "phan-hoi-bieu-mau.xlsx"
    wb.save(xlsx)
    say(f"  generated {xlsx_rows:,}-row XLSX in {time.perf_counter() - t1:.1f} s")
    return {"roster": data / "reporters.csv", "acks": data / "acks", "docs": work / "docs", "xlsx": xlsx}


def probe(args: list[str], code: str = _PROBE) -> tuple[int, float, float, float, str]:
    """(exit code, seconds inside, wall seconds, peak MB, stderr tail) of one ack command in a fresh process."""
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "HANDBOOK_ACK_SECRET": SECRET,
                               "NO_MKDOCS_2_WARNING": "1"})
    wall = time.perf_counter() - t
    line = next((ln for ln in proc.stderr.splitlines() if ln.startswith("__BENCH__")), None)
    if line is None:
        return proc.returncode, float("nan"), wall, float("nan"), proc.stderr[-2000:]
    _, rc, inside, rss = line.split()
    other = "\n".join(ln for ln in proc.stderr.splitlines() if not ln.startswith("__BENCH__"))
    return int(rc), float(inside), wall, int(rss) / 1024, other[-500:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m scripts bench ack", description=__doc__.splitlines()[0])
    p.add_argument("--reporters", type=int, default=20_000)
    p.add_argument("--updates", type=int, default=500)
    p.add_argument("--rows", type=int, default=2_000_000)
    p.add_argument("--xlsx-rows", type=int, default=100_000)
    p.add_argument("--workdir", help="directory for the generated data (default: a temporary directory)")
    p.add_argument("--keep", action="store_true", help="keep the generated data")
    p.add_argument("--seed", type=int, default=2026)
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="bench-ack-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Acknowledgement benchmark ({args.reporters:,} reporters, {args.updates} updates, "
              f"{args.rows:,} log rows, {args.xlsx_rows:,}-row XLSX) in {work}")
        paths = generate(work, args.reporters, args.updates, args.rows, args.xlsx_rows, random.Random(args.seed))
        common = ["--roster", str(paths["roster"]), "--acks", str(paths["acks"]), "--docs", str(paths["docs"])]
        results = []
        rc, inside, wall, mb, err = probe(["report", *common, "--as-of", "2026-11-29", "--format", "json"])
        results.append(("report --format json", rc, inside, wall, mb, TARGETS["report"], err))
        rc, inside, wall, mb, err = probe(["import", *common, str(paths["xlsx"])])
        results.append((f"import {args.xlsx_rows:,}-row XLSX+token", rc, inside, wall, mb, TARGETS["import"], err))
        rc, inside, wall, mb, err = probe([str(paths["docs"]), str(paths["roster"]), str(paths["acks"])], _DASHBOARD)
        results.append((f"dashboard ({args.updates} updates)", rc, inside, wall, mb, TARGETS["dashboard"], err))
        print()
        print(f"{'command':<34} {'exit':>4} {'seconds':>8} {'(wall)':>8} {'target':>8} {'peak MB':>8} "
              f"{'target':>8}  result")
        ok = True
        for name, rc, inside, wall, mb, target, err in results:
            good = rc == 0 and inside <= target and mb <= TARGETS["memory_mb"]
            ok &= good
            print(f"{name:<34} {rc:>4} {inside:>8.2f} {wall:>8.2f} {'≤' + format(target, '.0f') + ' s':>8} "
                  f"{mb:>8.0f} {'≤' + format(TARGETS['memory_mb'], '.0f'):>8}  {'OK' if good else 'OVER'}")
            if err.strip():
                lines = err.strip().splitlines()
                print("    " + ("\n    ".join(lines[-8:]) if rc != 0 else lines[-1].split("\r")[-1]))
        print("\nseconds = inside the command's process (imports included); (wall) adds interpreter start-up. "
              f"Machine: {__import__('os').cpu_count()} CPU, load average "
              f"{' '.join(format(x, '.2f') for x in __import__('os').getloadavg())} (1, 5, 15 min) at the end.")
        return 0 if ok else 1
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
