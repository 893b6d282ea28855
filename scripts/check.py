"""Content checks for `docs/`: one line per problem, `path:line: [rule-id] message`.

Run by editors (`python -m scripts check`), by the build (the MkDocs hook calls
`run`) and by CI (GitHub annotations under CI=true). Rules and their Vietnamese
messages live in `rules.py`; this module only decides where they apply.
"""
from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import folding
from .content import Page, Tree, load_tree
from .rules import message
from .schema import (ACK_KEYS, DEFAULT_LANGUAGE, FIELDS_BY_NAME, LANGUAGES, LEVELS, PAGE_TYPES,
                     RELATION_KEYS, RELATIONS, SOURCE_KEYS, STATUSES, fields_for)

LANG_NAMES = {"vi": "tiếng Việt", "en": "tiếng Anh"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DMY_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
LINK = re.compile(r"(?<!!)\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
ATTR_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_\-]+)[^}]*\}\s*$")
HTML_ID = re.compile(r"\bid=\"([^\"]+)\"")

PLACEHOLDER = "CẦN ĐIỀN"  # what `new` writes where only the editor knows the value

# Anchors the build adds to pages of a type (render.py), so links to them are valid.
GENERATED_ANCHORS = {
    "legal-update": {"metadata", "relations"},
    "module": {"objectives", "key-points", "schedule"},
    "guidance": set(),
    "page": set(),
}
ALL_GENERATED = {"acknowledge", "review"}


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the repository root when possible
    line: int
    rule: str
    message: str
    severity: str = "error"


