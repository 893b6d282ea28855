"""`python -m scripts.urls [--update]`: the URLs the site publishes (pages, short links,
redirects). --update adds them to data/urls.txt, the list the `[url-removed]` check
keeps working; URLs already listed stay listed."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .model import addresses
from .model.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts urls", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", default=str(ROOT / "docs"))
    parser.add_argument("--update", action="store_true", help="add the published URLs to data/urls.txt")
    args = parser.parse_args(argv)
    tree = load_tree(Path(args.docs), bodies=False)
    urls = addresses.published_urls(tree)
    if args.update:
        path = addresses.urls_file(tree)
        listed = addresses.write_urls(path, urls)
        print(f"✅ {path}: {len(listed)} URL")
    else:
        for url in urls:
            print(url or "/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
