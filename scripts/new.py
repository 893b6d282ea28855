"""`python -m scripts new TYPE --title …`: write a page's language files from the
templates of its type in the registry, with the id and dates filled in, and add the
page to mkdocs.yml's nav.

Where only the editor knows the value, the template says "CẦN ĐIỀN" (to fill in);
the checks refuse to publish a page that still has one.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from .model import dates, languages
from .model.folding import fold, slugify
from .model.languages import DEFAULT_LANGUAGE
from .model.registry import FIELDS, ID_RE, PAGE_TYPES, PLACEHOLDER, PageType, choices, fields_for

COMMON = """id: {id}
type: {type}
title: "{title}"
owner: {owner}
last_reviewed: "{today}"
published: "{today}"
revision: 1
"""
# the first revision note ("first published"): feeds and the changelog read it
REVISIONS = {DEFAULT_LANGUAGE: 'revisions:\n  - {{revision: 1, date: "{today}", note: "Đăng lần đầu."}}\n',
             "*": 'revisions:\n  - {{revision: 1, note: "First published."}}\n'}
TRANSLATION_COMMON = """id: {id}
type: {type}
title: "{placeholder}"
last_reviewed: "{today}"
"""


class NewPageError(Exception):
    pass


DEFAULT_OWNER = "Ban biên tập Sổ tay"


def folder_owner(docs_dir: Path, section: str) -> str:
    """The owner data/owners.yml gives the page's folder (its `folders`, the deepest match), so the
    new page needs no CODEOWNERS line; the editorial board when the table says nothing."""
    from .checks.codeowners import load_owners
    owners = load_owners(Path(docs_dir).resolve().parent) or {}
    folders = owners.get("folders")
    if not isinstance(folders, dict):
        folders = {}
    wanted = f"{Path(docs_dir).name}/{section}/"
    matches = [(len(str(f).strip("/")), str(o)) for f, o in folders.items()
               if wanted.startswith(str(f).strip("/") + "/")]
    return max(matches)[1] if matches else DEFAULT_OWNER


def creatable() -> list[str]:
    """Page types `new` can write (those with a section folder)."""
    return [name for name, pt in PAGE_TYPES.items() if pt.section]


def front_matter(pt: PageType, lang: str, values: dict) -> str:
    """The common fields this type has (id, title, dates…), then the type's own template."""
    has = {f.name for f in fields_for(pt.name)}
    common = COMMON if lang == DEFAULT_LANGUAGE else TRANSLATION_COMMON
    lines = [line for line in common.format(**values).splitlines(keepends=True) if line.split(":")[0] in has]
    if "revisions" in has:
        lines.append(REVISIONS.get(lang, REVISIONS["*"]).format(**values))
    return "".join(lines) + (pt.template if lang == DEFAULT_LANGUAGE else pt.translation_template)


# a document number inside a title: "Nghị định 56/2017/NĐ-CP …" -> "56/2017/NĐ-CP"
NUMBER_RE = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ][A-ZĐa-z0-9]*)*")  # QĐ-TTg: a small g


def allowed_comment(vocab_field: str) -> str:
    """'# một trong: law (Luật), decree (Nghị định), …' for an enum field (key or label accepted)."""
    allowed = choices(FIELDS[vocab_field]) if vocab_field in FIELDS else {}
    return "# một trong (mã hoặc tên tiếng Việt): " + ", ".join(f"{k} ({v})" for k, v in allowed.items())


def guess_doc_type(title: str, number: str | None) -> tuple[str | None, str]:
    """doc_type from the title's words ("Nghị định" -> decree) or, failing that, from the number's
    form when only one type fits ("56/2017/NĐ-CP" -> decree); (None, "") when unsure."""
    from .checks.legal import DOC_NUMBER_FORMATS, doc_number_fits
    allowed = choices(FIELDS["doc_type"])
    words = f" {' '.join(fold(title).split())} "
    for key, label in sorted(allowed.items(), key=lambda kv: -len(kv[1])):  # "Nghị quyết liên tịch" first
        if f" {fold(label)} " in words:
            return key, f'"{label}" trong tiêu đề'
    if number:
        fits = [k for k in DOC_NUMBER_FORMATS if doc_number_fits(k, number)]
        if len(fits) == 1:
            return fits[0], f"dạng số ký hiệu {number}"
    return None, ""


