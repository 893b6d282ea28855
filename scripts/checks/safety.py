"""Content that could run a script in a reader's browser or send them elsewhere.

Front matter is plain text: every value the renderer shows is escaped (scripts/render/escape.py),
but MkDocs and Material put `title` into <title> and the nav themselves, so no `<` or `>` in
any front-matter text [unsafe-html]; no `javascript:`, `data:` or `vbscript:` URL anywhere in
front matter or in mkdocs.yml `extra` [unsafe-url]; `extra.ack_form_url` must be https
[unsafe-url].

A page body: the build passes every page's HTML through an allow-list sanitiser
(scripts/render/sanitize.py), whatever this check says; the check names, at its line, what
the sanitiser would remove, so that an editor sees it before the build removes it silently:
a tag or attribute outside the allow-list, an event attribute (`on…=`, also in an attribute
list `{ on…= }`) [unsafe-html], a link or image whose URL is not https, http, mailto, tel or
relative (inline, reference-style, in raw HTML) [unsafe-url]. No page is exempt.
"""
from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, cast

import yaml

from ..model import ackrule, addresses
from ..model.tree import Page
from ..render import sanitize
from ..render.escape import safe_url
from .context import Context, short

# The messages of the two rules (rules.py: "unsafe-html" and "unsafe-url" are "{detail}").
HTML_IN_FIELD = ("trường '{field}' chứa dấu '<' hoặc '>' ('{value}'): front matter là văn bản thuần, không được có "
                 "thẻ HTML; bỏ thẻ, hoặc viết 'nhỏ hơn'/'lớn hơn'")
SCRIPT_IN_BODY = ("nội dung trang có {what}: bản dựng sẽ xoá (chỉ giữ thẻ, thuộc tính và liên kết trong danh sách "
                  "cho phép, để không trang nào chạy được mã hay dẫn người đọc đi nơi khác); xoá đi, hoặc viết bằng "
                  "Markdown")
SCRIPT_URL = ("trường '{field}' là liên kết '{scheme}' ('{value}'): liên kết loại này chạy mã trong trình duyệt; "
              "chỉ dùng https://")
FORM_NOT_HTTPS = ("extra.ack_form_url '{value}' phải là địa chỉ https:// (biểu mẫu xác nhận nhận dữ liệu cá "
                  "nhân); sửa trong mkdocs.yml")

FRONT_MATTER_SCHEMES = ("javascript:", "data:", "vbscript:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f\u00ad\u200b-\u200f\u2060\ufeff]+")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?\2[`~]*[ \t]*$|\Z)", re.M | re.S)
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)  # the sanitiser drops comments: nothing to report
# what Python-Markdown turns into links itself (not raw HTML): <https://…>, <ftp://…>, <a@b.c>
_AUTOLINK = re.compile(r"<(?:(?:https?|ftp)://[^<>\s]*|[^<>\s!@]+@[^<>\s@]+)>", re.I)
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]*?(?<![\w-])on[a-z]+\s*=", re.I)  # attr_list: [x](y){ onclick=… }
# Markdown link and image destinations: inline `](url` / `](<url>`, reference definitions `[1]: url`
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_MD_URL = re.compile(r"\]\(\s*<([^>\n]*)>|\]\(\s*([^)\s]+)|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)


def _scheme_of(text: str) -> str:
    """`JaVa\tScript:alert(1)`, `&#106;avascript:` … -> 'javascript:…' (what a browser would see)."""
    return _INVISIBLE.sub("", html.unescape(str(text))).lower()


def unsafe_scheme(text: str, schemes: Iterable[str] = FRONT_MATTER_SCHEMES) -> str | None:
    folded = _scheme_of(text)
    return next((s for s in schemes if folded.startswith(s)), None)


# Inside a text (a Markdown link written into a relation's `part`, say): javascript:/vbscript:
# anywhere, data: when it is a data URL (not "Metadata: …").
_EMBEDDED = re.compile(r"(?<![a-z0-9])(javascript:|vbscript:|data:[a-z-]+/[a-z0-9.+-]+[;,])")


def embedded_scheme(text: str) -> str | None:
    m = _EMBEDDED.search(_scheme_of(text))
    return None if m is None else ("data:" if m.group(1).startswith("data:") else m.group(1))


def _strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(key path, text) of every string in a front-matter value."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{path}.{k}" if path else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{path}[{i}]")


# -- bounded work: what one page may ask of the build ----------------------------------------------
MAX_BODY_BYTES = 1024 * 1024  # a page's Markdown text (the real pages are under 15 kB)
MAX_HEADINGS = 1000  # per page (the real pages have at most a dozen)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)|^ {0,3}(?:=+|-+)[ \t]*$|<h[1-6][\s>]", re.M | re.I)

# Characters no front-matter text needs and a terminal or a reader would be misled by: C0 and C1
# controls (an ESC starts a terminal escape sequence), DEL, and the bidirectional overrides
# that show text in another order than it is stored.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ue000\ue001]")

# `owner` is written into CODEOWNERS (one rule per line) and onto every page: one line, no markup.
OWNER_TEXT = re.compile(r"[\w\"“‘(][\w .,:;()&'\"“”‘’/–-]{0,99}")
HANDLE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9._-]{1,100})?|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PATH_PATTERN = re.compile(r"/?[A-Za-z0-9_.*/-]{1,200}")


