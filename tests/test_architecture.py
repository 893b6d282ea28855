"""The shape of scripts/: one ack rule for the checks and the engine, page types that
plug in through the registry, languages as data, and a one-way import graph."""
from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from scripts import checks, render
from scripts.acks.updates import updates_from_tree
from scripts.model import languages, registry
from scripts.model.tree import load_tree
from scripts.new import create

ROOT = Path(__file__).resolve().parent.parent


TODAY = dt.date(2026, 11, 29)

PAGE_VI = """---
id: bai-mau
type: guidance
title: Bài mẫu
owner: Ban biên tập
last_reviewed: "2026-11-01"
published: "2026-01-15"
{revision}sources:
  - {{title: Nguồn, url: "https://example.org/nguon"}}
{ack}---

Nội dung.
"""
PAGE_EN = """---
id: bai-mau
type: guidance
title: Sample
last_reviewed: "2026-11-01"
sources:
  - {title: Source, url: "https://example.org/source"}
---

Content.
"""

VALID_ACK = "ack: {required: true, audience: [central, provincial], due: 30}\n"
# (name, revision line, ack line): what the check and the engine must agree on
ACK_VARIANTS = [
    ("valid", "revision: 2\n", VALID_ACK),
    ("revision-0", "revision: 0\n", VALID_ACK),
    ("revision-negative", "revision: -1\n", VALID_ACK),
    ("revision-text", 'revision: "2"\n', VALID_ACK),
    ("revision-word", "revision: hai\n", VALID_ACK),
    ("revision-missing", "", VALID_ACK),
    ("due-0", "revision: 1\n", "ack: {required: true, audience: [central], due: 0}\n"),
    ("due-negative", "revision: 1\n", "ack: {required: true, audience: [central], due: -5}\n"),
    ("due-text", "revision: 1\n", "ack: {required: true, audience: [central], due: 'ba mươi'}\n"),
    ("due-missing", "revision: 1\n", "ack: {required: true, audience: [central]}\n"),
    ("audience-empty", "revision: 1\n", "ack: {required: true, audience: [], due: 30}\n"),
    ("audience-unknown", "revision: 1\n", "ack: {required: true, audience: [district], due: 30}\n"),
    ("audience-missing", "revision: 1\n", "ack: {required: true, due: 30}\n"),
    ("required-text", "revision: 1\n", "ack: {required: 'yes', audience: [central], due: 30}\n"),
    ("unknown-key", "revision: 1\n", "ack: {required: true, audience: [central], due: 30, nhac: true}\n"),
    ("not-a-mapping", "revision: 1\n", "ack: true\n"),
    ("required-false", "revision: 1\n", "ack: {required: false, audience: [central], due: 30}\n"),
    ("no-ack", "revision: 1\n", ""),
]


@pytest.mark.parametrize("name,revision,ack", ACK_VARIANTS, ids=[v[0] for v in ACK_VARIANTS])
def test_check_and_engine_agree_on_every_ack_variant(tmp_path, name, revision, ack):
    docs = tmp_path / "docs"
    (docs / "guidance").mkdir(parents=True)
    (docs / "guidance/bai-mau.vi.md").write_text(PAGE_VI.format(revision=revision, ack=ack), encoding="utf-8")
    (docs / "guidance/bai-mau.en.md").write_text(PAGE_EN, encoding="utf-8")
    tree = load_tree(docs)
    errors = checks.errors(checks.run(docs, root=tmp_path, today=TODAY, tree=tree))
    warnings: list[str] = []
    updates = updates_from_tree(tree, warn=warnings.append)
    asks = "required: true" in ack
    if errors:
        # rejected by the check: never counted, and never silently
        assert updates == {}, name
        if asks:
            assert warnings, f"{name}: the engine skipped the page without a word"
            rules = {e.rule for e in errors}
            assert any(f"[{rule}]" in w for w in warnings for rule in rules), (warnings, errors)
    else:
        assert warnings == [], name
        assert (set(updates) == {"bai-mau"}) == asks, f"{name}: accepted by the check, not counted by the engine"
    expected_ok = {"valid", "required-false", "no-ack"}
    assert (not errors) == (name in expected_ok), [str(e) for e in errors]


