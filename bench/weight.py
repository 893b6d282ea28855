"""Page weight and build time as the site grows: `python -m scripts bench weight`.

1. Generates the synthetic bilingual corpus of the search benchmark
   (`bench.search.make_corpus`: N pages per language in 20 sections), gives every
   page the front matter the handbook requires, and lists **every page in the nav**.
2. Builds it with stock Material + mkdocs-static-i18n (the real mkdocs.yml without the
   handbook's hooks, overrides, CSS and JS: same features, Markdown extensions and nav) and
   with the handbook's configuration (`bench.harness.write_config`), at 50 and at N pages
   per language; prints build seconds, their ratio, and the HTML bytes per page.
3. Profiles the handbook build of N pages (cProfile, in the build's own process) and prints
   the 10 functions of ours (scripts/, overrides/ templates) with the most cumulative time.
4. Serves each N-page site from 127.0.0.1 with gzip and opens one page in Chromium: the
   bytes of that first view (HTML + CSS + JS + whatever the page fetches), decoded and on the
   wire.

`--pages N` (default 500), `--small N` (default 50), `--repeat N` (fastest of N builds),
`--no-profile`, `--no-browser`, `--keep DIR`. Build seconds vary with the machine's load:
compare the ratio of one run, not seconds across runs.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import ROOT, Server, build, chromium_available, launch, write_config

TARGETS = {"html_delta": 10_000, "html_max": 60_000, "ratio": 1.15, "ratio_search": 1.3, "first_view": 300_000}
# pages whose HTML is compared between the small and the large corpus (both languages)
SAMPLE_PAGES = ["index.html", "s00/index.html", "s00/p000/index.html", "s19/index.html", "s19/p000/index.html"]
FIRST_VIEW = "s00/p000/"


# -- corpus ------------------------------------------------------------------------------------
def same_numbers(docs: Path) -> None:
    """Each corpus page pair given the same numbers in the sections the check pairs, as a
    translation has them (the content check [numbers-differ] holds real pages to that): the
    random texts are not translations of each other, so each side gets the other's numbers."""
    from scripts.checks.facts import sections
    from scripts.model.tree import load_tree

    def add(page, numbers):
        if numbers:
            text = page.path.read_text(encoding="utf-8")
            cut = text.find("\n## ")
            cut = len(text) if cut < 0 else cut
            page.path.write_text(text[:cut].rstrip("\n") + " " + " ".join(sorted(numbers)) + ".\n" + text[cut:],
                                 encoding="utf-8")

    for page in load_tree(docs).pages:
        source = page.source
        if page.lang in (None, "vi") or source is None or "" not in sections(page):
            continue
        vi, en = set(sections(source).get("", (0, {}))[1]), set(sections(page)[""][1])
        add(page, vi - en)
        add(source, en - vi)


def make_site_corpus(docs: Path, pages: int, seed: int = 1) -> list:
    """The search benchmark's corpus, with front matter; returns the nav listing every page."""
    from bench.search import VI_SECTIONS, make_corpus
    make_corpus(docs, pages, seed=seed)
    for f in sorted(docs.rglob("*.md")):
        stem, lang, _ = f.name.rsplit(".", 2)
        text = f.read_text(encoding="utf-8")
        first, _, rest = text.partition("\n")
        folder = f.parent.relative_to(docs).as_posix()
        front = {"id": "home" if folder == "." else f"{folder}-{stem}".replace("/", "-"),
                 "type": "page", "title": first.lstrip("#").strip(), "last_reviewed": "2026-11-29"}
        if lang == "vi":
            front["owner"] = "Ban biên tập Sổ tay"
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
        f.write_text(f"---\n{head}---\n\n{rest.lstrip()}", encoding="utf-8")
    same_numbers(docs)
    nav: list = [{"Trang chủ": "index.md"}]
    for s, name in enumerate(VI_SECTIONS):
        section_dir = docs / f"s{s:02d}"
        leaves = sorted(p.name.split(".")[0] for p in section_dir.glob("p*.vi.md"))
        nav.append({name: [f"s{s:02d}/index.md"] + [f"s{s:02d}/{p}.md" for p in leaves]})
    return nav


