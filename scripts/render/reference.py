"""The editors' reference, generated from the registry and the rules table so the guide
never drifts from what the checks enforce. Each marker in a page is replaced at build time:

- `<!-- field-reference -->`: per page type, every field (required or not, where it is
  written, allowed values with their Vietnamese labels, an example) and a sample front matter;
- `<!-- check-messages -->`: every rule id, what it means, how to fix it, an example line;
- `<!-- translation-coverage -->`: pages, translations up to date, outdated, missing, pending.

Pure functions of (language[, tree]): no MkDocs, no files, no git.
"""
from __future__ import annotations

from ..checks.rules import RULE_HELP, RULES, message
from ..model import languages
from ..model.languages import DEFAULT_LANGUAGE
from ..model.registry import PAGE_TYPES, Field, choices, fields_for

FIELD_REFERENCE = "<!-- field-reference -->"
TRANSLATION_COVERAGE = "<!-- translation-coverage -->"
CHECK_MESSAGES = "<!-- check-messages -->"

# the guide's own headers: only the two languages of the guide (a third locale gets English)
HEADERS = {
    "vi": {"field": "Trường", "required": "Bắt buộc", "where": "Ghi ở", "values": "Giá trị", "meaning": "Ý nghĩa",
           "example": "Ví dụ", "yes": "có", "no": "không", "shared": "bản tiếng Việt (bản dịch tự lấy)",
           "own": "mỗi bản, bằng ngôn ngữ của bản", "rule": "Mã lỗi", "fix": "Cách sửa", "line": "Ví dụ dòng báo lỗi",
           "sample": "Ví dụ thông tin đầu trang (bản tiếng Việt)", "either": "mã hoặc tên tiếng Việt",
           "kinds": {"id": "id (chữ thường không dấu, '-')", "str": "chữ", "date": "ngày \"YYYY-MM-DD\"",
                     "int": "số nguyên", "url": "đường dẫn https://", "strlist": "danh sách '- …'",
                     "idlist": "danh sách id", "bool": "true / false", "revision": "số nguyên từ 1",
                     "revisions": "danh sách {revision, date, note}", "sources": "danh sách {title, url}",
                     "relations": "danh sách {type, target, part}", "ack": "{required, audience, due}",
                     "hash": "mã 10 ký tự (lệnh i18n mark-current ghi)"}},
    "en": {"field": "Field", "required": "Required", "where": "Written in", "values": "Values",
           "meaning": "Meaning (Vietnamese, as in the check messages)", "example": "Example", "yes": "yes",
           "no": "no", "shared": "the Vietnamese file (inherited by translations)",
           "own": "each language file, in its language", "rule": "Rule id",
           "fix": "How to fix (Vietnamese)", "line": "Example message (editors read Vietnamese messages)",
           "sample": "Sample front matter (Vietnamese file)", "either": "key or Vietnamese label",
           "kinds": {"id": "id (lower case, no accents, '-')", "str": "text", "date": "date \"YYYY-MM-DD\"",
                     "int": "whole number", "url": "https:// link", "strlist": "list of '- …' lines",
                     "idlist": "list of page ids", "bool": "true / false", "revision": "whole number from 1",
                     "revisions": "list of {revision, date, note}", "sources": "list of {title, url}",
                     "relations": "list of {type, target, part}", "ack": "{required, audience, due}",
                     "hash": "10-character code (written by i18n mark-current)"}},
}
LEVEL_FIELDS = {"audience"}


def _h(lang: str) -> dict:
    return HEADERS.get(lang) or HEADERS["en"]


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _values(f: Field, lang: str) -> str:
    h = _h(lang)
    if f.kind == "enum":
        allowed = choices(f)
        return f"{h['either']}: " + ", ".join(f"`{k}` ({v})" if v != k else f"`{k}`" for k, v in allowed.items())
    if f.kind == "relations":
        return h["kinds"]["relations"] + "; type: " + ", ".join(
            f"`{k}` ({v})" for k, v in languages.vocabulary("relation").items())
    if f.name in LEVEL_FIELDS:
        return f"{h['either']}: " + ", ".join(f"`{k}` ({v})" for k, v in languages.vocabulary("level").items())
    return h["kinds"].get(f.kind, f.kind)


