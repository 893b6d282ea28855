"""The index builder (scripts/search/index.py) on tiny stock indexes, and the worker's
JavaScript port of scripts/model/folding.py against the Python original (node)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from support.search import ROOT, WORKER_IN_NODE, worker_in_node

from scripts.model import folding
from scripts.search import index as searchindex

WORKER = ROOT / "overrides" / "assets" / "search" / "worker.js"
NFD = lambda s: unicodedata.normalize("NFD", s)  # noqa: E731

STOCK_CONFIG = {"lang": ["vi", "en"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"]}

# (docs path, front matter, rendered article) — the content model and the rendered text
PAGES = [
    ("index.vi.md", {"id": "home", "type": "page", "title": "Trang chủ"}, "<h1>Trang chủ</h1><p>Sổ tay &amp; công cụ</p>"),
    ("xam-hai.vi.md", {"id": "xam-hai", "type": "guidance", "title": "Phòng, chống xâm hại trẻ em"},
     '<h1>Phòng, chống xâm hại trẻ em</h1><p>Xâm hại trẻ em là hành vi …</p>'
     '<h2 id="dieu-tra">Quy trình điều tra<a class="headerlink" href="#dieu-tra">¶</a></h2>'
     '<p>Cơ quan <b>điều tra</b>.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
     '<div class="admonition" data-search-exclude><div><p>Ẩn khỏi tìm kiếm</p></div></div>'),
    ("luat.vi.md", {"id": "luat", "type": "legal-update", "title": "Luật Trẻ em", "doc_number": "102/2016/QH13",
                    "status": "in-force"},
     '<h1>Luật Trẻ em</h1><table><tr><th>Số ký hiệu</th><td>102/2016/QH13</td></tr>'
     '<tr><th>Loại văn bản</th><td>Luật</td></tr></table><ul><li>Nghị định 56/2017/NĐ-CP</li><li>mua</li></ul>'
     '<p>bán người</p>'),
    ("cu.vi.md", {"id": "cu", "type": "legal-update", "title": "Luật cũ", "doc_number": "66/2011/QH12",
                  "status": "expired"}, "<h1>Luật cũ</h1><p>Hết hiệu lực.</p>"),
    ("dashboard.vi.md", {"id": "dashboard", "type": "page", "title": "Tiến độ"}, "<h1>Tiến độ</h1><p>Bảng.</p>"),
    ("hoà-giải.vi.md", {"id": "hoa-giai", "type": "page", "title": "Hoà giải"}, "<h1>Hoà giải</h1><p>Hoà giải ở cơ sở.</p>"),
    ("nfd.vi.md", {"id": "nfd", "type": "page", "title": "Trang NFD"},
     "<h1>Trang NFD</h1><p>" + NFD("tố giác nặc danh; hoà giải") + "</p>"),
    ("index.en.md", {"id": "home", "title": "Home"}, "<h1>Home</h1><p>Handbook</p>"),
    ("xam-hai.en.md", {"id": "xam-hai", "title": "Preventing child abuse"},
     '<h1>Preventing child abuse</h1><p>Child abuse harms.</p>'),
    ("luat.en.md", {"id": "luat", "title": "Law on Children"}, "<h1>Law on Children</h1><p>The law.</p>"),
]


def _yaml(meta: dict) -> str:
    return "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items())


def make_site(tmp_path: Path, pages=PAGES) -> tuple[Path, Path]:
    """A docs/ tree with front matter and the site/ built from it (articles only)."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "assets" / "search").mkdir(parents=True)
    shutil.copy(WORKER, site / "assets" / "search" / "worker.js")
    for rel, meta, article in pages:
        src = docs / rel
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(f"---\n{_yaml(meta)}---\n\n# {meta['title']}\n", encoding="utf-8")
        stem, lang = rel[:-len(".xx.md")], rel[-5:-3]
        url = ("" if lang == "vi" else f"{lang}/") + ("" if stem == "index" else f"{stem}/")
        out = site / url / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f'<!doctype html><html lang="xx"><body><nav>Menu điều hướng</nav>'
                       f'<article class="md-content__inner md-typeset">{article}</article></body></html>',
                       encoding="utf-8")
    (site / "search" / "search_index.json").write_text(
        json.dumps({"config": STOCK_CONFIG, "docs": [{"location": "", "title": "x", "text": "stock"}]}),
        encoding="utf-8")
    return site, docs


