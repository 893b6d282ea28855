"""The handbook's search index: per language, accent-insensitive, in small parts.

Plain Python, no MkDocs. The build hook calls `build_site_search(site_dir, docs_dir)`
once, after static-i18n has written every language. The index comes from the
content model, not from Material's search index:

- the pages, their language, title, document number (`doc_number`), `status` and
  page `type` come from the front matter (`scripts.model.tree.load_tree(docs_dir)`);
- the text comes from each page's rendered article (`site/<url>/index.html`), cut
  into sections at headings that have an id, with table cells, list items and
  paragraphs kept apart (a block boundary is a "\\n" in the stored text, and no
  word pair is indexed across it).

It writes, per language, under `site/search/<lang>/`:
  - `manifest.json`   the contract (format, weights, thresholds, stop words, page
                      kinds, status labels, the column names of every row type
                      (ROW_SHAPES), the message types (MESSAGES)), shard tables,
                      file names, home page;
  - `docs.<hash>.json`  every page (location, kind, status) and entry (page or section);
  - `s-<key>.<hash>.json`  term shards: folded term -> spelling variants -> postings;
  - `p-<key>.<hash>.json`  pair shards: "folded1 folded2" (adjacent words) -> postings;
  - `t<n>.<hash>.json`  entry texts, a few pages per file, for result snippets;
then replaces Material's pooled index with a stub (`{"config": ..., "docs": []}`) so
the first page view downloads no page text, and tells each copy of
`assets/search/worker.js` where the index lives.

The worker (overrides/assets/search/worker.js) reads every number it ranks with from
the manifest's `contract`, and the index's rows by the column names the contract gives;
nothing is duplicated in JavaScript but the message types, which
tests/test_search_contract.py holds to MESSAGES.

Matching rules (shared with the worker's JavaScript port of scripts/model/folding.py):
- a term matches a token when their folded forms are equal ("dieu" ~ "điều");
- it is an exact match when their tone keys are equal ("hòa" = "hoà", "mã" != "ma");
- document numbers are also indexed joined and folded ("102/2016/QH13" -> "1022016qh13");
- two words next to each other in one block are indexed as a pair ("xam hai").
"""
from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, pairwise, repeat
from operator import sub
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from ..model import folding, languages, legal
from ..model.languages import label, vocabulary

FORMAT = 2
SHARD_MAX_BYTES = 24_000    # a shard above this size is split by one more letter of the term
SHARD_MAX_PREFIX = 6
CHUNK_BYTES = 12_000        # entry texts per snippet file (whole pages)
TITLE_FLAG = 100            # posting weight = tf (<= 49) + 50 if document number + 100 if title
DOCNUM_FLAG = 50
MAX_TF = 49
WORKER_MARK = "/*@@HANDBOOK_SEARCH_BUILD@@*/null"
STUB_NAME = "search_index.json"
BLOCK = "\n"                # block boundary in stored texts (cell, list item, paragraph)

# Stop words and synonyms are each language's own: its locale file's `search` (languages.stop_words,
# languages.synonyms), written into the manifest's contract for the worker.

# Page kinds: readers' content first. A kind is the page `type`; pages that serve
# the editors rather than the readers get their own kind. Front matter
# `search: {boost: x}` (Material's convention) overrides the kind's factor.
EDITOR_PAGES = ("dashboard",)
EDITOR_SECTIONS = ("contributing",)   # every page under docs/contributing/ (guide, reference, …)
KIND_FACTORS = {"legal-update": 1.0, "module": 1.0, "guidance": 1.0, "page": 0.9, "editor": 0.35}

# Legal status: among equal matches, a document in force ranks first.
STATUS_FACTORS = {"in-force": 1.0, "not-yet-in-force": 0.95, "partly-expired": 0.92, "partly-suspended": 0.92,
                  "unverified": 0.97, "suspended": 0.85, "expired": 0.85}

