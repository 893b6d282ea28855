"""The real site, built strictly: both languages exist, link to each other, carry what
the content model promises, and load nothing from another origin."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site

from scripts.model.tree import load_tree

TREE = load_tree(ROOT / "docs")
PAIRS = sorted({p.stem for p in TREE.pages if p.stem})


class _Html(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.ids: list[str] = []
        self.heading_ids: list[str] = []
        self.alternates: dict[str, str] = {}
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids.append(a["id"])
            if tag in ("h2", "h3"):
                self.heading_ids.append(a["id"])
        if tag == "a" and a.get("hreflang"):
            self.alternates[a["hreflang"]] = a.get("href")
        for attr in ("src", "href"):
            url = a.get(attr) or ""
            if tag in ("script", "link", "img", "iframe") and re.match(r"^(https?:)?//", url):
                if not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                    self.external.append(url)


def parse(path: Path) -> _Html:
    h = _Html()
    h.feed(path.read_text(encoding="utf-8"))
    return h


def _target(site: Path, page: Path, href: str) -> Path:
    """Where a link on a built page leads (site-root-relative or page-relative)."""
    base = site if href.startswith("/") else page.parent
    return (base / href.lstrip("/")).resolve()


def out_path(site: Path, stem: str, lang: str) -> Path:
    url = stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return site / ("" if lang == "vi" else "en/") / url / "index.html"


def test_the_real_content_is_there():
    types = [p.get("type") for p in TREE.in_language("vi")]
    assert types.count("legal-update") >= 6
    assert types.count("module") >= 4
    assert types.count("guidance") >= 3
    ids = {p.id for p in TREE.in_language("vi")}
    assert {"home", "duong-day-nong", "ke-hoach-2021-2025", "contributing"} <= ids


@pytest.mark.parametrize("stem", PAIRS)
def test_both_languages_built_and_linked(site, stem):
    vi, en = out_path(site, stem, "vi"), out_path(site, stem, "en")
    assert vi.exists() and en.exists()
    hv, he = parse(vi), parse(en)
    assert hv.lang == "vi" and he.lang == "en"
    # the language switcher leads to the same page in the other language
    assert _target(site, vi, hv.alternates["en"]) == en.parent.resolve()
    assert _target(site, en, he.alternates["vi"]) == vi.parent.resolve()
    # deep links: the same heading anchors in both languages
    assert hv.heading_ids == he.heading_ids, f"{stem}: anchors differ between vi and en"
    assert not [i for i in hv.heading_ids + he.heading_ids if i.startswith("ieu")], "Đ dropped from a slug"
    assert hv.external == [] and he.external == [], "a page loads something from another origin"


def test_english_pages_say_vietnamese_is_authoritative(site):
    for stem in PAIRS:
        en = out_path(site, stem, "en").read_text(encoding="utf-8")
        vi = out_path(site, stem, "vi").read_text(encoding="utf-8")
        assert "hb-translation-notice" in en and "Vietnamese text of this page is the authoritative" in en, stem
        assert "hb-translation-notice" not in vi, stem


def test_legal_updates_show_their_metadata(site):
    for page in TREE.in_language("vi"):
        if page.get("type") != "legal-update":
            continue
        for lang in ("vi", "en"):
            html = out_path(site, page.stem, lang).read_text(encoding="utf-8")
            assert 'id="metadata"' in html
            assert page.get("doc_number") in html
            assert page.get("source_url").replace("&", "&amp;") in html


def test_modules_show_objectives_key_points_and_minutes(site):
    for page in TREE.in_language("vi"):
        if page.get("type") != "module":
            continue
        total = page.get("teaching") + page.get("exercises")
        vi = out_path(site, page.stem, "vi").read_text(encoding="utf-8")
        en = out_path(site, page.stem, "en").read_text(encoding="utf-8")
        assert 'id="objectives"' in vi and 'id="key-points"' in vi
        assert f"= {total} phút" in vi and f"= {total} min" in en
        assert page.get("objectives")[0].replace("'", "&#x27;").replace('"', "&quot;") in vi


def test_no_font_or_cdn_requests_in_config():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^\s*font: false", config, re.M)


def test_nav_titles_translated(site):
    html = (site / "en" / "index.html").read_text(encoding="utf-8")
    for title in ("Legal updates", "Training modules", "Thematic guidance", "Hotlines"):
        assert title in html
    assert "Văn bản pháp luật mới" not in html


MINI_VI = """---
id: home
type: page
title: Trang chủ
owner: Ban biên tập
last_reviewed: "2026-11-29"
---

