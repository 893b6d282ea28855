"""The other build paths (issue "A second build path…"):
- ProperDocs (the maintained fork of MkDocs 1.x) builds the handbook byte for byte as MkDocs
  does, but for the generator line: a drop-in if MkDocs 1.6 stops installing or running;
- Zensical, which runs no hooks, builds it through the staging step
  (scripts/build/zensical_stage.py): the same article text on every page of both
  languages, every internal link and anchor resolving, and a search that finds `xam hai`.

Each runs from its own venv (`make test` installs both). Under CI=true a missing engine
fails, never skips.
"""
from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support.site_links import broken_links

from bench.harness import ENGINES, ROOT, Server, build
from scripts.build import zensical_stage
from tests.test_site import MINI_VI, mini  # noqa: F401 (the one-page site fixture)

IN_CI = os.environ.get("CI", "").lower() == "true"
PROPERDOCS = Path(ENGINES["properdocs"][0])
# The one line an engine writes about itself: <meta name="generator" content="mkdocs-1.6.1, …">
GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
FIXED_DATE = {"SOURCE_DATE_EPOCH": "1796256000"}  # 2026-12-03: both builds see the same day

pytestmark = pytest.mark.slow


def require(program: Path, target: str):
    if program.exists():
        return
    message = f"{program.name} is not installed: run `make {target}` (make test does)"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def mkdocs_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("mkdocs")
    result = build(ROOT / "mkdocs.yml", site, env=FIXED_DATE, engine="mkdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


# The service worker's plan hashes and sizes every page it keeps, generator line included
SW_PLAN = re.compile(rb'"(?:version|bytes)":(?:"[0-9a-f]+"|\d+)')


def tree(site: Path) -> dict[str, bytes]:
    """Every file of a built site, the generator line (and in sw.js what measures it) blanked."""
    out = {}
    for p in sorted(site.rglob("*")):
        if p.is_file():
            data = GENERATOR.sub(b"", p.read_bytes())
            out[p.relative_to(site).as_posix()] = SW_PLAN.sub(b"", data) if p.name == "sw.js" else data
    return out


@pytest.fixture(scope="module")
def both_sites(mkdocs_site, tmp_path_factory):
    require(PROPERDOCS, ".venv-properdocs/.installed")
    site = tmp_path_factory.mktemp("properdocs")
    result = build(ROOT / "mkdocs.yml", site, env=FIXED_DATE, engine="properdocs")
    assert result.returncode == 0, result.stdout + result.stderr
    return {"mkdocs": mkdocs_site, "properdocs": site}


def test_properdocs_builds_the_same_files(both_sites):
    mkdocs, properdocs = tree(both_sites["mkdocs"]), tree(both_sites["properdocs"])
    assert len(mkdocs) > 100  # the real handbook, not an empty site
    assert sorted(mkdocs) == sorted(properdocs)
    differing = [path for path in mkdocs if mkdocs[path] != properdocs[path]]
    assert not differing, f"ProperDocs differs from MkDocs in: {differing[:10]}"


def test_only_the_generator_line_tells_the_engines_apart(both_sites):
    """The comparison above blanks one line; each engine does name itself in it."""
    home = {engine: (site / "index.html").read_bytes() for engine, site in both_sites.items()}
    assert home["mkdocs"] != home["properdocs"]
    assert b"ProperDocs" in GENERATOR.search(home["properdocs"]).group(0)
    assert b"ProperDocs" not in GENERATOR.search(home["mkdocs"]).group(0)


def test_an_unknown_engine_is_refused():
    from bench.harness import engine_command
    with pytest.raises(ValueError, match="HANDBOOK_ENGINE"):
        engine_command("zensical-1.0")


# ---------------------------------------------------------------- Zensical through the staging step
@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    require(zensical_stage.ZENSICAL_I18N, ".venv-zensical/.installed")
    site = tmp_path_factory.mktemp("zensical")
    result = build(ROOT / "mkdocs.yml", site, env=FIXED_DATE, engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    return site


class ArticleText(HTMLParser):
    """The words of a page's article (`md-content__inner`), scripts and styles left out."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self, html: str):
        super().__init__()
        self.depth, self.skipping, self.words = 0, 0, []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        if self.depth:
            self.depth += 1
            self.skipping += tag in ("script", "style")
        elif tag == "article" and "md-content__inner" in (dict(attrs).get("class") or ""):
            self.depth = 1

    def handle_endtag(self, tag):
        if tag in self.VOID or not self.depth:
            return
        self.skipping -= tag in ("script", "style") and self.skipping > 0
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skipping:
            self.words += data.split()


def articles(site: Path) -> dict[str, list[str]]:
    out = {}
    for page in sorted(site.rglob("index.html")):
        words = ArticleText(page.read_text(encoding="utf-8")).words
        if words:
            out[page.relative_to(site).as_posix()] = words
    return out


def test_zensical_writes_the_same_article_text_on_every_page(mkdocs_site, zensical_site):
    """Boxes, generated lists, dashboard pages and abbreviations are all there: the pages'
    text is the pipeline's, whichever engine turns it into HTML."""
    ours, theirs = articles(mkdocs_site), articles(zensical_site)
    assert len(ours) > 60 and any(p.startswith("en/") for p in ours)  # both languages, the whole site
    assert sorted(ours) == sorted(theirs)
    differing = [p for p in ours if ours[p] != theirs[p]]
    assert differing == [], f"article text differs on {len(differing)} pages: {differing[:5]}"


def test_every_link_of_the_zensical_site_resolves(zensical_site):
    """Raw-HTML links are written relative to their source file on this path (Zensical
    resolves them so), and short links, redirects and feeds are written after the build."""
    broken = broken_links(zensical_site)
    assert broken == [], f"{len(broken)} broken links:\n" + "\n".join(sorted(set(broken))[:40])
    assert (zensical_site / "m" / "khung-phap-ly" / "index.html").exists()
    assert (zensical_site / "en" / "feed.xml").exists()


def test_a_raw_html_link_is_made_relative_to_its_source_file():
    """The staging step's one rewrite: a page's folder is one deeper than its file's."""
    html = '<a href="../luat-tre-em-2016/#summary">x</a> <a href="https://vbpl.vn/">y</a> <a href="#k">z</a>'
    staged = zensical_stage.portable_links(html, "legal/blhs-dieu-150-151")
    assert staged == '<a href="luat-tre-em-2016/#summary">x</a> <a href="https://vbpl.vn/">y</a> <a href="#k">z</a>'
    assert zensical_stage.portable_links(html, "legal/index") == html  # an index's folder is its file's
    assert zensical_stage.source_relative("../../../legal/x/", "legal/y/", "legal") == "../../legal/x/"


@pytest.mark.browser
def test_zensical_search_finds_xam_hai_from_its_own_search_box(browser, zensical_site):
    """Zensical's built-in search on this path (the handbook's engine speaks Material's
    worker protocol): typed without diacritics, it still finds a page about xâm hại trẻ em."""
    from bench.search import ZENSICAL_UI_QUERY
    server = Server(zensical_site)
    try:
        page = browser.new_context().new_page()
        foreign = []
        page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server.url) else None)
        page.goto(server.url)
        hrefs = page.evaluate(ZENSICAL_UI_QUERY, ["xam hai"])
    finally:
        server.close()
    assert any("/legal/nq-121-2020-qh14/" in h or "/legal/qd-1863-2019-ttg/" in h for h in hrefs), hrefs
    assert foreign == []