# -- a new page type through the registry only ------------------------------------------------
@pytest.fixture
def fact_sheet():
    """Registers a 'fact-sheet' page type (a field, a template, a box) and removes it afterwards."""
    field = registry.register_field(registry.Field("hotline_number", "str", ("fact-sheet",), help_vi="số đường dây nóng",
                                                   example="111"))
    box = registry.register_box(registry.Box("fact-box", "top", frozenset({"facts"})))
    page_type = registry.register_page_type(registry.PageType(
        "fact-sheet", section="facts", nav_title="Tờ thông tin", boxes=("fact-box",),
        template=f'hotline_number: "{registry.PLACEHOLDER}"\n', translation_template="",
        body={"vi": "\nNội dung.\n", "*": "\nContent.\n"}))
    render.register_renderer("fact-box", lambda ctx: f'<p id="facts">☎ {ctx.get("hotline_number")}</p>\n\n')
    languages.language("vi").vocab["page_type"]["fact-sheet"] = "Tờ thông tin"
    yield page_type
    for table, key in ((registry.FIELDS, field.name), (registry.BOXES, box.name),
                       (registry.PAGE_TYPES, page_type.name), (render.RENDERERS, "fact-box")):
        table.pop(key, None)
    languages.language("vi").vocab["page_type"].pop("fact-sheet", None)


def test_a_page_type_registered_in_a_fixture_gets_check_new_render_and_anchors(tmp_path, fact_sheet):
    docs = tmp_path / "docs"
    docs.mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: t\nnav:\n  - index.md\n  - Tờ thông tin:\n      - facts/index.md\n", encoding="utf-8")
    for lang, title in (("vi", "Trang chủ"), ("en", "Home")):
        (docs / f"index.{lang}.md").write_text(
            f'---\nid: home\ntype: page\ntitle: {title}\nowner: Ban\nlast_reviewed: "2026-11-01"\n---\n\n'
            "[Số máy](facts/tong-dai.md#facts)\n", encoding="utf-8")
    (docs / "facts").mkdir()
    for lang in ("vi", "en"):
        (docs / f"facts/index.{lang}.md").write_text(
            '---\nid: facts\ntype: page\ntitle: F\nowner: Ban\nlast_reviewed: "2026-11-01"\n---\n\nx\n', encoding="utf-8")
    # new: the type's template, its folder, its nav section
    written = create("fact-sheet", "Tổng đài", "tong-dai", docs, config, today=TODAY)
    assert docs / "facts/tong-dai.vi.md" in written and "facts/tong-dai.md" in config.read_text(encoding="utf-8")
    # check: the type's own field is validated (placeholder left by `new`)
    problems = checks.errors(checks.run(docs, config_file=config, root=tmp_path, today=TODAY))
    assert {(p.rule, p.path, p.message.split("'")[1]) for p in problems} == {
        ("placeholder", "docs/facts/tong-dai.vi.md", "hotline_number"),
        ("placeholder", "docs/facts/tong-dai.en.md", "title"),
        # the type's own body template is recognised as sample text left in place
        ("template-text", "docs/facts/tong-dai.vi.md", "Nội dung."),
        ("template-text", "docs/facts/tong-dai.en.md", "Content.")}, problems
    vi, en = docs / "facts/tong-dai.vi.md", docs / "facts/tong-dai.en.md"
    vi.write_text(vi.read_text(encoding="utf-8").replace(f'"{registry.PLACEHOLDER}"', '"111"')
                  .replace("Nội dung.", "Tổng đài 111."), encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace(f'"{registry.PLACEHOLDER}"', '"Switchboard"')
                  .replace("Content.", "Hotline 111."), encoding="utf-8")
    # the link to #facts is valid: the anchor comes from the type's box in the registry
    assert checks.errors(checks.run(docs, config_file=config, root=tmp_path, today=TODAY)) == []
    vi.write_text(vi.read_text(encoding="utf-8").replace('hotline_number: "111"', "hotline_number: ''"), encoding="utf-8")
    assert {p.rule for p in checks.errors(checks.run(docs, config_file=config, root=tmp_path, today=TODAY))} == {"bad-value"}
    # render: the box comes out on the page, in every language
    tree = load_tree(docs)
    page = tree.page("tong-dai", "en")
    out = render.decorate("Body.\n", page, tree, "en", {})
    assert '<p id="facts">☎ </p>' in out and out.index("facts") < out.index("Body.")


# -- languages as data ---------------------------------------------------------------------------
def _keys(data, prefix=""):
    if isinstance(data, dict):
        out = set()
        for k, v in data.items():
            out |= _keys(v, f"{prefix}{k}.")
        return out
    return {prefix.rstrip(".")}


def test_every_locale_file_has_every_key_of_the_default_one():
    known = languages.languages()
    assert set(known) >= {"vi", "en"}
    reference = _keys({"strings": known["vi"].strings, "vocab": known["vi"].vocab})
    for _code, spec in known.items():
        keys = _keys({"strings": spec.strings, "vocab": spec.vocab})
        assert keys == reference, f"{spec.source}: missing {sorted(reference - keys)[:10]}, extra {sorted(keys - reference)[:10]}"
        assert len(spec.months) == 12
        assert set(spec.language_names) >= set(known), f"{spec.source}: name every language"