def load(site: Path, lang: str):
    d = site / "search" / lang
    manifest = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    docs = json.loads((d / manifest["docs"]).read_text(encoding="utf-8"))
    texts = [t for name in manifest["chunks"] for t in json.loads((d / name).read_text(encoding="utf-8"))]
    return manifest, docs, texts


def lookup(site: Path, lang: str, term: str, table: str = "shards") -> dict:
    """The worker's rule: a term lives in the shard with the longest key that prefixes it."""
    manifest, _, _ = load(site, lang)
    keys = [k for k in manifest[table] if term.startswith(k)]
    if not keys:
        return {}
    shard = json.loads((site / "search" / lang / manifest[table][max(keys, key=len)][0]).read_text("utf-8"))
    return shard.get(term, {})


def docs_of(variants) -> set[int]:
    out = set()
    for plist in (variants.values() if isinstance(variants, dict) else [variants]):
        doc = 0
        for i in range(0, len(plist), 2):
            doc += plist[i]
            out.add(doc)
    return out


def ids_of(docs) -> dict:
    return {(docs["pages"][d[0]][0], d[1]): i for i, d in enumerate(docs["docs"])}


def test_plain_keeps_blocks_apart_and_normalises():
    assert searchindex.plain("<p>Sổ tay &amp; <code>x&lt;y</code></p>\n  <p>b</p>") == "Sổ tay & x<y\nb"
    # table cells and list items never run together (was "2016/QH13Loại")
    assert searchindex.plain("<tr><td>102/2016/QH13</td><td>Loại</td></tr><li>a</li><li>b</li>") == \
        "102/2016/QH13\nLoại\na\nb"
    assert searchindex.plain(NFD("<p>điều tra</p>")) == "điều tra"


def test_sections_cut_at_headings_and_drop_noise():
    html_text = ('<html><body><nav>menu</nav><article class="md-content__inner md-typeset"><h1>T</h1><p>intro</p>'
                 '<h2 id="a">A<a class="headerlink" href="#a">¶</a></h2><p>x<sup id="fnref:1"><a>1</a></sup></p>'
                 '<h3>no id</h3><p>y</p><div data-search-exclude><div>hidden</div></div><p>z</p>'
                 '<script>var s = 1;</script></article></body></html>')
    assert searchindex.sections(html_text) == [("", "T", "intro"), ("a", "A", "x\nno id\ny\nz")]


def test_weights_title_and_document_numbers_above_body():
    tokens = searchindex.entry_tokens("Luật Trẻ em", "Trẻ em trẻ em. Nghị định 56/2017/NĐ-CP", "102/2016/QH13")
    title, docnum = searchindex.TITLE_FLAG, searchindex.DOCNUM_FLAG
    assert tokens[("tre", "tre?")] == title + 2          # in the title, twice in the body
    assert tokens[("1022016qh13", "1022016qh13")] >= title + docnum  # the page's own number ranks as its title
    assert tokens[("562017ndcp", "562017ndcp")] == docnum + 1        # a number quoted in the body does not
    assert tokens[("nd", "nđ")] == docnum + 1
    assert tokens[("nghi", "nghi.")] == 1


def test_pairs_are_adjacent_words_within_a_block():
    pairs = searchindex.pair_tokens("Xâm hại trẻ em", "mua bán người\nngười dân")
    assert pairs["xam hai"] >= searchindex.TITLE_FLAG and pairs["hai tre"] >= searchindex.TITLE_FLAG
    assert pairs["mua ban"] == 1 and pairs["ban nguoi"] == 1
    assert "nguoi nguoi" not in pairs  # never across a block boundary (cell, list item, paragraph)