def _owner_problem(value: Any) -> str | None:
    """Why an owner name cannot be used, or None."""
    if not isinstance(value, str):
        return "không phải chữ"
    if re.search(r"[\r\n\u2028\u2029\x85]", value):
        return "có xuống dòng"
    if not OWNER_TEXT.fullmatch(value.strip()):
        return "có ký tự không cho phép hoặc dài quá 100 ký tự"
    return None


def check_limits(ctx: Context, page: Page) -> bool:
    """The page's body within the limits; False (and the problem reported) when it is not."""
    body = page.body or ""
    size = len(body.encode("utf-8", errors="replace"))
    if size > MAX_BODY_BYTES:
        ctx.add(page, page.body_line, "body-too-large", size=f"{size / 1024 / 1024:.1f} MB".replace(".", ","),
                limit=f"{MAX_BODY_BYTES // 1024 // 1024} MB")
        return False
    headings = sum(1 for _ in _HEADING.finditer(body))
    if headings > MAX_HEADINGS:
        ctx.add(page, page.body_line, "too-many-headings", n=headings, limit=MAX_HEADINGS)
        return False
    return True


def check_moved_from(ctx: Context, page: Page) -> None:
    moved = page.meta.get("moved_from")
    if moved is None:
        return
    for value in moved if isinstance(moved, list) else [moved]:
        stem, why = addresses.moved_stem(value)
        if stem is None:
            ctx.add(page, page.line_of("moved_from"), "bad-moved-from", value=short(repr(value)[1:-1]), why=why)


def check_page(ctx: Context, page: Page) -> None:
    if page.error is None and page.meta:
        if "owner" in page.meta and (why := _owner_problem(page.meta["owner"])):
            ctx.add(page, page.line_of("owner"), "bad-owner", field="owner",
                    value=short(repr(page.meta["owner"])[1:-1]), why=why)
        check_moved_from(ctx, page)
        for key, value in page.meta.items():
            line = page.line_of(key)
            for where, text in _strings(value, str(key)):
                if (control := _CONTROL.search(text)) is not None:
                    ctx.add(page, line, "control-char", field=where, char=f"U+{ord(control.group(0)):04X}")
                if "<" in text or ">" in text:
                    ctx.add(page, line, "unsafe-html", detail=HTML_IN_FIELD.format(field=where, value=short(text)))
                scheme = unsafe_scheme(text) or embedded_scheme(text)
                if scheme:
                    ctx.add(page, line, "unsafe-url", detail=SCRIPT_URL.format(field=where, scheme=scheme,
                                                                               value=short(text)))
    if check_limits(ctx, page):
        check_body(ctx, page)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def check_body(ctx: Context, page: Page) -> None:
    body = page.body or ""
    if not any(c in body for c in "<:{]"):
        return
    text = _COMMENT.sub(_blank, _INLINE_CODE.sub(_blank, _FENCE.sub(_blank, body)))
    text = _AUTOLINK.sub(_blank, text)
    found = []  # (line in the body, column, rule, what)
    if "<" in text:
        for line, col, what, kind in sanitize.findings(text):
            found.append((line - 1, col, "unsafe-url" if kind == "url" else "unsafe-html", what))
    for m in _ATTR_LIST_HANDLER.finditer(text):
        found.append((text.count("\n", 0, m.start()), 0, "unsafe-html",
                      "thuộc tính sự kiện trong danh sách thuộc tính '{ on…= }'"))
    for m in _MD_URL.finditer(text):
        value = next(g for g in m.groups() if g is not None)
        if safe_url(value) is None:
            start = m.start(cast(int, m.lastindex))  # a group matched: the one just read
            found.append((text.count("\n", 0, start), 0, "unsafe-url", f"liên kết '{_shown_scheme(value)}'"))
    for m in _MD_IMAGE.finditer(text):
        if safe_url(m.group(1)) is not None and not sanitize.url_allowed("img", "src", m.group(1)):
            found.append((text.count("\n", 0, m.start(1)), 0, "unsafe-url",
                          f"ảnh lấy từ trang khác '{short(m.group(1))}' (trang không được tải gì từ nơi khác)"))
    for line, _col, rule, what in sorted(found):
        ctx.add(page, page.body_line + line, rule, detail=SCRIPT_IN_BODY.format(what=what))


