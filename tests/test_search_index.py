"""The index builder (scripts/searchindex.py) on tiny stock indexes, and the worker's
JavaScript port of scripts/folding.py against the Python original (node)."""
from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from scripts import searchindex
from scripts.model import folding

from search_support import ROOT

WORKER = ROOT / "overrides" / "assets" / "search" / "worker.js"
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

STOCK_CONFIG = {"lang": ["vi", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]}


def _page(site: Path, location: str, lang: str):
    path = site / location / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'<!doctype html><html lang="{lang}" class="no-js"><head></head><body></body></html>',
                    encoding="utf-8")


def make_site(tmp_path: Path, docs: list[dict], langs: dict[str, str]) -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets" / "search").mkdir(parents=True)
    shutil.copy(WORKER, site / "assets" / "search" / "worker.js")
    for loc, lang in langs.items():
        _page(site, loc, lang)
    (site / "search" / "search_index.json").write_text(
        json.dumps({"config": STOCK_CONFIG, "docs": docs}), encoding="utf-8")
    return site


DOCS = [
    {"location": "", "title": "Trang chủ", "text": "<p>Sổ tay &amp; công cụ</p>"},
    {"location": "xam-hai/", "title": "Phòng, chống xâm hại trẻ em", "text": "<p>Xâm hại trẻ em là hành vi …</p>"},
    {"location": "xam-hai/#dieu-tra", "title": "Quy trình điều tra", "text": "<p>Cơ quan <b>điều tra</b>.</p>"},
    {"location": "luat/", "title": "Luật Trẻ em 102/2016/QH13", "text": "<p>Nghị định 56/2017/NĐ-CP.</p>"},
    {"location": "nfd/", "title": "Trang NFD", "text": "<p>" + NFD("tố giác nặc danh; hoà giải") + "</p>"},
    {"location": "en/", "title": "Home", "text": "<p>Handbook</p>"},
    {"location": "en/xam-hai/", "title": "Preventing child abuse", "text": "<p>Child abuse harms.</p>"},
    {"location": "en/xam-hai/#preventing-child-abuse", "title": "Preventing child abuse", "text": "<p>More.</p>"},
]
LANGS = {"": "vi", "xam-hai": "vi", "luat": "vi", "nfd": "vi", "en": "en", "en/xam-hai": "en"}


def load(site: Path, lang: str):
    d = site / "search" / lang
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    docs = json.loads((d / manifest["docs"]).read_text(encoding="utf-8"))
    texts = [t for name in manifest["chunks"] for t in json.loads((d / name).read_text(encoding="utf-8"))]
    return manifest, docs, texts


def lookup(site: Path, lang: str, term: str) -> dict:
    """The worker's rule: a term lives in the shard with the longest key that prefixes it."""
    manifest, _, _ = load(site, lang)
    keys = [k for k in manifest["shards"] if term.startswith(k)]
    if not keys:
        return {}
    shard = json.loads((site / "search" / lang / manifest["shards"][max(keys, key=len)][0]).read_text("utf-8"))
    return shard.get(term, {})


def docs_of(variants: dict) -> set[int]:
    out = set()
    for plist in variants.values():
        doc = 0
        for i in range(0, len(plist), 2):
            doc += plist[i]
            out.add(doc)
    return out


def test_plain_strips_markup_and_normalises():
    assert searchindex.plain("<p>Sổ tay &amp; <code>x&lt;y</code></p>\n  <p>b</p>") == "Sổ tay & x<y b"
    assert searchindex.plain(NFD("<p>điều tra</p>")) == "điều tra"


def test_weights_title_and_document_numbers_above_body():
    tokens = searchindex.entry_tokens("Luật Trẻ em 102/2016/QH13", "Trẻ em trẻ em. Nghị định 56/2017/NĐ-CP")
    title, docnum = searchindex.TITLE_WEIGHT, searchindex.DOCNUM_WEIGHT
    assert tokens[("tre", "tre?")] == title + 2          # in the title, twice in the body
    assert tokens[("1022016qh13", "1022016qh13")] >= title + docnum
    assert tokens[("562017ndcp", "562017ndcp")] == docnum + 1
    assert tokens[("nd", "nđ")] == docnum + 1
    assert tokens[("nghi", "nghi.")] == 1


def test_build_site_search_splits_languages_and_stubs_the_stock_index(tmp_path):
    site = make_site(tmp_path, DOCS, LANGS)
    stats = searchindex.build_site_search(site)
    assert set(stats["languages"]) == {"vi", "en"}
    assert stats["languages"]["vi"]["pages"] == 4 and stats["languages"]["en"]["pages"] == 2
    # the stock index is now a stub with the original config
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub == {"config": STOCK_CONFIG, "docs": []}
    # homes: Vietnamese at the root, English under en/
    assert load(site, "vi")[0]["home"] == "" and load(site, "en")[0]["home"] == "en/"
    # each language holds only its own pages
    assert all(not row[0].startswith("en/") for row in load(site, "vi")[1]["pages"])
    assert all(row[0].startswith("en/") for row in load(site, "en")[1]["pages"])
    # the English H1 repeated as a section is merged into its page entry
    en_docs = load(site, "en")[1]["docs"]
    assert [d[1] for d in en_docs] == ["", ""]
    # the worker knows where the index is
    worker = (site / "assets" / "search" / "worker.js").read_text(encoding="utf-8")
    assert searchindex.WORKER_MARK not in worker
    assert '"root":"../../search/"' in worker and "vi/manifest.json?v=" in worker


