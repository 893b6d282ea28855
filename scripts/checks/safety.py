"""Content that could run a script in a reader's browser: raw HTML in front matter, script
URLs, `<script>` and `on…=` handlers in page bodies.

Front matter is plain text: every value the renderer shows is HTML-escaped, but MkDocs
and Material put `title` into <title> and the nav themselves, so this check is the guard
there: no `<` or `>` in any front-matter text [unsafe-html]; no `javascript:`, `data:` or
`vbscript:` URL anywhere in front matter or in mkdocs.yml `extra` [unsafe-url];
`extra.ack_form_url` must be https [unsafe-url]. A page body may not hold a raw
`<script` or an `on…=` event attribute, nor a `javascript:`/`vbscript:` link, unless the
page is in RAW_HTML_ALLOWED or mkdocs.yml `extra.raw_html_allowed` (paths under docs/).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from ..model import ackrule
from ..model.tree import Page
from .context import Context, short

RAW_HTML_ALLOWED: frozenset[str] = frozenset()  # e.g. {"tools/widget.vi.md"}: reviewed pages only

# The messages of the two rules (rules.py: "unsafe-html" and "unsafe-url" are "{detail}").
HTML_IN_FIELD = ("trường '{field}' chứa dấu '<' hoặc '>' ('{value}'): front matter là văn bản thuần, không được có "
                 "thẻ HTML; bỏ thẻ, hoặc viết 'nhỏ hơn'/'lớn hơn'")
SCRIPT_IN_BODY = ("nội dung trang có {what}: mã chạy trong trình duyệt không được phép; xoá đi, hoặc nhờ người "
                  "duyệt thêm '{path}' vào extra.raw_html_allowed trong mkdocs.yml")
SCRIPT_URL = ("trường '{field}' là liên kết '{scheme}' ('{value}'): liên kết loại này chạy mã trong trình duyệt; "
              "chỉ dùng https://")
FORM_NOT_HTTPS = ("extra.ack_form_url '{value}' phải là địa chỉ https:// (biểu mẫu xác nhận nhận dữ liệu cá "
                  "nhân); sửa trong mkdocs.yml")

FRONT_MATTER_SCHEMES = ("javascript:", "data:", "vbscript:")
BODY_SCHEMES = ("javascript:", "vbscript:")  # data: images are ordinary in Markdown
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2060\ufeff]+")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<\s*script\b", re.I)
_HANDLER = re.compile(r"<[a-zA-Z][^>]*?[\s/\"']on[a-z]+\s*=", re.S)
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]*?(?<![\w-])on[a-z]+\s*=", re.I)  # attr_list: [x](y){ onclick=… }
_BODY_URL = re.compile(r"(?:\]\(\s*<?|\b(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?)([^)\s\"'>]+)", re.I)


def _scheme_of(text: str) -> str:
    """`JaVa\tScript:alert(1)`, `&#106;avascript:` … -> 'javascript:…' (what a browser would see)."""
    return _INVISIBLE.sub("", html.unescape(str(text))).lower()


def unsafe_scheme(text: str, schemes=FRONT_MATTER_SCHEMES) -> str | None:
    folded = _scheme_of(text)
    return next((s for s in schemes if folded.startswith(s)), None)


# Inside a text (a Markdown link written into a relation's `part`, say): javascript:/vbscript:
# anywhere, data: when it is a data URL (not "Metadata: …").
_EMBEDDED = re.compile(r"(?<![a-z0-9])(javascript:|vbscript:|data:[a-z-]+/[a-z0-9.+-]+[;,])")


def embedded_scheme(text: str) -> str | None:
    m = _EMBEDDED.search(_scheme_of(text))
    return None if m is None else ("data:" if m.group(1).startswith("data:") else m.group(1))


def _strings(value, path=""):
    """(key path, text) of every string in a front-matter value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


