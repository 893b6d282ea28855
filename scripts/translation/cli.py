"""`python -m scripts i18n status|mark-current|changed`: the translation workflow."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..model.languages import DEFAULT_LANGUAGE, codes
from ..model.problem import Problem
from ..model.tree import load_tree
from ..render.escape import terminal
from . import coverage, git, is_pending, mark_current, repo_root, status

ROOT = Path(__file__).resolve().parent.parent.parent
STATE_VI = {"ok": "đã cập nhật", "outdated": "CŨ", "unrecorded": "chưa ghi translation_of", "missing": "THIẾU",
            "pending": "chờ dịch (translation: pending)", "orphan": "không có bản tiếng Việt"}


def summary_line(cov: dict) -> str:
    return (f"{cov['pages']} trang tiếng Việt, {cov['translations']} bản dịch cần có: {cov['ok']} đã cập nhật, "
            f"{cov['outdated']} cũ, {cov['missing']} thiếu, {cov['pending']} chờ dịch, "
            f"{cov['unrecorded']} chưa ghi translation_of, {cov['orphan']} không có bản tiếng Việt")


def format_table(entries, cov, show_ok: bool) -> str:
    rows = [e for e in entries if show_ok or e.state != "ok" or e.differences]
    out = []
    for e in rows:
        out.append(f"{e.translation or e.source}: {STATE_VI[e.state]}"
                   + (f" (bản tiếng Việt đổi ngày {e.changed}; đã dịch {e.recorded}, hiện là {e.current})"
                      if e.state == "outdated" else ""))
        out += [f"    - {d}" for d in e.differences]
        if e.diff:
            out += ["    " + line for line in e.diff.rstrip("\n").split("\n")]
        elif e.state == "outdated":
            out.append("    (không tìm thấy phiên bản đã dịch trong lịch sử git)")
    out.append(summary_line(cov))
    return "\n".join(terminal(line) for line in out)  # page text and git output: no escape sequence


def format_md(entries, cov) -> str:
    out = ["| Tệp | Tình trạng | Ghi chú |", "|---|---|---|"]
    for e in entries:
        if e.state == "ok" and not e.differences:
            continue
        note = "; ".join(([f"bản tiếng Việt đổi ngày {e.changed}"] if e.changed else []) + e.differences)
        out.append(f"| `{e.translation or e.source}` | {STATE_VI[e.state]} | {note.replace('|', '/')} |")
    out.append("")
    out.append(summary_line(cov))
    return "\n".join(out)


def cmd_status(args) -> int:
    tree = load_tree(Path(args.docs))
    entries = status(tree, with_diff=args.format != "md")
    cov = coverage(entries, tree)
    if args.format == "json":
        print(json.dumps({"coverage": cov, "pages": [e.as_dict() for e in entries]}, ensure_ascii=False, indent=2))
    elif args.format == "md":
        print(format_md(entries, cov))
    else:
        print(format_table(entries, cov, args.all))  # (each line made safe for a terminal)
    return 1 if args.strict and (cov["missing"] or cov["outdated"] or cov["orphan"]) else 0


def cmd_mark_current(args) -> int:
    tree = load_tree(Path(args.docs))
    by_path = tree.by_path()
    targets = []
    if args.all:
        targets = [p for p in tree.pages if p.lang and p.lang != DEFAULT_LANGUAGE and p.source is not None]
    for name in args.pages:
        page = by_path.get(Path(name).resolve())
        if page is None:
            print(f"❌ {name}: không phải một trang trong {args.docs}", file=sys.stderr)
            return 1
        if page.lang == DEFAULT_LANGUAGE:  # the Vietnamese file given: mark all its translations
            targets += [v for lang, v in page.versions.items() if lang != DEFAULT_LANGUAGE]
        else:
            targets.append(page)
    if not targets:
        print("cần ít nhất một tệp bản dịch (hoặc --all)", file=sys.stderr)
        return 1
    for page in targets:
        try:
            wanted = mark_current(page)
        except ValueError as exc:
            print(f"❌ {exc}", file=sys.stderr)
            return 1
        print(f"✅ {page.rel}: translation_of: {wanted}")
    return 0


def cmd_changed(args) -> int:
    """GitHub annotations for a pull request: a Vietnamese page changed without its translation
    is a warning (the run passes); a page without its translation file is an error (unless the
    Vietnamese file says `translation: pending`)."""
    docs = Path(args.docs).resolve()
    root = repo_root(docs)
    if root is None:
        print(f"{docs}: không nằm trong một kho git", file=sys.stderr)
        return 1
    # -z: paths as they are (git quotes a Vietnamese file name otherwise: "docs/t\303\240i.vi.md")
    names = git(root, "diff", "--name-only", "-z", f"{args.base}...HEAD")
    if names is None:
        names = git(root, "diff", "--name-only", "-z", args.base)
    if names is None:
        print(f"không so sánh được với {args.base} (git fetch trước?)", file=sys.stderr)
        return 1
    changed = {n for n in names.split("\0") if n}
    changed |= porcelain_paths(git(root, "status", "--porcelain", "-z") or "")
    tree = load_tree(docs)
    problems = []
    for page in tree.pages:
        if page.lang != DEFAULT_LANGUAGE or not page.stem:
            continue
        if any(v.error is not None for v in page.versions.values()):
            continue  # `check` gives the one [yaml-syntax] line for it; nothing else about the pair
        rel = page.path.resolve().relative_to(root.resolve()).as_posix()
        for lang in [code for code in codes() if code != DEFAULT_LANGUAGE]:
            other = page.versions.get(lang)
            expected = rel[: -len(".vi.md")] + f".{lang}.md"
            if other is None:
                if not is_pending(page):
                    problems.append(Problem(rel, 1, "translation-missing", f"thiếu bản dịch {expected}; tạo tệp "
                                            "đó, hoặc ghi 'translation: pending' ở bản tiếng Việt"))
                continue
            if rel in changed and expected not in changed:
                problems.append(Problem(rel, 1, "translation-not-updated", f"bản tiếng Việt đã sửa nhưng {expected} "
                                        "chưa sửa; cập nhật bản dịch và ghi 'translation_of: current' ở đó (hoặc "
                                        "để người dịch làm sau)", "warning"))
    # GitHub annotations under GitHub Actions, plain lines elsewhere (GitLab: plus a Code Quality report)
    from ..checks import codequality, format_problems
    for line in format_problems(problems):
        print(line)
    if args.codequality:
        codequality.write(args.codequality, problems)
    return 1 if any(p.is_error for p in problems) else 0


def porcelain_paths(output: str) -> set[str]:
    """The paths of `git status --porcelain -z`: `XY path` entries, a rename's source after it."""
    out, fields = set(), output.split("\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        if len(entry) > 3:
            out.add(entry[3:])
            if entry[0] in "RC":  # renamed or copied: the next field is the old path
                i += 1
                if i < len(fields) and fields[i]:
                    out.add(fields[i])
        i += 1
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts i18n",
                                     description="Bản dịch: tình trạng, đánh dấu đã cập nhật, kiểm tra pull request.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("status", help="mỗi trang: thiếu, cũ (kèm thay đổi tiếng Việt), mồ côi, khác cấu trúc")
    p.add_argument("--format", choices=["table", "json", "md"], default="table")
    p.add_argument("--all", action="store_true", help="list up-to-date pages too")
    p.add_argument("--strict", action="store_true", help="exit 1 when a translation is missing or outdated")
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.set_defaults(func=cmd_status)
    p = sub.add_parser("mark-current", help="ghi translation_of = phiên bản tiếng Việt hiện tại vào bản dịch")
    p.add_argument("pages", nargs="*", help="translation files (or a Vietnamese file: all its translations)")
    p.add_argument("--all", action="store_true", help="every translation")
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.set_defaults(func=cmd_mark_current)
    p = sub.add_parser("changed", help="chú thích GitHub cho pull request: bản tiếng Việt đổi mà bản dịch chưa đổi",
                       description=cmd_changed.__doc__)
    p.add_argument("--base", default="origin/main")
    p.add_argument("--codequality", metavar="FILE", help="also write a GitLab Code Quality report")
    p.add_argument("--docs", default=str(ROOT / "docs"))
    p.set_defaults(func=cmd_changed)
    args = parser.parse_args(argv)
    return args.func(args)