def test_index_comes_from_the_content_model(tmp_path):
    site, docs = make_site(tmp_path)
    stats = searchindex.build_site_search(site, docs_dir=docs)
    assert set(stats["languages"]) == {"vi", "en"}
    assert stats["languages"]["vi"]["pages"] == 7 and stats["languages"]["en"]["pages"] == 3
    # the stock index is now a stub with the original config
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub == {"config": STOCK_CONFIG, "docs": []}
    manifest, vi_docs, texts = load(site, "vi")
    assert manifest["home"] == "" and load(site, "en")[0]["home"] == "en/"
    rows = {row[0]: row for row in vi_docs["pages"]}
    assert all(not loc.startswith("en/") for loc in rows)
    # kind and status from the front matter; editors' pages are their own kind
    assert rows["luat/"][3:5] == ["legal-update", "in-force"] and rows["cu/"][4] == "expired"
    assert rows["dashboard/"][3] == "editor" and rows["xam-hai/"][3] == "guidance"
    # a %-escaped location for a Vietnamese file name, read back from the right file
    assert "ho%C3%A0-gi%E1%BA%A3i/" in rows
    # the title is the front matter's; the document number ranks with the title
    ids = ids_of(vi_docs)
    assert vi_docs["docs"][ids[("luat/", "")]][2] == "Luật Trẻ em"
    assert lookup(site, "vi", "1022016qh13") == {"": [ids[("luat/", "")], 151]}
    # excluded blocks, menus and footnote marks are not indexed
    assert lookup(site, "vi", "an") == {} and lookup(site, "vi", "menu") == {}
    assert texts[ids[("xam-hai/", "dieu-tra")]] == "Cơ quan điều tra."
    # table cells apart in the stored text; pairs do not cross them
    assert "102/2016/QH13\nLoại văn bản\nLuật" in texts[ids[("luat/", "")]]
    assert lookup(site, "vi", "qh13 loai", "pairs") == {} and lookup(site, "vi", "mua ban", "pairs") == {}
    assert docs_of(lookup(site, "vi", "xam hai", "pairs")) == {ids[("xam-hai/", "")]}
    # the worker knows where the index is
    worker = (site / "assets" / "search" / "worker.js").read_text(encoding="utf-8")
    assert searchindex.WORKER_MARK not in worker
    assert '"root":"../../search/"' in worker and "vi/manifest.json?v=" in worker


def test_the_stub_names_the_built_engine_by_its_hash(tmp_path):
    """Pages start assets/search/boot.js; the build points it at worker.js?v=<hash of the
    built engine> and serves it without its comment, under 1 kB."""
    import hashlib
    site, docs = make_site(tmp_path)
    shutil.copy(WORKER.with_name("boot.js"), site / "assets" / "search" / "boot.js")
    stats = searchindex.build_site_search(site, docs_dir=docs)
    assert stats["workers"] == ["assets/search/worker.js", "assets/search/boot.js"]
    engine = (site / "assets" / "search" / "worker.js").read_bytes()
    boot = (site / "assets" / "search" / "boot.js").read_text(encoding="utf-8")
    assert f'var ENGINE = "worker.js?v={hashlib.sha1(engine).hexdigest()[:10]}";' in boot
    assert "@@" not in boot and not boot.startswith("/*") and len(boot.encode("utf-8")) < 1024


def test_one_contract_in_the_manifest_and_no_numbers_in_the_worker(tmp_path):
    site, docs = make_site(tmp_path)
    searchindex.build_site_search(site, docs_dir=docs)
    contract = load(site, "vi")[0]["contract"]
    assert contract["scoring"] == searchindex.SCORING and contract["thresholds"] == searchindex.THRESHOLDS
    assert contract["encoding"] == {"title": 100, "docnum": 50}
    assert "bi" in contract["stop"] and "the" in load(site, "en")[0]["contract"]["stop"]
    assert contract["status"]["labels"]["expired"] == "Hết hiệu lực toàn bộ"  # the vocabulary label (locales/vi.yml)
    assert load(site, "en")[0]["contract"]["status"]["labels"]["expired"] == "No longer in force"
    source = WORKER.read_text(encoding="utf-8")
    rank_code = source[source.index("/* ---- query"):]
    rank_code = re.sub(r"\[\d\]", "", rank_code)  # row[4]: array indexes are not weights
    for name, value in [*searchindex.SCORING.items(), *searchindex.THRESHOLDS.items()]:
        if isinstance(value, (int, float)) and value not in (0, 1, 2):
            assert not re.search(rf"(?<![\w.]){re.escape(str(value))}(?![\w.])", rank_code), (name, value)


def test_terms_folded_exact_variants_and_nfd(tmp_path):
    site, docs = make_site(tmp_path)
    searchindex.build_site_search(site, docs_dir=docs)
    manifest, vi_docs, texts = load(site, "vi")
    ids = ids_of(vi_docs)
    xam = lookup(site, "vi", "xam")
    assert set(xam) == {"xâm", ""} and docs_of(xam) == {ids[("xam-hai/", "")]}  # "" : the page id "xam-hai"
    dieu = lookup(site, "vi", "dieu")
    assert "điêu`" in dieu and ids[("xam-hai/", "dieu-tra")] in docs_of(dieu)
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
    pages = [(f"p{i}.vi.md", {"id": f"p{i}", "type": "page", "title": f"Trang {i}"},
              f"<h1>Trang {i}</h1><p>{' '.join(words[i:] + words[:i])}</p>") for i in range(12)]
    site, docs = make_site(tmp_path, pages)
    searchindex.build_site_search(site, docs_dir=docs)
    manifest, _, _ = load(site, "vi")
    keys = list(manifest["shards"])
    assert len(keys) > 3 and max(len(k) for k in keys) >= 3  # split below two letters
    for w in words + ["trang"]:
        assert len(docs_of(lookup(site, "vi", folding.fold(w)))) == 12, w
    for i in range(12):
        assert len(docs_of(lookup(site, "vi", str(i)))) == 1  # page numbers from the titles