def write_stock_config(path: Path, docs: Path, nav: list) -> Path:
    """The real configuration minus everything of the handbook's: stock Material + static-i18n."""
    config = write_config(path, docs, nav=nav, hooks=[], extra_css=[], extra_javascript=[], extra={})
    from scripts.build.configfile import dump_config, read_config
    data = read_config(config)
    data["theme"].pop("custom_dir", None)
    data.pop("not_in_nav", None)
    path.write_text(dump_config(data), encoding="utf-8")
    return path


def prepare(work: Path, pages: int) -> dict[str, Path]:
    """work/docs-N (the corpus) and work/{stock,ours}-N.yml."""
    docs = work / f"docs-{pages}"
    nav = make_site_corpus(docs, pages)
    return {"stock": write_stock_config(work / f"stock-{pages}.yml", docs, nav),
            "ours": write_config(work / f"ours-{pages}.yml", docs, nav=nav)}


def make_shape_corpus(docs: Path, sections: int, per_section: int) -> list:
    """A corpus of one shape: `sections` sections of `per_section` pages per language (each page
    a few paragraphs, each section index listing its pages), every page in the nav."""
    import random

    from bench.search import EN_SENTENCES, EN_WORDS, VI_SENTENCES, VI_WORDS, _paragraph
    if docs.exists():
        shutil.rmtree(docs)
    rng = random.Random(7)
    nav: list = [{"Trang chủ": "index.md"}]
    for s in range(sections):
        folder = docs / f"s{s:02d}"
        folder.mkdir(parents=True)
        for lang, sentences, words, name in (("vi", VI_SENTENCES, VI_WORDS, "Mục"), ("en", EN_SENTENCES, EN_WORDS, "Section")):
            links = []
            for p in range(per_section):
                title = f"{name} {s + 1} — {p + 1}"
                front = {"id": f"s{s:02d}-p{p:03d}", "type": "page", "title": title, "last_reviewed": "2026-11-29"}
                if lang == "vi":
                    front["owner"] = "Ban biên tập Sổ tay"
                head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
                body = _paragraph(rng, sentences, words, 3, p) + "\n\n## " + ("Tổng quan" if lang == "vi" else "Overview") \
                    + "\n\n" + _paragraph(rng, sentences, words, 3, p + 1)
                (folder / f"p{p:03d}.{lang}.md").write_text(f"---\n{head}---\n\n# {title}\n\n{body}\n", encoding="utf-8")
                links.append(f"- [{title}](p{p:03d}.md)")
            front = {"id": f"s{s:02d}", "type": "page", "title": f"{name} {s + 1}", "last_reviewed": "2026-11-29"}
            if lang == "vi":
                front["owner"] = "Ban biên tập Sổ tay"
            head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
            (folder / f"index.{lang}.md").write_text(f"---\n{head}---\n\n# {name} {s + 1}\n\n" + "\n".join(links) + "\n",
                                                     encoding="utf-8")
        nav.append({f"Mục {s + 1}": [f"s{s:02d}/index.md"] + [f"s{s:02d}/p{p:03d}.md" for p in range(per_section)]})
    for lang, title in (("vi", "Sổ tay Báo cáo viên"), ("en", "Reporter Handbook")):
        front = {"id": "home", "type": "page", "title": title, "last_reviewed": "2026-11-29"}
        if lang == "vi":
            front["owner"] = "Ban biên tập Sổ tay"
        head = "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items())
        (docs / f"index.{lang}.md").write_text(f"---\n{head}---\n\n# {title}\n\nTrang chủ.\n", encoding="utf-8")
    same_numbers(docs)
    return nav


