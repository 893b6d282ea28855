"""A Content-Security-Policy on every page, as a `<meta http-equiv>` (static hosts cannot set
headers), computed from the page's final HTML.

Scripts: the site's own files (`'self'`) and the inline scripts the theme and the build wrote,
each by its SHA-256 hash, never `'unsafe-inline'`. Content cannot add one (the sanitiser,
scripts/render/sanitize.py, removes every script and event attribute of a page's text); and
a script or handler planted in the written file afterwards has no hash, so it does not run.

The rest: everything from the site's own origin only (`default-src 'self'`), images also as
data: URLs (the theme's icons), no plugins, no frames, `<base>` only to the site itself, forms
sent only to the acknowledgement form's origin (`extra.ack_form_url`) or nowhere. Styles allow
inline ones: Material and the handbook set `style` attributes (tables' alignment, charts), and a
style cannot run a script. Workers from the site or from a Blob its own script made (the offline
copy starts search that way).

`frame-ancestors`, `report-uri` and `sandbox` are ignored in a meta element: not set.
"""
from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

META_NAME = "Content-Security-Policy"
# an inline classic or module script (a JSON data block such as Material's #__config is not run)
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s+[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_RUNNABLE_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
_HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?[\w-]+[\"']?\s*/?>", re.I)
_EXISTING = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">', re.I)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' of each inline script of `html` a browser would run, in order, no repeats."""
    out = []
    for m in _INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs") or ""
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _RUNNABLE_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in out:
            out.append(token)
    return out


def form_origin(form_url) -> str | None:
    """The https origin of the acknowledgement form's address, or None (no form: forms go nowhere)."""
    if not isinstance(form_url, str):
        return None
    parts = urlsplit(form_url.strip())
    if parts.scheme != "https" or not parts.hostname or not re.fullmatch(r"[A-Za-z0-9.-]+", parts.hostname):
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"https://{parts.hostname.lower()}{port}"


def policy(script_hashes: list[str], form_url=None) -> str:
    form = form_origin(form_url)
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *script_hashes]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'", "blob:"]),
        ("manifest-src", ["'self'"]),
        ("media-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("frame-src", ["'none'"]),
        ("child-src", ["'self'", "blob:"]),
        ("base-uri", ["'self'"]),
        ("form-action", [form] if form else ["'none'"]),
    ]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives)


def with_policy(html: str, form_url=None) -> str:
    """`html` with its Content-Security-Policy meta first in <head> (after the charset), replacing
    one written before: the hashes are those of the scripts of `html` as given."""
    html = _EXISTING.sub("", html)
    meta = f'<meta http-equiv="{META_NAME}" content="{policy(inline_script_hashes(html), form_url)}">'
    charset = _CHARSET.search(html)  # the charset stays first (it must be in the first 1024 bytes)
    if charset:
        return html[:charset.end()] + meta + html[charset.end():]
    head = _HEAD.search(html)
    if head:
        return html[:head.end()] + meta + html[head.end():]
    return meta + html
