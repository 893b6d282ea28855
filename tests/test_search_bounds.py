"""Bounded work in search: one 200,000-character word made the worker spin for minutes on a
query with a digit (a quadratic regular expression). The index builder and the worker now do
linear work per input, and a term is cut at MAX_TERM characters on both sides. Each run is a
subprocess with a time limit (a regression is a timeout, not a slow test)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scripts.search import index

ROOT = Path(__file__).resolve().parent.parent


LONG = 200_000
LIMIT = 60  # seconds: the linear code needs well under one; the quadratic one took minutes


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=LIMIT)


def test_the_index_builder_is_linear_in_a_long_word_and_cuts_terms():
    code = textwrap.dedent(f"""
        import json
        from scripts.model import folding
        from scripts.search import index
        word = "a" * {LONG}
        text = word + " 102/2016/QH13 " + word + "/" + "b" * {LONG} + " đ" * 1000
        body, pairs = index.entry_index(word, text, number="1/2", keywords=word)
        spans = folding.compound_spans(text) + folding.compound_spans(word + "x")
        print(json.dumps({{"longest": max(len(k[0]) for k in body), "pair": max(map(len, pairs)),
                          "spans": [len(s) for s in spans]}}))
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["longest"] == index.MAX_TERM
    assert out["pair"] <= 2 * index.MAX_TERM + 1
    assert out["spans"] == [len("102/2016/QH13"), 2 * LONG + 1]  # the compounds are still found


def test_a_query_word_is_cut_like_the_index_terms():
    """A reader pasting the long word still finds its page: both sides keep the first MAX_TERM characters."""
    worker = (ROOT / "overrides" / "assets" / "search" / "worker.js").read_text(encoding="utf-8")
    assert f"var MAX_TERM = {index.MAX_TERM};" in worker


NODE_RUNNER = r"""
const fs = require("fs"), vm = require("vm"), path = require("path");
const [site, query] = [process.argv[2], fs.readFileSync(process.argv[3], "utf8")];
const file = path.join(site, "assets/search/worker.js");
const results = [];
const sandbox = {
  URL, console, setTimeout, clearTimeout, Promise, TextDecoder,
  fetch: (u) => Promise.resolve({ ok: true, json: () => JSON.parse(fs.readFileSync(new URL(u), "utf8")) }),
  self: { location: { href: "file://" + file + "?lang=vi" }, postMessage: (m) => results.push(m) },
};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(file, "utf8") + "\n;this.__handle = handle;", sandbox);
const started = Date.now();
sandbox.__handle(query).then(() => {
  const items = (results.find((m) => m.type === 3) || { data: { items: [] } }).data.items;
  console.log(JSON.stringify({ items: items.length, ms: Date.now() - started,
                               text: JSON.stringify(items).length }));
});
"""


@pytest.fixture(scope="module")
def long_word_site(tmp_path_factory):
    from bench.harness import build, write_config
    tmp = tmp_path_factory.mktemp("longword")
    docs = tmp / "docs"
    docs.mkdir()
    head = '---\nid: {id}\ntype: page\ntitle: "{title}"\nowner: Ban\nlast_reviewed: "2026-11-01"\n---\n\n'
    word = "a" * LONG
    body = f"Số 102/2016/QH13 và {word} rồi {word}/{'b' * 1000} 56/2017/NĐ-CP.\n\n" + "trẻ em 2016. " * 2000
    for lang in ("vi", "en"):
        (docs / f"index.{lang}.md").write_text(head.format(id="home", title="Trang chủ") + "Xin chào.\n",
                                               encoding="utf-8")
        (docs / f"dai.{lang}.md").write_text(head.format(id="dai", title="Dài") + body, encoding="utf-8")
    config = write_config(tmp / "mkdocs.yml", docs, nav=["index.md", "dai.md"])
    proc = build(config, tmp / "site")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return tmp / "site"


@pytest.mark.slow
@pytest.mark.parametrize("query", ["a" * 70 + " 2016", "102/2016", "trẻ em 2016", "qh13 " + "a" * LONG])
def test_the_worker_answers_a_query_with_a_digit_on_a_long_word_in_linear_time(long_word_site, tmp_path, query):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed") if os.environ.get("CI", "").lower() != "true" else pytest.fail("no node")
    runner = tmp_path / "run.js"
    runner.write_text(NODE_RUNNER, encoding="utf-8")
    (tmp_path / "query.txt").write_text(query, encoding="utf-8")
    proc = subprocess.run([node, str(runner), str(long_word_site), str(tmp_path / "query.txt")], capture_output=True,
                          text=True, timeout=LIMIT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["items"] >= 1, out  # the page is found (the long word's first MAX_TERM letters, the numbers)