def test_second_call_keeps_the_index(tmp_path):
    site, docs = make_site(tmp_path)
    first = searchindex.build_site_search(site, docs_dir=docs)
    second = searchindex.build_site_search(site, docs_dir=docs)
    assert second["languages"] == first["languages"]
    assert load(site, "vi")[0]["shards"]


def test_docs_dir_defaults_to_the_sibling_docs(tmp_path):
    site, docs = make_site(tmp_path)
    assert searchindex.build_site_search(site)["languages"]["vi"]["pages"] == 7


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


def reference_tokens(text: str) -> dict:
    """What the index's term weights mean, written plainly with the folding module's public
    functions: tf (at most 49) + 50 for a word of a document number (also joined)."""
    keys = lambda w: (folding.fold(w), folding.tone_key(w))  # noqa: E731
    counts: dict = {}
    for w in folding.words(text):
        counts[keys(w)] = counts.get(keys(w), 0) + 1
    docnum = {(joined, joined) for joined in folding.compounds(text)}
    docnum |= {keys(w) for span in folding.compound_spans(text) for w in folding.words(span)}
    return {key: min(counts.get(key, 1), searchindex.MAX_TF) + searchindex.DOCNUM_FLAG * (key in docnum)
            for key in [*counts, *sorted(docnum - set(counts))]}


def test_fast_paths_match_the_reference_functions():
    """The build's shortcuts (one pass per entry, shard sizes without encoding, the
    document-number regex) give exactly what the plain functions give."""
    text = "Luật Trẻ em 102/2016/QH13, Nghị định 56/2017/NĐ-CP.\nHoà giải hòa giải Mã số ma\nx.y-z/1 a_b/c"
    for t in (text, text.lower(), "", "a", "1/2/3\n\n.4", "trẻ " * 60):
        assert [m.span() for m in searchindex._COMPOUND(t)] == [m.span() for m in folding._COMPOUND.finditer(t)]
        body = searchindex.entry_index("", t)[0]
        assert body == searchindex.tokens(t) == reference_tokens(t)
        # the words' keys in the same order (a term's variants are listed by first occurrence)
        n = len({searchindex._keys(w) for w in folding.words(t)})
        assert list(body)[:n] == list(reference_tokens(t))[:n]
        assert searchindex.tokens(t, weight_title=True) == {k: w + 100 for k, w in body.items()}
    for value in ([0], [3, 101, 12, 1], {"": [5, 1]}, {"hoa`": [1, 2, 30, 151], "": [7, 1]}, {"nđ": [0, 51]}):
        assert searchindex._json_size(value) == len(searchindex._dump(value))
    assert searchindex._delta_flat([3, 1, 5, 2, 9, 100]) == [3, 1, 2, 2, 4, 100]


def test_material_indexes_no_page_of_the_real_site(site):
    """Material's pooled index is replaced by the handbook's: the build does not fill it
    (scripts/build/stock_search.py), yet its file keeps Material's config for the stub."""
    status = json.loads((site / "search" / "manifest-status.json").read_text(encoding="utf-8"))
    assert status["stock_bytes"] < 1024  # was the whole site's text (hundreds of kB)
    stub = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["lang"] == ["vi", "en"]
    assert status["languages"]["vi"]["pages"] > 20 and status["languages"]["en"]["pages"] > 20


