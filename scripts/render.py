"""What the build adds to a page's Markdown, from its front matter: a short chain of
small functions, one per page type (as in pydantic's docs hook), plus the parts every
page gets (translation notice, review line). Plain Python, no MkDocs.
"""
from __future__ import annotations

import datetime as dt
import html
import os
from functools import lru_cache
from pathlib import Path

from .content import Page, Tree, load_partner, load_tree, read_page
from .schema import DEFAULT_LANGUAGE, DOC_TYPES, INVERSE_RELATIONS, LEVELS, RELATIONS, STATUSES

LABELS = {
    "vi": {
        "notice_title": "Bản dịch tham khảo",
        "metadata": "Thông tin văn bản",
        "doc_number": "Số ký hiệu",
        "doc_type": "Loại văn bản",
        "issuer": "Cơ quan ban hành",
        "signer": "Người ký",
        "issued": "Ngày ban hành",
        "effective": "Ngày có hiệu lực",
        "expiry": "Ngày hết hiệu lực",
        "gazette": "Ngày đăng công báo",
        "status": "Tình trạng hiệu lực",
        "source_url": "Văn bản gốc",
        "source_link": "Xem văn bản gốc",
        "relations": "Văn bản liên quan",
        "objectives": "Mục tiêu",
        "key_points": "Ý chính cần nhớ",
        "schedule": "Thời lượng",
        "minutes": "{teaching} phút giảng + {exercises} phút bài tập = {total} phút",
        "audience": "Đối tượng",
        "prerequisites": "Cần học trước",
        "reviewed": "Rà soát lần cuối",
        "next_review": "lần rà soát tiếp theo",
        "owner": "Đơn vị phụ trách",
        "revision": "Phiên bản",
    },
    "en": {
        "notice_title": "Reference translation",
        "metadata": "Document details",
        "doc_number": "Number",
        "doc_type": "Type",
        "issuer": "Issuing body",
        "signer": "Signed by",
        "issued": "Issued",
        "effective": "In force from",
        "expiry": "No longer in force from",
        "gazette": "Official Gazette",
        "status": "Status",
        "source_url": "Official text",
        "source_link": "Open the official text",
        "relations": "Related documents",
        "objectives": "Objectives",
        "key_points": "Key points",
        "schedule": "Time",
        "minutes": "{teaching} min teaching + {exercises} min exercises = {total} min",
        "audience": "Audience",
        "prerequisites": "Study first",
        "reviewed": "Last reviewed",
        "next_review": "next review due",
        "owner": "Owner",
        "revision": "Revision",
    },
}

NOTICE = {
    "en": ("The Vietnamese text of this page is the authoritative version; this English translation "
           "is provided for reference only. Where they differ, the Vietnamese text prevails."),
}
UNVERIFIED = "Chưa xác minh"  # what editors write in a shared field they could not verify
MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _lang_index(lang: str) -> int:
    return 0 if lang == "vi" else 1


def fmt_date(value, lang: str) -> str:
    try:
        d = dt.date.fromisoformat(str(value))
    except ValueError:
        return html.escape(str(value))
    return f"{d.day:02d}/{d.month:02d}/{d.year}" if lang == "vi" else f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}"


def _e(text) -> str:
    return html.escape(str(text), quote=True)


