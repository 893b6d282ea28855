"""Trainers' tools on the built site: short links, moved pages, the language switch keeping
the section, QR codes that decode to the short link, printed handouts (Chromium)."""
from __future__ import annotations

import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import build_site

from bench.harness import real_config, write_config
from scripts import checks
from scripts.model import addresses
from scripts.model.tree import load_tree

ROOT = Path(__file__).resolve().parent.parent



MODULE = "nhan-dien-mua-ban-nguoi"
ANSWER_EN = "There are signs of trafficking"  # from the module's first suggested answer
NOTE_EN = "Draw the three-element table"  # from its instructor notes


def refresh_target(html_file: Path) -> str:
    m = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html_file.read_text(encoding="utf-8"))
    assert m, html_file
    return m.group(1)


def resolve(site: Path, short: str) -> Path:
    """Follow a short link's meta refresh the way a browser would, to the page's index.html."""
    page = site / short / "index.html"
    target = (page.parent / refresh_target(page)).resolve()
    return target / "index.html"


# -- 4. short links on the real site ------------------------------------------------------------------
def test_every_short_link_reaches_its_page(site):
    tree = load_tree(ROOT / "docs", bodies=False)
    links = addresses.short_links(tree)
    assert {"m/khung-phap-ly/", "en/m/khung-phap-ly/", "u/luat-pcmbn-2024/", "en/u/phong-ngua-cong-dong/",
            "p/bcv-moi-mot-ngay/"} <= set(links)
    for short, page in links.items():
        target = resolve(site, short)
        assert target == (site / page.url_path / "index.html").resolve(), short
        assert target.exists(), short
        text = (site / short / "index.html").read_text(encoding="utf-8")
        assert "<script" not in text and "<a href=" in text  # works without JavaScript, link visible


def test_the_published_url_list_is_served_by_the_site(site):
    listed = addresses.read_urls(ROOT / "data/urls.txt")
    assert len(listed) > 50
    for _, url in listed:
        path = site / url.lstrip("/") / "index.html"
        assert path.exists(), url


def _site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns("rejects-*"))
    return root


