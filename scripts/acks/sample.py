"""Regenerate the FICTIONAL sample workspace data/sample-workspace/: reporters.csv and acks/2026-*-sample-*.csv.

    PYTHONPATH=. .venv/bin/python -m scripts.acks.sample

Deterministic (fixed seed). Every person is invented: names end in a number and
use words such as "Minh Họa", "Ví Dụ", "Giả Định"; emails are on example.invalid
(a reserved domain that can never receive mail); phones are 0900 000 xxx.
"""
from __future__ import annotations

import csv
import datetime as dt
import random

from . import DATA, LOG_COLUMNS, TZ
from . import log as acklog
from .roster import load_provinces
from .workspace import SAMPLE

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quốc", "Ngọc", "Hữu"]
GIVEN = ["Mẫu", "Thử", "Minh Họa", "Ví Dụ", "Giả Định", "Hư Cấu"]
LEVEL_PLAN = {"central": 30, "provincial": 4, "commune": 7}  # central total; provincial/commune per unit

# (update id, revision, published, due days, audience, target share, stale share for older revision).
# Revision, published, due and audience are each page's front matter (`revision:`, `published:`,
# `ack:`); tests/test_acks_data.py checks they stay so. The stale share writes rows for revision - 1.
SAMPLE_UPDATES = [
    ("luat-tre-em-2016", 2, dt.date(2026, 1, 15), 60, ("central", "provincial", "commune"), 0.86, 0.0),
    ("blhs-dieu-150-151", 3, dt.date(2026, 3, 2), 45, ("central", "provincial"), 0.70, 0.6),
    ("luat-pcmbn-2024", 2, dt.date(2026, 6, 1), 30, ("central", "provincial", "commune"), 0.80, 0.0),
    ("nq-202-2025-qh15", 2, dt.date(2026, 9, 15), 30, ("central", "provincial"), 0.62, 0.0),
    ("khung-phap-ly", 2, dt.date(2026, 2, 1), 60, ("central", "provincial", "commune"), 0.79, 0.0),
    ("phong-dieu-tra-than-thien", 2, dt.date(2026, 4, 10), 45, ("central", "provincial"), 0.73, 0.0),
]
# Some rows keep the province as it was written before 1 July 2025 (code or name): they still resolve.
FORMER_EXAMPLES = {"tuyen-quang": "ha-giang", "lao-cai": "Yên Bái", "phu-tho": "vinh-phuc",
                   "ho-chi-minh": "Bình Dương", "da-nang": "Quảng Nam", "hue": "Thừa Thiên Huế",
                   "can-tho": "soc-trang", "ninh-binh": "Nam Định", "lam-dong": "binh-thuan",
                   "an-giang": "Kiên Giang", "bac-ninh": "Bắc Giang", "gia-lai": "binh-dinh"}


def make_roster(provinces, rng: random.Random) -> list[list]:
    rows = []
    n = 0

    def person(level, province, unit):
        nonlocal n
        n += 1
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {n:03d}"
        joined = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(0, 900))
        rows.append([f"BCV-{n:05d}", name, level, province, unit, f"bcv{n:05d}@example.invalid",
                     f"0900 000 {n:03d}", "true", joined.isoformat()])

    codes = provinces.codes()
    for i in range(LEVEL_PLAN["central"]):
        person("central", "", f"Đơn vị mẫu Trung ương {i % 6 + 1:02d}")  # central: no province
    for code in codes:
        name = provinces.name(code)
        for k in range(LEVEL_PLAN["provincial"]):
            given = FORMER_EXAMPLES.get(code) if k == 3 else None
            person("provincial", given or code, f"Công an {name} (đơn vị mẫu)")
        for k in range(LEVEL_PLAN["commune"]):
            given = FORMER_EXAMPLES.get(code) if k == 6 else None
            person("commune", given or code, f"Công an xã Mẫu {k + 1}, {name}")
    # Inactive reporters (left the role): kept in the roster, not counted.
    for row in rng.sample(rows, 12):
        row[7] = "false"
    # Newcomers: joined in 2026, some after an update's due date (their own due date applies).
    newcomers = rng.sample([r for r in rows if r[7] == "true"], 16)
    for k, row in enumerate(newcomers):
        row[8] = (dt.date(2026, 5, 1) + dt.timedelta(days=12 * k)).isoformat()
    # Two commune reporters share their unit's phone; one reporter has no email (paper only).
    communes = [r for r in rows if r[2] == "commune"]
    communes[1][6] = communes[0][6]
    communes[2][5] = ""
    return rows