def check_page(ctx: Context, page: Page, allowed: set[str]) -> None:
    if page.error is None and page.meta:
        for key, value in page.meta.items():
            line = page.line_of(key)
            for where, text in _strings(value, str(key)):
                if "<" in text or ">" in text:
                    ctx.add(page, line, "unsafe-html", detail=HTML_IN_FIELD.format(field=where, value=short(text)))
                scheme = unsafe_scheme(text) or embedded_scheme(text)
                if scheme:
                    ctx.add(page, line, "unsafe-url", detail=SCRIPT_URL.format(field=where, scheme=scheme,
                                                                               value=short(text)))
    if page.rel not in allowed:
        check_body(ctx, page)


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def check_body(ctx: Context, page: Page) -> None:
    body = page.body or ""
    if "<" not in body and ":" not in body:
        return
    text = _COMMENT.sub(_blank, _INLINE_CODE.sub(_blank, _FENCE.sub(_blank, body)))
    found = []
    for m in _SCRIPT.finditer(text):
        found.append((m.start(), "unsafe-html", "thẻ <script>"))
    for m in _HANDLER.finditer(text):
        attr = re.search(r"on[a-z]+\s*=$", m.group(0), re.I)
        found.append((m.start(), "unsafe-html", f"thuộc tính sự kiện '{attr.group(0).rstrip('= ') if attr else 'on…'}='"))
    for m in _ATTR_LIST_HANDLER.finditer(text):
        found.append((m.start(), "unsafe-html", "thuộc tính sự kiện trong danh sách thuộc tính '{ on…= }'"))
    for m in _BODY_URL.finditer(text):
        scheme = unsafe_scheme(m.group(1), BODY_SCHEMES)
        if scheme:
            found.append((m.start(1), "unsafe-url", f"liên kết '{scheme}'"))
    for offset, rule, what in sorted(found):
        line = page.body_line + text.count("\n", 0, offset)
        ctx.add(page, line, rule, detail=SCRIPT_IN_BODY.format(what=what, path=page.rel))


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python/… tags


def read_extra(config_file: Path | None) -> dict:
    if not config_file or not Path(config_file).exists():
        return {}
    try:
        config = yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506
    except yaml.YAMLError:
        return {}
    extra = config.get("extra") if isinstance(config, dict) else None
    return extra if isinstance(extra, dict) else {}


def _line_of(lines: list[str], needle: str) -> int:
    for n, line in enumerate(lines, start=1):
        if needle and needle in line:
            return n
    return 1


def key_line(lines: list[str], key: str) -> int:
    """The line of a YAML key (`  key: …`), not of a comment that names it."""
    return next((n for n, line in enumerate(lines, start=1) if line.lstrip().startswith(f"{key}:")),
                _line_of(lines, key))


def check_config(ctx: Context, config_file: Path | None) -> set[str]:
    """mkdocs.yml `extra`: script URLs, a non-https form URL. Returns the raw-HTML allow list."""
    extra = read_extra(config_file)
    if not extra:
        return set(RAW_HTML_ALLOWED)
    rel = ctx.rel(Path(config_file))
    lines = Path(config_file).read_text(encoding="utf-8").split("\n")
    for where, text in _strings(extra, "extra"):
        scheme = unsafe_scheme(text)
        if scheme:
            ctx.add(rel, _line_of(lines, text.strip()[:40]), "unsafe-url",
                    detail=SCRIPT_URL.format(field=where, scheme=scheme, value=short(text)))
    form = extra.get("ack_form_url")
    if form is not None and not (isinstance(form, str) and form.strip().lower().startswith("https://")
                                 and not unsafe_scheme(form)):
        ctx.add(rel, key_line(lines, "ack_form_url"), "unsafe-url", detail=FORM_NOT_HTTPS.format(value=short(form)))
    elif form is not None and (marker := ackrule.form_placeholder(form)):
        # the site still builds: pages say the form is not set up yet instead of linking to it
        ctx.add(rel, key_line(lines, "ack_form_url"), "form-placeholder", severity="warning", marker=marker)
    allowed = extra.get("raw_html_allowed") or []
    return set(RAW_HTML_ALLOWED) | {str(a) for a in allowed if isinstance(a, str)}


def check(ctx: Context, config_file: Path | None) -> None:
    allowed = check_config(ctx, config_file)
    for page in ctx.tree.pages:
        check_page(ctx, page, allowed)