# the two shapes of the issue "Reporters' phones": one section of N pages, N/10 sections of 10
def shapes(pages: int) -> dict[str, tuple[int, int]]:
    return {f"1 section of {pages}": (1, pages), f"{pages // 10} sections of 10": (pages // 10, 10)}


def build_shapes(work: Path, pages: int, who: tuple[str, ...] = ("stock", "ours")) -> dict:
    """HTML sizes of each shape's site, built by stock Material and by the handbook."""
    out = {}
    for name, (sections, per) in shapes(pages).items():
        slug = name.replace(" ", "-")
        docs = work / f"docs-{slug}"
        nav = make_shape_corpus(docs, sections, per)
        configs = {"stock": lambda slug=slug, docs=docs, nav=nav: write_stock_config(work / f"stock-{slug}.yml", docs, nav),
                   "ours": lambda slug=slug, docs=docs, nav=nav: write_config(work / f"ours-{slug}.yml", docs, nav=nav)}
        for w in who:
            site = work / f"site-{w}-{slug}"
            seconds = timed_build(configs[w](), site)
            out[name, w] = {"sizes": html_sizes(site), "seconds": seconds, "site": site}
    return out


def shape_report(pages: int, built: dict) -> list[str]:
    lines = [f"HTML per page by the shape of the site ({pages} pages per language, every page in the nav):", "",
             "| shape | | median | largest | largest page | build |", "|---|---|---:|---:|---|---:|"]
    for (name, who), v in built.items():
        summary = html_summary(v["sizes"])
        label = "stock Material + i18n" if who == "stock" else "handbook"
        lines.append(f"| {name} | {label} | {_kb(summary['median'])} | {_kb(summary['max'])} | {summary['max_page']} "
                     f"| {v['seconds']:.1f} s |")
    return lines + [""]


# -- measuring ---------------------------------------------------------------------------------
def timed_build(config: Path, site: Path, repeat: int = 1) -> float:
    """Wall seconds of `mkdocs build` (a fresh process each time); the fastest of `repeat`."""
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = build(config, site, strict=False)
        best = min(best, time.perf_counter() - start)
        if result.returncode:
            raise SystemExit(f"build of {config.name} failed:\n{result.stderr[-3000:]}")
    return best


def html_sizes(site: Path) -> dict[str, int]:
    """Bytes of every page's HTML, by path relative to the site."""
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}


def html_summary(sizes: dict[str, int]) -> dict:
    pages = {k: v for k, v in sizes.items() if k.endswith("index.html")}
    biggest = max(pages, key=pages.__getitem__)
    return {"pages": len(pages), "median": statistics.median(pages.values()), "max": pages[biggest],
            "max_page": biggest, "samples": {k: sizes.get(k) for k in SAMPLE_PAGES + ["en/" + p for p in SAMPLE_PAGES]}}


_PROFILE = (
    "import cProfile, os, sys\n"
    "from mkdocs.__main__ import cli\n"
    "sys.argv = ['mkdocs'] + sys.argv[2:]\n"
    "prof = cProfile.Profile()\n"
    "try:\n"
    "    prof.runcall(cli.main, standalone_mode=False)\n"
    "finally:\n"
    "    prof.dump_stats(os.environ['BENCH_PROFILE'])\n"
)


def profile_build(config: Path, site: Path, out: Path) -> tuple[float, list[str]]:
    """cProfile of one build (in its own process); the top 10 cumulative functions of ours."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT), BENCH_PROFILE=str(out))
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _PROFILE, "-", "build", "-f", str(config), "-d", str(site)],
                            cwd=config.parent, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode or not out.exists():
        raise SystemExit(f"profiled build failed:\n{result.stderr[-3000:]}")
    return elapsed, top_of_ours(out)


def top_of_ours(prof: Path, n: int = 10) -> list[str]:
    stats = pstats.Stats(str(prof))
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]  # not in typeshed's pstats
    total = max((v[3] for v in table.values()), default=1.0)
    ours = []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in table.items():
        path = Path(filename)
        try:
            rel = path.resolve().relative_to(ROOT)
        except (ValueError, OSError):
            continue
        if rel.parts[0] not in ("scripts", "overrides"):
            continue
        ours.append((ct, tt, nc, f"{rel}:{line}({name})"))
    ours.sort(reverse=True)
    lines = [f"{'cumulative s':>12} {'share':>6} {'own s':>7} {'calls':>8}  function"]
    for ct, tt, nc, where in ours[:n]:
        lines.append(f"{ct:12.2f} {ct / total:6.1%} {tt:7.2f} {nc:8d}  {where}")
    return lines


def first_view(site: Path, path: str = FIRST_VIEW) -> dict:
    """Bytes of one page's first view in Chromium, served with gzip: decoded and on the wire."""
    from playwright.sync_api import sync_playwright
    server = Server(site, gzip_enabled=True)
    seen: list = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            # the offline copy the service worker saves after the page is measured by bench/pwa.py
            context = browser.new_context(service_workers="block")
            context.on("requestfinished", lambda r: seen.append(r))
            page = context.new_page()
            page.goto(server.url + path)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            rows: dict[str, tuple[str, int, int, str]] = {}
            for request in seen:
                response = request.response()
                if response is None:
                    continue
                try:
                    decoded = len(response.body())
                except Exception:  # noqa: BLE001 - a body Chromium no longer holds: count its wire size
                    decoded = None
                wire = request.sizes()["responseBodySize"]
                kind = ("html" if request.resource_type == "document" else
                        "css" if request.resource_type == "stylesheet" else
                        "js" if request.resource_type == "script" or request.url.split("?")[0].endswith(".js")
                        else "fetched data" if request.resource_type in ("xhr", "fetch") else "other")
                name = request.url[len(server.url):]
                rows[request.url + f"#{len(rows)}"] = (kind, decoded if decoded is not None else wire, wire, name)
            browser.close()
    finally:
        server.close()
    out: dict[str, Any] = {"requests": len(rows), "decoded": 0, "wire": 0, "by_kind": {}, "code": 0,
           "list": sorted(((name, kind, decoded, wire) for kind, decoded, wire, name in rows.values()),
                          key=lambda r: -r[2])}
    for kind, decoded, wire, _name in rows.values():
        out["decoded"] += decoded
        out["wire"] += wire
        if kind in ("html", "css", "js"):
            out["code"] += decoded
        k = out["by_kind"].setdefault(kind, [0, 0])
        k[0] += decoded
        k[1] += wire
    return out


def static_first_view(site: Path, path: str = FIRST_VIEW) -> dict:
    """Without a browser: the page's HTML plus the CSS and JS it links, decoded and gzipped."""
    import re
    html_file = site / path / "index.html"
    html = html_file.read_bytes()
    files = [html_file]
    for ref in re.findall(rb'(?:<link[^>]+rel="stylesheet"[^>]+href|<script[^>]+src)="([^"]+)"', html):
        target = (html_file.parent / ref.decode().split("?")[0]).resolve()
        if target.is_file():
            files.append(target)
    data = [f.read_bytes() for f in files]
    return {"requests": len(files), "decoded": sum(map(len, data)), "code": sum(map(len, data)),
            "wire": sum(len(gzip.compress(d, compresslevel=6)) for d in data), "by_kind": {}, "list": []}


# -- report ------------------------------------------------------------------------------------
def _kb(n) -> str:
    return "—" if n is None else f"{n / 1000:.1f} kB"


def report(small: int, large: int, results: dict) -> list[str]:
    lines = [f"HTML per page, every page in the nav ({small} and {large} pages per language):", "",
             f"| page | stock {small} | stock {large} | handbook {small} | handbook {large} | handbook growth |",
             "|---|---:|---:|---:|---:|---:|"]
    for key in SAMPLE_PAGES + ["en/" + p for p in SAMPLE_PAGES]:
        s_small, s_large = results["stock", small]["html"]["samples"][key], results["stock", large]["html"]["samples"][key]
        o_small, o_large = results["ours", small]["html"]["samples"][key], results["ours", large]["html"]["samples"][key]
        growth = "—" if None in (o_small, o_large) else _kb(o_large - o_small)
        lines.append(f"| {key} | {_kb(s_small)} | {_kb(s_large)} | {_kb(o_small)} | {_kb(o_large)} | {growth} |")
    for stat in ("median", "max"):
        row = [results[w, n]["html"][stat] for w in ("stock", "ours") for n in (small, large)]
        lines.append(f"| {stat} of all pages | " + " | ".join(_kb(v) for v in row)
                     + f" | {_kb(row[3] - row[2])} |")
    big = results["ours", large]["html"]
    lines += ["", f"largest handbook page at {large}: {big['max_page']} {_kb(big['max'])} "
              f"(target ≤ {_kb(TARGETS['html_max'])}); growth target < {_kb(TARGETS['html_delta'])}", ""]
    stock_s, ours_s = results["stock", large]["seconds"], results["ours", large]["seconds"]
    lines += [f"Build of {2 * large} pages ({large} per language, every page in the nav):", "",
              "| | stock Material + i18n | handbook | ratio | target |", "|---|---:|---:|---:|---|",
              f"| {large} pages per language | {stock_s:.1f} s | {ours_s:.1f} s | {ours_s / stock_s:.2f}× "
              f"| ≤ {TARGETS['ratio']}× (≤ {TARGETS['ratio_search']}× with search adjacency data) |",
              f"| {small} pages per language | {results['stock', small]['seconds']:.1f} s | "
              f"{results['ours', small]['seconds']:.1f} s | "
              f"{results['ours', small]['seconds'] / results['stock', small]['seconds']:.2f}× | |", ""]
    views = [(w, results[w, large].get("view")) for w in ("stock", "ours")]
    if all(v for _, v in views):
        lines += [f"First view of {FIRST_VIEW} ({large} pages per language; everything the page loads, "
                  "served with gzip):", "",
                  "| | requests | decoded | gzip (on the wire) | target |", "|---|---:|---:|---:|---|"]
        for who, v in views:
            label = "stock Material + i18n" if who == "stock" else "handbook"
            lines.append(f"| {label} | {v['requests']} | {_kb(v['decoded'])} | {_kb(v['wire'])} | |")
            lines.append(f"| … HTML + CSS + JS | | {_kb(v['code'])} | | ≤ {_kb(TARGETS['first_view'])} decoded |")
            for kind, (dec, wire) in sorted(v["by_kind"].items()):
                lines.append(f"| … {kind} | | {_kb(dec)} | {_kb(wire)} | |")
        for who, v in views:
            lines += ["", f"{who}: the five largest responses: " + "; ".join(
                f"{name} {_kb(dec)} ({_kb(wire)} gzip)" for name, _kind, dec, wire in v["list"][:5])]
        lines.append("")
    if results.get("profile"):
        seconds, top = results["profile"]
        lines += [f"Profile of the handbook build ({large} pages per language, {seconds:.1f} s under cProfile), "
                  "top 10 cumulative functions of ours:", "", "```", *top, "```"]
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench weight", description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500, help="pages per language of the large corpus")
    parser.add_argument("--small", type=int, default=50, help="pages per language of the small corpus")
    parser.add_argument("--repeat", type=int, default=1, help="build each site N times, keep the fastest")
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--no-browser", action="store_true", help="first view from the files, without Chromium")
    parser.add_argument("--keep", help="keep the corpora and sites in this directory")
    args = parser.parse_args(argv)

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-weight-"))
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {}
    try:
        for n in (args.small, args.pages):
            configs = prepare(work, n)
            for who in ("stock", "ours"):
                site = work / f"site-{who}-{n}"
                seconds = timed_build(configs[who], site, args.repeat)
                results[who, n] = {"seconds": seconds, "html": html_summary(html_sizes(site)), "site": site}
                print(f"built {who} {n} pages per language: {seconds:.1f} s", flush=True)
        for who in ("stock", "ours"):
            site = results[who, args.pages]["site"]
            if not args.no_browser and chromium_available():
                results[who, args.pages]["view"] = first_view(site)
            else:
                results[who, args.pages]["view"] = static_first_view(site)
        shaped = build_shapes(work, args.pages)
        if not args.no_profile:
            results["profile"] = profile_build(work / f"ours-{args.pages}.yml", work / "site-profile",
                                               work / "build.prof")
        print("\n".join(report(args.small, args.pages, results) + shape_report(args.pages, shaped)))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
