"""Every page's HTML, after Markdown rendering, passes an allow-list sanitiser (nh3, the
binding of the Rust `ammonia` crate): only the tags and attributes the handbook's own Markdown
and extensions produce survive (admonitions, details, tabbed blocks, footnotes, tables, the
table of contents' permalinks, attribute lists' ids and classes, abbreviations, definition
lists, raw HTML of the same kinds), and URLs only https, http, mailto, tel or relative. No
`base`, `meta`, `iframe`, `object`, `embed`, `form`, `style`, `script`, event attribute or SVG
comes from content, whatever the spelling.

The build's own markup (boxes, QR codes, charts, the legal index's filter) is not trusted from
the page: a renderer wraps it in `generated()`; before Markdown runs, `protect()` swaps each
wrapped fragment for a random token, and after sanitising `restore()` puts the fragments back.
A page cannot forge a token (a new random one per page) nor a wrapper (`escape.plain` and
`strip_marks` drop the marks from every value and every page text).

`findings()` gives what the sanitiser would remove from a fragment of raw HTML, so that the
content check (`[unsafe-html]`) can name it at its line before the build does it silently.
"""
from __future__ import annotations

import re
import secrets
from html.parser import HTMLParser

import nh3

from .escape import MARK_CLOSE, MARK_OPEN, MARKS, safe_url

# -- the allow-list -------------------------------------------------------------------------------
TAGS = frozenset("""
a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption
figure h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark ol p pre q s samp small span strong
sub summary sup table tbody td tfoot th thead time tr u ul var wbr
""".split())

# Tags whose content goes too (the rest lose their tag and keep their text).
DROP_WITH_CONTENT = frozenset({"script", "style", "template", "iframe", "object", "embed", "noscript", "svg",
                               "math", "noembed", "noframes", "xmp", "textarea", "select", "title"})

GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "data-search-exclude"})
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "blockquote": frozenset({"cite"}), "q": frozenset({"cite"}),
    "ol": frozenset({"start", "reversed"}), "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "style", "align"}),
    "th": frozenset({"colspan", "rowspan", "scope", "style", "align"}),
    "col": frozenset({"span"}), "colgroup": frozenset({"span"}),
    "details": frozenset({"open"}), "time": frozenset({"datetime"}), "abbr": frozenset({"title"}),
    "label": frozenset({"for"}), "div": frozenset({"data-tabs"}),  # pymdownx.tabbed (alternate style)
    "input": frozenset({"name", "checked"}),
}
# The tabbed blocks' radio buttons are the only inputs content makes: nothing else of a form.
ATTRIBUTE_VALUES = {"input": {"type": {"radio"}}}
STYLE_PROPERTIES = frozenset({"text-align"})  # Markdown tables' column alignment, nothing more
URL_SCHEMES = frozenset({"https", "http", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})

# Names the theme and the build use: content may not take them (DOM clobbering: Material reads
# `#__config`, the header's `#__drawer`/`#__search` toggles…; the build's own ids begin `hb-`, its classes `hb-`/`ack-`).
_RESERVED_ID = re.compile(r"^(?!__tabbed_\d+_\d+$)__|^hb-", re.I)
_RESERVED_CLASS = re.compile(r"^(?!md-button(--primary)?$)md-|^(hb|ack)-", re.I)
_RADIO_NAME = re.compile(r"^__tabbed_\d+$")


def _attribute(tag: str, attr: str, value: str) -> str | None:
    """nh3's attribute filter: what the tables above cannot say."""
    if attr == "id" and _RESERVED_ID.search(value):
        return None
    if attr == "for" and _RESERVED_ID.search(value) and not value.startswith("__tabbed_"):
        return None
    if attr == "class":
        kept = [c for c in value.split() if not _RESERVED_CLASS.search(c)]
        return " ".join(kept) or None
    if attr == "name":
        return value if _RADIO_NAME.match(value) else None
    if attr in URL_ATTRIBUTES and not url_allowed(tag, attr, value):
        return None
    return value


def url_allowed(tag: str, attr: str, value: str) -> bool:
    """Links: https, http, mailto, tel or relative. What the page loads by itself (an image):
    relative only, so that no page makes a request to another origin."""
    good = safe_url(value)
    if good is None:
        return False
    return tag != "img" or not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", re.sub(r"[\x00-\x20\x7f]", "", good))


def clean(html: str) -> str:
    """The page's HTML with everything outside the allow-list removed."""
    return nh3.clean(
        html, tags=set(TAGS), clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={"*": set(GLOBAL_ATTRIBUTES), **{k: set(v) for k, v in ATTRIBUTES.items()}},
        tag_attribute_values={k: {a: set(v) for a, v in d.items()} for k, d in ATTRIBUTE_VALUES.items()},
        attribute_filter=_attribute, strip_comments=True, link_rel=None, url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES))


# -- the build's own markup -----------------------------------------------------------------------
def generated(html: str) -> str:
    """Mark markup the build wrote (a box, a QR code, a chart) to be inserted after sanitising."""
    return MARK_OPEN + html.replace(MARK_OPEN, "").replace(MARK_CLOSE, "") + MARK_CLOSE


