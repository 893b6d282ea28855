"""The handbook as a book (make book, scripts/book): each PDF printed by Chromium from a
built site and read back with pypdf — pages, table of contents, page references, the
Vietnamese text as written in docs/ (NFC), the legal statuses and the date, the editions.
Then make release's last step: the build lists and copies the files (trainers' page)."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from conftest import IN_CI, build_site, chromium_available

from scripts.book import EDITIONS, file_names, parts
from scripts.model.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent



PUBLIC = "https://so-tay.example.org/"
AS_OF = dt.date(2026, 12, 1)
EPOCH = str(int(dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))).timestamp()))
ENV = {"SITE_URL": PUBLIC, "HANDBOOK_DEPLOY": "true", "SOURCE_DATE_EPOCH": EPOCH}
ANSWER_EN = "There are signs of trafficking"
NOTE_EN = "Draw the three-element table"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _opens_with(page_text: str, title: str) -> bool:
    """The page starts the section titled `title` (its title near the top; the text of the
    QR code's caption floated beside it may come first in the extracted text). Spaces are
    ignored: a long title wraps after a dash ("2026–" / "2030"), which extraction keeps as a break."""
    return re.sub(r"\s+", "", title) in re.sub(r"\s+", "", page_text)[:400]


def _title_pattern(title: str) -> str:
    """A title as the contents print it: a line may wrap inside it (after a dash or a slash),
    which extraction keeps as a space."""
    return r"\s+".join(r"\s?".join(map(re.escape, word)) for word in _flat(title).split(" "))


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    if not chromium_available():
        if IN_CI:
            pytest.fail("Chromium is missing: make test installs it")
        pytest.skip("Chromium is missing (sudo apt-get install -y chromium)")
    work = tmp_path_factory.mktemp("book")
    site = work / "site"
    result = build_site(ROOT / "mkdocs.yml", site, env=ENV)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = work / "books"
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1", **ENV)
    printed = subprocess.run([sys.executable, "-m", "scripts.book", str(site), str(out)], cwd=ROOT, env=env,
                             capture_output=True, text=True)
    assert printed.returncode == 0, printed.stdout[-3000:] + printed.stderr[-3000:]
    print("\n" + printed.stdout)
    from pypdf import PdfReader
    readers = {name: PdfReader(out / name) for name in file_names(["vi", "en"])}
    texts = {name: [unicodedata.normalize("NFC", p.extract_text() or "") for p in r.pages]
             for name, r in readers.items()}
    return {"dir": out, "site": site, "readers": readers, "texts": texts, "work": work}


def test_a_book_per_language_and_edition(books):
    assert sorted(p.name for p in books["dir"].iterdir()) == sorted(file_names(["vi", "en"]))
    for name, reader in books["readers"].items():
        assert 30 < len(reader.pages) < 400, name
        assert reader.outline  # bookmarks: one per page of the handbook
    # the instructor's edition is the learners' plus the answers and notes
    for lang in ("vi", "en"):
        assert len(books["readers"][f"so-tay-{lang}-giang-vien.pdf"].pages) > len(books["readers"][f"so-tay-{lang}.pdf"].pages)


@pytest.mark.parametrize("lang,cover", [("vi", "Bản in ngày 01/12/2026"), ("en", "Printed on 1 Dec 2026")])
def test_cover_carries_the_date_and_the_public_address(books, lang, cover):
    first = _flat(books["texts"][f"so-tay-{lang}.pdf"][0])
    assert cover in first
    assert (PUBLIC if lang == "vi" else PUBLIC + "en/") in first.replace(" ", "")
    assert "THỬ NGHIỆM" not in first.upper() and "TEST ADDRESS" not in first.upper()


@pytest.mark.parametrize("name", file_names(["vi", "en"]))
def test_table_of_contents_gives_the_page_of_every_section(books, name):
    lang = "en" if "-en" in name else "vi"
    tree = load_tree(ROOT / "docs", bodies=False)
    from scripts.book.printer import read_nav
    # each page of the book under the title it shows (its <h1> on the site)
    expected = [_h1(books["site"] / p.url_path / "index.html")
                for _, pages in parts(tree, read_nav(ROOT / "mkdocs.yml"), lang) for p in pages]
    assert len(expected) >= 15
    texts = books["texts"][name]
    toc = _flat(" ".join(texts[1:4]))
    for title in expected:
        m = re.search(_title_pattern(title) + r"\s(\d+)", toc)
        assert m, (title, toc[:400])
        number = int(m.group(1))
        assert number > 2 and _opens_with(texts[number - 1], title), (title, number, texts[number - 1][:200])


def _h1(html_file: Path) -> str:
    import html
    m = re.search(r"<h1[^>]*>(.*?)</h1>", html_file.read_text(encoding="utf-8"), re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1).replace("&para;", ""))).strip()


def _source_paragraphs(stem: str) -> list[str]:
    """Plain paragraphs of a Vietnamese page (no Markdown in them): what the PDF must carry as written."""
    body = (ROOT / "docs" / f"{stem}.vi.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return [line for line in body.split("\n")
            if len(line) > 60 and not re.search(r"[\[\]*`_<>{}|#^]", line) and not line.startswith(("-", " ", ">", "!", "?"))]


def test_vietnamese_text_is_the_source_text(books):
    text = _flat(" ".join(books["texts"]["so-tay-vi.pdf"]))
    assert unicodedata.is_normalized("NFC", " ".join(books["texts"]["so-tay-vi.pdf"]))
    paragraphs = [p for stem in ("modules/khung-phap-ly", "modules/tiep-nhan-to-giac", "legal/luat-pcmbn-2011",
                                 "guidance/phong-ngua-cong-dong") for p in _source_paragraphs(stem)]
    assert len(paragraphs) >= 4
    missing = [p for p in paragraphs if _flat(unicodedata.normalize("NFC", p)) not in text]
    assert missing == []
    assert 'Người dân thường hỏi: "Bao nhiêu tuổi thì là trẻ em?"' in text


def _page_of(texts: list[str], title: str) -> int:
    """The index (0-based) of the page starting the section `title`, as the contents give it."""
    m = re.search(_title_pattern(title) + r"\s(\d+)", _flat(" ".join(texts[1:4])))
    assert m, title
    index = int(m.group(1)) - 1
    assert _opens_with(texts[index], title)
    return index


def test_legal_pages_carry_their_status_on_the_build_date(books):
    texts = books["texts"]["so-tay-vi.pdf"]
    i = _page_of(texts, "Luật Phòng, chống mua bán người năm 2024 (sửa đổi, bổ sung năm 2025)")
    page = _flat(texts[i] + texts[i + 1])
    assert "Còn hiệu lực" in page and "Tình trạng tính đến ngày 01/12/2026" in page
    j = _page_of(texts, "Luật Phòng, chống mua bán người 2011 (đã hết hiệu lực)")
    assert "Hết hiệu lực" in _flat(texts[j] + texts[j + 1])
    en = books["texts"]["so-tay-en.pdf"]
    assert "as of 1 Dec 2026" in _flat(" ".join(en))


def test_links_become_page_references_and_addresses(books):
    texts = books["texts"]["so-tay-vi.pdf"]
    target = _page_of(texts, "Luật Trẻ em 2016 (và Nghị định 56/2017/NĐ-CP)") + 1
    module = _flat(" ".join(texts[_page_of(texts, "Khung pháp lý về bảo vệ trẻ em"):][:3]))
    assert f"Luật Trẻ em 2016 (tr. {target})" in module
    squeezed = re.sub(r"\s+", "", " ".join(texts))
    assert "Xemvănbảngốc(https://" in squeezed  # an external link (the official text), printed as its address
    # the module's QR code and short link beside it: the public address
    assert PUBLIC + "m/khung-phap-ly/" in re.sub(r"\s+", "", module)
    en = _flat(" ".join(books["texts"]["so-tay-en.pdf"]))
    assert re.search(r"\(p\. \d+\)", en)


def test_the_editions_differ_by_answers_and_notes(books):
    learner = _flat(" ".join(books["texts"]["so-tay-en.pdf"]))
    instructor = _flat(" ".join(books["texts"]["so-tay-en-giang-vien.pdf"]))
    assert ANSWER_EN in instructor and NOTE_EN in instructor
    assert ANSWER_EN not in learner and NOTE_EN not in learner
    assert EDITIONS == ("learner", "instructor")


def test_release_build_lists_and_publishes_the_downloads(books):
    """make release's last step: the build with HANDBOOK_DOWNLOADS copies the files into
    site/downloads/ and lists them, with size and date, on the trainers' page."""
    site = books["work"] / "release-site"
    result = build_site(ROOT / "mkdocs.yml", site, env=dict(ENV, HANDBOOK_DOWNLOADS=str(books["dir"])))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for name in file_names(["vi", "en"]):
        assert (site / "downloads" / name).read_bytes() == (books["dir"] / name).read_bytes()
    page = (site / "plans/index.html").read_text(encoding="utf-8")
    box = page[page.index('id="downloads"'):]
    assert "Tạo ngày 01/12/2026" in box
    size = (books["dir"] / "so-tay-vi.pdf").stat().st_size / 1024 / 1024
    assert f"{size:.1f}".replace(".", ",") + " MB" in box
    hrefs = re.findall(r'href="([^"]+\.pdf)"', box)
    assert sorted(Path(h).name for h in hrefs) == sorted(file_names(["vi", "en"]))
    assert all((site / "plans" / h).resolve().is_file() for h in hrefs)
    en = (site / "en/plans/index.html").read_text(encoding="utf-8")
    assert "Made on 1 Dec 2026" in en and "../../downloads/so-tay-en.pdf" in en
    # a build without the files says where the published site has them
    plain = (books["site"] / "plans/index.html").read_text(encoding="utf-8")
    assert f'href="{PUBLIC}plans/#downloads"' in plain and "downloads/so-tay" not in plain


def test_make_release_builds_the_downloads_before_the_site():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile.split("\nrelease:", 1)[1].split("\n\n", 1)[0]
    assert rule.index("$(MAKE) offline") < rule.index("scripts.book") < rule.index("HANDBOOK_DOWNLOADS=")
    book = makefile.split("\nbook:", 1)[1].split("\n\n", 1)[0]
    assert "scripts.book site" in book and "fonts" in book.split("\n", 1)[0]
