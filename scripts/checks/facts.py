"""Checks that protect the legal facts a page teaches:

- `[numbers-differ]`: a section of the Vietnamese text and the same section of its English
  translation (paired by heading id `{ #id }`; the text before the first heading pairs with
  itself) do not contain the same numbers: years, months, days, ages, amounts, article and
  clause numbers. Dates are compared as numbers, whatever their form ("01/07/2025" and
  "1 July 2025" both give 1, 7, 2025); "10 triệu" and "10 million" both give 10 000 000.
  Source notes (footnote definitions) are left out: their titles are not the taught text.
- `[citation-homepage]`: a citation (a `sources` entry, `source_url`, or a footnote
  definition's address) points at a site's home page or at a tag, search or listing page
  instead of the document it cites.

Both are errors: a reporter reads either language and cites what the page cites.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from urllib.parse import parse_qs, urlsplit

from ..model.folding import slugify
from ..model.languages import DEFAULT_LANGUAGE, codes, language
from ..model.tree import Page
from .context import Context, short

# -- numbers ------------------------------------------------------------------------------

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*#([A-Za-z0-9_-]+)[^}]*\})?\s*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
FOOTNOTE_DEF_RE = re.compile(r"^\[\^[^\]]+\]:")
# what is not taught text: footnote marks, link targets, autolinks, code, attribute lists, HTML tags
STRIP_RES = (
    re.compile(r"\[\^[^\]]+\]"),
    re.compile(r"\]\([^)]*\)"),
    re.compile(r"<(?:https?:|mailto:|tel:)[^>]*>"),
    re.compile(r"https?://\S+"),
    re.compile(r"`[^`]*`"),
    re.compile(r"\{[:#.][^}]*\}"),
    re.compile(r"</?[A-Za-z][^>]*>"),
    re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*\S+"),  # admonition type; its quoted title stays
)
# Roman numerals the Vietnamese text uses for a legislature, chapter or part ("khóa XV", "Chương XIV")
ROMAN_AFTER_RE = re.compile(r"\b(khóa|khoá|chương|phần|mục|chapter|part|section|legislature)\s+([IVXLC]+)\b",
                            re.IGNORECASE)
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@cache
def number_grammar(lang: str) -> tuple[re.Pattern[str], dict[str, int], re.Pattern[str] | None, dict[str, int]]:
    """How `lang` writes numbers, from its locale file's `numbers`: (a number with the language's
    grouping and decimal marks, ordinal endings and an optional scale word after it; scale word ->
    factor; the month names it writes as words, capitalised only, so "may" the verb is not May;
    month name -> number)."""
    spec = language(lang).numbers
    scale = {str(k).lower(): int(v) for k, v in (spec.get("scale") or {}).items()}
    ordinals = "|".join(re.escape(o) for o in spec.get("ordinals") or [])
    number = re.compile(
        rf"(?<![\w.,])(\d{{1,3}}(?:{re.escape(spec.get('thousands', '.'))}\d{{3}})+|\d+)"
        rf"(?:{re.escape(spec.get('decimal', ','))}(\d+))?" + (f"(?:{ordinals})?" if ordinals else "") + r"(?!\w)"
        + (r"(?:\s+(" + "|".join(map(re.escape, scale)) + r")\b)?" if scale else "()?"))
    months = [str(m) for m in spec.get("month_words") or []]
    month_re = re.compile(r"\b(" + "|".join(m.capitalize() for m in months) + r")\b") if months else None
    return number, scale, month_re, {m.lower(): i for i, m in enumerate(months, start=1)}


def _roman(text: str) -> int:
    values = [ROMAN[c] for c in text.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def plain(line: str) -> str:
    """A Markdown line without what is not taught text (addresses, footnote marks, code…)."""
    for pattern in STRIP_RES:
        line = pattern.sub(" ", line)
    return line


def numbers_in(text: str, lang: str) -> list[str]:
    """The numbers of a piece of text, normalised so both languages write them the same way."""
    found = [str(_roman(m.group(2))) for m in ROMAN_AFTER_RE.finditer(text)]
    text = ROMAN_AFTER_RE.sub(" ", text)
    pattern, scales, month_re, month_numbers = number_grammar(lang)
    if month_re is not None:
        found += [str(month_numbers[m.group(1).lower()]) for m in month_re.finditer(text)]
    for m in pattern.finditer(text):
        whole = int(re.sub(r"[.,]", "", m.group(1)))
        scale = scales.get((m.group(3) or "").lower(), 1)
        if m.group(2):
            value = float(f"{whole}.{m.group(2)}") * scale
            found.append(str(int(value)) if value == int(value) else f"{value:g}")
        else:
            found.append(str(whole * scale))
    return found


def sections(page: Page) -> dict[str, tuple[int, dict[str, int]]]:
    """Heading id -> (line of the heading, {number: first line it appears on}).
    The text before the first heading is the section ''. A heading's id is its `{ #id }` or,
    without one, the id the build gives it (slugify), so "## Điều 151" pairs with
    "## Article 151 { #dieu-151 }"; a heading without an id below the section's own level
    (a ### under a ## { #id }) is part of that section."""
    out: dict[str, tuple[int, dict[str, int]]] = {"": (page.body_line, {})}
    current, level, fenced = "", 0, False
    for offset, line in enumerate(page.body.split("\n")):
        lineno = page.body_line + offset
        if FENCE_RE.match(line):
            fenced = not fenced
            continue
        if fenced or FOOTNOTE_DEF_RE.match(line):
            continue
        heading = HEADING_RE.match(line)
        if heading and (heading.group(3) or current == "" or len(heading.group(1)) <= level):
            current, level = heading.group(3) or slugify(plain(heading.group(2))), len(heading.group(1))
            out.setdefault(current, (lineno, {}))
            line = heading.group(2)
        numbers = out[current][1]
        for n in numbers_in(plain(line), page.lang or DEFAULT_LANGUAGE):
            numbers.setdefault(n, lineno)
    return out


def _listed(numbers: Iterable[str]) -> str:
    return ", ".join(sorted(numbers, key=lambda n: (float(n), n)))


def check_numbers(ctx: Context) -> None:
    for page in ctx.tree.pages:
        source = page.source
        if not page.lang or page.lang == DEFAULT_LANGUAGE or source is None or source is page:
            continue
        if page.error is not None or source.error is not None or not page.body.strip():
            continue
        vi, en = sections(source), sections(page)
        for sid, (line, theirs) in en.items():
            if sid not in vi:
                continue  # a section of one language only: the translation checks report it
            ours = vi[sid][1]
            missing, extra = set(ours) - set(theirs), set(theirs) - set(ours)
            if not missing and not extra:
                continue
            where = min([theirs[n] for n in extra] or [line])
            ctx.add(page, where, "numbers-differ", section=f"#{sid}" if sid else "(phần mở đầu)",
                    source=ctx.rel(source.path), source_line=vi[sid][0],
                    only_vi=_listed(missing) or "—", only_en=_listed(extra) or "—")


# -- citations ----------------------------------------------------------------------------

FOOTNOTE_URL_RE = re.compile(r"<(https?://[^>\s]+)>|\((https?://[^)\s]+)\)|(?<![<(])(https?://[^\s>)]+)")
# path segments and file names of listing pages: tags, search results, categories, feeds
LISTING_SEGMENTS = {"tag", "tags", "search", "tim-kiem", "timkiem", "tra-cuu", "category", "categories",
                    "chu-de", "danh-muc", "topic", "topics", "label", "labels", "feed", "rss"}
LISTING_FILE_RE = re.compile(r"(^|[-_.])(tag|tags|ptag|search|timkiem|tim-kiem)(\.[a-z]+)?$", re.IGNORECASE)
SEARCH_QUERY_KEYS = {"q", "s", "query", "keyword", "keywords", "tukhoa", "search", "tag"}
HOME_FILES = {"", "index.html", "index.htm", "index.php", "default.aspx", "home", "trang-chu"}  # + language codes


def homepage_kind(url: str) -> str | None:
    """'trang chủ' when the address is a site's home page, 'trang thẻ/tìm kiếm' when it is a
    tag, search or listing page; None when it names a document."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = {k.lower() for k in parse_qs(parts.query)}
    if query & SEARCH_QUERY_KEYS:
        return "trang thẻ/tìm kiếm"
    if any(s.lower() in LISTING_SEGMENTS for s in segments[:-1]) or \
            (segments and (segments[-1].lower() in LISTING_SEGMENTS or LISTING_FILE_RE.search(segments[-1]))):
        return "trang thẻ/tìm kiếm"
    if not query and (not segments or (len(segments) == 1 and segments[0].lower() in HOME_FILES | set(codes()))):
        return "trang chủ"
    return None


def _line_of_text(page: Page, needle: str, default: int) -> int:
    for n, line in enumerate(page.text.split("\n"), start=1):
        if needle in line:
            return n
    return default


def citations(page: Page) -> list[tuple[int, str, str]]:
    """(line, field, address) of every citation of the page."""
    out = []
    if isinstance(page.meta.get("source_url"), str):
        out.append((page.line_of("source_url"), "source_url", page.meta["source_url"]))
    for item in page.meta.get("sources") or []:
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            out.append((_line_of_text(page, item["url"], page.line_of("sources")), "sources", item["url"]))
    fenced = False
    for offset, line in enumerate(page.body.split("\n")):
        if FENCE_RE.match(line):
            fenced = not fenced
        if fenced or not FOOTNOTE_DEF_RE.match(line):
            continue
        for m in FOOTNOTE_URL_RE.finditer(line):
            out.append((page.body_line + offset, "chú thích nguồn", next(g for g in m.groups() if g)))
    return out


def check_citations(ctx: Context) -> None:
    for page in ctx.tree.pages:
        if page.error is not None:
            continue
        for line, where, url in citations(page):
            kind = homepage_kind(url)
            if kind:
                ctx.add(page, line, "citation-homepage", url=short(url), kind=kind, field=where)


def check(ctx: Context) -> None:
    check_numbers(ctx)
    check_citations(ctx)
