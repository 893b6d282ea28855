"""The editors' reference, generated from the registry and the rules table so the guide
never drifts from what the checks enforce. Each marker in a page is replaced at build time:

- `<!-- field-reference -->`: per page type, every field (required or not, where it is
  written, allowed values with their Vietnamese labels, an example) and a sample front matter;
- `<!-- check-messages -->`: every rule id, what it means, how to fix it, an example line;
- `<!-- ack-messages -->`: the same for the acknowledgement rules (scripts/acks/messages.py);
- `<!-- ack-limits -->`: the limits an import enforces (scripts/acks/tables.py, times.py);
- `<!-- translation-coverage -->`: pages, translations up to date, outdated, missing, pending;
- `<!-- section-owners -->`: who owns which folder of docs/ (the pages' `owner`).

Pure functions of (tree, language): no MkDocs, no files, no git.
"""
from __future__ import annotations

from ..acks.messages import ACK_HELP, MESSAGES
from ..checks.rules import RULE_HELP, RULES, message
from ..model import languages
from ..model.languages import DEFAULT_LANGUAGE, strings, t
from ..model.registry import FIELDS, Field, choices, fields_for
from .escape import cell as _cell
from .escape import md

FIELD_REFERENCE = "<!-- field-reference -->"
TRANSLATION_COVERAGE = "<!-- translation-coverage -->"
CHECK_MESSAGES = "<!-- check-messages -->"
ACK_MESSAGES = "<!-- ack-messages -->"
ACK_LIMITS = "<!-- ack-limits -->"
SECTION_OWNERS = "<!-- section-owners -->"

LEVEL_FIELDS = {"audience"}


def _h(lang: str) -> dict:
    return strings(lang, "reference")  # the guide's own headers (scripts/model/locales/<lang>.yml)


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


def field_table(fields: list[Field], lang: str) -> str:
    h = _h(lang)
    rows = [f"| {h['field']} | {h['required']} | {h['where']} | {h['values']} | {h['meaning']} | {h['example']} |",
            "|---|---|---|---|---|---|"]
    for f in fields:
        example = f"`{f.example}`" if f.example else ""
        rows.append(f"| `{f.name}` | {h['yes'] if f.required else h['no']} | {h['shared'] if f.shared else h['own']} "
                    f"| {_cell(_values(f, lang))} | {_cell(f.help_vi)} | {_cell(example)} |")
    return "\n".join(rows)


def sample(page_type: str) -> str:
    """A front matter made of the registry's examples (fields with an example)."""
    lines = []
    for f in fields_for(page_type):
        value = page_type if f.name == "type" else (f.example or "")
        if not value or f.name in SAMPLE_SKIP:
            continue
        quoted = f'"{value}"' if f.kind == "date" or ":" in value else value
        lines.append(f"{f.name}: {quoted}")
    return "```yaml\n---\n" + "\n".join(lines) + "\n---\n```"


SAMPLE_SKIP = {"translation_of", "translation", "status"}  # written by a command, or only by exception


def field_reference(lang: str) -> str:
    """One table per group of page types sharing fields (every page; content pages; each type's
    own), then a sample front matter of a legal update."""
    h = _h(lang)
    titles = {"*": t(lang, "reference.every_type"), "and": t(lang, "reference.and")}
    groups: dict[tuple, list[Field]] = {}
    for f in FIELDS.values():
        groups.setdefault(tuple(f.types), []).append(f)
    out = []
    for types, fields in groups.items():
        if "*" in types:
            title, anchor = titles["*"], "fields-all"
        else:
            title = titles["and"].join(f"{languages.label('page_type', t, lang)} (`{t}`)" for t in types)
            anchor = "fields-" + "-".join(types)
        out.append(f"### {title} {{ #{anchor} }}\n\n{field_table(fields, lang)}\n")
    out.append(f"### {h['sample']} (`legal-update`) {{ #sample }}\n\n{sample('legal-update')}\n")
    return "\n".join(out)


def check_messages(lang: str) -> str:
    h = _h(lang)
    rows = [f"| {h['rule']} | {h['meaning']} | {h['fix']} | {h['line']} |", "|---|---|---|---|"]
    for rule in RULES:
        meaning, fix, values = RULE_HELP[rule]
        line = f"docs/…:12: [{rule}] {message(rule, **values)}"
        rows.append(f"| `{rule}` | {_cell(meaning)} | {_cell(fix)} | {_cell(line)} |")
    return "\n".join(rows)


def ack_messages(lang: str) -> str:
    """Every acknowledgement rule: what it means and how to fix it (in the page's language, Vietnamese
    for any language without its own), and each of its messages with "…" for the values."""
    h = _h(lang)
    rows = [f"| {h['rule']} | {h['ack_meaning']} | {h['ack_fix']} | {h['ack_line']} |", "|---|---|---|---|"]
    for rule in sorted(MESSAGES):
        meaning_vi, fix_vi, meaning_en, fix_en = ACK_HELP[rule]
        meaning, fix = (meaning_vi, fix_vi) if lang == DEFAULT_LANGUAGE else (meaning_en, fix_en)
        lines = "<br>".join(_cell(f"tệp:12: [{rule}] {_template_shown(t)}") for t in dict.fromkeys(MESSAGES[rule].values()))
        rows.append(f"| `{rule}` | {_cell(meaning)} | {_cell(fix)} | {lines} |")
    return "\n".join(rows)


