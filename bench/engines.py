"""The three build paths side by side: `python -m scripts bench engines`.

Builds the real handbook with MkDocs (production), ProperDocs (the drop-in fork) and
Zensical (through the staging step), and prints for each: build time (best and median of
--runs), files and bytes of the site, the first view of a legal page in Chromium (gzip),
and the judged search queries (tests/search/judgements.yml) through each site's own search
box: the handbook's engine on MkDocs and ProperDocs, Zensical's built-in search on Zensical.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.harness import ROOT, Server, build, launch
from bench.search import judge_site, load_judgements
from bench.weight import first_view

ENGINES = ("mkdocs", "properdocs", "zensical")
PAGE = "legal/luat-pcmbn-2024/"
SEARCH = {"mkdocs": "ours", "properdocs": "ours", "zensical": "zensical"}


def timed_builds(engine: str, site: Path, runs: int) -> list[float]:
    seconds = []
    for _ in range(runs):
        if site.exists():
            shutil.rmtree(site)
        start = time.perf_counter()
        result = build(ROOT / "mkdocs.yml", site, engine=engine)
        seconds.append(time.perf_counter() - start)
        if result.returncode:
            raise SystemExit(f"{engine}: build failed\n{result.stdout}{result.stderr}")
    return seconds


def relevance(site: Path, engine: str) -> dict:
    from playwright.sync_api import sync_playwright
    server = Server(site)
    try:
        with sync_playwright() as p:
            browser = launch(p)
            page = browser.new_context().new_page()
            scores = judge_site(page, server.url, ROOT / "docs", load_judgements(), engine=SEARCH[engine])
            browser.close()
    finally:
        server.close()
    return scores


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench engines", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="builds per engine (default 3)")
    parser.add_argument("--work", type=Path, default=ROOT / ".bench" / "engines")
    parser.add_argument("--no-relevance", action="store_true")
    parser.add_argument("--engines", default=",".join(ENGINES), help="a comma-separated subset")
    args = parser.parse_args(argv or [])
    engines = [e for e in args.engines.split(",") if e in ENGINES]
    rows = {}
    for engine in engines:
        site = args.work / engine
        seconds = timed_builds(engine, site, args.runs)
        files = [p for p in site.rglob("*") if p.is_file()]
        html = sorted(p.stat().st_size for p in files if p.suffix == ".html")
        view = first_view(site, PAGE)
        rows[engine] = {"best": min(seconds), "median": statistics.median(seconds), "files": len(files),
                        "bytes": sum(p.stat().st_size for p in files), "median_html": statistics.median(html),
                        "view": view, "search": None if args.no_relevance else relevance(site, engine)}
    print(f"{'':28}" + "".join(f"{e:>14}" for e in engines))
    table = [
        ("build, best (s)", lambda r: f"{r['best']:.2f}"),
        ("build, median (s)", lambda r: f"{r['median']:.2f}"),
        ("files in site/", lambda r: f"{r['files']}"),
        ("site size (kB)", lambda r: f"{r['bytes'] / 1000:.0f}"),
        ("median page HTML (kB)", lambda r: f"{r['median_html'] / 1000:.1f}"),
        (f"first view {PAGE[:12]}… requests", lambda r: f"{r['view']['requests']}"),
        ("first view decoded (kB)", lambda r: f"{r['view']['decoded'] / 1000:.1f}"),
        ("first view on the wire (kB)", lambda r: f"{r['view']['wire'] / 1000:.1f}"),
    ]
    if not args.no_relevance:
        def judged(k: str) -> Callable[[dict[str, Any]], str]:
            return lambda r: f"{r['search'][k]:.3f}"
        table += [(f"judged queries {k}", judged(k)) for k in ("success@1", "mrr")]
    for label, cell in table:
        print(f"{label:28}" + "".join(f"{cell(rows[e]):>14}" for e in engines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