def test_the_staging_step_stops_on_bad_content_and_writes_nothing(mini):
    """The same checks as the MkDocs build, one line per problem, nothing staged or built."""
    require(zensical_stage.ZENSICAL_I18N, ".venv-zensical/.installed")
    path = mini / "docs/index.vi.md"
    path.write_text(MINI_VI.replace('last_reviewed: "2026-11-29"', "last_reviewed: 29/11/2026"), encoding="utf-8")
    result = build(mini / "mkdocs.yml", mini / "site", engine="zensical")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "docs/index.vi.md:6: [bad-date]" in output and "Traceback" not in output
    assert not (mini / "site").exists() and not (mini / "build").exists()


def test_the_staging_step_builds_a_tiny_site_in_both_languages(mini):
    require(zensical_stage.ZENSICAL_I18N, ".venv-zensical/.installed")
    result = build(mini / "mkdocs.yml", mini / "site", engine="zensical")
    assert result.returncode == 0, result.stdout + result.stderr
    vi = (mini / "site/index.html").read_text(encoding="utf-8")
    en = (mini / "site/en/index.html").read_text(encoding="utf-8")
    assert 'id="dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi"' in vi and 'id="dieu-151-toi-mua-ban-nguoi-duoi-16-tuoi"' in en
    assert '<script id="hb-strings"' in vi  # the per-page browser strings come from the config
