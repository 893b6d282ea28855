"""`python -m scripts.build.zensical_stage` (make build-zensical): the handbook built by
Zensical, the successor of Material for MkDocs, which reads `mkdocs.yml` but runs no hooks.

So the hooks' work moves around the generator, as FastAPI did when it left MkDocs:
1. stage: the pipeline's pre-build (privacy guard, checks, dashboard), then every page's
   finished Markdown (boxes, generated lists, abbreviations) and the generated pages of each
   language written into `build/zensical/docs/` in the same suffix layout, the overrides
   copied, and a `mkdocs.yml` without `hooks:`;
2. generate: `zensical-i18n build` (one Zensical build per language) as a command;
3. post-build: the pipeline's feeds, short links and slimming on Zensical's output.

Search on this path is Zensical's own (it folds diacritics): the handbook's engine speaks
Material's worker protocol, which Zensical's bundle does not (see the README's engine
table). Zensical and zensical-i18n come from their own venv (`.venv-zensical`).
"""
from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, cast

from scripts.build import pipeline
from scripts.build.configfile import dump_config, env_value, read_config
from scripts.model import languages
from scripts.model.tree import split_front_matter

ROOT = Path(__file__).resolve().parents[2]
STAGE = Path("build") / "zensical"  # under the folder of the config file
ZENSICAL_I18N = ROOT / ".venv-zensical" / "bin" / "zensical-i18n"
# Overrides that are Material's markup, which breaks Zensical's header, or that serve only
# the handbook's own search engine (not used on this path).
SKIPPED_OVERRIDES = ("partials/search.html", "assets/search/offline.js")


def staged_config(config: dict, stage: Path) -> dict:
    """mkdocs.yml for Zensical: no hooks or watch list, the staged docs and overrides, the
    classic look (Material's), Zensical's own search, the browser strings in `extra`."""
    out = {k: v for k, v in config.items() if k not in ("hooks", "watch")}
    out["docs_dir"] = str(stage / "docs")
    out["site_dir"] = "site"  # Zensical wants it inside the project: moved to its place after
    out["theme"] = dict(config.get("theme") or {}, custom_dir=str(stage / "overrides"), variant="classic")
    out["extra"] = dict(config.get("extra") or {}, handbook_engine_search=True,
                        handbook_strings=pipeline.browser_strings())
    # pages only links reach (the dashboard's detail pages) are not in the nav on purpose
    out["not_in_nav"] = (str(config.get("not_in_nav") or "") + "\n/dashboard/*.md\n").lstrip("\n")
    return out


# A relative URL in a raw-HTML attribute of the rendered Markdown (the boxes' links, the
# dashboard's rows): MkDocs leaves it as written, relative to the page's URL; Zensical reads
# it relative to the source file, one folder higher for every page but an index.
RAW_URL = re.compile(r'(?P<attr>\b(?:href|src)=")(?P<url>(?![a-z][a-z0-9+.-]*:|[/#])[^"]*)"')
_DEEP = "/r" * 12  # a root deep enough that no '..' of a link climbs out of it


def source_relative(url: str, page_dir: str, source_dir: str) -> str:
    """`url`, written relative to the page's URL folder, rewritten relative to its source
    file's folder: the same target under Zensical as under MkDocs."""
    path, tail = cast(re.Match[str], re.match(r"([^?#]*)(.*)", url, re.DOTALL)).groups()  # tail: ?query and #fragment
    if not path:
        return url
    target = posixpath.normpath(posixpath.join(_DEEP, page_dir, path))
    out = posixpath.relpath(target, posixpath.join(_DEEP, source_dir))
    return out + ("/" if path.endswith("/") else "") + tail


def portable_links(markdown: str, stem: str) -> str:
    """Every relative URL of raw HTML in a page's Markdown, made source-relative (see RAW_URL)."""
    source_dir = posixpath.dirname(stem)
    if stem == "index" or stem.endswith("/index"):
        return markdown  # an index page's URL folder is its source folder
    page_dir = stem + "/"
    return RAW_URL.sub(lambda m: m["attr"] + source_relative(m["url"], page_dir, source_dir) + '"', markdown)


def staged_name(src_uri: str, lang: str) -> str:
    """`dashboard/x.md`, `en` -> `dashboard/x.en.md` (the suffix layout of docs/)."""
    return f"{src_uri[:-len('.md')]}.{lang}.md"


def write_pages(state: pipeline.BuildState, docs_out: Path, extra: dict) -> int:
    """Every page of docs/ with its finished Markdown (front matter kept), every other file of
    docs/ as it is, then the pages generated for each language."""
    written = 0
    for source in sorted(p for p in state.docs_dir.rglob("*") if p.is_file()):
        rel = source.relative_to(state.docs_dir)
        target = docs_out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        page = state.tree.by_path().get(source.resolve())
        if page is None or not page.lang:
            shutil.copyfile(source, target)
            continue
        front, _, body, _ = split_front_matter(page.text)
        # the build's own markup out as tokens (put back after Zensical, when the pages are
        # sanitised): its links stay relative to the page's URL, as MkDocs writes them
        markdown, fragments = pipeline.protect(pipeline.page_markdown(state, body.lstrip("\n"), source, page.lang,
                                                                      extra, keep_marks=True))
        state.generated.update(fragments)
        markdown = portable_links(markdown, cast(str, page.stem))
        head = f"---\n{front}\n---\n\n" if front is not None else ""
        target.write_text(head + markdown, encoding="utf-8")
        written += 1
    default = languages.DEFAULT_LANGUAGE
    for lang in languages.codes():
        def has_source(src_uri: str, lang: str = lang) -> bool:
            return (state.docs_dir / staged_name(src_uri, lang)).exists()
        for generated in pipeline.generated_pages(state, lang, default, has_source, extra, keep_marks=True):
            target = docs_out / staged_name(generated.src_uri, lang)
            target.parent.mkdir(parents=True, exist_ok=True)
            content, fragments = pipeline.protect(generated.content)
            state.generated.update(fragments)
            target.write_text(portable_links(content, generated.src_uri[:-len(".md")]), encoding="utf-8")
            written += 1
    return written