def test_terms_folded_exact_variants_and_nfd(tmp_path):
    site = make_site(tmp_path, DOCS, LANGS)
    searchindex.build_site_search(site)
    manifest, docs, texts = load(site, "vi")
    ids = {(docs["pages"][d[0]][0], d[1]): i for i, d in enumerate(docs["docs"])}
    # folded term, with the exact spelling kept as a variant
    xam = lookup(site, "vi", "xam")
    assert set(xam) == {"xâm"} and docs_of(xam) == {ids[("xam-hai/", "")]}
    dieu = lookup(site, "vi", "dieu")
    assert "điêu`" in dieu and ids[("xam-hai/", "dieu-tra")] in docs_of(dieu)
    # document numbers joined, and their parts
    assert docs_of(lookup(site, "vi", "1022016qh13")) == {ids[("luat/", "")]}
    assert docs_of(lookup(site, "vi", "562017ndcp")) == {ids[("luat/", "")]}
    assert "nđ" in lookup(site, "vi", "nd")
    # NFD text is indexed and stored as NFC
    assert set(lookup(site, "vi", "nac")) == {"năc."}
    assert "hoa`" in lookup(site, "vi", "hoa")
    nfd_text = texts[ids[("nfd/", "")]]
    assert nfd_text == "tố giác nặc danh; hoà giải" and unicodedata.is_normalized("NFC", nfd_text)
    # no English word in the Vietnamese index
    assert lookup(site, "vi", "child") == {} and docs_of(lookup(site, "en", "child"))


def test_large_shards_split_and_every_term_stays_findable(tmp_path, monkeypatch):
    monkeypatch.setattr(searchindex, "SHARD_MAX_BYTES", 300)
    words = [f"tr{a}{b}" for a in "aeiou" for b in "mnptc"] + ["t", "tr", "xam", "xanh", "điều"]
    docs = [{"location": f"p{i}/", "title": f"Trang {i}", "text": " ".join(words[i:] + words[:i])}
            for i in range(12)]
    site = make_site(tmp_path, docs, {f"p{i}": "vi" for i in range(12)})
    searchindex.build_site_search(site)
    manifest, _, _ = load(site, "vi")
    keys = list(manifest["shards"])
    assert len(keys) > 3 and max(len(k) for k in keys) >= 3  # split below two letters
    for w in words + ["trang"]:
        assert len(docs_of(lookup(site, "vi", folding.fold(w)))) == 12, w
    for i in range(12):
        assert str(i) in json.dumps(lookup(site, "vi", str(i)))  # page numbers from the titles


def test_second_call_keeps_the_index(tmp_path):
    site = make_site(tmp_path, DOCS, LANGS)
    first = searchindex.build_site_search(site)
    second = searchindex.build_site_search(site)
    assert second["languages"] == first["languages"]
    assert load(site, "vi")[0]["shards"]


def test_missing_stock_index_is_reported(tmp_path):
    assert "skipped" in searchindex.build_site_search(tmp_path)


# -- the JavaScript port agrees with folding.py ----------------------------------------
PARITY_WORDS = [
    "ma", "mà", "má", "mã", "mả", "mạ", "ăn", "ẵn", "ân", "ẩn", "ê", "ể", "ơ", "ở", "ư", "ự", "ô", "ộ",
    "đường", "Đường", "ĐIỀU", "điều", "xâm", "hại", "trẻ", "em", "nóng", "dây", "hoà", "hòa", "thuỷ",
    "thủy", "khoẻ", "khỏe", "uỷ", "ủy", "Uỷ", "QH13", "NĐ", "quỳ", "kỹ", "giải", "nặc", "tố", "giác",
]
PARITY_TEXTS = [
    "Luật Trẻ em 102/2016/QH13 và Nghị định 56/2017/NĐ-CP",
    "Điều 151. Tội mua bán người dưới 16 tuổi",
    "Phòng, chống XÂM HẠI trẻ em — đường dây nóng 111",
    "Quyết định 1863/QĐ-TTg; hoà giải, thuỷ lợi, sức khoẻ, Uỷ ban",
]


def python_table():
    words = PARITY_WORDS + [NFD(w) for w in PARITY_WORDS]
    texts = PARITY_TEXTS + [NFD(t) for t in PARITY_TEXTS]
    return {
        "fold": [folding.fold(w) for w in words],
        "toneKey": [folding.tone_key(w) for w in words],
        "words": [folding.words(t) for t in texts],
        "compounds": [folding.compounds(t) for t in texts],
    }, words, texts


JS_TABLE = """
const vm = require("vm"), fs = require("fs");
const ctx = {URL, console}; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), ctx);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {
  fold: input.words.map(w => ctx.fold(w)),
  toneKey: input.words.map(w => ctx.toneKey(w)),
  words: input.texts.map(t => ctx.words(t)),
  compounds: input.texts.map(t => ctx.compounds(t)),
};
process.stdout.write(JSON.stringify(out));
"""


def test_js_folding_matches_python_in_node():
    node = shutil.which("node")
    if not node:
        pytest.skip("node not installed; the same table runs in Chromium (test_search_browser.py)")
    expected, words, texts = python_table()
    run = subprocess.run([node, "-e", JS_TABLE, str(WORKER)], input=json.dumps({"words": words, "texts": texts}),
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == expected
