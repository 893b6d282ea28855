"""Pages generated from the front matter of many pages, each behind a marker the build
replaces (the page keeps its own intro text around it):

- `<!-- legal-index -->`: every legal update, newest first, by year of issue, with a
  status/type/issuer filter that works without a server;
- `<!-- latest-updates -->`: the latest revision notes, for the home page;
- `<!-- changelog -->`: every revision note, newest first ("Có gì mới" / "What's new");
- `<!-- legal-changes 2025 2026 -->`: every change of a legal text in those years
  (render/changes.py, from the same events as the history tables).

Also the entries the feeds are built from (`revision_entries`). Pure functions of
(tree, page, language, as-of date), like the boxes.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from ..model import dates
from ..model import legal as legal_model
from ..model.languages import DEFAULT_LANGUAGE, label, strings, t, vocabulary
from ..model.registry import CONTENT
from ..model.tree import Page, Tree
from .escape import e, md, md_href, page_href
from .sanitize import generated_block

LEGAL_INDEX = "<!-- legal-index -->"
LATEST_UPDATES = "<!-- latest-updates -->"
CHANGELOG = "<!-- changelog -->"
LATEST_COUNT = 5


def href(from_page: Page, to_page: Page) -> str:
    """A relative URL between two built pages (directory URLs), for raw HTML."""
    return page_href(from_page.url_path, to_page.url_path)


def _issuer_group(issuer: str) -> str:
    """`Quốc hội (khóa XV)` -> `Quốc hội`: the body, without the term or session."""
    return re.sub(r"\s*\(.*?\)\s*$", "", str(issuer or "")).strip()


def legal_pages(tree: Tree, lang: str) -> list[Page]:
    """Legal updates in `lang`, newest first (by issue date, then date in force, then id)."""
    pages = [p for p in tree.in_language(lang) if p.get("type") == "legal-update" and isinstance(p.id, str)]

    def key(p):
        return (dates.parse_iso(p.get("issued")) or dt.date.min, dates.parse_iso(p.get("effective")) or dt.date.min,
                p.id)
    return sorted(pages, key=key, reverse=True)


FILTER_SCRIPT = """<script>
(function () {
  var form = document.querySelector("[data-hb-filter]");
  if (!form) return;
  form.hidden = false;
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-hb-row]"));
  var count = form.querySelector("[data-hb-count]");
  function apply() {
    var want = {};
    Array.prototype.forEach.call(form.querySelectorAll("select"), function (s) { want[s.name] = s.value; });
    var shown = 0, years = {};
    rows.forEach(function (row) {
      var ok = Object.keys(want).every(function (k) { return !want[k] || row.dataset[k] === want[k]; });
      row.hidden = !ok;
      if (ok) { shown += 1; years[row.dataset.year] = true; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-hb-year]"), function (el) {
      el.hidden = !years[el.getAttribute("data-hb-year")];
    });
    Array.prototype.forEach.call(document.querySelectorAll("h2[id^='year-']"), function (h) {
      h.hidden = !years[h.id.slice(5)];
    });
    if (count) count.textContent = count.getAttribute("data-template").replace("{n}", shown);
  }
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
})();
</script>"""


def legal_index(tree: Tree, page: Page, lang: str, as_of: dt.date | None = None) -> str:
    """The index of legal updates: filter form, then one table per year of issue, newest first."""
    as_of = as_of or dates.today()
    L, P = strings(lang, "listing"), strings(lang, "page")
    rows: list[dict[str, Any]] = []
    for p in legal_pages(tree, lang):
        st = legal_model.status(tree, p, as_of)
        issued = dates.parse_iso(p.get("issued"))
        rows.append({"page": p, "status": st.key or "", "type": p.get("doc_type") or "",
                     "issuer": _issuer_group(p.get("issuer")), "year": str(issued.year) if issued else "—"})
    if not rows:
        return f"_{e(L['none'])}_\n"

    def options(name, values, labeller):
        opts = "".join(f'<option value="{e(v)}">{e(labeller(v))}</option>' for v in values)
        return (f'<label>{e(L["filter_" + name])} <select name="{name}">'
                f'<option value="">{e(L["all"])}</option>{opts}</select></label> ')

    statuses = [s for s in vocabulary("status") if any(r["status"] == s for r in rows)]
    types = [k for k in vocabulary("doc_type") if any(r["type"] == k for r in rows)]
    issuers = sorted({r["issuer"] for r in rows if r["issuer"]})
    # the build's markup (the filter form, the tables, its script) is inserted after sanitising;
    # the year headings stay Markdown (the table of contents lists them)
    out = [generated_block(
           f'<p class="hb-as-of">{e(t(lang, "legal.as_of", date=dates.format_date(as_of, lang)))}</p>\n'
           f'<form class="hb-filter" data-hb-filter hidden aria-label="{e(L["filter"])}">'
           + options("status", statuses, lambda v: label("status", v, lang))
           + options("type", types, lambda v: label("doc_type", v, lang))
           + options("issuer", issuers, lambda v: v)
           + f'<button type="reset">{e(L["reset"])}</button> '
           f'<output data-hb-count data-template="{e(L["count"])}" aria-live="polite">'
           f'{e(L["count"].format(n=len(rows)))}</output></form>')]
    head = (f'<thead><tr><th scope="col">{e(L["document"])}</th><th scope="col">{e(P["doc_type"])}</th>'
            f'<th scope="col">{e(P["issuer"])}</th><th scope="col">{e(P["issued"])}</th>'
            f'<th scope="col">{e(P["effective"])}</th><th scope="col">{e(P["status"])}</th></tr></thead>')
    for year in dict.fromkeys(r["year"] for r in rows):
        out.append(f'\n## {year} {{ #year-{year} }}\n\n')
        body = []
        for r in (r for r in rows if r["year"] == year):
            p = r["page"]
            status = (f'<span class="hb-status hb-status--{e(r["status"])}">{e(label("status", r["status"], lang))}</span>'
                      if r["status"] else "")
            body.append(
                f'<tr data-hb-row data-status="{e(r["status"])}" data-type="{e(r["type"])}" '
                f'data-issuer="{e(r["issuer"])}" data-year="{e(year)}">'
                f'<td><a href="{e(href(page, p))}">{e(p.get("doc_number", ""))}</a><br>'
                f'<small>{e(p.get("title", ""))}</small></td>'
                f'<td>{e(label("doc_type", p.get("doc_type"), lang) if p.get("doc_type") else "")}</td>'
                f'<td>{e(p.get("issuer", ""))}</td>'
                f'<td>{e(dates.format_date(p.get("issued", ""), lang))}</td>'
                f'<td>{e(dates.format_date(p.get("effective", ""), lang))}</td>'
                f'<td>{status}</td></tr>')
        out.append(generated_block(f'<div class="hb-legal-index" data-hb-year="{e(year)}"><table>{head}<tbody>'
                                   + "".join(body) + "</tbody></table></div>"))
    out.append(generated_block(FILTER_SCRIPT))
    return "".join(out)


# -- revisions: the changelog, the home page and the feeds --------------------------------------------
@dataclass(frozen=True)
class Entry:
    page: Page  # in the entry's language
    revision: int
    date: dt.date
    note: str

    @property
    def id(self) -> str:
        return f"{self.page.id}-r{self.revision}"


def revision_entries(tree: Tree, lang: str) -> list[Entry]:
    """Every revision note in `lang`, newest first: revision and date from the default-language
    file, the note from the file in `lang` (entries without a note in `lang` are left out)."""
    out = []
    for p in tree.in_language(lang):
        if p.get("type") not in CONTENT or not isinstance(p.id, str):
            continue
        source = p.source or p
        dated = {r.get("revision"): dates.parse_iso(r.get("date")) for r in _revisions(source)}
        for r in _revisions(p):
            day = dated.get(r.get("revision")) if lang != DEFAULT_LANGUAGE else dates.parse_iso(r.get("date"))
            note = r.get("note")
            if day is not None and isinstance(note, str) and note.strip():
                out.append(Entry(p, r["revision"], day, note.strip()))
    return sorted(out, key=lambda en: (en.date, en.page.id, en.revision), reverse=True)


def _revisions(page: Page) -> list[dict]:
    value = page.meta.get("revisions")
    return [r for r in value if isinstance(r, dict) and isinstance(r.get("revision"), int)] \
        if isinstance(value, list) else []


def _entry_line(page: Page, entry: Entry, lang: str) -> str:
    link = f'[{md(entry.page.get("title", ""))}]({_md_href(page, entry.page)})'
    kind = label("page_type", entry.page.get("type"), lang)
    rev = t(lang, "listing.revision", revision=entry.revision)
    return f'- **{dates.format_date(entry.date, lang)}** · {kind} · {link} ({rev}): {md(entry.note)}'


def _md_href(from_page: Page, to_page: Page) -> str:
    """Relative Markdown link to the target's file without language suffix (static-i18n localises it)."""
    return md_href(cast(str, from_page.stem), cast(str, to_page.stem))


