"""The offline bundle on the synthetic corpus: `python -m scripts bench offline`.

Builds the benchmark corpus (`bench.weight.make_site_corpus`, every page in the nav; 500
pages per language by default) as `make offline` does — `--no-directory-urls`, then
`scripts.search.offline`, then a zip — and prints the zip's size; then opens it from
file:// in Chromium with every request outside file:// aborted, and prints the latency of
a first query (the language's index is read from disk then) and of the next ones.
Also prints the size of the real site's bundle against its 10 MB limit.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from bench.harness import ROOT, build, chromium_available, launch, write_config

QUERIES = ["xam hai tre em", "duong day nong", "điều tra", "to giac", "bao ve tre em", "mua ban nguoi"]
REAL_LIMIT = 10 * 1024 * 1024
QUERY_INPUT = "input[data-md-component=search-query]"


def offline_zip(config: Path, work: Path, name: str) -> Path:
    """Build `config` without directory URLs, add the offline search, zip it; the zip's path."""
    from scripts.search.offline import make_offline
    site = work / name
    result = build(config, site, strict=False, env={})
    if result.returncode:
        raise SystemExit(f"build failed:\n{result.stderr[-3000:]}")
    make_offline(site)
    archive = work / f"{name}.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(site.rglob("*")):
            z.write(path, Path(name) / path.relative_to(site))
    return archive


def no_directory_urls(config: Path) -> Path:
    text = config.read_text(encoding="utf-8").replace("use_directory_urls: true", "use_directory_urls: false")
    out = config.with_name(config.stem + "-offline.yml")
    out.write_text(text, encoding="utf-8")
    return out


def latencies(archive: Path, work: Path) -> dict:
    with zipfile.ZipFile(archive) as z:
        z.extractall(work / "unzipped")
    root = (work / "unzipped" / archive.stem).as_uri() + "/"
    from playwright.sync_api import Route, sync_playwright
    outside: list[str] = []
    out: dict = {}
    with sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context()
        def route(r: Route) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                outside.append(r.request.url)
                r.abort()
        context.route("**/*", route)
        page = context.new_page()
        page.goto(root + "index.html")
        times = []
        for q in QUERIES:
            box = page.locator(QUERY_INPUT)
            box.click()
            box.fill("")
            start = time.perf_counter()
            box.fill(q)
            box.press("End")
            page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
            times.append((time.perf_counter() - start) * 1000)
            page.keyboard.press("Escape")
        browser.close()
    out["first_ms"], out["next_ms"] = times[0], statistics.median(times[1:])
    out["outside"] = len(outside)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench offline", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500, help="pages per language of the corpus")
    args = parser.parse_args(argv)
    from bench.weight import make_site_corpus
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as tmp:
        work = Path(tmp)
        nav = make_site_corpus(work / "docs", args.pages)
        config = no_directory_urls(write_config(work / "ours.yml", work / "docs", nav=nav))
        archive = offline_zip(config, work, "corpus-offline")
        import shutil
        shutil.copytree(ROOT / "data", work / "data")  # the dashboard's figures, next to the config
        real = offline_zip(no_directory_urls(write_config(work / "real.yml", ROOT / "docs")), work, "so-tay-offline")
        print(f"Offline bundle, synthetic corpus of {args.pages} pages per language: "
              f"{archive.stat().st_size / 1024 / 1024:.2f} MB zipped")
        print(f"Offline bundle of the real site: {real.stat().st_size / 1024 / 1024:.2f} MB "
              f"(limit {REAL_LIMIT / 1024 / 1024:.0f} MB)")
        real_ok = real.stat().st_size <= REAL_LIMIT
        if not chromium_available():
            print("Chromium not found: no latency measured")
            return 0 if real_ok else 1
        lat = latencies(archive, work)
        print(f"Search from file:// (corpus): first query {lat['first_ms']:.0f} ms (reads the language's index), "
              f"next queries median {lat['next_ms']:.0f} ms; requests outside file://: {lat['outside']}")
    return 0 if real_ok else 1


if __name__ == "__main__":
    sys.exit(main())