# Scoring: read by the worker from manifest["contract"].
SCORING = {
    "title": 10,           # a term in a title
    "docnum": 6,           # a term in a document number
    "body": 1,             # a term in the body: body + log2(1 + tf)
    "pair": 12,            # two query words next to each other, in order (body)
    "pair_title": 24,      # ... in a title
    "page_entry": 1.25,    # a match in the page entry (title, intro) over the same in a section
    "exact": 0.2,          # tie-break: the word spelled exactly as typed
    "prefix": 0.3,         # the last word matched as a prefix of a longer word
    "stem": 0.8,           # English: another ending of the same word ("receive" ~ "receiving")
    "synonym": 0.8,        # a page found through a synonym of a phrase of the query
}

# The rows of the index, by column name: one table, written into the manifest's contract
# ("rows") and read by the worker by name (worker.js reads `row[col.page.chunk]`, never
# `row[2]`). The wire stays compact (rows are arrays); a column the worker reads and this
# table lacks fails tests/test_search_contract.py. An optional column comes last and is
# left off a row that has no value for it.
ROW_SHAPES = {
    # docs.<hash>.json "pages": the page's location, its own entry (the page entry's doc id),
    # its snippet file (manifest "chunks"), kind, legal status, and `search: {boost: x}` if set
    "page": ("location", "entry", "chunk", "kind", "status", "boost"),
    # docs.<hash>.json "docs": an entry (the page itself or one of its sections)
    "doc": ("page", "anchor", "title"),
    # manifest "shards" and "pairs": key -> [file name, size in bytes]
    "shard": ("file", "bytes"),
    # a posting list, flat: [doc delta, weight, doc delta, weight, ...] (doc ids as deltas)
    "posting": ("doc", "weight"),
    # contract "synonyms": [a reader's phrase, the handbook's phrase]
    "synonym": ("phrase", "replacement"),
}
OPTIONAL_COLUMNS = {"page": ("boost",)}

# The messages between the page and the search worker (assets/search/worker.js, boot.js,
# offline.js name them in MSG, upper case): Material's worker protocol numbers its own
# (setup -> ready, query -> result); the offline bundle posts its index files.
MESSAGES = {"setup": 0, "ready": 1, "query": 2, "result": 3, "offline": "handbook-offline"}


def row(shape: str, **values) -> list:
    """One row of `shape` as the wire has it: the values in ROW_SHAPES order; an optional
    (trailing) column is left off when it has no value."""
    columns = ROW_SHAPES[shape]
    n = len(values)
    if set(values) != set(columns[:n]) or n < len(columns) - len(OPTIONAL_COLUMNS.get(shape, ())):
        raise ValueError(f"a {shape} row has the columns {list(columns)}, not {list(values)}")
    return [values[c] for c in columns[:n]]


THRESHOLDS = {
    "prefix_budget": 160_000,   # raw bytes of extra shards a prefix may pull in
    "snippet_groups": 12,       # results that get a text snippet
    "visible_sections": 4,      # sections shown under a page; the rest fold into "more"
    "snippet_chars": 220,
    "announced": 10,            # result locations posted on the channel (Material renders ten at first)
}

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]{2,}|[\t\r\f\v\u00a0]")  # runs of spaces; a single " " stays as is
_SAFE_KEY = re.compile(r"^[a-z0-9]+$")
_ARTICLE = re.compile(r'<article\b[^>]*class="md-content__inner[^"]*"[^>]*>(.*)</article>', re.S)
_DROP = re.compile(r"<(script|style|svg|object)\b.*?</\1>"
                   r'|<a\b[^>]*class="(?:headerlink|footnote-backref|md-content__button[^"]*)"[^>]*>.*?</a>'
                   r'|<sup\b[^>]*id="fnref[^"]*"[^>]*>.*?</sup>', re.S | re.I)
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.S | re.I)
_ID = re.compile(r'\bid="([^"]*)"')
_BLOCK_TAG = re.compile(r"</?(?:p|li|td|th|tr|br|div|dd|dt|dl|table|thead|tbody|caption|ul|ol|pre|blockquote|details"
                        r"|summary|section|h[1-6]|hr|figcaption|figure|nav|aside|header|footer)\b[^>]*>", re.I)
# What a reader's page does not show is not in the public index: blocks marked
# data-search-exclude (the renderers' boxes), and the trainers' blocks by their class —
# instructor notes (`??? note instructor`, hidden outside the instructor view) and exercise
# answers (`??? success answer`, folded, left out of the learner handout); the check
# [trainer-block-unmarked] (scripts/checks/training.py) makes sure such blocks carry the class.
TRAINER_CLASSES = ("instructor", "answer")
_OPEN_EXCLUDE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(?:\bdata-search-exclude\b"
                           r'|\bclass="(?:[^"]*\s)?(?:' + "|".join(TRAINER_CLASSES) + r')(?=[\s"]))[^>]*>')
