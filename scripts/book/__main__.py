"""python -m scripts.book SITE_DIR OUT_DIR: the handbook's PDFs (make book)."""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m scripts.book <built site> <output folder>", file=sys.stderr)
        return 2
    site_dir, out_dir = Path(args[0]), Path(args[1])
    if not (site_dir / "index.html").is_file():
        print(f"{site_dir}: [book-no-site] chưa có trang đã build ở đây; chạy 'make build' trước", file=sys.stderr)
        return 1
    from .printer import print_books
    root = Path(__file__).resolve().parents[2]
    for book in print_books(site_dir, out_dir, root):
        print(f"📕 {book['file']}: {book['pages']} trang/pages, {book['bytes'] / 1024 / 1024:.2f} MB, "
              f"{book['prints']} lần in/prints, {book['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
