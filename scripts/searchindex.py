"""The handbook's search index: per language, accent-insensitive, in small parts.

Plain Python, no MkDocs. The build hook calls `build_site_search(site_dir)` once,
after static-i18n has written every language and the stock search index
(`site/search/search_index.json`, all languages pooled). This module

1. reads that stock index (Material's entries: one per page and one per section),
2. splits it by language (the `<html lang>` of each built page),
3. writes, per language, under `site/search/<lang>/`:
   - `manifest.json`   shard table, file names, the language's home page;
   - `docs.<hash>.json`  location and title of every entry (page or section);
   - `s-<key>.<hash>.json`  term shards: folded term -> spelling variants -> postings;
   - `t<n>.<hash>.json`  entry texts, a few pages per file, for result snippets;
4. replaces the stock index with a stub (`{"config": ..., "docs": []}`) so the
   first page view no longer downloads every page's text, and
5. tells each copy of `assets/search/worker.js` where the index lives.

The worker (overrides/assets/search/worker.js) downloads the manifest and only the
shards a query needs, on the first query. Shards are keyed by the first letters of
the folded term: one letter, more where a shard would be large (a term lives in the
shard with the longest key that is a prefix of it).

Matching rules (shared with the worker's JavaScript port of scripts/folding.py):
- a term matches a token when their folded forms are equal ("dieu" ~ "điều");
- it is an exact match when their tone keys are equal ("hòa" = "hoà", "mã" != "ma");
- document numbers are also indexed joined and folded ("102/2016/QH13" -> "1022016qh13").
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .model import folding

FORMAT = 1
SHARD_MAX_BYTES = 24_000    # a shard above this size is split by one more letter of the term
SHARD_MAX_PREFIX = 6
CHUNK_BYTES = 12_000        # entry texts per snippet file (whole pages)
TITLE_WEIGHT = 100          # posting weight = tf (<= 49) + 50 if document number + 100 if title
DOCNUM_WEIGHT = 50
MAX_TF = 49
WORKER_MARK = "/*@@HANDBOOK_SEARCH_BUILD@@*/null"
STUB_NAME = "search_index.json"

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"", re.I)
_SAFE_KEY = re.compile(r"^[a-z0-9]+$")
_DOC_NUMBER = re.compile(r'\bdata-doc-number="([^"]+)"')


# -- text ----------------------------------------------------------------------------
def plain(markup: str) -> str:
    """Material's entry text (HTML) as plain NFC text with single spaces."""
    text = _TAG.sub(" ", markup or "")
    text = html.unescape(text)
    return folding.nfc(_SPACE.sub(" ", text).strip())


@lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[str, str]:
    """(folded, tone_key) of a word; cached: a corpus repeats a small vocabulary."""
    return folding.fold(word), folding.tone_key(word)


