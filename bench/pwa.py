"""The offline copy on a phone: `python -m scripts bench pwa`.

Builds the real site, then for each language:
- the size of what the service worker keeps (sw.js's plan: raw bytes, and gzip as it travels);
- the time from opening the language's home page on an emulated phone (360 × 740, CPU 4×
  slower) to "Đã lưu để đọc ngoại tuyến" / "Saved for offline reading", over a link of
  400 kbit/s with 400 ms of latency. The link is shaped by the local server (one shared
  400 kbit/s for every connection, 400 ms before each response), because Chromium's own
  throttling applies to the page and not to its service worker, which does the saving;
- the bytes the server sent for it, and whether anything went to another origin.

`--keep DIR`, `--rate KBITS` (default 400), `--latency MS` (default 400).
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, cast

from bench.harness import ROOT, Server, build, chromium_available, launch

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


class Link:
    """One shared link: every response waits `latency` s, then its bytes go out at `rate` B/s in
    turn with the other connections' (a phone's single radio)."""

    def __init__(self, rate: float, latency: float):
        self.rate, self.latency = rate, latency
        self.lock = threading.Lock()
        self.free_at = 0.0
        self.sent = 0

    def send(self, write, data: bytes) -> None:
        for i in range(0, len(data), 4096):
            chunk = data[i:i + 4096]
            with self.lock:
                start = max(time.perf_counter(), self.free_at)
                self.free_at = start + len(chunk) / self.rate
                wait = self.free_at - time.perf_counter()
                self.sent += len(chunk)
            if wait > 0:
                time.sleep(wait)
            write(chunk)


def shaped_server(site: Path, link: Link) -> Server:
    server = Server(site, gzip_enabled=True)
    handler: Any = server.httpd.RequestHandlerClass  # functools.partial of the Handler subclass

    class Shaped(handler.func):
        def send_head(self):
            time.sleep(link.latency)
            return super().send_head()

        def copyfile(self, source, outputfile):
            link.send(outputfile.write, source.read())

    server.httpd.RequestHandlerClass = type(handler)(Shaped, *handler.args, **handler.keywords)
    return server


def plan_of(site: Path) -> dict:
    plan = re.search(r"var PLAN = (\{.*?\});\n", (site / "sw.js").read_text(encoding="utf-8"))
    return json.loads(cast(re.Match[str], plan).group(1))  # the build writes it into sw.js


def sizes(site: Path, plan: dict) -> dict:
    out = {}
    for lang, lp in plan["languages"].items():
        raw = wire = 0
        for url in lp["pages"] + lp["files"]:
            path = url.split("?")[0]
            path = path + "index.html" if path == "" or path.endswith("/") else path
            data = (site / path).read_bytes()
            raw += len(data)
            wire += len(gzip.compress(data, 6)) if path.endswith((".html", ".css", ".js", ".json", ".webmanifest")) \
                else len(data)
        out[lang] = {"files": len(lp["pages"]) + len(lp["files"]), "raw": raw, "gzip": wire}
    return out


def install_time(site: Path, lang_root: str, rate: float, latency: float) -> dict:
    from playwright.sync_api import sync_playwright
    link = Link(rate, latency)
    server = shaped_server(site, link)
    foreign: list = []
    try:
        with sync_playwright() as p:
            browser = launch(p)
            context = browser.new_context(**PHONE)
            context.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((server.url, "data:", "blob:"))
                       else None)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
            start = time.perf_counter()
            page.goto(server.url + lang_root, wait_until="load", timeout=600_000)
            loaded = time.perf_counter() - start
            page.wait_for_selector(".hb-offline[data-state=saved]", timeout=600_000)
            saved = time.perf_counter() - start
            browser.close()
    finally:
        server.close()
    return {"load": loaded, "saved": saved, "sent": link.sent, "foreign": foreign}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts bench pwa", description=__doc__.splitlines()[0])
    parser.add_argument("--keep")
    parser.add_argument("--rate", type=float, default=400, help="kbit/s")
    parser.add_argument("--latency", type=float, default=400, help="ms")
    args = parser.parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-pwa-"))
    try:
        site = work / "site"
        result = build(ROOT / "mkdocs.yml", site)
        if result.returncode:
            raise SystemExit(result.stderr[-3000:])
        plan = plan_of(site)
        size = sizes(site, plan)
        lines = [f"Offline copy (build {plan['version']}):", "",
                 "| language | files kept | raw | gzip (on the wire) | budget (raw) |", "|---|---:|---:|---:|---:|"]
        from scripts.render.pwa import BUDGET_BYTES
        for lang, s in size.items():
            lines.append(f"| {lang} | {s['files']} | {s['raw'] / 1e6:.2f} MB | {s['gzip'] / 1e3:.0f} kB "
                         f"| {BUDGET_BYTES / 1e6:.1f} MB |")
        if chromium_available():
            lines += ["", f"Emulated phone (360 × 740, CPU 4×), {args.rate:.0f} kbit/s shared, "
                          f"{args.latency:.0f} ms per response:", "",
                      "| language | page loaded | saved for offline | bytes sent | other origins |", "|---|---:|---:|---:|---:|"]
            for lang, root in (("vi", ""), ("en", "en/")):
                r = install_time(site, root, args.rate * 1000 / 8, args.latency / 1000)
                lines.append(f"| {lang} | {r['load']:.1f} s | {r['saved']:.1f} s | {r['sent'] / 1e3:.0f} kB "
                             f"| {len(r['foreign'])} |")
        print("\n".join(lines))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