_BLOCKS = re.compile(r"\s*\n[\s\n]*")
_WORDS = re.compile(r"\w+").findall  # on NFC text: folding.words without the normalisation
# folding._COMPOUND (document numbers) without its backtracking inside every word: a match
# starts at a word's start and takes whole words, so \b and possessive \w++ find the same spans.
_COMPOUND = re.compile(r"\b\w++(?=[/\-.]\w)(?:[/\-.]\w++)+").finditer
_MAYBE_COMPOUND = re.compile(r"[/\-.]\w").search  # a quick test: most texts have no document number


# -- text ----------------------------------------------------------------------------
def plain(markup: str) -> str:
    """HTML as plain NFC text: blocks (cells, list items, paragraphs) on their own lines."""
    text = _BLOCK_TAG.sub("\n", markup or "")
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _SPACE.sub(" ", text.replace("\u200b", ""))
    return folding.nfc(_BLOCKS.sub(BLOCK, text).strip())


def _drop_excluded(markup: str) -> str:
    """Remove elements marked data-search-exclude and the trainers' blocks (TRAINER_CLASSES),
    nesting of the same tag respected."""
    while True:
        m = _OPEN_EXCLUDE.search(markup)
        if not m:
            return markup
        tag = m.group(1)
        pattern = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
        depth, end = 1, len(markup)
        for t in pattern.finditer(markup, m.end()):
            depth += -1 if t.group(1) else 1
            if depth == 0:
                end = t.end()
                break
        markup = markup[:m.start()] + markup[end:]


def sections(page_html: str) -> list[tuple[str, str, str]]:
    """The rendered article as [(anchor, heading, text)]: the page entry first ("" anchor)."""
    m = _ARTICLE.search(page_html)
    body = m.group(1) if m else page_html
    body = _drop_excluded(_DROP.sub("", body))
    out: list[list[str]] = [["", "", ""]]
    pos = 0
    for h in _HEADING.finditer(body):
        ident = _ID.search(h.group(2))
        level = h.group(1)
        if level == "1" or not ident:
            if level == "1" and not out[-1][1]:
                out[-1][2] += body[pos:h.start()]
                out[-1][1] = h.group(3)
                pos = h.end()
            continue
        out[-1][2] += body[pos:h.start()]
        out.append([ident.group(1), h.group(3), ""])
        pos = h.end()
    out[-1][2] += body[pos:]
    return [(a, plain(t).replace(BLOCK, " "), plain(x)) for a, t, x in out]


# A term is at most this many characters of its word (the worker cuts a query's words the same
# way, worker.js MAX_TERM): no real word comes close, and a 200,000-letter "word" costs no more.
MAX_TERM = 64


@lru_cache(maxsize=200_000)
def _keys(word: str) -> tuple[str, str]:
    """(folded, tone_key) of a word; cached: a corpus repeats a small vocabulary."""
    word = word[:MAX_TERM]
    return folding.fold(word), folding.tone_key(word)


@lru_cache(maxsize=200_000)
def _folded(word: str) -> str:
    return _keys(word)[0]


def tokens(text: str, weight_title: bool = False) -> dict[tuple[str, str], int]:
    """(folded, tone_key) -> posting weight for one field of one entry (an NFC text: plain(),
    front matter): tf up to 49, + 50 when part of a document number, + 100 in a title."""
    out = _body_tokens(text, [_WORDS(text)])
    return {key: weight + TITLE_FLAG for key, weight in out.items()} if weight_title else out