# -- search shows only what the page shows -------------------------------------------------
TRAINER_PAGE = ("bai.vi.md", {"id": "bai", "type": "module", "title": "Bài học"},
                '<h1>Bài học</h1><p>Tình huống: cháu mười bảy tuổi đi làm xa.</p>'
                '<details class="success answer"><summary>Gợi ý đáp án</summary>'
                '<p>Cháu chưa thành niên nhưng không phải trẻ em; đápánriêng.</p>'
                '<details class="note"><p>lồngtrongđápán</p></details></details>'
                '<h2 id="ghi-chu">Ôn tập</h2><p>Câu hỏi ôn tập.</p>'
                '<details class="note instructor"><summary>Ghi chú cho giảng viên</summary>'
                '<p>ghichúgiảngviên dành cho người dạy</p></details>'
                '<div class="admonition note instructor"><p>khốigiảngviên</p></div>'
                '<div class="admonition note instructors-guide"><p>lớpkhác vẫn hiện</p></div>')


def test_instructor_notes_and_answers_are_not_in_the_public_index(tmp_path):
    """Readers' pages hide instructor notes and fold answers (trainers.css/js, the learner
    handout): their text, summary included, is in no term, pair or snippet of the index."""
    site, docs = make_site(tmp_path, [*PAGES, TRAINER_PAGE])
    searchindex.build_site_search(site, docs_dir=docs)
    _, vi_docs, texts = load(site, "vi")
    ids = ids_of(vi_docs)
    for word in ("dapanrieng", "longtrongdapan", "ghichugiangvien", "khoigiangvien", "nien", "goi", "day"):
        assert lookup(site, "vi", word) == {}, word
    assert lookup(site, "vi", "khong phai", "pairs") == {} and lookup(site, "vi", "tre em", "pairs") != {}
    assert not any("giảng viên" in t or "đáp án" in t for t in texts)
    # what the reader sees stays: the exercise, the section after the answer, a look-alike class
    assert docs_of(lookup(site, "vi", "muoi")) == {ids[("bai/", "")]}
    assert texts[ids[("bai/", "ghi-chu")]] == "Câu hỏi ôn tập.\nlớpkhác vẫn hiện"


# Old and new tone placement of the same words (oà/òa, oá/óa, oạ/ọa, oè/òe, oé/óe, uỳ/ùy, uỷ/ủy,
# uý/úy): each spelling appears on some pages, so a difference in any step would reorder them.
PLACEMENTS = [("hoà", "hòa"), ("hoá", "hóa"), ("hoạ", "họa"), ("khoẻ", "khỏe"), ("hoè", "hòe"),
              ("khoé", "khóe"), ("tuỳ", "tùy"), ("thuỷ", "thủy"), ("luỹ", "lũy"), ("uý", "úy")]
PLACEMENT_PAGES = [
    (f"p{i}.vi.md", {"id": f"p{i}", "type": "page", "title": f"Trang {i} " + PLACEMENTS[i % 10][i % 2]},
     f"<h1>Trang {i}</h1><p>" + " ".join(pair[(i + k) % 2] + (" giải" if k % 3 == 0 else "") + (" hoàn" * (k == i % 4))
                                         for k, pair in enumerate(PLACEMENTS)) + "</p>"
     + (f"<p>{PLACEMENTS[i % 10][0]} {PLACEMENTS[(i + 1) % 10][1]}</p>" * (i % 3)))
    for i in range(14)
]

RANK_JS = WORKER_IN_NODE + """
(async () => {
  const out = [];
  for (const q of queries) {
    const r = await ctx.runBest("vi", q, true);
    out.push(ctx.items(r).map(g => [g[0].location, Math.round(g[0].score * 1e6), g.slice(1).map(s => s.location)]));
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def rank_in_node(site: Path, queries: list[str]) -> list:
    """The built worker's ordered results (location, score, sections) for each query, in node."""
    return worker_in_node(site, RANK_JS, queries,
                          "node not installed; test_search_real.py compares the placements in Chromium")


def test_tone_placements_give_identical_ordered_results(tmp_path):
    """hoà/hòa and the other placements: the same pages in the same order with the same
    scores, typed alone (a prefix while typing), as a whole word, with a capital, in NFD,
    as a prefix of a longer word and in a phrase."""
    site, docs = make_site(tmp_path, [*PAGES, *PLACEMENT_PAGES])
    searchindex.build_site_search(site, docs_dir=docs)
    forms = lambda w: [w, w + " ", w.capitalize(), NFD(w), w + " giải", "trang " + w]  # noqa: E731
    queries = [q for old, new in PLACEMENTS for w in (old, new) for q in forms(w)]
    got = rank_in_node(site, queries)
    by_query = dict(zip(queries, got, strict=True))
    for old, new in PLACEMENTS:
        for a, b in zip(forms(old), forms(new), strict=True):
            assert by_query[a] and by_query[a] == by_query[b], (a, b)
