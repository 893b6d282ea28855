"""One command line for the project: `python -m scripts <command>`.

Each command's docstring is its --help. Errors an editor can make end in a clear
line and exit 1, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent


def cmd_check(args) -> int:
    """Kiểm tra toàn bộ nội dung trong docs/ (front matter, cặp vi/en, NFC, liên kết, mục lục).
    Check every page in docs/: prints `path:line: [rule-id] message` per problem, exit 1 on any error."""
    from . import checks
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"{docs}: không có thư mục nội dung", file=sys.stderr)
        return 1
    if args.fix_nfc:
        for path in checks.fix_nfc(docs):
            print(f"{path}: đã chuẩn hoá Unicode NFC")
    config = Path(args.config) if args.config else None
    problems = checks.run(docs, config_file=config)
    from .acks.links import secret_problems
    problems += secret_problems(args.secret_file)  # the ack secret never lives in the repository
    from .acks.workspace import rosters_in_repo
    problems += rosters_in_repo()  # nor does a roster or a log: they live in the coordinator's workspace
    for line in checks.format_problems(problems):
        print(line)
    if args.codequality:  # GitLab: the problems on the merge request's lines
        from .checks import codequality
        codequality.write(args.codequality, problems)
    errs = checks.errors(problems)
    pages = sum(1 for _ in docs.rglob("*.md"))
    sys.stdout.flush()  # the summary (stderr) comes after the problem lines, also in a CI log
    if errs:
        print(f"❌ {len(errs)} lỗi trong {pages} tệp — sửa theo hướng dẫn ở từng dòng", file=sys.stderr)
        return 1
    warn = len(problems) - len(errs)
    print(f"✅ nội dung ok: {pages} tệp, 0 lỗi" + (f", {warn} cảnh báo" if warn else ""))
    return 0


def cmd_new(args) -> int:
    """Tạo cặp trang mới (.vi.md + .en.md) từ mẫu và thêm vào mục lục.
    Create a new vi/en page pair from a template: legal-update, module or guidance."""
    from .new import NewPageError, create
    title = args.title
    if not title:
        if not sys.stdin.isatty():
            print("cần --title \"Tiêu đề trang\"", file=sys.stderr)
            return 1
        title = input("Tiêu đề (tiếng Việt): ").strip()
    from .new import propose_id
    page_id, why = (args.id, "") if args.id else propose_id(args.type, title, args.number)
    try:
        written = create(args.type, title, page_id, Path(args.docs), Path(args.config) if args.config else None,
                         number=args.number)
    except NewPageError as exc:
        print(f"❌ {exc}", file=sys.stderr)
        return 1
    if why:
        print(f"id: {page_id} ({why}; là đường dẫn ngắn và mã QR của trang; muốn id khác thì chạy lại với --id)")
    for path in written:
        print(f"✅ đã ghi {path}")
    print("Tiếp theo: điền các chỗ 'CẦN ĐIỀN', rồi chạy: python -m scripts check")
    return 0


def cmd_codeowners(args) -> int:
    """Tạo CODEOWNERS từ data/owners.yml (thư mục) và các trang có owner khác thư mục (người duyệt bắt buộc).
    Print the CODEOWNERS generated from the folders' owners and the exceptions; --write writes both files."""
    from .checks import codeowners
    from .model.tree import load_tree
    tree = load_tree(Path(args.docs), bodies=False)
    found = codeowners.expected(tree)
    if found is None:
        print(f"không có {tree.docs_dir.parent / codeowners.OWNERS_FILE}", file=sys.stderr)
        return 1
    if not args.write:
        print(found[1], end="")
        return 0
    try:
        written = codeowners.write(tree)
    except codeowners.Unparsed as exc:
        print(f"❌ {exc}: thông tin đầu trang chưa đọc được (chạy python -m scripts check); CODEOWNERS giữ nguyên",
              file=sys.stderr)
        return 1
    for path in written:
        print(f"✅ đã ghi {path}")
    print("CODEOWNERS đã cập nhật")
    return 0