# a number's kind of document ("NĐ" of 56/2017/NĐ-CP) -> the id's prefix, and the issuer codes an id
# leaves out because the kind implies them (a decree is always the Government's)
KIND_PREFIX = {"NĐ": "nd", "QĐ": "qd", "NQ": "nq", "TT": "tt", "TTLT": "ttlt", "NQLT": "nqlt", "KH": "kh",
               "L": "l", "CT": "ct"}
IMPLIED_ISSUER = {("NĐ", "CP")}
# numbers of the National Assembly and its Standing Committee (102/2016/QH13) carry no kind:
# the type's prefix is used
TYPE_PREFIX = {"law": "luat", "code": "bl", "constitution": "hp", "resolution": "nq", "ordinance": "pl"}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def propose_id(page_type: str, title: str, number: str | None) -> tuple[str, str]:
    """(id, why): for a legal update, a short id from its document number ('56/2017/NĐ-CP' ->
    'nd-56-2017', '1863/QĐ-TTg' of 2019 -> 'qd-1863-2019-ttg'), the short link and its QR code
    staying small; otherwise (or when the number says too little) the title, without accents."""
    number = number or (found.group(0) if (found := NUMBER_RE.search(title)) else None)
    if page_type != "legal-update" or not number:
        return slugify(title), "từ tiêu đề"
    m = re.fullmatch(r"(\d+)/(?:(\d{4})/)?([A-ZĐ][A-ZĐ0-9]*)(?:-([A-ZĐ][A-ZĐa-z0-9-]*))?", number.strip())
    if not m:
        return slugify(title), "từ tiêu đề"
    serial, year, kind, issuer = m.groups()
    if year is None:
        found = _YEAR.search(title.replace(number, ""))
        year = found.group(0) if found else None
    if issuer is None:  # 102/2016/QH13: the kind is the page's type
        doc_type, _ = guess_doc_type(title, number)
        prefix, issuer = TYPE_PREFIX.get(doc_type or ""), kind
    else:
        prefix = KIND_PREFIX.get(kind, kind)
        if (kind, issuer) in IMPLIED_ISSUER:
            issuer = None
    if prefix is None:
        return slugify(title), "từ tiêu đề"
    parts = [prefix, serial, year, issuer]
    return slugify(" ".join(p for p in parts if p)), f"từ số ký hiệu {number}"


def fill_legal(text: str, title: str, number: str | None) -> str:
    """The legal template with what the title tells: the number and the type, each marked as a guess."""
    number = number or (found.group(0) if (found := NUMBER_RE.search(title)) else None)
    if number:
        text = text.replace(f'doc_number: "{PLACEHOLDER}"',
                            f'doc_number: "{number}"  # lấy từ tiêu đề: kiểm tra lại với văn bản gốc', 1)
    key, why = guess_doc_type(title, number)
    line = f'doc_type: "{PLACEHOLDER}"'
    if key:
        text = text.replace(line, f"doc_type: {key}  # đoán từ {why}: kiểm tra lại; {allowed_comment('doc_type')[2:]}", 1)
    else:
        text = text.replace(line, f"{line}  {allowed_comment('doc_type')}", 1)
    return text


def annotate_enums(text: str) -> str:
    """Allowed values in a comment next to each vocabulary line the template writes (audience)."""
    out = []
    for line in text.split("\n"):
        if re.match(r"^\s*audience: \[[^\]]*\]\s*$", line):
            line += "  " + _levels_comment()
        out.append(line)
    return "\n".join(out)


def _levels_comment() -> str:
    levels = languages.vocabulary("level")
    return "# một hoặc nhiều trong: " + ", ".join(f"{k} ({v})" for k, v in levels.items())