!!! note

    Ghi chú không có tiêu đề.

## Điều 151. Tội mua bán người dưới 16 tuổi

Xem [Điều 151](#dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi).
"""

MINI_EN = """---
id: home
type: page
title: Home
owner: Ban biên tập
last_reviewed: "2026-11-29"
---

!!! note

    A note without a title.

## Article 151. Trafficking in persons under 16 { #dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi }
"""


@pytest.fixture
def mini(tmp_path):
    """A one-page copy of the real configuration."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text[: text.index("\nnav:")] + "\nnav:\n  - Trang chủ: index.md\n"
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text = text.replace("  - scripts/build/mkdocs_hooks.py", f"  - {ROOT / 'scripts/build/mkdocs_hooks.py'}")
    for watched in ("overrides", "scripts", "data"):
        text = text.replace(f"\n  - {watched}\n", f"\n  - {ROOT / watched}\n")
    assert config["theme"]["custom_dir"] == "overrides"
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/index.vi.md").write_text(MINI_VI, encoding="utf-8")
    (tmp_path / "docs/index.en.md").write_text(MINI_EN, encoding="utf-8")
    return tmp_path


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_admonition_titles_and_vietnamese_slugs(mini):
    result = build_site(mini / "mkdocs.yml", mini / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    vi = (mini / "site/index.html").read_text(encoding="utf-8")
    en = (mini / "site/en/index.html").read_text(encoding="utf-8")
    assert '<p class="admonition-title">Ghi chú</p>' in vi
    assert '<p class="admonition-title">Note</p>' in en
    # "Điều 151" keeps its D: the anchor a trainer types works in both languages
    assert 'id="dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi"' in vi
    assert 'id="dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi"' in en


def test_build_fails_on_bad_content_with_the_check_message(mini):
    path = mini / "docs/index.vi.md"
    path.write_text(MINI_VI.replace('last_reviewed: "2026-11-29"', "last_reviewed: 29/11/2026"), encoding="utf-8")
    result = build_site(mini / "mkdocs.yml", mini / "site")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "docs/index.vi.md:6: [bad-date]" in output and "'2026-11-29' thay vì '29/11/2026'" in output
    assert "Traceback" not in output
    assert not (mini / "site/index.html").exists()


def test_build_reports_malformed_yaml_without_traceback(mini):
    path = mini / "docs/index.en.md"
    path.write_text(MINI_EN.replace("title: Home", "title: [Home"), encoding="utf-8")
    result = build_site(mini / "mkdocs.yml", mini / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "docs/index.en.md:4: [yaml-syntax]" in output
    assert "Traceback" not in output


def test_relations_show_on_both_sides(site):
    new_vi = out_path(site, "legal/luat-pcmbn-2024", "vi").read_text(encoding="utf-8")
    old_vi = out_path(site, "legal/luat-pcmbn-2011", "vi").read_text(encoding="utf-8")
    old_en = out_path(site, "legal/luat-pcmbn-2011", "en").read_text(encoding="utf-8")
    assert re.search(r"Thay thế</strong>: <a href=\"../luat-pcmbn-2011/\"", new_vi)
    assert re.search(r"Bị thay thế bởi</strong>: <a href=\"../luat-pcmbn-2024/\"", old_vi)
    assert re.search(r"Replaced by</strong>: <a href=\"../luat-pcmbn-2024/\"", old_en)
