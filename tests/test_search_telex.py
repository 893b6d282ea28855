"""scripts/search/telex.py: Telex and VNI typed with the input method off, read back as
Vietnamese; and the worker's JavaScript port agreeing with it (node)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support.search import ROOT

from scripts.model import folding
from scripts.search import telex

WORKER = ROOT / "overrides" / "assets" / "search" / "worker.js"

DECODED = [
    ("xaam haij tre em", "xâm hại tre em"),
    ("dduwowngf daay noong", "đường dây nông"),
    ("xa6m ha5i", "xâm hại"),
    ("xa6m ha5i tre3 em", "xâm hại trẻ em"),
    ("d9u7o7ng2 da6y", "đường dây"),
    ("mua bans nguwowif", "mua bán người"),
    ("nguoiwf", "người"),
    ("luaatj trer em", "luật trẻ em"),
    ("ddieeuf 151", "điều 151"),
    ("toos giacs", "tố giác"),
    ("tieeps nhaanj", "tiếp nhận"),
    ("buoon bans", "buôn bán"),
    ("hoawcj", "hoặc"),
    ("thuyr", "thuỷ"),
    ("khoer", "khoẻ"),
    ("giaos ducj", "giáo dục"),
    ("gif", "gì"),
    ("tw", "tư"),
    ("nhwng", "nhưng"),
    ("quyeets", "quyết"),
    ("XAAM HAIJ", "xâm hại"),
]
# never decoded: English words, numbers, document numbers, plain Vietnamese without marks
UNCHANGED = ["class", "issue", "2016", "trafficking", "children", "report", "102/2016/QH13", "law",
             "xam hai tre em", "dieu 151", "mua ban nguoi", "hotline", "QH13", "search", "ssos", "xâm hại"]


@pytest.mark.parametrize("typed,expected", DECODED)
def test_decodes_to_vietnamese(typed, expected):
    got = telex.decode(typed)
    assert got == expected
    assert folding.is_nfc(got)
    # the folded form is what a reader typing without diacritics would get
    assert folding.fold(got) == folding.fold(expected)


@pytest.mark.parametrize("typed", UNCHANGED)
def test_leaves_non_telex_alone(typed):
    assert telex.decode(typed) is None


@pytest.mark.parametrize("word", ["tès", "aaa", "cl", "xyz", "ngh", "kaa", "kas", "tatr", "tatf"])
def test_only_valid_syllables(word):
    assert telex.decode_word(word) is None


JS = """
const vm = require("vm"), fs = require("fs");
const ctx = {URL, console}; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), ctx);
const input = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(input.map(q => ctx.decodeTelex(q))));
"""


def parity_inputs() -> list[str]:
    words = ["hoaf", "hoas", "quaan", "giaf", "gins", "tooi", "muwa", "how", "test", "bos", "is", "vi5",
             "truongw", "tuyeenr", "khuyeens", "yeeu", "dduowngf", "boc loot", "thuowr", "uoongs", "oawn"]
    return [t for t, _ in DECODED] + UNCHANGED + words


def test_js_telex_matches_python_in_node():
    node = shutil.which("node")
    if not node:
        pytest.skip("node not installed; the same table runs in Chromium (test_search_browser.py)")
    inputs = parity_inputs()
    run = subprocess.run([node, "-e", JS, str(WORKER)], input=json.dumps(inputs), capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [telex.decode(q) for q in inputs]
