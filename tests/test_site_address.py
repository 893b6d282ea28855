"""One public address for every QR code, short link and printed link (site_url from SITE_URL).

A deployment build (HANDBOOK_DEPLOY=true) stops with [site-url-local] while site_url is a
loopback address; any other build marks its QR codes and short links "test address"
(Chromium: the QR codes are decoded from screenshots with zxing-cpp)."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import build_site

from scripts.checks import site_url
from scripts.model.addresses import is_local_address

ROOT = Path(__file__).resolve().parent.parent



PUBLIC = "https://so-tay.example.org/handbook/"
MODULE = "nhan-dien-mua-ban-nguoi"


@pytest.mark.parametrize("url,local", [
    ("http://127.0.0.1:8000/", True), ("http://127.8.9.10/", True), ("http://localhost:8000/", True),
    ("http://app.localhost/", True), ("http://[::1]:8000/", True), ("http://0.0.0.0:8000/", True),
    ("", True), (None, True), ("/", True), ("file:///tmp/site/", True),
    ("https://so-tay.example.org/", False), ("http://10.0.0.5/", False), ("https://127.0.0.1.example.org/", False),
])
def test_local_addresses(url, local):
    assert is_local_address(url) is local


def test_only_a_deployment_build_is_stopped(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n# site_url below\nsite_url: http://127.0.0.1:8000/\n", encoding="utf-8")
    assert site_url.check("http://127.0.0.1:8000/", config, env={}) is None
    assert site_url.check("http://127.0.0.1:8000/", config, env={"HANDBOOK_DEPLOY": "false"}) is None
    assert site_url.check(PUBLIC, config, env={"HANDBOOK_DEPLOY": "true"}) is None
    problem = site_url.check("http://localhost/", config, env={"HANDBOOK_DEPLOY": "true"})
    assert str(problem).startswith("mkdocs.yml:3: [site-url-local] ") and "SITE_URL" in str(problem)


def test_deployment_build_with_the_loopback_address_fails(tmp_path):
    import os
    saved = os.environ.pop("SITE_URL", None)  # the mkdocs.yml default, as a deploy job that forgot it
    try:
        result = build_site(ROOT / "mkdocs.yml", tmp_path / "site", env={"HANDBOOK_DEPLOY": "true"})
    finally:
        if saved is not None:
            os.environ["SITE_URL"] = saved
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert "mkdocs.yml:3: [site-url-local]" in out and "Traceback" not in out
    assert not (tmp_path / "site").exists()  # nothing written


@pytest.fixture(scope="module")
def public_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("public") / "site"
    result = build_site(ROOT / "mkdocs.yml", site, env={"SITE_URL": PUBLIC, "HANDBOOK_DEPLOY": "true"})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return site


def _decoded(locator) -> list[str]:
    import zxingcpp
    from PIL import Image
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())).convert("L"))]


@pytest.mark.slow
def test_public_build_carries_the_public_address_only(public_site):
    pages = list(public_site.rglob("*.html"))
    assert len(pages) > 50
    # no attribute (QR code, link, canonical address) carries the loopback address; the editors'
    # guide may name it in its text
    local = [p.relative_to(public_site).as_posix() for p in pages
             if '="http://127.0.0.1' in p.read_text(encoding="utf-8") or '="http://localhost' in p.read_text(encoding="utf-8")]
    assert local == []
    text = (public_site / f"modules/{MODULE}/index.html").read_text(encoding="utf-8")
    assert f'data-qr-url="{PUBLIC}m/{MODULE}/"' in text and "hb-test-address" not in text


@pytest.mark.parametrize("path,short", [(f"modules/{MODULE}/", f"m/{MODULE}/"),
                                        (f"en/modules/{MODULE}/", f"en/m/{MODULE}/"),
                                        ("legal/luat-pcmbn-2024/", "u/luat-pcmbn-2024/")])
def test_public_qr_codes_decode_to_the_public_short_link(public_site, serve, page, path, short):
    base = serve(public_site)
    page.goto(base + path)
    assert _decoded(page.locator("#short-link svg.hb-qr")) == [PUBLIC + short]
    assert page.locator("#short-link .hb-test-address").count() == 0
    # a printed link gives the public address too (trainers.js, from the canonical link)
    page.evaluate("window.hbTrainers.preparePrint('learner')")
    page.emulate_media(media="print")
    hrefs = page.eval_on_selector_all(".md-content a[data-print-href]", "els => els.map(a => a.dataset.printHref)")
    assert hrefs and all(h.startswith(PUBLIC) or not h.startswith("http://127.") for h in hrefs)
    assert any(h.startswith(PUBLIC) for h in hrefs), hrefs


@pytest.mark.parametrize("path,mark", [(f"modules/{MODULE}/", "Địa chỉ thử nghiệm"),
                                       (f"en/modules/{MODULE}/", "Test address")])
def test_local_build_marks_its_test_address(site, serve, page, path, mark):
    base = serve(site)
    page.goto(base + path)
    marks = page.locator("#short-link .hb-test-address")
    assert marks.count() == 2 and marks.first.is_visible() and marks.nth(1).is_visible()
    assert marks.first.inner_text().strip().lower() == mark.lower()  # text-transform: uppercase
    # beside the code, never over it: the code still scans (to the local address it carries)
    assert _decoded(page.locator("#short-link svg.hb-qr")) == ["http://127.0.0.1:8000/" + path.replace("modules", "m")]
    qr, badge = page.locator("#short-link svg.hb-qr").bounding_box(), marks.first.bounding_box()
    assert badge["y"] >= qr["y"] + qr["height"] - 1
    # printed too
    page.emulate_media(media="print")
    assert marks.first.is_visible()