def test_moving_a_module_keeps_its_short_link_and_needs_a_redirect(tmp_path):
    root = _site_copy(tmp_path)
    docs = root / "docs"
    (docs / "training").mkdir()
    for lang in ("vi", "en"):
        old = docs / f"modules/truyen-thong-cong-dong.{lang}.md"
        text = old.read_text(encoding="utf-8").replace("(nhan-dien-mua-ban-nguoi.md", "(../modules/nhan-dien-mua-ban-nguoi.md")
        (docs / f"training/truyen-thong-cong-dong.{lang}.md").write_text(text, encoding="utf-8")
        old.unlink()
    config = real_config()
    nav = config["nav"]
    modules = next(item for item in nav if isinstance(item, dict) and "Tài liệu bồi dưỡng" in item)["Tài liệu bồi dưỡng"]
    modules[modules.index("modules/truyen-thong-cong-dong.md")] = "training/truyen-thong-cong-dong.md"
    config_file = write_config(root / "mkdocs.yml", docs, nav=nav)

    # renamed without a redirect: the published URLs are gone, the check says how to fix it
    problems = checks.errors(checks.run(docs, config_file=config_file, root=root))
    assert sorted((p.rule, p.path) for p in problems) == [("url-removed", "data/urls.txt")] * 2, problems
    assert all("moved_from: [modules/truyen-thong-cong-dong]" in p.message for p in problems)
    result = build_site(config_file, root / "site-broken")
    assert result.returncode != 0 and "url-removed" in result.stdout + result.stderr

    # with moved_from the old address redirects and the check passes
    vi = docs / "training/truyen-thong-cong-dong.vi.md"
    moved = "revision: 1\nmoved_from: [modules/truyen-thong-cong-dong]\n"
    vi.write_text(vi.read_text(encoding="utf-8").replace("revision: 1\n", moved),
                  encoding="utf-8")
    assert checks.errors(checks.run(docs, config_file=config_file, root=root)) == []
    site = root / "site"
    result = build_site(config_file, site, env={"HANDBOOK_WRITE_URLS": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    # the build with HANDBOOK_WRITE_URLS=1 adds the new URLs and keeps the old ones (now redirects)
    listed = {u for _, u in addresses.read_urls(root / "data/urls.txt")}
    assert {"training/truyen-thong-cong-dong/", "en/training/truyen-thong-cong-dong/",
            "modules/truyen-thong-cong-dong/"} <= listed
    new_page = (site / "training/truyen-thong-cong-dong/index.html").resolve()
    assert resolve(site, "m/truyen-thong-cong-dong/") == new_page  # the short link follows the move
    assert resolve(site, "modules/truyen-thong-cong-dong/") == new_page  # the old URL redirects
    assert resolve(site, "en/m/truyen-thong-cong-dong/") == (site / "en/training/truyen-thong-cong-dong/index.html").resolve()
    assert resolve(site, "en/modules/truyen-thong-cong-dong/").exists()
    # the QR code on the page shows the short link, not the file's path
    assert 'data-qr-url="http://127.0.0.1:8000/m/truyen-thong-cong-dong/"' in new_page.read_text(encoding="utf-8")


# -- 3. the language switch keeps the section ---------------------------------------------------------
def test_language_switch_keeps_the_section(site, serve, page):
    base = serve(site)
    page.goto(base + f"en/modules/{MODULE}/#warning-signs")
    page.eval_on_selector("a.md-select__link[hreflang=vi]", "a => a.click()")
    page.wait_for_url(base + f"modules/{MODULE}/#warning-signs")
    assert page.evaluate("location.hash") == "#warning-signs"
    # and back, after following a link inside the page (the hash changed)
    page.evaluate("location.hash = '#exercise'")
    page.eval_on_selector("a.md-select__link[hreflang=en]", "a => a.click()")
    page.wait_for_url(base + f"en/modules/{MODULE}/#exercise")


# -- 5. QR codes ----------------------------------------------------------------------------------------
def qr_matrix_from_canvas(page, selector: str, size: int):
    """Draw the inline SVG on a canvas in Chromium and read one pixel per module: 1 = dark."""
    return page.evaluate("""async ([selector, size]) => {
        const svg = document.querySelector(selector);
        const xml = new XMLSerializer().serializeToString(svg);
        const img = new Image();
        img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(xml);
        await img.decode();
        const w = svg.viewBox.baseVal.width || svg.width.baseVal.value;
        const scale = 4, c = document.createElement('canvas');
        c.width = c.height = w * scale;
        const g = c.getContext('2d');
        g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
        g.drawImage(img, 0, 0, c.width, c.height);
        const data = g.getImageData(0, 0, c.width, c.height).data;
        const unit = c.width / size, rows = [];
        for (let y = 0; y < size; y++) {
          const row = [];
          for (let x = 0; x < size; x++) {
            const px = Math.floor((x + 0.5) * unit), py = Math.floor((y + 0.5) * unit);
            row.push(data[(py * c.width + px) * 4] < 128 ? 1 : 0);
          }
          rows.push(row);
        }
        return rows;
    }""", [selector, size])


@pytest.mark.parametrize("path,short", [
    (f"modules/{MODULE}/", f"m/{MODULE}/"),
    (f"en/modules/{MODULE}/", f"en/m/{MODULE}/"),
    ("legal/luat-pcmbn-2024/", "u/luat-pcmbn-2024/"),
    ("plans/bcv-moi-mot-ngay/", "p/bcv-moi-mot-ngay/"),
])
def test_qr_code_decodes_to_the_short_link(site, serve, page, path, short):
    import segno
    expected = "http://127.0.0.1:8000/" + short  # site_url of the test build
    base = serve(site)
    page.goto(base + path)
    svg = page.locator("#short-link svg.hb-qr")
    assert svg.get_attribute("data-qr-url") == expected
    box = svg.bounding_box()
    assert box["width"] >= 150, "large enough to scan from a projected slide"
    assert page.locator(f'#short-link a[href="{expected}"]').count() == 1
    # 1) decode the rendered pixels with a QR decoder when one is installed
    try:
        import zxingcpp
        from PIL import Image
    except ImportError:
        zxingcpp = None
    if zxingcpp is not None:
        png = svg.screenshot()
        results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
        assert [r.text for r in results] == [expected]
    # 2) always: the modules drawn in the browser are exactly the QR code of the expected URL
    qr = segno.make(expected, error="m", micro=False)
    border = 4
    want = [[1 if v else 0 for v in row] for row in qr.matrix_iter(border=border)]
    got = qr_matrix_from_canvas(page, "#short-link svg.hb-qr", len(want))
    assert got == want


# -- 6. print: learner handout and instructor copy --------------------------------------------------------
def _pdf_text(page) -> str:
    pdf = page.pdf(format="A4", print_background=False)
    try:
        from pypdf import PdfReader
    except ImportError:
        return ""
    return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


def _printed(page, selector: str) -> bool:
    """Whether the element is laid out under print media (display not none, up the tree)."""
    return page.eval_on_selector(selector, "el => { for (let e = el; e; e = e.parentElement) "
                                           "if (getComputedStyle(e).display === 'none') return false; return true; }")


def test_instructor_notes_hidden_from_readers_and_toggle_is_remembered(site, serve, page):
    base = serve(site)
    page.goto(base + f"en/modules/{MODULE}/")
    notes = page.locator("details.instructor")
    assert notes.count() == 1 and not notes.is_visible()
    assert page.locator("details.answer").first.is_visible() is False  # inside the closed exercise
    page.locator("label.hb-instructor-toggle").click()
    assert notes.is_visible()
    page.goto(base + f"modules/{MODULE}/")  # another page, the other language: still on
    assert page.locator("details.instructor").is_visible()
    page.locator("label.hb-instructor-toggle").click()
    page.reload()
    assert not page.locator("details.instructor").is_visible()
    page.goto(base + f"modules/{MODULE}/?instructor")
    assert page.locator("details.instructor").is_visible()


@pytest.mark.parametrize("mode", ["learner", "instructor"])
def test_module_prints_as_a_handout(site, serve, page, mode):
    base = serve(site)
    page.goto(base + f"en/modules/{MODULE}/")
    # the "In / Print" button prints what the reader sees: the instructor copy in instructor view
    page.evaluate("mode => { window.hbTrainers.setInstructor(mode === 'instructor', false); "
                  "window.print = () => { window.__printed = document.documentElement.dataset.print; }; }", mode)
    button = page.locator("button.hb-print")
    assert button.count() == 1 and button.inner_text().strip() == "In / Print"
    button.click()
    assert page.evaluate("window.__printed") == mode
    assert page.locator("details.answer[open]").count() == page.locator("details.answer").count() > 0
    page.emulate_media(media="print")
    # no nav, header, search, footer, toolbar; the QR code stays
    for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".hb-trainer-tools"):
        assert not _printed(page, hidden), hidden
    assert _printed(page, "#short-link svg")
    assert _printed(page, "details.answer") == (mode == "instructor")
    assert _printed(page, "details.instructor") == (mode == "instructor")
    # links are followed by their address
    after = page.eval_on_selector(".md-content a[href*='hotlines']", "a => getComputedStyle(a, '::after').content")
    assert "hotlines" in after
    # the published address (site_url of the test build), not the local server's
    assert "http://127.0.0.1:8000/en/hotlines/#hotline-111" in after, after
    text = _pdf_text(page)
    if text:  # pypdf installed: the PDF itself
        assert (ANSWER_EN in text) == (mode == "instructor"), text[:500]
        assert (NOTE_EN in text) == (mode == "instructor")
        assert "Warning signs" in text and "/en/m/" + MODULE in text


# -- built pages: module index, timetable, abbreviations ----------------------------------------------------
def test_built_pages_carry_the_trainers_boxes(site):
    index = (site / "modules/index.html").read_text(encoding="utf-8")
    assert 'id="module-index"' in index and "235" in index and "<!-- module-index -->" not in index
    assert 'id="module-index"' in (site / "en/modules/index.html").read_text(encoding="utf-8")
    plan = (site / "en/plans/bcv-moi-mot-ngay/index.html").read_text(encoding="utf-8")
    assert 'data-start="08:00"' in plan and 'data-end="16:40"' in plan and "13:30–14:20" in plan
    vi = (site / "legal/nq-02-2019-hdtp/index.html").read_text(encoding="utf-8")
    en = (site / "en/legal/nq-02-2019-hdtp/index.html").read_text(encoding="utf-8")
    assert '<abbr title="Hội đồng Thẩm phán Tòa án nhân dân tối cao">HĐTP</abbr>' in vi
    assert "<abbr title=\"Council of Judges of the Supreme People&#x27;s Court" in en or \
           "<abbr title=\"Council of Judges of the Supreme People's Court" in en
    assert 'id="term-blhs"' in (site / "glossary/index.html").read_text(encoding="utf-8")


# -- 8. the offline bundle: pages open from disk ---------------------------------------------------------------
@pytest.mark.slow
def test_offline_build_works_from_file_urls(tmp_path, page):
    import os
    import subprocess
    out = tmp_path / "so-tay-offline"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--no-directory-urls", "-d", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "offline:" in (ROOT / "Makefile").read_text(encoding="utf-8")
    root = out.as_uri() + "/"
    page.goto(root + "m/khung-phap-ly/index.html")
    page.wait_for_url(root + "modules/khung-phap-ly.html")
    assert page.locator("#short-link svg").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # CSS loaded
    page.locator("nav.md-nav a[href$='plans/index.html']").first.click()
    assert page.url == root + "plans/index.html"
    page.goto(root + f"en/modules/{MODULE}.html#warning-signs")
    page.eval_on_selector("a.md-select__link[hreflang=vi]", "a => a.click()")
    page.wait_for_url(root + f"modules/{MODULE}.html#warning-signs")
