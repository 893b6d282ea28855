"""Reading the pages of `docs/`: front matter with line numbers, language versions.

The one reader: the checks, the renderer, the search index and the acknowledgement
engine all get their pages from `load_tree`, so they agree on what a page says.
A page's language-neutral fields live in its default-language file and are inherited
by its translations (`Page.get`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import languages
from .languages import DEFAULT_LANGUAGE
from .registry import FIELDS, normalise_choices

_SUFFIX = re.compile(r"^(?P<stem>.+)\.(?P<lang>[a-z]{2})\.md$")


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# Front matter is a few dozen short fields: a bigger block is a mistake or an attack.
MAX_FRONT_MATTER = 64 * 1024  # characters between the two '---' lines
MAX_LINE = 64 * 1024  # characters of one line read while looking for the closing '---'


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:  # the C loader when libyaml is there
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
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
    meta: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # top-level key -> line number (1-based)
    body: str = ""
    body_line: int = 1  # line number of the first body line
    error: FrontMatterError | None = None
    has_front_matter: bool = False
    versions: dict[str | None, Page] = field(default_factory=dict, repr=False)  # lang -> Page: every language file of this page

    @property
    def source(self) -> Page | None:
        """The default-language version (the authoritative text), None when it is missing."""
        return self.versions.get(DEFAULT_LANGUAGE)

    @property
    def partner(self) -> Page | None:
        """For a translation, the default-language version; for the default, its first translation."""
        if self.lang != DEFAULT_LANGUAGE:
            return self.source
        return next((p for lang, p in self.versions.items() if lang != DEFAULT_LANGUAGE), None)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, 1)

    def get(self, key: str, default: Any = None) -> Any:
        """A field, inherited from the Vietnamese partner when it is language-neutral."""
        if key in self.meta:
            return self.meta[key]
        spec = FIELDS.get(key)
        source = self.source
        if source is not None and source is not self and spec and spec.shared:
            return source.meta.get(key, default)
        return default

    @property
    def merged(self) -> dict[str, Any]:
        """Every field of the page in its language: inherited shared fields, then its own."""
        out: dict[str, Any] = {}
        source = self.source
        if source is not None and source is not self:
            out.update({k: v for k, v in source.meta.items() if k in FIELDS and FIELDS[k].shared})
        out.update(self.meta)
        return out

    @property
    def id(self) -> Any:
        return self.get("id")

    @property
    def type(self) -> Any:
        return self.get("type")

    @property
    def url_path(self) -> str:
        """Path of the built page relative to the site root, with directory URLs."""
        assert self.stem is not None
        return url_path(self.stem, self.lang)


def url_path(stem: str, lang: str | None) -> str:
    """`legal/index`, `en` -> `en/legal/`; `hotlines`, `vi` -> `hotlines/` (directory URLs)."""
    path = stem[:-len("index")] if stem == "index" or stem.endswith("/index") else stem + "/"
    return ("" if lang == DEFAULT_LANGUAGE else f"{lang}/") + path


def split_front_matter(text: str) -> tuple[str | None, int, str, int]:
    """Return (yaml_text, yaml_first_line, body, body_first_line). yaml_text is None without front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, 0, text, 1
    size = 0
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]), 2, "\n".join(lines[i + 1:]), i + 2
        size += len(lines[i]) + 1
        if size > MAX_FRONT_MATTER:
            raise FrontMatterError(1, f"front matter dài hơn {MAX_FRONT_MATTER:,} ký tự mà chưa có dòng '---' "
                                      "đóng; front matter chỉ chứa các trường ngắn".replace(",", "."))
    raise FrontMatterError(1, "khối front matter mở bằng '---' nhưng không có dòng '---' đóng")


def _refuse_aliases_and_tags(yaml_text: str, first_line: int) -> None:
    """Anchors/aliases (billion laughs) and tags (`!!python/object`) have no place in front matter:
    refused from the event stream, before anything is built or expanded."""
    for event in yaml.parse(yaml_text, Loader=_Loader):
        assert event.start_mark is not None  # the parser marks every event
        line = first_line + event.start_mark.line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise FrontMatterError(line, "front matter không được dùng neo/bí danh YAML ('&tên', '*tên'); "
                                         "viết giá trị ra đầy đủ")
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            raise FrontMatterError(line, f"front matter không được dùng thẻ YAML ('{tag}'); xoá phần bắt đầu "
                                         "bằng '!' trước giá trị")


