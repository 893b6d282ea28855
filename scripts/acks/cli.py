"""python -m scripts ack <command>: theo dõi xác nhận đã đọc / acknowledgement tracking.

  init DIR           tạo không gian làm việc của điều phối viên (ngoài kho nội dung)
  import FILE...     thêm xác nhận từ tệp xuất của biểu mẫu (Google Forms, Microsoft Forms, KoboToolbox)
  status UPDATE_ID   ai đã xác nhận, xác nhận phiên bản cũ, chưa xác nhận
  report             tỉ lệ xác nhận theo tài liệu, tỉnh, cấp so với mục tiêu (mặc định 75%)
  remind             danh sách nhắc người chưa xác nhận, mỗi tỉnh một tệp CSV và XLSX (trộn thư)
  links              đường dẫn cá nhân có chữ ký tới biểu mẫu cho người chưa xác nhận / xác nhận bản cũ
  publish            ghi số liệu tổng hợp (không có dữ liệu cá nhân) vào data/dashboard.json cho trang web
  verify             kiểm tra chuỗi băm của nhật ký: dòng nào bị sửa, thêm, xoá, chuyển chỗ bằng tay

The workspace (roster, log, secret, reminders) is given once: --workspace DIR or
HANDBOOK_WORKSPACE, then remembered. --roster FILE and --acks DIR name files explicitly.
Errors are printed as `file:row: [rule-id] message`, exit 1; never a traceback.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..model import dates
from ..model.languages import DEFAULT_LANGUAGE, codes
from . import ROOT, AckError, today
from .log import printable
from .messages import problem

FORMATS = ("table", "csv", "json", "md")
MAX_WARNINGS = 50  # warnings printed one per line; the rest are counted


def _date(value: str) -> dt.date:
    parsed = dates.parse_iso(value)
    if parsed is None:
        raise argparse.ArgumentTypeError(f"ngày '{value}' không hợp lệ; dạng đúng YYYY-MM-DD")
    return parsed


def _fraction(value: str) -> float:
    try:
        f = float(value.rstrip("%")) / (100 if value.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' không phải số; ví dụ 0.75 hoặc 75%") from None
    if f > 1 and not value.endswith("%"):
        f /= 100
    if not 0 <= f <= 1:
        raise argparse.ArgumentTypeError(f"'{value}' phải trong khoảng 0..1")
    return f


def _common(p: argparse.ArgumentParser):
    p.add_argument("--workspace", metavar="THƯ_MỤC",
                   help="không gian làm việc của điều phối viên (ack init; hoặc biến HANDBOOK_WORKSPACE; được nhớ)")
    p.add_argument("--roster", default=None, help="danh sách báo cáo viên (CSV; mặc định của không gian làm việc)")
    p.add_argument("--acks", default=None, help="thư mục nhật ký xác nhận (mặc định của không gian làm việc)")
    p.add_argument("--docs", default=str(ROOT / "docs"), help="thư mục nội dung (trang có ack.required)")
    p.add_argument("--provinces", default=None,
                   help="provinces.csv (mặc định: cạnh --roster nếu có, nếu không data/provinces.csv)")
    p.add_argument("--as-of", type=_date, default=None, help="tính đến ngày YYYY-MM-DD (mặc định hôm nay)")


def _province(p: argparse.ArgumentParser):
    p.add_argument("--province", metavar="MÃ_HOẶC_TÊN",
                   help="chỉ một tỉnh, thành phố (mã hoặc tên, hiện hành hoặc trước 1/7/2025)")


def _secret(p: argparse.ArgumentParser):
    p.add_argument("--secret-file", metavar="TỆP",
                   help="tệp khoá bí mật để ký/kiểm tra đường dẫn (ngoài kho mã; hoặc biến HANDBOOK_ACK_SECRET)")


def _output(p: argparse.ArgumentParser):
    p.add_argument("--format", choices=FORMATS, default="table", help="table (mặc định), csv, json, md")
    p.add_argument("--lang", choices=codes(), default=DEFAULT_LANGUAGE, help="ngôn ngữ nhãn của table/md")
    p.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scripts ack", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n", 1)[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True,
                                metavar="{init,import,status,report,remind,links,publish,verify}")

    p = sub.add_parser("init", help="tạo không gian làm việc (danh sách, nhật ký, khoá, nhắc) ngoài kho nội dung")
    p.add_argument("dir", metavar="THƯ_MỤC", help="thư mục mới, ngoài kho nội dung (ví dụ ~/so-tay-dieu-phoi)")
    p.add_argument("--zone", default="Asia/Ho_Chi_Minh",
                   help="múi giờ biểu mẫu ghi thời gian không kèm múi giờ (mặc định Asia/Ho_Chi_Minh)")

    p = sub.add_parser("publish", help="ghi số liệu tổng hợp cho trang Tiến độ xác nhận (data/dashboard.json)")
    _common(p)
    p.add_argument("--target", type=_fraction, default=None, help="mục tiêu thay cho mục tiêu của kế hoạch")
    p.add_argument("--out", default=None, help="tệp tổng hợp (mặc định data/dashboard.json của kho nội dung)")
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="mkdocs.yml (extra.ack_target)")

    p = sub.add_parser("import", help="thêm xác nhận từ tệp xuất biểu mẫu vào nhật ký (không bao giờ sửa dòng cũ)")
    _common(p)
    p.add_argument("files", nargs="+", metavar="FILE", help="CSV, TSV (UTF-16) hoặc XLSX")
    p.add_argument("--skip-bad", action="store_true",
                   help="ghi các dòng tốt, đưa dòng lỗi vào tệp rejects-*.csv (mặc định: có lỗi thì không ghi gì)")
    p.add_argument("--rejects", help="tệp ghi các dòng bị từ chối (mặc định rejects/ của không gian làm việc)")
    p.add_argument("--ignore", action="append", default=[], metavar="TÊN_CỘT",
                   help="bỏ qua một cột của tệp xuất (lặp lại được); cột siêu dữ liệu của Google Forms, "
                        "Microsoft Forms, KoboToolbox đã được bỏ qua sẵn")
    p.add_argument("--date-order", choices=("dmy", "mdy"), default=None,
                   help="thứ tự ngày/tháng khi tệp không cho biết: dmy (ngày trước) hoặc mdy (tháng trước, Mỹ)")
    p.add_argument("--zone", default=None,
                   help="múi giờ của thời gian không kèm múi giờ (mặc định: của không gian làm việc, "
                        "Asia/Ho_Chi_Minh; _submission_time của KoboToolbox luôn là UTC)")
    p.add_argument("--map", action="append", metavar="'Tên cột=trường'",
                   help="gán cột lạ vào trường: reporter_id, email, phone, update_id, revision, acknowledged_at, "
                        "channel, note (lặp lại được)")
    p.add_argument("--channel", default="form", help="kênh khi tệp không có cột kênh: form, web, email, paper, proxy, "
                                                     "import, bieu-mau, giay, thu-dien-tu, uy-quyen")
    p.add_argument("--sheet", metavar="TÊN", help="trang tính cần nhập của tệp XLSX (bắt buộc khi tệp có nhiều "
                                                 "trang tính có dữ liệu hoặc có dòng ẩn)")
    p.add_argument("--wait", type=float, default=30.0, metavar="GIÂY",
                   help="chờ tối đa bao nhiêu giây khi một lần nhập khác đang ghi nhật ký (mặc định 30)")
    p.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")
    p.add_argument("--progress", action="store_true", help="luôn hiện thanh tiến độ (mặc định: chỉ khi là terminal)")
    _secret(p)
    p.add_argument("--allow-unsigned", action="store_true",
                   help="(mặc định) dòng không có mã xác thực, từ nút công khai của trang, được nhận và đếm riêng")
    p.add_argument("--require-token", action="store_true",
                   help="từ chối dòng không có mã xác thực trong tệp có cột token [missing-token]")
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="table (mặc định) hoặc json: bản tóm tắt lần nhập (added, unsigned, not_in_audience…)")
    p.add_argument("--lang", choices=codes(), default=DEFAULT_LANGUAGE, help="ngôn ngữ của dòng tóm tắt (mặc định vi)")

    p = sub.add_parser("status", help="ai đã xác nhận / chưa xác nhận một tài liệu")
    _common(p)
    _output(p)
    _province(p)
    p.add_argument("update_id", metavar="UPDATE_ID")

    p = sub.add_parser("report", help="tỉ lệ xác nhận theo tài liệu, tỉnh, cấp so với mục tiêu")
    _common(p)
    _output(p)
    _province(p)
    p.add_argument("--target", type=_fraction, default=0.75, help="mục tiêu (mặc định 0.75)")
    p.add_argument("--fail-under", action="store_true",
                   help="thoát với mã 1 khi có tài liệu đã quá hạn mà tỉ lệ dưới mục tiêu")
    p.add_argument("updates", nargs="*", metavar="UPDATE_ID", help="chỉ các tài liệu này (mặc định: tất cả)")

    p = sub.add_parser("remind", help="danh sách liên hệ người chưa xác nhận, mỗi tỉnh một tệp CSV và XLSX")
    _common(p)
    p.add_argument("--out", default=None, help="thư mục ghi các tệp <mã tỉnh>.csv và .xlsx (mặc định reminders/ "
                                               "của không gian làm việc; có dữ liệu cá nhân: không đưa vào git)")
    p.add_argument("--no-xlsx", action="store_true", help="chỉ ghi CSV")
    p.add_argument("--no-stale", action="store_true", help="bỏ người đã xác nhận phiên bản cũ")
    p.add_argument("--overdue-only", action="store_true", help="chỉ người đã quá hạn riêng của mình")
    p.add_argument("--all", action="store_true", help="cả các tài liệu chưa đến hạn (mặc định: bỏ qua)")
    p.add_argument("--lang", choices=codes(), default=DEFAULT_LANGUAGE, help="ngôn ngữ tiêu đề cột và giá trị (mặc định vi)")
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="mkdocs.yml (extra.ack_form_url)")
    _province(p)
    _secret(p)
    p.add_argument("updates", nargs="*", metavar="UPDATE_ID", help="chỉ các tài liệu này (mặc định: tất cả)")

    p = sub.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký (dòng sửa, thêm, xoá, chuyển chỗ bằng tay)")
    p.add_argument("--workspace", metavar="THƯ_MỤC",
                   help="không gian làm việc của điều phối viên (ack init; hoặc biến HANDBOOK_WORKSPACE; được nhớ)")
    p.add_argument("--acks", default=None, help="thư mục nhật ký xác nhận (*.csv; mặc định của không gian làm việc)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (mặc định) hoặc json")
    p.add_argument("--lang", choices=codes(), default=DEFAULT_LANGUAGE, help="ngôn ngữ của dòng tóm tắt")

    p = sub.add_parser("links", help="đường dẫn cá nhân có chữ ký tới biểu mẫu (người chưa xác nhận, bản cũ)")
    _common(p)
    p.add_argument("--format", choices=("csv", "json"), default="csv", help="csv (mặc định) hoặc json")
    p.add_argument("--lang", choices=codes(), default=DEFAULT_LANGUAGE, help="ngôn ngữ của biểu mẫu và tiêu đề cột")
    p.add_argument("-o", "--output", help="ghi ra tệp thay vì màn hình (có dữ liệu cá nhân: không đưa vào git)")
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="mkdocs.yml (extra.ack_form_url)")
    p.add_argument("--no-stale", action="store_true", help="bỏ người đã xác nhận phiên bản cũ")
    p.add_argument("--all", action="store_true", help="cả các tài liệu chưa đến hạn")
    _province(p)
    _secret(p)
    p.add_argument("updates", nargs="*", metavar="UPDATE_ID", help="chỉ các tài liệu này (mặc định: tất cả)")
    return parser


def _workspace(args):
    """The coordinator's workspace (None when --roster and --acks name the files explicitly); fills
    args.roster, args.acks, args.provinces from it. Resolved once per command."""
    if hasattr(args, "ws"):
        return args.ws
    import os

    from . import workspace
    explicit = args.roster and args.acks and not args.workspace and not os.environ.get(workspace.ENV)
    ws = None if explicit else workspace.resolve(args.workspace)
    if ws is not None:
        args.roster = args.roster or str(ws.roster)
        args.acks = args.acks or str(ws.acks)
        args.provinces = args.provinces or str(ws.provinces)
        if getattr(args, "secret_file", None) is None and ws.secret is not None and "HANDBOOK_ACK_SECRET" not in os.environ:
            args.secret_file = str(ws.secret)
            args.secret_from_workspace = True
    args.ws = ws
    return ws


def _private_output(args, path, option: str, is_file: bool = True, inputs=()) -> None:
    """Personal data only into the workspace (not its log) or a folder git ignores, never over an input."""
    from .privacy import check_output
    from .workspace import check_private_output
    check_output(Path(path), _protected(args), option, is_file=is_file)
    check_private_output(path, option, args.ws, [args.roster, *inputs], is_file=is_file)


def _load(args, warn=True):
    from .roster import load_provinces, load_roster
    from .updates import load_updates
    _workspace(args)
    roster_path = Path(args.roster)
    prov = Path(args.provinces) if args.provinces else (
        roster_path.parent / "provinces.csv" if (roster_path.parent / "provinces.csv").exists()
        else ROOT / "data" / "provinces.csv")
    provinces = load_provinces(prov)
    roster = load_roster(roster_path, provinces)
    given = getattr(args, "province", None)
    if given is not None:
        from .roster import Roster
        code = provinces.resolve(given)
        if code is None:
            raise AckError(problem("--province", 0, "unknown-province", "cli.load", given=given))
        roster = Roster([r for r in roster.reporters if r.province == code], provinces, roster.source)
        args.province_code = code
    updates = load_updates(args.docs, warn=(lambda m: print(m, file=sys.stderr)) if warn else None)
    return roster, updates


def _pick(updates: dict, ids: list[str]) -> list[str]:
    unknown = [u for u in ids if u not in updates]
    if unknown:
        raise AckError([problem("", 0, "unknown-update", "cli.pick", u=u,
                                known=', '.join(updates) or '(không có)')
                        for u in unknown])
    return ids


def _emit(text: str, output: str | None, args=None, personal: bool = False):
    if output:
        if args is not None:
            from .privacy import check_output
            check_output(Path(output), _protected(args), "--output", is_file=True)
            if personal:
                _private_output(args, output, "--output")
        Path(output).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        print(f"đã ghi {output}", file=sys.stderr)
    else:
        if args is not None and getattr(args, "format", "table") in ("table", "md"):
            text = printable(text)  # names from the roster cannot send escape sequences to the terminal
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _protected(args) -> list[Path]:
    """Folders no personal data may be written into: docs/ (published), site/ (the build), the log."""
    docs = Path(args.docs)
    return [docs, docs.parent / "site", ROOT / "docs", ROOT / "site", Path(args.acks)]


def cmd_import(args) -> int:
    from .importer import ImportOptions, import_files, parse_map
    from .workspace import DEFAULT_ZONE, check_zone
    ws = _workspace(args)
    rejects = args.rejects
    if rejects is None and ws is not None and args.skip_bad:
        from .log import new_log_path
        ws.rejects.mkdir(parents=True, exist_ok=True)
        rejects = str(new_log_path(ws.rejects, "", prefix="rejects-"))
    if rejects:
        _private_output(args, rejects, "--rejects", inputs=[*args.files, *Path(args.acks).glob("*.csv")])
    zone = check_zone(args.zone or (ws.zone if ws else DEFAULT_ZONE))
    roster, updates = _load(args)
    progress = args.progress or sys.stderr.isatty()
    acks = Path(args.acks)
    options = ImportOptions(skip_bad=args.skip_bad, rejects=rejects, column_map=parse_map(args.map),
                            channel=args.channel, progress=progress, dry_run=args.dry_run, sheet=args.sheet,
                            lock_timeout=args.wait, protected=_protected(args), secret=_import_secret(args),
                            allow_unsigned=not args.require_token, ignore=args.ignore, order=args.date_order,
                            zone=zone)
    res = import_files(args.files, roster, updates, acks, options)
    for how in res.read_as:
        print(printable(_read_as_line(how, args.lang)), file=sys.stderr)
    for p in res.problems:
        print(printable(p))
    for w in res.warnings[:MAX_WARNINGS]:
        print(printable(w), file=sys.stderr)
    if len(res.warnings) > MAX_WARNINGS:
        print(f"… và {len(res.warnings) - MAX_WARNINGS} cảnh báo [not-in-audience] khác", file=sys.stderr)
    if args.format == "json":
        import json
        print(json.dumps({"rows_read": res.rows_read, "good": res.good, "added": res.added,
                          "already_logged": res.already_logged, "duplicates_in_input": res.duplicates_in_input,
                          "bad": len(res.problems), "signed": res.signed, "unsigned": res.unsigned,
                          "proxy": res.proxy, "not_in_audience": res.not_in_audience,
                          "written": res.written and not args.dry_run,
                          "files": [{"path": str(h.path), "product": h.profile, "time_column": h.column,
                                     "zone": h.zone, "date_order": h.order} for h in res.read_as],
                          "log": str(res.log_path) if res.log_path else None}, ensure_ascii=False, indent=2))
    for path, n, note in res.files:
        if n == 0:
            print(f"{path}: 0 dòng dữ liệu (chỉ có dòng tiêu đề{', ' + note if note else ''}): không có gì để nhập",
                  file=sys.stderr)
    from ..model.languages import strings
    t = strings(args.lang, "import")
    if res.problems and not args.skip_bad:
        print(t["refused"].format(bad=len(res.problems), rows=res.rows_read), file=sys.stderr)
        return 1
    if args.dry_run:
        print(t["dry"].format(rows=res.rows_read, added=res.added, logged=res.already_logged,
                              dups=res.duplicates_in_input, bad=len(res.problems)), file=sys.stderr)
        return 0
    msg = (t["done"].format(rows=res.rows_read, added=res.added)
           + (t["into"].format(path=res.log_path) if res.log_path else "")
           + t["counts"].format(logged=res.already_logged, dups=res.duplicates_in_input))
    if res.signed or res.unsigned or res.proxy:
        msg += t["signed"].format(signed=res.signed, unsigned=res.unsigned, proxy=res.proxy)
    if res.not_in_audience:
        msg += t["outside"].format(n=res.not_in_audience)
    if res.rejects_path:
        msg += t["rejects"].format(bad=len(res.problems), path=res.rejects_path)
    print(msg, file=sys.stderr)
    return 0


def _read_as_line(how, lang: str) -> str:
    """One line per file: the product recognised, the time column, its zone, the date order."""
    from ..model.languages import strings
    t = strings(lang, "import")
    kind, values = how.settled
    settled = t[f"settled_{kind}"].format(**values)
    order = settled if how.order is None else t["order_because"].format(
        order={"dmy": t["order_dmy"], "mdy": t["order_mdy"]}[how.order], settled=settled)
    return t["read_as"].format(path=how.path, profile=how.profile, column=how.column, zone=how.zone, order=order)


def _import_secret(args):
    """The secret when one is given (needed only for files with a token column)."""
    from .links import load_secret
    return load_secret(args.secret_file, required=False)


def _signer(args, required: bool):
    from .links import Signer, form_template, load_secret
    secret = load_secret(args.secret_file, required=required)
    if secret is None:
        return None
    return Signer(form_template(args.config), secret, args.lang)


def _due_ids(cov, ids, args) -> list[str]:
    from .remind import not_yet_due
    ids = ids or list(cov.updates)
    if args.all:
        return ids
    later = not_yet_due(cov, ids)
    if later:
        from ..model.languages import strings
        print(strings(args.lang, "report")["remind_skipped"].format(n=len(later), ids=", ".join(later)),
              file=sys.stderr)
    return [u for u in ids if u not in later]


def cmd_status(args) -> int:
    from .coverage import status
    from .formats import status_text
    roster, updates = _load(args)
    _pick(updates, [args.update_id])
    st = status(roster, updates[args.update_id], args.acks, args.as_of or today())
    _emit(status_text(st, roster.provinces, args.format, args.lang), args.output, args, personal=True)
    _log_verified(args)
    return 0


def cmd_report(args) -> int:
    from .coverage import Coverage
    from .formats import report_text
    roster, updates = _load(args)
    ids = _pick(updates, args.updates) if args.updates else None
    doc = Coverage(roster, updates, args.acks, args.as_of or today()).report(args.target, ids)
    check = _log_verified(args)
    doc["log"] = check.as_dict()
    text = report_text(doc, roster.provinces, args.format, args.lang)
    if args.format == "md":  # a report pasted into a document carries its log's state
        text = text.rstrip("\n") + "\n\n" + check.summary(args.lang) + "\n"
    _emit(text, args.output, args)
    if args.fail_under:
        under = [u["id"] for u in doc["updates"] if u["under_target"]]
        if under:
            print(f"❌ {len(under)} tài liệu đã quá hạn nhưng dưới mục tiêu {doc['target']:.0%}: "
                  + ", ".join(under), file=sys.stderr)
            return 1
    return 0


def cmd_remind(args) -> int:
    from .coverage import Coverage
    from .remind import remind
    ws = _workspace(args)
    if args.out is None:
        if ws is None:
            raise AckError(problem("--out", 0, "missing-value", "cli.cmd-remind"))
        args.out = str(ws.reminders)
    _private_output(args, args.out, "--out", is_file=False)
    roster, updates = _load(args)
    ids = _pick(updates, args.updates) if args.updates else None
    cov = Coverage(roster, {u: updates[u] for u in ids} if ids else updates, args.acks, args.as_of or today())
    try:
        signer = _signer(args, required=False)
    except AckError as exc:
        if not getattr(args, "secret_from_workspace", False):
            raise
        # the workspace's own secret, but no real form yet: reminders without personal links
        print(printable(exc.problems[0]) + " — danh sách nhắc không có đường dẫn cá nhân", file=sys.stderr)
        signer = None
    due = _due_ids(cov, ids, args)
    written = remind(cov, args.out, due, include_stale=not args.no_stale, overdue_only=args.overdue_only,
                     lang=args.lang, link=signer, xlsx=not args.no_xlsx) if due else {}
    total = sum(n for _, n in written.values())
    for _code, (path, n) in written.items():
        print(f"{path}\t{n}")
    from ..model.languages import strings
    print(strings(args.lang, "report")["remind_done"].format(n=total, files=len(written), out=args.out),
          file=sys.stderr)
    return 0


def cmd_links(args) -> int:
    """Personal signed links, one row per (reporter, update) pending or stale."""
    import csv
    import io
    import json

    from ..model.languages import strings
    from .coverage import Coverage
    from .log import safe_row
    from .remind import todo
    _workspace(args)
    if args.output:
        _private_output(args, args.output, "--output")
    signer = _signer(args, required=True)
    roster, updates = _load(args)
    ids = _pick(updates, args.updates) if args.updates else None
    cov = Coverage(roster, {u: updates[u] for u in ids} if ids else updates, args.acks, args.as_of or today())
    due = _due_ids(cov, ids, args)
    t = strings(args.lang, "remind")
    rows = []
    for i, items in (todo(cov, due, include_stale=not args.no_stale) if due else {}).items():
        r = cov.people[i]
        for u, state, own_due, since in items:
            rows.append({"reporter_id": r.rid, "full_name": r.full_name, "email": r.email, "phone": r.phone,
                         "province": r.province, "update_id": u.id, "revision": u.revision, "state": state,
                         "since": since, "due": own_due.isoformat(), "link": signer(r, u, since)})
    if args.format == "json":
        text = json.dumps(rows, ensure_ascii=False, indent=2)
    else:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([t["reporter_id"], t["full_name"], t["email"], t["phone"], t["province"], t["updates"],
                    t["revision_h"], t["states"], t["last_revisions"], t["earliest_due"], t["links"]])
        for row in rows:
            w.writerow(safe_row([row["reporter_id"], row["full_name"], row["email"], row["phone"], row["province"],
                                 row["update_id"], row["revision"], t[row["state"]],
                                 row["since"] if row["since"] else t["none"], row["due"], row["link"]]))
        text = buf.getvalue()
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8-sig" if args.format == "csv" else "utf-8")
        print(f"đã ghi {args.output} ({len(rows)})", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def cmd_init(args) -> int:
    from . import workspace
    ws = workspace.init(args.dir, zone=args.zone)
    print(f"✅ đã tạo không gian làm việc {ws.root} (danh sách trống reporters.csv, nhật ký acks/, khoá ack-secret, "
          "provinces.csv, README.md, .gitignore); các lệnh sau sẽ tự dùng nó. Điền reporters.csv rồi nhập tệp xuất "
          "đầu tiên: python -m scripts ack import TỆP", file=sys.stderr)
    return 0


def cmd_publish(args) -> int:
    """The dashboard's figures, aggregated and suppressed, into the content repository (one file)."""
    import json

    from ..model.tree import load_tree
    from . import workspace
    from .dashboard import aggregate, check_aggregate
    from .privacy import RosterIndex
    ws = _workspace(args)
    roster, _ = _load(args)
    target = args.target
    if target is None:
        from ..checks.safety import read_extra
        configured = (read_extra(Path(args.config)) or {}).get("ack_target") if Path(args.config).exists() else None
        target = float(configured) if configured is not None else None
    # the rounding key of the published figures: the workspace's ack secret (a draw readers cannot
    # repeat, stable from one publish to the next), else a hash of the private roster
    from .links import load_secret
    from .published import figure_key
    key = figure_key(load_secret(getattr(args, "secret_file", None), required=False), Path(args.roster))
    doc = aggregate(load_tree(args.docs, bodies=False), Path(args.roster), Path(args.acks), as_of=args.as_of,
                    target=target, provinces=Path(args.provinces) if args.provinces else None, key=key)
    text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    problems = check_aggregate(doc)
    hits = RosterIndex(roster.reporters).find(text)
    if hits:  # belt and braces: the aggregate holds counts and codes only
        problems.append(problem("data/dashboard.json", 0, "personal-data", "cli.cmd-publish", hits=hits[0][0]))
    if problems:
        raise AckError(problems)
    out = Path(args.out) if args.out else (ws.content if ws and ws.content else ROOT) / "data" / "dashboard.json"
    if ws is not None and workspace._inside(out, ws.root) and not ws.sample:
        raise AckError(problem("--out", 0, "unsafe-output", "cli.cmd-publish"))
    inputs = [Path(args.roster), *Path(args.acks).glob("*.csv")]
    if out.suffix != ".json" or any(out.resolve() == p.resolve() for p in inputs):
        raise AckError(problem("--out", 0, "unsafe-output", "cli.cmd-publish-2", out=out))
    workspace.write_text_atomic(out, text)
    n = len(doc["updates"])
    print(f"✅ đã ghi {out}: {n} tài liệu, tính đến {dates.format_date(dt.date.fromisoformat(doc['as_of']), DEFAULT_LANGUAGE)}, "
          "không có dữ liệu cá nhân; mở pull request chỉ với tệp này", file=sys.stderr)
    return 0


