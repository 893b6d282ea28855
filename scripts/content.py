"""Reading the pages of `docs/`: front matter with line numbers, language pairs.

No MkDocs here: the checks, the acknowledgement engine and the build hooks all
read pages through `load_tree`, so they agree on what a page says.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .schema import FIELDS_BY_NAME, LANGUAGES, DEFAULT_LANGUAGE

_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Safe YAML that keeps dates as text: the checks parse them and say what is wrong."""


# Drop the timestamp resolver so `2026-11-29` stays a string we validate ourselves
# (and `29/11/2026` is not silently something else).
_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Page:
    path: Path  # absolute
    rel: str  # relative to docs/, POSIX
    lang: str | None
    stem: str | None  # "legal/luat-tre-em-2016" for both language files
    text: str
    meta: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)  # top-level key -> line number (1-based)
    body: str = ""
    body_line: int = 1  # line number of the first body line
    error: FrontMatterError | None = None
    has_front_matter: bool = False
    partner: "Page | None" = None

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def get(self, key: str, default=None):
        """A field, inherited from the Vietnamese partner when it is language-neutral."""
        if key in self.meta:
            return self.meta[key]
        spec = FIELDS_BY_NAME.get(key)
        if self.partner is not None and self.lang != DEFAULT_LANGUAGE and spec and spec.shared:
            return self.partner.meta.get(key, default)
        return default

    @property
    def merged(self) -> dict:
        out = {}
        if self.partner is not None and self.lang != DEFAULT_LANGUAGE:
            out.update({k: v for k, v in self.partner.meta.items() if k in FIELDS_BY_NAME and FIELDS_BY_NAME[k].shared})
        out.update(self.meta)
        return out

    @property
    def id(self):
        return self.get("id")

    @property
    def type(self):
        return self.get("type")

    @property
    def url_path(self) -> str:
        """Path of the built page relative to the site root, with directory URLs."""
        assert self.stem is not None
        stem = self.stem[:-len("index")] if self.stem.endswith("index") else self.stem + "/"
        prefix = "" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/"
        return prefix + stem


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Return (yaml_text, yaml_first_line, body, body_first_line). yaml_text is None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 1
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2
    raise FrontMatterError(1, "khối front matter mở bằng '---' nhưng không có dòng '---' đóng")


def parse_front_matter(yaml_text: str, first_line: int) -> tuple[dict, dict]:
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.YAMLError as exc:
        # the context mark is where an unclosed [ { or quote opened: the line to fix
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FrontMatterError(line, f"YAML không đọc được ({problem}); kiểm tra dấu ':' và thụt lề, "
                                     "giá trị có dấu ':' hoặc '#' cần đặt trong ngoặc kép") from None
    if node is None:
        return {}, {}
    if not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(first_line, "front matter phải là danh sách 'tên: giá trị'")
    lines = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line
    data = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    return data or {}, lines


def read_page(path: Path, docs_dir: Path) -> Page:
    rel = path.relative_to(docs_dir).as_posix()
    m = _SUFFIX.match(rel)
    lang, stem = (m.group("lang"), m.group("stem")) if m and m.group("lang") in LANGUAGES else (None, None)
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace").lstrip("\ufeff")
    page = Page(path=path, rel=rel, lang=lang, stem=stem, text=text)
    try:
        yaml_text, first, body, body_line = split_front_matter(text)
        page.body, page.body_line = body, body_line
        if yaml_text is not None:
            page.has_front_matter = True
            page.meta, page.lines = parse_front_matter(yaml_text, first)
    except FrontMatterError as exc:
        page.error = exc
    return page


@dataclass
class Tree:
    docs_dir: Path
    pages: list[Page]

    def by_id(self, lang: str = DEFAULT_LANGUAGE) -> dict:
        return {p.id: p for p in self.pages if p.lang == lang and p.id}

    def by_rel(self) -> dict:
        return {p.rel: p for p in self.pages}

    def in_language(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]


def load_tree(docs_dir: Path | str) -> Tree:
    docs_dir = Path(docs_dir).resolve()
    pages = [read_page(p, docs_dir) for p in sorted(docs_dir.rglob("*.md"))]
    stems = {(p.stem, p.lang): p for p in pages if p.stem}
    for p in pages:
        if p.stem and p.lang != DEFAULT_LANGUAGE:
            p.partner = stems.get((p.stem, DEFAULT_LANGUAGE))
        elif p.stem:
            p.partner = next((stems[(p.stem, lang)] for lang in LANGUAGES
                              if lang != DEFAULT_LANGUAGE and (p.stem, lang) in stems), None)
    return Tree(docs_dir=docs_dir, pages=pages)


def read_front_matter(path: Path) -> dict | None:
    """Only the front matter of a file (reading stops at its closing '---'), or None.

    For tools that need the metadata of hundreds of pages and none of their bodies
    (acknowledgement reports); problems are the checks' business, so this just says None.
    """
    lines = []
    with open(path, encoding="utf-8", errors="replace") as f:
        if f.readline().lstrip("\ufeff").rstrip() != "---":
            return None
        for line in f:
            if line.rstrip() in ("---", "..."):
                break
            lines.append(line)
        else:
            return None
    try:
        data = yaml.load("".join(lines), Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError:
        return None
    return data if isinstance(data, dict) else None


def load_partner(page: Page) -> Page:
    """Attach the page's other-language partner (read from disk) and return the page."""
    if page.stem is None:
        return page
    docs_dir = Path(str(page.path)[: -len(page.rel)])
    lang = DEFAULT_LANGUAGE if page.lang != DEFAULT_LANGUAGE else next(l for l in LANGUAGES if l != DEFAULT_LANGUAGE)
    other = docs_dir / f"{page.stem}.{lang}.md"
    if other.exists():
        page.partner = read_page(other, docs_dir)
    return page
