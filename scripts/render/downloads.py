"""The trainers' downloads: the offline copy (zip) and the printed books (PDF), with their size
and the date they were made. A page asks for the list with the marker `<!-- downloads -->`.

`make release` makes the files first and hands their folder to the build (HANDBOOK_DOWNLOADS),
which copies them into site/downloads/ and lists them here. A build without them (a local
build, the tests, the offline copy itself) says where the published site offers them.
"""
from __future__ import annotations

from pathlib import Path
from typing import cast

from ..model import dates
from ..model.addresses import public_url
from ..model.languages import DEFAULT_LANGUAGE, codes, language_name, strings
from ..model.tree import url_path
from .context import RenderContext, e
from .sanitize import generated_block
from .training import test_address_mark

MARKER = "<!-- downloads -->"
FOLDER = "downloads"  # under the site's root
OFFLINE_ZIP = "so-tay-offline.zip"
# file name -> (string key, language or None), in the order they are listed
BOOK_FILES = (("so-tay-{lang}.pdf", "book_learner"), ("so-tay-{lang}-giang-vien.pdf", "book_instructor"))


def expected_files(langs=None) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = [(OFFLINE_ZIP, "offline", None)]
    for lang in langs or codes():
        out += [(name.format(lang=lang), key, lang) for name, key in BOOK_FILES]
    return out


def available(folder) -> list[dict]:
    """The downloads present in `folder` (what make release wrote), in listing order."""
    if not folder:
        return []
    folder = Path(folder)
    return [{"name": name, "key": key, "lang": lang, "bytes": (folder / name).stat().st_size}
            for name, key, lang in expected_files() if (folder / name).is_file()]


def _size(n: int, lang: str) -> str:
    mb = f"{n / 1024 / 1024:.1f}"
    return (mb.replace(".", ",") if lang == DEFAULT_LANGUAGE else mb) + " MB"


def box(ctx: RenderContext) -> str:
    D = strings(ctx.lang, "downloads")
    files = ctx.extra.get("downloads") or []
    date = dates.format_date((ctx.extra.get("build_date") or dates.today()).isoformat(), ctx.lang)
    head = f'<div class="hb-downloads" id="downloads" data-search-exclude>\n<p><strong>{e(D["title"])}</strong></p>\n'
    if not files:
        where = public_url(ctx.extra.get("site_url"), url_path(cast(str, ctx.page.stem), ctx.lang)) + "#downloads"
        mark = test_address_mark(ctx.extra.get("site_url"), ctx.lang)
        return generated_block(head + f'<p>{e(D["elsewhere"])} <a href="{e(where)}">{e(where)}</a>{mark}</p>\n</div>')
    depth = url_path(cast(str, ctx.page.stem), ctx.lang).count("/")
    rows = []
    for f in files:
        what = D[f["key"]].format(language=language_name(f["lang"], ctx.lang) if f["lang"] else "")
        href = "../" * depth + f"{FOLDER}/{f['name']}"
        rows.append(f'<tr><td><a href="{e(href)}" download>{e(what)}</a><br><small><code>{e(f["name"])}</code></small></td>'
                    f'<td>{e(_size(f["bytes"], ctx.lang))}</td></tr>')
    # the build's own markup (the `download` attribute, its classes): put back after the page is sanitised
    return generated_block(head + f'<p>{e(D["made"].format(date=date))}</p>\n'
            f'<table><thead><tr><th>{e(D["file"])}</th><th>{e(D["size"])}</th></tr></thead><tbody>'
            + "".join(rows) + f'</tbody></table>\n<p><small>{e(D["offline_hint"])}</small></p>\n</div>')


def expand(markdown: str, ctx: RenderContext) -> str:
    return markdown.replace(MARKER, box(ctx)) if MARKER in markdown else markdown