def _log_verified(args):
    """Every report says whether the log verified (scripts/acks/log.py, the hash chain): one line on
    stderr, and the [log-tampered] lines first."""
    from .log import verify
    check = verify(args.acks)
    shown = check.problems[:MAX_WARNINGS]
    for p in shown:
        print(printable(p), file=sys.stderr)
    if len(check.problems) > len(shown):
        print(f"… {len(check.problems) - len(shown)} [log-tampered]", file=sys.stderr)
    print(check.summary(getattr(args, "lang", DEFAULT_LANGUAGE)), file=sys.stderr)
    return check


def cmd_verify(args) -> int:
    """`ack verify`: exit 0 when the chain verifies, 1 when a row or file was changed by hand or
    the log has no chain yet."""
    import json

    from . import workspace
    from .log import verify
    if not args.acks:  # the workspace's log (--workspace, HANDBOOK_WORKSPACE or the remembered one)
        args.acks = str(workspace.resolve(args.workspace).acks)
    check = verify(args.acks)
    if args.format == "json":
        print(json.dumps(check.as_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in check.problems:
            print(printable(problem))
        print(check.summary(args.lang))
    return 0 if check.verified else 1


COMMANDS = {"init": cmd_init, "import": cmd_import, "status": cmd_status, "report": cmd_report,
            "remind": cmd_remind, "links": cmd_links, "publish": cmd_publish, "verify": cmd_verify}


def main(argv: list[str] | None = None) -> int:
    """Entry point: `python -m scripts ack ...` and `python -m scripts.acks ...`. Returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error (already printed)
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    try:
        return COMMANDS[args.command](args)
    except AckError as exc:
        for p in exc.problems:
            print(printable(p) if str(p) else "lỗi", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("đã dừng", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - no traceback reaches the user
        print(printable(f"lỗi: {type(exc).__name__}: {exc}"), file=sys.stderr)
        return 1