def _moment(rng, start: dt.date, days: int) -> str:
    day = start + dt.timedelta(days=rng.randrange(0, max(1, days)))
    t = dt.datetime(day.year, day.month, day.day, rng.randrange(7, 22), rng.randrange(60), rng.randrange(60),
                    tzinfo=TZ)
    return t.isoformat()


def make_acks(roster_rows, provinces, rng: random.Random, as_of: dt.date):
    files: dict[str, list] = {}
    factor = {c: rng.uniform(0.78, 1.12) for c in provinces.codes()}
    for uid, rev, published, due, audience, share, stale_share in SAMPLE_UPDATES:
        for row in roster_rows:
            rid, level, joined = row[0], row[2], dt.date.fromisoformat(row[8])
            if level not in audience:
                continue
            # Central reporters have no province; their draw keeps the factor they were first generated
            # with (ha-noi, every eighth ho-chi-minh) so the fictional log stays as it was.
            code = provinces.resolve(row[3]) or ("ho-chi-minh" if int(row[0][4:]) % 8 == 0 else "ha-noi")
            p = min(0.98, share * factor[code])
            start = max(published, joined)
            channel = rng.choices(["form", "email", "paper", "proxy"], [70, 15, 10, 5])[0]
            if rev > 1 and joined < published and rng.random() < stale_share:
                files.setdefault(f"{uid}-r{rev - 1}", []).append(
                    (rid, uid, rev - 1, _moment(rng, max(dt.date(2025, 10, 1), joined), 100), "form", ""))
            if rng.random() < p:
                when = _moment(rng, start, int(due * 1.3))
                if when[:10] > as_of.isoformat():
                    continue
                note = "xác nhận thay, có giấy ủy quyền" if channel == "proxy" else ""
                batch = "giay" if channel == "paper" else "bieu-mau"
                files.setdefault(f"{uid}-{batch}", []).append((rid, uid, rev, when, channel, note))
    return files


def main(argv=None) -> int:
    rng = random.Random(202_2025)
    provinces = load_provinces(DATA / "provinces.csv")
    roster_rows = make_roster(provinces, rng)
    SAMPLE.mkdir(parents=True, exist_ok=True)
    with open(SAMPLE / "reporters.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["reporter_id", "full_name", "level", "province", "unit", "email", "phone", "active", "joined"])
        w.writerows(roster_rows)
    acks = SAMPLE / "acks"
    acks.mkdir(exist_ok=True)
    for old in acks.glob("*-sample-*.csv"):
        old.unlink()
    files = {}
    for name, rows in make_acks(roster_rows, provinces, rng, dt.date(2026, 11, 29)).items():
        rows.sort(key=lambda r: r[3])
        files[f"{rows[-1][3][:10]}-sample-{name}.csv"] = rows
    previous = acklog.head(acks)  # files are chained in name order, as the log reads them
    for name, rows in sorted(files.items()):
        lines = list(acklog.chained_lines(previous, rows))
        previous = lines[-1].rstrip("\n").rsplit(",", 1)[1]
        with open(acks / name, "w", newline="", encoding="utf-8") as f:
            f.write(",".join((*LOG_COLUMNS, acklog.CHAIN_COLUMN)) + "\n")
            f.writelines(lines)
    print(f"{len(roster_rows)} reporters, {len(list(acks.glob('*-sample-*.csv')))} log files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
