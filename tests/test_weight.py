"""Page HTML stays flat as the site grows (the issue "Every page passes…").

The synthetic corpus of the benchmarks (bench/weight.py, bench/search.make_corpus),
with every page in the nav, built with the handbook's configuration at 50 and at 500 pages
per language: the same pages weigh within 10 kB of each other, the heaviest page too, and
every page stays within the 60 kB of the gates. Stock Material + static-i18n is built on
the same corpora and printed beside it for comparison (not asserted).

Plus, without building: the nav template writes a section off the current page's path as
one link (to its index page), and nothing of it per child.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.weight import SAMPLE_PAGES, TARGETS, html_sizes, html_summary, prepare, timed_build

ROOT = Path(__file__).resolve().parent.parent


SMALL, LARGE = 50, 500
MAX_HTML_BYTES = 60_000
MAX_GROWTH = TARGETS["html_delta"]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict:
    work = tmp_path_factory.mktemp("weight")
    out = {}
    for n in (SMALL, LARGE):
        configs = prepare(work, n)
        for who in ("ours", "stock"):
            site = work / f"site-{who}-{n}"
            seconds = timed_build(configs[who], site)
            out[who, n] = {"sizes": html_sizes(site), "seconds": seconds, "site": site}
    return out


@pytest.mark.slow
def test_html_flat_as_the_site_grows(corpora):
    lines = [f"{'page':28} {'stock 50':>9} {'stock 500':>9} {'ours 50':>9} {'ours 500':>9}"]
    pages = SAMPLE_PAGES + ["en/" + p for p in SAMPLE_PAGES]
    for key in pages:
        row = [corpora[w, n]["sizes"][key] for w in ("stock", "ours") for n in (SMALL, LARGE)]
        lines.append(f"{key:28} " + " ".join(f"{v:9d}" for v in row))
    summaries = {k: html_summary(v["sizes"]) for k, v in corpora.items()}
    for stat in ("median", "max"):
        lines.append(f"{stat + ' of all pages':28} " + " ".join(
            f"{summaries[w, n][stat]:9.0f}" for w in ("stock", "ours") for n in (SMALL, LARGE)))
    lines.append("build seconds: " + ", ".join(f"{w} {n}: {corpora[w, n]['seconds']:.1f}"
                                               for w in ("stock", "ours") for n in (SMALL, LARGE)))
    print("\n".join(lines))

    small, large = corpora["ours", SMALL]["sizes"], corpora["ours", LARGE]["sizes"]
    grown = {k: large[k] - small[k] for k in pages if large[k] - small[k] >= MAX_GROWTH}
    assert grown == {}, f"pages grew by ≥ {MAX_GROWTH} bytes from {SMALL} to {LARGE} pages per language: {grown}"
    growth = summaries["ours", LARGE]["max"] - summaries["ours", SMALL]["max"]
    assert growth < MAX_GROWTH, f"the heaviest page grew by {growth} bytes"
    heavy = {k: v for n in (SMALL, LARGE) for k, v in corpora["ours", n]["sizes"].items()
             if k.endswith(".html") and v > MAX_HTML_BYTES}
    assert heavy == {}, f"pages over {MAX_HTML_BYTES} bytes: {heavy}"


@pytest.mark.slow
def test_only_the_current_section_is_written_out(corpora):
    """s00/p000 lists its own section's pages, links to the other sections' indexes, and
    writes none of their pages; the home page lists no page of any section."""
    site = corpora["ours", LARGE]["site"]
    page = (site / "s00" / "p000" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index("md-nav--primary"):page.index("md-sidebar--secondary")]
    assert 'href="../p001/"' in nav
    for s in range(1, 20):
        assert f'href="../../s{s:02d}/"' in nav, f"no link to section s{s:02d}"
        assert f'href="../../s{s:02d}/p001/"' not in nav
    home = (site / "index.html").read_text(encoding="utf-8")
    home_nav = home[home.index("md-nav--primary"):home.index("md-sidebar--secondary")]
    assert "/p001/" not in home_nav
    assert all(f'href="s{s:02d}/"' in home_nav for s in range(20))


@pytest.fixture(scope="module")
def shaped(tmp_path_factory) -> dict:
    from bench.weight import build_shapes
    return build_shapes(tmp_path_factory.mktemp("shapes"), LARGE, who=("ours",))


@pytest.mark.slow
def test_html_under_60_kb_whatever_the_shape(shaped):
    """One section of 500 pages and 50 sections of 10 (per language): no page over 60 kB. A
    section of more than 30 entries lists the pages nearest the current one and links to its
    index for the others."""
    for (shape, _), built in shaped.items():
        heavy = {k: v for k, v in built["sizes"].items() if v > MAX_HTML_BYTES}
        assert heavy == {}, f"{shape}: pages over {MAX_HTML_BYTES} bytes: {heavy}"
    site = shaped["1 section of 500", "ours"]["site"]
    for lang, more in (("", "trang khác trong mục này"), ("en/", "more pages in this section")):
        page = (site / lang / "s00" / "p250" / "index.html").read_text(encoding="utf-8")
        nav = page[page.index("md-nav--primary"):page.index("md-sidebar--secondary")]
        listed = {int(n) for n in __import__("re").findall(r'href="\.\./p(\d{3})/"', nav)}
        assert listed == set(range(240, 261)) - {250}, sorted(listed)  # ten each side (itself is the active link)
        assert nav.count(more) == 2 and f">… 240 {more}<" in nav and f">… 239 {more}<" in nav  # p000–p239, p261–p499
        first = (site / lang / "s00" / "p000" / "index.html").read_text(encoding="utf-8")
        first_nav = first[first.index("md-nav--primary"):first.index("md-sidebar--secondary")]
        assert 'href="../p010/"' in first_nav and 'href="../p011/"' not in first_nav and first_nav.count(more) == 1
    small = shaped["50 sections of 10", "ours"]["site"]
    page = (small / "s07" / "p005" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index("md-nav--primary"):page.index("md-sidebar--secondary")]
    assert all(f'href="../p{p:03d}/"' in nav for p in range(10) if p != 5) and "trang khác" not in nav