def write_overrides(source: Path, out: Path) -> None:
    shutil.copytree(source, out, ignore=lambda folder, names: [
        n for n in names if (Path(folder) / n).relative_to(source).as_posix() in SKIPPED_OVERRIDES])


def stage(config_file: Path, out: Path) -> tuple[pipeline.BuildState, dict]:
    """Write the staged project of `config_file` into `out`; return the build state and the
    staged config. `BuildFailed` when the checks or the privacy guard stop the build."""
    root = config_file.parent
    config = read_config(config_file)
    extra = dict(config.get("extra") or {})
    pipeline.site_url_guard(env_value(config.get("site_url")), config_file)
    state = pipeline.prebuild(root, root / config.get("docs_dir", "docs"), config_file, extra,
                              root / (config.get("theme") or {}).get("custom_dir", "overrides"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    site_url = env_value(config.get("site_url")) or ""
    write_pages(state, out / "docs", pipeline.render_extra(state, extra, site_url, config.get("nav")))
    write_overrides(root / (config.get("theme") or {}).get("custom_dir", "overrides"), out / "overrides")
    staged = staged_config(config, out)
    (out / "mkdocs.yml").write_text(dump_config(staged), encoding="utf-8")
    return state, staged


def build(config_file: Path, site_dir: Path, strict: bool = True) -> int:
    """Stage, run zensical-i18n, then the post-build steps. Returns the exit code."""
    config_file, site_dir = config_file.resolve(), site_dir.resolve()
    out = config_file.parent / STAGE
    try:
        state, staged = stage(config_file, out)
    except pipeline.BuildFailed as failed:
        print(str(failed), file=sys.stderr)
        return 1
    if not ZENSICAL_I18N.exists():
        print("Zensical chưa được cài: chạy `make .venv-zensical/.installed` — Zensical is not installed",
              file=sys.stderr)
        return 1
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [str(ZENSICAL_I18N), "build", "-f", str(out / "mkdocs.yml"), *(["--strict"] if strict else [])]
    done = subprocess.run(command, cwd=out, env=env)
    if done.returncode:
        return done.returncode
    if site_dir.exists():
        shutil.rmtree(site_dir)
    shutil.move(out / "site", site_dir)
    i18n: dict[str, Any] = next((p["i18n"] for p in staged.get("plugins", []) if isinstance(p, dict) and "i18n" in p), {})
    langs = [lang["locale"] for lang in i18n.get("languages", []) if lang.get("build", True)]
    site_url = env_value(staged.get("site_url")) or ""
    pipeline.sanitise_pages(site_dir, state.generated)
    search_text(site_dir, state.generated)
    pipeline.write_feeds(state, site_dir, site_url, langs, str(staged.get("site_name") or ""))
    pipeline.short_links(site_dir, state.tree, staged.get("use_directory_urls", True))
    pipeline.published_urls(state.tree)
    pipeline.slim(site_dir, [*staged.get("extra_css", []), *staged.get("extra_javascript", [])])
    # the policy before the offline copy: the service worker lists the pages as served
    pipeline.content_security_policy(site_dir, (staged.get("extra") or {}).get("ack_form_url"))
    pipeline.offline_copy(state, site_dir, langs, languages.DEFAULT_LANGUAGE, str(staged.get("site_name") or ""),
                          str(staged.get("site_description") or ""))
    # zensical-i18n gives each language its own copy of the assets: the icons drawn for the
    # manifests go into every copy the pages link to
    for lang in langs:
        if lang != languages.DEFAULT_LANGUAGE and (site_dir / lang / "assets").is_dir():
            shutil.copytree(site_dir / "assets" / "pwa", site_dir / lang / "assets" / "pwa", dirs_exist_ok=True)
    try:
        pipeline.output_guard(state, site_dir)
    except pipeline.BuildFailed as failed:
        print(str(failed), file=sys.stderr)
        return 1
    return 0


def search_text(site_dir: Path, fragments: dict[str, str]) -> None:
    """Zensical indexed the pages with the tokens of the build's markup in them: its search
    index gets the markup's text instead (what it would have indexed)."""
    if not fragments:
        return
    import html as htmllib
    import json
    token = re.compile(r"hbgen[0-9a-f]{16}n\d+x")

    def text(m: re.Match) -> str:
        fragment = fragments.get(m.group(0))
        if fragment is None:
            return m.group(0)
        plain = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()
        return json.dumps(plain, ensure_ascii=False)[1:-1]
    for index in site_dir.rglob("search.json"):
        data = index.read_text(encoding="utf-8")
        done = token.sub(text, data)
        if done != data:
            index.write_text(done, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Build the handbook with Zensical (staged: build/zensical/ beside the config file)."""
    parser = argparse.ArgumentParser(prog="python -m scripts.build.zensical_stage", description=main.__doc__)
    parser.add_argument("-f", "--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument("-d", "--site-dir", type=Path, default=None, help="default: site-zensical/")
    parser.add_argument("--no-strict", action="store_true", help="do not abort on Zensical's warnings")
    args = parser.parse_args(argv)
    site_dir = args.site_dir or args.config_file.resolve().parent / "site-zensical"
    return build(args.config_file, site_dir, strict=not args.no_strict)


if __name__ == "__main__":
    sys.exit(main())
