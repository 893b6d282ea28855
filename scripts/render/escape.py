"""The one place a value is escaped for where it lands. Every renderer (boxes, listings, the
module index, the history table, the editors' reference, the feeds) calls these; none keeps a
copy of its own.

| context                                   | function | what it guarantees                                |
|-------------------------------------------|----------|---------------------------------------------------|
| HTML text and attribute values (quoted)   | `e`      | `& < > " '` as references: text, never markup     |
| a URL in an `href`/`src` attribute        | `url`    | http(s)/mailto/tel or relative, else `#`; escaped |
| Markdown inline text (list item, link)    | `md`     | HTML specials and Markdown punctuation as refs    |
| a Markdown table cell                     | `md`     | the same (`|` too), on one line                   |
| trusted Markdown in a table (the registry)| `cell`   | `|` and newlines only: the text's own Markdown stays |
| a relative link between pages             | `href`, `md_href` | computed from the tree, never from a value |
| text of an XML element (Atom feed)        | `xml`    | like `e`, minus the characters XML 1.0 forbids    |

Each also drops the build's marks of generated markup (`sanitize.MARKS`) and control
characters, so a front-matter value can neither end a generated block early nor carry a
terminal escape into a page.
"""
from __future__ import annotations

import html
import os
import posixpath
import re

# Private-use characters the build wraps its own markup in (scripts/render/sanitize.py); no
# value may carry them into a page.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARKS = MARK_OPEN + MARK_CLOSE

# C0 controls except tab and newline, DEL, C1 controls, and the marks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + MARKS + "]")

SAFE_SCHEMES = ("https:", "http:", "mailto:", "tel:")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]")  # what a browser drops or ignores inside a URL's scheme


def plain(text) -> str:
    """The value as one safe string: no control characters, no marks of generated markup."""
    return _CONTROL.sub("", str(text))


def one_line(text) -> str:
    """`plain` with every line break as a space (table cells, terminal lines, annotations)."""
    return re.sub(r"[\r\n\t\u2028\u2029]+", " ", plain(text))


def e(text) -> str:
    """Escape for HTML text and quoted attribute values."""
    return html.escape(plain(text), quote=True)


# what XML 1.0 allows: tab, newline, carriage return and the printable planes (not the surrogates
# nor U+FFFE/U+FFFF); a C0 control in a revision note made feed.xml ill-formed
_NOT_XML = re.compile(r"[^\t\n\r\x20-\ud7ff\ue002-\ufffd\U00010000-\U0010ffff]")


def xml_chars(text) -> str:
    """Text an XML serialiser may write (it escapes `& < >` itself): no character XML 1.0 forbids,
    no mark of generated markup."""
    return _NOT_XML.sub("", str(text))


def xml(text) -> str:
    """Escape for XML text and attributes written by hand: `e` of `xml_chars`."""
    return e(xml_chars(text))


def safe_url(value) -> str | None:
    """The URL when it is relative or https/http/mailto/tel (as a browser reads its scheme), else None."""
    text = plain(value).strip()
    folded = _URL_NOISE.sub("", html.unescape(text))
    scheme = _SCHEME.match(folded)
    if scheme is None:
        # no scheme: relative. A `//host` is another origin, and a `\` reads as `/` in a browser.
        return None if folded.replace("\\", "/").startswith("//") else text
    return text if scheme.group(0).lower() in SAFE_SCHEMES else None


def url(value, fallback: str = "#") -> str:
    """Escape for a URL attribute: a safe URL (see `safe_url`) escaped, anything else `fallback`."""
    good = safe_url(value)
    return e(good) if good is not None else fallback


_MD_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord('"'): "&quot;", ord("'"): "&#39;"}
_MD_ESCAPES.update({ord(c): f"&#{ord(c)};" for c in "[]()`*_\\!{}|~"})


def md(text) -> str:
    """Escape for text inside Markdown (a list item, link text, a table cell): the HTML specials
    and every character that could open Markdown syntax (a link, emphasis, code, an attribute
    list, a table column) become character references, on one line."""
    return one_line(text).translate(_MD_ESCAPES)


def cell(text) -> str:
    """Trusted Markdown (the registry's own help texts) in one table cell: `|` and line breaks only."""
    return one_line(text).replace("|", "\\|")


def href(from_path, to_path) -> str:
    """Relative Markdown link from a page file to another page's file (both paths on disk)."""
    return os.path.relpath(to_path, from_path.parent)


def md_href(from_stem: str, to_stem: str) -> str:
    """Relative Markdown link between two pages' stems, to the target's file without language
    suffix (static-i18n localises it)."""
    return posixpath.relpath(to_stem + ".md", posixpath.dirname(from_stem) or ".")


def page_href(from_url: str, to_url: str) -> str:
    """Relative URL between two built pages' URL paths (directory URLs), for raw HTML."""
    rel = posixpath.relpath(to_url.rstrip("/") or ".", from_url.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


# -- lines for a terminal and for CI annotations ----------------------------------------------------
_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069" + MARKS + "]")


def terminal(text) -> str:
    """One line safe to print: no escape sequence (ESC, CSI…), no bidirectional override, no
    carriage return that would overwrite what came before."""
    return _TERMINAL.sub("", re.sub(r"[\r\n\u2028\u2029\x85]+", " ", str(text)))


def annotation_data(text) -> str:
    """The message of a GitHub `::error …::message` line (GitLab reads the same job log):
    `%`, CR and LF escaped as the format requires, so a value cannot start a new command."""
    return terminal(str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def annotation_property(text) -> str:
    """A property value (`file=…,line=…,title=…`): also `:` and `,`, which end a property."""
    return annotation_data(text).replace(":", "%3A").replace(",", "%2C")