# -- parts every page gets ------------------------------------------------------------
def translation_notice(page: Page, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return ""
    depth = page.url_path.count("/")
    vi_url = "../" * depth + page.url_path.split("/", 1)[1]
    return (f'<div class="admonition info hb-translation-notice" lang="en" data-search-exclude>'
            f'<p class="admonition-title">{_e(LABELS[lang]["notice_title"])}</p>'
            f'<p>{_e(NOTICE[lang])} <a href="{_e(vi_url)}" hreflang="vi" lang="vi">Đọc bản tiếng Việt</a></p>'
            f'</div>\n\n')


def review_line(page: Page, lang: str) -> str:
    last = page.get("last_reviewed")
    if not last:
        return ""
    L = LABELS[lang]
    months = page.get("review_in_months") or 6
    parts = [f'{L["reviewed"]}: {fmt_date(last, lang)}']
    try:
        from .check import add_months
        parts[0] += f' ({L["next_review"]}: {fmt_date(add_months(dt.date.fromisoformat(str(last)), months), lang)})'
    except ValueError:
        pass
    if page.get("owner"):
        parts.append(f'{L["owner"]}: {_e(page.get("owner"))}')
    if page.get("revision"):
        parts.append(f'{L["revision"]} {_e(page.get("revision"))}')
    return f'\n\n<p class="hb-review" id="review" data-search-exclude>{" · ".join(parts)}</p>\n'


# -- per page type ----------------------------------------------------------------------
def legal_box(page: Page, lang: str, docs_dir: Path) -> str:
    L, i = LABELS[lang], _lang_index(lang)
    rows = [("doc_number", _e(page.get("doc_number", "")))]
    if page.get("doc_type") in DOC_TYPES:
        rows.append(("doc_type", _e(DOC_TYPES[page.get("doc_type")][i])))
    issuer = page.get("issuer", "")
    rows.append(("issuer", _e(issuer)))
    signer = page.get("signer", "")
    if signer == UNVERIFIED and lang != DEFAULT_LANGUAGE:
        signer = "Unverified"
    if page.get("signer_title"):
        signer = f'{page.get("signer_title")} {signer}'.strip()
    rows.append(("signer", _e(signer)))
    for key in ("issued", "effective", "expiry", "gazette"):
        if page.get(key):
            rows.append((key, fmt_date(page.get(key), lang)))
    status = page.get("status")
    if status in STATUSES:
        text = f'<span class="hb-status hb-status--{_e(status)}">{_e(STATUSES[status][i])}</span>'
        if page.get("status_note"):
            text += f' — {_e(page.get("status_note"))}'
        rows.append(("status", text))
    if page.get("source_url"):
        rows.append(("source_url", f'<a href="{_e(page.get("source_url"))}" rel="noopener">{L["source_link"]}</a>'))
    body = "".join(f"<tr><th scope=\"row\">{_e(L[k])}</th><td>{v}</td></tr>" for k, v in rows)
    # data-doc-number: the search index ranks the number like the title (searchindex.page_keywords)
    box = (f'<section class="hb-meta" id="metadata" data-doc-number="{_e(page.get("doc_number", ""))}" '
           f'aria-label="{_e(L["metadata"])}">'
           f'<table><caption>{_e(L["metadata"])}</caption><tbody>{body}</tbody></table></section>\n\n')
    items = []
    for label, target, part in _relations_both_ways(page, lang, docs_dir):
        href = _href(page, target)
        part = f' ({_e(part)})' if part else ""
        items.append(f'- **{_e(label)}**: [{_e(target.get("title"))}]({href}){part}')
    if items:
        box += f'<div class="hb-relations" id="relations" markdown>\n\n**{_e(L["relations"])}**\n\n' \
               + "\n".join(items) + "\n\n</div>\n\n"
    return box


def _href(page: Page, target: Page) -> str:
    """Relative Markdown link to the target page without language suffix (static-i18n localises it)."""
    return os.path.relpath(target.path.with_name(target.stem.rsplit("/", 1)[-1] + ".md"), page.path.parent)


def _relations_both_ways(page: Page, lang: str, docs_dir: Path):
    """(label, target page, part) for relations written on this page and, inverted, on others."""
    i = _lang_index(lang)
    pages = _pages(str(docs_dir))
    for rel in page.get("relations") or []:
        target = pages.get((rel.get("target"), lang))
        if target is not None and rel.get("type") in RELATIONS:
            yield RELATIONS[rel["type"]][i], target, rel.get("part")
    for (other_id, other_lang), other in sorted(pages.items()):
        if other_lang != lang or other_id == page.id:
            continue
        for rel in other.get("relations") or []:
            if rel.get("target") == page.id and rel.get("type") in INVERSE_RELATIONS:
                yield INVERSE_RELATIONS[rel["type"]][i], other, rel.get("part")


def module_top(page: Page, lang: str, docs_dir: Path) -> str:
    L, i = LABELS[lang], _lang_index(lang)
    teaching, exercises = page.get("teaching") or 0, page.get("exercises") or 0
    audience = ", ".join(LEVELS[a][i] for a in page.get("audience") or [] if a in LEVELS)
    objectives = "".join(f"<li>{_e(o)}</li>" for o in page.get("objectives") or [])
    prereq = ""
    for pid in page.get("prerequisites") or []:
        target = _pages(str(docs_dir)).get((pid, lang))
        if target is not None:
            href = _href(page, target)
            prereq += f"[{_e(target.get('title'))}]({href}) "
    out = (f'<div class="hb-module" markdown>\n\n'
           f'<p id="schedule"><strong>{L["schedule"]}:</strong> '
           f'{L["minutes"].format(teaching=teaching, exercises=exercises, total=teaching + exercises)}'
           f' · <strong>{L["audience"]}:</strong> {_e(audience)}</p>\n\n')
    if prereq:
        out += f'**{L["prerequisites"]}:** {prereq.strip()}\n\n'
    out += (f'<div class="admonition abstract" id="objectives"><p class="admonition-title">{_e(L["objectives"])}</p>'
            f'<ul>{objectives}</ul></div>\n\n</div>\n\n')
    return out


def module_bottom(page: Page, lang: str) -> str:
    L = LABELS[lang]
    points = "".join(f"<li>{_e(o)}</li>" for o in page.get("key_points") or [])
    return (f'\n\n<div class="admonition success" id="key-points"><p class="admonition-title">{_e(L["key_points"])}</p>'
            f'<ul>{points}</ul></div>\n')


_TREES: dict[str, Tree] = {}


def use_tree(tree: Tree) -> None:
    """Render from this tree (the one the checks just read) instead of reading docs/ again."""
    _TREES[str(tree.docs_dir)] = tree
    _pages.cache_clear()
    _by_path.cache_clear()


def _tree(docs_dir) -> Tree:
    key = str(Path(docs_dir).resolve())
    if key not in _TREES:
        _TREES[key] = load_tree(key)
    return _TREES[key]


def page_at(path: Path, docs_dir: Path) -> Page:
    """The page of a source file, with its language partner attached."""
    found = _by_path(str(Path(docs_dir).resolve())).get(Path(path).resolve())
    return found if found is not None else load_partner(read_page(Path(path), Path(docs_dir).resolve()))


@lru_cache(maxsize=4)
def _by_path(docs_dir: str) -> dict:
    return {p.path: p for p in _tree(docs_dir).pages}


@lru_cache(maxsize=4)
def _pages(docs_dir: str) -> dict:
    return {(p.id, p.lang): p for p in _tree(docs_dir).pages if p.id and p.lang}


def ack_box(page: Page, lang: str, extra: dict) -> str:
    ack = page.get("ack") or {}
    if not ack.get("required"):
        return ""
    from . import ackbox
    return ackbox.render(page.merged, lang, extra)


def dashboard(markdown: str, lang: str, extra: dict, docs_dir: Path) -> str:
    marker = "<!-- ack-dashboard -->"
    if marker not in markdown:
        return markdown
    from . import dashboard as dash
    root = docs_dir.parent
    body = dash.render(lang, docs_dir, root / "data" / "reporters.csv", root / "data" / "acks",
                       float(extra.get("ack_target", 0.75)))
    return markdown.replace(marker, body)


def decorate(markdown: str, page: Page, lang: str, extra: dict, docs_dir: Path) -> str:
    """The page's Markdown with everything the build adds from its front matter."""
    ptype = page.get("type")
    top, bottom = translation_notice(page, lang), ""
    if ptype == "legal-update":
        top += legal_box(page, lang, docs_dir)
    elif ptype == "module":
        top += module_top(page, lang, docs_dir)
        bottom += module_bottom(page, lang)
    top += ack_box(page, lang, extra)
    markdown = dashboard(markdown, lang, extra, docs_dir)
    return top + markdown + bottom + review_line(page, lang)