def field_table(page_type: str, lang: str) -> str:
    h = _h(lang)
    rows = [f"| {h['field']} | {h['required']} | {h['where']} | {h['values']} | {h['meaning']} | {h['example']} |",
            "|---|---|---|---|---|---|"]
    for f in fields_for(page_type):
        example = f"`{f.example}`" if f.example else ""
        rows.append(f"| `{f.name}` | {h['yes'] if f.required else h['no']} | {h['shared'] if f.shared else h['own']} "
                    f"| {_cell(_values(f, lang))} | {_cell(f.help_vi)} | {_cell(example)} |")
    return "\n".join(rows)


def sample(page_type: str) -> str:
    """A front matter made of the registry's examples (required fields, and optional ones with an example)."""
    lines = []
    for f in fields_for(page_type):
        value = f.example or ""
        if f.name == "type":
            value = page_type
        if not value:
            continue
        quoted = f'"{value}"' if f.kind == "date" or ":" in value else value
        lines.append(f"{f.name}: {quoted}")
    return "```yaml\n---\n" + "\n".join(lines) + "\n---\n```"


def field_reference(lang: str) -> str:
    h = _h(lang)
    out = []
    for name in PAGE_TYPES:
        title = languages.label("page_type", name, lang)
        out.append(f"### {title} (`{name}`) {{ #fields-{name} }}\n\n{field_table(name, lang)}\n\n"
                   f"{h['sample']}:\n\n{sample(name)}\n")
    return "\n".join(out)


def check_messages(lang: str) -> str:
    h = _h(lang)
    rows = [f"| {h['rule']} | {h['meaning']} | {h['fix']} | {h['line']} |", "|---|---|---|---|"]
    for rule in RULES:
        meaning, fix, values = RULE_HELP[rule]
        line = f"docs/…:12: [{rule}] {message(rule, **values)}"
        rows.append(f"| `{rule}` | {_cell(meaning)} | {_cell(fix)} | {_cell(line)} |")
    return "\n".join(rows)


COVERAGE = {
    "vi": ("Trang tiếng Việt", "Bản dịch đã cập nhật", "Bản dịch cũ", "Thiếu bản dịch", "Chờ dịch",
           "Chưa ghi translation_of", "Tình trạng bản dịch khi dựng trang"),
    "en": ("Vietnamese pages", "Translations up to date", "Outdated translations", "Missing translations",
           "Pending translation", "translation_of not recorded", "Translation status when the site was built"),
}


def translation_coverage(tree, lang: str) -> str:
    """The coverage summary (pages, up to date, outdated, missing…) as a small table; no git."""
    from ..translation import coverage, status
    cov = coverage(status(tree, with_git=False), tree)
    labels = COVERAGE.get(lang) or COVERAGE["en"]
    values = (cov["pages"], cov["ok"], cov["outdated"], cov["missing"], cov["pending"], cov["unrecorded"])
    rows = [f"| {labels[6]} | |", "|---|---:|"] + [f"| {name} | {value} |" for name, value in zip(labels, values)]
    return "\n".join(rows)


MARKERS = {FIELD_REFERENCE: field_reference, CHECK_MESSAGES: check_messages}


def expand(markdown: str, lang: str = DEFAULT_LANGUAGE, tree=None) -> str:
    """The page's Markdown with each reference marker replaced by its generated table."""
    for marker, renderer in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, renderer(lang))
    if tree is not None and TRANSLATION_COVERAGE in markdown:
        markdown = markdown.replace(TRANSLATION_COVERAGE, translation_coverage(tree, lang))
    return markdown