def generated_block(html: str) -> str:
    """`generated()` for a block (a box, a table, a figure): a paragraph of its own in Markdown."""
    return "\n\n" + generated(html) + "\n\n"


def strip_marks(text: str) -> str:
    """A page's own text, unable to open or close a generated fragment."""
    return text.translate({ord(c): None for c in MARKS}) if any(c in text for c in MARKS) else text


_FRAGMENT = re.compile(MARK_OPEN + "(.*?)" + MARK_CLOSE, re.S)
_MARKDOWN_SWITCH = re.compile(r'(<[a-z][a-z0-9]*\b[^<>]*?)\s+markdown(?:="[^"]*")?(?=\s*>)')


def protect(markdown: str) -> tuple[str, dict[str, str]]:
    """Markdown with each generated fragment replaced by a random token, and token -> fragment.
    A token is one lowercase word: Markdown and the sanitiser leave it as it is."""
    nonce = secrets.token_hex(8)
    fragments: dict[str, str] = {}

    def swap(m: re.Match) -> str:
        token = f"hbgen{nonce}n{len(fragments)}x"
        # a wrapper opened with md_in_html's `markdown` switch (what an engine that cannot
        # sanitise renders): the switch never reaches the page
        fragments[token] = _MARKDOWN_SWITCH.sub(r"\1", m.group(1))
        return token
    return strip_marks(_FRAGMENT.sub(swap, markdown)), fragments


_TOKEN = r"hbgen[0-9a-f]{16}n\d+x"
# a token alone became a paragraph (the paragraph goes with it); one pass, so that a fragment's
# own text is never read for tokens
_RESTORE = re.compile(rf"<p>((?:\s*{_TOKEN})+)\s*</p>|{_TOKEN}")


def restore(html: str, fragments: dict[str, str]) -> str:
    """The sanitised HTML with the generated fragments back in place of their tokens."""
    if not fragments:
        return html

    def back(m: re.Match) -> str:
        tokens = re.findall(_TOKEN, m.group(0))
        if m.group(1) is None or not all(t in fragments for t in tokens):
            return re.sub(_TOKEN, lambda t: fragments.get(t.group(0), t.group(0)), m.group(0))
        return "\n".join(fragments[t] for t in tokens)  # a text that only looks like a token stays text
    return _RESTORE.sub(back, html)


_ID = re.compile(r"""\sid=["']([^"'<>]+)["']""")


def generated_ids(fragments: dict[str, str] | None) -> set[str]:
    """The ids the build's own markup gives a page (a link to `glossary.md#terms` must find its
    table, which the engine's Markdown never saw: it saw a token)."""
    return {m.group(1) for fragment in (fragments or {}).values() for m in _ID.finditer(fragment)}


def page_html(html: str, fragments: dict[str, str] | None = None) -> str:
    """What the build writes for a page's content: sanitised, then the build's own markup."""
    return restore(clean(html), fragments or {})


# -- what the sanitiser would remove (for the content check) ----------------------------------------
class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str]] = []  # ((line, column), what, "html" | "url")

    def handle_starttag(self, tag, attrs):
        where = self.getpos()
        if tag not in TAGS:
            self.found.append((where, f"thẻ <{tag}>", "html"))
            return
        allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(tag, frozenset()) | set(ATTRIBUTE_VALUES.get(tag, {}))
        for name, value in attrs:
            value = value or ""
            if name == "markdown" and tag in TAGS:  # md_in_html's switch: it never reaches the page
                continue
            if name.startswith("on"):
                self.found.append((where, f"thuộc tính sự kiện '{name}='", "html"))
            elif name not in allowed:
                self.found.append((where, f"thuộc tính '{name}' của thẻ <{tag}>", "html"))
            elif name in URL_ATTRIBUTES and not url_allowed(tag, name, value):
                self.found.append((where, f"liên kết '{_scheme(value)}' ở thuộc tính '{name}'", "url"))
            elif name in ATTRIBUTE_VALUES.get(tag, {}) and value not in ATTRIBUTE_VALUES[tag][name]:
                self.found.append((where, f"{name}=\"{value[:20]}\" của thẻ <{tag}>", "html"))
            elif name in ("id", "class", "name") and _attribute(tag, name, value) != value:
                self.found.append((where, f"tên dành riêng cho giao diện '{name}=\"{value[:40]}\"'", "html"))

    handle_startendtag = handle_starttag


def _scheme(value: str) -> str:
    folded = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
    return folded.split(":", 1)[0] + ":" if ":" in folded else folded[:20]


def findings(html: str) -> list[tuple[int, int, str, str]]:
    """(line, column, what, kind) for each tag, attribute ("html") or URL ("url") of `html` the
    sanitiser would remove."""
    parser = _Tags()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; a failure must not hide the rest
        pass
    return [(line, col, what, kind) for (line, col), what, kind in parser.found]