def _shown_scheme(value: str) -> str:
    folded = _scheme_of(value)
    if folded.replace("\\", "/").startswith("//"):
        return "//" + folded[2:].split("/", 1)[0]  # another site, without a scheme
    return folded.split(":", 1)[0] + ":" if ":" in folded else short(value)


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python/… tags


def read_extra(config_file: Path | None) -> dict[str, Any]:
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


def check_config(ctx: Context, config_file: Path | None) -> None:
    """mkdocs.yml `extra`: script URLs, a non-https form URL."""
    extra = read_extra(config_file)
    if not extra:
        return
    assert config_file is not None  # read_extra found it
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


OWNERS_FILE = Path("data") / "owners.yml"


def load_owners(path: Path) -> tuple[dict[str, Any] | None, list[tuple[int, str, str, str]]]:
    """data/owners.yml read with the pages' safe loader (no tags, no aliases, bounded), and its
    values checked: (table or None, [(line, field, value, why)])."""
    from ..model.tree import FrontMatterError, parse_front_matter
    try:
        data, lines = parse_front_matter(path.read_text(encoding="utf-8", errors="replace"), 1)
    except FrontMatterError as exc:
        return None, [(exc.line, "data/owners.yml", "", exc.message)]
    problems: list[tuple[int, str, str, str]] = []
    text_lines = path.read_text(encoding="utf-8", errors="replace").split("\n")

    def where(value: Any) -> int:
        return _line_of(text_lines, str(value).split("\n")[0][:40]) if value else 1

    def handles(field: str, value: Any) -> None:
        for h in value if isinstance(value, list) else [value]:
            if not isinstance(h, str) or not HANDLE.fullmatch(h):
                problems.append((where(h), field, short(repr(h)), "không phải tên người duyệt (@to-chuc/nhom)"))
    for key in data:
        if key not in ("default", "owners", "paths", "folders"):
            problems.append((lines.get(key, 1), "data/owners.yml", str(key),
                             "không phải mục 'default', 'owners', 'paths' hay 'folders'"))
    handles("default", data.get("default") or [])
    for table, is_path in (("owners", False), ("paths", True)):
        entries = data.get(table) or {}
        if not isinstance(entries, dict):
            problems.append((lines.get(table, 1), table, "", "phải là danh sách 'tên: @người-duyệt'"))
            continue
        for name, value in entries.items():
            why = (None if isinstance(name, str) and PATH_PATTERN.fullmatch(name) else "không phải mẫu đường dẫn") \
                if is_path else _owner_problem(name)
            if why:
                problems.append((where(name), table, short(repr(name)), why))
            handles(f"{table}.{name}", value)
    folders = data.get("folders") or {}
    if not isinstance(folders, dict):
        problems.append((lines.get("folders", 1), "folders", "", "phải là danh sách 'thư-mục/: tên người phụ trách'"))
        folders = {}
    for folder, owner in folders.items():
        why = (None if isinstance(folder, str) and PATH_PATTERN.fullmatch(folder) else "không phải mẫu đường dẫn") \
            or _owner_problem(owner)
        if why:
            problems.append((where(folder), "folders", short(repr(folder)), why))
    return (data if not problems else None), problems


def check_owners(ctx: Context) -> None:
    path = ctx.tree.docs_dir.parent / OWNERS_FILE
    if not path.is_file():
        return
    _, problems = load_owners(path)
    for line, field, value, why in problems:
        ctx.add(path, line, "bad-owner", field=field, value=value, why=why)


# What MkDocs copies from docs/ as it is (no sanitiser, no CSP): only kinds a browser never runs.
# An .html, .svg, .xml or .js file would be served from the site's own origin, script and all.
STATIC_FILES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf"})


def check_files(ctx: Context) -> None:
    docs = ctx.tree.docs_dir
    for folder, dirs, files in os.walk(docs):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(folder) / name
            suffix = path.suffix.lower()
            if suffix == ".md" or name.startswith(".") or suffix in STATIC_FILES:
                continue
            ctx.add(path, 1, "unsafe-file", suffix=suffix or name, allowed=", ".join(sorted(STATIC_FILES)))


def check(ctx: Context, config_file: Path | None) -> None:
    check_files(ctx)
    check_owners(ctx)
    check_config(ctx, config_file)
    for page in ctx.tree.pages:
        check_page(ctx, page)