def tokens(text: str, weight_title: bool = False) -> dict[tuple[str, str], int]:
    """(folded, tone_key) -> posting weight for one field of one entry."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    docnum: set[tuple[str, str]] = set()
    for span, joined in zip(folding.compound_spans(text), folding.compounds(text)):
        docnum.add((joined, joined))
        for w in folding.words(span):
            docnum.add(_keys(w))
    for w in folding.words(text):
        counts[_keys(w)] += 1
    for key in docnum:
        counts.setdefault(key, 1)
    out = {}
    for key, tf in counts.items():
        weight = min(tf, MAX_TF)
        if key in docnum:
            weight += DOCNUM_WEIGHT
        if weight_title:
            weight += TITLE_WEIGHT
        out[key] = weight
    return out


def entry_tokens(title: str, text: str) -> dict[tuple[str, str], int]:
    """Tokens of one entry: weight = tf + 50 if part of a document number + 100 if in the title."""
    body = tokens(text)
    for key, weight in tokens(title, weight_title=True).items():
        b = body.get(key, 0)
        tf = (b % DOCNUM_WEIGHT) or (weight % DOCNUM_WEIGHT)
        docnum = DOCNUM_WEIGHT if (b % TITLE_WEIGHT) >= DOCNUM_WEIGHT or (weight % TITLE_WEIGHT) >= DOCNUM_WEIGHT else 0
        body[key] = TITLE_WEIGHT + docnum + tf
    return body


# -- language of each entry ---------------------------------------------------------
def _page_file(site_dir: Path, location: str) -> Path:
    path = location.split("#", 1)[0]
    if path == "" or path.endswith("/"):
        return site_dir / path / "index.html"
    return site_dir / path


def _html_lang(path: Path) -> str | None:
    try:
        with path.open("r", encoding="utf-8", errors="replace") as f:
            head = f.read(4096)
    except OSError:
        return None
    m = _HTML_LANG.search(head)
    return m.group(1).split("-")[0].lower() if m else None


def assign_languages(site_dir: Path, entries: list[dict], default: str | None = None) -> dict[str, list[dict]]:
    """Group entries by the language of the page they belong to."""
    cache: dict[str, str | None] = {}
    found = []
    for e in entries:
        page = e["location"].split("#", 1)[0]
        if page not in cache:
            cache[page] = _html_lang(_page_file(site_dir, page))
        found.append(cache[page])
    langs = {lang for lang in found if lang}
    if default is None:
        root_langs = [lang for e, lang in zip(entries, found)
                      if lang and not any(e["location"].startswith(f"{x}/") for x in langs)]
        default = max(set(root_langs), key=root_langs.count) if root_langs else "vi"
    groups: dict[str, list[dict]] = defaultdict(list)
    for e, lang in zip(entries, found):
        if not lang:
            first = e["location"].split("/", 1)[0]
            lang = first if first in langs and "/" in e["location"] else default
        groups[lang].append(e)
    return dict(groups)


def page_keywords(site_dir: Path, entries: list[dict]) -> dict[str, str]:
    """Document numbers of legal pages (render.py marks them), to rank like the title.

    A number quoted in another page's body ("example: 102/2016/QH13") must not
    outrank the page of that document.
    """
    out = {}
    for page_loc in {e["location"].split("#", 1)[0] for e in entries}:
        try:
            text = _page_file(site_dir, page_loc).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        numbers = {html.unescape(m) for m in _DOC_NUMBER.findall(text) if m}
        if numbers:
            out[page_loc] = " ".join(sorted(numbers))
    return out


def home_of(lang: str, entries: list[dict]) -> str:
    prefix = f"{lang}/"
    locs = [e["location"] for e in entries]
    return prefix if locs and all(loc.startswith(prefix) for loc in locs) else ""


# -- one language ----------------------------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:10]


def _dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _file_key(key: str) -> str:
    return key if _SAFE_KEY.match(key) else "x" + key.encode("utf-8").hex()


def shard_terms(postings: dict[str, dict[str, list[int]]]) -> dict[str, dict]:
    """Partition terms into shards by prefix; a large shard is split by one more letter.

    Terms no longer than the prefix, and terms of small child groups, stay in the
    parent shard; the worker looks a term up in the shard with the longest key that
    is a prefix of it.
    """
    sizes = {t: len(_dump(v)) + len(t) + 4 for t, v in postings.items()}

    def size(terms: list[str]) -> int:
        return sum(sizes[t] for t in terms)

    def split(terms: list[str], length: int, key: str, out: dict):
        if size(terms) <= SHARD_MAX_BYTES or length >= SHARD_MAX_PREFIX:
            out[key] = terms
            return
        children: dict[str, list[str]] = defaultdict(list)
        stay = []
        for t in terms:
            (stay if len(t) <= length else children[t[: length + 1]]).append(t)
        stay_size = size(stay)
        for ckey, cterms in sorted(children.items(), key=lambda kv: (size(kv[1]), kv[0])):
            csize = size(cterms)
            if stay_size + csize <= SHARD_MAX_BYTES:
                stay.extend(cterms)  # small groups share the parent's file
                stay_size += csize
            else:
                split(cterms, length + 1, ckey, out)
        if stay:
            out[key] = stay

    groups: dict[str, list[str]] = defaultdict(list)
    for t in postings:
        groups[t[:1]].append(t)
    out: dict[str, list[str]] = {}
    for key, terms in sorted(groups.items()):
        split(sorted(terms), 1, key, out)
    return {key: {t: postings[t] for t in sorted(terms)} for key, terms in out.items()}


def build_language(lang: str, entries: list[dict], out_dir: Path, home: str,
                   keywords: dict[str, str] | None = None) -> dict:
    """Write one language's index under out_dir; return its stats."""
    # pages in index order, each with its entries (page entry first)
    pages: list[dict] = []
    by_page: dict[str, dict] = {}
    seen: set[str] = set()
    for e in entries:
        loc = e["location"]
        if loc in seen:
            continue
        seen.add(loc)
        page_loc, _, anchor = loc.partition("#")
        page = by_page.get(page_loc)
        if page is None:
            page = by_page[page_loc] = {"location": page_loc, "entries": []}
            pages.append(page)
        item = {"anchor": anchor, "title": plain(e.get("title", "")), "text": plain(e.get("text", ""))}
        if "#" not in loc:
            page["entries"].insert(0, item)
        else:
            page["entries"].append(item)
    for page in pages:
        if page["entries"][0]["anchor"]:  # sections without their page entry
            page["entries"].insert(0, {"anchor": "", "title": page["entries"][0]["title"], "text": ""})
        head, rest = page["entries"][0], []
        for item in page["entries"][1:]:
            if item["title"] == head["title"]:  # the page's own H1 after a notice: one entry
                head["text"] = f"{head['text']} {item['text']}".strip()
            else:
                rest.append(item)
        page["entries"][1:] = rest

    # entry ids, texts in chunks of whole pages
    docs, chunks, page_rows = [], [[]], []
    chunk_size = 0
    for p_index, page in enumerate(pages):
        if chunks[-1] and chunk_size >= CHUNK_BYTES:
            chunks.append([])
            chunk_size = 0
        page_rows.append([page["location"], len(docs), len(chunks) - 1])
        for item in page["entries"]:
            docs.append([p_index, item["anchor"], item["title"]])
            chunks[-1].append(item["text"])
            chunk_size += len(item["text"].encode("utf-8"))

    # postings: folded term -> tone key -> [doc, weight, ...] (doc ids delta-encoded)
    raw: dict[str, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    doc_id = 0
    keywords = keywords or {}
    for page in pages:
        for item in page["entries"]:
            title = item["title"]
            if not item["anchor"] and page["location"] in keywords:
                title = f"{title} {keywords[page['location']]}"
            for (folded, key), weight in entry_tokens(title, item["text"]).items():
                raw[folded][key].append((doc_id, weight))
            doc_id += 1
    postings: dict[str, dict[str, list[int]]] = {}
    for folded, variants in raw.items():
        postings[folded] = {}
        for key, plist in variants.items():
            flat, last = [], 0
            for d, w in plist:
                flat.extend((d - last, w))
                last = d
            postings[folded]["" if key == folded else key] = flat

    # write
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    written = 0

    def write(stem: str, obj) -> str:
        nonlocal written
        data = _dump(obj)
        name = f"{stem}.{_digest(data)}.json"
        (out_dir / name).write_bytes(data)
        written += len(data)
        return name

    shards = {}
    for key, content in shard_terms(postings).items():
        name = write(f"s-{_file_key(key)}", content)
        shards[key] = [name, (out_dir / name).stat().st_size]
    chunk_files = [write(f"t{i}", texts) for i, texts in enumerate(chunks)]
    docs_file = write("docs", {"pages": page_rows, "docs": docs})
    manifest = {
        "format": FORMAT,
        "lang": lang,
        "home": home,
        "weights": {"title": TITLE_WEIGHT, "docnum": DOCNUM_WEIGHT},
        "docs": docs_file,
        "chunks": chunk_files,
        "shards": shards,
    }
    data = _dump(manifest)
    (out_dir / "manifest.json").write_bytes(data)
    written += len(data)
    return {
        "pages": len(pages),
        "entries": len(docs),
        "terms": len(postings),
        "shards": len(shards),
        "chunks": len(chunk_files),
        "bytes": written,
        "manifest": _digest(data),
    }


# -- the whole site --------------------------------------------------------------------
def _patch_workers(site_dir: Path, search_dir: Path, manifests: dict[str, str]) -> list[str]:
    patched = []
    for worker in site_dir.rglob("assets/search/worker.js"):
        rel = Path(*[".."] * len(worker.parent.relative_to(site_dir).parts)) / search_dir.relative_to(site_dir)
        build = {"root": rel.as_posix() + "/", "manifests": manifests}
        text = worker.read_text(encoding="utf-8")
        if WORKER_MARK in text:
            worker.write_text(text.replace(WORKER_MARK, json.dumps(build, separators=(",", ":"))), encoding="utf-8")
            patched.append(worker.relative_to(site_dir).as_posix())
    return patched


def build_site_search(site_dir: Path) -> dict:
    """Replace the stock pooled search index in site_dir with per-language shards.

    Returns stats per language. Safe to call twice: a stub index is left alone.
    """
    site_dir = Path(site_dir)
    search_dir = site_dir / "search"
    stock_file = search_dir / STUB_NAME
    if not stock_file.exists():
        return {"skipped": f"no {stock_file}"}
    stock = json.loads(stock_file.read_text(encoding="utf-8"))
    entries = stock.get("docs") or []
    if not entries and (search_dir / "manifest-status.json").exists():
        return json.loads((search_dir / "manifest-status.json").read_text(encoding="utf-8"))

    groups = assign_languages(site_dir, entries)
    stats: dict = {"languages": {}}
    manifests = {}
    for lang, lang_entries in sorted(groups.items()):
        lang_stats = build_language(lang, lang_entries, search_dir / lang, home_of(lang, lang_entries),
                                    keywords=page_keywords(site_dir, lang_entries))
        stats["languages"][lang] = lang_stats
        manifests[lang] = f"{lang}/manifest.json?v={lang_stats['manifest']}"

    stub = _dump({"config": stock.get("config", {}), "docs": []})
    stats["stock_bytes"] = stock_file.stat().st_size
    for copy in [stock_file, *site_dir.glob(f"*/search/{STUB_NAME}")]:
        copy.write_bytes(stub)
    stats["stub_bytes"] = len(stub)
    stats["workers"] = _patch_workers(site_dir, search_dir, manifests)
    (search_dir / "manifest-status.json").write_bytes(_dump(stats))
    return stats