def latest_updates(tree: Tree, page: Page, lang: str, count: int = LATEST_COUNT) -> str:
    entries = revision_entries(tree, lang)[:count]
    if not entries:
        return f"_{e(t(lang, 'listing.none'))}_\n"
    changelog = tree.page("changelog", lang)
    more = f'\n[{t(lang, "listing.all_changes")}]({_md_href(page, changelog)})\n' if changelog is not None else ""
    return "\n".join(_entry_line(page, en, lang) for en in entries) + "\n" + more


def changelog(tree: Tree, page: Page, lang: str) -> str:
    entries = revision_entries(tree, lang)
    if not entries:
        return f"_{e(t(lang, 'listing.none'))}_\n"
    out, year = [], None
    for en in entries:
        if en.date.year != year:
            year = en.date.year
            out.append(f"\n## {year} {{ #changes-{year} }}\n")
        out.append(_entry_line(page, en, lang))
    return "\n".join(out) + "\n"


MARKERS: dict[str, Callable[[Tree, Page, str], str]] = {LEGAL_INDEX: legal_index, LATEST_UPDATES: latest_updates,
                                                        CHANGELOG: changelog}


def expand(markdown: str, tree: Tree, page: Page, lang: str) -> str:
    """The page's Markdown with every listing marker replaced by its listing."""
    for marker, renderer in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, renderer(tree, page, lang))
    from . import changes  # `<!-- legal-changes YYYY YYYY -->` (imported here: it imports this module)
    return changes.expand(markdown, tree, page, lang)