I18N_HELP = ("Bản dịch: i18n status [--format table|json|md], i18n mark-current TỆP, i18n changed --base origin/main "
             "(xem: python -m scripts i18n --help). Translation status, diffs since the translated version, CI annotations.")

ACK_HELP = ("Theo dõi xác nhận đã đọc: import, status, report, remind, links (xem: python -m scripts ack --help). "
            "Acknowledgement tracking against the plan's target.")


def cmd_bench(args) -> int:
    """Đo hiệu năng: search (so với tìm kiếm gốc của Material), ack, weight, lighthouse, offline, engines.
    Benchmarks, printed side by side with stock Material on the same corpus."""
    # the benchmarks live outside the core package (bench/), with the test harness
    if args.what == "search":
        from bench.search import main as bench_main
    elif args.what == "weight":
        from bench.weight import main as bench_main
    elif args.what == "lighthouse":
        from bench.lighthouse import main as bench_main
    elif args.what == "offline":
        from bench.offline import main as bench_main
    elif args.what == "engines":
        from bench.engines import main as bench_main
    elif args.what == "pwa":
        from bench.pwa import main as bench_main
    else:
        from bench.ack import main as bench_main
    return bench_main(args.rest)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("check", help=cast(str, cmd_check.__doc__).splitlines()[0], description=cmd_check.__doc__)
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"), help="mkdocs.yml, for the nav check ('' to skip)")
    p.add_argument("--fix-nfc", action="store_true", help="rewrite files in Unicode NFC first")
    p.add_argument("--codequality", metavar="FILE", help="also write the problems as a GitLab Code Quality report")
    p.add_argument("--secret-file", help="the ack secret file (or $HANDBOOK_ACK_SECRET_FILE): refused inside the "
                                        "repository [secret-in-repo]")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("new", help=cast(str, cmd_new.__doc__).splitlines()[0], description=cmd_new.__doc__)
    from .new import creatable
    p.add_argument("type", choices=creatable())
    p.add_argument("--title", help="tiêu đề tiếng Việt")
    p.add_argument("--id", help="id (mặc định: văn bản pháp luật lấy từ số ký hiệu, ví dụ nd-56-2017; "
                                "trang khác lấy từ tiêu đề, không dấu)")
    p.add_argument("--number", help="số ký hiệu văn bản, ví dụ 56/2017/NĐ-CP (mặc định: tìm trong tiêu đề)")
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("codeowners", help=cast(str, cmd_codeowners.__doc__).splitlines()[0], description=cmd_codeowners.__doc__)
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.add_argument("--write", action="store_true", help="write .github/CODEOWNERS and CODEOWNERS")
    p.set_defaults(func=cmd_codeowners)

    # listed for --help; main() hands `ack …` to the ack app before parsing, so it has no func here
    p = sub.add_parser("ack", help=ACK_HELP.split(" (")[0], description=ACK_HELP, add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    p = sub.add_parser("i18n", help=I18N_HELP.split(" (")[0], description=I18N_HELP, add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    p = sub.add_parser("urls", help="Các đường dẫn trang công bố; --update ghi vào data/urls.txt. "
                       "The published URLs (pages, short links, redirects)", add_help=False)
    p.add_argument("rest", nargs=argparse.REMAINDER)

    p = sub.add_parser("bench", help=cast(str, cmd_bench.__doc__).splitlines()[0], description=cmd_bench.__doc__)
    p.add_argument("what", choices=["search", "ack", "weight", "lighthouse", "offline", "engines", "pwa"])
    p.add_argument("rest", nargs=argparse.REMAINDER)
    p.set_defaults(func=cmd_bench)

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["ack"]:  # the ack app parses its own options (--help included)
        from .acks.cli import main as ack_main
        return ack_main(argv[1:])
    if argv[:1] == ["i18n"]:
        from .translation.cli import main as i18n_main
        return i18n_main(argv[1:])
    if argv[:1] == ["urls"]:
        from .urls import main as urls_main
        return urls_main(argv[1:])
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