def _body_tokens(text: str, blocks: list[list[str]]) -> dict[tuple[str, str], int]:
    """`tokens(text)` from the words of its blocks, already split (the index build splits each
    text once, for words and for word pairs)."""
    counts = Counter(map(_keys, chain.from_iterable(blocks)))  # in order of first occurrence
    if counts and max(counts.values()) > MAX_TF:
        out = {key: (tf if tf < MAX_TF else MAX_TF) for key, tf in counts.items()}
    else:
        out = dict(counts)
    for m in (_COMPOUND(text) if _MAYBE_COMPOUND(text) else ()):  # document numbers ("102/2016/QH13")
        span = m.group(0)
        joined = "".join(_WORDS(folding.fold(span)))[:MAX_TERM]
        for key in ((joined, joined), *(_keys(w) for w in folding.words(span))):
            weight = out.get(key)
            if weight is None:
                out[key] = 1 + DOCNUM_FLAG
            elif weight < DOCNUM_FLAG:
                out[key] = weight + DOCNUM_FLAG
    return out


def entry_index(title: str, text: str, number: str = "", keywords: str = "",
                ) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """`entry_tokens(...)` and `pair_tokens(title, text)` of one entry, splitting and folding its
    text once: the index build's path (the two functions below are its halves)."""
    blocks = [_WORDS(block) for block in text.split(BLOCK)]
    body = _body_tokens(text, blocks)
    for w in folding.words(keywords):
        key = _keys(w)
        b = body.get(key, 0)
        body[key] = b if b % TITLE_FLAG >= DOCNUM_FLAG else b + DOCNUM_FLAG + (0 if b else 1)
    heading = tokens(f"{title} {number}".strip(), weight_title=True)
    for key, weight in heading.items():
        b = body.get(key, 0)
        tf = (b % DOCNUM_FLAG) or (weight % DOCNUM_FLAG)
        docnum = DOCNUM_FLAG if (b % TITLE_FLAG) >= DOCNUM_FLAG or (weight % TITLE_FLAG) >= DOCNUM_FLAG else 0
        body[key] = TITLE_FLAG + docnum + tf

    # pairs: adjacent folded words, never across a block boundary (cell, list item, paragraph)
    counts: Counter = Counter()
    for words in blocks:
        if len(words) > 1:
            folded = list(map(_folded, words))
            counts.update(map(" ".join, pairwise(folded)))
    if counts and max(counts.values()) > MAX_TF:
        pairs = {key: (n if n < MAX_TF else MAX_TF) for key, n in counts.items()}
    else:
        pairs = dict(counts)
    prev = None
    for w in folding.words(title):
        f = _keys(w)[0]
        if prev is not None:
            pair = f"{prev} {f}"
            pairs[pair] = TITLE_FLAG + (pairs.get(pair, 0) or 1)
        prev = f
    return body, pairs


def entry_tokens(title: str, text: str, number: str = "", keywords: str = "") -> dict[tuple[str, str], int]:
    """Tokens of one entry: weight = tf + 50 if part of a document number + 100 if in the title.

    `number` is the page's own document number (front matter `doc_number`): it ranks
    like the title. A number merely quoted in a body ranks as a document number only.
    `keywords` (the page id's words) rank like a document number.
    """
    return entry_index(title, text, number, keywords)[0]


def pair_tokens(title: str, text: str) -> dict[str, int]:
    """Adjacent folded word pairs ("xam hai") of one entry -> weight (tf + 100 if in the title).

    Pairs never cross a block boundary (table cell, list item, paragraph).
    """
    return entry_index(title, text)[1]


# -- the pages of one language ------------------------------------------------------
@dataclass
class IndexPage:
    location: str           # URL path relative to the site root, %-escaped ("legal/luat-tre-em-2016/")
    title: str
    lang: str
    kind: str = "page"
    status: str = ""
    doc_number: str = ""
    keywords: str = ""      # the page id's words ("blhs-dieu-150-151"): abbreviations readers type
    boost: float | None = None
    entries: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, title, text)


def _page_file(site_dir: Path, location: str) -> Path:
    path = unquote(location.split("#", 1)[0])
    if path == "" or path.endswith("/"):
        return site_dir / path / "index.html"
    return site_dir / path


def _kind(page) -> str:
    if page.get("id") in EDITOR_PAGES or page.stem.split("/", 1)[0] in EDITOR_SECTIONS:
        return "editor"
    kind = page.get("type") or "page"
    return kind if kind in KIND_FACTORS else "page"


def _boost(page) -> float | None:
    search = page.get("search")
    if isinstance(search, dict) and isinstance(search.get("boost"), (int, float)):
        return float(search["boost"])
    return None


