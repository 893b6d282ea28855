"""A third language is one locale file: a fixture site with vi, en and a test locale "fr"
builds, and every box, notice and dashboard string the build generates on the "fr"
pages comes from that file (no Vietnamese or English leaks in)."""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from bench.harness import build, i18n_languages, real_config, write_config

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.slow

MARK = "FR·"
MONTHS = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def _transform(value):
    """English text -> a recognisable stand-in: upper case outside {placeholders}, marked."""
    if isinstance(value, dict):
        return {k: _transform(v) for k, v in value.items()}
    parts = re.split(r"(\{[^}]*\})", str(value))
    return MARK + "".join(p if p.startswith("{") else p.upper() for p in parts)


def _literals(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _literals(v)]
    return [chunk.strip() for chunk in re.split(r"\{[^}]*\}", html.unescape(str(value))) if len(chunk.strip()) >= 6]


PAGES = {
    "index": ("page", {}, ""),
    "legal/luat-mau": ("legal-update", {
        "doc_number": "99/2020/QH14", "doc_type": "law", "issuer": "X", "signer": "Y", "issued": "2020-01-01",
        "effective": "2020-07-01", "status": "in-force", "source_url": "https://example.org/l", "published": "2026-01-15",
        "revision": 2, "ack": {"required": True, "audience": ["central", "provincial"], "due": 30},
        "sources": [{"title": "S", "url": "https://example.org/s"}],
        "relations": [{"type": "replaces", "target": "luat-cu"}]}, "Texte."),
    "legal/luat-cu": ("legal-update", {
        "doc_number": "1/2010/QH12", "doc_type": "law", "issuer": "X", "signer": "Y", "issued": "2010-01-01",
        "effective": "2010-07-01", "status": "expired", "source_url": "https://example.org/c", "published": "2026-01-15",
        "revision": 1, "sources": [{"title": "S", "url": "https://example.org/s"}]}, "Texte."),
    "modules/bai-mau": ("module", {
        "published": "2026-01-15", "revision": 1, "objectives": ["Objectif"], "key_points": ["Point"],
        "teaching": 30, "exercises": 15, "audience": ["central"], "prerequisites": [],
        "sources": [{"title": "S", "url": "https://example.org/s"}]}, "Texte."),
    "dashboard": ("page", {}, "<!-- ack-dashboard -->"),
}
SHARED = {"doc_number", "doc_type", "signer", "issued", "effective", "status", "source_url", "published", "revision",
          "ack", "relations", "teaching", "exercises", "audience", "prerequisites"}


@pytest.fixture(scope="module")
def fr_site(tmp_path_factory):
    base = tmp_path_factory.mktemp("third-locale")
    docs = base / "docs"
    for stem, (ptype, meta, body) in PAGES.items():
        for lang in ("vi", "en", "fr"):
            front = {"id": stem.split("/")[-1] if stem != "index" else "home", "type": ptype,
                     "title": f"Titre {lang} {stem}", "owner": "Ban", "last_reviewed": "2026-11-01"}
            front.update({k: v for k, v in meta.items() if lang == "vi" or k not in SHARED})
            path = docs / f"{stem}.{lang}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                            + body + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "data", base / "data")
    plans = yaml.safe_load((base / "data/plans.yml").read_text(encoding="utf-8"))
    for plan in plans["plans"]:  # plan titles are data: the fixture gives them in its language too
        plan["title"]["fr"] = MARK + plan["title"]["en"].upper()
    (base / "data/plans.yml").write_text(yaml.safe_dump(plans, allow_unicode=True), encoding="utf-8")
    en = yaml.safe_load((ROOT / "scripts/model/locales/en.yml").read_text(encoding="utf-8"))
    fr = {"code": "fr", "name": "Français", "language_names": {"vi": "vietnamien", "en": "anglais", "fr": "français"},
          "date_format": "{day} {month_abbr} {year}", "months": MONTHS,
          "vocab": _transform(en["vocab"]), "strings": _transform(en["strings"])}
    (base / "locales").mkdir()
    (base / "locales/fr.yml").write_text(yaml.safe_dump(fr, allow_unicode=True), encoding="utf-8")
    config = real_config()
    languages = i18n_languages(config)
    languages.append({"locale": "fr", "name": "Français", "build": True, "site_name": "Manuel"})
    nav = [{"Accueil": "index.md"}, {"Lois": ["legal/luat-mau.md", "legal/luat-cu.md"]}, "modules/bai-mau.md",
           "dashboard.md"]
    extra = dict(config["extra"], locales="locales")
    write_config(base / "mkdocs.yml", docs, nav=nav, plugins=config["plugins"], extra=extra)
    result = build(base / "mkdocs.yml", base / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    return base / "site"


def _article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    m = re.search(r"<article[^>]*>(.*)</article>", text, re.S)
    assert m, path
    # what a reader sees (and hears): the text and the accessible names, not tag or attribute names
    labels = " ".join(re.findall(r'(?:aria-label|title|alt)="([^"]*)"', m.group(1)))
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)) + " " + labels)


def test_every_generated_string_on_a_third_locale_page_comes_from_its_locale_file(fr_site):
    known = {}
    for code in ("vi", "en"):
        data = yaml.safe_load((ROOT / f"scripts/model/locales/{code}.yml").read_text(encoding="utf-8"))
        known[code] = _literals(data["strings"]) + _literals(data["vocab"])
    pages = {"legal": fr_site / "fr/legal/luat-mau/index.html", "module": fr_site / "fr/modules/bai-mau/index.html",
             "dashboard": fr_site / "fr/dashboard/index.html", "home": fr_site / "fr/index.html"}
    for kind, path in pages.items():
        article = _article(path)
        for code, literals in known.items():
            # (an English string already in capitals cannot be told from its stand-in)
            leaked = sorted({s for s in literals if s in article and s != s.upper()})
            assert leaked == [], f"{kind}: {code} strings on a fr page: {leaked[:5]}"
        assert MARK in article, kind
    legal = _article(pages["legal"])
    for needle in ("FR·REFERENCE TRANSLATION", "FR·DOCUMENT DETAILS", "FR·IN FORCE", "FR·REPLACES", "FR·ACKNOWLEDGE",
                   "FR·LAST REVIEWED", "1 janv. 2020", "FR·CENTRAL"):
        assert needle in legal, needle
    assert "FR·REPLACED BY" in _article(fr_site / "fr/legal/luat-cu/index.html")
    module = _article(pages["module"])
    assert "FR·OBJECTIVES" in module and "FR·KEY POINTS" in module and "30 MIN TEACHING" in module
    dashboard = _article(pages["dashboard"])
    assert "FR·COVERAGE BY UPDATE" in dashboard and "FR·AS OF" in dashboard
    page = (fr_site / "fr/legal/luat-mau/index.html").read_text(encoding="utf-8")
    strings = json.loads(re.search(r'<script id="hb-strings" type="application/json">(.*?)</script>', page).group(1))
    assert strings["search"]["none"] == "FR·NO ENGLISH RESULTS" and strings["languages"]["vi"] == "vietnamien"


def test_the_default_and_english_pages_are_unchanged_by_a_third_locale(fr_site):
    vi = _article(fr_site / "legal/luat-mau/index.html")
    en = _article(fr_site / "en/legal/luat-mau/index.html")
    assert "Thông tin văn bản" in vi and MARK not in vi
    assert "Document details" in en and MARK not in en and "Reference translation" in en
