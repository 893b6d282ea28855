"""The home page's first screen: what is new since the reader last looked.

A pure function (tree, page, language) -> Markdown for the marker `<!-- whats-new -->`: the
latest revision notes as one short line each (title, date), newest first. assets/home.js
marks the ones newer than the reader's previous visit, remembered on the device only
(localStorage: the newest date seen; nothing is sent anywhere), and says how many there are.
"""
from __future__ import annotations

import html
from typing import cast

from ..model import dates
from ..model.languages import t
from ..model.tree import Page, Tree
from .escape import md, md_href
from .listing import revision_entries
from .sanitize import generated, generated_block

WHATS_NEW = "<!-- whats-new -->"
SHOWN = 3        # lines on the first screen of a phone
COUNTED = 50     # dates the script compares with the last visit (it counts past the lines shown)


def _href(from_page: Page, to_page: Page) -> str:
    return md_href(cast(str, from_page.stem), cast(str, to_page.stem))


def whats_new(tree: Tree, page: Page, lang: str) -> str:
    entries = revision_entries(tree, lang)
    if not entries:
        return ""
    seen, lines = set(), []
    for entry in entries:  # one line per page (its latest note)
        if entry.page.id in seen:
            continue
        seen.add(entry.page.id)
        day = entry.date.isoformat()
        lines.append(f'- <time datetime="{day}">{dates.format_date(day, lang)}</time> '
                     f'[{md(entry.page.get("title", ""))}]({_href(page, entry.page)})')
        if len(lines) == SHOWN:
            break
    counted = " ".join(en.date.isoformat() for en in entries[:COUNTED])  # newest first, one per change
    attrs = " ".join(f'data-{k}="{html.escape(t(lang, f"home.{k}"))}"' for k in ("since", "since_one", "nothing"))
    changelog = tree.page("changelog", lang)
    more = f' · [{md(t(lang, "home.all"))}]({_href(page, changelog)})' if changelog is not None else ""
    # the build's own markup (a section the script reads) around Markdown lines: only the tags are
    # generated, the lines are sanitised like the page (render/sanitize.py)
    return (generated_block(f'<section class="hb-new" id="whats-new" data-hb-new data-dates="{counted}" {attrs}>')
            + generated(f'<span class="hb-new__title">{html.escape(t(lang, "home.new"), quote=False)}</span>')
            + f'{more}\n\n' + "\n".join(lines) + "\n" + generated_block("</section>"))


def expand(markdown: str, tree: Tree, page: Page, lang: str) -> str:
    return markdown.replace(WHATS_NEW, whats_new(tree, page, lang)) if WHATS_NEW in markdown else markdown
