"""Lighthouse scores of the real site: `python -m scripts bench lighthouse`.

Builds the handbook (strict) into a temporary directory, serves it from 127.0.0.1 with gzip
as any static host does, and runs Lighthouse 12 (node_modules, `make node_modules/.installed`)
in Debian's Chromium, headless, with its default mobile settings (emulated phone, simulated
slow 4G and 4× CPU slowdown) on four pages: the home page, a legal update, a module and the
acknowledgement dashboard. Prints performance, accessibility, best practices and SEO beside
the targets, and the audits that cost points.

`--site DIR` uses an already built site; `--pages home,legal-update,…` picks pages;
`--lang en` runs the English pages; `--fail` exits 1 when a score is under its target.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.harness import CHROMIUM, ROOT, Server, build

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
PAGES = {"home": "", "legal-update": "legal/luat-tre-em-2016/", "module": "modules/khung-phap-ly/",
         "dashboard": "dashboard/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95}


def run_lighthouse(url: str, out: Path, categories: list[str] = CATEGORIES, timeout: int = 240) -> dict:
    """One Lighthouse run (mobile, the default form factor); the JSON report."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={out}",
           "--quiet", *(f"--only-categories={c}" for c in categories)]
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode or not out.exists():
        raise RuntimeError(f"lighthouse {url} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def scores(report: dict) -> dict[str, float]:
    return {c: round(report["categories"][c]["score"] * 100) for c in report["categories"]}


def losses(report: dict, category: str, limit: int = 5) -> list[str]:
    """The audits of a category that cost points, worst weighted first."""
    cat = report["categories"][category]
    out = []
    for ref in cat["auditRefs"]:
        audit = report["audits"].get(ref["id"], {})
        score = audit.get("score")
        if ref.get("weight", 0) and score is not None and score < 1:
            shown = audit.get("displayValue", "")
            out.append((ref["weight"] * (1 - score), f"{ref['id']} {score:.2f}{' ' + shown if shown else ''}"))
    return [text for _, text in sorted(out, reverse=True)[:limit]]


def metrics(report: dict) -> str:
    audits = report["audits"]
    keys = [("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"), ("total-blocking-time", "TBT"),
            ("cumulative-layout-shift", "CLS"), ("speed-index", "SI")]
    return ", ".join(f"{label} {audits[k]['displayValue']}" for k, label in keys if k in audits and "displayValue" in audits[k])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench lighthouse", description=__doc__.splitlines()[0])
    parser.add_argument("--site", help="a built site (default: build the handbook into a temporary directory)")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of {', '.join(PAGES)}")
    parser.add_argument("--lang", default="vi", choices=["vi", "en"])
    parser.add_argument("--fail", action="store_true", help="exit 1 when a score is under its target")
    args = parser.parse_args(argv)

    if not LIGHTHOUSE.exists():
        print("node_modules/.bin/lighthouse is missing: run 'make node_modules/.installed' (npm ci)", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-lighthouse-"))
    try:
        site = Path(args.site) if args.site else work / "site"
        if not args.site:
            result = build(ROOT / "mkdocs.yml", site)
            if result.returncode:
                print(result.stderr[-3000:], file=sys.stderr)
                return 1
        server = Server(site, gzip_enabled=True)
        rows, notes, below = [], [], []
        try:
            for name in args.pages.split(","):
                path = ("en/" if args.lang == "en" else "") + PAGES[name]
                report = run_lighthouse(server.url + path, work / f"{name}.json")
                got = scores(report)
                rows.append((name, "/" + path, got))
                notes.append(f"{name}: {metrics(report)}")
                for cat in CATEGORIES:
                    if got.get(cat, 0) < TARGETS[cat]:
                        below.append(f"{name} {cat} {got.get(cat)}: " + "; ".join(losses(report, cat)))
                print(f"{name}: {got}", flush=True)
        finally:
            server.close()
        print("\nLighthouse 12 (mobile: emulated phone, simulated slow 4G, 4× CPU slowdown), "
              "site served from 127.0.0.1 with gzip:\n")
        print("| page | path | performance | accessibility | best practices | SEO |")
        print("|---|---|---:|---:|---:|---:|")
        for name, path, got in rows:
            cells = [f"{got.get(c, '—')}{'' if got.get(c, 0) >= TARGETS[c] else ' ✗'}" for c in CATEGORIES]
            print(f"| {name} | {path} | " + " | ".join(cells) + " |")
        print("| target | | ≥ 95 | 100 | ≥ 95 | ≥ 95 |")
        print("\n" + "\n".join(notes))
        if below:
            print("\nunder target (audits that cost points):\n" + "\n".join(below))
        return 1 if below and args.fail else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