def test_vocabularies_cover_the_registry():
    for f in registry.FIELDS.values():
        if f.kind == "enum" and f.name != "type":
            assert registry.choices(f), f.name
    assert set(languages.vocabulary("page_type")) == set(registry.PAGE_TYPES)


# -- the import graph ------------------------------------------------------------------------------
def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path):
    """(imported module, names, line) for every import in a file, relative imports resolved."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, [], node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target, [a.name for a in node.names], node.lineno


def _graph():
    files = sorted((ROOT / "scripts").rglob("*.py"))
    modules = {_module_name(p): p for p in files}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    records = []
    for name, path in modules.items():
        for target, names, line in _imports(path):
            records.append((name, path, target, names, line))
            if target in modules and target != name:
                edges[name].add(target)
            for n in names:
                if f"{target}.{n}" in modules:
                    edges[name].add(f"{target}.{n}")
    return modules, edges, records


def test_no_import_cycles_inside_scripts():
    modules, edges, _ = _graph()
    # a package's __init__ importing its own submodules is how packages expose them, not a cycle
    def deps(m):
        return {d for d in edges[m] if not (m.startswith(d + ".") and modules[d].name == "__init__.py")}
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for d in deps(m):
            if state.get(d) == 1:
                raise AssertionError("import cycle: " + " -> ".join(stack[stack.index(d):] + [d]))
            if d not in state:
                visit(d)
        stack.pop()
        state[m] = 2

    for m in sorted(modules):
        if m not in state:
            visit(m)
    assert len(modules) > 20


def test_no_private_name_imported_across_modules():
    _, _, records = _graph()
    bad = [f"{path.relative_to(ROOT)}:{line}: from {target} import {n}" for _, path, target, names, line in records
           for n in names if n.startswith("_") and not n.startswith("__") and target.startswith("scripts")]
    assert bad == []


def test_only_the_build_adapter_imports_mkdocs_or_material():
    _, _, records = _graph()
    bad = [f"{path.relative_to(ROOT)}:{line}: {target}" for name, path, target, _, line in records
           if target.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n") and not name.startswith("scripts.build")]
    assert bad == []
    assert any(name.startswith("scripts.build") and target.startswith("mkdocs") for name, _, target, _, _ in records)


ENGINE_ADAPTERS = ("scripts.build.mkdocs_hooks",)  # one module per engine that needs one


def test_the_build_pipeline_knows_no_engine():
    """Only the engine's adapter imports it; the pipeline and the staging step import none,
    so the same steps serve MkDocs, ProperDocs and a generator without hooks (Zensical)."""
    _, _, records = _graph()
    bad = [f"{path.relative_to(ROOT)}:{line}: {target}" for name, path, target, _, line in records
           if target.split(".")[0] in ("mkdocs", "material", "mkdocs_static_i18n", "zensical", "zensical_i18n")
           and name not in ENGINE_ADAPTERS]
    assert bad == []
    assert any(name == "scripts.build.pipeline" for name, *_ in records)


def test_model_imports_nothing_else_of_scripts():
    _, _, records = _graph()
    bad = [f"{path.relative_to(ROOT)}:{line}: {target}" for name, path, target, _, line in records
           if name.startswith("scripts.model") and target.startswith("scripts.") and not target.startswith("scripts.model")]
    assert bad == []


def test_no_module_defines_a_name_twice():
    """A second top-level `def x` silently replaces the first (it happened once in a merge)."""
    twice = []
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        seen: dict[str, int] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                if node.name in seen:
                    twice.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} (first at line {seen[node.name]})")
                seen.setdefault(node.name, node.lineno)
    assert twice == []


def _nav_sections(nav) -> set[str]:
    """Every section title of mkdocs.yml's nav (a `- Title: [...]` entry), at any depth."""
    out: set[str] = set()
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, list):
                    out.add(title)
                    out |= _nav_sections(value)
    return out


def test_the_i18n_block_of_mkdocs_yml_matches_the_locale_files():
    """static-i18n's language list repeats what the locale files hold: the same codes, the same
    names, one default (the authoritative language), and every nav section translated in every
    other language (an untranslated title would show Vietnamese in the English nav)."""
    from bench.harness import i18n_languages, real_config
    config = real_config()
    block = i18n_languages(config)
    assert [entry["locale"] for entry in block] == list(languages.codes())
    for entry in block:
        assert entry["name"] == languages.language(entry["locale"]).name, entry["locale"]
    assert [entry["locale"] for entry in block if entry.get("default")] == [languages.DEFAULT_LANGUAGE]
    sections = _nav_sections(config["nav"])
    assert sections, "the nav has sections"
    for entry in block:
        if entry["locale"] != languages.DEFAULT_LANGUAGE:
            missing = sections - set(entry.get("nav_translations") or {})
            assert not missing, f"{entry['locale']}: nav sections without a translation: {sorted(missing)}"