def body(pt: PageType, lang: str) -> str:
    return pt.body.get(lang) or pt.body.get("*", "")


def create(page_type: str, title: str, page_id: str | None, docs_dir: Path, config_file: Path | None,
           today: dt.date | None = None, number: str | None = None) -> list[Path]:
    pt = PAGE_TYPES.get(page_type)
    if pt is None or not pt.section:
        raise NewPageError(f"loại '{page_type}' không có; dùng: {', '.join(creatable())}")
    page_id = page_id or propose_id(page_type, title, number)[0]
    if not ID_RE.match(page_id or ""):
        raise NewPageError(f"id '{page_id}' không hợp lệ: chỉ chữ thường không dấu, số và '-'")
    paths = {lang: docs_dir / pt.section / f"{page_id}.{lang}.md" for lang in languages.codes()}
    for path in paths.values():
        if path.exists():
            raise NewPageError(f"{path} đã tồn tại; chọn id khác bằng --id")
    taken = {m.group(1) for p in docs_dir.rglob("*.md")
             for m in [re.search(r"^id:\s*(\S+)", p.read_text(encoding="utf-8"), re.M)] if m}
    if page_id in taken:
        raise NewPageError(f"id '{page_id}' đã được dùng; chọn id khác bằng --id")
    values = {"id": page_id, "type": page_type, "title": title.replace('"', "'"), "placeholder": PLACEHOLDER,
              "owner": folder_owner(docs_dir, pt.section),
              "today": (today or dates.today()).isoformat()}
    written = []
    for lang, path in paths.items():  # the default language first (languages.codes())
        path.parent.mkdir(parents=True, exist_ok=True)
        head = annotate_enums(front_matter(pt, lang, values))
        if lang == DEFAULT_LANGUAGE and pt.name == "legal-update":
            head = fill_legal(head, title, number)
        if lang != DEFAULT_LANGUAGE:
            head += ("translation_of: current  # bản dịch khớp bản tiếng Việt của lần sửa này; sửa bản tiếng Việt "
                     "sau này thì cập nhật bản dịch cùng lúc và giữ dòng này\n")
        text = "---\n" + head + "---\n" + body(pt, lang)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if config_file and config_file.exists():
        entry = f"{pt.section}/{page_id}.md"
        # newest first: a legal update goes to the top of its section, after the section's index page
        if add_to_nav(config_file, pt.nav_title, entry, top=pt.nav_newest_first):
            written.append(config_file)
        else:
            raise NewPageError(f"đã ghi {', '.join(map(str, paths.values()))}, nhưng không thấy mục '{pt.nav_title}' "
                               f"trong nav của {config_file}: thêm dòng '- {entry}' vào mục lục")
    return written


def add_to_nav(config_file: Path, section_title: str, entry: str, top: bool = False) -> bool:
    """Append `- entry` at the end of the nav section titled section_title (text edit keeps comments);
    with top=True insert it first instead, after the section's own index page when it lists one."""
    lines = config_file.read_text(encoding="utf-8").split("\n")
    start = next((i for i, text in enumerate(lines) if re.match(r"^\s*- " + re.escape(section_title) + r":\s*$", text)), None)
    if start is None:
        return False
    indent = len(lines[start]) - len(lines[start].lstrip())
    last = start
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if line.strip():
            last = i
    item_indent = " " * (len(lines[last]) - len(lines[last].lstrip())) if last > start else " " * (indent + 4)
    if top:
        first = start + 1
        while first <= last and not lines[first].strip():
            first += 1
        if first <= last and re.match(r"^\s*- (?:[^:]*:\s*)?\S*index\.md\s*$", lines[first]):
            first += 1
        lines.insert(min(first, last + 1), f"{item_indent}- {entry}")
    else:
        lines.insert(last + 1, f"{item_indent}- {entry}")
    config_file.write_text("\n".join(lines), encoding="utf-8")
    return True