def collect_pages(site_dir: Path, docs_dir: Path) -> dict[str, list[IndexPage]]:
    """Every built page of the tree, grouped by language, with its front matter and sections."""
    from ..model.tree import load_tree  # the content model: front matter of every page

    tree = load_tree(docs_dir)
    groups: dict[str, list[IndexPage]] = defaultdict(list)
    for page in tree.pages:
        if not page.lang or not page.stem or page.error is not None:
            continue
        location = page.url_path
        path = _page_file(site_dir, location)
        if not path.exists():
            alt = site_dir / (location.rstrip("/") + ".html")
            if not alt.exists():
                continue
            path, location = alt, location.rstrip("/") + ".html"
        parts = sections(path.read_text(encoding="utf-8", errors="replace"))
        title = folding.nfc(str(page.get("title") or parts[0][1] or location))
        # the status the page shows on the build date: computed from dates and relations
        status = (legal.status(tree, page).key or "") if page.get("type") == "legal-update" else ""
        groups[page.lang].append(IndexPage(
            location=quote(location, safe="/"), title=title, lang=page.lang, kind=_kind(page),
            status=str(status),
            doc_number=folding.nfc(str(page.get("doc_number") or "")), boost=_boost(page),
            # ids are Vietnamese slugs: keywords for the Vietnamese pages only
            keywords=str(page.get("id") or "").replace("-", " ") if page.lang == languages.DEFAULT_LANGUAGE else "",
            entries=[("", title, parts[0][2])] + [p for p in parts[1:] if p[1] or p[2]],
        ))
    return dict(groups)


def home_of(lang: str, pages: list[IndexPage]) -> str:
    prefix = f"{lang}/"
    locs = [p.location for p in pages]
    return prefix if locs and all(loc.startswith(prefix) for loc in locs) else ""