def parse_front_matter(yaml_text: str, first_line: int) -> tuple[dict[str, Any], dict[str, int]]:
    if len(yaml_text) > MAX_FRONT_MATTER:
        raise FrontMatterError(first_line, f"front matter dài {len(yaml_text):,} ký tự, quá giới hạn "
                                           f"{MAX_FRONT_MATTER:,}; front matter chỉ chứa các trường ngắn, nội "
                                           "dung dài đặt dưới dòng '---' đóng".replace(",", "."))
    try:
        _refuse_aliases_and_tags(yaml_text, first_line)
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
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        lines[str(key_node.value)] = first_line + key_node.start_mark.line
    try:
        data = yaml.load(yaml_text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:  # e.g. a key that is a list: never a traceback
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise FrontMatterError(first_line + (mark.line if mark else 0),
                               f"YAML không dựng được ({getattr(exc, 'problem', None) or type(exc).__name__})") from None
    if data is not None and not isinstance(data, dict):
        raise FrontMatterError(first_line, "front matter phải là danh sách 'tên: giá trị'")
    return data or {}, lines


def _head(path: Path) -> str:
    """The file up to its front matter's closing line (all of it when there is none)."""
    lines, size = [], 0
    with open(path, encoding="utf-8", errors="replace") as f:
        first = f.readline(MAX_LINE)
        lines.append(first)
        if first.lstrip("\ufeff").rstrip() != "---":
            return first
        while line := f.readline(MAX_LINE):
            lines.append(line)
            size += len(line)
            if line.rstrip() in ("---", "...") or size > MAX_FRONT_MATTER + MAX_LINE:
                break  # past the cap: the parser reports it (closing line missing or block too long)
    return "".join(lines)


def read_page(path: Path, docs_dir: Path, bodies: bool = True) -> Page:
    """One file of docs/; with bodies=False only its front matter is read (fast, for reports)."""
    rel = path.relative_to(docs_dir).as_posix()
    m = _SUFFIX.match(rel)
    lang, stem = (m.group("lang"), m.group("stem")) if m and m.group("lang") in languages.codes() else (None, None)
    text = (path.read_bytes().decode("utf-8", errors="replace") if bodies else _head(path)).lstrip("\ufeff")
    page = Page(path=path, rel=rel, lang=lang, stem=stem, text=text)
    try:
        yaml_text, first, body, body_line = split_front_matter(text)
        page.body, page.body_line = body, body_line
        if yaml_text is not None:
            page.has_front_matter = True
            page.meta, page.lines = parse_front_matter(yaml_text, first)
            page.meta = normalise_choices(page.meta)  # 'Nghị định' -> 'decree': readers see keys
    except FrontMatterError as exc:
        page.error = exc
    return page


@dataclass
class Tree:
    docs_dir: Path
    pages: list[Page]

    def by_id(self, lang: str = DEFAULT_LANGUAGE) -> dict[Any, Page]:
        return {p.id: p for p in self.pages if p.lang == lang and p.id}

    def by_path(self) -> dict[Path, Page]:
        """Pages by absolute path (computed once: the build looks a page up for every page)."""
        if not hasattr(self, "_by_path"):
            self._by_path = {p.path: p for p in self.pages}
        return self._by_path

    def of_type(self, page_type: str, lang: str) -> list[Page]:
        """The pages of one type in one language (computed once per type and language)."""
        cache: dict[tuple[str, str], list[Page]] = self.__dict__.setdefault("_of_type", {})
        if (page_type, lang) not in cache:
            cache[(page_type, lang)] = [p for p in self.pages if p.lang == lang and p.get("type") == page_type]
        return cache[(page_type, lang)]

    def incoming(self, page_id: str) -> list[tuple[str, str, str | None]]:
        """Relations other pages write towards this one: (their id, relation type, part)."""
        if not hasattr(self, "_incoming"):
            self._incoming: dict[str, list[Any]] = {}
            for p in self.pages:
                if p.lang != DEFAULT_LANGUAGE or not isinstance(p.meta.get("relations"), list):
                    continue
                for rel in p.meta["relations"]:
                    if isinstance(rel, dict) and isinstance(rel.get("target"), str):
                        self._incoming.setdefault(rel["target"], []).append((p.id, rel.get("type"), rel.get("part")))
            for items in self._incoming.values():
                items.sort(key=lambda item: str(item[0]))
        return self._incoming.get(page_id, [])

    def page(self, page_id: str | None, lang: str) -> Page | None:
        """The page with this id in this language (ids are shared by every language version)."""
        if not hasattr(self, "_by_id_lang"):
            self._by_id_lang: dict[tuple[Any, str | None], Page] = {
                (p.id, p.lang): p for p in self.pages if p.lang and isinstance(p.id, str)}
        return self._by_id_lang.get((page_id, lang))

    def by_rel(self) -> dict[str, Page]:
        return {p.rel: p for p in self.pages}

    def in_language(self, lang: str) -> list[Page]:
        return [p for p in self.pages if p.lang == lang]


def load_tree(docs_dir: Path | str, bodies: bool = True) -> Tree:
    """Every Markdown file under docs_dir, with its language versions linked."""
    docs_dir = Path(docs_dir).resolve()
    pages = [read_page(p, docs_dir, bodies) for p in sorted(docs_dir.rglob("*.md"))]
    link_versions(pages)
    return Tree(docs_dir=docs_dir, pages=pages)


def link_versions(pages: list[Page]) -> None:
    """Give every page the dict of its language versions (same stem, one file per language)."""
    groups: dict[str, dict[str | None, Page]] = {}
    for p in pages:
        if p.stem:
            groups.setdefault(p.stem, {})[p.lang] = p
    for p in pages:
        if p.stem:
            p.versions = groups[p.stem]