def _template_shown(template: str) -> str:
    """A message template with "…" where a value goes."""
    import re
    return re.sub(r"\{[^{}]*\}", "…", template).replace("{{", "{").replace("}}", "}")


def ack_limits(lang: str) -> str:
    """The limits an import enforces, read from the constants that enforce them."""
    from ..acks import log, tables, times
    from ..acks.importer import ImportOptions
    h = _h(lang)
    names = h["limits"]

    def n(value: int) -> str:
        return f"{value:,}".replace(",", "." if lang == DEFAULT_LANGUAGE else ",")

    mb = 1024 * 1024
    limits = [("file", f"{n(tables.MAX_FILE_BYTES // mb)} MB", "file-too-large"),
              ("xlsx", f"{n(tables.MAX_XLSX_UNZIPPED // mb)} MB ({n(tables.MAX_XLSX_PART // mb)} MB)", "file-too-large"),
              ("shared", n(tables.MAX_SHARED_STRINGS), "file-too-large"),
              ("rows", n(tables.MAX_ROWS), "too-many-rows"),
              ("cell", n(tables.MAX_CELL), "cell-too-long"),
              ("columns", n(tables.MAX_COLUMNS), ""),
              ("line", n(log.MAX_LINE), "cell-too-long"),
              ("field", n(log.CSV_FIELD_LIMIT), "cell-too-long"),
              ("roster", f"{n(tables.MAX_ROSTER_BYTES // mb)} MB", "file-too-large"),
              ("future", f"{n(int(times.FUTURE_SKEW.total_seconds() // 60))} min", "future-time"),
              ("lock", f"{ImportOptions().lock_timeout:g} s", "log-locked")]
    rows = [f"| {h['limit']} | {h['limit_value']} | {h['rule']} |", "|---|---:|---|"]
    rows += [f"| {_cell(names[key])} | {value} | {f'`{rule}`' if rule else ''} |" for key, value, rule in limits]
    return "\n".join(rows)


def translation_coverage(tree, lang: str) -> str:
    """The coverage summary (pages, up to date, outdated, missing…) as a small table; no git."""
    from ..translation import coverage, status
    cov = coverage(status(tree, with_git=False), tree)
    labels = _h(lang)["coverage"]
    values = {"vi_pages": cov["pages"], "ok": cov["ok"], "outdated": cov["outdated"], "missing": cov["missing"],
              "pending": cov["pending"], "unrecorded": cov["unrecorded"]}
    rows = [f"| {labels['title']} | |", "|---|---:|"] + [f"| {labels[k]} | {v} |" for k, v in values.items()]
    return "\n".join(rows)


def section_owners(tree, lang: str) -> str:
    """Who owns which section: the `owner` of the Vietnamese pages, by folder of docs/."""
    o = _h(lang)["owners"]
    h = (o["section"], o["folder"], o["owner"], o["pages"], o["top_level"])
    groups: dict[str, dict] = {}
    for page in tree.in_language(DEFAULT_LANGUAGE):
        if not page.stem:
            continue
        folder = page.stem.split("/")[0] if "/" in page.stem else ""
        owners = groups.setdefault(folder, {})
        owner = str(page.meta.get("owner") or "—")
        owners[owner] = owners.get(owner, 0) + 1
    rows = [f"| {h[0]} | {h[1]} | {h[2]} | {h[3]} |", "|---|---|---|---:|"]
    for folder, owners in sorted(groups.items()):
        section = next((p.meta.get("title") for p in tree.in_language(lang) if p.stem == f"{folder}/index"), None)
        name = md(section) if section else _cell(h[4] if not folder else folder)  # a title, or the guide's words
        for owner, n in sorted(owners.items()):
            rows.append(f"| {name} | `docs/{folder + '/' if folder else ''}` | {md(owner)} | {n} |")
    return "\n".join(rows)


# marker -> renderer(tree, lang)
MARKERS = {
    FIELD_REFERENCE: lambda tree, lang: field_reference(lang),
    CHECK_MESSAGES: lambda tree, lang: check_messages(lang),
    ACK_MESSAGES: lambda tree, lang: ack_messages(lang),
    ACK_LIMITS: lambda tree, lang: ack_limits(lang),
    TRANSLATION_COVERAGE: translation_coverage,
    SECTION_OWNERS: section_owners,
}


def expand(markdown: str, lang: str, tree) -> str:
    """The page's Markdown with each reference marker replaced by its generated table."""
    for marker, renderer in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, renderer(tree, lang))
    return markdown