# -- one language ----------------------------------------------------------------------
def _digest(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()[:10]


_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend  # runs an iterator to its end


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dump(obj) -> bytes:
    return _ENCODER.encode(obj).encode("utf-8")


def _file_key(key: str) -> str:
    return key if _SAFE_KEY.match(key) else "x" + key.encode("utf-8").hex()


def _ints_size(values: list[int]) -> int:
    """len(_dump(values)) for a list of ints, without encoding it: str() puts ", " between items."""
    return len(str(values)) - len(values) + 1 if values else 2


def _json_size(value) -> int:
    """len(_dump(value)) of a posting value: a list of ints, or tone key -> list of ints.
    Exact: the keys are words (\\w) and tone marks, which JSON never escapes."""
    if isinstance(value, list):
        return _ints_size(value)
    if isinstance(value, dict):
        return 1 + sum(len(k.encode("utf-8")) + 4 + _ints_size(v) for k, v in value.items()) if value else 2
    return len(_dump(value))


def shard_terms(postings: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Partition terms into shards by prefix; a large shard is split by one more letter.

    Terms no longer than the prefix, and terms of small child groups, stay in the
    parent shard; the worker looks a term up in the shard with the longest key that
    is a prefix of it.
    """
    if set(map(type, postings.values())) == {list}:  # pairs: _json_size inlined
        sizes = {t: len(str(v)) - len(v) + len(t) + 5 for t, v in postings.items()}
    else:
        sizes = {t: _json_size(v) + len(t) + 4 for t, v in postings.items()}

    def size(terms: list[str]) -> int:
        return sum(map(sizes.__getitem__, terms))

    def split(terms: list[str], length: int, key: str, out: dict):
        if size(terms) <= SHARD_MAX_BYTES or length >= SHARD_MAX_PREFIX:
            out[key] = terms
            return
        children: dict[str, list[str]] = defaultdict(list)
        stay: list[str] = []
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


def _delta_flat(flat: list[int]) -> list[int]:
    """[doc, weight, doc, weight, ...] -> [doc - previous doc, weight, ...] (the first doc as is), in place."""
    if len(flat) > 2:
        flat[2::2] = map(sub, flat[2::2], flat[:-2:2])
    return flat


def contract(lang: str) -> dict:
    """Everything the worker ranks with, and the names of the rows' columns and of the
    messages: one source of truth, written into the manifest."""
    return {
        "encoding": {"title": TITLE_FLAG, "docnum": DOCNUM_FLAG},
        "scoring": SCORING,
        "thresholds": THRESHOLDS,
        "stop": languages.stop_words(lang),
        "synonyms": [row("synonym", phrase=a, replacement=b) for a, b in languages.synonyms(lang)],
        "stem": bool(languages.language(lang).search.get("stem")),
        "kinds": KIND_FACTORS,
        "status": {"factors": STATUS_FACTORS, "labels": {key: label("status", key, lang) for key in vocabulary("status")}},
        "rows": {shape: list(columns) for shape, columns in ROW_SHAPES.items()},
        "messages": MESSAGES,
    }


def build_language(lang: str, pages: list[IndexPage], out_dir: Path, home: str) -> dict:
    """Write one language's index under out_dir; return its stats."""
    docs: list[list[Any]] = []
    chunks: list[list[str]] = [[]]
    page_rows: list[list[Any]] = []
    chunk_size = 0
    # postings as flat lists [doc, weight, doc, weight, ...] (no tuple per posting for the collector to walk)
    raw: dict[tuple[str, str], list[int]] = defaultdict(list)  # (folded, tone key) -> postings
    pairs: dict[str, list[int]] = defaultdict(list)
    for p_index, page in enumerate(pages):
        if chunks[-1] and chunk_size >= CHUNK_BYTES:
            chunks.append([])
            chunk_size = 0
        boost = page.boost if page.boost is not None else KIND_FACTORS.get(page.kind, 1.0)
        optional = {"boost": boost} if page.boost is not None else {}
        page_rows.append(row("page", location=page.location, entry=len(docs), chunk=len(chunks) - 1,
                             kind=page.kind, status=page.status, **optional))
        for i, (anchor, title, text) in enumerate(page.entries):
            doc_id = len(docs)
            docs.append(row("doc", page=p_index, anchor=anchor, title=title))
            chunks[-1].append(text)
            chunk_size += len(text.encode("utf-8"))
            number, keywords = (page.doc_number, page.keywords) if i == 0 else ("", "")
            terms, entry_pairs = entry_index(title, text, number, keywords)
            # raw[key] += (doc_id, weight) for every key, in C (a million postings on 1,000 pages);
            # in the order of ROW_SHAPES["posting"] (doc, weight), as _delta_flat reads them
            _consume(map(list.extend, map(raw.__getitem__, terms), zip(repeat(doc_id), terms.values())))
            _consume(map(list.extend, map(pairs.__getitem__, entry_pairs), zip(repeat(doc_id), entry_pairs.values())))

    # postings: folded term -> tone key ("" when the same as the term) -> [doc delta, weight, ...]
    # (variants in order of first occurrence)
    postings: dict[str, dict[str, list[int]]] = {}
    for (folded, key), plist in raw.items():
        variants = postings.get(folded)
        if variants is None:
            variants = postings[folded] = {}
        variants["" if key == folded else key] = _delta_flat(plist)
    pair_postings = {pair: _delta_flat(plist) for pair, plist in pairs.items()}

    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    written = 0

    def write(stem: str, obj) -> tuple[str, int]:
        nonlocal written
        data = _dump(obj)
        name = f"{stem}.{_digest(data)}.json"
        (out_dir / name).write_bytes(data)
        written += len(data)
        return name, len(data)

    def shard(stem: str, content) -> list:
        name, size = write(stem, content)
        return row("shard", file=name, bytes=size)

    shards = {key: shard(f"s-{_file_key(key)}", content) for key, content in shard_terms(postings).items()}
    pair_shards = {key: shard(f"p-{_file_key(key)}", content) for key, content in shard_terms(pair_postings).items()}
    chunk_files = [write(f"t{i}", texts)[0] for i, texts in enumerate(chunks)]
    docs_file = write("docs", {"pages": page_rows, "docs": docs})[0]
    manifest = {
        "format": FORMAT,
        "lang": lang,
        "home": home,
        "contract": contract(lang),
        "docs": docs_file,
        "chunks": chunk_files,
        "shards": shards,
        "pairs": pair_shards,
    }
    data = _dump(manifest)
    (out_dir / "manifest.json").write_bytes(data)
    written += len(data)
    return {
        "pages": len(pages),
        "entries": len(docs),
        "terms": len(postings),
        "pairs": len(pair_postings),
        "shards": len(shards) + len(pair_shards),
        "chunks": len(chunk_files),
        "bytes": written,
        "manifest": _digest(data),
    }


# -- the whole site --------------------------------------------------------------------
def _patch_workers(site_dir: Path, search_dir: Path, manifests: dict[str, str]) -> list[str]:
    """Tell each worker.js where the index is; then point the stub next to it (boot.js,
    what pages start) at that engine with its hash (`worker.js?v=<hash>`), so a redeploy
    never runs a cached engine against a new index, and drop the stub's leading comment
    from the served copy (it stays well under 1 kB)."""
    engine_mark = '/*@@HANDBOOK_SEARCH_ENGINE@@*/"worker.js"'
    patched = []
    for worker in site_dir.rglob("assets/search/worker.js"):
        rel = Path(*[".."] * len(worker.parent.relative_to(site_dir).parts)) / search_dir.relative_to(site_dir)
        build = {"root": rel.as_posix() + "/", "manifests": manifests}
        text = worker.read_text(encoding="utf-8")
        if WORKER_MARK in text:
            text = text.replace(WORKER_MARK, json.dumps(build, separators=(",", ":")))
            worker.write_text(text, encoding="utf-8")
            patched.append(worker.relative_to(site_dir).as_posix())
        stub = worker.with_name("boot.js")
        stub_text = stub.read_text(encoding="utf-8") if stub.exists() else ""
        if engine_mark in stub_text:
            engine = f"{worker.name}?v={_digest(text.encode('utf-8'))}"
            stub_text = re.sub(r"\A/\*.*?\*/\s*", "", stub_text, flags=re.S)
            stub.write_text(stub_text.replace(engine_mark, json.dumps(engine)), encoding="utf-8")
            patched.append(stub.relative_to(site_dir).as_posix())
    return patched


def find_docs_dir(site_dir: Path) -> Path | None:
    """Where the Markdown is when the caller did not say: `docs/` next to the site, or in
    the working directory (mkdocs runs from the config's folder)."""
    best, best_hits = None, 0
    for candidate in (Path.cwd() / "docs", site_dir.parent / "docs"):
        if not candidate.is_dir():
            continue
        sample = sorted(candidate.rglob("*.md"))[:50]
        hits = 0
        for md in sample:  # a docs/ that built this site has its pages there
            rel = md.relative_to(candidate).as_posix()
            stem = re.sub(r"(\.[a-z]{2})?\.md$", "", rel)
            stem = stem[:-len("index")] if stem.endswith("index") else stem + "/"
            lang = re.search(r"\.([a-z]{2})\.md$", rel)
            prefix = f"{lang.group(1)}/" if lang and lang.group(1) != languages.DEFAULT_LANGUAGE else ""
            hits += _page_file(site_dir, prefix + stem).exists()
        if hits > best_hits:
            best, best_hits = candidate, hits
    return best


def build_site_search(site_dir: Path, docs_dir: Path | None = None) -> dict:
    """Replace the stock pooled search index in site_dir with per-language shards.

    `docs_dir` is the Markdown the site was built from (MkDocs' `config.docs_dir`);
    without it, `docs/` next to site_dir (or in the working directory) is used.
    Returns stats per language. Safe to call twice: a stub index is left alone.
    """
    site_dir = Path(site_dir)
    search_dir = site_dir / "search"
    stock_file = search_dir / STUB_NAME
    if not stock_file.exists():
        return {"skipped": f"no {stock_file}"}
    stock = json.loads(stock_file.read_text(encoding="utf-8"))
    if not stock.get("docs") and (search_dir / "manifest-status.json").exists():
        return json.loads((search_dir / "manifest-status.json").read_text(encoding="utf-8"))
    docs_dir = Path(docs_dir) if docs_dir is not None else find_docs_dir(site_dir)
    if docs_dir is None:
        return {"skipped": f"no docs directory for {site_dir}"}

    groups = collect_pages(site_dir, docs_dir)
    stats: dict = {"languages": {}}
    manifests = {}
    for lang, pages in sorted(groups.items()):
        lang_stats = build_language(lang, pages, search_dir / lang, home_of(lang, pages))
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