class _Checker:
    def __init__(self, tree: Tree, root: Path, nav_paths: set[str] | None, nav_line: dict, config_rel: str,
                 today: dt.date):
        self.tree = tree
        self.root = root
        self.nav_paths = nav_paths
        self.nav_line = nav_line
        self.config_rel = config_rel
        self.today = today
        self.problems: list[Problem] = []
        self._anchor_cache: dict[Path, set[str]] = {}

    # -- helpers -----------------------------------------------------------------
    def rel(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, page_or_path, line: int, rule: str, severity: str = "error", **kw):
        path = page_or_path.path if isinstance(page_or_path, Page) else page_or_path
        display = path if isinstance(path, str) else self.rel(path)
        self.problems.append(Problem(display, max(line, 1), rule, message(rule, **kw), severity))

    # -- per page ----------------------------------------------------------------
    def check_page(self, page: Page):
        self.check_nfc(page)
        if page.lang is None:
            self.add(page, 1, "bad-filename")
            return
        if page.error is not None:
            self.add(page, page.error.line, "yaml-syntax", detail=page.error.message)
            return
        if not page.has_front_matter:
            self.add(page, 1, "no-front-matter")
            return
        self.check_fields(page)

    def check_nfc(self, page: Page):
        found = 0
        for n, line in enumerate(page.text.split("\n"), start=1):
            if not unicodedata.is_normalized("NFC", line):
                col = next(i for i, ch in enumerate(line, start=1)
                           if unicodedata.combining(ch) or not unicodedata.is_normalized("NFC", line[: i]))
                self.add(page, n, "not-nfc", col=col)
                found += 1
                if found >= 5:  # enough to point at the problem; --fix-nfc fixes the whole file
                    break

    def check_fields(self, page: Page):
        meta = page.meta
        ptype = page.get("type")
        last_line = max(page.lines.values(), default=1)
        if ptype is None:
            if page.lang == DEFAULT_LANGUAGE or page.partner is None:
                self.add(page, 1, "missing-field", field="type", help="loại trang", example="legal-update")
            return
        if ptype not in PAGE_TYPES:
            if "type" in meta:
                self.add(page, page.line_of("type"), "unknown-type", value=ptype, choices=", ".join(PAGE_TYPES))
            return
        specs = {f.name: f for f in fields_for(ptype)}
        is_default = page.lang == DEFAULT_LANGUAGE
        for name, spec in specs.items():
            present = name in meta
            inherited = (not is_default) and spec.shared and page.partner is not None
            if spec.required and not present and not inherited:
                self.add(page, last_line, "missing-field", field=name, help=spec.help_vi,
                         example=spec.example or "…")
        for name, value in meta.items():
            line = page.line_of(name)
            if name not in specs:
                close = difflib.get_close_matches(name, list(specs), n=1)
                hint = f" (có phải '{close[0]}'?)" if close else ""
                self.add(page, line, "unknown-field", field=name, type=ptype, hint=hint)
                continue
            if PLACEHOLDER in str(value):
                self.add(page, line, "placeholder", field=name, marker=PLACEHOLDER)
                continue
            self.check_value(page, specs[name], value, line)
            if not is_default and specs[name].shared and page.partner is not None and name in page.partner.meta:
                other = page.partner.meta[name]
                if other != value:
                    self.add(page, line, "pair-field-mismatch", field=name, value=_short(value), other=_short(other))
        self.check_dates_order(page)
        self.check_review(page)

    def check_value(self, page: Page, spec, value, line: int):
        kind, name = spec.kind, spec.name
        bad = lambda detail: self.add(page, line, "bad-value", field=name, detail=detail)  # noqa: E731
        if kind == "id":
            if not isinstance(value, str) or not ID_RE.match(value):
                self.add(page, line, "bad-id", value=value)
        elif kind == "enum":
            if value not in spec.choices:
                rule = "unknown-status" if name == "status" else ("unknown-type" if name == "type" else "unknown-choice")
                self.add(page, line, rule, field=name, value=value, choices=", ".join(spec.choices))
        elif kind == "date":
            self.check_date(page, name, value, line)
        elif kind == "int":
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                bad(f"cần một số nguyên không âm, ví dụ {spec.example or 1}; đang là '{value}'")
        elif kind == "str":
            if not isinstance(value, str) or not value.strip():
                bad("cần một đoạn chữ, không để trống")
        elif kind == "url":
            if not isinstance(value, str) or not URL_RE.match(value):
                bad(f"cần một đường dẫn đầy đủ bắt đầu bằng https://; đang là '{value}'")
        elif kind == "strlist":
            mappings = [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
            if mappings:
                # "- Ba cấp độ: phòng ngừa, hỗ trợ" is a mapping to YAML: the classic trap
                first = str(next(iter(mappings[0])))
                item_line = self.find_line(page, line, first)
                self.add(page, item_line, "bad-value", field=name,
                         detail=f"dòng '{_short(first)}: …' có dấu ':' và khoảng trắng nên YAML hiểu sai; "
                                "đặt cả dòng trong ngoặc kép: - \"…\"")
            elif not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                bad("cần danh sách các dòng bắt đầu bằng '- ', mỗi dòng một ý, không để trống")
        elif kind == "idlist":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                bad("cần danh sách id, mỗi dòng '- id-trang'")
        elif kind == "levels":
            self.check_levels(page, name, value, line)
        elif kind == "ack":
            self.check_ack(page, value, line)
        elif kind == "relations":
            if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
                bad("cần danh sách, mỗi mục dạng '- {type: replaces, target: id-van-ban}'")
                return
            for item in value:
                extra = set(item) - RELATION_KEYS
                if extra or "type" not in item or "target" not in item:
                    bad(f"mỗi quan hệ cần 'type' và 'target' (tuỳ chọn 'part'); thấy {sorted(item)}")
                elif item["type"] not in RELATIONS:
                    self.add(page, line, "unknown-choice", field="relations.type", value=item["type"],
                             choices=", ".join(RELATIONS))
        elif kind == "sources":
            if not isinstance(value, list) or not value:
                bad("cần ít nhất một nguồn dạng '- {title: Tên nguồn, url: https://…}'")
                return
            for item in value:
                if not isinstance(item, dict) or set(item) - SOURCE_KEYS or "title" not in item:
                    bad("mỗi nguồn dạng '- {title: Tên nguồn, url: https://…}'")
                elif "url" in item and not (isinstance(item["url"], str) and URL_RE.match(item["url"])):
                    bad(f"đường dẫn nguồn '{item['url']}' phải bắt đầu bằng https://")

    def find_line(self, page: Page, start: int, needle: str) -> int:
        """The first line at or after `start` that contains needle (for items inside a list field)."""
        lines = page.text.split("\n")
        for n in range(start, min(len(lines), start + 200) + 1):
            if needle in lines[n - 1]:
                return n
        return start

    def check_date(self, page: Page, name: str, value, line: int) -> dt.date | None:
        text = str(value).strip()
        hint = ""
        m = DMY_DATE.match(text)
        if m:
            d, mo, y = m.groups()
            hint = f": viết '{y}-{int(mo):02d}-{int(d):02d}' thay vì '{text}' (năm-tháng-ngày)"
        elif ISO_DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                hint = ": ngày hoặc tháng không tồn tại"
        else:
            hint = ", ví dụ 2026-11-29"
        self.add(page, line, "bad-date", field=name, value=text, hint=hint)
        return None

    def check_levels(self, page: Page, name: str, value, line: int):
        if not isinstance(value, list) or not value:
            self.add(page, line, "bad-value", field=name,
                     detail=f"cần danh sách cấp, ví dụ [central, provincial]; dùng: {', '.join(LEVELS)}")
            return
        for v in value:
            if v not in LEVELS:
                self.add(page, line, "unknown-choice", field=name, value=v, choices=", ".join(LEVELS))

    def check_ack(self, page: Page, value, line: int):
        if not isinstance(value, dict):
            self.add(page, line, "bad-value", field="ack",
                     detail="dạng đúng: 'ack: {required: true, audience: [central, provincial], due: 30}'")
            return
        for key in set(value) - set(ACK_KEYS):
            self.add(page, line, "unknown-field", field=f"ack.{key}", type=page.get("type"),
                     hint=f" (dùng: {', '.join(ACK_KEYS)})")
        if not isinstance(value.get("required"), bool):
            self.add(page, line, "bad-value", field="ack.required", detail="cần true hoặc false")
        if value.get("required"):
            if "audience" not in value:
                self.add(page, line, "missing-field", field="ack.audience", help="cấp báo cáo viên phải xác nhận",
                         example="[central, provincial]")
            else:
                self.check_levels(page, "ack.audience", value["audience"], line)
            due = value.get("due")
            if not isinstance(due, int) or isinstance(due, bool) or due <= 0:
                self.add(page, line, "bad-value", field="ack.due",
                         detail=f"cần số ngày (số nguyên dương) kể từ ngày đăng; đang là '{due}'")

    def check_dates_order(self, page: Page):
        if page.get("type") != "legal-update" or page.lang != DEFAULT_LANGUAGE:
            return
        dates = {}
        for name in ("issued", "effective", "expiry"):
            v = page.meta.get(name)
            if isinstance(v, str) and ISO_DATE.match(v):
                try:
                    dates[name] = dt.date.fromisoformat(v)
                except ValueError:
                    pass
        if "issued" in dates and "effective" in dates and dates["effective"] < dates["issued"]:
            self.add(page, page.line_of("effective"), "date-order",
                     detail="ngày có hiệu lực (effective) trước ngày ban hành (issued); kiểm tra lại hai ngày")
        if "effective" in dates and "expiry" in dates and dates["expiry"] < dates["effective"]:
            self.add(page, page.line_of("expiry"), "date-order",
                     detail="ngày hết hiệu lực (expiry) trước ngày có hiệu lực (effective); kiểm tra lại hai ngày")

    def check_review(self, page: Page):
        last = page.meta.get("last_reviewed")
        if not (isinstance(last, str) and ISO_DATE.match(last)):
            return
        try:
            last_date = dt.date.fromisoformat(last)
        except ValueError:
            return
        months = page.get("review_in_months") or 6
        if not isinstance(months, int):
            return
        due = add_months(last_date, months)
        if due < self.today:
            self.add(page, page.line_of("last_reviewed"), "review-overdue", severity="warning",
                     last=last, months=months)

    # -- across pages --------------------------------------------------------------
    def check_tree(self):
        pages = [p for p in self.tree.pages if p.lang and p.error is None and p.has_front_matter]
        for lang in LANGUAGES:
            seen: dict[str, Page] = {}
            for p in pages:
                if p.lang != lang or not isinstance(p.meta.get("id"), str):
                    continue
                pid = p.meta["id"]
                if pid in seen:
                    self.add(p, p.line_of("id"), "duplicate-id", value=pid, other=self.rel(seen[pid].path))
                else:
                    seen[pid] = p
        for p in [p for p in self.tree.pages if p.lang]:
            for lang in LANGUAGES:
                if lang == p.lang:
                    continue
                partner = p.partner if p.partner is not None and p.partner.lang == lang else None
                if partner is None:
                    expected = f"{Path(p.rel).parent / Path(p.stem).name}.{lang}.md".lstrip("./")
                    self.add(p, 1, "pair-missing", lang_name=LANG_NAMES[lang], expected=expected)
                elif p.lang != DEFAULT_LANGUAGE and p.meta.get("id") and partner.meta.get("id") \
                        and p.meta["id"] != partner.meta["id"]:
                    self.add(p, p.line_of("id"), "pair-id-mismatch", value=p.meta["id"], other=partner.meta["id"],
                             lang_name=LANG_NAMES[lang], partner=self.rel(partner.path))
        ids = {p.meta.get("id") for p in pages if p.lang == DEFAULT_LANGUAGE}
        for p in pages:
            if p.lang != DEFAULT_LANGUAGE:
                continue
            for name, targets in _targets(p.meta):
                for t in targets:
                    if isinstance(t, str) and t not in ids:
                        self.add(p, p.line_of(name.split(".")[0]), "unknown-target", field=name, value=t)

    def check_links(self, page: Page):
        if page.lang is None or page.error is not None:
            return
        in_fence = False
        base_dir = page.path.parent
        for n, line in enumerate(page.body.split("\n"), start=page.body_line):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            stripped = re.sub(r"`[^`]*`", "", line)
            for m in IMAGE.finditer(stripped):
                target = m.group(1)
                if _external(target):
                    continue
                if not (base_dir / target.split("#")[0]).exists():
                    self.add(page, n, "broken-link", target=target, hint="")
            for m in LINK.finditer(stripped):
                self.check_link(page, n, m.group(1), base_dir)

    def check_link(self, page: Page, line: int, target: str, base_dir: Path):
        if _external(target) or target.startswith("/"):
            return
        path_part, _, anchor = target.partition("#")
        if not path_part:
            dest = page.path
        else:
            if not path_part.endswith(".md"):
                candidate = (base_dir / path_part).resolve()
                if candidate.is_dir():
                    candidate = candidate / "index.md"
                    path_part = os.path.relpath(candidate, base_dir)
                elif candidate.exists():
                    return  # an asset (PDF, image) that exists
                else:
                    self.add(page, line, "broken-link", target=target,
                             hint="; liên kết tới trang khác viết dạng 'ten-trang.md' (không có đuôi .vi/.en)")
                    return
            dest = _localised(base_dir / path_part, page.lang)
            if dest is None or not dest.exists():
                wanted = _localised(base_dir / path_part, page.lang) or base_dir / path_part
                hint = f" (không có tệp '{self.rel(wanted)}')"
                self.add(page, line, "broken-link", target=target, hint=hint)
                return
        if anchor:
            anchors = self.anchors(dest)
            if anchor not in anchors:
                close = difflib.get_close_matches(anchor, sorted(anchors), n=1)
                hint = f"; có phải '#{close[0]}'?" if close else ""
                self.add(page, line, "broken-anchor", target=target, page=self.rel(dest), anchor=anchor, hint=hint)

    def anchors(self, path: Path) -> set[str]:
        if path not in self._anchor_cache:
            page = next((p for p in self.tree.pages if p.path == path), None)
            text = page.body if page else path.read_text(encoding="utf-8")
            ptype = page.get("type") if page else None
            found = set(GENERATED_ANCHORS.get(ptype, set())) | ALL_GENERATED
            in_fence = False
            for line in text.split("\n"):
                if FENCE.match(line):
                    in_fence = not in_fence
                    continue
                if in_fence:
                    continue
                h = HEADING.match(line)
                if h:
                    m = ATTR_ID.search(h.group(2))
                    found.add(m.group(1) if m else folding.slugify(re.sub(r"\{[^}]*\}\s*$", "", h.group(2))))
                else:
                    m = ATTR_ID.search(line)
                    if m:
                        found.add(m.group(1))
                found.update(HTML_ID.findall(line))
                found.update(f"fn:{x}" for x in re.findall(r"^\[\^([^\]]+)\]:", line))
            self._anchor_cache[path] = found
        return self._anchor_cache[path]

    def check_nav(self):
        if self.nav_paths is None:
            return
        stems = {p.stem + ".md" for p in self.tree.pages if p.stem}
        for p in self.tree.pages:
            if p.stem and p.lang == DEFAULT_LANGUAGE and p.stem + ".md" not in self.nav_paths:
                self.add(p, 1, "not-in-nav", path=p.stem + ".md")
        for nav_path in sorted(self.nav_paths - stems):
            stem = nav_path[:-3] if nav_path.endswith(".md") else nav_path
            self.add(self.config_rel, self.nav_line.get(nav_path, 1), "nav-missing-page", path=nav_path,
                     expected=f"docs/{stem}.{DEFAULT_LANGUAGE}.md")


# -- helpers ------------------------------------------------------------------------
def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _external(target: str) -> bool:
    return bool(re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", target))


def _localised(path: Path, lang: str) -> Path | None:
    """`x.md` -> `x.<lang>.md`; `x.vi.md` stays; other files unchanged."""
    name = path.name
    if re.search(r"\.(%s)\.md$" % "|".join(LANGUAGES), name):
        return path.resolve()
    if name.endswith(".md"):
        return path.with_name(name[:-3] + f".{lang}.md").resolve()
    return None


def _targets(meta: dict):
    """(field, [ids]) for every field that points at other pages."""
    rel = meta.get("relations")
    if isinstance(rel, list):
        yield "relations.target", [r.get("target") for r in rel if isinstance(r, dict)]
    for name in ("related", "prerequisites"):
        v = meta.get(name)
        if isinstance(v, list):
            yield name, v


class _ConfigLoader(yaml.SafeLoader):
    pass


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)  # ignore !!python/… tags


def read_nav(config_file: Path) -> tuple[set[str] | None, dict]:
    """The page paths listed in mkdocs.yml's nav, with the line each appears on."""
    if not config_file or not config_file.exists():
        return None, {}
    text = config_file.read_text(encoding="utf-8")
    config = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - safe subclass
    nav = (config or {}).get("nav")
    if nav is None:
        return None, {}
    paths: set[str] = set()

    def walk(node):
        if isinstance(node, str):
            if not _external(node):
                paths.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for v in node.values():
                walk(v)

    walk(nav)
    lines = {}
    for n, line in enumerate(text.split("\n"), start=1):
        for p in paths:
            if re.search(r"(^|[\s:-])" + re.escape(p) + r"\s*$", line):
                lines.setdefault(p, n)
    return paths, lines


def run(docs_dir: Path, config_file: Path | None = None, root: Path | None = None,
        today: dt.date | None = None, tree: Tree | None = None) -> list[Problem]:
    """Check every page under docs_dir (or an already loaded tree); return the problems by file and line."""
    tree = tree or load_tree(docs_dir)
    root = (root or Path.cwd()).resolve()
    nav_paths, nav_line = read_nav(config_file) if config_file else (None, {})
    config_rel = config_file.resolve().relative_to(root).as_posix() if config_file and \
        config_file.resolve().is_relative_to(root) else str(config_file)
    checker = _Checker(tree, root, nav_paths, nav_line, config_rel, today or dt.date.today())
    for page in tree.pages:
        checker.check_page(page)
    checker.check_tree()
    for page in tree.pages:
        checker.check_links(page)
    checker.check_nav()
    return sorted(set(checker.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def format_problems(problems: list[Problem], annotations: bool | None = None, root: Path | None = None) -> list[str]:
    if annotations is None:
        annotations = os.environ.get("CI", "").lower() == "true"
    out = []
    for p in problems:
        if annotations:
            out.append(f"::{p.severity} file={p.path},line={p.line},title={p.rule}::{p.message}")
        else:
            tag = "" if p.severity == "error" else " (cảnh báo)"
            out.append(f"{p.path}:{p.line}: [{p.rule}]{tag} {p.message}")
    return out


def fix_nfc(docs_dir: Path) -> list[Path]:
    """Rewrite every Markdown file under docs_dir in NFC; return the files changed."""
    changed = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed
