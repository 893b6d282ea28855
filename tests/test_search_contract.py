"""The worker held to the contract the index builder writes (issue 23, item 6).

scripts/search/index.py names the columns of every row type in ROW_SHAPES and the message
types in MESSAGES, and writes both into each manifest's `contract`. The worker
(overrides/assets/search/worker.js) reads rows by those names only (`row[col.page.chunk]`),
and it, the stub (boot.js) and the offline page script (offline.js) name the message types
in one `MSG` table each, equal to MESSAGES. These tests fail when a column or a message is
renamed on one side only, when a row is read by its position, and when the worker depends
on the order of the columns rather than on their names.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support.search import WORKER_IN_NODE, worker_in_node
from test_search_index import PAGES, PLACEMENT_PAGES, WORKER, load, make_site

from scripts.search import index as searchindex

ASSETS = WORKER.parent
MESSAGE_FILES = ("worker.js", "boot.js", "offline.js")  # the worker, its stub, the page script that posts to it

# A page with `search: {boost: x}` (the optional column) and a section; a synonym query below
CORPUS = [*PAGES, *PLACEMENT_PAGES,
          ("tang.vi.md", {"id": "tang", "type": "page", "title": "Trang tăng", "search": {"boost": 3}},
           '<h1>Trang tăng</h1><p>mua bán người hoà giải luật</p><h2 id="phu">Phụ lục</h2><p>điều tra trẻ em</p>')]
QUERIES = ["luật", "luat tre em", "xâm hại", "buôn bán người", "102/2016", "1022016qh13", "hoà", "hòa giải",
           "điều tra", "trẻ em", "trang", "mua ban", "hết hiệu lực", "tien do", "xyzzy luat", "ddieeuf tra",
           "phu luc", "nghị định 56", "tr"]


def worker_source() -> str:
    return WORKER.read_text(encoding="utf-8")


def columns_read(source: str) -> set[tuple[str, str]]:
    """Every (row type, column) the worker reads: it names them `col.<type>.<column>`."""
    return set(re.findall(r"\bcol\.(\w+)\.(\w+)", source))


def unknown_columns(source: str, rows: dict[str, list[str]]) -> list[str]:
    return sorted(f"{shape}.{name}" for shape, name in columns_read(source) if name not in rows.get(shape, ()))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    site, docs = make_site(tmp_path_factory.mktemp("contract"), CORPUS)
    searchindex.build_site_search(site, docs_dir=docs)
    return site


# -- the Python side: one table, in the manifest, building the rows -----------------------
def test_the_manifest_names_the_columns_and_the_messages(built):
    for lang in ("vi", "en"):
        contract = load(built, lang)[0]["contract"]
        assert contract["rows"] == {shape: list(cols) for shape, cols in searchindex.ROW_SHAPES.items()}
        assert contract["messages"] == searchindex.MESSAGES


def test_every_row_has_the_shape_the_contract_names(built):
    manifest, docs, _ = load(built, "vi")
    width = {shape: len(cols) for shape, cols in manifest["contract"]["rows"].items()}
    optional = {shape: len(cols) for shape, cols in searchindex.OPTIONAL_COLUMNS.items()}
    for shape, rows in [("page", docs["pages"]), ("doc", docs["docs"]), ("synonym", manifest["contract"]["synonyms"]),
                        ("shard", [*manifest["shards"].values(), *manifest["pairs"].values()])]:
        assert rows, shape
        assert {len(r) for r in rows} <= {width[shape] - optional.get(shape, 0), width[shape]}, shape
    col = {name: i for i, name in enumerate(manifest["contract"]["rows"]["page"])}
    boosted = [r for r in docs["pages"] if len(r) == width["page"]]
    assert [(r[col["location"]], r[col["boost"]]) for r in boosted] == [("tang/", 3.0)]
    # the optional column comes last, so a row without it keeps the others in place
    for shape, names in searchindex.OPTIONAL_COLUMNS.items():
        assert searchindex.ROW_SHAPES[shape][-len(names):] == names
    # postings are flat rows of the posting shape: the doc deltas add up to real entries
    shard = json.loads((built / "search" / "vi" / manifest["shards"]["l"][0]).read_text(encoding="utf-8"))
    stride = width["posting"]
    for variants in shard.values():
        for plist in variants.values():
            assert len(plist) % stride == 0
            assert sum(plist[0::stride]) < len(docs["docs"])


def test_a_row_is_built_from_the_table_only():
    assert searchindex.row("doc", page=1, anchor="a", title="T") == [1, "a", "T"]
    assert len(searchindex.row("page", location="x/", entry=0, chunk=0, kind="page", status="")) == 5
    for bad in ({"page": 1, "title": "T"}, {"page": 1, "anchor": "a", "title": "T", "extra": 0}):
        with pytest.raises(ValueError):
            searchindex.row("doc", **bad)
    with pytest.raises(ValueError):  # only the trailing optional column may be left off
        searchindex.row("page", location="x/", entry=0, chunk=0, kind="page", boost=2.0)


# -- the worker: by name, never by position ----------------------------------------------
def test_the_worker_reads_no_row_by_position():
    source = worker_source()
    positional = [
        r"\brow\[\d", r"\brow\.length\s*[<>=!]+\s*\d",        # a page row
        r"\.(?:pages|docs)\[[^\]\[]+\]\[\d",                  # d.pages[p][2], d.docs[doc][0]
        r"\bshards\[[^\]\[]+\]\[\d",                          # t.shards[k][0]
        r"\bsynonym\[\d", r"\bpair\[[01]\].*\bpair\[[01]\]",  # a contract synonym
        r"\bi \+= 2\b", r"\blist\[i(?: \+ \d)?\]",               # a posting list
    ]
    found = [(p, m.group(0)) for p in positional for m in re.finditer(p, source)]
    assert not found, found
    # every column is read as col.<type>.<column>: no alias to hide a name from the test below
    assert not re.search(r"\bcol\.\w+\b(?!\.\w)", source), re.search(r"\bcol\.\w+\b(?!\.\w)", source)


def test_every_column_the_worker_reads_is_in_the_contract(built):
    rows = load(built, "vi")[0]["contract"]["rows"]
    source = worker_source()
    assert not unknown_columns(source, rows)
    # and the worker reads every column the index writes (a column nobody reads is a stale one)
    assert columns_read(source) == {(s, n) for s, cols in rows.items() for n in cols}
    # renamed on one side only: the check sees it either way
    renamed = {**rows, "page": [("chunk_file" if n == "chunk" else n) for n in rows["page"]]}
    assert unknown_columns(source, renamed) == ["page.chunk"]
    assert unknown_columns(source.replace("col.doc.title", "col.doc.heading"), rows) == ["doc.heading"]


RESULTS_JS = WORKER_IN_NODE + r"""
(async () => {
  const out = [];
  for (const q of queries) {
    const r = await ctx.runBest("vi", q, true);
    out.push([q, r.decoded || null, ctx.items(r), ctx.missingWords(r)]);
  }
  process.stdout.write(JSON.stringify(out));
})();
"""


def results_in_node(site: Path) -> list:
    """Everything the worker answers for QUERIES (items: titles, snippets, scores, tags)."""
    return worker_in_node(site, RESULTS_JS, QUERIES)


def permuted(rows: dict[str, list[str]]) -> dict[str, list[int]]:
    """A new order for every row type's columns (reversed), the optional ones staying last."""
    out = {}
    for shape, names in rows.items():
        tail = len(searchindex.OPTIONAL_COLUMNS.get(shape, ()))
        head = list(range(len(names) - tail))[::-1]
        out[shape] = head + list(range(len(names) - tail, len(names)))
    return out


def reorder(row: list, order: list[int]) -> list:
    return [row[i] for i in order if i < len(row)]


def reorder_flat(plist: list[int], order: list[int]) -> list[int]:
    n = len(order)
    return [x for i in range(0, len(plist), n) for x in reorder(plist[i:i + n], order)]


def rewrite_in_other_order(site: Path, lang: str = "vi") -> None:
    """Every row of one language's index with its columns in another order, and the
    contract saying so; the file names stay (the worker takes them from the manifest)."""
    folder = site / "search" / lang
    manifest, docs, _ = load(site, lang)
    rows = manifest["contract"]["rows"]
    order = permuted(rows)
    assert all(o != list(range(len(o))) for s, o in order.items()), order
    for table in ("shards", "pairs"):
        for key, shard in manifest[table].items():
            path = folder / shard[0]
            postings = json.loads(path.read_text(encoding="utf-8"))
            postings = {t: (reorder_flat(v, order["posting"]) if isinstance(v, list)
                            else {k: reorder_flat(p, order["posting"]) for k, p in v.items()})
                        for t, v in postings.items()}
            path.write_text(json.dumps(postings, ensure_ascii=False), encoding="utf-8")
            manifest[table][key] = reorder(shard, order["shard"])
    docs = {"pages": [reorder(r, order["page"]) for r in docs["pages"]],
            "docs": [reorder(r, order["doc"]) for r in docs["docs"]]}
    (folder / manifest["docs"]).write_text(json.dumps(docs, ensure_ascii=False), encoding="utf-8")
    contract = manifest["contract"]
    contract["synonyms"] = [reorder(r, order["synonym"]) for r in contract["synonyms"]]
    contract["rows"] = {shape: reorder(names, order[shape]) for shape, names in rows.items()}
    (folder / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def test_the_worker_follows_the_names_not_the_order(built, tmp_path):
    """The same index with every row type's columns in another order (and the contract
    saying so) gives the same answers, item for item: titles, snippets, scores, tags."""
    before = results_in_node(built)
    assert any(item[0].get("tags") for _, _, items, _ in before for item in items)   # status column read
    assert any(items and items[0][0]["location"] == "tang/" for _, _, items, _ in before)  # boost read
    other = tmp_path / "site"
    shutil.copytree(built, other)
    rewrite_in_other_order(other)
    assert results_in_node(other) == before


# -- the message types: one table, the same names on every side -----------------------------
def msg_table(text: str, name: str) -> dict:
    found = re.findall(r"\bvar MSG = (\{[^{}]*\});", text)
    assert len(found) == 1, f"{name}: one `var MSG = {{...}};` table"
    return json.loads(re.sub(r"(\w+):", r'"\1":', found[0]))


@pytest.mark.parametrize("name", MESSAGE_FILES)
def test_message_types_are_named_as_python_names_them(name):
    text = (ASSETS / name).read_text(encoding="utf-8")
    table = msg_table(text, name)
    assert table == {key.upper(): value for key, value in searchindex.MESSAGES.items()}
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S).replace(re.search(r"var MSG = \{[^{}]*\};", text).group(0), "")
    # no message type written as its value outside the table
    bare = re.findall(r"\btype\s*:\s*\d|\.type\s*[!=]==?\s*(?:\d|[\"'])", code)
    values = [v for v in searchindex.MESSAGES.values() if isinstance(v, str)]
    assert not bare and not [v for v in values if v in code], name
    # every MSG.<NAME> used is in the table
    assert set(re.findall(r"\bMSG\.(\w+)", code)) <= set(table), name
