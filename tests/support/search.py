"""Helpers for the search tests and the search benchmark: build a site, serve it
(optionally gzipped, as any static host does), drive Debian's Chromium.

Self-contained on purpose (the lead's tests/conftest.py has its own fixtures).
Under CI=true a missing Chromium or Playwright FAILS the tests instead of skipping.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bench.harness import CHROMIUM, CHROMIUM_ARGS, ROOT, Server, build, launch  # noqa: F401

FIXTURE = ROOT / "tests" / "fixtures" / "search"
FIXTURE_NAV = [
    {"Trang chủ": "index.md"},
    {"Văn bản": ["luat-tre-em.md", "blhs.md"]},
    {"Hướng dẫn": ["xam-hai.md", "duong-day-nong.md", "ma-so.md", "te-nan.md", "hoa-giai.md", "to-giac.md"]},
]


def fixture_config(folder: Path) -> Path:
    """The real mkdocs.yml (bench.harness.write_config: no hand copy to drift) for the fixture
    pages, with the fixture's two nav sections translated."""
    from bench.harness import i18n_languages, real_config, write_config
    config = real_config()
    for language in i18n_languages(config):
        if language.get("locale") == "en":
            language.setdefault("nav_translations", {}).update({"Văn bản": "Documents", "Hướng dẫn": "Guidance"})
    return write_config(folder / "mkdocs.yml", FIXTURE / "docs", nav=FIXTURE_NAV, plugins=config["plugins"])
IN_CI = os.environ.get("CI", "").lower() == "true"


# -- driving Material's search box ---------------------------------------------------
RECORD_CHANNEL = """() => {
  if (window.__hbSearch) return;
  window.__hbSearch = [];
  const ch = new BroadcastChannel("handbook-search");
  ch.onmessage = (ev) => window.__hbSearch.push(ev.data);
}"""

QUERY_INPUT = "input[data-md-component=search-query]"

# true when the result list on screen starts with the pages the worker announced
SHOWS_TOP = """(top) => {
  const base = new URL(JSON.parse(document.querySelector('#__config').textContent).base, location.href);
  const want = top.map(l => new URL(l, base).pathname);
  const have = [...document.querySelectorAll('.md-search-result__item')]
    .slice(0, want.length).map(li => new URL(li.querySelector('a').href).pathname);
  return have.length === want.length && have.every((p, i) => p === want[i]);
}"""


def open_page(page, url):
    page.goto(url)
    page.wait_for_load_state("load")
    page.evaluate(RECORD_CHANNEL)


def search(page, query: str, timeout: float = 10_000) -> dict:
    """Type `query` into Material's search box; wait until its results are on screen.

    Returns the worker's broadcast for this query: {query, lang, count, other, href?}.
    """
    box = page.locator(QUERY_INPUT)
    box.click()
    box.fill("")
    box.press_sequentially(query)
    box.press("End")  # a keyup Material hears even when the last character came from insertText
    page.wait_for_function("(q) => (window.__hbSearch || []).some(m => m.query === q)", arg=query,
                           timeout=timeout)
    msg = page.evaluate("(q) => window.__hbSearch.filter(m => m.query === q).pop()", query)
    if msg["count"]:
        page.wait_for_function(SHOWS_TOP, arg=msg["top"], timeout=timeout)
    elif msg.get("other"):
        page.wait_for_selector(".md-search-result__meta .hb-search-notice", timeout=timeout)
    else:
        page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__item').length === 0", timeout=timeout)
    return msg


def results(page) -> list[dict]:
    """Each result group: page link (href), title HTML/text, section links, marks."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(li => {
        const links = [...li.querySelectorAll('a.md-search-result__link')];
        const first = links[0];
        return {
          href: first.getAttribute('href'),
          title: first.querySelector('h1, h2').textContent,
          titleHTML: first.querySelector('h1, h2').innerHTML,
          html: li.innerHTML,
          marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
          sections: links.slice(1).map(a => a.getAttribute('href')),
        };
    })""")


# The built worker in node, over a built site's files (argv[1]) and the queries on stdin: what a
# test appends runs `ctx.runBest(...)` for each query and prints JSON
WORKER_IN_NODE = r"""
const vm = require("vm"), fs = require("fs"), path = require("path");
const site = process.argv[1];
const ctx = {URL, console, Map, Promise, self: {location: {href: "http://site.test/assets/search/worker.js?lang=vi"}}};
ctx.fetch = (url) => { const p = path.join(site, decodeURIComponent(new URL(url).pathname));
  return Promise.resolve({ok: fs.existsSync(p), status: 404,
                          json: () => Promise.resolve(JSON.parse(fs.readFileSync(p, "utf8")))}); };
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(path.join(site, "assets/search/worker.js"), "utf8"), ctx);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
"""


def worker_in_node(site, script: str, queries: list, why_skip: str = "node not installed") -> list:
    """Run `script` (WORKER_IN_NODE plus a loop) in node over a built site; its JSON output."""
    node = shutil.which("node")
    if not node:  # under CI=true a missing tool fails, never skips
        (pytest.fail if IN_CI else pytest.skip)(why_skip)
    run = subprocess.run([node, "-e", script, str(site)], input=json.dumps(queries),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)
